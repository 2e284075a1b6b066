//! The `frontline` command line: the edge where errors become one-line messages.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use frontline::report::{parse_date, Report};
use frontline::{export, timeline::Timeline, zones, Region};
use std::io::Write;
use std::path::PathBuf;

mod cli;

#[derive(Parser)]
#[command(
    name = "frontline",
    version,
    about = "Conflict reporting in, control-zone maps out"
)]
struct Cli {
    /// Region pack folder (default: the bundled Syria pack).
    #[arg(long, global = true, env = "FRONTLINE_REGION")]
    region: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print the place mentions of one report as a GeoJSON FeatureCollection.
    Geoparse {
        /// Report file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Print {"mentions", "claims"} for one report.
    Extract {
        #[arg(default_value = "-")]
        file: String,
        /// Date the report describes (YYYY-MM-DD), when its header has none.
        #[arg(long)]
        date: Option<String>,
    },
    /// Run the web map and HTTP API.
    Serve(cli::serve::Args),
    /// Store reports (text files or .jsonl), with a progress bar.
    Ingest(cli::ingest::Args),
    /// Control-zone GeoJSON from the store as of a date.
    Zones(cli::zones::Args),
    /// The places whose state changed between two dates, from the store (JSON or CSV).
    Changes(cli::changes::Args),
    /// GIS exports (geojson, fgb, gpkg, kml, csv) from the store.
    Export(cli::export::Args),
    /// Import a GIS layer (GeoJSON, CSV, GeoPackage, Shapefile, FlatGeobuf, KML) as a dated baseline.
    Import(cli::import::Args),
    /// Score geoparsing and control claims on a folder of gold-annotated reports.
    Eval(cli::eval::Args),
    /// Run the speed benchmarks and print a table.
    Bench(cli::bench::Args),
    /// One shot, no store: reports in, control-zone GeoJSON out.
    Map {
        #[arg(required = true)]
        files: Vec<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FRONTLINE_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = run(Cli::parse()) {
        eprintln!("frontline: error: {e:#}");
        std::process::exit(1);
    }
}

pub(crate) fn load_region(cli_region: &Option<PathBuf>) -> Result<Region> {
    Ok(match cli_region {
        Some(dir) => Region::load_dir(dir)?,
        None => Region::bundled()?,
    })
}

pub(crate) fn date_arg(d: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    flag_date("--date", d)
}

/// The date given to option `flag`, if any; a malformed one is an error naming the flag.
pub(crate) fn flag_date(flag: &str, d: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    match d {
        None => Ok(None),
        Some(s) => match parse_date(s) {
            Some(d) => Ok(Some(d)),
            None => bail!("{flag} {s:?}: expected YYYY-MM-DD"),
        },
    }
}

pub(crate) fn write_out(output: &Option<PathBuf>, json: &str) -> Result<()> {
    // `-o -` is standard output, as the help says.
    match output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(p) => std::fs::write(p, json).with_context(|| format!("cannot write {}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
            Ok(())
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match &cli.cmd {
        Cmd::Serve(a) => cli::serve::run(a, &cli.region),
        Cmd::Ingest(a) => cli::ingest::run(a, &cli.region),
        Cmd::Zones(a) => cli::zones::run(a, &cli.region),
        Cmd::Export(a) => cli::export::run(a, &cli.region),
        Cmd::Changes(a) => cli::changes::run(a, &cli.region),
        Cmd::Import(a) => cli::import::run(a, &cli.region),
        Cmd::Eval(a) => cli::eval::run(a, &cli.region),
        Cmd::Bench(a) => cli::bench::run(a, &cli.region),
        Cmd::Geoparse { file } => {
            let reports = Report::read_file(file)?;
            let region = load_region(&cli.region)?;
            let report = &reports[0];
            let mentions = region.geoparser.parse(&report.text);
            let fc = export::mentions_collection(&mentions, &region.gazetteer);
            write_out(&None, &serde_json::to_string(&fc)?)
        }
        Cmd::Extract { file, date } => {
            let date = date_arg(date)?;
            let mut reports = Report::read_file(file)?;
            let region = load_region(&cli.region)?;
            let report = &mut reports[0];
            if report.date.is_none() {
                report.date = date;
            }
            let a = region.analyse(report);
            let out = serde_json::json!({
                "mentions": export::mentions_collection(&a.mentions, &region.gazetteer),
                "claims": a.claims,
            });
            write_out(&None, &serde_json::to_string(&out)?)
        }
        Cmd::Map {
            files,
            date,
            output,
        } => {
            use frontline::claims::baseline::{self, ImportOptions};
            let date = date_arg(date)?;
            let region = load_region(&cli.region)?;
            // GIS layers are baselines, imported first; everything else is a report.
            let mut claims = Vec::new();
            let mut reports = Vec::new();
            for f in files {
                let lower = f.to_ascii_lowercase();
                let is_dir = std::path::Path::new(f).is_dir();
                if is_dir
                    || [
                        ".geojson",
                        ".json",
                        ".geojsonl",
                        ".geojsons",
                        ".csv",
                        ".gpkg",
                        ".fgb",
                        ".kml",
                        ".shp",
                        ".zip",
                    ]
                    .iter()
                    .any(|e| lower.ends_with(e))
                {
                    let (c, errors) = baseline::read_path(
                        std::path::Path::new(f),
                        &ImportOptions::default(),
                        &region.gazetteer,
                        &region.factions,
                    )?;
                    for e in &errors {
                        eprintln!("frontline: warning: skipped {e}");
                    }
                    claims.extend(c);
                    continue;
                }
                for (i, mut r) in Report::read_file(f)?.into_iter().enumerate() {
                    if r.date.is_none() {
                        r.date = date;
                    }
                    if r.source.is_none() {
                        r.source = Some(f.clone());
                    }
                    reports.push((format!("{f}#{}", i + 1), r));
                }
            }
            // Undated claims count as the oldest: beside a dated baseline, an
            // undated report would change nothing it disagrees with. Say so.
            if !claims.is_empty() {
                for (id, _) in reports.iter().filter(|(_, r)| r.date.is_none()) {
                    eprintln!(
                        "frontline: warning: {id}: no date (no `date:` header and no --date); \
                         its claims count as older than the dated baseline — give --date YYYY-MM-DD"
                    );
                }
            }
            let claims = frontline::pipeline::one_shot_claims(&region, claims, reports);
            let tl = Timeline::new(claims);
            let mut map = tl.state_at(date);
            map.order_by_importance(&region.gazetteer);
            let layer = zones::build(&map, &region.gazetteer, &region.factions);
            let fc = export::zones_collection(&layer, &map, &region.factions);
            write_out(output, &serde_json::to_string(&fc)?)
        }
    }
}
