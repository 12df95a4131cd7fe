//! Writes the matcher's mixed check set (see `tests/oracle/mod.rs`) as `{"id","title","body"}`
//! lines, to run any two builds on it and compare their whole output, passages included:
//!
//! ```sh
//! cargo run --release --example watch_oracle -- /tmp/mixed.jsonl
//! target/release/newshound -c config/newshound.toml watch test --jsonl /tmp/mixed.jsonl > new.out
//! ```
//!
//! The items are third-party text: write them outside the repository.

#[path = "../tests/oracle/mod.rs"]
mod oracle;

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: watch_oracle OUT.jsonl (outside the repository)")?;
    let shared =
        oracle::shared_dir().ok_or("no benchmark folder (../shared) beside the checkout")?;
    let items = oracle::check_set(&shared);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out)?);
    for item in &items {
        writeln!(f, "{}", item.line())?;
    }
    f.flush()?;
    eprintln!("{} items written to {out}", items.len());
    Ok(())
}
