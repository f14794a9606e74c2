// parkgrid._core: the C++ engine for Python. Plain types cross the boundary (dicts, lists,
// numpy arrays); python/parkgrid/__init__.py turns them into pandas objects.
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <utility>

#include "parkgrid/parkgrid.hpp"
#include "parkgrid/paths.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/pypsa.hpp"
#include "parkgrid/result_tables.hpp"

namespace py = pybind11;
using namespace parkgrid;

namespace {

struct PyNetwork {
  Network net;
  io::ReadStats stats;
};

PyNetwork read_network(const std::string& path) {
  PyNetwork n;
  if (io::is_pypsa_folder(path)) {
    const auto t0 = std::chrono::steady_clock::now();
    n.net = io::read_pypsa(path);
    n.stats.read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } else {
    n.net = io::read_scenario(path, &n.stats);
  }
  return n;
}

// A result table's row as a dict keyed by its columns (result_tables.hpp): a number that is not
// finite is None, as null in summary.json.
template <class Row>
py::dict row_dict(const analysis::TableSpec<Row>& table, const Row& row) {
  py::dict d;
  for (const analysis::Column<Row>& c : table.columns) {
    const analysis::Cell cell = c.cell(row);
    py::object value;
    if (const auto* text = std::get_if<std::string>(&cell))
      value = py::str(*text);
    else if (const auto* flag = std::get_if<bool>(&cell))
      value = py::bool_(*flag);
    else if (const auto* count = std::get_if<long long>(&cell))
      value = py::int_(*count);
    else if (const double v = std::get<double>(cell); std::isfinite(v))
      value = py::float_(v);
    else
      value = py::none();
    d[py::str(std::string(c.key))] = value;
  }
  return d;
}

// A result table's rows as a list of dicts.
template <class Row>
py::list table_list(const analysis::TableSpec<Row>& table, const std::vector<Row>& rows) {
  py::list out;
  for (const Row& row : rows) out.append(row_dict(table, row));
  return out;
}

py::dict summary_dict(const analysis::Summary& s) {
  py::dict d;
  d["scenario"] = s.scenario;
  d["status"] = s.status;
  d["optimal"] = s.optimal;
  d["has_solution"] = s.has_solution;
  d["solver"] = s.solver;
  d["solver_status"] = s.solver_status;
  d["method"] = s.method;  // the method that answered ("choose" resolved)
  d["check_passed"] = s.check.done ? py::object(py::bool_(s.check.passed)) : py::object(py::none());
  d["check_problem"] = s.check.problem;
  d["check_retried_with"] = s.check.retried_with;
  for (const analysis::KeyFigure& k : analysis::key_figures())
    d[py::str(std::string(k.key))] = s.*k.member;
  d["num_col"] = s.num_col;
  d["num_row"] = s.num_row;
  d["num_nz"] = s.num_nz;
  d["lp_bytes"] = s.lp_bytes;
  d["iterations"] = s.iterations;
  const auto& t = s.timings;
  d["read_s"] = t.read_s;
  d["validate_s"] = t.validate_s;
  d["build_s"] = t.build_s;
  d["solve_s"] = t.solve_s;
  d["explain_s"] = t.explain_s;
  py::list v;
  for (const auto& x : s.violations) v.append(x.message);
  d["violations"] = v;
  d["unit_commitment"] = s.unit_commitment;
  d["mip_gap"] = s.mip_gap;
  d["units"] = table_list(analysis::units_table(), s.units);
  d["group_constraints"] = table_list(analysis::group_constraints_table(), s.group_constraints);
  d["rules"] = table_list(analysis::rules_table(), s.rules);
  d["hydrogen"] = table_list(analysis::hydrogen_table(), s.hydrogen);
  // Heat (docs/formulation.md#heat): as summary.json's "heat"; zero and empty without heat buses.
  py::dict heat = row_dict(analysis::heat_record(), s);
  heat["supply"] = table_list(analysis::heat_supply_table(), s.heat_supply);
  heat["storage"] = table_list(analysis::heat_storage_table(), s.heat_storage);
  d["heat"] = heat;
  return d;
}

py::dict results_dict(const analysis::Results& r) {
  py::dict out;
  out["summary"] = summary_dict(r.summary);
  out["capacities"] = table_list(analysis::capacities_table(), r.summary.capacities);
  py::list costs;
  for (const auto& c : r.summary.costs) {
    py::dict d;
    d["family"] = c.family;
    d["name"] = c.name;
    for (const analysis::CostCategory& k : analysis::cost_categories())
      d[py::str(std::string(k.key))] = c.*k.member;
    d["total_cny"] = c.total();
    costs.append(d);
  }
  out["costs"] = costs;
  py::dict hourly;
  for (const auto& h : r.hourly) {
    const std::size_t T = r.snapshot_labels.size();
    py::array_t<double> a({T, h.columns.size()});
    auto m = a.mutable_unchecked<2>();
    for (std::size_t c = 0; c < h.columns.size(); ++c)
      for (std::size_t t = 0; t < T; ++t)
        m(static_cast<py::ssize_t>(t), static_cast<py::ssize_t>(c)) = h.values[c][t];
    std::string key = h.file;
    if (key.size() > 4 && key.ends_with(".csv")) key.resize(key.size() - 4);
    hourly[py::str(key)] = py::make_tuple(h.columns, a);
  }
  out["hourly"] = hourly;
  out["snapshots"] = r.snapshot_labels;
  return out;
}

// Checks the solver arguments shared by optimize and reform_paths (the ranges of the CLI's
// --threads, --time-limit and --tolerance, docs/cli.md) and fills `o`.
void solver_options(solve::Options& o, const std::string& solver, int threads,
                    std::optional<double> time_limit, double tolerance) {
  const auto m = solve::parse_method(solver);
  if (!m) throw py::value_error("solver must be one of choose, simplex, ipm, ipx, hipo, pdlp");
  o.method = *m;
  if (threads < 0)
    throw py::value_error(
        fmt::format("threads = {} (expected an integer >= 0; 0 keeps HiGHS's default)", threads));
  if (time_limit && !(std::isfinite(*time_limit) && *time_limit > 0))
    throw py::value_error(fmt::format(
        "time_limit = {} (expected a number of seconds > 0, or None for no limit)", *time_limit));
  if (!(tolerance >= 1e-10 && tolerance <= 1e-3))
    throw py::value_error(fmt::format(
        "tolerance = {} (expected 1e-10 to 1e-3: HiGHS's primal and dual feasibility tolerance)",
        tolerance));
  o.threads = threads;
  o.time_limit_s = time_limit ? *time_limit : kInf;
  o.primal_feasibility_tolerance = o.dual_feasibility_tolerance = tolerance;
}

// Everything planning::typical_days reads (python/src/bindings.cpp keeps a superset: the
// availability of every generator, every load and project demand with its bus, the grid prices,
// the snapshot weights, the names), so that equal inputs give the same representative days.
struct TypicalDaysKey {
  std::vector<double> values;
  std::vector<std::string> names;
  bool operator==(const TypicalDaysKey&) const = default;
};

TypicalDaysKey typical_days_key(const Network& n, int typical_days) {
  TypicalDaysKey k;
  auto& v = k.values;
  v = {static_cast<double>(typical_days), static_cast<double>(n.snapshot_count())};
  const auto series = [&](const TimeSeries& ts, Index count) {
    v.push_back(static_cast<double>(count));
    for (Index i = 0; i < count; ++i) {
      const auto row = ts.row(i);
      v.insert(v.end(), row.begin(), row.end());
    }
  };
  series(n.generators.availability_pu, n.generators.size());
  series(n.loads.demand_mw, n.loads.size());
  series(n.projects.demand_full_mw, n.projects.size());
  series(n.grid.buy_price_cny_per_mwh, n.grid.size());
  for (Index b : n.loads.bus) v.push_back(static_cast<double>(b));
  for (Index b : n.projects.bus) v.push_back(static_cast<double>(b));
  for (Index l : n.projects.load) v.push_back(static_cast<double>(l));
  v.insert(v.end(), n.snapshots.weight_hours.begin(), n.snapshots.weight_hours.end());
  for (const auto* names : {&n.generators.name, &n.buses.name, &n.grid.name, &n.loads.name}) {
    k.names.insert(k.names.end(), names->begin(), names->end());
    k.names.emplace_back();  // a separator: the lists may not shift into one another
  }
  return k;
}

// The year on N k-medoids days, as `--typical-days N` (0 keeps every snapshot). The choice of
// days (ten k-means starts over the year: about 0.3 s for Pinglu, as long as a warm re-solve) is
// kept for the last inputs: the samples of a sweep that change costs, capex or limits reuse it;
// a sample that changes a profile or a demand chooses its days again. Called with the GIL held,
// so one sample at a time per process reads and writes the cache.
Network with_typical_days(Network net, int typical_days) {
  if (typical_days < 0)
    throw py::value_error(fmt::format(
        "typical_days = {} (expected an integer >= 0; 0 keeps every snapshot)", typical_days));
  if (typical_days == 0) return net;
  const std::string problem = net.snapshots.typical_days_problem(typical_days);
  if (!problem.empty())
    throw py::value_error(fmt::format("typical_days = {}: {}", typical_days, problem));
  static std::optional<std::pair<TypicalDaysKey, planning::Reduction>> last;
  TypicalDaysKey key = typical_days_key(net, typical_days);
  if (!last || !(last->first == key))
    last.emplace(std::move(key), planning::typical_days(net, typical_days));
  return planning::reduce(net, last->second);
}

// `warm`: a session of the sweep (WarmSession), or null for one solve from scratch.
py::dict optimize_in(const PyNetwork& n, const std::string& solver, int threads,
                     std::optional<double> time_limit, double tolerance, bool log, bool crossover,
                     double mip_gap, const std::string& uc, int typical_days, WarmSession* warm) {
  solve::Options o;
  if (!(mip_gap >= 0.0 && mip_gap <= 1.0))
    throw py::value_error("mip_gap must be between 0 and 1 (a relative gap)");
  Network net = n.net;
  if (!uc.empty() && !parse_uc_mode(uc, net.unit_commitment.mode))
    throw py::value_error("uc must be one of integer, linear, off (or None for the scenario's)");
  // As `parkgrid run --typical-days N`: the year on N k-medoids days, each weighted by the days
  // it stands for (sweeps, python/parkgrid/sweep.py).
  net = with_typical_days(std::move(net), typical_days);
  o.mip_rel_gap = mip_gap;
  solver_options(o, solver, threads, time_limit, tolerance);
  o.log_to_console = log;
  o.crossover = crossover;
  analysis::Timings t;
  t.read_s = n.stats.read_s;
  t.validate_s = n.stats.validate_s;
  analysis::Results r;
  {
    py::gil_scoped_release release;
    r = warm ? warm->optimise(net, o, t) : optimise(net, o, t);
  }
  py::dict d = results_dict(r);
  if (warm) {
    d["warm"] = warm->last_warm();
    d["changed_entries"] = warm->changed_entries();
  }
  return d;
}

py::dict optimize(const PyNetwork& n, const std::string& solver, int threads,
                  std::optional<double> time_limit, double tolerance, bool log, bool crossover,
                  double mip_gap, const std::string& uc, int typical_days) {
  return optimize_in(n, solver, threads, time_limit, tolerance, log, crossover, mip_gap, uc,
                     typical_days, nullptr);
}

// The five reform paths on one model, as `parkgrid paths` (src/analysis/paths.cpp): the model
// is built once and each path re-solves in place from the previous path's basis. One dict per
// path with the figures of paths.json (docs/tariffs.md); used by sweeps of the paths.
py::dict reform_paths(const PyNetwork& n, const std::string& solver, int threads,
                      std::optional<double> time_limit, double tolerance, int typical_days) {
  paths::Options o;
  solver_options(o.solver, solver, threads, time_limit, tolerance);
  const Network net = with_typical_days(n.net, typical_days);
  paths::Result r;
  {
    py::gil_scoped_release release;
    r = paths::run(net, o);
  }
  py::list rows;
  for (const paths::PathResult& p : r.paths) {
    // paths.json's row (paths::path_json_table; a number that is not finite is None), the
    // waterfall in CNY a year (revenues negative), what it builds, and the explanation's
    // sentences.
    py::dict d = row_dict(paths::path_json_table(), p);
    py::dict waterfall;
    for (const paths::WaterfallPart& part : paths::waterfall_parts())
      waterfall[part.key] = part.signed_cny(p.waterfall);
    d["waterfall_cny"] = waterfall;
    d["built"] = table_list(paths::built_table(), p.built);
    py::list v;
    for (const auto& x : p.violations) v.append(x.message);
    d["violations"] = v;
    rows.append(d);
  }
  py::dict out;
  out["scenario"] = r.scenario;
  out["tariff"] = r.tariff;
  out["build_s"] = r.build_s;
  out["snapshots"] = r.snapshots;
  out["typical_days"] = r.typical_days;
  out["paths"] = rows;
  return out;
}

// The multi-year plan of `parkgrid plan` (planning::plan): the discounted total, each period's
// year with its one-year summary and costs, and what is built per capacity and period. The
// sweeps (run = "plan") read it; the plan's files are written by the CLI only.
py::dict plan(const PyNetwork& n, const std::string& solver, int threads,
              std::optional<double> time_limit, double tolerance, int typical_days) {
  solve::Options o;
  solver_options(o, solver, threads, time_limit, tolerance);
  if (typical_days < -1)
    throw py::value_error(fmt::format(
        "typical_days = {} (expected an integer >= 0, or None for the [planning] section's)",
        typical_days));
  if (typical_days > 0) {
    if (const std::string why = n.net.snapshots.typical_days_problem(typical_days); !why.empty())
      throw py::value_error(fmt::format("typical_days = {}: {}", typical_days, why));
  }
  planning::PlanResult r;
  {
    py::gil_scoped_release release;
    r = planning::plan(n.net, o, typical_days);
  }
  py::dict out;
  out["scenario"] = r.scenario;
  out["status"] = r.status;
  out["optimal"] = r.optimal;
  out["has_solution"] = r.has_solution();
  out["myopic"] = r.myopic;
  out["total_cost_cny"] = r.total_cost_cny;
  out["goal_year"] = r.goal_year;
  out["typical_days"] = r.typical_days;
  out["build_s"] = r.build_s;
  out["solve_s"] = r.solve_s;
  out["num_col"] = r.num_col;
  out["num_row"] = r.num_row;
  py::list periods;
  for (const planning::PeriodResult& p : r.period) {
    // The year's summary, then its row of periods.csv (planning::periods_table): year, years,
    // discount_weight, annual_cost_cny, operation_cost_cny, investment_cny, the rules' columns.
    py::dict d = summary_dict(p.results.summary);
    for (const auto& [key, value] : row_dict(planning::periods_table(), p)) d[key] = value;
    periods.append(d);
  }
  out["periods"] = periods;
  py::list caps;
  for (std::size_t q = 0; q < r.capacities.size(); ++q) {
    const planning::CapacityRef& c = r.capacities[q];
    py::dict d;
    d["family"] = c.family;
    d["name"] = c.name;
    d["quantity"] = c.quantity;
    d["unit"] = c.unit;
    std::vector<double> built;
    for (const planning::PeriodResult& p : r.period)
      built.push_back(q < p.built.size() ? p.built[q] : 0.0);
    d["built"] = built;
    caps.append(d);
  }
  out["capacities"] = caps;
  py::list v;
  for (const auto& x : r.violations) v.append(x.message);
  out["violations"] = v;
  out["infeasible_year"] = r.infeasible_year;
  return out;
}

// Builds the LP only (no solve): sizes and time, for benchmarks.
py::dict build_only(const PyNetwork& n) {
  const auto t0 = std::chrono::steady_clock::now();
  const formulate::Model model = formulate::build(n.net);
  py::dict d;
  d["build_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  d["num_col"] = model.lp.num_col();
  d["num_row"] = model.lp.num_row();
  d["num_nz"] = model.lp.num_nz();
  return d;
}

py::dict components(const Network& n) {
  py::dict d;
  d["buses"] = n.buses.name;
  d["generators"] = n.generators.name;
  d["loads"] = n.loads.name;
  d["storage_units"] = n.storage_units.name;
  d["stores"] = n.stores.name;
  d["links"] = n.links.name;
  d["grid_connections"] = n.grid.name;
  d["carriers"] = n.carriers.name;
  return d;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "parkgrid's C++ engine (see the parkgrid package)";
  m.attr("__version__") = PARKGRID_VERSION;
  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::set_error(input_error, e.what());
    } catch (const solve::SolverError& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });

  py::class_<PyNetwork>(m, "Network")
      .def_property_readonly("name", [](const PyNetwork& n) { return n.net.name; })
      .def_property_readonly("source", [](const PyNetwork& n) { return n.net.source; })
      .def_property_readonly("snapshot_count",
                             [](const PyNetwork& n) { return n.net.snapshot_count(); })
      .def_property_readonly("snapshots",
                             [](const PyNetwork& n) {
                               std::vector<std::string> v;
                               for (Index t = 0; t < n.net.snapshot_count(); ++t)
                                 v.push_back(n.net.snapshots.label(t));
                               return v;
                             })
      .def_property_readonly("weight_hours",
                             [](const PyNetwork& n) { return n.net.snapshots.weight_hours; })
      .def_property_readonly("step_hours",
                             [](const PyNetwork& n) { return n.net.snapshots.step_hours; })
      .def_property_readonly("components", [](const PyNetwork& n) { return components(n.net); })
      .def_property_readonly("read_s", [](const PyNetwork& n) { return n.stats.read_s; })
      .def("optimize", &optimize, py::arg("solver") = "choose", py::arg("threads") = 0,
           py::arg("time_limit") = py::none(), py::arg("tolerance") = 1e-7, py::arg("log") = false,
           py::arg("crossover") = true, py::arg("mip_gap") = 1e-4, py::arg("uc") = "",
           py::arg("typical_days") = 0)
      .def("reform_paths", &reform_paths, py::arg("solver") = "simplex", py::arg("threads") = 0,
           py::arg("time_limit") = py::none(), py::arg("tolerance") = 1e-7,
           py::arg("typical_days") = 0)
      .def("plan", &plan, py::arg("solver") = "choose", py::arg("threads") = 0,
           py::arg("time_limit") = py::none(), py::arg("tolerance") = 1e-7,
           py::arg("typical_days") = -1)
      .def("build", &build_only)
      .def(
          "write_pypsa",
          [](const PyNetwork& n, const std::filesystem::path& dir, double unlimited_mw,
             bool drop_demand_charge) {
            io::ExportOptions o;
            o.unlimited_mw = unlimited_mw;
            o.drop_demand_charge = drop_demand_charge;
            const auto r = io::write_pypsa(n.net, dir, o);
            py::dict d;
            d["objective_offset"] = r.objective_offset;
            d["notes"] = r.notes;
            return d;
          },
          py::arg("dir"), py::arg("unlimited_mw") = 1e7, py::arg("drop_demand_charge") = false)
      .def("write_scenario", [](const PyNetwork& n, const std::filesystem::path& dir) {
        io::write_scenario_folder(n.net, dir);
      });

  py::class_<WarmSession>(m, "WarmSession",
                          "Re-solves LPs that differ only in costs and bounds in place, from the "
                          "previous basis (sweeps, docs/sweep.md)")
      .def(py::init<>())
      .def(
          "optimize",
          [](WarmSession& w, const PyNetwork& n, const std::string& solver, int threads,
             std::optional<double> time_limit, double tolerance, int typical_days) {
            return optimize_in(n, solver, threads, time_limit, tolerance, false, true, 1e-4, "",
                               typical_days, &w);
          },
          py::arg("network"), py::arg("solver") = "simplex", py::arg("threads") = 1,
          py::arg("time_limit") = py::none(), py::arg("tolerance") = 1e-7,
          py::arg("typical_days") = 0);
  m.def("read", &read_network, py::arg("path"),
        "Reads a scenario (TOML) or a PyPSA CSV folder; raises InputError listing every problem.");
  m.def(
      "read_text",
      [](const std::string& text, const std::string& path) {
        PyNetwork n;
        n.net = io::read_scenario_text(text, path, &n.stats);
        return n;
      },
      py::arg("text"), py::arg("path"),
      "Reads a scenario from TOML text as if it were the file at `path` (messages name `path`; "
      "relative CSV paths are taken from its folder).");
  m.def("is_pypsa_folder", [](const std::filesystem::path& p) { return io::is_pypsa_folder(p); });
}
