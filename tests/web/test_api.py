"""The JSON API of `parkgrid serve` (docs/api.md), against the real server and real solves."""

import copy
import csv
import io
import os
import pathlib
import shutil
import subprocess
import time

import pytest

from conftest import ROOT, Server


def test_health_scenarios_and_schema(server):
    status, health = server.json("GET", "/api/health")
    assert status == 200 and health["ok"] and health["workers"] == 2
    status, scenarios = server.json("GET", "/api/scenarios")
    assert status == 200
    ids = [s["id"] for s in scenarios]
    assert ids[0] == "pinglu" and scenarios[0]["kind"] == "default"
    assert "microgrid" in ids and "pinglu_granular" in ids
    pinglu = scenarios[0]
    assert pinglu["name"] == "pinglu_2025" and pinglu["snapshots"] == 8760 and pinglu["has_paths"]
    status, schema = server.json("GET", "/api/schema")
    generators = next(s for s in schema if s["name"] == "generators")
    field = next(f for f in generators["fields"] if f["name"] == "capex_cny_per_mw")
    assert field["unit"] == "CNY/MW" and field["kind"] == "number"


def test_scenario_document_with_notes(server):
    status, s = server.json("GET", "/api/scenarios/pinglu")
    assert status == 200 and s["diagnostics"] == []
    doc = s["document"]
    pv = next(g for g in doc["generators"] if g["name"] == "pv_fixed_new")
    # Declared basis (A50): the price per Wp (DC) and the ratio that converts it to capacity_mw's AC.
    assert pv["capex_cny_per_mw_dc"] == 3.304e6 and pv["dc_ac_ratio"] == 1.2
    assert "capex_cny_per_mw" not in pv
    assert pv["availability_pu"] == {"file": "generated/profiles.csv", "column": "pv_fixed"}
    assert doc["paths"]["linkage_generators"] == ["coal_muguajie_u1", "coal_muguajie_u2"]
    note = next(n for n in s["notes"] if n["component"] == "pv_fixed_new" and n["field"] == "capex_cny_per_mw_dc")
    assert note["note"].startswith("S22")
    # An unedited document validates.
    status, v = server.json("POST", "/api/scenarios/pinglu/validate", {"document": doc})
    assert status == 200 and v == {"ok": True, "diagnostics": []}


def test_valid_run_of_a_small_case(server):
    """The microgrid example over the full year: the same figures as `parkgrid run`."""
    status, job = server.json("POST", "/api/jobs", {"scenario": "microgrid", "kind": "run"})
    assert status == 202 and job["state"] in ("queued", "running") and job["solver"] == "ipm"
    job = server.wait(job["id"])
    assert job["state"] == "done", job
    assert job["elapsed_s"] > 0 and job["exit_code"] == 0
    status, full = server.json("GET", f"/api/jobs/{job['id']}")
    assert any("Model status" in line for line in full["log"])
    status, summary = server.json("GET", f"/api/jobs/{job['id']}/summary")
    assert status == 200 and summary["status"] == "optimal" and summary["hours"] == 8760
    assert 0.1 < summary["average_cost_cny_per_kwh"] < 1.0
    status, caps = server.json("GET", f"/api/jobs/{job['id']}/capacities")
    assert {c["name"] for c in caps} >= {"pv", "battery", "diesel_backup"}
    # The hourly dispatch of week 27 (from 2 July): supply meets load plus consumption.
    status, d = server.json("GET", f"/api/jobs/{job['id']}/dispatch?start={26 * 168}&hours=168")
    assert status == 200 and d["hours"] == 168 and d["snapshots"][0] == "2025-07-02T00:00"
    assert d["topology_known"]
    for h in range(168):
        supply = sum(s["values"][h] for s in d["supply"])
        use = sum(s["values"][h] for s in d["consumption"]) + d["load"][h]
        assert abs(supply - use) < 1e-3 * max(1.0, use), (h, supply, use)
    assert any(s["name"] == "battery" for s in d["soc"])
    status, pd = server.json("GET", f"/api/jobs/{job['id']}/price-duration")
    prices = pd["buses"][0]["values"]
    assert len(prices) == 8760 and prices == sorted(prices, reverse=True)
    status, files = server.json("GET", f"/api/jobs/{job['id']}/files")
    assert "capacities.csv" in files and "summary.json" in files
    status, headers, content = server.request("GET", f"/api/jobs/{job['id']}/files/capacities.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert rows[0].keys() >= {"family", "name", "optimal", "built"}
    status, periods = server.json("GET", f"/api/jobs/{job['id']}/periods")
    assert periods == {"available": False}
    status, headers, html = server.request("GET", f"/api/jobs/{job['id']}/report")
    assert status == 200 and b'data-chart="dispatch"' in html


def test_quick_look_of_pinglu_and_paths(server):
    status, run = server.json("POST", "/api/jobs", {"scenario": "pinglu", "kind": "run", "horizon_hours": 336})
    assert status == 202
    status, paths = server.json("POST", "/api/jobs", {"scenario": "pinglu", "kind": "paths", "horizon_hours": 336})
    assert status == 202 and paths["solver"] == "simplex"
    run, paths = server.wait(run["id"]), server.wait(paths["id"])
    assert run["state"] == "done" and paths["state"] == "done", (run, paths)
    status, summary = server.json("GET", f"/api/jobs/{run['id']}/summary")
    assert summary["hours"] == 336 and summary["job"]["horizon_hours"] == 336
    # The input of a quick look: [snapshots] cut to 336 h, each standing for 8760/336 h.
    text = (server.workspace / "jobs" / run["id"] / "input" / "scenario.toml").read_text()
    assert "count = 336" in text and "weight_hours = 26.07142857142857" in text
    profile = server.workspace / "jobs" / run["id"] / "input" / "generated" / "profiles.csv"
    assert len(profile.read_text().splitlines()) == 337
    assert abs(summary["load_energy_mwh"] - 6419773.30) < 1.0  # the year's load, as the full run
    status, p = server.json("GET", f"/api/jobs/{paths['id']}/paths")
    assert [x["id"] for x in p["paths"]] == ["baseline", "linkage", "distribution", "integration", "combined"]
    for x in p["paths"]:
        parts = sum(v for k, v in x["waterfall_cny_per_kwh"].items() if k != "total")
        assert abs(parts - x["price_cny_per_kwh"]) < 1e-6
    status, err = server.json("GET", f"/api/jobs/{paths['id']}/summary")
    assert status == 404 and "paths" in err["error"]
    status, headers, html = server.request("GET", f"/api/jobs/{run['id']}/report?paths={paths['id']}")
    assert status == 200 and b'data-chart="waterfall"' in html and b"A31" in html


def test_paths_of_pinglu_on_typical_days(pinglu_paths_job):
    # The year on 24 typical days instead of a two-week quick look: `parkgrid paths --typical-days
    # 24`, the five prices of docs/planning.md's table (within 2 % of the full year), in seconds.
    # The job is shared with the golden comparison (conftest.py).
    server, status, job, done, _ = pinglu_paths_job
    assert status == 202 and job["typical_days"] == 24 and job["horizon_hours"] is None
    job = done
    assert job["state"] == "done", job
    status, p = server.json("GET", f"/api/jobs/{job['id']}/paths")
    assert p["snapshots"] == 24 * 24 and abs(p["hours"] - 8760) < 1e-6  # 24 days standing for the year
    prices = {x["id"]: x["price_cny_per_kwh"] for x in p["paths"]}
    full_year = {"baseline": 0.4924, "linkage": 0.4184, "distribution": 0.4965, "integration": 0.3498,
                 "combined": 0.3482}  # parkgrid paths data/pinglu/scenario.toml --solver hipo --no-crossover, every hour
    # (2026-12-07: path 3 buying and selling at the market price, issue 15). Since the batteries
    # cycle within their representative day (long_duration, docs/planning.md "Short storage") every
    # path's 24-day price is within 0.5 % of the full year (measured -0.49 % to +0.34 %); held at
    # 1 % so that the typical-day error cannot grow unnoticed.
    for k, v in full_year.items():
        assert abs(prices[k] / v - 1) < 0.01, (k, prices[k], v)
    # The input is the scenario itself (no quick-look copy), and a restart keeps the setting.
    assert job["input"].endswith("data/pinglu/scenario.toml")
    # Bad values are refused before anything is written.
    for body, why in [({"typical_days": 0}, "typical_days: expected a whole number of days from 1 to 366"),
                      ({"typical_days": "24"}, "typical_days: expected a whole number of days from 1 to 366"),
                      ({"typical_days": 24, "horizon_hours": 336}, "horizon_hours and typical_days: give one")]:
        status, err = server.json("POST", "/api/jobs", {"scenario": "pinglu", "kind": "run", **body})
        assert status == 400 and err["error"].startswith(why), err


def test_multi_year_plan_of_pinglu(pinglu_plan_job):
    # The Pinglu pipeline over 7 years, on 6 typical days (`make demo` plans on the scenario's 24;
    # the same model, a quarter of the snapshots). A quick look of two January weeks is infeasible
    # (the 30 % green share cannot be met on winter sun). The job is shared with the golden
    # comparison (conftest.py).
    server, status, job, done, _ = pinglu_plan_job
    assert status == 202 and job["kind"] == "plan" and job["typical_days"] == 6
    job = done
    assert job["state"] == "done", job
    status, p = server.json("GET", f"/api/jobs/{job['id']}/periods")
    assert status == 200 and p["available"]
    assert [r["year"] for r in p["periods"]["rows"]] == list(range(2024, 2031))
    assert {"year", "name", "quantity", "unit", "built", "standing"} <= set(p["capacities"]["columns"])
    # The at-a-glance figures of a plan are those of its last year.
    status, summary = server.json("GET", f"/api/jobs/{job['id']}/summary")
    assert status == 200 and summary["scenario"] == "pinglu_2025 (year 2030)" and summary["hours"] == 6 * 24
    # A scenario without [planning] cannot run a plan.
    status, err = server.json("POST", "/api/jobs", {"scenario": "microgrid", "kind": "plan"})
    assert status == 422 and err["diagnostics"][0]["section"] == "planning"


def test_invalid_input_names_the_field(server):
    status, s = server.json("GET", "/api/scenarios/microgrid")
    doc = copy.deepcopy(s["document"])
    doc["generators"][0]["max_capacity_mw"] = -5
    doc["loads"][0]["bus"] = "factroy"
    before = sorted(os.listdir(server.workspace / "jobs"))
    status, body = server.json("POST", "/api/jobs", {"scenario": "microgrid", "document": doc})
    assert status == 422
    assert "no job was started" in body["error"]
    by_field = {(d["section"], d["index"], d["field"]): d for d in body["diagnostics"]}
    d = by_field[("generators", 0, "max_capacity_mw")]
    assert d["component"] == "pv" and d["value"] == "-5" and d["expected"] == "must be >= 0, or inf for no limit"
    assert d["file"] == "scenario.toml" and d["line"] > 0
    d = by_field[("loads", 0, "bus")]
    assert "did you mean \"factory\"" in d["expected"]
    assert sorted(os.listdir(server.workspace / "jobs")) == before  # nothing left behind
    status, v = server.json("POST", "/api/scenarios/microgrid/validate", {"document": doc})
    assert status == 200 and not v["ok"] and len(v["diagnostics"]) == len(body["diagnostics"])
    # A value of the wrong type is the reader's error too, named by field.
    doc = copy.deepcopy(s["document"])
    doc["policy"]["min_green_share"] = "lots"
    status, v = server.json("POST", "/api/scenarios/microgrid/validate", {"document": doc})
    assert [(d["section"], d["field"]) for d in v["diagnostics"]] == [("policy", "min_green_share")]


def test_unknown_job_and_bad_requests(server):
    status, body = server.json("GET", "/api/jobs/no-such-job")
    assert status == 404 and body == {"error": 'no job "no-such-job"'}
    for path in ("/summary", "/dispatch", "/paths", "/files/summary.json", "/report"):
        status, body = server.json("GET", f"/api/jobs/no-such-job{path}")
        assert status == 404 and "no-such-job" in body["error"], path
    status, body = server.json("DELETE", "/api/jobs/no-such-job")
    assert status == 404
    status, body = server.json("POST", "/api/jobs", raw=b'{"scenario": "pinglu",')
    assert status == 400 and body["error"].startswith(
        "request body is not valid JSON: parse error at line 1, column 23: syntax error")
    status, body = server.json("POST", "/api/jobs", raw=b"[1, 2]")
    assert status == 400 and body["error"] == "request body: expected a JSON object, got array"
    status, body = server.json("POST", "/api/jobs", {"scenario": "pinglu", "kind": "optimise"})
    assert status == 400 and body["error"].startswith('kind = "optimise"')
    status, body = server.json("POST", "/api/jobs", {"scenario": "pinglu", "horizon_hours": -3})
    assert status == 400 and body["error"].startswith("horizon_hours")
    status, body = server.json("POST", "/api/jobs", {"scenario": "pinglu", "solver": "cplex"})
    assert status == 400 and "solver" in body["error"]
    status, body = server.json("POST", "/api/jobs", {"scenario": "atlantis"})
    assert status == 404 and body["error"] == 'no scenario "atlantis"'
    status, body = server.json("POST", "/api/jobs", {"scenario": "microgrid", "kind": "paths"})
    assert status == 422 and "[paths]" in body["error"]
    status, body = server.json("POST", "/api/scenarios/pinglu/validate", {"document": [1]})
    assert status == 400 and body["error"].startswith("document")
    status, body = server.json("POST", "/api/scenarios/pinglu/validate", {"document": {"loads": 5}})
    assert status == 400 and body["error"] == "loads: expected a table or a list of tables"
    status, body = server.json("GET", "/api/nothing/here")
    assert status == 404 and body["error"] == "no such endpoint: GET /api/nothing/here"


def test_bodies_found_by_fuzz_api_are_refused_with_400(server):
    """Bodies that gave 500 (an exception) or crashed the server before fuzz_api's fixes."""
    status, body = server.json("POST", "/api/jobs", {"scenario": "pinglu", "kind": 5})
    assert status == 400 and body["error"] == 'kind = 5: expected "run", "paths" or "plan"'
    status, body = server.json("POST", "/api/jobs", {"scenario": "pinglu", "solver": ["ipm"]})
    assert status == 400 and body["error"].startswith('solver = ["ipm"]: expected choose')
    status, body = server.json("POST", "/api/scenarios", {"id": 7, "base": "microgrid"})
    assert status == 400 and body["error"].startswith("id = 7: expected 1 to 64")
    status, body = server.json("POST", "/api/scenarios", {"id": "x", "base": None})
    assert status == 400 and body["error"].startswith("base: expected the id of a scenario")
    status, body = server.json("POST", "/api/scenarios/microgrid/validate",
                               raw=b'{"document": {"snapshots": {"step_hours": 1e600}}}')
    assert status == 400 and body["error"] == (
        "request body is not valid JSON: number overflow parsing '1e600'")
    deep = b'{"document": {"policy": {"x": ' + b"[" * 200000 + b"]" * 200000 + b"}}}"
    status, body = server.json("POST", "/api/jobs", raw=deep)
    assert status == 400 and "nest deeper than 64" in body["error"]
    status, body = server.json("GET", "/api/health")  # still serving
    assert status == 200


def test_two_concurrent_runs_both_finish(server):
    requests = [{"scenario": "microgrid", "horizon_hours": 4380},
                {"scenario": "pinglu", "horizon_hours": 672, "solver": "simplex"}]
    ids = []
    for r in requests:
        status, job = server.json("POST", "/api/jobs", r)
        assert status == 202
        ids.append(job["id"])
    jobs = [server.wait(i) for i in ids]
    assert [j["state"] for j in jobs] == ["done", "done"], jobs
    folders = [server.workspace / "jobs" / i / "results" for i in ids]
    assert folders[0] != folders[1] and all((f / "summary.json").exists() for f in folders)
    summaries = [server.json("GET", f"/api/jobs/{i}/summary")[1] for i in ids]
    assert [s["scenario"] for s in summaries] == ["microgrid", "pinglu_2025"]
    assert [s["hours"] for s in summaries] == [4380, 672]
    # Two workers: the second started before the first finished.
    assert jobs[1]["started"] <= jobs[0]["finished"]


def test_one_worker_queues_and_cancel_leaves_nothing(parkgrid, pinglu_profiles, tmp_path):
    s = Server(tmp_path / "ws", "--workers", "1")
    try:
        # A full-year Pinglu solve takes minutes: long enough to be cancelled while it runs.
        status, long = s.json("POST", "/api/jobs", {"scenario": "pinglu", "solver": "ipm"})
        status, queued = s.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 168})
        assert status == 202
        s.wait(long["id"], timeout=30, until=("running",))
        status, q = s.json("GET", f"/api/jobs/{queued['id']}")
        assert q["state"] == "queued"  # one worker: the second waits
        status, body = s.json("DELETE", f"/api/jobs/{long['id']}")
        assert status == 200 and body["action"] == "cancelled"
        job = s.wait(long["id"], timeout=30)
        assert job["state"] == "cancelled"
        assert not (s.workspace / "jobs" / long["id"]).exists()  # its folder is removed
        status, body = s.json("GET", f"/api/jobs/{long['id']}/summary")
        assert status == 409 and body["state"] == "cancelled"
        assert s.wait(queued["id"], timeout=60)["state"] == "done"  # the queue moves on
        status, body = s.json("DELETE", f"/api/jobs/{queued['id']}")
        assert body["action"] == "removed" and not (s.workspace / "jobs" / queued["id"]).exists()
    finally:
        s.stop()


def test_failed_run_leaves_no_results(server):
    status, s = server.json("GET", "/api/scenarios/microgrid")
    doc = copy.deepcopy(s["document"])
    doc["grid_connections"][0]["import_max_mw"] = 1  # the factory needs 20 MW by day
    doc["generators"][0]["max_capacity_mw"] = 0
    doc["storage_units"][0]["max_power_mw"] = 0
    status, job = server.json("POST", "/api/jobs", {"scenario": "microgrid", "document": doc, "horizon_hours": 48})
    assert status == 202
    job = server.wait(job["id"])
    assert job["state"] == "failed" and job["exit_code"] == 3
    assert "infeasible" in job["error"]
    assert any("short" in d["message"] for d in job["diagnostics"])
    folder = server.workspace / "jobs" / job["id"]
    assert (folder / "input" / "scenario.toml").exists() and not (folder / "results").exists()
    status, body = server.json("GET", f"/api/jobs/{job['id']}/capacities")
    assert status == 409


def test_save_and_delete_a_scenario(server):
    status, s = server.json("GET", "/api/scenarios/pinglu")
    doc = copy.deepcopy(s["document"])
    doc.setdefault("loads", []).append({"name": "new_smelter", "bus": "park_ac", "demand_mw": 120.5})
    doc["policy"]["min_green_share"] = 0.4
    status, bad = server.json("POST", "/api/scenarios", {"id": "pinglu_more", "base": "pinglu",
                                                         "document": {**doc, "policy": {**doc["policy"], "min_green_share": 1.5}}})
    assert status == 422 and bad["diagnostics"][0]["field"] == "min_green_share"
    assert "pinglu_more" not in [x["id"] for x in server.json("GET", "/api/scenarios")[1]]
    status, saved = server.json("POST", "/api/scenarios", {"id": "pinglu_more", "base": "pinglu", "document": doc})
    assert status == 201 and saved["kind"] == "saved" and saved["deletable"]
    status, again = server.json("GET", "/api/scenarios/pinglu_more")
    assert again["diagnostics"] == []
    assert again["document"]["loads"][-1] == {"name": "new_smelter", "bus": "park_ac", "demand_mw": 120.5}
    assert again["document"]["policy"]["min_green_share"] == 0.4
    folder = server.workspace / "scenarios" / "pinglu_more"
    assert (folder / "generated" / "profiles.csv").exists() and (folder / "shanxi_large_industry_2025.toml").exists()
    status, job = server.json("POST", "/api/jobs", {"scenario": "pinglu_more", "horizon_hours": 168})
    job = server.wait(job["id"])
    status, summary = server.json("GET", f"/api/jobs/{job['id']}/summary")
    assert summary["green_share"] >= 0.4 - 1e-6
    status, body = server.json("POST", "/api/scenarios", {"id": "pinglu", "base": "pinglu", "document": doc})
    assert status == 409
    status, body = server.json("POST", "/api/scenarios", {"id": "../x", "base": "pinglu", "document": doc})
    assert status == 400
    status, body = server.json("DELETE", "/api/scenarios/pinglu")
    assert status == 409
    status, body = server.json("DELETE", "/api/scenarios/pinglu_more")
    assert status == 200 and not folder.exists()


def test_multi_period_results_are_shown_when_present(parkgrid, golden_runs, tmp_path):
    """OUT/periods.csv and OUT/period_capacities.csv, read by header name (issue 7's files)."""
    out = tmp_path / "mg"
    # `parkgrid run examples/microgrid/scenario.toml`, shared (conftest.py), copied: periods
    # files are added below.
    code, made = golden_runs("microgrid")
    assert code == 0
    shutil.copytree(made, out)
    plain = tmp_path / "plain"
    shutil.copytree(out, plain)
    (out / "periods.csv").write_text(
        "load_mwh,year,investment_cny,co2_t,green_share,cost_of_supply_cny_per_kwh,note\n"
        "126000,2025,1.5e8,30000,0.5,0.36,first\n130000,2030,2e7,25000,0.6,0.33,second\n")
    (out / "period_capacities.csv").write_text(
        "year,family,name,quantity,unit,built,standing\n2025,generator,pv,capacity_mw,MW,40,40\n2030,generator,pv,capacity_mw,MW,0,40\n")
    s = Server(tmp_path / "ws", "--results", str(out), "--results", str(plain))
    try:
        status, jobs = s.json("GET", "/api/jobs")
        ids = {j["id"] for j in jobs}
        assert ids == {"mg", "plain"} and all(j["imported"] and j["state"] == "done" for j in jobs)
        status, p = s.json("GET", "/api/jobs/mg/periods")
        assert p["available"] and [r["year"] for r in p["periods"]["rows"]] == [2025, 2030]
        assert p["periods"]["rows"][1]["cost_of_supply_cny_per_kwh"] == 0.33
        assert p["capacities"]["rows"][0] == {"year": 2025, "family": "generator", "name": "pv",
                                              "quantity": "capacity_mw", "unit": "MW", "built": 40, "standing": 40}
        assert s.json("GET", "/api/jobs/plain/periods")[1] == {"available": False}
        status, headers, html = s.request("GET", "/api/jobs/mg/report")
        assert b'data-chart="periods-cost"' in html
        # A periods.csv without its year column is named, and hides nothing else of the result.
        (out / "periods.csv").write_text("period,cost\n1,2\n")
        status, body = s.json("GET", "/api/jobs/mg/periods")
        assert status == 500 and body["file"].endswith("periods.csv") and body["field"] == 'column "year"'
        assert s.json("GET", "/api/jobs/mg/summary")[0] == 200
        status, body = s.json("DELETE", "/api/jobs/plain")
        assert body["action"] == "removed" and plain.exists()  # imported folders are only forgotten
    finally:
        s.stop()


def test_jobs_survive_a_restart(parkgrid, tmp_path):
    ws = tmp_path / "ws"
    s = Server(ws, "--workers", "1")
    status, job = s.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 168})
    s.wait(job["id"])
    s.stop()
    s = Server(ws)
    try:
        status, again = s.json("GET", f"/api/jobs/{job['id']}")
        assert again["state"] == "done"
        assert s.json("GET", f"/api/jobs/{job['id']}/summary")[1]["hours"] == 168
    finally:
        s.stop()


def test_typical_day_results_say_so(parkgrid, golden_runs, tmp_path):
    """Issue 21: a result on typical days was labelled a partial-year quick look. summary.json and
    the API carry typical_days and the weights; the price-duration curve is over the 8,760 hours
    the 576 snapshots stand for, each snapshot repeated for its weight."""
    # `parkgrid run data/pinglu/scenario.toml --typical-days 24`, shared (conftest.py), in a
    # folder named pg24 as the job id below.
    code, made = golden_runs("pinglu_td24")
    assert code == 0
    out = tmp_path / "pg24"
    shutil.copytree(made, out)
    s = Server(tmp_path / "ws", "--results", str(out))
    try:
        status, summary = s.json("GET", "/api/jobs/pg24/summary")
        assert status == 200 and summary["typical_days"] == 24 and summary["hours"] == 576
        assert summary["hours_represented"] == pytest.approx(8760)
        weights = summary["typical_day_weights"]
        assert len(weights) == 24 and sum(w["weight_days"] for w in weights) == pytest.approx(365)
        status, d = s.json("GET", "/api/jobs/pg24/dispatch?start=0&hours=48")
        assert d["typical_days"] == 24 and len(d["weight_hours"]) == 48
        assert d["weight_hours"][0] == pytest.approx(weights[0]["weight_days"])
        status, pd = s.json("GET", "/api/jobs/pg24/price-duration")
        assert status == 200 and all(len(b["values"]) == 8760 for b in pd["buses"])
        values = pd["buses"][0]["values"]
        assert values == sorted(values, reverse=True)
    finally:
        s.stop()


def sweep_folder(parkgrid, spec, out):
    """A sweep folder written by `parkgrid sweep` (the Python package, tests/python/sweep/)."""
    r = subprocess.run([str(parkgrid), "sweep", str(ROOT / "tests/python/sweep" / spec), "-o", str(out),
                        "--no-progress"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def read_rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_sweep_folder_for_the_sensitivity_view(parkgrid, tmp_path):
    """GET /api/jobs/ID/sweep: run.json, summary.csv, sensitivity.csv and results.csv of a sweep
    folder given as --results; the other result routes point to it; a link leading out of the
    folder is refused as downloads are."""
    oat = sweep_folder(parkgrid, "microgrid_oat.toml", tmp_path / "oat")
    lhs = sweep_folder(parkgrid, "paths_lhs.toml", tmp_path / "lhs")
    s = Server(tmp_path / "ws", "--results", str(oat), "--results", str(lhs))
    try:
        status, jobs = s.json("GET", "/api/jobs")
        kinds = {j["id"]: (j["kind"], j["scenario_name"]) for j in jobs}
        assert kinds == {"oat": ("sweep", "microgrid_oat"), "lhs": ("sweep", "paths_lhs")}
        status, d = s.json("GET", "/api/jobs/oat/sweep")
        assert status == 200
        assert d["sweep"] | {"design": "oat", "run": "run", "samples": 8} == d["sweep"]
        assert d["sweep"]["parameters"] == ["pv_capex", "buy_price_scale", "import_max", "load_scale"]
        summary = {r["figure"]: r for r in read_rows(oat / "summary.csv")}
        got = {r["figure"]: r for r in d["summary"]["rows"]}
        assert got["objective_cny"]["mean"] == pytest.approx(float(summary["objective_cny"]["mean"]), rel=1e-12)
        assert got["infeasible_or_failed"]["samples"] == 1
        assert d["sensitivity"]["columns"][:3] == ["figure", "parameter", "base"]
        assert len(d["sensitivity"]["rows"]) == len(read_rows(oat / "sensitivity.csv"))
        assert [r["sample"] for r in d["results"]["rows"]] == list(range(8))
        assert d["results"]["rows"][0]["p.pv_capex"] == 3.3e6
        status, d = s.json("GET", "/api/jobs/lhs/sweep")
        assert d["sensitivity"] is None and d["sweep"]["run"] == "paths"  # a Latin hypercube
        shares = {r["figure"]: r["mean"] for r in d["summary"]["rows"] if r["figure"].startswith("cheapest.")}
        assert len(shares) == 5 and sum(shares.values()) == pytest.approx(1.0)
        status, body = s.json("GET", "/api/jobs/oat/summary")
        assert status == 404 and "ask /sweep" in body["error"]
        status, headers, html = s.request("GET", "/api/jobs/oat/report")
        assert status == 200 and b'data-chart="tornado"' in html
        assert "results.csv" in s.json("GET", "/api/jobs/oat/files")[1]
        # a sweep file that is a link leading out of the folder is not read
        (oat / "sensitivity.csv").unlink()
        (oat / "sensitivity.csv").symlink_to("/etc/passwd")
        status, body = s.json("GET", "/api/jobs/oat/sweep")
        assert status == 403 and "leading out of the results folder" in body["error"], body
        # a malformed file is named with its column
        (oat / "sensitivity.csv").unlink()
        (oat / "summary.csv").write_text("figure,count\nobjective_cny,3\n")
        status, body = s.json("GET", "/api/jobs/oat/sweep")
        assert status == 500 and body["file"].endswith("summary.csv") and "samples" in body["field"], body
    finally:
        s.stop()


def test_dispatch_has_units_online_and_the_minimum_load_line(parkgrid, tmp_path):
    """Issue 14: the dispatch window carries, per committable generator, the units online and the
    least output of the units online (tests/cases/uc/retrofit_pays.toml: the one 100 MW unit,
    retrofitted to 30 %, is online in all four snapshots, so its minimum is 30 MW in each)."""
    import subprocess
    out = tmp_path / "uc"
    subprocess.run([str(parkgrid), "run", "tests/cases/uc/retrofit_pays.toml", "-o", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    s = Server(tmp_path / "ws", "--results", str(out))
    try:
        status, d = s.json("GET", "/api/jobs/uc/dispatch?start=0&hours=4")
        assert status == 200
        assert [x["name"] for x in d["units_online"]] == ["coal"]
        assert d["units_online"][0]["values"] == pytest.approx([1, 1, 1, 1])
        assert [x["name"] for x in d["min_output_mw"]] == ["coal"]
        assert d["min_output_mw"][0]["values"] == pytest.approx([30, 30, 30, 30])
    finally:
        s.stop()
