//! Applying corrections to the stored claims before the timeline fuses them.

use super::{
    claim_id, Action, ClaimRef, Correction, ManualClaim, MANUAL_SOURCE, REVIEWED_CONFIDENCE,
};
use crate::claims::{Claim, ClaimReview, Relation};
use crate::gazetteer::Gazetteer;
use std::collections::{HashMap, HashSet};

/// The claims after review.
#[derive(Debug, Clone, Default)]
pub struct Reviewed {
    /// What the timeline fuses: every claim not rejected, corrected ones
    /// changed and marked (`Claim::review`), manual ones added.
    pub claims: Vec<Claim>,
    /// Rejected claims, marked with the rejecting correction: listed, not drawn.
    pub rejected: Vec<Claim>,
    /// Corrections in force whose target no claim matches any more (a
    /// re-analysis no longer reads it, its report is gone).
    pub unmatched: Vec<Correction>,
    /// Ids of corrections taken back by a later undo.
    pub undone: HashSet<i64>,
}

/// What the corrections did to one claim.
#[derive(Default)]
struct Mark {
    rejected: bool,
    confirmed: bool,
    place: Option<String>,
    faction: Option<String>,
    relation: Option<Relation>,
    /// The latest correction touching the claim, and what it did.
    last: Option<(usize, &'static str)>,
}

/// A manual claim as the timeline sees it: cited as `correction:<id>`.
pub(super) fn manual_claim(id: i64, m: &ManualClaim, gazetteer: &Gazetteer) -> Claim {
    let place = gazetteer.get(&m.place_id);
    Claim {
        place_id: Some(m.place_id.clone()),
        name: place.map_or_else(|| m.place_id.clone(), |p| p.name.clone()),
        lon: place.map(|p| p.point.x()),
        lat: place.map(|p| p.point.y()),
        faction: m.faction.clone(),
        relation: m.relation,
        date: Some(m.date),
        confidence: REVIEWED_CONFIDENCE,
        quote: m.quote.as_str().into(),
        end: m.quote.len(),
        report_id: Some(format!("correction:{id}")),
        source: Some(if m.source.is_empty() {
            MANUAL_SOURCE.to_string()
        } else {
            m.source.clone()
        }),
        ..Claim::default()
    }
}

/// The corrections an undo has not taken back: newest first, an undo that
/// stands cancels its target (so undoing an undo reinstates the first).
fn undone(corrections: &[Correction]) -> HashSet<i64> {
    let mut cancelled = HashSet::new();
    for c in corrections.iter().rev() {
        if cancelled.contains(&c.id) {
            continue;
        }
        if let Action::Undo { correction } = c.action {
            cancelled.insert(correction);
        }
    }
    cancelled
}

/// Claims by id, and by (report, place, quote) for claims whose id changed
/// when a re-analysis read them again.
struct Index {
    by_id: HashMap<String, Vec<usize>>,
    by_content: HashMap<(Option<String>, Option<String>, String), Vec<usize>>,
}

impl Index {
    fn new() -> Index {
        Index {
            by_id: HashMap::new(),
            by_content: HashMap::new(),
        }
    }

    fn add(&mut self, i: usize, c: &Claim) {
        self.by_id.entry(claim_id(c)).or_default().push(i);
        self.by_content
            .entry((c.report_id.clone(), c.place_id.clone(), c.quote.to_string()))
            .or_default()
            .push(i);
    }

    /// The claims a reference means: the same id, else the claims of the
    /// same report on the same place with the same quote (those with the same
    /// side and relation when there are such).
    fn find(&self, r: &ClaimRef, claims: &[Claim]) -> Vec<usize> {
        if let Some(v) = self.by_id.get(&r.claim_id) {
            return v.clone();
        }
        let key = (r.report_id.clone(), r.place_id.clone(), r.quote.clone());
        let Some(same) = self.by_content.get(&key) else {
            return Vec::new();
        };
        let exact: Vec<usize> = same
            .iter()
            .copied()
            .filter(|&i| claims[i].faction == r.faction && claims[i].relation == r.relation)
            .collect();
        if exact.is_empty() {
            same.clone()
        } else {
            exact
        }
    }
}

/// Applies every correction in force, oldest first (a later one on the same
/// claim wins), to the stored claims. Claims no correction touches pass
/// through unchanged, in their order; manual claims come after them.
pub fn apply(claims: Vec<Claim>, corrections: &[Correction], gazetteer: &Gazetteer) -> Reviewed {
    let undone = undone(corrections);
    if corrections.is_empty() {
        return Reviewed {
            claims,
            ..Reviewed::default()
        };
    }
    let mut claims = claims;
    let mut index = Index::new();
    for (i, c) in claims.iter().enumerate() {
        index.add(i, c);
    }
    let mut marks: HashMap<usize, Mark> = HashMap::new();
    let mut unmatched = Vec::new();
    for (k, corr) in corrections.iter().enumerate() {
        if undone.contains(&corr.id) {
            continue;
        }
        let targets = match &corr.action {
            Action::Undo { .. } => continue,
            Action::Add { claim } => {
                let i = claims.len();
                claims.push(manual_claim(corr.id, claim, gazetteer));
                index.add(i, &claims[i]);
                marks.entry(i).or_default().last = Some((k, "added"));
                continue;
            }
            Action::Reject { claim }
            | Action::Confirm { claim }
            | Action::Move { claim, .. }
            | Action::Change { claim, .. } => index.find(claim, &claims),
            Action::MoveMention { mention, .. } => claims
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.report_id.as_deref() == Some(mention.report_id.as_str())
                        && c.place_id == mention.place_id
                        && c.start <= mention.start
                        && mention.end <= c.end
                })
                .map(|(i, _)| i)
                .collect(),
        };
        if targets.is_empty() {
            unmatched.push(corr.clone());
            continue;
        }
        for i in targets {
            let m = marks.entry(i).or_default();
            let did = match &corr.action {
                Action::Reject { .. } => {
                    m.rejected = true;
                    m.confirmed = false;
                    "rejected"
                }
                Action::Confirm { .. } => {
                    m.rejected = false;
                    m.confirmed = true;
                    "confirmed"
                }
                Action::Move { place_id, .. } | Action::MoveMention { place_id, .. } => {
                    m.rejected = false;
                    m.place = Some(place_id.clone());
                    "moved"
                }
                Action::Change {
                    faction, relation, ..
                } => {
                    m.rejected = false;
                    if faction.is_some() {
                        m.faction = faction.clone();
                    }
                    if relation.is_some() {
                        m.relation = *relation;
                    }
                    "changed"
                }
                Action::Add { .. } | Action::Undo { .. } => unreachable!("handled above"),
            };
            m.last = Some((k, did));
        }
    }

    let mut kept = Vec::with_capacity(claims.len());
    let mut rejected = Vec::new();
    for (i, mut c) in claims.into_iter().enumerate() {
        let Some(m) = marks.remove(&i) else {
            kept.push(c);
            continue;
        };
        let Some((k, did)) = m.last else {
            kept.push(c);
            continue;
        };
        let corr = &corrections[k];
        let note = ClaimReview {
            claim_id: claim_id(&c),
            action: did.to_string(),
            corrected_by: corr.author.clone(),
            correction_reason: corr.reason.clone(),
            correction: corr.id,
        };
        if let Some(pid) = &m.place {
            if let Some(p) = gazetteer.get(pid) {
                c.name = p.name.clone();
                c.lon = Some(p.point.x());
                c.lat = Some(p.point.y());
            }
            c.place_id = Some(pid.clone());
            c.part = None;
        }
        if let Some(f) = &m.faction {
            c.faction = f.clone();
        }
        if let Some(r) = m.relation {
            c.relation = r;
        }
        c.review = Some(note);
        if m.rejected {
            rejected.push(c);
            continue;
        }
        // An analyst vouched for it (confirmed, corrected or added).
        if m.confirmed || m.place.is_some() || m.faction.is_some() || m.relation.is_some() {
            c.confidence = c.confidence.max(REVIEWED_CONFIDENCE);
        }
        kept.push(c);
    }
    Reviewed {
        claims: kept,
        rejected,
        unmatched,
        undone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::bundled().unwrap()
    }

    fn claim(report: &str, place: &str, faction: &str, quote: &str) -> Claim {
        Claim {
            place_id: Some(place.into()),
            name: place.into(),
            faction: faction.into(),
            relation: Relation::Captured,
            confidence: 0.6,
            quote: quote.into(),
            end: quote.len(),
            report_id: Some(report.into()),
            date: crate::report::parse_date("2016-02-03"),
            ..Claim::default()
        }
    }

    fn correction(id: i64, action: Action) -> Correction {
        Correction {
            id,
            author: "ana".into(),
            at: "2016-02-04T10:00:00Z".into(),
            reason: format!("reason {id}"),
            action,
        }
    }

    #[test]
    fn reject_confirm_change_and_undo() {
        let g = gaz();
        let a = claim("1", "p:a", "government", "Troops took A.");
        let b = claim("1", "p:b", "government", "Rebels said they hold B.");
        let c = claim("2", "p:c", "sdf", "The SDF entered C.");
        let corrections = vec![
            correction(
                1,
                Action::Reject {
                    claim: ClaimRef::of(&a),
                },
            ),
            correction(
                2,
                Action::Confirm {
                    claim: ClaimRef::of(&c),
                },
            ),
            correction(
                3,
                Action::Change {
                    claim: ClaimRef::of(&b),
                    faction: Some("opposition".into()),
                    relation: Some(Relation::Holds),
                },
            ),
            correction(4, Action::Undo { correction: 2 }),
        ];
        let r = apply(vec![a.clone(), b.clone(), c.clone()], &corrections, &g);
        assert_eq!(r.rejected.len(), 1);
        assert_eq!(r.rejected[0].place_id.as_deref(), Some("p:a"));
        assert_eq!(r.rejected[0].review.as_ref().unwrap().action, "rejected");
        assert_eq!(r.claims.len(), 2);
        let b2 = r.claims.iter().find(|x| x.name == "p:b").unwrap();
        assert_eq!(b2.faction, "opposition");
        assert_eq!(b2.relation, Relation::Holds);
        assert!(b2.confidence >= REVIEWED_CONFIDENCE);
        let note = b2.review.as_ref().unwrap();
        assert_eq!(
            (note.corrected_by.as_str(), note.correction_reason.as_str()),
            ("ana", "reason 3")
        );
        assert_eq!(note.claim_id, claim_id(&b), "the id as extracted");
        // The confirmation was undone: C is as extracted.
        let c2 = r.claims.iter().find(|x| x.name == "p:c").unwrap();
        assert_eq!(c2, &c);
        assert!(r.undone.contains(&2));
        // Undoing the undo brings the confirmation back.
        let mut more = corrections.clone();
        more.push(correction(5, Action::Undo { correction: 4 }));
        let r = apply(vec![a, b, c], &more, &g);
        let c3 = r.claims.iter().find(|x| x.name == "p:c").unwrap();
        assert_eq!(c3.review.as_ref().unwrap().action, "confirmed");
        assert!(c3.confidence >= REVIEWED_CONFIDENCE);
    }

    #[test]
    fn a_changed_claim_is_found_again_by_report_place_and_quote() {
        let g = gaz();
        let old = claim("7", "p:a", "government", "Troops took A.");
        let target = ClaimRef::of(&old);
        // A new extractor reads the same sentence as another relation.
        let mut new = old.clone();
        new.relation = Relation::Holds;
        assert_ne!(claim_id(&new), target.claim_id);
        let r = apply(
            vec![new],
            &[correction(1, Action::Reject { claim: target })],
            &g,
        );
        assert!(r.claims.is_empty() && r.rejected.len() == 1 && r.unmatched.is_empty());
        // A claim that is gone is listed as unmatched.
        let gone = claim("8", "p:z", "government", "Gone.");
        let r = apply(
            Vec::new(),
            &[correction(
                2,
                Action::Confirm {
                    claim: ClaimRef::of(&gone),
                },
            )],
            &g,
        );
        assert_eq!(r.unmatched.len(), 1);
    }

    #[test]
    fn manual_claims_cite_their_correction() {
        let g = gaz();
        let place = g.places()[0].id.clone();
        let r = apply(
            Vec::new(),
            &[correction(
                9,
                Action::Add {
                    claim: ManualClaim {
                        place_id: place.clone(),
                        faction: "sdf".into(),
                        relation: Relation::Holds,
                        date: crate::report::parse_date("2016-02-05").unwrap(),
                        source: "phone call".into(),
                        quote: "Our contact says the SDF holds it.".into(),
                    },
                },
            )],
            &g,
        );
        let c = &r.claims[0];
        assert_eq!(c.report_id.as_deref(), Some("correction:9"));
        assert_eq!(c.source.as_deref(), Some("phone call"));
        assert!(c.lon.is_some());
        assert_eq!(c.review.as_ref().unwrap().action, "added");
    }
}
