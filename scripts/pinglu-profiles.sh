#!/usr/bin/env bash
# The Pinglu case's PV and wind availability from the Datong typical year (SOURCES.md W01):
#   OUT/profiles.csv          the default case: the station's 10 m wind corrected to 2,000
#                             full-load hours at hub height (SOURCES.md A49: regional evidence,
#                             Shanxi utilisation and the design of a hill-top farm near Datong)
#   OUT/profiles_station.csv  the sensitivity: the station series uncorrected (952 h), only the
#                             1/7 shear from 10 m to the hub
#   OUT/weather_summary.json  the key figures of profiles.csv (make demo's plausibility table)
# Usage: scripts/pinglu-profiles.sh [PARKGRID] [OUT]   (defaults build/src/parkgrid, data/pinglu/generated)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PARKGRID="${1:-$ROOT/build/src/parkgrid}"
OUT="${2:-$ROOT/data/pinglu/generated}"
EPW="$ROOT/data/weather/CHN_Shanxi.Datong.534870_CSWD.epw"
# A49 (data/pinglu/SOURCES.md): the target and its evidence.
WIND_TARGET_FULL_LOAD_HOURS=2000
mkdir -p "$OUT"
"$PARKGRID" weather "$EPW" -o "$OUT/profiles.csv" --summary-json "$OUT/weather_summary.json" \
  --wind-target-full-load-hours "$WIND_TARGET_FULL_LOAD_HOURS" \
  --wind-correction-source "data/pinglu/SOURCES.md A49 (S43 design 2,119 h at 5.7-6.0 m/s near Datong; Shanxi fleet ~1,900-2,100 h)"
"$PARKGRID" weather "$EPW" -o "$OUT/profiles_station.csv" \
  --summary-json "$OUT/weather_summary_station.json" >/dev/null
