// The scenarios `parkgrid serve` offers: the one named on its command line (the Pinglu case by
// default), the other scenarios of data/*/ and examples/*/ of the project, and the ones the user
// saved from the editor (WORKSPACE/scenarios/ID/scenario.toml).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace parkgrid::server {

struct ScenarioInfo {
  std::string id;
  std::string kind;  // "default", "builtin", "example", "saved"
  std::filesystem::path path;
  std::string name, description;
  long long snapshots = 0;
  bool has_paths = false;     // a [paths] section: the reform paths can run
  bool has_planning = false;  // a [planning] section: the multi-year plan can run
};

class Catalog {
 public:
  Catalog(std::filesystem::path root, std::filesystem::path default_scenario,
          std::filesystem::path workspace);
  [[nodiscard]] std::vector<ScenarioInfo> list() const;
  [[nodiscard]] std::optional<ScenarioInfo> find(const std::string& id) const;
  [[nodiscard]] std::filesystem::path saved_dir() const { return workspace_ / "scenarios"; }
  [[nodiscard]] static bool valid_id(const std::string& id);  // [A-Za-z0-9_-]{1,64}

 private:
  std::filesystem::path root_, default_, workspace_;
};

[[nodiscard]] nlohmann::json to_json(const ScenarioInfo& s);

}  // namespace parkgrid::server
