#!/usr/bin/env python3
"""A bounded load test of `parkgrid serve` on loopback (issue 19; figures in docs/reliability.md).

It starts its own server on a free port of 127.0.0.1 with a fresh workspace, and for --seconds:
  - --clients concurrent clients (asyncio, one keep-alive connection each, reconnecting when the
    server closes it) read the job list, one job's status, a done job's summary and a day of its
    dispatch, in a fixed mix, each as fast as the answers come;
  - meanwhile --jobs jobs are submitted (quick looks of the microgrid example and of Pinglu, and
    --cancel full-year Pinglu runs, which take minutes), and the --cancel long ones are cancelled,
    running or queued.
It reports requests per second, latency (p50, p90, p99, max), errors (any answer that is not
2xx, any broken connection), the server's resident memory before and after each round (and its
peak), and how every job ended: each must end done (as submitted) or cancelled (its folder
gone). It fails (exit code 1) on any error, any job ending otherwise, or memory growing by more
than --rss-growth-mib.

Traffic goes to 127.0.0.1 only, and the run is bounded: at most 1000 clients, 600 s, 100 jobs,
and every wait has a timeout. Standard library only.

    python3 bench/load_test.py                         # 200 clients, 60 s, 20 jobs, 5 cancelled
    python3 bench/load_test.py --clients 50 --seconds 10 --jobs 6 --cancel 2   # a short run
    python3 bench/load_test.py --rounds 3              # the same load three times: memory
"""

import argparse
import asyncio
import json
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else


def rss_kib(pid, field="VmRSS"):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def threads_of(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


class Api:
    """Blocking JSON calls (the job driver), with the token and the server's Origin."""

    def __init__(self, base, token):
        self.base, self.token = base, token

    def call(self, method, path, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Origin": self.base,
            "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def wait(self, job_id, states, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            status, job = self.call("GET", f"/api/jobs/{job_id}")
            if status == 200 and job["state"] in states:
                return job
            time.sleep(0.2)
        raise RuntimeError(f"job {job_id} not {states} after {timeout} s")


class Stats:
    def __init__(self):
        self.latencies = []  # seconds, answered requests
        self.status = {}
        self.errors = {}  # kind -> count
        self.connections = 0

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def client(n, port, token, paths, stop_at, stats, rng):
    """One client: one connection at a time, requests one after another until `stop_at`."""
    reader = writer = None
    while time.monotonic() < stop_at:
        if writer is None:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 10)
                stats.connections += 1
            except (OSError, asyncio.TimeoutError) as e:
                stats.error(f"connect: {type(e).__name__}")
                await asyncio.sleep(0.05)
                continue
        path = rng.choice(paths())
        request = (f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                   f"Authorization: Bearer {token}\r\nAccept: application/json\r\n\r\n").encode()
        t0 = time.monotonic()
        try:
            writer.write(request)
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            lines = head.decode("latin-1").split("\r\n")
            code = int(lines[0].split()[1])
            headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
            length = int(headers.get("content-length", "0"))
            if length:
                await asyncio.wait_for(reader.readexactly(length), 30)
            stats.latencies.append(time.monotonic() - t0)
            stats.status[code] = stats.status.get(code, 0) + 1
            if not 200 <= code < 300:
                stats.error(f"HTTP {code} {path.split('?')[0]}")
            if headers.get("connection", "").lower() == "close":
                writer.close()
                writer = None
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.TimeoutError, OSError) as e:
            # A keep-alive connection the server closed between two requests is normal (its
            # limit of requests per connection): retried on a new one, not an error, unless the
            # request was under way for a while.
            if isinstance(e, asyncio.IncompleteReadError) and not e.partial and time.monotonic() - t0 < 1:
                pass
            else:
                stats.error(f"connection: {type(e).__name__}")
            if writer:
                writer.close()
            writer = None
    if writer:
        writer.close()


def drive_jobs(api, jobs, cancel, seconds, log):
    """Submits `jobs` jobs spread over the first half of the run and cancels `cancel` long ones.
    Returns [(id, expected_state)]."""
    submitted = []
    long_ids = []
    quick = [{"scenario": "microgrid", "horizon_hours": 168},
             {"scenario": "pinglu", "horizon_hours": 336},
             {"scenario": "microgrid", "horizon_hours": 168, "solver": "simplex"},
             {"scenario": "pinglu", "horizon_hours": 168, "solver": "simplex"}]
    spacing = max(0.2, seconds / 2 / max(1, jobs))
    for i in range(jobs):
        is_long = i % max(1, jobs // max(1, cancel)) == 1 and len(long_ids) < cancel
        body = {"scenario": "pinglu", "solver": "ipm"} if is_long else quick[i % len(quick)]
        status, job = api.call("POST", "/api/jobs", body)
        if status != 202:
            raise RuntimeError(f"job {i} refused: {status} {job}")
        submitted.append([job["id"], "cancelled" if is_long else "done"])
        if is_long:
            long_ids.append(job["id"])
        time.sleep(spacing)
        # Cancel a long one a few seconds after it was submitted (running or still queued).
        if long_ids and i % 3 == 2:
            victim = long_ids.pop(0)
            status, body = api.call("DELETE", f"/api/jobs/{victim}")
            log(f"cancel {victim}: {status} {body.get('action')}")
    for victim in long_ids:
        status, body = api.call("DELETE", f"/api/jobs/{victim}")
        log(f"cancel {victim}: {status} {body.get('action')}")
    return submitted


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parkgrid", default=str(ROOT / "build" / "src" / "parkgrid"))
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--jobs", type=int, default=20)
    ap.add_argument("--cancel", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--http-threads", type=int, default=None, help="parkgrid serve --http-threads")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the load on the same server (memory)")
    ap.add_argument("--rss-growth-mib", type=float, default=64,
                    help="fail when the server's memory after the last round exceeds the memory "
                         "before by more than this")
    ap.add_argument("--json", help="write the figures here as JSON")
    a = ap.parse_args()
    if not (1 <= a.clients <= 1000 and 1 <= a.seconds <= 600 and 0 <= a.cancel <= a.jobs <= 100
            and 1 <= a.rounds <= 5):
        sys.exit("bounds: 1..1000 clients, 1..600 s, 0 <= cancel <= jobs <= 100, 1..5 rounds")
    if not (ROOT / "data/pinglu/generated/profiles.csv").exists():
        sys.exit("data/pinglu/generated/profiles.csv is missing: make profiles")

    def log(msg):
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    workspace = pathlib.Path(tempfile.mkdtemp(prefix="parkgrid-load-"))
    args = [a.parkgrid, "serve", "--host", HOST, "--port", "0", "--workspace", str(workspace),
            "--workers", str(a.workers), "--max-jobs", str(a.jobs + 4)]
    if a.http_threads:
        args += ["--http-threads", str(a.http_threads)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)", line)
        if not m:
            sys.exit(f"parkgrid serve did not start: {line}")
        port, token = int(m.group(1)), m.group(2)
        base = f"http://{HOST}:{port}"
        api = Api(base, token)
        log(f"server pid {proc.pid} on {base}, workspace {workspace}")
        # One done job to read results from, then the memory before the load.
        status, first = api.call("POST", "/api/jobs", {"scenario": "pinglu", "horizon_hours": 336})
        api.wait(first["id"], ("done",), 120)
        for what in ("summary", "dispatch?start=0&hours=24", "capacities"):
            api.call("GET", f"/api/jobs/{first['id']}/{what}")
        rss_before = rss_kib(proc.pid)
        threads_before = threads_of(proc.pid)
        log(f"RSS before: {rss_before / 1024:.1f} MiB, {threads_before} threads")

        known = {"ids": [first["id"]], "done": [first["id"]]}

        def paths():
            job = random.choice(known["ids"])
            done = random.choice(known["done"])
            start = random.randrange(0, 144)  # every job reads has at least 168 h
            return ["/api/jobs", "/api/jobs", f"/api/jobs/{job}", f"/api/jobs/{job}",
                    f"/api/jobs/{done}/summary", f"/api/jobs/{done}/dispatch?start={start}&hours=24"]

        peak_threads = [threads_before]

        def one_round(r):
            stats = Stats()
            loop = asyncio.new_event_loop()
            t_start = time.monotonic()
            stop_at = t_start + a.seconds

            async def refresh_known():
                while time.monotonic() < stop_at:
                    status, jobs = await loop.run_in_executor(None, api.call, "GET", "/api/jobs")
                    if status == 200:
                        known["ids"] = [j["id"] for j in jobs if j["state"] != "cancelled"] or known["ids"]
                        known["done"] = [j["id"] for j in jobs if j["state"] == "done"] or known["done"]
                    await asyncio.sleep(1)

            async def watch_peak():
                while True:
                    peak_threads[0] = max(peak_threads[0], threads_of(proc.pid))
                    await asyncio.sleep(0.5)

            async def run_all():
                driver = loop.run_in_executor(None, drive_jobs, api, a.jobs, a.cancel, a.seconds, log)
                rngs = [random.Random(1000 * r + i) for i in range(a.clients)]
                peak = asyncio.ensure_future(watch_peak())
                await asyncio.gather(refresh_known(),
                                     *(client(i, port, token, paths, stop_at, stats, rngs[i]) for i in range(a.clients)))
                submitted = await driver
                peak.cancel()
                return submitted

            submitted = loop.run_until_complete(run_all())
            elapsed = time.monotonic() - t_start
            loop.close()
            log(f"round {r + 1}: load over after {elapsed:.1f} s: {len(stats.latencies)} answers")
            # Every job ends as submitted or cancelled.
            ends = {}
            for job_id, expected in submitted:
                job = api.wait(job_id, ("done", "failed", "cancelled"), 600)
                ends[job_id] = (expected, job["state"], job.get("error", ""))
            time.sleep(1)
            rss = rss_kib(proc.pid)
            log(f"round {r + 1}: RSS {rss / 1024:.1f} MiB")
            return stats, elapsed, ends, rss

        rounds = [one_round(r) for r in range(a.rounds)]
        stats = Stats()
        for st, _, _, _ in rounds:
            stats.latencies += st.latencies
            stats.connections += st.connections
            for k, v in st.status.items():
                stats.status[k] = stats.status.get(k, 0) + v
            for k, v in st.errors.items():
                stats.errors[k] = stats.errors.get(k, 0) + v
        elapsed = sum(x[1] for x in rounds)
        ends = {k: v for x in rounds for k, v in x[2].items()}
        wrong = {k: v for k, v in ends.items() if v[0] != v[1]}
        folders_left = [k for k, v in ends.items() if v[1] == "cancelled" and (workspace / "jobs" / k).exists()]
        rss_after = rounds[-1][3]
        rss_peak = rss_kib(proc.pid, "VmHWM")
        lat = sorted(stats.latencies)
        growth = (rss_after - rss_before) / 1024
        result = {
            "clients": a.clients, "rounds": a.rounds, "seconds": round(elapsed, 1),
            "jobs": a.jobs * a.rounds, "cancelled": a.cancel * a.rounds,
            "workers": a.workers, "http_threads": a.http_threads or "default",
            "requests": len(lat), "requests_per_s": round(len(lat) / elapsed, 1),
            "latency_ms": {p: round(1000 * percentile(lat, q), 2)
                           for p, q in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))},
            "status": {str(k): v for k, v in sorted(stats.status.items())},
            "errors": stats.errors, "connections": stats.connections,
            "rss_mib": {"before": round(rss_before / 1024, 1),
                        "after_each_round": [round(x[3] / 1024, 1) for x in rounds],
                        "peak": round(rss_peak / 1024, 1), "bound_on_growth": a.rss_growth_mib},
            "threads": {"before": threads_before, "peak": peak_threads[0]},
            "jobs_ended": {s: sum(1 for v in ends.values() if v[1] == s) for s in ("done", "failed", "cancelled")},
            "jobs_not_as_expected": wrong, "cancelled_folders_left": folders_left,
        }
        print(json.dumps(result, indent=2))
        if a.json:
            pathlib.Path(a.json).write_text(json.dumps(result, indent=2) + "\n")
        ok = not stats.errors and not wrong and not folders_left and growth <= a.rss_growth_mib
        print(f"OK: no errors, every job ended as submitted or cancelled, memory grew {growth:.1f} MiB"
              f" (bound {a.rss_growth_mib} MiB)" if ok else "FAILED", flush=True)
        return 0 if ok else 1
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
