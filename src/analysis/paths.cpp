// The reform paths on one model: build once, then for each path change costs and bounds in
// place and re-solve from the previous basis. Every number of a path's waterfall comes from the
// solution of that path and the tariff; the waterfall is reconciled with the LP's objective.
#include "parkgrid/paths.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "io/json_number.hpp"
#include "io/table_json.hpp"
#include "parkgrid/formulate.hpp"
#include "parkgrid/results.hpp"
#include "parkgrid/tariff.hpp"

namespace parkgrid::paths {
namespace {

using formulate::at;
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Variant {
  const char* id;
  const char* name_en;
  const char* name_zh;
  bool linkage, distribution, integration;
};

constexpr Variant kVariants[] = {
    {"baseline", "Baseline: grid supply, large-industry tariff", "基准：电网供电（大工业电价）",
     false, false, false},
    {"linkage", "Path 1: generation linkage", "路径一：发电联动", true, false, false},
    {"distribution", "Path 2: incremental distribution network", "路径二：增量配电网", false, true,
     false},
    {"integration", "Path 3: source-grid-load-storage", "路径三：源网荷储一体化", false, false,
     true},
    {"combined", "All three combined", "三者结合", true, true, true},
};

// Parameters a sensitivity may change.
struct Params {
  double coal_price_cny_per_tce = 0;
  double carbon_price_cny_per_t = 0;
  double pv_capex_cny_per_mw = -1;  // < 0: as in the scenario
};

// Everything resolved once: the model network, the tariff at both voltages, the component sets.
struct Setup {
  Network net;  // the scenario with the path-3 policy rows switched on
  tariff::Tariff tariff;
  Index grid = -1;
  std::vector<Index> linkage, onsite_gens, onsite_storage;
  std::vector<char> is_linkage, is_onsite_gen, is_onsite_storage;
  tariff::HourlyPrices user, conn;
  // The market price of each snapshot (the connection's market_price_cny_per_mwh), and whether
  // path 3 buys and sells at it ([paths] integration_energy_price = "market").
  std::vector<double> market;
  bool integration_at_market = false;
  double scenario_export_max_mw = 0;
  double distribution_annual_cny = 0;
  double self_consumption_rhs = 0;  // the built row's lower bound (fixed on-site RE)
};

std::vector<Index> resolve(const std::vector<std::string>& names,
                           const std::vector<std::string>& table, std::string_view what,
                           std::string_view field, const Network& net, Diagnostics& diag) {
  std::vector<Index> out;
  for (const std::string& n : names) {
    const auto it = std::find(table.begin(), table.end(), n);
    if (it != table.end()) {
      out.push_back(static_cast<Index>(it - table.begin()));
      continue;
    }
    const std::string hint = did_you_mean(n, table);
    diag.add({net.source, net.paths.line, "[paths]", std::string(field), fmt::format("\"{}\"", n),
              fmt::format("no {} of that name{}", what,
                          hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint))});
  }
  return out;
}

Setup prepare(const Network& scenario) {
  Diagnostics diag;
  const ReformPaths& p = scenario.paths;
  if (!p.present) {
    diag.add({scenario.source, 0, "", "[paths]", "",
              "is missing: `parkgrid paths` needs it (see docs/tariffs.md)"});
    diag.throw_if_any();
  }
  Setup s;
  s.net = scenario;
  s.tariff = tariff::read_tariff(p.tariff);
  Network& net = s.net;
  // The grid connection the tariff applies to.
  if (!p.grid_connection.empty()) {
    const auto g = resolve({p.grid_connection}, net.grid.name, "grid connection", "grid_connection",
                           net, diag);
    if (!g.empty()) s.grid = g[0];
  } else if (net.grid.size() == 1) {
    s.grid = 0;
  } else {
    diag.add({net.source, p.line, "[paths]", "grid_connection", "",
              fmt::format("name the grid connection the tariff applies to ({} connections)",
                          net.grid.size())});
  }
  s.linkage = resolve(p.linkage_generators, net.generators.name, "generator", "linkage_generators",
                      net, diag);
  s.onsite_gens = resolve(p.onsite_generators, net.generators.name, "generator",
                          "onsite_generators", net, diag);
  s.onsite_storage = resolve(p.onsite_storage, net.storage_units.name, "storage unit",
                             "onsite_storage", net, diag);
  for (Index g : s.linkage)
    if (net.generators.capacity_mw.extendable[u(g)])
      diag.add({net.source, p.line, "[paths]", "linkage_generators",
                fmt::format("\"{}\"", net.generators.name[u(g)]),
                "a linkage generator is an existing plant: it must not be extendable"});
  for (Index g : s.linkage)
    if (std::find(s.onsite_gens.begin(), s.onsite_gens.end(), g) != s.onsite_gens.end())
      diag.add({net.source, p.line, "[paths]", "onsite_generators",
                fmt::format("\"{}\"", net.generators.name[u(g)]), "is also a linkage generator"});
  diag.throw_if_any();
  // Both voltage levels must be in the tariff (hourly_prices names the levels it has).
  s.user = tariff::hourly_prices(s.tariff, net.snapshots, p.user_voltage);
  s.conn = tariff::hourly_prices(s.tariff, net.snapshots, p.connection_voltage);

  const Index G = net.generators.size();
  s.is_linkage.assign(u(G), 0);
  s.is_onsite_gen.assign(u(G), 0);
  s.is_onsite_storage.assign(u(net.storage_units.size()), 0);
  for (Index g : s.linkage) s.is_linkage[u(g)] = 1;
  for (Index g : s.onsite_gens) s.is_onsite_gen[u(g)] = 1;
  for (Index k : s.onsite_storage) s.is_onsite_storage[u(k)] = 1;

  // The model: path-3 policy rows present (switched off by their bounds elsewhere), linkage
  // plants metered through the connection, a monthly peak column for the fixed charges.
  net.policy.min_green_share = p.min_green_share;
  net.policy.min_self_consumption_share = p.min_self_consumption_share;
  for (Index g : s.linkage) net.generators.supplied_via[u(g)] = s.grid;
  add_linkage_energy_cap(net, s.linkage);  // path 1: the plants' design output
  add_linkage_block(net, s.linkage);       // path 1: a flat contract's 24-hour block
  const auto c = u(s.grid);
  net.grid.demand_charge_cny_per_kw_month[c] = 1.0;  // real charges are set per path
  s.scenario_export_max_mw = net.grid.export_max_mw[c];
  // Exports are paid the tariff's feed-in price (path 3 at market: the market price).
  s.market.resize(u(net.snapshot_count()));
  for (Index t = 0; t < net.snapshot_count(); ++t)
    s.market[u(t)] = net.grid.market_cny_per_mwh(s.grid, t);
  s.integration_at_market = integration_buys_at_market(p);
  TimeSeries sell(net.snapshot_count());
  for (Index g = 0; g < net.grid.size(); ++g) {
    if (g == s.grid)
      sell.add_constant(s.tariff.export_price_cny_per_mwh);
    else
      sell.add_series(net.grid.sell_price_cny_per_mwh.row(g));
  }
  net.grid.sell_price_cny_per_mwh = std::move(sell);
  net.grid.export_max_mw[c] = std::max(s.scenario_export_max_mw, p.export_max_mw);
  s.distribution_annual_cny =
      annuity(p.distribution_capex_cny, net.discount_rate, p.distribution_lifetime_years) +
      p.distribution_om_cny_per_year;
  return s;
}

// Monthly fixed charge per kW: the demand charge, or under path 3 the T&D per kW of connection
// capacity (demand charge + T&D energy charge x load factor x hours of a month).
double fixed_charge_per_kw_month(const Setup& s, const tariff::HourlyPrices& v, bool integration,
                                 std::string_view voltage) {
  double charge = v.demand_charge_cny_per_kw_month;
  if (integration) {
    const tariff::VoltageLevel* level = s.tariff.voltage(voltage);
    charge += tariff::capacity_tnd_per_kw_month(level->transmission_cny_per_mwh,
                                                s.net.paths.tnd_load_factor);
  }
  return charge;
}

using tariff::network_per_mwh;

// What path v pays per MWh imported in snapshot t before the network charges: the tariff's
// energy price, or in path 3 at market ([paths] integration_energy_price) the market price.
double energy_price(const Setup& s, const Variant& v, const tariff::HourlyPrices& prices, Index t) {
  return v.integration && s.integration_at_market ? s.market[u(t)] : prices.energy[u(t)];
}

// What path v is paid per MWh exported in snapshot t (before the funds of
// funds_on_self_consumption): the tariff's feed-in price, or in path 3 at market the market
// price.
double export_price(const Setup& s, const Variant& v, Index t) {
  return v.integration && s.integration_at_market ? s.market[u(t)]
                                                  : s.net.grid.sell_price_cny_per_mwh.at(s.grid, t);
}

double linked_price(const Setup& s, const Params& q, Index g) {
  return tariff::linked_price_cny_per_mwh(q.coal_price_cny_per_tce,
                                          s.net.generators.efficiency[u(g)],
                                          s.net.paths.linkage_margin_cny_per_mwh);
}

// What generator g's output costs under path v, before the part-load heat rate: a linkage plant
// at its linked price, delivered with the path's network charges; every other plant at the
// scenario's marginal cost and delivery charge. Priced by formulate::GeneratorCost, the LP's
// own cost definition, in the costs (changes_for) and in the bill (evaluate).
struct PlantPrice {
  double fuel_cny_per_mwh = 0, delivery_cny_per_mwh = 0;
};
PlantPrice plant_price(const Setup& s, const Variant& v, const Params& q,
                       const tariff::HourlyPrices& prices, Index g, Index t) {
  if (s.is_linkage[u(g)])
    return {linked_price(s, q, g), network_per_mwh(prices, v.integration, u(t))};
  return {s.net.generators.marginal_cost_cny_per_mwh.at(g, t),
          delivery_charge_cny_per_mwh(s.net, g, t)};
}

bool is_solar(const Network& net, Index g) {
  const Index c = net.generators.carrier[u(g)];
  return c >= 0 && (net.carriers.name[u(c)] == "solar" || net.carriers.name[u(c)] == "pv");
}

// What differs between paths: costs, column bounds and row bounds, as sets.
struct Changes {
  std::vector<Index> cost_cols;
  std::vector<double> costs;
  std::vector<Index> bound_cols;
  std::vector<double> lower, upper;
  std::vector<Index> rows;
  std::vector<double> row_lower, row_upper;
};

// Every cost and bound that differs between paths, for path `v` with parameters `q`.
Changes changes_for(const Setup& s, const formulate::Model& m, const Variant& v, const Params& q) {
  Changes ch;
  const Network& net = s.net;
  const formulate::Layout& L = m.layout;
  const LinearProgram& lp = m.lp;
  const Index T = net.snapshot_count();
  const tariff::HourlyPrices& prices = v.distribution ? s.conn : s.user;
  const std::string& voltage =
      v.distribution ? net.paths.connection_voltage : net.paths.user_voltage;
  const auto w = [&](Index t) { return net.snapshots.weight_hours[u(t)]; };
  auto set_cost = [&](Index col, double cost) {
    ch.cost_cols.push_back(col);
    ch.costs.push_back(cost);
  };

  // Costs: grid import, linkage plants, monthly peaks, PV capacity, on-site generation.
  const Index c = s.grid;
  const double grid_co2 = net.grid.co2_t_per_mwh[u(c)];
  for (Index t = 0; t < T; ++t) {
    const double price =
        energy_price(s, v, prices, t) + network_per_mwh(prices, v.integration, u(t));
    set_cost(L.grid_import.at(c, t), w(t) * (price + q.carbon_price_cny_per_t * grid_co2));
  }
  if (const Index pk = at(L.grid_demand_charge, c); pk >= 0)
    for (Index mo = 0; mo < L.grid_peak_mw.per_component; ++mo)
      set_cost(L.grid_peak_mw.at(pk, mo),
               1000.0 * fixed_charge_per_kw_month(s, prices, v.integration, voltage));
  // Generators: output, units online (no-load fuel) and extracted heat, through the LP's own
  // cost definition at this path's prices (a linkage plant at its linked price).
  const bool funds_on_self = v.integration && net.paths.funds_on_self_consumption;
  const double carbon = q.carbon_price_cny_per_t;
  for (Index g = 0; g < net.generators.size(); ++g) {
    const bool onsite_re =
        s.is_onsite_gen[u(g)] && net.carriers.renewable[u(net.generators.carrier[u(g)])];
    const formulate::GeneratorCost costs(net, g);
    const Index com = at(L.com, g), chp = at(L.chp, g);
    for (Index t = 0; t < T; ++t) {
      const PlantPrice pp = plant_price(s, v, q, prices, g, t);
      set_cost(
          L.generator_p.at(g, t),
          w(t) * (costs.output(pp.fuel_cny_per_mwh, carbon, pp.delivery_cny_per_mwh).total_cny() +
                  (funds_on_self && onsite_re ? prices.government_funds[u(t)] : 0.0)));
      if (com >= 0)
        set_cost(L.generator_online.at(com, t),
                 w(t) * costs.online(pp.fuel_cny_per_mwh, carbon).total_cny());
      if (chp >= 0)
        set_cost(L.chp_heat.at(chp, t), w(t) * costs.heat(pp.fuel_cny_per_mwh, carbon).total_cny());
    }
    if (const Index e = at(L.generator_ext, g);
        e >= 0 && q.pv_capex_cny_per_mw >= 0 && is_solar(net, g)) {
      const CapacityTable& cap = net.generators.capacity_mw;
      set_cost(L.generator_capacity.at(e),
               annuity(q.pv_capex_cny_per_mw, net.discount_rate, cap.lifetime_years[u(g)]) +
                   cap.fixed_om_cny_per_unit_year[u(g)]);
    }
  }
  for (Index t = 0; t < T; ++t)
    set_cost(
        L.grid_export.at(c, t),
        -w(t) * (export_price(s, v, t) + (funds_on_self ? prices.government_funds[u(t)] : 0.0)));

  // Bounds: which plants may run, what may be built, how much may be exported.
  auto set_bounds = [&](Index col, double lo, double up) {
    ch.bound_cols.push_back(col);
    ch.lower.push_back(lo);
    ch.upper.push_back(up);
  };
  for (Index g = 0; g < net.generators.size(); ++g) {
    const bool enabled = s.is_linkage[u(g)]      ? v.linkage
                         : s.is_onsite_gen[u(g)] ? v.integration
                                                 : true;
    if (const Index e = at(L.generator_ext, g); e >= 0) {
      const Index col = L.generator_capacity.at(e);
      set_bounds(col, enabled ? lp.col_lower[u(col)] : 0.0, enabled ? lp.col_upper[u(col)] : 0.0);
    } else {
      for (Index t = 0; t < T; ++t) {
        const Index col = L.generator_p.at(g, t);
        set_bounds(col, enabled ? lp.col_lower[u(col)] : 0.0, enabled ? lp.col_upper[u(col)] : 0.0);
      }
    }
    // A committable plant a path leaves out has no units online, starts or stops, and is not
    // held to the initial state of an open horizon (units up before it, the minimum up time
    // left): its transition and up-time rows are released.
    if (const Index k = at(L.com, g); k >= 0) {
      for (const Block* b : {&L.generator_online, &L.generator_start, &L.generator_stop,
                             &L.generator_day_start, &L.generator_day_stop})
        for (Index t = 0; t < b->per_component && !b->empty(); ++t) {
          const Index col = b->at(k, t);
          set_bounds(col, enabled ? lp.col_lower[u(col)] : 0.0,
                     enabled ? lp.col_upper[u(col)] : 0.0);
        }
      auto set_row = [&](Index row, double lo, double up) {
        ch.rows.push_back(row);
        ch.row_lower.push_back(enabled ? lp.row_lower[u(row)] : lo);
        ch.row_upper.push_back(enabled ? lp.row_upper[u(row)] : up);
      };
      for (Index t = 0; t < T; ++t) set_row(L.generator_transition.at(k, t), 0.0, 0.0);
      if (const Index up = at(L.com_up, g); up >= 0)
        for (Index t = 0; t < T; ++t) set_row(L.generator_up_time.at(up, t), 0.0, kInf);
    }
  }
  for (Index k = 0; k < net.storage_units.size(); ++k) {
    const bool enabled = !s.is_onsite_storage[u(k)] || v.integration;
    for (const auto& [block, ext] :
         {std::pair{&L.storage_power_capacity, &L.storage_power_ext},
          std::pair{&L.storage_energy_capacity, &L.storage_energy_ext}}) {
      if (const Index e = at(*ext, k); e >= 0) {
        const Index col = block->at(e);
        set_bounds(col, enabled ? lp.col_lower[u(col)] : 0.0, enabled ? lp.col_upper[u(col)] : 0.0);
      }
    }
    if (at(L.storage_power_ext, k) < 0)
      for (const Block* b : {&L.storage_charge, &L.storage_discharge})
        for (Index t = 0; t < T; ++t) {
          const Index col = b->at(k, t);
          set_bounds(col, 0.0, enabled ? lp.col_upper[u(col)] : 0.0);
        }
  }
  const double export_cap = v.integration ? net.paths.export_max_mw : s.scenario_export_max_mw;
  for (Index t = 0; t < T; ++t) set_bounds(L.grid_export.at(c, t), 0.0, export_cap);

  // Rows: the path-3 policy rows hold only under path 3.
  if (!L.green_share.empty()) {
    ch.rows.push_back(L.green_share.at(0));
    ch.row_lower.push_back(v.integration ? 0.0 : -kInf);
    ch.row_upper.push_back(kInf);
  }
  if (!L.self_consumption.empty()) {
    ch.rows.push_back(L.self_consumption.at(0));
    ch.row_lower.push_back(v.integration ? lp.row_lower[u(L.self_consumption.at(0))] : -kInf);
    ch.row_upper.push_back(kInf);
  }
  return ch;
}

void apply(solve::LpSolver& solver, const Changes& ch) {
  solver.change_col_costs(ch.cost_cols, ch.costs);
  solver.change_col_bounds(ch.bound_cols, ch.lower, ch.upper);
  if (!ch.rows.empty()) solver.change_row_bounds(ch.rows, ch.row_lower, ch.row_upper);
}

// The model of one path as arrays, for explaining an infeasible path.
formulate::Model with_changes(const formulate::Model& m, const Changes& ch) {
  formulate::Model out = m;
  for (std::size_t i = 0; i < ch.cost_cols.size(); ++i)
    out.lp.col_cost[u(ch.cost_cols[i])] = ch.costs[i];
  for (std::size_t i = 0; i < ch.bound_cols.size(); ++i) {
    out.lp.col_lower[u(ch.bound_cols[i])] = ch.lower[i];
    out.lp.col_upper[u(ch.bound_cols[i])] = ch.upper[i];
  }
  for (std::size_t i = 0; i < ch.rows.size(); ++i) {
    out.lp.row_lower[u(ch.rows[i])] = ch.row_lower[i];
    out.lp.row_upper[u(ch.rows[i])] = ch.row_upper[i];
  }
  return out;
}

// A path's figures from its solution.
PathResult evaluate(const Setup& s, const formulate::Model& m, const solve::Solution& sol,
                    const Variant& v, const Params& q) {
  const Network& net = s.net;
  const formulate::Layout& L = m.layout;
  const Index T = net.snapshot_count();
  const tariff::HourlyPrices& prices = v.distribution ? s.conn : s.user;
  const std::string& voltage =
      v.distribution ? net.paths.connection_voltage : net.paths.user_voltage;
  PathResult r;
  r.id = v.id;
  r.name_en = v.name_en;
  r.name_zh = v.name_zh;
  r.status = std::string(solve::status_name(sol.status));
  r.iterations = sol.iterations;
  if (!sol.has_primal) {
    r.price_cny_per_kwh = r.saving_cny_per_kwh = r.simple_payback_years =
        std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  r.has_solution = true;
  r.objective_cny = sol.objective;
  const auto& x = sol.col_value;
  const auto w = [&](Index t) { return net.snapshots.weight_hours[u(t)]; };
  const auto val = [&](const Block& b, Index i, Index t = 0) { return x[u(b.at(i, t))]; };
  Waterfall& f = r.waterfall;
  const Index c = s.grid;
  const bool funds_on_self = v.integration && net.paths.funds_on_self_consumption;

  // Energy arriving over the public grid: imports and linkage plants.
  double re = 0, other = 0, onsite_re_energy = 0;
  for (Index t = 0; t < T; ++t) {
    const double imp = val(L.grid_import, c, t);
    const double exp = val(L.grid_export, c, t);
    double linked_mw = 0;
    for (Index g : s.linkage) linked_mw += val(L.generator_p, g, t);
    f.energy_cny += w(t) * imp * energy_price(s, v, prices, t);
    const double crossing = w(t) * (imp + linked_mw);
    if (!v.integration) f.transmission_cny += crossing * prices.transmission[u(t)];
    f.losses_and_system_cny += crossing * (prices.line_loss[u(t)] + prices.system_operation[u(t)]);
    f.funds_cny += crossing * prices.government_funds[u(t)];
    f.export_revenue_cny += w(t) * exp * export_price(s, v, t);
    if (funds_on_self) f.funds_cny -= w(t) * exp * prices.government_funds[u(t)];
    r.grid_import_mwh += w(t) * imp;
    r.grid_export_mwh += w(t) * exp;
    r.co2_t += w(t) * imp * net.grid.co2_t_per_mwh[u(c)];
  }
  if (const Index pk = at(L.grid_demand_charge, c); pk >= 0)
    for (Index mo = 0; mo < L.grid_peak_mw.per_component; ++mo)
      f.fixed_charge_cny += 1000.0 * fixed_charge_per_kw_month(s, prices, v.integration, voltage) *
                            val(L.grid_peak_mw, pk, mo);

  // Generators: CO2, green share, the park's own plants. Heat's own CO2: fuel boilers and the
  // extraction's beta x h (the power-loss method, as the summary).
  double direct_heat_co2 = 0;
  for (Index g = 0; g < net.generators.size(); ++g) {
    const CapacityTable& cap = net.generators.capacity_mw;
    const Index e = at(L.generator_ext, g);
    const double capacity = e >= 0 ? val(L.generator_capacity, e) : cap.existing[u(g)];
    const bool renewable = net.carriers.renewable[u(net.generators.carrier[u(g)])];
    const bool electric = net.buses.electric[u(net.generators.bus[u(g)])] != 0;
    const bool enabled = s.is_linkage[u(g)]      ? v.linkage
                         : s.is_onsite_gen[u(g)] ? v.integration
                                                 : true;
    // Fuel (the linked price for a linkage plant: the contract's energy), delivery charges and
    // CO2 at the costs of changes_for (formulate::GeneratorCost): output, no-load fuel of the
    // units online, start-ups and shut-downs (their LP costs, which no path changes). The
    // carbon price is billed on the CO2 (carbon_cny), a linkage plant's delivery on the energy
    // crossing the grid (above).
    const formulate::GeneratorCost costs(net, g);
    const Index com = at(L.com, g);
    double energy = 0, fuel = 0, delivery = 0, co2 = 0, curtailed = 0;
    for (Index t = 0; t < T; ++t) {
      const double p = val(L.generator_p, g, t);
      const PlantPrice pp = plant_price(s, v, q, prices, g, t);
      const formulate::CostParts out = costs.output(pp.fuel_cny_per_mwh, 0.0, 0.0);
      energy += w(t) * p;
      fuel += w(t) * p * out.fuel_cny;
      delivery += w(t) * p * pp.delivery_cny_per_mwh;
      co2 += w(t) * p * out.co2_t;
      if (com >= 0) {
        const double on = val(L.generator_online, com, t);
        const formulate::CostParts no_load = costs.online(pp.fuel_cny_per_mwh, 0.0);
        fuel += w(t) * on * no_load.fuel_cny;
        co2 += w(t) * on * no_load.co2_t;
        for (const Block* b : {&L.generator_start, &L.generator_stop})
          fuel += m.lp.col_cost[u(b->at(com, t))] * val(*b, com, t);
      }
      if (renewable)
        curtailed += w(t) * std::max(0.0, net.generators.availability_pu.at(g, t) * capacity - p);
      if (funds_on_self && renewable && s.is_onsite_gen[u(g)])
        f.funds_cny += w(t) * p * prices.government_funds[u(t)];
    }
    if (com >= 0)  // starts and shut-downs from one calendar day into the next (linked days)
      for (const Block* b : {&L.generator_day_start, &L.generator_day_stop})
        for (Index j = 0; j < b->per_component && !b->empty(); ++j)
          fuel += m.lp.col_cost[u(b->at(com, j))] * val(*b, com, j);
    if (const Index k = at(L.chp, g); k >= 0) {
      // Extraction heat: the fuel of power_loss_ratio MWh of the plant's output per MWh_th.
      for (Index t = 0; t < T; ++t) {
        const formulate::CostParts heat_fuel =
            costs.heat(plant_price(s, v, q, prices, g, t).fuel_cny_per_mwh, 0.0);
        const double h = w(t) * val(L.chp_heat, k, t);
        fuel += h * heat_fuel.fuel_cny;
        r.co2_t += h * heat_fuel.co2_t;
        direct_heat_co2 += h * heat_fuel.co2_t;
      }
    }
    r.co2_t += co2;
    if (net.buses.is_heat(net.generators.bus[u(g)])) direct_heat_co2 += co2;
    if (s.is_linkage[u(g)]) f.energy_cny += fuel;
    if (electric) (renewable ? re : other) += energy;
    if (renewable && s.is_onsite_gen[u(g)]) onsite_re_energy += energy;
    if (enabled && renewable) r.curtailment_mwh += curtailed;
    if (s.is_linkage[u(g)] || !enabled) continue;
    const double capex = (q.pv_capex_cny_per_mw >= 0 && e >= 0 && is_solar(net, g))
                             ? q.pv_capex_cny_per_mw
                             : cap.capex_cny_per_unit[u(g)];
    f.own_assets_cny += fuel + delivery + cap.fixed_om_cny_per_unit_year[u(g)] * capacity;
    if (e >= 0) {
      f.own_assets_cny += annuity(capex, net.discount_rate, cap.lifetime_years[u(g)]) *
                          (capacity - cap.existing[u(g)]);
      r.investment_cny += capex * (capacity - cap.existing[u(g)]);
      if (capacity > 1e-6) {
        analysis::CapacityResult b{"generator", net.generators.name[u(g)], "capacity_mw",
                                   true,        cap.existing[u(g)],        capacity};
        b.energy_mwh = energy;
        r.built.push_back(b);
      }
    }
  }
  f.carbon_cny = q.carbon_price_cny_per_t * r.co2_t;

  // Storage, stores and links: the park's own assets (built or fixed).
  auto own = [&](const CapacityTable& cap, Index i, double capacity, bool ext, const char* family,
                 const std::string& name, const char* quantity) {
    f.own_assets_cny += cap.fixed_om_cny_per_unit_year[u(i)] * capacity;
    if (!ext) return;
    const double added = capacity - cap.existing[u(i)];
    f.own_assets_cny += capex_annuity(cap, i, net.discount_rate) * added;
    r.investment_cny += cap.capex_cny_per_unit[u(i)] * added;
    if (capacity > 1e-6)
      r.built.push_back({family, name, quantity, true, cap.existing[u(i)], capacity});
  };
  const StorageUnits& su = net.storage_units;
  for (Index k = 0; k < su.size(); ++k) {
    if (s.is_onsite_storage[u(k)] && !v.integration) continue;
    const Index pe = at(L.storage_power_ext, k);
    own(su.power_mw, k, pe >= 0 ? val(L.storage_power_capacity, pe) : su.power_mw.existing[u(k)],
        pe >= 0, "storage_unit", su.name[u(k)], "power_mw");
    if (su.max_hours[u(k)] == 0.0) {
      const Index ee = at(L.storage_energy_ext, k);
      own(su.energy_mwh, k,
          ee >= 0 ? val(L.storage_energy_capacity, ee) : su.energy_mwh.existing[u(k)], ee >= 0,
          "storage_unit", su.name[u(k)], "energy_mwh");
    }
    for (Index t = 0; t < T; ++t)
      f.own_assets_cny +=
          w(t) * val(L.storage_discharge, k, t) * su.marginal_cost_cny_per_mwh[u(k)];
  }
  const Stores& st = net.stores;
  for (Index k = 0; k < st.size(); ++k) {
    const Index e = at(L.store_ext, k);
    own(st.energy_mwh, k, e >= 0 ? val(L.store_capacity, e) : st.energy_mwh.existing[u(k)], e >= 0,
        "store", st.name[u(k)], "energy_mwh");
    for (Index t = 0; t < T; ++t)
      f.own_assets_cny += w(t) * val(L.store_dispatch, k, t) * st.marginal_cost_cny_per_mwh[u(k)];
  }
  // Heat beside electricity: its load at this path's heat price (the summary's one formula) is
  // what the heat users pay; it leaves the electricity price.
  const analysis::HeatValue heat = analysis::heat_value(net, m, sol);
  const bool heat_priced = std::isfinite(heat.price_cny_per_mwh);
  const Links& lk = net.links;
  double converted = 0, electricity_into_heat = 0;
  for (Index k = 0; k < lk.size(); ++k) {
    const Index e = at(L.link_ext, k);
    own(lk.capacity_mw, k, e >= 0 ? val(L.link_capacity, e) : lk.capacity_mw.existing[u(k)], e >= 0,
        "link", lk.name[u(k)], "capacity_mw");
    // Electricity converted into another product (hydrogen) is consumption; electricity
    // converted into heat is not when the heat has a price: the heat users pay for it
    // (heat_revenue_cny). Without duals (integer commitment) the whole bill stays on electricity.
    const Index to = lk.to_bus[u(k)];
    const bool into_other = net.buses.electric[u(lk.from_bus[u(k)])] &&
                            !net.buses.electric[u(to)] && !(heat_priced && net.buses.is_heat(to));
    const bool into_heat = net.buses.electric[u(lk.from_bus[u(k)])] && net.buses.is_heat(to);
    for (Index t = 0; t < T; ++t) {
      f.own_assets_cny += w(t) * val(L.link_p, k, t) * lk.marginal_cost_cny_per_mwh[u(k)];
      if (into_other) converted += w(t) * val(L.link_p, k, t);
      if (into_heat) electricity_into_heat += w(t) * std::max(0.0, val(L.link_p, k, t));
    }
  }
  if (v.distribution) {
    f.own_assets_cny += s.distribution_annual_cny;
    r.investment_cny += net.paths.distribution_capex_cny;
  }

  // Green share (of the net electricity supply, exports deducted from renewables first) and the
  // certificates that bring a path up to the green target.
  const double supply = re + other + r.grid_import_mwh - r.grid_export_mwh;
  r.green_share = analysis::green_share(re, other, r.grid_import_mwh, r.grid_export_mwh);
  const double shortfall_mwh =
      std::max(0.0, net.paths.min_green_share * supply - (re - r.grid_export_mwh));
  f.green_certificates_cny = shortfall_mwh * s.tariff.green_certificate_cny_per_mwh;

  double load = 0;
  for (Index l = 0; l < net.loads.size(); ++l)
    if (net.buses.electric[u(net.loads.bus[u(l)])])
      for (Index t = 0; t < T; ++t) load += w(t) * net.loads.demand_mw.at(l, t);
  r.heat_load_mwh = heat.load_mwh;
  f.heat_revenue_cny = heat.value_cny;
  r.heat_price_cny_per_mwh = heat.price_cny_per_mwh;
  r.consumption_mwh = load + converted;
  r.price_cny_per_kwh = r.consumption_mwh > 0 ? f.total_cny() / (r.consumption_mwh * 1000.0) : 0.0;
  // CO2 of electricity per kWh: the CO2 not made by heat plants over all electricity used, the
  // electric boilers' input included; heat's CO2 is its own plus that intensity on their input.
  const double electricity_co2 = r.co2_t - direct_heat_co2;
  const double electricity_used = r.consumption_mwh + (heat_priced ? electricity_into_heat : 0.0);
  r.co2_kg_per_kwh = electricity_used > 0 ? electricity_co2 / electricity_used : 0.0;
  r.heat_co2_t = direct_heat_co2 + (heat_priced ? r.co2_kg_per_kwh * electricity_into_heat : 0.0);
  (void)onsite_re_energy;
  // The LP's objective holds everything above but the certificates and the distribution
  // network (accounting, not decisions), and it keeps the fixed O&M of fixed components that this
  // path switches off (a constant): the gap must be zero up to the solver's tolerance.
  double disabled_fixed_om = 0;
  for (Index g = 0; g < net.generators.size(); ++g) {
    const bool enabled = s.is_linkage[u(g)]      ? v.linkage
                         : s.is_onsite_gen[u(g)] ? v.integration
                                                 : true;
    if (!enabled && at(L.generator_ext, g) < 0)
      disabled_fixed_om += net.generators.capacity_mw.fixed_om_cny_per_unit_year[u(g)] *
                           net.generators.capacity_mw.existing[u(g)];
  }
  for (Index k = 0; k < su.size(); ++k) {
    if (!s.is_onsite_storage[u(k)] || v.integration) continue;
    if (at(L.storage_power_ext, k) < 0)
      disabled_fixed_om +=
          su.power_mw.fixed_om_cny_per_unit_year[u(k)] * su.power_mw.existing[u(k)];
    if (su.max_hours[u(k)] == 0.0 && at(L.storage_energy_ext, k) < 0)
      disabled_fixed_om +=
          su.energy_mwh.fixed_om_cny_per_unit_year[u(k)] * su.energy_mwh.existing[u(k)];
  }
  r.reconciliation_gap_cny =
      r.objective_cny - (f.total_cny() + f.heat_revenue_cny - f.green_certificates_cny -
                         (v.distribution ? s.distribution_annual_cny : 0.0) + disabled_fixed_om);
  return r;
}

void finish(std::vector<PathResult>& rows) {
  if (rows.empty()) return;
  const PathResult& base = rows.front();
  for (PathResult& r : rows) {
    if (&r == &base || !r.has_solution || !base.has_solution) {
      // No saving against a path without a solution, nor for one without a solution.
      if (&r != &base) r.saving_cny_per_kwh = std::numeric_limits<double>::quiet_NaN();
      r.simple_payback_years = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    r.saving_cny_per_kwh = base.price_cny_per_kwh - r.price_cny_per_kwh;
    const double saving = base.waterfall.total_cny() - r.waterfall.total_cny();
    const double extra_investment = r.investment_cny - base.investment_cny;
    r.simple_payback_years = saving > 0 && extra_investment > 0     ? extra_investment / saving
                             : extra_investment <= 0 && saving >= 0 ? 0.0
                                                                    : kInf;
  }
}

std::vector<PathResult> run_all(const Setup& s, const formulate::Model& m, solve::LpSolver& solver,
                                const Options& o, const Params& q) {
  std::vector<PathResult> rows;
  solve::Options chained = o.solver;  // each path re-solves from the previous path's basis
  chained.highs_scaling = true;
  for (const Variant& v : kVariants) {
    const Changes ch = changes_for(s, m, v, q);
    apply(solver, ch);
    const auto t0 = Clock::now();
    const solve::Solution sol = solver.solve(chained);
    const double solve_s = seconds_since(t0);
    PathResult r = evaluate(s, m, sol, v, q);
    r.solve_s = solve_s;
    if (sol.status == solve::Status::kInfeasible || sol.status == solve::Status::kUnbounded) {
      r.violations = analysis::explain_infeasibility(s.net, with_changes(m, ch), o.solver);
      if (!r.violations.empty()) r.status = "infeasible";
    }
    if (o.compare_cold) {
      auto cold = solve::make_highs();
      cold->load(m.lp);
      apply(*cold, ch);
      const auto t1 = Clock::now();
      const solve::Solution cold_solution = cold->solve(o.solver);
      r.cold_solve_s = seconds_since(t1);
      r.cold_objective_cny = cold_solution.objective;
    }
    rows.push_back(std::move(r));
  }
  finish(rows);
  return rows;
}

}  // namespace

double Waterfall::total_cny() const {
  double total = 0;
  for (const WaterfallPart& part : waterfall_parts()) total += part.signed_cny(*this);
  return total;
}

Result run(const Network& network, const Options& options) {
  const Setup s = prepare(network);
  Result result;
  result.scenario = network.name;
  result.tariff = s.tariff.name;
  result.snapshots = network.snapshot_count();
  result.hours = network.snapshots.total_hours();
  result.typical_days = static_cast<Index>(network.snapshots.represented_days.size());
  const auto t0 = Clock::now();
  const formulate::Model m = formulate::build(s.net);
  result.build_s = seconds_since(t0);
  auto solver = solve::make_highs();
  solver->load(m.lp);

  Params base;
  base.coal_price_cny_per_tce = network.paths.coal_price_cny_per_tce;
  base.carbon_price_cny_per_t = network.policy.carbon_price_cny_per_t;
  result.paths = run_all(s, m, *solver, options, base);

  for (const auto& [parameter, values] : options.sensitivities) {
    for (double value : values) {
      Params q = base;
      if (parameter == "coal_price_cny_per_tce")
        q.coal_price_cny_per_tce = value;
      else if (parameter == "carbon_price_cny_per_t")
        q.carbon_price_cny_per_t = value;
      else if (parameter == "pv_capex_cny_per_mw")
        q.pv_capex_cny_per_mw = value;
      else
        throw InputError(
            {{"--sensitivity", 0, "", "parameter", parameter,
              "one of coal_price_cny_per_tce, carbon_price_cny_per_t, pv_capex_cny_per_mw"}});
      Options o = options;
      o.compare_cold = false;
      result.sensitivities.push_back({parameter, value, run_all(s, m, *solver, o, q)});
    }
  }
  return result;
}

namespace {

// paths.csv's columns: the path, its price and saving, the waterfall's parts in CNY/kWh (one
// column each, from kWaterfallParts) and the path's figures.
using analysis::Cell;
using PathColumn = analysis::Column<PathResult>;

template <std::size_t K>
Cell part_cell(const PathResult& r) {
  return per_kwh(r, kWaterfallParts[K].signed_cny(r.waterfall));
}

// "Part of the price: Energy" and so on, kept for the columns' meanings.
const std::array<std::string, kWaterfallParts.size()>& part_meanings() {
  static const auto meanings = [] {
    std::array<std::string, kWaterfallParts.size()> m;
    for (std::size_t k = 0; k < m.size(); ++k)
      m[k] = fmt::format("part of the price: {}{}", kWaterfallParts[k].name_en,
                         kWaterfallParts[k].sign < 0 ? " (negative: a revenue)" : "");
    return m;
  }();
  return meanings;
}

template <std::size_t... K>
std::vector<PathColumn> part_columns(std::index_sequence<K...>) {
  return {PathColumn{kWaterfallParts[K].key, "CNY/kWh", part_meanings()[K], part_cell<K>, 6}...};
}

// Column readers for paths.json's rows read back (the report).
template <double PathResult::*field>
void read_number(PathResult& r, const Cell& c) {
  r.*field = std::get<double>(c);
}
template <std::string PathResult::*field>
void read_text(PathResult& r, const Cell& c) {
  r.*field = std::get<std::string>(c);
}

// The figures of a path, in paths.csv and paths.json alike.
std::vector<PathColumn> figure_columns() {
  return {
      {"consumption_mwh", "MWh", "electric loads plus electricity converted to other carriers",
       [](const PathResult& r) -> Cell { return r.consumption_mwh; }, 1,
       read_number<&PathResult::consumption_mwh>},
      {"green_share", "", "green share of the electricity used, 0-1",
       [](const PathResult& r) -> Cell { return r.green_share; }, 4,
       read_number<&PathResult::green_share>},
      {"co2_t", "t", "all the CO2 of the park's supply, heat included",
       [](const PathResult& r) -> Cell { return r.co2_t; }, 1, read_number<&PathResult::co2_t>},
      {"co2_kg_per_kwh", "kg/kWh", "electricity's CO2 per kWh used",
       [](const PathResult& r) -> Cell { return r.co2_kg_per_kwh; }, 4,
       read_number<&PathResult::co2_kg_per_kwh>},
      {"investment_cny", "CNY", "overnight capex of what the path builds",
       [](const PathResult& r) -> Cell { return r.investment_cny; }, 0,
       read_number<&PathResult::investment_cny>},
      {"simple_payback_years", "years",
       "extra investment over the baseline / yearly saving; 0 when the path saves with no extra "
       "investment; empty (null) for the baseline, without a solution, or when nothing is saved "
       "(printed: –, none, never)",
       [](const PathResult& r) -> Cell { return r.simple_payback_years; }, 2,
       read_number<&PathResult::simple_payback_years>},
      {"curtailment_mwh", "MWh", "renewable output available but not used",
       [](const PathResult& r) -> Cell { return r.curtailment_mwh; }, 1,
       read_number<&PathResult::curtailment_mwh>},
      {"grid_import_mwh", "MWh", "bought at the tariff's grid connection",
       [](const PathResult& r) -> Cell { return r.grid_import_mwh; }, 1,
       read_number<&PathResult::grid_import_mwh>},
      {"grid_export_mwh", "MWh", "sold at the tariff's grid connection",
       [](const PathResult& r) -> Cell { return r.grid_export_mwh; }, 1,
       read_number<&PathResult::grid_export_mwh>},
      {"heat_load_mwh", "MWh_th", "the loads at heat buses",
       [](const PathResult& r) -> Cell { return r.heat_load_mwh; }, 1,
       read_number<&PathResult::heat_load_mwh>},
      {"heat_price_cny_per_mwh", "CNY/MWh_th",
       "their load-weighted price on this path; empty (null) without heat load",
       [](const PathResult& r) -> Cell { return r.heat_price_cny_per_mwh; }, 2,
       read_number<&PathResult::heat_price_cny_per_mwh>},
      {"heat_cost_cny", "CNY", "the heat load at its hourly price: the heat's share of the bill",
       [](const PathResult& r) -> Cell { return r.waterfall.heat_revenue_cny; }, 0,
       [](PathResult& r, const Cell& c) { r.waterfall.heat_revenue_cny = std::get<double>(c); }},
      {"heat_co2_t", "t", "heat's CO2 (power-loss method for extraction CHP)",
       [](const PathResult& r) -> Cell { return r.heat_co2_t; }, 1,
       read_number<&PathResult::heat_co2_t>},
  };
}

const PathColumn kStatus{"status",
                         "",
                         "the solver status of this path",
                         [](const PathResult& r) -> Cell { return r.status; },
                         3,
                         read_text<&PathResult::status>};
const PathColumn kPrice{
    "price_cny_per_kwh",
    "CNY/kWh",
    "the waterfall's total / consumption; empty (null in JSON) without a solution",
    [](const PathResult& r) -> Cell { return r.price_cny_per_kwh; },
    6,
    read_number<&PathResult::price_cny_per_kwh>};
const PathColumn kSaving{"saving_cny_per_kwh",
                         "CNY/kWh",
                         "baseline price - this price; empty (null) when undefined",
                         [](const PathResult& r) -> Cell { return r.saving_cny_per_kwh; },
                         6,
                         read_number<&PathResult::saving_cny_per_kwh>};
const PathColumn kSolveS{"solve_s", "s", "solve time (warm, from the previous path's basis)",
                         [](const PathResult& r) -> Cell { return r.solve_s; }, 3};

std::vector<PathColumn> path_columns() {
  std::vector<PathColumn> c{{"path", "", "baseline, linkage, distribution, integration or combined",
                             [](const PathResult& r) -> Cell { return r.id; }},
                            kStatus,
                            kPrice,
                            kSaving};
  for (PathColumn& part : part_columns(std::make_index_sequence<kWaterfallParts.size()>()))
    c.push_back(part);
  for (PathColumn& figure : figure_columns()) c.push_back(figure);
  c.push_back(kSolveS);
  return c;
}

// paths.json's rows: the path with its names, its price and figures as in paths.csv, the LP's
// objective and the solve; each row also has the waterfall (waterfall_cny_per_kwh and
// waterfall_cny, by part and total), what it builds (built_table) and why it is infeasible
// (analysis::violations_table), written by row_json below.
std::vector<PathColumn> path_json_columns() {
  std::vector<PathColumn> c{
      {"id", "", "baseline, linkage, distribution, integration or combined",
       [](const PathResult& r) -> Cell { return r.id; }, 3, read_text<&PathResult::id>},
      {"name_en", "", "the path's name", [](const PathResult& r) -> Cell { return r.name_en; }, 3,
       read_text<&PathResult::name_en>},
      {"name_zh", "", "路径名称", [](const PathResult& r) -> Cell { return r.name_zh; }, 3,
       read_text<&PathResult::name_zh>},
      kStatus,
      {"has_solution", "", "the solver returned a point",
       [](const PathResult& r) -> Cell { return r.has_solution; }, 3,
       [](PathResult& r, const Cell& v) { r.has_solution = std::get<bool>(v); }},
      kPrice,
      kSaving};
  for (PathColumn& figure : figure_columns()) c.push_back(figure);
  const PathColumn rest[] = {
      {"objective_cny", "CNY", "the LP's objective for this path",
       [](const PathResult& r) -> Cell { return r.objective_cny; }},
      {"reconciliation_gap_cny", "CNY",
       "objective - the waterfall's total less what the LP leaves out: 0 when every yuan is "
       "accounted for",
       [](const PathResult& r) -> Cell { return r.reconciliation_gap_cny; }},
      kSolveS,
      {"cold_solve_s", "s", "solve time from scratch (--compare-cold); null when not measured",
       [](const PathResult& r) -> Cell {
         return r.cold_solve_s >= 0 ? r.cold_solve_s : std::numeric_limits<double>::quiet_NaN();
       }},
      {"iterations", "", "solver iterations",
       [](const PathResult& r) -> Cell { return r.iterations; }},
  };
  c.insert(c.end(), std::begin(rest), std::end(rest));
  return c;
}

using BuiltColumn = analysis::Column<analysis::CapacityResult>;
const BuiltColumn kBuilt[] = {
    {"family", "", "generator, storage_unit, store or link",
     [](const analysis::CapacityResult& b) -> Cell { return b.family; }, 3,
     [](analysis::CapacityResult& b, const Cell& v) { b.family = std::get<std::string>(v); }},
    {"name", "", "the component", [](const analysis::CapacityResult& b) -> Cell { return b.name; },
     3, [](analysis::CapacityResult& b, const Cell& v) { b.name = std::get<std::string>(v); }},
    {"quantity", "", "capacity_mw, power_mw or energy_mwh",
     [](const analysis::CapacityResult& b) -> Cell { return b.quantity; }, 3,
     [](analysis::CapacityResult& b, const Cell& v) { b.quantity = std::get<std::string>(v); }},
    {"built", "MW or MWh", "optimal - existing",
     [](const analysis::CapacityResult& b) -> Cell { return b.built(); }, 6,
     [](analysis::CapacityResult& b, const Cell& v) {
       b.optimal = b.existing + std::get<double>(v);
     }},
};

nlohmann::ordered_json row_json(const PathResult& r) {
  nlohmann::ordered_json j = io::row_json(path_json_table(), r);
  const Waterfall& f = r.waterfall;
  nlohmann::ordered_json wf, cny;
  for (const WaterfallPart& part : waterfall_parts()) {
    wf[part.key] = io::json_number(per_kwh(r, part.signed_cny(f)));
    cny[part.key] = part.signed_cny(f);
  }
  wf["total"] = io::json_number(per_kwh(r, f.total_cny()));
  cny["total"] = f.total_cny();
  j["waterfall_cny_per_kwh"] = wf;
  j["waterfall_cny"] = cny;
  j["built"] = io::table_json(built_table(), r.built);
  j["infeasibility"] = io::table_json(analysis::violations_table(), r.violations);
  return j;
}

// The rows of paths.csv, each after `prefix` (sensitivities.csv: its parameter and value).
std::string csv_rows(const std::vector<PathResult>& rows, const std::string& prefix) {
  std::string out;
  for (const PathResult& r : rows) out += prefix + analysis::table_csv_row(paths_table(), r);
  return out;
}

}  // namespace

const analysis::TableSpec<PathResult>& paths_table() {
  static const std::vector<PathColumn> columns = path_columns();
  static const analysis::TableSpec<PathResult> t{
      "paths.csv", "",
      "`parkgrid paths`: one row per path (`sensitivities.csv`: the same after `parameter,value`); "
      "the waterfall parts in CNY/kWh",
      columns};
  return t;
}

double per_kwh(const PathResult& r, double cny) {
  const double kwh = r.consumption_mwh * 1000.0;
  return kwh > 0 ? cny / kwh : 0.0;
}

const analysis::TableSpec<PathResult>& path_json_table() {
  static const std::vector<PathColumn> columns = path_json_columns();
  static const analysis::TableSpec<PathResult> t{
      "", "paths",
      "`parkgrid paths`: one object per path; each also has `waterfall_cny_per_kwh` and "
      "`waterfall_cny` (the parts of paths.csv and their `total`), `built` and `infeasibility` "
      "(as summary.json's)",
      columns, "paths.json"};
  return t;
}

const analysis::TableSpec<analysis::CapacityResult>& built_table() {
  static const analysis::TableSpec<analysis::CapacityResult> t{
      "", "built",
      "In each of paths.json's paths: what it builds, its extendable components with capacity "
      "> 0",
      kBuilt, "paths.json"};
  return t;
}

void write(const Result& result, const std::string& out_dir) {
  analysis::write_folder_atomically(out_dir, [&](const std::filesystem::path& tmp) {
    nlohmann::ordered_json j;
    j["scenario"] = result.scenario;
    j["tariff"] = result.tariff;
    j["build_s"] = result.build_s;
    j["snapshots"] = result.snapshots;
    j["hours"] = result.hours;
    j["typical_days"] = result.typical_days;
    // The waterfall's parts in order, with their names: readers (the web view) label by them.
    j["waterfall_parts"] = nlohmann::ordered_json::array();
    for (const WaterfallPart& part : waterfall_parts())
      j["waterfall_parts"].push_back(
          {{"key", part.key}, {"name_en", part.name_en}, {"name_zh", part.name_zh}});
    j["paths"] = nlohmann::ordered_json::array();
    for (const auto& r : result.paths) j["paths"].push_back(row_json(r));
    j["sensitivities"] = nlohmann::ordered_json::array();
    for (const auto& sens : result.sensitivities) {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& r : sens.paths) rows.push_back(row_json(r));
      j["sensitivities"].push_back(
          {{"parameter", sens.parameter}, {"value", sens.value}, {"paths", rows}});
    }
    analysis::write_file(tmp / "paths.json", j.dump(2) + "\n");
    const std::string header = analysis::table_csv_header(paths_table());
    analysis::write_file(tmp / "paths.csv", header + csv_rows(result.paths, ""));
    if (!result.sensitivities.empty()) {
      std::string s = "parameter,value," + header;
      for (const auto& sens : result.sensitivities)
        s += csv_rows(sens.paths, fmt::format("{},{},", sens.parameter, sens.value));
      analysis::write_file(tmp / "sensitivities.csv", s);
    }
  });
}

std::string payback_text(double years) {
  if (std::isnan(years)) return "–";
  if (std::isinf(years)) return "never 不回收";
  if (years == 0.0) return "none 无追加投资";
  return fmt::format("{:.1f}", years);
}

}  // namespace parkgrid::paths
