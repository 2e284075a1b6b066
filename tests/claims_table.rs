//! Claim extraction as data: every row of `tests/claims/*.tsv` is a short
//! report (sentences written for these tests, in the style of wire copy) and
//! the claims it must give, as `place/faction/relation` triples joined by
//! `; ` (or `-` for none). The bundled region runs on each row, so the rows
//! test the real gazetteer, geoparser, factions and language file together;
//! a table named `<name>.<region>.tsv` (`en.ukraine.tsv`) runs on that
//! bundled region instead of the first one.
//!
//! Lines starting with `#` name the construction the rows below exercise.
//! `UPDATE_EXPECT=1 cargo test --test claims_table` rewrites the expectation
//! column with what the extractor gives now; review the diff before
//! committing it.

use frontline::report::{parse_date, Report};
use frontline::Region;
use std::path::Path;

/// The claims of `text` as sorted `place/faction/relation` triples.
fn triples(region: &Region, text: &str) -> String {
    let report = Report::from_body(text, parse_date("2016-06-01"));
    let mut got: Vec<String> = region
        .analyse(&report)
        .claims
        .iter()
        .filter(|c| c.place_id.is_some())
        .map(|c| format!("{}/{}/{}", c.name, c.faction, c.relation.as_str()))
        .collect();
    got.sort();
    got.dedup();
    if got.is_empty() {
        "-".to_string()
    } else {
        got.join("; ")
    }
}

#[test]
fn every_row_of_the_sentence_tables_gives_its_claims() {
    let default = Region::bundled().expect("bundled region loads");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/claims");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/claims exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tables in {}", dir.display());
    let mut failures = Vec::new();
    let mut rows = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // "en.ukraine.tsv": the region between the language and the extension.
        let named = file
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.split_once('.'))
            .map(|(_, r)| Region::bundled_named(r).expect("the table's region is bundled"));
        let region = named.as_ref().unwrap_or(&default);
        let mut rewritten = String::new();
        for (n, line) in text.lines().enumerate() {
            let Some((sentence, want)) = line.split_once('\t').filter(|_| !line.starts_with('#'))
            else {
                rewritten.push_str(line);
                rewritten.push('\n');
                continue;
            };
            rows += 1;
            let got = triples(region, sentence);
            if got != want.trim() {
                failures.push(format!(
                    "{}:{}: {sentence}\n    want {}\n    got  {got}",
                    file.display(),
                    n + 1,
                    want.trim()
                ));
            }
            rewritten.push_str(&format!("{sentence}\t{got}\n"));
        }
        if update {
            std::fs::write(&file, rewritten).unwrap();
        }
    }
    assert!(rows > 0, "the tables have no rows");
    assert!(
        update || failures.is_empty(),
        "{} of {rows} rows differ (UPDATE_EXPECT=1 rewrites them after review):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
