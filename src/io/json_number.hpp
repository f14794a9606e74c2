// A number for the JSON files parkgrid writes (summary.json, paths.json, plan.json): JSON has no
// infinity or NaN, so a value that is not finite is written as null.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>

namespace parkgrid::io {

[[nodiscard]] inline nlohmann::ordered_json json_number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

}  // namespace parkgrid::io
