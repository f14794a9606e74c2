#!/usr/bin/env python3
"""The error of the typical-day reduction on the Pinglu one-year case (issue 7, docs/planning.md).

Runs `parkgrid run data/pinglu/scenario.toml` on every hour of the year and on N typical days for
each N asked, and compares what a planner reads: the average cost of supply, the green share, the
CO2, and the capacity built of every extendable component. Prints a Markdown table and writes
bench/results/typical_days_error.json.

    python3 bench/typical_days_error.py                  # N = 6 12 24 48, IPM
    python3 bench/typical_days_error.py --days 12 24 --parkgrid build/src/parkgrid

Needs data/pinglu/generated/profiles.csv (`make demo` writes it).
"""
import argparse
import json
import pathlib
import platform
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(parkgrid: str, scenario: str, days: int, solver: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "out"
        cmd = [parkgrid, "run", scenario, "-o", str(out), "--solver", solver]
        if days:
            cmd += ["--typical-days", str(days)]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    built = {f"{c['name']} {c['quantity']}": c["built"] for c in s["capacities"] if c["extendable"]}
    return {
        "days": days or 365,
        "wall_s": wall,
        "objective_cny": s["objective_cny"],
        "cost_cny_per_kwh": s["average_cost_cny_per_kwh"],
        "green_share": s["green_share"],
        "co2_t": s["co2_t"],
        "built": built,
        "columns": s.get("lp", {}).get("columns") if isinstance(s.get("lp"), dict) else None,
    }


def print_table(rows: list) -> None:
    """A Markdown table: the full year first, then each reduction and its error against it."""
    full = rows[0]

    def rel(x, y):
        return (x - y) / y if y else 0.0

    def mw(v):
        return f"{v:,.0f}" if abs(v) >= 0.5 else "0"

    # Only the capacities that some run builds.
    names = sorted(k for k in full["built"] if any(abs(r["built"].get(k, 0)) >= 0.5 for r in rows))
    print("| typical days | solve wall s | cost CNY/kWh (error) | green share (error) | CO2 Mt (error) | "
          + " | ".join(f"{n} built" for n in names) + " |")
    print("|---" * (5 + len(names)) + "|")
    for r in rows:
        cells = [
            "full year" if r is full else str(r["days"]),
            f"{r['wall_s']:.1f}",
            f"{r['cost_cny_per_kwh']:.4f} ({100 * rel(r['cost_cny_per_kwh'], full['cost_cny_per_kwh']):+.2f} %)",
            f"{100 * r['green_share']:.1f} % ({100 * (r['green_share'] - full['green_share']):+.1f} pt)",
            f"{r['co2_t'] / 1e6:.3f} ({100 * rel(r['co2_t'], full['co2_t']):+.1f} %)",
        ] + [mw(r["built"].get(n, 0)) for n in names]
        print("| " + " | ".join(cells) + " |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, nargs="+", default=[6, 12, 24, 48])
    ap.add_argument("--parkgrid", default=str(ROOT / "build/src/parkgrid"))
    ap.add_argument("--scenario", default=str(ROOT / "data/pinglu/scenario.toml"))
    ap.add_argument("--solver", default="ipm")
    ap.add_argument("--json", default=str(ROOT / "bench/results/typical_days_error.json"))
    ap.add_argument("--table-only", action="store_true", help="print the table of the JSON file, no runs")
    a = ap.parse_args()
    if a.table_only:
        rows = json.loads(pathlib.Path(a.json).read_text(encoding="utf-8"))["runs"]
        print_table(rows)
        return 0
    if not (ROOT / "data/pinglu/generated/profiles.csv").exists():
        print("data/pinglu/generated/profiles.csv is missing: run `make demo` once", file=sys.stderr)
        return 2
    full = run(a.parkgrid, a.scenario, 0, a.solver)
    rows = [full] + [run(a.parkgrid, a.scenario, d, a.solver) for d in a.days]
    print_table(rows)

    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, nproc {__import__('os').cpu_count()}",
        "solver": a.solver,
        "runs": rows,
    }
    pathlib.Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(a.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
