"""Cross-check of parkgrid against PyPSA 1.4 + HiGHS 1.15.1 on the same networks.

Each network is built in PyPSA, solved by PyPSA (linopy, io_api="direct", highspy 1.15.1) and by
parkgrid (parkgrid.from_pypsa: the CSV folder importer, then the engine with highsbox 1.15.1). The
objectives must agree within 1e-6 relative (PyPSA's total: n.objective + n.objective_constant,
i.e. capital_cost on the whole optimal capacity) and the weighted energy of every component within
1e-6 relative of the largest (degenerate LPs may split equal-cost energy differently, so energy
totals are compared per component where the optimum is unique: each case is built so that it is).

Run: .venv/bin/python -m pytest tests/python -q   (needs `make python`: parkgrid installed in .venv)
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


def hours(n_hours, start="2025-01-01"):
    return pd.date_range(start, periods=n_hours, freq="h")


def daily(values, n):
    return np.resize(np.asarray(values, dtype=float), n)


def solar(n):
    h = np.arange(n) % 24
    return np.clip(np.sin((h - 6) / 12 * np.pi), 0, None).round(4)


def wind(n, seed=1):
    rng = np.random.default_rng(seed)
    return np.clip(0.45 + 0.25 * np.sin(np.arange(n) / 17.0) + rng.normal(0, 0.1, n), 0, 1).round(4)


def solve_pypsa(n):
    status, condition = n.optimize(
        solver_name="highs", io_api="direct", include_objective_constant=True, log_to_console=False
    )
    assert status == "ok", condition
    return n.objective + n.objective_constant


def energy_pypsa(n):
    """Weighted energy per component, in parkgrid's terms."""
    w = n.snapshot_weightings.objective
    out = {}
    for name in n.generators.index:
        out[("generator", name)] = float((n.generators_t.p[name] * w).sum())
    for name in n.loads.index:
        out[("load", name)] = float((n.loads_t.p[name] * w).sum())
    for name in n.storage_units.index:
        out[("storage_discharge", name)] = float((n.storage_units_t.p_dispatch[name] * w).sum())
        out[("storage_charge", name)] = float((n.storage_units_t.p_store[name] * w).sum())
    for name in n.stores.index:
        out[("store", name)] = float((n.stores_t.p[name] * w).sum())
    for name in n.links.index:
        out[("link", name)] = float((n.links_t.p0[name] * w).sum())
    return out


def energy_parkgrid(r, weights):
    w = np.asarray(weights)
    out = {}
    d = r.dispatch
    for name in d.get("generators", pd.DataFrame()).columns:
        out[("generator", name)] = float((d["generators"][name].to_numpy() * w).sum())
    for name in d.get("loads", pd.DataFrame()).columns:
        out[("load", name)] = float((d["loads"][name].to_numpy() * w).sum())
    for col in d.get("storage_units", pd.DataFrame()).columns:
        name, _, q = col.rpartition(".")
        if q == "discharge_mw":
            out[("storage_discharge", name)] = float((d["storage_units"][col].to_numpy() * w).sum())
        elif q == "charge_mw":
            out[("storage_charge", name)] = float((d["storage_units"][col].to_numpy() * w).sum())
    for col in d.get("stores", pd.DataFrame()).columns:
        name, _, q = col.rpartition(".")
        if q == "dispatch_mw":
            out[("store", name)] = float((d["stores"][col].to_numpy() * w).sum())
    for col in d.get("links", pd.DataFrame()).columns:
        name, _, q = col.rpartition(".")
        if q == "input_mw":
            out[("link", name)] = float((d["links"][col].to_numpy() * w).sum())
    return out


def crosscheck(n, energies=True):
    obj_pypsa = solve_pypsa(n)
    pg = parkgrid.from_pypsa(n)
    r = pg.optimize(threads=1)
    assert r.optimal, r.summary["status"]
    assert r.objective == pytest.approx(obj_pypsa, rel=RTOL, abs=1e-6)
    if energies:
        ep = energy_pypsa(n)
        eg = energy_parkgrid(r, n.snapshot_weightings.objective.to_numpy())
        assert set(ep) == set(eg)
        scale = max(1.0, max(abs(v) for v in ep.values()))
        for key, v in ep.items():
            assert eg[key] == pytest.approx(v, abs=RTOL * scale), key
    return obj_pypsa, r


def base(n_hours=24, weight=1.0):
    n = pypsa.Network()
    n.set_snapshots(hours(n_hours))
    w = n.snapshot_weightings
    n.snapshot_weightings = pd.DataFrame(float(weight), index=w.index, columns=w.columns)
    n.add("Carrier", "AC")
    n.add("Carrier", "coal", co2_emissions=0.34)
    n.add("Carrier", "gas", co2_emissions=0.2)
    n.add("Carrier", "solar")
    n.add("Carrier", "wind")
    n.add("Bus", "park", carrier="AC")
    return n


def test_dispatch_only():
    n = base(24)
    load = daily([20, 18, 17, 17, 18, 22, 28, 35, 40, 42, 43, 44, 43, 42, 41, 40, 42, 46, 48, 45,
                  38, 30, 25, 22], 24)
    n.add("Load", "factory", bus="park", p_set=load)
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=30, marginal_cost=300,
          efficiency=0.4, p_min_pu=0.3)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=30, marginal_cost=550)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=25, p_max_pu=solar(24))
    crosscheck(n)


def test_extendable_generators():
    n = base(48, weight=365 / 2)
    n.add("Load", "factory", bus="park", p_set=daily([30] * 8 + [50] * 10 + [40] * 6, 48))
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          p_nom_max=80, capital_cost=250_000, p_max_pu=solar(48), marginal_cost=0.1)
    n.add("Generator", "wind", bus="park", carrier="wind", p_nom_extendable=True,
          p_nom_min=5, capital_cost=420_000, p_max_pu=wind(48), marginal_cost=0.2)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom_extendable=True,
          capital_cost=60_000, marginal_cost=600, p_nom=10)  # p_nom: PyPSA's objective constant
    crosscheck(n)


def test_storage_units():
    n = base(24)
    n.add("Load", "factory", bus="park", p_set=daily([20] * 7 + [35] * 12 + [25] * 5, 24))
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=60, p_max_pu=solar(24))
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=50,
          marginal_cost=daily([400] * 8 + [700] * 10 + [500] * 6, 24))
    n.add("StorageUnit", "battery", bus="park", p_nom_extendable=True, capital_cost=1_000,
          max_hours=4, efficiency_store=0.95, efficiency_dispatch=0.93, standing_loss=0.002,
          marginal_cost=2.0)
    n.add("StorageUnit", "old_battery", bus="park", p_nom=5, max_hours=2,
          efficiency_store=0.9, efficiency_dispatch=0.9, cyclic_state_of_charge=False,
          state_of_charge_initial=6, standing_loss=0.01, marginal_cost=1.0)
    crosscheck(n)


def test_stores_with_links():
    n = base(24)
    n.add("Carrier", "hydrogen")
    n.add("Carrier", "electrolysis")
    n.add("Bus", "h2", carrier="hydrogen")
    n.add("Load", "factory", bus="park", p_set=20.0)
    n.add("Load", "trucks", bus="h2", p_set=daily([0] * 6 + [6] * 12 + [0] * 6, 24))
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=70, p_max_pu=solar(24))
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=60, marginal_cost=650)
    n.add("Link", "electrolyser", bus0="park", bus1="h2", carrier="electrolysis",
          p_nom_extendable=True, capital_cost=4_000, efficiency=0.62, p_min_pu=0.0,
          marginal_cost=3.0)
    n.add("Store", "tank", bus="h2", carrier="hydrogen", e_nom_extendable=True,
          capital_cost=300, e_cyclic=True, standing_loss=0.001)
    n.add("Store", "cylinder", bus="h2", carrier="hydrogen", e_nom=5, e_initial=5,
          marginal_cost=1.0)
    crosscheck(n)


def test_co2_constraint():
    n = base(24, weight=365)
    n.add("Load", "factory", bus="park", p_set=daily([40] * 8 + [60] * 10 + [50] * 6, 24))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=80, marginal_cost=280,
          efficiency=0.38)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=80, marginal_cost=600,
          efficiency=0.55)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=300_000, p_max_pu=solar(24))
    n.add("StorageUnit", "battery", bus="park", p_nom_extendable=True, capital_cost=150_000,
          max_hours=2, efficiency_store=0.95, efficiency_dispatch=0.95, cyclic_state_of_charge=True)
    n.add("GlobalConstraint", "co2", type="primary_energy", carrier_attribute="co2_emissions",
          sense="<=", constant=150_000)
    obj, r = crosscheck(n)
    assert r.summary["co2_t"] == pytest.approx(150_000, rel=1e-6)  # the cap binds


def test_time_varying_prices():
    n = base(24 * 7)
    T = 24 * 7
    price = daily([280] * 8 + [620] * 4 + [500] * 4 + [620] * 2 + [950] * 4 + [620, 280], T)
    n.add("Load", "factory", bus="park", p_set=daily([30] * 8 + [45] * 10 + [35] * 6, T))
    n.add("Generator", "grid", bus="park", carrier="AC", p_nom=100, marginal_cost=price)
    n.add("Generator", "feed_in", bus="park", carrier="AC", p_nom=20, p_min_pu=-1, p_max_pu=0,
          marginal_cost=300)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=40, p_max_pu=solar(T))
    n.add("StorageUnit", "battery", bus="park", p_nom=10, max_hours=3, efficiency_store=0.95,
          efficiency_dispatch=0.95, cyclic_state_of_charge=True)
    obj, r = crosscheck(n, energies=False)  # feed_in (p <= 0) is a grid export in parkgrid
    w = n.snapshot_weightings.objective.to_numpy()
    assert r.summary["grid_export_mwh"] == pytest.approx(-(n.generators_t.p["feed_in"] * w).sum(),
                                                         rel=1e-6, abs=1e-6)


def test_several_buses():
    n = base(24)
    n.add("Bus", "north", carrier="AC")
    n.add("Bus", "south", carrier="AC")
    n.add("Load", "north_load", bus="north", p_set=daily([30] * 12 + [50] * 12, 24))
    n.add("Load", "south_load", bus="south", p_set=25.0)
    n.add("Load", "park_load", bus="park", p_set=10.0)
    n.add("Generator", "coal", bus="south", carrier="coal", p_nom=100, marginal_cost=300,
          efficiency=0.4)
    n.add("Generator", "pv", bus="north", carrier="solar", p_nom=60, p_max_pu=solar(24))
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=40, marginal_cost=550)
    for a, b in [("south", "north"), ("north", "south"), ("south", "park"), ("park", "north")]:
        n.add("Link", f"{a}_{b}", bus0=a, bus1=b, p_nom=30, efficiency=0.98, marginal_cost=0.5)
    crosscheck(n)


def test_year_of_hourly_data():
    T = 8760
    n = base(T)
    n.add("Load", "factory", bus="park", p_set=daily([30] * 8 + [45] * 10 + [35] * 6, T))
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=260_000, p_max_pu=solar(T))
    n.add("Generator", "wind", bus="park", carrier="wind", p_nom_extendable=True,
          capital_cost=450_000, p_max_pu=wind(T, 7))
    n.add("Generator", "coal", bus="park", carrier="coal", p_nom=50, marginal_cost=320,
          efficiency=0.4)
    n.add("StorageUnit", "battery", bus="park", p_nom_extendable=True, capital_cost=90_000,
          max_hours=4, efficiency_store=0.95, efficiency_dispatch=0.95,
          cyclic_state_of_charge=True)
    n.add("GlobalConstraint", "co2", sense="<=", constant=0.6 * 0.34 / 0.4 * 35 * 8760 * 0.5)
    crosscheck(n, energies=False)  # several optima share the objective in a year with ties


def test_round_trip_export():
    """parkgrid -> PyPSA (to_pypsa) -> parkgrid gives the same optimum, and PyPSA agrees."""
    n = base(24)
    n.add("Load", "factory", bus="park", p_set=daily([20] * 7 + [35] * 12 + [25] * 5, 24))
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=200_000, p_max_pu=solar(24), p_nom_max=50)
    n.add("Generator", "gas", bus="park", carrier="gas", p_nom=50, marginal_cost=600)
    n.add("StorageUnit", "battery", bus="park", p_nom_extendable=True, capital_cost=80_000,
          max_hours=2, efficiency_store=0.95, efficiency_dispatch=0.95)
    pg = parkgrid.from_pypsa(n)
    r1 = pg.optimize()
    back = parkgrid.to_pypsa(pg)
    obj_back = solve_pypsa(back) + back.meta["parkgrid"]["objective_offset"]
    assert obj_back == pytest.approx(r1.objective, rel=RTOL)
    r2 = parkgrid.from_pypsa(back).optimize()
    assert r2.objective == pytest.approx(r1.objective, rel=RTOL)
