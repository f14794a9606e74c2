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
    {"retrofit_cny", "CNY", "annuity of the retrofit (also in the generator's capex_annuity_cny)",
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
  return out;
}

}  // namespace parkgrid::analysis
