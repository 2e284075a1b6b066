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
use crate::review;
use crate::store::{Store, StoreError};
use crate::timeline::{ControlMap, Timeline};
use crate::zones::{self, ImportedArea};
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

/// The version of the extractor that reads claims now, recorded with every
/// stored report (`frontline reanalyse` re-reads reports read by another).
/// Bump the suffix when the claims grammar or its language files change in a
/// way stored reports should be read again for.
pub const EXTRACTOR_VERSION: &str = concat!("frontline ", env!("CARGO_PKG_VERSION"), "/claims-3");

/// Every stored claim with the analysts' corrections applied (rejected
/// claims set aside, manual claims added): what the timeline fuses.
pub fn reviewed(region: &Region, store: &dyn Store) -> Result<review::Reviewed, StoreError> {
    let claims = store.claims()?;
    let corrections = store.corrections()?;
    Ok(review::apply(claims, &corrections, &region.gazetteer))
}

/// Why a correction was not stored.
#[derive(Debug, thiserror::Error)]
pub enum CorrectError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Review(#[from] review::ReviewError),
}

/// Checks an analyst's request against the store and the region and appends
/// it to the audit log. `author` (the name behind the token) overrides the
/// request's own. Used by `POST /api/corrections` and `frontline review`.
pub fn correct(
    region: &Region,
    store: &dyn Store,
    req: review::Request,
    author: Option<&str>,
) -> Result<review::Correction, CorrectError> {
    let corrections = store.corrections()?;
    let mut claims = store.claims()?;
    claims.extend(review::manual_claims(&corrections, &region.gazetteer));
    let mention = |report_id: &str, start: usize, end: usize| {
        mention_at(region, store, report_id, start, end)
    };
    let cx = review::Context {
        claims: &claims,
        corrections: &corrections,
        gazetteer: &region.gazetteer,
        factions: &region.factions,
        mention: &mention,
    };
    let (author, reason, action) = review::resolve(req, author, &cx)?;
    let stored = store.add_correction(&author, &reason, &action)?;
    tracing::info!(id = stored.id, author = %stored.author, action = action.kind(), target = %action.target(), "correction stored");
    Ok(stored)
}

/// The place mention of a stored report covering bytes `start..end`, as the
/// geoparser reads the report now.
pub fn mention_at(
    region: &Region,
    store: &dyn Store,
    report_id: &str,
    start: usize,
    end: usize,
) -> Result<review::MentionRef, review::ReviewError> {
    use review::ReviewError;
    let report = store
        .report(report_id)
        .map_err(|e| ReviewError::Store(e.to_string()))?
        .ok_or_else(|| ReviewError::NotFound(format!("no report with id {report_id}")))?;
    if start >= end || end > report.report.text.len() {
        return Err(ReviewError::Invalid(format!(
            "mention bytes {start}–{end} are outside report {report_id} ({} bytes)",
            report.report.text.len()
        )));
    }
    let mentions = region.geoparser.parse(&report.report.text);
    let m = mentions
        .iter()
        .find(|m| m.start <= start && end <= m.end)
        .ok_or_else(|| {
            ReviewError::NotFound(format!(
                "no place mention at bytes {start}–{end} of report {report_id}"
            ))
        })?;
    Ok(review::MentionRef {
        report_id: report_id.to_string(),
        start: m.start,
        end: m.end,
        text: m.text.clone(),
        place_id: Some(region.gazetteer.place(m.place).id.clone()),
    })
}

/// A claim for the review list, with why it comes where it does.
pub struct QueueItem<'a> {
    /// As the timeline keeps it ([`crate::timeline::Fact::to_claim`] gives the claim).
    pub claim: &'a crate::timeline::Fact,
    /// The place has one piece of evidence, is contested or weakly held:
    /// its holder would change if the claim were wrong.
    pub holder_would_change: bool,
    /// The support of the place's state on the latest map.
    pub place_confidence: f32,
}

/// The claims an analyst should check first: unreviewed report claims on
/// places of the latest map `latest`, those whose place's holder would
/// change without them first, then weaker places, then bigger places, then
/// weaker claims.
pub fn review_queue<'a>(
    region: &Region,
    timeline: &'a Timeline,
    latest: &ControlMap,
    limit: usize,
) -> Vec<QueueItem<'a>> {
    let mut places: std::collections::HashMap<&str, (bool, f32)> = Default::default();
    for p in &latest.places {
        let fragile = p.status == crate::timeline::Status::Contested
            || p.evidence.len() <= 1
            || p.confidence < 0.6;
        let e = places
            .entry(p.place_id.as_str())
            .or_insert((fragile, p.confidence));
        e.0 |= fragile;
        e.1 = e.1.min(p.confidence);
    }
    let g = &region.gazetteer;
    let mut queue: Vec<(QueueItem, f32)> = timeline
        .claims()
        .iter()
        .filter(|c| c.review().is_none())
        .filter(|c| {
            !c.report_id
                .as_deref()
                .is_some_and(|r| r.starts_with("baseline:"))
        })
        .filter_map(|c| {
            let pid = c.place_id.as_deref()?;
            let &(fragile, place_confidence) = places.get(pid)?;
            let importance = g.get(pid).map_or(0.0, |p| p.importance);
            Some((
                QueueItem {
                    claim: c,
                    holder_would_change: fragile,
                    place_confidence,
                },
                importance,
            ))
        })
        .collect();
    queue.sort_by(|(a, ia), (b, ib)| {
        b.holder_would_change
            .cmp(&a.holder_would_change)
            .then(a.place_confidence.total_cmp(&b.place_confidence))
            .then(ib.total_cmp(ia))
            .then(a.claim.confidence.total_cmp(&b.claim.confidence))
    });
    queue.into_iter().take(limit).map(|(q, _)| q).collect()
}

/// What a re-analysis did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReanalyseSummary {
    /// Reports read again in this run.
    pub reports: usize,
    /// Claims they hold now.
    pub claims: usize,
    /// Reports still read by another extractor (a run stopped by `max_reports`).
    pub remaining: usize,
    /// Corrections in force that still find their claim.
    pub carried: usize,
    /// Corrections in force that no longer find their claim, to look at again.
    pub unmatched: Vec<review::Correction>,
    /// The extractor version the claims are from now.
    pub extractor: String,
}

/// Reads stored reports again with the current extractor
/// ([`EXTRACTOR_VERSION`]), `batch` reports per transaction, oldest first:
/// every report read by another version (all of them with `all`), at most
/// `max_reports` in this run. Resumable: each batch records the version, so
/// a run that stops (or is stopped) continues where it was. Vague
/// references resolve against the state as stored when the run started.
/// Corrections are untouched; those whose claim is gone are listed.
/// `progress(done, total)` is called after each batch.
pub fn reanalyse(
    region: &Region,
    store: &dyn Store,
    all: bool,
    batch: usize,
    max_reports: Option<usize>,
    mut progress: impl FnMut(usize, usize),
) -> Result<ReanalyseSummary, StoreError> {
    if all {
        store.forget_extractors()?;
    }
    let total = store.reanalyse_count(EXTRACTOR_VERSION)?;
    let goal = max_reports.map_or(total, |m| m.min(total));
    let batch = batch.max(1);
    let mut known: Option<Arc<Timeline>> = None;
    let (mut reports, mut claims) = (0, 0);
    while reports < goal {
        let page = store.reports_to_reanalyse(EXTRACTOR_VERSION, batch.min(goal - reports))?;
        if page.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(page.len());
        for r in &page {
            let a = analyse(region, &r.report, || {
                if known.is_none() {
                    known = Some(Arc::new(timeline(region, store)?));
                }
                Ok(known.clone().expect("just built"))
            })?;
            claims += a.claims.len();
            out.push((r.id.clone(), a.claims));
        }
        store.replace_claims(&out, EXTRACTOR_VERSION)?;
        reports += page.len();
        progress(reports, goal);
    }
    let rv = reviewed(region, store)?;
    let corrections = store.corrections()?;
    let in_force = corrections
        .iter()
        .filter(|c| !rv.undone.contains(&c.id))
        .filter(|c| {
            !matches!(
                c.action,
                review::Action::Undo { .. } | review::Action::Add { .. }
            )
        })
        .count();
    tracing::info!(
        reports,
        claims,
        unmatched = rv.unmatched.len(),
        "re-analysis done"
    );
    Ok(ReanalyseSummary {
        reports,
        claims,
        remaining: store.reanalyse_count(EXTRACTOR_VERSION)?,
        carried: in_force - rv.unmatched.len(),
        unmatched: rv.unmatched,
        extractor: EXTRACTOR_VERSION.to_string(),
    })
}

/// The timeline of everything in a store, corrections applied.
pub fn timeline(region: &Region, store: &dyn Store) -> Result<Timeline, StoreError> {
    Ok(Timeline::new(reviewed(region, store)?.claims))
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
    // The mentions are stored with the report, so reading it back needs no
    // geoparse (`GET /api/reports/{id}`).
    let mentions = crate::store::mentions::encode(&a.mentions, &region.gazetteer);
    let id = store
        .add_reports(&[crate::store::NewReport {
            report,
            claims: &a.claims,
            extractor: Some(EXTRACTOR_VERSION),
            mentions: Some(&mentions),
        }])?
        .pop()
        .ok_or_else(|| StoreError::Db("the store returned no report id".into()))?;
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
    zones_of(region, timeline.state_at(date))
}

/// [`zones_at`] with the imported polygons of the data set ([`Store::areas`]):
/// zones follow those in force on the date ([`zones::build_with_areas`]).
pub fn zones_at_with(
    region: &Region,
    timeline: &Timeline,
    date: Option<NaiveDate>,
    areas: &[ImportedArea],
) -> (ControlMap, FeatureCollection) {
    zones_of_with(region, timeline.state_at(date), areas)
}

/// The zones of a control map ([`zones_at`] once the map is fused), the map
/// put in importance order.
pub fn zones_of(region: &Region, map: ControlMap) -> (ControlMap, FeatureCollection) {
    zones_of_with(region, map, &[])
}

/// [`zones_of`] following the imported polygons in force on the map's date.
pub fn zones_of_with(
    region: &Region,
    mut map: ControlMap,
    areas: &[ImportedArea],
) -> (ControlMap, FeatureCollection) {
    map.order_by_importance(&region.gazetteer);
    let layer = zones::build_with_areas(&map, &region.gazetteer, &region.factions, areas);
    let mut fc = export::zones_collection(&layer, &map, &region.factions);
    export::flag_approximate(&mut fc, &region.gazetteer);
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
    let tl = timeline(region, store)?;
    let (_, fc) = zones_at_with(region, &tl, date, &store.areas()?);
    let fc = with_export_layers(region, store, fc, date, format, &[])?;
    Ok(export::write(format, &fc)?)
}

/// The features an export holds: the zones collection, cut to `kinds` when
/// some are named (`zones`, `places`, …), plus the stored reports' place
/// mentions when `mentions` is named or, with no kinds named, when the
/// format keeps one layer per kind (GeoPackage). Other formats leave
/// mentions out by default: they are many, and a one-layer file of them
/// beside the zones helps nobody.
pub fn with_export_layers(
    region: &Region,
    store: &dyn Store,
    zones: FeatureCollection,
    date: Option<NaiveDate>,
    format: Format,
    kinds: &[String],
) -> Result<FeatureCollection, StoreError> {
    let named = |layer: &str| {
        kinds
            .iter()
            .any(|k| export::table::kind_of_layer(k) == export::table::kind_of_layer(layer))
    };
    let mentions = if kinds.is_empty() {
        format == Format::Gpkg
    } else {
        named("mentions")
    };
    let mut fc = if kinds.is_empty() {
        zones
    } else {
        export::table::select_kinds(&zones, kinds)
    };
    if mentions {
        fc.features
            .extend(stored_mentions(region, store, date)?.features);
    }
    Ok(fc)
}

/// The place mentions of every stored report dated on or before `date` (all
/// reports without one), as `mention` point features carrying the report's
/// id, date and source: the `mentions` layer of a GeoPackage export. The
/// store keeps report texts, not mentions, so they are geoparsed again here;
/// a mention of an area or a river is drawn at its place's point so the
/// layer keeps one geometry type.
pub fn stored_mentions(
    region: &Region,
    store: &dyn Store,
    date: Option<NaiveDate>,
) -> Result<FeatureCollection, StoreError> {
    const PAGE: usize = 500;
    let mut features = Vec::new();
    let mut offset = 0;
    loop {
        let page = store.reports(PAGE, offset)?;
        if page.is_empty() {
            break;
        }
        offset += page.len();
        for stored in page {
            let report = &stored.report;
            if matches!((date, report.date), (Some(d), Some(r)) if r > d) {
                continue;
            }
            let mentions = region.geoparser.parse(&report.text);
            let fc = export::mentions_collection(&mentions, &region.gazetteer);
            for (mut feature, mention) in fc.features.into_iter().zip(&mentions) {
                let point = region.gazetteer.place(mention.place).point;
                feature.geometry = Some(geojson::Geometry::from(&geo::Geometry::Point(point)));
                if let Some(props) = feature.properties.as_mut() {
                    props.insert("report_id".into(), stored.id.clone().into());
                    if let Some(d) = report.date {
                        props.insert("date".into(), d.to_string().into());
                    }
                    if let Some(src) = &report.source {
                        props.insert("source".into(), src.clone().into());
                    }
                }
                features.push(feature);
            }
        }
    }
    Ok(FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    })
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
    let tl = timeline(region, store)?;
    let mut map = tl.state_at(None);
    map.order_by_importance(&region.gazetteer);
    let layer = zones::build_with_areas(&map, &region.gazetteer, &region.factions, &store.areas()?);
    store.publish_gis(generation, &map, &layer)
}
