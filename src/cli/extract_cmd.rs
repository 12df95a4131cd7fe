//! `newshound extract`: the extract stage on a page from a file, stdin or a directory, with
//! the `[[site]]` rules of the config when one is given with `-c`. One page is read up to
//! the fetch stage's default body cap, from a file, a gunzipped file or stdin alike, so a
//! gzip bomb or an endless pipe is refused with the file's name instead of filling memory.

use super::ExtractArgs;
use super::commands::{Failure, Outcome};
use super::out::outln;
use crate::config::defaults::MAX_BODY_BYTES;
use crate::extract::{self, Extractor};
use crate::model::Article;
use anyhow::{Context, anyhow};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The most bytes of one page read: what fetch accepts of a body by default.
const MAX_INPUT_BYTES: u64 = MAX_BODY_BYTES;

pub(super) async fn extract(args: ExtractArgs, extractor: &Extractor) -> Outcome {
    if let Some(dir) = &args.batch {
        let out = args
            .out
            .as_deref()
            .ok_or_else(|| Failure::Usage(anyhow!("--batch needs --out FILE.json")))?;
        return batch(dir, out, extractor);
    }
    let url = match &args.url {
        Some(u) => {
            Some(url::Url::parse(u).map_err(|e| Failure::Usage(anyhow!("--url {u:?}: {e}")))?)
        }
        None => None,
    };
    let input = args
        .input
        .as_deref()
        .ok_or_else(|| Failure::Usage(anyhow!("give a FILE, - for stdin, or --batch DIR")))?;
    let bytes = read_input(input)?;
    let html = extract::decode_html(&bytes, None);
    let article = extractor.extract(&html, url.as_ref());
    warn_cuts(&input.display().to_string(), &article);
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&article).context("encoding JSON")?
        );
    } else {
        outln!("{}\n", article.title);
        outln!("{}", article.text);
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a file (gunzipping .gz) or stdin for `-`, refusing more than `MAX_INPUT_BYTES`.
pub(super) fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    if path == Path::new("-") {
        return read_capped(std::io::stdin().lock(), "standard input", "cannot read");
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let gz = flate2::read::GzDecoder::new(std::io::BufReader::new(file));
        read_capped(
            gz,
            &format!("{} (gunzipped)", path.display()),
            "not valid gzip",
        )
    } else {
        read_capped(file, &path.display().to_string(), "cannot read")
    }
}

/// Reads `from` whole, unless it holds more than `MAX_INPUT_BYTES`: reading stops one byte
/// past the cap, so a bomb costs the cap and no more.
fn read_capped(from: impl Read, what: &str, failed: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    from.take(MAX_INPUT_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("{what}: {failed}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Failure::Runtime(anyhow!(
            "{what}: more than {} MiB, the most read of one page (fetch's default \
             max_body_bytes); nothing extracted — cut the page or check the file",
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// Says on stderr which of the stage's bounds cut the page, so no cut is silent.
fn warn_cuts(what: &str, article: &Article) {
    for cut in &article.truncated {
        eprintln!("newshound: {what}: {cut}");
    }
}

/// Extracts every page of `dir` into the benchmark's prediction format.
fn batch(dir: &Path, out: &Path, extractor: &Extractor) -> Outcome {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let stem = name
                .strip_suffix(".html.gz")
                .or_else(|| name.strip_suffix(".html"))?
                .to_string();
            Some((stem, p))
        })
        .collect();
    files.sort();
    let mut preds = BTreeMap::new();
    let mut failed = 0;
    for (stem, path) in &files {
        match read_input(path) {
            Ok(bytes) => {
                let article = extractor.extract(&extract::decode_html(&bytes, None), None);
                warn_cuts(&path.display().to_string(), &article);
                preds.insert(
                    stem.clone(),
                    serde_json::json!({ "articleBody": article.text }),
                );
            }
            Err(Failure::Usage(e) | Failure::Runtime(e)) => {
                eprintln!("newshound: {e:#}");
                failed += 1;
            }
        }
    }
    let json = serde_json::to_string(&preds).context("encoding JSON")?;
    std::fs::write(out, json).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "extracted {} pages from {} into {}",
        preds.len(),
        dir.display(),
        out.display()
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
