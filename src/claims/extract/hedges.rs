//! Hedges and negation: how much a control verb is asserted.
//!
//! Intent, conditions, attempts and denials block a claim ("failed to take",
//! "sought to capture", "would seize", "threatened to storm", "denied
//! capturing"); attribution of a doubtful kind lowers it ("claimed to have
//! taken", "reportedly seized"). An infinitive ("to capture") is an aim unless
//! success is said ("managed to capture", "were forced to withdraw").

use super::tokens::{Kind, Tok};
use super::words::{words, WordList};

/// How far back from the verb hedges are looked for when there is no subject.
const WINDOW: usize = 6;

/// Confidence factor for the verb at `verb` whose subject starts at `from`
/// (or `None`): 0 blocks, 1 leaves the claim as it is.
pub(crate) fn factor(toks: &[Tok], from: Option<usize>, verb: usize) -> f32 {
    assess(toks, from, verb).0
}

/// A verb of `[words.hedges] causatives` just before the subject starting at
/// `subject` (over its determiners): "could see [the army] capture".
fn causative_before(toks: &[Tok], subject: usize) -> Option<usize> {
    (subject.saturating_sub(3)..subject)
        .rev()
        .take_while(|&k| matches!(toks[k].kind, Kind::Word))
        .find(|&k| toks[k].is_any(&words().hedges.causatives))
}

/// The order word that makes the leaving at `verb` an event told as done: one of
/// `orders` within [`ORDER_REACH`] words (no punctuation) before the infinitive's
/// "to" ("ordered its troops to withdraw"), or before the noun of leaving with its
/// determiner ("ordered the withdrawal of troops from Y").
fn ordered_leaving(toks: &[Tok], verb: usize) -> Option<usize> {
    let h = &words().hedges;
    if !toks[verb].is_any(&h.ordered_leaving) {
        return None;
    }
    let to = verb
        .checked_sub(1)
        .filter(|&k| toks[k].is(&words().word.to));
    let reach = if to.is_some() { ORDER_REACH } else { 2 };
    let end = to.unwrap_or(verb);
    (end.saturating_sub(reach)..end)
        .rev()
        .take_while(|&k| matches!(toks[k].kind, Kind::Word | Kind::Actor { .. }))
        .find(|&k| toks[k].is_any(&h.orders))
}

/// How many words a result clause's subject may take ("only for [the Syrian army] to").
const RESULT_SUBJECT_WORDS: usize = 5;

/// The subject of a result clause whose infinitive is at `verb`: "X took Y, only for
/// [Z] to retake it" (`result_openers`, `result_links`, a side, "to"). What followed, not
/// an aim, and Z is the infinitive's subject, not the main clause's.
pub(crate) fn result_subject(toks: &[Tok], verb: usize) -> Option<usize> {
    let h = &words().hedges;
    if verb < 4 || !toks[verb - 1].is(&words().word.to) {
        return None;
    }
    let link = (verb.saturating_sub(2 + RESULT_SUBJECT_WORDS)..verb - 1)
        .rev()
        .take_while(|&k| matches!(toks[k].kind, Kind::Word | Kind::Actor { .. }))
        .find(|&k| toks[k].is(&h.result_links))?;
    if link == 0 || !toks[link - 1].is(&h.result_openers) {
        return None;
    }
    (link + 1..verb - 1).find(|&k| super::patterns::names_side(&toks[k]))
}

/// How many words may stand between an order word and the "to" of its infinitive
/// ("ordered the remaining troops to withdraw").
const ORDER_REACH: usize = 5;

/// [`factor`], with the token that decided it (the blocking or lowering
/// cue), for `frontline extract --explain`.
/// The denial governing a reported clause whose subject is at `f`: "reports
/// that" (`deny_objects`, `deny_complements`) right before it and a `deny`
/// word up to four words before the noun ("dismissed as false reports that").
fn denied_report_before(toks: &[Tok], f: usize) -> Option<usize> {
    let hedges = &words().hedges;
    if f < 2 || !toks[f - 1].is(&hedges.deny_complements) || !toks[f - 2].is(&hedges.deny_objects) {
        return None;
    }
    let noun = f - 2;
    (noun.saturating_sub(4)..noun).find(|&k| toks[k].is_any(&hedges.deny))
}

pub(crate) fn assess(toks: &[Tok], from: Option<usize>, verb: usize) -> (f32, Option<usize>) {
    let mut lo = from.map_or(verb.saturating_sub(WINDOW), |f| {
        f.min(verb).max(verb.saturating_sub(20))
    });
    // "The offensive could see the army capture Y": the subject is the
    // object of a verb of seeing or causing, so what governs that verb (a
    // modal, an aim) governs the claim's verb too.
    if let Some(c) = from.and_then(|f| causative_before(toks, f.min(verb))) {
        lo = c.saturating_sub(WINDOW);
    }
    let mut f = 1.0f32;
    let mut cue = None;
    if let Some(q) = question(toks) {
        return (0.0, Some(q));
    }
    // An order or decision to leave is the leaving ("ordered its troops to
    // withdraw from Y", "ordered the withdrawal of troops from Y").
    let order = ordered_leaving(toks, verb);
    // An infinitive is an aim ("fought to drive IS out of …").
    if verb > 0 && toks[verb - 1].is(&words().word.to) {
        let success = verb >= 2
            && (toks[verb - 2].is(&words().hedges.success)
                || toks[verb - 2].is(&words().hedges.goes_on)
                || result_subject(toks, verb).is_some());
        if !success && order.is_none() {
            return (0.0, Some(verb - 1));
        }
    }
    // "with the aim of besieging": a gerund after an intent noun.
    if verb >= 2
        && toks[verb - 1].is(&words().word.of)
        && toks[verb - 2].is_any(&words().hedges.aim_goal_purpose)
    {
        return (0.0, Some(verb - 2));
    }
    // "taking Y was a priority": a gerund that is the subject of "be" and an
    // aim noun names a goal, not an event.
    if gerund(&toks[verb]) {
        if let Some(k) = gerund_aim_after(toks, verb) {
            return (0.0, Some(k));
        }
    }
    // "Rebels denied that troops had seized Y": a denial governs the clause.
    if let Some(f) = from {
        let before = f.saturating_sub(4);
        if let Some(k) = (before..f.min(verb)).find(|&k| toks[k].is_any(&words().hedges.deny)) {
            return (0.0, Some(k));
        }
        // "dismissed as false reports that troops had seized Y": the denial's
        // object noun and its "that" right before the subject.
        if let Some(k) = denied_report_before(toks, f.min(verb)) {
            return (0.0, Some(k));
        }
    }
    for (k, t) in toks.iter().enumerate().take(verb).skip(lo) {
        // "before the war", "until the end of 2015": a time phrase, not a clause
        // that the claim's event has yet to happen in.
        if t.is_any(&words().hedges.before_until) && time_phrase(toks, k + 1) {
            continue;
        }
        // "seized A before taking B": "before" with the claim's own verb as
        // its gerund tells the order of two events, both of which happened.
        if k + 1 == verb && t.is_any(&words().hedges.before_until) && gerund(&toks[verb]) {
            continue;
        }
        // "IS had held Y until it was retaken by the army": a past passive
        // after "until"/"before" tells an event that happened.
        if t.is_any(&words().hedges.before_until)
            && verb >= k + 2
            && toks[verb - 1].is_any(&words().capture.was_were_been)
        {
            continue;
        }
        // "until May": the month of a time phrase, no modal.
        let timed = k > 0
            && toks[k - 1].is_any(&words().hedges.before_until)
            && t.is_any(&words().hedges.time_adverbs);
        // "controls almost all of Y": the adverb sizes the share, not the verb.
        let sizes_share = t.is_any(&words().hedges.approximators)
            && toks.get(k + 1).is_some_and(|n| {
                n.is_any(&words().areas.whole)
                    || super::lexicon::en().majority_shares.contains(n.w.as_ref())
            });
        if t.is_any(&words().hedges.block)
            && !month_like(toks, k)
            && !timed
            && !sizes_share
            && order != Some(k)
        {
            return (0.0, Some(k));
        }
        if t.is_any(&words().hedges.lower) {
            f *= 0.5;
            cue = Some(k);
        }
    }
    // "…, a claim the army rejected", "but rebels denied it": a denial after
    // the claim that points back at it disputes the claim without blocking it.
    if let Some(k) = denial_after(toks, verb) {
        f *= 0.5;
        cue = Some(k);
    }
    // A sentence opening with a condition asserts nothing.
    if toks
        .first()
        .is_some_and(|t| t.is_any(&words().hedges.if_unless_should))
    {
        return (0.0, Some(0));
    }
    (f, cue)
}

/// A denial word after `verb` whose object is the claim itself: it ends its
/// clause, or only a determiner and a `deny_objects` word follow it. A denial
/// with a clause of its own ("denied that it had shelled Y", "dismissed a
/// truce offer") is about something else.
fn denial_after(toks: &[Tok], verb: usize) -> Option<usize> {
    let hedges = &words().hedges;
    let clause_end = |k: usize| toks.get(k).is_none_or(|t| matches!(t.kind, Kind::Punct));
    (verb + 1..toks.len()).find(|&k| {
        if !toks[k].is_any(&hedges.deny) {
            return false;
        }
        let mut next = k + 1;
        if toks.get(next).is_some_and(|t| t.is_any(&hedges.the_a_an)) {
            next += 1;
        }
        if toks
            .get(next)
            .is_some_and(|t| t.is_any(&hedges.deny_objects))
        {
            next += 1;
        }
        clause_end(next)
    })
}

/// Whether the hedge word at `k` is written as a name in a date ("in May
/// 2015", "on 12 May", "last May"): capitalised inside the sentence, next to
/// a number or after a preposition of time or `last_words`. The month is no
/// modal.
fn month_like(toks: &[Tok], k: usize) -> bool {
    let number = |t: Option<&Tok>| t.is_some_and(Tok::is_number);
    k > 0
        && toks[k].upper
        && (number(toks.get(k + 1))
            || number(toks.get(k - 1))
            || toks[k - 1].is(&words().hedges.year_preps)
            // "which IS seized last May".
            || toks[k - 1].is_any(&words().hedges.last_words))
}

/// Whether a time phrase starts at `k`: a year ("2015"), or a determiner
/// and a time noun or a year ("the war", "last year", "the end of 2015").
pub(crate) fn time_phrase(toks: &[Tok], k: usize) -> bool {
    toks.get(k).is_some_and(|n| {
        n.is_year()
            || n.is_any(&words().hedges.time_adverbs)
            || (n.is_any(&words().hedges.the_a_an)
                && toks
                    .get(k + 1)
                    .is_some_and(|m| m.is_any(&words().hedges.time_nouns) || m.is_year()))
    })
}

/// How far before "had" a verb of saying may stand for the past perfect to
/// be its reported speech ("rebels said on Tuesday they had taken Y").
const REPORTED_SPAN: usize = 6;

/// Whether the "had" at `had` is reported speech: a verb of saying
/// (`attribution_verbs`) stands before it in its segment. "The army said it
/// had recaptured Y" backshifts "we have recaptured Y": the news itself, not
/// an event before the report's others.
pub(crate) fn reported_speech(toks: &[Tok], had: usize) -> bool {
    let lex = super::lexicon::en();
    (had.saturating_sub(REPORTED_SPAN)..had)
        .rev()
        .take_while(|&k| !toks[k].is_punct(",") && !lex.is_clause_break(&toks[k]))
        .any(|k| {
            matches!(toks[k].kind, Kind::Word) && lex.attribution_verbs.contains(toks[k].w.as_ref())
        })
}

/// How far after a gerund its "be" may stand ("taking the town of Y and
/// its airport was …").
const GERUND_SUBJECT_SPAN: usize = 10;

/// The aim noun after "be" when the gerund at `verb` is that verb's subject
/// ("taking Y was a priority"): the first form of "be" within the span, not
/// across a comma, followed within three words by one of `gerund_aims`.
fn gerund_aim_after(toks: &[Tok], verb: usize) -> Option<usize> {
    let lex = super::lexicon::en();
    let be = toks
        .iter()
        .enumerate()
        .skip(verb + 1)
        .take(GERUND_SUBJECT_SPAN)
        .take_while(|(_, t)| !t.is_punct(",") && !t.is_punct(";"))
        .find(|(_, t)| lex.be_forms.contains(t.w.as_ref()))?
        .0;
    (be + 1..toks.len().min(be + 4)).find(|&k| toks[k].is_any(&words().hedges.gerund_aims))
}

/// Whether `t` is the gerund of a verb of the lexicon ("taking",
/// "capturing"), by the language file's inflection rules.
fn gerund(t: &Tok) -> bool {
    super::lexicon::en()
        .verb_forms
        .get(t.w.as_ref())
        .is_some_and(|(_, f)| *f == super::lexicon::VerbForm::Ing)
}

/// The question mark ending the sentence, if it asks ("Will the army retake
/// Y?"): a question asserts nothing.
fn question(toks: &[Tok]) -> Option<usize> {
    let last = toks.len().checked_sub(1)?;
    (matches!(toks[last].kind, super::tokens::Kind::Punct)
        && words().hedges.question_marks.has(&toks[last].w))
    .then_some(last)
}

/// Whether the whole sentence is a denial or a conditional ("HTS denied
/// this", "if they are able to") — used for claims without a verb.
pub(crate) fn sentence_factor(toks: &[Tok]) -> f32 {
    if question(toks).is_some() {
        return 0.0;
    }
    if toks
        .first()
        .is_some_and(|t| t.is_any(&words().hedges.if_unless))
    {
        return 0.0;
    }
    1.0
}

/// "Troops stormed Y but were driven back", "… but failed to hold it": the
/// attack the verb at `v` tells failed, in a clause after it that names no
/// subject of its own (a side named before the failure makes it another's:
/// "rebels took Y after an army attack was repelled").
pub(crate) fn failed_after(toks: &[Tok], v: usize) -> bool {
    for k in v + 1..toks.len() {
        let t = &toks[k];
        if t.actor().is_some() {
            return false;
        }
        if failure_at(toks, k) {
            return true;
        }
    }
    false
}

/// Whether the word at `k` says an attack failed: "repelled", "failed", or
/// "back" after "driven"/"pushed".
pub(crate) fn failure_at(toks: &[Tok], k: usize) -> bool {
    toks[k].is_any(&words().capture.repelled)
        || (toks[k].is(&words().word.back)
            && k > 0
            && toks[k - 1].is_any(&words().capture.driven_beaten_pushed))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{claims, t, triples};

    #[test]
    fn a_result_clause_has_a_subject_of_its_own() {
        // (a sentence, whether the army's capture of Marea is among its claims)
        let table = [
            (
                "Rebels captured Marea, only for the army to recapture it a day later.",
                true,
            ),
            (
                "Rebels captured Marea, only for government troops to retake the town.",
                true,
            ),
            // No later capture: the result clause is no event of taking.
            (
                "Rebels captured Marea, only for the army to shell it a day later.",
                false,
            ),
            // An aim stays an aim.
            ("The army tried to recapture Marea on Monday.", false),
            (
                "The army sought to retake Marea, only for rebels to repel it.",
                false,
            ),
        ];
        for (text, army) in table {
            let got = triples(text);
            assert_eq!(
                got.contains(&t("Marea", "government", "captured")),
                army,
                "{text}: {got:?}"
            );
        }
    }

    /// The confidence of the one claim `text` gives.
    fn confidence(text: &str) -> f32 {
        // (the contest a denial adds beside the claim is `disputed`'s)
        let found: Vec<_> = claims(text)
            .into_iter()
            .filter(|c| c.relation != crate::claims::Relation::Contested)
            .collect();
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found[0].confidence
    }

    #[test]
    fn a_denial_pointing_back_at_the_claim_lowers_it() {
        // (a claim with a clause after it, whether that clause disputes the claim)
        let table = [
            ("Rebels captured Azaz, a claim the army rejected.", true),
            ("Rebels captured Azaz, but the army denied the claim.", true),
            ("Rebels captured Azaz, which the army denied.", true),
            ("Rebels captured Azaz; the army disputed the reports.", true),
            (
                "Rebels captured Azaz and denied that they had shelled civilians.",
                false,
            ),
            (
                "Rebels captured Azaz after the army dismissed a truce offer.",
                false,
            ),
            ("Rebels captured Azaz and denied losing fighters.", false),
        ];
        let plain = confidence("Rebels captured Azaz.");
        for (text, disputed) in table {
            let lowered = confidence(text) < plain;
            assert_eq!(lowered, disputed, "{text}");
        }
    }

    #[test]
    fn a_denial_of_reports_blocks_the_clause_they_report() {
        use super::super::testkit::triples;
        assert!(
            triples("The army dismissed as false reports that rebels had seized Marea.").is_empty()
        );
        assert!(!triples("Activists confirmed reports that rebels had seized Marea.").is_empty());
    }
}
