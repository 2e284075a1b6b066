//! `frontline reanalyse`: reads every stored report again with the current
//! extractor, keeping the analysts' corrections (progress bar, batched,
//! resumable).

use anyhow::Result;
use frontline::pipeline;
use frontline::store::DEFAULT_DB;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

#[derive(clap::Args)]
pub struct Args {
    /// Store: a SQLite file path, or postgres://user@host:port/db[?schema=NAME].
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// Read every report again, also those the current extractor already read.
    #[arg(long)]
    pub all: bool,
    /// Reports per transaction.
    #[arg(long, default_value_t = 100)]
    pub batch: usize,
    /// Stop after this many reports (run again to continue).
    #[arg(long)]
    pub max_reports: Option<usize>,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let region = crate::load_region(region_dir)?;
    let store = crate::cli::open_existing_store(&args.db)?;
    crate::cli::bind_region(store.as_ref(), &region)?;
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:40}] {pos}/{len} reports {per_sec} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let summary = pipeline::reanalyse(
        &region,
        store.as_ref(),
        args.all,
        args.batch,
        args.max_reports,
        |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    )?;
    bar.finish_and_clear();
    eprintln!(
        "frontline: re-analysed {} reports with {} ({} claims); {} left; {} corrections carried over, {} no longer find their claim",
        summary.reports,
        summary.extractor,
        summary.claims,
        summary.remaining,
        summary.carried,
        summary.unmatched.len()
    );
    for c in &summary.unmatched {
        println!(
            "unmatched correction {} ({} by {}, {}): {} — {}",
            c.id,
            c.action.kind(),
            c.author,
            c.at,
            c.action.target(),
            c.reason
        );
    }
    Ok(())
}
