//! Safe by default, through the real `frontline serve` on loopback: cross-site
//! writes, rebinding Host names, empty tokens, out-of-range dates, bad static
//! paths, kept-alive connections after a 401, and text with Unicode spaces
//! through both POST routes (issue 11).

use reqwest::blocking::Client;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
mod support;
use support::server::Server;

/// The server on DB without the demo, with EXTRA arguments and ENV.
fn start(db: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let mut args = vec!["--no-demo"];
    args.extend_from_slice(extra);
    Server::start(db, &args, env)
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

fn error_of(r: reqwest::blocking::Response, status: StatusCode) -> String {
    assert_eq!(r.status(), status, "{}", r.url());
    assert!(r.headers().contains_key("x-request-id"));
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("application/json"), "content type {ct}");
    let v: Value = r.json().unwrap();
    v["error"].as_str().expect("an error message").to_string()
}

fn reports(c: &Client, s: &Server) -> u64 {
    let v: Value = c.get(s.url("/api/health")).send().unwrap().json().unwrap();
    v["reports"].as_u64().unwrap()
}

/// Sends raw HTTP/1.1 requests on one connection; returns each status.
fn on_one_connection(addr: &str, requests: &[String]) -> Vec<u16> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut statuses = Vec::new();
    for req in requests {
        stream.write_all(req.as_bytes()).unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        let code: u16 = status.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut len = 0usize;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            if h.trim().is_empty() {
                break;
            }
            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        statuses.push(code);
    }
    statuses
}

#[test]
fn cross_site_writes_and_rebinding_hosts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(&dir.path().join("x.sqlite"), &[], &[]);
    let c = client();
    let body = json!({"text": "Rebels hold Azaz.", "date": "2016-02-04"});
    // A page on another site posting with fetch() or a form.
    let r = c
        .post(s.url("/api/reports"))
        .header("origin", "http://evil.example")
        .json(&body)
        .send()
        .unwrap();
    let m = error_of(r, StatusCode::FORBIDDEN);
    assert!(
        m.contains("cross-site") && m.contains("evil.example"),
        "{m}"
    );
    // The "simple" requests a browser sends without a preflight.
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let r = c
            .post(s.url("/api/reports"))
            .header("content-type", ct)
            .body(body.to_string())
            .send()
            .unwrap();
        let m = error_of(r, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(m.contains("application/json"), "{m}");
    }
    assert_eq!(reports(&c, &s), 0, "nothing stored");
    // DNS rebinding: the browser sends the attacker's host name.
    let r = c
        .get(s.url("/api/reports"))
        .header("host", "rebind.evil.example:8080")
        .send()
        .unwrap();
    let m = error_of(r, StatusCode::MISDIRECTED_REQUEST);
    assert!(m.contains("--public-host rebind.evil.example"), "{m}");
    // Same-origin writes from the map page and plain API clients go through.
    let r = c
        .post(s.url("/api/reports"))
        .header("origin", s.url(""))
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = c
        .get(s.url("/api/health"))
        .header(
            "host",
            format!("localhost:{}", s.addr().rsplit(':').next().unwrap()),
        )
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    drop(s);
    // --public-host widens the list.
    let s = start(
        &dir.path().join("x.sqlite"),
        &["--public-host", "map.newsroom.example"],
        &[],
    );
    let r = c
        .get(s.url("/api/health"))
        .header("host", "map.newsroom.example")
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[test]
fn empty_tokens_are_refused_at_start_up_and_tokens_come_from_env_or_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let refuse = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontline"));
        cmd.args(["serve", "--addr", "127.0.0.1:0", "--no-demo", "--db"])
            .arg(&db)
            .args(args)
            .env_remove("FRONTLINE_TOKEN");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?} {env:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = refuse(&["--token", ""], &[]);
    assert!(e.contains("--token: the token is empty"), "{e}");
    let e = refuse(&[], &[("FRONTLINE_TOKEN", "  ")]);
    assert!(e.contains("FRONTLINE_TOKEN: the token is empty"), "{e}");
    let empty = dir.path().join("empty-token");
    std::fs::write(&empty, "\n").unwrap();
    let e = refuse(&["--token-file", empty.to_str().unwrap()], &[]);
    assert!(e.contains("the token is empty"), "{e}");

    let file = dir.path().join("token");
    std::fs::write(&file, "file-token-123\n").unwrap();
    let c = client();
    for s in [
        start(&db, &["--token-file", file.to_str().unwrap()], &[]),
        start(&db, &[], &[("FRONTLINE_TOKEN", "file-token-123")]),
    ] {
        let body = json!({"text": "Afrin"});
        let r = c.post(s.url("/api/geoparse")).json(&body).send().unwrap();
        error_of(r, StatusCode::UNAUTHORIZED);
        // A longer token that starts with the right one is still wrong.
        let r = c
            .post(s.url("/api/geoparse"))
            .bearer_auth("file-token-123file-token-123")
            .json(&body)
            .send()
            .unwrap();
        error_of(r, StatusCode::UNAUTHORIZED);
        let r = c
            .post(s.url("/api/geoparse"))
            .bearer_auth("file-token-123")
            .json(&body)
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
}

#[test]
fn a_401_keeps_the_connection_alive() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(
        &dir.path().join("k.sqlite"),
        &[],
        &[("FRONTLINE_TOKEN", "tok")],
    );
    let body = json!({"text": "Rebels hold Azaz.", "date": "2016-02-04"}).to_string();
    let post = |auth: &str| {
        format!(
            "POST /api/reports HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
            s.addr(),
            body.len()
        )
    };
    let get = format!("GET /api/health HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr());
    let statuses = on_one_connection(
        s.addr(),
        &[
            post(""),
            get.clone(),
            post("Authorization: Bearer tok\r\n"),
            get,
        ],
    );
    assert_eq!(statuses, vec![401, 200, 201, 200]);
}

#[test]
fn dates_outside_1900_to_tomorrow_are_a_400() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(&dir.path().join("d.sqlite"), &[], &[]);
    let c = client();
    for d in ["9999-12-31", "0000-01-01", "1899-12-31"] {
        let r = c
            .post(s.url("/api/reports"))
            .json(&json!({"text": "Rebels hold Azaz.", "date": d}))
            .send()
            .unwrap();
        let m = error_of(r, StatusCode::BAD_REQUEST);
        assert!(
            m.contains(&format!(
                "date {d} is out of range (dates run from 1900-01-01 to"
            )),
            "{m}"
        );
        let r = c
            .get(s.url(&format!("/api/zones?date={d}")))
            .send()
            .unwrap();
        error_of(r, StatusCode::BAD_REQUEST);
    }
    assert_eq!(reports(&c, &s), 0);
}

#[test]
fn a_nul_in_a_posted_report_is_a_400_and_other_controls_are_stored_as_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(&dir.path().join("n.sqlite"), &[], &[]);
    let c = client();
    for (field, body) in [
        (
            "text",
            json!({"text": "Rebels hold\u{0}Azaz.", "date": "2016-02-04"}),
        ),
        (
            "title",
            json!({"text": "Rebels hold Azaz.", "date": "2016-02-04", "title": "a\u{0}"}),
        ),
    ] {
        let r = c.post(s.url("/api/reports")).json(&body).send().unwrap();
        let m = error_of(r, StatusCode::BAD_REQUEST);
        assert!(
            m.contains(&format!("\"{field}\" holds a NUL character at byte offset")),
            "{m}"
        );
    }
    assert_eq!(reports(&c, &s), 0);
    let r = c
        .post(s.url("/api/reports"))
        .json(&json!({"text": "Rebels hold\u{c}Azaz.", "date": "2016-02-04"}))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().unwrap();
    let id = created["id"].as_str().unwrap_or_default().to_string();
    let stored: Value = c
        .get(s.url(&format!("/api/reports/{id}")))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(stored["text"], "Rebels hold Azaz.", "{stored}");
}

#[test]
fn static_errors_are_json_4xx() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(&dir.path().join("s.sqlite"), &[], &[]);
    let c = client();
    let r = c.get(s.url("/no-such-file.js")).send().unwrap();
    error_of(r, StatusCode::NOT_FOUND);
    let r = c
        .get(s.url(&format!("/{}", "a".repeat(300))))
        .send()
        .unwrap();
    error_of(r, StatusCode::URI_TOO_LONG);
    let r = c
        .post(s.url("/index.html"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .unwrap();
    error_of(r, StatusCode::METHOD_NOT_ALLOWED);
    let r = c.get(s.url("/")).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[test]
fn unicode_spaces_go_through_both_post_routes() {
    let dir = tempfile::tempdir().unwrap();
    let s = start(&dir.path().join("u.sqlite"), &[], &[]);
    let c = client();
    for space in [
        '\u{a0}', '\u{2003}', '\u{3000}', '\u{2028}', '\u{1680}', '\u{200f}',
    ] {
        let text = format!(
            "Government forces entered{space}Nubl.{space}\u{1F6A8} Rebels said{space}Azaz was shelled. \u{200f}حلب\u{200f} {}",
            "x".repeat(3000)
        );
        let r = c
            .post(s.url("/api/geoparse"))
            .json(&json!({ "text": text }))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "U+{:04X}", space as u32);
        let fc: Value = r.json().unwrap();
        let names: Vec<&str> = fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"Nubl") && names.contains(&"Azaz"),
            "{names:?}"
        );
        let r = c
            .post(s.url("/api/reports"))
            .json(&json!({"text": text, "date": "2016-02-04"}))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED, "U+{:04X}", space as u32);
    }
    assert_eq!(reports(&c, &s), 6);
}
