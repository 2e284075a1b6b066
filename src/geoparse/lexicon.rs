//! The name lexicon: every gazetteer name and alias, plus demonyms and country
//! abbreviations, folded ([`super::fold`]) into patterns of one name trie.
//!
//! Spelling variants are not enumerated: folding maps the spellings of a name family
//! onto one skeleton, for names and text alike. What folding cannot do is done once,
//! when the tables are built ([`super::tables`]): names like "Palmyra (Tadmur)" are
//! split, and generic kind words are stripped ("Aleppo Governorate" → "Aleppo",
//! "Nasib Border Crossing" → "Nasib"), so that "Aleppo province" or "the Nasib
//! crossing" find their place through the suffix rules of [`super::relative`].
//!
//! Three-letter region names whose skeleton is two letters ("al-Rai" → "ra") are too
//! short for the trie; the tables list them apart ([`Tables::short`]) as whole-word
//! patterns matched in their exact spelling only.
//!
//! The tables of the packs compiled into the binary are prepared at build time and
//! read back here ([`Lexicon::from_tables`]); a pack folder's are built at load time
//! ([`Lexicon::build`]).

use super::tables::{self, LangNames, NameSource, NameTrie, Tables};
pub use super::tables::{
    compound_split, glued_article_split, letters_key, place_names, strip_article, vowel_drops,
    vowel_insert, Entry, Target,
};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// Folded settlement names keyed by (first byte, length).
pub type FuzzyIndex = HashMap<(u8, u8), Vec<(Box<str>, PlaceIdx)>>;

pub struct Lexicon {
    /// Every pattern; walked from capitalised word starts.
    pub trie: NameTrie,
    /// The patterns that may match in lower case ("border with Turkey", "the city"),
    /// searched over the whole text, with their ids in the trie.
    pub lower_ac: Option<AhoCorasick>,
    pub lower_ids: Vec<u32>,
    /// Entries, exact spellings, pattern lengths and word counts.
    tables: Tables,
    pub country_by_iso: HashMap<String, PlaceIdx>,
    /// Folded names of the region's settlements by first letter and length, for
    /// near-miss spellings ([`super::fuzzy`]).
    pub fuzzy: FuzzyIndex,
    /// Region names whose skeleton is two letters ("al-Rai" → "ra", "Foa" → "fa"): too
    /// short for the trie, which drops them, so looked up by whole word and accepted
    /// in their exact spelling only: folded word → pattern id (prepared with the
    /// tables, [`Tables::short`]).
    short: HashMap<[u8; 2], u32>,
    /// Prefixes written on a word before a name in a script without spaces between
    /// them ([`super::arabic`]), folded, longest first, and the fewest letters of a
    /// name after one.
    word_prefixes: Vec<Vec<u8>>,
    min_name_letters: usize,
    /// (head + article, head) of compound names written joined ("ديرالزور").
    joined_heads: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Lexicon {
    /// Builds the tables of `g` now (a pack folder; bundled packs come prepared).
    pub fn build(g: &Gazetteer) -> Lexicon {
        Lexicon::from_tables(Lexicon::tables_of(g))
    }

    /// The name tables of `g`, built from its places and the language file.
    pub fn tables_of(g: &Gazetteer) -> Tables {
        let sources: Vec<NameSource> = g
            .places()
            .iter()
            .map(|p| NameSource {
                names: p.all_names().collect(),
                kind: p.kind,
                country: &p.country,
                importance: p.importance,
            })
            .collect();
        let words = super::words::lists();
        tables::build(
            &sources,
            &g.info().country,
            &LangNames {
                country_aliases: &words.country_aliases,
                demonyms: &words.demonyms,
            },
        )
    }

    /// A lexicon over tables built or prepared earlier.
    pub fn from_tables(mut t: Tables) -> Lexicon {
        let trie = std::mem::take(&mut t.trie);
        let lower = std::mem::take(&mut t.lower);
        let lower_ids = lower.iter().map(|l| l.1).collect();
        let lower_ac = (!lower.is_empty()).then(|| {
            // without the leading space, so the search can use a rare-byte prefilter
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(lower.iter().map(|l| &l.0))
                .expect("lower-case patterns compile")
        });
        let country_by_iso = std::mem::take(&mut t.country_by_iso).into_iter().collect();
        let mut fuzzy = FuzzyIndex::new();
        for (f, idx) in std::mem::take(&mut t.fuzzy) {
            if let Some(&b) = f.as_bytes().first() {
                let key = (b, f.len().min(255) as u8);
                fuzzy
                    .entry(key)
                    .or_default()
                    .push((f.into_boxed_str(), idx));
            }
        }
        let arabic = super::arabic::Arabic::new(super::words::arabic_lists());
        Lexicon {
            trie,
            lower_ac,
            lower_ids,
            word_prefixes: arabic.folded_prefixes(),
            min_name_letters: arabic.min_name_letters(),
            joined_heads: super::arabic::Arabic::joined_heads(super::words::arabic_lists()),
            short: t.short.iter().copied().collect(),
            tables: t,
            country_by_iso,
            fuzzy,
        }
    }

    /// The longest name starting at the folded word after the space at `st` of `hay`:
    /// `(end, pattern id)`. A two-letter word takes its short-name pattern when there
    /// is one (see [`Tables::short`]).
    #[inline]
    pub fn match_at(&self, hay: &[u8], st: usize) -> Option<(usize, u32)> {
        match self.trie.longest_word_match(hay, st) {
            Some((e, pid)) if e > st + 3 => Some((e, pid)),
            m => self.short_match(hay, st).or(m),
        }
    }

    /// A name under a prefix written on its word ("بحلب", "وتركيا", "بالرقة"), for a
    /// word of another script the trie found nothing at: `(prefix length, end, pattern
    /// id)`; the name starts `prefix length` bytes after `st + 1`.
    pub fn prefixed_match(&self, hay: &[u8], st: usize) -> Option<(usize, usize, u32)> {
        let word = hay.get(st + 1..)?;
        if word.first().is_none_or(|&b| b < 0x80) {
            return None;
        }
        let word_len = word
            .iter()
            .position(|&b| b == b' ' || b == b'|')
            .unwrap_or(word.len());
        let word = &word[..word_len];
        // "ديرالزور": the head and the rest apart, as the name's patterns have them
        for (joined, head) in &self.joined_heads {
            let Some(rest) = word.strip_prefix(joined.as_slice()) else {
                continue;
            };
            if rest.is_empty() {
                continue;
            }
            let mut apart = Vec::with_capacity(head.len() + rest.len() + 3);
            apart.push(b' ');
            apart.extend_from_slice(head);
            apart.push(b' ');
            apart.extend_from_slice(rest);
            apart.push(b' ');
            if let Some((e, pid)) = self.trie.longest_word_match(&apart, 0) {
                if e == apart.len() - 1 {
                    return Some((0, st + 1 + word_len, pid));
                }
            }
        }
        self.word_prefixes.iter().find_map(|p| {
            let rest = word.strip_prefix(p.as_slice())?;
            // letters, not bytes: UTF-8 continuation bytes are 10xxxxxx
            let letters = rest.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            let (e, pid) = self.trie.longest_word_match_after(hay, st, p.len())?;
            // The fewest letters bound a one-word name; a name going on past the word may
            // open with a short head ("وتل رفعت", "وأم الكراميل").
            if letters < self.min_name_letters && e <= st + 1 + word_len {
                return None;
            }
            Some((p.len(), e, pid))
        })
    }

    /// The short-name pattern of the folded word starting after the space at `st`
    /// of `hay`, as `(end, pattern id)` like the trie's matches.
    #[inline]
    pub fn short_match(&self, hay: &[u8], st: usize) -> Option<(usize, u32)> {
        if self.short.is_empty() {
            return None;
        }
        let w = hay.get(st + 1..st + 3)?;
        if hay.get(st + 3).is_some_and(|&c| c != b' ' && c != b'|') {
            return None;
        }
        let id = *self.short.get(&[w[0], w[1]])?;
        Some((st + 3, id))
    }

    /// The number of patterns of the trie (diagnostics).
    pub fn pattern_count(&self) -> usize {
        self.tables.pattern_count() - self.tables.short.len()
    }

    /// The targets of pattern `id`.
    #[inline]
    pub fn entries(&self, id: u32) -> &[Entry] {
        self.tables.entries_of(id)
    }

    /// Whether `key` (see [`letters_key`]) is one of the exact spellings of `e`.
    #[inline]
    pub fn is_exact(&self, e: &Entry, key: &str) -> bool {
        self.tables.is_exact(e, key)
    }

    /// Folded length of pattern `id` (without the leading space).
    #[inline]
    pub fn folded_len(&self, id: u32) -> u16 {
        self.tables.folded_len[id as usize]
    }

    /// Number of words of pattern `id`.
    #[inline]
    pub fn words(&self, id: u32) -> u8 {
        self.tables.words[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::PlaceKind;
    use crate::geoparse::fold::fold_name;

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
    fn glued_articles_are_cut_from_later_words() {
        for (name, cut) in [
            ("Khan Elshih", Some("Khan shih")),
            ("Um Khorzet Elbab", Some("Um Khorzet bab")),
            ("Shweihet Ellahib", Some("Shweihet lahib")),
            // a first word, a vowel after the article, too short a rest, "Al" with a root letter
            ("Elbistan", None),
            ("Sheikh Elias", None),
            ("Tal Elma", None),
            ("Sheikh Alwan", None),
        ] {
            assert_eq!(glued_article_split(name).as_deref(), cut, "{name}");
        }
        assert_eq!(
            fold_name(&glued_article_split("Khan Elshih").unwrap_or_default()),
            fold_name("Khan al-Shih")
        );
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

    #[test]
    fn facility_nouns_stripped_and_height_names_in_english_order() {
        // (name, kind, the stripped name, a further unstripped name)
        let rows: &[(&str, PlaceKind, Option<&str>, Option<&str>)] = &[
            ("Shillif Castle", PlaceKind::Base, Some("Shillif"), None),
            ("Aleppo Citadel", PlaceKind::Landmark, Some("Aleppo"), None),
            (
                "Jabal Al-Rous",
                PlaceKind::Hill,
                None,
                Some("Al-Rous Mountain"),
            ),
            (
                "Jebel Zawiya",
                PlaceKind::Mountain,
                None,
                Some("Zawiya Mountain"),
            ),
            // a village named for a height keeps its own name only
            ("Jabal Saman", PlaceKind::Village, None, None),
            ("Castle Farm", PlaceKind::Base, None, None),
            ("Jabalah", PlaceKind::Hill, None, None),
        ];
        for &(name, kind, stripped, other) in rows {
            let n = place_names([name.to_string()].into_iter(), kind);
            let got = n.iter().find(|(_, s)| *s).map(|(n, _)| n.as_str());
            assert_eq!(got, stripped, "{name} ({kind:?})");
            let more = n
                .iter()
                .find(|(o, s)| !s && o != name)
                .map(|(n, _)| n.as_str());
            assert_eq!(more, other, "{name} ({kind:?})");
        }
    }
}
