#!/usr/bin/env bash
# End-to-end runs of the parkgrid binary: exit codes, messages and atomic output.
# Usage: run_cli_tests.sh PATH/TO/parkgrid REPO_ROOT
set -u
bin="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

check() { # name, condition (a command)
  local name="$1"
  shift
  if "$@"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name"
  fi
}

# --version and --help
out=$("$bin" --version)
check "version" test "$out" = "parkgrid 0.1.0"
"$bin" --help | grep -q "Exit codes"
check "help lists exit codes" test $? -eq 0

# A good run writes every file and exits 0.
"$bin" run "$root/examples/microgrid/scenario.toml" -o "$work/mg" >"$work/mg.log" 2>&1
check "run example exits 0" test $? -eq 0
check "summary.json written" test -s "$work/mg/summary.json"
check "status optimal" grep -q '"status": "optimal"' "$work/mg/summary.json"
for f in generators.csv storage_units.csv grid.csv loads.csv bus_prices.csv capacities.csv costs.csv; do
  check "$f written" test -s "$work/mg/$f"
done
check "8760 hourly rows + header" test "$(wc -l <"$work/mg/generators.csv")" -eq 8761
check "key figures printed with units" grep -q "CNY/kWh" "$work/mg.log"

# Bad input: exit 2, every problem named, nothing written, an old result left untouched.
mkdir -p "$work/bad"
cat >"$work/bad/scenario.toml" <<'TOML'
[snapshots]
count = 2
[[carriers]]
name = "electricity"
[[buses]]
name = "park"
[[loads]]
name = "l"
bus = "prak"
demand_mw = -3
TOML
"$bin" run "$work/bad/scenario.toml" -o "$work/mg" >"$work/bad.out" 2>"$work/bad.err"
check "bad input exits 2" test $? -eq 2
check "unknown bus named" grep -q 'scenario.toml:9: load "l": bus = "prak" (no bus of that name; did you mean "park"?)' "$work/bad.err"
check "negative demand named" grep -q 'scenario.toml:10: load "l": demand_mw = -3 (must be a finite number >= 0)' "$work/bad.err"
check "old result untouched" grep -q '"status": "optimal"' "$work/mg/summary.json"
"$bin" run "$work/bad/scenario.toml" -o "$work/new" >/dev/null 2>&1
check "nothing written on bad input" test ! -e "$work/new"
check "no temporary folders left" test -z "$(ls -A "$work" | grep -E '\.tmp-|\.old-')"

# check
"$bin" check "$root/examples/microgrid/scenario.toml" >/dev/null
check "check ok exits 0" test $? -eq 0
"$bin" check "$work/bad/scenario.toml" >/dev/null 2>&1
check "check bad exits 2" test $? -eq 2
"$bin" check "$work/missing.toml" >/dev/null 2>&1
check "check missing file exits 2" test $? -eq 2

# Infeasible: exit 3, the explanation printed and in summary.json.
"$bin" run "$root/tests/cases/infeasible.toml" -o "$work/inf" >"$work/inf.out" 2>&1
check "infeasible exits 3" test $? -eq 3
check "explanation printed" grep -q 'bus "park_110kv" is short by 5.0 MW' "$work/inf.out"
check "explanation in summary" grep -q '"constraint": "bus_balance"' "$work/inf/summary.json"

# A bad option is a usage error.
"$bin" run "$root/examples/microgrid/scenario.toml" -o "$work/x" --solver magic >/dev/null 2>&1
check "bad option exits 2" test $? -eq 2

# The field tables in docs/scenario-format.md are the schema's own output.
"$bin" schema --markdown >"$work/schema.md"
sed -n '/<!-- schema:begin -->/,/<!-- schema:end -->/p' "$root/docs/scenario-format.md" | sed '1d;$d' >"$work/schema_doc.md"
check "docs/scenario-format.md matches parkgrid schema" diff -q "$work/schema.md" "$work/schema_doc.md"
# The result tables' columns in docs/cli.md are their descriptions' own output.
"$bin" schema --results >"$work/results.md"
sed -n '/<!-- results:begin -->/,/<!-- results:end -->/p' "$root/docs/cli.md" | sed '1d;$d' >"$work/results_doc.md"
check "docs/cli.md matches parkgrid schema --results" diff -q "$work/results.md" "$work/results_doc.md"

# Multi-year planning: the pipeline listing, a plan and its files, an infeasible plan explained
# with its year, a scenario without [planning].
"$bin" pipeline "$root/tests/cases/planning/growing.toml" >"$work/pipe.out" 2>&1
check "pipeline exits 0" test $? -eq 0
check "pipeline lists the second-period project" grep -qE 'cells +under construction 在建 +2026 +0.0 +0.0' "$work/pipe.out"
"$bin" plan "$root/tests/cases/planning/growing.toml" -o "$work/plan" >"$work/plan.out" 2>&1
check "plan exits 0" test $? -eq 0
check "periods.csv has a row per period" test "$(wc -l <"$work/plan/periods.csv")" -eq 3
check "period_capacities.csv written" grep -q '^2026,generator,pv,capacity_mw,MW,5.0000,10.0000$' "$work/plan/period_capacities.csv"
check "one result folder per year" test -s "$work/plan/2026/summary.json"
check "plan.json total" grep -q '"total_cost_cny": 827.55' "$work/plan/plan.json"
check "plan table printed" grep -q 'Total cost, discounted to 2025' "$work/plan.out"
"$bin" plan "$root/tests/cases/planning/short.toml" -o "$work/short" >"$work/short.out" 2>&1
check "infeasible plan exits 3" test $? -eq 3
check "infeasible plan names the year" grep -q '✗ 2026: bus "park" is short by 6.0 MW' "$work/short.out"
"$bin" plan "$root/examples/microgrid/scenario.toml" -o "$work/noplan" >/dev/null 2>"$work/noplan.err"
check "plan without [planning] exits 2" test $? -eq 2
check "plan without [planning] says so" grep -q 'has no \[planning\] section' "$work/noplan.err"
check "plan without [planning] writes nothing" test ! -e "$work/noplan"

# Reform paths on typical days: two identical days reduced to one give the five prices of the
# 48 snapshots exactly; a case without whole days is refused with the reason, nothing written.
"$bin" paths "$root/tests/cases/paths/two_days.toml" -o "$work/p48" >"$work/p48.out" 2>&1
check "paths over 48 snapshots exits 0" test $? -eq 0
"$bin" paths "$root/tests/cases/paths/two_days.toml" -o "$work/p1d" --typical-days 1 >"$work/p1d.out" 2>&1
check "paths on one typical day exits 0" test $? -eq 0
check "paths on typical days prints the reduction" grep -q 'Typical days 典型日: 1 of 2 days' "$work/p1d.out"
check "one typical day gives the same five prices" diff <(cut -d, -f1-3 "$work/p48/paths.csv") <(cut -d, -f1-3 "$work/p1d/paths.csv")
# By hand (tests/cases/paths/scenario.toml): baseline 460 + 0.3 x 5 certificates = 461.5 CNY/MWh;
# linkage 394.2525 + 1.5 = 395.7525 CNY/MWh, whatever the load's shape.
check "baseline price by hand" grep -q '^baseline,optimal,0.461500' "$work/p1d/paths.csv"
check "linkage price by hand" grep -q '^linkage,optimal,0.395753' "$work/p1d/paths.csv"
"$bin" paths "$root/tests/cases/paths/scenario.toml" -o "$work/pbad" --typical-days 1 >/dev/null 2>"$work/pbad.err"
check "paths --typical-days without whole days exits 2" test $? -eq 2
check "paths --typical-days names the reason" grep -q -- '--typical-days 1: typical days need hourly snapshots of whole days' "$work/pbad.err"
check "paths --typical-days writes nothing on error" test ! -e "$work/pbad"
# The commitment between typical days (tests/cases/planning/commitment_seasons.toml, by hand):
# carried through the calendar W C C W it pays one start and one shut-down, 97,500 CNY; with
# --typical-day-commitment daily each day wraps on its own, 96,000 CNY.
for c in linked daily; do
  "$bin" run "$root/tests/cases/planning/commitment_seasons.toml" -o "$work/cs_$c" --typical-days 2 \
    --typical-day-commitment "$c" >"$work/cs_$c.out" 2>&1
  check "run --typical-day-commitment $c exits 0" test $? -eq 0
done
check "the reduction says what is linked between days" grep -q 'Between days 日间: storage 储能 linked 按日历衔接 · unit commitment 机组组合 daily 日内循环' "$work/cs_daily.out"
check "commitment carried between typical days: 97,500 CNY" grep -q '"objective_cny": 97500.0' "$work/cs_linked/summary.json"
check "commitment wrapping within each typical day: 96,000 CNY" grep -q '"objective_cny": 96000.0' "$work/cs_daily/summary.json"

# HiPO (libhighs_extras.so linked beside libhighs by scripts/setup.sh, no environment variable):
# offered by every command that solves, and really run (HiGHS's log says so), to the same answer.
"$bin" plan "$root/tests/cases/planning/growing.toml" -o "$work/plan_hipo" --solver hipo --solver-log >"$work/plan_hipo.out" 2>&1
check "plan --solver hipo exits 0" test $? -eq 0
check "plan --solver hipo runs HiPO" grep -q '^Running HiPO' "$work/plan_hipo.out"
check "plan --solver hipo: the same total" grep -q '"total_cost_cny": 827.55' "$work/plan_hipo/plan.json"
"$bin" paths "$root/tests/cases/paths/two_days.toml" -o "$work/p_hipo" --typical-days 1 --solver hipo --solver-log >"$work/p_hipo.out" 2>&1
check "paths --solver hipo exits 0" test $? -eq 0
check "paths --solver hipo runs HiPO" grep -q '^Running HiPO' "$work/p_hipo.out"
check "paths --solver hipo: the same prices" diff <(cut -d, -f1-3 "$work/p1d/paths.csv") <(cut -d, -f1-3 "$work/p_hipo/paths.csv")
"$bin" run "$root/tests/cases/paths/two_days.toml" -o "$work/run_hipo" --solver hipo --no-crossover --solver-log >"$work/run_hipo.out" 2>&1
check "run --solver hipo --no-crossover exits 0" test $? -eq 0
check "run --solver hipo runs HiPO" grep -q '^Running HiPO' "$work/run_hipo.out"

# Events for the program that started parkgrid (--events-fd, include/parkgrid/events.hpp): the
# solve's phases, one "solved" per solve, the results folder, and input problems with their fields.
"$bin" --events-fd 3 run "$root/examples/microgrid/scenario.toml" -o "$work/ev" --solver-log \
  3>"$work/ev.jsonl" >/dev/null 2>&1
check "--events-fd run exits 0" test $? -eq 0
check "events: a phase of the solve" grep -q '^{"event":"phase","phase":"' "$work/ev.jsonl"
check "events: one solve finished" test "$(grep -c '^{"event":"solved","phase":"done"' "$work/ev.jsonl")" -eq 1
check "events: the results folder" grep -q "^{\"event\":\"written\",\"folder\":\"$work/ev\"}" "$work/ev.jsonl"
"$bin" --events-fd 3 run "$work/bad/scenario.toml" -o "$work/evbad" 3>"$work/evbad.jsonl" >/dev/null 2>&1
check "--events-fd bad input exits 2" test $? -eq 2
check "events: a problem with its field and value" grep -q '"event":"problem".*"field":"demand_mw".*"value":"-3"' "$work/evbad.jsonl"
check "events: the problem's line number" grep -q '"event":"problem".*"line":10' "$work/evbad.jsonl"
"$bin" --events-fd 9 run "$root/examples/microgrid/scenario.toml" -o "$work/ev9" >/dev/null 2>"$work/ev9.err"
check "--events-fd of a closed descriptor exits 2" test $? -eq 2
check "--events-fd of a closed descriptor is named" grep -q -- '--events-fd 9: expected an open file descriptor' "$work/ev9.err"
check "--events-fd error writes nothing" test ! -e "$work/ev9"
# parkgrid sweep hands over to Python (docs/sweep.md): a bad spec and a missing interpreter are
# named with exit 2; tests/python/test_sweep.py runs sweeps end to end.
PARKGRID_PYTHON=/nonexistent/python "$bin" sweep "$root/tests/python/sweep/microgrid_oat.toml" -o "$work/sw" >"$work/sw.out" 2>"$work/sw.err"
check "sweep without its interpreter exits 2" test $? -eq 2
check "sweep names the interpreter" grep -q 'cannot start the Python interpreter "/nonexistent/python"' "$work/sw.err"
printf '[sweep]\nscenario = "%s"\ndesign = "latin"\n[[parameters]]\npath = "generators.pv.capex_cny_per_mw"\nvalues = [1.0]\n' "$(cd "$root" && pwd)/examples/microgrid/scenario.toml" >"$work/bad_sweep.toml"
"$bin" sweep "$work/bad_sweep.toml" -o "$work/sw2" >"$work/sw2.out" 2>"$work/sw2.err"
check "sweep with a bad design exits 2" test $? -eq 2
check "sweep names file, field and value" grep -q "bad_sweep.toml: sweep.design = 'latin'" "$work/sw2.err"
check "sweep wrote nothing" test ! -e "$work/sw2"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
