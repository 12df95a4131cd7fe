#!/usr/bin/env bash
# Peak memory of a poll whose article pages are hostile, on 127.0.0.1 only: a local server
# (bench/hostile_pages.py) serves FEEDS feeds of ITEMS items each, every item linking to an
# 8 MiB page of one hostile kind (a million <p>, two million <br>, NULs, 10,000-deep <div>
# nesting, a million attributes, one unbroken word), and `newshound poll --once` reads them
# all with the default [fetch] config (16 requests in flight, 2 MiB max_page_bytes,
# 50 articles per poll) under /usr/bin/time -v. A second run on small plain pages from the
# same server gives the fixed cost of a poll. The figures are the poll's peak resident memory
# (the kernel's high-water mark) and its wall time, REPEAT times each (default 3).
#   Usage: [REPEAT=n] [FEEDS=n] [ITEMS=n] bench/page-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-3}
FEEDS=${FEEDS:-8}
ITEMS=${ITEMS:-24}

cargo build --release --quiet --bin newshound
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

python3 bench/hostile_pages.py --feeds "$FEEDS" --items "$ITEMS" >"$work/port" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

config() { # name, feed path prefix
  {
    printf '[storage]\npath = "%s/%s.db"\n\n[fetch]\nallow_private_addresses = true\n\n' "$work" "$1"
    for n in $(seq 0 $((FEEDS - 1))); do
      printf '[[feed]]\nname = "feed %s"\nurl = "http://127.0.0.1:%s/%s/%s.xml"\n\n' "$n" "$port" "$2" "$n"
    done
    printf '[mail]\ntransport = "file"\ndir = "%s/outbox"\n' "$work"
  } >"$work/$1.toml"
}
cp config/watchlists.toml "$work/"
config hostile hostile
config plain plain

cycle() { # label, config name
  rm -f "$work/$2.db"*
  /usr/bin/time -v target/release/newshound -c "$work/$2.toml" poll --once \
    >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
  echo "$1: wall $wall, peak RSS $((rss / 1024)) MiB; $(tail -1 "$work/out.txt")"
}

echo "== $FEEDS feeds x $ITEMS items, 8 MiB hostile pages, default [fetch]; $(uptime)"
for i in $(seq "$REPEAT"); do cycle "hostile pages, run $i" hostile; done
for i in $(seq "$REPEAT"); do cycle "plain pages, run $i" plain; done
