// parkgrid check SCENARIO: read and validate only (a scenario file or a PyPSA folder); list every
// problem.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "parkgrid/pypsa.hpp"
#include "parkgrid/scenario.hpp"

namespace parkgrid::cli {

void add_check_command(CLI::App& app, int& exit_code) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("check", "Read and validate a scenario 检查场景文件");
  cmd->add_option("scenario", *path,
                  "Scenario file (TOML), or a PyPSA CSV folder (network.csv / snapshots.csv)")
      ->required();
  cmd->footer("Example: parkgrid check examples/microgrid/scenario.toml");
  cmd->callback([path, &exit_code] {
    try {
      // A PyPSA folder is read by the importer, as `run` reads it.
      const Network n =
          io::is_pypsa_folder(*path) ? io::read_pypsa(*path) : io::read_scenario(*path);
      fmt::print(
          "{}: ok 检查通过 — {} snapshots, {} buses, {} generators, {} loads, {} storage units, "
          "{} stores, {} links, {} grid connections\n",
          *path, n.snapshot_count(), n.buses.size(), n.generators.size(), n.loads.size(),
          n.storage_units.size(), n.stores.size(), n.links.size(), n.grid.size());
      exit_code = kExitOk;
    } catch (const InputError& e) {
      report_problem("{} problem(s) found 发现问题:\n", e.diagnostics().size());
      for (const auto& d : e.diagnostics()) report_diagnostic(d);
      exit_code = kExitInputError;
    }
  });
}

}  // namespace parkgrid::cli
