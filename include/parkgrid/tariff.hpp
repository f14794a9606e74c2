// Chinese industrial electricity tariffs (large industry / 工商业 two-part tariffs): reading a
// tariff file, turning it into the hourly buy prices and fixed charges the optimisation uses, and
// billing any hourly load. See docs/tariffs.md for each charge and data/tariffs/ for the files.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parkgrid/error.hpp"
#include "parkgrid/network.hpp"

namespace parkgrid::tariff {

// Charges that depend on the voltage level at which energy is taken (e.g. "1-10kv", "35kv",
// "110kv", "220kv").
struct VoltageLevel {
  std::string name;
  double transmission_cny_per_mwh = 0;           // T&D energy charge (输配电价, 电度)
  double demand_charge_cny_per_kw_month = 0;     // two-part: on the month's maximum demand (需量)
  double capacity_charge_cny_per_kva_month = 0;  // two-part: on contracted capacity (容量)
};

// Time-of-use periods of one season: every hour of the day (0..23) in exactly one period.
struct Season {
  std::string name;
  std::vector<int> months;                     // 1..12; every month in exactly one season
  std::array<std::string, 24> period_of_hour;  // period name for each hour of the day
};

struct Period {
  std::string name;    // "valley", "flat", "peak", "critical_peak", "deep_valley", ...
  double ratio = 1.0;  // multiplier of the floating components, relative to "flat"
};

struct Tariff {
  std::string name;
  std::string source;      // file it was read from
  std::string valid_from;  // "2025-01-01": the day it takes effect (tariffs by date)
  // Per-MWh components, at the flat period.
  double energy_price_cny_per_mwh = 0;      // market or agency-purchase energy price
  double line_loss_cny_per_mwh = 0;         // 上网环节线损费用
  double system_operation_cny_per_mwh = 0;  // 系统运行费用
  double government_funds_cny_per_mwh = 0;  // 政府性基金及附加
  std::vector<VoltageLevel> voltage_levels;
  // Time of use.
  std::vector<Period> periods;
  std::vector<Season> seasons;
  bool energy_floats = true;         // energy price follows the TOU ratios
  bool transmission_floats = false;  // T&D energy charge follows the TOU ratios
  bool line_loss_floats = false;
  bool system_operation_floats = false;  // funds never float
  // Selling and green attributes.
  double export_price_cny_per_mwh = 0;         // paid for energy fed into the public grid
  double green_certificate_cny_per_mwh = 0;    // price of a green certificate (1 per MWh)
  double green_power_premium_cny_per_mwh = 0;  // premium of green-power trading over brown
  double carbon_price_cny_per_t = 0;

  [[nodiscard]] const VoltageLevel* voltage(std::string_view name) const;
  [[nodiscard]] const Period* period(std::string_view name) const;
};

// Reads and validates a tariff file (TOML). Throws InputError naming file, line, field, value:
// overlapping or missing hours or months, unknown periods, negative prices where not allowed.
[[nodiscard]] Tariff read_tariff(const std::string& path);

// The per-MWh parts of the buy price in each snapshot, at one voltage level.
struct HourlyPrices {
  std::vector<double> energy;  // CNY/MWh, per snapshot (TOU applied if it floats)
  std::vector<double> transmission;
  std::vector<double> line_loss;
  std::vector<double> system_operation;
  std::vector<double> government_funds;
  std::vector<std::string_view> period;  // TOU period of each snapshot (names live in Tariff)
  double demand_charge_cny_per_kw_month = 0;
  double capacity_charge_cny_per_kva_month = 0;
  [[nodiscard]] std::vector<double> total() const;  // sum of the per-MWh parts per snapshot
};

// Throws InputError if `voltage_level` is not in the tariff (naming the levels it has).
[[nodiscard]] HourlyPrices hourly_prices(const Tariff& t, const Snapshots& snapshots,
                                         std::string_view voltage_level);

// tce per MWh of electricity at 100 % efficiency: 1 MWh = 3.6 GJ, 1 tce = 29.3076 GJ.
constexpr double kTcePerMwhAt100 = 3.6 / 29.3076;
// Hours in an average month, for the capacity-based T&D charge of 1192号.
constexpr double kHoursPerMonth = 8760.0 / 12.0;

// The linked price of generation linkage (发电联动, docs/tariffs.md path 1): the coal price per
// tce x 0.1228 tce/MWh / efficiency + margin, CNY per MWh at the plant.
[[nodiscard]] double linked_price_cny_per_mwh(double coal_price_cny_per_tce, double efficiency,
                                              double margin_cny_per_mwh);
// The per-MWh charges on energy that crosses the public grid in snapshot t: T&D energy charge
// (none under path-3 integration), line loss, system operation and funds.
[[nodiscard]] double network_per_mwh(const HourlyPrices& v, bool integration, std::size_t t);
// 1192号: the T&D energy charge turned into a charge per kW of connection capacity per month,
// transmission x load factor x 730 h / 1000.
[[nodiscard]] double capacity_tnd_per_kw_month(double transmission_cny_per_mwh, double load_factor);

// Tariffs by date (src/tariff/schedule.cpp): reads each tariff file of `paths` (written in the
// scenario as `names`), prices it over `snapshots` at `voltage_level` (the per-MWh total of
// hourly_prices) and returns them by valid_from, ascending. Throws InputError naming the file
// when its valid_from is not a date like "2025-01-01", or two files take effect the same day.
[[nodiscard]] std::vector<DatedBuyPrice> dated_buy_prices(const std::vector<std::string>& paths,
                                                          const std::vector<std::string>& names,
                                                          const Snapshots& snapshots,
                                                          std::string_view voltage_level);
// "2025-01-01" -> 2025-01-01T00:00; false if it is not such a valid date.
[[nodiscard]] bool parse_valid_from(const std::string& text, DateTime& d);

enum class FixedChargeBasis { kMaxDemand, kContractedCapacity };

struct BillOptions {
  std::string voltage_level;
  FixedChargeBasis basis = FixedChargeBasis::kMaxDemand;
  double contracted_capacity_kva = 0;  // for kContractedCapacity
};

// What a customer with the hourly load `load_mw` (one value per snapshot, MW) pays over the
// snapshots. Energies are weighted by the snapshots' weight_hours; fixed charges are counted once
// per calendar month present in the snapshots.
struct Bill {
  double energy_mwh = 0;
  double energy_cny = 0;
  double transmission_cny = 0;
  double line_loss_cny = 0;
  double system_operation_cny = 0;
  double government_funds_cny = 0;
  double demand_charge_cny = 0;    // sum over months of max demand (kW) x charge
  double capacity_charge_cny = 0;  // months x contracted kVA x charge
  [[nodiscard]] double total_cny() const {
    return energy_cny + transmission_cny + line_loss_cny + system_operation_cny +
           government_funds_cny + demand_charge_cny + capacity_charge_cny;
  }
  [[nodiscard]] double average_cny_per_kwh() const {
    return energy_mwh > 0 ? total_cny() / (energy_mwh * 1000.0) : 0.0;
  }
};

[[nodiscard]] Bill bill(const Tariff& t, const Snapshots& snapshots,
                        std::span<const double> load_mw, const BillOptions& options);

}  // namespace parkgrid::tariff
