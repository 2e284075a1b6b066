//! Analyst review on every backend: corrections stored append-only next to
//! the reports, applied before the timeline fuses (the map, the changes and
//! the GeoJSON export follow them), and carried over a re-analysis. Each
//! case runs on a fresh SQLite file and a fresh PostgreSQL schema.

mod support;

use frontline::claims::Claim;
use frontline::pipeline;
use frontline::report::{parse_date, Report};
use frontline::review::{self, Asked, Request};
use frontline::store::Store;
use frontline::Region;
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use support::{Backend, DataSet};

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

fn region() -> &'static Region {
    static REGION: OnceLock<Region> = OnceLock::new();
    REGION.get_or_init(|| Region::bundled().unwrap())
}

/// A report of our own, in the manner of wire copy from the Aleppo
/// countryside: three places, three sides.
const REPORT: &str = "Kurdish-led fighters of the SDF seized the town of Tal Rifaat from \
rebels on Friday. Government troops captured the village of Kiffin after heavy clashes, \
and rebels said they still hold Azaz near the Turkish border.";

fn store_report(store: &dyn Store) -> String {
    let mut r = Report::from_body(REPORT, parse_date("2016-02-05"));
    r.source = Some("wire".into());
    let (id, a) = pipeline::store_report(region(), store, &r, || {
        pipeline::timeline(region(), store).map(Arc::new)
    })
    .unwrap();
    assert_eq!(a.claims.len(), 3, "{:#?}", a.claims);
    id
}

fn place_id(name: &str) -> String {
    let g = &region().gazetteer;
    let i = g.search(name, 1)[0];
    g.place(i).id.clone()
}

/// The stored claim about `name` (as extracted, not reviewed).
fn claim_on(store: &dyn Store, name: &str) -> Claim {
    let pid = place_id(name);
    store
        .claims()
        .unwrap()
        .into_iter()
        .find(|c| c.place_id.as_deref() == Some(pid.as_str()))
        .unwrap_or_else(|| panic!("no claim on {name}"))
}

fn correct(store: &dyn Store, author: &str, reason: &str, asked: Asked) -> review::Correction {
    pipeline::correct(
        region(),
        store,
        Request {
            reason: reason.into(),
            author: Some(author.into()),
            asked,
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{reason}: {e}"))
}

/// The latest GeoJSON export as JSON.
fn export(store: &dyn Store) -> Value {
    let bytes = pipeline::export_store(region(), store, None, "geojson".parse().unwrap()).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn place_feature<'a>(fc: &'a Value, place: &str) -> Option<&'a Value> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["kind"] == "place" && f["properties"]["place_id"] == place)
}

fn corrections_are_an_append_only_audit_log(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    store_report(s.as_ref());
    let azaz = claim_on(s.as_ref(), "Azaz");
    let g0 = s.generation().unwrap();
    let first = correct(
        s.as_ref(),
        "ana",
        "rebels \"said\" — not a control statement",
        Asked::Reject {
            claim: review::claim_id(&azaz),
        },
    );
    assert!(s.generation().unwrap() > g0, "a correction is a write");
    let undo = correct(
        s.as_ref(),
        "ben",
        "it is one: our correspondent confirms",
        Asked::Undo {
            correction: first.id,
        },
    );
    assert!(undo.id > first.id);
    drop(s);
    let s = ds.open();
    let all = s.corrections().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], first);
    assert_eq!(all[0].author, "ana");
    assert_eq!(all[0].reason, "rebels \"said\" — not a control statement");
    assert!(
        all[0].at.starts_with("20") && all[0].at.ends_with('Z'),
        "{}",
        all[0].at
    );
    assert_eq!(
        all[1].action,
        review::Action::Undo {
            correction: first.id
        }
    );
    // The database itself refuses to change or delete a correction.
    let refused = match b {
        Backend::Sqlite => {
            let c = rusqlite::Connection::open(&ds.spec).unwrap();
            let upd = c.execute("UPDATE corrections SET reason = 'x'", []);
            let del = c.execute("DELETE FROM corrections", []);
            upd.is_err() && del.is_err()
        }
        Backend::Postgres => {
            let (url, schema) = support::pg::split_schema(&ds.spec);
            let mut c = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
            let upd = c.execute(
                &format!("UPDATE {schema}.corrections SET reason = 'x'"),
                &[],
            );
            let del = c.execute(&format!("DELETE FROM {schema}.corrections"), &[]);
            upd.is_err() && del.is_err()
        }
    };
    assert!(refused, "corrections must be append-only");
    assert_eq!(s.corrections().unwrap(), all);
    // Bad requests name what is wrong, and store nothing.
    let bad = |asked: Asked, reason: &str| {
        pipeline::correct(
            region(),
            s.as_ref(),
            Request {
                reason: reason.into(),
                author: None,
                asked,
            },
            None,
        )
        .unwrap_err()
        .to_string()
    };
    let e = bad(
        Asked::Reject {
            claim: "000000000000".into(),
        },
        "why",
    );
    assert!(e.contains("no claim with id \"000000000000\""), "{e}");
    let e = bad(
        Asked::Confirm {
            claim: review::claim_id(&azaz),
        },
        "  ",
    );
    assert!(e.contains("reason is empty"), "{e}");
    let e = bad(
        Asked::Add {
            place_id: place_id("Azaz"),
            faction: "nobody".into(),
            relation: None,
            date: "2016-02-06".into(),
            source: None,
            quote: None,
        },
        "phone call",
    );
    assert!(e.contains("faction \"nobody\""), "{e}");
    assert_eq!(s.corrections().unwrap().len(), 2);
}

fn the_map_and_the_export_follow_the_corrections(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    let report_id = store_report(s.as_ref());
    let (azaz, kiffin, rifaat) = (
        place_id("Azaz"),
        place_id("Kiffin"),
        place_id("Tell Rifaat"),
    );
    let nubl = place_id("Nubl");
    assert!(place_feature(&export(s.as_ref()), &azaz).is_some());

    // Reject the Azaz claim: Azaz leaves the map, the claim stays listed.
    let azaz_claim = claim_on(s.as_ref(), "Azaz");
    correct(
        s.as_ref(),
        "ana",
        "hearsay, not a control statement",
        Asked::Reject {
            claim: review::claim_id(&azaz_claim),
        },
    );
    // Kiffin is the other village: move the mention.
    let at = REPORT.find("Kiffin").unwrap();
    correct(
        s.as_ref(),
        "ben",
        "the other one: the clashes were near Nubl",
        Asked::Move {
            claim: None,
            report_id: Some(report_id.clone()),
            start: Some(at),
            end: Some(at + "Kiffin".len()),
            place_id: nubl.clone(),
        },
    );
    // Confirm Tal Rifaat; add a manual claim on Azaz from a phone call.
    let rifaat_claim = claim_on(s.as_ref(), "Tell Rifaat");
    correct(
        s.as_ref(),
        "ana",
        "seen on video",
        Asked::Confirm {
            claim: review::claim_id(&rifaat_claim),
        },
    );
    correct(
        s.as_ref(),
        "carla",
        "phone call with a local council member",
        Asked::Add {
            place_id: azaz.clone(),
            faction: "SDF".into(),
            relation: Some("captured".into()),
            date: "2016-02-06".into(),
            source: Some("phone call".into()),
            quote: Some("The council says the SDF entered Azaz this morning.".into()),
        },
    );

    let rv = pipeline::reviewed(region(), s.as_ref()).unwrap();
    assert_eq!(rv.rejected.len(), 1);
    assert_eq!(rv.rejected[0].place_id.as_deref(), Some(azaz.as_str()));
    assert!(rv.unmatched.is_empty());

    let fc = export(s.as_ref());
    assert!(
        place_feature(&fc, &kiffin).is_none(),
        "Kiffin was moved away"
    );
    let moved = place_feature(&fc, &nubl).expect("Nubl drawn instead");
    assert_eq!(moved["properties"]["faction"], "government");
    assert_eq!(moved["properties"]["reviewed"], true);
    assert_eq!(moved["properties"]["corrected_by"], "ben");
    assert_eq!(
        moved["properties"]["correction_reason"],
        "the other one: the clashes were near Nubl"
    );
    let added = place_feature(&fc, &azaz).expect("Azaz from the phone call");
    assert_eq!(added["properties"]["faction"], "sdf");
    assert_eq!(added["properties"]["corrected_by"], "carla");
    let ev = &added["properties"]["evidence"][0];
    assert_eq!(ev["source"], "phone call");
    assert_eq!(ev["reviewed"], true);
    assert_eq!(ev["report_id"], "correction:4");
    let confirmed = place_feature(&fc, &rifaat).unwrap();
    assert_eq!(confirmed["properties"]["corrected_by"], "ana");
    assert!(confirmed["properties"]["confidence"].as_f64().unwrap() >= 0.95);

    // The changes list shows the manual claim with its author.
    let tl = pipeline::timeline(region(), s.as_ref()).unwrap();
    let (_, changes) = pipeline::changes(region(), &tl, parse_date("2016-02-05").unwrap(), None);
    let azaz_change = changes
        .iter()
        .find(|c| c.place_id == azaz)
        .expect("Azaz changed hands on the 6th");
    let ev = serde_json::to_value(&azaz_change.evidence).unwrap();
    assert_eq!(ev[0]["corrected_by"], "carla", "{ev}");

    // Undo the rejection and the move: the map is the machine's again there.
    let all = s.corrections().unwrap();
    for c in &all[..2] {
        correct(
            s.as_ref(),
            "ana",
            "undo for the test",
            Asked::Undo { correction: c.id },
        );
    }
    let fc = export(s.as_ref());
    assert!(place_feature(&fc, &kiffin).is_some());
    assert_eq!(
        place_feature(&fc, &kiffin).unwrap()["properties"]["reviewed"],
        false
    );
}

fn a_reanalysis_keeps_the_corrections_whose_claims_remain(b: Backend) {
    let ds = DataSet::new(b);
    let s = ds.open();
    // What an older extractor made of the report: Kiffin read as "holds",
    // Azaz missed, and a claim on Nubl the current one rightly does not make.
    let mut r = Report::from_body(REPORT, parse_date("2016-02-05"));
    r.source = Some("wire".into());
    let now = region().analyse(&r).claims;
    let (kiffin, rifaat, nubl) = (
        place_id("Kiffin"),
        place_id("Tell Rifaat"),
        place_id("Nubl"),
    );
    let mut old: Vec<Claim> = now
        .iter()
        .filter(|c| c.place_id.as_deref() != Some(place_id("Azaz").as_str()))
        .cloned()
        .collect();
    for c in &mut old {
        if c.place_id.as_deref() == Some(kiffin.as_str()) {
            c.relation = frontline::claims::Relation::Holds;
        }
    }
    old.push(Claim {
        place_id: Some(nubl.clone()),
        name: "Nubl".into(),
        faction: "opposition".into(),
        ..old[0].clone()
    });
    const OLD: &str = "frontline 0.0.1/claims-0";
    let first = s.add_report_by(&r, &old, Some(OLD)).unwrap();
    let second = s.add_report_by(&r, &old, Some(OLD)).unwrap();
    let stored = s.report(&first).unwrap().unwrap();
    assert_eq!(stored.extractor.as_deref(), Some(OLD));
    let on = |place: &str| -> Claim {
        let c = s
            .report(&first)
            .unwrap()
            .unwrap()
            .claims
            .into_iter()
            .find(|c| c.place_id.as_deref() == Some(place))
            .unwrap();
        c
    };
    let reject = correct(
        s.as_ref(),
        "ana",
        "no fighting there that day",
        Asked::Reject {
            claim: review::claim_id(&on(&kiffin)),
        },
    );
    correct(
        s.as_ref(),
        "ben",
        "seen on video",
        Asked::Confirm {
            claim: review::claim_id(&on(&rifaat)),
        },
    );
    let lost = correct(
        s.as_ref(),
        "ana",
        "checked",
        Asked::Confirm {
            claim: review::claim_id(&on(&nubl)),
        },
    );

    // Stopped after one report: the next run goes on from there.
    let part = pipeline::reanalyse(region(), s.as_ref(), false, 1, Some(1), |_, _| {}).unwrap();
    assert_eq!((part.reports, part.remaining), (1, 1));
    let mut calls = Vec::new();
    let done = pipeline::reanalyse(region(), s.as_ref(), false, 1, None, |d, t| {
        calls.push((d, t))
    })
    .unwrap();
    assert_eq!((done.reports, done.remaining), (1, 0));
    assert_eq!(calls, [(1, 1)]);
    for id in [&first, &second] {
        let r = s.report(id).unwrap().unwrap();
        assert_eq!(r.extractor.as_deref(), Some(pipeline::EXTRACTOR_VERSION));
        assert_eq!(r.claims.len(), now.len(), "the current extractor's claims");
    }
    // The Kiffin claim changed (captured now): the rejection still finds it
    // by report, place and quote; Tal Rifaat's confirmation by its id; the
    // Nubl claim is gone, so its confirmation is listed.
    assert_eq!(done.unmatched.len(), 1);
    assert_eq!(done.unmatched[0].id, lost.id);
    assert_eq!(done.carried, 2);
    let rv = pipeline::reviewed(region(), s.as_ref()).unwrap();
    let rejected: Vec<_> = rv
        .rejected
        .iter()
        .filter(|c| c.place_id.as_deref() == Some(kiffin.as_str()))
        .collect();
    assert_eq!(rejected.len(), 1, "only the first report's Kiffin claim");
    assert_eq!(rejected[0].review.as_ref().unwrap().correction, reject.id);
    assert_eq!(rejected[0].relation, frontline::claims::Relation::Captured);
    assert!(rv
        .claims
        .iter()
        .any(|c| c.place_id.as_deref() == Some(rifaat.as_str())
            && c.report_id.as_deref() == Some(first.as_str())
            && c.review.as_ref().is_some_and(|r| r.corrected_by == "ben")));
    assert!(rv
        .claims
        .iter()
        .any(|c| c.place_id.as_deref() == Some(place_id("Azaz").as_str())));
    // Nothing more to read; --all reads everything again.
    let again = pipeline::reanalyse(region(), s.as_ref(), false, 10, None, |_, _| {}).unwrap();
    assert_eq!(again.reports, 0);
    let all = pipeline::reanalyse(region(), s.as_ref(), true, 10, None, |_, _| {}).unwrap();
    assert_eq!((all.reports, all.carried), (2, 2));
    assert_eq!(s.corrections().unwrap().len(), 3, "corrections untouched");
}

/// `frontline migrate` carries the audit log over: each correction keeps
/// its author, time and reason, and still finds its claim although reports
/// and corrections get other ids in the copy (the source's counters were
/// moved on, as a busy server leaves them).
fn a_migrated_data_set_keeps_its_corrections(b: Backend) {
    let ds = DataSet::new(b);
    ds.skip_ids(100);
    let s = ds.open();
    let report_id = store_report(s.as_ref());
    assert_eq!(report_id, "101", "the counters moved on");
    let azaz = review::claim_id(&claim_on(s.as_ref(), "Azaz"));
    let reject = correct(
        s.as_ref(),
        "ana",
        "a rebel statement, not a control fact",
        Asked::Reject {
            claim: azaz.clone(),
        },
    );
    correct(
        s.as_ref(),
        "ben",
        "it is one: our correspondent confirms",
        Asked::Undo {
            correction: reject.id,
        },
    );
    correct(
        s.as_ref(),
        "ana",
        "the other Kiffin",
        Asked::Move {
            claim: Some(review::claim_id(&claim_on(s.as_ref(), "Kiffin"))),
            report_id: None,
            start: None,
            end: None,
            place_id: place_id("Nubl"),
        },
    );
    correct(
        s.as_ref(),
        "ben",
        "field visit",
        Asked::Add {
            place_id: place_id("Mare'"),
            faction: "opposition".into(),
            relation: None,
            date: "2016-02-06".into(),
            source: None,
            quote: None,
        },
    );
    let original = frontline::store::copy::fingerprint(s.as_ref()).unwrap();
    assert_eq!(
        (original.corrections, original.unmatched_corrections),
        (4, 0)
    );
    let before = export(s.as_ref());
    for target in [Backend::Sqlite, Backend::Postgres] {
        let to = DataSet::new(target);
        let t = to.open();
        frontline::store::copy::copy_all(s.as_ref(), t.as_ref(), |_| {}).unwrap();
        assert_eq!(
            frontline::store::copy::fingerprint(t.as_ref()).unwrap(),
            original,
            "{b:?} -> {target:?}"
        );
        let (old, new) = (s.corrections().unwrap(), t.corrections().unwrap());
        assert_ne!(old[0].id, new[0].id, "the copy has its own ids");
        for (o, n) in old.iter().zip(&new) {
            assert_eq!((&o.author, &o.at, &o.reason), (&n.author, &n.at, &n.reason));
        }
        assert_eq!(
            new[1].action,
            review::Action::Undo {
                correction: new[0].id
            },
            "the undo points at the copy's correction"
        );
        // The map reads the same: Azaz kept (the reject undone), Kiffin's
        // claim on Nubl, the analyst's place added.
        let after = export(t.as_ref());
        for name in ["Azaz", "Nubl", "Mare'"] {
            let pid = place_id(name);
            let (x, y) = (place_feature(&before, &pid), place_feature(&after, &pid));
            assert!(x.is_some(), "{name} is on the map");
            assert_eq!(
                x.map(|f| (
                    &f["properties"]["faction"],
                    &f["properties"]["corrected_by"]
                )),
                y.map(|f| (
                    &f["properties"]["faction"],
                    &f["properties"]["corrected_by"]
                )),
                "{name}, {b:?} -> {target:?}"
            );
        }
    }
}

suite!(
    sqlite,
    Sqlite,
    corrections_are_an_append_only_audit_log,
    the_map_and_the_export_follow_the_corrections,
    a_reanalysis_keeps_the_corrections_whose_claims_remain,
    a_migrated_data_set_keeps_its_corrections,
);
suite!(
    postgres,
    Postgres,
    corrections_are_an_append_only_audit_log,
    the_map_and_the_export_follow_the_corrections,
    a_reanalysis_keeps_the_corrections_whose_claims_remain,
    a_migrated_data_set_keeps_its_corrections,
);
