#!/usr/bin/env python3
"""Which HiGHS method answers parkgrid's LPs fastest (issue 20): simplex, IPX and HiPO, with and
without crossover, on 1 and 2 threads, each run a separate `parkgrid run` process timed by the
wall clock (read + build + solve + the residual check + writing the results).

Cases:
  pinglu-td24  the Pinglu one-year case on 24 typical days  (data/pinglu/scenario.toml)
  pinglu-year  the Pinglu one-year case, every hour
  S, M         the synthetic parks of bench/synthetic.cpp (`parkgrid_bench --write=SIZE`)

Every run's objective is compared with the other runs of its case (the spread is printed), its
status must be "optimal", and summary.json must say the answer passed the residual check. The
load average (uptime) before each run is kept: the machine is shared, compare medians.

    .venv/bin/python bench/solver_choice.py --cases pinglu-td24 pinglu-year --repeat 3
    .venv/bin/python bench/solver_choice.py --cases S --repeat 1 --time-limit 900
    .venv/bin/python bench/solver_choice.py --table            # the table from the results file

Results are appended run by run to bench/results/solver_choice.json (a long measurement can be
stopped and resumed: runs already recorded are skipped); --table prints the Markdown table of
bench/README.md from it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "solver_choice.json"
PINGLU = ROOT / "data" / "pinglu" / "scenario.toml"

# (label, --solver, --no-crossover)
METHODS = [
    ("simplex", "simplex", False),
    ("ipx", "ipx", False),
    ("ipx, no crossover", "ipx", True),
    ("hipo", "hipo", False),
    ("hipo, no crossover", "hipo", True),
]


def load_average() -> float:
    return os.getloadavg()[0]


def scenario_of(case: str, build: pathlib.Path, work: pathlib.Path) -> tuple[pathlib.Path, list[str]]:
    if case == "pinglu-td24":
        return PINGLU, ["--typical-days", "24"]
    if case == "pinglu-year":
        return PINGLU, []
    if case in ("S", "M", "L"):
        folder = work / f"synthetic_{case}"
        if not (folder / "scenario.toml").exists():
            subprocess.run([str(build / "bench" / "parkgrid_bench"), f"--write={case}",
                            f"--out={folder}"], check=True, capture_output=True)
        return folder / "scenario.toml", []
    sys.exit(f"solver_choice: unknown case {case!r} (pinglu-td24, pinglu-year, S, M, L)")


def run_once(parkgrid: pathlib.Path, scenario: pathlib.Path, extra: list[str], solver: str,
             no_crossover: bool, threads: int, time_limit: float | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="parkgrid-solver-choice-") as tmp:
        out = pathlib.Path(tmp) / "out"
        cmd = [str(parkgrid), "run", str(scenario), "-o", str(out), "--solver", solver,
               "--threads", str(threads), *extra]
        if no_crossover:
            cmd.append("--no-crossover")
        if time_limit:
            cmd += ["--time-limit", str(time_limit)]
        load = load_average()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _, _, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        stdout, stderr = proc.stdout.read(), proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        row = {"cmd": " ".join(cmd[0:1] + [str(scenario.relative_to(ROOT)) if scenario.is_relative_to(ROOT) else str(scenario)] + cmd[3:]).replace(str(out), "OUT"),
               "wall_s": wall, "load_before": load, "peak_rss_mb": rusage.ru_maxrss / 1024.0,
               "cpu_s": rusage.ru_utime + rusage.ru_stime}
        summary = out / "summary.json"
        if summary.exists():
            s = json.loads(summary.read_text())
            row.update(status=s.get("status"), objective_cny=s.get("objective_cny"),
                       solve_s=(s.get("timings_s") or {}).get("solve"), method_used=s.get("method"),
                       check=s.get("check"))
        else:
            row.update(status="no summary.json", error=(stderr or stdout)[-2000:])
        retried = [line for line in stderr.splitlines() if "re-solved" in line or "check" in line]
        if retried:
            row["notes"] = retried[-3:]
        return row


def record_key(r: dict) -> tuple:
    return (r["case"], r["method"], r["threads"], r["rep"])


def measure(args) -> None:
    build = pathlib.Path(args.build)
    parkgrid = pathlib.Path(args.parkgrid) if args.parkgrid else build / "src" / "parkgrid"
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": []}
    done = {record_key(r) for r in data["runs"]}
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    methods = [m for m in METHODS if not args.methods or m[0] in args.methods]
    for case in args.cases:
        scenario, extra = scenario_of(case, build, work)
        for rep in range(args.repeat):
            for label, solver, no_crossover in methods:
                for threads in args.threads:
                    key = (case, label, threads, rep)
                    if key in done:
                        continue
                    row = run_once(parkgrid, scenario, extra, solver, no_crossover, threads,
                                   args.time_limit)
                    row.update(case=case, method=label, threads=threads, rep=rep,
                               date=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
                    data["runs"].append(row)
                    RESULTS.parent.mkdir(parents=True, exist_ok=True)
                    RESULTS.write_text(json.dumps(data, indent=1) + "\n")
                    print(f"{case:12} {label:20} threads {threads}  {row['wall_s']:8.1f} s  "
                          f"{row.get('status')}  {row.get('objective_cny')}  "
                          f"load {row['load_before']:.1f}", flush=True)


def table(args) -> None:
    data = json.loads(RESULTS.read_text())
    runs = data["runs"]
    cases = list(dict.fromkeys(r["case"] for r in runs))
    print("| case | method | threads | wall s, median | each run, s | load avg | objective vs best | status; check |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for case in cases:
        rows = [r for r in runs if r["case"] == case]
        objectives = [r["objective_cny"] for r in rows
                      if r.get("status") == "optimal" and r.get("objective_cny") is not None]
        best = min(objectives) if objectives else None
        groups: dict[tuple, list] = {}
        for r in rows:
            groups.setdefault((r["method"], r["threads"]), []).append(r)
        order = {m[0]: i for i, m in enumerate(METHODS)}
        fastest = min(statistics.median(x["wall_s"] for x in g) for g in groups.values())
        for (method, threads), g in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):
            wall = statistics.median(x["wall_s"] for x in g)
            each = ", ".join((f"{x['wall_s']:,.1f}" if x.get("status") == "optimal"
                              else f">{x['wall_s']:,.0f} ({x.get('status')})") for x in g)
            loads = f"{min(x['load_before'] for x in g):.1f}–{max(x['load_before'] for x in g):.1f}"
            statuses = sorted({x.get("status") or "?" for x in g})
            checks = sorted({("passed" if (x.get("check") or {}).get("passed") else
                              "retried" if (x.get("check") or {}).get("retried_with") else
                              "failed" if x.get("check") else "–") for x in g})
            devs = [abs(x["objective_cny"] - best) / abs(best) for x in g
                    if best and x.get("objective_cny") is not None and x.get("status") == "optimal"]
            dev = f"{max(devs):.1e}" if devs else "–"
            wall_text = f"**{wall:,.1f}**" if wall == fastest else f"{wall:,.1f}"
            print(f"| {case} | {method} | {threads} | {wall_text} | {each} | {loads} | {dev} | "
                  f"{', '.join(statuses)}; {', '.join(checks)} |")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cases", nargs="+", default=["pinglu-td24", "pinglu-year"])
    p.add_argument("--methods", nargs="+", help="labels of METHODS to run (default: all)")
    p.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--time-limit", type=float, default=None, help="seconds per solve")
    p.add_argument("--build", default=str(ROOT / "build"))
    p.add_argument("--parkgrid", help="the parkgrid binary (default: BUILD/src/parkgrid)")
    p.add_argument("--work", default=str(ROOT / "out" / "bench-solver-choice"))
    p.add_argument("--table", action="store_true", help="print the table from the results file")
    args = p.parse_args()
    if args.table:
        table(args)
    else:
        measure(args)


if __name__ == "__main__":
    main()
