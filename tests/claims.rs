//! End to end: a wire-style report through the bundled gazetteer, the
//! geoparser and claim extraction.

use frontline::claims::{Claim, Relation};
use frontline::geoparse::Direction;
use frontline::report::Report;
use frontline::Region;

fn claims() -> Vec<Claim> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/claims-north-aleppo.txt"
    );
    let reports = Report::read_file(path).expect("fixture reads");
    let region = Region::bundled().expect("bundled region loads");
    region.analyse(&reports[0]).claims
}

fn find<'a>(cs: &'a [Claim], name: &str, faction: &str) -> Vec<&'a Claim> {
    cs.iter()
        .filter(|c| c.name == name && c.faction == faction)
        .collect()
}

#[test]
fn captures_are_read_with_their_evidence() {
    let cs = claims();
    let tr = find(&cs, "Tell Rifaat", "sdf");
    assert_eq!(tr.len(), 1, "{cs:#?}");
    assert_eq!(tr[0].relation, Relation::Captured);
    assert!(tr[0]
        .quote
        .starts_with("BEIRUT - Kurdish-led fighters captured the town of Tell Rifaat"));
    assert_eq!(tr[0].date, frontline::report::parse_date("2016-02-15"));
    assert_eq!(tr[0].place_id.as_deref(), Some("geonames:163476"));
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/claims-north-aleppo.txt"
    ))
    .unwrap();
    assert_eq!(&text[tr[0].start..tr[0].end], &*tr[0].quote);

    let dj = find(&cs, "Deir Jamal", "government");
    assert_eq!(dj.len(), 1, "{cs:#?}");
    assert_eq!(dj[0].relation, Relation::Captured);
}

#[test]
fn holders_are_read_from_held_by_and_in_the_hands_of() {
    let cs = claims();
    let azaz = find(&cs, "Azaz", "opposition");
    assert!(
        azaz.iter().any(|c| c.relation == Relation::Holds),
        "{cs:#?}"
    );
    let manbij = find(&cs, "Manbij", "isis");
    assert!(
        manbij.iter().any(|c| c.relation == Relation::Holds),
        "{cs:#?}"
    );
    let jar = find(&cs, "Jarabulus", "isis");
    assert!(jar.iter().any(|c| c.relation == Relation::Holds), "{cs:#?}");
}

#[test]
fn failed_attack_is_no_capture() {
    let cs = claims();
    assert!(find(&cs, "Manbij", "government").is_empty(), "{cs:#?}");
}

#[test]
fn split_city_and_route_cut() {
    let cs = claims();
    let aleppo: Vec<_> = cs
        .iter()
        .filter(|c| c.name == "Aleppo" && c.relation == Relation::Holds && !c.around)
        .collect();
    assert!(
        aleppo
            .iter()
            .any(|c| c.faction == "government" && c.part == Some(Direction::West)),
        "{cs:#?}"
    );
    assert!(
        aleppo
            .iter()
            .any(|c| c.faction == "opposition" && c.part == Some(Direction::East)),
        "{cs:#?}"
    );
    let route: Vec<_> = cs
        .iter()
        .filter(|c| c.relation == Relation::RouteCut)
        .collect();
    assert_eq!(route.len(), 1, "{cs:#?}");
    assert_eq!(
        (route[0].name.as_str(), route[0].faction.as_str()),
        ("Aleppo", "opposition")
    );
    assert_eq!(route[0].counterpart.as_deref(), Some("government"));
    assert!(route[0].to.is_some());
}

#[test]
fn nationality_adjectives_and_countries_get_no_claims() {
    let cs = claims();
    for c in &cs {
        assert!(
            !["Russia", "Turkey", "Syria"].contains(&c.name.as_str()),
            "{c:#?}"
        );
    }
}

fn claims_of(text: &str) -> Vec<Claim> {
    let region = Region::bundled().expect("bundled region loads");
    let report = Report::from_body(text, frontline::report::parse_date("2017-06-01"));
    region.analyse(&report).claims
}

#[test]
fn a_share_of_the_provincial_capital_is_the_governorate_seat_contested() {
    let cs = claims_of(
        "Fighting spread across Deir ez-Zor province this week. IS has held much of the \
         province and about half of its provincial capital since 2014, monitors said.",
    );
    let seat: Vec<_> = cs
        .iter()
        .filter(|c| c.place_id.as_deref() == Some("geonames:170794"))
        .collect();
    assert_eq!(seat.len(), 1, "{cs:#?}");
    assert_eq!(
        (seat[0].faction.as_str(), seat[0].relation),
        ("isis", Relation::Contested)
    );
}

/// The "done" on our own seed-style report: the map alone splits Aleppo,
/// east to the rebels and west to the government, with a frontline between them,
/// the route to the Turkish border cut, the ring on three sides and the push from
/// the north, each with its quote.
#[test]
fn seed_style_report_gives_the_split_city_map() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/aleppo-2016-02-03.txt"
    );
    let reports = Report::read_file(path).expect("fixture reads");
    let region = Region::bundled().expect("bundled region loads");
    let claims = region.analyse(&reports[0]).claims;
    let map = frontline::timeline::Timeline::new(claims).state_at(None);
    let layer = frontline::zones::build(&map, &region.gazetteer, &region.factions);
    let parts: Vec<_> = map
        .places
        .iter()
        .filter(|p| p.name == "Aleppo")
        .map(|p| {
            (
                p.part,
                p.faction.as_str(),
                p.evidence[0].quote.contains("split"),
            )
        })
        .collect();
    assert!(
        parts.contains(&(Some(Direction::East), "opposition", true)),
        "{parts:?}"
    );
    assert!(
        parts.contains(&(Some(Direction::West), "government", true)),
        "{parts:?}"
    );
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert!(layer
        .frontlines
        .iter()
        .any(
            |f| [&f.factions.0, &f.factions.1].contains(&&"government".to_string())
                && [&f.factions.0, &f.factions.1].contains(&&"opposition".to_string())
        ));
    let route = layer.routes.iter().find(|r| r.cut).expect("a cut route");
    assert!(route.evidence[0]
        .quote
        .contains("severed the last supply route"));
    let ring = &layer.partial_sieges[0];
    assert_eq!(ring.besieger, "government");
    assert_eq!(
        ring.sides,
        vec![Direction::West, Direction::South, Direction::East]
    );
    let arrows: Vec<_> = layer.advances.iter().map(|a| a.side).collect();
    assert_eq!(arrows, vec![Direction::North]);
}

/// A claim told as background carries the date the sentence gives it, so a place's
/// history across reports orders it before later news; news and sentences spanning
/// years keep the report's date (2017-06-01 here).
#[test]
fn background_claims_carry_the_date_their_sentence_states() {
    for (text, place, faction, date) in [
        (
            "Islamic State fighters seized Palmyra in May 2015. The army shelled the town on Tuesday.",
            "Palmyra",
            "isis",
            "2015-05-01",
        ),
        (
            "Kafr Nabl had been under rebel control since 2012, when the army withdrew.",
            "Kafr Nabl",
            "opposition",
            "2012-01-01",
        ),
        (
            "Rebels captured Morek on Monday after a week of fighting.",
            "Morek",
            "opposition",
            "2017-06-01",
        ),
    ] {
        let cs = claims_of(text);
        let found = find(&cs, place, faction);
        assert_eq!(found.len(), 1, "{text}: {cs:#?}");
        assert_eq!(
            found[0].date,
            frontline::report::parse_date(date),
            "{text}"
        );
    }
}

/// Two reports: the later one tells, as background, a capture older than the
/// earlier report's news. The map keeps the newer holder.
#[test]
fn an_older_event_told_later_does_not_undo_newer_news() {
    let region = Region::bundled().expect("bundled region loads");
    let news = Report::from_body(
        "Syrian troops recaptured Palmyra from Islamic State on Sunday.",
        frontline::report::parse_date("2016-03-27"),
    );
    let background = Report::from_body(
        "Islamic State fighters seized Palmyra in May 2015 and destroyed parts of its ruins.",
        frontline::report::parse_date("2017-03-01"),
    );
    let mut all = region.analyse(&news).claims;
    all.extend(region.analyse(&background).claims);
    let map = frontline::timeline::Timeline::new(all).state_at(None);
    let palmyra = map
        .places
        .iter()
        .find(|p| p.name == "Palmyra")
        .expect("Palmyra is on the map");
    assert_eq!(palmyra.faction, "government", "{palmyra:#?}");
    assert_eq!(palmyra.since, frontline::report::parse_date("2016-03-27"));
}
