#!/usr/bin/env bash
# Renders what a digest looks like in a browser engine: builds a digest preview from the seed
# fixtures (tests/fixtures/pages) with `newshound digest preview`, then screenshots it in
# headless Chromium at desktop (1280 px) and phone (390 px) widths.
#
#   bench/render-digest.sh [OUT_DIR]        # default: target/render-digest
#
# Needs: python3 (serves the fixture feeds on 127.0.0.1), chromium (Debian: apt-get install
# chromium); sqlite3 is optional (backdates a feed so it shows as failing for over a day).
# NEWSHOUND_BIN picks the binary; by default a debug build is made. Nothing leaves 127.0.0.1.
#
# The story it tells: yesterday's digest carried the Belgorod captives story (seed 3) after an
# immediate alert; today the Kyiv Independent and Libertarian Hub bring three new stories, and
# TASS (labelled "Russian state media") reports the Belgorod story again, so it returns only
# as "also reported by". One feed never worked and one has been failing for two days.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/target/render-digest}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ -z "${NEWSHOUND_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet)
  NEWSHOUND_BIN=$root/target/debug/newshound
fi
command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www/articles"
cp "$root"/tests/fixtures/pages/seed-00?.html "$work/www/articles/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server_pid=$!

# feed FILE "seed|title|hh:mm" ...: an RSS feed of seed pages, published on 4 June 2023.
feed() {
  local file=$1; shift
  {
    echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>fixture</title>'
    echo "<link>$base/</link><description>seed fixtures</description>"
    for item in "$@"; do
      IFS="|" read -r seed title hour <<<"$item"
      echo "<item><title>$title</title><link>$base/articles/seed-$seed.html</link>"
      echo "<guid isPermaLink=\"false\">seed-$seed</guid><pubDate>Sun, 04 Jun 2023 $hour:00 GMT</pubDate>"
      echo "<description>Read the full story on our site.</description></item>"
    done
    echo '</channel></rss>'
  } >"$work/www/$file"
}

feed jpost.xml "003|Pro-Ukraine Russian fighters say they have captives, offer exchange|11:21"
feed meduza.xml
for _ in $(seq 50); do curl -fs "$base/jpost.xml" >/dev/null 2>&1 && break; sleep 0.1; done

cp "$root/config/watchlists.toml" "$work/watchlists.toml"
# Cross-border incursions send an immediate alert, as an operator on that beat would ask.
python3 - "$work/watchlists.toml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
i = s.index('id = "cross-border-incursion"')
open(p, "w").write(s[:i] + s[i:].replace('alert = "digest"', 'alert = "immediate"', 1))
EOF

config() {
  cat >"$work/newshound.toml" <<EOF
[schedule]
timezone = "Europe/Kyiv"
jitter_secs = 0

[fetch]
allow_private_addresses = true
timeout_secs = 5

[[feed]]
name = "The Jerusalem Post"
url = "$base/jpost.xml"

[[feed]]
name = "Meduza"
url = "$base/meduza.xml"

[[feed]]
name = "Ukrinform"
url = "$base/ukrinform-moved-away.xml"
$1
[[digest]]
name = "daily"
send = "0 0 7 * * *"
to = ["analyst@example.org"]
watchlists = ["pow-exchange", "cross-border-incursion"]

[mail]
from = "newshound <newshound@example.org>"
transport = "file"
dir = "outbox"
EOF
}

nh() { env -u STATE_DIRECTORY -u CREDENTIALS_DIRECTORY "$NEWSHOUND_BIN" -c "$work/newshound.toml" "$@"; }

# Yesterday: one story, alerted at once, then mailed in the digest.
config ""
nh poll --once >/dev/null
nh digest send --now >/dev/null

# Today: more outlets; Meduza's feed is gone.
rm "$work/www/meduza.xml"
feed ki.xml \
  "000|Azov senior officer: Russian intelligence tried to recruit Azov soldiers to 'fight against US, West'|18:02" \
  "001|Former Russian Soldiers Join Ukraine Against Putin's Invasion, Kyiv Says|09:15"
feed tass.xml "002|Anti-Kremlin fighters claim Russian soldiers have been 'caught' in Ukraine|16:05"
feed libhub.xml "004|Bringing captured Russian soldiers home is the key goal|09:40"
config '
[[feed]]
name = "Kyiv Independent"
url = "'"$base"'/ki.xml"

[[feed]]
name = "TASS"
url = "'"$base"'/tass.xml"
label = "Russian state media"

[[feed]]
name = "Libertarian Hub"
url = "'"$base"'/libhub.xml"
'
nh poll --once >/dev/null
if command -v sqlite3 >/dev/null; then
  sqlite3 "$work/var/newshound.db" \
    "UPDATE feeds SET last_success_at = datetime('now', '-2 days') || '+00:00' WHERE name = 'Meduza'"
fi

nh digest preview daily --out "$out/digest.html" >/dev/null
nh digest preview daily --out "$out/digest.txt" >/dev/null

# Yesterday's immediate alert, as mailed: the HTML part of its .eml in the outbox.
python3 - "$work/outbox" "$out/alert.html" <<'PY'
import email, email.policy, pathlib, sys
for eml in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    if str(msg["Subject"]).startswith("newshound alert"):
        pathlib.Path(sys.argv[2]).write_text(msg.get_body(("html",)).get_content())
PY

shoot() { # page width height png
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --force-device-scale-factor=1 --window-size="$2,$3" --screenshot="$out/$4" \
    "file://$out/$1" >/dev/null 2>&1
}
shoot digest.html 1280 1400 digest-desktop-1280.png
shoot digest.html 390 2000 digest-phone-390.png
shoot alert.html 390 900 alert-phone-390.png
echo "wrote into $out: digest.html, digest.txt, alert.html and the screenshots" \
  "digest-desktop-1280.png, digest-phone-390.png, alert-phone-390.png"
