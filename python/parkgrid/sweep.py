"""Sweeps of a scenario's uncertain inputs: ``parkgrid sweep SPEC -o OUT`` (docs/sweep.md).

A sweep specification (TOML) names a base scenario, the parameters (each a path into the
scenario with its values: a list, a range and steps, or a distribution), the design (one at a
time, full grid, Latin hypercube, Morris, Sobol; sampled by scipy and SALib), what each sample
runs (one year, on typical days or every snapshot) and the figures to record. The samples run
one by one in this process, or on Dask distributed (``--dask local:N`` starts a LocalCluster,
``--dask tcp://HOST:PORT`` uses an existing scheduler). Each finished sample is written at once,
atomically, to OUT/parts/; ``--resume`` skips the samples already there.

    python -m parkgrid.sweep SPEC -o OUT [--limit N] [--dask local:2] [--resume]
"""

from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import io
import itertools
import json
import math
import os
import re
import sys
import time
import tomllib
from dataclasses import dataclass, field

DESIGNS = ("oat", "grid", "lhs", "morris", "sobol")
RUNS = ("run", "paths", "plan")
DISTRIBUTIONS = ("uniform", "normal", "triangular", "lognormal")
DEFAULT_FIGURES = (
    "objective_cny",
    "average_cost_cny_per_kwh",
    "green_share",
    "co2_t",
    "grid_import_mwh",
    "curtailment_mwh",
)
# run = "paths": the reform paths of `parkgrid paths` (src/analysis/paths.cpp), in its order;
# each figure is recorded per path as PATH.FIGURE (e.g. integration.price_cny_per_kwh).
PATH_IDS = ("baseline", "linkage", "distribution", "integration", "combined")
PATH_FIGURES = (
    "price_cny_per_kwh",
    "saving_cny_per_kwh",
    "green_share",
    "co2_t",
    "co2_kg_per_kwh",
    "investment_cny",
    "simple_payback_years",
    "grid_import_mwh",
    "grid_export_mwh",
    "curtailment_mwh",
    "heat_cost_cny",
    "heat_co2_t",
    "objective_cny",
)
DEFAULT_PATH_FIGURES = ("price_cny_per_kwh", "green_share", "co2_kg_per_kwh", "investment_cny")
# run = "plan": the multi-year plan of `parkgrid plan` (src/planning/); the discounted total as
# itself, every other figure per plan year as YEAR.FIGURE (e.g. 2027.green_share).
PLAN_TOTALS = ("total_cost_cny",)
PLAN_YEAR_FIGURES = (
    "average_cost_cny_per_kwh",
    "green_share",
    "co2_t",
    "annual_cost_cny",
    "investment_cny",
    "operation_cost_cny",
    "grid_import_mwh",
    "grid_export_mwh",
    "curtailment_mwh",
    "load_energy_mwh",
)
PLAN_FIGURES = PLAN_TOTALS + PLAN_YEAR_FIGURES
DEFAULT_PLAN_FIGURES = ("total_cost_cny", "average_cost_cny_per_kwh", "green_share", "co2_t")
# Two paths whose prices differ by less than this are a tie: the first in PATH_IDS is cheapest.
CHEAPEST_TIE_CNY_PER_KWH = 1e-6
SUMMARY_NUMBERS = DEFAULT_FIGURES + (
    "load_energy_mwh",
    "co2_kg_per_kwh",
    "renewable_generation_mwh",
    "grid_export_mwh",
    "renewable_capacity_share",
    "grid_peak_import_mw",
    "iterations",
    "build_s",
    "solve_s",
)


class SpecError(ValueError):
    """A sweep specification that cannot run: names the file, the field and the value."""

    def __init__(self, file: str, field_: str, value, expected: str):
        self.file, self.field, self.value, self.expected = file, field_, value, expected
        super().__init__(
            f"{file}: {field_} = {value!r}: {expected} / 扫描配置错误: {field_} 的值 {value!r} 无效"
        )


@dataclass
class Parameter:
    name: str
    path: str = ""  # dotted path into the scenario; empty for a switch
    paths: list = field(default_factory=list)  # every path set to the value (path is the first)
    mode: str = "set"  # set: the value replaces; scale: numbers at the path are multiplied
    values: list = field(default_factory=list)  # discrete values (list, or range with steps)
    low: float | None = None  # continuous range (range, or distribution bounds)
    high: float | None = None
    distribution: str = ""  # uniform, normal, triangular, lognormal (continuous designs)
    dist_args: dict = field(default_factory=dict)
    base: object = None
    switch: dict = field(default_factory=dict)  # value -> scenario file (relative to the spec)

    @property
    def discrete(self) -> bool:
        return self.low is None

    def from_unit(self, u: float):
        """The parameter's value at quantile u in [0, 1) (continuous designs)."""
        if self.discrete:
            i = min(int(u * len(self.values)), len(self.values) - 1)
            return self.values[i]
        if self.distribution in ("", "uniform"):
            return self.low + u * (self.high - self.low)
        from scipy import stats

        if self.distribution == "normal":
            d = stats.truncnorm(
                (self.low - self.dist_args["mean"]) / self.dist_args["std"],
                (self.high - self.dist_args["mean"]) / self.dist_args["std"],
                loc=self.dist_args["mean"],
                scale=self.dist_args["std"],
            )
        elif self.distribution == "triangular":
            c = (self.dist_args["mode"] - self.low) / (self.high - self.low)
            d = stats.triang(c, loc=self.low, scale=self.high - self.low)
        else:  # lognormal, cut to [low, high] by its quantiles
            d = stats.lognorm(self.dist_args["sigma"], scale=math.exp(self.dist_args["mu"]))
            lo, hi = d.cdf(self.low), d.cdf(self.high)
            return float(d.ppf(lo + u * (hi - lo)))
        return float(d.ppf(min(max(u, 1e-12), 1 - 1e-12)))


@dataclass
class Spec:
    file: str
    folder: str
    name: str
    scenario: str  # absolute path of the base scenario
    design: str
    parameters: list[Parameter]
    samples: int = 0  # lhs: samples; morris: trajectories; sobol: base samples N
    levels: int = 4  # morris grid levels
    seed: int = 1
    run: str = "run"
    typical_days: int = 0  # run = "plan": -1 keeps the scenario's [planning] typical_days
    figures: tuple = DEFAULT_FIGURES
    solver: str = "simplex"
    threads: int = 1
    time_limit_s: float | None = None
    warm: bool = True  # re-solve in place from the previous basis when only costs/bounds change
    plan_years: tuple = ()  # run = "plan": the base scenario's [planning] years


# ---- the specification --------------------------------------------------------------------------


def _number(file, fld, v, *, integer=False, positive=False):
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    if ok and integer:
        ok = float(v).is_integer()
    if ok and positive:
        ok = v > 0
    if not ok:
        kind = "an integer" if integer else "a finite number"
        raise SpecError(file, fld, v, f"expected {kind}{' > 0' if positive else ''}")
    return int(v) if integer else float(v)


def read_spec(path: str) -> Spec:
    """Reads and checks a sweep specification; raises SpecError before anything is solved."""
    file = os.fspath(path)
    try:
        with open(file, "rb") as f:
            doc = tomllib.load(f)
    except FileNotFoundError:
        raise SpecError(file, "(file)", file, "no such file") from None
    except tomllib.TOMLDecodeError as e:
        raise SpecError(file, "(syntax)", str(e), "not valid TOML") from None
    folder = os.path.dirname(os.path.abspath(file))
    known = {"sweep", "parameters"}
    for k in doc:
        if k not in known:
            raise SpecError(file, k, "...", "unknown section (expected [sweep] and [[parameters]])")
    s = doc.get("sweep")
    if not isinstance(s, dict):
        raise SpecError(file, "sweep", None, "missing [sweep] section")
    keys = {"name", "scenario", "design", "samples", "levels", "seed", "run", "typical_days",
            "figures", "solver", "threads", "time_limit_s", "warm"}
    for k in s:
        if k not in keys:
            raise SpecError(file, f"sweep.{k}", s[k], f"unknown field (expected one of {sorted(keys)})")
    if "scenario" not in s or not isinstance(s["scenario"], str):
        raise SpecError(file, "sweep.scenario", s.get("scenario"), "expected the base scenario's path")
    scenario = os.path.normpath(os.path.join(folder, s["scenario"]))
    if not os.path.isfile(scenario):
        raise SpecError(file, "sweep.scenario", s["scenario"], f"no such file ({scenario})")
    design = s.get("design", "oat")
    if design not in DESIGNS:
        raise SpecError(file, "sweep.design", design, f"expected one of {', '.join(DESIGNS)}")
    run = s.get("run", "run")
    if run not in RUNS:
        raise SpecError(file, "sweep.run", run, "expected run (one year), paths (the five "
                        "reform paths) or plan (the multi-year plan)")
    spec = Spec(file=file, folder=folder, name=str(s.get("name", os.path.basename(file))),
                scenario=scenario, design=design, parameters=[], run=run)
    if "samples" in s:
        spec.samples = _number(file, "sweep.samples", s["samples"], integer=True, positive=True)
    elif design in ("lhs", "morris", "sobol"):
        raise SpecError(file, "sweep.samples", None, f"design {design} needs samples (an integer > 0)")
    if design == "sobol" and spec.samples & (spec.samples - 1):
        raise SpecError(file, "sweep.samples", spec.samples,
                        "Sobol sampling needs a power of 2 (Saltelli's scheme)")
    if "levels" in s:
        spec.levels = _number(file, "sweep.levels", s["levels"], integer=True, positive=True)
        if spec.levels < 2:
            raise SpecError(file, "sweep.levels", s["levels"], "expected an integer >= 2")
    if "seed" in s:
        spec.seed = _number(file, "sweep.seed", s["seed"], integer=True)
    if "typical_days" in s:
        spec.typical_days = _number(file, "sweep.typical_days", s["typical_days"], integer=True)
        if spec.typical_days < 0:
            raise SpecError(file, "sweep.typical_days", s["typical_days"], "expected an integer >= 0")
    if "threads" in s:
        spec.threads = _number(file, "sweep.threads", s["threads"], integer=True)
        if spec.threads < 0:
            raise SpecError(file, "sweep.threads", s["threads"], "expected an integer >= 0")
    if "time_limit_s" in s:
        spec.time_limit_s = _number(file, "sweep.time_limit_s", s["time_limit_s"], positive=True)
    if "warm" in s:
        if not isinstance(s["warm"], bool):
            raise SpecError(file, "sweep.warm", s["warm"], "expected true or false")
        spec.warm = s["warm"]
    if "solver" in s:
        if s["solver"] not in ("choose", "simplex", "ipm", "ipx", "hipo", "pdlp"):
            raise SpecError(file, "sweep.solver", s["solver"],
                            "expected one of choose, simplex, ipm, ipx, hipo, pdlp")
        spec.solver = s["solver"]
    known_figures = {"paths": PATH_FIGURES, "plan": PLAN_FIGURES}.get(run, SUMMARY_NUMBERS)
    if run == "paths":
        spec.figures = DEFAULT_PATH_FIGURES
    if run == "plan":
        spec.figures = DEFAULT_PLAN_FIGURES
        if "typical_days" not in s:
            spec.typical_days = -1
    if "figures" in s:
        f = s["figures"]
        if not isinstance(f, list) or not f:
            raise SpecError(file, "sweep.figures", f, "expected a non-empty list of figure names")
        for x in f:
            if x not in known_figures:
                raise SpecError(file, "sweep.figures", x, f"unknown figure of run = {run!r} "
                                f"(expected one of {', '.join(known_figures)})")
        spec.figures = tuple(f)

    params = doc.get("parameters")
    if not isinstance(params, list) or not params:
        raise SpecError(file, "parameters", params, "expected at least one [[parameters]] entry")
    with open(scenario, "rb") as f:
        base_doc = tomllib.load(f)
    names = set()
    for i, p in enumerate(params):
        if not isinstance(p, dict):
            raise SpecError(file, f"parameters[{i}]", p, "expected a table")
    # switches first: every path must exist in each scenario a switch can choose
    order = sorted(range(len(params)), key=lambda i: "switch" not in params[i])
    parsed = {}
    for i in order:
        switches = [parsed[j] for j in parsed if parsed[j].switch]
        parsed[i] = _parameter(file, folder, i, params[i], base_doc, design, switches)
    for i in range(len(params)):
        spec.parameters.append(parsed[i])
        n = spec.parameters[-1].name
        if n in names:
            raise SpecError(file, f"parameters[{i}].name", n, "each parameter needs its own name")
        names.add(n)
    if run == "plan":  # `parkgrid plan` needs the scenario's [planning] section (docs/planning.md)
        scenarios = [scenario] + [f for q in spec.parameters for f in q.switch.values()]
        for sc in dict.fromkeys(scenarios):
            with open(sc, "rb") as fh:
                years = tomllib.load(fh).get("planning", {}).get("years")
            if not isinstance(years, list) or not years:
                raise SpecError(file, "sweep.run", run, f"scenario {sc} has no [planning] years: "
                                "the plan needs them (docs/planning.md)")
            if sc == scenario:
                spec.plan_years = tuple(int(y) for y in years)
    if run == "paths":  # `parkgrid paths` needs the scenario's [paths] section (docs/tariffs.md)
        scenarios = [scenario] + [f for q in spec.parameters for f in q.switch.values()]
        for sc in dict.fromkeys(scenarios):
            with open(sc, "rb") as fh:
                if "paths" not in tomllib.load(fh):
                    raise SpecError(file, "sweep.run", run, f"scenario {sc} has no [paths] section: "
                                    "the reform paths need it (docs/tariffs.md)")
    _check_values(file, spec)
    return spec


def _check_values(file: str, spec: Spec) -> None:
    """Each parameter's values (its list, or the two ends of its range, and its base), set one at
    a time into the base scenario and into each scenario a switch names, must be values the engine
    reads: a value it would refuse (a min_stable_pu of 1.5, a negative capacity, a number where a
    name belongs) or cannot scale is named here, before any solve, not once per sample. Reading is
    cheap (about 10 ms for Pinglu); nothing is solved."""
    import parkgrid

    scenarios = [spec.scenario] + [f for q in spec.parameters for f in q.switch.values()]
    docs = {}
    for sc in dict.fromkeys(scenarios):
        with open(sc, "rb") as fh:
            docs[sc] = tomllib.load(fh)
        try:  # the scenario as it is, before any edit (a switch's may be refused on its own)
            _read_edited(docs[sc], sc, [])
        except parkgrid.InputError as e:
            switch = next((f"parameters[{i}].switch.{k}" for i, q in enumerate(spec.parameters)
                           for k, f in q.switch.items() if f == sc), "sweep.scenario")
            raise SpecError(file, switch, sc, f"the scenario reader refuses it: {e}") from None
    for i, par in enumerate(spec.parameters):
        if par.switch:
            continue
        where = f"parameters[{i}].{'range' if par.low is not None else 'values'}"
        probes = list(par.values) if par.low is None else [par.low, par.high]
        probes += [par.base] if par.base is not None and par.base not in probes else []
        for v in probes:
            for sc, base_doc in docs.items():
                try:
                    _read_edited(base_doc, sc, [(x, v, par.mode) for x in par.paths])
                except (KeyError, TypeError) as e:
                    how = "scale {} of {} by it" if par.mode == "scale" else "set {} of {} to it"
                    raise SpecError(file, where, v, f"cannot {how.format(', '.join(par.paths), sc)}: "
                                    f"{e.args[0]}") from None
                except parkgrid.InputError as e:
                    what = "scaled by" if par.mode == "scale" else "set to"
                    # the reader's line numbers are those of the edited text, not of the file
                    msg = re.sub(rf"^{re.escape(sc)}:\d+: ", "", str(e))
                    raise SpecError(file, where, v, f"{', '.join(par.paths)} {what} it is refused by "
                                    f"the scenario reader ({sc}): {msg}") from None


def figure_columns(spec: Spec) -> list[str]:
    """The figure columns of results.csv that the summary and the sensitivity read: the figures
    (run), each path's figures as PATH.FIGURE (paths), or the plan's total and each year's
    figures as YEAR.FIGURE (plan)."""
    if spec.run == "paths":
        return [f"{i}.{f}" for i in PATH_IDS for f in spec.figures]
    if spec.run == "plan":
        return [f if f in PLAN_TOTALS else f"{y}.{f}" for f in spec.figures
                for y in ((None,) if f in PLAN_TOTALS else spec.plan_years)]
    return list(spec.figures)


def _parameter(file, folder, i, p, base_doc, design, params_switches=()) -> Parameter:
    at = f"parameters[{i}]"
    keys = {"name", "path", "mode", "values", "range", "steps", "distribution", "mean", "std",
            "mode_value", "mu", "sigma", "base", "switch"}
    for k in p:
        if k not in keys:
            raise SpecError(file, f"{at}.{k}", p[k], f"unknown field (expected one of {sorted(keys)})")
    if "switch" in p:
        sw = p["switch"]
        if not isinstance(sw, dict) or not sw:
            raise SpecError(file, f"{at}.switch", sw, "expected a table: value = \"scenario file\"")
        for k, v in sw.items():
            full = os.path.normpath(os.path.join(folder, str(v)))
            if not os.path.isfile(full):
                raise SpecError(file, f"{at}.switch.{k}", v, f"no such scenario file ({full})")
        name = p.get("name")
        if not isinstance(name, str) or not name:
            raise SpecError(file, f"{at}.name", name, "a switch needs a name")
        values = list(sw)
        base = p.get("base", values[0])
        if base not in sw:
            raise SpecError(file, f"{at}.base", base, f"expected one of {values}")
        return Parameter(name=name, values=values, base=base,
                         switch={k: os.path.normpath(os.path.join(folder, str(v))) for k, v in sw.items()})
    path = p.get("path")
    paths = path if isinstance(path, list) else [path]
    if not paths or not all(isinstance(x, str) and x for x in paths):
        raise SpecError(file, f"{at}.path", path, "expected a dotted path into the scenario (or a "
                        "list of them, set together), e.g. generators.pv.capex_cny_per_mw")
    mode = p.get("mode", "set")
    if mode not in ("set", "scale"):
        raise SpecError(file, f"{at}.mode", mode, "expected set or scale")
    docs = [(base_doc, "the base scenario")]
    for q in params_switches:
        for v, f in q.switch.items():
            with open(f, "rb") as fh:
                docs.append((tomllib.load(fh), f"scenario {f} (switch {q.name} = {v})"))
    for x in paths:
        for d, what in docs:
            try:
                current = get_path(d, x)
            except KeyError as e:
                raise SpecError(file, f"{at}.path", x, f"not found in {what}: {e.args[0]}") from None
            if mode == "set" and "values" not in p and not _is_number(current):
                raise SpecError(file, f"{at}.path", x, "the value there is not a number; give "
                                "values = [...], or mode = \"scale\" to multiply a series")
    current = get_path(base_doc, paths[0])
    name = p.get("name", paths[0])
    par = Parameter(name=str(name), path=paths[0], paths=paths, mode=mode)
    sources = [k for k in ("values", "range", "distribution") if k in p]
    if len(sources) != 1 and not ("range" in p and "distribution" in p and len(sources) == 2):
        raise SpecError(file, at, sources or None,
                        "expected exactly one of values, range (with steps), or distribution (with range)")
    if "values" in p:
        v = p["values"]
        if not isinstance(v, list) or not v:
            raise SpecError(file, f"{at}.values", v, "expected a non-empty list")
        if mode == "scale":
            for x in v:
                _number(file, f"{at}.values", x)
        par.values = list(v)
    else:
        r = p.get("range")
        if not (isinstance(r, list) and len(r) == 2 and all(_is_number(x) for x in r) and r[0] < r[1]):
            raise SpecError(file, f"{at}.range", r, "expected [low, high] with low < high")
        par.low, par.high = float(r[0]), float(r[1])
        if "distribution" in p:
            d = p["distribution"]
            if d not in DISTRIBUTIONS:
                raise SpecError(file, f"{at}.distribution", d, f"expected one of {', '.join(DISTRIBUTIONS)}")
            par.distribution = d
            need = {"normal": ("mean", "std"), "triangular": ("mode_value",),
                    "lognormal": ("mu", "sigma"), "uniform": ()}[d]
            for k in need:
                if k not in p:
                    raise SpecError(file, f"{at}.{k}", None, f"distribution {d} needs {', '.join(need)}")
                par.dist_args["mode" if k == "mode_value" else k] = _number(file, f"{at}.{k}", p[k])
            if d in ("normal", "lognormal") and par.dist_args.get("std", par.dist_args.get("sigma")) <= 0:
                raise SpecError(file, f"{at}.{'std' if d == 'normal' else 'sigma'}",
                                par.dist_args.get("std", par.dist_args.get("sigma")), "expected > 0")
            if d == "triangular" and not par.low <= par.dist_args["mode"] <= par.high:
                raise SpecError(file, f"{at}.mode_value", par.dist_args["mode"], "expected within range")
        steps = p.get("steps")
        if steps is not None:
            steps = _number(file, f"{at}.steps", steps, integer=True, positive=True)
            if steps < 2:
                raise SpecError(file, f"{at}.steps", steps, "expected an integer >= 2")
            par.values = [par.low + k * (par.high - par.low) / (steps - 1) for k in range(steps)]
        elif design in ("oat", "grid"):
            raise SpecError(file, f"{at}.steps", None,
                            f"design {design} needs discrete values: give steps with the range")
    if "base" in p:
        par.base = p["base"]
    elif mode == "scale":
        par.base = 1.0
    elif _is_number(current):
        par.base = current
    else:
        par.base = par.values[0] if par.values else par.low
    if design == "oat" and mode == "set" and not _is_number(par.base) and par.base not in par.values:
        raise SpecError(file, f"{at}.base", par.base, f"expected one of {par.values}")
    return par


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# ---- paths into a scenario ----------------------------------------------------------------------


def _step(node, key: str, path: str):
    if isinstance(node, dict):
        if key not in node:
            raise KeyError(f"no field {key!r} on the way to {path}")
        return node, key
    if isinstance(node, list):
        for j, item in enumerate(node):
            if isinstance(item, dict) and item.get("name") == key:
                return node, j
        if key.isdigit() and int(key) < len(node):
            return node, int(key)
        names = [x.get("name") for x in node if isinstance(x, dict)]
        raise KeyError(f"no entry named {key!r} on the way to {path} (there are {names})")
    raise KeyError(f"{key!r} of {path} is below a plain value")


def get_path(doc: dict, path: str):
    node = doc
    for key in path.split("."):
        parent, k = _step(node, key, path)
        node = parent[k]
    return node


def _scaled(v, factor):
    if _is_number(v):
        return v * factor
    if isinstance(v, list):
        return [_scaled(x, factor) for x in v]
    if isinstance(v, dict) and "file" in v:  # a CSV column: its optional factor
        return {**v, "scale": v.get("scale", 1.0) * factor}
    if isinstance(v, dict):
        return {k: _scaled(x, factor) for k, x in v.items()}
    raise TypeError(f"cannot scale {v!r}")


def set_path(doc: dict, path: str, value, mode: str = "set") -> None:
    keys = path.split(".")
    node = doc
    for key in keys[:-1]:
        parent, k = _step(node, key, path)
        node = parent[k]
    parent, k = _step(node, keys[-1], path)
    parent[k] = _scaled(parent[k], value) if mode == "scale" else value


# ---- designs ------------------------------------------------------------------------------------


def _salib_problem(spec: Spec) -> dict:
    return {
        "num_vars": len(spec.parameters),
        "names": [p.name for p in spec.parameters],
        "bounds": [[0.0, 1.0]] * len(spec.parameters),
    }


def design(spec: Spec) -> list[dict]:
    """The samples of the design, in order: one dict {parameter name: value} each. Deterministic
    for a given specification (and seed)."""
    ps = spec.parameters
    base = {p.name: p.base for p in ps}
    if spec.design == "oat":
        out = [dict(base)]
        for p in ps:
            for v in p.values:
                if v == p.base:
                    continue
                s = dict(base)
                s[p.name] = v
                out.append(s)
        return out
    if spec.design == "grid":
        return [dict(zip([p.name for p in ps], combo)) for combo in itertools.product(*[p.values for p in ps])]
    if spec.design == "lhs":
        from scipy.stats import qmc

        u = qmc.LatinHypercube(d=len(ps), seed=spec.seed).random(spec.samples)
    elif spec.design == "morris":
        from SALib.sample import morris

        u = morris.sample(_salib_problem(spec), spec.samples, num_levels=spec.levels, seed=spec.seed)
        u = u * (1 - 1e-9)  # the top level 1.0 maps to the last value of a discrete parameter
    else:  # sobol
        from SALib.sample import sobol

        u = sobol.sample(_salib_problem(spec), spec.samples, calc_second_order=False, seed=spec.seed)
        u = u * (1 - 1e-9)
    unit = [[float(x) for x in row] for row in u]
    return [{p.name: p.from_unit(x) for p, x in zip(ps, row)} for row in unit]


def design_unit(spec: Spec, samples: list[dict]) -> list[list[float]]:
    """The samples on SALib's unit scale (for Morris/Sobol analysis), from the design again."""
    from SALib.sample import morris, sobol

    if spec.design == "morris":
        u = morris.sample(_salib_problem(spec), spec.samples, num_levels=spec.levels, seed=spec.seed)
    else:
        u = sobol.sample(_salib_problem(spec), spec.samples, calc_second_order=False, seed=spec.seed)
    return u


def sample_key(values: dict) -> str:
    """A short key of a sample's parameter values (stable across runs)."""
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ---- running one sample -------------------------------------------------------------------------


@dataclass
class Task:
    sample: int
    values: dict
    scenario: str
    edits: list  # (path, value, mode)
    run: str
    typical_days: int
    figures: tuple
    solver: str
    threads: int
    time_limit_s: float | None
    warm: bool = True


def tasks(spec: Spec, samples: list[dict]) -> list[Task]:
    out = []
    for i, values in enumerate(samples):
        scenario = spec.scenario
        edits = []
        for p in spec.parameters:
            v = values[p.name]
            if p.switch:
                scenario = p.switch[v]
            else:
                edits.extend((x, v, p.mode) for x in p.paths)
        out.append(Task(i, values, scenario, edits, spec.run, spec.typical_days, spec.figures,
                        spec.solver, spec.threads, spec.time_limit_s, spec.warm))
    return out


_BASE_DOCS: dict[str, dict] = {}
_SESSION = None  # this process's WarmSession: the last LP stays loaded in HiGHS


def _read_edited(base_doc: dict, scenario: str, edits):
    """The scenario document `base_doc` (read from the file `scenario`) with `edits` ((path,
    value, mode), ...) applied, read by the engine from text as if it were that file: relative CSV
    paths resolve beside it and nothing is written there (a killed sweep leaves no file behind).
    Raises KeyError or TypeError for an edit that cannot be made, parkgrid.InputError for a value
    the reader refuses. Used by every sample (run_task) and by the specification's check."""
    import tomli_w

    import parkgrid

    doc = copy.deepcopy(base_doc)
    for path, v, mode in edits:
        set_path(doc, path, v, mode)
    return parkgrid.read_text(tomli_w.dumps(doc), scenario)


def run_task(task: Task) -> dict:
    """Runs one sample with the C++ engine (parkgrid.read_text + optimize) and returns its row.
    The edited scenario is read from text as if it were the base file (relative file references
    keep working). An infeasible sample is a row with its explanation, not an error."""
    import parkgrid

    t0 = time.perf_counter()
    if task.scenario not in _BASE_DOCS:
        with open(task.scenario, "rb") as f:
            _BASE_DOCS[task.scenario] = tomllib.load(f)
    row = {"sample": task.sample, "key": sample_key(task.values)}
    row.update({f"p.{k}": v for k, v in task.values.items()})
    try:
        net = _read_edited(_BASE_DOCS[task.scenario], task.scenario, task.edits)
    except (KeyError, TypeError) as e:
        row.update(status="input_error", explanation=f"{task.scenario}: {e}")
        return _finish(row, task, t0)
    except parkgrid.InputError as e:
        row.update(status="input_error", explanation=str(e))
        return _finish(row, task, t0)
    if task.run == "paths":
        return _run_paths(net, row, task, t0)
    if task.run == "plan":
        return _run_plan(net, row, task, t0)
    global _SESSION
    try:
        if task.warm:
            if _SESSION is None:
                _SESSION = parkgrid.WarmSession()
            r = _SESSION.optimize(net, solver=task.solver, threads=task.threads,
                                  time_limit=task.time_limit_s, typical_days=task.typical_days)
        else:
            r = net.optimize(solver=task.solver, threads=task.threads, time_limit=task.time_limit_s,
                             typical_days=task.typical_days)
    except (RuntimeError, ValueError) as e:
        row.update(status="error", explanation=str(e))
        return _finish(row, task, t0)
    s = r.summary
    row["status"] = s["status"]
    row["explanation"] = " | ".join(v.get("message", str(v)) if isinstance(v, dict) else str(v)
                                    for v in (s.get("violations") or []))
    # warm: the LP of the previous sample on this worker re-solved in place from its basis;
    # cold: loaded and solved from scratch (a first sample, a structural change, or warm = false)
    row["solve"] = "warm" if s.get("warm") else "cold"
    row["iterations"] = int(s.get("iterations") or 0)
    for f in task.figures:
        row[f] = float(s[f]) if s.get("has_solution") and s.get(f) is not None else float("nan")
    if not s.get("has_solution"):
        row["objective_cny"] = float("nan")
    row["build_s"] = float(s.get("build_s", float("nan")))
    row["solve_s"] = float(s.get("solve_s", float("nan")))
    caps = r.capacities
    if len(caps):
        for _, c in caps[caps["extendable"]].iterrows():
            # capacity added; a solver's -1e-12 (or -0.0) is none
            row[f"built.{c['name']}.{c['quantity']}"] = max(0.0, float(c["optimal"] - c["existing"]))
    return _finish(row, task, t0)


def _run_paths(net, row, task, t0):
    """The five reform paths of one sample (Network.reform_paths: built once, the first path
    solved from scratch, the others re-solved from the previous path's basis). A path's figures
    are recorded only when it is optimal (NaN otherwise); `cheapest` names the path with the
    lowest price among the optimal ones."""
    try:
        r = net.reform_paths(solver=task.solver, threads=task.threads,
                             time_limit=task.time_limit_s, typical_days=task.typical_days)
    except (RuntimeError, ValueError) as e:
        row.update(status="error", explanation=str(e))
        return _finish(row, task, t0)
    by_id = {p["id"]: p for p in r["paths"]}
    problems = [p for p in r["paths"] if p["status"] != "optimal"]
    row["status"] = problems[0]["status"] if problems else "optimal"
    row["explanation"] = " | ".join(f"{p['id']}: {m}" for p in problems
                                    for m in (p["violations"] or [p["status"]]))
    row["solve"] = "paths"  # per sample: one cold solve, then four warm ones
    row["iterations"] = sum(int(p["iterations"]) for p in r["paths"])
    prices = {}
    for i in PATH_IDS:
        p = by_id[i]
        ok = p["status"] == "optimal" and p["has_solution"]
        row[f"{i}.status"] = p["status"]
        for f in task.figures:
            row[f"{i}.{f}"] = float(p[f]) if ok and p[f] is not None else float("nan")
        if ok:
            prices[i] = float(p["price_cny_per_kwh"])
            for b in p["built"]:
                row[f"built.{i}.{b['name']}.{b['quantity']}"] = max(0.0, float(b["built"]))
    if prices:
        low = min(prices.values())
        row["cheapest"] = next(i for i in PATH_IDS
                               if i in prices and prices[i] - low <= CHEAPEST_TIE_CNY_PER_KWH)
    else:
        row["cheapest"] = ""
    row["build_s"] = float(r["build_s"])
    row["solve_s"] = sum(float(p["solve_s"]) for p in r["paths"])
    return _finish(row, task, t0)


def _run_plan(net, row, task, t0):
    """The multi-year plan of one sample (Network.plan, as `parkgrid plan`, built and solved from
    scratch: a plan is one LP over all its years). Figures are recorded only when it is optimal
    (NaN otherwise); what is built is the sum over the periods, per capacity."""
    try:
        r = net.plan(solver=task.solver, threads=task.threads, time_limit=task.time_limit_s,
                     typical_days=None if task.typical_days < 0 else task.typical_days)
    except (RuntimeError, ValueError) as e:
        row.update(status="error", explanation=str(e))
        return _finish(row, task, t0)
    row["status"] = r["status"]
    row["explanation"] = " | ".join(
        ([f"{r['infeasible_year']}"] if r.get("infeasible_year") else []) + list(r["violations"]))
    row["solve"] = "plan"
    ok = r["status"] == "optimal" and r["has_solution"]
    for f in task.figures:
        if f in PLAN_TOTALS:
            row[f] = float(r[f]) if ok else float("nan")
            continue
        for p in r["periods"]:
            v = p.get(f)
            row[f"{p['year']}.{f}"] = float(v) if ok and v is not None else float("nan")
    if ok:
        for c in r["capacities"]:
            row[f"built.{c['name']}.{c['quantity']}"] = max(0.0, float(sum(c["built"])))
    row["build_s"] = float(r["build_s"])
    row["solve_s"] = float(r["solve_s"])
    return _finish(row, task, t0)


def _finish(row, task, t0):
    row.setdefault("solve", "none")
    row["task_s"] = time.perf_counter() - t0
    row["worker_pid"] = os.getpid()
    return row


# ---- results on disk ----------------------------------------------------------------------------


def _atomic_write(path: str, text: str) -> None:
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    if columns is None:
        columns = []
        for r in rows:
            for k in r:
                if k not in columns:
                    columns.append(k)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in columns})
    return buf.getvalue()


def part_path(out: str, sample: int) -> str:
    return os.path.join(out, "parts", f"sample_{sample:06d}.csv")


def write_part(out: str, row: dict) -> None:
    _atomic_write(part_path(out, row["sample"]), _csv_text([row]))


def read_parts(out: str) -> dict[int, dict]:
    rows = {}
    folder = os.path.join(out, "parts")
    if not os.path.isdir(folder):
        return rows
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("sample_") and name.endswith(".csv")):
            continue  # a .tmp file of an interrupted write is not a result
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows[int(r["sample"])] = r
    return rows


# ---- orchestration ------------------------------------------------------------------------------


def duration_text(seconds: float) -> str:
    """A time for people: "42 s", "4 min 10 s", "2 h 05 min"; "?" before there is a rate."""
    if not math.isfinite(seconds):
        return "?"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class Progress:
    """The command line's progress bar: samples done of the design, samples per second over this
    run (a resumed sweep's earlier samples are not counted in the rate), the time so far and the
    estimated time left at that rate. Redrawn in place on a terminal; otherwise a line at every
    twentieth of the design."""

    def __init__(self, total: int, done: int, stream=sys.stderr, clock=time.perf_counter):
        self.total, self.done, self.start_done = total, done, done
        self.clock = clock
        self.t0 = clock()
        self.stream = stream
        self.tty = stream.isatty()

    def tick(self, n: int = 1):
        self.done += n
        el = self.clock() - self.t0
        rate = (self.done - self.start_done) / el if el > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        width = 30
        fill = int(width * self.done / max(self.total, 1))
        line = (f"[{'#' * fill}{'.' * (width - fill)}] {self.done}/{self.total} samples 样本 · "
                f"{rate:.2f}/s · {duration_text(el)} elapsed 已用 · ETA 剩余 {duration_text(left)}")
        if self.tty:  # \x1b[K clears what a longer previous line left
            self.stream.write("\r" + line + "\x1b[K")
            if self.done >= self.total:
                self.stream.write("\n")
        elif self.done == self.total or (self.done - self.start_done) % max(1, self.total // 20) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


def _local_workers(dask: str) -> int | None:
    """N of `local:N`, None for a scheduler's address; a SpecError for anything else (checked
    before the output folder is touched)."""
    if dask.startswith("local:"):
        try:
            n = int(dask.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise SpecError("--dask", "--dask", dask, "expected local:N with N >= 1, or tcp://HOST:PORT")
        return n
    if dask.startswith("tcp://") or dask.startswith("tls://"):
        return None
    raise SpecError("--dask", "--dask", dask, "expected local:N or tcp://HOST:PORT")


def _client(dask: str):
    from distributed import Client, LocalCluster

    n = _local_workers(dask)
    if n is not None:
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        return Client(cluster), cluster
    return Client(dask), None


def _submit(client, todo: list[Task]):
    """One future per sample. Consecutive samples go to the same worker (contiguous blocks, one
    per worker, in design order) so that each worker's warm re-solves continue from a neighbouring
    sample's basis; Dask may still move a task to another worker (work stealing, a dead worker),
    and retries a task whose worker died."""
    workers = sorted(client.scheduler_info().get("workers", {}))
    futures = []
    block = max(1, math.ceil(len(todo) / max(1, len(workers))))
    for j, t in enumerate(todo):
        where = [workers[j // block]] if workers else None
        futures.append(client.submit(run_task, t, pure=False, retries=2, workers=where,
                                     allow_other_workers=True, priority=-j,
                                     key=f"sample-{t.sample}-{sample_key(t.values)}"))
    return futures


def run_sweep(spec: Spec, out: str, *, limit: int | None = None, dask: str | None = None,
              resume: bool = False, progress: bool = True) -> dict:
    """Runs the sweep into `out`; returns {"samples", "ran", "skipped", "elapsed_s"}."""
    if dask:
        _local_workers(dask)  # a bad --dask is named before anything is written
    samples = design(spec)
    if limit is not None:
        samples = samples[:limit]
    keys = [sample_key(s) for s in samples]
    design_rows = [{"sample": i, "key": k, **{f"p.{n}": v for n, v in s.items()}}
                   for i, (k, s) in enumerate(zip(keys, samples))]
    design_text = _csv_text(design_rows)
    design_file = os.path.join(out, "design.csv")
    if os.path.exists(design_file) and not resume:
        raise SpecError(out, "-o", out, "holds a sweep already: give --resume to continue it, "
                        "or another folder / 已有扫描结果: 用 --resume 继续")
    os.makedirs(os.path.join(out, "parts"), exist_ok=True)
    if resume and os.path.exists(design_file):
        with open(design_file, encoding="utf-8") as f:
            old = f.read()
        if old != design_text:
            raise SpecError(out, "--resume", out, "the design there differs from this specification's "
                            "(another spec, seed or --limit) / 设计与已有结果不一致")
    _atomic_write(design_file, design_text)
    with open(spec.file, encoding="utf-8") as f:
        _atomic_write(os.path.join(out, "spec.toml"), f.read())
    done = read_parts(out) if resume else {}
    # a part whose key differs from the design is not this sample's: it is run again
    done = {i: r for i, r in done.items() if i < len(keys) and r.get("key") == keys[i]}
    todo = [t for t in tasks(spec, samples) if t.sample not in done]
    bar = Progress(len(samples), len(done)) if progress else None
    t0 = time.perf_counter()
    if not dask:
        for t in todo:
            write_part(out, run_task(t))
            if bar:
                bar.tick()
    else:
        from distributed import as_completed

        client, cluster = _client(dask)
        try:
            futures = _submit(client, todo)
            for fut in as_completed(futures):
                write_part(out, fut.result())
                if bar:
                    bar.tick()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    elapsed = time.perf_counter() - t0
    rows = read_parts(out)
    rows = [rows[i] for i in sorted(rows) if i < len(keys)]
    _atomic_write(os.path.join(out, "results.csv"), _csv_text(rows))
    summarise(spec, samples, rows, out)
    info = {"samples": len(samples), "ran": len(todo), "skipped": len(done), "elapsed_s": elapsed,
            "samples_per_s": len(todo) / elapsed if elapsed > 0 and todo else float("nan")}
    # what the readers of the folder need besides the CSVs (the web UI's Sensitivity view and
    # `parkgrid report`: src/report/results.cpp, read_sweep)
    about = {"name": spec.name, "scenario": spec.scenario, "design": spec.design, "run": spec.run,
             "typical_days": spec.typical_days, "parameters": [p.name for p in spec.parameters],
             "figures": figure_columns(spec), "limit": limit}
    finite = {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
              for k, v in (about | info).items()}  # JSON has no NaN
    _atomic_write(os.path.join(out, "run.json"), json.dumps(finite, indent=1))
    return info


# ---- what a planner reads -----------------------------------------------------------------------


def _float(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def summarise(spec: Spec, samples: list[dict], rows: list[dict], out: str) -> None:
    """Writes summary.csv (each figure: mean, P10, P50, P90 over the optimal samples; for the
    reform paths, each path's figures over the samples in which that path is optimal, and the
    share of samples in which each path is cheapest) and sensitivity.csv (tornado for one at a
    time, mu*/sigma for Morris, S1/ST for Sobol)."""
    import numpy as np

    ok = [r for r in rows if r.get("status") == "optimal"]
    columns = figure_columns(spec)
    paths = spec.run == "paths"
    # paths: a path's figures are NaN where it is not optimal, so every sample counts for the
    # others; a capacity a path does not build has no column (0 where the path is optimal)
    pool = rows if paths else ok
    built = sorted({k for r in pool for k in r if k.startswith("built.")})

    def value(r, f):
        v = _float(r.get(f))
        if paths and f.startswith("built.") and math.isnan(v):
            if r.get(f"{f.split('.')[1]}.status") == "optimal":
                return 0.0
        return v

    summ = []
    for f in columns + built:  # the figures, then what is built (MW or MWh)
        v = np.array([value(r, f) for r in pool])
        v = v[np.isfinite(v)]
        if len(v) == 0:
            continue
        summ.append({"figure": f, "samples": len(v), "mean": v.mean(), "p10": np.percentile(v, 10),
                     "p50": np.percentile(v, 50), "p90": np.percentile(v, 90),
                     "min": v.min(), "max": v.max()})
    if paths:  # the share of samples in which each path is cheapest (the mean of an indicator)
        priced = [r for r in rows if r.get("cheapest")]
        for i in PATH_IDS:
            if priced:
                summ.append({"figure": f"cheapest.{i}", "samples": len(priced),
                             "mean": sum(r["cheapest"] == i for r in priced) / len(priced)})
    summ.append({"figure": "infeasible_or_failed", "samples": len(rows) - len(ok)})
    _atomic_write(os.path.join(out, "summary.csv"), _csv_text(summ))
    sens = []
    by_sample = {int(r["sample"]): r for r in rows}
    if spec.design == "oat" and 0 in by_sample:
        base = by_sample[0]
        for f in columns:
            b = _float(base.get(f))
            for p in spec.parameters:
                vals = [(s[p.name], _float(by_sample[i].get(f))) for i, s in enumerate(samples)
                        if i in by_sample and i > 0 and s[p.name] != p.base]
                vals = [(x, y) for x, y in vals if math.isfinite(y)]
                if not vals:
                    continue
                lo = min(vals, key=lambda t: t[1])
                hi = max(vals, key=lambda t: t[1])
                sens.append({"figure": f, "parameter": p.name, "base": b, "low": lo[1],
                             "low_at": lo[0], "high": hi[1], "high_at": hi[0],
                             "swing": hi[1] - lo[1]})
        sens.sort(key=lambda r: (r["figure"], -abs(r["swing"])))
    elif spec.design in ("morris", "sobol"):
        from SALib.analyze import morris, sobol

        unit = np.asarray(design_unit(spec, samples))
        if len(unit) != len(samples) or len(by_sample) != len(samples):
            return  # a --limit run or missing samples: the estimators need the whole design
        for f in columns:
            y = np.array([_float(by_sample[i].get(f)) for i in range(len(samples))])
            if not np.all(np.isfinite(y)):
                continue  # an infeasible sample breaks the estimator: listed in summary.csv
            if spec.design == "morris":
                res = morris.analyze(_salib_problem(spec), unit, y, num_levels=spec.levels,
                                     seed=spec.seed)
                for j, p in enumerate(spec.parameters):
                    sens.append({"figure": f, "parameter": p.name, "mu_star": res["mu_star"][j],
                                 "sigma": res["sigma"][j], "mu": res["mu"][j]})
            else:
                res = sobol.analyze(_salib_problem(spec), y, calc_second_order=False, seed=spec.seed)
                for j, p in enumerate(spec.parameters):
                    sens.append({"figure": f, "parameter": p.name, "S1": res["S1"][j],
                                 "S1_conf": res["S1_conf"][j], "ST": res["ST"][j],
                                 "ST_conf": res["ST_conf"][j]})
    _write_sensitivity(out, sens)


def _write_sensitivity(out, sens):
    if sens:
        _atomic_write(os.path.join(out, "sensitivity.csv"), _csv_text(sens))


def print_summary(out: str, stream=sys.stdout) -> None:
    with open(os.path.join(out, "summary.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    stream.write("\nSweep summary 扫描汇总 (optimal samples 最优样本)\n")
    stream.write(f"{'Figure 指标':<40}{'n':>5}{'mean 均值':>16}{'P10':>16}{'P50':>16}{'P90':>16}\n")
    for r in rows:
        if r["figure"] == "infeasible_or_failed":
            stream.write(f"Infeasible or failed 不可行或失败: {r['samples']}\n")
            continue
        if r["figure"].startswith("cheapest."):
            stream.write(f"{r['figure']:<40}{r['samples']:>5}{100 * _float(r['mean']):>15.1f}% "
                         "of samples cheapest 最低价样本占比\n")
            continue
        stream.write(f"{r['figure']:<40}{r['samples']:>5}" + "".join(
            f"{_float(r[k]):>16.4g}" for k in ("mean", "p10", "p50", "p90")) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="parkgrid sweep", description=__doc__.split("\n\n")[0])
    ap.add_argument("spec", help="sweep specification (TOML, docs/sweep.md)")
    ap.add_argument("-o", "--out", required=True, help="output folder")
    ap.add_argument("--limit", type=int, default=None, help="run only the first N samples")
    ap.add_argument("--dask", default=None, help="local:N (LocalCluster) or tcp://HOST:PORT")
    ap.add_argument("--resume", action="store_true", help="continue an interrupted sweep in OUT")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    ap.add_argument("--cold", action="store_true",
                    help="solve every sample from scratch (no warm re-solves; for comparison)")
    a = ap.parse_args(argv)
    try:
        if a.limit is not None and a.limit < 1:
            raise SpecError("--limit", "--limit", a.limit, "expected an integer >= 1")
        spec = read_spec(a.spec)
        if a.cold:
            spec.warm = False
        info = run_sweep(spec, a.out, limit=a.limit, dask=a.dask, resume=a.resume,
                         progress=not a.no_progress)
    except SpecError as e:
        print(f"parkgrid sweep: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nparkgrid sweep: interrupted; finished samples are in OUT/parts/, continue with "
              "--resume / 已中断: 用 --resume 继续", file=sys.stderr)
        return 130
    print_summary(a.out)
    print(f"Samples 样本: {info['samples']} ({info['ran']} run, {info['skipped']} already done) "
          f"in {info['elapsed_s']:.1f} s · {info['samples_per_s']:.2f} samples/s")
    written = [f for f in ("results.csv", "summary.csv", "sensitivity.csv")
               if os.path.exists(os.path.join(a.out, f))]
    print(f"Results 结果: {a.out}/ ({', '.join(written + ['parts/'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
