// End-to-end runs of `parkgrid weather` (the real binary, PARKGRID_BINARY): output, summary,
// exit codes, and nothing written on bad input.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "parkgrid/weather.hpp"
#include "test_util.hpp"

namespace parkgrid::weather {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CliRun run(const std::string& args) {
  const std::string cmd = fmt::format("'{}' {} 2>&1", PARKGRID_BINARY, args);
  CliRun r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string quoted(const std::filesystem::path& p) {
  return fmt::format("'{}'", p.string());
}

// "weather 'IN' -o 'OUT' EXTRA"
std::string weather(const std::filesystem::path& in, const std::filesystem::path& out,
                    std::string_view extra = "") {
  return fmt::format("weather {} -o {} {}", quoted(in), quoted(out), extra);
}

std::filesystem::path out_dir() {
  const auto dir = std::filesystem::path(PARKGRID_WEATHER_TEST_TMP) / "cli";
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(CliWeather, WritesProfilesAndPrintsSummary) {
  ASSERT_TRUE(std::filesystem::exists(test::datong_epw()));
  const auto out = out_dir() / "datong.csv";
  std::filesystem::remove(out);
  const CliRun r = run(weather(test::datong_epw(), out));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Equivalent full-load hours"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("等效满发小时"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("2.76 m/s at 10 m"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("GHI 水平面 1466 kWh/m²"), std::string::npos) << r.output;
  const std::string text = test::read_text(out);
  EXPECT_EQ(text.substr(0, text.find('\n')), "snapshot,pv_fixed,pv_single_axis,wind,temp_air_c");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 8761);
}

TEST(CliWeather, TrackingChoosesColumns) {
  const auto out = out_dir() / "fixed_only.csv";
  const CliRun r = run(
      weather(test::datong_epw(), out, "--tracking fixed --pv-optimal-tilt --turbine V126/3450"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string text = test::read_text(out);
  EXPECT_EQ(text.substr(0, text.find('\n')), "snapshot,pv_fixed,wind,temp_air_c");
  EXPECT_NE(r.output.find("tilt 39°"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("V126/3450"), std::string::npos) << r.output;
}

TEST(CliWeather, MissingFileIsAnInputError) {
  const auto out = out_dir() / "never.csv";
  std::filesystem::remove(out);
  const CliRun r = run(weather("/nonexistent/weather.epw", out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/weather.epw: file = not found"), std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CliWeather, MalformedLineIsAnInputErrorAndNothingIsWritten) {
  // Line 25 (2005-01-01 hour 17): wind speed "x".
  const std::string text = test::read_text(test::datong_epw());
  std::istringstream in(text);
  std::string broken;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n == 25) {
      std::size_t pos = 0;
      for (int comma = 0; comma < 21; ++comma) pos = line.find(',', pos) + 1;
      line = fmt::format("{}x{}", line.substr(0, pos), line.substr(line.find(',', pos)));
    }
    broken.append(line);
    broken.push_back('\n');
  }
  const auto epw = test::scratch_file("cli_broken.epw", broken);
  const auto out = out_dir() / "never2.csv";
  std::filesystem::remove(out);
  const CliRun r = run(weather(epw, out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(fmt::format(
                "{}:25: wind_speed_m_s (EPW field 22) = x (expected a wind speed in 0..40 m/s)",
                epw.string())),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CliWeather, CsvNeedsALocation) {
  const auto csv = test::scratch_file(
      "cli_noloc.csv",
      "timestamp,ghi_w_m2,dni_w_m2,dhi_w_m2,temp_air_c,wind_speed_m_s\n2021-06-01T12:00,800,700,"
      "150,25,4\n");
  const auto out = out_dir() / "csv.csv";
  std::filesystem::remove(out);
  CliRun r = run(weather(csv, out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("latitude_deg = (not given)"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
  r = run(weather(
      csv, out,
      "--latitude-deg 39.4 --longitude-deg 112.4 --utc-offset-h 8 --station-elevation-m 1300"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("figures scaled to 8760 h"), std::string::npos) << r.output;
  const std::string text = test::read_text(out);
  EXPECT_EQ(text.substr(text.find('\n') + 1, 17), "2021-06-01T12:00,");
}

TEST(CliWeather, OutOfRangeOptionIsAUsageError) {
  const auto out = out_dir() / "never3.csv";
  std::filesystem::remove(out);
  const CliRun r = run(weather(test::datong_epw(), out, "--pv-tilt-deg 120"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace parkgrid::weather
