//! Advances on a date: "X advanced on Y from the north" carried to the map
//! as an arrow towards Y from that side.
//!
//! An advance says where a faction's forces are coming from, not who holds
//! the place, so like a partial encirclement it stays out of the place's own
//! history. Per (place, faction), the advance stands from its first claim
//! until a later change event on the place (captured, lost, siege broken)
//! ends it; its sides are those of the claims still standing. Where the same
//! faction also rings the place (a partial siege on the same date), the ring
//! already shows its sides: arrows are drawn for the other sides only
//! ("surrounded Aleppo on the west, south and east … began pushing in from
//! the north": a band on three sides and an arrow from the north).

use super::encircle::standing_groups;
use super::{Encirclement, Evidence, Fact};
use crate::claims::{FactionId, Relation};
use crate::gazetteer::PlaceId;
use crate::geoparse::Direction;
use chrono::NaiveDate;
use serde::Serialize;

/// At most this many evidence items are kept per advance.
const MAX_EVIDENCE: usize = 20;

/// One faction's advance on a place from one or more sides.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Advance {
    pub place_id: PlaceId,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    pub faction: FactionId,
    /// The sides it comes from, each once, in the order first stated.
    pub sides: Vec<Direction>,
    pub since: Option<NaiveDate>,
    pub confidence: f32,
    /// Newest first.
    pub evidence: Vec<Evidence>,
}

/// Whether a claim is an advance from a side ("advanced from the north"):
/// a `holds` claim about the ground on one side of the place.
pub(super) fn is_advance(c: &Fact) -> bool {
    c.around && c.relation == Relation::Holds && c.part.is_some() && c.place_id.is_some()
}

/// The advances standing on the map date. `advances` are the visible
/// advance claims, `others` every other visible place claim (for the events
/// that end them), `rings` the partial sieges standing on that date.
pub(super) fn standing(
    advances: &[&Fact],
    others: &[&Fact],
    rings: &[Encirclement],
) -> Vec<Advance> {
    let mut out = Vec::new();
    for ((pid, faction), live) in standing_groups(advances, others) {
        // Sides the same faction's ring already shows are drawn as the ring.
        let ringed: Vec<Direction> = rings
            .iter()
            .filter(|r| r.place_id == pid && r.besieger == faction)
            .flat_map(|r| r.sides.iter().copied())
            .collect();
        let Some(latest) = live.last() else { continue };
        let mut sides: Vec<Direction> = Vec::new();
        for d in live.iter().filter_map(|c| c.part) {
            if !sides.contains(&d) && !ringed.contains(&d) {
                sides.push(d);
            }
        }
        if sides.is_empty() {
            continue;
        }
        let mut evidence: Vec<Evidence> = live.iter().rev().map(|c| Evidence::of(c)).collect();
        evidence.dedup_by(|a, b| a.quote == b.quote && a.report_id == b.report_id);
        evidence.truncate(MAX_EVIDENCE);
        out.push(Advance {
            place_id: pid.to_string(),
            name: latest.name.to_string(),
            lon: latest.lon.unwrap_or(f64::NAN),
            lat: latest.lat.unwrap_or(f64::NAN),
            faction: faction.to_string(),
            sides,
            since: live.iter().find_map(|c| c.date),
            confidence: live.iter().map(|c| c.confidence).fold(0.0, f32::max),
            evidence,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::claims::{Claim, Relation};
    use crate::geoparse::Direction::{self, *};
    use crate::timeline::Timeline;
    use chrono::NaiveDate;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn claim(faction: &str, relation: Relation, date: &str) -> Claim {
        Claim {
            place_id: Some("town".into()),
            name: "Town".into(),
            lon: Some(37.0),
            lat: Some(36.4),
            faction: faction.into(),
            relation,
            date: d(date),
            confidence: 0.8,
            quote: format!("{faction} {} the town on {date}", relation.as_str()).into(),
            source: Some("wire".into()),
            ..Claim::default()
        }
    }

    fn advance(side: Direction, date: &str) -> Claim {
        Claim {
            part: Some(side),
            around: true,
            quote: format!("troops advanced on the town from the {}", side.as_str()).into(),
            ..claim("government", Relation::Holds, date)
        }
    }

    #[test]
    fn an_advance_stands_until_the_place_changes_hands() {
        let tl = Timeline::new(vec![
            claim("opposition", Relation::Holds, "2016-02-01"),
            advance(North, "2016-02-03"),
            advance(East, "2016-02-04"),
            claim("government", Relation::Captured, "2016-02-06"),
        ]);
        // Not before it is reported.
        assert!(tl.state_at(d("2016-02-02")).advances.is_empty());
        let m = tl.state_at(d("2016-02-05"));
        assert_eq!(m.advances.len(), 1);
        let a = &m.advances[0];
        assert_eq!(
            (a.faction.as_str(), a.sides.clone(), a.since),
            ("government", vec![North, East], d("2016-02-03"))
        );
        assert!(a.evidence[0].quote.contains("east"), "newest first");
        // The advance does not vote on who holds the town.
        assert_eq!(
            m.place("town").map(|p| p.faction.as_str()),
            Some("opposition")
        );
        // The capture ends it.
        let m = tl.state_at(d("2016-02-06"));
        assert!(m.advances.is_empty());
        assert_eq!(
            m.place("town").map(|p| p.faction.as_str()),
            Some("government")
        );
        assert!(tl.change_dates().contains(&d("2016-02-03").unwrap()));
    }

    #[test]
    fn a_ring_by_the_same_faction_shows_its_sides_instead() {
        let ring = Claim {
            relation: Relation::Besieges,
            sides: vec![North, West],
            around: true,
            quote: "troops encircled the town from the north and west".into(),
            ..claim("government", Relation::Besieges, "2016-02-03")
        };
        let tl = Timeline::new(vec![
            advance(North, "2016-02-03"),
            advance(West, "2016-02-03"),
            ring.clone(),
        ]);
        let m = tl.state_at(None);
        assert_eq!(m.encirclements.len(), 1);
        assert!(m.advances.is_empty(), "{:?}", m.advances);
        // A side the ring does not name keeps its arrow.
        let tl = Timeline::new(vec![advance(South, "2016-02-03"), ring]);
        let m = tl.state_at(None);
        assert_eq!(m.advances.len(), 1);
        assert_eq!(m.advances[0].sides, vec![South]);
    }
}
