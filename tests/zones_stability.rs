//! Stable zones: a report that moves k places changes the map only near those
//! places. On the country-wide baseline (six thousand places), k places are
//! given to another side by a later claim; every bit of land whose colour
//! changed must lie within the moved places' reach of influence — their own
//! cell and the borders with their neighbours — never a region away.

use chrono::NaiveDate;
use frontline::claims::{Claim, Relation};
use frontline::gazetteer::haversine_km;
use frontline::import::{read_path, ImportOptions};
use frontline::timeline::{Status, Timeline};
use frontline::zones::{self, ZoneLayer};
use frontline::Region;
use geo::{BooleanOps, Coord, LineString, MultiPolygon, Point, Polygon};
use std::collections::BTreeMap;
use std::path::Path;

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Area in km², ring by ring on the ellipsoid: the slivers a boolean operation leaves along
/// an unchanged border are tiny, not the Earth's complement.
fn km2(mp: &MultiPolygon<f64>) -> f64 {
    frontline::zones::geodesic_area_m2(mp) / 1e6
}

fn country_baseline(region: &Region) -> Vec<Claim> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("geodata/syria/baselines/syria-2017-07-15.geojson");
    let (claims, errors) = read_path(
        &path,
        &ImportOptions::default(),
        &region.gazetteer,
        &region.factions,
    )
    .expect("country-wide baseline");
    assert!(errors.is_empty(), "{errors:?}");
    claims
}

/// Held land per faction (contested zones are keyed by their sides).
fn held(layer: &ZoneLayer) -> BTreeMap<String, MultiPolygon<f64>> {
    let mut out: BTreeMap<String, MultiPolygon<f64>> = BTreeMap::new();
    for z in &layer.zones {
        let key = match z.status {
            Status::Contested => format!("contested:{}", z.contenders.join("+")),
            _ => z.faction.clone(),
        };
        let e = out.entry(key).or_insert_with(|| MultiPolygon::new(vec![]));
        *e = e.union(&z.area);
    }
    out
}

/// A disk of `r_km` around (lon, lat) as a 64-gon in lon/lat.
fn disk(lon: f64, lat: f64, r_km: f64) -> Polygon<f64> {
    let kx = 111.320 * lat.to_radians().cos();
    let ky = 110.574;
    let ring: Vec<Coord<f64>> = (0..=64)
        .map(|i| {
            let a = (i % 64) as f64 * std::f64::consts::TAU / 64.0;
            Coord {
                x: lon + r_km * a.cos() / kx,
                y: lat + r_km * a.sin() / ky,
            }
        })
        .collect();
    Polygon::new(LineString::new(ring), vec![])
}

/// How far a change at a place may reach: its own area (twice its reach,
/// where the blank ring fences it), plus the border with a neighbour whose
/// reach touches its own and the bridge and support sites between them (a
/// town's reach on each side).
fn influence_km(reach: f64) -> f64 {
    2.0 * reach + 2.0 * zones::reach_km(Some(frontline::gazetteer::PlaceKind::Town))
}

struct Case {
    what: &'static str,
    /// Place ids to move, or `None` to take `k` places spread over the map.
    ids: &'static [&'static str],
    k: usize,
    to: &'static str,
}

#[test]
fn moving_k_places_changes_the_map_only_within_their_reach() {
    let region = Region::bundled().expect("bundled region");
    let claims = country_baseline(&region);
    let before_map = Timeline::new(claims.clone()).state_at(None);
    let before = zones::build(&before_map, &region.gazetteer, &region.factions);
    let before_held = held(&before);
    let total_before: f64 = before_held.values().map(km2).sum();
    assert!(total_before > 50_000.0, "country-wide: {total_before} km²");

    let cases = [
        Case {
            what: "an airbase and a village east of Aleppo to IS (the issue's report)",
            ids: &["airbase:kuweires"],
            k: 0,
            to: "isis",
        },
        Case {
            what: "one place",
            ids: &[],
            k: 1,
            to: "isis",
        },
        Case {
            what: "three places far apart",
            ids: &[],
            k: 3,
            to: "opposition",
        },
        Case {
            what: "eight places far apart",
            ids: &[],
            k: 8,
            to: "sdf",
        },
    ];
    // Held places with a gazetteer id and a point, in map order.
    let candidates: Vec<&frontline::timeline::PlaceControl> = before_map
        .places
        .iter()
        .filter(|p| p.status == Status::Held && p.lon.is_finite() && p.part.is_none())
        .collect();
    assert!(candidates.len() > 1000);

    for case in &cases {
        let mut moved: Vec<&frontline::timeline::PlaceControl> = case
            .ids
            .iter()
            .filter_map(|id| candidates.iter().find(|p| p.place_id == *id).copied())
            .collect();
        assert_eq!(moved.len(), case.ids.len(), "{}: ids on the map", case.what);
        if let Some(step) = candidates.len().checked_div(case.k) {
            // k places spread over the map: in each slice of `step`, the first from its
            // middle on that another side holds (a place the side already holds would not
            // move, and which one sits at an index changes with the gazetteer).
            moved.extend((0..case.k).filter_map(|i| {
                let slice = &candidates[i * step..(i + 1) * step];
                slice[step / 2..]
                    .iter()
                    .chain(&slice[..step / 2])
                    .find(|p| p.faction != case.to)
                    .copied()
            }));
        }
        // The Kweires case moves its neighbour village too, as the report did.
        if !case.ids.is_empty() {
            let base = moved[0];
            let next = candidates
                .iter()
                .filter(|p| p.place_id != base.place_id && p.faction != case.to)
                .min_by(|a, b| {
                    let da = haversine_km(Point::new(a.lon, a.lat), Point::new(base.lon, base.lat));
                    let db = haversine_km(Point::new(b.lon, b.lat), Point::new(base.lon, base.lat));
                    da.total_cmp(&db)
                })
                .copied()
                .expect("a neighbour");
            moved.push(next);
        }
        let mut after_claims = claims.clone();
        for p in &moved {
            after_claims.push(Claim {
                place_id: Some(p.place_id.clone()),
                name: p.name.clone(),
                lon: Some(p.lon),
                lat: Some(p.lat),
                faction: case.to.into(),
                relation: Relation::Captured,
                date: day("2017-08-01"),
                confidence: 0.9,
                quote: format!("{} captured {}", case.to, p.name).into(),
                report_id: Some("stability".into()),
                source: Some("test".into()),
                ..Claim::default()
            });
        }
        let after_map = Timeline::new(after_claims).state_at(None);
        for p in &moved {
            let now = after_map
                .places
                .iter()
                .find(|q| q.place_id == p.place_id && q.part.is_none())
                .expect("still on the map");
            assert_eq!(now.faction, case.to, "{}: {} moved", case.what, p.name);
        }
        let after = zones::build(&after_map, &region.gazetteer, &region.factions);
        let after_held = held(&after);

        // Where any side's land changed.
        let empty = MultiPolygon::new(vec![]);
        let mut changed = MultiPolygon::new(vec![]);
        let keys: std::collections::BTreeSet<&String> =
            before_held.keys().chain(after_held.keys()).collect();
        for k in keys {
            let a = before_held.get(k).unwrap_or(&empty);
            let b = after_held.get(k).unwrap_or(&empty);
            changed = changed.union(&a.xor(b));
        }
        // The area the moved places may influence.
        let reach_of = |p: &frontline::timeline::PlaceControl| {
            p.extent_km.unwrap_or_else(|| {
                zones::reach_km(region.gazetteer.get(&p.place_id).map(|g| g.kind))
            })
        };
        let allowed = moved.iter().fold(MultiPolygon::new(vec![]), |acc, p| {
            acc.union(&MultiPolygon::new(vec![disk(
                p.lon,
                p.lat,
                influence_km(reach_of(p)),
            )]))
        });
        let outside = km2(&changed.difference(&allowed));
        // How far from the nearest moved place the farthest changed corner lies.
        let farthest = changed
            .0
            .iter()
            // slivers the boolean operations leave along unchanged borders have no area
            .filter(|poly| km2(&MultiPolygon::new(vec![(*poly).clone()])) > 0.01)
            .flat_map(|poly| poly.exterior().0.iter())
            .map(|c| {
                moved
                    .iter()
                    .map(|p| haversine_km(Point::new(c.x, c.y), Point::new(p.lon, p.lat)))
                    .fold(f64::INFINITY, f64::min)
            })
            .fold(0.0, f64::max);
        let changed_km2 = km2(&changed);
        let allowed_km2 = km2(&allowed);
        eprintln!(
            "{}: {} places moved, {changed_km2:.1} km² changed up to {farthest:.1} km away, {outside:.3} km² outside their reach ({allowed_km2:.0} km² allowed)",
            case.what,
            moved.len()
        );
        assert!(
            changed_km2 > 0.5,
            "{}: the move shows on the map",
            case.what
        );
        assert!(
            outside < 0.5,
            "{}: {outside:.2} km² changed beyond the moved places' reach",
            case.what
        );
        // The rest of the country is untouched: total land drawn stays within
        // what the moved places could add or remove.
        let total_after: f64 = after_held.values().map(km2).sum();
        assert!(
            (total_after - total_before).abs() <= allowed_km2,
            "{}: {total_before:.0} → {total_after:.0} km²",
            case.what
        );
    }
}
