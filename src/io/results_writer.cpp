// Results on disk: OUT/summary.json, OUT/capacities.csv, OUT/costs.csv and one hourly CSV per
// component family. Written to a temporary folder beside OUT and renamed at the end, so OUT is
// either the complete new result or what was there before.
#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "io/json_number.hpp"
#include "io/table_json.hpp"
#include "parkgrid/result_tables.hpp"
#include "parkgrid/results.hpp"

namespace parkgrid::analysis {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr auto num = io::json_number;

using io::row_json;
using io::table_json;

std::string summary_json(const Summary& s) {
  ordered_json j;
  j["scenario"] = s.scenario;
  j["status"] = s.status;
  j["optimal"] = s.optimal;
  j["has_solution"] = s.has_solution;
  j["solver"] = s.solver;
  j["solver_status"] = s.solver_status;
  if (!s.method.empty()) j["method"] = s.method;
  if (s.check.done) j["check"] = row_json(check_record(), s.check);
  for (const KeyFigure& k : key_figures()) j[std::string(k.key)] = num(s.*k.member);
  // Typical days: 0 when every snapshot was optimised; the hours the snapshots stand for; each
  // representative day with the days it stands for.
  j["typical_days"] = s.typical_days;
  j["hours_represented"] = num(s.hours_represented);
  ordered_json days = ordered_json::array();
  for (std::size_t d = 0; d < s.typical_day_dates.size(); ++d)
    days.push_back({{"day", s.typical_day_dates[d]}, {"weight_days", s.typical_day_weights[d]}});
  j["typical_day_weights"] = days;
  j["capacities"] = table_json(capacities_table(), s.capacities);
  // Costs by component and category, the categories as cost_categories() lists them.
  ordered_json costs = ordered_json::array();
  ordered_json by_category = ordered_json::object();
  ordered_json categories = ordered_json::array();
  for (const CostCategory& k : cost_categories()) {
    double sum = 0;
    for (const auto& c : s.costs) sum += c.*k.member;
    by_category[std::string(k.key)] = sum;
    categories.push_back(
        {{"key", k.key}, {"name_en", k.name_en}, {"name_zh", k.name_zh}, {"sign", k.sign}});
  }
  for (const auto& c : s.costs) {
    ordered_json item = {{"family", c.family}, {"name", c.name}};
    for (const CostCategory& k : cost_categories()) item[std::string(k.key)] = c.*k.member;
    item["total_cny"] = c.total();
    costs.push_back(std::move(item));
  }
  j["cost_categories"] = categories;
  j["cost_by_category"] = by_category;
  j["costs"] = costs;
  if (!s.group_constraints.empty())
    j["group_constraints"] = table_json(group_constraints_table(), s.group_constraints);
  if (!s.rules.empty()) j["rules"] = table_json(rules_table(), s.rules);
  if (!s.hydrogen.empty()) j["hydrogen"] = table_json(hydrogen_table(), s.hydrogen);
  if (!s.heat_supply.empty() || s.heat_load_mwh > 0) {
    // Heat (docs/formulation.md#heat): load, price, supply mix, CO2, green share, storage.
    ordered_json heat = row_json(heat_record(), s);
    heat["supply"] = table_json(heat_supply_table(), s.heat_supply);
    heat["storage"] = table_json(heat_storage_table(), s.heat_storage);
    j["heat"] = heat;
  }
  if (!s.units.empty()) {
    ordered_json uc = row_json(unit_commitment_record(), s);
    uc["units"] = table_json(units_table(), s.units);
    j["unit_commitment"] = uc;
  }
  if (!s.violations.empty()) j["infeasibility"] = table_json(violations_table(), s.violations);
  j["model"] = row_json(model_record(), s);
  j["timings_s"] = row_json(timings_record(), s.timings);
  return j.dump(2) + "\n";
}

// With typical days (`weights` not empty) the second column is weight_hours: the hours each
// snapshot stands for.
std::string hourly_csv(const HourlyTable& table, const std::vector<std::string>& labels,
                       const std::vector<double>& weights) {
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "snapshot");
  if (!weights.empty()) fmt::format_to(std::back_inserter(buf), ",weight_hours");
  for (const auto& c : table.columns) fmt::format_to(std::back_inserter(buf), ",{}", c);
  buf.push_back('\n');
  for (std::size_t t = 0; t < labels.size(); ++t) {
    fmt::format_to(std::back_inserter(buf), "{}", labels[t]);
    if (!weights.empty()) fmt::format_to(std::back_inserter(buf), ",{:.6f}", weights[t]);
    for (const auto& col : table.values) {
      const double v = std::abs(col[t]) < 1e-9 ? 0.0 : col[t];  // solver noise reads as zero
      fmt::format_to(std::back_inserter(buf), ",{:.6f}", v);
    }
    buf.push_back('\n');
  }
  return fmt::to_string(buf);
}

std::string costs_csv(const Summary& s) {
  std::string out = "family,name";
  for (const CostCategory& k : cost_categories()) out += fmt::format(",{}", k.key);
  out += ",total_cny\n";
  for (const auto& c : s.costs) {
    out += fmt::format("{},{}", c.family, c.name);
    for (const CostCategory& k : cost_categories()) out += fmt::format(",{:.2f}", c.*k.member);
    out += fmt::format(",{:.2f}\n", c.total());
  }
  return out;
}

}  // namespace

void write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

void write_results_files(const Results& results, const fs::path& dir) {
  const auto start = std::chrono::steady_clock::now();
  fs::create_directories(dir);
  Summary s = results.summary;
  for (const auto& table : results.hourly)
    write_file(dir / table.file,
               hourly_csv(table, results.snapshot_labels, results.snapshot_weights));
  // The result tables (result_tables.hpp), each only when it has rows.
  const auto write_table = [&](const auto& table, const auto& rows) {
    if (!rows.empty()) write_file(dir / std::string(table.file), table_csv(table, rows));
  };
  write_table(capacities_table(), s.capacities);
  if (!s.costs.empty()) write_file(dir / "costs.csv", costs_csv(s));
  write_table(units_table(), s.units);
  write_table(group_constraints_table(), s.group_constraints);
  write_table(hydrogen_table(), s.hydrogen);
  // The summary is written last and records the time spent writing everything before it.
  s.timings.write_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_file(dir / "summary.json", summary_json(s));
}

namespace {

fs::path folder_path(const std::string& out_dir) {
  fs::path out = fs::absolute(out_dir).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();  // "OUT/" names the folder OUT
  return out;
}

// True when `inner` is `outer` or lies inside it (both absolute, symbolic links resolved).
bool within(const fs::path& outer, const fs::path& inner) {
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(outer, ec);
  const fs::path b = fs::weakly_canonical(inner, ec);
  auto ia = a.begin(), ib = b.begin();
  for (; ia != a.end() && !ia->empty(); ++ia, ++ib)
    if (ib == b.end() || *ia != *ib) return false;
  return true;
}

// A results folder written before the marker existed: only file names that run, paths, plan and
// report write (year folders of a plan alike), and one of summary.json, paths.json, plan.json.
bool legacy_results_folder(const fs::path& dir, bool top) {
  static const std::set<std::string> known{
      "summary.json",      "capacities.csv", "costs.csv",
      "generators.csv",    "loads.csv",      "storage_units.csv",
      "stores.csv",        "links.csv",      "grid.csv",
      "bus_prices.csv",    "paths.json",     "paths.csv",
      "sensitivities.csv", "periods.csv",    "period_capacities.csv",
      "plan.json",         "report.html"};
  std::error_code ec;
  bool anchor = false;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_directory(ec)) {
      const bool year =
          top && name.size() == 4 &&
          std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      if (!year || !legacy_results_folder(e.path(), false)) return false;
      continue;
    }
    if (!known.contains(name)) return false;
    anchor = anchor || name == "summary.json" || name == "paths.json" || name == "plan.json";
  }
  return !ec && anchor;
}

}  // namespace

void check_output_folder(const std::string& out_dir, const std::vector<fs::path>& inputs,
                         bool results_folder) {
  const fs::path out = folder_path(out_dir);
  const auto refuse = [&](std::string_view why) {
    throw std::runtime_error(fmt::format(
        "output folder {} {}: parkgrid {}, so it refuses this one ({}); choose a new or empty "
        "folder{}",
        out_dir, why,
        results_folder ? "replaces the whole output folder" : "writes its files into the folder",
        results_folder ? "输出文件夹将被整体替换，已拒绝" : "输出文件夹中的文件将被覆盖，已拒绝",
        results_folder
            ? fmt::format(", or one written by parkgrid (it holds the file {})", kResultsMarker)
            : std::string()));
  };
  std::error_code ec;
  if (within(out, fs::current_path(ec))) refuse("is the current folder or holds it");
  for (const fs::path& in : inputs)
    if (!in.empty() && within(out, fs::absolute(in)))
      refuse(fmt::format("holds the input {}", in.string()));
  if (!results_folder || !fs::is_directory(out, ec)) return;  // new, or not a folder
  if (fs::exists(out / kResultsMarker, ec) || legacy_results_folder(out, true)) return;
  if (fs::directory_iterator(out, ec) != fs::directory_iterator())
    refuse("is not empty and was not written by parkgrid (no " + std::string(kResultsMarker) +
           " file in it)");
}

void write_folder_atomically(const std::string& out_dir,
                             const std::function<void(const fs::path&)>& fill) {
  check_output_folder(out_dir);
  const fs::path out = folder_path(out_dir);
  const fs::path parent = out.parent_path();
  const std::string stamp =
      fmt::format("{}-{}", ::getpid(), std::chrono::steady_clock::now().time_since_epoch().count());
  const fs::path tmp = parent / fmt::format(".{}.tmp-{}", out.filename().string(), stamp);
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec)
    throw std::runtime_error(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  if (fs::exists(out) && !fs::is_directory(out))
    throw std::runtime_error(fmt::format("{} exists and is not a folder", out.string()));
  try {
    fs::create_directory(tmp);
    fill(tmp);
    write_file(tmp / kResultsMarker,
               fmt::format("parkgrid {} results. The next `parkgrid run|paths|plan -o` into this "
                           "folder replaces it and everything in it.\n",
                           PARKGRID_VERSION));
    // Swap in: move an old result aside, rename the new one, then delete the old one.
    fs::path old;
    if (fs::exists(out)) {
      old = parent / fmt::format(".{}.old-{}", out.filename().string(), stamp);
      fs::rename(out, old);
    }
    fs::rename(tmp, out);
    if (!old.empty()) fs::remove_all(old);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp, ec);
    throw std::runtime_error(
        fmt::format("cannot write results to {}: {}", out.string(), e.code().message()));
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

void write_results(const Results& results, const std::string& out_dir) {
  write_folder_atomically(out_dir, [&](const fs::path& tmp) { write_results_files(results, tmp); });
}

}  // namespace parkgrid::analysis
