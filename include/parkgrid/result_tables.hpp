// The result tables of `parkgrid run`, described once: each table's file, its key in
// summary.json and its columns (name, unit, meaning, how a row gives the cell, CSV decimals).
// The CSV files, the arrays of summary.json (src/io/results_writer.cpp), the Python summary
// (python/src/bindings.cpp), the report's reader of summary.json and the web server's capacities
// (src/io/table_json.hpp) and the column tables of docs/cli.md (`parkgrid schema --results`,
// checked by the CLI test) are all written from these descriptions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parkgrid/results.hpp"

namespace parkgrid::analysis {

// A cell: text, a number (NaN or infinite: an empty CSV cell, null in JSON, None in Python), a
// flag, or a count (a whole number: a year, snapshots, iterations; written without decimals).
using Cell = std::variant<std::string, double, bool, long long>;

template <class Row>
struct Column {
  std::string_view key;      // CSV header, JSON key, Python key
  std::string_view unit;     // "MW", "CNY", "h", ... ("" for text, counts and flags)
  std::string_view meaning;  // one line, for docs/cli.md
  Cell (*cell)(const Row&);
  int decimals = 3;  // CSV: fixed decimals; -1: six significant digits
  // Sets the row's field from a cell of this column's kind, for the readers of the written
  // tables (src/io/table_json.hpp); none for a column derived from others (built, full-load
  // hours): the row computes it again.
  void (*read)(Row&, const Cell&) = nullptr;
  // JSON: an empty text cell is left out of the object (summary.json's check.problem).
  bool omit_when_empty = false;
};

// A table: rows of the same columns, written as a CSV file (`file`, "" for none) and as an
// array of objects in a JSON file (`json`: its key there, "" for none). A record is a table of
// one row written as one object (summary.json's "check", "model", ...).
template <class Row>
struct TableSpec {
  std::string_view file;     // e.g. "capacities.csv"; "" when only in JSON
  std::string_view json;     // its key in `json_file`, e.g. "capacities" ("a.b": b inside a)
  std::string_view meaning;  // one line, for docs/cli.md
  std::span<const Column<Row>> columns;
  std::string_view json_file = "summary.json";
  bool record = false;  // one row, one object (not an array)
};

[[nodiscard]] const TableSpec<CapacityResult>& capacities_table();
[[nodiscard]] const TableSpec<UnitCommitmentResult>& units_table();
[[nodiscard]] const TableSpec<GroupConstraintResult>& group_constraints_table();
[[nodiscard]] const TableSpec<HydrogenResult>& hydrogen_table();
// Tables only in summary.json (and, for the explanation, in paths.json's rows).
[[nodiscard]] const TableSpec<RuleResult>& rules_table();
[[nodiscard]] const TableSpec<HeatSupplyResult>& heat_supply_table();
[[nodiscard]] const TableSpec<HeatStorageResult>& heat_storage_table();
[[nodiscard]] const TableSpec<Violation>& violations_table();
// summary.json's records.
[[nodiscard]] const TableSpec<solve::Check>& check_record();
[[nodiscard]] const TableSpec<Summary>& heat_record();  // "heat" (with its supply and storage)
[[nodiscard]] const TableSpec<Summary>& unit_commitment_record();  // with its "units"
[[nodiscard]] const TableSpec<Summary>& model_record();
[[nodiscard]] const TableSpec<Timings>& timings_record();

// One CSV cell as the table writes it (no quoting needed for a number or a flag; text with a
// comma or a quote is quoted).
[[nodiscard]] std::string csv_cell(const Cell& cell, int decimals);

// The CSV header line of `table` (its keys, with the newline).
template <class Row>
[[nodiscard]] std::string table_csv_header(const TableSpec<Row>& table) {
  std::string out;
  for (const Column<Row>& c : table.columns) {
    if (!out.empty()) out += ',';
    out += c.key;
  }
  return out + '\n';
}

// One CSV line of `row` (with the newline).
template <class Row>
[[nodiscard]] std::string table_csv_row(const TableSpec<Row>& table, const Row& row) {
  std::string out;
  bool first = true;
  for (const Column<Row>& c : table.columns) {
    if (!first) out += ',';
    first = false;
    out += csv_cell(c.cell(row), c.decimals);
  }
  return out + '\n';
}

// The whole CSV file of `rows`: the header line, then one line per row.
template <class Row>
[[nodiscard]] std::string table_csv(const TableSpec<Row>& table, const std::vector<Row>& rows) {
  std::string out = table_csv_header(table);
  for (const Row& row : rows) out += table_csv_row(table, row);
  return out;
}

// One table's columns as Markdown: a section with the file, its meaning and a column table.
template <class Row>
[[nodiscard]] std::string table_markdown(const TableSpec<Row>& t) {
  const std::string json(t.json), json_file(t.json_file);
  std::string out =
      "#### " +
      (t.file.empty() ? "`" + json + "` in " + json_file : "`" + std::string(t.file) + "`") +
      "\n\n" + std::string(t.meaning) + ".";
  if (!t.file.empty() && !t.json.empty())
    out += " In " + json_file + ": `" + json + "`" + (t.record ? " (an object)" : "") + ".";
  else if (t.record)
    out += " An object.";
  out += "\n\n| column | unit | meaning |\n|---|---|---|\n";
  for (const Column<Row>& c : t.columns)
    out += "| `" + std::string(c.key) + "` | " + (c.unit.empty() ? "–" : std::string(c.unit)) +
           " | " + std::string(c.meaning) + " |\n";
  return out + '\n';
}

// The run's tables' columns as Markdown, one section per file (docs/cli.md, between the results
// markers; `parkgrid schema --results` adds the plan's periods.csv).
[[nodiscard]] std::string result_tables_markdown();

}  // namespace parkgrid::analysis
