//! Extraction speed against scraper's bare parse of the same pages, decoded and in memory,
//! on one thread. `bench/extract.sh` runs it for the closing figures; the criterion bench
//! (`cargo bench --bench extract`) measures the same two workloads with statistics.
//!
//!     cargo run --release --example extract_speed -- [DIR] [--seconds N] [--only parse|extract]
//!
//! DIR holds .html or .html.gz pages (default: the extraction benchmark beside the project,
//! else the seed pages of the tests). Each workload runs whole passes over all pages for N
//! seconds (default 3) and reports the fastest pass. Time is the thread's CPU time, so other
//! work on a shared machine slows the figures less than it would wall-clock time. `--only`
//! runs one workload for the whole time and prints nothing, for a profiler.

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use newshound::extract::Extractor;

fn main() -> Result<(), String> {
    let mut dir = None;
    let mut seconds = 3.0f64;
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => {
                let v = args.next().ok_or("--seconds needs a number")?;
                seconds = v.parse().map_err(|e| format!("--seconds {v:?}: {e}"))?;
            }
            "--only" => only = Some(args.next().ok_or("--only needs parse or extract")?),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(common::default_dir);
    let pages = common::load(&dir)?;
    if pages.is_empty() {
        return Err(format!("no .html or .html.gz pages in {}", dir.display()));
    }
    let budget = Duration::from_secs_f64(seconds);
    let extractor = Extractor::default();
    let parse = |p: &str| drop(black_box(scraper::Html::parse_document(p)));
    let extract = |p: &str| drop(black_box(extractor.extract(p, None)));
    match only.as_deref() {
        Some("parse") => return run_for(&pages, budget, parse).map(drop),
        Some("extract") => return run_for(&pages, budget, extract).map(drop),
        Some(other) => return Err(format!("--only {other:?}: use parse or extract")),
        None => {}
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    println!(
        "{} pages, {:.0} KiB of HTML on average, from {}",
        pages.len(),
        bytes as f64 / pages.len() as f64 / 1024.0,
        dir.display()
    );
    let parse = run_for(&pages, budget, parse)?;
    let extract = run_for(&pages, budget, extract)?;
    let rate = |d: Duration| pages.len() as f64 / d.as_secs_f64();
    println!(
        "scraper parse only: {:7.1} pages/s ({:.2} ms/page)",
        rate(parse),
        ms_per_page(parse, pages.len())
    );
    println!(
        "newshound extract:  {:7.1} pages/s ({:.2} ms/page)",
        rate(extract),
        ms_per_page(extract, pages.len())
    );
    println!(
        "extract time / parse time: {:.2}x",
        extract.as_secs_f64() / parse.as_secs_f64()
    );
    Ok(())
}

fn ms_per_page(d: Duration, pages: usize) -> f64 {
    d.as_secs_f64() * 1000.0 / pages as f64
}

/// The fastest whole pass over `pages` (after one warm-up pass) in `budget` of CPU time.
fn run_for(pages: &[String], budget: Duration, f: impl Fn(&str)) -> Result<Duration, String> {
    pages.iter().for_each(|p| f(p));
    let started = cpu_time()?;
    let mut best = Duration::MAX;
    loop {
        let t = cpu_time()?;
        pages.iter().for_each(|p| f(p));
        let now = cpu_time()?;
        best = best.min(now - t);
        if now - started >= budget {
            return Ok(best);
        }
    }
}

/// CPU time of the calling thread.
fn cpu_time() -> Result<Duration, String> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Err(format!(
            "clock_gettime: {}",
            std::io::Error::last_os_error()
        ));
    }
    Ok(Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}
