//! Same-named places: which one a report means. Each row is a short text written for
//! this test in the style of wire copy, the mention to look at, and the pack place it
//! must resolve to (stable pack ids, see geodata/syria/README.md).
//!
//! The rules under test are general: a village told apart from its namesakes by a
//! positional qualifier ("Eastern Buwayda") or the Euphrates bank it lies on is found
//! under its plain name, and a community OCHA names by two joined names under either,
//! and chosen by the places around it; names joined in one list ("A and B") are read as
//! neighbours; a plain-name village stays the plain one when the context points there;
//! the places around outweigh an exact spelling.

use frontline::gazetteer::Gazetteer;
use frontline::geoparse::{Geoparser, MentionRole};
use std::sync::{Arc, OnceLock};

fn parser() -> &'static Geoparser {
    static P: OnceLock<Geoparser> = OnceLock::new();
    P.get_or_init(|| Geoparser::new(Arc::new(Gazetteer::bundled().expect("bundled gazetteer"))))
}

/// The pack id the mention `needle` of `text` resolves to.
fn resolved_id(text: &str, needle: &str) -> String {
    let p = parser();
    let ms: Vec<_> = p
        .parse(text)
        .into_iter()
        .filter(|m| m.role == MentionRole::Location && m.text == needle)
        .collect();
    assert_eq!(ms.len(), 1, "one mention {needle:?} in {text:?}");
    p.gazetteer().place(ms[0].place).id.clone()
}

#[test]
fn homonyms_resolved_by_context() {
    let rows: &[(&str, &str, &str)] = &[
        // The qualified village (Eastern Buwayda, near Qusair) under its plain name,
        // chosen over its namesakes by the town named beside it.
        (
            "Troops stormed the village of Buwayda, some ten miles northeast of Qusair, at dawn.",
            "Buwayda",
            "ocha:C2715",
        ),
        // The same plain name near Salamiyah: the namesake there.
        (
            "Government troops entered Buwayda, east of Salamiyah, after two days of shelling.",
            "Buwayda",
            "ocha:C3220",
        ),
        // Twin villages (al-Kabirah / as-Saghirah) east of Aleppo under the plain
        // name: one of the twins, not a namesake in another governorate.
        (
            "The army advanced from Buwaydah and Tal Hasil towards the airport.",
            "Buwaydah",
            "ocha:C1100",
        ),
        // Listed with Nubl: the village beside it, not a quarter of the city named
        // later in the sentence.
        (
            "Rebels shelled Nubl and Zahraa, two Shia towns, while other fighters left Homs.",
            "Zahraa",
            "ocha:C1646",
        ),
        // The list in the other order, the city named first.
        (
            "Fighters who left Homs this week moved on to Zahraa and Nubl under a truce.",
            "Zahraa",
            "ocha:C1646",
        ),
        // No list and the city's quarter is meant: the quarter.
        (
            "Shelling hit the Zahraa district of Homs overnight, residents said.",
            "Zahraa district",
            "neighbourhood:homs-zahraa",
        ),
        // A community OCHA names by two villages joined ("Maaret Elnaasan - Maaret
        // Elhaski") is found by either alone.
        (
            "The army said it had taken the town of Maaret Elnaasan in eastern Idlib after a night of fighting.",
            "Maaret Elnaasan",
            "ocha:C3935",
        ),
        // The part of a joined name ("Tal Hawasid - Hanuteh", south-east of Aleppo)
        // beside a namesake of its own (Hanuteh near Salamiyah): the places around
        // decide, both ways.
        (
            "Regime shells fell on Hanuteh and Tal Hawasid, south-east of Aleppo, on Monday.",
            "Hanuteh",
            "ocha:C1062",
        ),
        (
            "Government forces shelled Hanuteh, east of Salamiyah, overnight.",
            "Hanuteh",
            "ocha:C3325",
        ),
        // A namesake spelt exactly as the text (Tal Sha'er, 190 km away by Raqqa) loses
        // to one spelt otherwise beside the town the text names (Tal Shair, Jarabulus).
        (
            "Turkish-backed rebels attacked the hilltop Tal Shaer village on the road to Jarabulus.",
            "Tal Shaer village",
            "wiki:tal-shair",
        ),
        (
            "Rebels advancing south from Jarabulus reached Tal Shaer on Sunday.",
            "Tal Shaer",
            "wiki:tal-shair",
        ),
        // The Euphrates bank that tells twin villages apart ("Suwaydan Jazirah") is
        // dropped in reporting, as a positional qualifier is.
        (
            "SDF patrols searched homes in Suwaydan, a village on the Euphrates east of Mayadin.",
            "Suwaydan",
            "ocha:C5196",
        ),
        // A foreign place and the region's own of the same name (Jericho and Ariha,
        // Idlib, both "أريحا"): the region's, whatever "city" says, unless the text
        // names the other's country or places there.
        (
            "قصفت قوات النظام مدينة أريحا.",
            "أريحا",
            "geonames:172994",
        ),
        ("المرصد السوري: غارات على أريحا", "أريحا", "geonames:172994"),
        (
            "زار الوفد مدينة القدس ثم أريحا في الضفة الغربية",
            "أريحا",
            "geonames:284899",
        ),
        // A town named as it is today, not the classical name of a city 100 km away
        // (Daraa was Adraa in antiquity): the pack drops such aliases
        // (scripts/geodata/extras.json `alias_exclude`).
        (
            "Shells landed on the industrial zone of Adra, northeast of Damascus, on Friday.",
            "Adra",
            "ocha:C2331",
        ),
        // A capital far better known than the region's quarter of its name keeps it.
        (
            "Talks between the two sides resumed in Baghdad on Monday.",
            "Baghdad",
            "geonames:98182",
        ),
    ];
    let mut wrong = Vec::new();
    for &(text, needle, want) in rows {
        let got = resolved_id(text, needle);
        if got != want {
            wrong.push(format!("{needle:?} in {text:?}: {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Names whose transliteration skeleton is two letters ("al-Rai" → "ra") are found in
/// their exact spelling, with or without the article, and nowhere else.
#[test]
fn three_letter_names_in_exact_spelling() {
    let found: &[(&str, &str, &str)] = &[
        (
            "Rebel factions captured al-Rai on the Turkish border on Thursday.",
            "al-Rai",
            "geonames:169138",
        ),
        (
            "The fall of Rai, about forty miles northeast of Aleppo, cut a supply line.",
            "Rai",
            "geonames:169138",
        ),
    ];
    for &(text, needle, want) in found {
        assert_eq!(resolved_id(text, needle), want, "{text:?}");
    }
    // Another spelling with the same skeleton is not the town.
    let p = parser();
    let text = "Officials in Rao said the talks would resume.";
    assert!(
        p.parse(text).iter().all(|m| m.text != "Rao"),
        "{text:?}: {:?}",
        p.parse(text).iter().map(|m| &m.text).collect::<Vec<_>>()
    );
}

/// Words of the language that stand before a name and fold like a village's name are no
/// place of their own: "Jurud" (a town's barren uplands) is not Jayroud, and an outlet
/// named after a town ("Fars news agency", "al-Mayadeen television") is no place.
#[test]
fn words_before_and_after_names_are_no_places() {
    let p = parser();
    let rows: &[(&str, &str)] = &[
        (
            "Hezbollah fighters pushed into Jurud Arsal on the Lebanese border.",
            "Jurud",
        ),
        (
            "Fars news agency said the convoy had reached the town.",
            "Fars",
        ),
        (
            "Al-Mayadeen television said the army had entered the suburb.",
            "Al-Mayadeen",
        ),
    ];
    for &(text, needle) in rows {
        let places: Vec<_> = p
            .parse(text)
            .into_iter()
            .filter(|m| m.role == MentionRole::Location)
            .map(|m| m.text)
            .collect();
        assert!(
            !places.iter().any(|t| t == needle),
            "{needle:?} in {text:?} is a place: {places:?}"
        );
    }
    // the town after the upland word, and a town before a media noun that is no outlet's
    assert_eq!(
        resolved_id(
            "Hezbollah fighters pushed into Jurud Arsal on the Lebanese border.",
            "Arsal"
        ),
        "geonames:273675"
    );
    assert_eq!(
        resolved_id(
            "Residents of Mayadin told the news agency the bridge was hit.",
            "Mayadin"
        ),
        "geonames:173480"
    );
}
