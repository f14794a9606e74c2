"""Fixtures for the tests of `parkgrid serve` and `parkgrid report`: the real program, started on
a free port of 127.0.0.1 with a workspace of its own, and a small JSON client (urllib only)."""

import json
import os
import pathlib
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("PARKGRID_BUILD_DIR", ROOT / "build"))
if not BUILD.is_absolute():
    BUILD = ROOT / BUILD
PARKGRID = BUILD / "src" / "parkgrid"
sys.path.insert(0, str(ROOT / "tests" / "golden"))
import golden  # noqa: E402  (tests/golden/golden.py: the golden cases and their comparison)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Server:
    """`parkgrid serve` on a free port of 127.0.0.1. Requests carry the token printed at start
    (as "Authorization: Bearer", like a script) and the server's own Origin (like its page),
    unless `headers` says otherwise (a header given as None is left out)."""

    def __init__(self, workspace, *args):
        self.workspace = pathlib.Path(workspace)
        self.proc = subprocess.Popen(
            [str(PARKGRID), "serve", "--port", "0", "--workspace", str(workspace), *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.first_line = self.proc.stdout.readline()
        match = re.search(r"(http://[\d.]+:\d+)/(\?token=([0-9a-f]+))?", self.first_line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"parkgrid serve did not start: {self.first_line} {self.proc.stderr.read()}")
        self.url = match.group(1)
        self.token = match.group(3)
        self.host = self.url.removeprefix("http://")

    def headers(self, extra=None):
        h = {"Content-Type": "application/json", "Origin": self.url}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        for k, v in (extra or {}).items():
            if v is None:
                h.pop(k, None)
            else:
                h[k] = v
        return h

    def request(self, method, path, body=None, raw=None, headers=None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers=self.headers(headers))
        try:
            with OPENER.open(req, timeout=60) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, method, path, body=None, raw=None, headers=None):
        status, _, content = self.request(method, path, body, raw, headers)
        return status, json.loads(content)

    def wait(self, job_id, timeout=240, until=("done", "failed", "cancelled")):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            status, job = self.json("GET", f"/api/jobs/{job_id}")
            assert status == 200, job
            if job["state"] in until:
                return job
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} still {job['state']} after {timeout} s: {job}")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise


@pytest.fixture(scope="session")
def parkgrid():
    if not PARKGRID.exists():
        pytest.fail(f"no parkgrid binary at {PARKGRID}: make build")
    return PARKGRID


@pytest.fixture(scope="session")
def pinglu_profiles():
    if not (ROOT / "data/pinglu/generated/profiles.csv").exists():
        pytest.fail("data/pinglu/generated/profiles.csv is missing: make profiles")


@pytest.fixture(scope="session")
def session_server(parkgrid, pinglu_profiles, tmp_path_factory):
    """One `parkgrid serve` for the session: the long Pinglu jobs below run on it once."""
    s = Server(tmp_path_factory.mktemp("serve-session"), "--workers", "2")
    yield s
    s.stop()


# 1,200 s: the longest job, the Pinglu paths on 24 typical days, takes about 35 s; a slow or
# loaded machine gets ample room before a job counts as hung.
def session_job(server, body, timeout=1200):
    """POST /api/jobs with `body`, then the job once finished: (POST status, job as posted, job
    as finished, its results folder)."""
    status, posted = server.json("POST", "/api/jobs", body)
    done = server.wait(posted["id"], timeout=timeout) if status == 202 else posted
    return status, posted, done, server.workspace / "jobs" / posted.get("id", "") / "results"


@pytest.fixture(scope="session")
def pinglu_plan_job(session_server):
    """The Pinglu plan (7 years) on 6 typical days as a job of the web API, run once: the API
    test of plan jobs reads it through the API, the golden comparison (pinglu_plan_td6) reads its
    folder, which is what `parkgrid plan data/pinglu/scenario.toml --typical-days 6 --solver
    simplex` writes. About 10 s, where the scenario's 24 days (`make demo`) take about 5 min."""
    body = {"scenario": "pinglu", "kind": "plan", "solver": "simplex", "typical_days": 6}
    return (session_server, *session_job(session_server, body))


@pytest.fixture(scope="session")
def pinglu_paths_job(session_server):
    """The Pinglu reform paths on 24 typical days (ipm) as a job of the web API, run once: the
    API test and the golden comparison (`parkgrid paths data/pinglu/scenario.toml
    --typical-days 24 --solver ipm`) share it."""
    body = {"scenario": "pinglu", "kind": "paths", "solver": "ipm", "typical_days": 24}
    return (session_server, *session_job(session_server, body))


# Golden cases made by a job of the web API rather than by the program directly (the same
# command line, with --events-fd and --solver-log, which change no result).
JOB_CASES = {"pinglu_plan_td6": "pinglu_plan_job", "pinglu_paths_td24": "pinglu_paths_job"}


@pytest.fixture(scope="session")
def golden_runs(request, parkgrid, pinglu_profiles, tmp_path_factory):
    """The golden cases of tests/golden/golden.py, each run at most once a session, when a test
    first asks for it: `golden_runs("pinglu_td24")` -> (exit code, results folder). The golden
    comparison (test_golden.py) and the tests that need the same run (the microgrid's full year,
    Pinglu on 24 typical days, the Pinglu plan and paths jobs) share them; a test that writes
    into a results folder copies it first."""
    root = tmp_path_factory.mktemp("golden")
    done = {}
    cases = {c[0]: c for c in golden.all_cases()}

    def get(name):
        if name not in done:
            if name in JOB_CASES:
                _, _, _, job, results = request.getfixturevalue(JOB_CASES[name])
                done[name] = (job.get("exit_code", -1), results)
            else:
                out = root / name
                done[name] = (golden.run_case(parkgrid, cases[name], out), out)
        return done[name]
    return get


@pytest.fixture(scope="module")
def server(parkgrid, pinglu_profiles, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve"), "--workers", "2")
    yield s
    s.stop()
