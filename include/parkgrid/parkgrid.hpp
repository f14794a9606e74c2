// parkgrid's pipeline in one call: scenario in, least-cost build-out and hourly operation out.
//   io::read_scenario -> formulate::build -> solve (HiGHS) -> analysis::summarise / explain
#pragma once

#include <memory>

#include "parkgrid/error.hpp"
#include "parkgrid/formulate.hpp"
#include "parkgrid/network.hpp"
#include "parkgrid/results.hpp"
#include "parkgrid/scenario.hpp"
#include "parkgrid/solve.hpp"

namespace parkgrid {

// Builds and solves `network`; when infeasible, explains why (Summary::violations).
// `timings` carries the read and validate times already spent, and is completed here.
[[nodiscard]] analysis::Results optimise(const Network& network, const solve::Options& options,
                                         analysis::Timings timings = {});

// Solves `model` (of `network`), already loaded in `solver`. An LP is solved as it is. A MIP
// (integer unit commitment; docs/formulation.md "Solving the MIP"): with Options::mip_start the
// linear relaxation is solved first, its commitment rounded (formulate::round_commitment) and
// completed with the integers fixed, and the best completion handed to the solver as its first
// incumbent; with Options::mip_fix_build the capacities are fixed at the start's (else the
// relaxation's) and the gap is measured against the relaxation's objective. The MIP's prices then
// come from the LP with the integers fixed (solve::fix_integers_and_resolve).
[[nodiscard]] solve::Solution solve_model(const Network& network, const formulate::Model& model,
                                          solve::LpSolver& solver, const solve::Options& options);

// Optimises one network after another (the samples of a sweep, docs/sweep.md) keeping the last
// LP loaded in HiGHS: when the new LP has the same dimensions, the same matrix pattern, the same
// integrality and the same objective offset as the one loaded, only the costs, column bounds, row
// bounds and matrix coefficients that differ are pushed in place and the LP is re-solved from the
// previous basis (warm). Otherwise, or for a MIP, the LP is loaded and solved from scratch (cold).
// Results equal those of optimise().
class WarmSession {
 public:
  WarmSession();
  ~WarmSession();
  WarmSession(const WarmSession&) = delete;
  WarmSession& operator=(const WarmSession&) = delete;
  [[nodiscard]] analysis::Results optimise(const Network& network, const solve::Options& options,
                                           analysis::Timings timings = {});
  [[nodiscard]] bool last_warm() const { return last_warm_; }
  [[nodiscard]] std::size_t changed_entries() const { return changed_; }  // pushed in place

 private:
  std::unique_ptr<solve::LpSolver> solver_;
  LinearProgram loaded_;  // the LP the solver holds (costs and bounds as changed)
  bool has_loaded_ = false;
  bool last_warm_ = false;
  std::size_t changed_ = 0;
};

}  // namespace parkgrid
