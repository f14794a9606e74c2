// The tariff reader accepts the documented forms and names every problem: a valid base file, and
// edits of it with the exact messages they must produce (file:line: where: field = value
// (expected)).
#include <gtest/gtest.h>

#include "tariff_test_util.hpp"

namespace parkgrid::tariff {
namespace {

using test::TempDir;

// Line numbers matter: the messages below name them.
const char* kBase = R"([tariff]
name = "t"
[charges]
energy_price_cny_per_mwh = 300
[[voltage_levels]]
name = "220kv"
transmission_cny_per_mwh = 30
[[periods]]
name = "valley"
ratio = 0.5
[[periods]]
name = "peak"
ratio = 1.5
[[periods]]
name = "critical_peak"
ratio = 1.8
[[seasons]]
name = "winter"
months = [1, 2, 3, 10, 11, 12]
[seasons.hours]
valley = ["00:00-08:00"]
peak = ["08:00-24:00"]
[[seasons]]
name = "summer"
months = [4, 5, 6, 7, 8, 9]
[seasons.hours]
valley = ["00:00-08:00"]
peak = ["08:00-18:00", "19:00-24:00"]
critical_peak = [18]
)";

// kBase with `from` replaced by `to` (which must be found).
std::string edit(const std::string& from, const std::string& to) {
  std::string s = kBase;
  const auto p = s.find(from);
  if (p == std::string::npos) throw std::logic_error("test edit not found: " + from);
  return s.replace(p, from.size(), to);
}

// The messages reading `content` as tariff.toml gives; empty when it reads fine.
std::vector<std::string> errors_of(const std::string& test, const std::string& content) {
  TempDir d(test);
  const std::string path = d.add("tariff.toml", content);
  try {
    (void)read_tariff(path);
    return {};
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& diag : e.diagnostics()) out.push_back(d.strip(diag.to_string()));
    return out;
  }
}

using Messages = std::vector<std::string>;

TEST(TariffReader, BaseFileReads) {
  TempDir d("base");
  const Tariff t = read_tariff(d.add("tariff.toml", kBase));
  EXPECT_EQ(t.name, "t");
  EXPECT_EQ(t.source, (d.dir / "tariff.toml").string());
  EXPECT_DOUBLE_EQ(t.energy_price_cny_per_mwh, 300.0);
  // Defaults: energy floats, nothing else does; charges not given are 0.
  EXPECT_TRUE(t.energy_floats);
  EXPECT_FALSE(t.transmission_floats);
  EXPECT_FALSE(t.line_loss_floats);
  EXPECT_FALSE(t.system_operation_floats);
  EXPECT_DOUBLE_EQ(t.government_funds_cny_per_mwh, 0.0);
  ASSERT_EQ(t.voltage_levels.size(), 1u);
  ASSERT_NE(t.voltage("220kv"), nullptr);
  EXPECT_EQ(t.voltage("110kv"), nullptr);
  ASSERT_NE(t.period("critical_peak"), nullptr);
  EXPECT_DOUBLE_EQ(t.period("critical_peak")->ratio, 1.8);
  ASSERT_EQ(t.seasons.size(), 2u);
  const Season& summer = t.seasons[1];
  EXPECT_EQ(summer.name, "summer");
  EXPECT_EQ(summer.months, (std::vector<int>{4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(summer.period_of_hour[7], "valley");
  EXPECT_EQ(summer.period_of_hour[17], "peak");
  EXPECT_EQ(summer.period_of_hour[18], "critical_peak");
  EXPECT_EQ(summer.period_of_hour[23], "peak");
}

TEST(TariffReader, HoursAsNumbersRangesAndRangesPastMidnight) {
  const std::vector<std::string> ok = errors_of(
      "forms", edit("valley = [\"00:00-08:00\"]\npeak = [\"08:00-24:00\"]\n[[seasons]]",
                    "valley = [\"22:00-06:00\", 6, 7]\npeak = [\"08:00-22:00\"]\n[[seasons]]"));
  EXPECT_EQ(ok, Messages{});
}

TEST(TariffReader, OverlappingHours) {
  EXPECT_EQ(errors_of("overlap", edit("critical_peak = [18]", "critical_peak = [17, 18]")),
            (Messages{"tariff.toml:29: season \"summer\": hour 17 is in both peak and "
                      "critical_peak"}));
  EXPECT_EQ(errors_of("overlap_range", edit("\"19:00-24:00\"]", "\"18:00-24:00\"]")),
            (Messages{"tariff.toml:29: season \"summer\": hour 18 is in both peak and "
                      "critical_peak"}));
  EXPECT_EQ(errors_of("twice", edit("\"19:00-24:00\"]", "\"17:00-18:00\", 19, 20, 21, 22, 23]")),
            (Messages{"tariff.toml:28: season \"summer\": hour 17 listed twice for peak"}));
  EXPECT_EQ(
      errors_of("overlap_many", edit("critical_peak = [18]", "critical_peak = [\"16:00-19:00\"]")),
      (Messages{"tariff.toml:29: season \"summer\": hours 16, 17 are in both peak and "
                "critical_peak"}));
}

TEST(TariffReader, MissingHours) {
  EXPECT_EQ(errors_of("gap", edit("\"19:00-24:00\"]", "\"19:00-22:00\"]")),
            (Messages{"tariff.toml:26: season \"summer\": hours 22, 23 are in no period (each "
                      "hour 0..23 must be in exactly one)"}));
  EXPECT_EQ(errors_of("gap_one", edit("critical_peak = [18]", "")),
            (Messages{"tariff.toml:26: season \"summer\": hour 18 is in no period (each hour "
                      "0..23 must be in exactly one)"}));
}

TEST(TariffReader, MonthInTwoSeasonsAndMonthsInNone) {
  EXPECT_EQ(errors_of("month_twice", edit("[4, 5, 6, 7, 8, 9]", "[3, 4, 5, 6, 7, 8, 9]")),
            (Messages{"tariff.toml:25: season \"summer\": month 3 is in both winter and summer"}));
  EXPECT_EQ(errors_of("month_gap", edit("[4, 5, 6, 7, 8, 9]", "[5, 6, 7, 8]")),
            (Messages{"tariff.toml:17: [[seasons]]: months 4, 9 are in no season (each month "
                      "1..12 must be in exactly one)"}));
  EXPECT_EQ(errors_of("month_bad", edit("[4, 5, 6, 7, 8, 9]", "[4, 5, 6, 7, 8, 9, 13]")),
            (Messages{"tariff.toml:25: season \"summer\": months[6] = 13 (expected a month number "
                      "1..12)"}));
}

TEST(TariffReader, UnknownPeriod) {
  EXPECT_EQ(errors_of("unknown_period", edit("critical_peak = [18]", "criticalpeak = [18]")),
            (Messages{"tariff.toml:26: season \"summer\": hour 18 is in no period (each hour "
                      "0..23 must be in exactly one)",
                      "tariff.toml:29: season \"summer\": period = \"criticalpeak\" (no "
                      "[[periods]] entry of that name; did you mean \"critical_peak\"?)"}));
}

TEST(TariffReader, NegativeCharges) {
  EXPECT_EQ(errors_of("negative_td",
                      edit("transmission_cny_per_mwh = 30", "transmission_cny_per_mwh = -5")),
            (Messages{"tariff.toml:7: voltage level \"220kv\": transmission_cny_per_mwh = -5 "
                      "(must be a finite number >= 0)"}));
  EXPECT_EQ(errors_of("negative_energy",
                      edit("energy_price_cny_per_mwh = 300", "energy_price_cny_per_mwh = -1.5")),
            (Messages{"tariff.toml:4: [charges]: energy_price_cny_per_mwh = -1.5 (must be a "
                      "finite number >= 0)"}));
  EXPECT_EQ(errors_of("negative_funds",
                      edit("energy_price_cny_per_mwh = 300",
                           "energy_price_cny_per_mwh = 300\ngovernment_funds_cny_per_mwh = -43")),
            (Messages{"tariff.toml:5: [charges]: government_funds_cny_per_mwh = -43 (must be a "
                      "finite number >= 0)"}));
  EXPECT_EQ(
      errors_of("zero_ratio", edit("ratio = 0.5", "ratio = 0")),
      (Messages{"tariff.toml:10: period \"valley\": ratio = 0 (must be a finite number > 0)"}));
  EXPECT_EQ(errors_of("text_price",
                      edit("energy_price_cny_per_mwh = 300", "energy_price_cny_per_mwh = \"300\"")),
            (Messages{"tariff.toml:4: [charges]: energy_price_cny_per_mwh = \"300\" (expected a "
                      "number)"}));
}

TEST(TariffReader, UnknownFieldsWithDidYouMean) {
  EXPECT_EQ(errors_of("unknown_field",
                      edit("energy_price_cny_per_mwh = 300", "energy_prise_cny_per_mwh = 300")),
            (Messages{"tariff.toml:3: [charges]: energy_price_cny_per_mwh (is required)",
                      "tariff.toml:4: [charges]: energy_prise_cny_per_mwh (unknown field; did you "
                      "mean \"energy_price_cny_per_mwh\"?)"}));
  EXPECT_EQ(errors_of("unknown_level_field", edit("transmission_cny_per_mwh = 30",
                                                  "transmission_cny_per_mwh = 30\ndemand = 33")),
            (Messages{"tariff.toml:8: voltage level \"220kv\": demand (unknown field; did you mean "
                      "\"demand_charge_cny_per_kw_month\"?)"}));
  EXPECT_EQ(
      errors_of("unknown_section", std::string(kBase) + "[markt]\ncarbon_price_cny_per_t = 90\n"),
      (Messages{"tariff.toml:30: markt (unknown section; did you mean \"market\"?)"}));
  EXPECT_EQ(errors_of("funds_float", std::string(kBase) + "[floating]\ngovernment_funds = true\n"),
            (Messages{"tariff.toml:31: [floating]: government_funds = true (government funds never "
                      "float with time of use (政府性基金及附加不参与峰谷浮动))"}));
}

TEST(TariffReader, BadHourRanges) {
  EXPECT_EQ(
      errors_of("half_hour", edit("critical_peak = [18]", "critical_peak = [\"18:30-19:00\"]")),
      (Messages{"tariff.toml:26: season \"summer\": hour 18 is in no period (each hour "
                "0..23 must be in exactly one)",
                "tariff.toml:29: season \"summer\": hours.critical_peak[0] = \"18:30-19:00\" "
                "(periods are whole hours here: start and end on the hour, like "
                "\"08:00-11:00\")"}));
  EXPECT_EQ(errors_of("hour_24", edit("critical_peak = [18]", "critical_peak = [18, 24]")),
            (Messages{"tariff.toml:29: season \"summer\": hours.critical_peak[1] = 24 (expected "
                      "an hour 0..23 or a range of whole hours like \"08:00-11:00\")"}));
}

TEST(TariffReader, DuplicateNamesAndFlatRatio) {
  EXPECT_EQ(errors_of("dup_level", edit("transmission_cny_per_mwh = 30",
                                        "transmission_cny_per_mwh = 30\n[[voltage_levels]]\nname "
                                        "= \"220kv\"\ntransmission_cny_per_mwh = 20")),
            (Messages{"tariff.toml:9: voltage level \"220kv\": name = \"220kv\" (another voltage "
                      "level has this name (line 6); names must be unique)"}));
  EXPECT_EQ(
      errors_of("flat_ratio",
                edit("name = \"valley\"\nratio = 0.5", "name = \"flat\"\nratio = 0.5")),
      (Messages{"tariff.toml:10: period \"flat\": ratio = 0.5 (must be 1: the per-MWh charges "
                "are the flat period's, and the ratios are relative to it)",
                "tariff.toml:20: season \"winter\": hours 0, 1, 2, 3, 4, 5, 6, 7 are in no "
                "period (each hour 0..23 must be in exactly one)",
                "tariff.toml:21: season \"winter\": period = \"valley\" (no [[periods]] "
                "entry of that name; the periods are flat, peak, critical_peak)",
                "tariff.toml:26: season \"summer\": hours 0, 1, 2, 3, 4, 5, 6, 7 are in no "
                "period (each hour 0..23 must be in exactly one)",
                "tariff.toml:27: season \"summer\": period = \"valley\" (no [[periods]] "
                "entry of that name; the periods are flat, peak, critical_peak)"}));
}

TEST(TariffReader, MissingRequiredParts) {
  EXPECT_EQ(errors_of("no_levels",
                      "[tariff]\nname = \"t\"\n[charges]\n"
                      "energy_price_cny_per_mwh = 300\n"),
            (Messages{"tariff.toml: [[voltage_levels]] (at least one voltage level is required "
                      "(name and transmission_cny_per_mwh))"}));
  EXPECT_EQ(errors_of("periods_no_seasons",
                      "[tariff]\nname = \"t\"\n[charges]\nenergy_price_cny_per_mwh = 300\n"
                      "[[voltage_levels]]\nname = \"10kv\"\ntransmission_cny_per_mwh = 0\n"
                      "[[periods]]\nname = \"flat\"\nratio = 1\n"),
            (Messages{"tariff.toml: [[seasons]] (is required when [[periods]] are given: which "
                      "months and hours are in each period)"}));
}

TEST(TariffReader, MissingFileAndBadToml) {
  TempDir d("missing");
  try {
    (void)read_tariff((d.dir / "nope.toml").string());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(d.strip(e.diagnostics()[0].to_string()), "nope.toml: tariff file not found");
  }
  const auto bad = errors_of("bad_toml", "[tariff]\nname = \"t\n");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].rfind("tariff.toml:2: not valid TOML: ", 0), 0u) << bad[0];
}

TEST(TariffReader, EveryProblemIsReportedAtOnce) {
  std::string content =
      edit("transmission_cny_per_mwh = 30", "transmission_cny_per_mwh = -30\nfoo = 1");
  content.replace(content.find("critical_peak = [18]"), 20, "critical_peak = [17, 18]");
  const auto all = errors_of("many", content);
  EXPECT_EQ(all, (Messages{"tariff.toml:7: voltage level \"220kv\": transmission_cny_per_mwh = -30 "
                           "(must be a finite number >= 0)",
                           "tariff.toml:8: voltage level \"220kv\": foo (unknown field of "
                           "[voltage_levels]; known: name, transmission_cny_per_mwh, "
                           "demand_charge_cny_per_kw_month, capacity_charge_cny_per_kva_month)",
                           "tariff.toml:30: season \"summer\": hour 17 is in both peak and "
                           "critical_peak"}));
}

}  // namespace
}  // namespace parkgrid::tariff
