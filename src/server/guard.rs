//! What every request passes before a handler sees it, and what every answer
//! passes on the way out: the Host allow-list (against DNS rebinding), the
//! refusal of cross-site writes, sane static paths, a request id on every
//! answer, and error bodies that are JSON and carry no internals.
//!
//! A browser page from another site can send a `POST` to a server on the
//! analyst's loopback (a "simple" `text/plain` or form request needs no
//! preflight) and, after a DNS rebinding, read the answers too. Both carry a
//! Host or Origin that is not this server's, so checking them here stops both.

use super::error::ApiError;
use super::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::Instrument;

/// The response header carrying the request id that server logs name.
pub const REQUEST_ID: &str = "x-request-id";

/// Host names a server answers to when no `--public-host` is given.
pub const LOOPBACK_HOSTS: &[&str] = &["localhost", "127.0.0.1", "[::1]", "::1"];

/// Longest path accepted, and longest single path segment (file systems
/// refuse names over 255 bytes; asking one would be a 500).
const MAX_PATH: usize = 2048;
const MAX_SEGMENT: usize = 255;

/// The host part of a `Host` or Origin authority (`name:port` → `name`;
/// `[v6]:port` → `[v6]`), lower-cased.
fn host_name(authority: &str) -> String {
    let a = authority.trim();
    let host = if a.starts_with('[') {
        a.split_inclusive(']').next().unwrap_or(a)
    } else {
        a.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(a, |(h, _)| h)
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a request's `Host` is one this server answers to. `*` in the list
/// accepts any (for a server whose proxy checks Host itself).
pub fn host_allowed(allowed: &[String], host: &str) -> bool {
    let name = host_name(host);
    allowed.iter().any(|a| a == "*" || *a == name)
}

/// Why a write is refused as cross-site, if it is: an `Origin` (or a
/// browser's `Sec-Fetch-Site`) that is not this server itself.
fn cross_site(headers: &HeaderMap) -> Option<String> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site.eq_ignore_ascii_case("cross-site") || site.eq_ignore_ascii_case("same-site") {
            return Some(format!("Sec-Fetch-Site: {site}"));
        }
    }
    let origin = headers.get(header::ORIGIN)?;
    let Ok(origin) = origin.to_str() else {
        return Some("an unreadable Origin".into());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    // Origin is scheme://authority; same-origin means the same authority as Host.
    let authority = origin.split_once("://").map(|(_, a)| a);
    match authority {
        Some(a) if !host.is_empty() && a.eq_ignore_ascii_case(host) => None,
        _ => Some(format!("Origin {origin}")),
    }
}

/// Whether a path is one the static file service can be asked for without
/// the file system refusing the name.
fn static_path_ok(path: &str) -> bool {
    path.len() <= MAX_PATH && path.split('/').all(|s| s.len() <= MAX_SEGMENT)
}

/// Wraps the whole application: panics become 500s, which [`guard`] (the
/// checks, the request id, JSON error bodies) turns into an answer with the
/// request id and nothing of the panic; then request tracing.
pub fn harden(app: axum::Router, state: AppState) -> axum::Router {
    use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
    app.layer(tower_http::catch_panic::CatchPanicLayer::custom(
        panic_response,
    ))
    .layer(axum::middleware::from_fn_with_state(state, guard))
    .layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
    )
}

/// The checks on the way in, the request id and error bodies on the way out.
pub async fn guard(State(s): State<AppState>, req: Request, next: Next) -> Response {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let span = tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path());
    async move {
        let mut res = match check(&s, &req) {
            Err(e) => {
                tracing::warn!(status = e.status.as_u16(), message = %e.message, "refused");
                drain(req).await;
                e.into_response()
            }
            Ok(()) => next.run(req).await,
        };
        res = json_errors(res, id);
        if let Ok(v) = HeaderValue::from_str(&id.to_string()) {
            res.headers_mut().insert(REQUEST_ID, v);
        }
        res
    }
    .instrument(span)
    .await
}

fn check(s: &AppState, req: &Request) -> Result<(), ApiError> {
    let headers = req.headers();
    // HTTP/1.1 requires Host; a request without one (HTTP/1.0 tools) cannot
    // come from a browser, so it is not a rebinding risk.
    if let Some(host) = headers.get(header::HOST) {
        let host = host.to_str().unwrap_or("");
        if !host_allowed(&s.allowed_hosts, host) {
            return Err(ApiError::new(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "host {:?} is not served here (start the server with --public-host {} to allow it)",
                    host,
                    host_name(host)
                ),
            ));
        }
    }
    let read_only = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !read_only {
        if let Some(why) = cross_site(headers) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                format!("cross-site write refused ({why} is not this server)"),
            ));
        }
    }
    if !req.uri().path().starts_with("/api/") && !static_path_ok(req.uri().path()) {
        return Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("path too long (at most {MAX_PATH} bytes, {MAX_SEGMENT} per segment)"),
        ));
    }
    Ok(())
}

/// Reads what is left of a refused request's body (bounded), so the answer
/// reaches the client and a kept-alive connection stays usable.
pub async fn drain(req: Request) {
    let _ = super::body::read_limited(req.into_body(), super::BODY_LIMIT).await;
}

/// Every error answer as JSON: a 500 says only "internal error" and the
/// request id (the cause is in the server log under that id); 4xx answers
/// from the static file service (empty or plain bodies) get a JSON message.
fn json_errors(res: Response, id: u64) -> Response {
    let status = res.status();
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        let (mut parts, _) = res.into_parts();
        tracing::error!(request_id = id, "answered 500");
        let body = serde_json::json!({
            "error": format!("internal error (request id {id}; the server log has the cause)"),
            "request_id": id,
        });
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return Response::from_parts(parts, Body::from(body.to_string()));
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let message = match status {
            StatusCode::NOT_FOUND => "no such file".to_string(),
            StatusCode::METHOD_NOT_ALLOWED => "method not allowed here".to_string(),
            s => s.canonical_reason().unwrap_or("error").to_string(),
        };
        let (mut parts, _) = res.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let body = serde_json::json!({ "error": message });
        return Response::from_parts(parts, Body::from(body.to_string()));
    }
    res
}

/// The answer to a panic in a handler (tower-http's CatchPanic): a plain
/// 500, which [`guard`] turns into the request-id message. The panic's text
/// (which may quote the submitted report) goes to the log only.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = %what, "handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Vec<String> {
        LOOPBACK_HOSTS.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hosts() {
        let l = loopback();
        assert!(host_allowed(&l, "127.0.0.1:8080"));
        assert!(host_allowed(&l, "LOCALHOST"));
        assert!(host_allowed(&l, "localhost.:80"));
        assert!(host_allowed(&l, "[::1]:8080"));
        assert!(!host_allowed(&l, "evil.example:8080"));
        assert!(!host_allowed(&l, "127.0.0.1.evil.example"));
        assert!(!host_allowed(&l, ""));
        assert!(host_allowed(&["*".to_string()], "anything"));
    }

    #[test]
    fn origins() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert_eq!(cross_site(&h), None);
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert_eq!(cross_site(&h), None);
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(cross_site(&h).unwrap().contains("evil.example"));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(cross_site(&h).is_some());
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&h).is_some());
    }

    #[tokio::test]
    async fn a_panic_is_a_json_500_with_a_request_id_and_nothing_of_the_panic() {
        use tower::ServiceExt;
        let region = std::sync::Arc::new(crate::Region::bundled().unwrap());
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(
            crate::store::sqlite::SqliteStore::open(&dir.path().join("p.sqlite")).unwrap(),
        );
        let state = AppState::new(region, store, None, axum::body::Bytes::new());
        let app = axum::Router::new().route(
            "/api/boom",
            axum::routing::get(|| async {
                if std::hint::black_box(true) {
                    panic!("secret report text");
                }
                "unreachable"
            }),
        );
        let res = harden(app, state)
            .oneshot(
                Request::builder()
                    .uri("/api/boom")
                    .header(header::HOST, "127.0.0.1:8080")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let id = res.headers()[REQUEST_ID].to_str().unwrap().to_string();
        let body = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["request_id"].to_string(), id);
        assert!(v["error"].as_str().unwrap().contains(&id));
        assert!(!String::from_utf8_lossy(&body).contains("secret"));
    }

    #[test]
    fn static_paths() {
        assert!(static_path_ok("/index.html"));
        assert!(!static_path_ok(&format!("/{}", "a".repeat(256))));
        assert!(!static_path_ok(&"/a".repeat(1100)));
    }
}
