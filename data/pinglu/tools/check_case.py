#!/usr/bin/env python3
"""Consistency check of the Pinglu default case (stdlib only, Python >= 3.11).

Recomputes every derived number of data/pinglu/projects.toml (annual MWh, average and peak MW,
route options) and checks that the [[projects]] of data/pinglu/scenario.toml carry the same
stage, start year and ramp-up, and a demand at full output of average_load_mw x daily shape
(parkgrid applies the ramp-up share of each year). The polysilicon plant's process steam is a
project of its own on the steam bus, dongli_polysilicon_steam (SOURCES.md A65), with the heat of
the route (heat_mwth_average) and the plant's stage and ramp-up. It also (re)writes
scenario_granular.toml, the same case with polysilicon_route = "granular".

    python3 data/pinglu/tools/check_case.py            # check only, exit 1 on a mismatch
    python3 data/pinglu/tools/check_case.py --write    # also rewrite scenario_granular.toml
"""
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
STEAM = "dongli_polysilicon_steam"  # the polysilicon plant's process steam (SOURCES.md A65)
H = 8760.0
errors: list[str] = []


def close(a: float, b: float, rel: float = 2e-3, abs_: float = 2e-3) -> bool:
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def expect(what: str, got: float, want: float) -> None:
    if not close(got, want):
        errors.append(f"{what}: file has {got}, recomputed {want:.4f}")


def share(p: dict, year: int) -> float:
    i = year - p["start_year"]
    if i < 0:
        return 0.0
    r = p["ramp_up"]
    return r[i] if i < len(r) else 1.0


def annual(p: dict, route: dict | None = None) -> float:
    name = p["name"]
    if name == "sany_ingots_ph1":
        return p["capacity"] * 1e6 * p["ingot_mass_g_per_w"] / 1e6 * p["specific_electricity"]  # kg x kWh/kg -> kWh; /1e3 -> MWh
    if name == "lijing_sic":
        return p["capacity"] * p["furnace_power_kw"] * p["auxiliary_factor"] * p["time_in_growth"] * H / 1000.0
    if name == "dongli_polysilicon":
        spec = (route or p)["specific_electricity"]
        return p["capacity"] * 1e6 * spec / 1000.0  # kt -> kg; kWh -> MWh
    if name == "green_h2_trucks":
        kg = p["trucks"] * p["km_per_truck_year"] * p["h2_kg_per_100km"] / 100.0
        expect(f"{name}.capacity (t/yr)", p["capacity"], kg / 1000.0)
        expect(f"{name}.hydrogen_mw_lhv", p["hydrogen_mw_lhv"], kg * 33.3 / 1000.0 / H)
        return kg * p["specific_electricity"] / 1000.0
    return p["capacity"] * p["specific_electricity"]  # MW x MWh/MW


def main() -> int:
    proj = tomllib.loads((HERE / "projects.toml").read_text(encoding="utf-8"))
    scen_text = (HERE / "scenario.toml").read_text(encoding="utf-8")
    scen = tomllib.loads(scen_text)
    year = proj["scenario_year"]
    shapes = proj["load_shapes"]
    for name, s in shapes.items():
        expect(f"load_shapes.{name} mean", sum(s) / len(s), 1.0)
        if len(s) != 24:
            errors.append(f"load_shapes.{name} has {len(s)} values")

    # The scenario's [[projects]]: full-output demand, stage, start and ramp-up of each project.
    loads = {l["name"]: l for l in scen.get("projects", [])}
    loads["green_h2_trucks"] = loads.get("h2_trucks")
    total = {"2025": 0.0, "full": 0.0}
    print(f"{'project':24s} {'GWh/yr full':>12s} {'avg MW full':>12s} {'share':>6s} {'MW ' + str(year):>9s}")
    for p in proj["projects"]:
        name = p["name"]
        a = annual(p)
        expect(f"{name}.annual_electricity_mwh", p["annual_electricity_mwh"], a)
        expect(f"{name}.average_load_mw", p["average_load_mw"], a / H)
        if p["load_shape"] in shapes:
            peak = max(shapes[p["load_shape"]]) * a / H
            if p["load_shape"] == "flat_continuous":
                peak *= 1.08
                if name == "lijing_sic":
                    peak = p["capacity"] * p["furnace_power_kw"] * p["auxiliary_factor"] / 1000.0
            expect(f"{name}.peak_load_mw", p["peak_load_mw"], peak)
        for rname, r in p.get("route_options", {}).items():
            ra = annual(p, r)
            expect(f"{name}.{rname}.annual_electricity_mwh", r["annual_electricity_mwh"], ra)
            expect(f"{name}.{rname}.average_load_mw", r["average_load_mw"], ra / H)
            expect(f"{name}.{rname}.peak_load_mw", r["peak_load_mw"], ra / H * 1.08)
        if name == "dongli_polysilicon":
            d = p["route_options"][proj["polysilicon_route"]]
            expect(f"{name} top-level = route {proj['polysilicon_route']}", p["annual_electricity_mwh"], d["annual_electricity_mwh"])
            expect(f"{name} top-level heat = route {proj['polysilicon_route']}", p["heat_mwth_average"],
                   d["heat_mwth_average"])
            for rname, r in p["route_options"].items():
                expect(f"{name}.{rname}.heat_mwth_average", r["heat_mwth_average"],
                       p["capacity"] * 1e3 * r["steam_t_per_t_si"] * 2.5e9 / (H * 3600) / 1e6)
            # the process steam: its own project on the steam bus, same stage and ramp-up (A65)
            st = loads.get(STEAM)
            if st is None:
                errors.append(f"scenario lacks the [[projects]] entry {STEAM}")
            else:
                for key in ("stage", "start_year", "ramp_up"):
                    if st.get(key) != p[key]:
                        errors.append(f"{STEAM}.{key}: scenario {st.get(key)!r} != projects.toml {p[key]!r}")
                if st.get("bus") != "park_steam":
                    errors.append(f"{STEAM}.bus: scenario {st.get('bus')!r} != 'park_steam'")
                expect(f"scenario project {STEAM} demand_mw", st["demand_mw"], p["heat_mwth_average"])
        s = share(p, year)
        mw = p["average_load_mw"] * s
        total["2025"] += mw if p["load_shape"] != "flexible" else 0.0
        total["full"] += p["average_load_mw"] if p["load_shape"] != "flexible" else 0.0
        print(f"{name:24s} {p['annual_electricity_mwh']/1e3:12.1f} {p['average_load_mw']:12.3f} {s:6.2f} {mw:9.3f}")
        # the scenario's project for this one, at full output
        l = loads.get(name)
        if l is None:
            errors.append(f"scenario lacks a [[projects]] entry for {name}")
            continue
        for key in ("stage", "start_year", "ramp_up"):
            if l.get(key) != p[key]:
                errors.append(f"{name}.{key}: scenario {l.get(key)!r} != projects.toml {p[key]!r}")
        d = l["demand_mw"]
        if p["load_shape"] == "flexible":
            expect(f"{name} demand_mw (H2 LHV)", d, p["hydrogen_mw_lhv"])
        elif isinstance(d, dict):
            want = [v * p["average_load_mw"] for v in shapes[p["load_shape"]]]
            got = d["daily"]
            if len(got) != 24 or not all(close(x, y) for x, y in zip(got, want)):
                errors.append(f"{name}: daily demand {got} != {[round(w, 3) for w in want]}")
        else:
            expect(f"scenario project {name} demand_mw", d, p["average_load_mw"])
    print(f"{'total (excl. electrolysis)':24s} {'':12s} {total['full']:12.3f} {'':6s} {total['2025']:9.3f}")

    # grid buy price: the Shanxi tariff files in force by date (T01, T02; since issue 15 instead
    # of the daily series D01), and the export price series of A58 (tools/spot_shape.py)
    gc = scen["grid_connections"][0]
    want_files = ["../tariffs/shanxi_large_industry_2025.toml", "../tariffs/shanxi_large_industry_2026.toml"]
    if gc.get("tariff_files") != want_files or gc.get("tariff_voltage") != "220kv":
        errors.append(f"grid tariff_files {gc.get('tariff_files')!r} / {gc.get('tariff_voltage')!r} != {want_files!r} / '220kv'")
    import subprocess
    if subprocess.run([sys.executable, str(HERE / "tools" / "spot_shape.py"), "--check"]).returncode != 0:
        errors.append("series/shanxi_spot_2024.csv is not what tools/spot_shape.py writes")

    if "--write" in sys.argv:
        p = next(x for x in proj["projects"] if x["name"] == "dongli_polysilicon")
        g = p["route_options"]["granular"]["average_load_mw"]
        text, n = re.subn(r'(name = "dongli_polysilicon"\n(?:[^\n]*\n)*?demand_mw = )[0-9.]+(\s*#[^\n]*)',
                          lambda m: f"{m.group(1)}{g:.3f}  # P07 granular route (S04): 0.2 Mt x 14.8 kWh/kg / 8760 h",
                          scen_text, count=1)
        gh = p["route_options"]["granular"]["heat_mwth_average"]
        text, m = re.subn(rf'(name = "{STEAM}"\n(?:[^\n]*\n)*?demand_mw = )[0-9.]+(\s*#[^\n]*)',
                          lambda x: f"{x.group(1)}{gh:.3f}  # P07 granular route (S04, A36): 15.3 t/t x 2.5 GJ/t x 0.2 Mt / 8760 h, MW_th",
                          text, count=1)
        if n != 1 or m != 1:
            errors.append("could not find the dongli_polysilicon load or its steam in scenario.toml")
        else:
            text = text.replace("# P07: the process steam of the polysilicon plant, route modified Siemens (A65, S46)",
                                "# P07: the process steam of the polysilicon plant, route granular FBR (S04, A36)", 1)
            text = text.replace('name = "pinglu_2025"', 'name = "pinglu_2025_granular"', 1)
            text = text.replace("route modified Siemens (A07, A08)", "route granular FBR (S04, A08)", 1)
            text = text.replace("Route option: modified Siemens polysilicon.",
                                "Route option: granular (FBR) polysilicon.", 1)
            text = text.replace("polysilicon_route = modified_siemens (default)",
                                "polysilicon_route = granular (variant written by tools/check_case.py --write)", 1)
            (HERE / "scenario_granular.toml").write_text(text, encoding="utf-8")
            print("wrote scenario_granular.toml")

    for e in errors:
        print("MISMATCH:", e)
    print("ok" if not errors else f"{len(errors)} mismatch(es)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
