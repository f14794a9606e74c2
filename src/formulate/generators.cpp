// Generators: output p(g,t) within [min_pu P, availability P]; P fixed or a capacity column.
//   generator_max(g,t):  p(g,t) - a(g,t) P(g) <= 0       (extendable g)
//   generator_min(g,t):  p(g,t) - m(g,t) P(g) >= 0       (extendable g with a must-run share)
#include "formulate/context.hpp"

namespace parkgrid::formulate {

double generator_co2_t_per_mwh(const Network& net, Index g) {
  const auto k = static_cast<std::size_t>(g);
  const Index carrier = net.generators.carrier[k];
  if (carrier < 0) return 0.0;
  return net.carriers.co2_t_per_mwh[static_cast<std::size_t>(carrier)] /
         net.generators.efficiency[k];
}

void declare_generator_rows(Context& c) {
  const Generators& g = c.net.generators;
  const CapacityTable& cap = g.capacity_mw;
  Layout& L = c.layout;
  Index n_ext = 0, n_min = 0;
  L.generator_ext = subset(
      g.size(), [&](Index i) { return cap.extendable[static_cast<std::size_t>(i)] != 0; }, n_ext);
  L.generator_min_rows = subset(
      g.size(),
      [&](Index i) {
        return cap.extendable[static_cast<std::size_t>(i)] && g.min_pu.any_nonzero(i);
      },
      n_min);
  L.generator_max = c.lp.add_rows("generator_max", n_ext, c.T, -kInf, 0.0);
  L.generator_min = c.lp.add_rows("generator_min", n_min, c.T, 0.0, kInf);
}

void add_generator_columns(Context& c) {
  const Generators& g = c.net.generators;
  const CapacityTable& cap = g.capacity_mw;
  Layout& L = c.layout;
  const double alpha = c.green_target();

  L.generator_p = c.lp.begin_cols("generator_p", g.size(), c.T);
  for (Index i = 0; i < g.size(); ++i) {
    const auto k = static_cast<std::size_t>(i);
    const auto bus_row0 = L.bus_balance.at(g.bus[k]);
    const Index ext = at(L.generator_ext, i);
    const Index min_row = at(L.generator_min_rows, i);
    const bool renewable =
        g.carrier[k] >= 0 && c.net.carriers.renewable[static_cast<std::size_t>(g.carrier[k])];
    const double green = c.electric(g.bus[k]) ? (renewable ? 1.0 - alpha : -alpha) : 0.0;
    const double p_nom = cap.existing[k];
    const bool onsite_re = c.counts_as_onsite_renewable(i);
    // A plant supplied through a grid connection counts in its import limit and monthly peak.
    const Index via = g.supplied_via.empty() ? -1 : g.supplied_via[k];
    const Index via_max = via >= 0 ? at(L.grid_via, via) : -1;
    const Index via_peak = via >= 0 ? at(L.grid_demand_charge, via) : -1;
    const GeneratorCost costs(c.net, i);  // fuel, carbon and delivery (commitment.cpp)
    const double co2_per_mwh = costs.output(0.0, 0.0, 0.0).co2_t;
    for (Index t = 0; t < c.T; ++t) {
      const double cost = c.weight(t) * costs.output(c.net, t).total_cny();
      if (ext >= 0)
        c.lp.column(cost, 0.0, kInf);
      else
        c.lp.column(cost, g.min_pu.at(i, t) * p_nom, g.availability_pu.at(i, t) * p_nom);
      c.lp.entry(bus_row0 + t, 1.0);
      if (ext >= 0) c.lp.entry(L.generator_max.at(ext, t), 1.0);
      if (min_row >= 0) c.lp.entry(L.generator_min.at(min_row, t), 1.0);
      if (via_max >= 0) c.lp.entry(L.grid_import_max.at(via_max, t), 1.0);
      if (via_peak >= 0) c.lp.entry(L.grid_peak.at(via_peak, t), 1.0);
      commitment_entries_of_output(c, i, t);
      c.co2(co2_per_mwh, t);
      c.green(green, t);
      if (onsite_re) c.self_consumption(1.0, t);
    }
  }
  c.lp.end_cols();

  L.generator_capacity = c.lp.begin_cols("generator_capacity", L.generator_max.components, 1);
  for (Index i = 0; i < g.size(); ++i) {
    const Index ext = at(L.generator_ext, i);
    if (ext < 0) {
      c.fixed_capacity_cost(cap, i);
      continue;
    }
    c.capacity_column(cap, i);
    for (Index t = 0; t < c.T; ++t)
      if (const double a = g.availability_pu.at(i, t); a != 0.0)
        c.lp.entry(L.generator_max.at(ext, t), -a);
    if (const Index m = at(L.generator_min_rows, i); m >= 0)
      for (Index t = 0; t < c.T; ++t)
        if (const double v = g.min_pu.at(i, t); v != 0.0) c.lp.entry(L.generator_min.at(m, t), -v);
    if (!L.self_consumption.empty() && c.counts_as_onsite_renewable(i))
      c.lp.entry(L.self_consumption.at(0),
                 -c.net.policy.min_self_consumption_share * c.available_mwh_per_mw(i));
    if (const Index e = at(L.com_ext, i); e >= 0) c.lp.entry(L.generator_units_link.at(e), 1.0);
  }
  c.lp.end_cols();
}

}  // namespace parkgrid::formulate
