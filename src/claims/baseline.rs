//! Baseline import: a GIS layer (GeoJSON points or polygons with a `faction`
//! property, or CSV with lat/lon columns) read as dated baseline claims.
//!
//! Points snap to gazetteer places when one of the same or a similar name lies
//! within ~2 km (else the nearest settlement within ~1 km); otherwise they
//! become ad-hoc places `baseline:<file-stem>:<n>` with their coordinates kept
//! in the claim. Bad rows are reported with their line (CSV) or feature number
//! (GeoJSON) and skipped, never silently.

use crate::claims::{Claim, Factions, Relation};
use crate::gazetteer::Gazetteer;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// How to read a layer.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Date for features without their own `date` (else the date in the file
    /// name, e.g. `aleppo-2016-02-01.geojson`).
    pub default_date: Option<NaiveDate>,
    /// Confidence given to baseline claims.
    pub confidence: f32,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            default_date: None,
            confidence: 0.8,
        }
    }
}

/// One skipped row or feature, and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowError {
    pub file: String,
    /// CSV: 1-based line number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// GeoJSON: 1-based feature number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.feature) {
            (Some(l), _) => write!(f, "{}:{}: {}", self.file, l, self.message),
            (None, Some(n)) => write!(f, "{}: feature {}: {}", self.file, n, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A layer that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: {msg}")]
    Format { file: String, msg: String },
}

/// Reads a baseline layer from a file.
pub fn read_path(
    path: &Path,
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<(Vec<Claim>, Vec<RowError>), BaselineError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| BaselineError::Io {
        file: name.clone(),
        source,
    })?;
    read_layer(&name, &bytes, opts, gazetteer, factions)
}

/// Reads a baseline layer given its file name (for messages, the format guess
/// and ad-hoc place ids) and its bytes.
pub fn read_layer(
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<(Vec<Claim>, Vec<RowError>), BaselineError> {
    let fmt_err = |msg: String| BaselineError::Format {
        file: name.to_string(),
        msg,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        fmt_err(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let lower = name.to_ascii_lowercase();
    let ctx = Ctx {
        file: name.to_string(),
        stem: Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "layer".into()),
        default_date: opts.default_date.or_else(|| date_in_name(name)),
        opts,
        gazetteer,
        factions,
    };
    let rows = if lower.ends_with(".geojson")
        || lower.ends_with(".json")
        || text.trim_start().starts_with('{')
    {
        geojson_rows(&ctx, text)?
    } else if lower.ends_with(".csv") || looks_like_csv(text) {
        csv_rows(&ctx, text)?
    } else {
        return Err(fmt_err(
            "not a GIS layer: expected a GeoJSON FeatureCollection or a CSV with lat/lon columns"
                .into(),
        ));
    };
    let mut good = Vec::new();
    let mut errors = Vec::new();
    for r in rows {
        match r {
            Ok(row) => good.push(row),
            Err(e) => errors.push(e),
        }
    }
    set_spacing_extents(&mut good);
    let mut used = std::collections::HashSet::new();
    let claims = good
        .into_iter()
        .flat_map(|row| ctx.claims(row, &mut used))
        .collect();
    Ok((claims, errors))
}

/// Neighbours counted for a point's spacing.
const SPACING_K: usize = 4;
/// Bounds (km) of a point's spacing-based reach.
const SPACING_MIN_KM: f64 = 3.5;
const SPACING_MAX_KM: f64 = 30.0;

/// A baseline layer is a survey: a point stands for the land up to about its
/// neighbours' spacing (dense near the front, sparse in the desert), so each
/// point's extent is the distance to its `SPACING_K`-th nearest neighbour in
/// the layer, within bounds. Polygons keep their own size.
fn set_spacing_extents(rows: &mut [Row]) {
    use rstar::{primitives::GeomWithData, RTree};
    if rows.len() <= SPACING_K {
        return;
    }
    let kx = |lat: f64| 111.32 * lat.to_radians().cos();
    let tree: RTree<GeomWithData<[f64; 2], ()>> = RTree::bulk_load(
        rows.iter()
            .map(|r| GeomWithData::new([r.lon * kx(r.lat), r.lat * 110.574], ()))
            .collect(),
    );
    for r in rows.iter_mut().filter(|r| r.extent_km.is_none()) {
        let q = [r.lon * kx(r.lat), r.lat * 110.574];
        if let Some(n) = tree.nearest_neighbor_iter(&q).nth(SPACING_K) {
            let d = ((n.geom()[0] - q[0]).powi(2) + (n.geom()[1] - q[1]).powi(2)).sqrt();
            r.extent_km = Some(d.clamp(SPACING_MIN_KM, SPACING_MAX_KM));
        }
    }
}

struct Ctx<'a> {
    file: String,
    stem: String,
    default_date: Option<NaiveDate>,
    opts: &'a ImportOptions,
    gazetteer: &'a Gazetteer,
    factions: &'a Factions,
}

/// Where a row came from: a CSV line or a GeoJSON feature number.
#[derive(Clone, Copy)]
enum At {
    Line(usize),
    Feature(usize),
}

/// One good row, before snapping.
struct Row {
    at: At,
    lon: f64,
    lat: f64,
    name: String,
    /// One faction, or the sides of a contested place.
    sides: Vec<String>,
    contested: bool,
    besieged: bool,
    besieger: Option<String>,
    date: Option<NaiveDate>,
    source: Option<String>,
    extent_km: Option<f64>,
}

fn date_in_name(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = name.get(i..i + 10)?;
        // chrono reads "-2017-07-1" (of "syria-2017-07-15") as the year -2017: a date
        // starts with a digit
        if !s.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    })
}

fn looks_like_csv(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("").to_ascii_lowercase();
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    cols.iter().any(|c| LAT.contains(c)) && cols.iter().any(|c| LON.contains(c))
}

const LAT: &[&str] = &["lat", "latitude", "y"];
const LON: &[&str] = &["lon", "lng", "long", "longitude", "x"];

/// Lowercase letters and digits only, diacritics removed: for name matching.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let f: String = s
        .nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    // Arabic article and common transliteration noise.
    f.strip_prefix("al")
        .or_else(|| f.strip_prefix("el"))
        .map(str::to_string)
        .unwrap_or(f)
}

fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b
        || (a.len() >= 4 && b.len() >= 4 && (a.contains(&b) || b.contains(&a)))
        || edit_distance(&a, &b) <= 1 + a.len().min(b.len()) / 6
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Ctx<'_> {
    fn err(&self, at: At, message: String) -> RowError {
        let (line, feature) = match at {
            At::Line(l) => (Some(l), None),
            At::Feature(n) => (None, Some(n)),
        };
        RowError {
            file: self.file.clone(),
            line,
            feature,
            message,
        }
    }

    /// Maps the faction vocabulary of GIS layers onto the region's ids.
    fn faction(&self, at: At, raw: &str) -> Result<String, RowError> {
        let k = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        // The region's `factions.toml` ids and `aliases` give the vocabulary.
        if let Some(f) = self.factions.by_key(&k) {
            Ok(f.id.clone())
        } else {
            Err(self.err(
                at,
                format!(
                    "unknown faction {raw:?} (expected one of: {})",
                    self.faction_list()
                ),
            ))
        }
    }

    fn faction_list(&self) -> String {
        let mut v: Vec<&str> = self.factions.all().iter().map(|f| f.id.as_str()).collect();
        v.push("contested");
        v.join(", ")
    }

    /// Validates one row's fields (all as text) into a [`Row`].
    #[allow(clippy::too_many_arguments)]
    fn row(
        &self,
        at: At,
        lon: Option<&str>,
        lat: Option<&str>,
        get: &dyn Fn(&[&str]) -> Option<String>,
        extent_km: Option<f64>,
    ) -> Result<Row, RowError> {
        let num = |what: &str, v: Option<&str>, lim: f64| -> Result<f64, RowError> {
            let v = v
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| self.err(at, format!("missing {what}")))?;
            let x: f64 = v
                .parse()
                .map_err(|_| self.err(at, format!("{what} {v:?} is not a number")))?;
            if !x.is_finite() || x.abs() > lim {
                return Err(self.err(at, format!("{what} {v} is out of range (-{lim}..{lim})")));
            }
            Ok(x)
        };
        let lon = num("longitude", lon, 180.0)?;
        let lat = num("latitude", lat, 90.0)?;
        let name = get(&["name", "label", "title"]).unwrap_or_default();
        let raw = get(&["faction", "control", "holder"])
            .ok_or_else(|| self.err(at, "missing faction".into()))?;
        let status = get(&["status"]).unwrap_or_default().to_ascii_lowercase();
        let truthy = |v: Option<String>| {
            v.is_some_and(|v| {
                matches!(
                    v.trim().to_ascii_lowercase().as_str(),
                    "true" | "yes" | "1" | "y"
                )
            })
        };
        let besieged = status == "besieged" || truthy(get(&["besieged"]));
        let contested = raw.trim().eq_ignore_ascii_case("contested") || status == "contested";
        let sides = if contested {
            let between = get(&["contested_between", "contenders", "sides"]).ok_or_else(|| {
                self.err(
                    at,
                    "contested without `contested_between` (e.g. \"government|opposition\")".into(),
                )
            })?;
            let mut v = Vec::new();
            for s in between
                .split(['|', ';', ',', '/'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                v.push(self.faction(at, s)?);
            }
            if !raw.trim().eq_ignore_ascii_case("contested") {
                let f = self.faction(at, &raw)?;
                if !v.contains(&f) {
                    v.insert(0, f);
                }
            }
            if v.len() < 2 {
                return Err(self.err(
                    at,
                    format!("contested between fewer than two factions: {between:?}"),
                ));
            }
            v
        } else {
            vec![self.faction(at, &raw)?]
        };
        let besieger = match get(&["besieger", "besieged_by"]) {
            Some(b) => Some(self.faction(at, &b)?),
            None => None,
        };
        let date = match get(&["date", "as_of"]) {
            Some(d) => Some(
                crate::report::parse_date(&d)
                    .ok_or_else(|| self.err(at, format!("bad date {d:?} (expected YYYY-MM-DD)")))?,
            ),
            None => self.default_date,
        };
        Ok(Row {
            at,
            lon,
            lat,
            name,
            sides,
            contested,
            besieged,
            besieger,
            date,
            source: get(&["source"]),
            extent_km,
        })
    }

    /// The gazetteer place a row stands for: one of a similar name within
    /// 2 km, else the nearest settlement within 1 km.
    fn snap(&self, row: &Row) -> Option<&crate::gazetteer::Place> {
        let p = geo::Point::new(row.lon, row.lat);
        let near = self.gazetteer.within_km(p, 2.0);
        if !row.name.is_empty() {
            if let Some((i, _)) = near.iter().find(|(i, _)| {
                let pl = self.gazetteer.place(*i);
                pl.kind.is_holdable() && pl.all_names().any(|n| similar(n, &row.name))
            }) {
                return Some(self.gazetteer.place(*i));
            }
        }
        near.iter()
            .find(|(i, d)| *d <= 1.0 && self.gazetteer.place(*i).kind.is_settlement())
            .map(|(i, _)| self.gazetteer.place(*i))
    }

    /// The claims of one row. `used`: gazetteer places already taken by an
    /// earlier row of this layer; a second row near the same place is a
    /// different point of the survey and becomes its own ad-hoc place.
    fn claims(&self, row: Row, used: &mut std::collections::HashSet<String>) -> Vec<Claim> {
        let (what, n) = match row.at {
            At::Line(l) => ("line", l),
            At::Feature(f) => ("feature", f),
        };
        let snapped = self.snap(&row).filter(|p| used.insert(p.id.clone()));
        // A known town or city reaches at least as far as its kind does.
        let extent_km = row
            .extent_km
            .map(|e| e.max(crate::zones::reach_km(snapped.map(|p| p.kind))));
        let place_id = snapped
            .map(|p| p.id.clone())
            .unwrap_or_else(|| format!("baseline:{}:{n}", self.stem));
        let name = if row.name.is_empty() {
            snapped
                .map(|p| p.name.clone())
                .unwrap_or_else(|| place_id.clone())
        } else {
            row.name.clone()
        };
        let file_name = Path::new(&self.file)
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| self.file.clone());
        let base = Claim {
            place_id: Some(place_id),
            name: name.clone(),
            lon: Some(row.lon),
            lat: Some(row.lat),
            date: row.date,
            confidence: self.opts.confidence,
            quote: format!("baseline {file_name} {what} {n}: {name}"),
            source: Some(row.source.clone().unwrap_or(file_name)),
            extent_km,
            ..Claim::default()
        };
        if row.contested {
            return row
                .sides
                .iter()
                .map(|f| Claim {
                    faction: f.clone(),
                    relation: Relation::Contested,
                    counterpart: row.sides.iter().find(|x| *x != f).cloned(),
                    ..base.clone()
                })
                .collect();
        }
        let faction = row.sides[0].clone();
        vec![Claim {
            faction,
            relation: if row.besieged {
                Relation::Besieged
            } else {
                Relation::Holds
            },
            counterpart: if row.besieged {
                row.besieger.clone()
            } else {
                None
            },
            ..base
        }]
    }
}

fn geojson_rows(ctx: &Ctx, text: &str) -> Result<Vec<Result<Row, RowError>>, BaselineError> {
    let fmt_err = |msg: String| BaselineError::Format {
        file: ctx.file.clone(),
        msg,
    };
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        fmt_err(format!(
            "not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let features = match v.get("type").and_then(|t| t.as_str()) {
        Some("FeatureCollection") => v
            .get("features")
            .and_then(|f| f.as_array())
            .ok_or_else(|| fmt_err("FeatureCollection without a `features` array".into()))?
            .clone(),
        Some("Feature") => vec![v.clone()],
        _ => {
            return Err(fmt_err(
                "not a GeoJSON FeatureCollection (no \"type\": \"FeatureCollection\")".into(),
            ))
        }
    };
    let mut rows = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let at = At::Feature(i + 1);
        let props = f.get("properties").and_then(|p| p.as_object());
        let get = |keys: &[&str]| -> Option<String> {
            let props = props?;
            keys.iter().find_map(|k| {
                let (_, v) = props.iter().find(|(pk, _)| pk.eq_ignore_ascii_case(k))?;
                match v {
                    serde_json::Value::String(s) if !s.trim().is_empty() => {
                        Some(s.trim().to_string())
                    }
                    serde_json::Value::Bool(b) => Some(b.to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    serde_json::Value::Array(a) => Some(
                        a.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join("|"),
                    ),
                    _ => None,
                }
            })
        };
        let geom = f.get("geometry").filter(|g| !g.is_null());
        let row = match geom.map(|g| serde_json::from_value::<geojson::Geometry>(g.clone())) {
            None => Err(ctx.err(at, "feature without geometry".into())),
            Some(Err(e)) => Err(ctx.err(at, format!("bad geometry: {e}"))),
            Some(Ok(g)) => match geo::Geometry::<f64>::try_from(g) {
                Err(e) => Err(ctx.err(at, format!("bad geometry: {e}"))),
                Ok(geo::Geometry::Point(p)) => {
                    let (x, y) = (p.x().to_string(), p.y().to_string());
                    ctx.row(at, Some(&x), Some(&y), &get, None)
                }
                Ok(g @ (geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_))) => {
                    use geo::{GeodesicArea, InteriorPoint};
                    match g.interior_point() {
                        None => Err(ctx.err(at, "empty polygon".into())),
                        Some(p) => {
                            // Keep the polygon's size as the zone's support.
                            let area_km2 = g.geodesic_area_unsigned() / 1e6;
                            let extent = (area_km2 / std::f64::consts::PI).sqrt();
                            let (x, y) = (p.x().to_string(), p.y().to_string());
                            ctx.row(
                                at,
                                Some(&x),
                                Some(&y),
                                &get,
                                extent.is_finite().then_some(extent),
                            )
                        }
                    }
                }
                Ok(_) => Err(ctx.err(
                    at,
                    "geometry is not a Point, Polygon or MultiPolygon".into(),
                )),
            },
        };
        rows.push(row);
    }
    Ok(rows)
}

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn csv_rows(ctx: &Ctx, text: &str) -> Result<Vec<Result<Row, RowError>>, BaselineError> {
    let mut lines = text.lines().enumerate();
    let header: Vec<String> = match lines.next() {
        Some((_, h)) => csv_fields(h)
            .into_iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .collect(),
        None => Vec::new(),
    };
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (Some(lat_i), Some(lon_i)) = (col(LAT), col(LON)) else {
        return Err(BaselineError::Format {
            file: ctx.file.clone(),
            msg: "line 1: CSV header has no lat/lon columns (expected e.g. `name,lat,lon,faction,date`)".into(),
        });
    };
    let mut rows = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let at = At::Line(i + 1);
        let fields = csv_fields(line);
        let get = |keys: &[&str]| -> Option<String> {
            keys.iter().find_map(|k| {
                let idx = header.iter().position(|h| h == k)?;
                fields
                    .get(idx)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            })
        };
        rows.push(ctx.row(
            at,
            fields.get(lon_i).map(String::as_str),
            fields.get(lat_i).map(String::as_str),
            &get,
            None,
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes() {
        assert_eq!(
            csv_fields(r#"a,"b, c","d ""e""",f"#),
            vec!["a", "b, c", "d \"e\"", "f"]
        );
    }

    #[test]
    fn names_match_across_spellings() {
        assert!(similar("al-Zahraa", "Zahraa"));
        assert!(similar("Tal Rifaat", "Tell Rifaat"));
        assert!(!similar("Nubl", "Azaz"));
    }

    #[test]
    fn date_from_file_name() {
        assert_eq!(
            date_in_name("geodata/aleppo-2016-02-01.geojson"),
            NaiveDate::from_ymd_opt(2016, 2, 1)
        );
        assert_eq!(date_in_name("layer.csv"), None);
        assert_eq!(
            date_in_name("syria-2017-07-15.geojson"),
            NaiveDate::from_ymd_opt(2017, 7, 15)
        );
    }
}
