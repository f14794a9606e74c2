// Reading a scenario: TOML (one file) plus the CSV time series it references. Every problem in
// the input is collected and thrown together as parkgrid::InputError.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parkgrid/error.hpp"
#include "parkgrid/network.hpp"
#include "parkgrid/validate.hpp"

namespace parkgrid::io {

struct ReadStats {
  double read_s = 0;      // parsing TOML and CSV
  double validate_s = 0;  // cross-field rules
};

// Reads and validates the scenario at `path`. Paths of CSV files inside are relative to the
// scenario file's folder. Throws InputError listing every problem found.
[[nodiscard]] Network read_scenario(const std::string& path, ReadStats* stats = nullptr);

// Reads a scenario given as TOML text, as if it were the file at `path`: `path` names it in the
// messages and its folder anchors the relative CSV paths; the file itself need not exist. Lets a
// caller read an edited scenario (a sweep sample) without writing it beside the original.
[[nodiscard]] Network read_scenario_text(std::string_view toml_text, const std::string& path,
                                         ReadStats* stats = nullptr);

}  // namespace parkgrid::io
