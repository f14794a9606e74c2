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


@pytest.fixture(scope="module")
def server(parkgrid, pinglu_profiles, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve"), "--workers", "2")
    yield s
    s.stop()
