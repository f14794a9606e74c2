"""The parkgrid Python package: reading, optimising, results as pandas, errors, and the CLI's
import-pypsa / export-pypsa round trip. Needs `make python` (parkgrid installed in .venv) and the
CLI in $PARKGRID_BUILD_DIR (default build/)."""

from __future__ import annotations

import os
import pathlib
import subprocess

import pandas as pd
import pytest

parkgrid = pytest.importorskip("parkgrid")

ROOT = pathlib.Path(__file__).resolve().parents[2]
MICROGRID = ROOT / "examples" / "microgrid" / "scenario.toml"
BUILD = pathlib.Path(os.environ.get("PARKGRID_BUILD_DIR", "build"))
CLI = (BUILD if BUILD.is_absolute() else ROOT / BUILD) / "src" / "parkgrid"

DAY = """
[scenario]
name = "day"
discount_rate = 0.05
[snapshots]
start = "2025-06-01T00:00"
count = 24
weight_hours = 365
[[carriers]]
name = "electricity"
[[carriers]]
name = "solar"
renewable = true
[[carriers]]
name = "gas"
co2_t_per_mwh = 0.2
[[buses]]
name = "park"
[[loads]]
name = "factory"
bus = "park"
demand_mw = { daily = [20,20,20,20,20,20,25,30,35,35,35,35,35,35,35,35,35,30,30,30,25,25,20,20] }
[[generators]]
name = "pv"
bus = "park"
carrier = "solar"
extendable = true
max_capacity_mw = 60
capex_cny_per_mw = 3.0e6
lifetime_years = 25
fixed_om_cny_per_mw_year = 40000
availability_pu = { daily = [0,0,0,0,0,0,0.1,0.3,0.5,0.7,0.8,0.85,0.85,0.8,0.7,0.5,0.3,0.1,0,0,0,0,0,0] }
[[generators]]
name = "gas"
bus = "park"
carrier = "gas"
capacity_mw = 40
fixed_om_cny_per_mw_year = 20000
marginal_cost_cny_per_mwh = 600
efficiency = 0.5
[[storage_units]]
name = "battery"
bus = "park"
extendable = true
capex_cny_per_mw = 1.2e6
max_hours = 2
efficiency_charge = 0.95
efficiency_discharge = 0.95
cyclic = false
initial_soc_mwh = 0
[policy]
co2_cap_t = 300000
"""


@pytest.fixture
def day(tmp_path):
    p = tmp_path / "scenario.toml"
    p.write_text(DAY)
    return p


@pytest.fixture(scope="module")
def microgrid_choose():
    """The microgrid example's full year, read and optimised once for this module with
    `optimize(solver="choose", threads=1)` (the default solver): the network and its results."""
    n = parkgrid.read(MICROGRID)
    return n, n.optimize(solver="choose", threads=1)


def test_read_and_optimize_microgrid(microgrid_choose):
    n, r = microgrid_choose
    assert len(n.snapshots) == 8760
    assert r.optimal
    assert isinstance(r.summary, pd.Series)
    assert r.summary["objective_cny"] == pytest.approx(r.costs["total_cny"].sum(), rel=1e-9)
    assert {"family", "name", "optimal"} <= set(r.capacities.columns)
    gen = r.dispatch["generators"]
    assert gen.index.name == "snapshot" and len(gen) == 8760
    assert list(r.prices.columns) == n.components["buses"]


def test_hipo_runs_and_agrees(capfd):
    # HiPO comes from highspy-extras (libhighs_extras.so), found with no environment variable;
    # HiGHS's own log says that HiPO ran. Same optimum as simplex, with and without crossover.
    n = parkgrid.read(MICROGRID)
    reference = n.optimize(solver="simplex", threads=1).summary["objective_cny"]
    capfd.readouterr()
    for crossover in (True, False):
        r = n.optimize(solver="hipo", threads=1, log=True, crossover=crossover)
        assert "Running HiPO" in capfd.readouterr().out
        assert r.optimal
        assert r.summary["check_passed"] and r.summary["method"].startswith("hipo")
        assert r.summary["objective_cny"] == pytest.approx(reference, rel=1e-7)


def test_input_errors_are_listed(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text('[snapshots]\ncount = 2\n[[buses]]\nname = "b"\n[[loads]]\nname = "l"\n'
                 'bus = "prak"\ndemand_mw = -1\n')
    with pytest.raises(parkgrid.InputError) as e:
        parkgrid.read(p)
    assert "prak" in str(e.value) and "demand_mw" in str(e.value)


def test_pypsa_folder_roundtrip_python(day, tmp_path):
    n = parkgrid.read(day)
    r = n.optimize()
    report = n.write_pypsa(tmp_path / "pypsa")
    assert report["objective_offset"] == pytest.approx(40 * 20000)  # fixed O&M of the gas unit
    back = parkgrid.read(tmp_path / "pypsa")
    r2 = back.optimize()
    # read back, capacity costs are PyPSA's (none for fixed capacity): the offset again
    assert r2.objective + report["objective_offset"] == pytest.approx(r.objective, rel=1e-6)


@pytest.mark.skipif(not CLI.exists(), reason=f"{CLI} not built")
def test_cli_import_export(day, tmp_path):
    out = tmp_path / "pypsa"
    subprocess.run([CLI, "export-pypsa", day, "-o", out], check=True, capture_output=True)
    assert (out / "generators.csv").exists() and (out / "snapshots.csv").exists()
    scen = tmp_path / "scen"
    subprocess.run([CLI, "import-pypsa", out, "-o", scen], check=True, capture_output=True)
    a = parkgrid.read(out).optimize()
    b = parkgrid.read(scen / "scenario.toml").optimize()
    assert a.objective == pytest.approx(b.objective, rel=1e-9)
    run = subprocess.run([CLI, "run", out, "-o", tmp_path / "res"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_unsupported_attribute_is_named(tmp_path):
    d = tmp_path / "net"
    d.mkdir()
    (d / "snapshots.csv").write_text(",snapshot,objective,stores,generators\n0,2025-01-01 00:00:00,1,1,1\n")
    (d / "buses.csv").write_text("name\nb\n")
    (d / "loads.csv").write_text("name,bus,p_set\nl,b,1\n")
    (d / "generators.csv").write_text("name,bus,p_nom,stand_by_cost,maintainable\ng,b,5,0.5,True\n")
    (d / "lines.csv").write_text("name,bus0,bus1\nl1,b,b\n")
    with pytest.raises(parkgrid.InputError) as e:
        parkgrid.read(d)
    msg = str(e.value)
    assert "generators.csv:2" in msg and "stand_by_cost = 0.5" in msg
    assert "maintainable = True" in msg and "lines.csv" in msg


@pytest.mark.parametrize("kwargs, named", [
    ({"tolerance": 1}, "tolerance = 1"),
    ({"tolerance": 0}, "tolerance = 0"),
    ({"threads": -1}, "threads = -1"),
    ({"time_limit": 0}, "time_limit = 0"),
])
def test_optimize_refuses_out_of_range_options(kwargs, named, tmp_path):
    """Issue 21: tolerance=1 and threads=-1 were accepted, tolerance=0 a RuntimeError."""
    (tmp_path / "s.toml").write_text(DAY)
    n = parkgrid.read(tmp_path / "s.toml")
    with pytest.raises(ValueError, match=named):
        n.optimize(**kwargs)
    assert n.optimize(tolerance=1e-7, threads=1).optimal


def test_no_supply_is_infeasible_in_python():
    """Issue 21: a load with nothing to supply it was "optimal" at zero cost."""
    r = parkgrid.read(ROOT / "tests" / "cases" / "no_supply.toml").optimize()
    assert r.summary["status"] == "infeasible" and not r.optimal
    assert any('bus "b" is short by 5.0 MW' in m for m in r.summary["violations"])



def test_pypsa_round_trip_keeps_the_grid_connection(microgrid_choose):
    """Issue 21: parkgrid -> PyPSA -> parkgrid turned the grid import into a 25 MW generator
    (grid import 57,345 -> 0 MWh, new-energy share of capacity 88.9 % -> 57.1 %). Through
    pypsa.Network and back it must stay a grid connection, its demand charge restored from
    n.meta["parkgrid"], at the original cost (46.20 million CNY, docs/cli.md)."""
    pytest.importorskip("pypsa")
    original, original_results = microgrid_choose  # read(MICROGRID), optimize(threads=1)
    n = parkgrid.to_pypsa(original, drop_demand_charge=True)
    assert "grid_110kv.import" in n.generators.index
    back = parkgrid.from_pypsa(n)
    grids = back.components["grid_connections"]
    assert grids == ["grid_110kv"]
    assert "grid_110kv.import" not in back.components["generators"]
    r = back.optimize(threads=1)
    assert r.optimal
    assert r.summary["grid_import_mwh"] == pytest.approx(57345, rel=1e-3)
    assert r.summary["renewable_capacity_share"] == pytest.approx(40 / 45, rel=1e-9)
    assert r.objective == pytest.approx(original_results.objective, rel=1e-7)


def test_group_constraints_and_hydrogen_in_the_summary():
    """The hand cases of tests/cases/groups/hosting_land.toml and hydrogen_matching.toml seen
    from Python: each group's sum, binding and shadow price; the hydrogen's CO2 and grade."""
    cases = ROOT / "tests" / "cases"
    r = parkgrid.read(cases / "groups" / "hosting_land.toml").optimize(solver="simplex")
    (group,) = r.summary["group_constraints"]
    assert group["name"] == "hosting_land" and group["binding"]
    assert group["value"] == pytest.approx(60.0)
    assert group["shadow_price_cny_per_unit"] == pytest.approx(-471000.0, rel=1e-6)
    h = parkgrid.read(cases / "hydrogen_matching.toml").optimize(solver="simplex")
    (h2,) = h.summary["hydrogen"]
    assert h2["grade"] == "renewable" and h2["co2_kg_per_kg"] == pytest.approx(0.0, abs=1e-9)
    assert h2["hydrogen_t"] == pytest.approx(43800.0 / 33.33)
