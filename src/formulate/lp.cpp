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

RowBlock LpBuilder::add_rows(std::string name, Index components, Index per_component, double lower,
                             double upper) {
  Block b{std::move(name), lp_.num_row(), components, per_component};
  lp_.row_lower.insert(lp_.row_lower.end(), static_cast<std::size_t>(b.size()), lower);
  lp_.row_upper.insert(lp_.row_upper.end(), static_cast<std::size_t>(b.size()), upper);
  lp_.row_blocks.push_back(b);
  return RowBlock(std::move(b));
}

ColBlock LpBuilder::begin_cols(std::string name, Index components, Index per_component) {
  if (open_block_ >= 0) throw std::logic_error("LpBuilder: column block still open");
  Block b{std::move(name), lp_.num_col(), components, per_component};
  lp_.col_blocks.push_back(b);
  open_block_ = static_cast<Index>(lp_.col_blocks.size()) - 1;
  return ColBlock(std::move(b));
}

void LpBuilder::end_cols() {
  const Block& b = lp_.col_blocks[static_cast<std::size_t>(open_block_)];
  if (lp_.num_col() != b.offset + b.size())
    throw std::logic_error("LpBuilder: block " + b.name + " got a different number of columns");
  open_block_ = -1;
}

void LpBuilder::finish() {
  lp_.a_start.push_back(static_cast<Index>(lp_.a_value.size()));
  merge_late_entries();
}

// Appends each column's late entries after its own, in place: the arrays grow once by the number
// of late entries and every column moves right by the late entries of the columns before it,
// from the last column to the first, so nothing is overwritten before it is moved.
void LpBuilder::merge_late_entries() {
  if (late_.empty()) return;
  std::sort(late_.begin(), late_.end(), [](const Late& a, const Late& b) {
    return a.col != b.col ? a.col < b.col : a.row < b.row;
  });
  std::size_t kept = 0;  // sum duplicates, drop zeros
  for (std::size_t i = 0; i < late_.size();) {
    Late e = late_[i++];
    while (i < late_.size() && late_[i].col == e.col && late_[i].row == e.row)
      e.value += late_[i++].value;
    if (e.value != 0.0) late_[kept++] = e;
  }
  late_.resize(kept);
  const auto old_nnz = static_cast<std::size_t>(lp_.a_start.back());
  lp_.a_index.resize(old_nnz + kept);
  lp_.a_value.resize(old_nnz + kept);
  std::size_t shift = kept;
  std::size_t next = kept;  // late entries [0, next) are still to be placed
  for (Index j = lp_.num_col() - 1; j >= 0 && shift > 0; --j) {
    const auto ju = static_cast<std::size_t>(j);
    const auto begin = static_cast<std::size_t>(lp_.a_start[ju]);
    const auto end = static_cast<std::size_t>(lp_.a_start[ju + 1]);
    std::size_t first = next;
    while (first > 0 && late_[first - 1].col == j) --first;
    const std::size_t count = next - first;
    for (std::size_t i = 0; i < count; ++i) {
      lp_.a_index[end + shift - count + i] = late_[first + i].row;
      lp_.a_value[end + shift - count + i] = late_[first + i].value;
    }
    shift -= count;
    std::copy_backward(lp_.a_index.begin() + static_cast<std::ptrdiff_t>(begin),
                       lp_.a_index.begin() + static_cast<std::ptrdiff_t>(end),
                       lp_.a_index.begin() + static_cast<std::ptrdiff_t>(end + shift));
    std::copy_backward(lp_.a_value.begin() + static_cast<std::ptrdiff_t>(begin),
                       lp_.a_value.begin() + static_cast<std::ptrdiff_t>(end),
                       lp_.a_value.begin() + static_cast<std::ptrdiff_t>(end + shift));
    lp_.a_start[ju + 1] = static_cast<Index>(end + shift + count);
    next = first;
  }
  late_.clear();
  late_.shrink_to_fit();
}

}  // namespace parkgrid
