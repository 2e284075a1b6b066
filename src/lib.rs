//! frontline: conflict reporting in, control-zone maps out.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! report ─► gazetteer ─► geoparse ─► claims ─► timeline ─► zones ─► export / store / server
//! ```
//!
//! * [`report`] parses report files (header + body, JSON Lines).
//! * [`gazetteer`] loads a region pack (places, names, shapes) and answers lookups.
//! * [`geoparse`] finds place mentions in text and resolves each to one [`gazetteer::Place`].
//! * [`claims`] reads who-holds-what statements ([`claims::Claim`]) out of a geoparsed report.
//! * [`review`] applies analysts' corrections to the claims (after claims, before the timeline).
//! * [`timeline`] fuses claims by date into a [`timeline::ControlMap`] for any date.
//! * [`zones`] turns a control map into faction polygons, frontlines, sieges and routes.
//! * [`import`] reads GIS layers (GeoJSON, CSV, GeoPackage, Shapefile, FlatGeobuf, KML) as dated baseline claims.
//! * [`export`] writes GeoJSON (RFC 7946), FlatGeobuf, KML and CSV.
//! * [`store`] keeps reports, claims and baselines (SQLite by default, PostgreSQL optionally).
//! * [`server`] is the axum HTTP API and the static web map.
//! * [`pipeline`] is the store-backed path shared by the server and the CLI.

pub mod bench_data;
pub mod claims;
pub mod export;
pub mod fasthash;
pub mod gazetteer;
pub mod geoparse;
pub mod import;
pub mod pipeline;
pub mod region;
pub mod report;
pub mod review;
pub mod server;
pub mod store;
pub mod timeline;
pub mod zones;

pub use region::Region;
