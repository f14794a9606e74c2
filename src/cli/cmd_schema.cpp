// parkgrid schema --markdown: the scenario format's field tables, from the schema itself;
// parkgrid schema --results: the result tables' columns, from their descriptions
// (include/parkgrid/result_tables.hpp).
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "parkgrid/paths.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/result_tables.hpp"
#include "parkgrid/schema.hpp"

namespace parkgrid::cli {

void add_schema_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd =
      app.add_subcommand("schema", "Print the scenario format's fields 输出场景格式字段表");
  auto markdown = std::make_shared<bool>(true);
  cmd->add_flag("--markdown", *markdown, "Markdown tables (the default and only format)");
  auto results = std::make_shared<bool>(false);
  cmd->add_flag("--results", *results,
                "The result tables' columns (capacities.csv ...) instead of the scenario's fields "
                "结果表字段");
  cmd->callback([markdown, results, &exit_code] {
    fmt::print("{}", *results ? analysis::result_tables_markdown() +
                                    analysis::table_markdown(paths::paths_table()) +
                                    analysis::table_markdown(paths::path_json_table()) +
                                    analysis::table_markdown(paths::built_table()) +
                                    analysis::table_markdown(planning::periods_table()) +
                                    analysis::table_markdown(planning::period_capacities_table()) +
                                    analysis::table_markdown(planning::reduction_errors_table())
                              : schema::markdown());
    exit_code = kExitOk;
  });
}

}  // namespace parkgrid::cli
