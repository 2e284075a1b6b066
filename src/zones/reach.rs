//! Reach: how far a place's zone may extend, and the blank "background" sites
//! that stop it there.
//!
//! A place colours only the land its evidence plausibly covers: a village's
//! fields, a town's outskirts, a city's districts ([`reach_km`]). Rather than
//! clipping every Voronoi cell against a disk (slow, and it breaks the shared
//! edges the dissolve relies on), each site gets a ring of blank sites at
//! twice its reach: the Voronoi bisector between the site and its ring lies at
//! about the reach. Ring sites that fall within twice the reach of another
//! site are dropped, so neighbouring places' cells join up instead of leaving
//! slivers of blank between them — one tessellation, one planar partition.

use super::Site;
use crate::gazetteer::PlaceKind;
use rstar::{
    primitives::{GeomWithData, Rectangle},
    RTree,
};

/// Reach in km of a place of this kind (`None`: unknown kind, e.g. an ad-hoc
/// baseline point, treated as a village).
pub fn reach_km(kind: Option<PlaceKind>) -> f64 {
    match kind {
        Some(PlaceKind::City) => 12.0,
        Some(PlaceKind::Town) => 6.0,
        Some(PlaceKind::Village) | None => 3.5,
        Some(PlaceKind::Neighbourhood) => 1.0,
        Some(PlaceKind::Airbase) => 3.0,
        Some(PlaceKind::Base | PlaceKind::Hill | PlaceKind::Mountain) => 2.0,
        Some(PlaceKind::Crossing | PlaceKind::Dam | PlaceKind::Oilfield | PlaceKind::Landmark) => {
            1.5
        }
        // Areas and lines are not coloured through tessellation.
        Some(_) => 3.5,
    }
}

/// Largest reach any single place may have, whatever its evidence says.
pub const MAX_REACH_KM: f64 = 40.0;

/// Blank sites per ring.
const RING: usize = 16;

/// The blank ring sites for `sites` (which must all be labelled).
pub(super) fn background(sites: &[Site]) -> Vec<[f64; 2]> {
    if sites.is_empty() {
        return Vec::new();
    }
    // Each site's exclusion disk, indexed by its bounding box.
    let tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> = RTree::bulk_load(
        sites
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let r2 = 2.0 * s.reach;
                GeomWithData::new(
                    Rectangle::from_corners(
                        [s.pos[0] - r2, s.pos[1] - r2],
                        [s.pos[0] + r2, s.pos[1] + r2],
                    ),
                    i,
                )
            })
            .collect(),
    );
    let mut out = Vec::new();
    for s in sites {
        let r2 = 2.0 * s.reach;
        for k in 0..RING {
            let a = (k as f64 + 0.5) * std::f64::consts::TAU / RING as f64;
            let b = [s.pos[0] + r2 * a.cos(), s.pos[1] + r2 * a.sin()];
            // Inside another site's exclusion disk: that site covers this spot.
            let covered = tree.locate_all_at_point(&b).any(|q| {
                let q = &sites[q.data];
                let dx = q.pos[0] - b[0];
                let dy = q.pos[1] - b[1];
                (dx * dx + dy * dy).sqrt() < 2.0 * q.reach * 0.999
            });
            if !covered {
                out.push(b);
            }
        }
    }
    out
}
