// Reading CSV time series: a header row, then one row per snapshot. Columns are parsed on demand,
// so an unreferenced text column is no error; every bad cell of a referenced column is reported
// with file, line and column.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parkgrid/error.hpp"
#include "parkgrid/network.hpp"

namespace parkgrid::io {

class CsvFile {
 public:
  // Reads `path` (shown as `display` in messages). Structural problems (missing file, ragged
  // rows, duplicate header names) are added to `diag` and the file is flagged not ok(): none
  // of its columns is used, so a structural error is reported once, not per column.
  static CsvFile read(const std::string& path, const std::string& display, Diagnostics& diag);
  // The same from text already in memory (what read() does after reading the file; the fuzz
  // target tests/fuzz/fuzz_csv.cpp calls it directly).
  static CsvFile parse(std::string content, const std::string& display, Diagnostics& diag);

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::size_t rows() const { return row_line_.size(); }
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
  // The numeric values of column `index`; bad cells are reported to `diag` (and read as 0).
  [[nodiscard]] std::vector<double> numbers(std::size_t index, Diagnostics& diag) const;
  [[nodiscard]] const std::string& display() const { return display_; }
  // The time column (named snapshot, timestamp, time, datetime or 时间), if any.
  [[nodiscard]] std::optional<std::size_t> time_column() const;
  // Checks the time column against the scenario's snapshots, row for row: local times
  // ("2025-01-01T00:00", a space for the T, ":00" seconds), no time zone, start + r x step.
  // The year may differ by a constant (a typical-year profile reused). Reports the first
  // mismatch only (a gap, a repeated row, a shifted start, an offset), naming `scenario`.
  void check_times(const Snapshots& snapshots, const std::string& scenario,
                   Diagnostics& diag) const;

 private:
  bool ok_ = false;
  std::string display_;
  std::vector<std::string> header_;
  // Parsed once when read: every cell as a number, [column][row] (0 where the cell is not one),
  // and the cells that are not numbers as (row, text), in row order, for messages; the time
  // column is kept wholly as text.
  std::vector<std::vector<double>> values_;
  struct TextCell {
    std::size_t row, offset, size;  // the text is text_pool_[offset, offset + size)
  };
  std::vector<std::vector<TextCell>> text_;
  std::string text_pool_;  // the text cells one after the other (one allocation, not one each)
  [[nodiscard]] std::string_view text(const TextCell& c) const {
    return std::string_view(text_pool_).substr(c.offset, c.size);
  }
  std::vector<int> row_line_;  // 1-based line of each data row
};

// Writes a CSV of numeric columns: the header `first,names...`, then one row per r in [0, rows)
// with label(r) and the columns' values (shortest round-trip form). quote_names quotes names
// holding a comma or a quote, as pandas expects. Returns the bytes written; throws
// std::runtime_error when the file cannot be written.
std::size_t write_columns(const std::filesystem::path& file, std::string_view first,
                          const std::vector<std::string>& names,
                          const std::vector<std::span<const double>>& columns, std::size_t rows,
                          const std::function<std::string(std::size_t)>& label,
                          bool quote_names = false);

inline std::size_t write_columns(const std::filesystem::path& file, std::string_view first,
                                 const std::vector<std::string>& names,
                                 const std::vector<std::vector<double>>& columns, std::size_t rows,
                                 const std::function<std::string(std::size_t)>& label,
                                 bool quote_names = false) {
  return write_columns(file, first, names,
                       std::vector<std::span<const double>>(columns.begin(), columns.end()), rows,
                       label, quote_names);
}

// Parses a whole trimmed cell as a finite double; std::nullopt otherwise.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

}  // namespace parkgrid::io
