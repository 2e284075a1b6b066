//! Storage of reports, claims and baselines behind the [`Store`] trait.
//!
//! SQLite ([`sqlite::SqliteStore`]) is the embedded default.
//! The store keeps what it is given; it does no geoparsing or fusion itself.

use crate::claims::Claim;
use crate::report::Report;
use serde::Serialize;

/// A report as stored, with its id and the claims read from it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredReport {
    pub id: String,
    pub report: Report,
    pub claims: Vec<Claim>,
    pub created_at: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(String),
    #[error("{0}")]
    Invalid(String),
}

/// Where reports and claims live. Implementations must be safe to share
/// between request handlers.
pub trait Store: Send + Sync {
    /// Stores a report with its claims atomically; returns its id.
    fn add_report(&self, report: &Report, claims: &[Claim]) -> Result<String, StoreError>;
    fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError>;
    fn reports(&self, limit: usize, offset: usize) -> Result<Vec<StoredReport>, StoreError>;
    fn report_count(&self) -> Result<usize, StoreError>;
    /// Every claim, from reports and baselines.
    fn claims(&self) -> Result<Vec<Claim>, StoreError>;
    /// Stores a baseline layer's claims under a name; returns its id.
    fn add_baseline(&self, name: &str, claims: &[Claim]) -> Result<String, StoreError>;
    /// A counter that changes whenever anything is written (for caches).
    fn generation(&self) -> Result<i64, StoreError>;
}
