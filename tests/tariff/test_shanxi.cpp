// The Shanxi tariff files in data/tariffs/ read, and their time of use is the one documented in
// data/tariffs/SOURCES.md: a few hours checked against the rule texts.
#include <gtest/gtest.h>

#include <map>

#include "tariff_test_util.hpp"

namespace parkgrid::tariff {
namespace {

using test::data_file;
using test::hourly;

// Hours of each period over a whole year.
std::map<std::string, int> hours_by_period(const Tariff& t, int year) {
  const Snapshots s = hourly({year, 1, 1, 0, 0}, 8760);
  const HourlyPrices p = hourly_prices(t, s, "220kv");
  std::map<std::string, int> out;
  for (auto name : p.period) ++out[std::string(name)];
  return out;
}

TEST(ShanxiTariff, File2025Reads) {
  const Tariff t = read_tariff(data_file("shanxi_large_industry_2025.toml"));
  EXPECT_EQ(t.valid_from, "2022-01-01");  // 479号 in force before every plan year
  EXPECT_DOUBLE_EQ(t.energy_price_cny_per_mwh, 332.0);
  EXPECT_DOUBLE_EQ(t.government_funds_cny_per_mwh, 43.36875);
  EXPECT_DOUBLE_EQ(t.carbon_price_cny_per_t, 91.8);
  ASSERT_EQ(t.voltage_levels.size(), 4u);
  EXPECT_DOUBLE_EQ(t.voltage("220kv")->transmission_cny_per_mwh, 29.0);
  EXPECT_DOUBLE_EQ(t.voltage("1-10kv")->transmission_cny_per_mwh, 104.0);
  EXPECT_DOUBLE_EQ(t.period("critical_peak")->ratio, 1.92);
  // 晋发改商品发〔2021〕479号: peak 08-11 and 17-23 (9 h), valley 00-07 and 11-13 (9 h), flat 6 h;
  // critical peak 18-20 in January, July, August and December (4 x 31 days x 2 h = 248 h) out of
  // the peak hours. 2025: 365 days.
  const auto h = hours_by_period(t, 2025);
  EXPECT_EQ(h.at("valley"), 365 * 9);
  EXPECT_EQ(h.at("flat"), 365 * 6);
  EXPECT_EQ(h.at("critical_peak"), 248);
  EXPECT_EQ(h.at("peak"), 365 * 9 - 248);
}

TEST(ShanxiTariff, File2025HoursOfTheRule) {
  const Tariff t = read_tariff(data_file("shanxi_large_industry_2025.toml"));
  const Snapshots s = hourly({2025, 1, 1, 0, 0}, 8760);
  const HourlyPrices p = hourly_prices(t, s, "110kv");
  const auto at = [&](int month, int day, int hour) {
    for (Index i = 0; i < s.count; ++i) {
      const DateTime dt = s.time_of(i);
      if (dt.month == month && dt.day == day && dt.hour == hour) return static_cast<std::size_t>(i);
    }
    throw std::logic_error("no such hour");
  };
  EXPECT_EQ(p.period[at(3, 10, 6)], "valley");
  EXPECT_EQ(p.period[at(3, 10, 7)], "flat");
  EXPECT_EQ(p.period[at(3, 10, 8)], "peak");
  EXPECT_EQ(p.period[at(3, 10, 11)], "valley");
  EXPECT_EQ(p.period[at(3, 10, 13)], "flat");
  EXPECT_EQ(p.period[at(3, 10, 18)], "peak");
  EXPECT_EQ(p.period[at(3, 10, 23)], "flat");
  EXPECT_EQ(p.period[at(12, 31, 19)], "critical_peak");
  EXPECT_EQ(p.period[at(6, 30, 19)], "peak");
  // 110 kV T&D 49 CNY/MWh floats: 49 x 1.92 = 94.08 at the critical peak; funds do not float.
  EXPECT_DOUBLE_EQ(p.transmission[at(12, 31, 19)], 49.0 * 1.92);
  EXPECT_DOUBLE_EQ(p.government_funds[at(12, 31, 19)], 43.36875);
  EXPECT_DOUBLE_EQ(p.line_loss[at(12, 31, 19)], 11.69);
}

TEST(ShanxiTariff, File2026Reads) {
  const Tariff t = read_tariff(data_file("shanxi_large_industry_2026.toml"));
  EXPECT_EQ(t.valid_from, "2026-05-01");  // 15号 in force (docs/tariffs.md#tariffs-by-date)
  EXPECT_DOUBLE_EQ(t.period("deep_valley")->ratio, 0.36);
  ASSERT_EQ(t.seasons.size(), 4u);
  // 晋发改商品发〔2026〕15号 as transcribed: summer critical peak 18-21, winter 17-20, none in
  // spring or autumn; valley 02-05 every season, plus midday.
  // 2026: Jun-Aug 92 days x 3 h + Dec, Jan, Feb 31 + 31 + 28 = 90 days x 3 h = 546 h.
  const auto h = hours_by_period(t, 2026);
  EXPECT_EQ(h.at("critical_peak"), 92 * 3 + 90 * 3);
  EXPECT_EQ(h.count("deep_valley"), 0u);  // holidays only, not modelled
  int total = 0;
  for (const auto& [name, n] : h) total += n;
  EXPECT_EQ(total, 8760);
}

}  // namespace
}  // namespace parkgrid::tariff
