//! Event frames of the language file (`[[event]]`): a change of hands told
//! through an event that is no verb of taking — a flag raised over a place,
//! a reconciliation or surrender deal a place joined, fighters bused out of a
//! place, control of a place passed to a side — and a holder stated apart
//! from its place ("Y, loyal to the government", "Russian-installed
//! authorities in Y").
//!
//! Each frame names its trigger words, the words that must or must not stand
//! in the clause, where its places stand (after a preposition, before the
//! trigger as its subject, right after it as its object) and where the side
//! that ends up holding them is found ([`EventSide`]). Which side a flag or a
//! deal means is region knowledge: `factions.toml` `flags` and `deal_taker`.

use super::actors::HitKind;
use super::lexicon::{EventFrame, EventRelation, EventSide, Lexicon};
use super::patterns::{places_after, places_before, subject_before};
use super::tokens::{Kind, Tok};
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};

/// The claims of event frame `frame` triggered by the word at `i`.
pub(crate) fn event(
    cx: &Cx,
    lex: &Lexicon,
    frame: &EventFrame,
    toks: &[Tok],
    i: usize,
    already: &[Claim],
    out: &mut Vec<Claim>,
) {
    let (cs, ce) = lex.clause_bounds(toks, i);
    let has = |k: usize, set: &[String]| set.iter().any(|w| toks[k].is(w.as_str()));
    if !frame.heads.is_empty() && !(i + 1..(i + 3).min(ce)).any(|k| has(k, &frame.heads)) {
        return;
    }
    if !frame.openers.is_empty()
        && !(i.saturating_sub(4).max(cs)..i).any(|k| has(k, &frame.openers))
    {
        return;
    }
    let anchor = (cs..ce).find(|&k| has(k, &frame.with));
    if !frame.with.is_empty() && anchor.is_none() {
        return;
    }
    // A word the frame asks for is no block even where a nominal's blocks list it ("failed"
    // before "HTS failed to breach government fortifications near Y").
    // A soft block after the people who leave is said of them ("fighters and their families").
    let soft_block = |k: usize| {
        has(k, &frame.soft_blocks)
            && !(cs..k).any(|e| {
                has(e, &frame.evacuees)
                    || matches!(toks[e].actor(), Some((Some(_), kind)) if kind != HitKind::Other)
            })
    };
    if (cs..ce).any(|k| has(k, &frame.blocks) || soft_block(k))
        || (cs..i).any(|k| {
            matches!(toks[k].kind, Kind::Word)
                && lex.nominal_blocks.contains(toks[k].w.as_ref())
                && !has(k, &frame.with)
        })
    {
        return;
    }
    let (places, bare) = places_of(lex, frame, toks, i, anchor, cs, ce);
    if places.is_empty() {
        return;
    }
    let sides: Vec<(usize, f32, Option<usize>)> = if frame.side == EventSide::Named {
        let mut named: Vec<(usize, f32, Option<usize>)> = Vec::new();
        for k in cs..ce {
            if let Some((Some(f), kind)) = toks[k].actor() {
                if !matches!(kind, HitKind::Other | HitKind::Held(_))
                    && !named.iter().any(|n| n.0 == f)
                {
                    named.push((f, cx.actor_weight(toks, k), None));
                }
            }
        }
        named
    } else {
        side_of(cx, frame, toks, i, cs, ce).into_iter().collect()
    };
    let verb = anchor.filter(|&a| a > i).unwrap_or(i);
    let hedge = match anchor {
        // A required word before the trigger that would read as a hedge ("failed to breach
        // government lines near Y") is the frame's own cue: the hedges before it and those
        // between it and the trigger still count.
        Some(a) if a < i && lex.nominal_blocks.contains(toks[a].w.as_ref()) => {
            hedges::factor(toks, None, a) * hedges::factor(toks, Some(a + 1), i)
        }
        _ => hedges::factor(toks, None, verb),
    };
    let relation = match frame.relation {
        EventRelation::Captured => Relation::Captured,
        EventRelation::Holds => Relation::Holds,
        EventRelation::Contested => Relation::Contested,
        EventRelation::Lost => Relation::Lost,
    };
    let rule = format!("{}:{}", frame.id, toks[i].w);
    for (side, weight, counterpart) in sides {
        let conf = lex.confidence(&frame.confidence) * weight * hedge;
        for &j in &places {
            if let Some(mut c) = cx.claim(toks, j, side, relation, conf, Scope::Holdable) {
                // A bare "control" stands only for what the sentence told taken before it.
                if bare
                    && !already
                        .iter()
                        .any(|a| a.place_id == c.place_id && a.relation == Relation::Captured)
                {
                    continue;
                }
                c.counterpart = counterpart.filter(|&o| o != side).map(|o| cx.faction_id(o));
                c.rule = Some(rule.clone());
                out.push(c);
            }
        }
    }
}

/// The places the frame speaks of, by token index, and whether they stand in for a bare
/// subject noun (`bare_subjects`: the sentence's earlier places, to be kept only where the
/// sentence told them taken).
fn places_of(
    lex: &Lexicon,
    frame: &EventFrame,
    toks: &[Tok],
    i: usize,
    anchor: Option<usize>,
    cs: usize,
    ce: usize,
) -> (Vec<usize>, bool) {
    let mut found: Vec<usize> = Vec::new();
    // "rebels in Qaboun in northeastern Damascus": a place after a preposition that follows
    // another place locates that place; it is no place of the frame.
    let locating = |j: usize| {
        j >= 2
            && frame.preps.iter().any(|p| toks[j - 1].is(p.as_str()))
            && toks[j - 2].place().is_some()
    };
    let mut add = |j: usize| {
        if j >= cs && j < ce && !toks[j].is_around() && !locating(j) && !found.contains(&j) {
            found.push(j);
        }
    };
    let from = if frame.before { cs } else { i + 1 };
    let to = if frame.reach > 0 {
        ce.min(i + 1 + frame.reach)
    } else {
        ce
    };
    for k in from..to {
        if k != i && frame.preps.iter().any(|p| toks[k].is(p.as_str())) {
            for &(j, _) in &places_after(toks, k + 1).places {
                add(j);
            }
        }
    }
    if frame.subject {
        let at = anchor.filter(|&a| a < i).unwrap_or(i);
        let mut k = at;
        // "Y was handed over", "Y will join": auxiliaries between the place and the word.
        while k > cs
            && matches!(toks[k - 1].kind, Kind::Word)
            && lex.stative_aux.contains(toks[k - 1].w.as_ref())
        {
            k -= 1;
        }
        let subjects = places_before(toks, k);
        // "… seized the city and the dam, and control was transferred to IS": the bare noun
        // stands for the places taken before it in the sentence (clause breaks aside).
        let bare = subjects.is_empty()
            && k > 0
            && frame
                .bare_subjects
                .iter()
                .any(|w| toks[k - 1].is(w.as_str()));
        if bare {
            let earlier: Vec<usize> = (0..k - 1)
                .filter(|&j| toks[j].place().is_some() && !toks[j].is_around())
                .collect();
            return (earlier, true);
        }
        for j in subjects {
            add(j);
        }
    }
    if frame.object {
        for &(j, _) in &places_after(toks, i + 1).places {
            add(j);
        }
    }
    if frame.colon && toks.get(ce).is_some_and(|t| t.is_punct(":")) {
        for &(j, _) in &places_after(toks, ce + 1).places {
            if !toks[j].is_around() && !found.contains(&j) {
                found.push(j);
            }
        }
    }
    (found, false)
}

/// The side that ends up holding the places, with the weight of how it was
/// named, and the side that leaves them when the frame names one.
fn side_of(
    cx: &Cx,
    frame: &EventFrame,
    toks: &[Tok],
    i: usize,
    cs: usize,
    ce: usize,
) -> Option<(usize, f32, Option<usize>)> {
    let faction_of = |k: usize| match toks[k].actor() {
        Some((Some(f), kind)) if kind != HitKind::Other => Some(f),
        _ => None,
    };
    // The word or phrase right before the trigger, past a determiner.
    let before = || (i.saturating_sub(2).max(cs)..i).rev();
    match frame.side {
        EventSide::ModifierOnly => {
            before().find_map(|k| faction_of(k).map(|f| (f, cx.actor_weight(toks, k), None)))
        }
        EventSide::Modifier => {
            let before: Vec<usize> = before().collect();
            if !frame.marks.is_empty() {
                return before.iter().find_map(|&k| {
                    let marked = frame.marks.iter().any(|m| toks[k].w.contains(m.as_str()));
                    faction_of(k)
                        .filter(|_| marked)
                        .map(|f| (f, cx.actor_weight(toks, k).max(0.85), None))
                });
            }
            let named = before.iter().find_map(|&k| {
                faction_of(k)
                    .map(|f| (f, 1.0))
                    .or_else(|| flag_word(cx, &toks[k]).map(|f| (f, 1.0)))
            });
            named
                .or_else(|| {
                    subject_before(toks, i)
                        .filter(|&s| s >= cs)
                        .and_then(|s| faction_of(s).map(|f| (f, cx.actor_weight(toks, s))))
                })
                .map(|(f, w)| (f, w, None))
        }
        EventSide::After => {
            let prep =
                (i + 1..ce).find(|&k| frame.side_preps.iter().any(|p| toks[k].is(p.as_str())))?;
            (prep + 1..(prep + 4).min(ce)).find_map(|k| {
                faction_of(k)
                    .map(|f| (f, cx.actor_weight(toks, k)))
                    .or_else(|| capital_of(cx, &toks[k]).map(|f| (f, WEAK_NAME)))
                    .map(|(f, w)| (f, w, None))
            })
        }
        EventSide::Object => {
            // Only up to the required word after the trigger ("gave the rebels full
            // control"): a side further on is no object of the trigger.
            let end =
                (cs..ce).find(|&k| k > i && frame.with.iter().any(|w| toks[k].is(w.as_str())))?;
            (i + 1..end.min(i + 1 + OBJECT_REACH))
                .find_map(|k| faction_of(k).map(|f| (f, cx.actor_weight(toks, k), None)))
        }
        EventSide::Region => cx.factions.deal_taker().map(|f| (f, 1.0, None)),
        EventSide::Named => None,
        EventSide::Evacuee if frame.subject_leaves => subject_leaves(cx, frame, toks, i, cs, ce),
        EventSide::Evacuee => {
            // A side after one of `side_preps` receives the places ("…, handing the town to
            // the army"): it is no party that leaves, nor are the sides listed with it.
            let recipients_from = (cs..ce)
                .find(|&k| frame.side_preps.iter().any(|p| toks[k].is(p.as_str())))
                .unwrap_or(ce);
            let mut leaving = None;
            for t in &toks[cs..recipients_from] {
                match t.actor() {
                    // "civilians were evacuated from Y" says nothing of who holds it.
                    Some((None, _)) | Some((_, HitKind::Other)) => return None,
                    Some((Some(_), HitKind::Held(_))) => {}
                    Some((Some(f), _)) => {
                        if leaving.is_some_and(|g| g != f) {
                            return None;
                        }
                        leaving = Some(f);
                    }
                    None => {}
                }
            }
            match leaving {
                Some(f) => {
                    let taker = if cx.factions.two_sided() {
                        cx.opponent(f)
                    } else {
                        // Only from a side whose main enemy is the deal's taker: which
                        // side a group with no such enemy ceded to (IS left Raqqa to
                        // the SDF, Qalamoun to the army) is not region knowledge.
                        cx.factions
                            .deal_taker()
                            .filter(|&t| cx.opponent(f) == Some(t))
                    }?;
                    Some((taker, 1.0, Some(f)))
                }
                None if toks[cs..ce]
                    .iter()
                    .any(|t| frame.evacuees.iter().any(|w| t.is(w.as_str()))) =>
                {
                    cx.factions.deal_taker().map(|t| (t, 0.85, None))
                }
                None => None,
            }
        }
    }
}

/// The side that ends up holding the places a side gives up as the trigger's subject ("rebels
/// in Y surrendered"): the side after one of `side_preps` ("surrendered to the army"), else the
/// subject's opponent when that is the region's `deal_taker`; with no side as the subject, the
/// evacuee rule's `evacuees` nouns ("the fighters of Y capitulated").
fn subject_leaves(
    cx: &Cx,
    frame: &EventFrame,
    toks: &[Tok],
    i: usize,
    cs: usize,
    ce: usize,
) -> Option<(usize, f32, Option<usize>)> {
    let faction_of = |k: usize| match toks[k].actor() {
        Some((Some(f), kind)) if !matches!(kind, HitKind::Other | HitKind::Held(_)) => Some(f),
        _ => None,
    };
    let leaving = subject_before(toks, i)
        .filter(|&s| s >= cs)
        .and_then(|s| faction_of(s).map(|f| (f, cx.actor_weight(toks, s))));
    let recipient = (i + 1..ce)
        .find(|&k| frame.side_preps.iter().any(|p| toks[k].is(p.as_str())))
        .and_then(|p| (p + 1..(p + 4).min(ce)).find_map(|k| faction_of(k).map(|f| (f, k))));
    match (leaving, recipient) {
        (Some((f, _)), Some((r, k))) if r != f => Some((r, cx.actor_weight(toks, k), Some(f))),
        (Some(_), Some(_)) => None,
        (Some((f, w)), None) => {
            // As in the evacuee rule: only from a side whose main enemy is the deal's taker.
            let taker = if cx.factions.two_sided() {
                cx.opponent(f)
            } else {
                cx.factions
                    .deal_taker()
                    .filter(|&t| cx.opponent(f) == Some(t))
            }?;
            // A third side the clause names may be the one surrendered to ("jihadists
            // surrendered in Y, the SDF said"): the taker is then unknown.
            let third = (cs..ce).any(|k| faction_of(k).is_some_and(|g| g != f && g != taker));
            (!third).then_some((taker, w, Some(f)))
        }
        (None, Some((r, k))) => Some((r, cx.actor_weight(toks, k), None)),
        (None, None) if (cs..i).any(|k| frame.evacuees.iter().any(|w| toks[k].is(w.as_str()))) => {
            cx.factions.deal_taker().map(|t| (t, 0.85, None))
        }
        (None, None) => None,
    }
}

/// How many words after the trigger its object side may stand ("gave the
/// militants of the Islamic State full control of Y").
const OBJECT_REACH: usize = 6;

/// How much a side named only by its capital is believed ("loyal to
/// Damascus"), as for a weak name.
const WEAK_NAME: f32 = 0.7;

/// The side whose weak name (a capital standing for its government) the
/// place mention `t` is: "towns loyal to Damascus".
fn capital_of(cx: &Cx, t: &Tok) -> Option<usize> {
    let m = t.place()?;
    let text = cx.mentions[m].text.as_str();
    cx.factions
        .all()
        .iter()
        .position(|f| f.weak_names.iter().any(|n| n.eq_ignore_ascii_case(text)))
}

/// The side whose flag a word names in the region (`factions.toml` `flags`).
fn flag_word(cx: &Cx, t: &Tok) -> Option<usize> {
    if !matches!(t.kind, Kind::Word) {
        return None;
    }
    cx.factions
        .all()
        .iter()
        .position(|f| f.flags.iter().any(|w| w.eq_ignore_ascii_case(&t.w)))
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn a_side_given_control_of_a_place_holds_it() {
        assert_eq!(
            triples("The fall of the air base gave the Islamic State full control of Raqqa."),
            vec![t("Raqqa", "isis", "captured")]
        );
        // Only the object of the verb, not a side further on.
        assert!(triples("A deal would give the army control of Raqqa.").is_empty());
        assert!(
            triples("The fall of the base gave hope to rebels fighting for control of Raqqa.")
                .is_empty()
        );
    }

    #[test]
    fn a_side_surrendering_in_a_place_gives_it_to_the_deal_taker() {
        assert_eq!(
            triples("Rebels in Azaz and in the towns of Marea and Nubl surrendered in March."),
            vec![
                t("Azaz", "government", "captured"),
                t("Marea", "government", "captured"),
                t("Nubl", "government", "captured"),
            ]
        );
        // Soldiers surrendering give nothing to the deal's taker.
        assert!(triples("Soldiers in Azaz surrendered on Monday.").is_empty());
        // A third side named in the clause leaves the taker unknown.
        assert!(triples("Hundreds of jihadists surrendered in Azaz, the SDF said.").is_empty());
        // A place after a preposition that locates the place before it is no place of the frame.
        assert_eq!(
            triples("Rebels in Kafr Laha in northern Aleppo surrendered in March."),
            vec![t("Kafr Laha", "government", "captured")]
        );
        // The side it surrendered to takes the place; the subject leads, not another side the
        // clause names.
        assert_eq!(
            triples("Rebels in Azaz surrendered to the SDF."),
            vec![t("Azaz", "sdf", "captured")]
        );
        assert_eq!(
            triples("The army said rebels in Azaz had surrendered in March."),
            vec![t("Azaz", "government", "captured")]
        );
    }
}
