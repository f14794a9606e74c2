// One function per subcommand; main.cpp registers them all. Each subcommand lives in its own
// file (cmd_run.cpp, cmd_check.cpp, cmd_weather.cpp, ...). A subcommand's callback stores its exit
// code in `exit_code` (see docs/cli.md for the meaning of each code) instead of calling exit().
#pragma once

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "parkgrid/error.hpp"
#include "parkgrid/events.hpp"
#include "parkgrid/planning.hpp"

namespace parkgrid::cli {

// Checks of a number option with a short message ("--time-limit: 0 is not a number > 0"); CLI11's
// PositiveNumber and NonNegativeNumber print the largest double in full (309 digits) as the range.
inline CLI::Validator zero_or_above(bool zero_allowed) {
  const std::string what = zero_allowed ? ">= 0" : "> 0";
  return CLI::Validator(
      [zero_allowed, what](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        const bool number = !text.empty() && end && *end == '\0' && std::isfinite(v);
        if (number && (zero_allowed ? v >= 0 : v > 0)) return {};
        return "\"" + text + "\" is not a number " + what;
      },
      "NUMBER " + what, "number " + what);
}
inline const CLI::Validator kPositive = zero_or_above(false);
inline const CLI::Validator kNonNegative = zero_or_above(true);

// Exit codes: ExitCode in parkgrid/events.hpp, shared with the server.

// Prints "parkgrid: MESSAGE" on standard error and sends MESSAGE as a problem event (the server
// shows it as the job's error).
template <typename... Args>
void report_problem(fmt::format_string<Args...> f, Args&&... args) {
  std::string m = fmt::format(f, std::forward<Args>(args)...);
  fmt::print(stderr, "parkgrid: {}", m);
  while (!m.empty() && m.back() == '\n') m.pop_back();
  events::emit_problem({}, std::move(m));
}

// One diagnostic, indented under the line that introduced it, and as a problem event.
inline void report_diagnostic(const Diagnostic& d) {
  const std::string line = d.to_string();
  fmt::print(stderr, "  {}\n", line);
  events::emit_problem(d, line);
}

void add_run_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_schema_command(CLI::App& app, int& exit_code);
void add_weather_command(CLI::App& app, int& exit_code);
void add_paths_command(CLI::App& app, int& exit_code);
void add_tariff_command(CLI::App& app, int& exit_code);
void add_pypsa_commands(CLI::App& app, int& exit_code);  // import-pypsa, export-pypsa
void add_plan_commands(CLI::App& app, int& exit_code);   // plan, pipeline
void add_sweep_command(CLI::App& app, int& exit_code);   // hands over to python -m parkgrid.sweep

// Prints every problem of `e` on standard error, as "parkgrid: WHAT has N problem(s); nothing
// was written:" and one indented line per diagnostic (table.cpp).
void print_problems(const InputError& e, std::string_view what = "the scenario");

// When the output folder `out` must not be replaced (analysis::check_output_folder: the current
// folder, a folder holding `input`, a non-empty folder not written by parkgrid), says why on
// standard error ("...; nothing was written") and returns true (problems.cpp).
[[nodiscard]] bool output_refused(const std::string& out, const std::string& input);

// The typical days chosen and how well they reproduce each series (cmd_plan.cpp).
// The typical days chosen, what follows the calendar between them (net.planning), and the error
// of each series.
void print_reduction(const planning::Reduction& reduction, const Network& net);
// When `net` cannot be cut to `days` typical days, says why on standard error ("--typical-days
// N: ...; nothing was written") and returns true (cmd_plan.cpp).
[[nodiscard]] bool typical_days_refused(const Network& net, Index days);
// `--typical-days N` of run and paths: cuts `net` to N typical days and prints the reduction's
// error. Returns false, having said why, when it cannot (cmd_plan.cpp).
[[nodiscard]] bool reduce_to_typical_days(Network& net, Index days);
// `--extreme-days` and `--typical-day-storage` of run, paths and plan: override [planning]
// extreme_days and typical_day_storage; "" keeps the scenario's (cmd_plan.cpp).
struct TypicalDayOptions {
  std::string extreme_days;  // "per-month" | "none" | ""
  std::string storage;       // "linked" | "daily" | ""
  std::string commitment;    // "linked" | "daily" | ""
  void apply(Network& net) const;
};
void add_typical_day_options(CLI::App* cmd, TypicalDayOptions& o);
void add_report_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace parkgrid::cli
