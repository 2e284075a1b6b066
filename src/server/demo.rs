//! The demo set loaded on the first start of an empty store, so a newcomer
//! sees a living map of the whole country: reports written for this project in
//! the style of wire copy (`geodata/syria/demo/*.txt`, compiled into the
//! binary) — a week of northern Aleppo (1–7 February 2016), the fall of eastern
//! Aleppo, and the campaigns of late 2017 and 2018 — on top of the pack's
//! baselines when it has them: the illustrative Aleppo front of 1 February
//! 2016 and the country-wide map of mid-July 2017 derived from Wikipedia's
//! control snapshot (`baselines/syria-2017-07-15.geojson`, CC BY-SA, built by
//! `scripts/build_snapshot_baseline.py`).

use crate::import::{self, ImportOptions};
use crate::pipeline;
use crate::region::Region;
use crate::report::Report;
use crate::store::Store;
use std::path::Path;

/// The demo reports: (file name, text with a date/source/title header).
pub const REPORTS: &[(&str, &str)] = &[
    (
        "01-offensive-launched.txt",
        include_str!("../../geodata/syria/demo/01-offensive-launched.txt"),
    ),
    (
        "02-duwayr-al-zaytun.txt",
        include_str!("../../geodata/syria/demo/02-duwayr-al-zaytun.txt"),
    ),
    (
        "03-hardatnin-falls.txt",
        include_str!("../../geodata/syria/demo/03-hardatnin-falls.txt"),
    ),
    (
        "04-siege-broken.txt",
        include_str!("../../geodata/syria/demo/04-siege-broken.txt"),
    ),
    (
        "05-ratyan-counterattack.txt",
        include_str!("../../geodata/syria/demo/05-ratyan-counterattack.txt"),
    ),
    (
        "06-flight-to-border.txt",
        include_str!("../../geodata/syria/demo/06-flight-to-border.txt"),
    ),
    (
        "07-kafr-naya.txt",
        include_str!("../../geodata/syria/demo/07-kafr-naya.txt"),
    ),
    (
        "08-kurdish-advance.txt",
        include_str!("../../geodata/syria/demo/08-kurdish-advance.txt"),
    ),
    (
        "09-tal-rifaat.txt",
        include_str!("../../geodata/syria/demo/09-tal-rifaat.txt"),
    ),
    (
        "10-aleppo-city.txt",
        include_str!("../../geodata/syria/demo/10-aleppo-city.txt"),
    ),
    (
        "11-aleppo-east-retaken.txt",
        include_str!("../../geodata/syria/demo/11-aleppo-east-retaken.txt"),
    ),
    (
        "12-sukhnah.txt",
        include_str!("../../geodata/syria/demo/12-sukhnah.txt"),
    ),
    (
        "13-deir-ez-zor.txt",
        include_str!("../../geodata/syria/demo/13-deir-ez-zor.txt"),
    ),
    (
        "14-mayadin.txt",
        include_str!("../../geodata/syria/demo/14-mayadin.txt"),
    ),
    (
        "15-raqqa.txt",
        include_str!("../../geodata/syria/demo/15-raqqa.txt"),
    ),
    (
        "16-albu-kamal.txt",
        include_str!("../../geodata/syria/demo/16-albu-kamal.txt"),
    ),
    (
        "17-afrin.txt",
        include_str!("../../geodata/syria/demo/17-afrin.txt"),
    ),
    (
        "18-douma.txt",
        include_str!("../../geodata/syria/demo/18-douma.txt"),
    ),
];

/// The baseline layers the demo starts from, relative to the region pack, oldest first.
pub const BASELINES: &[&str] = &[
    "baselines/aleppo-2016-02-01.geojson",
    "baselines/syria-2017-07-15.geojson",
];

/// The bundled pack's copies of [`BASELINES`], in the same order.
const BUNDLED_BASELINES: &[&str] = &[
    include_str!("../../geodata/syria/baselines/aleppo-2016-02-01.geojson"),
    include_str!("../../geodata/syria/baselines/syria-2017-07-15.geojson"),
];

/// What loading the demo stored.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DemoSummary {
    pub reports: usize,
    pub claims: usize,
    pub baseline_claims: usize,
    /// Baseline rows skipped, with their feature numbers.
    pub skipped: Vec<String>,
}

/// Why the demo could not be loaded (a broken pack file, a store failure).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DemoError(pub String);

/// Loads the demo into `store`. `pack_dir` is the region pack folder to take
/// the baseline and, when it has a `demo/` folder, the reports from (the bundled
/// pack when `None`); a pack without the baseline file just loads the reports.
pub fn load(
    region: &Region,
    store: &dyn Store,
    pack_dir: Option<&Path>,
) -> Result<DemoSummary, DemoError> {
    let mut summary = DemoSummary::default();
    for (i, rel) in BASELINES.iter().enumerate() {
        let name = Path::new(rel)
            .file_name()
            .map_or_else(|| rel.to_string(), |n| n.to_string_lossy().into_owned());
        let layer: Option<Vec<u8>> = match pack_dir {
            None => Some(BUNDLED_BASELINES[i].as_bytes().to_vec()),
            Some(dir) => {
                let path = dir.join(rel);
                if path.is_file() {
                    Some(
                        std::fs::read(&path)
                            .map_err(|e| DemoError(format!("{}: {e}", path.display())))?,
                    )
                } else {
                    None
                }
            }
        };
        let Some(bytes) = layer else { continue };
        let (claims, skipped) = import::read_layer(
            &name,
            &bytes,
            &ImportOptions::default(),
            &region.gazetteer,
            &region.factions,
        )
        .map_err(|e| DemoError(format!("demo baseline: {e}")))?;
        store
            .add_baseline(&name, &claims)
            .map_err(|e| DemoError(e.to_string()))?;
        summary.baseline_claims += claims.len();
        summary
            .skipped
            .extend(skipped.iter().map(ToString::to_string));
    }
    let mut reports = Vec::with_capacity(REPORTS.len());
    // A pack folder with its own `demo/*.txt` (another region) brings its own reports;
    // otherwise the compiled-in ones.
    let pack_demo = pack_dir.map(|d| d.join("demo")).filter(|d| d.is_dir());
    let texts: Vec<(String, String)> = match pack_demo {
        Some(demo) => {
            let mut files: Vec<_> = std::fs::read_dir(&demo)
                .map_err(|e| DemoError(format!("{}: {e}", demo.display())))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            files.sort();
            let mut out = Vec::with_capacity(files.len());
            for f in files {
                let text = std::fs::read_to_string(&f)
                    .map_err(|e| DemoError(format!("{}: {e}", f.display())))?;
                let name = f
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                out.push((name, text));
            }
            out
        }
        None => REPORTS
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
    };
    for (name, text) in texts {
        let r = Report::parse_text(&format!("demo/{name}"), text)
            .map_err(|e| DemoError(e.to_string()))?;
        reports.push(r);
    }
    // Oldest first, so each report's vague references resolve against the days before it.
    reports.sort_by_key(|r| r.date);
    for r in &reports {
        let (_, a) = pipeline::store_report(region, store, r, || {
            pipeline::timeline(region, store).map(std::sync::Arc::new)
        })
        .map_err(|e| DemoError(e.to_string()))?;
        summary.reports += 1;
        summary.claims += a.claims.len();
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_report_has_a_date_a_source_and_a_title() {
        let first = chrono::NaiveDate::from_ymd_opt(2016, 2, 1).unwrap();
        let mut after_country_baseline = 0;
        for (name, text) in REPORTS {
            let r = Report::parse_text(name, text.to_string()).unwrap();
            let d = r.date.unwrap_or_else(|| panic!("{name}: no date"));
            assert!(d >= first, "{name}: {d}");
            if d > chrono::NaiveDate::from_ymd_opt(2017, 7, 15).unwrap() {
                after_country_baseline += 1;
            }
            assert!(r.source.is_some() && r.title.is_some(), "{name}");
            assert!(r.body().len() > 200, "{name}: too short to be a report");
        }
        // the first view shows change on top of the country-wide map
        assert!(after_country_baseline >= 5, "{after_country_baseline}");
    }

    #[test]
    fn demo_loads_into_an_empty_store() {
        let region = Region::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::sqlite::SqliteStore::open(&dir.path().join("d.sqlite")).unwrap();
        let s = load(&region, &store, None).unwrap();
        assert_eq!(s.reports, REPORTS.len());
        assert_eq!(store.report_count().unwrap(), REPORTS.len());
        assert!(s.baseline_claims > 0, "the bundled baseline is imported");
        assert_eq!(store.baselines().unwrap().len(), BASELINES.len());
        assert_eq!(store.claims().unwrap().len(), s.claims + s.baseline_claims);
    }
}
