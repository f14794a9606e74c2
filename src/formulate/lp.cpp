#include "parkgrid/lp.hpp"

#include <algorithm>
#include <stdexcept>

namespace parkgrid {
namespace {
template <class T>
std::size_t cap_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

LinearProgram::Location locate(const std::vector<Block>& blocks, Index i) {
  // Blocks are in increasing offset order: binary search for the last block starting at <= i.
  auto it = std::upper_bound(blocks.begin(), blocks.end(), i,
                             [](Index v, const Block& b) { return v < b.offset; });
  if (it == blocks.begin()) return {};
  const Block& b = *std::prev(it);
  if (!b.contains(i)) return {};
  const Index rel = i - b.offset;
  return {&b, rel / b.per_component, rel % b.per_component};
}
}  // namespace

std::size_t LinearProgram::bytes() const {
  std::size_t n = cap_bytes(col_cost) + cap_bytes(col_lower) + cap_bytes(col_upper) +
                  cap_bytes(row_lower) + cap_bytes(row_upper) + cap_bytes(a_start) +
                  cap_bytes(a_index) + cap_bytes(a_value) + cap_bytes(integrality);
  for (const auto& b : col_blocks) n += sizeof(Block) + b.name.capacity();
  for (const auto& b : row_blocks) n += sizeof(Block) + b.name.capacity();
  return n;
}

bool LinearProgram::is_mip() const {
  return std::any_of(integrality.begin(), integrality.end(),
                     [](unsigned char v) { return v == kInteger; });
}

void LinearProgram::set_integer(Index first, Index count) {
  if (count <= 0) return;
  const auto end = static_cast<std::size_t>(first) + static_cast<std::size_t>(count);
  if (integrality.size() < end) integrality.resize(end, kContinuous);
  std::fill(integrality.begin() + first, integrality.begin() + static_cast<std::ptrdiff_t>(end),
            kInteger);
}

LinearProgram::Location LinearProgram::locate_row(Index row) const {
  return locate(row_blocks, row);
}
LinearProgram::Location LinearProgram::locate_col(Index col) const {
  return locate(col_blocks, col);
}

void LpBuilder::reserve(std::size_t cols, std::size_t rows, std::size_t nnz) {
  lp_.col_cost.reserve(cols);
  lp_.col_lower.reserve(cols);
  lp_.col_upper.reserve(cols);
  lp_.a_start.reserve(cols + 1);
  lp_.row_lower.reserve(rows);
  lp_.row_upper.reserve(rows);
  lp_.a_index.reserve(nnz);
  lp_.a_value.reserve(nnz);
}

Block LpBuilder::add_rows(std::string name, Index components, Index per_component, double lower,
                          double upper) {
  Block b{std::move(name), lp_.num_row(), components, per_component};
  lp_.row_lower.insert(lp_.row_lower.end(), static_cast<std::size_t>(b.size()), lower);
  lp_.row_upper.insert(lp_.row_upper.end(), static_cast<std::size_t>(b.size()), upper);
  lp_.row_blocks.push_back(b);
  return b;
}

Block LpBuilder::begin_cols(std::string name, Index components, Index per_component) {
  if (open_block_ >= 0) throw std::logic_error("LpBuilder: column block still open");
  Block b{std::move(name), lp_.num_col(), components, per_component};
  lp_.col_blocks.push_back(b);
  open_block_ = static_cast<Index>(lp_.col_blocks.size()) - 1;
  return b;
}

void LpBuilder::end_cols() {
  const Block& b = lp_.col_blocks[static_cast<std::size_t>(open_block_)];
  if (lp_.num_col() != b.offset + b.size())
    throw std::logic_error("LpBuilder: block " + b.name + " got a different number of columns");
  open_block_ = -1;
}

void LpBuilder::finish() {
  lp_.a_start.push_back(static_cast<Index>(lp_.a_value.size()));
}

}  // namespace parkgrid
