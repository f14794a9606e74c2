// HiGHS through its C API. This is the only file that includes the HiGHS header; the model is
// handed over in one call (Highs_passLp, column-wise, which is HiGHS's own internal layout).
#include <fmt/format.h>
#include <interfaces/highs_c_api.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <span>

#include "parkgrid/solve.hpp"
#include "solve/progress.hpp"

namespace parkgrid::solve {
namespace {

static_assert(sizeof(HighsInt) == sizeof(Index), "parkgrid's Index must match HighsInt");

void check(HighsInt status, const char* what) {
  if (status == kHighsStatusError) throw SolverError(fmt::format("HiGHS: {} failed", what));
}

double max_abs(std::span<const double> values) {
  double m = 0.0;
  for (double v : values)
    if (std::isfinite(v)) m = std::max(m, std::abs(v));
  return m;
}

class HighsSolver final : public LpSolver {
 public:
  HighsSolver() : h_(Highs_create()) {
    if (!h_) throw SolverError("HiGHS: could not create a solver instance");
    if (Highs_getSizeofHighsInt(h_) != static_cast<HighsInt>(sizeof(Index)))
      throw SolverError("HiGHS was built with 64-bit integers; parkgrid needs the 32-bit build");
    check(Highs_setBoolOptionValue(h_, "output_flag", 0), "set output_flag");
    inf_ = Highs_getInfinity(h_);
  }
  ~HighsSolver() override { Highs_destroy(h_); }
  HighsSolver(const HighsSolver&) = delete;
  HighsSolver& operator=(const HighsSolver&) = delete;

  void load(const LinearProgram& lp) override {
    num_col_ = lp.num_col();
    num_row_ = lp.num_row();
    // Only infinite bounds need translating; HiGHS treats values >= its infinity as infinite,
    // and its infinity is IEEE infinity, so the arrays can be passed as they are.
    if (!std::isinf(inf_)) throw SolverError("HiGHS infinity is finite; unsupported build");
    mip_ = lp.is_mip();
    has_basis_ = false;
    col_blocks_ = lp.col_blocks;  // for model() and the names of write_model
    row_blocks_ = lp.row_blocks;
    max_abs_cost_ = max_abs(lp.col_cost);
    HighsInt status = kHighsStatusOk;
    if (mip_) {
      // HiGHS takes one HighsInt per column (kHighsVarTypeContinuous / kHighsVarTypeInteger).
      std::vector<HighsInt> integrality(static_cast<std::size_t>(num_col_),
                                        kHighsVarTypeContinuous);
      for (std::size_t j = 0; j < lp.integrality.size() && j < integrality.size(); ++j)
        if (lp.integrality[j] == LinearProgram::kInteger) integrality[j] = kHighsVarTypeInteger;
      status = Highs_passMip(h_, num_col_, num_row_, lp.num_nz(), kHighsMatrixFormatColwise,
                             kHighsObjSenseMinimize, lp.offset, lp.col_cost.data(),
                             lp.col_lower.data(), lp.col_upper.data(), lp.row_lower.data(),
                             lp.row_upper.data(), lp.a_start.data(), lp.a_index.data(),
                             lp.a_value.data(), integrality.data());
    } else {
      status =
          Highs_passLp(h_, num_col_, num_row_, lp.num_nz(), kHighsMatrixFormatColwise,
                       kHighsObjSenseMinimize, lp.offset, lp.col_cost.data(), lp.col_lower.data(),
                       lp.col_upper.data(), lp.row_lower.data(), lp.row_upper.data(),
                       lp.a_start.data(), lp.a_index.data(), lp.a_value.data());
    }
    check(status, "passModel (the model was rejected: see the coefficient ranges)");
  }

  Solution solve(const Options& o) override {
    apply(o);
    watch(o);
    const HighsInt run = Highs_run(h_);
    // Whether the next solve starts from a basis (HiGHS keeps it through changes of costs,
    // bounds and coefficients; load() passes a new model and drops it).
    HighsInt basis_validity = 0;
    Highs_getIntInfoValue(h_, "basis_validity", &basis_validity);
    has_basis_ = basis_validity == kHighsBasisValidityValid;
    if (o.progress) check(Highs_setCallback(h_, nullptr, nullptr), "clear the callback");
    Solution s;
    s.solve_seconds = Highs_getRunTime(h_);
    const HighsInt model_status = Highs_getModelStatus(h_);
    s.solver_status = describe(model_status);
    HighsInt primal_status = 0, dual_status = 0, simplex_it = 0, ipm_it = 0, pdlp_it = 0;
    Highs_getIntInfoValue(h_, "primal_solution_status", &primal_status);
    Highs_getIntInfoValue(h_, "dual_solution_status", &dual_status);
    Highs_getIntInfoValue(h_, "simplex_iteration_count", &simplex_it);
    Highs_getIntInfoValue(h_, "ipm_iteration_count", &ipm_it);
    Highs_getIntInfoValue(h_, "pdlp_iteration_count", &pdlp_it);
    s.iterations = static_cast<long long>(simplex_it) + ipm_it + pdlp_it;
    if (mip_) {
      s.mip = true;
      double gap = 0.0;
      int64_t nodes = 0;
      Highs_getDoubleInfoValue(h_, "mip_gap", &gap);
      Highs_getInt64InfoValue(h_, "mip_node_count", &nodes);
      s.mip_gap = std::isfinite(gap) ? gap : kInf;
      s.mip_nodes = static_cast<long long>(nodes);
    }
    switch (model_status) {
      case kHighsModelStatusOptimal: s.status = Status::kOptimal; break;
      case kHighsModelStatusInfeasible: s.status = Status::kInfeasible; break;
      case kHighsModelStatusUnbounded:
      case kHighsModelStatusUnboundedOrInfeasible: s.status = Status::kUnbounded; break;
      case kHighsModelStatusTimeLimit: s.status = Status::kTimeLimit; break;
      case kHighsModelStatusIterationLimit: s.status = Status::kIterationLimit; break;
      // No columns: every row's activity is 0, so the model is feasible (and optimal) only when
      // 0 lies within every row's bounds; a load with nothing to supply it is infeasible.
      case kHighsModelStatusModelEmpty:
        s.status = empty_model_feasible(o) ? Status::kOptimal : Status::kInfeasible;
        break;
      default: s.status = Status::kError; break;
    }
    if (run == kHighsStatusError && s.status == Status::kOptimal) s.status = Status::kError;
    // A feasible primal solution (status 2 = kSolutionStatusFeasible) is kept even when the run
    // stopped early, so a time limit still returns its best point, marked as not optimal. A
    // point HiGHS calls infeasible (status 1) is kept when the model is optimal, as the duals
    // below: with user_objective_scale HiGHS judged an interior point of the Pinglu year
    // (baseline path, no crossover) "infeasible" though optimal, and the path had no answer.
    // verify() judges it by its relative residuals; a failure is re-solved with IPX and
    // crossover, or reported, never handed on as optimal.
    s.has_primal = primal_status == 2 || (primal_status == 1 && s.status == Status::kOptimal) ||
                   (s.status == Status::kOptimal && num_col_ == 0);
    // Duals HiGHS calls infeasible (status 1) are kept when the model is optimal: HiGHS judges
    // them by an absolute 1e-7 after unscaling the objective (user_objective_scale), so an
    // interior point's duals of costs near 1e6 are "infeasible" at 1e-6 (relative 1e-13).
    // verify() then judges them by its relative measure, and a failure is re-solved or reported.
    s.has_dual = dual_status == 2 || (dual_status == 1 && s.status == Status::kOptimal);
    if (s.has_primal || s.has_dual) {
      s.col_value.resize(static_cast<std::size_t>(num_col_));
      s.row_value.resize(static_cast<std::size_t>(num_row_));
      s.row_dual.resize(static_cast<std::size_t>(num_row_));
      std::vector<double> col_dual(static_cast<std::size_t>(num_col_));
      check(Highs_getSolution(h_, s.col_value.data(), col_dual.data(), s.row_value.data(),
                              s.row_dual.data()),
            "getSolution");
      s.objective = Highs_getObjectiveValue(h_);
    }
    return s;
  }

  void change_col_costs(std::span<const Index> cols, std::span<const double> costs) override {
    // An upper bound of the largest cost: enough for the objective scale (costs only grow it).
    max_abs_cost_ = std::max(max_abs_cost_, max_abs(costs));
    check(Highs_changeColsCostBySet(h_, static_cast<HighsInt>(cols.size()), cols.data(),
                                    costs.data()),
          "changeColsCostBySet");
  }
  void change_col_bounds(std::span<const Index> cols, std::span<const double> lower,
                         std::span<const double> upper) override {
    check(Highs_changeColsBoundsBySet(h_, static_cast<HighsInt>(cols.size()), cols.data(),
                                      lower.data(), upper.data()),
          "changeColsBoundsBySet");
  }
  void change_row_bounds(std::span<const Index> rows, std::span<const double> lower,
                         std::span<const double> upper) override {
    check(Highs_changeRowsBoundsBySet(h_, static_cast<HighsInt>(rows.size()), rows.data(),
                                      lower.data(), upper.data()),
          "changeRowsBoundsBySet");
  }
  void change_coeffs(std::span<const Index> rows, std::span<const Index> cols,
                     std::span<const double> values) override {
    for (std::size_t k = 0; k < values.size(); ++k)
      check(Highs_changeCoeff(h_, static_cast<HighsInt>(rows[k]), static_cast<HighsInt>(cols[k]),
                              values[k]),
            "changeCoeff");
  }
  bool set_start(std::span<const double> col_value) override {
    if (static_cast<HighsInt>(col_value.size()) != num_col_) return false;
    return Highs_setSolution(h_, col_value.data(), nullptr, nullptr, nullptr) == kHighsStatusOk;
  }
  void write_model(const std::string& path) override {
    // Named rows and columns ("bus_balance.0.17": block, component, snapshot), so a model written
    // for another solver or for a bug report can be read without parkgrid at hand.
    name_all(col_blocks_, num_col_, "c", Highs_passColName);
    name_all(row_blocks_, num_row_, "r", Highs_passRowName);
    check(Highs_writeModel(h_, path.c_str()), "writeModel");
  }
  LinearProgram model() const override {
    LinearProgram lp;
    HighsInt n = 0, m = 0, nz = 0, sense = 0;
    check(Highs_getLp(h_, kHighsMatrixFormatColwise, &n, &m, &nz, &sense, &lp.offset, nullptr,
                      nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr),
          "getLp (sizes)");
    const auto size = [](HighsInt k) { return static_cast<std::size_t>(k); };
    lp.col_cost.resize(size(n));
    lp.col_lower.resize(size(n));
    lp.col_upper.resize(size(n));
    lp.row_lower.resize(size(m));
    lp.row_upper.resize(size(m));
    lp.a_start.resize(size(n) + 1);
    lp.a_index.resize(size(nz));
    lp.a_value.resize(size(nz));
    check(Highs_getLp(h_, kHighsMatrixFormatColwise, &n, &m, &nz, &sense, &lp.offset,
                      lp.col_cost.data(), lp.col_lower.data(), lp.col_upper.data(),
                      lp.row_lower.data(), lp.row_upper.data(), lp.a_start.data(),
                      lp.a_index.data(), lp.a_value.data(), nullptr),
          "getLp");
    lp.a_start[size(n)] = nz;
    lp.col_blocks = col_blocks_;
    lp.row_blocks = row_blocks_;
    return lp;
  }
  std::string name() const override {
    return fmt::format("HiGHS {}.{}.{}", Highs_versionMajor(), Highs_versionMinor(),
                       Highs_versionPatch());
  }

 private:
  void apply(const Options& o) {
    // A MIP is HiGHS's branch and bound ("choose"), which picks its own LP method inside.
    const std::string solver(mip_ ? std::string_view("choose") : method_name(o.method));
    if (Highs_setStringOptionValue(h_, "solver", solver.c_str()) == kHighsStatusError)
      throw SolverError(
          o.method == Method::kHipo
              ? "--solver hipo: HiPO is unavailable: libhighs loads libhighs_extras.so (PyPI "
                "highspy-extras, the same HiGHS release) from its own folder; run "
                "scripts/setup.sh, which links it there, or choose --solver ipx"
              : fmt::format("this HiGHS build does not offer the method \"{}\"", solver));
    check(Highs_setBoolOptionValue(h_, "output_flag", o.log_to_console ? 1 : 0), "set output_flag");
    check(Highs_setBoolOptionValue(h_, "log_to_console", 1), "set log_to_console");
    if (o.threads > 0) check(Highs_setIntOptionValue(h_, "threads", o.threads), "set threads");
    // Dual simplex from scratch runs unscaled unless asked (Options::highs_scaling); a
    // re-solve from a basis keeps HiGHS's default scaling.
    const bool unscaled = !mip_ && o.method == Method::kSimplex && !has_basis_ && !o.highs_scaling;
    check(Highs_setIntOptionValue(h_, "simplex_scale_strategy", unscaled ? 0 : 1),
          "set simplex_scale_strategy");
    check(Highs_setStringOptionValue(h_, "run_crossover", o.crossover ? "on" : "off"),
          "set run_crossover");
    check(Highs_setIntOptionValue(h_, "user_objective_scale",
                                  objective_scale_exponent(max_abs_cost_)),
          "set user_objective_scale");
    check(Highs_setDoubleOptionValue(h_, "time_limit",
                                     std::isfinite(o.time_limit_s) ? o.time_limit_s : inf_),
          "set time_limit");
    check(Highs_setDoubleOptionValue(h_, "primal_feasibility_tolerance",
                                     o.primal_feasibility_tolerance),
          "set primal_feasibility_tolerance");
    check(
        Highs_setDoubleOptionValue(h_, "dual_feasibility_tolerance", o.dual_feasibility_tolerance),
        "set dual_feasibility_tolerance");
    if (mip_)
      check(Highs_setDoubleOptionValue(h_, "mip_rel_gap", o.mip_rel_gap), "set mip_rel_gap");
  }

  // Progress (src/solve/progress.cpp): HiGHS's log and iteration counts through its callbacks.
  // The log goes to the callback only when output is on; on the console only if asked for.
  void watch(const Options& o) {
    progress_fn_ = o.progress;
    if (!o.progress) return;
    progress_ = LogProgress(o.method == Method::kHipo || o.method == Method::kIpx ||
                                    o.method == Method::kSimplex
                                ? std::string(method_name(o.method))
                                : std::string());
    // The log's objectives are those of the scaled model (apply, user_objective_scale).
    progress_.set_objective_factor(std::ldexp(1.0, -objective_scale_exponent(max_abs_cost_)));
    start_ = std::chrono::steady_clock::now();
    last_ = -1.0;
    check(Highs_setBoolOptionValue(h_, "output_flag", 1), "set output_flag");
    check(Highs_setBoolOptionValue(h_, "log_to_console", o.log_to_console ? 1 : 0),
          "set log_to_console");
    check(Highs_setCallback(h_, &HighsSolver::on_callback, this), "setCallback");
    for (HighsInt type :
         {kHighsCallbackLogging, kHighsCallbackSimplexInterrupt, kHighsCallbackIpmInterrupt})
      check(Highs_startCallback(h_, type), "startCallback");
    if (mip_)  // a line of branch and bound's log, and each better solution
      for (HighsInt type : {kHighsCallbackMipLogging, kHighsCallbackMipImprovingSolution})
        check(Highs_startCallback(h_, type), "startCallback");
  }
  static void on_callback(int type, const char* message, const HighsCallbackDataOut* out,
                          HighsCallbackDataIn*, void* self) {
    auto& s = *static_cast<HighsSolver*>(self);
    const double t =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - s.start_).count();
    bool moved = false;
    const Phase before = s.progress_.current().phase;
    if (type == kHighsCallbackLogging && message) {
      moved = s.progress_.read(message, t) || s.progress_.current().phase != before;
    } else if (out &&
               (type == kHighsCallbackSimplexInterrupt || type == kHighsCallbackIpmInterrupt)) {
      const bool interior = type == kHighsCallbackIpmInterrupt;
      s.progress_.iteration(interior ? out->ipm_iteration_count : out->simplex_iteration_count,
                            interior, t);
      // Counts come every iteration: a new phase at once, then a few a second.
      moved = s.progress_.current().phase != before || t - s.last_ >= 0.25;
    } else if (out &&
               (type == kHighsCallbackMipLogging || type == kHighsCallbackMipImprovingSolution)) {
      s.progress_.mip(static_cast<long long>(out->mip_node_count), out->mip_primal_bound,
                      out->mip_dual_bound, out->mip_gap, t);
      moved = true;
    }
    if (!moved) return;
    s.last_ = t;
    s.progress_fn_(s.progress_.current());
  }

  static std::string describe(HighsInt model_status) {
    switch (model_status) {
      case kHighsModelStatusNotset: return "Not set";
      case kHighsModelStatusLoadError: return "Load error";
      case kHighsModelStatusModelError: return "Model error";
      case kHighsModelStatusPresolveError: return "Presolve error";
      case kHighsModelStatusSolveError: return "Solve error";
      case kHighsModelStatusPostsolveError: return "Postsolve error";
      case kHighsModelStatusModelEmpty: return "Empty";
      case kHighsModelStatusOptimal: return "Optimal";
      case kHighsModelStatusInfeasible: return "Infeasible";
      case kHighsModelStatusUnboundedOrInfeasible: return "Primal infeasible or unbounded";
      case kHighsModelStatusUnbounded: return "Unbounded";
      case kHighsModelStatusTimeLimit: return "Time limit reached";
      case kHighsModelStatusIterationLimit: return "Iteration limit reached";
      case kHighsModelStatusObjectiveBound: return "Objective bound reached";
      case kHighsModelStatusUnknown: return "Unknown";
      case kHighsModelStatusSolutionLimit: return "Solution limit reached";
      case kHighsModelStatusInterrupt: return "Interrupted";
      default: return fmt::format("HiGHS model status {}", model_status);
    }
  }

  bool empty_model_feasible(const Options& o) const {
    if (num_row_ == 0) return true;
    std::vector<double> lower(static_cast<std::size_t>(num_row_)), upper(lower.size());
    HighsInt rows = 0, nz = 0;
    check(Highs_getRowsByRange(h_, 0, num_row_ - 1, &rows, lower.data(), upper.data(), &nz, nullptr,
                               nullptr, nullptr),
          "getRowsByRange");
    for (std::size_t r = 0; r < lower.size(); ++r)
      if (lower[r] > o.primal_feasibility_tolerance || upper[r] < -o.primal_feasibility_tolerance)
        return false;
    return true;
  }

  void* h_;
  bool mip_ = false;
  bool has_basis_ = false;  // the last solve left a valid basis (a re-solve starts from it)
  ProgressFn progress_fn_;
  LogProgress progress_;
  std::chrono::steady_clock::time_point start_;
  double last_ = -1.0;  // when progress was last reported, seconds since start_
  double inf_ = 0.0;
  HighsInt num_col_ = 0, num_row_ = 0;
  std::vector<Block> col_blocks_, row_blocks_;

  // Gives every column (or row) a name: its block's name with the component and the snapshot,
  // or `fallback` and its number where no block covers it (an LP passed without blocks).
  template <class Pass>
  void name_all(const std::vector<Block>& blocks, HighsInt count, const char* fallback, Pass pass) {
    std::vector<std::string> names(static_cast<std::size_t>(count));
    for (const Block& b : blocks)
      for (Index c = 0; c < b.components; ++c)
        for (Index t = 0; t < b.per_component; ++t) {
          const Index i = b.at(c, t);
          if (i < 0 || i >= count) continue;
          names[u(i)] = b.per_component == 1 ? fmt::format("{}.{}", b.name, c)
                                             : fmt::format("{}.{}.{}", b.name, c, t);
        }
    for (HighsInt i = 0; i < count; ++i) {
      std::string& n = names[u(i)];
      if (n.empty()) n = fmt::format("{}{}", fallback, i);
      check(pass(h_, i, n.c_str()), "pass a name");
    }
  }
  double max_abs_cost_ = 0.0;  // of the costs loaded or changed since; for the objective scale
};

}  // namespace

int objective_scale_exponent(double max_abs_cost) {
  int k = 0;
  while (k < 60 && std::ldexp(max_abs_cost, -k) > kLargestScaledCost) ++k;
  return -k;
}

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kChoose: return "choose";
    case Method::kSimplex: return "simplex";
    case Method::kIpm: return "ipm";
    case Method::kIpx: return "ipx";
    case Method::kHipo: return "hipo";
    case Method::kPdlp: return "pdlp";
  }
  return "choose";
}

std::optional<Method> parse_method(std::string_view name) {
  for (Method m : {Method::kChoose, Method::kSimplex, Method::kIpm, Method::kIpx, Method::kHipo,
                   Method::kPdlp})
    if (method_name(m) == name) return m;
  return std::nullopt;
}

std::string_view status_name(Status s) {
  switch (s) {
    case Status::kOptimal: return "optimal";
    case Status::kInfeasible: return "infeasible";
    case Status::kUnbounded: return "unbounded";
    case Status::kTimeLimit: return "time_limit";
    case Status::kIterationLimit: return "iteration_limit";
    case Status::kError: return "solver_error";
  }
  return "unknown";
}

std::unique_ptr<LpSolver> make_highs() {
  return checked(std::make_unique<HighsSolver>());
}

Solution solve(const LinearProgram& lp, const Options& options) {
  auto solver = make_highs();
  solver->load(lp);
  return solver->solve(options);
}

Solution fix_integers_and_resolve(const LinearProgram& lp, const Solution& mip,
                                  const Options& options) {
  if (!mip.mip || !mip.has_primal) return mip;
  LinearProgram fixed = lp;
  fixed.integrality.clear();
  for (std::size_t j = 0; j < lp.integrality.size(); ++j) {
    if (lp.integrality[j] != LinearProgram::kInteger) continue;
    const double v = std::round(mip.col_value[j]);
    fixed.col_lower[j] = v;
    fixed.col_upper[j] = v;
  }
  Options lp_options = options;
  lp_options.write_model_path.clear();
  Solution s = solve(fixed, lp_options);
  s.mip = true;
  s.mip_gap = mip.mip_gap;
  s.mip_nodes = mip.mip_nodes;
  s.solve_seconds += mip.solve_seconds;
  s.iterations += mip.iterations;
  // The MIP's own status stands when it was not optimal (a time limit keeps its best point).
  if (mip.status != Status::kOptimal && s.status == Status::kOptimal) {
    s.status = mip.status;
    s.solver_status = mip.solver_status;
  }
  return s;
}

}  // namespace parkgrid::solve
