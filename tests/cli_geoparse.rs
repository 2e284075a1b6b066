//! `frontline geoparse` end to end: the mentions FeatureCollection of DESIGN.md, and one
//! clear error line with a non-zero exit on bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn frontline(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run frontline");
    {
        let mut sin = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            sin.write_all(bytes).expect("write stdin");
        }
    }
    child.wait_with_output().expect("wait")
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/aleppo-2016-02-03.txt"
);

#[test]
fn geoparse_prints_mention_features_with_exact_offsets() {
    let out = frontline(&["geoparse", FIXTURE], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(fc["type"], "FeatureCollection");
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let feats = fc["features"].as_array().unwrap();
    assert!(feats.len() >= 10);
    for f in feats {
        let p = &f["properties"];
        assert_eq!(p["kind"], "mention");
        let (s, e) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], p["text"].as_str().unwrap());
        for key in ["place_id", "name", "feature", "role", "confidence"] {
            assert!(!p[key].is_null(), "{key} missing in {p}");
        }
        assert!(f["geometry"]["type"].is_string());
    }
    let border = feats
        .iter()
        .find(|f| {
            f["properties"]["text"]
                .as_str()
                .unwrap()
                .contains("Turkish border")
        })
        .expect("the Turkish border");
    assert_eq!(border["properties"]["feature"], "border");
    assert!(border["geometry"]["type"]
        .as_str()
        .unwrap()
        .contains("LineString"));
    // the same text on standard input gives the same mentions
    let piped = frontline(&["geoparse", "-"], Some(text.as_bytes()));
    assert!(piped.status.success());
    assert_eq!(piped.stdout, out.stdout);
}

fn assert_one_line_error(out: &Output, needle: &str) {
    assert!(!out.status.success(), "expected failure");
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains(needle), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_input_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("report.txt");
    std::fs::write(&bin, b"date: 2016-02-03\n\nAleppo \xff\xfe fell").unwrap();
    let out = frontline(&["geoparse", bin.to_str().unwrap()], None);
    assert_one_line_error(&out, "not UTF-8");
    assert_one_line_error(&out, "offset 25");

    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"  \n").unwrap();
    assert_one_line_error(
        &frontline(&["geoparse", empty.to_str().unwrap()], None),
        "empty",
    );

    assert_one_line_error(
        &frontline(&["geoparse", dir.path().to_str().unwrap()], None),
        "directory",
    );

    let missing = dir.path().join("nope.txt");
    assert_one_line_error(
        &frontline(&["geoparse", missing.to_str().unwrap()], None),
        "nope.txt",
    );

    assert_one_line_error(&frontline(&["geoparse", "-"], Some(b"")), "empty");
}

/// `--format geojsonseq`: one point feature per mention and line, the same
/// mentions as the FeatureCollection, labelled by report for a .jsonl, and a
/// file GDAL reads as GeoJSONSeq with one feature per mention.
#[test]
fn geojsonseq_streams_one_point_feature_per_mention() {
    let full = frontline(&["geoparse", FIXTURE], None);
    let fc: serde_json::Value = serde_json::from_slice(&full.stdout).expect("JSON");
    let expected: Vec<(u64, u64, String)> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["start"].as_u64().unwrap(),
                p["end"].as_u64().unwrap(),
                p["place_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(expected.len() > 10);
    let seq = frontline(&["geoparse", "--format", "geojsonseq", FIXTURE], None);
    assert!(
        seq.status.success(),
        "{}",
        String::from_utf8_lossy(&seq.stderr)
    );
    let text = String::from_utf8(seq.stdout.clone()).unwrap();
    let mut got = Vec::new();
    for line in text.lines() {
        let f: serde_json::Value = serde_json::from_str(line).expect("a feature per line");
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point", "{line}");
        assert!(f["properties"].get("alternatives").is_none());
        let p = &f["properties"];
        got.push((
            p["start"].as_u64().unwrap(),
            p["end"].as_u64().unwrap(),
            p["place_id"].as_str().unwrap().to_string(),
        ));
    }
    assert_eq!(got, expected);
    assert!(seq.stdout.len() < full.stdout.len());

    // Several reports in a .jsonl: each feature names its report; a report
    // without a place writes no line.
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("wire.jsonl");
    std::fs::write(
        &jsonl,
        "{\"text\": \"Shelling hit Azaz and Mare' overnight.\"}\n\
         {\"text\": \"Nothing of note happened.\"}\n\
         {\"text\": \"Fighting went on in eastern Aleppo.\"}\n",
    )
    .unwrap();
    let out = frontline(
        &[
            "geoparse",
            "--format",
            "geojsonseq",
            jsonl.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reports: Vec<&str> = lines
        .iter()
        .map(|f| f["properties"]["report"].as_str().unwrap())
        .collect();
    assert!(reports.len() >= 3, "{reports:?}");
    assert!(
        reports
            .iter()
            .all(|r| r.ends_with("#1") || r.ends_with("#3")),
        "{reports:?}"
    );
    let aleppo = lines
        .iter()
        .find(|f| f["properties"]["part"] == "east")
        .expect("a part");
    let lon = aleppo["geometry"]["coordinates"][0].as_f64().unwrap();
    assert!(
        (37.0..37.4).contains(&lon),
        "eastern Aleppo's centre: {lon}"
    );

    // GDAL reads the stream as GeoJSONSeq, one feature per mention.
    let path = dir.path().join("mentions.geojsonl");
    std::fs::write(&path, &seq.stdout).unwrap();
    let info = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al", path.to_str().unwrap()])
        .output()
        .expect("ogrinfo (gdal-bin) runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("GeoJSONSeq"), "{info}");
    assert!(
        info.contains(&format!("Feature Count: {}", expected.len())),
        "{info}"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    // `frontline geoparse big.txt | head`: output far beyond a pipe's buffer,
    // of which the reader takes a few bytes and closes the pipe.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let body = text.split_once("\n\n").map_or(text.as_str(), |(_, b)| b);
    let mut file = String::from("date: 2016-02-03\n\n");
    while file.len() < 2_000_000 {
        file.push_str(body);
        file.push('\n');
    }
    std::fs::write(&big, file).unwrap();
    for command in ["geoparse", "extract"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args([command, big.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run frontline");
        let mut first = [0u8; 16];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{command}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{command}: {stderr}");
    }
}
