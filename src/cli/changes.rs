//! `frontline changes`: the places whose state changed between two dates,
//! from the store, as JSON or CSV.

use anyhow::{bail, Result};
use frontline::store::DEFAULT_DB;
use frontline::{export, pipeline};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Store: a SQLite file path.
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// The earlier date (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// The later date (YYYY-MM-DD); default: latest.
    #[arg(long)]
    pub to: Option<String>,
    /// Output format: json or csv.
    #[arg(long, default_value = "json")]
    pub format: String,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let Some(from) = crate::flag_date("--from", &Some(args.from.clone()))? else {
        bail!("--from is required");
    };
    let to = crate::flag_date("--to", &args.to)?;
    if let Some(t) = to.filter(|t| *t < from) {
        bail!("--to {t} is before --from {from}");
    }
    let csv = match args.format.to_ascii_lowercase().as_str() {
        "json" => false,
        "csv" => true,
        f => bail!("--format {f:?}: expected json or csv"),
    };
    let region = crate::load_region(region_dir)?;
    let store = super::open_existing_store(&args.db)?;
    super::bind_region(store.as_ref(), &region)?;
    let tl = pipeline::timeline(&region, store.as_ref())?;
    let (as_of, changes) = pipeline::changes(&region, &tl, from, to);
    let text = if csv {
        export::csv::changes(&changes)
    } else {
        serde_json::to_string(&json!({"from": from, "to": as_of, "changes": changes}))?
    };
    crate::write_out(&args.output, text.trim_end())
}
