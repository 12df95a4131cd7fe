//! `newshound extract`: the extract stage on a page from a file, stdin or a directory, with
//! the `[[site]]` rules of the config when one is given with `-c`.

use super::ExtractArgs;
use super::commands::{Failure, Outcome};
use crate::extract::{self, Extractor};
use anyhow::{Context, anyhow};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&article).context("encoding JSON")?
        );
    } else {
        println!("{}\n", article.title);
        println!("{}", article.text);
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a file (gunzipping .gz) or stdin for `-`.
pub(super) fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        return Ok(bytes);
    }
    let raw = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut bytes)
            .with_context(|| format!("{}: not valid gzip", path.display()))?;
        Ok(bytes)
    } else {
        Ok(raw)
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
