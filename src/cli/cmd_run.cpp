// parkgrid run SCENARIO -o OUT: read, validate, build, solve, explain, write, print.
#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "cli/commands.hpp"
#include "cli/solver_options.hpp"
#include "cli/table.hpp"
#include "parkgrid/parkgrid.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/pypsa.hpp"

namespace parkgrid::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::string out;
  SolverArgs solver;
  Index typical_days = 0;
  TypicalDayOptions typical;
};

std::string gwh(double mwh) {
  return fmt::format("{} GWh", thousands(mwh / 1000.0, 1));
}

void print_summary(const analysis::Results& r, const Network& net) {
  const analysis::Summary& s = r.summary;
  fmt::print("\nparkgrid {} · {} · {} snapshots × {} h · {}\n\n", PARKGRID_VERSION, s.scenario,
             net.snapshot_count(), net.snapshots.step_hours, s.solver);
  Table key({"Key figure 关键指标", "Value 数值"}, {false, true});
  key.row({"Status 求解状态", s.optimal ? "optimal 最优" : s.status});
  if (s.has_solution) {
    key.row({"Total annual cost 年总成本",
             fmt::format("{} million CNY 百万元", thousands(s.objective_cny / 1e6, 2))});
    key.row({"Electric load 用电量", gwh(s.load_energy_mwh)});
    key.row({"Average cost of supply 平均供电成本",
             fmt::format("{:.4f} CNY/kWh 元/千瓦时", s.average_cost_cny_per_kwh)});
    key.row({"Green share 绿电占比", fmt::format("{:.1f} %", 100.0 * s.green_share)});
    key.row({"CO2 emissions 碳排放",
             fmt::format("{} t ({:.3f} kg/kWh)", thousands(s.co2_t), s.co2_kg_per_kwh)});
    key.row({"Renewable generation 新能源发电", gwh(s.renewable_generation_mwh)});
    key.row({"New-energy share of capacity 新能源装机占比",
             fmt::format("{:.1f} %", 100.0 * s.renewable_capacity_share)});
    key.row({"Curtailment 弃风弃光", gwh(s.curtailment_mwh)});
    key.row({"Grid import 下网电量", gwh(s.grid_import_mwh)});
    key.row({"Grid export 上网电量", gwh(s.grid_export_mwh)});
    key.row({"Peak grid import 最大下网功率",
             fmt::format("{} MW", thousands(s.grid_peak_import_mw, 1))});
  }
  fmt::print("{}\n", key.str());

  if (!s.capacities.empty() && s.has_solution) {
    Table caps({"Component 设备", "Type 类型", "Quantity 量", "Existing 现有", "Optimal 最优",
                "Built 新建", "Full-load h 利用小时"},
               {false, false, false, true, true, true, true});
    for (const auto& c : s.capacities) {
      const double hours = c.full_load_hours();
      caps.row({c.name, c.family, c.quantity, thousands(c.existing, 1), thousands(c.optimal, 1),
                c.extendable ? thousands(c.optimal - c.existing, 1) : "–",
                std::isfinite(hours) ? thousands(hours) : "–"});
    }
    fmt::print("{}\n", caps.str());
  }
  if (!s.units.empty() && s.has_solution) {
    // How the committable units ran (unit commitment, mode linear or integer).
    fmt::print("Unit commitment 机组组合: {}{}\n", s.unit_commitment,
               s.unit_commitment == "integer"  ? fmt::format(" (MIP gap {:.3f} %)", 100 * s.mip_gap)
               : s.unit_commitment == "linear" ? " (units online relaxed to real numbers)"
                                               : "");
    Table units({"Unit 机组", "Units 台", "Starts 启动次数", "h at min. load 最小出力小时",
                 "h offline 停机小时", "h part-online 部分台数在线小时", "Full-load h 利用小时",
                 "Start cost 启停费 M CNY"},
                {false, true, true, true, true, true, true, true});
    double fractional = 0;
    for (const auto& x : s.units) {
      units.row({x.name, thousands(x.units, 1), thousands(x.starts, 1),
                 thousands(x.hours_at_min_load), thousands(x.hours_offline),
                 thousands(x.hours_fractional), thousands(x.full_load_hours),
                 fmt::format("{:.2f}", x.start_up_cny / 1e6)});
      fractional = std::max(fractional, x.hours_fractional);
    }
    fmt::print("{}\n", units.str());
    // The relaxation's artefact, said where it shows (docs/formulation.md, unit commitment).
    if (fractional > 0)
      fmt::print(
          "Note 注意: for up to {} h a fraction of a unit is online (its minimum load and no-load "
          "fuel scale with the fraction), so the units' hours above are not those of whole "
          "units; check with --uc integer (on typical days) before relying on them.\n"
          "线性松弛下部分时段在线台数为小数，机组小时数仅供参考，请用 --uc integer 复核。\n\n",
          thousands(fractional));
    // Flexibility retrofit: shown when any committable generator has the option.
    if (std::any_of(s.units.begin(), s.units.end(),
                    [](const auto& x) { return std::isfinite(x.retrofit_min_stable_pu); })) {
      Table retro({"Unit 机组", "Retrofitted 改造台数", "Retrofitted MW 改造容量",
                   "Min. load after 改造后最小出力", "Annuity 年化投资 M CNY"},
                  {false, true, true, true, true});
      for (const auto& x : s.units)
        if (std::isfinite(x.retrofit_min_stable_pu))
          retro.row({x.name, thousands(x.retrofit_units, 2),
                     thousands(x.retrofit_units * x.unit_size_mw, 1),
                     fmt::format("{:.0f} %", 100 * x.retrofit_min_stable_pu),
                     fmt::format("{:.2f}", x.retrofit_cny / 1e6)});
      fmt::print("Flexibility retrofit 灵活性改造\n{}\n", retro.str());
    }
  }
  if (!s.group_constraints.empty() && s.has_solution) {
    // Group constraints: each sum against its bound, and what one more unit of the bound is worth.
    Table groups({"Group constraint 组约束", "Sum 合计", "Bound 限值", "Binding 起作用",
                  "Shadow price 影子价格 CNY/unit"},
                 {false, true, true, false, true});
    for (const auto& g : s.group_constraints)
      groups.row({g.name, fmt::format("{} {}", thousands(g.value, 1), g.unit),
                  fmt::format("{} {} {}", g.sense, thousands(g.bound, 1), g.unit),
                  g.binding ? "yes 是" : "no 否",
                  std::isfinite(g.shadow_price_cny_per_unit)
                      ? fmt::format("{} /{}", thousands(g.shadow_price_cny_per_unit, 2), g.unit)
                      : "–"});
    fmt::print("{}\n", groups.str());
  }
  if (!s.rules.empty() && s.has_solution) {
    // Share rules (1192号 and [policy]): the share achieved against the share required.
    Table rules({"Rule 规则", "Achieved 实际", "Required 要求", "Binding 起作用",
                 "Shadow price 影子价格 CNY/MWh"},
                {false, true, true, false, true});
    for (const auto& q : s.rules)
      rules.row({q.name, fmt::format("{:.1f} %", 100 * q.achieved),
                 fmt::format(">= {:.1f} %", 100 * q.required), q.binding ? "yes 是" : "no 否",
                 std::isfinite(q.shadow_price_cny_per_mwh)
                     ? thousands(q.shadow_price_cny_per_mwh, 2)
                     : "–"});
    fmt::print("{}\n", rules.str());
  }
  if (!s.hydrogen.empty() && s.has_solution) {
    // Hydrogen: its CO2 at each hour's average supply and its grade (T/CAB 0078-2020).
    static const std::map<std::string, std::string> grades{
        {"renewable", "renewable 可再生氢"},
        {"clean", "clean 清洁氢"},
        {"low_carbon", "low-carbon 低碳氢"},
        {"above_low_carbon", "above low-carbon 高于低碳氢限值"},
        {"none", "–"}};
    Table h2({"Electrolyser 电解槽", "Hydrogen 氢气 t", "CO2 kg/kg H2", "Renewable 绿电 %",
              "Grade 等级 (T/CAB 0078-2020)"},
             {false, true, true, true, false});
    for (const auto& h : s.hydrogen)
      h2.row({h.name, thousands(h.hydrogen_t, 1),
              std::isfinite(h.co2_kg_per_kg) ? fmt::format("{:.2f}", h.co2_kg_per_kg) : "–",
              fmt::format("{:.1f}", 100.0 * h.renewable_share), grades.at(h.grade)});
    fmt::print("{}\n", h2.str());
  }
  if (!s.heat_supply.empty() && s.has_solution) {
    // Heat (docs/formulation.md#heat): the load, its price, CO2 and green share, the supply mix.
    Table heat({"Heat 热力", "Value 数值"}, {false, true});
    heat.row(
        {"Heat load 热负荷", fmt::format("{} GWh_th", thousands(s.heat_load_mwh / 1000.0, 1))});
    heat.row({"Heat price 热价 (load-weighted 负荷加权)",
              std::isfinite(s.heat_price_cny_per_mwh)
                  ? fmt::format("{:.1f} CNY/MWh_th 元/兆瓦时", s.heat_price_cny_per_mwh)
                  : "–"});
    heat.row({"Heat CO2 供热碳排放", fmt::format("{} t", thousands(s.heat_co2_t))});
    heat.row(
        {"Green share of heat 绿色热力占比", fmt::format("{:.1f} %", 100.0 * s.heat_green_share)});
    for (const auto& h : s.heat_supply)
      heat.row({fmt::format("  {} ({}){}", h.name, h.family,
                            h.family == "storage_unit" || h.family == "store" ? " discharged 放热"
                            : h.family == "transfer"                          ? " passed on 转供"
                                                                              : ""),
                fmt::format("{} GWh_th ({:.1f} %)", thousands(h.heat_mwh / 1000.0, 1),
                            s.heat_supply_mwh > 0 ? 100.0 * h.heat_mwh / s.heat_supply_mwh : 0.0)});
    for (const auto& h : s.heat_storage)
      heat.row({fmt::format("  {} storage level 储热 (mean / max)", h.name),
                fmt::format("{} / {} of {} MWh_th", thousands(h.mean_level_mwh, 1),
                            thousands(h.max_level_mwh, 1), thousands(h.energy_capacity_mwh, 1))});
    fmt::print("{}\n", heat.str());
  }
  for (const auto& v : s.violations) fmt::print("  ✗ {}\n", v.message);
  if (!s.violations.empty()) fmt::print("\n");
  const auto& t = s.timings;
  fmt::print(
      "Timings 用时: read {:.3f} s · validate {:.3f} s · build {:.3f} s · solve {:.3f} s{}\n",
      t.read_s, t.validate_s, t.build_s, t.solve_s,
      t.explain_s > 0 ? fmt::format(" · explain {:.3f} s", t.explain_s) : "");
  fmt::print("Model 模型: {} columns × {} rows, {} nonzeros, {:.1f} MB\n", thousands(s.num_col),
             thousands(s.num_row), thousands(s.num_nz), static_cast<double>(s.lp_bytes) / 1e6);
}

int run(const RunArgs& a) {
  if (solver_args_refused(a.solver)) return kExitInputError;
  if (output_refused(a.out, a.scenario)) return kExitInputError;
  io::ReadStats stats;
  Network net;
  try {
    if (io::is_pypsa_folder(a.scenario)) {  // a PyPSA CSV folder, read by the importer
      const auto t0 = std::chrono::steady_clock::now();
      net = io::read_pypsa(a.scenario);
      stats.read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } else {
      net = io::read_scenario(a.scenario, &stats);
    }
  } catch (const InputError& e) {
    print_problems(e);
    return kExitInputError;
  }
  const solve::Options o = solver_options(a.solver);
  apply_uc(net, a.solver);
  a.typical.apply(net);
  if (a.typical_days > 0 && !reduce_to_typical_days(net, a.typical_days)) return kExitInputError;

  analysis::Timings timings;
  timings.read_s = stats.read_s;
  timings.validate_s = stats.validate_s;
  analysis::Results results;
  try {
    results = optimise(net, o, timings);
  } catch (const solve::SolverError& e) {
    report_problem("solver failure: {}\n", e.what());
    return kExitSolverFailure;
  }
  print_summary(results, net);
  const analysis::Summary& s = results.summary;
  try {
    analysis::write_results(results, a.out);
  } catch (const std::runtime_error& e) {
    report_problem("{}\n", e.what());
    return kExitInputError;
  }
  std::string shown = a.out;
  while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
  events::emit_written(a.out);
  fmt::print("Results 结果: {}/ ({})\n", shown,
             s.has_solution         ? "summary.json, capacities.csv, costs.csv, hourly CSVs"
             : s.violations.empty() ? "summary.json only"
                                    : "summary.json with the explanation");
  if (s.optimal) return kExitOk;
  if (s.status == "infeasible") {
    report_problem("the model is infeasible 模型无可行解; see the reasons above.\n");
    return kExitInfeasible;
  }
  if (s.status == "unbounded") {
    report_problem(
        "the model is unbounded (or infeasible): some cost can fall without "
        "limit. Check extendable components without max_* bounds that earn revenue, and "
        "grid connections with export_max_mw = inf and a sell price above the buy price.\n");
    return kExitInfeasible;
  }
  report_problem("the solver stopped ({}) before proving optimality; {}\n", s.solver_status,
                 s.has_solution ? "the best solution found is written, marked \"optimal\": false"
                                : "no solution was found");
  return kExitSolverFailure;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd =
      app.add_subcommand("run", "Optimise a scenario and write the results 优化求解并输出结果");
  cmd->add_option("scenario", args->scenario,
                  "Scenario file (TOML), or a PyPSA CSV folder (network.csv / snapshots.csv)")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("-o,--out", args->out, "Output folder (replaced atomically)")->required();
  add_solver_options(cmd, args->solver);
  cmd->add_option("--typical-days", args->typical_days,
                  "Optimise on N representative days (k-medoids) instead of every snapshot; "
                  "prints the error of the reduction")
      ->check(kNonNegative);
  add_typical_day_options(cmd, args->typical);
  cmd->footer("Example: parkgrid run examples/microgrid/scenario.toml -o out/microgrid");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace parkgrid::cli
