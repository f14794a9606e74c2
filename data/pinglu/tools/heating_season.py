"""Writes data/pinglu/series/heating_season.csv for each hour of the 2025 design year:
- chp_must_run_pu: the CHP must-run share of Muguajie unit 1, 0.40 from 15 Nov to 15 Mar
  (Shanxi's heating season), else 0 (SOURCES.md A48);
- space_heating_pu: the space-heating load as a share of its design load, by degree-hours,
  max(0, 18 - T) / (18 - (-20.9)) from 1 Nov to 31 Mar, else 0, with T the dry-bulb air
  temperature of the Datong CSWD typical year (W01) and -20.9 C its ASHRAE 2009 heating design
  temperature (99.6 %, in the same file's DESIGN CONDITIONS) (SOURCES.md A61);
- park_space_heating_mw: the park's space heating, 4.8 MW_th at the design temperature (A61)
  x space_heating_pu.
Run: python3 data/pinglu/tools/heating_season.py"""

import datetime as dt
import pathlib

MUST_RUN_PU = 0.4  # A47: the unit's minimum stable load
INDOOR_C = 18.0  # A61: heating base temperature
DESIGN_C = -20.9  # A61: Datong heating design temperature (ASHRAE 2009, 99.6 %)
PARK_DESIGN_MW = 4.8  # A61: 80,000 m2 of factory buildings (SEED000) x 60 W/m2
# The weather file: beside this data folder in the repository, or under the working folder (a
# copy of tools/ run elsewhere, as tests/python/test_sources.py does, from the repository root).
name = pathlib.Path("data") / "weather" / "CHN_Shanxi.Datong.534870_CSWD.epw"
here = pathlib.Path(__file__).resolve()
epw = next(p for p in (here.parents[3] / name, pathlib.Path.cwd() / name, pathlib.Path(name))
           if p.is_file())
air_c = [float(line.split(",")[6]) for line in epw.read_text().splitlines()[8:] if line.strip()]
assert len(air_c) == 8760, len(air_c)
out = pathlib.Path(__file__).resolve().parent.parent / "series" / "heating_season.csv"
rows = ["snapshot,chp_must_run_pu,space_heating_pu,park_space_heating_mw"]
start = dt.datetime(2025, 1, 1)
for h in range(8760):
    t = start + dt.timedelta(hours=h)
    heating = (t.month, t.day) >= (11, 15) or (t.month, t.day) < (3, 16)
    season = t.month >= 11 or t.month <= 3
    shape = max(0.0, INDOOR_C - air_c[h]) / (INDOOR_C - DESIGN_C) if season else 0.0
    rows.append(f"{t:%Y-%m-%dT%H:%M},{MUST_RUN_PU if heating else 0},{shape:.6f},"
                f"{PARK_DESIGN_MW * shape:.6f}")
out.write_text("\n".join(rows) + "\n")
