// Group constraints ([[group_constraints]], docs/formulation.md "Group constraints"): one row
// per constraint,
//   sum_{i in S} q_i(x) + c_S  <sense>  value                          (a bound), or
//   sum_{i in S} q_i(x) - share sum_{j in S'} q'_j(x) + c_S - share c_S'  <sense>  0   (a share),
// where q is capacity, energy, available energy, exports or CO2 and c the constant part (fixed
// capacities, load demand), moved to the bounds. The rows are declared with the other policy
// rows; their entries go into the columns the families wrote, as late entries (LpBuilder).
#include <cmath>

#include "formulate/context.hpp"

namespace parkgrid::formulate {
namespace {

// A capacity: the column of an extendable component, else its existing capacity as a constant.
double capacity_term(const ColBlock& column_block, Index ext, double existing, double per_unit,
                     const std::function<void(Col, double)>& column) {
  if (ext >= 0) {
    column(column_block.at(ext), per_unit);
    return 0.0;
  }
  return per_unit * existing;
}
}  // namespace

double group_terms(const Network& net, const Layout& L, const GroupSum& sum,
                   const std::function<void(Col col, double coefficient)>& column) {
  const Index T = net.snapshot_count();
  const auto w = [&](Index t) { return net.snapshots.weight_hours[u(t)]; };
  double constant = 0.0;
  for (const ComponentRef& r : sum.members) {
    const Index i = r.index;
    switch (r.family) {
      case Family::kGenerator: {
        const Generators& g = net.generators;
        const double existing = g.capacity_mw.existing[u(i)];
        const Index ext = at(L.generator_ext, i);
        switch (sum.quantity) {
          case GroupQuantity::kCapacityMw:
            constant += capacity_term(L.generator_capacity, ext, existing, 1.0, column);
            break;
          case GroupQuantity::kEnergyMwh:
            for (Index t = 0; t < T; ++t) column(L.generator_p.at(i, t), w(t));
            break;
          case GroupQuantity::kAvailableEnergyMwh: {
            double per_mw = 0.0;
            for (Index t = 0; t < T; ++t) per_mw += w(t) * g.availability_pu.at(i, t);
            constant += capacity_term(L.generator_capacity, ext, existing, per_mw, column);
            break;
          }
          case GroupQuantity::kCo2T: {
            // As the co2_cap row: the output's CO2, and with a part-load heat rate the CO2 of
            // the units online (commitment.cpp).
            const double co2 = generator_co2_t_per_mwh(net, i);
            if (co2 == 0.0) break;
            const UnitCost kc = unit_cost(net, i);
            for (Index t = 0; t < T; ++t) column(L.generator_p.at(i, t), w(t) * kc.output * co2);
            if (const Index k = at(L.com, i); k >= 0 && kc.online != 0.0) {
              const double size = unit_params(net, i).size_mw;
              for (Index t = 0; t < T; ++t)
                column(L.generator_online.at(k, t), w(t) * kc.online * size * co2);
            }
            break;
          }
          case GroupQuantity::kExportMwh: break;  // refused by the reader
        }
        break;
      }
      case Family::kStorageUnit:
        if (sum.quantity == GroupQuantity::kCapacityMw)
          constant += capacity_term(L.storage_power_capacity, at(L.storage_power_ext, i),
                                    net.storage_units.power_mw.existing[u(i)], 1.0, column);
        else if (sum.quantity == GroupQuantity::kEnergyMwh)
          for (Index t = 0; t < T; ++t) column(L.storage_discharge.at(i, t), w(t));
        break;
      case Family::kLink:
        if (sum.quantity == GroupQuantity::kCapacityMw)
          constant += capacity_term(L.link_capacity, at(L.link_ext, i),
                                    net.links.capacity_mw.existing[u(i)], 1.0, column);
        else if (sum.quantity == GroupQuantity::kEnergyMwh)
          for (Index t = 0; t < T; ++t) column(L.link_p.at(i, t), w(t));
        break;
      case Family::kGrid:
        for (Index t = 0; t < T; ++t) {
          if (sum.quantity == GroupQuantity::kEnergyMwh)
            column(L.grid_import.at(i, t), w(t));
          else if (sum.quantity == GroupQuantity::kExportMwh)
            column(L.grid_export.at(i, t), w(t));
          else if (sum.quantity == GroupQuantity::kCo2T && net.grid.co2_t_per_mwh[u(i)] != 0.0)
            column(L.grid_import.at(i, t), w(t) * net.grid.co2_t_per_mwh[u(i)]);
        }
        break;
      case Family::kLoad:
        if (sum.quantity == GroupQuantity::kEnergyMwh)
          for (Index t = 0; t < T; ++t) constant += w(t) * net.loads.demand_mw.at(i, t);
        break;
      case Family::kStore: break;  // no quantity of a store is summed (refused by the reader)
    }
  }
  return constant;
}

void declare_group_rows(Context& c) {
  const GroupConstraints& gc = c.net.group_constraints;
  c.layout.group_constraint = c.lp.add_rows("group_constraint", gc.size(), 1, -kInf, kInf);
}

void add_group_entries(Context& c) {
  const GroupConstraints& gc = c.net.group_constraints;
  const Layout& L = c.layout;
  for (Index k = 0; k < gc.size(); ++k) {
    const auto row = L.group_constraint.at(k);
    double constant = group_terms(c.net, L, gc.sum[u(k)], [&](Col col, double coefficient) {
      c.lp.late_entry(col, row, coefficient);
    });
    double bound = gc.value[u(k)];
    if (const double share = gc.share[u(k)]; !std::isnan(share)) {
      constant -= share * group_terms(c.net, L, gc.of[u(k)], [&](Col col, double coefficient) {
                    c.lp.late_entry(col, row, -share * coefficient);
                  });
      bound = 0.0;
    }
    using S = GroupConstraints::Sense;
    const S sense = gc.sense[u(k)];
    c.lp.set_row_bounds(row, sense == S::kLessEqual ? -kInf : bound - constant,
                        sense == S::kGreaterEqual ? kInf : bound - constant);
  }
}

}  // namespace parkgrid::formulate
