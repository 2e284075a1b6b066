//! criterion benchmarks of the pipeline stages, on inputs generated from the
//! bundled Syria pack (`frontline::bench_data`): geoparse and analyse
//! throughput over report-sized documents, and zone building for 1k and 5k
//! places. Kept small so `cargo bench` finishes in a few minutes; the
//! full-size figures (50 MB corpus, 100k places, peers, server) come from
//! `frontline bench` and `scripts/bench-peers.sh` (see BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use frontline::bench_data;
use frontline::report::Report;
use frontline::{zones, Region};
use std::hint::black_box;
use std::time::Duration;

const TEXT_BYTES: usize = 512 * 1024;

fn text_stages(c: &mut Criterion) {
    let region = Region::bundled().expect("bundled Syria pack loads");
    let text = bench_data::synthetic_text(&region.gazetteer, &region.factions, TEXT_BYTES, 1);
    let docs = bench_data::split_documents(&text, 8192);
    let reports: Vec<Report> = docs
        .iter()
        .map(|d| Report::from_body(*d, chrono::NaiveDate::from_ymd_opt(2016, 2, 4)))
        .collect();

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("geoparse", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                n += region.geoparser.parse(black_box(d)).len();
            }
            n
        })
    });
    g.bench_function("analyse", |b| {
        b.iter(|| {
            let mut n = 0;
            for r in &reports {
                n += region.analyse(black_box(r)).claims.len();
            }
            n
        })
    });
    g.finish();
}

fn zone_build(c: &mut Criterion) {
    let region = Region::bundled().expect("bundled Syria pack loads");
    let mut g = c.benchmark_group("zones_build");
    for n in [1_000usize, 5_000] {
        let map = bench_data::synthetic_control(&region.gazetteer, &region.factions, n, 42);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &map, |b, map| {
            b.iter(|| zones::build(black_box(map), &region.gazetteer, &region.factions))
        });
    }
    g.finish();
}

fn region_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("region");
    g.sample_size(10);
    g.bench_function("load_bundled", |b| {
        b.iter(|| Region::bundled().expect("loads"))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = text_stages, zone_build, region_load
}
criterion_main!(benches);
