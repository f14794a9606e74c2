// HiGHS's log read as it is written, into solve::Progress events (src/solve/progress.cpp). The
// C API's callbacks give the log lines and iteration counts; the gap and the objectives of an
// interior-point iteration are only in its log line, so they are parsed from there.
#pragma once

#include <string>
#include <string_view>

#include "parkgrid/solve.hpp"

namespace parkgrid::solve {

class LogProgress {
 public:
  LogProgress() = default;
  // The method asked for ("hipo", "ipx", "simplex"; "" when HiGHS chooses): HiPO in HiGHS 1.15.1
  // logs its iterations only to the console, so its progress has iteration counts, no gap.
  explicit LogProgress(std::string method) { p_.method = std::move(method); }
  // One line of HiGHS's log; true when it moved the progress on (a phase or an iteration row).
  bool read(std::string_view line, double elapsed_s);
  // An iteration count from an interrupt callback (simplex or interior point).
  void iteration(long long count, bool interior, double elapsed_s);
  // Branch and bound's state from HiGHS's MIP callbacks: nodes, the best solution (+inf before
  // one), the bound and the relative gap, in the solved model's objective (times the factor).
  void mip(long long nodes, double best, double bound, double gap, double elapsed_s);
  // The log's objectives are multiplied by this: HiGHS logs those of the model it solves, which
  // is the user's scaled by 2^user_objective_scale.
  void set_objective_factor(double factor) { objective_factor_ = factor; }
  [[nodiscard]] const Progress& current() const { return p_; }

 private:
  Progress p_;
  double objective_factor_ = 1.0;
};

}  // namespace parkgrid::solve
