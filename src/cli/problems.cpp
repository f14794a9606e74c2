// How every command reports an InputError: all problems at once, each naming file, line, field
// and value (commands.hpp).
#include <fmt/format.h>

#include "cli/commands.hpp"

namespace parkgrid::cli {

void print_problems(const InputError& e, std::string_view what) {
  fmt::print(stderr, "parkgrid: {} has {} problem(s); nothing was written:\n", what,
             e.diagnostics().size());
  for (const auto& d : e.diagnostics()) fmt::print(stderr, "  {}\n", d.to_string());
}

}  // namespace parkgrid::cli
