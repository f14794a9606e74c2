// parkgrid sweep SPEC -o OUT: sensitivity and scenario sweeps (docs/sweep.md). The sampler and
// the orchestrator are Python (python/parkgrid/sweep.py: SALib, scipy, Dask distributed), each
// sample runs this engine through the Python package; this subcommand hands over to it so that
// the CLI and the docs have one command.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace parkgrid::cli {

namespace {

struct SweepArgs {
  std::string spec;
  std::string out;
  long limit = 0;
  std::string dask;
  bool resume = false;
  bool no_progress = false;
  bool cold = false;
};

// Checks the imports first, so that a missing package is named instead of a Python traceback.
constexpr const char* kBootstrap =
    "import sys\n"
    "try:\n"
    "    import SALib, scipy, distributed, tomli_w\n"
    "    import parkgrid.sweep as s\n"
    "except ImportError as e:\n"
    "    sys.stderr.write(f'parkgrid sweep: the Python module {e.name!r} is missing from '\n"
    "                     f'{sys.executable}; run `make python` (scripts/setup.sh installs SALib, "
    "'\n"
    "                     f'scipy, dask, distributed, tomli-w) or set PARKGRID_PYTHON / '\n"
    "                     f'缺少 Python 模块 {e.name!r}：请运行 make python\\n')\n"
    "    sys.exit(2)\n"
    "sys.exit(s.main(sys.argv[1:]))\n";

// PARKGRID_PYTHON, else the project's .venv recorded at configure time, else python3.
std::string interpreter() {
  if (const char* env = std::getenv("PARKGRID_PYTHON"); env && *env) return env;
  const std::filesystem::path venv = PARKGRID_VENV_PYTHON;
  std::error_code ec;
  if (std::filesystem::exists(venv, ec)) return venv.string();
  return "python3";
}

int sweep(const SweepArgs& a) {
  const std::string python = interpreter();
  std::vector<std::string> args{python, "-c", kBootstrap, a.spec, "-o", a.out};
  if (a.limit > 0) args.insert(args.end(), {"--limit", std::to_string(a.limit)});
  if (!a.dask.empty()) args.insert(args.end(), {"--dask", a.dask});
  if (a.resume) args.emplace_back("--resume");
  if (a.no_progress) args.emplace_back("--no-progress");
  if (a.cold) args.emplace_back("--cold");
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  execvp(argv[0], argv.data());  // returns only on failure
  fmt::print(stderr,
             "parkgrid sweep: cannot start the Python interpreter \"{}\": {}; set PARKGRID_PYTHON "
             "to a Python with the parkgrid package (make python) / 无法启动 Python 解释器\n",
             python, std::strerror(errno));
  return kExitInputError;
}

}  // namespace

void add_sweep_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "Run a sensitivity or scenario sweep (SALib/scipy designs, Dask) 参数扫描与敏感性分析");
  cmd->add_option("spec", args->spec, "sweep specification (TOML, docs/sweep.md)")->required();
  cmd->add_option("-o,--out", args->out, "output folder (results.csv, summary.csv, parts/)")
      ->required();
  cmd->add_option("--limit", args->limit, "run only the first N samples of the design")
      ->check(CLI::Range(1L, 1000000000L));
  cmd->add_option("--dask", args->dask,
                  "local:N (a LocalCluster of N workers) or tcp://HOST:PORT (a running scheduler)");
  cmd->add_flag("--resume", args->resume, "continue an interrupted sweep in OUT");
  cmd->add_flag("--no-progress", args->no_progress, "no progress bar");
  cmd->add_flag("--cold", args->cold,
                "solve every sample from scratch (no warm re-solves; for comparison)");
  cmd->callback([args, &exit_code] { exit_code = sweep(*args); });
}

}  // namespace parkgrid::cli
