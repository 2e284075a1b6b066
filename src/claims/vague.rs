//! Vague references: control statements about places a report does not name
//! ("two government-held villages" under a rebel siege, near Aleppo).
//!
//! Extraction keeps such a statement as a [`Claim`] without a place but with a
//! [`VagueRef`]: how many places, held by whom, under what constraint, near
//! which places the report names. [`resolve`] then looks for them in what is
//! already known (the control state before the report): it names them only
//! when the count and the constraints single them out, at lower confidence,
//! and otherwise leaves the claim unresolved for the analyst to see.

use super::{Claim, FactionId};
use crate::gazetteer::{haversine_km, Gazetteer, PlaceId, PlaceKind};
use crate::timeline::{ControlMap, Status};
use serde::{Deserialize, Serialize};

/// What a vague phrase says about the places it stands for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct VagueRef {
    /// How many places ("two villages" → 2); `None` for a bare plural.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// The kind named ("villages" → village).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlaceKind>,
    /// Who holds them, when said ("government-held").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<FactionId>,
    /// They are (or were, until the report) besieged.
    #[serde(default)]
    pub besieged: bool,
    /// By whom, when said ("a rebel siege").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub besieger: Option<FactionId>,
    /// Places the same report names, which the referents should be near.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<PlaceId>,
}

/// How far from the nearest anchor a referent may lie, in km.
const NEAR_KM: f64 = 60.0;
/// Confidence kept when a vague reference is resolved from the state.
const RESOLVED_FACTOR: f32 = 0.7;

/// Resolves the vague claims in `claims` against `state` (the control map as of
/// the report's date, before its own claims); other claims pass through.
pub fn resolve(claims: Vec<Claim>, state: &ControlMap, gazetteer: &Gazetteer) -> Vec<Claim> {
    let mut out = Vec::with_capacity(claims.len());
    for c in claims {
        let v = match (&c.place_id, &c.vague) {
            (None, Some(v)) => v.clone(),
            _ => {
                out.push(c);
                continue;
            }
        };
        let found = candidates(&c, &v, state, gazetteer);
        let wanted = v.count.map(|n| n as usize);
        match wanted {
            Some(n) if n > 0 && found.len() == n => {
                for pid in found {
                    let Some(p) = gazetteer.get(&pid) else {
                        continue;
                    };
                    out.push(Claim {
                        place_id: Some(pid.clone()),
                        name: p.name.clone(),
                        lon: Some(p.point.x()),
                        lat: Some(p.point.y()),
                        confidence: c.confidence * RESOLVED_FACTOR,
                        ..c.clone()
                    });
                }
            }
            _ => {
                tracing::debug!(phrase = %c.name, candidates = found.len(), "vague reference left unresolved");
                out.push(c);
            }
        }
    }
    out
}

/// The places of `state` that fit every constraint of `v`, deduplicated.
fn candidates(c: &Claim, v: &VagueRef, state: &ControlMap, gazetteer: &Gazetteer) -> Vec<PlaceId> {
    let anchors: Vec<_> = v
        .anchors
        .iter()
        .filter_map(|a| gazetteer.get(a))
        .map(|p| p.point)
        .collect();
    if anchors.is_empty() {
        return Vec::new();
    }
    let holder = v.holder.as_ref().or(match c.relation {
        // A broken siege or a besieged place is held by the claim's faction.
        super::Relation::SiegeBroken | super::Relation::Besieged => Some(&c.faction),
        _ => None,
    });
    let mut out: Vec<PlaceId> = Vec::new();
    for pc in &state.places {
        if pc.part.is_some() || out.contains(&pc.place_id) {
            continue;
        }
        if let Some(h) = holder {
            if &pc.faction != h {
                continue;
            }
        }
        if v.besieged {
            if pc.status != Status::Besieged {
                continue;
            }
            if let (Some(want), Some(got)) = (&v.besieger, &pc.besieger) {
                if want != got {
                    continue;
                }
            }
        }
        let Some(place) = gazetteer.get(&pc.place_id) else {
            continue;
        };
        if !kind_fits(v.kind, place.kind) {
            continue;
        }
        if v.anchors.contains(&pc.place_id) {
            continue;
        }
        let near = anchors
            .iter()
            .any(|a| haversine_km(*a, place.point) <= NEAR_KM);
        if near {
            out.push(pc.place_id.clone());
        }
    }
    out
}

/// Reporting calls small towns villages and large villages towns: accept
/// either for the other, but never a city for a village.
fn kind_fits(said: Option<PlaceKind>, is: PlaceKind) -> bool {
    use PlaceKind::*;
    match said {
        None => is.is_holdable(),
        Some(Village) | Some(Town) => matches!(is, Village | Town),
        Some(City) => matches!(is, City | Town),
        Some(k) => k == is,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::extract::testkit::{claims, gazetteer};
    use crate::claims::Relation;
    use crate::timeline::Timeline;

    fn known(place: &str, faction: &str, relation: Relation, counterpart: Option<&str>) -> Claim {
        let g = gazetteer();
        let p = g.get(place).unwrap();
        Claim {
            place_id: Some(place.into()),
            name: p.name.clone(),
            lon: Some(p.point.x()),
            lat: Some(p.point.y()),
            faction: faction.into(),
            relation,
            counterpart: counterpart.map(Into::into),
            date: crate::report::parse_date("2016-01-01"),
            confidence: 0.9,
            quote: "baseline".into(),
            source: Some("baseline".into()),
            ..Claim::default()
        }
    }

    const REPORT: &str = "The army broke a three-year rebel siege of two government-held villages near Aleppo on Wednesday.";

    #[test]
    fn resolves_when_the_state_singles_them_out() {
        let state = Timeline::new(vec![
            known(
                "t:nubl",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
            known(
                "t:zahraa",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
            known("t:kafrlaha", "government", Relation::Holds, None),
            known("t:azaz", "opposition", Relation::Holds, None),
        ])
        .state_at(None);
        let cs = claims(REPORT);
        assert_eq!(
            cs.iter().filter(|c| c.place_id.is_none()).count(),
            1,
            "{cs:?}"
        );
        let before = cs[0].confidence;
        let out = resolve(cs, &state, &gazetteer());
        let mut ids: Vec<_> = out.iter().filter_map(|c| c.place_id.as_deref()).collect();
        ids.sort();
        assert_eq!(ids, vec!["t:nubl", "t:zahraa"]);
        assert!(out
            .iter()
            .all(|c| c.relation == Relation::SiegeBroken && c.faction == "government"));
        assert!(out.iter().all(|c| c.confidence < before));
    }

    #[test]
    fn stays_unresolved_when_ambiguous_or_unknown() {
        let three = Timeline::new(vec![
            known(
                "t:nubl",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
            known(
                "t:zahraa",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
            known(
                "t:beitsalim",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
        ])
        .state_at(None);
        let out = resolve(claims(REPORT), &three, &gazetteer());
        assert_eq!(out.len(), 1);
        assert!(out[0].place_id.is_none() && out[0].vague.is_some());
        let empty = Timeline::new(Vec::new()).state_at(None);
        let out = resolve(claims(REPORT), &empty, &gazetteer());
        assert!(out[0].place_id.is_none());
    }

    #[test]
    fn far_away_places_do_not_count() {
        // Besieged and government-held, but nowhere near the report's places.
        let state = Timeline::new(vec![
            known(
                "t:raqqa",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
            known(
                "t:nubl",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
            known(
                "t:zahraa",
                "government",
                Relation::Besieged,
                Some("opposition"),
            ),
        ])
        .state_at(None);
        let out = resolve(claims(REPORT), &state, &gazetteer());
        assert_eq!(out.iter().filter(|c| c.place_id.is_some()).count(), 2);
    }
}
