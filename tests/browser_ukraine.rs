//! Browser test of the second region pack: the real `frontline --region ukraine serve`
//! with a fresh SQLite file (so the Ukraine demo reports of `geodata/ukraine/demo/`
//! load), in real headless Chromium over WebDriver. The map must open on Ukraine, draw
//! zones in the Ukraine pack's faction colours, list its factions in the legend and
//! show the demo's places; nothing of the Syria pack may appear.
//!
//! The harness is shared with `tests/browser.rs` (`tests/support/browser.rs`: Chromium and chromedriver from
//! Debian's `chromium` and `chromium-driver`). A screenshot is written to
//! `test-artifacts/map-ukraine.png`.

use fantoccini::Client;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

mod support;
use support::browser::{
    chrome_caps, get_json, js, open_browser, start_chromedriver, start_serve, wait_js,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ukraine_map_works_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let profile = tmp.path().join("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let (_driver, driver_port) = start_chromedriver(tmp.path());
    let (_server, base) = start_serve(tmp.path(), &["--region", "ukraine"], &[]);
    let http = reqwest::Client::new();

    // The API serves the Ukraine pack.
    let region = get_json(&http, &format!("{base}/api/region")).await;
    assert_eq!(region["name"], json!("Ukraine"), "{region}");
    let factions = region["factions"].as_array().unwrap().clone();
    let ids: BTreeSet<&str> = factions.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, BTreeSet::from(["ukraine", "russia"]));
    let fills: BTreeSet<String> = factions
        .iter()
        .map(|f| f["fill"].as_str().unwrap().to_lowercase())
        .collect();
    let bbox: Vec<f64> = serde_json::from_value(region["bbox"].clone()).unwrap();
    let zones = get_json(&http, &format!("{base}/api/zones?date=2024-02-28")).await;
    let place_names: BTreeSet<String> = zones["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "place")
        .map(|f| f["properties"]["name"].as_str().unwrap_or("").to_string())
        .collect();
    for n in ["Avdiivka", "Pokrovsk", "Bakhmut"] {
        assert!(
            place_names.contains(n),
            "{n} not among the demo's places: {place_names:?}"
        );
    }

    let c = open_browser(driver_port, chrome_caps(&profile, None)).await;

    let steps = {
        let (c, base) = (c.clone(), base.clone());
        tokio::spawn(async move { run_steps(&c, &base, &fills, &factions, &bbox).await })
    };
    let outcome = steps.await;
    let _ = c.close().await;
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(p) => std::panic::resume_unwind(p),
            Err(e) => panic!("browser steps did not finish: {e}"),
        }
    }
}

async fn run_steps(
    c: &Client,
    base: &str,
    fills: &BTreeSet<String>,
    factions: &[Value],
    bbox: &[f64],
) {
    c.goto(&format!("{base}/#date=2024-02-28")).await.unwrap();
    wait_js(
        c,
        "the first map to be drawn",
        "return document.body.dataset.ready === '1';",
    )
    .await;
    let banner = js(
        c,
        "const e=document.querySelector('#error');return e.hidden?'':e.textContent;",
    )
    .await;
    assert_eq!(banner, json!(""), "the page shows an error on load");

    // zones in the Ukraine factions' colours (contested areas are striped patterns)
    let zone_fills = js(
        c,
        "return [...document.querySelectorAll('.leaflet-overlay-pane svg path.fl-zone')].map(p => p.getAttribute('fill'));",
    )
    .await;
    let zone_fills: Vec<String> = zone_fills
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_lowercase())
        .collect();
    assert!(
        !zone_fills.is_empty(),
        "no zone polygons in the overlay pane"
    );
    let plain: Vec<&String> = zone_fills
        .iter()
        .filter(|f| !f.starts_with("url("))
        .collect();
    assert!(!plain.is_empty(), "only striped zones: {zone_fills:?}");
    for f in plain {
        assert!(
            fills.contains(f),
            "zone fill {f} is none of the Ukraine factions' {fills:?}"
        );
    }

    // the legend lists the pack's factions, the title names the region
    let legend = js(
        c,
        "return [...document.querySelectorAll('#legend li[data-faction]')].map(li => [li.dataset.faction, li.textContent.trim()]);",
    )
    .await;
    let legend: Vec<(String, String)> = serde_json::from_value(legend).unwrap();
    for f in factions {
        let (id, name) = (f["id"].as_str().unwrap(), f["name"].as_str().unwrap());
        assert!(
            legend.iter().any(|(i, n)| i == id && n == name),
            "legend lacks faction {id} ({name}): {legend:?}"
        );
    }
    assert!(
        legend.iter().all(|(i, _)| i == "ukraine" || i == "russia"),
        "legend has another pack's factions: {legend:?}"
    );
    let title = js(c, "return document.title;").await;
    assert!(
        title.as_str().unwrap_or("").contains("Ukraine"),
        "title {title}"
    );

    // the view is on Ukraine: the map's centre (kept in the URL) lies in the region's bbox
    let hash = wait_js(
        c,
        "the map view in the URL",
        "return location.hash.includes('lat=') ? location.hash : '';",
    )
    .await;
    let hash = hash.as_str().unwrap().trim_start_matches('#').to_string();
    let get = |k: &str| -> f64 {
        hash.split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {k} in {hash}"))
    };
    let (lat, lon) = (get("lat"), get("lon"));
    assert!(
        (bbox[0]..=bbox[2]).contains(&lon) && (bbox[1]..=bbox[3]).contains(&lat),
        "map centre {lat},{lon} is outside Ukraine's bbox {bbox:?}"
    );

    // the demo's places are on the map
    let places = js(
        c,
        "return document.querySelectorAll('path.fl-place').length;",
    )
    .await;
    assert!(places.as_u64().unwrap_or(0) >= 5, "place markers: {places}");

    if let Ok(png) = c.screenshot().await {
        let art = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
        let _ = std::fs::create_dir_all(&art);
        let _ = std::fs::write(art.join("map-ukraine.png"), png);
    }
}
