// From a tariff to hourly prices and bills. Each snapshot takes the period of its calendar month
// (season) and hour of day at its start, from Snapshots::time_of; the components that float are
// multiplied by that period's ratio. Energies are weighted by weight_hours; the demand charge is
// billed on each calendar month's highest load, the capacity charge once per month present.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <array>
#include <stdexcept>

#include "parkgrid/tariff.hpp"

namespace parkgrid::tariff {
namespace {

// The tariff's time of use as lookup tables: season of each month, period of each hour of each
// season (indices into Tariff::periods). A tariff built in code rather than read from a file may
// be inconsistent; that is reported as an input error naming the tariff.
struct TouTable {
  std::array<int, 13> season_of_month{};            // 1..12 -> index into seasons, -1 if none
  std::vector<std::array<int, 24>> period_of_hour;  // [season][hour] -> index into periods
};

TouTable resolve(const Tariff& t) {
  Diagnostics diag;
  const std::string file = t.source.empty() ? fmt::format("tariff \"{}\"", t.name) : t.source;
  TouTable tou;
  tou.season_of_month.fill(-1);
  tou.period_of_hour.resize(t.seasons.size());
  for (std::size_t s = 0; s < t.seasons.size(); ++s) {
    const Season& season = t.seasons[s];
    const std::string where = fmt::format("season \"{}\"", season.name);
    for (int m : season.months) {
      if (m < 1 || m > 12) {
        diag.add({file, 0, where, "months", fmt::format("{}", m), "expected a month number 1..12"});
        continue;
      }
      auto& slot = tou.season_of_month[static_cast<std::size_t>(m)];
      if (slot >= 0 && slot != static_cast<int>(s)) {
        diag.add({file, 0, where, "", "",
                  fmt::format("month {} is in both {} and {}", m,
                              t.seasons[static_cast<std::size_t>(slot)].name, season.name)});
      }
      slot = static_cast<int>(s);
    }
    for (std::size_t h = 0; h < 24; ++h) {
      const std::string& name = season.period_of_hour[h];
      const auto it = std::find_if(t.periods.begin(), t.periods.end(),
                                   [&](const Period& p) { return p.name == name; });
      if (it == t.periods.end()) {
        diag.add({file, 0, where, fmt::format("hour {}", h), fmt::format("\"{}\"", name),
                  "no period of that name"});
        tou.period_of_hour[s][h] = -1;
        continue;
      }
      tou.period_of_hour[s][h] = static_cast<int>(it - t.periods.begin());
    }
  }
  if (!t.seasons.empty() || !t.periods.empty()) {
    std::vector<int> gaps;
    for (int m = 1; m <= 12; ++m)
      if (tou.season_of_month[static_cast<std::size_t>(m)] < 0) gaps.push_back(m);
    if (!gaps.empty())
      diag.add({file, 0, "seasons", "", "",
                fmt::format("months {} are in no season", fmt::join(gaps, ", "))});
  }
  diag.throw_if_any();
  return tou;
}

const VoltageLevel& level_of(const Tariff& t, std::string_view voltage_level) {
  if (const VoltageLevel* v = t.voltage(voltage_level)) return *v;
  std::vector<std::string> names;
  std::string quoted;
  for (const auto& v : t.voltage_levels) {
    names.push_back(v.name);
    quoted += fmt::format("{}\"{}\"", quoted.empty() ? "" : ", ", v.name);
  }
  const std::string hint = did_you_mean(std::string(voltage_level), names);
  throw InputError(
      {{t.source, 0, "", "voltage level", fmt::format("\"{}\"", voltage_level),
        fmt::format("not in the tariff, which has {}{}", quoted,
                    hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint))}});
}

constexpr std::string_view kFlat = "flat";  // the period of a tariff without time of use

}  // namespace

std::vector<double> HourlyPrices::total() const {
  std::vector<double> out(energy.size());
  for (std::size_t t = 0; t < out.size(); ++t)
    out[t] = energy[t] + transmission[t] + line_loss[t] + system_operation[t] + government_funds[t];
  return out;
}

HourlyPrices hourly_prices(const Tariff& t, const Snapshots& snapshots,
                           std::string_view voltage_level) {
  const VoltageLevel& level = level_of(t, voltage_level);
  const TouTable tou = resolve(t);
  const auto n = static_cast<std::size_t>(std::max<Index>(snapshots.count, 0));
  HourlyPrices p;
  p.energy.resize(n);
  p.transmission.resize(n);
  p.line_loss.resize(n);
  p.system_operation.resize(n);
  p.government_funds.assign(n, t.government_funds_cny_per_mwh);
  p.period.resize(n);
  p.demand_charge_cny_per_kw_month = level.demand_charge_cny_per_kw_month;
  p.capacity_charge_cny_per_kva_month = level.capacity_charge_cny_per_kva_month;
  const auto floating = [](bool floats, double value, double ratio) {
    return floats ? value * ratio : value;
  };
  for (std::size_t i = 0; i < n; ++i) {
    double ratio = 1.0;
    std::string_view period = kFlat;
    if (!t.seasons.empty()) {
      const DateTime dt = snapshots.time_of(static_cast<Index>(i));
      const int s = tou.season_of_month[static_cast<std::size_t>(dt.month)];
      const Period& pr = t.periods[static_cast<std::size_t>(
          tou.period_of_hour[static_cast<std::size_t>(s)][static_cast<std::size_t>(dt.hour)])];
      ratio = pr.ratio;
      period = pr.name;
    }
    p.energy[i] = floating(t.energy_floats, t.energy_price_cny_per_mwh, ratio);
    p.transmission[i] = floating(t.transmission_floats, level.transmission_cny_per_mwh, ratio);
    p.line_loss[i] = floating(t.line_loss_floats, t.line_loss_cny_per_mwh, ratio);
    p.system_operation[i] =
        floating(t.system_operation_floats, t.system_operation_cny_per_mwh, ratio);
    p.period[i] = period;
  }
  return p;
}

Bill bill(const Tariff& t, const Snapshots& snapshots, std::span<const double> load_mw,
          const BillOptions& options) {
  const auto n = static_cast<std::size_t>(std::max<Index>(snapshots.count, 0));
  if (load_mw.size() != n)
    throw std::invalid_argument(
        fmt::format("tariff::bill: {} load values for {} snapshots (one value per snapshot)",
                    load_mw.size(), n));
  const HourlyPrices p = hourly_prices(t, snapshots, options.voltage_level);

  // Calendar months: reuse the snapshots' own month index, or build it on a copy when the caller
  // has not (Snapshots::index_months).
  const Snapshots* s = &snapshots;
  Snapshots indexed;
  if (snapshots.month.size() != n) {
    indexed = snapshots;
    indexed.index_months();
    s = &indexed;
  }
  const bool weighted = s->weight_hours.size() == n;

  Bill b;
  std::vector<double> peak_mw(static_cast<std::size_t>(s->num_months), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double mwh = load_mw[i] * (weighted ? s->weight_hours[i] : s->step_hours);
    b.energy_mwh += mwh;
    b.energy_cny += mwh * p.energy[i];
    b.transmission_cny += mwh * p.transmission[i];
    b.line_loss_cny += mwh * p.line_loss[i];
    b.system_operation_cny += mwh * p.system_operation[i];
    b.government_funds_cny += mwh * p.government_funds[i];
    auto& peak = peak_mw[static_cast<std::size_t>(s->month[i])];
    peak = std::max(peak, load_mw[i]);
  }
  switch (options.basis) {
    case FixedChargeBasis::kMaxDemand:
      for (double mw : peak_mw)
        b.demand_charge_cny += mw * 1000.0 * p.demand_charge_cny_per_kw_month;
      break;
    case FixedChargeBasis::kContractedCapacity:
      b.capacity_charge_cny = static_cast<double>(s->num_months) * options.contracted_capacity_kva *
                              p.capacity_charge_cny_per_kva_month;
      break;
  }
  return b;
}

}  // namespace parkgrid::tariff
