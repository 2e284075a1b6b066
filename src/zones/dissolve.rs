//! Dissolve: the union of all Voronoi cells that carry the same label, traced
//! straight from the Delaunay adjacency instead of by polygon unions.
//!
//! For a Delaunay edge a→b whose ends carry different labels, the dual
//! Voronoi edge (between the circumcentres of the edge's two triangles) is on
//! the boundary of a's zone. Oriented from the right triangle to the left
//! one, it has a's zone on its left, so exterior rings come out
//! counter-clockwise and holes clockwise. Each triangle has at most one
//! outgoing boundary edge per label, so the rings chain without ambiguity.

use super::tessellate::Tri;
use super::IntMap;
use geo::{Coord, LineString, MultiPolygon, Polygon};
use spade::handles::FixedFaceHandle;
use spade::handles::InnerTag;
use spade::Triangulation;
use std::collections::BTreeMap;

/// A label per site index (`None`: blank, not part of any zone).
pub(super) trait Labels {
    fn label(&self, site: u32) -> Option<u32>;
}

impl<F: Fn(u32) -> Option<u32>> Labels for F {
    fn label(&self, site: u32) -> Option<u32> {
        self(site)
    }
}

/// The circumcentre of every inner face, by face index.
pub(super) fn circumcentres(tri: &Tri) -> Vec<Coord<f64>> {
    let mut cc = vec![
        Coord {
            x: f64::NAN,
            y: f64::NAN
        };
        tri.num_all_faces()
    ];
    for f in tri.inner_faces() {
        let c = f.circumcenter();
        cc[f.fix().index()] = Coord { x: c.x, y: c.y };
    }
    cc
}

/// Boundary rings per label, as polygons (km coordinates).
pub(super) fn dissolve(
    tri: &Tri,
    cc: &[Coord<f64>],
    labels: &impl Labels,
) -> BTreeMap<u32, MultiPolygon<f64>> {
    // (label, from face) -> to face
    let mut next: IntMap<(u32, usize), usize> = IntMap::default();
    for e in tri.directed_edges() {
        let [a, b] = e.vertices();
        let Some(la) = labels.label(a.data().site) else {
            continue;
        };
        if labels.label(b.data().site) == Some(la) {
            continue;
        }
        let (Some(left), Some(right)) = (e.face().as_inner(), e.rev().face().as_inner()) else {
            continue;
        };
        let (l, r): (FixedFaceHandle<InnerTag>, FixedFaceHandle<InnerTag>) =
            (left.fix(), right.fix());
        next.insert((la, r.index()), l.index());
    }
    let mut rings: BTreeMap<u32, Vec<LineString<f64>>> = BTreeMap::new();
    let mut keys: Vec<(u32, usize)> = next.keys().copied().collect();
    keys.sort_unstable();
    for start in keys {
        if !next.contains_key(&start) {
            continue;
        }
        let (label, first) = start;
        let mut pts: Vec<Coord<f64>> = Vec::new();
        let mut cur = first;
        while let Some(to) = next.remove(&(label, cur)) {
            let c = cc[cur];
            if pts.last() != Some(&c) {
                pts.push(c);
            }
            cur = to;
            if cur == first {
                break;
            }
        }
        if pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        if pts.len() < 3 {
            continue;
        }
        pts.push(pts[0]);
        rings.entry(label).or_default().push(LineString::new(pts));
    }
    rings
        .into_iter()
        .map(|(label, rs)| (label, assemble(rs)))
        .collect()
}

fn signed_area(ring: &LineString<f64>) -> f64 {
    ring.0
        .windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

/// Counter-clockwise rings are exteriors, clockwise ones holes; each hole
/// goes to the smallest exterior that contains it.
pub(super) fn assemble(rings: Vec<LineString<f64>>) -> MultiPolygon<f64> {
    use geo::{BoundingRect, Contains};
    let mut exteriors: Vec<(Polygon<f64>, f64)> = Vec::new();
    let mut holes = Vec::new();
    for r in rings {
        let a = signed_area(&r);
        if a > 0.0 {
            exteriors.push((Polygon::new(r, vec![]), a));
        } else if a < 0.0 {
            holes.push(r);
        }
    }
    let rects: Vec<_> = exteriors.iter().map(|(p, _)| p.bounding_rect()).collect();
    let mut assigned: Vec<Vec<LineString<f64>>> = vec![Vec::new(); exteriors.len()];
    for h in holes {
        let probe = geo::Point::from(h.0[0]);
        let mut best: Option<(usize, f64)> = None;
        for (i, (p, area)) in exteriors.iter().enumerate() {
            let Some(rect) = rects[i] else { continue };
            let c = probe.0;
            if c.x < rect.min().x || c.x > rect.max().x || c.y < rect.min().y || c.y > rect.max().y
            {
                continue;
            }
            // The hole's vertex may lie on the exterior itself (a pinch); test
            // its midpoint with the next vertex too.
            let mid = geo::Point::new((h.0[0].x + h.0[1].x) / 2.0, (h.0[0].y + h.0[1].y) / 2.0);
            if (p.contains(&probe) || p.contains(&mid)) && best.is_none_or(|(_, a)| *area < a) {
                best = Some((i, *area));
            }
        }
        if let Some((i, _)) = best {
            assigned[i].push(h);
        }
    }
    MultiPolygon::new(
        exteriors
            .into_iter()
            .zip(assigned)
            .map(|((p, _), hs)| {
                let (ext, _) = p.into_inner();
                Polygon::new(ext, hs)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tessellate::triangulate;
    use super::*;
    use geo::{Area, Validation};

    #[test]
    fn two_labels_dissolve_into_two_ccw_polygons_sharing_a_border() {
        // A 4 x 4 grid: left half label 0, right half label 1, ringed by blanks.
        let mut pos = Vec::new();
        for i in 0..4 {
            for j in 0..4 {
                pos.push([i as f64, j as f64]);
            }
        }
        let n = pos.len() as u32;
        for k in 0..16 {
            let a = k as f64 * std::f64::consts::TAU / 16.0;
            pos.push([1.5 + 4.0 * a.cos(), 1.5 + 4.0 * a.sin()]);
        }
        let tri = triangulate(&pos);
        let cc = circumcentres(&tri);
        let label = |s: u32| (s < n).then(|| u32::from(s >= 8));
        let zones = dissolve(&tri, &cc, &label);
        assert_eq!(zones.len(), 2);
        for mp in zones.values() {
            assert_eq!(mp.0.len(), 1, "each half is one polygon");
            assert!(mp.is_valid());
            assert!(mp.signed_area() > 0.0, "counter-clockwise");
        }
        let a = zones[&0].unsigned_area();
        let b = zones[&1].unsigned_area();
        assert!((a - b).abs() / a < 0.2, "{a} vs {b}");
    }

    #[test]
    fn an_enclosed_cell_is_a_hole_of_its_surroundings() {
        let mut pos = vec![[0.0, 0.0]];
        for k in 0..8 {
            let a = k as f64 * std::f64::consts::TAU / 8.0;
            pos.push([a.cos(), a.sin()]);
        }
        for k in 0..12 {
            let a = k as f64 * std::f64::consts::TAU / 12.0;
            pos.push([3.0 * a.cos(), 3.0 * a.sin()]);
        }
        let tri = triangulate(&pos);
        let cc = circumcentres(&tri);
        let label = |s: u32| match s {
            0 => Some(1),
            1..=8 => Some(0),
            _ => None,
        };
        let zones = dissolve(&tri, &cc, &label);
        let ring = &zones[&0];
        assert_eq!(ring.0.len(), 1);
        assert_eq!(ring.0[0].interiors().len(), 1, "the centre cell is a hole");
        assert!(ring.is_valid());
    }
}
