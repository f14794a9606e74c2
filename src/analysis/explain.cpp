// Infeasibility in the model's words: re-solve with elastic slacks on every bus balance and on
// the policy rows, then report which had to give, where, when and by how much.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "parkgrid/results.hpp"

namespace parkgrid::analysis {
namespace {
constexpr double kTol = 1e-6;
// Unserved or unusable energy weighs more than a missed policy target, so that a target that
// cannot be met is reported as such rather than as load shedding.
constexpr double kBalancePenalty = 1000.0;
}  // namespace

std::vector<Violation> explain_infeasibility(const Network& net, const formulate::Model& model,
                                             const solve::Options& options) {
  const formulate::Layout& L = model.layout;
  const Index T = net.snapshot_count();
  std::vector<solve::ElasticRow> rows;
  for (Index b = 0; b < net.buses.size(); ++b)
    for (Index t = 0; t < T; ++t)
      rows.push_back(
          {L.bus_balance.at(b, t), kBalancePenalty * net.snapshots.weight_hours[u(t)], true, true});
  const std::size_t first_policy = rows.size();
  if (!L.co2_cap.empty()) rows.push_back({L.co2_cap.at(0), 1.0, false, true});
  if (!L.green_share.empty()) rows.push_back({L.green_share.at(0), 1.0, true, false});
  if (!L.self_consumption.empty()) rows.push_back({L.self_consumption.at(0), 1.0, true, false});
  const std::size_t first_matching = rows.size();
  if (!L.hydrogen_matching.empty())
    for (Index t = 0; t < T; ++t)
      rows.push_back({L.hydrogen_matching.at(0, t), net.snapshots.weight_hours[u(t)], false, true});
  const GroupConstraints& groups = net.group_constraints;
  for (Index g = 0; g < groups.size(); ++g) {
    const auto sense = groups.sense[u(g)];
    rows.push_back({L.group_constraint.at(g), 1.0, sense != GroupConstraints::Sense::kLessEqual,
                    sense != GroupConstraints::Sense::kGreaterEqual});
  }

  const solve::ElasticResult res = solve::solve_elastic(model.lp, rows, options);
  std::vector<Violation> out;
  if (!res.solution.has_primal) {
    Violation v;
    v.constraint = "model";
    v.kind = "structural";
    v.message =
        "the model stays infeasible even when every bus balance and policy may give: a storage "
        "or store cannot meet its fixed initial state, or a fixed minimum output cannot be "
        "absorbed; check cyclic = false with initial_soc_mwh, and min_pu of fixed links";
    out.push_back(v);
    return out;
  }

  // Bus balances: group each bus's shortages (and surpluses) over the snapshots.
  for (Index b = 0; b < net.buses.size(); ++b) {
    for (int dir = 0; dir < 2; ++dir) {
      const auto& slack = dir == 0 ? res.slack_up : res.slack_down;
      Violation v;
      v.constraint = "bus_balance";
      v.component = net.buses.name[u(b)];
      v.kind = dir == 0 ? "shortage" : "surplus";
      v.unit = "MWh";
      Index peak_t = -1;
      for (Index t = 0; t < T; ++t) {
        const double mw = slack[u(b) * u(T) + u(t)];
        if (mw <= kTol) continue;
        ++v.hours;
        v.amount += mw * net.snapshots.weight_hours[u(t)];
        if (mw > v.peak_mw) {
          v.peak_mw = mw;
          peak_t = t;
        }
      }
      if (v.hours == 0) continue;
      v.peak_time = net.snapshots.label(peak_t);
      const double load = model.lp.row_lower[u(L.bus_balance.at(b, peak_t))];
      if (dir == 0) {
        // The connections of this bus that import all they may at the worst hour: most often
        // the reason (a park's load above its connection).
        std::string limits;
        for (Index c = 0; c < net.grid.size(); ++c) {
          if (net.grid.bus[u(c)] != b || res.solution.col_value.empty()) continue;
          const Index col = L.grid_import.at(c, peak_t);
          const double cap = model.lp.col_upper[u(col)];
          if (std::isfinite(cap) && res.solution.col_value[u(col)] >= cap - 1e-6 * (1.0 + cap))
            limits += fmt::format("{}grid connection \"{}\" imports its limit of {:.1f} MW",
                                  limits.empty() ? "" : "; ", net.grid.name[u(c)], cap);
        }
        v.message = fmt::format(
            "bus \"{}\" is short by {:.1f} MW at {}: load {:.1f} MW, at most {:.1f} MW can be "
            "supplied ({} snapshot(s) short, {:.1f} MWh in all){}. Raise a capacity or import "
            "limit, or allow extension.",
            v.component, v.peak_mw, v.peak_time, load, load - v.peak_mw, v.hours, v.amount,
            limits.empty() ? "" : fmt::format("; {} (import_max_mw)", limits));
      } else {
        v.message = fmt::format(
            "bus \"{}\" has {:.1f} MW it cannot use at {}: load {:.1f} MW, at least {:.1f} MW "
            "is forced in ({} snapshot(s), {:.1f} MWh in all). Lower a must-run (min_pu) or "
            "allow export or storage.",
            v.component, v.peak_mw, v.peak_time, load, load + v.peak_mw, v.hours, v.amount);
      }
      out.push_back(v);
    }
  }

  // Policy rows.
  std::size_t k = first_policy;
  if (!L.co2_cap.empty()) {
    const double over = res.slack_down[k++];
    if (over > kTol) {
      Violation v;
      v.constraint = "co2_cap";
      v.kind = "over_cap";
      v.amount = over;
      v.unit = "t";
      v.message = fmt::format(
          "the CO2 cap of {:.1f} t cannot be met: at least {:.1f} t are emitted ({:.1f} t over). "
          "Allow more renewable or storage capacity, or raise the cap.",
          net.policy.co2_cap_t, net.policy.co2_cap_t + over, over);
      out.push_back(v);
    }
  }
  if (!L.green_share.empty()) {
    const double short_mwh = res.slack_up[k++];
    if (short_mwh > kTol) {
      Violation v;
      v.constraint = "green_share";
      v.kind = "short_of_target";
      v.amount = short_mwh;
      v.unit = "MWh";
      // The row is (1 - alpha)(RE - X) - alpha (other supply) >= 0. Replacing s MWh of other
      // supply by renewable energy raises it by (1 - alpha) s + alpha s = s: the slack is the
      // renewable energy missing at the same total supply.
      v.message = fmt::format(
          "the minimum green share of {:.1f}% cannot be met: about {:.0f} MWh more renewable "
          "electricity would be needed. Allow more wind, PV or storage (max_capacity_mw), or "
          "lower min_green_share.",
          100.0 * net.policy.min_green_share, v.amount);
      out.push_back(v);
    }
  }
  if (!L.self_consumption.empty()) {
    const double short_mwh = res.slack_up[k++];
    if (short_mwh > kTol) {
      Violation v;
      v.constraint = "self_consumption";
      v.kind = "short_of_target";
      v.amount = short_mwh;
      v.unit = "MWh";
      v.message = fmt::format(
          "the minimum self-consumption share of {:.1f}% of the available renewable generation "
          "cannot be met: about {:.0f} MWh more would have to be used in the park. Lower "
          "min_self_consumption_share, allow storage or more load, or build less wind and PV.",
          100.0 * net.policy.min_self_consumption_share, short_mwh);
      out.push_back(v);
    }
  }
  // Hourly matching of hydrogen: the electrolysers' electricity not from on-site renewables.
  if (!L.hydrogen_matching.empty()) {
    Violation v;
    v.constraint = "hydrogen_matching";
    v.kind = "over_cap";
    v.unit = "MWh";
    for (Index t = 0; t < T; ++t) {
      const double mw = res.slack_down[first_matching + u(t)];
      if (mw <= kTol) continue;
      ++v.hours;
      v.amount += mw * net.snapshots.weight_hours[u(t)];
      if (mw > v.peak_mw) {
        v.peak_mw = mw;
        v.peak_time = net.snapshots.label(t);
      }
    }
    k = first_matching + u(T);
    if (v.hours > 0) {
      v.message = fmt::format(
          "hydrogen_hourly_matching cannot hold: the electrolysers need {:.1f} MWh more than the "
          "on-site renewable output not exported, in {} snapshot(s) (worst {:.1f} MW at {}). "
          "Allow more wind, PV, storage or a hydrogen store, or turn the rule off.",
          v.amount, v.hours, v.peak_mw, v.peak_time);
      out.push_back(v);
    }
  }
  // Group constraints: the sum had to rise above (slack down) or fall below (slack up) its bound.
  for (Index g = 0; g < groups.size(); ++g, ++k) {
    const double up = res.slack_up[k], down = res.slack_down[k];
    if (up <= kTol && down <= kTol) continue;
    Violation v;
    v.constraint = "group_constraint";
    v.component = groups.name[u(g)];
    v.kind = up > kTol ? "short_of_target" : "over_cap";
    v.amount = std::max(up, down);
    v.unit = std::string(group_quantity_unit(groups.sum[u(g)].quantity));
    const bool share = !std::isnan(groups.share[u(g)]);
    const std::string bound = share ? fmt::format("{:g} x the sum of {}", groups.share[u(g)],
                                                  group_quantity_name(groups.of[u(g)].quantity))
                                    : fmt::format("{:g} {}", groups.value[u(g)], v.unit);
    v.message = fmt::format(
        "group constraint \"{}\" ({} {} {}) cannot hold: {} by at least {:.1f} {}. Change its "
        "value, share or components, or the capacities and limits of the components it sums.",
        v.component, group_quantity_name(groups.sum[u(g)].quantity), sense_text(groups.sense[u(g)]),
        bound, up > kTol ? "the sum falls short" : "it is exceeded", v.amount, v.unit);
    out.push_back(v);
  }
  return out;
}

}  // namespace parkgrid::analysis
