//! Routes: "X cut the last supply route linking rebels in Aleppo to the
//! Turkish border", "severed the road between Y and Z", "reopened the road
//! from Y to Z".
//!
//! The claim is the route owner's: its place is the first end, `to` the other,
//! its faction the side whose route it is (named at the first end, or as an
//! adjective: "an insurgent route"), its counterpart the side that cut it.
//! Without a named owner, the owner is the cutter's usual opponent.

use super::actors::HitKind;
use super::patterns::{faction_at, places_after, subject_before};
use super::tokens::Tok;
use super::words::words;
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};

pub(crate) fn run(cx: &Cx, toks: &[Tok], out: &mut Vec<Claim>) {
    for v in 0..toks.len() {
        let rel = if toks[v].is_any(&words().route.cut) {
            Relation::RouteCut
        } else if toks[v].is_any(&words().route.open) {
            Relation::RouteOpen
        } else {
            continue;
        };
        route(cx, toks, v, rel, out);
    }
}

fn route(cx: &Cx, toks: &[Tok], v: usize, rel: Relation, out: &mut Vec<Claim>) {
    let end = (v + 9).min(toks.len());
    let Some(r) = (v + 1..end).find(|&j| toks[j].is_any(&words().route.route)) else {
        return;
    };
    // An owner adjective or name before the route noun: "a main insurgent route".
    let mut owner = (v + 1..r).find_map(|j| match toks[j].actor() {
        Some((Some(f), k)) if !matches!(k, HitKind::Held(_) | HitKind::Other) => Some(f),
        _ => None,
    });
    // The ends: "linking [rebels in] A to B", "between A and B", "from A to B".
    let lend = (r + 1..(r + 4).min(toks.len())).find(|&j| toks[j].is_any(&words().route.linking));
    let Some(lk) = lend else {
        if rel == Relation::RouteCut {
            last_way_in(cx, toks, v, r, out);
        }
        return;
    };
    let mut k = lk + 1;
    if toks.get(k).is_some_and(|t| t.is_any(&words().route.the_to)) {
        k += 1;
    }
    // "linking rebels in Aleppo": the owner is named at the first end.
    if let Some(f) = faction_at(toks, k) {
        owner = owner.or(Some(f));
        k += 1;
        if toks
            .get(k)
            .is_some_and(|t| t.is_any(&words().route.in_inside_at))
        {
            k += 1;
        }
    }
    let first = places_after(toks, k);
    let Some(&(a, _)) = first.places.first() else {
        return;
    };
    let Some(sep) =
        (a + 1..(a + 3).min(toks.len())).find(|&j| toks[j].is_any(&words().route.to_and_with))
    else {
        return;
    };
    let second = places_after(toks, sep + 1);
    let Some(&(b, _)) = second.places.first() else {
        return;
    };
    let cutter = subject_before(toks, v).and_then(|s| faction_at(toks, s));
    let h = hedges::factor(toks, subject_before(toks, v), v);
    let (owner, conf) = match (owner, rel, cutter) {
        (Some(o), _, _) => (o, 0.8),
        (None, Relation::RouteCut, Some(c)) => match cx.opponent(c) {
            Some(o) => (o, 0.55),
            None => return,
        },
        (None, _, Some(c)) => (c, 0.6),
        (None, _, None) => return,
    };
    if rel == Relation::RouteCut && cutter == Some(owner) {
        return;
    }
    let Some(mut c) = cx.claim(toks, a, owner, rel, conf * h, Scope::AllowAreas) else {
        return;
    };
    let to = cx
        .gazetteer
        .place(cx.mentions[toks[b].place().unwrap_or(0)].place);
    c.to = Some(to.id.clone());
    c.counterpart = cutter.filter(|&x| x != owner).map(|x| cx.faction_id(x));
    out.push(c);
}

/// "cut the last supply line into rebel-held eastern Aleppo": with its last
/// way in cut, the place is besieged by the cutter. The besieged side is the
/// one the text says holds it ("rebel-held"), else the cutter's usual opponent.
fn last_way_in(cx: &Cx, toks: &[Tok], v: usize, r: usize, out: &mut Vec<Claim>) {
    if !toks[v + 1..r]
        .iter()
        .any(|t| t.is_any(&words().route.last_only))
    {
        return;
    }
    if !toks
        .get(r + 1)
        .is_some_and(|t| t.is_any(&words().route.into_to_in))
    {
        return;
    }
    let Some(&(p, _)) = places_after(toks, r + 2).places.first() else {
        return;
    };
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(cutter) = faction_at(toks, s) else {
        return;
    };
    let named = (r + 2..p).find_map(|j| match toks[j].actor() {
        Some((Some(f), HitKind::Held(_))) => Some(f),
        _ => None,
    });
    let Some(holder) = named.or_else(|| cx.opponent(cutter)) else {
        return;
    };
    if holder == cutter {
        return;
    }
    let h = hedges::factor(toks, Some(s), v);
    let conf = if named.is_some() { 0.7 } else { 0.5 } * h * cx.actor_weight(toks, s);
    if let Some(mut c) = cx.claim(toks, p, holder, Relation::Besieged, conf, Scope::Holdable) {
        c.counterpart = Some(cx.faction_id(cutter));
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::claims;

    #[test]
    fn route_cut_belongs_to_the_side_named_at_its_start() {
        let c = claims("Syrian troops, backed by Russian jets, cut the main supply line linking rebels in Aleppo to the Turkish border.");
        let r: Vec<_> = c
            .iter()
            .filter(|c| c.relation.as_str() == "route_cut")
            .collect();
        assert_eq!(r.len(), 1, "{c:?}");
        assert_eq!(
            (r[0].name.as_str(), r[0].faction.as_str()),
            ("Aleppo", "opposition")
        );
        assert_eq!(r[0].counterpart.as_deref(), Some("government"));
        assert_eq!(r[0].to.as_deref(), Some("t:border"));
    }

    #[test]
    fn route_between_two_places_with_owner_adjective() {
        let c = claims("Kurdish fighters severed an IS supply road between Manbij and Jarabulus.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (
                c[0].name.as_str(),
                c[0].faction.as_str(),
                c[0].to.as_deref()
            ),
            ("Manbij", "isis", Some("t:jarabulus"))
        );
        assert_eq!(c[0].counterpart.as_deref(), Some("sdf"));
    }

    #[test]
    fn cutting_the_last_way_in_besieges_the_place() {
        let c = claims(
            "Government forces cut the last supply line into rebel-held Azaz, residents said.",
        );
        let b: Vec<_> = c
            .iter()
            .filter(|c| c.relation.as_str() == "besieged")
            .collect();
        assert_eq!(b.len(), 1, "{c:?}");
        assert_eq!(
            (
                b[0].name.as_str(),
                b[0].faction.as_str(),
                b[0].counterpart.as_deref()
            ),
            ("Azaz", "opposition", Some("government"))
        );
        // Not the last one: a road cut is no siege.
        assert!(
            claims("Government forces cut a supply line into rebel-held Azaz.")
                .iter()
                .all(|c| c.relation.as_str() != "besieged")
        );
    }

    #[test]
    fn threatened_cut_is_no_claim() {
        assert!(claims("Troops threatened to cut the road linking Azaz to Marea.").is_empty());
    }
}
