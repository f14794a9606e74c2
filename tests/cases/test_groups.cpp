// Group constraints ([[group_constraints]]): the hand-computed cases of tests/cases/groups/, one
// per quantity kind (capacity, energy as a share of the load, exports as a share of available
// energy, CO2 of a selection), each with its shadow price, in both LP methods; the explanation
// when a group cannot hold; the late entries that put a group's coefficients into the columns
// other families wrote.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "cases/case_helpers.hpp"
#include "parkgrid/parkgrid.hpp"
#include "parkgrid/pypsa.hpp"

namespace parkgrid {
namespace {

using analysis::Results;

Network read_case(const std::string& file) {
  return io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/groups/" + file);
}

double optimal_capacity(const Results& r, const std::string& name) {
  for (const auto& c : r.summary.capacities)
    if (c.name == name) return c.optimal;
  throw std::runtime_error("no capacity " + name);
}

class GroupCase : public ::testing::TestWithParam<solve::Method> {
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
  Results run(const std::string& file) { return run(read_case(file)); }
};

double rel(double v) {
  return 1e-6 * std::max(1.0, std::abs(v));
}

TEST_P(GroupCase, HostingLandAcrossPvAndWind) {
  const Results r = run("hosting_land.toml");
  EXPECT_NEAR(r.summary.objective_cny, -2890000.0, rel(2890000.0));
  EXPECT_NEAR(optimal_capacity(r, "pv"), 50.0, 1e-6);
  EXPECT_NEAR(optimal_capacity(r, "wind"), 10.0, 1e-6);
  ASSERT_EQ(r.summary.group_constraints.size(), 1u);
  const auto& g = r.summary.group_constraints[0];
  EXPECT_EQ(g.name, "hosting_land");
  EXPECT_EQ(g.unit, "MW");
  EXPECT_NEAR(g.value, 60.0, 1e-6);
  EXPECT_TRUE(g.binding);
  EXPECT_NEAR(g.shadow_price_cny_per_unit, -471000.0, 1e-3 * 471000.0);
}

TEST_P(GroupCase, HostingLandWithoutTheGroupBuildsBoth) {
  Network net = read_case("hosting_land.toml");
  net.group_constraints = {};
  const Results r = run(net);
  EXPECT_NEAR(optimal_capacity(r, "pv"), 50.0, 1e-6);
  EXPECT_NEAR(optimal_capacity(r, "wind"), 50.0, 1e-6);
}

TEST_P(GroupCase, EqualityHoldsBothWays) {
  // PV + wind == 40 MW: PV 40 (worth more per MW), wind 0 — and no more than 40 in total.
  Network net = read_case("hosting_land.toml");
  net.group_constraints.sense[0] = GroupConstraints::Sense::kEqual;
  net.group_constraints.value[0] = 40.0;
  const Results r = run(net);
  EXPECT_NEAR(optimal_capacity(r, "pv") + optimal_capacity(r, "wind"), 40.0, 1e-6);
  EXPECT_NEAR(optimal_capacity(r, "pv"), 40.0, 1e-6);
  // A floor above what pays: at 2,000,000 CNY/MW/yr wind pays nowhere (its first 20 MW earn
  // 2,190 x 400 + 2,190 x 500 = 1,971,000), so none is built; PV + wind >= 65 MW forces 15 MW of
  // wind, each losing 29,000 CNY: the shadow price of the floor (unique below 20 MW of wind,
  // where the night output would start to be exported).
  net.generators.capacity_mw.capex_cny_per_unit[1] = 2.0e6;
  net.group_constraints.value[0] = 65.0;
  net.group_constraints.sense[0] = GroupConstraints::Sense::kGreaterEqual;
  const Results floor = run(net);
  EXPECT_NEAR(optimal_capacity(floor, "pv"), 50.0, 1e-6);
  EXPECT_NEAR(optimal_capacity(floor, "wind"), 15.0, 1e-6);
  EXPECT_NEAR(floor.summary.group_constraints.at(0).shadow_price_cny_per_unit, 29000.0, 1e-3);
}

TEST_P(GroupCase, RenewableShareOfTheLoad) {
  const Results r = run("renewable_share.toml");
  EXPECT_NEAR(r.summary.objective_cny, 30396000.0, rel(30396000.0));
  EXPECT_NEAR(optimal_capacity(r, "pv"), 6.0, 1e-6);
  const auto& g = r.summary.group_constraints.at(0);
  EXPECT_NEAR(g.value, 26280.0, 1e-3);
  EXPECT_NEAR(g.bound, 0.3 * 87600.0, 1e-3);
  EXPECT_NEAR(g.shadow_price_cny_per_unit, 2.0e6 / 4380.0 - 300.0, 1e-4);
}

TEST_P(GroupCase, ExportCapAsAShareOfAvailableEnergy) {
  const Results r = run("export_cap.toml");
  EXPECT_NEAR(r.summary.objective_cny, 31064444.444, rel(31064444.444));
  EXPECT_NEAR(optimal_capacity(r, "pv"), 100.0 / 9.0, 1e-6);
  const auto& g = r.summary.group_constraints.at(0);
  EXPECT_NEAR(g.value, (100.0 / 9.0 - 10.0) * 4380.0, 1e-3);  // 4,866.67 MWh exported
  EXPECT_NEAR(g.bound, 0.1 * 100.0 / 9.0 * 4380.0, 1e-3);
}

TEST_P(GroupCase, Co2OfASelection) {
  const Results r = run("coal_co2.toml");
  EXPECT_NEAR(r.summary.objective_cny, 37230000.0, rel(37230000.0));
  const auto& g = r.summary.group_constraints.at(0);
  EXPECT_EQ(g.unit, "t");
  EXPECT_NEAR(g.value, 21900.0, 1e-3);
  EXPECT_NEAR(g.shadow_price_cny_per_unit, -300.0, 1e-4);
  // The park's CO2 counts the grid's imports too: 21,900 + 65,700 x 0.5.
  EXPECT_NEAR(r.summary.co2_t, 21900.0 + 0.5 * 65700.0, 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Methods, GroupCase,
                         ::testing::Values(solve::Method::kSimplex, solve::Method::kIpm),
                         [](const auto& param_info) {
                           return param_info.param == solve::Method::kSimplex
                                      ? std::string("simplex")
                                      : std::string("ipm");
                         });

TEST(GroupConstraintExplain, ALimitBelowWhatMustBeBuilt) {
  Network net = read_case("hosting_land.toml");
  net.generators.capacity_mw.min[0] = 50.0;  // PV 50 and wind 20 MW must be built,
  net.generators.capacity_mw.min[1] = 20.0;  // 10 MW past the 60 MW of land
  const Results r = optimise(net, {});
  ASSERT_EQ(r.summary.status, "infeasible");
  ASSERT_EQ(r.summary.violations.size(), 1u);
  const auto& v = r.summary.violations[0];
  EXPECT_EQ(v.constraint, "group_constraint");
  EXPECT_EQ(v.component, "hosting_land");
  EXPECT_EQ(v.kind, "over_cap");
  EXPECT_NEAR(v.amount, 10.0, 1e-6);
  EXPECT_NE(v.message.find("group constraint \"hosting_land\" (capacity_mw <= 60 MW) cannot hold: "
                           "it is exceeded by at least 10.0 MW"),
            std::string::npos)
      << v.message;
}

TEST(GroupConstraintScenarioWriter, WritesEachGroupSoThatItReadsBackTheSame) {
  // The writer of a network as scenario.toml (Python: Network.write_scenario) keeps the groups:
  // the carriers named were resolved to generators, written as component names.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("parkgrid_groups_writer_" + std::to_string(::getpid()));
  for (const char* file : {"hosting_land.toml", "export_cap.toml"}) {
    const Network net = read_case(file);
    std::filesystem::remove_all(dir);
    io::write_scenario_folder(net, dir);
    const Network back = io::read_scenario((dir / "scenario.toml").string());
    ASSERT_EQ(back.group_constraints.size(), net.group_constraints.size()) << file;
    EXPECT_EQ(back.group_constraints.sum[0].members, net.group_constraints.sum[0].members);
    EXPECT_EQ(back.group_constraints.of[0].members, net.group_constraints.of[0].members);
    EXPECT_NEAR(optimise(back, {}).summary.objective_cny, optimise(net, {}).summary.objective_cny,
                1e-6 * 3.2e7)
        << file;
  }
  std::filesystem::remove_all(dir);
}

TEST(GroupConstraintPypsa, CarrierCapacityLimitRoundTripsAsTechCapacityExpansionLimit) {
  // hosting_land.toml with the group on the PV alone (all generators of carrier "solar"):
  // PyPSA's tech_capacity_expansion_limit on carrier solar, read back as the same group.
  // PV <= 40 MW binds (each MW of PV earns 752,000 CNY, the case's README arithmetic).
  Network net = read_case("hosting_land.toml");
  GroupConstraints& g = net.group_constraints;
  g.sum[0].members = {{Family::kGenerator, 0}};  // "pv"
  g.value[0] = 40;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("parkgrid_groups_pypsa_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  (void)io::write_pypsa(net, dir, {});
  const Network back = io::read_pypsa(dir);
  ASSERT_EQ(back.group_constraints.size(), 1);
  EXPECT_EQ(back.group_constraints.name[0], "hosting_land");
  EXPECT_EQ(back.group_constraints.sum[0].quantity, GroupQuantity::kCapacityMw);
  ASSERT_EQ(back.group_constraints.sum[0].members.size(), 1U);
  EXPECT_EQ(back.generators
                .name[static_cast<std::size_t>(back.group_constraints.sum[0].members[0].index)],
            "pv");
  EXPECT_EQ(back.group_constraints.value[0], 40.0);
  const Results a = optimise(net, {});
  const Results b = optimise(back, {});
  EXPECT_NEAR(optimal_capacity(b, "pv"), 40.0, 1e-6);
  EXPECT_NEAR(b.summary.objective_cny, a.summary.objective_cny, 1e-6 * 3.2e7);
  std::filesystem::remove_all(dir);

  // The original group (PV and wind, two carriers) has no PyPSA GlobalConstraint: refused by name.
  try {
    (void)io::write_pypsa(read_case("hosting_land.toml"), dir, {});
    ADD_FAILURE() << "exported";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("group constraint \"hosting_land\""), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("one carrier"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(LpBuilderLateEntries, MergedIntoTheirColumnsInPlace) {
  // Three columns written with their own entries, then late entries into columns 0 and 2 (two
  // into the same (column, row), summed; one that sums to zero, dropped).
  LinearProgram lp;
  LpBuilder b(lp);
  const RowBlock r = b.add_rows("r", 3, 1, 0.0, 0.0);
  const ColBlock c = b.begin_cols("c", 3, 1);
  b.column(0, 0, 1);
  b.entry(r.at(0), 1.0);
  b.column(0, 0, 1);
  b.entry(r.at(0), 2.0);
  b.entry(r.at(1), 3.0);
  b.column(0, 0, 1);
  b.entry(r.at(1), 4.0);
  b.end_cols();
  b.late_entry(c.at(2), r.at(2), 5.0);
  b.late_entry(c.at(0), r.at(2), 1.5);
  b.late_entry(c.at(0), r.at(2), 0.5);
  b.late_entry(c.at(1), r.at(2), 1.0);
  b.late_entry(c.at(1), r.at(2), -1.0);
  b.finish();
  EXPECT_EQ(lp.a_start, (std::vector<Index>{0, 2, 4, 6}));
  EXPECT_EQ(lp.a_index, (std::vector<Index>{0, 2, 0, 1, 1, 2}));
  EXPECT_EQ(lp.a_value, (std::vector<double>{1.0, 2.0, 2.0, 3.0, 4.0, 5.0}));
}

// Hydrogen's CO2 and grade, and the hourly-matching rule (tests/cases/hydrogen_matching.toml).
TEST(Hydrogen, HourlyMatchingMakesRenewableHydrogen) {
  for (const solve::Method method : {solve::Method::kSimplex, solve::Method::kIpm}) {
    Network net =
        io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/hydrogen_matching.toml");
    solve::Options o;
    o.method = method;
    const Results with = optimise(net, o);
    ASSERT_TRUE(with.summary.optimal);
    EXPECT_NEAR(with.summary.objective_cny, 20000050.0, 1e-6 * 2e7);
    EXPECT_NEAR(optimal_capacity(with, "pv"), 20.0, 1e-6);
    ASSERT_EQ(with.summary.hydrogen.size(), 1u);
    const analysis::HydrogenResult& h = with.summary.hydrogen[0];
    EXPECT_NEAR(h.hydrogen_t, 43800.0 / 33.33, 1e-6);
    EXPECT_NEAR(h.co2_kg_per_kg, 0.0, 1e-6);
    EXPECT_NEAR(h.renewable_share, 1.0, 1e-9);
    EXPECT_EQ(h.grade, "renewable");

    net.policy.hydrogen_hourly_matching = false;
    const Results without = optimise(net, o);
    EXPECT_NEAR(without.summary.objective_cny, 17520000.0, 1e-6 * 2e7);
    const analysis::HydrogenResult& g = without.summary.hydrogen.at(0);
    // 87,600 t of CO2 for 1,314.13 t of hydrogen.
    EXPECT_NEAR(g.co2_kg_per_kg, 87600.0 / (43800.0 / 33.33), 1e-6);
    EXPECT_NEAR(g.renewable_share, 0.0, 1e-9);
    EXPECT_EQ(g.grade, "above_low_carbon");
  }
}

TEST(Hydrogen, HourlyMatchingThatCannotHoldIsExplained) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/hydrogen_matching.toml");
  net.generators.capacity_mw.max[0] = 15.0;  // 15 MW of PV by day; 20 MW of electricity needed
  const Results r = optimise(net, {});
  ASSERT_EQ(r.summary.status, "infeasible");
  ASSERT_FALSE(r.summary.violations.empty());
  const auto& v = r.summary.violations[0];
  EXPECT_EQ(v.constraint, "hydrogen_matching");
  // PV gives 15 MW by day; the electrolyser needs 20 MW of electricity (by day, or 10 by day and
  // 10 by night): 5 MW for 4,380 h, 21,900 MWh, must come from elsewhere whatever the split.
  EXPECT_NEAR(v.amount, 21900.0, 1e-3);
  EXPECT_NE(v.message.find("hydrogen_hourly_matching cannot hold"), std::string::npos);
}

}  // namespace
}  // namespace parkgrid
