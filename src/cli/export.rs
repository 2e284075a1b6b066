//! `frontline export`: the zones of the store as GeoJSON, FlatGeobuf, KML or CSV.

use anyhow::{Context, Result};
use frontline::export::Format;
use frontline::pipeline;
use frontline::store::{self, DEFAULT_DB};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// geojson, fgb, kml or csv.
    #[arg(long)]
    pub format: String,
    /// Date (YYYY-MM-DD); default: latest.
    #[arg(long)]
    pub date: Option<String>,
    /// Store: a SQLite file path.
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Output file.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let format: Format = args.format.parse().context("--format")?;
    let date = crate::date_arg(&args.date)?;
    let region = crate::load_region(region_dir)?;
    let store = store::open(&args.db).with_context(|| format!("--db {}", args.db))?;
    let bytes = pipeline::export_store(&region, store.as_ref(), date, format)?;
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!(
        "frontline: wrote {} ({} bytes, {} as of {})",
        args.output.display(),
        bytes.len(),
        format.extension(),
        date.map_or_else(|| "latest".into(), |d| d.to_string())
    );
    Ok(())
}
