//! CSV export of the `place` features: one row per coloured place.

use super::ExportError;
use geojson::FeatureCollection;
use serde_json::Value;

/// The columns, in order.
pub const HEADER: &str = "place_id,name,lon,lat,faction,status,since,evidence_count";

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(super) fn write(fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    let mut out = String::from(HEADER);
    out.push('\n');
    for f in &fc.features {
        let Some(p) = &f.properties else { continue };
        if p.get("kind").and_then(Value::as_str) != Some("place") {
            continue;
        }
        let Some(Ok(geo::Geometry::Point(c))) =
            f.geometry.clone().map(geo::Geometry::<f64>::try_from)
        else {
            continue;
        };
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let evidence = p
            .get("evidence")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let row = [
            field(&s("place_id")),
            field(&s("name")),
            format!("{}", c.x()),
            format!("{}", c.y()),
            field(&s("faction")),
            field(&s("status")),
            field(&s("since")),
            evidence.to_string(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    Ok(out.into_bytes())
}
