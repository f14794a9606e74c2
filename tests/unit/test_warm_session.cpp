// parkgrid::WarmSession (src/analysis/pipeline.cpp): re-solves in place when only costs, bounds
// and coefficients change, loads afresh otherwise, and answers as optimise() does. Hand-computed on
// the merit-order case (tests/cases/merit_order.toml: load 100 MW then 150 MW, cheap 120 MW at 200
// CNY/MWh, peaker 100 MW at 500 CNY/MWh).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "parkgrid/parkgrid.hpp"

namespace parkgrid {
namespace {

Network merit_order() {
  return io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/merit_order.toml");
}

solve::Options simplex() {
  solve::Options o;
  o.method = solve::Method::kSimplex;
  o.threads = 1;
  return o;
}

TEST(WarmSession, CostAndBoundChangesReSolveInPlace) {
  WarmSession w;
  Network net = merit_order();
  const analysis::Results first = w.optimise(net, simplex());
  EXPECT_FALSE(w.last_warm());  // nothing loaded yet
  EXPECT_EQ(first.summary.status, "optimal");
  EXPECT_NEAR(first.summary.objective_cny, 100 * 200 + 120 * 200 + 30 * 500, 1e-6);

  // The peaker at 300 CNY/MWh: t1 = cheap 120 + peaker 30.
  auto row = net.generators.marginal_cost_cny_per_mwh.mutable_row(1);
  std::fill(row.begin(), row.end(), 300.0);
  const analysis::Results cheaper = w.optimise(net, simplex());
  EXPECT_TRUE(w.last_warm());
  EXPECT_GT(w.changed_entries(), 0u);
  EXPECT_NEAR(cheaper.summary.objective_cny, 100 * 200 + 120 * 200 + 30 * 300, 1e-6);

  // The cheap unit down to 100 MW (a bound): t1 = cheap 100 + peaker 50.
  net.generators.capacity_mw.existing[0] = 100.0;
  const analysis::Results smaller = w.optimise(net, simplex());
  EXPECT_TRUE(w.last_warm());
  EXPECT_NEAR(smaller.summary.objective_cny, 100 * 200 + 100 * 200 + 50 * 300, 1e-6);
  EXPECT_NEAR(smaller.summary.objective_cny, optimise(net, simplex()).summary.objective_cny, 1e-6);

  // The same network again: nothing to push, still warm, the same answer.
  const analysis::Results again = w.optimise(net, simplex());
  EXPECT_TRUE(w.last_warm());
  EXPECT_EQ(w.changed_entries(), 0u);
  EXPECT_NEAR(again.summary.objective_cny, smaller.summary.objective_cny, 1e-6);
}

// tests/cases/battery_arbitrage.toml: charging 5 MW at 100 CNY/MWh to discharge at 500 with
// efficiencies 0.9 and 0.9 costs 4,475 CNY. The efficiencies are matrix coefficients (the state
// of charge rows); at 0.8 and 0.8 the 5 MW charged give 0.64 x 5 = 3.2 MW back:
// 100 x 15 + 500 x 6.8 = 4,900 CNY, re-solved in place.
void set_battery_efficiencies(Network& net, double efficiency) {
  auto& su = net.storage_units;
  std::fill(su.efficiency_charge.begin(), su.efficiency_charge.end(), efficiency);
  std::fill(su.efficiency_discharge.begin(), su.efficiency_discharge.end(), efficiency);
}

TEST(WarmSession, CoefficientChangesReSolveInPlace) {
  WarmSession w;
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/battery_arbitrage.toml");
  const analysis::Results first = w.optimise(net, simplex());
  EXPECT_NEAR(first.summary.objective_cny, 4475.0, 1e-6);
  set_battery_efficiencies(net, 0.8);
  const analysis::Results lossier = w.optimise(net, simplex());
  EXPECT_TRUE(w.last_warm());
  EXPECT_GT(w.changed_entries(), 0u);
  EXPECT_EQ(lossier.summary.status, "optimal");
  EXPECT_NEAR(lossier.summary.objective_cny, 4900.0, 1e-6);
  EXPECT_NEAR(lossier.summary.objective_cny, optimise(net, simplex()).summary.objective_cny, 1e-6);
  // And back: the coefficients return, the first answer with them.
  set_battery_efficiencies(net, 0.9);
  const analysis::Results back = w.optimise(net, simplex());
  EXPECT_TRUE(w.last_warm());
  EXPECT_NEAR(back.summary.objective_cny, 4475.0, 1e-6);
}

TEST(WarmSession, AnotherStructureIsSolvedCold) {
  WarmSession w;
  (void)w.optimise(merit_order(), simplex());
  const Network other =
      io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/battery_arbitrage.toml");
  const analysis::Results r = w.optimise(other, simplex());
  EXPECT_FALSE(w.last_warm());
  EXPECT_NEAR(r.summary.objective_cny, optimise(other, simplex()).summary.objective_cny, 1e-6);
}

TEST(WarmSession, InfeasibleSampleIsExplainedAndTheNextOneSolves) {
  WarmSession w;
  Network net = merit_order();
  (void)w.optimise(net, simplex());
  Network short_of_supply = net;
  short_of_supply.generators.capacity_mw.existing[1] = 0.0;  // t1 needs 150 MW, 120 available
  const analysis::Results bad = w.optimise(short_of_supply, simplex());
  EXPECT_TRUE(w.last_warm());
  EXPECT_EQ(bad.summary.status, "infeasible");
  EXPECT_FALSE(bad.summary.violations.empty());
  const analysis::Results good = w.optimise(net, simplex());
  EXPECT_EQ(good.summary.status, "optimal");
  EXPECT_NEAR(good.summary.objective_cny, 100 * 200 + 120 * 200 + 30 * 500, 1e-6);
}

}  // namespace
}  // namespace parkgrid
