#include "report/results.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>

#include "io/table_json.hpp"
#include "parkgrid/paths.hpp"
#include "parkgrid/result_tables.hpp"

namespace parkgrid::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Results files are written by parkgrid; anything past this is not one of them.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{1} << 30;

std::string slurp(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw ReportError(path.string(), "", "is missing (not a file)");
  if (fs::file_size(path, ec) > kMaxFileBytes)
    throw ReportError(path.string(), "", "is larger than 1 GiB: not a parkgrid result");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) throw ReportError(path.string(), "", "cannot be read");
  return ss.str();
}

// Splits one CSV line into cells (RFC 4180 quotes); `line_no` for messages.
std::vector<std::string> split_csv(std::string_view line, const std::string& file, int line_no) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(std::move(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  if (quoted) throw ReportError(file, fmt::format("line {}", line_no), "has an unclosed quote");
  cells.push_back(std::move(cell));
  return cells;
}

double parse_number(const std::string& text, bool* ok) {
  *ok = true;
  if (text.empty()) return kNaN;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE) *ok = false;
  return v;
}

const json& need(const json& j, const char* key, const std::string& file) {
  if (!j.is_object() || !j.contains(key)) throw ReportError(file, key, "is missing");
  return j.at(key);
}

double number(const json& j, const char* key, const std::string& file) {
  const json& v = need(j, key, file);
  if (v.is_null()) return kNaN;  // parkgrid writes inf and NaN as null
  if (!v.is_number())
    throw ReportError(file, key, fmt::format("= {} (expected a number)", v.dump()));
  return v.get<double>();
}

std::string text(const json& j, const char* key, const std::string& file) {
  const json& v = need(j, key, file);
  if (!v.is_string()) throw ReportError(file, key, fmt::format("= {} (expected text)", v.dump()));
  return v.get<std::string>();
}

bool boolean(const json& j, const char* key, const std::string& file) {
  const json& v = need(j, key, file);
  if (!v.is_boolean())
    throw ReportError(file, key, fmt::format("= {} (expected true or false)", v.dump()));
  return v.get<bool>();
}

json read_json(const fs::path& path) {
  const std::string content = slurp(path);
  try {
    return json::parse(content);
  } catch (const json::parse_error& e) {
    throw ReportError(path.string(), "", fmt::format("is not valid JSON ({})", e.what()));
  }
}

std::optional<HourlyCsv> hourly_if_present(const fs::path& dir, const char* name) {
  std::error_code ec;
  if (!fs::exists(dir / name, ec)) return std::nullopt;
  return read_hourly(dir / name);
}

bool all_zero(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return !(std::abs(x) > 1e-6); });
}

std::vector<double> window(const Series& s, std::size_t first, std::size_t count) {
  const std::size_t end = std::min(s.values.size(), first + count);
  if (first >= end) return {};
  return {s.values.begin() + static_cast<std::ptrdiff_t>(first),
          s.values.begin() + static_cast<std::ptrdiff_t>(end)};
}

// "battery_2h.soc_mwh" -> {"battery_2h", "soc_mwh"}
std::pair<std::string, std::string> split_quantity(const std::string& column) {
  const auto dot = column.rfind('.');
  if (dot == std::string::npos) return {column, ""};
  return {column.substr(0, dot), column.substr(dot + 1)};
}

}  // namespace

ReportError::ReportError(std::string file, std::string field, const std::string& problem)
    : std::runtime_error(field.empty() ? fmt::format("{}: {}", file, problem)
                                       : fmt::format("{}: {} {}", file, field, problem)),
      file_(std::move(file)),
      field_(std::move(field)) {}

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

std::size_t CsvTable::require(std::string_view name) const {
  const int c = column(name);
  if (c < 0)
    throw ReportError(file, fmt::format("column \"{}\"", name), "is missing from the header");
  return static_cast<std::size_t>(c);
}

double CsvTable::number(std::size_t row, std::size_t col) const {
  bool ok = true;
  const double v = parse_number(rows.at(row).at(col), &ok);
  if (!ok)
    throw ReportError(file, fmt::format("line {}, column \"{}\"", row + 2, header.at(col)),
                      fmt::format("= \"{}\" (expected a number)", rows[row][col]));
  return v;
}

CsvTable read_csv(const fs::path& path) {
  CsvTable t;
  t.file = path.string();
  const std::string content = slurp(path);
  std::size_t pos = 0;
  int line_no = 0;
  if (content.starts_with("\xEF\xBB\xBF")) pos = 3;  // BOM
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string::npos) end = content.size();
    std::string_view line(content.data() + pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    auto cells = split_csv(line, t.file, line_no);
    if (t.header.empty()) {
      t.header = std::move(cells);
      continue;
    }
    if (cells.size() != t.header.size())
      throw ReportError(
          t.file, fmt::format("line {}", line_no),
          fmt::format("has {} fields where the header has {}", cells.size(), t.header.size()));
    t.rows.push_back(std::move(cells));
  }
  if (t.header.empty()) throw ReportError(t.file, "", "is empty (no header row)");
  return t;
}

const Series* HourlyCsv::find(std::string_view name) const {
  for (const auto& s : columns)
    if (s.name == name) return &s;
  return nullptr;
}

HourlyCsv read_hourly(const fs::path& path) {
  const CsvTable t = read_csv(path);
  const std::size_t snap = t.require("snapshot");
  HourlyCsv h;
  h.file = t.file;
  h.snapshots.reserve(t.rows.size());
  for (const auto& row : t.rows) h.snapshots.push_back(row[snap]);
  const int weight = t.column("weight_hours");  // typical days
  if (weight >= 0)
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      h.weights.push_back(t.number(r, static_cast<std::size_t>(weight)));
      if (!(h.weights.back() > 0))
        throw ReportError(t.file, "weight_hours",
                          fmt::format("= {} in row {} (expected a number > 0)",
                                      t.rows[r][static_cast<std::size_t>(weight)], r + 2));
    }
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (c == snap || static_cast<int>(c) == weight) continue;
    Series s{t.header[c], {}};
    s.values.reserve(t.rows.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) s.values.push_back(t.number(r, c));
    h.columns.push_back(std::move(s));
  }
  return h;
}

Summary parse_summary(const json& j, const std::string& file) {
  if (!j.is_object()) throw ReportError(file, "", "is not a JSON object");
  Summary s;
  s.scenario = text(j, "scenario", file);
  s.status = text(j, "status", file);
  s.optimal = boolean(j, "optimal", file);
  s.has_solution = boolean(j, "has_solution", file);
  s.solver = j.contains("solver") && j["solver"].is_string() ? j["solver"].get<std::string>() : "";
  s.solver_status = j.contains("solver_status") && j["solver_status"].is_string()
                        ? j["solver_status"].get<std::string>()
                        : "";
  for (const analysis::KeyFigure& k : analysis::key_figures())
    s.*k.member = number(j, std::string(k.key).c_str(), file);
  const auto fail = [&](const std::string& where, const std::string& problem) {
    throw ReportError(file, where, problem);
  };
  s.capacities =
      io::rows_from_json(analysis::capacities_table(), need(j, "capacities", file), fail);
  if (j.contains("cost_by_category") && j["cost_by_category"].is_object())
    for (const auto& [k, v] : j["cost_by_category"].items())
      s.cost_by_category.emplace_back(k, v.is_number() ? v.get<double>() : kNaN);
  s.hours_represented = std::numeric_limits<double>::quiet_NaN();
  if (j.contains("typical_days")) {
    const json& k = j["typical_days"];
    if (!k.is_number_integer() || k.get<long long>() < 0)
      throw ReportError(file, "typical_days",
                        fmt::format("= {} (expected a whole number >= 0)", k.dump()));
    s.typical_days = k.get<long long>();
  }
  if (j.contains("hours_represented")) s.hours_represented = number(j, "hours_represented", file);
  if (j.contains("typical_day_weights")) {
    const json& w = j["typical_day_weights"];
    if (!w.is_array()) throw ReportError(file, "typical_day_weights", "is not a list");
    for (const auto& d : w) {
      if (!d.is_object() || !d.contains("day") || !d["day"].is_string() ||
          !d.contains("weight_days") || !d["weight_days"].is_number())
        throw ReportError(
            file, "typical_day_weights",
            fmt::format("{} (expected {{\"day\": \"YYYY-MM-DD\", \"weight_days\": N}})", d.dump()));
      s.typical_day_weights.emplace_back(d["day"].get<std::string>(),
                                         d["weight_days"].get<double>());
    }
  }
  if (j.contains("infeasibility"))
    for (const auto& v : io::rows_from_json(analysis::violations_table(), j["infeasibility"], fail))
      s.infeasibility.push_back(v.message);
  return s;
}

std::size_t Results::hours() const {
  return generators ? generators->snapshots.size() : 0;
}

const std::vector<std::string>& Results::snapshot_labels() const {
  static const std::vector<std::string> none;
  return generators ? generators->snapshots : none;
}

namespace {
// A folder of `parkgrid plan` (plan.json, one results folder per year): its last year, the park
// at the end of the horizon; any other folder: itself.
fs::path main_results_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "summary.json", ec) || !fs::exists(dir / "plan.json", ec)) return dir;
  fs::path last;
  int last_year = -1;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory() || name.empty() ||
        !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        name.size() > 4 || !fs::exists(e.path() / "summary.json", ec))
      continue;
    if (const int y = std::stoi(name); y > last_year) {
      last_year = y;
      last = e.path();
    }
  }
  return last.empty() ? dir : last;
}
}  // namespace

Results read_results(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw ReportError(folder.string(), "", "is not a results folder (no such folder)");
  const fs::path dir = main_results_dir(folder);
  Results r;
  r.dir = dir;
  const fs::path summary = dir / "summary.json";
  if (!fs::exists(summary, ec))
    throw ReportError(summary.string(), "",
                      "is missing: not a results folder of `parkgrid run` (a folder of "
                      "`parkgrid paths` goes to --paths)");
  r.summary_json = read_json(summary);
  r.summary = parse_summary(r.summary_json, summary.string());
  r.generators = hourly_if_present(dir, analysis::hourly_file::kGenerators);
  r.loads = hourly_if_present(dir, analysis::hourly_file::kLoads);
  r.storage_units = hourly_if_present(dir, analysis::hourly_file::kStorageUnits);
  r.stores = hourly_if_present(dir, analysis::hourly_file::kStores);
  r.links = hourly_if_present(dir, analysis::hourly_file::kLinks);
  r.grid = hourly_if_present(dir, analysis::hourly_file::kGrid);
  r.bus_prices = hourly_if_present(dir, analysis::hourly_file::kBusPrices);
  r.unit_commitment = hourly_if_present(dir, analysis::hourly_file::kUnitCommitment);
  if (r.summary.has_solution) {
    if (!r.generators)
      throw ReportError((dir / analysis::hourly_file::kGenerators).string(), "",
                        "is missing although summary.json has a solution");
    if (!r.loads)
      throw ReportError((dir / analysis::hourly_file::kLoads).string(), "",
                        "is missing although summary.json has a solution");
  }
  const std::size_t n = r.hours();
  for (const auto* h : {&r.loads, &r.storage_units, &r.stores, &r.links, &r.grid, &r.bus_prices,
                        &r.unit_commitment})
    if (*h && (*h)->snapshots.size() != n)
      throw ReportError(
          (*h)->file, "rows",
          fmt::format("= {} (expected {}, as generators.csv)", (*h)->snapshots.size(), n));
  return r;
}

std::optional<Periods> read_periods(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir / "periods.csv", ec)) return std::nullopt;
  Periods p{read_csv(dir / "periods.csv"), std::nullopt};
  (void)p.periods.require("year");  // the one column without which a period means nothing
  if (fs::exists(dir / "period_capacities.csv", ec)) {
    p.capacities = read_csv(dir / "period_capacities.csv");
    for (const char* c : {"year", "name", "unit", "built", "standing"})
      (void)p.capacities->require(c);
  }
  return p;
}

std::vector<std::string> result_files(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    const bool ok_ext = name.ends_with(".csv") || name.ends_with(".json");
    const bool ok_chars = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
    if (ok_ext && ok_chars && !name.starts_with(".")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool is_sweep_folder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "design.csv", ec) &&
         fs::is_regular_file(dir / "summary.csv", ec) && !fs::exists(dir / "summary.json", ec);
}

SweepResult read_sweep(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw ReportError(dir.string(), "", "is not a sweep folder (no such folder)");
  SweepResult s;
  s.dir = dir;
  s.summary = read_csv(dir / "summary.csv");
  (void)s.summary.require("figure");
  for (const char* c : {"samples", "mean"}) (void)s.summary.require(c);
  s.results = read_csv(dir / "results.csv");
  for (const char* c : {"sample", "status"}) (void)s.results.require(c);
  if (fs::exists(dir / "sensitivity.csv", ec)) {
    s.sensitivity = read_csv(dir / "sensitivity.csv");
    for (const char* c : {"figure", "parameter"}) (void)s.sensitivity->require(c);
  }
  s.run_json = json::object();
  if (fs::exists(dir / "run.json", ec)) s.run_json = read_json(dir / "run.json");
  const std::string rf = (dir / "run.json").string();
  const auto text_or = [&](const char* key) {
    const auto it = s.run_json.find(key);
    if (it == s.run_json.end() || it->is_null()) return std::string();
    if (!it->is_string()) throw ReportError(rf, key, "is not a string");
    return it->get<std::string>();
  };
  const auto list_or = [&](const char* key) {
    std::vector<std::string> out;
    const auto it = s.run_json.find(key);
    if (it == s.run_json.end() || it->is_null()) return out;
    if (!it->is_array()) throw ReportError(rf, key, "is not a list");
    for (const auto& v : *it) {
      if (!v.is_string()) throw ReportError(rf, key, "is not a list of names");
      out.push_back(v.get<std::string>());
    }
    return out;
  };
  s.name = text_or("name");
  s.design = text_or("design");
  s.run = text_or("run");
  s.parameters = list_or("parameters");
  s.figures = list_or("figures");
  if (s.name.empty()) s.name = dir.filename().string();
  if (s.run.empty()) s.run = "run";
  if (s.parameters.empty())
    for (const auto& h : s.results.header)
      if (h.starts_with("p.")) s.parameters.push_back(h.substr(2));
  if (s.figures.empty()) {
    const std::size_t f = s.summary.require("figure");
    for (const auto& row : s.summary.rows)
      if (!row[f].starts_with("built.") && !row[f].starts_with("cheapest.") &&
          row[f] != "infeasible_or_failed")
        s.figures.push_back(row[f]);
  }
  for (const auto& p : s.parameters) (void)s.results.require("p." + p);
  return s;
}

PathsResult read_paths(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw ReportError(dir.string(), "", "is not a paths folder (no such folder)");
  PathsResult p;
  p.dir = dir;
  const fs::path file = dir / "paths.json";
  const std::string f = file.string();
  p.json = read_json(file);
  p.scenario = text(p.json, "scenario", f);
  p.tariff = p.json.contains("tariff") && p.json["tariff"].is_string()
                 ? p.json["tariff"].get<std::string>()
                 : "";
  const auto fail = [&](const std::string& where, const std::string& problem) {
    throw ReportError(f, where, problem);
  };
  const json& rows = need(p.json, "paths", f);
  if (!rows.is_array() || rows.empty()) throw ReportError(f, "paths", "is not a non-empty list");
  p.paths = io::rows_from_json(paths::path_json_table(), rows, fail);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string where = fmt::format("paths[{}]", i);
    paths::PathResult& r = p.paths[i];
    const json& wf = need(rows[i], "waterfall_cny", f + " (" + where + ")");
    for (const auto& part : paths::waterfall_parts())
      r.waterfall.*part.cny =
          part.sign * number(wf, part.key, f + " (" + where + ".waterfall_cny)");
    // Inside the path: "paths[i].built[k].name" and so on.
    const auto fail_inside = [&](const std::string& w, const std::string& problem) {
      throw ReportError(f, where + "." + w, problem);
    };
    if (rows[i].contains("built"))
      r.built = io::rows_from_json(paths::built_table(), rows[i]["built"], fail_inside);
    if (rows[i].contains("infeasibility"))
      r.violations =
          io::rows_from_json(analysis::violations_table(), rows[i]["infeasibility"], fail_inside);
  }
  if (fs::exists(dir / "sensitivities.csv", ec))
    p.sensitivities = read_csv(dir / "sensitivities.csv");
  return p;
}

namespace {
// The components on the buses `in_balance` selects (electric or heat).
Topology topology_for(const Network& net, bool heat) {
  Topology t;
  t.known = true;
  t.heat = heat;
  const auto electric = [&](Index bus) {
    if (bus < 0) return false;
    if (heat) return net.buses.is_heat(bus);
    return static_cast<std::size_t>(bus) < net.buses.electric.size() &&
           net.buses.electric[static_cast<std::size_t>(bus)] != 0;
  };
  const auto carrier = [&](Index c) {
    return c >= 0 && static_cast<std::size_t>(c) < net.carriers.name.size()
               ? net.carriers.name[static_cast<std::size_t>(c)]
               : std::string();
  };
  for (std::size_t b = 0; b < net.buses.name.size(); ++b)
    if (electric(static_cast<Index>(b))) t.electric_buses.insert(net.buses.name[b]);
  for (std::size_t i = 0; i < net.generators.name.size(); ++i) {
    t.carrier[net.generators.name[i]] = carrier(net.generators.carrier[i]);
    if (electric(net.generators.bus[i])) t.generators.insert(net.generators.name[i]);
    const auto g = static_cast<Index>(i);
    if (heat && net.generators.extracts_heat(g) && electric(net.generators.extraction.heat_bus[i]))
      t.chp_heat.insert(net.generators.name[i]);
  }
  for (std::size_t i = 0; i < net.loads.name.size(); ++i)
    if (electric(net.loads.bus[i])) t.loads.insert(net.loads.name[i]);
  for (std::size_t i = 0; i < net.storage_units.name.size(); ++i) {
    t.carrier[net.storage_units.name[i]] = carrier(net.storage_units.carrier[i]);
    if (electric(net.storage_units.bus[i])) t.storage_units.insert(net.storage_units.name[i]);
  }
  for (std::size_t i = 0; i < net.stores.name.size(); ++i)
    if (electric(net.stores.bus[i])) t.stores.insert(net.stores.name[i]);
  for (std::size_t i = 0; i < net.links.name.size(); ++i) {
    if (electric(net.links.from_bus[i])) t.link_inputs.insert(net.links.name[i]);
    if (electric(net.links.to_bus[i])) t.link_outputs.insert(net.links.name[i]);
    for (int o = 0; o < Links::kExtraOutputs; ++o)
      if (electric(net.links.output_bus(o, static_cast<Index>(i))))
        t.link_extra_outputs.insert(fmt::format("{}.output{}_mw", net.links.name[i], o + 2));
  }
  for (std::size_t i = 0; i < net.grid.name.size(); ++i)
    if (electric(net.grid.bus[i])) t.grid.insert(net.grid.name[i]);
  if (heat && t.electric_buses.empty()) t.known = false;
  return t;
}
}  // namespace

Topology topology_of(const Network& net) {
  return topology_for(net, false);
}

Topology heat_topology_of(const Network& net) {
  return topology_for(net, true);
}

Balance balance(const Results& r, const Topology& t, std::size_t first, std::size_t count) {
  Balance b;
  const auto& labels = r.snapshot_labels();
  const std::size_t end = std::min(labels.size(), first + count);
  if (first >= end) return b;
  b.snapshots.assign(labels.begin() + static_cast<std::ptrdiff_t>(first),
                     labels.begin() + static_cast<std::ptrdiff_t>(end));
  const auto in = [&](const std::set<std::string>& set, const std::string& name) {
    return !t.known || set.contains(name);
  };
  const auto add = [](std::vector<Series>& to, std::vector<std::string>& kinds, std::string name,
                      std::vector<double> values, std::string kind) {
    if (all_zero(values)) return;
    to.push_back({std::move(name), std::move(values)});
    kinds.push_back(std::move(kind));
  };
  const auto add_level = [&b](std::string name, std::vector<double> values) {
    if (!all_zero(values)) b.soc.push_back({std::move(name), std::move(values)});
  };
  if (r.generators) {
    for (const auto& s : r.generators->columns) {
      if (const auto [name, q] = split_quantity(s.name); q == "heat_mw") {
        // Extraction CHP heat (heat balance only).
        if (t.heat && t.chp_heat.contains(name))
          add(b.supply, b.supply_kind, name, window(s, first, count), "chp");
      } else if (in(t.generators, s.name)) {
        const auto c = t.carrier.find(s.name);
        add(b.supply, b.supply_kind, s.name, window(s, first, count),
            c == t.carrier.end() ? "generator" : c->second);
      }
    }
  }
  if (r.storage_units)
    for (const auto& s : r.storage_units->columns) {
      const auto [name, q] = split_quantity(s.name);
      if (!in(t.storage_units, name)) continue;
      if (q == "discharge_mw")
        add(b.supply, b.supply_kind, name + " ↓", window(s, first, count), "storage");
      else if (q == "charge_mw")
        add(b.consumption, b.consumption_kind, name + " ↑", window(s, first, count), "storage");
      else if (q == "soc_mwh")
        add_level(name, window(s, first, count));
    }
  if (r.stores)
    for (const auto& s : r.stores->columns) {
      const auto [name, q] = split_quantity(s.name);
      if (q == "energy_mwh" && (!t.heat || t.stores.contains(name)))
        add_level(name, window(s, first, count));
      if (q != "dispatch_mw" || !t.known || !t.stores.contains(name)) continue;
      std::vector<double> v = window(s, first, count), out(v.size()), in_(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) (v[i] > 0 ? out[i] : in_[i]) = std::abs(v[i]);
      add(b.supply, b.supply_kind, name + " ↓", out, "storage");
      add(b.consumption, b.consumption_kind, name + " ↑", in_, "storage");
    }
  if (r.grid)
    for (const auto& s : r.grid->columns) {
      const auto [name, q] = split_quantity(s.name);
      if (!in(t.grid, name)) continue;
      if (q == "import_mw")
        add(b.supply, b.supply_kind, name + " ↓", window(s, first, count), "grid");
      if (q == "export_mw")
        add(b.consumption, b.consumption_kind, name + " ↑", window(s, first, count), "export");
    }
  if (r.links)
    for (const auto& s : r.links->columns) {
      const auto [name, q] = split_quantity(s.name);
      if (q == "input_mw" && in(t.link_inputs, name))
        add(b.consumption, b.consumption_kind, name, window(s, first, count), "link");
      if (q == "output_mw" && t.known && t.link_outputs.contains(name))
        add(b.supply, b.supply_kind, name, window(s, first, count), "link");
      if (t.known && t.link_extra_outputs.contains(s.name))  // a second or third output
        add(b.supply, b.supply_kind, name + " (" + q.substr(0, q.size() - 3) + ")",
            window(s, first, count), "link");
    }
  b.load.name = "load";
  b.load.values.assign(b.snapshots.size(), 0.0);
  if (r.loads)
    for (const auto& s : r.loads->columns)
      if (in(t.loads, s.name)) {
        const auto v = window(s, first, count);
        for (std::size_t i = 0; i < v.size(); ++i) b.load.values[i] += v[i];
      }
  if (r.bus_prices)
    for (const auto& s : r.bus_prices->columns) {
      const auto [bus, q] = split_quantity(s.name);
      if (!t.known || t.electric_buses.contains(bus))
        b.prices.push_back({bus, window(s, first, count)});
    }
  if (r.unit_commitment)
    for (const auto& s : r.unit_commitment->columns) {
      const auto [name, q] = split_quantity(s.name);
      if (q == "online") b.units_online.push_back({name, window(s, first, count)});
      if (q == "min_output_mw") b.min_output_mw.push_back({name, window(s, first, count)});
    }
  return b;
}

std::vector<Series> price_duration(const Results& r, const Topology& t) {
  std::vector<Series> out;
  if (!r.bus_prices) return out;
  for (const auto& s : r.bus_prices->columns) {
    const auto [bus, q] = split_quantity(s.name);
    if (t.known && !t.electric_buses.contains(bus)) continue;
    Series d{bus, s.values};
    const auto& w = r.bus_prices->weights;
    if (w.size() == s.values.size()) {
      // Weighted: sorted by price, then one value per hour the snapshots stand for, the value at
      // the middle of each hour of the cumulated weights.
      std::vector<std::size_t> order(s.values.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return s.values[a] > s.values[b]; });
      double total = 0;
      for (double x : w) total += x;
      const auto hours = static_cast<std::size_t>(std::llround(total));
      d.values.clear();
      d.values.reserve(hours);
      std::size_t k = 0;
      double cum = order.empty() ? 0 : w[order[0]];
      for (std::size_t h = 0; h < hours && !order.empty(); ++h) {
        while (k + 1 < order.size() && cum < static_cast<double>(h) + 0.5) cum += w[order[++k]];
        d.values.push_back(s.values[order[k]]);
      }
    } else {
      std::sort(d.values.begin(), d.values.end(), std::greater<>());
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace parkgrid::report
