//! Exports: GeoJSON feature collections (RFC 7946) for mentions and zones, and
//! the GIS formats (FlatGeobuf, KML, CSV) built from the same features.

pub mod geojson_out;

pub use geojson_out::{mentions_collection, zones_collection};
