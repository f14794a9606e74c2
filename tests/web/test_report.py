"""`parkgrid report`: the feasibility-study energy chapter as one self-contained HTML file."""

import json
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

SECTIONS = ["case", "sources", "assumptions", "results", "key-figures", "capacities", "energy-balance",
            "costs", "dispatch", "soc", "price-duration", "paths", "waterfall", "paths-built",
            "sensitivity", "periods", "method"]
CHARTS = ["dispatch", "soc", "price-duration", "waterfall", "sensitivity", "periods-cost",
          "periods-investment"]


def run(parkgrid, *args):
    return subprocess.run([str(parkgrid), *map(str, args)], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def results(parkgrid, golden_runs, tmp_path_factory):
    """A microgrid run (full year), a second run for the sensitivity, and the hand-computed paths."""
    tmp = tmp_path_factory.mktemp("report")
    base = tmp / "microgrid"
    # `parkgrid run examples/microgrid/scenario.toml`, the run the golden comparison makes
    # (conftest.py), copied: periods files are added below.
    code, made = golden_runs("microgrid")
    assert code == 0
    shutil.copytree(made, base)
    (base / "periods.csv").write_text(
        "year,cost_of_supply_cny_per_kwh,green_share,co2_t,investment_cny,load_mwh\n"
        "2025,0.37,0.55,32000,2.1e8,126300\n2030,0.33,0.62,29000,4.0e7,131000\n")
    (base / "period_capacities.csv").write_text(
        "year,family,name,quantity,unit,built,standing\n2025,generator,pv,capacity_mw,MW,40,40\n2030,generator,pv,capacity_mw,MW,0,40\n")
    other = tmp / "microgrid_ipm"
    r = run(parkgrid, "run", "examples/microgrid/scenario.toml", "-o", other, "--solver", "simplex")
    assert r.returncode == 0, r.stderr
    paths = tmp / "paths"
    r = run(parkgrid, "paths", "tests/cases/paths/scenario.toml", "-o", paths,
            "--sensitivity", "coal_price_cny_per_tce=500,900")
    assert r.returncode == 0, r.stderr
    return tmp, base, other, paths


def test_report_has_every_section_and_chart(parkgrid, results):
    tmp, base, other, paths = results
    out = tmp / "report.html"
    r = run(parkgrid, "report", base, "-o", out, "--scenario", "examples/microgrid/scenario.toml",
            "--paths", paths, "--compare", other)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"Report 报告: {out}")
    html = out.read_text()
    for s in SECTIONS:
        assert f'id="{s}"' in html, s
    charts = re.findall(r'<svg [^>]*data-chart="([a-z-]+)"', html)
    for c in CHARTS:
        assert c in charts, c
    # Every chart drew something: areas, lines or bars.
    for svg in re.findall(r"<svg .*?</svg>", html, re.S):
        assert re.search(r"<(polygon|polyline|rect) ", svg), svg[:200]
    # Self-contained: no script, no stylesheet or image from elsewhere.
    assert "<script" not in html and "<link" not in html and "src=" not in html
    # Bilingual headings, and the figures of the run itself.
    assert "项目概况" in html and "The case" in html and "电价构成" in html and "Price waterfall" in html
    summary = json.loads((base / "summary.json").read_text())
    assert f"{summary['average_cost_cny_per_kwh']:.4f} CNY/kWh" in html
    p = json.loads((paths / "paths.json").read_text())
    assert f"{p['paths'][3]['price_cny_per_kwh']:.4f}" in html
    assert "coal_price_cny_per_tce" in html  # the paths' sensitivity table
    # the hand case's paybacks (tests/unit/test_paths.cpp, PaybackInWords): path 1 builds nothing
    # and saves, path 2 pays back its network in 0.7 years
    assert "none 无追加投资" in html and f"{p['paths'][2]['simple_payback_years']:.1f}" == "0.7"
    assert not list(tmp.glob(".report.html.tmp*"))


def test_report_of_pinglu_lists_its_sources(parkgrid, results, tmp_path):
    _, base, _, _ = results
    # The Pinglu scenario's notes cite SOURCES.md keys; the report resolves them. (The results of
    # the microgrid stand in for Pinglu's here: the case and sources come from the scenario.)
    if not (ROOT / "data/pinglu/generated/profiles.csv").exists():
        pytest.fail("data/pinglu/generated/profiles.csv is missing: make profiles")
    out = tmp_path / "pinglu.html"
    r = run(parkgrid, "report", base, "-o", out, "--scenario", "data/pinglu/scenario.toml")
    assert r.returncode == 0, r.stderr
    html = out.read_text()
    assert "data/pinglu/SOURCES.md" in html
    assert "<td>S22</td>" in html and "3.304" in html  # PV EPC price, its source entry
    assert "<td>A31</td>" in html and "Discount rate 6%" in html


def test_missing_or_malformed_results_are_clear_errors(parkgrid, results, tmp_path):
    _, base, _, paths = results
    out = tmp_path / "r.html"
    out.write_text("previous report")

    def fails(folder, expected, *extra):
        r = run(parkgrid, "report", folder, "-o", out, *extra)
        assert r.returncode == 2, r
        assert expected in r.stderr, r.stderr
        assert "nothing was written" in r.stderr
        assert out.read_text() == "previous report"  # untouched
        assert not list(tmp_path.glob(".r.html.tmp*"))

    fails(tmp_path / "nowhere", "nowhere: is not a results folder (no such folder)")
    fails(paths, "summary.json: is missing: not a results folder of `parkgrid run`")
    broken = tmp_path / "broken"
    shutil.copytree(base, broken)
    summary = json.loads((broken / "summary.json").read_text())
    del summary["green_share"]
    (broken / "summary.json").write_text(json.dumps(summary))
    fails(broken, f"{broken / 'summary.json'}: green_share is missing")
    summary["green_share"] = "high"
    (broken / "summary.json").write_text(json.dumps(summary))
    fails(broken, 'green_share = "high" (expected a number)')
    (broken / "summary.json").write_text("{\"scenario\": ")
    fails(broken, "summary.json: is not valid JSON")
    shutil.rmtree(broken)
    shutil.copytree(base, broken)
    lines = (broken / "generators.csv").read_text().splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ",abc"
    (broken / "generators.csv").write_text("\n".join(lines) + "\n")
    fails(broken, "generators.csv: line 6, column \"diesel_backup\" = \"abc\" (expected a number)")
    (broken / "generators.csv").unlink()
    fails(broken, "generators.csv: is missing although summary.json has a solution")
    shutil.rmtree(broken)
    shutil.copytree(base, broken)
    (broken / "periods.csv").write_text("period,cost\n1,2\n")
    fails(broken, "periods.csv: column \"year\" is missing from the header")
    fails(base, "paths.json: is missing", "--paths", base)
    # A folder that cannot be written is an error too, and nothing is left behind.
    r = run(parkgrid, "report", base, "-o", tmp_path / "no" / "such" / "dir" / "r.html")
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_year_by_year_is_formatted_with_units_and_explains_negative_operation_cost(
        parkgrid, results, tmp_path):
    """periods.csv as the planner's table (units in the headings, GWh, M CNY, %), the capacities
    pivoted by year with what was built that year, and a note on a year with a negative
    operation cost (export revenue above the energy costs)."""
    _, base, _, _ = results
    res = tmp_path / "plan"
    shutil.copytree(base, res)
    (res / "periods.csv").write_text(
        "year,load_mwh,cost_of_supply_cny_per_kwh,investment_cny,operation_cost_cny,green_share,"
        "co2_t,grid_export_mwh,status\n"
        "2024,317417.4,0.120057,4095980224.6,-344973172.1,0.464674,146149.9,1921975.1,optimal\n"
        "2025,6419773.3,0.214168,2655250682.6,743630571.1,0.351668,3591175.0,1125188.7,optimal\n")
    (res / "period_capacities.csv").write_text(
        "year,family,name,quantity,unit,built,standing\n"
        "2024,generator,pv_new,capacity_mw,MW,703.3273,703.3273\n"
        "2025,generator,pv_new,capacity_mw,MW,796.6727,1500.0\n"
        "2024,generator,wind_new,capacity_mw,MW,0,0\n2025,generator,wind_new,capacity_mw,MW,0,0\n")
    out = tmp_path / "r.html"
    r = run(parkgrid, "report", res, "-o", out)
    assert r.returncode == 0, r.stderr
    html = out.read_text()
    section = html[html.index('id="periods"'):html.index('id="method"')]
    cells = [re.sub(r"<.*?>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", section)]
    # 2024: 317.4 GWh, 0.1201 CNY/kWh, 4,096 M CNY, -345 M CNY, 46.5 %, 146.1 kt, 1,922.0 GWh
    assert cells[:9] == ["2024", "317.4", "0.1201", "4,096", "-345", "46.5 %", "146.1", "1,922.0",
                         "optimal"]
    assert "Operation cost M CNY" in section and "Grid export GWh" in section
    assert "In 2024 the operation cost is negative (-345 M CNY)" in section
    assert "In 2025" not in section
    # Capacities by year: standing, with what was built that year; never-built wind left out.
    assert ["generator pv_new", "capacity_mw", "MW", "703.3 (+703.3)", "1,500.0 (+796.7)"] == \
        cells[18:23]
    assert "wind_new" not in section and "1 candidate(s) never built are not listed" in section


def test_typical_day_result_is_not_a_quick_look(parkgrid, golden_runs, tmp_path):
    """Issue 21: a whole year on typical days was reported as a partial-year quick look, and its
    "first week" showed representative days months apart without saying so."""
    # `parkgrid run data/pinglu/scenario.toml --typical-days 24`, shared (conftest.py).
    code, out = golden_runs("pinglu_td24")
    assert code == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["typical_days"] == 24 and summary["hours_represented"] == pytest.approx(8760)
    assert sum(w["weight_days"] for w in summary["typical_day_weights"]) == pytest.approx(365)
    header = (out / "generators.csv").read_text().splitlines()[0].split(",")
    assert header[:2] == ["snapshot", "weight_hours"]
    report = tmp_path / "report.html"
    r = run(parkgrid, "report", out, "-o", report)
    assert r.returncode == 0, r.stderr
    html = report.read_text()
    assert "quick look" not in html and "快速预览" not in html
    assert "The whole year on 24 typical days" in html
    first = summary["typical_day_weights"][0]
    assert f"representative days 1–7 ({first['day'][5:]} ×{first['weight_days']:.0f}" in html
    assert "first week" not in html


def test_report_of_a_sweep(parkgrid, results, tmp_path):
    """`parkgrid report SWEEP_FOLDER`: the sweep's summary (each figure's mean and percentiles as
    summary.csv has them), the tornado, the scatter plots; `--sweep` adds the same section to a
    run's report; the reform paths' sweep gets the share of samples in which each path is
    cheapest."""
    import csv

    def sweep(spec, out):
        r = run(parkgrid, "sweep", ROOT / "tests/python/sweep" / spec, "-o", out, "--no-progress")
        assert r.returncode == 0, r.stderr
        with open(out / "summary.csv", encoding="utf-8") as f:
            return {row["figure"]: row for row in csv.DictReader(f)}

    oat = tmp_path / "oat"
    summary = sweep("microgrid_oat.toml", oat)
    r = run(parkgrid, "report", oat, "-o", tmp_path / "oat.html")
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "oat.html").read_text()
    for s in ("sweep", "sweep-summary", "sweep-tornado", "sweep-scatter", "method"):
        assert f'id="{s}"' in html, s
    assert "参数扫描与敏感性" in html and "Sweep and sensitivity" in html
    charts = re.findall(r'<svg [^>]*data-chart="([a-z_-]+)"', html)
    assert charts == ["tornado", "scatter-pv_capex", "scatter-buy_price_scale", "scatter-import_max",
                      "scatter-load_scale"]
    row = re.search(r"<tr><td>objective_cny</td>(.*?)</tr>", html).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells[0] == summary["objective_cny"]["samples"]
    assert cells[1] == f"{round(float(summary['objective_cny']['mean'])):,}"
    assert cells[4] == f"{round(float(summary['objective_cny']['p90'])):,}"
    tornado = re.search(r'<svg [^>]*data-chart="tornado".*?</svg>', html, re.S).group(0)
    assert tornado.count("<rect ") >= 3  # buy price and PV capex below and above the base

    # --sweep: the section in a run's report
    tmp, base, other, paths = results
    r = run(parkgrid, "report", base, "-o", tmp_path / "run.html", "--sweep", oat)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "run.html").read_text()
    assert 'id="results"' in html and 'id="sweep-tornado"' in html

    lhs = tmp_path / "lhs"
    summary = sweep("paths_lhs.toml", lhs)
    r = run(parkgrid, "report", lhs, "-o", tmp_path / "lhs.html")
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "lhs.html").read_text()
    assert 'id="sweep-cheapest"' in html and 'id="sweep-tornado"' not in html
    for i in ("baseline", "linkage", "distribution", "integration", "combined"):
        share = 100 * float(summary[f"cheapest.{i}"]["mean"])
        assert re.search(rf"<td>[^<]*{i}</td><td class=\"n\">{share:.1f} %</td>", html), i
    scatter = re.search(r'<svg [^>]*data-chart="scatter-coal_price_cny_per_tce".*?</svg>', html, re.S).group(0)
    assert scatter.count("<circle ") == 5 * 12  # five paths' prices in twelve samples

    # a sweep folder without its results.csv is named
    (lhs / "results.csv").unlink()
    r = run(parkgrid, "report", lhs, "-o", tmp_path / "bad.html")
    assert r.returncode == 2 and "results.csv" in r.stderr
    assert not (tmp_path / "bad.html").exists()


def test_report_says_how_the_committable_units_ran(parkgrid, tmp_path):
    """Issue 14: the coal units' starts, hours at minimum load, hours offline, full-load hours,
    start-up cost and the flexibility retrofit, from the hand case tests/cases/uc/retrofit_pays.toml
    (one unit at 30 MW in the two PV snapshots of 2,190 h, retrofitted for 2,000,000 CNY a year)."""
    out = tmp_path / "uc"
    r = run(parkgrid, "run", "tests/cases/uc/retrofit_pays.toml", "-o", out)
    assert r.returncode == 0, r.stderr
    report = tmp_path / "report.html"
    r = run(parkgrid, "report", out, "-o", report)
    assert r.returncode == 0, r.stderr
    html = report.read_text()
    assert 'id="unit-commitment"' in html
    assert "机组运行" in html and "How the committable units ran" in html
    assert "relative gap 0.000 %" in html
    section = html[html.index('id="unit-commitment"'):]
    section = section[:section.index("</table>", section.index("Flexibility retrofit")) + 8]
    # coal: 1 unit of 100 MW, no start, 4,380 h at minimum load, none offline, 4,818 full-load h.
    assert re.search(r"<td>coal</td><td class=\"n\">1\.0</td><td class=\"n\">100</td>"
                     r"<td class=\"n\">0\.0</td><td class=\"n\">4,380</td><td class=\"n\">0</td>"
                     r"<td class=\"n\">4,818</td><td class=\"n\">0\.00</td>", section), section
    # Retrofit: 1 unit, 100 MW, down to 30 %, 2.00 M CNY a year.
    assert re.search(r"<td>coal</td><td class=\"n\">1\.00</td><td class=\"n\">100\.0</td>"
                     r"<td class=\"n\">30\.0 %</td><td class=\"n\">2\.00</td>", section), section
    # A malformed entry is named.
    bad = json.loads((out / "summary.json").read_text())
    bad["unit_commitment"]["units"][0]["starts"] = "many"
    (out / "summary.json").write_text(json.dumps(bad))
    r = run(parkgrid, "report", out, "-o", tmp_path / "bad.html")
    assert r.returncode != 0
    assert "unit_commitment.units[0].starts" in r.stderr and "many" in r.stderr


def test_no_unit_commitment_section_without_committable_units(parkgrid, tmp_path):
    out = tmp_path / "off"
    r = run(parkgrid, "run", "tests/cases/uc/retrofit_pays.toml", "-o", out, "--uc", "off")
    assert r.returncode == 0, r.stderr
    r = run(parkgrid, "report", out, "-o", tmp_path / "off.html")
    assert r.returncode == 0, r.stderr
    assert 'id="unit-commitment"' not in (tmp_path / "off.html").read_text()
