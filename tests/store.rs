//! One store suite for every backend: each case below runs against a fresh
//! SQLite file and a fresh PostgreSQL schema (a throwaway cluster the test
//! support starts), through `frontline::store::open` as the binary does.

mod support;

use frontline::claims::Claim;
use frontline::report::Report;
use frontline::store::copy;
use support::{Backend, DataSet};

/// Built from JSON so the suite keeps compiling as `Claim` gains defaulted fields.
fn claim(place: &str, faction: &str, date: &str, quote: &str) -> Claim {
    serde_json::from_value(serde_json::json!({
        "place_id": place, "name": place, "lon": 37.1, "lat": 36.4,
        "faction": faction, "relation": "captured", "counterpart": "opposition",
        "date": date, "confidence": 0.8, "quote": quote, "start": 0, "end": quote.len(),
    }))
    .unwrap()
}

fn report(text: &str, date: &str) -> Report {
    let mut r = Report::from_body(text, frontline::report::parse_date(date));
    r.source = Some("wire".into());
    r.title = Some("Title".into());
    r
}

/// Instantiates every case for one backend, in a module named after it.
macro_rules! suite {
    ($module:ident, $backend:ident, $($case:ident),* $(,)?) => {
        mod $module {
            $(
                #[test]
                fn $case() {
                    super::$case(super::Backend::$backend);
                }
            )*
        }
    };
}

fn reports_and_claims_survive_reopening(b: Backend) {
    let ds = DataSet::new(b);
    let id = {
        let s = ds.open();
        assert!(s.is_empty().unwrap());
        let c = claim(
            "geonames:1",
            "government",
            "2016-02-03",
            "Troops took Nubl — نبل.",
        );
        s.add_report(&report("Troops took Nubl — نبل.", "2016-02-03"), &[c])
            .unwrap()
    };
    let s = ds.open();
    assert_eq!(s.report_count().unwrap(), 1);
    let r = s.report(&id).unwrap().expect("report is still there");
    assert_eq!(r.report.text, "Troops took Nubl — نبل.");
    assert_eq!(r.report.source.as_deref(), Some("wire"));
    assert_eq!(r.report.title.as_deref(), Some("Title"));
    assert_eq!(r.report.date, frontline::report::parse_date("2016-02-03"));
    assert_eq!(r.claims.len(), 1);
    assert_eq!(r.claims[0].report_id.as_deref(), Some(id.as_str()));
    assert_eq!(&*r.claims[0].quote, "Troops took Nubl — نبل.");
    assert_eq!((r.claims[0].lon, r.claims[0].lat), (Some(37.1), Some(36.4)));
    // The report's source becomes the claim's evidence source.
    assert_eq!(r.claims[0].source.as_deref(), Some("wire"));
    assert!(r.created_at.starts_with("20"), "{}", r.created_at);
    assert!(!s.is_empty().unwrap());
}

fn generation_bumps_on_every_write_and_persists(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    let g0 = s.generation().unwrap();
    s.add_report(&report("a", "2016-02-01"), &[]).unwrap();
    let g1 = s.generation().unwrap();
    s.add_baseline("layer.geojson", &[claim("x", "sdf", "2016-02-01", "q")])
        .unwrap();
    let g2 = s.generation().unwrap();
    assert!(g0 < g1 && g1 < g2, "{g0} {g1} {g2}");
    drop(s);
    assert_eq!(ds.open().generation().unwrap(), g2);
}

fn a_write_through_another_connection_is_noticed_within_a_second(b: Backend) {
    let ds = DataSet::new(b);
    let server = ds.open();
    let g0 = server.generation().unwrap();
    // Stands in for `frontline ingest` or a second server.
    let other = ds.open();
    other.add_report(&report("b", "2016-02-01"), &[]).unwrap();
    let t = std::time::Instant::now();
    while server.generation().unwrap() == g0 {
        assert!(
            t.elapsed() < std::time::Duration::from_secs(1),
            "the other connection's write was not noticed within a second"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn a_failed_write_stores_nothing(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    let good = claim("p", "government", "2016-02-02", "ok");
    let mut bad = claim("q", "government", "2016-02-02", "bad");
    bad.confidence = f32::NAN;
    let g = s.generation().unwrap();
    assert!(s
        .add_report(&report("text", "2016-02-02"), &[good.clone(), bad.clone()])
        .is_err());
    assert!(s.add_baseline("b", &[good, bad]).is_err());
    assert!(s.add_baseline("  ", &[]).is_err());
    assert_eq!(s.report_count().unwrap(), 0);
    assert!(s.claims().unwrap().is_empty());
    assert!(s.baselines().unwrap().is_empty());
    assert_eq!(s.generation().unwrap(), g);
}

fn claims_are_date_ordered_and_baselines_are_their_own_source(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    let mut undated = claim("u", "sdf", "2016-02-01", "undated");
    undated.date = None;
    undated.lon = None;
    undated.lat = None;
    undated.place_id = None;
    s.add_report(
        &report("later", "2016-02-05"),
        &[claim("p", "government", "2016-02-05", "later"), undated],
    )
    .unwrap();
    let bl = s
        .add_baseline(
            "aleppo.geojson",
            &[claim("p", "opposition", "2016-02-01", "baseline")],
        )
        .unwrap();
    let all = s.claims().unwrap();
    assert_eq!(
        all.iter().map(|c| &*c.quote).collect::<Vec<_>>(),
        ["undated", "baseline", "later"]
    );
    assert_eq!(all[1].report_id.as_deref(), Some(bl.as_str()));
    assert_eq!(all[1].source.as_deref(), Some("aleppo.geojson"));
    assert_eq!(all[0].lon, None);
    assert_eq!(s.claims_for_place("p").unwrap().len(), 2);
    assert!(s.claims_for_place("other").unwrap().is_empty());
    assert_eq!(s.baseline_claims(&bl).unwrap().len(), 1);
    assert!(s.baseline_claims("baseline:999").unwrap().is_empty());
    let listed = s.baselines().unwrap();
    assert_eq!(
        (listed.len(), listed[0].claims, listed[0].name.as_str()),
        (1, 1, "aleppo.geojson")
    );
}

fn paging_is_newest_first(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    for i in 0..5 {
        s.add_report(&report(&format!("r{i}"), "2016-02-01"), &[])
            .unwrap();
    }
    let page: Vec<String> = s
        .reports(2, 1)
        .unwrap()
        .into_iter()
        .map(|r| r.report.text)
        .collect();
    assert_eq!(page, ["r3", "r2"]);
    assert!(s.reports(10, 10).unwrap().is_empty());
    assert!(s.report("nope").unwrap().is_none());
    assert!(s.report("999").unwrap().is_none());
}

fn concurrent_writers_lose_and_duplicate_nothing(b: Backend) {
    let ds = DataSet::new(b);
    ds.open(); // create the schema once, as a server would
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let s = ds.open();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let text = format!("writer {w} report {i}");
                    s.add_report(
                        &report(&text, "2016-02-01"),
                        &[claim(
                            &format!("p{w}-{i}"),
                            "government",
                            "2016-02-01",
                            &text,
                        )],
                    )
                    .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let s = ds.open();
    assert_eq!(s.report_count().unwrap(), 50);
    let mut texts: Vec<String> = s
        .reports(100, 0)
        .unwrap()
        .into_iter()
        .map(|r| r.report.text)
        .collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 50);
    assert_eq!(s.claims().unwrap().len(), 50);
}

fn a_newer_schema_is_refused(b: Backend) {
    let ds = DataSet::new(b);
    drop(ds.open());
    ds.set_schema_version(99);
    let e = frontline::store::open(&ds.spec).err().expect("must fail");
    assert!(e.to_string().contains("schema version 99"), "{e}");
    assert!(e.to_string().contains("upgrade frontline"), "{e}");
}

fn a_copy_to_either_backend_has_the_same_fingerprint(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    s.add_baseline(
        "north.geojson",
        &[
            claim("a", "opposition", "2016-01-01", "layer a"),
            claim("b", "sdf", "2016-01-01", "layer b"),
        ],
    )
    .unwrap();
    for i in 0..7 {
        let text = format!("Report {i}: troops took village {i}.");
        s.add_report(
            &report(&text, &format!("2016-02-0{}", i + 1)),
            &[claim(&format!("v{i}"), "government", "2016-02-01", &text)],
        )
        .unwrap();
    }
    let original = copy::fingerprint(s.as_ref()).unwrap();
    assert_eq!(
        (
            original.reports,
            original.report_claims,
            original.baselines,
            original.baseline_claims
        ),
        (7, 7, 1, 2)
    );
    for target in [Backend::Sqlite, Backend::Postgres] {
        let to = DataSet::new(target);
        let t = to.open();
        let mut seen = 0;
        copy::copy_all(s.as_ref(), t.as_ref(), |n| seen = n).unwrap();
        assert_eq!(seen, 7);
        assert_eq!(
            copy::fingerprint(t.as_ref()).unwrap(),
            original,
            "{target:?}"
        );
        // Newest first after the copy too.
        assert!(t.reports(1, 0).unwrap()[0]
            .report
            .text
            .starts_with("Report 6"));
        // A second copy into the now full target is refused, naming it.
        let e = copy::copy_all(s.as_ref(), t.as_ref(), |_| {})
            .err()
            .unwrap();
        assert!(e.to_string().contains("already holds 7 reports"), "{e}");
    }
    // A changed quote changes the checksum.
    let other = DataSet::new(b);
    let o = other.open();
    copy::copy_all(s.as_ref(), o.as_ref(), |_| {}).unwrap();
    o.add_report(&report("one more", "2016-03-01"), &[])
        .unwrap();
    assert_ne!(
        copy::fingerprint(o.as_ref()).unwrap().checksum,
        original.checksum
    );
}

/// A data set records its region on first use and refuses another; a copy
/// carries it, so a migrated data set stays one region's.
fn the_region_is_recorded_refused_and_copied(b: Backend) {
    use frontline::store::{bind_region, StoreError, REGION_SETTING};
    let ds = DataSet::new(b);
    let s = ds.open();
    assert_eq!(s.setting(REGION_SETTING).unwrap(), None);
    let g = s.generation().unwrap();
    bind_region(s.as_ref(), "Syria").unwrap();
    bind_region(s.as_ref(), "Syria").unwrap();
    assert_eq!(s.generation().unwrap(), g, "not a map write");
    s.add_report(&report("Troops took a village.", "2016-02-01"), &[])
        .unwrap();
    let e = bind_region(ds.open().as_ref(), "Ukraine").unwrap_err();
    assert!(matches!(e, StoreError::WrongRegion { .. }), "{e}");
    assert!(e.to_string().contains("holds Syria data"), "{e}");
    for target in [Backend::Sqlite, Backend::Postgres] {
        let to = DataSet::new(target);
        let t = to.open();
        copy::copy_all(s.as_ref(), t.as_ref(), |_| {}).unwrap();
        assert_eq!(
            t.setting(REGION_SETTING).unwrap().as_deref(),
            Some("Syria"),
            "{b:?} -> {target:?}"
        );
    }
}

/// Wire-style reports (our own sentences) about a few places, in the order
/// they are posted: later ones back-dated, several on one date, one place
/// changing hands back and forth.
const POSTED: &[(&str, &str)] = &[
    ("2016-02-03", "Syrian government forces captured Nubl and Zahraa on Wednesday, breaking a rebel siege, a monitoring group said."),
    ("2016-02-08", "Rebel fighters recaptured Tal Rifaat after overnight clashes, activists said."),
    ("2016-01-20", "Kurdish-led fighters took control of Menagh airbase, a monitoring group said."),
    ("2016-02-08", "Government troops entered Tal Rifaat on Monday, state media said."),
    ("2016-02-05", "Islamic State militants seized the village of Hardatnin north of Aleppo."),
    ("2016-02-15", "Kurdish-led fighters captured Tal Rifaat from rebels, the Observatory said."),
    ("2016-01-02", "Rebels took control of Nubl, a monitoring group said."),
    ("2016-02-15", "Syrian troops withdrew from Hardatnin after days of fighting."),
];

/// An analyst's manual claim (opposition holds geonames:166331 on 2016-02-08,
/// "seen on the ground"), added as a correction.
fn add_field_report(s: &dyn frontline::store::Store) {
    use frontline::review::{Action, ManualClaim};
    let manual = ManualClaim {
        place_id: "geonames:166331".into(),
        faction: "opposition".into(),
        relation: frontline::claims::Relation::Holds,
        date: frontline::report::parse_date("2016-02-08").unwrap(),
        source: String::new(),
        quote: "seen on the ground".into(),
    };
    s.add_correction("analyst", "field report", &Action::Add { claim: manual })
        .unwrap();
}

/// The zones (and the control map) a cache serves for a few dates, as JSON.
fn maps(
    region: &frontline::Region,
    cache: &frontline::server::cache::ZoneCache,
    s: &dyn frontline::store::Store,
) -> Vec<String> {
    [
        None,
        Some("2016-02-04"),
        Some("2016-02-09"),
        Some("2016-03-01"),
    ]
    .into_iter()
    .map(|d| {
        let d = d.and_then(frontline::report::parse_date);
        let z = cache.zones(region, s, d).unwrap();
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&z.json),
            serde_json::to_string(&z.map).unwrap()
        )
    })
    .collect()
}

/// The incremental map (new reports folded into the state built before
/// them) equals a fresh server's full build after every write, in posting
/// order and in reverse order, with a baseline and an analyst's manual claim
/// (full rebuilds) in between.
fn the_map_after_each_write_equals_a_full_rebuild(b: Backend) {
    use frontline::server::cache::ZoneCache;
    let region = frontline::Region::bundled().unwrap();
    for order in [false, true] {
        let ds = DataSet::new(b);
        let s = ds.open();
        let cache = ZoneCache::new();
        let mut posted: Vec<(&str, &str)> = POSTED.to_vec();
        if order {
            posted.reverse();
        }
        let mut claims = 0;
        for (i, (date, text)) in posted.iter().enumerate() {
            let r = report(text, date);
            let (_, a) = frontline::pipeline::store_report(&region, s.as_ref(), &r, || {
                cache.timeline(&region, s.as_ref()).map(|(_, t)| t)
            })
            .unwrap();
            claims += a.claims.len();
            if i == 3 {
                s.add_baseline(
                    "front.geojson",
                    &[claim(
                        "geonames:166331",
                        "opposition",
                        "2016-02-01",
                        "baseline",
                    )],
                )
                .unwrap();
            }
            if i == 5 {
                add_field_report(s.as_ref());
            }
            let incremental = maps(&region, &cache, s.as_ref());
            let fresh = maps(&region, &ZoneCache::new(), s.as_ref());
            assert_eq!(
                incremental, fresh,
                "after report {i} ({date}), reversed: {order}"
            );
        }
        assert!(claims >= 8, "the reports gave claims: {claims}");
        let (full, folds) = cache.build_counts();
        assert!(
            folds >= 5,
            "new reports were folded in, not rebuilt: {full} full, {folds} folds"
        );
        assert!(
            full <= 4,
            "full rebuilds only for the first map, the baseline and the correction: {full}"
        );
        // One more report, about one place: the next map of each date fuses
        // that place again and reuses the states of the others.
        let r = report(
            "Kurdish-led fighters captured Tal Rifaat from rebels, the Observatory said.",
            "2016-02-20",
        );
        frontline::pipeline::store_report(&region, s.as_ref(), &r, || {
            cache.timeline(&region, s.as_ref()).map(|(_, t)| t)
        })
        .unwrap();
        assert_eq!(
            maps(&region, &cache, s.as_ref()),
            maps(&region, &ZoneCache::new(), s.as_ref())
        );
        let (fused, reused) = cache.fused_counts(None).unwrap();
        assert!(
            fused <= 2 && reused >= 3,
            "fused again {fused}, reused {reused}"
        );
    }
}

/// The claims a server keeps (compact records, strings shared) give back
/// every field of the claims as stored and reviewed — quotes, sources,
/// rules, the analyst's review — and a restarted server (a fresh timeline
/// from the store) gives the same claims and the same evidence as the one
/// that folded the reports in as they came.
fn evidence_and_quotes_survive_a_restart(b: Backend) {
    use frontline::server::cache::ZoneCache;
    let region = frontline::Region::bundled().unwrap();
    let ds = DataSet::new(b);
    let s = ds.open();
    let cache = ZoneCache::new();
    for (i, (date, text)) in POSTED.iter().enumerate() {
        frontline::pipeline::store_report(&region, s.as_ref(), &report(text, date), || {
            cache.timeline(&region, s.as_ref()).map(|(_, t)| t)
        })
        .unwrap();
        if i == 2 {
            add_field_report(s.as_ref());
        }
        // Keep the cache folding: draw a map after every write.
        cache.zones(&region, s.as_ref(), None).unwrap();
    }
    // Every claim as JSON, in one order (a fold keeps insertion order).
    let claims = |tl: &frontline::timeline::Timeline| {
        let mut v: Vec<String> = tl
            .claims()
            .iter()
            .map(|f| serde_json::to_string(&f.to_claim()).unwrap())
            .collect();
        v.sort();
        v
    };
    let (_, folded) = cache.timeline(&region, s.as_ref()).unwrap();
    let before_maps = maps(&region, &cache, s.as_ref());
    drop(s);
    let s = ds.open();
    let restarted = ZoneCache::new();
    let (_, fresh) = restarted.timeline(&region, s.as_ref()).unwrap();
    assert_eq!(claims(&folded), claims(&fresh));
    assert_eq!(before_maps, maps(&region, &restarted, s.as_ref()));
    // The stored claims, reviewed, are the ones kept (names aside: the map
    // shows the gazetteer's name of each place).
    let stored = frontline::pipeline::reviewed(&region, s.as_ref())
        .unwrap()
        .claims;
    let key = |c: &Claim| {
        let mut c = c.clone();
        c.name.clear();
        serde_json::to_string(&c).unwrap()
    };
    let mut want: Vec<String> = stored.iter().map(key).collect();
    let mut got: Vec<String> = fresh.claims().iter().map(|f| key(&f.to_claim())).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert!(got.iter().any(|c| c.contains("seen on the ground")));
    // And the map's evidence quotes each claim's sentence.
    let z = restarted.zones(&region, s.as_ref(), None).unwrap();
    let quotes: Vec<&str> = z
        .map
        .places
        .iter()
        .flat_map(|p| p.evidence.iter().map(|e| e.quote.as_str()))
        .collect();
    assert!(quotes.len() >= 4, "{quotes:?}");
    for q in quotes {
        assert!(stored.iter().any(|c| *c.quote == *q), "{q}");
    }
}

/// A report's mentions are stored with it (by place id) and read back
/// without a geoparse; a re-analysis clears them for the next read.
fn mentions_are_stored_with_the_report(b: Backend) {
    let region = frontline::Region::bundled().unwrap();
    let ds = DataSet::new(b);
    let s = ds.open();
    let r = report(POSTED[0].1, POSTED[0].0);
    let (id, a) =
        frontline::pipeline::store_report(&region, s.as_ref(), &r, || unreachable!()).unwrap();
    let stored = s.mentions(&id).unwrap().expect("mentions are stored");
    assert!(stored.contains("geonames:166331"), "{stored}");
    let back = frontline::store::mentions::decode(&stored, &r.text, &region.gazetteer).unwrap();
    assert_eq!(back.len(), a.mentions.len());
    for (x, y) in back.iter().zip(&a.mentions) {
        assert_eq!(
            (x.start, x.end, x.place, &x.text),
            (y.start, y.end, y.place, &y.text)
        );
        assert_eq!(x.role, y.role);
        assert_eq!(x.alternatives.len(), y.alternatives.len());
    }
    let g = s.generation().unwrap();
    s.set_mentions(&id, "{}").unwrap();
    assert_eq!(
        s.generation().unwrap(),
        g,
        "storing mentions is not a map write"
    );
    assert!(frontline::store::mentions::decode("{}", &r.text, &region.gazetteer).is_none());
    s.replace_claims(&[(id.clone(), a.claims.clone())], "another")
        .unwrap();
    assert_eq!(s.mentions(&id).unwrap(), None, "re-analysis clears them");
    assert_eq!(s.mentions("999").unwrap(), None);
}

/// A batch of reports is one write: ids in order, every claim kept with its
/// report, one generation.
fn a_batch_of_reports_is_one_write(b: Backend) {
    use frontline::store::NewReport;
    let ds = DataSet::new(b);
    let s = ds.open();
    let reports: Vec<_> = (0..5)
        .map(|i| report(&format!("report {i}"), "2016-02-02"))
        .collect();
    let claims: Vec<Vec<_>> = (0..5)
        .map(|i| {
            (0..i)
                .map(|k| claim(&format!("p{k}"), "sdf", "2016-02-02", &format!("r{i} c{k}")))
                .collect()
        })
        .collect();
    let batch: Vec<NewReport> = reports
        .iter()
        .zip(&claims)
        .map(|(r, c)| NewReport {
            report: r,
            claims: c,
            extractor: Some("x"),
            mentions: Some("m"),
        })
        .collect();
    let g = s.generation().unwrap();
    let ids = s.add_reports(&batch).unwrap();
    assert_eq!(s.generation().unwrap(), g + 1);
    assert_eq!(ids.len(), 5);
    for (i, id) in ids.iter().enumerate() {
        let r = s.report(id).unwrap().unwrap();
        assert_eq!(r.report.text, format!("report {i}"));
        assert_eq!(r.claims.len(), i);
        assert!(r
            .claims
            .iter()
            .all(|c| c.quote.starts_with(&format!("r{i} "))));
        assert_eq!(s.mentions(id).unwrap().as_deref(), Some("m"));
    }
    let since = s.claims_since(Some(g)).unwrap();
    assert!(!since.full);
    assert_eq!(since.claims.len(), 10);
    assert!(s.claims_since(Some(g + 1)).unwrap().claims.is_empty());
    s.add_baseline("b", &[]).unwrap();
    assert!(
        s.claims_since(Some(g + 1)).unwrap().full,
        "a baseline needs a full rebuild"
    );
}

suite!(
    sqlite,
    Sqlite,
    reports_and_claims_survive_reopening,
    generation_bumps_on_every_write_and_persists,
    a_write_through_another_connection_is_noticed_within_a_second,
    a_failed_write_stores_nothing,
    claims_are_date_ordered_and_baselines_are_their_own_source,
    paging_is_newest_first,
    concurrent_writers_lose_and_duplicate_nothing,
    a_newer_schema_is_refused,
    a_copy_to_either_backend_has_the_same_fingerprint,
    the_region_is_recorded_refused_and_copied,
    the_map_after_each_write_equals_a_full_rebuild,
    evidence_and_quotes_survive_a_restart,
    mentions_are_stored_with_the_report,
    a_batch_of_reports_is_one_write,
);
suite!(
    postgres,
    Postgres,
    reports_and_claims_survive_reopening,
    generation_bumps_on_every_write_and_persists,
    a_write_through_another_connection_is_noticed_within_a_second,
    a_failed_write_stores_nothing,
    claims_are_date_ordered_and_baselines_are_their_own_source,
    paging_is_newest_first,
    concurrent_writers_lose_and_duplicate_nothing,
    a_newer_schema_is_refused,
    a_copy_to_either_backend_has_the_same_fingerprint,
    the_region_is_recorded_refused_and_copied,
    the_map_after_each_write_equals_a_full_rebuild,
    evidence_and_quotes_survive_a_restart,
    mentions_are_stored_with_the_report,
    a_batch_of_reports_is_one_write,
);
