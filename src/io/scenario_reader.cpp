// TOML scenario reader. Every field is read through the schema (include/parkgrid/schema.hpp):
// its kind, default and rule come from there, unknown fields get a "did you mean".
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <unordered_map>

#include "io/csv.hpp"
#include "parkgrid/scenario.hpp"
#include "parkgrid/schema.hpp"
#include "parkgrid/tariff.hpp"

namespace parkgrid::io {
namespace {

namespace fs = std::filesystem;
using schema::Field;
using schema::Kind;
using schema::Section;

// Limits (docs/reliability.md): past them the reader stops with a named error instead of
// running out of memory, and every LP index stays far below HiGHS's 32-bit range.
constexpr Index kMaxSnapshots = 1'000'000;       // ~114 years hourly
constexpr std::size_t kMaxComponents = 100'000;  // buses and components, all families together
// Components x snapshots: the time-series cells and, roughly, the LP's columns and rows; the
// largest benchmark park (2,000 components + 101 buses over 8,760 h) is 18.4 million.
constexpr std::size_t kMaxComponentSnapshots = 20'000'000;
constexpr std::uintmax_t kMaxScenarioBytes = 64ull << 20;  // the TOML file

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

std::string show(const toml::node& n) {
  if (auto s = n.as_string()) return fmt::format("\"{}\"", s->get());
  if (auto i = n.as_integer()) return fmt::format("{}", i->get());
  if (auto d = n.as_floating_point()) return fmt::format("{}", d->get());
  if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
  if (auto d = n.as_date_time()) {
    std::ostringstream os;
    os << *d;
    return os.str();
  }
  if (auto d = n.as_date()) {
    std::ostringstream os;
    os << *d;
    return os.str();
  }
  if (n.is_table()) return "{...}";
  if (n.is_array()) return "[...]";
  return "?";
}

// "2025-01-01T00:00", "2025-01-01 00:00" or "2025-01-01"; false for anything else (or Feb 31).
bool parse_datetime(const std::string& s, DateTime& dt) {
  int n = 0;
  const int got = std::sscanf(s.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &dt.year, &dt.month,
                              &dt.day, &dt.hour, &dt.minute, &n);
  if (got == 5 && static_cast<std::size_t>(n) == s.size()) {
  } else if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &dt.year, &dt.month, &dt.day, &n) == 3 &&
             static_cast<std::size_t>(n) == s.size()) {
    dt.hour = dt.minute = 0;
  } else {
    return false;
  }
  return dt.valid();
}

// Everything the reader needs while it walks the file.
struct Context {
  std::string file;  // as shown in messages
  fs::path folder;   // CSV paths are relative to it
  Diagnostics diag;
  Network* net = nullptr;
  std::map<std::string, CsvFile> csv_cache;  // read each CSV once (read phase, not hot path)
  std::unordered_map<std::string, Index> bus_index, carrier_index;
  std::size_t components = 0;  // entries of the array sections read so far (not carriers)
  bool too_many = false;       // a limit was reported: the remaining sections are skipped
  bool start_valid = true;     // [snapshots] start read; else CSV times are not checked against it
};

// One TOML table (a component or a section) read field by field against its schema.
class Entry {
 public:
  Entry(Context& ctx, const Section& section, const toml::table& tbl, std::string where)
      : ctx_(ctx), section_(section), tbl_(tbl), where_(std::move(where)) {
    check_unknown_fields();
  }

  const std::string& where() const { return where_; }
  int line() const { return line_of(tbl_); }

  double number(std::string_view name) {
    const Field& f = field(name);
    const toml::node* n = tbl_.get(name);
    if (!n) return missing(f) ? 0.0 : f.default_value;
    const auto v = n->value<double>();
    if (!n->is_number() || !v) {
      error(f, *n, fmt::format("expected a {}", schema::kind_name(f.kind)));
      return f.default_value;
    }
    if (f.kind == Kind::kInteger && !n->is_integer()) error(f, *n, "expected a whole number");
    if (!schema::satisfies(f.rule, *v)) error(f, *n, std::string(schema::rule_text(f.rule)));
    return *v;
  }

  bool flag(std::string_view name) {
    const Field& f = field(name);
    const toml::node* n = tbl_.get(name);
    if (!n) return !missing(f) && f.default_value != 0.0;
    if (!n->is_boolean()) {
      error(f, *n, "expected true or false");
      return f.default_value != 0.0;
    }
    return n->as_boolean()->get();
  }

  std::string text(std::string_view name) {
    const Field& f = field(name);
    const toml::node* n = tbl_.get(name);
    if (!n) {
      if (missing(f)) return {};
      std::string d(f.default_text);
      return d.size() >= 2 && d.front() == '"' ? d.substr(1, d.size() - 2) : d;
    }
    if (!n->is_string()) {
      error(f, *n, "expected text in quotes");
      return {};
    }
    return n->as_string()->get();
  }

  // A local date-time, written as text ("2025-01-01T00:00") or as a TOML date-time.
  DateTime datetime(std::string_view name) {
    const Field& f = field(name);
    DateTime dt;
    const toml::node* n = tbl_.get(name);
    std::string text;
    if (!n) {
      text = std::string(f.default_text.substr(1, f.default_text.size() - 2));
    } else if (auto v = n->as_string()) {
      text = v->get();
    } else if (auto d = n->as_date_time()) {
      const toml::date_time& x = d->get();
      text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", x.date.year, x.date.month, x.date.day,
                         x.time.hour, x.time.minute);
      if (x.offset) error(f, *n, "a local time without a time zone offset (snapshots are local)");
    } else if (auto dd = n->as_date()) {
      const toml::date& x = dd->get();
      text = fmt::format("{:04}-{:02}-{:02}", x.year, x.month, x.day);
    }
    const bool valid = parse_datetime(text, dt);
    if (!valid) ctx_.start_valid = false;
    if (!valid && n)
      ctx_.diag.add({ctx_.file, line_of(*n), where_, std::string(name), show(*n),
                     "expected a valid local time like \"2025-01-01T00:00\""});
    return dt;
  }

  std::vector<std::string> text_list(std::string_view name) {
    const Field& f = field(name);
    std::vector<std::string> out;
    const toml::node* n = tbl_.get(name);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      error(f, *n, "expected a list of names, e.g. [\"a\", \"b\"]");
      return out;
    }
    for (const toml::node& item : *a) {
      if (auto s = item.as_string())
        out.push_back(s->get());
      else
        error(f, item, "expected a name in quotes");
    }
    return out;
  }

  std::vector<double> number_list(std::string_view name) {
    const Field& f = field(name);
    std::vector<double> out;
    const toml::node* n = tbl_.get(name);
    if (!n) {
      missing(f);
      return out;
    }
    const toml::array* a = n->as_array();
    if (!a) {
      error(f, *n, "expected a list of numbers, e.g. [0.5, 1.0]");
      return out;
    }
    for (const toml::node& item : *a) {
      const auto v = item.value<double>();
      if (!item.is_number() || !v) {
        error(f, item, "expected a number");
        continue;
      }
      if (f.kind == Kind::kNumberList && f.unit == "yr" && !item.is_integer())
        error(f, item, "expected a whole number");
      if (!schema::satisfies(f.rule, *v)) {
        error(f, item, std::string(schema::rule_text(f.rule)));
        continue;
      }
      out.push_back(*v);
    }
    return out;
  }

  [[nodiscard]] bool has(std::string_view name) const { return tbl_.get(name) != nullptr; }

  // The line of field `name` when present, else of the table.
  int line_of_field(std::string_view name) const {
    const toml::node* n = tbl_.get(name);
    return n ? line_of(*n) : line();
  }

  Index bus(std::string_view name) { return reference(name, ctx_.bus_index, "bus"); }
  Index carrier(std::string_view name) { return reference(name, ctx_.carrier_index, "carrier"); }

  // A time series: a number, { file, column } or { daily = [24 values] }.
  std::vector<double> series(std::string_view name) {
    const Field& f = field(name);
    const Index count = ctx_.net->snapshots.count;
    std::vector<double> out(static_cast<std::size_t>(count), f.default_value);
    const toml::node* n = tbl_.get(name);
    if (!n) {
      missing(f);
      return out;
    }
    if (n->is_number()) {
      const double v = *n->value<double>();
      if (!schema::satisfies(f.rule, v)) error(f, *n, std::string(schema::rule_text(f.rule)));
      std::fill(out.begin(), out.end(), v);
      return out;
    }
    const toml::table* t = n->as_table();
    if (!t) {
      error(f, *n,
            "expected a number, { file = \"x.csv\", column = \"c\" } or { daily = [24 numbers] }");
      return out;
    }
    if (t->contains("daily")) return daily(f, *t, std::move(out));
    return from_csv(f, *t, std::move(out));
  }

 private:
  const Field& field(std::string_view name) const {
    const Field* f = schema::find_field(section_, name);
    if (!f) throw std::logic_error(fmt::format("schema has no field {}.{}", section_.name, name));
    return *f;
  }

  // Reports a required field that is absent; returns true when it was required.
  bool missing(const Field& f) {
    if (!f.required()) return false;
    ctx_.diag.add({ctx_.file, line(), where_, std::string(f.name), "",
                   fmt::format("is required ({}{})", schema::kind_name(f.kind),
                               f.unit.empty() ? "" : fmt::format(", {}", f.unit))});
    return true;
  }

  void error(const Field& f, const toml::node& n, std::string expected) {
    ctx_.diag.add(
        {ctx_.file, line_of(n), where_, std::string(f.name), show(n), std::move(expected)});
  }

  Index reference(std::string_view name, const std::unordered_map<std::string, Index>& index,
                  std::string_view what) {
    const std::string value = text(name);
    if (value.empty()) return -1;
    if (auto it = index.find(value); it != index.end()) return it->second;
    std::vector<std::string> known;
    for (const auto& [k, v] : index) known.push_back(k);
    std::string hint = did_you_mean(value, known);
    const toml::node* n = tbl_.get(name);
    ctx_.diag.add({ctx_.file, n ? line_of(*n) : line(), where_, std::string(name),
                   fmt::format("\"{}\"", value),
                   fmt::format("no {} of that name{}", what,
                               hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint))});
    return -1;
  }

  void check_unknown_fields() {
    std::vector<std::string> known;
    for (const auto& f : section_.fields) known.emplace_back(f.name);
    for (auto&& [key, node] : tbl_) {
      if (schema::find_field(section_, key.str())) continue;
      const std::string hint = did_you_mean(std::string(key.str()), known);
      ctx_.diag.add({ctx_.file, line_of(node), where_, std::string(key.str()), "",
                     hint.empty() ? fmt::format("unknown field of {}", section_.name)
                                  : fmt::format("unknown field; did you mean \"{}\"?", hint)});
    }
  }

  std::vector<double> daily(const Field& f, const toml::table& t, std::vector<double> out) {
    const toml::array* a = t["daily"].as_array();
    if (!a || a->size() != 24 || t.size() != 1) {
      ctx_.diag.add({ctx_.file, line_of(t), where_, std::string(f.name), "{ daily = ... }",
                     "expected { daily = [24 numbers] }: one value per hour of the day, 0 to 23"});
      return out;
    }
    std::array<double, 24> hourly{};
    for (std::size_t h = 0; h < 24; ++h) {
      const toml::node& v = *a->get(h);
      const auto x = v.value<double>();
      if (!v.is_number() || !x || !schema::satisfies(f.rule, *x)) {
        ctx_.diag.add({ctx_.file, line_of(v), where_, fmt::format("{}.daily[{}]", f.name, h),
                       show(v), std::string(schema::rule_text(f.rule))});
        continue;
      }
      hourly[h] = *x;
    }
    const Snapshots& s = ctx_.net->snapshots;
    for (Index i = 0; i < s.count; ++i)
      out[static_cast<std::size_t>(i)] = hourly[static_cast<std::size_t>(s.hour_of_day(i))];
    return out;
  }

  std::vector<double> from_csv(const Field& f, const toml::table& t, std::vector<double> out) {
    const std::optional<std::string> file = t["file"].value<std::string>();
    const std::optional<std::string> column = t["column"].value<std::string>();
    // An optional factor on every value of the column (a profile scaled, e.g. by a sweep).
    const bool scaled = t.contains("scale");
    const std::optional<double> scale = t["scale"].value<double>();
    if (!file || !column || t.size() != (scaled ? 3u : 2u) ||
        (scaled && (!scale || !std::isfinite(*scale)))) {
      ctx_.diag.add({ctx_.file, line_of(t), where_, std::string(f.name), "{...}",
                     "expected { file = \"profiles.csv\", column = \"name\" } (with an optional "
                     "scale = a number) or { daily = [24 numbers] }"});
      return out;
    }
    const fs::path full = ctx_.folder / *file;
    auto it = ctx_.csv_cache.find(full.string());
    if (it == ctx_.csv_cache.end()) {
      CsvFile csv = CsvFile::read(full.string(), full.lexically_normal().string(), ctx_.diag);
      if (ctx_.start_valid) csv.check_times(ctx_.net->snapshots, ctx_.file, ctx_.diag);
      it = ctx_.csv_cache.emplace(full.string(), std::move(csv)).first;
    }
    const CsvFile& csv = it->second;
    if (!csv.ok()) {
      if (csv.display().empty() || csv.header().empty())
        ctx_.diag.add({ctx_.file, line_of(t), where_, std::string(f.name),
                       fmt::format("{{ file = \"{}\" }}", *file),
                       "the file could not be read (see above)"});
      return out;
    }
    const auto col = csv.find_column(*column);
    if (!col) {
      const std::string hint = did_you_mean(*column, csv.header());
      ctx_.diag.add({ctx_.file, line_of(t), where_, std::string(f.name),
                     fmt::format("{{ file = \"{}\", column = \"{}\" }}", *file, *column),
                     fmt::format("{} has no column \"{}\"{}", csv.display(), *column,
                                 hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint))});
      return out;
    }
    const Index count = ctx_.net->snapshots.count;
    if (csv.rows() != static_cast<std::size_t>(count)) {
      // A leap year's series against a 365-day year, or the reverse.
      const double step = ctx_.net->snapshots.step_hours;
      const double have_h = static_cast<double>(csv.rows()) * step;
      const double want_h = static_cast<double>(count) * step;
      const std::string hint =
          want_h == 8760 && have_h == 8784
              ? "; 8,784 h is a leap year: drop February 29, or start the snapshots in a leap "
                "year with count = 8784"
          : want_h == 8784 && have_h == 8760
              ? "; the snapshots span a leap year (8,784 h) but the series has 365 days"
              : "";
      ctx_.diag.add({csv.display(), 0, fmt::format("column \"{}\"", *column), "rows",
                     fmt::format("{}", csv.rows()),
                     fmt::format("expected {} rows, one per snapshot ([snapshots] count in {}){}",
                                 count, ctx_.file, hint)});
      return out;
    }
    std::vector<double> values = csv.numbers(*col, ctx_.diag);
    if (scale)
      for (double& v : values) v *= *scale;
    for (std::size_t r = 0; r < values.size(); ++r) {
      if (!schema::satisfies(f.rule, values[r])) {
        ctx_.diag.add({csv.display(), 0, fmt::format("column \"{}\" row {}", *column, r + 1),
                       "value", fmt::format("{}", values[r]),
                       fmt::format("{} for {} of {}", schema::rule_text(f.rule), f.name, where_)});
        break;
      }
    }
    return values;
  }

  Context& ctx_;
  const Section& section_;
  const toml::table& tbl_;
  std::string where_;
};

// Calls `fn(entry)` for each table of array section `name` (e.g. [[generators]]).
// Returns the line of each entry, for messages that concern several entries.
template <class Fn>
std::vector<int> for_each_entry(Context& ctx, const toml::table& root, std::string_view name,
                                Fn&& fn) {
  std::vector<int> lines;
  const Section& section = *schema::find_section(name);
  const toml::node* n = root.get(name);
  if (!n) return lines;
  const toml::array* arr = n->as_array();
  if (!arr || !arr->is_array_of_tables()) {
    ctx.diag.add({ctx.file, line_of(*n), "", std::string(name), "",
                  fmt::format("expected a list of tables: write each as [[{}]]", name)});
    return lines;
  }
  if (name != "carriers" && !ctx.too_many) {
    ctx.components += arr->size();
    const auto T = static_cast<std::size_t>(std::max<Index>(ctx.net->snapshots.count, 1));
    if (ctx.components > kMaxComponents || ctx.components * T > kMaxComponentSnapshots) {
      ctx.too_many = true;
      ctx.diag.add(
          {ctx.file, line_of(*n), "", std::string(name), fmt::format("{}", arr->size()),
           fmt::format("{} buses and components so far x {} snapshots is past the "
                       "limits of {} components and {} million component-snapshots "
                       "(docs/reliability.md); the rest of the file is not read",
                       ctx.components, T, kMaxComponents, kMaxComponentSnapshots / 1'000'000)});
    }
  }
  if (ctx.too_many) return lines;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::table& tbl = *arr->get(i)->as_table();
    std::string label = fmt::format("{} #{}", section.component, i + 1);
    const auto nm = tbl["name"].value<std::string>();
    if (nm) label = fmt::format("{} \"{}\"", section.component, *nm);
    ctx.diag.set_place({ctx.file, std::string(name), static_cast<int>(i), nm.value_or("")});
    Entry e(ctx, section, tbl, label);
    lines.push_back(e.line());
    fn(e);
    ctx.diag.clear_place();
  }
  return lines;
}

// Reads a single-table section ([scenario], [snapshots], [policy]); absent means all defaults.
template <class Fn>
void with_section(Context& ctx, const toml::table& root, std::string_view name, Fn&& fn) {
  static const toml::table empty;
  const Section& section = *schema::find_section(name);
  const toml::node* n = root.get(name);
  const toml::table* tbl = n ? n->as_table() : &empty;
  if (!tbl) {
    ctx.diag.add({ctx.file, line_of(*n), "", std::string(name), "",
                  fmt::format("expected a table: write it as [{}]", name)});
    tbl = &empty;
  }
  ctx.diag.set_place({ctx.file, std::string(name), -1, ""});
  Entry e(ctx, section, *tbl, fmt::format("[{}]", name));
  fn(e);
  ctx.diag.clear_place();
}

void read_capacity(Entry& e, CapacityTable& c, std::string_view prefix, std::string_view unit,
                   bool extendable_field_is_energy = false) {
  c.existing.push_back(e.number(prefix));
  c.extendable.push_back(e.flag(extendable_field_is_energy ? "energy_extendable" : "extendable"));
  c.min.push_back(e.number(fmt::format("min_{}", prefix)));
  c.max.push_back(e.number(fmt::format("max_{}", prefix)));
  c.capex_cny_per_unit.push_back(e.number(fmt::format("capex_cny_per_{}", unit)));
  c.lifetime_years.push_back(e.number("lifetime_years"));
  c.fixed_om_cny_per_unit_year.push_back(e.number(fmt::format("fixed_om_cny_per_{}_year", unit)));
}

// Declared capacity basis of a generator (PV): capacity_mw, capex_cny_per_mw and
// fixed_om_cny_per_mw_year are per MW AC (the inverter rating, what availability_pu is a share
// of). A cost quoted per MW DC (per Wp of modules, as PV EPC prices are) is given as
// capex_cny_per_mw_dc / fixed_om_cny_per_mw_dc_year with the dc_ac_ratio the availability was
// computed at, and converted here: per MW AC = per MW DC x dc_ac_ratio. Giving a cost on both
// bases, or a DC cost without its ratio, is ambiguous and refused.
void read_dc_basis(Context& ctx, Entry& e, CapacityTable& c) {
  const bool has_ratio = e.has("dc_ac_ratio");
  const double ratio = e.number("dc_ac_ratio");
  struct Pair {
    std::string_view ac;
    std::string_view dc;
    std::vector<double>* column;
  };
  const std::array pairs{Pair{"capex_cny_per_mw", "capex_cny_per_mw_dc", &c.capex_cny_per_unit},
                         Pair{"fixed_om_cny_per_mw_year", "fixed_om_cny_per_mw_dc_year",
                              &c.fixed_om_cny_per_unit_year}};
  for (const Pair& p : pairs) {
    if (!e.has(p.dc)) continue;
    const double dc = e.number(p.dc);
    if (e.has(p.ac)) {
      ctx.diag.add({ctx.file, e.line_of_field(p.dc), e.where(), std::string(p.dc),
                    fmt::format("{}", dc),
                    fmt::format("ambiguous basis: {} (per MW AC) is also given; give the cost "
                                "per MW AC or per MW DC, not both",
                                p.ac)});
      continue;
    }
    if (!has_ratio) {
      ctx.diag.add({ctx.file, e.line_of_field(p.dc), e.where(), std::string(p.dc),
                    fmt::format("{}", dc),
                    "a cost per MW DC needs dc_ac_ratio (MW DC per MW AC, the ratio the "
                    "availability was computed at) to be converted to capacity_mw's AC basis"});
      continue;
    }
    if (!c.capex_cny_per_unit.empty()) p.column->back() = dc * ratio;
  }
}

// `section`: the array section the names are the entries of, for the diagnostics' place ("" when
// the names come from two sections, as loads and projects).
void check_unique(Context& ctx, const std::vector<std::string>& names,
                  const std::vector<int>& lines, std::string_view what, std::string_view section) {
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < names.size() && i < lines.size(); ++i) {
    if (names[i].empty()) continue;
    auto [it, fresh] = seen.emplace(names[i], i);
    if (!fresh) {
      Diagnostic d{ctx.file,
                   lines[i],
                   fmt::format("{} #{}", what, i + 1),
                   "name",
                   fmt::format("\"{}\"", names[i]),
                   fmt::format("already used by the {} at line {}; names must be unique", what,
                               lines[it->second])};
      d.section = std::string(section);
      d.index = section.empty() ? -1 : static_cast<int>(i);
      d.component = names[i];
      ctx.diag.add(std::move(d));
    }
  }
}

// A year field as an int: 1..9999, else 0. A value past 9999 (up to 1e308 as a float, where a cast
// to int is undefined) is named here; the schema's rules name the others (not whole, <= 0).
int year_value(Context& ctx, const Entry& e, std::string_view field, double year) {
  if (year >= 1 && year <= 9999) return static_cast<int>(year);
  if (year > 9999)
    ctx.diag.add({ctx.file, e.line_of_field(field), e.where(), std::string(field),
                  fmt::format("{}", year), "expected a year between 1 and 9999"});
  return 0;
}

// Extraction-condensing CHP fields of a generator (docs/formulation.md "Heat"): heat_bus and its
// two ratios; the ratios need heat_bus, and heat_bus must be a heat bus other than the unit's.
void read_extraction(Context& ctx, Entry& e, Network& net) {
  Generators& g = net.generators;
  const Index hb = e.bus("heat_bus");
  g.extraction.heat_bus.push_back(hb);
  g.extraction.power_loss_ratio.push_back(e.number("power_loss_ratio"));
  g.extraction.back_pressure_ratio.push_back(e.number("back_pressure_ratio"));
  g.extraction.min_condensing_pu.push_back(e.number("min_condensing_pu"));
  if (hb < 0) {
    for (const char* f : {"power_loss_ratio", "back_pressure_ratio", "min_condensing_pu"})
      if (e.has(f))
        ctx.diag.add({ctx.file, e.line_of_field(f), e.where(), f, "",
                      "needs heat_bus: the ratio describes the heat extracted to that bus"});
    return;
  }
  const auto k = static_cast<std::size_t>(hb);
  if (!net.buses.is_heat(hb))
    ctx.diag.add({ctx.file, e.line_of_field("heat_bus"), e.where(), "heat_bus",
                  fmt::format("\"{}\"", net.buses.name[k]),
                  "expected a heat bus (a bus whose carrier has heat = true)"});
  else if (!g.bus.empty() && g.bus.back() == hb)
    ctx.diag.add({ctx.file, e.line_of_field("heat_bus"), e.where(), "heat_bus",
                  fmt::format("\"{}\"", net.buses.name[k]),
                  "must differ from bus (the electric output's bus)"});
}

// A link's efficiency: as given, or a heat pump's COP from its temperatures (cop_model).
std::vector<double> read_link_efficiency(Context& ctx, Entry& e) {
  std::vector<double> eff = e.series("efficiency");
  const std::string model = e.text("cop_model");
  const bool temps = e.has("source_temperature_c") || e.has("sink_temperature_c");
  if (model.empty()) {
    if (temps)
      ctx.diag.add({ctx.file, e.line_of_field("source_temperature_c"), e.where(), "cop_model", "",
                    "source_temperature_c and sink_temperature_c need cop_model"});
    return eff;
  }
  HeatPumpSource source{};
  if (!parse_heat_pump_source(model, source)) {
    ctx.diag.add({ctx.file, e.line_of_field("cop_model"), e.where(), "cop_model",
                  fmt::format("\"{}\"", model), "expected \"air_source\" or \"ground_source\""});
    return eff;
  }
  if (e.has("efficiency"))
    ctx.diag.add({ctx.file, e.line_of_field("efficiency"), e.where(), "efficiency", "",
                  "give either efficiency or cop_model, not both"});
  if (!e.has("source_temperature_c"))
    ctx.diag.add(
        {ctx.file, e.line(), e.where(), "source_temperature_c", "", "required with cop_model"});
  const std::vector<double> source_c = e.series("source_temperature_c");
  const double sink_c = e.number("sink_temperature_c");
  for (std::size_t t = 0; t < eff.size(); ++t) {
    eff[t] = heat_pump_cop(source, sink_c - source_c[t]);
    if (!(eff[t] > 0.0)) {
      ctx.diag.add({ctx.file, e.line_of_field("source_temperature_c"), e.where(),
                    "source_temperature_c", fmt::format("{}", source_c[t]),
                    fmt::format("gives a COP of {:.3g} at snapshot {} (lift {} K): the fit holds "
                                "for lifts of about 15 to 60 K",
                                eff[t], t + 1, sink_c - source_c[t])});
      break;
    }
  }
  return eff;
}

// The unit-commitment fields of one generator (schema: unit_size_mw .. min_stable_efficiency).
// Committable generators are clusters of whole units: capacity_mw (and max_capacity_mw when
// finite) must be whole multiples of unit_size_mw; the commitment fields of a generator that is
// not committable must keep their defaults, so a forgotten unit_size_mw is not silently ignored.
void read_commitment(Context& ctx, Entry& e, Generators& g) {
  auto& c = g.commitment;
  const double size = e.number("unit_size_mw");
  c.unit_size_mw.push_back(size);
  static constexpr std::array kFields{
      "min_stable_pu",     "start_up_cost_cny", "shut_down_cost_cny", "min_up_time_h",
      "min_down_time_h",   "ramp_up_pu",        "ramp_down_pu",       "ramp_start_up_pu",
      "ramp_shut_down_pu", "up_time_before_h",  "down_time_before_h", "min_stable_efficiency"};
  std::array<std::vector<double>*, kFields.size()> into{
      &c.min_stable_pu,     &c.start_up_cost_cny, &c.shut_down_cost_cny, &c.min_up_time_h,
      &c.min_down_time_h,   &c.ramp_up_pu,        &c.ramp_down_pu,       &c.ramp_start_up_pu,
      &c.ramp_shut_down_pu, &c.up_time_before_h,  &c.down_time_before_h, &c.min_stable_efficiency};
  // The retrofit option; without it the retrofit minimum is the minimum itself
  // (Generators::retrofittable), read after min_stable_pu below.
  const bool retrofit_option = e.has("retrofit_min_stable_pu");
  const std::array<double, 3> retrofit{retrofit_option ? e.number("retrofit_min_stable_pu") : 0.0,
                                       e.number("retrofit_capex_cny_per_kw"),
                                       e.number("retrofit_lifetime_years")};
  c.retrofit_capex_cny_per_kw.push_back(retrofit[1]);
  c.retrofit_lifetime_years.push_back(retrofit[2]);
  static constexpr std::array kRetrofitFields{"retrofit_min_stable_pu", "retrofit_capex_cny_per_kw",
                                              "retrofit_lifetime_years"};
  for (std::size_t i = 0; i < kRetrofitFields.size(); ++i) {
    if (!e.has(kRetrofitFields[i])) continue;
    const char* why = size == 0.0 ? "applies to committable generators only: set unit_size_mw > 0"
                      : !retrofit_option
                          ? "applies to a retrofit option only: give retrofit_min_stable_pu"
                          : nullptr;
    if (why)
      ctx.diag.add({ctx.file, e.line_of_field(kRetrofitFields[i]), e.where(), kRetrofitFields[i],
                    fmt::format("{}", retrofit[i]), why});
  }
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    into[i]->push_back(e.number(kFields[i]));
    if (size == 0.0 && e.has(kFields[i]))
      ctx.diag.add({ctx.file, e.line_of_field(kFields[i]), e.where(), kFields[i],
                    fmt::format("{}", into[i]->back()),
                    "applies to committable generators only: set unit_size_mw > 0"});
  }
  c.retrofit_min_stable_pu.push_back(retrofit_option ? retrofit[0] : c.min_stable_pu.back());
  if (size <= 0.0) return;
  const double step = ctx.net->snapshots.step_hours;
  const auto whole_units = [&](const char* field, double mw) {
    if (!std::isfinite(mw)) return;
    const double units = mw / size;
    if (std::abs(units - std::round(units)) > 1e-6 * std::max(1.0, units))
      ctx.diag.add({ctx.file, e.line_of_field(field), e.where(), field, fmt::format("{}", mw),
                    fmt::format("expected a whole number of units of unit_size_mw = {} MW "
                                "({:.4g} units)",
                                size, units)});
  };
  whole_units("capacity_mw", g.capacity_mw.existing.back());
  if (g.capacity_mw.extendable.back()) whole_units("max_capacity_mw", g.capacity_mw.max.back());
  for (const char* field :
       {"min_up_time_h", "min_down_time_h", "up_time_before_h", "down_time_before_h"}) {
    const double h = e.number(field);
    if (step > 0 && std::abs(h / step - std::round(h / step)) > 1e-9)
      ctx.diag.add({ctx.file, e.line_of_field(field), e.where(), field, fmt::format("{}", h),
                    fmt::format("expected a whole number of snapshots of {} h", step)});
  }
  const double eff_min = c.min_stable_efficiency.back();
  if (eff_min > 0.0 && eff_min > g.efficiency.back())
    ctx.diag.add(
        {ctx.file, e.line_of_field("min_stable_efficiency"), e.where(), "min_stable_efficiency",
         fmt::format("{}", eff_min),
         fmt::format("expected at most the full-load efficiency {}", g.efficiency.back())});
  if (eff_min > 0.0 && c.min_stable_pu.back() <= 0.0)
    ctx.diag.add({ctx.file, e.line_of_field("min_stable_efficiency"), e.where(),
                  "min_stable_efficiency", fmt::format("{}", eff_min),
                  "needs min_stable_pu > 0 (the load at which it applies)"});
  // The retrofit option lowers the minimum stable load; equal, it changes nothing and is never
  // chosen (a sweep of min_stable_pu may reach the retrofit's minimum).
  if (retrofit_option && retrofit[0] > c.min_stable_pu.back())
    ctx.diag.add({ctx.file, e.line_of_field("retrofit_min_stable_pu"), e.where(),
                  "retrofit_min_stable_pu", fmt::format("{}", retrofit[0]),
                  fmt::format("expected at most min_stable_pu = {} (a retrofit lowers the minimum "
                              "stable load)",
                              c.min_stable_pu.back())});
}

// Whether component family `f` has quantity `q` (docs/formulation.md "Group constraints").
bool has_quantity(Family f, GroupQuantity q) {
  switch (q) {
    case GroupQuantity::kCapacityMw:
      return f == Family::kGenerator || f == Family::kStorageUnit || f == Family::kLink;
    case GroupQuantity::kEnergyMwh: return f != Family::kStore;
    case GroupQuantity::kAvailableEnergyMwh: return f == Family::kGenerator;
    case GroupQuantity::kExportMwh: return f == Family::kGrid;
    case GroupQuantity::kCo2T: return f == Family::kGenerator || f == Family::kGrid;
  }
  return false;
}

// One sum of a [[group_constraints]] entry: the quantity (field `quantity_field`) over the
// components named in `components_field` and the generators of the carriers in
// `carriers_field`. A name is looked up in every family; one found in several is ambiguous.
GroupSum read_group_sum(Context& ctx, Entry& e, const Network& net, std::string_view quantity_field,
                        const std::string& quantity_text, std::string_view components_field,
                        std::string_view carriers_field) {
  GroupSum sum;
  if (!parse_group_quantity(quantity_text, sum.quantity)) {
    ctx.diag.add({ctx.file, e.line_of_field(quantity_field), e.where(), std::string(quantity_field),
                  fmt::format("\"{}\"", quantity_text),
                  "expected \"capacity_mw\", \"energy_mwh\", \"available_energy_mwh\", "
                  "\"export_mwh\" or \"co2_t\""});
    return sum;
  }
  const auto add = [&](ComponentRef r) {
    if (std::find(sum.members.begin(), sum.members.end(), r) == sum.members.end())
      sum.members.push_back(r);
  };
  struct Named {
    Family family;
    const std::vector<std::string>* names;
  };
  const std::array families{Named{Family::kGenerator, &net.generators.name},
                            Named{Family::kStorageUnit, &net.storage_units.name},
                            Named{Family::kStore, &net.stores.name},
                            Named{Family::kLink, &net.links.name},
                            Named{Family::kGrid, &net.grid.name},
                            Named{Family::kLoad, &net.loads.name}};
  for (const std::string& name : e.text_list(components_field)) {
    std::vector<ComponentRef> found;
    for (const Named& f : families)
      for (std::size_t i = 0; i < f.names->size(); ++i)
        if ((*f.names)[i] == name) found.push_back({f.family, static_cast<Index>(i)});
    const auto problem = [&](std::string why) {
      ctx.diag.add({ctx.file, e.line_of_field(components_field), e.where(),
                    std::string(components_field), fmt::format("\"{}\"", name), std::move(why)});
    };
    if (found.empty()) {
      std::vector<std::string> all;
      for (const Named& f : families) all.insert(all.end(), f.names->begin(), f.names->end());
      const std::string hint = did_you_mean(name, all);
      problem(fmt::format("no component of that name{}",
                          hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint)));
      continue;
    }
    if (found.size() > 1) {
      problem(fmt::format("ambiguous: a {} and a {} have that name; rename one",
                          family_name(found[0].family), family_name(found[1].family)));
      continue;
    }
    if (!has_quantity(found[0].family, sum.quantity)) {
      problem(fmt::format("a {} has no {} (docs/formulation.md, \"Group constraints\")",
                          family_name(found[0].family), group_quantity_name(sum.quantity)));
      continue;
    }
    add(found[0]);
  }
  for (const std::string& carrier : e.text_list(carriers_field)) {
    const auto it = ctx.carrier_index.find(carrier);
    if (it == ctx.carrier_index.end()) {
      const std::string hint = did_you_mean(carrier, net.carriers.name);
      ctx.diag.add({ctx.file, e.line_of_field(carriers_field), e.where(),
                    std::string(carriers_field), fmt::format("\"{}\"", carrier),
                    fmt::format("no carrier of that name{}",
                                hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint))});
      continue;
    }
    if (!has_quantity(Family::kGenerator, sum.quantity)) {
      ctx.diag.add({ctx.file, e.line_of_field(carriers_field), e.where(),
                    std::string(carriers_field), fmt::format("\"{}\"", carrier),
                    fmt::format("carriers select generators, and a generator has no {}",
                                group_quantity_name(sum.quantity))});
      continue;
    }
    for (Index g = 0; g < net.generators.size(); ++g)
      if (net.generators.carrier[static_cast<std::size_t>(g)] == it->second)
        add({Family::kGenerator, g});
  }
  return sum;
}

void read_group_constraints(Context& ctx, const toml::table& root, Network& net) {
  GroupConstraints& gc = net.group_constraints;
  const std::vector<int> lines = for_each_entry(ctx, root, "group_constraints", [&](Entry& e) {
    gc.name.push_back(e.text("name"));
    gc.line.push_back(e.line());
    gc.source.push_back(e.text("source"));
    const std::string quantity = e.text("quantity");
    gc.sum.push_back(read_group_sum(ctx, e, net, "quantity", quantity, "components", "carriers"));
    const std::string sense = e.text("sense");
    using S = GroupConstraints::Sense;
    S parsed = S::kLessEqual;
    if (sense == ">=")
      parsed = S::kGreaterEqual;
    else if (sense == "==")
      parsed = S::kEqual;
    else if (sense != "<=")
      ctx.diag.add({ctx.file, e.line_of_field("sense"), e.where(), "sense",
                    fmt::format("\"{}\"", sense), "expected \"<=\", \">=\" or \"==\""});
    gc.sense.push_back(parsed);
    const bool has_value = e.has("value");
    const bool has_share = e.has("share");
    gc.value.push_back(has_value ? e.number("value") : 0.0);
    gc.share.push_back(has_share ? e.number("share") : std::numeric_limits<double>::quiet_NaN());
    if (has_value == has_share)
      ctx.diag.add({ctx.file, has_value ? e.line_of_field("share") : e.line(), e.where(),
                    has_value ? "share" : "value", "",
                    has_value ? "give value or share, not both"
                              : "expected value (a bound) or share (of another sum)"});
    const bool second = e.has("of_components") || e.has("of_carriers") || e.has("of_quantity");
    if (has_share) {
      const std::string of_quantity = e.has("of_quantity") ? e.text("of_quantity") : quantity;
      gc.of.push_back(read_group_sum(ctx, e, net, e.has("of_quantity") ? "of_quantity" : "quantity",
                                     of_quantity, "of_components", "of_carriers"));
      if (gc.of.back().members.empty() && !e.has("of_components") && !e.has("of_carriers"))
        ctx.diag.add({ctx.file, e.line_of_field("share"), e.where(), "of_components", "",
                      "a share needs the second sum: of_components or of_carriers"});
    } else {
      gc.of.emplace_back();
      if (second)
        ctx.diag.add({ctx.file, e.line(), e.where(), "share", "",
                      "of_quantity, of_components and of_carriers need share"});
    }
    if (gc.sum.back().members.empty() && !e.has("components") && !e.has("carriers"))
      ctx.diag.add({ctx.file, e.line(), e.where(), "components", "",
                    "expected the components summed: components or carriers"});
  });
  check_unique(ctx, gc.name, lines, "group constraint", "group_constraints");
}

// Top-level sections the schema does not know.
void check_sections(Context& ctx, const toml::table& root) {
  std::vector<std::string> section_names;
  for (const auto& s : schema::sections()) section_names.emplace_back(s.name);
  for (auto&& [key, node] : root) {
    if (schema::find_section(key.str())) continue;
    const std::string hint = did_you_mean(std::string(key.str()), section_names);
    ctx.diag.add({ctx.file, line_of(node), "", std::string(key.str()), "",
                  hint.empty() ? "unknown section"
                               : fmt::format("unknown section; did you mean \"{}\"?", hint)});
  }
}

void read_scenario_and_snapshots(Context& ctx, const toml::table& root) {
  Network& net = *ctx.net;
  with_section(ctx, root, "scenario", [&](Entry& e) {
    net.name = e.text("name");
    net.description = e.text("description");
    net.discount_rate = e.number("discount_rate");
  });

  with_section(ctx, root, "snapshots", [&](Entry& e) {
    Snapshots& s = net.snapshots;
    s.start = e.datetime("start");
    const double count = e.number("count");
    if (count > kMaxSnapshots) {
      ctx.diag.add({ctx.file, e.line(), e.where(), "count", fmt::format("{}", count),
                    fmt::format("at most {} snapshots are supported", kMaxSnapshots)});
    }
    s.count = count >= 1 && count <= kMaxSnapshots ? static_cast<Index>(count) : 0;
    s.step_hours = e.number("step_hours");
    if (const std::string why = s.span_problem(); s.count > 0 && !why.empty()) {
      // An impossible start has been reported by e.datetime already.
      if (s.start.valid())
        ctx.diag.add(
            {ctx.file, e.line(), e.where(), "step_hours", fmt::format("{}", s.step_hours), why});
      s.count = 0;
    }
    if (s.count > 0) {
      s.index_months();
      std::vector<double> w = e.series("weight_hours");
      // Default: every snapshot stands for one step.
      if (!root["snapshots"]["weight_hours"]) std::fill(w.begin(), w.end(), s.step_hours);
      s.weight_hours = std::move(w);
    }
  });
}

void read_carriers_and_buses(Context& ctx, const toml::table& root) {
  Network& net = *ctx.net;
  const auto carriers_lines = for_each_entry(ctx, root, "carriers", [&](Entry& e) {
    net.carriers.name.push_back(e.text("name"));
    net.carriers.co2_t_per_mwh.push_back(e.number("co2_t_per_mwh"));
    net.carriers.renewable.push_back(e.flag("renewable"));
    net.carriers.heat.push_back(e.flag("heat"));
  });
  check_unique(ctx, net.carriers.name, carriers_lines, "carrier", "carriers");
  for (Index i = 0; i < net.carriers.size(); ++i)
    ctx.carrier_index.emplace(net.carriers.name[static_cast<std::size_t>(i)], i);

  const auto buses_lines = for_each_entry(ctx, root, "buses", [&](Entry& e) {
    net.buses.name.push_back(e.text("name"));
    const Index c = e.carrier("carrier");
    net.buses.carrier.push_back(c);
    const std::string& cn = c >= 0 ? net.carriers.name[static_cast<std::size_t>(c)] : std::string();
    net.buses.electric.push_back(cn == "electricity" || cn == "AC");
    net.buses.heat.push_back(c >= 0 && net.carriers.heat[static_cast<std::size_t>(c)]);
  });
  check_unique(ctx, net.buses.name, buses_lines, "bus", "buses");
  for (Index i = 0; i < net.buses.size(); ++i)
    ctx.bus_index.emplace(net.buses.name[static_cast<std::size_t>(i)], i);
}

// Generators; `supplied_via` keeps each one's grid connection by name (and line), resolved once
// the connections are read.
void read_generators(Context& ctx, const toml::table& root, SourceLines& lines,
                     std::vector<std::pair<std::string, int>>& supplied_via) {
  Network& net = *ctx.net;
  Generators& g = net.generators;
  const auto generators_lines = for_each_entry(ctx, root, "generators", [&](Entry& e) {
    g.name.push_back(e.text("name"));
    g.bus.push_back(e.bus("bus"));
    g.carrier.push_back(e.carrier("carrier"));
    read_capacity(e, g.capacity_mw, "capacity_mw", "mw");
    read_dc_basis(ctx, e, g.capacity_mw);
    g.efficiency.push_back(e.number("efficiency"));
    g.marginal_cost_cny_per_mwh.add_series(e.series("marginal_cost_cny_per_mwh"));
    g.min_pu.add_series(e.series("min_pu"));
    g.availability_pu.add_series(e.series("availability_pu"));
    supplied_via.emplace_back(e.text("supplied_via"), e.line());
    read_commitment(ctx, e, g);
    read_extraction(ctx, e, net);
  });
  check_unique(ctx, g.name, generators_lines, "generator", "generators");
  lines.generators = generators_lines;
}

void read_loads_and_projects(Context& ctx, const toml::table& root, SourceLines& lines) {
  Network& net = *ctx.net;
  Loads& l = net.loads;
  const auto loads_lines = for_each_entry(ctx, root, "loads", [&](Entry& e) {
    l.name.push_back(e.text("name"));
    l.bus.push_back(e.bus("bus"));
    l.demand_mw.add_series(e.series("demand_mw"));
  });
  // Projects: each becomes a load at the ramp-up share of the year of the first snapshot.
  Projects& pr = net.projects;
  std::vector<int> load_lines = loads_lines;
  const int year0 = net.snapshots.start.year;
  for_each_entry(ctx, root, "projects", [&](Entry& e) {
    pr.name.push_back(e.text("name"));
    pr.name_zh.push_back(e.text("name_zh"));
    pr.bus.push_back(e.bus("bus"));
    std::vector<double> full = e.series("demand_mw");
    std::string stage = e.text("stage");
    static constexpr std::array kStages{"in_production", "under_construction", "signed", "planned"};
    if (std::find(kStages.begin(), kStages.end(), stage) == kStages.end()) {
      ctx.diag.add({ctx.file, e.line_of_field("stage"), e.where(), "stage",
                    fmt::format("\"{}\"", stage),
                    "expected \"in_production\", \"under_construction\", \"signed\" or "
                    "\"planned\""});
    }
    pr.stage.push_back(std::move(stage));
    const double start = e.number("start_year");
    if (start < 1 || start > 9999)
      ctx.diag.add({ctx.file, e.line_of_field("start_year"), e.where(), "start_year",
                    fmt::format("{}", start), "expected a year between 1 and 9999"});
    pr.start_year.push_back(start >= 1 && start <= 9999 ? static_cast<int>(start) : 9999);
    pr.ramp_up.push_back(e.number_list("ramp_up"));
    pr.source.push_back(e.text("source"));
    const Index p = pr.size() - 1;
    const double share = pr.share(p, year0);
    pr.demand_full_mw.add_series(full);
    for (double& v : full) v *= share;
    pr.load.push_back(l.size());
    l.name.push_back(pr.name.back());
    l.bus.push_back(pr.bus.back());
    l.demand_mw.add_series(full);
    load_lines.push_back(e.line());
  });
  check_unique(ctx, l.name, load_lines, "load or project", "");
  lines.loads = load_lines;
}

// Storage units and stores.
void read_storage(Context& ctx, const toml::table& root, SourceLines& lines) {
  Network& net = *ctx.net;
  StorageUnits& su = net.storage_units;
  const auto storage_units_lines = for_each_entry(ctx, root, "storage_units", [&](Entry& e) {
    su.name.push_back(e.text("name"));
    su.bus.push_back(e.bus("bus"));
    su.carrier.push_back(e.carrier("carrier"));
    read_capacity(e, su.power_mw, "power_mw", "mw");
    su.max_hours.push_back(e.number("max_hours"));
    read_capacity(e, su.energy_mwh, "energy_mwh", "mwh", /*extendable_field_is_energy=*/true);
    su.efficiency_charge.push_back(e.number("efficiency_charge"));
    su.efficiency_discharge.push_back(e.number("efficiency_discharge"));
    su.standing_loss_per_hour.push_back(e.number("standing_loss_per_hour"));
    su.cyclic.push_back(e.flag("cyclic"));
    su.initial_soc_mwh.push_back(e.number("initial_soc_mwh"));
    su.long_duration_given.push_back(
        e.has("long_duration") ? static_cast<signed char>(e.flag("long_duration")) : -1);
    su.marginal_cost_cny_per_mwh.push_back(e.number("marginal_cost_cny_per_mwh"));
  });
  check_unique(ctx, su.name, storage_units_lines, "storage unit", "storage_units");
  lines.storage_units = storage_units_lines;

  Stores& st = net.stores;
  const auto stores_lines = for_each_entry(ctx, root, "stores", [&](Entry& e) {
    st.name.push_back(e.text("name"));
    st.bus.push_back(e.bus("bus"));
    st.carrier.push_back(e.carrier("carrier"));
    read_capacity(e, st.energy_mwh, "energy_mwh", "mwh");
    st.standing_loss_per_hour.push_back(e.number("standing_loss_per_hour"));
    st.cyclic.push_back(e.flag("cyclic"));
    st.initial_energy_mwh.push_back(e.number("initial_energy_mwh"));
    st.long_duration_given.push_back(static_cast<signed char>(e.flag("long_duration")));
    st.marginal_cost_cny_per_mwh.push_back(e.number("marginal_cost_cny_per_mwh"));
  });
  check_unique(ctx, st.name, stores_lines, "store", "stores");
  lines.stores = stores_lines;
}

void read_links(Context& ctx, const toml::table& root, SourceLines& lines) {
  Network& net = *ctx.net;
  Links& k = net.links;
  const auto links_lines = for_each_entry(ctx, root, "links", [&](Entry& e) {
    k.name.push_back(e.text("name"));
    k.from_bus.push_back(e.bus("from_bus"));
    k.to_bus.push_back(e.bus("to_bus"));
    k.carrier.push_back(e.carrier("carrier"));
    read_capacity(e, k.capacity_mw, "capacity_mw", "mw");
    k.efficiency.add_series(read_link_efficiency(ctx, e));
    for (int o = 0; o < Links::kExtraOutputs; ++o) {
      const std::string bus_field = fmt::format("to_bus{}", o + 2);
      const std::string eff_field = fmt::format("efficiency{}", o + 2);
      k.extra_bus[static_cast<std::size_t>(o)].push_back(e.bus(bus_field));
      if (k.extra_bus[static_cast<std::size_t>(o)].back() < 0 && e.has(eff_field))
        ctx.diag.add({ctx.file, e.line_of_field(eff_field), e.where(), eff_field, "",
                      fmt::format("needs {}: the bus that output goes to", bus_field)});
      k.extra_efficiency[static_cast<std::size_t>(o)].add_series(e.series(eff_field));
    }
    k.min_pu.add_series(e.series("min_pu"));
    k.max_pu.add_series(e.series("max_pu"));
    k.marginal_cost_cny_per_mwh.push_back(e.number("marginal_cost_cny_per_mwh"));
  });
  check_unique(ctx, k.name, links_lines, "link", "links");
  lines.links = links_lines;
}

// The mean of `price` over each snapshot's calendar month, weighted by the snapshots' hours: the
// mechanism's reference price when none is given.
std::vector<double> monthly_mean(const Snapshots& sn, const std::vector<double>& price) {
  std::map<int, std::pair<double, double>> month_sum;  // year x 12 + month -> (CNY, h)
  std::vector<int> month_of(price.size(), 0);
  for (std::size_t t = 0; t < price.size(); ++t) {
    const DateTime d = sn.time_of(static_cast<Index>(t));
    month_of[t] = d.year * 12 + d.month;
    const double w = t < sn.weight_hours.size() ? sn.weight_hours[t] : 1.0;
    month_sum[month_of[t]].first += w * price[t];
    month_sum[month_of[t]].second += w;
  }
  std::vector<double> mean(price.size(), 0.0);
  for (std::size_t t = 0; t < price.size(); ++t) {
    const auto& [cny, h] = month_sum[month_of[t]];
    mean[t] = h > 0 ? cny / h : 0.0;
  }
  return mean;
}

// Grid connections, and the buy prices in force from their tariff files.
void read_grid_connections(Context& ctx, const toml::table& root, SourceLines& lines) {
  Network& net = *ctx.net;
  GridConnections& gc = net.grid;
  bool tariffs_read = true;
  const auto grid_connections_lines = for_each_entry(ctx, root, "grid_connections", [&](Entry& e) {
    gc.name.push_back(e.text("name"));
    gc.bus.push_back(e.bus("bus"));
    gc.import_max_mw.push_back(e.number("import_max_mw"));
    gc.export_max_mw.push_back(e.number("export_max_mw"));
    // Tariffs by date (docs/tariffs.md#tariffs-by-date) or a buy price series, not both.
    const std::vector<std::string> files = e.text_list("tariff_files");
    const std::string voltage = e.text("tariff_voltage");
    std::vector<DatedBuyPrice> rules;
    if (!files.empty()) {
      const int line = e.line_of_field("tariff_files");
      if (e.has("buy_price_cny_per_mwh"))
        ctx.diag.add({ctx.file, e.line_of_field("buy_price_cny_per_mwh"), e.where(),
                      "buy_price_cny_per_mwh", "",
                      "either buy_price_cny_per_mwh or tariff_files, not both"});
      if (voltage.empty()) {
        ctx.diag.add({ctx.file, line, e.where(), "tariff_voltage", "",
                      "is required with tariff_files (a voltage level of the files, e.g. "
                      "\"220kv\")"});
        tariffs_read = false;
      } else if (ctx.start_valid) {
        std::vector<std::string> paths;
        for (const auto& f : files) paths.push_back((ctx.folder / f).lexically_normal().string());
        try {
          rules = tariff::dated_buy_prices(paths, files, net.snapshots, voltage);
        } catch (const InputError& err) {
          for (const Diagnostic& d : err.diagnostics()) ctx.diag.add(d);
          ctx.diag.add({ctx.file, line, e.where(), "tariff_files",
                        fmt::format("[\"{}\"]", fmt::join(files, "\", \"")),
                        "tariff files that can be read, each with a valid_from date (see above)"});
          tariffs_read = false;
        }
      }
      gc.buy_price_cny_per_mwh.add_constant(0.0);  // set below from the file in force
    } else {
      if (!e.has("buy_price_cny_per_mwh"))
        ctx.diag.add({ctx.file, e.line(), e.where(), "buy_price_cny_per_mwh", "",
                      "is required (series, CNY/MWh), or tariff_files"});
      gc.buy_price_cny_per_mwh.add_series(e.series("buy_price_cny_per_mwh"));
    }
    gc.tariffs.push_back(std::move(rules));
    const std::vector<double> sell = e.series("sell_price_cny_per_mwh");
    gc.sell_price_cny_per_mwh.add_series(sell);
    gc.mechanism_price_cny_per_mwh.push_back(e.number("mechanism_price_cny_per_mwh"));
    gc.mechanism_share.push_back(e.number("mechanism_share"));
    if (e.has("mechanism_reference_price_cny_per_mwh")) {
      gc.mechanism_reference_price_cny_per_mwh.add_series(
          e.series("mechanism_reference_price_cny_per_mwh"));
    } else {
      gc.mechanism_reference_price_cny_per_mwh.add_series(monthly_mean(net.snapshots, sell));
    }
    gc.market_price_cny_per_mwh.add_series(
        e.has("market_price_cny_per_mwh") ? e.series("market_price_cny_per_mwh") : sell);
    gc.demand_charge_cny_per_kw_month.push_back(e.number("demand_charge_cny_per_kw_month"));
    gc.co2_t_per_mwh.push_back(e.number("co2_t_per_mwh"));
    gc.delivery_charge_cny_per_mwh.add_series(e.series("delivery_charge_cny_per_mwh"));
  });
  check_unique(ctx, gc.name, grid_connections_lines, "grid connection", "grid_connections");
  lines.grid_connections = grid_connections_lines;
  if (tariffs_read && ctx.start_valid) {
    try {
      (void)set_buy_prices_in_force(net);
    } catch (const InputError& err) {
      for (const Diagnostic& d : err.diagnostics()) {
        Diagnostic x = d;
        x.file = ctx.file;
        x.line = static_cast<std::size_t>(x.index) < grid_connections_lines.size()
                     ? grid_connections_lines[static_cast<std::size_t>(x.index)]
                     : 0;
        ctx.diag.add(std::move(x));
      }
    }
  }
}

void resolve_supplied_via(Context& ctx,
                          const std::vector<std::pair<std::string, int>>& supplied_via) {
  Network& net = *ctx.net;
  Generators& g = net.generators;
  const GridConnections& gc = net.grid;
  // Generators supplied through a grid connection: resolved once the connections are known.
  g.supplied_via.assign(supplied_via.size(), -1);
  for (std::size_t i = 0; i < supplied_via.size(); ++i) {
    const auto& [via, line] = supplied_via[i];
    if (via.empty()) continue;
    const auto it = std::find(gc.name.begin(), gc.name.end(), via);
    if (it != gc.name.end()) {
      g.supplied_via[i] = static_cast<Index>(it - gc.name.begin());
      continue;
    }
    const std::string hint = did_you_mean(via, gc.name);
    ctx.diag.set_place({ctx.file, "generators", static_cast<int>(i), g.name[i]});
    ctx.diag.add({ctx.file, line, fmt::format("generator \"{}\"", g.name[i]), "supplied_via",
                  fmt::format("\"{}\"", via),
                  fmt::format("no grid connection of that name{}",
                              hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint))});
    ctx.diag.clear_place();
  }
}

// [policy] and [unit_commitment].
void read_policy(Context& ctx, const toml::table& root) {
  Network& net = *ctx.net;
  with_section(ctx, root, "policy", [&](Entry& e) {
    net.policy.co2_cap_t = e.number("co2_cap_t");
    net.policy.min_green_share = e.number("min_green_share");
    net.policy.no_reverse_flow = e.flag("no_reverse_flow");
    net.policy.carbon_price_cny_per_t = e.number("carbon_price_cny_per_t");
    net.policy.min_self_consumption_share = e.number("min_self_consumption_share");
    net.policy.hydrogen_hourly_matching = e.flag("hydrogen_hourly_matching");
  });

  if (root.contains("unit_commitment")) {
    with_section(ctx, root, "unit_commitment", [&](Entry& e) {
      const std::string mode = e.text("mode");
      if (!parse_uc_mode(mode, net.unit_commitment.mode))
        ctx.diag.add({ctx.file, e.line_of_field("mode"), e.where(), "mode",
                      fmt::format("\"{}\"", mode), "expected \"integer\", \"linear\" or \"off\""});
    });
  }
}

// [planning] and [[retirements]].
void read_planning(Context& ctx, const toml::table& root) {
  Network& net = *ctx.net;
  if (root.contains("planning")) {
    with_section(ctx, root, "planning", [&](Entry& e) {
      Planning& p = net.planning;
      p.present = true;
      p.line = e.line();
      for (double y : e.number_list("years")) p.years.push_back(year_value(ctx, e, "years", y));
      for (std::size_t i = 1; i < p.years.size(); ++i)
        if (p.years[i] <= p.years[i - 1]) {
          ctx.diag.add({ctx.file, e.line_of_field("years"), e.where(), "years",
                        fmt::format("{} after {}", p.years[i], p.years[i - 1]),
                        "expected years in increasing order"});
          break;
        }
      if (p.years.empty() && root["planning"]["years"])
        ctx.diag.add({ctx.file, e.line_of_field("years"), e.where(), "years", "[]",
                      "expected at least one investment period"});
      p.last_period_years = e.number("last_period_years");
      p.base_year = year_value(ctx, e, "base_year", e.number("base_year"));
      if (p.base_year == 0 && !p.years.empty()) p.base_year = p.years.front();
      if (!p.years.empty() && p.base_year > p.years.front())
        ctx.diag.add(
            {ctx.file, e.line_of_field("base_year"), e.where(), "base_year",
             fmt::format("{}", p.base_year),
             fmt::format("expected a year no later than the first period, {}", p.years.front())});
      // A text field with two allowed values: its value, a named error when it is neither.
      const auto one_of = [&](const char* field, std::string_view a, std::string_view b) {
        const std::string v = e.text(field);
        if (v != a && v != b)
          ctx.diag.add({ctx.file, e.line_of_field(field), e.where(), field,
                        fmt::format("\"{}\"", v), fmt::format("expected \"{}\" or \"{}\"", a, b)});
        return v;
      };
      p.myopic = one_of("foresight", "perfect", "myopic") == "myopic";
      const double days = e.number("typical_days");
      const auto n_days = static_cast<Index>(std::min(days, 1e6));
      if (const std::string why = net.snapshots.typical_days_problem(n_days); !why.empty())
        ctx.diag.add({ctx.file, e.line_of_field("typical_days"), e.where(), "typical_days",
                      fmt::format("{}", days), why});
      else
        p.typical_days = n_days;
      p.extreme_days = one_of("extreme_days", "per-month", "none") != "none";
      p.link_storage = one_of("typical_day_storage", "linked", "daily") != "daily";
      p.link_commitment = one_of("typical_day_commitment", "linked", "daily") != "daily";
      p.min_green_share = e.number_list("min_green_share");
      p.co2_cap_t = e.number_list("co2_cap_t");
      for (const char* list : {"min_green_share", "co2_cap_t"}) {
        const auto& v =
            std::string_view(list) == "min_green_share" ? p.min_green_share : p.co2_cap_t;
        if (!v.empty() && v.size() != p.years.size())
          ctx.diag.add({ctx.file, e.line_of_field(list), e.where(), list,
                        fmt::format("[{}]", fmt::join(v, ", ")),
                        fmt::format("expected one value per period ({})", p.years.size())});
      }
      p.capacity_share_goal = e.number("capacity_share_goal");
    });
  }
  for_each_entry(ctx, root, "retirements", [&](Entry& e) {
    Retirement r;
    r.component = e.text("component");
    r.year = year_value(ctx, e, "year", e.number("year"));
    r.line = e.line();
    const auto& gn = net.generators.name;
    const auto& sn = net.storage_units.name;
    const auto& tn = net.stores.name;
    const auto& kn = net.links.name;
    const auto has = [&](const std::vector<std::string>& v) {
      return std::find(v.begin(), v.end(), r.component) != v.end();
    };
    if (!r.component.empty() && !has(gn) && !has(sn) && !has(tn) && !has(kn)) {
      std::vector<std::string> all = gn;
      for (const auto* v : {&sn, &tn, &kn}) all.insert(all.end(), v->begin(), v->end());
      const std::string hint = did_you_mean(r.component, all);
      ctx.diag.add({ctx.file, e.line_of_field("component"), e.where(), "component",
                    fmt::format("\"{}\"", r.component),
                    fmt::format("no generator, storage unit, store or link of that name{}",
                                hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint))});
    }
    net.planning.retirements.push_back(std::move(r));
  });
}

// `[paths] linkage_profile`: the 24 hourly shares of a "profile" contract, and only there.
void read_linkage_profile(Context& ctx, Entry& e, const ReformPaths& p) {
  const std::vector<double>& shares = p.linkage_profile;
  const bool given = e.has("linkage_profile");
  const auto problem = [&](std::string value, std::string why) {
    ctx.diag.add({ctx.file, e.line_of_field("linkage_profile"), e.where(), "linkage_profile",
                  std::move(value), std::move(why)});
  };
  if (p.linkage_shape != "profile") {
    if (given)
      problem(fmt::format("{} values", shares.size()),
              fmt::format("is used only with linkage_shape = \"profile\" (it is \"{}\")",
                          p.linkage_shape));
    return;
  }
  if (!given) {
    ctx.diag.add({ctx.file, e.line_of_field("linkage_shape"), e.where(), "linkage_shape",
                  "\"profile\"", "needs linkage_profile: 24 shares by hour of day"});
    return;
  }
  if (shares.size() != 24) {
    problem(fmt::format("{} values", shares.size()), "expected 24 shares, one per hour of day");
    return;
  }
  if (std::none_of(shares.begin(), shares.end(), [](double s) { return s > 0.0; }))
    problem("all 0", "at least one hour must take linked energy (a share above 0)");
}

void read_paths(Context& ctx, const toml::table& root) {
  Network& net = *ctx.net;
  if (root.contains("paths")) {
    with_section(ctx, root, "paths", [&](Entry& e) {
      ReformPaths& p = net.paths;
      p.present = true;
      p.line = e.line();
      const std::string tariff = e.text("tariff");
      p.tariff = tariff.empty() ? tariff : (ctx.folder / tariff).lexically_normal().string();
      p.grid_connection = e.text("grid_connection");
      p.user_voltage = e.text("user_voltage");
      p.connection_voltage = e.text("connection_voltage");
      p.distribution_capex_cny = e.number("distribution_capex_cny");
      p.distribution_lifetime_years = e.number("distribution_lifetime_years");
      p.distribution_om_cny_per_year = e.number("distribution_om_cny_per_year");
      p.linkage_generators = e.text_list("linkage_generators");
      p.coal_price_cny_per_tce = e.number("coal_price_cny_per_tce");
      p.linkage_margin_cny_per_mwh = e.number("linkage_margin_cny_per_mwh");
      p.linkage_full_load_hours = e.number("linkage_full_load_hours");
      p.linkage_shape = e.text("linkage_shape");
      if (p.linkage_shape.empty()) p.linkage_shape = "free";
      if (p.linkage_shape != "free" && p.linkage_shape != "flat" && p.linkage_shape != "profile")
        ctx.diag.add({ctx.file, e.line_of_field("linkage_shape"), e.where(), "linkage_shape",
                      fmt::format("\"{}\"", p.linkage_shape),
                      "expected \"free\", \"flat\" or \"profile\""});
      p.linkage_profile = e.number_list("linkage_profile");
      read_linkage_profile(ctx, e, p);
      p.integration_energy_price = e.text("integration_energy_price");
      if (p.integration_energy_price.empty()) p.integration_energy_price = "tariff";
      if (p.integration_energy_price != "tariff" && p.integration_energy_price != "market")
        ctx.diag.add({ctx.file, e.line_of_field("integration_energy_price"), e.where(),
                      "integration_energy_price", fmt::format("\"{}\"", p.integration_energy_price),
                      "expected \"tariff\" or \"market\""});
      p.onsite_generators = e.text_list("onsite_generators");
      p.onsite_storage = e.text_list("onsite_storage");
      p.min_green_share = e.number("min_green_share");
      p.min_self_consumption_share = e.number("min_self_consumption_share");
      p.export_max_mw = e.number("export_max_mw");
      p.tnd_load_factor = e.number("tnd_load_factor");
      p.funds_on_self_consumption = e.flag("funds_on_self_consumption");
      p.arrangement = e.text("arrangement");
      if (p.arrangement.empty()) p.arrangement = "captive";
      if (p.arrangement != "captive" && p.arrangement != "grid" && p.arrangement != "linkage" &&
          p.arrangement != "integration")
        ctx.diag.add({ctx.file, e.line_of_field("arrangement"), e.where(), "arrangement",
                      fmt::format("\"{}\"", p.arrangement),
                      "expected \"captive\", \"grid\", \"linkage\" or \"integration\""});
      // What an arrangement refers to is used in every run and plan year
      // (apply_supply_arrangement): said here, not at the solve.
      if (p.arrangement == "captive") return;
      (void)supply_arrangement_refs(
          net, [&](const std::string& field, const std::string& value, const std::string& why) {
            ctx.diag.add({ctx.file, e.line_of_field(field), e.where(), field, value, why});
          });
    });
  }
}

void read_all(Context& ctx, const toml::table& root, SourceLines& lines) {
  check_sections(ctx, root);
  read_scenario_and_snapshots(ctx, root);
  // Without snapshots no time series can be read: report what we have.
  if (ctx.net->snapshots.count == 0) return;
  read_carriers_and_buses(ctx, root);
  // Every series of every family starts empty at the snapshots' length (for_each_series); each
  // entry adds its row, and validate checks that every family's rows are all there.
  const Index T = ctx.net->snapshots.count;
  for_each_series(*ctx.net,
                  [&](const SeriesField&, TimeSeries& series) { series = TimeSeries(T); });
  std::vector<std::pair<std::string, int>> supplied_via;  // name and line, per generator
  read_generators(ctx, root, lines, supplied_via);
  read_loads_and_projects(ctx, root, lines);
  read_storage(ctx, root, lines);
  read_links(ctx, root, lines);
  read_grid_connections(ctx, root, lines);
  resolve_supplied_via(ctx, supplied_via);
  read_policy(ctx, root);
  read_planning(ctx, root);
  read_group_constraints(ctx, root, *ctx.net);
  read_paths(ctx, root);
}

}  // namespace

namespace {

// Parses TOML text (`path` names it in messages; its folder anchors relative CSV paths) and reads
// the network from it: the part shared by read_scenario and read_scenario_text.
Network read_parsed(std::string_view text, const std::string& path, ReadStats* stats,
                    std::chrono::steady_clock::time_point t0) {
  using Clock = std::chrono::steady_clock;
  Context ctx;
  ctx.file = path;
  ctx.folder = fs::path(path).parent_path();
  Network net;
  net.source = path;
  ctx.net = &net;
  if (text.size() > kMaxScenarioBytes) {
    ctx.diag.add({path, 0, "", "", "",
                  fmt::format("the file is larger than {} MiB, the limit for a scenario file "
                              "(time series belong in CSV files)",
                              kMaxScenarioBytes >> 20)});
    ctx.diag.throw_if_any();
  }
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& err) {
    ctx.diag.add({path, static_cast<int>(err.source().begin.line), "", "", "",
                  fmt::format("not valid TOML: {}", err.description())});
    ctx.diag.throw_if_any();
  }
  if (root.empty()) {
    ctx.diag.add({path, 0, "", "", "",
                  "the file holds no TOML table or field (expected a scenario: [snapshots], "
                  "[[buses]], ...; see docs/scenario-format.md)"});
    ctx.diag.throw_if_any();
  }
  SourceLines lines;
  read_all(ctx, root, lines);
  const auto t1 = Clock::now();
  if (net.snapshots.count > 0) validate(net, path, ctx.diag, lines);
  if (stats) {
    stats->read_s = std::chrono::duration<double>(t1 - t0).count();
    stats->validate_s = std::chrono::duration<double>(Clock::now() - t1).count();
  }
  ctx.diag.throw_if_any();
  if (net.policy.no_reverse_flow)
    std::fill(net.grid.export_max_mw.begin(), net.grid.export_max_mw.end(), 0.0);
  return net;
}

}  // namespace

Network read_scenario(const std::string& path, ReadStats* stats) {
  const auto t0 = std::chrono::steady_clock::now();
  Diagnostics diag;
  if (!fs::exists(path)) {
    diag.add({path, 0, "", "", "", "scenario file not found"});
    diag.throw_if_any();
  }
  if (std::error_code ec; fs::file_size(path, ec) > kMaxScenarioBytes && !ec) {
    diag.add({path, 0, "", "", "",
              fmt::format("the file is larger than {} MiB, the limit for a scenario file "
                          "(time series belong in CSV files)",
                          kMaxScenarioBytes >> 20)});
    diag.throw_if_any();
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    diag.add({path, 0, "", "", "", "the file could not be read"});
    diag.throw_if_any();
  }
  return read_parsed(text.str(), path, stats, t0);
}

Network read_scenario_text(std::string_view toml_text, const std::string& path, ReadStats* stats) {
  return read_parsed(toml_text, path, stats, std::chrono::steady_clock::now());
}

}  // namespace parkgrid::io
