//! The grammar engine over the language file ([`super::lexicon`]): frames
//! matched on the chunks of one clause, every word they test read from
//! `geodata/lang/<lang>.toml`.
//!
//! A clause runs between the language's clause breaks (";", ":", brackets,
//! quotes, "but", "while" …); no frame reaches across one. Chunks are the
//! token stream's atoms (faction phrases, place mentions with their
//! coordination, anaphors resolved in [`super::tokens`]) and the noun-phrase
//! helpers of [`super::patterns`]. The frames:
//!
//! - **nominal**: "the <noun> [gap] of <places> [<prep> <actor>]" — "the
//!   capture overnight of Y by X", "the fall of Y to X". Without a stated
//!   agent (when the frame allows it): the actor right before the noun ("the
//!   army's capture of Y"), the main clause's subject after an instrumental
//!   opening ("With the capture of Y, the army reached …"), else the side of
//!   the offensive told just before, with less confidence.
//! - **clearing**: "<places> (was|is now) <word> of <actor>" and "<actor>
//!   <word> <places> of <actor>" — "Y was cleared of all rebel groups", "the
//!   province is now free of militants".
//! - **area holder**: a holder modifier on an area ("the rebel-held province
//!   of Y"): the pattern families stop at settlements; an explicit holder of a
//!   province is a statement about the province.
//!
//! This engine runs beside the older pattern families and only adds: a place
//! they already claimed in the sentence keeps their reading. Each claim
//! carries its frame id and trigger word in `rule`.

use super::actors::{HeldKind, HitKind};
use super::lexicon::{self, ClearingFrame, Lexicon, NominalFrame, NominalRelation, PresenceFrame};
use super::patterns::{
    faction_at, first_actor_in, is_filler, places_after, places_before, PlaceList,
};
use super::tokens::{Kind, Tok};
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};
use crate::gazetteer::PlaceKind;

/// The claims of every frame in the sentence `toks`, except on places
/// `already` claimed by the pattern families.
pub(crate) fn run(cx: &Cx, toks: &[Tok], already: &mut [Claim], out: &mut Vec<Claim>) {
    let lex = lexicon::en();
    let mut found = Vec::new();
    // Changes of hands that follow every other one of the sentence (`supersedes`).
    let mut handed = Vec::new();
    for i in 0..toks.len() {
        let t = &toks[i];
        if let Some((Some(f), HitKind::Held(HeldKind::Held))) = t.actor() {
            area_holder(cx, lex, toks, i, f, &mut found);
            continue;
        }
        if !matches!(t.kind, Kind::Word) || !lex.triggers.contains(t.w.as_ref()) {
            continue;
        }
        for frame in &lex.nominal {
            if frame.nouns.iter().any(|n| t.is(n)) {
                nominal(cx, lex, frame, toks, i, &mut found);
            }
        }
        for frame in &lex.clearing {
            if frame.words.iter().any(|w| t.is(w)) {
                clearing(cx, lex, frame, toks, i, &mut found);
            }
        }
        for frame in &lex.presence {
            if frame.words.iter().any(|w| t.is(w)) {
                presence(cx, lex, frame, toks, i, &mut found);
            }
        }
        for frame in &lex.event {
            if frame.words.iter().any(|w| t.is(w)) {
                let into = if frame.supersedes {
                    &mut handed
                } else {
                    &mut found
                };
                super::events::event(cx, lex, frame, toks, i, already, into);
            }
        }
    }
    // The verb frames add only places neither the pattern families nor the
    // frames above said anything about in this sentence.
    let mut verbal = Vec::new();
    super::verbs::run(cx, toks, &mut verbal);
    verbal.retain(|c| !found.iter().any(|a| a.place_id == c.place_id));
    // A change of hands may follow a holder the families read in the same
    // sentence ("Y had been held by the rebels before the army retook it"):
    // supersession then keeps the later event. A loss names no new holder,
    // which a frame may add ("the rebels left Y under a deal with the
    // government").
    // "Nusra seized Y, and control of it was transferred to IS": another side's capture of
    // the place in the same sentence came before the handover.
    for a in already.iter_mut() {
        if a.relation == Relation::Captured
            && handed
                .iter()
                .any(|h: &Claim| h.place_id == a.place_id && h.faction != a.faction)
        {
            a.earlier = true;
        }
    }
    verbal.retain(|c| !handed.iter().any(|h| h.place_id == c.place_id));
    found.retain(|c| !handed.iter().any(|h| h.place_id == c.place_id));
    out.extend(handed);
    out.extend(found.into_iter().chain(verbal).filter(|c| {
        !already.iter().any(|a| {
            a.place_id == c.place_id
                && !(matches!(a.relation, Relation::Holds | Relation::Lost)
                    && c.relation == Relation::Captured
                    && a.faction != c.faction
                    && a.start == c.start)
        })
    }));
}

/// Whether token `k` names a faction as an actor (not a holder modifier,
/// not an actor outside every faction).
fn actor_faction(toks: &[Tok], k: usize) -> Option<usize> {
    match toks.get(k)?.actor()? {
        (Some(f), HitKind::Name | HitKind::Weak | HitKind::Adjective) => Some(f),
        _ => None,
    }
}

/// "the capture [gap] of Y [by X]", "the fall of Y to X".
fn nominal(
    cx: &Cx,
    lex: &Lexicon,
    frame: &NominalFrame,
    toks: &[Tok],
    i: usize,
    out: &mut Vec<Claim>,
) {
    // A noun, not a verb: a determiner or possessive within three words
    // before it ("the swift capture", "Saturday's capture", "its seizure").
    let determined = (i.saturating_sub(3)..i)
        .rev()
        .any(|k| in_set(&toks[k], &lex.determiners) || actor_faction(toks, k).is_some());
    if !determined {
        return;
    }
    let (cs, ce) = lex.clause_bounds(toks, i);
    // "the withdrawal of Russian troops from Y": the agent before the link.
    let mut gap_from = i + 1;
    let mut of_agent = None;
    let of_link = super::words::words().word.of.contains(frame.link.as_str());
    if !of_link
        && toks
            .get(i + 1)
            .is_some_and(|t| t.is(&super::words::words().word.of))
    {
        if let Some(f) = actor_faction(toks, i + 2) {
            of_agent = Some((f, cx.actor_weight(toks, i + 2)));
            gap_from = i + 3;
        }
    }
    let link = (gap_from..(gap_from + 1 + frame.max_gap).min(ce))
        .take_while(|&k| matches!(toks[k].kind, Kind::Word))
        .find(|&k| toks[k].is(&frame.link));
    // A block word set off by a comma is an opening of its own ("Before
    // that, the army confirmed the capture of Y"), not the nominal's.
    let phrase = (cs..i)
        .rev()
        .find(|&k| toks[k].is_punct(","))
        .map_or(cs, |k| k + 1);
    if toks[phrase..i]
        .iter()
        .any(|t| in_set(t, &lex.nominal_blocks))
    {
        return;
    }
    // Where the place list starts ("of" + 1), or, for "Palmyra's
    // recapture", the noun itself (no words of the list before the place).
    let (list_from, l) = match link {
        Some(of) => {
            let l = places_after(toks, of + 1);
            // "the liberation of five villages": a counted group a later list may name.
            let counted = frame.relation == NominalRelation::Captured && l.vague.is_some();
            // A list of members after a colon ends the clause the noun is in:
            // "the liberation of five villages: A, B and C".
            let colon = &super::words::words().patterns.list_colon;
            let past_colon = l.places.first().is_some_and(|&(p, _)| {
                toks[of + 1..p]
                    .iter()
                    .any(|t| super::lists::punct_in(t, colon))
            });
            if (l.places.is_empty() && !counted) || (l.end > ce && !past_colon) {
                return;
            }
            (of + 1, l)
        }
        None if of_link => {
            let Some(j) = possessive_place(cx, toks, i, cs) else {
                return;
            };
            let l = PlaceList {
                places: vec![(j, false)],
                end: i + 1,
                ..PlaceList::default()
            };
            (i, l)
        }
        None => return,
    };
    let base = lex.confidence(&frame.confidence) * hedges::factor(toks, None, i);
    // A stated agent phrase naming no faction ("by forces allied with …")
    // is no licence to borrow one either.
    // "the liberation of A and its surrounding villages by X": the agent
    // follows the unnamed tail of the list.
    let after = super::lists::surroundings_end(toks, l.end).map_or(l.end, |k| k + 1);
    let stated = (after..(after + 3).min(ce))
        .find(|&k| frame.agent_preps.iter().any(|p| toks[k].is(p)))
        .map(|k| {
            first_actor_in(toks, k + 1, (k + 8).min(ce))
                .and_then(|a| faction_at(toks, a).map(|f| (f, cx.actor_weight(toks, a))))
        });
    let agent = match stated {
        _ if frame.possessive_agent => possessive_actor(cx, toks, i, cs),
        Some(None) => return,
        Some(found) => found,
        None if of_agent.is_some() => of_agent,
        None if frame.relation != NominalRelation::Captured => clause_agent(cx, toks, cs, i),
        None if declared_by(frame, lex, toks, i, cs).is_some() => {
            declared_by(frame, lex, toks, i, cs).and_then(|v| clause_agent(cx, toks, cs, v))
        }
        None if !frame.borrow_agent => None,
        None => borrowed_agent(cx, lex, toks, i, l.end),
    };
    // "the liberation of Y from IS": the side after "from" held Y and lost it
    // (as in the clearing frame's "Y was liberated from X"). The agent, when
    // none is named or borrowed, is its opponent in a two-sided war; in a war
    // of many sides only the loss is told.
    let freed_from = (frame.relation == NominalRelation::Captured && link.is_some())
        .then(|| {
            toks.get(after)
                .filter(|t| t.is(&super::words::words().word.from))
        })
        .flatten()
        .and_then(|_| first_actor_in(toks, after + 1, (after + 5).min(ce)))
        .and_then(|a| actor_faction(toks, a));
    let agent = agent.filter(|&(f, _)| Some(f) != freed_from).or_else(|| {
        let loser = freed_from?;
        cx.factions
            .two_sided()
            .then(|| cx.opponent(loser))
            .flatten()
            .map(|f| (f, 1.0))
    });
    let rule = format!("{}:{}", frame.id, toks[i].w);
    let Some((f, weight)) = agent else {
        if let Some(loser) = freed_from {
            for &(j, partial) in &l.places {
                let rel = if partial {
                    Relation::Contested
                } else {
                    Relation::Lost
                };
                if let Some(mut c) = cx.claim(toks, j, loser, rel, base, Scope::Holdable) {
                    c.rule = Some(rule.clone());
                    out.push(c);
                }
            }
        }
        return;
    };
    let counterpart = l.held.map(|(h, _)| h).or(freed_from).filter(|&h| h != f);
    // "the regions of A and B": only places the gazetteer knows as areas.
    let areas_only = toks[list_from..l.places.first().map_or(list_from, |p| p.0).max(list_from)]
        .iter()
        .any(|t| t.is_any(&super::words::words().held.area_heads));
    for &(j, partial) in &l.places {
        if areas_only && !super::held::is_area_mention(cx, toks, j) {
            continue;
        }
        let (rel, scope) = match frame.relation {
            // "a withdrawal from the regions of A and B", "an incursion into
            // A province": an area may be left or entered as a whole.
            NominalRelation::Lost => (Relation::Lost, Scope::AllowAreas),
            NominalRelation::Contested => (Relation::Contested, Scope::AllowAreas),
            NominalRelation::Holds if partial => (Relation::Contested, cx.share_scope(toks, j)),
            NominalRelation::Holds => (Relation::Holds, Scope::AllowAreas),
            NominalRelation::Captured if partial => (Relation::Contested, cx.share_scope(toks, j)),
            NominalRelation::Captured => (Relation::Captured, Scope::Holdable),
        };
        if let Some(mut c) = cx.claim(toks, j, f, rel, base * weight, scope) {
            c.counterpart = counterpart.map(|o| cx.faction_id(o));
            c.rule = Some(rule.clone());
            out.push(c);
        }
    }
    if let (Some((n, noun)), true) = (l.vague, l.places.is_empty()) {
        let mut c = cx.counted_capture(toks, n, noun, f, base * weight * 0.8);
        c.counterpart = counterpart.map(|o| cx.faction_id(o));
        c.rule = Some(rule);
        out.push(c);
    }
}

/// The side whose act a withdrawal or incursion noun names when no agent is
/// stated: the actor right before it ("Kyiv's incursion"), else the one
/// faction named as an actor earlier in its clause ("Russian forces are
/// making a rapid withdrawal from …").
fn clause_agent(cx: &Cx, toks: &[Tok], cs: usize, noun: usize) -> Option<(usize, f32)> {
    // "Kyiv's incursion": a capital that names its government.
    if let Some(f) =
        (noun.saturating_sub(3).max(cs)..noun).find_map(|k| possessive_government(cx, toks, k))
    {
        return Some((f, WEAK_NAME));
    }
    let mut found: Option<(usize, usize)> = None;
    for k in (cs..noun).rev() {
        if let Some(f) = actor_faction(toks, k) {
            match found {
                None => found = Some((k, f)),
                Some((_, g)) if g != f => return None,
                Some(_) => {}
            }
        }
    }
    found.map(|(k, f)| (f, cx.actor_weight(toks, k)))
}

/// "the army declared the fall of Y": the declaring verb (`declaring_verbs` of the frame)
/// right before the noun, its determiners skipped.
fn declared_by(
    frame: &NominalFrame,
    lex: &Lexicon,
    toks: &[Tok],
    noun: usize,
    cs: usize,
) -> Option<usize> {
    let mut k = noun.checked_sub(1)?;
    while k > cs && in_set(&toks[k], &lex.determiners) {
        k -= 1;
    }
    (k >= cs && frame.declaring_verbs.iter().any(|v| toks[k].is(v))).then_some(k)
}

/// "the regime forces' control over Y", "IS's tight grip on Y": the side
/// whose possessive stands right before the noun at `noun`.
fn possessive_actor(cx: &Cx, toks: &[Tok], noun: usize, cs: usize) -> Option<(usize, f32)> {
    let j = possessor(toks, noun, cs)?;
    actor_faction(toks, j).map(|f| (f, cx.actor_weight(toks, j)))
}

/// "Palmyra's recapture", "Aleppo's swift fall": the place whose possessive
/// stands before the noun at `noun`, when it names no side ("Kyiv's
/// incursion" is the government's act).
fn possessive_place(cx: &Cx, toks: &[Tok], noun: usize, cs: usize) -> Option<usize> {
    let j = possessor(toks, noun, cs)?;
    let t = &toks[j];
    if t.place().is_none() || t.is_around() || possessive_government(cx, toks, j).is_some() {
        return None;
    }
    Some(j)
}

/// The token whose possessive stands before the noun at `noun` (at most one
/// filler between), inside the clause starting at `cs`.
/// Whether the tokens at `at` are a possessive mark: an apostrophe (straight or curly)
/// and its "s", a determiner of the language file ("Jabal al-Akrad's villages").
pub(crate) fn possessive_mark_at(toks: &[Tok], at: usize) -> bool {
    toks.get(at).is_some_and(apostrophe)
        && toks
            .get(at + 1)
            .is_some_and(|t| in_set(t, &lexicon::en().determiners))
}

fn apostrophe(t: &Tok) -> bool {
    t.is_punct("'") || t.is_punct("\u{2019}")
}

fn possessor(toks: &[Tok], noun: usize, cs: usize) -> Option<usize> {
    let lex = lexicon::en();
    let mut k = noun;
    if k > cs + 3 && is_filler(&toks[k - 1]) && !in_set(&toks[k - 1], &lex.determiners) {
        k -= 1;
    }
    // The possessive mark: the apostrophe and its "s" (a determiner of the
    // language file), or the apostrophe alone after a final s.
    let mark = if k >= 2 && in_set(&toks[k - 1], &lex.determiners) && apostrophe(&toks[k - 2]) {
        k - 2
    } else {
        k.checked_sub(1)?
    };
    if mark <= cs || !apostrophe(&toks[mark]) {
        return None;
    }
    Some(mark - 1)
}

/// How much a side named only by its capital ("Kyiv's incursion") is
/// believed, as for a weak name read as an actor.
const WEAK_NAME: f32 = 0.7;

/// The faction whose weak name (a capital standing for its government) is
/// the place mention at `k`, when a possessive follows ("Moscow's
/// offensive", "Kyiv's incursion"): the geoparser reads the word as a place,
/// the possessive makes it an actor.
fn possessive_government(cx: &Cx, toks: &[Tok], k: usize) -> Option<usize> {
    let m = toks.get(k)?.place()?;
    let next = toks.get(k + 1)?;
    if !(next.is_punct("'") || next.is_punct("\u{2019}")) {
        return None;
    }
    let text = cx.mentions[m].text.as_str();
    cx.factions
        .all()
        .iter()
        .position(|f| f.weak_names.iter().any(|n| n.eq_ignore_ascii_case(text)))
}

/// The agent of a nominal that states none: the actor right before the noun
/// ("the army's capture of", "the rebel capture of"), the main clause's
/// subject after an instrumental opening ("With the capture of Y, the army
/// reached …"), else the side of the offensive told just before.
fn borrowed_agent(
    cx: &Cx,
    lex: &Lexicon,
    toks: &[Tok],
    noun: usize,
    list_end: usize,
) -> Option<(usize, f32)> {
    let before = (noun.saturating_sub(3)..noun).rev().find_map(|k| {
        actor_faction(toks, k)
            .map(|f| (f, cx.actor_weight(toks, k)))
            .or_else(|| possessive_government(cx, toks, k).map(|f| (f, WEAK_NAME)))
    });
    if before.is_some() {
        return before;
    }
    let borrowed = lex.confidence("borrowed");
    let first = toks.get(after_dateline(toks));
    let opening = first.is_some_and(|t| in_set(t, &lex.instrumental_openings));
    if opening && !(0..noun).any(|k| actor_faction(toks, k).is_some()) {
        if let Some((k, f)) = (list_end..toks.len())
            .take_while(|&k| !toks[k].is_punct(";"))
            .find_map(|k| actor_faction(toks, k).map(|f| (k, f)))
        {
            return Some((f, borrowed * cx.actor_weight(toks, k)));
        }
    }
    if first.is_some_and(|t| in_set(t, &lex.sequel_openings))
        && !(0..noun).any(|k| actor_faction(toks, k).is_some())
    {
        if let Some(k) = sequel_subject(toks, list_end) {
            if let Some(f) = actor_faction(toks, k) {
                return Some((f, borrowed * cx.actor_weight(toks, k)));
            }
        }
    }
    cx.offensive.map(|f| (f, borrowed))
}

/// The longest wire dateline before a sentence's first word ("AMMAN, March
/// 28 (AP) -").
const DATELINE_REACH: usize = 9;

/// Where a sentence's own words start: after a leading dateline ("BEIRUT
/// (AP) - After the capture of …", "Damascus, SANA - With the …"), told by
/// its shape — capitalised words, places, numbers and punctuation up to a
/// dash — else at its first token.
fn after_dateline(toks: &[Tok]) -> usize {
    let Some(dash) = (1..DATELINE_REACH.min(toks.len())).find(|&k| toks[k].is_punct("-")) else {
        return 0;
    };
    let dateline = toks[..dash].iter().all(|t| match t.kind {
        Kind::Punct => true,
        Kind::Word => t.upper || t.is_number(),
        _ => true,
    });
    if dateline {
        dash + 1
    } else {
        0
    }
}

/// How far after a fronted nominal's list its comma may stand ("After the
/// capture of A and its surrounding villages, …").
const SEQUEL_COMMA_REACH: usize = 6;

/// The main clause's subject after a fronted time phrase ("After the
/// liberation of A and B, the army advanced on C"): the actor right after
/// the phrase's comma, with only noun-phrase words between. A later actor
/// ("After the capture of A, warplanes struck rebels in B") is no subject of
/// the capture, nor is one after a second opening.
fn sequel_subject(toks: &[Tok], list_end: usize) -> Option<usize> {
    let comma = (list_end..(list_end + SEQUEL_COMMA_REACH).min(toks.len()))
        .find(|&k| toks[k].is_punct(","))?;
    (comma + 1..toks.len())
        .take_while(|&k| is_filler(&toks[k]) || actor_faction(toks, k).is_some())
        .find(|&k| actor_faction(toks, k).is_some())
}

/// "Y was cleared of militants", "the army cleared Y of rebels".
fn clearing(
    cx: &Cx,
    lex: &Lexicon,
    frame: &ClearingFrame,
    toks: &[Tok],
    i: usize,
    out: &mut Vec<Claim>,
) {
    let (cs, ce) = lex.clause_bounds(toks, i);
    let rule = format!("{}:{}", frame.id, toks[i].w);
    let loser_after = |k: usize| -> Option<usize> {
        if !toks.get(k).is_some_and(|t| t.is(&frame.link)) {
            return None;
        }
        first_actor_in(toks, k + 1, (k + 5).min(ce)).and_then(|a| actor_faction(toks, a))
    };
    // A pejorative whose enemy the report leaves unnamed ("cleared of terrorists" in an
    // outlet of a side with several enemies) is a loser of no side: the place still changes
    // hands.
    let unnamed_loser = |k: usize| {
        toks.get(k).is_some_and(|t| t.is(&frame.link))
            && (k + 1..(k + 3).min(ce)).any(|a| cx.voices.unnamed_enemy_at(toks[a].start))
    };
    // Active: "<actor> cleared <places> of <actor>".
    let l = places_after(toks, i + 1);
    if !l.places.is_empty() && l.end < ce {
        let loser = match loser_after(l.end) {
            Some(f) => Some(f),
            None if unnamed_loser(l.end) => None,
            None => return,
        };
        let Some(s) = super::patterns::subject_before(toks, i)
            .filter(|&s| s >= cs)
            .or_else(|| super::patterns::fronted_subject(toks, i))
        else {
            return;
        };
        let Some(winner) = actor_faction(toks, s).filter(|&w| Some(w) != loser) else {
            return;
        };
        let conf = lex.confidence(&frame.confidence)
            * hedges::factor(toks, Some(s), i)
            * cx.actor_weight(toks, s);
        for &(j, _) in &l.places {
            if let Some(mut c) =
                cx.claim(toks, j, winner, Relation::Captured, conf, Scope::AllowAreas)
            {
                c.counterpart = loser.map(|f| cx.faction_id(f));
                c.rule = Some(rule.clone());
                out.push(c);
            }
        }
        return;
    }
    // Passive or adjectival: "<places> (has now been) cleared of <actor>".
    let loser = match loser_after(i + 1) {
        Some(l) => Some(l),
        None if unnamed_loser(i + 1) => None,
        None => return,
    };
    let mut k = i;
    while k > cs && in_set(&toks[k - 1], &lex.stative_aux) {
        k -= 1;
    }
    let places: Vec<usize> = places_before(toks, k)
        .into_iter()
        .filter(|&j| j >= cs)
        .collect();
    let Some(&first) = places.first() else {
        return;
    };
    let h = hedges::factor(toks, Some(first), i);
    let base = lex.confidence(&frame.confidence) * h;
    // The agent: the clause's own subject ("the army said Y was cleared of
    // …"), else the loser's opponent when the war has two sides.
    let not_loser = |&(f, _): &(usize, f32)| Some(f) != loser;
    let subject = (cs..first)
        .filter(|&a| !super::patterns::is_oblique(toks, a))
        .find_map(|a| actor_faction(toks, a).map(|f| (f, cx.actor_weight(toks, a))))
        .filter(not_loser)
        .or_else(|| cleared_by(cx, toks, i, ce).filter(not_loser))
        .or_else(|| speaker_after(cx, lex, toks, i).filter(not_loser))
        // The report's voice ("…, SANA reported"): the side it speaks for cleared the place.
        .or_else(|| {
            cx.voices
                .side_in(&cx.report.text, cx.span)
                .map(|f| (f, 1.0))
                .filter(not_loser)
        });
    // The offensive told before is not borrowed here: a place declared free
    // of one side is often quoted from a third.
    let winner = subject.or_else(|| {
        cx.factions
            .two_sided()
            .then(|| loser.and_then(|l| cx.opponent(l)))
            .flatten()
            .map(|f| (f, 1.0))
    });
    for &j in &places {
        let c = match winner {
            Some((w, weight)) => cx
                .claim(
                    toks,
                    j,
                    w,
                    Relation::Captured,
                    base * weight,
                    Scope::AllowAreas,
                )
                .map(|mut c| {
                    c.counterpart = loser.map(|l| cx.faction_id(l));
                    c
                }),
            None => match loser {
                Some(l) => cx.claim(toks, j, l, Relation::Lost, base, Scope::AllowAreas),
                None => None,
            },
        };
        if let Some(mut c) = c {
            c.rule = Some(rule.clone());
            out.push(c);
        }
    }
}

/// "militants are holed up in Y", "Y, where the rebels are entrenched": the
/// side entrenched in a place holds it.
fn presence(
    cx: &Cx,
    lex: &Lexicon,
    frame: &PresenceFrame,
    toks: &[Tok],
    i: usize,
    out: &mut Vec<Claim>,
) {
    let (cs, ce) = lex.clause_bounds(toks, i);
    if frame.side_after {
        return presence_side_after(cx, lex, frame, toks, i, (cs, ce), out);
    }
    if frame.object_words.iter().any(|w| toks[i].is(w.as_str())) {
        if let Some(obj) = presence_object(lex, toks, i, ce) {
            return presence_of_object(cx, lex, frame, toks, i, obj, ce, out);
        }
    }
    let side_noun = |t: &Tok| frame.side_nouns.iter().any(|w| t.is(w.as_str()));
    let subject = super::patterns::subject_before(toks, i)
        .filter(|&s| s >= cs && actor_faction(toks, s).is_some())
        // "the influence of X has become limited to Y": the side after a noun of its hold.
        .or_else(|| {
            (cs..i)
                .find(|&n| {
                    side_noun(&toks[n])
                        && toks
                            .get(n + 1)
                            .is_some_and(|t| t.is(&super::words::words().word.of))
                        && actor_faction(toks, n + 2).is_some()
                })
                .map(|n| n + 2)
        });
    let Some(s) = subject.filter(|&s| s < i) else {
        return;
    };
    let Some(f) = actor_faction(toks, s) else {
        return;
    };
    if taken_object(lex, toks, s.min(i), cs) {
        return;
    }
    // Only auxiliaries and adverbs between the side and the word, a force
    // noun the faction phrase left out ("Syrian army units"), and a noun of
    // its hold after a possessive ("X's influence has become limited").
    if !toks[s + 1..i].iter().all(|t| {
        t.is_any(&super::words::words().patterns.partitive_heads)
            || in_set(t, &lex.stative_aux)
            || in_set(t, &lex.adverbs)
            || frame.between.iter().any(|w| t.is(w.as_str()))
            || side_noun(t)
            || t.is_punct("'")
            || in_set(t, &lex.determiners)
    }) {
        return;
    }
    let conf = lex.confidence(&frame.confidence)
        * hedges::factor(toks, Some(s), i)
        * cx.actor_weight(toks, s);
    let k = presence_prep(lex, frame, toks, i + 1, ce);
    let places: Vec<usize> = if k < ce && frame.preps.iter().any(|p| toks[k].is(p)) {
        let l = places_after(toks, k + 1);
        let after: Vec<usize> = l
            .places
            .iter()
            .filter(|&&(j, partial)| !partial && j < ce && !part_of_place(toks, j))
            .map(|&(j, _)| j)
            .collect();
        // "In Baghuz, the last IS fighters are holed up in a small camp".
        if after.is_empty() && l.places.is_empty() && !frame.prep_only {
            fronted_places(lex, toks, cs, s)
        } else {
            after
        }
    } else if frame.prep_only {
        Vec::new()
    } else {
        // "Y, where militants are holed up".
        let place = (cs..s)
            .rev()
            .find(|&w| toks[w].is(&super::words::words().word.r#where))
            .filter(|&w| w + 3 >= s)
            .and_then(|w| {
                let p = if w >= 1 && toks[w - 1].is_punct(",") {
                    w.checked_sub(2)?
                } else {
                    w.checked_sub(1)?
                };
                toks[p].place().map(|_| p)
            });
        match place {
            Some(p) => vec![p],
            // "In A and B, government troops are now entrenched".
            None => fronted_places(lex, toks, cs, s),
        }
    };
    let rule = format!("{}:{}", frame.id, toks[i].w);
    for j in places {
        if let Some(mut c) = cx.claim(toks, j, f, Relation::Holds, conf, Scope::Holdable) {
            c.rule = Some(rule.clone());
            out.push(c);
        }
    }
}

/// The places of a locative fronted before the clause's subject at `s`: "In
/// A, B and C, the rebels are entrenched" (the clause opens with the
/// preposition, its places end at a comma, and only determiners stand
/// between that comma and the subject).
fn fronted_places(lex: &Lexicon, toks: &[Tok], cs: usize, s: usize) -> Vec<usize> {
    if !toks
        .get(cs)
        .is_some_and(|t| t.is(&super::words::words().word.r#in))
    {
        return Vec::new();
    }
    let l = places_after(toks, cs + 1);
    let fronted = l.end < s
        && toks[l.end].is_punct(",")
        && toks[l.end + 1..s]
            .iter()
            .all(|t| in_set(t, &lex.determiners));
    if !fronted {
        return Vec::new();
    }
    l.places
        .iter()
        .filter(|&&(j, partial)| !partial && !part_of_place(toks, j))
        .map(|&(j, _)| j)
        .collect()
}

/// Whether the side's noun phrase starting at `start` is the object of a
/// verb of taking ("troops overran the last IS pockets in Y"): the event's
/// family owns the place, and the side held it only before.
fn taken_object(lex: &Lexicon, toks: &[Tok], start: usize, cs: usize) -> bool {
    let w = super::words::words();
    (start.saturating_sub(4).max(cs)..start)
        .rev()
        .take_while(|&k| {
            let t = &toks[k];
            in_set(t, &lex.determiners)
                || is_filler(t)
                || t.is_any(&w.held.event_verbs)
                || t.is_any(&w.held.seat_modifiers)
        })
        .any(|k| toks[k].is_any(&w.held.event_verbs))
}

/// Whether the place at `j` only owns the part named after it: "Palmyra's
/// outskirts", "Raqqa's old city".
fn part_of_place(toks: &[Tok], j: usize) -> bool {
    let w = super::words::words();
    toks.get(j + 1).is_some_and(|t| t.is_punct("'"))
        && toks.get(j + 2).is_some_and(|t| t.is("s"))
        && toks
            .get(j + 3)
            .is_some_and(|t| t.is_any(&w.patterns.partial))
}

/// The token after the frame word's particles ("holed up") and a locating
/// phrase ("remnants east of the Euphrates in …"), where the preposition
/// before the places must stand.
/// The side named as the object of a frame word, right after it (over
/// determiners): "besieged [the] rebels in Y".
fn presence_object(lex: &Lexicon, toks: &[Tok], i: usize, ce: usize) -> Option<usize> {
    (i + 1..(i + 3).min(ce))
        .take_while(|&k| actor_faction(toks, k).is_some() || in_set(&toks[k], &lex.determiners))
        .find(|&k| actor_faction(toks, k).is_some())
}

/// "Government forces besieged rebels in Y", "IS encircled government troops
/// in Y": the side shut in, the object of the frame word, holds the places
/// after the frame's preposition.
#[allow(clippy::too_many_arguments)]
fn presence_of_object(
    cx: &Cx,
    lex: &Lexicon,
    frame: &PresenceFrame,
    toks: &[Tok],
    i: usize,
    obj: usize,
    ce: usize,
    out: &mut Vec<Claim>,
) {
    let Some(f) = actor_faction(toks, obj) else {
        return;
    };
    let k = obj + 1;
    if !(k < ce && frame.preps.iter().any(|p| toks[k].is(p))) {
        return;
    }
    let conf = lex.confidence(&frame.confidence)
        * hedges::factor(toks, super::patterns::subject_before(toks, i), i)
        * cx.actor_weight(toks, obj);
    let rule = format!("{}:{}", frame.id, toks[i].w);
    let l = places_after(toks, k + 1);
    for &(j, partial) in &l.places {
        if partial || j >= ce || part_of_place(toks, j) {
            continue;
        }
        if let Some(mut c) = cx.claim(toks, j, f, Relation::Holds, conf, Scope::Holdable) {
            c.rule = Some(rule.clone());
            out.push(c);
        }
    }
}

fn presence_prep(
    lex: &Lexicon,
    frame: &PresenceFrame,
    toks: &[Tok],
    from: usize,
    ce: usize,
) -> usize {
    let mut k = from;
    // A particle that is also a preposition is the particle only first: "dug
    // in in A".
    while k < ce
        && frame.particles.iter().any(|p| toks[k].is(p))
        && !(k > from && frame.preps.iter().any(|p| toks[k].is(p)))
    {
        k += 1;
    }
    // "east of the Euphrates": a compass word, "of", and at most three words
    // or one place before the preposition.
    if k + 1 < ce
        && frame.locators.iter().any(|w| toks[k].is(w))
        && toks[k + 1].is(&super::words::words().word.of)
    {
        let prep = (k + 2..ce.min(k + 6))
            .find(|&n| frame.preps.iter().any(|p| toks[n].is(p)))
            .filter(|&n| {
                toks[k + 2..n].iter().all(|t| {
                    matches!(t.kind, Kind::Word | Kind::Place { .. }) && !lex.is_clause_break(t)
                })
            });
        if let Some(n) = prep {
            return n;
        }
    }
    k
}

/// "the remaining rebel fighters in A, B and C", "the last pocket of IS
/// fighters in Y", "remnants of IS in Y", "IS's remaining fighters in Y": the
/// side the frame word modifies, still in the places after it, holds them.
fn presence_side_after(
    cx: &Cx,
    lex: &Lexicon,
    frame: &PresenceFrame,
    toks: &[Tok],
    i: usize,
    (cs, ce): (usize, usize),
    out: &mut Vec<Claim>,
) {
    let w = super::words::words();
    if !frame.after_words.is_empty()
        && !(i.saturating_sub(2).max(cs)..i)
            .any(|k| frame.after_words.iter().any(|a| toks[k].is(a)))
    {
        return;
    }
    // A word the side's noun phrase may hold beside the side: a force noun
    // ("Jaish al-Islam fighters"), a count, a determiner, the frame's own.
    let np_word = |t: &Tok| {
        t.is_any(&w.patterns.partitive_heads)
            || frame.between.iter().any(|b| t.is(b.as_str()))
            || in_set(t, &lex.determiners)
            || (matches!(t.kind, Kind::Word) && t.w.chars().all(|c| c.is_ascii_digit() || c == ','))
    };
    // The side after the word, over "of" and the noun phrase's words.
    let after = (i + 1..ce.min(i + 5))
        .take_while(|&k| toks[k].is(&w.word.of) || np_word(&toks[k]))
        .last()
        .map_or(i + 1, |k| k + 1);
    let (s, rest) = match actor_faction(toks, after) {
        Some(_) if after < ce => (after, after + 1),
        // "IS's remaining fighters in Y": a possessive right before the word,
        // and a force noun after it.
        _ => {
            let s = (i.saturating_sub(3).max(cs)..i).find(|&k| {
                actor_faction(toks, k).is_some()
                    && toks[k + 1..i].iter().all(|t| t.is_punct("'") || t.is("s"))
                    && k + 1 < i
            });
            match s {
                Some(s)
                    if toks.get(i + 1).is_some_and(|t| {
                        t.is_any(&w.patterns.partitive_heads)
                            || frame.between.iter().any(|b| t.is(b.as_str()))
                    }) =>
                {
                    (s, i + 1)
                }
                _ => return,
            }
        }
    };
    let Some(f) = actor_faction(toks, s) else {
        return;
    };
    if taken_object(lex, toks, s.min(i), cs) {
        return;
    }
    let mut k = rest;
    while k < ce && np_word(&toks[k]) {
        k += 1;
    }
    let k = presence_prep(lex, frame, toks, k, ce);
    if !(k < ce && frame.preps.iter().any(|p| toks[k].is(p))) {
        return;
    }
    let conf = lex.confidence(&frame.confidence)
        * hedges::factor(toks, None, i)
        * cx.actor_weight(toks, s);
    let rule = format!("{}:{}", frame.id, toks[i].w);
    let l = places_after(toks, k + 1);
    // "the remaining rebels in Y left for Z": a stay the clause ends.
    let last = l.places.iter().map(|&(j, _)| j).max().unwrap_or(k);
    if toks[last.min(ce)..ce]
        .iter()
        .any(|t| t.is_any(&w.held.ended_by))
    {
        return;
    }
    for &(j, partial) in l.places.iter() {
        if partial || j >= ce || part_of_place(toks, j) {
            continue;
        }
        if let Some(mut c) = cx.claim(toks, j, f, Relation::Holds, conf, Scope::Holdable) {
            c.rule = Some(rule.clone());
            out.push(c);
        }
    }
}

/// "Y has been cleared of IS by the Free Syrian Army": the agent after the loser, a
/// side right after the first "by" within a few words of the loser's phrase.
fn cleared_by(cx: &Cx, toks: &[Tok], i: usize, ce: usize) -> Option<(usize, f32)> {
    let by = (i + 2..ce.min(i + 8)).find(|&k| toks[k].is(&super::words::words().word.by))?;
    let a = first_actor_in(toks, by + 1, (by + 4).min(ce))?;
    actor_faction(toks, a).map(|f| (f, cx.actor_weight(toks, a)))
}

/// The faction of a trailing attribution after token `from`: "…, the SDF
/// said", "…, a spokesman for the army announced".
pub(crate) fn speaker_after(
    cx: &Cx,
    lex: &Lexicon,
    toks: &[Tok],
    from: usize,
) -> Option<(usize, f32)> {
    let comma = (from..toks.len()).find(|&k| toks[k].is_punct(","))?;
    let verb = (comma + 1..toks.len().min(comma + 8))
        .find(|&k| in_set(&toks[k], &lex.attribution_verbs))?;
    (comma + 1..verb).find_map(|k| actor_faction(toks, k).map(|f| (f, cx.actor_weight(toks, k))))
}

/// The faction of an attribution before token `upto` in its sentence: "the SDF announced (on
/// Friday) that Y had been liberated", "Rebels said in a statement that …". The speaker is the
/// subject of the last verb of saying before `upto`, with no other side between that verb and
/// `upto` (else the clause names its own agent or loser).
pub(crate) fn speaker_before(
    cx: &Cx,
    lex: &Lexicon,
    toks: &[Tok],
    upto: usize,
) -> Option<(usize, f32)> {
    let upto = upto.min(toks.len());
    let verb = (0..upto)
        .rev()
        .find(|&k| in_set(&toks[k], &lex.attribution_verbs))?;
    if (verb + 1..upto).any(|k| actor_faction(toks, k).is_some() || lex.is_clause_break(&toks[k])) {
        return None;
    }
    let s = super::patterns::subject_before(toks, verb)?;
    actor_faction(toks, s).map(|f| (f, cx.actor_weight(toks, s)))
}

/// "the rebel-held province of Y", "IS-controlled Raqqa province": a holder
/// modifier on an area, which the pattern families leave alone.
fn area_holder(cx: &Cx, lex: &Lexicon, toks: &[Tok], i: usize, f: usize, out: &mut Vec<Claim>) {
    let mut k = i + 1;
    while k < toks.len()
        && k <= i + 4
        && toks[k].place().is_none()
        && (is_filler(&toks[k]) || lex.area_heads.contains(toks[k].w.as_ref()))
        && !lex.is_clause_break(&toks[k])
    {
        k += 1;
    }
    let Some(m) = toks.get(k).and_then(|t| t.place()) else {
        return;
    };
    if toks[k].is_around() {
        return;
    }
    let kind = cx.gazetteer.place(cx.mentions[m].place).kind;
    if !matches!(
        kind,
        PlaceKind::Governorate | PlaceKind::District | PlaceKind::Subdistrict | PlaceKind::Region
    ) {
        return;
    }
    let conf = lex.confidence("likely") * hedges::factor(toks, None, i);
    if let Some(mut c) = cx.claim(toks, k, f, Relation::Holds, conf, Scope::AllowAreas) {
        c.rule = Some(format!("area_holder:{}", toks[i].w));
        out.push(c);
    }
}

/// Whether a majority share introduces the place at `j` ("most of", "the
/// bulk of", "much of the province").
pub(crate) fn majority_before(toks: &[Tok], j: usize) -> bool {
    let lex = lexicon::en();
    let mut k = j;
    let mut steps = 0;
    while k > 0 && steps < 4 {
        k -= 1;
        steps += 1;
        let t = &toks[k];
        if !matches!(t.kind, Kind::Word) {
            return false;
        }
        if lex.majority_shares.contains(t.w.as_ref()) {
            return true;
        }
        if !(t.is(&super::words::words().word.of) || is_filler(t)) {
            return false;
        }
    }
    false
}

/// Whether `t` is a word of the lexicon's word set `set`.
fn in_set(t: &Tok, set: &crate::fasthash::HashSet<String>) -> bool {
    matches!(t.kind, Kind::Word) && set.contains(t.w.as_ref())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn a_fronted_nominal_takes_the_subject_right_after_its_comma() {
        assert!(
            triples("After the capture of Azaz, the army advanced on Marea.").contains(&t(
                "Azaz",
                "government",
                "captured"
            ))
        );
        assert!(
            triples("BEIRUT (AP) - After the capture of Azaz, the army advanced on Marea.")
                .contains(&t("Azaz", "government", "captured"))
        );
        // A later actor is no subject of the capture.
        assert!(
            !triples("After the capture of Azaz, warplanes struck the army near Marea.")
                .contains(&t("Azaz", "government", "captured"))
        );
    }

    #[test]
    fn the_side_shut_in_as_object_holds_the_place() {
        assert_eq!(
            triples("Government forces besieged rebels in Marea."),
            vec![t("Marea", "opposition", "holds")]
        );
        assert_eq!(
            triples("IS fighters encircled government troops in Nubl."),
            vec![t("Nubl", "government", "holds")]
        );
        // No preposition after the object side: nothing is said of a place.
        assert!(triples("Government forces besieged rebels near Marea.").is_empty());
    }
}
