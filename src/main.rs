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
    /// Region: the name of a bundled pack (`frontline --help` lists them under
    /// "region packs") or a pack folder. Default: the first bundled pack.
    #[arg(long, global = true, env = "FRONTLINE_REGION")]
    region: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

/// How `frontline geoparse` writes mentions.
#[derive(Clone, Copy, clap::ValueEnum)]
enum MentionFormat {
    Geojson,
    Geojsonseq,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print the place mentions of a report as a GeoJSON FeatureCollection
    /// (several files or a .jsonl: one line per report, read one at a time).
    Geoparse {
        /// Report files, or - for standard input.
        #[arg(default_value = "-")]
        files: Vec<String>,
        /// `geojson`: one FeatureCollection per report, mentions with the
        /// places' shapes and runner-ups; `geojsonseq`: one point feature per
        /// line and mention (GDAL's GeoJSONSeq), for large inputs.
        #[arg(long, value_enum, default_value = "geojson")]
        format: MentionFormat,
    },
    /// Print {"mentions", "claims"} for a report (several: one line each).
    Extract {
        #[arg(default_value = "-")]
        files: Vec<String>,
        /// Date the report describes (YYYY-MM-DD), when its header has none.
        #[arg(long)]
        date: Option<String>,
        /// Print, per sentence, the chunks and the rules that fired or nearly fired (plain text).
        #[arg(long)]
        explain: bool,
    },
    /// Run the web map and HTTP API.
    Serve(cli::serve::Args),
    /// Store reports (text files or .jsonl), with a progress bar.
    Ingest(cli::ingest::Args),
    /// Move a data set between stores (SQLite file, PostgreSQL schema), with counts and a checksum.
    Migrate(cli::migrate::Args),
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
    /// Analysts' corrections: list claims to check, reject, confirm, move, change, add, undo; the audit log.
    Review(cli::review::Args),
    /// Read every stored report again with the current extractor, keeping corrections.
    Reanalyse(cli::reanalyse::Args),
    /// Run the speed benchmarks and print a table.
    Bench(cli::bench::Args),
    /// One shot, no store: reports in, control-zone GeoJSON out.
    Map {
        #[arg(required = true)]
        files: Vec<String>,
        #[arg(long)]
        date: Option<String>,
        /// Faction for the features of GIS layers that name none (as
        /// `import --faction`): their polygons become its areas.
        #[arg(long)]
        faction: Option<String>,
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
        // `frontline geoparse big.txt | head`: the reader has all it wanted.
        let closed_pipe = e.chain().any(|cause| {
            cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if closed_pipe {
            std::process::exit(0);
        }
        eprintln!("frontline: error: {e:#}");
        std::process::exit(1);
    }
}

pub(crate) fn load_region(cli_region: &Option<String>) -> Result<Region> {
    Ok(match cli_region {
        Some(arg) => Region::select(arg)?,
        None => Region::bundled()?,
    })
}

/// The pack folder behind `--region`, for the files a server reads beside the
/// pack (demo reports, baselines, basemap): the folder itself when one is given;
/// for a bundled pack other than the default, its source folder `geodata/<name>`
/// next to the crate when present; `None` for the default bundled pack (its
/// files are compiled in).
pub(crate) fn pack_dir(cli_region: &Option<String>) -> Option<PathBuf> {
    let arg = cli_region.as_deref()?;
    let path = PathBuf::from(arg);
    if path.is_dir() {
        return Some(path);
    }
    if frontline::gazetteer::bundled_names().first() == Some(&arg) {
        return None;
    }
    let source = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/geodata")).join(arg);
    source.is_dir().then_some(source)
}

pub(crate) fn date_arg(d: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    flag_date("--date", d)
}

/// The date given to option `flag`, if any; a malformed one is an error naming the flag.
pub(crate) fn flag_date(flag: &str, d: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    match d {
        None => Ok(None),
        Some(s) => match parse_date(s) {
            Some(d) => match frontline::report::check_date(d) {
                Ok(d) => Ok(Some(d)),
                Err(range) => bail!("{flag} {d} is out of range ({range})"),
            },
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

/// Why a report without a date is refused (DESIGN.md: without a header,
/// `--date` must be given). Undated claims would count as the oldest, so
/// such a report would change nothing it disagrees with.
const NO_DATE: &str = "no date (no `date:` header and no --date): give --date YYYY-MM-DD";

/// Runs `each` over every report of `files`, one report in memory at a time,
/// printing one line of JSON per report. With one plain report file the
/// line is exactly the one object; otherwise each is labelled `file#n`.
/// `date` fills in reports without one; `Some` also makes an undated
/// report an error (`extract`).
fn each_report(
    files: &[String],
    date: Option<Option<chrono::NaiveDate>>,
    mut each: impl FnMut(Option<String>, Report) -> serde_json::Result<String>,
) -> Result<()> {
    let labelled = files.len() > 1 || files.iter().any(|f| f.ends_with(".jsonl"));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in files {
        Report::for_each_in_file(f, |n, mut report| -> Result<()> {
            let label = format!("{f}#{n}");
            if let Some(date) = date {
                if report.date.is_none() {
                    report.date = date;
                }
                if report.date.is_none() {
                    bail!("{label}: {NO_DATE}");
                }
            }
            let line = each(labelled.then_some(label), report)?;
            // A report without mentions writes no line in a one-line-per-feature format.
            if !line.is_empty() {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })?;
    }
    out.flush()?;
    Ok(())
}

fn run(cli: Cli) -> Result<()> {
    match &cli.cmd {
        Cmd::Serve(a) => cli::serve::run(a, &cli.region),
        Cmd::Ingest(a) => cli::ingest::run(a, &cli.region),
        Cmd::Migrate(a) => cli::migrate::run(a),
        Cmd::Zones(a) => cli::zones::run(a, &cli.region),
        Cmd::Export(a) => cli::export::run(a, &cli.region),
        Cmd::Changes(a) => cli::changes::run(a, &cli.region),
        Cmd::Import(a) => cli::import::run(a, &cli.region),
        Cmd::Eval(a) => cli::eval::run(a, &cli.region),
        Cmd::Bench(a) => cli::bench::run(a, &cli.region),
        Cmd::Review(a) => cli::review::run(a, &cli.region),
        Cmd::Reanalyse(a) => cli::reanalyse::run(a, &cli.region),
        Cmd::Geoparse {
            files,
            format: MentionFormat::Geojsonseq,
        } => {
            let region: &Region = Box::leak(Box::new(load_region(&cli.region)?));
            each_report(files, None, |label, report| {
                let mentions = region.geoparser.parse(&report.text);
                let mut out = Vec::new();
                for feature in
                    export::mention_points(&mentions, &region.gazetteer, label.as_deref())
                {
                    if !out.is_empty() {
                        out.push(b'\n');
                    }
                    serde_json::to_writer(&mut out, &feature)?;
                }
                // serde_json writes UTF-8.
                Ok(String::from_utf8(out).unwrap_or_default())
            })
        }
        Cmd::Geoparse { files, .. } => {
            // Leaked: the process ends after this command, and freeing every place and
            // name table one by one would add to a one-shot call's wall time.
            let region: &Region = Box::leak(Box::new(load_region(&cli.region)?));
            each_report(files, None, |label, report| {
                let mentions = region.geoparser.parse(&report.text);
                let mut fc = export::mentions_collection(&mentions, &region.gazetteer);
                if let Some(label) = label {
                    let mut m = serde_json::Map::new();
                    m.insert("report".into(), label.into());
                    fc.foreign_members = Some(m);
                }
                serde_json::to_string(&fc)
            })
        }
        Cmd::Extract {
            files,
            date,
            explain: true,
        } => {
            let date = date_arg(date)?;
            let region = load_region(&cli.region)?;
            each_report(files, Some(date), |label, report| {
                let a = region.analyse(&report);
                let sentences = frontline::claims::explain::explain(
                    &report,
                    &a.mentions,
                    &region.gazetteer,
                    &region.factions,
                );
                let head = label.map(|l| format!("== {l}\n")).unwrap_or_default();
                Ok(head + cli::explain::render(&sentences).trim_end())
            })
        }
        Cmd::Extract { files, date, .. } => {
            let date = date_arg(date)?;
            // Leaked like `geoparse`'s: the process ends after this command.
            let region: &Region = Box::leak(Box::new(load_region(&cli.region)?));
            each_report(files, Some(date), |label, report| {
                let a = region.analyse(&report);
                let mut out = serde_json::json!({
                    "mentions": export::mentions_collection(&a.mentions, &region.gazetteer),
                    "claims": a.claims,
                });
                if let Some(label) = label {
                    out["report"] = label.into();
                }
                serde_json::to_string(&out)
            })
        }
        Cmd::Map {
            files,
            date,
            faction,
            output,
        } => {
            use frontline::import::{self, ImportOptions};
            let date = date_arg(date)?;
            let region = load_region(&cli.region)?;
            // GIS layers are baselines, imported first; everything else is a report.
            let mut claims = Vec::new();
            let mut areas = Vec::new();
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
                    let opts = ImportOptions {
                        default_faction: faction.clone(),
                        ..ImportOptions::default()
                    };
                    let layer = import::read_path_with_areas(
                        std::path::Path::new(f),
                        &opts,
                        &region.gazetteer,
                        &region.factions,
                    )?;
                    for e in &layer.errors {
                        eprintln!("frontline: warning: skipped {e}");
                    }
                    claims.extend(layer.claims);
                    areas.extend(layer.areas);
                    continue;
                }
                for (i, mut r) in Report::read_file(f)?.into_iter().enumerate() {
                    if r.date.is_none() {
                        r.date = date;
                    }
                    if r.date.is_none() {
                        bail!("{f}#{}: {}", i + 1, NO_DATE);
                    }
                    if r.source.is_none() {
                        r.source = Some(f.clone());
                    }
                    reports.push((format!("{f}#{}", i + 1), r));
                }
            }
            let claims = frontline::pipeline::one_shot_claims(&region, claims, reports);
            let tl = Timeline::new(claims);
            let mut map = tl.state_at(date);
            map.order_by_importance(&region.gazetteer);
            let layer = zones::build_with_areas(&map, &region.gazetteer, &region.factions, &areas);
            let mut fc = export::zones_collection(&layer, &map, &region.factions);
            export::flag_approximate(&mut fc, &region.gazetteer);
            write_out(output, &serde_json::to_string(&fc)?)
        }
    }
}
