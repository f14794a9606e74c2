// The build in order: rows of every family first (so each knows where the others' rows are),
// then the columns family by family, each written with all its nonzeros at once.
#include "formulate/context.hpp"

namespace parkgrid::formulate {
namespace {

// An upper bound on the number of nonzeros, to size the arrays once.
std::size_t nnz_bound(const Network& n) {
  const auto T = static_cast<std::size_t>(n.snapshot_count());
  const auto sz = [](Index v) { return static_cast<std::size_t>(v); };
  std::size_t per_t = 5 * sz(n.generators.size()) + 2 * sz(n.generators.size());  // p + capacity
  per_t += 3 * 3 * sz(n.storage_units.size()) + 3 * sz(n.storage_units.size());
  per_t += 5 * sz(n.stores.size()) + sz(n.stores.size());
  per_t += 4 * sz(n.links.size()) + 2 * sz(n.links.size());
  for (Index l = 0; l < n.links.size(); ++l)  // further outputs (to_bus2, to_bus3)
    for (int o = 0; o < Links::kExtraOutputs; ++o) per_t += n.links.output_bus(o, l) >= 0 ? 1 : 0;
  for (Index g = 0; g < n.generators.size(); ++g)  // chp_heat and its late entries
    if (n.generators.extracts_heat(g)) per_t += 7;
  per_t += 7 * sz(n.grid.size());
  for (Index g = 0; g < n.generators.size(); ++g)  // unit commitment: p, u, su, sd entries
    if (uses_commitment(n, g)) per_t += n.generators.retrofittable(g) ? 45 : 40;
  return per_t * T;
}

}  // namespace

Model build(const Network& net) {
  Model m;
  Layout& L = m.layout;
  const Index T = net.snapshot_count();
  L.snapshots = T;
  LpBuilder lp(m.lp);
  const auto n = [](Index v) { return static_cast<std::size_t>(v); };
  const std::size_t cols_per_t = n(net.generators.size()) + 3 * n(net.storage_units.size()) +
                                 2 * n(net.stores.size()) + n(net.links.size()) +
                                 2 * n(net.grid.size());
  const std::size_t rows_per_t = n(net.buses.size()) + 2 * n(net.generators.size()) +
                                 4 * n(net.storage_units.size()) + 2 * n(net.stores.size()) +
                                 2 * n(net.links.size()) + n(net.grid.size());
  lp.reserve(cols_per_t * n(T) + 64 * n(net.grid.size()) + 1024, rows_per_t * n(T) + 2,
             nnz_bound(net));
  Context c{net, L, lp, T};

  // Rows. The bus balance's right-hand side is the fixed load.
  L.bus_balance = lp.add_rows("bus_balance", net.buses.size(), T, 0.0, 0.0);
  {
    std::vector<double>& lo = m.lp.row_lower;
    for (Index l = 0; l < net.loads.size(); ++l) {
      const auto row0 = L.bus_balance.at(net.loads.bus[n(l)]);
      const auto demand = net.loads.demand_mw.row(l);
      for (Index t = 0; t < T; ++t) lo[n(row0 + t)] += demand[n(t)];
    }
    std::copy(lo.begin(), lo.begin() + L.bus_balance.size(), m.lp.row_upper.begin());
  }
  declare_generator_rows(c);
  declare_commitment_rows(c);
  declare_heat_rows(c);
  declare_storage_rows(c);
  declare_link_rows(c);
  declare_grid_rows(c);
  declare_policy_rows(c);
  declare_group_rows(c);

  // Columns.
  add_generator_columns(c);
  add_commitment_columns(c);
  add_heat_columns(c);
  add_storage_columns(c);
  add_link_columns(c);
  add_grid_columns(c);
  add_group_entries(c);
  add_policy_entries(c);
  lp.finish();
  return m;
}

}  // namespace parkgrid::formulate
