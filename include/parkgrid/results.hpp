// Results in the planner's words: key figures, capacities, the cost split, hourly tables, and
// for an infeasible model the explanation. Computed from the network, the layout and the
// solution; nothing here re-solves.
#pragma once

#include <filesystem>
#include <functional>
#include <limits>
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
  [[nodiscard]] double full_load_hours() const {
    return optimal > 0 ? energy_mwh / optimal : std::numeric_limits<double>::quiet_NaN();
  }
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
  double export_revenue_cny = 0;   // grid exports at the sell price (a negative cost)
  double demand_charge_cny = 0;
  [[nodiscard]] double total() const {
    return capex_annuity_cny + fixed_om_cny + variable_cny + carbon_cny + energy_purchase_cny -
           export_revenue_cny + demand_charge_cny;
  }
};

// One component family's hourly values: one column of `snapshots` values per named quantity.
struct HourlyTable {
  std::string file;  // e.g. "generators.csv"
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

struct Summary {
  std::string scenario;
  std::string status;         // "optimal", "infeasible", "time_limit", ...
  std::string solver;         // "HiGHS 1.15.1"
  std::string solver_status;  // the solver's words
  bool optimal = false;
  bool has_solution = false;  // a primal point exists (optimal, or the best before a limit)
  double objective_cny = 0;
  double load_energy_mwh = 0;  // electric loads, weighted
  double average_cost_cny_per_kwh = 0;
  double green_share = 0;
  double co2_t = 0;
  double co2_kg_per_kwh = 0;
  double renewable_generation_mwh = 0;
  double curtailment_mwh = 0;
  double grid_import_mwh = 0;
  double grid_export_mwh = 0;
  double renewable_capacity_share = 0;  // renewable / all generator capacity (MW), optimal
  double grid_peak_import_mw = 0;       // highest total import of all connections in one snapshot
  Index num_col = 0, num_row = 0, num_nz = 0;
  std::size_t lp_bytes = 0;
  long long iterations = 0;
  solve::Check check;  // the answer checked against the model (summary.json "check")
  std::string method;  // the HiGHS method that gave the answer (kChoose resolved)
  std::vector<CapacityResult> capacities;
  std::vector<CostItem> costs;
  std::vector<Violation> violations;  // only when infeasible
  Timings timings;
};

struct Results {
  Summary summary;
  std::vector<HourlyTable> hourly;
  std::vector<std::string> snapshot_labels;
};

// Key figures, capacities, costs and hourly tables of a solved model.
[[nodiscard]] Results summarise(const Network& net, const formulate::Model& model,
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
// Makes OUT atomically: `fill` writes into a fresh temporary folder beside OUT, which then
// replaces OUT; on any exception the temporary folder is removed and OUT is left as it was.
void write_folder_atomically(const std::string& out_dir,
                             const std::function<void(const std::filesystem::path&)>& fill);

}  // namespace parkgrid::analysis
