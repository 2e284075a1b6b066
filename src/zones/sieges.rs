//! Sieges: places the timeline says are besieged, and pockets of one faction
//! enclosed by another, drawn as `siege` polygons (the pocket's cells).
//!
//! A pocket is a connected group of one faction's cells, from at least three places,
//! whose every Delaunay neighbour belongs to one other faction — no blank
//! land, no third party.
//! A pocket whose own state is newer than everything around it (its siege
//! was just broken, and the map of its surroundings has not caught up) is not
//! called a siege: the surroundings are stale evidence.
//!
//! A siege's `since` is when the siege began, not when its places were first
//! held: for besieged places, their first siege claim (the timeline's
//! `since`); for a pocket, when the ring around it closed (the newest change
//! among the besieger's places on its border). Each pocket is its own
//! feature, with its own date.

use super::dissolve;
use super::tessellate::Tri;
use super::{Siege, Site};
use crate::timeline::{PlaceControl, Status};
use chrono::NaiveDate;
use geo::Coord;
use spade::Triangulation;
use std::collections::{BTreeMap, BTreeSet};

/// Fewest places a geometric pocket must have to be called a siege.
const MIN_POCKET: usize = 3;

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
    // (besieged, besieger) per site; a bridge between two places is besieged
    // when both are, by the same side.
    let besieged = |i: usize| {
        let p = places[i];
        (p.status == Status::Besieged).then(|| {
            (
                p.faction.clone(),
                p.besieger.clone().unwrap_or_else(|| "unknown".into()),
            )
        })
    };
    // The key also names the pocket (its component root) so that two pockets
    // of the same sides are two sieges, each with its own date.
    let mut key: Vec<Option<(String, String, Option<u32>)>> = sites
        .iter()
        .map(|s| {
            let k = besieged(s.place);
            match s.pair {
                Some(q) if besieged(q) != k => None,
                _ => k.map(|(a, b)| (a, b, None)),
            }
        })
        .collect();
    // When each site's siege began.
    let mut began: Vec<Option<NaiveDate>> = sites.iter().map(|s| places[s.place].since).collect();

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
        let fb = if (sb as usize) < ns {
            faction_of(sb)
        } else {
            None
        };
        if fb == fa {
            continue;
        }
        let root = find(&mut parent, sa);
        neighbours.entry(root).or_default().insert(fb);
    }
    // Candidate pockets: components bordered by exactly one other faction.
    let candidates: BTreeSet<u32> = neighbours
        .iter()
        .filter(|(_, n)| n.len() == 1 && !n.contains(&None))
        .map(|(r, _)| *r)
        .collect();
    let root: Vec<u32> = (0..ns as u32).map(|i| find(&mut parent, i)).collect();
    let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, r) in root.iter().enumerate() {
        if candidates.contains(r) && faction_of(i as u32).is_some() {
            members.entry(*r).or_default().push(i);
        }
    }
    // The cells across each candidate's border: the besieger's.
    let mut outside: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for e in tri.directed_edges() {
        let [a, b] = e.vertices();
        let (sa, sb) = (a.data().site as usize, b.data().site as usize);
        if sa < ns
            && sb < ns
            && candidates.contains(&root[sa])
            && faction_of(sa as u32).is_some()
            && faction_of(sb as u32) != faction_of(sa as u32)
        {
            outside.entry(root[sa]).or_default().push(sb);
        }
    }
    for (r, members) in &members {
        // One odd dot (a hill post, an allied base) inside another faction's
        // land is not a siege; a pocket is a group of places.
        let pocket_places: BTreeSet<usize> = members.iter().map(|&i| sites[i].place).collect();
        if pocket_places.len() < MIN_POCKET {
            continue;
        }
        let Some(outside) = outside.get(r) else {
            continue;
        };
        let besieger = places[sites[outside[0]].place].faction.clone();
        let newest_inside = members
            .iter()
            .filter_map(|&i| places[sites[i].place].since)
            .max();
        let newest_outside = outside
            .iter()
            .filter_map(|&i| places[sites[i].place].since)
            .max();
        if newest_inside.is_some() && newest_inside > newest_outside {
            continue;
        }
        // The ring closed with the newest change around the pocket.
        let ring_closed = newest_outside.or(newest_inside);
        for &i in members {
            if key[i].is_none() {
                key[i] = Some((
                    places[sites[i].place].faction.clone(),
                    besieger.clone(),
                    Some(*r),
                ));
                began[i] = ring_closed;
            }
        }
    }

    let mut keys: Vec<(String, String, Option<u32>)> = key.iter().flatten().cloned().collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return Vec::new();
    }
    let label: Vec<Option<u32>> = key
        .iter()
        .map(|k| {
            k.as_ref()
                .and_then(|k| keys.iter().position(|x| x == k).map(|i| i as u32))
        })
        .collect();
    let areas = dissolve::dissolve(tri, cc, &|s: u32| label.get(s as usize).copied().flatten());
    areas
        .into_iter()
        .map(|(l, area)| {
            let (besieged, besieger, _) = keys[l as usize].clone();
            let since = (0..ns)
                .filter(|&i| label[i] == Some(l))
                .filter_map(|i| began[i])
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

#[cfg(test)]
mod tests {
    use super::super::{bridge, dissolve::circumcentres, tessellate::triangulate};
    use super::*;

    fn place(faction: &str) -> PlaceControl {
        PlaceControl {
            place_id: format!("test:{faction}"),
            name: faction.into(),
            lon: 0.0,
            lat: 0.0,
            part: None,
            faction: faction.into(),
            status: Status::Held,
            contenders: Vec::new(),
            besieger: None,
            since: None,
            confidence: 0.8,
            evidence: Vec::new(),
            extent_km: None,
        }
    }

    /// A pocket of `inner` side-1 villages 2 km apart inside a ring of
    /// side-0 villages, with the bridges between neighbours: the sieges.
    fn pocket(inner: usize) -> Vec<Siege> {
        pocket_dated(inner, None, &[None])
    }

    /// As [`pocket`], the pocket's villages held since `inside`, the ring's
    /// villages since the dates of `ring` in turn.
    fn pocket_dated(
        inner: usize,
        inside: Option<NaiveDate>,
        ring: &[Option<NaiveDate>],
    ) -> Vec<Siege> {
        let mut owned: Vec<PlaceControl> = Vec::new();
        let mut sites = Vec::new();
        let mut add = |pos: [f64; 2], faction: &str, label: u32| {
            sites.push(Site {
                pos,
                label,
                reach: 3.5,
                place: owned.len(),
                pair: None,
            });
            owned.push(place(faction));
        };
        for k in 0..inner {
            add([2.0 * k as f64, 0.0], "opposition", 1);
        }
        for k in 0..12 {
            let t = k as f64 * std::f64::consts::TAU / 12.0;
            add([1.0 + 5.0 * t.cos(), 5.0 * t.sin()], "government", 0);
        }
        for (i, p) in owned.iter_mut().enumerate() {
            p.since = if i < inner {
                inside
            } else {
                ring[(i - inner) % ring.len()]
            };
        }
        let places: Vec<&PlaceControl> = owned.iter().collect();
        let pos: Vec<[f64; 2]> = sites.iter().map(|s| s.pos).collect();
        let extra = bridge::bridges(&sites, &triangulate(&pos));
        sites.extend(extra);
        let pos: Vec<[f64; 2]> = sites.iter().map(|s| s.pos).collect();
        let tri = triangulate(&pos);
        let cc = circumcentres(&tri);
        let ns = sites.len() as u32;
        let faction_of = |s: u32| (s < ns).then(|| sites[s as usize].label);
        sieges(&tri, &cc, &sites, &places, &faction_of)
    }

    #[test]
    fn a_pocket_is_besieged_since_its_ring_closed() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        // The pocket's villages were held from 2013; the last ring village
        // fell to the besieger in 2016: the siege is dated 2016.
        let s = pocket_dated(
            3,
            day("2013-05-01"),
            &[day("2015-01-01"), day("2016-03-01")],
        );
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].since, day("2016-03-01"));
    }

    #[test]
    fn a_pocket_counts_places_not_the_bridges_between_them() {
        // Two villages and the bridge between them are three sites but two
        // places: not a pocket.
        assert!(pocket(2).is_empty());
        // Three villages are.
        let s = pocket(3);
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].besieged.as_str(), s[0].besieger.as_str()),
            ("opposition", "government")
        );
    }
}
