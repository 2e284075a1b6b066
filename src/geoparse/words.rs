//! Word lists the recogniser uses to tell places from people, organisations and
//! ordinary English words: titles, given names, speech verbs, organisation nouns,
//! frequent English words that are also village names, demonyms and country
//! spellings. They are language data in `geodata/lang/en-geoparse.toml`, compiled
//! in and parsed once; a region pack adds its own organisation words (armed-group
//! names such as acronyms) in `region.toml` `[geoparse]`.

use serde::Deserialize;
use std::sync::OnceLock;

const EN_GEOPARSE: &str = include_str!("../../geodata/lang/en-geoparse.toml");
const AR_GEOPARSE: &str = include_str!("../../geodata/lang/ar-geoparse.toml");
const EN_FREQUENT: &str = include_str!("../../geodata/lang/en-frequent-words.txt");
const AR_FREQUENT: &str = include_str!("../../geodata/lang/ar-frequent-words.txt");
const EN_GIVEN_NAMES: &str = include_str!("../../geodata/lang/en-given-names.txt");

/// Common given names of the English-speaking world (`geodata/lang/en-given-names.txt`,
/// derived by `scripts/build_given_names.py`, lower case), beside the hand-written
/// `first_names` of the language file: a capitalised name right after one is a person's.
pub fn given_names() -> impl Iterator<Item = &'static str> {
    EN_GIVEN_NAMES
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The most frequent words of English (`geodata/lang/en-frequent-words.txt`, derived by
/// `scripts/build_frequent_words.py`, lower case): a single capitalised word among them
/// is a place only when spelt exactly as one of its names, since skeleton matching
/// would take "Jones" for "Junas" and "House" for "Hisyah". Slices of the compiled-in
/// file in a hash set: no allocation per word at load.
pub fn frequent_words() -> &'static FrequentWords {
    static WORDS: OnceLock<FrequentWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        FrequentWords(
            EN_FREQUENT
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(str::as_bytes)
                .collect(),
        )
    })
}

/// The most frequent words of Arabic (`geodata/lang/ar-frequent-words.txt`, derived by
/// `scripts/build_frequent_words.py`, with and without their article), folded like names:
/// Arabic has no capitals, so a frequent word that is a small village's name ("الحربية",
/// military, is Harbiya) needs a kind noun to be a place. Built on the first Arabic hit.
pub fn arabic_frequent_words() -> &'static std::collections::HashSet<String> {
    static WORDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        AR_FREQUENT
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(super::fold::fold_name)
            .collect()
    })
}

/// A set of lower-case words, for case-insensitive membership. Hashed with foldhash:
/// asked once or twice per hit, where bisecting 27,000 words cost ~850 instructions.
pub struct FrequentWords(crate::fasthash::HashSet<&'static [u8]>);

impl FrequentWords {
    pub fn has(&self, word: &str) -> bool {
        with_ascii_lowercase(word, |lower| self.0.contains(lower))
    }
}

/// Runs `f` on the bytes of `word` in lower case, on the stack for short ASCII words:
/// these lookups run for every hit (bytes, so a lower-cased copy needs no UTF-8 check).
fn with_ascii_lowercase<T>(word: &str, f: impl FnOnce(&[u8]) -> T) -> T {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return f(word.as_bytes());
    }
    if word.len() <= 32 && word.is_ascii() {
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(word.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        return f(&buf[..word.len()]);
    }
    f(word.to_lowercase().as_bytes())
}

/// The lists of `geodata/lang/en-geoparse.toml`. Word lists are lower case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    /// Titles and roles that introduce a person's name ("envoy Staffan de Mistura").
    pub titles: Vec<String>,
    /// Words that are titles only before a known given name or capitalised surname.
    pub weak_titles: Vec<String>,
    pub first_names: Vec<String>,
    pub name_particles: Vec<String>,
    /// Particles only found in persons' names ("bin", "abdul").
    pub patronymics: Vec<String>,
    pub speech_verbs: Vec<String>,
    /// Nouns that make a capitalised sequence an organisation.
    pub org_words: Vec<String>,
    /// Frequent English words that are also place names.
    pub common_words: Vec<String>,
    /// (demonym or adjective, ISO 3166-1 alpha-2 or "").
    pub demonyms: Vec<(String, String)>,
    /// (noun spelling of a country, ISO 3166-1 alpha-2).
    pub country_aliases: Vec<(String, String)>,
    /// Words that join two names into one list ("A and B"), for context in resolution.
    pub conjunctions: Vec<String>,
    /// Sentence-opening English words that fold like an Arabic name's first word.
    pub sentence_openers: Vec<String>,
    /// Endings that make a place's name an adjective of origin ("al-Homsi", "Halabi").
    #[serde(default)]
    pub nisba_endings: Vec<String>,
    /// Nouns of a part inside a place ("districts") and of the land around it ("outskirts").
    pub part_nouns: Vec<String>,
    pub outside_nouns: Vec<String>,
    /// Words of a city's scale ("square", "streets", "the city"): in the sentence of a
    /// share before a provincial capital's name, or the next one, the share is of the city.
    #[serde(default)]
    pub city_scale_words: Vec<String>,
    /// Share words that mean the bulk only after one of `approximators` ("almost all of").
    #[serde(default)]
    pub approximated_shares: Vec<String>,
    #[serde(default)]
    pub approximators: Vec<String>,
    /// Connectors inside an organisation's name.
    pub org_connectors: Vec<String>,
    /// Media nouns that, written small right after a name, make it an outlet's name.
    #[serde(default)]
    pub outlet_nouns: Vec<String>,
    /// Verbs whose place object takes "of <side>" after it ("cleared Y of IS militants"):
    /// right after one, the place and the capitalised words past its "of" are no
    /// organisation's name.
    #[serde(default)]
    pub clearing_verbs: Vec<String>,
    /// The connector of such a clearing ("of").
    #[serde(default)]
    pub clearing_links: Vec<String>,
    /// Words after a hyphen that make a place name an adjective ("-backed").
    pub adjective_suffixes: Vec<String>,
    /// Nouns before "of" that introduce a settlement's name, for near-miss spellings.
    pub near_miss_cues: Vec<String>,
    /// The word linking a part, a direction or a kind noun to its place ("west of X").
    pub of_word: String,
    /// The article of "the east of X" (inside X), and the word before it that makes the
    /// phrase a direction away from X ("to the east of X").
    pub definite_article: String,
    pub direction_to: String,
    /// Suffixes of admin areas' names ("governorate"), cut to compare them with admin fields.
    pub admin_suffixes: Vec<String>,
    /// Compass words (`[directions]`).
    pub directions: Directions,
    /// Kind words around a name (`[kinds]`).
    pub kinds: Kinds,
    /// `[names]`: read by [`super::tables::name_words`], which build.rs compiles too.
    pub names: serde::de::IgnoredAny,
    /// Facility nouns around a town's name (`[facilities]`).
    pub facilities: Facilities,
    /// Constructions that make a name the gazetteer lacks a place (`[unlisted]`).
    pub unlisted: Unlisted,
    /// Words that tell a headline's casing from prose's (`[casing]`).
    pub casing: CasingWords,
}

/// `[casing]`: what [`super::casing`] and the headline tests of [`super::roles`] read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasingWords {
    /// Words a Title Case line may leave in lower case ("of", "in", "al").
    pub minor_words: Vec<String>,
    /// Endings of inflected words ("Captures", "Seized"): in a headline, a capitalised word
    /// whose stem is a frequent English word is an ordinary word, no part of a name.
    pub inflections: Vec<String>,
}

/// `[facilities]`: nouns naming a facility by its town ("the airbase of X", "X fortress"),
/// each with the kind hint it gives ([`super::relative::KindHint::from_name`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facilities {
    /// (noun of one or more words, hint) before "of".
    pub before_of: Vec<(String, String)>,
    /// (one-word noun, hint) right after the name.
    pub after: Vec<(String, String)>,
}

/// `[directions]`: compass words, as (word, direction); nouns ("west of X", "east X") and
/// adjectives ("eastern X").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directions {
    pub nouns: Vec<(String, super::Direction)>,
    pub adjectives: Vec<(String, super::Direction)>,
}

/// `[kinds]`: kind words around a name, each with the kind hint it gives
/// ([`super::relative::KindHint::from_name`]). Words are lower case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kinds {
    /// (word right after the name, hint): "Aleppo province".
    pub after: Vec<(String, String)>,
    /// Plural kind words after a name, which also apply to a name listed before it.
    pub after_plural: Vec<(String, String)>,
    /// (first word, second word, hint): "border crossing".
    pub after_pairs: Vec<(String, String, String)>,
    /// Kind words that count after a hyphen too ("Aleppo-countryside").
    pub after_hyphen: Vec<String>,
    /// (noun before "of", hint): "the town of X".
    pub before_of: Vec<(String, String)>,
    /// Plural nouns before "of", which also apply to every name listed after the first:
    /// "the provinces of Idlib and Hama".
    #[serde(default)]
    pub before_of_plural: Vec<(String, String)>,
    /// What opens an apposition after the name's comma: an article written right after
    /// ", " ("Douma, a village"), a definite article as the first word ("Idlib, the …").
    pub apposition_indefinite: Vec<String>,
    pub apposition_definite: Vec<String>,
    /// (noun of the apposition, hint): "village".
    pub apposition_nouns: Vec<(String, String)>,
    /// (word right before the name, hint): "rural Idlib".
    #[serde(default)]
    pub before: Vec<(String, String)>,
    /// The hint a compass adjective right before a name gives it ("southern Idlib"),
    /// unless the sentence speaks of a city's scale.
    #[serde(default)]
    pub after_compass_adjective: Option<String>,
}

/// `[unlisted]`: the constructions that say a capitalised name is a place
/// ([`super::unlisted`]). Words are lower case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unlisted {
    /// (kind noun, place kind): "villages" → `village`.
    pub kind_nouns: Vec<(String, String)>,
    pub articles: Vec<String>,
    pub max_modifiers: usize,
    pub apposition_openers: Vec<Vec<String>>,
    pub of_words: Vec<String>,
    pub list_joiners: Vec<String>,
    pub name_joiners: Vec<String>,
    pub max_name_words: usize,
    pub after_kind: Vec<String>,
    pub anchor_links: Vec<String>,
    /// (unit, kilometres per unit).
    pub distance_units: Vec<(String, f64)>,
    pub distance_hedges: Vec<String>,
    pub distance_links: Vec<String>,
    /// (compass word, id code).
    pub compass: Vec<(String, String)>,
}

/// The language lists, parsed on first use. The file is compiled in and checked by
/// a unit test, so a parse failure is a build defect, not bad user input.
pub fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        toml::from_str(EN_GEOPARSE)
            .unwrap_or_else(|e| panic!("geodata/lang/en-geoparse.toml (compiled in): {e}"))
    })
}

/// The lists of `geodata/lang/ar-geoparse.toml`: what the geoparser knows of Arabic-script
/// text ([`super::arabic`]). Words are as the text writes them; the reader folds them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArabicLists {
    /// (prefix written on a word before a name, the part of it the mention keeps).
    pub prefixes: Vec<(String, String)>,
    /// Fewest letters of a name left after a prefix.
    pub min_name_letters: usize,
    /// First words of compound names written joined to the next word's article.
    pub joined_heads: Vec<String>,
    /// Heads written joined to the next word with no article ("كفرنبل"): read by the pack
    /// script, which gives settlements the joined spelling; the engine needs nothing more.
    #[serde(default)]
    pub written_joined: Vec<String>,
    /// Conjunctions written on the second name of a list.
    pub conjunctions: Vec<String>,
    /// (kind noun, kind hint name).
    pub kind_nouns: Vec<(String, String)>,
    pub common_words: Vec<String>,
    /// Titles before a person's name (counted only with the article in the text).
    pub titles: Vec<String>,
    pub given_names: Vec<String>,
    /// Nouns opening an organisation's name in construct state.
    pub org_words: Vec<String>,
    /// (nisba adjective spelt like a country's name, ISO 3166-1 alpha-2).
    pub nisba: Vec<(String, String)>,
    /// Names the gazetteer lacks after a kind noun (`[unlisted]`).
    pub unlisted: ArabicUnlisted,
}

/// `[unlisted]` of `ar-geoparse.toml`: "قرية X", "حيي X وY".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArabicUnlisted {
    /// (kind noun, place kind as in DESIGN.md's `feature`).
    pub kind_nouns: Vec<(String, String)>,
    /// Plural and dual kind nouns, which open a list of names.
    pub list_nouns: Vec<String>,
    /// Most words in one name.
    pub max_name_words: usize,
    /// Endings of a common noun's inflection (pronoun suffixes, sound plurals): a word that,
    /// without one, is a frequent word is that noun, no name ("مزرعتها", "المزارعين").
    pub noun_suffixes: Vec<String>,
    /// Sound plural endings: a frequent word with one whose stem is a frequent word too is
    /// that noun's plural ("المزارعين").
    pub plural_endings: Vec<String>,
    /// The letter a stem ends with before a suffix, and the one it ends with alone (the ta
    /// marbuta written "ت" before a pronoun: "مزرعتها" is "مزرعة" + "ها").
    pub suffix_restores: Vec<(String, String)>,
    /// Fewest letters of such a stem (without its prefix): a shorter one is as likely a
    /// name's ending ("حسين" is no "حس" + "ين").
    pub min_stem_letters: usize,
}

/// The Arabic lists, parsed on first use (compiled in, checked by a unit test).
pub fn arabic_lists() -> &'static ArabicLists {
    static LISTS: OnceLock<ArabicLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        toml::from_str(AR_GEOPARSE)
            .unwrap_or_else(|e| panic!("geodata/lang/ar-geoparse.toml (compiled in): {e}"))
    })
}

/// A lower-case word set built from one of the lists (foldhash: queried for every hit).
pub struct WordSet(crate::fasthash::HashSet<Box<[u8]>>);

impl WordSet {
    pub fn new<W: AsRef<str>>(list: impl IntoIterator<Item = W>) -> WordSet {
        WordSet(
            list.into_iter()
                .map(|w| w.as_ref().to_lowercase().into_bytes().into_boxed_slice())
                .collect(),
        )
    }

    /// Case-insensitive membership; `word` may be in any case.
    pub fn has(&self, word: &str) -> bool {
        with_ascii_lowercase(word, |lower| self.0.contains(lower))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_file_parses_and_its_word_lists_are_lower_case() {
        let l = lists();
        assert!(l.titles.iter().any(|w| w == "president"));
        for list in [&l.titles, &l.first_names, &l.org_words, &l.common_words] {
            for w in list {
                assert_eq!(w, &w.to_lowercase(), "{w}");
            }
        }
        assert!(l.country_aliases.iter().all(|(_, iso)| iso.len() == 2));
        let k = &l.kinds;
        let kind_words = k
            .after
            .iter()
            .chain(&k.after_plural)
            .chain(&k.before_of)
            .chain(&k.before_of_plural)
            .chain(&k.apposition_nouns)
            .cloned()
            .chain(
                k.after_pairs
                    .iter()
                    .map(|(a, b, h)| (format!("{a} {b}"), h.clone())),
            );
        let facilities = l.facilities.before_of.iter().chain(&l.facilities.after);
        for (noun, hint) in facilities.cloned().chain(kind_words) {
            assert_eq!(noun, noun.to_lowercase(), "{noun}");
            assert!(
                super::super::relative::KindHint::from_name(&hint).is_some(),
                "{noun}: unknown hint {hint}"
            );
        }
    }

    #[test]
    fn the_arabic_file_parses_and_its_prefixes_keep_their_own_tail() {
        let a = arabic_lists();
        assert!(!a.prefixes.is_empty() && !a.common_words.is_empty());
        for (prefix, kept) in &a.prefixes {
            assert!(prefix.ends_with(kept.as_str()), "{prefix} keeps {kept}");
        }
        // tried longest first
        for pair in a.prefixes.windows(2) {
            assert!(pair[0].0.chars().count() >= pair[1].0.chars().count());
        }
        assert!(a.nisba.iter().all(|(_, iso)| iso.len() == 2));
    }
}
