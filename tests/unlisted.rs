//! Places the gazetteer lacks (issue 12, point 5): a name no pack place matches, in a
//! construction that says it is a place, becomes a provisional place near its anchor,
//! flagged approximate; it survives the store on both backends and re-analysis, and zones
//! keep its influence small.

mod support;

use frontline::gazetteer::{haversine_km, provisional, Gazetteer};
use frontline::report::Report;
use frontline::timeline::Timeline;
use frontline::zones;
use frontline::Region;
use serde::Deserialize;
use support::{Backend, DataSet};

#[derive(Deserialize)]
struct Table {
    row: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    text: String,
    #[serde(default)]
    places: Vec<Expected>,
    #[serde(default)]
    unresolved: usize,
}

#[derive(Deserialize, Debug)]
struct Expected {
    name: String,
    kind: String,
    anchor: String,
    km: Option<f64>,
    dir: Option<String>,
}

#[test]
fn sentences_give_their_provisional_places() {
    let region = Region::bundled().expect("bundled region");
    let g = &region.gazetteer;
    let table: Table = toml::from_str(include_str!("unlisted/geoparse.toml")).expect("table");
    let mut failures = Vec::new();
    for row in &table.row {
        let (mentions, unresolved) = region.geoparser.parse_counted(&row.text);
        let got: Vec<String> = mentions
            .iter()
            .map(|m| g.place(m.place))
            .filter(|p| Gazetteer::is_provisional(p))
            .map(|p| {
                let anchor = g.anchor_of(p).expect("a provisional place has an anchor");
                let parsed = provisional::parse(&p.id).expect("provisional id");
                let off = parsed
                    .offset
                    .map(|(km, c)| format!(" +{km}km-{c}"))
                    .unwrap_or_default();
                // the point is the anchor's, moved by the stated offset
                let d = haversine_km(p.point, anchor.point);
                let want = parsed.offset.map_or(0.0, |o| o.0);
                assert!((d - want).abs() < 0.2, "{}: {d} km from its anchor", p.id);
                format!("{} {} near {}{off}", p.name, p.kind.as_str(), anchor.name)
            })
            .collect();
        let want: Vec<String> = row
            .places
            .iter()
            .map(|e| {
                let off = match (e.km, &e.dir) {
                    (Some(km), Some(d)) => format!(" +{km}km-{d}"),
                    _ => String::new(),
                };
                format!("{} {} near {}{off}", e.name, e.kind, e.anchor)
            })
            .collect();
        if got != want || unresolved != row.unresolved {
            failures.push(format!(
                "{}\n  want {want:?} (unresolved {})\n  got  {got:?} (unresolved {unresolved})",
                row.text, row.unresolved
            ));
        }
        for m in &mentions {
            assert_eq!(&row.text[m.start..m.end], m.text);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn two_reports_naming_the_same_village_meet_on_one_id_and_a_fresh_gazetteer_rebuilds_it() {
    let a = Region::bundled().unwrap();
    let one = a
        .geoparser
        .parse("Rebels overran the village of Tal Hamdiyeh near Aleppo.");
    let two = a
        .geoparser
        .parse("Shelling hit the village of Tal Hamdiyeh, near Aleppo, again.");
    let id = |ms: &[frontline::geoparse::Mention]| {
        ms.iter()
            .map(|m| a.gazetteer.place(m.place).id.clone())
            .find(|id| id.starts_with(provisional::PREFIX))
            .expect("a provisional place")
    };
    assert_eq!(id(&one), id(&two));
    let b = Region::bundled().unwrap();
    let p = b.gazetteer.get(&id(&one)).expect("rebuilt from its id");
    assert_eq!(p.point, a.gazetteer.get(&id(&one)).unwrap().point);
    assert_eq!(
        b.gazetteer.anchor_of(p).map(|x| x.name.as_str()),
        Some("Aleppo")
    );
    // Ids that only look provisional are refused, not invented.
    assert!(b
        .gazetteer
        .get("provisional:syria:village:x@no-such-place")
        .is_none());
}

const REPORT: &str =
    "Government forces captured the village of Tal Hamdiyeh near Aleppo on Sunday, \
the army said. Rebels still hold the town of Azaz.";

fn store_round_trip(b: Backend) {
    let ds = DataSet::new(b);
    let report = Report::from_body(REPORT, frontline::report::parse_date("2016-02-03"));
    let pid = {
        let region = Region::bundled().unwrap();
        let s = ds.open();
        let (_, a) = frontline::pipeline::store_report(&region, s.as_ref(), &report, || {
            Ok(std::sync::Arc::new(Timeline::new(Vec::new())))
        })
        .unwrap();
        let c = a
            .claims
            .iter()
            .find(|c| c.name == "Tal Hamdiyeh")
            .expect("a claim about the unlisted village");
        assert_eq!(c.faction, "government");
        c.place_id.clone().unwrap()
    };
    assert!(pid.starts_with(provisional::PREFIX), "{pid}");
    // Another process: a fresh gazetteer, the store reopened.
    let region = Region::bundled().unwrap();
    let s = ds.open();
    let tl = frontline::pipeline::timeline(&region, s.as_ref()).unwrap();
    let (_, fc) = frontline::pipeline::zones_at(&region, &tl, None);
    let f = fc
        .features
        .iter()
        .find(|f| {
            let p = f.properties.as_ref().unwrap();
            p["kind"] == "place" && p["place_id"] == pid.as_str()
        })
        .expect("the village is on the map");
    let p = f.properties.as_ref().unwrap();
    assert_eq!(p["approximate"], true);
    assert_eq!(p["anchor"], "Aleppo");
    assert_eq!(p["faction"], "government");
    // Re-analysis gives the same place back.
    let sum =
        frontline::pipeline::reanalyse(&region, s.as_ref(), true, 10, None, |_, _| {}).unwrap();
    assert_eq!(sum.reports, 1);
    let tl = frontline::pipeline::timeline(&region, s.as_ref()).unwrap();
    assert!(tl
        .claims()
        .iter()
        .any(|c| c.place_id.as_deref() == Some(pid.as_str())));
}

#[test]
fn provisional_places_survive_the_sqlite_store_and_reanalysis() {
    store_round_trip(Backend::Sqlite);
}

#[test]
fn provisional_places_survive_the_postgres_store_and_reanalysis() {
    store_round_trip(Backend::Postgres);
}

#[test]
fn an_approximate_place_reshapes_no_other_cell_beyond_a_small_radius() {
    use geo::{Area, BooleanOps};
    let region = Region::bundled().unwrap();
    let text = "Government forces hold Azaz. Rebels captured the village of Kafr Wardeh, 4 km \
                north of Azaz, on Monday.";
    let mentions = region.geoparser.parse(text);
    assert!(mentions
        .iter()
        .any(|m| Gazetteer::is_provisional(region.gazetteer.place(m.place))));
    let report = Report::from_body(text, frontline::report::parse_date("2016-02-03"));
    let claims = region.analyse(&report).claims;
    let with = Timeline::new(claims.clone()).state_at(None);
    let without = Timeline::new(
        claims
            .into_iter()
            .filter(|c| {
                !c.place_id
                    .as_deref()
                    .unwrap_or("")
                    .starts_with(provisional::PREFIX)
            })
            .collect(),
    )
    .state_at(None);
    assert!(
        with.places.len() > without.places.len(),
        "{:?}",
        with.places
    );
    let zone = |m: &frontline::timeline::ControlMap, f: &str| {
        zones::build(m, &region.gazetteer, &region.factions)
            .zones
            .into_iter()
            .filter(|z| z.faction == f)
            .fold(geo::MultiPolygon::new(vec![]), |a, z| a.union(&z.area))
    };
    let gov_before = zone(&without, "government");
    let gov_after = zone(&with, "government");
    let lost = gov_before.difference(&gov_after);
    let prov = with
        .places
        .iter()
        .find(|p| p.place_id.starts_with(provisional::PREFIX))
        .unwrap();
    // Inside Azaz's reach, the approximate place recuts no cell: the government keeps its land.
    let kx = 111.32 * prov.lat.to_radians().cos();
    let km2 = lost.unsigned_area() * kx * 110.57;
    assert!(km2 < 0.01, "government lost {km2:.2} km²");
    // Standing alone, it colours a small disc of its side, no more.
    let alone = frontline::timeline::ControlMap {
        places: with
            .places
            .iter()
            .filter(|p| p.place_id.starts_with(provisional::PREFIX))
            .cloned()
            .collect(),
        ..with.clone()
    };
    let own = zone(&alone, &prov.faction);
    let own_km2 = own.unsigned_area() * kx * 110.57;
    let disc = std::f64::consts::PI * (2.0 * zones::APPROX_REACH_KM).powi(2);
    assert!(own_km2 > 0.5 && own_km2 < disc, "{own_km2:.2} km²");
}
