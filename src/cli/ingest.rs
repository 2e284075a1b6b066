//! `frontline ingest`: bulk-load reports (text files with a header, or JSON
//! Lines) into the store, with a progress bar on a terminal.
//!
//! Each report is analysed and stored on its own (one transaction), so a bad
//! file or line is reported with its name and line number and skipped while
//! everything else is kept. The exit status is non-zero when anything failed.
//!
//! Memory stays bounded on large archives: `.jsonl` files are read a line at
//! a time, and the stored claims (needed only to resolve vague references
//! such as "two government-held villages") are loaded on the first report
//! that has one, not up front.

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use frontline::claims::Claim;
use frontline::pipeline;
use frontline::report::{Report, ReportError};
use frontline::store::{self, NewReport, Store, DEFAULT_DB};
use frontline::timeline::Timeline;
use frontline::Region;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Report files: plain text (optional date/source/title header) or .jsonl.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Store: a SQLite file path, or postgres://user@host:port/db[?schema=NAME].
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Date for reports whose header (or JSON line) gives none.
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Default)]
struct Tally {
    reports: usize,
    mentions: usize,
    claims: usize,
    errors: Vec<String>,
}

/// Reports stored per transaction: large enough that a commit (and on
/// PostgreSQL a round trip) is paid once per batch, small enough that the
/// batch in memory stays a few MB.
const BATCH: usize = 500;
/// A batch is also written once its texts pass this many bytes.
const BATCH_BYTES: usize = 8 << 20;

/// A report analysed and waiting for its batch to be written.
struct Pending {
    report: Report,
    claims: Vec<Claim>,
    mentions: String,
    mention_count: usize,
    /// Where it came from, for messages ("file" or "file:line").
    at: String,
}

/// Everything needed to store one report after another.
struct Ingester<'a> {
    region: &'a Region,
    store: &'a dyn Store,
    default_date: Option<NaiveDate>,
    /// Claims stored so far, for resolving vague references; `None` until a
    /// report needs them (then loaded from the store once and kept current).
    known: Option<Vec<Claim>>,
    pending: Vec<Pending>,
    pending_bytes: usize,
    tally: Tally,
}

impl Ingester<'_> {
    /// Analyses one parsed report and queues it for storing; `at` names it
    /// in messages ("file" or "file:line").
    fn add(&mut self, mut r: Report, at: &str) {
        if r.date.is_none() {
            r.date = self.default_date;
        }
        if r.date.is_none() {
            self.tally.errors.push(format!(
                "{at}: no date (give a `date:` header, a \"date\" field or --date)"
            ));
            return;
        }
        let mut a = self.region.analyse(&r);
        let analysed = if pipeline::has_vague(&a.claims) {
            // Vague references resolve against the state so far, queued
            // reports included: write them first.
            self.flush();
            let store = self.store;
            let known = match self.known.take() {
                Some(k) => Ok(k),
                None => store.claims(),
            };
            known.map(|k| {
                let tl = Timeline::new(k.clone());
                self.known = Some(k);
                a.claims = pipeline::resolve_vague(
                    self.region,
                    &tl,
                    r.date,
                    std::mem::take(&mut a.claims),
                );
                a
            })
        } else {
            Ok(a)
        };
        match analysed {
            Ok(a) => {
                if let Some(k) = self.known.as_mut() {
                    k.extend(a.claims.iter().cloned());
                }
                let mentions = store::mentions::encode(&a.mentions, &self.region.gazetteer);
                self.pending_bytes += r.text.len() + mentions.len();
                self.pending.push(Pending {
                    report: r,
                    claims: a.claims,
                    mentions,
                    mention_count: a.mentions.len(),
                    at: at.to_string(),
                });
                if self.pending.len() >= BATCH || self.pending_bytes >= BATCH_BYTES {
                    self.flush();
                }
            }
            Err(e) => self.tally.errors.push(format!("{at}: not stored: {e}")),
        }
    }

    /// Writes the queued reports in one transaction; when that fails, one
    /// by one, so a bad report is named and costs only itself.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let batch: Vec<NewReport> = pending.iter().map(new_report).collect();
        match self.store.add_reports(&batch) {
            Ok(_) => {
                for p in &pending {
                    self.count(p);
                }
            }
            Err(_) if pending.len() > 1 => {
                for (p, n) in pending.iter().zip(&batch) {
                    match self.store.add_reports(std::slice::from_ref(n)) {
                        Ok(_) => self.count(p),
                        Err(e) => self.tally.errors.push(format!("{}: not stored: {e}", p.at)),
                    }
                }
            }
            Err(e) => self
                .tally
                .errors
                .push(format!("{}: not stored: {e}", pending[0].at)),
        }
    }

    fn count(&mut self, p: &Pending) {
        self.tally.reports += 1;
        self.tally.mentions += p.mention_count;
        self.tally.claims += p.claims.len();
    }

    fn file(&mut self, path: &Path) {
        let name = path.display().to_string();
        if name.ends_with(".jsonl") {
            self.jsonl(path, &name);
            return;
        }
        let text = match read_text(path) {
            Ok(t) => t,
            Err(e) => {
                self.tally.errors.push(e);
                return;
            }
        };
        match Report::parse_text(&name, text) {
            Ok(r) => self.add(r, &name),
            Err(e) => self.tally.errors.push(e.to_string()),
        }
    }

    /// A JSON Lines file, one line in memory at a time.
    fn jsonl(&mut self, path: &Path, name: &str) {
        use std::io::BufRead;
        if path.is_dir() {
            self.tally
                .errors
                .push(format!("{name}: is a directory, not a report file"));
            return;
        }
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.tally.errors.push(format!("{name}: cannot read: {e}"));
                return;
            }
        };
        let mut any = false;
        // Byte offset of the current line in the file, for encoding errors.
        let mut offset = 0usize;
        for (n, bytes) in std::io::BufReader::new(file).split(b'\n').enumerate() {
            let bytes = match bytes {
                Ok(b) => b,
                Err(e) => {
                    self.tally.errors.push(format!("{name}: cannot read: {e}"));
                    return;
                }
            };
            let line_start = offset;
            offset += bytes.len() + 1;
            let line = match std::str::from_utf8(&bytes) {
                Ok(l) => l,
                Err(e) => {
                    self.tally.errors.push(format!(
                        "{name}:{}: not UTF-8 text (invalid byte at offset {})",
                        n + 1,
                        line_start + e.valid_up_to()
                    ));
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            any = true;
            let at = format!("{name}:{}", n + 1);
            // One line at a time, so a bad line costs only itself.
            match Report::parse_jsonl(name, line) {
                Ok(mut rs) => {
                    if let Some(r) = rs.pop() {
                        self.add(r, &at);
                    }
                }
                Err(e) => self.tally.errors.push(line_error(&at, e)),
            }
        }
        if !any {
            self.tally
                .errors
                .push(format!("{name}: empty file (no JSON lines)"));
        }
    }
}

fn new_report(p: &Pending) -> NewReport<'_> {
    NewReport {
        report: &p.report,
        claims: &p.claims,
        extractor: Some(pipeline::EXTRACTOR_VERSION),
        mentions: Some(&p.mentions),
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let name = path.display();
    if path.is_dir() {
        return Err(format!("{name}: is a directory, not a report file"));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A JSON-line error with the real line number (the parser saw one line).
fn line_error(at: &str, e: ReportError) -> String {
    match e {
        ReportError::BadLine { msg, .. } => format!("{at}: {msg}"),
        ReportError::BadDate { value, .. } => {
            format!("{at}: bad date {value:?} (expected YYYY-MM-DD)")
        }
        ReportError::Empty { .. } => format!("{at}: empty report (no text)"),
        ReportError::Nul { field, offset, .. } => format!(
            "{at}: a NUL character in the report's {field} at byte offset {offset}: \
             is this a binary file? Reports are plain UTF-8 text"
        ),
        other => format!("{at}: {other}"),
    }
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let default_date = crate::date_arg(&args.date)?;
    let region = crate::load_region(region_dir)?;
    let store = store::open(&args.db).with_context(|| format!("--db {}", args.db))?;
    super::bind_region(store.as_ref(), &region)?;
    let total: u64 = args
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut ing = Ingester {
        region: &region,
        store: store.as_ref(),
        default_date,
        known: None,
        pending: Vec::new(),
        pending_bytes: 0,
        tally: Tally::default(),
    };
    for f in &args.files {
        bar.set_message(f.display().to_string());
        ing.file(f);
        bar.inc(std::fs::metadata(f).map(|m| m.len()).unwrap_or(0));
    }
    ing.flush();
    bar.finish_and_clear();
    if let Err(e) = store.refresh_statistics() {
        eprintln!("frontline: warning: the database statistics were not refreshed: {e}");
    }
    if let Err(e) = pipeline::publish_gis(&region, store.as_ref()) {
        eprintln!("frontline: warning: the GIS layers were not refreshed: {e}");
    }
    let t = ing.tally;
    println!(
        "ingested {} reports ({} mentions, {} claims) from {} files into {}; {} errors",
        t.reports,
        t.mentions,
        t.claims,
        args.files.len(),
        store.describe(),
        t.errors.len()
    );
    for e in &t.errors {
        eprintln!("frontline: {e}");
    }
    match t.errors.len() {
        0 => Ok(()),
        1 => bail!("{}", t.errors[0]),
        n => bail!("{n} inputs failed (first: {})", t.errors[0]),
    }
}
