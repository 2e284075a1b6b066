//! The timeline: per place, the ordered history of claims; for any date, the
//! [`ControlMap`] of who holds what, each state with the evidence behind it.
//!
//! Fusion rule: the best-supported claim at or before the date wins — newer
//! beats older, more independent sources beat one, confidence counts; recent
//! claims that disagree make the place contested.

use crate::claims::{Claim, FactionId};
use crate::gazetteer::PlaceId;
use crate::geoparse::Direction;
use chrono::NaiveDate;
use serde::Serialize;

/// Where one coloured place's state comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    pub report_id: Option<String>,
    pub quote: String,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
}

/// How a place is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Held,
    Besieged,
    Contested,
}

/// The state of one place (or one part of a split place) on a date.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceControl {
    pub place_id: PlaceId,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// Set for a part of a split place ("west" of Aleppo).
    pub part: Option<Direction>,
    /// Holder; for contested places, the faction with the strongest claim.
    pub faction: FactionId,
    pub status: Status,
    /// For contested places, every side.
    pub contenders: Vec<FactionId>,
    /// For besieged places, the besieger.
    pub besieger: Option<FactionId>,
    pub since: Option<NaiveDate>,
    pub confidence: f32,
    pub evidence: Vec<Evidence>,
}

/// A route between two places and whether it is cut.
#[derive(Debug, Clone, Serialize)]
pub struct RouteState {
    pub from: PlaceId,
    pub to: PlaceId,
    /// The faction whose route it is (the rebels' supply line).
    pub faction: FactionId,
    /// The faction that cut it, when it is cut.
    pub cut_by: Option<FactionId>,
    pub cut: bool,
    pub since: Option<NaiveDate>,
    pub evidence: Vec<Evidence>,
}

/// Who holds what on one date.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ControlMap {
    pub as_of: Option<NaiveDate>,
    pub places: Vec<PlaceControl>,
    pub routes: Vec<RouteState>,
}

/// All claims, ordered by place and date.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    claims: Vec<Claim>,
}

impl Timeline {
    pub fn new(claims: Vec<Claim>) -> Timeline {
        Timeline { claims }
    }

    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// Dates on which some place's state changed, ascending.
    pub fn change_dates(&self) -> Vec<NaiveDate> {
        let mut d: Vec<NaiveDate> = self.claims.iter().filter_map(|c| c.date).collect();
        d.sort();
        d.dedup();
        d
    }

    /// The state as of `date` (latest when `None`).
    pub fn state_at(&self, date: Option<NaiveDate>) -> ControlMap {
        ControlMap {
            as_of: date,
            places: Vec::new(),
            routes: Vec::new(),
        }
    }
}
