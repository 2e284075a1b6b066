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
