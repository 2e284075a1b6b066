//! Baseline import: a GIS layer (GeoJSON points or polygons with a `faction`
//! property, or CSV with lat/lon columns) read as dated baseline claims.
//!
//! Points snap to gazetteer places when one of the same or a similar name lies
//! within ~2 km (else the nearest settlement within ~1 km); otherwise they
//! become ad-hoc places `baseline:<file-stem>:<n>` with their coordinates kept
//! in the claim. Bad rows are reported with their line (CSV) or feature number
//! (GeoJSON) and skipped, never silently.

use crate::claims::{Claim, Factions};
use crate::gazetteer::Gazetteer;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// How to read a layer.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Date for features without their own `date` (else the date in the file
    /// name, e.g. `aleppo-2016-02-01.geojson`).
    pub default_date: Option<NaiveDate>,
    /// Confidence given to baseline claims.
    pub confidence: f32,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            default_date: None,
            confidence: 0.8,
        }
    }
}

/// One skipped row or feature, and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowError {
    pub file: String,
    /// CSV: 1-based line number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// GeoJSON: 1-based feature number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.feature) {
            (Some(l), _) => write!(f, "{}:{}: {}", self.file, l, self.message),
            (None, Some(n)) => write!(f, "{}: feature {}: {}", self.file, n, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A layer that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: {msg}")]
    Format { file: String, msg: String },
}

/// Reads a baseline layer from a file.
pub fn read_path(
    path: &Path,
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<(Vec<Claim>, Vec<RowError>), BaselineError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| BaselineError::Io {
        file: name.clone(),
        source,
    })?;
    read_layer(&name, &bytes, opts, gazetteer, factions)
}

/// Reads a baseline layer given its file name (for messages, the format guess
/// and ad-hoc place ids) and its bytes.
pub fn read_layer(
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<(Vec<Claim>, Vec<RowError>), BaselineError> {
    let _ = (bytes, opts, gazetteer, factions);
    Err(BaselineError::Format {
        file: name.to_string(),
        msg: "baseline import is not implemented yet".into(),
    })
}
