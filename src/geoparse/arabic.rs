//! Hits written in Arabic script: where the mention starts inside a word that carries
//! prefixes, and what the words around it say, since Arabic has no capital letters for
//! the English tests of [`super::roles`] to read.
//!
//! Everything Arabic is data in `geodata/lang/ar-geoparse.toml`
//! ([`super::words::arabic_lists`]); this file holds the word order of Arabic
//! constructions only: a title or given name before a name makes it a person's, an
//! organisation noun in construct state before it puts it inside the organisation's
//! name, a kind noun before it says its kind, the article on a country's name makes it
//! the nisba adjective. The lists are chosen per hit by its script, so a Latin hit never
//! reaches this file and an English report quoting an Arabic name still reads it.

use super::chars;
use super::fold::fold_name;
use super::relative::KindHint;
use super::tokens::{self, Word};
use super::unlisted::Found;
use super::words::ArabicLists;
use crate::fasthash::{HashMap, HashSet};
use crate::gazetteer::PlaceKind;

/// Whether `c` is a letter of the Arabic script (its blocks and presentation forms).
pub fn is_arabic(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

/// What the words around an Arabic hit say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing against a place.
    Place,
    /// An ordinary word, a kind noun alone, or part of a person's name.
    NotPlace,
    /// Inside an organisation's name ("مجلس منبج العسكري").
    InName,
    /// The nisba adjective of the country with this ISO code ("المعارضة السورية").
    Nisba(String),
}

/// An Arabic hit read in context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Where the mention starts: after the conjunctions and prepositions written on the
    /// word, at the article when it has one.
    pub start: usize,
    /// The word carries the article.
    pub article: bool,
    pub verdict: Verdict,
    /// The kind noun before the name says what kind of place it is.
    pub hint: Option<KindHint>,
}

/// The Arabic lists, folded like the text.
pub struct Arabic {
    /// (prefix, bytes of it the mention keeps), longest first.
    prefixes: Vec<(Box<str>, usize)>,
    min_name_letters: usize,
    kinds: HashMap<String, KindHint>,
    common: HashSet<String>,
    titles: HashSet<String>,
    given: HashSet<String>,
    org: HashSet<String>,
    nisba: HashMap<String, String>,
    /// Conjunctions, which join the names of a list.
    conjunctions: Vec<Box<str>>,
    /// The article: the shortest part of a prefix a mention keeps.
    article: Box<str>,
    /// `[unlisted]`: kind nouns before a name the gazetteer may lack, the ones opening a
    /// list, and the most words of a name.
    unlisted_kinds: HashMap<String, PlaceKind>,
    list_nouns: HashSet<String>,
    max_name_words: usize,
    /// `[unlisted] noun_suffixes`, as written, longest first.
    noun_suffixes: Vec<Box<str>>,
    /// `[unlisted] plural_endings`, as written.
    plural_endings: Vec<Box<str>>,
    /// `[unlisted] suffix_restores`: (a stem's last letter before a suffix, alone).
    suffix_restores: Vec<(Box<str>, Box<str>)>,
    min_stem_letters: usize,
    /// First words of compound names (`joined_heads`: "خان", "تل", "دير" …), folded.
    compound_heads: HashSet<String>,
}

/// A word of Arabic text, and what separates it from the word before.
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    /// Punctuation other than a comma, a digit or a line break stands before it.
    stop_before: bool,
    /// A comma stands before it.
    comma_before: bool,
}

/// The words of `text` (runs of letters), with the separators before each.
fn words(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let (mut stop, mut comma, mut cur) = (false, false, None);
    for (i, c) in text.char_indices() {
        if chars::is_alphabetic(c) {
            cur.get_or_insert(i);
            continue;
        }
        if let Some(s) = cur.take() {
            out.push(Tok {
                start: s,
                end: i,
                text: &text[s..i],
                stop_before: stop,
                comma_before: comma,
            });
            stop = false;
            comma = false;
        }
        match c {
            '\n' => stop = true,
            c if c.is_whitespace() => {}
            ',' | '\u{060C}' => comma = true,
            _ => stop = true,
        }
    }
    if let Some(s) = cur {
        out.push(Tok {
            start: s,
            end: text.len(),
            text: &text[s..],
            stop_before: stop,
            comma_before: comma,
        });
    }
    out
}

/// Letters (not bytes) of `s`.
fn letters(s: &str) -> usize {
    s.chars().filter(|&c| chars::is_alphabetic(c)).count()
}

/// Whether `bytes` hold a byte that leads a two-byte Arabic letter (0xD8-0xDB): most
/// texts have none, and every English text is tested. The test runs 32 bytes at a time
/// with no exit per byte, which the compiler turns into vector compares (a byte-wise
/// `any` cost ~7 instructions per byte of every text).
fn has_arabic_letter_byte(bytes: &[u8]) -> bool {
    let lead = |b: u8| u8::from(b & 0xFC == 0xD8);
    let mut chunks = bytes.chunks_exact(32);
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(0u8, |found, &b| found | lead(b)) != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| lead(b) != 0)
}

impl Arabic {
    pub fn new(l: &ArabicLists) -> Arabic {
        let fold_set = |list: &[String]| list.iter().map(|w| fold_name(w)).collect();
        let mut prefixes: Vec<(Box<str>, usize)> = l
            .prefixes
            .iter()
            .map(|(p, kept)| (p.as_str().into(), kept.len()))
            .collect();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.0.chars().count()));
        Arabic {
            prefixes,
            min_name_letters: l.min_name_letters,
            kinds: l
                .kind_nouns
                .iter()
                .filter_map(|(w, k)| {
                    let hint = KindHint::from_name(k);
                    if hint.is_none() {
                        tracing::warn!("ar-geoparse.toml: kind noun {w}: unknown kind {k}");
                    }
                    Some((fold_name(w), hint?))
                })
                .collect(),
            common: fold_set(&l.common_words),
            titles: fold_set(&l.titles),
            given: fold_set(&l.given_names),
            org: fold_set(&l.org_words),
            nisba: l
                .nisba
                .iter()
                .map(|(w, iso)| (fold_name(w), iso.clone()))
                .collect(),
            conjunctions: l.conjunctions.iter().map(|c| c.as_str().into()).collect(),
            article: l
                .prefixes
                .iter()
                .map(|(_, kept)| kept.as_str())
                .filter(|k| !k.is_empty())
                .min_by_key(|k| k.len())
                .unwrap_or_default()
                .into(),
            unlisted_kinds: l
                .unlisted
                .kind_nouns
                .iter()
                .filter_map(|(w, k)| {
                    let kind = PlaceKind::ALL.iter().find(|x| x.as_str() == k).copied();
                    if kind.is_none() {
                        tracing::warn!(
                            "ar-geoparse.toml: unlisted kind noun {w}: unknown kind {k}"
                        );
                    }
                    Some((fold_name(w), kind?))
                })
                .collect(),
            list_nouns: fold_set(&l.unlisted.list_nouns),
            max_name_words: l.unlisted.max_name_words,
            noun_suffixes: {
                let mut v: Vec<Box<str>> = l
                    .unlisted
                    .noun_suffixes
                    .iter()
                    .map(|w| w.as_str().into())
                    .collect();
                v.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
                v
            },
            plural_endings: l
                .unlisted
                .plural_endings
                .iter()
                .map(|w| w.as_str().into())
                .collect(),
            suffix_restores: l
                .unlisted
                .suffix_restores
                .iter()
                .map(|(a, b)| (a.as_str().into(), b.as_str().into()))
                .collect(),
            min_stem_letters: l.unlisted.min_stem_letters,
            compound_heads: fold_set(&l.joined_heads),
        }
    }

    /// The prefixes as the recogniser meets them in folded text, longest first.
    pub fn folded_prefixes(&self) -> Vec<Vec<u8>> {
        self.prefixes
            .iter()
            .map(|(p, _)| fold_name(p).into_bytes())
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// The heads of compound names written joined to the next word's article, each
    /// folded, with the article after it ("ديرال"), and the head alone.
    pub fn joined_heads(l: &ArabicLists) -> Vec<(Vec<u8>, Vec<u8>)> {
        let article = l
            .prefixes
            .iter()
            .map(|(_, kept)| kept.as_str())
            .filter(|k| !k.is_empty())
            .min_by_key(|k| k.len())
            .unwrap_or_default();
        l.joined_heads
            .iter()
            .map(|h| {
                let head = fold_name(h).into_bytes();
                let mut with_article = head.clone();
                with_article.extend_from_slice(article.as_bytes());
                (with_article, head)
            })
            .collect()
    }

    pub fn min_name_letters(&self) -> usize {
        self.min_name_letters
    }

    /// The longest listed prefix `word` opens with that leaves a name of enough letters:
    /// (prefix length, bytes of it kept in a mention).
    fn prefix_of(&self, word: &str) -> Option<(usize, usize)> {
        self.prefixes
            .iter()
            .find(|(p, _)| {
                word.starts_with(&**p) && letters(&word[p.len()..]) >= self.min_name_letters
            })
            .map(|(p, kept)| (p.len(), *kept))
    }

    /// The folded forms a word of the text may be listed under: as written, and without
    /// its prefix. The second says whether the word carries the article.
    fn keys(&self, word: &str) -> ([String; 2], bool) {
        let whole = fold_name(word);
        match self.prefix_of(word) {
            Some((len, kept)) => ([whole, fold_name(&word[len..])], kept > 0),
            None => ([whole.clone(), whole], false),
        }
    }

    fn listed(set: &HashSet<String>, keys: &[String; 2]) -> bool {
        keys.iter().any(|k| set.contains(k))
    }

    /// Reads the hit `start..end` (a name the recogniser found in Arabic script);
    /// `single` tells whether the name is one word.
    pub fn read(&self, text: &str, start: usize, end: usize, single: bool) -> Reading {
        // The whole word the hit ends: the recogniser may have started inside it, after
        // a prefix.
        let token_start = text[..start]
            .char_indices()
            .rev()
            .take_while(|(_, c)| chars::is_alphabetic(*c) && !c.is_ascii())
            .last()
            .map_or(start, |(i, _)| i);
        let written = &text[token_start..start];
        let (mention_start, article) = if written.is_empty() {
            // a name written with its article, such as a dateline's, starts the word
            (start, false)
        } else {
            match self.prefixes.iter().find(|(p, _)| &**p == written) {
                Some((_, kept)) => (start - kept, *kept > 0),
                // not a prefix the file lists: the mention is the whole word, as before
                None => (token_start, false),
            }
        };
        let mut reading = Reading {
            start: mention_start,
            article,
            verdict: Verdict::Place,
            hint: None,
        };
        let first_end = text[start..end]
            .find(char::is_whitespace)
            .map_or(end, |i| start + i);
        let first = fold_name(&text[start..first_end]);
        let name = fold_name(&text[start..end]);
        // The whole word may be the ordinary one whose first letter only looks like a
        // prefix ("وزارة", ministry, is not و + a name).
        let ordinary = |w: &str| self.common.contains(w) || self.kinds.contains_key(w);
        if (single
            && (ordinary(&name)
                || (!written.is_empty() && ordinary(&fold_name(&text[token_start..end])))))
            || self.given.contains(&first)
        {
            reading.verdict = Verdict::NotPlace;
            return reading;
        }
        // "خان العسل", "تل الصحن": the head of a compound name in construct state with a
        // word carrying the article is the first word of a longer name the gazetteer
        // lacks, not the village called "Khan" or "Tell" (the `[unlisted]` reading after a
        // kind noun takes the whole name).
        if single && !article && self.compound_heads.contains(&name) {
            let next_has_article = tokens::next(text, end).is_some_and(|w| {
                w.text.starts_with(&*self.article) && letters(w.text) > letters(&self.article) + 1
            });
            if next_has_article {
                reading.verdict = Verdict::NotPlace;
                return reading;
            }
        }
        // A conjunction or preposition written on the word ("ودير حافر" after "تل رفعت")
        // starts a new phrase: the word before is no given name or title of this one.
        let new_phrase = !written.is_empty() && written != &*self.article;
        if let Some(prev) = tokens::prev(text, token_start) {
            self.read_before(&prev, new_phrase, &mut reading);
            if reading.verdict != Verdict::Place {
                return reading;
            }
        }
        if article && single {
            if let Some(iso) = self.nisba.get(&name) {
                reading.verdict = Verdict::Nisba(iso.clone());
            }
        }
        reading
    }

    /// Whether a word may be part of a name: no listed word, with or without its prefix.
    fn name_like(&self, word: &str) -> bool {
        let (keys, _) = self.keys(word);
        letters(word) >= 2
            && ![
                &self.common,
                &self.titles,
                &self.given,
                &self.org,
                &self.list_nouns,
            ]
            .iter()
            .any(|set| Self::listed(set, &keys))
            && !keys.iter().any(|k| {
                self.kinds.contains_key(k)
                    || self.nisba.contains_key(k)
                    || self.unlisted_kinds.contains_key(k)
            })
    }

    /// Whether a word is a frequent noun inflected ("مزرعتها", its farm; "منازلهم", their
    /// houses): without one of `noun_suffixes` (its last letter restored,
    /// `suffix_restores`), a frequent word of `min_stem_letters` letters or more; or, itself
    /// a frequent word, the same without one of `plural_endings` ("المزارعين", the farmers).
    /// `pronouns` false skips the pronoun endings (a name right after its kind noun).
    fn inflected_common_noun(&self, word: &str, pronouns: bool) -> bool {
        let frequent = super::words::arabic_frequent_words();
        let (word_keys, _) = self.keys(word);
        let plural = word_keys.iter().any(|k| frequent.contains(k));
        let suffixes = self
            .noun_suffixes
            .iter()
            .filter(|_| pronouns)
            .chain(self.plural_endings.iter().filter(|_| plural));
        suffixes.into_iter().any(|suffix| {
            let Some(stem) = word.strip_suffix(&**suffix) else {
                return false;
            };
            let restored = self.suffix_restores.iter().filter_map(|(before, alone)| {
                stem.strip_suffix(&**before).map(|s| format!("{s}{alone}"))
            });
            std::iter::once(stem.to_string())
                .chain(restored)
                .any(|stem| {
                    let (keys, _) = self.keys(&stem);
                    letters(&keys[1]) >= self.min_stem_letters
                        && keys.iter().any(|k| frequent.contains(k))
                })
        })
    }

    /// Where a list member written with a conjunction starts ("والطحطوح" → "الطحطوح"):
    /// `None` when the word carries no conjunction.
    fn member_after_conjunction(&self, t: &Tok) -> Option<usize> {
        let (len, kept) = self.prefix_of(t.text)?;
        let conj = &t.text[..len - kept];
        self.conjunctions
            .iter()
            .any(|c| &**c == conj)
            .then_some(t.start + len - kept)
    }

    /// Names after a kind noun in construct state ("قرية الحاضر", "حيي هرابش والطحطوح"),
    /// for [`super::unlisted::complete`] to place when the gazetteer lacks them.
    pub fn unlisted(&self, text: &str) -> Vec<Found> {
        self.unlisted_sparing(text, &|_, _| false)
    }

    /// [`Arabic::unlisted`], where `known(start, end)` tells whether a span is a name the
    /// gazetteer has (a mention already found there): such a member is never read as an
    /// inflected common noun, nor is the member right after its kind noun ("قرية X": the
    /// noun in construct names it). A pronoun suffix then only ends a list at a later member
    /// ("قرى A ومزارعها", and their farms), since village names end in the same letters.
    pub fn unlisted_sparing(&self, text: &str, known: &dyn Fn(usize, usize) -> bool) -> Vec<Found> {
        let mut found = Vec::new();
        if self.unlisted_kinds.is_empty() || !has_arabic_letter_byte(text.as_bytes()) {
            return found;
        }
        let toks = words(text);
        // What each distinct word is (a kind noun without the article, and whether it
        // opens a list): folding its keys is most of the cost, and words recur.
        let mut read: HashMap<&str, Option<(PlaceKind, bool)>> = HashMap::default();
        for (i, noun) in toks.iter().enumerate() {
            if !noun.text.starts_with(is_arabic) {
                continue;
            }
            let kind_noun = *read.entry(noun.text).or_insert_with(|| {
                let (keys, article) = self.keys(noun.text);
                if article {
                    return None; // "البلدة المحاصرة": a noun and its adjective
                }
                let kind = *keys.iter().find_map(|k| self.unlisted_kinds.get(k))?;
                Some((kind, Self::listed(&self.list_nouns, &keys)))
            });
            let Some((kind, list)) = kind_noun else {
                continue;
            };
            let mut j = i + 1;
            while let Some(first) = toks.get(j) {
                if first.stop_before || !first.text.starts_with(is_arabic) {
                    break;
                }
                let start = if j == i + 1 {
                    if first.comma_before {
                        break;
                    }
                    first.start
                } else if let Some(s) = self.member_after_conjunction(first) {
                    s
                } else if first.comma_before {
                    first.start
                } else {
                    break;
                };
                let member = &text[start..first.end];
                // A later member of a list that is a frequent word ("قريتي A والمباني")
                // is the noun, no name: the first after the kind noun is named by it.
                let later_frequent =
                    j > i + 1 && super::words::arabic_frequent_words().contains(&fold_name(member));
                // The member right after its kind noun is spared the pronoun endings only:
                // a plural common noun there ("قرى المزارعين") is still no name.
                let inflected =
                    !known(start, first.end) && self.inflected_common_noun(member, j > i + 1);
                if !self.name_like(member) || inflected || later_frequent {
                    break;
                }
                // further words of the name carry the article alone
                let mut end = first.end;
                let mut k = j + 1;
                while k < toks.len() && k - j < self.max_name_words {
                    let w = &toks[k];
                    let article_only = self
                        .prefix_of(w.text)
                        .is_some_and(|(len, kept)| len == kept && w.text[..len] == *self.article);
                    if w.stop_before || w.comma_before || !article_only || !self.name_like(w.text) {
                        break;
                    }
                    end = w.end;
                    k += 1;
                }
                found.push(Found::named(start, end, kind));
                if !list {
                    break;
                }
                j = k;
            }
        }
        found
    }

    /// What the word before the hit says: a person's title or given name, an
    /// organisation noun, a kind noun.
    fn read_before(&self, prev: &Word, new_phrase: bool, reading: &mut Reading) {
        if !prev.text.chars().next().is_some_and(is_arabic) {
            return;
        }
        if new_phrase {
            // the word before belongs to the phrase before: it says nothing of this name
            return;
        }
        let (keys, article) = self.keys(prev.text);
        if Self::listed(&self.given, &keys) || (article && Self::listed(&self.titles, &keys)) {
            reading.verdict = Verdict::NotPlace;
        } else if !article && Self::listed(&self.org, &keys) {
            reading.verdict = Verdict::InName;
        } else if let Some(&hint) = keys.iter().find_map(|k| self.kinds.get(k)) {
            reading.hint = Some(hint);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arabic() -> Arabic {
        Arabic::new(super::super::words::arabic_lists())
    }

    #[test]
    fn arabic_letter_bytes_are_found_anywhere_in_the_text() {
        // Latin with accents, curly quotes, Cyrillic (0xD0/0xD1) and Hebrew (0xD7) lead
        // bytes: no Arabic letter.
        let plain = "Fighting near Ma’arrat al-Nu‘man, Kyiv (Київ), Tel Aviv (תל אביב), café.";
        assert!(!has_arabic_letter_byte(plain.as_bytes()));
        // An Arabic letter (U+0600-U+06FF) in the first 32-byte block, in a later one,
        // and in the remainder after the last full block.
        for at in [0, 5, 31, 32, 40, 64, plain.len()] {
            let mut text = String::from(plain);
            let at = (0..=at)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            text.insert(at, 'ق');
            assert!(has_arabic_letter_byte(text.as_bytes()), "at {at}");
        }
        assert!(has_arabic_letter_byte("ۿ".as_bytes())); // U+06FF, lead byte 0xDB
        assert!(!has_arabic_letter_byte("ܐ".as_bytes())); // Syriac, lead byte 0xDC
        assert!(!has_arabic_letter_byte(b""));
    }

    /// (text, the hit as the recogniser finds it, the mention it gives, verdict).
    #[test]
    fn prefixes_articles_and_the_words_before_a_name() {
        let place = Verdict::Place;
        let table: &[(&str, &str, &str, Verdict)] = &[
            // a preposition written on the name stays outside the mention
            ("القصف على بلدة بحلب أمس", "حلب", "حلب", place.clone()),
            ("وصلت القوات وتركيا", "تركيا", "تركيا", place.clone()),
            // the article belongs to the name, the conjunction before it does not
            ("بلدتي نبل والزهراء", "زهراء", "الزهراء", place.clone()),
            ("اشتباكات بالرقة", "رقة", "الرقة", place.clone()),
            // ل + ال fused: the whole word
            (
                "الطريق المؤدي للمستريحة",
                "مستريحة",
                "للمستريحة",
                place.clone(),
            ),
            // ordinary words and kind nouns alone
            ("سيطرت على مدينة", "على", "على", Verdict::NotPlace),
            ("داخل المدينة", "مدينة", "المدينة", Verdict::NotPlace),
            ("في الرابع من آذار", "آذار", "آذار", Verdict::NotPlace),
            // people: a given name, the name after one, a name after a title
            (
                "وقال مدير المرصد رامي عبد الرحمن",
                "رامي",
                "رامي",
                Verdict::NotPlace,
            ),
            (
                "وقال مدير المرصد رامي عبد الرحمن",
                "عبد",
                "عبد",
                Verdict::NotPlace,
            ),
            ("وصرح العميد ياسر", "ياسر", "ياسر", Verdict::NotPlace),
            // organisations in construct state
            ("قال مجلس منبج العسكري", "منبج", "منبج", Verdict::InName),
            (
                "بيان لقوات سوريا الديمقراطية",
                "سوريا",
                "سوريا",
                Verdict::InName,
            ),
            // the article on a country's name: the nisba adjective
            (
                "قالت المعارضة السورية",
                "سورية",
                "السورية",
                Verdict::Nisba("SY".into()),
            ),
            ("في سورية", "سورية", "سورية", place.clone()),
            // a compound name written as one word
            ("لمحافظة ديرالزور", "ديرالزور", "ديرالزور", place.clone()),
            // a word whose first letter only looks like a prefix
            ("وذكرت وزارة الدفاع", "زارة", "زارة", Verdict::NotPlace),
        ];
        let a = arabic();
        for (text, hit, mention, verdict) in table {
            let start = text.rfind(hit).unwrap();
            let r = a.read(text, start, start + hit.len(), true);
            assert_eq!(&text[r.start..start + hit.len()], *mention, "{text}");
            assert_eq!(&r.verdict, verdict, "{text}");
        }
    }

    #[test]
    fn a_kind_noun_before_the_name_is_its_kind() {
        let a = arabic();
        let read = |text: &str, hit: &str| {
            let s = text.rfind(hit).unwrap();
            a.read(text, s, s + hit.len(), true).hint
        };
        assert_eq!(read("على مدينة منبج", "منبج"), Some(KindHint::City));
        assert_eq!(
            read("التابعة لمحافظة إدلب", "إدلب"),
            Some(KindHint::Governorate)
        );
        assert_eq!(
            read("في ريف حلب الشمالي", "حلب"),
            Some(KindHint::Countryside)
        );
        assert_eq!(read("قرب قرية كفرنبل", "كفرنبل"), Some(KindHint::Village));
        assert_eq!(read("سيطرت على منبج", "منبج"), None);
    }

    #[test]
    fn names_after_a_kind_noun_in_construct_state() {
        let a = arabic();
        let names = |text: &str| -> Vec<String> {
            a.unlisted(text)
                .iter()
                .map(|f| text[f.start_end().0..f.start_end().1].to_string())
                .collect()
        };
        let table: &[(&str, &[&str])] = &[
            (
                "فكوا الحصار عن حيي الصفصاف والبويضة الشرقية.",
                &["الصفصاف", "البويضة"],
            ),
            ("وصلوا إلى قرية تل الكرامة في الريف", &["تل الكرامة"]),
            (
                "سيطرت على قرى عين البيضا، المزيرعة وخربة الجوز",
                &["عين البيضا", "المزيرعة", "خربة الجوز"],
            ),
            // a noun with the article and its adjective; an adjective after the noun
            ("دخلوا البلدة المحاصرة", &[]),
            ("قرية صغيرة في الريف", &[]),
            // a list ends at a word with a preposition written on it
            ("بلدتي الحمرا والبيضا بعدما تقدموا", &["الحمرا", "البيضا"]),
            // a list does not run on past a full stop
            ("قرية الحمرا. وقال", &["الحمرا"]),
            // (pronoun suffixes are off in ar-geoparse.toml: village names end in them too)
            // a common noun's sound plural (the word and its stem frequent words)
            ("عادوا إلى قرى المزارعين", &[]),
            // a later member that is a frequent word
            ("قريتي الحمرا والمباني", &["الحمرا"]),
            // a name ending like a plural, not itself a frequent word
            (
                "سيطرت على بلدات خان العسل والراشدين",
                &["خان العسل", "الراشدين"],
            ),
        ];
        for (text, want) in table {
            assert_eq!(
                names(text),
                want.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
                "{text}"
            );
        }
        assert!(a.unlisted("the village of Kafr Hamra").is_empty());
    }

    #[test]
    fn a_conjunction_written_on_the_second_name_coordinates() {
        use super::super::resolve::is_coordination;
        assert!(is_coordination(" و"));
        assert!(!is_coordination(" في "));
    }
}
