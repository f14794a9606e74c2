#include <fmt/format.h>
#include <chrono>
#include <vector>

#include "parkgrid/parkgrid.hpp"

namespace parkgrid {

analysis::Results optimise(const Network& network, const solve::Options& options,
                           analysis::Timings timings) {
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point a) {
    return std::chrono::duration<double>(Clock::now() - a).count();
  };

  auto t = Clock::now();
  const formulate::Model model = formulate::build(network);
  for (const auto& w : formulate::check_numerics(network, model))  // docs/reliability.md
    fmt::print(stderr, "parkgrid: warning: badly scaled model: {}\n", w.message);
  timings.build_s = seconds(t);

  t = Clock::now();
  auto solver = solve::make_highs();
  solver->load(model.lp);
  if (!options.write_model_path.empty()) solver->write_model(options.write_model_path);
  solve::Solution solution = solver->solve(options);
  // A MIP (integer unit commitment) has no duals: prices come from the LP with the integers
  // fixed at their optimal values (docs/formulation.md, "Prices after a MIP").
  if (model.lp.is_mip()) solution = solve::fix_integers_and_resolve(model.lp, solution, options);
  timings.solve_s = seconds(t);

  analysis::Results results = analysis::summarise(network, model, solution);
  results.summary.solver = solver->name();
  // HiGHS may only know "infeasible or unbounded": the elastic re-solve tells them apart
  // (slacks needed: infeasible; none needed: the model is feasible, hence unbounded).
  if (solution.status == solve::Status::kInfeasible ||
      solution.status == solve::Status::kUnbounded) {
    t = Clock::now();
    auto violations = analysis::explain_infeasibility(network, model, options);
    timings.explain_s = seconds(t);
    if (!violations.empty()) {
      results.summary.status = "infeasible";
      results.summary.violations = std::move(violations);
    }
  }
  results.summary.timings = timings;
  return results;
}

WarmSession::WarmSession() = default;
WarmSession::~WarmSession() = default;

analysis::Results WarmSession::optimise(const Network& network, const solve::Options& options,
                                        analysis::Timings timings) {
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point a) {
    return std::chrono::duration<double>(Clock::now() - a).count();
  };
  auto t = Clock::now();
  const formulate::Model model = formulate::build(network);
  for (const auto& w : formulate::check_numerics(network, model))
    fmt::print(stderr, "parkgrid: warning: badly scaled model: {}\n", w.message);
  timings.build_s = seconds(t);

  t = Clock::now();
  const LinearProgram& lp = model.lp;
  const bool same = has_loaded_ && !lp.is_mip() && !loaded_.is_mip() &&
                    lp.num_col() == loaded_.num_col() && lp.num_row() == loaded_.num_row() &&
                    lp.offset == loaded_.offset && lp.a_start == loaded_.a_start &&
                    lp.a_index == loaded_.a_index && lp.a_value == loaded_.a_value &&
                    lp.integrality == loaded_.integrality;
  changed_ = 0;
  if (same) {
    std::vector<Index> cost_cols, bound_cols, rows;
    std::vector<double> costs, lower, upper, row_lower, row_upper;
    for (Index j = 0; j < lp.num_col(); ++j) {
      const auto k = static_cast<std::size_t>(j);
      if (lp.col_cost[k] != loaded_.col_cost[k]) {
        cost_cols.push_back(j);
        costs.push_back(lp.col_cost[k]);
      }
      if (lp.col_lower[k] != loaded_.col_lower[k] || lp.col_upper[k] != loaded_.col_upper[k]) {
        bound_cols.push_back(j);
        lower.push_back(lp.col_lower[k]);
        upper.push_back(lp.col_upper[k]);
      }
    }
    for (Index i = 0; i < lp.num_row(); ++i) {
      const auto k = static_cast<std::size_t>(i);
      if (lp.row_lower[k] != loaded_.row_lower[k] || lp.row_upper[k] != loaded_.row_upper[k]) {
        rows.push_back(i);
        row_lower.push_back(lp.row_lower[k]);
        row_upper.push_back(lp.row_upper[k]);
      }
    }
    if (!cost_cols.empty()) solver_->change_col_costs(cost_cols, costs);
    if (!bound_cols.empty()) solver_->change_col_bounds(bound_cols, lower, upper);
    if (!rows.empty()) solver_->change_row_bounds(rows, row_lower, row_upper);
    changed_ = cost_cols.size() + bound_cols.size() + rows.size();
  } else {
    solver_ = solve::make_highs();
    solver_->load(lp);
  }
  last_warm_ = same;
  loaded_ = lp;
  has_loaded_ = true;
  solve::Solution solution = solver_->solve(options);
  if (lp.is_mip()) solution = solve::fix_integers_and_resolve(lp, solution, options);
  timings.solve_s = seconds(t);

  analysis::Results results = analysis::summarise(network, model, solution);
  results.summary.solver = solver_->name();
  if (solution.status == solve::Status::kInfeasible ||
      solution.status == solve::Status::kUnbounded) {
    t = Clock::now();
    auto violations = analysis::explain_infeasibility(network, model, options);
    timings.explain_s = seconds(t);
    if (!violations.empty()) {
      results.summary.status = "infeasible";
      results.summary.violations = std::move(violations);
    }
  }
  results.summary.timings = timings;
  return results;
}

}  // namespace parkgrid
