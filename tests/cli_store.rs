//! The store through the command line, as a user runs it: `frontline ingest`,
//! `zones`, `export` and `import` against a real SQLite file, checked by
//! reopening that file with the library's store.

use frontline::store::sqlite::SqliteStore;
use frontline::store::Store;
use std::path::Path;
use std::process::{Command, Output};

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .env_remove("FRONTLINE_DB")
        .output()
        .expect("frontline binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn open(db: &Path) -> SqliteStore {
    SqliteStore::open(db).unwrap()
}

#[test]
fn ingest_keeps_good_lines_and_names_the_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite");
    let jsonl = dir.path().join("wire.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            r#"{"text": "Syrian troops captured Hardatnin north of Aleppo.", "date": "2016-02-03", "source": "wire A"}"#,
            "\n",
            r#"{"text": "Rebels said they still hold Tal Rifaat." "date": "2016-02-04"}"#,
            "\n\n",
            r#"{"text": "Kurdish fighters took Ziyarah west of Menagh.", "date": "2016-02-06", "source": "wire B"}"#,
            "\n",
            r#"{"text": "Army shells Anadan.", "date": "2016-02-31"}"#,
            "\n",
        ),
    )
    .unwrap();
    let out = frontline(&["ingest", p(&jsonl), "--db", p(&db)]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        !out.status.success(),
        "bad lines make the exit status non-zero"
    );
    assert!(
        stderr.contains("wire.jsonl:2:"),
        "the bad line is named: {stderr}"
    );
    assert!(
        stderr.contains("wire.jsonl:5:") && stderr.contains("2016-02-31"),
        "{stderr}"
    );
    assert!(
        stdout.contains("ingested 2 reports") && stdout.contains("2 errors"),
        "{stdout}"
    );
    let s = open(&db);
    assert_eq!(s.report_count().unwrap(), 2);
    let texts: Vec<String> = s
        .reports(10, 0)
        .unwrap()
        .into_iter()
        .map(|r| r.report.text)
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("Hardatnin"))
            && texts.iter().any(|t| t.contains("Ziyarah"))
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("Tal Rifaat") || t.contains("Anadan")),
        "nothing from bad lines"
    );
    let claims = s.claims().unwrap();
    assert!(
        claims
            .iter()
            .any(|c| c.faction == "government" && c.source.as_deref() == Some("wire A")),
        "{claims:?}"
    );
}

#[test]
fn ingest_text_files_with_headers_dates_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let good = dir.path().join("good.txt");
    std::fs::write(
        &good,
        "date: 2016-02-05\nsource: desk\ntitle: Ratyan\n\nSyrian troops took Ratyan after two days of fighting.\n",
    )
    .unwrap();
    let undated = dir.path().join("undated.txt");
    std::fs::write(&undated, "Rebels hold Azaz.\n").unwrap();
    let bad_date = dir.path().join("bad-date.txt");
    std::fs::write(
        &bad_date,
        "source: x\ndate: 2016-02-30\n\nRebels hold Azaz.\n",
    )
    .unwrap();
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"Azaz \xff\xfe").unwrap();
    let missing = dir.path().join("missing.txt");

    let out = frontline(&[
        "ingest",
        p(&good),
        p(&undated),
        p(&bad_date),
        p(&binary),
        p(&missing),
        p(dir.path()),
        "--db",
        p(&db),
    ]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("undated.txt: no date"), "{stderr}");
    assert!(
        stderr.contains("bad-date.txt:2: bad date \"2016-02-30\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("binary.txt: not UTF-8 text (invalid byte at offset 5)"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt: cannot read"), "{stderr}");
    assert!(stderr.contains("is a directory"), "{stderr}");
    assert_eq!(open(&db).report_count().unwrap(), 1);
    let r = &open(&db).reports(1, 0).unwrap()[0];
    assert_eq!(r.report.title.as_deref(), Some("Ratyan"));
    assert_eq!(
        r.report.body(),
        "Syrian troops took Ratyan after two days of fighting.\n"
    );

    // --date dates the undated file; a second run adds to the same store.
    let out = frontline(&[
        "ingest",
        p(&undated),
        "--date",
        "2016-02-07",
        "--db",
        p(&db),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("ingested 1 reports"),
        "{}",
        text(&out.stdout)
    );
    let s = open(&db);
    assert_eq!(s.report_count().unwrap(), 2);
    assert_eq!(
        s.reports(1, 0).unwrap()[0].report.date.unwrap().to_string(),
        "2016-02-07"
    );

    let out = frontline(&[
        "ingest",
        p(&undated),
        "--date",
        "2016-02-30",
        "--db",
        p(&db),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--date \"2016-02-30\""),
        "{}",
        text(&out.stderr)
    );
}

/// Text converted from PDFs and word processors carries form feeds and
/// vertical tabs; a binary file carries NULs. The first are stored as spaces,
/// so the evidence quotes in KML (XML) and CSV (read by GDAL) stay readable;
/// a NUL is refused with its line and offset, and the other lines are kept.
#[test]
fn control_characters_never_reach_the_gis_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    let reports = dir.path().join("r.jsonl");
    std::fs::write(
        &reports,
        "{\"text\":\"Syrian troops captured\\u000bHardatnin on Tuesday.\\f Rebels still hold Azaz.\",\"date\":\"2016-02-03\"}\n\
         {\"text\":\"Rebels took Tal Rifaat\\u0000.\",\"date\":\"2016-02-04\"}\n\
         {\"text\":\"Government forces captured\\u001bMaarasat al-Khan.\",\"date\":\"2016-02-05\"}\n",
    )
    .unwrap();
    let out = frontline(&["ingest", p(&reports), "--db", p(&db)]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("r.jsonl:2: a NUL character in the report's text at byte offset 22"),
        "{stderr}"
    );
    let store = open(&db);
    assert_eq!(store.report_count().unwrap(), 2);
    let stored = store.reports(10, 0).unwrap();
    assert!(
        stored
            .iter()
            .all(|r| !r.report.text.contains(|c: char| c < ' ')),
        "{:?}",
        stored.iter().map(|r| &r.report.text).collect::<Vec<_>>()
    );
    for format in ["kml", "csv"] {
        let file = dir.path().join(format!("c.{format}"));
        let out = frontline(&["export", "--db", p(&db), "--format", format, "-o", p(&file)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let written = text(&out.stderr);
        let info = Command::new("ogrinfo")
            .args(["-ro", "-al", "-so", p(&file)])
            .output()
            .expect("ogrinfo runs (install Debian gdal-bin)");
        let report = text(&info.stdout);
        assert!(
            info.status.success() && !text(&info.stderr).contains("ERROR"),
            "{format}: {}",
            text(&info.stderr)
        );
        if format == "csv" {
            // GDAL counts every row the export wrote: none was cut at a control byte.
            let features = written
                .split(" features")
                .next()
                .and_then(|s| s.rsplit(' ').next())
                .unwrap_or_default();
            assert!(
                report.contains(&format!("Feature Count: {features}")),
                "{written} / {report}"
            );
        }
    }
}

#[test]
fn zones_and_exports_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.sqlite");
    let report = dir.path().join("r.txt");
    std::fs::write(
        &report,
        "date: 2016-02-03\nsource: wire\n\nSyrian troops captured Hardatnin and Maarasat al-Khan. \
         Rebels still hold Tal Rifaat and Azaz.\n",
    )
    .unwrap();
    let out = frontline(&["ingest", p(&report), "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let zones = dir.path().join("zones.geojson");
    let out = frontline(&[
        "zones",
        "--db",
        p(&db),
        "--date",
        "2016-02-03",
        "-o",
        p(&zones),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fc: serde_json::Value = serde_json::from_slice(&std::fs::read(&zones).unwrap()).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    let feats = fc["features"].as_array().unwrap();
    assert!(
        feats.iter().any(
            |f| f["properties"]["kind"] == "zone" && f["properties"]["faction"] == "government"
        ),
        "{fc}"
    );
    // Before the report, nothing is known.
    let out = frontline(&["zones", "--db", p(&db), "--date", "2016-01-01"]);
    assert!(out.status.success());
    let early: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !early["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["properties"]["kind"] == "zone"),
        "{early}"
    );

    // The same zones as the server's export, in a file per format.
    let out = frontline(&[
        "export",
        "--format",
        "geojson",
        "--db",
        p(&db),
        "--date",
        "2016-02-03",
        "-o",
        p(&dir.path().join("e.geojson")),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("e.geojson")).unwrap()).unwrap();
    assert_eq!(exported, fc, "export and zones share one pipeline");
    for fmt in ["fgb", "kml", "csv"] {
        let file = dir.path().join(format!("e.{fmt}"));
        let out = frontline(&["export", "--format", fmt, "--db", p(&db), "-o", p(&file)]);
        assert!(out.status.success(), "{fmt}: {}", text(&out.stderr));
        assert!(std::fs::metadata(&file).unwrap().len() > 0, "{fmt}");
    }
    let out = frontline(&[
        "export",
        "--format",
        "shp",
        "--db",
        p(&db),
        "-o",
        p(&dir.path().join("e.shp")),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unknown export format \"shp\""),
        "{}",
        text(&out.stderr)
    );
    let out = frontline(&["zones", "--db", p(&db), "--date", "2016-02-30"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("2016-02-30"));
}

#[test]
fn changes_between_two_dates_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    let (r1, r2) = (dir.path().join("r1.txt"), dir.path().join("r2.txt"));
    std::fs::write(
        &r1,
        "date: 2016-02-01\nsource: wire\n\nRebels hold Hardatnin, Tal Rifaat and Azaz.\n",
    )
    .unwrap();
    std::fs::write(
        &r2,
        "date: 2016-02-04\nsource: desk\n\nSyrian troops captured Hardatnin on Thursday.\n",
    )
    .unwrap();
    let out = frontline(&["ingest", p(&r1), p(&r2), "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = frontline(&["changes", "--db", p(&db), "--from", "2016-02-02"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["from"], "2016-02-02");
    assert_eq!(v["to"], "2016-02-04");
    let ch = v["changes"].as_array().unwrap();
    assert_eq!(ch.len(), 1, "only Hardatnin changed hands: {v}");
    assert_eq!(ch[0]["before"]["faction"], "opposition");
    assert_eq!(ch[0]["after"]["faction"], "government");
    assert_eq!(ch[0]["since"], "2016-02-04");
    assert!(ch[0]["evidence"][0]["quote"]
        .as_str()
        .unwrap()
        .contains("captured Hardatnin"));

    // Since before anything was reported, every known place is new; as CSV.
    let out = frontline(&[
        "changes",
        "--db",
        p(&db),
        "--from",
        "2016-01-01",
        "--to",
        "2016-02-03",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("place_id,name,part,lon,lat,before_faction"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows.iter()
            .all(|r| r.contains(",,,opposition,held,2016-02-01,")),
        "{csv}"
    );

    for (args, needle) in [
        (
            vec!["--from", "2016-02-05", "--to", "2016-02-01"],
            "before --from",
        ),
        (vec!["--from", "yesterday"], "--from \"yesterday\""),
        (
            vec!["--from", "2016-02-01", "--to", "2016-02-31"],
            "--to \"2016-02-31\"",
        ),
        (vec!["--from", "2016-02-01", "--format", "xlsx"], "xlsx"),
    ] {
        let mut a = vec!["changes", "--db", p(&db)];
        a.extend(args);
        let out = frontline(&a);
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains(needle), "{}", text(&out.stderr));
    }
}

#[test]
fn import_stores_a_baseline_and_refuses_what_is_not_a_layer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.sqlite");
    let layer = dir.path().join("north-aleppo-2016-02-01.geojson");
    std::fs::write(
        &layer,
        r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.99294, 36.37867]},
   "properties": {"name": "Nubl", "faction": "government"}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [366514, 36.5]},
   "properties": {"name": "Nowhere", "faction": "opposition"}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.04628, 36.58662]},
   "properties": {"name": "Azaz", "faction": "opposition"}}
]}"#,
    )
    .unwrap();
    let out = frontline(&["import", p(&layer), "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("feature 2"),
        "the bad feature is named: {}",
        text(&out.stderr)
    );
    let s = open(&db);
    let baselines = s.baselines().unwrap();
    assert_eq!(baselines.len(), 1);
    assert_eq!(baselines[0].name, "north-aleppo-2016-02-01.geojson");
    assert_eq!(baselines[0].claims, 2);
    let claims = s.claims_for_place("geonames:166331").unwrap();
    assert_eq!(claims.len(), 1, "Nubl snaps to its gazetteer place");
    assert_eq!(claims[0].faction, "government");
    assert_eq!(claims[0].date.unwrap().to_string(), "2016-02-01");
    let generation = s.generation().unwrap();

    // Not a layer: plain text, a bare geometry with no faction, broken JSON.
    for (name, body) in [
        ("notes.geojson", "these are notes, not GeoJSON\n"),
        (
            "point.geojson",
            r#"{"type": "Point", "coordinates": [37.0, 36.4]}"#,
        ),
        (
            "broken.geojson",
            r#"{"type": "FeatureCollection", "features": [ {"#,
        ),
        (
            "nofaction.geojson",
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.0, 36.4]}, "properties": {"name": "x"}}]}"#,
        ),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, body).unwrap();
        let out = frontline(&["import", p(&f), "--db", p(&db), "--date", "2016-02-01"]);
        assert!(!out.status.success(), "{name} must be refused");
        assert!(
            text(&out.stderr).contains(name),
            "{name}: {}",
            text(&out.stderr)
        );
    }
    let s = open(&db);
    assert_eq!(
        s.baselines().unwrap().len(),
        1,
        "nothing stored from the bad files"
    );
    assert_eq!(s.generation().unwrap(), generation);
}

#[test]
fn the_store_refuses_what_it_cannot_use() {
    let dir = tempfile::tempdir().unwrap();
    let out = frontline(&["zones", "--db", "postgres://localhost:port/frontline"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("not a valid PostgreSQL URL"));
    let notes = dir.path().join("notes.sqlite");
    std::fs::write(&notes, "not a database at all, just text\n".repeat(200)).unwrap();
    let out = frontline(&["zones", "--db", p(&notes)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("notes.sqlite") && err.lines().count() == 1,
        "one line naming the file: {err}"
    );
}

#[test]
fn map_refuses_an_undated_report_and_takes_date() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("undated.txt");
    // No header: the whole file is the body.
    std::fs::write(
        &report,
        "The army broke the rebel siege of Nubl and Zahraa on Wednesday, a military source said.\n",
    )
    .unwrap();
    let baseline = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/geodata/syria/baselines/aleppo-2016-02-01.geojson"
    );
    let state = |out: &Output| -> String {
        let fc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["kind"] == "place" && f["properties"]["name"] == "Nubl")
            .map(|f| f["properties"]["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    // DESIGN.md: without a header, --date must be given (undated claims would
    // count as older than the baseline and change nothing).
    let out = frontline(&["map", baseline, p(&report)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no date") && text(&out.stderr).contains("--date"),
        "{}",
        text(&out.stderr)
    );
    let out = frontline(&["map", "--date", "2016-02-03", baseline, p(&report)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("no date"));
    assert_eq!(state(&out), "held", "the siege is broken on 3 February");
}

/// A data set belongs to the region its reports were read with: a command
/// with another region's pack is refused by name (its place ids would mean
/// nothing there), and nothing is written; the right region still works.
#[test]
fn a_data_set_of_one_region_refuses_another_regions_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("syria.sqlite");
    let jsonl = dir.path().join("wire.jsonl");
    std::fs::write(
        &jsonl,
        r#"{"text": "Government forces took the village of Hardatnin north of Aleppo.", "date": "2016-02-03"}"#,
    )
    .unwrap();
    let out = frontline(&["ingest", p(&jsonl), "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        open(&db).setting("region").unwrap().as_deref(),
        Some("Syria")
    );
    let ukraine = dir.path().join("ukraine.jsonl");
    std::fs::write(
        &ukraine,
        r#"{"text": "Russian forces captured the village of Robotyne.", "date": "2023-09-01"}"#,
    )
    .unwrap();
    let refused: [&[&str]; 3] = [
        &["ingest", p(&ukraine), "--db", p(&db), "--region", "ukraine"],
        &["zones", "--db", p(&db), "--region", "ukraine"],
        &[
            "export",
            "--db",
            p(&db),
            "--region",
            "ukraine",
            "--format",
            "geojson",
            "-o",
            "-",
        ],
    ];
    for args in refused {
        let out = frontline(args);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(
            err.contains("holds Syria data") && err.contains("Ukraine pack"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(open(&db).report_count().unwrap(), 1, "nothing was added");
    let out = frontline(&["zones", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}
