//! Exports: GeoJSON feature collections (RFC 7946) for mentions and zones, and
//! the GIS formats (FlatGeobuf, GeoPackage, KML, CSV) built from the same
//! features; `table` flattens features into the typed per-kind layers the
//! fixed-schema formats need.

pub mod csv;
mod fgb;
pub mod geojson_out;
pub mod gpkg;
mod kml;
mod qml;
pub mod table;

pub use geojson_out::{
    flag_approximate, mention_points, mentions_collection, rfc7946_collection, zones_collection,
};

use geojson::FeatureCollection;

/// Text for XML character data and attribute values (KML, QGIS styles): the
/// five markup characters escaped, and the characters XML 1.0 cannot hold at
/// all (C0 controls but tab, line feed and carriage return; reports stored
/// before input was cleaned may have them) made U+FFFD.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A GIS file format `frontline export` and `/api/export` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    /// FlatGeobuf.
    Fgb,
    Kml,
    /// Every feature, geometry as WKT in the first column (see [`csv`]).
    Csv,
    /// GeoPackage: one layer per feature kind (see [`gpkg`]).
    Gpkg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Fgb => "fgb",
            Format::Kml => "kml",
            Format::Csv => "csv",
            Format::Gpkg => "gpkg",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::GeoJson => "application/geo+json",
            Format::Fgb => "application/octet-stream",
            Format::Kml => "application/vnd.google-earth.kml+xml",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Gpkg => "application/geopackage+sqlite3",
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
            "gpkg" | "geopackage" => Ok(Format::Gpkg),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format {0:?} (expected geojson, fgb, gpkg, kml or csv)")]
    UnknownFormat(String),
    #[error("{0}")]
    Write(String),
}

/// Writes a zones FeatureCollection in `format`: GeoJSON as is; FlatGeobuf
/// as one mixed-geometry layer (see [`fgb`]); GeoPackage with one layer per
/// kind; KML with one folder per kind; CSV with a WKT column.
pub fn write(format: Format, fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::GeoJson => serde_json::to_vec(fc).map_err(|e| ExportError::Write(e.to_string())),
        Format::Fgb => fgb::write(fc),
        Format::Kml => kml::write(fc),
        Format::Csv => csv::write(fc),
        Format::Gpkg => gpkg::write(fc),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escape_leaves_no_character_xml_refuses() {
        let cases = [
            ("a < b & \"c\" > d", "a &lt; b &amp; &quot;c&quot; &gt; d"),
            ("tab\tline\ncr\r", "tab\tline\ncr\r"),
            (
                "nul\0 bell\x07 esc\x1b",
                "nul\u{fffd} bell\u{fffd} esc\u{fffd}",
            ),
            ("حلب \u{202e}Aleppo", "حلب \u{202e}Aleppo"),
        ];
        for (input, want) in cases {
            assert_eq!(super::xml_escape(input), want, "{input:?}");
        }
    }
}
