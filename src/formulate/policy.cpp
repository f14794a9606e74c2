// Park-wide policy rows. Their coefficients are written by the families (Context::co2/green);
// here they are declared with their bounds.
//   co2_cap:      sum_t w_t (sum_g e_g p(g,t) + sum_c e_c i(c,t)) <= cap
//   green_share:  (1 - alpha) (RE - X) - alpha (G_other + I) >= 0, i.e.
//                 (RE - X) / (RE + G_other + I - X) >= alpha, over electric buses, where RE is
//                 renewable generation, G_other other generation, I imports and X exports.
//   hydrogen_matching (per snapshot t): sum_{l makes hydrogen} p(l,t) - RE(t) + X(t) <= 0, the
//                 electrolysers' electricity from on-site renewables not exported, every hour.
//   linkage_block (per snapshot t whose successor t + 1 falls on the same calendar day):
//                 sum_{g in flat_daily_generators} (p(g,t) - p(g,t+1)) = 0, a flat linkage
//                 contract's 24-hour block; the row of a day's last snapshot is free.
#include "formulate/context.hpp"

namespace parkgrid::formulate {
namespace {

// Snapshot t + 1 exists and falls on the calendar day of t.
bool same_day_as_next(const Snapshots& s, Index t) {
  if (t + 1 >= s.count) return false;
  const DateTime a = s.time_of(t), b = s.time_of(t + 1);
  return a.year == b.year && a.month == b.month && a.day == b.day;
}

}  // namespace

void declare_policy_rows(Context& c) {
  const Policy& p = c.net.policy;
  Layout& L = c.layout;
  L.co2_cap = c.lp.add_rows("co2_cap", std::isfinite(p.co2_cap_t) ? 1 : 0, 1, -kInf, p.co2_cap_t);
  L.green_share = c.lp.add_rows("green_share", p.min_green_share > 0.0 ? 1 : 0, 1, 0.0, kInf);
  // self_consumption: RE - X - beta * (available RE) >= 0, where the available RE of a fixed
  // generator is a constant (moved to the right-hand side) and of an extendable one is
  // (sum_t w_t a(g,t)) P(g). X: exports.
  const double beta = p.min_self_consumption_share;
  L.self_consumption = c.lp.add_rows("self_consumption", beta > 0.0 ? 1 : 0, 1, 0.0, kInf);
  if (beta > 0.0) {
    const Generators& g = c.net.generators;
    double fixed_available = 0.0;
    for (Index i = 0; i < g.size(); ++i) {
      const auto k = static_cast<std::size_t>(i);
      if (!c.counts_as_onsite_renewable(i) || g.capacity_mw.extendable[k]) continue;
      fixed_available += c.available_mwh_per_mw(i) * g.capacity_mw.existing[k];
    }
    c.lp.set_row_bounds(L.self_consumption.at(0), beta * fixed_available, kInf);
  }
  L.hydrogen_matching =
      c.lp.add_rows("hydrogen_matching", p.hydrogen_hourly_matching ? 1 : 0, c.T, -kInf, 0.0);
  L.linkage_block =
      c.lp.add_rows("linkage_block", p.flat_daily_generators.empty() ? 0 : 1, c.T, 0.0, 0.0);
  for (Index t = 0; t < c.T && !L.linkage_block.empty(); ++t)
    if (!same_day_as_next(c.net.snapshots, t))
      c.lp.set_row_bounds(L.linkage_block.at(0, t), -kInf, kInf);
}

// The hourly-matching rows read the columns of three families (links, generators, grid): their
// entries are late entries, added after every family has written its columns.
void add_policy_entries(Context& c) {
  const Layout& L = c.layout;
  const Network& n = c.net;
  if (!L.linkage_block.empty())
    for (Index g : n.policy.flat_daily_generators)
      for (Index t = 0; t < c.T; ++t) {
        if (!same_day_as_next(n.snapshots, t)) continue;
        c.lp.late_entry(L.generator_p.at(g, t), L.linkage_block.at(0, t), 1.0);
        c.lp.late_entry(L.generator_p.at(g, t + 1), L.linkage_block.at(0, t), -1.0);
      }
  if (L.hydrogen_matching.empty()) return;
  for (Index l = 0; l < n.links.size(); ++l)
    if (makes_hydrogen(n, l))
      for (Index t = 0; t < c.T; ++t)
        c.lp.late_entry(L.link_p.at(l, t), L.hydrogen_matching.at(0, t), 1.0);
  for (Index g = 0; g < n.generators.size(); ++g)
    if (c.counts_as_onsite_renewable(g))
      for (Index t = 0; t < c.T; ++t)
        c.lp.late_entry(L.generator_p.at(g, t), L.hydrogen_matching.at(0, t), -1.0);
  for (Index k = 0; k < n.grid.size(); ++k)
    if (c.electric(n.grid.bus[static_cast<std::size_t>(k)]))
      for (Index t = 0; t < c.T; ++t)
        c.lp.late_entry(L.grid_export.at(k, t), L.hydrogen_matching.at(0, t), 1.0);
}

}  // namespace parkgrid::formulate
