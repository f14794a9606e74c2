// Supply arrangements (docs/tariffs.md#supply-arrangements): the bill under which `parkgrid
// run` and `parkgrid plan` choose what to build, declared by `[paths] arrangement` and priced
// with the same rules as the reform paths (src/analysis/paths.cpp):
//
//   captive      the scenario as written (a linkage plant is a captive plant at its own
//                marginal cost: no transmission, funds, system fee or capacity payment);
//   grid         the linkage plants are not available to the park; it buys at the tariff;
//   linkage      path 1: each linkage plant g sells at
//                  c_g(t) = linked price_g + network_t,
//                the linked price as its marginal cost (which its extracted heat and its
//                part-load heat rate scale) and network_t as the connection's delivery charge,
//                linked price_g = coal price x 0.1228 tce/MWh / efficiency_g + margin (one
//                formula, tariff::linked_price_cny_per_mwh), network_t = T&D energy charge +
//                line loss + system operation + funds of the tariff file in force on t's date
//                at the connection's voltage level (tariff::network_per_mwh); its output is
//                metered at the [paths] grid connection (supplied_via: import limit, monthly
//                peak); the plants' yearly output at most [paths] linkage_full_load_hours
//                at full capacity, a group constraint (add_linkage_energy_cap); with
//                [paths] linkage_shape = "flat" or "profile" their combined output a daily
//                contract curve (add_linkage_block).
//   integration  path 3 under 发改价格〔2025〕1192号: the linkage plants are not available;
//                green share >= [paths] min_green_share and self-consumption >= [paths]
//                min_self_consumption_share of the available on-site generation (the policy
//                rows of src/formulate/policy.cpp); imports pay no T&D energy charge (and
//                with [paths] integration_energy_price = "market" the connection's market
//                price in place of the tariff's energy price, which its exports then earn),
//                the connection's monthly peak pays the T&D per kW instead
//                (tariff::capacity_tnd_per_kw_month with [paths] tnd_load_factor); exports up
//                to [paths] export_max_mw; with [paths] funds_on_self_consumption the
//                government funds of the file in force on the self-consumed on-site energy:
//                each MWh of an on-site renewable plant ([paths] onsite_generators) pays them
//                and each exported MWh gets them back, as in path 3 of `parkgrid paths`.
#include <fmt/format.h>
#include <algorithm>

#include "parkgrid/error.hpp"
#include "parkgrid/tariff.hpp"

namespace parkgrid {

void add_linkage_energy_cap(Network& n, const std::vector<Index>& linkage) {
  const double hours = n.paths.linkage_full_load_hours;
  if (hours <= 0.0 || linkage.empty()) return;
  GroupConstraints& gc = n.group_constraints;
  GroupSum energy{GroupQuantity::kEnergyMwh, {}};
  GroupSum available{GroupQuantity::kAvailableEnergyMwh, {}};
  for (Index g : linkage) {
    energy.members.push_back({Family::kGenerator, g});
    available.members.push_back({Family::kGenerator, g});
  }
  gc.name.emplace_back("linkage_energy_cap");
  gc.sum.push_back(std::move(energy));
  gc.sense.push_back(GroupConstraints::Sense::kLessEqual);
  gc.value.push_back(0.0);
  gc.share.push_back(hours / 8760.0);
  gc.of.push_back(std::move(available));
  gc.source.emplace_back("[paths] linkage_full_load_hours");
  gc.line.push_back(n.paths.line);
}

void add_linkage_block(Network& n, const std::vector<Index>& linkage) {
  const ReformPaths& p = n.paths;
  if (p.linkage_shape != "flat" && p.linkage_shape != "profile") return;
  n.policy.linkage_block_generators = linkage;
  n.policy.linkage_block_shares.clear();
  if (p.linkage_shape != "profile") return;
  // The curve at mean 1, so that the rows' coefficients are of the order of 1 at any scale.
  double sum = 0.0;
  for (double s : p.linkage_profile) sum += s;
  if (p.linkage_profile.size() != 24 || sum <= 0.0)
    throw InputError({{n.source, p.line, "[paths]", "linkage_profile",
                       fmt::format("{} values", p.linkage_profile.size()),
                       "expected 24 shares by hour of day, at least one above 0"}});
  for (double s : p.linkage_profile) n.policy.linkage_block_shares.push_back(s * 24.0 / sum);
}

bool has_supply_arrangement(const Network& n) {
  return n.paths.present && !n.paths.arrangement.empty() && n.paths.arrangement != "captive" &&
         !n.paths.arrangement_applied;
}

SupplyArrangementRefs supply_arrangement_refs(const Network& n, const ArrangementProblem& problem) {
  const ReformPaths& p = n.paths;
  const std::string& a = p.arrangement;
  SupplyArrangementRefs refs;
  // The connection the arrangement buys through, and its tariff files.
  Index& c = refs.connection;
  if (!p.grid_connection.empty()) {
    const auto it = std::find(n.grid.name.begin(), n.grid.name.end(), p.grid_connection);
    if (it == n.grid.name.end()) {
      const std::string hint = did_you_mean(p.grid_connection, n.grid.name);
      problem("grid_connection", fmt::format("\"{}\"", p.grid_connection),
              fmt::format("no grid connection of that name{}",
                          hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint)));
    } else {
      c = static_cast<Index>(it - n.grid.name.begin());
    }
  } else if (n.grid.size() == 1) {
    c = 0;
  } else {
    problem("grid_connection", "",
            fmt::format("name the grid connection of arrangement \"{}\"", a));
  }
  if (c >= 0 && (u(c) >= n.grid.tariffs.size() || n.grid.tariffs[u(c)].empty()))
    problem("arrangement", fmt::format("\"{}\"", a),
            fmt::format("needs tariff_files on grid connection \"{}\" (the network charges of "
                        "each date come from them, docs/tariffs.md#supply-arrangements)",
                        n.grid.name[u(c)]));
  for (const std::string& name : p.linkage_generators) {
    const auto it = std::find(n.generators.name.begin(), n.generators.name.end(), name);
    if (it == n.generators.name.end()) {
      const std::string hint = did_you_mean(name, n.generators.name);
      problem("linkage_generators", fmt::format("\"{}\"", name),
              fmt::format("no generator of that name{}",
                          hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint)));
    } else {
      refs.linkage.push_back(static_cast<Index>(it - n.generators.name.begin()));
    }
  }
  if (a == "linkage" && refs.linkage.empty() && p.linkage_generators.empty())
    problem("linkage_generators", "[]", "arrangement \"linkage\" needs the linkage plants");
  return refs;
}

void apply_supply_arrangement(Network& n, int year) {
  if (!has_supply_arrangement(n)) return;
  const ReformPaths& p = n.paths;
  const std::string& a = p.arrangement;
  Diagnostics diag;
  const SupplyArrangementRefs refs = supply_arrangement_refs(
      n, [&](const std::string& field, const std::string& value, const std::string& why) {
        diag.add({n.source, p.line, "[paths]", field, value, why});
      });
  const Index c = refs.connection;
  const std::vector<Index>& linkage = refs.linkage;
  diag.throw_if_any();

  const Index T = n.snapshot_count();
  Generators& gen = n.generators;
  if (gen.supplied_via.size() != u(gen.size())) gen.supplied_via.assign(u(gen.size()), -1);
  if (a == "linkage") {
    for (Index g : linkage) {
      const double linked = tariff::linked_price_cny_per_mwh(
          p.coal_price_cny_per_tce, gen.efficiency[u(g)], p.linkage_margin_cny_per_mwh);
      auto cost = gen.marginal_cost_cny_per_mwh.mutable_row(g);
      std::fill(cost.begin(), cost.end(), linked);
      gen.supplied_via[u(g)] = c;
    }
    // The network charges on the energy the plants deliver through the connection: a delivery
    // charge, so that the heat they extract and their part-load heat rate carry the linked price
    // alone.
    auto delivery = n.grid.delivery_charge_cny_per_mwh.mutable_row(c);
    for (Index t = 0; t < T; ++t)
      delivery[u(t)] = tariff_in_force(n, c, t, year)->network_cny_per_mwh[u(t)];
    add_linkage_energy_cap(n, linkage);
    add_linkage_block(n, linkage);
  } else {  // grid, integration: the plants do not supply the park
    for (Index g : linkage) {
      auto avail = gen.availability_pu.mutable_row(g);
      std::fill(avail.begin(), avail.end(), 0.0);
      auto lower = gen.min_pu.mutable_row(g);
      std::fill(lower.begin(), lower.end(), 0.0);
    }
  }
  if (a == "integration") {
    n.policy.min_green_share = std::max(n.policy.min_green_share, p.min_green_share);
    n.policy.min_self_consumption_share =
        std::max(n.policy.min_self_consumption_share, p.min_self_consumption_share);
    // Imports pay no T&D energy charge, and under integration_energy_price = "market" the
    // connection's market price in place of the tariff's energy price; exports then earn the
    // market price too (one market participant buys and sells at one price).
    auto price = n.grid.buy_price_cny_per_mwh.mutable_row(c);
    const bool market = integration_buys_at_market(p);
    for (Index t = 0; t < T; ++t) {
      const DatedBuyPrice* rule = tariff_in_force(n, c, t, year);
      price[u(t)] = (market ? n.grid.market_cny_per_mwh(c, t) + rule->network_cny_per_mwh[u(t)]
                            : rule->buy_price_cny_per_mwh[u(t)]) -
                    rule->transmission_cny_per_mwh[u(t)];
    }
    if (market) {
      auto sell = n.grid.sell_price_cny_per_mwh.mutable_row(c);
      for (Index t = 0; t < T; ++t) sell[u(t)] = n.grid.market_cny_per_mwh(c, t);
    }
    // The per-kW T&D of the file in force at the start of the period.
    n.grid.demand_charge_cny_per_kw_month[u(c)] += tariff::capacity_tnd_per_kw_month(
        tariff_in_force(n, c, 0, year)->transmission_flat_cny_per_mwh, p.tnd_load_factor);
    n.grid.export_max_mw[u(c)] = std::max(n.grid.export_max_mw[u(c)], p.export_max_mw);
    if (p.funds_on_self_consumption) {
      const auto funds = [&](Index t) {
        return tariff_in_force(n, c, t, year)->government_funds_cny_per_mwh[u(t)];
      };
      for (const std::string& name : p.onsite_generators) {
        const auto it = std::find(gen.name.begin(), gen.name.end(), name);
        if (it == gen.name.end()) continue;  // named in the paths' own errors
        const Index g = static_cast<Index>(it - gen.name.begin());
        const Index carrier = gen.carrier[u(g)];
        if (carrier < 0 || !n.carriers.renewable[u(carrier)]) continue;
        auto cost = gen.marginal_cost_cny_per_mwh.mutable_row(g);
        for (Index t = 0; t < T; ++t) cost[u(t)] += funds(t);
      }
      auto sell = n.grid.sell_price_cny_per_mwh.mutable_row(c);
      for (Index t = 0; t < T; ++t) sell[u(t)] += funds(t);
    }
  }
  n.paths.arrangement_applied = true;
}

}  // namespace parkgrid
