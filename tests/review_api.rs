//! Review over HTTP with the real `frontline serve`: named tokens on every
//! write route (refused without a valid one, nothing stored), the token's
//! name in the audit log (JSON and CSV), the review list, the export, a
//! re-analysis, and `--private` reads.

mod support;

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::server::Server;

const TOKEN_A: &str = "ana-token-7f3c9e";
const TOKEN_B: &str = "ben-token-51d2aa";

fn client() -> Client {
    Client::builder()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap()
}

fn send(r: RequestBuilder) -> (StatusCode, Value) {
    let r = r.send().unwrap();
    let status = r.status();
    let text = r.text().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn sha256_hex(s: &str) -> String {
    frontline::server::tokens::hex(&frontline::server::tokens::digest(s))
}

#[test]
fn writes_need_a_named_token_and_the_audit_log_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens.txt");
    // Ana's token in plain text, Ben's only as its digest.
    std::fs::write(
        &tokens,
        format!(
            "# analysts\nana:{TOKEN_A}\nben:sha256:{}\n",
            sha256_hex(TOKEN_B)
        ),
    )
    .unwrap();
    let db = dir.path().join("r.sqlite");
    let s = Server::start(
        &db,
        &["--no-demo", "--tokens-file", tokens.to_str().unwrap()],
        &[],
    );
    let c = client();
    let report = json!({
        "text": "Government troops captured the village of Kiffin after heavy clashes on Monday.",
        "date": "2016-02-08", "source": "wire"
    });
    let (st, posted) = send(
        c.post(s.url("/api/reports"))
            .bearer_auth(TOKEN_A)
            .json(&report),
    );
    assert_eq!(st, StatusCode::CREATED, "{posted}");
    let claim = posted["claims"][0].clone();
    let claim_id = claim["claim_id"].as_str().unwrap().to_string();
    let place = claim["place_id"].as_str().unwrap().to_string();

    // Every write route refuses a missing or wrong token, and stores nothing.
    let writes: [(&str, Value); 4] = [
        ("/api/reports", report.clone()),
        ("/api/geoparse", json!({"text": "Kiffin"})),
        (
            "/api/corrections",
            json!({"action": "reject", "claim": claim_id, "reason": "x"}),
        ),
        ("/api/reanalyse", json!({})),
    ];
    for (path, body) in &writes {
        for token in [None, Some("wrong"), Some(&TOKEN_A[..TOKEN_A.len() - 1])] {
            let mut r = c.post(s.url(path)).json(body);
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            let (st, v) = send(r);
            assert_eq!(st, StatusCode::UNAUTHORIZED, "{path} with {token:?}: {v}");
        }
    }
    // GET /api/whoami: the web map's token check; the name, or a 401 for a bad token.
    let (st, who) = send(c.get(s.url("/api/whoami")).bearer_auth(TOKEN_B));
    assert_eq!(st, StatusCode::OK, "{who}");
    assert_eq!(who["name"], "ben");
    assert_eq!(who["tokens"], true);
    for token in [None, Some("wrong")] {
        let mut r = c.get(s.url("/api/whoami"));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let (st, v) = send(r);
        assert_eq!(st, StatusCode::UNAUTHORIZED, "whoami with {token:?}: {v}");
    }
    let (_, audit) = send(c.get(s.url("/api/audit")));
    assert_eq!(audit["corrections"], json!([]));
    let (_, health) = send(c.get(s.url("/api/health")));
    assert_eq!(health["reports"], 1);

    // Ben rejects the claim: the audit log says Ben, whatever the body claims.
    let (st, stored) = send(
        c.post(s.url("/api/corrections"))
            .bearer_auth(TOKEN_B)
            .json(&json!({
                "action": "reject", "claim": claim_id, "author": "mallory",
                "reason": "the clashes were elsewhere, not a capture"
            })),
    );
    assert_eq!(st, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["author"], "ben");
    let (st, e) = send(
        c.post(s.url("/api/corrections"))
            .bearer_auth(TOKEN_A)
            .json(&json!({
                "action": "confirm", "claim": "ffffffffffff", "reason": "sure"
            })),
    );
    assert_eq!(st, StatusCode::NOT_FOUND, "{e}");
    let (st, e) = send(
        c.post(s.url("/api/corrections"))
            .bearer_auth(TOKEN_A)
            .json(&json!({
                "action": "add", "place_id": place, "faction": "opposition", "date": "2016-02-09",
                "reason": "phone call", "source": "phone call", "relation": "recaptured"
            })),
    );
    assert_eq!(st, StatusCode::BAD_REQUEST, "{e}");
    assert!(e["error"].as_str().unwrap().contains("relation"), "{e}");
    let (st, added) = send(c.post(s.url("/api/corrections")).bearer_auth(TOKEN_A).json(&json!({
        "action": "add", "place_id": place, "faction": "opposition", "date": "2016-02-09",
        "relation": "captured", "source": "phone call", "quote": "Rebels are back in the village.",
        "reason": "phone call with a resident"
    })));
    assert_eq!(st, StatusCode::CREATED, "{added}");

    let (_, audit) = send(c.get(s.url("/api/audit")));
    let rows = audit["corrections"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (&rows[0]["author"], &rows[0]["action"], &rows[0]["target"]),
        (&json!("ben"), &json!("reject"), &json!(claim_id))
    );
    assert_eq!(rows[0]["applies"], true);
    assert_eq!(rows[1]["author"], "ana");
    let csv = c
        .get(s.url("/api/audit?format=csv"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,at,author,action,target,reason,undone,applies,details")
    );
    let first = lines.next().unwrap();
    assert!(
        first.starts_with("1,") && first.contains(",ben,reject,"),
        "{first}"
    );

    // The review list shows the rejected claim; the place page marks it.
    let (_, review) = send(c.get(s.url("/api/review")));
    assert_eq!(review["rejected"][0]["claim_id"], json!(claim_id));
    assert_eq!(review["rejected"][0]["review"]["corrected_by"], "ben");
    let (_, p) = send(c.get(s.url(&format!("/api/places/{place}"))));
    let claims = p["claims"].as_array().unwrap();
    assert!(claims
        .iter()
        .any(|c| c["claim_id"] == json!(claim_id) && c["rejected"] == true));
    assert_eq!(p["state"]["faction"], "opposition", "{p}");

    // The export: the place held by the opposition, from Ana's phone call.
    let (_, fc) = send(c.get(s.url("/api/export?format=geojson")));
    let f = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["kind"] == "place" && f["properties"]["place_id"] == json!(place))
        .expect("the place is drawn");
    assert_eq!(f["properties"]["faction"], "opposition");
    assert_eq!(f["properties"]["reviewed"], true);
    assert_eq!(f["properties"]["corrected_by"], "ana");
    assert_eq!(
        f["properties"]["correction_reason"],
        "phone call with a resident"
    );

    // A re-analysis with the token: nothing left to read, the rejection kept.
    let (st, re) = send(
        c.post(s.url("/api/reanalyse"))
            .bearer_auth(TOKEN_A)
            .json(&json!({"all": true})),
    );
    assert_eq!(st, StatusCode::OK, "{re}");
    assert_eq!(
        (re["reports"].as_u64(), re["remaining"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(re["carried"], 1);
    assert_eq!(re["unmatched"], json!([]));
    s.stop();
}

#[test]
fn a_private_server_needs_a_token_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    let s = Server::start(
        &db,
        &["--no-demo", "--private"],
        &[("FRONTLINE_TOKENS", &format!("ana:{TOKEN_A}, ben:{TOKEN_B}"))],
    );
    let c = client();
    for path in ["/api/zones", "/api/audit", "/api/review", "/api/reports"] {
        let (st, _) = send(c.get(s.url(path)));
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{path}");
        let (st, v) = send(c.get(s.url(path)).bearer_auth(TOKEN_B));
        assert_eq!(st, StatusCode::OK, "{path}: {v}");
    }
    let (st, _) = send(c.get(s.url("/api/health")));
    assert_eq!(st, StatusCode::OK);
    drop(s);
    // --private without any token is refused at start-up.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args([
            "serve",
            "--no-demo",
            "--private",
            "--addr",
            "127.0.0.1:0",
            "--db",
        ])
        .arg(&db)
        .env_remove("FRONTLINE_TOKEN")
        .env_remove("FRONTLINE_TOKENS")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--private needs tokens"));
}
