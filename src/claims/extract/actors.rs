//! Finding the factions a text names: one Aho-Corasick automaton over every
//! faction's names, weak names and held-adjectives from `factions.toml`, plus
//! the region's non-faction actors (which only block shorter matches).
//!
//! Matching ignores ASCII case except for all-capitals names (acronyms such
//! as "IS"), which must match exactly so the verb "is" is never a faction; in a
//! line written in capitals a two-letter one also needs a clause opening or a
//! function word before it (`caps_line_word`).
//! Hyphens count as word characters: "pro-government" is one word, so
//! "government" inside it does not match on its own.

use super::super::Factions;
use super::words::{words, WordList};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// What a compound with a faction word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeldKind {
    /// "rebel-held", "Kurdish-controlled".
    Held,
    /// "rebel-besieged".
    Besieged,
}

/// How a faction phrase is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HitKind {
    /// A name: "Syrian troops", "the rebels", "Kurdish" + "fighters".
    Name,
    /// A name that usually but not always means the faction ("militants").
    Weak,
    /// A bare adjective: "a rebel siege", "an insurgent route".
    Adjective,
    /// "X-held" / "X-besieged".
    Held(HeldKind),
    /// An actor outside every faction ("Iraqi army").
    Other,
}

/// One faction phrase in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActorHit {
    pub start: usize,
    pub end: usize,
    /// Index into `Factions::all()`; `None` for [`HitKind::Other`].
    pub faction: Option<usize>,
    pub kind: HitKind,
}

#[derive(Debug, Clone)]
struct Entry {
    faction: Option<usize>,
    kind: HitKind,
    /// All-capitals names must match exactly.
    exact: Option<String>,
}

/// The compiled matcher of one region's factions.
#[derive(Debug, Clone)]
pub struct ActorMatcher {
    ac: Option<AhoCorasick>,
    entries: Vec<Entry>,
    nouns: Vec<String>,
    /// The region's descriptors ("Shiite"), which may stand between an
    /// attitude adjective and its place noun.
    descriptors: crate::fasthash::HashSet<String>,
}

/// A name written in capitals only ("IS", "HTS", "SDF") is an acronym.
fn is_acronym(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_uppercase()) && !s.chars().any(|c| c.is_lowercase())
}

/// Acronyms this short are also words of the language ("IS", "US").
const WORDLIKE_ACRONYM_LEN: usize = 2;

/// In a line written in capitals, a two-letter acronym is also the word it spells ("PALMYRA
/// IS SECURE"): there it names a side only where a clause opens ("IS CAPTURES PALMYRA",
/// "…: IS RETREATS"), after a function word of the language's headlines ("RETAKEN FROM
/// IS", "ARMY AND IS CLASH"), or joined to "-held". Longer names ("IS FIGHTERS") match
/// as names anyway.
fn caps_line_word(text: &str, start: usize, end: usize) -> bool {
    if end - start > WORDLIKE_ACRONYM_LEN
        || text[end..].starts_with(['-', '\u{2011}'])
        || !crate::geoparse::casing::in_caps_line(text, start)
    {
        return false;
    }
    let head = text[..start].trim_end_matches([' ', '\t']);
    let Some(last) = head.chars().next_back() else {
        return false;
    };
    if !last.is_alphanumeric() {
        return false;
    }
    let word_start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(0, |(i, _)| i);
    let word = &head[word_start..];
    !crate::geoparse::words::lists()
        .casing
        .minor_words
        .iter()
        .any(|m| m.eq_ignore_ascii_case(word))
}

/// Characters that continue a word for boundary purposes.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\u{2011}'
}

impl ActorMatcher {
    pub(crate) fn new(factions: &Factions) -> ActorMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        let mut add = |p: &str, faction: Option<usize>, kind: HitKind| {
            let p = p.trim();
            if p.is_empty() {
                return;
            }
            let exact = is_acronym(p).then(|| p.to_string());
            let mut variants = vec![p.to_string()];
            if p.contains('\'') {
                variants.push(p.replace('\'', "\u{2019}"));
            }
            for v in variants {
                patterns.push(v.clone());
                entries.push(Entry {
                    faction,
                    kind,
                    exact: exact.as_ref().map(|_| v.clone()),
                });
            }
        };
        for (i, f) in factions.all().iter().enumerate() {
            for n in &f.names {
                add(n, Some(i), HitKind::Name);
            }
            for n in &f.weak_names {
                add(n, Some(i), HitKind::Weak);
            }
            for n in &f.held_adjectives {
                add(n, Some(i), HitKind::Adjective);
            }
        }
        for n in factions.other_actors() {
            add(n, None, HitKind::Other);
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // a DFA: the same overlapping matches, one table lookup per byte
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&patterns)
                .ok()
        };
        ActorMatcher {
            ac,
            entries,
            nouns: factions
                .actor_nouns()
                .iter()
                .map(|n| n.to_lowercase())
                .collect(),
            descriptors: factions.descriptors().clone(),
        }
    }

    /// Every faction phrase in `text[from..to]`, longest first where they
    /// overlap, in text order. Offsets are into `text`.
    pub(crate) fn find(&self, text: &str, from: usize, to: usize) -> Vec<ActorHit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let hay = &text[from..to];
        let mut hits: Vec<ActorHit> = Vec::new();
        // Control adjectives made from a shorter name and a suffix
        // ("jihadist" + "-dominated") come after the phrases listed whole, so
        // a side that lists the whole phrase wins a tie of spans.
        let mut derived: Vec<ActorHit> = Vec::new();
        for m in ac.find_overlapping_iter(hay) {
            let e = &self.entries[m.pattern().as_usize()];
            let (s, en) = (from + m.start(), from + m.end());
            if let Some(x) = &e.exact {
                if &text[s..en] != x || caps_line_word(text, s, en) {
                    continue;
                }
            }
            if text[..s].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            // A faction word joined to "-held" is a control adjective, whatever its kind.
            if e.faction.is_some() {
                if let Some((end, kind)) = held_suffix(text, en) {
                    derived.push(ActorHit {
                        start: s,
                        end,
                        faction: e.faction,
                        kind: HitKind::Held(kind),
                    });
                    continue;
                }
            }
            if text[en..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let next = word_after(text, en);
            // "the military airport", "the army base": a facility, not an actor.
            if next
                .as_deref()
                .is_some_and(|w| words().actors.facility_nouns.contains(w))
            {
                continue;
            }
            let mut hit = ActorHit {
                start: s,
                end: en,
                faction: e.faction,
                kind: e.kind,
            };
            // A control adjective listed whole ("jihadist-dominated") is one.
            if e.kind == HitKind::Adjective && e.faction.is_some() {
                let dash = text[s..en].rfind(['-', '\u{2013}', '\u{2011}']);
                if let Some((_, kind)) = dash
                    .and_then(|d| held_suffix(text, s + d))
                    .filter(|&(end, _)| end == en)
                {
                    hit.kind = HitKind::Held(kind);
                    hits.push(hit);
                    continue;
                }
            }
            // "the pro-government villages of Y", "the pro-regime Shiite towns
            // of Y": an attitude adjective on a place noun (past the region's
            // descriptors) says who holds the places, like "government-held".
            // "the occupied city of Y": a holder word of the region that is
            // itself a participle of holding says the same (as a verb after
            // a side or an auxiliary, `tokens` makes it a word again).
            if e.kind == HitKind::Adjective
                && e.faction.is_some()
                && (attitude_prefixed(&text[s..en]) || holding_participle(&text[s..en]))
                && self
                    .past_descriptors(text, en)
                    .is_some_and(|w| super::lexicon::en().place_nouns.contains(&w))
            {
                hit.kind = HitKind::Held(HeldKind::Held);
                hits.push(hit);
                continue;
            }
            // "Kurdish fighters", and a name with its force noun ("Hayat
            // Tahrir al-Sham fighters"): the noun belongs to the actor, so a
            // verb right after it finds its subject.
            if e.kind == HitKind::Adjective || (e.kind == HitKind::Name && e.faction.is_some()) {
                if let Some(end) = self.noun_after(text, en) {
                    hit.end = end;
                    hit.kind = HitKind::Name;
                }
                // "Ukraine's 72nd Brigade", "Russian 810th Marine Brigade": a unit the
                // names cannot list, told by its number and force noun, is the side's.
                if let Some(end) = self.numbered_unit_after(text, hit.end) {
                    hit.end = end;
                    hit.kind = HitKind::Name;
                }
            }
            hits.push(hit);
        }
        hits.append(&mut derived);
        // Longest leftmost wins; ties go to names over weaker kinds.
        hits.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
        });
        let mut out: Vec<ActorHit> = Vec::new();
        for h in hits {
            if out.last().is_some_and(|l| h.start < l.end) {
                continue;
            }
            out.push(h);
        }
        absorb_head_nouns(text, &mut out);
        self.extend_allegiances(text, from, &mut out);
        out
    }

    /// "forces allied with President Bashar al-Assad's government", "fighters loyal to the
    /// government", "groups affiliated with the Free Syrian Army": a generic force noun
    /// bound to a side by a phrase of allegiance is that side. The side's hit grows back
    /// over the noun, so a frame finds the side where the noun stands (a verb's subject,
    /// the agent after "by"); hits inside the grown span give way to it.
    fn extend_allegiances(&self, text: &str, from: usize, out: &mut Vec<ActorHit>) {
        let mut k = 0;
        while k < out.len() {
            let eligible = out[k].faction.is_some()
                && matches!(
                    out[k].kind,
                    HitKind::Name | HitKind::Weak | HitKind::Adjective
                );
            let start = if eligible {
                self.allegiance_start(text, from, out[k].start)
            } else {
                None
            };
            if let Some(start) = start {
                let first = out[..k].partition_point(|h| h.end <= start);
                // The force noun inside another side's phrase ("Syrian forces allied
                // with …") is that side already; inside a weak name ("armed groups
                // affiliated with the Syrian National Army") it is the side the phrase
                // binds it to, and the bound span starts where the weak name does.
                let start = weak_name_start(&out[first..k], start);
                if out[first..k].iter().all(|h| h.start >= start) {
                    out[k].start = start;
                    if out[k].kind == HitKind::Adjective {
                        out[k].kind = HitKind::Name;
                    }
                    out.drain(first..k);
                    k = first;
                }
            }
            k += 1;
        }
    }

    /// The start of the force noun an allegiance phrase binds to the side whose hit
    /// starts at `at`: "<noun> [— aside —] <allegiance phrase> [up to four words] <side>".
    fn allegiance_start(&self, text: &str, from: usize, at: usize) -> Option<usize> {
        let w = &words().actors;
        let mut end = at;
        for _ in 0..=ALLEGIANCE_GAP {
            let (s1, e1) = token_before(text, from, end)?;
            let (s0, e0) = token_before(text, from, s1)?;
            let phrase = format!("{} {}", &text[s0..e0], &text[s1..e1]).to_lowercase();
            if w.allegiance.contains(phrase.as_str()) {
                return self.force_noun_before(text, from, s0);
            }
            // Titles, names, determiners and adjectives between the phrase and the side
            // ("allied with President Bashar al-Assad's government"), never punctuation.
            if !text[s1..e1].starts_with(char::is_alphanumeric) {
                return None;
            }
            end = s1;
        }
        None
    }

    /// The start of a generic force noun ending at `at`, across one aside set off by
    /// dashes ("forces — supported by Russian warplanes — allied with …").
    fn force_noun_before(&self, text: &str, from: usize, at: usize) -> Option<usize> {
        let (mut s, mut e) = token_before(text, from, at)?;
        if is_dash(&text[s..e]) {
            let mut end = s;
            let mut opened = false;
            for _ in 0..ASIDE_WORDS {
                let (a, b) = token_before(text, from, end)?;
                end = a;
                if is_dash(&text[a..b]) {
                    opened = true;
                    break;
                }
            }
            if !opened {
                return None;
            }
            (s, e) = token_before(text, from, end)?;
        }
        self.nouns.contains(&text[s..e].to_lowercase()).then_some(s)
    }

    /// End of a generic actor noun right after `at` ("Kurdish| fighters").
    /// The first word after `at` that is no region descriptor ("Shiite"),
    /// past at most two of them, lowercased.
    fn past_descriptors(&self, text: &str, at: usize) -> Option<String> {
        let mut at = at;
        for _ in 0..3 {
            let (word, end) = word_span_after(text, at)?;
            if !self.descriptors.contains(&word) {
                return Some(word);
            }
            at = end;
        }
        None
    }

    /// End of a numbered unit right after a side's name or adjective at `at`: a
    /// possessive or nothing, an ordinal (a token opening with a digit and holding a
    /// letter: "72nd", never a count), at most [`UNIT_WORDS`] words and a force noun
    /// ("'s 3rd Assault Brigade").
    fn numbered_unit_after(&self, text: &str, at: usize) -> Option<usize> {
        let rest = text.get(at..)?;
        let at = ["'s", "\u{2019}s"]
            .iter()
            .find(|p| rest.starts_with(*p))
            .map_or(at, |p| at + p.len());
        let (ordinal, mut end) = word_span_after(text, at)?;
        if !(ordinal.starts_with(|c: char| c.is_ascii_digit())
            && ordinal.chars().any(char::is_alphabetic))
        {
            return None;
        }
        for _ in 0..=UNIT_WORDS {
            let (word, e) = word_span_after(text, end)?;
            if self.nouns.contains(&word) {
                return Some(e);
            }
            end = e;
        }
        None
    }

    fn noun_after(&self, text: &str, at: usize) -> Option<usize> {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
        if trimmed.len() == rest.len() || trimmed.len() + 2 < rest.len() {
            return None;
        }
        let wstart = at + (rest.len() - trimmed.len());
        let wlen = trimmed
            .find(|c: char| !is_word_char(c))
            .unwrap_or(trimmed.len());
        let word = trimmed[..wlen].to_lowercase();
        self.nouns.contains(&word).then_some(wstart + wlen)
    }
}

/// "Daesh terrorists", "Kurdish militants", "the Islamic State (IS) terrorists": a weak
/// generic name right after another side's name (or after a parenthetical that follows it)
/// is that name's head noun, not a second actor. The name's hit grows over it.
fn absorb_head_nouns(text: &str, hits: &mut Vec<ActorHit>) {
    let mut k = 1;
    while k < hits.len() {
        let (before, head) = (&hits[k - 1], &hits[k]);
        let named = before.faction.is_some()
            && matches!(before.kind, HitKind::Name | HitKind::Adjective)
            && head.kind == HitKind::Weak
            && before.faction != head.faction;
        if named && text.get(before.end..head.start).is_some_and(head_follows) {
            hits[k - 1].end = hits[k].end;
            hits[k - 1].kind = HitKind::Name;
            hits.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Whether the text between a name and a noun leaves the noun its head: spaces only,
/// spaces around one parenthetical ("(ISIS, ISIL)"), or the close of a parenthetical of
/// names the name ends ("the Islamic State (ISIS and Daesh) terrorists").
fn head_follows(between: &str) -> bool {
    let inner = between.trim_matches([' ', '\u{a0}']);
    if inner.is_empty() {
        return !between.is_empty();
    }
    if inner == ")" {
        return true;
    }
    inner.starts_with('(')
        && inner.ends_with(')')
        && inner[1..inner.len() - 1]
            .chars()
            .all(|c| c != '(' && c != ')' && c != '.' && c != ';')
}

/// How many words may stand between a unit's ordinal and its force noun
/// ("3rd Separate Assault Brigade").
const UNIT_WORDS: usize = 3;

/// Where a force noun bound by an allegiance phrase starts once a weak name
/// it ends ("armed groups", "militants") is taken in: the weak name is only a
/// generic description of the force the phrase names the side of. `before`
/// are the hits that end after the noun's `start`, in text order.
fn weak_name_start(before: &[ActorHit], start: usize) -> usize {
    match before {
        [h] if h.start < start && h.kind == HitKind::Weak => h.start,
        _ => start,
    }
}

/// How many words may stand between an allegiance phrase and its side.
const ALLEGIANCE_GAP: usize = 4;

/// How many words a dashed aside between a force noun and its allegiance may hold.
const ASIDE_WORDS: usize = 12;

/// A dash setting off an aside: em or en dash, or a hyphen standing alone.
fn is_dash(token: &str) -> bool {
    matches!(token, "\u{2014}" | "\u{2013}" | "-" | "--")
}

/// The token ending at or before `at`, spaces skipped and not before `from`: a word
/// (letters, digits, hyphens, apostrophes: "al-Assad's") or one other character.
fn token_before(text: &str, from: usize, at: usize) -> Option<(usize, usize)> {
    let trimmed = text.get(from..at)?.trim_end();
    let last = trimmed.chars().next_back()?;
    let end = from + trimmed.len();
    let in_word = |c: char| is_word_char(c) || c == '\'' || c == '\u{2019}';
    if !in_word(last) {
        return Some((end - last.len_utf8(), end));
    }
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map(|(i, _)| from + i)?;
    Some((start, end))
}

/// The word right after `at` (one space or two between), lowercased.
fn word_after(text: &str, at: usize) -> Option<String> {
    word_span_after(text, at).map(|(word, _)| word)
}

/// The word right after `at` (one space or two between), lowercased, and
/// the offset where it ends.
fn word_span_after(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = text.get(at..)?;
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    if trimmed.len() == rest.len() || trimmed.len() + 2 < rest.len() {
        return None;
    }
    let wlen = trimmed
        .find(|c: char| !is_word_char(c))
        .unwrap_or(trimmed.len());
    let start = at + (rest.len() - trimmed.len());
    (wlen > 0).then(|| (trimmed[..wlen].to_lowercase(), start + wlen))
}

/// Whether a faction phrase is a participle of holding ("occupied").
fn holding_participle(phrase: &str) -> bool {
    words().held.held_controlled_run.has(&phrase.to_lowercase())
}

/// Whether a faction phrase opens with an attitude prefix ("pro-government").
fn attitude_prefixed(phrase: &str) -> bool {
    let lower = phrase.to_lowercase();
    words()
        .tokens
        .attitude_prefixes
        .iter()
        .any(|p| lower.starts_with(p))
}

/// "-held" (or an en dash, or "–controlled"…) right after `at`: its end and kind.
fn held_suffix(text: &str, at: usize) -> Option<(usize, HeldKind)> {
    let rest = &text[at..];
    let after_dash = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('\u{2013}'))
        .or_else(|| rest.strip_prefix('\u{2011}'))?;
    let skip = rest.len() - after_dash.len();
    let w = &words().actors;
    let suffixes = (w.held_suffixes.iter().map(|s| (s, HeldKind::Held)))
        .chain(w.besieged_suffixes.iter().map(|s| (s, HeldKind::Besieged)));
    for (suf, kind) in suffixes {
        if after_dash
            .get(..suf.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(suf))
        {
            let end = at + skip + suf.len();
            if !text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            {
                return Some((end, kind));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factions() -> Factions {
        Factions::parse(
            r##"
actor_nouns = ["forces", "fighters"]
other_actors = ["Iraqi army"]
[[faction]]
id = "government"
name = "G"
fill = "#f00"
stroke = "#a00"
names = ["Syrian troops", "the army", "army", "pro-government militias", "Assad's forces"]
held_adjectives = ["government", "regime"]
[[faction]]
id = "isis"
name = "IS"
fill = "#000"
stroke = "#000"
names = ["Islamic State", "IS"]
held_adjectives = ["IS"]
[[faction]]
id = "sdf"
name = "SDF"
fill = "#ff0"
stroke = "#aa0"
names = ["SDF"]
held_adjectives = ["Kurdish"]
"##,
        )
        .unwrap()
    }

    fn find(text: &str) -> Vec<(String, Option<usize>, HitKind)> {
        let f = factions();
        let m = ActorMatcher::new(&f);
        m.find(text, 0, text.len())
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.faction, h.kind))
            .collect()
    }

    #[test]
    fn a_weak_name_bound_by_allegiance_is_the_side_after_it() {
        let f = Factions::parse(
            r##"
actor_nouns = ["forces", "groups"]
[[faction]]
id = "opposition"
name = "O"
fill = "#0f0"
stroke = "#0a0"
names = ["rebels"]
weak_names = ["armed groups"]
[[faction]]
id = "turkey_backed"
name = "T"
fill = "#f0f"
stroke = "#a0a"
names = ["Syrian National Army"]
"##,
        )
        .unwrap();
        let m = ActorMatcher::new(&f);
        let text = "Armed groups affiliated with the Syrian National Army took the town.";
        let hits: Vec<_> = m
            .find(text, 0, text.len())
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.faction))
            .collect();
        assert_eq!(
            hits,
            vec![(
                "Armed groups affiliated with the Syrian National Army".to_string(),
                Some(1)
            )]
        );
    }

    #[test]
    fn acronyms_match_case_exactly() {
        let hits = find("It is said IS fighters left; this is it.");
        assert_eq!(
            hits,
            vec![("IS fighters".to_string(), Some(1), HitKind::Name)]
        );
    }

    #[test]
    fn held_compounds_and_adjective_nouns() {
        let hits = find("Kurdish fighters entered the government-held town near IS-held land.");
        assert_eq!(
            hits,
            vec![
                ("Kurdish fighters".to_string(), Some(2), HitKind::Name),
                (
                    "government-held".to_string(),
                    Some(0),
                    HitKind::Held(HeldKind::Held)
                ),
                (
                    "IS-held".to_string(),
                    Some(1),
                    HitKind::Held(HeldKind::Held)
                ),
            ]
        );
    }

    #[test]
    fn other_actors_block_shorter_names_and_hyphens_join_words() {
        let hits = find("The Iraqi army and anti-government groups; pro-government militias.");
        assert_eq!(hits[0], ("Iraqi army".to_string(), None, HitKind::Other));
        assert_eq!(
            hits[1],
            (
                "pro-government militias".to_string(),
                Some(0),
                HitKind::Name
            )
        );
        assert_eq!(hits.len(), 2);
    }

    #[test]
    fn numbered_units_are_their_sides() {
        let hits = find("Kurdish 3rd Assault fighters and the army's 25th Special Mission forces.");
        assert_eq!(hits[0].0, "Kurdish 3rd Assault fighters");
        assert_eq!(hits[1].0, "the army's 25th Special Mission forces");
        // a count is no unit's number
        let hits = find("the army's 30 forces");
        assert_eq!(hits[0].0, "the army");
    }

    #[test]
    fn curly_apostrophes_match() {
        let hits = find("Assad\u{2019}s forces advanced.");
        assert_eq!(hits[0].1, Some(0));
    }
}
