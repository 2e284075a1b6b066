//! Request bodies: read with a size limit, parsed as JSON with messages that
//! say what is wrong and where (line, column), and the bearer-token check for
//! write routes.
//!
//! An oversized body is drained (up to [`DRAIN_LIMIT`]) before the 413 goes
//! out: answering while the client is still sending makes the connection
//! reset, and the client would see a broken pipe instead of the message.
//! Limits are per route (`JsonBody<T, LIMIT>`).

use super::error::ApiError;
use super::AppState;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

/// The largest request body accepted by default (reports up to a few MB).
pub const BODY_LIMIT: usize = 5 * 1024 * 1024;

/// How much of an oversized body is read and discarded so the 413 reaches
/// the client; beyond this the connection is simply closed.
const DRAIN_LIMIT: usize = 256 * 1024 * 1024;

fn too_large(limit: usize) -> ApiError {
    let limit = match limit {
        l if l >= 1024 * 1024 => format!("{} MB", l / (1024 * 1024)),
        l if l >= 1024 => format!("{} KB", l / 1024),
        l => format!("{l} bytes"),
    };
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body too large: limit is {limit}"),
    )
}

/// Reads a whole body, refusing more than `limit` bytes.
pub async fn read_limited(mut body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let mut buf: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    let mut over = false;
    loop {
        let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await;
        let Some(frame) = frame else { break };
        let frame =
            frame.map_err(|e| ApiError::bad_request(format!("cannot read request body: {e}")))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen > limit {
            over = true;
            buf = Vec::new();
            if seen > DRAIN_LIMIT {
                break;
            }
            continue;
        }
        buf.extend_from_slice(&data);
    }
    if over {
        return Err(too_large(limit));
    }
    Ok(Bytes::from(buf))
}

/// Parses a JSON object, turning serde's message into one that names the
/// place. Other JSON values are refused up front: serde would otherwise read
/// an array such as `["text", "2016-02-01"]` as a struct, by position.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => {
            return Err(ApiError::bad_request(
                "request body is empty: expected a JSON object",
            ))
        }
        Some(b'{') => {}
        Some(_) => {
            if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
                return Err(ApiError::bad_request(
                    "invalid request: expected a JSON object {…}",
                ));
            }
        }
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "invalid request",
            _ => "malformed JSON",
        };
        ApiError::bad_request(format!("{what}: {e}"))
    })
}

/// A JSON request body of type `T`, at most `LIMIT` bytes, declared as
/// `application/json`. Requiring the content type is what keeps a browser
/// page on another site from posting here: a cross-site `application/json`
/// request needs a CORS preflight, which this server never grants, while
/// `text/plain` and form posts need none.
pub struct JsonBody<T, const LIMIT: usize = BODY_LIMIT>(pub T);

/// Whether the request declares a JSON body (`application/json`, any parameters).
fn declares_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

impl<T: DeserializeOwned, const LIMIT: usize> FromRequest<AppState> for JsonBody<T, LIMIT> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &AppState) -> Result<Self, ApiError> {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let json = declares_json(req.headers());
        let body = req.into_body();
        if let Some(n) = declared {
            if n > DRAIN_LIMIT as u64 {
                // Too big to be worth draining: answer now and let the connection go.
                return Err(too_large(LIMIT));
            }
        }
        let bytes = read_limited(body, LIMIT).await?;
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request body must be declared as Content-Type: application/json",
            ));
        }
        Ok(JsonBody(parse_json(&bytes)?))
    }
}

/// The name behind the token of a request that passed [`require_token`]
/// (a request extension); absent on a server without tokens.
#[derive(Debug, Clone)]
pub struct Writer(pub String);

/// Whether the request may write: the server has no tokens (`Ok(None)`), or
/// the request carries `Authorization: Bearer <token>` of one of them
/// (`Ok(Some(name))`).
pub fn check_token(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<String>, ApiError> {
    let Some(tokens) = state.tokens.as_deref() else {
        return Ok(None);
    };
    let given = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized(
            "this server requires a bearer token for this route (Authorization: Bearer …)",
        )
    })?;
    let given = given
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .ok_or_else(|| ApiError::unauthorized("Authorization header must be `Bearer <token>`"))?;
    match tokens.check(given) {
        Some(name) => Ok(Some(name.to_string())),
        None => Err(ApiError::unauthorized("wrong bearer token")),
    }
}

/// Middleware for routes that need the token: a refused request's body is
/// read (bounded) before the 401 goes out, so the kept-alive connection
/// stays usable for the retry with the token. The token's name goes into
/// the request as a [`Writer`] for the audit log.
pub async fn require_token(
    axum::extract::State(s): axum::extract::State<AppState>,
    mut req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match check_token(&s, req.headers()) {
        Ok(name) => {
            if let Some(name) = name {
                req.extensions_mut().insert(Writer(name));
            }
            next.run(req).await
        }
        Err(e) => {
            super::guard::drain(req).await;
            e.into_response()
        }
    }
}

/// Middleware for reads on a `--private` server: the same check as writes.
pub async fn require_token_to_read(
    axum::extract::State(s): axum::extract::State<AppState>,
    req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if !s.private {
        return next.run(req).await;
    }
    match check_token(&s, req.headers()) {
        Ok(_) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_say_what_and_where() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            text: String,
        }
        let e = parse_json::<T>(b"{\"text\": ").unwrap_err();
        assert!(e.message.starts_with("malformed JSON"), "{}", e.message);
        let e = parse_json::<T>(b"{\"text\": 5}").unwrap_err();
        assert!(
            e.message.contains("invalid type") && e.message.contains("column"),
            "{}",
            e.message
        );
        let e = parse_json::<T>(b"[\"Azaz\"]").unwrap_err();
        assert!(
            e.message.contains("expected a JSON object"),
            "{}",
            e.message
        );
        let e = parse_json::<T>(b" ").unwrap_err();
        assert!(e.message.contains("empty"), "{}", e.message);
    }

    #[tokio::test]
    async fn limited_read_refuses_big_bodies() {
        let ok = read_limited(Body::from(vec![b'a'; 10]), 10).await.unwrap();
        assert_eq!(ok.len(), 10);
        let e = read_limited(Body::from(vec![b'a'; 11]), 10)
            .await
            .unwrap_err();
        assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(e.message.contains("limit is 10 bytes"), "{}", e.message);
    }

    #[test]
    fn json_must_be_declared() {
        let mut h = axum::http::HeaderMap::new();
        assert!(!declares_json(&h));
        h.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(!declares_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            "Application/JSON; charset=utf-8".parse().unwrap(),
        );
        assert!(declares_json(&h));
    }
}
