//! The zones FeatureCollection as typed tables, one per feature kind: what
//! the formats with fixed schemas (GeoPackage, CSV, KML folders, per-kind
//! layers) write. GeoJSON keeps lists and objects; a table column is one
//! typed scalar, so lists of names become `a|b` text, evidence becomes
//! JSON text plus `evidence_count`, `quote` and `source` of its newest item,
//! and `since`/`as_of`/`date` are dates.

use geo::Geometry;
use geojson::FeatureCollection;
use serde_json::Value;

/// The feature kinds in drawing order (areas first, points last), with the
/// layer each becomes.
pub const KINDS: &[(&str, &str)] = &[
    ("zone", "zones"),
    ("siege", "sieges"),
    ("frontline", "frontlines"),
    ("route", "routes"),
    ("advance", "advances"),
    ("place", "places"),
    ("mention", "mentions"),
];

/// The layer name of a feature kind (`zone` → `zones`).
pub fn layer_name(kind: &str) -> String {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or_else(|| format!("{kind}s"), |(_, l)| l.to_string())
}

/// The feature kind of a layer name or kind (`zones` → `zone`).
pub fn kind_of_layer(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    KINDS
        .iter()
        .find(|(k, l)| *k == n || *l == n)
        .map(|(k, _)| *k)
}

/// A column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Real,
    Boolean,
    /// `YYYY-MM-DD`.
    Date,
    /// JSON text (evidence items, alternatives).
    Json,
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Integer(i64),
    Real(f64),
    Boolean(bool),
}

impl Cell {
    /// The value as text (empty for null), for CSV and KML.
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Integer(i) => i.to_string(),
            Cell::Real(r) => r.to_string(),
            Cell::Boolean(b) => b.to_string(),
        }
    }
}

/// The geometry type of a table: every row's geometry is of this type
/// (single parts promoted to multi where the kind mixes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeometryType {
    Point,
    LineString,
    MultiLineString,
    MultiPolygon,
}

impl GeometryType {
    /// The OGC / GeoPackage name.
    pub fn name(self) -> &'static str {
        match self {
            GeometryType::Point => "POINT",
            GeometryType::LineString => "LINESTRING",
            GeometryType::MultiLineString => "MULTILINESTRING",
            GeometryType::MultiPolygon => "MULTIPOLYGON",
        }
    }
}

/// The features of one kind as rows of typed columns.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: String,
    pub layer: String,
    pub geometry_type: GeometryType,
    pub columns: Vec<(String, FieldType)>,
    pub rows: Vec<(Geometry<f64>, Vec<Cell>)>,
}

/// Columns that come first, in this order, when a kind has them: what a
/// GIS user looks at first in an attribute table.
const LEADING: &[&str] = &[
    "kind",
    "name",
    "label",
    "place_id",
    "part",
    "faction",
    "status",
    "since",
    "as_of",
    "confidence",
    "besieged",
    "besieger",
    "complete",
    "sides",
    "side",
    "contenders",
    "factions",
];
/// Columns derived from `evidence`, written just before it.
const EVIDENCE_SUMMARY: &[(&str, FieldType)] = &[
    ("evidence_count", FieldType::Integer),
    ("quote", FieldType::Text),
    ("source", FieldType::Text),
    ("report_id", FieldType::Text),
];
const DATE_KEYS: &[&str] = &["since", "as_of", "date"];

/// Separator of list values in one text column.
pub const LIST_SEPARATOR: &str = "|";

fn is_scalar_list(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|a| a.iter().all(|x| !x.is_array() && !x.is_object()))
}

fn value_type(key: &str, v: &Value) -> Option<FieldType> {
    Some(match v {
        Value::Null => return None,
        _ if key == "evidence" => FieldType::Json,
        Value::Bool(_) => FieldType::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => FieldType::Integer,
        Value::Number(_) => FieldType::Real,
        Value::String(_) if DATE_KEYS.contains(&key) => FieldType::Date,
        Value::String(_) => FieldType::Text,
        v if is_scalar_list(v) => FieldType::Text,
        _ => FieldType::Json,
    })
}

fn merge(a: FieldType, b: FieldType) -> FieldType {
    use FieldType::*;
    match (a, b) {
        (a, b) if a == b => a,
        (Integer, Real) | (Real, Integer) => Real,
        (Json, _) | (_, Json) => Json,
        _ => Text,
    }
}

fn cell(t: FieldType, v: Option<&Value>) -> Cell {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Cell::Null;
    };
    match (t, v) {
        (FieldType::Boolean, Value::Bool(b)) => Cell::Boolean(*b),
        (FieldType::Integer, Value::Number(n)) => n.as_i64().map_or(Cell::Null, Cell::Integer),
        (FieldType::Real, Value::Number(n)) => n.as_f64().map_or(Cell::Null, Cell::Real),
        (FieldType::Json, v) => Cell::Text(v.to_string()),
        (_, Value::String(s)) => Cell::Text(s.clone()),
        (_, Value::Array(a)) if is_scalar_list(v) => Cell::Text(
            a.iter()
                .map(|x| match x {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
        ),
        (_, other) => Cell::Text(other.to_string()),
    }
}

/// The newest evidence item (by date; the first when undated).
fn newest_evidence(v: &Value) -> Option<&serde_json::Map<String, Value>> {
    let items = v.as_array()?;
    let mut best: Option<&serde_json::Map<String, Value>> = None;
    for o in items.iter().filter_map(Value::as_object) {
        let date = |o: &serde_json::Map<String, Value>| {
            o.get("date").and_then(Value::as_str).map(str::to_string)
        };
        if best.is_none_or(|b| date(o) > date(b)) {
            best = Some(o);
        }
    }
    best
}

fn geometry_type(geoms: &[&Geometry<f64>], kind: &str) -> GeometryType {
    let has = |f: fn(&Geometry<f64>) -> bool| geoms.iter().any(|g| f(g));
    if has(|g| matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_))) {
        GeometryType::MultiPolygon
    } else if has(|g| matches!(g, Geometry::MultiLineString(_))) {
        GeometryType::MultiLineString
    } else if has(|g| matches!(g, Geometry::LineString(_))) {
        GeometryType::LineString
    } else if has(|g| matches!(g, Geometry::Point(_))) {
        GeometryType::Point
    } else {
        // An empty layer: the type its kind always has.
        match kind {
            "zone" | "siege" => GeometryType::MultiPolygon,
            "frontline" => GeometryType::MultiLineString,
            "route" | "advance" => GeometryType::LineString,
            _ => GeometryType::Point,
        }
    }
}

/// A geometry as the table's type (a Polygon in a MultiPolygon layer
/// becomes a one-part MultiPolygon).
fn promote(g: Geometry<f64>, t: GeometryType) -> Geometry<f64> {
    match (g, t) {
        (Geometry::Polygon(p), GeometryType::MultiPolygon) => {
            Geometry::MultiPolygon(geo::MultiPolygon::new(vec![p]))
        }
        (Geometry::LineString(l), GeometryType::MultiLineString) => {
            Geometry::MultiLineString(geo::MultiLineString::new(vec![l]))
        }
        (g, _) => g,
    }
}

/// The columns of an empty layer of a kind, so every layer has a schema.
const EMPTY_COLUMNS: &[(&str, FieldType)] = &[
    ("kind", FieldType::Text),
    ("name", FieldType::Text),
    ("faction", FieldType::Text),
    ("status", FieldType::Text),
    ("since", FieldType::Date),
];

/// One table per kind that occurs, in [`KINDS`] order (unknown kinds last);
/// with `all_kinds`, also an empty table for each standard kind that does not
/// occur.
pub fn tables(fc: &FeatureCollection, all_kinds: bool) -> Vec<Table> {
    let mut kinds: Vec<String> = KINDS
        .iter()
        .filter(|_| all_kinds)
        .map(|(k, _)| k.to_string())
        .collect();
    for f in &fc.features {
        let k = kind(f).to_string();
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let rank = |k: &String| {
        KINDS
            .iter()
            .position(|(x, _)| x == k)
            .unwrap_or(KINDS.len())
    };
    kinds.sort_by_key(rank);
    kinds.iter().map(|k| table(fc, k)).collect()
}

fn kind(f: &geojson::Feature) -> &str {
    f.properties
        .as_ref()
        .and_then(|p| p.get("kind"))
        .and_then(Value::as_str)
        .unwrap_or("feature")
}

/// The table of the features of `kind`.
pub fn table(fc: &FeatureCollection, kind_name: &str) -> Table {
    let features: Vec<(Geometry<f64>, &serde_json::Map<String, Value>)> = fc
        .features
        .iter()
        .filter(|f| kind(f) == kind_name)
        .filter_map(|f| {
            let g = Geometry::<f64>::try_from(f.geometry.clone()?).ok()?;
            Some((g, f.properties.as_ref()?))
        })
        .collect();
    // Columns: leading ones first, then the rest in order of first appearance.
    let mut keys: Vec<String> = Vec::new();
    for (_, p) in &features {
        for k in p.keys() {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    let lead = |k: &String| LEADING.iter().position(|l| l == k).unwrap_or(LEADING.len());
    keys.sort_by_key(lead); // stable: the rest keep their order
    let mut columns: Vec<(String, FieldType)> = Vec::new();
    for k in &keys {
        let t = features
            .iter()
            .filter_map(|(_, p)| value_type(k, p.get(k)?))
            .reduce(merge)
            .unwrap_or(if DATE_KEYS.contains(&k.as_str()) {
                FieldType::Date
            } else {
                FieldType::Text
            });
        if k == "evidence" {
            for (name, t) in EVIDENCE_SUMMARY {
                if !keys.iter().any(|x| x == name) {
                    columns.push((name.to_string(), *t));
                }
            }
        }
        columns.push((k.clone(), t));
    }
    if features.is_empty() {
        columns = EMPTY_COLUMNS
            .iter()
            .map(|(n, t)| (n.to_string(), *t))
            .collect();
    }
    let gtype = geometry_type(
        &features.iter().map(|(g, _)| g).collect::<Vec<_>>(),
        kind_name,
    );
    let rows = features
        .into_iter()
        .map(|(g, p)| {
            let newest = p.get("evidence").and_then(newest_evidence);
            let cells = columns
                .iter()
                .map(|(name, t)| match (name.as_str(), p.get(name)) {
                    ("evidence_count", None) => p
                        .get("evidence")
                        .and_then(Value::as_array)
                        .map_or(Cell::Null, |a| Cell::Integer(a.len() as i64)),
                    ("quote" | "source" | "report_id", None) => {
                        cell(FieldType::Text, newest.and_then(|o| o.get(name)))
                    }
                    (_, v) => cell(*t, v),
                })
                .collect();
            (promote(g, gtype), cells)
        })
        .collect();
    Table {
        kind: kind_name.to_string(),
        layer: layer_name(kind_name),
        geometry_type: gtype,
        columns,
        rows,
    }
}

/// Keeps the features of the given kinds (`zone` or `zones`) only.
pub fn select_kinds(fc: &FeatureCollection, kinds: &[String]) -> FeatureCollection {
    let wanted: Vec<&str> = kinds.iter().filter_map(|k| kind_of_layer(k)).collect();
    FeatureCollection {
        bbox: None,
        features: fc
            .features
            .iter()
            .filter(|f| wanted.contains(&kind(f)))
            .cloned()
            .collect(),
        foreign_members: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fc(features: Vec<Value>) -> FeatureCollection {
        serde_json::from_value(json!({"type": "FeatureCollection", "features": features})).unwrap()
    }

    #[test]
    fn places_become_typed_columns_with_evidence_summary() {
        let fc = fc(vec![json!({"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [37.1, 36.2]},
            "properties": {"kind": "place", "place_id": "p1", "name": "Aleppo",
                "faction": "government", "status": "held", "since": "2016-02-03",
                "confidence": 0.8, "contenders": ["government", "opposition"],
                "evidence": [{"quote": "old", "date": "2016-02-01", "source": "a"},
                             {"quote": "new", "date": "2016-02-03", "source": "b"}]}})]);
        let t = table(&fc, "place");
        let col = |n: &str| t.columns.iter().position(|(c, _)| c == n).unwrap();
        assert_eq!(t.columns[col("since")].1, FieldType::Date);
        assert_eq!(t.columns[col("confidence")].1, FieldType::Real);
        assert!(col("name") < col("faction") && col("quote") < col("evidence"));
        let row = &t.rows[0].1;
        assert_eq!(row[col("evidence_count")], Cell::Integer(2));
        assert_eq!(row[col("quote")], Cell::Text("new".into()));
        assert_eq!(row[col("source")], Cell::Text("b".into()));
        assert_eq!(
            row[col("contenders")],
            Cell::Text("government|opposition".into())
        );
    }

    #[test]
    fn every_standard_layer_exists_even_when_empty() {
        let ts = tables(&fc(vec![]), true);
        let names: Vec<&str> = ts.iter().map(|t| t.layer.as_str()).collect();
        assert_eq!(
            names,
            [
                "zones",
                "sieges",
                "frontlines",
                "routes",
                "advances",
                "places",
                "mentions"
            ]
        );
        assert_eq!(ts[0].geometry_type, GeometryType::MultiPolygon);
    }
}
