//! Frontlines: the Voronoi edges between cells held by different factions,
//! chained into lines, one MultiLineString per faction pair.

use super::tessellate::Tri;
use super::IntMap;
use geo::{Coord, LineString, MultiLineString};
use spade::Triangulation;
use std::collections::BTreeMap;

/// Segments per unordered pair of faction labels (`faction(site)` gives a
/// held faction's index, `None` for blank or contested cells).
pub(super) fn frontlines(
    tri: &Tri,
    cc: &[Coord<f64>],
    faction: impl Fn(u32) -> Option<u32>,
) -> BTreeMap<(u32, u32), MultiLineString<f64>> {
    let mut segs: BTreeMap<(u32, u32), Vec<(usize, usize)>> = BTreeMap::new();
    for e in tri.undirected_edges() {
        let [a, b] = e.vertices();
        let (Some(fa), Some(fb)) = (faction(a.data().site), faction(b.data().site)) else {
            continue;
        };
        if fa == fb {
            continue;
        }
        let d = e.as_directed();
        let (Some(l), Some(r)) = (d.face().as_inner(), d.rev().face().as_inner()) else {
            continue;
        };
        let key = (fa.min(fb), fa.max(fb));
        segs.entry(key)
            .or_default()
            .push((r.fix().index(), l.fix().index()));
    }
    segs.into_iter()
        .map(|(k, s)| (k, chain(&s, cc)))
        .filter(|(_, m)| !m.0.is_empty())
        .collect()
}

/// Joins segments that share a face into polylines.
fn chain(segs: &[(usize, usize)], cc: &[Coord<f64>]) -> MultiLineString<f64> {
    let mut adj: IntMap<usize, Vec<usize>> = IntMap::default();
    for (i, &(a, b)) in segs.iter().enumerate() {
        adj.entry(a).or_default().push(i);
        adj.entry(b).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let mut lines = Vec::new();
    // Start at line ends (faces with one segment) first, then close loops.
    let mut starts: Vec<usize> = adj
        .iter()
        .filter(|(_, v)| v.len() != 2)
        .map(|(f, _)| *f)
        .collect();
    starts.sort_unstable();
    let mut rest: Vec<usize> = adj.keys().copied().collect();
    rest.sort_unstable();
    starts.extend(rest);
    for s in starts {
        while let Some(&si) = adj[&s].iter().find(|&&i| !used[i]) {
            let mut pts = vec![cc[s]];
            let mut cur = s;
            let mut seg = si;
            loop {
                used[seg] = true;
                let (a, b) = segs[seg];
                cur = if a == cur { b } else { a };
                if pts.last() != Some(&cc[cur]) {
                    pts.push(cc[cur]);
                }
                let v = &adj[&cur];
                if v.len() != 2 {
                    break;
                }
                match v.iter().find(|&&i| !used[i]) {
                    Some(&n) => seg = n,
                    None => break,
                }
            }
            if pts.len() >= 2 {
                lines.push(LineString::new(pts));
            }
        }
    }
    MultiLineString::new(lines)
}
