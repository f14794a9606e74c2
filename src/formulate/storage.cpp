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
//
// Typical days with linked storage (Snapshots::storage_linked(), Kotzur et al. 2018; the
// mathematics in docs/formulation.md#storage-linking), for the components that are
// long_duration (the others cycle within each representative day): E(t) is the deviation of the
// state from
// its value at the start of t's representative day r (E(-1) = 0 in every day), and per
// component, with rho = (1-l)^h, B snapshots a day and calendar days d = 0..D-1:
//   *_inter_balance(s,d):     I(d+1) - rho^B I(d) - E(last snapshot of r(d)) = 0   (d < D-1)
//                             row D-1: I(0) - rho^B I(D-1) - E(last of r(D-1)) = 0 when cyclic,
//                             I(0) = initial state otherwise
//   *_intra_max / _min(s,t):  E(t) - U(r) <= 0,  E(t) - V(r) >= 0   (U >= 0 >= V)
//   *_inter_max(s,d):         I(d) + U(r(d)) - capacity <= 0
//   *_inter_min(s,d):         rho^B I(d) + V(r(d)) >= 0
#include <algorithm>
#include <cmath>

#include "formulate/context.hpp"

namespace parkgrid::formulate {
namespace {

// Entries of a state-of-charge column E(s,t) in the balance rows that start at `row0` (one per
// snapshot of this component): +1 in its own row, -retain in the next one. The state runs in
// blocks of `block` snapshots (the whole horizon, or one typical day); with `wrap` (cyclic) the
// last snapshot of a block feeds its first, without it a block starts from the right-hand side
// (the initial state, or 0 for the deviation of linked storage). Emitted in increasing row order.
void soc_entries(LpBuilder& lp, Row row0, Index t, Index block, double retain, bool wrap) {
  const Index first = t - t % block;  // first snapshot of t's block
  const bool last = t - first == block - 1;
  if (block == 1) {
    lp.entry(row0 + t, wrap ? 1.0 - retain : 1.0);
    return;
  }
  if (wrap && last) lp.entry(row0 + first, -retain);
  lp.entry(row0 + t, 1.0);
  if (!last) lp.entry(row0 + t + 1, -retain);
}

// The energy capacity of storage unit i when it is not a variable (a column bound), else kInf.
double storage_fixed_energy(const Network& net, const Layout& L, Index i) {
  const StorageUnits& s = net.storage_units;
  const auto k = static_cast<std::size_t>(i);
  if (at(L.storage_soc_max_rows, i) >= 0) return kInf;
  return s.max_hours[k] > 0.0 ? s.max_hours[k] * s.power_mw.existing[k] : s.energy_mwh.existing[k];
}

// The block a state runs in: a typical day when linked, or when cyclic on typical days; the
// whole horizon otherwise.
Index state_block(const Snapshots& s, Index T, bool cyclic, bool linked) {
  const Index cycle = s.cycle_snapshots;
  const bool days = cycle > 0 && cycle < T && T % cycle == 0;
  return days && (cyclic || linked) ? cycle : T;
}

// The calendar of linked storage: B snapshots a representative day, and the calendar days each
// representative day stands for, ascending.
struct Calendar {
  Index B = 0, R = 0, D = 0;
  const std::vector<Index>* representative = nullptr;  // of each calendar day
  std::vector<std::vector<Index>> days;                // of each representative day
  [[nodiscard]] Index rep(Index d) const { return (*representative)[static_cast<std::size_t>(d)]; }
};

Calendar calendar(const Snapshots& s, Index T) {
  Calendar k;
  if (!s.storage_linked()) return k;
  k.B = s.cycle_snapshots;
  k.R = T / k.B;
  k.D = static_cast<Index>(s.day_representative.size());
  k.representative = &s.day_representative;
  k.days.resize(static_cast<std::size_t>(k.R));
  for (Index d = 0; d < k.D; ++d) k.days[static_cast<std::size_t>(k.rep(d))].push_back(d);
  return k;
}

// Rows of linked storage for the components of one family (`name`: "storage_soc" or
// "store_energy") that are long_duration (`L.members`, set by the caller). `fixed_cap(i)`: the
// energy capacity when it is not a column, else kInf; `initial(i)`: the initial state of a
// non-cyclic component.
template <class Cyclic, class Initial, class FixedCap>
void declare_linked_rows(Context& c, const Calendar& k, LinkedStorage& L, const std::string& name,
                         Index n_linked, Cyclic&& cyclic, Initial&& initial, FixedCap&& fixed_cap) {
  if (k.D == 0) return;
  L.intra_max = c.lp.add_rows(name + "_intra_max", n_linked, c.T, -kInf, 0.0);
  L.intra_min = c.lp.add_rows(name + "_intra_min", n_linked, c.T, 0.0, kInf);
  L.inter_balance = c.lp.add_rows(name + "_inter_balance", n_linked, k.D, 0.0, 0.0);
  L.inter_max = c.lp.add_rows(name + "_inter_max", n_linked, k.D, -kInf, 0.0);
  L.inter_min = c.lp.add_rows(name + "_inter_min", n_linked, k.D, 0.0, kInf);
  for (Index i = 0; i < static_cast<Index>(L.members.size()); ++i) {
    const Index j = L.member(i);
    if (j < 0) continue;
    if (!cyclic(i)) c.lp.set_row_bounds(L.inter_balance.at(j, k.D - 1), initial(i), initial(i));
    const double cap = fixed_cap(i);
    if (cap < kInf)
      for (Index d = 0; d < k.D; ++d) c.lp.set_row_bounds(L.inter_max.at(j, d), -kInf, cap);
  }
}

// The linked-storage entries of the state column E(i,t), after its balance entries.
// `j`: the component's index in the linked blocks.
void linked_state_entries(Context& c, const Calendar& k, const LinkedStorage& L, Index j, Index t,
                          bool cyclic) {
  c.lp.entry(L.intra_max.at(j, t), 1.0);
  c.lp.entry(L.intra_min.at(j, t), 1.0);
  if (t % k.B != k.B - 1) return;  // only a day's last snapshot carries into the next day
  for (Index d : k.days[static_cast<std::size_t>(t / k.B)])
    if (cyclic || d < k.D - 1) c.lp.entry(L.inter_balance.at(j, d), -1.0);
}

// The columns of linked storage: I(j,d), U(j,r), V(j,r) of every linked component j.
template <class Cyclic, class Retain, class FixedCap>
void add_linked_columns(Context& c, const Calendar& k, LinkedStorage& L, const std::string& name,
                        Cyclic&& cyclic, Retain&& retain, FixedCap&& fixed_cap) {
  if (k.D == 0) return;
  const Index n = L.intra_max.components;
  std::vector<Index> linked(static_cast<std::size_t>(n));  // linked index -> component
  for (Index i = 0; i < static_cast<Index>(L.members.size()); ++i)
    if (const Index j = L.member(i); j >= 0) linked[static_cast<std::size_t>(j)] = i;
  std::vector<std::pair<Row, double>> e;  // rows of one column, sorted and merged
  L.inter = c.lp.begin_cols(name + "_inter", n, k.D);
  for (Index j = 0; j < n; ++j) {
    const Index i = linked[static_cast<std::size_t>(j)];
    const double day_retain = std::pow(retain(i), static_cast<double>(k.B));
    for (Index d = 0; d < k.D; ++d) {
      c.lp.column(0.0, 0.0, fixed_cap(i));
      e.clear();
      if (d >= 1) e.emplace_back(L.inter_balance.at(j, d - 1), 1.0);
      if (d < k.D - 1 || cyclic(i)) e.emplace_back(L.inter_balance.at(j, d), -day_retain);
      if (d == 0) e.emplace_back(L.inter_balance.at(j, k.D - 1), 1.0);
      std::sort(e.begin(), e.end());
      for (std::size_t m = 0; m < e.size(); ++m) {
        double v = e[m].second;
        while (m + 1 < e.size() && e[m + 1].first == e[m].first) v += e[++m].second;
        if (v != 0.0) c.lp.entry(e[m].first, v);
      }
      c.lp.entry(L.inter_max.at(j, d), 1.0);
      c.lp.entry(L.inter_min.at(j, d), day_retain);
    }
  }
  c.lp.end_cols();
  for (const bool high : {true, false}) {
    const RowBlock& intra = high ? L.intra_max : L.intra_min;
    const RowBlock& inter = high ? L.inter_max : L.inter_min;
    ColBlock& col = high ? L.intra_high : L.intra_low;
    col = c.lp.begin_cols(name + (high ? "_intra_high" : "_intra_low"), n, k.R);
    for (Index j = 0; j < n; ++j)
      for (Index r = 0; r < k.R; ++r) {
        c.lp.column(0.0, high ? 0.0 : -kInf, high ? kInf : 0.0);
        for (Index t = r * k.B; t < (r + 1) * k.B; ++t) c.lp.entry(intra.at(j, t), -1.0);
        for (Index d : k.days[static_cast<std::size_t>(r)]) c.lp.entry(inter.at(j, d), 1.0);
      }
    c.lp.end_cols();
  }
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
  const Calendar k = calendar(c.net.snapshots, c.T);
  Index n_linked = 0;
  L.storage_linked = {};
  L.storage_linked.members = subset(
      s.size(), [&](Index i) { return k.D > 0 && s.long_duration(i); }, n_linked);
  declare_linked_rows(
      c, k, L.storage_linked, "storage_soc", n_linked,
      [&](Index i) { return s.cyclic[idx(i)] != 0; },
      [&](Index i) { return s.initial_soc_mwh[idx(i)]; },
      [&](Index i) { return storage_fixed_energy(c.net, L, i); });
  for (Index i = 0; i < s.size(); ++i) {
    // Cyclic, or linked: the initial state is I(0).
    if (s.cyclic[idx(i)] || L.storage_linked.member(i) >= 0) continue;
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
  Index n_store_linked = 0;
  L.store_linked = {};
  L.store_linked.members = subset(
      st.size(), [&](Index i) { return k.D > 0 && st.long_duration(i); }, n_store_linked);
  declare_linked_rows(
      c, k, L.store_linked, "store_energy", n_store_linked,
      [&](Index i) { return st.cyclic[idx(i)] != 0; },
      [&](Index i) { return st.initial_energy_mwh[idx(i)]; },
      [&](Index i) { return at(L.store_ext, i) >= 0 ? kInf : st.energy_mwh.existing[idx(i)]; });
  for (Index i = 0; i < st.size(); ++i) {
    if (st.cyclic[idx(i)] || L.store_linked.member(i) >= 0) continue;
    const double retain = std::pow(1.0 - st.standing_loss_per_hour[idx(i)], c.step());
    const double rhs = retain * st.initial_energy_mwh[idx(i)];
    c.lp.set_row_bounds(L.store_balance.at(i, 0), rhs, rhs);
  }
}

void add_storage_columns(Context& c) {
  const StorageUnits& s = c.net.storage_units;
  Layout& L = c.layout;
  const double h = c.step();
  const Snapshots& snap = c.net.snapshots;
  const Calendar k = calendar(snap, c.T);
  const auto idx = [](Index i) { return static_cast<std::size_t>(i); };
  const Index S = s.size();

  // Fixed power (and energy) become column bounds; extendable ones go through rows.
  auto power_bound = [&](Index i) {
    return s.power_mw.extendable[idx(i)] ? kInf : s.power_mw.existing[idx(i)];
  };
  auto energy_bound = [&](Index i) { return storage_fixed_energy(c.net, L, i); };
  auto storage_retain = [&](Index i) {
    return std::pow(1.0 - s.standing_loss_per_hour[idx(i)], h);
  };

  L.storage_charge = c.lp.begin_cols("storage_charge", S, c.T);
  for (Index i = 0; i < S; ++i) {
    const auto bus0 = L.bus_balance.at(s.bus[idx(i)]);
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
    const auto bus0 = L.bus_balance.at(s.bus[idx(i)]);
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

  // Linked (typical days): the deviation from the state at the start of the day, of either sign.
  L.storage_soc = c.lp.begin_cols("storage_soc", S, c.T);
  for (Index i = 0; i < S; ++i) {
    const Index m = at(L.storage_soc_max_rows, i);
    const double up = energy_bound(i);
    const double retain = storage_retain(i);
    const auto row0 = L.storage_soc_balance.at(i);
    const bool cyclic = s.cyclic[idx(i)] != 0;
    const Index j = L.storage_linked.member(i);
    const Index block = state_block(snap, c.T, cyclic, j >= 0);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(0.0, j >= 0 ? -up : 0.0, up);
      if (m >= 0) c.lp.entry(L.storage_soc_max.at(m, t), 1.0);
      soc_entries(c.lp, row0, t, block, retain, cyclic && j < 0);
      if (j >= 0) linked_state_entries(c, k, L.storage_linked, j, t, cyclic);
    }
  }
  c.lp.end_cols();
  add_linked_columns(
      c, k, L.storage_linked, "storage_soc", [&](Index i) { return s.cyclic[idx(i)] != 0; },
      storage_retain, energy_bound);

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
    if (s.max_hours[idx(i)] > 0.0) {
      for (Index t = 0; t < c.T; ++t)
        c.lp.entry(L.storage_soc_max.at(at(L.storage_soc_max_rows, i), t), -s.max_hours[idx(i)]);
      if (const Index j = L.storage_linked.member(i); j >= 0)
        for (Index d = 0; d < k.D; ++d)
          c.lp.entry(L.storage_linked.inter_max.at(j, d), -s.max_hours[idx(i)]);
    }
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
    if (const Index j = L.storage_linked.member(i); j >= 0)
      for (Index d = 0; d < k.D; ++d) c.lp.entry(L.storage_linked.inter_max.at(j, d), -1.0);
  }
  c.lp.end_cols();

  // Stores.
  const Stores& st = c.net.stores;
  L.store_dispatch = c.lp.begin_cols("store_dispatch", st.size(), c.T);
  for (Index i = 0; i < st.size(); ++i) {
    const auto bus0 = L.bus_balance.at(st.bus[idx(i)]);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(c.weight(t) * st.marginal_cost_cny_per_mwh[idx(i)], -kInf, kInf);
      c.lp.entry(bus0 + t, 1.0);
      c.lp.entry(L.store_balance.at(i, t), h);
    }
  }
  c.lp.end_cols();

  auto store_up = [&](Index i) {
    return at(L.store_ext, i) >= 0 ? kInf : st.energy_mwh.existing[idx(i)];
  };
  auto store_retain = [&](Index i) { return std::pow(1.0 - st.standing_loss_per_hour[idx(i)], h); };
  L.store_energy = c.lp.begin_cols("store_energy", st.size(), c.T);
  for (Index i = 0; i < st.size(); ++i) {
    const Index e = at(L.store_ext, i);
    const double up = store_up(i);
    const double retain = store_retain(i);
    const auto row0 = L.store_balance.at(i);
    const bool cyclic = st.cyclic[idx(i)] != 0;
    const Index j = L.store_linked.member(i);
    const Index block = state_block(snap, c.T, cyclic, j >= 0);
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(0.0, j >= 0 ? -up : 0.0, up);
      if (e >= 0) c.lp.entry(L.store_energy_max.at(e, t), 1.0);
      soc_entries(c.lp, row0, t, block, retain, cyclic && j < 0);
      if (j >= 0) linked_state_entries(c, k, L.store_linked, j, t, cyclic);
    }
  }
  c.lp.end_cols();
  add_linked_columns(
      c, k, L.store_linked, "store_energy", [&](Index i) { return st.cyclic[idx(i)] != 0; },
      store_retain, store_up);

  L.store_capacity = c.lp.begin_cols("store_capacity", L.store_energy_max.components, 1);
  for (Index i = 0; i < st.size(); ++i) {
    const Index e = at(L.store_ext, i);
    if (e < 0) {
      c.fixed_capacity_cost(st.energy_mwh, i);
      continue;
    }
    c.capacity_column(st.energy_mwh, i);
    for (Index t = 0; t < c.T; ++t) c.lp.entry(L.store_energy_max.at(e, t), -1.0);
    if (const Index j = L.store_linked.member(i); j >= 0)
      for (Index d = 0; d < k.D; ++d) c.lp.entry(L.store_linked.inter_max.at(j, d), -1.0);
  }
  c.lp.end_cols();
}

}  // namespace parkgrid::formulate
