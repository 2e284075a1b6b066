//! Request bodies: read with a size limit, parsed as JSON with messages that
//! say what is wrong and where (line, column), and the bearer-token check for
//! write routes.
//!
//! An oversized body is drained (up to [`DRAIN_LIMIT`]) before the 413 goes
//! out: answering while the client is still sending makes the connection
//! reset, and the client would see a broken pipe instead of the message.

use super::error::ApiError;
use super::AppState;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

/// The largest request body accepted (reports up to a few MB).
pub const BODY_LIMIT: usize = 5 * 1024 * 1024;

/// How much of an oversized body is read and discarded so the 413 reaches
/// the client; beyond this the connection is simply closed.
const DRAIN_LIMIT: usize = 256 * 1024 * 1024;

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "request body too large: limit is {} MB",
            BODY_LIMIT / (1024 * 1024)
        ),
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
        return Err(too_large());
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

/// A JSON request body of type `T`, at most [`BODY_LIMIT`] bytes. Any
/// content type is accepted: the body must parse, whatever it claims to be.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &AppState) -> Result<Self, ApiError> {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let body = req.into_body();
        if let Some(n) = declared {
            if n > DRAIN_LIMIT as u64 {
                // Too big to be worth draining: answer now and let the connection go.
                return Err(too_large());
            }
        }
        let bytes = read_limited(body, BODY_LIMIT).await?;
        Ok(JsonBody(parse_json(&bytes)?))
    }
}

/// Proof that the request may write: the server has no token, or the request
/// carries `Authorization: Bearer <token>`.
pub struct WriteAccess;

impl FromRequestParts<AppState> for WriteAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = state.token.as_deref() else {
            return Ok(WriteAccess);
        };
        let given = parts.headers.get(header::AUTHORIZATION).ok_or_else(|| {
            ApiError::unauthorized(
                "this server requires a bearer token for writes (Authorization: Bearer …)",
            )
        })?;
        let given = given
            .to_str()
            .ok()
            .and_then(|v| {
                let (scheme, rest) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .ok_or_else(|| {
                ApiError::unauthorized("Authorization header must be `Bearer <token>`")
            })?;
        if constant_time_eq(given.as_bytes(), token.as_bytes()) {
            Ok(WriteAccess)
        } else {
            Err(ApiError::unauthorized("wrong bearer token"))
        }
    }
}

/// Compares without stopping at the first difference, so response timing does
/// not leak how much of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
        assert!(e.message.contains("limit is 5 MB"));
    }

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
