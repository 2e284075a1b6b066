//! Advance arrows: "X advanced on Y from the north" drawn as a line from the
//! north towards Y, in X's colour.
//!
//! One arrow per side, on the side's compass bearing from the place: it
//! starts [`FROM`] reaches out and stops at [`TO`] reaches, just outside the
//! place's own zone, so it points at the place without covering it. The
//! line runs towards the place (the last vertex is the head); lengths are
//! worked in km in a local projection around the place, like the
//! tessellation.

use super::{centre_and_reach, Proj};
use crate::claims::FactionId;
use crate::gazetteer::Gazetteer;
use crate::geoparse::Direction;
use crate::timeline::{ControlMap, Evidence};
use chrono::NaiveDate;
use geo::{Coord, LineString};

/// Where the arrow starts, in multiples of the place's reach.
const FROM: f64 = 3.0;
/// Where its head stops, in multiples of the place's reach.
const TO: f64 = 1.2;

/// An advance arrow ready for export.
#[derive(Debug, Clone)]
pub struct AdvanceArrow {
    pub place_id: String,
    pub name: String,
    pub faction: FactionId,
    pub side: Direction,
    /// From the side towards the place.
    pub line: LineString<f64>,
    pub since: Option<NaiveDate>,
    pub evidence: Vec<Evidence>,
}

/// The arrows of a control map's advances.
pub(super) fn arrows(map: &ControlMap, gazetteer: &Gazetteer) -> Vec<AdvanceArrow> {
    let mut out = Vec::new();
    for a in &map.advances {
        let Some((lon, lat, reach)) = centre_and_reach(gazetteer, &a.place_id, a.lon, a.lat) else {
            continue;
        };
        let proj = Proj::new(lon, lat);
        for &side in &a.sides {
            let (x, y) = side.vector();
            let at = |k: f64| {
                proj.inv(Coord {
                    x: x * reach * k,
                    y: y * reach * k,
                })
            };
            out.push(AdvanceArrow {
                place_id: a.place_id.clone(),
                name: a.name.clone(),
                faction: a.faction.clone(),
                side,
                line: LineString::new(vec![at(FROM), at(TO)]),
                since: a.since,
                evidence: a.evidence.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::Direction::*;
    use crate::timeline::Advance;
    use crate::zones::reach_km;

    #[test]
    fn an_arrow_comes_from_its_side_and_stops_short_of_the_place() {
        let map = ControlMap {
            advances: vec![Advance {
                place_id: "nowhere".into(),
                name: "Town".into(),
                lon: 37.0,
                lat: 36.0,
                faction: "government".into(),
                sides: vec![North, East],
                since: None,
                confidence: 0.5,
                evidence: Vec::new(),
            }],
            ..ControlMap::default()
        };
        let g = crate::claims::extract::testkit::gazetteer();
        let a = arrows(&map, &g);
        assert_eq!(a.len(), 2);
        let (n, e) = (&a[0].line.0, &a[1].line.0);
        // North: same longitude, north of the town, heading south to it.
        assert!((n[0].x - 37.0).abs() < 1e-9 && (n[1].x - 37.0).abs() < 1e-9);
        assert!(n[0].y > n[1].y && n[1].y > 36.0);
        // East: same latitude, heading west.
        assert!((e[0].y - 36.0).abs() < 1e-9 && e[0].x > e[1].x && e[1].x > 37.0);
        // The head stops outside the town's own reach (a village's 3.5 km).
        let km = (n[1].y - 36.0) * 110.574;
        assert!(km > reach_km(None) && km < FROM * reach_km(None), "{km}");
    }
}
