//! Prepares the geoparser's name tables of every region pack under `geodata/` (a
//! folder with `places.jsonl` and `region.toml`), so that a pack compiled into the
//! binary starts without folding its ~100k names again: `$OUT_DIR/names-<pack>.bin`,
//! and its place records in a byte form faster to read than JSON:
//! `$OUT_DIR/places-<pack>.bin`; both embedded by `src/gazetteer/pack.rs`. The tables are built by the same code the
//! binary uses for a pack folder (`src/geoparse/tables.rs`, compiled in here), from the
//! same files, so prepared and load-time tables are equal (`tests/gazetteer_prepared.rs`).

// The shared files refer to `crate::gazetteer` and `super::fold`: both resolve here to
// the modules below, at the crate root like the files' own parents.
#[allow(dead_code)]
#[path = "src/geoparse/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/gazetteer/kind.rs"]
mod kind;
#[allow(dead_code)]
#[path = "src/gazetteer/record.rs"]
mod record;
#[allow(dead_code)]
#[path = "src/geoparse/tables.rs"]
mod tables;

mod gazetteer {
    pub use crate::kind::PlaceKind;
    pub type PlaceIdx = u32;
}

use gazetteer::PlaceKind;
use record::{records_to_bytes, PlaceRecord};
use std::path::{Path, PathBuf};
use tables::{LangNames, NameSource};

#[derive(serde::Deserialize)]
struct RegionToml {
    country: String,
}

/// The language file's names that are not places.
#[derive(serde::Deserialize)]
struct LangToml {
    demonyms: Vec<(String, String)>,
    country_aliases: Vec<(String, String)>,
}

fn read(path: &Path) -> String {
    println!("cargo:rerun-if-changed={}", path.display());
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn main() {
    for f in [
        "build.rs",
        "src/geoparse/tables.rs",
        "src/geoparse/fold.rs",
        "src/gazetteer/kind.rs",
        "src/gazetteer/record.rs",
        "geodata",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let lang_path = Path::new("geodata/lang/en-geoparse.toml");
    let lang: LangToml =
        toml::from_str(&read(lang_path)).unwrap_or_else(|e| panic!("{}: {e}", lang_path.display()));
    let mut packs: Vec<PathBuf> = std::fs::read_dir("geodata")
        .expect("geodata/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("places.jsonl").is_file() && p.join("region.toml").is_file())
        .collect();
    packs.sort();
    for dir in packs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("pack names are UTF-8");
        let region_path = dir.join("region.toml");
        let region: RegionToml = toml::from_str(&read(&region_path))
            .unwrap_or_else(|e| panic!("{}: {e}", region_path.display()));
        let places_path = dir.join("places.jsonl");
        let text = read(&places_path);
        // Every non-blank line is a place, in the order the gazetteer numbers them.
        let records: Vec<PlaceRecord> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                let r: PlaceRecord = serde_json::from_str(l).unwrap_or_else(|e| {
                    panic!("{}:{}: bad place record: {e}", places_path.display(), n + 1)
                });
                if !(-180.0..=180.0).contains(&r.lon) || !(-90.0..=90.0).contains(&r.lat) {
                    panic!(
                        "{}:{}: coordinates out of range: lon {} lat {}",
                        places_path.display(),
                        n + 1,
                        r.lon,
                        r.lat
                    );
                }
                r
            })
            .collect();
        let sources: Vec<NameSource> = records
            .iter()
            .map(|r| NameSource {
                names: std::iter::once(r.name.as_str())
                    .chain(r.aliases.iter().map(String::as_str))
                    .collect(),
                kind: r.kind,
                country: &r.country,
                importance: r.importance,
            })
            .collect();
        let t = tables::build(
            &sources,
            &region.country,
            &LangNames {
                country_aliases: &lang.country_aliases,
                demonyms: &lang.demonyms,
            },
        );
        for (file, bytes) in [
            (format!("names-{name}.bin"), t.to_bytes()),
            (format!("places-{name}.bin"), records_to_bytes(&records)),
        ] {
            let out = out_dir.join(file);
            std::fs::write(&out, bytes)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
        }
    }
}
