// Unit commitment, worked by hand: the derivations are the comments at the top of each
// tests/cases/uc/*.toml file; the numbers below are the ones derived there. Each case runs in
// integer mode (a MIP proved optimal, prices from the LP with the units fixed), in linear mode
// (the relaxation) and with commitment off, each with dual simplex and interior point for the
// LPs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <string>

#include "cases/case_helpers.hpp"
#include "parkgrid/parkgrid.hpp"
#include "parkgrid/pypsa.hpp"

namespace parkgrid {
namespace {

using analysis::Results;
using Mode = UnitCommitment::Mode;

Network read_case(const std::string& file) {
  return io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/uc/" + file);
}

using cases::hourly;

const analysis::UnitCommitmentResult& unit(const Results& r, const std::string& name) {
  for (const auto& u : r.summary.units)
    if (u.name == name) return u;
  throw std::runtime_error("no committable generator " + name);
}

using cases::cost_total;

class UnitCommitmentCases : public ::testing::TestWithParam<solve::Method> {
 protected:
  Results run(Network net, Mode mode) {
    net.unit_commitment.mode = mode;
    solve::Options o;
    o.method = GetParam();
    o.mip_rel_gap = 0.0;  // prove optimality: the hand-computed optimum is exact
    Results r = optimise(net, o);
    EXPECT_TRUE(r.summary.optimal) << net.name << ": " << r.summary.status;
    // The cost split (start-ups and no-load fuel included) adds up to the objective.
    EXPECT_NEAR(cost_total(r), r.summary.objective_cny,
                1e-6 * std::max(1.0, std::abs(r.summary.objective_cny)));
    return r;
  }
  Results run(const std::string& file, Mode mode) { return run(read_case(file), mode); }
};

constexpr double kTol = 1e-6;

TEST_P(UnitCommitmentCases, MinimumLoadForcesCurtailment) {
  const Results integer = run("min_load_curtailment.toml", Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 78000.0, 78000.0 * kTol);
  EXPECT_NEAR(integer.summary.curtailment_mwh, 140.0, 1e-4);
  const auto& coal = hourly(integer, "generators.csv", "coal");
  EXPECT_NEAR(coal[1], 50.0, 1e-5);
  EXPECT_NEAR(coal[2], 50.0, 1e-5);
  EXPECT_EQ(integer.summary.unit_commitment, "integer");
  EXPECT_NEAR(unit(integer, "coal").starts, 0.0, 1e-6);
  EXPECT_NEAR(unit(integer, "coal").hours_at_min_load, 2.0, 1e-6);
  // Prices from the LP with the commitment fixed: PV is curtailed at t1 (marginal at 0), coal
  // is marginal at t0.
  const auto& price = hourly(integer, "bus_prices.csv", "park.price_cny_per_mwh");
  EXPECT_NEAR(price[0], 300.0, 1e-4);
  EXPECT_NEAR(price[1], 0.0, 1e-4);

  const Results linear = run("min_load_curtailment.toml", Mode::kLinear);
  EXPECT_NEAR(linear.summary.objective_cny, 66000.0, 66000.0 * kTol);
  EXPECT_NEAR(linear.summary.curtailment_mwh, 100.0, 1e-4);
  const Results off = run("min_load_curtailment.toml", Mode::kOff);
  EXPECT_NEAR(off.summary.objective_cny, 48000.0, 48000.0 * kTol);
  EXPECT_TRUE(off.summary.units.empty());
}

TEST_P(UnitCommitmentCases, StartUpCostAgainstRunningAtMinimumThroughTheNight) {
  const Results expensive = run("start_or_run_at_min.toml", Mode::kInteger);
  EXPECT_NEAR(expensive.summary.objective_cny, 150000.0, 150000.0 * kTol);
  EXPECT_NEAR(unit(expensive, "coal").starts, 0.0, 1e-6);
  EXPECT_NEAR(expensive.summary.grid_export_mwh, 140.0, 1e-4);
  const auto& online = hourly(expensive, "unit_commitment.csv", "coal.online");
  EXPECT_NEAR(online[1], 2.0, 1e-6);
  EXPECT_NEAR(run("start_or_run_at_min.toml", Mode::kLinear).summary.objective_cny, 135000.0,
              135000.0 * kTol);

  Network cheap = read_case("start_or_run_at_min.toml");
  cheap.generators.commitment.start_up_cost_cny[0] = 20000.0;
  const Results cheaper = run(cheap, Mode::kInteger);
  EXPECT_NEAR(cheaper.summary.objective_cny, 140000.0, 140000.0 * kTol);
  EXPECT_NEAR(unit(cheaper, "coal").starts, 1.0, 1e-6);
  EXPECT_NEAR(unit(cheaper, "coal").start_up_cny, 20000.0, 1e-3);
  EXPECT_NEAR(unit(cheaper, "coal").hours_at_min_load, 2.0, 1e-6);
  double start_cost = 0;
  for (const auto& c : cheaper.summary.costs) start_cost += c.start_up_cny;
  EXPECT_NEAR(start_cost, 20000.0, 1e-3);
  EXPECT_NEAR(run(cheap, Mode::kLinear).summary.objective_cny, 126000.0, 126000.0 * kTol);
}

TEST_P(UnitCommitmentCases, BindingMinimumUpTime) {
  const Results integer = run("min_up_time.toml", Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 32000.0, 32000.0 * kTol);
  EXPECT_NEAR(hourly(integer, "generators.csv", "coal")[1], 0.0, 1e-6);
  EXPECT_NEAR(run("min_up_time.toml", Mode::kLinear).summary.objective_cny, 32000.0,
              32000.0 * kTol);
  Network no_min_up = read_case("min_up_time.toml");
  no_min_up.generators.commitment.min_up_time_h[0] = 0.0;
  EXPECT_NEAR(run(no_min_up, Mode::kInteger).summary.objective_cny, 24000.0, 24000.0 * kTol);
}

TEST_P(UnitCommitmentCases, BindingRamp) {
  const Results integer = run("ramp.toml", Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 88000.0, 88000.0 * kTol);
  const auto& coal = hourly(integer, "generators.csv", "coal");
  EXPECT_NEAR(coal[0], 40.0, 1e-5);
  EXPECT_NEAR(coal[1], 60.0, 1e-5);
  EXPECT_NEAR(hourly(integer, "generators.csv", "peaker")[1], 20.0, 1e-5);
  EXPECT_NEAR(run("ramp.toml", Mode::kLinear).summary.objective_cny, 86800.0, 86800.0 * kTol);
  EXPECT_NEAR(run("ramp.toml", Mode::kOff).summary.objective_cny, 84000.0, 84000.0 * kTol);
}

// A ramped unit's start and stop limits (su(t) + u(t-1) <= N, sd(t) <= u(t-1)) are what the
// down- and up-time rows say for a minimum time of one snapshot: with u(t) + sd(t) = u(t-1) +
// su(t), the down-time row's sd(t) term gives the first and the up-time row's su(t) term the
// second. So minimum times of one hour are the same model as none: the same 88,000 / 86,800 CNY
// as BindingRamp.
TEST_P(UnitCommitmentCases, OneHourMinimumTimesAreTheStartAndStopLimits) {
  Network hour = read_case("ramp.toml");
  hour.generators.commitment.min_up_time_h[0] = 1.0;
  hour.generators.commitment.min_down_time_h[0] = 1.0;
  Network down_only = read_case("ramp.toml");
  down_only.generators.commitment.min_down_time_h[0] = 1.0;
  for (const Mode mode : {Mode::kInteger, Mode::kLinear}) {
    const double z = mode == Mode::kInteger ? 88000.0 : 86800.0;
    EXPECT_NEAR(run(hour, mode).summary.objective_cny, z, z * kTol);
    EXPECT_NEAR(run(down_only, mode).summary.objective_cny, z, z * kTol);
  }
}

TEST_P(UnitCommitmentCases, WholeUnitsBuilt) {
  const Results integer = run("units_built.toml", Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 350000.0, 350000.0 * kTol);
  EXPECT_NEAR(unit(integer, "coal").units, 3.0, 1e-6);
  const Results linear = run("units_built.toml", Mode::kLinear);
  EXPECT_NEAR(linear.summary.objective_cny, 300000.0, 300000.0 * kTol);
  EXPECT_NEAR(unit(linear, "coal").units, 2.5, 1e-6);
}

// The capex annuity of generator `name` in the cost split.
double capex_of(const Results& r, const std::string& name) {
  for (const auto& c : r.summary.costs)
    if (c.family == "generator" && c.name == name) return c.capex_annuity_cny;
  throw std::runtime_error("no generator " + name + " in the costs");
}

// Flexibility retrofit (tests/cases/uc/retrofit_*.toml): the coal unit held online through the
// PV hours by its minimum down time runs at its minimum; retrofitted to 30 % it saves 20 MW of
// coal in two snapshots of 2,190 h, 26,280,000 CNY a year, against an annuity of 2,000,000
// (pays: retrofitted) or 30,000,000 CNY (does not pay: not retrofitted).
// retrofit_pays.toml with the coal unit split in two units of 50 MW, one of them retrofitted
// before (its capital sunk) and a retrofit that no longer pays (3,000 CNY/kW: 15,000,000 CNY a
// unit and year against the 10 MW x 2 x 657,000 = 13,140,000 it would save). Both units stay
// online (t0 and t3 need 80 MW and a stop keeps a unit down 3 h), so more units are online than
// are retrofitted and the least output is that of one unit at 30 % and one at 50 %:
// 15 + 25 = 40 MW in t1 and t2, (80 + 40 + 40 + 80) x 657,000 = 157,680,000 CNY (v = r = 1 < u).
// linear: u0 >= 1.6 (80 MW); the down-time row of t3 gives sd1 + sd2 + sd3 <= 0.4, so
// u1, u2 >= 1.2, reached with sd0 = sd1 = 0.4 and su3 = 0.4; the least output is
// max(25 u - 10 r, 15 u) = max(20, 18) = 20 MW: (80 + 20 + 20 + 80) x 657,000 = 131,400,000.
TEST_P(UnitCommitmentCases, RetrofitOfSomeOfTheUnitsOnline) {
  Network net = read_case("retrofit_pays.toml");
  auto& cm = net.generators.commitment;
  const Index coal = 1;  // after pv
  cm.unit_size_mw.assign(cm.unit_size_mw.size(), 0.0);
  cm.unit_size_mw[coal] = 50.0;
  cm.retrofit_capex_cny_per_kw[coal] = 3000.0;
  cm.retrofitted_units.assign(net.generators.size(), 0.0);
  cm.retrofitted_units[coal] = 1.0;
  const Results integer = run(net, Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 157680000.0, 157680000.0 * kTol);
  EXPECT_NEAR(unit(integer, "coal").retrofit_units, 1.0, 1e-6);
  const auto& coal_mw = hourly(integer, "generators.csv", "coal");
  EXPECT_NEAR(coal_mw[1], 40.0, 1e-5);
  EXPECT_NEAR(coal_mw[2], 40.0, 1e-5);
  EXPECT_NEAR(unit(integer, "coal").hours_at_min_load, 4380.0, 1e-6);
  const Results linear = run(net, Mode::kLinear);
  EXPECT_NEAR(linear.summary.objective_cny, 131400000.0, 131400000.0 * kTol);
  EXPECT_NEAR(hourly(linear, "generators.csv", "coal")[1], 20.0, 1e-5);
  EXPECT_NEAR(hourly(linear, "generators.csv", "coal")[2], 20.0, 1e-5);
}

TEST_P(UnitCommitmentCases, RetrofitPays) {
  const Results integer = run("retrofit_pays.toml", Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 146540000.0, 146540000.0 * kTol);
  EXPECT_NEAR(unit(integer, "coal").retrofit_units, 1.0, 1e-6);
  EXPECT_NEAR(unit(integer, "coal").retrofit_min_stable_pu, 0.3, 1e-12);
  EXPECT_NEAR(unit(integer, "coal").retrofit_cny, 2000000.0, 1e-3);
  EXPECT_NEAR(capex_of(integer, "coal"), 2000000.0, 1e-3);
  const auto& coal = hourly(integer, "generators.csv", "coal");
  EXPECT_NEAR(coal[1], 30.0, 1e-5);
  EXPECT_NEAR(coal[2], 30.0, 1e-5);
  EXPECT_NEAR(integer.summary.curtailment_mwh, 219000.0, 1e-2);
  // At its (retrofitted) minimum in the two PV snapshots of 2,190 h.
  EXPECT_NEAR(unit(integer, "coal").hours_at_min_load, 4380.0, 1e-6);

  const Results linear = run("retrofit_pays.toml", Mode::kLinear);
  EXPECT_NEAR(linear.summary.objective_cny, 129972000.0, 129972000.0 * kTol);
  EXPECT_NEAR(unit(linear, "coal").retrofit_units, 0.6, 1e-6);
  EXPECT_NEAR(hourly(linear, "generators.csv", "coal")[1], 18.0, 1e-5);

  const Results off = run("retrofit_pays.toml", Mode::kOff);
  EXPECT_NEAR(off.summary.objective_cny, 105120000.0, 105120000.0 * kTol);
  EXPECT_TRUE(off.summary.units.empty());
  EXPECT_NEAR(capex_of(off, "coal"), 0.0, 1e-9);
}

// retrofit_pays.toml with the retrofit's minimum equal to the unit's (0.5, as a sweep of
// min_stable_pu may set it): the option lowers nothing and costs its annuity, so it is never
// chosen, and the answers are those without it: integer 260 x 657,000 = 170,820,000 CNY; linear
// u1 = u2 = 0.6 at 50 u = 30 MW: 220 x 657,000 = 144,540,000 CNY.
TEST_P(UnitCommitmentCases, RetrofitToTheSameMinimumIsNeverChosen) {
  std::ifstream in(std::string(PARKGRID_TEST_CASES_DIR) + "/uc/retrofit_pays.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "retrofit_min_stable_pu = 0.3";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "retrofit_min_stable_pu = 0.5");
  const Network net =
      io::read_scenario_text(text, std::string(PARKGRID_TEST_CASES_DIR) + "/uc/retrofit_pays.toml");
  const Results integer = run(net, Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 170820000.0, 170820000.0 * kTol);
  EXPECT_NEAR(unit(integer, "coal").retrofit_units, 0.0, 1e-6);
  const Results linear = run(net, Mode::kLinear);
  EXPECT_NEAR(linear.summary.objective_cny, 144540000.0, 144540000.0 * kTol);
  EXPECT_NEAR(unit(linear, "coal").retrofit_units, 0.0, 1e-6);
}

TEST_P(UnitCommitmentCases, RetrofitDoesNotPay) {
  const Results integer = run("retrofit_does_not_pay.toml", Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 170820000.0, 170820000.0 * kTol);
  EXPECT_NEAR(unit(integer, "coal").retrofit_units, 0.0, 1e-6);
  EXPECT_NEAR(capex_of(integer, "coal"), 0.0, 1e-3);
  EXPECT_NEAR(hourly(integer, "generators.csv", "coal")[1], 50.0, 1e-5);
  EXPECT_NEAR(integer.summary.curtailment_mwh, 306600.0, 1e-2);

  const Results linear = run("retrofit_does_not_pay.toml", Mode::kLinear);
  EXPECT_NEAR(linear.summary.objective_cny, 144540000.0, 144540000.0 * kTol);
  EXPECT_NEAR(unit(linear, "coal").retrofit_units, 0.0, 1e-6);

  const Results off = run("retrofit_does_not_pay.toml", Mode::kOff);
  EXPECT_NEAR(off.summary.objective_cny, 105120000.0, 105120000.0 * kTol);
}

INSTANTIATE_TEST_SUITE_P(Methods, UnitCommitmentCases,
                         ::testing::Values(solve::Method::kSimplex, solve::Method::kIpm),
                         [](const auto& param_info) {
                           return param_info.param == solve::Method::kSimplex
                                      ? std::string("simplex")
                                      : std::string("ipm");
                         });

// A part-load heat rate (tests/cases/uc/part_load.toml): 50,000 CNY and 106.25 t of CO2 with
// the unit online at minimum load; the linear relaxation runs half a unit at full load instead
// (40,000 CNY, 85 t), as without the curve, and says so: two hours with a fraction of a unit.
TEST_P(UnitCommitmentCases, PartLoadHeatRate) {
  const Results integer = run("part_load.toml", Mode::kInteger);
  EXPECT_NEAR(integer.summary.objective_cny, 50000.0, 50000.0 * kTol);
  EXPECT_NEAR(integer.summary.co2_t, 106.25, 1e-6);
  const Results linear = run("part_load.toml", Mode::kLinear);
  EXPECT_NEAR(linear.summary.objective_cny, 40000.0, 40000.0 * kTol);
  EXPECT_NEAR(linear.summary.co2_t, 85.0, 1e-6);
  EXPECT_NEAR(run("part_load.toml", Mode::kOff).summary.objective_cny, 40000.0, 40000.0 * kTol);
  // Half a unit online in both hours: the relaxation's artefact is counted, and only there.
  EXPECT_NEAR(unit(linear, "coal").hours_fractional, 2.0, 1e-9);
  EXPECT_EQ(unit(integer, "coal").hours_fractional, 0.0);
}

// The reader's rules for committable generators, each with the field named.
TEST(UnitCommitment, ReaderRefusesPartialUnitsAndOrphanFields) {
  const std::string dir = std::string(PARKGRID_TEST_CASES_DIR) + "/uc/";
  const auto problems = [&](const std::string& text) {
    const std::string path =
        testing::TempDir() + "uc_reader_" + std::to_string(::getpid()) + ".toml";
    {
      std::ofstream f(path);
      f << text;
    }
    try {
      (void)io::read_scenario(path);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string head =
      "[snapshots]\ncount = 2\n[[carriers]]\nname = \"electricity\"\n[[buses]]\nname = "
      "\"b\"\n[[loads]]\nname = \"l\"\nbus = \"b\"\ndemand_mw = 1\n[[generators]]\nname = "
      "\"c\"\nbus = \"b\"\ncarrier = \"electricity\"\n";
  const std::string whole = problems(head + "capacity_mw = 250\nunit_size_mw = 100\n");
  EXPECT_NE(whole.find("capacity_mw = 250"), std::string::npos) << whole;
  EXPECT_NE(whole.find("whole number of units"), std::string::npos) << whole;
  const std::string orphan = problems(head + "capacity_mw = 100\nmin_up_time_h = 4\n");
  EXPECT_NE(orphan.find("min_up_time_h"), std::string::npos) << orphan;
  EXPECT_NE(orphan.find("set unit_size_mw > 0"), std::string::npos) << orphan;
  const std::string mode =
      problems(head + "capacity_mw = 100\n[unit_commitment]\nmode = \"binary\"\n");
  EXPECT_NE(mode.find("\"binary\""), std::string::npos) << mode;
  EXPECT_NE(mode.find("expected \"integer\", \"linear\" or \"off\""), std::string::npos) << mode;
  EXPECT_TRUE(
      problems(head + "capacity_mw = 200\nunit_size_mw = 100\nmin_up_time_h = 3\n").empty());
  // The flexibility retrofit: a minimum below min_stable_pu, and its costs only with it.
  const std::string unit = head + "capacity_mw = 200\nunit_size_mw = 100\nmin_stable_pu = 0.4\n";
  const std::string above = problems(unit + "retrofit_min_stable_pu = 0.5\n");
  EXPECT_NE(above.find("retrofit_min_stable_pu = 0.5"), std::string::npos) << above;
  EXPECT_NE(above.find("expected at most min_stable_pu = 0.4"), std::string::npos) << above;
  EXPECT_TRUE(problems(unit + "retrofit_min_stable_pu = 0.4\n").empty());  // equal: a no-op
  const std::string cost_alone = problems(unit + "retrofit_capex_cny_per_kw = 150\n");
  EXPECT_NE(cost_alone.find("retrofit_capex_cny_per_kw = 150"), std::string::npos) << cost_alone;
  EXPECT_NE(cost_alone.find("give retrofit_min_stable_pu"), std::string::npos) << cost_alone;
  const std::string not_committable =
      problems(head + "capacity_mw = 100\nretrofit_min_stable_pu = 0.3\n");
  EXPECT_NE(not_committable.find("retrofit_min_stable_pu"), std::string::npos) << not_committable;
  EXPECT_NE(not_committable.find("set unit_size_mw > 0"), std::string::npos) << not_committable;
  const std::string lifetime =
      problems(unit + "retrofit_min_stable_pu = 0.3\nretrofit_lifetime_years = 0\n");
  EXPECT_NE(lifetime.find("retrofit_lifetime_years = 0"), std::string::npos) << lifetime;
  EXPECT_TRUE(
      problems(unit + "retrofit_min_stable_pu = 0.3\nretrofit_capex_cny_per_kw = 150\n").empty());
}

// A retrofit option on a cluster that may be built: r <= n (generator_retrofit_units_max).
// retrofit_pays.toml with the retrofit free and the coal cluster extendable without limit at
// 12 M CNY/MW (a second unit would let one stop at t1 while the other starts at t3, saving
// 60 MW x 657,000 = 39.42 M CNY, but costs 12e6 x 100 / 25 years = 48 M CNY a year): one unit
// stands, and with a free retrofit r is degenerate between the units online (1) and the units
// standing; the row holds it to at most 1 (unbounded above otherwise).
TEST(UnitCommitment, RetrofitAtMostTheUnitsStanding) {
  for (const Mode mode : {Mode::kInteger, Mode::kLinear}) {
    Network net = read_case("retrofit_pays.toml");
    net.unit_commitment.mode = mode;
    const Index coal = 1;
    ASSERT_EQ(net.generators.name[coal], "coal");
    auto& cap = net.generators.capacity_mw;
    cap.extendable[coal] = 1;
    cap.max[coal] = kInf;
    cap.capex_cny_per_unit[coal] = 12e6;
    ASSERT_DOUBLE_EQ(cap.lifetime_years[coal], 25.0);
    net.generators.commitment.retrofit_capex_cny_per_kw[coal] = 0.0;
    solve::Options o;
    o.mip_rel_gap = 0.0;
    const Results r = optimise(net, o);
    ASSERT_TRUE(r.summary.optimal) << static_cast<int>(mode);
    const auto& coal_units = unit(r, "coal");
    EXPECT_NEAR(coal_units.units, 1.0, 1e-6);
    if (mode == Mode::kInteger) {
      EXPECT_NEAR(coal_units.retrofit_units, 1.0, 1e-6);
    } else {  // relaxed: 0.6 units online at t1, t2 (retrofit_pays.toml); r anywhere up to n
      EXPECT_GE(coal_units.retrofit_units, 0.6 - 1e-6);
      EXPECT_LE(coal_units.retrofit_units, coal_units.units + 1e-6);
    }
  }
}

// PyPSA has no retrofit decision: the export refuses the option by name; with --uc off (the
// commitment dropped) it is dropped too. A scenario folder written back keeps it.
TEST(UnitCommitment, RetrofitOptionInPyPsaExportAndScenarioFolder) {
  Network net = read_case("retrofit_pays.toml");
  const std::string dir = testing::TempDir() + "uc_retrofit_" + std::to_string(::getpid());
  try {
    (void)io::write_pypsa(net, dir + "/pypsa");
    ADD_FAILURE() << "exported a retrofit option to PyPSA";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("retrofit_min_stable_pu"), std::string::npos) << what;
    EXPECT_NE(what.find("PyPSA has no flexibility retrofit decision"), std::string::npos) << what;
  }
  net.unit_commitment.mode = Mode::kOff;
  EXPECT_NO_THROW((void)io::write_pypsa(net, dir + "/pypsa_off"));
  net.unit_commitment.mode = Mode::kInteger;
  io::write_scenario_folder(net, dir + "/scenario");
  const Network back = io::read_scenario(dir + "/scenario/scenario.toml");
  EXPECT_EQ(back.unit_commitment.mode, Mode::kInteger);
  ASSERT_TRUE(back.generators.retrofittable(1));
  EXPECT_DOUBLE_EQ(back.generators.commitment.retrofit_min_stable_pu[1], 0.3);
  EXPECT_DOUBLE_EQ(back.generators.commitment.retrofit_capex_cny_per_kw[1], 200.0);
  EXPECT_DOUBLE_EQ(back.generators.commitment.min_up_time_h[1], 4.0);
  EXPECT_DOUBLE_EQ(back.generators.commitment.unit_size_mw[1], 100.0);
}

// Typical days: the commitment wraps within each representative day (no start carried from
// one day into another). Two identical days reduced to one give the same cost per day.
TEST(UnitCommitment, WrapsWithinEachTypicalDay) {
  Network net = read_case("start_or_run_at_min.toml");
  net.unit_commitment.mode = Mode::kInteger;
  net.generators.commitment.start_up_cost_cny[0] = 20000.0;
  net.snapshots.cycle_snapshots = 4;  // one block of 4 snapshots: t3 wraps to t0
  solve::Options o;
  o.mip_rel_gap = 0.0;
  const Results r = optimise(net, o);
  ASSERT_TRUE(r.summary.optimal);
  // Wrapped, both units are online at t3 and t0 with no start needed at t0; one unit stops for
  // the night and starts at t3: the same 140,000 CNY as the open horizon that starts online.
  EXPECT_NEAR(r.summary.objective_cny, 140000.0, 140000.0 * kTol);
  EXPECT_NEAR(unit(r, "coal").starts, 1.0, 1e-6);
}

// The MIP start (solve::Options::mip_start, parkgrid::solve_model). start_or_run_at_min.toml
// with C = 20,000 (the derivation at the top of the file): the relaxation is u = [>= 1.5, 0.6,
// 0.6, 1.5] at 126,000 CNY. Rounded at threshold 0.2 (or 0.5), unit 1 (u >= 0.2) is on in
// every snapshot and unit 2 (u >= 1.2) at t0 and t3 only: u = [2, 1, 1, 2], no minimum times to
// repair, which is option (b), 140,000 CNY. The start is the optimum; the MIP from it and the
// MIP without it give the same objective.
TEST(UnitCommitment, MipStartFromTheRoundedRelaxation) {
  Network net = read_case("start_or_run_at_min.toml");
  net.unit_commitment.mode = Mode::kInteger;
  net.generators.commitment.start_up_cost_cny[0] = 20000.0;
  solve::Options o;
  o.mip_rel_gap = 0.0;
  o.mip_start = false;
  const Results cold = optimise(net, o);
  o.mip_start = true;
  const Results started = optimise(net, o);
  ASSERT_TRUE(cold.summary.optimal);
  ASSERT_TRUE(started.summary.optimal);
  EXPECT_TRUE(std::isnan(cold.summary.mip_start_cny));
  EXPECT_NEAR(started.summary.mip_relaxation_cny, 126000.0, 126000.0 * 1e-9);
  EXPECT_NEAR(started.summary.mip_start_cny, 140000.0, 140000.0 * 1e-9);
  EXPECT_NEAR(started.summary.objective_cny, 140000.0, 140000.0 * 1e-9);
  EXPECT_NEAR(started.summary.objective_cny, cold.summary.objective_cny,
              1e-9 * cold.summary.objective_cny);
  EXPECT_NEAR(unit(started, "coal").starts, 1.0, 1e-6);
}

// The start when the rounding is not the optimum: the cases of the hand-computed tests above,
// each solved with and without it to a proven optimum, give the same objective (1e-9), and the
// start is never below the optimum nor the relaxation above it.
TEST(UnitCommitment, MipStartGivesTheColdOptimum) {
  for (const char* file :
       {"min_load_curtailment.toml", "start_or_run_at_min.toml", "min_up_time.toml", "ramp.toml",
        "units_built.toml", "retrofit_pays.toml", "retrofit_does_not_pay.toml", "part_load.toml"}) {
    Network net = read_case(file);
    net.unit_commitment.mode = Mode::kInteger;
    solve::Options o;
    o.mip_rel_gap = 0.0;
    o.mip_start = false;
    const Results cold = optimise(net, o);
    o.mip_start = true;
    const Results started = optimise(net, o);
    ASSERT_TRUE(cold.summary.optimal) << file;
    ASSERT_TRUE(started.summary.optimal) << file;
    const double z = cold.summary.objective_cny;
    EXPECT_NEAR(started.summary.objective_cny, z, 1e-9 * std::abs(z)) << file;
    EXPECT_LE(started.summary.mip_relaxation_cny, z * (1 + 1e-9)) << file;
    if (!std::isnan(started.summary.mip_start_cny)) {
      EXPECT_GE(started.summary.mip_start_cny, z * (1 - 1e-9)) << file;
    }
  }
}

// --mip-fix-build (solve::Options::mip_fix_build) on units_built.toml: the relaxation builds 2.5
// units (300,000 CNY); the start rounds them up to 3, online 3 in both hours (2.5 >= 2 + 0.2),
// completed at 300 MW: 300,000 + 50,000 = 350,000 CNY, the optimum. The build is fixed at the
// start's 300 MW, the commitment MIP gives 350,000 CNY, and the gap reported is against the
// relaxation, the bound of the whole problem: (350,000 - 300,000) / 350,000 = 1/7.
TEST(UnitCommitment, MipFixBuildReportsTheGapAgainstTheRelaxation) {
  Network net = read_case("units_built.toml");
  net.unit_commitment.mode = Mode::kInteger;
  solve::Options o;
  o.mip_rel_gap = 0.0;
  o.mip_fix_build = true;
  const Results r = optimise(net, o);
  ASSERT_TRUE(r.summary.optimal) << r.summary.status;
  EXPECT_NEAR(r.summary.objective_cny, 350000.0, 350000.0 * 1e-9);
  EXPECT_NEAR(r.summary.mip_relaxation_cny, 300000.0, 300000.0 * 1e-9);
  EXPECT_NEAR(r.summary.mip_start_cny, 350000.0, 350000.0 * 1e-9);
  EXPECT_NEAR(r.summary.mip_gap, 1.0 / 7.0, 1e-9);
  EXPECT_NEAR(unit(r, "coal").units, 3.0, 1e-9);
}

// The rounding itself (formulate::round_commitment), one 100 MW unit with minimum up and down
// times of 3 h over 8 snapshots, at threshold 0.5:
//   relaxed [0.9, 0.1, 0.1, 0.9, 0.6, 0, 0, 0] -> on [1, 0, 0, 1, 1, 0, 0, 0]; the up run at t0
//   (1 h < 3) is extended over t1, t2, which also fills the 2 h down gap: [1, 1, 1, 1, 1, 0, 0, 0]
//   (the same wrapping or not).
//   relaxed [0, 0, 0, 0, 0, 0, 0.9, 0.1] -> on at t6 only. Open horizon (offline before): the run
//   at t6 is extended to t7, the end: [0, 0, 0, 0, 0, 0, 1, 1]. Wrapping (one typical day): the
//   run is extended over t7 and t0: [1, 0, 0, 0, 0, 0, 1, 1] (a 5 h down run, long enough).
TEST(UnitCommitment, RoundingRepairsMinimumUpAndDownTimes) {
  const std::string path =
      testing::TempDir() + "uc_rounding_" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream f(path);
    f << "[snapshots]\ncount = 8\n[[carriers]]\nname = \"electricity\"\n[[buses]]\nname = "
         "\"b\"\n[[loads]]\nname = \"l\"\nbus = \"b\"\ndemand_mw = 10\n[[generators]]\n"
         "name = \"c\"\nbus = \"b\"\ncarrier = \"electricity\"\ncapacity_mw = 100\n"
         "unit_size_mw = 100\nmin_stable_pu = 0.2\nmin_up_time_h = 3\nmin_down_time_h = 3\n"
         "down_time_before_h = 10\n[unit_commitment]\nmode = \"integer\"\n";
  }
  for (const bool wraps : {false, true}) {
    Network net = io::read_scenario(path);
    if (wraps) net.snapshots.cycle_snapshots = 8;
    const formulate::Model model = formulate::build(net);
    const Block& online = model.layout.generator_online;
    const auto rounded = [&](const std::vector<double>& u) {
      std::vector<double> x(static_cast<std::size_t>(model.lp.num_col()), 0.0);
      for (Index t = 0; t < 8; ++t) x[static_cast<std::size_t>(online.at(0, t))] = u[t];
      const std::vector<double> r = formulate::round_commitment(net, model, x, 0.5);
      std::vector<double> out;
      for (Index t = 0; t < 8; ++t) out.push_back(r[static_cast<std::size_t>(online.at(0, t))]);
      return out;
    };
    EXPECT_EQ(rounded({0.9, 0.1, 0.1, 0.9, 0.6, 0, 0, 0}),
              (std::vector<double>{1, 1, 1, 1, 1, 0, 0, 0}))
        << wraps;
    EXPECT_EQ(rounded({0, 0, 0, 0, 0, 0, 0.9, 0.1}),
              wraps ? (std::vector<double>{1, 0, 0, 0, 0, 0, 1, 1})
                    : (std::vector<double>{0, 0, 0, 0, 0, 0, 1, 1}))
        << wraps;
  }
}

}  // namespace
}  // namespace parkgrid
