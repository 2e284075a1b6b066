//! Near-miss spellings: place names the automaton cannot match because the report
//! spells them in a way folding does not bridge — letters swapped or added
//! ("Maarsteh al Khan" for Muarrasat al-Khan).
//!
//! Fuzzy matching over the whole text would find a village in every surname, so it
//! runs only where the text itself says a name is there, and only against places
//! near the places the text already names:
//!
//! * a capitalised word the lexicon does not know, bound by an article to a
//!   recognised name ("Maarsteh al Khan"): the recognised tail is probably part of
//!   the longer name, not a village of its own somewhere else;
//! * the capitalised words after "the village of" / "the town of" / "the city of".
//!
//! The phrase's transliteration skeleton ([`super::fold`]) must be within one edit
//! (two for phrases of ten letters or more; a swap of neighbouring letters counts
//! as one) of a settlement's skeleton, that settlement within [`NEAR_KM`] of a place
//! resolved with confidence, and the best match unique. Such mentions carry a low
//! confidence: the map shows them faded.

use super::fold::fold_name;
use super::lexicon::Lexicon;
use super::words::{FrequentWords, WordSet};
use super::{tokens, Mention, MentionRole};
use crate::gazetteer::{haversine_km, Gazetteer, PlaceIdx};
use geo::Point;

/// How far from the text's other places a near-miss spelling may resolve.
pub const NEAR_KM: f64 = 40.0;

/// Most words a phrase may have ("Tal Bisat al Kabir" is four).
const MAX_WORDS: usize = 4;

/// A phrase to try: byte range, and the mention it would replace.
struct Phrase {
    start: usize,
    end: usize,
    replaces: Option<usize>,
}

/// Adds mentions for near-miss spellings to `out` (kept in text order), replacing a
/// recognised tail that was only part of the name.
pub(super) fn complete(
    g: &Gazetteer,
    lex: &Lexicon,
    common: &WordSet,
    frequent: &FrequentWords,
    text: &str,
    out: &mut Vec<Mention>,
) {
    let anchors: Vec<Point<f64>> = out
        .iter()
        .filter(|m| m.role == MentionRole::Location && m.confidence >= 0.5)
        .map(|m| g.place(m.place))
        .filter(|p| p.kind.is_settlement())
        .map(|p| p.point)
        .collect();
    if anchors.is_empty() {
        return;
    }
    let unknown = |w: &tokens::Word| {
        w.is_capitalised()
            && w.text.chars().count() >= 4
            && w.text.chars().all(char::is_alphabetic)
            && !common.has(w.text)
            && !frequent.has(w.text)
            && !is_article(w.text)
    };
    let covered = |pos: usize, out: &[Mention]| out.iter().any(|m| m.start <= pos && pos < m.end);
    let mut phrases = Vec::new();
    // Two recognised names bound by an article ("Duwayr al-Zaytun") are one name
    // the gazetteer lacks, unless it knows the whole: when the parts lie far
    // apart, neither is meant.
    let mut compound = Vec::new();
    for i in 1..out.len() {
        let (a, b) = (&out[i - 1], &out[i]);
        if b.start != a.end + 1
            || !starts_with_article(&b.text)
            || !a.text.chars().next().is_some_and(char::is_uppercase)
            || a.role != MentionRole::Location
            || b.role != MentionRole::Location
        {
            continue;
        }
        let (pa, pb) = (g.place(a.place), g.place(b.place));
        if pa.kind.is_settlement()
            && pb.kind.is_settlement()
            && haversine_km(pa.point, pb.point) > NEAR_KM
        {
            compound.push(i - 1);
            phrases.push(Phrase {
                start: a.start,
                end: b.end,
                replaces: Some(i),
            });
        }
    }
    // An unknown capitalised word bound by an article to a recognised name.
    for (i, m) in out.iter().enumerate() {
        if m.role != MentionRole::Location || !g.place(m.place).kind.is_settlement() {
            continue;
        }
        let bound = if starts_with_article(&m.text) {
            tokens::prev(text, m.start).filter(|w| m.start - w.end == 1)
        } else {
            tokens::prev(text, m.start)
                .filter(|a| is_article(a.text) && m.start - a.end <= 1)
                .and_then(|a| tokens::prev(text, a.start).filter(|w| a.start - w.end == 1))
        };
        if let Some(w) = bound.filter(|w| unknown(w) && !covered(w.start, out)) {
            phrases.push(Phrase {
                start: w.start,
                end: m.end,
                replaces: Some(i),
            });
        }
    }
    // "the village of X": X and the capitalised words bound to it.
    // One pass for the language's " of " (a memchr-style search), then a look at the
    // word before.
    let of = of_needle();
    for at in memchr::memmem::find_iter(text.as_bytes(), of.as_bytes()) {
        let cues = &super::words::lists().near_miss_cues;
        if !tokens::prev(text, at + 1).is_some_and(|w| cues.iter().any(|c| c == w.text)) {
            continue;
        }
        let after = at + of.len();
        let Some(first) = tokens::next(text, after - 1) else {
            continue;
        };
        if first.start != after || !unknown(&first) || covered(first.start, out) {
            continue;
        }
        // the name's words: capitalised, or articles between them
        let mut ends = vec![(first.end, false)];
        while ends.len() < MAX_WORDS {
            let end = ends[ends.len() - 1].0;
            let Some(w) = tokens::next(text, end) else {
                break;
            };
            if w.start - end > 1 || covered(w.start, out) {
                break;
            }
            if is_article(w.text) {
                ends.push((w.end, true));
            } else if w.is_capitalised() {
                ends.push((w.end, false));
            } else {
                break;
            }
        }
        while ends.last().is_some_and(|e| e.1) {
            ends.pop();
        }
        let end = ends.last().map_or(first.end, |e| e.0);
        phrases.push(Phrase {
            start: first.start,
            end,
            replaces: None,
        });
    }
    let mut added: Vec<(Mention, Option<usize>)> = Vec::new();
    for ph in phrases {
        let Some(text_of) = text.get(ph.start..ph.end) else {
            continue;
        };
        let Some((place, dist)) = best_match(g, lex, &anchors, &fold_name(text_of)) else {
            continue;
        };
        added.push((
            Mention {
                start: ph.start,
                end: ph.end,
                text: text_of.to_string(),
                place,
                role: MentionRole::Location,
                confidence: 0.55 - 0.1 * dist as f32,
                alternatives: Vec::new(),
                part: None,
                geometry: None,
            },
            ph.replaces,
        ));
    }
    if added.is_empty() && compound.is_empty() {
        return;
    }
    let mut drop = vec![false; out.len()];
    for &i in &compound {
        // the whole was not found either: drop both parts
        if !added.iter().any(|(_, r)| *r == Some(i + 1)) {
            drop[i] = true;
            drop[i + 1] = true;
        }
    }
    let mut fresh = Vec::new();
    for (m, replaces) in added {
        match replaces {
            Some(i) => {
                out[i] = m;
            }
            None => {
                if out.iter().any(|o| o.start < m.end && m.start < o.end) {
                    continue;
                }
                fresh.push(m);
            }
        }
    }
    // A replacement may now overlap its neighbour: keep the longer.
    for i in 1..out.len() {
        if out[i].start < out[i - 1].end {
            if out[i].end - out[i].start > out[i - 1].end - out[i - 1].start {
                drop[i - 1] = true;
            } else {
                drop[i] = true;
            }
        }
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    out.extend(fresh);
    out.sort_by_key(|m| m.start);
}

/// The settlement whose skeleton is nearest to `folded`, if close enough, unique,
/// and near the text's places; with its edit distance.
fn best_match(
    g: &Gazetteer,
    lex: &Lexicon,
    anchors: &[Point<f64>],
    folded: &str,
) -> Option<(PlaceIdx, usize)> {
    let letters = folded.bytes().filter(|b| *b != b' ').count();
    if letters < 6 || !folded.is_ascii() {
        return None;
    }
    let tolerance = if letters >= 10 { 2 } else { 1 };
    let first = *folded.as_bytes().first()?;
    let mut best: Option<(usize, PlaceIdx)> = None;
    let mut tied = false;
    let lens = folded.len().saturating_sub(tolerance)..=folded.len() + tolerance;
    let names = lens.filter_map(|l| lex.fuzzy.get(&(first, l.min(255) as u8)));
    let hist = letter_counts(folded);
    for (name, idx) in names.flatten() {
        // Each edit changes the letter counts by at most two: a cheap bound that
        // spares most edit-distance computations.
        let h = letter_counts(name);
        let l1: u32 = hist
            .iter()
            .zip(&h)
            .map(|(a, b)| a.abs_diff(*b) as u32)
            .sum();
        if l1 > 2 * tolerance as u32 {
            continue;
        }
        let d = strsim::osa_distance(name, folded);
        if d > tolerance {
            continue;
        }
        let p = g.place(*idx).point;
        if !anchors.iter().any(|a| haversine_km(*a, p) <= NEAR_KM) {
            continue;
        }
        match best {
            Some((bd, bi)) if d == bd && bi != *idx => tied = true,
            Some((bd, _)) if d >= bd => {}
            _ => {
                best = Some((d, *idx));
                tied = false;
            }
        }
    }
    match best {
        Some((d, idx)) if !tied => Some((idx, d)),
        _ => None,
    }
}

/// How often each letter a–z occurs (other bytes ignored).
fn letter_counts(s: &str) -> [u8; 26] {
    let mut h = [0u8; 26];
    for b in s.bytes() {
        if b.is_ascii_lowercase() {
            h[(b - b'a') as usize] = h[(b - b'a') as usize].saturating_add(1);
        }
    }
    h
}

/// An article of the transliteration rules, written lower case or capitalised
/// ("al", "Al"; not "AL").
fn is_article(w: &str) -> bool {
    let b = w.as_bytes();
    !b.is_empty()
        && !b[1..].iter().any(u8::is_ascii_uppercase)
        && super::fold::rules().article_spellings().any(|a| {
            let a = a.as_bytes();
            a.len() == b.len() && a[0] == b[0].to_ascii_lowercase() && a[1..] == b[1..]
        })
}

/// Whether `s` opens with an article (any case) and a space or hyphen after it.
fn starts_with_article(s: &str) -> bool {
    let l = s.as_bytes();
    super::fold::rules().article_spellings().any(|a| {
        let n = a.len();
        l.len() > n + 1 && l[..n].eq_ignore_ascii_case(a.as_bytes()) && matches!(l[n], b' ' | b'-')
    })
}

/// The language file's `of_word` between spaces, the needle of the near-miss cue search.
fn of_needle() -> &'static str {
    static NEEDLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NEEDLE.get_or_init(|| format!(" {} ", super::words::lists().of_word))
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;
    use crate::geoparse::Geoparser;
    use std::sync::Arc;

    fn parser() -> &'static Geoparser {
        static P: std::sync::OnceLock<Geoparser> = std::sync::OnceLock::new();
        P.get_or_init(|| Geoparser::new(Arc::new(Gazetteer::bundled().expect("bundled pack"))))
    }

    fn names(text: &str) -> Vec<(String, String)> {
        let p = parser();
        p.parse(text)
            .into_iter()
            .map(|m| (m.text, p.gazetteer().place(m.place).name.clone()))
            .collect()
    }

    #[test]
    fn swapped_letters_near_the_story_resolve() {
        // Muarrasat al Khan lies between Tell Rifaat and Azaz; "Maarasta" swaps two
        // letters and drops one, which folding cannot bridge.
        let got =
            names("Rebels near Azaz and Tell Rifaat lost the town of Maarasta al Khan on Monday.");
        assert!(
            got.iter()
                .any(|(t, n)| t == "Maarasta al Khan" && n == "Muarrasat al Khan"),
            "{got:?}"
        );
        // the tail alone is not a village of its own elsewhere
        assert!(!got.iter().any(|(t, _)| t == "al Khan"), "{got:?}");
    }

    #[test]
    fn an_unknown_compound_name_is_not_two_distant_villages() {
        // "Duwayr al-Zaytun" is not in the pack; "Duwayr" alone is a village near
        // Homs and "Zaytun" one west of Aleppo, 150 km apart: neither is meant.
        let got = names("Troops stormed Duwayr al-Zaytun, north of Hardatnin, at dawn.");
        assert!(
            !got.iter()
                .any(|(t, _)| t.contains("Duwayr") || t.contains("Zaytun")),
            "{got:?}"
        );
        assert!(got.iter().any(|(t, _)| t.ends_with("Hardatnin")), "{got:?}");
    }

    #[test]
    fn far_from_the_story_nothing_is_guessed() {
        // the same misspelling in a story about Daraa: no anchor within reach
        let got = names("Rebels near Daraa and Busra al-Sham lost the town of Maarasta al Khan.");
        assert!(
            !got.iter().any(|(_, n)| n == "Muarrasat al Khan"),
            "{got:?}"
        );
    }

    #[test]
    fn surnames_and_common_words_are_left_alone() {
        let got = names("In Azaz, Colonel Haitham al Khani said the village of Tomorrow was calm.");
        assert!(!got.iter().any(|(t, _)| t.contains("Haitham")), "{got:?}");
        assert!(!got.iter().any(|(t, _)| t.contains("Tomorrow")), "{got:?}");
    }
}
