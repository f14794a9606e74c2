// What a running command tells the program that started it, as data: exit codes, and events
// (phase of the solve, a finished solve, a problem, the results folder), one JSON object per line
// on the file descriptor named by `--events-fd` (parkgrid serve passes one). The server reads
// these instead of the terminal text, which is for people and may change (src/events/).
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "parkgrid/error.hpp"
#include "parkgrid/solve.hpp"

namespace parkgrid {

// Exit codes of every command, documented in docs/cli.md and printed by `parkgrid --help`.
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,      // a bug in parkgrid: please report it
  kExitInputError = 2,    // bad command line or bad input files: nothing was written
  kExitInfeasible = 3,    // the model has no solution (or is unbounded); the reason is explained
  kExitSolverFailure = 4  // the solver failed or stopped (time limit) without a usable solution
};

namespace events {

enum class Kind {
  kPhase,    // the solve moved on: phase, method, elapsed_s, iteration, gap, objective
  kSolved,   // one solve finished (a command may solve several times: paths, plan)
  kProblem,  // an input problem: the diagnostic's fields (file, line, where, field, value, ...)
  kWritten,  // the results are in `folder`
};

struct Event {
  Kind kind = Kind::kPhase;
  solve::Progress progress;  // kPhase, kSolved (phase kDone)
  Diagnostic problem;        // kProblem
  std::string message;       // kProblem: the whole line as printed; kSolved: the solver status
  std::string folder;        // kWritten
};

[[nodiscard]] std::string_view kind_name(Kind k);  // "phase", "solved", "problem", "written"

// One line of JSON, without the newline. Non-finite numbers are left out.
[[nodiscard]] std::string to_line(const Event& e);
// The event of a line written by to_line; nullopt for any other text.
[[nodiscard]] std::optional<Event> parse_line(std::string_view line);

// The process-wide sink: after open(fd), emit() writes each event as one line to fd (whole lines,
// serialised across threads); before, emit() does nothing. A failed write closes the sink.
void open(int fd);
[[nodiscard]] bool enabled();
void emit(const Event& e);

// Shorthands of emit().
void emit_progress(const solve::Progress& p);
void emit_problem(const Diagnostic& d, std::string message);
void emit_written(const std::string& folder);

}  // namespace events
}  // namespace parkgrid
