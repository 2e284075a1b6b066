//! The report's sides: a backer modifier narrows a generic faction. Once a
//! report names "Turkish-backed rebels", a later bare "the rebels" in it is
//! that side, not the wider one the bare name means alone — until the wider
//! side is named on its own again. Which names are generic for which side is
//! region data (`factions.toml` `generic_names`); the backer marks ("-backed")
//! are the language file's (`backer_marks`).

use super::super::Factions;
use super::actors::{ActorHit, HitKind};
use super::lexicon;

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
    for (order, hit) in hits.iter_mut().enumerate() {
        let Some(f) = hit.faction else { continue };
        if matches!(hit.kind, HitKind::Other | HitKind::Held(_)) {
            continue;
        }
        let phrase = text[hit.start..hit.end].to_lowercase();
        let narrowing = generic.iter().any(|(g, _)| *g == f);
        if narrowing {
            if marks.iter().any(|m| phrase.contains(m.as_str())) {
                named[f] = Some(order);
            }
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
        match best {
            Some((o, g)) if named[f].is_none_or(|own| own < o) => hit.faction = Some(g),
            _ if !is_generic => named[f] = Some(order),
            _ => {}
        }
    }
}
