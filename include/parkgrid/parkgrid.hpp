// parkgrid's pipeline in one call: scenario in, least-cost build-out and hourly operation out.
//   io::read_scenario -> formulate::build -> solve (HiGHS) -> analysis::summarise / explain
#pragma once

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

}  // namespace parkgrid
