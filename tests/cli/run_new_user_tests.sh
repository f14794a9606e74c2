#!/usr/bin/env bash
# The defects a new user hit (issue 21), end to end through the parkgrid binary: an output folder
# that holds the input, an empty supply, typical days, plan and paths outputs, the PyPSA round
# trip and the messages. Usage: run_new_user_tests.sh PATH/TO/parkgrid REPO_ROOT
set -u
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
root="$(cd "$2" && pwd)"
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

# ---- 1. -o never deletes what parkgrid did not write ------------------------------------------
# A scenario folder of its own, run with -o . (from inside it) and -o its own folder: refused
# with exit 2, the scenario still there, nothing else written.
mkdir -p "$work/case"
cp "$root/tests/cases/merit_order.toml" "$root/tests/cases/merit_order_load.csv" "$work/case/"
(cd "$work/case" && "$bin" run merit_order.toml -o . >"$work/dot.out" 2>"$work/dot.err")
check "run -o . exits 2" test $? -eq 2
check "run -o . says why" grep -q 'output folder . is the current folder or holds it' "$work/dot.err"
check "run -o . keeps the scenario" test -s "$work/case/merit_order.toml"
(cd "$work/case" && "$bin" paths merit_order.toml -o . >/dev/null 2>"$work/pdot.err")
check "paths -o . exits 2" test $? -eq 2
"$bin" run "$work/case/merit_order.toml" -o "$work/case" >/dev/null 2>"$work/own.err"
check "run -o the scenario's folder exits 2" test $? -eq 2
check "run -o the scenario's folder names the input" grep -q "holds the input $work/case/merit_order.toml" "$work/own.err"
"$bin" run "$work/case/merit_order.toml" -o "$work" >/dev/null 2>&1
check "run -o a parent of the scenario exits 2" test $? -eq 2
check "the scenario folder is intact" test "$(ls "$work/case" | wc -l)" -eq 2
# A folder that is not empty and holds no marker is refused; an empty one is fine; a folder
# parkgrid wrote (it holds .parkgrid-results) is replaced.
mkdir -p "$work/mine" && echo "keep me" >"$work/mine/notes.txt"
"$bin" run "$work/case/merit_order.toml" -o "$work/mine" >/dev/null 2>"$work/mine.err"
check "run -o a foreign non-empty folder exits 2" test $? -eq 2
check "run -o a foreign folder says why" grep -q 'is not empty and was not written by parkgrid' "$work/mine.err"
check "the foreign folder is untouched" grep -q "keep me" "$work/mine/notes.txt"
mkdir -p "$work/empty"
"$bin" run "$work/case/merit_order.toml" -o "$work/empty" >/dev/null 2>&1
check "run -o an empty folder exits 0" test $? -eq 0
check "results carry the marker" test -s "$work/empty/.parkgrid-results"
"$bin" run "$work/case/merit_order.toml" -o "$work/empty" >/dev/null 2>&1
check "run -o its own results folder again exits 0" test $? -eq 0

# ---- 2. a load with no supply at all is infeasible, and explained ------------------------------
"$bin" run "$root/tests/cases/no_supply.toml" -o "$work/ns" >"$work/ns.out" 2>&1
check "no supply exits 3" test $? -eq 3
check "no supply is infeasible" grep -q '"status": "infeasible"' "$work/ns/summary.json"
check "no supply explained" grep -q 'bus "b" is short by 5.0 MW' "$work/ns.out"

# ---- 3. typical days charge the demand charge of every month ----------------------------------
# The microgrid's days all repeat: on typical days it must cost what the full year costs, 46.20
# million CNY, its demand charge 12 months x 10.30 MW x 32,000 CNY/MW = 3.96 million (docs/cli.md,
# "An annotated run"); it cost 41.59 with 0.58 of demand charge when only the months of the
# representative days were charged.
"$bin" run "$root/examples/microgrid/scenario.toml" -o "$work/mg24" --typical-days 24 >"$work/mg24.out" 2>&1
check "microgrid on typical days exits 0" test $? -eq 0
check "microgrid on typical days costs 46.20 M" grep -q 'Total annual cost 年总成本 *46.20 million' "$work/mg24.out"
check "demand charge of 12 months" python3 -c "
import json, sys
s = json.load(open('$work/mg24/summary.json'))
dc = s['cost_by_category']['demand_charge_cny']
sys.exit(0 if abs(dc - 12 * 32000 * s['grid_peak_import_mw']) < 1e-3 * dc and dc > 3.9e6 else 1)"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
