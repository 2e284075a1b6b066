//! Integration checks on the bundled Syria region pack (`geodata/syria/`), the
//! data built by `scripts/build_geodata.py`. They state what any correct
//! gazetteer of Syria must satisfy, not counts keyed to one build.

use frontline::gazetteer::{haversine_km, Gazetteer, Place, PlaceKind};
use geo::{Contains, Geometry, Point};
use std::collections::HashSet;
use std::sync::OnceLock;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::bundled().expect("bundled pack loads"))
}

fn named<'a>(g: &'a Gazetteer, name: &str) -> Vec<&'a Place> {
    g.places()
        .iter()
        .filter(|p| p.all_names().any(|n| n.eq_ignore_ascii_case(name)))
        .collect()
}

/// The place with the highest importance among those carrying `name`.
fn top<'a>(g: &'a Gazetteer, name: &str) -> &'a Place {
    named(g, name)
        .into_iter()
        .max_by(|a, b| a.importance.total_cmp(&b.importance))
        .unwrap_or_else(|| panic!("no place named {name}"))
}

fn km(p: &Place, lat: f64, lon: f64) -> f64 {
    haversine_km(p.point, Point::new(lon, lat))
}

#[test]
fn ids_are_unique_and_coordinates_valid() {
    let g = gaz();
    let mut seen = HashSet::new();
    for p in g.places() {
        assert!(seen.insert(p.id.as_str()), "duplicate id {}", p.id);
        assert!(
            p.point.x().is_finite() && p.point.y().is_finite(),
            "{}",
            p.id
        );
        assert!(
            (0.0..=1.0).contains(&p.importance),
            "{} importance {}",
            p.id,
            p.importance
        );
        assert!(!p.name.trim().is_empty(), "{} has no name", p.id);
    }
}

#[test]
fn syrian_places_lie_in_the_region_bbox() {
    let g = gaz();
    let [x0, y0, x1, y1] = g.info().bbox;
    for p in g.places().iter().filter(|p| p.country == "SY") {
        let (x, y) = (p.point.x(), p.point.y());
        assert!(
            x >= x0 && x <= x1 && y >= y0 && y <= y1,
            "{} ({}) at {x},{y} is outside the region bbox",
            p.id,
            p.name
        );
    }
}

#[test]
fn thousands_of_syrian_settlements() {
    let g = gaz();
    let n = g
        .places()
        .iter()
        .filter(|p| p.country == "SY" && p.kind.is_settlement())
        .count();
    assert!(n > 5000, "only {n} Syrian settlements");
}

#[test]
fn aleppo_is_the_city_at_its_centre() {
    let g = gaz();
    let a = top(g, "Aleppo");
    assert_eq!(a.kind, PlaceKind::City, "{}", a.id);
    assert!(km(a, 36.20, 37.16) < 3.0, "Aleppo at {:?}", a.point);
    assert_eq!(a.country, "SY");
}

#[test]
fn damascus_is_the_capital() {
    let g = gaz();
    let d = top(g, "Damascus");
    assert_eq!(d.kind, PlaceKind::City);
    assert!(km(d, 33.51, 36.29) < 5.0);
    let most = g
        .places()
        .iter()
        .filter(|p| p.country == "SY" && p.kind.is_settlement())
        .max_by(|a, b| a.importance.total_cmp(&b.importance))
        .unwrap();
    assert_eq!(
        most.id, d.id,
        "the most important Syrian settlement is the capital"
    );
}

#[test]
fn the_turkish_border_is_a_line_near_kilis() {
    let g = gaz();
    let b = g.get("border:SY-TR").expect("border:SY-TR");
    assert_eq!(b.kind, PlaceKind::Border);
    let shape = b.shape.as_ref().expect("border has a geometry");
    let kilis = Point::new(37.115, 36.718);
    let lines: Vec<geo::LineString<f64>> = match shape {
        Geometry::LineString(l) => vec![l.clone()],
        Geometry::MultiLineString(m) => m.0.clone(),
        other => panic!("border:SY-TR is not a line: {other:?}"),
    };
    let nearest = lines
        .iter()
        .flat_map(|l| l.points())
        .map(|p| haversine_km(p, kilis))
        .fold(f64::INFINITY, f64::min);
    assert!(nearest < 10.0, "border passes {nearest:.1} km from Kilis");
    assert!(b.all_names().any(|n| n == "Turkish border"));
}

#[test]
fn syria_outline_exists_and_contains_damascus() {
    let g = gaz();
    let outline = g.get(&g.info().outline).expect("outline place");
    let shape = outline.shape.as_ref().expect("outline has a polygon");
    assert!(shape.contains(&Point::new(36.29, 33.51)));
    assert!(
        !shape.contains(&Point::new(35.50, 33.89)),
        "Beirut is not in Syria"
    );
}

#[test]
fn every_governorate_contains_its_capital() {
    let g = gaz();
    let govs: Vec<&Place> = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Governorate)
        .collect();
    assert_eq!(govs.len(), 14, "Syria has 14 governorates");
    for gov in govs {
        let shape = gov
            .shape
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no polygon", gov.id));
        // the capital: the most important settlement of that governorate
        let cap = g
            .places()
            .iter()
            .filter(|p| p.kind.is_settlement() && p.admin1.as_deref() == gov.admin1.as_deref())
            .max_by(|a, b| a.importance.total_cmp(&b.importance))
            .unwrap_or_else(|| panic!("no settlement in {}", gov.name));
        assert!(
            shape.contains(&cap.point),
            "{} does not contain its capital {} {:?}",
            gov.name,
            cap.name,
            cap.point
        );
    }
}

#[test]
fn geneva_is_in_switzerland() {
    let g = gaz();
    let geneva = top(g, "Geneva");
    assert_eq!(geneva.country, "CH");
    assert!(
        km(geneva, 46.20, 6.15) < 10.0,
        "Geneva at {:?}",
        geneva.point
    );
}

#[test]
fn world_countries_resolve_by_common_names() {
    let g = gaz();
    for (name, cc) in [
        ("France", "FR"),
        ("Russia", "RU"),
        ("United States", "US"),
        ("US", "US"),
        ("Britain", "GB"),
        ("Turkey", "TR"),
        ("Syria", "SY"),
        ("Iran", "IR"),
    ] {
        let p = top(g, name);
        assert_eq!(p.kind, PlaceKind::Country, "{name} -> {}", p.id);
        assert_eq!(p.country, cc, "{name}");
    }
}

#[test]
fn kilis_and_gaziantep_are_turkish_cities_near_the_border() {
    let g = gaz();
    let kilis = top(g, "Kilis");
    assert_eq!(kilis.country, "TR");
    assert!(km(kilis, 36.72, 37.12) < 5.0);
    let antep = top(g, "Gaziantep");
    assert_eq!(antep.country, "TR");
    assert!(km(antep, 37.06, 37.38) < 10.0);
}

#[test]
fn the_m5_runs_through_homs_and_hama() {
    let g = gaz();
    let m5 = top(g, "M5");
    assert_eq!(m5.kind, PlaceKind::Road);
    let line_points: Vec<Point<f64>> = match m5.shape.as_ref().expect("M5 has a line") {
        Geometry::LineString(l) => l.points().collect(),
        Geometry::MultiLineString(m) => m.0.iter().flat_map(|l| l.points()).collect(),
        other => panic!("M5 is not a line: {other:?}"),
    };
    for (city, lat, lon) in [("Homs", 34.73, 36.72), ("Hama", 35.13, 36.75)] {
        let d = line_points
            .iter()
            .map(|p| haversine_km(*p, Point::new(lon, lat)))
            .fold(f64::INFINITY, f64::min);
        assert!(d < 8.0, "M5 passes {d:.1} km from {city}");
    }
}

#[test]
fn aliases_are_real_names_not_codes_or_junk() {
    // GeoNames carries lowercase machine transliterations ("alswrt alsghry")
    // and other scripts; the build keeps Latin- and Arabic-script names only.
    let g = gaz();
    for p in g.places() {
        for a in &p.aliases {
            assert!(!a.trim().is_empty(), "{} has an empty alias", p.id);
            assert!(
                !a.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)
                    || ('\u{4E00}'..='\u{9FFF}').contains(&c)
                    || ('\u{0590}'..='\u{05FF}').contains(&c)),
                "{}: alias {a:?} is in another script",
                p.id
            );
            let latin_letters: Vec<char> = a.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            if !latin_letters.is_empty()
                && !a.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
            {
                assert!(
                    a.chars().any(char::is_uppercase),
                    "{}: alias {a:?} looks like a machine transliteration",
                    p.id
                );
            }
        }
    }
}

#[test]
fn the_merge_leaves_one_place_per_town() {
    // OCHA and GeoNames both list the big towns; the build merges them, so a
    // town name must not appear twice as a settlement within a few km.
    let g = gaz();
    for name in [
        "Aleppo", "Homs", "Hama", "Idlib", "Manbij", "Azaz", "al-Bab", "Palmyra", "Raqqa",
    ] {
        let towns: Vec<&Place> = named(g, name)
            .into_iter()
            .filter(|p| p.kind.is_settlement() && p.country == "SY")
            .collect();
        let first = top(g, name);
        for t in &towns {
            if t.id != first.id {
                assert!(
                    haversine_km(t.point, first.point) > 5.0,
                    "{name}: {} and {} are the same town",
                    first.id,
                    t.id
                );
            }
        }
    }
}
