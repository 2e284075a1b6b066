//! The report's sides: a backer modifier narrows a generic faction. Once a
//! report names "Turkish-backed rebels", a later bare "the rebels" in it is
//! that side, not the wider one the bare name means alone — until the wider
//! side, or another side the bare name could mean, is named on its own again. Which names are generic for which side is
//! region data (`factions.toml` `generic_names`); the backer marks ("-backed")
//! are the language file's (`backer_marks`).

use super::super::Factions;
use super::actors::{ActorHit, HitKind};
use super::lexicon;
use super::words::words;

/// Reassigns, in text order, each generic name in `hits` to the side a
/// backer-modified name made it mean.
pub(crate) fn narrow(hits: &mut [ActorHit], text: &str, factions: &Factions) {
    let generic: Vec<(usize, Vec<String>)> = factions
        .all()
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.generic_names.is_empty())
        .map(|(g, f)| {
            (
                g,
                f.generic_names.iter().map(|n| n.to_lowercase()).collect(),
            )
        })
        .collect();
    if generic.is_empty() {
        return;
    }
    let marks = &lexicon::en().backer_marks;
    // The hit number at which each side was last named on its own (for a
    // narrowing side: with a backer mark).
    let mut named: Vec<Option<usize>> = vec![None; factions.all().len()];
    // The side a backer-marked phrase opened and the last hit of that phrase:
    // the hits that go on naming it ("Turkey-backed rebel group Faylaq
    // al-Sham") are that side, not the wider one their words mean alone.
    let mut opened: Option<Opened> = None;
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
        match best {
            Some((o, g)) if named[f].is_none_or(|own| own < o) => hit.faction = Some(g),
            _ if !is_generic => named[f] = Some(order),
            _ => {}
        }
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
