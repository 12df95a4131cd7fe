//! Pages per second of the extract stage, one thread, pages already decoded in memory,
//! beside scraper's bare parse of the same pages: the issue asks for extraction within 1.5x
//! of the parse alone. `cargo bench --bench extract`; `bench/extract.sh` prints the same
//! two figures with the benchmark's score.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newshound::extract::Extractor;
use std::hint::black_box;

fn pages(c: &mut Criterion) {
    let dir = common::default_dir();
    let pages = common::load(&dir).unwrap_or_else(|e| panic!("benchmark pages: {e}"));
    assert!(!pages.is_empty(), "no pages in {}", dir.display());
    let mut group = c.benchmark_group("pages");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.sample_size(20);
    group.bench_function("scraper parse only", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(scraper::Html::parse_document(black_box(p)));
            }
        })
    });
    let extractor = Extractor::default();
    group.bench_function("extract", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(extractor.extract(black_box(p), None));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, pages);
criterion_main!(benches);
