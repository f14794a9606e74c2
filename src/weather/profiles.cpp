// The whole weather-to-power chain, its key figures, and the profile CSV writer.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <set>
#include <string>
#include <system_error>

#include <unistd.h>

#include <fmt/format.h>

#include "parkgrid/weather.hpp"
#include "weather_internal.hpp"

namespace parkgrid::weather {

namespace {

double sum(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

double mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : sum(v) / static_cast<double>(v.size());
}

bool is_one_calendar_year(const WeatherSeries& w) {
  const std::size_t n = w.size();
  if (n != 8760 && n != 8784) return false;
  const LocalHour& first = w.hour.front();
  const LocalHour& last = w.hour.back();
  return first.month == 1 && first.day == 1 && first.hour_ending == 1 && last.month == 12 &&
         last.day == 31 && last.hour_ending == 24;
}

}  // namespace

Profiles compute_profiles(const WeatherSeries& weather, const ProfileOptions& options) {
  Profiles p;
  p.sun = sun_positions(weather, options.sun);
  p.irradiance = close_irradiance(weather, p.sun, options.closure);

  PvSystem fixed = options.pv_fixed;
  fixed.array.mount = Mount::kFixed;
  PvSystem tracked = options.pv_single_axis;
  tracked.array.mount = Mount::kSingleAxis;
  p.pv_fixed = pv_capacity_factor(fixed, weather, p.sun, p.irradiance);
  p.pv_single_axis = pv_capacity_factor(tracked, weather, p.sun, p.irradiance);
  p.wind = wind_capacity_factor(options.wind, weather);

  ProfileSummary& s = p.summary;
  s.hours = weather.size();
  s.annualisation =
      is_one_calendar_year(weather) || s.hours == 0 ? 1.0 : 8760.0 / static_cast<double>(s.hours);
  s.full_load_hours_pv_fixed = sum(p.pv_fixed.capacity_factor) * s.annualisation;
  s.full_load_hours_pv_single_axis = sum(p.pv_single_axis.capacity_factor) * s.annualisation;
  s.full_load_hours_wind = sum(p.wind.capacity_factor) * s.annualisation;
  s.mean_wind_measured_m_s = mean(weather.wind_speed_m_s);
  s.mean_wind_measurement_scaled_m_s = s.mean_wind_measured_m_s * p.wind.scale_factor;
  s.mean_wind_hub_m_s = mean(p.wind.wind_speed_hub_m_s);
  s.ghi_kwh_m2 = sum(weather.ghi_w_m2) / 1000.0 * s.annualisation;
  s.poa_fixed_kwh_m2 = sum(p.pv_fixed.poa.poa_global_w_m2) / 1000.0 * s.annualisation;
  s.poa_single_axis_kwh_m2 = sum(p.pv_single_axis.poa.poa_global_w_m2) / 1000.0 * s.annualisation;
  return p;
}

double optimal_fixed_tilt_deg(const PvSystem& system, const WeatherSeries& weather,
                              const SunSeries& sun, const ClosedIrradiance& irradiance) {
  PvSystem s = system;
  s.array.mount = Mount::kFixed;
  double best_tilt = 0.0;
  double best_energy = -1.0;
  for (int tilt = 0; tilt <= 60; ++tilt) {
    s.array.tilt_deg = tilt;
    const double energy = sum(pv_capacity_factor(s, weather, sun, irradiance).capacity_factor);
    if (energy > best_energy) {
      best_energy = energy;
      best_tilt = tilt;
    }
  }
  return best_tilt;
}

void write_profiles_csv(const std::filesystem::path& path, const WeatherSeries& weather,
                        const Profiles& profiles, const ProfileColumns& columns) {
  const std::size_t n = weather.size();
  // Typical-year files may take each month from a different year: label them all with the first
  // record's year so the snapshots stay in order.
  std::optional<int> year_override;
  {
    std::set<int> years;
    for (const LocalHour& h : weather.hour) years.insert(h.year);
    if (years.size() > 1 && is_one_calendar_year(weather)) year_override = weather.hour[0].year;
  }
  fmt::memory_buffer out;
  out.reserve(n * 48 + 64);
  fmt::format_to(std::back_inserter(out), "snapshot");
  if (columns.pv_fixed) fmt::format_to(std::back_inserter(out), ",pv_fixed");
  if (columns.pv_single_axis) fmt::format_to(std::back_inserter(out), ",pv_single_axis");
  if (columns.wind) fmt::format_to(std::back_inserter(out), ",wind");
  if (columns.temp_air_c) fmt::format_to(std::back_inserter(out), ",temp_air_c");
  out.push_back('\n');
  for (std::size_t i = 0; i < n; ++i) {
    fmt::format_to(std::back_inserter(out), "{}", snapshot_label(weather.hour[i], year_override));
    if (columns.pv_fixed) {
      fmt::format_to(std::back_inserter(out), ",{:.6f}", profiles.pv_fixed.capacity_factor[i]);
    }
    if (columns.pv_single_axis) {
      fmt::format_to(std::back_inserter(out), ",{:.6f}",
                     profiles.pv_single_axis.capacity_factor[i]);
    }
    if (columns.wind) {
      fmt::format_to(std::back_inserter(out), ",{:.6f}", profiles.wind.capacity_factor[i]);
    }
    if (columns.temp_air_c)
      fmt::format_to(std::back_inserter(out), ",{:.1f}", weather.temp_air_c[i]);
    out.push_back('\n');
  }

  // Write to a temporary file beside the target, then rename: no half-written output remains.
  std::filesystem::path tmp = path;
  tmp += fmt::format(".tmp{}", static_cast<long>(::getpid()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (f) f.write(out.data(), static_cast<std::streamsize>(out.size()));
    f.close();
    if (!f) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw WeatherInputError(path.string(), 0, "output", "cannot be written",
                              "a writable file path in an existing folder");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ec2;
    std::filesystem::remove(tmp, ec2);
    throw WeatherInputError(path.string(), 0, "output", ec.message(),
                            "a writable file path in an existing folder");
  }
}

}  // namespace parkgrid::weather
