//! Test support: a small hand-made gazetteer and a naive mention finder, so
//! each pattern family can be tested on its own without the real geoparser.
//! The region's real `factions.toml` is used: factions are what is tested.

use crate::claims::{Claim, Factions};
use crate::gazetteer::{Gazetteer, Place, PlaceKind, RegionInfo};
use crate::geoparse::{Direction, Mention, MentionRole, PartKind};
use crate::report::Report;
use geo::Point;

const FACTIONS: &str = include_str!("../../../geodata/syria/factions.toml");
/// A war of two sides (`two_sided = true`), for the rules only such a war has.
const TWO_SIDED_FACTIONS: &str = include_str!("../../../geodata/ukraine/factions.toml");

/// Places named in the tests (fictional where the name is invented).
const PLACES: &[(&str, &str, PlaceKind, f64, f64)] = &[
    ("t:aleppo", "Aleppo", PlaceKind::City, 37.16, 36.20),
    ("t:azaz", "Azaz", PlaceKind::Town, 37.05, 36.59),
    ("t:marea", "Marea", PlaceKind::Town, 37.18, 36.49),
    ("t:tellrifaat", "Tell Rifaat", PlaceKind::Town, 37.10, 36.47),
    ("t:kafrlaha", "Kafr Laha", PlaceKind::Village, 37.30, 36.30),
    (
        "t:beitsalim",
        "Beit Salim",
        PlaceKind::Village,
        37.32,
        36.33,
    ),
    ("t:nubl", "Nubl", PlaceKind::Town, 37.05, 36.37),
    ("t:zahraa", "Zahraa", PlaceKind::Town, 37.06, 36.38),
    (
        "t:qasrabyad",
        "Qasr Abyad",
        PlaceKind::Village,
        37.40,
        36.10,
    ),
    ("t:raqqa", "Raqqa", PlaceKind::City, 39.01, 35.95),
    ("t:manbij", "Manbij", PlaceKind::City, 37.95, 36.53),
    ("t:jarabulus", "Jarabulus", PlaceKind::Town, 38.01, 36.82),
    ("t:afrin", "Afrin", PlaceKind::City, 36.87, 36.51),
    (
        "t:kuweires",
        "Kuweires airbase",
        PlaceKind::Airbase,
        37.58,
        36.19,
    ),
    (
        "t:bab",
        "Bab al-Salama crossing",
        PlaceKind::Crossing,
        37.03,
        36.64,
    ),
    ("t:shaar", "Shaar", PlaceKind::Neighbourhood, 37.18, 36.21),
    (
        "t:idlibgov",
        "Idlib province",
        PlaceKind::Governorate,
        36.6,
        35.8,
    ),
    ("t:idlib", "Idlib", PlaceKind::City, 36.63, 35.93),
    ("t:shahba", "Shahba Canton", PlaceKind::Region, 37.2, 36.4),
    ("t:turkey", "Turkey", PlaceKind::Country, 35.0, 39.0),
    ("t:russia", "Russia", PlaceKind::Country, 60.0, 60.0),
    (
        "t:border",
        "the Turkish border",
        PlaceKind::Border,
        37.0,
        36.7,
    ),
    ("t:faraway", "Farawayville", PlaceKind::City, 25.6, -33.9),
];

/// First-level divisions of the places that have one (for provincial capitals).
const ADMIN1: &[(&str, &str)] = &[("t:idlib", "Idlib"), ("t:idlibgov", "Idlib")];

/// Demonyms the finder marks as such (what the geoparser does).
const DEMONYMS: &[(&str, &str)] = &[("Russian", "t:russia"), ("Turkish", "t:turkey")];

pub(crate) fn gazetteer() -> Gazetteer {
    gazetteer_of(PLACES)
}

/// A gazetteer of the given places (id, name, kind, lon, lat): tests of another language's
/// names ("راجو", a subdistrict and its seat town).
pub(crate) fn gazetteer_of(places: &[(&str, &str, PlaceKind, f64, f64)]) -> Gazetteer {
    let places = places
        .iter()
        .map(|(id, name, kind, lon, lat)| Place {
            id: id.to_string(),
            name: name.to_string(),
            kind: *kind,
            point: Point::new(*lon, *lat),
            country: "SY".into(),
            admin1: ADMIN1
                .iter()
                .find(|(pid, _)| pid == id)
                .map(|(_, a)| a.to_string()),
            admin2: None,
            population: 1000,
            importance: 0.5,
            aliases: Vec::new(),
            shape: None,
        })
        .collect();
    let info = RegionInfo {
        name: "Test".into(),
        country: "SY".into(),
        outline: "t:none".into(),
        bbox: [35.0, 32.0, 42.0, 37.5],
        center: [38.0, 35.0],
        zoom: 7,
        attribution: String::new(),
    };
    Gazetteer::from_parts(places, info, FACTIONS.to_string())
}

pub(crate) fn factions() -> Factions {
    Factions::parse(FACTIONS).expect("bundled factions.toml parses")
}

fn boundary(text: &str, s: usize, e: usize) -> bool {
    // Arabic writes "and" as a letter on the next word ("وأعزاز"), as the real geoparser
    // reads it (`ar-geoparse.toml` proclitics).
    let before = match text[..s].strip_suffix('\u{648}') {
        Some(rest) if !rest.chars().next_back().is_some_and(char::is_alphanumeric) => rest,
        _ => &text[..s],
    };
    !before
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && !text[e..].chars().next().is_some_and(char::is_alphanumeric)
}

/// A name to look for: text, place, role, part.
type NameEntry = (String, u32, MentionRole, Option<(Direction, PartKind)>);

/// Every place name (and "eastern X" parts, demonyms) in `text`, longest first.
pub(crate) fn mentions(g: &Gazetteer, text: &str) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut names: Vec<NameEntry> = Vec::new();
    for (i, p) in g.places().iter().enumerate() {
        names.push((p.name.clone(), i as u32, MentionRole::Location, None));
        for (adj, d) in [
            ("eastern ", Direction::East),
            ("western ", Direction::West),
            ("northern ", Direction::North),
        ] {
            if p.kind.is_settlement() {
                names.push((
                    format!("{adj}{}", p.name),
                    i as u32,
                    MentionRole::Location,
                    Some((d, PartKind::Inside)),
                ));
            }
        }
        for (adj, d) in [
            ("north of ", Direction::North),
            ("south of ", Direction::South),
        ] {
            names.push((
                format!("{adj}{}", p.name),
                i as u32,
                MentionRole::Location,
                Some((d, PartKind::Around)),
            ));
        }
    }
    // (a gazetteer of other places has no countries to name)
    for (w, id) in DEMONYMS {
        if let Some(idx) = g.idx_of(id) {
            names.push((w.to_string(), idx, MentionRole::Demonym, None));
        }
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
    for (name, idx, role, part) in names {
        let mut from = 0;
        while let Some(p) = text[from..].find(&name) {
            let (s, e) = (from + p, from + p + name.len());
            from = e;
            if !boundary(text, s, e) || out.iter().any(|m| s < m.end && m.start < e) {
                continue;
            }
            out.push(Mention {
                start: s,
                end: e,
                text: name.clone(),
                place: idx,
                role,
                confidence: 0.9,
                alternatives: Vec::new(),
                part,
                geometry: None,
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// The claims of `text`, as of 2016-02-10.
pub(crate) fn claims(text: &str) -> Vec<Claim> {
    let g = gazetteer();
    let f = factions();
    let r = Report::from_body(text, crate::report::parse_date("2016-02-10"));
    let m = mentions(&g, text);
    super::run(&r, &m, &g, &f)
}

/// The `(place id, faction, relation)` of each claim of `text` with the gazetteer `places`,
/// as of `date`.
pub(crate) fn claims_in(
    places: &[(&str, &str, PlaceKind, f64, f64)],
    date: &str,
    text: &str,
) -> Vec<(String, String, &'static str)> {
    claims_with(places, &factions(), date, text)
}

/// As [`claims_in`], with the sides of a war of two sides (the Ukraine pack's).
pub(crate) fn two_sided_claims_in(
    places: &[(&str, &str, PlaceKind, f64, f64)],
    date: &str,
    text: &str,
) -> Vec<(String, String, &'static str)> {
    let sides = Factions::parse(TWO_SIDED_FACTIONS).expect("bundled factions.toml parses");
    claims_with(places, &sides, date, text)
}

fn claims_with(
    places: &[(&str, &str, PlaceKind, f64, f64)],
    sides: &Factions,
    date: &str,
    text: &str,
) -> Vec<(String, String, &'static str)> {
    let g = gazetteer_of(places);
    let r = Report::from_body(text, crate::report::parse_date(date));
    let m = mentions(&g, text);
    super::run(&r, &m, &g, sides)
        .into_iter()
        .map(|c| {
            (
                c.place_id.unwrap_or_default(),
                c.faction,
                c.relation.as_str(),
            )
        })
        .collect()
}

/// `(place name, faction, relation)` of each claim, for compact asserts.
pub(crate) fn triples(text: &str) -> Vec<(String, String, &'static str)> {
    claims(text)
        .into_iter()
        .map(|c| (c.name.clone(), c.faction.clone(), c.relation.as_str()))
        .collect()
}

pub(crate) fn t(name: &str, faction: &str, rel: &'static str) -> (String, String, &'static str) {
    (name.to_string(), faction.to_string(), rel)
}
