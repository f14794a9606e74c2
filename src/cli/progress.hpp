// The solve's progress on one line of the terminal (standard error): phase, elapsed time, the
// interior point's iteration and gap or the simplex objective. Off when standard error is not a
// terminal, with --no-progress, and with --solver-log (the log shows the same). The same
// progress goes out as events when --events-fd is given (parkgrid/events.hpp).
#pragma once

#include <fmt/format.h>
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>

#include "parkgrid/events.hpp"
#include "parkgrid/solve.hpp"

namespace parkgrid::cli {

[[nodiscard]] inline std::string progress_line(const solve::Progress& p) {
  std::string s = fmt::format("  solving 求解中 · {}", solve::phase_name(p.phase));
  if (!p.method.empty() && (p.phase == solve::Phase::kIpm || p.phase == solve::Phase::kSimplex))
    s += fmt::format(" ({})", p.method);
  s += fmt::format(" · {:.1f} s", p.elapsed_s);
  if (p.iteration >= 0 && (p.phase == solve::Phase::kIpm || p.phase == solve::Phase::kSimplex))
    s += fmt::format(" · iteration {}", p.iteration);
  if (p.phase == solve::Phase::kIpm && std::isfinite(p.gap))
    s += fmt::format(" · gap {:.1e}", p.gap);
  if (p.phase == solve::Phase::kSimplex && std::isfinite(p.primal_objective))
    s += fmt::format(" · objective {:.6e}", p.primal_objective);
  if (p.phase == solve::Phase::kBranchAndBound) {
    if (p.iteration >= 0) s += fmt::format(" · nodes {}", p.iteration);
    s += std::isfinite(p.primal_objective) ? fmt::format(" · best {:.6e}", p.primal_objective)
                                           : std::string(" · no solution yet");
    if (std::isfinite(p.dual_objective)) s += fmt::format(" · bound {:.6e}", p.dual_objective);
    if (std::isfinite(p.gap)) s += fmt::format(" · gap {:.2f} %", 100.0 * p.gap);
  }
  return s;
}

// The progress line on a terminal (when `enabled` and standard error is one), and the solve's
// phases as events (--events-fd) whenever those are on.
[[nodiscard]] inline solve::ProgressFn terminal_progress(bool enabled) {
  const bool terminal = enabled && isatty(STDERR_FILENO);
  if (!terminal && !events::enabled()) return {};
  auto mutex = std::make_shared<std::mutex>();
  return [mutex, terminal](const solve::Progress& p) {
    events::emit_progress(p);
    if (!terminal) return;
    const std::lock_guard<std::mutex> lock(*mutex);
    if (p.phase == solve::Phase::kDone)
      fmt::print(stderr, "\r\033[K");
    else
      fmt::print(stderr, "\r\033[K{}", progress_line(p));
    std::fflush(stderr);
  };
}

}  // namespace parkgrid::cli
