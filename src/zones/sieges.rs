//! Sieges: places the timeline says are besieged, and pockets of one faction
//! enclosed by another, drawn as `siege` polygons (the pocket's cells).
//!
//! A pocket is a connected group of one faction's cells whose every Delaunay
//! neighbour belongs to one other faction — no blank land, no third party.
//! A pocket whose own state is newer than everything around it (its siege
//! was just broken, and the map of its surroundings has not caught up) is not
//! called a siege: the surroundings are stale evidence.

use super::dissolve;
use super::tessellate::Tri;
use super::{Siege, Site};
use crate::timeline::{PlaceControl, Status};
use geo::Coord;
use spade::Triangulation;
use std::collections::{BTreeMap, BTreeSet};

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}

pub(super) fn sieges(
    tri: &Tri,
    cc: &[Coord<f64>],
    sites: &[Site],
    places: &[&PlaceControl],
    faction_of: &impl Fn(u32) -> Option<u32>,
) -> Vec<Siege> {
    let ns = sites.len();
    // (besieged, besieger) per site.
    let mut key: Vec<Option<(String, String)>> = sites
        .iter()
        .map(|s| {
            let p = places[s.place];
            (p.status == Status::Besieged).then(|| {
                (
                    p.faction.clone(),
                    p.besieger.clone().unwrap_or_else(|| "unknown".into()),
                )
            })
        })
        .collect();

    // Pockets: components of same-faction held cells.
    let mut parent: Vec<u32> = (0..ns as u32).collect();
    for e in tri.undirected_edges() {
        let [a, b] = e.vertices();
        let (sa, sb) = (a.data().site, b.data().site);
        if (sa as usize) < ns && (sb as usize) < ns {
            if let (Some(fa), Some(fb)) = (faction_of(sa), faction_of(sb)) {
                if fa == fb {
                    let (ra, rb) = (find(&mut parent, sa), find(&mut parent, sb));
                    parent[ra as usize] = rb;
                }
            }
        }
    }
    // Per component: the neighbouring factions (None = blank or contested).
    let mut neighbours: BTreeMap<u32, BTreeSet<Option<u32>>> = BTreeMap::new();
    for e in tri.directed_edges() {
        let [a, b] = e.vertices();
        let (sa, sb) = (a.data().site, b.data().site);
        if (sa as usize) >= ns || faction_of(sa).is_none() {
            continue;
        }
        let fa = faction_of(sa);
        let fb = if (sb as usize) < ns { faction_of(sb) } else { None };
        if fb == fa {
            continue;
        }
        let root = find(&mut parent, sa);
        neighbours.entry(root).or_default().insert(fb);
    }
    for (root, ns_set) in &neighbours {
        if ns_set.len() != 1 || ns_set.contains(&None) {
            continue;
        }
        let members: Vec<usize> = (0..ns).filter(|&i| find(&mut parent, i as u32) == *root).collect();
        let member_set: BTreeSet<usize> = members.iter().copied().collect();
        // The cells across the border: the besieger's.
        let outside: Vec<usize> = tri
            .directed_edges()
            .filter_map(|e| {
                let [a, b] = e.vertices();
                let (sa, sb) = (a.data().site as usize, b.data().site as usize);
                (sa < ns && sb < ns && member_set.contains(&sa) && !member_set.contains(&sb)).then_some(sb)
            })
            .collect();
        let Some(&first) = outside.first() else { continue };
        let besieger = places[sites[first].place].faction.clone();
        let newest_inside = members.iter().filter_map(|&i| places[sites[i].place].since).max();
        let newest_outside = outside.iter().filter_map(|&i| places[sites[i].place].since).max();
        if newest_inside.is_some() && newest_inside > newest_outside {
            continue;
        }
        for &i in &members {
            if key[i].is_none() {
                key[i] = Some((places[sites[i].place].faction.clone(), besieger.clone()));
            }
        }
    }

    let mut keys: Vec<(String, String)> = key.iter().flatten().cloned().collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return Vec::new();
    }
    let label: Vec<Option<u32>> = key
        .iter()
        .map(|k| k.as_ref().and_then(|k| keys.iter().position(|x| x == k).map(|i| i as u32)))
        .collect();
    let areas = dissolve::dissolve(tri, cc, &|s: u32| label.get(s as usize).copied().flatten());
    areas
        .into_iter()
        .map(|(l, area)| {
            let (besieged, besieger) = keys[l as usize].clone();
            let since = (0..ns)
                .filter(|&i| label[i] == Some(l))
                .filter_map(|i| places[sites[i].place].since)
                .min();
            Siege {
                besieged,
                besieger,
                area,
                since,
            }
        })
        .collect()
}
