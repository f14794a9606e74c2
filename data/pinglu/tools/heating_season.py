"""Writes data/pinglu/series/heating_season.csv: the CHP must-run share of Muguajie unit 1 for each
hour of the 2025 design year, 0.40 from 15 Nov to 15 Mar (Shanxi's heating season), else 0
(SOURCES.md A48). Run: python3 data/pinglu/tools/heating_season.py"""

import datetime as dt
import pathlib

MUST_RUN_PU = 0.4  # A47: the unit's minimum stable load
out = pathlib.Path(__file__).resolve().parent.parent / "series" / "heating_season.csv"
rows = ["snapshot,chp_must_run_pu"]
start = dt.datetime(2025, 1, 1)
for h in range(8760):
    t = start + dt.timedelta(hours=h)
    heating = (t.month, t.day) >= (11, 15) or (t.month, t.day) < (3, 16)
    rows.append(f"{t:%Y-%m-%dT%H:%M},{MUST_RUN_PU if heating else 0}")
out.write_text("\n".join(rows) + "\n")
