// parkgrid paths SCENARIO -o OUT: the reform paths side by side (docs/tariffs.md).
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/table.hpp"
#include "parkgrid/paths.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/scenario.hpp"

namespace parkgrid::cli {
namespace {

struct PathsArgs {
  std::string scenario;
  std::string out;
  std::string method = "simplex";
  int threads = 0;
  double time_limit_s = kInf;
  bool compare_cold = false;
  bool solver_log = false;
  std::string uc;  // "" keeps the scenario's mode
  double mip_gap = 1e-4;
  bool no_crossover = false;
  bool no_progress = false;
  Index typical_days = 0;  // 0: every snapshot
  TypicalDayOptions typical;
  std::vector<std::string> sensitivities;  // NAME=v1,v2,...
};

std::string fixed3(double v) {
  if (!std::isfinite(v)) return "–";
  return fmt::format("{:.4f}", std::abs(v) < 5e-5 ? 0.0 : v);  // no "-0.0000"
}

void print(const paths::Result& r) {
  fmt::print("\nReform paths 用电改革路径 · {} · {}\n\n", r.scenario, r.tariff);
  Table overview({"Path 路径", "Price 电价 CNY/kWh", "Saving 降幅", "Green 绿电", "CO2 kg/kWh",
                  "Investment 投资 M CNY", "Payback 回收期 yr", "Solve 求解 s"},
                 {false, true, true, true, true, true, true, true});
  for (const auto& p : r.paths) {
    // A path without a solution (e.g. stopped at its time limit) has no figures: "–".
    const auto solved = [&](std::string text) { return p.has_solution ? text : "–"; };
    overview.row(
        {fmt::format("{} {}", p.name_zh, p.id), fixed3(p.price_cny_per_kwh),
         fixed3(p.saving_cny_per_kwh), solved(fmt::format("{:.1f} %", 100.0 * p.green_share)),
         solved(fmt::format("{:.3f}", p.co2_kg_per_kwh)),
         solved(thousands(p.investment_cny / 1e6, 1)), paths::payback_text(p.simple_payback_years),
         p.cold_solve_s >= 0 ? fmt::format("{:.2f} (cold {:.2f})", p.solve_s, p.cold_solve_s)
                             : fmt::format("{:.2f}", p.solve_s)});
  }
  fmt::print("{}\n", overview.str());

  std::vector<std::string> header{"Waterfall 电价构成 CNY/kWh"};
  for (const auto& p : r.paths) header.push_back(p.id);
  std::vector<bool> right(header.size(), true);
  right[0] = false;
  Table wf(header, right);
  for (const paths::WaterfallPart& part : paths::waterfall_parts()) {
    if (part.cny == &paths::Waterfall::heat_revenue_cny &&
        std::none_of(r.paths.begin(), r.paths.end(),
                     [](const auto& p) { return p.heat_load_mwh > 0; }))
      continue;  // no heat in the scenario
    std::vector<std::string> row{fmt::format("{} {}", part.name_en, part.name_zh)};
    for (const auto& p : r.paths)
      row.push_back(p.has_solution
                        ? fixed3(part.signed_cny(p.waterfall) / (p.consumption_mwh * 1000.0))
                        : "–");
    wf.row(row);
  }
  std::vector<std::string> total{"Total 合计"};
  for (const auto& p : r.paths) total.push_back(fixed3(p.price_cny_per_kwh));
  wf.row(total);
  fmt::print("{}\n", wf.str());

  Table built({"Path 路径", "Built 新建", "Grid import 下网 GWh", "Export 上网 GWh",
               "Curtailment 弃电 GWh"},
              {false, false, true, true, true});
  for (const auto& p : r.paths) {
    std::string b;
    for (const auto& c : p.built)
      if (c.optimal - c.existing >= 0.5)  // what rounds to 0 MW is not shown as built
        b += fmt::format("{}{} {} {}", b.empty() ? "" : ", ", c.name,
                         thousands(c.optimal - c.existing, 0),
                         c.quantity == "energy_mwh" ? "MWh" : "MW");
    built.row({p.id, b.empty() ? "–" : b, thousands(p.grid_import_mwh / 1000.0, 1),
               thousands(p.grid_export_mwh / 1000.0, 1), thousands(p.curtailment_mwh / 1000.0, 1)});
  }
  fmt::print("{}\n", built.str());

  // The park's heat beside its electricity: its load at each path's heat price (the heat buses'
  // duals), taken out of the electricity price above as the waterfall's heat part.
  if (std::any_of(r.paths.begin(), r.paths.end(),
                  [](const auto& p) { return p.heat_load_mwh > 0; })) {
    Table heat({"Path 路径", "Heat load 热负荷 GWh_th", "Heat price 热价 CNY/MWh_th",
                "Heat cost 用热成本 M CNY/yr", "Heat CO2 热力碳排放 kt"},
               {false, true, true, true, true});
    for (const auto& p : r.paths) {
      const bool priced = p.has_solution && std::isfinite(p.heat_price_cny_per_mwh);
      heat.row({p.id, thousands(p.heat_load_mwh / 1000.0, 1),
                priced ? fmt::format("{:.1f}", p.heat_price_cny_per_mwh) : "–",
                priced ? thousands(p.waterfall.heat_revenue_cny / 1e6, 1) : "–",
                thousands(p.heat_co2_t / 1000.0, 1)});
    }
    fmt::print("{}\n", heat.str());
  }
  for (const auto& p : r.paths)
    for (const auto& v : p.violations) fmt::print("  ✗ {}: {}\n", p.id, v.message);
  for (const auto& s : r.sensitivities) {
    std::string line = fmt::format("  {} = {}:", s.parameter, s.value);
    for (const auto& p : s.paths) line += fmt::format("  {} {:.4f}", p.id, p.price_cny_per_kwh);
    fmt::print("{}  (CNY/kWh)\n", line);
  }
}

int run(const PathsArgs& a) {
  paths::Options o;
  o.solver.method = solve::parse_method(a.method).value_or(solve::Method::kSimplex);
  o.solver.threads = a.threads;
  o.solver.time_limit_s = a.time_limit_s;
  o.solver.log_to_console = a.solver_log;
  o.solver.mip_rel_gap = a.mip_gap;
  o.solver.crossover = !a.no_crossover;
  o.solver.progress = terminal_progress(!a.no_progress && !a.solver_log);
  o.compare_cold = a.compare_cold;
  for (const std::string& spec : a.sensitivities) {
    const auto eq = spec.find('=');
    std::vector<double> values;
    std::stringstream ss(eq == std::string::npos ? "" : spec.substr(eq + 1));
    for (std::string item; std::getline(ss, item, ',');) {
      try {
        values.push_back(std::stod(item));
      } catch (const std::exception&) {
        report_problem("--sensitivity {}: \"{}\" is not a number\n", spec, item);
        return kExitInputError;
      }
    }
    if (eq == std::string::npos || values.empty()) {
      report_problem("--sensitivity {}: expected NAME=v1,v2,...\n", spec);
      return kExitInputError;
    }
    o.sensitivities.emplace_back(spec.substr(0, eq), values);
  }
  if (output_refused(a.out, a.scenario)) return kExitInputError;
  try {
    Network net = io::read_scenario(a.scenario);
    if (!a.uc.empty()) (void)parse_uc_mode(a.uc, net.unit_commitment.mode);
    a.typical.apply(net);
    if (a.typical_days > 0 && !reduce_to_typical_days(net, a.typical_days)) return kExitInputError;
    const paths::Result r = paths::run(net, o);
    print(r);
    paths::write(r, a.out);
    std::string shown = a.out;
    while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
    events::emit_written(a.out);
    fmt::print("Results 结果: {}/ (paths.json, paths.csv{})\n", shown,
               r.sensitivities.empty() ? "" : ", sensitivities.csv");
    int code = kExitOk;
    for (const auto& p : r.paths) {
      if (p.status == "optimal") continue;
      const bool infeasible = p.status == "infeasible" || p.status == "unbounded";
      report_problem("path {} is {}{}\n", p.id, p.status,
                     infeasible       ? " (the reasons are above)"
                     : p.has_solution ? "; its figures are not optimal"
                                      : "; no solution was found, its figures are shown as –");
      code = std::max(code, infeasible ? static_cast<int>(kExitInfeasible)
                                       : static_cast<int>(kExitSolverFailure));
    }
    return code;
  } catch (const InputError& e) {
    report_problem("{} problem(s); nothing was written:\n", e.diagnostics().size());
    for (const auto& d : e.diagnostics()) report_diagnostic(d);
    return kExitInputError;
  } catch (const solve::SolverError& e) {
    report_problem("solver failure: {}\n", e.what());
    return kExitSolverFailure;
  } catch (const std::runtime_error& e) {  // the output folder cannot be written
    report_problem("{}\n", e.what());
    return kExitInputError;
  }
}

}  // namespace

void add_paths_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<PathsArgs>();
  CLI::App* cmd =
      app.add_subcommand("paths", "Compare the electricity reform paths 对比用电改革路径");
  cmd->add_option("scenario", a->scenario, "Scenario file with a [paths] section")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", a->out, "Output folder (paths.json, paths.csv)")->required();
  cmd->add_option("--solver", a->method, "HiGHS method (simplex keeps the basis between paths)")
      ->check(CLI::IsMember({"choose", "simplex", "ipm", "ipx", "hipo", "pdlp"}))
      ->capture_default_str();
  cmd->add_option("--threads", a->threads, "Solver threads (0: HiGHS default)")
      ->check(kNonNegative);
  cmd->add_option("--time-limit", a->time_limit_s, "Time limit per path, seconds")
      ->check(kPositive);
  cmd->add_flag("--compare-cold", a->compare_cold,
                "Also solve each path from scratch and report its time");
  cmd->add_option(
      "--sensitivity", a->sensitivities,
      "NAME=v1,v2,...: coal_price_cny_per_tce, carbon_price_cny_per_t or pv_capex_cny_per_mw "
      "(per MW AC, capacity_mw's basis: a price per Wp DC times dc_ac_ratio)");
  cmd->add_flag("--solver-log", a->solver_log, "Show HiGHS's log");
  cmd->add_option("--uc", a->uc,
                  "Unit commitment: integer (a MIP per path), linear or off; default: the "
                  "scenario's [unit_commitment] mode")
      ->check(CLI::IsMember({"integer", "linear", "off"}));
  cmd->add_option("--mip-gap", a->mip_gap, "Integer unit commitment: relative MIP gap")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--no-crossover", a->no_crossover,
                "Interior point: stop at the interior solution, no crossover to a basis");
  cmd->add_flag("--no-progress", a->no_progress, "No progress line while solving");
  cmd->add_option("--typical-days", a->typical_days,
                  "Compare the paths on N representative days (k-medoids) instead of every "
                  "snapshot; prints the error of the reduction")
      ->check(kPositive);
  add_typical_day_options(cmd, a->typical);
  cmd->footer(
      "Example: parkgrid paths data/pinglu/scenario.toml -o out/pinglu-paths "
      "--sensitivity coal_price_cny_per_tce=500,700,900");
  cmd->callback([a, &exit_code] { exit_code = run(*a); });
}

}  // namespace parkgrid::cli
