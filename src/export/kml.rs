//! KML export: one Placemark per feature, properties as ExtendedData, zones
//! styled with their faction colours (KML colours are aabbggrr).

use super::ExportError;
use geo::Geometry;
use geojson::FeatureCollection;
use serde_json::Value;
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `#rrggbb` → KML `aabbggrr`.
fn kml_colour(hex: &str, alpha: &str) -> Option<String> {
    let h = hex.strip_prefix('#')?;
    (h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| format!("{alpha}{}{}{}", &h[4..6], &h[2..4], &h[0..2]).to_lowercase())
}

fn coords(ls: &geo::LineString<f64>) -> String {
    ls.0.iter()
        .map(|c| format!("{},{}", c.x, c.y))
        .collect::<Vec<_>>()
        .join(" ")
}

fn polygon(out: &mut String, p: &geo::Polygon<f64>) {
    let _ = write!(
        out,
        "<Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs>",
        coords(p.exterior())
    );
    for h in p.interiors() {
        let _ = write!(
            out,
            "<innerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></innerBoundaryIs>",
            coords(h)
        );
    }
    out.push_str("</Polygon>");
}

fn geometry(out: &mut String, g: &Geometry<f64>) {
    match g {
        Geometry::Point(p) => {
            let _ = write!(
                out,
                "<Point><coordinates>{},{}</coordinates></Point>",
                p.x(),
                p.y()
            );
        }
        Geometry::LineString(l) => {
            let _ = write!(
                out,
                "<LineString><coordinates>{}</coordinates></LineString>",
                coords(l)
            );
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::MultiLineString(m) => {
            out.push_str("<MultiGeometry>");
            for l in &m.0 {
                geometry(out, &Geometry::LineString(l.clone()));
            }
            out.push_str("</MultiGeometry>");
        }
        Geometry::MultiPolygon(m) => {
            out.push_str("<MultiGeometry>");
            for p in &m.0 {
                polygon(out, p);
            }
            out.push_str("</MultiGeometry>");
        }
        Geometry::MultiPoint(m) => {
            out.push_str("<MultiGeometry>");
            for p in &m.0 {
                geometry(out, &Geometry::Point(*p));
            }
            out.push_str("</MultiGeometry>");
        }
        other => {
            // Collections and other types do not occur in zone layers.
            let _ = other;
        }
    }
}

pub(super) fn write(fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>frontline</name>\n",
    );
    for f in &fc.features {
        let Some(g) = &f.geometry else { continue };
        let geom = Geometry::<f64>::try_from(g.clone())
            .map_err(|e| ExportError::Write(format!("KML: {e}")))?;
        let props = f.properties.clone().unwrap_or_default();
        let s = |k: &str| {
            props
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let kind = s("kind");
        let name = match kind.as_str() {
            "zone" => s("label"),
            "frontline" => format!(
                "Frontline {}",
                props
                    .get("factions")
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            ),
            "siege" => format!("Siege: {} besieged by {}", s("besieged"), s("besieger")),
            "advance" => format!(
                "Advance on {} from the {} ({})",
                s("name"),
                s("side"),
                s("faction")
            ),
            _ => s("name"),
        };
        out.push_str("<Placemark>");
        let _ = write!(out, "<name>{}</name>", esc(&name));
        if let (Some(fill), Some(stroke)) =
            (kml_colour(&s("fill"), "80"), kml_colour(&s("stroke"), "ff"))
        {
            let _ = write!(
                out,
                "<Style><LineStyle><color>{stroke}</color><width>1</width></LineStyle><PolyStyle><color>{fill}</color></PolyStyle></Style>"
            );
        }
        out.push_str("<ExtendedData>");
        for (k, v) in &props {
            let text = match v {
                Value::Null => continue,
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let _ = write!(
                out,
                "<Data name=\"{}\"><value>{}</value></Data>",
                esc(k),
                esc(&text)
            );
        }
        out.push_str("</ExtendedData>");
        geometry(&mut out, &geom);
        out.push_str("</Placemark>\n");
    }
    out.push_str("</Document>\n</kml>\n");
    Ok(out.into_bytes())
}
