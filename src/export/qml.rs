//! QGIS layer styles (QML) for the GeoPackage export: what QGIS applies by
//! default when it opens a layer of a GeoPackage that has a `layer_styles`
//! table, so zones come up in the faction colours of the web map instead of
//! random ones. One style per feature kind; faction colours come from the
//! zone features' `fill`/`stroke` properties (the region's `factions.toml`).

use super::xml_escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Faction id → (fill, stroke) as `#rrggbb`.
pub(super) type FactionColours = BTreeMap<String, (String, String)>;

/// A neutral grey for values no category names.
const OTHER: (&str, &str) = ("#9e9e9e", "#616161");

/// `#rrggbb` as QGIS's `r,g,b,a`; grey when the text is not a colour.
fn rgba(hex: &str, alpha: u8) -> String {
    let h = hex.trim_start_matches('#');
    let channel = |i: usize| h.get(i..i + 2).and_then(|c| u8::from_str_radix(c, 16).ok());
    match (h.len(), channel(0), channel(2), channel(4)) {
        (6, Some(r), Some(g), Some(b)) => format!("{r},{g},{b},{alpha}"),
        _ => format!("158,158,158,{alpha}"),
    }
}

/// One symbol: its QGIS type (`fill`, `line`, `marker`) and its layer.
struct Symbol {
    kind: &'static str,
    class: &'static str,
    props: Vec<(&'static str, String)>,
}

fn fill(fill: &str, stroke: &str, alpha: u8, style: &str) -> Symbol {
    Symbol {
        kind: "fill",
        class: "SimpleFill",
        props: vec![
            ("color", rgba(fill, alpha)),
            ("style", style.into()),
            ("outline_color", rgba(stroke, 255)),
            ("outline_style", "solid".into()),
            ("outline_width", "0.26".into()),
        ],
    }
}

fn line(colour: &str, width: &str, style: &str) -> Symbol {
    Symbol {
        kind: "line",
        class: "SimpleLine",
        props: vec![
            ("line_color", rgba(colour, 255)),
            ("line_width", width.into()),
            ("line_style", style.into()),
            ("capstyle", "round".into()),
        ],
    }
}

/// A report's mention of a place: small and hollow, so it sits on top of
/// the place markers without hiding their colour.
fn mention_marker() -> Symbol {
    Symbol {
        kind: "marker",
        class: "SimpleMarker",
        props: vec![
            ("name", "diamond".into()),
            ("color", rgba("#ffffff", 0)),
            ("outline_color", rgba("#212121", 255)),
            ("size", "1.6".into()),
        ],
    }
}

fn marker(fill: &str, stroke: &str) -> Symbol {
    Symbol {
        kind: "marker",
        class: "SimpleMarker",
        props: vec![
            ("name", "circle".into()),
            ("color", rgba(fill, 255)),
            ("outline_color", rgba(stroke, 255)),
            ("size", "2.4".into()),
        ],
    }
}

fn write_symbol(out: &mut String, name: &str, s: &Symbol) {
    let _ = write!(
        out,
        "<symbol type=\"{}\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\
         <layer class=\"{}\" enabled=\"1\" locked=\"0\" pass=\"0\">",
        s.kind,
        xml_escape(name),
        s.class
    );
    for (k, v) in &s.props {
        let _ = write!(out, "<prop k=\"{k}\" v=\"{}\"/>", xml_escape(v));
    }
    out.push_str("</layer></symbol>");
}

/// A QML document around a renderer.
fn document(renderer: &str) -> String {
    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n\
         <qgis version=\"3.22.0\" styleCategories=\"Symbology\">{renderer}</qgis>\n"
    )
}

fn single(symbol: &Symbol) -> String {
    let mut r = String::from("<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\"><symbols>");
    write_symbol(&mut r, "0", symbol);
    r.push_str("</symbols></renderer-v2>");
    document(&r)
}

/// A categorised renderer on `attr`: one (value, label, symbol) per category
/// and a grey symbol for anything else.
fn categorised(attr: &str, categories: &[(String, String, Symbol)], other: Symbol) -> String {
    let mut r = format!(
        "<renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\"><categories>",
        xml_escape(attr)
    );
    for (i, (value, label, _)) in categories.iter().enumerate() {
        let _ = write!(
            r,
            "<category render=\"true\" symbol=\"{i}\" value=\"{}\" label=\"{}\"/>",
            xml_escape(value),
            xml_escape(label)
        );
    }
    let _ = write!(
        r,
        "<category render=\"true\" symbol=\"{}\" value=\"\" label=\"other\"/></categories><symbols>",
        categories.len()
    );
    for (i, (_, _, s)) in categories.iter().enumerate() {
        write_symbol(&mut r, &i.to_string(), s);
    }
    write_symbol(&mut r, &categories.len().to_string(), &other);
    r.push_str("</symbols></renderer-v2>");
    document(&r)
}

fn by_faction(
    colours: &FactionColours,
    symbol: impl Fn(&str, &str) -> Symbol,
) -> Vec<(String, String, Symbol)> {
    colours
        .iter()
        .map(|(faction, (f, s))| (faction.clone(), faction.clone(), symbol(f, s)))
        .collect()
}

/// The QML style of a feature kind's layer (`zone`, `place`, …).
pub(super) fn style(kind: &str, colours: &FactionColours) -> String {
    let (other_fill, other_stroke) = OTHER;
    match kind {
        "zone" => categorised(
            "faction",
            &by_faction(colours, |f, s| fill(f, s, 115, "solid")),
            fill(other_fill, other_stroke, 115, "solid"),
        ),
        "siege" => single(&fill("#b71c1c", "#b71c1c", 255, "b_diagonal")),
        "frontline" => single(&line("#000000", "0.8", "solid")),
        "route" => categorised(
            "status",
            &[
                ("cut".into(), "cut".into(), line("#d32f2f", "0.9", "dash")),
                (
                    "open".into(),
                    "open".into(),
                    line("#2e7d32", "0.7", "solid"),
                ),
            ],
            line(other_stroke, "0.5", "solid"),
        ),
        "advance" => categorised(
            "faction",
            &by_faction(colours, |_, s| line(s, "1.2", "solid")),
            line(other_stroke, "1.2", "solid"),
        ),
        "place" => categorised(
            "faction",
            &by_faction(colours, marker),
            marker(other_fill, other_stroke),
        ),
        "mention" => single(&mention_marker()),
        _ => single(&marker(other_fill, other_stroke)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_in_qgis_form() {
        for (hex, want) in [
            ("#ff0000", "255,0,0,255"),
            ("1a2B3c", "26,43,60,255"),
            ("#fff", "158,158,158,255"),
            ("red", "158,158,158,255"),
            ("#zzzzzz", "158,158,158,255"),
        ] {
            assert_eq!(rgba(hex, 255), want, "{hex}");
        }
    }

    #[test]
    fn zones_are_categorised_by_faction() {
        let mut colours = FactionColours::new();
        colours.insert("government".into(), ("#e53935".into(), "#b71c1c".into()));
        colours.insert("a&b".into(), ("#43a047".into(), "#1b5e20".into()));
        let qml = style("zone", &colours);
        assert!(qml.contains("attr=\"faction\""));
        assert!(qml.contains("value=\"government\""));
        assert!(qml.contains("value=\"a&amp;b\""));
        assert!(qml.contains("v=\"229,57,53,115\""));
        assert!(style("route", &colours).contains("value=\"cut\""));
        assert!(style("mention", &colours).contains("diamond"));
    }
}
