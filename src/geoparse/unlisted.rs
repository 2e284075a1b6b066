//! Places the gazetteer lacks: small villages and urban quarters no offline source lists.
//!
//! A capitalised name no pack place matches is taken for a place only inside a construction
//! that says it is one (the language file's `[unlisted]` table): "the village of X", "the
//! villages of X, Y and Z", "the X neighbourhood of Y", "X village", "X, a village near Y",
//! "X, one of the largest districts", "X, 5 km north of Y". The name must be capitalised
//! words that are no known place, organisation word, nationality or (alone) common word.
//!
//! Its anchor is the place the construction names ("near Y", "of Y", "5 km north of Y"),
//! else the nearest earlier place of the paragraph, else the nearest later place of the
//! sentence; with none the name stays unresolved (counted, not mapped). The mention then
//! resolves to a provisional place of the gazetteer (`crate::gazetteer::provisional`) at
//! the anchor's point, moved by a stated distance: claims attach to it like to any place.
//!
//! Weak constructions (a kind noun after the name, an apposition) also need the word
//! before the name to be lower case, so a sentence-initial capital ("Several village
//! elders …") is never a name.

use super::chars;
use super::fold::WordFilter;
use super::recognise::WordSpan;
use super::words::{Unlisted, WordSet};
use super::{Mention, MentionRole};
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Confidence of a provisional mention: the name is a place, where it lies is a guess.
const CONFIDENCE: f32 = 0.4;

/// A known place matched on the whole name of a construction that states its anchor
/// ("the village of X near Y") is taken for a wrong match when it lies farther than this
/// from Y: the report's village is another, unlisted one of the same or a similar spelling.
const FAR_FULL_KM: f64 = 60.0;

/// A known place matched on part of the name ("Sabbouh" of "Kafr Sabbouh") is taken for
/// a wrong match when it lies farther than this from the anchor.
const FAR_PART_KM: f64 = 30.0;

/// With a stated distance and direction, a known place matched on the name is kept only
/// within this of the spot the text gives (or half the distance, when larger).
const OFFSET_SLACK_KM: f64 = 10.0;

/// Bytes of context read on either side of a trigger word.
const WINDOW: usize = 400;

/// The `[unlisted]` rules, compiled once per geoparser.
pub struct Rules {
    kinds: Vec<(String, PlaceKind)>,
    triggers: AhoCorasick,
    /// The same triggers looked up word by word, when they allow it (see [`WordTriggers`]).
    word_triggers: Option<WordTriggers>,
    /// Per trigger pattern: a kind noun (index into `kinds`) or a distance unit (km).
    trigger_of: Vec<Trigger>,
    articles: WordSet,
    max_modifiers: usize,
    openers: Vec<Vec<String>>,
    of_words: WordSet,
    joiners: WordSet,
    name_joiners: WordSet,
    max_name_words: usize,
    after_kind: WordSet,
    anchor_links: WordSet,
    hedges: WordSet,
    distance_links: WordSet,
    compass: Vec<(String, String)>,
    /// The definite article (`definite_article` of the language file): "north of the X"
    /// skips it, and as an anchor link it links nothing by itself.
    definite_article: String,
    /// Words no name may contain: organisation nouns, nationalities.
    banned: WordSet,
    /// Words no one-word name may be: frequent English words.
    common: WordSet,
    /// Titles and given names: no name of a weak construction may start with one.
    person: WordSet,
}

/// The trigger patterns, for lookup of whole words. Only when every pattern is ASCII
/// letters and no two are equal: a whole-word match of such a pattern never spans a
/// character that is not an ASCII letter, so it is a whole word of the text by itself
/// ([`trigger_matches`]).
struct WordTriggers {
    /// Per first byte, the lengths (bit per length) of the patterns opening with it:
    /// most words of a text fail this test ("the" and "that" are no pattern's).
    lens_by_first: [u64; 256],
    /// The patterns in pattern id order, lower case.
    patterns: Vec<Vec<u8>>,
    /// Per first byte, the ids of the patterns opening with it, in id order: a word
    /// that passes the length test is compared with those few only.
    ids_by_first: Vec<Vec<usize>>,
}

impl WordTriggers {
    fn new(patterns: &[String]) -> Option<WordTriggers> {
        let mut t = WordTriggers {
            lens_by_first: [0; 256],
            patterns: Vec::with_capacity(patterns.len()),
            ids_by_first: vec![Vec::new(); 256],
        };
        for (i, p) in patterns.iter().enumerate() {
            let letters =
                !p.is_empty() && p.len() < 64 && p.bytes().all(|b| b.is_ascii_lowercase());
            if !letters || patterns[..i].contains(p) {
                return None;
            }
            t.lens_by_first[p.as_bytes()[0] as usize] |= 1 << p.len();
            t.ids_by_first[p.as_bytes()[0] as usize].push(i);
            t.patterns.push(p.as_bytes().to_vec());
        }
        Some(t)
    }

    /// The pattern id `word` equals up to ASCII case.
    #[inline]
    fn find(&self, word: &[u8]) -> Option<usize> {
        let first = word.first()?.to_ascii_lowercase() as usize;
        if word.len() >= 64 || self.lens_by_first[first] & (1 << word.len()) == 0 {
            return None;
        }
        self.ids_by_first[first]
            .iter()
            .copied()
            .find(|&id| self.patterns[id].eq_ignore_ascii_case(word))
    }
}

#[derive(Clone, Copy)]
enum Trigger {
    Kind(usize),
    Unit(f64),
}

/// A token of the window: a word (letters, digits, inner hyphens and apostrophes) or one
/// punctuation character. Line breaks are punctuation too.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    word: bool,
}

/// What was found: a name, its kind, where its construction ends, and the anchor the
/// construction names, if any.
pub struct Found {
    start: usize,
    end: usize,
    kind: PlaceKind,
    /// Where to look for "near Y" after the construction.
    after: usize,
    /// Stated offset: km and compass code, with the anchor mention's start.
    offset: Option<(f64, String, usize)>,
}

impl Found {
    /// The name's byte range.
    #[cfg(test)]
    pub fn start_end(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    /// A name `start..end` of `kind` read by another language's construction
    /// ([`super::arabic::Arabic::unlisted`]); its anchor is found as for any other.
    pub fn named(start: usize, end: usize, kind: PlaceKind) -> Found {
        Found {
            start,
            end,
            kind,
            after: end,
            offset: None,
        }
    }
}

impl Rules {
    pub fn new(u: &Unlisted, region_org_words: &[String]) -> Rules {
        let lists = super::words::lists();
        let kinds: Vec<(String, PlaceKind)> = u
            .kind_nouns
            .iter()
            .filter_map(|(w, k)| {
                PlaceKind::ALL
                    .iter()
                    .find(|x| x.as_str() == k)
                    .map(|&k| (w.to_lowercase(), k))
            })
            .collect();
        let mut pats: Vec<String> = Vec::new();
        let mut trigger_of = Vec::new();
        for (i, (w, _)) in kinds.iter().enumerate() {
            pats.push(w.clone());
            trigger_of.push(Trigger::Kind(i));
        }
        for (w, km) in &u.distance_units {
            pats.push(w.to_lowercase());
            trigger_of.push(Trigger::Unit(*km));
        }
        let built = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats);
        let word_triggers = built.is_ok().then(|| WordTriggers::new(&pats)).flatten();
        let triggers = built
            .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("empty automaton"));
        let banned = lists
            .org_words
            .iter()
            .chain(region_org_words)
            .chain(lists.demonyms.iter().map(|(d, _)| d))
            .chain(lists.country_aliases.iter().map(|(c, _)| c))
            .chain(kinds.iter().map(|(w, _)| w));
        Rules {
            triggers,
            word_triggers,
            trigger_of,
            articles: WordSet::new(&u.articles),
            max_modifiers: u.max_modifiers,
            openers: u
                .apposition_openers
                .iter()
                .map(|o| o.iter().map(|w| w.to_lowercase()).collect())
                .collect(),
            of_words: WordSet::new(&u.of_words),
            joiners: WordSet::new(&u.list_joiners),
            name_joiners: WordSet::new(&u.name_joiners),
            max_name_words: u.max_name_words.max(1),
            after_kind: WordSet::new(&u.after_kind),
            anchor_links: WordSet::new(&u.anchor_links),
            hedges: WordSet::new(&u.distance_hedges),
            distance_links: WordSet::new(&u.distance_links),
            compass: u
                .compass
                .iter()
                .map(|(w, c)| (w.to_lowercase(), c.clone()))
                .collect(),
            definite_article: lists.definite_article.clone(),
            banned: WordSet::new(banned),
            common: WordSet::new(&lists.common_words),
            person: WordSet::new(lists.titles.iter().chain(&lists.first_names)),
            kinds,
        }
    }

    /// The plain words [`complete`] needs from the scan: those of a trigger's first
    /// letter and length (the test [`WordTriggers::find`] starts with). `None` when the
    /// triggers are searched in the text instead, so that any words serve.
    pub fn word_filter(&self) -> Option<&WordFilter> {
        self.word_triggers.as_ref().map(|t| &t.lens_by_first)
    }

    fn compass_code(&self, w: &str) -> Option<&str> {
        self.compass
            .iter()
            .find(|(x, _)| x.eq_ignore_ascii_case(w))
            .map(|(_, c)| c.as_str())
    }
}

/// Trigger matches `(start, end, pattern id)` in text order. From `words` (every word of
/// the text, as the geoparser's scan delimits them, or of its plain words those
/// [`Rules::word_filter`] lets through) when given and the triggers allow it,
/// else by searching the whole text; the whole-word matches are the same. A plain word
/// (ASCII letters and digits) holds a whole-word match only as the whole word: a match
/// inside it has a letter or digit beside it. Other words (apostrophes, ayn marks,
/// another script) are searched as before, and no match spans two words, since the
/// patterns are ASCII letters and words end at characters that are not.
fn trigger_matches(
    rules: &Rules,
    text: &str,
    words: Option<&[WordSpan]>,
) -> Vec<(usize, usize, usize)> {
    let search = |from: usize, to: usize, out: &mut Vec<(usize, usize, usize)>| {
        out.extend(
            rules
                .triggers
                .find_iter(&text[from..to])
                .map(|m| (from + m.start(), from + m.end(), m.pattern().as_usize())),
        );
    };
    let mut out = Vec::new();
    match (words, &rules.word_triggers) {
        (Some(words), Some(lookup)) => {
            let bytes = text.as_bytes();
            for w in words {
                if !w.plain {
                    search(w.start, w.end, &mut out);
                } else if let Some(p) = lookup.find(&bytes[w.start..w.end]) {
                    out.push((w.start, w.end, p));
                }
            }
        }
        _ => search(0, text.len(), &mut out),
    }
    out
}

/// Adds the provisional mentions of `text` to `out` (kept in text order), from the
/// constructions of the `[unlisted]` table and the names `read_elsewhere` (another
/// language's constructions). `words`, when given, are every word of `text` as the
/// geoparser's scan delimits them (of the plain words at least those
/// [`Rules::word_filter`] lets through). Returns the number of names found that had no anchor
/// and so stayed unresolved.
pub fn complete(
    rules: &Rules,
    gazetteer: &Gazetteer,
    text: &str,
    words: Option<&[WordSpan]>,
    out: &mut Vec<Mention>,
    read_elsewhere: Vec<Found>,
) -> usize {
    let mut found: Vec<Found> = read_elsewhere;
    let triggers: Vec<(usize, usize, usize)> = trigger_matches(rules, text, words)
        .into_iter()
        .filter(|&(s, e, _)| whole_word(text, s, e))
        .collect();
    // Windows of nearby triggers overlap: the text of a run of overlapping windows is
    // tokenised once, and each window's tokens are taken from it (`tokens_within`).
    // (start, end, tokens) of the last run tokenised
    let mut region: (usize, usize, Vec<Tok>) = (0, 0, Vec::new());
    for (n, &(s, e, pattern)) in triggers.iter().enumerate() {
        let (ws, we) = window(text, s, e);
        let toks = if region.0 <= ws && we <= region.1 {
            tokens_within(text, &region.2, ws, we)
        } else {
            let mut end = we;
            for &(s2, e2, _) in &triggers[n + 1..] {
                let (ws2, we2) = window(text, s2, e2);
                if ws2 < ws || ws2 >= end {
                    break;
                }
                end = end.max(we2);
            }
            if end == we {
                tokenize(text, ws, we)
            } else {
                region = (ws, end, tokenize(text, ws, end));
                tokens_within(text, &region.2, ws, we)
            }
        };
        let Some(t) = toks.iter().position(|t| t.start == s) else {
            continue;
        };
        match rules.trigger_of[pattern] {
            Trigger::Kind(k) => {
                let kind = rules.kinds[k].1;
                of_construction(rules, &toks, t, kind, &mut found);
                postposed(rules, &toks, t, kind, &mut found);
                apposition(rules, &toks, t, kind, &mut found);
            }
            Trigger::Unit(km) => distance(rules, &toks, t, km, out, &mut found),
        }
    }
    if found.is_empty() {
        return 0;
    }
    // One name read by two constructions: the longer reading, then the one stating an offset.
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end), f.offset.is_none()));
    found.dedup_by(|b, a| b.start < a.end);
    let mut unresolved = 0;
    let mut added = Vec::new();
    // Indices of `out` that a provisional place replaces, as a mask: a list searched per
    // mention made name-dense text quadratic.
    let mut dropped = vec![false; out.len()];
    for f in found {
        let name = &text[f.start..f.end];
        // Mentions the name overlaps: a name the gazetteer knows is not provisional, unless
        // what it matched is a part of the name or a spelling of a place far from the anchor.
        // A match may run on over the kind noun ("Gharbi village" of "Salhab Gharbi village").
        let over: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].start < f.end && f.start < out[i].end)
            .collect();
        if over.iter().any(|&i| {
            out[i].start < f.start
                || out[i].end > f.end.max(f.after)
                || out[i].role != MentionRole::Location
        }) {
            continue;
        }
        let full = over
            .iter()
            .any(|&i| out[i].start == f.start && out[i].end >= f.end);
        // Borrowed, not cloned: a copy of every mention per construction was most of the
        // time on name-dense text.
        let others: Vec<&Mention> = (0..out.len())
            .filter(|&i| !over.contains(&i) && !dropped[i])
            .map(|i| &out[i])
            .collect();
        let stated = match &f.offset {
            Some((_, _, at)) => others.iter().find(|m| m.start == *at).map(|m| m.place),
            None => None,
        }
        .or_else(|| linked_anchor(rules, gazetteer, text, f.after, &others));
        let anchor = stated
            .or_else(|| earlier_anchor(gazetteer, text, f.start, &others))
            .or_else(|| later_anchor(gazetteer, text, f.end, &others))
            .filter(|&a| eligible_anchor(gazetteer, a));
        if !over.is_empty() {
            let (Some(a), limit) = (
                if full { stated } else { anchor },
                if full { FAR_FULL_KM } else { FAR_PART_KM },
            ) else {
                continue;
            };
            // An area anchor ("A in Y province") has no point to measure from: keep the match.
            if gazetteer.place(a).kind.is_area() {
                continue;
            }
            let mut ap = gazetteer.place(a).point;
            let mut limit = limit;
            // "X, 4 km north of Y": the known place must lie near the stated spot.
            if let Some((km, code, _)) = f.offset.as_ref().filter(|o| !o.1.is_empty()) {
                ap = crate::gazetteer::provisional::offset_point(ap, *km, code);
                limit = OFFSET_SLACK_KM.max(0.5 * km);
            }
            let near = over.iter().any(|&i| {
                crate::gazetteer::haversine_km(gazetteer.place(out[i].place).point, ap) <= limit
            });
            if near {
                continue;
            }
            // A homonym of the pack near the stated anchor is the place meant ("Babila, a
            // village near Y" when the resolver chose another Babila): re-point, invent nothing.
            if full {
                if let Some(meant) = homonym_near(gazetteer, name, f.kind, ap, limit) {
                    for &i in &over {
                        out[i].place = meant;
                    }
                    continue;
                }
            }
        }
        let Some(anchor) = anchor else {
            unresolved += 1;
            tracing::debug!("unlisted place {name:?}: no anchor");
            continue;
        };
        let offset = f.offset.as_ref().map(|(km, c, _)| (*km, c.as_str()));
        let Some(place) = gazetteer.provisional(f.kind, name, anchor, offset) else {
            unresolved += 1;
            continue;
        };
        for &i in &over {
            dropped[i] = true;
        }
        added.push(Mention {
            start: f.start,
            end: f.end,
            text: name.to_string(),
            place,
            role: MentionRole::Location,
            confidence: CONFIDENCE,
            alternatives: Vec::new(),
            part: None,
            geometry: None,
        });
    }
    if dropped.contains(&true) {
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !dropped[i - 1]
        });
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|m| m.start);
    }
    unresolved
}

/// "the (two other) villages of A, B and C", "the town of A".
fn of_construction(rules: &Rules, toks: &[Tok], t: usize, kind: PlaceKind, found: &mut Vec<Found>) {
    // Back to the article over lower-case modifiers.
    let mut i = t;
    let mut mods = 0;
    loop {
        let Some(p) = i.checked_sub(1) else { return };
        let w = &toks[p];
        if !w.word {
            return;
        }
        if rules.articles.has(w.text) {
            break;
        }
        if mods >= rules.max_modifiers || !is_lower(w.text) {
            return;
        }
        mods += 1;
        i = p;
    }
    let Some(of) = toks
        .get(t + 1)
        .filter(|w| w.word && rules.of_words.has(w.text))
    else {
        return;
    };
    let _ = of;
    names_list(rules, toks, t + 2, kind, false, found);
}

/// A list of names from token `i`: "A, B and C". Names the gazetteer knows are in it too
/// (they are skipped later as known mentions), so they only continue the list.
fn names_list(
    rules: &Rules,
    toks: &[Tok],
    mut i: usize,
    kind: PlaceKind,
    weak: bool,
    found: &mut Vec<Found>,
) {
    // (item, joined to the previous one by a bare comma)
    let mut items: Vec<(Found, bool)> = Vec::new();
    let mut bare = false;
    while let Some(end) = name_at(rules, toks, i, weak) {
        items.push((
            Found {
                start: toks[i].start,
                end: toks[end - 1].end,
                kind,
                after: toks[end - 1].end,
                offset: None,
            },
            bare,
        ));
        // Joiners: ",", "and", ", and", "or".
        let mut j = end;
        let mut words = 0;
        let mut commas = 0;
        while let Some(w) = toks.get(j) {
            if w.word && rules.joiners.has(w.text) {
                words += 1;
            } else if w.text == "," {
                commas += 1;
            } else {
                break;
            }
            j += 1;
        }
        if words + commas == 0 {
            break;
        }
        bare = words == 0;
        i = j;
    }
    // "A, B and C": an item after a bare comma needs a joiner after it, so "the town of
    // A, B said" does not read the speaker B as a place.
    while items.last().is_some_and(|(_, bare)| *bare) {
        items.pop();
    }
    found.extend(items.into_iter().map(|(f, _)| f));
}

/// The end (exclusive token index) of a name starting at token `i`, if one does.
fn name_at(rules: &Rules, toks: &[Tok], i: usize, weak: bool) -> Option<usize> {
    let mut j = i;
    let mut words = 0;
    let mut last_name = None;
    while let Some(w) = toks.get(j) {
        if !w.word || words >= rules.max_name_words {
            break;
        }
        if is_name_word(rules, w.text) {
            last_name = Some(j + 1);
        } else if !rules.name_joiners.has(w.text) {
            break;
        }
        words += 1;
        j += 1;
    }
    let end = last_name?;
    check_name(rules, &toks[i..end], weak).then_some(end)
}

/// Whether the words of a name pass the word lists.
fn check_name(rules: &Rules, words: &[Tok], weak: bool) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    if rules.name_joiners.has(first.text) && words.len() == 1 {
        return false;
    }
    for w in words {
        for part in w.text.split(['-', '\'', '\u{2019}']) {
            if rules.banned.has(part) {
                return false;
            }
        }
    }
    let content: Vec<&Tok> = words
        .iter()
        .filter(|w| !rules.name_joiners.has(w.text))
        .collect();
    if content.len() == 1 && rules.common.has(content[0].text) {
        return false;
    }
    if weak && rules.person.has(first.text) {
        return false;
    }
    true
}

/// A word that can be part of a name: capitalised, every hyphen part capitalised or a
/// name particle ("al-Fardous", "Nikolayevo-Daryino"), not all capitals (an acronym).
fn is_name_word(rules: &Rules, w: &str) -> bool {
    let first = w.chars().next();
    if !first.is_some_and(|c| {
        c.is_uppercase()
            || chars::is_alphabetic(c) && rules.name_joiners.has(w.split('-').next().unwrap_or(""))
    }) {
        return false;
    }
    let letters = w.chars().filter(|&c| chars::is_alphabetic(c)).count();
    if letters < 2 || (letters <= 5 && !w.chars().any(|c| c.is_lowercase())) {
        return false;
    }
    let mut any_cap = false;
    for part in w.split('-') {
        let c = part.chars().next();
        match c {
            Some(c) if c.is_uppercase() => any_cap = true,
            Some(_) if rules.name_joiners.has(part) => {}
            _ => return false,
        }
    }
    any_cap
}

/// "the al-Fardous neighbourhood (of Y)", "Robotyne village".
fn postposed(rules: &Rules, toks: &[Tok], t: usize, kind: PlaceKind, found: &mut Vec<Found>) {
    // The name ends right before the kind noun.
    let mut i = t;
    let mut words = 0;
    while i > 0 && words < rules.max_name_words {
        let w = &toks[i - 1];
        if !w.word || !(is_name_word(rules, w.text) || rules.name_joiners.has(w.text)) {
            break;
        }
        i -= 1;
        words += 1;
    }
    // Trim leading particles that belong to no name word run ("the" is never one).
    while i < t && !is_name_word(rules, toks[i].text) && rules.name_joiners.has(toks[i].text) {
        // keep "al" before a name word: "al Fardous"
        if toks.get(i + 1).is_some_and(|w| is_name_word(rules, w.text)) {
            break;
        }
        i += 1;
    }
    if i == t || !lower_before(toks, i) || !ends_phrase(rules, toks, t) {
        return;
    }
    if !check_name(rules, &toks[i..t], true) {
        return;
    }
    found.push(Found {
        start: toks[i].start,
        end: toks[t - 1].end,
        kind,
        after: toks[t].end,
        offset: None,
    });
}

/// "X, a village near Y", "X, one of the largest neighbourhoods".
fn apposition(rules: &Rules, toks: &[Tok], t: usize, kind: PlaceKind, found: &mut Vec<Found>) {
    if !ends_phrase(rules, toks, t) {
        return;
    }
    // Back over modifiers to an opener, then the comma.
    let mut i = t;
    let mut mods = 0;
    let opener_start = loop {
        let hit = rules.openers.iter().find_map(|o| {
            let n = o.len();
            (i >= n
                && toks[i - n..i]
                    .iter()
                    .zip(o)
                    .all(|(w, x)| w.word && w.text.eq_ignore_ascii_case(x)))
            .then_some(i - n)
        });
        if let Some(s) = hit {
            break s;
        }
        let Some(p) = i.checked_sub(1) else { return };
        if mods >= rules.max_modifiers || !toks[p].word || !is_lower(toks[p].text) {
            return;
        }
        mods += 1;
        i = p;
    };
    let Some(comma) = opener_start.checked_sub(1).filter(|&c| toks[c].text == ",") else {
        return;
    };
    // The name ends before the comma.
    let s = name_start_before(rules, toks, comma);
    if s == comma {
        return;
    }
    if !lower_before(toks, s) || !check_name(rules, &toks[s..comma], true) {
        return;
    }
    found.push(Found {
        start: toks[s].start,
        end: toks[comma - 1].end,
        kind,
        after: toks[t].end,
        offset: None,
    });
}

/// "X, (about) 5 km (north) of Y": the anchor must be a mention right after the link.
fn distance(
    rules: &Rules,
    toks: &[Tok],
    t: usize,
    unit_km: f64,
    mentions: &[Mention],
    found: &mut Vec<Found>,
) {
    // The number, possibly "5-km" (one token with the unit) is not read: keep it simple.
    let Some(n) = t.checked_sub(1) else { return };
    let Ok(num) = toks[n].text.parse::<f64>() else {
        return;
    };
    if !num.is_finite() || num <= 0.0 || num * unit_km > 200.0 {
        return;
    }
    let mut i = n;
    if i > 0 && toks[i - 1].word && rules.hedges.has(toks[i - 1].text) {
        i -= 1;
    }
    let Some(comma) = i.checked_sub(1).filter(|&c| toks[c].text == ",") else {
        return;
    };
    // Direction then "of"/"from", then the anchor mention.
    let mut j = t + 1;
    let code = toks
        .get(j)
        .filter(|w| w.word)
        .and_then(|w| rules.compass_code(w.text))
        .map(str::to_string);
    if code.is_some() {
        j += 1;
    }
    let Some(link) = toks
        .get(j)
        .filter(|w| w.word && rules.distance_links.has(w.text))
    else {
        return;
    };
    let mut k = j + 1;
    if toks
        .get(k)
        .is_some_and(|w| w.word && w.text.eq_ignore_ascii_case(&rules.definite_article))
    {
        k += 1;
    }
    let _ = link;
    let Some(at) = toks.get(k).map(|w| w.start) else {
        return;
    };
    let Some(anchor) = mentions
        .iter()
        .find(|m| m.start <= at && at < m.end.max(m.start + 1))
    else {
        return;
    };
    let s = name_start_before(rules, toks, comma);
    if s == comma || !lower_before(toks, s) || !check_name(rules, &toks[s..comma], true) {
        return;
    }
    let km = num * unit_km;
    found.push(Found {
        start: toks[s].start,
        end: toks[comma - 1].end,
        kind: PlaceKind::Village,
        after: toks[comma - 1].end,
        // Without a direction the place is that far in an unknown direction: keep the
        // anchor's point rather than guess one.
        offset: code
            .map(|c| (km, c, anchor.start))
            .or(Some((0.0, String::new(), anchor.start))),
    });
}

/// The pack place of the construction's kind (any settlement for a settlement noun: "the
/// town of A" may be a city of the pack, never its district) named exactly `name`, nearest to
/// `at`, when one lies within `limit_km`. Construction kinds are point kinds, so the spatial
/// index holds every candidate; a name search over the whole pack cost milliseconds a call.
fn homonym_near(
    gazetteer: &Gazetteer,
    name: &str,
    kind: PlaceKind,
    at: geo::Point<f64>,
    limit_km: f64,
) -> Option<PlaceIdx> {
    // `same_name` folded both names per comparison: the name is folded once, and the
    // pack's ASCII names are compared without folding into a new string.
    let key = crate::gazetteer::simple_fold(name);
    gazetteer
        .within_km(at, limit_km)
        .into_iter()
        .filter(|&(i, _)| {
            let place = gazetteer.place(i);
            (place.kind == kind || kind.is_settlement() && place.kind.is_settlement())
                && place
                    .all_names()
                    .any(|n| crate::gazetteer::folds_to(n, &key))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Where the name that ends just before token `end` starts: up to `max_name_words` name words
/// or joiners back from it (`end` itself when there is none).
fn name_start_before(rules: &Rules, toks: &[Tok], end: usize) -> usize {
    let mut start = end;
    while start > 0 && end - start < rules.max_name_words {
        let w = &toks[start - 1];
        if !w.word || !(is_name_word(rules, w.text) || rules.name_joiners.has(w.text)) {
            break;
        }
        start -= 1;
    }
    start
}

/// Whether the word before token `i` is a lower-case word (not a sentence start).
fn lower_before(toks: &[Tok], i: usize) -> bool {
    i.checked_sub(1)
        .map(|p| &toks[p])
        .is_some_and(|w| w.word && is_lower(w.text))
}

/// Whether the kind noun at `t` ends its noun phrase: punctuation or a word of `after_kind`.
fn ends_phrase(rules: &Rules, toks: &[Tok], t: usize) -> bool {
    match toks.get(t + 1) {
        None => true,
        Some(w) if !w.word => true,
        Some(w) => rules.after_kind.has(w.text),
    }
}

fn is_lower(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// The anchor a construction names right after the name: "X near Y", "the X district of
/// Y", "X, on the outskirts of Y".
fn linked_anchor(
    rules: &Rules,
    gazetteer: &Gazetteer,
    text: &str,
    after: usize,
    out: &[&Mention],
) -> Option<PlaceIdx> {
    let (_, we) = window(text, after, after);
    let toks = tokenize(text, after, we);
    let mut linked = false;
    let mut limit = after;
    for (n, w) in toks.iter().enumerate() {
        if n > 8 {
            break;
        }
        if w.word && rules.anchor_links.has(w.text) {
            linked |= !w.text.eq_ignore_ascii_case(&rules.definite_article);
            limit = w.end;
            continue;
        }
        if w.text == "," && n == 0 {
            continue;
        }
        limit = w.start;
        break;
    }
    if !linked {
        return None;
    }
    out.iter()
        .find(|m| m.start >= after && m.start <= limit && eligible(gazetteer, m))
        .map(|m| m.place)
}

/// The nearest place mentioned before `pos` in the same paragraph.
fn earlier_anchor(
    gazetteer: &Gazetteer,
    text: &str,
    pos: usize,
    out: &[&Mention],
) -> Option<PlaceIdx> {
    // The last paragraph break within reach, found once: testing the text between `pos`
    // and each earlier mention scanned the paragraph once per mention.
    let lo = pos.saturating_sub(EARLIER_REACH);
    let last_break = text.as_bytes()[lo..pos]
        .windows(2)
        .rposition(|w| w == b"\n\n")
        .map(|i| lo + i);
    out.iter()
        .rev()
        .filter(|m| m.end <= pos && eligible(gazetteer, m))
        .find(|m| pos - m.end < EARLIER_REACH && last_break.is_none_or(|b| b < m.end))
        .map(|m| m.place)
}

/// How far back (bytes) an earlier mention can anchor a provisional place.
const EARLIER_REACH: usize = 2000;

/// The nearest place mentioned after `pos` in the same sentence.
fn later_anchor(
    gazetteer: &Gazetteer,
    text: &str,
    pos: usize,
    out: &[&Mention],
) -> Option<PlaceIdx> {
    // The sentence ends at the first break after `pos`, found once: testing the text up to
    // each later mention scanned to the end of the document once per mention.
    let end = text[pos..]
        .find(['.', '!', '?', '\n'])
        .map_or(text.len(), |i| pos + i);
    out.iter()
        .find(|m| m.start >= pos && m.start <= end && eligible(gazetteer, m))
        .map(|m| m.place)
}

fn eligible(gazetteer: &Gazetteer, m: &Mention) -> bool {
    m.role == MentionRole::Location && eligible_anchor(gazetteer, m.place)
}

/// A pack place that can anchor a provisional one: a settlement, an area below the
/// country, a point feature; not a line (a border, a river) nor another provisional place.
fn eligible_anchor(gazetteer: &Gazetteer, idx: PlaceIdx) -> bool {
    if idx as usize >= gazetteer.len() {
        return false;
    }
    let k = gazetteer.place(idx).kind;
    !(k == PlaceKind::Country || k.is_linear() || k == PlaceKind::Lake)
}

fn whole_word(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    !before.is_some_and(|c| chars::is_alphanumeric(c) || c == '-')
        && !after.is_some_and(|c| chars::is_alphanumeric(c) || c == '-')
}

/// The byte range `WINDOW` bytes around `[s, e)`, on character boundaries.
fn window(text: &str, s: usize, e: usize) -> (usize, usize) {
    let mut a = s.saturating_sub(WINDOW);
    while !text.is_char_boundary(a) {
        a += 1;
    }
    let mut b = (e + WINDOW).min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    (a, b)
}

fn tokenize(text: &str, from: usize, to: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::with_capacity((to - from) / 5 + 4);
    scan_tokens(text, from, to, &mut out, |_| false);
    out
}

/// The tokens `tokenize(text, from, to)` gives, taken from `region`, the tokens of
/// `tokenize(text, region_start, region_end)` for a region that holds `from..to`.
///
/// The two scans read the same characters the same way wherever both stand at the same
/// position, since a token depends only on where the scan stands and on what follows.
/// They may differ at the window's start, where the window's scan may start inside a
/// token of the region (and read it from there, cut), and at its end, where the window
/// cuts a token the region reads on. So the window's scan reads by itself from `from`
/// until it stands where the region's stood (at no position strictly inside a region
/// token), takes the region's tokens from there while they end by `to` (a token the
/// region ended before `to` is also one the window ends there: the window only reads
/// less), and reads the rest by itself.
fn tokens_within<'a>(text: &'a str, region: &[Tok<'a>], from: usize, to: usize) -> Vec<Tok<'a>> {
    let mut out = Vec::with_capacity((to - from) / 5 + 4);
    let mut k = region.partition_point(|t| t.end <= from);
    let mut pos = scan_tokens(text, from, to, &mut out, |p| {
        while k < region.len() && region[k].end <= p {
            k += 1;
        }
        k == region.len() || region[k].start >= p
    });
    if pos < to {
        let taken = region[k..].iter().take_while(|t| t.end <= to);
        let before = out.len();
        out.extend(taken);
        if let Some(last) = out[before..].last() {
            pos = last.end;
        }
        scan_tokens(text, pos, to, &mut out, |_| false);
    }
    out
}

/// Appends the tokens of `text[from..to]` to `out`, stopping early where `stop` (asked
/// with each position the scan stands at between tokens and skipped characters) says
/// so. Returns where the scan stopped (`to` when it read everything).
fn scan_tokens<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    out: &mut Vec<Tok<'a>>,
    mut stop: impl FnMut(usize) -> bool,
) -> usize {
    let s = &text[from..to];
    let b = s.as_bytes();
    // The character at byte `i` (a char boundary) and its length; ASCII without decoding.
    let char_at = |i: usize| -> (char, usize) {
        if b[i] < 0x80 {
            (b[i] as char, 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    };
    let mut i = 0;
    while i < b.len() {
        if stop(from + i) {
            return from + i;
        }
        if b[i] == b' ' {
            // the separator of most words: no token
            i += 1;
            continue;
        }
        let (c, clen) = char_at(i);
        if chars::is_alphanumeric(c) {
            let mut end = i + clen;
            loop {
                // ASCII letters and digits go on with the word (most bytes of a window):
                // no decoding, no joiner test.
                while end < b.len() && b[end].is_ascii_alphanumeric() {
                    end += 1;
                }
                if end >= b.len() {
                    break;
                }
                let (d, dlen) = char_at(end);
                // A hyphen, apostrophe or full stop between two letters or digits joins
                // them (a full stop only in a word that opened with a digit).
                let inner = matches!(d, '-' | '\'' | '\u{2019}' | '.')
                    && end + dlen < b.len()
                    && chars::is_alphanumeric(char_at(end + dlen).0)
                    && (d != '.' || c.is_ascii_digit());
                if chars::is_alphanumeric(d) || inner {
                    end += dlen;
                } else {
                    break;
                }
            }
            out.push(Tok {
                start: from + i,
                end: from + end,
                text: &text[from + i..from + end],
                word: true,
            });
            i = end;
        } else {
            if !c.is_whitespace() || c == '\n' {
                out.push(Tok {
                    start: from + i,
                    end: from + i + clen,
                    text: &text[from + i..from + i + clen],
                    word: false,
                });
            }
            i += clen;
        }
    }
    to
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str, filter: Option<&WordFilter>) -> Vec<WordSpan> {
        let mut f = super::super::fold::Folded::default();
        super::super::fold::fold_words_into(text, 0, &mut f, filter);
        f.words
            .iter()
            .map(|w| WordSpan {
                start: w.start as usize,
                end: w.end as usize,
                plain: w.plain,
            })
            .collect()
    }

    /// Every window's tokens taken from a region's are the tokens of the window itself,
    /// wherever the window starts and ends: inside words, joiners, numbers, marks or
    /// multi-byte characters.
    #[test]
    fn window_tokens_from_a_region_equal_the_window_tokenised() {
        let text =
            "A5.3 km, al-Bab's 12.5 m\u{2019}arrat; Tell-Rifaat \u{0642}\u{0631}\u{064A}\u{0629}\n\
            village. \u{201C}Deir ez-Zor\u{201D} x-'y 3.  4-km d\u{2019}Ma 7.a.b";
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let key = |toks: &[Tok]| -> Vec<(usize, usize, bool)> {
            toks.iter().map(|t| (t.start, t.end, t.word)).collect()
        };
        for (a, &rs) in bounds.iter().enumerate().step_by(7) {
            for &re in bounds[a..].iter().step_by(9) {
                let region = tokenize(text, rs, re);
                for (c, &from) in bounds
                    .iter()
                    .enumerate()
                    .filter(|&(_, &f)| f >= rs && f <= re)
                {
                    for &to in bounds[c..].iter().filter(|&&t| t <= re) {
                        assert_eq!(
                            key(&tokens_within(text, &region, from, to)),
                            key(&tokenize(text, from, to)),
                            "region {rs}..{re}, window {from}..{to}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn trigger_matches_from_words_equal_the_search() {
        let rules = Rules::new(&super::super::words::lists().unlisted, &[]);
        assert!(
            rules.word_triggers.is_some(),
            "the English triggers are ASCII letters"
        );
        // Cases, hyphens, digits, apostrophes and ayn marks, a combining mark, another
        // script, words inside words, a line break.
        let text = "The village of Kafr Nabl, two villages and a Town. VILLAGES near downtown \
            Aleppo; a town-based group, 5km and 5 km north, 12 kms. d'village, the village's \
            well, villages\u{2019} roads, \u{02BF}town and town\u{0301} and hometown. The \
            Neighbourhood (suburb) district\nquarter-final, a quarter. 3 miles/mile. \
            \u{0642}\u{0631}\u{064A}\u{0629} town. Hamlet's km2 km. -village village-";
        let whole = |found: Vec<(usize, usize, usize)>| {
            found
                .into_iter()
                .filter(|&(s, e, _)| whole_word(text, s, e))
                .collect::<Vec<_>>()
        };
        let by_words = whole(trigger_matches(&rules, text, Some(&words_of(text, None))));
        let searched = whole(trigger_matches(&rules, text, None));
        assert_eq!(by_words, searched);
        // The scan lists only the plain words the rules' filter lets through: the same
        // matches from far fewer words.
        let filtered = words_of(text, rules.word_filter());
        assert!(filtered.len() * 2 < words_of(text, None).len());
        assert_eq!(
            whole(trigger_matches(&rules, text, Some(&filtered))),
            searched
        );
        let matched: Vec<&str> = by_words.iter().map(|&(s, e, _)| &text[s..e]).collect();
        assert_eq!(
            matched,
            [
                "village",
                "villages",
                "Town",
                "VILLAGES",
                "km",
                "kms",
                "village",
                "village",
                "villages",
                "town",
                "Neighbourhood",
                "suburb",
                "district",
                "quarter",
                "miles",
                "mile",
                "town",
                "Hamlet",
                "km",
            ]
        );
    }
}
