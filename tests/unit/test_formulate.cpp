// The LP's structure: blocks, sizes, matrix well-formedness, and the memory budget.
#include <gtest/gtest.h>

#include <set>
#include <type_traits>

#include "parkgrid/parkgrid.hpp"

namespace parkgrid {
namespace {

Network read_case(const std::string& name) {
  return io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/" + name);
}

// Rows and columns are different types: neither a raw number nor the other kind is taken where
// one is meant (the build would not compile), while both read as a plain Index.
static_assert(!std::is_convertible_v<Index, Row> && !std::is_convertible_v<Index, Col>);
static_assert(!std::is_convertible_v<Col, Row> && !std::is_convertible_v<Row, Col>);
static_assert(std::is_convertible_v<Row, Index> && std::is_convertible_v<Col, Index>);
static_assert(!std::is_invocable_v<decltype(&LpBuilder::entry), LpBuilder&, Col, double>);
static_assert(!std::is_invocable_v<decltype(&LpBuilder::late_entry), LpBuilder&, Row, Col, double>);
static_assert(std::is_invocable_v<decltype(&LpBuilder::late_entry), LpBuilder&, Col, Row, double>);

TEST(Formulate, TypedBlocksGiveTheirKindOfIndex) {
  LinearProgram lp;
  LpBuilder b(lp);
  const RowBlock rows = b.add_rows("r", 2, 3, 0.0, 1.0);
  const ColBlock cols = b.begin_cols("c", 1, 2);
  for (int j = 0; j < 2; ++j) b.column(1.0, 0.0, 1.0);
  b.end_cols();
  const Row r = rows.at(1, 2);
  const Col c = cols.at(0, 1);
  EXPECT_EQ(static_cast<Index>(r), 5);  // 1 x 3 + 2
  EXPECT_EQ(static_cast<Index>(c), 1);
  EXPECT_EQ(static_cast<Index>(r + 1), 6);
}

TEST(Formulate, BlocksTileTheColumnsAndRows) {
  const formulate::Model m = formulate::build(read_case("hydrogen.toml"));
  const LinearProgram& lp = m.lp;
  Index next = 0;
  for (const Block& b : lp.col_blocks) {
    EXPECT_EQ(b.offset, next) << b.name;
    next += b.size();
  }
  EXPECT_EQ(next, lp.num_col());
  next = 0;
  for (const Block& b : lp.row_blocks) {
    EXPECT_EQ(b.offset, next) << b.name;
    next += b.size();
  }
  EXPECT_EQ(next, lp.num_row());
  // hydrogen.toml: 2 buses x 2 snapshots of balance, 1 store x 2 of store_balance and of
  // store_energy_max (extendable); no other rows.
  EXPECT_EQ(lp.num_row(), 4 + 2 + 2);
  EXPECT_EQ(m.layout.store_capacity.size(), 1);
  const auto loc = lp.locate_row(m.layout.bus_balance.at(1, 1));
  ASSERT_NE(loc.block, nullptr);
  EXPECT_EQ(loc.block->name, "bus_balance");
  EXPECT_EQ(loc.component, 1);
  EXPECT_EQ(loc.snapshot, 1);
}

TEST(Formulate, MatrixIsWellFormed) {
  const formulate::Model m = formulate::build(read_case("battery_arbitrage.toml"));
  const LinearProgram& lp = m.lp;
  ASSERT_EQ(lp.a_start.size(), static_cast<std::size_t>(lp.num_col()) + 1);
  EXPECT_EQ(lp.a_start.front(), 0);
  EXPECT_EQ(lp.a_start.back(), lp.num_nz());
  for (Index c = 0; c < lp.num_col(); ++c) {
    std::set<Index> rows;
    for (Index k = lp.a_start[c]; k < lp.a_start[c + 1]; ++k) {
      EXPECT_GE(lp.a_index[k], 0);
      EXPECT_LT(lp.a_index[k], lp.num_row());
      EXPECT_TRUE(rows.insert(lp.a_index[k]).second) << "duplicate row in column " << c;
      EXPECT_NE(lp.a_value[k], 0.0);
    }
    EXPECT_LE(lp.col_lower[c], lp.col_upper[c]);
  }
}

TEST(Formulate, ModelStaysWithinFortyBytesPerNonzero) {
  // The microgrid example: a year of hours with PV, battery, grid and a demand charge.
  const Network n = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) +
                                      "/../../examples/microgrid/scenario.toml");
  const formulate::Model m = formulate::build(n);
  const double per_nz = static_cast<double>(m.lp.bytes()) / m.lp.num_nz();
  EXPECT_LE(per_nz, 40.0);
}

TEST(Formulate, CapitalRecoveryFactor) {
  // r = 6 %, n = 25 years: 0.06 x 1.06^25 / (1.06^25 - 1) = 0.0782267.
  EXPECT_NEAR(annuity(1.0, 0.06, 25), 0.0782267182, 1e-9);
  EXPECT_NEAR(annuity(1.0, 0.0, 20), 0.05, 1e-15);
}

}  // namespace
}  // namespace parkgrid
