//! Zones: from a [`ControlMap`] to faction polygons, frontlines, sieges and routes.
//!
//! One tessellation does it all ([`tessellate`]): every place with known
//! control is a Voronoi site, split places get one site per part ([`split`]),
//! and each site is fenced by blank sites at about twice its reach
//! ([`reach`]), so a zone covers only what its evidence supports and a map
//! from one report stays small. Borders are not plain bisectors: virtual
//! sites bridge neighbouring places of one side ([`bridge`]) and move a
//! border towards the place its own neighbours support less ([`support`]),
//! wherever the places' reaches touch. The Delaunay adjacency then gives the
//! dissolved faction zones ([`dissolve`]), the frontlines between them
//! ([`frontlines`]), siege pockets ([`sieges`]) and route connectivity
//! ([`routes`]) without any polygon union; only the final clip to the region
//! outline is a boolean operation. Coordinates are worked in a local
//! equirectangular projection in km and returned as lon/lat.

mod advance;
mod areas;
mod bridge;
mod dissolve;
mod encircle;
mod frontlines;
mod measure;
mod reach;
mod routes;
mod sieges;
mod split;
mod support;
mod tessellate;

pub use advance::AdvanceArrow;
pub use areas::{area_quote, build_with_areas, iou, AreaRef, ImportedArea};
pub use encircle::PartialSiege;
pub use measure::geodesic_area_m2;
pub use reach::{reach_km, MAX_REACH_KM};

use crate::claims::{FactionId, Factions};
use crate::gazetteer::Gazetteer;
use crate::timeline::{ControlMap, PlaceControl, Status};
use chrono::NaiveDate;
use geo::{BooleanOps, Coord, Geometry, LineString, MapCoords, MultiLineString, MultiPolygon};
use std::collections::BTreeMap;

/// One faction's territory.
#[derive(Debug, Clone)]
pub struct Zone {
    pub faction: FactionId,
    /// `Status::Contested` zones are drawn separately from held ones.
    pub status: Status,
    /// For contested zones, every side (sorted); empty for held zones.
    pub contenders: Vec<FactionId>,
    pub area: MultiPolygon<f64>,
    /// How many places support it.
    pub places: usize,
    /// The imported polygons it follows ([`build_with_areas`]); empty for
    /// a zone drawn from places alone.
    pub imported: Vec<AreaRef>,
}

/// A border between two factions' zones.
#[derive(Debug, Clone)]
pub struct Frontline {
    pub factions: (FactionId, FactionId),
    pub lines: MultiLineString<f64>,
}

/// A pocket of one faction enclosed by another.
#[derive(Debug, Clone)]
pub struct Siege {
    pub besieged: FactionId,
    pub besieger: FactionId,
    pub area: MultiPolygon<f64>,
    pub since: Option<NaiveDate>,
}

/// A route drawn as a line with its status.
#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub from: String,
    pub to: String,
    /// As the latest route claim says.
    pub cut: bool,
    pub line: LineString<f64>,
    /// The faction whose route it is.
    pub faction: FactionId,
    /// Whether that faction's zones still connect the two ends on this map
    /// (`None` when the owner is unknown).
    pub connected: Option<bool>,
    /// Since when the status holds, and the claims that say so.
    pub since: Option<NaiveDate>,
    pub evidence: Vec<crate::timeline::Evidence>,
}

/// Everything drawn for one date.
#[derive(Debug, Clone, Default)]
pub struct ZoneLayer {
    pub as_of: Option<NaiveDate>,
    pub zones: Vec<Zone>,
    pub frontlines: Vec<Frontline>,
    pub sieges: Vec<Siege>,
    pub routes: Vec<Route>,
    /// Partial sieges: "encircled Y from the west, south and east" (drawn by `encircle.rs`).
    pub partial_sieges: Vec<PartialSiege>,
    /// "X advanced on Y from the north" (drawn by `advance.rs`).
    pub advances: Vec<AdvanceArrow>,
}

/// A fast hasher for the integer keys of the zone builder's maps (grid
/// cells, face and site indices): std's SipHash guards against adversarial
/// keys, which these are not, and costs a tenth of a build here. Lookups
/// only; every output is ordered independently of the hash.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        // FxHash's step: rotate, mix in, multiply by a large odd constant.
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
}

/// A `HashMap` keyed by integers, with [`IntHasher`].
pub(crate) type IntMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IntHasher>>;

/// Local equirectangular projection, km.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Proj {
    lon0: f64,
    lat0: f64,
    kx: f64,
    ky: f64,
}

impl Proj {
    fn new(lon0: f64, lat0: f64) -> Proj {
        Proj {
            lon0,
            lat0,
            kx: 111.320 * lat0.to_radians().cos(),
            ky: 110.574,
        }
    }
    pub(crate) fn fwd(&self, lon: f64, lat: f64) -> [f64; 2] {
        [(lon - self.lon0) * self.kx, (lat - self.lat0) * self.ky]
    }
    pub(crate) fn inv(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: c.x / self.kx + self.lon0,
            y: c.y / self.ky + self.lat0,
        }
    }
}

/// A labelled tessellation site.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub pos: [f64; 2],
    /// Index into the zone label table.
    pub label: u32,
    pub reach: f64,
    /// Index into `ControlMap::places`.
    pub place: usize,
    /// For a bridge site ([`bridge`]) between two places, the second place.
    pub pair: Option<usize>,
}

impl Site {
    /// Whether the two sites' reaches touch: the land between them is
    /// spoken for by one or the other, so border rules apply there.
    pub(crate) fn touches(&self, other: &Site) -> bool {
        let dx = other.pos[0] - self.pos[0];
        let dy = other.pos[1] - self.pos[1];
        (dx * dx + dy * dy).sqrt() <= self.reach + other.reach
    }
}

/// A village-sized site of one place (tests of the border rules).
#[cfg(test)]
pub(super) fn test_site(x: f64, y: f64, label: u32, place: usize) -> Site {
    Site {
        pos: [x, y],
        label,
        reach: 3.5,
        place,
        pair: None,
    }
}

/// Reach in km of a provisional place (one the pack lacks, drawn near its anchor): its
/// position is approximate, so standing alone it colours only a small disc, and inside a
/// known place's reach it recuts no cell at all (see `locate`).
pub const APPROX_REACH_KM: f64 = 1.0;

/// A place ready for tessellation.
struct Located<'a> {
    pc: &'a PlaceControl,
    lon: f64,
    lat: f64,
    reach: f64,
    /// A provisional place (position approximate).
    approximate: bool,
}

fn locate<'a>(map: &'a ControlMap, gazetteer: &Gazetteer) -> Vec<Located<'a>> {
    let mut out: Vec<Located<'a>> = map
        .places
        .iter()
        .filter_map(|pc| {
            let place = gazetteer.get(&pc.place_id);
            if place.is_some_and(|p| p.kind.is_area() || p.kind.is_linear()) {
                // A claim about a province or a road does not colour land by itself.
                return None;
            }
            let (lon, lat) = if pc.lon.is_finite() && pc.lat.is_finite() {
                (pc.lon, pc.lat)
            } else {
                let p = place?;
                (p.point.x(), p.point.y())
            };
            if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                return None;
            }
            let mut reach = pc
                .extent_km
                .unwrap_or_else(|| reach_km(place.map(|p| p.kind)))
                .clamp(0.1, MAX_REACH_KM);
            let approximate = pc
                .place_id
                .starts_with(crate::gazetteer::provisional::PREFIX);
            if approximate {
                // A place the pack lacks sits at its anchor, not where it is: a point of
                // its side, kept from reshaping the cells around it.
                reach = reach.min(APPROX_REACH_KM);
            }
            Some(Located {
                pc,
                lon,
                lat,
                reach,
                approximate,
            })
        })
        .collect();
    // A provisional place inside the reach of a place whose position is known does not
    // recut that place's cell: where it lies is a guess. It stays a point of its side on
    // the map (a `place` feature); only one standing alone colours its small disc.
    let known: Vec<(geo::Point<f64>, f64)> = out
        .iter()
        .filter(|l| !l.approximate)
        .map(|l| (geo::Point::new(l.lon, l.lat), l.reach))
        .collect();
    out.retain(|l| {
        !l.approximate || {
            let p = geo::Point::new(l.lon, l.lat);
            !known
                .iter()
                .any(|(k, r)| crate::gazetteer::haversine_km(*k, p) < r + l.reach)
        }
    });
    out
}

/// Builds the zone layer for a control map.
pub fn build(map: &ControlMap, gazetteer: &Gazetteer, factions: &Factions) -> ZoneLayer {
    let _ = factions;
    let located = locate(map, gazetteer);
    let mut layer = ZoneLayer {
        as_of: map.as_of,
        ..Default::default()
    };
    layer.partial_sieges = encircle::partial_sieges(map, gazetteer);
    layer.advances = advance::arrows(map, gazetteer);
    let n = located.len().max(1) as f64;
    let proj = Proj::new(
        located.iter().map(|l| l.lon).sum::<f64>() / n,
        located.iter().map(|l| l.lat).sum::<f64>() / n,
    );

    // Label table: (faction, held or contested, the sides of contested places).
    let mut labels: Vec<(FactionId, Status, Vec<FactionId>)> = Vec::new();
    let mut label_of = |pc: &PlaceControl| -> u32 {
        let (s, mut sides) = if pc.status == Status::Contested {
            (Status::Contested, pc.contenders.clone())
        } else {
            (Status::Held, Vec::new())
        };
        sides.sort();
        let key = (pc.faction.clone(), s, sides);
        match labels.iter().position(|l| *l == key) {
            Some(i) => i as u32,
            None => {
                labels.push(key);
                (labels.len() - 1) as u32
            }
        }
    };
    let mut sites: Vec<Site> = Vec::new();
    let mut blank: Vec<[f64; 2]> = Vec::new();
    // Parts of split places, by place id: which directions are known.
    let mut parts: BTreeMap<&str, Vec<crate::geoparse::Direction>> = BTreeMap::new();
    for l in &located {
        if let Some(d) = l.pc.part {
            parts.entry(l.pc.place_id.as_str()).or_default().push(d);
        }
    }
    for (i, l) in located.iter().enumerate() {
        let centre = proj.fwd(l.lon, l.lat);
        let label = label_of(l.pc);
        match l.pc.part {
            None => sites.push(Site {
                pos: centre,
                label,
                reach: l.reach,
                place: i,
                pair: None,
            }),
            Some(dir) => {
                let (pos, reach) = split::part_site(centre, l.reach, dir);
                sites.push(Site {
                    pos,
                    label,
                    reach,
                    place: i,
                    pair: None,
                });
                let opp = split::opposite(dir);
                if !parts[l.pc.place_id.as_str()].contains(&opp) {
                    blank.push(split::part_site(centre, l.reach, opp).0);
                }
            }
        }
    }
    if sites.is_empty() {
        return layer;
    }
    let ring = reach::background(&sites);
    // Borders that follow each side's network of places, not bisectors.
    let links = tessellate::triangulate(&sites.iter().map(|s| s.pos).collect::<Vec<_>>());
    let mut extra = bridge::bridges(&sites, &links);
    let sides_of = |l: u32| {
        let (f, st, c) = &labels[l as usize];
        if *st == Status::Contested {
            c.clone()
        } else {
            vec![f.clone()]
        }
    };
    let label_sides: Vec<Vec<FactionId>> = (0..labels.len() as u32).map(sides_of).collect();
    let allied = |a: u32, b: u32| {
        a == b
            || label_sides[a as usize]
                .iter()
                .any(|f| label_sides[b as usize].contains(f))
    };
    extra.extend(support::shifts(&sites, &links, allied));
    sites.extend(extra);
    let mut positions: Vec<[f64; 2]> = sites.iter().map(|s| s.pos).collect();
    positions.extend(ring);
    positions.extend(blank);
    let tri = tessellate::triangulate(&positions);
    let cc = dissolve::circumcentres(&tri);
    let ns = sites.len() as u32;
    let site_label = |s: u32| (s < ns).then(|| sites[s as usize].label);

    let outline = outline(gazetteer);
    let to_lonlat = |mp: MultiPolygon<f64>| -> MultiPolygon<f64> {
        let mp = mp.map_coords(|c| proj.inv(c));
        match &outline {
            Some(o) => mp.intersection(o),
            None => mp,
        }
    };

    // Zones.
    let zone_areas = dissolve::dissolve(&tri, &cc, &site_label);
    for (label, area) in zone_areas {
        let (faction, status, contenders) = labels[label as usize].clone();
        let area = to_lonlat(area);
        if area.0.is_empty() {
            continue;
        }
        layer.zones.push(Zone {
            faction,
            status,
            contenders,
            area,
            places: sites
                .iter()
                .filter(|s| s.label == label)
                .map(|s| s.place)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            imported: Vec::new(),
        });
    }

    // Frontlines between held (not contested) zones of different factions.
    let faction_ids: Vec<FactionId> = {
        let mut v: Vec<FactionId> = labels.iter().map(|(f, _, _)| f.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    // The held faction of each label, looked up once (this is asked for
    // every triangulation edge, several times over).
    let label_faction: Vec<Option<u32>> = labels
        .iter()
        .map(|(f, st, _)| {
            (*st == Status::Held)
                .then(|| faction_ids.iter().position(|x| x == f).unwrap_or(0) as u32)
        })
        .collect();
    let faction_of = |s: u32| -> Option<u32> { label_faction[site_label(s)? as usize] };
    for ((a, b), lines) in frontlines::frontlines(&tri, &cc, faction_of) {
        let lines = lines.map_coords(|c| proj.inv(c));
        let lines = match &outline {
            Some(o) => o.clip(&lines, false),
            None => lines,
        };
        if lines.0.is_empty() {
            continue;
        }
        layer.frontlines.push(Frontline {
            factions: (
                faction_ids[a as usize].clone(),
                faction_ids[b as usize].clone(),
            ),
            lines,
        });
    }

    // Sieges.
    let places: Vec<&PlaceControl> = located.iter().map(|l| l.pc).collect();
    for s in sieges::sieges(&tri, &cc, &sites, &places, &faction_of) {
        let area = to_lonlat(s.area);
        if !area.0.is_empty() {
            layer.sieges.push(Siege { area, ..s });
        }
    }

    // Routes.
    layer.routes = routes::routes(
        map,
        gazetteer,
        &proj,
        &tri,
        &sites,
        &places,
        &faction_of,
        &faction_ids,
    );
    layer
}

/// Where a claim about the ground around a place is drawn from: the claim's
/// point, else the gazetteer's, with the place's reach (km). `None` when there
/// is no usable point.
pub(crate) fn centre_and_reach(
    gazetteer: &Gazetteer,
    place_id: &str,
    lon: f64,
    lat: f64,
) -> Option<(f64, f64, f64)> {
    let place = gazetteer.get(place_id);
    let (lon, lat) = if lon.is_finite() && lat.is_finite() {
        (lon, lat)
    } else {
        let p = place?;
        (p.point.x(), p.point.y())
    };
    if !(-180.0..=180.0).contains(&lon) || !(-85.0..=85.0).contains(&lat) {
        return None;
    }
    let reach = reach_km(place.map(|p| p.kind)).clamp(0.1, MAX_REACH_KM);
    Some((lon, lat, reach))
}

/// Allowance (degrees, about 2 km) around the region outline: packs ship a
/// generalised country polygon whose straight segments cut off border
/// villages; their fields should not be clipped away.
const OUTLINE_ALLOWANCE_DEG: f64 = 0.02;

/// The region outline (the shape of `region.toml`'s `outline` place), with a
/// small allowance, if the pack has one.
fn outline(gazetteer: &Gazetteer) -> Option<MultiPolygon<f64>> {
    use geo::Buffer;
    let place = gazetteer.get(&gazetteer.info().outline)?;
    let shape = match place.shape.as_ref()? {
        Geometry::Polygon(p) => MultiPolygon::new(vec![p.clone()]),
        Geometry::MultiPolygon(m) => m.clone(),
        _ => return None,
    };
    Some(shape.buffer(OUTLINE_ALLOWANCE_DEG))
}
