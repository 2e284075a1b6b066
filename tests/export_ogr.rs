//! Every export format, written from a real zone layer (the Aleppo baseline
//! plus a split-city report claim), must be read by GDAL without a warning:
//! `ogrinfo -ro -al -so` and `ogr2ogr -f GPKG` (Debian gdal-bin).

use frontline::claims::{Claim, Relation};
use frontline::export::{self, Format};
use frontline::geoparse::Direction;
use frontline::import::{read_path, ImportOptions};
use frontline::timeline::Timeline;
use frontline::{zones, Region};
use std::path::Path;
use std::process::Command;

fn layer_collection() -> geojson::FeatureCollection {
    let region = Region::bundled().expect("bundled region");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("geodata/syria/baselines/aleppo-2016-02-01.geojson");
    let (mut claims, errors) = read_path(
        &path,
        &ImportOptions::default(),
        &region.gazetteer,
        &region.factions,
    )
    .expect("baseline reads");
    assert!(errors.is_empty(), "{errors:?}");
    // A report that splits a town in two, and a cut route, so every feature kind occurs.
    let d = chrono::NaiveDate::from_ymd_opt(2016, 2, 3);
    for (dir, faction) in [
        (Direction::West, "government"),
        (Direction::East, "opposition"),
    ] {
        claims.push(Claim {
            place_id: Some("geonames:163476".into()),
            name: "Tell Rifaat".into(),
            lon: Some(37.09471),
            lat: Some(36.47229),
            part: Some(dir),
            faction: faction.into(),
            relation: Relation::Holds,
            date: d,
            confidence: 0.8,
            quote: "Tell Rifaat is divided, \"loyalists\" west & rebels east <sic>".into(),
            ..Claim::default()
        });
    }
    claims.push(Claim {
        place_id: Some("geonames:170063".into()),
        name: "Aleppo".into(),
        faction: "opposition".into(),
        counterpart: Some("government".into()),
        relation: Relation::RouteCut,
        to: Some("border:SY-TR".into()),
        date: d,
        confidence: 0.8,
        quote: "troops cut the last supply route".into(),
        ..Claim::default()
    });
    // A partial encirclement: a `siege` band with list and boolean properties.
    claims.push(Claim {
        place_id: Some("geonames:170063".into()),
        name: "Aleppo".into(),
        lon: Some(37.16117),
        lat: Some(36.20124),
        faction: "government".into(),
        relation: Relation::Besieges,
        around: true,
        sides: vec![Direction::West, Direction::South, Direction::East],
        date: d,
        confidence: 0.7,
        quote: "troops encircled Aleppo from the west, south & east".into(),
        ..Claim::default()
    });
    // An advance from the north: an `advance` arrow.
    claims.push(Claim {
        place_id: Some("geonames:163476".into()),
        name: "Tell Rifaat".into(),
        lon: Some(37.09471),
        lat: Some(36.47229),
        part: Some(Direction::North),
        around: true,
        faction: "sdf".into(),
        relation: Relation::Holds,
        date: d,
        confidence: 0.5,
        quote: "Kurdish fighters advanced on Tell Rifaat from the north".into(),
        ..Claim::default()
    });
    let map = Timeline::new(claims).state_at(d);
    let layer = zones::build(&map, &region.gazetteer, &region.factions);
    export::zones_collection(&layer, &map, &region.factions)
}

fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd} (install Debian gdal-bin): {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn gdal_reads_every_format_without_warnings() {
    let fc = layer_collection();
    let kinds: std::collections::BTreeSet<&str> = fc
        .features
        .iter()
        .filter_map(|f| f.properties.as_ref()?.get("kind")?.as_str())
        .collect();
    for k in ["zone", "frontline", "place", "route", "siege", "advance"] {
        assert!(kinds.contains(k), "no {k} feature in {kinds:?}");
    }
    assert!(
        fc.features
            .iter()
            .any(|f| f.property("complete") == Some(&serde_json::json!(false))),
        "no partial siege"
    );
    let dir = tempfile::tempdir().unwrap();
    for format in [
        Format::GeoJson,
        Format::Fgb,
        Format::Gpkg,
        Format::Kml,
        Format::Csv,
    ] {
        let bytes = export::write(format, &fc).expect("export writes");
        assert!(!bytes.is_empty());
        let file = dir.path().join(format!("zones.{}", format.extension()));
        std::fs::write(&file, &bytes).unwrap();
        let f = file.to_str().unwrap();
        let (ok, err) = run("ogrinfo", &["-ro", "-al", "-so", f]);
        assert!(ok, "ogrinfo failed on {f}: {err}");
        assert!(
            !err.lines()
                .any(|l| l.contains("Warning") || l.contains("ERROR")),
            "ogrinfo warned on {}: {err}",
            format.extension()
        );
        let gpkg = dir.path().join(format!("out-{}.gpkg", format.extension()));
        let mut args = vec!["-f", "GPKG", gpkg.to_str().unwrap(), f];
        if format == Format::GeoJson {
            // DESIGN.md makes `factions`/`contenders` JSON arrays (OGR StringList);
            // GeoPackage has no list type, so say how to store them instead of
            // letting ogr2ogr warn about a lossy guess.
            args.extend(["-mapFieldType", "StringList=String"]);
        }
        let (ok, err) = run("ogr2ogr", &args);
        assert!(ok, "ogr2ogr failed on {f}: {err}");
        assert!(
            !err.lines()
                .any(|l| l.contains("Warning") || l.contains("ERROR")),
            "ogr2ogr warned on {}: {err}",
            format.extension()
        );
    }
}

#[test]
fn csv_lists_every_feature_with_wkt_and_evidence() {
    let fc = layer_collection();
    let bytes = export::write(Format::Csv, &fc).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[..7],
        ["WKT", "kind", "name", "place_id", "part", "lon", "lat"]
    );
    for col in [
        "faction",
        "status",
        "since",
        "confidence",
        "evidence_count",
        "quote",
        "source",
    ] {
        assert!(header.contains(&col), "no {col} column in {header:?}");
    }
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), fc.features.len());
    let nubl = rows
        .iter()
        .find(|r| r.starts_with("POINT") && r.contains(",Nubl,"))
        .expect("Nubl row");
    assert!(nubl.contains(",government,besieged,"), "{nubl}");
    // Aleppo-style split towns keep their parts apart.
    assert!(rows
        .iter()
        .any(|r| r.contains(",Tell Rifaat,geonames:163476,west,")));
    assert!(rows
        .iter()
        .any(|r| r.contains(",Tell Rifaat,geonames:163476,east,")));
    assert!(rows.iter().any(|r| r.starts_with("\"MULTIPOLYGON")));
}

#[test]
fn unknown_format_is_a_clear_error() {
    let e = "shp".parse::<Format>().unwrap_err().to_string();
    assert!(e.contains("shp") && e.contains("geojson"), "{e}");
}
