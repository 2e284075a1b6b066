//! Places split between factions and sides of a place: "Y has been divided
//! between loyalists in the west and rebels in the east" (one claim per part),
//! "X encircled Y from the west, south and east" and "X advanced from the
//! north" (claims about the ground *around* Y on those sides).

use super::patterns::{
    faction_at, nearest_place_before, places_after, places_before, subject_before,
};
use super::tokens::Tok;
use super::words::words;
use super::{hedges, Cx, Scope};
use crate::claims::{Claim, Relation};
use crate::geoparse::Direction;

/// The compass direction a word names ("west", "western").
pub(crate) fn direction(t: Option<&Tok>) -> Option<Direction> {
    let t = t?;
    let d = &words().directions;
    [
        (&d.north, Direction::North),
        (&d.south, Direction::South),
        (&d.east, Direction::East),
        (&d.west, Direction::West),
        (&d.northeast, Direction::Northeast),
        (&d.northwest, Direction::Northwest),
        (&d.southeast, Direction::Southeast),
        (&d.southwest, Direction::Southwest),
    ]
    .into_iter()
    .find_map(|(set, dir)| set.contains(t.w.as_ref()).then_some(dir))
}

pub(crate) fn run(cx: &Cx, toks: &[Tok], out: &mut Vec<Claim>) {
    for i in 0..toks.len() {
        if toks[i].is_any(&words().split.divided_split_partitioned) {
            divided(cx, toks, i, out);
        } else if toks[i].is_any(&words().split.share_verbs) {
            shared(cx, toks, i, out);
        } else if toks[i].is_any(&words().split.approach) {
            sides(cx, toks, i, out);
        }
    }
}

/// "Aleppo … has been divided between loyalists in the west and rebels in the
/// east", "… has been split, with loyalists holding the west and rebels the east".
fn divided(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let with = toks.get(v + 1).is_some_and(|t| t.is_punct(","))
        && toks.get(v + 2).is_some_and(|t| t.is(&words().word.with));
    let Some(b) = (v + 1..(v + 3).min(toks.len())).find(|&j| {
        toks[j].is_any(&words().split.between_among) || (with && toks[j].is(&words().word.with))
    }) else {
        return;
    };
    // The place: the subject before the verb, skipping appositions and non-holdable places.
    let place = places_before(toks, v)
        .into_iter()
        .chain((0..v).rev().filter(|&j| toks[j].place().is_some()))
        .find(|&j| {
            let m = &cx.mentions[toks[j].place().unwrap_or(0)];
            m.part.is_none() && cx.gazetteer.place(m.place).kind.is_holdable()
        })
        .or_else(|| nearest_place_before(toks, v, 20));
    let Some(p) = place else { return };
    let h = hedges::factor(toks, None, v);
    // Sides: ACTOR [in|holding|controlling] [the] DIR …
    let mut j = b + 1;
    let mut sides: Vec<(usize, Option<Direction>)> = Vec::new();
    let end = (b + 25).min(toks.len());
    while j < end {
        if let Some(f) = faction_at(toks, j) {
            let mut k = j + 1;
            let mut dir = None;
            let mut next_side = false;
            while k < end && k <= j + 4 {
                if faction_at(toks, k).is_some() {
                    next_side = true;
                    break;
                }
                if let Some(d) = direction(Some(&toks[k])) {
                    dir = Some(d);
                    break;
                }
                k += 1;
            }
            sides.push((f, dir));
            // "between government forces and rebels": the side that ended the search
            // is the next one, not a word to skip.
            j = if next_side { k } else { k + 1 };
            continue;
        }
        if toks[j].is_punct(".") || toks[j].is_punct(";") || toks[j].is(&words().word.since) {
            break;
        }
        j += 1;
    }
    if sides.len() < 2 {
        return;
    }
    for (f, dir) in sides {
        let rel = if dir.is_some() {
            Relation::Holds
        } else {
            Relation::Contested
        };
        if let Some(mut c) = cx.claim(toks, p, f, rel, 0.8 * h, Scope::Holdable) {
            if c.part.is_none() {
                c.part = dir;
            }
            out.push(c);
        }
    }
}

/// "Kurdish forces and government troops share control of Hasakah": the sides named
/// before the verb in its clause (two at least) each contest the places after the
/// control noun.
fn shared(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let c = &words().capture;
    let object = toks.get(v + 1).is_some_and(|t| t.is_any(&c.control_nouns))
        && toks.get(v + 2).is_some_and(|t| t.is_any(&c.control_preps));
    if !object {
        return;
    }
    let mut sides: Vec<usize> = Vec::new();
    for k in (v.saturating_sub(12)..v).rev() {
        if toks[k].is_punct(".") || toks[k].is_punct(";") || toks[k].is_punct(",") {
            break;
        }
        if let Some(f) = faction_at(toks, k) {
            if !sides.contains(&f) {
                sides.push(f);
            }
        }
    }
    if sides.len() < 2 {
        return;
    }
    let h = hedges::factor(toks, None, v);
    for (p, _) in places_after(toks, v + 3).places {
        for &f in &sides {
            out.extend(cx.claim(toks, p, f, Relation::Contested, 0.8 * h, Scope::Holdable));
        }
    }
}

/// "X encircled Y from the west, south and east", "X have advanced from the north".
fn sides(cx: &Cx, toks: &[Tok], v: usize, out: &mut Vec<Claim>) {
    let end = (v + 8).min(toks.len());
    let Some(from) = (v + 1..end).find(|&j| toks[j].is(&words().word.from)) else {
        return;
    };
    let mut dirs = Vec::new();
    let mut j = from + 1;
    while j < toks.len() {
        let t = &toks[j];
        if let Some(d) = direction(Some(t)) {
            dirs.push(d);
        } else if !(t.is_any(&words().split.the_and_both) || t.is_punct(",")) {
            break;
        }
        j += 1;
    }
    // "from the north of Y" names where the attack started, not Y's side.
    if dirs.is_empty() || toks.get(j).is_some_and(|t| t.is(&words().word.of)) {
        return;
    }
    let Some(s) = subject_before(toks, v) else {
        return;
    };
    let Some(f) = faction_at(toks, s) else { return };
    let h = hedges::factor(toks, Some(s), v);
    // The place: the verb's object, else one after the directions ("towards Y"), else the nearest before.
    // "advanced on Y from the north": the verb's prepositional object.
    let start = if toks
        .get(v + 1)
        .is_some_and(|t| t.is_any(&words().split.on_upon_towards))
    {
        v + 2
    } else {
        v + 1
    };
    let object = places_after(toks, start)
        .places
        .first()
        .map(|p| p.0)
        .filter(|&p| p < from);
    let after = if toks
        .get(j)
        .is_some_and(|t| t.is_any(&words().split.towards_toward_on))
    {
        places_after(toks, j + 1).places.first().map(|p| p.0)
    } else {
        None
    };
    let place = object
        .or(after)
        .or_else(|| nearest_place_before(toks, v, 25));
    let Some(p) = place else { return };
    for d in dirs {
        if let Some(mut c) = cx.claim(
            toks,
            p,
            f,
            Relation::Holds,
            0.5 * h * cx.actor_weight(toks, s),
            Scope::Holdable,
        ) {
            c.part = Some(d);
            c.around = true;
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::claims;
    use crate::geoparse::Direction;

    #[test]
    fn divided_city_gives_one_claim_per_part() {
        let c = claims("Aleppo, once the country's largest city, has been split between government forces in the west and insurgents in the east since 2012.");
        let mut got: Vec<_> = c
            .iter()
            .map(|c| (c.faction.as_str(), c.part, c.relation.as_str(), c.around))
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("government", Some(Direction::West), "holds", false),
                ("opposition", Some(Direction::East), "holds", false)
            ]
        );
    }

    #[test]
    fn the_city_after_a_part_of_it_is_the_whole_city() {
        let c = claims(
            "People in rebel-held eastern Aleppo fear a siege. The city has been divided \
             between government forces in the west and rebels in the east since 2012.",
        );
        let mut got: Vec<_> = c
            .iter()
            .map(|c| (c.faction.as_str(), c.part, c.relation.as_str()))
            .collect();
        got.sort();
        got.dedup();
        assert_eq!(
            got,
            vec![
                ("government", Some(Direction::West), "holds"),
                ("opposition", Some(Direction::East), "holds")
            ]
        );
    }

    #[test]
    fn split_with_each_side_holding_a_part() {
        // "before the war" is a time phrase, not a clause that blocks the claim.
        let c = claims(
            "Since 2012 Aleppo, a trading hub before the war, has been split, with loyalists \
             holding the west and rebels the east.",
        );
        let mut got: Vec<_> = c
            .iter()
            .map(|c| (c.faction.as_str(), c.part, c.relation.as_str()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("government", Some(Direction::West), "holds"),
                ("opposition", Some(Direction::East), "holds")
            ]
        );
    }

    #[test]
    fn a_time_phrase_with_before_blocks_nothing() {
        for text in [
            "Until 2012 Aleppo was calm; it has been divided between loyalists in the west and rebels in the east since.",
            "Aleppo, a trading hub before 2011, has been divided between loyalists in the west and rebels in the east.",
        ] {
            assert_eq!(claims(text).len(), 2, "{text}");
        }
    }

    #[test]
    fn encircled_from_sides_is_about_the_surroundings() {
        let c = claims("Regime forces encircled Aleppo from the north, west and south on Monday.");
        let mut dirs: Vec<_> = c
            .iter()
            .filter(|c| c.around && c.faction == "government")
            .filter_map(|c| c.part)
            .collect();
        dirs.sort();
        assert_eq!(
            dirs,
            vec![Direction::North, Direction::South, Direction::West]
        );
        assert!(
            c.iter().all(|c| c.around),
            "no siege of the whole city: {c:?}"
        );
    }

    #[test]
    fn advance_on_a_place_from_a_side() {
        for text in [
            "Syrian troops advanced on Tell Rifaat from the north on Thursday.",
            "Syrian troops pushed towards Tell Rifaat from the north.",
        ] {
            let c = claims(text);
            assert_eq!(c.len(), 1, "{text}: {c:?}");
            assert_eq!(
                (
                    c[0].name.as_str(),
                    c[0].faction.as_str(),
                    c[0].part,
                    c[0].around
                ),
                ("Tell Rifaat", "government", Some(Direction::North), true),
                "{text}"
            );
        }
    }

    #[test]
    fn advance_from_a_side_uses_the_place_named_before() {
        let c = claims(
            "The offensive on Aleppo continued as Kurdish fighters advanced from the north.",
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (
                c[0].name.as_str(),
                c[0].faction.as_str(),
                c[0].part,
                c[0].around
            ),
            ("Aleppo", "sdf", Some(Direction::North), true)
        );
    }
}
