#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "parkgrid/network.hpp"

namespace parkgrid {

bool TimeSeries::any_nonzero(Index component) const {
  for (double v : row(component))
    if (v != 0.0) return true;
  return false;
}

TimeSeries TimeSeries::select(std::span<const Index> pick) const {
  TimeSeries out(static_cast<Index>(pick.size()));
  out.values_.reserve(pick.size() * static_cast<std::size_t>(components()));
  for (Index c = 0; c < components(); ++c) {
    const auto r = row(c);
    for (Index t : pick) out.values_.push_back(r[static_cast<std::size_t>(t)]);
  }
  return out;
}

std::vector<Diagnostic> series_shape_problems(const Network& n, const std::string& file) {
  std::vector<Diagnostic> out;
  const Index T = n.snapshot_count();
  for_each_series(n, [&](const SeriesField& f, const TimeSeries& s) {
    const std::size_t count = f.names->size();
    const std::size_t expected = count * static_cast<std::size_t>(T);
    if (s.size() == expected && (s.snapshots() == T || expected == 0)) return;
    Diagnostic d{file, 0, std::string(f.component), std::string(f.field), "", ""};
    d.section = std::string(f.section);
    // The component named: the first (every row has another length), or the first whose row
    // is missing; a family without components (values but no names) is named as such.
    std::size_t bad = 0;
    if (s.snapshots() == T && T > 0) bad = std::min(s.size() / static_cast<std::size_t>(T), count);
    if (bad < count) {
      d.where = fmt::format("{} \"{}\"", f.component, (*f.names)[bad]);
      d.index = static_cast<int>(bad);
      d.component = (*f.names)[bad];
    }
    if (s.snapshots() != T)
      d.value = fmt::format("{} values", s.snapshots());
    else
      d.value = fmt::format("{} rows of values", s.components());
    d.expected = fmt::format("one row of {} values (one per snapshot) for each of the {} {}s", T,
                             count, f.component);
    out.push_back(std::move(d));
  });
  return out;
}

namespace {
double capital_recovery_factor(double rate, double lifetime_years) {
  if (lifetime_years <= 0.0) return 0.0;
  if (std::abs(rate) < 1e-12) return 1.0 / lifetime_years;
  const double growth = std::pow(1.0 + rate, lifetime_years);
  return rate * growth / (growth - 1.0);
}
}  // namespace

double annuity(double capex, double rate, double lifetime_years) {
  return capital_recovery_factor(rate, lifetime_years) * capex;
}

double capex_annuity(const CapacityTable& c, Index i, double rate) {
  const auto k = static_cast<std::size_t>(i);
  return annuity(c.capex_cny_per_unit[k], rate, c.lifetime_years[k]);
}

double annualised_cost(const CapacityTable& c, Index i, double rate) {
  return capex_annuity(c, i, rate) + c.fixed_om_cny_per_unit_year[static_cast<std::size_t>(i)];
}

std::string_view uc_mode_name(UnitCommitment::Mode mode) {
  switch (mode) {
    case UnitCommitment::Mode::kOff: return "off";
    case UnitCommitment::Mode::kLinear: return "linear";
    case UnitCommitment::Mode::kInteger: return "integer";
  }
  return "linear";
}

bool parse_uc_mode(std::string_view text, UnitCommitment::Mode& mode) {
  for (auto m :
       {UnitCommitment::Mode::kOff, UnitCommitment::Mode::kLinear, UnitCommitment::Mode::kInteger})
    if (uc_mode_name(m) == text) {
      mode = m;
      return true;
    }
  return false;
}

std::string_view family_name(Family f) {
  switch (f) {
    case Family::kGenerator: return "generator";
    case Family::kStorageUnit: return "storage unit";
    case Family::kStore: return "store";
    case Family::kLink: return "link";
    case Family::kGrid: return "grid connection";
    case Family::kLoad: return "load";
  }
  return "component";
}

namespace {
constexpr std::array kGroupQuantities{GroupQuantity::kCapacityMw, GroupQuantity::kEnergyMwh,
                                      GroupQuantity::kAvailableEnergyMwh, GroupQuantity::kExportMwh,
                                      GroupQuantity::kCo2T};
}

std::string_view group_quantity_name(GroupQuantity q) {
  switch (q) {
    case GroupQuantity::kCapacityMw: return "capacity_mw";
    case GroupQuantity::kEnergyMwh: return "energy_mwh";
    case GroupQuantity::kAvailableEnergyMwh: return "available_energy_mwh";
    case GroupQuantity::kExportMwh: return "export_mwh";
    case GroupQuantity::kCo2T: return "co2_t";
  }
  return "capacity_mw";
}

bool parse_group_quantity(std::string_view text, GroupQuantity& q) {
  for (GroupQuantity v : kGroupQuantities)
    if (group_quantity_name(v) == text) {
      q = v;
      return true;
    }
  return false;
}

std::string_view group_quantity_unit(GroupQuantity q) {
  switch (q) {
    case GroupQuantity::kCapacityMw: return "MW";
    case GroupQuantity::kCo2T: return "t";
    default: return "MWh";
  }
}

std::string_view sense_text(GroupConstraints::Sense s) {
  switch (s) {
    case GroupConstraints::Sense::kLessEqual: return "<=";
    case GroupConstraints::Sense::kGreaterEqual: return ">=";
    case GroupConstraints::Sense::kEqual: return "==";
  }
  return "<=";
}

double heat_pump_cop(HeatPumpSource source, double lift_k) {
  const double d = lift_k;
  switch (source) {
    case HeatPumpSource::kAir: return 6.81 - 0.121 * d + 0.000630 * d * d;
    case HeatPumpSource::kGround: return 8.77 - 0.150 * d + 0.000734 * d * d;
  }
  return 0.0;
}

bool parse_heat_pump_source(std::string_view text, HeatPumpSource& source) {
  if (text == "air_source") {
    source = HeatPumpSource::kAir;
    return true;
  }
  if (text == "ground_source") {
    source = HeatPumpSource::kGround;
    return true;
  }
  return false;
}

bool makes_hydrogen(const Network& n, Index link) {
  const auto k = static_cast<std::size_t>(link);
  if (!n.buses.electric[static_cast<std::size_t>(n.links.from_bus[k])]) return false;
  const Index c = n.buses.carrier[static_cast<std::size_t>(n.links.to_bus[k])];
  if (c < 0) return false;
  std::string name = n.carriers.name[static_cast<std::size_t>(c)];
  for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return name == "hydrogen" || name == "h2";
}

double Projects::share(Index project, int year) const {
  const auto k = static_cast<std::size_t>(project);
  const int since = year - start_year[k];
  if (since < 0) return 0.0;
  const auto& ramp = ramp_up[k];
  return static_cast<std::size_t>(since) < ramp.size() ? ramp[static_cast<std::size_t>(since)]
                                                       : 1.0;
}

}  // namespace parkgrid
