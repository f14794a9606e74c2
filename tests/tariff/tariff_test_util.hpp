// Helpers shared by the tariff tests: temporary files, hourly snapshots, and the messages of an
// InputError without the temporary folder in them.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "parkgrid/tariff.hpp"

namespace parkgrid::tariff::test {

namespace fs = std::filesystem;

// A fresh folder per test under the build tree; files written into it by name.
struct TempDir {
  fs::path dir;
  explicit TempDir(const std::string& test) : dir(fs::path(PARKGRID_TARIFF_TEST_TMP) / test) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  [[nodiscard]] std::string add(const std::string& name, const std::string& content) const {
    std::ofstream(dir / name, std::ios::binary) << content;
    return (dir / name).string();
  }
  // `s` with this folder's path (and the slash after it) removed.
  [[nodiscard]] std::string strip(std::string s) const {
    const std::string prefix = dir.string() + "/";
    for (std::size_t p; (p = s.find(prefix)) != std::string::npos;) s.erase(p, prefix.size());
    return s;
  }
};

// `count` hourly snapshots from `start`, each standing for one hour, months indexed.
inline Snapshots hourly(DateTime start, Index count, double weight_hours = 1.0) {
  Snapshots s;
  s.start = start;
  s.count = count;
  s.step_hours = 1.0;
  s.weight_hours.assign(static_cast<std::size_t>(count), weight_hours);
  s.index_months();
  return s;
}

inline std::string data_file(const std::string& name) {
  return std::string(PARKGRID_TARIFF_DATA_DIR) + "/" + name;
}

}  // namespace parkgrid::tariff::test
