//! The mixed check set of the matcher, built from the benchmark data beside the checkout
//! (`../shared`, or `../../shared` from a worktree, or `$NEWSHOUND_SHARED`): the corpus
//! articles of `bench/extraction` as the extract stage reads them, the seed texts, the items of
//! `bench/watch/dev.jsonl` and `real_dev.jsonl`, and 3,000 texts spliced from runs of
//! dev.jsonl words with a fixed seed. Nothing of it is stored in the repository: the items
//! are third-party text, so they are read or generated when a test or the `watch_oracle`
//! example runs.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};

use newshound::extract::{decode_html, extract};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// One item of the check set, as `watch test --jsonl` reads it.
pub struct Item {
    pub id: String,
    pub title: String,
    pub body: String,
}

impl Item {
    /// The input line for `watch test --jsonl`.
    pub fn line(&self) -> String {
        serde_json::json!({ "id": self.id, "title": self.title, "body": self.body }).to_string()
    }

    /// A digest of the item's text, so a golden record is only compared with the output of
    /// the very text it was made from.
    pub fn input_digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.title.as_bytes());
        h.update([0]);
        h.update(self.body.as_bytes());
        hex(&h.finalize())[..16].to_string()
    }
}

pub fn sha256(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The shared benchmark folder, if there is one beside the checkout.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NEWSHOUND_SHARED") {
        return Some(PathBuf::from(dir)).filter(|d| d.is_dir());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared", "../../shared"]
        .iter()
        .map(|d| root.join(d))
        .find(|d| d.join("bench/watch/dev.jsonl").is_file())
}

#[derive(Deserialize)]
struct Labeled {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

fn jsonl(path: &Path) -> Vec<Labeled> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}: not an item: {e}", path.display()))
        })
        .collect()
}

/// Files of `dir` ending in `ext`, sorted by name.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    paths.sort();
    paths
}

fn stem(p: &Path) -> String {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_string()
}

/// The corpus pages, each extracted into its title and text as the pipeline does it.
fn corpus(shared: &Path) -> Vec<Item> {
    files(&shared.join("bench/extraction/html"), ".html.gz")
        .iter()
        .map(|p| {
            let raw = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(&raw[..])
                .read_to_end(&mut html)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let a = extract(&decode_html(&html, None), None);
            Item {
                id: format!("corpus/{}", &stem(p)[..16.min(stem(p).len())]),
                title: a.title,
                body: a.text,
            }
        })
        .collect()
}

/// The seed texts, whole and untitled, as `watch test --file` reads a text file.
fn seeds(shared: &Path) -> Vec<Item> {
    files(&shared.join("seeds"), ".txt")
        .iter()
        .map(|p| Item {
            id: format!("seed/{}", stem(p)),
            title: String::new(),
            body: decode_html(
                &std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
                Some("text/plain"),
            ),
        })
        .collect()
}

/// A small deterministic generator (64-bit LCG), so the spliced texts are the same on every
/// run and machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Texts spliced from runs of the dev items' words: phrases and NEARs meet across the
/// splices, runs are joined by spaces, sentence ends, paragraph breaks and dashes, and a
/// third of the texts have no title.
fn spliced(dev: &[Labeled], count: usize) -> Vec<Item> {
    let words: Vec<&str> = dev
        .iter()
        .flat_map(|i| i.title.split_whitespace().chain(i.body.split_whitespace()))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut rng = Lcg(42);
    let run = |rng: &mut Lcg, min: usize, spread: usize| {
        let start = rng.next(words.len());
        let len = min + rng.next(spread);
        words[start..(start + len).min(words.len())].join(" ")
    };
    const JOINS: [&str; 4] = [" ", ". ", "\n\n", " - "];
    (0..count)
        .map(|n| {
            let title = if rng.next(3) == 0 {
                String::new()
            } else {
                run(&mut rng, 3, 10)
            };
            let mut body = String::new();
            for k in 0..1 + rng.next(6) {
                if k > 0 {
                    body.push_str(JOINS[rng.next(JOINS.len())]);
                }
                body.push_str(&run(&mut rng, 4, 60));
            }
            Item {
                id: format!("splice/{n:04}"),
                title,
                body,
            }
        })
        .collect()
}

/// How many spliced texts the check set has.
pub const SPLICED: usize = 3000;

/// The whole check set, in a fixed order: corpus, seeds, dev, real_dev, spliced.
pub fn check_set(shared: &Path) -> Vec<Item> {
    let watch = shared.join("bench/watch");
    let dev = jsonl(&watch.join("dev.jsonl"));
    let real = if watch.join("real_dev.jsonl").is_file() {
        jsonl(&watch.join("real_dev.jsonl"))
    } else {
        Vec::new()
    };
    let labeled = |prefix: &str, items: &[Labeled]| -> Vec<Item> {
        items
            .iter()
            .map(|i| Item {
                id: format!("{prefix}/{}", i.id),
                title: i.title.clone(),
                body: i.body.clone(),
            })
            .collect()
    };
    let mut out = corpus(shared);
    out.extend(seeds(shared));
    out.extend(labeled("dev", &dev));
    out.extend(labeled("real", &real));
    out.extend(spliced(&dev, SPLICED));
    out
}
