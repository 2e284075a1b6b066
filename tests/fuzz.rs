//! Property-based fuzzing on stable Rust (proptest): report parsing, the
//! geoparser, claim extraction (`Region::analyse`), the one-shot map, the
//! baseline import parsers and the API's JSON body parser, fed with the
//! hand-written corpus in `tests/corpus/` (no-break and other Unicode spaces,
//! RTL marks, Arabic, emoji, long tokens, control characters), mutated.
//!
//! Each target asserts more than "does not panic": offsets stay on character
//! boundaries and quote what they say, and errors are values.
//!
//! `cargo test` runs a small bounded number of cases per target; set
//! `FUZZ_CASES=N` for a longer pass (`scripts/fuzz.sh`). A failure prints
//! the minimal input; add it to `tests/fuzz_regressions.rs`.

use frontline::import::{self, ImportOptions};
use frontline::report::Report;
use frontline::Region;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use std::sync::OnceLock;

fn region() -> &'static Region {
    static REGION: OnceLock<Region> = OnceLock::new();
    REGION.get_or_init(|| Region::bundled().expect("bundled region loads"))
}

fn cases(default: u32) -> Config {
    let n = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases: n,
        // Shrunk failures are reported in the test output; regressions are
        // kept as named tests in tests/fuzz_regressions.rs, not in files.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

/// The seed texts: every file of `tests/corpus/`.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("tests/corpus exists")
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.sort();
        assert!(texts.len() >= 8, "corpus has its seed texts");
        texts
    })
}

/// Pieces that real reports are made of, and the characters that broke
/// byte-offset arithmetic before.
const PIECES: &[&str] = &[
    "\u{a0}",
    "\u{2003}",
    "\u{3000}",
    "\u{2028}",
    "\u{1680}",
    "\u{200f}",
    "\u{200e}",
    "\u{202e}",
    "\u{feff}",
    "\u{200b}",
    "\u{301}",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    ".",
    ",",
    ":",
    "-",
    "'",
    "\"",
    "(",
    ")",
    "/",
    "@",
    "://",
    "www.",
    "#",
    "Aleppo",
    "Azaz",
    "Nubl",
    "al-Zahraa",
    "Tal Rifaat",
    "Mare",
    "Menagh",
    "Hreitan",
    "Anadan",
    "Idlib",
    "Raqqa",
    "Kobani",
    "Manbij",
    "the village of ",
    "the town of ",
    "eastern ",
    "north of ",
    "rebels",
    "government forces",
    "the army",
    "Kurdish-led forces",
    "ISIS",
    "the SDF",
    " captured ",
    " took ",
    " besieged ",
    " encircled ",
    " from the west, south and east",
    " advanced on ",
    " withdrew from ",
    " still hold ",
    " cut the road between ",
    " and ",
    " in ",
    "date: 2016-02-03\n\n",
    "title: t\n",
    "source: s\n",
    "حلب",
    "اعزاز",
    "نبل",
    "قوات",
    "\u{1F6A8}",
    "\u{1F4AA}\u{1F3FD}",
    "\u{1F1F8}\u{1F1FE}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{2029}",
    "\u{fffd}",
];

/// A text: a corpus seed with pieces and random characters spliced in at
/// random character positions, or a text made of pieces only.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-zA-Z\u{600}-\u{6ff}\u{a0}\u{3000} ]{0,40}",
    ];
    let splices = proptest::collection::vec((any::<prop::sample::Index>(), piece.clone()), 0..12);
    let seeded = (
        0..corpus().len(),
        splices,
        any::<prop::sample::Index>(),
        0..64usize,
    )
        .prop_map(|(i, splices, cut, cut_len)| {
            let mut t = corpus()[i].clone();
            for (at, p) in splices {
                let at = char_boundary(&t, at.index(t.len() + 1));
                t.insert_str(at, &p);
            }
            // Delete a run of characters somewhere.
            let from = char_boundary(&t, cut.index(t.len() + 1));
            let to = char_boundary(&t, (from + cut_len).min(t.len()));
            t.replace_range(from..to.max(from), "");
            t
        });
    let pieced = proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat());
    prop_oneof![3 => seeded, 1 => pieced]
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Runs a report through analyse and checks the offset invariants of
/// ARCHITECTURE.md.
fn analyse_and_check(report: &Report) {
    let a = region().analyse(report);
    let t = &report.text;
    for m in &a.mentions {
        assert!(
            m.start <= m.end && m.end <= t.len(),
            "mention span in range"
        );
        assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
        assert_eq!(&t[m.start..m.end], m.text, "mention quotes its span");
    }
    for c in &a.claims {
        assert!(c.start <= c.end && c.end <= t.len(), "claim span in range");
        assert!(t.is_char_boundary(c.start) && t.is_char_boundary(c.end));
    }
    serde_json::to_string(&frontline::export::mentions_collection(
        &a.mentions,
        &region().gazetteer,
    ))
    .expect("mentions serialise");
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn report_text_parsing_never_panics(t in text()) {
        if let Ok(r) = Report::parse_text("fuzz.txt", t.clone()) {
            // Stray control characters are read as spaces, byte for byte (a NUL is refused).
            let stray = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
            let as_read: String = t.chars().map(|c| if stray(c) { ' ' } else { c }).collect();
            prop_assert_eq!(&r.text, &as_read);
            prop_assert_eq!(r.text.len(), t.len());
            prop_assert!(t.is_char_boundary(r.body_start));
            let _ = r.body();
        }
    }

    #[test]
    fn jsonl_parsing_never_panics(lines in proptest::collection::vec(text(), 1..4)) {
        let jsonl: String = lines
            .iter()
            .map(|t| serde_json::json!({"text": t, "date": "2016-02-03"}).to_string() + "\n")
            .collect();
        let _ = Report::parse_jsonl("fuzz.jsonl", &jsonl);
        // And the raw texts as (mostly broken) JSON Lines.
        let _ = Report::parse_jsonl("fuzz.jsonl", &lines.concat());
    }

    #[test]
    fn geoparse_and_extract_keep_offsets_on_char_boundaries(t in text()) {
        let report = Report::parse_text("fuzz.txt", t.clone())
            .unwrap_or_else(|_| Report::from_body(t, frontline::report::parse_date("2016-02-03")));
        analyse_and_check(&report);
    }

    #[test]
    fn one_shot_map_never_panics(texts in proptest::collection::vec(text(), 1..3)) {
        let reports = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("fuzz#{i}"), Report::from_body(t, frontline::report::parse_date("2016-02-03"))))
            .collect();
        let r = region();
        let claims = frontline::pipeline::one_shot_claims(r, Vec::new(), reports);
        let tl = frontline::timeline::Timeline::new(claims);
        let map = tl.state_at(None);
        let layer = frontline::zones::build(&map, &r.gazetteer, &r.factions);
        let fc = frontline::export::zones_collection(&layer, &map, &r.factions);
        serde_json::to_string(&fc).expect("zones serialise");
    }

    #[test]
    fn baseline_parsers_never_panic(
        t in text(),
        lon in -400.0f64..400.0,
        lat in -200.0f64..200.0,
        ring in proptest::collection::vec((-200.0f64..200.0, -100.0f64..100.0), 0..6),
    ) {
        let r = region();
        let opts = ImportOptions::default();
        let name = serde_json::to_string(&t).unwrap();
        let coords: Vec<String> = ring.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
        let geojson = format!(
            r#"{{"type":"FeatureCollection","features":[
              {{"type":"Feature","properties":{{"faction":"government","name":{name},"date":"2016-02-01"}},
                "geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}},
              {{"type":"Feature","properties":{{"faction":"rebels","name":{name}}},
                "geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}]}}"#,
            coords.join(",")
        );
        let _ = import::read_layer("fuzz.geojson", geojson.as_bytes(), &opts, &r.gazetteer, &r.factions);
        let _ = import::read_layer("fuzz.geojson", t.as_bytes(), &opts, &r.gazetteer, &r.factions);
        let csv = format!("name,faction,lon,lat,date\n{t},government,{lon},{lat},2016-02-01\n\"{t}\",rebels,,,\n");
        let _ = import::read_layer("fuzz.csv", csv.as_bytes(), &opts, &r.gazetteer, &r.factions);
        let _ = import::read_layer("fuzz.csv", t.as_bytes(), &opts, &r.gazetteer, &r.factions);
    }

    #[test]
    fn api_json_bodies_are_values_or_clean_errors(t in text(), cut in any::<prop::sample::Index>()) {
        let body = serde_json::json!({"text": t, "date": "2016-02-03", "source": t}).to_string();
        let v: serde_json::Value = frontline::server::body::parse_json(body.as_bytes()).expect("valid JSON parses");
        prop_assert_eq!(v["text"].as_str(), Some(t.as_str()));
        // Truncated anywhere (even mid-character): an error with a message, never a panic.
        let at = cut.index(body.len());
        if let Err(e) = frontline::server::body::parse_json::<serde_json::Value>(&body.as_bytes()[..at]) {
            prop_assert!(e.status.is_client_error());
            prop_assert!(!e.message.is_empty());
        }
        let _ = frontline::server::body::parse_json::<serde_json::Value>(t.as_bytes());
    }
}

#[test]
fn every_corpus_text_analyses_cleanly() {
    for t in corpus() {
        let report = Report::parse_text("corpus.txt", t.clone())
            .unwrap_or_else(|_| Report::from_body(t.clone(), None));
        analyse_and_check(&report);
    }
}
