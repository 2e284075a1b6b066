//! `frontline import`: a GIS layer (GeoJSON points/polygons with `faction`, or
//! CSV with lat/lon) stored as a dated baseline. Bad rows are listed with
//! their line or feature number and skipped; a file that cannot be read as a
//! layer at all stores nothing.

use anyhow::{bail, Context, Result};
use frontline::claims::baseline::{self, ImportOptions};
use frontline::store::{self, DEFAULT_DB};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The layer: .geojson / .json or .csv.
    pub file: PathBuf,
    /// Store: a SQLite file path.
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Date for features without their own (default: a date in the file name).
    #[arg(long)]
    pub date: Option<String>,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let default_date = crate::date_arg(&args.date)?;
    let region = crate::load_region(region_dir)?;
    let opts = ImportOptions {
        default_date,
        ..ImportOptions::default()
    };
    let (claims, skipped) =
        baseline::read_path(&args.file, &opts, &region.gazetteer, &region.factions)?;
    for row in &skipped {
        eprintln!("frontline: skipped {row}");
    }
    if claims.is_empty() {
        bail!(
            "{}: no usable features ({} skipped); nothing stored",
            args.file.display(),
            skipped.len()
        );
    }
    let store = store::open(&args.db).with_context(|| format!("--db {}", args.db))?;
    let name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let id = store.add_baseline(&name, &claims)?;
    println!(
        "imported {} claims from {} as {id} ({} rows skipped)",
        claims.len(),
        args.file.display(),
        skipped.len()
    );
    Ok(())
}
