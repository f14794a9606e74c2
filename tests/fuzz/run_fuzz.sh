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
# One target, start to finish: the regressions, then SECONDS of fuzzing. Prints its one-line
# verdict (and a finding's summary) and returns non-zero on a failure.
fuzz_one() {
  local t="$1" exe="$build/tests/fuzz/$1"
  [ -x "$exe" ] || { echo "run_fuzz: $exe not built"; return 1; }
  mkdir -p "$build/corpus/$t" "$build/findings/$t"
  local dict=() seeds=() regressions=() f
  [ -f "$here/${t#fuzz_}.dict" ] && dict=(-dict="$here/${t#fuzz_}.dict")
  [ -d "$build/seeds/$t" ] && seeds=("$build/seeds/$t")
  # First the regressions (tests/fuzz/regressions/<target>/): inputs that once failed must pass.
  # Files named open-* reproduce bugs not fixed yet (docs/reliability.md) and are skipped.
  for f in "$here/regressions/$t"/*; do
    [ -f "$f" ] && [[ "$(basename "$f")" != open-* ]] && regressions+=("$f")
  done
  if ((${#regressions[@]})); then
    if ! ASAN_OPTIONS=detect_leaks=1 "$exe" "${regressions[@]}" >"$build/findings/$t/regressions.log" 2>&1; then
      echo "fuzz $t: a REGRESSION input fails again, see $build/findings/$t/regressions.log"
      return 1
    fi
  fi
  local log="$build/findings/$t/last.log" maxlen=65536 rc stats cov
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
    return 1
  fi
}

# The targets run side by side, FUZZ_JOBS at a time (default: the number of cores; each libFuzzer
# process uses one), each for SECONDS: the same fuzzing per target in a fraction of the wall time.
# Their verdicts are printed in the order of the targets.
jobs="${FUZZ_JOBS:-$(nproc)}"
verdicts="$(mktemp -d)"
for i in "${!targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n; done
  (fuzz_one "${targets[$i]}"; echo $? >"$verdicts/$i.rc") >"$verdicts/$i" 2>&1 &
done
wait
status=0
for i in "${!targets[@]}"; do
  cat "$verdicts/$i"
  [ "$(cat "$verdicts/$i.rc" 2>/dev/null)" = 0 ] || status=1
done
rm -rf "$verdicts"
exit $status
