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
  timings.build_s = seconds(t);

  t = Clock::now();
  auto solver = solve::make_highs();
  solver->load(model.lp);
  const solve::Solution solution = solver->solve(options);
  timings.solve_s = seconds(t);

  analysis::Results results = analysis::summarise(network, model, solution);
  results.summary.solver = solver->name();
  if (solution.status == solve::Status::kInfeasible) {
    t = Clock::now();
    results.summary.violations = analysis::explain_infeasibility(network, model, options);
    timings.explain_s = seconds(t);
  }
  results.summary.timings = timings;
  return results;
}

}  // namespace parkgrid
