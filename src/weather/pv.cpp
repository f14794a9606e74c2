// PV: incidence angle modifier, cell temperature, DC power, losses and inverter, per MW AC.
//
// References (see docs/weather.md for the equations):
// - W. De Soto, S. A. Klein, W. A. Beckman, "Improvement and validation of a model for
//   photovoltaic array performance", Solar Energy 80(1), 78-88 (2006): physical IAM of a glass
//   cover (n = 1.526, K = 4 /m, L = 2 mm); pvlib `iam.physical`.
// - J. A. Duffie and W. A. Beckman, Solar Engineering of Thermal Processes, 4th ed. (2013),
//   section 5.4 (after Brandemuehl and Beckman 1980): equivalent incidence angles of sky and
//   ground diffuse radiation.
// - D. L. King, W. E. Boyson, J. A. Kratochvil, "Photovoltaic Array Performance Model",
//   SAND2004-3535 (2004), eq. 11-12, with the open rack glass/glass parameters (a = -3.47,
//   b = -0.0594 s/m, dT = 3 °C) of pvlib `temperature.TEMPERATURE_MODEL_PARAMETERS['sapm']`.
// - A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641 (2014): DC model, default system
//   losses (14.08% in total), inverter model (eta_nom = 0.96, eta_ref = 0.9637); pvlib
//   `pvsystem.pvwatts_dc`, `pvsystem.pvwatts_losses`, `inverter.pvwatts`.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "parkgrid/weather.hpp"
#include "weather_internal.hpp"

namespace parkgrid::weather {

namespace detail {

void check_range(const char* field, double value, double min, double max, const char* expected) {
  if (!(value >= min && value <= max)) {
    throw WeatherInputError("parameters", 0, field, fmt::format("{}", value), expected);
  }
}

}  // namespace detail

using detail::check_range;
using detail::kRadPerDeg;

double iam_physical(double aoi_deg, const GlassCover& glass) {
  if (!(aoi_deg < 90.0)) return 0.0;  // grazing or from behind: nothing enters
  const double n = glass.refractive_index;
  const double kl = glass.extinction_per_m * glass.thickness_m;
  const double cos1 = std::max(0.0, std::cos(aoi_deg * kRadPerDeg));
  const double sin1 = std::sqrt(1.0 - cos1 * cos1);
  const double sin2 = sin1 / n;  // Snell: refraction angle in the glass
  const double cos2 = std::sqrt(1.0 - sin2 * sin2);
  const double rho_s_num = cos1 - n * cos2;
  const double rho_s_den = cos1 + n * cos2;
  const double rho_p_num = cos2 - n * cos1;
  const double rho_p_den = cos2 + n * cos1;
  const double rho_s = (rho_s_num / rho_s_den) * (rho_s_num / rho_s_den);
  const double rho_p = (rho_p_num / rho_p_den) * (rho_p_num / rho_p_den);
  const double rho_0 = ((1.0 - n) / (1.0 + n)) * ((1.0 - n) / (1.0 + n));
  const double absorb = std::exp(-kl / cos2);
  const double tau_s = (1.0 - rho_s) * absorb;
  const double tau_p = (1.0 - rho_p) * absorb;
  const double tau_0 = (1.0 - rho_0) * std::exp(-kl);
  return (tau_s + tau_p) / 2.0 / tau_0;
}

double sky_diffuse_equivalent_aoi_deg(double surface_tilt_deg) {
  const double b = surface_tilt_deg;
  return 59.7 - 0.1388 * b + 0.001497 * b * b;
}

double ground_diffuse_equivalent_aoi_deg(double surface_tilt_deg) {
  const double b = surface_tilt_deg;
  return 90.0 - 0.5788 * b + 0.002693 * b * b;
}

double sapm_cell_temperature_c(double poa_global_w_m2, double temp_air_c, double wind_speed_m_s,
                               const SapmThermal& thermal) {
  const double module_c =
      poa_global_w_m2 * std::exp(thermal.a + thermal.b * wind_speed_m_s) + temp_air_c;
  return module_c + poa_global_w_m2 / 1000.0 * thermal.delta_t_c;
}

double PvLosses::dc_total() const noexcept {
  const double kept = (1.0 - soiling) * (1.0 - shading) * (1.0 - snow) * (1.0 - mismatch) *
                      (1.0 - wiring) * (1.0 - connections) * (1.0 - light_induced_degradation) *
                      (1.0 - nameplate_rating) * (1.0 - age);
  return 1.0 - kept;
}

double PvLosses::total() const noexcept {
  return 1.0 - (1.0 - dc_total()) * (1.0 - availability);
}

double pvwatts_ac_per_unit(double dc_per_unit_ac, const Inverter& inverter) {
  if (!(dc_per_unit_ac > 0.0)) return 0.0;
  // pvlib inverter.pvwatts with pac0 = 1 (per unit AC) and pdc0 = pac0 / eta_nom.
  const double pdc0 = 1.0 / inverter.eta_nominal;
  const double zeta = dc_per_unit_ac / pdc0;
  const double eta =
      inverter.eta_nominal / inverter.eta_reference * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
  return std::clamp(eta * dc_per_unit_ac, 0.0, 1.0);
}

void validate(const PvSystem& s) {
  check_range("pv.tilt_deg", s.array.tilt_deg, 0.0, 90.0, "0..90 degrees from horizontal");
  check_range("pv.azimuth_deg", s.array.azimuth_deg, 0.0, 360.0,
              "0..360 degrees clockwise from north (180 = south)");
  check_range("pv.albedo", s.array.albedo, 0.0, 1.0, "0..1");
  check_range("pv.tracker.axis_azimuth_deg", s.array.tracker.axis_azimuth_deg, 0.0, 360.0,
              "0..360 degrees");
  check_range("pv.tracker.max_angle_deg", s.array.tracker.max_angle_deg, 0.0, 90.0,
              "0..90 degrees");
  if (!(s.array.tracker.gcr > 0.0 && s.array.tracker.gcr <= 1.0)) {
    throw WeatherInputError("parameters", 0, "pv.tracker.gcr",
                            fmt::format("{}", s.array.tracker.gcr),
                            "a ground coverage ratio in (0, 1]");
  }
  check_range("pv.dc_ac_ratio", s.dc_ac_ratio, 0.1, 5.0, "0.1..5");
  check_range("pv.gamma_pdc_per_k", s.gamma_pdc_per_k, -0.02, 0.0, "-0.02..0 per kelvin");
  check_range("pv.inverter.eta_nominal", s.inverter.eta_nominal, 0.5, 1.0, "0.5..1");
  const double losses[] = {s.losses.soiling,
                           s.losses.shading,
                           s.losses.snow,
                           s.losses.mismatch,
                           s.losses.wiring,
                           s.losses.connections,
                           s.losses.light_induced_degradation,
                           s.losses.nameplate_rating,
                           s.losses.age,
                           s.losses.availability};
  for (double l : losses) check_range("pv.losses", l, 0.0, 0.99, "each loss in 0..0.99");
}

PvSeries pv_capacity_factor(const PvSystem& system, const WeatherSeries& weather,
                            const SunSeries& sun, const ClosedIrradiance& irradiance) {
  validate(system);
  PvSeries out;
  out.poa = plane_of_array(system.array, sun, irradiance);
  const std::size_t n = weather.size();
  out.effective_irradiance_w_m2.resize(n);
  out.cell_temp_c.resize(n);
  out.dc_per_unit_ac.resize(n);
  out.capacity_factor.resize(n);

  const double dc_kept = 1.0 - system.losses.dc_total();
  const double ac_kept = 1.0 - system.losses.availability;
  // Diffuse IAMs depend on the tilt only: cache the last one (constant for fixed tilt).
  double cached_tilt = -1.0;
  double iam_sky = 0.0;
  double iam_ground = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double tilt = out.poa.surface_tilt_deg[i];
    if (tilt != cached_tilt) {
      cached_tilt = tilt;
      iam_sky = iam_physical(sky_diffuse_equivalent_aoi_deg(tilt), system.glass);
      iam_ground = iam_physical(ground_diffuse_equivalent_aoi_deg(tilt), system.glass);
    }
    const double direct = out.poa.poa_direct_w_m2[i];
    const double iam_beam = direct > 0.0 ? iam_physical(out.poa.aoi_deg[i], system.glass) : 0.0;
    const double e_eff = direct * iam_beam + out.poa.poa_sky_diffuse_w_m2[i] * iam_sky +
                         out.poa.poa_ground_diffuse_w_m2[i] * iam_ground;
    const double poa = out.poa.poa_global_w_m2[i];
    const double t_cell = sapm_cell_temperature_c(poa, weather.temp_air_c[i],
                                                  weather.wind_speed_m_s[i], system.thermal);
    const double dc = std::max(0.0, system.dc_ac_ratio * e_eff / 1000.0 *
                                        (1.0 + system.gamma_pdc_per_k * (t_cell - 25.0)) * dc_kept);
    out.effective_irradiance_w_m2[i] = e_eff;
    out.cell_temp_c[i] = t_cell;
    out.dc_per_unit_ac[i] = dc;
    out.capacity_factor[i] = pvwatts_ac_per_unit(dc, system.inverter) * ac_kept;
  }
  return out;
}

}  // namespace parkgrid::weather
