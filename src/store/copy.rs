//! Moving a data set between stores (`frontline migrate`) and telling two
//! copies apart: counts and a checksum over everything a user stored.
//!
//! The checksum covers content, not ids or insertion times (a copy gets new
//! ids): each baseline's name and claims in id order, then each report's
//! text, header fields and claims, oldest report first. Claims are hashed as
//! their JSON with the owning id left out.

use super::{Store, StoreError};
use crate::claims::Claim;
use serde::Serialize;

/// Reports read per page while walking a store.
const PAGE: usize = 500;

/// What a data set holds, for comparing two copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    pub reports: usize,
    pub report_claims: usize,
    pub baselines: usize,
    pub baseline_claims: usize,
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
        checksum: String::new(),
    };
    for b in store.baselines()? {
        h.field(&b.name);
        let claims = store.baseline_claims(&b.id)?;
        h.bytes(&(claims.len() as u64).to_le_bytes());
        for c in &claims {
            h.claim(c)?;
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
    fp.checksum = format!("{:016x}", h.0);
    Ok(fp)
}

/// Copies every baseline and report of `from` into `to`, which must be
/// empty (a copy into a data set that already holds reports would mix two
/// archives). `progress` is called with the number of reports copied so far.
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
    for b in from.baselines()? {
        let claims = from.baseline_claims(&b.id)?;
        to.add_baseline(&b.name, &claims)?;
    }
    let mut n = 0;
    each_report(from, |r| {
        to.add_report(&r.report, &r.claims)?;
        n += 1;
        progress(n);
        Ok(())
    })
}
