//! Zones that follow imported polygons.
//!
//! `frontline import occupied.geojson --faction F --date D` says more than
//! "F holds every place inside": it says where F's line runs. The cells the
//! tessellation draws around those places would end half a cell beyond or
//! short of that line, so a polygon imported as an *area* is kept with its
//! geometry ([`ImportedArea`]) and the zone build takes it as a constraint
//! for its date ([`build_with_areas`]):
//!
//! - the active area of a faction on date T is the union of its polygons of
//!   the newest import dated on or before T (undated: older than any date);
//!   where two factions' active areas overlap, the newer one wins;
//! - a place inside an active area of F that F still holds on T is drawn by
//!   the area itself: F's zone there is the polygon, edge for edge;
//! - a place inside it that reports dated after the import gave to another
//!   side (or made contested) is *carved out*: its tessellation cell among
//!   its neighbours (clipped to the polygon) goes to that side;
//! - every other zone is the tessellation of the places outside the active
//!   areas, cut by them, so the other side's land meets the polygon's edge
//!   wherever its places' reach gets there;
//! - an import of a side's polygons is that side's territory as of its date:
//!   a place outside the side's newest area that only an older import of its
//!   polygons gave it (no report since) is no longer drawn as the side's
//!   (DeepStateMap-style series: the newer snapshot supersedes the older).
//!
//! Frontlines are then read off the final zones (where two sides' zones lie
//! within [`FRONT_TOLERANCE_DEG`] of each other); sieges, routes, partial
//! sieges and advances are the ones the plain build draws from the control
//! map. With no area active, [`build_with_areas`] is [`build`](super::build)
//! and nothing changes. Geometry is worked in lon/lat (the polygons come so,
//! and GeoJSON draws edges straight in lon/lat); areas are measured
//! geodesically ([`iou`]).

use super::{Frontline, Zone, ZoneLayer};
use crate::claims::{FactionId, Factions};
use crate::gazetteer::Gazetteer;
use crate::timeline::{ControlMap, PlaceControl, Status};
use chrono::NaiveDate;
use geo::{
    BooleanOps, BoundingRect, Buffer, Intersects, LineString, MultiLineString, MultiPolygon, Point,
    Polygon,
};

/// A polygon of an imported layer that says one faction holds the land
/// inside it from a date (a DeepStateMap or ISW occupied-territory export, a
/// zone of frontline's own export).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedArea {
    pub faction: FactionId,
    /// The date the layer describes; `None`: undated (older than any date).
    pub date: Option<NaiveDate>,
    /// WGS84 lon/lat.
    pub area: MultiPolygon<f64>,
    /// Where it came from: the file name, the feature's number (1-based,
    /// as import errors count them) and its name or label.
    pub file: String,
    pub feature: usize,
    pub name: String,
    /// The stored baseline it belongs to (`baseline:<n>`), set by the store.
    pub baseline_id: Option<String>,
}

/// The quote of the claims an area import makes about the places inside
/// it: `area <file> <feature N | line N>: <label>` (the evidence a place's
/// popup shows, and how a zone build tells a place known only from an
/// import of a faction's territory).
pub fn area_quote(file: &str, at: &str, label: &str) -> String {
    format!("area {file} {at}: {label}")
}

impl ImportedArea {
    /// Whether an evidence quote is one this area's import made.
    fn made(&self, quote: &str) -> bool {
        quote
            .strip_prefix("area ")
            .and_then(|q| q.strip_prefix(self.file.as_str()))
            .is_some_and(|q| q.starts_with(' '))
    }

    /// The citation a zone drawn from this area carries.
    pub fn cite(&self) -> AreaRef {
        AreaRef {
            file: self.file.clone(),
            feature: self.feature,
            name: self.name.clone(),
            date: self.date,
            baseline_id: self.baseline_id.clone(),
        }
    }
}

/// Why a zone follows a polygon: the imported feature it was drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRef {
    pub file: String,
    pub feature: usize,
    pub name: String,
    pub date: Option<NaiveDate>,
    pub baseline_id: Option<String>,
}

/// Two zones closer than this (degrees, about 300 m) share a frontline:
/// a polygon's edge and the cut cells beside it meet exactly, but boolean
/// operations leave slivers, and a generalised polygon's edge can stand a
/// little off the other side's cells.
pub const FRONT_TOLERANCE_DEG: f64 = 0.003;

/// One faction's active area on the build's date, with what it cites.
struct Active {
    faction: FactionId,
    date: Option<NaiveDate>,
    area: MultiPolygon<f64>,
    refs: Vec<AreaRef>,
}

/// The areas in force on `as_of` (every area when `None`): per faction the
/// union of its newest import's polygons, each cut by the newer areas of
/// other factions. Ordered oldest first, then by faction id.
fn active(areas: &[ImportedArea], as_of: Option<NaiveDate>) -> Vec<Active> {
    let due = |a: &ImportedArea| match (as_of, a.date) {
        (Some(t), Some(d)) => d <= t,
        _ => true,
    };
    let mut factions: Vec<&FactionId> = areas
        .iter()
        .filter(|a| due(a))
        .map(|a| &a.faction)
        .collect();
    factions.sort();
    factions.dedup();
    let mut out: Vec<Active> = factions
        .into_iter()
        .map(|f| {
            let newest = areas
                .iter()
                .filter(|a| due(a) && a.faction == *f)
                .map(|a| a.date)
                .max()
                .flatten();
            let these: Vec<&ImportedArea> = areas
                .iter()
                .filter(|a| due(a) && a.faction == *f && a.date == newest)
                .collect();
            Active {
                faction: f.clone(),
                date: newest,
                area: geo::unary_union(these.iter().map(|a| &a.area)),
                refs: these.iter().map(|a| a.cite()).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.faction.cmp(&b.faction)));
    for i in 0..out.len() {
        let newer: Vec<&MultiPolygon<f64>> = out[i + 1..].iter().map(|a| &a.area).collect();
        if !newer.is_empty() {
            let cut = geo::unary_union(newer);
            out[i].area = out[i].area.difference(&cut);
        }
    }
    out.retain(|a| !a.area.0.is_empty());
    out
}

/// The point a place is drawn at: the state's, else the gazetteer's.
fn point_of(pc: &PlaceControl, gazetteer: &Gazetteer) -> Option<Point<f64>> {
    if pc.lon.is_finite() && pc.lat.is_finite() {
        return Some(Point::new(pc.lon, pc.lat));
    }
    gazetteer.get(&pc.place_id).map(|p| p.point)
}

/// Whether `p` lies in `area` (bounding box first: most places are far).
fn inside(area: &MultiPolygon<f64>, bbox: Option<geo::Rect<f64>>, p: Point<f64>) -> bool {
    bbox.is_some_and(|b| {
        p.x() >= b.min().x && p.x() <= b.max().x && p.y() >= b.min().y && p.y() <= b.max().y
    }) && area.intersects(&p)
}

/// A zone's identity: faction, held or contested, and the contenders.
type Key = (FactionId, Status, Vec<FactionId>);

fn key_of(pc: &PlaceControl) -> Key {
    if pc.status == Status::Contested {
        let mut c = pc.contenders.clone();
        c.sort();
        (pc.faction.clone(), Status::Contested, c)
    } else {
        (pc.faction.clone(), Status::Held, Vec::new())
    }
}

fn key_of_zone(z: &Zone) -> Key {
    (z.faction.clone(), z.status, z.contenders.clone())
}

/// Builds the zone layer of a control map with the imported areas in force
/// on its date (see the module docs); [`build`](super::build) when none is.
pub fn build_with_areas(
    map: &ControlMap,
    gazetteer: &Gazetteer,
    factions: &Factions,
    areas: &[ImportedArea],
) -> ZoneLayer {
    let active = active(areas, map.as_of);
    let full = super::build(map, gazetteer, factions);
    if active.is_empty() {
        return full;
    }
    let boxes: Vec<Option<geo::Rect<f64>>> =
        active.iter().map(|a| a.area.bounding_rect()).collect();
    // Which active area each place lies in, if any.
    let area_of: Vec<Option<usize>> = map
        .places
        .iter()
        .map(|pc| {
            let p = point_of(pc, gazetteer)?;
            (0..active.len()).find(|&i| inside(&active[i].area, boxes[i], p))
        })
        .collect();
    let absorbed = |i: usize, pc: &PlaceControl| -> bool {
        area_of[i]
            .is_some_and(|a| active[a].faction == pc.faction && pc.status != Status::Contested)
    };
    // Carved places: inside an area, held by another side (or contested) now.
    let mut carved: Vec<(usize, Key, Point<f64>)> = Vec::new();
    let mut absorbed_count = vec![0usize; active.len()];
    for (i, pc) in map.places.iter().enumerate() {
        let Some(a) = area_of[i] else { continue };
        if absorbed(i, pc) {
            absorbed_count[a] += 1;
        } else if let Some(p) = point_of(pc, gazetteer) {
            carved.push((a, key_of(pc), p));
        }
    }
    // Outside its newest area, a place only an older import of the side's
    // polygons gave it: the newer snapshot says the side no longer holds it.
    let superseded = |pc: &PlaceControl| -> bool {
        let Some(now) = active.iter().find(|a| a.faction == pc.faction) else {
            return false;
        };
        pc.status != Status::Contested
            && !pc.evidence.is_empty()
            && pc.evidence.iter().all(|e| {
                areas.iter().any(|old| {
                    old.faction == now.faction && old.date < now.date && old.made(&e.quote)
                })
            })
    };
    // The tessellation of everything outside the areas: its cells reach the
    // polygons' edges instead of stopping half-way to the places inside.
    let rest_map = ControlMap {
        as_of: map.as_of,
        places: map
            .places
            .iter()
            .zip(&area_of)
            .filter(|(pc, a)| a.is_none() && !superseded(pc))
            .map(|(pc, _)| pc.clone())
            .collect(),
        routes: Vec::new(),
        encirclements: Vec::new(),
        advances: Vec::new(),
    };
    let rest = super::build(&rest_map, gazetteer, factions);

    // Carved cells: the parts of the full build's zone of a carved place's
    // side inside the area that hold one of its carved places.
    let mut carves: Vec<(Key, MultiPolygon<f64>, usize)> = Vec::new();
    for z in &full.zones {
        let key = key_of_zone(z);
        for (ai, a) in active.iter().enumerate() {
            let points: Vec<Point<f64>> = carved
                .iter()
                .filter(|(x, k, _)| *x == ai && *k == key)
                .map(|(_, _, p)| *p)
                .collect();
            if points.is_empty() {
                continue;
            }
            let parts: Vec<Polygon<f64>> = z
                .area
                .intersection(&a.area)
                .0
                .into_iter()
                .filter(|poly| points.iter().any(|p| poly.intersects(p)))
                .collect();
            if !parts.is_empty() {
                let n = points.len();
                carves.push((key.clone(), MultiPolygon::new(parts), n));
            }
        }
    }
    let all_carves = geo::unary_union(carves.iter().map(|(_, c, _)| c));

    // Assemble the zones in a fixed order: the plain build's order, then
    // the rest's, then areas of sides with no zone of their own.
    struct Out {
        key: Key,
        parts: Vec<MultiPolygon<f64>>,
        places: usize,
        refs: Vec<AreaRef>,
    }
    let mut outs: Vec<Out> = Vec::new();
    let slot = |outs: &mut Vec<Out>, key: &Key| -> usize {
        match outs.iter().position(|o| o.key == *key) {
            Some(i) => i,
            None => {
                outs.push(Out {
                    key: key.clone(),
                    parts: Vec::new(),
                    places: 0,
                    refs: Vec::new(),
                });
                outs.len() - 1
            }
        }
    };
    for z in &full.zones {
        slot(&mut outs, &key_of_zone(z));
    }
    for z in &rest.zones {
        let key = key_of_zone(z);
        let i = slot(&mut outs, &key);
        let others: Vec<&MultiPolygon<f64>> = active
            .iter()
            .filter(|a| !(key.1 == Status::Held && a.faction == key.0))
            .map(|a| &a.area)
            .collect();
        let mut area = z.area.clone();
        if !others.is_empty() {
            area = area.difference(&geo::unary_union(others));
        }
        if !all_carves.0.is_empty() {
            area = area.difference(&all_carves);
        }
        outs[i].parts.push(area);
        outs[i].places += z.places;
    }
    for (key, cut, n) in &carves {
        let i = slot(&mut outs, key);
        outs[i].parts.push(cut.clone());
        outs[i].places += n;
    }
    for (ai, a) in active.iter().enumerate() {
        let key: Key = (a.faction.clone(), Status::Held, Vec::new());
        let i = slot(&mut outs, &key);
        let area = if all_carves.0.is_empty() {
            a.area.clone()
        } else {
            a.area.difference(&all_carves)
        };
        outs[i].parts.push(area);
        outs[i].places += absorbed_count[ai];
        outs[i].refs.extend(a.refs.iter().cloned());
    }
    let zones: Vec<Zone> = outs
        .into_iter()
        .filter_map(|o| {
            let area = geo::unary_union(o.parts.iter());
            if area.0.is_empty() {
                return None;
            }
            Some(Zone {
                faction: o.key.0,
                status: o.key.1,
                contenders: o.key.2,
                area,
                places: o.places,
                imported: o.refs,
            })
        })
        .collect();
    let frontlines = frontlines_between(&zones);
    ZoneLayer {
        zones,
        frontlines,
        ..full
    }
}

/// The borders between held zones of different factions: each zone's
/// boundary where it runs within [`FRONT_TOLERANCE_DEG`] of the other's.
/// One frontline per pair, factions in id order, drawn along the first's
/// boundary.
fn frontlines_between(zones: &[Zone]) -> Vec<Frontline> {
    let held: Vec<&Zone> = zones.iter().filter(|z| z.status == Status::Held).collect();
    let mut pairs: Vec<(&Zone, &Zone)> = Vec::new();
    for (i, a) in held.iter().enumerate() {
        for b in &held[i + 1..] {
            if a.faction == b.faction {
                continue;
            }
            let (a, b) = if a.faction <= b.faction {
                (*a, *b)
            } else {
                (*b, *a)
            };
            pairs.push((a, b));
        }
    }
    pairs.sort_by(|x, y| (&x.0.faction, &x.1.faction).cmp(&(&y.0.faction, &y.1.faction)));
    let mut out = Vec::new();
    for (a, b) in pairs {
        let (Some(ra), Some(rb)) = (a.area.bounding_rect(), b.area.bounding_rect()) else {
            continue;
        };
        let t = FRONT_TOLERANCE_DEG;
        if ra.min().x > rb.max().x + t
            || rb.min().x > ra.max().x + t
            || ra.min().y > rb.max().y + t
            || rb.min().y > ra.max().y + t
        {
            continue;
        }
        let rings: Vec<LineString<f64>> = a
            .area
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .cloned()
            .collect();
        let near = b.area.buffer(t);
        let lines = near.clip(&MultiLineString::new(rings), false);
        let lines = MultiLineString::new(lines.0.into_iter().filter(|l| l.0.len() >= 2).collect());
        if lines.0.is_empty() {
            continue;
        }
        out.push(Frontline {
            factions: (a.faction.clone(), b.faction.clone()),
            lines,
        });
    }
    out
}

/// Intersection over union of two areas in lon/lat, measured geodesically
/// (WGS84 ellipsoid) on the planar intersection and union of the rings: the
/// fit of a zone to the polygon it should follow. 0 when either is empty.
pub fn iou(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> f64 {
    let union = super::geodesic_area_m2(&a.union(b));
    if union.is_nan() || union <= 0.0 {
        return 0.0;
    }
    super::geodesic_area_m2(&a.intersection(b)) / union
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn sq(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1), (x: x0, y: y0)
        ]])
    }

    fn area(f: &str, d: &str, a: MultiPolygon<f64>) -> ImportedArea {
        ImportedArea {
            faction: f.into(),
            date: NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(),
            area: a,
            file: "t.geojson".into(),
            feature: 1,
            name: String::new(),
            baseline_id: None,
        }
    }

    #[test]
    fn newest_import_of_a_side_is_in_force_and_newer_sides_cut_older() {
        let areas = vec![
            area("a", "2024-01-01", sq(0.0, 0.0, 1.0, 1.0)),
            area("a", "2024-03-01", sq(0.0, 0.0, 2.0, 1.0)),
            area("b", "2024-02-01", sq(1.5, 0.0, 3.0, 1.0)),
        ];
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let on_feb = active(&areas, d("2024-02-15"));
        assert_eq!(on_feb.len(), 2);
        // Before March: a's January square and b's February one, apart.
        assert!((iou(&on_feb[0].area, &sq(0.0, 0.0, 1.0, 1.0)) - 1.0).abs() < 1e-9);
        let on_mar = active(&areas, d("2024-03-15"));
        // In March a's newer area takes b's western half back.
        let b = on_mar.iter().find(|x| x.faction == "b").unwrap();
        assert!((iou(&b.area, &sq(2.0, 0.0, 3.0, 1.0)) - 1.0).abs() < 1e-6);
        assert!(active(&areas, d("2023-12-31")).is_empty());
    }

    #[test]
    fn iou_of_half_overlap() {
        let x = iou(&sq(0.0, 0.0, 0.2, 0.1), &sq(0.1, 0.0, 0.3, 0.1));
        assert!((x - 1.0 / 3.0).abs() < 1e-3, "{x}");
        assert_eq!(
            iou(&MultiPolygon::new(vec![]), &MultiPolygon::new(vec![])),
            0.0
        );
    }
}
