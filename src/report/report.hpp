// `parkgrid report`: a results folder (and optionally a reform-paths folder, other results for a
// sensitivity comparison, and the scenario with its sources) as one self-contained HTML file in
// the structure of the energy chapter of a feasibility study (可行性研究报告 能源章节): the case
// and its sources, the assumptions, the results with charts, the reform paths, the sensitivity and
// the year-by-year plan. Charts are inline SVG; no script and no network are needed, so the file
// prints to PDF from any browser.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace parkgrid::report {

struct ReportOptions {
  std::filesystem::path results;               // `parkgrid run` output (required)
  std::filesystem::path paths;                 // `parkgrid paths` output (optional)
  std::vector<std::filesystem::path> compare;  // other `run` outputs: the sensitivity table
  std::filesystem::path sweep;                 // `parkgrid sweep` output (optional)
  std::filesystem::path scenario;              // the scenario TOML (optional, for the case)
  std::filesystem::path notes;                 // TOML with the comments (default: scenario)
  std::filesystem::path sources;               // SOURCES.md (default: beside the notes)
  std::string title;                           // default: from the scenario name
};

// The report as HTML. A sweep folder (`parkgrid sweep`) as `results` gives a report of the sweep
// alone (its summary, sensitivity and scatter plots); `sweep` adds that section to a run's report.
// Throws ReportError naming the file and field of any results file that is
// missing or malformed, and parkgrid::InputError when the scenario given is invalid.
[[nodiscard]] std::string render_report(const ReportOptions& options);

// Writes `html` to `out` through a temporary file renamed at the end: `out` is complete or
// untouched. Throws std::runtime_error when it cannot be written.
void write_atomically(const std::filesystem::path& out, const std::string& html);

}  // namespace parkgrid::report
