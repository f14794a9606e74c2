// Investment periods, their discounting, and the one-year network of each period.
#include <cmath>

#include "parkgrid/planning.hpp"

namespace parkgrid::planning {
namespace {

// Sets the existing capacity of component `name` to 0 in every family that has it.
void retire(Network& n, const std::string& name) {
  const auto zero = [&](const std::vector<std::string>& names, CapacityTable& c) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) c.existing[i] = 0.0;
  };
  zero(n.generators.name, n.generators.capacity_mw);
  zero(n.storage_units.name, n.storage_units.power_mw);
  zero(n.storage_units.name, n.storage_units.energy_mwh);
  zero(n.stores.name, n.stores.energy_mwh);
  zero(n.links.name, n.links.capacity_mw);
}
}  // namespace

PipelineTable pipeline(const Network& net, const std::vector<int>& years) {
  PipelineTable t;
  t.years = years;
  const Projects& pr = net.projects;
  for (Index p = 0; p < pr.size(); ++p) {
    double full_mwh = 0.0;
    const auto d = pr.demand_full_mw.row(p);
    for (Index s = 0; s < net.snapshot_count(); ++s)
      full_mwh += d[u(s)] * net.snapshots.weight_hours[u(s)];
    std::vector<double> e, sh;
    for (int y : years) {
      sh.push_back(pr.share(p, y));
      e.push_back(full_mwh * sh.back());
    }
    t.energy_mwh.push_back(std::move(e));
    t.share.push_back(std::move(sh));
  }
  return t;
}

int Periods::horizon_end() const {
  return year.empty() ? base_year
                      : year.back() + static_cast<int>(std::lround(std::ceil(years.back())));
}

double Periods::discount(int y) const {
  return std::pow(1.0 + rate, -static_cast<double>(y - base_year));
}

double Periods::weight(std::size_t p) const {
  // Whole years of the period, then the fraction of a last, partial year.
  double w = 0.0;
  const double n = years[p];
  int k = 0;
  for (; k + 1 <= n + 1e-9; ++k) w += discount(year[p] + k);
  const double rest = n - k;
  if (rest > 1e-9) w += rest * discount(year[p] + k);
  return w;
}

Periods periods_of(const Network& net) {
  Periods ps;
  const Planning& pl = net.planning;
  ps.year = pl.years;
  for (std::size_t p = 0; p < pl.years.size(); ++p)
    ps.years.push_back(p + 1 < pl.years.size() ? pl.years[p + 1] - pl.years[p]
                                               : pl.last_period_years);
  ps.base_year = pl.base_year != 0 ? pl.base_year : (pl.years.empty() ? 0 : pl.years.front());
  ps.rate = net.discount_rate;
  return ps;
}

Network period_network(const Network& base, std::size_t p) {
  Network n = base;
  const Planning& pl = base.planning;
  const int year = pl.years[p];
  n.name = base.name + " (year " + std::to_string(year) + ")";
  const Projects& pr = base.projects;
  for (Index j = 0; j < pr.size(); ++j) {
    const double share = pr.share(j, year);
    const auto full = pr.demand_full_mw.row(j);
    auto load = n.loads.demand_mw.mutable_row(pr.load[u(j)]);
    for (std::size_t t = 0; t < load.size(); ++t) load[t] = full[t] * share;
  }
  for (const Retirement& r : pl.retirements)
    if (year >= r.year) retire(n, r.component);
  // Tariffs by date: the buy price of each connection with tariff_files is that of the file in
  // force on each snapshot's date in this year (docs/tariffs.md#tariffs-by-date).
  (void)set_buy_prices_in_force(n, year);
  if (!pl.min_green_share.empty()) n.policy.min_green_share = pl.min_green_share[p];
  if (!pl.co2_cap_t.empty()) n.policy.co2_cap_t = pl.co2_cap_t[p];
  // The supply arrangement of [paths] (docs/tariffs.md#supply-arrangements), priced with the
  // tariff in force in this year.
  apply_supply_arrangement(n, year);
  return n;
}

}  // namespace parkgrid::planning
