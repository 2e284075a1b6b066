//! `frontline geoparse` on an Arabic bulletin (written for this test in the manner of the
//! Syrian Observatory's and local outlets' reports): the places found, with spans that are
//! byte offsets into the original text, clitic prefixes outside the mention and the article
//! inside it; people, organisation names, kind nouns, months and days are no places; quarters
//! the gazetteer lacks, named after a kind noun, are provisional places.

#[path = "support/cli.rs"]
mod cli;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/arabic-bulletin-2016-02-04.txt"
);

fn mentions() -> Vec<serde_json::Value> {
    let fc = cli::json_of(&["geoparse", FIXTURE]);
    fc["features"].as_array().expect("features").clone()
}

/// The byte range of `mention` inside the first occurrence of `context` in `text`.
fn span(text: &str, context: &str, mention: &str) -> (usize, usize) {
    let c = text
        .find(context)
        .unwrap_or_else(|| panic!("{context} not in fixture"));
    let s = c + context
        .find(mention)
        .unwrap_or_else(|| panic!("{mention} not in {context}"));
    (s, s + mention.len())
}

#[test]
fn arabic_places_are_found_with_spans_into_the_original_text() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    // (context in the text, the mention, place id, role)
    let expected = [
        ("بلدة حردتنين", "حردتنين", "ocha:C1647", "location"),
        // "the countryside of Aleppo" is the governorate (`KindHint::Countryside`)
        ("ريف حلب", "حلب", "ocha:SY02", "location"),
        ("بلدتي نبل", "نبل", "geonames:166331", "location"),
        // the conjunction و stays outside, the article inside
        ("والزهراء", "الزهراء", "ocha:C1646", "location"),
        ("مدينة إعزاز", "إعزاز", "geonames:172082", "location"),
        ("مع تركيا", "تركيا", "country:TR", "location"),
        // a place inside an organisation's name ("the Manbij Military Council")
        ("مجلس منبج", "منبج", "geonames:167357", "in_name"),
        // the preposition ب outside, the article inside
        ("بالرقة", "الرقة", "geonames:172955", "location"),
        // the nisba adjective: "the Syrian opposition"
        ("المعارضة السورية", "السورية", "country:SY", "demonym"),
        ("بين حلب", "حلب", "geonames:170063", "location"),
        ("وإدلب", "إدلب", "geonames:169389", "location"),
        ("وفي الرقة", "الرقة", "geonames:172955", "location"),
        // quarters the gazetteer lacks, after the dual kind noun حيي: provisional places
        // at the paragraph's earlier place
        (
            "حيي الشلهوب",
            "الشلهوب",
            "provisional:syria:neighbourhood:الشلهوب@geonames:172955",
            "location",
        ),
        (
            "والمقيطع",
            "المقيطع",
            "provisional:syria:neighbourhood:المقيطع@geonames:172955",
            "location",
        ),
    ];
    let got: Vec<(usize, usize, String, String, String)> = mentions()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["start"].as_u64().unwrap() as usize,
                p["end"].as_u64().unwrap() as usize,
                p["text"].as_str().unwrap().to_string(),
                p["place_id"].as_str().unwrap().to_string(),
                p["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(usize, usize, String, String, String)> = expected
        .iter()
        .map(|(context, mention, id, role)| {
            let (s, e) = span(&text, context, mention);
            (s, e, mention.to_string(), id.to_string(), role.to_string())
        })
        .collect();
    for (s, e, t, _, _) in &got {
        assert_eq!(&text[*s..*e], t, "quote kept as written");
    }
    // nothing else: not the title and given names (مدير المرصد رامي عبد الرحمن), the
    // preposition على, the kind nouns بلدة and مدينة, the month آذار or the day الخميس
    assert_eq!(got, want);
}

/// Arabic has no capitals: a frequent word that is also a small village's name is the word
/// ("الطائرات الحربية", warplanes, is not the village Harbiya), unless a kind noun names it a
/// place; known places spelt by frequent words ("حلب", "الرقة") stay places.
#[test]
fn frequent_arabic_words_are_small_places_only_after_a_kind_noun() {
    use frontline::gazetteer::Gazetteer;
    use frontline::geoparse::{Geoparser, MentionRole};
    use std::sync::Arc;
    let parser = Geoparser::new(Arc::new(Gazetteer::bundled().expect("bundled gazetteer")));
    // (sentence, the word, whether it is a place mention)
    let table = [
        (
            "قصفت الطائرات الحربية بلدة كفرزيتا بريف حماة.",
            "الحربية",
            false,
        ),
        ("نشر المرصد خريطة جديدة لمناطق السيطرة.", "خريطة", false),
        (
            "سيطرت قوات النظام على قرية الحربية بعد معارك.",
            "الحربية",
            true,
        ),
        ("وصلت التعزيزات إلى حلب صباح اليوم.", "حلب", true),
        ("قصفت الطائرات مدينة الرقة.", "الرقة", true),
    ];
    for (sentence, word, is_place) in table {
        let found = parser
            .parse(sentence)
            .iter()
            .any(|m| m.role == MentionRole::Location && m.text == word);
        assert_eq!(found, is_place, "{word} in {sentence}");
    }
}

/// A conjunction or preposition written on a name whose first word is short ("وتل رفعت",
/// "بتل أبيض", "وأم الكراميل"): the name goes on past the word, so the short head does not
/// stop it; a short word alone after a prefix ("بتل", "وأم") stays no place.
#[test]
fn a_prefix_on_a_short_first_word_of_a_name_keeps_the_name() {
    use frontline::gazetteer::Gazetteer;
    use frontline::geoparse::{Geoparser, MentionRole};
    use std::sync::Arc;
    let parser = Geoparser::new(Arc::new(Gazetteer::bundled().expect("bundled gazetteer")));
    // (sentence, the mention it must hold, or none with this text)
    let table = [
        ("سيطرت الفصائل على مدينة إعزاز وتل رفعت.", "تل رفعت", true),
        ("دخلت القوات التركية بتل أبيض صباح اليوم.", "تل أبيض", true),
        (
            "سيطرت قوات النظام على قرية الحاضر وأم الكراميل.",
            "أم الكراميل",
            true,
        ),
        ("وصل الوفد إلى الحدود وتل أبيض.", "تل أبيض", true),
        ("صعد المقاتلون إلى التل وتل.", "تل", false),
        // A given name inside a place's name ("رفعت") does not make the next list member,
        // written with its conjunction, part of a person's name.
        ("سيطرت الفصائل على تل رفعت ودير حافر.", "دير حافر", true),
        // A name the sources write joined ("خانطومان") is found written apart.
        ("سيطرت الفصائل على خان طومان جنوب حلب.", "خان طومان", true),
        // The head of a compound name before a word with the article is no village of
        // the head's name: the name goes on ("خان العسل", which the gazetteer lacks).
        ("دارت اشتباكات في خان العسل غرب حلب.", "خان", false),
    ];
    for (sentence, mention, is_place) in table {
        let found = parser
            .parse(sentence)
            .iter()
            .any(|m| m.role == MentionRole::Location && m.text == mention);
        assert_eq!(found, is_place, "{mention} in {sentence}");
    }
}
