// How every command reports an InputError: all problems at once, each naming file, line, field
// and value (commands.hpp).
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.hpp"
#include "parkgrid/results.hpp"

namespace parkgrid::cli {

void print_problems(const InputError& e, std::string_view what) {
  report_problem("{} has {} problem(s); nothing was written:\n", what, e.diagnostics().size());
  for (const auto& d : e.diagnostics()) report_diagnostic(d);
}

bool output_refused(const std::string& out, const std::string& input) {
  try {
    analysis::check_output_folder(out, {std::filesystem::path(input)});
    return false;
  } catch (const std::runtime_error& e) {
    report_problem("{}; nothing was written\n", e.what());
    return true;
  }
}

}  // namespace parkgrid::cli
