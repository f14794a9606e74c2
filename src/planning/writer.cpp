// OUT/periods.csv, OUT/period_capacities.csv, OUT/plan.json and OUT/<year>/, atomically.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/json_number.hpp"
#include "io/table_json.hpp"
#include "parkgrid/planning.hpp"

namespace parkgrid::planning {
namespace {
namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

constexpr auto num = io::json_number;

using analysis::Cell;
using P = PeriodResult;
using PeriodColumn = analysis::Column<PeriodResult>;

// The share rules (1192号, [policy]) per year: achieved, required, binding (1 or 0), shadow
// price; empty cells for a rule that is off in a year.
constexpr const char* kRules[] = {"min_green_share", "min_self_consumption_share"};

template <int R>
const analysis::RuleResult* rule(const P& p) {
  const auto& rules = p.results.summary.rules;
  const auto q = std::find_if(rules.begin(), rules.end(),
                              [](const analysis::RuleResult& x) { return x.name == kRules[R]; });
  return q == rules.end() ? nullptr : &*q;
}
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
template <int R>
Cell achieved(const P& p) {
  const auto* q = rule<R>(p);
  return q ? q->achieved : kNone;
}
template <int R>
Cell required(const P& p) {
  const auto* q = rule<R>(p);
  return q ? q->required : kNone;
}
template <int R>
Cell binding(const P& p) {
  const auto* q = rule<R>(p);
  return q ? (q->binding ? 1.0 : 0.0) : kNone;
}
template <int R>
Cell shadow(const P& p) {
  const auto* q = rule<R>(p);
  return q ? q->shadow_price_cny_per_mwh : kNone;
}

constexpr PeriodColumn kPeriods[] = {
    {"year", "", "the period's year (its first, represented by the scenario's snapshots)",
     [](const P& p) -> Cell { return static_cast<long long>(p.year); }},
    {"years", "years", "years the period stands for", [](const P& p) -> Cell { return p.years; },
     -1},
    {"discount_weight", "years",
     "its years discounted to `[planning] base_year`: the sum of their discount factors",
     [](const P& p) -> Cell { return p.weight; }, 6},
    {"load_mwh", "MWh", "electric load of the year",
     [](const P& p) -> Cell { return p.results.summary.load_energy_mwh; }},
    {"annual_cost_cny", "CNY", "operation plus the annuities of everything built by then",
     [](const P& p) -> Cell { return p.annual_cost_cny; }, 2},
    {"operation_cost_cny", "CNY",
     "energy, fuel, O&M of existing assets, network charges, of one year",
     [](const P& p) -> Cell { return p.operation_cost_cny; }, 2},
    {"cost_of_supply_cny_per_kwh", "CNY/kWh", "the year's average cost of supply (as summary.json)",
     [](const P& p) -> Cell { return p.results.summary.average_cost_cny_per_kwh; }, 6},
    {"investment_cny", "CNY", "overnight capex of what is built in this period",
     [](const P& p) -> Cell { return p.investment_cny; }, 2},
    {"green_share", "", "green share of the electricity used, 0-1",
     [](const P& p) -> Cell { return p.results.summary.green_share; }, 6},
    {"renewable_capacity_share", "", "renewable share of electric generating capacity, 0-1",
     [](const P& p) -> Cell { return p.results.summary.renewable_capacity_share; }, 6},
    {"co2_t", "t", "CO2 of the year", [](const P& p) -> Cell { return p.results.summary.co2_t; }},
    {"renewable_generation_mwh", "MWh", "renewable generation",
     [](const P& p) -> Cell { return p.results.summary.renewable_generation_mwh; }},
    {"curtailment_mwh", "MWh", "renewable output available but not used",
     [](const P& p) -> Cell { return p.results.summary.curtailment_mwh; }},
    {"grid_import_mwh", "MWh", "energy bought from the grid",
     [](const P& p) -> Cell { return p.results.summary.grid_import_mwh; }},
    {"grid_export_mwh", "MWh", "energy sold to the grid",
     [](const P& p) -> Cell { return p.results.summary.grid_export_mwh; }},
    {"status", "", "the solver status of the plan (the same in every row)",
     [](const P& p) -> Cell { return p.results.summary.status; }},
    {"min_green_share_achieved", "", "green share reached; blank when the rule is off that year",
     achieved<0>, 6},
    {"min_green_share_required", "", "the year's minimum green share", required<0>, 6},
    {"min_green_share_binding", "", "1 when the share is at its minimum, else 0", binding<0>, 0},
    {"min_green_share_shadow_cny_per_mwh", "CNY/MWh",
     "what one more MWh of green supply would be worth under the rule", shadow<0>, 4},
    {"min_self_consumption_share_achieved", "",
     "on-site renewable output used on site, share of what was available; blank when off",
     achieved<1>, 6},
    {"min_self_consumption_share_required", "", "the year's minimum self-consumption share",
     required<1>, 6},
    {"min_self_consumption_share_binding", "", "1 when at its minimum, else 0", binding<1>, 0},
    {"min_self_consumption_share_shadow_cny_per_mwh", "CNY/MWh", "the rule's shadow price",
     shadow<1>, 4},
};

using CapacityColumn = analysis::Column<PeriodCapacity>;
constexpr CapacityColumn kPeriodCapacities[] = {
    {"year", "", "the period",
     [](const PeriodCapacity& c) -> Cell { return static_cast<long long>(c.year); }},
    {"family", "", "generator, storage_unit, store or link",
     [](const PeriodCapacity& c) -> Cell { return c.ref->family; }},
    {"name", "", "the component", [](const PeriodCapacity& c) -> Cell { return c.ref->name; }},
    {"quantity", "", "capacity_mw, power_mw, energy_mwh, or retrofit_units (units retrofitted)",
     [](const PeriodCapacity& c) -> Cell { return c.ref->quantity; }},
    {"unit", "", "MW, MWh or units", [](const PeriodCapacity& c) -> Cell { return c.ref->unit; }},
    {"built", "unit", "built in this period",
     [](const PeriodCapacity& c) -> Cell { return c.built; }, 4},
    {"standing", "unit", "in service in this period (existing and built, less retired)",
     [](const PeriodCapacity& c) -> Cell { return c.standing; }, 4},
};

using ErrorColumn = analysis::Column<SeriesError>;
constexpr ErrorColumn kReductionErrors[] = {
    {"series", "", "the time series (availability of a generator, a load, all load, a price)",
     [](const SeriesError& e) -> Cell { return e.name; }},
    {"full_mean", "its unit", "mean over the full year",
     [](const SeriesError& e) -> Cell { return e.full_mean; }},
    {"reduced_mean", "its unit", "weighted mean over the representative days",
     [](const SeriesError& e) -> Cell { return e.reduced_mean; }},
    {"mean_error", "", "(reduced - full) / full; 0 when the full mean is 0",
     [](const SeriesError& e) -> Cell { return e.mean_error; }},
    {"duration_curve_nrmse", "",
     "RMSE of the sorted curves over the range (max - min) of the full one",
     [](const SeriesError& e) -> Cell { return e.duration_curve_nrmse; }},
};

std::string capacities_csv(const PlanResult& r) {
  std::vector<PeriodCapacity> rows;
  for (const PeriodResult& p : r.period)
    for (std::size_t q = 0; q < r.capacities.size(); ++q)
      rows.push_back({p.year, &r.capacities[q], p.built[q], p.standing[q]});
  return analysis::table_csv(period_capacities_table(), rows);
}

std::string plan_json(const PlanResult& r) {
  ordered_json j;
  j["scenario"] = r.scenario;
  j["foresight"] = r.myopic ? "myopic" : "perfect";
  j["status"] = r.status;
  j["optimal"] = r.optimal;
  j["solver"] = r.solver;
  j["base_year"] = r.periods.base_year;
  j["discount_rate"] = r.periods.rate;
  j["total_cost_cny"] = num(r.total_cost_cny);
  j["capacity_share_goal"] = r.capacity_share_goal;
  j["goal_year"] = r.goal_year == 0 ? ordered_json(nullptr) : ordered_json(r.goal_year);
  j["typical_days"] = r.typical_days;
  j["snapshots_per_period"] = r.snapshots_per_period;
  j["lp"] = {{"columns", r.num_col},
             {"rows", r.num_row},
             {"nonzeros", r.num_nz},
             {"build_s", r.build_s},
             {"solve_s", r.solve_s}};
  j["reduction_errors"] = io::table_json(reduction_errors_table(), r.reduction_errors);
  // Each period: its row of periods.csv, its share rules and what it builds ("name quantity").
  ordered_json periods = ordered_json::array();
  for (const PeriodResult& p : r.period) {
    ordered_json pj = io::row_json(periods_table(), p);
    pj["rules"] = io::table_json(analysis::rules_table(), p.results.summary.rules);
    ordered_json built = ordered_json::object();
    for (std::size_t q = 0; q < r.capacities.size(); ++q)
      if (p.built[q] > 1e-6)
        built[fmt::format("{} {}", r.capacities[q].name, r.capacities[q].quantity)] =
            num(p.built[q]);
    pj["built"] = built;
    periods.push_back(pj);
  }
  j["periods"] = periods;
  ordered_json viol = ordered_json::array();
  for (const auto& v : r.violations) viol.push_back(v.message);
  j["infeasible_year"] =
      r.infeasible_year == 0 ? ordered_json(nullptr) : ordered_json(r.infeasible_year);
  j["violations"] = viol;
  return j.dump(2) + "\n";
}

}  // namespace

const analysis::TableSpec<SeriesError>& reduction_errors_table() {
  static const analysis::TableSpec<SeriesError> t{
      "", "reduction_errors",
      "`parkgrid plan` on typical days: how well the representative days keep each time series",
      kReductionErrors, "plan.json"};
  return t;
}

const analysis::TableSpec<PeriodCapacity>& period_capacities_table() {
  static const analysis::TableSpec<PeriodCapacity> t{
      "period_capacities.csv", "",
      "`parkgrid plan`: one row per period and capacity option (extendable components and "
      "flexibility retrofits)",
      kPeriodCapacities};
  return t;
}

const analysis::TableSpec<PeriodResult>& periods_table() {
  static const analysis::TableSpec<PeriodResult> t{
      "periods.csv", "periods",
      "`parkgrid plan`: one row per period, its year's key figures (in plan.json each period also "
      "has its `rules`, as summary.json's, and what it builds, `built`: \"name quantity\" to the "
      "amount)",
      kPeriods, "plan.json"};
  return t;
}

void write_plan(const PlanResult& result, const std::string& out_dir) {
  analysis::write_folder_atomically(out_dir, [&](const fs::path& tmp) {
    analysis::write_file(tmp / "periods.csv", analysis::table_csv(periods_table(), result.period));
    analysis::write_file(tmp / "period_capacities.csv", capacities_csv(result));
    for (const PeriodResult& p : result.period)
      analysis::write_results_files(p.results, tmp / std::to_string(p.year));
    analysis::write_file(tmp / "plan.json", plan_json(result));
  });
}

}  // namespace parkgrid::planning
