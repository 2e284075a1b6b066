//! Partial encirclement: "X encircled Y from the west, south and east",
//! "Y, surrounded by X from the north and east".
//!
//! Reporting on a city under pressure names the sides an attacker holds
//! around it long before (and often instead of) a full siege. Such a
//! sentence says the besieger holds a band of ground on those sides; it says
//! nothing about who holds the city itself, so the claim is a `besieges`
//! claim with `around` set and its `sides` listed, and the timeline keeps it
//! out of the place's holder tally. The besieged side is whoever the same
//! report says holds the place ([`besieged_side`]); when the report does not
//! say, the timeline asks the known state.
//!
//! "X advanced from the north" (an approach, not a ring) is not read here: it
//! stays an `around` claim on one side ([`super::split`]).

use super::patterns::{faction_at, first_actor_in, places_after, places_before, subject_before};
use super::split::direction;
use super::tokens::Tok;
use super::words::words;
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};
use crate::geoparse::Direction;

/// Base confidence of a partial encirclement: the sides are a summary of
/// many small advances, and reporters round them.
const CONFIDENCE: f32 = 0.7;

pub(crate) fn run(cx: &Cx, toks: &[Tok], out: &mut Vec<Claim>) {
    for v in 0..toks.len() {
        if !(toks[v].is_any(&words().patterns.ring_verbs)
            || toks[v].is_any(&words().encircle.ring_only_verbs))
        {
            continue;
        }
        // "the encircled city": an adjective, not a statement.
        if v > 0 && toks[v - 1].is_any(&words().encircle.the_a_an) {
            continue;
        }
        let Some((from, sides)) = sides_after(toks, v) else {
            continue;
        };
        if toks.get(v + 1).is_some_and(|t| t.is(&words().word.by)) {
            passive(cx, toks, v, &sides, out);
        } else {
            active(cx, toks, v, from, &sides, out);
        }
    }
}

/// "from the west, south and east" ("on the west, south and east") within a
/// few words after the verb: the index of the preposition and the sides, in
/// the order stated. `None` for "from the north of Y" (where the attack
/// started, not Y's side) and for "on Monday" (no side).
fn sides_after(toks: &[Tok], v: usize) -> Option<(usize, Vec<Direction>)> {
    let end = (v + 8).min(toks.len());
    let from = (v + 1..end).find(|&j| {
        toks[j].is(&words().word.from)
            || (toks[j].is(&words().word.on) && direction(toks.get(j + 2)).is_some())
    })?;
    // A clause break between the verb and "from" ("encircled Y; shelling from the north").
    if toks[v + 1..from]
        .iter()
        .any(|t| t.is_punct(";") || t.is_punct(".") || t.is_punct(":"))
    {
        return None;
    }
    let mut sides = Vec::new();
    let mut j = from + 1;
    while j < toks.len() {
        let t = &toks[j];
        if let Some(d) = direction(Some(t)) {
            if !sides.contains(&d) {
                sides.push(d);
            }
        } else if !(t.is_any(&words().encircle.the_and_both) || t.is_punct(",")) {
            break;
        }
        j += 1;
    }
    if sides.is_empty() || toks.get(j).is_some_and(|t| t.is(&words().word.of)) {
        return None;
    }
    Some((from, sides))
}

/// "government forces encircled Aleppo from the west, south and east".
fn active(cx: &Cx, toks: &[Tok], v: usize, from: usize, sides: &[Direction], out: &mut Vec<Claim>) {
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(b) = faction_at(toks, s) else { return };
    let l = places_after(toks, v + 1);
    let Some(&(p, _)) = l.places.first().filter(|(p, _)| *p < from) else {
        return;
    };
    let held = l.held.map(|(h, _)| h).filter(|&h| h != b);
    let h = hedges::factor(toks, Some(s), v);
    let conf = CONFIDENCE * h * cx.actor_weight(toks, s);
    emit(cx, toks, p, b, held, sides, conf, out);
}

/// "Aleppo, encircled by loyalists from the north and east".
fn passive(cx: &Cx, toks: &[Tok], v: usize, sides: &[Direction], out: &mut Vec<Claim>) {
    let Some(a) = first_actor_in(toks, v + 2, v + 6) else {
        return;
    };
    let Some(b) = faction_at(toks, a) else { return };
    let Some(&p) = places_before(toks, v).first() else {
        return;
    };
    let h = hedges::factor(toks, Some(p), v);
    let conf = CONFIDENCE * h * cx.actor_weight(toks, a);
    emit(cx, toks, p, b, None, sides, conf, out);
}

#[allow(clippy::too_many_arguments)]
fn emit(
    cx: &Cx,
    toks: &[Tok],
    p: usize,
    besieger: usize,
    holder: Option<usize>,
    sides: &[Direction],
    conf: f32,
    out: &mut Vec<Claim>,
) {
    if let Some(mut c) = cx.claim(toks, p, besieger, Relation::Besieges, conf, Scope::Holdable) {
        c.around = true;
        c.sides = sides.to_vec();
        c.counterpart = holder.map(|h| cx.faction_id(h));
        out.push(c);
    }
}

/// Whether a claim is a partial encirclement (sides named).
pub(crate) fn is_partial(c: &Claim) -> bool {
    c.relation == Relation::Besieges && !c.sides.is_empty()
}

/// Settles partial encirclements against the rest of the report.
///
/// * The same sentence's whole-place siege reading of the same besieger
///   ("surrounded Aleppo on the west, south and east" read as a siege of
///   all Aleppo) gives way to the partial one, which says more.
/// * The besieged side is what the report says about the place: when the
///   other claims on it (whole or part) name one holder besides the
///   besieger, that holder is besieged ("Aleppo … divided between loyalists
///   in the west and rebels in the east"; loyalists encircled it: the rebels
///   are besieged). Otherwise it stays unknown for the timeline to settle
///   against the known state.
pub(crate) fn besieged_side(claims: Vec<Claim>) -> Vec<Claim> {
    let whole_reading = |c: &Claim| {
        let besieger = match c.relation {
            Relation::Besieges if c.sides.is_empty() => Some(c.faction.as_str()),
            Relation::Besieged => c.counterpart.as_deref(),
            _ => None,
        };
        besieger.is_some_and(|b| {
            claims.iter().any(|p| {
                is_partial(p) && p.start == c.start && p.place_id == c.place_id && p.faction == b
            })
        })
    };
    let keep: Vec<bool> = claims.iter().map(|c| !whole_reading(c)).collect();
    let mut claims: Vec<Claim> = claims
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect();
    for i in 0..claims.len() {
        if !is_partial(&claims[i]) || claims[i].counterpart.is_some() {
            continue;
        }
        let c = &claims[i];
        let mut holders: Vec<&str> = claims
            .iter()
            .filter(|d| d.place_id.is_some() && d.place_id == c.place_id && !d.around)
            .filter_map(|d| match d.relation {
                Relation::Holds
                | Relation::Captured
                | Relation::SiegeBroken
                | Relation::Besieged => Some(d.faction.as_str()),
                Relation::Lost => d.counterpart.as_deref(),
                _ => None,
            })
            .filter(|h| *h != c.faction)
            .collect();
        holders.sort_unstable();
        holders.dedup();
        if let [h] = holders[..] {
            let h = h.to_string();
            claims[i].counterpart = Some(h);
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::super::testkit::claims;
    use crate::claims::{Claim, Relation};
    use crate::geoparse::Direction::*;

    fn partial(c: &[Claim]) -> Vec<&Claim> {
        c.iter().filter(|c| super::is_partial(c)).collect()
    }

    #[test]
    fn encirclement_from_three_sides() {
        let c = claims(
            "Loyalist troops and allied militias have encircled Aleppo from the north, west and south over the past week.",
        );
        let p = partial(&c);
        assert_eq!(p.len(), 1, "{c:?}");
        assert_eq!(
            (p[0].name.as_str(), p[0].faction.as_str(), p[0].around),
            ("Aleppo", "government", true)
        );
        assert_eq!(p[0].sides, vec![North, West, South]);
        // Nothing in the sentence says who holds the city.
        assert_eq!(p[0].counterpart, None);
        assert!(p[0].confidence >= 0.5, "{}", p[0].confidence);
    }

    #[test]
    fn sides_can_be_named_with_on() {
        let c =
            claims("By Sunday regime forces had surrounded Aleppo on the west, south and east.");
        let p = partial(&c);
        assert_eq!(p.len(), 1, "{c:?}");
        assert_eq!(p[0].sides, vec![West, South, East]);
        // One reading only: no siege of the whole city besides the partial one.
        assert_eq!(c.len(), 1, "{c:?}");
        // "on Monday" names no side: an ordinary siege, not a partial one.
        let c = claims("Regime forces surrounded Azaz on Monday.");
        assert!(partial(&c).is_empty(), "{c:?}");
    }

    #[test]
    fn besieged_side_comes_from_the_same_report() {
        let c = claims(
            "Aleppo has been split between government forces in the west and insurgents in the east since 2012. \
             On Sunday regime forces encircled Aleppo from the south and east.",
        );
        let p = partial(&c);
        assert_eq!(p.len(), 1, "{c:?}");
        assert_eq!(p[0].sides, vec![South, East]);
        assert_eq!(p[0].counterpart.as_deref(), Some("opposition"));
        // The split stands: both parts keep their holders, no whole-city claim.
        assert!(c
            .iter()
            .any(|c| c.part == Some(West) && c.faction == "government" && !c.around));
        assert!(c
            .iter()
            .any(|c| c.part == Some(East) && c.faction == "opposition" && !c.around));
        assert!(!c
            .iter()
            .any(|c| c.part.is_none() && !c.around && c.relation != Relation::Besieges));
    }

    #[test]
    fn passive_encirclement_names_the_besieger_after_by() {
        let c = claims("Rebel-held Marea, surrounded by Islamic State fighters from the east and south, is short of food.");
        let p = partial(&c);
        assert_eq!(p.len(), 1, "{c:?}");
        assert_eq!(
            (p[0].name.as_str(), p[0].faction.as_str()),
            ("Marea", "isis")
        );
        assert_eq!(p[0].sides, vec![East, South]);
        assert_eq!(p[0].counterpart.as_deref(), Some("opposition"));
    }

    #[test]
    fn an_attempt_is_not_an_encirclement() {
        let c = claims("Government forces tried to encircle Aleppo from the west and south.");
        assert!(partial(&c).is_empty(), "{c:?}");
        let c = claims("Rebels said troops had failed to surround Azaz from the east.");
        assert!(partial(&c).is_empty(), "{c:?}");
    }

    #[test]
    fn an_advance_from_one_side_is_a_side_not_a_siege() {
        let c = claims("The battle for Azaz went on as Kurdish fighters advanced from the south.");
        assert!(partial(&c).is_empty(), "{c:?}");
        // The side is kept, as ground around the town, not as a ring.
        assert!(
            c.iter()
                .any(|c| c.around && c.part == Some(South) && c.faction == "sdf"),
            "{c:?}"
        );
        assert!(
            c.iter()
                .all(|c| c.relation != Relation::Besieges && c.relation != Relation::Besieged),
            "{c:?}"
        );
    }

    #[test]
    fn the_north_of_a_place_is_where_the_attack_came_from() {
        let c = claims("Troops encircled Tell Rifaat from the north of Azaz.");
        assert!(partial(&c).is_empty(), "{c:?}");
    }
}
