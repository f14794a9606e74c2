// The result tables of include/parkgrid/result_tables.hpp in JSON: one row as an object keyed by
// the table's columns (summary.json's arrays, the web server's API), and read back into rows
// (the report's reader), both from the one description of the table.
#pragma once

#include <fmt/format.h>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parkgrid/result_tables.hpp"

namespace parkgrid::io {

// A cell as JSON: text, a flag, or a number (null when it is not finite: JSON has no infinity or
// NaN).
template <class Json = nlohmann::ordered_json>
[[nodiscard]] Json cell_json(const analysis::Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* flag = std::get_if<bool>(&cell)) return *flag;
  if (const auto* count = std::get_if<long long>(&cell)) return *count;
  const double v = std::get<double>(cell);
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

template <class Json = nlohmann::ordered_json, class Row>
[[nodiscard]] Json row_json(const analysis::TableSpec<Row>& table, const Row& row) {
  Json item = Json::object();
  for (const analysis::Column<Row>& c : table.columns) {
    const analysis::Cell cell = c.cell(row);
    if (c.omit_when_empty && std::holds_alternative<std::string>(cell) &&
        std::get<std::string>(cell).empty())
      continue;
    item[std::string(c.key)] = cell_json<Json>(cell);
  }
  return item;
}

template <class Json = nlohmann::ordered_json, class Row>
[[nodiscard]] Json table_json(const analysis::TableSpec<Row>& table, const std::vector<Row>& rows) {
  Json out = Json::array();
  for (const Row& row : rows) out.push_back(row_json<Json>(table, row));
  return out;
}

// The rows of `array` (a table as table_json writes it) read back through the columns that
// have a `read`: each must be present with its cell's kind (a number may be null: NaN).
// `fail(key, problem)` is called for the first problem and must throw.
template <class Json, class Row>
[[nodiscard]] std::vector<Row> rows_from_json(
    const analysis::TableSpec<Row>& table, const Json& array,
    const std::function<void(const std::string& where, const std::string& problem)>& fail) {
  std::vector<Row> rows;
  if (!array.is_array()) fail(std::string(table.json), "is not a list");
  for (std::size_t i = 0; i < array.size(); ++i) {
    const Json& item = array[i];
    Row row;
    for (const analysis::Column<Row>& c : table.columns) {
      if (!c.read) continue;
      const std::string where = fmt::format("{}[{}].{}", table.json, i, c.key);
      const std::string key(c.key);
      if (!item.is_object() || !item.contains(key)) fail(where, "is missing");
      const Json& v = item[key];
      const analysis::Cell kind = c.cell(row);  // the kind of cell the column holds
      if (std::holds_alternative<std::string>(kind)) {
        if (!v.is_string()) fail(where, fmt::format("= {} (expected text)", v.dump()));
        c.read(row, v.template get<std::string>());
      } else if (std::holds_alternative<bool>(kind)) {
        if (!v.is_boolean()) fail(where, fmt::format("= {} (expected true or false)", v.dump()));
        c.read(row, v.template get<bool>());
      } else if (std::holds_alternative<long long>(kind)) {
        if (!v.is_number_integer())
          fail(where, fmt::format("= {} (expected a whole number)", v.dump()));
        c.read(row, v.template get<long long>());
      } else if (v.is_null()) {
        c.read(row, std::nan(""));
      } else {
        if (!v.is_number()) fail(where, fmt::format("= {} (expected a number)", v.dump()));
        c.read(row, v.template get<double>());
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace parkgrid::io
