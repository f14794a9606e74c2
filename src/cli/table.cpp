#include "cli/table.hpp"

#include <fmt/format.h>
#include <cmath>

namespace parkgrid::cli {

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07u;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0Fu;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1Fu;
      len = 2;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += len;
    // East Asian wide: CJK ideographs, punctuation, full-width forms, Hangul.
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string pad_right(std::string_view s, std::size_t width) {
  const std::size_t w = display_width(s);
  std::string out(s);
  out.append(w < width ? width - w : 0, ' ');
  return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
  const std::size_t w = display_width(s);
  std::string out(w < width ? width - w : 0, ' ');
  out.append(s);
  return out;
}

std::string Table::str() const {
  std::vector<std::size_t> width(header_.size(), 0);
  for (std::size_t c = 0; c < header_.size(); ++c) width[c] = display_width(header_[c]);
  for (const auto& r : rows_)
    for (std::size_t c = 0; c < r.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], display_width(r[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = " ";
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string_view cell =
          c < cells.size() ? std::string_view(cells[c]) : std::string_view();
      const bool right = c < right_.size() && right_[c];
      out.append(right ? pad_left(cell, width[c]) : pad_right(cell, width[c]));
      out.append("  ");
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out.push_back('\n');
    return out;
  };
  std::string out = line(header_);
  std::size_t total = 1;
  for (auto w : width) total += w + 2;
  out.push_back(' ');
  out.append(total > 3 ? total - 3 : 0, '-');
  out.push_back('\n');
  for (const auto& r : rows_) out += line(r);
  return out;
}

std::string thousands(double v, int decimals) {
  const std::string digits = fmt::format("{:.{}f}", std::abs(v), decimals);
  const std::size_t dot = digits.find('.');
  const std::size_t int_len = dot == std::string::npos ? digits.size() : dot;
  std::string out;
  out.reserve(digits.size() + int_len / 3 + 1);
  if (v < 0 && digits.find_first_not_of("0.") != std::string::npos) out.push_back('-');
  for (std::size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  out.append(digits, int_len, std::string::npos);
  return out;
}

}  // namespace parkgrid::cli
