//! Transliteration is data, not code: the spelling rules of
//! `geodata/lang/en-transliteration.toml` (the spellings respelt, such as Kfar, the
//! letters of another script it unifies, its article prefixes, the articles al-/el-)
//! may not come back into `src/` as literals, outside comments and test code.
//!
//! The articles are checked as whole literals (`"al"`, `"El-"`), the respellings as
//! words inside any literal, and the other script's letters and prefixes anywhere in
//! the code (they are char literals as often as strings). Sun-letter articles ("as",
//! "at", "an") are also English words, so a literal holding one alone proves nothing;
//! they are not checked here.

#[path = "support/rust_literals.rs"]
mod rust_literals;
use rust_literals::{literals, rust_files, test_only_files};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Literals allowed to remain (file, literal lower-cased and trimmed of ' ' and '-'):
/// article spellings outside the geoparser's folding that still hold the list
/// themselves. The test fails when one no longer occurs, so the list only shrinks.
const KNOWN_OFFENDERS: &[(&str, &str)] = &[
    ("src/cli/eval.rs", "al"),
    ("src/cli/eval.rs", "el"),
    ("src/import/mod.rs", "al"),
    ("src/import/mod.rs", "el"),
];

#[derive(serde::Deserialize)]
struct Rules {
    articles: Vec<String>,
    respell: Vec<(String, String)>,
    script_letters: Vec<(String, String)>,
    script_prefixes: Vec<String>,
}

fn rules() -> Rules {
    let text =
        std::fs::read_to_string(Path::new(ROOT).join("geodata/lang/en-transliteration.toml"))
            .unwrap();
    // the other keys belong to the geoparser; only these are checked here
    let table: toml::Table = toml::from_str(&text).unwrap();
    let keep: toml::Table = table
        .into_iter()
        .filter(|(k, _)| {
            ["articles", "respell", "script_letters", "script_prefixes"].contains(&k.as_str())
        })
        .collect();
    toml::Value::Table(keep).try_into().unwrap()
}

/// (file, line, what) of every rule spelling in `src/` outside comments and tests.
fn offenders() -> Vec<(String, usize, String)> {
    let r = rules();
    let words: Vec<String> = r.respell.iter().map(|(a, _)| a.to_lowercase()).collect();
    let script: Vec<&str> = r
        .script_letters
        .iter()
        .map(|(a, _)| a.as_str())
        .chain(r.script_prefixes.iter().map(String::as_str))
        .collect();
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    files.sort();
    let test_files = test_only_files(&files);
    let mut out = Vec::new();
    for f in files.iter().filter(|f| !test_files.contains(*f)) {
        let rel = f.strip_prefix(ROOT).unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(f).unwrap();
        for lit in literals(&src) {
            // file names and paths of pack data are references, not rules
            if lit.text.contains("geodata/") || lit.text.ends_with(".txt") {
                continue;
            }
            let l = lit.text.to_lowercase();
            let whole = l.trim_matches([' ', '-']);
            if r.articles.iter().any(|a| a.to_lowercase() == whole) {
                out.push((rel.clone(), lit.line, whole.to_string()));
            }
            for w in l.split(|c: char| !c.is_alphanumeric()) {
                if words.iter().any(|x| x == w) {
                    out.push((rel.clone(), lit.line, w.to_string()));
                }
            }
        }
        // Code before the inline test module, comments cut off.
        let code = src.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for s in &script {
                if line.contains(s) {
                    out.push((rel.clone(), n + 1, s.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn no_transliteration_rule_in_src() {
    rust_literals::assert_only_known(
        &offenders(),
        KNOWN_OFFENDERS,
        "transliteration rules",
        "move them to geodata/lang/en-transliteration.toml",
    );
}

#[test]
fn the_rules_file_names_what_this_test_checks() {
    let r = rules();
    assert!(r.articles.iter().any(|a| a == "al"));
    assert!(r.respell.iter().any(|(a, _)| a == "kfar"));
    assert!(!r.script_letters.is_empty() && !r.script_prefixes.is_empty());
}
