//! What the map draws: zones by date (from the cache), the change dates,
//! exports, the region's view and factions, and the offline basemap.

use super::{blocking, Params};
use crate::export::{self, Format};
use crate::pipeline;
use crate::server::cache::Lookup;
use crate::server::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

const GEOJSON: &str = "application/geo+json";

pub async fn zones(
    State(s): State<AppState>,
    headers: HeaderMap,
    q: Params,
) -> Result<Response, ApiError> {
    let date = q.date()?;
    // Fast path on the async worker: a cache hit costs a lookup. A stale map
    // (builds are slow and the store changed) is answered at once while one
    // background build makes the new one; a miss builds on the blocking pool,
    // once for all who ask.
    let (entry, stale) = match s.cache.lookup(s.store.as_ref(), date)? {
        Lookup::Fresh(hit) => (hit, false),
        Lookup::Stale(old) => {
            refresh_in_background(&s, date);
            (old, true)
        }
        Lookup::Miss => (
            blocking(move || Ok(s.cache.zones(&s.region, s.store.as_ref(), date)?)).await?,
            false,
        ),
    };
    // The answer only changes with the store, so clients can revalidate cheaply.
    let when = date.map_or_else(|| "latest".to_string(), |d| d.to_string());
    let etag = format!("\"g{}-{when}\"", entry.generation);
    let etag_value = HeaderValue::from_str(&etag).map_err(|e| ApiError::internal(e.to_string()))?;
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    let mut res = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::ETAG, etag_value),
        ],
        entry.json.clone(),
    )
        .into_response();
    // Which store generation the map shows; a stale answer says so.
    res.headers_mut()
        .insert(ZONES_GENERATION, HeaderValue::from(entry.generation));
    if stale {
        res.headers_mut()
            .insert(ZONES_STALE, HeaderValue::from_static("rebuilding"));
    }
    Ok(res)
}

/// Response header: the store generation the zones were built from.
pub const ZONES_GENERATION: &str = "x-zones-generation";
/// Response header, present when the zones are from an older generation
/// while the current one builds.
pub const ZONES_STALE: &str = "x-zones-stale";

/// Starts the one background build of `date`'s zones, unless it is running.
fn refresh_in_background(s: &AppState, date: Option<chrono::NaiveDate>) {
    let Some(refresh) = s.cache.start_refresh(date) else {
        return;
    };
    let s = s.clone();
    tokio::task::spawn_blocking(move || {
        let _refresh = refresh;
        if let Err(e) = s.cache.zones(&s.region, s.store.as_ref(), date) {
            tracing::warn!(error = %e, "background zone build failed");
        }
    });
}

pub async fn timeline(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let dates = blocking(move || {
        let (_, tl) = s.cache.timeline(&s.region, s.store.as_ref())?;
        Ok(tl.change_dates())
    })
    .await?;
    Ok(Json(json!({ "dates": dates })))
}

/// `GET /api/changes?from=D1&to=D2[&format=csv]`: the places whose state on
/// D2 (default: latest) differs from their state on D1, each with the
/// evidence for the new state.
pub async fn changes(State(s): State<AppState>, q: Params) -> Result<Response, ApiError> {
    let from = q.date_named("from")?.ok_or_else(|| {
        ApiError::bad_request("missing from (YYYY-MM-DD: the date to compare against)")
    })?;
    let to = q.date_named("to")?;
    if let Some(t) = to.filter(|t| *t < from) {
        return Err(ApiError::bad_request(format!(
            "to {t} is before from {from}"
        )));
    }
    let csv = q.wants_csv()?;
    let (as_of, changes) = blocking(move || {
        let (_, tl) = s.cache.timeline(&s.region, s.store.as_ref())?;
        Ok(pipeline::changes(&s.region, &tl, from, to))
    })
    .await?;
    if csv {
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            export::csv::changes(&changes),
        )
            .into_response());
    }
    Ok(Json(json!({ "from": from, "to": as_of, "changes": changes })).into_response())
}

pub async fn export(State(s): State<AppState>, q: Params) -> Result<Response, ApiError> {
    let format: Format = q
        .get("format")
        .ok_or_else(|| ApiError::bad_request("missing format (geojson, fgb, kml or csv)"))?
        .parse()
        .map_err(|e: export::ExportError| ApiError::bad_request(e.to_string()))?;
    let date = q.date()?;
    let kinds: Vec<String> = q
        .get("kind")
        .map(|k| k.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    if let Some(bad) = kinds
        .iter()
        .find(|k| export::table::kind_of_layer(k).is_none())
    {
        return Err(ApiError::bad_request(format!(
            "kind {bad:?}: expected zones, sieges, frontlines, routes, advances, places or mentions"
        )));
    }
    let bytes = blocking(move || {
        let entry = s.cache.zones(&s.region, s.store.as_ref(), date)?;
        let fc = pipeline::with_export_layers(
            &s.region,
            s.store.as_ref(),
            entry.collection.clone(),
            date,
            format,
            &kinds,
        )?;
        export::write(format, &fc).map_err(|e| ApiError::internal(format!("export: {e}")))
    })
    .await?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        pipeline::export_file_name(date, format)
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

pub async fn region(State(s): State<AppState>) -> Json<Value> {
    let info = s.region.gazetteer.info();
    let factions: Vec<Value> = s
        .region
        .factions
        .all()
        .iter()
        .map(|f| {
            json!({"id": f.id, "name": f.name, "fill": f.fill, "stroke": f.stroke,
                   "safe_fill": f.safe_fill, "safe_stroke": f.safe_stroke})
        })
        .collect();
    Json(json!({
        "name": info.name,
        "country": info.country,
        "bbox": info.bbox,
        "center": info.center,
        "zoom": info.zoom,
        "attribution": info.attribution,
        "factions": factions,
    }))
}

pub async fn basemap(State(s): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        s.basemap.clone(),
    )
        .into_response()
}
