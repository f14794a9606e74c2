// parkgrid report RESULTS -o report.html: the feasibility-study energy chapter as one HTML file.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "parkgrid/error.hpp"
#include "report/report.hpp"
#include "report/results.hpp"

namespace parkgrid::cli {
namespace {

struct ReportArgs {
  std::string results;
  std::string out;
  std::string paths;
  std::string sweep;
  std::vector<std::string> compare;
  std::string scenario;
  std::string sources;
  std::string title;
};

int run(const ReportArgs& a) {
  report::ReportOptions o;
  o.results = a.results;
  o.paths = a.paths;
  o.sweep = a.sweep;
  for (const auto& c : a.compare) o.compare.emplace_back(c);
  o.scenario = a.scenario;
  o.sources = a.sources;
  o.title = a.title;
  std::string html;
  try {
    html = report::render_report(o);
  } catch (const report::ReportError& e) {
    report_problem("{}; nothing was written\n", e.what());
    return kExitInputError;
  } catch (const InputError& e) {
    print_problems(e);
    return kExitInputError;
  }
  try {
    report::write_atomically(a.out, html);
  } catch (const std::runtime_error& e) {
    report_problem("{}\n", e.what());
    return kExitInputError;
  }
  fmt::print("Report 报告: {} ({:.0f} kB)\n", a.out, static_cast<double>(html.size()) / 1e3);
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Write a feasibility-study energy chapter as HTML 生成可研报告能源章节");
  cmd->add_option(
         "results", a->results,
         "Results folder of `parkgrid run` (or of `parkgrid sweep`: a report of the sweep)")
      ->required();
  cmd->add_option("-o,--out", a->out, "HTML file to write (replaced atomically)")->required();
  cmd->add_option("--paths", a->paths, "Results folder of `parkgrid paths` (the reform paths)");
  cmd->add_option("--sweep", a->sweep,
                  "Results folder of `parkgrid sweep`: the sensitivity section");
  cmd->add_option("--compare", a->compare,
                  "Other results folders of `parkgrid run` for the sensitivity table");
  cmd->add_option("--scenario", a->scenario,
                  "The scenario file: the case, its assumptions and sources")
      ->check(CLI::ExistingFile);
  cmd->add_option("--sources", a->sources, "SOURCES.md (default: beside the scenario)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--title", a->title, "Title (default: the scenario's name)");
  cmd->footer(
      "Example: parkgrid report out/pinglu --scenario data/pinglu/scenario.toml --paths "
      "out/pinglu-paths -o out/pinglu/report.html");
  cmd->callback([a, &exit_code] { exit_code = run(*a); });
}

}  // namespace parkgrid::cli
