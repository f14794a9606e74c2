#!/usr/bin/env bash
# Rewrites the field tables of docs/scenario-format.md (between the schema markers) from the
# schema itself, `parkgrid schema --markdown`, and the result tables' columns of docs/cli.md
# (between the results markers), `parkgrid schema --results`. The CLI test checks they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build/src/parkgrid}"

# splice DOC MARKER ARGS...: replaces the lines between <!-- MARKER:begin --> and
# <!-- MARKER:end --> of DOC with the output of `parkgrid schema ARGS...`.
splice() {
  local doc="$1" marker="$2"
  shift 2
  local tmp
  tmp="$(mktemp)"
  "$BIN" schema "$@" >"$tmp.part"
  awk -v part="$tmp.part" -v begin="<!-- $marker:begin -->" -v end="<!-- $marker:end -->" '
    index($0, begin) { print; while ((getline line < part) > 0) print line; skip = 1; next }
    index($0, end) { skip = 0 }
    !skip { print }' "$doc" >"$tmp"
  mv "$tmp" "$doc"
  rm -f "$tmp.part"
  echo "updated $doc"
}

splice docs/scenario-format.md schema --markdown
splice docs/cli.md results --results
