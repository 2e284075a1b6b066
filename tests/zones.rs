//! Zones on real places: the Aleppo baseline written for frontline, plus
//! report-style claims (a split city, a cut route, a pocket).

use chrono::NaiveDate;
use frontline::claims::{Claim, Relation};
use frontline::export;
use frontline::gazetteer::haversine_km;
use frontline::geoparse::Direction;
use frontline::import::{read_layer, read_path, ImportOptions};
use frontline::timeline::{ControlMap, Status, Timeline};
use frontline::zones::{self, ZoneLayer};
use frontline::Region;
use geo::{Area, BooleanOps, Point, Validation};
use std::path::Path;

fn region() -> Region {
    Region::bundled().expect("bundled region")
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn baseline(region: &Region) -> Vec<Claim> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("geodata/syria/baselines/aleppo-2016-02-01.geojson");
    let (claims, errors) = read_path(
        &path,
        &ImportOptions::default(),
        &region.gazetteer,
        &region.factions,
    )
    .expect("baseline");
    assert!(errors.is_empty(), "{errors:?}");
    claims
}

fn aleppo_part(dir: Direction, faction: &str) -> Claim {
    Claim {
        place_id: Some("geonames:170063".into()),
        name: "Aleppo".into(),
        lon: Some(37.16117),
        lat: Some(36.20124),
        part: Some(dir),
        faction: faction.into(),
        relation: Relation::Holds,
        date: day("2016-02-03"),
        confidence: 0.8,
        quote: "Aleppo has been divided between loyalists in the west and rebels in the east"
            .into(),
        report_id: Some("r1".into()),
        source: Some("test".into()),
        ..Claim::default()
    }
}

fn build(region: &Region, claims: Vec<Claim>) -> (ControlMap, ZoneLayer) {
    let map = Timeline::new(claims).state_at(None);
    let layer = zones::build(&map, &region.gazetteer, &region.factions);
    (map, layer)
}

/// Signed area of a ring: positive when counter-clockwise.
fn shoelace(ring: &geo::LineString<f64>) -> f64 {
    ring.0
        .windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

fn km2(mp: &geo::MultiPolygon<f64>) -> f64 {
    frontline::zones::geodesic_area_m2(mp) / 1e6
}

#[test]
fn zones_are_valid_disjoint_and_ccw() {
    let region = region();
    let mut claims = baseline(&region);
    claims.push(aleppo_part(Direction::West, "government"));
    claims.push(aleppo_part(Direction::East, "opposition"));
    let (map, layer) = build(&region, claims);
    assert!(
        layer.zones.len() >= 3,
        "{:?}",
        layer.zones.iter().map(|z| &z.faction).collect::<Vec<_>>()
    );
    for z in &layer.zones {
        assert!(
            z.area.is_valid(),
            "{} zone is not valid: {:?}",
            z.faction,
            z.area.validation_errors()
        );
        assert!(km2(&z.area) > 1.0);
    }
    for (i, a) in layer.zones.iter().enumerate() {
        for b in &layer.zones[i + 1..] {
            let overlap = a.area.intersection(&b.area);
            assert!(
                overlap.unsigned_area() < 1e-9,
                "{} and {} overlap by {} deg²",
                a.faction,
                b.faction,
                overlap.unsigned_area()
            );
        }
    }
    // The GeoJSON: RFC 7946 counter-clockwise exteriors, clockwise holes, valid after rounding.
    let fc = export::zones_collection(&layer, &map, &region.factions);
    let mut zones = 0;
    for f in &fc.features {
        let p = f.properties.as_ref().unwrap();
        if p["kind"] != "zone" {
            continue;
        }
        zones += 1;
        let g = geo::Geometry::<f64>::try_from(f.geometry.clone().unwrap()).unwrap();
        let geo::Geometry::MultiPolygon(mp) = g else {
            panic!("zone is not a MultiPolygon")
        };
        assert!(mp.is_valid(), "{:?}", mp.validation_errors());
        for poly in &mp.0 {
            assert!(
                shoelace(poly.exterior()) > 0.0,
                "exterior ring is clockwise"
            );
            for h in poly.interiors() {
                assert!(shoelace(h) < 0.0, "hole is counter-clockwise");
            }
        }
    }
    assert_eq!(zones, layer.zones.len());
}

#[test]
fn frontlines_separate_neighbouring_factions() {
    let region = region();
    let mut claims = baseline(&region);
    claims.push(aleppo_part(Direction::West, "government"));
    claims.push(aleppo_part(Direction::East, "opposition"));
    let (_, layer) = build(&region, claims);
    let pair = |a: &str, b: &str| {
        layer.frontlines.iter().find(|f| {
            (f.factions.0 == a && f.factions.1 == b) || (f.factions.0 == b && f.factions.1 == a)
        })
    };
    let gov_opp = pair("government", "opposition").expect("government/opposition frontline");
    // The line runs through Aleppo, between the west and east halves.
    let near_aleppo = gov_opp
        .lines
        .0
        .iter()
        .flat_map(|l| l.0.iter())
        .any(|c| haversine_km(Point::new(c.x, c.y), Point::new(37.16, 36.20)) < 5.0);
    assert!(near_aleppo, "no frontline through Aleppo");
    assert!(
        pair("opposition", "sdf").is_some(),
        "Afrin/Sheikh Maqsoud border opposition land"
    );
    // No frontline between a faction and itself.
    assert!(layer
        .frontlines
        .iter()
        .all(|f| f.factions.0 != f.factions.1));
}

#[test]
fn split_city_is_drawn_in_two_halves() {
    let region = region();
    let (_, layer) = build(
        &region,
        vec![
            aleppo_part(Direction::West, "government"),
            aleppo_part(Direction::East, "opposition"),
        ],
    );
    let zone = |f: &str| {
        layer
            .zones
            .iter()
            .find(|z| z.faction == f)
            .unwrap_or_else(|| panic!("no {f} zone"))
    };
    use geo::Centroid;
    let west = zone("government").area.centroid().unwrap();
    let east = zone("opposition").area.centroid().unwrap();
    assert!(
        west.x() < 37.16 && east.x() > 37.16,
        "west {west:?} east {east:?}"
    );
    assert_eq!(layer.frontlines.len(), 1);
}

#[test]
fn a_one_report_map_covers_only_a_small_area() {
    let region = region();
    let (map, layer) = build(
        &region,
        vec![
            aleppo_part(Direction::West, "government"),
            aleppo_part(Direction::East, "opposition"),
        ],
    );
    let total: f64 = layer.zones.iter().map(|z| km2(&z.area)).sum();
    // Aleppo's reach is a city's districts: well under 1,000 km², not the country.
    assert!(total > 100.0 && total < 1000.0, "{total} km²");
    // Every vertex lies within the city's reach (plus the ring's slack).
    let centre = Point::new(map.places[0].lon, map.places[0].lat);
    for z in &layer.zones {
        for c in z.area.0.iter().flat_map(|p| p.exterior().0.iter()) {
            let d = haversine_km(centre, Point::new(c.x, c.y));
            assert!(
                d < zones::reach_km(Some(frontline::gazetteer::PlaceKind::City)) * 1.3,
                "{d} km"
            );
        }
    }
}

#[test]
fn zones_do_not_exceed_reach_of_isolated_villages() {
    let region = region();
    // Two villages 60 km apart, one report: two small islands, no frontline.
    let claim = |name: &str, lon: f64, lat: f64, f: &str| Claim {
        place_id: Some(format!("test:{name}")),
        name: name.into(),
        lon: Some(lon),
        lat: Some(lat),
        faction: f.into(),
        relation: Relation::Holds,
        date: day("2016-02-03"),
        confidence: 0.8,
        quote: format!("{f}-held {name}").into(),
        ..Claim::default()
    };
    let (_, layer) = build(
        &region,
        vec![
            claim("a", 37.0, 36.0, "government"),
            claim("b", 37.67, 36.0, "isis"),
        ],
    );
    assert_eq!(layer.zones.len(), 2);
    assert!(layer.frontlines.is_empty());
    for z in &layer.zones {
        let a = km2(&z.area);
        let r = zones::reach_km(None);
        assert!(a < std::f64::consts::PI * (r * 1.2).powi(2), "{} km²", a);
        assert!(a > std::f64::consts::PI * (r * 0.8).powi(2), "{} km²", a);
    }
}

#[test]
fn a_pocket_enclosed_by_one_faction_is_a_siege() {
    let region = region();
    // A government town ringed by opposition villages, as a CSV layer.
    let mut csv = String::from(
        "name,lat,lon,faction\nPocket,36.0,37.0,government\nPocket east,36.0,37.012,government\nPocket west,36.0,36.988,government\n",
    );
    for k in 0..10 {
        let a = k as f64 * std::f64::consts::TAU / 10.0;
        csv.push_str(&format!(
            "Ring {k},{},{},opposition\n",
            36.0 + 0.05 * a.sin(),
            37.0 + 0.06 * a.cos()
        ));
    }
    let opts = ImportOptions {
        default_date: day("2016-01-01"),
        ..Default::default()
    };
    let (claims, errors) = read_layer(
        "pocket.csv",
        csv.as_bytes(),
        &opts,
        &region.gazetteer,
        &region.factions,
    )
    .unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let (_, layer) = build(&region, claims);
    assert_eq!(layer.sieges.len(), 1, "{:?}", layer.sieges);
    let s = &layer.sieges[0];
    assert_eq!(
        (s.besieged.as_str(), s.besieger.as_str()),
        ("government", "opposition")
    );
    assert!(s.area.is_valid());

    // A single odd dot inside another faction's land is not a siege.
    let lone: String = csv
        .lines()
        .filter(|l| !l.starts_with("Pocket east") && !l.starts_with("Pocket west"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (claims, _) = read_layer(
        "lone.csv",
        lone.as_bytes(),
        &opts,
        &region.gazetteer,
        &region.factions,
    )
    .unwrap();
    let (_, layer) = build(&region, claims);
    assert!(layer.sieges.is_empty());
}

#[test]
fn besieged_places_are_sieges_until_the_siege_is_broken() {
    let region = region();
    let claims = baseline(&region);
    let (map, layer) = build(&region, claims.clone());
    let nubl = map.place("geonames:166331").expect("Nubl in the baseline");
    assert_eq!(nubl.status, Status::Besieged);
    assert!(layer
        .sieges
        .iter()
        .any(|s| s.besieged == "government" && s.besieger == "opposition"));

    let mut claims = claims;
    for (id, name) in [("geonames:166331", "Nubl"), ("ocha:C1646", "al-Zahraa")] {
        claims.push(Claim {
            place_id: Some(id.into()),
            name: name.into(),
            faction: "government".into(),
            relation: Relation::SiegeBroken,
            counterpart: Some("opposition".into()),
            date: day("2016-02-03"),
            confidence: 0.7,
            quote: "the army broke a three-year rebel siege".into(),
            ..Claim::default()
        });
    }
    let (map, layer) = build(&region, claims);
    assert_eq!(map.place("geonames:166331").unwrap().status, Status::Held);
    assert!(
        layer.sieges.is_empty(),
        "{:?}",
        layer.sieges.iter().map(|s| &s.besieged).collect::<Vec<_>>()
    );
}

#[test]
fn a_cut_route_follows_the_claim_and_reports_connectivity() {
    let region = region();
    let cut = Claim {
        place_id: Some("geonames:170063".into()),
        name: "Aleppo".into(),
        lon: Some(37.16117),
        lat: Some(36.20124),
        faction: "opposition".into(),
        counterpart: Some("government".into()),
        relation: Relation::RouteCut,
        to: Some("border:SY-TR".into()),
        date: day("2016-02-03"),
        confidence: 0.8,
        quote: "troops cut the last supply route linking rebels in Aleppo to the Turkish border"
            .into(),
        ..Claim::default()
    };
    // Alone: east Aleppo does not reach the border.
    let (_, layer) = build(
        &region,
        vec![aleppo_part(Direction::East, "opposition"), cut.clone()],
    );
    let r = &layer.routes[0];
    assert!(r.cut);
    assert_eq!(r.connected, Some(false));
    // Drawn along the pack's roads (Aleppo – Azaz – Kilis), not as a straight line: many
    // vertices, each on or near a road, ending near the border north of Aleppo.
    assert!(r.line.0.len() > 4, "{:?}", r.line);
    let roads: Vec<geo::LineString<f64>> = ["road:aleppo-azaz-kilis", "road:castello-road"]
        .iter()
        .filter_map(
            |id| match region.gazetteer.get(id).and_then(|p| p.shape.clone()) {
                Some(geo::Geometry::LineString(l)) => Some(l),
                _ => None,
            },
        )
        .collect();
    assert!(!roads.is_empty(), "the pack has the Azaz road");
    for c in &r.line.0[1..] {
        let p = Point::new(c.x, c.y);
        let off = roads
            .iter()
            .map(|l| {
                use geo::{Closest, ClosestPoint};
                match l.closest_point(&p) {
                    Closest::Intersection(q) | Closest::SinglePoint(q) => haversine_km(p, q),
                    Closest::Indeterminate => f64::INFINITY,
                }
            })
            .fold(f64::INFINITY, f64::min);
        assert!(off < 0.5, "vertex {c:?} is {off:.1} km off the road");
    }
    let end = *r.line.0.last().unwrap();
    assert!(
        end.y > 36.5,
        "the route ends at the border north of Aleppo: {end:?}"
    );
    // With the baseline's corridor through Azaz the territory still connects.
    let mut claims = baseline(&region);
    claims.push(aleppo_part(Direction::East, "opposition"));
    claims.push(cut);
    let (_, layer) = build(&region, claims);
    assert!(layer.routes[0].cut, "status follows the claim");
    assert_eq!(layer.routes[0].connected, Some(true));
}
