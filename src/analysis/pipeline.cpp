#include <fmt/format.h>
#include <chrono>

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

}  // namespace parkgrid
