// The solver options shared by the commands that optimise (run, plan): one definition of the
// flags and of how they become solve::Options.
#pragma once

#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "cli/commands.hpp"
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
  std::string uc;         // "" keeps the scenario's [unit_commitment] mode
  double mip_gap = 1e-4;  // relative, for integer unit commitment
  bool no_mip_start = false;
  bool mip_fix_build = false;
};

// Adds --solver, --threads, --time-limit, --tolerance, --solver-log and --write-model.
inline void add_solver_options(CLI::App* cmd, SolverArgs& a) {
  cmd->add_option("--solver", a.method,
                  "HiGHS method: hipo and ipx are its two interior-point codes, ipm lets HiGHS "
                  "pick one (HiPO when it is installed)")
      ->check(CLI::IsMember({"choose", "simplex", "ipm", "ipx", "hipo", "pdlp"}))
      ->capture_default_str();
  cmd->add_option("--threads", a.threads, "Solver threads (0: HiGHS default)")->check(kNonNegative);
  cmd->add_option("--time-limit", a.time_limit_s, "Solver time limit in seconds")->check(kPositive);
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
                  "Also write the LP to this file (.mps or .lp) for other solvers")
      ->check(CLI::Validator(
          [](std::string& file) -> std::string {
            const std::filesystem::path p(file);
            const std::string ext = p.extension().string();
            if (ext != ".mps" && ext != ".lp")
              return "\"" + file + "\": the file name must end in .mps (MPS) or .lp (CPLEX LP)";
            const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : ".";
            std::error_code ec;
            if (!std::filesystem::is_directory(dir, ec))
              return "\"" + file + "\": the folder " + dir.string() + " does not exist";
            if (::access(dir.c_str(), W_OK) != 0)
              return "\"" + file + "\": the folder " + dir.string() + " is not writable";
            return {};
          },
          "FILE.mps|FILE.lp", "model file"));
  cmd->add_option("--uc", a.uc,
                  "Unit commitment of committable generators: integer (a MIP), linear (the "
                  "relaxation, an LP) or off; default: the scenario's [unit_commitment] mode")
      ->check(CLI::IsMember({"integer", "linear", "off"}));
  cmd->add_option("--mip-gap", a.mip_gap,
                  "Integer unit commitment: stop at this relative gap between the best solution "
                  "and the bound (0: prove optimality)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--no-mip-start", a.no_mip_start,
                "Integer unit commitment: no start from the rounded linear relaxation (HiGHS "
                "finds its own first solution)");
  cmd->add_flag("--mip-fix-build", a.mip_fix_build,
                "Integer unit commitment: fix the build-out at the MIP start's (else the linear "
                "relaxation's) and solve the commitment for it; the gap is reported against the "
                "relaxation");
}

// The scenario's unit-commitment mode, overridden by --uc when given.
inline void apply_uc(Network& net, const SolverArgs& a) {
  if (!a.uc.empty()) (void)parse_uc_mode(a.uc, net.unit_commitment.mode);
}

// --no-crossover only means something for the interior-point methods: refused with simplex and
// PDLP (which never cross over), a warning with choose (HiGHS picks simplex for an LP). Returns
// true, having said why on standard error, when the combination is refused.
[[nodiscard]] inline bool solver_args_refused(const SolverArgs& a) {
  if (!a.no_crossover) return false;
  if (a.method == "simplex" || a.method == "pdlp") {
    report_problem(
        "--no-crossover with --solver {}: crossover follows an interior-point "
        "solve only (--solver ipm or ipx); {} has none. Leave out --no-crossover or "
        "choose an interior-point method; nothing was written\n",
        a.method, a.method);
    return true;
  }
  if (a.method == "choose")
    report_problem(
        "warning: --no-crossover with --solver choose: HiGHS chooses the simplex "
        "method for an LP, which has no crossover, so the flag has no effect; give "
        "--solver ipm or ipx for an interior-point solve without crossover\n");
  return false;
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
  o.mip_rel_gap = a.mip_gap;
  o.mip_start = !a.no_mip_start;
  o.mip_fix_build = a.mip_fix_build;
  o.progress = terminal_progress(!a.no_progress && !a.solver_log);
  return o;
}

}  // namespace parkgrid::cli
