//! The store-backed pipeline shared by the server and the command line:
//! a new report is analysed (geoparse, claims, vague references resolved
//! against what is already known) before it is stored, and the stored claims
//! become a control map, zones and their exports. Keeping these steps here
//! means `frontline zones`, `frontline export` and `GET /api/zones` cannot
//! drift apart.

use crate::claims::{self, Claim};
use crate::export::{self, ExportError, Format};
use crate::region::{Analysis, Region};
use crate::report::Report;
use crate::store::{Store, StoreError};
use crate::timeline::{ControlMap, Timeline};
use crate::zones;
use chrono::NaiveDate;
use geojson::FeatureCollection;
use std::sync::Arc;

/// Analyses a report for storing: geoparse and claims, then vague references
/// ("two government-held villages") resolved against what is already known as
/// of the report's date. `known` gives the timeline of the claims stored so
/// far (not this report's); it is only called when the report has vague
/// references, so callers can make it as lazy as they like.
pub fn analyse<K>(region: &Region, report: &Report, known: K) -> Result<Analysis, StoreError>
where
    K: FnOnce() -> Result<Arc<Timeline>, StoreError>,
{
    let mut a = region.analyse(report);
    if has_vague(&a.claims) {
        let known = known()?;
        a.claims = resolve_vague(region, &known, report.date, std::mem::take(&mut a.claims));
    }
    Ok(a)
}

/// True when some claim names no place but describes one vaguely, so
/// [`resolve_vague`] has work to do (callers can skip building a state).
pub fn has_vague(claims: &[Claim]) -> bool {
    claims
        .iter()
        .any(|c| c.place_id.is_none() && c.vague.is_some())
}

/// Resolves vague claims against the state `known` gives as of `date`.
pub fn resolve_vague(
    region: &Region,
    known: &Timeline,
    date: Option<NaiveDate>,
    claims: Vec<Claim>,
) -> Vec<Claim> {
    let state = known.state_at(date);
    claims::vague::resolve(claims, &state, &region.gazetteer)
}

/// One shot, no store: baseline claims first, then reports in date order,
/// each report's vague references resolved against the state just before it.
/// `reports` pairs each report with the id its evidence will cite (e.g.
/// `file.txt#1`). Used by `frontline map` and `frontline eval`.
pub fn one_shot_claims(
    region: &Region,
    baseline: Vec<Claim>,
    mut reports: Vec<(String, Report)>,
) -> Vec<Claim> {
    let mut claims = baseline;
    reports.sort_by_key(|(_, r)| r.date);
    for (id, r) in reports {
        let mut a = region.analyse(&r);
        tag_claims(&mut a.claims, &id, &r);
        if has_vague(&a.claims) {
            let before = Timeline::new(claims.clone());
            a.claims = resolve_vague(region, &before, r.date, a.claims);
        }
        claims.extend(a.claims);
    }
    claims
}

/// The timeline of everything in a store.
pub fn timeline(store: &dyn Store) -> Result<Timeline, StoreError> {
    Ok(Timeline::new(store.claims()?))
}

/// Analyses a report (see [`analyse`]) and stores it with its claims in one
/// transaction; returns the new id, and the analysis with claims tagged by it.
/// Used by `POST /api/reports`, `frontline ingest` and the demo loader alike.
pub fn store_report<K>(
    region: &Region,
    store: &dyn Store,
    report: &Report,
    known: K,
) -> Result<(String, Analysis), StoreError>
where
    K: FnOnce() -> Result<Arc<Timeline>, StoreError>,
{
    let mut a = analyse(region, report, known)?;
    let id = store.add_report(report, &a.claims)?;
    tag_claims(&mut a.claims, &id, report);
    Ok((id, a))
}

/// Marks claims with the report they came from, as the store does on reading.
pub fn tag_claims(claims: &mut [Claim], report_id: &str, report: &Report) {
    for c in claims {
        c.report_id = Some(report_id.to_string());
        if c.source.is_none() {
            c.source = report.source.clone();
        }
    }
}

/// The control map and its zones FeatureCollection as of `date` (latest when `None`).
pub fn zones_at(
    region: &Region,
    timeline: &Timeline,
    date: Option<NaiveDate>,
) -> (ControlMap, FeatureCollection) {
    let mut map = timeline.state_at(date);
    map.order_by_importance(&region.gazetteer);
    let layer = zones::build(&map, &region.gazetteer, &region.factions);
    let fc = export::zones_collection(&layer, &map, &region.factions);
    (map, fc)
}

/// The places whose state on `to` (latest when `None`) differs from their
/// state on `from`, most important first (a city before its villages), with
/// the date compared against (`to`, else the newest claim's).
pub fn changes(
    region: &Region,
    timeline: &Timeline,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> (Option<NaiveDate>, Vec<crate::timeline::Change>) {
    let as_of = to.or_else(|| timeline.claims().iter().filter_map(|c| c.date).max());
    let mut out = timeline.changes(from, to);
    let weight = |pid: &str| region.gazetteer.get(pid).map_or(0.0, |p| p.importance);
    out.sort_by(|a, b| {
        weight(&b.place_id)
            .total_cmp(&weight(&a.place_id))
            .then_with(|| a.name.cmp(&b.name))
    });
    (as_of, out)
}

/// Why a store-backed export failed.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// The zones of a store as of `date`, written in `format`.
pub fn export_store(
    region: &Region,
    store: &dyn Store,
    date: Option<NaiveDate>,
    format: Format,
) -> Result<Vec<u8>, PipelineError> {
    let tl = timeline(store)?;
    let (_, fc) = zones_at(region, &tl, date);
    Ok(export::write(format, &fc)?)
}

/// The file name an export is offered under: `frontline-zones-<date|latest>.<ext>`.
pub fn export_file_name(date: Option<NaiveDate>, format: Format) -> String {
    let when = date.map_or_else(|| "latest".to_string(), |d| d.to_string());
    format!("frontline-zones-{when}.{}", format.extension())
}

/// Refreshes the GIS layers a store keeps for other tools (PostGIS `control`
/// and `zones`: the latest state) when the store keeps them; returns whether
/// it wrote. Called after ingest and import, and by `frontline serve` after
/// every write it notices, from this or another process.
pub fn publish_gis(region: &Region, store: &dyn Store) -> Result<bool, StoreError> {
    if !store.publishes_gis() {
        return Ok(false);
    }
    // Read before the claims: a write in between is published now under the
    // older generation, and published again when it is noticed.
    let generation = store.generation()?;
    let tl = timeline(store)?;
    let mut map = tl.state_at(None);
    map.order_by_importance(&region.gazetteer);
    let layer = zones::build(&map, &region.gazetteer, &region.factions);
    store.publish_gis(generation, &map, &layer)
}
