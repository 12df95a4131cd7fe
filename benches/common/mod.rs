//! The pages the speed measurements run on, shared by `benches/extract.rs` and
//! `examples/extract_speed.rs`: the extraction benchmark beside the project when it is
//! there, else the seed pages of the tests, read and decoded once into memory so that only
//! extraction is timed.

use std::io::Read;
use std::path::{Path, PathBuf};

use newshound::extract::decode_html;

/// `$NEWSHOUND_EXTRACT_BENCH`, else `bench/extraction/html` of the `shared/` folder beside
/// the checkout (one level further up from a worktree), else `tests/fixtures/pages`.
pub fn default_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("NEWSHOUND_EXTRACT_BENCH")
        .map(PathBuf::from)
        .or_else(|| {
            ["../shared", "../../shared"]
                .iter()
                .map(|s| root.join(s).join("bench/extraction/html"))
                .find(|p| p.is_dir())
        })
        .unwrap_or_else(|| root.join("tests/fixtures/pages"))
}

/// Every .html and .html.gz page of `dir`, decoded, in file name order.
pub fn load(dir: &Path) -> Result<Vec<String>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read directory {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".html") || name.ends_with(".html.gz")
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let raw = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let bytes = if p.extension().is_some_and(|e| e == "gz") {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(raw.as_slice())
                    .read_to_end(&mut out)
                    .map_err(|e| format!("{}: not valid gzip: {e}", p.display()))?;
                out
            } else {
                raw
            };
            Ok(decode_html(&bytes, None))
        })
        .collect()
}
