// Typical days: k-medoids on daily profiles, and the network cut to the representative days.
//
// Each day is a point of 24 x F values: the hourly availability of every generator whose
// availability varies, the park's total load on each bus and every grid buy price that varies,
// each feature scaled to [0, 1] over the year so that none dominates. k-means (k-means++ start,
// ten deterministic restarts, Lloyd iterations) groups the days; the day nearest each centre is
// its medoid and represents the group with the weight of its size. With extreme days
// (Planning::extreme_days), each month's day of least renewable energy and day of highest net
// load are added as days of their own (add_extreme_days).
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "parkgrid/planning.hpp"

namespace parkgrid::planning {
namespace {

struct Feature {
  std::string name;
  std::vector<double> values;  // one per snapshot
  bool rescale = true;         // matched in mean by the reduction (prices are not)
  double upper = kInf;         // availability: at most 1
};

bool varies(std::span<const double> v) {
  if (v.empty()) return false;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return *hi - *lo > 1e-12 * std::max(1.0, std::abs(*hi));
}

std::vector<Feature> features(const Network& n) {
  std::vector<Feature> out;
  const Index T = n.snapshot_count();
  for (Index g = 0; g < n.generators.size(); ++g) {
    const auto a = n.generators.availability_pu.row(g);
    if (varies(a))
      out.push_back({fmt::format("availability_pu of {}", n.generators.name[u(g)]),
                     std::vector<double>(a.begin(), a.end()), true, 1.0});
  }
  for (Index b = 0; b < n.buses.size(); ++b) {
    // Plain loads, and projects at full output: the load shape of the build-out.
    std::vector<double> load(u(T), 0.0);
    std::vector<char> is_project(u(n.loads.size()), 0);
    for (Index l : n.projects.load) is_project[u(l)] = 1;
    bool any = false;
    for (Index l = 0; l < n.loads.size(); ++l) {
      if (n.loads.bus[u(l)] != b || is_project[u(l)]) continue;
      const auto d = n.loads.demand_mw.row(l);
      for (Index t = 0; t < T; ++t) load[u(t)] += d[u(t)];
      any = true;
    }
    for (Index p = 0; p < n.projects.size(); ++p) {
      if (n.projects.bus[u(p)] != b) continue;
      const auto d = n.projects.demand_full_mw.row(p);
      for (Index t = 0; t < T; ++t) load[u(t)] += d[u(t)];
      any = true;
    }
    if (any && varies(load))
      out.push_back({fmt::format("load of bus {}", n.buses.name[u(b)]), std::move(load)});
  }
  for (Index c = 0; c < n.grid.size(); ++c) {
    const auto p = n.grid.buy_price_cny_per_mwh.row(c);
    if (varies(p))
      out.push_back({fmt::format("buy price of {}", n.grid.name[u(c)]),
                     std::vector<double>(p.begin(), p.end()), false});
  }
  return out;
}

double sq_dist(const double* a, const double* b, std::size_t dim) {
  double s = 0.0;
  for (std::size_t i = 0; i < dim; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

// Lloyd's k-means from a k-means++ start; returns the assignment and its inertia.
std::pair<std::vector<Index>, double> kmeans(const std::vector<double>& x, std::size_t n,
                                             std::size_t dim, std::size_t k, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> centre(k * dim);
  std::vector<double> best(n, std::numeric_limits<double>::infinity());
  std::size_t first = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  std::copy_n(&x[first * dim], dim, &centre[0]);
  for (std::size_t c = 1; c < k; ++c) {
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      best[i] = std::min(best[i], sq_dist(&x[i * dim], &centre[(c - 1) * dim], dim));
      total += best[i];
    }
    std::size_t pick = n - 1;
    if (total > 0.0) {
      double r = std::uniform_real_distribution<double>(0.0, total)(rng);
      for (std::size_t i = 0; i < n; ++i) {
        r -= best[i];
        if (r <= 0.0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = c % n;
    }
    std::copy_n(&x[pick * dim], dim, &centre[c * dim]);
  }
  std::vector<Index> assign(n, -1);
  double inertia = 0.0;
  for (int iter = 0; iter < 300; ++iter) {
    bool changed = false;
    inertia = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double dmin = std::numeric_limits<double>::infinity();
      Index cmin = 0;
      for (std::size_t c = 0; c < k; ++c) {
        const double d = sq_dist(&x[i * dim], &centre[c * dim], dim);
        if (d < dmin) {
          dmin = d;
          cmin = static_cast<Index>(c);
        }
      }
      inertia += dmin;
      if (assign[i] != cmin) {
        assign[i] = cmin;
        changed = true;
      }
    }
    if (!changed) break;
    std::vector<double> sum(k * dim, 0.0);
    std::vector<std::size_t> count(k, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = u(assign[i]);
      ++count[c];
      for (std::size_t j = 0; j < dim; ++j) sum[c * dim + j] += x[i * dim + j];
    }
    for (std::size_t c = 0; c < k; ++c)
      if (count[c] > 0)
        for (std::size_t j = 0; j < dim; ++j)
          centre[c * dim + j] = sum[c * dim + j] / static_cast<double>(count[c]);
  }
  return {assign, inertia};
}

// The values of `full` on the representative hours `hours`, each standing for `weight[i]` of the
// full snapshots' hours. With `rescale`, scaled so that the weighted mean equals the full mean
// (the values that hit `upper` are held there and the rest scaled again, a few rounds).
std::vector<double> representative(std::span<const double> full, std::span<const double> full_w,
                                   std::span<const Index> hours, std::span<const double> weight,
                                   bool rescale, double upper) {
  std::vector<double> v(hours.size());
  for (std::size_t i = 0; i < hours.size(); ++i) v[i] = full[u(hours[i])];
  if (!rescale) return v;
  double target = 0.0;
  for (std::size_t t = 0; t < full.size(); ++t) target += full[t] * full_w[t];
  for (int round = 0; round < 8; ++round) {
    double free_sum = 0.0, held = 0.0;
    for (std::size_t i = 0; i < v.size(); ++i)
      (v[i] >= upper ? held : free_sum) += v[i] * weight[i];
    if (free_sum <= 0.0) break;
    const double f = (target - held) / free_sum;
    if (std::abs(f - 1.0) < 1e-12) break;
    for (double& x : v)
      if (x < upper) x = std::min(upper, x * f);
  }
  return v;
}

// The capacity a generator's availability is weighted with when days are compared by their
// renewable output: the most it may have (its `max` when extendable and finite, else what
// exists), 1 MW when that is 0 or unbounded.
double comparison_capacity_mw(const Network& n, Index g) {
  const CapacityTable& c = n.generators.capacity_mw;
  const double cap =
      c.extendable[u(g)] && std::isfinite(c.max[u(g)]) ? c.max[u(g)] : c.existing[u(g)];
  return cap > 0.0 && std::isfinite(cap) ? cap : 1.0;
}

// Per calendar month of the full snapshots, the day of least renewable energy and the day of
// highest hourly net load (electric load at full project output minus renewable output, both
// in MW, renewable generators weighted by comparison_capacity_mw), each added as a day of its own
// of weight 1, taken out of its cluster's weight. A day that already represents, or was added
// for another reason, is not added twice. r.day is kept in calendar order.
void add_extreme_days(const Network& net, Reduction& r) {
  const Index T = net.snapshot_count();
  const std::size_t days = u(r.days_total);
  std::vector<double> renewable(u(T), 0.0), load(u(T), 0.0);
  bool any_renewable = false;
  for (Index g = 0; g < net.generators.size(); ++g) {
    const Index carrier = net.generators.carrier[u(g)];
    const auto a = net.generators.availability_pu.row(g);
    if (carrier < 0 || !net.carriers.renewable[u(carrier)] ||
        !net.buses.electric[u(net.generators.bus[u(g)])] || !varies(a))
      continue;
    any_renewable = true;
    const double cap = comparison_capacity_mw(net, g);
    for (Index t = 0; t < T; ++t) renewable[u(t)] += cap * a[u(t)];
  }
  std::vector<char> is_project(u(net.loads.size()), 0);
  for (Index l : net.projects.load) is_project[u(l)] = 1;
  for (Index l = 0; l < net.loads.size(); ++l) {
    if (is_project[u(l)] || !net.buses.electric[u(net.loads.bus[u(l)])]) continue;
    const auto d = net.loads.demand_mw.row(l);
    for (Index t = 0; t < T; ++t) load[u(t)] += d[u(t)];
  }
  for (Index p = 0; p < net.projects.size(); ++p) {
    if (!net.buses.electric[u(net.projects.bus[u(p)])]) continue;
    const auto d = net.projects.demand_full_mw.row(p);
    for (Index t = 0; t < T; ++t) load[u(t)] += d[u(t)];
  }
  std::vector<double> net_load(u(T));
  for (Index t = 0; t < T; ++t) net_load[u(t)] = load[u(t)] - renewable[u(t)];
  const bool any_net_load = varies(net_load);

  Snapshots indexed = net.snapshots;
  if (indexed.month.size() != u(T)) indexed.index_months();
  std::vector<char> taken(days, 0);
  for (Index d : r.day) taken[u(d)] = 1;
  const auto add = [&](Index d) {
    if (d < 0 || taken[u(d)]) return;
    taken[u(d)] = 1;
    r.weight_days[u(r.assignment[u(d)])] -= 1.0;
    r.assignment[u(d)] = static_cast<Index>(r.day.size());
    r.day.push_back(d);
    r.weight_days.push_back(1.0);
    r.extreme.push_back(1);
  };
  for (Index m = 0; m < indexed.num_months; ++m) {
    Index darkest = -1, peak = -1;
    double least = kInf, highest = -kInf;
    for (std::size_t d = 0; d < days; ++d) {
      if (indexed.month[d * 24] != m) continue;
      double energy = 0.0, top = -kInf;
      for (std::size_t h = d * 24; h < d * 24 + 24; ++h) {
        energy += renewable[h];
        top = std::max(top, net_load[h]);
      }
      if (energy < least) {
        least = energy;
        darkest = static_cast<Index>(d);
      }
      if (top > highest) {
        highest = top;
        peak = static_cast<Index>(d);
      }
    }
    if (any_renewable) add(darkest);
    if (any_net_load) add(peak);
  }
  // Back to calendar order.
  std::vector<std::size_t> order(r.day.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return r.day[a] < r.day[b]; });
  std::vector<Index> position(order.size());
  Reduction sorted;
  for (std::size_t i = 0; i < order.size(); ++i) {
    position[order[i]] = static_cast<Index>(i);
    sorted.day.push_back(r.day[order[i]]);
    sorted.weight_days.push_back(r.weight_days[order[i]]);
    sorted.extreme.push_back(r.extreme[order[i]]);
  }
  r.day = std::move(sorted.day);
  r.weight_days = std::move(sorted.weight_days);
  r.extreme = std::move(sorted.extreme);
  for (Index& a : r.assignment) a = position[u(a)];
}

}  // namespace

Reduction typical_days(const Network& net, Index k_days) {
  const Index T = net.snapshot_count();
  const std::size_t days = u(T / 24);
  const std::size_t k = std::min(u(k_days), days);
  Reduction r;
  r.days_total = static_cast<Index>(days);
  const std::vector<Feature> fs = features(net);
  const std::size_t dim = 24 * std::max<std::size_t>(fs.size(), 1);
  std::vector<double> x(days * dim, 0.0);
  for (std::size_t f = 0; f < fs.size(); ++f) {
    const auto& v = fs[f].values;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const double span = *hi - *lo;
    for (std::size_t d = 0; d < days; ++d)
      for (std::size_t h = 0; h < 24; ++h)
        x[d * dim + f * 24 + h] = span > 0 ? (v[d * 24 + h] - *lo) / span : 0.0;
  }
  std::vector<Index> assign;
  double best = std::numeric_limits<double>::infinity();
  for (unsigned seed = 1; seed <= 10 && k > 0; ++seed) {
    auto [a, inertia] = kmeans(x, days, dim, k, seed);
    if (inertia < best - 1e-12) {
      best = inertia;
      assign = std::move(a);
    }
  }
  // Medoid of each cluster: the member closest to the cluster's mean.
  std::vector<std::pair<Index, double>> medoid;  // (day, weight)
  for (std::size_t c = 0; c < k; ++c) {
    std::vector<double> mean(dim, 0.0);
    std::size_t count = 0;
    for (std::size_t d = 0; d < days; ++d)
      if (u(assign[d]) == c) {
        ++count;
        for (std::size_t j = 0; j < dim; ++j) mean[j] += x[d * dim + j];
      }
    if (count == 0) continue;
    for (double& m : mean) m /= static_cast<double>(count);
    Index pick = -1;
    double dmin = std::numeric_limits<double>::infinity();
    for (std::size_t d = 0; d < days; ++d)
      if (u(assign[d]) == c) {
        const double dd = sq_dist(&x[d * dim], mean.data(), dim);
        if (dd < dmin) {
          dmin = dd;
          pick = static_cast<Index>(d);
        }
      }
    medoid.emplace_back(pick, static_cast<double>(count));
  }
  std::sort(medoid.begin(), medoid.end());
  std::vector<Index> position(k, -1);  // cluster -> position in r.day
  for (std::size_t i = 0; i < medoid.size(); ++i) {
    r.day.push_back(medoid[i].first);
    r.weight_days.push_back(medoid[i].second);
    r.extreme.push_back(0);
    position[u(assign[u(medoid[i].first)])] = static_cast<Index>(i);
  }
  r.assignment.resize(days);
  for (std::size_t d = 0; d < days; ++d) r.assignment[d] = position[u(assign[d])];
  if (net.planning.extreme_days && k < days) add_extreme_days(net, r);

  // The error of the reduction on every feature, in the feature's own units, as the model sees
  // it: rescaled in mean where reduce() rescales.
  std::vector<Index> hours;
  std::vector<double> weight;  // full-snapshot hours each representative hour stands for
  for (std::size_t i = 0; i < r.day.size(); ++i)
    for (Index h = 0; h < 24; ++h) {
      hours.push_back(r.day[i] * 24 + h);
      weight.push_back(r.weight_days[i] * net.snapshots.weight_hours[u(hours.back())]);
    }
  for (const Feature& f : fs) {
    SeriesError e;
    e.name = f.name;
    std::vector<double> full(f.values.begin(),
                             f.values.begin() + static_cast<std::ptrdiff_t>(days * 24));
    const std::vector<double> rep =
        representative(full, net.snapshots.weight_hours, hours, weight, f.rescale, f.upper);
    std::vector<double> reduced;
    reduced.reserve(full.size());
    double sum_reduced = 0.0, sum_w = 0.0;
    for (std::size_t i = 0; i < rep.size(); ++i) {
      sum_reduced += rep[i] * weight[i];
      sum_w += weight[i];
      reduced.insert(reduced.end(), static_cast<std::size_t>(r.weight_days[i / 24]), rep[i]);
    }
    e.full_mean = std::accumulate(full.begin(), full.end(), 0.0) / static_cast<double>(full.size());
    e.reduced_mean = sum_w > 0 ? sum_reduced / sum_w : 0.0;
    e.mean_error = e.full_mean != 0.0 ? (e.reduced_mean - e.full_mean) / e.full_mean : 0.0;
    std::sort(full.begin(), full.end(), std::greater<>());
    std::sort(reduced.begin(), reduced.end(), std::greater<>());
    const double span = full.front() - full.back();
    double ss = 0.0;
    for (std::size_t i = 0; i < full.size() && i < reduced.size(); ++i)
      ss += (full[i] - reduced[i]) * (full[i] - reduced[i]);
    e.duration_curve_nrmse =
        span > 0 ? std::sqrt(ss / static_cast<double>(full.size())) / span : 0.0;
    r.errors.push_back(std::move(e));
  }
  return r;
}

Network reduce(const Network& net, const Reduction& r) {
  Network n = net;
  std::vector<Index> hours;
  hours.reserve(r.day.size() * 24);
  for (Index d : r.day)
    for (Index h = 0; h < 24; ++h) hours.push_back(d * 24 + h);
  Snapshots& s = n.snapshots;
  const Snapshots& full = net.snapshots;
  s.count = static_cast<Index>(hours.size());
  s.times.clear();
  s.weight_hours.clear();
  for (std::size_t i = 0; i < r.day.size(); ++i)
    for (Index h = 0; h < 24; ++h) {
      const Index t = r.day[i] * 24 + h;
      s.times.push_back(full.time_of(t));
      s.weight_hours.push_back(full.weight_hours[u(t)] * r.weight_days[i]);
    }
  if (!s.times.empty()) s.start = s.times.front();
  s.cycle_snapshots = 24;  // cyclic storage cycles within each representative day
  // Months: those of the full horizon, so that a monthly demand charge is charged for every
  // month; each representative day enters the peak of every month its days fall in
  // (represented_months, src/formulate/grid.cpp). A day that straddles a month boundary (snapshots
  // not starting at midnight) counts in both months.
  Snapshots indexed = full;
  if (indexed.month.size() != static_cast<std::size_t>(full.count)) indexed.index_months();
  s.month.clear();
  for (const Index t : hours) s.month.push_back(indexed.month[u(t)]);
  s.month_start = indexed.month_start;
  s.num_months = indexed.num_months;
  s.represented_days = r.weight_days;
  // Storage and commitment linked through the calendar days: the representative of every day.
  s.day_representative.clear();
  s.representative_calendar_day.clear();
  s.link_storage = net.planning.link_storage;
  s.link_commitment = net.planning.link_commitment;
  if (s.link_storage || s.link_commitment) {
    s.day_representative = r.assignment;
    s.representative_calendar_day = r.day;
  }
  s.represented_months.assign(r.day.size(), {});
  for (std::size_t d = 0; d < r.assignment.size(); ++d) {
    auto& months = s.represented_months[u(r.assignment[d])];
    for (Index h = 0; h < 24; ++h) months.push_back(indexed.month[d * 24 + u(h)]);
  }
  for (auto& months : s.represented_months) {
    std::sort(months.begin(), months.end());
    months.erase(std::unique(months.begin(), months.end()), months.end());
  }
  // Every series (for_each_series, include/parkgrid/network.hpp): prices, efficiencies and
  // per-unit bounds at the representative hours; availability and demand rescaled to keep their
  // full-year energies.
  // Tariff files by date (docs/tariffs.md#tariffs-by-date): each rule's hourly buy price is not a
  // component series; cut it to the same hours.
  for (auto& rules : n.grid.tariffs)
    for (DatedBuyPrice& rule : rules) {
      std::vector<double> cut;
      cut.reserve(hours.size());
      for (const Index h : hours) cut.push_back(rule.buy_price_cny_per_mwh[u(h)]);
      rule.buy_price_cny_per_mwh = std::move(cut);
      for (auto* part : {&rule.network_cny_per_mwh, &rule.transmission_cny_per_mwh,
                         &rule.government_funds_cny_per_mwh}) {
        if (part->empty()) continue;
        std::vector<double> kept;
        kept.reserve(hours.size());
        for (const Index h : hours) kept.push_back((*part)[u(h)]);
        *part = std::move(kept);
      }
    }
  std::vector<double> weight;
  for (std::size_t i = 0; i < r.day.size(); ++i)
    for (Index h = 0; h < 24; ++h)
      weight.push_back(r.weight_days[i] * full.weight_hours[u(r.day[i] * 24 + h)]);
  for_each_series(n, [&](const SeriesField& f, TimeSeries& series) {
    if (f.reduce == SeriesField::Reduce::kSample) {
      series = series.select(hours);
      return;
    }
    TimeSeries out(s.count);
    for (Index c = 0; c < series.components(); ++c)
      out.add_series(
          representative(series.row(c), full.weight_hours, hours, weight, true, f.upper));
    series = std::move(out);
  });
  return n;
}

}  // namespace parkgrid::planning
