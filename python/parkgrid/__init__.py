"""parkgrid: least-cost planning and hourly operation of an industrial park's energy system.

The C++ engine (scenario and PyPSA readers, the LP written straight into HiGHS's arrays, HiGHS)
behind a small Python API whose results are pandas objects::

    import parkgrid
    n = parkgrid.read("examples/microgrid/scenario.toml")   # or a PyPSA CSV folder
    r = n.optimize(solver="choose", threads=0, time_limit=None)
    r.summary["objective_cny"], r.capacities, r.costs, r.dispatch["generators"], r.prices

``parkgrid.from_pypsa(pypsa_network)`` and ``parkgrid.to_pypsa(network)`` bridge in-memory PyPSA
networks through PyPSA's CSV folder format in a temporary folder (docs/python.md, docs/pypsa.md).
"""

from __future__ import annotations

import ctypes
import json
import os
import tempfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd



def _load_hipo_extras() -> None:
    """Makes HiPO (solver="hipo") available wherever highspy-extras is installed.

    libhighs loads its extras with dlopen("libhighs_extras.so"): found beside libhighs.so (where
    scripts/setup.sh links it), or, as here, already loaded under that name. Loading the
    highspy-extras copy first covers an environment whose highsbox has no such link."""
    try:
        import highspy_extras
    except ImportError:
        return
    path = os.path.join(os.path.dirname(highspy_extras.__file__), "libhighs_extras.so")
    if os.path.isfile(path):
        ctypes.CDLL(path)


_load_hipo_extras()

from . import _core  # noqa: E402
from ._core import InputError  # noqa: E402

__version__ = _core.__version__
__all__ = ["read", "read_text", "Network", "Results", "WarmSession", "from_pypsa", "to_pypsa", "InputError"]


@dataclass
class Results:
    """The outcome of :meth:`Network.optimize`.

    summary:    key figures (pandas Series): status, objective_cny, green_share, co2_t, timings ...
    capacities: one row per capacity, the columns of capacities.csv (family, name, quantity,
                extendable, existing, optimal, built, energy_mwh, full_load_hours)
    costs:      one row per component: the objective split (capex_annuity_cny ... total_cny)
    dispatch:   hourly values per family ("generators", "storage_units", "stores", "links", "grid",
                "loads"), each a DataFrame indexed by snapshot
    prices:     marginal price of every bus (CNY/MWh of its carrier), indexed by snapshot; empty
                when the solver returned no dual solution
    """

    summary: pd.Series
    capacities: pd.DataFrame
    costs: pd.DataFrame
    dispatch: dict[str, pd.DataFrame] = field(default_factory=dict)
    prices: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def objective(self) -> float:
        return float(self.summary["objective_cny"])

    @property
    def optimal(self) -> bool:
        return bool(self.summary["optimal"])


def _results(raw: dict) -> Results:
    index = pd.Index(raw["snapshots"], name="snapshot")
    tables = {}
    for key, (columns, values) in raw["hourly"].items():
        tables[key] = pd.DataFrame(np.asarray(values), index=index, columns=list(columns))
    prices = tables.pop("bus_prices", pd.DataFrame(index=index))
    prices.columns = [c.removesuffix(".price_cny_per_mwh") for c in prices.columns]
    summary = pd.Series(raw["summary"], dtype=object)
    caps = pd.DataFrame(raw["capacities"])
    costs = pd.DataFrame(raw["costs"])
    return Results(summary=summary, capacities=caps, costs=costs, dispatch=tables, prices=prices)


class Network:
    """A parkgrid network read from a scenario (TOML) or a PyPSA CSV folder."""

    def __init__(self, core: _core.Network):
        self._core = core

    @property
    def name(self) -> str:
        return self._core.name

    @property
    def snapshots(self) -> pd.Index:
        return pd.Index(self._core.snapshots, name="snapshot")

    @property
    def components(self) -> dict[str, list[str]]:
        return self._core.components

    def __repr__(self) -> str:
        c = self._core.components
        counts = ", ".join(f"{len(v)} {k}" for k, v in c.items() if v and k != "carriers")
        return f"<parkgrid.Network {self.name!r}: {self._core.snapshot_count} snapshots, {counts}>"

    def optimize(
        self,
        solver: str = "choose",
        threads: int = 0,
        time_limit: float | None = None,
        tolerance: float = 1e-7,
        log: bool = False,
        mip_gap: float = 1e-4,
        uc: str | None = None,
        crossover: bool = True,
        typical_days: int = 0,
    ) -> Results:
        """Builds the LP and solves it with HiGHS.

        solver: "choose" (HiGHS decides: dual simplex for small LPs, HiPO for large ones),
        "simplex", "ipm", "ipx", "hipo" (HiGHS's parallel interior point, from highspy-extras),
        "pdlp"; threads: 0 for HiGHS's default (>= 0); time_limit in seconds (> 0) or None;
        tolerance: HiGHS's primal and dual feasibility tolerance, 1e-10 to 1e-3. A value out of
        range is a ValueError naming the argument. crossover=False stops an interior-point solve
        at its interior solution (the answer is still checked, and re-solved with crossover if
        the check fails). mip_gap: relative gap at which integer unit commitment stops (0:
        proved optimal); uc: "integer", "linear" or "off" to override the scenario's
        unit-commitment mode. typical_days: N > 0 optimises the year on N k-medoids days, as
        ``parkgrid run --typical-days N`` (hourly snapshots of whole days only).
        """
        return _results(
            self._core.optimize(
                solver, threads, time_limit, tolerance, log, crossover, mip_gap, uc or "",
                typical_days,
            )
        )

    optimise = optimize

    def reform_paths(
        self,
        solver: str = "simplex",
        threads: int = 0,
        time_limit: float | None = None,
        tolerance: float = 1e-7,
        typical_days: int = 0,
    ) -> dict:
        """Prices the five reform paths on one model, as ``parkgrid paths`` (docs/tariffs.md):
        the LP is built once and each path re-solves in place from the previous one's basis.
        Needs the scenario's [paths] section (an InputError otherwise). Returns {"scenario",
        "tariff", "build_s", "snapshots", "typical_days", "paths"}, "paths" a list of one dict per
        path with the keys of paths.json's rows (``parkgrid schema --results``: id, name_en,
        name_zh, status, has_solution, price_cny_per_kwh, saving_cny_per_kwh, green_share, co2_t,
        ..., heat_price_cny_per_mwh, heat_cost_cny, heat_co2_t, objective_cny, solve_s,
        iterations), waterfall_cny (CNY a year by part, revenues negative), built (family, name,
        quantity, built) and violations (the explanation's sentences); a figure that is not
        a finite number (a path without a solution, a payback that never comes) is None, as null
        in paths.json.
        Arguments as :meth:`optimize`."""
        return self._core.reform_paths(solver, threads, time_limit, tolerance, typical_days)

    def plan(
        self,
        solver: str = "choose",
        threads: int = 0,
        time_limit: float | None = None,
        tolerance: float = 1e-7,
        typical_days: int | None = None,
    ) -> dict:
        """Plans the build-out over the years of the scenario's [planning] section, as
        ``parkgrid plan`` (docs/planning.md), without writing files. Returns a dict: status,
        optimal, has_solution, total_cost_cny (discounted to the base year), "periods" (one dict
        per period: year, years, annual_cost_cny, operation_cost_cny, investment_cny and that
        year's summary figures as in ``Results.summary``), "capacities" (family, name, quantity,
        unit and "built": what is built in each period), violations and infeasible_year when it
        is infeasible. typical_days: None keeps the section's, 0 the full year, N > 0 N days.
        Other arguments as :meth:`optimize`."""
        return self._core.plan(solver, threads, time_limit, tolerance,
                               -1 if typical_days is None else typical_days)

    def build(self) -> dict:
        """Builds the LP without solving it: build_s, num_col, num_row, num_nz."""
        return self._core.build()

    def write_pypsa(
        self, path: str | os.PathLike, unlimited_mw: float = 1e7, drop_demand_charge: bool = False
    ) -> dict:
        """Writes a PyPSA CSV folder; returns {"objective_offset", "notes"} (docs/pypsa.md).
        A demand charge is an InputError unless drop_demand_charge (then it is left out of the
        PyPSA model and kept in meta.json, which parkgrid's import reads back)."""
        return self._core.write_pypsa(os.fspath(path), unlimited_mw, drop_demand_charge)

    def write_scenario(self, path: str | os.PathLike) -> None:
        """Writes a scenario folder (scenario.toml + profiles.csv)."""
        self._core.write_scenario(os.fspath(path))


class WarmSession:
    """Solves one network after another, re-solving in place from the previous basis when the LP
    differs from the last one only in costs, column bounds, row bounds and matrix coefficients
    (warm); otherwise it loads the LP afresh (cold). Used by sweeps (parkgrid.sweep, docs/sweep.md)::

        w = parkgrid.WarmSession()
        r = w.optimize(parkgrid.read(a)); r.summary["warm"]   # False: the first solve is cold
        r = w.optimize(parkgrid.read(b)); r.summary["warm"]   # True when b changed costs only
    """

    def __init__(self):
        self._core = _core.WarmSession()

    def optimize(
        self,
        network: Network,
        solver: str = "simplex",
        threads: int = 1,
        time_limit: float | None = None,
        tolerance: float = 1e-7,
        typical_days: int = 0,
    ) -> Results:
        raw = self._core.optimize(network._core, solver, threads, time_limit, tolerance, typical_days)
        raw["summary"]["warm"] = raw.pop("warm")
        raw["summary"]["changed_entries"] = raw.pop("changed_entries")
        return _results(raw)


def read(path: str | os.PathLike) -> Network:
    """Reads a scenario file (TOML) or a PyPSA CSV folder. Raises InputError listing every
    problem (file, line, field, value, what was expected)."""
    return Network(_core.read(os.fspath(path)))


def read_text(text: str, path: str | os.PathLike) -> Network:
    """Reads a scenario from TOML text as if it were the file at ``path``: messages name ``path``
    and relative CSV paths are taken from its folder (the file need not exist). Raises InputError
    as ``read`` does."""
    return Network(_core.read_text(text, os.fspath(path)))


def from_pypsa(network) -> Network:
    """A parkgrid Network from an in-memory ``pypsa.Network`` (through its CSV folder format in a
    temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="parkgrid-pypsa-") as tmp:
        network.export_to_csv_folder(tmp)
        return read(tmp)


def to_pypsa(
    network: Network | str | os.PathLike, unlimited_mw: float = 1e7, drop_demand_charge: bool = False
):
    """A ``pypsa.Network`` from a parkgrid Network (or the path of a scenario). The parkgrid
    objective equals PyPSA's plus ``n.meta["parkgrid"]["objective_offset"]`` (fixed O&M of existing
    capacity, which PyPSA does not charge)."""
    import pypsa

    if not isinstance(network, Network):
        network = read(network)
    with tempfile.TemporaryDirectory(prefix="parkgrid-pypsa-") as tmp:
        report = network.write_pypsa(tmp, unlimited_mw, drop_demand_charge)
        n = pypsa.Network(tmp)
    meta = dict(n.meta) if isinstance(n.meta, dict) else {}
    meta.setdefault("parkgrid", {})
    meta["parkgrid"]["objective_offset"] = report["objective_offset"]
    # from_pypsa reads the grid connections and targets back from n.meta["parkgrid"]
    meta["parkgrid"]["notes"] = report["notes"]
    n.meta = meta
    return n
