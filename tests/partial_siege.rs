//! A partial encirclement end to end: `frontline map` on a report that says
//! the army "encircled Aleppo from the west, south and east" and that the
//! city is split gives a `siege` feature with `complete: false` whose band
//! covers only those sides, leaves the split city split, and GDAL reads the
//! file without a warning.

use geo::{Contains, Point};
use std::process::Command;

#[path = "support/cli.rs"]
mod cli;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/encircle-aleppo.txt"
);

/// Aleppo's gazetteer point (geonames:170063).
const ALEPPO: (f64, f64) = (37.16117, 36.20124);

fn map_fixture() -> (String, serde_json::Value) {
    let text = cli::stdout_of(&["map", FIXTURE]);
    let v = serde_json::from_str(&text).expect("JSON");
    (text, v)
}

fn kind<'a>(fc: &'a serde_json::Value, k: &str) -> Vec<&'a serde_json::Value> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == k)
        .collect()
}

/// A point `km` away from Aleppo towards (dx, dy).
fn off(dx: f64, dy: f64, km: f64) -> Point<f64> {
    let (lon, lat) = ALEPPO;
    Point::new(
        lon + dx * km / (111.320 * lat.to_radians().cos()),
        lat + dy * km / 110.574,
    )
}

#[test]
fn map_draws_the_partial_siege_on_the_named_sides_only() {
    let (_, fc) = map_fixture();
    let sieges = kind(&fc, "siege");
    assert_eq!(sieges.len(), 1, "{sieges:?}");
    let s = sieges[0];
    let p = &s["properties"];
    assert_eq!(p["besieger"], "government");
    assert_eq!(p["besieged"], "opposition");
    assert_eq!(p["complete"], false);
    assert_eq!(p["sides"], serde_json::json!(["west", "south", "east"]));
    assert_eq!(p["since"], "2016-02-05");
    let quote = p["evidence"][0]["quote"].as_str().unwrap();
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    assert!(text.contains(quote) && quote.contains("encircled Aleppo from the west"));

    let g: geojson::Geometry = serde_json::from_value(s["geometry"].clone()).unwrap();
    let g: geo::Geometry<f64> = g.try_into().unwrap();
    let geo::Geometry::MultiPolygon(mp) = g else {
        panic!("siege is not a MultiPolygon: {g:?}")
    };
    // Aleppo's reach is 12 km; the band lies beyond it on the three sides.
    for (dx, dy, side) in [
        (-1.0, 0.0, "west"),
        (0.0, -1.0, "south"),
        (1.0, 0.0, "east"),
    ] {
        assert!(
            mp.contains(&off(dx, dy, 15.0)),
            "{side} of Aleppo not in the band"
        );
    }
    assert!(!mp.contains(&off(0.0, 1.0, 15.0)), "the north is open");
    assert!(!mp.contains(&off(0.0, 0.0, 0.0)), "the city itself is not");
    // RFC 7946: counter-clockwise exteriors, at most 6 decimals.
    for poly in &mp.0 {
        let ring = poly.exterior();
        let twice_area: f64 = ring
            .lines()
            .map(|l| l.start.x * l.end.y - l.end.x * l.start.y)
            .sum();
        assert!(twice_area > 0.0, "clockwise exterior");
        for c in ring.coords() {
            assert_eq!((c.x * 1e6).round() / 1e6, c.x);
        }
    }
}

#[test]
fn the_encirclement_leaves_the_split_city_split() {
    let (_, fc) = map_fixture();
    let mut aleppo: Vec<(String, String, String)> = kind(&fc, "place")
        .iter()
        .map(|f| &f["properties"])
        .filter(|p| p["place_id"] == "geonames:170063")
        .map(|p| {
            (
                p["part"].as_str().unwrap_or("whole").to_string(),
                p["faction"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    aleppo.sort();
    assert_eq!(
        aleppo,
        vec![
            ("east".into(), "opposition".into(), "held".into()),
            ("west".into(), "government".into(), "held".into()),
        ]
    );
    let mut zones: Vec<&str> = kind(&fc, "zone")
        .iter()
        .map(|f| f["properties"]["faction"].as_str().unwrap())
        .collect();
    zones.sort();
    assert_eq!(zones, vec!["government", "opposition"]);
}

#[test]
fn ogrinfo_reads_the_map_without_warnings() {
    let (text, _) = map_fixture();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("encircle.geojson");
    std::fs::write(&file, text).unwrap();
    let f = file.to_str().unwrap();
    let gpkg = dir.path().join("encircle.gpkg");
    for (cmd, args) in [
        ("ogrinfo", vec!["-ro", "-al", "-so", f]),
        (
            "ogr2ogr",
            vec![
                "-f",
                "GPKG",
                gpkg.to_str().unwrap(),
                f,
                "-mapFieldType",
                "StringList=String",
            ],
        ),
    ] {
        let out = Command::new(cmd)
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {cmd} (install Debian gdal-bin): {e}"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{cmd} failed: {err}");
        assert!(
            !err.lines()
                .any(|l| l.contains("Warning") || l.contains("ERROR")),
            "{cmd} warned: {err}"
        );
        if cmd == "ogrinfo" {
            let info = String::from_utf8_lossy(&out.stdout);
            assert!(info.contains("sides: StringList"), "{info}");
            assert!(info.contains("complete: Integer(Boolean)"), "{info}");
        }
    }
}
