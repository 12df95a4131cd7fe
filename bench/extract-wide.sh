#!/usr/bin/env bash
# Extraction quality on every collection of the wide benchmark, in one table:
#   bench/extract-wide.sh [--half all|tune|check] [--keep DIR] [--no-build] [SET ...]
# Builds the release newshound (under $CARGO_TARGET_DIR if set), runs `newshound extract
# --batch` on each collection of ../shared/bench/extraction-wide/ and on the 85 pages of ../shared/bench/extraction/, scores
# each with the benchmark's score.py and prints: set, half, pages, F1, P, R, and the F1 the
# README gives for trafilatura 2.3.1 on the whole collection (for the 85 pages, its row of
# the peers' table), then DAnIEL by language and Dragnet scored without its reader comments.
#
# Halves: every collection is split by a hash of the page id (the first byte of its SHA-256,
# even = tune, odd = check), so rules are tuned on one half and judged on the other. The
# default prints the whole collection and both halves; `--half tune` prints only the tuning
# half, for iterating. trafilatura's figure is always its whole-collection one (no per-page
# scores are published), so beside a half it is a guide, not a bar.
# SET names collections (cleaneval, daniel, ..., extraction for the 85 pages); default all.
# `--keep DIR` leaves the predictions there as SET.json, for reading the misses.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
half=all
keep=""
build=1
sets=()
while (($#)); do
    case "$1" in
    --half)
        half="${2:?--half needs all, tune or check}"
        shift 2
        ;;
    --keep)
        keep="${2:?--keep needs a directory}"
        shift 2
        ;;
    --no-build)
        build=0
        shift
        ;;
    -h | --help)
        sed -n '2,17p' "$0"
        exit 0
        ;;
    *)
        sets+=("$1")
        shift
        ;;
    esac
done
case "$half" in all | tune | check) ;; *)
    echo "bench/extract-wide.sh: --half $half: use all, tune or check" >&2
    exit 2
    ;;
esac

shared=""
for s in ../shared ../../shared; do
    if [[ -d "$s/bench/extraction-wide" ]]; then
        shared="$s/bench"
        break
    fi
done
if [[ -z "$shared" ]]; then
    echo "bench/extract-wide.sh: no ../shared/bench/extraction-wide beside the checkout" >&2
    exit 2
fi
score="$shared/extraction/score.py"

if ((build)); then
    cargo build --release --quiet --bin newshound
fi
# Cargo puts the binary under CARGO_TARGET_DIR when one is set (worktrees sharing a build).
bin="${CARGO_TARGET_DIR:-./target}/release/newshound"

if ((${#sets[@]} == 0)); then
    for d in "$shared"/extraction-wide/*/; do
        sets+=("$(basename "$d")")
    done
    sets+=(extraction)
fi

out="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/newshound-wide.XXXXXX")}"
mkdir -p "$out"
[[ -n "$keep" ]] || trap 'rm -rf "$out"' EXIT

args=()
for set in "${sets[@]}"; do
    if [[ "$set" == extraction ]]; then
        dir="$shared/extraction"
    else
        dir="$shared/extraction-wide/$set"
    fi
    if [[ ! -f "$dir/ground-truth.json" ]]; then
        echo "bench/extract-wide.sh: no collection $set at $dir" >&2
        exit 2
    fi
    # A page that cannot be read is reported by the batch and scored as empty.
    "$bin" extract --batch "$dir/html" --out "$out/$set.json" 2>"$out/$set.log" ||
        { grep -v '^extracted ' "$out/$set.log" >&2 || true; }
    args+=("$set" "$dir" "$out/$set.json")
done

python3 - "$score" "$shared" "$half" "${args[@]}" <<'PY'
import hashlib, importlib.util, json, re, sys

spec = importlib.util.spec_from_file_location("score", sys.argv[1])
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
shared, half = sys.argv[2], sys.argv[3]
rest = sys.argv[4:]

wide = open(f"{shared}/extraction-wide/README.md", encoding="utf-8").read()
peers = open(f"{shared}/extraction/README.md", encoding="utf-8").read()
# trafilatura's F1 by collection and by DAnIEL language, from the README's tables.
traf = {m[1]: float(m[2]) for m in re.finditer(r"^\| ([\w-]+) \| \d+ \| ([0-9.]+) \|", wide, re.M)}
m = re.search(r"^\| trafilatura 2\.3\.1[^|]*\|[^|]*\| ([0-9.]+) \|", peers, re.M)
if m:
    traf["extraction"] = float(m[1])
m = re.search(r"cut at the comments line, trafilatura gets F1\s+([0-9.]+)", wide)
if m:
    traf["dragnet, no comments"] = float(m[1])

COMMENTS = "!@#$%^&*()  COMMENTS"


def in_half(key, h):
    if h == "all":
        return True
    odd = hashlib.sha256(key.encode("utf-8")).digest()[0] & 1
    return odd == (h == "check")


halves = ["all", "tune", "check"] if half == "all" else [half]
rows = []


def add(name, gt, pred, traf_key):
    for h in halves:
        sub = {k: v for k, v in gt.items() if in_half(k, h)}
        if not sub:
            continue
        f1, p, r = score.score(sub, pred)
        rows.append((name, h, len(sub), f1, p, r, traf.get(traf_key)))


for i in range(0, len(rest), 3):
    name, d, pred_path = rest[i : i + 3]
    gt = json.load(open(f"{d}/ground-truth.json", encoding="utf-8"))
    pred = score.load(pred_path)
    label = "extraction (85)" if name == "extraction" else name
    add(label, gt, pred, name)
    if name == "daniel":
        for lang in sorted({v.get("lang", "") for v in gt.values()}):
            add(f"  daniel {lang}", {k: v for k, v in gt.items() if v.get("lang") == lang}, pred, lang)
    if name == "dragnet":
        cut = {k: dict(v, articleBody=v["articleBody"].split(COMMENTS)[0]) for k, v in gt.items()}
        add("  dragnet, no comments", cut, pred, "dragnet, no comments")

print(f"{'set':<24} {'half':<5} {'pages':>5}  {'F1':>5}  {'P':>5}  {'R':>5}  {'traf F1':>7}  {'ahead':>6}")
for name, h, n, f1, p, r, t in rows:
    tf = f"{t:7.3f}" if t is not None else "      -"
    ahead = f"{f1 - t:+6.3f}" if t is not None else "     -"
    print(f"{name:<24} {h:<5} {n:>5}  {f1:.3f}  {p:.3f}  {r:.3f}  {tf}  {ahead}")
PY
