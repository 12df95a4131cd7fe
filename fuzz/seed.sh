#!/usr/bin/env bash
# Seeds fuzz/corpus/TARGET/ (not committed) from the test fixtures: the kept regression inputs
# (tests/fixtures/fuzz/), the config fixtures and shipped config, the seed pages, the hostile
# corpus (examples/hostile_corpus, files under 64 KiB), the shipped watchlists' queries and
# schedules, and, when ../shared is beside the checkout, a few hundred of the robustness
# corpus's feeds. feed_parse's and charset's first byte is a selector (see fuzz/checks.rs):
# seeds get a 0 byte in front, so they start as the document they are.
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
targets=(feed_parse extract_html watch_query config_text charset retry_after_cron)
for t in "${targets[@]}"; do mkdir -p "$c/$t"; cp tests/fixtures/fuzz/"$t"/* "$c/$t/"; done

prefixed() { # target, file, name: the file with a 0 byte in front
  { printf '\0'; cat "$2"; } >"$c/$1/$3"
}
for f in tests/fixtures/config/*.toml config/*.toml; do cp "$f" "$c/config_text/$(basename "$f")"; done
for f in tests/fixtures/pages/*.html; do
  cp "$f" "$c/extract_html/"
  prefixed charset "$f" "$(basename "$f")"
done
hostile=$(mktemp -d)
trap 'rm -rf "$hostile"' EXIT
cargo run --quiet --example hostile_corpus -- "$hostile" >/dev/null
find "$hostile" -type f -size -64k | while read -r f; do
  name=$(basename "$f")
  case "$name" in
    *.html) cp "$f" "$c/extract_html/$name" ;;
    *.toml) cp "$f" "$c/config_text/$name" ;;
    *) prefixed feed_parse "$f" "$name"; prefixed charset "$f" "$name" ;;
  esac
done
python3 - "$c" config/*.toml tests/fixtures/config/*.toml <<'PY'
import hashlib, pathlib, sys, tomllib
out = pathlib.Path(sys.argv[1])
def write(target, text):
    name = hashlib.sha256(text.encode()).hexdigest()[:12]
    (out / target / name).write_text(text)
for path in sys.argv[2:]:
    try:
        doc = tomllib.loads(pathlib.Path(path).read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        continue  # the invalid fixtures are config_text seeds already
    for w in doc.get("watchlist", []):
        if isinstance(w.get("query"), str):
            write("watch_query", w["query"])
    for table in ("feed", "digest"):
        for t in doc.get(table, []):
            for key in ("poll", "send"):
                if isinstance(t.get(key), str):
                    write("retry_after_cron", t[key])
PY
for v in 0 120 86400 "Wed, 21 Oct 2015 07:28:00 GMT" "-1" "1e9"; do
  printf '%s' "$v" >"$c/retry_after_cron/retry-$(printf '%s' "$v" | sha256sum | cut -c1-12)"
done
for shared in ../shared ../../shared; do
  if [ -d "$shared/bench/feeds" ]; then
    find "$shared/bench/feeds" -type f -size -32k | sort | awk 'NR % 8 == 0' | while read -r f; do
      prefixed feed_parse "$f" "corpus-$(sha256sum "$f" | cut -c1-16)"
    done
    break
  fi
done
for t in "${targets[@]}"; do echo "$t: $(find "$c/$t" -type f | wc -l) seeds"; done
