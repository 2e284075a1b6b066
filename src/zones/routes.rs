//! Routes: a supply line from one place to another (or to a border), with the
//! status its latest claim gives, and whether the owner's cells still connect
//! the two ends through the Delaunay adjacency. The line follows a gazetteer
//! road that runs near both ends when there is one (the Aleppo – Azaz – Kilis
//! road to the Turkish border), else it is drawn straight to the other place
//! or to the nearest point of the border.

use super::tessellate::Tri;
use super::{Proj, Route, Site};
use crate::claims::FactionId;
use crate::gazetteer::{haversine_km, Gazetteer, PlaceKind};
use crate::timeline::{ControlMap, PlaceControl};
use geo::{Closest, ClosestPoint, Coord, Geometry, LineString, Point};
use spade::Triangulation;
use std::collections::VecDeque;

/// How far (in reaches) from an end a cell of the owner may lie and still
/// count as reaching that end.
const END_SLACK: f64 = 1.5;

#[allow(clippy::too_many_arguments)]
pub(super) fn routes(
    map: &ControlMap,
    gazetteer: &Gazetteer,
    proj: &Proj,
    tri: &Tri,
    sites: &[Site],
    places: &[&PlaceControl],
    faction_of: &impl Fn(u32) -> Option<u32>,
    faction_ids: &[FactionId],
) -> Vec<Route> {
    let mut out = Vec::new();
    for r in &map.routes {
        let from_place = gazetteer.get(&r.from);
        let from = match (from_place, r.from_point) {
            (Some(p), _) => p.point,
            (None, Some((lon, lat))) => Point::new(lon, lat),
            _ => {
                tracing::warn!(route = %r.from, "route start has no location; not drawn");
                continue;
            }
        };
        let Some(to_place) = gazetteer.get(&r.to) else {
            tracing::warn!(route = %r.to, "route end is not in the gazetteer; not drawn");
            continue;
        };
        let to = match &to_place.shape {
            Some(g @ (Geometry::LineString(_) | Geometry::MultiLineString(_))) => {
                match g.closest_point(&from) {
                    Closest::Intersection(p) | Closest::SinglePoint(p) => p,
                    Closest::Indeterminate => to_place.point,
                }
            }
            _ => to_place.point,
        };
        let line = road_between(
            gazetteer,
            from,
            to_place.shape.as_ref().unwrap_or(&Geometry::Point(to)),
        )
        .unwrap_or_else(|| {
            LineString::new(vec![
                Coord {
                    x: from.x(),
                    y: from.y(),
                },
                Coord {
                    x: to.x(),
                    y: to.y(),
                },
            ])
        });
        let to = line.0.last().map(|c| Point::new(c.x, c.y)).unwrap_or(to);
        let from_name = from_place
            .map(|p| p.name.clone())
            .unwrap_or_else(|| r.from_name.clone());
        let connected = faction_ids
            .iter()
            .position(|f| *f == r.faction)
            .map(|fi| connects(tri, sites, places, proj, faction_of, fi as u32, from, to));
        out.push(Route {
            name: format!("{} – {}", from_name, to_place.name),
            from: r.from.clone(),
            to: r.to.clone(),
            cut: r.cut,
            line: LineString::new(vec![
                Coord {
                    x: from.x(),
                    y: from.y(),
                },
                Coord {
                    x: to.x(),
                    y: to.y(),
                },
            ]),
            faction: r.faction.clone(),
            connected,
            since: r.since,
            evidence: r.evidence.clone(),
        });
    }
    out
}

/// A road counts as leading to an end when it passes this close (km).
const ROAD_SNAP_KM: f64 = 8.0;

/// Distance (km) from a point to a target geometry (a place point or a border line).
fn km_to(p: Point<f64>, target: &Geometry<f64>) -> f64 {
    match target.closest_point(&p) {
        Closest::Intersection(q) | Closest::SinglePoint(q) => haversine_km(p, q),
        Closest::Indeterminate => f64::INFINITY,
    }
}

/// The stretch of a gazetteer road from near `from` to near `target`, with
/// `from` prepended; the best-fitting road when several qualify.
fn road_between(
    gazetteer: &Gazetteer,
    from: Point<f64>,
    target: &Geometry<f64>,
) -> Option<LineString<f64>> {
    let mut best: Option<(f64, LineString<f64>)> = None;
    for road in gazetteer
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Road)
    {
        let parts: Vec<&LineString<f64>> = match &road.shape {
            Some(Geometry::LineString(l)) => vec![l],
            Some(Geometry::MultiLineString(m)) => m.0.iter().collect(),
            _ => continue,
        };
        for l in parts {
            let near = |f: &dyn Fn(Point<f64>) -> f64| {
                l.0.iter()
                    .enumerate()
                    .map(|(i, c)| (i, f(Point::new(c.x, c.y))))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
            };
            let (Some((i, df)), Some((j, dt))) = (
                near(&|p| haversine_km(p, from)),
                near(&|p| km_to(p, target)),
            ) else {
                continue;
            };
            if i == j || df > ROAD_SNAP_KM || dt > ROAD_SNAP_KM {
                continue;
            }
            let mut pts: Vec<Coord<f64>> = if i < j {
                l.0[i..=j].to_vec()
            } else {
                l.0[j..=i].iter().rev().copied().collect()
            };
            let start = Coord {
                x: from.x(),
                y: from.y(),
            };
            if pts.first() != Some(&start) {
                pts.insert(0, start);
            }
            let score = df + dt;
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, LineString::new(pts)));
            }
        }
    }
    best.map(|(_, l)| l)
}

/// Whether cells of faction `f` connect a cell near `a` to a cell near `b`.
#[allow(clippy::too_many_arguments)]
fn connects(
    tri: &Tri,
    sites: &[Site],
    _places: &[&PlaceControl],
    proj: &Proj,
    faction_of: &impl Fn(u32) -> Option<u32>,
    f: u32,
    a: Point<f64>,
    b: Point<f64>,
) -> bool {
    let ns = sites.len();
    let pa = proj.fwd(a.x(), a.y());
    let pb = proj.fwd(b.x(), b.y());
    let near = |s: &Site, p: [f64; 2]| {
        let d = ((s.pos[0] - p[0]).powi(2) + (s.pos[1] - p[1]).powi(2)).sqrt();
        d <= s.reach * END_SLACK + s.reach
    };
    let is_f = |i: usize| faction_of(i as u32) == Some(f);
    let starts: Vec<usize> = (0..ns)
        .filter(|&i| is_f(i) && near(&sites[i], pa))
        .collect();
    let goal: Vec<bool> = (0..ns).map(|i| is_f(i) && near(&sites[i], pb)).collect();
    if starts.is_empty() || !goal.iter().any(|&g| g) {
        return false;
    }
    // Adjacency between f's sites.
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); ns];
    for e in tri.undirected_edges() {
        let [x, y] = e.vertices();
        let (sx, sy) = (x.data().site as usize, y.data().site as usize);
        if sx < ns && sy < ns && is_f(sx) && is_f(sy) {
            adj[sx].push(sy);
            adj[sy].push(sx);
        }
    }
    let mut seen = vec![false; ns];
    let mut q: VecDeque<usize> = starts.into_iter().collect();
    for &s in &q {
        seen[s] = true;
    }
    while let Some(s) = q.pop_front() {
        if goal[s] {
            return true;
        }
        for &n in &adj[s] {
            if !seen[n] {
                seen[n] = true;
                q.push_back(n);
            }
        }
    }
    false
}
