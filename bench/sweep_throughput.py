"""Throughput of the Pinglu sweep (data/pinglu/sweep.toml, one year on 24 typical days per
sample): samples per second, warm re-solves against cold solves, one Dask worker against two.

    .venv/bin/python bench/sweep_throughput.py [--limit 18] [--out out/bench-sweep]

Each configuration runs the first LIMIT samples of the design through `python -m parkgrid.sweep`
on a Dask LocalCluster (loopback) of 1 or 2 workers, one HiGHS thread each; the time counted is
from the first task sent to the last result written (the cluster's start-up is left out and
reported apart). The machine's load average (1 min) is recorded before and after each
configuration: on a shared machine the figures are only comparable at similar loads. Prints a
Markdown table and writes OUT/throughput-SOLVES.json. To compare two builds of the package in the
same session, run it twice with PYTHONPATH pointing at each (docs/sweep.md)."""

from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import shutil
import time

from parkgrid import sweep

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=18)
    ap.add_argument("--out", default=str(ROOT / "out" / "bench-sweep"))
    ap.add_argument("--spec", default=str(ROOT / "data" / "pinglu" / "sweep.toml"))
    ap.add_argument("--solves", default="warm,cold", help="warm,cold or one of them")
    ap.add_argument("--workers", default="1,2", help="the LocalCluster sizes to run, e.g. 1,2")
    a = ap.parse_args()
    rows = []
    for warm in [m == "warm" for m in a.solves.split(",")]:
        for workers in [int(w) for w in a.workers.split(",")]:
            spec = sweep.read_spec(a.spec)
            spec.warm = warm
            out = os.path.join(a.out, f"{'warm' if warm else 'cold'}-{workers}")
            shutil.rmtree(out, ignore_errors=True)
            load_before = os.getloadavg()[0]
            t0 = time.perf_counter()
            info = sweep.run_sweep(spec, out, limit=a.limit, dask=f"local:{workers}", progress=False)
            total = time.perf_counter() - t0
            with open(os.path.join(out, "results.csv"), encoding="utf-8") as f:
                res = list(csv.DictReader(f))
            n_warm = sum(r["solve"] == "warm" for r in res)
            task = [float(r["task_s"]) for r in res]
            rows.append({"solve": "warm" if warm else "cold", "workers": workers,
                         "samples": info["samples"], "warm_samples": n_warm,
                         "load_avg_1m": [load_before, os.getloadavg()[0]],
                         "elapsed_s": info["elapsed_s"], "with_cluster_start_s": total,
                         "samples_per_s": info["samples"] / info["elapsed_s"],
                         "mean_task_s": sum(task) / len(task),
                         "optimal": sum(r["status"] == "optimal" for r in res)})
            print(rows[-1], flush=True)
    by = {(r["solve"], r["workers"]): r for r in rows}
    print("\n| solve | workers | samples (warm) | s | samples/s | mean s per sample | "
          "load avg before-after |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['solve']} | {r['workers']} | {r['samples']} ({r['warm_samples']}) | "
              f"{r['elapsed_s']:.1f} | {r['samples_per_s']:.2f} | "
              f"{r['mean_task_s']:.2f} | {r['load_avg_1m'][0]:.1f}-{r['load_avg_1m'][1]:.1f} |")
    for s in {r["solve"] for r in rows if (r["solve"], 2) in by and (r["solve"], 1) in by}:
        print(f"{s}: two workers / one = "
              f"{by[(s, 2)]['samples_per_s'] / by[(s, 1)]['samples_per_s']:.2f}x")
    if ("warm", 1) in by and ("cold", 1) in by:
        print(f"one worker: warm / cold = "
              f"{by[('warm', 1)]['samples_per_s'] / by[('cold', 1)]['samples_per_s']:.2f}x")
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, f"throughput-{a.solves.replace(',', '-')}.json"), "w") as f:
        json.dump({"rows": rows, "limit": a.limit, "cpus": os.cpu_count(),
                   "package": os.path.dirname(sweep.__file__), "load_avg": os.getloadavg()},
                  f, indent=1)


if __name__ == "__main__":
    main()
