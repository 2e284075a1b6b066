//! Import: a GIS layer read as dated baseline claims. The formats
//! (GeoJSON, GeoJSONSeq, CSV, GeoPackage, Shapefile, FlatGeobuf, KML) are
//! detected by content in [`formats`]; a declared CRS is reprojected to
//! WGS84 by [`crs`]. Frontline's own exports come back without loss: places
//! keep their gazetteer id, part (east/west Aleppo), date and every evidence
//! quote; zone polygons are *areas* (every pack place inside is held by the
//! zone's faction), never fake places; features derived from places
//! (frontlines, complete sieges) are left out. Faction names are matched
//! against the region's factions data (ids, names, every name and adjective).
//!
//! Points snap to gazetteer places when one of the same or a similar name lies
//! within ~2 km (else the nearest settlement within ~1 km); otherwise they
//! become ad-hoc places `baseline:<file-stem>:<n>` with their coordinates kept
//! in the claim. Bad rows are reported with their line (CSV) or feature number
//! (GeoJSON) and skipped, never silently.

pub mod crs;
mod formats;

use crate::claims::{Claim, Factions, Relation};
use crate::gazetteer::Gazetteer;
use crate::geoparse::Direction;
use crate::zones::ImportedArea;
use chrono::NaiveDate;
use formats::{Detected, InFeature, Layer};
use serde::Serialize;
use serde_json::Value;
use std::path::Path;

/// How to read a layer.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Date for features without their own `date` (else the date in the file
    /// name, e.g. `aleppo-2016-02-01.geojson`).
    pub default_date: Option<NaiveDate>,
    /// Confidence given to baseline claims.
    pub confidence: f32,
    /// Faction for features without their own (`frontline import area.geojson --faction F`).
    pub default_faction: Option<String>,
    /// CRS of a layer that declares none (e.g. "EPSG:3857", a PROJ string);
    /// a CRS the file declares wins.
    pub crs: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            default_date: None,
            confidence: 0.8,
            default_faction: None,
            crs: None,
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

/// What a layer gives: claims, the polygons it drew areas from, and the rows
/// it skipped.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub claims: Vec<Claim>,
    /// Every held polygon (or multipolygon) feature, kept with its geometry
    /// so zones can follow its edge ([`crate::zones::build_with_areas`]).
    pub areas: Vec<ImportedArea>,
    pub errors: Vec<RowError>,
}

/// Reads a baseline layer from a file, a Shapefile folder or a zip.
pub fn read_path(
    path: &Path,
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<(Vec<Claim>, Vec<RowError>), BaselineError> {
    read_path_with_areas(path, opts, gazetteer, factions).map(|i| (i.claims, i.errors))
}

/// Reads a baseline layer given its file name and bytes (see
/// [`read_layer_with_areas`]).
pub fn read_layer(
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<(Vec<Claim>, Vec<RowError>), BaselineError> {
    read_layer_with_areas(name, bytes, opts, gazetteer, factions).map(|i| (i.claims, i.errors))
}

/// [`read_path`], with the polygons the areas came from.
pub fn read_path_with_areas(
    path: &Path,
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<Imported, BaselineError> {
    let name = path.display().to_string();
    let fmt_err = |msg: String| BaselineError::Format {
        file: name.clone(),
        msg,
    };
    if path.is_dir() {
        let layer = formats::shapefile_path(path).map_err(fmt_err)?;
        return from_layer(&name, layer, opts, gazetteer, factions);
    }
    let bytes = std::fs::read(path).map_err(|source| BaselineError::Io {
        file: name.clone(),
        source,
    })?;
    match formats::detect(&bytes) {
        // These need their sibling files or a real file.
        Detected::Shapefile => {
            let layer = formats::shapefile_path(path).map_err(fmt_err)?;
            from_layer(&name, layer, opts, gazetteer, factions)
        }
        Detected::GeoPackage => {
            let layer = formats::geopackage(path).map_err(fmt_err)?;
            from_layer(&name, layer, opts, gazetteer, factions)
        }
        _ => read_layer_with_areas(&name, &bytes, opts, gazetteer, factions),
    }
}

/// Reads a baseline layer given its file name (for messages, the date in
/// the name and ad-hoc place ids) and its bytes; the format is detected from
/// the bytes.
pub fn read_layer_with_areas(
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<Imported, BaselineError> {
    let fmt_err = |msg: String| BaselineError::Format {
        file: name.to_string(),
        msg,
    };
    let text = || {
        std::str::from_utf8(bytes)
            .map(|t| t.trim_start_matches('\u{feff}'))
            .map_err(|e| {
                fmt_err(format!(
                    "text layer that is not UTF-8 (invalid byte at offset {}); save it as UTF-8",
                    e.valid_up_to()
                ))
            })
    };
    let layer = match formats::detect(bytes) {
        Detected::GeoJson => formats::geojson(text()?),
        Detected::GeoJsonSeq => formats::geojson_seq(text()?),
        Detected::Csv => formats::csv(text()?),
        Detected::Kml => formats::kml(text()?),
        Detected::FlatGeobuf => formats::flatgeobuf(bytes),
        Detected::Shapefile => formats::shapefile(bytes, None, None),
        Detected::GeoPackage => with_temp_file(bytes, formats::geopackage),
        Detected::Zip => match formats::zip(bytes).map_err(&fmt_err)? {
            (Some(layer), _) => Ok(layer),
            (None, Some((inner, b))) => {
                return read_layer_with_areas(
                    &format!("{name}/{inner}"),
                    &b,
                    opts,
                    gazetteer,
                    factions,
                )
            }
            (None, None) => Err("empty zip".into()),
        },
        Detected::Unknown => Err(
            "not a GIS layer this version reads: expected GeoJSON, GeoJSONSeq, CSV (lat/lon or WKT \
             columns), GeoPackage, Shapefile (.shp with .dbf, a folder or a zip), FlatGeobuf or \
             KML; convert it with e.g. `ogr2ogr -f GPKG out.gpkg IN`"
                .into(),
        ),
    }
    .map_err(fmt_err)?;
    from_layer(name, layer, opts, gazetteer, factions)
}

/// A GeoPackage given as bytes: SQLite reads files only.
fn with_temp_file(bytes: &[u8], read: fn(&Path) -> Result<Layer, String>) -> Result<Layer, String> {
    let dir = std::env::temp_dir().join(format!(
        "frontline-import-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("layer.gpkg");
    let result = std::fs::write(&path, bytes)
        .map_err(|e| e.to_string())
        .and_then(|()| read(&path));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// True when a coordinate cannot be lon/lat degrees.
fn out_of_range(g: &geo::Geometry<f64>) -> bool {
    use geo::CoordsIter;
    g.coords_iter()
        .any(|c| c.x.abs() > 180.0 || c.y.abs() > 90.0)
}

const PROJECTED_HINT: &str =
    "if the layer is projected, declare its CRS in the file or pass --crs \
     (e.g. --crs EPSG:3857 for web-map metres, EPSG:326zz for UTM zone zz north)";

/// The claims of a layer read by [`formats`].
fn from_layer(
    name: &str,
    mut layer: Layer,
    opts: &ImportOptions,
    gazetteer: &Gazetteer,
    factions: &Factions,
) -> Result<Imported, BaselineError> {
    let fmt_err = |msg: String| BaselineError::Format {
        file: name.to_string(),
        msg: format!("{} layer: {msg}", layer_format(&layer)),
    };
    let declared = match (&layer.crs, &opts.crs) {
        (Some(c), _) => Some(c.clone()),
        (None, Some(s)) => Some(crs::parse(s).map_err(|m| fmt_err(format!("--crs: {m}")))?),
        (None, None) => None,
    };
    if let Some(c) = &declared {
        if let Some(t) = crs::ToWgs84::new(c).map_err(fmt_err)? {
            for f in &mut layer.features {
                if let Some(Ok(g)) = &f.geometry {
                    f.geometry =
                        Some(t.geometry(g).ok_or_else(|| {
                            "a coordinate lies outside the declared CRS".to_string()
                        }));
                }
            }
        }
    } else {
        let geoms: Vec<&geo::Geometry<f64>> = layer
            .features
            .iter()
            .filter_map(|f| f.geometry.as_ref()?.as_ref().ok())
            .collect();
        if !geoms.is_empty() && geoms.iter().all(|g| out_of_range(g)) {
            return Err(fmt_err(format!(
                "no coordinate is lon/lat degrees and the file declares no CRS; {PROJECTED_HINT}, \
                 or reproject with `ogr2ogr -t_srs EPSG:4326`"
            )));
        }
    }
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
        faction_names: faction_names(factions),
    };
    let kinds: Vec<Option<&'static str>> = layer.features.iter().map(feature_kind).collect();
    let has_places = kinds.contains(&Some("place"));
    let mut rows = Vec::new();
    let mut route_claims = Vec::new();
    let mut errors = Vec::new();
    let mut derived = 0;
    for (f, kind) in layer.features.iter().zip(&kinds) {
        match (*kind, has_places) {
            // A route's state is its own claim: no place feature carries it.
            (Some("route"), _) => {
                match ctx.route_claims(f) {
                    Ok(claims) => route_claims.extend(claims),
                    Err(e) => errors.push(e),
                }
                continue;
            }
            // Drawn from the places, which this layer carries.
            (Some("frontline" | "mention"), _) | (Some("zone"), true) => {
                derived += 1;
                continue;
            }
            (Some("siege"), _) if f.props.get("place_id").is_none() => {
                derived += 1;
                continue;
            }
            _ => {}
        }
        rows.push(ctx.feature_row(f, *kind));
    }
    let mut good = Vec::new();
    for r in rows {
        match r {
            Ok(row) => good.push(row),
            Err(e) => errors.push(e),
        }
    }
    if derived > 0 {
        errors.push(RowError {
            file: name.to_string(),
            line: None,
            feature: None,
            message: format!(
                "{derived} features drawn from places (zones, frontlines, complete sieges) \
                 not imported: the layer's place features carry that state"
            ),
        });
    }
    set_spacing_extents(&mut good);
    let areas: Vec<ImportedArea> = good.iter().filter_map(|row| ctx.area(row)).collect();
    let mut used = std::collections::HashSet::new();
    let mut claims: Vec<Claim> = good
        .into_iter()
        .flat_map(|row| ctx.claims(row, &mut used))
        .collect();
    claims.extend(route_claims);
    Ok(Imported {
        claims,
        areas,
        errors,
    })
}

fn layer_format(l: &Layer) -> &'static str {
    l.format
}

/// A feature's `evidence` list of frontline's export (JSON, or JSON text
/// where the format has no lists); empty when absent or unreadable.
fn evidence_of(f: &InFeature) -> Vec<EvidenceIn> {
    match f
        .props
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("evidence"))
    {
        Some((_, Value::Array(a))) => {
            serde_json::from_value(Value::Array(a.clone())).unwrap_or_default()
        }
        Some((_, Value::String(s))) => serde_json::from_str(s).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A feature's kind in frontline's export schema: its `kind` property, else
/// its layer's name (`zones`, `places`, …).
fn feature_kind(f: &InFeature) -> Option<&'static str> {
    const KINDS: &[(&str, &str)] = &[
        ("zone", "zones"),
        ("siege", "sieges"),
        ("frontline", "frontlines"),
        ("route", "routes"),
        ("advance", "advances"),
        ("place", "places"),
        ("mention", "mentions"),
    ];
    let by = |s: &str| {
        let s = s.trim().to_ascii_lowercase();
        KINDS
            .iter()
            .find(|(k, l)| *k == s || *l == s)
            .map(|(k, _)| *k)
    };
    f.props
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("kind"))
        .and_then(|(_, v)| v.as_str())
        .and_then(by)
        .or_else(|| f.layer.as_deref().and_then(by))
}

/// Every spelling the factions data knows, folded, with its faction id:
/// ids and display names first, then names and adjectives.
fn faction_names(factions: &Factions) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, id: &str| {
        let k = fold_faction(name);
        if !k.is_empty() && !out.iter().any(|(x, _)| *x == k) {
            out.push((k, id.to_string()));
        }
    };
    for f in factions.all() {
        add(&f.id, &f.id);
        add(&f.name, &f.id);
    }
    for f in factions.all() {
        for n in f
            .names
            .iter()
            .chain(&f.held_adjectives)
            .chain(&f.weak_names)
        {
            add(n, &f.id);
        }
    }
    out
}

fn fold_faction(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
    faction_names: Vec<(String, String)>,
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
    /// A place id the file gives (frontline's own exports): used as is.
    place_id: Option<String>,
    part: Option<Direction>,
    confidence: Option<f32>,
    /// The evidence items the file carries (frontline's own exports).
    evidence: Vec<EvidenceIn>,
    /// A polygon: an area whose pack places the row's faction holds.
    area: Option<geo::MultiPolygon<f64>>,
    /// A partial siege (`Besieges` with sides) or an advance (`Holds` from a side).
    around: Option<(Relation, Vec<Direction>)>,
}

/// One evidence item of an imported feature.
#[derive(Debug, Clone, Default, serde::Deserialize)]
struct EvidenceIn {
    #[serde(default)]
    quote: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    report_id: Option<String>,
}

/// A date as GIS tools write it: `2016-02-03`, `2016/02/03` (GDAL's CSV
/// and KML), or the date of a date-time (`2016-02-03T00:00:00Z`).
fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    crate::report::parse_date(t).or_else(|| {
        let head: String = t.chars().take(10).collect::<String>().replace('/', "-");
        let rest = &t[t.char_indices().nth(10).map_or(t.len(), |(i, _)| i)..];
        (rest.is_empty() || rest.starts_with(['T', ' ']))
            .then(|| crate::report::parse_date(&head))
            .flatten()
    })
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

    /// A faction as the layer spells it, in any spelling the region's
    /// factions data knows (id, display name, names, adjectives).
    fn faction(&self, at: At, raw: &str) -> Result<String, RowError> {
        let k = fold_faction(raw);
        // The region's `factions.toml` ids, names and `aliases` give the vocabulary.
        let key = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        let known = self
            .faction_names
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, id)| id.clone())
            .or_else(|| self.factions.by_key(&key).map(|f| f.id.clone()));
        match known {
            Some(id) => Ok(id),
            None => Err(self.err(
                at,
                format!(
                    "unknown faction {raw:?} (expected one of: {}, or a name the region's factions.toml lists)",
                    self.faction_list()
                ),
            )),
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
                return Err(self.err(
                    at,
                    format!("{what} {v} is out of range (-{lim}..{lim}); {PROJECTED_HINT}"),
                ));
            }
            Ok(x)
        };
        let lon = num("longitude", lon, 180.0)?;
        let lat = num("latitude", lat, 90.0)?;
        let name = get(&["name", "label", "title"]).unwrap_or_default();
        let raw = get(&["faction", "control", "holder"])
            .or_else(|| self.opts.default_faction.clone())
            .ok_or_else(|| {
                self.err(
                    at,
                    "missing faction (no `faction` property and no --faction)".into(),
                )
            })?;
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
        let date = match get(&["date", "since", "as_of"]) {
            Some(d) => Some(
                parse_any_date(&d)
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
            place_id: None,
            part: None,
            confidence: None,
            evidence: Vec::new(),
            area: None,
            around: None,
        })
    }

    /// One feature read by [`formats`] as a row: a point is a place (its
    /// `place_id` kept when the file gives one), a polygon an area, a
    /// partial siege or an advance a claim around its place.
    fn feature_row(&self, f: &InFeature, kind: Option<&str>) -> Result<Row, RowError> {
        let at = if f.csv_line {
            At::Line(f.number)
        } else {
            At::Feature(f.number)
        };
        let get = |keys: &[&str]| -> Option<String> {
            keys.iter().find_map(|k| {
                let (_, v) = f.props.iter().find(|(pk, _)| pk.eq_ignore_ascii_case(k))?;
                match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Array(a) => Some(
                        a.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join("|"),
                    ),
                    _ => None,
                }
            })
        };
        let geometry = match &f.geometry {
            None if f.props.contains_key("__lon") => None,
            None => return Err(self.err(at, "feature without geometry".into())),
            Some(Err(e)) => return Err(self.err(at, format!("bad geometry: {e}"))),
            Some(Ok(g)) => Some(g.clone()),
        };
        let mut area = None;
        let mut row = match geometry {
            None => self.row(at, get(&["__lon"]).as_deref(), get(&["__lat"]).as_deref(), &get, None)?,
            Some(geo::Geometry::Point(p)) => {
                let (x, y) = (p.x().to_string(), p.y().to_string());
                self.row(at, Some(&x), Some(&y), &get, None)?
            }
            Some(g @ (geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_)))
                if kind != Some("siege") =>
            {
                use geo::InteriorPoint;
                self.check_area(at, &g)?;
                let p = g
                    .interior_point()
                    .ok_or_else(|| self.err(at, "empty polygon".into()))?;
                let polygons = match g {
                    geo::Geometry::Polygon(p) => geo::MultiPolygon::new(vec![p]),
                    geo::Geometry::MultiPolygon(m) => m,
                    _ => unreachable!("matched above"),
                };
                // Keep the polygon's size as the zone's support.
                let area_km2 = crate::zones::geodesic_area_m2(&polygons) / 1e6;
                let extent = (area_km2 / std::f64::consts::PI).sqrt();
                let (x, y) = (p.x().to_string(), p.y().to_string());
                area = Some(polygons);
                self.row(at, Some(&x), Some(&y), &get, extent.is_finite().then_some(extent))?
            }
            Some(g) if matches!(kind, Some("siege" | "advance")) => {
                // The claim is about the place; the drawn band or arrow is derived.
                use geo::InteriorPoint;
                let p = g
                    .interior_point()
                    .ok_or_else(|| self.err(at, "empty geometry".into()))?;
                let (x, y) = (p.x().to_string(), p.y().to_string());
                let faction_key: &[&str] = if kind == Some("siege") { &["besieger"] } else { &["faction"] };
                let get2 = |keys: &[&str]| {
                    if keys.contains(&"faction") {
                        get(faction_key)
                    } else if keys.contains(&"besieger") || keys.contains(&"status") {
                        None
                    } else {
                        get(keys)
                    }
                };
                self.row(at, Some(&x), Some(&y), &get2, None)?
            }
            Some(_) => {
                return Err(self.err(
                    at,
                    "geometry is not a Point, Polygon or MultiPolygon (nor a siege or advance of frontline's export)".into(),
                ))
            }
        };
        row.area = area;
        row.place_id = get(&["place_id"]);
        let direction = |s: String| -> Result<Direction, RowError> {
            serde_json::from_value(Value::String(s.to_ascii_lowercase())).map_err(|_| {
                self.err(
                    at,
                    format!("bad direction {s:?} (expected north, southwest, …)"),
                )
            })
        };
        row.part = get(&["part"]).map(direction).transpose()?;
        row.confidence = get(&["confidence"]).and_then(|c| c.parse().ok());
        match kind {
            Some("siege") => {
                let sides = get(&["sides"])
                    .unwrap_or_default()
                    .split(['|', ',', ' ', '/'])
                    .filter(|s| !s.is_empty())
                    .map(|s| direction(s.to_string()))
                    .collect::<Result<Vec<_>, _>>()?;
                row.around = Some((Relation::Besieges, sides));
                row.area = None;
            }
            Some("advance") => {
                let side =
                    get(&["side"]).ok_or_else(|| self.err(at, "advance without `side`".into()))?;
                row.part = Some(direction(side)?);
                row.around = Some((Relation::Holds, Vec::new()));
            }
            _ => {}
        }
        row.evidence = evidence_of(f);
        if row.evidence.is_empty() {
            // A format that cut the JSON (Shapefile text is 254 bytes): the summary columns.
            if let Some(quote) = get(&["quote"]) {
                row.evidence.push(EvidenceIn {
                    quote,
                    date: None,
                    source: get(&["source"]),
                    report_id: get(&["report_id"]),
                });
            }
        }
        Ok(row)
    }

    /// The claims of a route feature of frontline's export: `from` and `to`
    /// are gazetteer ids, `status` is `cut` or `open`, `faction` the side
    /// whose route it is; one claim per evidence item, as for places.
    fn route_claims(&self, f: &InFeature) -> Result<Vec<Claim>, RowError> {
        let at = if f.csv_line {
            At::Line(f.number)
        } else {
            At::Feature(f.number)
        };
        let text = |key: &str| -> Option<String> {
            f.props
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let end = |key: &str| -> Result<&crate::gazetteer::Place, RowError> {
            let id = text(key).ok_or_else(|| {
                self.err(at, format!("route without `{key}` (a gazetteer place id)"))
            })?;
            self.gazetteer.get(&id).ok_or_else(|| {
                self.err(
                    at,
                    format!("route `{key}` {id:?} is not a place of this region's gazetteer"),
                )
            })
        };
        let (from, to) = (end("from")?, end("to")?);
        let relation = match text("status")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("cut") => Relation::RouteCut,
            Some("open") => Relation::RouteOpen,
            other => {
                return Err(self.err(
                    at,
                    format!("route status {other:?} (expected \"cut\" or \"open\")"),
                ))
            }
        };
        let faction = match text("faction").or_else(|| self.opts.default_faction.clone()) {
            Some(raw) => self.faction(at, &raw)?,
            None => return Err(self.err(at, "route without `faction` and no --faction".into())),
        };
        let date = match text("since").or_else(|| text("date")) {
            Some(d) => Some(
                parse_any_date(&d)
                    .ok_or_else(|| self.err(at, format!("bad date {d:?} (expected YYYY-MM-DD)")))?,
            ),
            None => self.default_date,
        };
        let file_name = Path::new(&self.file)
            .file_name()
            .map_or_else(|| self.file.clone(), |s| s.to_string_lossy().to_string());
        let name = text("name").unwrap_or_else(|| format!("{} – {}", from.name, to.name));
        let base = Claim {
            place_id: Some(from.id.clone()),
            name: from.name.clone(),
            lon: Some(from.point.x()),
            lat: Some(from.point.y()),
            faction,
            relation,
            to: Some(to.id.clone()),
            date,
            confidence: self.opts.confidence,
            quote: format!("baseline {file_name} feature {}: {name}", f.number).into(),
            source: text("source").or(Some(file_name)),
            ..Claim::default()
        };
        let evidence: Vec<EvidenceIn> = evidence_of(f);
        if evidence.is_empty() {
            return Ok(vec![base]);
        }
        Ok(evidence
            .into_iter()
            .map(|e| Claim {
                quote: e.quote.into(),
                date: e.date.as_deref().and_then(parse_any_date).or(base.date),
                source: e.source.or(base.source.clone()),
                report_id: e.report_id,
                ..base.clone()
            })
            .collect())
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

    /// The polygon a held area row stands for, kept for the zones to follow
    /// (a contested, besieged or around row states no edge of a side).
    fn area(&self, row: &Row) -> Option<ImportedArea> {
        let area = row.area.as_ref()?;
        if row.contested || row.besieged || row.around.is_some() {
            return None;
        }
        let feature = match row.at {
            At::Line(n) | At::Feature(n) => n,
        };
        let file = Path::new(&self.file)
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| self.file.clone());
        Some(ImportedArea {
            faction: row.sides.first()?.clone(),
            date: row.date,
            area: area.clone(),
            file,
            feature,
            name: row.name.clone(),
            baseline_id: None,
        })
    }

    /// The claims of one row. `used`: gazetteer places already taken by an
    /// earlier row of this layer; a second row near the same place is a
    /// different point of the survey and becomes its own ad-hoc place.
    fn claims(&self, row: Row, used: &mut std::collections::HashSet<String>) -> Vec<Claim> {
        let (what, n) = match row.at {
            At::Line(l) => ("line", l),
            At::Feature(f) => ("feature", f),
        };
        let file_name = Path::new(&self.file)
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| self.file.clone());
        let source = Some(row.source.clone().unwrap_or_else(|| file_name.clone()));
        let confidence = row.confidence.unwrap_or(self.opts.confidence);
        // An area: every pack place inside it.
        if let Some(area) = &row.area {
            let label = if row.name.is_empty() {
                row.sides.join("/")
            } else {
                row.name.clone()
            };
            let inside = self.places_inside(area);
            if !inside.is_empty() {
                return inside
                    .into_iter()
                    .flat_map(|p| {
                        let base = Claim {
                            place_id: Some(p.id.clone()),
                            name: p.name.clone(),
                            lon: Some(p.point.x()),
                            lat: Some(p.point.y()),
                            date: row.date,
                            confidence,
                            quote: crate::zones::area_quote(
                                &file_name,
                                &format!("{what} {n}"),
                                &label,
                            )
                            .into(),
                            source: source.clone(),
                            ..Claim::default()
                        };
                        self.relations(&row, base)
                    })
                    .collect();
            }
        }
        // A place id the file gives (our own exports) is kept as is: two
        // parts of one city share it, and an ad-hoc place keeps its id.
        let given = row
            .place_id
            .as_deref()
            .filter(|id| id.starts_with("baseline:") || self.gazetteer.get(id).is_some());
        let snapped = match given {
            Some(id) => self.gazetteer.get(id),
            None => self.snap(&row).filter(|p| used.insert(p.id.clone())),
        };
        // A known town or city reaches at least as far as its kind does.
        let extent_km = row
            .extent_km
            .map(|e| e.max(crate::zones::reach_km(snapped.map(|p| p.kind))));
        let place_id = given
            .map(str::to_string)
            .or_else(|| snapped.map(|p| p.id.clone()))
            .unwrap_or_else(|| format!("baseline:{}:{n}", self.stem));
        let name = if row.name.is_empty() {
            snapped
                .map(|p| p.name.clone())
                .unwrap_or_else(|| place_id.clone())
        } else {
            row.name.clone()
        };
        let base = Claim {
            place_id: Some(place_id),
            name: name.clone(),
            lon: Some(row.lon),
            lat: Some(row.lat),
            part: row.part,
            date: row.date,
            confidence,
            quote: format!("baseline {file_name} {what} {n}: {name}").into(),
            source,
            extent_km,
            ..Claim::default()
        };
        if row.evidence.is_empty() {
            return self.relations(&row, base);
        }
        // One claim per evidence item: each quote keeps its date and source.
        row.evidence
            .iter()
            .flat_map(|e| {
                let c = Claim {
                    quote: e.quote.as_str().into(),
                    date: e.date.as_deref().and_then(parse_any_date).or(row.date),
                    source: e.source.clone().or(base.source.clone()),
                    report_id: e.report_id.clone(),
                    ..base.clone()
                };
                self.relations(&row, c)
            })
            .collect()
    }

    /// The claims a row makes about one place: contested (one per side),
    /// besieged, held, or a partial siege / advance around it.
    fn relations(&self, row: &Row, base: Claim) -> Vec<Claim> {
        if let Some((relation, sides)) = &row.around {
            return vec![Claim {
                faction: row.sides[0].clone(),
                relation: *relation,
                around: true,
                sides: sides.clone(),
                ..base
            }];
        }
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
        vec![Claim {
            faction: row.sides[0].clone(),
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

    /// Refuses a polygon no control layer means: a part with no area (its
    /// points on one line or repeated), which gives undefined results in
    /// the point-in-polygon test, and a polygon without holes that covers
    /// the region's whole extent (a frame or background feature, which
    /// would give one side every place).
    fn check_area(&self, at: At, g: &geo::Geometry<f64>) -> Result<(), RowError> {
        use geo::{Area, BoundingRect};
        let parts: Vec<&geo::Polygon<f64>> = match g {
            geo::Geometry::Polygon(p) => vec![p],
            geo::Geometry::MultiPolygon(m) => m.0.iter().collect(),
            _ => return Ok(()),
        };
        for (i, part) in parts.iter().enumerate() {
            // Planar degrees² are enough to tell "none" from "some": a
            // square metre is ~1e-10 deg².
            if part.unsigned_area() < 1e-12 {
                let which = if parts.len() > 1 {
                    format!("part {} of the multipolygon", i + 1)
                } else {
                    "the polygon".to_string()
                };
                let mut points: Vec<(f64, f64)> = Vec::new();
                for c in part.exterior().coords() {
                    if !points.contains(&(c.x, c.y)) {
                        points.push((c.x, c.y));
                    }
                }
                return Err(self.err(
                    at,
                    format!(
                        "{which} has no area ({} distinct points, all on one line): \
                         a zone needs three points not on a line; fix the feature or \
                         repair the layer with `ogr2ogr -makevalid`",
                        points.len()
                    ),
                ));
            }
        }
        let [min_lon, min_lat, max_lon, max_lat] = self.gazetteer.info().bbox;
        if let Some(r) = g.bounding_rect() {
            let covers = r.min().x <= min_lon
                && r.min().y <= min_lat
                && r.max().x >= max_lon
                && r.max().y >= max_lat;
            if covers && parts.iter().all(|p| p.interiors().is_empty()) {
                return Err(self.err(
                    at,
                    format!(
                        "the polygon covers the whole extent of {} (lon {min_lon}..{max_lon}, \
                         lat {min_lat}..{max_lat}) and has no holes: it would give one side \
                         every place; a frame or background feature? remove it or clip the \
                         layer to the areas a side holds",
                        self.gazetteer.info().name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The holdable pack places inside an area.
    fn places_inside(&self, area: &geo::MultiPolygon<f64>) -> Vec<&crate::gazetteer::Place> {
        use geo::{BoundingRect, Intersects};
        let Some(b) = area.bounding_rect() else {
            return Vec::new();
        };
        self.gazetteer
            .places()
            .iter()
            .filter(|p| p.kind.is_holdable())
            .filter(|p| {
                let (x, y) = (p.point.x(), p.point.y());
                x >= b.min().x && x <= b.max().x && y >= b.min().y && y <= b.max().y
            })
            .filter(|p| area.intersects(&p.point))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes() {
        assert_eq!(
            formats::csv_records("a,\"b, c\",\"d \"\"e\"\"\",f\n", ','),
            vec![(
                1,
                vec!["a".to_string(), "b, c".into(), "d \"e\"".into(), "f".into()]
            )]
        );
    }

    #[test]
    fn names_match_across_spellings() {
        assert!(similar("al-Zahraa", "Zahraa"));
        assert!(similar("Tal Rifaat", "Tell Rifaat"));
        assert!(!similar("Nubl", "Azaz"));
    }

    #[test]
    fn dates_as_gis_tools_write_them() {
        let d = NaiveDate::from_ymd_opt(2016, 2, 3);
        assert_eq!(parse_any_date("2016/02/03"), d);
        assert_eq!(parse_any_date("2016-02-03T00:00:00Z"), d);
        assert_eq!(parse_any_date("2016-02-03"), d);
        assert_eq!(parse_any_date("03/02/2016"), None);
        assert_eq!(parse_any_date("2016-02-03x"), None);
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
