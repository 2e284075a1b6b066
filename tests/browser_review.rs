//! Analyst review in the real browser: `frontline serve` on a fresh SQLite store (demo data)
//! with a tokens file, driven in headless Chromium over WebDriver. The analyst rejects a
//! wrong claim from the report panel (signing in through the token prompt after a wrong
//! token is refused), re-points a mention to the other place of that name, and adds a claim
//! from a place's popup; then the map's markers, the changes list, the GeoJSON export (API
//! and `frontline export`) and the audit log show all three under the token's name. Then a
//! "wrong side" from a popup and an undo from the rejected list. Also:
//! a revoked token brings the prompt back and stores nothing, the Review list works from the
//! keyboard, the panel and the dialog fit a 375 px phone, and a `--private` server asks for
//! the token before the first read.
//!
//! Needs Debian's `chromium` and `chromium-driver`, like tests/browser.rs.

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

mod support;
use support::browser::{
    chrome_caps, get_json, js, open_browser, start_chromedriver, wait_js_or, Diagnosis, WAIT,
};
use support::server::Server;

const ALICE: &str = "alice-7d1e0c55-token";
const BOB: &str = "bob-0f93aa21-token";

/// A report written for this test, modelled on wire copy: the army takes a town (the claim
/// the analyst rejects) and rebels take "Babila near Saraqib", which the parser reads as the
/// bigger Babila near Damascus (the mention the analyst re-points to the Idlib village).
const REPORT: &str = "Syrian government forces captured the town of Khan Shaykhun on Wednesday \
    after heavy shelling, a military source said. In the eastern Idlib countryside, rebel \
    fighters took control of Babila after clashes with pro-government militias near \
    Saraqib.";
const REPORT_DATE: &str = "2018-05-02";
const MANUAL_DATE: &str = "2018-05-03";
const MANUAL_QUOTE: &str =
    "Army units entered Saraqib on Thursday morning, a council member said by phone.";

/// The review dialogs' errors beside the map's banner, and `review-failure.png`.
const REVIEW_PAGE: Diagnosis = Diagnosis {
    script: "const e=document.querySelector('#error');return (e&&!e.hidden?e.textContent:'') + \
             ' | review dialog: ' + (document.querySelector('#review-error').textContent||'') + \
             ' | token dialog: ' + (document.querySelector('#token-error').textContent||'');",
    screenshot: "review-failure.png",
};

/// Runs a script in the page until it returns something truthy; returns that value.
async fn wait_js(c: &Client, what: &str, script: &str) -> Value {
    wait_js_or(c, what, script, &REVIEW_PAGE).await
}

async fn click(c: &Client, css: &str) {
    let e = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    e.click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let e = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    e.clear().await.unwrap();
    e.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
}

/// The places of a FeatureCollection by id (whole places; parts are skipped).
fn places(fc: &Value) -> std::collections::HashMap<String, Value> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "place" && f["properties"]["part"].is_null())
        .map(|f| {
            (
                f["properties"]["place_id"].as_str().unwrap().to_string(),
                f["properties"].clone(),
            )
        })
        .collect()
}

/// Whether a place's evidence has an item reviewed by `who`.
fn reviewed_by(p: &Value, who: &str) -> bool {
    p["evidence"].as_array().is_some_and(|ev| {
        ev.iter()
            .any(|e| e["corrected_by"] == who && e["reviewed"] == true)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_corrects_the_map_in_the_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let tokens = tmp.path().join("tokens.txt");
    std::fs::write(&tokens, format!("# reviewers\nalice:{ALICE}\nbob:{BOB}\n")).unwrap();
    let db = tmp.path().join("frontline.sqlite");

    let (_driver, driver_port) = start_chromedriver(tmp.path());
    let server = Server::start(&db, &["--tokens-file", tokens.to_str().unwrap()], &[]);
    let base = server.url.clone();
    let http = reqwest::Client::new();

    let c = open_browser(driver_port, chrome_caps(&profile, Some(&downloads))).await;

    // Steps run in a task so that a failing assertion still closes the browser below.
    let steps = {
        let (c, base, db, tokens, downloads) = (
            c.clone(),
            base.clone(),
            db.clone(),
            tokens.clone(),
            downloads.clone(),
        );
        tokio::spawn(async move {
            review_steps(&c, &http, &base, &db).await;
            private_step(&c, &tokens, &downloads).await;
            tokenless_step(&c).await;
        })
    };
    let outcome = steps.await;
    let _ = c.close().await;
    drop(server);
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(p) => std::panic::resume_unwind(p),
            Err(e) => panic!("browser steps did not finish: {e}"),
        }
    }
}

async fn review_steps(c: &Client, http: &reqwest::Client, base: &str, db: &Path) {
    // ---- the report, stored through the API (the browser shows it like any stored one)
    let res = http
        .post(format!("{base}/api/reports"))
        .bearer_auth(BOB)
        .json(&json!({"text": REPORT, "date": REPORT_DATE, "source": "Test Wire", "title": "Rebels and army trade villages"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "report not stored");
    let posted: Value = res.json().await.unwrap();
    let report_id = posted["id"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| posted["id"].to_string());
    let claims = posted["claims"].as_array().unwrap();
    let khan = claims
        .iter()
        .find(|c| c["name"] == "Khan Shaykhun" && c["faction"] == "government")
        .unwrap_or_else(|| panic!("no government claim on Khan Shaykhun: {posted}"));
    let khan_claim = khan["claim_id"].as_str().unwrap().to_string();
    let khan_id = khan["place_id"].as_str().unwrap().to_string();
    let babila = posted["mentions"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["text"] == "Babila")
        .unwrap_or_else(|| panic!("no mention of Babila: {posted}"))["properties"]
        .clone();
    let babila_wrong = babila["place_id"].as_str().unwrap().to_string();
    let babila_claim = claims
        .iter()
        .find(|c| c["place_id"] == babila_wrong.as_str())
        .unwrap_or_else(|| panic!("no claim on Babila: {posted}"))["claim_id"]
        .as_str()
        .unwrap()
        .to_string();
    let found = get_json(http, &format!("{base}/api/places?q=Babila")).await;
    let babila_right = found["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Babila" && p["id"] != babila_wrong.as_str())
        .unwrap_or_else(|| panic!("no second Babila in the gazetteer: {found}"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let saraqib = get_json(http, &format!("{base}/api/places?q=Saraqib")).await["places"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let region = get_json(http, &format!("{base}/api/region")).await;
    let fill = |id: &str| -> String {
        region["factions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no faction {id}"))["fill"]
            .as_str()
            .unwrap()
            .to_lowercase()
    };
    // What the map said before the report: Khan Shaykhun goes back to that holder.
    let before = places(&get_json(http, &format!("{base}/api/zones?date=2018-04-14")).await);
    let khan_before = before[&khan_id]["faction"].as_str().unwrap().to_string();
    assert_ne!(
        khan_before, "government",
        "the test needs Khan Shaykhun held by another side before the report"
    );
    let now = places(&get_json(http, &format!("{base}/api/zones")).await);
    assert_eq!(now[&khan_id]["faction"], "government");
    assert_eq!(now[&babila_wrong]["faction"], "opposition");
    assert_ne!(now[&babila_right]["faction"], "opposition");
    assert_ne!(now[&saraqib]["faction"], "government");

    // ---- the page, on the latest map
    c.goto(base).await.unwrap();
    wait_js(
        c,
        "the map to load",
        "return document.body.dataset.ready === '1' && document.body.dataset.reviewList;",
    )
    .await;
    let marker_fill = |id: &str| {
        format!(
            "const m = document.querySelector('path.fl-place[data-place-id=\"{id}\"]'); return m ? m.getAttribute('fill').toLowerCase() : 'absent';"
        )
    };
    assert_eq!(
        js(c, &marker_fill(&khan_id)).await,
        json!(fill("government"))
    );

    // ---- 1. reject the Khan Shaykhun claim from the report panel
    click(
        c,
        &format!("#reports-list li[data-report-id=\"{report_id}\"]"),
    )
    .await;
    click(
        c,
        &format!("tr.claim-quote[data-claim-id=\"{khan_claim}\"] button[data-review=reject]"),
    )
    .await;
    type_into(
        c,
        "#review-reason",
        "The town was shelled, not taken: the source reports no entry.",
    )
    .await;
    // what the README shows: the correction dialog over the report panel
    if let Ok(png) = c.screenshot().await {
        let art = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
        let _ = std::fs::create_dir_all(&art);
        let _ = std::fs::write(art.join("review-desktop.png"), png);
    }
    click(c, "#review-submit").await;
    // no token yet: the prompt opens; a wrong token is refused and the prompt stays
    wait_js(
        c,
        "the token prompt",
        "return document.querySelector('#token-dialog').open;",
    )
    .await;
    type_into(c, "#token-input", "not-a-valid-token").await;
    click(c, "#token-ok").await;
    let refused = wait_js(
        c,
        "the wrong token to be refused",
        "const e = document.querySelector('#token-error'); return e.hidden ? '' : e.textContent;",
    )
    .await;
    assert!(
        refused.as_str().unwrap().contains("401"),
        "the prompt does not show the refusal: {refused}"
    );
    assert_eq!(
        js(c, "return document.querySelector('#token-dialog').open;").await,
        json!(true)
    );
    let audit = get_json(http, &format!("{base}/api/audit")).await;
    assert_eq!(
        audit["corrections"],
        json!([]),
        "a write with a wrong token was stored"
    );
    // the right one: the correction goes through under Alice's name
    type_into(c, "#token-input", ALICE).await;
    click(c, "#token-ok").await;
    let status = wait_js(
        c,
        "the rejection to be stored",
        "return document.body.dataset.reviewed === '1' && document.querySelector('#review-status').textContent;",
    )
    .await;
    assert!(
        status.as_str().unwrap().contains("stored by alice"),
        "{status}"
    );
    let session = js(
        c,
        "return [document.querySelector('#session-name').textContent, sessionStorage.getItem('frontline.session-token'), localStorage.getItem('frontline.token')];",
    )
    .await;
    assert_eq!(
        session,
        json!(["Signed in as alice", ALICE, null]),
        "the token is kept in this tab only"
    );
    // the map redrew: Khan Shaykhun has its earlier holder's colour again
    wait_js(
        c,
        "Khan Shaykhun to go back to its earlier holder",
        &format!(
            "const m = document.querySelector('path.fl-place[data-place-id=\"{khan_id}\"]'); \
             return m && m.getAttribute('fill').toLowerCase() === '{}';",
            fill(&khan_before)
        ),
    )
    .await;
    // the claim stays listed in the report panel, struck through, with who rejected it
    let row = wait_js(
        c,
        "the rejected claim in the report panel",
        &format!("const r = document.querySelector('tr.claim-quote.rejected[data-claim-id=\"{khan_claim}\"] .fl-reviewed'); return r ? r.textContent : '';"),
    )
    .await;
    assert!(row.as_str().unwrap().contains("alice"), "{row}");

    // ---- 2. re-point the Babila mention to the Idlib village
    click(
        c,
        &format!("#report-highlighted mark[data-place-id=\"{babila_wrong}\"]"),
    )
    .await;
    click(c, "#mention-move").await;
    type_into(c, "#review-place-q", "Babila").await;
    click(
        c,
        &format!("#review-place-results li[data-place-id=\"{babila_right}\"]"),
    )
    .await;
    type_into(
        c,
        "#review-reason",
        "The report places it near Saraqib: the Idlib village.",
    )
    .await;
    click(c, "#review-submit").await;
    wait_js(
        c,
        "the move to be stored",
        "return document.body.dataset.reviewed === '2';",
    )
    .await;
    assert_eq!(
        js(c, &marker_fill(&babila_right)).await,
        json!(fill("opposition"))
    );
    assert_ne!(
        js(c, &marker_fill(&babila_wrong)).await,
        json!(fill("opposition"))
    );

    // ---- 3. add a claim from Saraqib's popup (found with the search box)
    type_into(c, "#place-q", "Saraqib\n").await;
    click(
        c,
        &format!(".fl-place-popup[data-place-id=\"{saraqib}\"] button[data-review=add]"),
    )
    .await;
    js(
        c,
        &format!(
            "document.querySelector('#review-faction').value = 'government'; \
             document.querySelector('#review-relation').value = 'holds'; \
             document.querySelector('#review-date').value = '{MANUAL_DATE}'; return 1;"
        ),
    )
    .await;
    type_into(c, "#review-source", "phone call").await;
    type_into(c, "#review-quote", MANUAL_QUOTE).await;
    type_into(
        c,
        "#review-reason",
        "Confirmed by phone with the local council.",
    )
    .await;
    click(c, "#review-submit").await;
    wait_js(
        c,
        "the manual claim to be stored",
        "return document.body.dataset.reviewed === '3';",
    )
    .await;
    // the map moved to the new latest date, Saraqib in the army's colour, and its popup
    // (opened again after the write) says who added the claim and why
    wait_js(c, "the new latest date", &format!("return document.body.dataset.drawn === '{MANUAL_DATE}' || document.body.dataset.drawn === 'latest';")).await;
    assert_eq!(
        js(c, &marker_fill(&saraqib)).await,
        json!(fill("government"))
    );
    let note = wait_js(
        c,
        "Saraqib's popup to name the reviewer",
        &format!("const n = document.querySelector('.fl-place-popup[data-place-id=\"{saraqib}\"] .fl-evidence .fl-reviewed'); return n ? n.textContent : '';"),
    )
    .await;
    assert!(
        note.as_str().unwrap().contains("alice") && note.as_str().unwrap().contains("by phone"),
        "{note}"
    );
    // the legend counts what is drawn: the army's count is its places on the map
    let counts = js(
        c,
        "const li = document.querySelector('#legend li[data-faction=government]'); \
         const n = window.frontline.state.placeFeatures.filter(f => f.properties.faction === 'government').length; \
         return [Number(li.dataset.count), n];",
    )
    .await;
    assert_eq!(
        counts[0], counts[1],
        "legend count is not the places drawn: {counts}"
    );

    // ---- a place nothing is known of (a Turkish border town): the search opens a popup
    // that says so and offers a first claim
    let kumlu = get_json(http, &format!("{base}/api/places?q=Kumlu")).await["places"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(js(c, &marker_fill(&kumlu)).await, json!("absent"));
    type_into(c, "#place-q", "Kumlu\n").await;
    let popup = wait_js(
        c,
        "the popup of a place without claims",
        &format!(
            "const p = document.querySelector('.fl-place-popup[data-place-id=\"{kumlu}\"]'); \
             return p && p.querySelector('button[data-review=add]') ? p.textContent : '';"
        ),
    )
    .await;
    assert!(popup.as_str().unwrap().contains("No claim"), "{popup}");
    js(c, "window.frontline.map.closePopup(); return 1;").await;

    // ---- the changes list (panel and API) since before the report
    js(
        c,
        "const i = document.querySelector('#changes-from'); i.value = '2018-05-01'; \
         i.dispatchEvent(new Event('change')); return 1;",
    )
    .await;
    wait_js(
        c,
        "the changes since 2018-05-01",
        "return (document.body.dataset.changes || '').includes('from=2018-05-01');",
    )
    .await;
    let listed = js(
        c,
        "return [...document.querySelectorAll('#changes-list li.fl-change')].map(li => \
           [li.dataset.placeId, (li.querySelector('.fl-reviewed') || {dataset: {}}).dataset.correctedBy || null]);",
    )
    .await;
    let listed: Vec<(String, Option<String>)> = serde_json::from_value(listed).unwrap();
    for id in [&babila_right, &saraqib] {
        assert!(
            listed
                .iter()
                .any(|(p, who)| p == id && who.as_deref() == Some("alice")),
            "the changes list does not show {id} reviewed by alice: {listed:?}"
        );
    }
    assert!(
        !listed.iter().any(|(p, _)| p == &khan_id),
        "the rejected capture still shows as a change: {listed:?}"
    );
    let changes = get_json(http, &format!("{base}/api/changes?from=2018-05-01")).await;
    let changed: Vec<&Value> = changes["changes"].as_array().unwrap().iter().collect();
    let saraqib_change = changed
        .iter()
        .find(|c| c["place_id"] == saraqib.as_str())
        .unwrap_or_else(|| panic!("no change at Saraqib: {changes}"));
    assert_eq!(saraqib_change["after"]["faction"], "government");
    assert!(reviewed_by(saraqib_change, "alice"), "{saraqib_change}");

    // ---- the GeoJSON export, over HTTP and from the command line
    let export = get_json(http, &format!("{base}/api/export?format=geojson")).await;
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["export", "--format", "geojson", "-o", "-", "--db"])
        .arg(db)
        .env_remove("FRONTLINE_DB")
        .output()
        .unwrap();
    assert!(
        cli.status.success(),
        "frontline export: {}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    for (what, fc) in [("GET /api/export", &export), ("frontline export", &cli)] {
        let p = places(fc);
        assert_eq!(p[&saraqib]["faction"], "government", "{what}");
        assert_eq!(p[&saraqib]["corrected_by"], "alice", "{what}");
        assert!(
            reviewed_by(&p[&saraqib], "alice"),
            "{what}: {}",
            p[&saraqib]
        );
        assert_eq!(p[&babila_right]["faction"], "opposition", "{what}");
        assert!(
            reviewed_by(&p[&babila_right], "alice"),
            "{what}: {}",
            p[&babila_right]
        );
        assert_eq!(p[&khan_id]["faction"], khan_before.as_str(), "{what}");
        let khan_quotes: Vec<&Value> = p[&khan_id]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["quote"])
            .collect();
        assert!(
            !khan_quotes.iter().any(|q| q
                .as_str()
                .is_some_and(|q| q.contains("captured the town of Khan Shaykhun"))),
            "{what}: the rejected quote is still evidence: {khan_quotes:?}"
        );
        assert!(
            p.get(&babila_wrong)
                .is_none_or(|b| b["faction"] != "opposition"),
            "{what}: the Babila near Damascus still has the rebels' capture"
        );
    }

    // ---- the audit log lists all three, under Alice's name
    let audit = get_json(http, &format!("{base}/api/audit")).await;
    let rows = audit["corrections"].as_array().unwrap();
    let actions: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["action"].as_str().unwrap(), r["author"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("reject", "alice"),
            ("move_mention", "alice"),
            ("add", "alice")
        ],
        "{audit}"
    );

    // ---- "wrong side" from a place's popup (opened from the changes list): the moved
    // Babila claim was Hayat Tahrir al-Sham's, not the rebels'
    click(
        c,
        &format!("#changes-list li.fl-change[data-place-id=\"{babila_right}\"]"),
    )
    .await;
    click(
        c,
        &format!(".fl-place-popup[data-place-id=\"{babila_right}\"] li[data-claim-id=\"{babila_claim}\"] button[data-review=change]"),
    )
    .await;
    js(
        c,
        "document.querySelector('#review-faction').value = 'hts'; return 1;",
    )
    .await;
    type_into(
        c,
        "#review-reason",
        "The local council names the fighters as HTS.",
    )
    .await;
    click(c, "#review-submit").await;
    wait_js(
        c,
        "the change of side to be stored",
        "return document.body.dataset.reviewed === '4';",
    )
    .await;
    assert_eq!(js(c, &marker_fill(&babila_right)).await, json!(fill("hts")));

    // ---- undo the rejection from the Review panel's rejected list: the capture is back
    js(
        c,
        "document.querySelector('#review-rejected').open = true; return 1;",
    )
    .await;
    click(
        c,
        &format!("#rejected-list li[data-claim-id=\"{khan_claim}\"] button[data-review=undo]"),
    )
    .await;
    type_into(
        c,
        "#review-reason",
        "Second source confirms the army entered the town.",
    )
    .await;
    click(c, "#review-submit").await;
    wait_js(
        c,
        "the undo to be stored",
        "return document.body.dataset.reviewed === '5';",
    )
    .await;
    assert_eq!(
        js(c, &marker_fill(&khan_id)).await,
        json!(fill("government"))
    );
    let audit = get_json(http, &format!("{base}/api/audit")).await;
    let rows = audit["corrections"].as_array().unwrap();
    assert_eq!(rows.len(), 5, "{audit}");
    assert_eq!(rows[3]["action"], "change");
    assert_eq!(rows[4]["action"], "undo");
    assert_eq!(
        rows[0]["undone"], true,
        "the rejection is not marked undone: {audit}"
    );

    // ---- confirm the first claim of the Review list: it leaves the list
    let first = js(
        c,
        "return document.querySelector('#review-list li.fl-review-item').dataset.claimId;",
    )
    .await;
    let first = first.as_str().unwrap().to_string();
    click(
        c,
        &format!("#review-list li[data-claim-id=\"{first}\"] button[data-review=confirm]"),
    )
    .await;
    type_into(c, "#review-reason", "Matches two other wires.").await;
    click(c, "#review-submit").await;
    wait_js(
        c,
        "the confirmation to be stored",
        "return document.body.dataset.reviewed === '6';",
    )
    .await;
    let still = js(
        c,
        &format!("return !!document.querySelector('#review-list li[data-claim-id=\"{first}\"]');"),
    )
    .await;
    assert_eq!(
        still,
        json!(false),
        "a confirmed claim is still in the Review list"
    );
    let audit = get_json(http, &format!("{base}/api/audit")).await;
    assert_eq!(audit["corrections"][5]["action"], "confirm", "{audit}");
    assert_eq!(audit["corrections"][5]["author"], "alice", "{audit}");

    // ---- a revoked token: the prompt comes back, cancelling stores nothing
    js(
        c,
        "sessionStorage.setItem('frontline.session-token', 'revoked-token'); return 1;",
    )
    .await;
    click(c, "#review-open").await;
    click(c, "#review-list button[data-review=confirm]").await;
    type_into(c, "#review-reason", "checked").await;
    click(c, "#review-submit").await;
    let msg = wait_js(
        c,
        "the prompt for a refused token",
        "const d = document.querySelector('#token-dialog'); return d.open && document.querySelector('#token-message').textContent;",
    )
    .await;
    assert!(msg.as_str().unwrap().contains("refused"), "{msg}");
    click(c, "#token-cancel").await;
    let err = wait_js(
        c,
        "the refusal in the review dialog",
        "const e = document.querySelector('#review-error'); return e.hidden ? '' : e.textContent;",
    )
    .await;
    assert!(err.as_str().unwrap().contains("401"), "{err}");
    click(c, "#review-cancel").await;
    let audit = get_json(http, &format!("{base}/api/audit")).await;
    assert_eq!(
        audit["corrections"].as_array().unwrap().len(),
        6,
        "a refused write was stored"
    );

    // ---- sign out: the token leaves the tab
    js(
        c,
        &format!("sessionStorage.setItem('frontline.session-token', '{ALICE}'); return 1;"),
    )
    .await;
    click(c, "#sign-out").await;
    let out = js(c, "return [sessionStorage.getItem('frontline.session-token'), document.querySelector('#session').hidden];").await;
    assert_eq!(out, json!([null, true]));

    // ---- keyboard: "Review" takes focus to the list; Tab reaches the first claim's buttons,
    // Enter opens the dialog and Escape closes it
    js(
        c,
        "document.querySelector('#review-open').focus(); return 1;",
    )
    .await;
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap(); // Enter
    let focused = wait_js(
        c,
        "focus in the Review list",
        "const a = document.activeElement; return a && a.closest('#review-list') ? a.dataset.zoom || a.textContent : '';",
    )
    .await;
    assert!(!focused.as_str().unwrap().is_empty());
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap(); // Tab
    let next = js(c, "return document.activeElement.dataset.review || '';").await;
    assert_eq!(
        next,
        json!("confirm"),
        "Tab from a Review row does not reach its buttons"
    );
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_js(
        c,
        "the dialog from the keyboard",
        "return document.querySelector('#review-dialog').open;",
    )
    .await;
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap(); // Escape
    wait_js(
        c,
        "Escape to close the dialog",
        "return !document.querySelector('#review-dialog').open;",
    )
    .await;

    // a place found with the keyboard: its popup takes the focus, and Tab reaches its
    // review buttons
    let q = c.find(Locator::Id("place-q")).await.unwrap();
    q.clear().await.unwrap();
    q.send_keys("Saraqib\u{E007}").await.unwrap();
    wait_js(
        c,
        "the focus in Saraqib's popup",
        "const a = document.activeElement; return !!(a && a.closest('.leaflet-popup'));",
    )
    .await;
    let mut reached = None;
    for _ in 0..30 {
        c.active_element()
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        let r = js(
            c,
            "const a = document.activeElement; \
             return a && a.closest('.leaflet-popup') && a.dataset.review ? a.dataset.review : '';",
        )
        .await;
        if r != json!("") {
            reached = Some(r);
            break;
        }
    }
    assert!(
        reached.is_some(),
        "Tab from the popup never reaches a review button"
    );
    js(c, "window.frontline.map.closePopup(); return 1;").await;

    // ---- a 375 px phone: the panel's review buttons and the dialog fit the screen
    c.set_window_size(375, 812).await.unwrap();
    c.refresh().await.unwrap();
    wait_js(
        c,
        "the phone map to load",
        "return document.body.dataset.ready === '1' && document.body.dataset.reviewList;",
    )
    .await;
    click(c, "#review-open").await;
    let fit = wait_js(
        c,
        "the Review list on a phone",
        "const b = [...document.querySelectorAll('#review-list .fl-review-btn')].slice(0, 8); \
         if (!b.length || document.querySelector('#panel').hidden) return null; \
         return [window.innerWidth, Math.max(...b.map(x => x.getBoundingClientRect().right)), \
                 Math.min(...b.map(x => x.getBoundingClientRect().height))];",
    )
    .await;
    let (w, right, height) = (
        fit[0].as_f64().unwrap(),
        fit[1].as_f64().unwrap(),
        fit[2].as_f64().unwrap(),
    );
    assert!(w <= 400.0, "the window is not phone-sized: {fit}");
    assert!(right <= w, "review buttons run off a {w} px screen: {fit}");
    assert!(height >= 24.0, "review buttons are too small to tap: {fit}");
    click(c, "#review-list button[data-review=change]").await;
    let dlg = js(c, "const r = document.querySelector('#review-dialog').getBoundingClientRect(); return [r.left, r.right, window.innerWidth];").await;
    assert!(
        dlg[0].as_f64().unwrap() >= 0.0 && dlg[1].as_f64().unwrap() <= dlg[2].as_f64().unwrap(),
        "the review dialog does not fit the phone: {dlg}"
    );
    if let Ok(png) = c.screenshot().await {
        let art = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
        let _ = std::fs::create_dir_all(&art);
        let _ = std::fs::write(art.join("review-phone.png"), png);
    }
    click(c, "#review-cancel").await;
    c.set_window_size(1400, 900).await.unwrap();
}

/// `--private`: the first read asks for the token, the map loads once it is given, and a
/// download link (the audit log CSV) is fetched with it.
async fn private_step(c: &Client, tokens: &Path, downloads: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        &dir.path().join("private.sqlite"),
        &[
            "--no-demo",
            "--private",
            "--tokens-file",
            tokens.to_str().unwrap(),
        ],
        &[],
    );
    c.goto(&server.url).await.unwrap();
    wait_js(
        c,
        "the token prompt of a private server",
        "return document.querySelector('#token-dialog').open;",
    )
    .await;
    type_into(c, "#token-input", BOB).await;
    click(c, "#token-ok").await;
    let region = wait_js(
        c,
        "the region after signing in",
        "return document.querySelector('#region-name').textContent;",
    )
    .await;
    assert_eq!(region, json!("Syria"));
    let who = js(
        c,
        "return document.querySelector('#session-name').textContent;",
    )
    .await;
    assert_eq!(who, json!("Signed in as bob"));
    click(c, "#audit-csv").await;
    let file = downloads.join("frontline-audit.csv");
    let start = Instant::now();
    while !file.is_file() {
        assert!(
            start.elapsed() < WAIT,
            "the audit CSV was not downloaded with the token"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.starts_with("id,at,author,action"),
        "not the audit CSV: {csv:.200}"
    );
}

/// A server without tokens takes corrections from anyone: the dialog asks for a name, and the
/// audit log records it.
async fn tokenless_step(c: &Client) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("open.sqlite"), &["--no-demo"], &[]);
    c.goto(&server.url).await.unwrap();
    wait_js(
        c,
        "the empty map to load",
        "return document.body.dataset.ready === '1';",
    )
    .await;
    type_into(c, "#place-q", "Saraqib\n").await;
    click(c, ".fl-place-popup button[data-review=add]").await;
    let shown = js(
        c,
        "return !document.querySelector('#review-author-box').hidden;",
    )
    .await;
    assert_eq!(
        shown,
        json!(true),
        "no name field on a server without tokens"
    );
    type_into(c, "#review-quote", MANUAL_QUOTE).await;
    type_into(c, "#review-reason", "Field visit.").await;
    type_into(c, "#review-author", "carol").await;
    click(c, "#review-submit").await;
    let status = wait_js(
        c,
        "the correction on the open server",
        "return document.body.dataset.reviewed === '1' && document.querySelector('#review-status').textContent;",
    )
    .await;
    assert!(status.as_str().unwrap().contains("by carol"), "{status}");
    let audit = get_json(&reqwest::Client::new(), &server.url("/api/audit")).await;
    assert_eq!(audit["corrections"][0]["author"], "carol", "{audit}");
}
