"""Cross-check of parkgrid's heat and general links against PyPSA 1.4 + HiGHS on the same networks.

Multi-output links (a CHP as one link with bus2), a heat pump with an hourly COP, heat stores and
storage units on heat buses, and a link that runs both ways (p_min_pu = -1): each network is
solved by PyPSA (linopy, HiGHS) and by parkgrid (the PyPSA CSV importer, then the engine); the
objectives agree within 1e-6 relative, and the weighted energy of every component too where the
optimum is unique (the helpers of test_pypsa_crosscheck.py).

Run: .venv/bin/python -m pytest tests/python -q -k heat   (needs `make python`)
"""

from __future__ import annotations

import numpy as np
import pytest

pypsa = pytest.importorskip("pypsa")
parkgrid = pytest.importorskip("parkgrid")

from test_pypsa_crosscheck import base, crosscheck, daily, solar  # noqa: E402


def cop_air(source_c, sink_c=55.0):
    """Staffell et al. (2012) air-source fit, as parkgrid's cop_model = "air_source"."""
    d = sink_c - np.asarray(source_c, dtype=float)
    return 6.81 - 0.121 * d + 0.000630 * d * d


def heat_network(n_hours=24, weight=1.0):
    n = base(n_hours, weight=weight)
    n.add("Carrier", "urban central heat")
    n.add("Carrier", "gas fuel")
    n.add("Bus", "heat", carrier="urban central heat")
    n.add("Bus", "gas", carrier="gas fuel")
    return n


def test_chp_link_with_bus2_and_heat_store():
    n = heat_network(24)
    n.add("Load", "factory", bus="park", p_set=daily([30] * 7 + [45] * 12 + [35] * 5, 24))
    n.add("Load", "steam", bus="heat", p_set=daily([40] * 6 + [25] * 12 + [35] * 6, 24))
    n.add("Generator", "gas_supply", bus="gas", carrier="gas", p_nom=500, marginal_cost=220)
    n.add("Generator", "grid", bus="park", carrier="coal", p_nom=200,
          marginal_cost=daily([380] * 8 + [720] * 10 + [520] * 6, 24))
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=40, p_max_pu=solar(24))
    # Back-pressure CHP: gas -> electricity 0.38 and heat 0.45, extendable.
    n.add("Link", "chp", bus0="gas", bus1="park", bus2="heat", efficiency=0.38,
          efficiency2=0.45, p_nom_extendable=True, capital_cost=9_000, marginal_cost=4.0)
    n.add("Link", "gas_boiler", bus0="gas", bus1="heat", efficiency=0.92, p_nom=100)
    n.add("Link", "electric_boiler", bus0="park", bus1="heat", efficiency=0.99, p_nom=30)
    n.add("Store", "hot_water_tank", bus="heat", e_nom_extendable=True, capital_cost=150,
          e_cyclic=True, standing_loss=0.004)
    crosscheck(n, energies=False)


def test_heat_pump_with_hourly_cop():
    n = heat_network(48, weight=365 / 2)
    air = daily([-12, -13, -14, -14, -13, -11, -8, -5, -2, 1, 3, 4, 5, 5, 4, 2, -1, -4, -6, -8,
                 -9, -10, -11, -12], 48)
    n.add("Load", "factory", bus="park", p_set=20.0)
    n.add("Load", "heating", bus="heat", p_set=daily([30] * 8 + [20] * 10 + [28] * 6, 48))
    n.add("Generator", "gas_supply", bus="gas", carrier="gas", p_nom=500, marginal_cost=260)
    n.add("Generator", "grid", bus="park", carrier="coal", p_nom=300,
          marginal_cost=daily([320] * 8 + [640] * 10 + [480] * 6, 48))
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom_extendable=True,
          capital_cost=180_000, p_nom_max=60, p_max_pu=solar(48))
    n.add("Link", "heat_pump", bus0="park", bus1="heat", efficiency=cop_air(air),
          p_nom_extendable=True, capital_cost=250_000)
    n.add("Link", "gas_boiler", bus0="gas", bus1="heat", efficiency=0.9, p_nom=100)
    n.add("StorageUnit", "heat_tank", bus="heat", p_nom_extendable=True, capital_cost=20_000,
          max_hours=6, efficiency_store=0.98, efficiency_dispatch=0.98, standing_loss=0.005)
    crosscheck(n, energies=False)


def test_bidirectional_link_and_three_outputs():
    n = heat_network(24)
    n.add("Carrier", "co2 stored")
    n.add("Bus", "north", carrier="AC")
    n.add("Bus", "co2", carrier="co2 stored")
    n.add("Load", "factory", bus="park", p_set=daily([25] * 8 + [40] * 10 + [30] * 6, 24))
    n.add("Load", "mine", bus="north", p_set=daily([35] * 12 + [15] * 12, 24))
    n.add("Load", "heating", bus="heat", p_set=15.0)
    n.add("Generator", "gas_supply", bus="gas", carrier="gas", p_nom=500, marginal_cost=230)
    n.add("Generator", "pv", bus="park", carrier="solar", p_nom=80, p_max_pu=solar(24))
    n.add("Generator", "coal_north", bus="north", carrier="coal", p_nom=60, marginal_cost=330)
    n.add("Generator", "grid", bus="park", carrier="coal", p_nom=100, marginal_cost=700)
    # A tie line modelled as a link, both directions, lossless.
    n.add("Link", "tie", bus0="park", bus1="north", p_nom_extendable=True, capital_cost=2_000,
          p_min_pu=-1.0, efficiency=1.0)
    # CHP with capture: electricity, heat and captured CO2 (bus3: a store paid 30 per t filled,
    # PyPSA's marginal_cost on p < 0).
    n.add("Link", "chp_ccs", bus0="gas", bus1="park", bus2="heat", bus3="co2",
          efficiency=0.33, efficiency2=0.4, efficiency3=0.18, p_nom=60)
    n.add("Link", "gas_boiler", bus0="gas", bus1="heat", efficiency=0.9, p_nom=100)
    n.add("Store", "co2_sink", bus="co2", e_nom=1e4, marginal_cost=30.0, e_cyclic=False)
    crosscheck(n, energies=False)


def test_round_trip_export_of_multi_output_links():
    """parkgrid -> PyPSA (to_pypsa) keeps bus2/efficiency2 and p_min_pu < 0."""
    n = heat_network(24)
    n.add("Bus", "north", carrier="AC")
    n.add("Load", "factory", bus="park", p_set=30.0)
    n.add("Load", "mine", bus="north", p_set=daily([10] * 12 + [40] * 12, 24))
    n.add("Load", "heating", bus="heat", p_set=20.0)
    n.add("Generator", "gas_supply", bus="gas", carrier="gas", p_nom=500, marginal_cost=240)
    n.add("Generator", "coal_north", bus="north", carrier="coal", p_nom=80, marginal_cost=300)
    n.add("Generator", "grid", bus="park", carrier="coal", p_nom=100, marginal_cost=650)
    n.add("Link", "tie", bus0="park", bus1="north", p_nom=25, p_min_pu=-1.0)
    n.add("Link", "chp", bus0="gas", bus1="park", bus2="heat", efficiency=0.36,
          efficiency2=0.44, p_nom_extendable=True, capital_cost=8_000)
    n.add("Link", "gas_boiler", bus0="gas", bus1="heat", efficiency=0.9, p_nom=100)
    obj, r1 = crosscheck(n, energies=False)
    pg = parkgrid.from_pypsa(n)
    back = parkgrid.to_pypsa(pg)
    assert back.links.loc["chp", "bus2"] == "heat"
    assert back.links.loc["tie", "p_min_pu"] == pytest.approx(-1.0)
    r2 = parkgrid.from_pypsa(back).optimize()
    assert r2.objective == pytest.approx(r1.objective, rel=1e-6)
