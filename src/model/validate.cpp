// Cross-field rules: what no single field can check on its own.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <span>

#include "parkgrid/validate.hpp"

namespace parkgrid {
namespace {

struct Checker {
  const std::string& file;
  Diagnostics& diag;
  // The entry being checked: its `where` text and its place in the scenario.
  std::string place_where{};
  Diagnostics::Place place{};

  // `where` names entry `index` of array section `section` (its name `component`).
  std::string entry(std::string where, std::string section, std::size_t index,
                    std::string component) {
    place_where = where;
    place = {file, std::move(section), static_cast<int>(index), std::move(component)};
    return where;
  }

  void add(int line, std::string where, std::string field, std::string value,
           std::string expected) {
    Diagnostic d{
        file, line, std::move(where), std::move(field), std::move(value), std::move(expected)};
    if (d.where == "[policy]") {
      d.section = "policy";
    } else if (!place_where.empty() && d.where == place_where) {
      d.section = place.section;
      d.index = place.index;
      d.component = place.component;
    }
    diag.add(std::move(d));
  }

  static int line_of(const std::vector<int>& lines, std::size_t i) {
    return i < lines.size() ? lines[i] : 0;
  }

  void capacity(const CapacityTable& c, std::size_t i, const std::string& where, int line,
                std::string_view prefix, std::string_view extendable_field = "extendable") {
    if (!c.extendable[i]) return;
    if (c.min[i] > c.max[i])
      add(line, where, fmt::format("min_{}", prefix), fmt::format("{}", c.min[i]),
          fmt::format("must not exceed max_{} = {}", prefix, c.max[i]));
    if (c.existing[i] > c.max[i])
      add(line, where, std::string(prefix), fmt::format("{}", c.existing[i]),
          fmt::format("existing capacity must not exceed max_{} = {} when {} = true", prefix,
                      c.max[i], extendable_field));
  }
};

// The solver reads a cost of 1e20 or more as infinite (HiGHS's infinite_cost): an input whose
// product in the LP gets there (a capex of 1e300, a weight of 1e300 h) would be solved as
// something else, or give a NaN objective. No real cost comes near; docs/reliability.md.
constexpr double kSolverInfinity = 1e20;

bool overflows(double v) {
  return !(std::fabs(v) < kSolverInfinity);
}

double max_abs(std::span<const double> xs) {
  double m = 0.0;
  for (double x : xs) m = std::max(m, std::fabs(x));
  return m;
}

// Costs of the LP, family by family, as formulate/ multiplies them out.
void lp_costs(const Network& net, Checker& ck, const SourceLines& lines) {
  const double w = max_abs(net.snapshots.weight_hours);
  const double carbon = net.policy.carbon_price_cny_per_t;
  const double rate = net.discount_rate;
  const auto report = [&](int line, const std::string& where, std::string field, double value,
                          double lp) {
    ck.add(line, where, std::move(field), fmt::format("{}", value),
           fmt::format("gives an LP cost of {:g}, past 1e20, which the solver reads as infinite; "
                       "check the unit",
                       lp));
  };
  const auto capacity = [&](const CapacityTable& c, std::size_t i, int line,
                            const std::string& where, std::string_view unit) {
    if (!std::isfinite(c.capex_cny_per_unit[i]) || !std::isfinite(c.existing[i])) return;
    const double annual = annualised_cost(c, static_cast<Index>(i), rate);
    const double sunk = capex_annuity(c, static_cast<Index>(i), rate) * c.existing[i];
    if (overflows(annual) || overflows(sunk))
      report(line, where, fmt::format("capex_cny_per_{}", unit), c.capex_cny_per_unit[i],
             overflows(annual) ? annual : sunk);
  };
  const auto cost = [&](int line, const std::string& where, std::string field, double value,
                        double per_mwh) {
    // A value that is not finite was reported by its own rule already.
    if (std::isfinite(value) && std::isfinite(per_mwh) && overflows(w * per_mwh))
      report(line, where, std::move(field), value, w * per_mwh);
  };
  const Generators& g = net.generators;
  for (std::size_t i = 0; i < g.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("generator \"{}\"", g.name[i]), "generators", i, g.name[i]);
    const int line = Checker::line_of(lines.generators, i);
    capacity(g.capacity_mw, i, line, where, "mw");
    const Index k = g.carrier[i];
    const double co2 =
        k >= 0 ? net.carriers.co2_t_per_mwh[static_cast<std::size_t>(k)] / g.efficiency[i] : 0.0;
    const double mc = max_abs(g.marginal_cost_cny_per_mwh.row(static_cast<Index>(i)));
    cost(line, where, "marginal_cost_cny_per_mwh", mc, mc + std::fabs(carbon * co2));
    if (overflows(w * co2) && !overflows(mc + std::fabs(carbon * co2)))
      ck.add(line, where, "efficiency", fmt::format("{}", g.efficiency[i]),
             fmt::format("gives {:g} t CO2 per MWh with the carrier's co2_t_per_mwh, past 1e20 "
                         "in the LP once weighted; check the unit",
                         co2));
  }
  const StorageUnits& su = net.storage_units;
  for (std::size_t i = 0; i < su.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("storage unit \"{}\"", su.name[i]), "storage_units", i, su.name[i]);
    const int line = Checker::line_of(lines.storage_units, i);
    capacity(su.power_mw, i, line, where, "mw");
    capacity(su.energy_mwh, i, line, where, "mwh");
    cost(line, where, "marginal_cost_cny_per_mwh", su.marginal_cost_cny_per_mwh[i],
         std::fabs(su.marginal_cost_cny_per_mwh[i]));
  }
  const Stores& st = net.stores;
  for (std::size_t i = 0; i < st.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("store \"{}\"", st.name[i]), "stores", i, st.name[i]);
    const int line = Checker::line_of(lines.stores, i);
    capacity(st.energy_mwh, i, line, where, "mwh");
    cost(line, where, "marginal_cost_cny_per_mwh", st.marginal_cost_cny_per_mwh[i],
         std::fabs(st.marginal_cost_cny_per_mwh[i]));
  }
  const Links& k = net.links;
  for (std::size_t i = 0; i < k.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("link \"{}\"", k.name[i]), "links", i, k.name[i]);
    const int line = Checker::line_of(lines.links, i);
    capacity(k.capacity_mw, i, line, where, "mw");
    cost(line, where, "marginal_cost_cny_per_mwh", k.marginal_cost_cny_per_mwh[i],
         std::fabs(k.marginal_cost_cny_per_mwh[i]));
  }
  const GridConnections& gc = net.grid;
  for (std::size_t i = 0; i < gc.name.size(); ++i) {
    const std::string where = ck.entry(fmt::format("grid connection \"{}\"", gc.name[i]),
                                       "grid_connections", i, gc.name[i]);
    const int line = Checker::line_of(lines.grid_connections, i);
    const auto c = static_cast<Index>(i);
    const double buy = max_abs(gc.buy_price_cny_per_mwh.row(c));
    cost(line, where, "buy_price_cny_per_mwh", buy, buy + std::fabs(carbon * gc.co2_t_per_mwh[i]));
    const double sell = max_abs(gc.sell_price_cny_per_mwh.row(c));
    cost(line, where, "sell_price_cny_per_mwh", sell, sell);
    if (overflows(1000.0 * gc.demand_charge_cny_per_kw_month[i]))
      report(line, where, "demand_charge_cny_per_kw_month", gc.demand_charge_cny_per_kw_month[i],
             1000.0 * gc.demand_charge_cny_per_kw_month[i]);
  }
}

}  // namespace

void validate(const Network& net, const std::string& file, Diagnostics& diag,
              const SourceLines& lines) {
  // Every series one row of values per snapshot for each component (for_each_series): the checks
  // below read them, and a series of another length would be read at the wrong hours.
  if (auto shape = series_shape_problems(net, file); !shape.empty()) {
    for (Diagnostic& d : shape) diag.add(std::move(d));
    return;
  }
  Checker ck{file, diag};
  const Index T = net.snapshots.count;
  if (net.buses.size() == 0)
    ck.add(0, "", "", "", "the scenario has no buses: add at least one [[buses]]");

  const Generators& g = net.generators;
  for (std::size_t i = 0; i < g.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("generator \"{}\"", g.name[i]), "generators", i, g.name[i]);
    const int line = Checker::line_of(lines.generators, i);
    ck.capacity(g.capacity_mw, i, where, line, "capacity_mw");
    const auto gi = static_cast<Index>(i);
    for (Index t = 0; t < T; ++t) {
      if (g.min_pu.at(gi, t) > g.availability_pu.at(gi, t)) {
        ck.add(line, where, "min_pu", fmt::format("{}", g.min_pu.at(gi, t)),
               fmt::format("must not exceed availability_pu = {} (snapshot {}, {})",
                           g.availability_pu.at(gi, t), t + 1, net.snapshots.label(t)));
        break;
      }
    }
  }

  const StorageUnits& su = net.storage_units;
  for (std::size_t i = 0; i < su.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("storage unit \"{}\"", su.name[i]), "storage_units", i, su.name[i]);
    const int line = Checker::line_of(lines.storage_units, i);
    ck.capacity(su.power_mw, i, where, line, "power_mw");
    if (su.max_hours[i] > 0.0 && su.energy_mwh.extendable[i])
      ck.add(line, where, "energy_extendable", "true",
             "contradicts max_hours > 0: choose either max_hours (energy follows power) or an "
             "own energy capacity (max_hours = 0)");
    if (su.max_hours[i] == 0.0) {
      ck.capacity(su.energy_mwh, i, where, line, "energy_mwh", "energy_extendable");
      if (!su.energy_mwh.extendable[i] && su.energy_mwh.existing[i] == 0.0)
        ck.add(line, where, "max_hours", "0",
               "the unit has no energy capacity: set max_hours > 0, energy_mwh > 0 or "
               "energy_extendable = true");
    }
    for (auto [field, v] : {std::pair{"efficiency_charge", su.efficiency_charge[i]},
                            std::pair{"efficiency_discharge", su.efficiency_discharge[i]}})
      if (v > 1.0)
        ck.add(line, where, field, fmt::format("{}", v), "a storage efficiency must be <= 1");
    if (!su.cyclic[i]) {
      const bool fixed_energy =
          su.max_hours[i] > 0.0 ? !su.power_mw.extendable[i] : !su.energy_mwh.extendable[i];
      const double cap = su.max_hours[i] > 0.0 ? su.max_hours[i] * su.power_mw.existing[i]
                                               : su.energy_mwh.existing[i];
      if (fixed_energy && su.initial_soc_mwh[i] > cap)
        ck.add(line, where, "initial_soc_mwh", fmt::format("{}", su.initial_soc_mwh[i]),
               fmt::format("must not exceed the energy capacity, {} MWh", cap));
    }
  }

  const Stores& st = net.stores;
  for (std::size_t i = 0; i < st.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("store \"{}\"", st.name[i]), "stores", i, st.name[i]);
    const int line = Checker::line_of(lines.stores, i);
    ck.capacity(st.energy_mwh, i, where, line, "energy_mwh");
    if (!st.cyclic[i] && !st.energy_mwh.extendable[i] &&
        st.initial_energy_mwh[i] > st.energy_mwh.existing[i])
      ck.add(line, where, "initial_energy_mwh", fmt::format("{}", st.initial_energy_mwh[i]),
             fmt::format("must not exceed energy_mwh = {}", st.energy_mwh.existing[i]));
  }

  const Links& k = net.links;
  for (std::size_t i = 0; i < k.name.size(); ++i) {
    const std::string where =
        ck.entry(fmt::format("link \"{}\"", k.name[i]), "links", i, k.name[i]);
    const int line = Checker::line_of(lines.links, i);
    ck.capacity(k.capacity_mw, i, where, line, "capacity_mw");
    if (k.from_bus[i] >= 0 && k.from_bus[i] == k.to_bus[i])
      ck.add(line, where, "to_bus",
             fmt::format("\"{}\"", net.buses.name[static_cast<std::size_t>(k.to_bus[i])]),
             "must differ from from_bus");
    const auto ki = static_cast<Index>(i);
    std::vector<Index> outputs{k.from_bus[i], k.to_bus[i]};
    for (int o = 0; o < Links::kExtraOutputs; ++o) {
      const Index b = k.output_bus(o, ki);
      if (b < 0) continue;
      if (std::find(outputs.begin(), outputs.end(), b) != outputs.end())
        ck.add(line, where, fmt::format("to_bus{}", o + 2),
               fmt::format("\"{}\"", net.buses.name[static_cast<std::size_t>(b)]),
               "must differ from from_bus, to_bus and the link's other outputs");
      outputs.push_back(b);
    }
    for (Index t = 0; t < T; ++t) {
      if (k.min_pu.at(ki, t) > k.max_pu.at(ki, t)) {
        ck.add(line, where, "min_pu", fmt::format("{}", k.min_pu.at(ki, t)),
               fmt::format("must not exceed max_pu = {} (snapshot {}, {})", k.max_pu.at(ki, t),
                           t + 1, net.snapshots.label(t)));
        break;
      }
    }
  }

  lp_costs(net, ck, lines);

  if (net.policy.min_green_share > 0.0) {
    bool any_electric = false;
    for (char e : net.buses.electric) any_electric = any_electric || e;
    if (!any_electric)
      ck.add(0, "[policy]", "min_green_share", fmt::format("{}", net.policy.min_green_share),
             "needs a bus of carrier \"electricity\" (or \"AC\"): the share is of electricity");
  }
}

}  // namespace parkgrid
