#!/usr/bin/env python3
"""How long the Pinglu one-year case takes with unit commitment off, linear and integer
(issue 14, item 7), on 24 typical days and on the full year, and the MIP gap reached.

Each run is a separate `parkgrid run` process timed by the wall clock (read + build + solve +
the residual check + writing the results); summary.json gives the solver's own time, the status,
the objective and, in integer mode, the relative MIP gap reached. The 1-minute load average
before each run is kept: the machine is shared.

    .venv/bin/python bench/unit_commitment.py                       # all six, one run each
    .venv/bin/python bench/unit_commitment.py --cases td24 --modes integer --repeat 3
    .venv/bin/python bench/unit_commitment.py --year-integer-limit 900
    .venv/bin/python bench/unit_commitment.py --table               # the table of bench/README.md
    .venv/bin/python bench/unit_commitment.py --cases td24 --modes integer --threads 1 \
        --time-limit 60 --variants cold start fix-build              # the MIP start (issue 14)

Variants of the integer mode: "start" (the default since the MIP start: the rounded linear
relaxation handed to HiGHS), "cold" (--no-mip-start, as before it), "fix-build" (--mip-fix-build:
the build-out fixed at the relaxation's, the gap against the relaxation). The CPU time of the
parkgrid process (user + system) is kept beside the wall time: on a loaded machine it is the
steadier figure.

Targets (issue 14): integer on 24 typical days within 60 s at a gap of 0.1 % or less; linear on
the full year within 2x of off. Results are appended run by run to
bench/results/unit_commitment.json (runs already recorded are skipped, so a long measurement can
be stopped and resumed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "unit_commitment.json"
PINGLU = ROOT / "data" / "pinglu" / "scenario.toml"
CASES = {"td24": ["--typical-days", "24"], "year": []}
MODES = ["off", "linear", "integer"]
VARIANTS = {"start": [], "cold": ["--no-mip-start"], "fix-build": ["--mip-fix-build"]}


def run_once(parkgrid: pathlib.Path, case: str, mode: str, mip_gap: float,
             time_limit: float | None, variant: str = "start", threads: int | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="parkgrid-bench-uc-") as tmp:
        out = pathlib.Path(tmp) / "out"
        args = ["run", str(PINGLU.relative_to(ROOT)), "-o", "OUT", "--uc", mode, *CASES[case]]
        if mode == "integer":
            args += ["--mip-gap", f"{mip_gap:g}", *VARIANTS[variant]]
        if time_limit:
            args += ["--time-limit", f"{time_limit:g}"]
        if threads:
            args += ["--threads", str(threads)]
        cmd = [str(parkgrid)] + [str(out) if a == "OUT" else a for a in args]
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        row = {"cmd": "parkgrid " + " ".join(args), "wall_s": wall, "cpu_s": cpu,
               "load_before": load, "load_after": os.getloadavg()[0], "exit": proc.returncode}
        summary = out / "summary.json"
        if summary.exists():
            s = json.loads(summary.read_text())
            uc = s.get("unit_commitment") or {}
            row.update(status=s.get("status"), objective_cny=s.get("objective_cny"),
                       solve_s=(s.get("timings_s") or {}).get("solve"),
                       mip_gap=uc.get("mip_gap"), relaxation_cny=uc.get("relaxation_cny"),
                       mip_start_cny=uc.get("mip_start_cny"), method_used=s.get("method"))
        else:
            row.update(status="no summary.json", error=(proc.stderr or proc.stdout)[-2000:])
        return row


def measure(args) -> None:
    parkgrid = pathlib.Path(args.parkgrid).resolve()
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": []}
    # Runs before the MIP start (2026-12-06 01:45) have no variant: HiGHS from scratch ("cold").
    done = {(r["case"], r["mode"], r.get("variant", "cold"), r.get("threads"),
             r.get("time_limit"), r["rep"]) for r in data["runs"]}
    for case in args.cases:
        for rep in range(args.repeat):
            for mode in args.modes:
                for variant in (args.variants if mode == "integer" else ["start"]):
                    limit = (args.year_integer_limit if (case, mode) == ("year", "integer")
                             else None) or args.time_limit
                    key = (case, mode, variant if mode == "integer" else "start", args.threads,
                           limit, rep)
                    if key in done:
                        continue
                    row = run_once(parkgrid, case, mode, args.mip_gap, limit, variant,
                                   args.threads)
                    row.update(case=case, mode=mode, rep=rep, threads=args.threads,
                               time_limit=limit,
                               date=dt.datetime.now(dt.timezone.utc).isoformat(
                                   timespec="seconds"))
                    if mode == "integer":
                        row["variant"] = variant
                    data["runs"].append(row)
                    RESULTS.parent.mkdir(parents=True, exist_ok=True)
                    RESULTS.write_text(json.dumps(data, indent=1) + "\n")
                    gap = row.get("mip_gap")
                    print(f"{case:5} {mode:8} {row.get('variant', ''):9} {row['wall_s']:8.1f} s "
                          f"cpu {row['cpu_s']:7.1f} s  solve {row.get('solve_s')}  "
                          f"{row.get('status')}  {row.get('objective_cny')}  gap {gap}  "
                          f"start {row.get('mip_start_cny')}  load {row['load_before']:.1f}",
                          flush=True)


def table(_args) -> None:
    runs = json.loads(RESULTS.read_text())["runs"]
    print("| case | UC mode | threads | limit s | wall s (median) | CPU s | status | MIP gap reached "
          "| objective, CNY | start, CNY | vs off | load avg |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for case in CASES:
        off = [r["wall_s"] for r in runs if r["case"] == case and r["mode"] == "off"]
        groups: dict[tuple, list] = {}
        for r in runs:
            if r["case"] != case:
                continue
            variant = r.get("variant", "cold") if r["mode"] == "integer" else ""
            groups.setdefault((MODES.index(r["mode"]), variant, r.get("threads"),
                               r.get("time_limit")), []).append(r)
        for (m, variant, threads, limit), g in sorted(groups.items(),
                                                      key=lambda kv: tuple(map(str, kv[0]))):
            mode = MODES[m] + (f" ({variant})" if variant else "")
            wall = statistics.median(r["wall_s"] for r in g)
            cpus = [r["cpu_s"] for r in g if r.get("cpu_s") is not None]
            cpu = f"{statistics.median(cpus):,.1f}" if cpus else "–"
            gaps = [r["mip_gap"] for r in g if r.get("mip_gap") is not None and m == 2]
            gap = f"{100 * max(gaps):.3f} %" if gaps else "–"
            solved = [r for r in g if r.get("status") == "optimal" or r.get("mip_gap") is not None]
            objective = (f"{statistics.median(r['objective_cny'] for r in solved):,.0f}" if solved
                         else "no solution found")
            starts = [r["mip_start_cny"] for r in g if r.get("mip_start_cny") is not None]
            start = f"{statistics.median(starts):,.0f}" if starts else "–"
            ratio = f"{wall / statistics.median(off):.2f}x" if off else "–"
            loads = f"{min(r['load_before'] for r in g):.1f}–{max(r['load_before'] for r in g):.1f}"
            statuses = ", ".join(sorted({r.get("status") or "?" for r in g}))
            print(f"| {case} | {mode} | {threads or 'default'} | {limit or '–'} | {wall:,.1f} | "
                  f"{cpu} | {statuses} | {gap} | {objective} | {start} | {ratio} | {loads} |")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    p.add_argument("--modes", nargs="+", choices=MODES, default=MODES)
    p.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=["start"],
                   help="integer mode: with the MIP start (default), cold, or the build fixed")
    p.add_argument("--threads", type=int, default=None, help="solver threads (default: HiGHS's)")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--mip-gap", type=float, default=1e-3, help="relative MIP gap (default 0.1 %%)")
    p.add_argument("--time-limit", type=float, default=None, help="seconds per solve")
    p.add_argument("--year-integer-limit", type=float, default=900.0,
                   help="time limit of the full-year integer solve, seconds (default 900)")
    p.add_argument("--parkgrid", default=str(ROOT / "build" / "src" / "parkgrid"))
    p.add_argument("--table", action="store_true", help="print the table from the results file")
    args = p.parse_args()
    if args.table:
        table(args)
    else:
        measure(args)


if __name__ == "__main__":
    main()
