//! `frontline bench`: the speed figures of issue #5 on this machine, one core.
//!
//! * geoparse throughput (recognise + resolve, whole gazetteer) over a corpus;
//! * analyse throughput (geoparse + claims, [`Region::analyse`]) over it;
//! * zone building for 1k/5k/20k/100k places, from a control snapshot CSV or
//!   from synthetic maps drawn from the gazetteer;
//! * cold start (region load) and resident memory, each measured in a fresh
//!   child process (`--probe-load`) so that nothing the benchmark itself
//!   allocated is counted.
//!
//! Every figure is the median of `--runs` runs, with min and max beside it so
//! the noise is visible. Peers (geotext, flashtext) and the server figures are
//! measured by `scripts/bench-peers.sh`, which calls this with `--json`.

use anyhow::{bail, Context, Result};
use frontline::bench_data;
use frontline::report::Report;
use frontline::zones;
use serde::Serialize;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    /// Text to geoparse (UTF-8; split into report-sized documents at blank
    /// lines). Default: synthetic report text generated from the gazetteer.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Size of the synthetic corpus in MB when no --corpus is given.
    #[arg(long, default_value_t = 8)]
    synthetic_mb: usize,
    /// Runs per figure; each figure is the median.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Control snapshot CSV (label, lat, lon, faction, …) for the zone sizes;
    /// default: synthetic maps drawn from the gazetteer's settlements.
    #[arg(long)]
    snapshot: Option<PathBuf>,
    /// Place counts for the zone builds.
    #[arg(long, value_delimiter = ',', default_value = "1000,5000,20000,100000")]
    sizes: Vec<usize>,
    /// Target document size in bytes when splitting the corpus.
    #[arg(long, default_value_t = 8192)]
    doc_bytes: usize,
    /// Which figures to take (comma-separated: geoparse, analyse, zones, load).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "geoparse,analyse,zones,load"
    )]
    only: Vec<String>,
    /// Machine-readable output (one JSON object) instead of the table.
    #[arg(long)]
    json: bool,
    /// Internal: load the region, print load time and memory as JSON, exit.
    #[arg(long, hide = true)]
    probe_load: bool,
}

/// Median, min and max of a set of timings, in seconds.
#[derive(Serialize, Clone, Copy)]
struct Stats {
    median_s: f64,
    min_s: f64,
    max_s: f64,
    runs: usize,
}

impl Stats {
    fn of(mut secs: Vec<f64>) -> Stats {
        secs.sort_by(f64::total_cmp);
        let n = secs.len();
        let median_s = if n % 2 == 1 {
            secs[n / 2]
        } else {
            (secs[n / 2 - 1] + secs[n / 2]) / 2.0
        };
        Stats {
            median_s,
            min_s: secs[0],
            max_s: secs[n - 1],
            runs: n,
        }
    }

    /// Spread as ± percent of the median (half the min–max range).
    fn noise_pct(&self) -> f64 {
        if self.median_s > 0.0 {
            50.0 * (self.max_s - self.min_s) / self.median_s
        } else {
            0.0
        }
    }
}

#[derive(Serialize)]
struct Throughput {
    bytes: usize,
    docs: usize,
    /// Documents whose processing panicked (per run; a bug to fix, reported
    /// with the first panic message rather than ending the benchmark).
    panics: usize,
    first_panic: Option<String>,
    /// Mentions (or claims) found per run: the same every run.
    found: usize,
    mb_per_s: f64,
    /// MB/s of the slowest and fastest run.
    mb_per_s_min: f64,
    mb_per_s_max: f64,
    /// MB/s by on-CPU time of the thread (median run): what the code does
    /// when it has the core to itself, whatever else the machine runs.
    cpu_mb_per_s: Option<f64>,
    /// Share of wall time the thread was runnable but waiting for a core
    /// (other processes): high values mean the wall figures are pessimistic.
    wait_pct: Option<f64>,
    time: Stats,
}

#[derive(Serialize)]
struct ZoneFigure {
    places: usize,
    ms: f64,
    ms_min: f64,
    ms_max: f64,
    runs: usize,
    zones: usize,
    frontlines: usize,
    /// log-log slope from the previous size: 1 = linear, 2 = quadratic.
    growth_exponent: Option<f64>,
    /// Median on-CPU time of the thread, and the share of wall time it waited for a core.
    cpu_ms: Option<f64>,
    wait_pct: Option<f64>,
}

#[derive(Serialize, serde::Deserialize, Clone, Copy)]
struct Probe {
    load_ms: f64,
    rss_before_kb: u64,
    rss_kb: u64,
    hwm_kb: u64,
    places: usize,
}

#[derive(Serialize)]
struct ColdStart {
    /// Region load inside the process (median of fresh processes).
    load_ms: f64,
    load_ms_min: f64,
    load_ms_max: f64,
    /// Spawn of the process to its exit after loading (exec, link, load, report).
    process_ms: f64,
    rss_mb: f64,
    hwm_mb: f64,
    rss_before_load_mb: f64,
    places: usize,
    runs: usize,
}

#[derive(Serialize)]
struct Machine {
    nproc: usize,
    cpu: String,
    mem_gb: f64,
}

#[derive(Serialize)]
struct Output {
    machine: Machine,
    corpus: String,
    gazetteer_places: usize,
    geoparse: Option<Throughput>,
    analyse: Option<Throughput>,
    /// Claims extraction alone: analyse time minus geoparse time, as MB/s.
    claims_only_mb_per_s: Option<f64>,
    zones_source: Option<String>,
    zones: Vec<ZoneFigure>,
    cold_start: Option<ColdStart>,
}

pub fn run(args: &Args, region_dir: &Option<String>) -> Result<()> {
    if args.probe_load {
        return probe_load(region_dir);
    }
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    for o in &args.only {
        if !["geoparse", "analyse", "zones", "load"].contains(&o.as_str()) {
            bail!("--only {o:?}: expected geoparse, analyse, zones or load");
        }
    }
    let want = |s: &str| args.only.iter().any(|o| o == s);
    record_panics();
    let t = Instant::now();
    let region = crate::load_region(region_dir)?;
    progress(args, &format!("region loaded in {:.0} ms", ms(t.elapsed())));

    let needs_text = want("geoparse") || want("analyse");
    let (corpus_name, text) = match &args.corpus {
        _ if !needs_text => ("(not used)".to_string(), String::new()),
        Some(p) => {
            let bytes =
                std::fs::read(p).with_context(|| format!("cannot read corpus {}", p.display()))?;
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => bail!(
                    "{}: not UTF-8 text (invalid byte at offset {})",
                    p.display(),
                    e.utf8_error().valid_up_to()
                ),
            };
            (p.display().to_string(), text)
        }
        None => {
            let mb = args.synthetic_mb.max(1);
            (
                format!("synthetic report text, {mb} MB (no --corpus)"),
                bench_data::synthetic_text(&region.gazetteer, &region.factions, mb << 20, 1),
            )
        }
    };
    let docs = bench_data::split_documents(&text, args.doc_bytes.max(1));

    let geoparse = if want("geoparse") {
        progress(
            args,
            &format!("geoparse: {} docs, {:.1} MB", docs.len(), mb(text.len())),
        );
        // One untimed pass over the first documents: page in the automaton.
        for d in docs.iter().take(64) {
            let _ = guarded(|| black_box(region.geoparser.parse(d)).len());
        }
        let mut found = 0;
        take_panics();
        let timing = Timing::measure(args.runs, || {
            let mut n = 0;
            for d in &docs {
                n += guarded(|| black_box(region.geoparser.parse(d)).len()).unwrap_or(0);
            }
            found = n;
        });
        Some(throughput(text.len(), docs.len(), found, timing))
    } else {
        None
    };

    let analyse = if want("analyse") {
        progress(args, "analyse (geoparse + claims)");
        let reports: Vec<Report> = docs
            .iter()
            .map(|d| Report::from_body(*d, chrono::NaiveDate::from_ymd_opt(2016, 2, 4)))
            .collect();
        let mut found = 0;
        let timing = Timing::measure(args.runs, || {
            let mut n = 0;
            for r in &reports {
                n += guarded(|| black_box(region.analyse(r)).claims.len()).unwrap_or(0);
            }
            found = n;
        });
        Some(throughput(text.len(), docs.len(), found, timing))
    } else {
        None
    };
    let claims_only_mb_per_s = match (&geoparse, &analyse) {
        (Some(g), Some(a)) if a.time.median_s > g.time.median_s => {
            Some(mb(text.len()) / (a.time.median_s - g.time.median_s))
        }
        _ => None,
    };

    let mut zone_figs = Vec::new();
    let mut zones_source = None;
    if want("zones") {
        let snapshot = match &args.snapshot {
            Some(p) => {
                let csv = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read snapshot {}", p.display()))?;
                let map = bench_data::snapshot_control(&p.display().to_string(), &csv)?;
                zones_source = Some(format!(
                    "control snapshot {} ({} places; subsets below, jittered copies above)",
                    p.display(),
                    map.places.len()
                ));
                Some(map)
            }
            None => {
                zones_source = Some(
                    "synthetic: gazetteer settlements, factions in spatially coherent blobs, jittered copies beyond"
                        .into(),
                );
                None
            }
        };
        let mut prev: Option<(usize, f64)> = None;
        for &n in &args.sizes {
            let map = match &snapshot {
                Some(m) => bench_data::resize_control(m, n, 42),
                None => bench_data::synthetic_control(&region.gazetteer, &region.factions, n, 42),
            };
            progress(args, &format!("zones: {n} places"));
            let mut shape = (0, 0);
            // Bounded: stop early once a size has used 30 s (at least one run).
            let t = Timing::measure_within(args.runs, Duration::from_secs(30), || {
                let layer = black_box(zones::build(&map, &region.gazetteer, &region.factions));
                shape = (layer.zones.len(), layer.frontlines.len());
            });
            let s = t.wall;
            let ms_med = s.median_s * 1e3;
            let growth_exponent = prev
                .filter(|(pn, pms)| *pn != n && *pms > 0.0 && ms_med > 0.0)
                .map(|(pn, pms)| (ms_med / pms).ln() / (n as f64 / pn as f64).ln());
            prev = Some((n, ms_med));
            zone_figs.push(ZoneFigure {
                places: n,
                ms: ms_med,
                ms_min: s.min_s * 1e3,
                ms_max: s.max_s * 1e3,
                runs: s.runs,
                zones: shape.0,
                frontlines: shape.1,
                growth_exponent,
                cpu_ms: t.cpu.map(|c| c.median_s * 1e3),
                wait_pct: t.wait_pct,
            });
        }
    }

    let cold_start = if want("load") {
        progress(args, "cold start: fresh processes");
        Some(cold_start(args.runs, region_dir)?)
    } else {
        None
    };

    let out = Output {
        machine: machine(),
        corpus: corpus_name,
        gazetteer_places: region.gazetteer.len(),
        geoparse,
        analyse,
        claims_only_mb_per_s,
        zones_source,
        zones: zone_figs,
        cold_start,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_table(&out);
    }
    Ok(())
}

fn progress(args: &Args, msg: &str) {
    if !args.json {
        eprintln!("bench: {msg}");
    } else {
        tracing::info!("bench: {msg}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn throughput(bytes: usize, docs: usize, found: usize, t: Timing) -> Throughput {
    let (panics, first_panic) = take_panics();
    let panics = panics / t.wall.runs.max(1);
    let rate = |s: f64| {
        if s > 0.0 {
            mb(bytes) / s
        } else {
            f64::INFINITY
        }
    };
    let time = t.wall;
    Throughput {
        bytes,
        docs,
        panics,
        first_panic,
        found,
        mb_per_s: rate(time.median_s),
        mb_per_s_min: rate(time.max_s),
        mb_per_s_max: rate(time.min_s),
        cpu_mb_per_s: t.cpu.map(|c| rate(c.median_s)),
        wait_pct: t.wait_pct,
        time,
    }
}

static PANICS: std::sync::Mutex<(usize, Option<String>)> = std::sync::Mutex::new((0, None));

/// Runs `f`, turning a panic into `None` (counted, first message kept) so that
/// one bad document does not end a benchmark of thousands.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

/// Installs a panic hook that records instead of printing (once per process).
fn record_panics() {
    std::panic::set_hook(Box::new(|info| {
        let mut p = PANICS.lock().unwrap_or_else(|e| e.into_inner());
        p.0 += 1;
        if p.1.is_none() {
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            // Messages can quote whole documents: keep the start and the place.
            let short: String = msg.chars().take(160).collect();
            let cut = if short.len() < msg.len() { "…" } else { "" };
            p.1 = Some(format!("{short}{cut}{at}"));
        }
    }));
}

/// Panics recorded since the last call: (count, first message).
fn take_panics() -> (usize, Option<String>) {
    std::mem::take(&mut *PANICS.lock().unwrap_or_else(|e| e.into_inner()))
}

/// This thread's scheduler statistics from /proc: (on-CPU ns, runqueue wait ns).
fn thread_sched() -> Option<(u64, u64)> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut it = s.split_whitespace().map(|v| v.parse::<u64>().ok());
    Some((it.next()??, it.next()??))
}

/// Wall and on-CPU timings of repeated runs of one workload.
struct Timing {
    wall: Stats,
    cpu: Option<Stats>,
    wait_pct: Option<f64>,
}

impl Timing {
    fn measure(runs: usize, f: impl FnMut()) -> Timing {
        Timing::measure_within(runs, Duration::MAX, f)
    }

    /// Like [`Timing::measure`], but stops starting new runs once `budget`
    /// has been used (always at least one run).
    fn measure_within(runs: usize, budget: Duration, mut f: impl FnMut()) -> Timing {
        let (mut wall, mut cpu, mut wait, mut total) = (Vec::new(), Vec::new(), 0.0, 0.0);
        let started = Instant::now();
        while wall.len() < runs.max(1) && (wall.is_empty() || started.elapsed() < budget) {
            let s0 = thread_sched();
            let t = Instant::now();
            f();
            let w = t.elapsed().as_secs_f64();
            if let (Some(a), Some(b)) = (s0, thread_sched()) {
                cpu.push(b.0.saturating_sub(a.0) as f64 / 1e9);
                wait += b.1.saturating_sub(a.1) as f64 / 1e9;
            }
            total += w;
            wall.push(w);
        }
        let have_cpu = cpu.len() == wall.len();
        Timing {
            wall: Stats::of(wall),
            cpu: have_cpu.then(|| Stats::of(cpu)),
            wait_pct: have_cpu.then_some(100.0 * wait / total.max(1e-9)),
        }
    }
}

/// `VmRSS` and `VmHWM` of this process in kB (0 where /proc is unavailable).
fn proc_mem() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Child side of the cold-start figure: load the region, report, exit.
fn probe_load(region_dir: &Option<String>) -> Result<()> {
    let (rss_before_kb, _) = proc_mem();
    let t = Instant::now();
    let region = crate::load_region(region_dir)?;
    let load_ms = ms(t.elapsed());
    let (rss_kb, hwm_kb) = proc_mem();
    let p = Probe {
        load_ms,
        rss_before_kb,
        rss_kb,
        hwm_kb,
        places: region.gazetteer.len(),
    };
    println!("{}", serde_json::to_string(&p)?);
    Ok(())
}

fn cold_start(runs: usize, region_dir: &Option<String>) -> Result<ColdStart> {
    let exe = std::env::current_exe().context("cannot find the frontline executable")?;
    let mut probes = Vec::new();
    let mut wall = Vec::new();
    for _ in 0..runs {
        let mut cmd = std::process::Command::new(&exe);
        if let Some(d) = region_dir {
            cmd.arg("--region").arg(d);
        }
        cmd.args(["bench", "--probe-load"]);
        let t = Instant::now();
        let out = cmd.output().context("cannot run the load probe")?;
        wall.push(t.elapsed().as_secs_f64());
        if !out.status.success() {
            bail!(
                "load probe failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let p: Probe = serde_json::from_slice(&out.stdout).context("load probe printed no JSON")?;
        probes.push(p);
    }
    let load = Stats::of(probes.iter().map(|p| p.load_ms / 1e3).collect());
    let median_kb = |f: fn(&Probe) -> u64| {
        let mut v: Vec<u64> = probes.iter().map(f).collect();
        v.sort();
        v[v.len() / 2] as f64 / 1024.0
    };
    Ok(ColdStart {
        load_ms: load.median_s * 1e3,
        load_ms_min: load.min_s * 1e3,
        load_ms_max: load.max_s * 1e3,
        process_ms: Stats::of(wall).median_s * 1e3,
        rss_mb: median_kb(|p| p.rss_kb),
        hwm_mb: median_kb(|p| p.hwm_kb),
        rss_before_load_mb: median_kb(|p| p.rss_before_kb),
        places: probes[0].places,
        runs,
    })
}

fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    Machine {
        nproc: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        cpu,
        mem_gb: mem_kb / 1024.0 / 1024.0,
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

fn print_table(o: &Output) {
    println!(
        "machine: {} cores, {}, {:.1} GB RAM; one core used",
        o.machine.nproc, o.machine.cpu, o.machine.mem_gb
    );
    println!(
        "corpus: {}; gazetteer: {} places",
        o.corpus, o.gazetteer_places
    );
    if let Some(s) = &o.zones_source {
        println!("zones: {s}");
    }
    println!();
    println!(
        "{:<34} {:>14} {:>20} {:>10} {:>8}",
        "figure", "median", "min..max", "target", ""
    );
    let row = |name: &str, v: String, range: String, target: &str, ok: Option<bool>| {
        println!(
            "{:<34} {:>14} {:>20} {:>10} {:>8}",
            name,
            v,
            range,
            target,
            ok.map(verdict).unwrap_or("")
        );
    };
    if let Some(g) = &o.geoparse {
        row(
            "geoparse (recognise+resolve)",
            format!("{:.1} MB/s", g.mb_per_s),
            format!(
                "{:.1}..{:.1} ±{:.0}%",
                g.mb_per_s_min,
                g.mb_per_s_max,
                g.time.noise_pct()
            ),
            ">= 100",
            Some(g.mb_per_s >= 100.0),
        );
    }
    if let Some(a) = &o.analyse {
        row(
            "analyse (geoparse+claims)",
            format!("{:.1} MB/s", a.mb_per_s),
            format!(
                "{:.1}..{:.1} ±{:.0}%",
                a.mb_per_s_min,
                a.mb_per_s_max,
                a.time.noise_pct()
            ),
            ">= 20",
            Some(a.mb_per_s >= 20.0),
        );
    }
    for (name, t) in [("geoparse", &o.geoparse), ("analyse", &o.analyse)] {
        if let Some(t) = t {
            if let (Some(c), Some(w)) = (t.cpu_mb_per_s, t.wait_pct) {
                println!(
                    "  {name}: {c:.1} MB/s by on-CPU time; waited for a core {w:.0}% of the time"
                );
            }
        }
    }
    for (name, t) in [("geoparse", &o.geoparse), ("analyse", &o.analyse)] {
        if let Some(t) = t.as_ref().filter(|t| t.panics > 0) {
            println!(
                "  WARNING: {name} panicked on {} of {} documents: {}",
                t.panics,
                t.docs,
                t.first_panic.as_deref().unwrap_or("?")
            );
        }
    }
    if let Some(c) = o.claims_only_mb_per_s {
        row(
            "  claims alone (analyse - geoparse)",
            format!("{c:.1} MB/s"),
            String::new(),
            "",
            None,
        );
    }
    if let (Some(g), Some(a)) = (&o.geoparse, &o.analyse) {
        println!(
            "  ({} docs, {} mentions, {} claims per pass)",
            g.docs, g.found, a.found
        );
    }
    for z in &o.zones {
        let (target, ok) = match z.places {
            5000 => ("<= 50 ms", Some(z.ms <= 50.0)),
            100_000 => ("<= 1000 ms", Some(z.ms <= 1000.0)),
            _ => ("", None),
        };
        let growth = z
            .growth_exponent
            .map(|g| format!(" n^{g:.2}"))
            .unwrap_or_default();
        row(
            &format!("zones build, {} places{}", z.places, growth),
            format!("{:.1} ms", z.ms),
            format!("{:.1}..{:.1}", z.ms_min, z.ms_max),
            target,
            ok,
        );
        println!(
            "  ({} zones, {} frontlines, {} runs; on-CPU {:.1} ms, waited {:.0}%)",
            z.zones,
            z.frontlines,
            z.runs,
            z.cpu_ms.unwrap_or(f64::NAN),
            z.wait_pct.unwrap_or(f64::NAN)
        );
    }
    if let Some(c) = &o.cold_start {
        row(
            "cold start: region load",
            format!("{:.0} ms", c.load_ms),
            format!("{:.0}..{:.0}", c.load_ms_min, c.load_ms_max),
            "<= 500 ms",
            Some(c.load_ms <= 500.0),
        );
        row(
            "  process spawn to loaded + exit",
            format!("{:.0} ms", c.process_ms),
            String::new(),
            "",
            None,
        );
        row(
            "resident memory after load (RSS)",
            format!("{:.1} MB", c.rss_mb),
            format!("peak {:.1}", c.hwm_mb),
            "<= 150 MB",
            Some(c.rss_mb <= 150.0 && c.hwm_mb <= 150.0),
        );
    }
}
