//! `frontline migrate --from A --to B`: moves a data set (reports, baselines,
//! the audit log of corrections) between stores
//! (SQLite file ↔ PostgreSQL schema), then proves the copy by counts and a
//! checksum read back from both sides.

use anyhow::{bail, Context, Result};
use frontline::store::{self, copy};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

#[derive(clap::Args)]
pub struct Args {
    /// The store to read: a SQLite file path or postgres://…
    #[arg(long)]
    pub from: String,
    /// The store to fill (must hold nothing yet): a SQLite file path or
    /// postgres://user@host:port/db[?schema=NAME].
    #[arg(long)]
    pub to: String,
}

pub fn run(args: &Args) -> Result<()> {
    if !store::is_postgres_url(&args.from) && !std::path::Path::new(&args.from).is_file() {
        bail!("--from {}: no such database file", args.from);
    }
    let from = store::open(&args.from).with_context(|| format!("--from {}", args.from))?;
    let to = store::open(&args.to).with_context(|| format!("--to {}", args.to))?;
    let total = from.report_count()?;
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(total as u64);
        b.set_style(
            ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} reports {per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    copy::copy_all(from.as_ref(), to.as_ref(), |n| bar.set_position(n as u64))
        .with_context(|| format!("copying {} to {}", from.describe(), to.describe()))?;
    bar.finish_and_clear();
    let a = copy::fingerprint(from.as_ref())?;
    let b = copy::fingerprint(to.as_ref())?;
    for (side, fp, s) in [("from", &a, &from), ("to", &b, &to)] {
        println!(
            "{side:>4} {}: {} reports ({} claims), {} baselines ({} claims), \
             {} corrections ({} match no claim), checksum {}",
            s.describe(),
            fp.reports,
            fp.report_claims,
            fp.baselines,
            fp.baseline_claims,
            fp.corrections,
            fp.unmatched_corrections,
            fp.checksum
        );
    }
    if a != b {
        bail!("the copy differs from the original (see the counts and checksums above)");
    }
    println!("migrated: counts and checksum match");
    Ok(())
}
