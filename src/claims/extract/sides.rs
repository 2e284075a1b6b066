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
    let backed_names = lowercase_lists(factions, |f| &f.backed_names);
    let backed = backed_by(
        hits,
        text,
        &generic,
        &backed_names,
        marks,
        factions,
        sentences,
    );
    // Per side, whether the report has told one of its `backed_names` with its backing.
    let mut told = vec![false; factions.all().len()];
    let told_as = |phrase: &str| {
        backed_names
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == phrase))
            .map(|(g, _)| *g)
    };
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
            if told_as(&phrase) == Some(g) {
                told[g] = true;
            }
            continue;
        }
        // "The FSA, backed by Turkish tanks, took Y. The FSA also took Z": a name told once
        // with its backing goes on meaning the backer's side, unless its own side has been
        // named on its own since.
        if let Some(g) = told_as(&phrase).filter(|&g| told[g]) {
            if named[g].is_some_and(|o| named[f].is_none_or(|own| own < o)) {
                hit.faction = Some(g);
                named[g] = Some(order);
                continue;
            }
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

/// The sides that take in others they back (`factions.toml` `backs`), with the words that
/// name each only as a backer in English (`backer_by_language`), lowercased.
struct Backers {
    /// Per side, the sides it takes in when it backs them.
    backs: Vec<Vec<usize>>,
    /// Per side, its backer words ("turkish", "ankara").
    words: Vec<Vec<String>>,
}

impl Backers {
    fn new(factions: &Factions) -> Backers {
        let all = factions.all();
        let index = |id: &String| all.iter().position(|f| &f.id == id);
        Backers {
            backs: all
                .iter()
                .map(|f| f.backs.iter().filter_map(index).collect())
                .collect(),
            words: all
                .iter()
                .map(|f| {
                    let words = f.backer_by_language.get(&lexicon::en().backer_language);
                    words
                        .into_iter()
                        .flatten()
                        .map(|w| w.to_lowercase())
                        .collect()
                })
                .collect(),
        }
    }

    /// Whether `backer`, backing `side`, makes it its own.
    fn takes_in(&self, backer: usize, side: usize) -> bool {
        self.backs.get(backer).is_some_and(|v| v.contains(&side))
    }

    /// The side a backer word names.
    fn by_word(&self, word: &str) -> Option<usize> {
        self.words.iter().position(|w| w.iter().any(|x| x == word))
    }
}

/// How many words after a point a backing phrase is looked for in.
const BACKING_WORDS: usize = 12;

/// The lower-case words of `text[at..end]` with their ends, at most `limit`. Commas read as
/// spaces; any other character that is neither a word's nor a space ends the words, unless
/// `across` (a whole sentence's words).
fn words_of(text: &str, at: usize, end: usize, limit: usize, across: bool) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut at = at;
    while out.len() < limit && at < end {
        let Some(rest) = text.get(at..end) else { break };
        let trimmed = if across {
            rest.trim_start_matches(|c: char| !(c.is_alphanumeric()))
        } else {
            rest.trim_start_matches([' ', '\u{a0}', ',', '\n'])
        };
        at += rest.len() - trimmed.len();
        match (WordsAfter {
            text: &text[..end],
            at,
        })
        .next()
        {
            Some((word, word_end)) => {
                out.push((word, word_end));
                at = word_end;
            }
            None => break,
        }
    }
    out
}

/// The backer a backing phrase names after `words[from..]` (determiners and kinds of support
/// skipped): the side of a side's name starting there (`hit_at`), or of a backer word
/// followed by kinds of support or a support noun ("Turkish air support", "Turkish tanks").
/// With `needs_support`, only the word form ending in a support noun counts ("with Turkish
/// air support", never "with Turkish forces"); with `bare`, a backer word alone does
/// ("backed by Ankara"), else it needs a kind of support after it ("under Turkish air
/// cover", never "within Turkish territory").
fn backer_after(
    toks: &[(String, usize)],
    from: usize,
    backers: &Backers,
    hit_at: &dyn Fn(usize, usize) -> Option<(usize, HitKind)>,
    needs_support: bool,
    bare: bool,
) -> Option<usize> {
    let w = &words().actors;
    let mut k = from;
    while toks
        .get(k)
        .is_some_and(|(x, _)| w.owner_determiners.contains(x.as_str()))
    {
        k += 1;
    }
    // The backer's name (an operation, "Turkish tanks"): a hit that starts after the
    // phrase's link and before the end of its first word past the determiners.
    let from_end = from
        .checked_sub(1)
        .and_then(|j| toks.get(j))
        .map(|(_, e)| *e);
    if let (false, Some(lo), Some((_, hi))) = (needs_support, from_end, toks.get(k)) {
        if let Some((side, HitKind::Name)) = hit_at(lo, *hi) {
            return Some(side);
        }
    }
    let side = backers.by_word(&toks.get(k)?.0)?;
    let mut kinds = 0;
    for (x, _) in &toks[k + 1..] {
        if w.support_nouns.contains(x.as_str()) {
            return Some(side);
        }
        if !w.support_kinds.contains(x.as_str()) {
            break;
        }
        kinds += 1;
    }
    (!needs_support && (bare || kinds > 0)).then_some(side)
}

/// Hits that a backer makes its own side, one entry per hit:
/// - "Syrian rebels, backed by Turkish tanks, took Y", "the Free Syrian Army, supported by
///   Ankara, took Y": a generic name of the backer's side, or a name of a side it backs
///   (`backs`), followed by a backer mark written as words of their own and the backer;
/// - "Rebels, with Turkish air support, took Y", "As part of Operation Olive Branch, the
///   FSA entered Y", "the FSA took Y under Operation Euphrates Shield": a backing phrase
///   governing the sentence (`backing_governors`, `support_openers`) makes every side of it
///   the backer takes in the backer's;
/// - "the Turkish army and the Free Syrian Army took Y": a side coordinated with its backer.
fn backed_by(
    hits: &[ActorHit],
    text: &str,
    generic: &[(usize, Vec<String>)],
    backed_names: &[(usize, Vec<String>)],
    marks: &[String],
    factions: &Factions,
    sentences: &[(usize, usize)],
) -> Vec<Option<usize>> {
    let w = &words().actors;
    let backers = Backers::new(factions);
    let mut out = vec![None; hits.len()];
    let side_of = |h: &ActorHit| {
        h.faction
            .filter(|_| !matches!(h.kind, HitKind::Other | HitKind::Held(_)))
    };
    let hit_at = |from: usize, to: usize| {
        hits.iter()
            .find(|h| h.start >= from && h.start < to)
            .and_then(|h| h.faction.map(|f| (f, h.kind)))
    };
    // Only the backed side's names the backer lists among its generic names take its side:
    // "the Free Syrian Army, backed by Turkish tanks" is Turkey's side, "the factions, backed
    // by Turkish artillery" in a battle Turkey wages no operation in stays the rebels'.
    let lists = |g: usize, phrase: &str| {
        generic
            .iter()
            .chain(backed_names)
            .any(|(side, names)| *side == g && names.iter().any(|n| n == phrase))
    };
    let word_marks: Vec<Vec<&str>> = marks
        .iter()
        .filter(|m| m.starts_with(' '))
        .map(|m| m.split_whitespace().collect())
        .collect();
    // A name followed by a backer mark and its backer.
    for (k, hit) in hits.iter().enumerate() {
        let Some(f) = side_of(hit) else { continue };
        let phrase = text[hit.start..hit.end].to_lowercase();
        let after = words_of(text, hit.end, text.len(), BACKING_WORDS, false);
        for mark in &word_marks {
            let marked = mark.len() <= after.len()
                && mark.iter().zip(&after).all(|(m, (x, _))| *m == x.as_str());
            if !marked {
                continue;
            }
            let Some(g) = backer_after(&after, mark.len(), &backers, &hit_at, false, true) else {
                continue;
            };
            if f != g && lists(g, &phrase) {
                out[k] = Some(g);
            }
        }
    }
    // A backing phrase governing its sentence.
    let governors: Vec<(Vec<&str>, bool)> =
        [(&w.backing_governors, false), (&w.support_openers, true)]
            .into_iter()
            .flat_map(|(list, needs_support)| {
                list.iter()
                    .map(move |phrase| (phrase.split_whitespace().collect(), needs_support))
            })
            .collect();
    let taken_in = |f: usize| (0..backers.backs.len()).any(|g| backers.takes_in(g, f));
    for &(start, end) in sentences {
        if text.get(start..end).is_none() {
            continue;
        }
        // Only a sentence naming a side some backer takes in can change; most name none, and
        // reading every word of every sentence cost a third of the claims stage's speed.
        let names_backed = hits
            .iter()
            .any(|h| h.start >= start && h.end <= end && side_of(h).is_some_and(taken_in));
        if !names_backed {
            continue;
        }
        let words = words_of(text, start, end, usize::MAX, true);
        // The first governing phrase of the sentence that names a backer.
        let governed = (0..words.len()).find_map(|i| {
            governors.iter().find_map(|(parts, needs_support)| {
                let at_phrase = i + parts.len() <= words.len()
                    && parts
                        .iter()
                        .zip(&words[i..])
                        .all(|(p, (x, _))| *p == x.as_str());
                at_phrase
                    .then(|| {
                        backer_after(
                            &words,
                            i + parts.len(),
                            &backers,
                            &hit_at,
                            *needs_support,
                            false,
                        )
                    })
                    .flatten()
            })
        });
        let Some(g) = governed else { continue };
        for (k, hit) in hits.iter().enumerate() {
            let inside = hit.start >= start && hit.end <= end;
            if let (true, Some(f)) = (inside, side_of(hit)) {
                let phrase = text[hit.start..hit.end].to_lowercase();
                if f != g && backers.takes_in(g, f) && lists(g, &phrase) {
                    out[k] = Some(g);
                }
            }
        }
    }
    // A side coordinated with its backer.
    for (k, pair) in hits.windows(2).enumerate() {
        let (Some(a), Some(b)) = (side_of(&pair[0]), side_of(&pair[1])) else {
            continue;
        };
        let gap = text[pair[0].end..pair[1].start]
            .to_lowercase()
            .replace(',', " ");
        let mut gap = gap.split_whitespace();
        let linked = gap.next().is_some_and(|l| w.ally_links.contains(l))
            && gap.all(|d| w.owner_determiners.contains(d));
        if !linked {
            continue;
        }
        let phrase = |h: &ActorHit| text[h.start..h.end].to_lowercase();
        if backers.takes_in(a, b) && lists(a, &phrase(&pair[1])) {
            out[k + 1] = Some(a);
        } else if backers.takes_in(b, a) && lists(b, &phrase(&pair[0])) {
            out[k] = Some(b);
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
    // Built only when a hit's first word is a referring name: most reports have none.
    let mut listed: Option<crate::fasthash::HashSet<String>> = None;
    let mut named: Vec<Option<usize>> = vec![None; factions.all().len()];
    for order in 0..hits.len() {
        let Some(f) = hits[order].faction else {
            continue;
        };
        let phrase = text[hits[order].start..hits[order].end].to_lowercase();
        // "jihadist-held Y", "jihadist fighters": an adjective a side lists among its
        // referring names reads as the weak name does, so one word means one side
        // whichever construction carries it.
        // A phrase a side lists whole ("jihadist-led alliance") is that side's name.
        let stem = phrase
            .split(['-', '\u{2013}', '\u{2011}', ' '])
            .next()
            .unwrap_or_default();
        let adjective = !matches!(hits[order].kind, HitKind::Weak | HitKind::Other)
            && referring
                .iter()
                .any(|(_, names)| names.iter().any(|n| n == stem))
            && !listed
                .get_or_insert_with(|| {
                    lowercase_lists(factions, |f| &f.names)
                        .into_iter()
                        .flat_map(|(_, names)| names)
                        .collect()
                })
                .contains(&phrase);
        if hits[order].kind != HitKind::Weak && !adjective {
            if hits[order].kind != HitKind::Other {
                named[f] = Some(order);
            }
            continue;
        }
        let phrase = if adjective { stem.to_string() } else { phrase };
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
        // "Turkish troops and Syrian rebel allies": with no owner word, an ally
        // noun itself must end the phrase.
        let mut word = opener;
        for _ in 0..ALLY_WORDS {
            if w.ally_nouns.contains(word.0.as_str()) {
                return Some(word.1);
            }
            word = words_after.next()?;
        }
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
