"""Fixtures for the tests of `parkgrid serve` and `parkgrid report`: the real program, started on
a free port of 127.0.0.1 with a workspace of its own, and a small JSON client (urllib only)."""

import json
import os
import pathlib
import re
import subprocess
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("PARKGRID_BUILD_DIR", ROOT / "build"))
if not BUILD.is_absolute():
    BUILD = ROOT / BUILD
PARKGRID = BUILD / "src" / "parkgrid"


class Server:
    def __init__(self, workspace, *args):
        self.workspace = pathlib.Path(workspace)
        self.proc = subprocess.Popen(
            [str(PARKGRID), "serve", "--port", "0", "--workspace", str(workspace), *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://[\d.]+:\d+/", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"parkgrid serve did not start: {line} {self.proc.stderr.read()}")
        self.url = match.group(0).rstrip("/")

    def request(self, method, path, body=None, raw=None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, method, path, body=None, raw=None):
        status, _, content = self.request(method, path, body, raw)
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


@pytest.fixture(scope="module")
def server(parkgrid, pinglu_profiles, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve"), "--workers", "2")
    yield s
    s.stop()
