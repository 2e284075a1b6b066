//! `GET /api/health`, `GET /api/whoami` (whose token this is) and
//! `POST /api/geoparse` (which stores nothing).

use super::blocking;
use crate::export;
use crate::server::body::JsonBody;
use crate::server::limits::{GEOPARSE_BODY_LIMIT, MAX_MENTIONS};
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

/// `GET /api/whoami` (behind the token check): the name the audit log will
/// record for this token, so the web map can check a token before a write
/// and say who is signed in. `name` is `null` on a server without tokens,
/// where anyone may write.
pub async fn whoami(
    State(s): State<AppState>,
    writer: Option<axum::Extension<crate::server::body::Writer>>,
) -> Json<Value> {
    let name = writer.map(|axum::Extension(w)| w.0);
    Json(json!({
        "name": name,
        "tokens": s.tokens.is_some(),
        "private": s.private,
    }))
}

#[derive(Deserialize)]
pub struct GeoparseRequest {
    text: String,
}

pub async fn geoparse(
    State(s): State<AppState>,
    JsonBody(req): JsonBody<GeoparseRequest, GEOPARSE_BODY_LIMIT>,
) -> Result<Json<geojson::FeatureCollection>, ApiError> {
    if s.tokens.is_none() {
        // Open to anyone who can reach the server: bounded in rate.
        s.geoparse_rate.admit("geoparse")?;
    }
    if req.text.trim().is_empty() {
        return Err(ApiError::bad_request("\"text\" is empty"));
    }
    let region = s.region.clone();
    let fc = blocking(move || {
        let mentions = region.geoparser.parse(&req.text);
        Ok(capped_mentions(&mentions, &region))
    })
    .await?;
    Ok(Json(fc))
}

/// The mentions as GeoJSON, at most [`MAX_MENTIONS`] of them; when there are
/// more, the collection says so (`"truncated": true`, `"mention_count"`).
pub fn capped_mentions(
    mentions: &[crate::geoparse::Mention],
    region: &crate::region::Region,
) -> geojson::FeatureCollection {
    let shown = &mentions[..mentions.len().min(MAX_MENTIONS)];
    let mut fc = export::mentions_collection(shown, &region.gazetteer);
    if shown.len() < mentions.len() {
        let mut extra = serde_json::Map::new();
        extra.insert("truncated".into(), json!(true));
        extra.insert("mention_count".into(), json!(mentions.len()));
        fc.foreign_members = Some(extra);
    }
    fc
}
