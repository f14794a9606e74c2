#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from the project's own valid files.

Usage: seeds.py REPO_ROOT OUT_DIR [PARKGRID]  ->  OUT_DIR/<target>/<seed files>

fuzz_scenario: every scenario TOML of examples/, tests/cases/ and data/pinglu/, as is and cut to
  24 snapshots with its CSV references pointed at an attached 24-row CSV ("#@csv" section).
fuzz_csv: the CSV files of tests/cases/, tests/bad_inputs/ and heads of generated profiles.
fuzz_tariff: the tariff files of data/tariffs/.
fuzz_pypsa: tests/cases/*.toml exported with `PARKGRID export-pypsa` (when the binary is given),
  bundled as "#@file NAME" sections.
fuzz_weather: the first byte picks the reader (odd: EPW, even: CSV); EPW heads and whole files,
  and small weather CSVs.
fuzz_api: request bodies of the HTTP API made of the same scenarios as documents (the JSON shape
  of src/server/scenario_doc.hpp, as read_document gives it), cut to 48 snapshots with their CSV
  references pointed at the target's d.csv: {"document": ...} to validate, and job bodies with a
  24 h quick look; a few bodies without a document.
"""
import datetime
import hashlib
import json
import math
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

root = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])


def put(target, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


tomls = sorted(
    list((root / "examples").rglob("*.toml"))
    + list((root / "tests/cases").glob("*.toml"))
    + list((root / "tests/cases/planning").glob("*.toml"))
    + list((root / "data/pinglu").glob("scenario*.toml"))
    + list((root / "tests/bad_inputs").rglob("*.toml"))
)
ref = re.compile(r'\{\s*file\s*=\s*"([^"]+)"\s*,\s*column\s*=\s*"([^"]+)"\s*\}')
for p in tomls:
    text = p.read_text(encoding="utf-8", errors="replace")
    put("fuzz_scenario", text.encode())
    small = re.sub(r"(?m)^count\s*=\s*\d+", "count = 24", text)
    small = re.sub(r"(?m)^typical_days\s*=\s*\d+", "typical_days = 1", small)
    columns = []
    def repl(m):
        columns.append(m.group(2))
        return '{ file = "d.csv", column = "%s" }' % m.group(2)
    small = ref.sub(repl, small)
    cols = sorted(set(columns)) or ["x"]
    rows = ["snapshot," + ",".join(cols)]
    for h in range(24):
        rows.append("2025-01-01T%02d:00," % h + ",".join("0.%d" % ((h + i) % 10) for i in range(len(cols))))
    put("fuzz_scenario", (small + "\n#@csv\n" + "\n".join(rows) + "\n").encode())

for p in sorted(list((root / "tests/cases").glob("*.csv")) + list((root / "tests/bad_inputs").rglob("*.csv"))):
    put("fuzz_csv", p.read_bytes()[:4096])
gen = root / "data/pinglu/generated/profiles.csv"
if gen.exists():
    put("fuzz_csv", b"".join(gen.read_bytes().splitlines(keepends=True)[:30]))
put("fuzz_csv", b"snapshot,a,b\n2025-01-01T00:00,1,2.5\n2025-01-01T01:00,-0,1e3\n")

for p in sorted((root / "data/weather").glob("*.epw")):
    lines = p.read_bytes().splitlines(keepends=True)
    put("fuzz_weather", b"\x01" + b"".join(lines[:12]))
    put("fuzz_weather", b"\x01" + b"".join(lines[:8 + 48]))
    put("fuzz_weather", b"\x01" + b"".join(lines))
csv = ["# name = test", "# latitude_deg = 39.8", "# longitude_deg = 113.3", "# utc_offset_h = 8",
       "# elevation_m = 1067", "timestamp,ghi_w_m2,dni_w_m2,dhi_w_m2,temp_air_c,wind_speed_m_s,pressure_pa"]
for h in range(24):
    sun = max(0, 12 - abs(h - 12)) * 60
    csv.append("2025-06-01T%02d:00,%d,%d,%d,%.1f,%.1f,90000" % (h, sun, sun // 2, sun // 3, 20 + h / 4, 3 + h % 5))
put("fuzz_weather", ("\n".join(csv) + "\n").encode())
put("fuzz_weather", ("\r\n".join(csv[:8]) + "\r\n").encode())
for p in sorted((root / "data/tariffs").glob("*.toml")):
    put("fuzz_tariff", p.read_bytes())



def document(value):
    """A TOML value as the server's read_document gives it (node_to_json in scenario_doc.cpp)."""
    if isinstance(value, dict):
        return {k: document(v) for k, v in value.items()}
    if isinstance(value, list):
        return [document(v) for v in value]
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return value


API_COLUMNS = {"pv", "wind", "load", "demand", "cf", "x"}  # the columns of fuzz_api's d.csv


def small_document(doc):
    """48 snapshots, CSV series read from d.csv, the tariff of [paths] from t.toml."""
    snap = doc.get("snapshots")
    if isinstance(snap, dict) and isinstance(snap.get("count"), int):
        snap["count"] = min(snap["count"], 48)
    plan = doc.get("planning")
    if isinstance(plan, dict) and isinstance(plan.get("typical_days"), int):
        plan["typical_days"] = min(plan["typical_days"], 1)
    if isinstance(doc.get("paths"), dict) and "tariff" in doc["paths"]:
        doc["paths"]["tariff"] = "t.toml"
    for section in doc.values():
        for table in section if isinstance(section, list) else [section]:
            if not isinstance(table, dict):
                continue
            for v in table.values():
                if isinstance(v, dict) and "file" in v:
                    v["file"] = "d.csv"
                    column = str(v.get("column", "x"))
                    v["column"] = "pv" if column.startswith("pv") else (
                        column if column in API_COLUMNS else "x")
    return doc


def put_json(target, body):
    put(target, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())


for p in tomls:
    try:
        doc = small_document(document(tomllib.loads(p.read_text(encoding="utf-8"))))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        continue  # a bad input that is not TOML: nothing to send as a document
    put_json("fuzz_api", {"document": doc})
    kinds = ["run"] + (["paths"] if "paths" in doc else []) + (["plan"] if "planning" in doc else [])
    for kind in kinds:
        put_json("fuzz_api", {"kind": kind, "scenario": "base", "solver": "ipm",
                              "time_limit_s": 60, "horizon_hours": 24, "document": doc})
put_json("fuzz_api", {"scenario": "base", "horizon_hours": 24})
put_json("fuzz_api", {"kind": "paths", "scenario": "base", "solver": "simplex"})
put_json("fuzz_api", {"kind": "plan", "scenario": "base"})
put_json("fuzz_api", {"scenario": "nope", "horizon_hours": None, "document": None})
put_json("fuzz_api", {"scenario": "base", "horizon_hours": 49})  # past its 48 snapshots
# Request heads for the access check (issue 19): a server on 127.0.0.1:8080, token t0k3n.
for head in [
        "GET /api/jobs\nHost: 127.0.0.1:8080\nAuthorization: Bearer t0k3n",
        "GET /api/jobs\nHost: evil.example:8080\nAuthorization: Bearer t0k3n",
        "GET /api/jobs\nHost: localhost:8080\nCookie: a=b; parkgrid_token_8080=t0k3n",
        "GET /?token=t0k3n\nHost: 127.0.0.1:8080",
        "GET /api/health?token=wrong\nHost: 127.0.0.1:8080",
        "POST /api/jobs\nHost: 127.0.0.1:8080\nOrigin: http://127.0.0.1:8080\nCookie: parkgrid_token_8080=t0k3n",
        "POST /api/jobs\nHost: 127.0.0.1:8080\nOrigin: http://evil.example\nX-Parkgrid-Token: t0k3n",
        "DELETE /api/jobs/x\nHost: 127.0.0.1:8080\nCookie: parkgrid_token_8080=t0k3n",
        "DELETE /api/jobs/x\nHost: [::1]:8080\nOrigin: null\nAuthorization: token t0k3n"]:
    put("fuzz_api", b"#@head\n" + head.encode())
# File references for the confinement rules: the base folder holds d.csv, links out (secret.csv,
# etc, null.csv, up), a folder sub/ and a fifo; the data root "root" (beside it) holds r.csv.
for ref in ["d.csv", "sub/s.csv", "../root/r.csv", "../root/secret.csv", "secret.csv",
            "etc/hostname", "null.csv", "up/secret.csv", "fifo.csv", "sub", "sub/", ".", "..",
            "../secret.csv", "/etc/passwd", "sub/../../secret.csv", "", "missing.csv"]:
    put("fuzz_api", b"#@ref\n" + ref.encode())

if len(sys.argv) > 3:
    with tempfile.TemporaryDirectory() as tmp:
        for p in sorted((root / "tests/cases").glob("*.toml")):
            folder = pathlib.Path(tmp) / p.stem
            r = subprocess.run([sys.argv[3], "export-pypsa", str(p), "-o", str(folder)],
                               capture_output=True)
            if r.returncode != 0:
                continue
            bundle = b"".join(b"#@file " + f.name.encode() + b"\n" + f.read_bytes()
                              for f in sorted(folder.iterdir()) if f.suffix == ".csv")
            put("fuzz_pypsa", bundle)

for t in sorted(d.name for d in out.iterdir()):
    print(t, len(list((out / t).iterdir())))
