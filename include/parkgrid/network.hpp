// The model as data: one struct-of-arrays table per component family, time series as dense
// [component][snapshot] matrices. Units are in the names. Tables are filled by io::read_scenario
// (or the PyPSA importer) and read by formulate::build and analysis::summarise; nothing here
// knows about files or solvers.
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "parkgrid/error.hpp"

namespace parkgrid {

using Index = std::int32_t;  // component, snapshot, column and row numbers (HiGHS uses int32)
// An Index as the std::size_t that subscripts a vector (indices are never negative).
[[nodiscard]] constexpr std::size_t u(Index i) noexcept {
  return static_cast<std::size_t>(i);
}
inline constexpr double kInf = std::numeric_limits<double>::infinity();

// A dense matrix of values: one contiguous row of `snapshots` values per component.
class TimeSeries {
 public:
  TimeSeries() = default;
  explicit TimeSeries(Index snapshots) : snapshots_(snapshots) {}
  // Appends a component whose value is `value` in every snapshot.
  void add_constant(double value) {
    values_.insert(values_.end(), static_cast<std::size_t>(snapshots_), value);
  }
  // Appends a component with one value per snapshot (`values.size() == snapshots`).
  void add_series(std::span<const double> values) {
    values_.insert(values_.end(), values.begin(), values.end());
  }
  // Debug builds (the sanitizer build of `make test`) check every access; a series whose length
  // is not the snapshots' is refused when read (series_shape_problems).
  [[nodiscard]] double at(Index component, Index t) const {
    assert(t >= 0 && t < snapshots_ && component >= 0 && component < components());
    return values_[static_cast<std::size_t>(component) * static_cast<std::size_t>(snapshots_) +
                   static_cast<std::size_t>(t)];
  }
  [[nodiscard]] std::span<const double> row(Index component) const {
    assert(component >= 0 && component < components());
    return {
        values_.data() + static_cast<std::size_t>(component) * static_cast<std::size_t>(snapshots_),
        static_cast<std::size_t>(snapshots_)};
  }
  [[nodiscard]] std::span<double> mutable_row(Index component) {
    assert(component >= 0 && component < components());
    return {
        values_.data() + static_cast<std::size_t>(component) * static_cast<std::size_t>(snapshots_),
        static_cast<std::size_t>(snapshots_)};
  }
  // The same components on the snapshots `pick` (indices into this series), in that order.
  [[nodiscard]] TimeSeries select(std::span<const Index> pick) const;
  [[nodiscard]] bool any_nonzero(Index component) const;
  [[nodiscard]] Index snapshots() const { return snapshots_; }
  [[nodiscard]] Index components() const {
    return snapshots_ > 0 ? static_cast<Index>(values_.size()) / snapshots_ : 0;
  }
  [[nodiscard]] std::size_t size() const { return values_.size(); }  // components x snapshots
  [[nodiscard]] std::size_t bytes() const { return values_.capacity() * sizeof(double); }

 private:
  Index snapshots_ = 0;
  std::vector<double> values_;
};

// A calendar time to the minute, local to the scenario (no time zone arithmetic).
struct DateTime {
  int year = 2025, month = 1, day = 1, hour = 0, minute = 0;
  [[nodiscard]] std::string iso() const;  // 2025-01-01T00:00
  // A real calendar time (Feb 29 only in leap years) in the years 1..9999.
  [[nodiscard]] bool valid() const;
  // Minutes since 1970-01-01T00:00 of the proleptic Gregorian calendar (valid() times only).
  [[nodiscard]] long long minutes_since_epoch() const;
};

struct Snapshots {
  DateTime start;
  Index count = 0;
  double step_hours = 1.0;           // elapsed time from one snapshot to the next (storage)
  std::vector<double> weight_hours;  // hours each snapshot stands for (costs, energies)
  // Explicit time of each snapshot when they are not evenly spaced from `start` (typical days,
  // src/planning/reduce.cpp); empty: start + t x step_hours.
  std::vector<DateTime> times;
  std::vector<Index> month;           // calendar month number of each snapshot, 0..num_months-1
  std::vector<DateTime> month_start;  // first calendar day of each month number
  Index num_months = 0;
  // Cyclic storage returns to its state at the end of every block of this many snapshots; 0:
  // once, over the whole horizon. Typical days (src/planning/reduce.cpp) set 24: each
  // representative day stands for days of different weight, so state carried from one to the
  // next would move energy between days counted a different number of times.
  Index cycle_snapshots = 0;
  // Typical days (src/planning/reduce.cpp): for each representative day (the snapshots cut into
  // this many equal blocks), the month numbers (0..num_months-1, the full horizon's months) of the
  // days it stands for, ascending; empty otherwise. A monthly demand charge then covers every
  // month a representative day stands for (src/formulate/grid.cpp).
  std::vector<std::vector<Index>> represented_months;
  // Typical days: the days each representative day stands for (its weight); empty otherwise.
  std::vector<double> represented_days;
  // Typical days linked through the horizon: the representative day (block of cycle_snapshots
  // snapshots) standing for each day of the full horizon, in calendar order, and the calendar
  // day (index into day_representative) of each representative day; empty when nothing is
  // linked. What follows the calendar: storage (Kotzur et al. 2018; src/formulate/storage.cpp,
  // docs/formulation.md#storage-linking; else each representative day cycles on its own, or
  // runs into the next when not cyclic) and the units online of committable generators
  // (src/formulate/commitment.cpp; else they wrap within each representative day).
  std::vector<Index> day_representative;
  std::vector<Index> representative_calendar_day;
  bool link_storage = true, link_commitment = true;
  [[nodiscard]] bool storage_linked() const {
    return cycle_snapshots > 0 && !day_representative.empty() && link_storage;
  }
  [[nodiscard]] bool commitment_linked() const {
    return cycle_snapshots > 0 && !day_representative.empty() && link_commitment;
  }

  [[nodiscard]] DateTime time_of(Index t) const;
  [[nodiscard]] std::string label(Index t) const { return time_of(t).iso(); }
  [[nodiscard]] int hour_of_day(Index t) const { return time_of(t).hour; }
  [[nodiscard]] double total_hours() const;
  // Empty when start is valid, step_hours is finite in (0, 8784] and the last snapshot falls in
  // the years 1..9999; otherwise what is wrong, in words. Check it before index_months().
  [[nodiscard]] std::string span_problem() const;
  // Empty when k typical days can be drawn from these snapshots (k <= 0: none asked): hourly
  // snapshots of whole days, at most as many days as there are; otherwise why not, in words.
  [[nodiscard]] std::string typical_days_problem(Index k) const;
  // Fills `month`, `month_start` and `num_months` from start, count and step.
  void index_months();
};

// Capacity attributes shared by every family that can be built: one entry per component.
// `existing` is in service already (its capital is sunk); an extendable component's optimal
// capacity lies in [max(min, existing), max]. Units: MW for power, MWh for energy.
struct CapacityTable {
  std::vector<double> existing;
  std::vector<char> extendable;
  std::vector<double> min;
  std::vector<double> max;
  std::vector<double> capex_cny_per_unit;
  std::vector<double> lifetime_years;
  std::vector<double> fixed_om_cny_per_unit_year;
  [[nodiscard]] Index size() const { return static_cast<Index>(existing.size()); }
};

struct Carriers {
  std::vector<std::string> name;
  std::vector<double> co2_t_per_mwh;  // per MWh of the carrier's primary energy
  std::vector<char> renewable;
  std::vector<char> heat;  // heat (steam, hot water): its buses are heat buses (heat balances)
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
};

struct Buses {
  std::vector<std::string> name;
  std::vector<Index> carrier;
  std::vector<char> electric;  // carrier named "electricity" or "AC": counted in green share
  std::vector<char> heat;      // carrier with heat = true: heat price, heat supply mix
  [[nodiscard]] bool is_heat(Index b) const {
    const auto k = static_cast<std::size_t>(b);
    return k < heat.size() && heat[k] != 0;
  }
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
};

struct Generators {
  std::vector<std::string> name;
  std::vector<Index> bus;
  std::vector<Index> carrier;
  CapacityTable capacity_mw;
  std::vector<double> efficiency;  // electric output per unit of primary energy
  TimeSeries marginal_cost_cny_per_mwh;
  TimeSeries min_pu;
  TimeSeries availability_pu;
  std::vector<Index> supplied_via;  // grid connection the energy arrives through, or -1
  // Unit commitment, one entry per generator; unit_size_mw == 0: not committable.
  struct Commitment {
    std::vector<double> unit_size_mw;
    std::vector<double> min_stable_pu;  // per unit online, share of unit_size_mw
    std::vector<double> start_up_cost_cny;
    std::vector<double> shut_down_cost_cny;
    std::vector<double> min_up_time_h;
    std::vector<double> min_down_time_h;
    std::vector<double> ramp_up_pu;  // per step and unit online, share of unit_size_mw; inf: none
    std::vector<double> ramp_down_pu;
    std::vector<double> ramp_start_up_pu;
    std::vector<double> ramp_shut_down_pu;
    std::vector<double> up_time_before_h;
    std::vector<double> down_time_before_h;
    std::vector<double> min_stable_efficiency;  // 0: the full-load efficiency at every load
    // Flexibility retrofit (灵活性改造) as a decision: units may be retrofitted to run down to
    // retrofit_min_stable_pu (< min_stable_pu) for a capex per kW of unit size. Absent (empty, or
    // retrofit_min_stable_pu >= min_stable_pu): no option.
    std::vector<double> retrofit_min_stable_pu;
    std::vector<double> retrofit_capex_cny_per_kw;
    std::vector<double> retrofit_lifetime_years;
    // Units already retrofitted, their capital sunk: set by the multi-year plan (myopic) for the
    // periods after a retrofit, not read from a scenario. Empty: none.
    std::vector<double> retrofitted_units;
  } commitment;
  // Extraction-condensing CHP (oemof-solph's ExtractionTurbineCHP; docs/formulation.md "Heat"):
  // heat h(g,t) >= 0 drawn from the turbine to heat_bus; p(g,t) is the electric output.
  //   iso-fuel line: p + power_loss_ratio h <= a P (or a S u online);  fuel and CO2 as for
  //   p + power_loss_ratio h;  back-pressure line with the minimum condensing flow:
  //   p - back_pressure_ratio h >= min_condensing_pu a P (or a S u online).
  // heat_bus -1 (or the vectors empty): no extraction.
  struct Extraction {
    std::vector<Index> heat_bus;
    std::vector<double> power_loss_ratio;     // beta: MWh_el lost per MWh_th extracted
    std::vector<double> back_pressure_ratio;  // c_m: MWh_el at least per MWh_th
    std::vector<double> min_condensing_pu;    // m_c: least condensing power, share of capacity
  } extraction;
  // m_c of an extraction CHP, 0 when the network was built without it.
  [[nodiscard]] double min_condensing_pu(Index g) const {
    const auto k = static_cast<std::size_t>(g);
    return k < extraction.min_condensing_pu.size() ? extraction.min_condensing_pu[k] : 0.0;
  }
  [[nodiscard]] bool extracts_heat(Index g) const {
    const auto k = static_cast<std::size_t>(g);
    return k < extraction.heat_bus.size() && extraction.heat_bus[k] >= 0;
  }
  [[nodiscard]] bool committable(Index g) const {
    return !commitment.unit_size_mw.empty() &&
           commitment.unit_size_mw[static_cast<std::size_t>(g)] > 0.0;
  }
  // A committable generator whose units may be retrofitted to a lower minimum stable load.
  [[nodiscard]] bool retrofittable(Index g) const {
    const auto k = static_cast<std::size_t>(g);
    return committable(g) && k < commitment.retrofit_min_stable_pu.size() &&
           commitment.retrofit_min_stable_pu[k] < commitment.min_stable_pu[k];
  }
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
};

struct Loads {
  std::vector<std::string> name;
  std::vector<Index> bus;
  TimeSeries demand_mw;
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
};

struct StorageUnits {
  std::vector<std::string> name;
  std::vector<Index> bus;
  std::vector<Index> carrier;  // -1 when none given
  CapacityTable power_mw;
  std::vector<double> max_hours;  // > 0: energy capacity = max_hours x power; 0: own energy_mwh
  CapacityTable energy_mwh;       // used when max_hours == 0
  std::vector<double> efficiency_charge;
  std::vector<double> efficiency_discharge;
  std::vector<double> standing_loss_per_hour;
  std::vector<char> cyclic;
  std::vector<double> initial_soc_mwh;
  std::vector<double> marginal_cost_cny_per_mwh;  // per MWh discharged
  // `long_duration` as given (1 or 0), -1 or no entry: the default of long_duration(i).
  std::vector<signed char> long_duration_given;
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
  // On typical days with linked storage, whether the state is carried between calendar days
  // (Kotzur linking; docs/formulation.md#storage-linking) or cycles within each representative
  // day: as given, else a unit that holds at least a day of its power (max_hours >= 24) or
  // whose energy capacity is its own (max_hours = 0).
  [[nodiscard]] bool long_duration(Index i) const {
    const auto k = static_cast<std::size_t>(i);
    if (k < long_duration_given.size() && long_duration_given[k] >= 0)
      return long_duration_given[k] != 0;
    return max_hours[k] <= 0.0 || max_hours[k] >= kLongDurationHours;
  }
  static constexpr double kLongDurationHours = 24.0;
};

struct Stores {
  std::vector<std::string> name;
  std::vector<Index> bus;
  std::vector<Index> carrier;
  CapacityTable energy_mwh;
  std::vector<double> standing_loss_per_hour;
  std::vector<char> cyclic;
  std::vector<double> initial_energy_mwh;
  std::vector<double> marginal_cost_cny_per_mwh;  // per MWh withdrawn (negative when filled)
  // `long_duration` as given (1 or 0), -1 or no entry: the default, true.
  std::vector<signed char> long_duration_given;
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
  // On typical days with linked storage, whether the state is carried between calendar days:
  // as given, else true (a store has no power rating to tell a short one).
  [[nodiscard]] bool long_duration(Index i) const {
    const auto k = static_cast<std::size_t>(i);
    return k >= long_duration_given.size() || long_duration_given[k] != 0;
  }
};

// A link takes q(l,t) from from_bus and delivers efficiency(l,t) q(l,t) to to_bus and, for each
// further output k (PyPSA's bus2, bus3), extra_efficiency[k](l,t) q(l,t) to extra_bus[k] (a
// negative efficiency takes from that bus). q may be negative when min_pu < 0 (both directions,
// as PyPSA's lines and transformers modelled as links): every flow then reverses its sign.
struct Links {
  static constexpr int kExtraOutputs = 2;  // to_bus2, to_bus3
  std::vector<std::string> name;
  std::vector<Index> from_bus;
  std::vector<Index> to_bus;
  std::vector<Index> carrier;  // -1 when none given
  CapacityTable capacity_mw;   // on the input side
  TimeSeries efficiency;
  TimeSeries min_pu;  // in [-1, 1]
  TimeSeries max_pu;
  std::array<std::vector<Index>, kExtraOutputs> extra_bus;  // to_bus2, to_bus3; -1: none
  std::array<TimeSeries, kExtraOutputs> extra_efficiency;   // efficiency2, efficiency3
  // The bus of further output o (0: to_bus2, 1: to_bus3) of link l, or -1.
  [[nodiscard]] Index output_bus(int o, Index l) const {
    const auto& v = extra_bus[static_cast<std::size_t>(o)];
    const auto k = static_cast<std::size_t>(l);
    return k < v.size() ? v[k] : -1;
  }
  [[nodiscard]] double output_efficiency(int o, Index l, Index t) const {
    return extra_efficiency[static_cast<std::size_t>(o)].at(l, t);
  }
  std::vector<double> marginal_cost_cny_per_mwh;  // per MWh of input
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
};

// One tariff file of a grid connection's `tariff_files`: the date it takes effect and the
// per-MWh buy price it gives in each snapshot (by the snapshot's month and hour of day, which do
// not change when a plan year shifts the calendar). src/tariff/schedule.cpp.
struct DatedBuyPrice {
  DateTime valid_from;
  std::string source;                         // the tariff file, as written in the scenario
  std::vector<double> buy_price_cny_per_mwh;  // per snapshot
  // The parts of it that energy crossing the public grid pays whoever sells it (T&D energy
  // charge, line loss, system operation, funds: tariff::network_per_mwh), and the T&D energy
  // charge alone, per snapshot; the voltage level's T&D energy charge at the flat period. The
  // supply arrangements price linkage energy and path-3 integration with them
  // (apply_supply_arrangement).
  std::vector<double> network_cny_per_mwh;
  std::vector<double> transmission_cny_per_mwh;
  std::vector<double> government_funds_cny_per_mwh;  // funds alone (path 3's self-consumed energy)
  double transmission_flat_cny_per_mwh = 0;
};

struct GridConnections {
  std::vector<std::string> name;
  std::vector<Index> bus;
  std::vector<double> import_max_mw;
  std::vector<double> export_max_mw;
  TimeSeries buy_price_cny_per_mwh;
  TimeSeries sell_price_cny_per_mwh;
  std::vector<double> demand_charge_cny_per_kw_month;
  std::vector<double> co2_t_per_mwh;  // emission factor of imported electricity
  // Per MWh of the output of generators supplied through the connection (supplied_via): the
  // network charges of energy crossing the public grid, on their electricity only (not on
  // extracted heat, not scaled by a part-load heat rate). Set by the linkage arrangement.
  TimeSeries delivery_charge_cny_per_mwh;
  // Tariffs by date (`tariff_files`): per connection, the files in force from their valid_from,
  // ascending; empty for a connection priced by buy_price_cny_per_mwh. The buy price above is
  // the one in force in each snapshot's year (set_buy_prices_in_force).
  std::vector<std::vector<DatedBuyPrice>> tariffs;
  // 发改价格〔2025〕136号 mechanism price (机制电价), a contract for difference on a declared share
  // of the exported energy: each exported MWh also earns
  //   mechanism_share x (mechanism_price - mechanism_reference_price(t)).
  // Empty vectors (networks built without them): no mechanism on any connection.
  std::vector<double> mechanism_price_cny_per_mwh;
  std::vector<double> mechanism_share;
  TimeSeries mechanism_reference_price_cny_per_mwh;
  // The energy market's price at the connection, per snapshot: what path 3 pays for the energy
  // of its imports, and is paid for its exports, when it buys at market ([paths]
  // integration_energy_price = "market", docs/tariffs.md#market-purchases). The reader's default
  // is the sell price; a network built without it uses the sell price (market_cny_per_mwh).
  TimeSeries market_price_cny_per_mwh;
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
  [[nodiscard]] double market_cny_per_mwh(Index c, Index t) const {
    return c < market_price_cny_per_mwh.components() ? market_price_cny_per_mwh.at(c, t)
                                                     : sell_price_cny_per_mwh.at(c, t);
  }
  // CNY per exported MWh settled under the mechanism in snapshot t (0 without one).
  [[nodiscard]] double mechanism_cny_per_mwh(Index c, Index t) const {
    const auto i = static_cast<std::size_t>(c);
    if (i >= mechanism_share.size() || mechanism_share[i] == 0.0) return 0.0;
    return mechanism_share[i] *
           (mechanism_price_cny_per_mwh[i] - mechanism_reference_price_cny_per_mwh.at(c, t));
  }
  // What an exported MWh earns in snapshot t: the sell price plus the mechanism settlement, at
  // most the buy price of the hour when the connection can import. One meter nets imports and
  // exports within the hour, so a MWh bought cannot be sold again at a higher price; without
  // the cap a linear model would import and export at once (docs/formulation.md#grid).
  [[nodiscard]] double export_price_cny_per_mwh(Index c, Index t) const {
    const double p = sell_price_cny_per_mwh.at(c, t) + mechanism_cny_per_mwh(c, t);
    return import_max_mw[static_cast<std::size_t>(c)] > 0.0
               ? std::min(p, buy_price_cny_per_mwh.at(c, t))
               : p;
  }
};

struct Policy {
  double co2_cap_t = kInf;
  double min_green_share = 0.0;
  bool no_reverse_flow = false;
  double carbon_price_cny_per_t = 0.0;
  double min_self_consumption_share = 0.0;
  // Every hour, the electrolysers' electricity comes from on-site renewables not exported
  // (docs/formulation.md "hydrogen_matching").
  bool hydrogen_hourly_matching = false;
  // A daily contract curve: these generators' combined output in every snapshot of a calendar
  // day in proportion to the share of its hours (rows "linkage_block", src/formulate/policy.cpp).
  // Set by add_linkage_block from `[paths] linkage_shape`, not read from a scenario.
  std::vector<Index> linkage_block_generators;
  // The share of each hour of the day (24 values, mean 1); empty: a flat block (every hour 1).
  std::vector<double> linkage_block_shares;
};

// [[group_constraints]]: a sum of one quantity over selected components, bounded by a number
// or by a share of another such sum (docs/formulation.md "Group constraints"). PyPSA's
// GlobalConstraint and GenX's capacity requirements are special cases.
enum class GroupQuantity {
  kCapacityMw,          // generators, storage units (power), links: the capacity (MW)
  kEnergyMwh,           // generators (output), storage units (discharge), links (input),
                        // grid connections (imports), loads (demand): sum_t w_t flow
  kAvailableEnergyMwh,  // generators: sum_t w_t a(t) P, before curtailment
  kExportMwh,           // grid connections: sum_t w_t export
  kCo2T,                // generators and grid connections: CO2 of their output / imports
};
enum class Family { kGenerator, kStorageUnit, kStore, kLink, kGrid, kLoad };
[[nodiscard]] std::string_view family_name(Family f);  // "generator", "storage unit", ...
[[nodiscard]] std::string_view group_quantity_name(GroupQuantity q);  // "capacity_mw", ...
[[nodiscard]] bool parse_group_quantity(std::string_view text, GroupQuantity& q);
// The unit of a quantity: "MW", "MWh" or "t".
[[nodiscard]] std::string_view group_quantity_unit(GroupQuantity q);

struct ComponentRef {
  Family family = Family::kGenerator;
  Index index = 0;
  friend bool operator==(const ComponentRef&, const ComponentRef&) = default;
};

struct GroupSum {
  GroupQuantity quantity = GroupQuantity::kCapacityMw;
  std::vector<ComponentRef> members;  // distinct
};

struct GroupConstraints {
  enum class Sense { kLessEqual, kGreaterEqual, kEqual };
  std::vector<std::string> name;
  std::vector<GroupSum> sum;
  std::vector<Sense> sense;
  std::vector<double> value;  // the bound, in the quantity's unit (0 when `share` is given)
  std::vector<double> share;  // NaN: bound by `value`; else sum <sense> share x `of`
  std::vector<GroupSum> of;   // empty members when `share` is NaN
  std::vector<std::string> source;
  std::vector<int> line;
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
};
[[nodiscard]] std::string_view sense_text(GroupConstraints::Sense s);  // "<=", ">=", "=="

// The [paths] section: what `parkgrid paths` needs to compare the reform paths (names refer to
// components of the network; checked when the paths are run).
struct ReformPaths {
  bool present = false;
  std::string tariff;  // path as resolved against the scenario's folder
  int line = 0;        // line of the [paths] table, for messages
  std::string grid_connection;
  std::string user_voltage;
  std::string connection_voltage;
  double distribution_capex_cny = 0;
  double distribution_lifetime_years = 30;
  double distribution_om_cny_per_year = 0;
  std::vector<std::string> linkage_generators;
  double coal_price_cny_per_tce = 0;
  double linkage_margin_cny_per_mwh = 0;
  // The linkage plants' yearly output at most this many hours at full capacity (their design
  // output); 0: no cap. A group constraint (add_linkage_energy_cap).
  double linkage_full_load_hours = 0;
  // The linkage contract's shape: "free" (the park takes the linked energy in any hour), "flat"
  // (a 24-hour block: the plants' combined output the same all day) or "profile" (their output
  // in each hour of a day in proportion to linkage_profile); add_linkage_block.
  std::string linkage_shape = "free";
  std::vector<double> linkage_profile;  // 24 shares >= 0 by hour of day, for "profile"
  std::vector<std::string> onsite_generators;
  std::vector<std::string> onsite_storage;
  double min_green_share = 0.3;
  double min_self_consumption_share = 0.6;
  double export_max_mw = 0;
  double tnd_load_factor = 0.6;
  bool funds_on_self_consumption = false;
  // Path 3 and the integration arrangement: the energy price of imports. "tariff": the tariff's
  // energy price with its time of use; "market": the market price of each snapshot, the
  // connection's market_price_cny_per_mwh (1192号: such a project takes part in the market as a
  // whole), which path 3's exports are then paid too.
  std::string integration_energy_price = "tariff";
  // The supply arrangement under which `parkgrid run` and `parkgrid plan` price the park
  // (apply_supply_arrangement): "captive" (the scenario as written), "grid", "linkage" or
  // "integration". `parkgrid paths` compares all of them and ignores it.
  std::string arrangement = "captive";
  bool arrangement_applied = false;  // set by apply_supply_arrangement (applied once)
};

// The park's projects ([[projects]]): each brings one load, `demand_full_mw` at full output,
// scaled by the ramp-up share of the year modelled. The reader adds each project to `loads`
// (index `load`) at the share of the year of the snapshots' start; planning re-scales it per
// period.
struct Projects {
  std::vector<std::string> name;
  std::vector<std::string> name_zh;
  std::vector<Index> bus;
  std::vector<std::string> stage;  // in_production, under_construction, signed, planned
  std::vector<int> start_year;
  std::vector<std::vector<double>> ramp_up;  // share of full output from start_year on
  std::vector<std::string> source;
  TimeSeries demand_full_mw;
  std::vector<Index> load;  // the load it appears as
  [[nodiscard]] Index size() const { return static_cast<Index>(name.size()); }
  // Share of full output in `year`: 0 before start_year, ramp_up[year - start_year], then 1.
  [[nodiscard]] double share(Index project, int year) const;
};

// Existing capacity that leaves service ([[retirements]]), by component name.
struct Retirement {
  std::string component;
  int year = 0;
  int line = 0;
};

// The [planning] section: investment periods and how they are optimised (docs/planning.md).
struct Planning {
  bool present = false;
  int line = 0;
  std::vector<int> years;  // first year of each investment period, increasing
  double last_period_years = 1.0;
  int base_year = 0;       // 0: the first period
  bool myopic = false;     // foresight = "myopic"
  Index typical_days = 0;  // 0: full snapshots
  // Typical-day settings (docs/planning.md#typical-days), used wherever typical days are:
  // per month, the day of least renewable energy and the day of highest net load added as days
  // of their own ("per-month"), or not ("none"); storage linked through the calendar year
  // (Kotzur) or cycling within each representative day ("daily", the rule before issue 20); the
  // units online of committable generators carried from each calendar day into the next, or
  // wrapping within each representative day ("daily", the rule before 2026-12-08).
  bool extreme_days = false;            // extreme_days = "per-month" | "none"
  bool link_storage = true;             // typical_day_storage = "linked" | "daily"
  bool link_commitment = true;          // typical_day_commitment = "linked" | "daily"
  std::vector<double> min_green_share;  // per period, or empty: [policy] for all
  std::vector<double> co2_cap_t;        // per period, or empty: [policy] for all
  double capacity_share_goal = 0.5;
  std::vector<Retirement> retirements;
};

// The [unit_commitment] section: how committable generators are modelled.
struct UnitCommitment {
  enum class Mode { kOff, kLinear, kInteger };
  Mode mode = Mode::kLinear;
};
[[nodiscard]] std::string_view uc_mode_name(UnitCommitment::Mode mode);  // "off", "linear", ...
[[nodiscard]] bool parse_uc_mode(std::string_view text, UnitCommitment::Mode& mode);

struct Network {
  std::string name;
  std::string description;
  std::string source;  // the file it was read from
  double discount_rate = 0.06;
  Snapshots snapshots;
  Carriers carriers;
  Buses buses;
  Generators generators;
  Loads loads;
  StorageUnits storage_units;
  Stores stores;
  Links links;
  GridConnections grid;
  Policy policy;
  ReformPaths paths;
  Projects projects;
  Planning planning;
  UnitCommitment unit_commitment;
  GroupConstraints group_constraints;

  [[nodiscard]] Index snapshot_count() const { return snapshots.count; }
};

// A link that makes hydrogen: from an electric bus to a bus whose carrier is "hydrogen" or "H2"
// (any case). Its CO2 per kg and renewable share are reported; hourly matching applies to it.
[[nodiscard]] bool makes_hydrogen(const Network& network, Index link);
// Lower heating value of hydrogen, 33.33 kWh per kg (120 MJ/kg): MWh of hydrogen per tonne.
inline constexpr double kHydrogenMwhPerTonne = 33.33;

// One time series of a component family, as `for_each_series` visits it: where it lives in the
// scenario format and what the typical-day reduction (src/planning/reduce.cpp) does with it.
struct SeriesField {
  // How a series is cut to representative days: prices, efficiencies and per-unit bounds are
  // taken at the representative hours (kSample); availabilities and demands are rescaled so that
  // their weighted annual energy is kept, capped at `upper` (kKeepEnergy).
  enum class Reduce { kSample, kKeepEnergy };
  std::string_view section;               // schema section: "generators"
  std::string_view field;                 // schema field: "availability_pu"
  std::string_view component;             // word in messages: "generator"
  const std::vector<std::string>* names;  // the family's component names
  Reduce reduce = Reduce::kSample;
  double upper = kInf;  // kKeepEnergy: the cap of the rescaled values (1 for a share)
};

// Every time series of every component family, in one list: `visit(const SeriesField&, series)`
// for each, with `series` a TimeSeries& (const when `n` is). The reader's length check
// (`series_shape_problems`), the typical-day reduction, the PyPSA bridge and the scenario writer
// go through it, so a family's new series cannot be forgotten by one of them (a series left at
// another length would be read at the wrong hours). A new TimeSeries member is added here, and
// tests/unit/test_series.cpp checks that every series field of the schema is.
template <class N, class Visit>
requires std::is_same_v<std::remove_const_t<N>, Network>
void for_each_series(N& n, Visit&& visit) {
  using R = SeriesField::Reduce;
  auto& g = n.generators;
  visit(SeriesField{"generators", "marginal_cost_cny_per_mwh", "generator", &g.name, R::kSample},
        g.marginal_cost_cny_per_mwh);
  visit(SeriesField{"generators", "min_pu", "generator", &g.name, R::kSample}, g.min_pu);
  visit(SeriesField{"generators", "availability_pu", "generator", &g.name, R::kKeepEnergy, 1.0},
        g.availability_pu);
  visit(SeriesField{"loads", "demand_mw", "load", &n.loads.name, R::kKeepEnergy},
        n.loads.demand_mw);
  visit(SeriesField{"projects", "demand_mw", "project", &n.projects.name, R::kKeepEnergy},
        n.projects.demand_full_mw);
  auto& k = n.links;
  visit(SeriesField{"links", "efficiency", "link", &k.name, R::kSample}, k.efficiency);
  visit(SeriesField{"links", "efficiency2", "link", &k.name, R::kSample}, k.extra_efficiency[0]);
  visit(SeriesField{"links", "efficiency3", "link", &k.name, R::kSample}, k.extra_efficiency[1]);
  visit(SeriesField{"links", "min_pu", "link", &k.name, R::kSample}, k.min_pu);
  visit(SeriesField{"links", "max_pu", "link", &k.name, R::kSample}, k.max_pu);
  auto& gc = n.grid;
  visit(SeriesField{"grid_connections", "buy_price_cny_per_mwh", "grid connection", &gc.name,
                    R::kSample},
        gc.buy_price_cny_per_mwh);
  visit(SeriesField{"grid_connections", "sell_price_cny_per_mwh", "grid connection", &gc.name,
                    R::kSample},
        gc.sell_price_cny_per_mwh);
  visit(SeriesField{"grid_connections", "mechanism_reference_price_cny_per_mwh", "grid connection",
                    &gc.name, R::kSample},
        gc.mechanism_reference_price_cny_per_mwh);
  visit(SeriesField{"grid_connections", "market_price_cny_per_mwh", "grid connection", &gc.name,
                    R::kSample},
        gc.market_price_cny_per_mwh);
  visit(SeriesField{"grid_connections", "delivery_charge_cny_per_mwh", "grid connection", &gc.name,
                    R::kSample},
        gc.delivery_charge_cny_per_mwh);
}

// Every series whose shape is not (the family's components) x (the network's snapshots), as a
// diagnostic naming the component and the field (for `file`); empty when all agree.
[[nodiscard]] std::vector<Diagnostic> series_shape_problems(const Network& n,
                                                            const std::string& file);

// A heat pump's coefficient of performance at a temperature lift of `lift_k` (sink minus source):
// Staffell, Brett, Brandon and Hawkes (2012), "A review of domestic heat pumps", Energy Environ.
// Sci. 5, 9291, the quadratic fits PyPSA-Eur uses: air source 6.81 - 0.121 dT + 0.000630 dT^2,
// ground source 8.77 - 0.150 dT + 0.000734 dT^2 (fitted over lifts of about 15-60 K).
enum class HeatPumpSource { kAir, kGround };
[[nodiscard]] double heat_pump_cop(HeatPumpSource source, double lift_k);
[[nodiscard]] bool parse_heat_pump_source(std::string_view text, HeatPumpSource& source);

// Capital recovery factor: the annuity per unit of overnight capex over `lifetime_years` at `rate`.
// The annuity of a capital cost over its lifetime at the discount rate (the capital recovery
// factor times the cost): the one place the annuity is written.
[[nodiscard]] double annuity(double capex, double rate, double lifetime_years);
// Annual cost of one unit of capacity: CRF x capex + fixed O&M.
[[nodiscard]] double annualised_cost(const CapacityTable& c, Index i, double rate);
// The capital part alone: CRF x capex of one unit of capacity, CNY per unit and year. What new
// capacity pays, and what existing (sunk) capacity would have paid.
[[nodiscard]] double capex_annuity(const CapacityTable& c, Index i, double rate);

// Tariffs by date (src/tariff/schedule.cpp, docs/tariffs.md#tariffs-by-date): sets the buy price
// of every connection with `tariffs` to the file in force on each snapshot's date, the date
// taken in `year` (the snapshot's own year when `year` is 0; a plan year otherwise: month, day
// and hour kept). Returns, per connection, the sources used (empty for connections without
// tariffs). Throws InputError when no file is in force on some snapshot's date.
std::vector<std::vector<std::string>> set_buy_prices_in_force(Network& n, int year = 0);
// The tariff file of connection c (which has tariffs) in force on snapshot t's date in `year`
// (as above); throws the same InputError when none is.
[[nodiscard]] const DatedBuyPrice* tariff_in_force(const Network& n, Index c, Index t, int year);

// Supply arrangements (src/tariff/arrangement.cpp, docs/tariffs.md#supply-arrangements): prices
// the network under `[paths] arrangement` with the tariff in force on each snapshot's date in
// `year` (as set_buy_prices_in_force), reusing the [paths] linkage price and path-3 rules:
//   grid         the linkage plants are not available to the park;
//   linkage      each linkage plant sells at the linked price (tariff::linked_price_cny_per_mwh)
//                plus the network charges of energy crossing the public grid, metered at the
//                [paths] grid connection (supplied_via);
//   integration  the linkage plants are not available; 1192号: green share and
//                self-consumption floors of [paths], no T&D energy charge on imports, T&D per kW
//                of the connection's monthly peak (tariff::capacity_tnd_per_kw_month), exports
//                up to [paths] export_max_mw.
// "captive" (or no [paths]) leaves the network as written. Applied once (arrangement_applied);
// called by parkgrid::optimise, WarmSession::optimise and the plan's period networks. Throws
// InputError naming [paths] when the connection has no tariff_files or a name is unknown.
void apply_supply_arrangement(Network& n, int year = 0);
// What an arrangement refers to, checked against `n` (the reader checks it as it reads [paths],
// apply_supply_arrangement again): the connection it buys through (named, or the only one) with
// its tariff files, and the linkage plants. Each problem goes to `problem(field, value, why)`;
// the connection is -1 and a plant left out where unknown.
struct SupplyArrangementRefs {
  Index connection = -1;
  std::vector<Index> linkage;
};
using ArrangementProblem =
    std::function<void(const std::string& field, const std::string& value, const std::string& why)>;
SupplyArrangementRefs supply_arrangement_refs(const Network& n, const ArrangementProblem& problem);
// The delivery charge on generator g's output in snapshot t: that of the grid connection it is
// supplied through (supplied_via), 0 when it is not supplied through one.
[[nodiscard]] inline double delivery_charge_cny_per_mwh(const Network& n, Index g, Index t) {
  const auto k = static_cast<std::size_t>(g);
  const Index via = k < n.generators.supplied_via.size() ? n.generators.supplied_via[k] : -1;
  return via >= 0 ? n.grid.delivery_charge_cny_per_mwh.at(via, t) : 0.0;
}

// A shaped linkage contract (`[paths] linkage_shape = "flat"` or "profile"): the linkage plants'
// combined output follows the contract's daily curve (Policy::linkage_block_generators and
// linkage_block_shares). Nothing for "free".
void add_linkage_block(Network& n, const std::vector<Index>& linkage);

// Path 3 buys its imports at the market price (`[paths] integration_energy_price = "market"`).
[[nodiscard]] inline bool integration_buys_at_market(const ReformPaths& p) {
  return p.integration_energy_price == "market";
}

// The linkage plants' energy cap of `[paths] linkage_full_load_hours` H as a group constraint
// named "linkage_energy_cap": sum_g energy_mwh(g) <= H / 8760 x sum_g available_energy_mwh(g)
// over the plants `linkage` (H x capacity over a year of full availability; the snapshots'
// weights scale it to the hours they stand for). Nothing when H is 0 or `linkage` empty. Used by
// the linkage arrangement and by the reform paths (path 1).
void add_linkage_energy_cap(Network& n, const std::vector<Index>& linkage);
[[nodiscard]] bool has_supply_arrangement(const Network& n);

}  // namespace parkgrid
