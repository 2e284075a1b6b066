//! Inputs that once crashed or misled the command line, as regression tests
//! through the real binary: Unicode spaces before a place name (a byte index
//! landed inside the space), RTL marks, Arabic, emoji, long tokens; and the
//! smaller points of issue 11 (undated reports, I/O errors, streaming).

use std::path::Path;
use std::process::{Command, Output};

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .env_remove("FRONTLINE_REGION")
        .output()
        .expect("binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// The characters of the issue, each put before place names.
const SPACES: &[char] = &['\u{a0}', '\u{2003}', '\u{3000}', '\u{2028}', '\u{1680}'];

fn report_with(space: char) -> String {
    format!(
        "date: 2016-02-04\n\nGovernment forces entered{space}Nubl on Wednesday.{space}Rebels withdrew to{space}Tal Rifaat.\n"
    )
}

#[test]
fn unicode_spaces_before_place_names_do_not_crash_any_command() {
    let dir = tempfile::tempdir().unwrap();
    for (i, &space) in SPACES.iter().enumerate() {
        let f = dir.path().join(format!("r{i}.txt"));
        std::fs::write(&f, report_with(space)).unwrap();
        let f = f.to_str().unwrap();
        let fc = ok(&frontline(&["geoparse", f]));
        let names: Vec<&str> = fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"Nubl"), "U+{:04X}: {names:?}", space as u32);
        let ex = ok(&frontline(&["extract", f]));
        assert!(
            !ex["claims"].as_array().unwrap().is_empty(),
            "U+{:04X}: the report still yields claims",
            space as u32
        );
        let map = ok(&frontline(&["map", f]));
        assert_eq!(map["type"], "FeatureCollection");
    }
}

#[test]
fn ingest_reads_every_file_after_one_with_a_no_break_space() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, report_with('\u{a0}')).unwrap();
    std::fs::write(&b, "date: 2016-02-05\n\nThe army took Ratyan.\n").unwrap();
    let db = dir.path().join("s.sqlite");
    let out = frontline(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let all = text(&out.stderr) + &text(&out.stdout);
    assert!(all.contains("2 reports"), "{all}");
}

#[test]
fn every_corpus_text_goes_through_every_command() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .collect();
    files.sort();
    // One call, many files: one line per report, each labelled.
    let mut args = vec!["extract", "--date", "2016-02-03"];
    args.extend(files.iter().map(String::as_str));
    let out = frontline(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // several.jsonl holds three reports.
    assert_eq!(lines.len(), files.len() + 2);
    assert!(lines
        .iter()
        .any(|l| l["report"].as_str().unwrap().ends_with("several.jsonl#3")));
    let mut args = vec!["geoparse"];
    args.extend(files.iter().map(String::as_str));
    let out = frontline(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), files.len() + 2);
    let mut args = vec!["map", "--date", "2016-02-07"];
    args.extend(files.iter().map(String::as_str));
    ok(&frontline(&args));
}

#[test]
fn an_undated_report_needs_date() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("undated.txt");
    std::fs::write(&f, "The army took Ratyan.\n").unwrap();
    let f = f.to_str().unwrap();
    for cmd in ["extract", "map"] {
        let out = frontline(&[cmd, f]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let e = text(&out.stderr);
        assert!(
            e.contains("undated.txt#1: no date") && e.contains("--date"),
            "{cmd}: {e}"
        );
        ok(&frontline(&[cmd, "--date", "2016-02-03", f]));
    }
    // geoparse needs no date.
    ok(&frontline(&["geoparse", f]));
}

#[test]
fn dates_out_of_range_are_refused_with_the_range() {
    let out = frontline(&["extract", "--date", "9999-12-31", "-"]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(
        e.contains("--date 9999-12-31 is out of range (dates run from 1900-01-01 to"),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("old.txt");
    std::fs::write(&f, "date: 0000-01-01\n\nThe army took Ratyan.\n").unwrap();
    let out = frontline(&["geoparse", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("old.txt:1: date 0000-01-01 is out of range"));
}

#[test]
fn a_missing_file_names_its_cause_once() {
    let out = frontline(&["geoparse", "/nonexistent/report.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert_eq!(e.matches("No such file").count(), 1, "{e}");
    assert!(e.contains("/nonexistent/report.txt: cannot read"), "{e}");
}

#[test]
fn jsonl_is_streamed_and_a_bad_line_stops_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("many.jsonl");
    let mut s = String::new();
    for i in 0..50 {
        s.push_str(&format!(
            "{{\"text\": \"Report {i}: rebels\\u00a0shelled\\u3000Azaz.\", \"date\": \"2016-02-03\"}}\n"
        ));
    }
    s.push_str("{\"text\": 5}\n");
    std::fs::write(&f, s).unwrap();
    let out = frontline(&["geoparse", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout).lines().count(),
        50,
        "reports before the bad line are out"
    );
    assert!(
        text(&out.stderr).contains("many.jsonl:51:"),
        "{}",
        text(&out.stderr)
    );
}
