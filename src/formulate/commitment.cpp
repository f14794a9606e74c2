// Unit commitment of committable generators (unit_size_mw > 0): a generator of N identical units
// of size S is one cluster with u(g,t) units online (integer in mode "integer", real in mode
// "linear"; Palmintier & Webster 2011, GenX's clustered formulation), su/sd units started and
// shut down. docs/formulation.md, "Unit commitment", has the mathematics with these names:
//   generator_com_max(g,t):   p - a(t) S u <= 0
//   generator_com_min(g,t):   p - m S u >= 0                               (m > 0)
//   generator_transition(g,t): u(t) - u(t-1) - su(t) + sd(t) = 0          (u(-1): initial state)
//   generator_up_time(g,t):   u(t) - sum_{k<UT} su(t-k) >= 0              (UT >= 1)
//   generator_down_time(g,t): u(t) + sum_{k<DT} sd(t-k) <= N              (N: n for extendable)
//   generator_ramp_up(g,t):   p(t) - p(t-1) <= RU S (u - su) + SU S su - m S sd
//   generator_ramp_down(g,t): p(t-1) - p(t) <= RD S (u - su) - m S su + SD S sd
//   generator_start_max(g,t): su(t) + u(t-1) <= N;  generator_stop_max: sd(t) - u(t-1) <= 0
//   generator_units_link(g):  P - S n = 0                                  (extendable)
// Flexibility retrofit (retrofit_min_stable_pu m_r <= m; equal: a no-op): r(g) units retrofitted
// (cost: annuity of retrofit_capex_cny_per_kw x 1000 S per unit), v(g,t) retrofitted units online:
//   generator_com_min(g,t) becomes p - m S u + (m - m_r) S v >= 0
//   generator_retrofit_online_max(g,t):   v - u <= 0
//   generator_retrofit_online_units(g,t): v - r <= 0
//   generator_retrofit_units_max(g):      r - n <= 0                      (extendable; else r <= N)
// and the ramp rows take m_r as the minimum of a unit starting or stopping.
// with SU = min(1, max(m, ramp_start_up_pu)), SD = min(1, max(m, ramp_shut_down_pu)). Time wraps
// within each block of Snapshots::cycle_snapshots (typical days), as GenX does; otherwise the
// horizon starts from up_time_before_h / down_time_before_h as PyPSA defines them. Costs: start
// and shut-down costs per event (times the days a typical day stands for); with a part-load heat
// rate, fuel = f1 p + f0 S u, so p costs k1 = eta f1 and each unit online k0 S (UnitCost).
// Typical days linked through the calendar (Snapshots::commitment_linked()): the units online are
// also carried from each calendar day into the next, and these transitions carry the costs
// instead of each representative day's own wrap. Calendar days d-1, d standing by a, b make the
// same transition wherever the pair (a, b) occurs, so one row per pair q, its n_q events costed:
//   generator_day_transition(g,q): u(first of b) - u(last of a) - su_day(q) + sd_day(q) = 0
#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "formulate/context.hpp"

namespace parkgrid::formulate {
namespace {

std::size_t z(Index i) {
  return static_cast<std::size_t>(i);
}

// Snapshot order of the commitment: the previous and next snapshot of t, or -1 at an open end.
struct Clock {
  Index T = 0;
  Index block = 0;  // 0: one open horizon
  [[nodiscard]] Index prev(Index t) const {
    if (block <= 0) return t - 1;
    const Index start = (t / block) * block;
    return t > start ? t - 1 : std::min(T, start + block) - 1;
  }
  [[nodiscard]] Index next(Index t) const {
    if (block <= 0) return t + 1 < T ? t + 1 : -1;
    const Index start = (t / block) * block;
    const Index end = std::min(T, start + block);
    return t + 1 < end ? t + 1 : start;
  }
  [[nodiscard]] Index length_of_block(Index t) const {
    if (block <= 0) return T;
    const Index start = (t / block) * block;
    return std::min(T, start + block) - start;
  }
};

Clock clock_of(const Context& c) {
  return Clock{c.T, c.net.snapshots.cycle_snapshots};
}

// The calendar of typical days linked through the horizon, as the transitions it makes: B
// snapshots a representative day, and each pair (a, b) of representative days that follow one
// another somewhere in the calendar (day d-1 stands by a, day d by b; the year wraps) with the
// number of times it does. Days with the same pair make the same transition, so one row per
// pair. For each representative day, the pairs it ends (a) and starts (b). Empty without linking.
struct DayLink {
  struct Pair {
    Index from = 0, to = 0;
    double count = 0;
  };
  Index B = 0;
  std::vector<Pair> pairs;
  std::vector<std::vector<Index>> starts, ends;  // per representative day: pair indices
  [[nodiscard]] Index P() const { return static_cast<Index>(pairs.size()); }
  [[nodiscard]] bool first(Index t) const { return !pairs.empty() && t % B == 0; }
  [[nodiscard]] bool last(Index t) const { return !pairs.empty() && t % B == B - 1; }
};

DayLink day_link(const Snapshots& s, Index T) {
  DayLink k;
  const Index B = s.cycle_snapshots;
  if (!s.commitment_linked() || B <= 0 || T % B != 0) return k;
  k.B = B;
  const Index R = T / B;
  const auto D = s.day_representative.size();
  std::vector<double> count(z(R * R), 0.0);
  for (std::size_t d = 0; d < D; ++d)
    count[z(s.day_representative[(d + D - 1) % D] * R + s.day_representative[d])] += 1.0;
  k.starts.resize(z(R));
  k.ends.resize(z(R));
  for (Index a = 0; a < R; ++a)
    for (Index b = 0; b < R; ++b)
      if (const double n = count[z(a * R + b)]; n > 0) {
        k.ends[z(a)].push_back(k.P());
        k.starts[z(b)].push_back(k.P());
        k.pairs.push_back({a, b, n});
      }
  return k;
}

Index steps(double hours, double step) {
  return step > 0 ? static_cast<Index>(std::llround(hours / step)) : 0;
}

}  // namespace

bool uses_commitment(const Network& net, Index g) {
  return net.unit_commitment.mode != UnitCommitment::Mode::kOff && net.generators.committable(g);
}

UnitCost unit_cost(const Network& net, Index g) {
  UnitCost k;
  if (!uses_commitment(net, g)) return k;
  const auto& cm = net.generators.commitment;
  const double eta = net.generators.efficiency[z(g)];
  const double eta_min = cm.min_stable_efficiency[z(g)];
  const double m = cm.min_stable_pu[z(g)];
  if (eta_min <= 0.0 || m <= 0.0 || m >= 1.0) return k;
  // Fuel per hour of one unit online at output p (MW): f1 p + f0 S, through (S, S/eta) and
  // (m S, m S/eta_min).
  const double f1 = (1.0 / eta - m / eta_min) / (1.0 - m);
  const double f0 = 1.0 / eta - f1;
  k.output = eta * f1;
  k.online = eta * f0;
  return k;
}

UnitEvents unit_events(const Network& net, const Layout& L, std::span<const double> x, Index k,
                       Index t) {
  const auto val = [&](const Block& b, Index c, Index s) { return x[z(b.at(c, s))]; };
  UnitEvents e{val(L.generator_start, k, t), val(L.generator_stop, k, t)};
  const Index B = net.snapshots.cycle_snapshots;
  if (!net.snapshots.commitment_linked() || B <= 0 || t % B != 0) return e;
  const DayLink days = day_link(net.snapshots, L.snapshots);  // a day's first snapshot only
  if (!days.first(t)) return e;
  // The calendar's transitions into the days this representative day stands for, per event.
  double su = 0, sd = 0;
  for (const Index q : days.starts[z(t / days.B)]) {
    su += days.pairs[z(q)].count * val(L.generator_day_start, k, q);
    sd += days.pairs[z(q)].count * val(L.generator_day_stop, k, q);
  }
  const double events = net.snapshots.weight_hours[z(t)] / net.snapshots.step_hours;
  return events > 0 ? UnitEvents{su / events, sd / events} : UnitEvents{};
}

GeneratorCost::GeneratorCost(const Network& net, Index g)
    : g_(g), co2_(generator_co2_t_per_mwh(net, g)) {
  const UnitCost k = unit_cost(net, g);
  k_output_ = k.output;
  if (uses_commitment(net, g))
    online_mwh_per_h_ = k.online * net.generators.commitment.unit_size_mw[z(g)];
  if (net.generators.extracts_heat(g)) beta_ = net.generators.extraction.power_loss_ratio[z(g)];
}

CostParts GeneratorCost::output(const Network& net, Index t) const {
  return output(net.generators.marginal_cost_cny_per_mwh.at(g_, t),
                net.policy.carbon_price_cny_per_t, delivery_charge_cny_per_mwh(net, g_, t));
}

CostParts GeneratorCost::online(const Network& net, Index t) const {
  return online(net.generators.marginal_cost_cny_per_mwh.at(g_, t),
                net.policy.carbon_price_cny_per_t);
}

CostParts GeneratorCost::heat(const Network& net, Index t) const {
  return heat(net.generators.marginal_cost_cny_per_mwh.at(g_, t),
              net.policy.carbon_price_cny_per_t);
}

UnitParams unit_params(const Network& net, Index g) {
  const auto& cm = net.generators.commitment;
  const auto& cap = net.generators.capacity_mw;
  const double step = net.snapshots.step_hours;
  UnitParams p;
  p.size_mw = cm.unit_size_mw[z(g)];
  p.existing_units = std::round(cap.existing[z(g)] / p.size_mw);
  p.extendable = cap.extendable[z(g)] != 0;
  p.min_stable_pu = cm.min_stable_pu[z(g)];
  p.retrofittable = net.generators.retrofittable(g);
  p.retrofit_min_pu = p.retrofittable ? cm.retrofit_min_stable_pu[z(g)] : p.min_stable_pu;
  if (p.retrofittable)  // capex per kW of one unit, annualised
    p.retrofit_cny_per_unit_year = annuity(cm.retrofit_capex_cny_per_kw[z(g)], net.discount_rate,
                                           cm.retrofit_lifetime_years[z(g)]) *
                                   1000.0 * p.size_mw;
  if (p.retrofittable && z(g) < cm.retrofitted_units.size())
    p.retrofitted_before = cm.retrofitted_units[z(g)];
  p.min_up = steps(cm.min_up_time_h[z(g)], step);
  p.min_down = steps(cm.min_down_time_h[z(g)], step);
  const double ru = cm.ramp_up_pu[z(g)], rd = cm.ramp_down_pu[z(g)];
  const double rsu = cm.ramp_start_up_pu[z(g)], rsd = cm.ramp_shut_down_pu[z(g)];
  p.ramp_up_pu = std::min(1.0, ru);
  p.ramp_down_pu = std::min(1.0, rd);
  p.start_up_pu = std::min(1.0, std::max(p.min_stable_pu, rsu));
  p.shut_down_pu = std::min(1.0, std::max(p.min_stable_pu, rsd));
  p.ramped = ru < 1.0 || rd < 1.0 || p.start_up_pu < 1.0 || p.shut_down_pu < 1.0;
  const Index up_before = steps(cm.up_time_before_h[z(g)], step);
  const Index down_before = steps(cm.down_time_before_h[z(g)], step);
  p.initially_up = down_before == 0 && up_before > 0;
  p.online_before = p.initially_up ? p.existing_units : 0.0;
  // Existing units must stay up (down) until their minimum time since the last switch is over.
  p.up_left = p.initially_up ? std::max<Index>(0, p.min_up - up_before) : 0;
  p.down_left =
      !p.initially_up && down_before > 0 ? std::max<Index>(0, p.min_down - down_before) : 0;
  return p;
}

void declare_commitment_rows(Context& c) {
  const Network& net = c.net;
  Layout& L = c.layout;
  const Generators& g = net.generators;
  Index n_com = 0, n_min = 0, n_up = 0, n_ramp = 0, n_ext = 0;
  L.com = subset(
      g.size(), [&](Index i) { return uses_commitment(net, i); }, n_com);
  L.com_min = subset(
      g.size(),
      [&](Index i) { return uses_commitment(net, i) && g.commitment.min_stable_pu[z(i)] > 0; },
      n_min);
  L.com_up = subset(
      g.size(), [&](Index i) { return uses_commitment(net, i) && unit_params(net, i).min_up > 0; },
      n_up);
  L.com_ramp = subset(
      g.size(), [&](Index i) { return uses_commitment(net, i) && unit_params(net, i).ramped; },
      n_ramp);
  L.com_ext = subset(
      g.size(),
      [&](Index i) { return uses_commitment(net, i) && g.capacity_mw.extendable[z(i)] != 0; },
      n_ext);
  Index n_retro = 0, n_retro_ext = 0;
  L.com_retro = subset(
      g.size(), [&](Index i) { return uses_commitment(net, i) && g.retrofittable(i); }, n_retro);
  L.com_retro_ext = subset(
      g.size(),
      [&](Index i) {
        return uses_commitment(net, i) && g.retrofittable(i) && g.capacity_mw.extendable[z(i)];
      },
      n_retro_ext);
  if (n_com == 0) return;
  const Clock clk = clock_of(c);
  L.generator_com_max = c.lp.add_rows("generator_com_max", n_com, c.T, -kInf, 0.0);
  L.generator_com_min = c.lp.add_rows("generator_com_min", n_min, c.T, 0.0, kInf);
  L.generator_transition = c.lp.add_rows("generator_transition", n_com, c.T, 0.0, 0.0);
  L.generator_up_time = c.lp.add_rows("generator_up_time", n_up, c.T, 0.0, kInf);
  L.generator_down_time = c.lp.add_rows("generator_down_time", n_com, c.T, -kInf, 0.0);
  L.generator_ramp_up = c.lp.add_rows("generator_ramp_up", n_ramp, c.T, -kInf, 0.0);
  L.generator_ramp_down = c.lp.add_rows("generator_ramp_down", n_ramp, c.T, -kInf, 0.0);
  L.generator_start_max = c.lp.add_rows("generator_start_max", n_ramp, c.T, -kInf, 0.0);
  L.generator_stop_max = c.lp.add_rows("generator_stop_max", n_ramp, c.T, -kInf, 0.0);
  L.generator_units_link = c.lp.add_rows("generator_units_link", n_ext, 1, 0.0, 0.0);
  const DayLink days = day_link(net.snapshots, c.T);
  L.generator_day_transition =
      c.lp.add_rows("generator_day_transition", days.P() > 0 ? n_com : 0, days.P(), 0.0, 0.0);
  L.generator_retrofit_online_max =
      c.lp.add_rows("generator_retrofit_online_max", n_retro, c.T, -kInf, 0.0);
  L.generator_retrofit_online_units =
      c.lp.add_rows("generator_retrofit_online_units", n_retro, c.T, -kInf, 0.0);
  L.generator_retrofit_units_max =
      c.lp.add_rows("generator_retrofit_units_max", n_retro_ext, 1, -kInf, 0.0);

  for (Index i = 0; i < g.size(); ++i) {
    const Index k = at(L.com, i);
    if (k < 0) continue;
    const UnitParams p = unit_params(net, i);
    const double units = p.extendable ? 0.0 : p.existing_units;  // right-hand side N (or 0 + n)
    const Index up = at(L.com_up, i), ramp = at(L.com_ramp, i);
    for (Index t = 0; t < c.T; ++t) {
      const bool opening = clk.prev(t) < 0;  // first snapshot of an open horizon
      if (opening) {
        const auto row = L.generator_transition.at(k, t);
        c.lp.set_row_bounds(row, p.online_before, p.online_before);
      }
      // Units that were up (down) before the horizon and must stay so.
      if (up >= 0 && clk.block <= 0 && t < p.up_left)
        c.lp.set_row_bounds(L.generator_up_time.at(up, t), p.existing_units, kInf);
      const double down_rhs = units - (clk.block <= 0 && t < p.down_left ? p.existing_units : 0.0);
      c.lp.set_row_bounds(L.generator_down_time.at(k, t), -kInf, down_rhs);
      if (ramp >= 0) {
        if (opening) {
          // No previous output: the ramp rows are free; starts and stops limited by the
          // initial state.
          c.lp.set_row_bounds(L.generator_ramp_up.at(ramp, t), -kInf, kInf);
          c.lp.set_row_bounds(L.generator_ramp_down.at(ramp, t), -kInf, kInf);
          c.lp.set_row_bounds(L.generator_start_max.at(ramp, t), -kInf, units - p.online_before);
          c.lp.set_row_bounds(L.generator_stop_max.at(ramp, t), -kInf, p.online_before);
        } else {
          c.lp.set_row_bounds(L.generator_start_max.at(ramp, t), -kInf, units);
        }
      }
    }
  }
}

// Entries of p(g,t) in the commitment rows (called from add_generator_columns).
void commitment_entries_of_output(Context& c, Index g, Index t) {
  const Layout& L = c.layout;
  const Index k = at(L.com, g);
  if (k < 0) return;
  const Clock clk = clock_of(c);
  c.lp.entry(L.generator_com_max.at(k, t), 1.0);
  if (const Index m = at(L.com_min, g); m >= 0) c.lp.entry(L.generator_com_min.at(m, t), 1.0);
  if (const Index r = at(L.com_ramp, g); r >= 0) {
    c.lp.entry(L.generator_ramp_up.at(r, t), 1.0);
    c.lp.entry(L.generator_ramp_down.at(r, t), -1.0);
    if (const Index nt = clk.next(t); nt >= 0 && clk.prev(nt) == t && nt != t) {
      c.lp.entry(L.generator_ramp_up.at(r, nt), -1.0);
      c.lp.entry(L.generator_ramp_down.at(r, nt), 1.0);
    }
  }
}

void add_commitment_columns(Context& c) {
  const Network& net = c.net;
  Layout& L = c.layout;
  const Generators& g = net.generators;
  const Index n_com = L.generator_com_max.components;
  const Clock clk = clock_of(c);
  const bool integer = net.unit_commitment.mode == UnitCommitment::Mode::kInteger;
  const DayLink days = day_link(net.snapshots, c.T);

  // Units online.
  L.generator_online = c.lp.begin_cols("generator_online", n_com, c.T);
  for (Index i = 0; i < g.size(); ++i) {
    const Index k = at(L.com, i);
    if (k < 0) continue;
    const UnitParams p = unit_params(net, i);
    const GeneratorCost cost(net, i);
    const Index m = at(L.com_min, i), up = at(L.com_up, i), r = at(L.com_ramp, i);
    const Index rf = at(L.com_retro, i);
    // u(t) in the calendar rows: +1 in the pairs its representative day starts, -1 in those it
    // ends (both, summed, when a day is one snapshot).
    std::vector<std::pair<Index, double>> day_rows;
    const auto day_entries = [&](Index t) {
      day_rows.clear();
      const auto r_day = z(t / std::max<Index>(1, days.B));
      if (days.first(t))
        for (const Index q : days.starts[r_day]) day_rows.emplace_back(q, 1.0);
      if (days.last(t))
        for (const Index q : days.ends[r_day]) day_rows.emplace_back(q, -1.0);
      std::sort(day_rows.begin(), day_rows.end());
      for (std::size_t j = 0; j < day_rows.size();) {
        const Index q = day_rows[j].first;
        double v = 0.0;
        for (; j < day_rows.size() && day_rows[j].first == q; ++j) v += day_rows[j].second;
        if (v != 0.0) c.lp.entry(L.generator_day_transition.at(k, q), v);
      }
    };
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(c.weight(t) * cost.online(net, t).total_cny(), 0.0,
                  p.extendable ? kInf : p.existing_units);
      c.lp.entry(L.generator_com_max.at(k, t), -g.availability_pu.at(i, t) * p.size_mw);
      if (m >= 0) c.lp.entry(L.generator_com_min.at(m, t), -p.min_stable_pu * p.size_mw);
      c.lp.entry(L.generator_transition.at(k, t), 1.0);
      const Index nt = clk.next(t);
      const bool links_next = nt >= 0 && nt != t && clk.prev(nt) == t;
      if (links_next) c.lp.entry(L.generator_transition.at(k, nt), -1.0);
      if (up >= 0) c.lp.entry(L.generator_up_time.at(up, t), 1.0);
      if (rf >= 0) c.lp.entry(L.generator_retrofit_online_max.at(rf, t), -1.0);
      c.lp.entry(L.generator_down_time.at(k, t), 1.0);
      day_entries(t);
      if (r >= 0) {
        c.lp.entry(L.generator_ramp_up.at(r, t), -p.ramp_up_pu * p.size_mw);
        c.lp.entry(L.generator_ramp_down.at(r, t), -p.ramp_down_pu * p.size_mw);
        if (links_next) {
          c.lp.entry(L.generator_start_max.at(r, nt), 1.0);
          c.lp.entry(L.generator_stop_max.at(r, nt), -1.0);
        }
      }
      c.co2(cost.online(0.0, 0.0).co2_t, t);
    }
  }
  c.lp.end_cols();
  if (integer) c.lp.set_integer(L.generator_online);

  // Starts and shut-downs: each appears in the up (down) time rows of the window it opens.
  const auto window_rows = [&](const RowBlock& rows, Index row_k, Index t, Index length,
                               double value) {
    if (length <= 0) return;
    const Index span = std::min(length, clk.length_of_block(t));
    Index tau = t;
    for (Index s = 0; s < span && tau >= 0; ++s) {
      c.lp.entry(rows.at(row_k, tau), value);
      const Index nt = clk.next(tau);
      if (nt < 0 || nt == t) break;
      tau = nt;
    }
  };
  for (const bool start : {true, false}) {
    Block& block = start ? L.generator_start : L.generator_stop;
    block = c.lp.begin_cols(start ? "generator_start" : "generator_stop", n_com, c.T);
    for (Index i = 0; i < g.size(); ++i) {
      const Index k = at(L.com, i);
      if (k < 0) continue;
      const UnitParams p = unit_params(net, i);
      const double cost_per_event =
          start ? g.commitment.start_up_cost_cny[z(i)] : g.commitment.shut_down_cost_cny[z(i)];
      const Index up = at(L.com_up, i), r = at(L.com_ramp, i);
      const double m = p.ramp_min_pu(), S = p.size_mw;
      for (Index t = 0; t < c.T; ++t) {
        // A start in a snapshot standing for w hours happens w / step times; the wrap into a
        // linked representative day's first snapshot is priced on the calendar days instead.
        c.lp.column(days.first(t) ? 0.0 : cost_per_event * c.weight(t) / c.step(), 0.0, kInf);
        c.lp.entry(L.generator_transition.at(k, t), start ? -1.0 : 1.0);
        if (start && up >= 0) window_rows(L.generator_up_time, up, t, p.min_up, -1.0);
        if (!start) window_rows(L.generator_down_time, k, t, p.min_down, 1.0);
        if (r >= 0) {
          if (start) {
            c.lp.entry(L.generator_ramp_up.at(r, t), (p.ramp_up_pu - p.start_up_pu) * S);
            c.lp.entry(L.generator_ramp_down.at(r, t), (p.ramp_down_pu + m) * S);
            c.lp.entry(L.generator_start_max.at(r, t), 1.0);
          } else {
            c.lp.entry(L.generator_ramp_up.at(r, t), m * S);
            c.lp.entry(L.generator_ramp_down.at(r, t), -p.shut_down_pu * S);
            c.lp.entry(L.generator_stop_max.at(r, t), 1.0);
          }
        }
      }
    }
    c.lp.end_cols();
  }
  // Starts and shut-downs from one calendar day into the next (linked typical days): n_q events
  // of each pair q.
  for (const bool start : {true, false}) {
    Block& block = start ? L.generator_day_start : L.generator_day_stop;
    block = c.lp.begin_cols(start ? "generator_day_start" : "generator_day_stop",
                            L.generator_day_transition.components, days.P());
    for (Index i = 0; i < g.size() && days.P() > 0; ++i) {
      const Index k = at(L.com, i);
      if (k < 0) continue;
      const double cost_per_event =
          start ? g.commitment.start_up_cost_cny[z(i)] : g.commitment.shut_down_cost_cny[z(i)];
      for (Index q = 0; q < days.P(); ++q) {
        c.lp.column(cost_per_event * days.pairs[z(q)].count, 0.0, kInf);
        c.lp.entry(L.generator_day_transition.at(k, q), start ? -1.0 : 1.0);
      }
    }
    c.lp.end_cols();
  }

  // Units standing (extendable committable generators): P = S n.
  L.generator_units = c.lp.begin_cols("generator_units", L.generator_units_link.components, 1);
  for (Index i = 0; i < g.size(); ++i) {
    const Index e = at(L.com_ext, i);
    if (e < 0) continue;
    const UnitParams p = unit_params(net, i);
    const auto& cap = g.capacity_mw;
    const double lo = std::max(cap.min[z(i)], cap.existing[z(i)]) / p.size_mw;
    const double hi = cap.max[z(i)] / p.size_mw;
    c.lp.column(0.0, integer ? std::ceil(lo - 1e-9) : lo, integer ? std::floor(hi + 1e-9) : hi);
    const Index k = at(L.com, i);
    for (Index t = 0; t < c.T; ++t) c.lp.entry(L.generator_down_time.at(k, t), -1.0);
    if (const Index r = at(L.com_ramp, i); r >= 0)
      for (Index t = 0; t < c.T; ++t) c.lp.entry(L.generator_start_max.at(r, t), -1.0);
    c.lp.entry(L.generator_units_link.at(e), -p.size_mw);
    if (const Index re = at(L.com_retro_ext, i); re >= 0)
      c.lp.entry(L.generator_retrofit_units_max.at(re), -1.0);
  }
  c.lp.end_cols();
  if (integer) c.lp.set_integer(L.generator_units);

  // Flexibility retrofit: v(g,t) retrofitted units online, at most the units online and the units
  // retrofitted, each lowering the cluster's minimum output by (m - m_r) S.
  const Index n_retro = L.generator_retrofit_online_max.components;
  L.generator_retrofit_online = c.lp.begin_cols("generator_retrofit_online", n_retro, c.T);
  for (Index i = 0; i < g.size(); ++i) {
    const Index rf = at(L.com_retro, i);
    if (rf < 0) continue;
    const UnitParams p = unit_params(net, i);
    const Index m = at(L.com_min, i);  // >= 0: a retrofit option needs min_stable_pu > 0
    for (Index t = 0; t < c.T; ++t) {
      c.lp.column(0.0, 0.0, kInf);
      c.lp.entry(L.generator_com_min.at(m, t), (p.min_stable_pu - p.retrofit_min_pu) * p.size_mw);
      c.lp.entry(L.generator_retrofit_online_max.at(rf, t), 1.0);
      c.lp.entry(L.generator_retrofit_online_units.at(rf, t), 1.0);
    }
  }
  c.lp.end_cols();
  // r(g): units retrofitted, at the annuity of retrofitting one unit; at most the units standing
  // (in a multi-year plan, src/planning/multiperiod.cpp, r is linked across the periods like a
  // capacity: what was retrofitted stays, its annuity paid over retrofit_lifetime_years).
  L.generator_retrofit_units = c.lp.begin_cols("generator_retrofit_units", n_retro, 1);
  for (Index i = 0; i < g.size(); ++i) {
    const Index rf = at(L.com_retro, i);
    if (rf < 0) continue;
    const UnitParams p = unit_params(net, i);
    const double most =
        p.extendable ? g.capacity_mw.max[z(i)] / p.size_mw : p.existing_units;  // may be inf
    // Units already retrofitted (a later period of a myopic plan) stand, their capital sunk.
    c.lp.column(p.retrofit_cny_per_unit_year, p.retrofitted_before,
                integer && std::isfinite(most) ? std::floor(most + 1e-9) : most);
    c.lp.add_offset(-p.retrofit_cny_per_unit_year * p.retrofitted_before);
    for (Index t = 0; t < c.T; ++t) c.lp.entry(L.generator_retrofit_online_units.at(rf, t), -1.0);
    if (const Index re = at(L.com_retro_ext, i); re >= 0)
      c.lp.entry(L.generator_retrofit_units_max.at(re), 1.0);
  }
  c.lp.end_cols();
  if (integer) c.lp.set_integer(L.generator_retrofit_units);
}

}  // namespace parkgrid::formulate

namespace parkgrid::formulate {
namespace {

// One layer of a cluster (one unit): on(t) in {0, 1} over the snapshots of a typical day (which
// wraps) or of the open horizon. Short runs are repaired by keeping the unit online, which
// never breaks a rule already met: a down run between a stop and a start shorter than the
// minimum down time is filled, an up run after a start shorter than the minimum up time is
// extended. `fixed_on` / `fixed_off` count the first snapshots held by the initial state.
void repair_layer(std::vector<char>& on, bool wraps, bool up_before, Index min_up, Index min_down,
                  Index fixed_on, Index fixed_off) {
  const auto n = static_cast<Index>(on.size());
  if (n == 0) return;
  for (Index t = 0; t < std::min(n, fixed_on); ++t) on[z(t)] = 1;
  for (Index t = 0; t < std::min(n, fixed_off); ++t) on[z(t)] = 0;
  for (int pass = 0; pass < 4 * static_cast<int>(n) + 4; ++pass) {
    bool all_on = true, all_off = true;
    for (char v : on) (v ? all_off : all_on) = false;
    if (all_on || all_off) return;
    // Runs, in order from a change of state (wrapping) or from the start of an open horizon.
    Index first = 0;
    if (wraps)
      while (on[z(first)] == on[z((first + n - 1) % n)]) ++first;
    bool changed = false;
    for (Index i = 0; i < n && !changed;) {
      const char v = on[z((first + i) % n)];
      Index j = i;
      while (j < n && on[z((first + j) % n)] == v) ++j;
      const Index length = j - i;
      const bool reaches_end = !wraps && j == n;
      // A run at the start of an open horizon continues the state before it.
      const bool switched_in = wraps || i > 0 || (v ? !up_before : up_before);
      if (switched_in && !reaches_end) {
        if (!v && length < min_down && !(!wraps && i < fixed_off)) {
          for (Index k = i; k < j; ++k) on[z((first + k) % n)] = 1;
          changed = true;
        } else if (v && length < min_up) {
          const Index stop = wraps ? std::min(i + min_up, i + n) : std::min(n, i + min_up);
          for (Index k = j; k < stop; ++k) on[z((first + k) % n)] = 1;
          changed = true;
        }
      }
      i = j;
    }
    if (!changed) return;
  }
}

}  // namespace

std::vector<double> round_commitment(const Network& net, const Model& model,
                                     std::span<const double> relaxed, double threshold) {
  const Layout& L = model.layout;
  const Generators& g = net.generators;
  std::vector<double> x(relaxed.begin(), relaxed.end());
  const Index T = L.snapshots;
  const Index block = net.snapshots.cycle_snapshots > 0 ? net.snapshots.cycle_snapshots : T;
  const bool wraps = net.snapshots.cycle_snapshots > 0;
  for (Index i = 0; i < g.size(); ++i) {
    const Index k = at(L.com, i);
    if (k < 0) continue;
    const UnitParams p = unit_params(net, i);
    double units = p.existing_units;
    if (const Index e = at(L.com_ext, i); e >= 0) {
      const std::size_t col = z(L.generator_units.at(e));
      units = std::ceil(relaxed[col] - 1e-6);
      units = std::clamp(units, model.lp.col_lower[col], model.lp.col_upper[col]);
      x[col] = units;
    }
    const auto layers = static_cast<Index>(std::llround(std::max(0.0, units)));
    std::vector<double> online(z(T), 0.0);
    for (Index start = 0; start < T; start += block) {
      const Index end = std::min(T, start + block);
      for (Index layer = 0; layer < layers; ++layer) {
        std::vector<char> on(z(end - start));
        for (Index t = start; t < end; ++t)
          on[z(t - start)] = relaxed[z(L.generator_online.at(k, t))] >= layer + threshold;
        const bool up_before = !wraps && layer < p.online_before;
        repair_layer(on, wraps, up_before, p.min_up, p.min_down,
                     !wraps && up_before ? p.up_left : 0, !wraps ? p.down_left : 0);
        for (Index t = start; t < end; ++t) online[z(t)] += on[z(t - start)];
      }
    }
    for (Index t = 0; t < T; ++t) x[z(L.generator_online.at(k, t))] = online[z(t)];
    if (const Index rf = at(L.com_retro, i); rf >= 0) {
      const std::size_t col = z(L.generator_retrofit_units.at(rf));
      x[col] = std::clamp(std::min(std::round(relaxed[col]), units), model.lp.col_lower[col],
                          model.lp.col_upper[col]);
    }
  }
  return x;
}

}  // namespace parkgrid::formulate
