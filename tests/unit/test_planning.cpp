// Multi-year planning on the cases of tests/cases/planning/, whose optima are worked out by hand
// in the comment at the top of each file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "parkgrid/parkgrid.hpp"
#include "parkgrid/planning.hpp"

namespace parkgrid {
namespace {

std::string case_path(const std::string& file) {
  return std::string(PARKGRID_TEST_CASES_DIR) + "/planning/" + file;
}

planning::PlanResult plan_case(const std::string& file, bool myopic = false) {
  Network net = io::read_scenario(case_path(file));
  net.planning.myopic = myopic;
  return planning::plan(net, solve::Options{});
}

// The annuity of 500 CNY/MW over 20 years at 10 %, by the textbook formula.
double annuity() {
  const double g = std::pow(1.1, 20);
  return 500.0 * 0.1 * g / (g - 1.0);
}

double built(const planning::PlanResult& r, std::size_t period, const std::string& name) {
  for (std::size_t q = 0; q < r.capacities.size(); ++q)
    if (r.capacities[q].name == name) return r.period[period].built[q];
  throw std::runtime_error("no capacity " + name);
}

TEST(Planning, ProjectsBecomeLoadsAtTheRampShareOfTheScenarioYear) {
  const Network net = io::read_scenario(case_path("growing.toml"));
  ASSERT_EQ(net.projects.size(), 2);
  ASSERT_EQ(net.loads.size(), 2);
  EXPECT_EQ(net.loads.name[1], "cells");
  EXPECT_DOUBLE_EQ(net.loads.demand_mw.at(0, 0), 5.0);  // smelter, producing in 2025
  EXPECT_DOUBLE_EQ(net.loads.demand_mw.at(1, 0), 0.0);  // cells start in 2026
  const Network winddown = io::read_scenario(case_path("winddown.toml"));
  EXPECT_DOUBLE_EQ(winddown.projects.share(0, 2024), 0.0);
  EXPECT_DOUBLE_EQ(winddown.projects.share(0, 2025), 1.0);
  EXPECT_DOUBLE_EQ(winddown.projects.share(0, 2026), 0.0);
  EXPECT_DOUBLE_EQ(winddown.projects.share(0, 2027), 1.0);  // after the ramp-up list: full
}

TEST(Planning, PipelineEnergyPerYear) {
  const Network net = io::read_scenario(case_path("growing.toml"));
  const planning::PipelineTable t = planning::pipeline(net, {2025, 2026});
  EXPECT_DOUBLE_EQ(t.energy_mwh[0][0], 5.0);
  EXPECT_DOUBLE_EQ(t.energy_mwh[1][0], 0.0);
  EXPECT_DOUBLE_EQ(t.energy_mwh[1][1], 5.0);
}

TEST(Planning, DiscountWeights) {
  const Network net = io::read_scenario(case_path("growing.toml"));
  const planning::Periods ps = planning::periods_of(net);
  EXPECT_EQ(ps.horizon_end(), 2027);
  EXPECT_DOUBLE_EQ(ps.weight(0), 1.0);
  EXPECT_NEAR(ps.weight(1), 1.0 / 1.1, 1e-15);
  planning::Periods three = ps;
  three.year = {2025, 2030};
  three.years = {5, 2.5};
  // 2025..2029, then 2030, 2031 and half of 2032.
  double w1 = 0, w2 = 0;
  for (int y = 0; y < 5; ++y) w1 += std::pow(1.1, -y);
  w2 = std::pow(1.1, -5) + std::pow(1.1, -6) + 0.5 * std::pow(1.1, -7);
  EXPECT_NEAR(three.weight(0), w1, 1e-12);
  EXPECT_NEAR(three.weight(1), w2, 1e-12);
}

// Build now or later: growing.toml.
TEST(Planning, TwoPeriodsByHandBuildWhenNeeded) {
  const double a = annuity();
  for (bool myopic : {false, true}) {
    SCOPED_TRACE(myopic ? "myopic" : "perfect foresight");
    const planning::PlanResult r = plan_case("growing.toml", myopic);
    ASSERT_TRUE(r.optimal) << r.status;
    ASSERT_EQ(r.period.size(), 2u);
    EXPECT_NEAR(built(r, 0, "pv"), 5.0, 1e-6);
    EXPECT_NEAR(built(r, 1, "pv"), 5.0, 1e-6);
    EXPECT_NEAR(r.total_cost_cny, 5 * a + 10 * a / 1.1, 1e-6);
    EXPECT_NEAR(r.period[0].annual_cost_cny, 5 * a, 1e-6);
    EXPECT_NEAR(r.period[1].annual_cost_cny, 10 * a, 1e-6);
    EXPECT_NEAR(r.period[0].results.summary.average_cost_cny_per_kwh, a / 1000, 1e-9);
    EXPECT_NEAR(r.period[1].results.summary.average_cost_cny_per_kwh, a / 1000, 1e-9);
    EXPECT_NEAR(r.period[1].standing[0], 10.0, 1e-6);
    EXPECT_NEAR(r.period[0].investment_cny, 2500.0, 1e-6);  // overnight: 5 MW x 500 CNY/MW
  }
}

TEST(Planning, TheLpObjectiveIsTheDiscountedTotal) {
  // The accounting after the solve (operation per period x discounted years + annuities while
  // standing) must give back the LP's own objective.
  const Network net = io::read_scenario(case_path("retire.toml"));
  std::vector<Network> nets{planning::period_network(net, 0), planning::period_network(net, 1)};
  const planning::MultiModel mm = planning::build_multi(net, nets, planning::periods_of(net));
  const solve::Solution s = solve::solve(mm.lp, solve::Options{});
  ASSERT_EQ(s.status, solve::Status::kOptimal);
  const planning::PlanResult r = planning::plan(net, solve::Options{});
  EXPECT_NEAR(s.objective, r.total_cost_cny, 1e-6);
  EXPECT_EQ(mm.lp.num_col(), mm.periods[0].lp.num_col() + mm.periods[1].lp.num_col() + 2);
}

// The flexibility retrofit planned per period (tests/cases/planning/retrofit_*.toml): once
// retrofitted a unit stays so, its annuity paid while it stands.
double retrofitted(const planning::PlanResult& r, std::size_t period, bool standing) {
  for (std::size_t q = 0; q < r.capacities.size(); ++q)
    if (r.capacities[q].name == "coal" && r.capacities[q].quantity == "retrofit_units")
      return standing ? r.period[period].standing[q] : r.period[period].built[q];
  throw std::runtime_error("no retrofit option of coal");
}

TEST(Planning, RetrofitPaysOnlyInTheSecondPeriod) {
  constexpr double A = 2e6;  // annuity of the retrofit, CNY a year
  for (bool myopic : {false, true}) {
    SCOPED_TRACE(myopic ? "myopic" : "perfect foresight");
    const planning::PlanResult r = plan_case("retrofit_later.toml", myopic);
    ASSERT_TRUE(r.optimal) << r.status;
    EXPECT_NEAR(retrofitted(r, 0, false), 0.0, 1e-6);
    EXPECT_NEAR(retrofitted(r, 1, false), 1.0, 1e-6);
    EXPECT_NEAR(retrofitted(r, 1, true), 1.0, 1e-6);
    EXPECT_NEAR(r.period[0].annual_cost_cny, 416100000.0, 1e-2);
    EXPECT_NEAR(r.period[1].annual_cost_cny, 144540000.0 + A, 1e-2);
    EXPECT_NEAR(r.total_cost_cny, 562640000.0, 1e-2);
    EXPECT_NEAR(r.period[1].investment_cny, 200.0 * 1000 * 100, 1e-6);  // 200 CNY/kW x 100 MW
    const auto& units = r.period[1].results.summary.units;
    ASSERT_FALSE(units.empty());
    EXPECT_NEAR(units.front().retrofit_units, 1.0, 1e-6);
  }
  Network net = io::read_scenario(case_path("retrofit_later.toml"));
  net.unit_commitment.mode = UnitCommitment::Mode::kLinear;
  const planning::PlanResult linear = planning::plan(net, solve::Options{});
  ASSERT_TRUE(linear.optimal) << linear.status;
  EXPECT_NEAR(retrofitted(linear, 0, false), 0.0, 1e-6);
  EXPECT_NEAR(retrofitted(linear, 1, false), 0.6, 1e-6);
  EXPECT_NEAR(linear.total_cost_cny, 546072000.0, 1e-2);
}

TEST(Planning, ARetrofittedUnitStaysRetrofitted) {
  constexpr double A = 2e6;
  for (bool myopic : {false, true}) {
    SCOPED_TRACE(myopic ? "myopic" : "perfect foresight");
    const planning::PlanResult r = plan_case("retrofit_stays.toml", myopic);
    ASSERT_TRUE(r.optimal) << r.status;
    EXPECT_NEAR(retrofitted(r, 0, false), 1.0, 1e-6);
    EXPECT_NEAR(retrofitted(r, 1, false), 0.0, 1e-6);
    EXPECT_NEAR(retrofitted(r, 1, true), 1.0, 1e-6);
    EXPECT_NEAR(r.period[0].annual_cost_cny, 144540000.0 + A, 1e-2);
    EXPECT_NEAR(r.period[1].annual_cost_cny, 416100000.0 + A, 1e-2);
    EXPECT_NEAR(r.total_cost_cny, 564640000.0, 1e-2);
    EXPECT_NEAR(r.period[1].results.summary.units.front().retrofit_units, 1.0, 1e-6);
  }
}

TEST(Planning, AnAssetThatRetires) {
  const planning::PlanResult r = plan_case("retire.toml");
  ASSERT_TRUE(r.optimal) << r.status;
  const double a = annuity();
  EXPECT_NEAR(built(r, 0, "pv"), 0.0, 1e-6);
  EXPECT_NEAR(built(r, 1, "pv"), 10.0, 1e-6);
  EXPECT_NEAR(r.total_cost_cny, 500.0 + 10 * a / 1.1, 1e-6);
  const auto coal = [&](std::size_t p) {
    for (const auto& c : r.period[p].results.summary.capacities)
      if (c.name == "coal_unit") return c;
    throw std::runtime_error("no coal_unit");
  };
  EXPECT_DOUBLE_EQ(coal(0).optimal, 10.0);
  EXPECT_DOUBLE_EQ(coal(1).optimal, 0.0);
  EXPECT_NEAR(coal(0).energy_mwh, 10.0, 1e-6);
  EXPECT_NEAR(r.period[0].results.summary.co2_t, 10.0, 1e-6);  // 0.34 / 0.34 t per MWh
  EXPECT_EQ(r.goal_year, 2026);                                // 100 % green from 2026
}

TEST(Planning, PolicyTargetsPerPeriod) {
  // retire.toml with a CO2 cap of 0 t in 2025 only: the coal unit may not run in 2025, so the
  // 10 MW of PV are built in 2025 and paid for in both years: 10a (1 + 1/1.1).
  Network net = io::read_scenario(case_path("retire.toml"));
  net.planning.co2_cap_t = {0.0, kInf};
  const planning::PlanResult r = planning::plan(net, solve::Options{});
  ASSERT_TRUE(r.optimal) << r.status;
  EXPECT_NEAR(built(r, 0, "pv"), 10.0, 1e-6);
  EXPECT_NEAR(built(r, 1, "pv"), 0.0, 1e-6);
  EXPECT_NEAR(r.period[0].results.summary.co2_t, 0.0, 1e-6);
  EXPECT_NEAR(r.total_cost_cny, 10 * annuity() * (1 + 1 / 1.1), 1e-6);
  // And a green share of 100 % in 2025 does the same.
  net.planning.co2_cap_t.clear();
  net.planning.min_green_share = {1.0, 0.0};
  const planning::PlanResult g = planning::plan(net, solve::Options{});
  EXPECT_NEAR(built(g, 0, "pv"), 10.0, 1e-6);
  EXPECT_NEAR(g.period[0].results.summary.green_share, 1.0, 1e-9);
}

TEST(Planning, MyopicAndPerfectForesightDifferWhereTheyShould) {
  const double a = annuity();
  const planning::PlanResult pf = plan_case("winddown.toml", false);
  const planning::PlanResult my = plan_case("winddown.toml", true);
  ASSERT_TRUE(pf.optimal && my.optimal);
  EXPECT_NEAR(built(pf, 0, "pv"), 0.0, 1e-6);
  EXPECT_NEAR(pf.total_cost_cny, 1000.0, 1e-6);
  EXPECT_NEAR(built(my, 0, "pv"), 10.0, 1e-6);
  EXPECT_NEAR(my.total_cost_cny, 10 * a * (1 + 1 / 1.1), 1e-6);
  EXPECT_GT(my.total_cost_cny, pf.total_cost_cny);
  // What the myopic plan built in 2025 still stands, idle, in 2026.
  EXPECT_NEAR(my.period[1].standing[0], 10.0, 1e-6);
  EXPECT_NEAR(my.period[1].annual_cost_cny, 10 * a, 1e-6);
}

TEST(Planning, TypicalDaysExactWhenTheDaysRepeat) {
  const Network net = io::read_scenario(case_path("twodays.toml"));
  const planning::Reduction red = planning::typical_days(net, 2);
  ASSERT_EQ(red.day.size(), 2u);
  EXPECT_EQ(red.days_total, 4);
  EXPECT_DOUBLE_EQ(red.weight_days[0] + red.weight_days[1], 4.0);
  EXPECT_DOUBLE_EQ(red.weight_days[0], 2.0);
  EXPECT_NE(red.day[0] % 2, red.day[1] % 2);  // one sunny, one cloudy day
  ASSERT_EQ(red.errors.size(), 2u);           // pv availability and the load
  for (const auto& e : red.errors) {
    EXPECT_NEAR(e.mean_error, 0.0, 1e-12) << e.name;
    EXPECT_NEAR(e.duration_curve_nrmse, 0.0, 1e-12) << e.name;
  }
  const Network reduced = planning::reduce(net, red);
  EXPECT_EQ(reduced.snapshot_count(), 48);
  EXPECT_DOUBLE_EQ(reduced.snapshots.total_hours(), 96.0);
  EXPECT_EQ(reduced.snapshots.time_of(24).day, red.day[1] + 1);  // March (day + 1)
  const auto full = optimise(net, solve::Options{});
  const auto cut = optimise(reduced, solve::Options{});
  EXPECT_NEAR(cut.summary.objective_cny, full.summary.objective_cny,
              1e-7 * full.summary.objective_cny);
}

// threedays.toml: a battery on typical days of weight 2 and 1, worked out by hand in the file.
TEST(Planning, TypicalDaysDoNotMoveEnergyBetweenDaysOfDifferentWeight) {
  const Network net = io::read_scenario(case_path("threedays.toml"));
  const planning::Reduction red = planning::typical_days(net, 2);
  ASSERT_EQ(red.day.size(), 2u);
  EXPECT_DOUBLE_EQ(red.weight_days[0], 2.0);  // a sunny day (day 1 or 2)
  EXPECT_DOUBLE_EQ(red.weight_days[1], 1.0);  // the dark day
  const Network reduced = planning::reduce(net, red);
  EXPECT_EQ(reduced.snapshots.cycle_snapshots, 24);
  const auto discharged = [](const Network& n, const analysis::Results& r) {
    for (const auto& table : r.hourly)
      for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (table.columns[c] == "battery.discharge_mw") {
          double mwh = 0;
          for (std::size_t t = 0; t < table.values[c].size(); ++t)
            mwh += n.snapshots.weight_hours[t] * table.values[c][t];
          return mwh;
        }
    ADD_FAILURE() << "no battery.discharge_mw column";
    return -1.0;
  };
  const auto full = optimise(net, solve::Options{});
  const auto cut = optimise(reduced, solve::Options{});
  EXPECT_NEAR(full.summary.objective_cny, 6500.0, 1e-6);
  EXPECT_NEAR(cut.summary.objective_cny, 6500.0, 1e-6);
  EXPECT_NEAR(discharged(net, full), 0.0, 1e-6);
  EXPECT_NEAR(discharged(reduced, cut), 0.0, 1e-6);
  // The state carried from one typical day into the next: 275.6 CNY that the year never saves.
  Network chained = reduced;
  chained.snapshots.cycle_snapshots = 0;
  const auto wrong = optimise(chained, solve::Options{});
  EXPECT_NEAR(wrong.summary.objective_cny, 6500.0 - 100.0 * (2 * 3.6 - 4 / 0.9), 1e-6);
}

// seasons.toml: storage linked through the calendar days on typical days (Kotzur), worked out by
// hand in the file: the linked reduction replays the year; cycling within each typical day, or
// chaining the state from one typical day into the next, does not.
TEST(Planning, TypicalDaysLinkStorageThroughTheCalendar) {
  const Network net = io::read_scenario(case_path("seasons.toml"));
  ASSERT_FALSE(net.planning.extreme_days);  // the defaults
  ASSERT_TRUE(net.planning.link_storage);
  const planning::Reduction red = planning::typical_days(net, 2);
  ASSERT_EQ(red.day, (std::vector<Index>{0, 1}));
  EXPECT_EQ(red.weight_days, (std::vector<double>{2.0, 2.0}));
  EXPECT_EQ(red.assignment, (std::vector<Index>{0, 1, 1, 0}));
  EXPECT_EQ(red.extreme_days(), 0);
  Network with_extremes = net;  // March's extreme day is day 2, already a typical day
  with_extremes.planning.extreme_days = true;
  EXPECT_EQ(planning::typical_days(with_extremes, 2).day, red.day);
  const Network linked = planning::reduce(net, red);
  ASSERT_TRUE(linked.snapshots.storage_linked());
  const auto cost = [](const Network& n) {
    const auto r = optimise(n, solve::Options{});
    EXPECT_EQ(r.summary.status, "optimal");
    return r.summary.objective_cny;
  };
  EXPECT_NEAR(cost(net), 3000.0, 1e-6);
  EXPECT_NEAR(cost(linked), 3000.0, 1e-6);
  Network daily = linked;  // each typical day cycles on its own
  daily.snapshots.day_representative.clear();
  EXPECT_NEAR(cost(daily), 4800.0, 1e-6);
  Network chained = daily;  // the state runs from one typical day into the next
  chained.snapshots.cycle_snapshots = 0;
  EXPECT_NEAR(cost(chained), 1200.0, 1e-6);
  Network short_battery = net;  // the 6 h battery at its default: cycles within each day
  short_battery.storage_units.long_duration_given.assign(1, -1);
  ASSERT_FALSE(short_battery.storage_units.long_duration(0));
  ASSERT_TRUE(net.storage_units.long_duration(0));
  EXPECT_NEAR(cost(planning::reduce(short_battery, red)), 3600.0, 1e-6);
  Network setting = net;  // typical_day_storage = "daily" gives the daily model
  setting.planning.link_storage = false;
  EXPECT_FALSE(planning::reduce(setting, red).snapshots.storage_linked());
  EXPECT_NEAR(cost(planning::reduce(setting, red)), 4800.0, 1e-6);

  // Capacities to build (free, at most the fixed ones above): the same 3,000 CNY, full year and
  // linked, the capacity a column in the linked rows (inter_max).
  Network built = net;
  built.stores.energy_mwh.existing[0] = 0.0;
  built.stores.energy_mwh.extendable[0] = 1;
  built.stores.energy_mwh.max[0] = 12.0;
  built.storage_units.power_mw.existing[0] = 0.0;
  built.storage_units.power_mw.extendable[0] = 1;
  built.storage_units.power_mw.max[0] = 1.0;
  const Network built_linked = planning::reduce(built, red);
  EXPECT_NEAR(cost(built), 3000.0, 1e-6);
  EXPECT_NEAR(cost(built_linked), 3000.0, 1e-6);

  // The reported state is the typical day's own, on its date: the tank full at the end of the
  // windy day 1 (the 18 MWh of both stores are all needed), within [0, 12] MWh throughout.
  const auto r = optimise(linked, solve::Options{});
  bool seen = false;
  for (const auto& table : r.hourly)
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c] == "tank.energy_mwh") {
        seen = true;
        EXPECT_NEAR(table.values[c][23], 12.0, 1e-6);
        for (double e : table.values[c]) {
          EXPECT_GE(e, -1e-6);
          EXPECT_LE(e, 12.0 + 1e-6);
        }
      }
  EXPECT_TRUE(seen);

  // A non-cyclic state starts the calendar at its initial state (0 here): the windy day 1
  // fills both, so the answer is again 3,000 CNY, full and linked; a tank initially full
  // changes nothing (day 1 is windy).
  Network open = net;
  open.stores.cyclic[0] = 0;
  open.storage_units.cyclic[0] = 0;
  EXPECT_NEAR(cost(open), 3000.0, 1e-6);
  EXPECT_NEAR(cost(planning::reduce(open, red)), 3000.0, 1e-6);
  open.stores.initial_energy_mwh[0] = 12.0;  // initially full: no help, day 1 refills anyway
  EXPECT_NEAR(cost(planning::reduce(open, red)), 3000.0, 1e-6);

  // With a standing loss the reduction is no longer exact (docs/formulation.md): a typical
  // day's deviation is the same on every day it stands for, whatever that day starts with
  // (with loss, "end full" is a different deviation from a full start than from an empty one),
  // and the bounds of Kotzur et al. count the start-of-day state in full against the capacity
  // and decayed over the whole day against 0. With 1 %/h (21 % a day) on the tank: never
  // cheaper than the full year, 3,299 against 3,159 CNY, within a fifth of the way to 4,800.
  Network lossy = net;
  lossy.stores.standing_loss_per_hour[0] = 0.01;
  const double full_lossy = cost(lossy);
  const double linked_lossy = cost(planning::reduce(lossy, red));
  EXPECT_GT(full_lossy, 3000.0);
  EXPECT_GE(linked_lossy, full_lossy - 1e-6);
  EXPECT_LT(linked_lossy, full_lossy + 0.2 * (4800.0 - full_lossy));
}

// commitment_seasons.toml: the units online carried from one calendar day into the next on
// typical days, worked out by hand in the file: the linked reduction pays the year's shut-down
// and start, a typical day wrapping on its own pays neither.
TEST(Planning, TypicalDaysLinkCommitmentThroughTheCalendar) {
  const Network net = io::read_scenario(case_path("commitment_seasons.toml"));
  const planning::Reduction red = planning::typical_days(net, 2);
  ASSERT_EQ(red.day, (std::vector<Index>{0, 1}));
  ASSERT_EQ(red.assignment, (std::vector<Index>{0, 1, 1, 0}));
  struct Expected {
    UnitCommitment::Mode mode;
    double full_cny, full_starts, full_stops, linked_cny, linked_starts_and_stops;
  };
  for (const Expected e : {Expected{UnitCommitment::Mode::kInteger, 97500, 1, 1, 97500, 1},
                           Expected{UnitCommitment::Mode::kLinear, 97000, 0.5, 1, 96750, 0.5}}) {
    Network n = net;
    n.unit_commitment.mode = e.mode;
    const Network linked = planning::reduce(n, red);
    ASSERT_TRUE(linked.snapshots.storage_linked());
    const auto full = optimise(n, solve::Options{});
    const auto cut = optimise(linked, solve::Options{});
    ASSERT_TRUE(full.summary.optimal);
    ASSERT_TRUE(cut.summary.optimal);
    EXPECT_NEAR(full.summary.objective_cny, e.full_cny, 1e-6);
    EXPECT_NEAR(cut.summary.objective_cny, e.linked_cny, 1e-6);
    // Starts and shut-downs reported as the calendar has them, costs as the objective.
    ASSERT_EQ(full.summary.units.size(), 1u);
    EXPECT_NEAR(full.summary.units[0].starts, e.full_starts, 1e-6);
    EXPECT_NEAR(full.summary.units[0].shut_downs, e.full_stops, 1e-6);
    ASSERT_EQ(cut.summary.units.size(), 1u);
    EXPECT_NEAR(cut.summary.units[0].starts, e.linked_starts_and_stops, 1e-6);
    EXPECT_NEAR(cut.summary.units[0].shut_downs, e.linked_starts_and_stops, 1e-6);
    EXPECT_NEAR(cut.summary.units[0].start_up_cny, 1500.0 * e.linked_starts_and_stops, 1e-6);
    // typical_day_commitment = "daily": each typical day wraps on its own, no start or
    // shut-down at all; the storage setting is its own (no storage here: nothing changes).
    Network daily = n;
    daily.planning.link_commitment = false;
    const Network wrapping = planning::reduce(daily, red);
    EXPECT_FALSE(wrapping.snapshots.commitment_linked());
    EXPECT_TRUE(wrapping.snapshots.storage_linked());
    const auto wrapped = optimise(wrapping, solve::Options{});
    EXPECT_NEAR(wrapped.summary.objective_cny, 96000.0, 1e-6);
    EXPECT_NEAR(wrapped.summary.units[0].starts, 0.0, 1e-6);
    Network storage_daily = n;  // typical_day_storage = "daily" leaves the commitment linked
    storage_daily.planning.link_storage = false;
    const Network still_linked = planning::reduce(storage_daily, red);
    EXPECT_TRUE(still_linked.snapshots.commitment_linked());
    EXPECT_FALSE(still_linked.snapshots.storage_linked());
    EXPECT_NEAR(optimise(still_linked, solve::Options{}).summary.objective_cny, e.linked_cny, 1e-6);
  }
}

// seasons.toml on one typical day: the extreme day (March's darkest, highest net load) is
// added with weight 1 taken out of its cluster, and linked storage follows the calendar it makes.
TEST(Planning, ExtremeDaysAreAddedWithTheirWeightTakenFromTheirCluster) {
  Network net = io::read_scenario(case_path("seasons.toml"));
  net.planning.extreme_days = true;
  const planning::Reduction red = planning::typical_days(net, 1);
  ASSERT_EQ(red.day, (std::vector<Index>{0, 1}));
  EXPECT_EQ(red.weight_days, (std::vector<double>{3.0, 1.0}));
  EXPECT_EQ(red.assignment, (std::vector<Index>{0, 1, 0, 0}));
  EXPECT_EQ(red.extreme, (std::vector<char>{0, 1}));
  const auto r = optimise(planning::reduce(net, red), solve::Options{});
  EXPECT_NEAR(r.summary.objective_cny, 600.0, 1e-6);  // calendar W C W W
  net.planning.extreme_days = false;
  const planning::Reduction plain = planning::typical_days(net, 1);
  EXPECT_EQ(plain.day, (std::vector<Index>{0}));
  EXPECT_EQ(plain.weight_days, (std::vector<double>{4.0}));
  EXPECT_EQ(plain.extreme_days(), 0);
}

// monthpeaks.toml: the monthly demand charge on typical days covers every month that a
// representative day stands for, worked out by hand in the file.
TEST(Planning, TypicalDaysChargeEveryMonthTheyStandFor) {
  Network net = io::read_scenario(case_path("monthpeaks.toml"));
  for (const bool last_day_low : {false, true}) {
    if (last_day_low)
      for (Index t = 72; t < 96; ++t)
        net.loads.demand_mw.mutable_row(0)[static_cast<std::size_t>(t)] = 10.0;
    const double expected = last_day_low ? 420000.0 : 544000.0;
    const double demand = last_day_low ? 300000.0 : 400000.0;
    const auto full = optimise(net, solve::Options{});
    ASSERT_TRUE(full.summary.optimal);
    EXPECT_NEAR(full.summary.objective_cny, expected, 1e-6) << "last day low " << last_day_low;
    for (const bool extreme : {false, true}) {
      net.planning.extreme_days = extreme;
      const planning::Reduction red = planning::typical_days(net, 2);
      // Jan 30 and Jan 31 represent their groups; with extreme days, February's day of highest
      // net load (Feb 2 at 20 MW, or Feb 1, the first of two 10 MW days) is added (weight 1).
      const std::vector<Index> days =
          extreme ? std::vector<Index>{0, 1, last_day_low ? 2 : 3} : std::vector<Index>{0, 1};
      ASSERT_EQ(red.day, days) << "last day low " << last_day_low << ", extreme " << extreme;
      EXPECT_DOUBLE_EQ(std::accumulate(red.weight_days.begin(), red.weight_days.end(), 0.0), 4.0);
      const auto cut = optimise(planning::reduce(net, red), solve::Options{});
      ASSERT_TRUE(cut.summary.optimal);
      EXPECT_NEAR(cut.summary.objective_cny, expected, 1e-6)
          << "last day low " << last_day_low << ", extreme " << extreme;
      double charged = 0;
      for (const auto& c : cut.summary.costs) charged += c.demand_charge_cny;
      EXPECT_NEAR(charged, demand, 1e-6) << "last day low " << last_day_low;
    }
  }
}

TEST(Planning, TypicalDaysReportTheirError) {
  const Network net = io::read_scenario(case_path("twodays.toml"));
  // One day for four: sunny and cloudy days differ. The energies are kept (availability and
  // load rescaled to their means) but the shape is not, and the duration curve says so.
  const planning::Reduction red = planning::typical_days(net, 1);
  ASSERT_EQ(red.day.size(), 1u);
  EXPECT_DOUBLE_EQ(red.weight_days[0], 4.0);
  double worst = 0.0;
  for (const auto& e : red.errors) {
    EXPECT_NEAR(e.mean_error, 0.0, 1e-12) << e.name;
    worst = std::max(worst, e.duration_curve_nrmse);
  }
  EXPECT_GT(worst, 0.02);
  const Network reduced = planning::reduce(net, red);
  double pv_full = 0, pv_cut = 0;
  for (Index t = 0; t < net.snapshot_count(); ++t)
    pv_full += net.generators.availability_pu.at(1, t);
  for (Index t = 0; t < reduced.snapshot_count(); ++t)
    pv_cut += reduced.generators.availability_pu.at(1, t) * reduced.snapshots.weight_hours[t];
  EXPECT_NEAR(pv_cut, pv_full, 1e-9 * pv_full);
  // Deterministic: the same days every time.
  EXPECT_EQ(planning::typical_days(net, 1).day, red.day);
}

TEST(Planning, PlanOnTypicalDaysMatchesTheFullPlanWhenExact) {
  Network net = io::read_scenario(case_path("twodays.toml"));
  net.planning.present = true;
  net.planning.years = {2025, 2030};
  net.planning.last_period_years = 5;
  net.planning.base_year = 2025;
  const auto full = planning::plan(net, solve::Options{}, 0);
  const auto cut = planning::plan(net, solve::Options{}, 2);
  ASSERT_TRUE(full.optimal && cut.optimal);
  EXPECT_NEAR(cut.total_cost_cny, full.total_cost_cny, 1e-7 * full.total_cost_cny);
  EXPECT_EQ(cut.snapshots_per_period, 48);
}

TEST(Planning, InteriorPointWithoutCrossoverGivesTheSameOptimum) {
  Network net = io::read_scenario(case_path("twodays.toml"));
  solve::Options o;
  o.method = solve::Method::kIpm;
  const auto with = optimise(net, o);
  o.crossover = false;
  const auto without = optimise(net, o);
  ASSERT_TRUE(with.summary.optimal && without.summary.optimal);
  EXPECT_NEAR(without.summary.objective_cny, with.summary.objective_cny,
              1e-6 * with.summary.objective_cny);
}

TEST(Planning, ReaderNamesBadPlanningFields) {
  const std::string dir = ::testing::TempDir() + "/parkgrid_planning_bad";
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/scenario.toml";
  {
    std::ofstream f(file);
    f << "[snapshots]\ncount = 1\n[[carriers]]\nname = \"electricity\"\n[[buses]]\nname = "
         "\"park\"\ncarrier = \"electricity\"\n[[projects]]\nname = \"x\"\nbus = \"park\"\n"
         "demand_mw = 1\nstart_year = 2025\nstage = \"dreamt\"\nramp_up = [0.5, 2]\n"
         "[planning]\nyears = [2026, 2025]\nforesight = \"hindsight\"\nmin_green_share = [0.1]\n"
         "extreme_days = \"monthly\"\ntypical_day_storage = \"seasonal\"\n"
         "[[retirements]]\ncomponent = \"coal\"\nyear = 2030\n";
  }
  try {
    (void)io::read_scenario(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
    EXPECT_NE(all.find("stage = \"dreamt\""), std::string::npos) << all;
    EXPECT_NE(all.find("ramp_up = 2 (must be between 0 and 1)"), std::string::npos) << all;
    EXPECT_NE(all.find("expected years in increasing order"), std::string::npos) << all;
    EXPECT_NE(all.find("foresight = \"hindsight\""), std::string::npos) << all;
    EXPECT_NE(all.find("expected one value per period (2)"), std::string::npos) << all;
    EXPECT_NE(all.find("component = \"coal\""), std::string::npos) << all;
    EXPECT_NE(all.find("extreme_days = \"monthly\""), std::string::npos) << all;
    EXPECT_NE(all.find("typical_day_storage = \"seasonal\""), std::string::npos) << all;
    EXPECT_EQ(e.diagnostics().size(), 8u) << all;
  }
}

// tariff_dates.toml: tariffs by date, worked out by hand in the file. The one-year run prices its
// 2025 snapshots with the file valid from 2025-01-01; the plan prices 2026 with the one valid
// from 2026-01-01, whose valley is at midday, and the battery charges there.
TEST(Planning, EachPlanYearTakesTheTariffInForce) {
  const Network net = io::read_scenario(case_path("tariff_dates.toml"));
  ASSERT_EQ(net.grid.tariffs.size(), 1u);
  ASSERT_EQ(net.grid.tariffs[0].size(), 2u);
  EXPECT_EQ(net.grid.tariffs[0][0].source, "tariff_dates/valley_night.toml");
  EXPECT_DOUBLE_EQ(net.grid.buy_price_cny_per_mwh.at(0, 0), 60.0);    // 2025: night valley
  EXPECT_DOUBLE_EQ(net.grid.buy_price_cny_per_mwh.at(0, 12), 120.0);  // flat at noon
  const Network y2026 = planning::period_network(net, 1);
  EXPECT_DOUBLE_EQ(y2026.grid.buy_price_cny_per_mwh.at(0, 0), 120.0);  // 2026: flat at night
  EXPECT_DOUBLE_EQ(y2026.grid.buy_price_cny_per_mwh.at(0, 12), 60.0);  // midday valley

  const auto one_year = optimise(net, solve::Options{});
  ASSERT_TRUE(one_year.summary.optimal);
  EXPECT_NEAR(one_year.summary.objective_cny, 23880.0, 1e-6);

  const auto r = planning::plan(net, solve::Options{});
  ASSERT_TRUE(r.optimal);
  ASSERT_EQ(r.period.size(), 2u);
  EXPECT_NEAR(r.period[0].annual_cost_cny, 23880.0, 1e-6);
  EXPECT_NEAR(r.period[1].annual_cost_cny, 25080.0, 1e-6);
  EXPECT_NEAR(r.total_cost_cny, 48960.0, 1e-6);
  const auto charge = [](const analysis::Results& res) {
    for (const auto& table : res.hourly)
      for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (table.columns[c] == "battery.charge_mw") return table.values[c];
    ADD_FAILURE() << "no battery.charge_mw column";
    return std::vector<double>(24, 0.0);
  };
  const auto in = [](const std::vector<double>& v, int from, int to) {
    double sum = 0;
    for (int h = from; h < to; ++h) sum += v[static_cast<std::size_t>(h)];
    return sum;
  };
  const std::vector<double> c2025 = charge(r.period[0].results);
  const std::vector<double> c2026 = charge(r.period[1].results);
  EXPECT_NEAR(in(c2025, 0, 7), 20.0, 1e-6);  // 2025: all 20 MWh at night
  EXPECT_NEAR(in(c2025, 7, 24), 0.0, 1e-6);
  EXPECT_NEAR(in(c2026, 10, 15), 20.0, 1e-6);  // 2026: all of it in 10:00-15:00
  EXPECT_NEAR(in(c2026, 0, 10) + in(c2026, 15, 24), 0.0, 1e-6);
}

// A tariff file must say from when it is in force; a snapshot before every file is an error.
TEST(Planning, TariffFilesNeedADateInForce) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "parkgrid_tariff_dates_test";
  std::filesystem::create_directories(dir / "tariff_dates");
  for (const char* f : {"valley_night.toml", "valley_midday.toml"})
    std::filesystem::copy_file(case_path(std::string("tariff_dates/") + f),
                               dir / "tariff_dates" / f,
                               std::filesystem::copy_options::overwrite_existing);
  std::ifstream in(case_path("tariff_dates.toml"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto write = [&](const std::string& s) {
    std::ofstream(dir / "case.toml") << s;
    return (dir / "case.toml").string();
  };
  // Snapshots in 2024, before the first file.
  std::string early = text;
  early.replace(early.find("2025-01-01T00:00"), 16, "2024-06-01T00:00");
  try {
    (void)io::read_scenario(write(early));
    ADD_FAILURE() << "no error for a snapshot before every tariff file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a tariff in force on 2024-06-01"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("tariff_files"), std::string::npos) << e.what();
  }
  // A file without valid_from.
  std::ofstream(dir / "tariff_dates" / "valley_midday.toml") << std::string(
      "[tariff]\nname = \"undated\"\n[charges]\nenergy_price_cny_per_mwh = 1\n"
      "[[voltage_levels]]\nname = \"10kv\"\ntransmission_cny_per_mwh = 0\n");
  try {
    (void)io::read_scenario(write(text));
    ADD_FAILURE() << "no error for a tariff file without valid_from";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("valid_from"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("valley_midday.toml"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace parkgrid
