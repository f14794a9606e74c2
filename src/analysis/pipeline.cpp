#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "parkgrid/parkgrid.hpp"

namespace parkgrid {

namespace {

// The capacity columns of a model: every column of the capacity blocks (the build-out).
std::vector<Index> capacity_columns(const formulate::Layout& L) {
  std::vector<Index> cols;
  for (const Block* b : {&L.generator_capacity, &L.storage_power_capacity,
                         &L.storage_energy_capacity, &L.store_capacity, &L.link_capacity})
    for (Index j = b->offset; j < b->offset + b->size(); ++j) cols.push_back(j);
  return cols;
}

}  // namespace

solve::Solution solve_model(const Network& network, const formulate::Model& model,
                            solve::LpSolver& solver, const solve::Options& options) {
  const LinearProgram& lp = model.lp;
  if (!lp.is_mip()) return solver.solve(options);
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  solve::Options mip = options;
  solve::Solution relaxed, start;
  if (options.mip_start || options.mip_fix_build) {
    // The relaxation: the same LP without integrality.
    LinearProgram relaxation = lp;
    relaxation.integrality.clear();
    solve::Options o = options;
    o.write_model_path.clear();
    relaxed = solve::solve(relaxation, o);
    if (relaxed.status == solve::Status::kOptimal && relaxed.has_primal) {
      if (options.mip_start) {
        // Each threshold gives one rounded commitment, completed by the LP with the integers
        // fixed (dispatch and build re-optimised); the cheapest completion is the start.
        for (const double threshold : {0.2, 0.5}) {
          solve::Solution rounded;
          rounded.mip = true;
          rounded.has_primal = true;
          rounded.status = solve::Status::kOptimal;
          rounded.col_value =
              formulate::round_commitment(network, model, relaxed.col_value, threshold);
          solve::Solution done = solve::fix_integers_and_resolve(lp, rounded, o);
          if (done.status == solve::Status::kOptimal && done.has_primal &&
              (!start.has_primal || done.objective < start.objective))
            start = std::move(done);
        }
      }
      if (options.mip_fix_build) {
        // The build of the start (a build that whole units can run with), else the relaxation's.
        const std::vector<double>& x = start.has_primal ? start.col_value : relaxed.col_value;
        const std::vector<Index> cols = capacity_columns(model.layout);
        std::vector<double> value(cols.size());
        for (std::size_t i = 0; i < cols.size(); ++i)
          value[i] = x[static_cast<std::size_t>(cols[i])];
        if (!cols.empty()) solver.change_col_bounds(cols, value, value);
      }
      if (start.has_primal && !solver.set_start(start.col_value)) start = {};
    }
    if (std::isfinite(options.time_limit_s))
      mip.time_limit_s = std::max(1.0, options.time_limit_s - elapsed());
  }
  solve::Solution s = solver.solve(mip);
  // A MIP has no duals: prices come from the LP with the integers fixed at their values
  // (docs/formulation.md, "Prices after a MIP"); with the build fixed, that LP re-optimises the
  // build for the commitment found.
  s = solve::fix_integers_and_resolve(lp, s, mip);
  if (relaxed.status == solve::Status::kOptimal) {
    s.relaxation_objective = relaxed.objective;
    s.solve_seconds += relaxed.solve_seconds;
    s.iterations += relaxed.iterations;
  }
  if (start.has_primal) s.mip_start_objective = start.objective;
  // With the build fixed the solver's gap is the commitment's alone; the relaxation of the
  // whole problem bounds the combined answer.
  if (options.mip_fix_build && s.has_primal && std::isfinite(s.relaxation_objective))
    s.mip_gap = std::max(
        s.mip_gap, (s.objective - s.relaxation_objective) / std::max(1.0, std::abs(s.objective)));
  return s;
}

analysis::Results optimise(const Network& scenario, const solve::Options& options,
                           analysis::Timings timings) {
  // The supply arrangement of [paths] (docs/tariffs.md#supply-arrangements) on a copy.
  Network arranged;
  if (has_supply_arrangement(scenario)) {
    arranged = scenario;
    apply_supply_arrangement(arranged);
  }
  const Network& network = has_supply_arrangement(scenario) ? arranged : scenario;
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
  const solve::Solution solution = solve_model(network, model, *solver, options);
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

analysis::Results WarmSession::optimise(const Network& scenario, const solve::Options& options,
                                        analysis::Timings timings) {
  Network arranged;
  if (has_supply_arrangement(scenario)) {
    arranged = scenario;
    apply_supply_arrangement(arranged);
  }
  const Network& network = has_supply_arrangement(scenario) ? arranged : scenario;
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
  // The same structure: dimensions, the matrix's pattern (its coefficients may differ: a
  // minimum stable load, an efficiency), integrality and offset.
  const bool same = has_loaded_ && !lp.is_mip() && !loaded_.is_mip() &&
                    lp.num_col() == loaded_.num_col() && lp.num_row() == loaded_.num_row() &&
                    lp.offset == loaded_.offset && lp.a_start == loaded_.a_start &&
                    lp.a_index == loaded_.a_index && lp.integrality == loaded_.integrality;
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
    std::vector<Index> coeff_rows, coeff_cols;
    std::vector<double> coeffs;
    for (Index j = 0; j < lp.num_col(); ++j)
      for (Index k = lp.a_start[static_cast<std::size_t>(j)];
           k < lp.a_start[static_cast<std::size_t>(j) + 1]; ++k) {
        const auto e = static_cast<std::size_t>(k);
        if (lp.a_value[e] == loaded_.a_value[e]) continue;
        coeff_rows.push_back(lp.a_index[e]);
        coeff_cols.push_back(j);
        coeffs.push_back(lp.a_value[e]);
      }
    if (!cost_cols.empty()) solver_->change_col_costs(cost_cols, costs);
    if (!bound_cols.empty()) solver_->change_col_bounds(bound_cols, lower, upper);
    if (!rows.empty()) solver_->change_row_bounds(rows, row_lower, row_upper);
    if (!coeffs.empty()) solver_->change_coeffs(coeff_rows, coeff_cols, coeffs);
    changed_ = cost_cols.size() + bound_cols.size() + rows.size() + coeffs.size();
  } else {
    solver_ = solve::make_highs();
    solver_->load(lp);
  }
  last_warm_ = same;
  loaded_ = lp;
  has_loaded_ = true;
  solve::Options chained = options;  // the next sample re-solves from this one's basis
  chained.highs_scaling = true;
  const solve::Solution solution = solve_model(network, model, *solver_, chained);
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
