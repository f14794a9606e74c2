// Reading a tariff file (TOML, format in docs/tariffs.md). Every section's fields are listed once
// (kSections below): unknown fields get a "did you mean", numbers are checked against their rule,
// and every problem is collected before one InputError is thrown. The time-of-use checks (every
// month in exactly one season, every hour of a season in exactly one period) name the hours and
// months at fault and the lines where they were written.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

#include "parkgrid/tariff.hpp"

namespace parkgrid::tariff {

const VoltageLevel* Tariff::voltage(std::string_view level) const {
  for (const auto& v : voltage_levels)
    if (v.name == level) return &v;
  return nullptr;
}

const Period* Tariff::period(std::string_view period_name) const {
  for (const auto& p : periods)
    if (p.name == period_name) return &p;
  return nullptr;
}

namespace {

enum class Kind { kText, kNumber, kFlag, kMonths, kHours };
enum class Rule { kNone, kNonNegative, kPositive };

struct FieldSpec {
  std::string_view name;
  Kind kind;
  bool required = false;
  Rule rule = Rule::kNone;
};

struct SectionSpec {
  std::string_view name;  // as written in the file: "charges", "voltage_levels", ...
  std::vector<FieldSpec> fields;
};

// The format, section by section; docs/tariffs.md describes each field.
const std::vector<SectionSpec>& sections() {
  static const std::vector<SectionSpec> kSections = {
      {"tariff",
       {{"name", Kind::kText, true}, {"valid_from", Kind::kText}, {"description", Kind::kText}}},
      {"charges",
       {{"energy_price_cny_per_mwh", Kind::kNumber, true, Rule::kNonNegative},
        {"line_loss_cny_per_mwh", Kind::kNumber, false, Rule::kNonNegative},
        {"system_operation_cny_per_mwh", Kind::kNumber, false, Rule::kNonNegative},
        {"government_funds_cny_per_mwh", Kind::kNumber, false, Rule::kNonNegative}}},
      {"floating",
       {{"energy", Kind::kFlag},
        {"transmission", Kind::kFlag},
        {"line_loss", Kind::kFlag},
        {"system_operation", Kind::kFlag}}},
      {"voltage_levels",
       {{"name", Kind::kText, true},
        {"transmission_cny_per_mwh", Kind::kNumber, true, Rule::kNonNegative},
        {"demand_charge_cny_per_kw_month", Kind::kNumber, false, Rule::kNonNegative},
        {"capacity_charge_cny_per_kva_month", Kind::kNumber, false, Rule::kNonNegative}}},
      {"periods", {{"name", Kind::kText, true}, {"ratio", Kind::kNumber, true, Rule::kPositive}}},
      {"seasons",
       {{"name", Kind::kText, true},
        {"months", Kind::kMonths, true},
        {"hours", Kind::kHours, true}}},
      {"market",
       {{"export_price_cny_per_mwh", Kind::kNumber, false, Rule::kNonNegative},
        {"green_certificate_cny_per_mwh", Kind::kNumber, false, Rule::kNonNegative},
        {"green_power_premium_cny_per_mwh", Kind::kNumber, false, Rule::kNonNegative},
        {"carbon_price_cny_per_t", Kind::kNumber, false, Rule::kNonNegative}}},
  };
  return kSections;
}

const SectionSpec& section(std::string_view name) {
  for (const auto& s : sections())
    if (s.name == name) return s;
  throw std::logic_error(fmt::format("tariff format has no section {}", name));
}

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

std::string show(const toml::node& n) {
  if (auto s = n.as_string()) return fmt::format("\"{}\"", s->get());
  if (auto i = n.as_integer()) return fmt::format("{}", i->get());
  if (auto d = n.as_floating_point()) return fmt::format("{}", d->get());
  if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
  if (n.is_table()) return "{...}";
  if (n.is_array()) return "[...]";
  std::ostringstream os;
  if (auto d = n.as_date()) os << *d;
  if (auto t = n.as_time()) os << *t;
  if (auto dt = n.as_date_time()) os << *dt;
  return os.str();
}

std::string rule_text(Rule rule) {
  switch (rule) {
    case Rule::kNonNegative: return "must be a finite number >= 0";
    case Rule::kPositive: return "must be a finite number > 0";
    case Rule::kNone: break;
  }
  return "must be a finite number";
}

bool satisfies(Rule rule, double v) {
  if (!std::isfinite(v)) return false;
  switch (rule) {
    case Rule::kNonNegative: return v >= 0;
    case Rule::kPositive: return v > 0;
    case Rule::kNone: break;
  }
  return true;
}

// "5", "5, 6" or "5, 6, 7": a list of hours or months for a message.
std::string list(const std::vector<int>& values) {
  std::string out;
  for (int v : values) out += fmt::format("{}{}", out.empty() ? "" : ", ", v);
  return out;
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  void add(int line, std::string where, std::string field, std::string value,
           std::string expected) {
    diag_.add(
        {file_, line, std::move(where), std::move(field), std::move(value), std::move(expected)});
  }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const Diagnostics& diagnostics() const { return diag_; }

 private:
  std::string file_;
  Diagnostics diag_;
};

// One TOML table read field by field against its section's spec.
class Entry {
 public:
  Entry(Reader& r, const SectionSpec& spec, const toml::table& tbl, std::string where)
      : r_(r), spec_(spec), tbl_(tbl), where_(std::move(where)) {
    check_unknown_fields();
  }

  [[nodiscard]] const std::string& where() const { return where_; }
  [[nodiscard]] int line() const { return line_of(tbl_); }
  [[nodiscard]] const toml::table& table() const { return tbl_; }

  double number(std::string_view name, double fallback = 0.0) {
    const FieldSpec& f = field(name);
    const toml::node* n = tbl_.get(name);
    if (!n) {
      missing(f);
      return fallback;
    }
    const auto v = n->value<double>();
    if (!n->is_number() || !v) {
      error(f, *n, "expected a number");
      return fallback;
    }
    if (!satisfies(f.rule, *v)) {
      error(f, *n, rule_text(f.rule));
      return fallback;
    }
    return *v;
  }

  bool flag(std::string_view name, bool fallback) {
    const FieldSpec& f = field(name);
    const toml::node* n = tbl_.get(name);
    if (!n) return fallback;
    if (!n->is_boolean()) {
      error(f, *n, "expected true or false");
      return fallback;
    }
    return n->as_boolean()->get();
  }

  std::string text(std::string_view name) {
    const FieldSpec& f = field(name);
    const toml::node* n = tbl_.get(name);
    if (!n) {
      missing(f);
      return {};
    }
    if (!n->is_string()) {
      error(f, *n, "expected text in quotes");
      return {};
    }
    std::string s = n->as_string()->get();
    if (s.empty() && f.required) error(f, *n, "must not be empty");
    return s;
  }

  // Reports a required field that is absent; returns whether it was required.
  bool missing(const FieldSpec& f) {
    if (!f.required) return false;
    r_.add(line(), where_, std::string(f.name), "", "is required");
    return true;
  }

  const FieldSpec& field(std::string_view name) const {
    for (const auto& f : spec_.fields)
      if (f.name == name) return f;
    throw std::logic_error(fmt::format("tariff section {} has no field {}", spec_.name, name));
  }

  void error(const FieldSpec& f, const toml::node& n, std::string expected) {
    r_.add(line_of(n), where_, std::string(f.name), show(n), std::move(expected));
  }

 private:
  void check_unknown_fields() {
    std::vector<std::string> known;
    for (const auto& f : spec_.fields) known.emplace_back(f.name);
    for (auto&& [key, node] : tbl_) {
      const std::string k(key.str());
      bool found = false;
      for (const auto& f : spec_.fields) found = found || f.name == k;
      if (found) continue;
      if (spec_.name == "floating" && k == "government_funds") {
        r_.add(line_of(node), where_, k, show(node),
               "government funds never float with time of use (政府性基金及附加不参与峰谷浮动)");
        continue;
      }
      const std::string hint = did_you_mean(k, known);
      r_.add(line_of(node), where_, k, "",
             hint.empty() ? fmt::format("unknown field of [{}]; known: {}", spec_.name,
                                        fmt::join(known, ", "))
                          : fmt::format("unknown field; did you mean \"{}\"?", hint));
    }
  }

  Reader& r_;
  const SectionSpec& spec_;
  const toml::table& tbl_;
  std::string where_;
};

// `name = "x"` of an array entry, for the `where` of its messages: `voltage level "220kv"`, or
// `voltage level #2` when it has no usable name.
std::string entry_label(std::string_view what, const toml::table& t, std::size_t index) {
  if (auto n = t.get("name"); n && n->is_string() && !n->as_string()->get().empty())
    return fmt::format("{} \"{}\"", what, n->as_string()->get());
  return fmt::format("{} #{}", what, index + 1);
}

// The array of tables `key` (e.g. [[voltage_levels]]); nullptr and a diagnostic if it is
// something else.
const toml::array* table_array(Reader& r, const toml::table& root, std::string_view key) {
  const toml::node* n = root.get(key);
  if (!n) return nullptr;
  const toml::array* a = n->as_array();
  if (!a || !a->is_array_of_tables()) {
    r.add(line_of(*n), "", std::string(key), show(*n),
          fmt::format("expected one or more [[{}]] tables", key));
    return nullptr;
  }
  return a;
}

const toml::table* single_table(Reader& r, const toml::table& root, std::string_view key) {
  const toml::node* n = root.get(key);
  if (!n) return nullptr;
  if (!n->is_table()) {
    r.add(line_of(*n), "", std::string(key), show(*n), fmt::format("expected a [{}] table", key));
    return nullptr;
  }
  return n->as_table();
}

// Checks that `name` was not used by an earlier entry of the same array.
void check_unique(Reader& r, std::map<std::string, int>& seen, const Entry& e,
                  const std::string& name, std::string_view what) {
  if (name.empty()) return;
  const toml::node* n = e.table().get("name");
  const int line = n ? line_of(*n) : e.line();
  if (auto [it, inserted] = seen.emplace(name, line); !inserted) {
    r.add(
        line, e.where(), "name", fmt::format("\"{}\"", name),
        fmt::format("another {} has this name (line {}); names must be unique", what, it->second));
  }
}

// Hours of one entry of a season's `hours` list: an integer hour h (h:00 to h+1:00) or a range
// "HH:00-HH:00" (end up to 24:00; a range past midnight such as "23:00-07:00" wraps around).
// Returns nothing and adds a diagnostic when the entry is not one of those.
std::optional<std::vector<int>> hours_of(Reader& r, const std::string& where,
                                         const std::string& field, const toml::node& v) {
  const std::string expected =
      "expected an hour 0..23 or a range of whole hours like \"08:00-11:00\"";
  if (v.is_integer()) {
    const auto h = v.as_integer()->get();
    if (h < 0 || h > 23) {
      r.add(line_of(v), where, field, show(v), expected);
      return std::nullopt;
    }
    return std::vector<int>{static_cast<int>(h)};
  }
  if (!v.is_string()) {
    r.add(line_of(v), where, field, show(v), expected);
    return std::nullopt;
  }
  const std::string& s = v.as_string()->get();
  int h0 = 0, m0 = 0, h1 = 0, m1 = 0, consumed = 0;
  const int got = std::sscanf(s.c_str(), " %2d:%2d - %2d:%2d %n", &h0, &m0, &h1, &m1, &consumed);
  if (got != 4 || static_cast<std::size_t>(consumed) != s.size() || h0 < 0 || h0 > 23 || h1 < 0 ||
      h1 > 24 || m0 < 0 || m0 > 59 || m1 < 0 || m1 > 59 || (h1 == 24 && m1 != 0)) {
    r.add(line_of(v), where, field, show(v), expected);
    return std::nullopt;
  }
  if (m0 != 0 || m1 != 0) {
    r.add(line_of(v), where, field, show(v),
          "periods are whole hours here: start and end on the hour, like \"08:00-11:00\"");
    return std::nullopt;
  }
  if (h0 == h1 % 24) {
    r.add(line_of(v), where, field, show(v),
          "the range is empty or the whole day; give a start and an end that differ");
    return std::nullopt;
  }
  std::vector<int> out;
  for (int h = h0; h != h1 % 24; h = (h + 1) % 24) out.push_back(h);
  return out;
}

void read_season(Reader& r, const toml::table& t, std::size_t index, Tariff& out,
                 std::array<std::string, 13>& season_of_month) {
  Entry e(r, section("seasons"), t, entry_label("season", t, index));
  Season s;
  s.name = e.text("name");

  // months = [1, 7, 8, 12]
  const toml::node* months = t.get("months");
  if (!months) {
    e.missing(e.field("months"));
  } else if (!months->is_array() || months->as_array()->empty()) {
    e.error(e.field("months"), *months, "expected a list of month numbers 1..12, like [6, 7, 8]");
  } else {
    const toml::array& a = *months->as_array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      const toml::node& m = *a.get(i);
      const std::string field = fmt::format("months[{}]", i);
      if (!m.is_integer() || m.as_integer()->get() < 1 || m.as_integer()->get() > 12) {
        r.add(line_of(m), e.where(), field, show(m), "expected a month number 1..12");
        continue;
      }
      const int month = static_cast<int>(m.as_integer()->get());
      if (std::find(s.months.begin(), s.months.end(), month) != s.months.end()) {
        r.add(line_of(m), e.where(), "", "", fmt::format("month {} is listed twice", month));
        continue;
      }
      s.months.push_back(month);
      const auto mi = static_cast<std::size_t>(month);
      if (!season_of_month[mi].empty()) {
        r.add(line_of(m), e.where(), "", "",
              fmt::format("month {} is in both {} and {}", month, season_of_month[mi],
                          s.name.empty() ? e.where() : s.name));
        continue;
      }
      season_of_month[mi] = s.name.empty() ? e.where() : s.name;
    }
  }

  // [seasons.hours]: period name = list of hours or ranges.
  const toml::node* hours = t.get("hours");
  if (!hours) {
    e.missing(e.field("hours"));
  } else if (!hours->is_table()) {
    e.error(e.field("hours"), *hours,
            "expected a table of period = [hours], like { peak = [\"08:00-11:00\"], ... }");
  } else {
    std::vector<std::string> period_names;
    for (const auto& p : out.periods) period_names.push_back(p.name);
    // In the order written (toml++ iterates keys alphabetically), so that an hour given twice is
    // reported where it is given the second time.
    std::vector<std::pair<std::string, const toml::node*>> entries;
    for (auto&& [key, node] : *hours->as_table()) entries.emplace_back(key.str(), &node);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      const auto& sa = a.second->source().begin;
      const auto& sb = b.second->source().begin;
      return std::pair{sa.line, sa.column} < std::pair{sb.line, sb.column};
    });
    for (const auto& [period_name, node_ptr] : entries) {
      const toml::node& node = *node_ptr;
      if (!out.period(period_name)) {
        const std::string hint = did_you_mean(period_name, period_names);
        r.add(line_of(node), e.where(), "period", fmt::format("\"{}\"", period_name),
              fmt::format("no [[periods]] entry of that name{}",
                          hint.empty()
                              ? fmt::format("; the periods are {}",
                                            period_names.empty()
                                                ? std::string("(none)")
                                                : fmt::format("{}", fmt::join(period_names, ", ")))
                              : fmt::format("; did you mean \"{}\"?", hint)));
        continue;
      }
      const toml::array* a = node.as_array();
      if (!a) {
        r.add(line_of(node), e.where(), fmt::format("hours.{}", period_name), show(node),
              "expected a list of hours or ranges, like [\"08:00-11:00\", 17]");
        continue;
      }
      for (std::size_t i = 0; i < a->size(); ++i) {
        const toml::node& v = *a->get(i);
        const auto hs = hours_of(r, e.where(), fmt::format("hours.{}[{}]", period_name, i), v);
        if (!hs) continue;
        // Hours already given to another period, grouped by that period.
        std::map<std::string, std::vector<int>> clashes;
        for (int h : *hs) {
          auto& slot = s.period_of_hour[static_cast<std::size_t>(h)];
          if (slot.empty()) {
            slot = period_name;
          } else {
            clashes[slot].push_back(h);
          }
        }
        for (const auto& [other, hs_clash] : clashes) {
          r.add(line_of(v), e.where(), "", "",
                other == period_name
                    ? fmt::format("{} {} listed twice for {}",
                                  hs_clash.size() == 1 ? "hour" : "hours", list(hs_clash),
                                  period_name)
                    : fmt::format("{} {} {} in both {} and {}",
                                  hs_clash.size() == 1 ? "hour" : "hours", list(hs_clash),
                                  hs_clash.size() == 1 ? "is" : "are", other, period_name));
        }
      }
    }
    std::vector<int> gaps;
    for (int h = 0; h < 24; ++h)
      if (s.period_of_hour[static_cast<std::size_t>(h)].empty()) gaps.push_back(h);
    if (!gaps.empty()) {
      r.add(line_of(*hours), e.where(), "", "",
            fmt::format("{} {} {} in no period (each hour 0..23 must be in exactly one)",
                        gaps.size() == 1 ? "hour" : "hours", list(gaps),
                        gaps.size() == 1 ? "is" : "are"));
    }
  }
  out.seasons.push_back(std::move(s));
}

void read_all(Reader& r, const toml::table& root, Tariff& out) {
  // Unknown top-level keys.
  {
    std::vector<std::string> known;
    for (const auto& s : sections()) known.emplace_back(s.name);
    for (auto&& [key, node] : root) {
      const std::string k(key.str());
      if (std::find(known.begin(), known.end(), k) != known.end()) continue;
      const std::string hint = did_you_mean(k, known);
      r.add(line_of(node), "", k, "",
            hint.empty() ? fmt::format("unknown section; known: {}", fmt::join(known, ", "))
                         : fmt::format("unknown section; did you mean \"{}\"?", hint));
    }
  }

  if (const toml::table* t = single_table(r, root, "tariff")) {
    Entry e(r, section("tariff"), *t, "[tariff]");
    out.name = e.text("name");
    out.valid_from = e.text("valid_from");
    (void)e.text("description");
  } else if (!root.get("tariff")) {
    r.add(0, "", "[tariff]", "", "is required (with at least name = \"...\")");
  }

  if (const toml::table* t = single_table(r, root, "charges")) {
    Entry e(r, section("charges"), *t, "[charges]");
    out.energy_price_cny_per_mwh = e.number("energy_price_cny_per_mwh");
    out.line_loss_cny_per_mwh = e.number("line_loss_cny_per_mwh");
    out.system_operation_cny_per_mwh = e.number("system_operation_cny_per_mwh");
    out.government_funds_cny_per_mwh = e.number("government_funds_cny_per_mwh");
  } else if (!root.get("charges")) {
    r.add(0, "", "[charges]", "", "is required (with at least energy_price_cny_per_mwh)");
  }

  if (const toml::table* t = single_table(r, root, "floating")) {
    Entry e(r, section("floating"), *t, "[floating]");
    out.energy_floats = e.flag("energy", true);
    out.transmission_floats = e.flag("transmission", false);
    out.line_loss_floats = e.flag("line_loss", false);
    out.system_operation_floats = e.flag("system_operation", false);
  }

  if (const toml::array* a = table_array(r, root, "voltage_levels")) {
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::table& t = *a->get(i)->as_table();
      Entry e(r, section("voltage_levels"), t, entry_label("voltage level", t, i));
      VoltageLevel v;
      v.name = e.text("name");
      check_unique(r, seen, e, v.name, "voltage level");
      v.transmission_cny_per_mwh = e.number("transmission_cny_per_mwh");
      v.demand_charge_cny_per_kw_month = e.number("demand_charge_cny_per_kw_month");
      v.capacity_charge_cny_per_kva_month = e.number("capacity_charge_cny_per_kva_month");
      out.voltage_levels.push_back(std::move(v));
    }
  }
  if (out.voltage_levels.empty() && !root.get("voltage_levels")) {
    r.add(0, "", "[[voltage_levels]]", "",
          "at least one voltage level is required (name and transmission_cny_per_mwh)");
  }

  if (const toml::array* a = table_array(r, root, "periods")) {
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::table& t = *a->get(i)->as_table();
      Entry e(r, section("periods"), t, entry_label("period", t, i));
      Period p;
      p.name = e.text("name");
      check_unique(r, seen, e, p.name, "period");
      p.ratio = e.number("ratio", 1.0);
      if (p.name == "flat" && p.ratio != 1.0) {
        const toml::node* n = t.get("ratio");
        r.add(n ? line_of(*n) : e.line(), e.where(), "ratio", n ? show(*n) : "",
              "must be 1: the per-MWh charges are the flat period's, and the ratios are relative "
              "to it");
      }
      out.periods.push_back(std::move(p));
    }
  }

  std::array<std::string, 13> season_of_month{};
  const toml::array* seasons = table_array(r, root, "seasons");
  if (seasons) {
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < seasons->size(); ++i) {
      const toml::table& t = *seasons->get(i)->as_table();
      read_season(r, t, i, out, season_of_month);
      if (const toml::node* n = t.get("name"); n && n->is_string()) {
        const std::string name = n->as_string()->get();
        if (auto [it, inserted] = seen.emplace(name, line_of(*n)); !inserted && !name.empty())
          r.add(line_of(*n), entry_label("season", t, i), "name", fmt::format("\"{}\"", name),
                fmt::format("another season has this name (line {}); names must be unique",
                            it->second));
      }
    }
  }

  if (out.seasons.empty() && out.periods.empty() && !root.get("seasons") && !root.get("periods")) {
    // No time of use: one flat period all year.
    out.periods.push_back({"flat", 1.0});
    Season all{"all_year", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {}};
    all.period_of_hour.fill("flat");
    out.seasons.push_back(std::move(all));
  } else if (!seasons && !root.get("seasons")) {
    r.add(0, "", "[[seasons]]", "",
          "is required when [[periods]] are given: which months and hours are in each period");
  } else if (seasons) {
    std::vector<int> gaps;
    for (int m = 1; m <= 12; ++m)
      if (season_of_month[static_cast<std::size_t>(m)].empty()) gaps.push_back(m);
    if (!gaps.empty()) {
      r.add(line_of(*root.get("seasons")), "[[seasons]]", "", "",
            fmt::format("{} {} {} in no season (each month 1..12 must be in exactly one)",
                        gaps.size() == 1 ? "month" : "months", list(gaps),
                        gaps.size() == 1 ? "is" : "are"));
    }
  }

  if (const toml::table* t = single_table(r, root, "market")) {
    Entry e(r, section("market"), *t, "[market]");
    out.export_price_cny_per_mwh = e.number("export_price_cny_per_mwh");
    out.green_certificate_cny_per_mwh = e.number("green_certificate_cny_per_mwh");
    out.green_power_premium_cny_per_mwh = e.number("green_power_premium_cny_per_mwh");
    out.carbon_price_cny_per_t = e.number("carbon_price_cny_per_t");
  }
}

}  // namespace

Tariff read_tariff(const std::string& path) {
  Reader r(path);
  Tariff out;
  out.source = path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    r.add(0, "", "", "", "tariff file not found");
    r.diagnostics().throw_if_any();
  }
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    r.add(static_cast<int>(err.source().begin.line), "", "", "",
          fmt::format("not valid TOML: {}", err.description()));
    r.diagnostics().throw_if_any();
  }
  read_all(r, root, out);
  r.diagnostics().throw_if_any();
  return out;
}

}  // namespace parkgrid::tariff
