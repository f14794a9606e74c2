#!/usr/bin/env python3
"""Golden results: the outputs of a fixed set of runs, committed, and compared after every change.

    .venv/bin/python tests/golden/golden.py update   # run every case, rewrite tests/golden/refs/
    .venv/bin/python tests/golden/golden.py check    # run every case, compare with tests/golden/refs/

`make test` compares through tests/web/test_golden.py, which reuses the runs other tests of that
session already make (tests/web/conftest.py). See tests/golden/README.md.

A case is one command of the `parkgrid` program (run, paths or plan) and its results folder. The
reference of a case is a copy of that folder (tests/golden/refs/NAME/) with the figures that
change from run to run left out (timings, iteration counts, residuals of the solution check, the
HiGHS version; in CSV files the cells of such columns are left blank), plus the exit code in
tests/golden/refs/cases.json. Two results agree when:
- the objective (OBJECTIVE_KEYS) is within 1e-9 relative;
- they hold the same files, the same JSON keys and the same CSV columns and rows, the same text;
- every other number is within 1e-6 relative plus an absolute floor set by its unit (the name's
  suffix: 1e-3 for MW, MWh, t and CNY/MWh, 1e-2 for CNY, 1e-6 otherwise).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFS = pathlib.Path(__file__).resolve().parent / "refs"

# (name, subcommand, input, extra arguments). The hand-computed cases are found in tests/cases.
PINGLU = "data/pinglu/scenario.toml"
FIXED_CASES = [
    ("microgrid", "run", "examples/microgrid/scenario.toml", []),
    ("pinglu_td24", "run", PINGLU, ["--typical-days", "24"]),
    ("pinglu_paths_td24", "paths", PINGLU, ["--typical-days", "24", "--solver", "ipm"]),
    ("pinglu_plan", "plan", PINGLU, ["--solver", "ipm"]),
]

# Figures that differ from one run to the next, or from one machine to the next, with the same
# model: never compared.
VOLATILE_KEYS = {"timings_s", "build_s", "solve_s", "cold_solve_s", "iterations", "elapsed_s",
                 "solver", "bytes", "reconciliation_gap_cny", "row_violation", "column_violation",
                 "dual_violation", "duality_gap", "objective_error", "objective_recomputed_cny"}
# The objectives: 1e-9 relative.
OBJECTIVE_KEYS = {"objective_cny", "total_cost_cny"}
OBJECTIVE_RTOL = 1e-9
RTOL = 1e-6
FLOORS = [("_cny_per_mwh", 1e-3), ("_cny_per_kwh", 1e-6), ("_mwh", 1e-3), ("_mw", 1e-3),
          ("_cny", 1e-2), ("_t", 1e-3)]


def parkgrid_binary() -> pathlib.Path:
    build = pathlib.Path(os.environ.get("PARKGRID_BUILD_DIR", ROOT / "build"))
    if not build.is_absolute():
        build = ROOT / build
    return build / "src" / "parkgrid"


def hand_cases() -> list[tuple[str, str, str, list[str]]]:
    """Every scenario of tests/cases: `plan` where it has a [planning] section and lives in
    planning/, `paths` for paths/scenario.toml, `run` otherwise."""
    cases = []
    base = ROOT / "tests" / "cases"
    for path in sorted(base.rglob("*.toml")):
        rel = path.relative_to(base)
        text = path.read_text(encoding="utf-8")
        if "[snapshots]" not in text:
            continue  # a tariff or another input, not a scenario
        name = "case_" + str(rel.with_suffix("")).replace("/", "_")
        if rel.parts[0] == "planning" and "[planning]" in text:
            cases.append((name, "plan", str(path.relative_to(ROOT)), []))
        elif rel.parts[0] == "paths":
            if "[paths]" in text:
                cases.append((name, "paths", str(path.relative_to(ROOT)), []))
        else:
            cases.append((name, "run", str(path.relative_to(ROOT)), []))
    return cases


def all_cases():
    return FIXED_CASES + hand_cases()


def command(parkgrid, case, out: pathlib.Path) -> list[str]:
    _, sub, inp, extra = case
    return [str(parkgrid), sub, inp, "-o", str(out), *extra]


def run_case(parkgrid, case, out: pathlib.Path) -> int:
    r = subprocess.run(command(parkgrid, case, out), cwd=ROOT, capture_output=True, text=True)
    return r.returncode


# ---- what is kept of a results folder ----------------------------------------------------------

def strip_volatile(obj):
    if isinstance(obj, dict):
        return {k: strip_volatile(v) for k, v in obj.items() if k not in VOLATILE_KEYS}
    if isinstance(obj, list):
        return [strip_volatile(v) for v in obj]
    return obj


def result_files(folder: pathlib.Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith(".") and p.suffix in (".csv", ".json"))


def save_reference(folder: pathlib.Path, dest: pathlib.Path):
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for rel in result_files(folder):
        src, dst = folder / rel, dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".json":
            data = strip_volatile(json.loads(src.read_text(encoding="utf-8")))
            dst.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        else:  # the volatile columns (paths.csv: solve_s, iterations) kept, their cells blank
            with open(src, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            blank = [i for i, c in enumerate(rows[0] if rows else []) if c in VOLATILE_KEYS]
            if not blank:
                shutil.copyfile(src, dst)
                continue
            for row in rows[1:]:
                for i in blank:
                    if i < len(row):
                        row[i] = ""
            with open(dst, "w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)


# ---- comparison --------------------------------------------------------------------------------

def floor_of(name: str) -> float:
    for suffix, floor in FLOORS:
        if name.endswith(suffix):
            return floor
    return 1e-6


def close(a: float, b: float, rtol: float, atol: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def number(text: str):
    try:
        return float(text)
    except ValueError:
        return None


def compare_json(ref, got, where: str, out: list[str], key: str = ""):
    if isinstance(ref, dict):
        if not isinstance(got, dict):
            out.append(f"{where}: expected an object, got {got!r:.60}")
            return
        got = {k: v for k, v in got.items() if k not in VOLATILE_KEYS}
        for k in sorted(set(ref) | set(got)):
            if k not in got:
                out.append(f"{where}.{k}: missing")
            elif k not in ref:
                out.append(f"{where}.{k}: not in the reference")
            else:
                compare_json(ref[k], got[k], f"{where}.{k}", out, k)
    elif isinstance(ref, list):
        if not isinstance(got, list) or len(got) != len(ref):
            out.append(f"{where}: expected a list of {len(ref)}, got "
                       f"{len(got) if isinstance(got, list) else type(got).__name__}")
            return
        for i, (r, g) in enumerate(zip(ref, got)):
            compare_json(r, g, f"{where}[{i}]", out, key)
    elif isinstance(ref, bool) or ref is None or isinstance(ref, str):
        if ref != got:
            out.append(f"{where}: {got!r} (reference {ref!r})")
    elif isinstance(ref, (int, float)):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            out.append(f"{where}: {got!r} (reference {ref!r})")
            return
        rtol = OBJECTIVE_RTOL if key in OBJECTIVE_KEYS else RTOL
        atol = 1e-6 if key in OBJECTIVE_KEYS else floor_of(key)
        if not close(float(ref), float(got), rtol, atol):
            out.append(f"{where}: {got!r} (reference {ref!r}, tolerance {rtol:g} relative + {atol:g})")
    elif ref != got:
        out.append(f"{where}: {got!r} (reference {ref!r})")


def compare_csv(ref_path: pathlib.Path, got_path: pathlib.Path, name: str, out: list[str]):
    with open(ref_path, newline="", encoding="utf-8") as f:
        ref = list(csv.reader(f))
    with open(got_path, newline="", encoding="utf-8") as f:
        got = list(csv.reader(f))
    if not ref or not got or ref[0] != got[0]:
        out.append(f"{name}: columns {got[0] if got else []} (reference {ref[0] if ref else []})")
        return
    header = ref[0]
    if len(ref) != len(got):
        out.append(f"{name}: {len(got) - 1} rows (reference {len(ref) - 1})")
        return
    shown = 0
    for i, (r, g) in enumerate(zip(ref[1:], got[1:]), start=2):
        if len(r) != len(g):
            out.append(f"{name}:{i}: {len(g)} fields (reference {len(r)})")
            continue
        for col, a, b in zip(header, r, g):
            if a == b or col in VOLATILE_KEYS:
                continue
            x, y = number(a), number(b)
            if x is not None and y is not None and close(x, y, RTOL, floor_of(col)):
                continue
            if shown < 20:
                out.append(f"{name}:{i}: {col} = {b} (reference {a})")
            shown += 1
    if shown > 20:
        out.append(f"{name}: ... {shown - 20} more values differ")


def compare_folder(ref: pathlib.Path, got: pathlib.Path, case_name: str) -> list[str]:
    out: list[str] = []
    ref_files, got_files = result_files(ref), result_files(got)
    for rel in sorted(set(ref_files) - set(got_files)):
        out.append(f"{case_name}/{rel}: missing")
    for rel in sorted(set(got_files) - set(ref_files)):
        out.append(f"{case_name}/{rel}: not in the reference")
    for rel in sorted(set(ref_files) & set(got_files)):
        name = f"{case_name}/{rel}"
        if rel.endswith(".json"):
            compare_json(json.loads((ref / rel).read_text(encoding="utf-8")),
                         json.loads((got / rel).read_text(encoding="utf-8")), name, out)
        else:
            compare_csv(ref / rel, got / rel, name, out)
    return out


def compare_case(case, exit_code: int, got: pathlib.Path) -> list[str]:
    manifest = json.loads((REFS / "cases.json").read_text(encoding="utf-8"))
    name = case[0]
    if name not in manifest:
        return [f"{name}: no reference (tests/golden/golden.py update)"]
    entry = manifest[name]
    problems = []
    if entry["command"] != command("parkgrid", case, pathlib.Path("OUT"))[1:]:
        problems.append(f"{name}: the reference was made by `parkgrid {' '.join(entry['command'])}`")
    if entry["exit_code"] != exit_code:
        problems.append(f"{name}: exit code {exit_code} (reference {entry['exit_code']})")
    return problems + compare_folder(REFS / name, got, name)


# ---- command line ------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("action", choices=["update", "check"])
    ap.add_argument("-k", help="only the cases whose name contains this text")
    args = ap.parse_args(argv)
    parkgrid = parkgrid_binary()
    if not parkgrid.exists():
        print(f"no parkgrid binary at {parkgrid}: make build", file=sys.stderr)
        return 2
    cases = [c for c in all_cases() if not args.k or args.k in c[0]]
    manifest_path = REFS / "cases.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    failures = 0
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        for case in cases:
            out = pathlib.Path(tmp) / case[0]
            code = run_case(parkgrid, case, out)
            if args.action == "update":
                save_reference(out, REFS / case[0])
                manifest[case[0]] = {"command": command("parkgrid", case, pathlib.Path("OUT"))[1:],
                                     "exit_code": code}
                print(f"{case[0]}: exit {code}, {len(result_files(out))} files")
            else:
                problems = compare_case(case, code, out)
                failures += bool(problems)
                print(f"{case[0]}: {'differs' if problems else 'same'}")
                for p in problems[:40]:
                    print("  " + p)
    if args.action == "update":
        if not args.k:  # cases no longer made are dropped
            names = {c[0] for c in cases}
            for stale in set(manifest) - names:
                del manifest[stale]
                shutil.rmtree(REFS / stale, ignore_errors=True)
        REFS.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
