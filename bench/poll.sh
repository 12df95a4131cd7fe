#!/usr/bin/env bash
# Polling at scale, on 127.0.0.1 only: a feed farm (examples/feed_server.rs) serves FEEDS feeds
# of 20 items on 100 ports (half answer 304 on the second cycle, 1% slow, 1% failing), and
# `newshound poll --once` runs full cycles against it under /usr/bin/time -v: the first, then
# the second REPEAT times (default 3; the machine is shared, so one figure says little). Then
# wrk measures the same server's plain request rate over the same feed requests, as the
# ceiling, and a cycle with no feeds at all shows the fixed cost of start-up and shutdown.
# Needs wrk (apt-get install wrk). Usage: [REPEAT=n] bench/poll.sh [FEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
FEEDS=${1:-2000}
CONC=${CONC:-16}
REPEAT=${REPEAT:-3}

# One build of both, so they share one feature set and neither rebuilds the other.
cargo build --release --quiet --bins --example feed_server
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

target/release/examples/feed_server --items 20 --slow-every 100 --slow-ms 300 --fail-every 100 \
  >"$work/ports.json" &
server=$!
for _ in $(seq 50); do [ -s "$work/ports.json" ] && break; sleep 0.1; done

python3 - "$work" "$FEEDS" "$CONC" <<'EOF'
import json, sys, shutil
work, feeds, conc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ports = json.load(open(f"{work}/ports.json"))["ports"]
with open(f"{work}/newshound.toml", "w") as f:
    f.write(f'[storage]\npath = "{work}/bench.db"\n\n[fetch]\nconcurrency = {conc}\n'
            'allow_private_addresses = true\ntimeout_secs = 10\n\n')
    for n in range(feeds):
        f.write(f'[[feed]]\nname = "feed {n}"\nurl = "http://127.0.0.1:{ports[(n // 20) % len(ports)]}/feed/{n}.xml"\n\n')
    f.write('[[digest]]\nname = "daily"\nsend = "0 0 7 * * *"\nto = ["bench@example.org"]\n'
            'watchlists = ["pow-exchange"]\n\n[mail]\ntransport = "file"\n'
            f'dir = "{work}/outbox"\n')
with open(f"{work}/empty.toml", "w") as f:
    f.write(f'[storage]\npath = "{work}/empty.db"\n\n[mail]\ntransport = "file"\n'
            f'dir = "{work}/outbox"\n')
shutil.copy("config/watchlists.toml", f"{work}/watchlists.toml")
# wrk's request list: every feed once, with the validator a second cycle sends.
with open(f"{work}/paths.lua", "w") as f:
    f.write("local reqs = {}\n")
    for n in range(feeds):
        h = f'{{["If-None-Match"] = "\\"v1-{n}\\""}}' if n % 2 == 0 else "{}"
        f.write(f'reqs[{n + 1}] = wrk.format("GET", "/feed/{n}.xml", {h})\n')
    f.write("local i = 0\nrequest = function() i = i % #reqs + 1; return reqs[i] end\n")
print(ports[0], file=open(f"{work}/port0", "w"))
EOF

cycle() {
  /usr/bin/time -v target/release/newshound -c "$work/${2:-newshound}.toml" poll --once \
    >"$work/out$1.txt" 2>"$work/time$1.txt"
  local wall rss summary
  wall=$(grep "Elapsed (wall clock)" "$work/time$1.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time$1.txt" | awk '{print $NF}')
  summary=$(tail -1 "$work/out$1.txt")
  echo "cycle $1: wall $wall, peak RSS $((rss / 1024)) MiB; $summary"
}
echo "== $FEEDS feeds x 20 items, concurrency $CONC, per-host 2, 100 origins; $(uptime)"
cycle 1
for n in $(seq 2 $((REPEAT + 1))); do cycle "$n"; done
cycle "0 (no feeds)" empty
port=$(cat "$work/port0")
echo "== ceiling: wrk, $CONC connections, the same $FEEDS feed requests (second-cycle validators)"
wrk -t2 -c"$CONC" -d5s -s "$work/paths.lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|requests in"
uptime
