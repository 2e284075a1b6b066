//! Background told beside the news: a claim the report dates before its own
//! time ("Y had been under X control since 2016, when X took it from Z",
//! "In 2015, X captured Y", "X seized Y from Z in 2014") is marked
//! `earlier`, so a change of hands the report tells as news about the same
//! place supersedes it (`supersede` in the module above), wherever it stands
//! in the text. Alone, such a claim still stands.
//!
//! The unit is a comma segment of a clause. A segment is background when it
//! names a year before the report's after one of `[words.hedges] year_preps`
//! ("since 2016", "in March 2015") or is told in the past perfect ("had been
//! under", "had held"; not in reported speech: "said it had taken" is news).
//! So is a segment that a `when` word opens right after a background one
//! ("since 2016, when …"), and one after a time phrase that opens its clause
//! ("In 2015, …"). A claim is marked only when every token
//! of its place in the sentence stands in background: where the sentence
//! names the place in its news too, the claim may be that news.

use super::lexicon::{self, VerbForm};
use super::tokens::{Kind, Tok};
use super::words::words;
use super::Cx;
use crate::claims::Claim;
use chrono::Datelike;

/// How many words before a year its preposition may stand ("in early
/// March 2015").
const YEAR_PREP_SPAN: usize = 3;
/// The longest clause-opening time phrase read as one ("On 2 March 2015,").
const TIME_OPENER_LEN: usize = 5;
/// Years further back than this are no date of the war being reported.
const YEARS_BACK: i32 = 100;

/// Marks `earlier` on each of `claims` (one sentence's) whose place the
/// sentence names in background only.
pub(crate) fn mark(cx: &Cx, toks: &[Tok], claims: &mut [Claim]) {
    let Some(year) = cx.report.date.map(|d| d.year()) else {
        return;
    };
    // Most sentences name no year and no past perfect: nothing to read.
    if !toks
        .iter()
        .enumerate()
        .any(|(k, t)| past_year_at(toks, k, year) || t.is(&words().word.had))
    {
        return;
    }
    // Two sides' claims on one place tell a sequence ("Y was captured by A
    // in 2014 and retaken by B in 2016"): which of them the year dates is
    // for the families to say, not for the place's segment.
    let two_sides = |id: &str, faction: &str| {
        claims
            .iter()
            .any(|d| d.place_id.as_deref() == Some(id) && d.faction != faction)
    };
    let marked: Vec<bool> = claims
        .iter()
        .map(|c| {
            c.place_id.as_deref().is_some_and(|id| {
                !c.earlier
                    && c.vague.is_none()
                    && !c.around
                    && !two_sides(id, &c.faction)
                    && told_in_background(cx, toks, id, year)
            })
        })
        .collect();
    // A claim told as background is dated when the sentence dates it within one
    // year ("IS seized Y in May 2015": 2015-05-01; "since 2016": 2016-01-01), so that
    // a place's history across reports puts it before what a report of 2016 said
    // about the same place, not at this report's date. A sentence spanning years
    // ("took Y in 2014 and lost it in 2016") keeps the report's date.
    let stated = marked
        .iter()
        .any(|&m| m)
        .then(|| {
            claims
                .first()
                .and_then(|c| lexicon::en().stated_span(&c.quote))
        })
        .flatten();
    let report_month = year * 12 + cx.report.date.map_or(0, |d| d.month0() as i32);
    let dated = stated
        .filter(|&(lo, hi)| lo.div_euclid(12) == hi.div_euclid(12) && hi < report_month)
        .and_then(|(lo, _)| {
            chrono::NaiveDate::from_ymd_opt(lo.div_euclid(12), lo.rem_euclid(12) as u32 + 1, 1)
        });
    for (c, m) in claims.iter_mut().zip(marked) {
        c.earlier |= m;
        if m && dated.is_some() {
            c.date = dated;
        }
    }
}

/// Whether the participle at `v` opens an apposition after a comma that
/// tells what came before the news: one the report dates before its own
/// time ("Y, taken by A from B in 2015, fell to C": A's capture is told
/// beside the news, though two sides' claims on Y keep [`mark`] from dating
/// the place's segment), or one a comma closes before the clause goes on to
/// its own verb ("Y, captured by A on 6 February, was retaken by B on 27
/// February": the apposition describes Y as the news finds it). Alone, the
/// apposition's claim still stands.
pub(crate) fn dated_apposition(cx: &Cx, toks: &[Tok], v: usize) -> bool {
    if v == 0 || !toks[v - 1].is_punct(",") {
        return false;
    }
    let (start, end) = segment(toks, v);
    let closed = toks.get(end).is_some_and(|t| t.is_punct(","))
        && end + 1 < lexicon::en().clause_bounds(toks, v).1;
    closed
        || cx
            .report
            .date
            .map(|d| d.year())
            .is_some_and(|year| (start..end).any(|k| past_year_at(toks, k, year)))
}

/// Whether the sentence names place `id` and every token of it stands in
/// background.
fn told_in_background(cx: &Cx, toks: &[Tok], id: &str, year: i32) -> bool {
    let mut named = false;
    for (t, tok) in toks.iter().enumerate() {
        let Some(m) = tok.place() else {
            continue;
        };
        if cx.gazetteer.place(cx.mentions[m].place).id != id {
            continue;
        }
        named = true;
        if !in_background(toks, t, year) {
            return false;
        }
    }
    named
}

/// The comma segment of its clause holding token `t`: first token and one
/// past the last.
fn segment(toks: &[Tok], t: usize) -> (usize, usize) {
    let (clause_start, clause_end) = lexicon::en().clause_bounds(toks, t);
    let start = (clause_start..t)
        .rev()
        .find(|&k| toks[k].is_punct(","))
        .map_or(clause_start, |k| k + 1);
    let end = (t + 1..clause_end)
        .find(|&k| toks[k].is_punct(","))
        .unwrap_or(clause_end);
    (start, end)
}

fn in_background(toks: &[Tok], t: usize, year: i32) -> bool {
    let (start, end) = segment(toks, t);
    if dates_place(toks, t, start, end, year) {
        return true;
    }
    // The segment before, across the comma that opens this one.
    if start < 2 || !toks[start - 1].is_punct(",") {
        return false;
    }
    let (before_start, before_end) = segment(toks, start - 2);
    let opens_when = toks[start].is(&words().hedges.when);
    let clause_start = lexicon::en().clause_bounds(toks, start - 2).0;
    let time_opener = before_start == clause_start
        && before_end - before_start <= TIME_OPENER_LEN
        && toks[before_start].is(&words().hedges.year_preps)
        && (before_start..before_end).any(|k| past_year_at(toks, k, year));
    time_opener || (opens_when && dated_or_pluperfect(toks, before_start, before_end, year))
}

fn dated_or_pluperfect(toks: &[Tok], start: usize, end: usize, year: i32) -> bool {
    (start..end).any(|k| past_year_at(toks, k, year) || pluperfect_at(toks, k, end).is_some())
}

/// Whether a year or a past perfect in the segment of `t` dates the place
/// at `t`: after the place, unless a word opening a clause of its own
/// (`[words.hedges] own_clause`: a relative pronoun, "after") or a gerund
/// stands between ("Y, which had been held by …", "captured Y after losing
/// it in 2012" date a clause of their own); before it, unless another verb in the
/// past stands between ("forces that had been stationed there withdrew to Y").
fn dates_place(toks: &[Tok], t: usize, start: usize, end: usize, year: i32) -> bool {
    let lex = lexicon::en();
    let form = |k: usize| lex.verb_forms.get(toks[k].w.as_ref()).map(|(_, f)| *f);
    // "Y has been held by X since 2017": a state told in the present perfect
    // from a year on is the state now, not background.
    let perfect = (start..end).any(|j| toks[j].is_any(&words().hedges.perfect_aux));
    let since =
        |k: usize| (k.saturating_sub(YEAR_PREP_SPAN)..k).any(|j| toks[j].is(&words().word.since));
    (start..end).any(|k| {
        let marker_end = if past_year_at(toks, k, year) {
            if perfect && since(k) {
                return false;
            }
            k + 1
        } else if let Some(e) = pluperfect_at(toks, k, end) {
            e
        } else {
            return false;
        };
        if k > t {
            !(t + 1..k).any(|j| {
                toks[j].is_any(&words().hedges.own_clause) || form(j) == Some(VerbForm::Ing)
            })
        } else {
            !(marker_end..t).any(|j| {
                form(j) == Some(VerbForm::Past) || toks[j].is_any(&words().capture.take_verbs)
            })
        }
    })
}

/// A year before `year` at `k`, with a preposition of time just before it.
pub(super) fn past_year_at(toks: &[Tok], k: usize, year: i32) -> bool {
    let t = &toks[k];
    if !matches!(t.kind, Kind::Word) || !t.is_year() {
        return false;
    }
    let Ok(y) = t.w.parse::<i32>() else {
        return false;
    };
    y < year
        && y > year - YEARS_BACK
        && (k.saturating_sub(YEAR_PREP_SPAN)..k).any(|j| toks[j].is(&words().hedges.year_preps))
}

/// "had" then, past adverbs, "been" or a participle of control ("had been
/// under", "had held", "had fallen") at `k`: one past the participle.
pub(crate) fn pluperfect_at(toks: &[Tok], k: usize, end: usize) -> Option<usize> {
    if !toks[k].is(&words().word.had)
        || super::hedges::reported_speech(toks, k)
        || opens_with_state_time(toks)
    {
        return None;
    }
    let mut j = k + 1;
    while j < end && toks[j].is_any(&words().capture.passive_adverbs) {
        j += 1;
    }
    let next = toks.get(j).filter(|_| j < end)?;
    let participle = next.is(&words().word.been)
        || next.is_any(&words().held.hold_verbs)
        || next.is_any(&words().capture.take_verbs)
        || lexicon::en()
            .verb_forms
            .get(next.w.as_ref())
            .is_some_and(|(_, f)| *f == VerbForm::Past);
    participle.then_some(j + 1)
}

/// Whether token `i` stands in a relative clause set off by a comma and told
/// in the past perfect: "Rebels now control Y, which had been in government
/// hands since 2014" (the hold it tells is the state before the news, though
/// the place itself is named in the news).
pub(crate) fn in_pluperfect_relative(toks: &[Tok], i: usize) -> bool {
    let (start, end) = segment(toks, i);
    start >= 1
        && toks[start - 1].is_punct(",")
        && toks[start].is_any(&words().capture.which_that)
        && (start..i).any(|k| pluperfect_at(toks, k, end).is_some())
}

/// "By mid-April government forces had recaptured Y": a sentence opening with
/// the time its state holds at (`state_openers`, not before a gerund: "By
/// capturing Y") tells its past perfect as done by then, the news of the
/// passage, not background.
pub(crate) fn opens_with_state_time(toks: &[Tok]) -> bool {
    let lex = lexicon::en();
    toks.first()
        .is_some_and(|t| lex.state_openers.contains(t.w.as_ref()))
        && toks.get(1).is_some_and(|t| {
            matches!(t.kind, Kind::Word)
                && lex.verb_forms.get(t.w.as_ref()).map(|(_, f)| *f) != Some(VerbForm::Ing)
        })
}
