// parkgrid pipeline SCENARIO: the projects and their expected energy per year.
// parkgrid plan SCENARIO -o OUT: multi-year planning along the pipeline ([planning] section).
#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "cli/commands.hpp"
#include "cli/solver_options.hpp"
#include "cli/table.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/scenario.hpp"

namespace parkgrid::cli {
namespace {

struct PlanArgs {
  std::string scenario;
  std::string out;
  std::string foresight;  // "" : the scenario's
  Index typical_days = -1;
  TypicalDayOptions typical;
  SolverArgs solver;
};

bool read(const std::string& path, Network& net) {
  try {
    net = io::read_scenario(path);
    return true;
  } catch (const InputError& e) {
    print_problems(e);
    return false;
  }
}

std::string stage_text(const std::string& stage) {
  if (stage == "in_production") return "in production 投产";
  if (stage == "under_construction") return "under construction 在建";
  if (stage == "signed") return "signed 签约";
  return "planned 规划";
}

int pipeline_cmd(const std::string& scenario, std::vector<int> years) {
  Network net;
  if (!read(scenario, net)) return kExitInputError;
  if (net.projects.size() == 0) {
    report_problem("{} has no [[projects]]: nothing to list\n", scenario);
    return kExitInputError;
  }
  if (years.empty()) years = net.planning.years;
  if (years.empty()) {
    const int first =
        *std::min_element(net.projects.start_year.begin(), net.projects.start_year.end());
    for (int y = first; y < first + 7; ++y) years.push_back(y);
  }
  const planning::PipelineTable t = planning::pipeline(net, years);
  std::vector<std::string> header{"Project 项目", "Stage 阶段", "Start 投产"};
  std::vector<bool> right{false, false, true};
  for (int y : years) {
    header.push_back(fmt::format("{} GWh", y));
    right.push_back(true);
  }
  header.push_back("名称");
  right.push_back(false);
  Table table(header, right);
  std::vector<double> total(years.size(), 0.0), heat(years.size(), 0.0);
  bool any_heat = false;
  const Projects& p = net.projects;
  for (Index i = 0; i < p.size(); ++i) {
    const auto k = static_cast<std::size_t>(i);
    std::vector<std::string> row{p.name[k], stage_text(p.stage[k]),
                                 std::to_string(p.start_year[k])};
    for (std::size_t y = 0; y < years.size(); ++y) {
      row.push_back(thousands(t.energy_mwh[k][y] / 1000.0, 1));
      if (net.buses.electric[static_cast<std::size_t>(p.bus[k])]) total[y] += t.energy_mwh[k][y];
      if (net.buses.is_heat(p.bus[k])) heat[y] += t.energy_mwh[k][y];
    }
    any_heat = any_heat || net.buses.is_heat(p.bus[k]);
    row.push_back(p.name_zh[k]);
    table.row(std::move(row));
  }
  std::vector<std::string> row{"Electricity 用电合计", "", ""};
  for (double v : total) row.push_back(thousands(v / 1000.0, 1));
  row.push_back("");
  table.row(std::move(row));
  // Projects on heat buses (process steam, docs/formulation.md "Heat"): GWh of heat, apart.
  if (any_heat) {
    std::vector<std::string> hrow{"Heat 用热合计 (GWh_th)", "", ""};
    for (double v : heat) hrow.push_back(thousands(v / 1000.0, 1));
    hrow.push_back("");
    table.row(std::move(hrow));
  }
  fmt::print(
      "\nparkgrid pipeline · {} · {} projects · energy at each year's ramp-up share "
      "(weather year {} snapshots)\n\n{}\n",
      net.name, p.size(), net.snapshots.start.year, table.str());
  return kExitOk;
}

void print_plan(const planning::PlanResult& r) {
  fmt::print(
      "\nparkgrid plan · {} · {} foresight 预见 · {} periods × {} snapshots{} · {}\n\n", r.scenario,
      r.myopic ? "myopic 短视" : "perfect 完全", r.period.size(), r.snapshots_per_period,
      r.typical_days > 0 ? fmt::format(" ({} typical days 典型日)", r.typical_days) : "", r.solver);
  if (!r.optimal)
    fmt::print("Status 求解状态: {}{}\n\n", r.status,
               r.status == "time_limit"
                   ? fmt::format(" (stopped at the time limit 达到求解时限; {})",
                                 r.has_solution() ? "the best plan found, not proven optimal"
                                                  : "no plan found 未找到可行方案")
                   : "");
  Table t({"Year 年份", "Load 用电 GWh", "Cost 供电成本 CNY/kWh", "Green 绿电 %",
           "RE cap. 新能源装机 %", "CO2 Mt", "Invest 投资 M CNY", "Built 新建"},
          {true, true, true, true, true, true, true, false});
  for (const auto& p : r.period) {
    const auto& s = p.results.summary;
    std::string built;
    for (std::size_t q = 0; q < r.capacities.size(); ++q) {
      const auto& c = r.capacities[q];
      if (c.quantity == "retrofit_units") {  // flexibility retrofit, in (possibly relaxed) units
        if (p.built[q] >= 0.005)
          built += fmt::format("{}{} retrofit 改造 {:.2f} {}", built.empty() ? "" : ", ", c.name,
                               p.built[q], c.unit);
      } else if (p.built[q] >= 0.5) {
        built += fmt::format("{}{} {} {}", built.empty() ? "" : ", ", c.name,
                             thousands(p.built[q], 0), c.unit);
      }
    }
    t.row({std::to_string(p.year), thousands(s.load_energy_mwh / 1000.0, 1),
           s.has_solution && s.load_energy_mwh > 0
               ? fmt::format("{:.4f}", s.average_cost_cny_per_kwh)
               : "–",
           s.has_solution ? fmt::format("{:.1f}", 100.0 * s.green_share) : "–",
           s.has_solution ? fmt::format("{:.1f}", 100.0 * s.renewable_capacity_share) : "–",
           s.has_solution ? fmt::format("{:.3f}", s.co2_t / 1e6) : "–",
           thousands(p.investment_cny / 1e6, 0), built.empty() ? "–" : built});
  }
  fmt::print("{}\n", t.str());
  // The share rules per year (1192号 under the integration arrangement, [policy], [planning]).
  bool any_rule = false;
  for (const auto& p : r.period) any_rule = any_rule || !p.results.summary.rules.empty();
  if (any_rule && r.has_solution()) {
    Table rules({"Year 年份", "Rule 规则", "Achieved 实际 %", "Required 要求 %", "Binding 起作用",
                 "Shadow price 影子价格 CNY/MWh"},
                {true, false, true, true, false, true});
    for (const auto& p : r.period)
      for (const auto& q : p.results.summary.rules)
        rules.row({std::to_string(p.year), q.name, fmt::format("{:.1f}", 100.0 * q.achieved),
                   fmt::format("{:.1f}", 100.0 * q.required), q.binding ? "yes 是" : "no 否",
                   std::isfinite(q.shadow_price_cny_per_mwh)
                       ? thousands(q.shadow_price_cny_per_mwh, 2)
                       : "–"});
    fmt::print("{}\n", rules.str());
  }
  if (r.has_solution()) {
    fmt::print("Total cost, discounted to {} 折现总成本: {} million CNY 百万元 (rate {:.1f} %)\n",
               r.periods.base_year, thousands(r.total_cost_cny / 1e6, 1), 100.0 * r.periods.rate);
    if (r.goal_year != 0)
      fmt::print("New energy at {:.0f} % of capacity first in 新能源装机占比目标首次达成: {}\n",
                 100.0 * r.capacity_share_goal, r.goal_year);
    else
      fmt::print("New energy below {:.0f} % of capacity in every period 新能源装机占比目标未达成\n",
                 100.0 * r.capacity_share_goal);
  }
  for (const auto& v : r.violations) fmt::print("  ✗ {}: {}\n", r.infeasible_year, v.message);
  fmt::print("Model 模型: {} columns × {} rows, {} nonzeros · build {:.3f} s · solve {:.1f} s\n",
             thousands(static_cast<double>(r.num_col)), thousands(static_cast<double>(r.num_row)),
             thousands(static_cast<double>(r.num_nz)), r.build_s, r.solve_s);
}

int plan_cmd(const PlanArgs& a) {
  if (solver_args_refused(a.solver)) return kExitInputError;
  if (output_refused(a.out, a.scenario)) return kExitInputError;
  Network net;
  if (!read(a.scenario, net)) return kExitInputError;
  if (!net.planning.present) {
    report_problem(
        "{} has no [planning] section: add one with the investment years, e.g.\n"
        "  [planning]\n  years = [2025, 2026, 2027]\n(docs/planning.md); nothing was "
        "written\n",
        a.scenario);
    return kExitInputError;
  }
  if (!a.foresight.empty()) net.planning.myopic = a.foresight == "myopic";
  apply_uc(net, a.solver);
  if (typical_days_refused(net, a.typical_days)) return kExitInputError;
  a.typical.apply(net);
  planning::PlanResult r;
  try {
    r = planning::plan(net, solver_options(a.solver), a.typical_days);
  } catch (const solve::SolverError& e) {
    report_problem("solver failure: {}\n", e.what());
    return kExitSolverFailure;
  }
  if (r.typical_days > 0) {
    planning::Reduction shown;
    shown.errors = r.reduction_errors;
    fmt::print("\nTypical days 典型日: {} of {} days\n", r.typical_days, net.snapshot_count() / 24);
    print_reduction(shown, net);
  }
  print_plan(r);
  try {
    planning::write_plan(r, a.out);
  } catch (const std::runtime_error& e) {
    report_problem("{}\n", e.what());
    return kExitInputError;
  }
  std::string shown = a.out;
  while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
  events::emit_written(a.out);
  fmt::print(
      "Results 结果: {}/ (periods.csv, period_capacities.csv, plan.json, one folder per "
      "year)\n",
      shown);
  if (r.optimal) return kExitOk;
  if (r.status == "infeasible") {
    report_problem("the plan is infeasible 规划无可行解; see the reasons above.\n");
    return kExitInfeasible;
  }
  report_problem("the solver stopped ({}) before proving optimality; {}\n", r.status,
                 r.has_solution() ? "the best plan found is written with that status"
                                  : "no plan was found (the files hold the status only)");
  return kExitSolverFailure;
}

}  // namespace

bool typical_days_refused(const Network& net, Index days) {
  const std::string why = net.snapshots.typical_days_problem(days);
  if (why.empty()) return false;
  report_problem("--typical-days {}: {}; nothing was written\n", days, why);
  return true;
}

bool reduce_to_typical_days(Network& net, Index days) {
  if (typical_days_refused(net, days)) return false;
  const planning::Reduction red = planning::typical_days(net, days);
  net = planning::reduce(net, red);
  print_reduction(red, net);
  return true;
}

void TypicalDayOptions::apply(Network& net) const {
  if (!extreme_days.empty()) net.planning.extreme_days = extreme_days == "per-month";
  if (!storage.empty()) net.planning.link_storage = storage == "linked";
  if (!commitment.empty()) net.planning.link_commitment = commitment == "linked";
}

void add_typical_day_options(CLI::App* cmd, TypicalDayOptions& o) {
  cmd->add_option("--extreme-days", o.extreme_days,
                  "With typical days: per-month adds each month's day of least renewable energy "
                  "and day of highest net load as days of their own; none: typical days only "
                  "(default: [planning] extreme_days, else none)")
      ->check(CLI::IsMember({"per-month", "none"}));
  cmd->add_option("--typical-day-storage", o.storage,
                  "With typical days: linked (stores and long-duration storage carry energy "
                  "between days and seasons, Kotzur; shorter storage cycles within its day) or "
                  "daily (each typical day cycles on its own) (default: [planning] "
                  "typical_day_storage, else linked)")
      ->check(CLI::IsMember({"linked", "daily"}));
  cmd->add_option("--typical-day-commitment", o.commitment,
                  "With typical days: linked (the units online of committable generators are "
                  "carried from each calendar day into the next, their starts paid where the "
                  "calendar makes them) or daily (they wrap within each typical day: a smaller, "
                  "faster LP that pays no start between days) (default: [planning] "
                  "typical_day_commitment, else linked)")
      ->check(CLI::IsMember({"linked", "daily"}));
}

void print_reduction(const planning::Reduction& red, const Network& net) {
  if (!red.day.empty())
    fmt::print("\nTypical days 典型日: {} of {} days{}\n", red.day.size(), red.days_total,
               red.extreme_days() > 0
                   ? fmt::format(" ({} of them extreme days 极端日)", red.extreme_days())
                   : "");
  const auto linked = [](bool on) { return on ? "linked 按日历衔接" : "daily 日内循环"; };
  fmt::print("Between days 日间: storage 储能 {} · unit commitment 机组组合 {}\n",
             linked(net.planning.link_storage), linked(net.planning.link_commitment));
  Table t({"Series 序列", "Full-year mean 全年均值", "Typical-day mean 典型日均值",
           "Mean error 均值误差", "Duration-curve NRMSE 持续曲线误差"},
          {false, true, true, true, true});
  for (const auto& e : red.errors)
    t.row({e.name, fmt::format("{:.4g}", e.full_mean), fmt::format("{:.4g}", e.reduced_mean),
           fmt::format("{:+.2f} %", 100.0 * e.mean_error),
           fmt::format("{:.2f} %", 100.0 * e.duration_curve_nrmse)});
  fmt::print("{}\n", t.str());
}

void add_plan_commands(CLI::App& app, int& exit_code) {
  {
    auto scenario = std::make_shared<std::string>();
    auto years = std::make_shared<std::vector<int>>();
    CLI::App* cmd = app.add_subcommand(
        "pipeline", "List the projects with their expected energy per year 项目清单与逐年用电");
    cmd->add_option("scenario", *scenario, "Scenario file with [[projects]]")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--years", *years, "Years to show (default: the [planning] years)");
    cmd->footer("Example: parkgrid pipeline data/pinglu/scenario.toml");
    cmd->callback([scenario, years, &exit_code] { exit_code = pipeline_cmd(*scenario, *years); });
  }
  auto a = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "plan", "Multi-year planning along the project pipeline 多年规划（随项目投产逐年建设）");
  cmd->add_option("scenario", a->scenario, "Scenario file with a [planning] section")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", a->out, "Output folder (replaced atomically)")->required();
  cmd->add_option("--foresight", a->foresight, "Override [planning] foresight")
      ->check(CLI::IsMember({"perfect", "myopic"}));
  cmd->add_option("--typical-days", a->typical_days,
                  "Override [planning] typical_days (0: every snapshot)")
      ->check(kNonNegative);
  add_typical_day_options(cmd, a->typical);
  add_solver_options(cmd, a->solver);
  cmd->footer("Example: parkgrid plan data/pinglu/scenario.toml -o out/pinglu-plan --solver ipm");
  cmd->callback([a, &exit_code] { exit_code = plan_cmd(*a); });
}

}  // namespace parkgrid::cli
