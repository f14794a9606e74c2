// The notes a scenario file carries beside its values: `capex_cny_per_mw = 3.30e6  # S22: ...`.
// The report lists them as the case's assumptions, and the web editor shows each beside its
// field. Source keys (S22, A31, P07, SEED003, ...) are looked up in a SOURCES.md next to the
// scenario, as data/pinglu/SOURCES.md is.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace parkgrid::report {

struct ScenarioEntry {
  std::string section;    // "generators", "policy", ...
  int index = -1;         // position in an array of tables ([[generators]]), -1 for a table
  std::string component;  // its `name`, when it has one
  std::string field;
  std::string value;  // as written
  std::string note;   // the comment on the line, or on the lines just above it
  int line = 0;
};

// Reads the key = value lines of a scenario TOML file with their comments. A file that cannot be
// read gives an empty list (the scenario itself is validated by io::read_scenario).
[[nodiscard]] std::vector<ScenarioEntry> scenario_entries(const std::filesystem::path& toml);

// The source keys cited in the notes, in order of first appearance: S22, A31, SEED003, ...
[[nodiscard]] std::vector<std::string> cited_keys(const std::vector<ScenarioEntry>& entries);

// Each key's entry in SOURCES.md (a table row `| KEY | ... |` or a heading `### KEY: ...`),
// as plain text; keys not found are left out.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> source_entries(
    const std::filesystem::path& sources_md, const std::vector<std::string>& keys);

}  // namespace parkgrid::report
