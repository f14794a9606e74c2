// The electricity reform paths of the seeds, compared side by side on one model:
//   baseline     all power bought from the grid under the large-industry tariff (user voltage)
//   linkage      path 1, generation linkage (发电联动): coal units supply the park at a price
//                linked to the coal price; the energy still travels on the public grid
//   distribution path 2, incremental distribution network (增量配电网): T&D paid at the park's
//                connection voltage, plus the annual cost of the park's own network
//   integration  path 3, source-grid-load-storage (源网荷储一体化): on-site wind, PV and storage
//                under 发改价格〔2025〕1192号 (green share, self-consumption, export cap, T&D per
//                kW)
//   combined     all three
// The model is built once; each path changes costs and bounds in place and re-solves from the
// previous basis (warm start). See docs/tariffs.md, "The reform paths".
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "parkgrid/network.hpp"
#include "parkgrid/result_tables.hpp"
#include "parkgrid/results.hpp"
#include "parkgrid/solve.hpp"

namespace parkgrid::paths {

// The enterprise price as a waterfall: the yearly cost of supplying the park, by component
// (CNY). Divided by the park's electricity consumption it gives CNY/kWh. The parts are listed once,
// in waterfall_parts(): the total, paths.json, paths.csv, the printed table, the report and the web
// view all go through that list.
struct Waterfall {
  double energy_cny = 0;              // grid energy price, or the linked price of coal power
  double transmission_cny = 0;        // T&D energy charge (per kWh)
  double fixed_charge_cny = 0;        // demand charge, or T&D per kW of capacity (path 3)
  double losses_and_system_cny = 0;   // line-loss and system-operation charges
  double funds_cny = 0;               // government funds and surcharges
  double green_certificates_cny = 0;  // certificates bought to reach the green target
  double carbon_cny = 0;              // carbon price x CO2
  double own_assets_cny = 0;          // annuity, O&M and running cost of the park's own assets
  double export_revenue_cny = 0;      // surplus sold to the grid (subtracted)
  // The park's heat load at its hourly price (the heat buses' duals), subtracted: what the heat
  // users pay for the fuel, plant and electricity that make their heat, so that the electricity
  // price is the price of electricity alone (docs/tariffs.md "Heat beside the electricity price").
  double heat_revenue_cny = 0;
  [[nodiscard]] double total_cny() const;
};

// One part of the waterfall: its key in paths.json / paths.csv, its names, the member holding
// it and its sign in the total (-1: a revenue, shown and summed as a negative).
struct WaterfallPart {
  const char* key;
  const char* name_en;
  const char* name_zh;
  double Waterfall::*cny;
  int sign;
  [[nodiscard]] constexpr double signed_cny(const Waterfall& f) const { return sign * (f.*cny); }
};
inline constexpr std::array<WaterfallPart, 10> kWaterfallParts{{
    {"energy", "Energy", "电能量", &Waterfall::energy_cny, 1},
    {"transmission", "T&D energy charge", "输配电量电费", &Waterfall::transmission_cny, 1},
    {"fixed_charge", "Fixed charge", "容(需)量电费", &Waterfall::fixed_charge_cny, 1},
    {"losses_and_system", "Line loss + system", "线损及系统运行费",
     &Waterfall::losses_and_system_cny, 1},
    {"funds", "Government funds", "政府性基金及附加", &Waterfall::funds_cny, 1},
    {"green_certificates", "Green certificates", "绿证", &Waterfall::green_certificates_cny, 1},
    {"carbon", "Carbon", "碳成本", &Waterfall::carbon_cny, 1},
    {"own_assets", "Own assets", "自有资产年化成本", &Waterfall::own_assets_cny, 1},
    {"export_revenue", "Export revenue", "上网收入", &Waterfall::export_revenue_cny, -1},
    {"heat_revenue", "Heat at its price", "热费（按热价）", &Waterfall::heat_revenue_cny, -1},
}};
[[nodiscard]] inline std::span<const WaterfallPart> waterfall_parts() {
  return kWaterfallParts;
}

struct PathResult {
  std::string id;       // "baseline", "linkage", "distribution", "integration", "combined"
  std::string name_en;  // "Path 1: generation linkage"
  std::string name_zh;  // "路径一：发电联动"
  std::string status;   // solver status of this variant
  // The solver returned a point (optimal, or the best before a limit). Without one the price,
  // saving and payback are NaN (null in paths.json, blank in paths.csv, "–" printed).
  bool has_solution = false;
  double consumption_mwh = 0;  // electric loads + electricity converted (electrolysers)
  Waterfall waterfall;
  double price_cny_per_kwh = 0;
  double saving_cny_per_kwh = 0;  // baseline price - this price
  double green_share = 0;
  double co2_t = 0;                 // all the CO2 of the park's supply, heat included
  double co2_kg_per_kwh = 0;        // of electricity: (co2_t - heat's own) / all electricity used
  double heat_co2_t = 0;            // heat's own (boilers, extraction beta x h) + its electricity's
  double investment_cny = 0;        // overnight capex of what the path builds
  double simple_payback_years = 0;  // investment / yearly saving; inf when nothing is saved
  double curtailment_mwh = 0;
  double grid_import_mwh = 0;
  double grid_export_mwh = 0;
  // The park's heat beside its electricity (analysis::heat_value, as summary.json): the heat
  // load, and its load-weighted price, CNY/MWh_th (NaN without heat load or duals). Its cost, the
  // load at the hourly price, is waterfall.heat_revenue_cny: taken out of the electricity price.
  double heat_load_mwh = 0;
  double heat_price_cny_per_mwh = std::numeric_limits<double>::quiet_NaN();
  double objective_cny = 0;  // the LP's objective for this variant
  // objective - (waterfall total - certificates - distribution network + fixed O&M of switched-
  // off fixed plant): zero when every yuan of the waterfall is accounted for in the LP.
  double reconciliation_gap_cny = 0;
  std::vector<analysis::CapacityResult> built;  // extendable components with capacity > 0
  double solve_s = 0;                           // warm: re-solved from the previous path's basis
  double cold_solve_s = -1;                     // from scratch, when measured (--compare-cold)
  double cold_objective_cny = 0;  // the objective of that cold solve (must equal objective_cny)
  long long iterations = 0;
  std::vector<analysis::Violation> violations;  // why the path is infeasible, if it is
};

// paths.csv, one row per path (sensitivities.csv: the same after its parameter and value),
// described once (src/analysis/paths.cpp): the writer and the docs (`parkgrid schema --results`).
// A part of a path's price in CNY per kWh of its consumption (0 without consumption), as
// paths.json's waterfall_cny_per_kwh and paths.csv's part columns.
[[nodiscard]] double per_kwh(const PathResult& r, double cny);

[[nodiscard]] const analysis::TableSpec<PathResult>& paths_table();
// paths.json's rows (the report reads them back through it) and, inside each, what it builds.
[[nodiscard]] const analysis::TableSpec<PathResult>& path_json_table();
[[nodiscard]] const analysis::TableSpec<analysis::CapacityResult>& built_table();

struct Sensitivity {
  std::string
      parameter;  // "coal_price_cny_per_tce", "pv_capex_cny_per_mw", "carbon_price_cny_per_t"
  double value = 0;
  std::vector<PathResult> paths;
};

struct Options {
  solve::Options solver;
  bool compare_cold = false;  // also solve every path from scratch and report the time
  // Parameter name -> values; each value re-solves every path with that one change.
  std::vector<std::pair<std::string, std::vector<double>>> sensitivities;
};

struct Result {
  std::string scenario;
  std::string tariff;
  std::vector<PathResult> paths;
  std::vector<Sensitivity> sensitivities;
  double build_s = 0;
  Index snapshots = 0;     // snapshots of the model (576 on 24 typical days)
  double hours = 0;        // the hours they stand for (their weights: 8,760 for a year)
  Index typical_days = 0;  // representative days (planning::reduce), 0: every snapshot
};

// Runs the five paths on `network` (which needs a [paths] section). Throws InputError when the
// [paths] section or the tariff is missing or names unknown components or voltage levels.
[[nodiscard]] Result run(const Network& network, const Options& options);

// OUT/paths.json and OUT/paths.csv, atomically (a temporary folder renamed at the end).
void write(const Result& result, const std::string& out_dir);

// A path's simple payback as a reader sees it (the printed table and the report; the web UI
// writes the same words): "–" for the baseline or a path without a solution, "never 不回收"
// when it saves nothing (the infinity of simple_payback_years), "none 无追加投资" when it
// saves while investing no more than the baseline (0), else years with one decimal.
[[nodiscard]] std::string payback_text(double years);

}  // namespace parkgrid::paths
