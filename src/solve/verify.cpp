// Every answer checked against the model, whatever the solver said (issue 20). An interior-point
// code can call a point "optimal" that violates constraints; here the residuals are recomputed
// from the LP's own arrays, and an answer that fails is re-solved with IPX and crossover, or
// reported, never handed on as optimal.
#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "parkgrid/solve.hpp"

namespace parkgrid::solve {
namespace {

std::string where(const LinearProgram& lp, Index i, bool row) {
  const LinearProgram::Location at = row ? lp.locate_row(i) : lp.locate_col(i);
  if (!at.block) return fmt::format("{} {}", row ? "row" : "column", i);
  return fmt::format("{} {} ({}, component {}, snapshot {})", row ? "row" : "column", i,
                     at.block->name, at.component, at.snapshot);
}

// The amount by which v lies outside [lower, upper] (0 inside), and the bound it crosses.
std::pair<double, double> outside(double v, double lower, double upper) {
  if (v < lower) return {lower - v, lower};
  if (v > upper) return {v - upper, upper};
  return {0.0, 0.0};
}

}  // namespace

CheckTolerances check_tolerances(const Options& o) {
  CheckTolerances t;
  t.primal = std::max(t.primal, 10.0 * o.primal_feasibility_tolerance);
  t.dual = std::max(t.dual, 10.0 * o.dual_feasibility_tolerance);
  return t;
}

Check verify(const LinearProgram& lp, const Solution& s, const CheckTolerances& t) {
  Check c;
  const std::size_t n = static_cast<std::size_t>(lp.num_col());
  const std::size_t m = static_cast<std::size_t>(lp.num_row());
  if (!s.has_primal || s.col_value.size() != n) return c;
  c.done = true;
  const auto& x = s.col_value;

  // Primal: columns against their bounds, then rows (activity from the matrix) against theirs.
  std::vector<double> activity(m, 0.0);
  std::vector<double> magnitude(m, 0.0);  // Σ |a_ij x_j|: the size of the row's terms
  double worst_col_amount = 0.0, worst_col_bound = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    const auto [amount, bound] = outside(x[j], lp.col_lower[j], lp.col_upper[j]);
    const double scaled = amount / (1.0 + std::abs(bound));
    if (scaled > c.col_violation) {
      c.col_violation = scaled;
      c.worst_col = static_cast<Index>(j);
      worst_col_amount = amount;
      worst_col_bound = bound;
    }
    c.objective += lp.col_cost[j] * x[j];
    for (Index k = lp.a_start[j]; k < lp.a_start[j + 1]; ++k) {
      const std::size_t i = static_cast<std::size_t>(lp.a_index[static_cast<std::size_t>(k)]);
      const double term = lp.a_value[static_cast<std::size_t>(k)] * x[j];
      activity[i] += term;
      magnitude[i] += std::abs(term);
    }
  }
  c.objective += lp.offset;
  double worst_row_amount = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    const auto [amount, bound] = outside(activity[i], lp.row_lower[i], lp.row_upper[i]);
    // Relative to the row's scale: a row p − P ≤ 0 of terms in the thousands of MW may be off
    // by 1e-6 after postsolve (seen with simplex on the plan), 1e-9 of its terms.
    const double scaled = amount / (1.0 + std::max(std::abs(bound), magnitude[i]));
    if (scaled > c.row_violation) {
      c.row_violation = scaled;
      c.worst_row = static_cast<Index>(i);
      worst_row_amount = amount;
    }
  }
  c.objective_error = std::abs(c.objective - s.objective) / (1.0 + std::abs(s.objective));

  // Dual: a row dual y > 0 needs a finite lower bound, y < 0 a finite upper one (HiGHS's signs
  // for a minimisation); the same for the reduced costs z = c − Aᵀy and the column bounds. The
  // dual objective collects y and z against the bounds they price; its distance to c·x is the
  // gap. Sign-feasible duals and a zero gap prove the point optimal.
  Index worst_dual = -1;
  bool worst_dual_is_row = false;
  if (s.has_dual && s.row_dual.size() == m) {
    const auto& y = s.row_dual;
    double cmax = 0.0;
    for (double cj : lp.col_cost) cmax = std::max(cmax, std::abs(cj));
    const double scale = 1.0 + cmax;
    double dual_objective = lp.offset;
    const auto price = [&](double d, double lower, double upper, Index i, bool row) {
      double bad = 0.0;
      if (d > 0) {
        if (std::isfinite(lower))
          dual_objective += d * lower;
        else
          bad = d;
      } else if (d < 0) {
        if (std::isfinite(upper))
          dual_objective += d * upper;
        else
          bad = -d;
      }
      if (bad / scale > c.dual_violation) {
        c.dual_violation = bad / scale;
        worst_dual = i;
        worst_dual_is_row = row;
      }
    };
    for (std::size_t i = 0; i < m; ++i)
      price(y[i], lp.row_lower[i], lp.row_upper[i], static_cast<Index>(i), true);
    for (std::size_t j = 0; j < n; ++j) {
      double z = lp.col_cost[j];
      for (Index k = lp.a_start[j]; k < lp.a_start[j + 1]; ++k)
        z -= lp.a_value[static_cast<std::size_t>(k)] *
             y[static_cast<std::size_t>(lp.a_index[static_cast<std::size_t>(k)])];
      price(z, lp.col_lower[j], lp.col_upper[j], static_cast<Index>(j), false);
    }
    c.gap = (c.objective - dual_objective) / (1.0 + std::abs(c.objective));
  }

  if (c.row_violation > t.primal) {
    const std::size_t i = static_cast<std::size_t>(c.worst_row);
    c.problem = fmt::format(
        "{}: activity {:.9g} is outside [{:.9g}, {:.9g}] by {:.3g} (scaled {:.1e} "
        "> {:.0e})",
        where(lp, c.worst_row, true), activity[i], lp.row_lower[i], lp.row_upper[i],
        worst_row_amount, c.row_violation, t.primal);
  } else if (c.col_violation > t.primal) {
    c.problem = fmt::format(
        "{}: value {:.9g} is outside its bound {:.9g} by {:.3g} (scaled {:.1e} "
        "> {:.0e})",
        where(lp, c.worst_col, false), x[static_cast<std::size_t>(c.worst_col)], worst_col_bound,
        worst_col_amount, c.col_violation, t.primal);
  } else if (c.objective_error > t.objective) {
    c.problem = fmt::format(
        "the objective recomputed from the solution, {:.12g}, differs from the "
        "solver's {:.12g} (relative {:.1e} > {:.0e})",
        c.objective, s.objective, c.objective_error, t.objective);
  } else if (c.dual_violation > t.dual) {
    c.problem =
        fmt::format("{}: its dual has the sign of an infinite bound (scaled {:.1e} > {:.0e})",
                    where(lp, worst_dual, worst_dual_is_row), c.dual_violation, t.dual);
  } else if (std::abs(c.gap) > t.gap) {
    c.problem = fmt::format(
        "the duality gap is {:.1e} of the objective (> {:.0e}): the point is not "
        "proven optimal",
        c.gap, t.gap);
  }
  c.passed = c.problem.empty();
  return c;
}

namespace {

// Any LpSolver, its answers checked. The model is read back from the solver after each solve
// (with the costs and bounds changed in place), so nothing is kept between solves but the block
// names of the last model loaded, for the messages.
class CheckedSolver final : public LpSolver {
 public:
  explicit CheckedSolver(std::unique_ptr<LpSolver> inner) : inner_(std::move(inner)) {}

  void load(const LinearProgram& lp) override {
    inner_->load(lp);
    num_col_ = lp.num_col();
    mip_ = lp.is_mip();
  }

  Solution solve(const Options& asked) override {
    const auto t0 = std::chrono::steady_clock::now();
    Options o = asked;
    // A MIP is solved by HiGHS's branch and bound whatever the LP method: no choice, no
    // interior-point re-solve; its primal answer is checked like any other.
    const bool chosen = o.method == Method::kChoose && !mip_;
    if (chosen) o.method = chosen_method(num_col_);
    const auto notify = [&](Phase phase) {
      if (!o.progress) return;
      Progress p;
      p.phase = phase;
      p.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      o.progress(p);
    };
    Solution s;
    try {
      s = inner_->solve(o);
    } catch (const SolverError&) {
      if (!chosen || o.method != Method::kHipo) throw;
      o.method = Method::kIpx;  // HiPO not installed: the other interior point
      s = inner_->solve(o);
    }
    // One more solve with `again` after an answer that failed, within what is left of the time
    // limit; its seconds add to the first's, and `o` becomes the options of the answer kept.
    const auto solve_again = [&](Options again) {
      notify(Phase::kRetry);
      if (std::isfinite(o.time_limit_s))
        again.time_limit_s = std::max(1.0, o.time_limit_s - s.solve_seconds);
      const double first_seconds = s.solve_seconds;
      s = inner_->solve(again);
      s.solve_seconds += first_seconds;
      o = again;
      o.time_limit_s = asked.time_limit_s;
    };
    // Re-solve once with IPX and crossover, after an interior-point (or PDLP) answer that failed:
    // said on standard error as it happens (like the numerics warnings), since a re-solve can
    // take as long again; the outcome is in Solution::check.
    const auto retry = [&](const std::string& why) {
      const std::string first =
          fmt::format("{}{}", method_name(o.method), o.crossover ? "" : " without crossover");
      fmt::print(stderr, "parkgrid: warning: {}: {}; re-solving with IPX and crossover\n", first,
                 why);
      Options again = o;
      again.method = Method::kIpx;
      again.crossover = true;
      solve_again(again);
      return fmt::format("ipx with crossover, after {} {}", first, why);
    };
    // Dual simplex on the unscaled LP (Options::highs_scaling) that ended in an error or with an
    // answer that fails the check: re-solved once with HiGHS's scaling.
    const auto rescale = [&](const std::string& why) {
      fmt::print(stderr,
                 "parkgrid: warning: dual simplex on the unscaled model: {}; re-solving "
                 "with HiGHS's scaling\n",
                 why);
      Options again = o;
      again.highs_scaling = true;
      solve_again(again);
      return fmt::format("simplex with HiGHS's scaling, after the unscaled solve {}", why);
    };
    const auto unscaled = [&] { return !mip_ && o.method == Method::kSimplex && !o.highs_scaling; };
    std::string retried_with;
    // An interior point that stopped short ("no progress", HiGHS's model status "unknown") is
    // not an answer, even when its point is feasible: re-solved like a failed check. Not when
    // crossover was asked: HiGHS has then already cleaned up with simplex.
    if (s.status == Status::kError && !mip_ && interior(o) && !o.crossover)
      retried_with = retry(fmt::format("stopped short of optimality (HiGHS: {})", s.solver_status));
    if (s.status == Status::kError && unscaled())
      retried_with = rescale(fmt::format("ended in an error (HiGHS: {})", s.solver_status));
    if (s.has_primal) {
      notify(Phase::kCheck);
      const LinearProgram lp = inner_->model();
      const CheckTolerances t = check_tolerances(o);
      s.check = verify(lp, s, t);
      if (s.status == Status::kOptimal && !s.check.passed && interior(o) && !mip_) {
        retried_with = retry("failed the check: " + s.check.problem);
        if (s.has_primal) s.check = verify(lp, s, t);
      } else if (s.status == Status::kOptimal && !s.check.passed && unscaled()) {
        retried_with = rescale("failed the check: " + s.check.problem);
        if (s.has_primal) s.check = verify(lp, s, t);
      }
      if (s.status == Status::kOptimal && s.check.done && !s.check.passed) {
        s.status = Status::kError;
        s.solver_status = fmt::format(
            "{} according to the solver, but the answer fails the "
            "residual check: {}",
            s.solver_status, s.check.problem);
      }
    }
    if (!retried_with.empty()) s.check.retried_with = retried_with;
    s.method =
        mip_ ? std::string("mip (branch and bound)")
             : fmt::format("{}{}", method_name(o.method),
                           o.crossover || o.method == Method::kSimplex ? "" : " (no crossover)");
    notify(Phase::kDone);
    return s;
  }

  void change_col_costs(std::span<const Index> cols, std::span<const double> costs) override {
    inner_->change_col_costs(cols, costs);
  }
  void change_col_bounds(std::span<const Index> cols, std::span<const double> lower,
                         std::span<const double> upper) override {
    inner_->change_col_bounds(cols, lower, upper);
  }
  void change_row_bounds(std::span<const Index> rows, std::span<const double> lower,
                         std::span<const double> upper) override {
    inner_->change_row_bounds(rows, lower, upper);
  }
  void change_coeffs(std::span<const Index> r, std::span<const Index> c,
                     std::span<const double> v) override {
    inner_->change_coeffs(r, c, v);
  }
  bool set_start(std::span<const double> col_value) override {
    return inner_->set_start(col_value);
  }
  [[nodiscard]] std::string name() const override { return inner_->name(); }
  [[nodiscard]] LinearProgram model() const override { return inner_->model(); }
  void write_model(const std::string& path) override { inner_->write_model(path); }

 private:
  // Answers that a re-solve with IPX and crossover may put right: from an interior point (or
  // PDLP's first-order method), not from a basis.
  static bool interior(const Options& o) {
    return o.method == Method::kHipo || o.method == Method::kIpm || o.method == Method::kPdlp ||
           (o.method == Method::kIpx && !o.crossover);
  }

  std::unique_ptr<LpSolver> inner_;
  Index num_col_ = 0;
  bool mip_ = false;
};

}  // namespace

Method chosen_method(Index num_col) {
  return num_col < kChooseInteriorFrom ? Method::kSimplex : Method::kHipo;
}

std::unique_ptr<LpSolver> checked(std::unique_ptr<LpSolver> solver) {
  return std::make_unique<CheckedSolver>(std::move(solver));
}

}  // namespace parkgrid::solve
