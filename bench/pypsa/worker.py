"""One measurement in its own process (bench/compare_pypsa.py starts it): prints one JSON line.

    worker.py parkgrid build   PATH            read + build the LP
    worker.py parkgrid solve   PATH OPTIONS    read + build + solve
    worker.py pypsa    build   PYPSA_DIR       pypsa.Network(dir) + n.optimize.create_model()
    worker.py pypsa    solve   PYPSA_DIR OPTIONS   ... + n.optimize.solve_model(io_api="direct")

Peak memory is the process's maximum resident set size (resource.getrusage, ru_maxrss), so each
phase is its own process. parkgrid is measured through its extension module alone (loaded from
the installed package without importing pandas), PyPSA through its normal Python API.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import resource
import sys
import time


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_core():
    # parkgrid/_core*.so without parkgrid/__init__.py (which imports pandas for the results)
    spec = importlib.util.find_spec("parkgrid")
    pkg = pathlib.Path(spec.submodule_search_locations[0])
    so = next(pkg.glob("_core*.so"))
    s = importlib.util.spec_from_file_location("parkgrid._core", so)
    mod = importlib.util.module_from_spec(s)
    s.loader.exec_module(mod)
    return mod


def parkgrid_run(phase: str, path: str, opts: dict) -> dict:
    base = rss_mb()
    core = load_core()
    t0 = time.perf_counter()
    n = core.read(path)
    t_read = time.perf_counter() - t0
    out = {"tool": "parkgrid", "phase": phase, "base_rss_mb": base}
    if phase == "build":
        b = n.build()
        out.update(read_s=t_read, build_s=b["build_s"], build_total_s=time.perf_counter() - t0,
                   num_col=b["num_col"], num_row=b["num_row"], num_nz=b["num_nz"])
    else:
        r = n.optimize(opts["solver"], opts["threads"], opts.get("time_limit"), 1e-7, False)
        s = r["summary"]
        out.update(read_s=t_read, build_s=s["build_s"], solve_s=s["solve_s"],
                   end_to_end_s=time.perf_counter() - t0, objective=s["objective_cny"],
                   status=s["status"], iterations=s["iterations"], num_col=s["num_col"],
                   num_row=s["num_row"], num_nz=s["num_nz"])
    out["peak_rss_mb"] = rss_mb()
    return out


def pypsa_run(phase: str, path: str, opts: dict) -> dict:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    t_imp = time.perf_counter()
    import pypsa

    out = {"tool": "pypsa", "phase": phase, "import_s": time.perf_counter() - t_imp,
           "base_rss_mb": rss_mb()}
    t0 = time.perf_counter()
    n = pypsa.Network(path)
    t_read = time.perf_counter() - t0
    t1 = time.perf_counter()
    m = n.optimize.create_model(include_objective_constant=True)
    t_model = time.perf_counter() - t1
    out.update(read_s=t_read, build_s=t_model, build_total_s=time.perf_counter() - t0,
               num_col=int(m.nvars), num_row=int(m.ncons))
    if phase == "solve":
        t2 = time.perf_counter()
        if opts.get("pypsa_defaults"):
            # PyPSA as a user runs it: the solver named, everything else PyPSA's and HiGHS's own.
            status, condition = n.optimize.solve_model(solver_name="highs")
        else:
            options = {"threads": opts["threads"], "solver": opts["solver"],
                       "run_crossover": "on" if opts.get("crossover", True) else "off",
                       "primal_feasibility_tolerance": 1e-7, "dual_feasibility_tolerance": 1e-7,
                       "log_to_console": False, "output_flag": False}
            if opts.get("time_limit"):
                options["time_limit"] = opts["time_limit"]
            status, condition = n.optimize.solve_model(solver_name="highs", io_api="direct",
                                                       **options)
        out["solve_s"] = time.perf_counter() - t2
        try:
            out["highs_run_s"] = float(m.solver_model.getRunTime())
        except Exception:  # noqa: BLE001 - linopy may not keep the solver object
            pass
        out.update(end_to_end_s=time.perf_counter() - t0, status=f"{status}/{condition}",
                   objective=float(n.objective + n.objective_constant))
        import json as _json

        meta = _json.loads((pathlib.Path(path) / "meta.json").read_text())
        out["objective_offset"] = meta.get("parkgrid", {}).get("objective_offset", 0.0)
        out["objective"] += out["objective_offset"] - n.objective_constant
    out["peak_rss_mb"] = rss_mb()
    return out


def main() -> None:
    tool, phase, path = sys.argv[1:4]
    opts = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    run = parkgrid_run if tool == "parkgrid" else pypsa_run
    print(json.dumps(run(phase, path, opts)))


if __name__ == "__main__":
    main()
