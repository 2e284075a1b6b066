//! Geoparser on the bundled Syria gazetteer: the seed report (in our own words), each
//! spelling rule, people and organisations, relative expressions, ambiguity, offsets.

use frontline::gazetteer::{haversine_km, Gazetteer, PlaceKind};
use frontline::geoparse::{Direction, Geoparser, Mention, MentionRole, PartKind};
use geo::{Geometry, Point};
use std::sync::{Arc, OnceLock};

fn parser() -> &'static Geoparser {
    static P: OnceLock<Geoparser> = OnceLock::new();
    P.get_or_init(|| Geoparser::new(Arc::new(Gazetteer::bundled().expect("bundled gazetteer"))))
}

fn fixture() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/aleppo-2016-02-03.txt"
    ))
    .expect("fixture")
}

fn locations(text: &str) -> Vec<Mention> {
    parser()
        .parse(text)
        .into_iter()
        .filter(|m| m.role == MentionRole::Location)
        .collect()
}

/// The one location mention whose text contains `needle`.
fn resolve_one(text: &str, needle: &str) -> Mention {
    let ms: Vec<Mention> = locations(text)
        .into_iter()
        .filter(|m| m.text.contains(needle))
        .collect();
    assert_eq!(
        ms.len(),
        1,
        "{needle:?} in {text:?}: {:?}",
        ms.iter().map(|m| &m.text).collect::<Vec<_>>()
    );
    ms.into_iter().next().unwrap()
}

fn place_id(m: &Mention) -> &str {
    &parser().gazetteer().place(m.place).id
}

const ALEPPO: (f64, f64) = (37.16117, 36.20124);
const DAMASCUS: (f64, f64) = (36.29128, 33.5102);

fn km_from(m: &Mention, (lon, lat): (f64, f64)) -> f64 {
    haversine_km(
        parser().gazetteer().place(m.place).point,
        Point::new(lon, lat),
    )
}

#[test]
fn seed_report_places() {
    let text = fixture();
    let ms = parser().parse(&text);
    let g = parser().gazetteer();
    for m in &ms {
        assert_eq!(&text[m.start..m.end], m.text);
    }
    // Aleppo, as the city, within 3 km of its centre, every time it is named.
    let aleppo: Vec<&Mention> = ms.iter().filter(|m| m.text == "Aleppo").collect();
    assert!(aleppo.len() >= 4, "{aleppo:?}");
    for m in aleppo {
        assert_eq!(m.role, MentionRole::Location);
        assert!(km_from(m, ALEPPO) < 3.0, "{} km", km_from(m, ALEPPO));
    }
    // "the Turkish border" is the Turkey–Syria line.
    let border = ms
        .iter()
        .find(|m| m.text.contains("Turkish border"))
        .expect("Turkish border");
    let bp = g.place(border.place);
    assert_eq!(bp.kind, PlaceKind::Border);
    assert_eq!(border.role, MentionRole::Location);
    assert!(matches!(
        bp.geometry(),
        Geometry::LineString(_) | Geometry::MultiLineString(_)
    ));
    assert!(
        bp.name.contains("Turkey") && bp.name.contains("Syria"),
        "{}",
        bp.name
    );
    // Syria and Turkey as countries, Geneva in Switzerland.
    for (name, iso) in [("Syria", "SY"), ("Turkey", "TR")] {
        let m = ms
            .iter()
            .find(|m| m.text == name && m.role == MentionRole::Location)
            .expect(name);
        assert_eq!(g.place(m.place).kind, PlaceKind::Country);
        assert_eq!(g.place(m.place).country, iso);
    }
    let geneva = ms.iter().find(|m| m.text == "Geneva").expect("Geneva");
    assert_eq!(g.place(geneva.place).country, "CH");
    // The Observatory's "Syrian" is part of a name; "Syrian troops" is a demonym.
    let obs = text.find("Syrian Observatory").unwrap();
    let m = ms
        .iter()
        .find(|m| m.start == obs)
        .expect("Syrian in the Observatory's name");
    assert_eq!(m.role, MentionRole::InName);
    let troops = text.find("Syrian troops").unwrap();
    let m = ms
        .iter()
        .find(|m| m.start == troops)
        .expect("Syrian troops");
    assert_eq!(m.role, MentionRole::Demonym);
    assert_eq!(g.place(m.place).country, "SY");
    // No location mention overlaps a person's name.
    for person in [
        "Staffan de Mistura",
        "de Mistura",
        "Bashar al-Assad",
        "Assad",
        "Rami Abdel Rahman",
        "John Kirby",
        "Laurent Fabius",
        "Riad Hijab",
        "Hijab",
        "Bashar al-Jaafari",
        "Jaafari",
    ] {
        for (s, _) in text.match_indices(person) {
            let e = s + person.len();
            for m in &ms {
                assert!(
                    m.end <= s || m.start >= e,
                    "{:?} overlaps the person {person:?}",
                    m.text
                );
            }
        }
    }
    // The source URL in the header produces nothing.
    let body = text.find("\n\n").unwrap();
    let source_line =
        text.find("source:").unwrap()..text[text.find("source:").unwrap()..].find('\n').unwrap();
    assert!(ms.iter().all(|m| !source_line.contains(&m.start)));
    assert!(ms.iter().any(|m| m.start > body));
}

/// English words and surnames share the skeleton of village names ("Jones" / "Junas",
/// "Hamas" / "Homs", "House" / "Hisyah"): a frequent English word is a place only when
/// spelt exactly as one, so a country or city whose name is an English word still is.
#[test]
fn frequent_english_words_need_an_exact_spelling() {
    for (text, not_a_place) in [
        ("Hamas fired rockets overnight.", "Hamas"),
        ("The House passed the bill on Tuesday.", "House"),
        ("Jones told reporters the talks had stalled.", "Jones"),
        ("Moore and Taylor met the envoy.", "Moore"),
        ("Moore and Taylor met the envoy.", "Taylor"),
        ("The Board approved the aid budget.", "Board"),
        ("Jewish groups criticised the decision.", "Jewish"),
    ] {
        let found = locations(text);
        assert!(
            !found.iter().any(|m| m.text == not_a_place),
            "{text}: {not_a_place} taken as a place: {found:?}"
        );
    }
    for (text, place, country) in [
        ("Refugees crossed into Jordan on Monday.", "Jordan", "JO"),
        ("Talks were held in Turkey.", "Turkey", "TR"),
        ("Shelling hit Homs overnight.", "Homs", "SY"),
    ] {
        assert_resolves_in(text, place, country);
    }
}

/// The one location mention containing `place` resolves to a place of `country`.
fn assert_resolves_in(text: &str, place: &str, country: &str) {
    let m = resolve_one(text, place);
    assert_eq!(
        parser().gazetteer().place(m.place).country,
        country,
        "{text}"
    );
}

/// A country written after a name, as in a dateline or a list, says where the name lies,
/// even when a bigger namesake lies elsewhere ("Tripoli, Libya" has five times the people).
#[test]
fn a_country_after_the_name_places_it() {
    for (text, place, country) in [
        (
            "Clashes erupted in Tripoli, Lebanon, on Monday.",
            "Tripoli",
            "LB",
        ),
        (
            "Talks resumed in Tripoli, Libya, on Monday.",
            "Tripoli",
            "LY",
        ),
    ] {
        assert_resolves_in(text, place, country);
    }
}

#[test]
fn spelling_variants_resolve_alike() {
    let families: &[&[&str]] = &[
        &["Tell Abyad", "Tal Abyad", "Tall Abyad", "Tel Abyad"],
        &[
            "Deir ez-Zor",
            "Deir el-Zour",
            "Dayr az-Zawr",
            "Deir Ezzor",
            "Dair al-Zour",
            "Der ez-Zor",
        ],
        &["Kafr Nabl", "Kfar Nabl", "Kefr Nabl"],
        &["Ain Issa", "Ayn Issa", "Ein Issa", "'Ayn Issa", "Ayn 'Issa"],
        &[
            "Maarat al-Numan",
            "Maarrat al-Nu'man",
            "Ma'arat an-Numan",
            "Ma\u{2019}arrat al Numan",
            "Maarat Al-Numan",
        ],
        &["Ras al-Ain", "Ras al Ain", "Ras el-Ain", "Ras al-Ayn"],
        &[
            "Jisr al-Shughur",
            "Jisr ash-Shughur",
            "Jisr Al Shughour",
            "Jisr el-Shugour",
        ],
        &["Raqqa", "Raqqah", "al-Raqqa", "ar-Raqqah", "Ar Raqqah"],
        &["Nubl", "Nubul", "Nabul"],
        &["Marea", "Mareaa", "Maareh"],
        &["Kobani", "Kobanî", "Kobanê"],
        &["Hama", "Ḥamāh", "Hamah"],
        &["Aleppo", "حلب"],
    ];
    for family in families {
        let mut ids = Vec::new();
        for v in *family {
            let text = format!("Fighting was reported in {v} on Monday.");
            let m = resolve_one(&text, v.trim_start_matches('\''));
            ids.push((v, place_id(&m).to_string()));
        }
        assert!(ids.iter().all(|(_, id)| *id == ids[0].1), "{ids:?}");
    }
}

#[test]
fn possessive_article_and_arabic_prefix() {
    let m = resolve_one("Aleppo's eastern districts were shelled.", "Aleppo");
    assert_eq!(m.text, "Aleppo");
    assert!(km_from(&m, ALEPPO) < 3.0);
    // the article belongs to the mention
    let m = resolve_one("Turkish-backed rebels entered al-Bab.", "Bab");
    assert_eq!(m.text, "al-Bab");
    // Arabic: conjunction + article prefix, ta marbuta written as ha; the conjunction
    // stays outside the mention, the article inside
    let a = resolve_one("قصف في الرقة اليوم", "الرقة");
    let b = resolve_one("قصف والرقه اليوم", "الرقه");
    assert_eq!(b.text, "الرقه");
    assert_eq!(place_id(&a), place_id(&b));
    // a compound name written as one word, after a kind noun that says it is the governorate
    let joined = resolve_one("في الريف الشرقي لمحافظة ديرالزور", "ديرالزور");
    let apart = resolve_one("في الريف الشرقي لمحافظة دير الزور", "دير الزور");
    assert_eq!(joined.text, "ديرالزور");
    assert_eq!(place_id(&joined), place_id(&apart));
    assert_eq!(
        parser().gazetteer().place(joined.place).kind,
        PlaceKind::Governorate
    );
}

#[test]
fn two_zahraas_by_context() {
    // Zahraa with Nubl beside it is the town north of Aleppo, not the city quarter.
    let m = resolve_one(
        "Pro-government fighters in Nubl and Zahraa broke the siege.",
        "Zahraa",
    );
    let z = parser().gazetteer().place(m.place);
    assert!(
        haversine_km(z.point, Point::new(36.99294, 36.37867)) < 5.0,
        "{} {}",
        z.id,
        z.name
    );
}

#[test]
fn doumas_by_context() {
    let m = resolve_one(
        "Shelling hit Douma in Eastern Ghouta, east of Damascus.",
        "Douma",
    );
    assert!(km_from(&m, DAMASCUS) < 20.0, "{}", place_id(&m));
    let m = resolve_one(
        "In Suwayda province, gunmen attacked Douma, a village near Shahba, on Friday.",
        "Douma",
    );
    let p = parser().gazetteer().place(m.place);
    assert_eq!(p.admin1.as_deref(), Some("Suwayda"), "{}", p.id);
    // with nothing to go on, the large town near Damascus wins, and the others are noted
    let m = resolve_one("Douma was quiet.", "Douma");
    assert!(km_from(&m, DAMASCUS) < 20.0);
}

#[test]
fn admin_hint_picks_the_village() {
    // several villages share a name; "in Idlib province" decides
    let text = "Clashes erupted in Kafriya in Idlib province.";
    let m = resolve_one(text, "Kafriya");
    let p = parser().gazetteer().place(m.place);
    assert_eq!(p.admin1.as_deref(), Some("Idlib"), "{}", p.id);
}

#[test]
fn people_and_organisations_are_not_locations() {
    for (text, name) in [
        (
            "The talks were chaired by UN envoy Staffan de Mistura in Geneva.",
            "Mistura",
        ),
        (
            "Opposition coordinator Riad Hijab said the group would not return.",
            "Hijab",
        ),
        ("President Bashar al-Assad spoke on Sunday.", "Assad"),
        ("General Suheil al-Hassan led the assault.", "Hassan"),
        ("\"We will not stop,\" Hassan Nasrallah said.", "Hassan"),
        ("Khaled said the road to the crossing was closed.", "Khaled"),
        ("Fighters loyal to Hamza bin Ali held the hill.", "Ali"),
        // a name plus a nisba ending is a person's origin, not the place
        ("Abu Omar al-Homsi, a local activist, said.", "Homsi"),
        // given names of the English-speaking world (geodata/lang/en-given-names.txt)
        (
            "The clinic is run by Dona Kinney, a nurse from Ohio.",
            "Kinney",
        ),
        ("Ramon Kantor drove the convoy to the border.", "Kantor"),
    ] {
        let s = text.find(name).unwrap();
        for m in parser().parse(text) {
            assert!(
                m.end <= s || m.start >= s + name.len() || m.role != MentionRole::Location,
                "{text}: {m:?}"
            );
        }
    }
    // the surname alone, later in the text, is still the person's
    let found =
        locations("Ray Soule flew the aid plane to Aleppo. Soule said the airport was open.");
    assert_eq!(
        found.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(),
        ["Aleppo"]
    );
    let text = "The Manbij Military Council said it took the village.";
    let m = parser()
        .parse(text)
        .into_iter()
        .find(|m| m.text == "Manbij")
        .expect("Manbij");
    assert_eq!(m.role, MentionRole::InName);
    // The place itself, spelt as listed, is still found beside such a name.
    let found = locations("Abu Omar al-Homsi said Homs was quiet.");
    assert_eq!(
        found.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(),
        ["Homs"]
    );
    let text = "Russian-backed forces advanced.";
    let m = parser().parse(text).into_iter().next().expect("Russian");
    assert_eq!(m.role, MentionRole::Demonym);
}

#[test]
fn common_words_and_acronyms_are_not_places() {
    for text in [
        "As the sun set, talks resumed.",
        "The SDF and the FSA met.",
        "Bab was not mentioned; the man went home.",
        "State news agency SANA reported the attack.",
    ] {
        assert!(locations(text).is_empty(), "{text}: {:?}", locations(text));
    }
    // a dateline in capitals is a place
    let m = resolve_one("BEIRUT, Lebanon (AP) — Talks failed.", "BEIRUT");
    assert_eq!(parser().gazetteer().place(m.place).country, "LB");
}

#[test]
fn relative_expressions() {
    let g = parser().gazetteer();
    let m = resolve_one("Rebels still hold eastern Aleppo.", "Aleppo");
    assert_eq!(m.text, "eastern Aleppo");
    assert_eq!(m.part, Some((Direction::East, PartKind::Inside)));
    let Some(Geometry::Polygon(p)) = &m.geometry else {
        panic!("{m:?}")
    };
    use geo::Centroid;
    let c = p.centroid().unwrap();
    assert!(c.x() > ALEPPO.0 && km_from(&m, ALEPPO) < 3.0);

    let m = resolve_one("Troops took a village west of Aleppo.", "Aleppo");
    assert_eq!(m.text, "west of Aleppo");
    assert_eq!(m.part, Some((Direction::West, PartKind::Around)));
    let Some(Geometry::Polygon(p)) = &m.geometry else {
        panic!()
    };
    assert!(p.centroid().unwrap().x() < ALEPPO.0);

    let text = "The army entered Aleppo. Rebels still hold the east of the city.";
    let ms = locations(text);
    let last = ms.last().unwrap();
    assert_eq!(last.text, "the east of the city");
    assert_eq!(g.place(last.place).name, "Aleppo");
    assert_eq!(last.part, Some((Direction::East, PartKind::Inside)));

    let m = resolve_one("Fighting spread across Aleppo province.", "Aleppo");
    assert_eq!(m.text, "Aleppo province");
    assert_eq!(g.place(m.place).kind, PlaceKind::Governorate);
    assert!(matches!(
        g.place(m.place).geometry(),
        Geometry::Polygon(_) | Geometry::MultiPolygon(_)
    ));

    let m = resolve_one(
        "Turkish troops shelled the northern Aleppo countryside.",
        "Aleppo",
    );
    assert_eq!(m.text, "northern Aleppo countryside");
    assert_eq!(g.place(m.place).kind, PlaceKind::Governorate);
    assert_eq!(m.part.map(|p| p.0), Some(Direction::North));
    assert!(m.geometry.is_some());

    let ms = locations("Air strikes hit Hama and Idlib provinces.");
    assert_eq!(ms.len(), 2);
    assert!(
        ms.iter()
            .all(|m| g.place(m.place).kind == PlaceKind::Governorate),
        "{ms:?}"
    );

    let m = resolve_one(
        "Refugees massed at the border with Turkey.",
        "border with Turkey",
    );
    assert_eq!(g.place(m.place).kind, PlaceKind::Border);
}

/// "The countryside of X", with or without a direction, is X's governorate, however
/// near the city the text's other places lie; where X names no governorate, the town.
#[test]
fn a_countryside_is_its_governorate() {
    let g = parser().gazetteer();
    let governorate = |text: &str, needle: &str, name: &str| {
        let m = resolve_one(text, needle);
        let p = g.place(m.place);
        assert_eq!(
            (p.kind, p.name.as_str()),
            (PlaceKind::Governorate, name),
            "{text}: {m:?}"
        );
        m
    };
    let m = governorate(
        "Rebels advanced in the western countryside of Aleppo on Monday.",
        "Aleppo",
        "Aleppo Governorate",
    );
    assert_eq!(m.text, "western countryside of Aleppo");
    assert_eq!(m.part.map(|p| p.0), Some(Direction::West));
    governorate(
        "Clashes went on in the countryside of Hama.",
        "Hama",
        "Hama Governorate",
    );
    // The city named before and the places around it do not pull the countryside back.
    governorate(
        "Government forces shelled Kafr Nabudah and Souran, north of Hama city, and \
         clashes spread across the northern countryside of Hama.",
        "northern countryside of Hama",
        "Hama Governorate",
    );
    // "The province of Daraa" first: its countryside is the province too.
    governorate(
        "The army pressed on in the southern province of Daraa. Four towns in the eastern \
         countryside of Daraa were handed over near Bosra.",
        "eastern countryside of Daraa",
        "Daraa Governorate",
    );
    let m = resolve_one("Turkish drones struck the Manbij countryside.", "Manbij");
    assert_eq!(g.place(m.place).name, "Manbij");
}

#[test]
fn world_places() {
    let g = parser().gazetteer();
    for (name, iso) in [
        ("Moscow", "RU"),
        ("Geneva", "CH"),
        ("Washington", "US"),
        ("Ankara", "TR"),
        ("Paris", "FR"),
    ] {
        let m = resolve_one(&format!("Officials met in {name} on Tuesday."), name);
        assert_eq!(g.place(m.place).country, iso, "{name}");
    }
}

/// A tiny deterministic generator, so the test needs no extra crate.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn offsets_round_trip_on_random_slices() {
    let base = fixture()
        + "\n\nQuartiers d’Alep: Ḥalab, حلب, Kobanê — «Raqqa» 🚀 Deir ez-Zor’s east; ‘Ayn ‘Issa.\n";
    let mut rng = Lcg(7);
    for _ in 0..300 {
        let mut a = rng.next(base.len());
        let mut b = a + rng.next(600);
        b = b.min(base.len());
        while !base.is_char_boundary(a) {
            a -= 1;
        }
        while !base.is_char_boundary(b) {
            b += 1;
        }
        let slice = &base[a..b];
        let ms = parser().parse(slice);
        let mut prev_end = 0;
        for m in &ms {
            assert_eq!(&slice[m.start..m.end], m.text, "slice {a}..{b}");
            assert!(m.start >= prev_end, "mentions overlap or are out of order");
            prev_end = m.end;
        }
    }
    let ms = parser().parse(&base);
    assert!(ms.iter().any(|m| m.text == "حلب"));
    assert!(ms.iter().any(|m| m.text.contains("Ayn")));
}

#[test]
fn a_name_introduced_as_a_province_stays_the_province() {
    let g = parser().gazetteer();
    let kinds = |text: &str| -> Vec<PlaceKind> {
        locations(text)
            .iter()
            .filter(|m| m.text.contains("Daraa") || m.text.contains("Aleppo"))
            .map(|m| g.place(m.place).kind)
            .collect()
    };
    // one sense per text: the bare name after "the province of Daraa" is the province
    assert_eq!(
        kinds(
            "Fighting spread in the southern province of Daraa. The army now holds most of Daraa."
        ),
        [PlaceKind::Governorate, PlaceKind::Governorate]
    );
    // unless the text also calls it a city
    let k = kinds("Rebels in Daraa province shelled Daraa city. By evening Daraa was quiet.");
    assert_eq!(k[0], PlaceKind::Governorate);
    assert_eq!(k[2], PlaceKind::City, "{k:?}");
    // an apposition is such a cue: "Aleppo, Syria's largest city"
    let k = kinds("Jets struck Aleppo province and Aleppo, Syria's largest city, on Monday.");
    assert_eq!(k, [PlaceKind::Governorate, PlaceKind::City]);
}

#[test]
fn an_exact_spelling_beats_an_old_alias_with_the_same_skeleton() {
    // "Ziyarah" folds like "Zoraia", an ancient name of Izra (a Daraa town far more
    // important than any Ziyarah), and like "Az Ziyarah", a town in Hama; the Afrin
    // village is spelt "Ziyarah" exactly, the text calls it a village and is about Afrin,
    // even though its dateline is Beirut and it names Damascus (which pull south).
    for text in [
        "BEIRUT, Feb 6 - Kurdish fighters pushed east from Afrin on Saturday, took the \
         village of Ziyarah and moved on the Menagh air base, a commander said. Rebels \
         accused them of working with Damascus.",
        "BEIRUT, Feb 6 - Kurdish fighters pushed east from Afrin on Saturday and took the \
         village of Ziyarah, a commander said.",
    ] {
        let m = resolve_one(text, "Ziyarah");
        assert!(km_from(&m, (36.87, 36.51)) < 25.0, "{text}: far from Afrin");
    }
}

#[test]
fn nationality_words_need_their_spelling() {
    // "Soran" folds like "Syrian" but is a town; "Syrian" and "SYRIAN" stay demonyms.
    let ms = parser().parse("Syrian troops and SYRIAN rebels fought over Soran.");
    let soran = ms.iter().find(|m| m.text == "Soran").expect("Soran found");
    assert_eq!(soran.role, MentionRole::Location);
    assert_ne!(
        parser().gazetteer().place(soran.place).kind,
        PlaceKind::Country
    );
    let demonyms = ms.iter().filter(|m| m.role == MentionRole::Demonym).count();
    assert_eq!(demonyms, 2, "{ms:?}");
}

#[test]
fn compound_names_written_apart_find_the_one_word_entry() {
    // OCHA writes "Khantuman"; reporting writes "Khan Tuman" (and "Tuman" alone is a
    // village 40 km away).
    let m = resolve_one(
        "The army failed to take Khan Tuman, south-west of Aleppo.",
        "Tuman",
    );
    assert_eq!(m.text, "Khan Tuman");
    assert!(km_from(&m, (37.047, 36.115)) < 2.0, "{}", m.text);
}

#[test]
fn a_sentence_opening_in_is_not_ayn() {
    // "In Deraa" folds like "'Ayn Dara" (a Kurdish village near Afrin).
    let m = resolve_one("In Deraa, rebels attacked the Manshiyeh district.", "Deraa");
    assert_eq!(m.text, "Deraa");
    assert!(km_from(&m, (36.10, 32.62)) < 10.0, "{}", m.text);
}

/// Facilities named by their town, sub-places named by their city, and a spelling of
/// "Sheikh": each row is (text, the mention's text, the place id it must resolve to).
#[test]
fn facilities_sub_places_and_spellings() {
    let rows: &[(&str, &str, &str)] = &[
        // the noun before "of": the pack spells the airport "Deir ez-Zor Military Airport"
        (
            "Cargo planes landed at the Military Airport of Deir Ezzor on Monday.",
            "Military Airport of Deir Ezzor",
            "airbase:deir-ez-zor",
        ),
        (
            "Loyalist units still hold the airbase of Abu al-Duhur in Idlib province.",
            "airbase of Abu al-Duhur",
            "airbase:abu-al-duhur",
        ),
        // the noun after the name, another noun than the pack's ("Shillif Castle")
        (
            "Government troops retook the Shillif fortress in the Latakia hills.",
            "Shillif fortress",
            "wiki:shillif-castle",
        ),
        // without a noun the name stays the village
        (
            "Shelling hit the village of Shillif near Kinsabba overnight.",
            "Shillif",
            "ocha:C3730",
        ),
        // "the Old City" is the old city of the city the text is about
        (
            "Fighters in Homs agreed to leave. The Old City was emptied by evening.",
            "Old City",
            "neighbourhood:homs-old-city",
        ),
        (
            "In Aleppo, the army pushed into the Old City from the south.",
            "Old City",
            "neighbourhood:aleppo-old-city",
        ),
        // a height the pack names "Jabal Al-Rous", in English word order
        (
            "Loyalist troops seized al-Rous Mountain near Kinsabba at dawn.",
            "al-Rous Mountain",
            "wiki:jabal-al-rous",
        ),
        // "Sheik" for "Sheikh"
        (
            "Pro-government militias captured Sheik Saeed in southern Aleppo.",
            "Sheik Saeed",
            "neighbourhood:aleppo-sheikh-saeed",
        ),
    ];
    assert_rows_resolve(rows);
}

/// A bare name that is exactly one place's own name is that place, not another place whose
/// name merely holds it beside a kind word ("Euphrates Dam", an alias of the Tabqa dam),
/// even when the text's other places lie near that other place; the kind word in the text
/// still names it. Each row is (text, the mention's text, the place id it must resolve to).
#[test]
fn a_bare_name_is_its_own_place_not_one_named_after_it() {
    let rows: &[(&str, &str, &str)] = &[
        (
            "The SDF took Tabqa last week; the army holds the villages west of the Euphrates.",
            "Euphrates",
            "river:euphrates",
        ),
        (
            "Near Raqqa and Tabqa, government troops hold the farmland south of the Euphrates.",
            "Euphrates",
            "river:euphrates",
        ),
        (
            "The government controls areas of Deir ez-Zor province west of the Euphrates.",
            "Euphrates",
            "river:euphrates",
        ),
        (
            "Engineers from Tabqa inspected the Euphrates Dam on Monday.",
            "Euphrates Dam",
            "dam:tabqa",
        ),
        (
            "Engineers from Raqqa inspected the Euphrates dam on Monday.",
            "Euphrates dam",
            "dam:tabqa",
        ),
        (
            "Fighting near the Euphrates Dam spread into Tabqa by the evening.",
            "Tabqa",
            "geonames:172374",
        ),
    ];
    assert_rows_resolve(rows);
}

/// Each row's mention, found once in its text, resolves to the row's place id.
/// A city's part named after the city's possessive is a part of that city: one the pack has
/// there, or no mention of its own when the pack has none there (never a namesake part of
/// another city). Rows: text, the part's name, the place id it must resolve to or `None`.
#[test]
fn a_part_after_a_citys_possessive_lies_in_that_city() {
    let rows: &[(&str, &str, Option<&str>)] = &[
        (
            "Islamic State fighters entrenched in Raqqa's Old City used civilians as shields.",
            "Old City",
            None,
        ),
        (
            "Rebels shelled Homs's Old City from the northern districts overnight.",
            "Old City",
            Some("neighbourhood:homs-old-city"),
        ),
        (
            "Snipers in Damascus\u{2019}s Old City fired on the crowd, residents said.",
            "Old City",
            Some("ocha:C10011027"),
        ),
    ];
    for &(text, part, id) in rows {
        let found: Vec<Mention> = locations(text)
            .into_iter()
            .filter(|m| m.text.contains(part))
            .collect();
        let ids: Vec<&str> = found.iter().map(place_id).collect();
        assert_eq!(ids, id.into_iter().collect::<Vec<_>>(), "{text}");
        // the city's own mention stays
        assert!(
            locations(text).iter().any(|m| !m.text.contains(part)),
            "{text}"
        );
    }
}

fn assert_rows_resolve(rows: &[(&str, &str, &str)]) {
    for &(text, mention, id) in rows {
        let m = resolve_one(text, mention);
        assert_eq!(m.text, mention, "{text}");
        assert_eq!(place_id(&m), id, "{text}");
    }
}

/// A plural admin noun covers every name it is written with: before "of" ("the provinces of
/// A and B") and after the list ("the A and B regions"). Rows: region pack, sentence, the
/// names that must resolve to the pack's first-level admin areas.
#[test]
fn a_plural_admin_noun_covers_every_listed_name() {
    let rows: &[(&str, &str, &[&str])] = &[
        (
            "syria",
            "Fighting raged across the provinces of Idlib and Hama.",
            &["Idlib", "Hama"],
        ),
        (
            "syria",
            "Shelling hit the provinces of Idlib, Hama, and Latakia.",
            &["Idlib", "Hama", "Latakia"],
        ),
        (
            "syria",
            "Aid convoys crossed the Aleppo and Idlib regions.",
            &["Aleppo", "Idlib"],
        ),
        (
            "ukraine",
            "Russia claimed the regions of Kherson and Zaporizhzhia.",
            &["Kherson", "Zaporizhzhia"],
        ),
        (
            "ukraine",
            "Drones struck the Kharkiv and Sumy regions overnight.",
            &["Kharkiv", "Sumy"],
        ),
        (
            "ukraine",
            "Troops withdrew from the Kyiv and Chernihiv oblasts.",
            &["Kyiv", "Chernihiv"],
        ),
    ];
    for &(pack, text, names) in rows {
        let region = frontline::region::Region::bundled_named(pack).expect("bundled pack");
        let g = &region.gazetteer;
        let ms: Vec<Mention> = region
            .geoparser
            .parse(text)
            .into_iter()
            .filter(|m| m.role == MentionRole::Location)
            .collect();
        for name in names {
            let m = ms
                .iter()
                .find(|m| m.text.starts_with(name))
                .unwrap_or_else(|| panic!("{name:?} not found in {text:?}"));
            assert_eq!(
                g.place(m.place).kind,
                PlaceKind::Governorate,
                "{name:?} in {text:?} resolved to {}",
                g.place(m.place).name
            );
        }
    }
}

/// Organisations, media, operations and people whose names a place's name or spelling
/// variant matches (region.toml `not_places`), and dateline month abbreviations, are no
/// places; the places they collide with still are when written as places. Rows: sentence,
/// whether any location is found in it.
#[test]
fn names_of_groups_media_and_people_are_not_places() {
    let rows: &[(&str, bool)] = &[
        (
            "The group, once linked to al-Qaeda, denied the report.",
            false,
        ),
        ("Al Qaida's local branch issued a statement.", false),
        ("The footage was aired by Al Jazeera on Monday.", false),
        ("Forces loyal to Assad pressed on overnight.", false),
        ("Fighters of Operation Euphrates Shield regrouped.", false),
        ("The agency Sana reported heavy losses.", false),
        ("Talks resumed on Nov 27, officials said.", false),
        ("Kurdish units patrolled the shore of Lake Assad.", true),
        (
            "Turkish-backed factions hold the Euphrates Shield area.",
            true,
        ),
        ("Drought struck the Jazira region.", true),
    ];
    for &(text, place) in rows {
        let found: Vec<String> = locations(text).into_iter().map(|m| m.text).collect();
        assert_eq!(!found.is_empty(), place, "{text:?}: {found:?}");
    }
}

/// A share before a name that is both a province and its capital ("much of Idlib") is the
/// province, however near the city the text's other places lie; a metropolis's share is
/// the city's districts, and a name with its own kind word keeps it (en21g).
#[test]
fn a_share_of_a_provincial_capital_is_its_province() {
    let g = parser().gazetteer();
    let rows: &[(&str, &str, PlaceKind, &str)] = &[
        (
            "Much of Idlib has fallen to the rebels.",
            "Idlib",
            PlaceKind::Governorate,
            "Idlib Governorate",
        ),
        (
            "Jets struck Saraqib and Idlib on Sunday. Much of Idlib has fallen to the rebels.",
            "Idlib",
            PlaceKind::Governorate,
            "Idlib Governorate",
        ),
        (
            "Islamic State holds the bulk of Raqqa.",
            "Raqqa",
            PlaceKind::Governorate,
            "Raqqa Governorate",
        ),
        (
            "The army now holds most of Aleppo.",
            "Aleppo",
            PlaceKind::City,
            "Aleppo",
        ),
        (
            "Rebels hold most of Idlib city.",
            "Idlib",
            PlaceKind::City,
            "Idlib",
        ),
        // a share of a name that is no province: the name as it is
        (
            "Rebels hold most of Saraqib.",
            "Saraqib",
            PlaceKind::Town,
            "Saraqib",
        ),
    ];
    for &(text, needle, kind, name) in rows {
        // the last mention of the name (the second row names it twice)
        let m = locations(text)
            .into_iter()
            .rfind(|m| m.text.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
        let p = g.place(m.place);
        assert_eq!((p.kind, p.name.as_str()), (kind, name), "{text}: {m:?}");
    }
}

/// Headlines (geo25c): in a line in Title Case or in capitals every content word is
/// capitalised, so capitals are no evidence of a name there. Rows: the line (a body line
/// after it keeps the line a line of its own), the mention's text, its role (`None`: no
/// mention at all). Organisation names with a place inside stay `in_name` in both casings;
/// ordinary words that are also villages' names are no places in a headline.
#[test]
fn casing_modes_of_headlines() {
    use MentionRole::{Demonym, InName, Location};
    let rows: &[(&str, &str, Option<MentionRole>)] = &[
        // Title Case: the place after the verb is the place itself
        (
            "Kurdish-Led Forces Seize Tabqa From Islamic State",
            "Tabqa",
            Some(Location),
        ),
        (
            "Turkish-Backed Rebels Seize Jarabulus From Islamic State",
            "Turkish",
            Some(Demonym),
        ),
        (
            "Rebels Withdraw From Khan Sheikhoun As Government Troops Advance",
            "Khan Sheikhoun",
            Some(Location),
        ),
        (
            "Turkish Troops Enter Afrin City Center",
            "Afrin",
            Some(Location),
        ),
        (
            "Turkish Troops Enter Afrin City Center",
            "Turkish",
            Some(Demonym),
        ),
        (
            "Regime Forces Take Control Of Maarat Al-Numan After Rebel Retreat",
            "Maarat Al-Numan",
            Some(Location),
        ),
        (
            "Hezbollah And Army Capture Qusair",
            "Qusair",
            Some(Location),
        ),
        (
            "Islamic State Militants Retake Palmyra From Syrian Troops",
            "Palmyra",
            Some(Location),
        ),
        (
            "Jaish Al-Fatah Overruns Abu Al-Duhur Air Base In Idlib",
            "Abu Al-Duhur",
            Some(Location),
        ),
        (
            "Syrian Army Captures Rebel-Held Town Of Morek In Northern Hama",
            "Morek",
            Some(Location),
        ),
        // ... and organisation names keep their places
        (
            "Aleppo Media Center Says Regime Shells Eastern Districts",
            "Aleppo",
            Some(InName),
        ),
        (
            "Free Idlib Army Fighters Join Turkish Operation",
            "Idlib",
            Some(InName),
        ),
        (
            "Hama Revolutionary Council Calls For Unity Among Factions",
            "Hama",
            Some(InName),
        ),
        (
            "Manbij Military Council Says Offensive Will Begin Soon",
            "Manbij",
            Some(InName),
        ),
        // ALL CAPS
        (
            "UPDATE 1230 GMT: KURDISH FIGHTERS SEIZE TELL ABYAD FROM ISLAMIC STATE",
            "TELL ABYAD",
            Some(Location),
        ),
        (
            "SYRIAN GOVERNMENT FORCES ENTER KHAN SHEIKHOUN - STATE MEDIA",
            "KHAN SHEIKHOUN",
            Some(Location),
        ),
        (
            "AMERICAN ENVOY SAYS SAFE ZONE WILL COVER MANBIJ",
            "MANBIJ",
            Some(Location),
        ),
        (
            "ALEPPO MEDIA CENTER SAYS REGIME SHELLS EASTERN DISTRICTS",
            "ALEPPO",
            Some(InName),
        ),
        (
            "MANBIJ MILITARY COUNCIL SAYS OFFENSIVE WILL BEGIN SOON",
            "MANBIJ",
            Some(InName),
        ),
        // ordinary words are no places in a headline
        ("TELL US WHAT YOU SAW, SAID THE OFFICER", "TELL", None),
        ("Houses Destroyed As Shelling Hits Old City", "Houses", None),
        // prose and short headings read as before
        (
            "The Manbij Military Council said it took the village.",
            "Manbij",
            Some(InName),
        ),
        ("Northern Hama:", "Hama", Some(Location)),
        (
            "Syrian troops captured the town of Morek on Tuesday.",
            "Morek",
            Some(Location),
        ),
    ];
    let mut wrong = Vec::new();
    for &(line, name, role) in rows {
        let text = format!("{line}\nThe report gave no date.");
        let s = text.find(name).unwrap();
        let found = parser()
            .parse(&text)
            .into_iter()
            .find(|m| m.start <= s && s < m.end);
        if found.as_ref().map(|m| m.role) != role {
            wrong.push(format!("{line:?} {name:?}: {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
