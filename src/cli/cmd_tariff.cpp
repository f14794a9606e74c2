// parkgrid tariff TARIFF.toml --voltage LEVEL [--load FILE.csv [--column NAME]] [--start T]
// [--hours N] [--contracted-kva KVA] [--json]: the hourly buy prices of a tariff summarised by
// time-of-use period, and with a load its bill as a waterfall (energy, T&D, line loss, system
// operation, funds, demand or capacity charge). Charges and format: docs/tariffs.md.
#include <fmt/format.h>
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "io/csv.hpp"
#include "parkgrid/tariff.hpp"

namespace parkgrid::cli {

namespace {

struct TariffArgs {
  std::string file;
  std::string voltage;
  std::string load;
  std::string column;
  std::string start;
  std::optional<int> hours;
  std::optional<double> contracted_kva;
  bool json = false;
};

constexpr const char* kCommandLine = "command line";

// "2025-01-01T00:00", "2025-01-01 00:00" or "2025-01-01"; false for anything else (or Feb 30).
bool parse_local_time(const std::string& s, DateTime& dt) {
  int n = 0;
  DateTime out;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &out.year, &out.month, &out.day,
                  &out.hour, &out.minute, &n) == 5 &&
      static_cast<std::size_t>(n) == s.size()) {
  } else if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &out.year, &out.month, &out.day, &n) == 3 &&
             static_cast<std::size_t>(n) == s.size()) {
    out.hour = out.minute = 0;
  } else {
    return false;
  }
  if (out.month < 1 || out.month > 12 || out.hour < 0 || out.hour > 23 || out.minute < 0 ||
      out.minute > 59)
    return false;
  const bool leap = (out.year % 4 == 0 && out.year % 100 != 0) || out.year % 400 == 0;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (out.day < 1 || out.day > kDays[out.month - 1] + (out.month == 2 && leap ? 1 : 0))
    return false;
  dt = out;
  return true;
}

std::string period_label(std::string_view name) {
  static const std::map<std::string_view, std::string_view> kChinese = {{"critical_peak", "尖峰"},
                                                                        {"peak", "高峰"},
                                                                        {"flat", "平段"},
                                                                        {"valley", "低谷"},
                                                                        {"deep_valley", "深谷"}};
  const auto it = kChinese.find(name);
  return it == kChinese.end() ? std::string(name) : fmt::format("{} {}", name, it->second);
}

// The load column of the CSV: one value per snapshot, MW, >= 0. Problems go to `diag`.
std::vector<double> read_load(const TariffArgs& a, Diagnostics& diag, std::string& column) {
  const io::CsvFile csv = io::CsvFile::read(a.load, a.load, diag);
  if (!csv.ok()) return {};
  std::optional<std::size_t> index;
  if (!a.column.empty()) {
    index = csv.find_column(a.column);
    if (!index) {
      const std::string hint = did_you_mean(a.column, csv.header());
      diag.add({a.load, 1, "header", "--column", fmt::format("\"{}\"", a.column),
                hint.empty() ? fmt::format("no column of that name; the columns are {}",
                                           fmt::join(csv.header(), ", "))
                             : fmt::format("no column of that name; did you mean \"{}\"?", hint)});
      return {};
    }
  } else if (csv.header().size() == 1) {
    index = 0;
  } else {
    diag.add({a.load, 1, "header", "--column", "",
              fmt::format("the file has {} columns; choose the load with --column ({})",
                          csv.header().size(), fmt::join(csv.header(), ", "))});
    return {};
  }
  column = csv.header()[*index];
  std::vector<double> values = csv.numbers(*index, diag);
  if (values.empty())
    diag.add({a.load, 0, "", "", "", "has a header but no rows (expected one row per hour)"});
  int reported = 0;
  for (std::size_t r = 0; r < values.size(); ++r) {
    if (values[r] >= 0 || ++reported > 10) continue;
    // CsvFile keeps every line as a row once the file is ok(): data row r is on line r + 2.
    diag.add({a.load, static_cast<int>(r) + 2, fmt::format("column \"{}\"", column), "value",
              fmt::format("{}", values[r]), "must be >= 0 (a load in MW)"});
  }
  if (reported > 10)
    diag.add({a.load, 0, fmt::format("column \"{}\"", column), "", "",
              fmt::format("{} more negative values not listed", reported - 10)});
  return values;
}

// Time-weighted means of each component over the snapshots of one period (or all of them).
struct PeriodSummary {
  std::string name;
  double ratio = 1.0;
  double hours = 0;
  double energy = 0, transmission = 0, line_loss = 0, system_operation = 0, funds = 0;
  [[nodiscard]] double total() const {
    return energy + transmission + line_loss + system_operation + funds;
  }
  void add(const tariff::HourlyPrices& p, std::size_t t, double w) {
    hours += w;
    energy += w * p.energy[t];
    transmission += w * p.transmission[t];
    line_loss += w * p.line_loss[t];
    system_operation += w * p.system_operation[t];
    funds += w * p.government_funds[t];
  }
  void finish() {
    if (hours <= 0) return;
    for (double* v : {&energy, &transmission, &line_loss, &system_operation, &funds}) *v /= hours;
  }
};

struct Summary {
  std::vector<PeriodSummary> periods;  // highest ratio first
  PeriodSummary all;
};

Summary summarise(const tariff::Tariff& t, const Snapshots& s, const tariff::HourlyPrices& p) {
  Summary out;
  out.all.name = "mean";
  std::map<std::string, PeriodSummary> by_name;
  for (std::size_t i = 0; i < p.energy.size(); ++i) {
    const double w = s.weight_hours[i];
    auto& ps = by_name[std::string(p.period[i])];
    ps.name = p.period[i];
    if (const tariff::Period* pr = t.period(p.period[i])) ps.ratio = pr->ratio;
    ps.add(p, i, w);
    out.all.add(p, i, w);
  }
  for (auto& [name, ps] : by_name) {
    ps.finish();
    out.periods.push_back(ps);
  }
  std::stable_sort(out.periods.begin(), out.periods.end(),
                   [](const auto& a, const auto& b) { return a.ratio > b.ratio; });
  out.all.finish();
  return out;
}

std::string floating_list(const tariff::Tariff& t) {
  std::vector<std::string> f;
  if (t.energy_floats) f.emplace_back("energy 电能量");
  if (t.transmission_floats) f.emplace_back("T&D 输配电");
  if (t.line_loss_floats) f.emplace_back("line loss 线损");
  if (t.system_operation_floats) f.emplace_back("system operation 系统运行");
  return f.empty() ? "none 无" : fmt::format("{}", fmt::join(f, ", "));
}

void print_prices(const tariff::Tariff& t, const TariffArgs& a, const Snapshots& s,
                  const Summary& sum, const tariff::HourlyPrices& p) {
  fmt::print("Tariff 电价: {} ({}){}\n", t.name, t.source,
             t.valid_from.empty() ? "" : fmt::format(", valid from 起始 {}", t.valid_from));
  fmt::print("Voltage level 电压等级: {}; {} h from {} to {} ({} month(s) 个月)\n\n", a.voltage,
             thousands(s.total_hours()), s.label(0), s.label(s.count - 1), s.num_months);
  Table table({"Period 时段", "Hours 小时", "Ratio 系数", "Energy 电能量", "T&D 输配电",
               "Line loss 线损", "System op. 系统运行", "Funds 基金附加", "Total 合计"},
              {false, true, true, true, true, true, true, true, true});
  const auto row = [&](const std::string& label, const PeriodSummary& ps, const std::string& r) {
    table.row({label, thousands(ps.hours), r, thousands(ps.energy, 2),
               thousands(ps.transmission, 2), thousands(ps.line_loss, 2),
               thousands(ps.system_operation, 2), thousands(ps.funds, 2),
               thousands(ps.total(), 2)});
  };
  for (const auto& ps : sum.periods)
    row(period_label(ps.name), ps, fmt::format("{:.2f}", ps.ratio));
  row("Time-weighted mean 时间加权平均", sum.all, "");
  fmt::print("{}", table.str());
  fmt::print(" Prices in CNY/MWh 元/兆瓦时. Floating with time of use 随峰谷浮动: {}\n",
             floating_list(t));
  fmt::print(
      " Demand charge 需量电价 {:.2f} CNY/kW·month 元/千瓦·月; capacity charge 容量电价 {:.2f} "
      "CNY/kVA·month 元/千伏安·月\n",
      p.demand_charge_cny_per_kw_month, p.capacity_charge_cny_per_kva_month);
}

void print_bill(const tariff::Bill& b, const tariff::BillOptions& o, const TariffArgs& a,
                const std::string& column, double peak_mw) {
  fmt::print("\nBill 电费: {} column \"{}\": {} MWh, peak 最大负荷 {} MW\n\n", a.load, column,
             thousands(b.energy_mwh, 1), thousands(peak_mw, 2));
  const double kwh = b.energy_mwh * 1000.0;
  const auto per_kwh = [&](double cny) { return kwh > 0 ? cny / kwh : 0.0; };
  Table table({"Item 项目", "CNY 元", "CNY/kWh 元/千瓦时", "Cumulative 累计 CNY/kWh"},
              {false, true, true, true});
  double cumulative = 0;
  const auto row = [&](const std::string& label, double cny) {
    cumulative += cny;
    table.row({label, thousands(cny), fmt::format("{:.4f}", per_kwh(cny)),
               fmt::format("{:.4f}", per_kwh(cumulative))});
  };
  row("Energy 电能量电费", b.energy_cny);
  row("T&D 输配电费", b.transmission_cny);
  row("Line loss 上网环节线损费用", b.line_loss_cny);
  row("System operation 系统运行费用", b.system_operation_cny);
  row("Government funds 政府性基金及附加", b.government_funds_cny);
  if (o.basis == tariff::FixedChargeBasis::kContractedCapacity) {
    row(fmt::format("Capacity charge 容量电费 ({} kVA)", thousands(o.contracted_capacity_kva)),
        b.capacity_charge_cny);
  } else {
    row("Demand charge 需量电费", b.demand_charge_cny);
  }
  table.row(
      {"Total 合计", thousands(b.total_cny()), fmt::format("{:.4f}", b.average_cny_per_kwh()), ""});
  fmt::print("{}", table.str());
}

nlohmann::ordered_json summary_json(const Summary& sum) {
  const auto component = [](const PeriodSummary& ps) {
    nlohmann::ordered_json j;
    j["hours"] = ps.hours;
    j["energy_cny_per_mwh"] = ps.energy;
    j["transmission_cny_per_mwh"] = ps.transmission;
    j["line_loss_cny_per_mwh"] = ps.line_loss;
    j["system_operation_cny_per_mwh"] = ps.system_operation;
    j["government_funds_cny_per_mwh"] = ps.funds;
    j["total_cny_per_mwh"] = ps.total();
    return j;
  };
  nlohmann::ordered_json out;
  out["mean"] = component(sum.all);
  nlohmann::ordered_json periods = nlohmann::ordered_json::array();
  for (const auto& ps : sum.periods) {
    nlohmann::ordered_json j;
    j["period"] = ps.name;
    j["ratio"] = ps.ratio;
    j.update(component(ps));
    periods.push_back(j);
  }
  out["periods"] = periods;
  return out;
}

int run(const TariffArgs& a) {
  try {
    const tariff::Tariff t = tariff::read_tariff(a.file);
    Diagnostics diag;
    if (!t.voltage(a.voltage)) {
      // hourly_prices names the levels the tariff has; ask it for the message.
      (void)tariff::hourly_prices(t, Snapshots{}, a.voltage);
    }

    Snapshots s;
    if (!a.start.empty()) {
      if (!parse_local_time(a.start, s.start))
        diag.add({kCommandLine, 0, "", "--start", fmt::format("\"{}\"", a.start),
                  "expected a local time like 2025-01-01T00:00"});
    } else if (!parse_local_time(t.valid_from, s.start)) {
      s.start = DateTime{2025, 1, 1, 0, 0};
    }

    std::string column;
    std::vector<double> load;
    if (!a.load.empty()) load = read_load(a, diag, column);
    diag.throw_if_any();

    Index count = a.hours.value_or(8760);
    if (!a.load.empty()) {
      if (a.hours && static_cast<std::size_t>(*a.hours) != load.size()) {
        diag.add({a.load, 0, fmt::format("column \"{}\"", column), "", "",
                  fmt::format("has {} rows but --hours is {}; give one value per hour", load.size(),
                              *a.hours)});
        diag.throw_if_any();
      }
      count = static_cast<Index>(load.size());
    }
    s.count = count;
    s.step_hours = 1.0;
    s.weight_hours.assign(static_cast<std::size_t>(count), 1.0);
    s.index_months();

    const tariff::HourlyPrices p = tariff::hourly_prices(t, s, a.voltage);
    const Summary sum = summarise(t, s, p);

    tariff::BillOptions options;
    options.voltage_level = a.voltage;
    if (a.contracted_kva) {
      options.basis = tariff::FixedChargeBasis::kContractedCapacity;
      options.contracted_capacity_kva = *a.contracted_kva;
    }
    std::optional<tariff::Bill> b;
    if (!a.load.empty()) b = tariff::bill(t, s, load, options);

    if (a.json) {
      nlohmann::ordered_json j;
      j["tariff"] = t.name;
      j["file"] = t.source;
      j["voltage_level"] = a.voltage;
      j["start"] = s.label(0);
      j["hours"] = s.total_hours();
      j["months"] = s.num_months;
      j["prices"] = summary_json(sum);
      j["demand_charge_cny_per_kw_month"] = p.demand_charge_cny_per_kw_month;
      j["capacity_charge_cny_per_kva_month"] = p.capacity_charge_cny_per_kva_month;
      if (b) {
        nlohmann::ordered_json jb;
        jb["load_file"] = a.load;
        jb["column"] = column;
        jb["basis"] = options.basis == tariff::FixedChargeBasis::kContractedCapacity
                          ? "contracted_capacity"
                          : "max_demand";
        if (a.contracted_kva) jb["contracted_capacity_kva"] = *a.contracted_kva;
        jb["energy_mwh"] = b->energy_mwh;
        jb["energy_cny"] = b->energy_cny;
        jb["transmission_cny"] = b->transmission_cny;
        jb["line_loss_cny"] = b->line_loss_cny;
        jb["system_operation_cny"] = b->system_operation_cny;
        jb["government_funds_cny"] = b->government_funds_cny;
        jb["demand_charge_cny"] = b->demand_charge_cny;
        jb["capacity_charge_cny"] = b->capacity_charge_cny;
        jb["total_cny"] = b->total_cny();
        jb["average_cny_per_kwh"] = b->average_cny_per_kwh();
        j["bill"] = jb;
      }
      fmt::print("{}\n", j.dump(2));
      return kExitOk;
    }
    print_prices(t, a, s, sum, p);
    if (b) print_bill(*b, options, a, column, *std::max_element(load.begin(), load.end()));
    return kExitOk;
  } catch (const InputError& e) {
    report_problem("{} problem(s) found 发现问题:\n", e.diagnostics().size());
    for (const auto& d : e.diagnostics()) report_diagnostic(d);
    return kExitInputError;
  }
}

}  // namespace

void add_tariff_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<TariffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tariff",
      "Hourly prices of a tariff and the bill of a load 分时电价与负荷电费 (docs/tariffs.md)");
  cmd->add_option("tariff_file", a->file, "Tariff file (TOML), e.g. data/tariffs/*.toml")
      ->required();
  cmd->add_option("--voltage", a->voltage,
                  "Voltage level as named in the tariff's [[voltage_levels]], e.g. 220kv")
      ->required();
  cmd->add_option("--load", a->load,
                  "CSV with a header row and one load value (MW, >= 0) per hour, from --start");
  cmd->add_option("--column", a->column,
                  "Column of the load in --load (may be left out when the file has one column)");
  cmd->add_option("--start", a->start,
                  "Local time of the first hour, e.g. 2025-01-01T00:00 (default: the tariff's "
                  "valid_from, else 2025-01-01T00:00)");
  cmd->add_option("--hours", a->hours, "Number of hours (default: the rows of --load, else 8760)")
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_option("--contracted-kva", a->contracted_kva,
                  "Bill the capacity charge on this contracted capacity (kVA) instead of the "
                  "demand charge on each month's peak")
      ->check(CLI::Range(0.0, 1e12));
  cmd->add_flag("--json", a->json, "Print the price summary and the bill as JSON");
  cmd->footer(
      "Examples:\n"
      "  parkgrid tariff data/tariffs/shanxi_large_industry_2025.toml --voltage 220kv\n"
      "  parkgrid tariff data/tariffs/shanxi_large_industry_2025.toml --voltage 110kv "
      "--load load.csv --column load_mw --start 2025-01-01T00:00 --json\n"
      "Exit codes: 0 ok; 2 bad input (the problems are listed).");
  cmd->callback([a, &exit_code] { exit_code = run(*a); });
}

}  // namespace parkgrid::cli
