#include "solve/progress.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

namespace parkgrid::solve {
namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool number(std::string_view w, double& v) {
  if (!w.empty() && w.back() == 's') w.remove_suffix(1);  // "0.1s" in the simplex log
  const char* end = w.data() + w.size();
  const auto r = std::from_chars(w.data(), end, v);
  return r.ec == std::errc() && r.ptr == end && !w.empty();
}

bool integer(std::string_view w, long long& v) {
  const char* end = w.data() + w.size();
  const auto r = std::from_chars(w.data(), end, v);
  return r.ec == std::errc() && r.ptr == end && !w.empty();
}

}  // namespace

std::string_view phase_name(Phase p) {
  switch (p) {
    case Phase::kPresolve: return "presolve";
    case Phase::kSimplex: return "simplex";
    case Phase::kIpm: return "interior point";
    case Phase::kCrossover: return "crossover";
    case Phase::kPostsolve: return "postsolve";
    case Phase::kCheck: return "checking the answer";
    case Phase::kRetry: return "re-solving with IPX and crossover";
    case Phase::kDone: return "done";
    case Phase::kBranchAndBound: return "branch and bound";
  }
  return "solving";
}

bool LogProgress::read(std::string_view line, double elapsed_s) {
  p_.elapsed_s = elapsed_s;
  const auto starts = [&](std::string_view prefix) { return line.starts_with(prefix); };
  const auto phase = [&](Phase ph, std::string_view method) {
    p_.phase = ph;
    if (!method.empty()) p_.method = std::string(method);
    return true;
  };
  if (starts("Presolving model")) return phase(Phase::kPresolve, "");
  if (starts("Running HiPO")) return phase(Phase::kIpm, "hipo");
  if (starts("IPX model has") || starts("IPX version") || starts("Running IPX"))
    return p_.method == "hipo" ? false : phase(Phase::kIpm, "ipx");  // HiPO's crossover is IPX's
  if (starts("Using dual simplex") || starts("Using primal simplex") || starts("Using EKK") ||
      starts("Using HEkk"))
    return phase(Phase::kSimplex, "simplex");
  if (starts("Running crossover") || starts("Crossover") || starts(" Crossover"))
    return phase(Phase::kCrossover, "");
  if (starts("Performed postsolve") || starts("Postsolve")) return phase(Phase::kPostsolve, "");

  const std::vector<std::string_view> w = words(line);
  long long it = 0;
  if (w.size() < 2 || !integer(w[0], it)) return false;
  double v[6];
  // Interior point (IPX and HiPO): iter, primal obj, dual obj, pinf, dinf, gap, time.
  if (p_.phase == Phase::kIpm && w.size() == 7) {
    for (int k = 0; k < 6; ++k)
      if (!number(w[static_cast<std::size_t>(k + 1)], v[k])) return false;
    p_.iteration = it;
    p_.primal_objective = v[0] * objective_factor_;
    p_.dual_objective = v[1] * objective_factor_;
    p_.primal_infeasibility = v[2];
    p_.dual_infeasibility = v[3];
    p_.gap = v[4];
    return true;
  }
  // Simplex: iteration, objective, "Ph1:" or "Pr:" ...
  if (p_.phase == Phase::kSimplex && w.size() >= 3 && number(w[1], v[0]) &&
      (w[2] == "Ph1:" || w[2] == "Pr:")) {
    p_.iteration = it;
    p_.primal_objective = v[0] * objective_factor_;
    return true;
  }
  return false;
}

void LogProgress::mip(long long nodes, double best, double bound, double gap, double elapsed_s) {
  p_.elapsed_s = elapsed_s;
  p_.phase = Phase::kBranchAndBound;
  p_.iteration = nodes;
  // HiGHS reports +inf as the best solution before it has one, and a gap of +inf with it
  const auto finite = [](double v) {
    return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
  };
  p_.primal_objective = finite(best) * objective_factor_;
  p_.dual_objective = finite(bound) * objective_factor_;
  p_.gap = finite(gap);
}

void LogProgress::iteration(long long count, bool interior, double elapsed_s) {
  p_.elapsed_s = elapsed_s;
  if (interior) {
    if (p_.phase != Phase::kIpm) p_.phase = Phase::kIpm;
  } else if (p_.phase != Phase::kSimplex && p_.phase != Phase::kCrossover) {
    p_.phase = Phase::kSimplex;
    if (p_.method.empty()) p_.method = "simplex";
  }
  p_.iteration = count;
}

}  // namespace parkgrid::solve
