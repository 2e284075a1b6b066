//! The gazetteer: every place a region pack knows, with its names, kind, admin
//! hierarchy, population and geometry.
//!
//! A region pack is a folder (`geodata/<region>/`) holding:
//! * `places.jsonl` — one [`PlaceRecord`] per line;
//! * `shapes.geojson` — polygons and lines for places that have them, keyed by
//!   `properties.id` (the place id);
//! * `factions.toml` — the region's factions (read by [`crate::claims`]);
//! * `region.toml` — name, bounding box, outline country, attribution.
//!
//! The packs under `geodata/` listed in `pack.rs` are compiled into the binary
//! ([`Gazetteer::bundled_named`]; the first, [`Gazetteer::bundled`], is the default),
//! so the program runs from any directory; [`Gazetteer::load_dir`] reads any other pack.
//! This module owns place data only: it knows nothing about text or factions.

mod kind;
mod pack;
pub mod provisional;
pub mod record;
mod spatial;

pub use kind::PlaceKind;
pub use pack::{bundled_names, PackError, RegionInfo, RegionWords};
pub use record::PlaceRecord;

use geo::{Geometry, Point};
use std::collections::HashMap;
use std::path::Path;

/// A stable place identifier such as `geonames:170063` or `ocha:C1007`.
pub type PlaceId = String;

/// Index of a place inside one loaded [`Gazetteer`]; cheap to copy, not stable
/// across packs or versions (use [`Place::id`] for anything stored).
pub type PlaceIdx = u32;

/// One place: a settlement, an area, a line (border, road, river) or a point feature.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: PlaceId,
    /// Preferred English name.
    pub name: String,
    pub kind: PlaceKind,
    /// Representative point (centroid for areas, midpoint for lines).
    pub point: Point<f64>,
    /// ISO 3166-1 alpha-2 of the country it lies in (`SY`, `TR`, …).
    pub country: String,
    /// Governorate / province name, when known.
    pub admin1: Option<String>,
    /// District name, when known.
    pub admin2: Option<String>,
    pub population: u64,
    /// 0–1 prior for resolution: capitals and large cities high, hamlets low.
    pub importance: f32,
    /// Every other name: spellings, transliterations, Arabic script.
    pub aliases: Vec<String>,
    /// Polygon or line geometry, for areas, borders, roads and rivers.
    pub shape: Option<Geometry<f64>>,
}

impl Place {
    /// The geometry to draw: the shape when there is one, else the point.
    pub fn geometry(&self) -> Geometry<f64> {
        self.shape.clone().unwrap_or(Geometry::Point(self.point))
    }

    /// The name and every alias.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// All places of a region pack, indexed by id and by location.
pub struct Gazetteer {
    places: Vec<Place>,
    by_id: HashMap<PlaceId, PlaceIdx>,
    spatial: spatial::PointIndex,
    info: RegionInfo,
    factions_toml: String,
    region_words: RegionWords,
    /// The geoparser's name tables prepared at build time, for a bundled pack.
    prepared_names: Option<&'static [u8]>,
    /// Places reports name that the pack lacks ([`provisional`]), indexed after its own.
    provisional: provisional::Registry,
}

impl Gazetteer {
    /// The default pack compiled into the binary (the first of [`bundled_names`]).
    pub fn bundled() -> Result<Gazetteer, PackError> {
        pack::bundled()
    }

    /// The pack compiled into the binary under `name` (a folder name under
    /// `geodata/`), or `None` when there is no such bundled pack.
    pub fn bundled_named(name: &str) -> Option<Result<Gazetteer, PackError>> {
        pack::bundled_named(name)
    }

    /// Loads a region pack from a folder (see the module docs for its files).
    pub fn load_dir(dir: &Path) -> Result<Gazetteer, PackError> {
        pack::load_dir(dir)
    }

    pub(crate) fn from_parts(
        places: Vec<Place>,
        info: RegionInfo,
        factions_toml: String,
    ) -> Gazetteer {
        let by_id = places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as PlaceIdx))
            .collect();
        let spatial = spatial::PointIndex::new(&places);
        Gazetteer {
            places,
            by_id,
            spatial,
            info,
            factions_toml,
            region_words: RegionWords::default(),
            prepared_names: None,
            provisional: Default::default(),
        }
    }

    /// The pack's `region.toml` `[geoparse]` words.
    pub(crate) fn with_region_words(mut self, words: RegionWords) -> Gazetteer {
        self.region_words = words;
        self
    }

    /// The geoparser's name tables prepared at build time (`build.rs`), in the byte
    /// form of [`crate::geoparse::tables::Tables`]; `None` for a pack read from a folder.
    /// The gazetteer only carries them, so a bundled pack loads without rebuilding them.
    pub fn prepared_names(&self) -> Option<&'static [u8]> {
        self.prepared_names
    }

    pub(crate) fn with_prepared_names(mut self, bytes: &'static [u8]) -> Gazetteer {
        self.prepared_names = Some(bytes);
        self
    }

    /// Region words for the geoparser (`region.toml` `[geoparse]`).
    pub fn region_words(&self) -> &RegionWords {
        &self.region_words
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, idx: PlaceIdx) -> &Place {
        match self.places.get(idx as usize) {
            Some(p) => p,
            // Past the pack's places: a provisional place, which only a registered index
            // can name (an unknown index is a caller's bug, as it was before).
            None => self
                .provisional
                .get(idx as usize - self.places.len())
                .unwrap_or_else(|| panic!("place index {idx} out of range")),
        }
    }

    /// The index of the place `id`; a provisional id (a stored claim about a place the
    /// pack lacks) is rebuilt from the id on first use.
    pub fn idx_of(&self, id: &str) -> Option<PlaceIdx> {
        match self.by_id.get(id) {
            Some(&i) => Some(i),
            None if id.starts_with(provisional::PREFIX) => self.provisional_from_id(id),
            None => None,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Place> {
        self.idx_of(id).map(|i| self.place(i))
    }

    /// The seat of the first-level division (governorate) `division`: the
    /// most populous city — else town — of the same country and `admin1`.
    /// `None` when `division` has no `admin1` or the gazetteer no such place.
    pub fn capital_of(&self, division: PlaceIdx) -> Option<PlaceIdx> {
        let d = self.place(division);
        let admin1 = d.admin1.as_deref()?;
        [PlaceKind::City, PlaceKind::Town].iter().find_map(|&kind| {
            self.places
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.kind == kind && p.country == d.country && p.admin1.as_deref() == Some(admin1)
                })
                .max_by_key(|(_, p)| p.population)
                .map(|(i, _)| i as PlaceIdx)
        })
    }

    /// Region metadata from `region.toml`.
    pub fn info(&self) -> &RegionInfo {
        &self.info
    }

    /// The text of the pack's `factions.toml`.
    pub fn factions_toml(&self) -> &str {
        &self.factions_toml
    }

    /// Point places (settlements and point features) within `km` of `p`, nearest first.
    pub fn within_km(&self, p: Point<f64>, km: f64) -> Vec<(PlaceIdx, f64)> {
        self.spatial.within_km(p, km)
    }

    /// The nearest point place to `p` that passes `filter`, with its distance in km.
    pub fn nearest(
        &self,
        p: Point<f64>,
        filter: impl Fn(&Place) -> bool,
    ) -> Option<(PlaceIdx, f64)> {
        self.spatial
            .nearest_iter(p)
            .find(|(i, _)| filter(self.place(*i)))
    }

    /// Case- and accent-insensitive name search for the API: exact names first,
    /// then prefixes, each by importance.
    pub fn search(&self, query: &str, limit: usize) -> Vec<PlaceIdx> {
        let q = simple_fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, f32, PlaceIdx)> = Vec::new();
        for (i, p) in self.places.iter().enumerate() {
            let mut best: Option<u8> = None;
            for n in p.all_names() {
                let f = simple_fold(n);
                let rank = if f == q {
                    0
                } else if f.starts_with(&q) {
                    1
                } else if f.contains(&q) {
                    2
                } else {
                    continue;
                };
                best = Some(best.map_or(rank, |b: u8| b.min(rank)));
            }
            if let Some(r) = best {
                hits.push((r, -p.importance, i as PlaceIdx));
            }
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        hits.into_iter().take(limit).map(|h| h.2).collect()
    }
}

/// Whether two names are the same name, as the API's search compares them (case and accents).
pub fn same_name(a: &str, b: &str) -> bool {
    simple_fold(a) == simple_fold(b)
}

/// Whether `name` folds to `key` (a `simple_fold` result), without allocating when `name`
/// is ASCII: its fold is then its letters and digits in lower case.
pub(crate) fn folds_to(name: &str, key: &str) -> bool {
    if !name.is_ascii() {
        return simple_fold(name) == key;
    }
    let mut folded = name
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase());
    let mut key = key.bytes();
    loop {
        match (folded.next(), key.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// Lowercase, strip diacritics and everything but letters and digits.
pub(crate) fn simple_fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Great-circle distance in km between two lon/lat points.
pub fn haversine_km(a: Point<f64>, b: Point<f64>) -> f64 {
    let (lat1, lat2) = (a.y().to_radians(), b.y().to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.x() - a.x()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::{folds_to, simple_fold};

    /// `folds_to` agrees with comparing `simple_fold` results, on ASCII and other names.
    #[test]
    fn folds_to_agrees_with_simple_fold() {
        let names = [
            "Tal Examplia",
            "tal-examplia",
            "Tall Examplia",
            "Ṭal ʿExāmpliā",
            "T.A. 2",
            "ta2",
            "",
            "--",
            "Şəmpli",
            "sEmpli",
            "تل مثال",
        ];
        for a in names {
            for b in names {
                let key = simple_fold(b);
                assert_eq!(folds_to(a, &key), simple_fold(a) == key, "{a:?} vs {b:?}");
            }
        }
    }
}
