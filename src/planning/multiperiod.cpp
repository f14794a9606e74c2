// The multi-period LP and the two ways of solving the pipeline (docs/planning.md).
//
// Period p (first year y_p, n_p years, discounted years w_p = sum of 1/(1+r)^(y-base) over them)
// is the one-year model M_p of its period network. In the multi-period LP:
//   - every column of M_p keeps its bounds and rows; its cost is multiplied by w_p, except the
//     capacity columns C(q,p) of extendable capacities q, whose cost is 0;
//   - a build column B(q,p) >= 0 per extendable capacity and period costs
//       annualised(q) x sum of 1/(1+r)^(y-base) over the years y in [y_p, y_p + life_q) that fall
//       inside the horizon (investment paid as an annuity while it stands; the annuities after
//       the horizon are not counted, which is the salvage value at the horizon);
//   - a link row per (q, p):  C(q,p) - sum over p' <= p with y_p' + life_q > y_p of B(q,p') =
//   E(q,p)
//     where E(q,p) is the existing capacity still in service (or, myopically, everything built
//     before the period);
//   - the objective offset is sum_p w_p (offset of M_p + annualised(q) x E(q,p)): the fixed O&M
//     of the existing capacity (M_p takes the sunk capital back through its offset).
// The flexibility retrofit of committable units (the column generator_retrofit_units, r(g,p)) is
// one more such capacity q, in units retrofitted: r(g,p) - sum of the retrofits B(g,p') still
// within retrofit_lifetime_years = E (units already retrofitted, sunk: Commitment::
// retrofitted_units, 0 but in a myopic plan), each B paid as the retrofit's annuity while it
// stands. Once retrofitted in a period, a unit stays retrofitted in the later ones.
#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "parkgrid/planning.hpp"

namespace parkgrid::planning {
namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Where an extendable capacity's column is in a period model, and its capacity table.
struct CapacityColumn {
  CapacityRef ref;
  const Block* block = nullptr;
  Index position = 0;
};

template <class Net>
auto& table_of(Net& n, const CapacityRef& r) {
  if (r.family == "generator") return n.generators.capacity_mw;
  if (r.family == "storage_unit")
    return r.quantity == "power_mw" ? n.storage_units.power_mw : n.storage_units.energy_mwh;
  if (r.family == "store") return n.stores.energy_mwh;
  return n.links.capacity_mw;
}

// The flexibility retrofit of a committable generator's units (generator_retrofit_units) is
// planned like a capacity: quantity "retrofit_units", what was retrofitted stays.
constexpr const char* kRetrofitUnits = "retrofit_units";
bool is_retrofit(const CapacityRef& r) {
  return r.quantity == kRetrofitUnits;
}

// The existing (sunk) amount of q in network n: capacity, or units already retrofitted.
double existing_of(const Network& n, const CapacityRef& q) {
  if (!is_retrofit(q)) return table_of(n, q).existing[u(q.component)];
  const auto& done = n.generators.commitment.retrofitted_units;
  return u(q.component) < done.size() ? done[u(q.component)] : 0.0;
}

std::vector<CapacityColumn> capacity_columns(const Network& n, const formulate::Layout& L) {
  std::vector<CapacityColumn> out;
  const auto add = [&](const char* family, const char* quantity, const char* unit,
                       const std::vector<std::string>& names, const CapacityTable& c,
                       const formulate::SubsetIndex& ext, const Block& block) {
    for (std::size_t i = 0; i < ext.size(); ++i) {
      if (ext[i] < 0) continue;
      CapacityRef r{family,
                    names[i],
                    quantity,
                    unit,
                    static_cast<Index>(i),
                    annualised_cost(c, static_cast<Index>(i), n.discount_rate),
                    c.capex_cny_per_unit[i],
                    c.lifetime_years[i]};
      out.push_back({std::move(r), &block, ext[i]});
    }
  };
  add("generator", "capacity_mw", "MW", n.generators.name, n.generators.capacity_mw,
      L.generator_ext, L.generator_capacity);
  add("storage_unit", "power_mw", "MW", n.storage_units.name, n.storage_units.power_mw,
      L.storage_power_ext, L.storage_power_capacity);
  add("storage_unit", "energy_mwh", "MWh", n.storage_units.name, n.storage_units.energy_mwh,
      L.storage_energy_ext, L.storage_energy_capacity);
  add("store", "energy_mwh", "MWh", n.stores.name, n.stores.energy_mwh, L.store_ext,
      L.store_capacity);
  add("link", "capacity_mw", "MW", n.links.name, n.links.capacity_mw, L.link_ext, L.link_capacity);
  // Retrofit options: r(g) units retrofitted, at the retrofit's annuity per unit and year.
  const auto& cm = n.generators.commitment;
  for (std::size_t i = 0; i < L.com_retro.size(); ++i) {
    if (L.com_retro[i] < 0) continue;
    const auto g = static_cast<Index>(i);
    const formulate::UnitParams p = formulate::unit_params(n, g);
    CapacityRef r{"generator",
                  n.generators.name[i],
                  kRetrofitUnits,
                  "units",
                  g,
                  p.retrofit_cny_per_unit_year,
                  cm.retrofit_capex_cny_per_kw[i] * 1000.0 * p.size_mw,
                  cm.retrofit_lifetime_years[i]};
    out.push_back({std::move(r), &L.generator_retrofit_units, L.com_retro[i]});
  }
  return out;
}

// Does capacity q built in period `built` still stand in period p?
bool standing(const Periods& ps, const CapacityRef& q, std::size_t built, std::size_t p) {
  return p >= built && ps.year[p] < ps.year[built] + q.lifetime_years - 1e-9;
}

// Discounted years in which capacity built in period p is paid for (while standing, in the
// horizon of `ps`).
double build_years(const Periods& ps, const CapacityRef& q, std::size_t p) {
  double w = 0.0;
  for (int y = ps.year[p]; y < ps.horizon_end(); ++y)
    if (y < ps.year[p] + q.lifetime_years - 1e-9) w += ps.discount(y);
  return w;
}

bool is_capacity_block(const Block& b, const formulate::Layout& L) {
  return b.name == L.generator_capacity.name || b.name == L.storage_power_capacity.name ||
         b.name == L.storage_energy_capacity.name || b.name == L.store_capacity.name ||
         b.name == L.link_capacity.name || b.name == L.generator_retrofit_units.name;
}

}  // namespace

MultiModel build_multi(const Network& /*base*/, const std::vector<Network>& nets,
                       const Periods& ps) {
  MultiModel mm;
  const std::size_t P = nets.size();
  mm.periods.reserve(P);
  for (const Network& n : nets) mm.periods.push_back(formulate::build(n));
  std::vector<CapacityColumn> caps = capacity_columns(nets.front(), mm.periods.front().layout);
  for (const auto& c : caps) mm.capacities.push_back(c.ref);
  const auto Q = static_cast<Index>(caps.size());
  const auto Pi = static_cast<Index>(P);

  LinearProgram& lp = mm.lp;
  LpBuilder b(lp);
  std::size_t cols = 0, rows = 0, nnz = 0;
  for (const auto& m : mm.periods) {
    cols += u(m.lp.num_col());
    rows += u(m.lp.num_row());
    nnz += u(m.lp.num_nz());
  }
  b.reserve(cols + u(Q * Pi), rows + u(Q * Pi), nnz + 2 * u(Q * Pi * Pi));

  // Rows: every period's, then the link rows.
  for (std::size_t p = 0; p < P; ++p) {
    const LinearProgram& src = mm.periods[p].lp;
    mm.row_offset.push_back(lp.num_row());
    for (const Block& blk : src.row_blocks) {
      const RowBlock nb = b.add_rows(fmt::format("{}@{}", blk.name, ps.year[p]), blk.components,
                                     blk.per_component, 0.0, 0.0);
      for (Index i = 0; i < blk.size(); ++i)
        b.set_row_bounds(Row(nb.offset + i), src.row_lower[u(blk.offset + i)],
                         src.row_upper[u(blk.offset + i)]);
    }
  }
  const RowBlock link = b.add_rows("capacity_link", Q, Pi, 0.0, 0.0);
  mm.link_offset = link.offset;
  for (Index q = 0; q < Q; ++q)
    for (std::size_t p = 0; p < P; ++p) {
      const double e = existing_of(nets[p], caps[u(q)].ref);
      b.set_row_bounds(link.at(q, static_cast<Index>(p)), e, e);
    }

  // Columns: every period's, costs scaled by its discounted years; capacity columns at no cost
  // and in their link row.
  double offset = 0.0;
  for (std::size_t p = 0; p < P; ++p) {
    const LinearProgram& src = mm.periods[p].lp;
    const formulate::Layout& L = mm.periods[p].layout;
    const double w = ps.weight(p);
    const Row r0(mm.row_offset[p]);  // the period's rows start here in the stacked model
    mm.col_offset.push_back(lp.num_col());
    std::vector<Row> link_row_of(u(src.num_col()));  // -1: none
    for (Index q = 0; q < Q; ++q) {
      const Block& blk = *caps[u(q)].block;
      // The block of this period's layout with the same name (layouts are alike).
      for (const Block& pb : src.col_blocks)
        if (pb.name == blk.name)
          link_row_of[u(pb.at(caps[u(q)].position))] = link.at(q, static_cast<Index>(p));
    }
    offset += w * src.offset;
    for (const auto& c : caps)
      offset += w * c.ref.annualised_cny_per_unit * existing_of(nets[p], c.ref);
    for (const Block& blk : src.col_blocks) {
      b.begin_cols(fmt::format("{}@{}", blk.name, ps.year[p]), blk.components, blk.per_component);
      const bool capacity = is_capacity_block(blk, L);
      for (Index j = blk.offset; j < blk.offset + blk.size(); ++j) {
        b.column(capacity ? 0.0 : w * src.col_cost[u(j)], src.col_lower[u(j)], src.col_upper[u(j)]);
        for (Index k = src.a_start[u(j)]; k < src.a_start[u(j) + 1]; ++k)
          b.entry(r0 + src.a_index[u(k)], src.a_value[u(k)]);
        if (link_row_of[u(j)] >= 0) b.entry(link_row_of[u(j)], 1.0);
      }
      b.end_cols();
    }
    // Integer columns (unit commitment) stay integer in the stacked model.
    for (std::size_t j = 0; j < src.integrality.size(); ++j)
      if (src.integrality[j] == LinearProgram::kInteger)
        lp.set_integer(mm.col_offset[p] + static_cast<Index>(j), 1);
  }
  // Build columns.
  const ColBlock build = b.begin_cols("capacity_build", Q, Pi);
  mm.build_offset = build.offset;
  for (Index q = 0; q < Q; ++q) {
    const CapacityRef& r = caps[u(q)].ref;
    for (std::size_t p = 0; p < P; ++p) {
      b.column(r.annualised_cny_per_unit * build_years(ps, r, p), 0.0, kInf);
      for (std::size_t p2 = p; p2 < P; ++p2)
        if (standing(ps, r, p, p2)) b.entry(link.at(q, static_cast<Index>(p2)), -1.0);
    }
  }
  b.end_cols();
  b.finish();
  lp.offset = offset;
  return mm;
}

namespace {

// The solution of period p of a multi-period model, in the period model's own terms (duals per
// year, objective = the period's annual cost of supply).
solve::Solution slice(const MultiModel& mm, const solve::Solution& all, std::size_t p,
                      double weight) {
  const LinearProgram& src = mm.periods[p].lp;
  solve::Solution s;
  s.status = all.status;
  s.solver_status = all.solver_status;
  s.has_primal = all.has_primal;
  s.has_dual = all.has_dual;
  s.iterations = all.iterations;
  s.solve_seconds = all.solve_seconds;
  if (all.has_primal) {
    const auto c0 = all.col_value.begin() + mm.col_offset[p];
    s.col_value.assign(c0, c0 + src.num_col());
    const auto r0 = all.row_value.begin() + mm.row_offset[p];
    s.row_value.assign(r0, r0 + src.num_row());
  }
  if (all.has_dual) {
    const auto d0 = all.row_dual.begin() + mm.row_offset[p];
    s.row_dual.assign(d0, d0 + src.num_row());
    for (double& d : s.row_dual) d /= weight;
  }
  return s;
}

struct Window {
  std::vector<std::size_t> periods;  // indices into the plan's periods
};

// Per-period accounting shared by both modes. `nets[p]` is the network the period was solved
// with (existing = everything standing before its window), `original[p]` the period network
// with only the original existing capacity; `built[q][p]` the builds.
void account(PlanResult& pr, const std::vector<Network>& original,
             const std::vector<const formulate::Model*>& models,
             const std::vector<solve::Solution>& sols, const std::vector<Network>& solved_with) {
  const Periods& ps = pr.periods;
  const std::size_t P = ps.size();
  const auto& caps = pr.capacities;
  pr.total_cost_cny = 0.0;
  for (std::size_t p = 0; p < P; ++p) {
    PeriodResult& r = pr.period[p];
    const LinearProgram& lp = models[p]->lp;
    const formulate::Layout& L = models[p]->layout;
    solve::Solution s = sols[p];
    // Operation: every non-capacity column, plus the period model's constant with the sunk
    // capital taken back and the fixed O&M of the original existing capacity.
    double op = lp.offset;
    if (s.has_primal)
      for (const Block& blk : lp.col_blocks) {
        if (is_capacity_block(blk, L)) continue;
        for (Index j = blk.offset; j < blk.offset + blk.size(); ++j)
          op += lp.col_cost[u(j)] * s.col_value[u(j)];
      }
    double annuities = 0.0;
    for (std::size_t q = 0; q < caps.size(); ++q) {
      const CapacityRef& c = caps[q];
      const double e_solved = existing_of(solved_with[p], c);
      const double e_orig = existing_of(original[p], c);
      const double sunk =
          annuity(c.capex_cny_per_unit, solved_with[p].discount_rate, c.lifetime_years);
      op += sunk * e_solved + (c.annualised_cny_per_unit - sunk) * e_orig;
      r.standing[q] = e_orig;
      for (std::size_t p0 = 0; p0 <= p; ++p0)
        if (standing(ps, c, p0, p)) {
          annuities += c.annualised_cny_per_unit * pr.period[p0].built[q];
          r.standing[q] += pr.period[p0].built[q];
        }
    }
    r.operation_cost_cny = op;
    r.annual_cost_cny = op + annuities;
    r.investment_cny = 0.0;
    for (std::size_t q = 0; q < caps.size(); ++q)
      r.investment_cny += caps[q].capex_cny_per_unit * r.built[q];
    s.objective = r.annual_cost_cny;
    r.results = analysis::summarise(original[p], *models[p], s);
    r.results.summary.solver = pr.solver;
    // In a period's own results "existing" is what stood when the period began (the original
    // capacity still in service and earlier builds still standing), so that built = optimal -
    // existing is what this period built, as in period_capacities.csv.
    if (s.has_primal)
      for (auto& row : r.results.summary.capacities)
        for (std::size_t q = 0; q < caps.size(); ++q)
          if (caps[q].family == row.family && caps[q].name == row.name &&
              caps[q].quantity == row.quantity)
            row.existing = std::max(0.0, row.optimal - r.built[q]);
    pr.total_cost_cny += r.weight * op;
    for (std::size_t q = 0; q < caps.size(); ++q)
      pr.total_cost_cny +=
          caps[q].annualised_cny_per_unit * build_years(ps, caps[q], p) * r.built[q];
  }
  pr.goal_year = 0;
  for (const auto& r : pr.period)
    if (r.results.summary.has_solution &&
        r.results.summary.renewable_capacity_share >= pr.capacity_share_goal - 1e-9) {
      pr.goal_year = r.year;
      break;
    }
}

// Adds `amount` of capacity q to the existing capacity of network n.
void add_existing(Network& n, const CapacityRef& q, double amount) {
  if (!is_retrofit(q)) {
    table_of(n, q).existing[u(q.component)] += amount;
    return;
  }
  auto& done = n.generators.commitment.retrofitted_units;
  done.resize(std::max(done.size(), u(n.generators.size())), 0.0);
  done[u(q.component)] += amount;
}

}  // namespace

PlanResult plan(const Network& net, const solve::Options& options, Index days) {
  PlanResult pr;
  pr.scenario = net.name;
  pr.myopic = net.planning.myopic;
  pr.periods = periods_of(net);
  pr.capacity_share_goal = net.planning.capacity_share_goal;
  const std::size_t P = pr.periods.size();
  const Index k = days >= 0 ? days : net.planning.typical_days;
  pr.typical_days = k;

  // The reduction is chosen once, on the base network, and applied to every period.
  std::vector<Network> original;
  original.reserve(P);
  Reduction reduction;
  if (k > 0) {
    reduction = planning::typical_days(net, k);
    pr.reduction_errors = reduction.errors;
  }
  for (std::size_t p = 0; p < P; ++p) {
    Network n = period_network(net, p);
    original.push_back(k > 0 ? reduce(n, reduction) : std::move(n));
  }
  pr.snapshots_per_period = original.front().snapshot_count();
  for (std::size_t p = 0; p < P; ++p) {
    PeriodResult r;
    r.year = pr.periods.year[p];
    r.years = pr.periods.years[p];
    r.weight = pr.periods.weight(p);
    pr.period.push_back(std::move(r));
  }

  pr.solver = solve::make_highs()->name();
  std::vector<solve::Solution> sols(P);
  std::vector<const formulate::Model*> models(P);
  std::vector<Network> solved_with;
  std::vector<MultiModel> kept;  // models stay alive for the accounting
  kept.reserve(P);
  bool all_optimal = true;
  std::string status = "optimal";

  const auto run_window = [&](std::vector<Network> nets, const Periods& ps,
                              std::size_t first) -> bool {
    const auto tb = Clock::now();
    kept.push_back(build_multi(net, nets, ps));
    MultiModel& mm = kept.back();
    pr.build_s += since(tb);
    pr.num_col += mm.lp.num_col();
    pr.num_row += mm.lp.num_row();
    pr.num_nz += mm.lp.num_nz();
    if (pr.capacities.empty()) {
      pr.capacities = mm.capacities;
      for (auto& r : pr.period) {
        r.built.assign(pr.capacities.size(), 0.0);
        r.standing.assign(pr.capacities.size(), 0.0);
      }
    }
    const auto ts = Clock::now();
    auto solver = solve::make_highs();
    solver->load(mm.lp);
    if (!options.write_model_path.empty()) {
      // One file per solve: with myopic foresight each period's LP, named by its year.
      std::filesystem::path file = options.write_model_path;
      if (pr.myopic)
        file.replace_filename(fmt::format("{}-{}{}", file.stem().string(), ps.year.front(),
                                          file.extension().string()));
      solver->write_model(file.string());
    }
    const solve::Solution sol =
        solve::fix_integers_and_resolve(mm.lp, solver->solve(options), options);
    pr.solve_s += since(ts);
    const bool ok = sol.has_primal;
    if (sol.status != solve::Status::kOptimal) {
      all_optimal = false;
      status = std::string(solve::status_name(sol.status));
    }
    const Index Pi = static_cast<Index>(ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const std::size_t p = first + i;
      sols[p] = slice(mm, sol, i, ps.weight(i));
      models[p] = &mm.periods[i];
      for (std::size_t q = 0; q < pr.capacities.size(); ++q)
        pr.period[p].built[q] =
            ok ? std::max(0.0, sol.col_value[u(mm.build_offset + static_cast<Index>(q) * Pi +
                                               static_cast<Index>(i))])
               : 0.0;
    }
    for (auto& n : nets) solved_with.push_back(std::move(n));
    if (!ok &&
        (sol.status == solve::Status::kInfeasible || sol.status == solve::Status::kUnbounded)) {
      // Explain with the first period whose own one-year model is infeasible. A solve stopped
      // by a limit without a point is not explained: it says nothing about feasibility.
      for (std::size_t i = 0; i < ps.size(); ++i) {
        auto v = analysis::explain_infeasibility(solved_with[first + i], mm.periods[i], options);
        if (!v.empty()) {
          pr.violations = std::move(v);
          pr.infeasible_year = ps.year[i];
          break;
        }
      }
    }
    return ok;
  };

  if (!pr.myopic) {
    run_window(original, pr.periods, 0);
  } else {
    // Period by period; what was built stands as existing (sunk) capacity in later periods.
    for (std::size_t p = 0; p < P; ++p) {
      Periods one;
      one.year = {pr.periods.year[p]};
      one.years = {pr.periods.years[p]};
      one.base_year = pr.periods.base_year;
      one.rate = pr.periods.rate;
      Network n = original[p];
      if (p > 0)
        for (std::size_t q = 0; q < pr.capacities.size(); ++q)
          for (std::size_t p0 = 0; p0 < p; ++p0)
            if (standing(pr.periods, pr.capacities[q], p0, p))
              add_existing(n, pr.capacities[q], pr.period[p0].built[q]);
      std::vector<Network> nets;
      nets.push_back(std::move(n));
      if (!run_window(std::move(nets), one, p)) {
        // Later periods are not solved: the plan stops where it became infeasible.
        original.resize(p + 1);
        pr.period.resize(p + 1);
        break;
      }
    }
  }
  pr.status = all_optimal ? "optimal" : status;
  if (!pr.violations.empty()) pr.status = "infeasible";
  pr.optimal = all_optimal;
  const std::size_t solved = std::min(pr.period.size(), solved_with.size());
  pr.period.resize(solved);
  original.resize(solved);
  sols.resize(solved);
  models.resize(solved);
  pr.periods.year.resize(solved);
  pr.periods.years.resize(solved);
  account(pr, original, models, sols, solved_with);
  return pr;
}

}  // namespace parkgrid::planning
