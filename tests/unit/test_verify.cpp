// Every answer checked (src/solve/verify.cpp): residuals, duals, gap and objective of a solution
// made wrong on purpose; the re-solve of a failed interior-point answer; a normal solve passing;
// the progress read from HiGHS's log (src/solve/progress.cpp).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include <cmath>
#include <filesystem>
#include <iterator>
#include <vector>

#include "cli/progress.hpp"
#include "parkgrid/parkgrid.hpp"
#include "solve/progress.hpp"

namespace parkgrid {
namespace {

// min x0 + 2 x1  s.t.  x0 + x1 >= 1 (row 0), x0 - x1 <= 5 (row 1), 0 <= x <= 10.
// Optimum x = (1, 0), objective 1 + offset 3; row 0 has dual 1.
LinearProgram small_lp() {
  LinearProgram lp;
  lp.col_cost = {1.0, 2.0};
  lp.col_lower = {0.0, 0.0};
  lp.col_upper = {10.0, 10.0};
  lp.row_lower = {1.0, -kInf};
  lp.row_upper = {kInf, 5.0};
  lp.a_start = {0, 2, 4};
  lp.a_index = {0, 1, 0, 1};
  lp.a_value = {1.0, 1.0, 1.0, -1.0};
  lp.offset = 3.0;
  lp.row_blocks = {{"cover", 0, 1, 2}};
  return lp;
}

solve::Solution optimum() {
  const solve::Solution s = solve::solve(small_lp(), {});
  EXPECT_EQ(s.status, solve::Status::kOptimal);
  return s;
}

TEST(Verify, ANormalSolvePasses) {
  const solve::Solution s = optimum();
  ASSERT_TRUE(s.check.done);
  EXPECT_TRUE(s.check.passed) << s.check.problem;
  EXPECT_NEAR(s.check.objective, 4.0, 1e-12);
  EXPECT_LT(std::abs(s.check.gap), 1e-12);
  const solve::Check again = solve::verify(small_lp(), s);
  EXPECT_TRUE(again.passed);
}

TEST(Verify, ChooseIsSimplexForSmallModelsAndHipoForLargeOnes) {
  EXPECT_EQ(solve::chosen_method(9'235), solve::Method::kSimplex);  // Pinglu, 24 typical days
  EXPECT_EQ(solve::chosen_method(140'000), solve::Method::kHipo);   // Pinglu, the full year
  EXPECT_EQ(optimum().method, "simplex");
}

TEST(Verify, ARowViolatedOnPurposeIsFoundAndNamed) {
  solve::Solution s = optimum();
  s.col_value = {0.25, 0.0};  // x0 + x1 = 0.25 < 1
  s.objective = 3.25;         // consistent with the point: only the row is wrong
  const solve::Check c = solve::verify(small_lp(), s);
  EXPECT_TRUE(c.done);
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(c.worst_row, 0);
  EXPECT_NEAR(c.row_violation, 0.75 / 2.0, 1e-12);  // scaled by 1 + max(|bound|, Σ|a x|)
  EXPECT_NE(c.problem.find("row 0 (cover, component 0, snapshot 0)"), std::string::npos)
      << c.problem;
}

TEST(Verify, AColumnOutsideItsBoundFails) {
  solve::Solution s = optimum();
  s.col_value = {1.5, -0.5};  // row 0 still holds (1.0); x1 < 0
  s.objective = 3.0 + 1.5 - 1.0;
  const solve::Check c = solve::verify(small_lp(), s);
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(c.worst_col, 1);
  EXPECT_NE(c.problem.find("column 1"), std::string::npos) << c.problem;
}

TEST(Verify, AnObjectiveThatIsNotTheSolutionsFails) {
  solve::Solution s = optimum();
  s.objective += 1e-3;
  const solve::Check c = solve::verify(small_lp(), s);
  EXPECT_FALSE(c.passed);
  EXPECT_NE(c.problem.find("objective recomputed"), std::string::npos) << c.problem;
}

TEST(Verify, DualsWithTheWrongSignFail) {
  solve::Solution s = optimum();
  ASSERT_TRUE(s.has_dual);
  s.row_dual = {-1.0, 0.0};  // row 0 has no upper bound: its dual cannot be negative
  const solve::Check c = solve::verify(small_lp(), s);
  EXPECT_FALSE(c.passed);
  EXPECT_NE(c.problem.find("dual"), std::string::npos) << c.problem;
}

TEST(Verify, AFeasibleButNotOptimalPointFailsOnTheGap) {
  solve::Solution s = optimum();
  s.col_value = {0.0, 1.0};  // feasible, objective 5 against the dual bound 4
  s.objective = 5.0;
  const solve::Check c = solve::verify(small_lp(), s);
  EXPECT_EQ(c.row_violation, 0.0);
  EXPECT_FALSE(c.passed);
  EXPECT_NEAR(c.gap, 1.0 / 6.0, 1e-12);
  EXPECT_NE(c.problem.find("duality gap"), std::string::npos) << c.problem;
}

// HiGHS behind a solver that spoils the answers of the methods in `spoil`, as an interior point
// that calls a violated point optimal would, or (`stall`) as HiPO ends on large models that it
// cannot bring to the tolerances: "no progress", HiGHS's model status "unknown", with a point.
class Spoiling final : public solve::LpSolver {
 public:
  explicit Spoiling(std::vector<solve::Method> spoil, bool stall = false,
                    bool only_unscaled = false)
      : spoil_(std::move(spoil)), stall_(stall), only_unscaled_(only_unscaled) {}
  void load(const LinearProgram& lp) override { inner_->load(lp); }
  solve::Solution solve(const solve::Options& o) override {
    methods.push_back(o.method);
    highs_scaling.push_back(o.highs_scaling);
    solve::Solution s = inner_->solve(o);
    if (std::find(spoil_.begin(), spoil_.end(), o.method) == spoil_.end()) return s;
    if (only_unscaled_ && o.highs_scaling) return s;
    if (stall_) {
      s.status = solve::Status::kError;
      s.solver_status = "unknown";
      s.col_value[1] += 0.5;  // feasible, 1.0 above the optimum
      s.objective += 1.0;
    } else {
      s.col_value[0] -= 0.5;  // row 0 short by 0.5, still called optimal
    }
    return s;
  }
  void change_col_costs(std::span<const Index> c, std::span<const double> v) override {
    inner_->change_col_costs(c, v);
  }
  void change_col_bounds(std::span<const Index> c, std::span<const double> l,
                         std::span<const double> u) override {
    inner_->change_col_bounds(c, l, u);
  }
  void change_row_bounds(std::span<const Index> r, std::span<const double> l,
                         std::span<const double> u) override {
    inner_->change_row_bounds(r, l, u);
  }
  void change_coeffs(std::span<const Index> r, std::span<const Index> c,
                     std::span<const double> v) override {
    inner_->change_coeffs(r, c, v);
  }
  bool set_start(std::span<const double> x) override { return inner_->set_start(x); }
  std::string name() const override { return inner_->name(); }
  LinearProgram model() const override { return inner_->model(); }
  void write_model(const std::string& path) override { inner_->write_model(path); }
  std::vector<solve::Method> methods;
  std::vector<bool> highs_scaling;  // Options::highs_scaling of each solve asked for

 private:
  std::unique_ptr<solve::LpSolver> inner_ = solve::make_highs();
  std::vector<solve::Method> spoil_;
  bool stall_ = false;
  bool only_unscaled_ = false;  // spoil only dual simplex on the unscaled LP
};

// small_lp() solved with `o` by a checked solver around `spoiling`; `seen` gets the options of
// every solve the wrapper asked for (Spoiling::methods, Spoiling::highs_scaling).
struct Seen {
  std::vector<solve::Method> methods;
  std::vector<bool> highs_scaling;
};
solve::Solution solve_spoiled(std::unique_ptr<Spoiling> spoiling, const solve::Options& o,
                              Seen& seen) {
  Spoiling* inner = spoiling.get();
  auto solver = solve::checked(std::move(spoiling));
  solver->load(small_lp());
  solve::Solution s = solver->solve(o);
  seen = {inner->methods, inner->highs_scaling};
  return s;
}

// HiPO on small_lp() behind a checked solver, stalling as on the Pinglu year; `methods` gets
// the methods the wrapper was asked for, in order.
solve::Solution solve_stalling_hipo(bool crossover, std::vector<solve::Method>& methods) {
  solve::Options o;
  o.method = solve::Method::kHipo;
  o.crossover = crossover;
  Seen seen;
  solve::Solution s =
      solve_spoiled(std::make_unique<Spoiling>(std::vector{solve::Method::kHipo}, true), o, seen);
  methods = seen.methods;
  return s;
}

TEST(Verify, AnInteriorPointThatStopsShortIsReSolvedWithIpxAndCrossover) {
  std::vector<solve::Method> methods;
  const solve::Solution s = solve_stalling_hipo(false, methods);
  EXPECT_EQ(s.status, solve::Status::kOptimal) << s.solver_status;
  EXPECT_TRUE(s.check.passed) << s.check.problem;
  EXPECT_NE(s.check.retried_with.find(
                "after hipo without crossover stopped short of optimality (HiGHS: unknown)"),
            std::string::npos)
      << s.check.retried_with;
  ASSERT_EQ(methods.size(), 2u);
  EXPECT_EQ(methods[1], solve::Method::kIpx);
  EXPECT_EQ(s.method, "ipx");
  EXPECT_NEAR(s.objective, 4.0, 1e-9);
}

TEST(Verify, AStopWithCrossoverAskedIsReportedNotReSolved) {
  // With crossover asked, HiGHS has cleaned up with simplex itself: its "unknown" stands.
  std::vector<solve::Method> methods;
  const solve::Solution s = solve_stalling_hipo(true, methods);
  EXPECT_EQ(s.status, solve::Status::kError);
  EXPECT_EQ(methods.size(), 1u);
  EXPECT_TRUE(s.check.retried_with.empty()) << s.check.retried_with;
}

TEST(Verify, AFailedHipoAnswerIsReSolvedWithIpxAndCrossover) {
  solve::Options o;
  o.method = solve::Method::kHipo;
  Seen seen;
  const solve::Solution s =
      solve_spoiled(std::make_unique<Spoiling>(std::vector{solve::Method::kHipo}), o, seen);
  EXPECT_EQ(s.status, solve::Status::kOptimal);
  EXPECT_TRUE(s.check.passed) << s.check.problem;
  EXPECT_NE(s.check.retried_with.find("after hipo failed the check: row 0"), std::string::npos)
      << s.check.retried_with;
  ASSERT_EQ(seen.methods.size(), 2u);
  EXPECT_EQ(seen.methods[1], solve::Method::kIpx);
  EXPECT_NEAR(s.objective, 4.0, 1e-9);
}

TEST(Verify, AFailedUnscaledSimplexAnswerIsReSolvedWithHighsScaling) {
  // Dual simplex from scratch runs on the unscaled LP (Options::highs_scaling false); an answer
  // that fails the check is solved again with HiGHS's scaling, which here gives the optimum.
  solve::Options o;
  o.method = solve::Method::kSimplex;
  Seen seen;
  const solve::Solution s = solve_spoiled(
      std::make_unique<Spoiling>(std::vector{solve::Method::kSimplex}, false, true), o, seen);
  EXPECT_EQ(s.status, solve::Status::kOptimal) << s.solver_status;
  EXPECT_TRUE(s.check.passed) << s.check.problem;
  EXPECT_NE(s.check.retried_with.find("simplex with HiGHS's scaling, after the unscaled solve "
                                      "failed the check: row 0"),
            std::string::npos)
      << s.check.retried_with;
  EXPECT_EQ(seen.highs_scaling, (std::vector<bool>{false, true}));
  EXPECT_NEAR(s.objective, 4.0, 1e-9);
}

// A case's LP with its rows and columns multiplied by powers of ten (row i by 10^(i mod 5 - 2),
// column j by 10^(j mod 3 - 1)): the same optimum, coefficients over eight orders of magnitude.
LinearProgram badly_scaled(LinearProgram lp) {
  const auto row_factor = [](Index i) { return std::pow(10.0, static_cast<double>(i % 5 - 2)); };
  const auto col_factor = [](Index j) { return std::pow(10.0, static_cast<double>(j % 3 - 1)); };
  for (Index j = 0; j < lp.num_col(); ++j) {
    const auto c = static_cast<std::size_t>(j);
    // x_j = col_factor * y_j: the cost and the entries scale with it, the bounds inversely.
    lp.col_cost[c] *= col_factor(j);
    lp.col_lower[c] /= col_factor(j);
    lp.col_upper[c] /= col_factor(j);
    for (Index k = lp.a_start[c]; k < lp.a_start[c + 1]; ++k) {
      const auto e = static_cast<std::size_t>(k);
      lp.a_value[e] *= col_factor(j) * row_factor(lp.a_index[e]);
    }
  }
  for (Index i = 0; i < lp.num_row(); ++i) {
    lp.row_lower[static_cast<std::size_t>(i)] *= row_factor(i);
    lp.row_upper[static_cast<std::size_t>(i)] *= row_factor(i);
  }
  return lp;
}

TEST(Verify, SimplexFromScratchRunsUnscaledUnlessHighsScalingIsAsked) {
  // On a badly scaled LP the two take different paths (HiGHS's scaling is applied only when
  // asked) to the same optimum; on the case as built, unscaled is fine too.
  const Network n = io::read_scenario(std::filesystem::path(PARKGRID_TEST_CASES_DIR) / "planning" /
                                      "seasons.toml");
  const formulate::Model m = formulate::build(n);
  for (const bool spoil_scale : {false, true}) {
    const LinearProgram lp = spoil_scale ? badly_scaled(m.lp) : m.lp;
    solve::Options o;
    o.method = solve::Method::kSimplex;
    const solve::Solution unscaled = solve::solve(lp, o);
    o.highs_scaling = true;
    const solve::Solution scaled = solve::solve(lp, o);
    ASSERT_EQ(unscaled.status, solve::Status::kOptimal) << unscaled.solver_status;
    ASSERT_EQ(scaled.status, solve::Status::kOptimal) << scaled.solver_status;
    EXPECT_TRUE(unscaled.check.passed) << unscaled.check.problem;
    EXPECT_TRUE(unscaled.check.retried_with.empty()) << unscaled.check.retried_with;
    EXPECT_NEAR(unscaled.objective, scaled.objective, 1e-9 * std::abs(scaled.objective));
    if (spoil_scale) {
      EXPECT_NE(unscaled.iterations, scaled.iterations);
    }
  }
}

TEST(Verify, AnAnswerThatStillFailsIsNeverOptimal) {
  // Simplex with HiGHS's scaling is not re-solved; unscaled, it is re-solved once with the
  // scaling; an IPX answer without crossover is re-solved with crossover. Here every answer
  // fails again.
  for (const auto& [method, crossover, scaling, solves] :
       {std::tuple{solve::Method::kSimplex, true, true, 1u},
        {solve::Method::kSimplex, true, false, 2u},
        {solve::Method::kIpx, false, false, 2u}}) {
    auto spoiling =
        std::make_unique<Spoiling>(std::vector{solve::Method::kSimplex, solve::Method::kIpx});
    Spoiling* seen = spoiling.get();
    auto solver = solve::checked(std::move(spoiling));
    solver->load(small_lp());
    solve::Options o;
    o.method = method;
    o.crossover = crossover;
    o.highs_scaling = scaling;
    const solve::Solution s = solver->solve(o);
    EXPECT_EQ(s.status, solve::Status::kError);
    EXPECT_FALSE(s.check.passed);
    EXPECT_NE(s.solver_status.find("fails the residual check: row 0"), std::string::npos)
        << s.solver_status;
    EXPECT_EQ(seen->methods.size(), solves);
  }
}

TEST(Verify, CasesPassWithEveryMethodAndReportProgress) {
  const Network n =
      io::read_scenario(std::filesystem::path(PARKGRID_TEST_CASES_DIR) / "paths" / "two_days.toml");
  const formulate::Model m = formulate::build(n);
  double reference = std::nan("");
  for (const auto& [method, crossover] : {std::pair{solve::Method::kSimplex, true},
                                          {solve::Method::kIpx, true},
                                          {solve::Method::kIpx, false},
                                          {solve::Method::kHipo, true},
                                          {solve::Method::kHipo, false}}) {
    solve::Options o;
    o.method = method;
    o.crossover = crossover;
    std::vector<solve::Progress> events;
    o.progress = [&](const solve::Progress& p) { events.push_back(p); };
    const solve::Solution s = solve::solve(m.lp, o);
    const std::string what = fmt::format("{} crossover {}", solve::method_name(method), crossover);
    ASSERT_EQ(s.status, solve::Status::kOptimal) << what << ": " << s.solver_status;
    EXPECT_TRUE(s.check.done && s.check.passed) << what << ": " << s.check.problem;
    EXPECT_TRUE(s.check.retried_with.empty()) << what;
    if (std::isnan(reference)) reference = s.objective;
    EXPECT_NEAR(s.objective, reference, 1e-7 * std::abs(reference)) << what;
    ASSERT_FALSE(events.empty()) << what;
    EXPECT_EQ(events.back().phase, solve::Phase::kDone) << what;
    if (method != solve::Method::kSimplex) {
      const solve::Method ipm_method = method;  // clang 14 cannot capture a structured binding
      const bool saw_ipm = std::any_of(events.begin(), events.end(), [&](const auto& p) {
        return p.phase == solve::Phase::kIpm && p.method == solve::method_name(ipm_method) &&
               p.iteration >= 0 && (ipm_method == solve::Method::kHipo || std::isfinite(p.gap));
      });
      EXPECT_TRUE(saw_ipm) << what;
    }
  }
}

// HiGHS's own advice ("Consider ... setting the user_objective_scale option to -N") on logs of
// models with these largest costs: 8e7 -> -7, 5e7 -> -6, 1e7 -> -4, 2e6 -> -1.
TEST(ObjectiveScale, IsThePowerOfTwoThatBringsTheLargestCostToAMillion) {
  EXPECT_EQ(solve::objective_scale_exponent(0.0), 0);
  EXPECT_EQ(solve::objective_scale_exponent(1e6), 0);
  EXPECT_EQ(solve::objective_scale_exponent(1.000001e6), -1);
  EXPECT_EQ(solve::objective_scale_exponent(2e6), -1);
  EXPECT_EQ(solve::objective_scale_exponent(1e7), -4);    // 1e7 / 16 = 6.25e5
  EXPECT_EQ(solve::objective_scale_exponent(5.3e7), -6);  // the Pinglu plan: 8.3e5
  EXPECT_EQ(solve::objective_scale_exponent(8e7), -7);
  EXPECT_EQ(solve::objective_scale_exponent(1e9), -10);  // 1e9 / 1024 = 9.8e5
}

// small_lp() with every cost and the offset times 1e9: HiGHS solves it scaled by 2^-10, and the
// answer comes back in the model's units. By hand: x = (1, 0), objective 1e9 + 3e9 = 4e9, the
// dual of row 0 is 1e9 (one more unit to cover costs 1e9), of row 1 zero.
TEST(ObjectiveScale, LargeCostsComeBackInTheModelsUnitsWithEveryMethod) {
  LinearProgram lp = small_lp();
  for (double& c : lp.col_cost) c *= 1e9;
  lp.offset *= 1e9;
  for (const auto& [method, crossover] : {std::pair{solve::Method::kSimplex, true},
                                          {solve::Method::kIpx, true},
                                          {solve::Method::kHipo, true},
                                          {solve::Method::kHipo, false}}) {
    solve::Options o;
    o.method = method;
    o.crossover = crossover;
    const solve::Solution s = solve::solve(lp, o);
    const std::string what = fmt::format("{} crossover {}", solve::method_name(method), crossover);
    ASSERT_EQ(s.status, solve::Status::kOptimal) << what << ": " << s.solver_status;
    EXPECT_TRUE(s.check.passed) << what << ": " << s.check.problem;
    EXPECT_NEAR(s.objective, 4e9, 1e-6 * 4e9) << what;
    EXPECT_NEAR(s.col_value[0], 1.0, 1e-6) << what;
    EXPECT_NEAR(s.col_value[1], 0.0, 1e-6) << what;
    EXPECT_NEAR(s.row_dual[0], 1e9, 1e-6 * 1e9) << what;
    EXPECT_NEAR(s.row_dual[1], 0.0, 1e-6 * 1e9) << what;
  }
}

// A MIP's progress: branch and bound's nodes, best solution, bound and gap from HiGHS's MIP
// callbacks, in the model's units. A 0-1 knapsack of 24 items (value 100 + 7k mod 31, weight
// 20 + 11k mod 37, capacity 300), costs times 1e8 so that HiGHS solves it scaled: the last
// branch-and-bound report's best solution is the answer's objective.
TEST(Progress, BranchAndBoundReportsBestBoundAndGap) {
  LinearProgram lp;
  const int n = 24;
  for (int k = 0; k < n; ++k) {
    lp.col_cost.push_back(-1e8 * (100 + (7 * k) % 31));
    lp.col_lower.push_back(0.0);
    lp.col_upper.push_back(1.0);
    lp.a_index.push_back(0);
    lp.a_value.push_back(20 + (11 * k) % 37);
    lp.a_start.push_back(k);
  }
  lp.a_start.push_back(n);
  lp.row_lower = {-kInf};
  lp.row_upper = {300.0};
  lp.row_blocks = {{"capacity", 0, 1, 1}};
  lp.set_integer(0, n);
  solve::Options o;
  o.mip_rel_gap = 0.0;
  std::vector<solve::Progress> events;
  o.progress = [&](const solve::Progress& p) { events.push_back(p); };
  const solve::Solution s = solve::solve(lp, o);
  ASSERT_EQ(s.status, solve::Status::kOptimal) << s.solver_status;
  std::vector<solve::Progress> bb;
  std::copy_if(events.begin(), events.end(), std::back_inserter(bb),
               [](const auto& p) { return p.phase == solve::Phase::kBranchAndBound; });
  ASSERT_FALSE(bb.empty());
  const solve::Progress& last = bb.back();
  EXPECT_GE(last.iteration, 0);
  EXPECT_NEAR(last.primal_objective, s.objective, 1e-9 * std::abs(s.objective));
  EXPECT_LE(last.dual_objective, last.primal_objective + 1e-6 * std::abs(s.objective));
  EXPECT_LE(last.gap, 1e-9);
  EXPECT_EQ(events.back().phase, solve::Phase::kDone);
  const std::string line = cli::progress_line(last);
  EXPECT_NE(line.find("branch and bound"), std::string::npos) << line;
  EXPECT_NE(line.find("best -"), std::string::npos) << line;
  EXPECT_NE(line.find(" %"), std::string::npos) << line;
  // Before a solution: said so, no best.
  solve::LogProgress early;
  early.mip(0, kInf, -5e9, kInf, 1.0);
  EXPECT_TRUE(std::isnan(early.current().primal_objective));
  EXPECT_TRUE(std::isnan(early.current().gap));
  EXPECT_NE(cli::progress_line(early.current()).find("no solution yet"), std::string::npos);
}

TEST(Progress, ReadsHighsLogLines) {
  solve::LogProgress p("hipo");
  EXPECT_TRUE(p.read("Presolving model\n", 0.1));
  EXPECT_EQ(p.current().phase, solve::Phase::kPresolve);
  EXPECT_TRUE(p.read("Running HiPO\n", 0.2));
  EXPECT_EQ(p.current().method, "hipo");
  EXPECT_FALSE(p.read(
      " iter       primal obj         dual obj       pinf       dinf       gap    time\n", 0.2));
  EXPECT_TRUE(p.read(
      "   13   1.37677917e+09   1.37604150e+09   2.31e-07   2.92e-09  5.36e-04     0.7\n", 0.7));
  EXPECT_EQ(p.current().phase, solve::Phase::kIpm);
  EXPECT_EQ(p.current().iteration, 13);
  EXPECT_DOUBLE_EQ(p.current().gap, 5.36e-04);
  EXPECT_DOUBLE_EQ(p.current().dual_objective, 1.37604150e+09);
  EXPECT_FALSE(p.read("IPX version 1.0\n", 0.8));  // HiPO's crossover runs in IPX
  EXPECT_EQ(p.current().method, "hipo");
  EXPECT_TRUE(p.read("Running crossover as requested\n", 0.9));
  EXPECT_EQ(p.current().phase, solve::Phase::kCrossover);

  solve::LogProgress q;
  EXPECT_TRUE(q.read("Using dual simplex solver\n", 0.0));
  EXPECT_TRUE(q.read("       8257     1.3760720739e+09 Pr: 0(0); Du: 0(2.72848e-12) 1.2s\n", 1.2));
  EXPECT_EQ(q.current().phase, solve::Phase::kSimplex);
  EXPECT_EQ(q.current().iteration, 8257);
  EXPECT_DOUBLE_EQ(q.current().primal_objective, 1.3760720739e+09);
  EXPECT_FALSE(q.read("8584 rows, 7450 cols, 27420 nonzeros 0s\n", 1.3));

  // A model solved with its objective scaled by 2^-6: the log's objectives are the scaled ones.
  solve::LogProgress r("hipo");
  r.set_objective_factor(64.0);
  EXPECT_TRUE(r.read("Running HiPO\n", 0.0));
  EXPECT_TRUE(r.read(
      "  109   2.14524965e+08   2.14524964e+08   1.31e-12   9.37e-13  2.63e-12   234.4\n", 234.4));
  EXPECT_DOUBLE_EQ(r.current().primal_objective, 2.14524965e+08 * 64.0);
  EXPECT_DOUBLE_EQ(r.current().dual_objective, 2.14524964e+08 * 64.0);
  EXPECT_DOUBLE_EQ(r.current().gap, 2.63e-12);
}

}  // namespace
}  // namespace parkgrid
