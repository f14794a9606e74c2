// The linear program as plain arrays, in the vocabulary of the HiGHS C API: columns with costs
// and bounds, rows with bounds, the matrix in compressed sparse column form (a_start has one
// entry per column plus a final one; a_index holds row numbers). Variables and constraints come
// in named blocks of (component x snapshot), so `offset + component * per_component + snapshot`
// finds any of them without maps, and results and duals can be read back by name.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "parkgrid/network.hpp"

namespace parkgrid {

// An index into the LP's columns (Col) or rows (Row). The builder takes only the right kind, so
// a row number cannot be written where a column is meant (late_entry takes one of each): made
// from a raw Index only explicitly, read as one implicitly (the solution's arrays, comparisons).
template <class Tag>
struct LpIndex {
  Index value = -1;
  constexpr LpIndex() = default;
  constexpr explicit LpIndex(Index v) : value(v) {}
  constexpr operator Index() const { return value; }  // NOLINT(google-explicit-constructor)
  // The next row or column of a block laid out component by component.
  friend constexpr LpIndex operator+(LpIndex a, Index d) { return LpIndex(a.value + d); }
  friend constexpr LpIndex operator-(LpIndex a, Index d) { return LpIndex(a.value - d); }
};
struct ColTag;
struct RowTag;
using Col = LpIndex<ColTag>;
using Row = LpIndex<RowTag>;

struct Block {
  std::string name;         // e.g. "generator_p", "bus_balance"; used in docs, results, messages
  Index offset = 0;         // first column (or row) of the block
  Index components = 0;     // components in the block (only the relevant ones, e.g. extendable)
  Index per_component = 1;  // snapshots per component (1 for capacities and policy rows)

  [[nodiscard]] Index size() const { return components * per_component; }
  [[nodiscard]] Index at(Index component, Index t = 0) const {
    return offset + component * per_component + t;
  }
  [[nodiscard]] bool contains(Index i) const { return i >= offset && i < offset + size(); }
  [[nodiscard]] bool empty() const { return components == 0; }
};

// A block that knows whether it holds columns or rows: at() gives a Col or a Row. Kept in the
// LinearProgram's lists as a plain Block (its name and place).
template <class Tag>
struct TypedBlock : Block {
  TypedBlock() = default;
  explicit TypedBlock(Block b) : Block(std::move(b)) {}
  [[nodiscard]] LpIndex<Tag> at(Index component, Index t = 0) const {
    return LpIndex<Tag>(Block::at(component, t));
  }
};
using ColBlock = TypedBlock<ColTag>;
using RowBlock = TypedBlock<RowTag>;

struct LinearProgram {
  // Columns.
  std::vector<double> col_cost;
  std::vector<double> col_lower;
  std::vector<double> col_upper;
  // Rows: row_lower <= A x <= row_upper.
  std::vector<double> row_lower;
  std::vector<double> row_upper;
  // Matrix, compressed sparse column.
  std::vector<Index> a_start;
  std::vector<Index> a_index;
  std::vector<double> a_value;
  double offset = 0.0;  // constant added to the objective (CNY)
  // Integrality per column (kContinuous or kInteger); empty: every column is continuous (an LP).
  // With any integer column the model is a MIP (unit commitment, units built).
  static constexpr unsigned char kContinuous = 0, kInteger = 1;
  std::vector<unsigned char> integrality;

  std::vector<Block> col_blocks;
  std::vector<Block> row_blocks;

  [[nodiscard]] Index num_col() const { return static_cast<Index>(col_cost.size()); }
  [[nodiscard]] Index num_row() const { return static_cast<Index>(row_lower.size()); }
  [[nodiscard]] Index num_nz() const { return static_cast<Index>(a_value.size()); }
  [[nodiscard]] bool is_mip() const;  // any column integer
  // Marks columns [first, first + count) integer (the integrality vector grows as needed).
  void set_integer(Index first, Index count);
  // Bytes held by the model's arrays (capacity, not size): matrix, bounds, costs and the index.
  [[nodiscard]] std::size_t bytes() const;

  struct Location {
    const Block* block = nullptr;
    Index component = 0;
    Index snapshot = 0;
  };
  [[nodiscard]] Location locate_row(Index row) const;
  [[nodiscard]] Location locate_col(Index col) const;
};

// Appends blocks of rows and columns in order, straight into the arrays of a LinearProgram.
// Rows are declared first (all of them), then columns are written one at a time with their
// nonzeros; no per-term objects, no maps.
class LpBuilder {
 public:
  explicit LpBuilder(LinearProgram& lp) : lp_(lp) {}
  void reserve(std::size_t cols, std::size_t rows, std::size_t nnz);

  // A block of rows, each with bounds [lower, upper] (refined later with set_row_bounds).
  RowBlock add_rows(std::string name, Index components, Index per_component, double lower,
                    double upper);
  void set_row_bounds(Row row, double lower, double upper) {
    lp_.row_lower[static_cast<std::size_t>(row)] = lower;
    lp_.row_upper[static_cast<std::size_t>(row)] = upper;
  }

  // Opens a block of columns; columns are then appended with column() and entry().
  ColBlock begin_cols(std::string name, Index components, Index per_component);
  void end_cols();  // checks that the block got exactly its declared number of columns
  void column(double cost, double lower, double upper) {
    lp_.a_start.push_back(static_cast<Index>(lp_.a_value.size()));
    lp_.col_cost.push_back(cost);
    lp_.col_lower.push_back(lower);
    lp_.col_upper.push_back(upper);
  }
  void entry(Row row, double value) {
    lp_.a_index.push_back(row);
    lp_.a_value.push_back(value);
  }
  // An entry in a column written earlier, by a row family that does not own the column (group
  // constraints, src/formulate/groups.cpp): kept aside and merged into the columns by finish(),
  // entries of the same (column, row) summed. The row must have no entry of its own in it.
  void late_entry(Col col, Row row, double value) { late_.push_back({col, row, value}); }
  void add_offset(double v) { lp_.offset += v; }
  void set_integer(const ColBlock& block) { lp_.set_integer(block.offset, block.size()); }
  void finish();  // closes a_start, merges the late entries in place

 private:
  struct Late {
    Index col, row;
    double value;
  };
  void merge_late_entries();
  LinearProgram& lp_;
  Index open_block_ = -1;
  std::vector<Late> late_;
};

}  // namespace parkgrid
