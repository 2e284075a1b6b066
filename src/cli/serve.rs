//! `frontline serve`: the web map and HTTP API over a store.

use anyhow::{Context, Result};
use frontline::server::{self, demo, AppState};
use frontline::store::{self, DEFAULT_DB};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port; the URL is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Store: a SQLite file path (created when missing), or postgres://user@host:port/db[?schema=NAME].
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Bearer token required by write routes (POST /api/reports).
    #[arg(long, env = "FRONTLINE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Don't load the demo reports into an empty store.
    #[arg(long)]
    pub no_demo: bool,
    /// Folder of the web map (default: web/ next to the crate's Cargo.toml).
    #[arg(long)]
    pub web: Option<PathBuf>,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let region = Arc::new(crate::load_region(region_dir)?);
    let pack_dir = crate::pack_dir(region_dir);
    let store = store::open(&args.db).with_context(|| format!("--db {}", args.db))?;
    if !args.no_demo && store.is_empty()? {
        let s = demo::load(&region, store.as_ref(), pack_dir.as_deref())
            .context("loading the demo reports")?;
        eprintln!(
            "frontline: empty store: loaded the demo ({} reports, {} claims, {} baseline claims; --no-demo turns this off)",
            s.reports, s.claims, s.baseline_claims
        );
        for row in &s.skipped {
            eprintln!("frontline: demo baseline: skipped {row}");
        }
    }
    let basemap = server::load_basemap(pack_dir.as_deref()).map_err(anyhow::Error::msg)?;
    let web = args.web.clone().unwrap_or_else(server::default_web_dir);
    if !web.join("index.html").is_file() {
        eprintln!(
            "frontline: warning: no index.html in {}: the API works, the map page will 404",
            web.display()
        );
    }
    let reports = store.report_count()?;
    let describe = store.describe();
    if store.publishes_gis() {
        spawn_gis_publisher(region.clone(), store.clone());
    }
    let state = AppState::new(region, store, args.token.clone(), basemap);
    let app = server::router(state, &web);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr()?;
        // First line of stdout: scripts and tests read the address from it.
        println!("frontline: serving http://{local}/");
        std::io::stdout().flush()?;
        eprintln!(
            "frontline: store {describe} ({reports} reports){}; Ctrl-C to stop",
            if args.token.as_deref().is_some_and(|t| !t.is_empty()) {
                ", writes need the bearer token"
            } else {
                ""
            }
        );
        server::serve(listener, app).await.context("server failed")
    })?;
    eprintln!("frontline: stopped");
    Ok(())
}

/// Keeps the store's GIS layers (PostGIS `control`, `zones`) at the latest
/// state: after every write this process notices, its own or another's.
fn spawn_gis_publisher(region: Arc<frontline::Region>, store: Arc<dyn store::Store>) {
    let run = move || {
        let mut published = None;
        loop {
            if let Ok(g) = store.generation() {
                if published != Some(g) {
                    match frontline::pipeline::publish_gis(&region, store.as_ref()) {
                        Ok(_) => published = Some(g),
                        Err(e) => tracing::warn!(error = %e, "cannot refresh the GIS layers"),
                    }
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    };
    if let Err(e) = std::thread::Builder::new()
        .name("frontline-gis".into())
        .spawn(run)
    {
        tracing::warn!(error = %e, "cannot start the GIS layer publisher");
    }
}
