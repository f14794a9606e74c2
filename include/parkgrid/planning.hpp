// Multi-year planning along the project pipeline (docs/planning.md).
//
//   period_network   the one-year network of an investment period: project loads at the
//                    period's ramp-up share, existing capacity still in service, the period's
//                    policy targets
//   typical_days     k-medoids choice of representative days and the error of the reduction
//   plan             perfect foresight (one LP over all periods, built from the period models
//                    and linked by capacity rows) or myopic (period by period)
//
// The period models are the one-year models of src/formulate/, unchanged: the multi-period LP
// stacks them, scales each period's costs by its discounted years, and adds one build column per
// extendable capacity and period, with the rows that say what stands in each period.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "parkgrid/formulate.hpp"
#include "parkgrid/network.hpp"
#include "parkgrid/result_tables.hpp"
#include "parkgrid/results.hpp"
#include "parkgrid/solve.hpp"

namespace parkgrid::planning {

// ---- the pipeline ------------------------------------------------------------------------------

// Expected energy of each project in each year of `years` (MWh, weighted snapshots).
struct PipelineTable {
  std::vector<int> years;
  std::vector<std::vector<double>> energy_mwh;  // [project][year]
  std::vector<std::vector<double>> share;       // [project][year]
};
[[nodiscard]] PipelineTable pipeline(const Network& net, const std::vector<int>& years);

// First year and years of each period; discount factors.
struct Periods {
  std::vector<int> year;      // first year of each period
  std::vector<double> years;  // years each stands for
  int base_year = 0;
  double rate = 0.0;
  [[nodiscard]] std::size_t size() const { return year.size(); }
  [[nodiscard]] int horizon_end() const;  // first year after the last period
  // 1 / (1 + rate)^(y - base_year)
  [[nodiscard]] double discount(int y) const;
  // Sum of the discount factors of the years period p stands for.
  [[nodiscard]] double weight(std::size_t p) const;
};
[[nodiscard]] Periods periods_of(const Network& net);

// The one-year network of period p: loads of the projects at the share of its year, existing
// capacity out of service from its retirement year on, the period's green share and CO2 cap.
[[nodiscard]] Network period_network(const Network& base, std::size_t p);

// ---- typical days ------------------------------------------------------------------------------

// How well the representative days reproduce one full-year series.
struct SeriesError {
  std::string name;                   // e.g. "availability_pu of pv_fixed_new", "load (all)"
  double full_mean = 0.0;             // mean over the full snapshots
  double reduced_mean = 0.0;          // weighted mean over the representative days
  double mean_error = 0.0;            // (reduced - full) / full, 0 when full == 0
  double duration_curve_nrmse = 0.0;  // RMSE of the sorted curves / (max - min) of the full one
};

struct Reduction {
  Index days_total = 0;
  std::vector<Index> day;           // representative days (first snapshot / 24), chronological
  std::vector<double> weight_days;  // days each stands for; sums to days_total
  std::vector<Index> assignment;    // representative (position in `day`) of every day
  std::vector<char> extreme;        // per representative day: 1 if added as an extreme day
  [[nodiscard]] Index extreme_days() const {
    return static_cast<Index>(std::count(extreme.begin(), extreme.end(), 1));
  }
  std::vector<SeriesError> errors;
};

// Chooses `k` representative days of `net` (hourly snapshots of whole days) by k-medoids on the
// daily profiles of renewable availability, load and grid prices, each scaled to [0, 1]; with
// net.planning.extreme_days, adds per month the day of least renewable energy and the day of
// highest net load, each of weight 1 taken from its cluster (up to 2 per month more days).
// Deterministic: the same network and k always give the same days.
[[nodiscard]] Reduction typical_days(const Network& net, Index k);
// The network on the representative days only: every time series cut to their hours, each hour
// weighted by the days its day stands for. With net.planning.link_storage, every storage unit
// and store is linked through the calendar days (Snapshots::day_representative, Kotzur); else a
// cyclic one cycles within each representative day and a non-cyclic one runs through them.
[[nodiscard]] Network reduce(const Network& net, const Reduction& reduction);

// ---- multi-period optimisation -----------------------------------------------------------------

// One extendable capacity of the network (a capacity column of every period model).
struct CapacityRef {
  std::string family;  // generator, storage_unit, store, link
  std::string name;
  std::string quantity;  // capacity_mw, power_mw, energy_mwh
  std::string unit;      // MW or MWh
  Index component = 0;
  double annualised_cny_per_unit = 0;  // CRF x capex + fixed O&M, per year
  double capex_cny_per_unit = 0;
  double lifetime_years = 0;
};

struct PeriodResult {
  int year = 0;
  double years = 1;
  double weight = 1;              // discounted years (sum of discount factors)
  analysis::Results results;      // the period's year: summary, capacities, hourly tables
  double operation_cost_cny = 0;  // per year: energy, fuel, O&M of existing assets, charges
  double annual_cost_cny = 0;     // per year: operation + annuities of everything built
  double investment_cny = 0;      // overnight capex of what is built in this period
  std::vector<double> built;      // per CapacityRef, built in this period
  std::vector<double> standing;   // per CapacityRef, in service in this period
};

struct PlanResult {
  std::string scenario;
  bool myopic = false;
  std::string status;  // "optimal", "infeasible", "time_limit", ...
  bool optimal = false;
  std::string solver;
  Periods periods;
  std::vector<CapacityRef> capacities;
  std::vector<PeriodResult> period;
  double total_cost_cny = 0;  // discounted to base_year, investment counted while standing
  double capacity_share_goal = 0.5;
  int goal_year = 0;  // first period meeting the goal, 0: none
  Index typical_days = 0;
  std::vector<SeriesError> reduction_errors;
  Index snapshots_per_period = 0;
  Index num_col = 0, num_row = 0, num_nz = 0;
  double build_s = 0, solve_s = 0;
  std::vector<analysis::Violation> violations;  // when infeasible: of the first period that is
  int infeasible_year = 0;
  [[nodiscard]] bool has_solution() const {
    return !period.empty() && period.front().results.summary.has_solution;
  }
};

// One row of period_capacities.csv: a capacity option in one period.
struct PeriodCapacity {
  int year = 0;
  const CapacityRef* ref = nullptr;
  double built = 0, standing = 0;
};
[[nodiscard]] const analysis::TableSpec<PeriodCapacity>& period_capacities_table();
// plan.json's reduction_errors (each period of plan.json is a row of periods_table()).
[[nodiscard]] const analysis::TableSpec<SeriesError>& reduction_errors_table();

// periods.csv, one row per period, described once (src/planning/writer.cpp): the writer and the
// docs (`parkgrid schema --results`) use it.
[[nodiscard]] const analysis::TableSpec<PeriodResult>& periods_table();

// The multi-period LP of perfect foresight over all periods of `nets` (period networks, possibly
// reduced), with the original existing capacity `base` fixes. Exposed for tests and benchmarks.
struct MultiModel {
  LinearProgram lp;
  std::vector<formulate::Model> periods;
  std::vector<Index> col_offset, row_offset;  // per period
  Index build_offset = 0;                     // build(q, p) = build_offset + q * P + p
  Index link_offset = 0;                      // link row (q, p) = link_offset + q * P + p
  std::vector<CapacityRef> capacities;
};
[[nodiscard]] MultiModel build_multi(const Network& base, const std::vector<Network>& nets,
                                     const Periods& periods);

// Plans `net` ([planning] section) with perfect foresight or myopically. `typical_days`
// overrides the section's when >= 0.
[[nodiscard]] PlanResult plan(const Network& net, const solve::Options& options,
                              Index typical_days = -1);

// OUT/periods.csv, OUT/period_capacities.csv, OUT/plan.json and OUT/<year>/ (the one-year
// results of each period), atomically.
void write_plan(const PlanResult& result, const std::string& out_dir);

}  // namespace parkgrid::planning
