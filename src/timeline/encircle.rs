//! Partial encirclements on a date: "X encircled Y from the west, south and
//! east" carried to the map as a partial siege of Y.
//!
//! Such a claim is about the ground around the place, so it is kept out of
//! the place's own history (it must not repaint a split city one colour).
//! Per (place, besieger), the encirclement stands from its first claim until
//! a later change event on the place (captured, lost, siege broken) ends it;
//! the latest claim gives the sides. The besieged side is the claim's
//! counterpart, else whoever the fused state says holds the place (one
//! faction besides the besieger), else unknown.

use super::{date_key, Evidence, Fact, PlaceControl};
use crate::claims::{FactionId, Relation};
use crate::gazetteer::PlaceId;
use crate::geoparse::Direction;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// At most this many evidence items are kept per encirclement.
const MAX_EVIDENCE: usize = 20;

/// One partial siege: the besieger holds the ground on `sides` of the place.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Encirclement {
    pub place_id: PlaceId,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    pub besieger: FactionId,
    /// Who holds the place, when the claims or the state say.
    pub besieged: Option<FactionId>,
    /// The sides named by the latest claim, in the order stated.
    pub sides: Vec<Direction>,
    pub since: Option<NaiveDate>,
    pub confidence: f32,
    /// Newest first.
    pub evidence: Vec<Evidence>,
}

/// Whether a claim is a partial encirclement (a `besieges` claim with sides).
pub(super) fn is_partial(c: &Fact) -> bool {
    c.relation == Relation::Besieges && !c.sides().is_empty() && c.place_id.is_some()
}

/// A change of hands (or of a siege) on a place.
fn is_event(r: Relation) -> bool {
    matches!(
        r,
        Relation::Captured | Relation::Lost | Relation::SiegeBroken
    )
}

/// Claims about the ground around places (partial rings, advances), grouped
/// by (place, faction), each group in date order with only the claims that no
/// later change event on the place has ended: a capture, a loss or a broken
/// siege stated after them (on a later day, or on the same day unless the
/// same report tells the event first: "rebels broke through …; troops have
/// since encircled it"). Groups with nothing left are dropped.
pub(super) fn standing_groups<'a>(
    claims: &[&'a Fact],
    others: &[&Fact],
) -> BTreeMap<(&'a str, &'a str), Vec<&'a Fact>> {
    let mut groups: BTreeMap<(&str, &str), Vec<&Fact>> = BTreeMap::new();
    for c in claims {
        let Some(pid) = c.place_id.as_deref() else {
            continue;
        };
        groups.entry((pid, &*c.faction)).or_default().push(c);
    }
    groups.retain(|(pid, _), group| {
        group.sort_by_key(|c| date_key(c));
        let events: Vec<&Fact> = others
            .iter()
            .copied()
            .filter(|c| c.place_id.as_deref() == Some(*pid) && !c.around && is_event(c.relation))
            .collect();
        let ends = |e: &Fact, c: &Fact| {
            let same_report = e.report_id == c.report_id && e.source == c.source;
            date_key(e) > date_key(c)
                || (date_key(e) == date_key(c) && !(same_report && e.start < c.start))
        };
        group.retain(|c| !events.iter().any(|e| ends(e, c)));
        !group.is_empty()
    });
    groups
}

/// The encirclements standing on the map date. `partial` are the visible
/// partial-encirclement claims, `others` every other visible claim (for the
/// events that end them), `places` the fused state (for the besieged side).
pub(super) fn standing(
    partial: &[&Fact],
    others: &[&Fact],
    places: &[PlaceControl],
) -> Vec<Encirclement> {
    let mut out = Vec::new();
    for ((pid, besieger), live) in standing_groups(partial, others) {
        let Some(latest) = live.last() else { continue };
        let besieged = live
            .iter()
            .rev()
            .find_map(|c| c.counterpart.as_deref().map(str::to_string))
            .or_else(|| holder(pid, besieger, places));
        let mut evidence: Vec<Evidence> = live.iter().rev().map(|c| Evidence::of(c)).collect();
        evidence.truncate(MAX_EVIDENCE);
        out.push(Encirclement {
            place_id: pid.to_string(),
            name: latest.name.to_string(),
            lon: latest.lon.unwrap_or(f64::NAN),
            lat: latest.lat.unwrap_or(f64::NAN),
            besieger: besieger.to_string(),
            besieged,
            sides: latest.sides().to_vec(),
            since: live.iter().find_map(|c| c.date),
            confidence: live.iter().map(|c| c.confidence).fold(0.0, f32::max),
            evidence,
        });
    }
    out
}

/// The one faction other than `besieger` that holds the place (or a part of
/// it) in the fused state.
fn holder(pid: &str, besieger: &str, places: &[PlaceControl]) -> Option<FactionId> {
    let mut hs: Vec<&str> = places
        .iter()
        .filter(|p| p.place_id == pid && p.faction != besieger)
        .map(|p| p.faction.as_str())
        .collect();
    hs.sort_unstable();
    hs.dedup();
    match hs[..] {
        [h] => Some(h.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::claims::{Claim, Relation};
    use crate::geoparse::Direction::{self, *};
    use crate::timeline::{Status, Timeline};
    use chrono::NaiveDate;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn holds(part: Option<Direction>, faction: &str, date: &str) -> Claim {
        Claim {
            place_id: Some("city".into()),
            name: "City".into(),
            lon: Some(37.0),
            lat: Some(36.0),
            part,
            faction: faction.into(),
            relation: Relation::Holds,
            date: d(date),
            confidence: 0.8,
            quote: format!("{faction} hold the city").into(),
            source: Some("wire".into()),
            ..Claim::default()
        }
    }

    fn ring(sides: &[Direction], counterpart: Option<&str>, date: &str) -> Claim {
        Claim {
            relation: Relation::Besieges,
            faction: "government".into(),
            counterpart: counterpart.map(Into::into),
            sides: sides.to_vec(),
            around: true,
            part: None,
            quote: "troops ringed the city".into(),
            ..holds(None, "government", date)
        }
    }

    #[test]
    fn a_partial_ring_leaves_a_split_city_split() {
        let tl = Timeline::new(vec![
            holds(Some(West), "government", "2016-02-01"),
            holds(Some(East), "opposition", "2016-02-01"),
            ring(&[West, South, East], Some("opposition"), "2016-02-03"),
        ]);
        let m = tl.state_at(d("2016-02-03"));
        let mut parts: Vec<_> = m
            .places
            .iter()
            .map(|p| (p.part, p.faction.as_str(), p.status))
            .collect();
        parts.sort_by_key(|p| p.0);
        assert_eq!(
            parts,
            vec![
                (Some(East), "opposition", Status::Held),
                (Some(West), "government", Status::Held)
            ]
        );
        assert_eq!(m.encirclements.len(), 1);
        let e = &m.encirclements[0];
        assert_eq!(
            (e.besieger.as_str(), e.besieged.as_deref(), e.since),
            ("government", Some("opposition"), d("2016-02-03"))
        );
        assert_eq!(e.sides, vec![West, South, East]);
        assert_eq!(e.evidence[0].quote, "troops ringed the city");
        // Not yet on the day before; the ring's day is a change date.
        assert!(tl.state_at(d("2016-02-02")).encirclements.is_empty());
        assert!(tl.change_dates().contains(&d("2016-02-03").unwrap()));
    }

    #[test]
    fn the_besieged_side_comes_from_the_state_when_the_claim_does_not_say() {
        let m = Timeline::new(vec![
            holds(Some(West), "government", "2016-02-01"),
            holds(Some(East), "opposition", "2016-02-01"),
            ring(&[South], None, "2016-02-03"),
        ])
        .state_at(None);
        assert_eq!(m.encirclements[0].besieged.as_deref(), Some("opposition"));
        // Nobody known to hold the place: unknown.
        let m = Timeline::new(vec![ring(&[South], None, "2016-02-03")]).state_at(None);
        assert_eq!(m.encirclements[0].besieged, None);
        assert!(m.places.is_empty());
    }

    #[test]
    fn within_one_report_the_order_of_sentences_decides() {
        let mut broke = holds(None, "opposition", "2016-02-03");
        broke.relation = Relation::SiegeBroken;
        broke.start = 0;
        let mut later_ring = ring(&[South], Some("opposition"), "2016-02-03");
        later_ring.start = 100;
        let m = Timeline::new(vec![broke.clone(), later_ring.clone()]).state_at(None);
        assert_eq!(
            m.encirclements.len(),
            1,
            "the ring told after the breakout stands"
        );
        broke.start = 200;
        let m = Timeline::new(vec![later_ring, broke]).state_at(None);
        assert!(m.encirclements.is_empty(), "the breakout told last ends it");
    }

    #[test]
    fn a_later_event_ends_the_ring_and_the_latest_claim_gives_the_sides() {
        let mut broken = holds(None, "opposition", "2016-02-10");
        broken.relation = Relation::SiegeBroken;
        let tl = Timeline::new(vec![
            ring(&[South], Some("opposition"), "2016-02-03"),
            ring(&[South, East], Some("opposition"), "2016-02-05"),
            broken,
        ]);
        let m = tl.state_at(d("2016-02-06"));
        assert_eq!(m.encirclements[0].sides, vec![South, East]);
        assert_eq!(m.encirclements[0].since, d("2016-02-03"));
        assert_eq!(m.encirclements[0].evidence.len(), 2);
        assert!(tl.state_at(d("2016-02-10")).encirclements.is_empty());
    }
}
