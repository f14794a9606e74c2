// Storage units (power and energy) and stores (energy only).
//   storage_soc_balance(s,t): E(t) - (1-l)^h E(t-1) - eta_c h c(t) + (h / eta_d) d(t) = 0
//                             (t = 0: E(-1) is E(T-1) when cyclic, else the initial state,
//                              which moves to the right-hand side; with typical days,
//                              Snapshots::cycle_snapshots = 24, a cyclic state wraps within
//                              each day: E(-1) of a day's first hour is E of its last hour)
//   storage_charge_max / storage_discharge_max(s,t): c(t) - P <= 0, d(t) - P <= 0
//   storage_soc_max(s,t):     E(t) - H P <= 0 (max_hours H > 0) or E(t) - E_cap <= 0
//   store_balance(s,t):       e(t) - (1-l)^h e(t-1) + h p(t) = 0     (p > 0: energy leaves)
//   store_energy_max(s,t):    e(t) - E_cap <= 0
#include <algorithm>
#include <cmath>

#include "formulate/context.hpp"

namespace parkgrid::formulate {
namespace {

// Entries of a state-of-charge column E(s,t) in the balance rows that start at `row0` (one per
// snapshot of this component): +1 in its own row, -retain in the next one. A cyclic state runs
// in blocks of `cycle` snapshots (the whole horizon, or one typical day: Snapshots::
// cycle_snapshots), the last snapshot of a block feeding its first; a non-cyclic state runs
// through the whole horizon from its initial state. Emitted in increasing row order.
void soc_entries(LpBuilder& lp, Index row0, Index t, Index T, Index cycle, double retain,
                 bool cyclic) {
  const Index block = cyclic && cycle > 0 && cycle < T && T % cycle == 0 ? cycle : T;
  const Index first = t - t % block;  // first snapshot of t's block
  const bool last = t - first == block - 1;
  if (block == 1) {
    lp.entry(row0 + t, cyclic ? 1.0 - retain : 1.0);
    return;
  }
  if (cyclic && last) lp.entry(row0 + first, -retain);
  lp.entry(row0 + t, 1.0);
  if (!last) lp.entry(row0 + t + 1, -retain);
}

}  // namespace

void declare_storage_rows(Context& c) {
  const StorageUnits& s = c.net.storage_units;
  Layout& L = c.layout;
  const auto idx = [](Index i) { return static_cast<std::size_t>(i); };
  Index n_power = 0, n_energy = 0, n_soc_max = 0;
  L.storage_power_ext = subset(
      s.size(), [&](Index i) { return s.power_mw.extendable[idx(i)] != 0; }, n_power);
  L.storage_energy_ext = subset(
      s.size(),
      [&](Index i) { return s.max_hours[idx(i)] == 0.0 && s.energy_mwh.extendable[idx(i)]; },
      n_energy);
  L.storage_soc_max_rows = subset(
      s.size(),
      [&](Index i) {
        return s.max_hours[idx(i)] > 0.0 ? s.power_mw.extendable[idx(i)] != 0
                                         : s.energy_mwh.extendable[idx(i)] != 0;
      },
      n_soc_max);
  L.storage_charge_max = c.lp.add_rows("storage_charge_max", n_power, c.T, -kInf, 0.0);
  L.storage_discharge_max = c.lp.add_rows("storage_discharge_max", n_power, c.T, -kInf, 0.0);
  L.storage_soc_max = c.lp.add_rows("storage_soc_max", n_soc_max, c.T, -kInf, 0.0);
  L.storage_soc_balance = c.lp.add_rows("storage_soc_balance", s.size(), c.T, 0.0, 0.0);
  for (Index i = 0; i < s.size(); ++i) {
    if (s.cyclic[idx(i)]) continue;
    const double retain = std::pow(1.0 - s.standing_loss_per_hour[idx(i)], c.step());
    const double rhs = retain * s.initial_soc_mwh[idx(i)];
    c.lp.set_row_bounds(L.storage_soc_balance.at(i, 0), rhs, rhs);
  }

  const Stores& st = c.net.stores;
  Index n_store = 0;
  L.store_ext = subset(
      st.size(), [&](Index i) { return st.energy_mwh.extendable[idx(i)] != 0; }, n_store);
  L.store_energy_max = c.lp.add_rows("store_energy_max", n_store, c.T, -kInf, 0.0);
  L.store_balance = c.lp.add_rows("store_balance", st.size(), c.T, 0.0, 0.0);
  for (Index i = 0; i < st.size(); ++i) {
    if (st.cyclic[idx(i)]) continue;
    const double retain = std::pow(1.0 - st.standing_loss_per_hour[idx(i)], c.step());
    const double rhs = retain * st.initial_energy_mwh[idx(i)];
    c.lp.set_row_bounds(L.store_balance.at(i, 0), rhs, rhs);
  }
}

void add_storage_columns(Context& c) {
  const StorageUnits& s = c.net.storage_units;
  Layout& L = c.layout;
  const double h = c.step();
  const Index cycle = c.net.snapshots.cycle_snapshots;
  const auto idx = [](Index i) { return static_cast<std::size_t>(i); };
  const Index S = s.size();

  // Fixed power (and energy) become column bounds; extendable ones go through rows.
  auto power_bound = [&](Index i) {
    return s.power_mw.extendable[idx(i)] ? kInf : s.power_mw.existing[idx(i)];
  };
  auto energy_bound = [&](Index i) {
    if (at(L.storage_soc_max_rows, i) >= 0) return kInf;
    return s.max_hours[idx(i)] > 0.0 ? s.max_hours[idx(i)] * s.power_mw.existing[idx(i)]
                                     : s.energy_mwh.existing[idx(i)];
  };

  L.storage_charge = c.lp.begin_cols("storage_charge", S, c.T);
  for (Index i = 0; i < S; ++i) {
    const Index bus0 = L.bus_balance.at(s.bus[idx(i)]);
    const Index p = at(L.storage_power_ext, i);
    const double up = power_bound(i);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(0.0, 0.0, up);
      c.lp.entry(bus0 + t, -1.0);
      if (p >= 0) c.lp.entry(L.storage_charge_max.at(p, t), 1.0);
      c.lp.entry(L.storage_soc_balance.at(i, t), -s.efficiency_charge[idx(i)] * h);
    }
  }
  c.lp.end_cols();

  L.storage_discharge = c.lp.begin_cols("storage_discharge", S, c.T);
  for (Index i = 0; i < S; ++i) {
    const Index bus0 = L.bus_balance.at(s.bus[idx(i)]);
    const Index p = at(L.storage_power_ext, i);
    const double up = power_bound(i);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(c.weight(t) * s.marginal_cost_cny_per_mwh[idx(i)], 0.0, up);
      c.lp.entry(bus0 + t, 1.0);
      if (p >= 0) c.lp.entry(L.storage_discharge_max.at(p, t), 1.0);
      c.lp.entry(L.storage_soc_balance.at(i, t), h / s.efficiency_discharge[idx(i)]);
    }
  }
  c.lp.end_cols();

  L.storage_soc = c.lp.begin_cols("storage_soc", S, c.T);
  for (Index i = 0; i < S; ++i) {
    const Index m = at(L.storage_soc_max_rows, i);
    const double up = energy_bound(i);
    const double retain = std::pow(1.0 - s.standing_loss_per_hour[idx(i)], h);
    const Index row0 = L.storage_soc_balance.at(i);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(0.0, 0.0, up);
      if (m >= 0) c.lp.entry(L.storage_soc_max.at(m, t), 1.0);
      soc_entries(c.lp, row0, t, c.T, cycle, retain, s.cyclic[idx(i)] != 0);
    }
  }
  c.lp.end_cols();

  L.storage_power_capacity =
      c.lp.begin_cols("storage_power_capacity", L.storage_charge_max.components, 1);
  for (Index i = 0; i < S; ++i) {
    const Index p = at(L.storage_power_ext, i);
    if (p < 0) {
      c.fixed_capacity_cost(s.power_mw, i);
      continue;
    }
    c.capacity_column(s.power_mw, i);
    for (Index t = 0; t < c.T; ++t) c.lp.entry(L.storage_charge_max.at(p, t), -1.0);
    for (Index t = 0; t < c.T; ++t) c.lp.entry(L.storage_discharge_max.at(p, t), -1.0);
    if (s.max_hours[idx(i)] > 0.0)
      for (Index t = 0; t < c.T; ++t)
        c.lp.entry(L.storage_soc_max.at(at(L.storage_soc_max_rows, i), t), -s.max_hours[idx(i)]);
  }
  c.lp.end_cols();

  Index n_energy = 0;
  for (Index i = 0; i < S; ++i) n_energy += at(L.storage_energy_ext, i) >= 0;
  L.storage_energy_capacity = c.lp.begin_cols("storage_energy_capacity", n_energy, 1);
  for (Index i = 0; i < S; ++i) {
    if (s.max_hours[idx(i)] > 0.0) continue;  // energy follows power: no own capacity
    if (at(L.storage_energy_ext, i) < 0) {
      c.fixed_capacity_cost(s.energy_mwh, i);
      continue;
    }
    c.capacity_column(s.energy_mwh, i);
    for (Index t = 0; t < c.T; ++t)
      c.lp.entry(L.storage_soc_max.at(at(L.storage_soc_max_rows, i), t), -1.0);
  }
  c.lp.end_cols();

  // Stores.
  const Stores& st = c.net.stores;
  L.store_dispatch = c.lp.begin_cols("store_dispatch", st.size(), c.T);
  for (Index i = 0; i < st.size(); ++i) {
    const Index bus0 = L.bus_balance.at(st.bus[idx(i)]);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(c.weight(t) * st.marginal_cost_cny_per_mwh[idx(i)], -kInf, kInf);
      c.lp.entry(bus0 + t, 1.0);
      c.lp.entry(L.store_balance.at(i, t), h);
    }
  }
  c.lp.end_cols();

  L.store_energy = c.lp.begin_cols("store_energy", st.size(), c.T);
  for (Index i = 0; i < st.size(); ++i) {
    const Index e = at(L.store_ext, i);
    const double up = e >= 0 ? kInf : st.energy_mwh.existing[idx(i)];
    const double retain = std::pow(1.0 - st.standing_loss_per_hour[idx(i)], h);
    const Index row0 = L.store_balance.at(i);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(0.0, 0.0, up);
      if (e >= 0) c.lp.entry(L.store_energy_max.at(e, t), 1.0);
      soc_entries(c.lp, row0, t, c.T, cycle, retain, st.cyclic[idx(i)] != 0);
    }
  }
  c.lp.end_cols();

  L.store_capacity = c.lp.begin_cols("store_capacity", L.store_energy_max.components, 1);
  for (Index i = 0; i < st.size(); ++i) {
    const Index e = at(L.store_ext, i);
    if (e < 0) {
      c.fixed_capacity_cost(st.energy_mwh, i);
      continue;
    }
    c.capacity_column(st.energy_mwh, i);
    for (Index t = 0; t < c.T; ++t) c.lp.entry(L.store_energy_max.at(e, t), -1.0);
  }
  c.lp.end_cols();
}

}  // namespace parkgrid::formulate
