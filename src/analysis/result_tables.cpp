// The result tables described once (include/parkgrid/result_tables.hpp).
#include "parkgrid/result_tables.hpp"

#include <fmt/format.h>
#include <cmath>

namespace parkgrid::analysis {
namespace {

template <class Row>
using C = Column<Row>;

// Cell readers for the tables read back (Column::read).
template <class Row, std::string Row::*field>
void read_text(Row& r, const Cell& c) {
  r.*field = std::get<std::string>(c);
}
template <class Row, double Row::*field>
void read_number(Row& r, const Cell& c) {
  r.*field = std::get<double>(c);
}
template <class Row, bool Row::*field>
void read_flag(Row& r, const Cell& c) {
  r.*field = std::get<bool>(c);
}

using Cap = CapacityResult;
constexpr C<Cap> kCapacities[] = {
    {"family", "", "generator, storage_unit, store or link",
     [](const Cap& r) -> Cell { return r.family; }, 3, read_text<Cap, &Cap::family>},
    {"name", "", "the component", [](const Cap& r) -> Cell { return r.name; }, 3,
     read_text<Cap, &Cap::name>},
    {"quantity", "",
     "capacity_mw (generators, links: input side), power_mw or energy_mwh (storage units), "
     "energy_mwh (stores)",
     [](const Cap& r) -> Cell { return r.quantity; }, 3, read_text<Cap, &Cap::quantity>},
    {"extendable", "", "whether the optimisation chose it",
     [](const Cap& r) -> Cell { return r.extendable; }, 3, read_flag<Cap, &Cap::extendable>},
    {"existing", "MW or MWh", "capacity before the optimisation",
     [](const Cap& r) -> Cell { return r.existing; }, 6, read_number<Cap, &Cap::existing>},
    {"optimal", "MW or MWh", "capacity in the solution",
     [](const Cap& r) -> Cell { return r.optimal; }, 6, read_number<Cap, &Cap::optimal>},
    {"built", "MW or MWh", "optimal - existing", [](const Cap& r) -> Cell { return r.built(); }, 6},
    {"energy_mwh", "MWh",
     "weighted energy through the component (generation, storage discharge, link input); blank "
     "for energy capacities",
     [](const Cap& r) -> Cell { return r.energy_mwh; }, 3, read_number<Cap, &Cap::energy_mwh>},
    {"full_load_hours", "h", "energy_mwh / optimal; blank for energy capacities and below 1 kW",
     [](const Cap& r) -> Cell { return r.full_load_hours(); }},
};

constexpr C<UnitCommitmentResult> kUnits[] = {
    {"name", "", "the committable generator",
     [](const UnitCommitmentResult& r) -> Cell { return r.name; }},
    {"unit_size_mw", "MW", "size of one unit",
     [](const UnitCommitmentResult& r) -> Cell { return r.unit_size_mw; }},
    {"units", "", "units standing (optimal capacity / unit size)",
     [](const UnitCommitmentResult& r) -> Cell { return r.units; }},
    {"starts", "", "unit starts in the year (typical days: times the days they stand for)",
     [](const UnitCommitmentResult& r) -> Cell { return r.starts; }},
    {"shut_downs", "", "unit shut-downs in the year",
     [](const UnitCommitmentResult& r) -> Cell { return r.shut_downs; }},
    {"online_unit_hours", "h", "sum over the hours of the units online",
     [](const UnitCommitmentResult& r) -> Cell { return r.online_unit_hours; }},
    {"hours_at_min_load", "h", "hours with the units online all at their minimum stable load",
     [](const UnitCommitmentResult& r) -> Cell { return r.hours_at_min_load; }},
    {"hours_offline", "h", "hours with no unit online",
     [](const UnitCommitmentResult& r) -> Cell { return r.hours_offline; }},
    {"hours_fractional", "h",
     "hours with a fraction of a unit online (linear commitment's relaxation; 0 in integer mode)",
     [](const UnitCommitmentResult& r) -> Cell { return r.hours_fractional; }},
    {"full_load_hours", "h", "energy / capacity",
     [](const UnitCommitmentResult& r) -> Cell { return r.full_load_hours; }},
    {"start_up_cny", "CNY", "start-up and shut-down costs (the cost category start_up_cny)",
     [](const UnitCommitmentResult& r) -> Cell { return r.start_up_cny; }, 2},
    {"retrofit_units", "", "units given the flexibility retrofit (whole in integer mode)",
     [](const UnitCommitmentResult& r) -> Cell { return r.retrofit_units; }},
    {"retrofit_min_stable_pu", "",
     "minimum stable load of a retrofitted unit, share of unit_size_mw; blank without the option",
     [](const UnitCommitmentResult& r) -> Cell { return r.retrofit_min_stable_pu; }},
    {"retrofit_cny", "CNY",
     "annuity of the units retrofitted here, not before (also in capex_annuity_cny)",
     [](const UnitCommitmentResult& r) -> Cell { return r.retrofit_cny; }, 2},
};

constexpr C<GroupConstraintResult> kGroups[] = {
    {"name", "", "the group constraint",
     [](const GroupConstraintResult& r) -> Cell { return r.name; }},
    {"quantity", "", "capacity_mw, energy_mwh, available_energy_mwh, export_mwh or co2_t",
     [](const GroupConstraintResult& r) -> Cell { return r.quantity; }},
    {"unit", "", "MW, MWh or t", [](const GroupConstraintResult& r) -> Cell { return r.unit; }},
    {"sense", "", "<=, >= or ==", [](const GroupConstraintResult& r) -> Cell { return r.sense; }},
    {"value", "unit", "the sum at the solution",
     [](const GroupConstraintResult& r) -> Cell { return r.value; }, 6},
    {"bound", "unit", "the bound: the input's value, or share x the second sum",
     [](const GroupConstraintResult& r) -> Cell { return r.bound; }, 6},
    {"share", "", "the share of the second sum; blank for a bound by value",
     [](const GroupConstraintResult& r) -> Cell { return r.share; }, -1},
    {"binding", "", "the sum is at its bound",
     [](const GroupConstraintResult& r) -> Cell { return r.binding; }},
    {"shadow_price_cny_per_unit", "CNY per unit",
     "change of the objective when the bound is raised by one unit; blank without duals",
     [](const GroupConstraintResult& r) -> Cell { return r.shadow_price_cny_per_unit; }, -1},
    {"source", "", "where the constraint comes from (the input section, or the rule)",
     [](const GroupConstraintResult& r) -> Cell { return r.source; }},
};

constexpr C<HydrogenResult> kHydrogen[] = {
    {"name", "", "the electrolyser (a link that makes hydrogen)",
     [](const HydrogenResult& r) -> Cell { return r.name; }},
    {"electricity_mwh", "MWh", "electricity taken",
     [](const HydrogenResult& r) -> Cell { return r.electricity_mwh; }},
    {"hydrogen_mwh", "MWh", "hydrogen made (LHV)",
     [](const HydrogenResult& r) -> Cell { return r.hydrogen_mwh; }},
    {"hydrogen_t", "t", "hydrogen_mwh / 33.33 MWh per t",
     [](const HydrogenResult& r) -> Cell { return r.hydrogen_t; }},
    {"co2_t", "t", "CO2 of its electricity, each hour at the park supply's average",
     [](const HydrogenResult& r) -> Cell { return r.co2_t; }},
    {"co2_kg_per_kg", "kg/kg", "CO2 per kg of hydrogen; blank when none is made",
     [](const HydrogenResult& r) -> Cell { return r.co2_kg_per_kg; }, 4},
    {"renewable_share", "", "renewable share of its electricity, hour by hour",
     [](const HydrogenResult& r) -> Cell { return r.renewable_share; }, 6},
    {"grade", "", "T/CAB 0078-2020: renewable, clean, low_carbon or above",
     [](const HydrogenResult& r) -> Cell { return r.grade; }},
};

using Rule = RuleResult;
constexpr C<Rule> kRules[] = {
    {"name", "", "min_green_share or min_self_consumption_share",
     [](const Rule& r) -> Cell { return r.name; }},
    {"required", "0-1", "the share the rule asks",
     [](const Rule& r) -> Cell { return r.required; }},
    {"achieved", "0-1", "the share at the solution: numerator / denominator",
     [](const Rule& r) -> Cell { return r.achieved; }},
    {"numerator_mwh", "MWh",
     "green supply (green share), or on-site renewable energy used on site (self-consumption)",
     [](const Rule& r) -> Cell { return r.numerator_mwh; }},
    {"denominator_mwh", "MWh",
     "net electricity supply (green share), or available on-site renewable energy",
     [](const Rule& r) -> Cell { return r.denominator_mwh; }},
    {"binding", "", "achieved at the required share",
     [](const Rule& r) -> Cell { return r.binding; }},
    {"shadow_price_cny_per_mwh", "CNY/MWh",
     "change of the objective per MWh more the rule must hold; null without duals",
     [](const Rule& r) -> Cell { return r.shadow_price_cny_per_mwh; }},
};

using HeatSupply = HeatSupplyResult;
constexpr C<HeatSupply> kHeatSupply[] = {
    {"family", "",
     "generator (a boiler on the heat bus), chp (heat extracted by a generator), link, "
     "storage_unit or store",
     [](const HeatSupply& r) -> Cell { return r.family; }},
    {"name", "", "the component", [](const HeatSupply& r) -> Cell { return r.name; }},
    {"heat_mwh", "MWh_th", "heat supplied, weighted (storage: discharged)",
     [](const HeatSupply& r) -> Cell { return r.heat_mwh; }},
};

using HeatStorage = HeatStorageResult;
constexpr C<HeatStorage> kHeatStorage[] = {
    {"family", "", "storage_unit or store", [](const HeatStorage& r) -> Cell { return r.family; }},
    {"name", "", "the component", [](const HeatStorage& r) -> Cell { return r.name; }},
    {"energy_capacity_mwh", "MWh_th", "energy capacity at the solution",
     [](const HeatStorage& r) -> Cell { return r.energy_capacity_mwh; }},
    {"max_level_mwh", "MWh_th", "highest level over the snapshots",
     [](const HeatStorage& r) -> Cell { return r.max_level_mwh; }},
    {"mean_level_mwh", "MWh_th", "mean level, weighted",
     [](const HeatStorage& r) -> Cell { return r.mean_level_mwh; }},
    {"discharged_mwh", "MWh_th", "heat discharged, weighted",
     [](const HeatStorage& r) -> Cell { return r.discharged_mwh; }},
};

using V = Violation;
constexpr C<V> kViolations[] = {
    {"constraint", "", "the block that had to give: bus_balance, co2_cap, green_share, ...",
     [](const V& r) -> Cell { return r.constraint; }, 3, read_text<V, &V::constraint>},
    {"component", "", "its component (a bus, a group constraint)",
     [](const V& r) -> Cell { return r.component; }, 3, read_text<V, &V::component>},
    {"kind", "", "shortage, surplus, over_cap or short_of_target",
     [](const V& r) -> Cell { return r.kind; }},
    {"amount", "unit", "how much it gives, over the year",
     [](const V& r) -> Cell { return r.amount; }},
    {"unit", "", "MWh or t", [](const V& r) -> Cell { return r.unit; }},
    {"peak_mw", "MW", "balances: the largest hourly shortfall or surplus",
     [](const V& r) -> Cell { return r.peak_mw; }},
    {"peak_time", "", "balances: the snapshot of that peak",
     [](const V& r) -> Cell { return r.peak_time; }},
    {"snapshots", "", "balances: the snapshots that give",
     [](const V& r) -> Cell { return static_cast<long long>(r.hours); }},
    {"message", "", "the sentence shown to the user", [](const V& r) -> Cell { return r.message; },
     3, read_text<V, &V::message>},
};

using Chk = solve::Check;
constexpr C<Chk> kCheck[] = {
    {"passed", "", "every measure within its tolerance",
     [](const Chk& c) -> Cell { return c.passed; }},
    {"row_violation", "", "largest violation of a row's bounds, over 1 + the row's scale",
     [](const Chk& c) -> Cell { return c.row_violation; }},
    {"column_violation", "", "largest violation of a column's bounds",
     [](const Chk& c) -> Cell { return c.col_violation; }},
    {"dual_violation", "",
     "largest dual sign violation, over 1 + the largest cost; 0 without duals",
     [](const Chk& c) -> Cell { return c.dual_violation; }},
    {"duality_gap", "", "(primal - dual objective) / (1 + abs(primal)); 0 without duals",
     [](const Chk& c) -> Cell { return c.gap; }},
    {"objective_recomputed_cny", "CNY", "c x + offset, recomputed from the solution",
     [](const Chk& c) -> Cell { return c.objective; }},
    {"objective_error", "", "abs(recomputed - solver's) / (1 + abs(solver's))",
     [](const Chk& c) -> Cell { return c.objective_error; }},
    {"problem", "", "the first failed measure, in words (only when one failed)",
     [](const Chk& c) -> Cell { return c.problem; }, 3, nullptr, true},
    {"retried_with", "", "the method of the re-solve that gave the answer (only after one)",
     [](const Chk& c) -> Cell { return c.retried_with; }, 3, nullptr, true},
};

using S = Summary;
constexpr C<S> kHeat[] = {
    {"load_mwh", "MWh_th", "loads at heat buses, weighted",
     [](const S& s) -> Cell { return s.heat_load_mwh; }},
    {"supply_mwh", "MWh_th", "heat produced (storage not counted), weighted",
     [](const S& s) -> Cell { return s.heat_supply_mwh; }},
    {"price_cny_per_mwh", "CNY/MWh_th",
     "load-weighted average of the heat buses' prices; null without heat load or duals",
     [](const S& s) -> Cell { return s.heat_price_cny_per_mwh; }},
    {"value_cny", "CNY", "the heat load at its hourly price",
     [](const S& s) -> Cell { return s.heat_value_cny; }},
    {"co2_t", "t", "direct CO2 allocated to heat (boilers, CHP beta x h; also in co2_t)",
     [](const S& s) -> Cell { return s.heat_co2_t; }},
    {"green_share", "0-1", "green share of the heat",
     [](const S& s) -> Cell { return s.heat_green_share; }},
};

constexpr C<S> kUnitCommitment[] = {
    {"mode", "", "off, linear or integer", [](const S& s) -> Cell { return s.unit_commitment; }},
    {"mip_gap", "", "integer mode: the relative gap reached",
     [](const S& s) -> Cell { return s.mip_gap; }},
    {"relaxation_cny", "CNY",
     "integer mode with a start: the linear relaxation's objective (a bound); null otherwise",
     [](const S& s) -> Cell { return s.mip_relaxation_cny; }},
    {"mip_start_cny", "CNY", "integer mode with a start: the rounded start's objective",
     [](const S& s) -> Cell { return s.mip_start_cny; }},
};

constexpr C<S> kModel[] = {
    {"columns", "", "LP columns",
     [](const S& s) -> Cell { return static_cast<long long>(s.num_col); }},
    {"rows", "", "LP rows", [](const S& s) -> Cell { return static_cast<long long>(s.num_row); }},
    {"nonzeros", "", "LP nonzeros",
     [](const S& s) -> Cell { return static_cast<long long>(s.num_nz); }},
    {"bytes", "bytes", "memory of the LP as built",
     [](const S& s) -> Cell { return static_cast<long long>(s.lp_bytes); }},
    {"iterations", "", "solver iterations (simplex and interior point)",
     [](const S& s) -> Cell { return s.iterations; }},
};

constexpr C<Timings> kTimings[] = {
    {"read", "s", "reading the scenario", [](const Timings& t) -> Cell { return t.read_s; }},
    {"validate", "s", "validating it", [](const Timings& t) -> Cell { return t.validate_s; }},
    {"build", "s", "building the LP", [](const Timings& t) -> Cell { return t.build_s; }},
    {"solve", "s", "solving it", [](const Timings& t) -> Cell { return t.solve_s; }},
    {"explain", "s", "explaining an infeasibility",
     [](const Timings& t) -> Cell { return t.explain_s; }},
    {"write", "s", "writing the result files", [](const Timings& t) -> Cell { return t.write_s; }},
};

}  // namespace

const TableSpec<CapacityResult>& capacities_table() {
  static const TableSpec<CapacityResult> t{
      "capacities.csv", "capacities",
      "One row per generator, two per storage unit (power and energy), one per store and link",
      kCapacities};
  return t;
}

const TableSpec<UnitCommitmentResult>& units_table() {
  static const TableSpec<UnitCommitmentResult> t{
      "units.csv", "unit_commitment.units",
      "How each committable generator ran (only with unit commitment)", kUnits};
  return t;
}

const TableSpec<GroupConstraintResult>& group_constraints_table() {
  static const TableSpec<GroupConstraintResult> t{
      "group_constraints.csv", "group_constraints",
      "Each group constraint at the solution, with its shadow price (only with group "
      "constraints)",
      kGroups};
  return t;
}

const TableSpec<HydrogenResult>& hydrogen_table() {
  static const TableSpec<HydrogenResult> t{
      "hydrogen.csv", "hydrogen",
      "The hydrogen of each electrolyser and the CO2 of its electricity (only with "
      "electrolysers)",
      kHydrogen};
  return t;
}

const TableSpec<RuleResult>& rules_table() {
  static const TableSpec<RuleResult> t{
      "", "rules", "The share rules that are on ([policy], [planning], 1192号) and how they hold",
      kRules};
  return t;
}

const TableSpec<HeatSupplyResult>& heat_supply_table() {
  static const TableSpec<HeatSupplyResult> t{"", "heat.supply", "Each source of heat", kHeatSupply};
  return t;
}

const TableSpec<HeatStorageResult>& heat_storage_table() {
  static const TableSpec<HeatStorageResult> t{"", "heat.storage", "Each store of heat",
                                              kHeatStorage};
  return t;
}

const TableSpec<Violation>& violations_table() {
  static const TableSpec<Violation> t{
      "", "infeasibility",
      "Why the model is infeasible: what had to give (only when infeasible; paths.json's rows "
      "carry the same)",
      kViolations};
  return t;
}

const TableSpec<solve::Check>& check_record() {
  static const TableSpec<solve::Check> t{
      "",
      "check",
      "The answer checked against the model (docs/reliability.md); absent without a point",
      kCheck,
      "summary.json",
      true};
  return t;
}

const TableSpec<Summary>& heat_record() {
  static const TableSpec<Summary> t{
      "",
      "heat",
      "The park's heat (only with heat buses or heat load), with its `supply` and `storage` lists",
      kHeat,
      "summary.json",
      true};
  return t;
}

const TableSpec<Summary>& unit_commitment_record() {
  static const TableSpec<Summary> t{
      "",
      "unit_commitment",
      "How the committable generators were solved (only with some), with the `units` list",
      kUnitCommitment,
      "summary.json",
      true};
  return t;
}

const TableSpec<Summary>& model_record() {
  static const TableSpec<Summary> t{
      "", "model", "The size of the LP and the solver's work", kModel, "summary.json", true};
  return t;
}

const TableSpec<Timings>& timings_record() {
  static const TableSpec<Timings> t{"",       "timings_s",    "Where the time went",
                                    kTimings, "summary.json", true};
  return t;
}

std::string csv_cell(const Cell& cell, int decimals) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    if (text->find_first_of(",\"\n") == std::string::npos) return *text;
    std::string q = "\"";
    for (char ch : *text) {
      if (ch == '"') q += '"';
      q += ch;
    }
    return q + '"';
  }
  if (const auto* flag = std::get_if<bool>(&cell)) return *flag ? "true" : "false";
  if (const auto* count = std::get_if<long long>(&cell)) return fmt::format("{}", *count);
  const double v = std::get<double>(cell);
  if (!std::isfinite(v)) return {};
  return decimals < 0 ? fmt::format("{:.6g}", v) : fmt::format("{:.{}f}", v, decimals);
}

std::span<const KeyFigure> key_figures() {
  using K = KeyFigures;
  static constexpr KeyFigure kFigures[] = {
      {"objective_cny", "CNY", "the objective, constant included (0 without a solution)",
       &K::objective_cny},
      {"load_energy_mwh", "MWh", "weighted energy of the loads at electric buses",
       &K::load_energy_mwh},
      {"average_cost_cny_per_kwh", "CNY/kWh",
       "(objective - `heat.value_cny`) / electric load energy: the heat at its price taken out",
       &K::average_cost_cny_per_kwh},
      {"green_share", "0-1", "renewable share of the net electricity supply", &K::green_share},
      {"co2_t", "t", "CO2 of generators and imports", &K::co2_t},
      {"co2_kg_per_kwh", "kg/kWh", "CO2 per kWh of electric load", &K::co2_kg_per_kwh},
      {"renewable_generation_mwh", "MWh", "output of renewable generators",
       &K::renewable_generation_mwh},
      {"curtailment_mwh", "MWh", "available minus dispatched renewable energy",
       &K::curtailment_mwh},
      {"grid_import_mwh", "MWh", "weighted imports, all connections", &K::grid_import_mwh},
      {"grid_export_mwh", "MWh", "weighted exports, all connections", &K::grid_export_mwh},
      {"grid_peak_import_mw", "MW",
       "highest import of all connections together in one snapshot (park-wide)",
       &K::grid_peak_import_mw},
      {"renewable_capacity_share", "0-1",
       "renewable generator capacity / all generator capacity (MW, optimal; storage not "
       "counted): the \"new-energy share of capacity\"",
       &K::renewable_capacity_share},
  };
  return kFigures;
}

std::string key_figures_markdown() {
  std::string out =
      "#### Key figures of `summary.json`\n\nOne number each, at the top level of `summary.json` "
      "(0 without a solution; `load_energy_mwh`, an input, aside) and in the Python summary.\n\n"
      "| key | unit | meaning |\n|---|---|---|\n";
  for (const KeyFigure& k : key_figures())
    out += fmt::format("| `{}` | {} | {} |\n", k.key, k.unit, k.meaning);
  return out + '\n';
}

std::string result_tables_markdown() {
  std::string out = key_figures_markdown();
  out += table_markdown(capacities_table());
  out += table_markdown(units_table());
  out += table_markdown(group_constraints_table());
  out += table_markdown(hydrogen_table());
  out += table_markdown(rules_table());
  out += table_markdown(heat_record());
  out += table_markdown(heat_supply_table());
  out += table_markdown(heat_storage_table());
  out += table_markdown(unit_commitment_record());
  out += table_markdown(violations_table());
  out += table_markdown(check_record());
  out += table_markdown(model_record());
  out += table_markdown(timings_record());
  return out;
}

}  // namespace parkgrid::analysis
