// The solver options shared by the commands that optimise (run, plan): one definition of the
// flags and of how they become solve::Options.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/progress.hpp"
#include "parkgrid/solve.hpp"

namespace parkgrid::cli {

struct SolverArgs {
  std::string method = "choose";
  int threads = 0;
  double time_limit_s = kInf;
  double tolerance = 1e-7;
  bool solver_log = false;
  bool no_crossover = false;
  bool no_progress = false;
  std::string write_model;
};

// Adds --solver, --threads, --time-limit, --tolerance, --solver-log and --write-model.
inline void add_solver_options(CLI::App* cmd, SolverArgs& a) {
  cmd->add_option("--solver", a.method,
                  "HiGHS method: hipo and ipx are its two interior-point codes, ipm lets HiGHS "
                  "pick one (HiPO when it is installed)")
      ->check(CLI::IsMember({"choose", "simplex", "ipm", "ipx", "hipo", "pdlp"}))
      ->capture_default_str();
  cmd->add_option("--threads", a.threads, "Solver threads (0: HiGHS default)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--time-limit", a.time_limit_s, "Solver time limit in seconds")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--tolerance", a.tolerance, "Primal and dual feasibility tolerance")
      ->check(CLI::Range(1e-10, 1e-3))
      ->capture_default_str();
  cmd->add_flag("--solver-log", a.solver_log, "Show HiGHS's log");
  cmd->add_flag("--no-crossover", a.no_crossover,
                "Interior point: stop at the interior solution, no crossover to a basis (faster "
                "on large LPs; duals and values within the tolerances)");
  cmd->add_flag("--no-progress", a.no_progress,
                "No progress line while solving (it is shown only on a terminal, and not with "
                "--solver-log)");
  cmd->add_option("--write-model", a.write_model,
                  "Also write the LP to this file (.mps or .lp) for other solvers");
}

[[nodiscard]] inline solve::Options solver_options(const SolverArgs& a) {
  solve::Options o;
  o.method = solve::parse_method(a.method).value_or(solve::Method::kChoose);
  o.threads = a.threads;
  o.time_limit_s = a.time_limit_s;
  o.primal_feasibility_tolerance = o.dual_feasibility_tolerance = a.tolerance;
  o.log_to_console = a.solver_log;
  o.crossover = !a.no_crossover;
  o.write_model_path = a.write_model;
  o.progress = terminal_progress(!a.no_progress && !a.solver_log);
  return o;
}

}  // namespace parkgrid::cli
