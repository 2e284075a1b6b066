//! Bridges: the land between two neighbouring places held by the same side
//! is that side's.
//!
//! Plain Voronoi cells draw every border as the bisector between the two
//! nearest places, as if a village controlled the same distance towards a
//! friendly neighbour as towards a hostile one. On the ground the road and the
//! fields between two villages of one side are that side's: a hostile place
//! that sits off such a chain holds less of the land towards it. So for every
//! Delaunay edge between two places with the same label whose reaches touch
//! (the edge is no longer than the sum of their reaches), a virtual site at the
//! edge's midpoint carries their label. The zones then follow, approximately,
//! the Voronoi diagram of each side's settlement network (points and the
//! segments joining them) instead of the points alone: a chain of villages
//! along a valley keeps the valley, and a lone hostile place beside it keeps
//! the ground around itself. Places farther apart than their reaches are not
//! bridged, so blank land stays blank and a sparse map is unchanged.

use super::tessellate::Tri;
use super::Site;
use spade::Triangulation;

/// The bridge sites for `sites` (all of them real places), to be appended to
/// them. Each bridge carries the label of its two places, the place of its
/// first end and the other end in `pair`.
/// `tri` is the Delaunay triangulation of `sites` (site index = vertex `site`).
pub(super) fn bridges(sites: &[Site], tri: &Tri) -> Vec<Site> {
    let ns = sites.len();
    // Whether two sites are joined: same label, reaches that touch.
    let joined = |ia: usize, ib: usize| {
        let (sa, sb) = (&sites[ia], &sites[ib]);
        sa.label == sb.label && sa.touches(sb)
    };
    // A site is inland when every Delaunay neighbour is joined to it: no
    // border and no blank land next to it. A bridge between two inland
    // sites would move no border, so it is left out (this halves the
    // bridges of a dense survey map and changes no label anywhere).
    let mut inland = vec![true; ns];
    for e in tri.undirected_edges() {
        let [a, b] = e.vertices();
        let (ia, ib) = (a.data().site as usize, b.data().site as usize);
        if ia >= ns || ib >= ns || !joined(ia, ib) {
            for i in [ia, ib] {
                if i < ns {
                    inland[i] = false;
                }
            }
        }
    }
    let mut out = Vec::new();
    for e in tri.undirected_edges() {
        let [a, b] = e.vertices();
        let (ia, ib) = (a.data().site as usize, b.data().site as usize);
        if ia >= ns || ib >= ns || (inland[ia] && inland[ib]) || !joined(ia, ib) {
            continue;
        }
        let (sa, sb) = (&sites[ia], &sites[ib]);
        if sa.place == sb.place {
            continue;
        }
        let dx = sb.pos[0] - sa.pos[0];
        let dy = sb.pos[1] - sa.pos[1];
        out.push(Site {
            pos: [sa.pos[0] + dx * 0.5, sa.pos[1] + dy * 0.5],
            label: sa.label,
            reach: sa.reach.min(sb.reach),
            place: sa.place,
            pair: Some(sb.place),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tessellate;
    use super::*;

    fn bridges_of(sites: &[Site]) -> Vec<Site> {
        let pos: Vec<[f64; 2]> = sites.iter().map(|s| s.pos).collect();
        bridges(sites, &tessellate::triangulate(&pos))
    }

    use super::super::test_site as site;

    #[test]
    fn neighbours_of_one_side_are_bridged_at_their_midpoint() {
        let b = bridges_of(&[site(0.0, 0.0, 0, 0), site(4.0, 0.0, 0, 1)]);
        assert_eq!(b.len(), 1);
        assert!((b[0].pos[0] - 2.0).abs() < 1e-9 && b[0].pos[1].abs() < 1e-9);
        assert_eq!(b[0].label, 0);
        let mut ends = [b[0].place, b[0].pair.unwrap()];
        ends.sort();
        assert_eq!(ends, [0, 1]);
    }

    #[test]
    fn different_sides_and_distant_places_are_not_bridged() {
        assert!(bridges_of(&[site(0.0, 0.0, 0, 0), site(4.0, 0.0, 1, 1)]).is_empty());
        // 3.5 + 3.5 km of reach do not span 20 km of blank land.
        assert!(bridges_of(&[site(0.0, 0.0, 0, 0), site(20.0, 0.0, 0, 1)]).is_empty());
    }

    /// The label of the zone containing `p`, from the dissolved tessellation
    /// of `sites` plus their bridges (and a blank frame far away).
    fn zone_at(sites: &[Site], p: [f64; 2]) -> Option<u32> {
        use super::super::dissolve::{circumcentres, dissolve};
        use geo::Contains;
        let mut all = sites.to_vec();
        all.extend(bridges_of(sites));
        let mut pos: Vec<[f64; 2]> = all.iter().map(|s| s.pos).collect();
        let n = pos.len() as u32;
        for k in 0..24 {
            let a = k as f64 * std::f64::consts::TAU / 24.0;
            pos.push([3.0 + 30.0 * a.cos(), 30.0 * a.sin()]);
        }
        let tri = tessellate::triangulate(&pos);
        let cc = circumcentres(&tri);
        let label = |s: u32| (s < n).then(|| all[s as usize].label);
        let zones = dissolve(&tri, &cc, &label);
        let pt = geo::Point::new(p[0], p[1]);
        zones
            .iter()
            .find(|(_, mp)| mp.contains(&pt))
            .map(|(l, _)| *l)
    }

    #[test]
    fn the_land_between_two_villages_of_one_side_is_theirs() {
        // Two villages of side 0 six km apart on a road, a village of side 1
        // 2.5 km off the road between them.
        let sites = [
            site(0.0, 0.0, 0, 0),
            site(6.0, 0.0, 0, 1),
            site(3.0, 2.5, 1, 2),
        ];
        // 1 km off the road, between the two: nearer to the side-1 village
        // (1.5 km) than to either side-0 village (3.2 km), yet on side 0's
        // stretch of road.
        assert_eq!(zone_at(&sites, [3.0, 1.0]), Some(0));
        // Plain nearest-place assignment would give it to side 1.
        let d = |s: &Site| ((s.pos[0] - 3.0).powi(2) + (s.pos[1] - 1.0).powi(2)).sqrt();
        let nearest = sites.iter().min_by(|a, b| d(a).total_cmp(&d(b))).unwrap();
        assert_eq!(nearest.label, 1);
        // The side-1 village keeps the ground around itself.
        assert_eq!(zone_at(&sites, [3.0, 2.0]), Some(1));
        assert_eq!(zone_at(&sites, [3.0, 4.0]), Some(1));
    }

    #[test]
    fn with_the_villages_too_far_apart_the_border_is_the_plain_bisector() {
        // 12 km apart: 3.5 + 3.5 km of reach do not meet, no bridge.
        let sites = [
            site(0.0, 0.0, 0, 0),
            site(12.0, 0.0, 0, 1),
            site(6.0, 2.5, 1, 2),
        ];
        assert!(bridges_of(&sites).is_empty());
        assert_eq!(zone_at(&sites, [6.0, 1.0]), Some(1));
    }

    #[test]
    fn the_parts_of_one_place_are_not_bridged() {
        assert!(bridges_of(&[site(0.0, 0.0, 0, 0), site(2.0, 0.0, 0, 0)]).is_empty());
    }
}
