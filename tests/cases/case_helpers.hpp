// Readers of a run's results shared by the hand-computed case tests (test_cases.cpp,
// test_unit_commitment.cpp).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "parkgrid/parkgrid.hpp"

namespace parkgrid::cases {

// One hourly column of a result table, e.g. hourly(r, "generators.csv", "coal").
inline const std::vector<double>& hourly(const analysis::Results& r, const std::string& file,
                                         const std::string& column) {
  for (const auto& t : r.hourly)
    if (t.file == file)
      for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i] == column) return t.values[i];
  throw std::runtime_error("no column " + column + " in " + file);
}

// The cost split by component, summed: must equal the objective.
inline double cost_total(const analysis::Results& r) {
  double sum = 0;
  for (const auto& c : r.summary.costs) sum += c.total();
  return sum;
}

}  // namespace parkgrid::cases
