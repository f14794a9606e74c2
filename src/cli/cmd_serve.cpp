// parkgrid serve [SCENARIO]: the web UI and its JSON API (docs/api.md).
#include <fmt/format.h>
#include <filesystem>

#include "cli/commands.hpp"
#include "server/server.hpp"

namespace parkgrid::cli {
namespace {

namespace fs = std::filesystem;

// The project folder (data/, examples/): the current folder when it holds the Pinglu case, else
// the source folder this binary was configured from.
fs::path project_root() {
  std::error_code ec;
  if (fs::exists("data/pinglu/scenario.toml", ec)) return fs::current_path();
  return PARKGRID_SOURCE_DIR;
}

struct ServeArgs {
  std::string scenario;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_dir;
  std::string workspace = "out/serve";
  int workers = 2;
  std::vector<std::string> results;
  std::vector<std::string> data_roots;
  bool no_token = false;
  int max_jobs = 32;
  double results_quota_mb = 4000;
  double job_time_limit_s = 6 * 3600;
  int http_threads = 32;
  double max_body_mb = 64;
};

int run(const ServeArgs& a) {
  server::ServeOptions o;
  o.root = project_root();
  o.scenario = a.scenario.empty() ? o.root / "data/pinglu/scenario.toml" : fs::path(a.scenario);
  o.host = a.host;
  o.port = a.port;
  o.web_dir = a.web_dir.empty() ? fs::path(PARKGRID_WEB_DIR) : fs::path(a.web_dir);
  o.workspace = a.workspace;
  o.workers = a.workers;
  for (const auto& r : a.results) o.results.emplace_back(r);
  for (const auto& r : a.data_roots) o.data_roots.emplace_back(r);
  o.no_token = a.no_token;
  o.max_jobs = a.max_jobs;
  o.results_quota_mb = a.results_quota_mb;
  o.job_time_limit_s = a.job_time_limit_s;
  o.http_threads = a.http_threads;
  o.max_body_bytes = static_cast<std::size_t>(a.max_body_mb * 1024 * 1024);
  return server::serve(o);
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd =
      app.add_subcommand("serve", "Serve the web UI and its JSON API 启动网页界面与接口服务");
  cmd->add_option("scenario", a->scenario,
                  "The scenario shown first (default: data/pinglu/scenario.toml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--host", a->host, "Address to listen on")->capture_default_str();
  cmd->add_option("-p,--port", a->port, "Port (0: any free port, printed)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--web-dir", a->web_dir,
                  "The built web UI (default: web/dist of the source tree, " PARKGRID_WEB_DIR ")");
  cmd->add_option("--workspace", a->workspace, "Folder for jobs and saved scenarios")
      ->capture_default_str();
  cmd->add_option("--workers", a->workers, "Solves that may run at the same time; more wait")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  cmd->add_option("--results", a->results,
                  "Finished results folders (of run, paths or sweep) to show, e.g. out/pinglu")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--data-root", a->data_roots,
                  "A folder whose files edited scenarios may name, besides the scenario's own "
                  "(repeatable; default: data/ of the project)")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--no-token", a->no_token,
                "Ask no token (tests only; refused unless --host is a loopback address)");
  cmd->add_option("--max-jobs", a->max_jobs, "Jobs queued or running at once; more are refused")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cmd->add_option("--results-quota-mb", a->results_quota_mb,
                  "Storage for the jobs' folders (MB); past it new jobs are refused")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--job-time-limit", a->job_time_limit_s,
                  "Seconds a job may run before it is stopped (0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-body-mb", a->max_body_mb, "Largest request body (MiB)")
      ->check(CLI::Range(0.001, 1024.0))
      ->capture_default_str();
  cmd->add_option("--http-threads", a->http_threads, "Connections served at the same time")
      ->check(CLI::Range(2, 1024))
      ->capture_default_str();
  cmd->footer(
      "Example: parkgrid serve --port 8080 --results out/pinglu --results out/pinglu-paths\n"
      "It prints the address to open, with a token that changes at every start "
      "(http://127.0.0.1:8080/?token=...); docs/api.md, \"Access\".");
  cmd->callback([a, &exit_code] { exit_code = run(*a); });
}

}  // namespace parkgrid::cli
