// The solver behind one small interface. An invalid model or a broken solver is an error
// (SolverError); infeasible, unbounded or a time limit is a *result* with its status.
// Only src/solve/highs.cpp includes the HiGHS C API; a second backend (e.g. COIN-OR CLP) would be
// one more implementation of LpSolver.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "parkgrid/lp.hpp"

namespace parkgrid::solve {

// A running solve, as it goes (src/solve/progress.cpp reads it from HiGHS's log through a
// callback): for the command line's progress line, and for anything else that wants to watch.
enum class Phase {
  kPresolve,
  kSimplex,
  kIpm,
  kCrossover,
  kPostsolve,
  kCheck,
  kRetry,
  kDone,
  kBranchAndBound,  // a MIP (integer unit commitment): the fields below as commented
};
struct Progress {
  Phase phase = Phase::kPresolve;
  std::string method;        // "simplex", "ipx", "hipo" (as in the log), "" before it runs
  double elapsed_s = 0.0;    // since the solve began
  long long iteration = -1;  // interior-point or simplex iteration (branch and bound: nodes)
  // Branch and bound: the best integer solution found (NaN before one) and the bound.
  double primal_objective = std::numeric_limits<double>::quiet_NaN();
  double dual_objective = std::numeric_limits<double>::quiet_NaN();
  // Interior point: relative gap (IPX; HiPO 1.15.1 logs its iterations only to the console).
  // Branch and bound: the relative gap between the best solution and the bound.
  double gap = std::numeric_limits<double>::quiet_NaN();
  double primal_infeasibility = std::numeric_limits<double>::quiet_NaN();
  double dual_infeasibility = std::numeric_limits<double>::quiet_NaN();
};
[[nodiscard]] std::string_view phase_name(Phase p);       // "presolve", "interior point", ...
using ProgressFn = std::function<void(const Progress&)>;  // called on the solver's thread

// kIpm lets HiGHS choose its interior-point code; kIpx and kHipo name one of the two.
enum class Method { kChoose, kSimplex, kIpm, kIpx, kHipo, kPdlp };

struct Options {
  Method method = Method::kChoose;  // kChoose: chosen_method() below
  int threads = 0;                  // 0: the solver's default
  double time_limit_s = kInf;
  double primal_feasibility_tolerance = 1e-7;
  double dual_feasibility_tolerance = 1e-7;
  bool log_to_console = false;
  // Interior point only: false stops at the interior solution (within the tolerances) instead
  // of crossing over to a basic one; often much faster on large planning LPs.
  bool crossover = true;
  std::string write_model_path;  // when set, the LP is also written there (.mps or .lp)
  // MIP only (models with integer columns): stop when the relative gap between the best
  // solution and the best bound is at most this (HiGHS mip_rel_gap; 0: prove optimality).
  double mip_rel_gap = 1e-4;
  // MIP only (parkgrid::optimise, docs/formulation.md "Solving the MIP"): solve the linear
  // relaxation first, round its commitment (formulate::round_commitment), complete it with the
  // integers fixed and hand the result to the solver as its first incumbent (set_start).
  bool mip_start = true;
  // MIP only: fix the build-out (every capacity column) at the start's (the relaxation's when
  // no start was completed) and solve the commitment alone; the gap reported is then against
  // the relaxation's objective, a bound of the whole problem.
  bool mip_fix_build = false;
  ProgressFn progress;  // when set, called as the solve goes (phase, iteration, gap)
  // Dual simplex from scratch runs on the LP as built, unscaled: parkgrid's columns are in MW,
  // MWh and units, and HiGHS's scaling made these solves 1.4-2.2x slower. true keeps HiGHS's
  // scaling: for callers that re-solve the LP after changing it in place (a sweep's samples, the
  // reform paths), whose re-solves are faster from a scaled solve's basis, and for the re-solve
  // of an unscaled answer that failed (docs/reliability.md, "Simplex scaling"). A re-solve from
  // a basis always keeps it.
  bool highs_scaling = false;
};

enum class Status {
  kOptimal,
  kInfeasible,
  kUnbounded,  // or infeasible: the solver could not tell
  kTimeLimit,  // stopped by the time limit; a solution may be present (not optimal)
  kIterationLimit,
  kError,
};

[[nodiscard]] std::string_view status_name(Status s);
[[nodiscard]] std::string_view method_name(Method m);  // HiGHS's name: "simplex", "ipm", ...
[[nodiscard]] std::optional<Method> parse_method(
    std::string_view name);  // "optimal", "infeasible", ...

// The answer checked against the model (src/solve/verify.cpp), after every solve that returns a
// point: rows' activities A·x and the columns against their bounds; where duals exist, their
// signs against the bounds (row duals y, reduced costs c − Aᵀy) and the duality gap; and the
// objective recomputed as c·x + offset. Violations are scaled: a row's by 1 + max(|bound|,
// Σ|a_ij x_j|), a column's by 1 + |bound|, a dual's by 1 + max|c|; gap and objective error by
// 1 + |objective|.
struct Check {
  bool done = false;    // false: no point to check
  bool passed = false;  // every measure within its tolerance
  double row_violation = 0.0, col_violation = 0.0, dual_violation = 0.0;
  Index worst_row = -1, worst_col = -1;  // where the largest primal violations are
  double objective = 0.0;                // c·x + offset, recomputed
  double objective_error = 0.0;          // |recomputed − solver's| / (1 + |solver's|)
  double gap = 0.0;                      // (primal − dual objective) / (1 + |primal|), duals only
  std::string problem;                   // the first failed measure, in words; empty if passed
  std::string retried_with;  // set when the first answer failed and this one comes from a re-solve
};
struct CheckTolerances {
  double primal = 1e-6;
  double dual = 1e-6;
  double objective = 1e-8;
  double gap = 1e-6;
};

struct Solution {
  Status status = Status::kError;
  std::string solver_status;  // the solver's own words, e.g. "Optimal"
  bool has_primal = false;    // col_value holds a (possibly non-optimal) primal solution
  bool has_dual = false;
  double objective = 0.0;  // including the LP's offset
  std::vector<double> col_value;
  std::vector<double> row_value;
  std::vector<double> row_dual;  // d objective / d row bound (CNY per unit of the row)
  double solve_seconds = 0.0;    // the solver's own run time
  long long iterations = 0;      // simplex + IPM iterations
  // MIP only: the model had integer columns; the relative gap reached (0 when proved optimal)
  // and the branch-and-bound nodes. Duals of a MIP come from the LP with the integers fixed
  // (solve::fix_integers_and_resolve).
  bool mip = false;
  double mip_gap = 0.0;
  long long mip_nodes = 0;
  // MIP only, when a start was computed (Options::mip_start): the objective of the linear
  // relaxation and of the rounded start handed to the solver (NaN when none).
  double relaxation_objective = std::numeric_limits<double>::quiet_NaN();
  double mip_start_objective = std::numeric_limits<double>::quiet_NaN();
  Check check;         // the answer checked against the model (verify.cpp)
  std::string method;  // the method that gave this answer: "simplex", "hipo", ...
};

class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A solver holding one model, so that costs, bounds and coefficients can be changed in place and
// the model re-solved from the previous basis (warm start).
class LpSolver {
 public:
  virtual ~LpSolver() = default;
  virtual void load(const LinearProgram& lp) = 0;
  [[nodiscard]] virtual Solution solve(const Options& options) = 0;
  virtual void change_col_costs(std::span<const Index> cols, std::span<const double> costs) = 0;
  virtual void change_col_bounds(std::span<const Index> cols, std::span<const double> lower,
                                 std::span<const double> upper) = 0;
  virtual void change_row_bounds(std::span<const Index> rows, std::span<const double> lower,
                                 std::span<const double> upper) = 0;
  // Matrix coefficients, entry k at (rows[k], cols[k]); 0 removes the entry. The basis is kept
  // for the next solve (refactorised: a basic column's coefficients may have moved).
  virtual void change_coeffs(std::span<const Index> rows, std::span<const Index> cols,
                             std::span<const double> values) = 0;
  // A MIP's first incumbent: a value per column, feasible (the solver checks it and drops it
  // otherwise). Used by the next solve only. False when the solver refused it.
  virtual bool set_start(std::span<const double> col_value) = 0;
  [[nodiscard]] virtual std::string name() const = 0;  // "HiGHS 1.15.1"
  // The model as the solver holds it now (costs and bounds changed in place included), with the
  // blocks of the LP loaded.
  [[nodiscard]] virtual LinearProgram model() const = 0;
  // Writes the loaded model to a file (.mps or .lp, by extension) for use in other tools.
  virtual void write_model(const std::string& path) = 0;
};

[[nodiscard]] std::unique_ptr<LpSolver> make_highs();  // HiGHS, every answer checked (checked())

// Checks a solution of `lp` (see Check). Tolerances from the options: 10 × the solver's
// feasibility tolerances, at least the defaults of CheckTolerances.
[[nodiscard]] Check verify(const LinearProgram& lp, const Solution& s,
                           const CheckTolerances& t = {});
[[nodiscard]] CheckTolerances check_tolerances(const Options& o);
// Wraps a solver so that every answer is verified: an "optimal" answer that fails the check is
// re-solved once with IPX and crossover when it came from an interior point (HiPO, ipm, or no
// crossover), and otherwise, or if that fails too, returned with Status::kError and the problem
// in solver_status, never as optimal.
[[nodiscard]] std::unique_ptr<LpSolver> checked(std::unique_ptr<LpSolver> solver);

// What Method::kChoose runs (in checked(), from the measurements in bench/README.md,
// bench/solver_choice.py): dual simplex below kChooseInteriorFrom columns, HiPO with crossover
// from there (IPX when HiPO is not installed).
inline constexpr Index kChooseInteriorFrom = 50'000;

// Objective scaling. HiGHS solves with every cost multiplied by 2^e (its user_objective_scale),
// e = objective_scale_exponent(max |c|) <= 0: the smallest power of two that brings the largest
// cost to kLargestScaledCost or below, HiGHS's own "excessively large cost" advice. Values, duals
// and the objective come back in the model's units (CNY). Without it the Pinglu plan (costs to
// 5e7 CNY per unit of capacity over the plan) ends HiPO imprecise, its crossover makes no progress
// and HiGHS falls back on a dual simplex from scratch: over 20 minutes instead of about 5
// (docs/reliability.md, "Objective scaling").
inline constexpr double kLargestScaledCost = 1e6;
[[nodiscard]] int objective_scale_exponent(double max_abs_cost);
[[nodiscard]] Method chosen_method(Index num_col);

// Convenience: load and solve once.
[[nodiscard]] Solution solve(const LinearProgram& lp, const Options& options);

// Prices of a MIP solution: the LP with every integer column fixed at its value in `mip` (and
// integrality dropped) is solved, and its duals (and primal, equal in objective within the
// tolerances) are returned with the MIP's gap and nodes. A solution that is not a MIP, or has
// no primal, is returned unchanged.
[[nodiscard]] Solution fix_integers_and_resolve(const LinearProgram& lp, const Solution& mip,
                                                const Options& options);

// Elastic re-solve for explaining infeasibility: each listed row gets slack columns that may
// push its activity up (`up`) or down (`down`) at `penalty` per unit; every other cost is zero,
// so the solution is the smallest violation that makes the model feasible.
struct ElasticRow {
  Index row;
  double penalty = 1.0;
  bool up = true;
  bool down = true;
};
struct ElasticResult {
  Solution solution;
  std::vector<double> slack_up;    // per ElasticRow
  std::vector<double> slack_down;  // per ElasticRow
};
[[nodiscard]] ElasticResult solve_elastic(const LinearProgram& lp, std::span<const ElasticRow> rows,
                                          const Options& options);

}  // namespace parkgrid::solve
