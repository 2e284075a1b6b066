//! Zones that follow an imported occupied-territory polygon (issue 12,
//! point 6): the table of `tests/polygons/cases.toml` measures the fit
//! (intersection over union, geodesic) of the faction's zone to the polygon
//! with the real region packs; the other tests check that reports dated
//! after the import still move the map, that the polygons survive both
//! stores and a migration, and that `frontline import` → `zones` and
//! `serve` → `/api/zones` give the polygon-following zone with its citation.

mod support;

use frontline::claims::Claim;
use frontline::import::{read_layer_with_areas, ImportOptions, Imported};
use frontline::report::Report;
use frontline::timeline::{ControlMap, Status, Timeline};
use frontline::zones::{self, iou, ImportedArea, ZoneLayer};
use frontline::Region;
use geo::{BooleanOps, Intersects, MultiPolygon, Point};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Backend, DataSet};

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    region: String,
    file: String,
    faction: String,
    date: String,
    min_iou: f64,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/polygons")
}

fn date(s: &str) -> chrono::NaiveDate {
    frontline::report::parse_date(s).unwrap_or_else(|| panic!("bad date {s}"))
}

/// Every polygon of a GeoJSON file, as one area.
fn polygon_of(path: &Path) -> MultiPolygon<f64> {
    let fc: geojson::FeatureCollection = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let mut parts = Vec::new();
    for f in fc.features {
        match geo::Geometry::<f64>::try_from(f.geometry.unwrap()).unwrap() {
            geo::Geometry::Polygon(p) => parts.push(p),
            geo::Geometry::MultiPolygon(m) => parts.extend(m.0),
            other => panic!("not a polygon: {other:?}"),
        }
    }
    MultiPolygon::new(parts)
}

/// A layer imported as `frontline import FILE --faction F --date D` reads it.
fn import(region: &Region, file: &str, faction: &str, on: &str) -> Imported {
    let bytes = std::fs::read(dir().join(file)).unwrap();
    let opts = ImportOptions {
        default_date: Some(date(on)),
        default_faction: Some(faction.into()),
        ..ImportOptions::default()
    };
    read_layer_with_areas(file, &bytes, &opts, &region.gazetteer, &region.factions)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn map_at(region: &Region, claims: Vec<Claim>, on: &str) -> ControlMap {
    let mut map = Timeline::new(claims).state_at(Some(date(on)));
    map.order_by_importance(&region.gazetteer);
    map
}

/// The held zone of a faction (empty when it has none).
fn held(layer: &ZoneLayer, faction: &str) -> MultiPolygon<f64> {
    layer
        .zones
        .iter()
        .find(|z| z.faction == faction && z.status == Status::Held)
        .map(|z| z.area.clone())
        .unwrap_or_else(|| MultiPolygon::new(Vec::new()))
}

#[test]
fn zones_follow_imported_polygons() {
    let cases: Cases =
        toml::from_str(&std::fs::read_to_string(dir().join("cases.toml")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for c in &cases.case {
        let region = Region::bundled_named(&c.region).unwrap();
        let imported = import(&region, &c.file, &c.faction, &c.date);
        assert!(
            imported.errors.is_empty(),
            "{}: {:?}",
            c.name,
            imported.errors
        );
        assert!(!imported.areas.is_empty(), "{}: no area kept", c.name);
        let polygon = polygon_of(&dir().join(&c.file));
        let map = map_at(&region, imported.claims.clone(), &c.date);
        let places = map.places.len();
        let before = iou(
            &held(
                &zones::build(&map, &region.gazetteer, &region.factions),
                &c.faction,
            ),
            &polygon,
        );
        let layer =
            zones::build_with_areas(&map, &region.gazetteer, &region.factions, &imported.areas);
        let after = iou(&held(&layer, &c.faction), &polygon);
        println!(
            "{:<60} places {places:>4}  IoU before {before:.3}  after {after:.3}",
            c.name
        );
        if after.is_nan() || after < c.min_iou {
            failures.push(format!("{}: IoU {after:.3} < {}", c.name, c.min_iou));
        }
        let zone = layer
            .zones
            .iter()
            .find(|z| z.faction == c.faction && z.status == Status::Held)
            .unwrap();
        assert_eq!(zone.imported.len(), imported.areas.len(), "{}", c.name);
        assert_eq!(zone.imported[0].file, c.file, "{}", c.name);
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

const FRONT: &str = "ukraine-front-2024-06-01.geojson";

/// A report of my own in the style of a daily front update: a village
/// inside the imported area changes hands after the import's date.
const RECAPTURE: &str = "Ukrainian troops recaptured Krasnohorivka on Thursday after a week \
    of fighting, the General Staff said in its evening update.";

fn point_of(region: &Region, name: &str) -> Point<f64> {
    region
        .gazetteer
        .places()
        .iter()
        .find(|p| p.name == name && p.kind.is_settlement())
        .unwrap_or_else(|| panic!("{name} not in the pack"))
        .point
}

#[test]
fn a_later_report_carves_its_place_out_of_the_polygon() {
    let region = Region::bundled_named("ukraine").unwrap();
    let imported = import(&region, FRONT, "russia", "2024-06-01");
    let polygon = polygon_of(&dir().join(FRONT));
    let mut report = Report::from_body(RECAPTURE, Some(date("2024-06-20")));
    report.source = Some("daily update".into());
    let claims = frontline::pipeline::one_shot_claims(
        &region,
        imported.claims.clone(),
        vec![("update".into(), report)],
    );
    let village = point_of(&region, "Krasnohorivka");
    let build = |on: &str| {
        let map = map_at(&region, claims.clone(), on);
        zones::build_with_areas(&map, &region.gazetteer, &region.factions, &imported.areas)
    };
    // Before the report: the polygon, the village inside it.
    let before = build("2024-06-10");
    assert!(iou(&held(&before, "russia"), &polygon) >= 0.95);
    assert!(held(&before, "russia").intersects(&village));
    assert!(held(&before, "ukraine").0.is_empty());
    // After it: the village's cell is Ukraine's, cut out of Russia's zone.
    let after = build("2024-06-20");
    let (ru, ua) = (held(&after, "russia"), held(&after, "ukraine"));
    assert!(
        ua.intersects(&village),
        "the recaptured village is Ukraine's"
    );
    assert!(
        !ru.intersects(&village),
        "and no longer inside Russia's zone"
    );
    let fit = iou(&ru, &polygon);
    assert!(
        (0.95..0.9999).contains(&fit),
        "one village's cell is carved, the rest follows the polygon: {fit}"
    );
    // The carve is the village's cell among its neighbours, not a fixed disc.
    let km2 = frontline::zones::geodesic_area_m2(&ua) / 1e6;
    assert!((5.0..400.0).contains(&km2), "{km2} km²");
    println!("carved cell {km2:.1} km², Russia's zone IoU {fit:.4}");
    // A frontline now runs around the carved cell.
    assert!(after
        .frontlines
        .iter()
        .any(|f| f.factions == ("russia".into(), "ukraine".into())));
}

#[test]
fn an_area_dated_after_the_map_does_not_apply() {
    let region = Region::bundled_named("ukraine").unwrap();
    let imported = import(&region, FRONT, "russia", "2024-06-01");
    // The claims of an older layer, the areas of this one (dated later).
    let older = import(
        &region,
        "ukraine-pocket-2024-06-01.geojson",
        "russia",
        "2024-05-01",
    );
    let map = map_at(&region, older.claims, "2024-05-15");
    let plain = zones::build(&map, &region.gazetteer, &region.factions);
    let with = zones::build_with_areas(&map, &region.gazetteer, &region.factions, &imported.areas);
    assert_eq!(plain.zones.len(), with.zones.len());
    for (a, b) in plain.zones.iter().zip(&with.zones) {
        assert_eq!(a.area, b.area);
        assert!(b.imported.is_empty());
    }
}

fn area_round_trip(backend: Backend) {
    let region = Region::bundled_named("ukraine").unwrap();
    let imported = import(
        &region,
        "ukraine-south-2024-06-01.geojson",
        "russia",
        "2024-06-01",
    );
    let ds = DataSet::new(backend);
    let store = ds.open();
    let id = store
        .add_baseline_with_areas(
            "ukraine-south-2024-06-01.geojson",
            &imported.claims,
            &imported.areas,
        )
        .unwrap();
    let got = store.areas().unwrap();
    let want: Vec<ImportedArea> = imported
        .areas
        .iter()
        .map(|a| ImportedArea {
            baseline_id: Some(id.clone()),
            ..a.clone()
        })
        .collect();
    assert_eq!(got, want, "exact coordinates, date, faction and citation");
    // A points layer stores no polygon.
    store
        .add_baseline("points.csv", &imported.claims[..1])
        .unwrap();
    assert_eq!(store.areas().unwrap().len(), want.len());
    // A migration carries them over, under the copy's baseline id.
    let to = DataSet::new(backend);
    let copy = to.open();
    frontline::store::copy::copy_all(store.as_ref(), copy.as_ref(), |_| {}).unwrap();
    let moved = copy.areas().unwrap();
    assert_eq!(moved.len(), want.len());
    assert_eq!(moved[0].area, want[0].area);
    assert_eq!(
        frontline::store::copy::fingerprint(store.as_ref())
            .unwrap()
            .checksum,
        frontline::store::copy::fingerprint(copy.as_ref())
            .unwrap()
            .checksum
    );
}

#[test]
fn areas_round_trip_sqlite() {
    area_round_trip(Backend::Sqlite);
}

#[test]
fn areas_round_trip_postgres() {
    area_round_trip(Backend::Postgres);
}

/// The zone of `faction` in a zones FeatureCollection, with its geometry.
fn zone_feature(fc: &serde_json::Value, faction: &str) -> (serde_json::Value, MultiPolygon<f64>) {
    let f = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["properties"]["kind"] == "zone"
                && f["properties"]["faction"] == faction
                && f["properties"]["status"] == "held"
        })
        .unwrap_or_else(|| panic!("no {faction} zone"))
        .clone();
    let g: geojson::Geometry = serde_json::from_value(f["geometry"].clone()).unwrap();
    let area = match geo::Geometry::<f64>::try_from(g).unwrap() {
        geo::Geometry::MultiPolygon(m) => m,
        geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
        other => panic!("{other:?}"),
    };
    (f["properties"].clone(), area)
}

const SOUTH: &str = "ukraine-south-2024-06-01.geojson";

/// The two layers a user imports, with their features' names: a polygon,
/// and a multipolygon with a hole and a part over no pack place.
const LAYERS: [(&str, &str); 2] = [
    (FRONT, "Occupied areas, Donetsk front"),
    (SOUTH, "Southern occupied areas"),
];

fn layers_polygon() -> MultiPolygon<f64> {
    polygon_of(&dir().join(FRONT)).union(&polygon_of(&dir().join(SOUTH)))
}

/// Russia's held zone in a zones FeatureCollection follows `polygon`
/// (IoU ≥ 0.95) and cites each imported feature; returns the IoU.
fn check_zone(fc: &serde_json::Value, polygon: &MultiPolygon<f64>) -> f64 {
    let (props, area) = zone_feature(fc, "russia");
    let fit = iou(&area, polygon);
    assert!(fit >= 0.95, "IoU {fit}");
    let cited = props["imported"].as_array().expect("an imported list");
    assert_eq!(cited.len(), LAYERS.len(), "{props}");
    for (file, name) in LAYERS {
        let c = cited
            .iter()
            .find(|c| c["file"] == file)
            .unwrap_or_else(|| panic!("{file} not cited: {props}"));
        assert_eq!(c["feature"], 1);
        assert_eq!(c["date"], "2024-06-01");
        assert_eq!(c["name"], name);
    }
    fit
}

/// After the recapture: the village is in Ukraine's zone and out of
/// Russia's, which follows the polygons but for the village's cell.
fn check_carved(fc: &serde_json::Value, polygon: &MultiPolygon<f64>, village: Point<f64>) -> f64 {
    let fit = check_zone(fc, polygon);
    assert!(fit < 0.9999, "nothing carved: IoU {fit}");
    let (_, russia) = zone_feature(fc, "russia");
    let (_, ukraine) = zone_feature(fc, "ukraine");
    assert!(ukraine.intersects(&village), "the village is Ukraine's");
    assert!(!russia.intersects(&village), "and out of Russia's zone");
    fit
}

/// `frontline --region ukraine ARGS…`, which must succeed; its stdout.
fn run_cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["--region", "ukraine"])
        .args(args)
        .env_remove("FRONTLINE_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn village() -> Point<f64> {
    point_of(&Region::bundled_named("ukraine").unwrap(), "Krasnohorivka")
}

/// What a user runs: `import` of both layers with `--faction` and
/// `--date`, `zones`, `ingest` of a later report, `zones` again, `serve`.
fn import_ingest_zones_serve(backend: Backend) {
    let ds = DataSet::new(backend);
    let run = |args: &[&str]| run_cli(&[args, &["--db", ds.spec.as_str()]].concat());
    for (file, _) in LAYERS {
        let path = dir().join(file);
        let said = run(&[
            "import",
            path.to_str().unwrap(),
            "--faction",
            "russia",
            "--date",
            "2024-06-01",
        ]);
        assert!(said.contains(", 1 polygons kept"), "{said}");
    }
    let polygon = layers_polygon();
    let zones_on = |on: &str| -> serde_json::Value {
        serde_json::from_str(&run(&["zones", "--date", on])).unwrap()
    };
    let fit = check_zone(&zones_on("2024-06-10"), &polygon);
    assert!(fit > 0.9999, "nothing reported yet: {fit}");

    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("update.txt");
    std::fs::write(&report, RECAPTURE).unwrap();
    run(&["ingest", report.to_str().unwrap(), "--date", "2024-06-20"]);
    check_zone(&zones_on("2024-06-10"), &polygon);
    let carved = check_carved(&zones_on("2024-06-20"), &polygon, village());
    println!("{backend:?}: `zones` IoU {fit:.4} after the import, {carved:.4} after the report");

    let server = support::server::Server::start(
        Path::new(&ds.spec),
        &["--region", "ukraine", "--no-demo"],
        &[],
    );
    let api = |on: &str| -> serde_json::Value {
        reqwest::blocking::get(server.url(&format!("/api/zones?date={on}")))
            .unwrap()
            .json()
            .unwrap()
    };
    check_zone(&api("2024-06-10"), &polygon);
    check_carved(&api("2024-06-20"), &polygon, village());
    server.stop();
}

#[test]
fn import_ingest_zones_serve_sqlite() {
    import_ingest_zones_serve(Backend::Sqlite);
}

#[test]
fn import_ingest_zones_serve_postgres() {
    import_ingest_zones_serve(Backend::Postgres);
}

/// A polygon imported while `frontline serve` runs moves the zones' edge
/// even where newer reports already gave the places inside to its side:
/// the control map on the date is then the same, the zones are not.
#[test]
fn an_import_while_serving_moves_the_edge() {
    let ds = DataSet::sqlite();
    let run = |args: &[&str]| run_cli(&[args, &["--db", ds.spec.as_str()]].concat());
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("claim.txt");
    std::fs::write(
        &report,
        "Russian forces captured Vovchansk and Vilcha, the defence ministry in Moscow said.",
    )
    .unwrap();
    run(&["ingest", report.to_str().unwrap(), "--date", "2024-06-10"]);
    let server = support::server::Server::start(
        Path::new(&ds.spec),
        &["--region", "ukraine", "--no-demo"],
        &[],
    );
    let russia_on = |on: &str| -> MultiPolygon<f64> {
        let fc: serde_json::Value =
            reqwest::blocking::get(server.url(&format!("/api/zones?date={on}")))
                .unwrap()
                .json()
                .unwrap();
        zone_feature(&fc, "russia").1
    };
    let file = dir().join("ukraine-pocket-2024-06-01.geojson");
    let pocket = polygon_of(&file);
    let cells = iou(&russia_on("2024-06-20"), &pocket);
    assert!(cells < 0.9, "the two places' cells: {cells}");
    run(&[
        "import",
        file.to_str().unwrap(),
        "--faction",
        "russia",
        "--date",
        "2024-06-01",
    ]);
    // The server notices another process's write within a second
    // (tests/store.rs); ten are allowed here for a loaded machine.
    let written = std::time::Instant::now();
    let fit = loop {
        let fit = iou(&russia_on("2024-06-20"), &pocket);
        if fit >= 0.95 || written.elapsed() > std::time::Duration::from_secs(10) {
            break fit;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(fit >= 0.95, "after the import: {fit}");
    server.stop();
}

/// `frontline map` (no store) with the layers among its files and
/// `--faction` for their features.
#[test]
fn map_follows_the_polygons_of_its_layers() {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("update.txt");
    std::fs::write(&report, RECAPTURE).unwrap();
    let [front, south] = LAYERS.map(|(f, _)| dir().join(f).display().to_string());
    let map = |files: &[&str], on: &str| -> serde_json::Value {
        let args = [&["map"], files, &["--faction", "russia", "--date", on]].concat();
        serde_json::from_str(&run_cli(&args)).unwrap()
    };
    let polygon = layers_polygon();
    check_zone(&map(&[&front, &south], "2024-06-10"), &polygon);
    let carved = map(&[&front, &south, report.to_str().unwrap()], "2024-06-20");
    check_carved(&carved, &polygon, village());
}

#[test]
fn a_newer_import_of_a_side_supersedes_its_older_one() {
    let region = Region::bundled_named("ukraine").unwrap();
    // An older snapshot held a pocket far from the front; the newer one
    // (the side's whole territory on its date) no longer has it.
    let old = import(
        &region,
        "ukraine-pocket-2024-06-01.geojson",
        "russia",
        "2024-05-01",
    );
    let new = import(&region, FRONT, "russia", "2024-06-01");
    let mut claims = old.claims.clone();
    claims.extend(new.claims.clone());
    let mut areas = old.areas.clone();
    areas.extend(new.areas.clone());
    let front = polygon_of(&dir().join(FRONT));
    let pocket = polygon_of(&dir().join("ukraine-pocket-2024-06-01.geojson"));
    let at = |on: &str| {
        let map = map_at(&region, claims.clone(), on);
        held(
            &zones::build_with_areas(&map, &region.gazetteer, &region.factions, &areas),
            "russia",
        )
    };
    assert!(iou(&at("2024-05-15"), &pocket) >= 0.95);
    let june = at("2024-06-10");
    assert!(iou(&june, &front) >= 0.95, "{}", iou(&june, &front));
    assert!(iou(&june, &pocket) < 0.01);
}

/// A layer that names its side and date in properties (`faction`: any
/// spelling the region's factions know, here the alias `occupied`) needs
/// neither `--faction` nor `--date`.
#[test]
fn a_faction_property_makes_the_area_without_flags() {
    let region = Region::bundled_named("ukraine").unwrap();
    let mut layer: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join(FRONT)).unwrap()).unwrap();
    let props = &mut layer["features"][0]["properties"];
    props["faction"] = "occupied".into();
    props["date"] = "2024-05-20".into();
    let bytes = serde_json::to_vec(&layer).unwrap();
    let imported = read_layer_with_areas(
        "occupied.geojson",
        &bytes,
        &ImportOptions::default(),
        &region.gazetteer,
        &region.factions,
    )
    .unwrap();
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(imported.areas.len(), 1);
    assert_eq!(imported.areas[0].faction, "russia");
    assert_eq!(imported.areas[0].date, Some(date("2024-05-20")));
    let map = map_at(&region, imported.claims, "2024-06-01");
    let layer = zones::build_with_areas(&map, &region.gazetteer, &region.factions, &imported.areas);
    let fit = iou(&held(&layer, "russia"), &polygon_of(&dir().join(FRONT)));
    assert!(fit >= 0.95, "{fit}");
}
