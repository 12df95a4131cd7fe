#!/usr/bin/env bash
# Story grouping end to end against a local news site: bench/cluster.py serves the labelled
# reports (one feed per outlet, each report dated as published), polls them once, reads
# `digest preview --json` and prints pairwise precision and recall of "same story" against
# "same event", cross-language recall and hidden events.
# Usage: bench/cluster.sh [--no-build] [EVENTS.jsonl] [--keep DIR]
# (the binary is looked for under $CARGO_TARGET_DIR when that is set, as cargo builds it there)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --no-build ]; then shift; else cargo build --release --quiet --bin newshound; fi
events=${1:-../shared/bench/cluster/events_dev.jsonl}
shift || true
exec python3 bench/cluster.py "${CARGO_TARGET_DIR:-target}/release/newshound" "$events" "$@"
