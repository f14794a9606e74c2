#include "server/catalog.hpp"

#include <toml++/toml.h>
#include <algorithm>

namespace parkgrid::server {
namespace fs = std::filesystem;

namespace {

// data/pinglu/scenario.toml -> "pinglu"; data/pinglu/scenario_granular.toml -> "pinglu_granular"
std::string id_of(const fs::path& p) {
  const std::string folder = p.parent_path().filename().string();
  const std::string stem = p.stem().string();
  if (stem == "scenario") return folder;
  if (stem.starts_with("scenario_")) return folder + stem.substr(8);
  return folder + "_" + stem;
}

ScenarioInfo describe(const fs::path& path, std::string id, std::string kind) {
  ScenarioInfo s{std::move(id), std::move(kind), path, "", "", 0, false};
  try {
    const toml::table t = toml::parse_file(path.string());
    s.name = t["scenario"]["name"].value_or(std::string());
    s.description = t["scenario"]["description"].value_or(std::string());
    s.snapshots = t["snapshots"]["count"].value_or(0LL);
    s.has_paths = t.contains("paths");
    s.has_planning = t.contains("planning");
  } catch (const toml::parse_error&) {
    // listed all the same: opening it shows the parse error beside the file
  }
  return s;
}

void scan(const fs::path& dir, const std::string& kind, std::vector<ScenarioInfo>& out) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& sub : fs::directory_iterator(dir, ec)) {
    if (!sub.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(sub.path(), ec)) {
      const std::string n = f.path().filename().string();
      if (f.is_regular_file() && n.starts_with("scenario") && n.ends_with(".toml"))
        files.push_back(f.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const ScenarioInfo& s) {
      return fs::equivalent(s.path, f, ec);
    });
    if (!seen) out.push_back(describe(f, id_of(f), kind));
  }
}

}  // namespace

Catalog::Catalog(fs::path root, fs::path default_scenario, fs::path workspace)
    : root_(std::move(root)),
      default_(std::move(default_scenario)),
      workspace_(std::move(workspace)) {
  fs::create_directories(saved_dir());
}

bool Catalog::valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::vector<ScenarioInfo> Catalog::list() const {
  std::vector<ScenarioInfo> out;
  std::error_code ec;
  if (!default_.empty() && fs::exists(default_, ec))
    out.push_back(describe(default_, id_of(fs::absolute(default_)), "default"));
  scan(root_ / "data", "builtin", out);
  scan(root_ / "examples", "example", out);
  std::vector<fs::path> saved;
  for (const auto& d : fs::directory_iterator(saved_dir(), ec))
    if (fs::exists(d.path() / "scenario.toml", ec)) saved.push_back(d.path());
  std::sort(saved.begin(), saved.end());
  for (const auto& d : saved)
    out.push_back(describe(d / "scenario.toml", d.filename().string(), "saved"));
  // Ids are unique: a later one that clashes gets a suffix.
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (out[j].id == out[i].id) {
        out[i].id += "_" + out[i].kind;
        j = static_cast<std::size_t>(-1);  // check again from the start
      }
  return out;
}

std::optional<ScenarioInfo> Catalog::find(const std::string& id) const {
  for (auto& s : list())
    if (s.id == id) return s;
  return std::nullopt;
}

nlohmann::json to_json(const ScenarioInfo& s) {
  return {{"id", s.id},
          {"kind", s.kind},
          {"path", s.path.string()},
          {"name", s.name},
          {"description", s.description},
          {"snapshots", s.snapshots},
          {"has_paths", s.has_paths},
          {"has_planning", s.has_planning},
          {"editable", true},
          {"deletable", s.kind == "saved"}};
}

}  // namespace parkgrid::server
