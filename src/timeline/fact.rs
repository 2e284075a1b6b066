//! The timeline's compact record of one claim ([`Fact`]).
//!
//! A server keeps every claim of its store in the timeline for as long as it
//! runs (400k claims at 200k reports). The extractor's [`Claim`] is built
//! for one report at a time: every optional field inline (the vague
//! reference, the review, the sides…), every name its own `String`, about
//! 530 bytes before its text. A `Fact` keeps the same information in about
//! a third of that: names, factions, places, sources and rules interned
//! (`Arc<str>` shared by every claim that says them: a few hundred distinct
//! values for hundreds of thousands of claims), the claims of one report
//! sharing its id, the rare fields boxed, the quote one boxed `str`.
//! [`Fact::to_claim`] gives the claim back field for field, so everything
//! that shows a claim (the place and report pages, the review queue, the
//! evidence of a map) is unchanged.

use crate::claims::{Claim, ClaimReview, Relation, VagueRef};
use crate::geoparse::Direction;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::sync::Arc;

/// One claim as the timeline keeps it; fields as [`Claim`]'s.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub place_id: Option<Arc<str>>,
    pub name: Arc<str>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub part: Option<Direction>,
    pub faction: Arc<str>,
    pub relation: Relation,
    pub counterpart: Option<Arc<str>>,
    pub to: Option<Arc<str>>,
    pub date: Option<NaiveDate>,
    pub confidence: f32,
    pub quote: std::sync::Arc<str>,
    pub start: usize,
    pub end: usize,
    pub report_id: Option<Arc<str>>,
    pub source: Option<Arc<str>>,
    pub around: bool,
    pub earlier: bool,
    pub rule: Option<Arc<str>>,
    /// Fields most claims leave empty, boxed so they cost a pointer.
    rare: Option<Box<Rare>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Rare {
    extent_km: Option<f64>,
    sides: Vec<Direction>,
    vague: Option<VagueRef>,
    review: Option<ClaimReview>,
}

impl Fact {
    /// Radius (km) of the area the claim covers, when it gave one.
    pub fn extent_km(&self) -> Option<f64> {
        self.rare.as_ref().and_then(|r| r.extent_km)
    }

    /// A partial encirclement's sides.
    pub fn sides(&self) -> &[Direction] {
        self.rare.as_ref().map_or(&[], |r| &r.sides)
    }

    /// The analyst's latest correction of the claim, if any.
    pub fn review(&self) -> Option<&ClaimReview> {
        self.rare.as_ref().and_then(|r| r.review.as_ref())
    }

    /// The claim, field for field as it was given to the timeline.
    pub fn to_claim(&self) -> Claim {
        let rare = self.rare.as_deref();
        Claim {
            place_id: self.place_id.as_deref().map(str::to_string),
            name: self.name.to_string(),
            lon: self.lon,
            lat: self.lat,
            part: self.part,
            faction: self.faction.to_string(),
            relation: self.relation,
            counterpart: self.counterpart.as_deref().map(str::to_string),
            to: self.to.as_deref().map(str::to_string),
            date: self.date,
            confidence: self.confidence,
            quote: self.quote.clone(),
            start: self.start,
            end: self.end,
            report_id: self.report_id.as_deref().map(str::to_string),
            source: self.source.as_deref().map(str::to_string),
            extent_km: rare.and_then(|r| r.extent_km),
            around: self.around,
            sides: rare.map(|r| r.sides.clone()).unwrap_or_default(),
            vague: rare.and_then(|r| r.vague.clone()),
            earlier: self.earlier,
            rule: self.rule.as_deref().map(str::to_string),
            review: rare.and_then(|r| r.review.clone()),
        }
    }
}

/// Shares one `Arc<str>` per distinct string among the facts of a timeline.
#[derive(Debug, Clone, Default)]
pub(super) struct Interner {
    strings: HashSet<Arc<str>>,
    /// The last report id seen: a report's claims come together, so they
    /// share it without a set of every report id.
    last_report: Option<Arc<str>>,
}

impl Interner {
    fn get(&mut self, s: String) -> Arc<str> {
        if let Some(a) = self.strings.get(s.as_str()) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.strings.insert(a.clone());
        a
    }

    fn report(&mut self, id: String) -> Arc<str> {
        match &self.last_report {
            Some(a) if **a == *id => a.clone(),
            _ => {
                let a: Arc<str> = Arc::from(id);
                self.last_report = Some(a.clone());
                a
            }
        }
    }

    /// The compact record of `c` (consumed: its strings are let go as the
    /// timeline is built, not all at the end).
    pub(super) fn fact(&mut self, c: Claim) -> Fact {
        let rare = (c.extent_km.is_some()
            || !c.sides.is_empty()
            || c.vague.is_some()
            || c.review.is_some())
        .then(|| {
            Box::new(Rare {
                extent_km: c.extent_km,
                sides: c.sides,
                vague: c.vague,
                review: c.review,
            })
        });
        Fact {
            place_id: c.place_id.map(|s| self.get(s)),
            name: self.get(c.name),
            lon: c.lon,
            lat: c.lat,
            part: c.part,
            faction: self.get(c.faction),
            relation: c.relation,
            counterpart: c.counterpart.map(|s| self.get(s)),
            to: c.to.map(|s| self.get(s)),
            date: c.date,
            confidence: c.confidence,
            quote: c.quote,
            start: c.start,
            end: c.end,
            report_id: c.report_id.map(|s| self.report(s)),
            source: c.source.map(|s| self.get(s)),
            around: c.around,
            earlier: c.earlier,
            rule: c.rule.map(|s| self.get(s)),
            rare,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::vague::VagueRef;

    #[test]
    fn a_fact_gives_its_claim_back_field_for_field() {
        let full = Claim {
            place_id: Some("p:1".into()),
            name: "Somewhere".into(),
            lon: Some(36.5),
            lat: Some(35.25),
            part: Some(Direction::West),
            faction: "side-a".into(),
            relation: Relation::Besieges,
            counterpart: Some("side-b".into()),
            to: Some("p:2".into()),
            date: NaiveDate::from_ymd_opt(2016, 2, 3),
            confidence: 0.8,
            quote: "A sentence of the report.".into(),
            start: 10,
            end: 35,
            report_id: Some("r1".into()),
            source: Some("wire".into()),
            extent_km: Some(4.5),
            around: true,
            sides: vec![Direction::West, Direction::South],
            vague: Some(VagueRef {
                count: Some(2),
                ..VagueRef::default()
            }),
            earlier: true,
            rule: Some("frame:trigger".into()),
            review: Some(ClaimReview {
                claim_id: "r1#0".into(),
                action: "confirmed".into(),
                corrected_by: "analyst".into(),
                correction_reason: "seen".into(),
                correction: 7,
            }),
        };
        let bare = Claim {
            faction: "side-a".into(),
            quote: "q".into(),
            ..Claim::default()
        };
        let mut i = Interner::default();
        for c in [full, bare] {
            let f = i.fact(c.clone());
            assert_eq!(f.to_claim(), c);
        }
    }

    #[test]
    fn equal_strings_are_shared() {
        let mut i = Interner::default();
        let c = |q: &str| Claim {
            place_id: Some("p:1".into()),
            name: "Somewhere".into(),
            faction: "side-a".into(),
            report_id: Some("r1".into()),
            quote: q.into(),
            ..Claim::default()
        };
        let (a, b) = (i.fact(c("one")), i.fact(c("two")));
        assert!(Arc::ptr_eq(&a.name, &b.name));
        assert!(Arc::ptr_eq(&a.faction, &b.faction));
        assert!(Arc::ptr_eq(
            a.report_id.as_ref().unwrap(),
            b.report_id.as_ref().unwrap()
        ));
        assert!(
            std::mem::size_of::<Fact>() <= 256,
            "{}",
            std::mem::size_of::<Fact>()
        );
    }
}
