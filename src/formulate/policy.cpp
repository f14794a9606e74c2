// Park-wide policy rows. Their coefficients are written by the families (Context::co2/green);
// here they are declared with their bounds.
//   co2_cap:      sum_t w_t (sum_g e_g p(g,t) + sum_c e_c i(c,t)) <= cap
//   green_share:  (1 - alpha) (RE - X) - alpha (G_other + I) >= 0, i.e.
//                 (RE - X) / (RE + G_other + I - X) >= alpha, over electric buses, where RE is
//                 renewable generation, G_other other generation, I imports and X exports.
//   hydrogen_matching (per snapshot t): sum_{l makes hydrogen} p(l,t) - RE(t) + X(t) <= 0, the
//                 electrolysers' electricity from on-site renewables not exported, every hour.
//   linkage_block (per snapshot t; P(t) = sum_{g in linkage_block_generators} p(g,t), s_t the
//                 contract curve's mean share over the hours of t, 1 for a flat block):
//                 s_t = 0:  P(t) = 0;
//                 else, t' the next snapshot of t's calendar day with s_t' > 0:
//                           s_t' P(t) - s_t P(t') = 0 (a flat block: P(t) - P(t') = 0);
//                 the row of a day's last snapshot with s_t > 0 is free.
#include <algorithm>
#include <cmath>

#include "formulate/context.hpp"

namespace parkgrid::formulate {
namespace {

// Snapshot t' > t falls on the calendar day of t.
bool same_day(const Snapshots& s, Index t, Index later) {
  if (later >= s.count) return false;
  const DateTime a = s.time_of(t), b = s.time_of(later);
  return a.year == b.year && a.month == b.month && a.day == b.day;
}

// The linkage contract's share in snapshot t: the mean of the curve over the hours t covers
// (1 for a flat block).
double linkage_share(const Network& n, Index t) {
  const std::vector<double>& curve = n.policy.linkage_block_shares;
  if (curve.empty()) return 1.0;
  const Snapshots& s = n.snapshots;
  const int hours = std::max(1, static_cast<int>(std::lround(s.step_hours)));
  const int start = s.time_of(t).hour;
  double sum = 0.0;
  for (int h = 0; h < hours; ++h) sum += curve[static_cast<std::size_t>((start + h) % 24)];
  return sum / hours;
}

std::vector<double> linkage_shares(const Network& n, Index T) {
  std::vector<double> share(static_cast<std::size_t>(T));
  for (Index t = 0; t < T; ++t) share[static_cast<std::size_t>(t)] = linkage_share(n, t);
  return share;
}

// Row t of linkage_block: the next snapshot of the day with a share above 0 (-1 if none), or
// t itself when t's share is 0.
Index linkage_partner(const Network& n, const std::vector<double>& share, Index t) {
  if (share[static_cast<std::size_t>(t)] <= 0.0) return t;
  for (Index next = t + 1; same_day(n.snapshots, t, next); ++next)
    if (share[static_cast<std::size_t>(next)] > 0.0) return next;
  return -1;
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
      c.lp.add_rows("linkage_block", p.linkage_block_generators.empty() ? 0 : 1, c.T, 0.0, 0.0);
  if (L.linkage_block.empty()) return;
  const std::vector<double> share = linkage_shares(c.net, c.T);
  for (Index t = 0; t < c.T; ++t)
    if (linkage_partner(c.net, share, t) < 0)
      c.lp.set_row_bounds(L.linkage_block.at(0, t), -kInf, kInf);
}

// The hourly-matching rows read the columns of three families (links, generators, grid): their
// entries are late entries, added after every family has written its columns.
void add_policy_entries(Context& c) {
  const Layout& L = c.layout;
  const Network& n = c.net;
  if (!L.linkage_block.empty()) {
    const std::vector<double> share = linkage_shares(n, c.T);
    for (Index t = 0; t < c.T; ++t) {
      const Index next = linkage_partner(n, share, t);
      if (next < 0) continue;
      const auto k = static_cast<std::size_t>(t);
      for (Index g : n.policy.linkage_block_generators) {
        if (next == t) {  // an hour the contract leaves empty: P(t) = 0
          c.lp.late_entry(L.generator_p.at(g, t), L.linkage_block.at(0, t), 1.0);
          continue;
        }
        c.lp.late_entry(L.generator_p.at(g, t), L.linkage_block.at(0, t),
                        share[static_cast<std::size_t>(next)]);
        c.lp.late_entry(L.generator_p.at(g, next), L.linkage_block.at(0, t), -share[k]);
      }
    }
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
