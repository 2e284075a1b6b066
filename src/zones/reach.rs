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

use super::IntMap;
use super::Site;
use crate::gazetteer::PlaceKind;

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
    // A uniform grid of cells about one exclusion diameter wide (median
    // reach); each site is listed in every cell its exclusion disk touches,
    // so a ring point's candidates are one lookup away.
    let mut reaches: Vec<f64> = sites.iter().map(|s| s.reach).collect();
    reaches.sort_by(f64::total_cmp);
    let cell = (4.0 * reaches[reaches.len() / 2]).max(0.1);
    let key = |x: f64, y: f64| ((x / cell).floor() as i64, (y / cell).floor() as i64);
    let mut grid: IntMap<(i64, i64), Vec<u32>> = IntMap::default();
    for (i, s) in sites.iter().enumerate() {
        let r2 = 2.0 * s.reach;
        let (x0, y0) = key(s.pos[0] - r2, s.pos[1] - r2);
        let (x1, y1) = key(s.pos[0] + r2, s.pos[1] + r2);
        for gx in x0..=x1 {
            for gy in y0..=y1 {
                grid.entry((gx, gy)).or_default().push(i as u32);
            }
        }
    }
    let unit: Vec<(f64, f64)> = (0..RING)
        .map(|k| {
            let a = (k as f64 + 0.5) * std::f64::consts::TAU / RING as f64;
            (a.cos(), a.sin())
        })
        .collect();
    let mut out = Vec::new();
    for s in sites {
        let r2 = 2.0 * s.reach;
        for &(c, sn) in &unit {
            let b = [s.pos[0] + r2 * c, s.pos[1] + r2 * sn];
            // Inside another site's exclusion disk: that site covers this spot.
            let covered = grid.get(&key(b[0], b[1])).is_some_and(|v| {
                v.iter().any(|&q| {
                    let q = &sites[q as usize];
                    let dx = q.pos[0] - b[0];
                    let dy = q.pos[1] - b[1];
                    dx * dx + dy * dy < (2.0 * q.reach * 0.999).powi(2)
                })
            });
            if !covered {
                out.push(b);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(x: f64, y: f64, reach: f64) -> Site {
        Site {
            pos: [x, y],
            label: 0,
            reach,
            place: 0,
            pair: None,
        }
    }

    #[test]
    fn a_lone_site_gets_a_full_ring_at_twice_its_reach() {
        let ring = background(&[site(0.0, 0.0, 3.0)]);
        assert_eq!(ring.len(), RING);
        for b in ring {
            assert!(((b[0].powi(2) + b[1].powi(2)).sqrt() - 6.0).abs() < 1e-9);
        }
    }

    #[test]
    fn ring_points_inside_a_neighbours_reach_are_dropped() {
        // Two villages 4 km apart: the ring points between them are covered.
        let ring = background(&[site(0.0, 0.0, 3.0), site(4.0, 0.0, 3.0)]);
        assert!(ring.len() < 2 * RING);
        for b in &ring {
            let d0 = (b[0].powi(2) + b[1].powi(2)).sqrt();
            let d1 = ((b[0] - 4.0).powi(2) + b[1].powi(2)).sqrt();
            assert!(d0 >= 6.0 * 0.999 - 1e-9 && d1 >= 6.0 * 0.999 - 1e-9);
        }
    }

    #[test]
    fn reach_grows_with_the_kind_of_place() {
        assert!(reach_km(Some(PlaceKind::Neighbourhood)) < reach_km(Some(PlaceKind::Village)));
        assert!(reach_km(Some(PlaceKind::Village)) < reach_km(Some(PlaceKind::Town)));
        assert!(reach_km(Some(PlaceKind::Town)) < reach_km(Some(PlaceKind::City)));
        assert!(reach_km(Some(PlaceKind::City)) <= MAX_REACH_KM);
    }
}
