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
# A results folder of an older parkgrid (no marker, only the files parkgrid writes) is replaced;
# one extra file of the user's and it is refused.
rm "$work/empty/.parkgrid-results"
"$bin" run "$work/case/merit_order.toml" -o "$work/empty" >/dev/null 2>&1
check "run -o an older results folder exits 0" test $? -eq 0
rm "$work/empty/.parkgrid-results" && echo "mine" >"$work/empty/notes.txt"
"$bin" run "$work/case/merit_order.toml" -o "$work/empty" >/dev/null 2>&1
check "run -o an older results folder with a file of the user's exits 2" test $? -eq 2
check "the user's file is kept" test -s "$work/empty/notes.txt"
# export-pypsa replaces the CSV files of its folder and import-pypsa writes scenario.toml there:
# the scenario's own folder, the current folder and a folder that is not a PyPSA folder are
# refused, the scenario's CSV left in place.
"$bin" export-pypsa "$work/case/merit_order.toml" -o "$work/case" >/dev/null 2>"$work/xown.err"
check "export-pypsa -o the scenario's folder exits 2" test $? -eq 2
check "export-pypsa -o the scenario's folder keeps its CSV" test -s "$work/case/merit_order_load.csv"
(cd "$work/case" && "$bin" export-pypsa merit_order.toml -o . >/dev/null 2>&1)
check "export-pypsa -o . exits 2" test $? -eq 2
"$bin" export-pypsa "$work/case/merit_order.toml" -o "$work/mine" >/dev/null 2>"$work/xmine.err"
check "export-pypsa -o a folder that is not a PyPSA folder exits 2" test $? -eq 2
check "export-pypsa says it is not a PyPSA folder" grep -q 'is not empty and is not a PyPSA folder' "$work/xmine.err"
"$bin" export-pypsa "$work/case/merit_order.toml" -o "$work/px" >/dev/null 2>&1
"$bin" export-pypsa "$work/case/merit_order.toml" -o "$work/px" >/dev/null 2>&1
check "export-pypsa into its own earlier export exits 0" test $? -eq 0
"$bin" import-pypsa "$work/px" -o "$work/px" >/dev/null 2>"$work/ximp.err"
check "import-pypsa -o the PyPSA folder itself exits 2" test $? -eq 2

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
# The result says it is on typical days (issue 21, item 4): the flag and the weights in
# summary.json, a weight_hours column in the hourly CSVs (the microgrid's days all repeat: one
# representative day standing for 365).
check "summary.json says typical days" python3 -c "
import json, sys
s = json.load(open('$work/mg24/summary.json'))
sys.exit(0 if s['typical_days'] == 1 and s['typical_day_weights'][0]['weight_days'] == 365 and s['hours_represented'] == 8760 else 1)"
check "hourly CSVs carry weight_hours" grep -q '^snapshot,weight_hours,' "$work/mg24/generators.csv"

# ---- 5. plan --write-model, time limits, paths without a solution, "built" -------------------
# The Pinglu case needs its generated profiles (make profiles); on a fresh clone they are made
# here, in a copy of data/pinglu and data/tariffs (the scenario names ../tariffs/...).
pinglu="$root/data/pinglu/scenario.toml"
if [ ! -s "$root/data/pinglu/generated/profiles.csv" ]; then
  mkdir -p "$work/data/pinglu/generated"
  cp "$root"/data/pinglu/*.toml "$work/data/pinglu/" && cp -r "$root/data/pinglu/series" "$work/data/pinglu/" && cp -r "$root/data/tariffs" "$work/data/"
  bash "$root/scripts/pinglu-profiles.sh" "$bin" "$work/data/pinglu/generated" >/dev/null
  pinglu="$work/data/pinglu/scenario.toml"
fi
# A plan stopped by its time limit is reported as such (issue 20 as a new user met it), not as
# infeasible with an explanation; --write-model writes the plan's LP.
"$bin" plan "$pinglu" --typical-days 0 --time-limit 1 -o "$work/pl1" \
  --write-model "$work/plan.mps" >"$work/pl1.out" 2>"$work/pl1.err"
check "time-limited plan exits 4" test $? -eq 4
check "time-limited plan says time_limit" grep -q 'the solver stopped (time_limit)' "$work/pl1.err"
check "time-limited plan not infeasible" bash -c "! grep -qi 'infeasible' '$work/pl1.out' '$work/pl1.err'"
check "time-limited plan prints its status" grep -q 'Status 求解状态: time_limit' "$work/pl1.out"
check "plan.json status time_limit" grep -q '^  "status": "time_limit"' "$work/pl1/plan.json"
check "plan.json explains nothing" grep -q '"violations": \[\]' "$work/pl1/plan.json"
check "plan --write-model writes the LP" grep -q '^ROWS' "$work/plan.mps"
rm -f "$work/plan.mps"
"$bin" plan "$root/tests/cases/planning/growing.toml" -o "$work/plg" --foresight myopic \
  --write-model "$work/myopic.lp" >/dev/null 2>&1
check "myopic plan --write-model writes one LP per period" test -s "$work/myopic-2025.lp" -a -s "$work/myopic-2026.lp"
check "--write-model names rows and columns (block@period.component.snapshot)" \
  grep -q 'bus_balance@2025.0: +1 generator_p@2025.0 ' "$work/myopic-2025.lp"
# "built" in 2026/capacities.csv is what 2026 built, as in period_capacities.csv: 5 MW of PV on
# the 5 MW that 2025 built (growing.toml).
"$bin" plan "$root/tests/cases/planning/growing.toml" -o "$work/plg" >/dev/null 2>&1
check "period_capacities.csv built in 2026" grep -q '^2026,generator,pv,capacity_mw,MW,5.0000,10.0000$' "$work/plg/period_capacities.csv"
check "2026/capacities.csv agrees" grep -q '^generator,pv,capacity_mw,true,5.000000,10.000000,5.000000,' "$work/plg/2026/capacities.csv"
check "2026/summary.json agrees" python3 -c "
import json, sys
c = [x for x in json.load(open('$work/plg/2026/summary.json'))['capacities'] if x['name'] == 'pv'][0]
sys.exit(0 if abs(c['built'] - 5) < 1e-6 and abs(c['existing'] - 5) < 1e-6 else 1)"
# Paths stopped at a time limit without a solution: no price, no saving ("–", blank, null).
"$bin" paths "$pinglu" --time-limit 0.001 -o "$work/ptl" >"$work/ptl.out" 2>"$work/ptl.err"
check "time-limited paths exit 4" test $? -eq 4
check "time-limited path prints – for its price and saving" grep -qE 'baseline +– +– ' "$work/ptl.out"
check "time-limited path has a blank price in paths.csv" grep -q '^baseline,time_limit,,,' "$work/ptl/paths.csv"
check "time-limited path has a null price in paths.json" python3 -c "
import json, sys
p = json.load(open('$work/ptl/paths.json'))['paths']
sys.exit(0 if all(x['price_cny_per_kwh'] is None and x['saving_cny_per_kwh'] is None and not x['has_solution'] for x in p) else 1)"
check "time-limited path says no solution" grep -q 'path linkage is time_limit; no solution was found' "$work/ptl.err"

# ---- 6. export-pypsa: its own example, and the round trip keeps the grid connection ------------
ex=$("$bin" export-pypsa --help | sed -n 's/^Example: parkgrid //p')
check "export-pypsa --help has an example" test -n "$ex"
(cd "$root" && "$bin" ${ex/out\/microgrid_pypsa/$work\/ex_pypsa}) >"$work/ex.out" 2>&1
check "export-pypsa's own example runs" test $? -eq 0
check "the example notes the demand charge left out" grep -q 'demand charge of 32 CNY/kW·month left out' "$work/ex.out"
"$bin" export-pypsa "$root/examples/microgrid/scenario.toml" -o "$work/nodc" >/dev/null 2>"$work/nodc.err"
check "export-pypsa with a demand charge names the option" grep -q -- '--drop-demand-charge' "$work/nodc.err"
# Round trip of the microgrid: the import stays a grid connection (57.3 GWh imported, 88.9 % of
# capacity renewable: 40 MW PV of 40 + 5 MW generators) and the demand charge comes back from
# meta.json, so the cost is the original 46.20 million CNY (it was 57,345 -> 0 MWh imported and
# 57.1 % when the import came back as a 25 MW generator).
"$bin" import-pypsa "$work/ex_pypsa" -o "$work/ex_back" >"$work/imp.out" 2>&1
check "import-pypsa of parkgrid's export exits 0" test $? -eq 0
check "the round trip has one grid connection" grep -q '1 grid connections' "$work/imp.out"
check "the round trip keeps the demand charge" grep -q '^demand_charge_cny_per_kw_month = 32$' "$work/ex_back/scenario.toml"
"$bin" run "$work/ex_back/scenario.toml" -o "$work/ex_run" >"$work/ex_run.out" 2>&1
check "the round trip costs the same" grep -q 'Total annual cost 年总成本 *46.20 million' "$work/ex_run.out"
check "the round trip imports from the grid" grep -q 'Grid import 下网电量 *57.3 GWh' "$work/ex_run.out"
check "the round trip keeps the new-energy share" grep -q 'New-energy share of capacity 新能源装机占比 *88.9 %' "$work/ex_run.out"
# parkgrid re-imports its own Pinglu export (a green-share target and a demand charge).
"$bin" export-pypsa "$pinglu" -o "$work/pg_pypsa" --drop-demand-charge --drop-heat-extraction --uc off >/dev/null 2>&1
"$bin" import-pypsa "$work/pg_pypsa" -o "$work/pg_back" >/dev/null 2>"$work/pg_back.err"
check "parkgrid re-imports its Pinglu export" test $? -eq 0
check "the Pinglu round trip keeps the green-share target" grep -q '^min_green_share = 0.3$' "$work/pg_back/scenario.toml"

# ---- 7. messages that say what is wrong --------------------------------------------------------
mo="$root/tests/cases/merit_order.toml"
"$bin" run "$mo" -o "$work/m7" --time-limit 0 >/dev/null 2>"$work/tl0.err"
check "--time-limit 0 exits 2" test $? -eq 2
check "--time-limit 0 says > 0 briefly" grep -q -- '--time-limit: "0" is not a number > 0' "$work/tl0.err"
check "--time-limit 0 prints no 309-digit range" bash -c "! grep -q '179769313486' '$work/tl0.err'"
"$bin" run "$mo" -o "$work/m7" --threads -1 >/dev/null 2>"$work/th.err"
check "--threads -1 says >= 0" grep -q -- '--threads: "-1" is not a number >= 0' "$work/th.err"
"$bin" runn "$mo" >/dev/null 2>"$work/runn.err"
check "runn exits 2" test $? -eq 2
check "runn is named, with run suggested" grep -q 'unknown subcommand "runn" (did you mean "run"?)' "$work/runn.err"
"$bin" export-pypsa "$mo" -o "$work/mo_pypsa" >/dev/null 2>&1
"$bin" check "$work/mo_pypsa" >"$work/chk.out" 2>"$work/chk.err"
check "check accepts a PyPSA folder as run does" test $? -eq 0
check "check on a PyPSA folder counts its components" grep -q 'ok 检查通过 — 2 snapshots, 1 buses, 2 generators' "$work/chk.out"
"$bin" run "$mo" -o "$work/m7" --write-model "$work/m.txt" >/dev/null 2>"$work/wm.err"
check "--write-model m.txt exits 2" test $? -eq 2
check "--write-model m.txt says why" grep -q 'the file name must end in .mps (MPS) or .lp (CPLEX LP)' "$work/wm.err"
check "--write-model m.txt writes nothing" test ! -e "$work/m7"
"$bin" run "$mo" -o "$work/m7" --write-model "$work/nofolder/m.lp" >/dev/null 2>"$work/wm2.err"
check "--write-model into a missing folder says so" grep -q "the folder $work/nofolder does not exist" "$work/wm2.err"
"$bin" run "$mo" -o "$work/m7" >/dev/null 2>&1
mkdir -p "$work/repdir"
"$bin" report "$work/m7" -o "$work/repdir" >/dev/null 2>"$work/rep.err"
check "report -o FOLDER exits 2" test $? -eq 2
check "report -o FOLDER says why" grep -q "it is a folder; -o takes the report's file name" "$work/rep.err"

# ---- 8. options that were accepted and ignored -------------------------------------------------
"$bin" run "$mo" -o "$work/m8" --solver simplex --no-crossover >/dev/null 2>"$work/nc.err"
check "--no-crossover with simplex exits 2" test $? -eq 2
check "--no-crossover with simplex says why" grep -q -- '--no-crossover with --solver simplex: crossover follows an interior-point solve only' "$work/nc.err"
check "--no-crossover with simplex writes nothing" test ! -e "$work/m8"
"$bin" run "$mo" -o "$work/m8" --no-crossover >/dev/null 2>"$work/nc2.err"
check "--no-crossover with choose runs" test $? -eq 0
check "--no-crossover with choose warns" grep -q 'warning: --no-crossover with --solver choose' "$work/nc2.err"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
