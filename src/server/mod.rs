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
mod routes;

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
    /// Bearer token required by write routes, when set.
    pub token: Option<Arc<str>>,
    /// The region's basemap GeoJSON (an empty collection when the pack has none).
    pub basemap: Bytes,
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
            token: token.filter(|t| !t.is_empty()).map(Arc::from),
            basemap,
        }
    }
}

/// The bundled pack's folder in the source tree.
fn bundled_pack_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/geodata/syria"))
}

/// The web map's folder: `web/` next to the crate's manifest.
pub fn default_web_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/web"))
}

const EMPTY_COLLECTION: &str = r#"{"type":"FeatureCollection","features":[]}"#;

/// Reads `basemap.geojson` from a region pack folder (the bundled pack when
/// `None`). A missing file gives an empty collection; an unreadable or
/// non-JSON one is an error naming the file.
pub fn load_basemap(region_dir: Option<&Path>) -> Result<Bytes, String> {
    let path = region_dir
        .map_or_else(bundled_pack_dir, Path::to_path_buf)
        .join("basemap.geojson");
    match std::fs::read(&path) {
        Ok(bytes) => {
            serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
                .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
            Ok(Bytes::from(bytes))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!(path = %path.display(), "no basemap in the region pack; serving an empty one");
            Ok(Bytes::from_static(EMPTY_COLLECTION.as_bytes()))
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The whole application: API routes, then static files from `web_dir`.
pub fn router(state: AppState, web_dir: &Path) -> Router {
    routes::router(state, web_dir)
}

/// Serves until Ctrl-C (or SIGTERM), then lets requests in flight finish.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
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
