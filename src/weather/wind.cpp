// Wind: power curves, shear law, air density, and the hourly capacity factor of a wind farm.
//
// References (see docs/weather.md):
// - Power curves copied from public tables (each curve's `source` string says exactly where):
//   windpowerlib's OEDB turbine library (wind-python/windpowerlib,
//   windpowerlib/data/oedb_power_curves.csv) and NREL's turbine-models repository
//   (NREL/turbine-models, turbine_models/data/Onshore/*.csv).
// - Interpolation as windpowerlib.power_curve.power_curve: numpy.interp with left = right = 0.
// - Density normalisation of the wind speed for pitch-regulated turbines, as IEC 61400-12-1
//   normalises measured power curves: V_n = V (rho / rho_0)^(1/3), rho_0 = 1.225 kg/m³.
// - ISA troposphere (ISO 2533:1975 / ICAO): T = T0 - L h, p = p0 (T / T0)^(g / (R_d L)).
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "parkgrid/weather.hpp"
#include "weather_internal.hpp"

namespace parkgrid::weather {

namespace {

constexpr double kGravity = 9.80665;            // m/s²
constexpr double kGasConstantDryAir = 287.058;  // J/(kg K)
constexpr double kIsaSeaLevelPressurePa = 101325.0;
constexpr double kIsaSeaLevelTempK = 288.15;
constexpr double kZeroCelsiusK = 273.15;

struct BuiltinCurve {
  std::string_view name;
  double rated_power_kw;
  std::vector<double> speed;
  std::vector<double> power;
  std::string_view source;
};

// E-141/4200 row of windpowerlib/data/oedb_power_curves.csv (OEDB turbine library; windpowerlib
// commit 1cf7f65cda1e701c78f108da2283b28a24486b22): values in kW at 1..25 m/s, standard density.
// The OEDB metadata cites ENERCON's product overview (04/2017) as the origin.
BuiltinCurve enercon_e141() {
  return {
      "E-141/4200",
      4200.0,
      {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
      {0,    22,   104,  260,  523,  920,  1471, 2151, 2867, 3481, 3903, 4119, 4196,
       4200, 4200, 4200, 4200, 4200, 4200, 4200, 4200, 4200, 4200, 4200, 4200},
      "ENERCON E-141 EP4, 4.2 MW, 141 m rotor: windpowerlib OEDB turbine library "
      "(wind-python/windpowerlib windpowerlib/data/oedb_power_curves.csv, row E-141/4200)"};
}

// V126/3450 row of the same file: 0..22.5 m/s in 0.5 m/s steps.
BuiltinCurve vestas_v126() {
  std::vector<double> speed;
  for (int k = 0; k <= 45; ++k) speed.push_back(0.5 * k);
  return {"V126/3450",
          3450.0,
          speed,
          {0,    0,    0,    0,    0,    0,    35,   101,  184,  283,  404,  550,
           725,  932,  1172, 1446, 1760, 2104, 2482, 2865, 3187, 3366, 3433, 3448,
           3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450,
           3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450, 3450},
          "Vestas V126-3.45 MW, 126 m rotor: windpowerlib OEDB turbine library "
          "(wind-python/windpowerlib windpowerlib/data/oedb_power_curves.csv, row V126/3450)"};
}

// NREL/turbine-models turbine_models/data/Onshore/2020ATB_NREL_Reference_4MW_150.csv (commit
// d3ef15c59311ae4a71f4843b8723bd5e29d57498): 3..24.75 m/s in 0.25 m/s steps, then 25 and 30 m/s
// at 0 kW (cut-out).
BuiltinCurve nrel_atb_4mw() {
  std::vector<double> speed;
  for (int k = 0; k <= 87; ++k) speed.push_back(3.0 + 0.25 * k);
  speed.push_back(25.0);
  speed.push_back(30.0);
  std::vector<double> power{0,    94,   132,  175,  225,  281,  344,  415,  494,
                            581,  676,  781,  895,  1019, 1153, 1298, 1455, 1623,
                            1802, 1995, 2200, 2418, 2650, 2896, 3156, 3431, 3722};
  while (power.size() < 88) power.push_back(4000);
  power.push_back(0);
  power.push_back(0);
  return {"NREL-ATB-4MW-150", 4000.0, speed, power,
          "NREL 2020 ATB land-based reference turbine, 4 MW, 150 m rotor: NREL/turbine-models "
          "turbine_models/data/Onshore/2020ATB_NREL_Reference_4MW_150.csv"};
}

// NREL/turbine-models turbine_models/data/Onshore/IEA_Reference_3.4MW_130.csv (commit
// 0a524bd4976483a4789d31917befa7ef882995e4): IEA Wind TCP Task 37 land-based reference turbine
// (Bortolotti et al., NREL/TP-5000-73492, 2019), 3.37 MW rated.
BuiltinCurve iea_3mw() {
  return {
      "IEA-3.4MW-130",
      3370.0,
      {3,       3.5392,  4.0485,  4.5267,  4.973,   5.3862,  5.7654,  6.1098,  6.4186,  6.6912,
       6.9269,  7.1252,  7.2857,  7.408,   7.4919,  7.5371,  7.5435,  7.5758,  7.6468,  7.7563,
       7.9041,  8.0899,  8.3132,  8.5735,  8.8703,  9.203,   9.5707,  9.8127,  10.408,  10.8757,
       11.3748, 11.9041, 12.4625, 13.0487, 13.6615, 14.2995, 14.9612, 15.6452, 16.35,   17.074,
       17.8155, 18.5731, 19.3448, 20.1292, 20.9244, 21.7286, 22.5401, 23.357,  24.1776, 25},
      {51.6203274,  123.3681588, 213.241509,  318.837998,  435.9564867, 560.8983052, 688.906312,
       819.1257759, 949.7236726, 1075.927005, 1193.682699, 1299.172102, 1388.952513, 1460.081742,
       1510.222643, 1537.725022, 1541.682933, 1561.569465, 1605.876078, 1675.862931, 1773.500601,
       1901.498529, 2063.341406, 2263.331677, 2506.635948, 2799.332771, 3148.458978, 3370,
       3370.000035, 3370.000717, 3370.000086, 3370.000018, 3370.011453, 3370.00003,  3370.001728,
       3370.008641, 3370.033669, 3370.000061, 3370.000238, 3370.001502, 3370.002288, 3370.002284,
       3370.018233, 3370.034011, 3370.004589, 3369.999956, 3370.000667, 3370.003948, 3370.00009,
       3370.104925},
      "IEA Wind Task 37 land-based reference turbine, 3.37 MW, 130 m rotor: NREL/turbine-models "
      "turbine_models/data/Onshore/IEA_Reference_3.4MW_130.csv"};
}

constexpr std::array<std::string_view, 4> kTurbineNames{"E-141/4200", "V126/3450",
                                                        "NREL-ATB-4MW-150", "IEA-3.4MW-130"};

}  // namespace

using detail::check_range;

PowerCurve::PowerCurve(std::string name, double rated_power_kw, std::vector<double> wind_speed_m_s,
                       std::vector<double> power_kw, std::string source)
    : name_(std::move(name)),
      rated_power_kw_(rated_power_kw),
      speed_(std::move(wind_speed_m_s)),
      power_(std::move(power_kw)),
      source_(std::move(source)) {
  if (speed_.size() != power_.size() || speed_.size() < 2) {
    throw WeatherInputError(source_, 0, "power curve", fmt::format("{} points", speed_.size()),
                            "at least two (wind speed, power) points");
  }
  for (std::size_t k = 0; k < speed_.size(); ++k) {
    if (!(speed_[k] >= 0.0) || (k > 0 && !(speed_[k] > speed_[k - 1]))) {
      throw WeatherInputError(source_, 0, "wind_speed_m_s", fmt::format("{}", speed_[k]),
                              "speeds >= 0 in strictly increasing order");
    }
    if (!(power_[k] >= 0.0)) {
      throw WeatherInputError(source_, 0, "power_kw", fmt::format("{}", power_[k]), "power >= 0");
    }
  }
  if (!(rated_power_kw_ > 0.0)) {
    throw WeatherInputError(source_, 0, "rated_power_kw", fmt::format("{}", rated_power_kw_),
                            "a rated power > 0");
  }
}

double PowerCurve::power_kw_at(double v) const noexcept {
  if (!(v >= speed_.front()) || v > speed_.back()) return 0.0;  // below cut-in, above cut-out
  const auto it = std::upper_bound(speed_.begin(), speed_.end(), v);
  if (it == speed_.end()) return power_.back();                  // v == last point
  const auto k = static_cast<std::size_t>(it - speed_.begin());  // speed_[k-1] <= v < speed_[k]
  const double t = (v - speed_[k - 1]) / (speed_[k] - speed_[k - 1]);
  return power_[k - 1] + t * (power_[k] - power_[k - 1]);
}

std::span<const std::string_view> turbine_names() {
  return kTurbineNames;
}

PowerCurve builtin_turbine(std::string_view name) {
  BuiltinCurve c;
  if (name == "E-141/4200") {
    c = enercon_e141();
  } else if (name == "V126/3450") {
    c = vestas_v126();
  } else if (name == "NREL-ATB-4MW-150") {
    c = nrel_atb_4mw();
  } else if (name == "IEA-3.4MW-130") {
    c = iea_3mw();
  } else {
    throw WeatherInputError("parameters", 0, "turbine", std::string(name),
                            "one of E-141/4200, V126/3450, NREL-ATB-4MW-150, IEA-3.4MW-130, or a "
                            "power-curve CSV");
  }
  return PowerCurve(std::string(c.name), c.rated_power_kw, std::move(c.speed), std::move(c.power),
                    std::string(c.source));
}

PowerCurve read_power_curve_csv(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WeatherInputError(file, 0, "file", "not found or unreadable", "a power-curve CSV");
  std::string line;
  std::vector<std::string_view> fields;
  std::vector<double> speed;
  std::vector<double> power;
  std::size_t ln = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++ln;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view t = detail::trim(line);
    if (t.empty() || t.front() == '#') continue;
    detail::split_csv(t, fields);
    if (!header) {
      if (fields.size() != 2 || detail::trim(fields[0]) != "wind_speed_m_s" ||
          detail::trim(fields[1]) != "power_kw") {
        throw WeatherInputError(file, ln, "header", std::string(t), "wind_speed_m_s,power_kw");
      }
      header = true;
      continue;
    }
    if (fields.size() != 2) {
      throw WeatherInputError(file, ln, "fields", fmt::format("{}", fields.size()),
                              "2 fields: wind_speed_m_s,power_kw");
    }
    const auto v = detail::parse_double(fields[0]);
    const auto p = detail::parse_double(fields[1]);
    if (!v || *v < 0.0 || (!speed.empty() && *v <= speed.back())) {
      throw WeatherInputError(file, ln, "wind_speed_m_s", std::string(detail::trim(fields[0])),
                              "a speed >= 0 m/s, greater than the previous row's");
    }
    if (!p || *p < 0.0) {
      throw WeatherInputError(file, ln, "power_kw", std::string(detail::trim(fields[1])),
                              "a power >= 0 kW");
    }
    speed.push_back(*v);
    power.push_back(*p);
  }
  if (speed.size() < 2) {
    throw WeatherInputError(file, ln, "rows", fmt::format("{}", speed.size()),
                            "at least two power-curve points");
  }
  const double rated = *std::max_element(power.begin(), power.end());
  return PowerCurve(path.stem().string(), rated, std::move(speed), std::move(power), file);
}

double shear_wind_speed(double wind_speed_m_s, double from_height_m, double to_height_m,
                        double shear_exponent) {
  return wind_speed_m_s * std::pow(to_height_m / from_height_m, shear_exponent);
}

double isa_pressure_pa(double altitude_m) {
  const double t = kIsaSeaLevelTempK - kIsaLapseRateKPerM * altitude_m;
  return kIsaSeaLevelPressurePa *
         std::pow(t / kIsaSeaLevelTempK, kGravity / (kGasConstantDryAir * kIsaLapseRateKPerM));
}

double lift_pressure_pa(double pressure_pa, double temp_c, double dz_m) {
  const double t0 = temp_c + kZeroCelsiusK;
  return pressure_pa * std::pow((t0 - kIsaLapseRateKPerM * dz_m) / t0,
                                kGravity / (kGasConstantDryAir * kIsaLapseRateKPerM));
}

double air_density_kg_m3(double pressure_pa, double temp_c) {
  return pressure_pa / (kGasConstantDryAir * (temp_c + kZeroCelsiusK));
}

void validate(const WindFarm& f) {
  check_range("wind.hub_height_m", f.hub_height_m, 1.0, 300.0, "1..300 m");
  check_range("wind.measurement_height_m", f.measurement_height_m, 0.5, 300.0, "0.5..300 m");
  check_range("wind.shear_exponent", f.shear_exponent, 0.0, 0.6, "0..0.6");
  if (f.site_elevation_m) {
    check_range("wind.site_elevation_m", *f.site_elevation_m, -500.0, 6000.0, "-500..6000 m");
  }
  check_range("wind.wake_loss", f.wake_loss, 0.0, 0.99, "0..0.99");
  check_range("wind.availability_loss", f.availability_loss, 0.0, 0.99, "0..0.99");
  if (f.scale_to_mean_m_s) {
    check_range("wind.scale_to_mean_m_s", *f.scale_to_mean_m_s, 0.1, 30.0, "0.1..30 m/s");
  }
  if (f.target_full_load_hours) {
    check_range("wind.target_full_load_hours", *f.target_full_load_hours, 1.0, 8000.0,
                "1..8000 h per year");
    if (f.scale_to_mean_m_s) {
      throw WeatherInputError("parameters", 0, "wind.target_full_load_hours",
                              fmt::format("{}", *f.target_full_load_hours),
                              "either a target full-load hours or a target mean speed, not both");
    }
    if (f.correction_source.empty()) {
      throw WeatherInputError("parameters", 0, "wind.correction_source", "(empty)",
                              "the evidence the target full-load hours stand for (e.g. "
                              "\"SOURCES.md A49\")");
    }
  }
}

namespace {

// The farm's hourly series with the measured speeds multiplied by `factor`.
WindSeries wind_series_at(const WindFarm& farm, const WeatherSeries& weather,
                          const PowerCurve& curve, double factor) {
  const std::size_t n = weather.size();
  WindSeries out;
  out.turbine = curve.name();
  out.rated_power_kw = curve.rated_power_kw();
  out.scale_factor = factor;
  out.wind_speed_hub_m_s.resize(n);
  out.air_density_kg_m3.resize(n);
  out.capacity_factor.resize(n);
  const double z_station = weather.location.elevation_m;
  const double z_site = farm.site_elevation_m.value_or(z_station);
  const double dz = z_site + farm.hub_height_m - z_station;  // from the station's sensors to hub
  const double shear = std::pow(farm.hub_height_m / farm.measurement_height_m, farm.shear_exponent);
  const double station_pressure_isa = isa_pressure_pa(z_station);
  const double kept = (1.0 - farm.wake_loss) * (1.0 - farm.availability_loss);
  const double rated = curve.rated_power_kw();
  for (std::size_t i = 0; i < n; ++i) {
    const double v_hub = weather.wind_speed_m_s[i] * factor * shear;
    const double t_station = weather.temp_air_c[i];
    const double p_station = weather.has_pressure() ? weather.pressure_pa[i] : station_pressure_isa;
    const double p_hub = lift_pressure_pa(p_station, t_station, dz);
    const double t_hub = t_station - kIsaLapseRateKPerM * dz;
    const double rho = air_density_kg_m3(p_hub, t_hub);
    const double v_power_curve =
        farm.density_correction ? v_hub * std::cbrt(rho / kStandardAirDensityKgM3) : v_hub;
    out.wind_speed_hub_m_s[i] = v_hub;
    out.air_density_kg_m3[i] = rho;
    out.capacity_factor[i] = std::min(curve.power_kw_at(v_power_curve) / rated, 1.0) * kept;
  }
  return out;
}

// Full-load hours per year of a series (scaled to 8760 h when it is not one year long).
double annual_full_load_hours(const WindSeries& s) {
  if (s.capacity_factor.empty()) return 0.0;
  const double total = std::accumulate(s.capacity_factor.begin(), s.capacity_factor.end(), 0.0);
  const auto n = static_cast<double>(s.capacity_factor.size());
  return total * (n == 8760.0 || n == 8784.0 ? 1.0 : 8760.0 / n);
}

}  // namespace

WindSeries wind_capacity_factor(const WindFarm& farm, const WeatherSeries& weather) {
  validate(farm);
  const PowerCurve curve = farm.power_curve_csv ? read_power_curve_csv(*farm.power_curve_csv)
                                                : builtin_turbine(farm.turbine);
  const std::size_t n = weather.size();
  double factor = 1.0;
  if ((farm.scale_to_mean_m_s || farm.target_full_load_hours) && n > 0) {
    const double mean =
        std::accumulate(weather.wind_speed_m_s.begin(), weather.wind_speed_m_s.end(), 0.0) /
        static_cast<double>(n);
    if (!(mean > 0.0)) {
      throw WeatherInputError(weather.source, 0, "wind_speed_m_s", "mean 0",
                              "a series with some wind to rescale");
    }
    if (farm.scale_to_mean_m_s) factor = *farm.scale_to_mean_m_s / mean;
  }
  if (farm.target_full_load_hours && n > 0) {
    // Bisection on the factor: full-load hours rise with the speeds up to where cut-out hours
    // begin to bite, far above any target a real site reaches. Bounds: 0.05x to the factor that
    // makes the measured mean 12 m/s, beyond any site (and short of cut-out hours).
    const double target = *farm.target_full_load_hours;
    const double mean =
        std::accumulate(weather.wind_speed_m_s.begin(), weather.wind_speed_m_s.end(), 0.0) /
        static_cast<double>(n);
    double lo = 0.05;
    double hi = 12.0 / mean;
    const double at_hi = annual_full_load_hours(wind_series_at(farm, weather, curve, hi));
    const double at_lo = annual_full_load_hours(wind_series_at(farm, weather, curve, lo));
    if (!(target >= at_lo && target <= at_hi)) {
      throw WeatherInputError(
          weather.source, 0, "wind.target_full_load_hours", fmt::format("{}", target),
          fmt::format("a target this series can reach by scaling its speeds ({:.0f}..{:.0f} h)",
                      at_lo, at_hi));
    }
    for (int k = 0; k < 100 && hi - lo > 1e-9; ++k) {
      const double mid = 0.5 * (lo + hi);
      const double flh = annual_full_load_hours(wind_series_at(farm, weather, curve, mid));
      (flh < target ? lo : hi) = mid;
    }
    factor = 0.5 * (lo + hi);
  }
  return wind_series_at(farm, weather, curve, factor);
}

}  // namespace parkgrid::weather
