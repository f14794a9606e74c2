#!/usr/bin/env bash
# Runs every fuzz target built for SECONDS each, from seeds made of the project's own files, and turns
# every finding into a failure. Usage: run_fuzz.sh BUILD_FUZZ_DIR SECONDS [TARGET...]
# Corpora grow in BUILD_FUZZ_DIR/corpus/<target> (kept between runs); findings are written to
# BUILD_FUZZ_DIR/findings/<target>/ (crash-*, leak-*, timeout-*, oom-*): copy each into
# tests/bad_inputs/ or a GoogleTest once fixed (docs/reliability.md).
set -uo pipefail
build="$1"
seconds="$2"
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
targets=("$@")
((${#targets[@]})) || targets=($(cd "$build/tests/fuzz" && ls fuzz_* 2>/dev/null | grep -v '\.'))
# A parkgrid binary exports tests/cases/ as PyPSA folders for fuzz_pypsa's seeds: $PARKGRID, or
# the one of the fuzz build when it was built.
exporter=()
parkgrid="${PARKGRID:-$build/src/parkgrid}"
[ -x "$parkgrid" ] && exporter=("$(realpath "$parkgrid")")
python3 "$here/seeds.py" "$root" "$build/seeds" "${exporter[@]}" >/dev/null
# The targets' scratch folders (/dev/shm/parkgrid-fuzz-PID, tests/fuzz/fuzz_util.hpp) are removed
# at exit, but libFuzzer ends a timed run or a crash without running exit handlers: remove those
# whose process is gone, before and after the runs.
clean_scratch() {
  local d
  for d in /dev/shm/parkgrid-fuzz-* "${TMPDIR:-/tmp}"/parkgrid-fuzz-*; do
    [ -d "$d" ] || continue
    kill -0 "${d##*-}" 2>/dev/null || rm -rf "$d"
  done
}
clean_scratch
trap clean_scratch EXIT
status=0
for t in "${targets[@]}"; do
  exe="$build/tests/fuzz/$t"
  [ -x "$exe" ] || { echo "run_fuzz: $exe not built"; status=1; continue; }
  mkdir -p "$build/corpus/$t" "$build/findings/$t"
  dict=()
  [ -f "$here/${t#fuzz_}.dict" ] && dict=(-dict="$here/${t#fuzz_}.dict")
  seeds=()
  [ -d "$build/seeds/$t" ] && seeds=("$build/seeds/$t")
  # First the regressions (tests/fuzz/regressions/<target>/): inputs that once failed must pass.
  # Files named open-* reproduce bugs not fixed yet (docs/reliability.md) and are skipped.
  regressions=()
  for f in "$here/regressions/$t"/*; do
    [ -f "$f" ] && [[ "$(basename "$f")" != open-* ]] && regressions+=("$f")
  done
  if ((${#regressions[@]})); then
    if ! ASAN_OPTIONS=detect_leaks=1 "$exe" "${regressions[@]}" >"$build/findings/$t/regressions.log" 2>&1; then
      echo "fuzz $t: a REGRESSION input fails again, see $build/findings/$t/regressions.log"
      status=1
      continue
    fi
  fi
  log="$build/findings/$t/last.log"
  maxlen=65536
  [ "$t" = fuzz_weather ] && maxlen=2000000 # whole EPW years among the seeds
  # -timeout: one input taking longer is a hang; -rss_limit_mb: a reader must refuse what it
  # cannot hold (docs/reliability.md, limits) rather than grow without bound.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$exe" "$build/corpus/$t" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2560 -max_len="$maxlen" -print_final_stats=1 \
    -artifact_prefix="$build/findings/$t/" >"$log" 2>&1
  rc=$?
  stats=$(grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tr '\n' ' ')
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    echo "fuzz $t: ${seconds}s, $stats$cov, no finding"
  else
    echo "fuzz $t: FINDING (exit $rc), see $log:"
    grep -E 'ERROR|SUMMARY|Test unit written|uncaught|deadly signal' "$log" | head -8
    status=1
  fi
done
exit $status
