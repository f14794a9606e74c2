"""Sweeps (python/parkgrid/sweep.py, `parkgrid sweep`, docs/sweep.md): named errors for bad
specifications, the designs, a Dask LocalCluster of two workers against the same samples run one
by one, resuming an interrupted sweep (each sample exactly once), infeasible samples recorded.
Needs `make python` and the CLI in $PARKGRID_BUILD_DIR (default build/)."""

from __future__ import annotations

import csv
import json
import math
import os
import pathlib
import signal
import subprocess
import sys
import time
import tomllib

import pytest
import tomli_w

import parkgrid
from parkgrid import sweep

ROOT = pathlib.Path(__file__).resolve().parents[2]
MICROGRID = ROOT / "examples" / "microgrid" / "scenario.toml"
OAT = ROOT / "tests" / "python" / "sweep" / "microgrid_oat.toml"
PATHS_SPEC = ROOT / "tests" / "python" / "sweep" / "paths_lhs.toml"
PATHS_CASE = ROOT / "tests" / "cases" / "paths" / "two_days.toml"
PLAN_SPEC = ROOT / "tests" / "python" / "sweep" / "plan_grid.toml"
BUILD = pathlib.Path(os.environ.get("PARKGRID_BUILD_DIR", "build"))
CLI = (BUILD if BUILD.is_absolute() else ROOT / BUILD) / "src" / "parkgrid"


def write_spec(tmp_path, sweep_table: dict, parameters: list[dict], name="spec.toml"):
    doc = {"sweep": {"scenario": str(MICROGRID), "typical_days": 2, **sweep_table},
           "parameters": parameters}
    path = tmp_path / name
    path.write_text(tomli_w.dumps(doc))
    return path


PV = {"name": "pv_capex", "path": "generators.pv.capex_cny_per_mw", "range": [2.0e6, 4.5e6]}
PRICE = {"name": "price", "path": "grid_connections.grid_110kv.buy_price_cny_per_mwh",
         "mode": "scale", "range": [0.7, 1.3]}
IMPORT = {"name": "import_max", "path": "grid_connections.grid_110kv.import_max_mw",
          "values": [25, 30]}


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---- named errors before any solve --------------------------------------------------------------


@pytest.mark.parametrize(
    "sweep_table, parameters, field, value",
    [
        ({"design": "montecarlo"}, [PV | {"steps": 3}], "sweep.design", "montecarlo"),
        ({"design": "oat"}, [PV], "parameters[0].steps", "None"),
        ({"design": "lhs"}, [PV], "sweep.samples", "None"),
        ({"design": "sobol", "samples": 6}, [PV], "sweep.samples", "6"),
        ({"design": "lhs", "samples": 4, "run": "plan"}, [PV], "sweep.run", "plan"),
        ({"design": "lhs", "samples": 4, "figures": ["price"]}, [PV], "sweep.figures", "price"),
        ({"design": "lhs", "samples": 4}, [PV | {"path": "generators.pv_nowhere.capex_cny_per_mw"}],
         "parameters[0].path", "generators.pv_nowhere.capex_cny_per_mw"),
        ({"design": "lhs", "samples": 4}, [PV | {"range": [5.0, 1.0]}], "parameters[0].range",
         "[5.0, 1.0]"),
        ({"design": "lhs", "samples": 4}, [PV | {"distribution": "cauchy"}],
         "parameters[0].distribution", "cauchy"),
        ({"design": "lhs", "samples": 4}, [{"name": "route", "switch": {"a": "missing.toml"}}],
         "parameters[0].switch.a", "missing.toml"),
        ({"design": "lhs", "samples": 4},
         [{"name": "load", "path": "loads.factory_load.demand_mw", "range": [1, 2]}],
         "parameters[0].path", "loads.factory_load.demand_mw"),
        ({"design": "lhs", "samples": 4},
         [PV, {"name": "case", "switch": {"micro": str(MICROGRID),
                                          "merit": str(ROOT / "tests/cases/merit_order.toml")}}],
         "parameters[0].path", "generators.pv.capex_cny_per_mw"),
        ({"design": "lhs", "samples": 4, "colour": 1}, [PV], "sweep.colour", "1"),
        # the microgrid has no [paths] section; a figure of one year is not a path's figure
        ({"design": "lhs", "samples": 4, "run": "paths"}, [PV], "sweep.run", "paths"),
        ({"design": "lhs", "samples": 4, "run": "paths", "scenario": str(PATHS_CASE),
          "figures": ["average_cost_cny_per_kwh"]},
         [{"name": "coal", "path": "paths.coal_price_cny_per_tce", "range": [300, 900]}],
         "sweep.figures", "average_cost_cny_per_kwh"),
        # values the scenario reader refuses, or that cannot be scaled: named before any solve,
        # not once per sample
        ({"design": "lhs", "samples": 4}, [PV | {"range": [-1.0e6, 2.0e6]}], "parameters[0].range",
         "-1000000.0"),
        ({"design": "lhs", "samples": 4}, [PV, IMPORT | {"values": [25, -5]}], "parameters[1].values",
         "-5"),
        ({"design": "lhs", "samples": 4},
         [{"name": "bus", "path": "generators.pv.bus", "values": ["factory", "nowhere"]}],
         "parameters[0].values", "nowhere"),
        ({"design": "lhs", "samples": 4},
         [{"name": "carrier", "path": "generators.pv.carrier", "mode": "scale", "range": [0.9, 1.1]}],
         "parameters[0].range", "0.9"),
    ],
)
def test_bad_spec_is_named(tmp_path, sweep_table, parameters, field, value):
    spec = write_spec(tmp_path, sweep_table, parameters)
    with pytest.raises(sweep.SpecError) as e:
        sweep.read_spec(spec)
    assert e.value.field == field
    assert str(spec) in str(e.value) and field in str(e.value) and value in str(e.value)


def test_a_switch_to_a_scenario_the_reader_refuses_is_named(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(MICROGRID.read_text().replace("import_max_mw = 25", "import_max_mw = -25"))
    spec = write_spec(tmp_path, {"design": "lhs", "samples": 4},
                      [PV, {"name": "case", "switch": {"micro": str(MICROGRID), "bad": str(bad)}}])
    with pytest.raises(sweep.SpecError) as e:
        sweep.read_spec(spec)
    assert e.value.field == "parameters[1].switch.bad"
    assert "import_max_mw" in str(e.value) and str(bad) in str(e.value)


@pytest.mark.parametrize("dask", ["local:0", "local:x", "udp://1.2.3.4:8786"])
def test_bad_dask_address_exits_2_and_writes_nothing(tmp_path, dask):
    spec = write_spec(tmp_path, {"design": "lhs", "samples": 2}, [PV])
    out = tmp_path / "out"
    p = subprocess.run([CLI, "sweep", spec, "-o", out, "--dask", dask], capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    assert "--dask" in p.stderr and dask in p.stderr
    assert not out.exists()


def test_cli_bad_spec_exits_2_and_writes_nothing(tmp_path):
    spec = write_spec(tmp_path, {"design": "grid"}, [PV])
    out = tmp_path / "out"
    p = subprocess.run([CLI, "sweep", spec, "-o", out], capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    assert "parameters[0].steps" in p.stderr and str(spec) in p.stderr
    assert not out.exists()


# ---- designs ------------------------------------------------------------------------------------


def test_scaling_a_series_read_from_a_file_sets_its_scale():
    # A CSV column cannot be multiplied in the document: its `scale` factor is (the reader
    # multiplies the column by it, tests/unit/test_scenario_reader.cpp).
    doc = {"grid_connections": [{"name": "g", "market_price_cny_per_mwh":
                                 {"file": "spot.csv", "column": "spot"}}]}
    sweep.set_path(doc, "grid_connections.g.market_price_cny_per_mwh", 1.2, mode="scale")
    assert doc["grid_connections"][0]["market_price_cny_per_mwh"] == {
        "file": "spot.csv", "column": "spot", "scale": 1.2}
    sweep.set_path(doc, "grid_connections.g.market_price_cny_per_mwh", 1.5, mode="scale")
    assert math.isclose(doc["grid_connections"][0]["market_price_cny_per_mwh"]["scale"], 1.8)
    daily = {"daily": [1.0] * 24}
    assert sweep._scaled(daily, 2.0) == {"daily": [2.0] * 24}


def test_oat_and_grid_designs():
    spec = sweep.read_spec(OAT)
    samples = sweep.design(spec)
    # base + pv 3 steps (base 3.3e6 not among them) + price 2 + import 1 + load 1
    assert len(samples) == 1 + 3 + 2 + 1 + 1
    base = samples[0]
    assert base == {"pv_capex": 3.3e6, "buy_price_scale": 1.0, "import_max": 25, "load_scale": 1.0}
    for s in samples[1:]:  # exactly one parameter off its base value
        assert sum(s[k] != base[k] for k in base) == 1
    spec.design = "grid"
    assert len(sweep.design(spec)) == 3 * 3 * 2 * 2


def test_lhs_morris_sobol_sizes_and_strata(tmp_path):
    spec = sweep.read_spec(write_spec(tmp_path, {"design": "lhs", "samples": 10, "seed": 3},
                                      [PV, PRICE, IMPORT]))
    s = sweep.design(spec)
    assert len(s) == 10
    strata = sorted(int((x["pv_capex"] - 2.0e6) / 2.5e6 * 10) for x in s)
    assert strata == list(range(10))  # a Latin hypercube: one sample in each tenth
    assert sweep.design(spec) == s  # deterministic for a seed
    spec.design, spec.samples = "morris", 4
    assert len(sweep.design(spec)) == 4 * (3 + 1)
    spec.design, spec.samples = "sobol", 8
    assert len(sweep.design(spec)) == 8 * (3 + 2)


# ---- LocalCluster (two workers) against one by one ----------------------------------------------


def test_local_cluster_matches_one_by_one(tmp_path):
    spec_path = write_spec(tmp_path, {"design": "lhs", "samples": 8, "seed": 7}, [PV, PRICE, IMPORT])
    spec = sweep.read_spec(spec_path)
    info = sweep.run_sweep(spec, str(tmp_path / "dask"), dask="local:2", progress=False)
    assert info == info | {"samples": 8, "ran": 8, "skipped": 0}
    rows = read_csv(tmp_path / "dask" / "results.csv")
    assert [int(r["sample"]) for r in rows] == list(range(8))
    assert all(int(r["worker_pid"]) != os.getpid() for r in rows)  # solved on the workers
    base = tomllib.loads(MICROGRID.read_text())
    for r, values in zip(rows, sweep.design(spec)):
        # the same sample by hand: the scenario edited and solved on its own
        doc = tomllib.loads(MICROGRID.read_text())
        doc["generators"][0]["capex_cny_per_mw"] = values["pv_capex"]
        doc["grid_connections"][0]["buy_price_cny_per_mwh"]["daily"] = [
            x * values["price"] for x in base["grid_connections"][0]["buy_price_cny_per_mwh"]["daily"]]
        doc["grid_connections"][0]["import_max_mw"] = values["import_max"]
        one = tmp_path / f"one_{r['sample']}.toml"
        one.write_text(tomli_w.dumps(doc))
        res = parkgrid.read(one).optimize(solver="simplex", threads=1, typical_days=2)
        assert r["status"] == "optimal"
        assert float(r["objective_cny"]) == pytest.approx(res.objective, rel=1e-7)
        assert float(r["p.pv_capex"]) == values["pv_capex"]
    # each worker's first sample is cold, its later ones (costs and bounds only) warm
    assert 1 <= sum(r["solve"] == "cold" for r in rows) <= 2
    assert sum(r["solve"] == "warm" for r in rows) >= 6
    summary = {r["figure"]: r for r in read_csv(tmp_path / "dask" / "summary.csv")}
    objs = sorted(float(r["objective_cny"]) for r in rows)
    assert float(summary["objective_cny"]["mean"]) == pytest.approx(sum(objs) / 8)
    assert float(summary["objective_cny"]["min"]) == objs[0]


def test_warm_equals_cold_and_structure_change_is_cold(tmp_path):
    spec = sweep.read_spec(OAT)
    warm = sweep.run_sweep(spec, str(tmp_path / "w"), progress=False)
    spec.warm = False
    cold = sweep.run_sweep(spec, str(tmp_path / "c"), progress=False)
    assert warm["samples"] == cold["samples"] == 8
    w, c = read_csv(tmp_path / "w" / "results.csv"), read_csv(tmp_path / "c" / "results.csv")
    assert all(r["solve"] == "cold" for r in c)
    assert [r["solve"] for r in w][:6] == ["cold"] + ["warm"] * 5  # costs and bounds only
    for a, b in zip(w, c):
        assert a["status"] == b["status"]
        if a["status"] == "optimal":
            assert float(a["objective_cny"]) == pytest.approx(float(b["objective_cny"]), rel=1e-7)


# ---- sweeps of the reform paths ----------------------------------------------------------------


def test_paths_sweep_matches_parkgrid_paths_one_by_one(tmp_path):
    """Each sample's five prices against `parkgrid paths --typical-days 1` of the same edited
    scenario (the CLI, not the binding), and the summary (each path's mean, P10, P50, P90; the
    share of samples in which each path is cheapest) against those prices."""
    import numpy as np

    spec = sweep.read_spec(PATHS_SPEC)
    out = tmp_path / "sweep"
    info = sweep.run_sweep(spec, str(out), progress=False)
    assert info == info | {"samples": 12, "ran": 12}
    rows = read_csv(out / "results.csv")
    (tmp_path / "flat_tariff.toml").write_text((PATHS_CASE.parent / "flat_tariff.toml").read_text())
    prices = {i: [] for i in sweep.PATH_IDS}
    cheapest = []
    for r, values in zip(rows, sweep.design(spec)):
        doc = tomllib.loads(PATHS_CASE.read_text())
        doc["paths"]["coal_price_cny_per_tce"] = values["coal_price_cny_per_tce"]
        doc["paths"]["distribution_capex_cny"] = values["distribution_capex_cny"]
        doc["generators"][1]["capex_cny_per_mw"] = values["pv_capex_cny_per_mw"]
        one = tmp_path / f"one_{r['sample']}.toml"
        one.write_text(tomli_w.dumps(doc))
        p = subprocess.run([CLI, "paths", one, "--typical-days", "1", "-o", tmp_path / f"p{r['sample']}",
                            "--no-progress"], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        ref = json.loads((tmp_path / f"p{r['sample']}" / "paths.json").read_text())["paths"]
        assert [x["id"] for x in ref] == list(sweep.PATH_IDS)
        assert r["status"] == "optimal"
        for x in ref:
            assert x["status"] == "optimal"
            assert float(r[f"{x['id']}.price_cny_per_kwh"]) == pytest.approx(
                x["price_cny_per_kwh"], rel=1e-9)
            assert float(r[f"{x['id']}.green_share"]) == pytest.approx(x["green_share"], abs=1e-9)
            prices[x["id"]].append(x["price_cny_per_kwh"])
        low = min(x["price_cny_per_kwh"] for x in ref)
        cheapest.append(next(x["id"] for x in ref if x["price_cny_per_kwh"] - low <= 1e-6))
        assert r["cheapest"] == cheapest[-1]
    assert len(set(cheapest)) >= 3  # the design spans the decision: several paths win somewhere
    summary = {r["figure"]: r for r in read_csv(out / "summary.csv")}
    for i in sweep.PATH_IDS:
        v = np.array(prices[i])
        row = summary[f"{i}.price_cny_per_kwh"]
        assert int(row["samples"]) == 12
        for k, want in (("mean", v.mean()), ("p10", np.percentile(v, 10)),
                        ("p50", np.percentile(v, 50)), ("p90", np.percentile(v, 90))):
            assert float(row[k]) == pytest.approx(want, rel=1e-9), (i, k)
        share = summary[f"cheapest.{i}"]
        assert (int(share["samples"]), float(share["mean"])) == (12, cheapest.count(i) / 12)
    assert sum(float(summary[f"cheapest.{i}"]["mean"]) for i in sweep.PATH_IDS) == pytest.approx(1)
    # what each path builds: PV in the paths with on-site generation, none in the others
    assert float(summary["built.integration.pv.capacity_mw"]["min"]) > 0
    assert not any(k.startswith(("built.baseline.", "built.linkage.")) for k in summary)


# ---- the plan -----------------------------------------------------------------------------------


def test_plan_sweep_matches_the_hand_computed_plans(tmp_path):
    """tests/cases/planning/growing.toml, worked by hand: a = CRF(10 %, 20 y) x capex per MW and
    year, CRF = 0.117459624. At 500 CNY/MW (a = 58.7298 < 100 CNY/MWh of backup) PV is built,
    5 MW in 2025 and 5 in 2026: total = 5a + 10a / 1.1 = 827.556 CNY, 2026 at a / 1000 =
    0.0587298 CNY/kWh, all green. At 5,000 CNY/MW (a = 587.3) the backup runs: total = 5 x 100
    + 10 x 100 / 1.1 = 1,409.091 CNY, 0.1 CNY/kWh, no green."""
    spec = sweep.read_spec(PLAN_SPEC)
    assert spec.plan_years == (2025, 2026) and spec.typical_days == -1
    assert sweep.figure_columns(spec) == [
        "total_cost_cny", "2025.average_cost_cny_per_kwh", "2026.average_cost_cny_per_kwh",
        "2025.green_share", "2026.green_share"]
    out = tmp_path / "plan"
    info = sweep.run_sweep(spec, str(out), progress=False)
    assert info["samples"] == 2
    rows = {float(r["p.pv_capex_cny_per_mw"]): r for r in read_csv(out / "results.csv")}
    a = 0.117459624 * 500
    cheap, dear = rows[500.0], rows[5000.0]
    assert cheap["status"] == dear["status"] == "optimal"
    assert float(cheap["total_cost_cny"]) == pytest.approx(5 * a + 10 * a / 1.1, rel=1e-6)
    assert float(cheap["2026.average_cost_cny_per_kwh"]) == pytest.approx(a / 1000, rel=1e-6)
    assert float(cheap["2026.green_share"]) == pytest.approx(1.0, abs=1e-9)
    assert float(cheap["built.pv.capacity_mw"]) == pytest.approx(10.0, rel=1e-9)
    assert float(dear["total_cost_cny"]) == pytest.approx(500 + 1000 / 1.1, rel=1e-6)
    assert float(dear["2025.average_cost_cny_per_kwh"]) == pytest.approx(0.1, rel=1e-6)
    assert float(dear["2026.green_share"]) == pytest.approx(0.0, abs=1e-9)
    assert float(dear["built.pv.capacity_mw"]) == pytest.approx(0.0, abs=1e-9)
    # the same plan as `parkgrid plan` (the CLI's discounted total in plan.json)
    r = subprocess.run([CLI, "plan", PLAN_SPEC.parent / spec.scenario, "-o", tmp_path / "cli"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    total = json.loads((tmp_path / "cli" / "plan.json").read_text())["total_cost_cny"]
    assert float(cheap["total_cost_cny"]) == pytest.approx(total, rel=1e-9)
    summary = {x["figure"]: x for x in read_csv(out / "summary.csv")}
    assert float(summary["total_cost_cny"]["max"]) == pytest.approx(500 + 1000 / 1.1, rel=1e-6)


def test_plan_sweep_needs_planning_years(tmp_path):
    spec = write_spec(tmp_path, {"run": "plan"}, [PV | {"steps": 2}])
    with pytest.raises(sweep.SpecError, match=r"no \[planning\] years"):
        sweep.read_spec(spec)


# ---- infeasible samples, tornado ----------------------------------------------------------------


def test_infeasible_sample_is_recorded_and_sweep_goes_on(tmp_path):
    out = tmp_path / "oat"
    info = sweep.run_sweep(sweep.read_spec(OAT), str(out), progress=False)
    rows = read_csv(out / "results.csv")
    assert info["samples"] == len(rows) == 8
    bad = [r for r in rows if r["status"] != "optimal"]
    assert len(bad) == 1 and bad[0]["p.load_scale"] == "5.0"
    assert bad[0]["status"] == "infeasible" and "short by" in bad[0]["explanation"]
    assert math.isnan(float(bad[0]["objective_cny"]))
    summary = {r["figure"]: r for r in read_csv(out / "summary.csv")}
    assert summary["infeasible_or_failed"]["samples"] == "1"
    pv = [float(r["built.pv.capacity_mw"]) for r in rows if r["status"] == "optimal"]
    assert float(summary["built.pv.capacity_mw"]["max"]) == max(pv)  # what is built, summarised
    tornado = [r for r in read_csv(out / "sensitivity.csv") if r["figure"] == "objective_cny"]
    assert [r["parameter"] for r in tornado][:2] == ["buy_price_scale", "pv_capex"]
    assert float(tornado[0]["low"]) < float(tornado[0]["base"]) < float(tornado[0]["high"])


def test_morris_indices_find_the_parameter_without_effect(tmp_path):
    spec = sweep.read_spec(write_spec(tmp_path, {"design": "morris", "samples": 4, "levels": 4,
                                                 "figures": ["objective_cny"]}, [PV, PRICE, IMPORT]))
    sweep.run_sweep(spec, str(tmp_path / "m"), progress=False)
    mu = {r["parameter"]: float(r["mu_star"]) for r in read_csv(tmp_path / "m" / "sensitivity.csv")}
    assert mu["price"] > mu["pv_capex"] > 0
    assert mu["import_max"] == pytest.approx(0.0, abs=1e-3 * mu["price"])


# ---- nothing lost: resume -----------------------------------------------------------------------


def test_resume_after_partial_output(tmp_path):
    spec = sweep.read_spec(write_spec(tmp_path, {"design": "lhs", "samples": 6}, [PV, PRICE]))
    out = tmp_path / "r"
    sweep.run_sweep(spec, str(out), progress=False)
    parts = out / "parts"
    kept = {p.name: p.stat().st_mtime_ns for p in parts.iterdir()}
    (parts / "sample_000002.csv").unlink()
    (parts / "sample_000004.csv").unlink()
    (parts / "sample_000004.csv.tmp-999").write_text("sample,key\n4,trunc")  # a write cut short
    del kept["sample_000002.csv"], kept["sample_000004.csv"]
    with pytest.raises(sweep.SpecError):  # the same folder without --resume is refused
        sweep.run_sweep(spec, str(out), progress=False)
    info = sweep.run_sweep(spec, str(out), resume=True, progress=False)
    assert (info["ran"], info["skipped"]) == (2, 4)
    assert {p.name: p.stat().st_mtime_ns for p in parts.iterdir() if p.name in kept} == kept
    rows = read_csv(out / "results.csv")
    assert [int(r["sample"]) for r in rows] == list(range(6))
    spec.seed = 2  # another design in the same folder is refused
    with pytest.raises(sweep.SpecError, match="--resume"):
        sweep.run_sweep(spec, str(out), resume=True, progress=False)


def test_resume_after_kill(tmp_path):
    spec = write_spec(tmp_path, {"design": "grid", "figures": ["objective_cny"]},
                      [PV | {"steps": 10}, PRICE | {"steps": 10}])
    out = tmp_path / "k"
    cmd = [sys.executable, "-m", "parkgrid.sweep", str(spec), "-o", str(out), "--no-progress"]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        if (out / "parts").is_dir() and len(list((out / "parts").glob("sample_*.csv"))) >= 5:
            break
        time.sleep(0.01)
    p.send_signal(signal.SIGKILL)
    p.wait()
    before = len(list((out / "parts").glob("sample_*.csv")))
    assert 5 <= before < 100, before  # killed mid-sweep
    # samples are read from text as if they were the scenario: nothing is left beside it
    assert not list(MICROGRID.parent.glob(".sweep-*")), list(MICROGRID.parent.glob(".sweep-*"))
    r = subprocess.run([CLI, "sweep", spec, "-o", out, "--resume", "--no-progress"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert f"({100 - before} run, {before} already done)" in r.stdout
    # the closing line names the files written: a grid design has no sensitivity indices
    assert "results.csv, summary.csv, parts/" in r.stdout and "sensitivity.csv" not in r.stdout
    rows = read_csv(out / "results.csv")
    assert sorted(int(x["sample"]) for x in rows) == list(range(100))
    assert all(x["status"] == "optimal" for x in rows)


# ---- the progress bar ---------------------------------------------------------------------------


def test_progress_bar_shows_rate_and_time_left():
    import io

    assert [sweep.duration_text(x) for x in (0.4, 42, 250, 7500, float("nan"))] == [
        "0 s", "42 s", "4 min 10 s", "2 h 05 min", "?"]
    out = io.StringIO()  # not a terminal: one line per twentieth of the design
    now = [100.0]
    bar = sweep.Progress(40, 10, stream=out, clock=lambda: now[0])  # resumed: 10 done before
    now[0] += 10.0  # 10 s later
    bar.tick(2)
    now[0] += 140.0
    bar.tick(28)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[#########.....................] 12/40 samples")
    # 2 samples in 10 s: 0.2/s, 28 left: 140 s
    assert "0.20/s" in lines[0] and "ETA 剩余 2 min 20 s" in lines[0], lines[0]
    assert lines[1].startswith("[" + "#" * 30 + "] 40/40") and "ETA 剩余 0 s" in lines[1]
    assert "2 min 30 s elapsed" in lines[1]


def test_typical_days_kept_between_samples_only_for_equal_inputs(tmp_path):
    """The binding keeps the last choice of typical days: a sample whose PV profile differs day
    to day in another way must choose its own days. The microgrid with a year of PV availability
    (two profiles: a seasonal one, and one with cloudy weeks), each objective of seasonal,
    cloudy, seasonal (one process, one WarmSession) against `parkgrid run --typical-days 3` of
    the same file (a process of its own, nothing kept)."""
    import datetime

    daily = tomllib.loads(MICROGRID.read_text())["generators"][0]["availability_pu"]["daily"]
    start = datetime.datetime(2025, 1, 1)
    rows = ["snapshot,seasonal,cloudy"]
    for h in range(8760):
        d = h // 24
        seasonal = 0.6 + 0.4 * math.sin(2 * math.pi * d / 365)
        cloudy = 0.2 if (d // 7) % 3 == 0 else 1.0
        at = (start + datetime.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M")
        rows.append(f"{at},{daily[h % 24] * seasonal:.6f},{daily[h % 24] * cloudy:.6f}")
    (tmp_path / "pv.csv").write_text("\n".join(rows) + "\n")
    files = {}
    for column in ("seasonal", "cloudy"):
        doc = tomllib.loads(MICROGRID.read_text())
        doc["generators"][0]["availability_pu"] = {"file": str(tmp_path / "pv.csv"), "column": column}
        files[column] = tmp_path / f"{column}.toml"
        files[column].write_text(tomli_w.dumps(doc))
    session = parkgrid.WarmSession()
    got = [(k, session.optimize(parkgrid.read(files[k]), typical_days=3).objective)
           for k in ("seasonal", "cloudy", "seasonal")]
    days = {}
    for k, objective in got:
        out = tmp_path / k
        r = subprocess.run([CLI, "run", files[k], "--typical-days", "3", "-o", out,
                            "--solver", "simplex"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        summary = json.loads((out / "summary.json").read_text())
        days[k] = [w["day"] for w in summary["typical_day_weights"]]
        assert objective == pytest.approx(summary["objective_cny"], rel=1e-7), k
    assert days["seasonal"] != days["cloudy"]  # the two samples stand on different days
