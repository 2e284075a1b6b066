//! Partial sieges: the band of ground around a place on the sides a besieger
//! holds ("encircled Aleppo from the west, south and east"), drawn as a
//! `siege` polygon with `complete: false`.
//!
//! The band is an annular sector: from the place's reach ([`super::reach_km`],
//! where its own zone ends) out to [`OUTER`] times that, covering each named
//! side's quarter of the compass (a side is 90° wide, so west, south and
//! east join into one 270° arc with a gap to the north). Arcs that touch are
//! merged, so the pieces of the MultiPolygon never share an edge; sides that
//! close the whole circle give a full ring with a hole. It is worked in a
//! local projection in km around the place, like the tessellation, and
//! clipped to the region outline.

use super::{centre_and_reach, outline, Proj};
use crate::claims::FactionId;
use crate::gazetteer::Gazetteer;
use crate::geoparse::Direction;
use crate::timeline::{ControlMap, Evidence};
use chrono::NaiveDate;
use geo::{BooleanOps, Coord, LineString, MultiPolygon, Polygon};
use std::f64::consts::{FRAC_PI_4, TAU};

/// The band's outer radius, in multiples of the place's reach.
const OUTER: f64 = 1.6;
/// Angular step of the drawn arcs (radians, 5°).
const STEP: f64 = TAU / 72.0;
/// Arcs closer than this (radians) are one arc.
const JOIN: f64 = 1e-9;

/// A partial siege ready for export.
#[derive(Debug, Clone)]
pub struct PartialSiege {
    pub place_id: String,
    pub name: String,
    pub besieger: FactionId,
    /// `None` when neither the claims nor the state say who holds the place.
    pub besieged: Option<FactionId>,
    /// As the latest claim names them.
    pub sides: Vec<Direction>,
    /// The sides close the whole circle.
    pub complete: bool,
    pub area: MultiPolygon<f64>,
    pub since: Option<NaiveDate>,
    pub evidence: Vec<Evidence>,
}

/// The partial sieges of a control map.
pub(super) fn partial_sieges(map: &ControlMap, gazetteer: &Gazetteer) -> Vec<PartialSiege> {
    if map.encirclements.is_empty() {
        return Vec::new();
    }
    let outline = outline(gazetteer);
    let mut out = Vec::new();
    for e in &map.encirclements {
        let Some((lon, lat, reach)) = centre_and_reach(gazetteer, &e.place_id, e.lon, e.lat) else {
            continue;
        };
        let arcs = arcs(&e.sides);
        let complete = arcs.len() == 1 && arcs[0].1 - arcs[0].0 >= TAU - JOIN;
        let proj = Proj::new(lon, lat);
        let band = band(&arcs, reach, reach * OUTER);
        let area = MultiPolygon::new(
            band.into_iter()
                .map(|p| {
                    let ring = |l: &LineString<f64>| {
                        LineString::new(l.0.iter().map(|c| proj.inv(*c)).collect())
                    };
                    Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect())
                })
                .collect(),
        );
        let area = match &outline {
            Some(o) => area.intersection(o),
            None => area,
        };
        if area.0.is_empty() {
            continue;
        }
        out.push(PartialSiege {
            place_id: e.place_id.clone(),
            name: e.name.clone(),
            besieger: e.besieger.clone(),
            besieged: e.besieged.clone(),
            sides: e.sides.clone(),
            complete,
            area,
            since: e.since,
            evidence: e.evidence.clone(),
        });
    }
    out
}

/// The arcs (start, end) in radians counter-clockwise from east, start in
/// `0..TAU` and end after start, that the sides cover; merged and sorted.
/// One arc of length `TAU` when they close the circle.
fn arcs(sides: &[Direction]) -> Vec<(f64, f64)> {
    let mut iv: Vec<(f64, f64)> = Vec::new();
    for d in sides {
        let (x, y) = d.vector();
        let a = (y.atan2(x) - FRAC_PI_4).rem_euclid(TAU);
        let b = a + 2.0 * FRAC_PI_4;
        // Split at the seam so every interval lies within 0..TAU.
        if b > TAU {
            iv.push((a, TAU));
            iv.push((0.0, b - TAU));
        } else {
            iv.push((a, b));
        }
    }
    iv.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in iv {
        match merged.last_mut() {
            Some(last) if a <= last.1 + JOIN => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    if merged.len() == 1 && merged[0].0 <= JOIN && merged[0].1 >= TAU - JOIN {
        return vec![(0.0, TAU)];
    }
    // An arc running over the seam: join its two halves.
    if merged.len() > 1 && merged[0].0 <= JOIN && merged[merged.len() - 1].1 >= TAU - JOIN {
        let first = merged.remove(0);
        let last = merged.last_mut().expect("more than one arc");
        last.1 = TAU + first.1;
    }
    merged
}

/// Point at angle `a` and radius `r` (km).
fn at(a: f64, r: f64) -> Coord<f64> {
    Coord {
        x: r * a.cos(),
        y: r * a.sin(),
    }
}

/// Points along the arc from `a0` to `a1` at radius `r`, both ends included.
fn arc_points(a0: f64, a1: f64, r: f64) -> Vec<Coord<f64>> {
    let n = ((a1 - a0) / STEP).ceil().max(1.0) as usize;
    (0..=n)
        .map(|i| at(a0 + (a1 - a0) * i as f64 / n as f64, r))
        .collect()
}

/// The band between radii `r0 < r1` over each arc, counter-clockwise
/// exteriors (km, centred on the place).
fn band(arcs: &[(f64, f64)], r0: f64, r1: f64) -> Vec<Polygon<f64>> {
    arcs.iter()
        .map(|&(a0, a1)| {
            if a1 - a0 >= TAU - JOIN {
                // The whole circle: a ring with a hole (clockwise).
                let mut outer = arc_points(0.0, TAU, r1);
                outer.pop();
                let mut inner = arc_points(0.0, TAU, r0);
                inner.pop();
                inner.reverse();
                return Polygon::new(LineString::new(outer), vec![LineString::new(inner)]);
            }
            let mut pts = arc_points(a0, a1, r1);
            let mut inner = arc_points(a0, a1, r0);
            inner.reverse();
            pts.extend(inner);
            Polygon::new(LineString::new(pts), vec![])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::Direction::*;
    use geo::{Area, Contains, Point, Validation};
    use std::f64::consts::PI;

    #[test]
    fn three_sides_make_one_arc_with_a_gap_to_the_north() {
        let a = arcs(&[West, South, East]);
        assert_eq!(a.len(), 1, "{a:?}");
        let (a0, a1) = a[0];
        // From north-west, through west, south and east, to north-east.
        assert!((a0 - 3.0 * FRAC_PI_4).abs() < 1e-9, "{a0}");
        assert!((a1 - (TAU + FRAC_PI_4)).abs() < 1e-9, "{a1}");
    }

    #[test]
    fn opposite_sides_stay_two_arcs_and_four_close_the_circle() {
        assert_eq!(arcs(&[North, South]).len(), 2);
        assert_eq!(arcs(&[North, West, South, East]), vec![(0.0, TAU)]);
        assert_eq!(arcs(&[]), Vec::<(f64, f64)>::new());
    }

    #[test]
    fn the_band_covers_the_named_sides_only() {
        let p = band(&arcs(&[West, South, East]), 12.0, 19.2);
        assert_eq!(p.len(), 1);
        let p = &p[0];
        assert!(p.is_valid(), "{:?}", p.validation_errors());
        // Counter-clockwise exterior: positive signed area.
        assert!(p.signed_area() > 0.0);
        let expect = 0.75 * PI * (19.2f64.powi(2) - 12.0f64.powi(2));
        assert!((p.unsigned_area() - expect).abs() / expect < 0.01);
        let inside = |a: f64, r: f64| p.contains(&Point::from(at(a, r)));
        assert!(inside(PI, 15.0), "west");
        assert!(inside(1.5 * PI, 15.0), "south");
        assert!(inside(0.0, 15.0), "east");
        assert!(!inside(0.5 * PI, 15.0), "north is open");
        assert!(!inside(PI, 6.0), "the place itself is not in the band");
        assert!(!inside(PI, 25.0), "nor is the far countryside");
    }

    #[test]
    fn a_closed_ring_has_a_hole() {
        let p = band(&arcs(&[North, East, South, West]), 3.0, 5.0);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].interiors().len(), 1);
        assert!(p[0].is_valid());
        assert!(!p[0].contains(&Point::new(0.0, 0.0)));
        assert!(p[0].contains(&Point::new(4.0, 0.0)));
    }
}
