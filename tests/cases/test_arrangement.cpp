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
  EXPECT_NE(what.find("\"free\" or \"flat\""), std::string::npos) << what;
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
