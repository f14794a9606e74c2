// Scenarios whose optimum is worked out by hand: the derivation is the comment at the top of
// each tests/cases/*.toml file; the numbers below are the ones derived there. Every case runs
// with each LP method (dual simplex and interior point), as OR-Tools' solver tests do.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>

#include "cases/case_helpers.hpp"
#include "parkgrid/parkgrid.hpp"

namespace parkgrid {
namespace {

using analysis::Results;

Results run_case(const std::string& file, solve::Method method) {
  const Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/" + file);
  solve::Options o;
  o.method = method;
  return optimise(net, o);
}

const analysis::CapacityResult& capacity(const Results& r, const std::string& name,
                                         const std::string& quantity) {
  for (const auto& c : r.summary.capacities)
    if (c.name == name && c.quantity == quantity) return c;
  throw std::runtime_error("no capacity " + name + " " + quantity);
}

using cases::hourly;

using cases::cost_total;

class HandComputed : public ::testing::TestWithParam<solve::Method> {
 protected:
  Results run(const std::string& file) {
    Results r = run_case(file, GetParam());
    EXPECT_TRUE(r.summary.optimal) << file << ": " << r.summary.status;
    // The cost split by component adds up to the objective.
    EXPECT_NEAR(cost_total(r), r.summary.objective_cny,
                1e-6 * std::max(1.0, std::abs(r.summary.objective_cny)))
        << file;
    return r;
  }
};

constexpr double kTol = 1e-5;  // relative, for objectives
double rel(double v) {
  return kTol * std::max(1.0, std::abs(v));
}

TEST_P(HandComputed, MeritOrder) {
  const Results r = run("merit_order.toml");
  EXPECT_NEAR(r.summary.objective_cny, 59000.0, rel(59000.0));
  const auto& cheap = hourly(r, "generators.csv", "cheap");
  const auto& peaker = hourly(r, "generators.csv", "peaker");
  EXPECT_NEAR(cheap[0], 100.0, 1e-6);
  EXPECT_NEAR(peaker[0], 0.0, 1e-6);
  EXPECT_NEAR(cheap[1], 120.0, 1e-6);
  EXPECT_NEAR(peaker[1], 30.0, 1e-6);
  const auto& price = hourly(r, "bus_prices.csv", "park.price_cny_per_mwh");
  EXPECT_NEAR(price[0], 200.0, 1e-4);
  EXPECT_NEAR(price[1], 500.0, 1e-4);
  EXPECT_NEAR(r.summary.load_energy_mwh, 250.0, 1e-9);
  EXPECT_NEAR(r.summary.average_cost_cny_per_kwh, 59000.0 / 250000.0, 1e-9);
}

TEST_P(HandComputed, BatteryArbitrageWithLosses) {
  const Results r = run("battery_arbitrage.toml");
  EXPECT_NEAR(r.summary.objective_cny, 4475.0, rel(4475.0));
  EXPECT_NEAR(hourly(r, "storage_units.csv", "battery.charge_mw")[0], 5.0, 1e-6);
  EXPECT_NEAR(hourly(r, "storage_units.csv", "battery.discharge_mw")[1], 4.05, 1e-6);
  EXPECT_NEAR(hourly(r, "grid.csv", "grid.import_mw")[0], 15.0, 1e-6);
  EXPECT_NEAR(hourly(r, "grid.csv", "grid.import_mw")[1], 5.95, 1e-6);
  const auto& price = hourly(r, "bus_prices.csv", "park.price_cny_per_mwh");
  EXPECT_NEAR(price[0], 100.0, 1e-4);
  EXPECT_NEAR(price[1], 500.0, 1e-4);
}

TEST_P(HandComputed, HourlyExportPriceDecidesWhenTheBatteryDischarges) {
  const Results r = run("export_price.toml");
  EXPECT_NEAR(r.summary.objective_cny, -4500.0, rel(4500.0));
  const auto& charge = hourly(r, "storage_units.csv", "battery.charge_mw");
  const auto& discharge = hourly(r, "storage_units.csv", "battery.discharge_mw");
  const auto& exported = hourly(r, "grid.csv", "grid.export_mw");
  EXPECT_NEAR(charge[0], 10.0, 1e-6);
  for (std::size_t t : {0u, 1u, 3u}) EXPECT_NEAR(discharge[t], 0.0, 1e-6) << t;
  EXPECT_NEAR(discharge[2], 9.0, 1e-6);
  EXPECT_NEAR(exported[2], 9.0, 1e-6);

  // The flat price kept as a sensitivity: the battery has nothing to gain and stays idle.
  Network flat = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/export_price.toml");
  flat.grid.sell_price_cny_per_mwh = TimeSeries(flat.snapshot_count());
  flat.grid.sell_price_cny_per_mwh.add_constant(250.0);
  solve::Options o;
  o.method = GetParam();
  const Results f = optimise(flat, o);
  EXPECT_NEAR(f.summary.objective_cny, -2500.0, rel(2500.0));
  EXPECT_NEAR(hourly(f, "grid.csv", "grid.export_mw")[0], 10.0, 1e-6);
  for (double d : hourly(f, "storage_units.csv", "battery.discharge_mw")) EXPECT_NEAR(d, 0.0, 1e-6);

  // A connection that can import at 300: an export earns at most the hour's buy price.
  Network both = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/export_price.toml");
  both.grid.import_max_mw[0] = 100.0;
  both.grid.buy_price_cny_per_mwh = TimeSeries(both.snapshot_count());
  both.grid.buy_price_cny_per_mwh.add_constant(300.0);
  const Results b = optimise(both, o);
  EXPECT_NEAR(b.summary.objective_cny, -2700.0, rel(2700.0));
  EXPECT_NEAR(cost_total(b), b.summary.objective_cny, 1e-6 * 2700.0);
}

TEST_P(HandComputed, MechanismPriceSettledOnAShareOfTheExports) {
  const Results r = run("mechanism.toml");
  EXPECT_NEAR(r.summary.objective_cny, -4860.0, rel(4860.0));
  EXPECT_NEAR(hourly(r, "grid.csv", "grid.export_mw")[2], 9.0, 1e-6);
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/mechanism.toml");
  // The default reference price: the month's mean sell price.
  for (Index t = 0; t < 5; ++t)
    EXPECT_DOUBLE_EQ(net.grid.mechanism_reference_price_cny_per_mwh.at(0, t), 250.0);
  EXPECT_DOUBLE_EQ(net.grid.mechanism_cny_per_mwh(0, 2), 40.0);
  // A reference above the mechanism price: the project pays 0.4 x 100 per exported MWh.
  net.grid.mechanism_reference_price_cny_per_mwh = TimeSeries(net.snapshot_count());
  net.grid.mechanism_reference_price_cny_per_mwh.add_constant(450.0);
  solve::Options o;
  o.method = GetParam();
  const Results above = optimise(net, o);
  EXPECT_NEAR(above.summary.objective_cny, -4140.0, rel(4140.0));
  EXPECT_NEAR(cost_total(above), above.summary.objective_cny, 1e-6 * 4140.0);
}

TEST_P(HandComputed, PvBuildOutFromAnnuity) {
  const Results r = run("pv_buildout.toml");
  EXPECT_NEAR(capacity(r, "pv", "capacity_mw").optimal, 20.0, 1e-5);
  EXPECT_NEAR(r.summary.objective_cny, 15018137.456981916, rel(15018137.46));
  EXPECT_NEAR(r.summary.curtailment_mwh, 29200.0, 1e-3);
  EXPECT_NEAR(r.summary.grid_import_mwh, 6.0 * 2920.0, 1e-3);
  // Green share: PV delivers 10 + 10 + 4 MW of 10 MW in each snapshot -> (30 - 6) / 30.
  EXPECT_NEAR(r.summary.green_share, 24.0 / 30.0, 1e-6);
}

// The PV chain with the cost per W DC (pv_dc_basis.toml has the hand computation).
TEST_P(HandComputed, PvCapexPerWattDcOnTheAcBasis) {
  const Results r = run("pv_dc_basis.toml");
  EXPECT_NEAR(capacity(r, "pv", "capacity_mw").optimal, 20.0, 1e-5);
  EXPECT_NEAR(r.summary.objective_cny, 15331044.329831012, rel(15331044.33));
  EXPECT_NEAR(r.summary.grid_import_mwh, 6.0 * 2920.0, 1e-3);
}

TEST_P(HandComputed, DemandChargeShavedByBattery) {
  const Results r = run("demand_charge.toml");
  EXPECT_NEAR(r.summary.objective_cny, 153000.0, rel(153000.0));
  EXPECT_NEAR(r.summary.grid_peak_import_mw, 15.0, 1e-6);
  double demand_charge = 0;
  for (const auto& c : r.summary.costs) demand_charge += c.demand_charge_cny;
  EXPECT_NEAR(demand_charge, 150000.0, 1e-3);
}

TEST_P(HandComputed, Co2CapForcesRenewables) {
  const Results r = run("co2_cap.toml");
  EXPECT_NEAR(capacity(r, "wind", "capacity_mw").optimal, 5.0, 1e-5);
  EXPECT_NEAR(r.summary.objective_cny, 29710000.0, rel(29710000.0));
  EXPECT_NEAR(r.summary.co2_t, 65700.0, 1e-2);
  EXPECT_NEAR(r.summary.green_share, 0.25, 1e-6);
}

TEST_P(HandComputed, MinimumGreenShare) {
  const Results r = run("green_share.toml");
  EXPECT_NEAR(capacity(r, "wind", "capacity_mw").optimal, 5.0, 1e-5);
  EXPECT_NEAR(r.summary.objective_cny, 29710000.0, rel(29710000.0));
  EXPECT_NEAR(r.summary.green_share, 0.25, 1e-6);
  EXPECT_NEAR(r.summary.co2_t, 65700.0, 1e-2);
}

TEST_P(HandComputed, SelfConsumptionRuleCapsExports) {
  const Results r = run("self_consumption.toml");
  EXPECT_NEAR(capacity(r, "pv", "capacity_mw").optimal, 50.0 / 3.0, 1e-5);
  EXPECT_NEAR(r.summary.objective_cny, 26886666.67, rel(26886666.67));
  EXPECT_NEAR(r.summary.grid_export_mwh, 29200.0, 1e-2);
}

TEST_P(HandComputed, PlantSuppliedThroughTheConnectionCountsInItsPeak) {
  const Results r = run("supplied_via.toml");
  EXPECT_NEAR(r.summary.objective_cny, 210000.0, rel(210000.0));
  EXPECT_NEAR(hourly(r, "generators.csv", "linked_coal")[1], 15.0, 1e-6);
}

TEST(Formulate, ImportLimitIncludesPlantsSuppliedThroughTheConnection) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/supplied_via.toml");
  net.grid.import_max_mw[0] = 18.0;  // 20 MW in the second hour cannot arrive
  EXPECT_EQ(optimise(net, {}).summary.status, "infeasible");
  net.grid.import_max_mw[0] = 20.0;
  EXPECT_TRUE(optimise(net, {}).summary.optimal);
}

TEST_P(HandComputed, HydrogenStoreThroughLink) {
  const Results r = run("hydrogen.toml");
  EXPECT_NEAR(r.summary.objective_cny, 4010.0, rel(4010.0));
  EXPECT_NEAR(capacity(r, "tank", "energy_mwh").optimal, 10.0, 1e-5);
  EXPECT_NEAR(hourly(r, "links.csv", "electrolyser.input_mw")[0], 40.0, 1e-5);
  EXPECT_NEAR(hourly(r, "links.csv", "electrolyser.input_mw")[1], 0.0, 1e-5);
  EXPECT_NEAR(hourly(r, "stores.csv", "tank.dispatch_mw")[1], 10.0, 1e-5);
}

TEST_P(HandComputed, InfeasibleIsExplained) {
  const Results r = run_case("infeasible.toml", GetParam());
  EXPECT_EQ(r.summary.status, "infeasible");
  ASSERT_EQ(r.summary.violations.size(), 1u);
  const analysis::Violation& v = r.summary.violations[0];
  EXPECT_EQ(v.constraint, "bus_balance");
  EXPECT_EQ(v.component, "park_110kv");
  EXPECT_EQ(v.kind, "shortage");
  EXPECT_NEAR(v.peak_mw, 5.0, 1e-6);
  EXPECT_NEAR(v.amount, 15.0, 1e-6);
  EXPECT_EQ(v.hours, 3);
  EXPECT_NE(v.message.find("bus \"park_110kv\" is short by 5.0 MW"), std::string::npos)
      << v.message;
  EXPECT_NE(v.message.find("load 30.0 MW, at most 25.0 MW can be supplied"), std::string::npos)
      << v.message;
  // The grid at its 20 MW is named as the limit that binds.
  EXPECT_NE(v.message.find("grid connection \"grid\" imports its limit of 20.0 MW (import_max_mw)"),
            std::string::npos)
      << v.message;
}

INSTANTIATE_TEST_SUITE_P(Methods, HandComputed,
                         ::testing::Values(solve::Method::kSimplex, solve::Method::kIpm),
                         [](const auto& param_info) {
                           return param_info.param == solve::Method::kSimplex
                                      ? std::string("simplex")
                                      : std::string("ipm");
                         });

// The infeasible CO2 cap and green share are explained in the model's words.
TEST(Explain, PolicyTargetsThatCannotBeMet) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/co2_cap.toml");
  net.generators.capacity_mw.max[1] = 2.0;  // wind at most 2 MW: 8,760 MWh of coal can go
  const Results r = optimise(net, {});
  ASSERT_EQ(r.summary.status, "infeasible");
  ASSERT_EQ(r.summary.violations.size(), 1u);
  EXPECT_EQ(r.summary.violations[0].constraint, "co2_cap");
  // At most 2 MW * 4,380 h of coal is displaced: 87,600 - 8,760 = 78,840 t, 13,140 t over.
  EXPECT_NEAR(r.summary.violations[0].amount, 13140.0, 1e-3);
}

}  // namespace
}  // namespace parkgrid

namespace parkgrid {
namespace {

TEST(Explain, SelfConsumptionShortfall) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/self_consumption.toml");
  net.generators.capacity_mw.min[0] = 50.0;  // 50 MW must be built: 219,000 MWh available
  net.grid.export_max_mw[0] = 0.0;           // and the surplus cannot be sold
  const analysis::Results r = optimise(net, {});
  ASSERT_EQ(r.summary.status, "infeasible");
  ASSERT_EQ(r.summary.violations.size(), 1u);
  // 60 % of 219,000 MWh must be used in the park; the load takes 10 MW x 4,380 h = 43,800 MWh.
  EXPECT_EQ(r.summary.violations[0].constraint, "self_consumption");
  EXPECT_NEAR(r.summary.violations[0].amount, 0.6 * 219000.0 - 43800.0, 1e-3);
}

TEST(Explain, GreenShareShortfallInMwh) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/green_share.toml");
  net.policy.min_green_share = 0.6;
  net.generators.capacity_mw.max[1] = 2.0;  // wind at most 2 MW: 8,760 MWh a year
  const analysis::Results r = optimise(net, {});
  ASSERT_EQ(r.summary.status, "infeasible");
  ASSERT_EQ(r.summary.violations.size(), 1u);
  // 60 % of 87,600 MWh is 52,560 MWh of renewable energy; 8,760 MWh are possible.
  EXPECT_EQ(r.summary.violations[0].constraint, "green_share");
  EXPECT_NEAR(r.summary.violations[0].amount, 52560.0 - 8760.0, 1e-3);
  EXPECT_NE(r.summary.violations[0].message.find("about 43800 MWh more renewable"),
            std::string::npos)
      << r.summary.violations[0].message;
}

}  // namespace
}  // namespace parkgrid
