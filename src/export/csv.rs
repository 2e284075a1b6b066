//! CSV export of the `place` features (one row per coloured place), and of
//! the changes between two dates (one row per place that changed).

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

/// The columns of [`changes`], in order.
pub const CHANGES_HEADER: &str = "place_id,name,part,lon,lat,before_faction,before_status,after_faction,after_status,since,evidence_count,latest_quote";

/// The changes between two dates as CSV: an empty `before_*` means nothing was
/// known of the place on the first date.
pub fn changes(changes: &[crate::timeline::Change]) -> String {
    let mut out = String::from(CHANGES_HEADER);
    out.push('\n');
    let holding = |h: &Option<crate::timeline::Holding>| match h {
        Some(h) => (h.faction.clone(), h.status.as_str().to_string()),
        None => (String::new(), String::new()),
    };
    for c in changes {
        let (bf, bs) = holding(&c.before);
        let (af, as_) = holding(&c.after);
        let row = [
            field(&c.place_id),
            field(&c.name),
            c.part.map(|d| d.as_str()).unwrap_or("").to_string(),
            format!("{:.6}", c.lon),
            format!("{:.6}", c.lat),
            field(&bf),
            bs,
            field(&af),
            as_,
            c.since.map(|d| d.to_string()).unwrap_or_default(),
            c.evidence.len().to_string(),
            field(c.evidence.first().map_or("", |e| e.quote.as_str())),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
