//! Reading a region pack from disk or from the copy compiled into the binary.

use super::record::{records_from_bytes, PlaceRecord};
use super::{Gazetteer, Place};
use geo::{Geometry, Point};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Errors loading a region pack. Each names the file and, where it helps, the line.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}: bad place record: {msg}")]
    Record {
        file: String,
        line: usize,
        msg: String,
    },
    #[error("{file}: {msg}")]
    Format { file: String, msg: String },
}

/// `region.toml`: what the map needs to know about the region as a whole.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegionInfo {
    /// Display name, e.g. "Syria".
    pub name: String,
    /// ISO 3166-1 alpha-2 of the region's main country.
    pub country: String,
    /// Place id whose shape is the outline zones are clipped to.
    pub outline: String,
    /// [min lon, min lat, max lon, max lat].
    pub bbox: [f64; 4],
    /// Initial map view: [lon, lat] and zoom.
    pub center: [f64; 2],
    pub zoom: u8,
    /// Attribution line for maps and exports.
    pub attribution: String,
}

/// The optional tables of `region.toml` beside [`RegionInfo`]'s fields.
#[derive(Deserialize)]
struct RegionTables {
    #[serde(default)]
    geoparse: RegionWords,
}

/// `region.toml` `[geoparse]`: words of the region the geoparser needs beyond the
/// language's (`geodata/lang/en-geoparse.toml`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RegionWords {
    /// Lower-case words that make a capitalised sequence an organisation: armed-group
    /// acronyms and name parts ("sdf", "jabhat"), so "Jabhat X" is no place X.
    #[serde(default)]
    pub org_words: Vec<String>,
    /// Names of the region's organisations, media, operations and people that a place's
    /// name or spelling variant also matches ("al-Qaeda", "Al Jazeera", "Assad"): a match
    /// whose whole spelling, article included, is one of them is no place.
    #[serde(default)]
    pub not_places: Vec<String>,
}

/// The files of one region pack compiled into the binary.
struct BundledPack {
    name: &'static str,
    places: &'static str,
    shapes: &'static str,
    region: &'static str,
    factions: &'static str,
    /// The geoparser's name tables, prepared by `build.rs`.
    names: &'static [u8],
    /// `places.jsonl` in the byte form of [`super::record`], prepared by `build.rs`.
    records: &'static [u8],
}

macro_rules! bundled_pack {
    ($name:literal) => {
        BundledPack {
            name: $name,
            places: include_str!(concat!("../../geodata/", $name, "/places.jsonl")),
            shapes: include_str!(concat!("../../geodata/", $name, "/shapes.geojson")),
            region: include_str!(concat!("../../geodata/", $name, "/region.toml")),
            factions: include_str!(concat!("../../geodata/", $name, "/factions.toml")),
            names: include_bytes!(concat!(env!("OUT_DIR"), "/names-", $name, ".bin")),
            records: include_bytes!(concat!(env!("OUT_DIR"), "/places-", $name, ".bin")),
        }
    };
}

/// Every pack shipped in the binary, by folder name under `geodata/`; the first is
/// the default. Adding a region pack to the binary is one line here.
const BUNDLED: &[BundledPack] = &[bundled_pack!("syria"), bundled_pack!("ukraine")];

/// Names of the region packs compiled into the binary; the first is the default.
pub fn bundled_names() -> Vec<&'static str> {
    BUNDLED.iter().map(|p| p.name).collect()
}

pub(super) fn bundled() -> Result<Gazetteer, PackError> {
    let p = &BUNDLED[0];
    bundled_named(p.name).expect("the default pack is bundled")
}

/// The bundled pack `name`, or `None` when no pack of that name is compiled in.
pub(super) fn bundled_named(name: &str) -> Option<Result<Gazetteer, PackError>> {
    let p = BUNDLED.iter().find(|p| p.name == name)?;
    Some(
        build(
            &format!("geodata/{}", p.name),
            p.places,
            Some(p.records),
            p.shapes,
            p.region,
            p.factions.to_string(),
        )
        .map(|g| g.with_prepared_names(p.names)),
    )
}

pub(super) fn load_dir(dir: &Path) -> Result<Gazetteer, PackError> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|source| PackError::Io { path, source })
    };
    build(
        &dir.display().to_string(),
        &read("places.jsonl")?,
        None,
        &read("shapes.geojson")?,
        &read("region.toml")?,
        read("factions.toml")?,
    )
}

/// A pack from its files' text; `prepared` is `places.jsonl` in the byte form of
/// [`super::record`] when `build.rs` prepared it (the JSON is read only if those bytes
/// are damaged).
fn build(
    dir: &str,
    places: &str,
    prepared: Option<&[u8]>,
    shapes: &str,
    region: &str,
    factions: String,
) -> Result<Gazetteer, PackError> {
    let info: RegionInfo = toml::from_str(region).map_err(|e| PackError::Format {
        file: format!("{dir}/region.toml"),
        msg: e.to_string(),
    })?;
    let tables: RegionTables = toml::from_str(region).map_err(|e| PackError::Format {
        file: format!("{dir}/region.toml"),
        msg: e.to_string(),
    })?;
    let mut shapes = parse_shapes(&format!("{dir}/shapes.geojson"), shapes)?;
    let file = format!("{dir}/places.jsonl");
    let records = match prepared.map(records_from_bytes) {
        Some(Ok(records)) => records,
        Some(Err(e)) => {
            tracing::warn!("{e}; reading {file}");
            parse_places(&file, places)?
        }
        None => parse_places(&file, places)?,
    };
    let out = records
        .into_iter()
        .map(|r| Place {
            shape: shapes.remove(&r.id),
            point: Point::new(r.lon, r.lat),
            id: r.id,
            name: r.name,
            kind: r.kind,
            country: r.country,
            admin1: r.admin1,
            admin2: r.admin2,
            population: r.population,
            importance: r.importance,
            aliases: r.aliases,
        })
        .collect();
    Ok(Gazetteer::from_parts(out, info, factions).with_region_words(tables.geoparse))
}

/// The records of a `places.jsonl` text, checked line by line.
pub(crate) fn parse_places(file: &str, places: &str) -> Result<Vec<PlaceRecord>, PackError> {
    let mut out = Vec::with_capacity(places.len() / 200);
    for (n, line) in places.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: PlaceRecord = serde_json::from_str(line).map_err(|e| PackError::Record {
            file: file.to_string(),
            line: n + 1,
            msg: e.to_string(),
        })?;
        if !(-180.0..=180.0).contains(&r.lon) || !(-90.0..=90.0).contains(&r.lat) {
            return Err(PackError::Record {
                file: file.to_string(),
                line: n + 1,
                msg: format!("coordinates out of range: lon {} lat {}", r.lon, r.lat),
            });
        }
        out.push(r);
    }
    Ok(out)
}

fn parse_shapes(file: &str, text: &str) -> Result<HashMap<String, Geometry<f64>>, PackError> {
    let fc: geojson::FeatureCollection =
        text.parse()
            .map_err(|e: geojson::Error| PackError::Format {
                file: file.to_string(),
                msg: e.to_string(),
            })?;
    let mut out = HashMap::new();
    for (i, f) in fc.features.into_iter().enumerate() {
        let id = f
            .property("id")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .ok_or_else(|| PackError::Format {
                file: file.to_string(),
                msg: format!("feature {i} has no string property \"id\""),
            })?;
        let Some(g) = f.geometry else { continue };
        let geom: Geometry<f64> = g
            .try_into()
            .map_err(|e: geojson::Error| PackError::Format {
                file: file.to_string(),
                msg: format!("feature {i} ({id}): {e}"),
            })?;
        out.insert(id, geom);
    }
    Ok(out)
}
