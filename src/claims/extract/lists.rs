//! Where a place list goes on past something that is not a place: a short
//! adjunct after a member ("A in April, and the city of B"), a colon after a
//! plural kind noun ("several villages in the area: A, B and C") and a
//! parenthetical after a member ("A (the last … in the province) and B").
//!
//! `patterns::places_after` asks these before it would end a list; each
//! answers where the list resumes, or `None` (the list ends there, as before).
//! The words come from `[words.patterns]` of the language file.

use super::patterns::is_filler;
use super::tokens::{Kind, Tok};
use super::words::words;

/// How far a list may resume after its comma, connector or colon: the
/// place must come within this many fillers.
const RESUME_WINDOW: usize = 8;
/// The longest adjunct skipped ("on the night of 25 April").
const ADJUNCT_MAX: usize = 6;
/// The longest parenthetical skipped.
const PAREN_MAX: usize = 24;
/// How far after a plural kind noun its colon may stand ("villages in the
/// north of the province:").
const COLON_WINDOW: usize = 8;

fn punct_in(t: &Tok, set: &super::words::WordSet) -> bool {
    matches!(t.kind, Kind::Punct) && set.contains(t.w.as_ref())
}

/// Whether a place list resumes at `k`: commas, connectors, adverbs and
/// fillers, then a place that is not itself the subject of a new clause
/// ("…, and B was retaken by": B is not the list's).
fn resumes_at(toks: &[Tok], k: usize) -> bool {
    let lex = super::lexicon::en();
    let p = &words().patterns;
    for (n, t) in toks.iter().enumerate().skip(k).take(RESUME_WINDOW) {
        if t.place().is_some() {
            return !t.is_around()
                && !toks.get(n + 1).is_some_and(|x| {
                    x.is_any(&p.finite_aux) || x.is_any(&words().capture.fell_fallen_falls)
                });
        }
        let joins = t.is_punct(",")
            || t.is_any(&p.connectors)
            || (matches!(t.kind, Kind::Word) && lex.adverbs.contains(t.w.as_ref()))
            || (is_filler(t) && t.actor().is_none());
        if !joins {
            return false;
        }
    }
    false
}

/// The list goes on after a short adjunct opened by the preposition at `j`
/// right after a member ("seized A in April, and the city of B in March";
/// "including A in the north and the central city of B"): the index of the
/// comma or connector that ends it. The adjunct names no place and no actor.
pub(crate) fn adjunct_end(toks: &[Tok], j: usize) -> Option<usize> {
    if j == 0 || toks[j - 1].place().is_none() || !toks[j].is_any(&words().patterns.list_adjunct_preps)
    {
        return None;
    }
    for k in j + 1..toks.len().min(j + 1 + ADJUNCT_MAX) {
        let t = &toks[k];
        if t.place().is_some() || t.actor().is_some() {
            return None;
        }
        if t.is_punct(",") || t.is_any(&words().patterns.connectors) {
            return (k > j + 1 && resumes_at(toks, k)).then_some(k);
        }
        if matches!(t.kind, Kind::Punct) && t.w != "'" {
            return None;
        }
    }
    None
}

/// "captured several villages in the area: A, B and C": from the plural kind
/// noun at `j`, the index of the colon that opens the list of its members.
/// Words between may name a locator place ("villages in Idlib province:"),
/// never an actor.
pub(crate) fn colon_list(toks: &[Tok], j: usize) -> Option<usize> {
    for k in j + 1..toks.len().min(j + 1 + COLON_WINDOW) {
        let t = &toks[k];
        if punct_in(t, &words().patterns.list_colon) {
            return resumes_at(toks, k + 1).then_some(k);
        }
        if t.actor().is_some() || matches!(t.kind, Kind::Punct) {
            return None;
        }
    }
    None
}

/// A parenthetical opened at `j` right after a member ("A (the last
/// regime-held town in the province) and B", "A - the provincial capital -
/// and B"): the index of its closing mark, when the list resumes after it.
/// Places inside it are not the list's.
pub(crate) fn parenthetical_end(toks: &[Tok], j: usize) -> Option<usize> {
    let p = &words().patterns;
    if j == 0 || toks[j - 1].place().is_none() || !matches!(toks[j].kind, Kind::Punct) {
        return None;
    }
    let open = p.paren_open.iter().position(|o| o == toks[j].w.as_ref())?;
    let close = p.paren_close.iter().nth(open)?;
    let end = toks
        .iter()
        .enumerate()
        .skip(j + 1)
        .take(PAREN_MAX)
        .find(|(_, t)| matches!(t.kind, Kind::Punct) && t.w.as_ref() == close)
        .map(|(k, _)| k)?;
    (end > j + 1 && resumes_at(toks, end + 1)).then_some(end)
}
