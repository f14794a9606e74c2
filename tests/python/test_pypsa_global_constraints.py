"""PyPSA GlobalConstraints <-> parkgrid [[group_constraints]] (docs/pypsa.md "Group constraints").

Each network has one binding GlobalConstraint of a type PyPSA 1.4 has and parkgrid maps
(tech_capacity_expansion_limit, also per bus; operational_limit; primary_energy). It is solved
  1. by PyPSA (linopy, io_api="direct", HiGHS),
  2. by parkgrid on PyPSA's CSV folder (`parkgrid run FOLDER`: the importer), and
  3. by PyPSA again on the folder `parkgrid export-pypsa` writes from the scenario that
     `parkgrid import-pypsa` made (a scenario with [[group_constraints]], exported back).
The objectives agree within 1e-6 relative and so do the constraint's shadow prices (parkgrid's
group shadow price = d objective / d bound = PyPSA's mu).

Uses the CLI in $PARKGRID_BUILD_DIR (default build/), so it needs no `make python`.
"""

from __future__ import annotations

import json
import logging
import os
import pathlib
import subprocess
import warnings

import numpy as np
import pandas as pd
import pytest

pypsa = pytest.importorskip("pypsa")

logging.getLogger("pypsa").setLevel(logging.ERROR)
logging.getLogger("linopy").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", category=FutureWarning)

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("PARKGRID_BUILD_DIR", "build"))
CLI = (BUILD if BUILD.is_absolute() else ROOT / BUILD) / "src" / "parkgrid"
RTOL = 1e-6

if not CLI.exists():
    pytest.skip(f"{CLI} not built", allow_module_level=True)


def cli(*args):
    p = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    return p


def solar(n):
    h = np.arange(n) % 24
    return np.clip(np.sin((h - 6) / 12 * np.pi), 0, None).round(4)


def wind(n, seed=1):
    rng = np.random.default_rng(seed)
    return np.clip(0.45 + 0.25 * np.sin(np.arange(n) / 17.0) + rng.normal(0, 0.1, n), 0, 1).round(4)


def base(T=24, weight=365.0):
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2025-01-01", periods=T, freq="h"))
    w = n.snapshot_weightings
    n.snapshot_weightings = pd.DataFrame(weight, index=w.index, columns=w.columns)
    n.add("Carrier", "AC")
    n.add("Carrier", "coal", co2_emissions=0.34)
    n.add("Carrier", "gas", co2_emissions=0.2)
    n.add("Carrier", "solar")
    n.add("Carrier", "wind")
    n.add("Carrier", "battery")
    n.add("Bus", "park", carrier="AC")
    return n


def solve(n):
    status, condition = n.optimize(solver_name="highs", io_api="direct",
                                   include_objective_constant=True, log_to_console=False)
    assert status == "ok", condition
    return n.objective + n.objective_constant


def parkgrid_run(folder, out):
    cli("run", folder, "-o", out)
    summary = json.loads((out / "summary.json").read_text())
    csv = out / "group_constraints.csv"
    return summary, pd.read_csv(csv) if csv.exists() else None


def shadow(groups, name):
    row = groups[groups.iloc[:, 0] == name]
    assert len(row) == 1, groups
    col = [c for c in groups.columns if "shadow" in c]
    return float(row[col[0]].iloc[0])


def crosscheck(n, name, tmp_path, co2=False):
    obj = solve(n)
    mu = float(n.global_constraints.mu[name])
    assert abs(mu) > 1e-6, "the constraint must bind for the check to mean something"
    folder = tmp_path / "pypsa"
    n.export_to_csv_folder(str(folder))

    # 2. parkgrid on PyPSA's folder
    summary, groups = parkgrid_run(folder, tmp_path / "run")
    assert summary["objective_cny"] == pytest.approx(obj, rel=RTOL)
    if co2:
        assert summary["co2_t"] == pytest.approx(n.global_constraints.constant[name], rel=1e-6)
    else:
        assert shadow(groups, name) == pytest.approx(mu, rel=1e-5, abs=1e-6)

    # 3. scenario (import-pypsa) -> export-pypsa -> PyPSA
    cli("import-pypsa", folder, "-o", tmp_path / "scenario")
    toml = (tmp_path / "scenario" / "scenario.toml").read_text()
    if not co2:
        assert "[[group_constraints]]" in toml and f'name = "{name}"' in toml, toml
    cli("export-pypsa", tmp_path / "scenario" / "scenario.toml", "-o", tmp_path / "back")
    back = pypsa.Network(str(tmp_path / "back"))
    gcs = back.global_constraints
    assert len(gcs) == len(n.global_constraints)
    obj_back = solve(back) + back.meta["parkgrid"]["objective_offset"]
    assert obj_back == pytest.approx(obj, rel=RTOL)
    mu_back = float(back.global_constraints.mu.iloc[0])
    assert mu_back == pytest.approx(mu, rel=1e-5, abs=1e-6)
    return obj, mu


def test_tech_capacity_expansion_limit(tmp_path):
    T = 48
    n = base(T, weight=365 / 2)
    n.add("Load", "factory", bus="park", p_set=np.resize([30] * 8 + [50] * 10 + [40] * 6, T))
    # Two PV fields and one fixed PV roof: the limit counts the extendable ones (PyPSA).
    n.add("Generator", "pv_a", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=200_000, p_max_pu=solar(T), marginal_cost=0.1)
    n.add("Generator", "pv_b", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=230_000, p_max_pu=solar(T), marginal_cost=0.1)
    n.add("Generator", "pv_roof", bus="park", carrier="solar", p_nom=5, p_max_pu=solar(T))
    n.add("Generator", "wind", bus="park", carrier="wind", p_nom_extendable=True,
          capital_cost=1_500_000, p_max_pu=wind(T))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=60, marginal_cost=650,
          efficiency=0.4)
    n.add("StorageUnit", "battery", bus="park", carrier="battery", p_nom_extendable=True,
          capital_cost=60_000, max_hours=4, efficiency_store=0.95, efficiency_dispatch=0.95)
    n.add("GlobalConstraint", "solar_land", type="tech_capacity_expansion_limit",
          carrier_attribute="solar", sense="<=", constant=20)
    crosscheck(n, "solar_land", tmp_path)
    assert n.generators.p_nom_opt[["pv_a", "pv_b"]].sum() == pytest.approx(20, rel=1e-6)


def test_tech_capacity_expansion_limit_per_bus(tmp_path):
    T = 24
    n = base(T)
    n.add("Bus", "north", carrier="AC")
    n.add("Load", "factory", bus="park", p_set=30.0)
    n.add("Load", "north_load", bus="north", p_set=20.0)
    n.add("Generator", "pv_park", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=200_000, p_max_pu=solar(T))
    n.add("Generator", "pv_north", bus="north", carrier="solar", p_nom_extendable=True,
          capital_cost=190_000, p_max_pu=solar(T))
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=80, marginal_cost=700)
    n.add("Link", "park_north", bus0="park", bus1="north", p_nom=40, efficiency=0.98)
    n.add("Link", "north_park", bus0="north", bus1="park", p_nom=40, efficiency=0.98)
    n.add("GlobalConstraint", "north_pv", type="tech_capacity_expansion_limit",
          carrier_attribute="solar", bus="north", sense="<=", constant=15)
    crosscheck(n, "north_pv", tmp_path)
    assert n.generators.p_nom_opt["pv_north"] == pytest.approx(15, rel=1e-6)


def test_operational_limit(tmp_path):
    T = 24
    n = base(T)
    n.add("Load", "factory", bus="park", p_set=np.resize([40] * 8 + [60] * 10 + [50] * 6, T))
    n.add("Generator", "coal_1", bus="park", carrier="coal", p_nom=40, marginal_cost=280,
          efficiency=0.38)
    n.add("Generator", "coal_2", bus="park", carrier="coal", p_nom=40, marginal_cost=300,
          efficiency=0.4)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=80, marginal_cost=600)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=300_000, p_max_pu=solar(T))
    n.add("GlobalConstraint", "coal_energy", type="operational_limit",
          carrier_attribute="coal", sense="<=", constant=200_000)
    crosscheck(n, "coal_energy", tmp_path)
    w = n.snapshot_weightings.generators
    coal = (n.generators_t.p[["coal_1", "coal_2"]].sum(axis=1) * w).sum()
    assert coal == pytest.approx(200_000, rel=1e-6)


def test_primary_energy(tmp_path):
    T = 24
    n = base(T)
    n.add("Load", "factory", bus="park", p_set=np.resize([40] * 8 + [60] * 10 + [50] * 6, T))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=80, marginal_cost=280,
          efficiency=0.38)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=80, marginal_cost=600,
          efficiency=0.55)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=300_000, p_max_pu=solar(T))
    n.add("GlobalConstraint", "co2", type="primary_energy", carrier_attribute="co2_emissions",
          sense="<=", constant=150_000)
    obj, mu = crosscheck(n, "co2", tmp_path, co2=True)

    # The same cap written as a co2_t group of the scenario: exported as primary_energy too.
    toml = tmp_path / "scenario" / "scenario.toml"
    text = toml.read_text()
    assert "co2_cap_t = 150000" in text
    toml.write_text(text.replace("co2_cap_t = 150000\n", "") +
                    '\n[[group_constraints]]\nname = "co2_group"\nquantity = "co2_t"\n'
                    'components = ["coal", "gas"]\nsense = "<="\nvalue = 150000\n')
    summary, groups = parkgrid_run(toml, tmp_path / "run_group")
    assert summary["objective_cny"] == pytest.approx(obj, rel=RTOL)
    assert shadow(groups, "co2_group") == pytest.approx(mu, rel=1e-5)
    cli("export-pypsa", toml, "-o", tmp_path / "back_group")
    back = pypsa.Network(str(tmp_path / "back_group"))
    assert list(back.global_constraints.index) == ["co2_group"]
    assert back.global_constraints.type["co2_group"] == "primary_energy"
    assert solve(back) + back.meta["parkgrid"]["objective_offset"] == pytest.approx(obj, rel=RTOL)
    assert float(back.global_constraints.mu["co2_group"]) == pytest.approx(mu, rel=1e-5)
    # Without gas the group does not cover every emitting generator: refused by name.
    toml.write_text(toml.read_text().replace('components = ["coal", "gas"]',
                                             'components = ["coal"]'))
    p = subprocess.run([str(CLI), "export-pypsa", str(toml), "-o", str(tmp_path / "bad")],
                       capture_output=True, text=True)
    assert p.returncode != 0
    assert 'group constraint "co2_group"' in p.stderr and "every emitting" in p.stderr, p.stderr


def test_unsupported_group_refused_by_name(tmp_path):
    """A share of another sum has no PyPSA GlobalConstraint: export-pypsa names the entry."""
    n = base(24)
    n.add("Load", "factory", bus="park", p_set=30.0)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=300_000, p_max_pu=solar(24))
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=80, marginal_cost=600)
    n.export_to_csv_folder(str(tmp_path / "pypsa"))
    cli("import-pypsa", tmp_path / "pypsa", "-o", tmp_path / "scenario")
    toml = tmp_path / "scenario" / "scenario.toml"
    toml.write_text(toml.read_text() + '\n[[group_constraints]]\nname = "pv_share"\n'
                    'quantity = "energy_mwh"\ncomponents = ["pv"]\nsense = ">="\nshare = 0.3\n'
                    'of_components = ["factory"]\n')
    p = subprocess.run([str(CLI), "export-pypsa", str(toml), "-o",
                        str(tmp_path / "back")], capture_output=True, text=True)
    assert p.returncode != 0
    assert 'group constraint "pv_share"' in p.stdout + p.stderr
    assert "share" in p.stdout + p.stderr


def test_import_refusals_name_the_constraint(tmp_path):
    """What parkgrid's group sum has not: refused on import with the constraint and the reason."""
    n = base(24)
    n.add("Load", "factory", bus="park", p_set=30.0)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=80, marginal_cost=600)
    # PyPSA's operational_limit would count this storage unit's change of state of charge.
    n.add("StorageUnit", "gas_store", bus="park", carrier="gas", p_nom=5, max_hours=2,
          cyclic_state_of_charge=False)
    n.add("GlobalConstraint", "gas_energy", type="operational_limit", carrier_attribute="gas",
          sense="<=", constant=100_000)
    n.add("GlobalConstraint", "lines", type="transmission_volume_expansion_limit",
          carrier_attribute="AC", sense="<=", constant=100)
    n.export_to_csv_folder(str(tmp_path / "pypsa"))
    p = subprocess.run([str(CLI), "check", str(tmp_path / "pypsa")], capture_output=True,
                       text=True)
    out = p.stdout + p.stderr
    assert p.returncode != 0
    assert 'global constraint "gas_energy"' in out and 'storage unit "gas_store"' in out, out
    assert 'global constraint "lines"' in out and "tech_capacity_expansion_limit" in out, out


def test_import_refuses_operational_limit_over_a_grid_export(tmp_path):
    """A feed-in generator (p_max_pu = 0, p_min_pu = -1) is read as a grid connection, which
    parkgrid's group of the carrier's generators leaves out: PyPSA counts it, so it is refused."""
    n = base(24)
    n.add("Load", "factory", bus="park", p_set=30.0)
    n.add("Generator", "grid", bus="park", carrier="AC", p_nom=100, marginal_cost=500)
    n.add("Generator", "feed_in", bus="park", carrier="AC", p_nom=20, p_min_pu=-1, p_max_pu=0,
          marginal_cost=300)
    n.add("GlobalConstraint", "ac_energy", type="operational_limit", carrier_attribute="AC",
          sense="<=", constant=200_000)
    n.export_to_csv_folder(str(tmp_path / "pypsa"))
    p = subprocess.run([str(CLI), "check", str(tmp_path / "pypsa")], capture_output=True,
                       text=True)
    out = p.stdout + p.stderr
    assert p.returncode != 0
    assert 'global constraint "ac_energy"' in out and 'generator "feed_in"' in out, out
