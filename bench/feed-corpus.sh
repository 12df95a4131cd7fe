#!/usr/bin/env bash
# What `feed::parse` reads of a feed corpus (default ../shared/bench/feeds/feedparser-tests),
# split into a tuning half and a check half by a hash of each file's path: files read, files
# refused (with the most common reasons), entries read against items held, and files read
# with fewer entries than items. Usage: bench/feed-corpus.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/bench/feeds/feedparser-tests}
cargo build --release --quiet --example feed_corpus
out=$(mktemp)
trap 'rm -f "$out"' EXIT
target/release/examples/feed_corpus "$DIR" >"$out"
python3 - "$out" <<'PY'
import collections, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for half in ("tune", "check"):
    rs = [r for r in rows if r["half"] == half]
    ok = [r for r in rs if r["status"] == "ok"]
    entries = sum(r["entries"] for r in rs)
    items = sum(r["items"] for r in rs)
    short = sum(1 for r in ok if r["entries"] < r["items"])
    print(f"{half}: {len(rs)} files, {len(ok)} read, {len(rs) - len(ok)} refused; "
          f"{entries} entries of {items} items; {short} read short")
    reasons = collections.Counter(r["error"][:100] for r in rs if r["status"] != "ok")
    for why, n in reasons.most_common(6):
        print(f"  {n:4}  {why}")
PY
