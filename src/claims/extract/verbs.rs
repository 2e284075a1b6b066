//! Verb frames per clause, PETRARCH-style: the language file's `[[verb]]`
//! synonym blocks (lemmas and irregular forms; the regular forms are derived
//! in [`super::lexicon::regular_forms`]) read over the clauses of a sentence.
//!
//! One analysis serves every verb of a block:
//!
//! - **take**, active: "$ VERB +" — the subject of the verb's own clause
//!   takes every place of the object list (coordination, appositions "the
//!   provincial capital, Y," and locator modifiers "the northern Hama city of
//!   Y" read as one list; a locator after a stop word, "east of D", "near D",
//!   is not an object). "from $" after the objects names the former holder;
//!   when the clause is only an aim or attempt ("aiming to capture Y from
//!   $"), that holder still holds the place. "took it" points to the last
//!   place named before in the sentence.
//! - **take**, passive: "+ be VERBed [by $]" — the agent, else the side of
//!   the offensive told just before, with less confidence.
//! - **retreat_to**: "$ VERB [particles] [from A] <prep> +" — a side falls
//!   back to places it holds ("IS fighters withdrew towards Y").
//! - **hold**: "$ VERB [particles] [<prep>] +" — a side keeps places it
//!   holds ("IS fortified Y", "rebels reinforced their positions in Y").
//!
//! Hedges come from the language file (`verb_blocks`, between the subject and
//! the verb) and from [`super::hedges`]. The engine runs beside the older
//! pattern families and only adds places they left alone in the sentence;
//! each claim's `rule` is "<block id>:<verb form>".

use super::actors::HitKind;
use super::lexicon::{self, Lexicon, VerbBlock, VerbForm, VerbRole};
use super::patterns::{faction_at, first_actor_in, places_after, places_before, subject_before};
use super::tokens::{Kind, Tok};
use super::words::words;
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};

/// The claims of every verb frame in the sentence `toks`.
pub(crate) fn run(cx: &Cx, toks: &[Tok], out: &mut Vec<Claim>) {
    let lex = lexicon::en();
    if lex.verbs.is_empty() {
        return;
    }
    // Every verb frame's side is its subject, its agent or the holder after
    // "from" — a faction token — or the recent offensive.
    if !cx.names_a_side(toks) {
        return;
    }
    for v in 0..toks.len() {
        let t = &toks[v];
        if !matches!(t.kind, Kind::Word) {
            continue;
        }
        let Some(&first) = lex.verb_forms.get(t.w.as_ref()) else {
            continue;
        };
        let shared = lex.shared_verb_forms.get(t.w.as_ref());
        for &(b, form) in std::iter::once(&first).chain(shared.into_iter().flatten()) {
            let block = &lex.verbs[b];
            match block.role {
                VerbRole::Take => take(cx, lex, block, form, toks, v, out),
                VerbRole::RetreatTo | VerbRole::Hold => retreat_to(cx, lex, block, toks, v, out),
            }
        }
    }
}

/// The subject of a gerund opening its sentence ([`super::patterns::fronted_subject`]).
fn fronted_subject(cx: &Cx, toks: &[Tok], v: usize) -> Option<(usize, usize, f32)> {
    let s = super::patterns::fronted_subject(toks, v)?;
    let f = faction_at(toks, s)?;
    Some((s, f, cx.actor_weight(toks, s)))
}

fn in_set(t: &Tok, set: &crate::fasthash::HashSet<String>) -> bool {
    matches!(t.kind, Kind::Word) && set.contains(t.w.as_ref())
}

/// The faction subject of the verb at `v` (a name, weak name or adjective
/// outside a prepositional phrase) and its weight.
fn subject(cx: &Cx, lex: &Lexicon, toks: &[Tok], v: usize) -> Option<(usize, usize, f32)> {
    let Some(s) = subject_before(toks, v) else {
        return fronted_subject(cx, toks, v);
    };
    // "Kurdish fighters left before residents fled towards Y": a
    // subordinate clause between them has a subject of its own.
    if toks[s + 1..v].iter().any(|t| in_set(t, &lex.subordinators)) {
        return None;
    }
    let f = match toks[s].actor()? {
        (Some(f), HitKind::Name | HitKind::Weak | HitKind::Adjective) => f,
        _ => return None,
    };
    Some((s, f, cx.actor_weight(toks, s)))
}

/// Whether the words from `from` to the verb at `v` make the clause an aim,
/// an attempt, a denial or a failure.
fn blocked(lex: &Lexicon, toks: &[Tok], from: usize, v: usize) -> bool {
    toks[from.min(v)..v]
        .iter()
        .any(|t| in_set(t, &lex.verb_blocks))
        || hedges::failed_after(toks, v)
}

/// The object places of a verb whose object starts at `from`, within the
/// clause ending at `ce`: the coordinated list, an apposition after a
/// descriptive noun phrase ("the provincial capital, Y"), and the head of a
/// locator construction ("the northern Hama city of Y": Y, not Hama).
fn objects(lex: &Lexicon, toks: &[Tok], from: usize, ce: usize) -> Vec<(usize, bool)> {
    let mut l = places_after(toks, from);
    super::patterns::end_before_own_subject(toks, &mut l);
    if l.places.is_empty() {
        // "the provincial capital, Y", "IS's self-styled capital, Y".
        let comma = (from..(from + 8).min(ce))
            .take_while(|&k| {
                let t = &toks[k];
                t.is_punct(",")
                    || t.is_punct("'")
                    || (matches!(t.kind, Kind::Word) && !in_set(t, &lex.object_stops))
                    || matches!(t.kind, Kind::Actor { .. })
            })
            .find(|&k| toks[k].is_punct(","));
        if let Some(c) = comma.filter(|&c| c > from) {
            if toks
                .get(c + 1)
                .is_some_and(|t| t.place().is_some() && !t.is_around())
            {
                l = places_after(toks, c + 1);
            }
        }
    }
    let mut places: Vec<(usize, bool)> = l.places.into_iter().filter(|&(j, _)| j < ce).collect();
    // "the northern Hama city of Y": the first place locates the second.
    if let Some(&(p, partial)) = places.last() {
        let kind_noun = toks
            .get(p + 1)
            .is_some_and(|t| matches!(t.kind, Kind::Word) && lex.filler.contains(t.w.as_ref()));
        if kind_noun
            && toks.get(p + 2).is_some_and(|t| t.is(&words().word.of))
            && toks
                .get(p + 3)
                .is_some_and(|t| t.place().is_some() && !t.is_around())
            && p + 3 < ce
        {
            places.pop();
            let tail = places_after(toks, p + 3);
            places.extend(
                tail.places
                    .into_iter()
                    .filter(|&(j, _)| j < ce)
                    .map(|(j, q)| (j, q || partial)),
            );
        }
    }
    places
}

/// Whether the place noun phrase ending at token `j` hangs off a preposition
/// or another noun ("civilians in Y", "residents of the town of Y"): then it
/// is not the subject of a verb after it.
fn governed(lex: &Lexicon, toks: &[Tok], j: usize) -> bool {
    let mut k = j;
    while k > 0 {
        k -= 1;
        let t = &toks[k];
        if t.is(&words().word.of) {
            // "the town of Y" goes on; "residents of Y" does not.
            match k.checked_sub(1).map(|h| &toks[h]) {
                Some(h) if super::patterns::is_filler(h) || in_set(h, &lex.place_nouns) => continue,
                Some(_) => return true,
                None => return false,
            }
        }
        if super::patterns::is_filler(t) || in_set(t, &lex.place_nouns) {
            continue;
        }
        return in_set(t, &lex.object_stops) && !in_set(t, &lex.relatives);
    }
    false
}

/// The former holder named after the objects: "took Y from IS".
pub(crate) fn from_holder(toks: &[Tok], objects: &[(usize, bool)], ce: usize) -> Option<usize> {
    let last = objects.last()?.0;
    let k = (last + 1..(last + 4).min(ce)).find(|&k| toks[k].is(&words().word.from))?;
    first_actor_in(toks, k + 1, (k + 4).min(ce)).and_then(|a| faction_at(toks, a))
}

/// "$ VERB +", "+ be VERBed [by $]".
fn take(
    cx: &Cx,
    lex: &Lexicon,
    block: &VerbBlock,
    form: VerbForm,
    toks: &[Tok],
    v: usize,
    out: &mut Vec<Claim>,
) {
    let (cs, ce) = lex.clause_bounds(toks, v);
    let base = lex.confidence(&block.confidence);
    let rule = format!("{}:{}", block.id, toks[v].w);
    let mut k = v;
    while k > cs && in_set(&toks[k - 1], &lex.adverbs) {
        k -= 1;
    }
    let passive = form == VerbForm::Past && k > cs && in_set(&toks[k - 1], &lex.be_forms);
    let particle_at = |j: usize| j < ce && block.particles.iter().any(|p| toks[j].is(p));
    if passive {
        // "Y was clawed back by X": a phrasal verb's particle follows it.
        if block.control || (block.needs_particle && !particle_at(v + 1)) {
            return;
        }
        let places: Vec<usize> = places_before(toks, k)
            .into_iter()
            .filter(|&j| j >= cs)
            .collect();
        let Some(&first) = places.first() else {
            return;
        };
        // "residents of Y were taken to hospital": Y hangs off a noun or a
        // preposition, and "taken to" carries people, it takes no place.
        let carried = toks
            .get(v + 1)
            .is_some_and(|t| t.is(&words().word.to) || t.is(&words().word.into));
        if carried || governed(lex, toks, first) || blocked(lex, toks, cs, v) {
            return;
        }
        let h = hedges::factor(toks, Some(first), v);
        let by = (v + 1..(v + 7).min(ce)).find(|&k| toks[k].is("by"));
        let agent = match by {
            Some(by) => {
                let Some(a) = first_actor_in(toks, by + 1, (by + 5).min(ce)) else {
                    return;
                };
                let Some(f) = faction_at(toks, a) else {
                    return;
                };
                (f, cx.actor_weight(toks, a))
            }
            None => match cx.offensive {
                Some(f) => (f, lex.confidence("borrowed")),
                None => return,
            },
        };
        let objs: Vec<(usize, bool)> = places
            .iter()
            .map(|&j| (j, super::held::partial_before(toks, j)))
            .collect();
        emit(
            cx,
            toks,
            &objs,
            agent.0,
            base * h * agent.1,
            None,
            &rule,
            out,
        );
        return;
    }
    let Some((s, f, weight)) = subject(cx, lex, toks, v) else {
        return;
    };
    let mut from = v + 1;
    let mut pronoun = None;
    while from < ce && block.particles.iter().any(|p| toks[from].is(p)) {
        if in_set(&toks[from], &lex.object_pronouns) {
            pronoun = Some(from);
        }
        from += 1;
    }
    if block.control {
        // "gained (full) control of/over Y".
        let Some(c) = (from..(from + 4).min(ce)).find(|&k| toks[k].is(&words().word.control))
        else {
            return;
        };
        if !toks
            .get(c + 1)
            .is_some_and(|t| t.is(&words().word.of) || t.is(&words().word.over))
        {
            return;
        }
        from = c + 2;
    }
    let mut objs = objects(lex, toks, from, ce);
    // "clawed back Y", "clawed Y back": a phrasal verb's particle stands
    // before its object or right after it.
    if block.needs_particle
        && from == v + 1
        && !objs.last().is_some_and(|&(j, _)| particle_at(j + 1))
    {
        return;
    }
    if objs.is_empty() {
        // "took it", "take it over": the last place named before the verb.
        let it = pronoun.or_else(|| {
            toks.get(v + 1)
                .filter(|t| in_set(t, &lex.object_pronouns))
                .map(|_| v + 1)
        });
        if let Some(j) = it.and_then(|_| super::patterns::pronoun_antecedent(toks, v)) {
            objs.push((j, false));
        }
    }
    objs.truncate(super::held::objects_before_own_holder(cx, toks, f, &objs));
    if objs.is_empty() {
        return;
    }
    let holder = from_holder(toks, &objs, ce).filter(|&h| h != f);
    let h = if blocked(lex, toks, s, v) {
        0.0
    } else {
        hedges::factor(toks, Some(s), v)
    };
    if h <= 0.0 {
        // "aiming to capture Y from IS": Y is IS's until then. In a war of
        // two sides, "Russian troops failed to take Y": Y is the other
        // side's (not after a denial, which says nothing of who holds it).
        let denied = toks[cs.min(s)..v]
            .iter()
            .any(|t| t.is_any(&words().hedges.deny));
        let stated = holder.is_some();
        let holder = holder.or_else(|| {
            (cx.factions.two_sided() && !denied)
                .then(|| cx.opponent(f))
                .flatten()
        });
        if let Some(o) = holder {
            let conf = lex.confidence("plausible");
            for &(j, partial) in &objs {
                // "Russia plans to capture the Donetsk region": an aim at an
                // area says only that the aimer lacks some of it.
                if partial || (!stated && super::held::is_area_mention(cx, toks, j)) {
                    continue;
                }
                if let Some(mut c) = cx.claim(toks, j, o, Relation::Holds, conf, Scope::Holdable) {
                    c.rule = Some(format!("{rule}+from"));
                    out.push(c);
                }
            }
        }
        return;
    }
    emit(cx, toks, &objs, f, base * h * weight, holder, &rule, out);
}

/// Captures (or, for a place only partly meant, contests) of `objs` by `f`.
#[allow(clippy::too_many_arguments)]
fn emit(
    cx: &Cx,
    toks: &[Tok],
    objs: &[(usize, bool)],
    f: usize,
    conf: f32,
    holder: Option<usize>,
    rule: &str,
    out: &mut Vec<Claim>,
) {
    if conf <= 0.0 {
        return;
    }
    for &(j, partial) in objs {
        let (rel, scope) = if partial {
            (Relation::Contested, cx.share_scope(toks, j))
        } else {
            (Relation::Captured, Scope::Holdable)
        };
        if let Some(mut c) = cx.claim(toks, j, f, rel, conf, scope) {
            c.counterpart = holder.map(|o| cx.faction_id(o));
            if partial && c.counterpart.is_none() {
                c.counterpart = cx.other_side(toks, f);
            }
            c.rule = Some(rule.to_string());
            out.push(c);
        }
    }
}

/// "$ withdrew [its forces] [from A] towards +": the side holds +.
fn retreat_to(
    cx: &Cx,
    lex: &Lexicon,
    block: &VerbBlock,
    toks: &[Tok],
    v: usize,
    out: &mut Vec<Claim>,
) {
    let (_, ce) = lex.clause_bounds(toks, v);
    let mut k = v + 1;
    let mut particle = false;
    while k < ce && block.particles.iter().any(|p| toks[k].is(p)) {
        particle = true;
        k += 1;
    }
    if block.needs_particle && !particle {
        return;
    }
    // "withdrew from A to B": A is left (the capture family reads it).
    let retreat = block.role == VerbRole::RetreatTo;
    if retreat && k < ce && toks[k].is(&words().word.from) {
        let l = places_after(toks, k + 1);
        if l.places.is_empty() {
            return;
        }
        k = l.end;
    }
    // A retreat needs its preposition ("fled to Y"); a hold may take its
    // places as the object ("fortified Y").
    let objects_at = if k < ce && block.preps.iter().any(|p| toks[k].is(p)) {
        k + 1
    } else if retreat {
        return;
    } else {
        k
    };
    let Some((s, f, weight)) = subject(cx, lex, toks, v) else {
        return;
    };
    if blocked(lex, toks, s, v) {
        return;
    }
    let h = hedges::factor(toks, Some(s), v);
    let conf = lex.confidence(&block.confidence) * h * weight;
    if conf <= 0.0 {
        return;
    }
    let rule = format!("{}:{}", block.id, toks[v].w);
    for (j, partial) in objects(lex, toks, objects_at, ce) {
        if partial {
            continue;
        }
        if let Some(mut c) = cx.claim(toks, j, f, Relation::Holds, conf, Scope::Holdable) {
            c.rule = Some(rule.clone());
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn a_perfect_participle_clause_takes_the_main_clause_subject() {
        let tabqa = vec![t("Jarabulus", "sdf", "captured")];
        assert_eq!(
            triples("Having seized Jarabulus, the SDF pushed on towards Raqqa."),
            tabqa
        );
        assert_eq!(
            triples("After having taken Jarabulus, the SDF moved north."),
            tabqa
        );
        // Not opening the sentence, "having" is no clause of the main subject's.
        assert!(triples("Residents said having seized Jarabulus mattered little.").is_empty());
    }

    #[test]
    fn a_possessive_part_joins_its_place_in_a_passive_subject() {
        assert_eq!(
            triples("Jarabulus and its airport were recaptured by the SDF."),
            vec![t("Jarabulus", "sdf", "captured")]
        );
    }

    #[test]
    fn a_handover_follows_the_capture_of_its_sentence() {
        let handed = vec![t("Jarabulus", "isis", "captured")];
        assert_eq!(
            triples(
                "Nusra seized Jarabulus in 2013, and control of the town was transferred to IS."
            ),
            handed
        );
        assert_eq!(
            triples("Nusra seized Jarabulus, and control was transferred to the Islamic State."),
            handed
        );
        // A bare "control" stands only for a place the sentence told taken.
        assert!(triples("Nusra shelled Jarabulus, and control was transferred to IS.").is_empty());
    }

    #[test]
    fn the_passive_of_abandon_takes_its_agent_as_the_loser() {
        assert_eq!(
            triples("Jarabulus was abandoned by IS fighters on Monday."),
            vec![t("Jarabulus", "isis", "lost")]
        );
        assert!(triples("The bodies were abandoned by IS fighters in Jarabulus.").is_empty());
    }

    #[test]
    fn a_phrasal_block_needs_its_particle_in_every_voice() {
        let clawed = vec![t("Marea", "government", "captured")];
        assert_eq!(triples("The army clawed back Marea overnight."), clawed);
        assert_eq!(triples("The army clawed Marea back from rebels."), clawed);
        assert_eq!(triples("Marea was clawed back by the army."), clawed);
        // "won" is read by both blocks that list it: with its particle it takes.
        assert_eq!(triples("Marea was won back by the army on Sunday."), clawed);
        assert!(triples("The army clawed at Marea's defences.").is_empty());
    }

    #[test]
    fn a_fronted_gerund_takes_the_main_clause_subject() {
        assert_eq!(
            triples("After seizing Kafr Laha, Turkish-backed rebels advanced towards Azaz."),
            vec![t("Kafr Laha", "turkey", "captured")]
        );
        // The gerund's subject is the side opening the main clause, not one
        // further on inside a prepositional phrase.
        assert!(triples("After seizing Kafr Laha, residents fled from the rebels.").is_empty());
        // An anaphor opening the main clause names no side of this sentence.
        assert!(
            !triples("Rebels shelled Azaz. After seizing Kafr Laha, they advanced.").contains(&t(
                "Kafr Laha",
                "opposition",
                "captured"
            ))
        );
    }
}
