//! Sieges: "X besieged / encircled Y", "Y, besieged by X", "the siege of Y",
//! "a three-year rebel siege of two government-held villages", "X broke the
//! IS siege of Y".
//!
//! A besieged place's holder is rarely named: when only the besieger is, the
//! holder is the besieger's usual opponent from `factions.toml`, at lower
//! confidence. "encircled Y from the west" is a partial encirclement, read by
//! [`super::split`], not a siege.

use super::actors::HitKind;
use super::patterns::{
    faction_at, first_actor_in, locating_participle, places_after, places_before, plural_kind,
    subject_before, word_at,
};
use super::tokens::Tok;
use super::words::words;
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation, VagueRef};

pub(crate) fn run(cx: &Cx, toks: &[Tok], out: &mut Vec<Claim>) {
    for i in 0..toks.len() {
        if toks[i].is_any(&words().siege.siege_nouns)
            && (word_at(toks, i + 1, &words().siege.of_on_around)
                || word_at(toks, i + 1, &words().siege.imposed_participles))
        {
            siege_of(cx, toks, i, out);
        } else if let Some(u) = under_before(toks, i) {
            under_siege(cx, toks, u, i, out);
        } else if toks[i].is_any(&words().patterns.ring_verbs)
            || toks[i].is_any(&words().siege.siege_only_verbs)
        {
            if from_directions(toks, i) {
                continue;
            }
            // "the villages surrounding Y": a participle after a plural kind
            // noun places those villages; nobody besieges Y.
            if locating_participle(toks, i) {
                continue;
            }
            if word_at(toks, i + 1, &words().word.by) {
                besieged_by(cx, toks, i, out);
            } else if !(i > 0 && toks[i - 1].is_any(&words().siege.the_a_two)) {
                besieges(cx, toks, i, out);
            } else {
                assailed_besieged(cx, toks, i, out);
            }
        }
    }
}

/// "encircled Aleppo from the west": handled as sides, not a siege.
fn from_directions(toks: &[Tok], v: usize) -> bool {
    let end = (v + 8).min(toks.len());
    (v + 1..end).any(|j| {
        toks[j].is(&words().word.from)
            && super::split::direction(toks.get(j + 2).or(toks.get(j + 1))).is_some()
    })
}

/// The holder of a place `besieger` besieges, when the text does not say: the besieger's
/// usual opponent, else (a side at war with several, like IS) the only one of its enemies the
/// report names.
pub(crate) fn holder_of(cx: &Cx, besieger: usize, held: Option<usize>) -> (Option<usize>, f32) {
    match held {
        Some(h) if h != besieger => (Some(h), 1.0),
        _ => (
            cx.opponent(besieger).or_else(|| {
                cx.only_enemy_named(besieger)
                    .filter(|&enemy| enemy != besieger)
            }),
            0.7,
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn emit(
    cx: &Cx,
    toks: &[Tok],
    j: usize,
    besieger: Option<usize>,
    holder: Option<usize>,
    broken_by: Option<usize>,
    conf: f32,
    out: &mut Vec<Claim>,
) {
    let c = match (broken_by, holder, besieger) {
        (Some(b), _, _) => cx
            .claim(toks, j, b, Relation::SiegeBroken, conf, Scope::Holdable)
            .map(|mut c| {
                c.counterpart = besieger.map(|x| cx.faction_id(x));
                c
            }),
        (None, Some(h), _) => cx
            .claim(toks, j, h, Relation::Besieged, conf, Scope::Holdable)
            .map(|mut c| {
                c.counterpart = besieger.map(|x| cx.faction_id(x));
                c
            }),
        (None, None, Some(b)) => cx.claim(toks, j, b, Relation::Besieges, conf, Scope::Holdable),
        _ => None,
    };
    out.extend(c);
}

/// "the siege of Y", "a rebel siege of Y", "IS's siege of Y", "broke the siege of Y (imposed by X)".
fn siege_of(cx: &Cx, toks: &[Tok], i: usize, out: &mut Vec<Claim>) {
    // The besieger: an actor just before "siege" ("a three-year rebel siege", "the IS group's siege").
    // "to tighten the encirclement of Y", "to break the siege": an aim.
    if (i.saturating_sub(3)..i).any(|j| toks[j].is(&words().word.to)) {
        return;
    }
    let lo = i.saturating_sub(8);
    let mut besieger = (lo..i)
        .rev()
        .find(|&j| matches!(toks[j].actor(), Some((Some(_), k)) if !matches!(k, HitKind::Held(_))))
        .filter(|&j| (j + 1..i).all(|k| !toks[k].is_any(&words().siege.by_of_and)))
        .and_then(|j| faction_at(toks, j));
    let mut l = places_after(toks, i + 2);
    // "the siege imposed by X on Y": a participle and its agent stand between the noun and
    // its place, which follows the agent's preposition.
    if l.places.is_empty()
        && word_at(toks, i + 1, &words().siege.imposed_participles)
        && word_at(toks, i + 2, &words().word.by)
    {
        let agent = first_actor_in(toks, i + 3, i + 5);
        let prep = agent
            .and_then(|a| (a + 1..a + 3).find(|&k| word_at(toks, k, &words().siege.of_on_around)));
        if let (Some(a), Some(k)) = (agent, prep) {
            besieger = besieger.or_else(|| faction_at(toks, a));
            l = places_after(toks, k + 1);
        }
    }
    if besieger.is_none() {
        // "the siege of Y by X", "the siege imposed by X on Y".
        let k = l.end;
        if word_at(toks, k, &words().word.by) || word_at(toks, k + 1, &words().word.by) {
            besieger = first_actor_in(toks, k, k + 4).and_then(|a| faction_at(toks, a));
        }
    }
    // Broken? "broke a three-year siege", "breaking the siege".
    let brk = (i.saturating_sub(8)..i)
        .rev()
        .find(|&j| toks[j].is_any(&words().siege.break_verbs));
    let (broken_by, conf) = match brk {
        Some(v) => {
            let s = subject_before(toks, v);
            let f = s.and_then(|s| faction_at(toks, s));
            let h = hedges::factor(toks, s, v);
            match f {
                Some(f) => (Some(f), 0.85 * h * cx.actor_weight(toks, s.unwrap_or(0))),
                // "Breaking the siege opens …": the breaker is the besieger's opponent.
                None => (besieger.and_then(|b| cx.opponent(b)), 0.6 * h),
            }
        }
        None => (None, 0.75 * hedges::factor(toks, None, i)),
    };
    if conf <= 0.0 {
        return;
    }
    let held = l.held.map(|(h, _)| h);
    let (holder, hf) = match besieger {
        Some(b) => holder_of(cx, b, held),
        None => (held, 1.0),
    };
    if besieger.is_none() && held.is_none() && broken_by.is_none() {
        return;
    }
    for (j, _) in &l.places {
        emit(cx, toks, *j, besieger, holder, broken_by, conf * hf, out);
    }
    if let (Some((n, noun)), true) = (l.vague, l.places.is_empty()) {
        let faction = broken_by.or(holder).or(besieger);
        let Some(f) = faction else { return };
        let relation = if broken_by.is_some() {
            Relation::SiegeBroken
        } else if holder.is_some() {
            Relation::Besieged
        } else {
            Relation::Besieges
        };
        let v = VagueRef {
            count: Some(n),
            kind: plural_kind(&toks[noun].w),
            holder: holder.or(broken_by).map(|h| cx.faction_id(h)),
            besieged: true,
            besieger: besieger.map(|b| cx.faction_id(b)),
            ..VagueRef::default()
        };
        let from = (i + 2..noun)
            .find(|&j| super::patterns::count_of(&toks[j].w).is_some())
            .unwrap_or(i + 2);
        let mut c = cx.vague_claim(toks, from, noun, f, relation, conf * hf * 0.8, v);
        c.counterpart = besieger.map(|b| cx.faction_id(b));
        out.push(c);
    }
}

/// The "under" of "under siege", "under a tight government siege" before
/// the siege noun at `i`: only a besieger and noun-phrase words between.
fn under_before(toks: &[Tok], i: usize) -> Option<usize> {
    if !toks[i].is(&words().word.siege) {
        return None;
    }
    (i.saturating_sub(5)..i).rev().find_map(|k| {
        let t = &toks[k];
        if t.is(&words().word.under) {
            return Some(Some(k));
        }
        let modifier = super::patterns::is_filler(t)
            || matches!(
                t.kind,
                super::tokens::Kind::Actor {
                    faction: Some(_),
                    ..
                }
            )
            || t.is_any(&words().siege.siege_adjectives);
        (!modifier).then_some(None)
    })?
}

/// "Nubl, under siege by rebels since 2012", "Y is under government
/// siege": held by the besieger's opponent.
fn under_siege(cx: &Cx, toks: &[Tok], u: usize, i: usize, out: &mut Vec<Claim>) {
    let besieger = first_actor_in(toks, u + 1, i)
        .or_else(|| {
            word_at(toks, i + 1, &words().siege.by_from)
                .then(|| first_actor_in(toks, i + 2, i + 5))
                .flatten()
        })
        .and_then(|a| faction_at(toks, a));
    let Some(b) = besieger else { return };
    let before = places_before(toks, u);
    let h = hedges::factor(toks, before.first().copied(), i);
    let (holder, hf) = holder_of(cx, b, None);
    for j in before {
        emit(cx, toks, j, Some(b), holder, None, 0.75 * h * hf, out);
    }
}

/// "Foua and Kafriya, besieged by the rebels": held by the rebels' opponent.
fn besieged_by(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let Some(b) = first_actor_in(toks, v + 2, v + 5).and_then(|a| faction_at(toks, a)) else {
        return;
    };
    let before = places_before(toks, v);
    let h = hedges::factor(toks, before.first().copied(), v);
    let (holder, hf) = holder_of(cx, b, None);
    for j in before {
        emit(cx, toks, j, Some(b), holder, None, 0.75 * h * hf, out);
    }
}

/// "government forces encircled Y".
fn besieges(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(b) = faction_at(toks, s) else { return };
    let l = places_after(toks, v + 1);
    let h = hedges::factor(toks, Some(s), v);
    let held = l.held.map(|(h, _)| h);
    let (holder, hf) = holder_of(cx, b, held);
    for (j, partial) in &l.places {
        if *partial {
            continue;
        }
        emit(
            cx,
            toks,
            *j,
            Some(b),
            holder,
            None,
            0.75 * h * hf * cx.actor_weight(toks, s),
            out,
        );
    }
}

/// "Government forces pounded the besieged town of Y": a siege participle
/// opening the object of an assault verb (`assault_verbs`) names the place
/// the clause's subject besieges, held by its opponent unless the object says.
fn assailed_besieged(cx: &Cx, toks: &[Tok], p: usize, out: &mut Vec<Claim>) {
    let lo = p.saturating_sub(4);
    let Some(v) = (lo..p)
        .rev()
        .find(|&k| toks[k].is_any(&words().siege.assault_verbs))
    else {
        return;
    };
    if !(v + 1..p).all(|k| toks[k].is_any(&words().siege.the_a_two)) {
        return;
    }
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(b) = faction_at(toks, s) else { return };
    let l = places_after(toks, p + 1);
    let h = hedges::factor(toks, Some(s), v);
    let (holder, hf) = holder_of(cx, b, l.held.map(|(h, _)| h));
    let conf = 0.7 * h * hf * cx.actor_weight(toks, s);
    for &(j, partial) in &l.places {
        if !partial {
            emit(cx, toks, j, Some(b), holder, None, conf, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{claims, t, triples};

    #[test]
    fn siege_with_named_besieger_infers_the_holder() {
        let c = claims("Nubl and Zahraa, besieged by rebels since 2012, are short of food.");
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(
            (c[0].faction.as_str(), c[0].relation.as_str()),
            ("government", "besieged")
        );
        assert_eq!(c[0].counterpart.as_deref(), Some("opposition"));
    }

    #[test]
    fn an_assault_on_a_place_told_besieged_names_the_besieger() {
        let c = claims("Rebels pounded the besieged town of Nubl on Sunday.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (c[0].faction.as_str(), c[0].relation.as_str()),
            ("government", "besieged")
        );
        assert_eq!(c[0].counterpart.as_deref(), Some("opposition"));
        // No assailant named: the siege has no besieger, and no holder is guessed.
        assert!(claims("Aid reached the besieged town of Nubl on Sunday.").is_empty());
    }

    #[test]
    fn active_encirclement() {
        let c = claims("Islamic State fighters encircled the Kuweires airbase on Monday.");
        assert_eq!(c.len(), 1, "{c:?}");
        // The Islamic State has no usual opponent in factions.toml: the holder stays unknown.
        assert_eq!(
            (c[0].faction.as_str(), c[0].relation.as_str()),
            ("isis", "besieges")
        );
        assert_eq!(c[0].name, "Kuweires airbase");
        // One of its enemies named in the report holds what it besieges.
        let c = claims(
            "Islamic State fighters encircled the Kuweires airbase on Monday. \
             Government troops inside held out.",
        );
        let besieged: Vec<_> = c
            .iter()
            .map(|c| (c.faction.as_str(), c.relation.as_str()))
            .filter(|&(_, relation)| relation == "besieged")
            .collect();
        assert_eq!(besieged, [("government", "besieged")], "{c:?}");
        assert_eq!(c[0].counterpart.as_deref(), Some("isis"));
    }

    #[test]
    fn siege_broken_by_subject() {
        let c = claims(
            "Syrian troops broke the Islamic State siege of the Kuweires airbase on Tuesday.",
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (c[0].faction.as_str(), c[0].relation.as_str()),
            ("government", "siege_broken")
        );
        assert_eq!(c[0].counterpart.as_deref(), Some("isis"));
    }

    #[test]
    fn siege_broken_of_vague_towns_named_later() {
        let text = "The army and its allies broke a four-year rebel siege of two Shiite towns on Wednesday. \
                    The two towns of Nubl and Zahraa had been supplied by air.";
        let mut got = triples(text);
        got.sort();
        assert_eq!(
            got,
            vec![
                t("Nubl", "government", "siege_broken"),
                t("Zahraa", "government", "siege_broken")
            ]
        );
    }

    #[test]
    fn siege_broken_of_vague_villages_stays_vague() {
        let c = claims("On Wednesday the army broke a three-year rebel siege of two government-held villages north of Aleppo.");
        let v: Vec<_> = c.iter().filter(|c| c.place_id.is_none()).collect();
        assert_eq!(v.len(), 1, "{c:?}");
        assert_eq!(v[0].relation.as_str(), "siege_broken");
        let r = v[0].vague.as_ref().unwrap();
        assert_eq!(
            (
                r.count,
                r.holder.as_deref(),
                r.besieger.as_deref(),
                r.besieged
            ),
            (Some(2), Some("government"), Some("opposition"), true)
        );
    }

    #[test]
    fn intent_to_besiege_is_not_a_siege() {
        assert!(triples("Troops advanced with the aim of besieging Marea.").is_empty());
        assert!(triples("Rebels threatened to besiege Nubl.").is_empty());
    }
}

#[cfg(test)]
mod under_siege_tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn under_siege_by() {
        assert_eq!(
            triples("Nubl, under siege by rebels for three years, received aid."),
            vec![t("Nubl", "government", "besieged")]
        );
    }
}
