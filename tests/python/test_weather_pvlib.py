"""Cross-check of parkgrid's weather-to-power chain (src/weather) against pvlib 0.16.1.

The C++ side is the small tool ``weather_dump`` (tests/weather/weather_dump.cpp), which prints
every hourly intermediate for one weather file. The Python side rebuilds the same chain from the
same EPW file with pvlib's own functions, using the same conventions (docs/weather.md):

- EPW hour h covers h-1..h local standard time (UTC+8); the sun position of an hour is the one
  at its middle (pvlib.iotools.read_epw labels the hour by its start: we add 30 minutes);
- SPA refraction with the file's mean pressure and temperature; Delta T from pvlib's polynomial;
- closure of the CSWD split: GHI and DHI kept, DNI = (GHI - DHI) / cos(apparent zenith), 0 at or
  beyond 88 degrees, capped at the extraterrestrial DNI (1366.1 W/m2 / R^2, pvlib 'nrel' method);
- Perez 1990 ('allsitescomposite1990') sky diffuse with Kasten-Young relative air mass, isotropic
  ground reflection (albedo 0.2); hours whose mid-point has the sun below the horizon but light in
  the hour use the isotropic sky (pvlib returns 0 or NaN there) and a flat-stowed tracker;
- single-axis tracker as pvlib.tracking.singleaxis (N-S axis, 60 degrees, backtracking, GCR 0.35).

Run: /work/main/.venv/bin/python -m pytest tests/python -s   (-s shows the difference report).
The tool is looked up as $PARKGRID_WEATHER_DUMP, else $PARKGRID_BUILD_DIR/tests/weather/weather_dump
(PARKGRID_BUILD_DIR defaults to build/ at the repository root). A missing tool is a failure.
"""

from __future__ import annotations

import io
import os
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

import pvlib

REPO = pathlib.Path(__file__).resolve().parents[2]

TILT_DEG = 35.0
AZIMUTH_DEG = 180.0
ALBEDO = 0.2
MAX_ANGLE_DEG = 60.0
GCR = 0.35
DC_AC_RATIO = 1.2
GAMMA_PDC = -0.0035
ETA_INV_NOM = 0.96
SOLAR_CONSTANT = 1366.1


def _data_dir() -> pathlib.Path:
    env = os.environ.get("PARKGRID_WEATHER_DATA_DIR")
    return pathlib.Path(env) if env else REPO / "data" / "weather"


def _dump_exe() -> pathlib.Path:
    env = os.environ.get("PARKGRID_WEATHER_DUMP")
    if env:
        exe = pathlib.Path(env)
    else:
        build = pathlib.Path(os.environ.get("PARKGRID_BUILD_DIR", REPO / "build"))
        if not build.is_absolute():
            build = REPO / build
        exe = build / "tests" / "weather" / "weather_dump"
    if not exe.is_file() or not os.access(exe, os.X_OK):
        pytest.fail(
            f"weather_dump not found at {exe}: build it first "
            "(make build, or cmake --build build --target weather_dump), "
            "or point PARKGRID_BUILD_DIR / PARKGRID_WEATHER_DUMP at it",
            pytrace=False,
        )
    return exe


EPW_NAME = "CHN_Shanxi.Datong.534870_CSWD.epw"


@pytest.fixture(scope="module")
def epw_path() -> pathlib.Path:
    path = _data_dir() / EPW_NAME
    if not path.is_file():
        pytest.fail(f"weather file not found: {path} (set PARKGRID_WEATHER_DATA_DIR)", pytrace=False)
    return path


@pytest.fixture(scope="module")
def dump(epw_path) -> pd.DataFrame:
    exe = _dump_exe()
    args = [str(exe), str(epw_path), "--tilt-deg", str(TILT_DEG), "--azimuth-deg", str(AZIMUTH_DEG),
            "--albedo", str(ALBEDO), "--max-angle-deg", str(MAX_ANGLE_DEG), "--gcr", str(GCR)]
    run = subprocess.run(args, capture_output=True, text=True, check=False)
    assert run.returncode == 0, f"weather_dump failed ({run.returncode}): {run.stderr}"
    return pd.read_csv(io.StringIO(run.stdout))


@pytest.fixture(scope="module")
def reference(epw_path, dump) -> pd.DataFrame:
    """The same chain, computed with pvlib."""
    data, meta = pvlib.iotools.read_epw(epw_path)
    assert len(data) == len(dump) == 8760
    times = data.index + pd.Timedelta(minutes=30)  # middle of each hour (index = hour start)
    lat, lon, elev = meta["latitude"], meta["longitude"], meta["altitude"]
    pressure_pa = float(data["atmospheric_pressure"].mean())
    temperature_c = float(data["temp_air"].mean())

    utc = times.tz_convert("UTC")
    delta_t = pvlib.spa.calculate_deltat(utc.year.values, utc.month.values)
    sp = pvlib.solarposition.get_solarposition(
        times, lat, lon, altitude=elev, pressure=pressure_pa, method="nrel_numpy",
        temperature=temperature_c, delta_t=delta_t)
    z = sp["apparent_zenith"].to_numpy()
    az = sp["azimuth"].to_numpy()
    dni_extra = pvlib.irradiance.get_extra_radiation(
        times, method="nrel", solar_constant=SOLAR_CONSTANT, delta_t=delta_t).to_numpy()

    # Closure: keep GHI and DHI, recompute DNI (docs/weather.md, "Closure").
    ghi = data["ghi"].to_numpy(dtype=float)
    dhi_file = data["dhi"].to_numpy(dtype=float)
    cosz = np.cos(np.radians(z))
    sun_ok = (ghi > 0) & (z < 88.0)
    dhi = np.where(ghi > 0, np.where(sun_ok, np.minimum(dhi_file, ghi), ghi), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dni = np.where(sun_ok, (ghi - dhi) / cosz, 0.0)
    over = dni > dni_extra
    dni = np.where(over, dni_extra, dni)
    dhi = np.where(over, ghi - dni * cosz, dhi)

    airmass = pvlib.atmosphere.get_relative_airmass(z, model="kastenyoung1989")
    night = z >= 90.0

    def poa(tilt, surface_az):
        irr = pvlib.irradiance.get_total_irradiance(
            tilt, surface_az, z, az, dni, ghi, dhi, dni_extra=dni_extra, airmass=airmass,
            albedo=ALBEDO, model="perez", model_perez="allsitescomposite1990")
        direct = np.nan_to_num(np.asarray(irr["poa_direct"], dtype=float))
        sky = np.nan_to_num(np.asarray(irr["poa_sky_diffuse"], dtype=float))
        ground = np.asarray(irr["poa_ground_diffuse"], dtype=float)
        tilt_arr = np.broadcast_to(np.asarray(tilt, dtype=float), z.shape)
        sky = np.where(night, dhi * 0.5 * (1 + np.cos(np.radians(tilt_arr))), sky)
        direct = np.where(night, 0.0, direct)
        aoi = pvlib.irradiance.aoi(tilt, surface_az, z, az)
        aoi = np.where(night, 90.0, aoi)
        return direct, sky, ground, aoi, tilt_arr

    out = pd.DataFrame(index=data.index)
    out["apparent_zenith_deg"] = z
    out["zenith_deg"] = sp["zenith"].to_numpy()
    out["azimuth_deg"] = az
    out["dni_extra_w_m2"] = dni_extra
    out["ghi_w_m2"], out["dni_w_m2"], out["dhi_w_m2"] = ghi, dni, dhi
    out["temp_air_c"] = data["temp_air"].to_numpy(dtype=float)
    out["wind_speed_m_s"] = data["wind_speed"].to_numpy(dtype=float)

    trk = pvlib.tracking.singleaxis(z, az, axis_tilt=0, axis_azimuth=180, max_angle=MAX_ANGLE_DEG,
                                    backtrack=True, gcr=GCR)
    trk_tilt = np.nan_to_num(np.asarray(trk["surface_tilt"], dtype=float), nan=0.0)
    trk_az = np.where(np.isnan(trk["surface_azimuth"]), 90.0, trk["surface_azimuth"])
    out["tracker_rotation_deg"] = np.nan_to_num(np.asarray(trk["tracker_theta"], dtype=float))
    out["tracker_surface_tilt_deg"] = trk_tilt
    out["tracker_surface_azimuth_deg"] = trk_az

    params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_glass"]
    dc_losses = pvlib.pvsystem.pvwatts_losses(availability=0) / 100.0
    availability = 0.03
    for name, (tilt, surface_az) in {"fixed": (TILT_DEG, AZIMUTH_DEG),
                                     "tracker": (trk_tilt, trk_az)}.items():
        direct, sky, ground, aoi, tilt_arr = poa(tilt, surface_az)
        out[f"{name}_poa_direct_w_m2"] = direct
        out[f"{name}_poa_sky_diffuse_w_m2"] = sky
        out[f"{name}_poa_ground_diffuse_w_m2"] = ground
        out[f"{name}_poa_global_w_m2"] = direct + sky + ground
        out[f"{name}_aoi_deg"] = aoi
        # Incidence-angle losses: physical IAM (De Soto 2006) on the beam at its AOI, and on sky and
        # ground diffuse at the Brandemuehl-Beckman equivalent angles (Duffie & Beckman eq. 5.4.2).
        theta_sky = 59.7 - 0.1388 * tilt_arr + 0.001497 * tilt_arr**2
        theta_ground = 90.0 - 0.5788 * tilt_arr + 0.002693 * tilt_arr**2
        e_eff = (direct * np.where(direct > 0, pvlib.iam.physical(aoi), 0.0)
                 + sky * pvlib.iam.physical(theta_sky) + ground * pvlib.iam.physical(theta_ground))
        t_cell = pvlib.temperature.sapm_cell(direct + sky + ground, out["temp_air_c"].to_numpy(),
                                             out["wind_speed_m_s"].to_numpy(), **params)
        pdc = pvlib.pvsystem.pvwatts_dc(e_eff, t_cell, DC_AC_RATIO, GAMMA_PDC) * (1 - dc_losses)
        pac = pvlib.inverter.pvwatts(pdc, 1.0 / ETA_INV_NOM, eta_inv_nom=ETA_INV_NOM)
        out[f"{name}_effective_w_m2"] = e_eff
        out[f"{name}_cell_temp_c"] = t_cell
        out[f"{name}_cf"] = np.asarray(pac) * (1 - availability)
    out.attrs["pressure_hpa"] = pressure_pa / 100.0
    out.attrs["temperature_c"] = temperature_c
    return out


def _report(title: str, lines: list[str]) -> None:
    print(f"\n[pvlib cross-check] {title}")
    for line in lines:
        print(f"  {line}")


def test_inputs_and_hours_align(dump, reference):
    assert (dump["ghi_w_m2"].to_numpy() == reference["ghi_w_m2"].to_numpy()).all()
    assert (dump["temp_air_c"].to_numpy() == reference["temp_air_c"].to_numpy()).all()
    assert (dump["wind_speed_m_s"].to_numpy() == reference["wind_speed_m_s"].to_numpy()).all()
    assert dump["spa_pressure_hpa"].iloc[0] == pytest.approx(reference.attrs["pressure_hpa"], rel=1e-9)
    assert dump["spa_temperature_c"].iloc[0] == pytest.approx(reference.attrs["temperature_c"], rel=1e-9)


def test_solar_position_matches_nrel_spa(dump, reference):
    up = reference["apparent_zenith_deg"].to_numpy() < 90.0
    dz = np.abs(dump["apparent_zenith_deg"].to_numpy() - reference["apparent_zenith_deg"].to_numpy())[up]
    dz_true = np.abs(dump["zenith_deg"].to_numpy() - reference["zenith_deg"].to_numpy())[up]
    daz = np.abs((dump["azimuth_deg"].to_numpy() - reference["azimuth_deg"].to_numpy() + 180.0) % 360.0
                 - 180.0)[up]
    dext = np.abs(dump["dni_extra_w_m2"].to_numpy() - reference["dni_extra_w_m2"].to_numpy())
    _report("solar position (sun up at mid-hour, %d hours)" % up.sum(), [
        f"max |d apparent zenith| = {dz.max():.2e} deg",
        f"max |d zenith|          = {dz_true.max():.2e} deg",
        f"max |d azimuth|         = {daz.max():.2e} deg",
        f"max |d DNI_extra|       = {dext.max():.2e} W/m2",
    ])
    assert dz.max() < 0.01
    assert dz_true.max() < 0.01
    assert daz.max() < 0.01
    assert dext.max() < 0.01


def test_closure_matches(dump, reference):
    for col in ("dni_w_m2", "dhi_w_m2"):
        diff = np.abs(dump[col].to_numpy() - reference[col].to_numpy())
        assert diff.max() < 0.5, f"{col}: max hourly difference {diff.max():.3g} W/m2"


@pytest.mark.parametrize("name", ["fixed", "tracker"])
def test_plane_of_array_annual_energy_within_1_percent(dump, reference, name):
    lines = []
    for part in ("global", "direct", "sky_diffuse", "ground_diffuse"):
        col = f"{name}_poa_{part}_w_m2"
        ours = dump[col].sum() / 1000.0
        ref = reference[col].sum() / 1000.0
        hourly = np.abs(dump[col].to_numpy() - reference[col].to_numpy()).max()
        rel = (ours - ref) / ref if ref else 0.0
        lines.append(f"{col}: parkgrid {ours:9.3f} kWh/m2, pvlib {ref:9.3f} kWh/m2, "
                     f"diff {rel:+.2e}, max hourly |diff| {hourly:.2e} W/m2")
        if part == "global":
            assert abs(rel) < 0.01
            assert hourly < 1.0
    if name == "tracker":
        d = np.abs(dump["tracker_rotation_deg"].to_numpy() - reference["tracker_rotation_deg"].to_numpy())
        lines.append(f"max |d tracker rotation| = {d.max():.2e} deg")
        assert d.max() < 0.01
    _report(f"plane of array, {name}", lines)


@pytest.mark.parametrize("name", ["fixed", "tracker"])
def test_pv_chain_full_load_hours_within_1_percent(dump, reference, name):
    ours = dump[f"{name}_cf"].sum()
    ref = reference[f"{name}_cf"].sum()
    t_diff = np.abs(dump[f"{name}_cell_temp_c"].to_numpy() - reference[f"{name}_cell_temp_c"].to_numpy())
    e_diff = np.abs(dump[f"{name}_effective_w_m2"].to_numpy() - reference[f"{name}_effective_w_m2"].to_numpy())
    _report(f"PV chain, {name}", [
        f"full-load hours: parkgrid {ours:.2f} h, pvlib {ref:.2f} h, diff {(ours - ref) / ref:+.2e}",
        f"max |d effective irradiance| = {e_diff.max():.2e} W/m2, max |d cell temperature| = "
        f"{t_diff.max():.2e} K",
    ])
    assert abs(ours - ref) / ref < 0.01
    assert float(dump[f"{name}_cf"].max()) <= 1.0


def test_wind_chain_against_numpy(dump, reference):
    """No wind model in pvlib: recompute the documented wind chain with numpy, from the published
    E-141/4200 table (windpowerlib OEDB library), as an independent check of the C++ code."""
    speeds = np.arange(1.0, 26.0)
    power = np.array([0, 22, 104, 260, 523, 920, 1471, 2151, 2867, 3481, 3903, 4119, 4196]
                     + [4200] * 12, dtype=float)
    v_hub = reference["wind_speed_m_s"].to_numpy() * (100.0 / 10.0) ** (1.0 / 7.0)
    data, meta = pvlib.iotools.read_epw(_data_dir() / EPW_NAME)
    t_c = data["temp_air"].to_numpy(dtype=float)
    p_pa = data["atmospheric_pressure"].to_numpy(dtype=float)
    dz = 100.0  # site = station elevation by default: hub height above the station
    g, r_d, lapse = 9.80665, 287.058, 0.0065
    p_hub = p_pa * ((t_c + 273.15 - lapse * dz) / (t_c + 273.15)) ** (g / (r_d * lapse))
    rho = p_hub / (r_d * (t_c + 273.15 - lapse * dz))
    v_n = v_hub * (rho / 1.225) ** (1.0 / 3.0)
    cf = np.interp(v_n, speeds, power, left=0.0, right=0.0) / 4200.0 * (1 - 0.07) * (1 - 0.03)
    _report("wind chain (E-141/4200, 100 m, shear 1/7)", [
        f"mean wind 10 m {reference['wind_speed_m_s'].mean():.3f} m/s, hub {v_hub.mean():.3f} m/s",
        f"full-load hours: parkgrid {dump['wind_cf'].sum():.1f} h, numpy {cf.sum():.1f} h",
    ])
    assert np.abs(dump["wind_hub_m_s"].to_numpy() - v_hub).max() < 1e-6
    assert np.abs(dump["air_density_kg_m3"].to_numpy() - rho).max() < 1e-6
    assert np.abs(dump["wind_cf"].to_numpy() - cf).max() < 1e-6
