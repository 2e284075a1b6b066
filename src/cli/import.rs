//! `frontline import`: a GIS layer stored as a dated baseline. The format is
//! detected by content (GeoJSON, GeoJSONSeq, CSV, GeoPackage, Shapefile as
//! `.shp`, folder or zip, FlatGeobuf, KML); a declared CRS is reprojected.
//! Bad rows are listed with their line or feature number and skipped; a file
//! that cannot be read as a layer at all stores nothing.

use anyhow::{bail, Context, Result};
use frontline::import::{self, ImportOptions};
use frontline::store::{self, DEFAULT_DB};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The layer: a file of any supported format, a Shapefile folder or a zip.
    pub file: PathBuf,
    /// Store: a SQLite file path.
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Date for features without their own (default: a date in the file name).
    #[arg(long)]
    pub date: Option<String>,
    /// Faction for features without their own, in any spelling the region's
    /// factions know: `import area.geojson --faction sdf --date D` gives every
    /// place inside the polygons to that faction from D.
    #[arg(long)]
    pub faction: Option<String>,
    /// CRS of a layer that declares none: EPSG:3857, EPSG:32637, or a PROJ string.
    #[arg(long)]
    pub crs: Option<String>,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let default_date = crate::date_arg(&args.date)?;
    let region = crate::load_region(region_dir)?;
    let opts = ImportOptions {
        default_date,
        default_faction: args.faction.clone(),
        crs: args.crs.clone(),
        ..ImportOptions::default()
    };
    let import::Imported {
        claims,
        areas,
        errors: skipped,
    } = import::read_path_with_areas(&args.file, &opts, &region.gazetteer, &region.factions)?;
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
    let undated = claims.iter().filter(|c| c.date.is_none()).count();
    if undated > 0 {
        eprintln!(
            "frontline: warning: {undated} of {} claims have no date (no date/since/as_of \
             property, no date in the file name, no --date): they count as older than every \
             dated claim; give --date YYYY-MM-DD",
            claims.len()
        );
    }
    let store = store::open(&args.db).with_context(|| format!("--db {}", args.db))?;
    super::bind_region(store.as_ref(), &region)?;
    let name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let id = store.add_baseline_with_areas(&name, &claims, &areas)?;
    // Kept polygons are said only when there are some: a points layer
    // prints what it always did.
    let kept = if areas.is_empty() {
        String::new()
    } else {
        format!(", {} polygons kept for the zones to follow", areas.len())
    };
    println!(
        "imported {} claims from {} as {id} ({} rows skipped{kept})",
        claims.len(),
        args.file.display(),
        skipped.len()
    );
    Ok(())
}
