//! Gazetteer search and one place's control history with its evidence.

use super::{blocking, Params, PathId};
use crate::gazetteer::Place;
use crate::server::{ApiError, AppState};
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

fn place_json(p: &Place) -> Value {
    json!({
        "id": p.id,
        "name": p.name,
        "kind": p.kind.as_str(),
        "lon": crate::export::geojson_out::round(p.point.x(), 6),
        "lat": crate::export::geojson_out::round(p.point.y(), 6),
        "admin1": p.admin1,
        "admin2": p.admin2,
        "country": p.country,
        "population": p.population,
    })
}

pub async fn search(State(s): State<AppState>, q: Params) -> Result<Json<Value>, ApiError> {
    let query = q.get("q").map(str::trim).unwrap_or("");
    if query.is_empty() {
        return Err(ApiError::bad_request(
            "missing search text: /api/places?q=…",
        ));
    }
    if query.len() > 200 {
        return Err(ApiError::bad_request(
            "search text too long (at most 200 bytes)",
        ));
    }
    let limit = q.count("limit", 20, 100)?;
    let g = &s.region.gazetteer;
    // The geoparser's spellings first ("Tal Rifaat" for Tell Rifaat, "Halab"): a mention
    // spanning the whole query is the place the parser would read there.
    let mut found: Vec<_> = s
        .region
        .geoparser
        .parse(query)
        .into_iter()
        .filter(|m| m.start == 0 && m.end == query.len())
        .map(|m| m.place)
        .collect();
    for i in g.search(query, limit) {
        if !found.contains(&i) {
            found.push(i);
        }
    }
    found.truncate(limit);
    let places: Vec<Value> = found.into_iter().map(|i| place_json(g.place(i))).collect();
    Ok(Json(json!({ "places": places })))
}

pub async fn show(
    State(s): State<AppState>,
    PathId(id): PathId,
    q: Params,
) -> Result<Json<Value>, ApiError> {
    let date = q.date()?;
    let body = blocking(move || {
        let (_, tl, rv) = s.cache.reviewed(&s.region, s.store.as_ref())?;
        let claims =
            super::review::claims_where(&tl, &rv, super::review::Whose::Place(id.as_str()));
        let mut body = match s.region.gazetteer.get(&id) {
            Some(p) => place_json(p),
            // Places that only exist in imported layers (ad-hoc baseline places).
            None => match claims.first() {
                Some(c) => json!({
                    "id": id, "name": c["name"], "kind": null, "lon": c["lon"], "lat": c["lat"],
                    "admin1": null, "admin2": null, "country": null, "population": null,
                }),
                None => return Err(ApiError::not_found(format!("no place with id {id:?}"))),
            },
        };
        let zones = s.cache.zones(&s.region, s.store.as_ref(), date)?;
        let states: Vec<_> = zones
            .map
            .places
            .iter()
            .filter(|p| p.place_id == id)
            .collect();
        let state = states.iter().find(|p| p.part.is_none()).or(states.first());
        body["as_of"] = json!(date);
        body["state"] = json!(state);
        body["parts"] = json!(states
            .iter()
            .filter(|p| p.part.is_some())
            .collect::<Vec<_>>());
        body["claims"] = json!(claims);
        Ok(body)
    })
    .await?;
    Ok(Json(body))
}
