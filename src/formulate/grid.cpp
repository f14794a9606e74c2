// Grid connections: import i(c,t) in [0, I_max] at the buy price, export x(c,t) in [0, X_max] at
// the export price s(c,t) + m(c) x (P_m(c) - R(c,t)) (the sell price plus the 136号 mechanism
// settlement on the share m of the exports: mechanism price P_m against the reference price R),
// and a monthly peak column per connection with a demand charge:
//   grid_peak(c,t): i(c,t) + V(c,t) - peak(c, month(t)) <= 0,  cost 1000 x CNY/kW·month per MW
// where V(c,t) is the output of generators supplied through connection c (plants outside the
// park selling to it); with such generators the import limit becomes a row:
//   grid_import_max(c,t): i(c,t) + V(c,t) <= I_max.
// On typical days (Snapshots::represented_months), a representative day r stands for days of
// several months, and each of those months' peak is at least the highest import of r. The
// day's peak is a column D(c,r) at no cost, and each month m of the days r stands for gets a row:
//   grid_peak(c,t):           i(c,t) + V(c,t) - D(c, day(t)) <= 0
//   grid_peak_month(c,(r,m)): D(c,r) - peak(c,m) <= 0
// with peak(c,m) over the full horizon's months, so every month is charged as in the full year.
#include <algorithm>
#include <stdexcept>

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
  const Snapshots& snap = c.net.snapshots;
  if (!snap.represented_months.empty()) {
    const auto days = static_cast<Index>(snap.represented_months.size());
    if (c.T % days != 0)
      throw std::logic_error("represented_months needs days of equally many snapshots");
    Index pairs = 0;
    for (const auto& months : snap.represented_months) pairs += static_cast<Index>(months.size());
    L.grid_peak_month = c.lp.add_rows("grid_peak_month", n, pairs, -kInf, 0.0);
  }
}

namespace {

// The day-peak columns D(c,r) and the month-peak columns peak(c,m) of typical days.
void add_typical_day_peaks(Context& c) {
  const GridConnections& g = c.net.grid;
  Layout& L = c.layout;
  const Snapshots& snap = c.net.snapshots;
  const auto& rep = snap.represented_months;
  const auto days = static_cast<Index>(rep.size());
  const Index cycle = c.T / days;  // snapshots per representative day
  L.grid_day_peak_mw = c.lp.begin_cols("grid_day_peak_mw", L.grid_peak.components, days);
  for (Index i = 0; i < g.size(); ++i) {
    const Index peak = at(L.grid_demand_charge, i);
    if (peak < 0) continue;
    Index pair = 0;
    for (Index r = 0; r < days; ++r) {
      c.lp.column(0.0, 0.0, kInf);
      for (Index t = r * cycle; t < (r + 1) * cycle; ++t) c.lp.entry(L.grid_peak.at(peak, t), -1.0);
      for (std::size_t k = 0; k < rep[static_cast<std::size_t>(r)].size(); ++k)
        c.lp.entry(L.grid_peak_month.at(peak, pair++), 1.0);
    }
  }
  c.lp.end_cols();
  L.grid_peak_mw = c.lp.begin_cols("grid_peak_mw", L.grid_peak.components, snap.num_months);
  for (Index i = 0; i < g.size(); ++i) {
    const Index peak = at(L.grid_demand_charge, i);
    if (peak < 0) continue;
    const double cost_per_mw =
        1000.0 * g.demand_charge_cny_per_kw_month[static_cast<std::size_t>(i)];
    for (Index m = 0; m < snap.num_months; ++m) {
      c.lp.column(cost_per_mw, 0.0, kInf);
      Index pair = 0;
      for (const auto& months : rep)
        for (const Index month : months) {
          if (month == m) c.lp.entry(L.grid_peak_month.at(peak, pair), -1.0);
          ++pair;
        }
    }
  }
  c.lp.end_cols();
}

}  // namespace

void add_grid_columns(Context& c) {
  const GridConnections& g = c.net.grid;
  Layout& L = c.layout;
  const double carbon_price = c.net.policy.carbon_price_cny_per_t;
  const double alpha = c.green_target();

  L.grid_import = c.lp.begin_cols("grid_import", g.size(), c.T);
  for (Index i = 0; i < g.size(); ++i) {
    const auto s = static_cast<std::size_t>(i);
    const auto bus0 = L.bus_balance.at(g.bus[s]);
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
    const auto bus0 = L.bus_balance.at(g.bus[s]);
    // Exported energy is taken from the renewable side first (conservative green share).
    const bool electric = c.electric(g.bus[s]);
    const double green = electric ? -(1.0 - alpha) : 0.0;
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(-c.weight(t) * g.export_price_cny_per_mwh(i, t), 0.0, g.export_max_mw[s]);
      c.lp.entry(bus0 + t, -1.0);
      c.green(green, t);
      if (electric) c.self_consumption(-1.0, t);
    }
  }
  c.lp.end_cols();

  const Snapshots& snap = c.net.snapshots;
  const Index M = snap.num_months;
  if (!snap.represented_months.empty()) {
    add_typical_day_peaks(c);
    return;
  }
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
