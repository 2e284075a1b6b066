//! Tessellation: the Delaunay triangulation of all sites (places and blank
//! ring sites); its dual is the Voronoi diagram whose cells are the places'
//! areas. Everything downstream works on this one triangulation, so zones
//! share their edges exactly and the frontline is literally the set of
//! Voronoi edges between differently labelled cells.

use spade::{DelaunayTriangulation, HasPosition, Point2, Triangulation};

/// A triangulation vertex: position (km, local projection) and site index.
#[derive(Debug, Clone, Copy)]
pub(super) struct Vertex {
    p: Point2<f64>,
    pub(super) site: u32,
}

impl HasPosition for Vertex {
    type Scalar = f64;
    fn position(&self) -> Point2<f64> {
        self.p
    }
}

pub(super) type Tri = DelaunayTriangulation<Vertex>;

/// Far-away blank corners so that every real cell is bounded.
const FRAME_KM: f64 = 5000.0;

/// Triangulates `positions` (site i at index i), adding four far blank
/// corners with site index `u32::MAX`. Duplicate positions keep the first.
pub(super) fn triangulate(positions: &[[f64; 2]]) -> Tri {
    let mut seen: super::IntMap<(i64, i64), ()> = super::IntMap::default();
    let mut verts: Vec<Vertex> = Vec::with_capacity(positions.len() + 4);
    for (i, p) in positions.iter().enumerate() {
        if !(p[0].is_finite() && p[1].is_finite()) {
            continue;
        }
        // Sites closer than a metre are one site.
        let key = (
            (p[0] * 1000.0).round() as i64,
            (p[1] * 1000.0).round() as i64,
        );
        if seen.insert(key, ()).is_none() {
            verts.push(Vertex {
                p: Point2::new(p[0], p[1]),
                site: i as u32,
            });
        }
    }
    for (x, y) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
        verts.push(Vertex {
            p: Point2::new(x * FRAME_KM, y * FRAME_KM),
            site: u32::MAX,
        });
    }
    // Only non-finite input can fail, and that was filtered out above.
    DelaunayTriangulation::bulk_load(verts).unwrap_or_default()
}
