#!/usr/bin/env bash
# The Pinglu default case end to end: weather -> PV and wind profiles -> least-cost build-out and
# hourly operation -> key figures, a plausibility check against the figures the seeds quote, the
# price of each electricity-reform path, and the multi-year plan along the project pipeline
# (2024-2030).
# Called by `make demo` after the build; BUILD names the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${BUILD:-build}"
PARKGRID="$BUILD/src/parkgrid"
CASE=data/pinglu
OUT=out/pinglu
EPW=data/weather/CHN_Shanxi.Datong.534870_CSWD.epw

echo "== 1/5 Weather to power 气象数据→风光出力 ($EPW) =="
# Wind corrected to 2,000 full-load hours at hub height (SOURCES.md A49); the uncorrected station
# series goes to profiles_station.csv, the sensitivity (docs/pinglu.md).
bash scripts/pinglu-profiles.sh "$PARKGRID" "$CASE/generated"

echo
echo "== 2/5 Least-cost build-out and hourly operation, 2025 最优规划与逐时运行 =="
echo "   (an LP of ~307,000 columns with the coal units' commitment relaxed (linear), process steam"
echo "    and heat; HiGHS's HiPO interior point without crossover, the fastest measured in"
echo "    bench/README.md, about 12 minutes on 2 cores; the answer is checked against the model)"
"$PARKGRID" run "$CASE/scenario.toml" -o "$OUT" --solver hipo --no-crossover

echo
echo "== 3/5 Plausibility against the seeds 与新闻报道数据的对照 =="
python3 - "$CASE/generated/weather_summary.json" "$OUT/summary.json" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))
pv = [c for c in s["capacities"] if c["family"] == "generator" and c["name"].startswith("pv") and c["optimal"] > 0]
pv_mw = sum(c["optimal"] for c in pv)
pv_h = sum(c["energy_mwh"] for c in pv) / pv_mw if pv_mw else float("nan")
ws = json.load(open(sys.argv[1].replace("weather_summary.json", "weather_summary_station.json")))
wind = [c for c in s["capacities"] if c["family"] == "generator" and c["name"].startswith("wind")]
wind_mw = sum(c["optimal"] for c in wind)
wind_h = sum(c["energy_mwh"] for c in wind) / wind_mw if wind_mw else 0.0
rows = [
    ("PV full-load hours 光伏等效利用小时", "~1,700 h (seed 003)",
     f"{w['full_load_hours_pv_fixed']:,.0f} h fixed / {w['full_load_hours_pv_single_axis']:,.0f} h tracking per MW AC; "
     f"{w['full_load_hours_pv_fixed'] / w['dc_ac_ratio']:,.0f} h per MWp DC; {pv_h:,.0f} h delivered after curtailment"),
    ("Mean wind speed 平均风速", "3.2 m/s (seed 003)",
     f"{w['mean_wind_measured_m_s']:.2f} m/s at 10 m (Datong), x{w.get('wind_scale_factor', 1.0):.3f} (A49) "
     f"-> {w['mean_wind_hub_m_s']:.2f} m/s at {w['hub_height_m']:.0f} m"),
    ("Wind full-load hours 风电利用小时", "not quoted; a hill-top farm near Datong: 2,119 h design (S43)",
     f"{w['full_load_hours_wind']:,.0f} h (corrected, A49; the station alone {ws['full_load_hours_wind']:,.0f} h); "
     f"{wind_mw:,.0f} MW built, {wind_h:,.0f} h delivered"),
    ("Park consumption 园区用电量", "not quoted (Pinglu sends out ~30 TWh/yr)",
     f"{s['load_energy_mwh'] / 1e6:,.2f} TWh in 2025"),
    ("New-energy share of capacity 新能源装机占比", "48 % (2023), 50 % target (2025), district",
     f"{100 * s['renewable_capacity_share']:.1f} % of the park model's generating capacity"),
    ("Green share of electricity 绿电电量占比", "1192号: >= 30 % of consumption",
     f"{100 * s['green_share']:.1f} %"),
]
width = max(len(r[0]) for r in rows)
for name, seed, model in rows:
    print(f"  {name:<{width}}  seeds 报道: {seed}\n  {'':<{width}}  model 模型: {model}")
print("\n  Why they differ, and why nothing was tuned to match: docs/pinglu.md, docs/weather.md.")
PY
echo
echo "Results 结果: $OUT/ (summary.json, capacities.csv, costs.csv, hourly CSVs for charts)"

echo
echo "== 4/5 The electricity reform paths 用电改革路径: the price each path gives the park =="
echo "   (on 24 typical days, seconds, dual simplex re-solving from the previous basis; the full year:"
echo "    parkgrid paths $CASE/scenario.toml -o OUT --solver hipo, minutes)"
"$PARKGRID" paths "$CASE/scenario.toml" -o out/pinglu-paths --solver simplex --typical-days 24

echo
echo "== 5/5 The project pipeline, year by year 项目投产进度与逐年规划 (2024-2030) =="
"$PARKGRID" pipeline "$CASE/scenario.toml"
echo "   (7 yearly periods on 24 typical days, perfect foresight: an LP of ~155,000 columns with the"
echo "    units' commitment relaxed and heat; HiPO, about 7 minutes on 2 cores)"
"$PARKGRID" plan "$CASE/scenario.toml" -o out/pinglu-plan --solver hipo

echo
echo "Web UI 网页界面: make serve, then open the address it prints, http://127.0.0.1:8080/?token=... (these results are shown there; 打开 make serve 打印的地址)"
