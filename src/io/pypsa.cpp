// PyPSA CSV folders <-> parkgrid Networks (docs/pypsa.md has the mapping attribute by attribute).
//
// Import: every CSV of the folder is read as text; each column is looked up in PyPSA 1.4's
// attribute table (kPypsaAttrs, generated from pypsa's component defaults). Columns parkgrid uses
// are mapped, descriptive ones (coordinates, colours, ...) and outputs (results of an earlier
// solve) are skipped, and any other input attribute must hold its PyPSA default: otherwise the
// file, column, component and value are reported. All problems are collected, then io::validate
// checks the cross-field rules, and one InputError lists everything.
//
// Export: the inverse for what PyPSA can express; grid connections become generators (import at
// the buy price, export as a negative generator at the sell price), a storage unit with its own
// energy capacity becomes a store between two links, the green share a primary-energy constraint
// on a carrier attribute.
#include "parkgrid/pypsa.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "io/csv.hpp"
#include "parkgrid/error.hpp"
#include "parkgrid/scenario.hpp"
#include "parkgrid/schema.hpp"

namespace parkgrid::io {
namespace fs = std::filesystem;
namespace {

// ---- PyPSA 1.4 attribute table ------------------------------------------------------------

struct PypsaAttr {
  std::string_view list;  // "generators"
  std::string_view name;
  std::string_view default_value;  // as pypsa prints it: "0.0", "inf", "nan", "False", "AC"
  bool varying;                    // may be given as a series (<list>-<name>.csv)
  bool output;                     // a result of a solve: skipped on import
};

constexpr PypsaAttr kPypsaAttrs[] = {
    {"buses", "name", "", 0, 0},
    {"buses", "v_nom", "1.0", 0, 0},
    {"buses", "type", "", 0, 0},
    {"buses", "x", "0.0", 0, 0},
    {"buses", "y", "0.0", 0, 0},
    {"buses", "carrier", "AC", 0, 0},
    {"buses", "unit", "", 0, 0},
    {"buses", "location", "", 0, 0},
    {"buses", "v_mag_pu_set", "1.0", 1, 0},
    {"buses", "v_mag_pu_min", "0.0", 0, 0},
    {"buses", "v_mag_pu_max", "inf", 0, 0},
    {"buses", "control", "PQ", 0, 1},
    {"buses", "generator", "", 0, 1},
    {"buses", "sub_network", "", 0, 1},
    {"buses", "p", "0.0", 1, 1},
    {"buses", "q", "0.0", 1, 1},
    {"buses", "v_mag_pu", "1.0", 1, 1},
    {"buses", "v_ang", "0.0", 1, 1},
    {"buses", "marginal_price", "0.0", 1, 1},
    {"carriers", "name", "", 0, 0},
    {"carriers", "co2_emissions", "0.0", 0, 0},
    {"carriers", "color", "", 0, 0},
    {"carriers", "nice_name", "", 0, 0},
    {"carriers", "max_growth", "inf", 0, 0},
    {"carriers", "max_relative_growth", "0.0", 0, 0},
    {"global_constraints", "name", "", 0, 0},
    {"global_constraints", "type", "primary_energy", 0, 0},
    {"global_constraints", "investment_period", "nan", 0, 0},
    {"global_constraints", "bus", "", 0, 0},
    {"global_constraints", "carrier_attribute", "co2_emissions", 0, 0},
    {"global_constraints", "sense", "==", 0, 0},
    {"global_constraints", "constant", "0.0", 0, 0},
    {"global_constraints", "mu", "0.0", 0, 1},
    {"generators", "name", "", 0, 0},
    {"generators", "bus", "", 0, 0},
    {"generators", "control", "PQ", 0, 0},
    {"generators", "type", "", 0, 0},
    {"generators", "p_nom", "0.0", 0, 0},
    {"generators", "p_nom_mod", "0.0", 0, 0},
    {"generators", "p_nom_extendable", "False", 0, 0},
    {"generators", "p_nom_min", "0.0", 0, 0},
    {"generators", "p_nom_max", "inf", 0, 0},
    {"generators", "p_nom_set", "nan", 0, 0},
    {"generators", "p_min_pu", "0.0", 1, 0},
    {"generators", "p_max_pu", "1.0", 1, 0},
    {"generators", "p_set", "nan", 1, 0},
    {"generators", "p_init", "nan", 0, 0},
    {"generators", "e_sum_min", "-inf", 0, 0},
    {"generators", "e_sum_max", "inf", 0, 0},
    {"generators", "q_set", "0.0", 1, 0},
    {"generators", "sign", "1.0", 0, 0},
    {"generators", "carrier", "", 0, 0},
    {"generators", "marginal_cost", "0.0", 1, 0},
    {"generators", "marginal_cost_quadratic", "0.0", 1, 0},
    {"generators", "active", "True", 0, 0},
    {"generators", "build_year", "0", 0, 0},
    {"generators", "lifetime", "inf", 0, 0},
    {"generators", "capital_cost", "0.0", 0, 0},
    {"generators", "overnight_cost", "nan", 0, 0},
    {"generators", "discount_rate", "nan", 0, 0},
    {"generators", "fom_cost", "0.0", 0, 0},
    {"generators", "efficiency", "1.0", 1, 0},
    {"generators", "committable", "False", 0, 0},
    {"generators", "maintainable", "False", 0, 0},
    {"generators", "maintenance_duration", "0.0", 0, 0},
    {"generators", "maintenance_pu", "1.0", 0, 0},
    {"generators", "maintenance_events", "1", 0, 0},
    {"generators", "start_up_cost", "0.0", 1, 0},
    {"generators", "shut_down_cost", "0.0", 1, 0},
    {"generators", "stand_by_cost", "0.0", 1, 0},
    {"generators", "min_up_time", "0", 0, 0},
    {"generators", "min_down_time", "0", 0, 0},
    {"generators", "up_time_before", "1", 0, 0},
    {"generators", "down_time_before", "0", 0, 0},
    {"generators", "ramp_limit_up", "nan", 1, 0},
    {"generators", "ramp_limit_down", "nan", 1, 0},
    {"generators", "ramp_limit_start_up", "nan", 0, 0},
    {"generators", "ramp_limit_shut_down", "nan", 0, 0},
    {"generators", "weight", "1.0", 0, 0},
    {"generators", "p", "0.0", 1, 1},
    {"generators", "q", "0.0", 1, 1},
    {"generators", "p_nom_opt", "0.0", 0, 1},
    {"generators", "status", "1.0", 1, 1},
    {"generators", "start_up", "1.0", 1, 1},
    {"generators", "shut_down", "1.0", 1, 1},
    {"generators", "maintenance", "0.0", 1, 1},
    {"generators", "maintenance_start", "0.0", 1, 1},
    {"generators", "mu_upper", "nan", 1, 1},
    {"generators", "mu_lower", "nan", 1, 1},
    {"generators", "mu_p_set", "nan", 1, 1},
    {"generators", "mu_ramp_limit_up", "nan", 1, 1},
    {"generators", "mu_ramp_limit_down", "nan", 1, 1},
    {"generators", "capital_cost_piecewise_opt", "0.0", 0, 1},
    {"generators", "marginal_cost_piecewise_opt", "0.0", 1, 1},
    {"loads", "name", "", 0, 0},
    {"loads", "bus", "", 0, 0},
    {"loads", "carrier", "", 0, 0},
    {"loads", "type", "", 0, 0},
    {"loads", "p_set", "0.0", 1, 0},
    {"loads", "q_set", "0.0", 1, 0},
    {"loads", "sign", "-1.0", 0, 0},
    {"loads", "p", "0.0", 1, 1},
    {"loads", "q", "0.0", 1, 1},
    {"loads", "active", "True", 0, 0},
    {"storage_units", "name", "", 0, 0},
    {"storage_units", "bus", "", 0, 0},
    {"storage_units", "control", "PQ", 0, 0},
    {"storage_units", "type", "", 0, 0},
    {"storage_units", "p_nom", "0.0", 0, 0},
    {"storage_units", "p_nom_mod", "0.0", 0, 0},
    {"storage_units", "p_nom_extendable", "False", 0, 0},
    {"storage_units", "p_nom_min", "0.0", 0, 0},
    {"storage_units", "p_nom_max", "inf", 0, 0},
    {"storage_units", "p_nom_set", "nan", 0, 0},
    {"storage_units", "p_min_pu", "-1.0", 1, 0},
    {"storage_units", "p_max_pu", "1.0", 1, 0},
    {"storage_units", "p_set", "nan", 1, 0},
    {"storage_units", "q_set", "0.0", 1, 0},
    {"storage_units", "p_dispatch_set", "nan", 1, 0},
    {"storage_units", "p_store_set", "nan", 1, 0},
    {"storage_units", "sign", "1.0", 0, 0},
    {"storage_units", "carrier", "", 0, 0},
    {"storage_units", "spill_cost", "0.0", 1, 0},
    {"storage_units", "marginal_cost", "0.0", 1, 0},
    {"storage_units", "marginal_cost_quadratic", "0.0", 1, 0},
    {"storage_units", "marginal_cost_storage", "0.0", 1, 0},
    {"storage_units", "capital_cost", "0.0", 0, 0},
    {"storage_units", "overnight_cost", "nan", 0, 0},
    {"storage_units", "discount_rate", "nan", 0, 0},
    {"storage_units", "fom_cost", "0.0", 0, 0},
    {"storage_units", "active", "True", 0, 0},
    {"storage_units", "build_year", "0", 0, 0},
    {"storage_units", "lifetime", "inf", 0, 0},
    {"storage_units", "state_of_charge_initial", "0.0", 0, 0},
    {"storage_units", "state_of_charge_initial_per_period", "False", 0, 0},
    {"storage_units", "state_of_charge_set", "nan", 1, 0},
    {"storage_units", "cyclic_state_of_charge", "False", 0, 0},
    {"storage_units", "cyclic_state_of_charge_per_period", "False", 0, 0},
    {"storage_units", "max_hours", "1.0", 0, 0},
    {"storage_units", "efficiency_store", "1.0", 1, 0},
    {"storage_units", "efficiency_dispatch", "1.0", 1, 0},
    {"storage_units", "standing_loss", "0.0", 1, 0},
    {"storage_units", "inflow", "0.0", 1, 0},
    {"storage_units", "p", "0.0", 1, 1},
    {"storage_units", "p_dispatch", "0.0", 1, 1},
    {"storage_units", "p_store", "0.0", 1, 1},
    {"storage_units", "q", "0.0", 1, 1},
    {"storage_units", "state_of_charge", "nan", 1, 1},
    {"storage_units", "spill", "0.0", 1, 1},
    {"storage_units", "p_nom_opt", "0.0", 0, 1},
    {"storage_units", "mu_upper", "nan", 1, 1},
    {"storage_units", "mu_lower", "nan", 1, 1},
    {"storage_units", "mu_state_of_charge_set", "nan", 1, 1},
    {"storage_units", "mu_energy_balance", "nan", 1, 1},
    {"storage_units", "capital_cost_piecewise_opt", "0.0", 0, 1},
    {"storage_units", "marginal_cost_piecewise_opt", "0.0", 1, 1},
    {"stores", "name", "", 0, 0},
    {"stores", "bus", "", 0, 0},
    {"stores", "type", "", 0, 0},
    {"stores", "carrier", "", 0, 0},
    {"stores", "e_nom", "0.0", 0, 0},
    {"stores", "e_nom_mod", "0.0", 0, 0},
    {"stores", "e_nom_extendable", "False", 0, 0},
    {"stores", "e_nom_min", "0.0", 0, 0},
    {"stores", "e_nom_max", "inf", 0, 0},
    {"stores", "e_nom_set", "nan", 0, 0},
    {"stores", "e_min_pu", "0.0", 1, 0},
    {"stores", "e_max_pu", "1.0", 1, 0},
    {"stores", "e_initial", "0.0", 0, 0},
    {"stores", "e_initial_per_period", "False", 0, 0},
    {"stores", "e_cyclic", "False", 0, 0},
    {"stores", "e_cyclic_per_period", "False", 0, 0},
    {"stores", "p_set", "nan", 1, 0},
    {"stores", "q_set", "0.0", 1, 0},
    {"stores", "e_set", "nan", 1, 0},
    {"stores", "sign", "1.0", 0, 0},
    {"stores", "marginal_cost", "0.0", 1, 0},
    {"stores", "marginal_cost_quadratic", "0.0", 1, 0},
    {"stores", "marginal_cost_storage", "0.0", 1, 0},
    {"stores", "capital_cost", "0.0", 0, 0},
    {"stores", "overnight_cost", "nan", 0, 0},
    {"stores", "discount_rate", "nan", 0, 0},
    {"stores", "fom_cost", "0.0", 0, 0},
    {"stores", "standing_loss", "0.0", 1, 0},
    {"stores", "active", "True", 0, 0},
    {"stores", "build_year", "0", 0, 0},
    {"stores", "lifetime", "inf", 0, 0},
    {"stores", "p", "0.0", 1, 1},
    {"stores", "q", "0.0", 1, 1},
    {"stores", "e", "0.0", 1, 1},
    {"stores", "e_nom_opt", "0.0", 0, 1},
    {"stores", "mu_upper", "nan", 1, 1},
    {"stores", "mu_lower", "nan", 1, 1},
    {"stores", "mu_energy_balance", "nan", 1, 1},
    {"stores", "capital_cost_piecewise_opt", "0.0", 0, 1},
    {"stores", "marginal_cost_piecewise_opt", "0.0", 1, 1},
    {"links", "name", "", 0, 0},
    {"links", "bus0", "", 0, 0},
    {"links", "bus1", "", 0, 0},
    {"links", "type", "", 0, 0},
    {"links", "carrier", "", 0, 0},
    {"links", "efficiency", "1.0", 1, 0},
    {"links", "bus2", "", 0, 0},
    {"links", "efficiency2", "1.0", 1, 0},
    {"links", "bus3", "", 0, 0},
    {"links", "efficiency3", "1.0", 1, 0},
    {"links", "active", "True", 0, 0},
    {"links", "build_year", "0", 0, 0},
    {"links", "lifetime", "inf", 0, 0},
    {"links", "p_nom", "0.0", 0, 0},
    {"links", "p_nom_mod", "0.0", 0, 0},
    {"links", "p_nom_extendable", "False", 0, 0},
    {"links", "p_nom_min", "0.0", 0, 0},
    {"links", "p_nom_max", "inf", 0, 0},
    {"links", "p_nom_set", "nan", 0, 0},
    {"links", "p_set", "nan", 1, 0},
    {"links", "p_init", "nan", 0, 0},
    {"links", "p_min_pu", "0.0", 1, 0},
    {"links", "p_max_pu", "1.0", 1, 0},
    {"links", "capital_cost", "0.0", 0, 0},
    {"links", "overnight_cost", "nan", 0, 0},
    {"links", "discount_rate", "nan", 0, 0},
    {"links", "fom_cost", "0.0", 0, 0},
    {"links", "marginal_cost", "0.0", 1, 0},
    {"links", "marginal_cost_quadratic", "0.0", 1, 0},
    {"links", "stand_by_cost", "0.0", 1, 0},
    {"links", "length", "0.0", 0, 0},
    {"links", "terrain_factor", "1.0", 0, 0},
    {"links", "committable", "False", 0, 0},
    {"links", "maintainable", "False", 0, 0},
    {"links", "maintenance_duration", "0.0", 0, 0},
    {"links", "maintenance_pu", "1.0", 0, 0},
    {"links", "maintenance_events", "1", 0, 0},
    {"links", "start_up_cost", "0.0", 1, 0},
    {"links", "shut_down_cost", "0.0", 1, 0},
    {"links", "min_up_time", "0", 0, 0},
    {"links", "min_down_time", "0", 0, 0},
    {"links", "up_time_before", "1", 0, 0},
    {"links", "down_time_before", "0", 0, 0},
    {"links", "ramp_limit_up", "nan", 1, 0},
    {"links", "ramp_limit_down", "nan", 1, 0},
    {"links", "ramp_limit_start_up", "nan", 0, 0},
    {"links", "ramp_limit_shut_down", "nan", 0, 0},
    {"links", "delay", "0", 0, 0},
    {"links", "cyclic_delay", "True", 0, 0},
    {"links", "p", "0.0", 1, 1},
    {"links", "p0", "0.0", 1, 1},
    {"links", "p1", "0.0", 1, 1},
    {"links", "p2", "0.0", 1, 1},
    {"links", "p3", "0.0", 1, 1},
    {"links", "p_nom_opt", "0.0", 0, 1},
    {"links", "status", "1.0", 1, 1},
    {"links", "start_up", "1.0", 1, 1},
    {"links", "shut_down", "1.0", 1, 1},
    {"links", "maintenance", "0.0", 1, 1},
    {"links", "maintenance_start", "0.0", 1, 1},
    {"links", "mu_lower", "nan", 1, 1},
    {"links", "mu_upper", "nan", 1, 1},
    {"links", "mu_p_set", "nan", 1, 1},
    {"links", "mu_ramp_limit_up", "nan", 1, 1},
    {"links", "mu_ramp_limit_down", "nan", 1, 1},
    {"links", "capital_cost_piecewise_opt", "0.0", 0, 1},
    {"links", "marginal_cost_piecewise_opt", "0.0", 1, 1},
};

const PypsaAttr* find_attr(std::string_view list, std::string_view name) {
  for (const auto& a : kPypsaAttrs)
    if (a.list == list && a.name == name) return &a;
  return nullptr;
}

// Attributes that describe but do not change the optimisation of a single-period LP: skipped.
bool descriptive(std::string_view list, std::string_view name) {
  static const std::set<std::string_view> any{
      "type",         "unit",         "location",      "x",          "y",
      "v_nom",        "color",        "nice_name",     "control",    "q_set",
      "v_mag_pu_set", "v_mag_pu_min", "v_mag_pu_max",  "build_year", "weight",
      "p_init",       "length",       "terrain_factor"};
  if (list == "global_constraints") return false;
  return any.contains(name);
}

// ---- CSV as text ---------------------------------------------------------------------------

struct TextCsv {
  std::string display;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] std::optional<std::size_t> col(std::string_view n) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == n) return i;
    return std::nullopt;
  }
};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

// RFC 4180 as pandas writes it: fields may be quoted, "" inside quotes is a quote.
bool read_csv_text(const fs::path& path, const std::string& display, TextCsv& out,
                   Diagnostics& diag) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    diag.add({display, 0, "", "", "", "file not found or not readable"});
    return false;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  out.display = display;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, any = false;
  const auto end_record = [&] {
    record.push_back(trim(field));
    field.clear();
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      if (out.header.empty() && out.rows.empty() && !any)
        out.header = record;
      else
        out.rows.push_back(record);
      any = true;
    }
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(trim(field));
      field.clear();
    } else if (c == '\n') {
      end_record();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !record.empty()) end_record();
  if (out.header.empty()) {
    diag.add({display, 0, "", "", "", "the file is empty (expected a header row)"});
    return false;
  }
  for (std::size_t r = 0; r < out.rows.size(); ++r)
    if (out.rows[r].size() != out.header.size()) {
      diag.add({display, static_cast<int>(r + 2), "", "", "",
                fmt::format("row has {} fields, the header has {}", out.rows[r].size(),
                            out.header.size())});
      return false;
    }
  return true;
}

std::optional<double> to_number(std::string_view s) {
  const std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  std::string low;
  for (char c : t) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (low == "inf" || low == "+inf" || low == "infinity") return kInf;
  if (low == "-inf" || low == "-infinity") return -kInf;
  if (low == "nan") return std::numeric_limits<double>::quiet_NaN();
  double v = 0;
  const char* b = t.data() + (t.front() == '+' ? 1 : 0);
  auto [p, ec] = std::from_chars(b, t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

std::optional<bool> to_bool(std::string_view s) {
  const std::string t = trim(s);
  if (t == "True" || t == "true" || t == "TRUE" || t == "1" || t == "1.0") return true;
  if (t == "False" || t == "false" || t == "FALSE" || t == "0" || t == "0.0") return false;
  return std::nullopt;
}

// Does cell text `v` equal PyPSA's default `d`? Blank cells are the default (pandas writes NaN
// and absent values as blanks).
bool is_default(std::string_view v, std::string_view d) {
  if (trim(v).empty()) return true;
  if (trim(v) == d) return true;
  const auto bv = to_bool(v), bd = to_bool(d);
  if (bd && (d == "True" || d == "False")) return bv && *bv == *bd;
  const auto nv = to_number(v), nd = to_number(d);
  if (nv && nd) return (std::isnan(*nv) && std::isnan(*nd)) || *nv == *nd;
  return false;
}

// PyPSA writes snapshots as "2025-01-01 00:00:00" (or ISO with a T).
std::optional<DateTime> parse_time(std::string_view s) {
  const std::string t = trim(s);
  DateTime d;
  int sec = 0;
  char sep = 0;
  const int n = std::sscanf(t.c_str(), "%d-%d-%d%c%d:%d:%d", &d.year, &d.month, &d.day, &sep,
                            &d.hour, &d.minute, &sec);
  if (n == 3) d.hour = d.minute = 0;
  if ((n == 3 || (n >= 6 && (sep == ' ' || sep == 'T'))) && d.valid()) return d;
  return std::nullopt;
}

std::string fmt_num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);
}

// ---- import ----------------------------------------------------------------------------------

// One component table of the folder: static values by (row, attribute), series by attribute.
class Table {
 public:
  Table(std::string list, std::string component_word)
      : list_(std::move(list)), word_(std::move(component_word)) {}

  void load(const fs::path& dir, Index snapshots, Diagnostics& diag) {
    const fs::path file = dir / (list_ + ".csv");
    if (fs::exists(file)) {
      file_ = list_ + ".csv";
      if (!read_csv_text(file, file_, csv_, diag)) return;
      name_col_ = csv_.col("name");
      if (!name_col_) {
        if (!csv_.header.empty() && (csv_.header[0].empty() || csv_.header[0] == list_))
          name_col_ = 0;
        else {
          diag.add({file_, 1, "", "header", "", "no \"name\" column"});
          return;
        }
      }
      for (std::size_t r = 0; r < csv_.rows.size(); ++r) {
        const std::string& n = csv_.rows[r][*name_col_];
        names_.push_back(n);  // before what(r), which names the row by names_[r]
        if (index_.contains(n))
          diag.add({file_, static_cast<int>(r + 2), what(r), "name", quote(n),
                    "appears twice; names must be unique"});
        index_.emplace(n, r);
      }
      for (std::size_t c = 0; c < csv_.header.size(); ++c) {
        if (c == *name_col_) continue;
        const std::string& h = csv_.header[c];
        const PypsaAttr* a = find_attr(list_, h);
        if (!a) {
          if (extension_columns_.contains(h)) continue;
          if (list_ == "links" && h.size() >= 4 &&
              (h.rfind("bus", 0) == 0 || h.rfind("efficiency", 0) == 0) &&
              std::isdigit(static_cast<unsigned char>(h.back()))) {
            for (std::size_t r = 0; r < rows(); ++r)
              if (!trim(csv_.rows[r][c]).empty() &&
                  !(h.rfind("efficiency", 0) == 0 && is_default(csv_.rows[r][c], "1.0")))
                diag.add({file_, static_cast<int>(r + 2), what(r), h, quote(csv_.rows[r][c]),
                          "parkgrid links have at most three outputs (bus1, bus2, bus3): split "
                          "this link"});
            continue;
          }
          diag.add({file_, 1, "", h, "",
                    fmt::format("not an attribute of PyPSA {} that parkgrid knows; remove the "
                                "column (see docs/pypsa.md)",
                                list_)});
          continue;
        }
        if (a->output || used_.contains(h) || descriptive(list_, h)) continue;
        for (std::size_t r = 0; r < rows(); ++r)
          if (!is_default(csv_.rows[r][c], a->default_value))
            diag.add({file_, static_cast<int>(r + 2), what(r), h, csv_.rows[r][c],
                      fmt::format("not supported by parkgrid: must be PyPSA's default {} (see "
                                  "docs/pypsa.md)",
                                  a->default_value.empty() ? "\"\"" : a->default_value)});
      }
    }
    // Series files <list>-<attr>.csv
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string fname = entry.path().filename().string();
      const std::string prefix = list_ + "-";
      if (fname.rfind(prefix, 0) != 0 || entry.path().extension() != ".csv") continue;
      const std::string attr = fname.substr(prefix.size(), fname.size() - prefix.size() - 4);
      const PypsaAttr* a = find_attr(list_, attr);
      if (a && a->output) continue;
      TextCsv s;
      if (!read_csv_text(entry.path(), fname, s, diag)) continue;
      if (!a || !a->varying) {
        diag.add({fname, 0, "", "", "",
                  fmt::format("\"{}\" is not a time-varying attribute of PyPSA {}", attr, list_)});
        continue;
      }
      if (static_cast<Index>(s.rows.size()) != snapshots) {
        diag.add({fname, 0, "", "rows", std::to_string(s.rows.size()),
                  fmt::format("expected {} rows, one per snapshot (snapshots.csv)", snapshots)});
        continue;
      }
      const bool use = used_.contains(attr);
      for (std::size_t c = 1; c < s.header.size(); ++c) {
        const std::string& comp = s.header[c];
        if (!index_.contains(comp)) {
          diag.add({fname, 1, "", "column", quote(comp),
                    fmt::format("no {} of that name in {}.csv", word_, list_)});
          continue;
        }
        std::vector<double> v(s.rows.size());
        bool bad = false;
        for (std::size_t r = 0; r < s.rows.size(); ++r) {
          const auto x = to_number(s.rows[r][c]);
          if (!x || !std::isfinite(*x)) {
            if (!bad)
              diag.add({fname, static_cast<int>(r + 2), fmt::format("{} \"{}\"", word_, comp), attr,
                        s.rows[r][c].empty() ? "(blank)" : s.rows[r][c],
                        "expected a finite number"});
            bad = true;
            continue;
          }
          v[r] = *x;
          if (!use && !bad && !is_default(s.rows[r][c], a->default_value)) {
            diag.add({fname, static_cast<int>(r + 2), fmt::format("{} \"{}\"", word_, comp), attr,
                      s.rows[r][c],
                      fmt::format("not supported by parkgrid: must be PyPSA's default {}",
                                  a->default_value)});
            bad = true;
          }
        }
        if (!bad && use) series_[attr][comp] = std::move(v);
        if (!bad && use) series_file_[attr] = fname;
      }
    }
  }

  // Attributes this family maps; everything else must hold its default.
  void uses(std::initializer_list<std::string_view> attrs) {
    for (auto a : attrs) used_.insert(std::string(a));
  }
  void allow_extension(std::string_view col) { extension_columns_.insert(std::string(col)); }

  [[nodiscard]] std::size_t rows() const { return names_.size(); }
  [[nodiscard]] const std::string& name(std::size_t r) const { return names_[r]; }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] int line(std::size_t r) const { return static_cast<int>(r + 2); }
  [[nodiscard]] std::string what(std::size_t r) const {
    return fmt::format("{} \"{}\"", word_, names_[r]);
  }
  static std::string quote(const std::string& s) { return fmt::format("\"{}\"", s); }

  [[nodiscard]] std::string text(std::size_t r, std::string_view attr) const {
    const auto c = csv_.col(attr);
    if (c && !trim(csv_.rows[r][*c]).empty()) return trim(csv_.rows[r][*c]);
    const PypsaAttr* a = find_attr(list_, attr);
    return a ? std::string(a->default_value) : std::string();
  }
  [[nodiscard]] bool has_column(std::string_view attr) const { return csv_.col(attr).has_value(); }

  double number(std::size_t r, std::string_view attr, Diagnostics& diag) const {
    const std::string t = text(r, attr);
    const auto v = to_number(t);
    if (!v) {
      diag.add({file_, line(r), what(r), std::string(attr), t, "expected a number"});
      return 0.0;
    }
    return *v;
  }
  bool flag(std::size_t r, std::string_view attr, Diagnostics& diag) const {
    const std::string t = text(r, attr);
    const auto v = to_bool(t);
    if (!v) {
      diag.add({file_, line(r), what(r), std::string(attr), t, "expected True or False"});
      return false;
    }
    return *v;
  }
  // The series of `attr` for row r: from <list>-<attr>.csv when it has a column for the
  // component, else the static value in every snapshot.
  std::vector<double> series(std::size_t r, std::string_view attr, Index T,
                             Diagnostics& diag) const {
    const auto it = series_.find(std::string(attr));
    if (it != series_.end()) {
      const auto jt = it->second.find(names_[r]);
      if (jt != it->second.end()) return jt->second;
    }
    const double v = number(r, attr, diag);
    if (!std::isfinite(v))
      diag.add(
          {file_, line(r), what(r), std::string(attr), fmt_num(v), "expected a finite number"});
    return std::vector<double>(static_cast<std::size_t>(T), std::isfinite(v) ? v : 0.0);
  }
  [[nodiscard]] bool has_series(std::size_t r, std::string_view attr) const {
    const auto it = series_.find(std::string(attr));
    return it != series_.end() && it->second.contains(names_[r]);
  }
  [[nodiscard]] std::string series_file(std::string_view attr) const {
    const auto it = series_file_.find(std::string(attr));
    return it == series_file_.end() ? file_ : it->second;
  }

 private:
  std::string list_, word_, file_;
  TextCsv csv_;
  std::optional<std::size_t> name_col_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> index_;
  std::set<std::string> used_, extension_columns_;
  std::map<std::string, std::map<std::string, std::vector<double>>> series_;
  std::map<std::string, std::string> series_file_;
};

// A heat carrier in PyPSA's naming (PyPSA-Eur: "urban central heat", "rural heat", ...):
// the name contains "heat" or "steam", any case.
bool known_heat(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name.find("heat") != std::string::npos || name.find("steam") != std::string::npos;
}

bool known_renewable(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* const words[] = {"solar", "pv",      "wind",     "hydro",
                                      "ror",   "biomass", "geotherm", "renewable"};
  return std::any_of(std::begin(words), std::end(words),
                     [&](const char* w) { return name.find(w) != std::string::npos; });
}

struct Importer {
  fs::path dir;
  Diagnostics diag;
  Network net;
  Index T = 0;
  double step = 1.0;
  // parkgrid discount rate and the capital recovery factor for lifetime 1 at that rate.
  double rate = 0.0;
  double nyears = 1.0;  // PyPSA's modelled years: sum of the objective weights / 8760

  [[nodiscard]] double crf1() const { return annuity(1.0, rate, 1.0); }

  // parkgrid's own export, told by meta.json ("parkgrid"): the generators NAME.import and
  // NAME.export that are one grid connection, and the green-share target behind the constraint
  // on the carrier attribute parkgrid_green_weight. Without it those are read as PyPSA has them.
  struct MetaGrid {
    std::string name, import, exported;
    double import_max = kInf, export_max = kInf, co2 = 0, demand_charge = 0;
    Index bus = -1;
    double import_p_nom = 0, export_p_nom = 0;
    std::vector<double> buy, sell;
  };
  std::vector<MetaGrid> meta_grid;
  std::optional<double> meta_green;

  void meta() {
    const fs::path file = dir / "meta.json";
    std::error_code ec;
    if (!fs::exists(file, ec)) return;
    std::ifstream in(file, std::ios::binary);
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("parkgrid")) return;  // not ours
    const auto bad = [&](const std::string& field, const nlohmann::json& v) {
      diag.add({"meta.json", 0, "parkgrid", field, v.dump(),
                "not what parkgrid's export writes (see docs/pypsa.md)"});
    };
    const nlohmann::json& pg = j["parkgrid"];
    if (!pg.is_object()) return bad("parkgrid", pg);
    if (pg.contains("min_green_share")) {
      const auto& a = pg["min_green_share"];
      if (a.is_number() && a.get<double>() >= 0 && a.get<double>() <= 1)
        meta_green = a.get<double>();
      else
        bad("min_green_share", a);
    }
    if (!pg.contains("grid_connections")) return;
    const auto& list = pg["grid_connections"];
    if (!list.is_array()) return bad("grid_connections", list);
    const auto number_or_inf = [](const nlohmann::json& v) {
      return v.is_number() ? v.get<double>() : kInf;
    };
    for (const auto& g : list) {
      if (!g.is_object() || !g.contains("name") || !g["name"].is_string()) {
        bad("grid_connections", g);
        continue;
      }
      MetaGrid m;
      m.name = g["name"].get<std::string>();
      if (g.contains("import") && g["import"].is_string()) m.import = g["import"];
      if (g.contains("export") && g["export"].is_string()) m.exported = g["export"];
      if (g.contains("import_max_mw")) m.import_max = number_or_inf(g["import_max_mw"]);
      if (g.contains("export_max_mw")) m.export_max = number_or_inf(g["export_max_mw"]);
      if (g.contains("co2_t_per_mwh") && g["co2_t_per_mwh"].is_number())
        m.co2 = g["co2_t_per_mwh"].get<double>();
      if (g.contains("demand_charge_cny_per_kw_month") &&
          g["demand_charge_cny_per_kw_month"].is_number())
        m.demand_charge = g["demand_charge_cny_per_kw_month"].get<double>();
      meta_grid.push_back(std::move(m));
    }
  }

  // The meta grid connection a generator row belongs to, and whether it is its import.
  std::pair<MetaGrid*, bool> meta_grid_of(const std::string& generator) {
    for (auto& m : meta_grid) {
      if (!m.import.empty() && m.import == generator) return {&m, true};
      if (!m.exported.empty() && m.exported == generator) return {&m, false};
    }
    return {nullptr, false};
  }
  [[nodiscard]] bool meta_grid_carrier(const std::string& carrier) const {
    return std::any_of(meta_grid.begin(), meta_grid.end(), [&](const MetaGrid& m) {
      return (!m.import.empty() && m.import == carrier) ||
             (!m.exported.empty() && m.exported == carrier);
    });
  }

  Index bus_of(const Table& t, std::size_t r, std::string_view attr) {
    const std::string b = t.text(r, attr);
    const auto it = std::find(net.buses.name.begin(), net.buses.name.end(), b);
    if (it == net.buses.name.end()) {
      diag.add({t.file(), t.line(r), t.what(r), std::string(attr), Table::quote(b),
                fmt::format("no bus of that name in buses.csv{}", [&] {
                  const auto m = did_you_mean(b, net.buses.name);
                  return m.empty() ? std::string() : fmt::format("; did you mean \"{}\"?", m);
                }())});
      return 0;
    }
    return static_cast<Index>(it - net.buses.name.begin());
  }

  // A carrier by name; PyPSA allows carriers that carriers.csv does not list: added with
  // defaults (no CO2). "" is no carrier (-1).
  Index carrier_of(const std::string& name) {
    if (name.empty()) return -1;
    const auto it = std::find(net.carriers.name.begin(), net.carriers.name.end(), name);
    if (it != net.carriers.name.end()) return static_cast<Index>(it - net.carriers.name.begin());
    net.carriers.name.push_back(name);
    net.carriers.co2_t_per_mwh.push_back(0.0);
    net.carriers.renewable.push_back(known_renewable(name) ? 1 : 0);
    net.carriers.heat.push_back(known_heat(name) ? 1 : 0);
    return net.carriers.size() - 1;
  }

  void check(const Table& t, std::size_t r, std::string_view attr, double v, schema::Rule rule) {
    if (!schema::satisfies(rule, v))
      diag.add({t.file(), t.line(r), t.what(r), std::string(attr), fmt_num(v),
                fmt::format("{} in parkgrid", schema::rule_text(rule))});
  }
  void check_series(const Table& t, std::size_t r, std::string_view attr,
                    const std::vector<double>& v, schema::Rule rule) {
    for (std::size_t k = 0; k < v.size(); ++k)
      if (!schema::satisfies(rule, v[k])) {
        diag.add({t.has_series(r, attr) ? t.series_file(attr) : t.file(),
                  t.has_series(r, attr) ? static_cast<int>(k + 2) : t.line(r), t.what(r),
                  std::string(attr), fmt_num(v[k]),
                  fmt::format("{} in parkgrid (snapshot {})", schema::rule_text(rule), k + 1)});
        return;
      }
  }

  // Capacity of a PyPSA component: extendable -> [p_nom_min, p_nom_max] with the periodised
  // capital cost on all of it (p_nom is only PyPSA's starting value and its objective constant);
  // fixed -> p_nom, no cost (PyPSA charges nothing for capacity that is not extendable).
  void capacity(const Table& t, std::size_t r, const std::string& nom, CapacityTable& c) {
    const bool ext = t.flag(r, nom + "_extendable", diag);
    const double p_nom = t.number(r, nom, diag);
    const double mn = t.number(r, nom + "_min", diag);
    const double mx = t.number(r, nom + "_max", diag);
    check(t, r, nom, p_nom, schema::Rule::kNonNegative);
    c.extendable.push_back(ext ? 1 : 0);
    c.existing.push_back(ext ? 0.0 : p_nom);
    if (ext) {
      check(t, r, nom + "_min", mn, schema::Rule::kNonNegative);
      check(t, r, nom + "_max", mx, schema::Rule::kNonNegativeOrInf);
    }
    c.min.push_back(ext ? mn : 0.0);
    c.max.push_back(ext ? mx : kInf);
    // Periodised cost per unit and year: capital_cost, or overnight_cost annuitised.
    const double capital = t.number(r, "capital_cost", diag);
    const double overnight = t.number(r, "overnight_cost", diag);
    const double fom = t.number(r, "fom_cost", diag);
    double lifetime = t.number(r, "lifetime", diag);
    double capex = 0.0, life = 1.0;
    if (!std::isnan(overnight)) {
      double r_c = t.number(r, "discount_rate", diag);
      if (std::isnan(r_c)) r_c = 0.0;
      if (!(lifetime > 0) || std::isinf(lifetime))
        diag.add({t.file(), t.line(r), t.what(r), "lifetime", fmt_num(lifetime),
                  "must be finite and > 0 with overnight_cost"});
      if (r_c == rate && nyears == 1.0 && std::isfinite(lifetime) && lifetime > 0) {
        capex = overnight;  // keep parkgrid's own annuity: the same formula
        life = lifetime;
      } else if (std::isfinite(lifetime) && lifetime > 0) {
        // PyPSA scales an annuitised overnight cost by the modelled years (weights / 8760)
        capex = annuity(overnight, r_c, lifetime) * nyears / crf1();
      }
    } else {
      capex = capital / crf1();  // CRF(rate, 1) x capex = capital_cost
    }
    check(t, r, "capital_cost", capital, schema::Rule::kNonNegative);
    check(t, r, "fom_cost", fom, schema::Rule::kNonNegative);
    c.capex_cny_per_unit.push_back(ext ? capex : 0.0);
    c.lifetime_years.push_back(life);
    c.fixed_om_cny_per_unit_year.push_back(ext ? fom : 0.0);
  }

  void snapshots() {
    TextCsv s;
    const fs::path f = dir / "snapshots.csv";
    Snapshots& sn = net.snapshots;
    std::vector<double> objective, stores, generators;
    std::vector<std::string> labels;
    if (fs::exists(f)) {
      if (!read_csv_text(f, "snapshots.csv", s, diag)) return;
      if (s.col("period"))
        diag.add({"snapshots.csv", 1, "", "period", "",
                  "multi-period investment is not supported by parkgrid (one period)"});
      std::size_t label_col = 0;
      if (auto c = s.col("snapshot"))
        label_col = *c;
      else if (auto c2 = s.col("name"))
        label_col = *c2;
      for (const auto& row : s.rows) labels.push_back(row[label_col]);
      const auto column = [&](std::string_view name, std::vector<double>& out) {
        const auto c = s.col(name);
        if (!c) return;
        for (std::size_t r = 0; r < s.rows.size(); ++r) {
          const auto v = to_number(s.rows[r][*c]);
          if (!v || !(*v > 0) || !std::isfinite(*v)) {
            diag.add({"snapshots.csv", static_cast<int>(r + 2), "snapshot_weightings",
                      std::string(name), s.rows[r][*c], "expected a finite number > 0"});
            out.clear();  // a column cut short must not be used (the error is reported)
            return;
          }
          out.push_back(*v);
        }
      };
      column("objective", objective);
      column("stores", stores);
      column("generators", generators);
    } else {
      diag.add({"snapshots.csv", 0, "", "", "",
                "missing: a PyPSA folder needs snapshots.csv (parkgrid has no single-snapshot "
                "default)"});
      return;
    }
    T = static_cast<Index>(labels.size());
    if (T == 0) {
      diag.add({"snapshots.csv", 0, "", "snapshots", "0", "at least one snapshot is needed"});
      return;
    }
    sn.count = T;
    // start and step from the labels where they are times; else 2025-01-01T00:00, hourly.
    const auto t0 = parse_time(labels[0]);
    if (t0) sn.start = *t0;
    double label_step = 1.0;
    if (T > 1 && t0) {
      if (const auto t1 = parse_time(labels[1]))
        label_step =
            static_cast<double>(t1->minutes_since_epoch() - t0->minutes_since_epoch()) / 60.0;
    }
    if (!stores.empty()) {
      step = stores[0];
      for (std::size_t k = 1; k < stores.size(); ++k)
        if (stores[k] != step) {
          diag.add({"snapshots.csv", static_cast<int>(k + 2), "snapshot_weightings", "stores",
                    fmt_num(stores[k]),
                    fmt::format("must be the same in every snapshot (parkgrid has one step_hours, "
                                "here {} from the first snapshot)",
                                fmt_num(step))});
          break;
        }
    } else {
      step = label_step > 0 ? label_step : 1.0;
    }
    sn.step_hours = step;
    if (objective.empty()) objective.assign(static_cast<std::size_t>(T), step);
    sn.weight_hours = objective;
    nyears = sn.total_hours() / 8760.0;
    if (!generators.empty())
      for (std::size_t k = 0; k < std::min(generators.size(), objective.size()); ++k)
        if (generators[k] != objective[k]) {
          diag.add({"snapshots.csv", static_cast<int>(k + 2), "snapshot_weightings", "generators",
                    fmt_num(generators[k]),
                    fmt::format("must equal objective = {} (parkgrid weighs costs, energies and "
                                "the CO2 cap alike)",
                                fmt_num(objective[k]))});
          break;
        }
    if (const std::string why = sn.span_problem(); !why.empty()) {
      diag.add({"snapshots.csv", 2, "snapshot_weightings", "stores", fmt_num(step), why});
      return;
    }
    sn.index_months();
  }

  void network_csv() {
    const fs::path f = dir / "network.csv";
    if (fs::exists(f)) {
      TextCsv s;
      if (read_csv_text(f, "network.csv", s, diag) && !s.rows.empty()) {
        for (std::size_t c = 0; c < s.header.size(); ++c) {
          const std::string& h = s.header[c];
          const std::string& v = s.rows[0][c];
          if (h == "name" && !v.empty())
            net.name = v;
          else if (h == "_multi_invest" && !is_default(v, "0"))
            diag.add({"network.csv", 2, "", h, v,
                      "multi-period investment is not supported by parkgrid"});
        }
      }
    }
    if (net.name.empty() || net.name == "Unnamed Network") net.name = dir.filename().string();
    for (const char* f2 : {"investment_periods.csv", "scenarios.csv"}) {
      TextCsv s;
      Diagnostics ignore;
      if (fs::exists(dir / f2) && read_csv_text(dir / f2, f2, s, ignore) && !s.rows.empty())
        diag.add({f2, 0, "", "", "",
                  "investment periods and stochastic scenarios are not supported by parkgrid"});
    }
    for (const char* list : {"lines", "transformers", "shunt_impedances", "processes"}) {
      const std::string f3 = std::string(list) + ".csv";
      TextCsv s;
      Diagnostics ignore;
      if (fs::exists(dir / f3) && read_csv_text(dir / f3, f3, s, ignore) && !s.rows.empty())
        diag.add({f3, 0, "", "", "",
                  fmt::format("{} {} given: parkgrid has no {} (model transfers between buses "
                              "as links, see docs/pypsa.md)",
                              s.rows.size(), list, list)});
    }
  }

  void carriers() {
    Table t("carriers", "carrier");
    t.uses({"co2_emissions"});
    t.allow_extension("renewable");
    t.allow_extension("heat");  // parkgrid's own export: a carrier with heat = true
    if (meta_green) t.allow_extension("parkgrid_green_weight");  // parkgrid's own export
    t.load(dir, T, diag);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (meta_grid_carrier(t.name(r))) continue;  // the carrier of a grid import or export
      net.carriers.name.push_back(t.name(r));
      const double co2 = t.number(r, "co2_emissions", diag);
      check(t, r, "co2_emissions", co2, schema::Rule::kNonNegative);
      net.carriers.co2_t_per_mwh.push_back(co2);
      bool ren = known_renewable(t.name(r));
      if (t.has_column("renewable")) ren = t.flag(r, "renewable", diag);
      net.carriers.renewable.push_back(ren ? 1 : 0);
      bool heat = known_heat(t.name(r));
      if (t.has_column("heat")) heat = t.flag(r, "heat", diag);
      net.carriers.heat.push_back(heat ? 1 : 0);
    }
  }

  void buses() {
    Table t("buses", "bus");
    t.uses({"carrier"});
    t.load(dir, T, diag);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      net.buses.name.push_back(t.name(r));
      const std::string c = t.text(r, "carrier");
      net.buses.carrier.push_back(carrier_of(c.empty() ? "AC" : c));
      net.buses.electric.push_back(c.empty() || c == "AC" || c == "electricity" ? 1 : 0);
      net.buses.heat.push_back(
          net.carriers.heat[static_cast<std::size_t>(net.buses.carrier.back())]);
    }
  }

  void generators() {
    Table t("generators", "generator");
    t.uses({"bus",
            "carrier",
            "p_nom",
            "p_nom_extendable",
            "p_nom_min",
            "p_nom_max",
            "p_min_pu",
            "p_max_pu",
            "marginal_cost",
            "capital_cost",
            "overnight_cost",
            "discount_rate",
            "lifetime",
            "fom_cost",
            "efficiency",
            "committable",
            "start_up_cost",
            "shut_down_cost",
            "min_up_time",
            "min_down_time",
            "up_time_before",
            "down_time_before",
            "ramp_limit_up",
            "ramp_limit_down",
            "ramp_limit_start_up",
            "ramp_limit_shut_down"});
    t.load(dir, T, diag);
    Generators& g = net.generators;
    GridConnections& gc = net.grid;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      const auto mc = t.series(r, "marginal_cost", T, diag);
      const auto mn = t.series(r, "p_min_pu", T, diag);
      const auto mx = t.series(r, "p_max_pu", T, diag);
      if (const auto [m, is_import] = meta_grid_of(t.name(r)); m) {
        // parkgrid's own export of a grid connection (meta.json): read back as one.
        m->bus = bus_of(t, r, "bus");
        (is_import ? m->import_p_nom : m->export_p_nom) = t.number(r, "p_nom", diag);
        (is_import ? m->buy : m->sell) = mc;
        grid_generator_carrier.emplace(t.name(r), t.text(r, "carrier"));
        continue;
      }
      // A generator that only takes power (p_max_pu = 0, p_min_pu = -1) sells to the grid:
      // parkgrid's export of a grid connection, at marginal_cost per MWh.
      const bool sink = std::all_of(mx.begin(), mx.end(), [](double v) { return v == 0; }) &&
                        std::any_of(mn.begin(), mn.end(), [](double v) { return v < 0; });
      if (sink) {
        const bool ext = t.flag(r, "p_nom_extendable", diag);
        const double p_nom = t.number(r, "p_nom", diag);
        if (ext || !std::all_of(mn.begin(), mn.end(), [](double v) { return v == -1; }))
          diag.add({t.file(), t.line(r), t.what(r), "p_min_pu", fmt_num(mn.front()),
                    "a generator with p_max_pu = 0 is read as a grid export: it needs p_min_pu = "
                    "-1 in every snapshot and p_nom_extendable = False"});
        gc.name.push_back(t.name(r));
        gc.bus.push_back(bus_of(t, r, "bus"));
        gc.import_max_mw.push_back(0.0);
        gc.export_max_mw.push_back(p_nom);
        gc.buy_price_cny_per_mwh.add_constant(0.0);
        gc.sell_price_cny_per_mwh.add_series(mc);
        gc.mechanism_reference_price_cny_per_mwh.add_constant(0.0);  // PyPSA has no 136号 mechanism
        gc.market_price_cny_per_mwh.add_series(mc);
        gc.delivery_charge_cny_per_mwh.add_constant(0.0);  // nor delivery charges
        gc.demand_charge_cny_per_kw_month.push_back(0.0);
        gc.co2_t_per_mwh.push_back(0.0);
        grid_generator_carrier.emplace(t.name(r), t.text(r, "carrier"));
        continue;
      }
      g.name.push_back(t.name(r));
      g.bus.push_back(bus_of(t, r, "bus"));
      std::string c = t.text(r, "carrier");
      if (c.empty()) c = t.name(r);  // parkgrid generators need a carrier: one of their own
      g.carrier.push_back(carrier_of(c));
      capacity(t, r, "p_nom", g.capacity_mw);
      if (t.has_series(r, "efficiency"))
        diag.add({t.series_file("efficiency"), 0, t.what(r), "efficiency", "(series)",
                  "a generator's efficiency must be static in parkgrid"});
      const double eff = t.number(r, "efficiency", diag);
      check(t, r, "efficiency", eff, schema::Rule::kPositive);
      g.efficiency.push_back(eff > 0 ? eff : 1.0);
      check_series(t, r, "p_min_pu", mn, schema::Rule::kFraction);
      check_series(t, r, "p_max_pu", mx, schema::Rule::kFraction);
      g.marginal_cost_cny_per_mwh.add_series(mc);
      const bool committable = t.flag(r, "committable", diag);
      commitment(t, r, committable, mn);
      g.min_pu.add_series(committable ? std::vector<double>(mn.size(), 0.0) : mn);
      g.availability_pu.add_series(mx);
    }
    for (const MetaGrid& m : meta_grid) {
      if (m.bus < 0) continue;  // neither of its generators is in the folder any more
      gc.name.push_back(m.name);
      gc.bus.push_back(m.bus);
      // The exported p_nom stands for an infinite limit when meta.json says so.
      gc.import_max_mw.push_back(m.buy.empty()              ? 0.0
                                 : std::isinf(m.import_max) ? kInf
                                                            : m.import_p_nom);
      gc.export_max_mw.push_back(m.sell.empty()             ? 0.0
                                 : std::isinf(m.export_max) ? kInf
                                                            : m.export_p_nom);
      if (m.buy.empty())
        gc.buy_price_cny_per_mwh.add_constant(0.0);
      else
        gc.buy_price_cny_per_mwh.add_series(m.buy);
      if (m.sell.empty())
        gc.sell_price_cny_per_mwh.add_constant(0.0);
      else
        gc.sell_price_cny_per_mwh.add_series(m.sell);
      gc.mechanism_reference_price_cny_per_mwh.add_constant(0.0);  // no 136号 mechanism in PyPSA
      gc.market_price_cny_per_mwh.add_series(
          gc.sell_price_cny_per_mwh.row(gc.sell_price_cny_per_mwh.components() - 1));
      gc.delivery_charge_cny_per_mwh.add_constant(0.0);  // in the generators' marginal cost
      gc.demand_charge_cny_per_kw_month.push_back(m.demand_charge);
      gc.co2_t_per_mwh.push_back(m.co2);
    }
    // PyPSA solves committable generators as a MIP: so does parkgrid (the scenario can say
    // otherwise with --uc).
    for (Index i = 0; i < g.size(); ++i)
      if (g.committable(i)) net.unit_commitment.mode = UnitCommitment::Mode::kInteger;
  }

  // PyPSA's unit commitment of one generator (a committable generator is one unit of p_nom,
  // status binary): parkgrid's cluster of one unit of unit_size_mw = p_nom, p_min_pu its
  // minimum stable load. A ramp limit on a generator that is not committable, or a committable
  // generator that is extendable (PyPSA's big-M, one status for a variable p_nom), is refused.
  void commitment(const Table& t, std::size_t r, bool committable, const std::vector<double>& mn) {
    auto& c = net.generators.commitment;
    const double p_nom = net.generators.capacity_mw.existing.back();
    const auto value = [&](std::string_view attr, double if_nan) {
      if (t.has_series(r, attr)) {
        diag.add({t.series_file(std::string(attr)), 0, t.what(r), std::string(attr), "(series)",
                  "parkgrid takes unit-commitment attributes as static values"});
        return if_nan;
      }
      const double v = t.number(r, attr, diag);
      return std::isnan(v) ? if_nan : v;
    };
    const double ru = value("ramp_limit_up", kInf), rd = value("ramp_limit_down", kInf);
    const double rsu = value("ramp_limit_start_up", 1.0), rsd = value("ramp_limit_shut_down", 1.0);
    if (!committable) {
      for (const auto& [attr, v, def] :
           {std::tuple{"ramp_limit_up", ru, kInf}, std::tuple{"ramp_limit_down", rd, kInf}})
        if (v != def)
          diag.add({t.file(), t.line(r), t.what(r), attr, fmt_num(v),
                    "parkgrid applies ramp limits to committable generators only: set "
                    "committable = True or remove the limit"});
      for (const char* attr : {"start_up_cost", "shut_down_cost", "min_up_time", "min_down_time"})
        if (value(attr, 0.0) != 0.0)
          diag.add({t.file(), t.line(r), t.what(r), attr, fmt_num(value(attr, 0.0)),
                    "applies to committable generators only (committable = False)"});
    }
    if (committable && net.generators.capacity_mw.extendable.back())
      diag.add({t.file(), t.line(r), t.what(r), "committable", "True",
                "a committable generator that is also extendable (PyPSA's big-M, one status for "
                "a variable p_nom) is not supported: parkgrid builds whole units, give it a fixed "
                "p_nom, or write it as a parkgrid scenario with unit_size_mw"});
    if (committable && p_nom <= 0)
      diag.add({t.file(), t.line(r), t.what(r), "p_nom", fmt_num(p_nom),
                "a committable generator needs p_nom > 0 (its unit size)"});
    double m = 0.0;
    if (committable) {
      m = mn.empty() ? 0.0 : mn.front();
      if (std::any_of(mn.begin(), mn.end(), [&](double v) { return v != m; }))
        diag.add({t.file(), t.line(r), t.what(r), "p_min_pu", "(series)",
                  "the minimum stable load of a committable generator must be static in "
                  "parkgrid"});
    }
    c.unit_size_mw.push_back(committable && p_nom > 0 ? p_nom : 0.0);
    c.min_stable_pu.push_back(committable ? m : 0.0);
    c.start_up_cost_cny.push_back(committable ? value("start_up_cost", 0.0) : 0.0);
    c.shut_down_cost_cny.push_back(committable ? value("shut_down_cost", 0.0) : 0.0);
    c.min_up_time_h.push_back(committable ? value("min_up_time", 0.0) * step : 0.0);
    c.min_down_time_h.push_back(committable ? value("min_down_time", 0.0) * step : 0.0);
    c.ramp_up_pu.push_back(committable ? ru : kInf);
    c.ramp_down_pu.push_back(committable ? rd : kInf);
    c.ramp_start_up_pu.push_back(committable ? rsu : 1.0);
    c.ramp_shut_down_pu.push_back(committable ? rsd : 1.0);
    c.up_time_before_h.push_back(value("up_time_before", 1.0) * step);
    c.down_time_before_h.push_back(value("down_time_before", 0.0) * step);
    c.min_stable_efficiency.push_back(0.0);
    c.retrofit_min_stable_pu.push_back(c.min_stable_pu.back());  // PyPSA has no retrofit option
    c.retrofit_capex_cny_per_kw.push_back(0.0);
    c.retrofit_lifetime_years.push_back(15.0);
  }

  void loads() {
    Table t("loads", "load");
    t.uses({"bus", "p_set", "carrier"});
    t.load(dir, T, diag);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      net.loads.name.push_back(t.name(r));
      net.loads.bus.push_back(bus_of(t, r, "bus"));
      const auto p = t.series(r, "p_set", T, diag);
      check_series(t, r, "p_set", p, schema::Rule::kNonNegative);
      net.loads.demand_mw.add_series(p);
    }
  }

  void storage_units() {
    Table t("storage_units", "storage unit");
    t.uses({"bus", "carrier", "p_nom", "p_nom_extendable", "p_nom_min", "p_nom_max", "capital_cost",
            "overnight_cost", "discount_rate", "lifetime", "fom_cost", "marginal_cost", "max_hours",
            "efficiency_store", "efficiency_dispatch", "standing_loss", "cyclic_state_of_charge",
            "state_of_charge_initial"});
    t.load(dir, T, diag);
    StorageUnits& s = net.storage_units;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      s.name.push_back(t.name(r));
      s.bus.push_back(bus_of(t, r, "bus"));
      s.carrier.push_back(carrier_of(t.text(r, "carrier")));
      capacity(t, r, "p_nom", s.power_mw);
      const double h = t.number(r, "max_hours", diag);
      if (!(h > 0) || !std::isfinite(h))
        diag.add({t.file(), t.line(r), t.what(r), "max_hours", fmt_num(h),
                  "must be a finite number > 0 (PyPSA's energy capacity is max_hours x p_nom)"});
      s.max_hours.push_back(h > 0 && std::isfinite(h) ? h : 1.0);
      s.energy_mwh.existing.push_back(0);
      s.energy_mwh.extendable.push_back(0);
      s.energy_mwh.min.push_back(0);
      s.energy_mwh.max.push_back(kInf);
      s.energy_mwh.capex_cny_per_unit.push_back(0);
      s.energy_mwh.lifetime_years.push_back(s.power_mw.lifetime_years.back());
      s.energy_mwh.fixed_om_cny_per_unit_year.push_back(0);
      const auto scalar = [&](std::string_view attr, schema::Rule rule) {
        if (t.has_series(r, attr))
          diag.add({t.series_file(attr), 0, t.what(r), std::string(attr), "(series)",
                    "must be static in parkgrid"});
        const double v = t.number(r, attr, diag);
        check(t, r, attr, v, rule);
        return v;
      };
      const double ec = scalar("efficiency_store", schema::Rule::kPositive);
      const double ed = scalar("efficiency_dispatch", schema::Rule::kPositive);
      const double loss = scalar("standing_loss", schema::Rule::kOpenFraction);
      s.efficiency_charge.push_back(ec);
      s.efficiency_discharge.push_back(ed > 0 ? ed : 1.0);
      s.standing_loss_per_hour.push_back(loss);
      const bool cyclic = t.flag(r, "cyclic_state_of_charge", diag);
      s.cyclic.push_back(cyclic ? 1 : 0);
      // PyPSA does not apply the standing loss to state_of_charge_initial in the first
      // snapshot; parkgrid does (rho x E0): divide it out.
      const double soc0 = t.number(r, "state_of_charge_initial", diag);
      check(t, r, "state_of_charge_initial", soc0, schema::Rule::kNonNegative);
      const double rho = std::pow(1.0 - (loss >= 0 && loss < 1 ? loss : 0.0), step);
      s.initial_soc_mwh.push_back(cyclic ? 0.0 : soc0 / rho);
      const double mc = scalar("marginal_cost", schema::Rule::kAny);
      s.marginal_cost_cny_per_mwh.push_back(mc);
    }
  }

  void stores() {
    Table t("stores", "store");
    t.uses({"bus", "carrier", "e_nom", "e_nom_extendable", "e_nom_min", "e_nom_max", "capital_cost",
            "overnight_cost", "discount_rate", "lifetime", "fom_cost", "marginal_cost",
            "standing_loss", "e_cyclic", "e_initial"});
    t.load(dir, T, diag);
    Stores& s = net.stores;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      s.name.push_back(t.name(r));
      s.bus.push_back(bus_of(t, r, "bus"));
      s.carrier.push_back(carrier_of(t.text(r, "carrier")));
      capacity(t, r, "e_nom", s.energy_mwh);
      for (std::string_view attr : {"standing_loss", "marginal_cost"})
        if (t.has_series(r, attr))
          diag.add({t.series_file(attr), 0, t.what(r), std::string(attr), "(series)",
                    "must be static in parkgrid"});
      const double loss = t.number(r, "standing_loss", diag);
      check(t, r, "standing_loss", loss, schema::Rule::kOpenFraction);
      s.standing_loss_per_hour.push_back(loss);
      const bool cyclic = t.flag(r, "e_cyclic", diag);
      s.cyclic.push_back(cyclic ? 1 : 0);
      const double e0 = t.number(r, "e_initial", diag);
      check(t, r, "e_initial", e0, schema::Rule::kNonNegative);
      const double rho = std::pow(1.0 - (loss >= 0 && loss < 1 ? loss : 0.0), step);
      s.initial_energy_mwh.push_back(cyclic ? 0.0 : e0 / rho);
      s.marginal_cost_cny_per_mwh.push_back(t.number(r, "marginal_cost", diag));
    }
  }

  void links() {
    Table t("links", "link");
    t.uses({"bus0",      "bus1",      "carrier",       "p_nom",          "p_nom_extendable",
            "p_nom_min", "p_nom_max", "capital_cost",  "overnight_cost", "discount_rate",
            "lifetime",  "fom_cost",  "marginal_cost", "efficiency",     "p_min_pu",
            "p_max_pu",  "bus2",      "efficiency2",   "bus3",           "efficiency3"});
    t.load(dir, T, diag);
    Links& k = net.links;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      k.name.push_back(t.name(r));
      k.from_bus.push_back(bus_of(t, r, "bus0"));
      k.to_bus.push_back(bus_of(t, r, "bus1"));
      // Further outputs: bus2, bus3 with efficiency2, efficiency3 (PyPSA's multi-output links).
      for (int o = 0; o < Links::kExtraOutputs; ++o) {
        const std::string bus_attr = fmt::format("bus{}", o + 2);
        const std::string eff_attr = fmt::format("efficiency{}", o + 2);
        const bool given = !trim(t.text(r, bus_attr)).empty();
        k.extra_bus[static_cast<std::size_t>(o)].push_back(given ? bus_of(t, r, bus_attr) : -1);
        const auto eff = t.series(r, eff_attr, T, diag);
        check_series(t, r, eff_attr, eff, schema::Rule::kAny);
        k.extra_efficiency[static_cast<std::size_t>(o)].add_series(eff);
      }
      k.carrier.push_back(carrier_of(t.text(r, "carrier")));
      capacity(t, r, "p_nom", k.capacity_mw);
      const auto eff = t.series(r, "efficiency", T, diag);
      const auto mn = t.series(r, "p_min_pu", T, diag);
      const auto mx = t.series(r, "p_max_pu", T, diag);
      check_series(t, r, "efficiency", eff, schema::Rule::kPositive);
      check_series(t, r, "p_min_pu", mn, schema::Rule::kSignedFraction);
      check_series(t, r, "p_max_pu", mx, schema::Rule::kFraction);
      k.efficiency.add_series(eff);
      k.min_pu.add_series(mn);
      k.max_pu.add_series(mx);
      if (t.has_series(r, "marginal_cost"))
        diag.add({t.series_file("marginal_cost"), 0, t.what(r), "marginal_cost", "(series)",
                  "a link's marginal cost must be static in parkgrid"});
      k.marginal_cost_cny_per_mwh.push_back(t.number(r, "marginal_cost", diag));
    }
  }

  void global_constraints() {
    Table t("global_constraints", "global constraint");
    t.uses({"type", "carrier_attribute", "sense", "constant", "investment_period", "bus"});
    t.load(dir, T, diag);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      const std::string type = t.text(r, "type");
      const std::string attr = t.text(r, "carrier_attribute");
      const std::string sense = t.text(r, "sense");
      if (type == "tech_capacity_expansion_limit" || type == "operational_limit")
        carrier_group(t, r, type == "operational_limit");
      else if (type != "primary_energy")
        diag.add({t.file(), t.line(r), t.what(r), "type", Table::quote(type),
                  "parkgrid supports the types primary_energy (a CO2 cap), "
                  "tech_capacity_expansion_limit and operational_limit (docs/pypsa.md)"});
      else if (attr == "parkgrid_green_weight" && meta_green && sense == "<=" &&
               t.name(r) == "green_share")
        net.policy.min_green_share = *meta_green;  // parkgrid's own export (meta.json)
      else if (attr != "co2_emissions")
        diag.add({t.file(), t.line(r), t.what(r), "carrier_attribute", Table::quote(attr),
                  "parkgrid supports co2_emissions only"});
      else if (sense != "<=")
        diag.add({t.file(), t.line(r), t.what(r), "sense", Table::quote(sense),
                  "parkgrid supports \"<=\" only (a cap)"});
      else if (!trim(t.text(r, "bus")).empty())
        diag.add({t.file(), t.line(r), t.what(r), "bus", t.text(r, "bus"),
                  "a CO2 cap is park-wide in parkgrid: leave bus empty"});
      else if (!std::isnan(t.number(r, "investment_period", diag)))
        diag.add({t.file(), t.line(r), t.what(r), "investment_period",
                  t.text(r, "investment_period"), "parkgrid has one period: leave it empty"});
      else if (std::isfinite(net.policy.co2_cap_t))
        diag.add({t.file(), t.line(r), t.what(r), "", "",
                  "a second CO2 cap: parkgrid has one (merge them)"});
      else {
        const double cap = t.number(r, "constant", diag);
        check(t, r, "constant", cap, schema::Rule::kNonNegativeOrInf);
        net.policy.co2_cap_t = cap;
        co2_row = r;
      }
    }
    co2_file = t.file();
  }

  // PyPSA's tech_capacity_expansion_limit (the capacity of the extendable generators, storage
  // units and links of one carrier, at one bus when `bus` is given: a link's bus0) and
  // operational_limit (the weighted output of all generators of one carrier) as a
  // [[group_constraints]] entry (capacity_mw or energy_mwh). PyPSA's own terms parkgrid's group
  // sum has not (a store's e_nom, a non-cyclic storage's change of state of charge) are refused.
  void carrier_group(const Table& t, std::size_t r, bool energy) {
    const auto u = [](Index i) { return static_cast<std::size_t>(i); };
    const std::string carrier = t.text(r, "carrier_attribute");
    const std::string sense = t.text(r, "sense");
    const std::string bus = trim(t.text(r, "bus"));
    const auto fail = [&](const char* field, const std::string& value, const std::string& why) {
      diag.add({t.file(), t.line(r), t.what(r), field, value, why});
    };
    GroupConstraints::Sense gs{};
    if (sense == "<=")
      gs = GroupConstraints::Sense::kLessEqual;
    else if (sense == ">=")
      gs = GroupConstraints::Sense::kGreaterEqual;
    else if (sense == "==")
      gs = GroupConstraints::Sense::kEqual;
    else
      return fail("sense", Table::quote(sense), "expected \"<=\", \">=\" or \"==\"");
    if (!std::isnan(t.number(r, "investment_period", diag)))
      return fail("investment_period", t.text(r, "investment_period"),
                  "parkgrid has one period: leave it empty");
    const auto cit = std::find(net.carriers.name.begin(), net.carriers.name.end(), carrier);
    const Index c = cit == net.carriers.name.end()
                        ? Index{-1}
                        : static_cast<Index>(cit - net.carriers.name.begin());
    Index b = -1;
    if (!bus.empty() && !energy) {
      const auto bit = std::find(net.buses.name.begin(), net.buses.name.end(), bus);
      if (bit == net.buses.name.end())
        return fail("bus", Table::quote(bus), "not a bus of buses.csv");
      b = static_cast<Index>(bit - net.buses.name.begin());
    }
    GroupSum sum;
    sum.quantity = energy ? GroupQuantity::kEnergyMwh : GroupQuantity::kCapacityMw;
    const auto at_bus = [&](Index x) { return b < 0 || x == b; };
    for (Index i = 0; i < net.generators.size(); ++i)
      if (c >= 0 && net.generators.carrier[u(i)] == c &&
          (energy ||
           (net.generators.capacity_mw.extendable[u(i)] && at_bus(net.generators.bus[u(i)]))))
        sum.members.push_back({Family::kGenerator, i});
    const StorageUnits& su = net.storage_units;
    for (std::size_t i = 0; c >= 0 && i < su.name.size(); ++i) {
      if (su.carrier[i] != c) continue;
      if (!energy && su.power_mw.extendable[i] && at_bus(su.bus[i]))
        sum.members.push_back({Family::kStorageUnit, static_cast<Index>(i)});
      if (energy && !su.cyclic[i])
        return fail("carrier_attribute", Table::quote(carrier),
                    fmt::format("storage unit \"{}\" of this carrier is not cyclic: PyPSA counts "
                                "its change of state of charge, parkgrid's energy_mwh does not",
                                su.name[i]));
    }
    const Stores& st = net.stores;
    for (const auto& [gen, gen_carrier] : grid_generator_carrier)
      if (energy && gen_carrier == carrier)
        return fail("carrier_attribute", Table::quote(carrier),
                    fmt::format("generator \"{}\" of this carrier is read as a grid connection: "
                                "PyPSA's operational_limit counts it, parkgrid's energy_mwh of "
                                "the carrier's generators does not",
                                gen));
    for (std::size_t i = 0; c >= 0 && i < st.name.size(); ++i) {
      if (st.carrier[i] != c) continue;
      if (!energy && st.energy_mwh.extendable[i] && at_bus(st.bus[i]))
        return fail("carrier_attribute", Table::quote(carrier),
                    fmt::format("store \"{}\" of this carrier is extendable: PyPSA counts its "
                                "e_nom (MWh), parkgrid's capacity_mw has no store",
                                st.name[i]));
      if (energy && !st.cyclic[i])
        return fail("carrier_attribute", Table::quote(carrier),
                    fmt::format("store \"{}\" of this carrier is not cyclic: PyPSA counts its "
                                "change of energy, parkgrid's energy_mwh does not",
                                st.name[i]));
    }
    for (Index i = 0; !energy && c >= 0 && i < net.links.size(); ++i)
      if (net.links.carrier[u(i)] == c && net.links.capacity_mw.extendable[u(i)] &&
          at_bus(net.links.from_bus[u(i)]))
        sum.members.push_back({Family::kLink, i});
    // PyPSA skips a limit without components (no term to bound); so does parkgrid.
    if (sum.members.empty()) return;
    GroupConstraints& g = net.group_constraints;
    g.name.push_back(t.name(r));
    g.sum.push_back(std::move(sum));
    g.sense.push_back(gs);
    g.value.push_back(t.number(r, "constant", diag));
    g.share.push_back(std::numeric_limits<double>::quiet_NaN());
    g.of.emplace_back();
    g.source.push_back(fmt::format("PyPSA GlobalConstraint ({})", t.file()));
    g.line.push_back(t.line(r));
  }

  // PyPSA's primary-energy constraint also counts the energy drawn from storage units and stores
  // whose carrier emits; parkgrid counts generators only.
  void co2_scope() {
    if (!std::isfinite(net.policy.co2_cap_t)) return;
    const auto emits = [&](Index c) {
      return c >= 0 && net.carriers.co2_t_per_mwh[static_cast<std::size_t>(c)] != 0.0;
    };
    for (std::size_t i = 0; i < net.storage_units.name.size(); ++i)
      if (emits(net.storage_units.carrier[i]))
        diag.add({"storage_units.csv", static_cast<int>(i + 2),
                  fmt::format("storage unit \"{}\"", net.storage_units.name[i]), "carrier",
                  Table::quote(
                      net.carriers.name[static_cast<std::size_t>(net.storage_units.carrier[i])]),
                  "has co2_emissions != 0 under a CO2 constraint: parkgrid counts generators "
                  "only; give the storage unit a carrier without emissions"});
    for (std::size_t i = 0; i < net.stores.name.size(); ++i)
      if (emits(net.stores.carrier[i]))
        diag.add({"stores.csv", static_cast<int>(i + 2),
                  fmt::format("store \"{}\"", net.stores.name[i]), "carrier",
                  Table::quote(net.carriers.name[static_cast<std::size_t>(net.stores.carrier[i])]),
                  "has co2_emissions != 0 under a CO2 constraint: parkgrid counts generators "
                  "only; give the store a carrier without emissions"});
  }

  std::size_t co2_row = 0;
  std::string co2_file;
  // The carriers of PyPSA generators read as grid connections (by generator name).
  std::map<std::string, std::string> grid_generator_carrier;

  void known_files() {
    static const std::set<std::string> known{"network.csv",
                                             "snapshots.csv",
                                             "carriers.csv",
                                             "buses.csv",
                                             "generators.csv",
                                             "loads.csv",
                                             "storage_units.csv",
                                             "stores.csv",
                                             "links.csv",
                                             "global_constraints.csv",
                                             "lines.csv",
                                             "transformers.csv",
                                             "shunt_impedances.csv",
                                             "processes.csv",
                                             "investment_periods.csv",
                                             "scenarios.csv",
                                             "sub_networks.csv",
                                             "shapes.csv",
                                             "line_types.csv",
                                             "transformer_types.csv",
                                             "investment_periods.csv"};
    static const std::set<std::string> lists{"buses",         "generators",   "loads",
                                             "storage_units", "stores",       "links",
                                             "lines",         "transformers", "shunt_impedances",
                                             "processes",     "carriers",     "global_constraints",
                                             "sub_networks"};
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string f = e.path().filename().string();
      if (e.path().extension() != ".csv" || known.contains(f)) continue;
      const auto dash = f.find('-');
      if (dash != std::string::npos && lists.contains(f.substr(0, dash))) continue;
      diag.add({f, 0, "", "", "",
                "not a file of a PyPSA CSV folder that parkgrid reads (see docs/pypsa.md)"});
    }
  }

  Network run() {
    if (!fs::is_directory(dir)) {
      diag.add({dir.string(), 0, "", "", "", "not a folder"});
      diag.throw_if_any();
    }
    net.source = dir.string();
    net.discount_rate = 0.0;
    network_csv();
    snapshots();
    if (T == 0) diag.throw_if_any();
    // Every series starts empty at the snapshots' length (for_each_series); each component adds
    // its row, and validate checks that every family's rows are all there.
    for_each_series(net, [&](const SeriesField&, TimeSeries& series) { series = TimeSeries(T); });
    known_files();
    meta();
    overnight_rate();
    net.discount_rate = rate;
    carriers();
    buses();
    if (net.buses.name.empty())
      diag.add({"buses.csv", 0, "", "", "", "the network has no buses: add at least one"});
    generators();
    loads();
    storage_units();
    stores();
    links();
    global_constraints();
    co2_scope();
    if (diag.empty()) validate(net, (dir / "").string(), diag);
    diag.throw_if_any();
    return std::move(net);
  }

  // parkgrid has one discount rate: the one shared by the components with an overnight_cost,
  // when they share one; components with another rate (or a capital_cost) are annuitised here.
  void overnight_rate() {
    std::map<double, int> seen;
    for (const char* list : {"generators", "storage_units", "stores", "links"}) {
      TextCsv s;
      Diagnostics ignore;
      const fs::path f = dir / (std::string(list) + ".csv");
      if (!fs::exists(f) || !read_csv_text(f, "", s, ignore)) continue;
      const auto oc = s.col("overnight_cost"), dr = s.col("discount_rate");
      if (!oc) continue;
      for (const auto& row : s.rows) {
        const auto o = to_number(row[*oc]);
        if (!o || std::isnan(*o)) continue;
        const auto d = dr ? to_number(row[*dr]) : std::optional<double>(0.0);
        seen[d && !std::isnan(*d) ? *d : 0.0]++;
      }
    }
    if (seen.size() == 1) {
      const double r = seen.begin()->first;
      if (r >= 0 && r <= 1) rate = r;
    }
  }
};

// ---- export ----------------------------------------------------------------------------------

class CsvOut {
 public:
  explicit CsvOut(std::vector<std::string> header) : header_(std::move(header)) {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  [[nodiscard]] bool empty() const { return rows_.empty(); }
  void write(const fs::path& file) const {
    std::string out;
    const auto cell = [&out](const std::string& s) {
      if (s.find_first_of(",\"\n") == std::string::npos) {
        out += s;
        return;
      }
      out += '"';
      for (char c : s) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    };
    const auto line = [&](const std::vector<std::string>& r) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (i) out += ',';
        cell(r[i]);
      }
      out += '\n';
    };
    line(header_);
    for (const auto& r : rows_) line(r);
    std::ofstream f(file, std::ios::binary);
    f << out;
    if (!f) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Series of one attribute of one component list: <list>-<attr>.csv, indexed like snapshots.csv.
class SeriesOut {
 public:
  void add(const std::string& component, std::span<const double> v) {
    names_.push_back(component);
    cols_.emplace_back(v.begin(), v.end());
  }
  void write(const fs::path& file, Index T) const {
    if (names_.empty()) return;
    write_columns(
        file, "snapshot", names_, cols_, static_cast<std::size_t>(T),
        [](std::size_t t) { return std::to_string(t); }, /*quote_names=*/true);
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<double>> cols_;
};

bool constant(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
}

// A static value, or "" with the series written to `series` when it varies.
std::string value_or_series(std::span<const double> v, const std::string& component,
                            SeriesOut& series) {
  if (v.empty() || constant(v)) return fmt_num(v.empty() ? 0.0 : v.front());
  series.add(component, v);
  return fmt_num(v.front());  // the static default; the series overrides it
}

std::string pytime(const DateTime& d) {
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:00", d.year, d.month, d.day, d.hour, d.minute);
}

}  // namespace

bool is_pypsa_folder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) &&
         (fs::exists(dir / "network.csv", ec) || fs::exists(dir / "snapshots.csv", ec));
}

Network read_pypsa(const fs::path& dir) {
  Importer im;
  im.dir = dir;
  return im.run();
}

namespace {

// [[group_constraints]] as PyPSA GlobalConstraints (docs/pypsa.md "Group constraints"): a
// capacity_mw bound on all generators, storage units and links of one carrier (at one bus) is a
// tech_capacity_expansion_limit (PyPSA sums the extendable ones: the fixed capacities move to the
// constant); an energy_mwh bound on all generators of one carrier is an operational_limit; a
// co2_t cap on every emitting generator and grid connection is a primary_energy constraint.
// Anything else is refused with the reason.
struct GroupRow {
  std::string name, type, carrier, sense;
  double constant = 0;
  std::string bus;
};

std::vector<GroupRow> group_constraint_rows(const Network& n, const std::string& src, bool green,
                                            Diagnostics& diag) {
  const auto u = [](Index i) { return static_cast<std::size_t>(i); };
  const GroupConstraints& gc = n.group_constraints;
  std::vector<GroupRow> rows;
  const auto key = [](const ComponentRef& r) {
    return std::pair(static_cast<int>(r.family), r.index);
  };
  const auto by_key = [&](const ComponentRef& a, const ComponentRef& b) { return key(a) < key(b); };
  for (Index k = 0; k < gc.size(); ++k) {
    const GroupSum& sum = gc.sum[u(k)];
    const std::string what = fmt::format("group constraint \"{}\"", gc.name[u(k)]);
    const auto refuse = [&](const std::string& field, const std::string& value,
                            const std::string& why) {
      diag.add({src, gc.line[u(k)], what, field, value,
                why + " (docs/pypsa.md \"Group constraints\"); remove the entry to export"});
    };
    const std::string qname(group_quantity_name(sum.quantity));
    if (!std::isnan(gc.share[u(k)])) {
      refuse("share", fmt_num(gc.share[u(k)]),
             "a share of another sum: PyPSA's GlobalConstraint bounds a sum by a constant");
      continue;
    }
    const std::string sense(sense_text(gc.sense[u(k)]));
    if (sum.quantity == GroupQuantity::kCo2T) {
      std::vector<ComponentRef> emitting;
      for (Index g = 0; g < n.generators.size(); ++g)
        if (n.carriers.co2_t_per_mwh[u(n.generators.carrier[u(g)])] != 0.0)
          emitting.push_back({Family::kGenerator, g});
      for (Index c = 0; c < n.grid.size(); ++c)
        if (n.grid.co2_t_per_mwh[u(c)] != 0.0) emitting.push_back({Family::kGrid, c});
      const bool all = std::all_of(emitting.begin(), emitting.end(), [&](const ComponentRef& e) {
        return std::find(sum.members.begin(), sum.members.end(), e) != sum.members.end();
      });
      if (gc.sense[u(k)] != GroupConstraints::Sense::kLessEqual)
        refuse("sense", sense, "PyPSA's primary_energy export is a cap: \"<=\" only");
      else if (!all)
        refuse("components", qname,
               "PyPSA's primary_energy constraint counts every emitting generator and grid "
               "connection: name them all");
      else if (std::isfinite(n.policy.co2_cap_t))
        refuse("quantity", qname,
               "[policy] co2_cap_t is exported as PyPSA's CO2 constraint already: keep one cap");
      else
        rows.push_back(
            {gc.name[u(k)], "primary_energy", "co2_emissions", "<=", gc.value[u(k)], ""});
      continue;
    }
    const bool energy = sum.quantity == GroupQuantity::kEnergyMwh;
    if (!energy && sum.quantity != GroupQuantity::kCapacityMw) {
      refuse("quantity", qname,
             "PyPSA's GlobalConstraint has no bound on available energy or exports");
      continue;
    }
    if (green) {
      refuse("quantity", qname,
             "with min_green_share the export splits carriers into variants: a carrier's "
             "GlobalConstraint would miss some of its components");
      continue;
    }
    // The carrier and bus of the members, and every component of that carrier (at that bus).
    const auto carrier_of = [&](const ComponentRef& r) -> Index {
      switch (r.family) {
        case Family::kGenerator: return n.generators.carrier[u(r.index)];
        case Family::kStorageUnit: return n.storage_units.carrier[u(r.index)];
        case Family::kLink: return n.links.carrier[u(r.index)];
        default: return -1;
      }
    };
    const auto bus_of = [&](const ComponentRef& r) -> Index {
      switch (r.family) {
        case Family::kGenerator: return n.generators.bus[u(r.index)];
        case Family::kStorageUnit: return n.storage_units.bus[u(r.index)];
        case Family::kLink: return n.links.from_bus[u(r.index)];
        default: return -1;
      }
    };
    // A capacity limit sums the extendable components (fixed capacities are constants, whether
    // named or not); an energy limit all generators.
    const auto counted = [&](const ComponentRef& r) {
      if (energy) return true;
      switch (r.family) {
        case Family::kGenerator: return n.generators.capacity_mw.extendable[u(r.index)] != 0;
        case Family::kStorageUnit: return n.storage_units.power_mw.extendable[u(r.index)] != 0;
        case Family::kLink: return n.links.capacity_mw.extendable[u(r.index)] != 0;
        default: return true;
      }
    };
    std::vector<ComponentRef> members;
    for (const ComponentRef& r : sum.members)
      if (counted(r)) members.push_back(r);
    std::sort(members.begin(), members.end(), by_key);
    if (members.empty()) {
      refuse("components", qname,
             "no component is extendable: PyPSA skips a tech_capacity_expansion_limit without "
             "extendable components");
      continue;
    }
    const Index c = carrier_of(members.front());
    const auto whole = [&](Index b) {
      std::vector<ComponentRef> v;
      const auto take = [&](Family f, Index i) {
        const ComponentRef r{f, i};
        if (carrier_of(r) == c && (b < 0 || bus_of(r) == b) && counted(r)) v.push_back(r);
      };
      for (Index i = 0; i < n.generators.size(); ++i) take(Family::kGenerator, i);
      if (!energy) {
        for (Index i = 0; i < static_cast<Index>(n.storage_units.name.size()); ++i)
          take(Family::kStorageUnit, i);
        for (Index i = 0; i < n.links.size(); ++i) take(Family::kLink, i);
      }
      std::sort(v.begin(), v.end(), by_key);
      return v;
    };
    Index bus = -1;
    if (c >= 0 && members != whole(-1)) {
      bus = energy ? -2 : bus_of(members.front());
      if (bus != -2 && members != whole(bus)) bus = -2;
    }
    if (c < 0 || bus == -2) {
      refuse("components", qname,
             energy ? "PyPSA's operational_limit sums all generators of one carrier: name them "
                      "all (carriers = [\"...\"]) and nothing else"
                    : "PyPSA's tech_capacity_expansion_limit sums all generators, storage units "
                      "and links of one carrier (at one bus): name exactly those");
      continue;
    }
    const std::string& cname = n.carriers.name[u(c)];
    bool ok = true;
    for (std::size_t i = 0; i < n.storage_units.name.size(); ++i)
      if (energy && n.storage_units.carrier[i] == c && !n.storage_units.cyclic[i]) {
        refuse("components", qname,
               fmt::format("storage unit \"{}\" has carrier \"{}\" and is not cyclic: "
                           "PyPSA's operational_limit would count its change of charge",
                           n.storage_units.name[i], cname));
        ok = false;
      }
    for (std::size_t i = 0; i < n.stores.name.size(); ++i)
      if (n.stores.carrier[i] == c && (energy ? !n.stores.cyclic[i]
                                              : n.stores.energy_mwh.extendable[i] != 0 &&
                                                    (bus < 0 || n.stores.bus[i] == bus))) {
        refuse("components", qname,
               fmt::format("store \"{}\" has carrier \"{}\": PyPSA's {} would count {}",
                           n.stores.name[i], cname,
                           energy ? "operational_limit" : "tech_capacity_expansion_limit",
                           energy ? "its change of energy" : "its e_nom (MWh)"));
        ok = false;
      }
    if (!ok) continue;
    double constant = gc.value[u(k)];
    if (!energy)
      for (const ComponentRef& r : sum.members)
        if (!counted(r))
          constant -= (r.family == Family::kGenerator     ? n.generators.capacity_mw
                       : r.family == Family::kStorageUnit ? n.storage_units.power_mw
                                                          : n.links.capacity_mw)
                          .existing[u(r.index)];
    rows.push_back({gc.name[u(k)], energy ? "operational_limit" : "tech_capacity_expansion_limit",
                    cname, sense, constant, bus >= 0 ? n.buses.name[u(bus)] : ""});
  }
  return rows;
}

}  // namespace

namespace {

// What PyPSA cannot hold, refused before anything is written (all problems at once), and what
// is left out on request, noted in the report. Returns the group constraints as PyPSA rows.
std::vector<GroupRow> check_exportable(const Network& n, const ExportOptions& options,
                                       ExportReport& report) {
  Diagnostics diag;
  const auto u = [](Index i) { return static_cast<std::size_t>(i); };
  const std::string src = n.source.empty() ? n.name : n.source;
  const bool green = n.policy.min_green_share > 0;
  for (Index c = 0; c < n.grid.size(); ++c)
    if (n.grid.demand_charge_cny_per_kw_month[u(c)] > 0) {
      if (options.drop_demand_charge)
        report.notes.push_back(fmt::format(
            "grid connection \"{}\": demand charge of {} CNY/kW·month left out (PyPSA has no "
            "monthly peak charge), so PyPSA's objective leaves it out too; kept in meta.json, "
            "where parkgrid's import finds it",
            n.grid.name[u(c)], fmt_num(n.grid.demand_charge_cny_per_kw_month[u(c)])));
      else
        diag.add({src, 0, fmt::format("grid connection \"{}\"", n.grid.name[u(c)]),
                  "demand_charge_cny_per_kw_month",
                  fmt_num(n.grid.demand_charge_cny_per_kw_month[u(c)]),
                  "PyPSA has no monthly peak charge: set it to 0, or give --drop-demand-charge "
                  "(Python: drop_demand_charge=True) to export without it"});
    }
  for (std::size_t s = 0; s < n.storage_units.name.size(); ++s)
    if (n.storage_units.max_hours[s] == 0 && n.storage_units.power_mw.extendable[s])
      diag.add({src, 0, fmt::format("storage unit \"{}\"", n.storage_units.name[s]), "extendable",
                "true",
                "with max_hours = 0 (own energy capacity) PyPSA would need two links whose "
                "capacities are tied: fix power_mw, or give max_hours > 0"});
  if (n.policy.min_self_consumption_share > 0)
    diag.add({src, 0, "[policy]", "min_self_consumption_share",
              fmt_num(n.policy.min_self_consumption_share),
              "PyPSA has no such constraint: set it to 0 to export"});
  if (!n.policy.linkage_block_generators.empty())
    diag.add({src, 0, "[paths]", "linkage_shape", fmt::format("\"{}\"", n.paths.linkage_shape),
              "PyPSA has no daily contract curve (rows linkage_block): export the scenario "
              "before its supply arrangement is applied"});
  const std::vector<GroupRow> group_rows = group_constraint_rows(n, src, green, diag);
  for (Index g = 0; g < n.generators.size(); ++g) {
    if (!n.generators.committable(g) || n.unit_commitment.mode == UnitCommitment::Mode::kOff)
      continue;
    const auto& cm = n.generators.commitment;
    const std::string what = fmt::format("generator \"{}\"", n.generators.name[u(g)]);
    const double units = n.generators.capacity_mw.existing[u(g)] / cm.unit_size_mw[u(g)];
    if (n.generators.capacity_mw.extendable[u(g)] || std::abs(units - 1.0) > 1e-9)
      diag.add({src, 0, what, "unit_size_mw", fmt_num(cm.unit_size_mw[u(g)]),
                "PyPSA's committable generator is one unit of fixed p_nom: give each unit its "
                "own generator (capacity_mw = unit_size_mw, not extendable), or export with "
                "--uc off"});
    if (cm.min_stable_efficiency[u(g)] > 0)
      diag.add({src, 0, what, "min_stable_efficiency", fmt_num(cm.min_stable_efficiency[u(g)]),
                "PyPSA has no part-load heat rate (its CO2 follows output only): set it to 0, "
                "or export with --uc off"});
    if (n.generators.retrofittable(g))
      diag.add({src, 0, what, "retrofit_min_stable_pu", fmt_num(cm.retrofit_min_stable_pu[u(g)]),
                "PyPSA has no flexibility retrofit decision: remove the retrofit option (or set "
                "min_stable_pu to the retrofitted value if the units are retrofitted already), "
                "or export with --uc off"});
    if (n.generators.min_pu.any_nonzero(g))
      diag.add({src, 0, what, "min_pu", "(must-run)",
                "PyPSA's p_min_pu of a committable generator is its minimum stable load: a "
                "must-run output cannot be exported with it (export with --uc off)"});
    if (n.snapshots.cycle_snapshots > 0)
      diag.add({src, 0, what, "unit_size_mw", fmt_num(cm.unit_size_mw[u(g)]),
                "typical days wrap the commitment within each day; PyPSA does not: export the "
                "full snapshots"});
  }
  for (Index g = 0; g < n.generators.size(); ++g)
    if (n.generators.extracts_heat(g))
      diag.add({src, 0, fmt::format("generator \"{}\"", n.generators.name[u(g)]), "heat_bus",
                fmt::format("\"{}\"", n.buses.name[u(n.generators.extraction.heat_bus[u(g)])]),
                "PyPSA has no extraction-condensing CHP (PyPSA-Eur adds its c_b/c_v rows in its "
                "own scripts): model the unit as a back-pressure link (to_bus2), or give "
                "--drop-heat-extraction to export it without its heat"});
  for (std::size_t g = 0; g < n.generators.name.size(); ++g)
    if (!n.generators.supplied_via.empty() && n.generators.supplied_via[g] >= 0)
      diag.add(
          {src, 0, fmt::format("generator \"{}\"", n.generators.name[g]), "supplied_via",
           fmt::format("\"{}\"", n.grid.name[u(n.generators.supplied_via[g])]),
           "PyPSA cannot meter a plant through a grid connection: remove supplied_via to export"});
  diag.throw_if_any();
  return group_rows;
}

// A fixed capacity's cells (p_nom given, not extendable, no cost).
std::vector<std::string> fixed_cells(double p_nom) {
  return {fmt_num(p_nom), "False", "0.0", "inf", "0.0", "nan", "nan", "inf", "0.0"};
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> kCapacityColumns{
    "p_nom",          "p_nom_extendable", "p_nom_min", "p_nom_max", "capital_cost",
    "overnight_cost", "discount_rate",    "lifetime",  "fom_cost"};

// The unit-commitment columns of a generator that is not committable: PyPSA's defaults.
const std::vector<std::string> kNotCommittable{"False", "0",   "0",   "0",   "0",  "1",
                                               "0",     "nan", "nan", "nan", "nan"};

std::vector<std::string> generator_columns() {
  return concat(
      concat({"name", "bus", "carrier"}, kCapacityColumns),
      {"efficiency", "marginal_cost", "p_min_pu", "p_max_pu", "committable", "start_up_cost",
       "shut_down_cost", "min_up_time", "min_down_time", "up_time_before", "down_time_before",
       "ramp_limit_up", "ramp_limit_down", "ramp_limit_start_up", "ramp_limit_shut_down"});
}

std::vector<std::string> storage_unit_columns() {
  return concat(concat({"name", "bus", "carrier"}, kCapacityColumns),
                {"max_hours", "efficiency_store", "efficiency_dispatch", "standing_loss",
                 "cyclic_state_of_charge", "state_of_charge_initial", "marginal_cost"});
}

const std::vector<std::string> kStoreColumns{
    "name",         "bus",       "carrier",       "e_nom",          "e_nom_extendable",
    "e_nom_min",    "e_nom_max", "capital_cost",  "overnight_cost", "discount_rate",
    "lifetime",     "fom_cost",  "standing_loss", "e_cyclic",       "e_initial",
    "marginal_cost"};

// Multi-output links: bus2/efficiency2 (and bus3) only when some link has them.
std::array<bool, Links::kExtraOutputs> extra_outputs(const Network& n) {
  std::array<bool, Links::kExtraOutputs> extra{};
  for (int o = 0; o < Links::kExtraOutputs; ++o)
    for (Index k = 0; k < n.links.size(); ++k)
      extra[static_cast<std::size_t>(o)] =
          extra[static_cast<std::size_t>(o)] || n.links.output_bus(o, k) >= 0;
  return extra;
}

std::vector<std::string> link_columns(const std::array<bool, Links::kExtraOutputs>& extra) {
  std::vector<std::string> kh =
      concat(concat({"name", "bus0", "bus1", "carrier"}, kCapacityColumns),
             {"efficiency", "p_min_pu", "p_max_pu", "marginal_cost"});
  for (int o = 0; o < Links::kExtraOutputs; ++o)
    if (extra[static_cast<std::size_t>(o)])
      kh = concat(kh, {fmt::format("bus{}", o + 2), fmt::format("efficiency{}", o + 2)});
  return kh;
}

// One export: the tables of a PyPSA folder filled family by family, then written together.
class PypsaExport {
 public:
  // `report` holds the notes of the checks, made before.
  PypsaExport(const Network& net, const fs::path& dir, const ExportOptions& options,
              ExportReport report)
      : n(net),
        dir_(dir),
        options_(options),
        T(n.snapshot_count()),
        alpha_(n.policy.min_green_share),
        green_(alpha_ > 0),
        kappa_(n.policy.carbon_price_cny_per_t),
        report_(std::move(report)),
        buf_(u(T)),
        extra_out_(extra_outputs(n)),
        links_(link_columns(extra_out_)) {
    for (Index c = 0; c < n.carriers.size(); ++c)
      add_carrier(n.carriers.name[u(c)], n.carriers.co2_t_per_mwh[u(c)],
                  n.carriers.renewable[u(c)] != 0, 0.0);
    for (Index b = 0; b < n.buses.size(); ++b) {
      const Index c = n.buses.carrier[u(b)];
      buses_.row({n.buses.name[u(b)], c >= 0 ? n.carriers.name[u(c)] : "AC"});
    }
  }

  void generators();
  void grid_connections();
  void loads();
  void storage_units();
  void stores();
  void links();
  void global_constraints(const std::vector<GroupRow>& group_rows);
  // Writes every table (carriers last: generators may have added variants) and meta.json.
  ExportReport write();

 private:
  std::string add_carrier(const std::string& name, double co2, bool ren, double gw);
  std::string gen_carrier(Index g);
  std::vector<std::string> cap_cells(const CapacityTable& c, std::size_t i, double scale);
  void write_snapshots() const;
  void write_carriers() const;
  void write_meta() const;

  // -- carriers: PyPSA's primary-energy constraint weighs a generator by carrier attribute /
  // efficiency. The green share gets its own attribute; generators whose weight differs within
  // one carrier (efficiency, electric bus or not) get variants of the carrier.
  struct CarrierOut {
    std::string name;
    double co2;
    bool renewable;
    double green;
  };

  const Network& n;
  const fs::path& dir_;
  const ExportOptions& options_;
  const Index T;
  const double alpha_;
  const bool green_;
  const double kappa_;
  ExportReport report_;
  std::vector<CarrierOut> carriers_;
  std::map<std::string, std::size_t> carrier_index_;
  std::set<std::string> claimed_;
  std::vector<double> buf_;
  const std::array<bool, Links::kExtraOutputs> extra_out_;
  CsvOut buses_{{"name", "carrier"}};
  CsvOut gens_{generator_columns()};
  CsvOut loads_{{"name", "bus"}};
  CsvOut sus_{storage_unit_columns()};
  CsvOut stores_{kStoreColumns};
  CsvOut links_;
  CsvOut gcs_{{"name", "type", "carrier_attribute", "sense", "constant", "bus"}};
  SeriesOut g_mc_, g_min_, g_max_, l_p_, k_eff_, k_min_, k_max_;
  std::array<SeriesOut, Links::kExtraOutputs> k_eff_extra_;
  // What the import needs to read the generators back as one grid connection (meta.json).
  nlohmann::ordered_json meta_grid_ = nlohmann::ordered_json::array();
};

std::string PypsaExport::add_carrier(const std::string& name, double co2, bool ren, double gw) {
  const auto it = carrier_index_.find(name);
  if (it != carrier_index_.end()) return name;
  carrier_index_[name] = carriers_.size();
  carriers_.push_back({name, co2, ren, gw});
  return name;
}

// A generator's carrier, carrying the green weight it needs: the first generator of a carrier
// sets the carrier's weight, later ones with another weight get a variant "carrier~weight".
std::string PypsaExport::gen_carrier(Index g) {
  const Index c = n.generators.carrier[u(g)];
  const std::string& base = n.carriers.name[u(c)];
  if (!green_) return base;
  const bool electric = n.buses.electric[u(n.generators.bus[u(g)])] != 0;
  const bool ren = n.carriers.renewable[u(c)] != 0;
  const double coef = !electric ? 0.0 : (ren ? -(1.0 - alpha_) : alpha_);
  const double gw = coef * n.generators.efficiency[u(g)];
  CarrierOut& b = carriers_[carrier_index_[base]];
  if (!claimed_.contains(base)) {
    claimed_.insert(base);
    b.green = gw;
    return base;
  }
  if (b.green == gw) return base;
  const std::string variant = fmt::format("{}~{}", base, fmt_num(gw));
  return add_carrier(variant, b.co2, b.renewable, gw);
}

// capacity cells: capital_cost is parkgrid's annuity per unit and year, CRF x capex + fixed
// O&M (PyPSA's overnight_cost would be scaled by the modelled share of a year, parkgrid's
// annuities are not); p_nom_min carries parkgrid's max(min, existing).
std::vector<std::string> PypsaExport::cap_cells(const CapacityTable& c, std::size_t i,
                                                double scale) {
  const bool ext = c.extendable[i] != 0;
  const double existing = c.existing[i] * scale;
  report_.objective_offset += c.fixed_om_cny_per_unit_year[i] * c.existing[i];
  return std::vector<std::string>{
      fmt_num(existing),
      ext ? "True" : "False",
      fmt_num(ext ? std::max(c.min[i], c.existing[i]) * scale : 0.0),
      fmt_num(ext ? c.max[i] * scale : kInf),
      fmt_num(annualised_cost(c, static_cast<Index>(i), n.discount_rate) / scale),
      "nan",
      "nan",
      "inf",
      "0.0"};
}

void PypsaExport::generators() {
  const Generators& g = n.generators;
  for (Index i = 0; i < g.size(); ++i) {
    const std::string& name = g.name[u(i)];
    const Index c = g.carrier[u(i)];
    const double phi = n.carriers.co2_t_per_mwh[u(c)] / g.efficiency[u(i)];
    const auto mc = g.marginal_cost_cny_per_mwh.row(i);
    // PyPSA has no delivery charge: it joins the marginal cost (exact for a unit without a
    // part-load heat rate or extracted heat).
    for (Index t = 0; t < T; ++t)
      buf_[u(t)] = mc[u(t)] + kappa_ * phi + delivery_charge_cny_per_mwh(n, i, t);
    std::vector<std::string> row{name, n.buses.name[u(g.bus[u(i)])], gen_carrier(i)};
    row = concat(row, cap_cells(g.capacity_mw, u(i), 1.0));
    const bool com = g.committable(i) && n.unit_commitment.mode != UnitCommitment::Mode::kOff;
    std::vector<double> min_pu(g.min_pu.row(i).begin(), g.min_pu.row(i).end());
    if (com) std::fill(min_pu.begin(), min_pu.end(), g.commitment.min_stable_pu[u(i)]);
    row = concat(row, {fmt_num(g.efficiency[u(i)]), value_or_series(buf_, name, g_mc_),
                       value_or_series(min_pu, name, g_min_),
                       value_or_series(g.availability_pu.row(i), name, g_max_)});
    if (com) {
      const auto& cm = g.commitment;
      const double step = n.snapshots.step_hours;
      const auto limit = [](double v) { return std::isinf(v) ? std::string("nan") : fmt_num(v); };
      row = concat(
          row, {"True", fmt_num(cm.start_up_cost_cny[u(i)]), fmt_num(cm.shut_down_cost_cny[u(i)]),
                fmt::format("{}", std::llround(cm.min_up_time_h[u(i)] / step)),
                fmt::format("{}", std::llround(cm.min_down_time_h[u(i)] / step)),
                fmt::format("{}", std::llround(cm.up_time_before_h[u(i)] / step)),
                fmt::format("{}", std::llround(cm.down_time_before_h[u(i)] / step)),
                limit(cm.ramp_up_pu[u(i)]), limit(cm.ramp_down_pu[u(i)]),
                fmt_num(cm.ramp_start_up_pu[u(i)]), fmt_num(cm.ramp_shut_down_pu[u(i)])});
    } else {
      row = concat(row, kNotCommittable);
    }
    gens_.row(row);
  }
}

// Grid connections: import as a generator at the buy price (its carrier has the connection's
// CO2), export as a generator with p in [-export_max, 0] at the sell price.
void PypsaExport::grid_connections() {
  const GridConnections& gc = n.grid;
  for (Index c = 0; c < gc.size(); ++c) {
    const std::string& name = gc.name[u(c)];
    const std::string bus = n.buses.name[u(gc.bus[u(c)])];
    const auto s = u(c);
    meta_grid_.push_back(
        {{"name", name},
         {"import", gc.import_max_mw[s] > 0 ? nlohmann::ordered_json(name + ".import") : nullptr},
         {"export", gc.export_max_mw[s] > 0 ? nlohmann::ordered_json(name + ".export") : nullptr},
         {"import_max_mw", std::isfinite(gc.import_max_mw[s])
                               ? nlohmann::ordered_json(gc.import_max_mw[s])
                               : nullptr},
         {"export_max_mw", std::isfinite(gc.export_max_mw[s])
                               ? nlohmann::ordered_json(gc.export_max_mw[s])
                               : nullptr},
         {"co2_t_per_mwh", gc.co2_t_per_mwh[s]},
         {"demand_charge_cny_per_kw_month", gc.demand_charge_cny_per_kw_month[s]}});
    const bool electric = n.buses.electric[u(gc.bus[u(c)])] != 0;
    if (gc.import_max_mw[u(c)] > 0) {
      const std::string cname = add_carrier(name + ".import", gc.co2_t_per_mwh[u(c)], false,
                                            green_ && electric ? alpha_ : 0.0);
      double cap = gc.import_max_mw[u(c)];
      if (std::isinf(cap)) {
        cap = options_.unlimited_mw;
        report_.notes.push_back(fmt::format(
            "grid connection \"{}\": import_max_mw = inf exported as p_nom = {} MW", name, cap));
      }
      const auto buy = gc.buy_price_cny_per_mwh.row(c);
      for (Index t = 0; t < T; ++t) buf_[u(t)] = buy[u(t)] + kappa_ * gc.co2_t_per_mwh[u(c)];
      std::vector<std::string> row{name + ".import", bus, cname};
      row = concat(row, fixed_cells(cap));
      row = concat(row, {"1.0", value_or_series(buf_, name + ".import", g_mc_), "0.0", "1.0"});
      row = concat(row, kNotCommittable);
      gens_.row(row);
    }
    if (gc.export_max_mw[u(c)] > 0) {
      const std::string cname =
          add_carrier(name + ".export", 0.0, false, green_ && electric ? -(1.0 - alpha_) : 0.0);
      double cap = gc.export_max_mw[u(c)];
      if (std::isinf(cap)) {
        cap = options_.unlimited_mw;
        report_.notes.push_back(fmt::format(
            "grid connection \"{}\": export_max_mw = inf exported as p_nom = {} MW", name, cap));
      }
      // The export price with the 136号 mechanism settlement folded in (a sell price in PyPSA).
      std::vector<double> sell(u(T));
      for (Index t = 0; t < T; ++t) sell[u(t)] = gc.export_price_cny_per_mwh(c, t);
      std::vector<std::string> row{name + ".export", bus, cname};
      row = concat(row, fixed_cells(cap));
      row = concat(row, {"1.0", value_or_series(sell, name + ".export", g_mc_), "-1.0", "0.0"});
      row = concat(row, kNotCommittable);
      gens_.row(row);
    }
  }
}

void PypsaExport::loads() {
  for (Index l = 0; l < n.loads.size(); ++l) {
    loads_.row({n.loads.name[u(l)], n.buses.name[u(n.loads.bus[u(l)])]});
    l_p_.add(n.loads.name[u(l)], n.loads.demand_mw.row(l));
  }
}

// Storage units with max_hours > 0 as they are; with their own energy capacity: bus + store +
// two links.
void PypsaExport::storage_units() {
  const StorageUnits& su = n.storage_units;
  for (std::size_t s = 0; s < su.name.size(); ++s) {
    const double rho = std::pow(1.0 - su.standing_loss_per_hour[s], n.snapshots.step_hours);
    const std::string carrier = su.carrier[s] >= 0 ? n.carriers.name[u(su.carrier[s])] : "";
    const std::string bus = n.buses.name[u(su.bus[s])];
    if (su.max_hours[s] > 0) {
      std::vector<std::string> row{su.name[s], bus, carrier};
      row = concat(row, cap_cells(su.power_mw, s, 1.0));
      row = concat(row, {fmt_num(su.max_hours[s]), fmt_num(su.efficiency_charge[s]),
                         fmt_num(su.efficiency_discharge[s]), fmt_num(su.standing_loss_per_hour[s]),
                         su.cyclic[s] ? "True" : "False",
                         fmt_num(su.cyclic[s] ? 0.0 : rho * su.initial_soc_mwh[s]),
                         fmt_num(su.marginal_cost_cny_per_mwh[s])});
      sus_.row(row);
      continue;
    }
    // own energy capacity, fixed power P: store on a bus of its own, charge link (input <= P,
    // efficiency eta_c), discharge link (input <= P / eta_d so that its output is <= P).
    const std::string sbus = su.name[s] + ".energy";
    const std::string bcar = add_carrier(carrier.empty() ? "storage" : carrier, 0.0, false, 0.0);
    buses_.row({sbus, bcar});
    const CapacityTable& e = su.energy_mwh;
    std::vector<std::string> st{su.name[s], sbus, bcar};
    const bool ext = e.extendable[s] != 0;
    report_.objective_offset += e.fixed_om_cny_per_unit_year[s] * e.existing[s];
    st = concat(
        st, {fmt_num(e.existing[s]), ext ? "True" : "False",
             fmt_num(ext ? std::max(e.min[s], e.existing[s]) : 0.0), fmt_num(ext ? e.max[s] : kInf),
             fmt_num(parkgrid::annuity(e.capex_cny_per_unit[s], n.discount_rate,
                                       su.power_mw.lifetime_years[s]) +
                     e.fixed_om_cny_per_unit_year[s]),
             "nan", "nan", "inf", "0.0", fmt_num(su.standing_loss_per_hour[s]),
             su.cyclic[s] ? "True" : "False",
             fmt_num(su.cyclic[s] ? 0.0 : rho * su.initial_soc_mwh[s]), "0.0"});
    stores_.row(st);
    const double P = su.power_mw.existing[s];
    const double ed = su.efficiency_discharge[s];
    report_.objective_offset += su.power_mw.fixed_om_cny_per_unit_year[s] * P;
    std::vector<std::string> ch{su.name[s] + ".charge", bus, sbus, bcar};
    ch = concat(ch, fixed_cells(P));
    ch = concat(ch, {fmt_num(su.efficiency_charge[s]), "0.0", "1.0", "0.0"});
    links_.row(ch);
    std::vector<std::string> dis{su.name[s] + ".discharge", sbus, bus, bcar};
    dis = concat(dis, fixed_cells(P / ed));
    dis = concat(dis, {fmt_num(ed), "0.0", "1.0", fmt_num(su.marginal_cost_cny_per_mwh[s] * ed)});
    links_.row(dis);
    report_.notes.push_back(fmt::format(
        "storage unit \"{}\" (max_hours = 0): store \"{}\" on bus \"{}\" with links \"{}.charge\" "
        "and \"{}.discharge\"",
        su.name[s], su.name[s], sbus, su.name[s], su.name[s]));
  }
}

void PypsaExport::stores() {
  const Stores& sto = n.stores;
  for (std::size_t j = 0; j < sto.name.size(); ++j) {
    const double rho = std::pow(1.0 - sto.standing_loss_per_hour[j], n.snapshots.step_hours);
    std::vector<std::string> st{sto.name[j], n.buses.name[u(sto.bus[j])],
                                sto.carrier[j] >= 0 ? n.carriers.name[u(sto.carrier[j])] : ""};
    auto cells = cap_cells(sto.energy_mwh, j, 1.0);
    st = concat(st, cells);
    st = concat(st, {fmt_num(sto.standing_loss_per_hour[j]), sto.cyclic[j] ? "True" : "False",
                     fmt_num(sto.cyclic[j] ? 0.0 : rho * sto.initial_energy_mwh[j]),
                     fmt_num(sto.marginal_cost_cny_per_mwh[j])});
    stores_.row(st);
  }
}

void PypsaExport::links() {
  const Links& lk = n.links;
  for (Index k = 0; k < lk.size(); ++k) {
    const std::string& name = lk.name[u(k)];
    std::vector<std::string> row{name, n.buses.name[u(lk.from_bus[u(k)])],
                                 n.buses.name[u(lk.to_bus[u(k)])],
                                 lk.carrier[u(k)] >= 0 ? n.carriers.name[u(lk.carrier[u(k)])] : ""};
    row = concat(row, cap_cells(lk.capacity_mw, u(k), 1.0));
    row = concat(row, {value_or_series(lk.efficiency.row(k), name, k_eff_),
                       value_or_series(lk.min_pu.row(k), name, k_min_),
                       value_or_series(lk.max_pu.row(k), name, k_max_),
                       fmt_num(lk.marginal_cost_cny_per_mwh[u(k)])});
    for (int o = 0; o < Links::kExtraOutputs; ++o) {
      if (!extra_out_[u(o)]) continue;
      const Index b = lk.output_bus(o, k);
      if (b < 0) {
        row = concat(row, {"", "1.0"});
        continue;
      }
      row = concat(row, {n.buses.name[u(b)], value_or_series(lk.extra_efficiency[u(o)].row(k), name,
                                                             k_eff_extra_[u(o)])});
    }
    links_.row(row);
  }
}

void PypsaExport::global_constraints(const std::vector<GroupRow>& group_rows) {
  if (std::isfinite(n.policy.co2_cap_t)) {
    gcs_.row({"co2_cap", "primary_energy", "co2_emissions", "<=", fmt_num(n.policy.co2_cap_t), ""});
  }
  for (const GroupRow& r : group_rows)
    gcs_.row({r.name, r.type, r.carrier, r.sense, fmt_num(r.constant), r.bus});
  if (green_) {
    gcs_.row({"green_share", "primary_energy", "parkgrid_green_weight", "<=", "0.0", ""});
    report_.notes.push_back(fmt::format(
        "min_green_share = {}: GlobalConstraint \"green_share\" on the carrier attribute "
        "parkgrid_green_weight (renewable generators -(1-a) x efficiency, other generators and "
        "imports a x efficiency, exports -(1-a), at electric buses)",
        fmt_num(alpha_)));
  }
}

void PypsaExport::write_snapshots() const {
  CsvOut s({"", "snapshot", "objective", "stores", "generators"});
  for (Index t = 0; t < T; ++t)
    s.row({std::to_string(t), pytime(n.snapshots.time_of(t)),
           fmt_num(n.snapshots.weight_hours[u(t)]), fmt_num(n.snapshots.step_hours),
           fmt_num(n.snapshots.weight_hours[u(t)])});
  s.write(dir_ / "snapshots.csv");
  CsvOut net({"name", "_multi_invest", "pypsa_version"});
  net.row({n.name, "0", "1.4.0"});
  net.write(dir_ / "network.csv");
}

void PypsaExport::write_carriers() const {
  std::vector<std::string> carrier_cols{"name", "co2_emissions", "renewable"};
  if (green_) carrier_cols.emplace_back("parkgrid_green_weight");
  // parkgrid's heat flag, when a carrier has it and its name would not say so on import.
  bool heat_col = false;
  for (Index c = 0; c < n.carriers.size(); ++c)
    heat_col = heat_col || (c < static_cast<Index>(n.carriers.heat.size()) &&
                            n.carriers.heat[u(c)] != 0 && !known_heat(n.carriers.name[u(c)]));
  if (heat_col) carrier_cols.emplace_back("heat");
  CsvOut cs(carrier_cols);
  for (const auto& c : carriers_) {
    std::vector<std::string> row{c.name, fmt_num(c.co2), c.renewable ? "True" : "False"};
    if (green_) row.push_back(fmt_num(c.green));
    if (heat_col) {
      const auto it = std::find(n.carriers.name.begin(), n.carriers.name.end(), c.name);
      const auto k = static_cast<std::size_t>(it - n.carriers.name.begin());
      row.emplace_back(it != n.carriers.name.end() && k < n.carriers.heat.size() &&
                               n.carriers.heat[k] != 0
                           ? "True"
                           : "False");
    }
    cs.row(row);
  }
  cs.write(dir_ / "carriers.csv");
}

// parkgrid's own notes for its import: the grid connections (PyPSA sees generators) and the
// green-share target (PyPSA sees a constraint on a carrier attribute). PyPSA keeps meta.json
// through its own import and export (n.meta).
void PypsaExport::write_meta() const {
  nlohmann::ordered_json pg;
  pg["objective_offset"] = report_.objective_offset;
  pg["source"] = n.name;
  pg["grid_connections"] = meta_grid_;
  if (green_) pg["min_green_share"] = alpha_;
  if (kappa_ != 0) pg["carbon_price_in_marginal_costs_cny_per_t"] = kappa_;
  std::ofstream f(dir_ / "meta.json", std::ios::binary);
  f << nlohmann::ordered_json{{"parkgrid", pg}}.dump() << "\n";
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", (dir_ / "meta.json").string()));
}

ExportReport PypsaExport::write() {
  write_snapshots();
  write_carriers();
  buses_.write(dir_ / "buses.csv");
  if (!gens_.empty()) gens_.write(dir_ / "generators.csv");
  g_mc_.write(dir_ / "generators-marginal_cost.csv", T);
  g_min_.write(dir_ / "generators-p_min_pu.csv", T);
  g_max_.write(dir_ / "generators-p_max_pu.csv", T);
  if (!loads_.empty()) loads_.write(dir_ / "loads.csv");
  l_p_.write(dir_ / "loads-p_set.csv", T);
  if (!sus_.empty()) sus_.write(dir_ / "storage_units.csv");
  if (!stores_.empty()) stores_.write(dir_ / "stores.csv");
  if (!links_.empty()) links_.write(dir_ / "links.csv");
  k_eff_.write(dir_ / "links-efficiency.csv", T);
  k_min_.write(dir_ / "links-p_min_pu.csv", T);
  k_max_.write(dir_ / "links-p_max_pu.csv", T);
  for (int o = 0; o < Links::kExtraOutputs; ++o)
    k_eff_extra_[u(o)].write(dir_ / fmt::format("links-efficiency{}.csv", o + 2), T);
  if (!gcs_.empty()) gcs_.write(dir_ / "global_constraints.csv");
  write_meta();
  return report_;
}

}  // namespace

ExportReport write_pypsa(const Network& n, const fs::path& dir, const ExportOptions& options) {
  ExportReport report;
  const std::vector<GroupRow> group_rows = check_exportable(n, options, report);
  fs::create_directories(dir);
  // Remove the CSVs of an earlier export so that no stale series file remains.
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".csv") fs::remove(e.path());
  PypsaExport x(n, dir, options, std::move(report));
  x.generators();
  x.grid_connections();
  x.loads();
  x.storage_units();
  x.stores();
  x.links();
  x.global_constraints(group_rows);
  return x.write();
}

// ---- scenario folder -----------------------------------------------------------------------

namespace {

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + "\"";
}

// The varying series of a scenario, one CSV column each (identical series share a column).
class Profiles {
 public:
  std::string value(std::span<const double> v, const std::string& name) {
    if (v.empty() || constant(v)) return fmt_num(v.empty() ? 0.0 : v.front());
    for (std::size_t i = 0; i < cols_.size(); ++i)
      if (std::equal(cols_[i].begin(), cols_[i].end(), v.begin(), v.end())) return ref(names_[i]);
    std::string unique = name;
    for (int k = 2; std::find(names_.begin(), names_.end(), unique) != names_.end(); ++k)
      unique = fmt::format("{}#{}", name, k);
    names_.push_back(unique);
    cols_.push_back(v);
    return ref(unique);
  }
  void write(const fs::path& file, const Snapshots& s) const {
    if (cols_.empty()) return;
    write_columns(file, "snapshot", names_, cols_, static_cast<std::size_t>(s.count),
                  [&](std::size_t t) { return s.label(static_cast<Index>(t)); });
  }

 private:
  static std::string ref(const std::string& n) {
    return fmt::format("{{ file = \"profiles.csv\", column = {} }}", toml_string(n));
  }
  std::vector<std::string> names_;
  std::vector<std::span<const double>> cols_;
};

class Toml {
 public:
  explicit Toml(Profiles& p) : p_(p) {}
  void section(std::string_view n) { out_ += fmt::format("\n[{}]\n", n); }
  void entry(std::string_view n) { out_ += fmt::format("\n[[{}]]\n", n); }
  void text(std::string_view k, std::string_view v) {
    out_ += fmt::format("{} = {}\n", k, toml_string(v));
  }
  void num(std::string_view k, double v) { out_ += fmt::format("{} = {}\n", k, fmt_num(v)); }
  void flag(std::string_view k, bool v) { out_ += fmt::format("{} = {}\n", k, v); }
  void series(std::string_view k, std::span<const double> v, const std::string& owner) {
    out_ += fmt::format("{} = {}\n", k, p_.value(v, fmt::format("{}.{}", owner, k)));
  }
  void capacity(const CapacityTable& c, std::size_t i, std::string_view prefix,
                std::string_view unit, std::string_view ext_key, bool lifetime = true) {
    num(prefix, c.existing[i]);
    flag(ext_key, c.extendable[i] != 0);
    num(fmt::format("min_{}", prefix), c.min[i]);
    num(fmt::format("max_{}", prefix), c.max[i]);
    num(fmt::format("capex_cny_per_{}", unit), c.capex_cny_per_unit[i]);
    if (lifetime) num("lifetime_years", c.lifetime_years[i]);
    num(fmt::format("fixed_om_cny_per_{}_year", unit), c.fixed_om_cny_per_unit_year[i]);
  }
  void raw(std::string_view s) { out_ += s; }
  [[nodiscard]] const std::string& str() const { return out_; }

 private:
  Profiles& p_;
  std::string out_;
};

// A network as scenario.toml text and its profiles: one method per section or family, in the
// order the reader reads them.
class ScenarioWriter {
 public:
  ScenarioWriter(const Network& net, Profiles& profiles) : n(net), w(profiles) {}
  void header();  // [scenario], [snapshots], carriers and buses
  void generators();
  void loads();
  void storage();  // storage units and stores
  void links();
  void grid_connections();
  void policy();  // [unit_commitment] and [policy]
  void group_constraints();
  [[nodiscard]] const std::string& str() const { return w.str(); }

 private:
  const std::string& bus(Index b) const { return n.buses.name[u(b)]; }
  void carrier(std::string_view key, Index c) {
    if (c >= 0) w.text(key, n.carriers.name[u(c)]);
  }
  // The series of entry `i` of `section`: every one for_each_series lists (the projects are
  // written as the loads they appear as).
  void series_of(std::string_view section, Index i, const std::string& owner) {
    for_each_series(n, [&](const SeriesField& f, const TimeSeries& series) {
      if (f.section == section) w.series(f.field, series.row(i), owner);
    });
  }

  const Network& n;
  Toml w;
};

void ScenarioWriter::header() {
  w.raw(fmt::format("# Written by parkgrid {} from {}.\n", PARKGRID_VERSION,
                    n.source.empty() ? n.name : n.source));
  w.section("scenario");
  w.text("name", n.name);
  w.text("description", n.description);
  w.num("discount_rate", n.discount_rate);
  const Snapshots& s = n.snapshots;
  w.section("snapshots");
  w.text("start", s.start.iso());
  w.raw(fmt::format("count = {}\n", s.count));
  w.num("step_hours", s.step_hours);
  w.series("weight_hours", s.weight_hours, "snapshots");
  for (Index c = 0; c < n.carriers.size(); ++c) {
    w.entry("carriers");
    w.text("name", n.carriers.name[u(c)]);
    w.num("co2_t_per_mwh", n.carriers.co2_t_per_mwh[u(c)]);
    w.flag("renewable", n.carriers.renewable[u(c)] != 0);
    if (u(c) < n.carriers.heat.size() && n.carriers.heat[u(c)]) w.flag("heat", true);
  }
  for (Index b = 0; b < n.buses.size(); ++b) {
    w.entry("buses");
    w.text("name", n.buses.name[u(b)]);
    carrier("carrier", n.buses.carrier[u(b)]);
  }
}

void ScenarioWriter::generators() {
  const Generators& g = n.generators;
  for (Index i = 0; i < g.size(); ++i) {
    const std::string& nm = g.name[u(i)];
    w.entry("generators");
    w.text("name", nm);
    w.text("bus", bus(g.bus[u(i)]));
    carrier("carrier", g.carrier[u(i)]);
    w.capacity(g.capacity_mw, u(i), "capacity_mw", "mw", "extendable");
    w.num("efficiency", g.efficiency[u(i)]);
    series_of("generators", i, nm);
    if (g.extracts_heat(i)) {
      w.text("heat_bus", bus(g.extraction.heat_bus[u(i)]));
      w.num("power_loss_ratio", g.extraction.power_loss_ratio[u(i)]);
      w.num("back_pressure_ratio", g.extraction.back_pressure_ratio[u(i)]);
      if (const double m = g.min_condensing_pu(i); m > 0.0) w.num("min_condensing_pu", m);
    }
    if (!g.committable(i)) continue;
    const auto& cm = g.commitment;
    const std::pair<const char*, const std::vector<double>*> fields[] = {
        {"unit_size_mw", &cm.unit_size_mw},
        {"min_stable_pu", &cm.min_stable_pu},
        {"start_up_cost_cny", &cm.start_up_cost_cny},
        {"shut_down_cost_cny", &cm.shut_down_cost_cny},
        {"min_up_time_h", &cm.min_up_time_h},
        {"min_down_time_h", &cm.min_down_time_h},
        {"ramp_up_pu", &cm.ramp_up_pu},
        {"ramp_down_pu", &cm.ramp_down_pu},
        {"ramp_start_up_pu", &cm.ramp_start_up_pu},
        {"ramp_shut_down_pu", &cm.ramp_shut_down_pu},
        {"up_time_before_h", &cm.up_time_before_h},
        {"down_time_before_h", &cm.down_time_before_h},
        {"min_stable_efficiency", &cm.min_stable_efficiency}};
    for (const auto& [key, values] : fields) w.num(key, (*values)[u(i)]);
    if (g.retrofittable(i)) {
      w.num("retrofit_min_stable_pu", cm.retrofit_min_stable_pu[u(i)]);
      w.num("retrofit_capex_cny_per_kw", cm.retrofit_capex_cny_per_kw[u(i)]);
      w.num("retrofit_lifetime_years", cm.retrofit_lifetime_years[u(i)]);
    }
  }
}

void ScenarioWriter::loads() {
  for (Index i = 0; i < n.loads.size(); ++i) {
    w.entry("loads");
    w.text("name", n.loads.name[u(i)]);
    w.text("bus", bus(n.loads.bus[u(i)]));
    series_of("loads", i, n.loads.name[u(i)]);
  }
}

void ScenarioWriter::storage() {
  const StorageUnits& su = n.storage_units;
  for (std::size_t k = 0; k < su.name.size(); ++k) {
    w.entry("storage_units");
    w.text("name", su.name[k]);
    w.text("bus", bus(su.bus[k]));
    carrier("carrier", su.carrier[k]);
    w.capacity(su.power_mw, k, "power_mw", "mw", "extendable");
    w.num("max_hours", su.max_hours[k]);
    if (su.max_hours[k] == 0)
      w.capacity(su.energy_mwh, k, "energy_mwh", "mwh", "energy_extendable", false);
    w.num("efficiency_charge", su.efficiency_charge[k]);
    w.num("efficiency_discharge", su.efficiency_discharge[k]);
    w.num("standing_loss_per_hour", su.standing_loss_per_hour[k]);
    w.flag("cyclic", su.cyclic[k] != 0);
    w.num("initial_soc_mwh", su.initial_soc_mwh[k]);
    w.num("marginal_cost_cny_per_mwh", su.marginal_cost_cny_per_mwh[k]);
  }
  const Stores& st = n.stores;
  for (std::size_t k = 0; k < st.name.size(); ++k) {
    w.entry("stores");
    w.text("name", st.name[k]);
    w.text("bus", bus(st.bus[k]));
    carrier("carrier", st.carrier[k]);
    w.capacity(st.energy_mwh, k, "energy_mwh", "mwh", "extendable");
    w.num("standing_loss_per_hour", st.standing_loss_per_hour[k]);
    w.flag("cyclic", st.cyclic[k] != 0);
    w.num("initial_energy_mwh", st.initial_energy_mwh[k]);
    w.num("marginal_cost_cny_per_mwh", st.marginal_cost_cny_per_mwh[k]);
  }
}

void ScenarioWriter::links() {
  const Links& lk = n.links;
  for (Index i = 0; i < lk.size(); ++i) {
    const std::string& nm = lk.name[u(i)];
    w.entry("links");
    w.text("name", nm);
    w.text("from_bus", bus(lk.from_bus[u(i)]));
    w.text("to_bus", bus(lk.to_bus[u(i)]));
    carrier("carrier", lk.carrier[u(i)]);
    w.capacity(lk.capacity_mw, u(i), "capacity_mw", "mw", "extendable");
    // A further output's bus, and its efficiency only where that output exists.
    for (int o = 0; o < Links::kExtraOutputs; ++o)
      if (const Index b = lk.output_bus(o, i); b >= 0)
        w.text(fmt::format("to_bus{}", o + 2), bus(b));
    for_each_series(n, [&](const SeriesField& f, const TimeSeries& series) {
      if (f.section != "links") return;
      for (int o = 0; o < Links::kExtraOutputs; ++o)
        if (f.field == fmt::format("efficiency{}", o + 2) && lk.output_bus(o, i) < 0) return;
      w.series(f.field, series.row(i), nm);
    });
    w.num("marginal_cost_cny_per_mwh", lk.marginal_cost_cny_per_mwh[u(i)]);
  }
}

void ScenarioWriter::grid_connections() {
  const GridConnections& gc = n.grid;
  for (Index i = 0; i < gc.size(); ++i) {
    const std::string& nm = gc.name[u(i)];
    w.entry("grid_connections");
    w.text("name", nm);
    w.text("bus", bus(gc.bus[u(i)]));
    w.num("import_max_mw", gc.import_max_mw[u(i)]);
    w.num("export_max_mw", gc.export_max_mw[u(i)]);
    // tariff_files are written as the buy price they give (the year of the snapshots); the 136号
    // mechanism only where a share is declared.
    const bool mechanism = u(i) < gc.mechanism_share.size() && gc.mechanism_share[u(i)] > 0.0;
    if (mechanism) {
      w.num("mechanism_price_cny_per_mwh", gc.mechanism_price_cny_per_mwh[u(i)]);
      w.num("mechanism_share", gc.mechanism_share[u(i)]);
    }
    for_each_series(n, [&](const SeriesField& f, const TimeSeries& series) {
      if (f.section != "grid_connections") return;
      if (f.field == "mechanism_reference_price_cny_per_mwh" && !mechanism) return;
      if (f.field == "market_price_cny_per_mwh" &&
          std::ranges::equal(series.row(i), gc.sell_price_cny_per_mwh.row(i)))
        return;  // the default, the sell price
      if (f.field == "delivery_charge_cny_per_mwh" && !series.any_nonzero(i)) return;
      w.series(f.field, series.row(i), nm);
    });
    w.num("demand_charge_cny_per_kw_month", gc.demand_charge_cny_per_kw_month[u(i)]);
    w.num("co2_t_per_mwh", gc.co2_t_per_mwh[u(i)]);
  }
}

void ScenarioWriter::policy() {
  w.section("unit_commitment");
  w.text("mode", uc_mode_name(n.unit_commitment.mode));
  w.section("policy");
  w.num("co2_cap_t", n.policy.co2_cap_t);
  w.num("min_green_share", n.policy.min_green_share);
  w.flag("no_reverse_flow", n.policy.no_reverse_flow);
  w.num("carbon_price_cny_per_t", n.policy.carbon_price_cny_per_t);
  w.num("min_self_consumption_share", n.policy.min_self_consumption_share);
}

void ScenarioWriter::group_constraints() {
  // Group constraints: the carriers a group named were resolved to their generators when read,
  // so each sum is written as the names of its components.
  const auto member_names = [&](const GroupSum& sum) {
    std::vector<std::string> names;
    for (const ComponentRef& r : sum.members) {
      const auto i = u(r.index);
      switch (r.family) {
        case Family::kGenerator: names.push_back(toml_string(n.generators.name[i])); break;
        case Family::kStorageUnit: names.push_back(toml_string(n.storage_units.name[i])); break;
        case Family::kStore: names.push_back(toml_string(n.stores.name[i])); break;
        case Family::kLink: names.push_back(toml_string(n.links.name[i])); break;
        case Family::kGrid: names.push_back(toml_string(n.grid.name[i])); break;
        case Family::kLoad: names.push_back(toml_string(n.loads.name[i])); break;
      }
    }
    return fmt::format("[{}]", fmt::join(names, ", "));
  };
  const GroupConstraints& groups = n.group_constraints;
  for (Index k = 0; k < groups.size(); ++k) {
    w.entry("group_constraints");
    w.text("name", groups.name[u(k)]);
    w.text("quantity", group_quantity_name(groups.sum[u(k)].quantity));
    w.raw(fmt::format("components = {}\n", member_names(groups.sum[u(k)])));
    w.text("sense", sense_text(groups.sense[u(k)]));
    if (std::isnan(groups.share[u(k)])) {
      w.num("value", groups.value[u(k)]);
    } else {
      w.num("share", groups.share[u(k)]);
      w.text("of_quantity", group_quantity_name(groups.of[u(k)].quantity));
      w.raw(fmt::format("of_components = {}\n", member_names(groups.of[u(k)])));
    }
    if (!groups.source[u(k)].empty()) w.text("source", groups.source[u(k)]);
  }
}

}  // namespace

void write_scenario_folder(const Network& n, const fs::path& dir) {
  fs::create_directories(dir);
  Profiles profiles;
  ScenarioWriter sw(n, profiles);
  sw.header();
  sw.generators();
  sw.loads();
  sw.storage();
  sw.links();
  sw.grid_connections();
  sw.policy();
  sw.group_constraints();
  const fs::path csv = dir / "profiles.csv";
  if (fs::exists(csv)) fs::remove(csv);
  profiles.write(csv, n.snapshots);
  std::ofstream f(dir / "scenario.toml", std::ios::binary);
  f << sw.str();
  if (!f)
    throw std::runtime_error(fmt::format("cannot write {}", (dir / "scenario.toml").string()));
}

}  // namespace parkgrid::io
