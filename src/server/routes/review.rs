//! Analyst review over HTTP: corrections in (`POST /api/corrections`), the
//! audit log out (`GET /api/audit`, JSON or CSV), the review list
//! (`GET /api/review`), and re-analysis (`POST /api/reanalyse`).

use super::{blocking, Params};
use crate::claims::Claim;
use crate::pipeline::{self, CorrectError};
use crate::review::{self, Correction, ReviewError, Reviewed};
use crate::server::body::{JsonBody, Writer};
use crate::server::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};

/// Request bodies of corrections are small; manual quotes at most a few KB.
const CORRECTION_BODY_LIMIT: usize = 64 * 1024;

impl From<CorrectError> for ApiError {
    fn from(e: CorrectError) -> ApiError {
        match e {
            CorrectError::Store(e) => e.into(),
            CorrectError::Review(ReviewError::Invalid(m)) => ApiError::bad_request(m),
            CorrectError::Review(ReviewError::NotFound(m)) => ApiError::not_found(m),
            CorrectError::Review(ReviewError::Store(m)) => ApiError::internal(m),
        }
    }
}

/// A claim as the API shows it for review: the claim, its `claim_id` (what
/// corrections target) and whether it is rejected.
pub fn claim_json(c: &Claim, rejected: bool) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or_else(|_| json!({}));
    if let Some(o) = v.as_object_mut() {
        o.insert("claim_id".into(), json!(review::original_id(c)));
        o.insert("rejected".into(), json!(rejected));
    }
    v
}

/// Whose claims the place and report pages list.
#[derive(Clone, Copy)]
pub enum Whose<'a> {
    Place(&'a str),
    Report(&'a str),
}

impl Whose<'_> {
    fn keeps(self, place_id: Option<&str>, report_id: Option<&str>) -> bool {
        match self {
            Whose::Place(id) => place_id == Some(id),
            Whose::Report(id) => report_id == Some(id),
        }
    }
}

/// Every claim (drawn and rejected) of a place or a report, for the place
/// and report pages.
pub fn claims_where(tl: &crate::timeline::Timeline, rv: &Reviewed, whose: Whose) -> Vec<Value> {
    let mut out: Vec<(Claim, bool)> = tl
        .claims()
        .iter()
        .filter(|c| whose.keeps(c.place_id.as_deref(), c.report_id.as_deref()))
        .map(|c| (c.to_claim(), false))
        .chain(
            rv.rejected
                .iter()
                .filter(|c| whose.keeps(c.place_id.as_deref(), c.report_id.as_deref()))
                .map(|c| (c.clone(), true)),
        )
        .collect();
    out.sort_by_key(|(c, _)| c.date);
    out.iter().map(|(c, r)| claim_json(c, *r)).collect()
}

pub async fn create(
    State(s): State<AppState>,
    writer: Option<Extension<Writer>>,
    JsonBody(req): JsonBody<review::Request, CORRECTION_BODY_LIMIT>,
) -> Result<Response, ApiError> {
    let author = writer.map(|Extension(Writer(name))| name);
    let stored = blocking(move || {
        Ok(pipeline::correct(
            &s.region,
            s.store.as_ref(),
            req,
            author.as_deref(),
        )?)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(correction_json(&stored, None))).into_response())
}

/// One audit row: the correction, and (given the review state) whether an
/// undo took it back and whether it still finds its target.
fn correction_json(c: &Correction, state: Option<&Reviewed>) -> Value {
    let mut v = json!({
        "id": c.id,
        "at": c.at,
        "author": c.author,
        "reason": c.reason,
        "action": c.action.kind(),
        "target": c.action.target(),
        "details": c.action,
    });
    if let Some(rv) = state {
        v["undone"] = json!(rv.undone.contains(&c.id));
        v["applies"] = json!(!rv.unmatched.iter().any(|u| u.id == c.id));
    }
    v
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `GET /api/audit[?format=csv]`: every correction, oldest first.
pub async fn audit(State(s): State<AppState>, q: Params) -> Result<Response, ApiError> {
    let csv = q.wants_csv()?;
    let (corrections, rv) = blocking(move || {
        let corrections = s.store.corrections()?;
        let (_, _, rv) = s.cache.reviewed(&s.region, s.store.as_ref())?;
        Ok((corrections, rv))
    })
    .await?;
    if csv {
        let mut out = String::from("id,at,author,action,target,reason,undone,applies,details\n");
        for c in &corrections {
            let row = correction_json(c, Some(&rv));
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\n",
                c.id,
                csv_field(&c.at),
                csv_field(&c.author),
                c.action.kind(),
                csv_field(&c.action.target()),
                csv_field(&c.reason),
                row["undone"],
                row["applies"],
                csv_field(&row["details"].to_string()),
            ));
        }
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"frontline-audit.csv\"",
                ),
            ],
            out,
        )
            .into_response());
    }
    let rows: Vec<Value> = corrections
        .iter()
        .map(|c| correction_json(c, Some(&rv)))
        .collect();
    Ok(Json(json!({ "corrections": rows })).into_response())
}

/// `GET /api/review?limit=`: the claims to check first (unreviewed, on the
/// latest map), the rejected claims, and corrections that no longer find
/// their claim.
pub async fn list(State(s): State<AppState>, q: Params) -> Result<Json<Value>, ApiError> {
    let limit = q.count("limit", 50, 1000)?;
    let body = blocking(move || {
        let (_, tl, rv) = s.cache.reviewed(&s.region, s.store.as_ref())?;
        let latest = s.cache.zones(&s.region, s.store.as_ref(), None)?;
        let queue: Vec<Value> = pipeline::review_queue(&s.region, &tl, &latest.map, limit)
            .into_iter()
            .map(|q| {
                let mut v = claim_json(&q.claim.to_claim(), false);
                v["holder_would_change"] = json!(q.holder_would_change);
                v["place_confidence"] = json!(crate::export::geojson_out::round(
                    q.place_confidence as f64,
                    3
                ));
                v
            })
            .collect();
        let rejected: Vec<Value> = rv.rejected.iter().map(|c| claim_json(c, true)).collect();
        let unmatched: Vec<Value> = rv
            .unmatched
            .iter()
            .map(|c| correction_json(c, Some(&rv)))
            .collect();
        Ok(json!({ "queue": queue, "rejected": rejected, "unmatched": unmatched }))
    })
    .await?;
    Ok(Json(body))
}

/// The body of `POST /api/reanalyse` (all optional).
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReanalyseRequest {
    /// Also the reports the current extractor already read.
    #[serde(default)]
    all: bool,
    /// At most this many reports in this call (default 200); call again
    /// while `remaining` is above 0.
    #[serde(default)]
    max_reports: Option<usize>,
}

/// `POST /api/reanalyse`: `frontline reanalyse` in bounded steps.
pub async fn reanalyse(
    State(s): State<AppState>,
    JsonBody(req): JsonBody<ReanalyseRequest, 4096>,
) -> Result<Json<Value>, ApiError> {
    let max = req.max_reports.unwrap_or(200).clamp(1, 5000);
    let summary = blocking(move || {
        Ok(pipeline::reanalyse(
            &s.region,
            s.store.as_ref(),
            req.all,
            50,
            Some(max),
            |_, _| {},
        )?)
    })
    .await?;
    let unmatched: Vec<Value> = summary
        .unmatched
        .iter()
        .map(|c| correction_json(c, None))
        .collect();
    Ok(Json(json!({
        "reports": summary.reports,
        "claims": summary.claims,
        "remaining": summary.remaining,
        "carried": summary.carried,
        "unmatched": unmatched,
        "extractor": summary.extractor,
    })))
}
