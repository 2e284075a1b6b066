//! Bounds on what one request may cost: body sizes per route, mentions per
//! answer, processing time (503 + `Retry-After` past it), and a rate limit on
//! the open geoparse route. Without them one large or repeated request could
//! take the server's memory and CPU from everyone else.

use super::error::ApiError;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `POST /api/geoparse`: the text of one report (it stores nothing).
pub const GEOPARSE_BODY_LIMIT: usize = 1024 * 1024;
/// `POST /api/reports`: one report with its metadata.
pub const REPORT_BODY_LIMIT: usize = super::BODY_LIMIT;
/// Mentions sent in one answer; the rest are counted, not sent.
pub const MAX_MENTIONS: usize = 2000;
/// How long a request may take its blocking work before it is answered 503.
pub const PROCESSING_LIMIT: Duration = Duration::from_secs(30);

/// A token bucket: `rate` requests a second on average, bursts up to `burst`.
pub struct RateLimit {
    rate: f64,
    burst: f64,
    state: Mutex<(f64, Instant)>,
}

impl RateLimit {
    pub fn new(rate: f64, burst: f64) -> RateLimit {
        RateLimit {
            rate,
            burst,
            state: Mutex::new((burst, Instant::now())),
        }
    }

    /// Takes one token, or says how many whole seconds until one is there.
    pub fn take(&self) -> Result<(), u32> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let (tokens, last) = *st;
        let tokens = (tokens + now.duration_since(last).as_secs_f64() * self.rate).min(self.burst);
        if tokens >= 1.0 {
            *st = (tokens - 1.0, now);
            Ok(())
        } else {
            *st = (tokens, now);
            Err((((1.0 - tokens) / self.rate).ceil() as u32).max(1))
        }
    }

    /// [`RateLimit::take`] as an API answer: 503 with `Retry-After`.
    pub fn admit(&self, what: &str) -> Result<(), ApiError> {
        self.take().map_err(|secs| {
            ApiError::busy(
                format!("too many {what} requests; retry in {secs} s (or use a bearer token)"),
                secs,
            )
        })
    }
}

/// Runs blocking work (SQLite, geoparsing, zone building) off the async
/// workers, answering 503 + `Retry-After` if it takes longer than `limit`.
/// The work itself runs to completion (threads cannot be cancelled); its
/// cost is bounded by the body limits.
pub async fn blocking_within<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::time::timeout(limit, tokio::task::spawn_blocking(f)).await {
        Ok(joined) => joined?,
        Err(_) => {
            tracing::warn!(
                limit_s = limit.as_secs(),
                "request over its processing time"
            );
            Err(ApiError::busy(
                format!(
                    "the request took longer than {} s; try again later or send less text",
                    limit.as_secs()
                ),
                10,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_refuses() {
        let r = RateLimit::new(1.0, 3.0);
        assert!(r.take().is_ok());
        assert!(r.take().is_ok());
        assert!(r.take().is_ok());
        assert_eq!(r.take(), Err(1));
    }

    #[tokio::test]
    async fn slow_work_is_a_503_with_retry_after() {
        let e = blocking_within(Duration::from_millis(20), || {
            std::thread::sleep(Duration::from_millis(200));
            Ok(())
        })
        .await
        .unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(e.retry_after, Some(10));
        let ok = blocking_within(Duration::from_secs(5), || Ok(7)).await;
        assert_eq!(ok.unwrap(), 7);
    }
}
