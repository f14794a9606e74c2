// Key figures of a solved model. Definitions (docs/formulation.md, "Key figures"):
//   load energy          sum_t w_t x (electric loads)
//   average cost         objective / load energy
//   green share          (RE - X) / (RE + G_other + I - X) on electric buses
//   CO2                  generators (carrier CO2 / efficiency) and grid imports (emission factor)
//   curtailment          sum_t w_t (a P - p) over renewable generators
//   heat                 loads, supply mix, price (dual), CO2 and green share of heat buses
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "parkgrid/results.hpp"

namespace parkgrid::analysis {
namespace {

using formulate::at;
using formulate::Layout;

struct Reader {
  const Network& net;
  const Layout& L;
  const std::vector<double>& x;
  double value(const Block& b, Index c, Index t = 0) const { return x[u(b.at(c, t))]; }
  double w(Index t) const { return net.snapshots.weight_hours[u(t)]; }
  // Optimal capacity: the column value when extendable, else the fixed capacity.
  double capacity(const CapacityTable& c, const Block& b, const formulate::SubsetIndex& ext,
                  Index i) const {
    const Index e = at(ext, i);
    return e >= 0 ? value(b, e) : c.existing[u(i)];
  }
  // The state of a storage unit or store in snapshot t, MWh. For a component linked through the
  // calendar days (typical days, long_duration), the column is the deviation from the start of t's
  // representative day: the state is that of the representative day on its own date,
  // retain^(hour + 1) x the state at its start plus the deviation.
  double state(const Block& b, const formulate::LinkedStorage& k, Index c, Index t,
               double standing_loss_per_hour) const {
    const double deviation = value(b, c, t);
    const Index j = k.member(c);
    if (j < 0) return deviation;
    const Snapshots& s = net.snapshots;
    const Index day = s.representative_calendar_day[u(t / s.cycle_snapshots)];
    const double retain = std::pow(1.0 - standing_loss_per_hour,
                                   s.step_hours * static_cast<double>(t % s.cycle_snapshots + 1));
    return retain * value(k.inter, j, day) + deviation;
  }
};

// Units online further than this from a whole number count as a fraction of a unit online (the
// interior-point answers of the integer mode's fixed LP stay within 1e-6 of whole numbers).
constexpr double kFractionalUnits = 1e-3;

// The least output of `online` units of a committable generator, `retrofitted_online` of them
// retrofitted to the lower minimum (generator_com_min).
double min_output_mw(const formulate::UnitParams& p, double online, double retrofitted_online) {
  return p.size_mw *
         (p.min_stable_pu * online - (p.min_stable_pu - p.retrofit_min_pu) * retrofitted_online);
}

void capacity_costs(CostItem& item, const CapacityTable& c, Index i, double optimal, double rate) {
  item.capex_annuity_cny +=
      c.extendable[u(i)] ? capex_annuity(c, i, rate) * (optimal - c.existing[u(i)]) : 0.0;
  item.fixed_om_cny += c.fixed_om_cny_per_unit_year[u(i)] * optimal;
}

struct HeatSource {
  std::string family, name;
  double heat_mwh = 0, green_mwh = 0, electric_mwh = 0;
  bool storage = false;
};
struct HeatSources {
  std::vector<HeatSource> list;
};
void heat_supply(HeatSources& sources, std::string family, const std::string& name, double heat_mwh,
                 double green_mwh, double electric_mwh, bool storage = false) {
  sources.list.push_back({std::move(family), name, heat_mwh, green_mwh, electric_mwh, storage});
}

HeatStorageResult heat_storage(const Reader& rd, std::string family, const std::string& name,
                               double capacity_mwh, const std::vector<double>& level,
                               double discharged_mwh) {
  HeatStorageResult h{std::move(family), name, capacity_mwh, 0.0, 0.0, discharged_mwh};
  double hours = 0;
  for (std::size_t t = 0; t < level.size(); ++t) {
    h.max_level_mwh = std::max(h.max_level_mwh, level[t]);
    h.mean_level_mwh += rd.w(static_cast<Index>(t)) * level[t];
    hours += rd.w(static_cast<Index>(t));
  }
  if (hours > 0) h.mean_level_mwh /= hours;
  return h;
}

}  // namespace

std::span<const CostCategory> cost_categories() {
  using C = CostItem;
  static constexpr CostCategory kCategories[] = {
      {"capex_annuity_cny", "Capital annuity", "投资年金", &C::capex_annuity_cny, 1},
      {"fixed_om_cny", "Fixed O&M", "固定运维", &C::fixed_om_cny, 1},
      {"variable_cny", "Fuel and variable", "燃料及可变成本", &C::variable_cny, 1},
      {"carbon_cny", "Carbon", "碳成本", &C::carbon_cny, 1},
      {"energy_purchase_cny", "Energy purchase", "购电", &C::energy_purchase_cny, 1},
      {"export_revenue_cny", "Export revenue (less)", "上网收入（减）", &C::export_revenue_cny, -1},
      {"demand_charge_cny", "Demand charge", "需量电费", &C::demand_charge_cny, 1},
      {"start_up_cny", "Unit start-ups and shut-downs", "机组启停", &C::start_up_cny, 1},
  };
  return kCategories;
}

double CostItem::total() const {
  double sum = 0;
  for (const CostCategory& c : cost_categories()) sum += c.sign * this->*c.member;
  return sum;
}

double green_share(double renewable_mwh, double other_mwh, double import_mwh, double export_mwh) {
  const double supply = renewable_mwh + other_mwh + import_mwh - export_mwh;
  return supply > 0 ? std::clamp((renewable_mwh - export_mwh) / supply, 0.0, 1.0) : 0.0;
}

HeatValue heat_value(const Network& net, const formulate::Model& model,
                     const solve::Solution& sol) {
  HeatValue h;
  const auto& w = net.snapshots.weight_hours;
  double value = 0;
  for (Index l = 0; l < net.loads.size(); ++l) {
    const Index b = net.loads.bus[u(l)];
    if (!net.buses.is_heat(b)) continue;
    for (Index t = 0; t < net.snapshot_count(); ++t) {
      const double e = w[u(t)] * net.loads.demand_mw.at(l, t);
      h.load_mwh += e;
      if (sol.has_dual) value += e * sol.row_dual[u(model.layout.bus_balance.at(b, t))] / w[u(t)];
    }
  }
  if (sol.has_dual && h.load_mwh > 0) {
    h.value_cny = value;
    h.price_cny_per_mwh = value / h.load_mwh;
  }
  return h;
}

namespace {

// The sums several families feed: the electric supply mix behind the green share, the
// self-consumption rule's energies, the capacity shares, the park's electric supply hour by hour
// (MW, its renewable part and its CO2 in t per hour, for the hydrogen made) and the heat sources
// in the order met.
struct Tally {
  double re = 0, other = 0, imports = 0, exports = 0;
  double onsite_re_mwh = 0, onsite_available_mwh = 0;  // for the self-consumption rule
  double total_capacity = 0, renewable_capacity = 0;
  std::vector<double> supply_mw, supply_re_mw, supply_co2_t_per_h;
  HeatSources heat_sources;
};

// summarise, one family or figure at a time: each method reads the solution through `rd`,
// appends to the summary, the hourly tables and the tally, in the order the results list them.
class Summariser {
 public:
  Summariser(const Network& net, const formulate::Model& model, const solve::Solution& sol,
             Results& r)
      : net_(net),
        L_(model.layout),
        sol_(sol),
        r_(r),
        s_(r.summary),
        rd_{net, model.layout, sol.col_value},
        T_(net.snapshot_count()) {
    tally_.supply_mw.assign(u(T_), 0.0);
    tally_.supply_re_mw.assign(u(T_), 0.0);
    tally_.supply_co2_t_per_h.assign(u(T_), 0.0);
  }

  void generators();
  void storage_units();
  void stores();
  void links();
  void grid();
  void loads();
  void bus_prices();
  void hydrogen();
  void group_constraints();
  void shares_and_rules();

 private:
  double w(Index t) const { return rd_.w(t); }
  void unit_commitment(Index i, double cap, const std::vector<double>& p, double energy,
                       const formulate::GeneratorCost& costs, CostItem& item, double& co2_t,
                       HourlyTable& units_table);
  void chp_heat(Index i, Index kh, bool renewable, const formulate::GeneratorCost& costs,
                CostItem& item, std::vector<std::pair<std::string, std::vector<double>>>& extra);
  void link_heat(Index i, double heat, double input_positive);

  const Network& net_;
  const Layout& L_;
  const solve::Solution& sol_;
  Results& r_;
  Summary& s_;
  const Reader rd_;
  const Index T_;
  Tally tally_;
};

void Summariser::generators() {
  const Generators& g = net_.generators;
  const double rate = net_.discount_rate;
  std::vector<std::pair<std::string, std::vector<double>>> extra_gen_columns;  // CHP heat
  HourlyTable gen_table{hourly_file::kGenerators, {}, {}};
  HourlyTable gen_units_table{hourly_file::kUnitCommitment, {}, {}};  // committable generators
  for (Index i = 0; i < g.size(); ++i) {
    const double cap = rd_.capacity(g.capacity_mw, L_.generator_capacity, L_.generator_ext, i);
    s_.capacities.push_back({"generator", g.name[u(i)], "capacity_mw",
                             g.capacity_mw.extendable[u(i)] != 0, g.capacity_mw.existing[u(i)],
                             cap});
    const std::size_t cap_index = s_.capacities.size() - 1;
    CostItem item{"generator", g.name[u(i)]};
    capacity_costs(item, g.capacity_mw, i, cap, rate);
    const bool renewable = g.carrier[u(i)] >= 0 && net_.carriers.renewable[u(g.carrier[u(i)])];
    const bool electric = net_.buses.electric[u(g.bus[u(i)])] != 0;
    // Fuel, carbon, delivery and CO2 per MWh of output and per unit online: the LP's costs.
    const formulate::GeneratorCost costs(net_, i);
    std::vector<double> p(u(T_));
    double energy = 0, co2_t = 0;
    for (Index t = 0; t < T_; ++t) {
      p[u(t)] = rd_.value(L_.generator_p, i, t);
      const double e = w(t) * p[u(t)];
      energy += e;
      const formulate::CostParts out = costs.output(net_, t);
      item.variable_cny += e * (out.fuel_cny + out.delivery_cny);
      item.carbon_cny += e * out.carbon_cny;
      co2_t += e * out.co2_t;
      if (renewable)
        s_.curtailment_mwh += w(t) * std::max(0.0, g.availability_pu.at(i, t) * cap - p[u(t)]);
      if (renewable && electric) {  // the self-consumption row's generators (policy.cpp)
        tally_.onsite_re_mwh += e;
        tally_.onsite_available_mwh += w(t) * g.availability_pu.at(i, t) * cap;
      }
    }
    if (at(L_.com, i) >= 0) unit_commitment(i, cap, p, energy, costs, item, co2_t, gen_units_table);
    if (electric) {
      const Index k_on = at(L_.com, i);
      const double co2_out = costs.output(0.0, 0.0, 0.0).co2_t;
      const double co2_online = costs.online(0.0, 0.0).co2_t;
      for (Index t = 0; t < T_; ++t) {
        tally_.supply_mw[u(t)] += p[u(t)];
        if (renewable) tally_.supply_re_mw[u(t)] += p[u(t)];
        tally_.supply_co2_t_per_h[u(t)] +=
            co2_out * p[u(t)] +
            (k_on >= 0 ? co2_online * rd_.value(L_.generator_online, k_on, t) : 0.0);
      }
    }
    s_.co2_t += co2_t;
    if (electric) (renewable ? tally_.re : tally_.other) += energy;
    if (renewable) s_.renewable_generation_mwh += energy;
    s_.capacities[cap_index].energy_mwh = energy;
    if (electric) {  // of electric generating capacity: a boiler's MW_th does not count
      tally_.total_capacity += cap;
      if (renewable) tally_.renewable_capacity += cap;
    }
    if (const Index kh = at(L_.chp, i); kh >= 0)
      chp_heat(i, kh, renewable, costs, item, extra_gen_columns);
    if (net_.buses.is_heat(g.bus[u(i)])) {
      heat_supply(tally_.heat_sources, "generator", g.name[u(i)], energy, renewable ? energy : 0.0,
                  0.0);
      s_.heat_co2_t += co2_t;
    }
    s_.costs.push_back(item);
    gen_table.columns.push_back(g.name[u(i)]);
    gen_table.values.push_back(std::move(p));
  }
  for (auto& [name, values] : extra_gen_columns) {
    gen_table.columns.push_back(name);
    gen_table.values.push_back(std::move(values));
  }
  r_.hourly.push_back(std::move(gen_table));
  if (!gen_units_table.columns.empty()) r_.hourly.push_back(std::move(gen_units_table));
}

// Unit commitment of generator i: no-load fuel of the units online, start-ups, and how the units
// ran.
void Summariser::unit_commitment(Index i, double cap, const std::vector<double>& p, double energy,
                                 const formulate::GeneratorCost& costs, CostItem& item,
                                 double& co2_t, HourlyTable& units_table) {
  const Generators& g = net_.generators;
  const Index k = at(L_.com, i);
  const formulate::UnitParams up = formulate::unit_params(net_, i);
  UnitCommitmentResult uc;
  uc.name = g.name[u(i)];
  uc.unit_size_mw = up.size_mw;
  uc.units = cap / up.size_mw;
  std::vector<double> online(u(T_)), starts(u(T_)), min_output(u(T_));
  const Index rf = at(L_.com_retro, i);
  if (rf >= 0) {
    uc.retrofit_units = std::max(0.0, rd_.value(L_.generator_retrofit_units, rf));
    uc.retrofit_min_stable_pu = up.retrofit_min_pu;
    // Like capacity, only what is retrofitted here: units retrofitted before (a later period of
    // a myopic plan) are sunk, their capital out of the objective (formulate: the offset).
    uc.retrofit_cny =
        up.retrofit_cny_per_unit_year * std::max(0.0, uc.retrofit_units - up.retrofitted_before);
    item.capex_annuity_cny += uc.retrofit_cny;
  }
  for (Index t = 0; t < T_; ++t) {
    const double on = rd_.value(L_.generator_online, k, t);
    const formulate::UnitEvents ev = formulate::unit_events(net_, L_, rd_.x, k, t);
    const double su = ev.starts, sd = ev.stops;
    const double events = w(t) / net_.snapshots.step_hours;
    online[u(t)] = on;
    starts[u(t)] = su;
    // The retrofitted units run first: min(u, r) of them at the lower minimum (the rows'
    // v may be below it where the minimum does not bind).
    min_output[u(t)] = min_output_mw(up, on, std::min(on, uc.retrofit_units));
    const formulate::CostParts no_load = costs.online(net_, t);
    item.variable_cny += w(t) * on * no_load.fuel_cny;
    item.carbon_cny += w(t) * on * no_load.carbon_cny;
    co2_t += w(t) * on * no_load.co2_t;
    uc.starts += events * su;
    uc.shut_downs += events * sd;
    uc.start_up_cny += events * (su * g.commitment.start_up_cost_cny[u(i)] +
                                 sd * g.commitment.shut_down_cost_cny[u(i)]);
    uc.online_unit_hours += w(t) * on;
    if (on < 1e-6)
      uc.hours_offline += w(t);
    else if (p[u(t)] <= min_output[u(t)] + 1e-6 * up.size_mw)
      uc.hours_at_min_load += w(t);
    if (std::abs(on - std::round(on)) > kFractionalUnits) uc.hours_fractional += w(t);
  }
  uc.full_load_hours = cap > 0 ? energy / cap : 0.0;
  item.start_up_cny = uc.start_up_cny;
  s_.units.push_back(uc);
  units_table.columns.push_back(g.name[u(i)] + ".online");
  units_table.values.push_back(std::move(online));
  units_table.columns.push_back(g.name[u(i)] + ".starts");
  units_table.values.push_back(std::move(starts));
  units_table.columns.push_back(g.name[u(i)] + ".min_output_mw");
  units_table.values.push_back(std::move(min_output));
}

// Extraction CHP: the heat costs and emits as beta MWh of electricity per MWh.
void Summariser::chp_heat(Index i, Index kh, bool renewable, const formulate::GeneratorCost& costs,
                          CostItem& item,
                          std::vector<std::pair<std::string, std::vector<double>>>& extra) {
  const std::string& name = net_.generators.name[u(i)];
  std::vector<double> h(u(T_));
  double heat = 0;
  for (Index t = 0; t < T_; ++t) {
    h[u(t)] = rd_.value(L_.chp_heat, kh, t);
    const double e = w(t) * h[u(t)];
    heat += e;
    const formulate::CostParts fuel = costs.heat(net_, t);
    item.variable_cny += e * fuel.fuel_cny;
    item.carbon_cny += e * fuel.carbon_cny;
    s_.co2_t += e * fuel.co2_t;
    s_.heat_co2_t += e * fuel.co2_t;
  }
  heat_supply(tally_.heat_sources, "chp", name, heat, renewable ? heat : 0.0, 0.0);
  extra.emplace_back(name + ".heat_mw", std::move(h));
}

void Summariser::storage_units() {
  const StorageUnits& su = net_.storage_units;
  HourlyTable su_table{hourly_file::kStorageUnits, {}, {}};
  for (Index i = 0; i < su.size(); ++i) {
    const double power =
        rd_.capacity(su.power_mw, L_.storage_power_capacity, L_.storage_power_ext, i);
    double energy_cap = 0;
    CostItem item{"storage_unit", su.name[u(i)]};
    capacity_costs(item, su.power_mw, i, power, net_.discount_rate);
    s_.capacities.push_back({"storage_unit", su.name[u(i)], "power_mw",
                             su.power_mw.extendable[u(i)] != 0, su.power_mw.existing[u(i)], power});
    const std::size_t power_index = s_.capacities.size() - 1;
    if (su.max_hours[u(i)] > 0.0) {
      energy_cap = su.max_hours[u(i)] * power;
    } else {
      energy_cap =
          rd_.capacity(su.energy_mwh, L_.storage_energy_capacity, L_.storage_energy_ext, i);
      capacity_costs(item, su.energy_mwh, i, energy_cap, net_.discount_rate);
    }
    s_.capacities.push_back({"storage_unit", su.name[u(i)], "energy_mwh",
                             su.max_hours[u(i)] > 0.0 ? su.power_mw.extendable[u(i)] != 0
                                                      : su.energy_mwh.extendable[u(i)] != 0,
                             su.max_hours[u(i)] > 0.0
                                 ? su.max_hours[u(i)] * su.power_mw.existing[u(i)]
                                 : su.energy_mwh.existing[u(i)],
                             energy_cap});
    std::vector<double> ch(u(T_)), dis(u(T_)), soc(u(T_));
    for (Index t = 0; t < T_; ++t) {
      ch[u(t)] = rd_.value(L_.storage_charge, i, t);
      dis[u(t)] = rd_.value(L_.storage_discharge, i, t);
      soc[u(t)] =
          rd_.state(L_.storage_soc, L_.storage_linked, i, t, su.standing_loss_per_hour[u(i)]);
      item.variable_cny += w(t) * dis[u(t)] * su.marginal_cost_cny_per_mwh[u(i)];
    }
    double discharged = 0;
    for (Index t = 0; t < T_; ++t) discharged += w(t) * dis[u(t)];
    if (net_.buses.is_heat(su.bus[u(i)])) {
      heat_supply(tally_.heat_sources, "storage_unit", su.name[u(i)], discharged, 0.0, 0.0, true);
      s_.heat_storage.push_back(
          heat_storage(rd_, "storage_unit", su.name[u(i)], energy_cap, soc, discharged));
    }
    s_.capacities[power_index].energy_mwh = discharged;
    s_.costs.push_back(item);
    for (auto [suffix, v] : {std::pair{".charge_mw", &ch}, std::pair{".discharge_mw", &dis},
                             std::pair{".soc_mwh", &soc}}) {
      su_table.columns.push_back(su.name[u(i)] + suffix);
      su_table.values.push_back(std::move(*v));
    }
  }
  if (su.size() > 0) r_.hourly.push_back(std::move(su_table));
}

void Summariser::stores() {
  const Stores& st = net_.stores;
  HourlyTable st_table{hourly_file::kStores, {}, {}};
  for (Index i = 0; i < st.size(); ++i) {
    const double cap = rd_.capacity(st.energy_mwh, L_.store_capacity, L_.store_ext, i);
    s_.capacities.push_back({"store", st.name[u(i)], "energy_mwh",
                             st.energy_mwh.extendable[u(i)] != 0, st.energy_mwh.existing[u(i)],
                             cap});
    CostItem item{"store", st.name[u(i)]};
    capacity_costs(item, st.energy_mwh, i, cap, net_.discount_rate);
    std::vector<double> p(u(T_)), e(u(T_));
    for (Index t = 0; t < T_; ++t) {
      p[u(t)] = rd_.value(L_.store_dispatch, i, t);
      e[u(t)] = rd_.state(L_.store_energy, L_.store_linked, i, t, st.standing_loss_per_hour[u(i)]);
      item.variable_cny += w(t) * p[u(t)] * st.marginal_cost_cny_per_mwh[u(i)];
    }
    if (net_.buses.is_heat(st.bus[u(i)])) {
      double discharged = 0;
      for (Index t = 0; t < T_; ++t) discharged += w(t) * std::max(0.0, p[u(t)]);
      heat_supply(tally_.heat_sources, "store", st.name[u(i)], discharged, 0.0, 0.0, true);
      s_.heat_storage.push_back(heat_storage(rd_, "store", st.name[u(i)], cap, e, discharged));
    }
    s_.costs.push_back(item);
    st_table.columns.push_back(st.name[u(i)] + ".dispatch_mw");
    st_table.values.push_back(std::move(p));
    st_table.columns.push_back(st.name[u(i)] + ".energy_mwh");
    st_table.values.push_back(std::move(e));
  }
  if (st.size() > 0) r_.hourly.push_back(std::move(st_table));
}

void Summariser::links() {
  const Links& k = net_.links;
  HourlyTable link_table{hourly_file::kLinks, {}, {}};
  for (Index i = 0; i < k.size(); ++i) {
    const double cap = rd_.capacity(k.capacity_mw, L_.link_capacity, L_.link_ext, i);
    s_.capacities.push_back({"link", k.name[u(i)], "capacity_mw",
                             k.capacity_mw.extendable[u(i)] != 0, k.capacity_mw.existing[u(i)],
                             cap});
    CostItem item{"link", k.name[u(i)]};
    capacity_costs(item, k.capacity_mw, i, cap, net_.discount_rate);
    std::vector<double> in(u(T_)), out(u(T_));
    for (Index t = 0; t < T_; ++t) {
      in[u(t)] = rd_.value(L_.link_p, i, t);
      out[u(t)] = in[u(t)] * k.efficiency.at(i, t);
      item.variable_cny += w(t) * in[u(t)] * k.marginal_cost_cny_per_mwh[u(i)];
    }
    double input = 0, input_positive = 0;
    for (Index t = 0; t < T_; ++t) {
      input += w(t) * in[u(t)];
      input_positive += w(t) * std::max(0.0, in[u(t)]);
    }
    s_.capacities.back().energy_mwh = input;
    s_.costs.push_back(item);
    // Further outputs (to_bus2, to_bus3), and the heat the outputs deliver to heat buses.
    std::vector<std::vector<double>> extra(u(Links::kExtraOutputs));
    double heat = 0;
    const auto add_heat = [&](Index bus, const std::vector<double>& flow) {
      if (!net_.buses.is_heat(bus)) return;
      for (Index t = 0; t < T_; ++t) heat += w(t) * std::max(0.0, flow[u(t)]);
    };
    add_heat(k.to_bus[u(i)], out);
    for (int o = 0; o < Links::kExtraOutputs; ++o) {
      const Index b = k.output_bus(o, i);
      if (b < 0) continue;
      extra[u(o)].resize(u(T_));
      for (Index t = 0; t < T_; ++t) extra[u(o)][u(t)] = in[u(t)] * k.output_efficiency(o, i, t);
      add_heat(b, extra[u(o)]);
    }
    if (heat > 0) link_heat(i, heat, input_positive);
    link_table.columns.push_back(k.name[u(i)] + ".input_mw");
    link_table.values.push_back(std::move(in));
    link_table.columns.push_back(k.name[u(i)] + ".output_mw");
    link_table.values.push_back(std::move(out));
    for (int o = 0; o < Links::kExtraOutputs; ++o) {
      if (extra[u(o)].empty()) continue;
      link_table.columns.push_back(fmt::format("{}.output{}_mw", k.name[u(i)], o + 2));
      link_table.values.push_back(std::move(extra[u(o)]));
    }
  }
  if (k.size() > 0) r_.hourly.push_back(std::move(link_table));
}

// The heat link i delivers to heat buses, and how green it is.
void Summariser::link_heat(Index i, double heat, double input_positive) {
  const Links& k = net_.links;
  const Index from = k.from_bus[u(i)];
  if (net_.buses.is_heat(from)) {
    // From a heat bus (a heat-exchange station): heat passed on, not produced; listed as a
    // "transfer", not summed (as storage discharge).
    heat_supply(tally_.heat_sources, "transfer", k.name[u(i)], heat, 0.0, 0.0, true);
    return;
  }
  // Green heat: a renewable input carrier; from an electric bus, the input at the electricity's
  // green share (applied at the end) and the ambient heat above the input.
  const Index fc = net_.buses.carrier[u(from)];
  const bool renewable_in = fc >= 0 && net_.carriers.renewable[u(fc)];
  const bool electric_in = net_.buses.electric[u(from)] != 0;
  const double electric_part = electric_in ? std::min(heat, input_positive) : 0.0;
  const double ambient = electric_in ? std::max(0.0, heat - input_positive) : 0.0;
  heat_supply(tally_.heat_sources, "link", k.name[u(i)], heat, renewable_in ? heat : ambient,
              electric_part);
}

void Summariser::grid() {
  const GridConnections& gc = net_.grid;
  HourlyTable grid_table{hourly_file::kGrid, {}, {}};
  std::vector<double> total_import(u(T_), 0.0);
  for (Index i = 0; i < gc.size(); ++i) {
    CostItem item{"grid_connection", gc.name[u(i)]};
    const bool electric = net_.buses.electric[u(gc.bus[u(i)])] != 0;
    std::vector<double> imp(u(T_)), exp(u(T_));
    double imported = 0;
    for (Index t = 0; t < T_; ++t) {
      imp[u(t)] = rd_.value(L_.grid_import, i, t);
      exp[u(t)] = rd_.value(L_.grid_export, i, t);
      if (electric) {
        tally_.supply_mw[u(t)] += imp[u(t)];
        tally_.supply_co2_t_per_h[u(t)] += gc.co2_t_per_mwh[u(i)] * imp[u(t)];
      }
      imported += w(t) * imp[u(t)];
      item.energy_purchase_cny += w(t) * imp[u(t)] * gc.buy_price_cny_per_mwh.at(i, t);
      item.export_revenue_cny += w(t) * exp[u(t)] * gc.export_price_cny_per_mwh(i, t);
      s_.grid_export_mwh += w(t) * exp[u(t)];
      if (electric) tally_.exports += w(t) * exp[u(t)];
      total_import[u(t)] += imp[u(t)];
    }
    s_.grid_import_mwh += imported;
    if (electric) tally_.imports += imported;
    s_.co2_t += gc.co2_t_per_mwh[u(i)] * imported;
    item.carbon_cny = net_.policy.carbon_price_cny_per_t * gc.co2_t_per_mwh[u(i)] * imported;
    if (const Index p = at(L_.grid_demand_charge, i); p >= 0)
      for (Index m = 0; m < L_.grid_peak_mw.per_component; ++m)
        item.demand_charge_cny +=
            1000.0 * gc.demand_charge_cny_per_kw_month[u(i)] * rd_.value(L_.grid_peak_mw, p, m);
    s_.costs.push_back(item);
    grid_table.columns.push_back(gc.name[u(i)] + ".import_mw");
    grid_table.values.push_back(std::move(imp));
    grid_table.columns.push_back(gc.name[u(i)] + ".export_mw");
    grid_table.values.push_back(std::move(exp));
  }
  for (double v : total_import) s_.grid_peak_import_mw = std::max(s_.grid_peak_import_mw, v);
  if (gc.size() > 0) r_.hourly.push_back(std::move(grid_table));
}

// Loads (inputs, repeated for convenience next to the results).
void Summariser::loads() {
  HourlyTable load_table{hourly_file::kLoads, {}, {}};
  for (Index l = 0; l < net_.loads.size(); ++l) {
    const auto row = net_.loads.demand_mw.row(l);
    load_table.columns.push_back(net_.loads.name[u(l)]);
    load_table.values.emplace_back(row.begin(), row.end());
  }
  if (net_.loads.size() > 0) r_.hourly.push_back(std::move(load_table));
}

// Marginal price per bus: the balance row's dual per hour of weight (CNY/MWh).
void Summariser::bus_prices() {
  if (!sol_.has_dual) return;
  HourlyTable price_table{hourly_file::kBusPrices, {}, {}};
  for (Index b = 0; b < net_.buses.size(); ++b) {
    std::vector<double> price(u(T_));
    for (Index t = 0; t < T_; ++t) price[u(t)] = sol_.row_dual[u(L_.bus_balance.at(b, t))] / w(t);
    price_table.columns.push_back(net_.buses.name[u(b)] + ".price_cny_per_mwh");
    price_table.values.push_back(std::move(price));
  }
  r_.hourly.push_back(std::move(price_table));
}

// T/CAB 0078-2020: low-carbon <= 14.51, clean <= 4.9 kg CO2e per kg; renewable: clean and made
// with renewable energy (here: every MWh from renewables, hour by hour).
std::string hydrogen_grade(const HydrogenResult& h) {
  if (h.hydrogen_t <= 0) return "none";
  if (h.co2_kg_per_kg <= 4.9 && h.renewable_share >= 1.0 - 1e-6) return "renewable";
  if (h.co2_kg_per_kg <= 4.9) return "clean";
  if (h.co2_kg_per_kg <= 14.51) return "low_carbon";
  return "above_low_carbon";
}

// Hydrogen: each electrolyser's electricity, hour by hour, at the hour's average CO2 and
// renewable share of the park's supply; under hydrogen_hourly_matching the electrolysers take
// the on-site renewables not exported first (what the rule asserts), shared in proportion to
// their input, and any rest at the average of the other supply.
void Summariser::hydrogen() {
  const GridConnections& gc = net_.grid;
  std::vector<double> h2_input(u(T_), 0.0), exported(u(T_), 0.0);
  for (Index l = 0; l < net_.links.size(); ++l)
    if (makes_hydrogen(net_, l))
      for (Index t = 0; t < T_; ++t) h2_input[u(t)] += rd_.value(L_.link_p, l, t);
  for (Index c = 0; c < gc.size(); ++c)
    if (net_.buses.electric[u(gc.bus[u(c)])])
      for (Index t = 0; t < T_; ++t) exported[u(t)] += rd_.value(L_.grid_export, c, t);
  const bool matched = net_.policy.hydrogen_hourly_matching;
  for (Index l = 0; l < net_.links.size(); ++l) {
    if (!makes_hydrogen(net_, l)) continue;
    HydrogenResult h;
    h.name = net_.links.name[u(l)];
    double renewable_mwh = 0;
    for (Index t = 0; t < T_; ++t) {
      const double in = rd_.value(L_.link_p, l, t);
      const double mwh = w(t) * in;
      h.electricity_mwh += mwh;
      h.hydrogen_mwh += mwh * net_.links.efficiency.at(l, t);
      const double supply = tally_.supply_mw[u(t)], re_mw = tally_.supply_re_mw[u(t)];
      if (supply <= 1e-9 || mwh <= 0.0) continue;
      double re_share = std::min(1.0, re_mw / supply);  // the hour's average
      double co2_per_mwh = tally_.supply_co2_t_per_h[u(t)] / supply;
      if (matched) {
        const double re_free = std::max(0.0, re_mw - exported[u(t)]);
        re_share = std::min(1.0, re_free / h2_input[u(t)]);
        const double fossil_mw = supply - re_mw;
        co2_per_mwh = fossil_mw > 1e-9 ? tally_.supply_co2_t_per_h[u(t)] / fossil_mw : 0.0;
      }
      renewable_mwh += mwh * re_share;
      h.co2_t += matched ? mwh * (1.0 - re_share) * co2_per_mwh : mwh * co2_per_mwh;
    }
    h.hydrogen_t = h.hydrogen_mwh / kHydrogenMwhPerTonne;
    h.co2_kg_per_kg =
        h.hydrogen_t > 0 ? h.co2_t / h.hydrogen_t : std::numeric_limits<double>::quiet_NaN();
    h.renewable_share = h.electricity_mwh > 0 ? renewable_mwh / h.electricity_mwh : 0.0;
    h.grade = hydrogen_grade(h);
    s_.hydrogen.push_back(std::move(h));
  }
}

// Group constraints: each sum evaluated through the same terms the LP was built from.
void Summariser::group_constraints() {
  const GroupConstraints& gcs = net_.group_constraints;
  const auto evaluate = [&](const GroupSum& sum) {
    double columns = 0.0;
    const double constant = formulate::group_terms(net_, L_, sum, [&](Col col, double coefficient) {
      columns += coefficient * sol_.col_value[u(col)];
    });
    return columns + constant;
  };
  for (Index q = 0; q < gcs.size(); ++q) {
    GroupConstraintResult row;
    row.name = gcs.name[u(q)];
    row.quantity = std::string(group_quantity_name(gcs.sum[u(q)].quantity));
    row.unit = std::string(group_quantity_unit(gcs.sum[u(q)].quantity));
    row.sense = std::string(sense_text(gcs.sense[u(q)]));
    row.source = gcs.source[u(q)];
    row.value = evaluate(gcs.sum[u(q)]);
    row.share = gcs.share[u(q)];
    row.bound = std::isnan(row.share) ? gcs.value[u(q)] : row.share * evaluate(gcs.of[u(q)]);
    row.binding = std::abs(row.value - row.bound) <= 1e-6 * (1.0 + std::abs(row.bound));
    if (sol_.has_dual) row.shadow_price_cny_per_unit = sol_.row_dual[u(L_.group_constraint.at(q))];
    s_.group_constraints.push_back(std::move(row));
  }
}

// The shares, the share rules (docs/tariffs.md "The rules, as the documents write them", per
// solved year), the average cost and the heat's mix: what needs every family's sums.
void Summariser::shares_and_rules() {
  const Tally& k = tally_;
  s_.renewable_capacity_share =
      k.total_capacity > 0 ? k.renewable_capacity / k.total_capacity : 0.0;
  s_.green_share = green_share(k.re, k.other, k.imports, k.exports);
  const auto rule = [&](const char* name, double required, const Block& rows, double numerator,
                        double denominator, double achieved) {
    if (required <= 0.0 || rows.empty()) return;
    RuleResult q{name, required, achieved, numerator, denominator};
    q.binding = achieved <= required + 1e-6;
    if (sol_.has_dual) q.shadow_price_cny_per_mwh = sol_.row_dual[u(rows.at(0))];
    s_.rules.push_back(q);
  };
  rule("min_green_share", net_.policy.min_green_share, L_.green_share, k.re - k.exports,
       k.re + k.other + k.imports - k.exports, s_.green_share);
  const double self_consumed = k.onsite_re_mwh - k.exports;
  rule("min_self_consumption_share", net_.policy.min_self_consumption_share, L_.self_consumption,
       self_consumed, k.onsite_available_mwh,
       k.onsite_available_mwh > 0 ? self_consumed / k.onsite_available_mwh : 1.0);
  // The heat load at its price is the heat users' share of the cost (0 without heat or duals).
  s_.average_cost_cny_per_kwh = s_.load_energy_mwh > 0 ? (s_.objective_cny - s_.heat_value_cny) /
                                                             (s_.load_energy_mwh * 1000.0)
                                                       : 0.0;
  double green_heat = 0;
  for (const HeatSource& h : k.heat_sources.list) {
    s_.heat_supply.push_back({h.family, h.name, h.heat_mwh});
    if (h.storage) continue;
    s_.heat_supply_mwh += h.heat_mwh;
    green_heat += h.green_mwh + h.electric_mwh * s_.green_share;
  }
  s_.heat_green_share = s_.heat_supply_mwh > 0 ? green_heat / s_.heat_supply_mwh : 0.0;
  s_.co2_kg_per_kwh = s_.load_energy_mwh > 0 ? s_.co2_t / s_.load_energy_mwh : 0.0;
}

// What the summary says before any solution: the run, the model's size and the snapshots.
void describe_run(Results& r, const Network& net, const formulate::Model& model,
                  const solve::Solution& sol) {
  Summary& s = r.summary;
  const Index T = net.snapshot_count();
  s.scenario = net.name;
  s.status = std::string(solve::status_name(sol.status));
  s.solver_status = sol.solver_status;
  s.optimal = sol.status == solve::Status::kOptimal;
  s.num_col = model.lp.num_col();
  s.num_row = model.lp.num_row();
  s.num_nz = model.lp.num_nz();
  s.lp_bytes = model.lp.bytes();
  s.iterations = sol.iterations;
  s.unit_commitment = std::string(uc_mode_name(net.unit_commitment.mode));
  s.mip_gap = sol.mip ? sol.mip_gap : 0.0;
  s.mip_relaxation_cny = sol.relaxation_objective;
  s.mip_start_cny = sol.mip_start_objective;
  s.check = sol.check;
  s.method = sol.method;
  r.snapshot_labels.reserve(u(T));
  for (Index t = 0; t < T; ++t) r.snapshot_labels.push_back(net.snapshots.label(t));
  s.hours_represented = net.snapshots.total_hours();
  if (const auto& days = net.snapshots.represented_days; !days.empty() && T % days.size() == 0) {
    s.typical_days = static_cast<Index>(days.size());
    const Index per_day = T / s.typical_days;
    for (std::size_t d = 0; d < days.size(); ++d) {
      s.typical_day_dates.push_back(r.snapshot_labels[d * u(per_day)].substr(0, 10));
      s.typical_day_weights.push_back(days[d]);
    }
    r.snapshot_weights = net.snapshots.weight_hours;
  }
  for (Index l = 0; l < net.loads.size(); ++l)
    if (net.buses.electric[u(net.loads.bus[u(l)])])
      for (Index t = 0; t < T; ++t)
        s.load_energy_mwh += net.snapshots.weight_hours[u(t)] * net.loads.demand_mw.at(l, t);
}

}  // namespace

Results summarise(const Network& net, const formulate::Model& model, const solve::Solution& sol) {
  Results r;
  describe_run(r, net, model, sol);
  if (!sol.has_primal) return r;
  r.summary.has_solution = true;
  r.summary.objective_cny = sol.objective;
  Summariser f(net, model, sol, r);
  f.generators();
  f.storage_units();
  f.stores();
  f.links();
  f.grid();
  f.loads();
  f.bus_prices();
  // Heat: the load at heat buses and its value at the heat price (the balance dual).
  const HeatValue heat = heat_value(net, model, sol);
  r.summary.heat_load_mwh = heat.load_mwh;
  r.summary.heat_value_cny = heat.value_cny;
  r.summary.heat_price_cny_per_mwh = heat.price_cny_per_mwh;
  f.hydrogen();
  f.group_constraints();
  f.shares_and_rules();
  return r;
}

}  // namespace parkgrid::analysis
