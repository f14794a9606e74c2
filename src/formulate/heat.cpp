// Extraction-condensing CHP (Generators::extraction; oemof-solph's ExtractionTurbineCHP, the
// fuel counted in MWh of condensing electricity): a generator g with a heat_bus draws heat
// h(g,t) >= 0 from its turbine. With beta = power_loss_ratio, c_m = back_pressure_ratio and
// m_c = min_condensing_pu:
//   chp_fuel_max(g,t):      p + beta h - a(t) P <= 0      (the iso-fuel line; P the capacity,
//                           a constant for a fixed generator, the capacity column when extendable,
//                           S u(g,t) of the units online under unit commitment)
//   chp_back_pressure(g,t): p - c_m h - m_c a(t) P >= 0  (the back-pressure line, moved up by the
//                           minimum condensing flow; m_c = 0: the back-pressure line itself)
// h feeds heat_bus and costs and emits what beta MWh of electricity would: its fuel is that of
// p + beta h. docs/formulation.md "Heat" has the region drawn out.
#include "formulate/context.hpp"

namespace parkgrid::formulate {

void declare_heat_rows(Context& c) {
  const Generators& g = c.net.generators;
  Layout& L = c.layout;
  Index n_chp = 0;
  L.chp = subset(
      g.size(), [&](Index i) { return g.extracts_heat(i); }, n_chp);
  L.chp_fuel_max = c.lp.add_rows("chp_fuel_max", n_chp, c.T, -kInf, 0.0);
  L.chp_back_pressure = c.lp.add_rows("chp_back_pressure", n_chp, c.T, 0.0, kInf);
  // A fixed, non-committable unit: the capacity is a constant on the right-hand side.
  for (Index i = 0; i < g.size(); ++i) {
    const Index k = at(L.chp, i);
    if (k < 0 || uses_commitment(c.net, i) || g.capacity_mw.extendable[static_cast<std::size_t>(i)])
      continue;
    const double p_nom = g.capacity_mw.existing[static_cast<std::size_t>(i)];
    const double m_c = g.min_condensing_pu(i);
    for (Index t = 0; t < c.T; ++t) {
      const double a = g.availability_pu.at(i, t);
      c.lp.set_row_bounds(L.chp_fuel_max.at(k, t), -kInf, a * p_nom);
      if (m_c > 0.0) c.lp.set_row_bounds(L.chp_back_pressure.at(k, t), m_c * a * p_nom, kInf);
    }
  }
}

void add_heat_columns(Context& c) {
  const Generators& g = c.net.generators;
  Layout& L = c.layout;
  L.chp_heat = c.lp.begin_cols("chp_heat", L.chp_fuel_max.components, c.T);
  for (Index i = 0; i < g.size(); ++i) {
    const Index k = at(L.chp, i);
    if (k < 0) continue;
    const auto s = static_cast<std::size_t>(i);
    const double beta = g.extraction.power_loss_ratio[s];
    const double c_m = g.extraction.back_pressure_ratio[s];
    const double m_c = g.min_condensing_pu(i);
    const auto heat0 = L.bus_balance.at(g.extraction.heat_bus[s]);
    const GeneratorCost costs(c.net, i);  // beta MWh of the plant's fuel (commitment.cpp)
    const double co2_per_mwh_th = costs.heat(0.0, 0.0).co2_t;
    const Index com = uses_commitment(c.net, i) ? at(L.com, i) : -1;
    const Index ext = com < 0 ? at(L.generator_ext, i) : -1;
    const double size = com >= 0 ? g.commitment.unit_size_mw[s] : 0.0;
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(c.weight(t) * costs.heat(c.net, t).total_cny(), 0.0, kInf);
      c.lp.entry(heat0 + t, 1.0);
      c.lp.entry(L.chp_fuel_max.at(k, t), beta);
      c.lp.entry(L.chp_back_pressure.at(k, t), -c_m);
      c.co2(co2_per_mwh_th, t);
      // The unit's own columns in its rows.
      const auto p = L.generator_p.at(i, t);
      c.lp.late_entry(p, L.chp_fuel_max.at(k, t), 1.0);
      c.lp.late_entry(p, L.chp_back_pressure.at(k, t), 1.0);
      const double a = g.availability_pu.at(i, t);
      if (com >= 0) {
        c.lp.late_entry(L.generator_online.at(com, t), L.chp_fuel_max.at(k, t), -a * size);
        if (m_c > 0.0)
          c.lp.late_entry(L.generator_online.at(com, t), L.chp_back_pressure.at(k, t),
                          -m_c * a * size);
      } else if (ext >= 0) {
        c.lp.late_entry(L.generator_capacity.at(ext), L.chp_fuel_max.at(k, t), -a);
        if (m_c > 0.0)
          c.lp.late_entry(L.generator_capacity.at(ext), L.chp_back_pressure.at(k, t), -m_c * a);
      }
    }
  }
  c.lp.end_cols();
}

}  // namespace parkgrid::formulate
