// parkgrid: an industrial park's integrated source-grid-load-storage energy system, planned and
// operated at least cost. Subcommands live in cmd_*.cpp.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include <fcntl.h>

#include "cli/commands.hpp"
#include "parkgrid/error.hpp"
#include "parkgrid/events.hpp"

int main(int argc, char** argv) {
  using namespace parkgrid;
  using namespace parkgrid::cli;
  CLI::App app{
      "parkgrid " PARKGRID_VERSION
      " - least-cost build-out and hourly operation of an industrial park's energy system\n"
      "园区源网荷储一体化能源系统：最低成本规划与逐时运行"};
  app.footer(
      "Examples:\n"
      "  parkgrid run examples/microgrid/scenario.toml -o out/microgrid\n"
      "  parkgrid check data/pinglu/scenario.toml\n"
      "  parkgrid weather data/weather/CHN_Shanxi.Datong.534870_CSWD.epw -o "
      "profiles.csv\n"
      "  parkgrid schema --markdown\n"
      "  parkgrid serve --port 8080\n"
      "  parkgrid sweep data/pinglu/sweep.toml -o out/pinglu-sweep --dask local:2\n"
      "  parkgrid report out/microgrid -o out/microgrid/report.html\n\n"
      "Exit codes: 0 ok; 1 internal error (a bug: please report it); 2 bad input or usage "
      "(nothing written); 3 infeasible (the reasons printed and in summary.json) or unbounded "
      "(hints printed); 4 the solver failed (nothing written) or stopped at a limit (the best "
      "point found, if any, written with \"optimal\": false).");
  app.set_version_flag("--version", "parkgrid " PARKGRID_VERSION);
  app.require_subcommand(1);
  int exit_code = kExitOk;
  add_run_command(app, exit_code);
  add_check_command(app, exit_code);
  add_schema_command(app, exit_code);
  add_weather_command(app, exit_code);
  add_tariff_command(app, exit_code);
  add_paths_command(app, exit_code);
  add_pypsa_commands(app, exit_code);
  add_plan_commands(app, exit_code);
  add_report_command(app, exit_code);
  add_serve_command(app, exit_code);
  add_sweep_command(app, exit_code);
  // `parkgrid --events-fd N SUBCOMMAND ...`: events as JSON lines on descriptor N for the program
  // that started this one (include/parkgrid/events.hpp; parkgrid serve passes one).
  if (argc > 1 && std::string_view(argv[1]) == "--events-fd") {
    char* end = nullptr;
    const long fd = argc > 2 ? std::strtol(argv[2], &end, 10) : -1;
    if (argc < 3 || *end != '\0' || fd < 0 || fd > 1 << 20 ||
        ::fcntl(static_cast<int>(fd), F_GETFD) < 0) {
      report_problem("--events-fd {}: expected an open file descriptor\n", argc > 2 ? argv[2] : "");
      return kExitInputError;
    }
    parkgrid::events::open(static_cast<int>(fd));
    argv[2] = argv[0];
    argv += 2;
    argc -= 2;
  }
  // An unknown first word (a typo such as "runn") is named, with the closest subcommand; CLI11
  // itself would only say that a subcommand is required.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      const std::string near = parkgrid::did_you_mean(argv[1], names);
      report_problem("unknown subcommand \"{}\"{}; the subcommands are {}\n", argv[1],
                     near.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", near),
                     fmt::join(names, ", "));
      return kExitInputError;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitInputError;
  } catch (const std::exception& e) {
    report_problem("internal error: {}\n", e.what());
    return kExitInternal;
  }
  return exit_code;
}
