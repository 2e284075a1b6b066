//! One test per fusion rule.

use super::*;
use crate::claims::Relation::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn claim(place: &str, faction: &str, rel: Relation, date: &str, conf: f32, source: &str) -> Claim {
    Claim {
        place_id: Some(place.into()),
        name: place.into(),
        lon: Some(37.0),
        lat: Some(36.0),
        part: None,
        faction: faction.into(),
        relation: rel,
        counterpart: None,
        to: None,
        date: Some(d(date)),
        confidence: conf,
        quote: format!("{faction} {} {place} ({source})", rel.as_str()).into(),
        start: 0,
        end: 10,
        report_id: Some(format!("{source}-{date}")),
        source: Some(source.into()),
        ..Claim::default()
    }
}

fn with_counterpart(mut c: Claim, cp: &str) -> Claim {
    c.counterpart = Some(cp.into());
    c
}

fn state(claims: Vec<Claim>, date: Option<&str>) -> ControlMap {
    Timeline::new(claims).state_at(date.map(d))
}

#[test]
fn newer_claim_beats_older() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-01-01", 0.9, "a"),
            claim("x", "opposition", Holds, "2016-02-01", 0.7, "b"),
        ],
        None,
    );
    let p = m.place("x").unwrap();
    assert_eq!(p.faction, "opposition");
    assert_eq!(p.status, Status::Held);
    assert_eq!(p.since, Some(d("2016-02-01")));
}

#[test]
fn state_at_ignores_later_claims() {
    let claims = vec![
        claim("x", "government", Holds, "2016-01-01", 0.9, "a"),
        claim("x", "opposition", Captured, "2016-02-01", 0.9, "b"),
    ];
    let m = state(claims.clone(), Some("2016-01-15"));
    assert_eq!(m.place("x").unwrap().faction, "government");
    assert!(state(claims, Some("2015-12-01")).places.is_empty());
}

#[test]
fn independent_sources_beat_one() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-02-01", 0.65, "sana"),
            claim("x", "opposition", Holds, "2016-02-01", 0.6, "afp"),
            claim("x", "opposition", Holds, "2016-02-01", 0.6, "reuters"),
            claim("x", "opposition", Holds, "2016-02-01", 0.6, "bbc"),
        ],
        None,
    );
    let p = m.place("x").unwrap();
    assert_eq!(p.faction, "opposition");
    assert_eq!(
        p.status,
        Status::Held,
        "0.65 against 0.94 is not comparable"
    );
}

#[test]
fn one_source_repeating_itself_is_not_independent() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-02-01", 0.8, "sana"),
            claim("x", "opposition", Holds, "2016-02-01", 0.5, "afp"),
            claim("x", "opposition", Holds, "2016-02-01", 0.5, "afp"),
            claim("x", "opposition", Holds, "2016-02-01", 0.5, "afp"),
        ],
        None,
    );
    let p = m.place("x").unwrap();
    assert_eq!(p.faction, "government");
    assert_eq!(p.status, Status::Held);
}

#[test]
fn confidence_counts() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-02-01", 0.9, "a"),
            claim("x", "opposition", Holds, "2016-02-01", 0.3, "b"),
        ],
        None,
    );
    assert_eq!(m.place("x").unwrap().faction, "government");
    assert_eq!(m.place("x").unwrap().status, Status::Held);
}

#[test]
fn captured_supersedes_everything_before() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-01-01", 0.9, "a"),
            claim("x", "government", Holds, "2016-01-02", 0.9, "b"),
            claim("x", "government", Holds, "2016-01-03", 0.9, "c"),
            claim("x", "isis", Captured, "2016-01-04", 0.5, "d"),
        ],
        None,
    );
    let p = m.place("x").unwrap();
    assert_eq!(p.faction, "isis");
    assert_eq!(p.since, Some(d("2016-01-04")));
    assert_eq!(p.evidence.len(), 1);
    assert!(p.evidence[0].quote.contains("captured"));
}

#[test]
fn lost_gives_the_place_to_the_named_counterpart() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-01-01", 0.9, "a"),
            with_counterpart(
                claim("x", "government", Lost, "2016-01-05", 0.8, "b"),
                "sdf",
            ),
        ],
        None,
    );
    assert_eq!(m.place("x").unwrap().faction, "sdf");
}

#[test]
fn lost_without_counterpart_leaves_the_holder_unknown() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-01-01", 0.9, "a"),
            claim("x", "government", Lost, "2016-01-05", 0.8, "b"),
        ],
        None,
    );
    assert!(m.place("x").is_none());
}

#[test]
fn lost_to_nobody_named_yields_to_a_taker_named_the_same_day() {
    // (claims of one day, expected holder): the loss says only who no longer holds the place.
    let cases: [(Vec<Claim>, Option<&str>); 4] = [
        (
            vec![claim("x", "opposition", Lost, "2018-04-10", 0.8, "alone")],
            None,
        ),
        (
            vec![
                claim("x", "opposition", Lost, "2018-04-10", 0.8, "evacuated"),
                claim("x", "government", Captured, "2018-04-10", 0.75, "deal"),
            ],
            Some("government"),
        ),
        (
            vec![
                claim("x", "opposition", Holds, "2018-04-01", 0.9, "held"),
                claim("x", "opposition", Lost, "2018-04-10", 0.8, "left"),
                claim("x", "opposition", Holds, "2018-04-10", 0.5, "still"),
            ],
            None,
        ),
        (
            vec![
                claim("x", "isis", Lost, "2018-04-10", 0.8, "withdrew"),
                claim("x", "sdf", Holds, "2018-04-10", 0.5, "now holds"),
            ],
            Some("sdf"),
        ),
    ];
    for (claims, want) in cases {
        let m = state(claims, None);
        assert_eq!(m.place("x").map(|p| &p.faction[..]), want);
    }
}

#[test]
fn besieged_and_besieges_give_a_siege_with_besieger() {
    let m = state(
        vec![
            claim("nubl", "government", Holds, "2016-01-01", 0.8, "base"),
            with_counterpart(
                claim("nubl", "government", Besieged, "2016-01-02", 0.8, "a"),
                "opposition",
            ),
        ],
        None,
    );
    let p = m.place("nubl").unwrap();
    assert_eq!(p.status, Status::Besieged);
    assert_eq!(p.faction, "government");
    assert_eq!(p.besieger.as_deref(), Some("opposition"));

    let m = state(
        vec![
            claim("nubl", "government", Holds, "2016-01-01", 0.8, "base"),
            claim("nubl", "opposition", Besieges, "2016-01-02", 0.8, "a"),
        ],
        None,
    );
    let p = m.place("nubl").unwrap();
    assert_eq!(
        p.faction, "government",
        "a besieger without a named defender does not take the place"
    );
    assert_eq!(p.status, Status::Besieged);
    assert_eq!(p.besieger.as_deref(), Some("opposition"));
    // Since the siege began, not since the government held Nubl.
    assert_eq!(p.since, Some(d("2016-01-02")));
}

#[test]
fn siege_broken_ends_the_siege() {
    let m = state(
        vec![
            with_counterpart(
                claim("nubl", "government", Besieged, "2013-01-01", 0.8, "a"),
                "opposition",
            ),
            claim("nubl", "government", SiegeBroken, "2016-02-03", 0.7, "b"),
        ],
        None,
    );
    let p = m.place("nubl").unwrap();
    assert_eq!(p.status, Status::Held);
    assert_eq!(p.faction, "government");
    assert!(p.besieger.is_none());
    assert_eq!(p.since, Some(d("2016-02-03")));
    // Before the siege was broken it was besieged.
    let before = state(
        vec![
            with_counterpart(
                claim("nubl", "government", Besieged, "2013-01-01", 0.8, "a"),
                "opposition",
            ),
            claim("nubl", "government", SiegeBroken, "2016-02-03", 0.7, "b"),
        ],
        Some("2016-02-02"),
    );
    assert_eq!(before.place("nubl").unwrap().status, Status::Besieged);
}

#[test]
fn recent_disagreement_of_comparable_weight_is_contested() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-02-01", 0.8, "sana"),
            claim("x", "opposition", Holds, "2016-02-01", 0.7, "afp"),
        ],
        None,
    );
    let p = m.place("x").unwrap();
    assert_eq!(p.status, Status::Contested);
    assert_eq!(p.faction, "government");
    assert_eq!(
        p.contenders,
        vec!["government".to_string(), "opposition".to_string()]
    );
}

#[test]
fn old_disagreement_is_not_contested() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-01-01", 0.8, "sana"),
            claim("x", "opposition", Holds, "2016-02-01", 0.7, "afp"),
        ],
        None,
    );
    assert_eq!(m.place("x").unwrap().status, Status::Held);
}

#[test]
fn contested_relation_makes_the_place_contested() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-01-30", 0.7, "a"),
            with_counterpart(
                claim("x", "opposition", Contested, "2016-02-01", 0.8, "b"),
                "government",
            ),
        ],
        None,
    );
    let p = m.place("x").unwrap();
    assert_eq!(p.status, Status::Contested);
    assert!(p.contenders.contains(&"opposition".to_string()));
    assert!(p.contenders.contains(&"government".to_string()));
}

#[test]
fn parts_are_separate_places_and_supersede_the_whole() {
    let mut east = claim("aleppo", "opposition", Holds, "2016-02-03", 0.8, "a");
    east.part = Some(Direction::East);
    let mut west = claim("aleppo", "government", Holds, "2016-02-03", 0.8, "a");
    west.part = Some(Direction::West);
    let whole = claim("aleppo", "government", Holds, "2016-01-01", 0.8, "b");
    let m = state(vec![east, west, whole], None);
    assert_eq!(m.places.len(), 2);
    let e = m
        .places
        .iter()
        .find(|p| p.part == Some(Direction::East))
        .unwrap();
    assert_eq!(e.faction, "opposition");
    let w = m
        .places
        .iter()
        .find(|p| p.part == Some(Direction::West))
        .unwrap();
    assert_eq!(w.faction, "government");
}

#[test]
fn route_latest_claim_wins() {
    let mut open = claim("aleppo", "opposition", RouteOpen, "2016-01-01", 0.7, "a");
    open.to = Some("border:SY-TR".into());
    // The claim is the owner's; the counterpart cut it.
    let mut cut = with_counterpart(
        claim("aleppo", "opposition", RouteCut, "2016-02-03", 0.8, "b"),
        "government",
    );
    cut.to = Some("border:SY-TR".into());
    let tl = Timeline::new(vec![open, cut]);
    let r = &tl.state_at(None).routes[0];
    assert!(r.cut);
    assert_eq!(r.faction, "opposition");
    assert_eq!(r.cut_by.as_deref(), Some("government"));
    assert_eq!(r.since, Some(d("2016-02-03")));
    assert_eq!(r.evidence.len(), 1);
    let r = &tl.state_at(Some(d("2016-01-15"))).routes[0];
    assert!(!r.cut);
}

#[test]
fn every_state_keeps_its_evidence() {
    let m = state(
        vec![
            claim("x", "government", Holds, "2016-02-01", 0.8, "a"),
            claim("x", "government", Holds, "2016-02-02", 0.8, "b"),
        ],
        None,
    );
    let p = m.place("x").unwrap();
    assert_eq!(p.evidence.len(), 2);
    assert_eq!(p.evidence[0].date, Some(d("2016-02-02")), "newest first");
    assert_eq!(p.evidence[0].source.as_deref(), Some("b"));
    assert!(p.evidence[0].report_id.is_some());
}

#[test]
fn change_dates_only_lists_changes() {
    let tl = Timeline::new(vec![
        claim("x", "government", Holds, "2016-01-01", 0.8, "a"),
        claim("x", "government", Holds, "2016-01-10", 0.8, "b"),
        claim("x", "opposition", Captured, "2016-01-20", 0.8, "c"),
        claim("y", "sdf", Holds, "2016-01-15", 0.8, "c"),
    ]);
    assert_eq!(
        tl.change_dates(),
        vec![d("2016-01-01"), d("2016-01-15"), d("2016-01-20")]
    );
}

#[test]
fn unresolved_claims_are_kept_but_not_mapped() {
    let mut c = claim("x", "government", Holds, "2016-01-01", 0.8, "a");
    c.place_id = None;
    let tl = Timeline::new(vec![c]);
    assert_eq!(tl.claims().len(), 1);
    assert!(tl.state_at(None).places.is_empty());
}

/// Store order: by date (undated first), then insertion.
fn store_order(mut claims: Vec<Claim>) -> Vec<Claim> {
    claims.sort_by_key(|c| c.date.unwrap_or(NaiveDate::MIN));
    claims
}

#[test]
fn folding_new_claims_in_equals_building_from_all_of_them() {
    let manual = |c: &Fact| {
        c.report_id
            .as_deref()
            .is_some_and(|r| r.starts_with("manual"))
    };
    let all = [
        claim("a", "government", Captured, "2016-02-03", 0.9, "wire"),
        claim("b", "opposition", Holds, "2016-02-03", 0.7, "tv"),
        claim("a", "opposition", Captured, "2016-02-08", 0.8, "tv"),
        claim("b", "government", Captured, "2016-01-20", 0.8, "wire"),
        claim("a", "sdf", Captured, "2016-02-08", 0.8, "wire"),
        claim("c", "isis", Captured, "2016-02-05", 0.9, "agency"),
        claim("a", "government", Holds, "2016-01-02", 0.6, "agency"),
        claim("c", "government", Captured, "2016-02-05", 0.7, "tv"),
    ];
    // An analyst's manual claim: after every stored claim in a full build.
    let mut added = claim("a", "opposition", Holds, "2016-02-08", 0.9, "x");
    added.report_id = Some("manual-1".into());
    for split in 0..all.len() {
        let (old, new) = all.split_at(split);
        let mut full = store_order(all.to_vec());
        full.push(added.clone());
        let mut start = store_order(old.to_vec());
        start.push(added.clone());
        let mut folded = Timeline::new(start);
        // New claims come from the store in store order among themselves.
        folded.extend(store_order(new.to_vec()), manual);
        let full = Timeline::new(full);
        for date in [
            None,
            Some("2016-02-04"),
            Some("2016-02-08"),
            Some("2016-03-01"),
        ] {
            let json = |t: &Timeline| serde_json::to_string(&t.state_at(date.map(d))).unwrap();
            assert_eq!(json(&folded), json(&full), "split {split}, date {date:?}");
        }
        assert_eq!(folded.change_dates(), full.change_dates(), "split {split}");
    }
}

/// Maps drawn with the fused states of the previous map of their date, one
/// new claim folded in at a time, equal maps fused from nothing; only the
/// place a new claim touches is fused again.
#[test]
fn cached_place_states_equal_fusing_every_place_again() {
    let manual = |_: &Fact| false;
    let all = [
        claim("a", "government", Captured, "2016-02-03", 0.9, "wire"),
        claim("b", "opposition", Holds, "2016-02-03", 0.7, "tv"),
        claim("a", "opposition", Captured, "2016-02-08", 0.8, "tv"),
        claim("b", "government", Captured, "2016-01-20", 0.8, "wire"),
        claim("c", "isis", Captured, "2016-02-05", 0.9, "agency"),
        claim("a", "sdf", Besieges, "2016-02-09", 0.8, "wire"),
        claim("c", "government", Captured, "2016-02-05", 0.7, "tv"),
        claim("b", "sdf", Contested, "2016-02-04", 0.8, "agency"),
    ];
    let dates = [None, Some("2016-02-04"), Some("2016-02-08")];
    let mut tl = Timeline::new(all[..2].to_vec());
    let mut caches: Vec<FusedStates> = dates.iter().map(|_| FusedStates::default()).collect();
    for (i, c) in all.iter().enumerate().skip(2) {
        tl.extend(vec![c.clone()], manual);
        for (date, cache) in dates.iter().zip(&mut caches) {
            let cached = tl.state_at_cached(date.map(d), cache);
            let fresh = tl.state_at(date.map(d));
            assert_eq!(
                serde_json::to_string(&cached).unwrap(),
                serde_json::to_string(&fresh).unwrap(),
                "claim {i}, date {date:?}"
            );
            if i > 2 {
                assert_eq!(cache.fused, 1, "claim {i}: only its place is fused again");
            }
        }
    }
    // A timeline built afresh shares no version with the old one.
    let rebuilt = Timeline::new(all.to_vec());
    rebuilt.state_at_cached(None, &mut caches[0]);
    assert_eq!((caches[0].fused, caches[0].reused), (3, 0));
}
