// Supply arrangements ([paths] arrangement, docs/tariffs.md#supply-arrangements): the
// hand-computed case tests/cases/arrangement/linkage_cap.toml under the linkage contract (linked
// price plus the network charges of the tariff, the plant's output capped by a group constraint
// that binds), as a captive plant and with grid supply alone; the plan's period networks priced
// the same way; bad arrangements refused by name.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "cases/case_helpers.hpp"
#include "parkgrid/formulate.hpp"
#include "parkgrid/parkgrid.hpp"
#include "parkgrid/planning.hpp"

namespace parkgrid {
namespace {

using analysis::Results;

std::string case_file(const std::string& file) {
  return std::string(PARKGRID_TEST_CASES_DIR) + "/arrangement/" + file;
}

Network with_arrangement(const std::string& arrangement) {
  Network net = io::read_scenario(case_file("linkage_cap.toml"));
  net.paths.arrangement = arrangement;
  return net;
}

// Worked out in linkage_cap.toml.
constexpr double kLinked = 700.0 * (3.6 / 29.3076) / 0.4 + 50.0;  // 264.9613 CNY/MWh
constexpr double kDelivered = kLinked + 110.0;                    // 374.9613 CNY/MWh

class Arrangement : public ::testing::TestWithParam<solve::Method> {
 protected:
  Results run(const Network& net) {
    solve::Options o;
    o.method = GetParam();
    Results r = optimise(net, o);
    EXPECT_TRUE(r.summary.optimal) << r.summary.status;
    EXPECT_NEAR(cases::cost_total(r), r.summary.objective_cny,
                1e-6 * std::max(1.0, std::abs(r.summary.objective_cny)));
    return r;
  }
};

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

TEST_P(Arrangement, LinkageContractWithBindingCap) {
  const Network net = with_arrangement("linkage");
  const Results r = run(net);
  EXPECT_NEAR(kLinked, 264.96130696, 1e-6);
  EXPECT_NEAR(r.summary.objective_cny, 1800.0 * kDelivered + 600.0 * 410.0, 1e-3);
  EXPECT_NEAR(r.summary.objective_cny, 920930.35, 0.01);
  EXPECT_NEAR(sum(cases::hourly(r, "generators.csv", "coal")), 1800.0, 1e-5);
  ASSERT_EQ(r.summary.group_constraints.size(), 1u);
  const auto& g = r.summary.group_constraints[0];
  EXPECT_EQ(g.name, "linkage_energy_cap");
  EXPECT_NEAR(g.bound, 1800.0, 1e-6);
  EXPECT_TRUE(g.binding);
  EXPECT_NEAR(g.shadow_price_cny_per_unit, -(410.0 - kDelivered), 1e-5);
  // The scenario as read is left as written: the arrangement is applied to a copy.
  EXPECT_EQ(net.generators.marginal_cost_cny_per_mwh.at(0, 0), 100.0);
  Network arranged = net;
  apply_supply_arrangement(arranged);
  // The linked price as the plant's marginal cost, the network charges as the delivery charge
  // of the connection it is supplied through.
  EXPECT_NEAR(arranged.generators.marginal_cost_cny_per_mwh.at(0, 5), kLinked, 1e-9);
  EXPECT_NEAR(arranged.grid.delivery_charge_cny_per_mwh.at(0, 5), 110.0, 1e-9);
  EXPECT_EQ(arranged.generators.supplied_via[0], 0);
  EXPECT_EQ(net.group_constraints.size(), 0);
  EXPECT_EQ(arranged.group_constraints.size(), 1);
  // Applied once: a second call changes nothing.
  apply_supply_arrangement(arranged);
  EXPECT_NEAR(arranged.generators.marginal_cost_cny_per_mwh.at(0, 5), kLinked, 1e-9);
  EXPECT_NEAR(arranged.grid.delivery_charge_cny_per_mwh.at(0, 5), 110.0, 1e-9);
  EXPECT_EQ(arranged.group_constraints.size(), 1);
}

TEST_P(Arrangement, CaptivePlantAtItsOwnCost) {
  const Results r = run(with_arrangement("captive"));
  EXPECT_NEAR(r.summary.objective_cny, 240000.0, 1e-3);
  EXPECT_TRUE(r.summary.group_constraints.empty());
}

TEST_P(Arrangement, GridSupplyWithoutThePlant) {
  const Results r = run(with_arrangement("grid"));
  EXPECT_NEAR(r.summary.objective_cny, 984000.0, 1e-3);
  EXPECT_NEAR(sum(cases::hourly(r, "generators.csv", "coal")), 0.0, 1e-6);
  EXPECT_TRUE(r.summary.group_constraints.empty());
}

// Worked out in linkage_flat.toml: the same contract free and as a flat 24-hour block.
TEST_P(Arrangement, FlatLinkageContractIsADailyBlock) {
  Network flat = io::read_scenario(case_file("linkage_flat.toml"));
  Network free = flat;
  free.paths.linkage_shape = "free";
  const Results rf = run(free);
  EXPECT_NEAR(rf.summary.objective_cny, 2.0 * (1200.0 * kDelivered + 1200.0 * 260.0), 1e-4);
  const Results rb = run(flat);
  EXPECT_NEAR(rb.summary.objective_cny, 2.0 * (1800.0 * kDelivered + 300.0 * 560.0 + 300.0 * 260.0),
              1e-4);
  // Flat within each day, the two days together at the cap.
  const auto& coal = cases::hourly(rb, "generators.csv", "coal");
  for (std::size_t t = 0; t < 48; ++t)
    EXPECT_NEAR(coal[t], coal[t / 24 * 24], 1e-6) << "hour " << t;
  EXPECT_NEAR(sum(coal), 3600.0, 1e-6);
  // 23 equality rows a day; the last snapshot of each day is free.
  Network arranged = flat;
  apply_supply_arrangement(arranged);
  const formulate::Model m = formulate::build(arranged);
  ASSERT_EQ(m.layout.linkage_block.size(), 48);
  int equalities = 0;
  for (Index t = 0; t < 48; ++t)
    if (m.lp.row_lower[static_cast<std::size_t>(m.layout.linkage_block.at(0, t))] == 0.0)
      ++equalities;
  EXPECT_EQ(equalities, 46);
}

// linkage_flat.toml with the contract as a curve (linkage_shape = "profile", rows
// "linkage_block"): each hour's output in proportion to its share, worked out by hand per day
// (the two days alike; plant 100 MW at 374.9613 delivered, grid 560 from 08:00 to 20:00 and 260
// otherwise, load 100 MW, cap 3,600 MWh over the two days):
//   (a) shares 1 in the 12 valley hours, 2 in the 12 peak hours (mean-1 curve 2/3 and 4/3):
//       each MW of the day's mean b costs 24 x 374.9613 = 8,999.07 and saves 12 x 4/3 x 560 +
//       12 x 2/3 x 260 = 11,040: b as large as the plant allows, 4/3 b <= 100, b = 75: 100 MW in
//       the peak, 50 MW in the valley. 1,800 x 374.9613 + 600 x 260 = 830,930.35 CNY a day.
//   (b) shares 0 in the valley: 100 MW in the 12 peak hours, as the free contract:
//       1,200 x 374.9613 + 1,200 x 260 = 761,953.56 CNY a day.
//   (c) 1 from 08:00 to 12:00, 0 at 12:00 and 13:00, 2 from 14:00 to 20:00, 0 otherwise: the
//       hours around the empty ones stay linked, 50 MW for 4 h and 100 MW for 6 h (unlinked,
//       the first four would run at 100): 800 x 374.9613 + 400 x 560 + 1,200 x 260
//       = 835,969.05 CNY a day.
TEST_P(Arrangement, LinkageContractAsADailyCurve) {
  const Network base = io::read_scenario(case_file("linkage_flat.toml"));
  const auto with_profile = [&](const std::vector<double>& shares) {
    Network net = base;
    net.paths.linkage_shape = "profile";
    net.paths.linkage_profile = shares;
    return net;
  };
  std::vector<double> a(24, 1.0), b(24, 0.0), c(24, 0.0);
  for (std::size_t h = 8; h < 20; ++h) a[h] = 2.0, b[h] = 1.0, c[h] = h < 12 ? 1.0 : 2.0;
  c[12] = c[13] = 0.0;

  const Results ra = run(with_profile(a));
  EXPECT_NEAR(ra.summary.objective_cny, 2.0 * (1800.0 * kDelivered + 600.0 * 260.0), 1e-4);
  const auto& coal_a = cases::hourly(ra, "generators.csv", "coal");
  for (std::size_t t = 0; t < 48; ++t)
    EXPECT_NEAR(coal_a[t], t % 24 >= 8 && t % 24 < 20 ? 100.0 : 50.0, 1e-5) << "hour " << t;

  const Results rb = run(with_profile(b));
  EXPECT_NEAR(rb.summary.objective_cny, 2.0 * (1200.0 * kDelivered + 1200.0 * 260.0), 1e-4);

  const Results rc = run(with_profile(c));
  EXPECT_NEAR(rc.summary.objective_cny, 2.0 * (800.0 * kDelivered + 400.0 * 560.0 + 1200.0 * 260.0),
              1e-4);
  const auto& coal_c = cases::hourly(rc, "generators.csv", "coal");
  for (std::size_t t = 0; t < 48; ++t) {
    const std::size_t h = t % 24;
    const double want = h >= 8 && h < 12 ? 50.0 : h >= 14 && h < 20 ? 100.0 : 0.0;
    EXPECT_NEAR(coal_c[t], want, 1e-5) << "hour " << t;
  }
}

INSTANTIATE_TEST_SUITE_P(Methods, Arrangement,
                         ::testing::Values(solve::Method::kSimplex, solve::Method::kIpm));

const analysis::RuleResult& rule(const analysis::Summary& s, const std::string& name) {
  for (const auto& q : s.rules)
    if (q.name == name) return q;
  throw std::runtime_error("no rule " + name);
}

// integration_plan.toml: the 1192号 rules in each plan year, worked out in the file.
TEST(Arrangement, IntegrationRulesInEveryPlanYear) {
  const Network net = io::read_scenario(case_file("integration_plan.toml"));
  const planning::PlanResult r = planning::plan(net, solve::Options{});
  ASSERT_TRUE(r.optimal) << r.status;
  ASSERT_EQ(r.period.size(), 2u);
  EXPECT_NEAR(r.period[0].annual_cost_cny, 8060333.3333, 1e-3);
  EXPECT_NEAR(r.period[1].annual_cost_cny, 20334000.0, 1e-3);
  EXPECT_NEAR(r.total_cost_cny, 28394333.3333, 1e-3);
  const analysis::Summary& y2025 = r.period[0].results.summary;
  const analysis::Summary& y2026 = r.period[1].results.summary;
  ASSERT_EQ(y2025.rules.size(), 2u);
  const auto& self2025 = rule(y2025, "min_self_consumption_share");
  EXPECT_NEAR(self2025.required, 0.6, 1e-12);
  EXPECT_NEAR(self2025.achieved, 0.6, 1e-6);
  EXPECT_NEAR(self2025.numerator_mwh, 43800.0, 1e-3);
  EXPECT_NEAR(self2025.denominator_mwh, 73000.0, 1e-3);
  EXPECT_TRUE(self2025.binding);
  EXPECT_NEAR(self2025.shadow_price_cny_per_mwh, 1264000.0 / 2628.0, 1e-3);
  const auto& self2026 = rule(y2026, "min_self_consumption_share");
  EXPECT_NEAR(self2026.achieved, 87600.0 / 131400.0, 1e-6);
  EXPECT_FALSE(self2026.binding);
  EXPECT_NEAR(self2026.shadow_price_cny_per_mwh, 0.0, 1e-6);
  for (const analysis::Summary* s : {&y2025, &y2026}) {
    const auto& green = rule(*s, "min_green_share");
    EXPECT_NEAR(green.required, 0.3, 1e-12);
    EXPECT_NEAR(green.achieved, 0.5, 1e-6);
    EXPECT_FALSE(green.binding);
  }
}

// integration_plan.toml with [paths] funds_on_self_consumption: the flat tariff's funds,
// 40 CNY/MWh, on the self-consumed PV. Each PV MWh pays them and each exported MWh gets them
// back, so a self-used MWh saves 360 - 40 = 320 CNY, still above the 300 it would sell for, and
// what is built does not move: PV 50/3 MW in 2025, 30 MW in 2026. The bill rises by the funds
// on the self-consumed energy, 43,800 x 40 = 1,752,000 CNY in 2025 and 87,600 x 40 =
// 3,504,000 CNY in 2026.
TEST(Arrangement, FundsOnSelfConsumedEnergyInEveryPlanYear) {
  Network net = io::read_scenario(case_file("integration_plan.toml"));
  net.paths.funds_on_self_consumption = true;
  const planning::PlanResult r = planning::plan(net, solve::Options{});
  ASSERT_TRUE(r.optimal) << r.status;
  ASSERT_EQ(r.period.size(), 2u);
  EXPECT_NEAR(r.period[0].annual_cost_cny, 8060333.3333 + 1752000.0, 1e-3);
  EXPECT_NEAR(r.period[1].annual_cost_cny, 20334000.0 + 3504000.0, 1e-3);
  EXPECT_NEAR(r.total_cost_cny, 28394333.3333 + 1752000.0 + 3504000.0, 1e-3);
  EXPECT_NEAR(rule(r.period[0].results.summary, "min_self_consumption_share").achieved, 0.6, 1e-6);
}

// integration_plan.toml buying at market ([paths] integration_energy_price = "market") with the
// connection's market price (market_price_cny_per_mwh) at 200 CNY/MWh: imports pay 200 + line
// loss 10 + system operation 10 + funds 40 = 260 CNY/MWh (no T&D energy charge, as at the
// tariff, where they pay 360), exports earn the market price, 200 (at the tariff: the sell price,
// 300). PV still earns 4,380 x 200 = 876,000 CNY per MW and year sold, above its 50,000 annuity,
// so what is built does not move (50/3 MW, then 30 MW):
//   2025: 833,333.33 + 43,800 x 260 + 219,000 - 29,200 x 200 = 6,600,333.33 CNY
//   2026: 1,500,000 + 87,600 x 260 + 438,000 - 43,800 x 200 = 15,954,000 CNY
TEST(Arrangement, IntegrationBuysAtTheMarketPriceInEveryPlanYear) {
  Network net = io::read_scenario(case_file("integration_plan.toml"));
  auto market = net.grid.market_price_cny_per_mwh.mutable_row(0);
  std::fill(market.begin(), market.end(), 200.0);
  const planning::PlanResult at_tariff = planning::plan(net, solve::Options{});
  ASSERT_TRUE(at_tariff.optimal) << at_tariff.status;
  EXPECT_NEAR(at_tariff.total_cost_cny, 28394333.3333, 1e-3);  // the market price unused
  net.paths.integration_energy_price = "market";
  const planning::PlanResult r = planning::plan(net, solve::Options{});
  ASSERT_TRUE(r.optimal) << r.status;
  ASSERT_EQ(r.period.size(), 2u);
  EXPECT_NEAR(r.period[0].annual_cost_cny, 6600333.3333, 1e-3);
  EXPECT_NEAR(r.period[1].annual_cost_cny, 15954000.0, 1e-3);
  // The period network's prices: the market price plus the network charges without T&D, and
  // the market price for exports.
  Network arranged = net;
  apply_supply_arrangement(arranged);
  for (Index t = 0; t < 2; ++t) {
    EXPECT_NEAR(arranged.grid.buy_price_cny_per_mwh.at(0, t), 260.0, 1e-9);
    EXPECT_NEAR(arranged.grid.sell_price_cny_per_mwh.at(0, t), 200.0, 1e-9);
  }
}

// The message of the InputError that a one-bus scenario with `line` in its [paths] section
// raises when read as "s.toml" (empty when none is raised, which the caller's checks report).
std::string paths_line_refused(const std::string& line) {
  const std::string text = R"(
[scenario]
name = "x"
[snapshots]
start = "2025-01-01T00:00"
count = 1
[[buses]]
name = "b"
[paths]
tariff = "t.toml"
user_voltage = "10kv"
connection_voltage = "10kv"
coal_price_cny_per_tce = 700
)" + line + "\n";
  try {
    (void)io::read_scenario_text(text, "s.toml");
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ArrangementInput, UnknownArrangementIsRefused) {
  const std::string what = paths_line_refused("arrangement = \"captve\"");
  EXPECT_NE(what.find("arrangement = \"captve\""), std::string::npos) << what;
}

// Under the linkage arrangement the network charges (110 CNY/MWh here) are the connection's
// delivery charge on the plant's electricity: its extracted heat costs beta x the linked price
// alone (0.2 x 264.9613 = 52.99 CNY/MWh_th), as in path 1 of parkgrid paths; before, it was
// beta x (linked + network) = 0.2 x 374.9613 = 74.99 CNY/MWh_th.
TEST(ArrangementInput, ExtractedHeatCarriesTheLinkedPriceNotTheNetworkCharges) {
  const std::string file = case_file("linkage_cap.toml");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string scenario = text.str();
  const std::string coal = "marginal_cost_cny_per_mwh = 100.0\n";
  scenario.replace(
      scenario.find(coal), coal.size(),
      coal + "heat_bus = \"steam\"\npower_loss_ratio = 0.2\nback_pressure_ratio = 0.5\n");
  scenario +=
      "\n[[carriers]]\nname = \"steam\"\nheat = true\n[[buses]]\nname = \"steam\"\n"
      "carrier = \"steam\"\n[[loads]]\nname = \"process\"\nbus = \"steam\"\n"
      "demand_mw = 10\n";
  Network net = io::read_scenario_text(scenario, file);
  apply_supply_arrangement(net);
  const formulate::Model m = formulate::build(net);
  const auto cost = [&](const Block& b, Index i, Index t) {
    return m.lp.col_cost[static_cast<std::size_t>(b.at(i, t))];
  };
  for (Index t = 0; t < 24; ++t) {
    EXPECT_NEAR(cost(m.layout.generator_p, 0, t), kDelivered, 1e-9) << t;
    EXPECT_NEAR(cost(m.layout.chp_heat, 0, t), 0.2 * kLinked, 1e-9) << t;
    EXPECT_NEAR(net.grid.delivery_charge_cny_per_mwh.at(0, t), 110.0, 1e-9) << t;
  }
  // The summary's cost split still adds up to the objective, the delivery charge included.
  solve::Options o;
  const Results r = optimise(net, o);
  ASSERT_TRUE(r.summary.optimal) << r.summary.status;
  EXPECT_NEAR(cases::cost_total(r), r.summary.objective_cny, 1e-6 * r.summary.objective_cny);
}

TEST(ArrangementInput, UnknownLinkageShapeIsRefused) {
  const std::string what = paths_line_refused("linkage_shape = \"hourly\"");
  EXPECT_NE(what.find("s.toml"), std::string::npos) << what;
  EXPECT_NE(what.find("linkage_shape = \"hourly\""), std::string::npos) << what;
  EXPECT_NE(what.find("\"free\", \"flat\" or \"profile\""), std::string::npos) << what;
}

TEST(ArrangementInput, AContractCurveNeeds24SharesAndItsShape) {
  std::string what = paths_line_refused("linkage_shape = \"profile\"");
  EXPECT_NE(what.find("needs linkage_profile"), std::string::npos) << what;
  what = paths_line_refused("linkage_shape = \"profile\"\nlinkage_profile = [1, 2, 3]");
  EXPECT_NE(what.find("linkage_profile = 3 values"), std::string::npos) << what;
  EXPECT_NE(what.find("expected 24 shares"), std::string::npos) << what;
  what = paths_line_refused(
      "linkage_shape = \"profile\"\nlinkage_profile = [0, 0, 0, 0, 0, 0, "
      "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]");
  EXPECT_NE(what.find("linkage_profile = all 0"), std::string::npos) << what;
  what = paths_line_refused(
      "linkage_shape = \"profile\"\nlinkage_profile = [1, -1, 0, 0, 0, 0, "
      "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]");
  EXPECT_NE(what.find("linkage_profile"), std::string::npos) << what;
  EXPECT_NE(what.find("-1"), std::string::npos) << what;
  what = paths_line_refused("linkage_shape = \"flat\"\nlinkage_profile = [1]");
  EXPECT_NE(what.find("is used only with linkage_shape = \"profile\" (it is \"flat\")"),
            std::string::npos)
      << what;
}

TEST(ArrangementInput, UnknownIntegrationEnergyPriceIsRefused) {
  const std::string what = paths_line_refused("integration_energy_price = \"spot\"");
  EXPECT_NE(what.find("integration_energy_price = \"spot\""), std::string::npos) << what;
  EXPECT_NE(what.find("\"tariff\" or \"market\""), std::string::npos) << what;
}

TEST(ArrangementInput, LinkageNeedsTariffFiles) {
  Network net = io::read_scenario(case_file("linkage_cap.toml"));
  net.grid.tariffs[0].clear();
  try {
    apply_supply_arrangement(net);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("needs tariff_files"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace parkgrid
