#!/usr/bin/env python3
"""Side by side: parkgrid and PyPSA (linopy) on the same networks, same machine, same HiGHS.

For each case the same network is handed to both tools:
  - synthetic S, M, L (bench/synthetic.cpp, written by `parkgrid_bench --write=SIZE`), with the
    demand charge set to 0 (PyPSA has no monthly peak charge), then exported with
    `parkgrid export-pypsa` (docs/pypsa.md: grid connections as generators, the green share as a
    primary-energy constraint, a storage unit with its own energy as store + two links);
  - Pinglu (data/pinglu/scenario.toml), exported the same way.
parkgrid reads its scenario (TOML + CSV) and builds the LP; PyPSA reads the exported CSV folder and
runs n.optimize.create_model(). Both solve with HiGHS 1.15.1 (highsbox for parkgrid, highspy for
PyPSA, io_api="direct" so the model is passed in memory), the same solver, threads and
tolerances. Every measurement is its own process (bench/pypsa/worker.py); the build phase is
measured --repeat times (default 3) per tool and the median run reported; peak memory is its
maximum RSS.

    .venv/bin/python bench/compare_pypsa.py                      # S, M; build and solve
    .venv/bin/python bench/compare_pypsa.py --sizes S M L pinglu --build-only
    .venv/bin/python bench/compare_pypsa.py --sizes S --solver ipm --threads 1
    # Issue 20's two honest rows: PyPSA as a user runs it, and PyPSA with parkgrid's settings
    .venv/bin/python bench/compare_pypsa.py --sizes pinglu --solver choose --threads 2 \
        --pypsa-defaults --repeat 1

Writes bench/results/compare_pypsa.json and prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import platform
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKER = ROOT / "bench" / "pypsa" / "worker.py"


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"compare_pypsa: {' '.join(map(str, cmd))} failed:\n{r.stdout}\n{r.stderr}")
    return r.stdout


def machine() -> str:
    try:
        for line in sh(["lscpu"]).splitlines():
            if line.startswith("Model name:"):
                return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} cores"
    except Exception:  # noqa: BLE001
        pass
    return platform.processor() or platform.machine()


def prepare(case: str, build: pathlib.Path, work: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """Scenario file and PyPSA folder of a case."""
    parkgrid = build / "src" / "parkgrid"
    scen_dir = work / case
    if case == "pinglu":
        profiles = ROOT / "data/pinglu/generated/profiles.csv"
        if not profiles.exists():
            sh([parkgrid, "weather", ROOT / "data/weather/CHN_Shanxi.Datong.534870_CSWD.epw",
                "-o", profiles])
        src = (ROOT / "data/pinglu/scenario.toml").read_text()
        scen_dir.mkdir(parents=True, exist_ok=True)
        # same folder layout: the scenario refers to generated/profiles.csv relative to itself
        src = re.sub(r'file\s*=\s*"([^"]+)"',
                     lambda m: f'file = "{(ROOT / "data/pinglu" / m.group(1)).as_posix()}"', src)
    else:
        bench = build / "bench" / "parkgrid_bench"
        if not bench.exists():
            sys.exit(f"compare_pypsa: {bench} is missing: build it (ninja -C {build} parkgrid_bench)")
        sh([bench, f"--write={case}", f"--out={scen_dir}"])
        src = (scen_dir / "scenario.toml").read_text()
    # PyPSA has no monthly demand charge: both tools solve the network without it.
    src = re.sub(r"(?m)^demand_charge_cny_per_kw_month\s*=.*$", "demand_charge_cny_per_kw_month = 0",
                 src)
    scen = scen_dir / "scenario.toml"
    scen.write_text(src)
    pyp = work / f"{case}_pypsa"
    sh([parkgrid, "export-pypsa", scen, "-o", pyp])
    return scen, pyp


def measure(tool: str, phase: str, path: pathlib.Path, opts: dict) -> dict:
    out = sh([sys.executable, WORKER, tool, phase, str(path), json.dumps(opts)])
    return json.loads(out.strip().splitlines()[-1])


def fmt(v, digits=2):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", nargs="+", default=["S", "M"], help="S M L pinglu")
    ap.add_argument("--build-only", action="store_true", help="measure reading + building only")
    ap.add_argument("--solve-sizes", nargs="*", default=None,
                    help="solve only these cases (default: all given, unless --build-only)")
    ap.add_argument("--solver", default="ipm",
                    help="HiGHS solver for both (choose, simplex, ipm, ipx, hipo); choose: "
                         "parkgrid's pick (simplex below 50,000 columns, else hipo), given to "
                         "PyPSA by name")
    ap.add_argument("--pypsa-defaults", action="store_true",
                    help="also solve with PyPSA as a user runs it: solve_model(solver_name=\"highs\")")
    ap.add_argument("--threads", type=int, default=1, help="HiGHS threads for both")
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--repeat", type=int, default=3,
                    help="build measurements per tool and case (median reported)")
    ap.add_argument("--build-dir", default=os.environ.get("PARKGRID_BUILD_DIR", "build"))
    ap.add_argument("--work", default=str(ROOT / "out" / "compare_pypsa"))
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "compare_pypsa.json"))
    a = ap.parse_args()
    build = (ROOT / a.build_dir).resolve()
    work = pathlib.Path(a.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    opts = {"solver": a.solver, "threads": a.threads, "time_limit": a.time_limit}
    solve_cases = set(a.solve_sizes if a.solve_sizes is not None else ([] if a.build_only else a.sizes))

    import highspy  # noqa: F401 - versions for the record
    import importlib.metadata as md

    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "command": " ".join([pathlib.Path(sys.executable).name, "bench/compare_pypsa.py", *sys.argv[1:]]),
        "versions": {p: md.version(p) for p in ["pypsa", "linopy", "highspy", "highsbox"]},
        "options": opts,
        "build_repeat": a.repeat,
        "cases": {},
    }
    for case in a.sizes:
        print(f"[{case}] preparing", flush=True)
        scen, pyp = prepare(case, build, work)
        c = {}
        for tool, path in [("parkgrid", scen), ("pypsa", pyp)]:
            print(f"[{case}] {tool}: build ×{a.repeat}", flush=True)
            # The build phase takes seconds at most: each tool is measured `repeat` times, each
            # time in a new process, and the run with the median read+build time is reported.
            runs = sorted((measure(tool, "build", path, opts) for _ in range(a.repeat)),
                          key=lambda r: r["build_total_s"])
            c[f"{tool}_build"] = dict(runs[len(runs) // 2],
                                      build_total_s_all=[r["build_total_s"] for r in runs])
            if case in solve_cases:
                print(f"[{case}] {tool}: solve", flush=True)
                tool_opts = dict(opts)
                if tool == "pypsa" and opts["solver"] == "choose":  # parkgrid's pick, by name
                    tool_opts["solver"] = ("hipo" if c["parkgrid_build"]["num_col"] >= 50_000
                                           else "simplex")
                c[f"{tool}_solve"] = measure(tool, "solve", path, tool_opts)
                c[f"{tool}_solve"]["solver"] = tool_opts["solver"]
                if tool == "pypsa" and a.pypsa_defaults:
                    print(f"[{case}] pypsa with its defaults: solve", flush=True)
                    c["pypsa_defaults_solve"] = measure(tool, "solve", path,
                                                        dict(opts, pypsa_defaults=True))
        pb, yb = c["parkgrid_build"], c["pypsa_build"]
        c["build_speedup"] = yb["build_total_s"] / pb["build_total_s"]
        c["build_memory_ratio"] = pb["peak_rss_mb"] / yb["peak_rss_mb"]
        if "parkgrid_solve" in c:
            ps, ys = c["parkgrid_solve"], c["pypsa_solve"]
            c["end_to_end_speedup"] = ys["end_to_end_s"] / ps["end_to_end_s"]
            c["objective_rel_diff"] = abs(ps["objective"] - ys["objective"]) / max(1.0, abs(ys["objective"]))
            c["peak_memory_ratio"] = ps["peak_rss_mb"] / ys["peak_rss_mb"]  # whole process
        if "pypsa_defaults_solve" in c:
            ds = c["pypsa_defaults_solve"]
            c["end_to_end_speedup_vs_defaults"] = ds["end_to_end_s"] / c["parkgrid_solve"]["end_to_end_s"]
            c["objective_rel_diff_vs_defaults"] = (abs(c["parkgrid_solve"]["objective"] - ds["objective"])
                                                   / max(1.0, abs(ds["objective"])))
        results["cases"][case] = c
        pathlib.Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(a.json).write_text(json.dumps(results, indent=2))

    rows = [("case", "tool", "LP cols × rows", "read+build s", "build peak MB", "solve s",
             "end to end s", "peak MB", "objective")]
    for case, c in results["cases"].items():
        for tool in ("parkgrid", "pypsa", "pypsa_defaults"):
            if tool == "pypsa_defaults" and "pypsa_defaults_solve" not in c:
                continue
            b = c[f"{tool}_build" if tool != "pypsa_defaults" else "pypsa_build"]
            s = c.get(f"{tool}_solve", {})
            label = {"parkgrid": f"parkgrid ({s.get('solver', a.solver)})",
                     "pypsa": f"PyPSA, parkgrid's settings ({s.get('solver', a.solver)})",
                     "pypsa_defaults": "PyPSA, its defaults (solver_name=\"highs\")"}[tool]
            rows.append((case, label, f"{b['num_col']:,} × {b['num_row']:,}",
                         fmt(b["build_total_s"], 3), fmt(b["peak_rss_mb"], 0),
                         fmt(s.get("solve_s")), fmt(s.get("end_to_end_s")),
                         fmt(s.get("peak_rss_mb"), 0), fmt(s.get("objective"), 0)))
        extra = f"build {c['build_speedup']:.0f}× faster, build memory {c['build_memory_ratio']:.2f}×"
        if "end_to_end_speedup" in c:
            extra += (f", end to end {c['end_to_end_speedup']:.2f}× faster, objectives differ by "
                      f"{c['objective_rel_diff']:.1e} (relative), peak memory (build and solve) "
                      f"{c['peak_memory_ratio']:.2f}× PyPSA's")
        if "end_to_end_speedup_vs_defaults" in c:
            extra += (f"; against PyPSA's defaults {c['end_to_end_speedup_vs_defaults']:.2f}× faster, "
                      f"objectives differ by {c['objective_rel_diff_vs_defaults']:.1e}")
        rows.append((case, "ratio", extra, "", "", "", "", "", ""))
    widths = [max(len(str(r[i])) for r in rows if r[1] != "ratio" or i < 2) for i in range(len(rows[0]))]
    print(f"\n{results['date']} · {results['machine']} · solver {a.solver}, threads {a.threads} · "
          f"pypsa {results['versions']['pypsa']}, highspy {results['versions']['highspy']}, "
          f"highsbox {results['versions']['highsbox']}")
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "|".join("---" for _ in rows[0]) + "|")
    for r in rows[1:]:
        if r[1] == "ratio":
            print(f"| {r[0]} | | {r[2]} | | | | | | |")
        else:
            print("| " + " | ".join(str(x) for x in r) + " |")
    print(f"\nJSON: {pathlib.Path(a.json).relative_to(ROOT) if pathlib.Path(a.json).is_relative_to(ROOT) else a.json}")


if __name__ == "__main__":
    main()
