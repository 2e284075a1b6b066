//! Provisional places: villages and urban quarters a report names in a construction that
//! says they are places ("the village of X near Y") but that no source of the pack lists.
//!
//! A provisional place is derived entirely from its id, so it needs no storage beyond the
//! claims and mentions that name it: `provisional:<region>:<kind>:<slug>@<anchor id>`, or
//! with a stated offset `provisional:<region>:<kind>:<slug>@<km>km<compass>@<anchor id>`
//! ("5 km north of Y" → `@5km-n@`). Two reports naming "the village of X near Y" meet on
//! one id; a store reopened by another process, on either backend, finds the same place
//! again from the id alone ([`super::Gazetteer::idx_of`] rebuilds it), at the anchor's
//! point moved by the offset. Its position is approximate by construction: the map says
//! so, and zones keep its reach small.
//!
//! Provisional places get indices after the pack's own, in a registry that only grows
//! while the gazetteer lives (bounded by [`CAP`]); each is allocated once and never moved,
//! so `Gazetteer::place` can hand out a plain reference.

use super::{Gazetteer, Place, PlaceId, PlaceIdx, PlaceKind};
use geo::Point;
use std::collections::HashMap;
use std::sync::Mutex;

/// The id prefix of every provisional place.
pub const PREFIX: &str = "provisional:";

/// Most provisional places one gazetteer registers (a long-running server reading many
/// reports); past it, new ones are refused and their mentions stay unresolved.
pub const CAP: usize = 100_000;

/// Compass codes of offsets in ids, with their unit vectors (east, north).
const COMPASS: &[(&str, (f64, f64))] = &[
    ("n", (0.0, 1.0)),
    ("s", (0.0, -1.0)),
    ("e", (1.0, 0.0)),
    ("w", (-1.0, 0.0)),
    (
        "ne",
        (
            std::f64::consts::FRAC_1_SQRT_2,
            std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
    (
        "nw",
        (
            -std::f64::consts::FRAC_1_SQRT_2,
            std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
    (
        "se",
        (
            std::f64::consts::FRAC_1_SQRT_2,
            -std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
    (
        "sw",
        (
            -std::f64::consts::FRAC_1_SQRT_2,
            -std::f64::consts::FRAC_1_SQRT_2,
        ),
    ),
];

/// The places registered so far. Each is leaked once so references stay valid for the
/// program's life; [`CAP`] bounds what that can cost.
#[derive(Default)]
pub(super) struct Registry {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    by_id: HashMap<PlaceId, PlaceIdx>,
    places: Vec<&'static Place>,
}

/// What a provisional id says.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<'a> {
    pub kind: PlaceKind,
    pub slug: &'a str,
    /// Kilometres and compass code, when the text stated an offset.
    pub offset: Option<(f64, &'a str)>,
    pub anchor: &'a str,
}

/// The lower-case, hyphen-joined form of a name used in ids: "Tal Katlijah" → `tal-katlijah`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Reads a provisional id; `None` for any other id or a malformed one.
pub fn parse(id: &str) -> Option<Parsed<'_>> {
    let rest = id.strip_prefix(PREFIX)?;
    let (_region, rest) = rest.split_once(':')?;
    let (kind, rest) = rest.split_once(':')?;
    let kind = PlaceKind::ALL
        .iter()
        .copied()
        .find(|k| k.as_str() == kind)?;
    let mut parts = rest.split('@');
    let slug = parts.next().filter(|s| !s.is_empty())?;
    let second = parts.next()?;
    let (offset, anchor) = match parts.next() {
        Some(anchor) => {
            let (km, code) = second.split_once("km-")?;
            let km: f64 = km
                .parse()
                .ok()
                .filter(|k: &f64| k.is_finite() && *k >= 0.0)?;
            COMPASS.iter().find(|c| c.0 == code)?;
            (Some((km.min(200.0), code)), anchor)
        }
        None => (None, second),
    };
    if anchor.is_empty() || parts.next().is_some() {
        return None;
    }
    Some(Parsed {
        kind,
        slug,
        offset,
        anchor,
    })
}

/// The id of a provisional place.
pub fn id(
    region: &str,
    kind: PlaceKind,
    name: &str,
    offset: Option<(f64, &str)>,
    anchor: &str,
) -> Option<PlaceId> {
    let s = slug(name);
    if s.is_empty() || anchor.contains('@') {
        return None;
    }
    let region = slug(region);
    Some(match offset {
        Some((km, code)) if COMPASS.iter().any(|c| c.0 == code) => {
            // Whole kilometres in ids: "about 5 km" and "5.2 km" meet.
            format!(
                "{PREFIX}{region}:{}:{s}@{}km-{code}@{anchor}",
                kind.as_str(),
                km.round().clamp(0.0, 200.0) as u32
            )
        }
        _ => format!("{PREFIX}{region}:{}:{s}@{anchor}", kind.as_str()),
    })
}

/// `point` moved `km` kilometres towards compass `code`.
pub fn offset_point(point: Point<f64>, km: f64, code: &str) -> Point<f64> {
    let Some(&(_, (e, n))) = COMPASS.iter().find(|c| c.0 == code) else {
        return point;
    };
    let dlat = n * km / 111.32;
    let coslat = point.y().to_radians().cos().max(0.01);
    let dlon = e * km / (111.32 * coslat);
    Point::new(point.x() + dlon, point.y() + dlat)
}

impl Registry {
    pub(super) fn get(&self, idx: usize) -> Option<&'static Place> {
        self.inner.lock().ok()?.places.get(idx).copied()
    }

    pub(super) fn lookup(&self, id: &str) -> Option<PlaceIdx> {
        self.inner.lock().ok()?.by_id.get(id).copied()
    }

    pub(super) fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.places.len())
    }

    /// Registers `place` (unless its id is known) as index `base + n`.
    pub(super) fn insert(&self, base: usize, place: Place) -> Option<PlaceIdx> {
        let mut inner = self.inner.lock().ok()?;
        if let Some(&i) = inner.by_id.get(&place.id) {
            return Some(i);
        }
        if inner.places.len() >= CAP {
            tracing::warn!("too many provisional places; {} left unresolved", place.id);
            return None;
        }
        let idx = PlaceIdx::try_from(base + inner.places.len()).ok()?;
        let id = place.id.clone();
        inner.places.push(Box::leak(Box::new(place)));
        inner.by_id.insert(id, idx);
        Some(idx)
    }
}

impl Gazetteer {
    /// A provisional place named `name`, of `kind`, near the pack place `anchor` (moved
    /// `km` towards compass code `n`, `ne`, … when the text says so): registered on first
    /// use, the same index for the same name, kind, anchor and offset.
    pub fn provisional(
        &self,
        kind: PlaceKind,
        name: &str,
        anchor: PlaceIdx,
        offset: Option<(f64, &str)>,
    ) -> Option<PlaceIdx> {
        if anchor as usize >= self.places.len() {
            return None;
        }
        let a = &self.places[anchor as usize];
        let id = id(&self.info.name, kind, name, offset, &a.id)?;
        if let Some(i) = self.provisional.lookup(&id) {
            return Some(i);
        }
        self.register(&id, name.trim().to_string())
    }

    /// Rebuilds a provisional place from its id alone (a stored claim read back).
    pub(super) fn provisional_from_id(&self, id: &str) -> Option<PlaceIdx> {
        if let Some(i) = self.provisional.lookup(id) {
            return Some(i);
        }
        let p = parse(id)?;
        let name = p
            .slug
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
        self.register(id, name)
    }

    fn register(&self, id: &str, name: String) -> Option<PlaceIdx> {
        let p = parse(id)?;
        let anchor = self
            .by_id
            .get(p.anchor)
            .map(|&i| &self.places[i as usize])?;
        let point = match p.offset {
            Some((km, code)) => offset_point(anchor.point, km, code),
            None => anchor.point,
        };
        let place = Place {
            id: id.to_string(),
            name,
            kind: p.kind,
            point,
            country: anchor.country.clone(),
            admin1: anchor.admin1.clone(),
            admin2: anchor.admin2.clone(),
            population: 0,
            importance: 0.0,
            aliases: Vec::new(),
            shape: None,
        };
        self.provisional.insert(self.places.len(), place)
    }

    /// For a provisional place: the pack place it was placed near. `None` for a pack place.
    pub fn anchor_of(&self, place: &Place) -> Option<&Place> {
        let p = parse(&place.id)?;
        self.by_id.get(p.anchor).map(|&i| &self.places[i as usize])
    }

    /// Whether `place` is provisional (its position approximate).
    pub fn is_provisional(place: &Place) -> bool {
        place.id.starts_with(PREFIX)
    }

    /// Number of provisional places registered so far.
    pub fn provisional_count(&self) -> usize {
        self.provisional.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back() {
        let i = id("Demo", PlaceKind::Village, "Tal Kafr", None, "geonames:1").unwrap();
        assert_eq!(i, "provisional:demo:village:tal-kafr@geonames:1");
        let p = parse(&i).unwrap();
        assert_eq!(
            (p.kind, p.slug, p.anchor),
            (PlaceKind::Village, "tal-kafr", "geonames:1")
        );
        let j = id(
            "Demo",
            PlaceKind::Neighbourhood,
            "Bab X",
            Some((5.2, "ne")),
            "ocha:C1",
        )
        .unwrap();
        assert_eq!(j, "provisional:demo:neighbourhood:bab-x@5km-ne@ocha:C1");
        assert_eq!(parse(&j).unwrap().offset, Some((5.0, "ne")));
        for bad in [
            "geonames:1",
            "provisional:demo:village:@geonames:1",
            "provisional:demo:nope:x@geonames:1",
            "provisional:demo:village:x@5km-up@a",
            "provisional:demo:village:x@a@b@c",
            "provisional:demo:village:x@",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn offsets_move_the_point() {
        let p = offset_point(Point::new(36.0, 35.0), 11.132, "n");
        assert!((p.y() - 35.1).abs() < 1e-9 && (p.x() - 36.0).abs() < 1e-12);
        let q = offset_point(Point::new(36.0, 0.0), 11.132, "w");
        assert!((q.x() - 35.9).abs() < 1e-9);
    }
}
