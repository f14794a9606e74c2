// Grid connections: import i(c,t) in [0, I_max] at the buy price, export x(c,t) in [0, X_max] at
// the sell price, and a monthly peak column per connection with a demand charge:
//   grid_peak(c,t): i(c,t) + V(c,t) - peak(c, month(t)) <= 0,  cost 1000 x CNY/kW·month per MW
// where V(c,t) is the output of generators supplied through connection c (plants outside the
// park selling to it); with such generators the import limit becomes a row:
//   grid_import_max(c,t): i(c,t) + V(c,t) <= I_max.
#include <algorithm>

#include "formulate/context.hpp"

namespace parkgrid::formulate {

void declare_grid_rows(Context& c) {
  const GridConnections& g = c.net.grid;
  Layout& L = c.layout;
  Index n = 0;
  L.grid_demand_charge = subset(
      g.size(),
      [&](Index i) { return g.demand_charge_cny_per_kw_month[static_cast<std::size_t>(i)] > 0.0; },
      n);
  Index n_via = 0;
  L.grid_via = subset(
      g.size(),
      [&](Index i) {
        const auto& via = c.net.generators.supplied_via;
        return std::find(via.begin(), via.end(), i) != via.end();
      },
      n_via);
  L.grid_import_max = c.lp.add_rows("grid_import_max", n_via, c.T, -kInf, kInf);
  for (Index i = 0; i < g.size(); ++i)
    if (const Index v = at(L.grid_via, i); v >= 0)
      for (Index t = 0; t < c.T; ++t)
        c.lp.set_row_bounds(L.grid_import_max.at(v, t), -kInf,
                            g.import_max_mw[static_cast<std::size_t>(i)]);
  L.grid_peak = c.lp.add_rows("grid_peak", n, c.T, -kInf, 0.0);
}

void add_grid_columns(Context& c) {
  const GridConnections& g = c.net.grid;
  Layout& L = c.layout;
  const double carbon_price = c.net.policy.carbon_price_cny_per_t;
  const double alpha = c.green_target();

  L.grid_import = c.lp.begin_cols("grid_import", g.size(), c.T);
  for (Index i = 0; i < g.size(); ++i) {
    const auto s = static_cast<std::size_t>(i);
    const Index bus0 = L.bus_balance.at(g.bus[s]);
    const Index peak = at(L.grid_demand_charge, i);
    const Index via = at(L.grid_via, i);
    const double green = c.electric(g.bus[s]) ? -alpha : 0.0;
    for (Index t = 0; t < c.T; ++t) {
      const double price = g.buy_price_cny_per_mwh.at(i, t) + carbon_price * g.co2_t_per_mwh[s];
      c.lp.column(c.weight(t) * price, 0.0, via >= 0 ? kInf : g.import_max_mw[s]);
      c.lp.entry(bus0 + t, 1.0);
      if (via >= 0) c.lp.entry(L.grid_import_max.at(via, t), 1.0);
      if (peak >= 0) c.lp.entry(L.grid_peak.at(peak, t), 1.0);
      c.co2(g.co2_t_per_mwh[s], t);
      c.green(green, t);
    }
  }
  c.lp.end_cols();

  L.grid_export = c.lp.begin_cols("grid_export", g.size(), c.T);
  for (Index i = 0; i < g.size(); ++i) {
    const auto s = static_cast<std::size_t>(i);
    const Index bus0 = L.bus_balance.at(g.bus[s]);
    // Exported energy is taken from the renewable side first (conservative green share).
    const bool electric = c.electric(g.bus[s]);
    const double green = electric ? -(1.0 - alpha) : 0.0;
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(-c.weight(t) * g.sell_price_cny_per_mwh.at(i, t), 0.0, g.export_max_mw[s]);
      c.lp.entry(bus0 + t, -1.0);
      c.green(green, t);
      if (electric) c.self_consumption(-1.0, t);
    }
  }
  c.lp.end_cols();

  const Snapshots& snap = c.net.snapshots;
  const Index M = snap.num_months;
  L.grid_peak_mw = c.lp.begin_cols("grid_peak_mw", L.grid_peak.components, M);
  for (Index i = 0; i < g.size(); ++i) {
    const Index peak = at(L.grid_demand_charge, i);
    if (peak < 0) continue;
    const double cost_per_mw =
        1000.0 * g.demand_charge_cny_per_kw_month[static_cast<std::size_t>(i)];
    Index t = 0;
    for (Index m = 0; m < M; ++m) {
      c.lp.column(cost_per_mw, 0.0, kInf);
      for (; t < c.T && snap.month[static_cast<std::size_t>(t)] == m; ++t)
        c.lp.entry(L.grid_peak.at(peak, t), -1.0);
    }
  }
  c.lp.end_cols();
}

}  // namespace parkgrid::formulate
