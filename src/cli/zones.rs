//! `frontline zones`: control-zone GeoJSON from the store as of a date.

use anyhow::Result;
use frontline::pipeline;
use frontline::store::DEFAULT_DB;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Store: a SQLite file path.
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Date (YYYY-MM-DD); default: latest.
    #[arg(long)]
    pub date: Option<String>,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let date = crate::date_arg(&args.date)?;
    let region = crate::load_region(region_dir)?;
    let store = super::open_existing_store(&args.db)?;
    super::bind_region(store.as_ref(), &region)?;
    let tl = pipeline::timeline(&region, store.as_ref())?;
    let (_, fc) = pipeline::zones_at_with(&region, &tl, date, &store.areas()?);
    crate::write_out(&args.output, &serde_json::to_string(&fc)?)
}
