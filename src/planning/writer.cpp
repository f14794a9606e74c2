// OUT/periods.csv, OUT/period_capacities.csv, OUT/plan.json and OUT/<year>/, atomically.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "io/json_number.hpp"
#include "io/rules_json.hpp"
#include "parkgrid/planning.hpp"

namespace parkgrid::planning {
namespace {
namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

constexpr auto num = io::json_number;

std::string periods_csv(const PlanResult& r) {
  std::string out =
      "year,years,discount_weight,load_mwh,annual_cost_cny,operation_cost_cny,"
      "cost_of_supply_cny_per_kwh,investment_cny,green_share,renewable_capacity_share,co2_t,"
      "renewable_generation_mwh,"
      "curtailment_mwh,grid_import_mwh,grid_export_mwh,status";
  // The share rules (1192号, [policy]) per year: achieved, required, binding, shadow price;
  // empty cells for a rule that is off in a year.
  static constexpr const char* kRules[] = {"min_green_share", "min_self_consumption_share"};
  for (const char* name : kRules)
    out += fmt::format(",{0}_achieved,{0}_required,{0}_binding,{0}_shadow_cny_per_mwh", name);
  out += "\n";
  for (const PeriodResult& p : r.period) {
    const analysis::Summary& s = p.results.summary;
    out += fmt::format(
        "{},{},{:.6f},{:.3f},{:.2f},{:.2f},{:.6f},{:.2f},{:.6f},{:.6f},{:.3f},{:.3f},{:.3f},"
        "{:.3f},{:.3f},{}",
        p.year, p.years, p.weight, s.load_energy_mwh, p.annual_cost_cny, p.operation_cost_cny,
        s.average_cost_cny_per_kwh, p.investment_cny, s.green_share, s.renewable_capacity_share,
        s.co2_t, s.renewable_generation_mwh, s.curtailment_mwh, s.grid_import_mwh,
        s.grid_export_mwh, s.status);
    for (const char* name : kRules) {
      const auto q = std::find_if(s.rules.begin(), s.rules.end(),
                                  [&](const analysis::RuleResult& x) { return x.name == name; });
      if (q == s.rules.end()) {
        out += ",,,,";
        continue;
      }
      out += fmt::format(",{:.6f},{:.6f},{},{}", q->achieved, q->required, q->binding ? 1 : 0,
                         std::isfinite(q->shadow_price_cny_per_mwh)
                             ? fmt::format("{:.4f}", q->shadow_price_cny_per_mwh)
                             : std::string());
    }
    out += "\n";
  }
  return out;
}

std::string capacities_csv(const PlanResult& r) {
  std::string out = "year,family,name,quantity,unit,built,standing\n";
  for (const PeriodResult& p : r.period)
    for (std::size_t q = 0; q < r.capacities.size(); ++q) {
      const CapacityRef& c = r.capacities[q];
      out += fmt::format("{},{},{},{},{},{:.4f},{:.4f}\n", p.year, c.family, c.name, c.quantity,
                         c.unit, p.built[q], p.standing[q]);
    }
  return out;
}

std::string plan_json(const PlanResult& r) {
  ordered_json j;
  j["scenario"] = r.scenario;
  j["foresight"] = r.myopic ? "myopic" : "perfect";
  j["status"] = r.status;
  j["optimal"] = r.optimal;
  j["solver"] = r.solver;
  j["base_year"] = r.periods.base_year;
  j["discount_rate"] = r.periods.rate;
  j["total_cost_cny"] = num(r.total_cost_cny);
  j["capacity_share_goal"] = r.capacity_share_goal;
  j["goal_year"] = r.goal_year == 0 ? ordered_json(nullptr) : ordered_json(r.goal_year);
  j["typical_days"] = r.typical_days;
  j["snapshots_per_period"] = r.snapshots_per_period;
  j["lp"] = {{"columns", r.num_col},
             {"rows", r.num_row},
             {"nonzeros", r.num_nz},
             {"build_s", r.build_s},
             {"solve_s", r.solve_s}};
  ordered_json errs = ordered_json::array();
  for (const auto& e : r.reduction_errors)
    errs.push_back({{"series", e.name},
                    {"full_mean", num(e.full_mean)},
                    {"reduced_mean", num(e.reduced_mean)},
                    {"mean_error", num(e.mean_error)},
                    {"duration_curve_nrmse", num(e.duration_curve_nrmse)}});
  j["reduction_errors"] = errs;
  ordered_json periods = ordered_json::array();
  for (const PeriodResult& p : r.period) {
    const analysis::Summary& s = p.results.summary;
    ordered_json pj;
    pj["year"] = p.year;
    pj["years"] = p.years;
    pj["discount_weight"] = p.weight;
    pj["status"] = s.status;
    pj["load_mwh"] = num(s.load_energy_mwh);
    pj["annual_cost_cny"] = num(p.annual_cost_cny);
    pj["cost_of_supply_cny_per_kwh"] = num(s.average_cost_cny_per_kwh);
    pj["investment_cny"] = num(p.investment_cny);
    pj["green_share"] = num(s.green_share);
    pj["renewable_capacity_share"] = num(s.renewable_capacity_share);
    pj["co2_t"] = num(s.co2_t);
    pj["rules"] = io::rules_json(s.rules);
    ordered_json built = ordered_json::object();
    for (std::size_t q = 0; q < r.capacities.size(); ++q)
      if (p.built[q] > 1e-6)
        built[fmt::format("{} {}", r.capacities[q].name, r.capacities[q].quantity)] =
            num(p.built[q]);
    pj["built"] = built;
    periods.push_back(pj);
  }
  j["periods"] = periods;
  ordered_json viol = ordered_json::array();
  for (const auto& v : r.violations) viol.push_back(v.message);
  j["infeasible_year"] =
      r.infeasible_year == 0 ? ordered_json(nullptr) : ordered_json(r.infeasible_year);
  j["violations"] = viol;
  return j.dump(2) + "\n";
}

}  // namespace

void write_plan(const PlanResult& result, const std::string& out_dir) {
  analysis::write_folder_atomically(out_dir, [&](const fs::path& tmp) {
    analysis::write_file(tmp / "periods.csv", periods_csv(result));
    analysis::write_file(tmp / "period_capacities.csv", capacities_csv(result));
    for (const PeriodResult& p : result.period)
      analysis::write_results_files(p.results, tmp / std::to_string(p.year));
    analysis::write_file(tmp / "plan.json", plan_json(result));
  });
}

}  // namespace parkgrid::planning
