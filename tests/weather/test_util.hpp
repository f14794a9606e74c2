// Helpers shared by the weather unit tests.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "parkgrid/weather.hpp"

namespace parkgrid::weather::test {

// Folder of the CSWD EPW files: $PARKGRID_WEATHER_DATA_DIR, else the build-time default
// (../shared/data/weather from the repository root).
inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("PARKGRID_WEATHER_DATA_DIR"); env && *env) return env;
  return PARKGRID_WEATHER_DATA_DIR;
}

inline std::filesystem::path datong_epw() {
  return data_dir() / "CHN_Shanxi.Datong.534870_CSWD.epw";
}

// Reads the Datong file once per test binary; a missing file is a test failure, not a skip.
inline const WeatherSeries& datong() {
  static const WeatherSeries w = [] {
    const auto path = datong_epw();
    if (!std::filesystem::exists(path)) {
      ADD_FAILURE() << "weather file not found: " << path
                    << " (set PARKGRID_WEATHER_DATA_DIR to the folder holding the CSWD files)";
      return WeatherSeries{};
    }
    return read_epw(path);
  }();
  return w;
}

// A scratch file under the build tree, removed by the caller when it likes.
inline std::filesystem::path scratch_file(std::string_view name, std::string_view content) {
  const std::filesystem::path dir = PARKGRID_WEATHER_TEST_TMP;
  std::filesystem::create_directories(dir);
  const auto path = dir / std::string(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  return path;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A synthetic one-location series with `n` hours from 2005-01-01 hour 1 (all zero weather).
inline WeatherSeries synthetic(std::size_t n, double latitude_deg = 40.1,
                               double longitude_deg = 113.33, double utc_offset_h = 8.0,
                               double elevation_m = 1067.2) {
  WeatherSeries w;
  w.source = "synthetic";
  w.location = {"synthetic", latitude_deg, longitude_deg, utc_offset_h, elevation_m};
  LocalHour h{2005, 1, 1, 1};
  for (std::size_t i = 0; i < n; ++i) {
    w.hour.push_back(h);
    h.hour_ending += 1;
    if (h.hour_ending > 24) {
      h.hour_ending = 1;
      h.day += 1;
      static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      if (h.day > kDays[h.month - 1]) {
        h.day = 1;
        h.month += 1;
        if (h.month > 12) {
          h.month = 1;
          h.year += 1;
        }
      }
    }
  }
  w.ghi_w_m2.assign(n, 0.0);
  w.dni_w_m2.assign(n, 0.0);
  w.dhi_w_m2.assign(n, 0.0);
  w.temp_air_c.assign(n, 25.0);
  w.wind_speed_m_s.assign(n, 0.0);
  w.pressure_pa.assign(n, 101325.0);
  return w;
}

}  // namespace parkgrid::weather::test
