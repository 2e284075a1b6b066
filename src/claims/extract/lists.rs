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
use super::words::{words, WordList};

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

pub(crate) fn punct_in(t: &Tok, set: &super::words::WordSet) -> bool {
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
            || t.is_any(&p.seat_nouns)
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
    if j == 0
        || toks[j - 1].place().is_none()
        || !toks[j].is_any(&words().patterns.list_adjunct_preps)
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

/// How many fillers may stand between a qualifier's preposition and its
/// place ("near the border with Y").
const QUALIFIER_FILLERS: usize = 3;

/// The place a locating phrase ending at the place `j` qualifies: "B in the
/// north of C" → B, when C is at `j`. `None` when the place at `j` is not
/// after a qualifier preposition that follows another place.
pub(crate) fn qualified_head(toks: &[Tok], j: usize) -> Option<usize> {
    let mut k = j;
    for _ in 0..=QUALIFIER_FILLERS {
        k = k.checked_sub(1)?;
        let t = &toks[k];
        if t.is_any(&words().patterns.qualifier_preps) {
            let head = k.checked_sub(1)?;
            return (toks[head].place().is_some() && !toks[head].is_around()).then_some(head);
        }
        if !is_filler(t) || t.actor().is_some() {
            return None;
        }
    }
    None
}

/// The list goes on after a locating phrase after a member ("A near the
/// border with C, B in the north of D, and E"): the index of the comma or
/// connector that ends it. The phrase names one place and no actor.
pub(crate) fn qualifier_end(toks: &[Tok], j: usize) -> Option<usize> {
    if j == 0 || toks[j - 1].place().is_none() || !toks[j].is_any(&words().patterns.qualifier_preps)
    {
        return None;
    }
    let place = (j + 1..toks.len().min(j + 2 + QUALIFIER_FILLERS)).find(|&k| {
        toks[k].place().is_some() || !is_filler(&toks[k]) || toks[k].actor().is_some()
    })?;
    if toks[place].place().is_none() || qualified_head(toks, place) != Some(j - 1) {
        return None;
    }
    let k = place + 1;
    let ends = toks
        .get(k)
        .is_some_and(|t| t.is_punct(",") || t.is_any(&words().patterns.connectors));
    (ends && resumes_at(toks, k)).then_some(k)
}

/// "captured several villages in the area: A, B and C": from the plural kind
/// noun at `j`, the index of the colon that opens the list of its members, or
/// of the last opener word after it ("…: they are A, B and C").
/// Words between may name a locator place ("villages in Idlib province:"),
/// never an actor.
pub(crate) fn colon_list(toks: &[Tok], j: usize) -> Option<usize> {
    for k in j + 1..toks.len().min(j + 1 + COLON_WINDOW) {
        let t = &toks[k];
        if punct_in(t, &words().patterns.list_colon) {
            let mut last = k;
            // Not `is_any`: "they" is a pronoun actor, not a plain word.
            while toks
                .get(last + 1)
                .is_some_and(|o| o.place().is_none() && words().patterns.colon_openers.has(&o.w))
            {
                last += 1;
            }
            return resumes_at(toks, last + 1).then_some(last);
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

/// How many sentences back a pronoun may find its place (this one and the
/// one before).
const PRONOUN_SENTENCES: usize = 1;

/// Whether `t` is a verb of taking or losing ("stormed", "recaptured",
/// "lost"): its object pronoun may point across a sentence.
pub(crate) fn takes_or_loses(t: &Tok) -> bool {
    t.is_any(&words().capture.take_verbs) || t.is_any(&words().capture.lose)
}

/// The place a pronoun at `i` ("It had been in rebel hands since 2013")
/// stands for: the pronoun opens a clause and a finite verb follows it, and
/// exactly one holdable place was named in this sentence before it or in
/// the one before. Two candidates are one too many: `None`.
pub(crate) fn pronoun_place(
    toks: &[Tok],
    i: usize,
    d: &super::tokens::Discourse,
    gazetteer: &crate::gazetteer::Gazetteer,
    mentions: &[crate::geoparse::Mention],
) -> Option<usize> {
    let p = &words().patterns;
    let lex = super::lexicon::en();
    if !toks[i].is_any(&p.place_pronouns) {
        return None;
    }
    // "… until it was retaken", "after it was liberated": a subordinator
    // opens a clause too.
    let opens = i == 0
        || toks[i - 1].is_punct(",")
        || toks[i - 1].is_any(&p.connectors)
        || (matches!(toks[i - 1].kind, Kind::Word)
            && (lex.clause_breaks.contains(toks[i - 1].w.as_ref())
                || lex.subordinators.contains(toks[i - 1].w.as_ref())));
    let verb_follows = toks.get(i + 1).is_some_and(|n| {
        n.is_any(&p.finite_aux)
            || n.is_any(&words().capture.fell_fallen_falls)
            || n.is_any(&p.pronoun_verbs)
    });
    // "Rebels said they still held it": the object of a verb of holding,
    // ending its clause or followed by an adjunct. (A verb of taking reads
    // "took it" within its own sentence, `verbs`: "it" after one is as often
    // a hill or a base the gazetteer does not know.)
    let object = i > 0
        && toks[i - 1].is_any(&words().held.hold_verbs)
        && toks.get(i + 1).is_none_or(|n| {
            matches!(n.kind, Kind::Punct)
                || (matches!(n.kind, Kind::Word) && lex.object_stops.contains(n.w.as_ref()))
        });
    // "Rebels stormed Y on Monday. They lost it on Tuesday.": the object of
    // a verb of taking or losing, in a sentence naming no place before it, is
    // the one place the sentence before took or lost (`Discourse::taken_object`),
    // not any place it named.
    if i > 0 && takes_or_loses(&toks[i - 1]) {
        if toks[..i].iter().any(|t| t.place().is_some()) {
            return None;
        }
        return d
            .taken_object
            .filter(|&(_, n)| n + 1 == d.sentence_no)
            .map(|(m, _)| m)
            .filter(|&m| {
                mentions
                    .get(m)
                    .is_some_and(|x| gazetteer.place(x.place).kind.is_holdable())
            });
    }
    if !(object || (opens && verb_follows)) {
        return None;
    }
    let mut found: Vec<usize> = Vec::new();
    for &(m, n) in d.recent_places.iter().rev() {
        if d.sentence_no.saturating_sub(n) > PRONOUN_SENTENCES {
            continue;
        }
        let place = mentions.get(m)?.place;
        if !gazetteer.place(place).kind.is_holdable()
            || found.iter().any(|&f| mentions[f].place == place)
        {
            continue;
        }
        found.push(m);
    }
    match found[..] {
        [m] => Some(m),
        // "X is a town in …" opened the text: "It came under rebel control in
        // 2014" sentences later, with no place named since, is X.
        [] => d.topic.filter(|&m| {
            mentions
                .get(m)
                .is_some_and(|x| gazetteer.place(x.place).kind.is_holdable())
        }),
        // "X is a town in Y province. It was captured …": of two places, the
        // one the passage introduced as what it is about.
        _ => {
            let introduced: Vec<usize> = found
                .into_iter()
                .filter(|&m| {
                    d.introduced
                        .iter()
                        .any(|&(n, _)| mentions[n].place == mentions[m].place)
                })
                .collect();
            (introduced.len() == 1).then(|| introduced[0])
        }
    }
}

/// "The villages are A, B and C", "the villages include A and B", "the
/// villages: A, B, C": the places a definite plural kind noun names as its
/// members, without a count. A vague claim earlier in the report ("Army
/// captures eight villages") stands for them when they are no more than its
/// count (`tie_vague_to_named`).
pub(crate) fn member_lists(toks: &[Tok]) -> Vec<Vec<usize>> {
    let p = &words().patterns;
    let mut out = Vec::new();
    for i in 1..toks.len().saturating_sub(2) {
        if !toks[i - 1].is(&words().word.the) || super::patterns::plural_kind(&toks[i].w).is_none()
        {
            continue;
        }
        let link = &toks[i + 1];
        if !(link.is_any(&p.member_links) || punct_in(link, &p.list_colon)) {
            continue;
        }
        let l = super::patterns::places_after(toks, i + 2);
        if l.vague.is_none() && !l.places.is_empty() {
            out.push(l.mentions(toks));
        }
    }
    out
}

/// "regained A and surrounding areas, and of the towns of B and C": the
/// list goes on past an unnamed tail after a member (`surroundings_end`)
/// when a comma or connector after the tail resumes it. The index of that
/// comma or connector.
pub(crate) fn surroundings_resume(toks: &[Tok], j: usize) -> Option<usize> {
    let tail = surroundings_end(toks, j).or_else(|| area_tail_end(toks, j))?;
    let k = tail + 1;
    let joins = toks
        .get(k)
        .is_some_and(|t| t.is_punct(",") || t.is_any(&words().patterns.connectors));
    (joins && resumes_at(toks, k)).then_some(k)
}

/// "A and surrounding areas": a connector at `j` right after a place, then
/// noun-phrase words up to an area noun (`[words.held] area_nouns`) with a
/// word before it, naming no place. The index of the area noun.
fn area_tail_end(toks: &[Tok], j: usize) -> Option<usize> {
    if j == 0 || toks[j - 1].place().is_none() || !toks.get(j)?.is_any(&words().patterns.connectors)
    {
        return None;
    }
    for (n, t) in toks.iter().enumerate().skip(j + 1).take(SURROUNDINGS_MAX) {
        if !matches!(t.kind, Kind::Word) {
            return None;
        }
        if n > j + 1 && t.is_any(&words().held.area_nouns) {
            return Some(n);
        }
        if !is_filler(t) {
            return None;
        }
    }
    None
}

/// The longest unnamed tail ("and its surrounding villages").
const SURROUNDINGS_MAX: usize = 5;

/// "A and its surrounding villages", "A and the nearby countryside": a
/// connector at `j` right after a place, then only fillers up to a plural
/// kind noun or a noun of the land around a place. The tail names no place
/// of its own; the index of its last word, so a frame can look past it for
/// what follows the list ("the liberation of A and its surrounding villages
/// by X").
pub(crate) fn surroundings_end(toks: &[Tok], j: usize) -> Option<usize> {
    if j == 0 || toks[j - 1].place().is_none() || !toks.get(j)?.is_any(&words().patterns.connectors)
    {
        return None;
    }
    let lex = super::lexicon::en();
    for (n, t) in toks.iter().enumerate().skip(j + 1).take(SURROUNDINGS_MAX) {
        if !matches!(t.kind, Kind::Word) {
            return None;
        }
        if n > j + 1
            && (super::patterns::plural_kind(&t.w).is_some()
                || lex.around_nouns.contains(t.w.as_ref()))
        {
            return Some(n);
        }
        if !is_filler(t) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{t, triples};

    fn sorted(text: &str) -> Vec<(String, String, &'static str)> {
        let mut v = triples(text);
        v.sort();
        v
    }

    #[test]
    fn a_counted_plural_names_its_members_after_including_and_a_kind_noun() {
        assert_eq!(
            sorted("The army took control of dozens of villages, including the towns of Azaz and Marea."),
            vec![t("Azaz", "government", "captured"), t("Marea", "government", "captured")]
        );
    }

    #[test]
    fn a_list_goes_on_past_an_unnamed_tail() {
        assert_eq!(
            sorted("The army took control of Azaz and surrounding areas, and of the towns of Marea and Nubl."),
            vec![
                t("Azaz", "government", "captured"),
                t("Marea", "government", "captured"),
                t("Nubl", "government", "captured")
            ]
        );
    }
}
