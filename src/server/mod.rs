//! The HTTP API of DESIGN.md and the static web map, on axum.
//!
//! Handlers are thin: they parse and validate the request, call the library
//! (`pipeline`, the gazetteer, the [`Store`]) off the async workers when the
//! call may take a while, and shape the answer. Shared state is one typed
//! [`AppState`]. Errors are [`error::ApiError`] → JSON `{"error": …}`.
//!
//! Routes (DESIGN.md, plus two for the web map):
//! `GET /` and static files from `web/`; `GET /api/health`;
//! `POST /api/geoparse`; `POST|GET /api/reports`; `GET /api/reports/{id}`;
//! `GET /api/zones?date=`; `GET /api/places?q=`; `GET /api/places/{id}`;
//! `GET /api/timeline`; `GET /api/export?format=&date=`;
//! `GET /api/region` (name, view, attribution, factions and colours);
//! `GET /api/basemap` (the pack's offline basemap GeoJSON).

pub mod body;
pub mod cache;
pub mod demo;
pub mod error;
pub mod guard;
pub mod limits;
mod routes;
pub mod tokens;

use crate::region::Region;
use crate::store::Store;
use axum::body::Bytes;
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use body::BODY_LIMIT;
pub use cache::ZoneCache;
pub use error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub region: Arc<Region>,
    pub store: Arc<dyn Store>,
    pub cache: Arc<ZoneCache>,
    /// Named bearer tokens required by write routes, when set.
    pub tokens: Option<Arc<tokens::Tokens>>,
    /// Reads need a token too (`--private`).
    pub private: bool,
    /// The region's basemap GeoJSON (an empty collection when the pack has none).
    pub basemap: Bytes,
    /// Host names requests may be addressed to (`guard`): loopback by
    /// default, widened with `--public-host`.
    pub allowed_hosts: Arc<[String]>,
    /// Rate limit of `POST /api/geoparse` when the server has no token.
    pub geoparse_rate: Arc<limits::RateLimit>,
}

impl AppState {
    pub fn new(
        region: Arc<Region>,
        store: Arc<dyn Store>,
        token: Option<String>,
        basemap: Bytes,
    ) -> AppState {
        AppState {
            region,
            store,
            cache: Arc::new(ZoneCache::new()),
            tokens: token
                .filter(|t| !t.is_empty())
                .map(|t| Arc::new(tokens::Tokens::single(&t))),
            private: false,
            basemap,
            allowed_hosts: guard::LOOPBACK_HOSTS
                .iter()
                .map(|h| h.to_string())
                .collect(),
            geoparse_rate: Arc::new(limits::RateLimit::new(5.0, 20.0)),
        }
    }

    /// Write tokens by name (replacing a single token given to [`AppState::new`]).
    pub fn with_tokens(mut self, tokens: tokens::Tokens) -> AppState {
        self.tokens = Some(Arc::new(tokens));
        self
    }

    /// Reads need a token too (`--private`); without tokens nothing changes.
    pub fn with_private(mut self, private: bool) -> AppState {
        self.private = private;
        self
    }

    /// Also answers requests addressed to these host names (lower-cased;
    /// `*` for any, when a proxy in front checks Host).
    pub fn with_public_hosts(mut self, hosts: &[String]) -> AppState {
        let mut all: Vec<String> = self.allowed_hosts.to_vec();
        all.extend(
            hosts
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase()),
        );
        self.allowed_hosts = all.into();
        self
    }
}

/// The web map's folder: `web/` next to the crate's manifest.
pub fn default_web_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/web"))
}

const EMPTY_COLLECTION: &str = r#"{"type":"FeatureCollection","features":[]}"#;

/// The bundled pack's basemap (countries, governorates, rivers), compiled in
/// like the rest of the pack so the map works from any directory.
const BUNDLED_BASEMAP: &str = include_str!("../../geodata/syria/basemap.geojson");

/// The basemap GeoJSON of a region pack: the bundled one when `region_dir` is
/// `None`, else the folder's `basemap.geojson`. A pack without one gets an
/// empty collection; an unreadable or non-JSON file is an error naming it.
pub fn load_basemap(region_dir: Option<&Path>) -> Result<Bytes, String> {
    let Some(dir) = region_dir else {
        return crate::export::rfc7946_collection(BUNDLED_BASEMAP.as_bytes()).map(Bytes::from);
    };
    let path = dir.join("basemap.geojson");
    match std::fs::read(&path) {
        Ok(bytes) => {
            serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
                .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
            crate::export::rfc7946_collection(&bytes)
                .map(Bytes::from)
                .map_err(|e| format!("{}: {e}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!(path = %path.display(), "no basemap in the region pack; serving an empty one");
            Ok(Bytes::from_static(EMPTY_COLLECTION.as_bytes()))
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The whole application: API routes, then static files from `web_dir`; gzip or
/// brotli when the client accepts it (zones and the country baseline are
/// megabytes of repetitive JSON).
pub fn router(state: AppState, web_dir: &Path) -> Router {
    routes::router(state, web_dir).layer(tower_http::compression::CompressionLayer::new())
}

/// Serves until Ctrl-C (or SIGTERM), then lets requests in flight finish.
/// Accepted connections get TCP_NODELAY: small answers on a kept-alive
/// connection otherwise wait for Nagle's algorithm (~40 ms each).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "cannot set TCP_NODELAY");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basemaps_bundled_missing_and_broken() {
        let bundled: serde_json::Value =
            serde_json::from_slice(&load_basemap(None).unwrap()).unwrap();
        assert_eq!(bundled["type"], "FeatureCollection");
        assert!(!bundled["features"].as_array().unwrap().is_empty());
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            &load_basemap(Some(dir.path())).unwrap()[..],
            EMPTY_COLLECTION.as_bytes()
        );
        std::fs::write(dir.path().join("basemap.geojson"), "{oops").unwrap();
        let e = load_basemap(Some(dir.path())).unwrap_err();
        assert!(e.contains("basemap.geojson: not JSON"), "{e}");
    }
}
