#include <cmath>

#include "parkgrid/network.hpp"

namespace parkgrid {

bool TimeSeries::any_nonzero(Index component) const {
  for (double v : row(component))
    if (v != 0.0) return true;
  return false;
}

double capital_recovery_factor(double rate, double lifetime_years) {
  if (lifetime_years <= 0.0) return 0.0;
  if (std::abs(rate) < 1e-12) return 1.0 / lifetime_years;
  const double growth = std::pow(1.0 + rate, lifetime_years);
  return rate * growth / (growth - 1.0);
}

double annualised_cost(const CapacityTable& c, Index i, double rate) {
  const auto k = static_cast<std::size_t>(i);
  return capital_recovery_factor(rate, c.lifetime_years[k]) * c.capex_cny_per_unit[k] +
         c.fixed_om_cny_per_unit_year[k];
}

}  // namespace parkgrid
