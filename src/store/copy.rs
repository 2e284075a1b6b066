//! Moving a data set between stores (`frontline migrate`) and telling two
//! copies apart: counts and a checksum over everything a user stored.
//!
//! The checksum covers content, not ids or insertion times (a copy gets new
//! ids): each baseline's name and claims in id order, then each report's
//! text, header fields and claims, oldest report first, then the audit log
//! (who, when, why, what kind) and what the corrections do to the claims
//! (which claims they reject, move or change, and how many find no claim).
//! Claims are hashed as their JSON with the owning id left out.
//!
//! Corrections point at claims by report id and claim id, and an undo points
//! at another correction by id. A copy gives reports, baselines and
//! corrections new ids, so the copy rewrites those references to the new
//! ids; the effect part of the checksum proves it did.

use super::{Store, StoreError};
use crate::claims::Claim;
use crate::gazetteer::{Gazetteer, RegionInfo};
use crate::review::{self, Action, ClaimRef, Correction};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Reports read per page while walking a store.
const PAGE: usize = 500;

/// What a data set holds, for comparing two copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    pub reports: usize,
    pub report_claims: usize,
    pub baselines: usize,
    pub baseline_claims: usize,
    /// Entries of the audit log.
    pub corrections: usize,
    /// Corrections in force that no claim matches (the same on both sides of
    /// a faithful copy).
    pub unmatched_corrections: usize,
    /// FNV-1a 64 of the content, as 16 hex digits.
    pub checksum: String,
}

/// 64-bit FNV-1a: small, stable across platforms and Rust versions.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    /// A field: its length first, so ("ab","c") and ("a","bc") differ.
    fn field(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }
    fn opt(&mut self, s: Option<&str>) {
        match s {
            None => self.bytes(&[0]),
            Some(s) => {
                self.bytes(&[1]);
                self.field(s);
            }
        }
    }
    fn claim(&mut self, c: &Claim) -> Result<(), StoreError> {
        let mut c = c.clone();
        c.report_id = None;
        let json = serde_json::to_string(&c)
            .map_err(|e| StoreError::Invalid(format!("claim of {}: {e}", c.name)))?;
        self.field(&json);
        Ok(())
    }
}

/// Walks every report of `store`, oldest first, a page at a time.
fn each_report(
    store: &dyn Store,
    mut f: impl FnMut(super::StoredReport) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let total = store.report_count()?;
    // Pages are newest first; walk them from the end.
    let mut remaining = total;
    while remaining > 0 {
        let take = remaining.min(PAGE);
        let mut page = store.reports(take, remaining - take)?;
        page.reverse();
        for r in page {
            f(r)?;
        }
        remaining -= take;
    }
    Ok(())
}

/// Counts and checksum of everything in `store`.
pub fn fingerprint(store: &dyn Store) -> Result<Fingerprint, StoreError> {
    let mut h = Fnv::new();
    let mut fp = Fingerprint {
        reports: 0,
        report_claims: 0,
        baselines: 0,
        baseline_claims: 0,
        corrections: 0,
        unmatched_corrections: 0,
        checksum: String::new(),
    };
    let areas = store.areas()?;
    for b in store.baselines()? {
        h.field(&b.name);
        let claims = store.baseline_claims(&b.id)?;
        h.bytes(&(claims.len() as u64).to_le_bytes());
        for c in &claims {
            h.claim(c)?;
        }
        // Imported polygons count only where there are some, so the
        // checksum of a data set without them is what it was.
        for a in areas
            .iter()
            .filter(|a| a.baseline_id.as_deref() == Some(b.id.as_str()))
        {
            h.field(&a.faction);
            h.field(&super::area_to_geojson(&a.area));
        }
        fp.baselines += 1;
        fp.baseline_claims += claims.len();
    }
    each_report(store, |r| {
        h.field(&r.report.text);
        h.bytes(&(r.report.body_start as u64).to_le_bytes());
        h.opt(r.report.date.map(|d| d.to_string()).as_deref());
        h.opt(r.report.source.as_deref());
        h.opt(r.report.title.as_deref());
        h.bytes(&(r.claims.len() as u64).to_le_bytes());
        for c in &r.claims {
            h.claim(c)?;
        }
        fp.reports += 1;
        fp.report_claims += r.claims.len();
        Ok(())
    })?;
    let corrections = store.corrections()?;
    for c in &corrections {
        h.field(&c.author);
        h.field(&c.at);
        h.field(&c.reason);
        h.field(c.action.kind());
    }
    fp.corrections = corrections.len();
    let effect = review::apply(store.claims()?, &corrections, &placeless());
    fp.unmatched_corrections = effect.unmatched.len();
    // What the corrections did, free of ids: each reviewed or rejected claim
    // as it reads after review, in a fixed order.
    let mut reviewed: Vec<String> = Vec::new();
    for (state, claims) in [("kept", &effect.claims), ("rejected", &effect.rejected)] {
        for c in claims.iter().filter(|c| c.review.is_some()) {
            let mut c = c.clone();
            c.report_id = None;
            if let Some(note) = c.review.as_mut() {
                note.claim_id.clear();
                note.correction = 0;
            }
            let json = serde_json::to_string(&c)
                .map_err(|e| StoreError::Invalid(format!("claim of {}: {e}", c.name)))?;
            reviewed.push(format!("{state} {json}"));
        }
    }
    reviewed.sort_unstable();
    h.bytes(&(reviewed.len() as u64).to_le_bytes());
    for line in &reviewed {
        h.field(line);
    }
    h.bytes(&(fp.unmatched_corrections as u64).to_le_bytes());
    fp.checksum = format!("{:016x}", h.0);
    Ok(fp)
}

/// A gazetteer without places: applying corrections needs one to name moved
/// and manual claims, and the checksum leaves those names out.
fn placeless() -> Gazetteer {
    Gazetteer::from_parts(
        Vec::new(),
        RegionInfo {
            name: String::new(),
            country: String::new(),
            outline: String::new(),
            bbox: [0.0; 4],
            center: [0.0; 2],
            zoom: 0,
            attribution: String::new(),
        },
        String::new(),
    )
}

/// Old ids to new ones, for rewriting the references of corrections.
#[derive(Default)]
struct IdMap {
    /// Report and baseline ids (`"12"`, `"baseline:3"`), and the
    /// `correction:<id>` of manual claims.
    reports: HashMap<String, String>,
    /// Claim ids corrections point at.
    claims: HashMap<String, String>,
    /// Correction ids (undo targets).
    corrections: HashMap<i64, i64>,
}

impl IdMap {
    /// Notes the new id of each claim a correction points at, read under
    /// `old_owner` and stored under `new_owner`.
    fn claims_of(
        &mut self,
        wanted: &HashSet<String>,
        claims: &[Claim],
        old_owner: &str,
        new_owner: &str,
    ) {
        for c in claims {
            let mut c = c.clone();
            c.report_id = Some(old_owner.to_string());
            let old = review::claim_id(&c);
            if wanted.contains(&old) {
                c.report_id = Some(new_owner.to_string());
                self.claims.insert(old, review::claim_id(&c));
            }
        }
    }

    fn claim_ref(&self, r: &ClaimRef) -> ClaimRef {
        let mut r = r.clone();
        if let Some(new) = self.claims.get(&r.claim_id) {
            r.claim_id = new.clone();
        }
        if let Some(new) = r.report_id.as_ref().and_then(|id| self.reports.get(id)) {
            r.report_id = Some(new.clone());
        }
        r
    }

    /// `action` with every id it holds moved to the copy's ids.
    fn action(&self, action: &Action) -> Action {
        match action {
            Action::Reject { claim } => Action::Reject {
                claim: self.claim_ref(claim),
            },
            Action::Confirm { claim } => Action::Confirm {
                claim: self.claim_ref(claim),
            },
            Action::Move { claim, place_id } => Action::Move {
                claim: self.claim_ref(claim),
                place_id: place_id.clone(),
            },
            Action::MoveMention { mention, place_id } => {
                let mut mention = mention.clone();
                if let Some(new) = self.reports.get(&mention.report_id) {
                    mention.report_id = new.clone();
                }
                Action::MoveMention {
                    mention,
                    place_id: place_id.clone(),
                }
            }
            Action::Change {
                claim,
                faction,
                relation,
            } => Action::Change {
                claim: self.claim_ref(claim),
                faction: faction.clone(),
                relation: *relation,
            },
            Action::Add { claim } => Action::Add {
                claim: claim.clone(),
            },
            Action::Undo { correction } => Action::Undo {
                correction: self
                    .corrections
                    .get(correction)
                    .copied()
                    .unwrap_or(*correction),
            },
        }
    }
}

/// The claim ids the corrections of a store point at.
fn wanted_claims(corrections: &[Correction]) -> HashSet<String> {
    corrections
        .iter()
        .filter_map(|c| match &c.action {
            Action::Reject { claim }
            | Action::Confirm { claim }
            | Action::Move { claim, .. }
            | Action::Change { claim, .. } => Some(claim.claim_id.clone()),
            _ => None,
        })
        .collect()
}

/// Copies every baseline, report and correction of `from` into `to`, which
/// must be empty (a copy into a data set that already holds reports would
/// mix two archives). Reports keep the extractor version that read them and
/// corrections their author, time and reason; the references of corrections
/// follow the new ids. `progress` is called with the number of reports
/// copied so far.
pub fn copy_all(
    from: &dyn Store,
    to: &dyn Store,
    mut progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    if !to.is_empty()? {
        return Err(StoreError::Invalid(format!(
            "{}: already holds {} reports and {} baselines; migrate into an empty data set",
            to.describe(),
            to.report_count()?,
            to.baselines()?.len()
        )));
    }
    if let Some(region) = from.setting(super::REGION_SETTING)? {
        super::bind_region(to, &region)?;
    }
    let corrections = from.corrections()?;
    let wanted = wanted_claims(&corrections);
    let mut ids = IdMap::default();
    let areas = from.areas()?;
    for b in from.baselines()? {
        let claims = from.baseline_claims(&b.id)?;
        // The polygons the baseline's areas came from go with it.
        let own: Vec<crate::zones::ImportedArea> = areas
            .iter()
            .filter(|a| a.baseline_id.as_deref() == Some(b.id.as_str()))
            .cloned()
            .collect();
        let new = to.add_baseline_with_areas(&b.name, &claims, &own)?;
        ids.claims_of(&wanted, &claims, &b.id, &new);
        ids.reports.insert(b.id, new);
    }
    let mut n = 0;
    each_report(from, |r| {
        let mentions = from.mentions(&r.id)?;
        let new = to
            .add_reports(&[super::NewReport {
                report: &r.report,
                claims: &r.claims,
                extractor: r.extractor.as_deref(),
                mentions: mentions.as_deref(),
            }])?
            .pop()
            .ok_or_else(|| StoreError::Db("the store returned no report id".into()))?;
        ids.claims_of(&wanted, &r.claims, &r.id, &new);
        ids.reports.insert(r.id, new);
        n += 1;
        progress(n);
        Ok(())
    })?;
    // Oldest first, so an undo's target and a manual claim are in `ids`
    // before a later correction points at them.
    for c in &corrections {
        let mut moved = c.clone();
        moved.action = ids.action(&c.action);
        let stored = to.import_correction(&moved)?;
        ids.corrections.insert(c.id, stored.id);
        if let Action::Add { claim } = &c.action {
            ids.reports.insert(
                format!("correction:{}", c.id),
                format!("correction:{}", stored.id),
            );
            ids.claims.insert(
                review::manual_claim_id(c.id, claim),
                review::manual_claim_id(stored.id, claim),
            );
        }
    }
    Ok(())
}
