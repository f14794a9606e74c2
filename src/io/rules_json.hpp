// The share rules of a solved year (analysis::RuleResult) as JSON: summary.json "rules" and
// plan.json's periods "rules".
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "io/json_number.hpp"
#include "parkgrid/results.hpp"

namespace parkgrid::io {

[[nodiscard]] inline nlohmann::ordered_json rules_json(
    const std::vector<analysis::RuleResult>& rules) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& q : rules)
    out.push_back({{"name", q.name},
                   {"required", json_number(q.required)},
                   {"achieved", json_number(q.achieved)},
                   {"numerator_mwh", json_number(q.numerator_mwh)},
                   {"denominator_mwh", json_number(q.denominator_mwh)},
                   {"binding", q.binding},
                   {"shadow_price_cny_per_mwh", json_number(q.shadow_price_cny_per_mwh)}});
  return out;
}

}  // namespace parkgrid::io
