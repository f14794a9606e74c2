// The engine benchmark (issue 3, item 10): how long parkgrid takes from a network in memory (or a
// scenario folder on disk) to a linear program inside HiGHS, on synthetic parks of 20, 200 and
// 2,000 components over 8,760 hourly snapshots (bench/synthetic.hpp).
//
//   BM_Build/{S,M,L}        formulate::build only (the network is made beforehand)
//   BM_Read/{S,M}           io::read_scenario of the written scenario folder (TOML + CSV)
//   BM_PassToHighs/{S,M}    build + solve::make_highs()->load(lp): the floor of the hand-off
//   BM_Solve/S              build + solve, for context (one iteration: a solve takes minutes)
//   BM_PlanBuild/pinglu_7x8760  the Pinglu pipeline's multi-period LP (7 yearly periods of 8,760
//                           hours, issue 7: < 1 s): the 7 period models and their merge
//   BM_PlanBuild/pinglu_7x24d   the same on 24 typical days (the `make demo` plan)
//
// Counters: cols, rows, nnz, model_MB (LinearProgram::bytes()), B/nnz (bytes per nonzero),
// B/nnz_used (the same by size() rather than capacity()), page_faults (of one build).
// Every benchmark also reports a `min` statistic when run with --benchmark_repetitions.
// Targets (issue 3): build S < 25 ms and M < 300 ms on one core; <= 40 bytes per nonzero.
//
// Besides the benchmark flags, `parkgrid_bench --write=S|M|L --out=DIR` writes the synthetic
// scenario folder (for `parkgrid run` or the PyPSA comparison) and exits.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parkgrid/formulate.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/scenario.hpp"
#include "parkgrid/solve.hpp"
#include "synthetic.hpp"

namespace {

using namespace parkgrid;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

Index components(const std::string& size) {
  const Index c = bench::components_of(size);
  if (c == 0) throw std::invalid_argument(fmt::format("unknown size \"{}\" (S, M or L)", size));
  return c;
}

// The synthetic network of each size, made once per process (not timed).
const Network& network(const std::string& size) {
  static std::map<std::string, Network> cache;
  auto it = cache.find(size);
  if (it == cache.end()) {
    bench::SyntheticOptions o;
    o.components = components(size);
    it = cache.emplace(size, bench::make_network(o)).first;
  }
  return it->second;
}

// A private temporary folder for the written scenarios, removed at exit.
fs::path& temp_root() {
  static fs::path root;
  return root;
}

// Compares two models array by array; returns what differs, or "" when they are the same.
std::string difference(const LinearProgram& a, const LinearProgram& b) {
  const std::vector<std::pair<const char*, bool>> checks{
      {"col_cost", a.col_cost == b.col_cost},    {"col_lower", a.col_lower == b.col_lower},
      {"col_upper", a.col_upper == b.col_upper}, {"row_lower", a.row_lower == b.row_lower},
      {"row_upper", a.row_upper == b.row_upper}, {"a_start", a.a_start == b.a_start},
      {"a_index", a.a_index == b.a_index},       {"a_value", a.a_value == b.a_value},
      {"offset", a.offset == b.offset},
  };
  std::string out;
  for (const auto& [name, same] : checks)
    if (!same) out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
  return out;
}

// The scenario folder of each size, written once per process into the temporary folder, and
// checked once: reading it back must give a network whose model is identical to the one built
// from the network in memory.
struct Written {
  fs::path toml;
  std::uintmax_t bytes = 0;
  std::string error;  // the round trip failed
};
const Written& written(const std::string& size) {
  static std::map<std::string, Written> cache;
  auto it = cache.find(size);
  if (it != cache.end()) return it->second;
  Written w;
  if (temp_root().empty()) {
    temp_root() = fs::temp_directory_path() / fmt::format("parkgrid_bench_{}", ::getpid());
    fs::create_directories(temp_root());
  }
  const fs::path dir = temp_root() / size;
  w.bytes = bench::write_scenario(network(size), dir);
  w.toml = dir / "scenario.toml";
  try {
    const Network back = io::read_scenario(w.toml.string());
    const std::string diff =
        difference(formulate::build(network(size)).lp, formulate::build(back).lp);
    if (!diff.empty()) w.error = fmt::format("read-back model differs in {}", diff);
  } catch (const InputError& e) {
    w.error = fmt::format("the written scenario does not read: {}",
                          e.diagnostics().empty() ? "?" : e.diagnostics().front().to_string());
  }
  return cache.emplace(size, std::move(w)).first->second;
}

// Bytes of the model's arrays counted by size rather than capacity: what bytes() would be
// without the slack of LpBuilder::reserve's upper bounds.
double used_bytes(const LinearProgram& lp) {
  const auto b = [](const auto& v) { return static_cast<double>(v.size() * sizeof(v[0])); };
  double n = b(lp.col_cost) + b(lp.col_lower) + b(lp.col_upper) + b(lp.row_lower) +
             b(lp.row_upper) + b(lp.a_start) + b(lp.a_index) + b(lp.a_value);
  for (const auto* blocks : {&lp.col_blocks, &lp.row_blocks})
    for (const Block& blk : *blocks) n += static_cast<double>(sizeof(Block) + blk.name.size());
  return n;
}

void model_counters(benchmark::State& state, const LinearProgram& lp) {
  const auto bytes = static_cast<double>(lp.bytes());
  const double nnz = std::max(1.0, static_cast<double>(lp.num_nz()));
  state.counters["cols"] = lp.num_col();
  state.counters["rows"] = lp.num_row();
  state.counters["nnz"] = lp.num_nz();
  state.counters["model_MB"] = bytes / 1e6;
  state.counters["B/nnz"] = bytes / nnz;
  state.counters["B/nnz_used"] = used_bytes(lp) / nnz;
}

// Minor page faults of the calling thread so far: first touches of freshly mapped memory.
long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return u.ru_minflt;
}

// Destroys `victim` with the clock stopped: freeing the arrays is not part of what is measured.
template <class T>
void discard_untimed(benchmark::State& state, T& victim) {
  state.PauseTiming();
  { T dead = std::move(victim); }
  state.ResumeTiming();
}

void BM_Build(benchmark::State& state, const std::string& size) {
  const Network& net = network(size);
  bool counted = false;
  long faults = 0;
  for (auto _ : state) {
    const long f0 = minor_faults();
    formulate::Model m = formulate::build(net);
    benchmark::DoNotOptimize(m.lp.a_value.data());
    benchmark::ClobberMemory();
    faults += minor_faults() - f0;
    if (!counted) {
      state.PauseTiming();
      model_counters(state, m.lp);
      counted = true;
      state.ResumeTiming();
    }
    discard_untimed(state, m);
  }
  state.counters["components"] = bench::component_count(net);
  state.counters["page_faults"] =
      benchmark::Counter(static_cast<double>(faults), benchmark::Counter::kAvgIterations);
}

void BM_Read(benchmark::State& state, const std::string& size) {
  const Written& w = written(size);
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  double parse_s = 0.0, validate_s = 0.0;
  for (auto _ : state) {
    io::ReadStats stats;
    Network n = io::read_scenario(w.toml.string(), &stats);
    benchmark::DoNotOptimize(n.generators.name.data());
    parse_s += stats.read_s;
    validate_s += stats.validate_s;
    discard_untimed(state, n);
  }
  const auto avg = benchmark::Counter::kAvgIterations;
  state.counters["parse_ms"] = benchmark::Counter(parse_s * 1e3, avg);
  state.counters["validate_ms"] = benchmark::Counter(validate_s * 1e3, avg);
  state.counters["files_MB"] = static_cast<double>(w.bytes) / 1e6;
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(w.bytes));
}

void BM_PassToHighs(benchmark::State& state, const std::string& size) {
  const Network& net = network(size);
  double build_s = 0.0, load_s = 0.0;
  bool counted = false;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    formulate::Model m = formulate::build(net);
    const auto t1 = Clock::now();
    std::unique_ptr<solve::LpSolver> solver = solve::make_highs();
    solver->load(m.lp);
    const auto t2 = Clock::now();
    build_s += seconds(t0, t1);
    load_s += seconds(t1, t2);
    if (!counted) {
      state.PauseTiming();
      model_counters(state, m.lp);
      counted = true;
      state.ResumeTiming();
    }
    discard_untimed(state, solver);
    discard_untimed(state, m);
  }
  const auto avg = benchmark::Counter::kAvgIterations;
  state.counters["build_ms"] = benchmark::Counter(build_s * 1e3, avg);
  state.counters["load_ms"] = benchmark::Counter(load_s * 1e3, avg);
}

void BM_Solve(benchmark::State& state, const std::string& size) {
  const Network& net = network(size);
  solve::Options options;  // HiGHS defaults ("choose": dual simplex for an LP)
  double highs_s = 0.0, objective = 0.0, iterations = 0.0;
  for (auto _ : state) {
    formulate::Model m = formulate::build(net);
    const solve::Solution s = solve::solve(m.lp, options);
    if (s.status != solve::Status::kOptimal) {
      state.SkipWithError(fmt::format("not optimal: {}", s.solver_status).c_str());
      break;
    }
    highs_s += s.solve_seconds;
    objective = s.objective;
    iterations = static_cast<double>(s.iterations);
    model_counters(state, m.lp);
  }
  const auto avg = benchmark::Counter::kAvgIterations;
  state.counters["highs_s"] = benchmark::Counter(highs_s, avg);
  state.counters["objective_MCNY"] = objective / 1e6;
  state.counters["solver_iters"] = iterations;
}

// The Pinglu case needs the weather profiles written by `make demo` (data/pinglu/generated/).
struct Pinglu {
  std::string error;
  Network net;
  std::vector<Network> full, reduced;
  planning::Periods periods;
};

const Pinglu& pinglu() {
  static const Pinglu p = [] {
    Pinglu out;
    const fs::path file = fs::path(PARKGRID_REPO_ROOT) / "data/pinglu/scenario.toml";
    if (!fs::exists(fs::path(PARKGRID_REPO_ROOT) / "data/pinglu/generated/profiles.csv")) {
      out.error = "data/pinglu/generated/profiles.csv is missing: run `make demo` once";
      return out;
    }
    out.net = io::read_scenario(file.string());
    out.periods = planning::periods_of(out.net);
    const planning::Reduction red = planning::typical_days(out.net, 24);
    for (std::size_t i = 0; i < out.periods.size(); ++i) {
      out.full.push_back(planning::period_network(out.net, i));
      out.reduced.push_back(planning::reduce(out.full.back(), red));
    }
    return out;
  }();
  return p;
}

void BM_PlanBuild(benchmark::State& state, const std::string& which) {
  const Pinglu& p = pinglu();
  if (!p.error.empty()) {
    state.SkipWithError(p.error.c_str());
    return;
  }
  const std::vector<Network>& nets = which == "pinglu_7x8760" ? p.full : p.reduced;
  bool counted = false;
  for (auto _ : state) {
    planning::MultiModel mm = planning::build_multi(p.net, nets, p.periods);
    benchmark::DoNotOptimize(mm.lp.a_value.data());
    if (!counted) {
      state.PauseTiming();
      model_counters(state, mm.lp);
      counted = true;
      state.ResumeTiming();
    }
    discard_untimed(state, mm);
  }
  state.counters["periods"] = static_cast<double>(nets.size());
  state.counters["snapshots"] = static_cast<double>(nets.front().snapshot_count());
}

double minimum(const std::vector<double>& v) {
  return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
}

void register_all() {
  const auto add = [](const std::string& family, void (*fn)(benchmark::State&, const std::string&),
                      const std::string& size) {
    return benchmark::RegisterBenchmark((family + "/" + size).c_str(), fn, size)
        ->Unit(benchmark::kMillisecond)
        ->ComputeStatistics("min", &minimum);
  };
  for (const char* s : {"S", "M", "L"}) add("BM_Build", BM_Build, s);
  for (const char* s : {"S", "M"}) add("BM_Read", BM_Read, s);
  for (const char* s : {"S", "M"}) add("BM_PassToHighs", BM_PassToHighs, s);
  add("BM_Solve", BM_Solve, "S")->Iterations(1);  // minutes per solve: see README
  for (const char* s : {"pinglu_7x8760", "pinglu_7x24d"}) add("BM_PlanBuild", BM_PlanBuild, s);
}

// --write=S|M|L --out=DIR: write a scenario folder and exit. Returns -1 when not asked to.
int write_mode(int& argc, char** argv) {
  std::string size, out;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--write=", 0) == 0)
      size = a.substr(8);
    else if (a.rfind("--out=", 0) == 0)
      out = a.substr(6);
    else
      argv[kept++] = argv[i];
  }
  argc = kept;
  if (size.empty() && out.empty()) return -1;
  if (size.empty() || out.empty()) {
    fmt::print(stderr, "parkgrid_bench: --write=S|M|L and --out=DIR go together\n");
    return 2;
  }
  try {
    bench::SyntheticOptions o;
    o.components = components(size);
    const Network n = bench::make_network(o);
    const std::uintmax_t bytes = bench::write_scenario(n, out);
    fmt::print("{}: {} components, {} snapshots, {:.1f} MB (scenario.toml + profiles.csv)\n", out,
               bench::component_count(n), n.snapshot_count(), static_cast<double>(bytes) / 1e6);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "parkgrid_bench: {}\n", e.what());
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (const int rc = write_mode(argc, argv); rc >= 0) return rc;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!temp_root().empty()) {
    std::error_code ec;
    fs::remove_all(temp_root(), ec);
  }
  return 0;
}
