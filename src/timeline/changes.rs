//! Changes between two dates: which places changed hands (or became
//! besieged, contested, or known at all) from one date to another, with the
//! evidence for the new state — "which communities changed hands this week?".

use super::{ControlMap, Evidence, PlaceControl, Status, Timeline};
use crate::claims::FactionId;
use crate::geoparse::Direction;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Who held a place (or a part of it) on one of the two dates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Holding {
    pub faction: FactionId,
    pub status: Status,
    /// Every side, for a contested place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contenders: Vec<FactionId>,
}

impl Holding {
    fn of(p: &PlaceControl) -> Holding {
        Holding {
            faction: p.faction.clone(),
            status: p.status,
            contenders: p.contenders.clone(),
        }
    }
}

/// One place whose state differs between the two dates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub place_id: String,
    pub name: String,
    /// The part of a split place ("west" Aleppo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Direction>,
    pub lon: f64,
    pub lat: f64,
    /// `None`: nothing was known of the place on the first date.
    pub before: Option<Holding>,
    /// `None`: the place is no longer on the map (a split place made whole again).
    pub after: Option<Holding>,
    /// Since when the new state holds.
    pub since: Option<NaiveDate>,
    /// The claims behind the new state, newest first (for a place that left
    /// the map, those behind the old one).
    pub evidence: Vec<Evidence>,
}

impl Change {
    /// A change of `p` (its state on one of the two dates) from `before` to `after`;
    /// `since` and the evidence are those of `p`.
    fn of(p: &PlaceControl, before: Option<Holding>, after: Option<Holding>) -> Change {
        Change {
            place_id: p.place_id.clone(),
            name: p.name.clone(),
            part: p.part,
            lon: p.lon,
            lat: p.lat,
            since: after.as_ref().and(p.since),
            before,
            after,
            evidence: p.evidence.clone(),
        }
    }
}

impl Timeline {
    /// The places whose state on `to` (latest when `None`) differs from their
    /// state on `from`, in the order of the later map's places.
    pub fn changes(&self, from: NaiveDate, to: Option<NaiveDate>) -> Vec<Change> {
        let before = self.state_at(Some(from));
        let after = self.state_at(to);
        diff(&before, &after)
    }
}

/// The differences between two control maps, in the order of `after`'s places
/// and then the places only `before` knows.
pub fn diff(before: &ControlMap, after: &ControlMap) -> Vec<Change> {
    let key = |p: &PlaceControl| (p.place_id.clone(), p.part);
    let old: BTreeMap<_, &PlaceControl> = before.places.iter().map(|p| (key(p), p)).collect();
    let mut out = Vec::new();
    for p in &after.places {
        let was = old.get(&key(p)).map(|o| Holding::of(o));
        let now = Holding::of(p);
        if was.as_ref() == Some(&now) {
            continue;
        }
        out.push(Change::of(p, was, Some(now)));
    }
    let new: BTreeMap<_, ()> = after.places.iter().map(|p| (key(p), ())).collect();
    for p in &before.places {
        if new.contains_key(&key(p)) {
            continue;
        }
        out.push(Change::of(p, Some(Holding::of(p)), None));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::claims::{Claim, Relation};
    use crate::timeline::{Status, Timeline};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn claim(place: &str, faction: &str, relation: Relation, date: &str) -> Claim {
        Claim {
            place_id: Some(place.into()),
            name: place.into(),
            lon: Some(37.0),
            lat: Some(36.0),
            faction: faction.into(),
            relation,
            date: Some(d(date)),
            confidence: 0.8,
            quote: format!("{faction} {} {place}", relation.as_str()).into(),
            source: Some("wire".into()),
            ..Claim::default()
        }
    }

    #[test]
    fn lists_places_that_changed_hands_or_became_known() {
        let tl = Timeline::new(vec![
            claim("A", "opposition", Relation::Holds, "2016-02-01"),
            claim("B", "government", Relation::Holds, "2016-02-01"),
            claim("A", "government", Relation::Captured, "2016-02-04"),
            claim("C", "sdf", Relation::Captured, "2016-02-05"),
        ]);
        let ch = tl.changes(d("2016-02-02"), Some(d("2016-02-06")));
        let got: Vec<_> = ch
            .iter()
            .map(|c| {
                (
                    c.place_id.as_str(),
                    c.before.as_ref().map(|h| h.faction.as_str()),
                    c.after.as_ref().map(|h| h.faction.as_str()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("A", Some("opposition"), Some("government")),
                ("C", None, Some("sdf"))
            ]
        );
        let a = &ch[0];
        assert_eq!(a.since, Some(d("2016-02-04")));
        assert_eq!(a.evidence[0].quote, "government captured A");
        // B did not change; nothing changes between a date and itself.
        assert!(tl
            .changes(d("2016-02-06"), Some(d("2016-02-06")))
            .is_empty());
        // Before anything was reported, everything known later is new.
        assert_eq!(tl.changes(d("2016-01-01"), None).len(), 3);
    }

    #[test]
    fn a_siege_is_a_change_of_status() {
        let tl = Timeline::new(vec![
            claim("A", "government", Relation::Holds, "2016-02-01"),
            Claim {
                counterpart: Some("opposition".into()),
                ..claim("A", "government", Relation::Besieged, "2016-02-03")
            },
        ]);
        let ch = tl.changes(d("2016-02-02"), None);
        assert_eq!(ch.len(), 1, "{ch:?}");
        assert_eq!(ch[0].before.as_ref().map(|h| h.status), Some(Status::Held));
        assert_eq!(
            ch[0].after.as_ref().map(|h| h.status),
            Some(Status::Besieged)
        );
    }
}
