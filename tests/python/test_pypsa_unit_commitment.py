"""Unit commitment cross-checked against PyPSA 1.4 (committable generators, a MIP solved to a zero
gap by HiGHS 1.15.1 through linopy) and parkgrid (the PyPSA folder importer: each committable
generator becomes a cluster of one unit; integer mode, mip_gap 0). Objectives agree within 1e-6.

The networks keep PyPSA's and parkgrid's ramp formulations on the same feasible set: the start-up
and shut-down limits are at least the minimum stable load and at most the normal ramp limits
(docs/pypsa.md, "Unit commitment", says where they differ).

Run: .venv/bin/python -m pytest tests/python/test_pypsa_unit_commitment.py -q  (needs `make python`)
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
import pytest

pypsa = pytest.importorskip("pypsa")
parkgrid = pytest.importorskip("parkgrid")

logging.getLogger("pypsa").setLevel(logging.ERROR)
logging.getLogger("linopy").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", category=FutureWarning)

RTOL = 1e-6
H = 24


def base(n_hours=H):
    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2025-01-01", periods=n_hours, freq="h"))
    n.add("Carrier", "AC")
    n.add("Carrier", "coal", co2_emissions=0.34)
    n.add("Carrier", "gas", co2_emissions=0.2)
    n.add("Carrier", "solar")
    n.add("Bus", "park", carrier="AC")
    return n


def solar(n):
    h = np.arange(n) % 24
    return np.clip(np.sin((h - 6) / 12 * np.pi), 0, None).round(4)


def load_shape(n, low=30.0, high=120.0):
    h = np.arange(n) % 24
    return (low + (high - low) * ((h >= 7) & (h <= 21))).astype(float)


def crosscheck(n):
    status, condition = n.optimize(
        solver_name="highs",
        io_api="direct",
        include_objective_constant=True,
        log_to_console=False,
        mip_rel_gap=0.0,
    )
    assert status == "ok", condition
    expected = n.objective + n.objective_constant
    pg = parkgrid.from_pypsa(n)
    r = pg.optimize(threads=1, mip_gap=0.0)
    assert r.optimal, r.summary["status"]
    assert r.summary["unit_commitment"] == "integer"
    assert r.objective == pytest.approx(expected, rel=RTOL, abs=1e-6)
    return n, r


def test_minimum_stable_load():
    n = base()
    n.add("Load", "factory", bus="park", p_set=load_shape(H))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=100, committable=True,
          p_min_pu=0.45, marginal_cost=300, efficiency=0.4)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=150, marginal_cost=600)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=60, p_max_pu=solar(H))
    n, r = crosscheck(n)
    # Coal runs at 45 MW or more whenever it is online.
    p = r.dispatch["generators"]["coal"].to_numpy()
    on = r.dispatch["unit_commitment"]["coal.online"].to_numpy()
    assert np.all(p >= 45 * on - 1e-6)


def test_up_and_down_times_with_start_costs():
    n = base()
    n.add("Load", "factory", bus="park", p_set=load_shape(H, 20, 110))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=80, committable=True,
          p_min_pu=0.5, marginal_cost=250, start_up_cost=4000, shut_down_cost=500,
          min_up_time=6, min_down_time=4, up_time_before=0, down_time_before=5)
    n.add("Generator", "coal2", bus="park", carrier="coal", p_nom=60, committable=True,
          p_min_pu=0.3, marginal_cost=320, start_up_cost=1500, min_up_time=3, min_down_time=3)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=200, marginal_cost=700)
    crosscheck(n)


def test_ramp_limits():
    n = base()
    n.add("Load", "factory", bus="park", p_set=load_shape(H, 40, 140))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=150, committable=True,
          p_min_pu=0.3, marginal_cost=280, ramp_limit_up=0.2, ramp_limit_down=0.25,
          ramp_limit_start_up=0.3, ramp_limit_shut_down=0.3, start_up_cost=2000)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=200, marginal_cost=650)
    crosscheck(n)


def test_with_storage():
    n = base()
    n.add("Load", "factory", bus="park", p_set=load_shape(H, 25, 100))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=90, committable=True,
          p_min_pu=0.4, marginal_cost=300, start_up_cost=3000, shut_down_cost=1000,
          min_up_time=4)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=150, marginal_cost=620)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=80, p_max_pu=solar(H))
    n.add("StorageUnit", "battery", bus="park", p_nom=30, max_hours=2, efficiency_store=0.95,
          efficiency_dispatch=0.95, cyclic_state_of_charge=True)
    crosscheck(n)


def test_with_expansion_around_a_committable_unit():
    n = base()
    n.add("Load", "factory", bus="park", p_set=load_shape(H, 30, 110))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=100, committable=True,
          p_min_pu=0.5, marginal_cost=300, start_up_cost=5000, min_up_time=5, min_down_time=5)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=200, marginal_cost=700)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=150.0, p_max_pu=solar(H))
    n.add("StorageUnit", "battery", bus="park", p_nom_extendable=True, max_hours=4,
          capital_cost=300.0, efficiency_store=0.93, efficiency_dispatch=0.93,
          cyclic_state_of_charge=True)
    crosscheck(n)


def test_export_keeps_the_commitment(tmp_path):
    """A parkgrid committable unit exported to PyPSA solves to the same objective."""
    n = base()
    n.add("Load", "factory", bus="park", p_set=load_shape(H, 50, 120))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=100, committable=True,
          p_min_pu=0.45, marginal_cost=300, start_up_cost=2500, min_up_time=4,
          ramp_limit_up=0.5, ramp_limit_start_up=0.45)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=150, marginal_cost=600)
    pg = parkgrid.from_pypsa(n)
    r = pg.optimize(threads=1, mip_gap=0.0)
    assert r.optimal, r.summary["status"]
    back = parkgrid.to_pypsa(pg)
    assert bool(back.generators.at["coal", "committable"])
    assert back.generators.at["coal", "min_up_time"] == 4
    status, _ = back.optimize(solver_name="highs", io_api="direct", log_to_console=False,
                              include_objective_constant=True, mip_rel_gap=0.0)
    assert status == "ok"
    offset = back.meta["parkgrid"]["objective_offset"]
    assert back.objective + back.objective_constant + offset == pytest.approx(r.objective,
                                                                               rel=RTOL)
