#!/usr/bin/env bash
# Rewrites the field tables of docs/scenario-format.md (between the schema markers) from the
# schema itself: `parkgrid schema --markdown`. The CLI test checks they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build/src/parkgrid}"
DOC=docs/scenario-format.md
tmp="$(mktemp)"
"$BIN" schema --markdown >"$tmp.schema"
awk -v schema="$tmp.schema" '
  /<!-- schema:begin -->/ { print; while ((getline line < schema) > 0) print line; skip = 1; next }
  /<!-- schema:end -->/ { skip = 0 }
  !skip { print }' "$DOC" >"$tmp"
mv "$tmp" "$DOC"
rm -f "$tmp.schema"
echo "updated $DOC"
