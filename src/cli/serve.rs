//! `frontline serve`: the web map and HTTP API over a store.

use anyhow::{Context, Result};
use frontline::server::tokens::Tokens;
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
    /// Bearer token required by POST /api/reports and /api/geoparse. Prefer
    /// the FRONTLINE_TOKEN environment variable or --token-file: a token on
    /// the command line shows in `ps`.
    #[arg(long, conflicts_with = "token_file")]
    pub token: Option<String>,
    /// File whose first line is the bearer token.
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// File of named tokens, one `name:token` or `name:sha256:<hex>` a line
    /// (also FRONTLINE_TOKENS, comma-separated); the name goes into the audit log.
    #[arg(long, conflicts_with_all = ["token", "token_file"])]
    pub tokens_file: Option<PathBuf>,
    /// Reads need a token too (every /api route but /api/health).
    #[arg(long)]
    pub private: bool,
    /// Also answer requests addressed to this host name (repeatable; the
    /// default is loopback names only, against DNS rebinding; `*` for any).
    #[arg(long = "public-host", value_name = "NAME")]
    pub public_hosts: Vec<String>,
    /// Don't load the demo reports into an empty store.
    #[arg(long)]
    pub no_demo: bool,
    /// Folder of the web map (default: web/ next to the crate's Cargo.toml).
    #[arg(long)]
    pub web: Option<PathBuf>,
}

/// The bearer token from --token-file, --token or FRONTLINE_TOKEN, in that
/// order. An empty one is an error: it would silently turn auth off.
fn token(args: &Args) -> Result<Option<String>> {
    let (token, from) = if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--token-file {}", path.display()))?;
        let first = text.lines().next().unwrap_or("").trim().to_string();
        (Some(first), format!("--token-file {}", path.display()))
    } else if let Some(t) = &args.token {
        eprintln!(
            "frontline: warning: a token given with --token is visible to other users in `ps`; \
             use FRONTLINE_TOKEN or --token-file"
        );
        (Some(t.trim().to_string()), "--token".to_string())
    } else {
        match std::env::var("FRONTLINE_TOKEN") {
            Ok(t) => (Some(t.trim().to_string()), "FRONTLINE_TOKEN".to_string()),
            Err(std::env::VarError::NotPresent) => (None, String::new()),
            Err(e) => anyhow::bail!("FRONTLINE_TOKEN: {e}"),
        }
    };
    if token.as_deref() == Some("") {
        anyhow::bail!(
            "{from}: the token is empty; an empty token would leave writes open. \
             Give a non-empty token, or none at all for an open local server"
        );
    }
    Ok(token)
}

/// Named tokens from --tokens-file or FRONTLINE_TOKENS, when given.
fn named_tokens(args: &Args) -> Result<Option<Tokens>> {
    if let Some(path) = &args.tokens_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--tokens-file {}", path.display()))?;
        let origin = format!("--tokens-file {}", path.display());
        return Tokens::parse(&text, &origin)
            .map(Some)
            .map_err(anyhow::Error::msg);
    }
    if args.token.is_some() || args.token_file.is_some() {
        return Ok(None);
    }
    match std::env::var("FRONTLINE_TOKENS") {
        Ok(t) => Tokens::parse(&t, "FRONTLINE_TOKENS")
            .map(Some)
            .map_err(anyhow::Error::msg),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(e) => anyhow::bail!("FRONTLINE_TOKENS: {e}"),
    }
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let named = named_tokens(args)?;
    let token = if named.is_some() { None } else { token(args)? };
    if args.private && named.is_none() && token.is_none() {
        anyhow::bail!(
            "--private needs tokens to read with: give --tokens-file, FRONTLINE_TOKENS, \
             --token-file or FRONTLINE_TOKEN"
        );
    }
    let region = Arc::new(crate::load_region(region_dir)?);
    let pack_dir = crate::pack_dir(region_dir);
    let store = store::open(&args.db).with_context(|| format!("--db {}", args.db))?;
    super::bind_region(store.as_ref(), &region)?;
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
    let publishes_gis = store.publishes_gis();
    let has_token = token.is_some() || named.is_some();
    let mut state = AppState::new(region, store, token, basemap)
        .with_public_hosts(&args.public_hosts)
        .with_private(args.private);
    if publishes_gis {
        spawn_gis_publisher(
            state.region.clone(),
            state.store.clone(),
            state.cache.clone(),
        );
    }
    if let Some(named) = named {
        eprintln!("frontline: write tokens: {}", named.names().join(", "));
        state = state.with_tokens(named);
    }
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
            if has_token {
                ", writes and geoparsing need the bearer token"
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
/// The latest map comes from the server's zone cache, so a new report costs
/// a fold of its claims, not a re-read of the archive.
fn spawn_gis_publisher(
    region: Arc<frontline::Region>,
    store: Arc<dyn store::Store>,
    cache: Arc<frontline::server::ZoneCache>,
) {
    let run = move || {
        let mut published = None;
        // The map this process wrote last: a write that leaves the latest
        // map as it was (a report dated before other news of its places, or
        // one repeating the map) needs no refresh. Another server that
        // wrote since wrote a map of its own generation, which it refreshes
        // in turn when its next map differs from it.
        let mut last: Option<Arc<frontline::server::cache::ZonesAt>> = None;
        loop {
            if let Ok(g) = store.generation() {
                if published != Some(g) {
                    let publish = cache.zones(&region, store.as_ref(), None).and_then(|z| {
                        if last.as_ref().is_some_and(|l| l.same_map(&z)) {
                            return Ok(z);
                        }
                        let layer = frontline::zones::build_with_areas(
                            &z.map,
                            &region.gazetteer,
                            &region.factions,
                            &store.areas()?,
                        );
                        store.publish_gis(z.generation, &z.map, &layer)?;
                        Ok(z)
                    });
                    match publish {
                        Ok(z) => {
                            published = Some(g);
                            last = Some(z);
                        }
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
