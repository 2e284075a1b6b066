//! Storage of reports, claims and baselines behind the [`Store`] trait.
//!
//! SQLite ([`sqlite::SqliteStore`]) is the embedded default; PostgreSQL with
//! PostGIS ([`postgres::PgStore`]) serves several servers and large archives
//! on one data set. The trait is the whole contract between the server/CLI
//! and the database; [`open`] picks the backend from the `--db` argument.
//! The store keeps what it is given; it does no geoparsing or fusion itself.

pub mod copy;
pub mod mentions;
pub mod postgres;
pub mod sqlite;

use crate::claims::Claim;
use crate::report::Report;
use crate::review::{Action, Correction};
use crate::timeline::ControlMap;
use crate::zones::{ImportedArea, ZoneLayer};
use serde::Serialize;
use std::sync::Arc;

/// The database used when no `--db` / `FRONTLINE_DB` is given: a SQLite file in
/// the current directory.
pub const DEFAULT_DB: &str = "frontline.sqlite";

/// A report as stored, with its id and the claims read from it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredReport {
    pub id: String,
    pub report: Report,
    pub claims: Vec<Claim>,
    pub created_at: String,
    /// The extractor version that read the claims (`None`: unknown, stored
    /// before versions were recorded).
    pub extractor: Option<String>,
}

/// A report to store with what was read from it: one element of a batch
/// ([`Store::add_reports`]).
#[derive(Debug, Clone, Copy)]
pub struct NewReport<'a> {
    pub report: &'a Report,
    pub claims: &'a [Claim],
    /// The extractor version that read the claims.
    pub extractor: Option<&'a str>,
    /// The report's mentions as [`mentions::encode`] wrote them (place ids,
    /// never the pack's internal indexes); `None`: not stored, recomputed on
    /// first read.
    pub mentions: Option<&'a str>,
}

/// The claims a map build reads ([`Store::claims_since`]), all as of one
/// store generation.
#[derive(Debug, Clone, Default)]
pub struct ClaimsSince {
    /// The generation the claims are complete up to: every report written
    /// at or before it is in (and none after it).
    pub generation: i64,
    /// True when these are every claim of the store (a full rebuild: the
    /// caller's watermark was too old, or something other than a new report
    /// changed since); false when they are only the claims of reports
    /// written after the watermark, to fold into the state built at it.
    pub full: bool,
    /// Date-ordered (undated first) then by insertion, like [`Store::claims`].
    pub claims: Vec<Claim>,
}

/// An imported baseline layer (a GIS file taken as dated claims).
#[derive(Debug, Clone, Serialize)]
pub struct StoredBaseline {
    pub id: String,
    /// What it was imported as (usually the file name).
    pub name: String,
    /// Number of claims it holds.
    pub claims: usize,
    pub created_at: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(String),
    #[error("{0}")]
    Invalid(String),
    /// The data set belongs to another region than the command's: its
    /// place ids mean nothing in this region's gazetteer.
    #[error(
        "{store} holds {holds} data: this command reads with the {asked} pack; \
         pass --region for {holds} (or FRONTLINE_REGION), or use another --db for {asked}"
    )]
    WrongRegion {
        store: String,
        holds: String,
        asked: String,
    },
    /// The `--db` argument names a backend this build does not have.
    #[error("{0}")]
    Unsupported(String),
}

/// Where reports and claims live. Implementations must be safe to share
/// between request handlers.
pub trait Store: Send + Sync {
    /// Stores a report with its claims atomically; returns its id.
    fn add_report(&self, report: &Report, claims: &[Claim]) -> Result<String, StoreError> {
        self.add_report_by(report, claims, None)
    }
    /// [`Store::add_report`], recording which extractor version read the
    /// claims (`None`: unknown, as for reports stored before versions were).
    fn add_report_by(
        &self,
        report: &Report,
        claims: &[Claim],
        extractor: Option<&str>,
    ) -> Result<String, StoreError> {
        let mut ids = self.add_reports(&[NewReport {
            report,
            claims,
            extractor,
            mentions: None,
        }])?;
        ids.pop()
            .ok_or_else(|| StoreError::Db("the store returned no report id".into()))
    }
    /// Stores several reports with their claims (and mentions) in one
    /// transaction and one generation bump; returns their ids in order. A
    /// new report is an *append*: the map built before it is brought up to
    /// date by folding in its claims ([`Store::claims_since`]).
    fn add_reports(&self, batch: &[NewReport<'_>]) -> Result<Vec<String>, StoreError>;
    /// After a bulk load: lets the database plan its queries from the data
    /// now stored. On PostgreSQL, tables loaded moments ago have no
    /// statistics until autovacuum gets to them, and the planner then reads
    /// every claim to fold in one new report (a parallel hash join instead
    /// of two index lookups). The default does nothing.
    fn refresh_statistics(&self) -> Result<(), StoreError> {
        Ok(())
    }
    /// The claims a map build needs: when `after` (the generation of the
    /// state the caller holds) is given and only new reports were written
    /// since, the claims of those reports; otherwise (no state yet, or a
    /// correction, baseline, re-analysis or migration since) every claim.
    /// The default always gives every claim.
    fn claims_since(&self, after: Option<i64>) -> Result<ClaimsSince, StoreError> {
        let _ = after;
        let generation = self.generation()?;
        Ok(ClaimsSince {
            generation,
            full: true,
            claims: self.claims()?,
        })
    }
    /// The stored mentions of a report ([`mentions::encode`]'s text), `None`
    /// when it has none stored (stored before mentions were, or re-analysed
    /// since) or no such report.
    fn mentions(&self, id: &str) -> Result<Option<String>, StoreError> {
        let _ = id;
        Ok(None)
    }
    /// Stores the mentions of a report computed later (on first read): not
    /// a map write, the generation stays.
    fn set_mentions(&self, id: &str, mentions: &str) -> Result<(), StoreError> {
        let _ = (id, mentions);
        Ok(())
    }
    /// Appends a correction to the audit log (in the same transaction as the
    /// generation bump); returns it with its id and time. Corrections are
    /// never changed or deleted (the tables refuse it).
    fn add_correction(
        &self,
        author: &str,
        reason: &str,
        action: &Action,
    ) -> Result<Correction, StoreError>;
    /// A value the data set records about itself (see [`REGION_SETTING`]).
    fn setting(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Records a value about the data set; not a map write (the generation
    /// stays).
    fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Every correction, oldest first.
    fn corrections(&self) -> Result<Vec<Correction>, StoreError>;
    /// Appends a correction as another store kept it: its author, time and
    /// reason stay, it gets a new id (what `frontline migrate` copies).
    fn import_correction(&self, correction: &Correction) -> Result<Correction, StoreError>;
    /// Up to `limit` reports whose claims were not read by `extractor`
    /// (another version, or unknown), oldest first: what a re-analysis reads.
    fn reports_to_reanalyse(
        &self,
        extractor: &str,
        limit: usize,
    ) -> Result<Vec<StoredReport>, StoreError>;
    /// How many reports [`Store::reports_to_reanalyse`] would still give.
    fn reanalyse_count(&self, extractor: &str) -> Result<usize, StoreError>;
    /// Replaces the claims of each report with new ones read by `extractor`,
    /// all in one transaction (a batch of a re-analysis).
    fn replace_claims(
        &self,
        batch: &[(String, Vec<Claim>)],
        extractor: &str,
    ) -> Result<(), StoreError>;
    /// Forgets which extractor read every report, so the next re-analysis
    /// reads them all; returns how many reports there are.
    fn forget_extractors(&self) -> Result<usize, StoreError>;
    fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError>;
    /// Stored reports, newest first.
    fn reports(&self, limit: usize, offset: usize) -> Result<Vec<StoredReport>, StoreError>;
    fn report_count(&self) -> Result<usize, StoreError>;
    /// Every claim, from reports and baselines, ordered by date (undated
    /// first) then by insertion; `report_id` and `source` are filled in.
    fn claims(&self) -> Result<Vec<Claim>, StoreError>;
    /// Stores a baseline layer's claims under a name atomically; returns its id.
    fn add_baseline(&self, name: &str, claims: &[Claim]) -> Result<String, StoreError> {
        self.add_baseline_with_areas(name, claims, &[])
    }
    /// [`Store::add_baseline`], keeping the polygons the layer's areas came
    /// from (`frontline import` of an occupied-territory layer) in the same
    /// transaction, so zones can follow their edges ([`Store::areas`]).
    fn add_baseline_with_areas(
        &self,
        name: &str,
        claims: &[Claim],
        areas: &[ImportedArea],
    ) -> Result<String, StoreError>;
    /// Every imported polygon, by baseline then feature, with its
    /// `baseline_id` set.
    fn areas(&self) -> Result<Vec<ImportedArea>, StoreError> {
        Ok(Vec::new())
    }
    /// A counter that changes whenever anything is written (for caches).
    fn generation(&self) -> Result<i64, StoreError>;

    /// Imported baselines, oldest first.
    fn baselines(&self) -> Result<Vec<StoredBaseline>, StoreError> {
        Ok(Vec::new())
    }

    /// Every claim about one place, date-ordered.
    fn claims_for_place(&self, place_id: &str) -> Result<Vec<Claim>, StoreError> {
        Ok(self
            .claims()?
            .into_iter()
            .filter(|c| c.place_id.as_deref() == Some(place_id))
            .collect())
    }

    /// The claims of one baseline (`id` as [`Store::add_baseline`] returned it),
    /// date-ordered.
    fn baseline_claims(&self, id: &str) -> Result<Vec<Claim>, StoreError> {
        Ok(self
            .claims()?
            .into_iter()
            .filter(|c| c.report_id.as_deref() == Some(id))
            .collect())
    }

    /// True when nothing has been stored yet (no reports, no baselines).
    fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.report_count()? == 0
            && self.baselines()?.is_empty()
            && self.corrections()?.is_empty())
    }

    /// A short human description ("sqlite:/path/frontline.sqlite").
    fn describe(&self) -> String {
        "store".into()
    }

    /// True when the store keeps GIS layers of the latest state for other
    /// tools to read (PostGIS tables), so callers should [`Store::publish_gis`].
    fn publishes_gis(&self) -> bool {
        false
    }

    /// Replaces the stored GIS layers (control per place, zones per faction)
    /// with the state built at store generation `generation`, unless a newer
    /// one is already there; returns whether it wrote. A no-op by default.
    fn publish_gis(
        &self,
        generation: i64,
        map: &ControlMap,
        layer: &ZoneLayer,
    ) -> Result<bool, StoreError> {
        let _ = (generation, map, layer);
        Ok(false)
    }
}

/// An imported polygon as the stores keep it: RFC 7946 GeoJSON geometry
/// text, WGS84 (exact: the coordinates as read, no rounding).
pub(crate) fn area_to_geojson(area: &geo::MultiPolygon<f64>) -> String {
    geojson::Geometry::from(&geo::Geometry::MultiPolygon(area.clone())).to_string()
}

/// The polygon of [`area_to_geojson`]'s text (a Polygon is taken as a
/// one-part MultiPolygon).
pub(crate) fn area_from_geojson(text: &str) -> Result<geo::MultiPolygon<f64>, StoreError> {
    let bad = |e: String| StoreError::Db(format!("stored area geometry: {e}"));
    let g: geojson::Geometry = text
        .parse()
        .map_err(|e: geojson::Error| bad(e.to_string()))?;
    match geo::Geometry::<f64>::try_from(g).map_err(|e| bad(e.to_string()))? {
        geo::Geometry::MultiPolygon(m) => Ok(m),
        geo::Geometry::Polygon(p) => Ok(geo::MultiPolygon::new(vec![p])),
        _ => Err(bad("not a polygon".into())),
    }
}

/// True when a `--db` argument names a PostgreSQL database.
/// The setting naming the region a data set belongs to (the pack's
/// `region.toml` name, e.g. "Syria").
pub const REGION_SETTING: &str = "region";

/// Ties `store` to the region `name`: the first command that opens a data
/// set records its region (a data set stored before regions were recorded
/// takes the region of the first command that opens it); later commands
/// with another region are refused, so one data set never mixes two packs'
/// place ids.
pub fn bind_region(store: &dyn Store, name: &str) -> Result<(), StoreError> {
    match store.setting(REGION_SETTING)? {
        Some(holds) if holds == name => Ok(()),
        Some(holds) => Err(StoreError::WrongRegion {
            store: store.describe(),
            holds,
            asked: name.to_string(),
        }),
        None => store.set_setting(REGION_SETTING, name),
    }
}

pub fn is_postgres_url(spec: &str) -> bool {
    let lower = spec.to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// Opens the store named by a `--db` argument: a SQLite file path (created
/// when missing), or `postgres://user@host:port/db[?schema=NAME]` (the schema
/// is the data set, created when missing).
pub fn open(spec: &str) -> Result<Arc<dyn Store>, StoreError> {
    if is_postgres_url(spec) {
        return Ok(Arc::new(postgres::PgStore::open(spec)?));
    }
    let path = spec.strip_prefix("sqlite://").unwrap_or(spec);
    if path.is_empty() {
        return Err(StoreError::Invalid("--db: empty database path".into()));
    }
    Ok(Arc::new(sqlite::SqliteStore::open(std::path::Path::new(
        path,
    ))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_pick_the_postgres_backend() {
        assert!(is_postgres_url("PostgreSQL://x") && is_postgres_url("postgres://x"));
        assert!(!is_postgres_url("postgres.sqlite"));
        let e = open("postgres://user@localhost:notaport/frontline")
            .err()
            .unwrap();
        assert!(e.to_string().contains("not a valid PostgreSQL URL"), "{e}");
    }

    #[test]
    fn empty_path_is_rejected() {
        assert!(open("").is_err());
    }
}
