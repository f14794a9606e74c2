// Links: input q(l,t) taken from from_bus, eta(l,t) q(l,t) delivered to to_bus and
// eta_k(l,t) q(l,t) to each further output bus k (to_bus2, to_bus3; PyPSA's bus2, bus3). q is
// negative when min_pu < 0 lets the link run backwards (every flow reversed, as in PyPSA).
//   link_max(l,t): q(l,t) - max_pu(l,t) P(l) <= 0     (extendable l)
//   link_min(l,t): q(l,t) - min_pu(l,t) P(l) >= 0     (extendable l with a minimum)
#include "formulate/context.hpp"

namespace parkgrid::formulate {

void declare_link_rows(Context& c) {
  const Links& k = c.net.links;
  Layout& L = c.layout;
  Index n_ext = 0, n_min = 0;
  L.link_ext = subset(
      k.size(), [&](Index i) { return k.capacity_mw.extendable[static_cast<std::size_t>(i)] != 0; },
      n_ext);
  L.link_min_rows = subset(
      k.size(),
      [&](Index i) {
        return k.capacity_mw.extendable[static_cast<std::size_t>(i)] && k.min_pu.any_nonzero(i);
      },
      n_min);
  L.link_max = c.lp.add_rows("link_max", n_ext, c.T, -kInf, 0.0);
  L.link_min = c.lp.add_rows("link_min", n_min, c.T, 0.0, kInf);
}

void add_link_columns(Context& c) {
  const Links& k = c.net.links;
  Layout& L = c.layout;
  L.link_p = c.lp.begin_cols("link_p", k.size(), c.T);
  for (Index i = 0; i < k.size(); ++i) {
    const auto s = static_cast<std::size_t>(i);
    const auto from0 = L.bus_balance.at(k.from_bus[s]);
    const auto to0 = L.bus_balance.at(k.to_bus[s]);
    const Index ext = at(L.link_ext, i);
    const Index min_row = at(L.link_min_rows, i);
    const double p_nom = k.capacity_mw.existing[s];
    for (Index t = 0; t < c.T; ++t) {
      const double cost = c.weight(t) * k.marginal_cost_cny_per_mwh[s];
      if (ext >= 0)  // link_min bounds it below; a negative min_pu lets q go negative
        c.lp.column(cost, k.min_pu.at(i, t) < 0.0 ? -kInf : 0.0, kInf);
      else
        c.lp.column(cost, k.min_pu.at(i, t) * p_nom, k.max_pu.at(i, t) * p_nom);
      c.lp.entry(from0 + t, -1.0);
      c.lp.entry(to0 + t, k.efficiency.at(i, t));
      for (int o = 0; o < Links::kExtraOutputs; ++o)
        if (const Index b = k.output_bus(o, i); b >= 0)
          if (const double eta = k.output_efficiency(o, i, t); eta != 0.0)
            c.lp.entry(L.bus_balance.at(b) + t, eta);
      if (ext >= 0) c.lp.entry(L.link_max.at(ext, t), 1.0);
      if (min_row >= 0) c.lp.entry(L.link_min.at(min_row, t), 1.0);
    }
  }
  c.lp.end_cols();

  L.link_capacity = c.lp.begin_cols("link_capacity", L.link_max.components, 1);
  for (Index i = 0; i < k.size(); ++i) {
    const Index ext = at(L.link_ext, i);
    if (ext < 0) {
      c.fixed_capacity_cost(k.capacity_mw, i);
      continue;
    }
    c.capacity_column(k.capacity_mw, i);
    for (Index t = 0; t < c.T; ++t)
      if (const double v = k.max_pu.at(i, t); v != 0.0) c.lp.entry(L.link_max.at(ext, t), -v);
    if (const Index m = at(L.link_min_rows, i); m >= 0)
      for (Index t = 0; t < c.T; ++t)
        if (const double v = k.min_pu.at(i, t); v != 0.0) c.lp.entry(L.link_min.at(m, t), -v);
  }
  c.lp.end_cols();
}

}  // namespace parkgrid::formulate
