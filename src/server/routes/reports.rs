//! `POST /api/reports` (analyse, resolve, store) and reading stored reports.

use super::{blocking, parse_date, Params, PathId};
use crate::pipeline;
use crate::report::{clean_controls, Report};
use crate::server::body::JsonBody;
use crate::server::limits::REPORT_BODY_LIMIT;
use crate::server::{ApiError, AppState};
use crate::store::{mentions, StoredReport};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// The body of `POST /api/reports`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    text: String,
    date: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// Optional text fields: blank is the same as absent.
fn non_blank(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn create(
    State(s): State<AppState>,
    JsonBody(mut req): JsonBody<NewReport, REPORT_BODY_LIMIT>,
) -> Result<Response, ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError::bad_request("\"text\" is empty"));
    }
    let fields = [
        ("text", Some(&mut req.text)),
        ("source", req.source.as_mut()),
        ("title", req.title.as_mut()),
    ];
    for (field, value) in fields {
        if let Some(value) = value {
            clean_controls(value).map_err(|offset| {
                ApiError::bad_request(format!(
                    "\"{field}\" holds a NUL character at byte offset {offset}: \
                     reports are plain text"
                ))
            })?;
        }
    }
    let date = parse_date(&req.date, "date")?;
    let report = Report {
        text: req.text,
        body_start: 0,
        date: Some(date),
        source: non_blank(req.source),
        title: non_blank(req.title),
    };
    let out = blocking(move || {
        // The stored state is only rebuilt when the report has vague
        // references, so posting does not cost O(stored claims) each time.
        let (id, analysis) = pipeline::store_report(&s.region, s.store.as_ref(), &report, || {
            s.cache
                .timeline(&s.region, s.store.as_ref())
                .map(|(_, t)| t)
        })?;
        tracing::info!(
            id,
            mentions = analysis.mentions.len(),
            claims = analysis.claims.len(),
            "report stored"
        );
        let mentions = super::meta::capped_mentions(&analysis.mentions, &s.region);
        let claims: Vec<Value> = analysis
            .claims
            .iter()
            .map(|c| super::review::claim_json(c, false))
            .collect();
        Ok((id, json!({"mentions": mentions, "claims": claims})))
    })
    .await?;
    let (id, mut body) = out;
    body["id"] = json!(id);
    let location = format!("/api/reports/{id}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(body),
    )
        .into_response())
}

/// A stored report as the API shows it.
fn report_json(r: &StoredReport) -> Value {
    json!({
        "id": r.id,
        "title": r.report.title,
        "source": r.report.source,
        "date": r.report.date,
        "created_at": r.created_at,
        "text": r.report.text,
        "body_start": r.report.body_start,
        "claims": r.claims,
        "extractor": r.extractor,
    })
}

pub async fn list(State(s): State<AppState>, q: Params) -> Result<Json<Value>, ApiError> {
    let limit = q.count("limit", 20, 500)?;
    let offset = q.count("offset", 0, usize::MAX)?;
    let (total, page) =
        blocking(move || Ok((s.store.report_count()?, s.store.reports(limit, offset)?))).await?;
    Ok(Json(json!({
        "total": total,
        "limit": limit,
        "offset": offset,
        "reports": page.iter().map(report_json).collect::<Vec<_>>(),
    })))
}

/// A report id in a path: the positive integer the store handed out.
fn report_id(id: &str) -> Result<String, ApiError> {
    match id.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n.to_string()),
        _ => Err(ApiError::bad_request(format!(
            "bad report id {id:?}: expected a positive whole number"
        ))),
    }
}

pub async fn show(State(s): State<AppState>, PathId(id): PathId) -> Result<Json<Value>, ApiError> {
    let id = report_id(&id)?;
    let body = blocking(move || {
        let r = s
            .store
            .report(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no report with id {id}")))?;
        // Mentions as stored with the report (by place id, resolved in the
        // pack now): no geoparse on read. Reports stored before mentions
        // were (or re-analysed since) get them computed once, here, and
        // stored for the next read.
        let gazetteer = &s.region.gazetteer;
        let stored = s
            .store
            .mentions(&id)?
            .and_then(|m| mentions::decode(&m, &r.report.text, gazetteer));
        let mentions = match stored {
            Some(m) => m,
            None => {
                let m = s.region.geoparser.parse(&r.report.text);
                if let Err(e) = s.store.set_mentions(&id, &mentions::encode(&m, gazetteer)) {
                    tracing::warn!(id, error = %e, "could not store the mentions of a report");
                }
                m
            }
        };
        let mut body = report_json(&r);
        // Its claims as reviewed: corrections applied, rejected ones marked,
        // each with the id corrections target.
        let (_, tl, rv) = s.cache.reviewed(&s.region, s.store.as_ref())?;
        body["claims"] = json!(super::review::claims_where(
            &tl,
            &rv,
            super::review::Whose::Report(id.as_str())
        ));
        body["mentions"] = json!(super::meta::capped_mentions(&mentions, &s.region));
        Ok(body)
    })
    .await?;
    Ok(Json(body))
}
