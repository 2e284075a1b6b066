//! PostgreSQL deployments as a newsroom runs them, against a throwaway
//! cluster: two `frontline serve` processes on one data set, two concurrent
//! `frontline ingest` runs, the GIS layers read by GDAL's `ogrinfo PG:…`,
//! `frontline migrate` from a SQLite file, and the errors for a bad URL, a
//! server that is down and a newer schema.

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::{pg, DataSet};

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

/// A running `frontline serve`, killed on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(["serve", "--addr", "127.0.0.1:0", "--no-demo", "--db", db])
            .env_remove("FRONTLINE_TOKEN")
            .env_remove("FRONTLINE_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("frontline binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.is_empty() {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            let _ = child.wait();
            panic!("server did not start: {err}");
        }
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn zone_places(c: &reqwest::blocking::Client, s: &Server) -> Vec<String> {
    let v: Value = c
        .get(format!("{}/api/zones", s.url))
        .send()
        .unwrap()
        .json()
        .unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "place")
        .map(|f| f["properties"]["name"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_report_posted_to_one_server_shows_on_the_other_within_a_second() {
    let ds = DataSet::postgres();
    let a = Server::start(&ds.spec);
    let b = Server::start(&ds.spec);
    let c = reqwest::blocking::Client::new();
    // B has built (and cached) its map before the write.
    // The gazetteer spells it Hardatin.
    assert!(!zone_places(&c, &b).iter().any(|n| n == "Hardatin"));
    let r = c
        .post(format!("{}/api/reports", a.url))
        .json(&serde_json::json!({
            "text": "Syrian troops captured Hardatnin north of Aleppo on Wednesday.",
            "date": "2016-02-03",
            "source": "wire A",
        }))
        .send()
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().unwrap_or_default());
    let posted = Instant::now();
    loop {
        if zone_places(&c, &b).iter().any(|n| n == "Hardatin") {
            break;
        }
        assert!(
            posted.elapsed() < Duration::from_secs(1),
            "server B still shows the old map a second after server A stored the report"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    // And B's own writes show on A.
    let health = |s: &Server| -> Value {
        c.get(format!("{}/api/health", s.url))
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    assert_eq!(health(&a)["reports"], 1);
    assert_eq!(health(&b)["reports"], 1);
}

#[test]
fn two_concurrent_ingests_lose_and_duplicate_nothing() {
    let ds = DataSet::postgres();
    drop(ds.open());
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = (0..2)
        .map(|w| {
            let path = dir.path().join(format!("wire{w}.jsonl"));
            let lines: String = (0..30)
                .map(|i| {
                    format!(
                        "{}\n",
                        serde_json::json!({
                            "text": format!("Wire {w} item {i}: rebels shelled Anadan and Hreitan."),
                            "date": format!("2016-02-{:02}", 1 + i % 20),
                            "source": format!("wire {w}"),
                        })
                    )
                })
                .collect();
            std::fs::write(&path, lines).unwrap();
            path
        })
        .collect();
    let runs: Vec<Child> = files
        .iter()
        .map(|f| {
            Command::new(env!("CARGO_BIN_EXE_frontline"))
                .args(["ingest", f.to_str().unwrap(), "--db", &ds.spec])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for r in runs {
        let out = r.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("ingested 30 reports"));
    }
    let s = ds.open();
    assert_eq!(s.report_count().unwrap(), 60);
    let mut texts: Vec<String> = s
        .reports(100, 0)
        .unwrap()
        .into_iter()
        .map(|r| r.report.text)
        .collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 60, "every report once");
}

/// `ogrinfo` output for one layer of the data set.
fn ogrinfo(schema: &str, args: &[&str]) -> String {
    let out = Command::new("ogrinfo")
        .arg("-ro")
        .arg(pg::ogr_connection(schema))
        .args(args)
        .output()
        .expect("ogrinfo runs (install gdal-bin: scripts/install-deps.sh)");
    assert!(
        out.status.success(),
        "ogrinfo failed: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[test]
fn gis_tools_read_control_claims_and_zones_straight_from_the_database() {
    let ds = DataSet::postgres();
    let (_, schema) = pg::split_schema(&ds.spec);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("north.txt");
    std::fs::write(
        &report,
        "date: 2016-02-05\nsource: wire C\n\nSyrian government forces captured Hardatnin and \
         Ratyan north of Aleppo. Kurdish fighters took Menagh airbase.\n",
    )
    .unwrap();
    let out = frontline(&["ingest", report.to_str().unwrap(), "--db", &ds.spec]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let layers = ogrinfo(&schema, &[]);
    for layer in [
        "control (Point)",
        "zones (Multi Polygon)",
        "claim_points (Point)",
    ] {
        assert!(
            layers.contains(&format!("{schema}.{layer}")) || layers.contains(layer),
            "ogrinfo lists {layer}: {layers}"
        );
    }
    let control = ogrinfo(
        &schema,
        &["-al", "-sql", "SELECT name, faction FROM control"],
    );
    assert!(
        control.contains("name (String) = Hardatin")
            && control.contains("faction (String) = government"),
        "{control}"
    );
    let claims = ogrinfo(&schema, &[&format!("{schema}.claim_points"), "-so"]);
    assert!(
        claims.contains("EPSG") && claims.contains("4326") || claims.contains("WGS 84"),
        "{claims}"
    );
    assert!(claims.contains("quote: String"), "{claims}");
    let zones = ogrinfo(
        &schema,
        &[
            "-al",
            "-sql",
            "SELECT faction, ST_Area(geom) > 0 AS drawn FROM zones",
        ],
    );
    assert!(zones.contains("faction (String) = government"), "{zones}");
    assert!(!zones.contains("drawn (Integer(Boolean)) = 0"), "{zones}");
}

#[test]
fn migrate_moves_a_sqlite_file_into_postgres_with_counts_and_checksum() {
    let src = DataSet::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let wire = dir.path().join("wire.jsonl");
    std::fs::write(
        &wire,
        concat!(
            r#"{"text": "Syrian troops captured Hardatnin north of Aleppo.", "date": "2016-02-03", "source": "wire A"}"#,
            "\n",
            r#"{"text": "Kurdish fighters took Ziyarah west of Menagh.", "date": "2016-02-06", "source": "wire B"}"#,
            "\n",
        ),
    )
    .unwrap();
    let out = frontline(&["ingest", wire.to_str().unwrap(), "--db", &src.spec]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let to = DataSet::postgres();
    let out = frontline(&["migrate", "--from", &src.spec, "--to", &to.spec]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}{}", stdout, text(&out.stderr));
    assert!(
        stdout.contains("2 reports")
            && stdout.contains("0 corrections (0 match no claim)")
            && stdout.contains("counts and checksum match"),
        "{stdout}"
    );
    let sums: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("from") || l.trim_start().starts_with("to "))
        .filter_map(|l| l.split("checksum ").nth(1))
        .collect();
    assert_eq!(sums.len(), 2);
    assert_eq!(sums[0], sums[1]);
    assert_eq!(to.open().report_count().unwrap(), 2);
    // Again into the same, now full, data set: refused, nothing doubled.
    let again = frontline(&["migrate", "--from", &src.spec, "--to", &to.spec]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("migrate into an empty data set"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(to.open().report_count().unwrap(), 2);
    // A missing source file is named.
    let missing = dir.path().join("nope.sqlite");
    let out = frontline(&[
        "migrate",
        "--from",
        missing.to_str().unwrap(),
        "--to",
        &to.spec,
    ]);
    assert!(
        text(&out.stderr).contains("nope.sqlite: no such database file"),
        "{}",
        text(&out.stderr)
    );
    assert!(!Path::new(&missing).exists());
}

#[test]
fn bad_urls_a_server_that_is_down_and_a_newer_schema_are_named() {
    let out = frontline(&["zones", "--db", "postgres://ana@localhost:port/news"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not a valid PostgreSQL URL"),
        "{}",
        text(&out.stderr)
    );

    let out = frontline(&["zones", "--db", "postgres://ana@127.0.0.1:9/news"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr)
            .contains("cannot connect to PostgreSQL at postgres://ana@127.0.0.1:9/news"),
        "{}",
        text(&out.stderr)
    );

    let ds = DataSet::postgres();
    drop(ds.open());
    ds.set_schema_version(42);
    let out = frontline(&["zones", "--db", &ds.spec]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("schema version 42 is newer"),
        "{}",
        text(&out.stderr)
    );
}

/// The `control` layer after a refresh is the new map's, row for row, and a
/// refresh writes only the places whose state changed: the rows of the
/// others stay as they were (same row ids).
#[test]
fn a_gis_refresh_rewrites_only_the_places_that_changed() {
    use frontline::claims::{Claim, Relation};
    use frontline::timeline::Timeline;
    let region = frontline::Region::bundled().unwrap();
    let ds = DataSet::postgres();
    let s = ds.open();
    let (url, schema) = pg::split_schema(&ds.spec);
    let claim = |place: &str, faction: &str, date: &str| Claim {
        place_id: Some(place.into()),
        name: place.into(),
        lon: Some(37.0),
        lat: Some(36.5),
        faction: faction.into(),
        relation: Relation::Captured,
        date: frontline::report::parse_date(date),
        confidence: 0.8,
        quote: format!("{faction} took {place}").into(),
        ..Claim::default()
    };
    let mut claims = vec![
        claim("p:a", "government", "2016-02-01"),
        claim("p:b", "opposition", "2016-02-01"),
        claim("p:c", "sdf", "2016-02-01"),
    ];
    let rows = || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut v: Vec<(i32, String, String, Option<String>)> = c
            .query(
                &format!(
                    "SELECT id, place_id, faction, evidence FROM {schema}.control ORDER BY place_id"
                ),
                &[],
            )
            .unwrap()
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    };
    let publish = |claims: &[Claim], generation: i64| {
        let map = Timeline::new(claims.to_vec()).state_at(None);
        let layer = frontline::zones::build(&map, &region.gazetteer, &region.factions);
        assert!(s.publish_gis(generation, &map, &layer).unwrap());
    };
    publish(&claims, 1);
    let first = rows();
    assert_eq!(first.len(), 3);
    // b changes hands; a and c do not.
    claims.push(claim("p:b", "government", "2016-02-01"));
    claims.remove(1);
    publish(&claims, 2);
    let second = rows();
    assert_eq!(second.len(), 3);
    assert_eq!(second[0], first[0], "unchanged row kept");
    assert_eq!(second[2], first[2], "unchanged row kept");
    assert_eq!(second[1].1, "p:b");
    assert_eq!(second[1].2, "government");
    assert_ne!(
        second[1].0, first[1].0,
        "the changed place's row was written again"
    );
    // A place that leaves the map leaves the layer.
    claims.retain(|c| c.place_id.as_deref() != Some("p:c"));
    publish(&claims, 3);
    let third = rows();
    assert_eq!(
        third.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["p:a", "p:b"]
    );
    // An older generation does not overwrite a newer one.
    let map = Timeline::new(Vec::new()).state_at(None);
    let layer = frontline::zones::build(&map, &region.gazetteer, &region.factions);
    assert!(!s.publish_gis(2, &map, &layer).unwrap());
    assert_eq!(rows(), third);
}

/// Tables loaded moments ago have no statistics until autovacuum gets to
/// them, and without them PostgreSQL read every claim to fold in one new
/// report: `frontline ingest` leaves them analysed.
#[test]
fn an_ingest_leaves_the_tables_analysed() {
    let ds = DataSet::postgres();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wire.jsonl");
    let lines: String = (0..20)
        .map(|i| {
            format!(
                "{}\n",
                serde_json::json!({
                    "text": format!("Item {i}: rebels shelled Anadan and Hreitan."),
                    "date": format!("2016-02-{:02}", 1 + i),
                })
            )
        })
        .collect();
    std::fs::write(&path, lines).unwrap();
    let out = frontline(&["ingest", path.to_str().unwrap(), "--db", &ds.spec]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (url, schema) = pg::split_schema(&ds.spec);
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let analysed: Vec<String> = c
        .query(
            "SELECT relname::text FROM pg_stat_user_tables
             WHERE schemaname = $1 AND last_analyze IS NOT NULL ORDER BY relname",
            &[&schema],
        )
        .unwrap()
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    for table in ["claims", "reports"] {
        assert!(
            analysed.iter().any(|t| t == table),
            "{table} not analysed: {analysed:?}"
        );
    }
}
