// From a Network to a LinearProgram: one file per component family in src/formulate/, each
// writing its own blocks of rows and columns. The Layout keeps the typed block handles so that
// analysis and the infeasibility report read values back without searching.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "parkgrid/lp.hpp"
#include "parkgrid/network.hpp"

namespace parkgrid::formulate {

// For a family where only some components have a block (e.g. only extendable generators have a
// capacity column), `index[c]` is the component's position in that block, or -1.
using SubsetIndex = std::vector<Index>;
inline Index at(const SubsetIndex& s, Index c) {
  return s[static_cast<std::size_t>(c)];
}

// Storage linked through the calendar days on typical days (Snapshots::storage_linked(); Kotzur
// et al. 2018; docs/formulation.md#storage-linking): one set per family (storage units, stores),
// holding the components that are long_duration; the others cycle within each representative
// day. The state column of a linked component (storage_soc, store_energy) is the deviation from
// the state at the start of its representative day. Blocks below are indexed by `members`.
struct LinkedStorage {
  SubsetIndex members;  // component -> its index in the blocks below, -1 when not linked
  [[nodiscard]] Index member(Index component) const {
    return members.empty() ? -1 : at(members, component);
  }
  // Rows.
  RowBlock intra_max;  // components x T: deviation - high(r) <= 0
  RowBlock intra_min;  // components x T: deviation - low(r) >= 0
  RowBlock
      inter_balance;   // components x D: start(d+1) - retain^B start(d) - deviation(end r(d)) = 0
  RowBlock inter_max;  // components x D: start(d) + high(r(d)) - capacity <= 0
  RowBlock inter_min;  // components x D: retain^B start(d) + low(r(d)) >= 0
  // Columns.
  ColBlock inter;       // components x D: state at the start of each calendar day, MWh
  ColBlock intra_high;  // components x R: highest deviation in each representative day, MWh
  ColBlock intra_low;   // components x R: lowest deviation in each representative day, MWh
  [[nodiscard]] bool empty() const { return inter.empty(); }
};

struct Layout {
  Index snapshots = 0;
  // Rows, in the order they appear in the matrix.
  RowBlock bus_balance;                   // buses x T: supply - demand = load
  RowBlock generator_max, generator_min;  // extendable generators x T: p <= a P, p >= m P
  RowBlock storage_charge_max, storage_discharge_max;  // extendable-power units x T
  RowBlock storage_soc_max;      // units whose energy capacity is a variable x T
  RowBlock storage_soc_balance;  // units x T
  RowBlock store_energy_max;     // extendable stores x T
  RowBlock store_balance;        // stores x T
  RowBlock link_max, link_min;   // extendable links x T
  RowBlock grid_import_max;      // connections with generators supplied through them x T
  RowBlock grid_peak;            // connections with a demand charge x T: import <= peak
  // Typical days only: connections with a demand charge x (representative day, month it stands
  // for) pairs: day peak <= month peak.
  RowBlock grid_peak_month;
  RowBlock co2_cap;            // 1 row when a cap is set
  RowBlock green_share;        // 1 row when a minimum share is set
  RowBlock self_consumption;   // 1 row when a minimum self-consumption share is set
  RowBlock group_constraint;   // [[group_constraints]] x 1 (src/formulate/groups.cpp)
  RowBlock hydrogen_matching;  // 1 x T when hydrogen_hourly_matching: electrolysers <= RE - X
  // 1 x T when Policy::linkage_block_generators is set: row t holds their combined output at t
  // in the contract curve's proportion to that at the day's next snapshot with a share (at 0
  // when t's share is 0; a free row for the day's last such snapshot; src/formulate/policy.cpp).
  RowBlock linkage_block;
  // Unit commitment rows (src/formulate/commitment.cpp), committable generators x T.
  RowBlock generator_com_max, generator_com_min, generator_transition, generator_up_time,
      generator_down_time, generator_ramp_up, generator_ramp_down, generator_start_max,
      generator_stop_max;
  RowBlock generator_units_link;  // extendable committable generators x 1: P = S n
  // Typical days linked through the calendar (Snapshots::commitment_linked()), committable
  // generators x pairs (a, b) of representative days that follow one another in the calendar:
  // u(first of b) - u(last of a) - su_day + sd_day = 0 (commitment.cpp).
  RowBlock generator_day_transition;
  // Flexibility retrofit (commitment.cpp), retrofittable generators x T: v <= u, v <= r; and
  // retrofittable extendable ones x 1: r <= n.
  RowBlock generator_retrofit_online_max, generator_retrofit_online_units;
  RowBlock generator_retrofit_units_max;
  // Extraction-condensing CHP (src/formulate/heat.cpp), generators with a heat_bus x T.
  RowBlock chp_fuel_max, chp_back_pressure;
  // Columns.
  ColBlock generator_p, generator_capacity;
  ColBlock generator_online, generator_start, generator_stop;  // committable x T: units
  ColBlock generator_day_start, generator_day_stop;  // committable x pairs of days (linked)
  ColBlock generator_units;                          // extendable committable x 1: units standing
  ColBlock generator_retrofit_online;  // retrofittable x T: retrofitted units online (v)
  ColBlock generator_retrofit_units;   // retrofittable x 1: units retrofitted (r)
  ColBlock storage_charge, storage_discharge, storage_soc, storage_power_capacity,
      storage_energy_capacity;
  ColBlock store_dispatch, store_energy, store_capacity;
  LinkedStorage storage_linked, store_linked;  // typical days with linked storage only
  ColBlock link_p, link_capacity;
  ColBlock chp_heat;  // generators with a heat_bus x T: heat extracted, MW
  ColBlock grid_import, grid_export, grid_peak_mw;  // grid_peak_mw: connections x months
  ColBlock grid_day_peak_mw;  // typical days only: connections with a demand charge x days
  // Subsets.
  SubsetIndex generator_ext, generator_min_rows;
  // Committable generators (unit commitment not off): all, with a minimum stable load, with a
  // minimum up time, with ramp limits, extendable.
  SubsetIndex com, com_min, com_up, com_ramp, com_ext;
  // Committable generators with a retrofit option (Generators::retrofittable): all, extendable.
  SubsetIndex com_retro, com_retro_ext;
  SubsetIndex storage_power_ext, storage_energy_ext, storage_soc_max_rows;
  SubsetIndex store_ext;
  SubsetIndex link_ext, link_min_rows;
  SubsetIndex chp;  // generators with a heat_bus (Generators::extracts_heat)
  SubsetIndex grid_demand_charge;
  SubsetIndex grid_via;  // connections that generators are supplied through
};

struct Model {
  LinearProgram lp;
  Layout layout;
};

// Builds the least-cost planning and operation LP of `network` (see docs/formulation.md).
[[nodiscard]] Model build(const Network& network);

// The terms of one sum of a group constraint in the LP of `network`: `column(col, coefficient)`
// for each column entry and the constant part (components whose quantity is fixed: the capacity
// of a component that is not extendable, the demand of a load) returned. The one place that says
// which column carries which quantity (docs/formulation.md "Group constraints").
[[nodiscard]] double group_terms(const Network& network, const Layout& layout, const GroupSum& sum,
                                 const std::function<void(Col col, double coefficient)>& column);

// CO2 of one MWh of a generator's output: carrier CO2 / efficiency.
[[nodiscard]] double generator_co2_t_per_mwh(const Network& network, Index g);

// Whether generator g is modelled with unit commitment (committable, mode not "off").
[[nodiscard]] bool uses_commitment(const Network& network, Index g);
// Part-load heat rate of a committable generator: its fuel, cost and CO2 per hour are
// output x (full-load value per MWh) x `output` + units online x unit size x (full-load value
// per MWh) x `online`. {1, 0} without a part-load curve or unit commitment.
// Units started and shut down by committable generator k (its index in Layout::com) in snapshot
// t, per event the snapshot stands for (w_t / step). On typical days linked through the calendar
// the first snapshot of a representative day carries the calendar days' own transitions into the
// days it stands for (generator_day_start / _stop, per event), not its wrap within the day.
struct UnitEvents {
  double starts = 0.0;
  double stops = 0.0;
};
[[nodiscard]] UnitEvents unit_events(const Network& network, const Layout& layout,
                                     std::span<const double> col_value, Index k, Index t);
struct UnitCost {
  double output = 1.0;
  double online = 0.0;
};
[[nodiscard]] UnitCost unit_cost(const Network& network, Index g);

// What a generator's operation costs, by part, per unit of a column's quantity: the one
// definition of the LP's generator_p, generator_online and chp_heat costs (generators.cpp,
// commitment.cpp, heat.cpp), of the results' cost split (summary.cpp) and of the reform paths'
// costs and bills (paths.cpp). `fuel_cny_per_mwh` is the full-load cost of a MWh of output:
// the scenario's marginal cost, or a path's linked price; the part-load heat rate (UnitCost)
// scales it and the CO2, never the delivery charge.
struct CostParts {
  double fuel_cny = 0;      // fuel (marginal cost) x part-load factor
  double carbon_cny = 0;    // carbon price x co2_t
  double delivery_cny = 0;  // network charges of the connection supplied through (output only)
  double co2_t = 0;
  [[nodiscard]] double total_cny() const { return fuel_cny + carbon_cny + delivery_cny; }
};
class GeneratorCost {
 public:
  GeneratorCost(const Network& network, Index g);
  // Per MWh of output.
  [[nodiscard]] CostParts output(double fuel_cny_per_mwh, double carbon_cny_per_t,
                                 double delivery_cny_per_mwh) const {
    return parts(k_output_, fuel_cny_per_mwh, carbon_cny_per_t, delivery_cny_per_mwh);
  }
  // Per unit online and hour: the no-load fuel (UnitCost::online x unit size); 0 without
  // unit commitment or a part-load curve.
  [[nodiscard]] CostParts online(double fuel_cny_per_mwh, double carbon_cny_per_t) const {
    return parts(online_mwh_per_h_, fuel_cny_per_mwh, carbon_cny_per_t, 0.0);
  }
  // Per MWh_th extracted (power-loss method): the fuel of power_loss_ratio MWh of output.
  [[nodiscard]] CostParts heat(double fuel_cny_per_mwh, double carbon_cny_per_t) const {
    return parts(beta_ * k_output_, fuel_cny_per_mwh, carbon_cny_per_t, 0.0);
  }
  // The same at the network's own prices in snapshot t.
  [[nodiscard]] CostParts output(const Network& network, Index t) const;
  [[nodiscard]] CostParts online(const Network& network, Index t) const;
  [[nodiscard]] CostParts heat(const Network& network, Index t) const;

 private:
  [[nodiscard]] CostParts parts(double mwh, double fuel, double carbon, double delivery) const {
    return {mwh * fuel, mwh * co2_ * carbon, delivery, mwh * co2_};
  }
  Index g_ = 0;
  double k_output_ = 1.0, online_mwh_per_h_ = 0.0, beta_ = 0.0, co2_ = 0.0;
};

// The commitment parameters of committable generator g in snapshot steps and per-unit values.
struct UnitParams {
  double size_mw = 0, existing_units = 0;
  bool extendable = false;
  double min_stable_pu = 0;
  // Flexibility retrofit: the minimum stable load of a retrofitted unit (min_stable_pu without
  // the option) and the annuity of retrofitting one unit, CNY per year.
  bool retrofittable = false;
  double retrofit_min_pu = 0;
  double retrofit_cny_per_unit_year = 0;
  double retrofitted_before = 0;  // units already retrofitted (Commitment::retrofitted_units)
  // The minimum output of a unit in the ramp rows: the lower of the two minimums, so that a
  // retrofitted unit starting or stopping at its own minimum is never cut off.
  [[nodiscard]] double ramp_min_pu() const {
    return retrofittable ? retrofit_min_pu : min_stable_pu;
  }
  Index min_up = 0, min_down = 0;  // snapshots
  double ramp_up_pu = 1, ramp_down_pu = 1, start_up_pu = 1, shut_down_pu = 1;
  bool ramped = false;  // any ramp row needed
  bool initially_up = true;
  double online_before = 0;          // units online before the first snapshot (open horizon)
  Index up_left = 0, down_left = 0;  // snapshots the existing units must stay up / down
};
[[nodiscard]] UnitParams unit_params(const Network& network, Index g);

// A start for the integer unit commitment (docs/formulation.md, "Solving the MIP"): the solution
// `relaxed` of the linear relaxation with every integer column of the commitment rounded. Units
// built and retrofitted are rounded up and to the nearest; units online are split into one
// layer per unit, a unit on where the relaxed units online reach its layer + `threshold`, and
// each layer's runs repaired (down runs shorter than the minimum down time filled, up runs
// shorter than the minimum up time extended; the initial state kept), so that the rounded
// commitment meets the up and down times. The other columns keep their relaxed values (the
// caller re-solves them with the integers fixed).
[[nodiscard]] std::vector<double> round_commitment(const Network& network, const Model& model,
                                                   std::span<const double> relaxed,
                                                   double threshold);

// A cost, bound, right-hand side or matrix coefficient of the LP far outside the range a solver
// handles well, traced to the component and input field behind it (src/formulate/check.cpp,
// docs/reliability.md). One warning per (component, field): the worst value and how many.
struct NumericWarning {
  std::string component;  // e.g. `generator "x"`, `bus "park"`, `[policy]`
  std::string field;      // input field(s) behind the value, e.g. "marginal_cost_cny_per_mwh"
  std::string kind;       // "cost", "bound", "right-hand side" or "coefficient"
  double value = 0.0;     // the value furthest out of range
  Index entries = 0;      // how many LP values of this component and field are out of range
  std::string message;    // the whole warning, one line, for the user
};

// Checks the LP of `network` before it is solved: nonzero magnitudes below 1e-4 (costs) or 1e-6
// (bounds, coefficients), above 1e8 (costs, finite bounds) or 1e6 (coefficients), and values
// that are not finite. Empty when the model is well scaled.
[[nodiscard]] std::vector<NumericWarning> check_numerics(const Network& network,
                                                         const Model& model);

}  // namespace parkgrid::formulate
