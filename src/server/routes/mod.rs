//! The route table and the small helpers handlers share (query parameters,
//! dates, running blocking work).

mod map;
mod meta;
mod places;
mod reports;
mod review;

use super::body::{require_token, require_token_to_read};
use super::error::{api_not_found, method_not_allowed, ApiError};
use super::{guard, limits, AppState};
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use std::collections::HashMap;
use tower_http::services::ServeDir;

pub fn router(state: AppState, web_dir: &std::path::Path) -> Router {
    let needs_token = || middleware::from_fn_with_state(state.clone(), require_token);
    let api = Router::new()
        // Geoparsing costs CPU: behind the token when the server has one
        // (else rate-limited in the handler).
        .route("/geoparse", post(meta::geoparse).route_layer(needs_token()))
        .route(
            "/reports",
            post(reports::create)
                .route_layer(needs_token())
                .get(reports::list),
        )
        .route("/reports/{id}", get(reports::show))
        .route("/zones", get(map::zones))
        .route("/timeline", get(map::timeline))
        .route("/changes", get(map::changes))
        .route("/export", get(map::export))
        .route("/region", get(map::region))
        .route("/basemap", get(map::basemap))
        .route("/places", get(places::search))
        .route("/places/{id}", get(places::show))
        .route(
            "/corrections",
            post(review::create).route_layer(needs_token()),
        )
        .route(
            "/reanalyse",
            post(review::reanalyse).route_layer(needs_token()),
        )
        .route("/whoami", get(meta::whoami).route_layer(needs_token()))
        .route("/audit", get(review::audit))
        .route("/review", get(review::list))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // `--private`: reads need a token too (health stays open for probes).
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_token_to_read,
        ))
        .route("/health", get(meta::health))
        .with_state(state.clone());
    // ServeDir refuses `..` and absolute components itself (404), so nothing
    // outside `web_dir` can be read; directories serve their index.html.
    let files = ServeDir::new(web_dir).append_index_html_on_directories(true);
    guard::harden(
        Router::new().nest("/api", api).fallback_service(files),
        state,
    )
}

/// The one `{id}` segment of a path; an undecodable one is a JSON 400.
pub struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("bad id in path: {}", e.body_text())))?;
        Ok(PathId(id))
    }
}

/// Query parameters as a map; a malformed query string is a JSON 400.
pub struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(map) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))?;
        Ok(Params(map))
    }
}

impl Params {
    /// `?date=YYYY-MM-DD`; absent, empty or `latest` means the latest state.
    pub fn date(&self) -> Result<Option<NaiveDate>, ApiError> {
        self.date_named("date")
    }

    /// `?<name>=YYYY-MM-DD`, read like `date`.
    pub fn date_named(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        match self.0.get(name).map(|s| s.trim()) {
            None | Some("") | Some("latest") => Ok(None),
            Some(s) => parse_date(s, name).map(Some),
        }
    }

    /// A non-negative integer parameter, `default` when absent, at most `max`.
    pub fn count(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.0.get(name).map(|s| s.trim()) {
            None | Some("") => Ok(default),
            Some(s) => {
                let n: usize = s.parse().map_err(|_| {
                    ApiError::bad_request(format!("{name} {s:?}: expected a whole number ≥ 0"))
                })?;
                if n > max {
                    return Err(ApiError::bad_request(format!("{name} {n}: at most {max}")));
                }
                Ok(n)
            }
        }
    }

    /// `?format=json|csv` (absent: JSON): whether CSV was asked for.
    pub fn wants_csv(&self) -> Result<bool, ApiError> {
        match self.0.get("format").map(|s| s.trim()) {
            None | Some("") | Some("json") => Ok(false),
            Some("csv") => Ok(true),
            Some(f) => Err(ApiError::bad_request(format!(
                "format {f:?}: expected json or csv"
            ))),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

/// A date given as YYYY-MM-DD, from 1900-01-01 to tomorrow; `what` names
/// the field in the message.
pub fn parse_date(s: &str, what: &str) -> Result<NaiveDate, ApiError> {
    let d = crate::report::parse_date(s)
        .filter(|_| s.trim().len() == 10)
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "{what} {s:?}: not a valid date (expected YYYY-MM-DD)"
            ))
        })?;
    crate::report::check_date(d)
        .map_err(|range| ApiError::bad_request(format!("{what} {d} is out of range ({range})")))
}

/// Runs blocking work (SQLite, geoparsing, zone building) off the async
/// workers, within the processing time limit (503 + `Retry-After` past it).
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    limits::blocking_within(limits::PROCESSING_LIMIT, f).await
}
