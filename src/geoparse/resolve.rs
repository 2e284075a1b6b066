//! Resolution: pick the place each recognised name refers to.
//!
//! Every candidate gets a prior — its kind (countries and cities before villages of
//! the same name), importance, population, whether the spelling matched exactly
//! rather than only by skeleton, whether it lies in the region — and a kind hint
//! from the words around it ("province", "crossing", "the town of"). Then context:
//! names that are unambiguous (one candidate, or a clear winner) are anchors, and a
//! candidate near an anchor, or in a governorate or district the text names
//! ("in Idlib province"), gains. Scores become probabilities by a softmax; the best
//! is the resolution, its probability the confidence, and runners-up within half of
//! it are reported as alternatives.

use super::relative::KindHint;
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use geo::Point;

/// A name waiting for resolution.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    /// Candidates with "exact spelling" and "name was stripped or fuzzy" flags.
    pub cands: Vec<(PlaceIdx, bool, bool)>,
    pub hint: Option<KindHint>,
    /// Joined to the name before it by a list separator ("A and B", "A, B"): the two
    /// are usually neighbours, so each is context for the other.
    pub coordinated: bool,
}

/// Whether the text between two names makes them one list: a comma, "and", "or",
/// ", and", "&", with nothing else (the words come from the language file).
pub fn is_coordination(between: &str) -> bool {
    let b = between.trim();
    if b.len() > 8 {
        return false;
    }
    let b = b.strip_prefix(',').map_or(b, str::trim_start);
    b.is_empty()
        || b == "&"
        || super::words::lists().conjunctions.iter().any(|c| c == b)
        || super::words::arabic_lists()
            .conjunctions
            .iter()
            .any(|c| c == b)
}

/// Resolution of one [`Pending`]: candidates with probabilities, best first.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub ranked: Vec<(PlaceIdx, f32)>,
}

fn kind_prior(k: PlaceKind) -> f64 {
    use PlaceKind::*;
    match k {
        Country => 4.0,
        City => 2.2,
        Governorate => 1.6,
        Region => 1.4,
        Border | River => 1.4,
        Town => 1.3,
        Crossing | Airbase | Dam | Oilfield => 1.1,
        Road | Lake | Mountain => 1.0,
        District => 0.9,
        Village => 0.7,
        Neighbourhood => 0.7,
        Base | Hill | Landmark => 0.6,
        Subdistrict => 0.4,
    }
}

/// What spelling a name exactly as the text does adds to a candidate. Less than the
/// nearness of the text's other places adds at a few km (up to 2.5, see `resolve`):
/// sources transliterate one village many ways ("Tal Shaer" is Tal Shair by Jarabulus,
/// not the Tal Sha'er 190 km away), so spelling decides between namesakes only where
/// the places around do not.
const EXACT_SPELLING_WEIGHT: f64 = 1.5;

/// The population from which a share of a name ("most of X") means the city rather than
/// the governorate of the same name: a city this large is fought over district by district,
/// while a smaller provincial capital changes hands whole.
const SHARE_OF_CITY: u64 = 600_000;

/// The population from which a compass adjective's part of a name ("western X") means the
/// city's part rather than the governorate's: lower than for a share, as the part of a
/// large provincial capital is as often told district by district ("western Raqqa" in the
/// battle for the city) while "northern Hama" and "southern Idlib" are the countryside.
const PART_OF_CITY: u64 = 500_000;

fn prior(g: &Gazetteer, idx: PlaceIdx, exact: bool, stripped: bool, hint: Option<KindHint>) -> f64 {
    let p = g.place(idx);
    let mut s = kind_prior(p.kind)
        + 2.0 * p.importance as f64
        + 0.3 * ((p.population as f64) + 1.0).log10();
    if exact {
        s += EXACT_SPELLING_WEIGHT;
    }
    if stripped {
        s -= 1.5;
    }
    if p.kind != PlaceKind::Country && !g.info().country.is_empty() && p.country == g.info().country
    {
        s += 2.0;
    }
    match hint {
        // "the village of X": the text says what it is, so a gazetteer town gets no
        // more from its kind than a village does.
        Some(KindHint::Village) if p.kind == PlaceKind::Town => {
            s += 6.0 - (kind_prior(PlaceKind::Town) - kind_prior(PlaceKind::Village))
        }
        Some(h) if h.accepts(p.kind) => s += 6.0,
        // "most of Aleppo": a metropolis's share is its districts, so the city outranks
        // its governorate; a smaller capital's share is the province (the hint above).
        Some(KindHint::Share) if p.kind.is_settlement() && p.population >= SHARE_OF_CITY => {
            s += 8.0
        }
        // "western Raqqa": a large city as likely as its governorate, so the reading
        // stays the one the text's other signals give ("one sense per text").
        Some(KindHint::Part) if p.kind.is_settlement() && p.population >= PART_OF_CITY => s += 6.0,
        Some(KindHint::Share | KindHint::Part) => {}
        // "the Hama countryside" is the governorate when there is one; a settlement of
        // the name ("the Manbij countryside") when not, so it is not marked down.
        Some(KindHint::Countryside) if p.kind.is_settlement() => {}
        Some(KindHint::Settlement | KindHint::City | KindHint::Village)
            if p.kind.is_settlement() =>
        {
            s += 1.0
        }
        Some(_) => s -= 4.0,
        None => {}
    }
    s
}

fn softmax(scores: &[(PlaceIdx, f64)]) -> Vec<(PlaceIdx, f32)> {
    let max = scores.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = scores.iter().map(|s| (s.1 - max).exp()).sum();
    let mut out: Vec<(PlaceIdx, f32)> = scores
        .iter()
        .map(|&(i, s)| (i, ((s - max).exp() / sum) as f32))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

/// An admin area's name as places refer to it ("Aleppo Governorate" → "Aleppo").
/// The suffixes are the language file's `admin_suffixes`, each cut in turn after a space.
fn admin_key(s: &str) -> String {
    let mut l = s.to_string();
    for suffix in &super::words::lists().admin_suffixes {
        let cut = l.len().saturating_sub(suffix.len() + 1);
        if cut > 0
            && l.is_char_boundary(cut)
            && l.as_bytes()[cut] == b' '
            && l[cut + 1..].eq_ignore_ascii_case(suffix)
        {
            l.truncate(cut);
        }
    }
    l
}

/// Governorates the text names as such ("Daraa province", "the province of
/// Daraa") and never as a city ("Daraa city", "Aleppo, Syria's largest city"), each
/// with the index of its first such mention.
fn named_provinces(
    g: &Gazetteer,
    pending: &[Pending],
    first: &[Vec<(PlaceIdx, f64)>],
) -> Vec<(PlaceIdx, usize)> {
    let mut out: Vec<(PlaceIdx, usize)> = Vec::new();
    let mut cities: Vec<PlaceIdx> = Vec::new();
    for (n, (p, scores)) in pending.iter().zip(first).enumerate() {
        let gov = || {
            scores
                .iter()
                .find(|(i, _)| g.place(*i).kind == PlaceKind::Governorate)
                .map(|s| s.0)
        };
        match p.hint {
            Some(KindHint::Governorate) => {
                if let Some(i) = gov() {
                    if !out.iter().any(|o| o.0 == i) {
                        out.push((i, n));
                    }
                }
            }
            Some(KindHint::City | KindHint::Settlement) => cities.extend(gov()),
            _ => {}
        }
    }
    out.retain(|(i, _)| !cities.contains(i));
    out
}

/// Distance in km by the equirectangular approximation: plenty for "how near is this
/// candidate to the other places of the text", and without trigonometry per pair
/// beyond one cosine (`k`, the cosine of `a`'s latitude).
fn fast_km(a: Point<f64>, b: Point<f64>, k: f64) -> f64 {
    let dx = (a.x() - b.x()) * 111.32 * k;
    let dy = (a.y() - b.y()) * 110.57;
    (dx * dx + dy * dy).sqrt()
}

/// What being listed beside a clear name, at distance 0, adds to a candidate's score.
const COORDINATION_WEIGHT: f64 = 2.0;

/// How many mentions before and after one count as its context.
const CONTEXT: usize = 60;

/// How far from its town a facility named after it may lie ("Deir ez-Zor Military Airport"
/// is 7 km from the city's centre).
const FACILITY_KM: f64 = 20.0;

/// "the Military Airport of Deir Ezzor" where no candidate of the name is an airport (the
/// pack spells the airport's own names otherwise): the facilities of the hinted kind within
/// [`FACILITY_KM`] of a candidate whose names contain one of the candidate's names, as
/// stripped candidates (the text said the noun, so the hint lifts them). A facility the pack
/// lacks leaves the town: the report places it there, and a made-up point would not be better.
fn tied_facilities(g: &Gazetteer, p: &Pending) -> Vec<(PlaceIdx, bool, bool)> {
    let Some(hint) = p.hint.filter(|h| h.is_facility()) else {
        return Vec::new();
    };
    if p.cands.iter().any(|&(i, ..)| hint.accepts(g.place(i).kind)) {
        return Vec::new();
    }
    let mut out: Vec<(PlaceIdx, bool, bool)> = Vec::new();
    for &(town, exact, _) in &p.cands {
        let t = g.place(town);
        if !t.kind.is_settlement() {
            continue;
        }
        let keys: Vec<String> = t
            .all_names()
            .map(crate::gazetteer::simple_fold)
            .filter(|k| k.len() >= 4 && k.is_ascii())
            .collect();
        for (f, _) in g.within_km(t.point, FACILITY_KM) {
            let fp = g.place(f);
            if !hint.accepts(fp.kind) || out.iter().any(|o| o.0 == f) {
                continue;
            }
            let named_after = fp.all_names().any(|n| {
                let n = crate::gazetteer::simple_fold(n);
                keys.iter().any(|k| n.contains(k.as_str()))
            });
            if named_after {
                out.push((f, exact, true));
            }
        }
    }
    out
}

/// How much more important than the region's own place of the same name a foreign
/// place must be to stay a reading of it when the text names nothing in its country:
/// a capital or a large city ("Baghdad", "Doha" beside a Syrian hamlet of the name)
/// clears it, a foreign town no better known than the region's own does not.
const FOREIGN_NAMESAKE_MARGIN: f32 = 0.2;

/// The score margin over the runner-up that makes a candidate a clear winner: an anchor
/// for the text's other names, or a country the text speaks of.
const CLEAR_MARGIN: f64 = 1.5;

/// The best of several candidates by score, with its margin over the runner-up.
fn clear_winner(scores: &[(PlaceIdx, f64)]) -> Option<(PlaceIdx, f64)> {
    let &(best, s0) = scores.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let s1 = scores
        .iter()
        .filter(|s| s.0 != best)
        .map(|s| s.1)
        .fold(f64::NEG_INFINITY, f64::max);
    Some((best, s0 - s1))
}

/// A name the region's own country shares with a foreign place, spelt exactly as the
/// text does ("أريحا": Ariha in Idlib and Jericho; not a skeleton match such as
/// Mayadin for "Medan"), is the region's place unless the text says otherwise: it names
/// the foreign country, or a place there that no region place shares a name with.
/// Kind and population would otherwise decide, and neither is comparable across the
/// border: the gazetteer knows populations of foreign cities and of few Syrian towns,
/// and files a foreign town as a city more readily. A foreign place much better known
/// than the region's namesake (`FOREIGN_NAMESAKE_MARGIN`) keeps its ordinary chance.
fn drop_foreign_namesakes(
    g: &Gazetteer,
    pending: &[Pending],
    mut first: Vec<Vec<(PlaceIdx, f64)>>,
) -> Vec<Vec<(PlaceIdx, f64)>> {
    let home = g.info().country.as_str();
    if home.is_empty() {
        return first;
    }
    let is_foreign = |i: PlaceIdx| {
        let p = g.place(i);
        p.kind != PlaceKind::Country && p.country != home
    };
    // The importance of the region's own namesake, for names that have one.
    let home_namesake: Vec<Option<f32>> = pending
        .iter()
        .map(|p| {
            p.cands
                .iter()
                .filter(|&&(i, exact, stripped)| {
                    exact
                        && !stripped
                        && g.place(i).country == home
                        && g.place(i).kind != PlaceKind::Country
                })
                .map(|&(i, _, _)| g.place(i).importance)
                .reduce(f32::max)
        })
        .collect();
    if home_namesake.iter().all(Option::is_none) {
        return first;
    }
    // Foreign countries the text speaks of: named, or holding a clear winner of a name
    // the region does not share.
    let mut named: Vec<&str> = Vec::new();
    for (n, scores) in first.iter().enumerate() {
        let Some((best, margin)) = clear_winner(scores) else {
            continue;
        };
        let p = g.place(best);
        if margin >= CLEAR_MARGIN
            && p.country != home
            && (p.kind == PlaceKind::Country || home_namesake[n].is_none())
        {
            named.push(p.country.as_str());
        }
    }
    for (scores, home_importance) in first.iter_mut().zip(&home_namesake) {
        let Some(home_importance) = *home_importance else {
            continue;
        };
        scores.retain(|&(i, _)| {
            let p = g.place(i);
            !is_foreign(i)
                || named.contains(&p.country.as_str())
                || p.importance > home_importance + FOREIGN_NAMESAKE_MARGIN
        });
    }
    first
}

/// Score for a candidate in the country written right after its name ("Tripoli, Lebanon"):
/// more than population and region priors, so the apposition decides.
const APPOSED_COUNTRY_WEIGHT: f64 = 4.0;

/// Resolves all pending names of one text together.
pub fn resolve(g: &Gazetteer, pending: &[Pending]) -> Vec<Ranked> {
    // Pass 1: priors only.
    let first: Vec<Vec<(PlaceIdx, f64)>> = pending
        .iter()
        .map(|p| {
            // A base or landmark found by its town's name without its noun ("Shillif"
            // for "Shillif Castle") is that facility only when the text says so ("Shillif
            // fortress"); beside other readings it is left out, not merely ranked lower.
            let unnamed_facility = |&(i, _, stripped): &(PlaceIdx, bool, bool)| {
                let kind = g.place(i).kind;
                stripped
                    && matches!(kind, PlaceKind::Base | PlaceKind::Landmark)
                    && !p.hint.is_some_and(|h| h.accepts(kind))
            };
            // A bare name that is exactly one place's own name ("Euphrates", the river) is
            // not a facility named after it ("Euphrates Dam", found as "Euphrates" once the
            // noun is cut), unless the text names that kind ("the Euphrates dam"). Only for
            // facilities: a city, river or area with its kind word cut ("New York City",
            // "Aleppo Governorate") is still the place its bare name says.
            let own_name = p
                .cands
                .iter()
                .any(|&(_, exact, stripped)| exact && !stripped);
            let named_after = |&(i, _, stripped): &(PlaceIdx, bool, bool)| {
                let kind = g.place(i).kind;
                own_name
                    && stripped
                    && matches!(
                        kind,
                        PlaceKind::Dam
                            | PlaceKind::Airbase
                            | PlaceKind::Crossing
                            | PlaceKind::Oilfield
                    )
                    && !p.hint.is_some_and(|h| h.accepts(kind))
            };
            let tied = tied_facilities(g, p);
            let only_facilities = p.cands.iter().all(unnamed_facility);
            p.cands
                .iter()
                .chain(&tied)
                .filter(|c| only_facilities || !unnamed_facility(c))
                .filter(|c| !named_after(c))
                .map(|&(i, exact, stripped)| (i, prior(g, i, exact, stripped, p.hint)))
                .collect()
        })
        .collect();
    let first = drop_foreign_namesakes(g, pending, first);
    // Anchors: clear winners that are points (settlements, crossings …), and the
    // governorates / districts named, as admin hints.
    let mut anchors: Vec<(usize, Point<f64>)> = Vec::new();
    let mut admins: Vec<String> = Vec::new();
    // Countries named with a clear winner, by mention: "Tripoli, Lebanon" places the
    // name before in that country.
    let mut countries: Vec<Option<&str>> = vec![None; first.len()];
    for (n, scores) in first.iter().enumerate() {
        let Some((best, margin)) = clear_winner(scores) else {
            continue;
        };
        if margin < CLEAR_MARGIN {
            continue;
        }
        let p = g.place(best);
        match p.kind {
            PlaceKind::Country => countries[n] = Some(p.country.as_str()),
            PlaceKind::Governorate | PlaceKind::District | PlaceKind::Subdistrict => {
                admins.push(super::lexicon::letters_key(&admin_key(&p.name)))
            }
            k if k.is_area() || k.is_linear() => {}
            _ => {
                anchors.push((n, p.point));
            }
        }
    }
    admins.sort();
    admins.dedup();
    let provinces = named_provinces(g, pending, &first);
    // Pass 2: context for names with more than one candidate.
    first
        .into_iter()
        .enumerate()
        .map(|(n, mut scores)| {
            // "the countryside of Daraa" after "the province of Daraa": the province too.
            let countryside = pending[n].hint == Some(KindHint::Countryside);
            // A compass part ("northern Latakia") too: its hint leaves a large city open.
            let part = pending[n].hint == Some(KindHint::Part);
            if pending[n].hint.is_none() || countryside || part {
                // One sense per text: after "the province of Daraa", a bare "Daraa" is
                // the province too, unless the text also calls it a city.
                // the text's own hint, as for "province" next to the name
                let named = |i: PlaceIdx| provinces.iter().any(|&(p, from)| p == i && from < n);
                if scores.iter().any(|(i, _)| named(*i)) {
                    for (i, s) in scores.iter_mut() {
                        *s += if named(*i) { 6.0 } else { -4.0 };
                    }
                }
            }
            // "the Aleppo countryside" where Aleppo is a governorate: the text's word
            // decides between it and its capital. Nearness to the text's places tells
            // namesakes apart, and the city lies inside its governorate, so it would only
            // pull the reading back to the city.
            // So does a share ("much of Idlib" after "airstrikes in Idlib").
            let share = matches!(pending[n].hint, Some(KindHint::Share | KindHint::Part));
            let countryside_of_governorate = (countryside || share)
                && scores
                    .iter()
                    .any(|(i, _)| g.place(*i).kind == PlaceKind::Governorate);
            if scores.len() > 1 && !countryside_of_governorate {
                for (i, s) in scores.iter_mut() {
                    let p = g.place(*i);
                    if p.kind.is_area() || p.kind.is_linear() {
                        continue;
                    }
                    // Nearby mentions in the text are the context (a long text is many stories).
                    let lo = anchors.partition_point(|(m, _)| *m + CONTEXT < n);
                    let hi = anchors.partition_point(|(m, _)| *m <= n + CONTEXT);
                    let k = p.point.y().to_radians().cos();
                    let d = anchors[lo..hi]
                        .iter()
                        .filter(|(m, _)| *m != n)
                        .map(|(_, a)| fast_km(p.point, *a, k))
                        .fold(f64::INFINITY, f64::min);
                    if d.is_finite() {
                        *s += 1.5 * (-d / 12.0).exp() + 1.0 * (-d / 80.0).exp();
                    }
                    // A name listed with a clear one ("Nubl and Zahraa") is its neighbour:
                    // of two namesakes, the one near the list's other names.
                    let listed = [
                        (pending[n].coordinated && n > 0).then(|| n - 1),
                        pending.get(n + 1).filter(|q| q.coordinated).map(|_| n + 1),
                    ];
                    let d_list = listed
                        .into_iter()
                        .flatten()
                        .filter_map(|m| {
                            let at = anchors.binary_search_by_key(&m, |a| a.0).ok()?;
                            Some(fast_km(p.point, anchors[at].1, k))
                        })
                        .fold(f64::INFINITY, f64::min);
                    if d_list.is_finite() {
                        *s += COORDINATION_WEIGHT * (-d_list / 15.0).exp();
                    }
                    // "X, Lebanon": the country written after the name, as a list would
                    // join it, says where X lies.
                    let apposed_country = pending
                        .get(n + 1)
                        .filter(|q| q.coordinated)
                        .and(countries.get(n + 1).copied().flatten());
                    if apposed_country == Some(p.country.as_str()) {
                        *s += APPOSED_COUNTRY_WEIGHT;
                    }
                    let in_admin = |a: &Option<String>| {
                        a.as_ref()
                            .is_some_and(|a| admins.contains(&super::lexicon::letters_key(a)))
                    };
                    if !admins.is_empty() && (in_admin(&p.admin1) || in_admin(&p.admin2)) {
                        *s += 1.5;
                    }
                }
            }
            Ranked {
                ranked: softmax(&scores),
            }
        })
        .collect()
}
