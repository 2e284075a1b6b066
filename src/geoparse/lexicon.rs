//! The name lexicon: every gazetteer name and alias, plus demonyms and country
//! abbreviations, folded ([`super::fold`]) into patterns of one Aho-Corasick automaton.
//!
//! Spelling variants are not enumerated: folding maps the spellings of a name family
//! onto one skeleton, for names and text alike. What folding cannot do is done here,
//! once at load time: names like "Palmyra (Tadmur)" are split, and generic kind words
//! are stripped ("Aleppo Governorate" → "Aleppo", "Nasib Border Crossing" → "Nasib"),
//! so that "Aleppo province" or "the Nasib crossing" find their place through the
//! suffix rules of [`super::relative`].

use super::fold::fold_name;
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, StartKind};
use std::collections::HashMap;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A gazetteer place.
    Place(PlaceIdx),
    /// A nationality adjective: the country place.
    Demonym(PlaceIdx),
    /// "the city" / "the town": refers back to the last city or town mentioned.
    Anaphor,
}

/// One target of a pattern, with the exact spellings (letters only, lower case) that
/// produced it, to prefer exact over merely skeleton-equal matches.
#[derive(Debug, Clone)]
pub struct Entry {
    pub target: Target,
    pub exact: Vec<Box<str>>,
    /// The name was derived by stripping a generic word ("X Governorate" → "X").
    pub stripped: bool,
    /// The name itself starts with a lower-case word ("border with Turkey"), so a
    /// lower-case match is fine.
    pub lower_ok: bool,
}

/// Folded settlement names keyed by (first byte, length).
pub type FuzzyIndex = HashMap<(u8, u8), Vec<(Box<str>, PlaceIdx)>>;

pub struct Lexicon {
    /// Every pattern; searched anchored at capitalised word starts.
    pub ac: AhoCorasick,
    /// The patterns that may match in lower case ("border with Turkey", "the city"),
    /// searched over the whole text, with their ids in `ac`.
    pub lower_ac: Option<AhoCorasick>,
    pub lower_ids: Vec<u32>,
    /// Per pattern id.
    pub entries: Vec<Vec<Entry>>,
    /// Folded length of each pattern (without the leading space).
    pub folded_len: Vec<u16>,
    /// Number of words of each pattern.
    pub words: Vec<u8>,
    pub country_by_iso: HashMap<String, PlaceIdx>,
    /// Folded names of the region's settlements by first letter and length, for
    /// near-miss spellings ([`super::fuzzy`]).
    pub fuzzy: FuzzyIndex,
}

/// Letters only, lower case, diacritics stripped: the "exact spelling" key.
pub fn letters_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        return s
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char)
            .collect();
    }
    s.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name without a leading article ("Al Qa'im" → "Qa'im").
pub fn strip_article(name: &str) -> &str {
    for a in [
        "al-", "al ", "el-", "el ", "ar-", "as-", "ash-", "az-", "ad-", "an-", "at-", "ad-",
    ] {
        if name.len() > a.len() + 2
            && name.is_char_boundary(a.len())
            && name[..a.len()].eq_ignore_ascii_case(a)
        {
            return &name[a.len()..];
        }
    }
    name
}

/// Variants of a folded name with one inner vowel dropped, for vowels that
/// transliterations insert or omit (Kfeen/Kafin, Nubl/Nubul): "kafan" → "kfan".
pub fn vowel_drops(folded: &str) -> Vec<String> {
    let b = folded.as_bytes();
    let mut out = Vec::new();
    for i in 1..b.len().saturating_sub(1) {
        let cons = |c: u8| c.is_ascii_lowercase() && c != b'a';
        if b[i] == b'a' && cons(b[i - 1]) && cons(b[i + 1]) {
            // the word must keep at least four letters
            let ws = folded[..i].rfind(' ').map_or(0, |p| p + 1);
            let we = folded[i..].find(' ').map_or(folded.len(), |p| i + p);
            if we - ws >= 5 {
                let mut v = folded.to_string();
                v.remove(i);
                out.push(v);
            }
        }
    }
    out
}

/// The first word of a multi-word name with an epenthetic vowel written in, for the
/// Arabic CvCC nouns that colloquial transliteration breaks up (Karm/Karam, Jisr/Jisir,
/// Nahr/Nahar, Burj/Buruj): "karm dada" → "karam dada". Single words are left alone:
/// "Homs" → "hamas" would be a word of its own.
pub fn vowel_insert(folded: &str) -> Option<String> {
    let (first, rest) = folded.split_once(' ')?;
    let b = first.as_bytes();
    let cons = |c: u8| c.is_ascii_lowercase() && c != b'a';
    if b.len() == 4 && cons(b[0]) && b[1] == b'a' && cons(b[2]) && cons(b[3]) && b[2] != b[3] {
        return Some(format!("{}a{} {rest}", &first[..3], &first[3..]));
    }
    None
}

/// Folded first words of Arabic compound names that one source writes apart and
/// another together (Khan Tuman / Khantuman, Deir Jamal / Deirjamal).
const COMPOUND_HEADS: &[&str] = &[
    "khan", "kafr", "tal", "dar", "bat", "jasr", "ras", "kasr", "jabal", "marj", "marat",
    "kharbat", "shakh", "arab",
];

/// A one-word folded name written apart after its compound head ("khantaman" →
/// "khan taman"), when at least four letters follow the head.
pub fn compound_split(folded: &str) -> Option<String> {
    if folded.contains(' ') {
        return None;
    }
    COMPOUND_HEADS.iter().find_map(|h| {
        let rest = folded.strip_prefix(h)?;
        (rest.len() >= 4).then(|| format!("{h} {rest}"))
    })
}

/// Generic words stripped from the end of names, by kind.
const STRIP_SUFFIXES: &[(&str, &[PlaceKind])] = &[
    ("governorate", &[PlaceKind::Governorate]),
    ("province", &[PlaceKind::Governorate]),
    ("district", &[PlaceKind::District, PlaceKind::Neighbourhood]),
    ("subdistrict", &[PlaceKind::Subdistrict]),
    ("sub-district", &[PlaceKind::Subdistrict]),
    ("nahiya", &[PlaceKind::Subdistrict]),
    ("canton", &[PlaceKind::Region]),
    ("region", &[PlaceKind::Region]),
    ("border crossing", &[PlaceKind::Crossing]),
    ("crossing", &[PlaceKind::Crossing]),
    ("border gate", &[PlaceKind::Crossing]),
    ("military airport", &[PlaceKind::Airbase]),
    ("air base", &[PlaceKind::Airbase]),
    ("airbase", &[PlaceKind::Airbase]),
    ("airport", &[PlaceKind::Airbase]),
    ("military base", &[PlaceKind::Base]),
    ("river", &[PlaceKind::River]),
    ("dam", &[PlaceKind::Dam]),
    ("oil field", &[PlaceKind::Oilfield]),
    ("oilfield", &[PlaceKind::Oilfield]),
    ("gas field", &[PlaceKind::Oilfield]),
    ("lake", &[PlaceKind::Lake]),
    ("neighbourhood", &[PlaceKind::Neighbourhood]),
    ("neighborhood", &[PlaceKind::Neighbourhood]),
    ("city", &[PlaceKind::City]),
];

/// The names a place is recognised by: its names and aliases, split at parentheses,
/// and with generic kind words stripped. `(name, stripped)`.
pub fn place_names(names: impl Iterator<Item = String>, kind: PlaceKind) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let add = |s: &str, stripped: bool, out: &mut Vec<(String, bool)>| {
        let s = s.trim().trim_matches(|c: char| c == ',' || c == '.');
        if s.is_empty() {
            return;
        }
        // A name that is also an alias in its own right ("Aleppo Governorate" stripped
        // and the alias "Aleppo") counts as unstripped.
        match out.iter_mut().find(|(o, _)| o == s) {
            Some(o) => o.1 &= stripped,
            None => out.push((s.to_string(), stripped)),
        }
    };
    for n in names {
        let mut parts = vec![n.clone()];
        if let Some((a, b)) = n.split_once('(') {
            parts = vec![a.to_string(), b.trim_end_matches(')').to_string()];
        }
        for p in parts {
            add(&p, false, &mut out);
            let lower = p.to_lowercase();
            for (suffix, kinds) in STRIP_SUFFIXES {
                if !kinds.contains(&kind) {
                    continue;
                }
                if let Some(head) = lower.strip_suffix(suffix) {
                    if head.ends_with(' ') || head.ends_with('-') {
                        let h = &p[..head.len()];
                        add(h.trim_end_matches(['-', ' ']), true, &mut out);
                        break;
                    }
                }
            }
        }
    }
    out
}

impl Lexicon {
    pub fn build(g: &Gazetteer) -> Lexicon {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut add = |name: &str, folded: Option<String>, target: Target, stripped: bool| {
            let folded = folded.unwrap_or_else(|| fold_name(name));
            // Two-letter skeletons match too much English; keep only non-Latin ones,
            // and names of four letters or more whose vowels the skeleton collapsed
            // ("Foua", "Fuaa" → "fa"): short skeletons match their exact spelling only
            // (see `Geoparser`), which for such names is no English word.
            if folded.len() < 3
                && folded.is_ascii()
                && (folded.len() < 2 || letters_key(strip_article(name)).len() < 4)
            {
                return;
            }
            if folded.is_empty() || folded.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
                return;
            }
            let id = *index.entry(folded.clone()).or_insert_with(|| {
                patterns.push(format!(" {folded}"));
                entries.push(Vec::new());
                patterns.len() - 1
            });
            let key = letters_key(strip_article(name)).into_boxed_str();
            let first_word = name.split([' ', '-']).next().unwrap_or("");
            let lower_ok = first_word.chars().next().is_some_and(char::is_lowercase)
                && !matches!(
                    first_word,
                    "al" | "el" | "ar" | "as" | "ash" | "az" | "ad" | "an" | "at" | "the"
                );
            let list = &mut entries[id];
            if let Some(e) = list.iter_mut().find(|e| e.target == target) {
                if !e.exact.contains(&key) {
                    e.exact.push(key);
                }
                e.stripped &= stripped;
                e.lower_ok |= lower_ok;
            } else {
                list.push(Entry {
                    target,
                    exact: vec![key],
                    stripped,
                    lower_ok,
                });
            }
        };
        let mut country_by_iso = HashMap::new();
        let mut fuzzy = FuzzyIndex::new();
        for (i, p) in g.places().iter().enumerate() {
            let idx = i as PlaceIdx;
            if p.kind == PlaceKind::Country {
                let best = country_by_iso.entry(p.country.clone()).or_insert(idx);
                if g.place(*best).importance < p.importance {
                    *best = idx;
                }
            }
            let in_region = p.country == g.info().country && p.kind != PlaceKind::Country;
            for (n, stripped) in place_names(p.all_names().map(str::to_string), p.kind) {
                add(&n, None, Target::Place(idx), stripped);
                if in_region && !stripped && p.kind.is_settlement() && n.is_ascii() {
                    let folded = fold_name(&n);
                    if let Some(&b) = folded.as_bytes().first() {
                        let key = (b, folded.len().min(255) as u8);
                        let list = fuzzy.entry(key).or_default();
                        if !list.iter().any(|(f, i)| *i == idx && **f == *folded) {
                            list.push((folded.into_boxed_str(), idx));
                        }
                    }
                }
                // Vowels that one transliteration writes and another drops: region names only.
                if in_region && n.is_ascii() {
                    let folded = fold_name(&n);
                    for v in vowel_drops(&folded) {
                        add(&n, Some(v), Target::Place(idx), true);
                    }
                    if let Some(v) = vowel_insert(&folded) {
                        add(&n, Some(v), Target::Place(idx), true);
                    }
                    if let Some(v) = compound_split(&folded) {
                        add(&n, Some(v), Target::Place(idx), false);
                    }
                }
            }
        }
        let words = super::words::lists();
        for (alias, iso) in &words.country_aliases {
            if let Some(&c) = country_by_iso.get(iso.as_str()) {
                add(alias, None, Target::Place(c), false);
            }
        }
        for (d, iso) in &words.demonyms {
            if let Some(&c) = country_by_iso.get(iso.as_str()) {
                add(d, None, Target::Demonym(c), false);
            }
        }
        for a in ["the city", "the town"] {
            add(a, None, Target::Anaphor, false);
        }
        let folded_len = patterns
            .iter()
            .map(|p| (p.len() - 1).min(u16::MAX as usize) as u16)
            .collect();
        let words = patterns
            .iter()
            .map(|p| p.split(' ').filter(|w| !w.is_empty()).count().min(255) as u8)
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("name patterns compile");
        let mut lower_patterns = Vec::new();
        let mut lower_ids = Vec::new();
        for (i, list) in entries.iter().enumerate() {
            if list
                .iter()
                .any(|e| e.lower_ok || e.target == Target::Anaphor)
            {
                // without the leading space, so the search can use a rare-byte prefilter
                lower_patterns.push(&patterns[i][1..]);
                lower_ids.push(i as u32);
            }
        }
        let lower_ac = (!lower_patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&lower_patterns)
                .expect("lower-case patterns compile")
        });
        Lexicon {
            ac,
            lower_ac,
            lower_ids,
            entries,
            folded_len,
            words,
            country_by_iso,
            fuzzy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_names_are_also_read_apart() {
        assert_eq!(
            compound_split(&fold_name("Khantuman")).as_deref(),
            Some("khan taman")
        );
        assert_eq!(
            compound_split(&fold_name("Deirjamal")).as_deref(),
            Some("dar jamal")
        );
        // too little after the head, or already apart
        assert_eq!(compound_split(&fold_name("Daraa")), None);
        assert_eq!(compound_split(&fold_name("Khan Tuman")), None);
    }

    #[test]
    fn epenthetic_vowel_in_first_word_only() {
        assert_eq!(vowel_insert("karm dada").as_deref(), Some("karam dada"));
        assert_eq!(
            vowel_insert("jasr shaghar").as_deref(),
            Some("jasar shaghar")
        );
        // a single word, a long first word or a doubled consonant: unchanged
        assert_eq!(vowel_insert("hams"), None);
        assert_eq!(vowel_insert("sarakab dada"), None);
        assert_eq!(vowel_insert("tall abyad"), None);
    }

    #[test]
    fn names_split_and_stripped() {
        let n = place_names(
            ["Palmyra (Tadmur)".to_string()].into_iter(),
            PlaceKind::City,
        );
        assert_eq!(n, vec![("Palmyra".into(), false), ("Tadmur".into(), false)]);
        let n = place_names(
            ["Aleppo Governorate".to_string()].into_iter(),
            PlaceKind::Governorate,
        );
        assert_eq!(
            n,
            vec![
                ("Aleppo Governorate".into(), false),
                ("Aleppo".into(), true)
            ]
        );
        let n = place_names(
            ["Nasib Border Crossing".to_string()].into_iter(),
            PlaceKind::Crossing,
        );
        assert!(n.contains(&("Nasib".into(), true)));
        // a city keeps its word "Governorate"-free name untouched
        let n = place_names(["Aleppo".to_string()].into_iter(), PlaceKind::City);
        assert_eq!(n.len(), 1);
    }
}
