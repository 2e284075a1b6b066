//! Support: a border between two places of different sides lies nearer to
//! the place its own neighbours support less.
//!
//! A place whose Delaunay neighbours are mostly its own side's is part of a
//! held stretch of land; a lone dot among the other side's places (a hill
//! post, an outpost, a village that changed hands alone) holds the ground
//! around itself but not half the way to each hostile neighbour. Each place
//! gets a weight `1 + SUPPORT * share`, `share` being the fraction of its
//! Delaunay neighbours within touching reach (farther ones hold other land)
//! that are on its side: its label, or a label that shares a faction with it
//! (a place contested between the opposition and HTS is on the side of
//! both). On each Delaunay edge between two places of different sides whose
//! reaches touch, the border
//! is put where a multiplicatively weighted Voronoi diagram puts it: at
//! `wa / (wa + wb)` of the way from a to b. That is done with one virtual
//! site of the stronger place's label on the edge, placed so that its
//! bisector with the weaker place crosses the edge there; the weaker place
//! always keeps its own position and the ground nearest to it. Places whose
//! reaches do not touch are left alone, so blank land and sparse maps are
//! unchanged, and the parts of one split place keep their plain split.

use super::tessellate::Tri;
use super::Site;
use spade::Triangulation;

/// How much a fully supported place outweighs an isolated one (1 + this).
const SUPPORT: f64 = 0.75;

/// The shifted-border sites for `sites` (all real places), given their
/// Delaunay triangulation `tri` (site index = vertex `site`).
/// `allied(a, b)` says whether labels `a` and `b` share a side (a contested
/// opposition/HTS place and an opposition one do): such neighbours count as
/// support and keep the plain bisector between them.
pub(super) fn shifts(sites: &[Site], tri: &Tri, allied: impl Fn(u32, u32) -> bool) -> Vec<Site> {
    let ns = sites.len();
    // Delaunay edges between real places whose reaches touch: farther
    // neighbours hold other land and take no part in either rule.
    let edges: Vec<(usize, usize)> = tri
        .undirected_edges()
        .map(|e| {
            let [a, b] = e.vertices();
            (a.data().site as usize, b.data().site as usize)
        })
        .filter(|&(ia, ib)| ia < ns && ib < ns && sites[ia].touches(&sites[ib]))
        .collect();
    let (mut same, mut all) = (vec![0u32; ns], vec![0u32; ns]);
    for &(ia, ib) in &edges {
        let s = u32::from(allied(sites[ia].label, sites[ib].label));
        for i in [ia, ib] {
            all[i] += 1;
            same[i] += s;
        }
    }
    let weight = |i: usize| {
        let share = if all[i] == 0 {
            1.0
        } else {
            f64::from(same[i]) / f64::from(all[i])
        };
        1.0 + SUPPORT * share
    };
    let mut out = Vec::new();
    for &(ia, ib) in &edges {
        let (sa, sb) = (&sites[ia], &sites[ib]);
        if allied(sa.label, sb.label) || sa.place == sb.place {
            continue;
        }
        let (wa, wb) = (weight(ia), weight(ib));
        // The border's fraction of the way from the stronger place.
        let (strong, weak, t) = if wa > wb {
            (sa, sb, wa / (wa + wb))
        } else if wb > wa {
            (sb, sa, wb / (wa + wb))
        } else {
            continue;
        };
        // A site at 2t - 1 of the way has its bisector with `weak` at t.
        let k = 2.0 * t - 1.0;
        out.push(Site {
            pos: [
                strong.pos[0] + k * (weak.pos[0] - strong.pos[0]),
                strong.pos[1] + k * (weak.pos[1] - strong.pos[1]),
            ],
            label: strong.label,
            reach: strong.reach,
            place: strong.place,
            pair: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tessellate::triangulate;
    use super::*;

    use super::super::test_site as site;

    fn shifts_of(sites: &[Site]) -> Vec<Site> {
        let pos: Vec<[f64; 2]> = sites.iter().map(|s| s.pos).collect();
        shifts(sites, &triangulate(&pos), |a, b| a == b)
    }

    #[test]
    fn a_lone_place_among_the_other_side_holds_less_towards_them() {
        // A hexagon of side-0 villages 4 km around one side-1 village.
        let mut sites = vec![site(0.0, 0.0, 1, 0)];
        for k in 0..6 {
            let a = k as f64 * std::f64::consts::TAU / 6.0;
            sites.push(site(4.0 * a.cos(), 4.0 * a.sin(), 0, k + 1));
        }
        let s = shifts_of(&sites);
        // One shift per edge from the centre, each for the ring's side,
        // between the bisector (2 km) and the centre.
        assert_eq!(s.len(), 6);
        for v in &s {
            assert_eq!(v.label, 0);
            let r = (v.pos[0].powi(2) + v.pos[1].powi(2)).sqrt();
            // A ring village has 2 of its 3 neighbours on its side (weight
            // 1 + 0.5 * 2/3), the centre none (weight 1): the border lies at
            // t = 4/7 of the way from the ring, the site at 2t - 1 of it.
            let t = (1.0 + SUPPORT * 2.0 / 3.0) / (2.0 + SUPPORT * 2.0 / 3.0);
            assert!((r - 4.0 * (1.0 - (2.0 * t - 1.0))).abs() < 1e-6, "{r}");
            assert!(r > 0.5, "the lone village keeps its own ground");
        }
    }

    #[test]
    fn equally_supported_sides_keep_the_bisector() {
        // Two villages of different sides, each with no friendly neighbour.
        assert!(shifts_of(&[site(0.0, 0.0, 0, 0), site(4.0, 0.0, 1, 1)]).is_empty());
        // A chain of three facing a chain of two, staggered.
        let sites = [
            site(0.0, 0.0, 0, 0),
            site(0.0, 3.0, 0, 1),
            site(0.0, 6.0, 0, 2),
            site(3.0, 1.5, 1, 3),
            site(3.0, 4.5, 1, 4),
        ];
        let s = shifts_of(&sites);
        // Half of each side-0 village's neighbours are friendly, a third of
        // each side-1 village's: side 0 gains a little on every edge across,
        // well under a tenth of the edge.
        assert!(!s.is_empty());
        for v in &s {
            let near = sites
                .iter()
                .filter(|p| p.label == v.label)
                .map(|p| ((p.pos[0] - v.pos[0]).powi(2) + (p.pos[1] - v.pos[1]).powi(2)).sqrt())
                .fold(f64::INFINITY, f64::min);
            assert!(near < 0.1 * 3.4, "{:?}", v.pos);
        }
    }

    #[test]
    fn a_place_contested_by_its_neighbours_side_is_not_pushed_in() {
        // The same hexagon, the centre now contested between the ring's side
        // (label 0) and another (label 1 = "0 or 2"): allied labels.
        let mut sites = vec![site(0.0, 0.0, 1, 0)];
        for k in 0..6 {
            let a = k as f64 * std::f64::consts::TAU / 6.0;
            sites.push(site(4.0 * a.cos(), 4.0 * a.sin(), 0, k + 1));
        }
        let pos: Vec<[f64; 2]> = sites.iter().map(|s| s.pos).collect();
        let allied = |a: u32, b: u32| a == b || a + b == 1;
        assert!(shifts(&sites, &triangulate(&pos), allied).is_empty());
        // A third side's village beside the ring: the ring and the centre
        // both count as support against it, so the border moves towards it.
        sites.push(site(8.0, 0.0, 2, 7));
        let pos: Vec<[f64; 2]> = sites.iter().map(|s| s.pos).collect();
        let s = shifts(&sites, &triangulate(&pos), allied);
        assert!(!s.is_empty() && s.iter().all(|v| v.label == 0));
    }

    #[test]
    fn distant_places_and_parts_of_one_place_are_left_alone() {
        assert!(shifts_of(&[site(0.0, 0.0, 0, 0), site(20.0, 0.0, 1, 1)]).is_empty());
        assert!(shifts_of(&[site(0.0, 0.0, 0, 0), site(2.0, 0.0, 1, 0)]).is_empty());
    }
}
