// Results in the planner's words: key figures, capacities, the cost split, hourly tables, and
// for an infeasible model the explanation. Computed from the network, the layout and the
// solution; nothing here re-solves.
#pragma once

#include <filesystem>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parkgrid/formulate.hpp"
#include "parkgrid/network.hpp"
#include "parkgrid/solve.hpp"

namespace parkgrid::analysis {

struct Timings {
  double read_s = 0, validate_s = 0, build_s = 0, solve_s = 0, explain_s = 0, write_s = 0;
};

struct CapacityResult {
  std::string family;  // "generator", "storage_unit", ...
  std::string name;
  std::string quantity;  // "capacity_mw", "power_mw", "energy_mwh"
  bool extendable = false;
  double existing = 0, optimal = 0;
  // Energy through the component over the snapshots (generation, discharge, link input), MWh;
  // NaN for energy capacities. Full-load hours = energy_mwh / optimal.
  double energy_mwh = std::numeric_limits<double>::quiet_NaN();
  // Not a number for a capacity below 1 kW (or 1 kWh): an interior-point answer without
  // crossover leaves unbuilt options at 1e-6 or so, whose hours would be noise.
  [[nodiscard]] double full_load_hours() const {
    return optimal > 1e-3 ? energy_mwh / optimal : std::numeric_limits<double>::quiet_NaN();
  }
  [[nodiscard]] double built() const { return optimal - existing; }
};

// One component's share of the objective (CNY per modelled period, normally a year).
struct CostItem {
  std::string family;
  std::string name;
  double capex_annuity_cny = 0;  // CRF x capex x new capacity
  double fixed_om_cny = 0;
  double variable_cny = 0;         // marginal costs of operation
  double carbon_cny = 0;           // carbon price x CO2
  double energy_purchase_cny = 0;  // grid imports at the buy price
  double export_revenue_cny =
      0;  // grid exports at the sell price, with the mechanism settlement (a negative cost)
  double demand_charge_cny = 0;
  double start_up_cny = 0;             // unit commitment: start-up and shut-down costs
  [[nodiscard]] double total() const;  // the categories with their signs (cost_categories)
};

// The cost categories of the results, listed once: the key (a column of costs.csv, a field of
// summary.json's `costs` and `cost_by_category`), the names, the CostItem member and its sign
// in the total (-1: a revenue, shown as a positive number). costs.csv, summary.json (which also
// carries the list as `cost_categories`), the Python summary, the HTML report and the web view
// all iterate over it.
struct CostCategory {
  std::string_view key, name_en, name_zh;
  double CostItem::*member;
  int sign;
};
[[nodiscard]] std::span<const CostCategory> cost_categories();

// The hourly CSVs of `parkgrid run`, named once: analysis::summarise writes them (one per
// component family, the buses' prices, the units online), the report reads them back.
namespace hourly_file {
inline constexpr const char* kGenerators = "generators.csv";
inline constexpr const char* kUnitCommitment = "unit_commitment.csv";
inline constexpr const char* kStorageUnits = "storage_units.csv";
inline constexpr const char* kStores = "stores.csv";
inline constexpr const char* kLinks = "links.csv";
inline constexpr const char* kGrid = "grid.csv";
inline constexpr const char* kLoads = "loads.csv";
inline constexpr const char* kBusPrices = "bus_prices.csv";
}  // namespace hourly_file

// One component family's hourly values: one column of `snapshots` values per named quantity.
struct HourlyTable {
  std::string file;  // one of hourly_file
  std::vector<std::string> columns;
  std::vector<std::vector<double>> values;  // [column][snapshot]
};

// One row or group of rows that had to give in the elastic re-solve.
struct Violation {
  std::string constraint;  // block name: "bus_balance", "co2_cap", "green_share"
  std::string component;   // e.g. bus name
  std::string kind;        // "shortage", "surplus", "over_cap", "short_of_target"
  double amount = 0;       // MWh, t, or MWh
  std::string unit;
  double peak_mw = 0;  // for balances: the largest hourly violation
  std::string peak_time;
  Index hours = 0;
  std::string message;  // the sentence shown to the user
};

// How one committable generator ran (unit commitment; docs/formulation.md).
struct UnitCommitmentResult {
  std::string name;
  double unit_size_mw = 0;
  double units = 0;   // units standing (optimal capacity / unit size)
  double starts = 0;  // unit starts over the year (typical days: times their days)
  double shut_downs = 0;
  double online_unit_hours = 0;  // sum over hours of units online
  double hours_at_min_load = 0;  // hours with units online all at their minimum stable load
  double hours_offline = 0;      // hours with no unit online
  // Hours with a fraction of a unit online (linear commitment: the relaxation lets 0.3 of a
  // unit run, with 0.3 of its minimum load and no-load cost; always 0 in integer mode).
  double hours_fractional = 0;
  double full_load_hours = 0;  // energy / capacity
  double start_up_cny = 0;     // start-up and shut-down costs
  // Flexibility retrofit (only with a retrofit option): units retrofitted (whole in integer
  // mode), their minimum stable load after it (share of unit_size_mw), the annuity (in the
  // generator's capex_annuity_cny). NaN retrofit_min_stable_pu: no option.
  double retrofit_units = 0;
  double retrofit_min_stable_pu = std::numeric_limits<double>::quiet_NaN();
  double retrofit_cny = 0;
};

// A group constraint at the solution ([[group_constraints]], docs/formulation.md).
struct GroupConstraintResult {
  std::string name;
  std::string quantity;  // "capacity_mw", "energy_mwh", ...
  std::string unit;      // "MW", "MWh", "t"
  std::string sense;     // "<=", ">=", "=="
  double value = 0;      // the sum at the solution
  double bound = 0;      // the bound: `value` of the input, or share x the second sum
  double share = std::numeric_limits<double>::quiet_NaN();  // NaN: a bound by value
  bool binding = false;                                     // the sum is at its bound
  // Change of the objective when the bound is raised by one unit (CNY per MW, MWh or t): negative
  // when a <= bound costs money, positive for a >= bound; NaN without duals.
  double shadow_price_cny_per_unit = std::numeric_limits<double>::quiet_NaN();
  std::string source;
};

// The hydrogen of one electrolyser (a link that makes hydrogen, `makes_hydrogen`) and the CO2 of
// its electricity: each hour's electricity carries the average CO2 and renewable share of the
// park's electric supply in that hour (generators at electric buses and imports). Operating
// emissions of the electricity only; T/CAB 0078-2020 counts the life cycle.
struct HydrogenResult {
  std::string name;
  double electricity_mwh = 0;
  double hydrogen_mwh = 0;  // output, LHV
  double hydrogen_t = 0;    // hydrogen_mwh / 33.33 MWh per t
  double co2_t = 0;
  double co2_kg_per_kg = 0;    // NaN when no hydrogen is made
  double renewable_share = 0;  // of its electricity, hour by hour
  std::string grade;           // T/CAB 0078-2020: renewable, clean, low_carbon, above
};

// Heat (buses of a carrier with heat = true; docs/formulation.md "Heat"): one source of heat
// into the heat buses over the snapshots, MWh_th.
struct HeatSupplyResult {
  std::string family;  // "generator" (a fuel boiler on the heat bus), "chp" (heat extracted by a
                       // generator), "link" (an output to a heat bus), "storage_unit", "store"
  std::string name;
  double heat_mwh = 0;  // weighted, the positive part hour by hour (storage: discharged)
};
struct HeatStorageResult {
  std::string family;  // "storage_unit" or "store"
  std::string name;
  double energy_capacity_mwh = 0;
  double max_level_mwh = 0, mean_level_mwh = 0;  // over the snapshots (mean weighted)
  double discharged_mwh = 0;
};

// A share rule on the park's energy and its compliance in the solved year (docs/tariffs.md
// "The rules, as the documents write them"): the policy rows min_green_share (green share of
// the net electricity supply) and min_self_consumption_share (on-site renewable energy used in
// the park, generation less exports, over the available on-site renewable energy: curtailment
// counts against it), as set by [policy], [planning] or the supply arrangement (1192号).
struct RuleResult {
  std::string name;                               // "min_green_share", "min_self_consumption_share"
  double required = 0;                            // the share the row asks
  double achieved = 0;                            // the share at the solution
  double numerator_mwh = 0, denominator_mwh = 0;  // achieved = numerator / denominator
  bool binding = false;                           // achieved at the required share
  // The row's dual: change of the objective per MWh more the row must hold (for the
  // self-consumption rule: per MWh more self-consumed energy required); NaN without duals.
  double shadow_price_cny_per_mwh = std::numeric_limits<double>::quiet_NaN();
};

// The key figures of a result: one number each, described once in key_figures() (key, unit,
// meaning), which summary.json's writer, its reader (the report, the web server) and the Python
// summary go through, and `parkgrid schema --results` documents.
struct KeyFigures {
  double objective_cny = 0;
  double load_energy_mwh = 0;  // electric loads, weighted
  // (objective - heat_value_cny) / load_energy_mwh: the cost of electricity per kWh of electric
  // load, the heat's share (its load at its price) taken out.
  double average_cost_cny_per_kwh = 0;
  double green_share = 0;
  double co2_t = 0;
  double co2_kg_per_kwh = 0;
  double renewable_generation_mwh = 0;
  double curtailment_mwh = 0;
  double grid_import_mwh = 0;
  double grid_export_mwh = 0;
  double grid_peak_import_mw = 0;       // highest total import of all connections in one snapshot
  double renewable_capacity_share = 0;  // renewable / all generator capacity (MW), optimal
};

struct KeyFigure {
  std::string_view key;  // summary.json and Python key
  std::string_view unit;
  std::string_view meaning;  // one line, for docs/cli.md
  double KeyFigures::*member;
};
// In summary.json's order.
[[nodiscard]] std::span<const KeyFigure> key_figures();

struct Summary : KeyFigures {
  std::string scenario;
  std::string status;         // "optimal", "infeasible", "time_limit", ...
  std::string solver;         // "HiGHS 1.15.1"
  std::string solver_status;  // the solver's words
  bool optimal = false;
  bool has_solution = false;  // a primal point exists (optimal, or the best before a limit)
  Index num_col = 0, num_row = 0, num_nz = 0;
  std::size_t lp_bytes = 0;
  long long iterations = 0;
  std::string unit_commitment;  // "off", "linear", "integer"
  double mip_gap = 0;           // integer unit commitment: relative gap reached
  // Integer unit commitment with a start (solve::Options::mip_start): the objective of the
  // linear relaxation (a bound) and of the rounded start; NaN otherwise.
  double mip_relaxation_cny = std::numeric_limits<double>::quiet_NaN();
  double mip_start_cny = std::numeric_limits<double>::quiet_NaN();
  std::vector<UnitCommitmentResult> units;  // committable generators
  std::vector<GroupConstraintResult> group_constraints;
  std::vector<RuleResult> rules;         // the share rules that are on (required share > 0)
  std::vector<HydrogenResult> hydrogen;  // electrolysers
  // Heat (docs/formulation.md "Heat"); zero and empty without heat buses.
  double heat_load_mwh = 0;    // loads at heat buses, weighted
  double heat_supply_mwh = 0;  // heat produced (storage not counted), weighted
  // Load-weighted average of the heat buses' prices (their balance duals), CNY/MWh_th; NaN
  // without heat load or duals. heat_value_cny: the heat load at its hourly price.
  double heat_price_cny_per_mwh = std::numeric_limits<double>::quiet_NaN();
  double heat_value_cny = 0;
  double heat_co2_t = 0;  // direct CO2 allocated to heat: fuel boilers, CHP beta x h (in co2_t)
  // Green share of heat: heat from renewable carriers, plus the heat of links from an electric
  // bus at the electricity's green share and a heat pump's ambient heat (output above input).
  double heat_green_share = 0;
  std::vector<HeatSupplyResult> heat_supply;
  std::vector<HeatStorageResult> heat_storage;
  solve::Check check;  // the answer checked against the model (summary.json "check")
  std::string method;  // the HiGHS method that gave the answer (kChoose resolved)
  std::vector<CapacityResult> capacities;
  std::vector<CostItem> costs;
  std::vector<Violation> violations;  // only when infeasible
  Timings timings;
  // Typical days (planning::reduce): how many, the hours the snapshots stand for, and each
  // representative day's date and weight (days it stands for). 0 and empty otherwise.
  Index typical_days = 0;
  double hours_represented = 0;  // sum of the snapshot weights (8,760 for a year)
  std::vector<std::string> typical_day_dates;
  std::vector<double> typical_day_weights;
};

struct Results {
  Summary summary;
  std::vector<HourlyTable> hourly;
  std::vector<std::string> snapshot_labels;
  // Typical days only: the hours each snapshot stands for (the weight_hours column of the hourly
  // CSVs). Empty otherwise.
  std::vector<double> snapshot_weights;
};

// Key figures, capacities, costs and hourly tables of a solved model.
// The green share of the net electricity supply (docs/formulation.md, `green_share`): renewable
// generation less exports (exports are taken from renewables first) over all generation plus
// imports less exports, clamped to [0, 1]; 0 without supply. The one formula of the summary and
// of the reform paths.
[[nodiscard]] double green_share(double renewable_mwh, double other_mwh, double import_mwh,
                                 double export_mwh);

[[nodiscard]] Results summarise(const Network& net, const formulate::Model& model,
                                const solve::Solution& solution);

// The park's heat at its price: the loads at heat buses (MWh_th, weighted) and their value at the
// hour's heat price (the bus balance dual per hour of weight), CNY; price = value / load, NaN
// without heat load or duals. summary.json's heat_load_mwh, heat_value_cny and
// heat_price_cny_per_mwh, and the heat cost of each reform path: the one formula of both.
struct HeatValue {
  double load_mwh = 0;
  double value_cny = 0;
  double price_cny_per_mwh = std::numeric_limits<double>::quiet_NaN();
};
[[nodiscard]] HeatValue heat_value(const Network& net, const formulate::Model& model,
                                   const solve::Solution& solution);

// Re-solves `model` elastically and says which balances or policies had to give.
[[nodiscard]] std::vector<Violation> explain_infeasibility(const Network& net,
                                                           const formulate::Model& model,
                                                           const solve::Options& options);

// Writes OUT/summary.json, OUT/*.csv atomically: a temporary folder renamed at the end, so OUT
// is either complete or untouched. Throws std::runtime_error when OUT cannot be written.
void write_results(const Results& results, const std::string& out_dir);
// Writes `content` to `path` (binary); throws std::runtime_error naming the file on failure.
void write_file(const std::filesystem::path& path, std::string_view content);
// The files of write_results, written into the existing or new folder `dir` (not atomic).
void write_results_files(const Results& results, const std::filesystem::path& dir);
// The file parkgrid writes into every results folder it makes (run, paths, plan): a folder that
// holds it may be replaced by the next `-o`; a folder that does not, and is not empty, is refused.
inline constexpr const char* kResultsMarker = ".parkgrid-results";
// Throws std::runtime_error, naming the folder and the reason, when OUT must not be replaced: it
// is the current folder or holds it, it holds one of `inputs` (the scenario file or PyPSA folder),
// or it exists, is not empty and has no kResultsMarker (not written by parkgrid; this last rule
// only with `results_folder`, the folders of run, paths and plan).
void check_output_folder(const std::string& out_dir,
                         const std::vector<std::filesystem::path>& inputs = {},
                         bool results_folder = true);
// Makes OUT atomically (after check_output_folder): `fill` writes into a fresh temporary folder
// beside OUT, which then replaces OUT; on any exception the temporary folder is removed and OUT is
// left as it was.
void write_folder_atomically(const std::string& out_dir,
                             const std::function<void(const std::filesystem::path&)>& fill);

}  // namespace parkgrid::analysis
