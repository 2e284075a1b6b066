//! FlatGeobuf export. One file holds every feature kind: the header declares
//! geometry type Unknown (mixed: zones are MultiPolygons, frontlines
//! MultiLineStrings, routes LineStrings, places Points), which GDAL and QGIS
//! read as one layer with per-feature geometry types; filter on `kind` to
//! split it. Columns are the union of all properties; arrays and objects
//! (factions, evidence) are JSON columns; `since`, `as_of` and `date` are
//! DateTime columns.
//!
//! GDAL before 3.9.3 cannot read a MultiLineString without `ends`, and the
//! flatgeobuf crate leaves `ends` out when there is one part: a one-part
//! MultiLineString is therefore written as the LineString it is. An empty
//! layer is written without a spatial index (GDAL cannot size an empty one).

use super::ExportError;
use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geojson::FeatureCollection;
use geozero::{ColumnValue, PropertyProcessor};
use serde_json::Value;

/// Keys whose values are `YYYY-MM-DD` dates.
const DATE_KEYS: &[&str] = &["since", "as_of", "date"];

fn column_type(key: &str, values: &[&Value]) -> ColumnType {
    if DATE_KEYS.contains(&key) && values.iter().all(|v| v.is_null() || v.is_string()) {
        return ColumnType::DateTime;
    }
    let mut t: Option<ColumnType> = None;
    for v in values {
        let vt = match v {
            Value::Null => continue,
            Value::Bool(_) => ColumnType::Bool,
            Value::Number(n) if n.is_i64() => ColumnType::Long,
            Value::Number(_) => ColumnType::Double,
            Value::String(_) => ColumnType::String,
            Value::Array(_) | Value::Object(_) => ColumnType::Json,
        };
        t = Some(match (t, vt) {
            (None, x) => x,
            (Some(a), b) if a == b => a,
            (Some(ColumnType::Long), ColumnType::Double)
            | (Some(ColumnType::Double), ColumnType::Long) => ColumnType::Double,
            (Some(ColumnType::Json), _) | (_, ColumnType::Json) => ColumnType::Json,
            _ => ColumnType::String,
        });
    }
    t.unwrap_or(ColumnType::String)
}

pub(super) fn write(fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    let err = |e: flatgeobuf::Error| ExportError::Write(format!("FlatGeobuf: {e}"));
    // Columns: every property key, in order of first appearance.
    let mut keys: Vec<String> = Vec::new();
    for f in &fc.features {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    let types: Vec<ColumnType> = keys
        .iter()
        .map(|k| {
            let vals: Vec<&Value> = fc
                .features
                .iter()
                .filter_map(|f| f.properties.as_ref()?.get(k))
                .collect();
            column_type(k, &vals)
        })
        .collect();
    let mut fgb = FgbWriter::create_with_options(
        "frontline",
        GeometryType::Unknown,
        FgbWriterOptions {
            write_index: !fc.features.is_empty(),
            detect_type: false,
            promote_to_multi: false,
            crs: FgbCrs {
                code: 4326,
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .map_err(err)?;
    for (k, t) in keys.iter().zip(&types) {
        fgb.add_column(k, *t, |_, col| col.nullable = true);
    }
    for f in &fc.features {
        let Some(g) = &f.geometry else { continue };
        let geom = match geo::Geometry::<f64>::try_from(g.clone())
            .map_err(|e| ExportError::Write(format!("FlatGeobuf: {e}")))?
        {
            geo::Geometry::MultiLineString(mut m) if m.0.len() == 1 => {
                geo::Geometry::LineString(m.0.remove(0))
            }
            other => other,
        };
        let props = f.properties.clone().unwrap_or_default();
        let mut failed = None;
        fgb.add_feature_geom(geom, |feat| {
            for (i, (k, t)) in keys.iter().zip(&types).enumerate() {
                let Some(v) = props.get(k).filter(|v| !v.is_null()) else {
                    continue;
                };
                let text;
                let cv = match (*t, v) {
                    (ColumnType::Bool, Value::Bool(b)) => ColumnValue::Bool(*b),
                    (ColumnType::Long, Value::Number(n)) => {
                        ColumnValue::Long(n.as_i64().unwrap_or(0))
                    }
                    (ColumnType::Double, Value::Number(n)) => {
                        ColumnValue::Double(n.as_f64().unwrap_or(f64::NAN))
                    }
                    (ColumnType::String, Value::String(s)) => ColumnValue::String(s),
                    (ColumnType::DateTime, Value::String(s)) => ColumnValue::DateTime(s),
                    (ColumnType::Json, v) => {
                        text = v.to_string();
                        ColumnValue::Json(&text)
                    }
                    (_, v) => {
                        text = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        ColumnValue::String(&text)
                    }
                };
                if let Err(e) = feat.property(i, k, &cv) {
                    failed = Some(e.to_string());
                }
            }
        })
        .map_err(|e| ExportError::Write(format!("FlatGeobuf: {e}")))?;
        if let Some(e) = failed {
            return Err(ExportError::Write(format!("FlatGeobuf: {e}")));
        }
    }
    let mut out = Vec::new();
    fgb.write(&mut out).map_err(err)?;
    Ok(out)
}
