// Plain-text tables for the terminal that line up with Chinese (double-width) characters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parkgrid::cli {

// Terminal columns taken by UTF-8 text (CJK characters count two).
[[nodiscard]] std::size_t display_width(std::string_view s);
[[nodiscard]] std::string pad_right(std::string_view s, std::size_t width);
[[nodiscard]] std::string pad_left(std::string_view s, std::size_t width);

class Table {
 public:
  explicit Table(std::vector<std::string> header, std::vector<bool> right_aligned = {})
      : header_(std::move(header)), right_(std::move(right_aligned)) {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  [[nodiscard]] std::string str() const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

// 1234567.8 -> "1,234,568" with `decimals` digits after the point.
[[nodiscard]] std::string thousands(double v, int decimals = 0);

}  // namespace parkgrid::cli
