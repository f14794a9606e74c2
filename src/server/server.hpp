// `parkgrid serve`: the web UI (static files built by Vite from web/) and its JSON API over HTTP
// (cpp-httplib), on 127.0.0.1 by default. The API is documented endpoint by endpoint in
// docs/api.md.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace parkgrid::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                  // 0: any free port (printed)
  std::filesystem::path scenario;   // the default scenario, listed first
  std::filesystem::path root;       // project folder with data/ and examples/
  std::filesystem::path web_dir;    // the built UI (web/dist)
  std::filesystem::path workspace;  // jobs/ and scenarios/ live here
  std::filesystem::path program;    // the parkgrid binary the jobs run (default: this one)
  int workers = 2;                  // simultaneous solves
  std::vector<std::filesystem::path> results;  // finished results folders to show as jobs
  // Folders besides a scenario's own whose files a document may name (default: root/data).
  std::vector<std::filesystem::path> data_roots;
  bool no_token = false;           // --no-token: no token asked (tests, loopback only)
  std::string token;               // the token; empty: a new random one at each start
  int max_jobs = 32;               // queued + running jobs
  double results_quota_mb = 4000;  // the jobs' folders together
  double job_time_limit_s = 6 * 3600;
  std::size_t max_body_bytes = 64u << 20;
  int http_threads = 32;  // connections served at once (keep-alive holds one each)
};

// Serves until SIGINT or SIGTERM. Prints the address, with the token (`?token=...`), on standard
// output once listening. Returns the process exit code (2 for options it refuses: --no-token on
// an address that is not loopback, a port in use).
int serve(const ServeOptions& options);

}  // namespace parkgrid::server
