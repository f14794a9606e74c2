#include "synthetic.hpp"

#include "parkgrid/pypsa.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace parkgrid::bench {
namespace {

namespace fs = std::filesystem;
using std::numbers::pi;

// SplitMix64 (Steele, Lea, Flood 2014) and Box-Muller: the same numbers with every compiler and
// standard library, unlike std::normal_distribution.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u = 1.0 - uniform();  // (0, 1]
    const double v = uniform();
    const double r = std::sqrt(-2.0 * std::log(u));
    spare_ = r * std::sin(2.0 * pi * v);
    has_spare_ = true;
    return r * std::cos(2.0 * pi * v);
  }

 private:
  std::uint64_t state_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

// One stream per (seed, cell, slot): a component's profile does not depend on the park's size.
Rng stream(std::uint64_t seed, Index cell, int slot) {
  Rng mix(seed ^ (static_cast<std::uint64_t>(cell) << 20) ^ static_cast<std::uint64_t>(slot));
  mix.next();
  return Rng(mix.next());
}

// Values are rounded to a fixed number of decimals so that the CSV stays short and reads back
// to the very same doubles.
double round_to(double x, double scale) {
  return std::round(x * scale) / scale;
}
double clamp01(double x) {
  return std::clamp(x, 0.0, 1.0);
}

// Calendar position of snapshot t (start is 1 January 00:00; 2025-01-01 is a Wednesday).
struct When {
  int day;       // day of the year, 0-based (wraps after 365)
  double hour;   // hour of the day at the middle of the snapshot
  bool weekend;  // Saturday or Sunday
  Index month;   // month number of the snapshot
};
When when(const Snapshots& s, Index t) {
  const double hours = static_cast<double>(t) * s.step_hours + 0.5 * s.step_hours;
  const auto day = static_cast<int>(std::floor(hours / 24.0));
  return {day % 365, hours - 24.0 * day, (day + 2) % 7 >= 5, s.month[static_cast<std::size_t>(t)]};
}

constexpr double kLatitudeRad = 39.5 * pi / 180.0;  // Shuozhou, Shanxi

// PV availability: clear-sky shape from the solar elevation (solar noon 12:30 local time at
// 112 E), a daily clearness index following an AR(1) process and some hourly noise.
std::vector<double> pv_profile(const Snapshots& s, Rng rng, double shift_h, bool tracker) {
  std::vector<double> a(static_cast<std::size_t>(s.count));
  double clearness = 0.75;
  int last_day = -1;
  for (Index t = 0; t < s.count; ++t) {
    const When w = when(s, t);
    if (w.day != last_day) {
      clearness = std::clamp(0.75 + 0.6 * (clearness - 0.75) + 0.2 * rng.normal(), 0.1, 1.0);
      last_day = w.day;
    }
    const double decl = 23.45 * pi / 180.0 * std::sin(2.0 * pi * (284.0 + w.day) / 365.0);
    const double omega = 15.0 * pi / 180.0 * (w.hour - 12.5 - shift_h);
    const double sin_el = std::sin(kLatitudeRad) * std::sin(decl) +
                          std::cos(kLatitudeRad) * std::cos(decl) * std::cos(omega);
    double v = 0.0;
    if (sin_el > 0.0) {
      const double clear_sky = 0.85 * std::pow(sin_el, tracker ? 0.6 : 1.0);
      v = clear_sky * std::clamp(clearness + 0.05 * rng.normal(), 0.0, 1.0);
    }
    a[static_cast<std::size_t>(t)] = round_to(clamp01(v), 1e4);
  }
  return a;
}

// Wind availability: hub-height speed as an AR(1) process around a seasonal and diurnal mean
// (windier in winter and in the afternoon), through a cubic power curve (3 / 12 / 25 m/s).
std::vector<double> wind_profile(const Snapshots& s, Rng rng, double mean_speed) {
  std::vector<double> a(static_cast<std::size_t>(s.count));
  double v = mean_speed;
  for (Index t = 0; t < s.count; ++t) {
    const When w = when(s, t);
    const double mu = mean_speed + 1.5 * std::cos(2.0 * pi * (w.day - 15) / 365.0) +
                      0.7 * std::cos(2.0 * pi * (w.hour - 15.0) / 24.0);
    v = std::max(0.0, mu + 0.96 * (v - mu) + 0.9 * rng.normal());
    double pu = 0.0;
    if (v >= 3.0 && v < 25.0) pu = v >= 12.0 ? 1.0 : (v * v * v - 27.0) / (1728.0 - 27.0);
    a[static_cast<std::size_t>(t)] = round_to(clamp01(pu), 1e4);
  }
  return a;
}

// Electric loads in MW (kW resolution), five kinds of industrial demand.
std::vector<double> load_profile(const Snapshots& s, Rng rng, int kind, double scale) {
  std::vector<double> d(static_cast<std::size_t>(s.count));
  bool batch_on = false;
  for (Index t = 0; t < s.count; ++t) {
    const When w = when(s, t);
    double v = 0.0;
    switch (kind) {
      case 0:  // continuous process (furnaces, electrolysis): flat with small noise
        v = scale * (1.0 + 0.02 * rng.normal());
        break;
      case 1:  // two shifts from 08:00 to 24:00, lighter at weekends
        v = scale * (w.hour < 8.0 ? 0.45 : 1.275) * (w.weekend ? 0.8 : 1.0) *
            (1.0 + 0.03 * rng.normal());
        break;
      case 2:  // day shift 08:00 to 18:00 on working days
        v = scale * (!w.weekend && w.hour >= 8.0 && w.hour < 18.0 ? 1.8 : 0.35) *
            (1.0 + 0.05 * rng.normal());
        break;
      case 3: {  // cooling: summer and afternoon peak
        const double season = std::max(0.0, std::cos(2.0 * pi * (w.day - 200) / 365.0));
        const double diurnal = 0.5 + 0.5 * std::cos(2.0 * pi * (w.hour - 15.0) / 24.0);
        v = scale * (0.4 + 1.6 * season * diurnal) * (1.0 + 0.03 * rng.normal());
        break;
      }
      default:  // batch process: on and off in runs of about 20 hours
        if (rng.uniform() < 0.05) batch_on = !batch_on;
        v = scale * (batch_on ? 1.7 : 0.3);
        break;
    }
    d[static_cast<std::size_t>(t)] = round_to(std::max(0.0, v), 1e3);
  }
  return d;
}

// Hydrogen for trucks (MW of H2, LHV): refuelling from 06:00 to 22:00.
std::vector<double> hydrogen_profile(const Snapshots& s, Rng rng, double scale) {
  std::vector<double> d(static_cast<std::size_t>(s.count));
  for (Index t = 0; t < s.count; ++t) {
    const When w = when(s, t);
    const double base = w.hour >= 6.0 && w.hour < 22.0 ? 1.4 : 0.2;
    d[static_cast<std::size_t>(t)] = round_to(scale * base * (1.0 + 0.1 * rng.normal()), 1e3);
  }
  for (double& v : d) v = std::max(0.0, v);
  return d;
}

// Large-industry time-of-use price at 220 kV (as in data/pinglu), CNY/MWh, with a critical peak
// (x 1.2, 18:00-20:00) in January, July, August and December.
std::vector<double> tou_price(const Snapshots& s) {
  static constexpr std::array<double, 24> kDaily{
      244.1, 244.1, 244.1, 244.1, 244.1, 244.1, 244.1, 465.0, 706.0, 706.0, 706.0, 244.1,
      244.1, 465.0, 465.0, 465.0, 465.0, 706.0, 706.0, 706.0, 706.0, 706.0, 706.0, 465.0};
  std::vector<double> p(static_cast<std::size_t>(s.count));
  for (Index t = 0; t < s.count; ++t) {
    const When w = when(s, t);
    const auto h = static_cast<std::size_t>(std::clamp(static_cast<int>(w.hour), 0, 23));
    const int m = static_cast<int>(w.month % 12);  // 0 = January (the start month)
    const bool critical = (m == 0 || m == 6 || m == 7 || m == 11) && h >= 18 && h < 20;
    p[static_cast<std::size_t>(t)] = round_to(kDaily[h] * (critical ? 1.2 : 1.0), 10.0);
  }
  return p;
}

// Coal price following the season (dearer in winter), CNY/MWh electric.
std::vector<double> coal_cost(const Snapshots& s) {
  std::vector<double> c(static_cast<std::size_t>(s.count));
  for (Index t = 0; t < s.count; ++t) {
    const int m = static_cast<int>(when(s, t).month % 12);
    c[static_cast<std::size_t>(t)] =
        round_to(232.0 * (1.0 + 0.1 * std::cos(2.0 * pi * m / 12.0)), 10.0);
  }
  return c;
}

// Per-generator columns that newer versions of Network add are filled with their "none" value
// when present, so the benchmark builds against the header as it is (a template, so that a
// missing member makes the requirement false rather than the program ill-formed).
template <class G>
void fill_newer_columns(G& g) {
  if constexpr (requires { g.supplied_via; })
    g.supplied_via.assign(g.name.size(), -1);  // grid connection: none
}

struct Capacity {
  double existing = 0.0;
  bool extendable = false;
  double min = 0.0;
  double max = kInf;
  double capex = 0.0;
  double lifetime = 25.0;
  double fixed_om = 0.0;
};
void add(CapacityTable& c, const Capacity& v) {
  c.existing.push_back(v.existing);
  c.extendable.push_back(v.extendable ? 1 : 0);
  c.min.push_back(v.min);
  c.max.push_back(v.max);
  c.capex_cny_per_unit.push_back(v.capex);
  c.lifetime_years.push_back(v.lifetime);
  c.fixed_om_cny_per_unit_year.push_back(v.fixed_om);
}

struct Builder {
  Network& n;
  std::uint64_t seed;
  Index electricity, hydrogen, coal, solar, wind, battery;  // carriers
  Index h2_bus;

  void generator(const std::string& name, Index bus, Index carrier, const Capacity& cap,
                 double efficiency, std::span<const double> marginal, double min_pu,
                 std::span<const double> availability) {
    Generators& g = n.generators;
    g.name.push_back(name);
    g.bus.push_back(bus);
    g.carrier.push_back(carrier);
    add(g.capacity_mw, cap);
    g.efficiency.push_back(efficiency);
    g.marginal_cost_cny_per_mwh.add_series(marginal);
    g.min_pu.add_constant(min_pu);
    g.availability_pu.add_series(availability);
  }

  void cell(Index c) {
    const Snapshots& s = n.snapshots;
    const Index T = s.count;
    const std::string id = fmt::format("{:03}", c);
    const Index bus = c;  // the electricity buses come first, one per cell
    const std::vector<double> zero(static_cast<std::size_t>(T), 0.0);
    const std::vector<double> one(static_cast<std::size_t>(T), 1.0);
    int slot = 0;

    // PV: two fixed plants on roofs, two candidates (fixed tilt, tracker).
    for (int j = 0; j < 4; ++j) {
      const bool ext = j >= 2;
      const bool tracker = j == 3;
      const double shift = 0.25 * (j - 1.5);  // orientation east to west
      Capacity cap{
          ext ? 0.0 : 10.0,           ext, 0.0, ext ? 40.0 : 10.0, tracker ? 3.55e6 : 3.30e6, 25.0,
          tracker ? 55000.0 : 50000.0};
      generator(fmt::format("pv_{}_{}", id, j), bus, solar, cap, 1.0, zero, 0.0,
                pv_profile(s, stream(seed, c, slot++), shift, tracker));
    }
    // Wind: one existing farm, two candidates.
    for (int j = 0; j < 3; ++j) {
      const bool ext = j >= 1;
      Capacity cap{ext ? 0.0 : 20.0, ext, 0.0, ext ? 50.0 : 20.0, 4.0e6, 20.0, 100000.0};
      generator(fmt::format("wind_{}_{}", id, j), bus, wind, cap, 1.0, zero, 0.0,
                wind_profile(s, stream(seed, c, slot++), 6.0 + 0.5 * j));
    }
    // Coal: an existing must-run unit and an extendable one with a seasonal fuel price.
    {
      const std::vector<double> cost(static_cast<std::size_t>(T), 232.0);
      generator(fmt::format("coal_{}_0", id), bus, coal,
                Capacity{30.0, false, 0.0, 30.0, 0.0, 30.0, 0.0}, 0.396, cost, 0.3, one);
      ++slot;
      generator(fmt::format("coal_{}_1", id), bus, coal,
                Capacity{0.0, true, 0.0, 60.0, 3.8e6, 30.0, 120000.0}, 0.42, coal_cost(s), 0.2,
                one);
      ++slot;
    }
    // Loads: five industrial kinds and the hydrogen trucks.
    static constexpr std::array<double, 5> kScale{15.0, 8.0, 5.0, 4.0, 6.0};
    static constexpr std::array<const char*, 5> kKind{"process", "twoshift", "dayshift", "cooling",
                                                      "batch"};
    for (int j = 0; j < 5; ++j) {
      n.loads.name.push_back(fmt::format("load_{}_{}", id, kKind[static_cast<std::size_t>(j)]));
      n.loads.bus.push_back(bus);
      n.loads.demand_mw.add_series(
          load_profile(s, stream(seed, c, slot++), j, kScale[static_cast<std::size_t>(j)]));
    }
    n.loads.name.push_back(fmt::format("h2_trucks_{}", id));
    n.loads.bus.push_back(h2_bus);
    n.loads.demand_mw.add_series(hydrogen_profile(s, stream(seed, c, slot++), 2.0));

    // Batteries: a 2 h unit whose energy follows its power, and a fixed-power unit with its own
    // extendable energy capacity that starts half full (not cyclic).
    StorageUnits& su = n.storage_units;
    su.name.push_back(fmt::format("battery_2h_{}", id));
    su.bus.push_back(bus);
    su.carrier.push_back(battery);
    add(su.power_mw, Capacity{0.0, true, 0.0, 50.0, 1.329e6, 15.0, 26600.0});
    su.max_hours.push_back(2.0);
    add(su.energy_mwh, Capacity{0.0, false, 0.0, kInf, 0.0, 15.0, 0.0});
    su.efficiency_charge.push_back(0.93);
    su.efficiency_discharge.push_back(0.93);
    su.standing_loss_per_hour.push_back(0.00002);
    su.cyclic.push_back(1);
    su.initial_soc_mwh.push_back(0.0);
    su.marginal_cost_cny_per_mwh.push_back(0.0);
    ++slot;

    su.name.push_back(fmt::format("battery_own_{}", id));
    su.bus.push_back(bus);
    su.carrier.push_back(battery);
    add(su.power_mw, Capacity{10.0, false, 0.0, kInf, 0.3e6, 15.0, 6000.0});
    su.max_hours.push_back(0.0);
    add(su.energy_mwh, Capacity{20.0, true, 0.0, 200.0, 0.6e6, 15.0, 12000.0});
    su.efficiency_charge.push_back(0.95);
    su.efficiency_discharge.push_back(0.95);
    su.standing_loss_per_hour.push_back(0.0001);
    su.cyclic.push_back(0);
    su.initial_soc_mwh.push_back(10.0);
    su.marginal_cost_cny_per_mwh.push_back(5.0);
    ++slot;

    // Hydrogen tank on the shared hydrogen bus.
    Stores& st = n.stores;
    st.name.push_back(fmt::format("h2_tank_{}", id));
    st.bus.push_back(h2_bus);
    st.carrier.push_back(hydrogen);
    add(st.energy_mwh, Capacity{0.0, true, 0.0, 2000.0, 100000.0, 25.0, 1000.0});
    st.standing_loss_per_hour.push_back(0.0);
    st.cyclic.push_back(1);
    st.initial_energy_mwh.push_back(0.0);
    st.marginal_cost_cny_per_mwh.push_back(0.0);
    ++slot;

    // Electrolyser (no carrier label: exercises the optional field).
    Links& k = n.links;
    k.name.push_back(fmt::format("electrolyser_{}", id));
    k.from_bus.push_back(bus);
    k.to_bus.push_back(h2_bus);
    k.carrier.push_back(-1);
    add(k.capacity_mw, Capacity{0.0, true, 0.0, 30.0, 3.0e6, 20.0, 75000.0});
    k.efficiency.add_constant(0.5741);
    k.min_pu.add_constant(0.1);
    k.max_pu.add_constant(1.0);
    k.marginal_cost_cny_per_mwh.push_back(0.0);
    ++slot;

    // Grid connection.
    GridConnections& gc = n.grid;
    gc.name.push_back(fmt::format("grid_{}", id));
    gc.bus.push_back(bus);
    gc.import_max_mw.push_back(150.0);
    gc.export_max_mw.push_back(50.0);
    gc.buy_price_cny_per_mwh.add_series(tou_price(s));
    gc.sell_price_cny_per_mwh.add_constant(200.0);
    gc.market_price_cny_per_mwh.add_constant(200.0);
    gc.delivery_charge_cny_per_mwh.add_constant(0.0);
    gc.demand_charge_cny_per_kw_month.push_back(30.0);
    gc.co2_t_per_mwh.push_back(0.5703);
    ++slot;
  }
};

}  // namespace

Index components_of(std::string_view size) {
  if (size == "S") return 20;
  if (size == "M") return 200;
  if (size == "L") return 2000;
  return 0;
}

Index component_count(const Network& n) {
  return n.generators.size() + n.loads.size() + n.storage_units.size() + n.stores.size() +
         n.links.size() + n.grid.size();
}

Network make_network(const SyntheticOptions& o) {
  if (o.components <= 0 || o.components % kComponentsPerCell != 0)
    throw std::invalid_argument(
        fmt::format("synthetic park: {} components is not a positive multiple of {}", o.components,
                    kComponentsPerCell));
  if (o.snapshots <= 0 || !(o.step_hours > 0.0))
    throw std::invalid_argument("synthetic park: needs snapshots > 0 and step_hours > 0");
  const Index cells = o.components / kComponentsPerCell;
  const Index T = o.snapshots;

  Network n;
  n.name = fmt::format("synthetic_{}", o.components);
  n.description = fmt::format(
      "Synthetic industrial park for the engine benchmark: {} components in {} cell(s) of 20 (PV, "
      "wind, coal, loads, batteries, hydrogen), seed {}.",
      o.components, cells, o.seed);
  n.source = "synthetic";
  n.discount_rate = 0.06;

  Snapshots& s = n.snapshots;
  s.start = DateTime{2025, 1, 1, 0, 0};
  s.count = T;
  s.step_hours = o.step_hours;
  s.weight_hours.assign(static_cast<std::size_t>(T), o.step_hours);
  s.index_months();

  const auto carrier = [&](std::string name, double co2, bool renewable) {
    n.carriers.name.push_back(std::move(name));
    n.carriers.co2_t_per_mwh.push_back(co2);
    n.carriers.renewable.push_back(renewable ? 1 : 0);
    return n.carriers.size() - 1;
  };
  Builder b{n, o.seed, 0, 0, 0, 0, 0, 0, 0};
  b.electricity = carrier("electricity", 0.0, false);
  b.hydrogen = carrier("hydrogen", 0.0, false);
  b.coal = carrier("coal", 0.3406, false);
  b.solar = carrier("solar", 0.0, true);
  b.wind = carrier("wind", 0.0, true);
  b.battery = carrier("battery", 0.0, false);

  for (Index c = 0; c < cells; ++c) {
    n.buses.name.push_back(fmt::format("ac_{:03}", c));
    n.buses.carrier.push_back(b.electricity);
    n.buses.electric.push_back(1);
  }
  n.buses.name.push_back("h2");
  n.buses.carrier.push_back(b.hydrogen);
  n.buses.electric.push_back(0);
  b.h2_bus = n.buses.size() - 1;

  n.generators.marginal_cost_cny_per_mwh = TimeSeries(T);
  n.generators.min_pu = TimeSeries(T);
  n.generators.availability_pu = TimeSeries(T);
  n.loads.demand_mw = TimeSeries(T);
  n.links.efficiency = TimeSeries(T);
  n.links.min_pu = TimeSeries(T);
  n.links.max_pu = TimeSeries(T);
  n.grid.buy_price_cny_per_mwh = TimeSeries(T);
  n.grid.sell_price_cny_per_mwh = TimeSeries(T);
  n.grid.delivery_charge_cny_per_mwh = TimeSeries(T);

  for (Index c = 0; c < cells; ++c) b.cell(c);
  fill_newer_columns(n.generators);

  n.policy.co2_cap_t = kInf;
  n.policy.min_green_share = o.min_green_share;
  n.policy.no_reverse_flow = false;
  n.policy.carbon_price_cny_per_t = o.carbon_price_cny_per_t;
  return n;
}

std::uintmax_t write_scenario(const Network& n, const fs::path& dir) {
  io::write_scenario_folder(n, dir);  // the library's writer, as `parkgrid import-pypsa` uses
  std::uintmax_t bytes = 0;
  for (const char* f : {"scenario.toml", "profiles.csv"})
    if (fs::exists(dir / f)) bytes += fs::file_size(dir / f);
  return bytes;
}

}  // namespace parkgrid::bench
