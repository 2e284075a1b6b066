//! Baseline import of GIS layers: GeoJSON points and polygons, CSV; bad rows
//! reported with their feature number or line, never silently.

use frontline::claims::Relation;
use frontline::import::{read_layer, read_path, BaselineError, ImportOptions};
use frontline::Region;
use std::path::Path;

fn region() -> Region {
    Region::bundled().expect("bundled region")
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

const LAYER: &str = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "Nubbul", "faction": "government", "date": "2016-02-01", "besieged": true, "besieger": "rebels"},
  "geometry": {"type": "Point", "coordinates": [36.9935, 36.3790]}},
 {"type": "Feature", "properties": {"name": "Kharab Suluq", "faction": "sdf"},
  "geometry": {"type": "Point", "coordinates": [366514.0, 36.7398]}},
 {"type": "Feature", "properties": {"name": "No side"},
  "geometry": {"type": "Point", "coordinates": [37.0, 36.4]}},
 {"type": "Feature", "properties": {"name": "Somewhere", "faction": "Martian Legion"},
  "geometry": {"type": "Point", "coordinates": [37.0, 36.4]}},
 {"type": "Feature", "properties": {"name": "Bad date", "faction": "isis", "date": "01/02/2016"},
  "geometry": {"type": "Point", "coordinates": [38.0, 35.9]}},
 {"type": "Feature", "properties": {"name": "Afrin pocket", "faction": "kurds", "date": "2016-02-01"},
  "geometry": {"type": "Polygon", "coordinates": [[[36.80, 36.45], [36.95, 36.45], [36.95, 36.58], [36.80, 36.58], [36.80, 36.45]]]}},
 {"type": "Feature", "properties": {"name": "Hawsh", "faction": "contested", "contested_between": "government|opposition", "date": "2016-02-01"},
  "geometry": {"type": "Point", "coordinates": [36.52, 33.53]}},
 {"type": "Feature", "properties": {"faction": "opposition", "date": "2016-02-01"},
  "geometry": {"type": "Point", "coordinates": [39.9, 33.1]}}
]}"#;

#[test]
fn geojson_rows_become_claims_and_bad_rows_are_reported() {
    let r = region();
    let (claims, errors) = read_layer(
        "layers/test-2016.geojson",
        LAYER.as_bytes(),
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .expect("layer reads");
    let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 4, "{msgs:#?}");
    assert_eq!(
        errors.iter().map(|e| e.feature).collect::<Vec<_>>(),
        vec![Some(2), Some(3), Some(4), Some(5)]
    );
    assert!(
        msgs[0].contains("feature 2") && msgs[0].contains("longitude 366514"),
        "{}",
        msgs[0]
    );
    assert!(msgs[1].contains("missing faction"), "{}", msgs[1]);
    assert!(
        msgs[2].contains("unknown faction \"Martian Legion\""),
        "{}",
        msgs[2]
    );
    assert!(msgs[3].contains("bad date"), "{}", msgs[3]);

    // Nubl: snapped to the gazetteer by a similar name, besieged by the opposition.
    let nubl = claims.iter().find(|c| c.name == "Nubbul").unwrap();
    assert_eq!(nubl.place_id.as_deref(), Some("geonames:166331"));
    assert_eq!(nubl.relation, Relation::Besieged);
    assert_eq!(nubl.counterpart.as_deref(), Some("opposition"));
    assert_eq!(nubl.date.unwrap().to_string(), "2016-02-01");
    assert!(
        nubl.quote
            .starts_with("baseline test-2016.geojson feature 1: Nubbul"),
        "{}",
        nubl.quote
    );

    // The polygon is an area: every pack place inside it is held by its
    // faction, each a claim of its own citing the area; no fake place.
    let afrin: Vec<_> = claims
        .iter()
        .filter(|c| c.quote.contains("feature 6: Afrin pocket"))
        .collect();
    assert!(afrin.len() >= 3, "{} places in the Afrin box", afrin.len());
    assert!(claims.iter().all(|c| c.name != "Afrin pocket"));
    for c in &afrin {
        assert_eq!(c.faction, "sdf");
        let (lon, lat) = (c.lon.unwrap(), c.lat.unwrap());
        assert!((36.80..=36.95).contains(&lon) && (36.45..=36.58).contains(&lat));
        assert!(!c.place_id.as_deref().unwrap().starts_with("baseline:"));
    }

    // Contested: one claim per side.
    let hawsh: Vec<_> = claims.iter().filter(|c| c.name == "Hawsh").collect();
    assert_eq!(hawsh.len(), 2);
    assert!(hawsh.iter().all(|c| c.relation == Relation::Contested));
    assert_eq!(
        hawsh[0].counterpart.as_deref(),
        Some(hawsh[1].faction.as_str())
    );

    // An unnamed point in the desert far from any settlement: an ad-hoc place.
    let adhoc = claims.iter().find(|c| c.lon == Some(39.9)).unwrap();
    assert_eq!(adhoc.place_id.as_deref(), Some("baseline:test-2016:8"));
}

#[test]
fn csv_rows_with_line_numbers() {
    let r = region();
    let csv = "name,lat,lon,faction,date\n\
               \"Azaz, town\",36.5866,37.0463,opposition,2016-02-01\n\
               Kharab Suluq,36.6514,366514.,sdf,\n\
               \n\
               Mare',36.483,37.1948,,2016-02-01\n\
               Tell Rifaat,36.4723,37.0947,rebels,2016-02-01\n";
    let (claims, errors) = read_layer(
        "front.csv",
        csv.as_bytes(),
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(
        errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        vec![Some(3), Some(5)]
    );
    assert!(
        errors[0].to_string().starts_with("front.csv:3:"),
        "{}",
        errors[0]
    );
    assert_eq!(claims[0].name, "Azaz, town");
    assert_eq!(claims[0].place_id.as_deref(), Some("geonames:172082"));
    assert_eq!(claims[1].faction, "opposition");
}

#[test]
fn a_file_that_is_not_a_layer_is_one_clear_error() {
    let r = region();
    let e = read_layer(
        "notes.txt",
        b"Aleppo is divided.\n",
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .unwrap_err();
    assert!(matches!(e, BaselineError::Format { .. }));
    let msg = e.to_string();
    assert!(
        msg.starts_with("notes.txt:") && msg.contains("GeoJSON"),
        "{msg}"
    );
    let e = read_layer(
        "broken.geojson",
        b"{\"type\": \"FeatureCollection\", \"features\": [",
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("broken.geojson") && e.contains("line 1"), "{e}");
    let e = read_layer(
        "x.csv",
        b"name,faction\nA,sdf\n",
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("lat/lon"), "{e}");
    let e = read_path(
        Path::new("/nonexistent/layer.geojson"),
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("/nonexistent/layer.geojson"), "{e}");
}

#[test]
fn the_aleppo_baseline_reads_cleanly() {
    let r = region();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("geodata/syria/baselines/aleppo-2016-02-01.geojson");
    let (claims, errors) = read_path(&path, &opts(), &r.gazetteer, &r.factions).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(claims.len() >= 30);
    assert!(claims
        .iter()
        .all(|c| c.date.unwrap().to_string() == "2016-02-01"));
    let besieged: Vec<_> = claims
        .iter()
        .filter(|c| c.relation == Relation::Besieged)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(besieged, vec!["Nubl", "al-Zahraa"]);
    // Most points snap to gazetteer places.
    let snapped = claims
        .iter()
        .filter(|c| !c.place_id.as_deref().unwrap().starts_with("baseline:"))
        .count();
    assert!(
        snapped * 10 >= claims.len() * 8,
        "{snapped} of {}",
        claims.len()
    );
}

/// Route features of frontline's own export come back as route claims (one
/// per evidence item); a route whose ends are not gazetteer places, or whose
/// status is neither cut nor open, is an error naming the feature.
#[test]
fn exported_routes_import_as_route_claims() {
    let layer = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"kind": "route", "from": "geonames:170063", "to": "border:SY-TR",
   "faction": "Free Syrian Army", "status": "cut", "since": "2016-02-03",
   "evidence": [{"date": "2016-02-03", "quote": "Troops severed the road north.", "source": "Wire A"},
                {"date": "2016-02-04", "quote": "The corridor stayed closed.", "source": "Wire B"}]},
  "geometry": {"type": "LineString", "coordinates": [[37.16, 36.20], [37.08, 36.63]]}},
 {"type": "Feature", "properties": {"kind": "route", "from": "geonames:170063", "to": "nowhere:1",
   "faction": "opposition", "status": "cut"},
  "geometry": {"type": "LineString", "coordinates": [[37.16, 36.20], [37.08, 36.63]]}},
 {"type": "Feature", "properties": {"kind": "route", "from": "geonames:170063", "to": "border:SY-TR",
   "faction": "opposition", "status": "blocked"},
  "geometry": {"type": "LineString", "coordinates": [[37.16, 36.20], [37.08, 36.63]]}}
]}"#;
    let r = region();
    let (claims, errors) = read_layer(
        "routes.geojson",
        layer.as_bytes(),
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .expect("layer reads");
    // from > to, side, relation, date
    let got: Vec<String> = claims
        .iter()
        .map(|c| {
            format!(
                "{} > {} {} {:?} {}",
                c.place_id.as_deref().unwrap_or("-"),
                c.to.as_deref().unwrap_or("-"),
                c.faction,
                c.relation,
                c.date.map(|d| d.to_string()).unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "geonames:170063 > border:SY-TR opposition RouteCut 2016-02-03",
            "geonames:170063 > border:SY-TR opposition RouteCut 2016-02-04",
        ]
    );
    assert_eq!(&*claims[1].quote, "The corridor stayed closed.");
    let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        errors.iter().map(|e| e.feature).collect::<Vec<_>>(),
        vec![Some(2), Some(3)],
        "{msgs:#?}"
    );
    assert!(
        msgs[0].contains("\"nowhere:1\" is not a place"),
        "{}",
        msgs[0]
    );
    assert!(msgs[1].contains("\"blocked\""), "{}", msgs[1]);
}

/// Polygons no control layer means are skipped rows naming the feature and
/// the fault; a sound polygon beside them still imports.
#[test]
fn polygons_without_area_or_covering_the_region_are_refused() {
    let r = region();
    let feature = |name: &str, coords: &str, kind: &str| {
        format!(
            r#"{{"type": "Feature", "properties": {{"name": "{name}", "faction": "government", "date": "2016-02-01"}},
              "geometry": {{"type": "{kind}", "coordinates": {coords}}}}}"#
        )
    };
    let cases = [
        // (name, geometry type, coordinates, expected message part; None = imports)
        ("one point", "Polygon", "[[[37,36],[37,36],[37,36],[37,36]]]", Some("no area (1 distinct points")),
        ("on a line", "Polygon", "[[[37,36],[37.5,36.5],[38,37],[37,36]]]", Some("no area (3 distinct points")),
        ("flat part", "MultiPolygon",
         "[[[[36.80,36.45],[36.95,36.45],[36.95,36.58],[36.80,36.45]]], [[[37,36],[38,37],[37,36]]]]",
         Some("part 2 of the multipolygon has no area")),
        ("the world", "Polygon", "[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]",
         Some("covers the whole extent of Syria")),
        ("world with a hole", "Polygon",
         "[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]],[[36.8,36.45],[36.95,36.45],[36.95,36.58],[36.8,36.58],[36.8,36.45]]]",
         None),
        ("Afrin box", "Polygon", "[[[36.80,36.45],[36.95,36.45],[36.95,36.58],[36.80,36.58],[36.80,36.45]]]", None),
    ];
    let features: Vec<String> = cases
        .iter()
        .map(|(name, kind, coords, _)| feature(name, coords, kind))
        .collect();
    let layer = format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    );
    let (claims, errors) = read_layer(
        "shapes.geojson",
        layer.as_bytes(),
        &opts(),
        &r.gazetteer,
        &r.factions,
    )
    .expect("the layer reads");
    for (number, (name, _, _, expected)) in cases.iter().enumerate() {
        let number = number + 1;
        let error = errors.iter().find(|e| e.feature == Some(number));
        match expected {
            Some(part) => {
                let e = error.unwrap_or_else(|| panic!("{name}: imported"));
                let msg = e.to_string();
                assert!(
                    msg.contains(part) && msg.contains(&format!("feature {number}")),
                    "{name}: {msg}"
                );
            }
            None => {
                assert!(error.is_none(), "{name}: {error:?}");
                assert!(
                    claims
                        .iter()
                        .any(|c| c.quote.contains(&format!("feature {number}: {name}"))),
                    "{name}: no claim"
                );
            }
        }
    }
}

/// A polygon's exterior wound clockwise (shapefile order, common in layers
/// from QGIS) is the same area as the RFC 7946 order: its places reach as far.
#[test]
fn a_clockwise_polygon_is_the_same_area() {
    let r = region();
    let layer = |ring: &str| {
        format!(
            r#"{{"type": "FeatureCollection", "features": [
 {{"type": "Feature", "properties": {{"name": "Desert box", "faction": "isis", "date": "2016-02-01"}},
  "geometry": {{"type": "Polygon", "coordinates": [{ring}]}}}}]}}"#
        )
    };
    let counter_clockwise =
        "[[39.80, 33.00], [40.00, 33.00], [40.00, 33.15], [39.80, 33.15], [39.80, 33.00]]";
    let clockwise =
        "[[39.80, 33.00], [39.80, 33.15], [40.00, 33.15], [40.00, 33.00], [39.80, 33.00]]";
    let extents = |ring: &str| -> Vec<f64> {
        let (claims, errors) = read_layer(
            "layers/box.geojson",
            layer(ring).as_bytes(),
            &opts(),
            &r.gazetteer,
            &r.factions,
        )
        .expect("layer reads");
        assert!(errors.is_empty(), "{errors:?}");
        assert!(!claims.is_empty());
        claims
            .iter()
            .map(|c| c.extent_km.expect("an area's claim has an extent"))
            .collect()
    };
    let (ccw, cw) = (extents(counter_clockwise), extents(clockwise));
    assert_eq!(ccw.len(), cw.len());
    for (a, b) in ccw.iter().zip(&cw) {
        assert!((a - b).abs() < 1e-6, "{a} km vs {b} km");
        // 18.6 km × 16.7 km is about 310 km²: a disc of radius ~10 km.
        assert!(*a > 5.0 && *a < 20.0, "{a} km");
    }
}
