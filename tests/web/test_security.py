"""`parkgrid serve` as a door (issue 19): only the user's browser (Host, Origin, the per-start
token), only the project's files (document references and downloads confined), limits (body,
jobs, storage, time), and two query checks (horizon_hours, non-numeric query numbers). Every
server here listens on 127.0.0.1 only."""

import copy
import os
import pathlib
import subprocess

import pytest

from conftest import PARKGRID, ROOT, Server


# --- Only the user's browser ---------------------------------------------------------------


def test_the_printed_address_carries_a_token_that_changes_at_each_start(parkgrid, tmp_path):
    a = Server(tmp_path / "a")
    b = Server(tmp_path / "b")
    try:
        assert a.token and b.token and a.token != b.token and len(a.token) >= 32
        assert f"{a.url}/?token={a.token}" in a.first_line
        # b's token is not a's.
        status, body = a.json("GET", "/api/jobs", headers={"Authorization": f"Bearer {b.token}"})
        assert status == 401 and "not this server's token" in body["error"]
    finally:
        a.stop()
        b.stop()


def test_the_api_needs_the_token(server):
    status, body = server.json("GET", "/api/scenarios", headers={"Authorization": None})
    assert status == 401 and body["token_required"] and "token: missing" in body["error"]
    assert "?token=" in body["error"]
    status, body = server.json("GET", "/api/jobs", headers={"Authorization": "Bearer 0123"})
    assert status == 401 and "not this server's token" in body["error"]
    status, body = server.json("POST", "/api/jobs", {"scenario": "microgrid"},
                               headers={"Authorization": None})
    assert status == 401
    # The UI's own files need none: the page says what to do.
    status, _, content = server.request("GET", "/", headers={"Authorization": None})
    assert status == 200 and b"<html" in content.lower()


def test_the_token_in_the_url_becomes_a_cookie(server):
    status, headers, _ = server.request("GET", f"/?token={server.token}",
                                        headers={"Authorization": None})
    assert status == 303 and headers["Location"] == "/"  # the token leaves the address bar
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"parkgrid_token_{server.url.rsplit(':', 1)[1]}={server.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    name_value = cookie.split(";")[0]
    # The cookie opens the API, for reading and, from the server's own page, for changes.
    status, jobs = server.json("GET", "/api/jobs",
                               headers={"Authorization": None, "Cookie": f"other=1; {name_value}"})
    assert status == 200 and isinstance(jobs, list)
    status, job = server.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 24},
                              headers={"Authorization": None, "Cookie": name_value})
    assert status == 202, job
    # ...but not without an Origin: a browser always sends one with a POST.
    status, body = server.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 24},
                               headers={"Authorization": None, "Cookie": name_value, "Origin": None})
    assert status == 403 and body["error"].startswith("Origin: the header is missing")
    # The redirect stays on this server: "//evil.example" would be another site.
    for path, to in [(f"//evil.example/?token={server.token}", "/"),
                     (f"/index.html?token={server.token}", "/index.html")]:
        status, headers, _ = server.request("GET", path, headers={"Authorization": None})
        assert status == 303 and headers["Location"] == to, path
    # A wrong token in the URL sets no cookie.
    status, headers, _ = server.request("GET", "/?token=nope", headers={"Authorization": None})
    assert status == 200 and "Set-Cookie" not in headers
    server.wait(job["id"])


def test_a_forged_origin_is_refused(server):
    for method, path, body in [("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 24}),
                               ("POST", "/api/scenarios/microgrid/validate", {"document": {}}),
                               ("DELETE", "/api/scenarios/whatever", None),
                               ("DELETE", "/api/jobs/whatever", None)]:
        for origin in ["http://evil.example", "null", f"{server.url}.evil.example",
                       server.url.replace("http://", "https://")]:
            status, answer = server.json(method, path, body, headers={"Origin": origin})
            assert status == 403, (method, path, origin, answer)
            assert answer["error"].startswith(f'Origin = "{origin}"')
    before = server.json("GET", "/api/jobs")[1]
    assert all(j["scenario"] != "forged" for j in before)
    # A script (curl) sends no Origin but the token in a header: accepted.
    status, job = server.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 24},
                              headers={"Origin": None})
    assert status == 202
    server.wait(job["id"])


def test_a_foreign_host_is_refused(server):
    """DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends Host: evil.example."""
    port = server.url.rsplit(":", 1)[1]
    for host in [f"evil.example:{port}", "evil.example", f"127.0.0.1:{int(port) + 1}",
                 f"localhost.evil.example:{port}"]:
        for path in ["/api/jobs", "/", "/index.html"]:
            status, _, content = server.request("GET", path, headers={"Host": host})
            assert status == 403, (host, path)
            assert f'Host = \\"{host}\\"'.encode() in content
    for host in [f"localhost:{port}", f"127.0.0.1:{port}", f"LOCALHOST:{port}"]:
        status, _, _ = server.request("GET", "/api/health", headers={"Host": host})
        assert status == 200, host


def test_no_token_is_for_loopback_only(parkgrid, tmp_path):
    # Refused before anything listens: no socket is opened on other interfaces.
    r = subprocess.run([str(parkgrid), "serve", "--port", "0", "--no-token", "--host", "0.0.0.0",
                        "--workspace", str(tmp_path / "ws")],
                       cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert r.returncode == 2
    assert "--no-token is for tests on a loopback address only" in r.stderr
    s = Server(tmp_path / "ws2", "--no-token")
    try:
        assert s.token is None and "?token=" not in s.first_line
        assert s.json("GET", "/api/health")[0] == 200
        # Host and Origin are still checked.
        assert s.json("POST", "/api/jobs", {"scenario": "microgrid"},
                      headers={"Origin": "http://evil.example"})[0] == 403
        assert s.request("GET", "/api/health", headers={"Host": "evil.example"})[0] == 403
    finally:
        s.stop()


# --- Only the project's files --------------------------------------------------------------


def microgrid_with_series(server, ref):
    status, s = server.json("GET", "/api/scenarios/microgrid")
    doc = copy.deepcopy(s["document"])
    doc["loads"][0]["demand_mw"] = {"file": ref, "column": "x"}
    return doc


def test_document_files_are_confined(parkgrid, tmp_path):
    data_root = tmp_path / "root"
    (data_root / "sub").mkdir(parents=True)
    os.mkfifo(data_root / "pipe.csv")
    (data_root / "ok.csv").write_text("x\n" + "1\n" * 8760)
    s = Server(tmp_path / "ws", "--data-root", str(data_root))
    try:
        scenario_dir = ROOT / "examples" / "microgrid"
        rel = lambda p: os.path.relpath(p, scenario_dir)
        cases = [
            ("/etc/passwd", "an absolute path is not accepted"),
            ("../../../../../../../../etc/passwd", "leads out of the scenario's folder"),
            ("../../data/../../etc/passwd", "leads out of the scenario's folder"),
            (rel(ROOT / "src" / "cli" / "main.cpp"), "leads out of the scenario's folder"),
            (rel(data_root / "sub"), "a folder, not a file"),
            (rel(data_root / "pipe.csv"), "not a regular file"),
            ("", "expected the name of a file"),
        ]
        field = "loads[0].demand_mw.file"
        for ref, reason in cases:
            doc = microgrid_with_series(s, ref)
            for path, body in [("/api/scenarios/microgrid/validate", {"document": doc}),
                               ("/api/jobs", {"scenario": "microgrid", "document": doc}),
                               ("/api/scenarios", {"id": "x1", "base": "microgrid", "document": doc})]:
                status, answer = s.json("POST", path, body)
                assert status == 400, (ref, path, answer)
                assert answer["error"].startswith(f'{field} = "{ref}": ') and reason in answer["error"], answer
        # A symbolic link inside the scenario's folder that leads out.
        status, saved = s.json("POST", "/api/scenarios", {"id": "linked", "base": "microgrid",
                                                          "document": microgrid_with_series(s, rel(data_root / "ok.csv"))})
        assert status == 201, saved
        folder = s.workspace / "scenarios" / "linked"
        assert (folder / "ok.csv").exists()  # a data root's file is copied beside the scenario
        (folder / "evil.csv").symlink_to("/etc/passwd")
        (folder / "dev.csv").symlink_to("/dev/zero")
        for ref in ["evil.csv", "dev.csv"]:
            status, answer = s.json("POST", "/api/scenarios/linked/validate",
                                    {"document": microgrid_with_series(s, ref)})
            assert status == 400 and "symbolic link leading out" in answer["error"], answer
        # Inside the roots, a missing file is the reader's to report, beside its field.
        status, answer = s.json("POST", "/api/scenarios/microgrid/validate",
                                {"document": microgrid_with_series(s, "missing.csv")})
        assert status == 200 and not answer["ok"]
        assert any(d["field"] == "demand_mw" and d["section"] == "loads" for d in answer["diagnostics"])
        # Nothing is left in the workspace by the refusals.
        assert not list((s.workspace / "jobs").iterdir())
        assert not (s.workspace / "scenarios" / "x1").exists()
    finally:
        s.stop()


def test_the_default_data_root_holds_the_pinglu_tariff(server):
    """data/pinglu/scenario.toml names ../tariffs/...: inside the project's data/, accepted."""
    status, s = server.json("GET", "/api/scenarios/pinglu")
    assert s["document"]["paths"]["tariff"] == "../tariffs/shanxi_large_industry_2025.toml"
    status, answer = server.json("POST", "/api/scenarios/pinglu/validate", {"document": s["document"]})
    assert status == 200 and answer["ok"], answer


def test_downloads_are_confined_to_the_results_folder(server):
    status, job = server.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 48})
    job = server.wait(job["id"])
    assert job["state"] == "done"
    results = server.workspace / "jobs" / job["id"] / "results"
    (results / "evil.csv").symlink_to("/etc/passwd")
    (results / "escape.json").symlink_to(server.workspace / "jobs" / job["id"] / "job.json")
    for name in ["evil.csv", "escape.json"]:
        status, body = server.json("GET", f"/api/jobs/{job['id']}/files/{name}")
        assert status == 403 and "leading out of the results folder" in body["error"], body
    status, _, content = server.request("GET", f"/api/jobs/{job['id']}/files/capacities.csv")
    assert status == 200 and content.startswith(b"family,")
    for name in ["..%2Fjob.json", "%2Fetc%2Fpasswd", "..", "."]:
        status, _, content = server.request("GET", f"/api/jobs/{job['id']}/files/{name}")
        assert status == 404, name


# --- Limits --------------------------------------------------------------------------------


def test_body_size_limit(parkgrid, tmp_path):
    s = Server(tmp_path / "ws", "--max-body-mb", "0.01")
    try:
        status, body = s.json("POST", "/api/scenarios/microgrid/validate",
                              raw=b'{"document": {"x": "' + b"a" * 20000 + b'"}}')
        assert status == 413 and "larger than the server's limit of 10485 bytes" in body["error"]
    finally:
        s.stop()


def test_job_count_quota_time_limit_and_cancel(parkgrid, pinglu_profiles, tmp_path):
    s = Server(tmp_path / "ws", "--workers", "1", "--max-jobs", "2", "--job-time-limit", "3")
    try:
        # The full Pinglu year takes minutes: stopped at 3 s.
        status, long = s.json("POST", "/api/jobs", {"scenario": "pinglu", "solver": "ipm"})
        assert status == 202
        status, second = s.json("POST", "/api/jobs", {"scenario": "pinglu", "solver": "ipm"})
        assert status == 202
        status, body = s.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 24})
        assert status == 429 and "2 jobs are queued or running" in body["error"] and "--max-jobs 2" in body["error"]
        # Cancel the queued one: its folder goes at once.
        status, body = s.json("DELETE", f"/api/jobs/{second['id']}")
        assert body["action"] == "cancelled"
        assert not (s.workspace / "jobs" / second["id"]).exists()
        job = s.wait(long["id"], timeout=60)
        assert job["state"] == "failed" and "time limit for a job, 3 s" in job["error"], job
        assert job["elapsed_s"] < 30
        assert not (s.workspace / "jobs" / long["id"] / "results").exists()
    finally:
        s.stop()
    # Storage: a quota of 1 kB is past after one job.
    s = Server(tmp_path / "ws2", "--results-quota-mb", "0.001")
    try:
        status, job = s.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 48})
        assert s.wait(job["id"])["state"] == "done"
        status, body = s.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 48})
        assert status == 507 and "quota" in body["error"] and "DELETE" in body["error"], body
        assert s.json("DELETE", f"/api/jobs/{job['id']}")[1]["action"] == "removed"
        status, job = s.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 48})
        assert status == 202
        s.wait(job["id"])
    finally:
        s.stop()


def solver_children(server_pid):
    """Process ids whose parent is `server_pid` (the jobs' parkgrid processes)."""
    out = []
    for d in pathlib.Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server_pid:
                out.append(int(d.name))
    return out


def alive(pid):
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except OSError:
        return False


def test_a_running_cancel_kills_the_process_and_removes_the_folder(parkgrid, pinglu_profiles, tmp_path):
    import time
    s = Server(tmp_path / "ws", "--workers", "1")
    try:
        status, job = s.json("POST", "/api/jobs", {"scenario": "pinglu", "solver": "ipm"})
        s.wait(job["id"], timeout=30, until=("running",))
        end = time.monotonic() + 10
        while not solver_children(s.proc.pid) and time.monotonic() < end:
            time.sleep(0.1)
        children = solver_children(s.proc.pid)
        assert children
        status, body = s.json("DELETE", f"/api/jobs/{job['id']}")
        assert body["action"] == "cancelled"
        assert s.wait(job["id"], timeout=30)["state"] == "cancelled"
        assert not any(alive(p) for p in children)
        assert not (s.workspace / "jobs" / job["id"]).exists()
    finally:
        s.stop()


# --- Two query checks (issue 21) -----------------------------------------------------------


def test_horizon_past_the_scenario_is_named(server):
    before = len(server.json("GET", "/api/jobs")[1])
    status, body = server.json("POST", "/api/jobs", {"scenario": "pinglu", "horizon_hours": 9000})
    assert status == 400
    assert body["error"].startswith("horizon_hours = 9000: past the scenario's 8760 snapshots; give at most 8760")
    status, body = server.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 8761})
    assert status == 400 and "at most 8760" in body["error"]
    assert len(server.json("GET", "/api/jobs")[1]) == before  # no job was created


def test_non_numeric_query_numbers_are_400(server):
    status, job = server.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 48})
    server.wait(job["id"])
    base = f"/api/jobs/{job['id']}/dispatch"
    for query, name, value in [("start=12abc", "start", "12abc"), ("hours=1e3", "hours", "1e3"),
                               ("start=", "start", ""), ("hours=%2012", "hours", " 12"),
                               ("start=0x10", "start", "0x10"),
                               ("start=99999999999999999999", "start", "99999999999999999999")]:
        status, body = server.json("GET", f"{base}?{query}")
        assert status == 400, query
        assert body["error"].startswith(f'{name} = "{value}": expected a whole number'), body
    status, body = server.json("GET", f"{base}?start=12&hours=6")
    assert status == 200 and body["start"] == 12 and body["hours"] == 6


# --- After a crash -------------------------------------------------------------------------


def test_kill_9_during_a_job_then_restart(parkgrid, pinglu_profiles, tmp_path):
    """A server killed with SIGKILL while a job runs: its solver process goes with it, and the
    next start shows the job failed with the reason, no results, and no temporary folders."""
    import signal
    import time
    ws = tmp_path / "ws"
    held = []
    s = Server(ws, "--workers", "1")
    try:
        status, done = s.json("POST", "/api/jobs", {"scenario": "microgrid", "horizon_hours": 24})
        assert s.wait(done["id"])["state"] == "done"
        status, job = s.json("POST", "/api/jobs", {"scenario": "pinglu", "solver": "ipm"})
        s.wait(job["id"], timeout=30, until=("running",))
        end = time.monotonic() + 10
        while not solver_children(s.proc.pid) and time.monotonic() < end:
            time.sleep(0.1)
        children = solver_children(s.proc.pid)
        assert children
        # Keep the read end of the solver's output pipe open here, so that it cannot die of
        # SIGPIPE when the server's end closes: only the kernel's signal for a parent that goes
        # (PR_SET_PDEATHSIG) can end it.
        for p in children:
            out = os.readlink(f"/proc/{p}/fd/1")
            for fd in os.listdir(f"/proc/{s.proc.pid}/fd"):
                try:
                    if os.readlink(f"/proc/{s.proc.pid}/fd/{fd}") == out:
                        held.append(os.open(f"/proc/{s.proc.pid}/fd/{fd}", os.O_RDONLY | os.O_NONBLOCK))
                except OSError:
                    pass
        assert held
    finally:
        s.proc.send_signal(signal.SIGKILL)
        s.proc.wait(timeout=10)
    # The solver does not outlive the server (it would write results nobody waits for).
    end = time.monotonic() + 5
    while any(alive(p) for p in children) and time.monotonic() < end:
        time.sleep(0.1)
    survivors = [p for p in children if alive(p)]
    for p in survivors:
        os.kill(p, signal.SIGKILL)
    for fd in held:
        os.close(fd)
    assert not survivors, "the solver process outlived the server"
    folder = ws / "jobs" / job["id"]
    # What a server killed mid-way can leave: a half-written results folder of the CLI's writer,
    # a validation folder, a job folder being prepared, a saved scenario half-written or moved
    # aside.
    (folder / ".results.tmp-123").mkdir()
    (folder / ".results.tmp-123" / "summary.json").write_text('{"half": ')
    (ws / "tmp" / "validate-7").mkdir(parents=True)
    (ws / "jobs" / "prep1").mkdir()
    (ws / "jobs" / "prep1" / "input").mkdir()
    (ws / "scenarios" / ".mine.tmp-3").mkdir(parents=True)
    (ws / "scenarios" / ".kept.old-4").mkdir()
    (ws / "scenarios" / ".kept.old-4" / "scenario.toml").write_text("# the only copy\n")
    s = Server(ws, "--workers", "1")
    try:
        status, again = s.json("GET", f"/api/jobs/{job['id']}")
        assert again["state"] == "failed"
        assert again["error"].startswith("the server stopped while the job was running (it was killed or crashed)")
        assert not (folder / "results").exists() and not (folder / ".results.tmp-123").exists()
        status, body = s.json("GET", f"/api/jobs/{job['id']}/summary")
        assert status == 409 and body["state"] == "failed"
        assert not (ws / "tmp").exists() and not (ws / "jobs" / "prep1").exists()
        assert not (ws / "scenarios" / ".mine.tmp-3").exists()
        # A scenario moved aside but not replaced is put back.
        assert (ws / "scenarios" / "kept" / "scenario.toml").read_text() == "# the only copy\n"
        assert s.json("GET", f"/api/jobs/{done['id']}")[1]["state"] == "done"
        assert s.json("GET", f"/api/jobs/{done['id']}/summary")[0] == 200
        assert {j["id"] for j in s.json("GET", "/api/jobs")[1]} == {done["id"], job["id"]}
    finally:
        s.stop()
