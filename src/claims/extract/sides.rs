//! The report's sides: a backer modifier narrows a generic faction. Once a
//! report names "Turkish-backed rebels", a later bare "the rebels" in it is
//! that side, not the wider one the bare name means alone — until the wider
//! side, or another side the bare name could mean, is named on its own again.
//! Which names are generic for which side is region data (`factions.toml`
//! `generic_names`); the backer marks ("-backed") are the language file's
//! (`backer_marks`).
//!
//! It also joins the words that name a side through another one: "HTS and
//! allied factions", "Turkish forces and their Syrian rebel allies" (the allies
//! are the first side's, whatever their own words mean), and "militants of the
//! Islamic State" (a generic or weak name owned by the side after it).

use super::super::{Faction, Factions};
use super::actors::{ActorHit, HitKind};
use super::lexicon;
use super::words::words;

/// Each side that has a list of the given names, with the names lowercased.
fn lowercase_lists(
    factions: &Factions,
    names: impl Fn(&Faction) -> &Vec<String>,
) -> Vec<(usize, Vec<String>)> {
    factions
        .all()
        .iter()
        .enumerate()
        .filter(|(_, f)| !names(f).is_empty())
        .map(|(g, f)| (g, names(f).iter().map(|n| n.to_lowercase()).collect()))
        .collect()
}

/// Reassigns, in text order, each generic name in `hits` to the side a
/// backer-modified name made it mean.
pub(crate) fn narrow(
    hits: &mut [ActorHit],
    text: &str,
    factions: &Factions,
    sentences: &[(usize, usize)],
) {
    let generic = lowercase_lists(factions, |f| &f.generic_names);
    if generic.is_empty() {
        return;
    }
    let marks = &lexicon::en().backer_marks;
    let backed = backed_by(hits, text, &generic, marks);
    // The hit number at which each side was last named on its own (for a
    // narrowing side: with a backer mark).
    let mut named: Vec<Option<usize>> = vec![None; factions.all().len()];
    // The side a backer-marked phrase opened and the last hit of that phrase:
    // the hits that go on naming it ("Turkey-backed rebel group Faylaq
    // al-Sham") are that side, not the wider one their words mean alone.
    let mut opened: Option<Opened> = None;
    // Each hit's start and own side, for looking ahead in its sentence.
    let spans: Vec<(usize, Option<usize>)> = hits
        .iter()
        .map(|h| (h.start, h.faction.filter(|_| h.kind != HitKind::Other)))
        .collect();
    for (order, hit) in hits.iter_mut().enumerate() {
        let Some(f) = hit.faction else {
            opened = None;
            continue;
        };
        if matches!(hit.kind, HitKind::Other | HitKind::Held(_)) {
            opened = None;
            continue;
        }
        let phrase = text[hit.start..hit.end].to_lowercase();
        let narrowing = generic.iter().any(|(g, _)| *g == f);
        if narrowing {
            opened = None;
            if marks.iter().any(|m| phrase.contains(m.as_str())) {
                named[f] = Some(order);
                opened = Some(Opened::after(f, hit));
            } else {
                // Another narrowing side named by its own name ("… the
                // Turkish-backed SNA took Y; HTS seized Z; the rebels …"): the
                // report now speaks of two sides the bare name could mean, so
                // the bare name means the wider side again.
                for (g, _) in &generic {
                    if *g != f {
                        named[*g] = None;
                    }
                }
            }
            continue;
        }
        if let Some(open) = opened.take() {
            if f != open.side && open.goes_on(&text[open.end.min(hit.start)..hit.start]) {
                hit.faction = Some(open.side);
                named[open.side] = Some(order);
                opened = Some(Opened::after(open.side, hit));
                continue;
            }
        }
        if let Some(g) = backed[order] {
            hit.faction = Some(g);
            named[g] = Some(order);
            continue;
        }
        let mut is_generic = false;
        let mut best: Option<(usize, usize)> = None;
        for (g, names) in &generic {
            if names.contains(&phrase) {
                is_generic = true;
                if let Some(o) = named[*g] {
                    if best.is_none_or(|(b, _)| o > b) {
                        best = Some((o, *g));
                    }
                }
            }
        }
        // "Turkish-backed fighters took Y. Insurgents also seized Z in the
        // HTS-led push": a sentence that goes on to name another narrowing
        // side speaks of two sides the bare name could mean.
        let other_ahead = |g: usize| {
            let end = sentence_end(sentences, hit.end, text.len());
            spans[order + 1..]
                .iter()
                .take_while(|(start, _)| *start < end)
                .any(|(_, x)| x.is_some_and(|x| x != g && generic.iter().any(|(n, _)| *n == x)))
        };
        match best {
            Some((o, g)) if named[f].is_none_or(|own| own < o) && !other_ahead(g) => {
                hit.faction = Some(g)
            }
            _ if !is_generic => named[f] = Some(order),
            _ => {}
        }
    }
}

/// Where the sentence (a span of `sentences::split`) holding byte `at` ends;
/// the text's end after the last one.
fn sentence_end(sentences: &[(usize, usize)], at: usize, text_len: usize) -> usize {
    let k = sentences.partition_point(|&(_, end)| end < at);
    sentences.get(k).map_or(text_len, |&(_, end)| end)
}

/// "Syrian rebels, backed by Turkish tanks, took Y": a generic name followed by a backer
/// mark and a side that lists the name among its generic names is that side, as if the
/// name carried the mark ("Turkish-backed rebels"). One entry per hit.
fn backed_by(
    hits: &[ActorHit],
    text: &str,
    generic: &[(usize, Vec<String>)],
    marks: &[String],
) -> Vec<Option<usize>> {
    let determiners = &words().actors.owner_determiners;
    let mut out = vec![None; hits.len()];
    for (k, pair) in hits.windows(2).enumerate() {
        let (hit, backer) = (&pair[0], &pair[1]);
        let Some(g) = backer.faction else { continue };
        let phrase = text[hit.start..hit.end].to_lowercase();
        let lists = generic
            .iter()
            .any(|(side, names)| *side == g && names.contains(&phrase));
        if !lists || hit.faction == Some(g) {
            continue;
        }
        let gap = text[hit.end..backer.start].to_lowercase().replace(',', " ");
        let mut gap: Vec<&str> = gap.split_whitespace().collect();
        while gap.last().is_some_and(|w| determiners.contains(*w)) {
            gap.pop();
        }
        let gap = gap.join(" ");
        // Only the marks written as words of their own ("backed by"), not a hyphened suffix.
        if !gap.is_empty() && marks.iter().any(|m| m.starts_with(' ') && m.trim() == gap) {
            out[k] = Some(g);
        }
    }
    out
}

/// "Islamic State fighters stormed Y. The militants now hold …": a weak name another
/// side lists among its `referring_names` is the side named last before it among its own
/// and those (named by a name or a held adjective, not by a weak name).
pub(crate) fn refer_back(hits: &mut [ActorHit], text: &str, factions: &Factions) {
    let referring = lowercase_lists(factions, |f| &f.referring_names);
    if referring.is_empty() {
        return;
    }
    let mut named: Vec<Option<usize>> = vec![None; factions.all().len()];
    for order in 0..hits.len() {
        let Some(f) = hits[order].faction else {
            continue;
        };
        if hits[order].kind != HitKind::Weak {
            if hits[order].kind != HitKind::Other {
                named[f] = Some(order);
            }
            continue;
        }
        let phrase = text[hits[order].start..hits[order].end].to_lowercase();
        let mut best = named[f].map(|o| (o, f));
        for (g, names) in &referring {
            if let (true, Some(o)) = (names.contains(&phrase), named[*g]) {
                if best.is_none_or(|(b, _)| o > b) {
                    best = Some((o, *g));
                }
            }
        }
        if let Some((_, g)) = best {
            hits[order].faction = Some(g);
        }
    }
}

/// "HTS and allied factions", "Nusra and its allies", "Turkish forces and their Syrian
/// rebel allies": a side followed by a coordinated phrase of its allies (a link, an owner
/// or allying word, at most [`ALLY_WORDS`] words ending in an ally noun or a force noun of
/// the region) is one actor with them, so a verb after the phrase finds its subject; a side
/// named inside the phrase ("rebel allies") gives way to it. And a weak or generic name
/// owned by a side after "of" ("militants of the Islamic State", "jihadists of HTS") is
/// that side.
pub(crate) fn join_owned(hits: &mut Vec<ActorHit>, text: &str, factions: &Factions) {
    let w = &words().actors;
    let generic: Vec<String> = factions
        .all()
        .iter()
        .flat_map(|f| f.generic_names.iter().map(|n| n.to_lowercase()))
        .collect();
    let mut k = 0;
    while k < hits.len() {
        let hit = &hits[k];
        let side = hit.faction.is_some()
            && matches!(hit.kind, HitKind::Name | HitKind::Weak | HitKind::Adjective);
        if !side {
            k += 1;
            continue;
        }
        if let Some(end) = allies_end(text, hit.end, factions) {
            let last = hits[k + 1..].iter().take_while(|h| h.start < end).count();
            if hits[k + 1..k + 1 + last].iter().all(|h| h.end <= end) {
                hits[k].end = end;
                if hits[k].kind == HitKind::Adjective {
                    hits[k].kind = HitKind::Name;
                }
                hits.drain(k + 1..k + 1 + last);
            }
        }
        let (start, end, kind) = (hits[k].start, hits[k].end, hits[k].kind);
        let owned = kind == HitKind::Weak || generic.contains(&text[start..end].to_lowercase());
        let owner = hits
            .get(k + 1)
            .filter(|next| next.faction.is_some() && next.kind == HitKind::Name)
            .map(|next| (next.start, next.end, next.faction));
        if let (true, Some((next_start, next_end, faction))) = (owned, owner) {
            let gap = text[end..next_start].to_lowercase();
            let mut gap = gap.split_whitespace();
            let linked = gap.next().is_some_and(|l| w.of_links.contains(l))
                && gap.all(|d| w.owner_determiners.contains(d));
            if linked {
                hits[k].faction = faction;
                hits[k].end = next_end;
                hits[k].kind = HitKind::Name;
                hits.remove(k + 1);
            }
        }
        k += 1;
    }
}

/// How many words may stand between an owner word and the ally noun ("and their Syrian
/// rebel allies").
const ALLY_WORDS: usize = 3;

/// The end of "<link> <owner or allying word> [words] <ally or force noun>" right after `at`.
fn allies_end(text: &str, at: usize, factions: &Factions) -> Option<usize> {
    let w = &words().actors;
    let mut words_after = WordsAfter { text, at };
    let link = words_after.next()?;
    if !w.ally_links.contains(link.0.as_str()) {
        return None;
    }
    let opener = words_after.next()?;
    if !w.ally_openers.contains(opener.0.as_str()) {
        return None;
    }
    let nouns = factions.actor_nouns();
    for _ in 0..ALLY_WORDS {
        let (word, end) = words_after.next()?;
        if w.ally_nouns.contains(word.as_str())
            || nouns.iter().any(|n| n.eq_ignore_ascii_case(&word))
        {
            return Some(end);
        }
    }
    None
}

/// The lower-case words after a point, each with its end, up to the first character
/// that is neither a word's nor a space.
struct WordsAfter<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for WordsAfter<'_> {
    type Item = (String, usize);

    fn next(&mut self) -> Option<(String, usize)> {
        let rest = self.text.get(self.at..)?;
        let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
        let start = self.at + (rest.len() - trimmed.len());
        let len = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '\u{2019}'))
            .unwrap_or(trimmed.len());
        if len == 0 {
            return None;
        }
        self.at = start + len;
        Some((trimmed[..len].to_lowercase(), self.at))
    }
}

/// A side named with a backer mark, as far as its phrase has run.
struct Opened {
    side: usize,
    /// Where the phrase's last hit ends.
    end: usize,
    /// Whether that hit is a bare adjective, which a head noun of its own may follow.
    adjective: bool,
}

impl Opened {
    fn after(side: usize, hit: &ActorHit) -> Opened {
        Opened {
            side,
            end: hit.end,
            adjective: hit.kind == HitKind::Adjective,
        }
    }

    /// Whether a hit after `gap` still names the side: nothing but spaces
    /// between them, or after an adjective one lower-case head noun that is
    /// no connector ("Turkey-backed rebel group Faylaq al-Sham").
    fn goes_on(&self, gap: &str) -> bool {
        let word = gap.trim();
        word.is_empty()
            || (self.adjective
                && word.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
                && !words().patterns.connectors.contains(word))
    }
}
