// Bills worked out by hand: each test derives its figures in the comment above them.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "tariff_test_util.hpp"

namespace parkgrid::tariff {
namespace {

using test::hourly;
using test::TempDir;

// Two periods: valley 00:00-08:00 at 0.5, peak 08:00-24:00 at 1.25. Energy and T&D float; line
// loss, system operation and funds do not.
const char* kTwoPeriod = R"([tariff]
name = "two-period test tariff"

[charges]
energy_price_cny_per_mwh = 400
line_loss_cny_per_mwh = 10
system_operation_cny_per_mwh = 20
government_funds_cny_per_mwh = 40

[floating]
energy = true
transmission = true

[[voltage_levels]]
name = "10kv"
transmission_cny_per_mwh = 100
demand_charge_cny_per_kw_month = 30
capacity_charge_cny_per_kva_month = 20

[[periods]]
name = "valley"
ratio = 0.5

[[periods]]
name = "peak"
ratio = 1.25

[[seasons]]
name = "all_year"
months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
[seasons.hours]
valley = ["00:00-08:00"]
peak = ["08:00-24:00"]
)";

Tariff two_period(const std::string& test) {
  TempDir d(test);
  return read_tariff(d.add("tariff.toml", kTwoPeriod));
}

TEST(TariffBill, FlatLoadOverOneDayWithTwoPeriods) {
  const Tariff t = two_period("flat_day");
  const Snapshots s = hourly({2025, 3, 1, 0, 0}, 24);
  const std::vector<double> load(24, 10.0);
  const Bill b = bill(t, s, load, {"10kv"});
  // 10 MW for 24 h = 240 MWh: 80 MWh in the valley (8 h), 160 MWh at peak (16 h).
  //   energy   = 80 x 400 x 0.5 + 160 x 400 x 1.25 = 16,000 + 80,000 = 96,000 CNY
  //   T&D      = 80 x 100 x 0.5 + 160 x 100 x 1.25 =  4,000 + 20,000 = 24,000 CNY
  //   line loss = 240 x 10 = 2,400; system operation = 240 x 20 = 4,800; funds = 240 x 40 = 9,600
  //   demand   = one month (March) x 10 MW = 10,000 kW x 30 CNY/kW-month = 300,000 CNY
  //   total    = 96,000 + 24,000 + 2,400 + 4,800 + 9,600 + 300,000 = 436,800 CNY
  //   average  = 436,800 / 240,000 kWh = 1.82 CNY/kWh
  EXPECT_DOUBLE_EQ(b.energy_mwh, 240.0);
  EXPECT_DOUBLE_EQ(b.energy_cny, 96'000.0);
  EXPECT_DOUBLE_EQ(b.transmission_cny, 24'000.0);
  EXPECT_DOUBLE_EQ(b.line_loss_cny, 2'400.0);
  EXPECT_DOUBLE_EQ(b.system_operation_cny, 4'800.0);
  EXPECT_DOUBLE_EQ(b.government_funds_cny, 9'600.0);
  EXPECT_DOUBLE_EQ(b.demand_charge_cny, 300'000.0);
  EXPECT_DOUBLE_EQ(b.capacity_charge_cny, 0.0);
  EXPECT_DOUBLE_EQ(b.total_cny(), 436'800.0);
  EXPECT_DOUBLE_EQ(b.average_cny_per_kwh(), 1.82);
}

TEST(TariffBill, HourlyPricesFollowThePeriods) {
  const Tariff t = two_period("hourly_prices");
  const Snapshots s = hourly({2025, 3, 1, 0, 0}, 24);
  const HourlyPrices p = hourly_prices(t, s, "10kv");
  ASSERT_EQ(p.energy.size(), 24u);
  // 07:00 is the last valley hour (400 x 0.5 = 200; T&D 100 x 0.5 = 50), 08:00 the first peak
  // hour (400 x 1.25 = 500; T&D 125). Non-floating parts are the same in both.
  EXPECT_EQ(p.period[7], "valley");
  EXPECT_EQ(p.period[8], "peak");
  EXPECT_DOUBLE_EQ(p.energy[7], 200.0);
  EXPECT_DOUBLE_EQ(p.energy[8], 500.0);
  EXPECT_DOUBLE_EQ(p.transmission[7], 50.0);
  EXPECT_DOUBLE_EQ(p.transmission[8], 125.0);
  EXPECT_DOUBLE_EQ(p.line_loss[7], 10.0);
  EXPECT_DOUBLE_EQ(p.line_loss[8], 10.0);
  EXPECT_DOUBLE_EQ(p.system_operation[8], 20.0);
  EXPECT_DOUBLE_EQ(p.government_funds[8], 40.0);
  // total() = 500 + 125 + 10 + 20 + 40 = 695 at 08:00; 200 + 50 + 70 = 320 at 07:00.
  EXPECT_DOUBLE_EQ(p.total()[8], 695.0);
  EXPECT_DOUBLE_EQ(p.total()[7], 320.0);
  EXPECT_DOUBLE_EQ(p.demand_charge_cny_per_kw_month, 30.0);
  EXPECT_DOUBLE_EQ(p.capacity_charge_cny_per_kva_month, 20.0);
}

TEST(TariffBill, FlatLoadForOneWeekOfJulyUnderTheShanxiTariff) {
  const Tariff t = read_tariff(test::data_file("shanxi_large_industry_2025.toml"));
  // Monday 2025-07-07 00:00 to Sunday 2025-07-13 24:00: 168 hours, all in July, a critical-peak
  // month of 晋发改商品发〔2021〕479号.
  const Snapshots s = hourly({2025, 7, 7, 0, 0}, 168);
  const std::vector<double> load(168, 10.0);
  const Bill b = bill(t, s, load, {"220kv"});
  // A July day: valley 9 h (00-07, 11-13) x 0.45, flat 6 h (07-08, 13-17, 23-24) x 1,
  // peak 7 h (08-11, 17-18, 20-23) x 1.6, critical peak 2 h (18-20) x 1.92:
  //   ratio-hours a day = 9 x 0.45 + 6 + 7 x 1.6 + 2 x 1.92 = 4.05 + 6 + 11.2 + 3.84 = 25.09;
  //   a week: 7 x 25.09 = 175.63. Energy and T&D float in this file; the rest does not.
  //   energy    = 10 MW x 332 CNY/MWh x 175.63 h = 583,091.6 CNY
  //   T&D       = 10 x 29 (220 kV) x 175.63     =  50,932.7 CNY
  //   line loss = 1,680 MWh x 11.69    =  19,639.2 CNY
  //   system op = 1,680 x 20           =  33,600.0 CNY
  //   funds     = 1,680 x 43.36875     =  72,859.5 CNY
  //   demand    = July is present: 10,000 kW x 33 CNY/kW-month = 330,000 CNY (a whole month's
  //               charge for one week: the charge is per calendar month present)
  //   total     = 583,091.6 + 50,932.7 + 19,639.2 + 33,600 + 72,859.5 + 330,000 = 1,090,123.0
  EXPECT_NEAR(b.energy_mwh, 1'680.0, 1e-9);
  EXPECT_NEAR(b.energy_cny, 583'091.6, 1e-6);
  EXPECT_NEAR(b.transmission_cny, 50'932.7, 1e-6);
  EXPECT_NEAR(b.line_loss_cny, 19'639.2, 1e-6);
  EXPECT_NEAR(b.system_operation_cny, 33'600.0, 1e-6);
  EXPECT_NEAR(b.government_funds_cny, 72'859.5, 1e-6);
  EXPECT_NEAR(b.demand_charge_cny, 330'000.0, 1e-6);
  EXPECT_NEAR(b.total_cny(), 1'090'123.0, 1e-6);

  // The critical peak is counted: 2 h a day, 14 h in the week, at 332 x 1.92 = 637.44 CNY/MWh.
  const HourlyPrices p = hourly_prices(t, s, "220kv");
  int critical = 0;
  for (std::size_t i = 0; i < p.period.size(); ++i) {
    if (p.period[i] != "critical_peak") continue;
    ++critical;
    const int hour = s.hour_of_day(static_cast<Index>(i));
    EXPECT_TRUE(hour == 18 || hour == 19) << s.label(static_cast<Index>(i));
    EXPECT_DOUBLE_EQ(p.energy[i], 637.44);
  }
  EXPECT_EQ(critical, 14);
}

TEST(TariffBill, DemandChargeOverTwoMonthsWithDifferentPeaks) {
  const Tariff t = two_period("demand_two_months");
  // 2025-01-31 22:00 and 23:00 (January), 2025-02-01 00:00 and 01:00 (February); loads 5, 8, 3,
  // 6 MW. Monthly maxima: January 8 MW, February 6 MW.
  //   demand charge = (8,000 + 6,000) kW x 30 CNY/kW-month = 420,000 CNY
  //   energy: all four hours are valley or late peak: 22:00 and 23:00 at peak (500/MWh), 00:00
  //   and 01:00 in the valley (200/MWh): 5 x 500 + 8 x 500 + 3 x 200 + 6 x 200 = 8,300 CNY
  const Snapshots s = hourly({2025, 1, 31, 22, 0}, 4);
  ASSERT_EQ(s.num_months, 2);
  const std::vector<double> load = {5.0, 8.0, 3.0, 6.0};
  const Bill b = bill(t, s, load, {"10kv"});
  EXPECT_DOUBLE_EQ(b.demand_charge_cny, 420'000.0);
  EXPECT_DOUBLE_EQ(b.energy_mwh, 22.0);
  EXPECT_DOUBLE_EQ(b.energy_cny, 8'300.0);
  EXPECT_DOUBLE_EQ(b.capacity_charge_cny, 0.0);
}

TEST(TariffBill, CapacityChargeOnContractedKvaPerMonthPresent) {
  const Tariff t = two_period("capacity");
  // 2025-01-15 00:00 for 60 days x 24 h: 15 January to 15 March, three calendar months.
  //   capacity charge = 3 months x 20,000 kVA x 20 CNY/kVA-month = 1,200,000 CNY; no demand charge
  const Snapshots s = hourly({2025, 1, 15, 0, 0}, 60 * 24);
  ASSERT_EQ(s.num_months, 3);
  const std::vector<double> load(static_cast<std::size_t>(s.count), 12.0);
  BillOptions o;
  o.voltage_level = "10kv";
  o.basis = FixedChargeBasis::kContractedCapacity;
  o.contracted_capacity_kva = 20'000;
  const Bill b = bill(t, s, load, o);
  EXPECT_DOUBLE_EQ(b.capacity_charge_cny, 1'200'000.0);
  EXPECT_DOUBLE_EQ(b.demand_charge_cny, 0.0);
}

TEST(TariffBill, EnergiesAreWeightedByWeightHours) {
  const Tariff t = two_period("weights");
  // Three snapshots from 2025-03-01 10:00 (peak, energy 500 CNY/MWh) standing for 1, 2 and 3 h:
  //   energy = 10 MW x (1 + 2 + 3) h = 60 MWh; energy cost = 60 x 500 = 30,000 CNY;
  //   the demand charge is on power, not energy: 10,000 kW x 30 = 300,000 CNY.
  Snapshots s = hourly({2025, 3, 1, 10, 0}, 3);
  s.weight_hours = {1.0, 2.0, 3.0};
  const std::vector<double> load(3, 10.0);
  const Bill b = bill(t, s, load, {"10kv"});
  EXPECT_DOUBLE_EQ(b.energy_mwh, 60.0);
  EXPECT_DOUBLE_EQ(b.energy_cny, 30'000.0);
  EXPECT_DOUBLE_EQ(b.demand_charge_cny, 300'000.0);
}

TEST(TariffBill, PartsAddUpToTheTotal) {
  const Tariff t = read_tariff(test::data_file("shanxi_large_industry_2025.toml"));
  const Snapshots s = hourly({2025, 1, 1, 0, 0}, 8760);
  // A load that moves with the hour and the month: 50-150 MW.
  std::vector<double> load(8760);
  for (std::size_t i = 0; i < load.size(); ++i)
    load[i] = 100.0 + 40.0 * std::sin(static_cast<double>(i) * 0.2618) +
              10.0 * std::cos(static_cast<double>(i) / 730.0);
  for (const char* level : {"1-10kv", "35kv", "110kv", "220kv"}) {
    const Bill b = bill(t, s, load, {level});
    const double parts = b.energy_cny + b.transmission_cny + b.line_loss_cny +
                         b.system_operation_cny + b.government_funds_cny + b.demand_charge_cny +
                         b.capacity_charge_cny;
    EXPECT_NEAR(b.total_cny(), parts, 1e-6 * parts) << level;
    // The per-MWh parts equal the load times the hourly total price.
    const HourlyPrices p = hourly_prices(t, s, level);
    const std::vector<double> total = p.total();
    double energy_related = 0;
    for (std::size_t i = 0; i < load.size(); ++i) energy_related += load[i] * total[i];
    EXPECT_NEAR(energy_related, b.total_cny() - b.demand_charge_cny, 1e-9 * b.total_cny()) << level;
    EXPECT_NEAR(b.energy_mwh, std::accumulate(load.begin(), load.end(), 0.0), 1e-6);
    EXPECT_GT(b.demand_charge_cny, 0.0);
  }
}

TEST(TariffBill, UnknownVoltageLevelIsAnInputErrorNamingTheLevels) {
  TempDir d("unknown_voltage");
  const std::string path = d.add("tariff.toml", kTwoPeriod);
  const Tariff t = read_tariff(path);
  const Snapshots s = hourly({2025, 3, 1, 0, 0}, 24);
  try {
    (void)hourly_prices(t, s, "110kv");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(d.strip(e.diagnostics()[0].to_string()),
              "tariff.toml: voltage level = \"110kv\" (not in the tariff, which has \"10kv\"; did "
              "you mean \"10kv\"?)");
  }
  const std::vector<double> load(24, 1.0);
  EXPECT_THROW((void)bill(t, s, load, {"1kv"}), InputError);
}

TEST(TariffBill, LoadOfTheWrongLengthIsABug) {
  const Tariff t = two_period("wrong_length");
  const Snapshots s = hourly({2025, 3, 1, 0, 0}, 24);
  const std::vector<double> load(23, 1.0);
  EXPECT_THROW((void)bill(t, s, load, {"10kv"}), std::invalid_argument);
}

TEST(TariffBill, MonthsAreIndexedWhenTheCallerHasNotDoneIt) {
  const Tariff t = two_period("unindexed");
  // Same two-month case as above, without index_months() and without weights (step_hours = 1).
  Snapshots s;
  s.start = {2025, 1, 31, 22, 0};
  s.count = 4;
  const std::vector<double> load = {5.0, 8.0, 3.0, 6.0};
  const Bill b = bill(t, s, load, {"10kv"});
  EXPECT_DOUBLE_EQ(b.demand_charge_cny, 420'000.0);
  EXPECT_DOUBLE_EQ(b.energy_mwh, 22.0);
}

TEST(TariffBill, ATariffWithoutTimeOfUseIsFlat) {
  TempDir d("no_tou");
  const Tariff t = read_tariff(d.add("tariff.toml", R"([tariff]
name = "flat"
[charges]
energy_price_cny_per_mwh = 300
[[voltage_levels]]
name = "10kv"
transmission_cny_per_mwh = 50
)"));
  const Snapshots s = hourly({2025, 6, 1, 0, 0}, 48);
  const HourlyPrices p = hourly_prices(t, s, "10kv");
  for (std::size_t i = 0; i < p.energy.size(); ++i) {
    EXPECT_EQ(p.period[i], "flat");
    EXPECT_DOUBLE_EQ(p.total()[i], 350.0);
  }
}

}  // namespace
}  // namespace parkgrid::tariff
