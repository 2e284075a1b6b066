//! KML export: one Folder per feature kind (zones, sieges, frontlines,
//! routes, advances, places), one Placemark per feature with a shared style
//! in its faction's colours (KML colours are aabbggrr), a description
//! holding status, dates and every evidence quote with its source, a
//! TimeSpan from `since` (or a TimeStamp at `as_of`) for Google Earth's time
//! slider, and every property as ExtendedData.

use super::{xml_escape, ExportError};
use geo::Geometry;
use geojson::FeatureCollection;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

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

/// Faction colours as the zone features carry them (`fill`, `stroke`).
pub(super) fn faction_colours(fc: &FeatureCollection) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for f in &fc.features {
        let Some(p) = &f.properties else { continue };
        let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
        if let (Some(faction), Some(fill), Some(stroke)) = (s("faction"), s("fill"), s("stroke")) {
            out.entry(faction).or_insert((fill, stroke));
        }
    }
    out
}

const UNKNOWN: (&str, &str) = ("#9e9e9e", "#616161");

/// The shared styles: per faction a zone, place and line style; frontlines
/// and routes have their own.
fn styles(out: &mut String, factions: &[String], colours: &BTreeMap<String, (String, String)>) {
    for f in factions {
        let (fill, stroke) = colours
            .get(f)
            .map_or(UNKNOWN, |(a, b)| (a.as_str(), b.as_str()));
        let fill_a = kml_colour(fill, "80").unwrap_or_else(|| "809e9e9e".into());
        let stroke_c = kml_colour(stroke, "ff").unwrap_or_else(|| "ff616161".into());
        let fill_c = kml_colour(fill, "ff").unwrap_or_else(|| "ff9e9e9e".into());
        let id = xml_escape(f);
        let _ = write!(
            out,
            "<Style id=\"zone-{id}\"><LineStyle><color>{stroke_c}</color><width>1</width></LineStyle><PolyStyle><color>{fill_a}</color></PolyStyle></Style>\n\
             <Style id=\"place-{id}\"><IconStyle><color>{fill_c}</color><scale>0.7</scale><Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle><LabelStyle><scale>0.7</scale></LabelStyle></Style>\n\
             <Style id=\"line-{id}\"><LineStyle><color>{stroke_c}</color><width>3</width></LineStyle><PolyStyle><color>{fill_a}</color></PolyStyle></Style>\n"
        );
    }
    out.push_str(
        "<Style id=\"frontline\"><LineStyle><color>ff000000</color><width>3</width></LineStyle></Style>\n\
         <Style id=\"route-cut\"><LineStyle><color>ff0000ff</color><width>3</width></LineStyle></Style>\n\
         <Style id=\"route-open\"><LineStyle><color>ff00aa00</color><width>2</width></LineStyle></Style>\n",
    );
}

/// The description: status and dates, then every evidence item.
fn description(props: &serde_json::Map<String, Value>) -> String {
    let mut d = String::new();
    for k in ["faction", "status", "besieger", "since", "as_of"] {
        if let Some(v) = props.get(k).and_then(Value::as_str) {
            let _ = write!(d, "<b>{}</b>: {}<br/>", xml_escape(k), xml_escape(v));
        }
    }
    if let Some(items) = props.get("evidence").and_then(Value::as_array) {
        d.push_str("<ul>");
        for e in items {
            let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("");
            let _ = write!(d, "<li>\u{201c}{}\u{201d}", xml_escape(s("quote")));
            let cite: Vec<&str> = [s("source"), s("date"), s("report_id")]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            if !cite.is_empty() {
                let _ = write!(d, " — {}", xml_escape(&cite.join(", ")));
            }
            d.push_str("</li>");
        }
        d.push_str("</ul>");
    }
    d
}

pub(super) fn write(fc: &FeatureCollection) -> Result<Vec<u8>, ExportError> {
    let colours = faction_colours(fc);
    let mut factions: Vec<String> = colours.keys().cloned().collect();
    for f in &fc.features {
        let Some(p) = &f.properties else { continue };
        for k in ["faction", "besieger"] {
            if let Some(v) = p.get(k).and_then(Value::as_str) {
                if !factions.iter().any(|x| x == v) {
                    factions.push(v.to_string());
                }
            }
        }
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>frontline</name>\n",
    );
    styles(&mut out, &factions, &colours);
    // Every standard kind has its folder (layer), even when empty.
    let mut kinds: Vec<&str> = super::table::KINDS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| *k != "mention")
        .collect();
    for f in &fc.features {
        let k = kind_of(f);
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let rank = |k: &&str| {
        super::table::KINDS
            .iter()
            .position(|(x, _)| x == k)
            .unwrap_or(usize::MAX)
    };
    kinds.sort_by_key(rank);
    for kind in kinds {
        let _ = writeln!(
            out,
            "<Folder><name>{}</name>",
            xml_escape(&super::table::layer_name(kind))
        );
        for f in fc.features.iter().filter(|f| kind_of(f) == kind) {
            placemark(&mut out, f)?;
        }
        out.push_str("</Folder>\n");
    }
    out.push_str("</Document>\n</kml>\n");
    Ok(out.into_bytes())
}

fn kind_of(f: &geojson::Feature) -> &str {
    f.properties
        .as_ref()
        .and_then(|p| p.get("kind"))
        .and_then(Value::as_str)
        .unwrap_or("feature")
}

fn placemark(out: &mut String, f: &geojson::Feature) -> Result<(), ExportError> {
    let Some(g) = &f.geometry else {
        return Ok(());
    };
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
    let list = |k: &str| {
        props
            .get(k)
            .and_then(Value::as_array)
            .map_or_else(String::new, |a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
    };
    let kind = s("kind");
    let (name, style) = match kind.as_str() {
        "zone" => (s("label"), format!("zone-{}", s("faction"))),
        "frontline" => (
            format!("Frontline {}", list("factions")),
            "frontline".into(),
        ),
        "siege" => {
            let what = if s("name").is_empty() {
                s("besieged")
            } else {
                s("name")
            };
            (
                format!("Siege of {what} by {}", s("besieger")),
                format!("line-{}", s("besieger")),
            )
        }
        "route" => (
            format!("{} ({})", s("name"), s("status")),
            format!(
                "route-{}",
                if s("status") == "cut" { "cut" } else { "open" }
            ),
        ),
        "advance" => (
            format!(
                "Advance on {} from the {} ({})",
                s("name"),
                s("side"),
                s("faction")
            ),
            format!("line-{}", s("faction")),
        ),
        _ => {
            let name = if s("part").is_empty() {
                s("name")
            } else {
                format!("{} ({})", s("name"), s("part"))
            };
            (name, format!("place-{}", s("faction")))
        }
    };
    out.push_str("<Placemark>");
    let _ = write!(out, "<name>{}</name>", xml_escape(&name));
    let d = description(&props);
    if !d.is_empty() {
        let _ = write!(out, "<description>{}</description>", xml_escape(&d));
    }
    if !s("since").is_empty() {
        let _ = write!(
            out,
            "<TimeSpan><begin>{}</begin></TimeSpan>",
            xml_escape(&s("since"))
        );
    } else if !s("as_of").is_empty() {
        let _ = write!(
            out,
            "<TimeStamp><when>{}</when></TimeStamp>",
            xml_escape(&s("as_of"))
        );
    }
    let _ = write!(out, "<styleUrl>#{}</styleUrl>", xml_escape(&style));
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
            xml_escape(k),
            xml_escape(&text)
        );
    }
    out.push_str("</ExtendedData>");
    geometry(out, &geom);
    out.push_str("</Placemark>\n");
    Ok(())
}
