//! Exports: GeoJSON feature collections (RFC 7946) for mentions and zones, and
//! the GIS formats (FlatGeobuf, KML, CSV) built from the same features.

pub mod csv;
mod fgb;
pub mod geojson_out;
mod kml;

pub use geojson_out::{mentions_collection, zones_collection};

use geojson::FeatureCollection;

/// A GIS file format `frontline export` and `/api/export` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    /// FlatGeobuf.
    Fgb,
    Kml,
    /// Places only: place_id,name,lon,lat,faction,status,since,evidence_count.
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Fgb => "fgb",
            Format::Kml => "kml",
            Format::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::GeoJson => "application/geo+json",
            Format::Fgb => "application/octet-stream",
            Format::Kml => "application/vnd.google-earth.kml+xml",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Format, ExportError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "fgb" | "flatgeobuf" => Ok(Format::Fgb),
            "kml" => Ok(Format::Kml),
            "csv" => Ok(Format::Csv),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format {0:?} (expected geojson, fgb, kml or csv)")]
    UnknownFormat(String),
    #[error("{0}")]
    Write(String),
}

/// Writes a zones FeatureCollection in `format`: GeoJSON as is; FlatGeobuf
/// as one mixed-geometry layer (see [`fgb`]); KML with one Placemark per
/// feature; CSV with the places only (see [`Format::Csv`]).
pub fn write(format: Format, fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::GeoJson => serde_json::to_vec(fc).map_err(|e| ExportError::Write(e.to_string())),
        Format::Fgb => fgb::write(fc),
        Format::Kml => kml::write(fc),
        Format::Csv => csv::write(fc),
    }
}
