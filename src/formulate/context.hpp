// Shared state of one build: the network, the layout being filled and the LP builder, plus the
// few coefficients every family needs (snapshot weights, policy rows).
#pragma once

#include <cmath>

#include "parkgrid/formulate.hpp"

namespace parkgrid::formulate {

struct Context {
  const Network& net;
  Layout& layout;
  LpBuilder& lp;
  Index T;

  [[nodiscard]] double weight(Index t) const {
    return net.snapshots.weight_hours[static_cast<std::size_t>(t)];
  }
  [[nodiscard]] double step() const { return net.snapshots.step_hours; }
  [[nodiscard]] double rate() const { return net.discount_rate; }
  [[nodiscard]] double green_target() const { return net.policy.min_green_share; }
  [[nodiscard]] bool electric(Index bus) const {
    return net.buses.electric[static_cast<std::size_t>(bus)] != 0;
  }
  // A renewable generator feeding an electric bus: counted in the green share and the
  // self-consumption share.
  [[nodiscard]] bool counts_as_onsite_renewable(Index g) const {
    const auto k = static_cast<std::size_t>(g);
    const Index carrier = net.generators.carrier[k];
    return carrier >= 0 && net.carriers.renewable[static_cast<std::size_t>(carrier)] &&
           electric(net.generators.bus[k]);
  }
  // Energy one MW of generator g could give over the snapshots: sum_t w_t a(g,t).
  [[nodiscard]] double available_mwh_per_mw(Index g) const {
    double sum = 0.0;
    for (Index t = 0; t < T; ++t) sum += weight(t) * net.generators.availability_pu.at(g, t);
    return sum;
  }
  // Entry in the CO2 cap row for `t_per_mwh` tonnes per MWh of the column's flow in snapshot t.
  void co2(double t_per_mwh, Index t) {
    if (!layout.co2_cap.empty() && t_per_mwh != 0.0)
      lp.entry(layout.co2_cap.at(0), weight(t) * t_per_mwh);
  }
  // Entry in the green-share row: coefficient per MWh of the column's flow.
  void green(double per_mwh, Index t) {
    if (!layout.green_share.empty() && per_mwh != 0.0)
      lp.entry(layout.green_share.at(0), weight(t) * per_mwh);
  }
  // Entry in the self-consumption row: coefficient per MWh of the column's flow.
  void self_consumption(double per_mwh, Index t) {
    if (!layout.self_consumption.empty() && per_mwh != 0.0)
      lp.entry(layout.self_consumption.at(0), weight(t) * per_mwh);
  }
  // Capacity column of an extendable component: cost per unit and year on the whole capacity,
  // the sunk capital of the existing part taken back through the objective offset.
  void capacity_column(const CapacityTable& c, Index i) {
    const auto k = static_cast<std::size_t>(i);
    lp.column(annualised_cost(c, i, rate()), std::max(c.min[k], c.existing[k]), c.max[k]);
    lp.add_offset(-capex_annuity(c, i, rate()) * c.existing[k]);
  }
  // Fixed O&M of a component whose capacity is not a variable (a constant of the objective).
  void fixed_capacity_cost(const CapacityTable& c, Index i) {
    const auto k = static_cast<std::size_t>(i);
    lp.add_offset(c.fixed_om_cny_per_unit_year[k] * c.existing[k]);
  }
};

// Builds a subset index: position of each component for which `pred(c)` holds, -1 elsewhere.
template <class Pred>
SubsetIndex subset(Index n, Pred&& pred, Index& count) {
  SubsetIndex idx(static_cast<std::size_t>(n), -1);
  count = 0;
  for (Index c = 0; c < n; ++c)
    if (pred(c)) idx[static_cast<std::size_t>(c)] = count++;
  return idx;
}

void declare_generator_rows(Context& c);
void declare_storage_rows(Context& c);
void declare_link_rows(Context& c);
void declare_grid_rows(Context& c);
void declare_policy_rows(Context& c);
void declare_group_rows(Context& c);
void declare_commitment_rows(Context& c);
void declare_heat_rows(Context& c);  // after the commitment rows
void add_heat_columns(Context& c);   // after the generator and commitment columns
void commitment_entries_of_output(Context& c, Index g, Index t);
void add_commitment_columns(Context& c);

void add_generator_columns(Context& c);
void add_storage_columns(Context& c);
void add_link_columns(Context& c);
void add_grid_columns(Context& c);
void add_group_entries(Context& c);   // after every family's columns
void add_policy_entries(Context& c);  // after every family's columns

}  // namespace parkgrid::formulate
