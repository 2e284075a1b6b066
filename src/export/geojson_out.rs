//! GeoJSON features as DESIGN.md specifies them: every feature has
//! `properties.kind`; coordinates are lon/lat with 6 decimals; exterior rings
//! counter-clockwise.

use crate::claims::Factions;
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Mention, MentionRole};
use crate::timeline::{ControlMap, Status};
use crate::zones::ZoneLayer;
use geo::Geometry;
use geojson::{Feature, FeatureCollection, JsonObject};
use serde::Serialize;
use serde_json::json;

/// Mentions as a FeatureCollection of `kind: mention` features.
pub fn mentions_collection(mentions: &[Mention], gazetteer: &Gazetteer) -> FeatureCollection {
    let features = mentions
        .iter()
        .map(|m| {
            let place = gazetteer.place(m.place);
            let geom = m.geometry.clone().unwrap_or_else(|| place.geometry());
            let mut props = match json!(MentionPointProperties::of(m, place, gazetteer, None)) {
                serde_json::Value::Object(props) => props,
                _ => JsonObject::new(),
            };
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

/// One mention as a GeoJSON point feature, for streaming output
/// (`frontline geoparse --format geojsonseq`): the properties of
/// [`mentions_collection`] without the runner-up alternatives, the geometry
/// the place's point (a part's centre for "eastern Aleppo"), so the output
/// grows with the number of mentions, not with the shapes of the places
/// named (a governorate's outline repeated per mention made the collection
/// some 40 times its input). A typed struct, not a JSON map: serialising
/// maps cost more than geoparsing on large inputs.
#[derive(Serialize)]
pub struct MentionPoint<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: PointGeometry,
    properties: MentionPointProperties<'a>,
}

#[derive(Serialize)]
struct PointGeometry {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct MentionPointProperties<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a str>,
    text: &'a str,
    start: usize,
    end: usize,
    place_id: &'a str,
    name: &'a str,
    feature: &'static str,
    country: &'a str,
    role: MentionRole,
    confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    /// A provisional place (one the pack lacks): drawn at its anchor, position approximate.
    #[serde(skip_serializing_if = "Option::is_none")]
    approximate: Option<bool>,
    /// The anchor's name for a provisional place.
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor: Option<&'a str>,
}

impl<'a> MentionPointProperties<'a> {
    /// The properties every mention feature carries, in both output formats.
    fn of(
        m: &'a Mention,
        place: &'a crate::gazetteer::Place,
        gazetteer: &'a Gazetteer,
        report: Option<&'a str>,
    ) -> MentionPointProperties<'a> {
        let anchor = gazetteer.anchor_of(place);
        MentionPointProperties {
            kind: "mention",
            report,
            text: &m.text,
            start: m.start,
            end: m.end,
            place_id: &place.id,
            name: &place.name,
            feature: place.kind.as_str(),
            country: &place.country,
            role: m.role,
            confidence: round(m.confidence as f64, 3),
            part: m.part.map(|(dir, _)| dir.as_str()),
            approximate: Gazetteer::is_provisional(place).then_some(true),
            anchor: anchor.map(|a| a.name.as_str()),
        }
    }
}

/// The mentions of one report as [`MentionPoint`]s; `report` labels each.
pub fn mention_points<'a>(
    mentions: &'a [Mention],
    gazetteer: &'a Gazetteer,
    report: Option<&'a str>,
) -> impl Iterator<Item = MentionPoint<'a>> + 'a {
    use geo::Centroid;
    mentions.iter().map(move |m| {
        let place = gazetteer.place(m.place);
        let point = m
            .geometry
            .as_ref()
            .and_then(|g| g.centroid())
            .unwrap_or(place.point);
        MentionPoint {
            kind: "Feature",
            geometry: PointGeometry {
                kind: "Point",
                coordinates: [round(point.x(), 6), round(point.y(), 6)],
            },
            properties: MentionPointProperties::of(m, place, gazetteer, report),
        }
    })
}

/// Zones, frontlines, sieges, routes and places as one FeatureCollection,
/// in drawing order (areas first, points last).
pub fn zones_collection(
    layer: &ZoneLayer,
    map: &ControlMap,
    factions: &Factions,
) -> FeatureCollection {
    let as_of = layer.as_of.or(map.as_of).map(|d| d.to_string());
    let mut features = Vec::new();
    for z in &layer.zones {
        let Some(g) = clean(Geometry::MultiPolygon(z.area.clone())) else {
            continue;
        };
        let f = factions.get(&z.faction);
        let name = f
            .map(|f| f.name.clone())
            .unwrap_or_else(|| z.faction.clone());
        let label = match z.status {
            Status::Contested => format!("Contested ({name})"),
            _ => name,
        };
        let mut props = json!({
                "kind": "zone",
                "faction": z.faction,
                "status": z.status.as_str(),
                "label": label,
                "fill": f.map(|f| f.fill.as_str()).unwrap_or(UNKNOWN_FILL),
                "stroke": f.map(|f| f.stroke.as_str()).unwrap_or(UNKNOWN_STROKE),
                "as_of": as_of,
                "places": z.places,
        });
        if !z.contenders.is_empty() {
            props
                .as_object_mut()
                .expect("object literal")
                .insert("contenders".into(), json!(z.contenders));
        }
        if !z.imported.is_empty() {
            // Why the zone follows a polygon: the imported features it was drawn from.
            let cited: Vec<serde_json::Value> = z
                .imported
                .iter()
                .map(|a| {
                    let mut o = json!({"file": a.file, "feature": a.feature,
                                       "date": a.date.map(|d| d.to_string())});
                    let m = o.as_object_mut().expect("object literal");
                    if !a.name.is_empty() {
                        m.insert("name".into(), json!(a.name));
                    }
                    if let Some(id) = &a.baseline_id {
                        m.insert("baseline_id".into(), json!(id));
                    }
                    o
                })
                .collect();
            props
                .as_object_mut()
                .expect("object literal")
                .insert("imported".into(), json!(cited));
        }
        features.push(feature(g, props));
    }
    for s in &layer.sieges {
        let Some(g) = clean(Geometry::MultiPolygon(s.area.clone())) else {
            continue;
        };
        features.push(feature(
            g,
            json!({"kind": "siege", "besieged": s.besieged, "besieger": s.besieger,
                   "since": s.since.map(|d| d.to_string()), "complete": true}),
        ));
    }
    // Partial sieges: the band on the sides the besieger holds around a place.
    for s in &layer.partial_sieges {
        let Some(g) = clean(Geometry::MultiPolygon(s.area.clone())) else {
            continue;
        };
        let sides: Vec<&str> = s.sides.iter().map(|d| d.as_str()).collect();
        features.push(feature(
            g,
            json!({"kind": "siege", "besieged": s.besieged, "besieger": s.besieger,
                   "since": s.since.map(|d| d.to_string()), "complete": s.complete,
                   "sides": sides, "place_id": s.place_id, "name": s.name,
                   "evidence": evidence_json(&s.evidence)}),
        ));
    }
    for fl in &layer.frontlines {
        let Some(g) = clean(Geometry::MultiLineString(fl.lines.clone())) else {
            continue;
        };
        features.push(feature(
            g,
            json!({"kind": "frontline", "factions": [fl.factions.0, fl.factions.1], "as_of": as_of}),
        ));
    }
    for r in &layer.routes {
        let Some(g) = clean(Geometry::LineString(r.line.clone())) else {
            continue;
        };
        features.push(feature(
            g,
            json!({"kind": "route", "name": r.name, "status": if r.cut { "cut" } else { "open" },
                   "from": r.from, "to": r.to, "faction": r.faction, "connected": r.connected,
                "since": r.since.map(|d| d.to_string()),
                "evidence": evidence_json(&r.evidence),
            }),
        ));
    }
    // Advances: an arrow from the side a faction comes from towards the place.
    for a in &layer.advances {
        let Some(g) = clean(Geometry::LineString(a.line.clone())) else {
            continue;
        };
        features.push(feature(
            g,
            json!({"kind": "advance", "faction": a.faction, "place_id": a.place_id,
                   "name": a.name, "side": a.side.as_str(),
                   "since": a.since.map(|d| d.to_string()),
                   "evidence": evidence_json(&a.evidence)}),
        ));
    }
    for p in &map.places {
        if !(p.lon.is_finite() && p.lat.is_finite()) {
            continue;
        }
        let evidence = evidence_json(&p.evidence);
        let mut props = json!({
            "kind": "place",
            "place_id": p.place_id,
            "name": p.name,
            "faction": p.faction,
            "status": p.status.as_str(),
            "since": p.since.map(|d| d.to_string()),
            "confidence": round(p.confidence as f64, 3),
            "evidence": evidence,
        });
        let o = props.as_object_mut().expect("object literal");
        if !p.contenders.is_empty() {
            o.insert("contenders".into(), json!(p.contenders));
        }
        if let Some(b) = &p.besieger {
            o.insert("besieger".into(), json!(b));
        }
        if let Some(part) = p.part {
            o.insert("part".into(), json!(part.as_str()));
        }
        // Analyst review: the newest reviewed evidence item says who and why.
        let reviewed = p.evidence.iter().find_map(|e| e.review.as_ref());
        o.insert("reviewed".into(), json!(reviewed.is_some()));
        if let Some(r) = reviewed {
            o.insert("corrected_by".into(), json!(r.corrected_by));
            o.insert("correction_reason".into(), json!(r.correction_reason));
        }
        features.push(feature(
            Geometry::Point(geo::Point::new(p.lon, p.lat)),
            props,
        ));
    }
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}

/// Marks the `place` features of provisional places (places the pack lacks, placed near
/// an anchor): `approximate: true` and `anchor` (the anchor's name). Other features are
/// left as they are, so the properties stay optional (DESIGN.md).
pub fn flag_approximate(fc: &mut FeatureCollection, gazetteer: &Gazetteer) {
    for f in &mut fc.features {
        let Some(props) = f.properties.as_mut() else {
            continue;
        };
        let Some(id) = props.get("place_id").and_then(|v| v.as_str()) else {
            continue;
        };
        if !id.starts_with(crate::gazetteer::provisional::PREFIX) {
            continue;
        }
        let anchor = gazetteer
            .get(id)
            .and_then(|p| gazetteer.anchor_of(p))
            .map(|a| a.name.clone());
        props.insert("approximate".into(), json!(true));
        if let Some(a) = anchor {
            props.insert("anchor".into(), json!(a));
        }
    }
}

/// Evidence items as DESIGN.md's `{report_id, quote, date, source}` objects,
/// with `reviewed`, `corrected_by` and `correction_reason` when an analyst
/// confirmed, corrected or added the claim.
fn evidence_json(ev: &[crate::timeline::Evidence]) -> serde_json::Value {
    ev.iter()
        .map(|e| {
            let mut item = json!({"report_id": e.report_id, "quote": e.quote,
                   "date": e.date.map(|d| d.to_string()), "source": e.source});
            if let (Some(r), Some(o)) = (&e.review, item.as_object_mut()) {
                o.insert("reviewed".into(), json!(true));
                o.insert("corrected_by".into(), json!(r.corrected_by));
                o.insert("correction_reason".into(), json!(r.correction_reason));
            }
            item
        })
        .collect()
}

const UNKNOWN_FILL: &str = "#9e9e9e";
const UNKNOWN_STROKE: &str = "#616161";

fn feature(g: Geometry<f64>, props: serde_json::Value) -> Feature {
    let properties = match props {
        serde_json::Value::Object(o) => Some(o),
        _ => None,
    };
    Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::from(&rfc7946(g))),
        id: None,
        properties,
        foreign_members: None,
    }
}

/// Rounds to 6 decimals and drops what rounding degenerates: repeated
/// vertices, rings of fewer than four points, lines of fewer than two.
/// `None` when nothing drawable is left.
pub fn clean(g: Geometry<f64>) -> Option<Geometry<f64>> {
    use geo::{LineString, MultiLineString, MultiPolygon, Polygon};
    fn pts(ls: &LineString<f64>) -> Vec<geo::Coord<f64>> {
        let mut out: Vec<geo::Coord<f64>> = Vec::with_capacity(ls.0.len());
        for c in &ls.0 {
            let c = geo::coord! { x: round(c.x, 6), y: round(c.y, 6) };
            if out.last() != Some(&c) {
                out.push(c);
            }
        }
        out
    }
    fn ring(ls: &LineString<f64>) -> Option<LineString<f64>> {
        let mut p = pts(ls);
        if p.first() != p.last() {
            let f = *p.first()?;
            p.push(f);
        }
        (p.len() >= 4).then(|| LineString::new(p))
    }
    fn poly(p: &Polygon<f64>) -> Option<Polygon<f64>> {
        let ext = ring(p.exterior())?;
        Some(Polygon::new(
            ext,
            p.interiors().iter().filter_map(ring).collect(),
        ))
    }
    match g {
        Geometry::MultiPolygon(m) => {
            let v: Vec<_> = m.0.iter().filter_map(poly).collect();
            (!v.is_empty()).then(|| Geometry::MultiPolygon(MultiPolygon::new(v)))
        }
        Geometry::Polygon(p) => poly(&p).map(Geometry::Polygon),
        Geometry::MultiLineString(m) => {
            let v: Vec<_> =
                m.0.iter()
                    .map(|l| LineString::new(pts(l)))
                    .filter(|l| l.0.len() >= 2)
                    .collect();
            (!v.is_empty()).then(|| Geometry::MultiLineString(MultiLineString::new(v)))
        }
        Geometry::LineString(l) => {
            let l = LineString::new(pts(&l));
            (l.0.len() >= 2).then_some(Geometry::LineString(l))
        }
        other => Some(other),
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

/// Makes a GeoJSON FeatureCollection (such as a region's basemap) RFC 7946
/// valid: polygon exteriors counter-clockwise, holes clockwise, and
/// self-intersecting polygons resolved into valid ones (by a union with
/// nothing, which rebuilds the rings). Other geometries and every property
/// are kept as they are.
pub fn rfc7946_collection(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use geo::{BooleanOps, Validation};
    let mut fc: FeatureCollection = serde_json::from_slice(bytes)
        .map_err(|e| format!("not a GeoJSON FeatureCollection: {e}"))?;
    for f in &mut fc.features {
        let Some(g) = &f.geometry else { continue };
        let Ok(geom) = Geometry::<f64>::try_from(g.clone()) else {
            continue;
        };
        let polygons = match geom {
            Geometry::Polygon(p) => geo::MultiPolygon::new(vec![p]),
            Geometry::MultiPolygon(m) => m,
            _ => continue,
        };
        let was_single = polygons.0.len() == 1;
        let polygons = if polygons.is_valid() {
            polygons
        } else {
            polygons.union(&geo::MultiPolygon::<f64>::new(vec![]))
        };
        let fixed = match (was_single, polygons.0.len()) {
            (true, 1) => Geometry::Polygon(polygons.0.into_iter().next().expect("one polygon")),
            _ => Geometry::MultiPolygon(polygons),
        };
        f.geometry = Some(geojson::Geometry::from(&rfc7946(fixed)));
    }
    serde_json::to_vec(&fc).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Validation, Winding};

    #[test]
    fn basemap_rings_are_counter_clockwise_and_valid() {
        // A clockwise square, and a bow-tie that crosses itself.
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"cw"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}},
          {"type":"Feature","properties":{"name":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}},
          {"type":"Feature","properties":{"name":"river"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}"#;
        let out = rfc7946_collection(text.as_bytes()).unwrap();
        let fc: FeatureCollection = serde_json::from_slice(&out).unwrap();
        assert_eq!(fc.features.len(), 3);
        for f in &fc.features[..2] {
            let g = Geometry::<f64>::try_from(f.geometry.clone().unwrap()).unwrap();
            assert!(g.is_valid(), "{:?}", f.properties);
            let polys = match g {
                Geometry::Polygon(p) => vec![p],
                Geometry::MultiPolygon(m) => m.0,
                other => panic!("{other:?}"),
            };
            for p in polys {
                assert!(p.exterior().is_ccw(), "{:?}", f.properties);
            }
        }
        assert_eq!(fc.features[0].properties.as_ref().unwrap()["name"], "cw");
    }
}
