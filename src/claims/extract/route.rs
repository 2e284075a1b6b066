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
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};

const CUT: &[&str] = &[
    "cut",
    "cuts",
    "cutting",
    "severed",
    "sever",
    "severing",
    "blocked",
    "block",
    "blocking",
    "closed",
    "closing",
    "interdicted",
    "choked",
];
const OPEN: &[&str] = &[
    "reopened",
    "reopen",
    "reopening",
    "opened",
    "opening",
    "restored",
    "secured",
];
const ROUTE: &[&str] = &[
    "route", "routes", "road", "roads", "line", "lines", "lifeline", "corridor", "highway",
    "artery", "link", "path",
];
const LINKING: &[&str] = &[
    "linking",
    "connecting",
    "between",
    "from",
    "joining",
    "that",
    "which",
    "links",
    "connects",
    "leading",
];

pub(crate) fn run(cx: &Cx, toks: &[Tok], out: &mut Vec<Claim>) {
    for v in 0..toks.len() {
        let rel = if toks[v].is_any(CUT) {
            Relation::RouteCut
        } else if toks[v].is_any(OPEN) {
            Relation::RouteOpen
        } else {
            continue;
        };
        route(cx, toks, v, rel, out);
    }
}

fn route(cx: &Cx, toks: &[Tok], v: usize, rel: Relation, out: &mut Vec<Claim>) {
    let end = (v + 9).min(toks.len());
    let Some(r) = (v + 1..end).find(|&j| toks[j].is_any(ROUTE)) else {
        return;
    };
    // An owner adjective or name before the route noun: "a main insurgent route".
    let mut owner = (v + 1..r).find_map(|j| match toks[j].actor() {
        Some((Some(f), k)) if !matches!(k, HitKind::Held(_) | HitKind::Other) => Some(f),
        _ => None,
    });
    // The ends: "linking [rebels in] A to B", "between A and B", "from A to B".
    let lend = (r + 1..(r + 4).min(toks.len())).find(|&j| toks[j].is_any(LINKING));
    let Some(lk) = lend else { return };
    let mut k = lk + 1;
    if toks.get(k).is_some_and(|t| t.is_any(&["the", "to"])) {
        k += 1;
    }
    // "linking rebels in Aleppo": the owner is named at the first end.
    if let Some(f) = faction_at(toks, k) {
        owner = owner.or(Some(f));
        k += 1;
        if toks
            .get(k)
            .is_some_and(|t| t.is_any(&["in", "inside", "at"]))
        {
            k += 1;
        }
    }
    let first = places_after(toks, k);
    let Some(&(a, _)) = first.places.first() else {
        return;
    };
    let Some(sep) =
        (a + 1..(a + 3).min(toks.len())).find(|&j| toks[j].is_any(&["to", "and", "with"]))
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
    fn threatened_cut_is_no_claim() {
        assert!(claims("Troops threatened to cut the road linking Azaz to Marea.").is_empty());
    }
}
