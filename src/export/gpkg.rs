//! GeoPackage export (OGC 12-128r18): one SQLite file with the standard
//! `gpkg_*` tables written here and one feature table per kind
//! ([`super::table::KINDS`]), typed columns, EPSG:4326. Layers are listed
//! in drawing order (areas first, points last) so QGIS stacks them sensibly,
//! and each has a default QGIS style in `layer_styles` ([`super::qml`]).

use super::table::{tables, Cell, FieldType, Table};
use super::ExportError;
use geo::BoundingRect;
use geojson::FeatureCollection;
use geozero::{CoordDimensions, ToWkb};
use rusqlite::{params, Connection};
use std::path::Path;

fn err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Write(format!("GeoPackage: {e}"))
}

const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

const SCHEMA: &str = "
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT, f_table_schema TEXT,
  f_table_name TEXT, f_geometry_column TEXT, styleName TEXT, styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT, ui TEXT, update_time DATETIME);
";

/// The GeoPackage geometry blob: `GP` header (little-endian, xy envelope,
/// SRS 4326) followed by standard WKB.
pub(super) fn blob(g: &geo::Geometry<f64>) -> Result<Vec<u8>, ExportError> {
    let wkb = g.to_wkb(CoordDimensions::xy()).map_err(err)?;
    let mut out = Vec::with_capacity(wkb.len() + 40);
    out.extend_from_slice(b"GP");
    out.push(0); // version 1
    match g.bounding_rect() {
        Some(r) => {
            out.push(0b0000_0011); // little-endian, envelope [minx, maxx, miny, maxy]
            out.extend_from_slice(&4326i32.to_le_bytes());
            for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        None => {
            out.push(0b0001_0001); // little-endian, empty, no envelope
            out.extend_from_slice(&4326i32.to_le_bytes());
        }
    }
    out.extend_from_slice(&wkb);
    Ok(out)
}

fn sql_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Text | FieldType::Json => "TEXT",
        FieldType::Integer => "INTEGER",
        FieldType::Real => "REAL",
        FieldType::Boolean => "BOOLEAN",
        FieldType::Date => "DATE",
    }
}

fn quoted(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn write_table(db: &Connection, t: &Table) -> Result<(), ExportError> {
    let mut cols = vec![
        "fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string(),
        format!("geom {}", t.geometry_type.name()),
    ];
    cols.extend(
        t.columns
            .iter()
            .map(|(n, ty)| format!("{} {}", quoted(n), sql_type(*ty))),
    );
    db.execute_batch(&format!(
        "CREATE TABLE {} ({});",
        quoted(&t.layer),
        cols.join(", ")
    ))
    .map_err(err)?;
    let bounds = t
        .rows
        .iter()
        .filter_map(|(g, _)| g.bounding_rect())
        .reduce(|a, b| {
            geo::Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        });
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
         VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, 4326)",
        params![
            t.layer,
            format!("frontline {} features", t.kind),
            bounds.map(|b| b.min().x),
            bounds.map(|b| b.min().y),
            bounds.map(|b| b.max().x),
            bounds.map(|b| b.max().y),
        ],
    )
    .map_err(err)?;
    db.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
        params![t.layer, t.geometry_type.name()],
    )
    .map_err(err)?;
    let names: Vec<String> = t.columns.iter().map(|(n, _)| quoted(n)).collect();
    let marks: Vec<String> = (0..=t.columns.len())
        .map(|i| format!("?{}", i + 1))
        .collect();
    let sql = format!(
        "INSERT INTO {} (geom{}{}) VALUES ({})",
        quoted(&t.layer),
        if names.is_empty() { "" } else { ", " },
        names.join(", "),
        marks.join(", ")
    );
    let mut stmt = db.prepare(&sql).map_err(err)?;
    for (g, cells) in &t.rows {
        let mut values: Vec<rusqlite::types::Value> = vec![blob(g)?.into()];
        values.extend(cells.iter().map(|c| match c {
            Cell::Null => rusqlite::types::Value::Null,
            Cell::Text(s) => s.clone().into(),
            Cell::Integer(i) => (*i).into(),
            Cell::Real(r) => (*r).into(),
            Cell::Boolean(b) => i64::from(*b).into(),
        }));
        stmt.execute(rusqlite::params_from_iter(values))
            .map_err(err)?;
    }
    Ok(())
}

/// Writes the GeoPackage to `path` (which must not exist yet).
pub fn write_file(fc: &FeatureCollection, path: &Path) -> Result<(), ExportError> {
    let mut db = Connection::open(path).map_err(err)?;
    db.execute_batch(SCHEMA).map_err(err)?;
    let tx = db.transaction().map_err(err)?;
    tx.execute_batch(&format!(
        "INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');"
    ))
    .map_err(err)?;
    let colours = super::kml::faction_colours(fc);
    for t in tables(fc, true) {
        write_table(&tx, &t)?;
        // QGIS's own convention: the default style of a layer, by table name.
        tx.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,
               styleName, styleQML, styleSLD, useAsDefault, description, owner, update_time)
             VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, ?3, 'frontline',
               strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
            params![
                t.layer,
                super::qml::style(&t.kind, &colours),
                format!("frontline {} style", t.kind)
            ],
        )
        .map_err(err)?;
    }
    tx.commit().map_err(err)?;
    Ok(())
}

/// The GeoPackage as bytes (written through a temporary file: SQLite needs one).
pub(super) fn write(fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    let dir = std::env::temp_dir().join(format!(
        "frontline-gpkg-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir).map_err(err)?;
    let path = dir.join("export.gpkg");
    let result = write_file(fc, &path).and_then(|()| std::fs::read(&path).map_err(err));
    let _ = std::fs::remove_dir_all(&dir);
    result
}
