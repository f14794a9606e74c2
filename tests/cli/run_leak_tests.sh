#!/usr/bin/env bash
# The CLI end to end under valgrind memcheck: every command of the list below and the whole
# bad-input corpus (tests/bad_inputs/), each run of the binary checked for definite and indirect
# leaks, invalid reads and writes, and uses of uninitialised values (docs/reliability.md).
# Usage: run_leak_tests.sh PATH/TO/parkgrid REPO_ROOT
set -u
bin="$(realpath "$1")"
root="$(realpath "$2")"
if ! command -v valgrind >/dev/null; then
  echo "run_leak_tests: valgrind is not installed (scripts/setup.sh installs it)"
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/logs"
# A stand-in for the binary that runs it under valgrind; exit 99 when valgrind finds an error.
cat >"$work/parkgrid" <<SH
#!/usr/bin/env bash
exec valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
  --errors-for-leak-kinds=definite,indirect --log-file="$work/logs/vg.%p.log" "$bin" "\$@"
SH
chmod +x "$work/parkgrid"
vg="$work/parkgrid"
pass=0
fail=0

expect() { # name, exit code wanted, command...
  local name="$1" want="$2"
  shift 2
  "$@" >"$work/out.log" 2>&1
  local got=$?
  if [ "$got" = "$want" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    local why=""
    [ "$got" = 99 ] && why=" (valgrind found an error)"
    echo "FAIL: $name: exit $got, expected $want$why"
    tail -5 "$work/out.log"
  fi
}

cases="$root/tests/cases"
# The bad-input corpus, every case under valgrind, beside the commands below (valgrind runs one
# thread: on 2 cores the two halves take about half the time one after the other would).
bash "$root/tests/bad_inputs/run_bad_inputs.sh" "$vg" >"$work/bad.log" 2>&1 &
bad_pid=$!
expect "version" 0 "$vg" --version
expect "schema" 0 "$vg" schema --markdown
expect "check ok" 0 "$vg" check "$cases/merit_order.toml"
expect "run merit order" 0 "$vg" run "$cases/merit_order.toml" -o "$work/mo"
expect "run battery (simplex)" 0 "$vg" run "$cases/battery_arbitrage.toml" -o "$work/ba" --solver simplex
expect "run hydrogen (ipm)" 0 "$vg" run "$cases/hydrogen.toml" -o "$work/h2" --solver ipm
expect "run demand charge" 0 "$vg" run "$cases/demand_charge.toml" -o "$work/dc"
expect "run infeasible (explained)" 3 "$vg" run "$cases/infeasible.toml" -o "$work/inf"
expect "run missing file" 2 "$vg" run "$work/none.toml" -o "$work/none"
expect "weather csv" 0 "$vg" weather "$root/tests/bad_inputs/weather_csv_bom_crlf/w.csv" -o "$work/w.csv"
expect "weather bad epw" 2 "$vg" weather "$root/tests/bad_inputs/weather_epw_truncated/w.epw" -o "$work/w2.csv"
for t in "$root"/data/tariffs/*.toml; do
  [ -f "$t" ] && expect "tariff $(basename "$t")" 0 "$vg" tariff "$t" --voltage 1-10kv
done
expect "export-pypsa" 0 "$vg" export-pypsa "$cases/hydrogen.toml" -o "$work/pypsa"
expect "run a PyPSA folder" 0 "$vg" run "$work/pypsa" -o "$work/pypsa_out"
expect "pipeline" 0 "$vg" pipeline "$cases/planning/growing.toml"
expect "plan (perfect)" 0 "$vg" plan "$cases/planning/winddown.toml" -o "$work/plan"
expect "plan (myopic)" 0 "$vg" plan "$cases/planning/winddown.toml" -o "$work/plan_m" --foresight myopic
expect "plan infeasible (explained)" 3 "$vg" plan "$cases/planning/short.toml" -o "$work/plan_s"
expect "run on typical days" 0 "$vg" run "$cases/planning/twodays.toml" -o "$work/td" --typical-days 2
wait "$bad_pid"
if [ $? -eq 0 ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: the bad-input corpus under valgrind:"
  cat "$work/bad.log"
fi
# Anything valgrind wrote (it writes only when it finds something, with --quiet).
for log in "$work"/logs/vg.*.log; do
  [ -s "$log" ] || continue
  fail=$((fail + 1))
  echo "FAIL: valgrind report $(basename "$log"):"
  head -40 "$log"
done
echo "leak tests: $pass passed, $fail failed"
test "$fail" -eq 0
