//! Changes of hands: "X captured / took / seized / retook / recaptured /
//! stormed / entered / liberated Y", "X took control of Y", "Y was captured by
//! X", "among the towns captured by X were Y and Z", "Y fell to X", "X lost Y
//! (to Z)", "X withdrew from Y" (and "withdrew to Y": X holds Y), "X was
//! driven out of Y", "X drove Z out of Y", "Y, which X seized", "the capture
//! of Y by X", "the fall of Y to X", "X handed over / ceded / surrendered Y
//! (to Z)", "Y was handed over to X", "Y returned to X control"; and "X
//! pushed into Y" (fighting inside Y: contested).
//!
//! A passive with no agent ("the city was fully recaptured on Tuesday", "the
//! town fell overnight") borrows the side of the offensive stated just before
//! ("the YPG began to retake the city"), with less confidence; without such an
//! offensive it is no claim.

use super::lexicon::{self, VerbForm};
use super::patterns::{
    control_noun_after, faction_at, first_actor_in, heading_mark, is_filler, names_side,
    places_after, places_before, side_heading, subject_before, word_at, PlaceList,
};
use super::tokens::Tok;
use super::words::words;
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};
use crate::fasthash::HashSet;
use crate::gazetteer::PlaceKind;
use chrono::Datelike;
use std::sync::OnceLock;

/// A verb whose direct object is the place taken (`[words.capture]
/// take_verbs`), with its base confidence.
fn take_verb(t: &Tok) -> Option<f32> {
    let verbs = &words().capture.take_verbs;
    if t.is(verbs) {
        verbs.weight(&t.w)
    } else {
        None
    }
}

pub(crate) fn run(cx: &Cx, toks: &[Tok], out: &mut Vec<Claim>) {
    let keys = keywords();
    let year = cx.report.date.map(|d| d.year());
    // The claims told in a dated aside ("…, which the army captured last
    // month") and when it happened beside the news.
    let mut asides = Vec::new();
    for i in 0..toks.len() {
        let t = &toks[i];
        // One set lookup rules out the words no branch below reads.
        if !matches!(t.kind, super::tokens::Kind::Word) || !keys.run.contains(t.w.as_ref()) {
            continue;
        }
        let before = out.len();
        verb(cx, toks, i, out);
        if out.len() > before && pluperfect(toks, i) {
            for c in &mut out[before..] {
                c.earlier = true;
            }
        } else if out.len() > before
            && (super::patterns::first_conjunct(toks, i) != i
                || (pronoun_object(toks, i).is_some() && aside_opener(toks, i).is_none()))
        {
            // "Y was captured by rebels in 2012 and recaptured by the army in
            // 2020": the first conjunct's change of hands came first. So did
            // the one a later clause tells again through a pronoun ("rebels
            // took Y in January, but the army recaptured it in March").
            // A hold of the first conjunct ("occupied by X in March and
            // liberated in September") was the state before as well.
            let conjoined = super::patterns::first_conjunct(toks, i) != i;
            let (told, new) = out.split_at_mut(before);
            for c in told.iter_mut() {
                if c.place_id.is_some()
                    && (matches!(c.relation, Relation::Captured | Relation::Lost)
                        || (conjoined && c.relation == Relation::Holds))
                    // Another side's change of hands, or the same side's
                    // opposite one ("retook Y, but lost it again to rebels").
                    && new.iter().any(|n| {
                        n.place_id == c.place_id
                            && (n.faction != c.faction || n.relation != c.relation)
                    })
                {
                    c.earlier = true;
                }
            }
        }
        if let Some(when) = year
            .filter(|_| out.len() > before)
            .and_then(|y| told_aside(toks, i, y))
        {
            asides.extend((before..out.len()).map(|k| (k, when)));
        }
    }
    order_asides(out, &asides);
}

/// "Rebels say they have retaken Y, which the army captured last month": a
/// change of hands told in a dated aside came before another side's change
/// of hands the sentence tells of the same place, so it is marked `earlier`
/// and the news supersedes it; an aside dated after ("…, which the army
/// retook a day later") makes the news the earlier one. Alone, an aside's
/// claim still stands.
fn order_asides(out: &mut [Claim], asides: &[(usize, Aside)]) {
    let in_aside = |k: usize| asides.iter().any(|&(a, _)| a == k);
    let mut marked = Vec::new();
    for &(a, when) in asides {
        let c = &out[a];
        if c.place_id.is_none() || !matches!(c.relation, Relation::Captured | Relation::Lost) {
            continue;
        }
        let news: Vec<usize> = (0..out.len())
            .filter(|&k| {
                let n = &out[k];
                !in_aside(k)
                    && n.place_id == c.place_id
                    && super::implied_holder(n).is_some()
                    && super::implied_holder(n) != super::implied_holder(c)
            })
            .collect();
        match when {
            Aside::Before if !news.is_empty() => marked.push(a),
            Aside::After => marked.extend(news),
            Aside::Before => {}
        }
    }
    for k in marked {
        out[k].earlier = true;
    }
}

/// The word of `[words.hedges] aside_openers` opening the clause of the verb
/// at `v`, with no comma and no other verb between.
fn aside_opener(toks: &[Tok], v: usize) -> Option<usize> {
    let lex = lexicon::en();
    let clause_start = lex.clause_bounds(toks, v).0;
    let is_verb = |k: usize| {
        toks[k].is_any(&words().capture.take_verbs)
            || lex
                .verb_forms
                .get(toks[k].w.as_ref())
                .is_some_and(|(_, f)| *f == VerbForm::Past)
    };
    (clause_start..v)
        .rev()
        .take_while(|&k| !toks[k].is_punct(",") && !is_verb(k))
        .find(|&k| toks[k].is_any(&words().hedges.aside_openers))
}

/// When an aside's event happened beside the news of its sentence.
#[derive(Clone, Copy)]
enum Aside {
    Before,
    After,
}

/// Whether the verb at `v` stands in a clause one of `[words.hedges]
/// aside_openers` opens (a relative pronoun, "after"; no other verb
/// between), dated before the news by a past marker ("last month", "two
/// weeks ago", "in 2019"), by its opener (`before_openers`: "after") or by
/// a verb of taking back before it (`again_verbs`: "retook Y, which …"), or
/// after it by a later one ("a day later").
fn told_aside(toks: &[Tok], v: usize, year: i32) -> Option<Aside> {
    let hedges = &words().hedges;
    let clause_end = lexicon::en().clause_bounds(toks, v).1;
    let opener = aside_opener(toks, v)?;
    let end = (v + 1..clause_end)
        .find(|&k| toks[k].is_punct(","))
        .unwrap_or(clause_end);
    if (opener..end).any(|k| toks[k].is_any(&hedges.later_markers)) {
        return Some(Aside::After);
    }
    // "nine months after the army recaptured it": the opener dates it;
    // "rebels retook Y, which the army captured …": so does the news verb.
    if toks[opener].is_any(&hedges.before_openers)
        || toks[..opener].iter().any(|t| t.is_any(&hedges.again_verbs))
    {
        return Some(Aside::Before);
    }
    let last_unit = |k: usize| {
        toks[k].is_any(&hedges.last_words)
            && toks[k + 1..end.min(k + 3)]
                .iter()
                .any(|t| t.is_any(&hedges.time_units))
    };
    (opener..end)
        .any(|k| {
            toks[k].is_any(&hedges.past_markers)
                || last_unit(k)
                || super::background::past_year_at(toks, k, year)
        })
        .then_some(Aside::Before)
}

/// "had fallen", "had been captured", "had also seized": the past perfect.
fn pluperfect(toks: &[Tok], v: usize) -> bool {
    let mut k = v;
    while k > 0 && toks[k - 1].is_any(&words().capture.passive_adverbs) {
        k -= 1;
    }
    if k > 0 && toks[k - 1].is(&words().word.been) {
        k -= 1;
    }
    k > 0
        && toks[k - 1].is(&words().word.had)
        && !hedges::reported_speech(toks, k - 1)
        && !super::background::opens_with_state_time(toks)
}

/// The claims of the capture-family verb at `i`, if it is one.
fn verb(cx: &Cx, toks: &[Tok], i: usize, out: &mut Vec<Claim>) {
    let t = &toks[i];
    // "The SDF declared victory in Raqqa": the place is theirs. The place is
    // read after the preposition, as the object of a capture verb would be.
    if t.is_any(&words().capture.declared_declares_proclaimed)
        && word_at(toks, i + 1, &words().word.victory)
        && word_at(toks, i + 2, &words().capture.in_over_at)
    {
        named(out, "victory", |out| victory(cx, toks, i, out));
        return;
    }
    // The word after is tested first: it rules most tokens out at once.
    let next = toks.get(i + 1);
    if next.is_some_and(|n| n.is(&words().word.of))
        && t.is_any(&words().capture.nominals)
        && named(out, "nominal", |out| nominal(cx, toks, i, out))
    {
        return;
    }
    if next.is_some_and(|n| {
        n.is_any(&words().capture.into_next) || n.is_any(&words().capture.sweep_preps)
    }) && t.is_any(&words().capture.into_verbs)
    {
        named(out, "into", |out| into(cx, toks, i, out));
    } else if next.is_some_and(|n| n.is(&words().word.to))
        && t.is_any(&words().capture.returned_reverted_returns)
    {
        named(out, "returned", |out| returned(cx, toks, i, out));
    }
    if let Some(base) = take_verb(t) {
        if word_at(toks, i + 1, &words().word.by) {
            named(out, "passive", |out| passive(cx, toks, i, i + 1, base, out));
        } else if let Some(by) = from_then_by(toks, i) {
            named(out, "passive", |out| passive(cx, toks, i, by, base, out));
        } else if passive_participle(toks, i) {
            named(out, "agentless", |out| agentless(cx, toks, i, base, out));
        } else if let Some(before) = telegraphic(toks, i) {
            let telegraphic = |out: &mut Vec<Claim>| agentless_of(cx, toks, i, before, base, out);
            named(out, "telegraphic", telegraphic);
        } else {
            named(out, "active", |out| active(cx, toks, i, base, out));
        }
    } else if t.is_any(&words().capture.control_only) {
        named(out, "active", |out| active(cx, toks, i, 0.85, out));
    }
    if t.is_any(&words().capture.fell_fallen_falls) {
        named(out, "fell", |out| fell(cx, toks, i, out));
    } else if t.is_any(&words().capture.lose) {
        named(out, "lost", |out| lost(cx, toks, i, out));
    } else if t.is_any(&words().capture.leave) {
        named(out, "leave", |out| leave(cx, toks, i, out));
    } else if t.is_any(&words().capture.expel) {
        named(out, "expel", |out| expel(cx, toks, i, out));
    }
}

/// Runs one pattern of the family and names the rule of the claims it
/// made after it: `capture.<pattern>`, the pattern's function name.
fn named<R>(out: &mut Vec<Claim>, pattern: &str, f: impl FnOnce(&mut Vec<Claim>) -> R) -> R {
    let before = out.len();
    let r = f(out);
    for c in &mut out[before..] {
        c.rule.get_or_insert_with(|| format!("capture.{pattern}"));
    }
    r
}

/// "The SDF declared victory in Raqqa": the place is theirs. The place is
/// read after the preposition, as the object of a capture verb would be.
fn victory(cx: &Cx, toks: &[Tok], i: usize, out: &mut Vec<Claim>) {
    let Some(s) = subject_before(toks, i) else {
        return;
    };
    let Some(f) = faction_at(toks, s) else {
        return;
    };
    let l = places_after(toks, i + 3);
    let conf = 0.8 * hedges::factor(toks, Some(s), i) * cx.actor_weight(toks, s);
    emit_captures(cx, toks, &l, f, conf, out);
}

/// "was liberated from IS by the SDF": the index of "by" after a "from"
/// phrase right after the participle.
fn from_then_by(toks: &[Tok], v: usize) -> Option<usize> {
    if !word_at(toks, v + 1, &words().word.from) || !passive_participle(toks, v) {
        return None;
    }
    (v + 2..(v + 7).min(toks.len()))
        .take_while(|&k| !toks[k].is_punct(","))
        .find(|&k| toks[k].is(&words().word.by))
}

/// "was captured", "has been fully retaken": a passive, whoever the agent.
fn passive_participle(toks: &[Tok], i: usize) -> bool {
    let mut k = i;
    while k > 0 && toks[k - 1].is_any(&words().capture.passive_adverbs) {
        k -= 1;
    }
    (k > 0 && toks[k - 1].is_any(&words().capture.was_were_been))
        // "Y was occupied by X in March and liberated in September": the
        // second participle of a coordinated passive is one too, if it has a
        // participle's form ("were able to reach Y and take it" is active).
        || (super::patterns::first_conjunct(toks, i) != i && participle_form(&toks[i]))
}

fn participle_form(t: &Tok) -> bool {
    super::lexicon::en()
        .verb_forms
        .get(t.w.as_ref())
        .is_some_and(|&(_, form)| form == super::lexicon::VerbForm::Past)
}

/// How much an agent borrowed from an earlier offensive is believed.
const BORROWED_AGENT: f32 = 0.7;

/// Whether the sentence says an attack failed ("were repelled", "were
/// driven back").
fn failed(toks: &[Tok]) -> bool {
    (0..toks.len()).any(|k| hedges::failure_at(toks, k))
}

/// The faction of the last offensive stated in `toks[..upto]` — an attack,
/// an advance, a capture, an expulsion, whatever its hedges ("began to
/// retake the city" is an offensive even though no capture is stated) —
/// unless the sentence says it failed ("… but were driven back").
pub(crate) fn offensive_before(toks: &[Tok], upto: usize) -> Option<usize> {
    // Every offensive has a faction subject before its verb: most sentences
    // have none and are done with here.
    let first = toks[..upto.min(toks.len())]
        .iter()
        .position(|t| names_side(t))?;
    let keys = keywords();
    let found = (first + 1..upto.min(toks.len())).rev().find_map(|v| {
        let t = &toks[v];
        if !matches!(t.kind, super::tokens::Kind::Word) || !keys.offensive.contains(t.w.as_ref()) {
            return None;
        }
        let verb = t.is_any(&words().capture.offensive_verbs)
            || t.is_any(&words().capture.expel)
            || (t.is(&words().capture.take_verbs)
                && !word_at(toks, v + 1, &words().word.by)
                && !passive_participle(toks, v));
        if verb && !passive_participle(toks, v) {
            return subject_before(toks, v).and_then(|s| faction_at(toks, s));
        }
        if t.is_any(&words().capture.offensive_nouns) {
            // "an offensive by the YPG", else its subject or modifier.
            if word_at(toks, v + 1, &words().word.by) {
                if let Some(f) =
                    first_actor_in(toks, v + 2, v + 5).and_then(|a| faction_at(toks, a))
                {
                    return Some(f);
                }
            }
            return subject_before(toks, v).and_then(|s| faction_at(toks, s));
        }
        None
    });
    // Checked last: most sentences state no offensive at all.
    found.filter(|_| !failed(toks))
}

/// The word sets [`run`] and [`offensive_before`] test every token against,
/// built once.
struct Keywords {
    /// Every word some branch of [`run`] starts from.
    run: HashSet<&'static str>,
    /// Every word that may state an offensive.
    offensive: HashSet<&'static str>,
}

fn keywords() -> &'static Keywords {
    static K: OnceLock<Keywords> = OnceLock::new();
    K.get_or_init(|| {
        let capture = words().capture.take_verbs.iter();
        let run = capture
            .clone()
            .chain(words().capture.control_only.iter())
            .chain(words().capture.fell_fallen_falls.iter())
            .chain(words().capture.lose.iter())
            .chain(words().capture.leave.iter())
            .chain(words().capture.expel.iter())
            .chain(words().capture.nominals.iter())
            .chain(words().capture.into_verbs.iter())
            .chain(words().capture.returned_reverted_returns.iter())
            .chain(words().capture.declared_declares_proclaimed.iter())
            .collect();
        let offensive = capture
            .chain(words().capture.offensive_verbs.iter())
            .chain(words().capture.expel.iter())
            .chain(words().capture.offensive_nouns.iter())
            .collect();
        Keywords { run, offensive }
    })
}

/// Whether the place noun phrase ending at token `j` hangs off a preposition
/// or another noun ("civilians in Azaz", "residents of the town of Azaz"):
/// then it is not the subject of the verb after it.
fn governed(toks: &[Tok], j: usize) -> bool {
    let mut k = j;
    while k > 0 {
        k -= 1;
        let t = &toks[k];
        if t.is(&words().word.of) {
            // "the town of Azaz" continues the phrase; "residents of Azaz" does not.
            let head = k.checked_sub(1).map(|h| &toks[h]);
            if head.is_some_and(is_filler) {
                continue;
            }
            return head.is_some();
        }
        if is_filler(t) {
            continue;
        }
        return t.is_any(&words().capture.in_on_at);
    }
    false
}

/// How many words after its preposition an operation's side may stand
/// ("during the Turkish-led Operation Olive Branch").
const OPERATION_SIDE_SPAN: usize = 4;

/// "During Operation Euphrates Shield, Dabiq was captured": the side named
/// in an adjunct of `[words.capture] during_preps` before the place (an
/// operation, an offensive of a side) is the agent of the passive after it.
fn operation_adjunct(toks: &[Tok], upto: usize) -> Option<usize> {
    let k = (0..upto).find(|&k| toks[k].is_any(&words().capture.during_preps))?;
    first_actor_in(toks, k + 1, (k + 1 + OPERATION_SIDE_SPAN).min(upto))
        .and_then(|a| faction_at(toks, a))
}

/// "The city was fully recaptured on Tuesday", "the town fell overnight":
/// a change of hands with no agent named. The agent is the side of the
/// offensive stated just before (in this sentence or the last two), with less
/// confidence; in a war of two sides, else the opponent of the side last said
/// to hold the place ("occupied in March and liberated in September"); else
/// there is no claim.
fn agentless(cx: &Cx, toks: &[Tok], v: usize, base: f32, out: &mut Vec<Claim>) {
    agentless_of(cx, toks, v, places_before(toks, v), base, out);
}

/// [`agentless`] of the places `before` (its subject, or a heading's).
fn agentless_of(
    cx: &Cx,
    toks: &[Tok],
    v: usize,
    before: Vec<usize>,
    base: f32,
    out: &mut Vec<Claim>,
) {
    let Some(&first) = before.first() else {
        return;
    };
    if governed(toks, first) {
        return;
    }
    // Else the side heading the line ("Regime forces: A and B captured"),
    // else the side whose statement it is (", the defence ministry said"),
    // or the side announcing it before ("the SDF announced that Y had been
    // liberated"), before an offensive told in an earlier sentence or the
    // bulletin's main side: a side announcing a change of hands with no agent
    // announces its own.
    let speaker =
        || super::frames::speaker_after(cx, super::lexicon::en(), toks, v).map(|(f, _)| f);
    let announcer =
        || super::frames::speaker_before(cx, super::lexicon::en(), toks, first).map(|(f, _)| f);
    let Some(f) = offensive_before(toks, first)
        .or_else(|| heading_side(toks, first))
        .or_else(|| operation_adjunct(toks, first))
        .or_else(speaker)
        .or_else(announcer)
        .or_else(|| operation_side(toks))
        .or(cx.offensive)
        .or_else(|| cx.taker_from_last_holder(toks, first, out))
    else {
        return;
    };
    let h = hedges::factor(toks, Some(first), v);
    let l = PlaceList {
        places: before
            .iter()
            .map(|&j| (j, super::held::partial_before(toks, j)))
            .collect(),
        ..PlaceList::default()
    };
    emit_captures(cx, toks, &l, f, base * h * BORROWED_AGENT, out);
}

/// "took full control after the army withdrew": the control noun right
/// after the verb (noun-phrase words aside) when no preposition of control
/// follows it.
fn control_without_object(toks: &[Tok], v: usize) -> Option<usize> {
    let w = words();
    // "restored security and stability to Y": the last of joined nouns.
    let noun = (v + 1..(v + 6).min(toks.len()))
        .take_while(|&k| {
            is_filler(&toks[k])
                || toks[k].is_any(&w.capture.control_nouns)
                || toks[k].is_any(&w.patterns.connectors)
        })
        .filter(|&k| toks[k].is_any(&w.capture.control_nouns))
        .last()?;
    let next = toks.get(noun + 1);
    (!next.is_some_and(|t| t.is_any(&w.capture.control_preps))).then_some(noun)
}

/// "Northern Hama: Latamina and Morek captured", "Tal Abyad: taken from IS":
/// a participle of `[words.capture] telegraphic_participles` with no
/// auxiliary right after a place list that opens its line or follows a
/// heading (or right after such a list and the heading's mark), as bulletins
/// and one-line updates write a change of hands. Returns the places.
fn telegraphic(toks: &[Tok], v: usize) -> Option<Vec<usize>> {
    let w = words();
    if !toks[v].is_any(&w.capture.telegraphic_participles) {
        return None;
    }
    let mut k = v;
    while k > 0 && toks[k - 1].is_any(&w.capture.passive_adverbs) {
        k -= 1;
    }
    let last = k.checked_sub(1)?;
    let places = if toks[last].place().is_some() {
        places_before(toks, v)
    } else if heading_mark(&toks[last]) {
        places_before(toks, last)
    } else {
        return None;
    };
    let &first = places.first()?;
    opens_line(toks, first).then_some(places)
}

/// Whether the noun phrase of the place at `first` opens its line: nothing
/// but noun-phrase words before it, or a heading's mark.
fn opens_line(toks: &[Tok], first: usize) -> bool {
    let mut j = first;
    while j > 0 && is_filler(&toks[j - 1]) {
        j -= 1;
    }
    j == 0 || heading_mark(&toks[j - 1])
}

/// "Regime forces: A and B captured", "SDF: Raqqa liberated": the side that
/// alone opens the line before the heading's mark right before the places
/// starting at `first`.
fn heading_side(toks: &[Tok], first: usize) -> Option<usize> {
    let mut j = first;
    while j > 0 && is_filler(&toks[j - 1]) {
        j -= 1;
    }
    let mark = j.checked_sub(1).filter(|&m| heading_mark(&toks[m]))?;
    side_heading(toks, mark).and_then(|side| faction_at(toks, side))
}

/// "Y was taken under control within the scope of Operation Peace Spring":
/// the one side its sentence names by an operation or an offensive (a side's
/// name holding one of `[words.capture] bulletin_heads`, "Regime offensive")
/// waged it.
fn operation_side(toks: &[Tok]) -> Option<usize> {
    let heads = &words().capture.bulletin_heads;
    let sides = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| names_side(t) && t.w.split(' ').any(|w| heads.contains(w)))
        .filter_map(|(k, _)| faction_at(toks, k));
    only_side(sides)
}

/// The bulletin's main side: the one side its opening line `toks` names,
/// when that line is a heading — one of `[words.capture] bulletin_heads`
/// among its words (`lower`, the line's lowercase text) or a heading's mark
/// ("Regime offensive in northwest Syria", "SDF General Command statement",
/// "Raqqa province - YPG and allied units"). It is the agent of the
/// bulletin's agentless changes of hands ("Northern Hama: Latamina
/// captured") wherever no offensive was told just before.
pub(crate) fn bulletin_side(toks: &[Tok], lower: &str) -> Option<usize> {
    let heads = &words().capture.bulletin_heads;
    let heading = toks.iter().any(heading_mark)
        || lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| heads.contains(w));
    if !heading {
        return None;
    }
    let sides = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| names_side(t))
        .filter_map(|(k, _)| faction_at(toks, k));
    only_side(sides)
}

/// The side `sides` all name, when they name one side only.
fn only_side(mut sides: impl Iterator<Item = usize>) -> Option<usize> {
    let side = sides.next()?;
    sides.all(|f| f == side).then_some(side)
}

fn active(cx: &Cx, toks: &[Tok], v: usize, base: f32, out: &mut Vec<Claim>) {
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(f) = faction_at(toks, s) else { return };
    if hedges::failed_after(toks, v) {
        return;
    }
    let mut l = places_after(toks, v + 1);
    super::patterns::end_before_own_subject(toks, &mut l);
    end_before_own_holder(cx, toks, f, &mut l);
    if l.places.is_empty() && l.vague.is_none() {
        l = pronoun_object(toks, v).unwrap_or(l);
    }
    // "Azaz, which rebels seized in 2013": the object stands before "which".
    if let Some(r) = super::patterns::relative_before(toks, s).filter(|_| l.places.is_empty()) {
        l.places = places_before(toks, r)
            .into_iter()
            .map(|j| (j, super::held::partial_before(toks, j)))
            .collect();
    }
    let needs_control = words().capture.control_only.contains(toks[v].w.as_ref())
        && !toks[v].is(&words().capture.take_verbs);
    // "Daraa city: the local factions took full control after …": a control
    // with no place of its own is over the places heading the line.
    if l.places.is_empty() && l.vague.is_none() {
        let headed = control_without_object(toks, v)
            .map(|noun| (noun, super::patterns::heading_places(toks, s)))
            .filter(|(_, places)| !places.is_empty());
        if let Some((noun, places)) = headed {
            l.places = places.into_iter().map(|j| (j, false)).collect();
            l.end = noun + 1;
            let conf = base * hedges::factor(toks, Some(s), v) * cx.actor_weight(toks, s);
            emit_captures(cx, toks, &l, f, conf, out);
            return;
        }
    }
    // "tightened its grip on Y", "established dominance across Y": a control
    // noun and its preposition before the places.
    if needs_control {
        if let Some(noun) = control_noun_after(toks, v) {
            l = places_after(toks, noun + 2);
            let h = hedges::factor(toks, Some(s), v);
            let conf = base * h * cx.actor_weight(toks, s);
            emit_captures_of(cx, toks, &l, f, conf, true, out);
            return;
        }
    }
    let first = l.places.first().map_or(l.end, |p| p.0);
    let says_control = toks[v + 1..first.max(v + 1)]
        .iter()
        .any(|t| t.is(&words().word.control));
    if needs_control && !says_control {
        return;
    }
    // "took control of" / "took Y": "took" with "control" is taken above only once.
    if toks[v].is_any(&words().capture.took_taken_seized) && says_control && !needs_control {
        // counted by the take-verb branch already; fine to fall through (merge dedups)
    }
    let h = hedges::factor(toks, Some(s), v);
    let conf = base * h * cx.actor_weight(toks, s);
    emit_captures(cx, toks, &l, f, conf, out);
}

/// Ends the object list `l` of a capture by side `f` before a later conjunct
/// with a holder of its own (`held::objects_before_own_holder`).
fn end_before_own_holder(cx: &Cx, toks: &[Tok], f: usize, l: &mut PlaceList) {
    let n = super::held::objects_before_own_holder(cx, toks, f, &l.places);
    if n < l.places.len() {
        l.end = l.places[n].0;
        l.places.truncate(n);
    }
}

/// "Insurgents seized Y but lost it to the army", "the army recaptured it in
/// March": an object pronoun (`object_pronouns`) right after the verb stands
/// for the last place its sentence named before the verb. Only in its own
/// sentence: "it" across sentences is as often a hill or a base the gazetteer
/// does not know.
fn pronoun_object(toks: &[Tok], v: usize) -> Option<PlaceList> {
    let lex = super::lexicon::en();
    toks.get(v + 1).filter(|t| {
        matches!(t.kind, super::tokens::Kind::Word) && lex.object_pronouns.contains(t.w.as_ref())
    })?;
    let j = super::patterns::pronoun_antecedent(toks, v)?;
    Some(PlaceList {
        places: vec![(j, false)],
        held: None,
        end: v + 2,
        vague: None,
    })
}

/// Whether the noun phrase of the place at `j` says the whole of it ("control
/// of the Luhansk region", "the entire province of Y"): a few determiners and
/// fillers back, a `whole_area` word of the language file.
fn whole_area_before(toks: &[Tok], j: usize) -> bool {
    let lex = super::lexicon::en();
    (j.saturating_sub(4)..j).rev().any(|k| {
        matches!(toks[k].kind, super::tokens::Kind::Word)
            && lex.whole_area.contains(toks[k].w.as_ref())
            && toks[k + 1..j]
                .iter()
                .all(|t| is_filler(t) || t.is(&words().word.of) || t.is(&words().word.over))
    })
}

fn emit_captures(cx: &Cx, toks: &[Tok], l: &PlaceList, f: usize, conf: f32, out: &mut Vec<Claim>) {
    emit_captures_of(cx, toks, l, f, conf, false, out);
}

/// [`emit_captures`], where `whole_areas` says the statement is about the
/// whole of any area it names ("tightened its grip on Idlib province").
fn emit_captures_of(
    cx: &Cx,
    toks: &[Tok],
    l: &PlaceList,
    f: usize,
    conf: f32,
    whole_areas: bool,
    out: &mut Vec<Claim>,
) {
    if conf <= 0.0 {
        return;
    }
    // The former holder: "the rebel-held town of Y", "took Y from rebels".
    let from_actor = if word_at(toks, l.end, &words().word.from) {
        first_actor_in(toks, l.end + 1, l.end + 4).and_then(|a| faction_at(toks, a))
    } else {
        None
    };
    let counterpart = l.held.map(|(h, _)| h).or(from_actor).filter(|&h| h != f);
    for (j, partial) in &l.places {
        // "seized strategic points in A": posts in a village or on a hill
        // are the place itself; in a town or city they are a share of it.
        let small = || {
            toks[*j].place().is_some_and(|m| {
                matches!(
                    cx.gazetteer.place(cx.mentions[m].place).kind,
                    PlaceKind::Village | PlaceKind::Hill | PlaceKind::Mountain
                )
            })
        };
        let partial = *partial && !(super::patterns::positions_in(toks, *j) && small());
        let (rel, scope) = if partial {
            (Relation::Contested, cx.share_scope(toks, *j))
        } else if whole_areas || whole_area_before(toks, *j) {
            (Relation::Captured, Scope::AllowAreas)
        } else {
            (Relation::Captured, Scope::Holdable)
        };
        if let Some(mut c) = cx.claim(toks, *j, f, rel, conf, scope) {
            c.counterpart = counterpart.map(|o| cx.faction_id(o));
            if partial && c.counterpart.is_none() {
                c.counterpart = cx.other_side(toks, f);
            }
            out.push(c);
        }
    }
    if let (Some((n, noun)), true) = (l.vague, l.places.is_empty()) {
        let mut c = cx.counted_capture(toks, n, noun, f, conf * 0.8);
        c.counterpart = counterpart.map(|o| cx.faction_id(o));
        out.push(c);
    }
}

/// "Y was captured by X", "which was taken by X", "among the towns captured by X were A and B".
fn passive(cx: &Cx, toks: &[Tok], v: usize, by: usize, base: f32, out: &mut Vec<Claim>) {
    let Some(a) = first_actor_in(toks, by + 1, by + 4) else {
        return;
    };
    let Some(f) = faction_at(toks, a) else { return };
    let before = places_before(toks, v);
    let h = hedges::factor(toks, before.first().copied(), v);
    let conf = base * h * cx.actor_weight(toks, a);
    // "liberated from IS by the SDF": IS held it.
    let from = (by > v + 1)
        .then(|| first_actor_in(toks, v + 2, by))
        .flatten()
        .and_then(|o| faction_at(toks, o));
    if !before.is_empty() {
        let l = PlaceList {
            places: before
                .iter()
                .map(|&j| (j, super::held::partial_before(toks, j)))
                .collect(),
            held: from.map(|o| (o, super::actors::HeldKind::Held)),
            ..PlaceList::default()
        };
        let first_new = out.len();
        emit_captures(cx, toks, &l, f, conf, out);
        if super::background::dated_apposition(cx, toks, v) {
            for c in &mut out[first_new..] {
                c.earlier = true;
            }
        }
        return;
    }
    // Inverted: "Among the towns captured by X were A and B".
    let k =
        (a + 1..(a + 4).min(toks.len())).find(|&k| toks[k].is_any(&words().capture.were_are_was));
    if let Some(k) = k {
        let l = places_after(toks, k + 1);
        emit_captures(cx, toks, &l, f, conf, out);
    }
}

/// "Y fell to X", "after the town of Y fell to them", "Y fell into the hands of X".
fn fell(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    // "fell back into rebel hands": the particle says it changed hands again.
    let p = if word_at(toks, v + 1, &words().capture.again_back)
        && word_at(toks, v + 2, &words().capture.into_under)
    {
        v + 1
    } else {
        v
    };
    let actor = if word_at(toks, p + 1, &words().word.to) {
        first_actor_in(toks, p + 2, p + 5)
    } else if word_at(toks, p + 1, &words().capture.into_under) {
        first_actor_in(toks, p + 2, p + 8)
    } else {
        // "Azaz fell on Monday": to the side of the offensive just stated;
        // "fell silent", "fell by half", "fell back" are no change of hands.
        if !toks
            .get(v + 1)
            .is_some_and(|t| t.is_any(&words().capture.to_into_under))
        {
            agentless(cx, toks, v, 0.85, out);
        }
        return;
    };
    let Some(a) = actor else { return };
    let Some(f) = faction_at(toks, a) else { return };
    let before = places_before(toks, v);
    let h = hedges::factor(toks, before.first().copied(), v);
    let conf = 0.85 * h * cx.actor_weight(toks, a);
    let l = PlaceList {
        places: before
            .iter()
            .map(|&j| (j, super::held::partial_before(toks, j)))
            .collect(),
        ..PlaceList::default()
    };
    emit_captures(cx, toks, &l, f, conf, out);
}

/// "IS lost Y", "IS lost Y to the SDF" (then the SDF captured Y).
fn lost(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    if passive_participle(toks, v) {
        handed_to(cx, toks, v, out);
        return;
    }
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(f) = faction_at(toks, s) else { return };
    let mut l = places_after(toks, v + 1);
    if l.places.is_empty() && l.vague.is_none() {
        l = pronoun_object(toks, v).unwrap_or(l);
    }
    let h = hedges::factor(toks, Some(s), v);
    let conf = 0.85 * h * cx.actor_weight(toks, s);
    // "handed Y over to X": the particle may follow the places.
    let mut to = l.end;
    while toks.get(to).is_some_and(|t| {
        t.is_any(&words().capture.over_back) || t.is_any(&words().capture.again_back)
    }) {
        to += 1;
    }
    let winner_at = if word_at(toks, to, &words().word.to) {
        first_actor_in(toks, to + 1, to + 7)
    } else {
        None
    };
    let winner = winner_at
        .and_then(|a| faction_at(toks, a))
        .or_else(|| offensive_after(toks, l.end).filter(|&w| w != f));
    // "lost A and B to X and Y, respectively": the n-th place to the n-th
    // winner. With fewer winners named than places ("to the Iraqi and Syrian
    // armies", where only one is a faction), only the last pair is certain.
    let resp = toks[l.end..]
        .iter()
        .take(14)
        .position(|t| t.is(&words().word.respectively))
        .map(|k| l.end + k);
    let winners: Vec<Option<usize>> = match (resp, winner_at) {
        (Some(r), Some(a)) => (a..r)
            .filter(|&k| matches!(toks[k].actor(), Some((_, k)) if !matches!(k, super::actors::HitKind::Held(_))))
            .map(|k| faction_at(toks, k))
            .collect(),
        _ => Vec::new(),
    };
    let n = l.places.len();
    for (idx, (j, partial)) in l.places.iter().enumerate() {
        let winner = match resp {
            None => winner,
            Some(_) if winners.len() == n => winners[idx],
            // The last place goes with the last winner named.
            Some(_) if idx + 1 == n => winners.last().copied().flatten(),
            Some(_) => None,
        };
        let c = match (winner, partial) {
            (_, true) => cx.claim(toks, *j, f, Relation::Contested, conf, Scope::Holdable),
            (Some(w), false) => cx
                .claim(toks, *j, w, Relation::Captured, conf, Scope::Holdable)
                .map(|mut c| {
                    c.counterpart = Some(cx.faction_id(f));
                    c
                }),
            (None, false) => cx.claim(toks, *j, f, Relation::Lost, conf, Scope::Holdable),
        };
        out.extend(c);
    }
}

/// "lost A and B in a lightning rebel offensive", "during an IS assault":
/// the side of an offensive told right after the places, in a phrase one of
/// `[words.capture] offensive_preps` opens, is who took them.
fn offensive_after(toks: &[Tok], from: usize) -> Option<usize> {
    let w = words();
    if !toks
        .get(from)
        .is_some_and(|t| t.is_any(&w.capture.offensive_preps))
    {
        return None;
    }
    let clause_end = lexicon::en().clause_bounds(toks, from).1;
    (from + 1..(from + OFFENSIVE_SPAN).min(clause_end))
        .take_while(|&k| !toks[k].is_punct(","))
        .find(|&k| {
            toks[k].actor().is_some()
                && (toks[k]
                    .w
                    .rsplit(' ')
                    .next()
                    .is_some_and(|last| w.capture.offensive_nouns.contains(last))
                    || toks
                        .get(k + 1)
                        .is_some_and(|n| n.is_any(&w.capture.offensive_nouns)))
        })
        .and_then(|k| faction_at(toks, k))
}

/// How far after its preposition an offensive's side may stand ("in a
/// lightning three-day rebel offensive").
const OFFENSIVE_SPAN: usize = 6;

/// "Y was handed over to X", "Y was lost to X", "Y was ceded to X": X took Y.
fn handed_to(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let mut k = v + 1;
    // "only to be lost again to the army": "again" too.
    while toks.get(k).is_some_and(|t| {
        t.is_any(&words().capture.over_back) || t.is_any(&words().capture.again_back)
    }) {
        k += 1;
    }
    if !word_at(toks, k, &words().word.to) {
        return;
    }
    let Some(f) = first_actor_in(toks, k + 1, k + 5).and_then(|a| faction_at(toks, a)) else {
        return;
    };
    let before = places_before(toks, v);
    let Some(&first) = before.first() else { return };
    if governed(toks, first) {
        return;
    }
    let h = hedges::factor(toks, Some(first), v);
    let l = PlaceList {
        places: before.iter().map(|&j| (j, false)).collect(),
        ..PlaceList::default()
    };
    emit_captures(cx, toks, &l, f, 0.85 * h, out);
}

/// "the capture of Y by X", "the fall of Y to X", "following the
/// liberation of Y by X": a change of hands as a noun, its agent after the
/// place. Returns whether the agent was named (else the verb reading, "X
/// announced the capture of Y", stands).
fn nominal(cx: &Cx, toks: &[Tok], i: usize, out: &mut Vec<Claim>) -> bool {
    let l = places_after(toks, i + 2);
    if l.places.is_empty() {
        return false;
    }
    let prep = if toks[i].is(&words().word.fall) {
        &words().word.to
    } else {
        &words().word.by
    };
    if !word_at(toks, l.end, prep) {
        return false;
    }
    let Some(a) = first_actor_in(toks, l.end + 1, l.end + 5) else {
        return false;
    };
    let Some(f) = faction_at(toks, a) else {
        return true;
    };
    let h = hedges::factor(toks, None, i);
    emit_captures(cx, toks, &l, f, 0.85 * h * cx.actor_weight(toks, a), out);
    true
}

/// "troops pushed into Y", "rebels broke into the town", "fought their way
/// into Y": fighting inside Y, so Y is contested (its holder, when the text
/// says, is the other side) — unless the sentence goes on to say it was
/// taken, which the capture reading states.
fn into(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let mut k = v + 1;
    if toks
        .get(k)
        .is_some_and(|t| t.is_any(&words().capture.their_its))
        && word_at(toks, k + 1, &words().word.way)
    {
        k += 2;
    }
    while toks
        .get(k)
        .is_some_and(|t| t.is_any(&words().capture.deep_deeper_further))
    {
        k += 1;
    }
    // "swept through A and B": through a place, only a sweep takes it.
    let sweep = toks[v].is_any(&words().capture.sweep_verbs);
    let through = sweep && k == v + 1 && word_at(toks, k, &words().capture.sweep_preps);
    if !(through || word_at(toks, k, &words().capture.into_inside)) || failed(toks) {
        return;
    }
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(f) = faction_at(toks, s) else { return };
    let l = places_after(toks, k + 1);
    // "pushed into Y and took control of it": the verb of taking after tells
    // the outcome. One in a clause of its own ("…, towns that the army
    // captured in 2020") tells something else.
    if toks[l.end..]
        .iter()
        .take_while(|t| !t.is_any(&words().hedges.own_clause))
        .any(|t| t.is(&words().capture.take_verbs) || t.is_any(&words().capture.control_only))
    {
        return;
    }
    let h = hedges::factor(toks, Some(s), v);
    let conf = 0.7 * h * cx.actor_weight(toks, s);
    let counterpart = l.held.map(|(h, _)| h).filter(|&h| h != f);
    // "swept into Y" tells Y taken; "pushed into Y", fighting inside it.
    let relation = if sweep {
        Relation::Captured
    } else {
        Relation::Contested
    };
    for (j, _) in &l.places {
        if let Some(mut c) = cx.claim(toks, *j, f, relation, conf, Scope::Holdable) {
            c.counterpart = counterpart.map(|o| cx.faction_id(o));
            out.push(c);
        }
    }
}

/// "Y returned to government control", "Y reverted to rebel hands": the
/// faction took Y back.
fn returned(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    if !word_at(toks, v + 1, &words().word.to) {
        return;
    }
    let end = (v + 7).min(toks.len());
    let Some(c) = (v + 2..end).find(|&j| toks[j].is_any(&words().capture.control_hands_rule))
    else {
        return;
    };
    let Some(a) = first_actor_in(toks, v + 2, (c + 4).min(toks.len())) else {
        return;
    };
    let Some(f) = faction_at(toks, a) else { return };
    let before = places_before(toks, v);
    let Some(&first) = before.first() else { return };
    if governed(toks, first) {
        return;
    }
    let h = hedges::factor(toks, Some(first), v);
    let l = PlaceList {
        places: before.iter().map(|&j| (j, false)).collect(),
        ..PlaceList::default()
    };
    emit_captures(cx, toks, &l, f, 0.8 * h * cx.actor_weight(toks, a), out);
}

/// "rebels withdrew from Y" (lost), "IS retreated to Y" (holds Y).
fn leave(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    if let Some((a, l)) = left_by_agent(toks, v) {
        let Some(f) = faction_at(toks, a) else { return };
        let h = hedges::factor(toks, l.places.first().map(|p| p.0), v);
        let conf = LEFT_BY_AGENT * h * cx.actor_weight(toks, a);
        let from = l.places.first().map_or(l.end, |p| p.0);
        left(cx, toks, v, (f, Relation::Lost, conf, h), from, l, out);
        return;
    }
    let Some(s) = subject_before(toks, v).or_else(|| super::patterns::fronted_subject(toks, v))
    else {
        return;
    };
    let Some(f) = faction_at(toks, s) else { return };
    let h = hedges::factor(toks, Some(s), v);
    let w = cx.actor_weight(toks, s);
    let mut k = v + 1;
    // "withdrew its forces from Y", "pulled their last troops out of Y": the
    // side's own force as the object, when "from"/"out" follows it.
    if word_at(toks, k, &words().capture.their_its) {
        let noun = (k + 1..(k + 3).min(toks.len()))
            .find(|&j| toks[j].is_any(&words().patterns.partitive_heads));
        if let Some(n) = noun.filter(|&n| {
            word_at(toks, n + 1, &words().capture.from_of)
                || word_at(toks, n + 1, &words().capture.out_back_overnight)
        }) {
            k = n + 1;
        }
    }
    while toks
        .get(k)
        .is_some_and(|t| t.is_any(&words().capture.out_back_overnight))
    {
        k += 1;
    }
    let Some(t) = toks.get(k) else { return };
    // "fled towards B": where a side flees says nothing of who holds it.
    if t.is_any(&words().capture.to_towards_toward) && toks[v].is_any(&words().capture.flight_verbs)
    {
        return;
    }
    let (rel, conf, from) = if t.is_any(&words().capture.from_of) {
        (Relation::Lost, 0.8, k + 1)
    } else if t.is_any(&words().capture.to_towards_toward)
        && !toks[v].is_any(&words().capture.left_abandoned_evacuated)
    {
        (Relation::Holds, 0.6, k + 1)
    } else if toks[v].is_any(&words().capture.abandoned_evacuated_vacated) {
        (Relation::Lost, 0.75, k)
    } else {
        return;
    };
    let mut l = places_after(toks, from);
    // "withdrew to a military position in the town of Y": the place a little further on.
    if l.places.is_empty() && rel == Relation::Holds {
        let end = (from + 8).min(toks.len());
        if let Some(j) = (from..end).find(|&j| toks[j].place().is_some() && !toks[j].is_around()) {
            // "retreated to the hospital on the town's southwestern edge": a part of the
            // place is no hold of it (the side may have just lost the rest).
            let part = super::held::partial_before(toks, j) || part_after_possessive(toks, j);
            if !part && !toks[from..j].iter().any(|t| t.is_punct(",")) {
                l.places.push((j, false));
            }
        }
    }
    left(cx, toks, v, (f, rel, conf * h * w, h), from, l, out);
}

/// Words a possessive may have before the part it names ("the town's southwestern edge").
const PART_AFTER_POSSESSIVE: usize = 3;

/// Whether the place at `j` owns a part named right after its possessive: "the town's
/// southwestern edge", "Y's outskirts" (a `partial` noun within a few words).
fn part_after_possessive(toks: &[Tok], j: usize) -> bool {
    if !super::frames::possessive_mark_at(toks, j + 1) {
        return false;
    }
    toks.iter()
        .skip(j + 3)
        .take(PART_AFTER_POSSESSIVE)
        .take_while(|t| matches!(t.kind, super::tokens::Kind::Word))
        .any(|t| t.is_any(&words().patterns.partial))
}

/// How much "Y was abandoned by X" is believed: as the active "X abandoned Y".
const LEFT_BY_AGENT: f32 = 0.75;

/// "Y was abandoned by X", "the town was evacuated by IS fighters": a passive of a verb of
/// giving a place up with its agent. The agent's token and the places before the auxiliary.
fn left_by_agent(toks: &[Tok], v: usize) -> Option<(usize, PlaceList)> {
    if !toks[v].is_any(&words().capture.abandoned_evacuated_vacated) || !passive_participle(toks, v)
    {
        return None;
    }
    let by = (v + 1..(v + 3).min(toks.len())).find(|&k| toks[k].is(&words().word.by))?;
    let a = first_actor_in(toks, by + 1, (by + 4).min(toks.len()))?;
    // From the participle, so a singular auxiliary after "A and B" takes B alone.
    let places: Vec<(usize, bool)> = places_before(toks, v)
        .into_iter()
        .map(|j| (j, super::held::partial_before(toks, j)))
        .collect();
    if places.is_empty() {
        return None;
    }
    let l = PlaceList {
        places,
        held: None,
        end: a + 1,
        vague: None,
    };
    Some((a, l))
}

/// The claims of side `f` leaving the places `l` that open at `from` (relation `rel`,
/// confidence `conf` with the hedge factor `h` and the side's weight): a lost part is
/// contested, and a side advancing after the list takes what was lost.
fn left(
    cx: &Cx,
    toks: &[Tok],
    v: usize,
    (f, rel, conf, h): (usize, Relation, f32, f32),
    from: usize,
    l: PlaceList,
    out: &mut Vec<Claim>,
) {
    // "withdrew from the Kharkiv and Sumy regions", "pulled out of Idlib
    // province": an area the text calls one may be left as a whole, as in
    // the nominal "a withdrawal from Y".
    let areas = rel == Relation::Lost && area_named(cx, toks, from, l.end);
    let left_from = out.len();
    for (j, partial) in &l.places {
        let rel = if *partial && rel == Relation::Lost {
            Relation::Contested
        } else {
            rel
        };
        let scope = if areas && !*partial {
            Scope::AllowAreas
        } else {
            Scope::Holdable
        };
        out.extend(cx.claim(toks, *j, f, rel, conf, scope));
    }
    if rel != Relation::Lost {
        return;
    }
    // "withdrew from Y as rebels advanced": the advancing side took Y.
    if let Some((taker, a)) = advancing_side(cx, toks, l.end, f, &l.places) {
        // The place was lost to the advancing side: a loss to nobody named
        // would outvote the taker's claim and leave the place off the map.
        for c in &mut out[left_from..] {
            if c.relation == Relation::Lost && c.counterpart.is_none() {
                c.counterpart = Some(cx.faction_id(taker));
            }
        }
        let conf = ADVANCING_TAKER * h * cx.actor_weight(toks, a);
        for &(j, partial) in &l.places {
            if partial {
                continue;
            }
            if let Some(mut c) = cx.claim(toks, j, taker, Relation::Captured, conf, Scope::Holdable)
            {
                c.counterpart = Some(cx.faction_id(f));
                c.rule = Some(format!("capture.advancing:{}", toks[v].w));
                out.push(c);
            }
        }
    }
}

/// Whether the place list `from..end` (and the word after it) calls its
/// places areas: an area head noun of the language file ("the provinces of
/// A and B", "the A and B regions") in the list or in a mention's own text
/// ("Idlib province").
fn area_named(cx: &Cx, toks: &[Tok], from: usize, end: usize) -> bool {
    let heads = &words().held.area_heads;
    let head = |w: &str| heads.iter().any(|h| h == w);
    toks[from.min(toks.len())..(end + 1).min(toks.len())]
        .iter()
        .any(|t| {
            t.is_any(heads)
                || t.place().is_some_and(|m| {
                    cx.mentions[m]
                        .text
                        .to_lowercase()
                        .split_whitespace()
                        .any(head)
                })
        })
}

/// How much the side advancing beside a withdrawal is believed to have
/// taken the place left.
const ADVANCING_TAKER: f32 = 0.7;

/// The side that advances in a clause joined to a withdrawal by one of
/// `[words.capture] advance_links` ("withdrew from Y as rebels advanced",
/// "after Turkish-backed rebels advanced on the town"), starting at `from`
/// (after the places left, a short adjunct allowed between), when it is not
/// the side that left and its advance aims at no other place. The faction and
/// the actor's token.
fn advancing_side(
    cx: &Cx,
    toks: &[Tok],
    from: usize,
    loser: usize,
    left: &[(usize, bool)],
) -> Option<(usize, usize)> {
    let w = words();
    let link = (from..(from + 5).min(toks.len()))
        .take_while(|&k| {
            toks[k].actor().is_none() && toks[k].place().is_none() && !toks[k].is_punct(";")
        })
        .find(|&k| toks[k].is_any(&w.capture.advance_links))?;
    let a = (link + 1..(link + 4).min(toks.len())).find(|&k| toks[k].actor().is_some())?;
    let taker = faction_at(toks, a).filter(|&t| t != loser)?;
    let v = (a + 1..(a + 3).min(toks.len())).find(|&k| {
        toks[k].is_any(&w.capture.offensive_verbs) || toks[k].is_any(&w.capture.arrival_verbs)
    })?;
    let ids: Vec<_> = left
        .iter()
        .filter_map(|&(j, _)| toks[j].place().map(|m| cx.mentions[m].place))
        .collect();
    let elsewhere = toks[v + 1..]
        .iter()
        .take_while(|t| !t.is_punct(";") && !t.is_punct(".") && !t.is_punct(","))
        .filter_map(|t| t.place())
        .any(|m| !ids.contains(&cx.mentions[m].place));
    (!elsewhere).then_some((taker, a))
}

/// "IS was driven out of Y (by X)" / "X drove IS out of Y".
fn expel(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let passive = v > 0 && toks[v - 1].is_any(&words().capture.was_were_been_were);
    let mut k = v + 1;
    // Active: the expelled actor follows the verb.
    let object = if passive {
        None
    } else {
        let o = first_actor_in(toks, k, k + 3);
        if let Some(o) = o {
            k = o + 1;
        }
        o
    };
    while toks
        .get(k)
        .is_some_and(|t| t.is_any(&words().capture.out_back_away))
    {
        k += 1;
    }
    if !toks
        .get(k)
        .is_some_and(|t| t.is_any(&words().capture.of_from))
    {
        out.extend(expel_from_place_before(cx, toks, v, object));
        return;
    }
    let l = places_after(toks, k + 1);
    if l.places.is_empty() {
        return;
    }
    if !passive && aimed_expulsion(cx, toks, v, object, &l.places, out) {
        return;
    }
    let Some(s) = subject_before(toks, v).or_else(|| super::patterns::fronted_subject(toks, v))
    else {
        return;
    };
    let h = hedges::factor(toks, Some(s), v);
    // "IS driven out of Y by the SDF" (a headline's passive without its
    // auxiliary): no object after the verb, the agent after "by".
    let reduced = object.is_none()
        && word_at(toks, l.end, &words().word.by)
        && first_actor_in(toks, l.end + 1, l.end + 4).is_some();
    if passive || reduced {
        // "IS was driven out of Y by the SDF".
        let Some(loser) = faction_at(toks, s) else {
            return;
        };
        let winner = if word_at(toks, l.end, &words().word.by) {
            first_actor_in(toks, l.end + 1, l.end + 4).and_then(|a| faction_at(toks, a))
        } else {
            None
        };
        for (j, _) in &l.places {
            let c = match winner {
                Some(w) => cx
                    .claim(toks, *j, w, Relation::Captured, 0.85 * h, Scope::Holdable)
                    .map(|mut c| {
                        c.counterpart = Some(cx.faction_id(loser));
                        c
                    }),
                None => cx.claim(toks, *j, loser, Relation::Lost, 0.8 * h, Scope::Holdable),
            };
            out.extend(c);
        }
    } else {
        let Some(w) = faction_at(toks, s) else { return };
        let loser = object.and_then(|o| faction_at(toks, o));
        for (j, _) in &l.places {
            if let Some(mut c) = cx.claim(
                toks,
                *j,
                w,
                Relation::Captured,
                0.85 * h * cx.actor_weight(toks, s),
                Scope::Holdable,
            ) {
                c.counterpart = loser.map(|o| cx.faction_id(o));
                out.push(c);
            }
        }
    }
}

/// "aiming to drive IS out of Y", "an operation to expel IS from Y", "trying to dislodge IS
/// fighters from Y": an infinitive of expelling a side, as an aim, says the side holds the
/// place (not after a success word, "managed to drive IS out of Y", which is the expulsion,
/// nor in a denial). Whether it read the clause as such an aim.
fn aimed_expulsion(
    cx: &Cx,
    toks: &[Tok],
    v: usize,
    object: Option<usize>,
    places: &[(usize, bool)],
    out: &mut Vec<Claim>,
) -> bool {
    // "close to driving IS out of Y": a gerund after "to" is no aim.
    if v < 2
        || !toks[v - 1].is(&words().word.to)
        || super::patterns::has_participle_ending(&toks[v])
    {
        return false;
    }
    let before = &toks[v - 2];
    if before.is_any(&words().hedges.success)
        || before.is_any(&words().hedges.goes_on)
        || super::hedges::result_subject(toks, v).is_some()
    {
        return false;
    }
    let Some(loser) = object.and_then(|o| faction_at(toks, o)) else {
        return false;
    };
    let (cs, _) = lexicon::en().clause_bounds(toks, v);
    if toks[cs..v].iter().any(|t| t.is_any(&words().hedges.deny)) {
        return true;
    }
    let conf = lexicon::en().confidence(super::held::defended)
        * cx.actor_weight(toks, object.unwrap_or(v));
    for &(j, partial) in places {
        if partial {
            continue;
        }
        if let Some(mut c) = cx.claim(toks, j, loser, Relation::Holds, conf, Scope::Holdable) {
            c.rule = Some(format!("held.aimed:{}", toks[v].w));
            out.push(c);
        }
    }
    true
}

/// "IS seized Y in 2014, and the SDF drove it out in 2016": an active
/// expulsion whose object (a side, or a pronoun) has no place after it drove
/// that object from the place an earlier clause of the sentence named. The
/// place stands before the verb across a clause break (a comma or a
/// connector), so "the SDF drove IS out" alone, or with a place only in its
/// own clause, claims nothing.
fn expel_from_place_before(
    cx: &Cx,
    toks: &[Tok],
    v: usize,
    object: Option<usize>,
) -> Option<Claim> {
    let passive = v > 0 && toks[v - 1].is_any(&words().capture.was_were_been_were);
    let pronoun = toks
        .get(v + 1)
        .is_some_and(|t| t.is_any(&words().patterns.place_pronouns));
    if passive || !(object.is_some() || pronoun) {
        return None;
    }
    // "drove them back" beat an attack off: no one left the place.
    let after_object = object.unwrap_or(v + 1) + 1;
    if toks
        .get(after_object)
        .is_some_and(|t| t.is(&words().word.back))
    {
        return None;
    }
    let s = subject_before(toks, v)?;
    let w = faction_at(toks, s)?;
    let place = super::patterns::pronoun_antecedent(toks, s)?;
    let lex = lexicon::en();
    let clause_break = (place + 1..s).any(|k| {
        toks[k].is_punct(",")
            || toks[k].is_punct(";")
            || toks[k].is_any(&words().patterns.connectors)
            || (matches!(toks[k].kind, super::tokens::Kind::Word)
                && lex.subordinators.contains(toks[k].w.as_ref()))
    });
    if !clause_break {
        return None;
    }
    let loser = object.and_then(|o| faction_at(toks, o));
    let h = hedges::factor(toks, Some(s), v);
    let mut c = cx.claim(
        toks,
        place,
        w,
        Relation::Captured,
        0.8 * h * cx.actor_weight(toks, s),
        Scope::Holdable,
    )?;
    c.counterpart = loser.map(|o| cx.faction_id(o));
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{claims, t, triples};

    #[test]
    fn an_aim_to_expel_a_side_says_it_holds_the_place() {
        assert_eq!(
            triples("Turkish-backed fighters advanced, aiming to drive IS out of Jarabulus."),
            vec![t("Jarabulus", "isis", "holds")]
        );
        // A success word makes it the expulsion.
        assert_eq!(
            triples("The SDF managed to drive IS out of Manbij."),
            vec![t("Manbij", "sdf", "captured")]
        );
    }

    #[test]
    fn an_expulsion_of_a_pronoun_is_from_the_place_of_the_clause_before() {
        let got = triples("IS seized Manbij in 2014, and the SDF drove it out in 2016.");
        assert!(got.contains(&t("Manbij", "sdf", "captured")), "{got:?}");
        let got = triples("IS overran Raqqa in 2014 before the SDF expelled it in 2017.");
        assert!(got.contains(&t("Raqqa", "sdf", "captured")), "{got:?}");
        // Beaten back, no one left; and no place before, no claim.
        let got = triples("Rebels captured Azaz and the army drove them back.");
        assert!(!got.iter().any(|c| c.1 == "government"), "{got:?}");
        assert!(triples("The SDF drove IS out on Monday.").is_empty());
    }

    #[test]
    fn active_captures_with_lists() {
        assert_eq!(
            triples("Syrian troops on Sunday captured Kafr Laha, Beit Salim and the nearby village of Qasr Abyad."),
            vec![t("Kafr Laha", "government", "captured"), t("Beit Salim", "government", "captured"), t("Qasr Abyad", "government", "captured")]
        );
        assert_eq!(
            triples("Kurdish fighters took full control of the town of Tell Rifaat after heavy fighting."),
            vec![t("Tell Rifaat", "sdf", "captured")]
        );
        assert_eq!(
            triples("The SDF entered Manbij on Friday."),
            vec![t("Manbij", "sdf", "captured")]
        );
    }

    #[test]
    fn subject_skips_helpers_in_prepositional_phrases() {
        assert_eq!(
            triples("Government forces, backed by Russian jets and Hezbollah fighters, retook Beit Salim."),
            vec![t("Beit Salim", "government", "captured")]
        );
        assert_eq!(
            triples("Rebels, under fire from pro-government militias, seized Kafr Laha."),
            vec![t("Kafr Laha", "opposition", "captured")]
        );
    }

    #[test]
    fn passive_and_inverted_captures() {
        assert_eq!(
            triples(
                "In Afrin, which was captured by Turkish-backed rebels on Sunday, shops reopened."
            ),
            vec![t("Afrin", "turkey", "captured")]
        );
        assert_eq!(
            triples(
                "Among the villages seized by the Islamic State were Kafr Laha and Beit Salim."
            ),
            vec![
                t("Kafr Laha", "isis", "captured"),
                t("Beit Salim", "isis", "captured")
            ]
        );
    }

    #[test]
    fn fell_to_with_pronoun() {
        assert_eq!(
            triples(
                "Syrian army units pressed on after the village of Kafr Laha fell to them at dawn."
            ),
            vec![t("Kafr Laha", "government", "captured")]
        );
        assert_eq!(
            triples("Marea fell to the Islamic State."),
            vec![t("Marea", "isis", "captured")]
        );
    }

    #[test]
    fn losses_and_withdrawals() {
        assert_eq!(
            triples("Insurgents withdrew from Kafr Laha overnight."),
            vec![t("Kafr Laha", "opposition", "lost")]
        );
        assert_eq!(
            triples("The rebels retreated to Marea, their last bastion."),
            vec![t("Marea", "opposition", "holds")]
        );
        let c = claims("The Islamic State lost Jarabulus to Turkish-backed rebels.");
        assert_eq!(
            (
                c[0].name.as_str(),
                c[0].faction.as_str(),
                c[0].relation.as_str()
            ),
            ("Jarabulus", "turkey", "captured")
        );
        assert_eq!(c[0].counterpart.as_deref(), Some("isis"));
        assert_eq!(
            triples("The SDF drove IS fighters out of Manbij."),
            vec![t("Manbij", "sdf", "captured")]
        );
        assert_eq!(
            triples("IS militants were driven out of Manbij."),
            vec![t("Manbij", "isis", "lost")]
        );
        // A gerund opening the sentence: the main clause's side drove IS out.
        assert_eq!(
            triples("After driving IS out of Manbij, the SDF pushed north."),
            vec![t("Manbij", "sdf", "captured")]
        );
        // A headline's passive without its auxiliary, the agent after "by".
        assert_eq!(
            triples("IS driven out of Manbij by the SDF"),
            vec![t("Manbij", "sdf", "captured")]
        );
    }

    #[test]
    fn hedges_and_negation_block_or_lower() {
        assert!(
            triples("Syrian troops failed to take Kafr Laha despite days of shelling.").is_empty()
        );
        assert!(triples("Rebels attempted to storm Kafr Laha.").is_empty());
        assert!(triples("The army has not captured Kafr Laha, activists said.").is_empty());
        assert!(triples("Rebels denied that troops had seized Kafr Laha.").is_empty());
        // Fighting to drive a side out says who holds the place, not who took it.
        assert_eq!(
            triples("The SDF had fought since June to drive IS out of Manbij."),
            vec![t("Manbij", "isis", "holds")]
        );
        assert!(triples("Troops could capture Azaz within days, a commander said.").is_empty());
        assert!(triples("Turkish troops threatened to seize Tell Rifaat.").is_empty());
        let sure = claims("Syrian troops captured Kafr Laha.");
        let hedged = claims("Syrian troops claimed to have captured Kafr Laha.");
        assert_eq!(hedged.len(), 1);
        assert!(hedged[0].confidence < sure[0].confidence);
    }

    #[test]
    fn demonyms_and_countries_are_not_claims() {
        assert!(triples(
            "Russian air sorties helped the army, and Turkish artillery fired from Turkey."
        )
        .is_empty());
        assert!(triples("The rebels captured Russia's attention.").is_empty());
    }

    #[test]
    fn other_actors_are_not_factions() {
        assert!(triples("The Iraqi army captured Kafr Laha.").is_empty());
    }

    #[test]
    fn quote_and_span_are_the_sentence() {
        let text = "Talks stalled. Syrian troops captured Kafr Laha on Monday. More later.";
        let c = claims(text);
        assert_eq!(&*c[0].quote, "Syrian troops captured Kafr Laha on Monday.");
        assert_eq!(&text[c[0].start..c[0].end], &*c[0].quote);
        assert_eq!(c[0].date, crate::report::parse_date("2016-02-10"));
    }
}

#[cfg(test)]
mod speaker_tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn we_in_a_quote_is_the_speaker() {
        assert_eq!(
            triples("\"We captured Beit Salim this morning,\" a commander of the Free Syrian Army told reporters."),
            vec![t("Beit Salim", "opposition", "captured")]
        );
        assert!(triples("\"We captured Beit Salim,\" a resident said.").is_empty());
    }
}

#[cfg(test)]
mod from_tests {
    use super::super::testkit::claims;

    #[test]
    fn taken_from_names_the_former_holder() {
        let c = claims("The SDF captured Tell Rifaat from rebels on Monday.");
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].faction.as_str(), c[0].counterpart.as_deref()),
            ("sdf", Some("opposition"))
        );
    }
}

#[cfg(test)]
mod agentless_tests {
    use super::super::testkit::{claims, t, triples};

    #[test]
    fn passive_without_agent_takes_the_side_of_the_offensive_just_stated() {
        assert_eq!(
            triples("On Monday Kurdish fighters began to push into Tell Rifaat from the east. The town was fully retaken two days later."),
            vec![t("Tell Rifaat", "sdf", "captured")]
        );
        assert_eq!(
            triples(
                "Rebels launched an offensive on Marea at dawn. By nightfall Marea had fallen."
            ),
            vec![t("Marea", "opposition", "captured")]
        );
        // The borrowed agent is believed less than a named one.
        let borrowed =
            claims("Syrian troops attacked Kafr Laha on Sunday. Kafr Laha was captured on Monday.");
        let named = claims("Kafr Laha was captured by Syrian troops on Monday.");
        assert_eq!(borrowed.len(), 1);
        assert!(borrowed[0].confidence < named[0].confidence);
    }

    #[test]
    fn in_a_war_of_two_sides_the_last_holders_opponent_takes_the_place() {
        use crate::gazetteer::PlaceKind;
        let places = [("t:kup", "Kupiansk", PlaceKind::Town, 37.6, 36.1)];
        let taken = vec![t("t:kup", "ukraine", "captured")];
        for (text, want) in [
            ("Kupiansk was occupied by Russian forces in February and liberated in September.", &taken),
            ("Kupiansk was occupied by Russian forces in February. The town was liberated in September.", &taken),
            ("Kupiansk was occupied by Russian forces in February. It was liberated in September.", &taken),
            // No holder told before: no taker.
            ("Kupiansk was liberated in September.", &vec![]),
        ] {
            let got = super::super::testkit::two_sided_claims_in(&places, "2023-01-01", text);
            assert_eq!(&got, want, "{text}");
        }
        // A war of several sides names no taker so.
        assert!(
            triples("Azaz was held by the Islamic State until it was recaptured in March.")
                .iter()
                .all(|c| c.2 != "captured")
        );
    }

    #[test]
    fn no_offensive_no_failed_one_no_claim() {
        assert!(triples("Kafr Laha was captured in 2013, residents said.").is_empty());
        assert!(triples(
            "Rebels attacked Marea on Friday but were driven back. The town was captured a week later."
        )
        .is_empty());
        // Too far back: four sentences of other news in between.
        assert!(triples(
            "Rebels attacked Marea on Friday. Aid was scarce. Schools shut. Prices rose. Talks went on. Marea was captured later."
        )
        .is_empty());
        assert!(triples("Syrian troops shelled Azaz and the market fell silent.").is_empty());
    }

    #[test]
    fn a_place_inside_another_phrase_is_not_the_subject() {
        assert!(triples(
            "Syrian troops attacked Azaz on Sunday. Dozens of fighters in Azaz were captured."
        )
        .iter()
        .all(|c| c.2 != "captured"));
        assert!(
            triples("Rebels stormed the prison. Residents of Marea were taken to hospital.")
                .is_empty()
        );
    }

    #[test]
    fn agentless_passive_is_no_longer_read_as_active() {
        // Before: the subject search found "rebels" and gave them the town.
        assert!(
            !triples("After the rebels withdrew, Azaz was fully retaken.").contains(&t(
                "Azaz",
                "opposition",
                "captured"
            ))
        );
    }
}

#[cfg(test)]
mod respectively_tests {
    use super::super::testkit::{claims, t, triples};

    #[test]
    fn lost_to_winners_respectively_pairs_them_in_order() {
        assert_eq!(
            triples("The Islamic State lost Manbij and Jarabulus to the SDF and Turkish-backed rebels, respectively."),
            vec![t("Manbij", "sdf", "captured"), t("Jarabulus", "turkey", "captured")]
        );
        // One of the winners is no faction: only the last pair is sure.
        let c = claims("The Islamic State lost Manbij and Jarabulus to Peshmerga and Syrian troops, respectively.");
        let got: Vec<_> = c
            .iter()
            .map(|c| (c.name.as_str(), c.faction.as_str(), c.relation.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Manbij", "isis", "lost"),
                ("Jarabulus", "government", "captured")
            ]
        );
    }
}

#[cfg(test)]
mod more_change_tests {
    use super::super::testkit::{claims, t, triples};

    #[test]
    fn object_relative_clause() {
        assert_eq!(
            triples("Shells hit Azaz, which rebels seized last year."),
            vec![t("Azaz", "opposition", "captured")]
        );
    }

    #[test]
    fn capture_and_fall_as_nouns_with_the_agent_after_the_place() {
        assert_eq!(
            triples("After the capture of Manbij by the SDF, aid trucks arrived."),
            vec![t("Manbij", "sdf", "captured")]
        );
        assert_eq!(
            triples("Rebels mourned the fall of Marea to the Islamic State."),
            vec![t("Marea", "isis", "captured")]
        );
        // Not the subject's capture.
        assert_eq!(
            triples("Rebels condemned the capture of Azaz by Kurdish fighters."),
            vec![t("Azaz", "sdf", "captured")]
        );
        assert!(triples("The fall of Aleppo shocked the rebels.").is_empty());
    }

    #[test]
    fn pushing_into_a_place_contests_it() {
        let c = claims("Syrian troops pushed into the rebel-held town of Marea on Tuesday.");
        let c: Vec<_> = c.iter().filter(|c| c.faction == "government").collect();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (
                c[0].name.as_str(),
                c[0].relation.as_str(),
                c[0].counterpart.as_deref()
            ),
            ("Marea", "contested", Some("opposition"))
        );
        assert_eq!(
            triples("Kurdish fighters fought their way into Tell Rifaat."),
            vec![t("Tell Rifaat", "sdf", "contested")]
        );
        // Repelled, or taken in the same breath: not contested.
        assert!(triples("Rebels broke into Azaz at dawn but were driven back.").is_empty());
        assert_eq!(
            triples("Troops pushed into Marea and took full control of the town."),
            vec![t("Marea", "government", "captured")]
        );
    }

    #[test]
    fn handing_over_ceding_surrendering() {
        let c = claims("Rebels handed over the town of Kafr Laha to the Syrian army.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (
                c[0].faction.as_str(),
                c[0].relation.as_str(),
                c[0].counterpart.as_deref()
            ),
            ("government", "captured", Some("opposition"))
        );
        assert_eq!(
            triples("Under the deal, Beit Salim was handed over to government forces."),
            vec![t("Beit Salim", "government", "captured")]
        );
        assert_eq!(
            triples("The Islamic State ceded Jarabulus to Turkish-backed rebels."),
            vec![t("Jarabulus", "turkey", "captured")]
        );
        assert!(triples("Food was handed over to residents of Azaz.").is_empty());
        assert!(triples("Dozens of rebels surrendered in Azaz.").is_empty());
    }

    #[test]
    fn returned_to_control() {
        assert_eq!(
            triples("Tell Rifaat returned to Kurdish control on Friday."),
            vec![t("Tell Rifaat", "sdf", "captured")]
        );
        assert!(
            triples("Life returned to normal in Azaz after the rebels left.")
                .iter()
                .all(|c| c.2 != "captured")
        );
    }
}

#[cfg(test)]
mod passive_from_tests {
    use super::super::testkit::claims;

    #[test]
    fn taken_from_one_side_by_another() {
        let c = claims("Manbij was liberated from the Islamic State by the SDF in August.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (
                c[0].faction.as_str(),
                c[0].relation.as_str(),
                c[0].counterpart.as_deref()
            ),
            ("sdf", "captured", Some("isis"))
        );
        // "from" without "by", in a war of many sides: no agent, so no
        // capture; the side after "from" lost the place (`clearing.from`).
        let c = claims("Manbij was liberated from the Islamic State in August.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (c[0].faction.as_str(), c[0].relation.as_str()),
            ("isis", "lost")
        );
    }
}

#[cfg(test)]
mod victory_tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn declaring_victory_in_a_place_is_taking_it() {
        assert_eq!(
            triples("Kurdish-led fighters declared victory in Tell Rifaat on Tuesday."),
            vec![t("Tell Rifaat", "sdf", "captured")]
        );
        // Victory over a faction names no place.
        assert!(triples("The army declared victory over the rebels.").is_empty());
    }
}

#[cfg(test)]
mod pluperfect_tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn a_past_perfect_event_is_older_than_the_plain_past_one() {
        assert_eq!(
            triples("Rebels retook the town of Azaz, which had fallen to government forces two years earlier."),
            vec![t("Azaz", "opposition", "captured")]
        );
        assert_eq!(
            triples("Azaz had been captured by government forces in 2014. Rebels retook Azaz on Tuesday."),
            vec![t("Azaz", "opposition", "captured")]
        );
        // Told after the plain past, the past perfect is still the older event.
        assert_eq!(
            triples(
                "Rebels retook Azaz on Tuesday. Government forces had seized the town in 2014."
            ),
            vec![t("Azaz", "opposition", "captured")]
        );
    }

    #[test]
    fn a_past_perfect_event_alone_still_counts() {
        assert_eq!(
            triples("Azaz, which had fallen to government forces, was quiet on Tuesday."),
            vec![t("Azaz", "government", "captured")]
        );
    }
}
