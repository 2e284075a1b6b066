//! `frontline export`: the zones of the store as GeoJSON, FlatGeobuf,
//! GeoPackage, KML or CSV, optionally only some feature kinds.

use anyhow::{bail, Context, Result};
use frontline::export::{self, table, Format};
use frontline::pipeline;
use frontline::store::DEFAULT_DB;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// geojson, fgb, gpkg, kml or csv.
    #[arg(long)]
    pub format: String,
    /// Date (YYYY-MM-DD); default: latest.
    #[arg(long)]
    pub date: Option<String>,
    /// Only these feature kinds (zones, sieges, frontlines, routes, advances,
    /// places, mentions; repeat or separate with commas): one geometry type per
    /// file for tools that need it. Default: every kind but mentions; a
    /// GeoPackage also gets the `mentions` layer (the stored reports' place
    /// mentions).
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Store: a SQLite file path.
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Output file, or - for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let format: Format = args.format.parse().context("--format")?;
    let date = crate::date_arg(&args.date)?;
    for k in &args.kind {
        if table::kind_of_layer(k).is_none() {
            let known: Vec<&str> = table::KINDS.iter().map(|(_, l)| *l).collect();
            bail!("--kind {k:?}: expected one of {}", known.join(", "));
        }
    }
    let region = crate::load_region(region_dir)?;
    let store = super::open_existing_store(&args.db)?;
    super::bind_region(store.as_ref(), &region)?;
    let tl = pipeline::timeline(&region, store.as_ref())?;
    let (_, zones) = pipeline::zones_at_with(&region, &tl, date, &store.areas()?);
    let fc =
        pipeline::with_export_layers(&region, store.as_ref(), zones, date, format, &args.kind)?;
    let bytes = export::write(format, &fc)?;
    super::write_bytes(Some(&args.output), &bytes)?;
    eprintln!(
        "frontline: wrote {} ({} bytes, {} features, {} as of {})",
        args.output.display(),
        bytes.len(),
        fc.features.len(),
        format.extension(),
        date.map_or_else(|| "latest".into(), |d| d.to_string())
    );
    Ok(())
}
