#!/usr/bin/env bash
# Peak resident memory and time of `newshound extract` on generated hostile pages of about
# 10 MB each (millions of <p>, of <br>, of NULs, of nested elements, ...), one process per
# page, measured by /usr/bin/time:
#   bench/extract-memory.sh [--no-build] [--mib N]
# The pages are generated here (nothing is committed); N is their size in MiB (default 10).
# Each row prints the page, its size, peak RSS, wall time and what the article recorded as
# cut (its `truncated` field), so a bound that changed a result is visible beside its cost.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build=1
mib=10
while (($#)); do
    case "$1" in
    --no-build)
        build=0
        shift
        ;;
    --mib)
        mib="${2:?--mib needs a number}"
        shift 2
        ;;
    *)
        echo "usage: bench/extract-memory.sh [--no-build] [--mib N]" >&2
        exit 2
        ;;
    esac
done
if [[ ! -x /usr/bin/time ]]; then
    echo "bench/extract-memory.sh: needs /usr/bin/time (GNU time) for peak RSS" >&2
    exit 2
fi
if ((build)); then
    cargo build --release --quiet --bin newshound
fi
bin="${CARGO_TARGET_DIR:-./target}/release/newshound"
dir="$(mktemp -d "${TMPDIR:-/tmp}/newshound-hostile.XXXXXX")"
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" "$mib" <<'PY'
import gzip, sys

out, mib = sys.argv[1], int(sys.argv[2])
size = mib << 20
head = b"<!DOCTYPE html><html><head><title>Hostile</title></head><body><article>"
prose = b"Words of a paragraph, with commas, long enough to count as prose in the body. "


def fill(unit):
    return head + unit * ((size - len(head)) // len(unit))


pages = {
    "p-empty": fill(b"<p>"),
    "p-text": fill(b"<p>x"),
    "p-prose": fill(b"<p>" + prose),
    "br": fill(b"<br>"),
    "nul": fill(b"\0"),
    "nul-in-p": fill(b"<p>\0\0\0\0"),
    "div-nested": fill(b"<div>"),
    "div-nested-text": fill(b"<div>word "),
    "span-nested": fill(b"<span>"),
    "b-i-nested": fill(b"<b><i>"),
    "div-closed": fill(b"<div>a</div>"),
    "table-cells": fill(b"<td>a"),
    "li": fill(b"<li>a"),
    "attrs": fill(b'<p class="a b c" id="x" style="color:red">y</p>'),
    "entities": fill(b"&amp;&lt;&#0;"),
    # End tags the parser ignores: each round nests one div deeper.
    "div-in-table": fill(b"<div><table></div></table>"),
    # 500 formatting elements left open, cloned again by every later paragraph.
    "b-reopened": head
    + b"<div><p>"
    + b"".join(b"<b id=%d>" % i for i in range(500))
    + b"</div>"
    + b"<div>x</div>" * ((size - 8000) // 12),
}
for name, body in pages.items():
    with open(f"{out}/{name}.html", "wb") as f:
        f.write(body)
# A gzip bomb for `extract --batch`: 1 GiB of zeros in about 1 MB.
with gzip.open(f"{out}/bomb.html.gz", "wb", compresslevel=9) as f:
    chunk = b"\0" * (1 << 20)
    for _ in range(1024):
        f.write(chunk)
PY

printf '%-16s %8s %9s %7s  %s\n' page MiB "peak RSS" "time" "truncated"
for f in "$dir"/*.html; do
    name="$(basename "$f" .html)"
    stats="$dir/$name.time"
    /usr/bin/time -f '%M %e' -o "$stats" "$bin" extract --json "$f" >"$dir/$name.json" 2>"$dir/$name.err" ||
        echo "$name: exit $? ($(head -c 200 "$dir/$name.err"))" >&2
    read -r rss secs < <(tail -n 1 "$stats")
    cut="$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(",".join(a.get("truncated") or []) or "-")' "$dir/$name.json" 2>/dev/null || echo '?')"
    size="$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1048576 }')"
    printf '%-16s %8s %6d MiB %6ss  %s\n' "$name" "$size" $((rss / 1024)) "$secs" "$cut"
done

# The batch on a directory holding only the bomb: it must refuse the page, not inflate it.
mkdir "$dir/batch"
mv "$dir/bomb.html.gz" "$dir/batch/"
set +e
/usr/bin/time -f '%M %e' -o "$dir/bomb.time" "$bin" extract --batch "$dir/batch" --out "$dir/bomb.json" 2>"$dir/bomb.err"
rc=$?
set -e
read -r rss secs < <(tail -n 1 "$dir/bomb.time")
printf '%-16s %8s %6d MiB %6ss  exit %d: %s\n' "gzip bomb" "1 GiB" $((rss / 1024)) "$secs" "$rc" "$(grep -v '^extracted' "$dir/bomb.err" | head -c 300)"
