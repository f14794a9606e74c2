// Reading a results folder back: what `parkgrid run` writes (summary.json, capacities.csv, the
// hourly CSVs), what `parkgrid paths` writes (paths.json, sensitivities.csv) and, when multi-period
// planning wrote them, periods.csv and period_capacities.csv. Columns are found by their header
// name, never by position. Every problem names the file and the field (ReportError). The web
// server (src/server) and the report (report.cpp) both read results through this file only.
#pragma once

#include <cstddef>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "parkgrid/network.hpp"
#include "parkgrid/paths.hpp"
#include "parkgrid/results.hpp"

namespace parkgrid::report {

// A results file that is missing or malformed: `file` and `field` name what is wrong.
class ReportError : public std::runtime_error {
 public:
  ReportError(std::string file, std::string field, const std::string& problem);
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& field() const { return field_; }

 private:
  std::string file_;
  std::string field_;
};

// A CSV file as text cells, with its header. Quoted cells ("a,b", "say ""hi""") are understood.
struct CsvTable {
  std::string file;  // as shown in messages
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;             // each as wide as the header
  [[nodiscard]] int column(std::string_view name) const;  // -1 when absent
  // The column's index, or a ReportError naming the file and the column.
  [[nodiscard]] std::size_t require(std::string_view name) const;
  // The number in a cell; NaN for an empty cell; a ReportError for text that is not a number.
  [[nodiscard]] double number(std::size_t row, std::size_t col) const;
};
[[nodiscard]] CsvTable read_csv(const std::filesystem::path& path);

struct Series {
  std::string name;
  std::vector<double> values;
};

// An hourly results CSV: the `snapshot` column and one numeric column per quantity.
struct HourlyCsv {
  std::string file;
  std::vector<std::string> snapshots;
  std::vector<Series> columns;
  // Typical days: the weight_hours column (hours each snapshot stands for); empty otherwise.
  std::vector<double> weights;
  [[nodiscard]] const Series* find(std::string_view name) const;
};
[[nodiscard]] HourlyCsv read_hourly(const std::filesystem::path& path);

// A row of summary.json's capacities, read through its one description
// (analysis::capacities_table(), src/io/table_json.hpp).
using Capacity = analysis::CapacityResult;

// The key figures of summary.json, each checked for presence and type.
// The key figures (analysis::key_figures()) and the rest of summary.json's top level.
struct Summary : analysis::KeyFigures {
  std::string scenario, status, solver, solver_status;
  bool optimal = false, has_solution = false;
  std::vector<Capacity> capacities;
  std::vector<std::pair<std::string, double>> cost_by_category;  // in summary.json's order
  std::vector<std::string> infeasibility;                        // messages, when infeasible
  // Typical days (absent in folders written before issue 21: 0 and empty).
  long long typical_days = 0;
  double hours_represented = 0;  // NaN when summary.json does not say
  std::vector<std::pair<std::string, double>> typical_day_weights;  // day, days it stands for
};
[[nodiscard]] Summary parse_summary(const nlohmann::json& j, const std::string& file);

// A results folder of `parkgrid run`. Hourly files are read when present.
struct Results {
  std::filesystem::path dir;
  Summary summary;
  nlohmann::json summary_json;
  std::optional<HourlyCsv> generators, storage_units, stores, links, grid, loads, bus_prices;
  std::optional<HourlyCsv> unit_commitment;  // unit_commitment.csv: committable generators
  [[nodiscard]] std::size_t hours() const;   // snapshots in the hourly files (0 without them)
  [[nodiscard]] const std::vector<std::string>& snapshot_labels() const;
};
// Throws ReportError when the folder, summary.json or a field of it is missing or malformed,
// or when a solved result lacks generators.csv or loads.csv. A folder of `parkgrid plan`
// (plan.json and one results folder per year) gives its last year's results; read_periods gives
// the years.
[[nodiscard]] Results read_results(const std::filesystem::path& dir);

// Multi-period planning (issue 7): OUT/periods.csv (one row per investment period; `year`
// required, the other columns read by name) and OUT/period_capacities.csv (`year`, `name`,
// `unit`, `built`, `standing` required: src/planning/writer.cpp). Both absent: nullopt, silently.
// Read apart from read_results so that a problem in them does not hide the rest of a result. Throws
// ReportError.
struct Periods {
  CsvTable periods;
  std::optional<CsvTable> capacities;
};
[[nodiscard]] std::optional<Periods> read_periods(const std::filesystem::path& dir);

// The files a results folder offers for download (CSV and JSON written by parkgrid).
[[nodiscard]] std::vector<std::string> result_files(const std::filesystem::path& dir);

// paths.json of `parkgrid paths`: its rows read back through paths::path_json_table (the
// waterfall from waterfall_cny, what each path builds, why it is infeasible).
struct PathsResult {
  std::filesystem::path dir;
  std::string scenario, tariff;
  std::vector<paths::PathResult> paths;
  nlohmann::json json;
  std::optional<CsvTable> sensitivities;
};
[[nodiscard]] PathsResult read_paths(const std::filesystem::path& dir);

// A folder of `parkgrid sweep` (docs/sweep.md): summary.csv and results.csv required,
// sensitivity.csv when the design has indices (oat, morris, sobol) and all its samples ran,
// run.json (name, design, run, parameters, figures) when present; without it the parameters are
// results.csv's p.NAME columns and the figures summary.csv's.
struct SweepResult {
  std::filesystem::path dir;
  std::string name, design, run;        // design: oat, grid, lhs, morris, sobol ("" when unknown)
  std::vector<std::string> parameters;  // in the specification's order
  std::vector<std::string> figures;     // results.csv columns summarised (PATH.FIGURE for paths)
  CsvTable summary, results;
  std::optional<CsvTable> sensitivity;
  nlohmann::json run_json;  // run.json as written (an empty object when absent)
};
// A sweep folder: design.csv and summary.csv, and no summary.json (which a run folder has).
[[nodiscard]] bool is_sweep_folder(const std::filesystem::path& dir);
// Throws ReportError naming the file (and column) that is missing or malformed.
[[nodiscard]] SweepResult read_sweep(const std::filesystem::path& dir);

// Which components sit on electric buses: the dispatch chart is the electric balance. Known from
// the scenario; without one every generator, storage unit and grid connection counts as
// electric, links as electric consumers, and every load.
struct Topology {
  bool known = false;
  // The heat balance (heat_topology_of): the sets below are of the heat buses, electric_buses
  // holds the heat buses, and stores' levels are shown only for stores on them.
  bool heat = false;
  std::set<std::string> generators, loads, storage_units, stores, grid, link_inputs, link_outputs;
  std::set<std::string> electric_buses;
  std::set<std::string> chp_heat;  // extraction CHP generators whose heat_bus is in the balance
  // Further outputs of links (to_bus2, to_bus3) into the balance, as links.csv columns:
  // "chp.output2_mw".
  std::set<std::string> link_extra_outputs;
  std::map<std::string, std::string> carrier;  // component -> carrier name (generators, storage)
};
[[nodiscard]] Topology topology_of(const Network& net);
// The same for the heat buses (docs/formulation.md "Heat"): boilers, CHP extraction (the
// generators.csv column NAME.heat_mw), links into and out of heat buses, heat storage and loads.
// known = false when the network has no heat bus.
[[nodiscard]] Topology heat_topology_of(const Network& net);

// The electric balance over `count` snapshots from `first`: what supplies (>= 0) and what
// consumes besides the loads (>= 0, drawn below zero), the electric load, storage levels and
// bus prices. Series that are zero throughout the window are left out.
struct Balance {
  std::vector<std::string> snapshots;
  std::vector<Series> supply, consumption, soc, prices;
  Series load;
  std::vector<std::string> supply_kind, consumption_kind;  // e.g. "solar", "grid", "storage"
  // Committable generators (unit_commitment.csv): units online and the least output of the units
  // online (MW), one pair per generator, named after it.
  std::vector<Series> units_online, min_output_mw;
};
[[nodiscard]] Balance balance(const Results& r, const Topology& t, std::size_t first,
                              std::size_t count);

// Bus prices sorted from the highest to the lowest, per electric bus (CNY/MWh). With weighted
// snapshots (typical days) the curve is over the hours they stand for: one value per hour, each
// snapshot repeated for its weight (8,760 values for a year on typical days).
[[nodiscard]] std::vector<Series> price_duration(const Results& r, const Topology& t);

}  // namespace parkgrid::report
