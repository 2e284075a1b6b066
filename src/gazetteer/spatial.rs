//! An R-tree over place points, for "what is near here" questions.

use super::{haversine_km, Place, PlaceIdx};
use geo::Point;
use rstar::{primitives::GeomWithData, RTree};

type Entry = GeomWithData<[f64; 2], PlaceIdx>;

pub(super) struct PointIndex {
    tree: RTree<Entry>,
}

impl PointIndex {
    pub(super) fn new(places: &[Place]) -> PointIndex {
        let entries = places
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.kind.is_area() && !p.kind.is_linear())
            .map(|(i, p)| GeomWithData::new([p.point.x(), p.point.y()], i as PlaceIdx))
            .collect();
        PointIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    pub(super) fn within_km(&self, p: Point<f64>, km: f64) -> Vec<(PlaceIdx, f64)> {
        // A degree of longitude shrinks with latitude; search a box that is large
        // enough, then filter on true distance.
        let dlat = km / 110.574;
        let dlon = km / (111.320 * p.y().to_radians().cos().max(0.05));
        let env =
            rstar::AABB::from_corners([p.x() - dlon, p.y() - dlat], [p.x() + dlon, p.y() + dlat]);
        let mut out: Vec<(PlaceIdx, f64)> = self
            .tree
            .locate_in_envelope(&env)
            .map(|e| {
                (
                    e.data,
                    haversine_km(p, Point::new(e.geom()[0], e.geom()[1])),
                )
            })
            .filter(|(_, d)| *d <= km)
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1));
        out
    }

    /// Nearest first by planar degrees (good enough for ranking at one latitude),
    /// each with its great-circle distance.
    pub(super) fn nearest_iter(&self, p: Point<f64>) -> impl Iterator<Item = (PlaceIdx, f64)> + '_ {
        self.tree
            .nearest_neighbor_iter(&[p.x(), p.y()])
            .map(move |e| {
                (
                    e.data,
                    haversine_km(p, Point::new(e.geom()[0], e.geom()[1])),
                )
            })
    }
}
