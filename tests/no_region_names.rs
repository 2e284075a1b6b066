//! A region is data, not code: no place or faction name of any region pack under
//! `geodata/` may appear in a string literal of the library or binary (`src/`).
//!
//! What is checked: every string literal (plain, byte and raw) of `src/**/*.rs` outside
//! comments and `#[cfg(test)]` code (inline `mod tests { … }` blocks and the files of
//! `#[cfg(test)] mod x;` declarations). Literals that are pack file paths or file names
//! (`"../../geodata/…"`, `"10-…-city.txt"`) and bare pack folder names are references to
//! data, not knowledge, and are skipped.
//!
//! What counts as a name: the names and aliases (Latin letters, four or more) of every
//! pack's countries, first-level divisions, regions, rivers, lakes, borders, cities, towns
//! and places of 10,000 people or more, and every faction id, alias, name, weak name and
//! held adjective of its `factions.toml`. Matching is case-insensitive on whole words
//! ("kurdish" in a word list counts; "Homsville" would not).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
#[path = "support/rust_literals.rs"]
mod rust_literals;
use rust_literals::{literals, rust_files, test_only_files};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Names allowed to remain in `src/` (file, name as matched, lower case). The test
/// fails when one of these no longer occurs, so the list can only shrink; the claims
/// work moved the last one ("kurdish" in `claims/extract/patterns.rs`) into the pack.
const KNOWN_OFFENDERS: &[(&str, &str)] = &[];

fn pack_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("geodata"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("places.jsonl").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn latin_name(n: &str) -> bool {
    n.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 4
        && n.chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'))
}

/// Every region name of every pack, lower case.
fn region_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for dir in pack_dirs() {
        let places = std::fs::read_to_string(dir.join("places.jsonl")).unwrap();
        for line in places.lines().filter(|l| !l.trim().is_empty()) {
            let p: serde_json::Value = serde_json::from_str(line).unwrap();
            let kind = p["kind"].as_str().unwrap();
            let big = matches!(
                kind,
                "country"
                    | "governorate"
                    | "region"
                    | "river"
                    | "lake"
                    | "border"
                    | "city"
                    | "town"
            ) || p["population"].as_u64().unwrap_or(0) >= 10_000;
            if !big {
                continue;
            }
            let aliases = p["aliases"].as_array().unwrap();
            for n in std::iter::once(&p["name"]).chain(aliases) {
                let n = n.as_str().unwrap();
                if latin_name(n) {
                    names.insert(n.to_lowercase());
                }
            }
        }
        let factions: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("factions.toml")).unwrap()).unwrap();
        // Faction words include plain English ("rebels", "the army", "government");
        // only proper names count: phrases with a capital letter, and ids or aliases
        // that some phrase writes capitalised and none in lower case ("sdf" for "SDF",
        // "kurds" for "Kurds").
        let mut capitalised = BTreeSet::new();
        // A word some phrase also writes in lower case is plain English even where a
        // proper name capitalises it ("government" beside "Government of Syria").
        let mut lowercase = BTreeSet::new();
        let mut keys = Vec::new();
        for f in factions["faction"].as_array().unwrap() {
            let f = f.as_table().unwrap();
            keys.push(f["id"].as_str().unwrap().to_lowercase());
            for key in ["aliases", "names", "weak_names", "held_adjectives"] {
                for n in f.get(key).and_then(|v| v.as_array()).into_iter().flatten() {
                    let n = n.as_str().unwrap();
                    if key == "aliases" {
                        keys.push(n.to_lowercase());
                        continue;
                    }
                    for w in n.split(|c: char| !c.is_ascii_alphabetic()) {
                        if w.starts_with(|c: char| c.is_ascii_uppercase()) {
                            capitalised.insert(w.to_lowercase());
                        } else if !w.is_empty() {
                            lowercase.insert(w.to_string());
                        }
                    }
                    let proper = n.chars().any(|c| c.is_ascii_uppercase());
                    if proper && n.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3 {
                        names.insert(n.to_lowercase());
                    }
                }
            }
        }
        names.extend(
            keys.into_iter()
                .filter(|k| k.len() >= 3 && capitalised.contains(k) && !lowercase.contains(k)),
        );
    }
    names
}

/// A literal that refers to pack data rather than holding region knowledge.
fn is_data_reference(lit: &str, packs: &[String]) -> bool {
    let data_ext = [".txt", ".geojson", ".jsonl", ".json", ".toml", ".csv"];
    lit.contains("geodata/")
        || data_ext.iter().any(|e| lit.ends_with(e)) && !lit.contains(' ')
        || packs.iter().any(|p| p == lit)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// (file relative to the crate, line, matched name) of every region name in `src/`.
fn offenders() -> Vec<(String, usize, String)> {
    let names: Vec<String> = region_names().into_iter().collect();
    assert!(
        names.len() > 1000,
        "too few names read from the packs: {}",
        names.len()
    );
    let ac: AhoCorasick = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)
        .unwrap();
    let packs: Vec<String> = pack_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    files.sort();
    let test_files = test_only_files(&files);
    let mut out = Vec::new();
    for f in files.iter().filter(|f| !test_files.contains(*f)) {
        let rel = f.strip_prefix(ROOT).unwrap().to_string_lossy().into_owned();
        for lit in literals(&std::fs::read_to_string(f).unwrap()) {
            if is_data_reference(&lit.text, &packs) {
                continue;
            }
            let t = lit.text.as_bytes();
            for m in ac.find_iter(&lit.text) {
                let (s, e) = (m.start(), m.end());
                let bounded =
                    (s == 0 || !is_word_byte(t[s - 1])) && (e == t.len() || !is_word_byte(t[e]));
                if bounded {
                    out.push((rel.clone(), lit.line, lit.text[s..e].to_lowercase()));
                }
            }
        }
    }
    out
}

#[test]
fn no_place_or_faction_name_of_any_pack_in_src() {
    rust_literals::assert_only_known(
        &offenders(),
        KNOWN_OFFENDERS,
        "region names",
        "move them to geodata/<region>/ or geodata/lang/",
    );
}

#[test]
fn the_scanner_sees_literals_and_skips_comments_and_test_code() {
    let src = r##"
        // "Aleppo" in a comment
        /* "Bakhmut" in a block comment */
        const A: &str = "held by the Nusra Front";
        const B: &str = r#"near Kharkiv"#;
        const C: char = '"';
        const D: &str = "after a char literal";
        #[cfg(test)]
        mod tests {
            const E: &str = "Idlib";
        }
        const F: &str = "after the test module";
    "##;
    let lits: Vec<String> = literals(src).into_iter().map(|l| l.text).collect();
    assert_eq!(
        lits,
        [
            "held by the Nusra Front",
            "near Kharkiv",
            "after a char literal",
            "after the test module"
        ]
    );
    let names = region_names();
    for n in [
        "aleppo",
        "kharkiv",
        "bakhmut",
        "nusra front",
        "wagner",
        "sdf",
    ] {
        assert!(names.contains(n), "{n} not among the pack names");
    }
}
