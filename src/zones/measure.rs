//! The area of a lon/lat multipolygon on the WGS84 ellipsoid, whatever its
//! rings' winding.
//!
//! `geo`'s unsigned geodesic area assumes RFC 7946 winding (exterior
//! counter-clockwise): a clockwise exterior — common in layers that passed
//! through shapefiles — or a near-degenerate sliver out of a boolean
//! operation is read as the rest of the Earth (≈ 510 million km²). Measuring
//! each ring on its own and taking the absolute value is right for every
//! ring smaller than half the Earth, which every ring of a war map is.

use geo::{GeodesicArea, MultiPolygon, Polygon};

/// Area in m²: per polygon, its exterior less its holes (never below 0).
pub fn geodesic_area_m2(area: &MultiPolygon<f64>) -> f64 {
    area.0.iter().map(polygon_area_m2).sum()
}

fn polygon_area_m2(polygon: &Polygon<f64>) -> f64 {
    let ring = |ring: &geo::LineString<f64>| {
        Polygon::new(ring.clone(), Vec::new())
            .geodesic_area_signed()
            .abs()
    };
    let holes: f64 = polygon.interiors().iter().map(ring).sum();
    (ring(polygon.exterior()) - holes).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    /// A 0.1° square near Aleppo is about 11.1 km × 10.1 km.
    fn square(clockwise: bool) -> Polygon<f64> {
        let mut square = polygon![
            (x: 37.1, y: 36.2), (x: 37.2, y: 36.2), (x: 37.2, y: 36.3), (x: 37.1, y: 36.3), (x: 37.1, y: 36.2)
        ];
        if clockwise {
            square.exterior_mut(|ring| ring.0.reverse());
        }
        square
    }

    #[test]
    fn winding_does_not_matter() {
        for clockwise in [false, true] {
            let km2 = geodesic_area_m2(&MultiPolygon::new(vec![square(clockwise)])) / 1e6;
            assert!(
                (km2 - 100.0).abs() < 15.0,
                "clockwise {clockwise}: {km2} km²"
            );
        }
    }

    #[test]
    fn holes_are_subtracted_whatever_their_winding() {
        let hole = |clockwise: bool| {
            let mut ring = geo::LineString::from(vec![
                (37.14, 36.24),
                (37.16, 36.24),
                (37.16, 36.26),
                (37.14, 36.26),
                (37.14, 36.24),
            ]);
            if clockwise {
                ring.0.reverse();
            }
            ring
        };
        let whole = geodesic_area_m2(&MultiPolygon::new(vec![square(false)]));
        for clockwise in [false, true] {
            let holed = Polygon::new(square(false).exterior().clone(), vec![hole(clockwise)]);
            let with_hole = geodesic_area_m2(&MultiPolygon::new(vec![holed]));
            let hole_km2 = (whole - with_hole) / 1e6;
            assert!(
                (hole_km2 - 4.0).abs() < 1.0,
                "hole clockwise {clockwise}: {hole_km2} km²"
            );
        }
    }

    #[test]
    fn a_degenerate_sliver_is_nothing_not_the_earth() {
        let sliver = polygon![(x: 37.1, y: 36.2), (x: 37.2, y: 36.2), (x: 37.1, y: 36.2)];
        assert!(geodesic_area_m2(&MultiPolygon::new(vec![sliver])) < 1.0);
    }
}
