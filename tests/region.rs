//! Selecting a region pack: `--region NAME` / `FRONTLINE_REGION` pick a pack compiled
//! into the binary, `--region DIR` reads a pack folder, and the Ukraine pack knows the
//! old and Russian spellings of its places. The sentences are written for these tests.

use frontline::gazetteer::bundled_names;
use frontline::Region;
use std::process::Command;

const REPORT: &str = "date: 2023-05-20\n\nRussian forces said they had taken Artemivsk, the town \
Ukraine calls Bakhmut, after months of fighting in the Donetsk region. Kyiv said fighting went \
on near Dzerzhinsk and that the road to Kharkov was open.\n";

fn geoparse(args: &[&str], env: Option<&str>) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.txt");
    std::fs::write(&file, REPORT).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontline"));
    cmd.env_remove("FRONTLINE_REGION");
    if let Some(v) = env {
        cmd.env("FRONTLINE_REGION", v);
    }
    let out = cmd.args(args).arg("geoparse").arg(&file).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["text"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn both_packs_ship_in_the_binary_and_the_first_is_the_default() {
    assert_eq!(bundled_names(), ["syria", "ukraine"]);
    let default = Region::bundled().unwrap();
    let first = Region::bundled_named(bundled_names()[0]).unwrap();
    assert_eq!(default.gazetteer.info().name, first.gazetteer.info().name);
    let ua = Region::bundled_named("ukraine").unwrap();
    assert_eq!(ua.gazetteer.info().country, "UA");
    assert!(ua.factions.get("ukraine").is_some() && ua.factions.get("russia").is_some());
}

#[test]
fn region_flag_selects_the_ukraine_pack_with_old_and_russian_names() {
    let (ok, out, err) = geoparse(&["--region", "ukraine"], None);
    assert!(ok, "{err}");
    let n = names(&out);
    for (text, name) in [
        ("Artemivsk", "Bakhmut"),
        ("Bakhmut", "Bakhmut"),
        ("Dzerzhinsk", "Toretsk"),
        ("Kharkov", "Kharkiv"),
        ("Donetsk region", "Donetsk Oblast"),
    ] {
        assert!(
            n.iter().any(|(t, p)| t == text && p == name),
            "{text} → {name} missing in {n:?}"
        );
    }
}

#[test]
fn environment_variable_selects_the_region_too() {
    let (ok, out, err) = geoparse(&[], Some("ukraine"));
    assert!(ok, "{err}");
    assert!(names(&out).iter().any(|(_, p)| p == "Toretsk"));
    // Without it, the default pack has no Toretsk.
    let (ok, out, _) = geoparse(&[], None);
    assert!(ok);
    assert!(!names(&out).iter().any(|(_, p)| p == "Toretsk"));
}

#[test]
fn a_pack_folder_works_like_the_bundled_pack() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/geodata/ukraine");
    let (ok, out, err) = geoparse(&["--region", dir], None);
    assert!(ok, "{err}");
    assert!(names(&out).iter().any(|(_, p)| p == "Bakhmut"));
}

#[test]
fn an_unknown_region_is_an_error_naming_it_and_the_known_ones() {
    let (ok, _, err) = geoparse(&["--region", "atlantis"], None);
    assert!(!ok);
    assert!(err.contains("\"atlantis\""), "{err}");
    assert!(err.contains("syria, ukraine"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
