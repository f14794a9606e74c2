// parkgrid schema --markdown: the scenario format's field tables, from the schema itself.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "parkgrid/schema.hpp"

namespace parkgrid::cli {

void add_schema_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd =
      app.add_subcommand("schema", "Print the scenario format's fields 输出场景格式字段表");
  auto markdown = std::make_shared<bool>(true);
  cmd->add_flag("--markdown", *markdown, "Markdown tables (the default and only format)");
  cmd->callback([markdown, &exit_code] {
    fmt::print("{}", schema::markdown());
    exit_code = kExitOk;
  });
}

}  // namespace parkgrid::cli
