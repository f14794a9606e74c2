// `parkgrid serve`: the web UI (static files built by Vite from web/) and its JSON API over HTTP
// (cpp-httplib), on 127.0.0.1 by default. The API is documented endpoint by endpoint in
// docs/api.md.
#pragma once

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
};

// Serves until SIGINT or SIGTERM. Prints the address on standard output once listening.
// Returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace parkgrid::server
