//! Geoparser throughput: recognition + resolution over report texts, in MB/s on one core.
//!
//! `cargo run --release --example geoparse_speed -- [FILE…]` — the files (default: the
//! test fixtures) are repeated until about 64 MB have been parsed, one report at a time,
//! with the whole bundled gazetteer loaded.

use frontline::gazetteer::Gazetteer;
use frontline::geoparse::Geoparser;
use std::sync::Arc;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        files.push(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/aleppo-2016-02-03.txt"
            )
            .into(),
        );
    }
    let texts: Vec<String> = files
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let t0 = Instant::now();
    let g = Arc::new(Gazetteer::bundled()?);
    let loaded = t0.elapsed();
    let t1 = Instant::now();
    let gp = Geoparser::new(g.clone());
    let built = t1.elapsed();
    println!(
        "gazetteer: {} places in {:.0} ms; automaton: {} patterns in {:.0} ms",
        g.len(),
        loaded.as_secs_f64() * 1e3,
        gp.pattern_count(),
        built.as_secs_f64() * 1e3
    );
    let total: usize = texts.iter().map(String::len).sum();
    let rounds = (64 << 20) / total.max(1) + 1;
    // warm-up
    let mut mentions = 0;
    for t in &texts {
        mentions += gp.parse(t).len();
    }
    let t2 = Instant::now();
    let mut bytes = 0usize;
    for _ in 0..rounds {
        for t in &texts {
            mentions += gp.parse(t).len();
            bytes += t.len();
        }
    }
    let secs = t2.elapsed().as_secs_f64();
    println!(
        "per report: {:.1} MB in {:.2} s = {:.1} MB/s ({} mentions)",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        mentions
    );
    // recognition alone
    let t4 = Instant::now();
    let mut hits = 0;
    for _ in 0..rounds {
        for t in &texts {
            hits += gp.scan_only(t);
        }
    }
    let secs = t4.elapsed().as_secs_f64();
    println!(
        "scan only: {:.1} MB in {:.2} s = {:.1} MB/s ({hits} raw hits)",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );
    // one long text: the chunked scan path
    let long: String = texts
        .join("\n\n")
        .repeat(((32 << 20) / total.max(1)).max(1));
    let t3 = Instant::now();
    let n = gp.parse(&long).len();
    let secs = t3.elapsed().as_secs_f64();
    println!(
        "one text: {:.1} MB in {:.2} s = {:.1} MB/s ({n} mentions)",
        long.len() as f64 / 1e6,
        secs,
        long.len() as f64 / 1e6 / secs
    );
    Ok(())
}
