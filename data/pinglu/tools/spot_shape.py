#!/usr/bin/env python3
"""Writes data/pinglu/series/shanxi_spot_2024.csv: the hourly export price of the Pinglu case.

The Shanxi spot market's shape by month and hour, built from the few published figures found
(data/pinglu/SOURCES.md S44, A58):
  - level: the 2024 Shanxi day-ahead average, 314 CNY/MWh (S44);
  - shape: the ratios of the 2026 time-of-use rule 晋发改商品发〔2026〕15号 (valley 0.45, flat 1,
    peak 1.6, critical peak 1.92) in its seasons and hours, which Shanxi drew from the spot
    market's daily pattern (the valley moved to midday); read from
    data/tariffs/shanxi_large_industry_2026.toml (A58);
  - one scale for the whole year, so that the time-weighted mean is 314 CNY/MWh.
Hours of the typical year 2025 (8,760), hour h = h:00-h+1:00 China Standard Time.

    python3 data/pinglu/tools/spot_shape.py          # writes the file
    python3 data/pinglu/tools/spot_shape.py --check  # exits 1 if the file differs
"""
import datetime as dt
import pathlib
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
TARIFF = HERE.parent.parent / "tariffs" / "shanxi_large_industry_2026.toml"
OUT = HERE.parent / "series" / "shanxi_spot_2024.csv"
LEVEL_CNY_PER_MWH = 314.0  # S44: Shanxi day-ahead average 2024


def hours_of(ranges):
    out = []
    for r in ranges:
        a, b = r.split("-")
        out.extend(range(int(a[:2]), int(b[:2])))
    return out


def build():
    t = tomllib.loads(TARIFF.read_text())
    ratio = {p["name"]: p["ratio"] for p in t["periods"]}
    table = {}  # month -> [ratio per hour]
    for s in t["seasons"]:
        hours = [None] * 24
        for period, ranges in s["hours"].items():
            for h in hours_of(ranges):
                hours[h] = ratio[period]
        assert None not in hours, s["name"]
        for m in s["months"]:
            table[m] = hours
    start = dt.datetime(2025, 1, 1)
    stamps = [start + dt.timedelta(hours=i) for i in range(8760)]
    shape = [table[s.month][s.hour] for s in stamps]
    scale = LEVEL_CNY_PER_MWH * len(shape) / sum(shape)
    lines = ["snapshot,spot_cny_per_mwh"]
    lines += [f"{s:%Y-%m-%dT%H:%M},{r * scale:.1f}" for s, r in zip(stamps, shape)]
    return "\n".join(lines) + "\n", scale


def main():
    text, scale = build()
    if "--check" in sys.argv:
        same = OUT.exists() and OUT.read_text() == text
        print("up to date" if same else f"{OUT} differs: run without --check")
        return 0 if same else 1
    OUT.write_text(text)
    values = [float(x.split(",")[1]) for x in text.splitlines()[1:]]
    print(f"wrote {OUT}: scale {scale:.2f} CNY/MWh per unit ratio, "
          f"min {min(values):.1f}, mean {sum(values) / len(values):.1f}, max {max(values):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
