// weather_dump: prints, for one weather file, every hourly intermediate of the weather-to-power
// chain as CSV on stdout (used by tests/python/test_weather_pvlib.py to compare with pvlib).
//
//   weather_dump FILE [--tilt-deg 35] [--azimuth-deg 180] [--albedo 0.2] [--max-angle-deg 60]
//                [--gcr 0.35] [--no-backtrack] [--closure ghi_dhi|file] [--exact-spa]
//                [--optimal-tilt] [--timing N]
//
// --optimal-tilt prints the optimal fixed tilt and exits; --timing N runs compute_profiles N
// times and prints the best time to stderr.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "parkgrid/weather.hpp"

namespace w = parkgrid::weather;

namespace {

[[noreturn]] void usage(const char* why) {
  fmt::print(stderr,
             "weather_dump: {}\nusage: weather_dump FILE [--tilt-deg X] [--azimuth-deg X] "
             "[--albedo X] [--max-angle-deg X] [--gcr X] [--no-backtrack] "
             "[--closure ghi_dhi|file] [--exact-spa] [--optimal-tilt] [--timing N]\n",
             why);
  std::exit(2);
}

double number(int& k, int argc, char** argv) {
  if (k + 1 >= argc) usage("missing value");
  char* end = nullptr;
  const double v = std::strtod(argv[++k], &end);
  if (end == argv[k] || *end != '\0') usage("bad number");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) usage("no weather file");
  std::string file;
  w::ProfileOptions o;
  bool optimal = false;
  int timing = 0;
  for (int k = 1; k < argc; ++k) {
    const std::string_view a = argv[k];
    if (a == "--tilt-deg") {
      o.pv_fixed.array.tilt_deg = number(k, argc, argv);
    } else if (a == "--azimuth-deg") {
      o.pv_fixed.array.azimuth_deg = number(k, argc, argv);
    } else if (a == "--albedo") {
      o.pv_fixed.array.albedo = o.pv_single_axis.array.albedo = number(k, argc, argv);
    } else if (a == "--max-angle-deg") {
      o.pv_single_axis.array.tracker.max_angle_deg = number(k, argc, argv);
    } else if (a == "--gcr") {
      o.pv_single_axis.array.tracker.gcr = number(k, argc, argv);
    } else if (a == "--no-backtrack") {
      o.pv_single_axis.array.tracker.backtrack = false;
    } else if (a == "--closure") {
      if (k + 1 >= argc) usage("missing value");
      const std::string_view c = argv[++k];
      if (c == "ghi_dhi") {
        o.closure = w::Closure::kGhiDhi;
      } else if (c == "file") {
        o.closure = w::Closure::kFileDni;
      } else {
        usage("--closure takes ghi_dhi or file");
      }
    } else if (a == "--exact-spa") {
      o.sun.interpolate = false;
    } else if (a == "--optimal-tilt") {
      optimal = true;
    } else if (a == "--timing") {
      timing = static_cast<int>(number(k, argc, argv));
    } else if (!a.empty() && a[0] == '-') {
      usage("unknown option");
    } else {
      file = std::string(a);
    }
  }
  try {
    const w::WeatherSeries weather = w::read_weather_file(file);
    if (timing > 0) {
      double best_ms = 1e300;
      double best_sun_ms = 1e300;
      for (int r = 0; r < timing; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const w::SunSeries sun = w::sun_positions(weather, o.sun);
        const auto t1 = std::chrono::steady_clock::now();
        const w::Profiles p = w::compute_profiles(weather, o);
        const auto t2 = std::chrono::steady_clock::now();
        best_sun_ms =
            std::min(best_sun_ms, std::chrono::duration<double, std::milli>(t1 - t0).count());
        best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(t2 - t1).count());
        if (p.summary.hours == 0 || sun.zenith_deg.empty()) return 1;
      }
      fmt::print(stderr,
                 "hours={} sun_positions_ms={:.3f} compute_profiles_ms={:.3f} (best of {})\n",
                 weather.size(), best_sun_ms, best_ms, timing);
      return 0;
    }
    if (optimal) {
      const w::SunSeries sun = w::sun_positions(weather, o.sun);
      const w::ClosedIrradiance irr = w::close_irradiance(weather, sun, o.closure);
      fmt::print("{}\n", w::optimal_fixed_tilt_deg(o.pv_fixed, weather, sun, irr));
      return 0;
    }
    const w::Profiles p = w::compute_profiles(weather, o);
    std::string out;
    out.reserve(weather.size() * 400);
    out +=
        "year,month,day,hour,spa_pressure_hpa,spa_temperature_c,apparent_zenith_deg,zenith_deg,"
        "azimuth_deg,dni_extra_w_m2,ghi_w_m2,dni_w_m2,dhi_w_m2,temp_air_c,wind_speed_m_s,"
        "fixed_aoi_deg,fixed_poa_global_w_m2,fixed_poa_direct_w_m2,fixed_poa_sky_diffuse_w_m2,"
        "fixed_poa_ground_diffuse_w_m2,fixed_effective_w_m2,fixed_cell_temp_c,fixed_dc,fixed_cf,"
        "tracker_rotation_deg,tracker_surface_tilt_deg,tracker_surface_azimuth_deg,tracker_aoi_deg,"
        "tracker_poa_global_w_m2,tracker_poa_direct_w_m2,tracker_poa_sky_diffuse_w_m2,"
        "tracker_poa_ground_diffuse_w_m2,tracker_effective_w_m2,tracker_cell_temp_c,tracker_dc,"
        "tracker_cf,wind_hub_m_s,air_density_kg_m3,wind_cf\n";
    const auto& f = p.pv_fixed;
    const auto& t = p.pv_single_axis;
    for (std::size_t i = 0; i < weather.size(); ++i) {
      const auto& h = weather.hour[i];
      fmt::format_to(
          std::back_inserter(out),
          "{},{},{},{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},"
          "{:.10g},{:.10g},",
          h.year, h.month, h.day, h.hour_ending, p.sun.pressure_hpa, p.sun.temperature_c,
          p.sun.apparent_zenith_deg[i], p.sun.zenith_deg[i], p.sun.azimuth_deg[i],
          p.sun.dni_extra_w_m2[i], p.irradiance.ghi_w_m2[i], p.irradiance.dni_w_m2[i],
          p.irradiance.dhi_w_m2[i], weather.temp_air_c[i], weather.wind_speed_m_s[i]);
      fmt::format_to(std::back_inserter(out),
                     "{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},",
                     f.poa.aoi_deg[i], f.poa.poa_global_w_m2[i], f.poa.poa_direct_w_m2[i],
                     f.poa.poa_sky_diffuse_w_m2[i], f.poa.poa_ground_diffuse_w_m2[i],
                     f.effective_irradiance_w_m2[i], f.cell_temp_c[i], f.dc_per_unit_ac[i],
                     f.capacity_factor[i]);
      fmt::format_to(std::back_inserter(out),
                     "{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},"
                     "{:.10g},{:.10g},{:.10g},",
                     t.poa.rotation_deg[i], t.poa.surface_tilt_deg[i], t.poa.surface_azimuth_deg[i],
                     t.poa.aoi_deg[i], t.poa.poa_global_w_m2[i], t.poa.poa_direct_w_m2[i],
                     t.poa.poa_sky_diffuse_w_m2[i], t.poa.poa_ground_diffuse_w_m2[i],
                     t.effective_irradiance_w_m2[i], t.cell_temp_c[i], t.dc_per_unit_ac[i],
                     t.capacity_factor[i]);
      fmt::format_to(std::back_inserter(out), "{:.10g},{:.10g},{:.10g}\n",
                     p.wind.wind_speed_hub_m_s[i], p.wind.air_density_kg_m3[i],
                     p.wind.capacity_factor[i]);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  } catch (const w::WeatherInputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
}
