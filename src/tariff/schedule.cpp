// Tariffs by date (docs/tariffs.md#tariffs-by-date): a grid connection's `tariff_files`, each
// in force from its valid_from until the next one's, turned into the buy price of each snapshot.
//
// Each file is priced once over the scenario's snapshots (hourly_prices: the per-MWh total at the
// connection's voltage level, by the snapshot's month and hour of day). Which file applies to a
// snapshot depends on its date only: the file with the latest valid_from on or before it. A plan
// year Y re-dates every snapshot to Y (month, day and hour kept) and picks again, so a rule that
// starts on 2026-05-01 prices May-December of the 2026 period and every hour of later ones.
#include <fmt/format.h>
#include <algorithm>
#include <cstdio>
#include <tuple>

#include "parkgrid/tariff.hpp"

namespace parkgrid {
namespace {

auto key(const DateTime& d) {
  return std::make_tuple(d.year, d.month, d.day, d.hour, d.minute);
}

}  // namespace

const DatedBuyPrice* tariff_in_force(const Network& n, Index c, Index t, int year) {
  const auto& rules = n.grid.tariffs[u(c)];
  const Snapshots& s = n.snapshots;
  DateTime d = s.time_of(t);
  if (year != 0) d.year = year + (d.year - s.start.year);
  const DatedBuyPrice* in_force = nullptr;
  for (const DatedBuyPrice& r : rules)
    if (key(r.valid_from) <= key(d)) in_force = &r;
  if (!in_force) {
    throw InputError(
        {{n.source, 0, fmt::format("grid connection \"{}\"", n.grid.name[u(c)]), "tariff_files",
          fmt::format("\"{}\"", rules.front().source),
          fmt::format("a tariff in force on {} (the earliest file is valid from "
                      "{}): add a file valid from that date or earlier",
                      d.iso().substr(0, 10), rules.front().valid_from.iso().substr(0, 10)),
          "grid_connections", static_cast<int>(c), n.grid.name[u(c)]}});
  }
  return in_force;
}

std::vector<std::vector<std::string>> set_buy_prices_in_force(Network& n, int year) {
  GridConnections& g = n.grid;
  std::vector<std::vector<std::string>> used(static_cast<std::size_t>(g.size()));
  const Snapshots& s = n.snapshots;
  for (Index c = 0; c < g.size() && static_cast<std::size_t>(c) < g.tariffs.size(); ++c) {
    const auto& rules = g.tariffs[static_cast<std::size_t>(c)];
    if (rules.empty()) continue;
    auto price = g.buy_price_cny_per_mwh.mutable_row(c);
    auto& sources = used[static_cast<std::size_t>(c)];
    for (Index t = 0; t < s.count; ++t) {
      const DatedBuyPrice* in_force = tariff_in_force(n, c, t, year);
      price[static_cast<std::size_t>(t)] =
          in_force->buy_price_cny_per_mwh[static_cast<std::size_t>(t)];
      if (std::find(sources.begin(), sources.end(), in_force->source) == sources.end())
        sources.push_back(in_force->source);
    }
  }
  return used;
}

namespace tariff {

double linked_price_cny_per_mwh(double coal_price_cny_per_tce, double efficiency,
                                double margin_cny_per_mwh) {
  return coal_price_cny_per_tce * kTcePerMwhAt100 / efficiency + margin_cny_per_mwh;
}

double network_per_mwh(const HourlyPrices& v, bool integration, std::size_t t) {
  return (integration ? 0.0 : v.transmission[t]) + v.line_loss[t] + v.system_operation[t] +
         v.government_funds[t];
}

double capacity_tnd_per_kw_month(double transmission_cny_per_mwh, double load_factor) {
  return transmission_cny_per_mwh / 1000.0 * load_factor * kHoursPerMonth;
}

bool parse_valid_from(const std::string& text, DateTime& d) {
  int y = 0, m = 0, day = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &day, &tail) != 3) return false;
  d = DateTime{y, m, day, 0, 0};
  return text.size() == 10 && d.valid();
}

std::vector<DatedBuyPrice> dated_buy_prices(const std::vector<std::string>& paths,
                                            const std::vector<std::string>& names,
                                            const Snapshots& snapshots,
                                            std::string_view voltage_level) {
  std::vector<DatedBuyPrice> out;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const Tariff t = read_tariff(paths[i]);
    DatedBuyPrice r;
    r.source = names[i];
    if (!parse_valid_from(t.valid_from, r.valid_from)) {
      throw InputError({{paths[i], 0, "[tariff]", "valid_from",
                         t.valid_from.empty() ? "" : fmt::format("\"{}\"", t.valid_from),
                         "a date like \"2025-01-01\": the day the tariff takes effect (needed "
                         "when a scenario's tariff_files list it)"}});
    }
    const HourlyPrices hp = hourly_prices(t, snapshots, voltage_level);
    r.buy_price_cny_per_mwh = hp.total();
    r.network_cny_per_mwh.resize(hp.energy.size());
    for (std::size_t k = 0; k < hp.energy.size(); ++k)
      r.network_cny_per_mwh[k] = network_per_mwh(hp, false, k);
    r.transmission_cny_per_mwh = hp.transmission;
    r.government_funds_cny_per_mwh = hp.government_funds;
    r.transmission_flat_cny_per_mwh = t.voltage(voltage_level)->transmission_cny_per_mwh;
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const DatedBuyPrice& a, const DatedBuyPrice& b) {
    return key(a.valid_from) < key(b.valid_from);
  });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (key(out[i].valid_from) == key(out[i - 1].valid_from))
      throw InputError({{out[i].source, 0, "[tariff]", "valid_from",
                         fmt::format("\"{}\"", out[i].valid_from.iso().substr(0, 10)),
                         fmt::format("a date of its own: \"{}\" takes effect on the same day",
                                     out[i - 1].source)}});
  return out;
}

}  // namespace tariff
}  // namespace parkgrid
