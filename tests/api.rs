//! The HTTP API as a user meets it: the real `frontline serve` binary on a
//! loopback port with a real SQLite file, driven over HTTP with reqwest.
//! Includes a restart on the same file, bad input through every route, path
//! traversal in static paths, and the bearer token.

use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;

mod support;
use support::server::Server;

fn client() -> Client {
    Client::builder()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap()
}

fn json_of(r: Response) -> Value {
    let status = r.status();
    let text = r.text().unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text:.300}"))
}

/// Asserts a 4xx/5xx JSON error answer with the given status; returns its message.
fn expect_error(r: Response, status: StatusCode) -> String {
    assert_eq!(r.status(), status, "url {}", r.url());
    let ct = r.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(ct.starts_with("application/json"), "content type {ct}");
    let v = json_of(r);
    let msg = v["error"].as_str().expect("an error message").to_string();
    assert!(!msg.is_empty());
    msg
}

fn get(c: &Client, s: &Server, path: &str) -> Value {
    let r = c.get(s.url(path)).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    json_of(r)
}

fn post_report(c: &Client, s: &Server, body: Value) -> Response {
    c.post(s.url("/api/reports")).json(&body).send().unwrap()
}

fn count_reports(c: &Client, s: &Server) -> (u64, u64) {
    let h = get(c, s, "/api/health");
    (
        h["reports"].as_u64().unwrap(),
        h["generation"].as_u64().unwrap(),
    )
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontline.sqlite");
    (dir, db)
}

/// A raw HTTP/1.1 request, so the path reaches the server exactly as written
/// (HTTP clients normalise `..` away before sending).
fn raw_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:.200}"));
    (status, text)
}

#[test]
fn demo_store_answers_every_route() {
    let (_dir, db) = temp_db();
    let s = Server::start(&db, &[], &[]);
    let c = client();

    let h = get(&c, &s, "/api/health");
    assert_eq!(h["status"], "ok");
    let demo_reports = frontline::server::demo::REPORTS.len();
    assert_eq!(
        h["reports"], demo_reports,
        "the demo reports are loaded on first start"
    );
    assert!(h["places"].as_u64().unwrap() > 1000, "{h}");
    assert_eq!(h["version"], env!("CARGO_PKG_VERSION"));

    // The map page and its assets.
    let r = c.get(s.url("/")).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text().unwrap().contains("<html"),
        "GET / serves the map page"
    );
    let r = c.get(s.url("/vendor/leaflet/leaflet.js")).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let region = get(&c, &s, "/api/region");
    assert_eq!(region["name"], "Syria");
    assert_eq!(region["bbox"].as_array().unwrap().len(), 4);
    let factions = region["factions"].as_array().unwrap();
    assert!(factions
        .iter()
        .any(|f| f["id"] == "government" && f["fill"].as_str().unwrap().starts_with('#')));
    let basemap = get(&c, &s, "/api/basemap");
    assert_eq!(basemap["type"], "FeatureCollection");

    // Reports: paged, newest first, each with its claims.
    let page = get(&c, &s, "/api/reports?limit=3&offset=1");
    assert_eq!(page["total"], demo_reports);
    let reports = page["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    let all = get(&c, &s, "/api/reports?limit=100");
    let all = all["reports"].as_array().unwrap();
    assert_eq!(all.len(), demo_reports);
    assert_eq!(reports[0]["id"], all[1]["id"]);
    let total_claims: usize = all
        .iter()
        .map(|r| r["claims"].as_array().unwrap().len())
        .sum();
    assert!(total_claims > 0, "the demo week states who took what");

    // One report: its text, mentions with offsets into it, its claims.
    let id = all[0]["id"].as_str().unwrap();
    let one = get(&c, &s, &format!("/api/reports/{id}"));
    let text = one["text"].as_str().unwrap();
    let mentions = one["mentions"]["features"].as_array().unwrap();
    assert!(!mentions.is_empty(), "the demo reports name places");
    for m in mentions {
        let p = &m["properties"];
        let (a, b) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], p["text"].as_str().unwrap());
    }

    // The timeline and the zones for its dates.
    let tl = get(&c, &s, "/api/timeline");
    let dates: Vec<&str> = tl["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(!dates.is_empty());
    assert!(
        dates.windows(2).all(|w| w[0] < w[1]),
        "ascending: {dates:?}"
    );
    // from the Aleppo week of February 2016 to the demo's reports of 2018
    assert_eq!(dates[0], "2016-02-01", "{dates:?}");
    assert!(dates.iter().all(|d| d.starts_with("201")), "{dates:?}");
    let latest = get(&c, &s, "/api/zones");
    assert_eq!(latest["type"], "FeatureCollection");
    let features = latest["features"].as_array().unwrap();
    assert!(
        features.iter().any(|f| f["properties"]["kind"] == "zone"),
        "demo zones are drawn"
    );
    assert!(features.iter().all(|f| f["properties"]["kind"].is_string()));
    let first = c
        .get(s.url(&format!("/api/zones?date={}", dates[0])))
        .send()
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()[reqwest::header::ETAG].clone();
    assert_eq!(json_of(first)["type"], "FeatureCollection");
    // Asking again with the ETag: nothing changed, nothing re-sent.
    let again = c
        .get(s.url(&format!("/api/zones?date={}", dates[0])))
        .header(reqwest::header::IF_NONE_MATCH, etag)
        .send()
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // Places: search, then one place with its control history and evidence.
    let found = get(&c, &s, "/api/places?q=Nubl");
    let nubl = &found["places"][0];
    assert_eq!(nubl["name"], "Nubl");
    for k in ["id", "kind", "lon", "lat", "admin1", "country"] {
        assert!(!nubl[k].is_null(), "search result has {k}: {nubl}");
    }
    let pid = nubl["id"].as_str().unwrap();
    let place = get(&c, &s, &format!("/api/places/{pid}"));
    assert_eq!(place["name"], "Nubl");
    let claims = place["claims"].as_array().unwrap();
    assert!(
        !claims.is_empty(),
        "the demo reports speak of Nubl: {place}"
    );
    let dates_of: Vec<&str> = claims.iter().filter_map(|c| c["date"].as_str()).collect();
    assert!(dates_of.windows(2).all(|w| w[0] <= w[1]), "date-ordered");
    for cl in claims {
        assert!(!cl["quote"].as_str().unwrap().is_empty());
        assert!(
            cl["report_id"].is_string() && cl["source"].is_string(),
            "{cl}"
        );
    }
    assert!(
        place["state"].is_object(),
        "Nubl has a state on the latest map: {place}"
    );

    // Exports in every format, named for download.
    for (fmt, ct) in [
        ("geojson", "application/geo+json"),
        ("fgb", "application/octet-stream"),
        ("kml", "application/vnd.google-earth.kml+xml"),
        ("csv", "text/csv"),
    ] {
        let r = c
            .get(s.url(&format!(
                "/api/export?format={fmt}&date={}",
                dates[dates.len() - 1]
            )))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "export {fmt}");
        let h = r.headers();
        assert!(
            h[reqwest::header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(ct),
            "{fmt}"
        );
        let cd = h[reqwest::header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            cd.starts_with("attachment;") && cd.contains(&format!(".{fmt}\"")),
            "{cd}"
        );
        assert!(!r.bytes().unwrap().is_empty(), "{fmt} export has content");
    }
    // `kind=mentions`: the stored reports' place mentions alone.
    let mentions: serde_json::Value = c
        .get(s.url("/api/export?format=geojson&kind=mentions"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let features = mentions["features"].as_array().unwrap();
    assert!(!features.is_empty());
    assert!(features
        .iter()
        .all(|f| f["properties"]["kind"] == "mention" && f["properties"]["report_id"].is_string()));

    // Geoparse stores nothing.
    let before = count_reports(&c, &s);
    let r = c
        .post(s.url("/api/geoparse"))
        .json(&json!({"text": "Shelling hit Azaz and Tal Rifaat overnight."}))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let fc = json_of(r);
    let names: Vec<&str> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["text"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Azaz"), "{names:?}");
    assert_eq!(count_reports(&c, &s), before);
    s.stop_gracefully();
}

#[test]
fn a_posted_report_survives_a_restart_with_its_evidence() {
    let (_dir, db) = temp_db();
    let text = "Syrian troops captured Nubl on Wednesday after a three-year rebel siege, state media said.";
    let (id, claims) = {
        let s = Server::start(&db, &["--no-demo"], &[]);
        let c = client();
        assert_eq!(
            count_reports(&c, &s).0,
            0,
            "--no-demo leaves the store empty"
        );
        let r = post_report(
            &c,
            &s,
            json!({"text": text, "date": "2016-02-03", "source": "test wire", "title": "Nubl"}),
        );
        assert_eq!(r.status(), StatusCode::CREATED);
        let loc = r.headers()[reqwest::header::LOCATION]
            .to_str()
            .unwrap()
            .to_string();
        let v = json_of(r);
        let id = v["id"].as_str().unwrap().to_string();
        assert_eq!(loc, format!("/api/reports/{id}"));
        let mentions = v["mentions"]["features"].as_array().unwrap();
        assert!(
            mentions.iter().any(|m| m["properties"]["name"] == "Nubl"),
            "{v}"
        );
        let claims = v["claims"].as_array().unwrap().clone();
        assert!(
            claims
                .iter()
                .any(|c| c["relation"] == "captured" && c["faction"] == "government"),
            "{v}"
        );
        assert!(claims.iter().all(|c| c["report_id"] == id.as_str()));
        let err = s.stop_gracefully();
        assert!(
            err.contains("shutting down") || err.contains("stopped"),
            "graceful stop: {err}"
        );
        (id, claims)
    };
    let s = Server::start(&db, &["--no-demo"], &[]);
    let c = client();
    let h = get(&c, &s, "/api/health");
    assert_eq!(h["reports"], 1);
    let r = get(&c, &s, &format!("/api/reports/{id}"));
    assert_eq!(r["text"], text);
    assert_eq!(r["date"], "2016-02-03");
    assert_eq!(r["source"], "test wire");
    assert_eq!(r["title"], "Nubl");
    assert_eq!(r["claims"].as_array().unwrap(), &claims);
    let nubl = claims
        .iter()
        .find(|c| c["name"] == "Nubl")
        .expect("a claim about Nubl");
    let pid = nubl["place_id"].as_str().unwrap();
    let place = get(&c, &s, &format!("/api/places/{pid}"));
    let evidence = place["claims"].as_array().unwrap();
    assert!(
        evidence.iter().any(|e| e["report_id"] == id.as_str()
            && e["source"] == "test wire"
            && text.contains(e["quote"].as_str().unwrap())),
        "{place}"
    );
    assert_eq!(place["state"]["faction"], "government", "{place}");
    let tl = get(&c, &s, "/api/timeline");
    assert!(tl["dates"]
        .as_array()
        .unwrap()
        .contains(&json!("2016-02-03")));
    s.stop_gracefully();
}

#[test]
fn concurrent_posts_are_all_stored_and_survive_a_kill() {
    let (_dir, db) = temp_db();
    let s = Server::start(&db, &["--no-demo"], &[]);
    let base = s.url("");
    let threads: Vec<_> = (0..6)
        .map(|t| {
            let base = base.clone();
            std::thread::spawn(move || {
                let c = client();
                (0..5)
                    .map(|i| {
                        let body = json!({
                            "text": format!("Report {t}-{i}: Syrian troops shelled Anadan and Hayyan."),
                            "date": format!("2016-02-0{}", 1 + (t + i) % 7),
                            "source": format!("wire {t}"),
                        });
                        let r = c.post(format!("{base}/api/reports")).json(&body).send().unwrap();
                        assert_eq!(r.status(), StatusCode::CREATED);
                        json_of(r)["id"].as_str().unwrap().to_string()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut ids: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30, "every post got its own id");
    // No graceful stop this time: committed reports survive a killed process.
    drop(s);
    let s = Server::start(&db, &["--no-demo"], &[]);
    let c = client();
    assert_eq!(count_reports(&c, &s).0, 30);
    for id in &ids {
        let r = get(&c, &s, &format!("/api/reports/{id}"));
        assert!(r["text"].as_str().unwrap().starts_with("Report "));
    }
    s.stop_gracefully();
}

#[test]
fn bad_input_gets_a_clear_4xx_and_stores_nothing() {
    let (_dir, db) = temp_db();
    let s = Server::start(&db, &["--no-demo"], &[]);
    let c = client();
    let r = post_report(
        &c,
        &s,
        json!({"text": "Rebels hold Azaz.", "date": "2016-02-04"}),
    );
    assert_eq!(r.status(), StatusCode::CREATED);
    let before = count_reports(&c, &s);

    let raw = |path: &str, body: &str| {
        c.post(s.url(path))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap()
    };
    for path in ["/api/reports", "/api/geoparse"] {
        let m = expect_error(raw(path, "{\"text\": \"Azaz"), StatusCode::BAD_REQUEST);
        assert!(m.contains("malformed JSON") && m.contains("line 1"), "{m}");
        let m = expect_error(
            raw(path, "{\"text\": 5, \"date\": \"2016-02-01\"}"),
            StatusCode::BAD_REQUEST,
        );
        assert!(m.contains("invalid type"), "{m}");
        expect_error(raw(path, "[\"Azaz\"]"), StatusCode::BAD_REQUEST);
        expect_error(raw(path, ""), StatusCode::BAD_REQUEST);
        let m = expect_error(
            raw(path, "{\"text\": \"   \", \"date\": \"2016-02-01\"}"),
            StatusCode::BAD_REQUEST,
        );
        assert!(m.contains("empty"), "{m}");
        let m = expect_error(
            raw(path, "{\"date\": \"2016-02-01\"}"),
            StatusCode::BAD_REQUEST,
        );
        assert!(m.contains("text"), "{m}");
        // 50 MB: refused with the limit in the message.
        let big = format!(
            "{{\"text\": \"{}\", \"date\": \"2016-02-01\"}}",
            "Azaz ".repeat(10 * 1024 * 1024)
        );
        let m = expect_error(raw(path, &big), StatusCode::PAYLOAD_TOO_LARGE);
        // Per route: a report may be longer than a text to geoparse.
        let limit = if path == "/api/reports" { 5 } else { 1 };
        assert_eq!(m, format!("request body too large: limit is {limit} MB"));
    }
    for (body, needle) in [
        (
            json!({"text": "Rebels hold Azaz.", "date": "2016-02-30"}),
            "2016-02-30",
        ),
        (
            json!({"text": "Rebels hold Azaz.", "date": "3 Feb 2016"}),
            "YYYY-MM-DD",
        ),
        (json!({"text": "Rebels hold Azaz."}), "date"),
        (
            json!({"text": "Rebels hold Azaz.", "date": 20160203}),
            "invalid type",
        ),
        (
            json!({"text": "Rebels hold Azaz.", "date": "2016-02-03", "source": ["a"]}),
            "invalid type",
        ),
        (
            json!({"text": "Rebels hold Azaz.", "date": "2016-02-03", "dat": "x"}),
            "unknown field",
        ),
    ] {
        let m = expect_error(post_report(&c, &s, body.clone()), StatusCode::BAD_REQUEST);
        assert!(m.contains(needle), "{body}: {m}");
    }

    for path in [
        "/api/zones?date=2016-02-30",
        "/api/zones?date=yesterday",
        "/api/export?format=shp",
        "/api/export",
        "/api/export?format=kml&date=2016-13-01",
        "/api/export?format=geojson&kind=villages",
        "/api/reports/abc",
        "/api/reports/0",
        "/api/reports/-1",
        "/api/reports?limit=-1",
        "/api/reports?limit=ten",
        "/api/places",
        "/api/places?q=",
        "/api/places/geonames:1?date=2016-02-31",
    ] {
        let m = expect_error(c.get(s.url(path)).send().unwrap(), StatusCode::BAD_REQUEST);
        assert!(!m.is_empty(), "{path}");
    }
    for path in [
        "/api/reports/999999",
        "/api/places/nowhere:1",
        "/api/no-such-route",
    ] {
        expect_error(c.get(s.url(path)).send().unwrap(), StatusCode::NOT_FOUND);
    }
    expect_error(
        c.delete(s.url("/api/reports")).send().unwrap(),
        StatusCode::METHOD_NOT_ALLOWED,
    );
    expect_error(
        c.get(s.url("/api/geoparse")).send().unwrap(),
        StatusCode::METHOD_NOT_ALLOWED,
    );

    // Path traversal out of web/ never reaches the file system above it.
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/vendor/../../Cargo.toml",
        "/vendor/%2e%2e/%2e%2e/Cargo.toml",
        "/%2fetc%2fpasswd",
        "/..\\Cargo.toml",
    ] {
        let (status, text) = raw_get(s.addr(), path);
        assert!((400..500).contains(&status), "{path}: {status}");
        assert!(
            !text.contains("[package]") && !text.contains("root:"),
            "{path} leaked a file"
        );
    }

    assert_eq!(
        count_reports(&c, &s),
        before,
        "nothing stored by bad requests"
    );
    s.stop_gracefully();
}

#[test]
fn changes_between_two_dates() {
    let (_dir, db) = temp_db();
    let s = Server::start(&db, &["--no-demo"], &[]);
    let c = client();
    for (text, date) in [
        ("Rebels hold Hardatnin and Azaz.", "2016-02-01"),
        (
            "Syrian troops captured Hardatnin on Thursday.",
            "2016-02-04",
        ),
    ] {
        let r = post_report(
            &c,
            &s,
            json!({"text": text, "date": date, "source": "wire"}),
        );
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let v = get(&c, &s, "/api/changes?from=2016-02-02");
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("2016-02-02"), Some("2016-02-04"))
    );
    let ch = v["changes"].as_array().unwrap();
    assert_eq!(ch.len(), 1, "{v}");
    assert_eq!(ch[0]["name"], "Hardatin");
    assert_eq!(
        (
            ch[0]["before"]["faction"].as_str(),
            ch[0]["after"]["faction"].as_str()
        ),
        (Some("opposition"), Some("government"))
    );
    assert!(ch[0]["evidence"][0]["quote"]
        .as_str()
        .unwrap()
        .contains("captured"));
    // Up to a date before the capture: nothing changed.
    let v = get(&c, &s, "/api/changes?from=2016-02-02&to=2016-02-03");
    assert_eq!(v["changes"].as_array().unwrap().len(), 0, "{v}");
    let r = c
        .get(s.url("/api/changes?from=2016-01-01&format=csv"))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(
        r.text().unwrap().lines().count(),
        3,
        "header and two places"
    );
    for (q, needle) in [
        ("", "missing from"),
        ("?from=2016-02-31", "2016-02-31"),
        ("?from=2016-02-05&to=2016-02-01", "before from"),
        ("?from=2016-02-01&format=xml", "xml"),
    ] {
        let r = c.get(s.url(&format!("/api/changes{q}"))).send().unwrap();
        let m = expect_error(r, StatusCode::BAD_REQUEST);
        assert!(m.contains(needle), "{q}: {m}");
    }
}

#[test]
fn a_bearer_token_guards_writes_only() {
    let (_dir, db) = temp_db();
    let s = Server::start(&db, &["--no-demo", "--token", "s3cret-token"], &[]);
    let c = client();
    let body = json!({"text": "Kurdish fighters took Ziyarah.", "date": "2016-02-06"});
    let m = expect_error(post_report(&c, &s, body.clone()), StatusCode::UNAUTHORIZED);
    assert!(m.contains("bearer token"), "{m}");
    let r = c
        .post(s.url("/api/reports"))
        .bearer_auth("wrong")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(r.headers()[reqwest::header::WWW_AUTHENTICATE], "Bearer");
    expect_error(r, StatusCode::UNAUTHORIZED);
    let r = c
        .post(s.url("/api/reports"))
        .header("authorization", "Basic czNjcmV0LXRva2Vu")
        .json(&body)
        .send()
        .unwrap();
    expect_error(r, StatusCode::UNAUTHORIZED);
    assert_eq!(count_reports(&c, &s).0, 0);
    let r = c
        .post(s.url("/api/reports"))
        .bearer_auth("s3cret-token")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(count_reports(&c, &s).0, 1);
    // Reads need no token; geoparsing (CPU) does when the server has one.
    get(&c, &s, "/api/reports");
    get(&c, &s, "/api/zones");
    let r = c
        .post(s.url("/api/geoparse"))
        .json(&json!({"text": "Afrin"}))
        .send()
        .unwrap();
    expect_error(r, StatusCode::UNAUTHORIZED);
    let r = c
        .post(s.url("/api/geoparse"))
        .bearer_auth("s3cret-token")
        .json(&json!({"text": "Afrin"}))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    s.stop_gracefully();
}

#[test]
fn a_postgres_server_that_is_down_is_named_clearly() {
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--db",
            // Nothing listens on the discard port.
            "postgres://frontline@127.0.0.1:9/frontline",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot connect to PostgreSQL at postgres://frontline@127.0.0.1:9/frontline"),
        "{err}"
    );
}
