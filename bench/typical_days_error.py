#!/usr/bin/env python3
"""The error of the typical-day reduction on the Pinglu case (issues 7 and 20, docs/planning.md).

One-year mode (default): runs `parkgrid run data/pinglu/scenario.toml` on every hour of the year
and on N typical days for each N and each typical-day setting asked (--settings, EXTREME/STORAGE:
`--extreme-days` none or per-month, `--typical-day-storage` daily or linked), and compares what a
planner reads: the average cost of supply, the green share, the CO2, and the capacity built of
every extendable component. Prints a Markdown table and writes bench/results/typical_days_error.json.

Paths mode (--paths): the same for `parkgrid paths` (the five reform paths): price, CO2 and what
each path builds, against the full-year paths (run here, or read with --full-paths DIR from an
earlier `parkgrid paths SCENARIO -o DIR`); writes bench/results/typical_days_paths_error.json.

    python3 bench/typical_days_error.py                  # N = 6 12 24 48, IPM
    python3 bench/typical_days_error.py --days 24 --settings none/daily per-month/linked
    python3 bench/typical_days_error.py --paths --days 24 --full-paths out/paths-full

Needs data/pinglu/generated/profiles.csv (`make profiles` writes it).
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


def setting_args(setting: str) -> list:
    """`none/daily` -> the CLI flags of that typical-day setting."""
    extreme, storage = setting.split("/")
    return ["--extreme-days", extreme, "--typical-day-storage", storage]


def run(parkgrid: str, scenario: str, days: int, solver: str, setting: str = "") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "out"
        cmd = [parkgrid, "run", scenario, "-o", str(out), "--solver", solver]
        if days:
            cmd += ["--typical-days", str(days)] + setting_args(setting)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    built = {f"{c['name']} {c['quantity']}": c["built"] for c in s["capacities"] if c["extendable"]}
    return {
        "days": days or 365,
        "setting": setting if days else "",
        "represented_days": len(s.get("typical_day_weights", [])) or (days or 365),
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
    print("| typical days | setting | days solved | solve wall s | cost CNY/kWh (error) | green share (error) | CO2 Mt (error) | "
          + " | ".join(f"{n} built" for n in names) + " |")
    print("|---" * (7 + len(names)) + "|")
    for r in rows:
        cells = [
            "full year" if r is full else str(r["days"]),
            r.get("setting", ""),
            str(r.get("represented_days", r["days"])),
            f"{r['wall_s']:.1f}",
            f"{r['cost_cny_per_kwh']:.4f} ({100 * rel(r['cost_cny_per_kwh'], full['cost_cny_per_kwh']):+.2f} %)",
            f"{100 * r['green_share']:.1f} % ({100 * (r['green_share'] - full['green_share']):+.1f} pt)",
            f"{r['co2_t'] / 1e6:.3f} ({100 * rel(r['co2_t'], full['co2_t']):+.1f} %)",
        ] + [mw(r["built"].get(n, 0)) for n in names]
        print("| " + " | ".join(cells) + " |")


def paths_run(parkgrid: str, scenario: str, days: int, setting: str, out: pathlib.Path) -> dict:
    cmd = [parkgrid, "paths", scenario, "-o", str(out), "--no-progress"]
    if days:
        cmd += ["--typical-days", str(days)] + setting_args(setting)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    return paths_summary(out, days, setting, wall)


def paths_summary(out: pathlib.Path, days: int, setting: str, wall: float) -> dict:
    j = json.loads((out / "paths.json").read_text(encoding="utf-8"))
    paths = {}
    for p in j["paths"]:
        paths[p["id"]] = {
            "price_cny_per_kwh": p["price_cny_per_kwh"],
            "co2_t": p["co2_t"],
            "green_share": p["green_share"],
            "built": {f"{b['name']} {b['quantity']}": b["built"] for b in p.get("built", [])},
        }
    return {"days": days or 365, "setting": setting, "wall_s": wall, "paths": paths}


def print_paths_table(rows: list) -> None:
    """Per path: price and CO2 (error against the full year) and the largest build difference."""
    full = rows[0]

    def rel(x, y):
        return 100 * (x - y) / y if y else 0.0

    print("| path | typical days | setting | price CNY/kWh (error) | CO2 Mt (error) | built MW or MWh (full year → reduced) |")
    print("|---|---|---|---|---|---|")
    for pid, f in full["paths"].items():
        for r in rows:
            p = r["paths"][pid]
            names = sorted(set(f["built"]) | set(p["built"]))
            built = ", ".join(
                f"{n.split()[0]} {f['built'].get(n, 0):,.0f}" + ("" if r is full else f"→{p['built'].get(n, 0):,.0f}")
                for n in names
                if max(abs(f["built"].get(n, 0)), abs(p["built"].get(n, 0))) >= 0.5
            )
            print(
                f"| {pid} | {'full year' if r is full else r['days']} | {r['setting']} | "
                f"{p['price_cny_per_kwh']:.4f} ({rel(p['price_cny_per_kwh'], f['price_cny_per_kwh']):+.2f} %) | "
                f"{p['co2_t'] / 1e6:.3f} ({rel(p['co2_t'], f['co2_t']):+.1f} %) | {built or '–'} |"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, nargs="+", default=[6, 12, 24, 48])
    ap.add_argument("--parkgrid", default=str(ROOT / "build/src/parkgrid"))
    ap.add_argument("--scenario", default=str(ROOT / "data/pinglu/scenario.toml"))
    ap.add_argument("--solver", default="ipm")
    ap.add_argument("--json", default=str(ROOT / "bench/results/typical_days_error.json"))
    ap.add_argument("--settings", nargs="+", default=["per-month/linked"],
                    help="typical-day settings EXTREME/STORAGE (none|per-month / daily|linked)")
    ap.add_argument("--paths", action="store_true", help="the five reform paths instead of the one-year run")
    ap.add_argument("--full-paths", help="folder of an earlier full-year `parkgrid paths` run to compare with")
    ap.add_argument("--table-only", action="store_true", help="print the table of the JSON file, no runs")
    a = ap.parse_args()
    if a.paths and a.json == ap.get_default("json"):
        a.json = str(ROOT / "bench/results/typical_days_paths_error.json")
    if a.table_only:
        rows = json.loads(pathlib.Path(a.json).read_text(encoding="utf-8"))["runs"]
        (print_paths_table if a.paths else print_table)(rows)
        return 0
    if not (ROOT / "data/pinglu/generated/profiles.csv").exists():
        print("data/pinglu/generated/profiles.csv is missing: run `make demo` once", file=sys.stderr)
        return 2
    if a.paths:
        with tempfile.TemporaryDirectory() as tmp:
            if a.full_paths:
                full = paths_summary(pathlib.Path(a.full_paths), 0, "", float("nan"))
            else:
                full = paths_run(a.parkgrid, a.scenario, 0, "", pathlib.Path(tmp) / "full")
            rows = [full] + [
                paths_run(a.parkgrid, a.scenario, d, s, pathlib.Path(tmp) / f"{d}-{s.replace('/', '-')}")
                for d in a.days
                for s in a.settings
            ]
        print_paths_table(rows)
    else:
        full = run(a.parkgrid, a.scenario, 0, a.solver)
        rows = [full] + [run(a.parkgrid, a.scenario, d, a.solver, s) for d in a.days for s in a.settings]
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
