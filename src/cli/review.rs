//! `frontline review`: analysts' corrections from scripts — the same effects
//! as `POST /api/corrections` — and the audit log and review list.

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use frontline::pipeline;
use frontline::review::{self, Asked, Request};
use frontline::store::DEFAULT_DB;

#[derive(clap::Args)]
pub struct Args {
    /// Store: a SQLite file path, or postgres://user@host:port/db[?schema=NAME].
    #[arg(long, env = "FRONTLINE_DB", default_value = DEFAULT_DB, global = true)]
    pub db: String,
    /// Who makes the correction (the audit log's name; default $FRONTLINE_AUTHOR, else $USER).
    #[arg(long, global = true)]
    pub author: Option<String>,
    /// Why (required for every correction; it goes into the audit log).
    #[arg(long, global = true)]
    pub reason: Option<String>,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// The claims to check first (or those of --place / --report, or the rejected ones).
    List {
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        report: Option<String>,
        /// Only rejected claims.
        #[arg(long)]
        rejected: bool,
        #[arg(long, default_value_t = 30)]
        limit: usize,
        /// One JSON object per claim instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Reject a claim (wrong place, wrong side, not a control statement): not drawn.
    Reject { claim: String },
    /// Confirm a claim: its confidence rises and it shows as reviewed.
    Confirm { claim: String },
    /// Move a claim (CLAIM), or one mention (--report R --at START[-END]), to another place.
    Move {
        claim: Option<String>,
        #[arg(long)]
        report: Option<String>,
        /// Byte offset (or START-END) of the mention in the report text.
        #[arg(long)]
        at: Option<String>,
        /// The gazetteer id of the right place.
        #[arg(long)]
        to: String,
    },
    /// Change a claim's side (--faction) or relation (--relation).
    Change {
        claim: String,
        #[arg(long)]
        faction: Option<String>,
        #[arg(long)]
        relation: Option<String>,
    },
    /// Add a manual claim (a phone call, a field visit).
    Add {
        #[arg(long)]
        place: String,
        #[arg(long)]
        faction: String,
        /// holds (default), captured, lost, besieges, besieged, siege_broken, contested.
        #[arg(long)]
        relation: Option<String>,
        #[arg(long)]
        date: String,
        /// Where it comes from (default "manual").
        #[arg(long)]
        source: Option<String>,
        /// What was said (default: the reason).
        #[arg(long)]
        quote: Option<String>,
    },
    /// Take back an earlier correction (by its audit id).
    Undo { correction: i64 },
    /// The audit log: every correction, oldest first.
    Audit {
        #[arg(long, default_value = "text")]
        format: String,
    },
}

fn author(args: &Args) -> Option<String> {
    args.author
        .clone()
        .or_else(|| std::env::var("FRONTLINE_AUTHOR").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|a| !a.trim().is_empty())
}

/// `START` or `START-END` byte offsets.
fn span(at: &str) -> Result<(usize, usize)> {
    let parse = |s: &str| -> Result<usize> {
        s.trim()
            .parse()
            .with_context(|| format!("--at {at:?}: expected a byte offset or START-END"))
    };
    Ok(match at.split_once('-') {
        Some((a, b)) => (parse(a)?, parse(b)?),
        None => {
            let a = parse(at)?;
            (a, a + 1)
        }
    })
}

fn short(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        return s;
    }
    let cut: String = s.chars().take(n.saturating_sub(1)).collect();
    format!("{cut}…")
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    let region = crate::load_region(region_dir)?;
    let asked = match &args.cmd {
        Cmd::List {
            place,
            report,
            rejected,
            limit,
            json,
        } => return list(args, &region, place, report, *rejected, *limit, *json),
        Cmd::Audit { format } => return audit(args, format),
        Cmd::Reject { claim } => Asked::Reject {
            claim: claim.clone(),
        },
        Cmd::Confirm { claim } => Asked::Confirm {
            claim: claim.clone(),
        },
        Cmd::Move {
            claim,
            report,
            at,
            to,
        } => {
            let (start, end) = match at {
                Some(at) => {
                    let (a, b) = span(at)?;
                    (Some(a), Some(b))
                }
                None => (None, None),
            };
            if claim.is_some() == report.is_some() {
                bail!(
                    "review move: give a CLAIM id, or --report R --at START[-END] for one mention"
                );
            }
            Asked::Move {
                claim: claim.clone(),
                report_id: report.clone(),
                start,
                end,
                place_id: to.clone(),
            }
        }
        Cmd::Change {
            claim,
            faction,
            relation,
        } => Asked::Change {
            claim: claim.clone(),
            faction: faction.clone(),
            relation: relation.clone(),
        },
        Cmd::Add {
            place,
            faction,
            relation,
            date,
            source,
            quote,
        } => Asked::Add {
            place_id: place.clone(),
            faction: faction.clone(),
            relation: relation.clone(),
            date: date.clone(),
            source: source.clone(),
            quote: quote.clone(),
        },
        Cmd::Undo { correction } => Asked::Undo {
            correction: *correction,
        },
    };
    let Some(reason) = args.reason.clone().filter(|r| !r.trim().is_empty()) else {
        bail!("--reason is required: say why (it goes into the audit log)");
    };
    let store = crate::cli::open_existing_store(&args.db)?;
    crate::cli::bind_region(store.as_ref(), &region)?;
    let req = Request {
        reason,
        author: author(args),
        asked,
    };
    let stored = pipeline::correct(&region, store.as_ref(), req, None)?;
    println!("{}", serde_json::to_string(&stored)?);
    eprintln!(
        "frontline: correction {} stored ({} by {})",
        stored.id,
        stored.action.kind(),
        stored.author
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn list(
    args: &Args,
    region: &frontline::Region,
    place: &Option<String>,
    report: &Option<String>,
    rejected: bool,
    limit: usize,
    json: bool,
) -> Result<()> {
    let store = crate::cli::open_existing_store(&args.db)?;
    crate::cli::bind_region(store.as_ref(), region)?;
    let mut rv = pipeline::reviewed(region, store.as_ref())?;
    let tl = frontline::timeline::Timeline::new(std::mem::take(&mut rv.claims));
    let rows: Vec<(frontline::claims::Claim, bool)> = if rejected {
        rv.rejected.iter().map(|c| (c.clone(), true)).collect()
    } else if place.is_some() || report.is_some() {
        let keep = |place_id: Option<&str>, report_id: Option<&str>| {
            place.as_deref().is_none_or(|p| place_id == Some(p))
                && report.as_deref().is_none_or(|r| report_id == Some(r))
        };
        tl.claims()
            .iter()
            .filter(|c| keep(c.place_id.as_deref(), c.report_id.as_deref()))
            .map(|c| (c.to_claim(), false))
            .chain(
                rv.rejected
                    .iter()
                    .filter(|c| keep(c.place_id.as_deref(), c.report_id.as_deref()))
                    .map(|c| (c.clone(), true)),
            )
            .collect()
    } else {
        let mut latest = tl.state_at(None);
        latest.order_by_importance(&region.gazetteer);
        pipeline::review_queue(region, &tl, &latest, limit)
            .into_iter()
            .map(|q| (q.claim.to_claim(), false))
            .collect()
    };
    for (c, is_rejected) in rows.iter().take(limit) {
        let (c, is_rejected) = (c, *is_rejected);
        if json {
            let mut v = serde_json::to_value(c)?;
            v["claim_id"] = review::original_id(c).into();
            v["rejected"] = is_rejected.into();
            println!("{v}");
            continue;
        }
        let state = match (&c.review, is_rejected) {
            (_, true) => "rejected".to_string(),
            (Some(r), _) => format!("{} by {}", r.action, r.corrected_by),
            (None, _) => "-".to_string(),
        };
        println!(
            "{}  {}  {:<20} {:<12} {:<10} {:.2}  {:<20}  {}",
            review::original_id(c),
            c.date.map_or_else(|| "-".repeat(10), |d| d.to_string()),
            short(&c.name, 20),
            short(&c.faction, 12),
            c.relation.as_str(),
            c.confidence,
            short(&state, 20),
            short(&c.quote, 70)
        );
    }
    Ok(())
}

fn audit(args: &Args, format: &str) -> Result<()> {
    let store = crate::cli::open_existing_store(&args.db)?;
    let corrections = store.corrections()?;
    match format {
        "json" => println!("{}", serde_json::to_string_pretty(&corrections)?),
        "text" => {
            for c in &corrections {
                println!(
                    "{:>5}  {}  {:<12} {:<12} {:<16} {}",
                    c.id,
                    c.at,
                    short(&c.author, 12),
                    c.action.kind(),
                    short(&c.action.target(), 16),
                    short(&c.reason, 60)
                );
            }
        }
        f => bail!("--format {f:?}: expected text or json"),
    }
    Ok(())
}
