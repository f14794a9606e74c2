// The whole chain on the Datong file, its key figures, the CSV writer, and its speed.
#include <chrono>
#include <filesystem>
#include <numeric>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "parkgrid/weather.hpp"
#include "test_util.hpp"

namespace parkgrid::weather {
namespace {

TEST(Profiles, DatongYear) {
  const WeatherSeries& w = test::datong();
  ASSERT_EQ(w.size(), 8760u);
  const Profiles p = compute_profiles(w, ProfileOptions{});
  for (const auto* cf :
       {&p.pv_fixed.capacity_factor, &p.pv_single_axis.capacity_factor, &p.wind.capacity_factor}) {
    ASSERT_EQ(cf->size(), 8760u);
    for (double x : *cf) {
      ASSERT_GE(x, 0.0);
      ASSERT_LE(x, 1.0);
    }
  }
  const ProfileSummary& s = p.summary;
  EXPECT_EQ(s.annualisation, 1.0);
  EXPECT_NEAR(s.ghi_kwh_m2, 1466.0, 1.0);
  EXPECT_NEAR(s.mean_wind_measured_m_s, 2.761, 0.001);
  // Hub speed at 100 m with alpha = 1/7: 2.761 * 1.3895 = 3.836 m/s.
  EXPECT_NEAR(s.mean_wind_hub_m_s, 2.761 * 1.3894955, 0.002);
  // Broad physical bounds (the exact figures are discussed in docs/weather.md).
  EXPECT_GT(s.poa_fixed_kwh_m2, s.ghi_kwh_m2 * 1.1);
  EXPECT_GT(s.poa_single_axis_kwh_m2, s.poa_fixed_kwh_m2);
  EXPECT_GT(s.full_load_hours_pv_fixed, 1400.0);
  EXPECT_LT(s.full_load_hours_pv_fixed, 1900.0);
  EXPECT_GT(s.full_load_hours_pv_single_axis, s.full_load_hours_pv_fixed);
  EXPECT_GT(s.full_load_hours_wind, 500.0);
  EXPECT_LT(s.full_load_hours_wind, 1500.0);
  // Night hours produce nothing.
  EXPECT_EQ(p.pv_fixed.capacity_factor[0], 0.0);
}

TEST(Profiles, OptimalTiltForDatong) {
  const WeatherSeries& w = test::datong();
  ASSERT_EQ(w.size(), 8760u);
  const SunSeries s = sun_positions(w);
  const ClosedIrradiance c = close_irradiance(w, s);
  const double tilt = optimal_fixed_tilt_deg(PvSystem{}, w, s, c);
  EXPECT_GE(tilt, 30.0);
  EXPECT_LE(tilt, 45.0);
}

TEST(Profiles, WritesCsvAtomically) {
  const WeatherSeries& w = test::datong();
  ASSERT_EQ(w.size(), 8760u);
  const Profiles p = compute_profiles(w, ProfileOptions{});
  const std::filesystem::path dir = std::filesystem::path(PARKGRID_WEATHER_TEST_TMP) / "out";
  std::filesystem::create_directories(dir);
  const auto path = dir / "profiles.csv";
  write_profiles_csv(path, w, p);
  const std::string text = test::read_text(path);
  EXPECT_EQ(text.substr(0, text.find('\n')), "snapshot,pv_fixed,pv_single_axis,wind,temp_air_c");
  const std::size_t second = text.find('\n') + 1;
  EXPECT_EQ(text.substr(second, 17), "2005-01-01T00:00,");
  // The last column is the file's first dry-bulb temperature, as read (a heat pump's source).
  const std::string first_row = text.substr(second, text.find('\n', second) - second);
  EXPECT_EQ(first_row.substr(first_row.rfind(',') + 1), fmt::format("{:.1f}", w.temp_air_c[0]));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 8761);
  EXPECT_NE(text.find("\n2005-12-31T23:00,"), std::string::npos);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename(), "profiles.csv") << "left over: " << entry.path();
  }
  // Only the wind column.
  write_profiles_csv(path, w, p, ProfileColumns{false, false, true, false});
  const std::string wind = test::read_text(path);
  EXPECT_EQ(wind.substr(0, wind.find('\n')), "snapshot,wind");
  // An impossible target: an input error, nothing written.
  const auto bad = dir / "missing_folder" / "x.csv";
  EXPECT_THROW(write_profiles_csv(bad, w, p), WeatherInputError);
  EXPECT_FALSE(std::filesystem::exists(bad));
}

// A year of SPA + closure + Perez (fixed and tracking) + PV + wind in a few milliseconds.
TEST(Profiles, OneYearIsFast) {
  const WeatherSeries& w = test::datong();
  ASSERT_EQ(w.size(), 8760u);
  double best_ms = 1e300;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const Profiles p = compute_profiles(w, ProfileOptions{});
    const auto t1 = std::chrono::steady_clock::now();
    ASSERT_EQ(p.summary.hours, 8760u);
    best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  RecordProperty("compute_profiles_ms", std::to_string(best_ms));
  std::printf("compute_profiles for 8760 hours: %.2f ms (best of 5)\n", best_ms);
  EXPECT_LT(best_ms, 250.0);  // generous: sanitizer and debug builds are much slower
}

}  // namespace
}  // namespace parkgrid::weather
