//! How much of a governorate or region a statement is about: the whole ("the
//! whole of Raqqa province", "full control of an entire province"), the bulk
//! ("much of Hama province") or parts of it ("parts of Daraa province",
//! "large swathes of the enclave"). A bare area after a verb of holding or
//! taking says nothing of the area as a whole ("troops advanced in Idlib
//! province"), so the families leave it alone; a stated extent makes it a
//! claim of its own (`Cx::claim`). Words of `[words.areas]`.

use super::lexicon;
use super::tokens::{Kind, Tok};
use super::words::words;
use crate::claims::Relation;

/// The share of an area a noun phrase states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extent {
    /// "the whole of", "an entire", "full control of".
    Whole,
    /// "most of", "much of", "the bulk of".
    Bulk,
    /// "parts of", "areas of", "pockets of": the rest is someone else's.
    Part,
}

impl Extent {
    /// The relation a statement of `relation` with this extent makes of the
    /// area, or `None` when it makes none: a whole or the bulk is held by the
    /// side, parts of it are contested. Fighting across a whole area
    /// (`Contested` of the whole) says nothing of who holds it.
    pub(crate) fn relation(self, relation: Relation) -> Option<Relation> {
        match (self, relation) {
            (Extent::Whole, Relation::Contested) => None,
            (Extent::Whole, r) => Some(r),
            (Extent::Bulk, Relation::Contested) => Some(Relation::Holds),
            (Extent::Bulk, r) => Some(r),
            (
                Extent::Part,
                Relation::Holds | Relation::Captured | Relation::Lost | Relation::Contested,
            ) => Some(Relation::Contested),
            (Extent::Part, _) => None,
        }
    }
}

/// The extent the noun phrase ending in the place at `j` states, looking
/// back over determiners, "of" and area nouns to the nearest quantifier.
pub(crate) fn extent_before(toks: &[Tok], j: usize) -> Option<Extent> {
    let lex = lexicon::en();
    let w = words();
    let lo = j.saturating_sub(6);
    for k in (lo..j).rev() {
        let t = &toks[k];
        if !matches!(t.kind, Kind::Word) {
            return None;
        }
        if t.is_any(&w.areas.whole) {
            return Some(Extent::Whole);
        }
        if lex.majority_shares.contains(t.w.as_ref()) {
            return Some(Extent::Bulk);
        }
        if t.is_any(&w.patterns.partial) {
            // "tiny pockets of Idlib province": a foothold, not a division.
            let minor = k > 0 && toks[k - 1].is_any(&w.areas.minor);
            return (!minor).then_some(Extent::Part);
        }
        if !(t.is_any(&w.areas.skip) || super::split::direction(Some(t)).is_some()) {
            return None;
        }
    }
    None
}

/// Whether a town's mention names a share of it, by a part noun or a compass
/// noun before "of" ("the southern part of Y", "the eastern half of Y", "the
/// north of Y"): whoever holds or takes it holds part of the town only.
pub(crate) fn names_a_part(mention: &str) -> bool {
    let w = words();
    let d = &w.directions;
    let direction = |x: &str| {
        [
            &d.north,
            &d.south,
            &d.east,
            &d.west,
            &d.northeast,
            &d.northwest,
            &d.southeast,
            &d.southwest,
        ]
        .iter()
        .any(|set| set.contains(x))
    };
    let ws: Vec<String> = mention
        .split_whitespace()
        .map(|x| {
            x.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    // The noun heads the phrase only before "of": in "the eastern Qaboun
    // neighbourhood" it is the kind of the place named, not a share of it.
    ws.iter().enumerate().any(|(i, x)| {
        (w.areas.named_parts.contains(x.as_str()) || direction(x))
            && ws
                .get(i + 1)
                .is_some_and(|n| w.word.of.contains(n.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{t, triples};

    #[test]
    fn the_whole_or_the_bulk_of_an_area_is_held() {
        assert_eq!(
            triples("IS now controls the whole of Idlib province."),
            vec![t("Idlib province", "isis", "holds")]
        );
        assert_eq!(
            triples("Much of Idlib province has fallen to the rebels."),
            vec![t("Idlib province", "opposition", "captured")]
        );
    }

    #[test]
    fn parts_of_an_area_are_contested() {
        assert_eq!(
            triples("Rebels control parts of Idlib province."),
            vec![t("Idlib province", "opposition", "contested")]
        );
        assert_eq!(
            triples("The army seized large parts of the Shahba Canton."),
            vec![t("Shahba Canton", "government", "contested")]
        );
    }

    #[test]
    fn a_foothold_in_an_area_is_no_division_of_it() {
        assert!(triples("The army still holds tiny pockets of Idlib province.").is_empty());
    }

    #[test]
    fn an_area_without_a_stated_extent_is_left_alone() {
        assert!(triples("Troops advanced in Idlib province.").is_empty());
        assert!(triples("Clashes raged across the whole of Idlib province.").is_empty());
        assert!(triples("Troops captured all the villages of Idlib province.").is_empty());
    }
}
