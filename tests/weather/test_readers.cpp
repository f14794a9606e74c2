// Readers: the Datong EPW, malformed EPW lines (named errors), the CSV form.
#include <filesystem>
#include <functional>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parkgrid/weather.hpp"
#include "test_util.hpp"

namespace parkgrid::weather {
namespace {

// The Datong CSWD file (PROVENANCE.md): LOCATION 40.10 N, 113.33 E, UTC+8, 1067.2 m; the first
// record (2005-01-01 hour 1) reads -18.3 °C, 90300 Pa, GHI 0, wind 4.0 m/s; the year sums to
// 1,466 kWh/m² of GHI and its wind at 10 m averages 2.76 m/s.
TEST(Readers, DatongEpw) {
  const WeatherSeries& w = test::datong();
  ASSERT_EQ(w.size(), 8760u);
  EXPECT_DOUBLE_EQ(w.location.latitude_deg, 40.10);
  EXPECT_DOUBLE_EQ(w.location.longitude_deg, 113.33);
  EXPECT_DOUBLE_EQ(w.location.utc_offset_h, 8.0);
  EXPECT_DOUBLE_EQ(w.location.elevation_m, 1067.2);
  EXPECT_EQ(w.location.name, "Datong, CHN");
  EXPECT_EQ(w.hour[0].year, 2005);
  EXPECT_EQ(w.hour[0].hour_ending, 1);
  EXPECT_EQ(w.hour.back().month, 12);
  EXPECT_EQ(w.hour.back().day, 31);
  EXPECT_EQ(w.hour.back().hour_ending, 24);
  EXPECT_DOUBLE_EQ(w.temp_air_c[0], -18.3);
  EXPECT_DOUBLE_EQ(w.pressure_pa[0], 90300.0);
  EXPECT_DOUBLE_EQ(w.ghi_w_m2[0], 0.0);
  EXPECT_DOUBLE_EQ(w.wind_speed_m_s[0], 4.0);
  const double ghi_kwh = std::accumulate(w.ghi_w_m2.begin(), w.ghi_w_m2.end(), 0.0) / 1000.0;
  EXPECT_NEAR(ghi_kwh, 1466.0, 1.0);
  const double wind =
      std::accumulate(w.wind_speed_m_s.begin(), w.wind_speed_m_s.end(), 0.0) / 8760.0;
  EXPECT_NEAR(wind, 2.76, 0.005);
}

// Copies the Datong file with data line `line` (1-based file line) changed by `edit`.
std::filesystem::path broken_copy(
    const std::string& name, std::size_t line,
    const std::function<std::string(std::vector<std::string>)>& edit) {
  const std::string text = test::read_text(test::datong_epw());
  std::istringstream in(text);
  std::string out;
  std::string l;
  for (std::size_t n = 1; std::getline(in, l); ++n) {
    if (n == line) {
      std::vector<std::string> fields;
      std::istringstream f(l);
      for (std::string x; std::getline(f, x, ',');) fields.push_back(x);
      l = edit(fields);
    }
    out.append(l);
    out.push_back('\n');
  }
  return test::scratch_file(name, out);
}

std::string join(const std::vector<std::string>& f) {
  std::string s;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (k > 0) s.push_back(',');
    s.append(f[k]);
  }
  return s;
}

// A missing-value code in a used field: line 20 is the record of 2005-01-01 hour 12; its global
// horizontal radiation (EPW field 14) is replaced by 9999, EPW's missing-value code.
TEST(Readers, MalformedEpwLineGivesNamedError) {
  ASSERT_TRUE(std::filesystem::exists(test::datong_epw()));
  const auto path = broken_copy("missing_ghi.epw", 20, [](std::vector<std::string> f) {
    f[13] = "9999";
    return join(f);
  });
  try {
    read_epw(path);
    FAIL() << "no error";
  } catch (const WeatherInputError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.line(), 20u);
    EXPECT_EQ(e.field(), "ghi_w_m2 (EPW field 14)");
    EXPECT_EQ(e.value(), "9999");
    const std::string expected =
        ":20: ghi_w_m2 (EPW field 14) = 9999 (expected an irradiance in 0..1500 W/m²; 9999 is "
        "EPW's missing-value code)";
    EXPECT_EQ(std::string(e.what()), path.string().append(expected));
  }
}

TEST(Readers, EpwErrorsNameFileLineFieldAndValue) {
  struct Case {
    const char* name;
    std::size_t line;
    std::function<std::string(std::vector<std::string>)> edit;
    const char* field;
    const char* value;
  };
  const std::vector<Case> cases = {
      {"text_wind.epw", 30,
       [](std::vector<std::string> f) {
         f[21] = "fast";
         return join(f);
       },
       "wind_speed_m_s (EPW field 22)", "fast"},
      {"hot.epw", 31,
       [](std::vector<std::string> f) {
         f[6] = "99.9";
         return join(f);
       },
       "temp_air_c (EPW field 7)", "99.9"},
      {"short.epw", 40,
       [](std::vector<std::string> f) {
         f.resize(12);
         return join(f);
       },
       "ghi_w_m2 (EPW field 14)", "(absent)"},
      {"hour.epw", 41,
       [](std::vector<std::string> f) {
         f[3] = std::string(1, '7');
         return join(f);
       },
       "date", "2005-01-02 hour 7"},
      {"pressure.epw", 42,
       [](std::vector<std::string> f) {
         f[9] = "999999";
         return join(f);
       },
       "pressure_pa (EPW field 10)", "999999"},
  };
  for (const Case& c : cases) {
    const auto path = broken_copy(c.name, c.line, c.edit);
    try {
      read_epw(path);
      ADD_FAILURE() << c.name << ": no error";
    } catch (const WeatherInputError& e) {
      EXPECT_EQ(e.line(), c.line) << c.name;
      EXPECT_EQ(e.field(), c.field) << c.name;
      EXPECT_EQ(e.value(), c.value) << c.name;
    }
  }
}

TEST(Readers, MissingFile) {
  try {
    read_weather_file("/nonexistent/folder/weather.epw");
    FAIL() << "no error";
  } catch (const WeatherInputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/folder/weather.epw: file = not found (expected an existing EPW or CSV "
              "weather file)");
  }
}

TEST(Readers, TruncatedEpwHasTooFewRecords) {
  const std::string text = test::read_text(test::datong_epw());
  const auto path = test::scratch_file("truncated.epw", text.substr(0, text.size() / 2));
  EXPECT_THROW(read_epw(path), WeatherInputError);
}

const char* kCsv =
    "# A test site\n"
    "# latitude_deg = 39.4\n"
    "# longitude_deg = 112.4\n"
    "# utc_offset_h = 8\n"
    "# elevation_m = 1300\n"
    "timestamp,ghi_w_m2,dni_w_m2,dhi_w_m2,temp_air_c,wind_speed_m_s\n"
    "2005-12-31T22:00,0,0,0,-10.5,3\n"
    "2005-12-31 23:00,0,0,0,-11,4.5\n"
    "2006-01-01T00:00:00+08:00,0,0,0,-12,5\n";

// The CSV form: timestamps are the START of the hour (local standard time), so 2005-12-31T23:00 is
// EPW-style hour 24 of 2005-12-31; the location comes from the '#' lines.
TEST(Readers, CsvForm) {
  const auto path = test::scratch_file("site.csv", kCsv);
  const WeatherSeries w = read_weather_file(path);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_FALSE(w.has_pressure());
  EXPECT_DOUBLE_EQ(w.location.latitude_deg, 39.4);
  EXPECT_DOUBLE_EQ(w.location.elevation_m, 1300.0);
  EXPECT_EQ(w.hour[1].year, 2005);
  EXPECT_EQ(w.hour[1].hour_ending, 24);
  EXPECT_EQ(w.hour[2].year, 2006);
  EXPECT_EQ(w.hour[2].hour_ending, 1);
  EXPECT_DOUBLE_EQ(w.wind_speed_m_s[1], 4.5);
  EXPECT_EQ(snapshot_label(w.hour[1]), "2005-12-31T23:00");
  EXPECT_EQ(snapshot_label(w.hour[2]), "2006-01-01T00:00");

  LocationOverrides o;
  o.latitude_deg = 10.0;
  EXPECT_DOUBLE_EQ(read_weather_csv(path, o).location.latitude_deg, 10.0);
}

TEST(Readers, CsvErrors) {
  const std::string body = kCsv;
  auto expect_error = [](const std::string& name, const std::string& text, std::size_t line,
                         const std::string& field) {
    const auto path = test::scratch_file(name, text);
    try {
      read_weather_csv(path);
      ADD_FAILURE() << name << ": no error";
    } catch (const WeatherInputError& e) {
      EXPECT_EQ(e.line(), line) << name << ": " << e.what();
      EXPECT_EQ(e.field(), field) << name << ": " << e.what();
    }
  };
  std::string gap = body;
  gap.replace(gap.find("2005-12-31 23:00"), 16, "2005-12-31 21:00");
  expect_error("gap.csv", gap, 8, "timestamp");
  std::string offset = body;
  offset.replace(offset.find("+08:00"), 6, "+07:00");
  expect_error("offset.csv", offset, 9, "timestamp");
  std::string negative = body;
  negative.replace(negative.find("-11,4.5"), 7, "-11,-4.5");
  expect_error("negative.csv", negative, 8, "wind_speed_m_s");
  std::string nolat = body;
  nolat.replace(nolat.find("# latitude_deg = 39.4"), 21, "# a comment");
  expect_error("nolat.csv", nolat, 0, "latitude_deg");
  std::string column = body;
  column.replace(column.find("temp_air_c"), 10, "temp_air_k");
  expect_error("column.csv", column, 6, "column 5");
  std::string fields = body;
  fields.replace(fields.find("-10.5,3"), 7, "-10.5");
  expect_error("fields.csv", fields, 7, "fields");
}

}  // namespace
}  // namespace parkgrid::weather
