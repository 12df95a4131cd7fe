#!/usr/bin/env bash
# Extraction quality and speed in one command, for the extract stage's closing figures:
#   bench/extract.sh [DIR]
# Builds the release binary, runs `newshound extract --batch DIR --out preds.json`, scores
# the predictions with the benchmark's score.py (F1, precision, recall), then times
# extraction against scraper's bare parse of the same pages, decoded and in memory, on one
# thread (examples/extract_speed.rs). DIR defaults to the benchmark's html/ in the shared/
# folder beside the checkout (or beside the worktrees' folder).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dir="${1:-}"
if [[ -z "$dir" ]]; then
    for shared in ../shared ../../shared; do
        if [[ -d "$shared/bench/extraction/html" ]]; then
            dir="$shared/bench/extraction/html"
            break
        fi
    done
fi
if [[ -z "$dir" || ! -d "$dir" ]]; then
    echo "bench/extract.sh: no page directory; pass one, e.g. ../shared/bench/extraction/html" >&2
    exit 2
fi
bench="$(cd "$dir/.." && pwd)"
out="${TMPDIR:-/tmp}/newshound-extract-preds.json"

cargo build --release --quiet --bin newshound --example extract_speed
# Cargo puts the binaries under CARGO_TARGET_DIR when one is set (worktrees sharing a build).
target="${CARGO_TARGET_DIR:-./target}"

pages=$(find "$dir" -maxdepth 1 \( -name '*.html' -o -name '*.html.gz' \) | wc -l)
start=$(date +%s.%N)
"$target"/release/newshound extract --batch "$dir" --out "$out" 2>&1
end=$(date +%s.%N)
echo "whole process (read, gunzip, decode, extract, write JSON): $pages pages in $(
    echo "$end $start" | awk '{printf "%.2f", $1 - $2}') s"

if [[ -f "$bench/score.py" && -f "$bench/ground-truth.json" ]]; then
    python3 "$bench/score.py" "$bench/ground-truth.json" "$out"
else
    echo "no score.py and ground-truth.json beside $dir: quality not scored"
fi

"$target"/release/examples/extract_speed "$dir" --seconds "${SECONDS_PER_RUN:-5}"
