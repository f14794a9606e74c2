// The result tables described once (include/parkgrid/result_tables.hpp): cells written the same
// way in CSV and JSON, records, and paths.json's rows read back into the rows that wrote them.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

#include "io/table_json.hpp"
#include "parkgrid/paths.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/result_tables.hpp"

namespace parkgrid {
namespace {

using analysis::Cell;
using nlohmann::ordered_json;

[[noreturn]] void throw_problem(const std::string& where, const std::string& problem) {
  throw std::runtime_error(where + " " + problem);
}

TEST(ResultTables, EachKindOfCellInCsvAndJson) {
  EXPECT_EQ(analysis::csv_cell(Cell{2025LL}, 3), "2025");  // a count: no decimals
  EXPECT_EQ(analysis::csv_cell(Cell{2.5}, 3), "2.500");
  EXPECT_EQ(analysis::csv_cell(Cell{1234567.0}, -1), "1.23457e+06");
  EXPECT_EQ(analysis::csv_cell(Cell{std::numeric_limits<double>::quiet_NaN()}, 3), "");
  EXPECT_EQ(analysis::csv_cell(Cell{true}, 3), "true");
  EXPECT_EQ(analysis::csv_cell(Cell{std::string("a,\"b\"")}, 3), "\"a,\"\"b\"\"\"");
  EXPECT_EQ(io::cell_json(Cell{2025LL}).dump(), "2025");
  EXPECT_EQ(io::cell_json(Cell{2025.0}).dump(), "2025.0");
  EXPECT_TRUE(io::cell_json(Cell{std::numeric_limits<double>::infinity()}).is_null());
}

// Every table's keys are distinct: a JSON object would keep only the last of two.
TEST(ResultTables, KeysAreDistinctInEveryTable) {
  const auto distinct = [](const auto& table) {
    std::set<std::string_view> keys;
    for (const auto& c : table.columns)
      EXPECT_TRUE(keys.insert(c.key).second) << table.json << table.file << ": " << c.key;
    EXPECT_FALSE(keys.empty());
  };
  distinct(analysis::capacities_table());
  distinct(analysis::units_table());
  distinct(analysis::group_constraints_table());
  distinct(analysis::hydrogen_table());
  distinct(analysis::rules_table());
  distinct(analysis::heat_supply_table());
  distinct(analysis::heat_storage_table());
  distinct(analysis::violations_table());
  distinct(analysis::check_record());
  distinct(analysis::heat_record());
  distinct(analysis::unit_commitment_record());
  distinct(analysis::model_record());
  distinct(analysis::timings_record());
  distinct(paths::paths_table());
  distinct(paths::path_json_table());
  distinct(paths::built_table());
  distinct(planning::periods_table());
  distinct(planning::period_capacities_table());
  distinct(planning::reduction_errors_table());
}

TEST(ResultTables, ARecordLeavesOutAnEmptyProblemAndKeepsAGivenOne) {
  solve::Check c;
  c.done = c.passed = true;
  c.row_violation = 1e-9;
  ordered_json j = io::row_json(analysis::check_record(), c);
  EXPECT_TRUE(j.is_object());
  EXPECT_TRUE(j["passed"].get<bool>());
  EXPECT_DOUBLE_EQ(j["row_violation"].get<double>(), 1e-9);
  EXPECT_FALSE(j.contains("problem"));
  EXPECT_FALSE(j.contains("retried_with"));
  c.problem = "row violation 1e-3 above 1e-6";
  c.retried_with = "ipx";
  j = io::row_json(analysis::check_record(), c);
  EXPECT_EQ(j["problem"], "row violation 1e-3 above 1e-6");
  EXPECT_EQ(j["retried_with"], "ipx");
}

TEST(ResultTables, TheModelRecordWritesCountsAsWholeNumbers) {
  analysis::Summary s;
  s.num_col = 156037;
  s.iterations = 42;
  const ordered_json j = io::row_json(analysis::model_record(), s);
  EXPECT_TRUE(j["columns"].is_number_integer());
  EXPECT_EQ(j["columns"].get<long long>(), 156037);
  EXPECT_EQ(j["iterations"].dump(), "42");
}

paths::PathResult a_path() {
  paths::PathResult r;
  r.id = "integration";
  r.name_en = "Path 3: source-grid-load-storage";
  r.name_zh = "路径三：源网荷储一体化";
  r.status = "optimal";
  r.has_solution = true;
  r.consumption_mwh = 6.4e6;
  r.price_cny_per_kwh = 0.3543;
  r.saving_cny_per_kwh = 0.1368;
  r.green_share = 0.351;
  r.co2_t = 3.9e6;
  r.co2_kg_per_kwh = 0.52;
  r.investment_cny = 7.08e9;
  r.simple_payback_years = std::numeric_limits<double>::infinity();  // null, read back as NaN
  r.heat_load_mwh = 1.2e6;
  r.heat_price_cny_per_mwh = 41.5;
  r.waterfall.heat_revenue_cny = 4.98e7;
  r.heat_co2_t = 2.1e5;
  r.objective_cny = 2.28e9;
  r.iterations = 12345;
  analysis::CapacityResult pv;
  pv.family = "generator";
  pv.name = "pv_new";
  pv.quantity = "capacity_mw";
  pv.existing = 100;
  pv.optimal = 1303;
  r.built.push_back(pv);
  return r;
}

// The report reads paths.json through the description that wrote it: each column with a `read`
// comes back as it was written.
TEST(ResultTables, APathsJsonRowReadsBackIntoThePathThatWroteIt) {
  const paths::PathResult r = a_path();
  const ordered_json rows = ordered_json::array({io::row_json(paths::path_json_table(), r)});
  EXPECT_TRUE(rows[0]["simple_payback_years"].is_null());
  EXPECT_EQ(rows[0]["iterations"].dump(), "12345");
  EXPECT_TRUE(rows[0]["cold_solve_s"].is_null());  // not measured (-1)
  const auto back = io::rows_from_json(paths::path_json_table(), rows, throw_problem);
  ASSERT_EQ(back.size(), 1u);
  const paths::PathResult& b = back[0];
  EXPECT_EQ(b.id, r.id);
  EXPECT_EQ(b.name_zh, r.name_zh);
  EXPECT_EQ(b.status, r.status);
  EXPECT_TRUE(b.has_solution);
  EXPECT_DOUBLE_EQ(b.price_cny_per_kwh, r.price_cny_per_kwh);
  EXPECT_DOUBLE_EQ(b.saving_cny_per_kwh, r.saving_cny_per_kwh);
  EXPECT_DOUBLE_EQ(b.consumption_mwh, r.consumption_mwh);
  EXPECT_DOUBLE_EQ(b.investment_cny, r.investment_cny);
  EXPECT_TRUE(std::isnan(b.simple_payback_years));
  EXPECT_DOUBLE_EQ(b.heat_price_cny_per_mwh, r.heat_price_cny_per_mwh);
  EXPECT_DOUBLE_EQ(b.waterfall.heat_revenue_cny, r.waterfall.heat_revenue_cny);
  EXPECT_DOUBLE_EQ(b.heat_co2_t, r.heat_co2_t);

  const ordered_json built = io::table_json(paths::built_table(), r.built);
  EXPECT_DOUBLE_EQ(built[0]["built"].get<double>(), 1203.0);
  const auto built_back = io::rows_from_json(paths::built_table(), built, throw_problem);
  ASSERT_EQ(built_back.size(), 1u);
  EXPECT_EQ(built_back[0].name, "pv_new");
  EXPECT_EQ(built_back[0].quantity, "capacity_mw");
  EXPECT_DOUBLE_EQ(built_back[0].built(), 1203.0);
}

TEST(ResultTables, AMissingOrMistypedCellIsNamed) {
  ordered_json rows = ordered_json::array({io::row_json(paths::path_json_table(), a_path())});
  rows[0].erase("price_cny_per_kwh");
  try {
    (void)io::rows_from_json(paths::path_json_table(), rows, throw_problem);
    FAIL() << "a missing price was read";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "paths[0].price_cny_per_kwh is missing");
  }
  analysis::Violation v;
  v.hours = 3;
  v.message = "bus \"b\" is short";
  ordered_json list = io::table_json(analysis::violations_table(), std::vector{v});
  EXPECT_EQ(list[0]["snapshots"].dump(), "3");
  list[0]["message"] = 7;
  try {
    (void)io::rows_from_json(analysis::violations_table(), list, throw_problem);
    FAIL() << "a number was read as the message";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "infeasibility[0].message = 7 (expected text)");
  }
}

}  // namespace
}  // namespace parkgrid
