//! `GET /api/health` and `POST /api/geoparse` (which stores nothing).

use super::blocking;
use crate::export;
use crate::server::body::JsonBody;
use crate::server::{ApiError, AppState};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn health(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let store = s.store.clone();
    let (reports, generation) =
        blocking(move || Ok((store.report_count()?, store.generation()?))).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "region": s.region.gazetteer.info().name,
        "reports": reports,
        "places": s.region.gazetteer.len(),
        "generation": generation,
    })))
}

#[derive(Deserialize)]
pub struct GeoparseRequest {
    text: String,
}

pub async fn geoparse(
    State(s): State<AppState>,
    JsonBody(req): JsonBody<GeoparseRequest>,
) -> Result<Json<geojson::FeatureCollection>, ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError::bad_request("\"text\" is empty"));
    }
    let region = s.region.clone();
    let fc = blocking(move || {
        let mentions = region.geoparser.parse(&req.text);
        Ok(export::mentions_collection(&mentions, &region.gazetteer))
    })
    .await?;
    Ok(Json(fc))
}
