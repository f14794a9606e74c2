// A scenario as a JSON document for the web editor, and back to a scenario folder.
//
// The document mirrors the TOML file: {"scenario": {...}, "snapshots": {...}, "generators":
// [{...}, ...], "policy": {...}, "paths": {...}}. Series are a number, {"file": ..., "column":
// ...} or {"daily": [24 numbers]}; `inf` is the string "inf" (JSON has no infinity); date-times
// are text. Validation is not done here: a written folder is read back by io::read_scenario, the
// CLI's own reader, and its diagnostics are returned as JSON, each tied to the section, the
// component and the field it concerns.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parkgrid::server {

// A document that is not shaped like a scenario (a section that is not a table, a value that
// TOML cannot hold): the HTTP layer answers 400 with `what()`, which names the place.
class DocumentError : public std::runtime_error {
 public:
  // Control characters of the message (from the document's names: a NUL would cut what() short,
  // an empty "\u0000" key left the text empty) are shown as \uXXXX.
  explicit DocumentError(const std::string& message);
};

// Reads a scenario TOML file as a document. Throws DocumentError when the TOML cannot be parsed
// (with the file, line and column).
[[nodiscard]] nlohmann::json read_document(const std::filesystem::path& toml);

// The document as TOML text, sections and fields in the schema's order. Throws DocumentError.
[[nodiscard]] std::string document_to_toml(const nlohmann::json& doc, const std::string& header);

// Options when writing a document out as a scenario folder.
struct FolderOptions {
  // Keep only the first `horizon_hours` snapshots (a quick look): [snapshots] count is cut, CSV
  // series are cut to as many rows, and weight_hours is raised so that the snapshots kept stand
  // for the whole original period (annual costs stay annual).
  std::optional<long long> horizon_hours;
  std::string header;  // comment lines at the top of scenario.toml
  // Folders besides the scenario's own whose files a document may name (`--data-root` of
  // `parkgrid serve`, the project's data/ by default).
  std::vector<std::filesystem::path> data_roots;
};

// Writes `doc` as `out_dir`/scenario.toml and copies the files it references (CSV series, the
// [paths] tariff), found relative to `base_dir`, into `out_dir` (cut to the horizon). `out_dir`
// must not exist yet. The references in the written TOML point at the copies.
// A reference must name a file inside `base_dir` or one of `options.data_roots`, symbolic links
// resolved: an absolute path, a `..` that leads out, a link that leads out, a folder, a device
// or a pipe is a DocumentError naming the field and the reason (a 400 of the API); a file that
// does not exist is left for the reader to report beside its field. Throws DocumentError (bad
// document, a horizon past the scenario's snapshots) and std::runtime_error (I/O).
void write_scenario_folder(const nlohmann::json& doc, const std::filesystem::path& base_dir,
                           const std::filesystem::path& out_dir, const FolderOptions& options);

// Reads and validates the scenario at `toml` with io::read_scenario. Returns a list of
// diagnostics as JSON objects: file (relative to `show_relative_to` when inside it), line,
// where, field, value, expected, message, and the place in the document: section, index (in an
// array of tables, else -1), component, as the reader recorded them (Diagnostic::section, ...).
// An empty list means valid.
[[nodiscard]] nlohmann::json validate_scenario(const std::filesystem::path& toml,
                                               const std::filesystem::path& show_relative_to);

// The schema of the scenario format as JSON, for the editor: sections with their fields (name,
// kind, unit, default, rule, description).
[[nodiscard]] nlohmann::json schema_json();

// The notes (comments) beside the values of a scenario file, as a list of {section, index,
// component, field, note}.
[[nodiscard]] nlohmann::json notes_json(const std::filesystem::path& toml);

}  // namespace parkgrid::server
