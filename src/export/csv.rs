//! CSV export: every feature as one row, geometry as WKT in the first
//! column (named `WKT`, which GDAL and QGIS take as the geometry without
//! options), then the columns of [`super::table`] (all kinds' columns, in
//! the same order), `lon`/`lat` for points; and the changes between two dates
//! (one row per place that changed).

use super::table::tables;
use super::ExportError;
use geojson::FeatureCollection;
use geozero::ToWkt;

/// The columns every zones CSV starts with.
pub const LEADING_COLUMNS: &[&str] = &["WKT", "kind", "name", "place_id", "part", "lon", "lat"];

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(super) fn write(fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    let tables = tables(fc, false);
    let mut header: Vec<String> = LEADING_COLUMNS.iter().map(|c| c.to_string()).collect();
    for t in &tables {
        for (c, _) in &t.columns {
            if !header.contains(c) {
                header.push(c.clone());
            }
        }
    }
    // The long JSON evidence last, after the readable summary columns.
    if let Some(i) = header.iter().position(|c| c == "evidence") {
        let e = header.remove(i);
        header.push(e);
    }
    let mut out = header.join(",");
    out.push('\n');
    for t in &tables {
        for (g, cells) in &t.rows {
            let wkt = g
                .to_wkt()
                .map_err(|e| ExportError::Write(format!("CSV: {e}")))?;
            let point = match g {
                geo::Geometry::Point(p) => Some(*p),
                _ => None,
            };
            let row: Vec<String> = header
                .iter()
                .map(|c| match c.as_str() {
                    "WKT" => field(&wkt),
                    "kind" => t.kind.clone(),
                    "lon" => point.map(|p| p.x().to_string()).unwrap_or_default(),
                    "lat" => point.map(|p| p.y().to_string()).unwrap_or_default(),
                    c => t
                        .columns
                        .iter()
                        .position(|(n, _)| n == c)
                        .map(|i| field(&cells[i].text()))
                        .unwrap_or_default(),
                })
                .collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
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
