//! The timeline over a baseline and later report claims: states by date,
//! change dates and evidence.

use chrono::NaiveDate;
use frontline::claims::{Claim, Relation};
use frontline::import::{read_path, ImportOptions};
use frontline::timeline::{Status, Timeline};
use frontline::Region;
use std::path::Path;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn claims() -> Vec<Claim> {
    let r = Region::bundled().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("geodata/syria/baselines/aleppo-2016-02-01.geojson");
    let (mut claims, _) =
        read_path(&path, &ImportOptions::default(), &r.gazetteer, &r.factions).unwrap();
    let report =
        |place: &str, name: &str, faction: &str, rel: Relation, date: &str, quote: &str| Claim {
            place_id: Some(place.into()),
            name: name.into(),
            faction: faction.into(),
            relation: rel,
            counterpart: Some("opposition".into()),
            date: Some(day(date)),
            confidence: 0.7,
            quote: quote.into(),
            report_id: Some(format!("report-{date}")),
            source: Some("AFP".into()),
            ..Claim::default()
        };
    claims.push(report(
        "geonames:166331",
        "Nubl",
        "government",
        Relation::SiegeBroken,
        "2016-02-03",
        "the army broke a three-year rebel siege of two government-held villages",
    ));
    claims.push(report(
        "ocha:C1656",
        "Mayer",
        "government",
        Relation::Captured,
        "2016-02-03",
        "troops took Mayer on the road to Nubl",
    ));
    claims
}

#[test]
fn states_follow_the_dates() {
    let tl = Timeline::new(claims());
    let before = tl.state_at(Some(day("2016-02-02")));
    let nubl = before.place("geonames:166331").unwrap();
    assert_eq!(
        (nubl.faction.as_str(), nubl.status),
        ("government", Status::Besieged)
    );
    assert_eq!(nubl.besieger.as_deref(), Some("opposition"));
    assert!(nubl.evidence[0].quote.contains("aleppo-2016-02-01.geojson"));
    assert_eq!(before.place("ocha:C1656").unwrap().faction, "opposition");

    let after = tl.state_at(Some(day("2016-02-03")));
    let nubl = after.place("geonames:166331").unwrap();
    assert_eq!(
        (nubl.faction.as_str(), nubl.status),
        ("government", Status::Held)
    );
    assert_eq!(nubl.since, Some(day("2016-02-03")));
    assert_eq!(nubl.evidence[0].source.as_deref(), Some("AFP"));
    assert!(nubl.evidence[0]
        .quote
        .contains("broke a three-year rebel siege"));
    let mayer = after.place("ocha:C1656").unwrap();
    assert_eq!(mayer.faction, "government");
    assert_eq!(mayer.since, Some(day("2016-02-03")));
    // Latest = the newest claims.
    assert_eq!(tl.state_at(None).as_of, Some(day("2016-02-03")));
}

#[test]
fn change_dates_are_the_baseline_and_the_report() {
    let tl = Timeline::new(claims());
    assert_eq!(
        tl.change_dates(),
        vec![day("2016-02-01"), day("2016-02-03")]
    );
}
