//! Routes: a supply line from one place to another (or to a border), with the
//! status its latest claim gives, and whether the owner's cells still connect
//! the two ends through the Delaunay adjacency. The line follows the pack's
//! road network ([`road_between`]: the shortest way along the schematic roads,
//! switching roads where they meet, e.g. Aleppo – Azaz – Kilis to the Turkish
//! border) when both ends lie near a road; else it is drawn straight to the
//! other place or to the nearest point of the border.

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
            line,
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

/// Road vertices of different roads closer than this (km) are one junction:
/// the schematic roads share waypoints, but simplification may move them.
const JUNCTION_KM: f64 = 1.5;

/// A road path longer than this many times the straight distance (plus
/// [`ROAD_SNAP_KM`]) is a detour the network makes only for want of a road:
/// drawn straight instead.
const MAX_DETOUR: f64 = 2.5;

/// The way along the gazetteer's roads from near `from` to near `target`,
/// with `from` prepended (and a point target appended): the shortest path
/// over every road of the pack, changing roads at junctions. `None` when no
/// road passes within [`ROAD_SNAP_KM`] of both ends, or the way is a detour.
fn road_between(
    gazetteer: &Gazetteer,
    from: Point<f64>,
    target: &Geometry<f64>,
) -> Option<LineString<f64>> {
    let lines: Vec<&LineString<f64>> = gazetteer
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Road)
        .flat_map(|road| match &road.shape {
            Some(Geometry::LineString(l)) => vec![l],
            Some(Geometry::MultiLineString(m)) => m.0.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let nodes: Vec<Point<f64>> = lines
        .iter()
        .flat_map(|l| l.0.iter().map(|c| Point::new(c.x, c.y)))
        .collect();
    if nodes.len() < 2 {
        return None;
    }
    // Edges: consecutive vertices of a road, and vertices of different roads
    // at one junction.
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nodes.len()];
    let mut road_of = Vec::with_capacity(nodes.len());
    let mut first = 0;
    for (r, l) in lines.iter().enumerate() {
        for i in 0..l.0.len() {
            road_of.push(r);
            if i + 1 < l.0.len() {
                let (a, b) = (first + i, first + i + 1);
                let d = haversine_km(nodes[a], nodes[b]);
                adj[a].push((b, d));
                adj[b].push((a, d));
            }
        }
        first += l.0.len();
    }
    for a in 0..nodes.len() {
        for b in a + 1..nodes.len() {
            if road_of[a] != road_of[b] {
                let d = haversine_km(nodes[a], nodes[b]);
                if d <= JUNCTION_KM {
                    adj[a].push((b, d));
                    adj[b].push((a, d));
                }
            }
        }
    }
    let (start, start_km) = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (i, haversine_km(*n, from)))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    if start_km > ROAD_SNAP_KM {
        return None;
    }
    let dist = shortest_paths(&adj, start);
    // The end: the node near the target that is cheapest to reach and to
    // leave for the target.
    let (end, _) = (0..nodes.len())
        .filter(|&i| dist[i].0.is_finite())
        .map(|i| (i, km_to(nodes[i], target)))
        .filter(|&(_, d)| d <= ROAD_SNAP_KM)
        .map(|(i, d)| (i, dist[i].0 + d))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    if end == start {
        return None;
    }
    let mut path = vec![end];
    while let Some(prev) = dist[*path.last()?].1 {
        path.push(prev);
    }
    path.reverse();
    let mut pts: Vec<Coord<f64>> = Vec::with_capacity(path.len() + 2);
    let mut push = |c: Coord<f64>| {
        if pts.last() != Some(&c) {
            pts.push(c);
        }
    };
    push(from.0);
    for &i in &path {
        push(nodes[i].0);
    }
    if let Geometry::Point(p) = target {
        push(p.0);
    }
    let line = LineString::new(pts);
    let length: f64 = line
        .0
        .windows(2)
        .map(|w| haversine_km(Point(w[0]), Point(w[1])))
        .sum();
    let straight = km_to(from, target);
    (length <= MAX_DETOUR * straight + ROAD_SNAP_KM).then_some(line)
}

/// Dijkstra over a small graph: per node, the distance from `start` and the
/// previous node on the way.
fn shortest_paths(adj: &[Vec<(usize, f64)>], start: usize) -> Vec<(f64, Option<usize>)> {
    let mut dist: Vec<(f64, Option<usize>)> = vec![(f64::INFINITY, None); adj.len()];
    let mut done = vec![false; adj.len()];
    dist[start].0 = 0.0;
    // The graph has a few hundred nodes: a linear scan for the nearest
    // unfinished node is simpler than a heap and as fast.
    while let Some(u) = (0..adj.len())
        .filter(|&i| !done[i] && dist[i].0.is_finite())
        .min_by(|&a, &b| dist[a].0.total_cmp(&dist[b].0))
    {
        done[u] = true;
        for &(v, w) in &adj[u] {
            let d = dist[u].0 + w;
            if d < dist[v].0 {
                dist[v] = (d, Some(u));
            }
        }
    }
    dist
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
