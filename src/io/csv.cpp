#include "io/csv.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace parkgrid::io {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// Splits one line at commas (no embedded commas in quoted fields: time series are numbers).
void split(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t begin = 0;
  for (;;) {
    const std::size_t comma = line.find(',', begin);
    out.push_back(
        trim(line.substr(begin, comma == std::string_view::npos ? line.npos : comma - begin)));
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

CsvFile CsvFile::read(const std::string& path, const std::string& display, Diagnostics& diag) {
  CsvFile f;
  f.display_ = display;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diag.add({display, 0, "", "", "", "file not found or not readable"});
    return f;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  f.content_ = std::move(ss).str();
  std::string_view text = f.content_;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark

  std::vector<std::string_view> fields;
  int line_no = 0;
  bool have_header = false;
  std::size_t pos = 0;
  const std::size_t errors_before = diag.size();
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) {
      if (pos > text.size()) break;
      continue;  // blank lines (e.g. at the end) carry no row
    }
    split(line, fields);
    if (!have_header) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string name(fields[i]);
        if (name.empty())
          diag.add({display, line_no, "header", fmt::format("column {}", i + 1), "(blank)",
                    "every column needs a name"});
        for (std::size_t j = 0; j < i; ++j)
          if (f.header_[j] == name && !name.empty())
            diag.add({display, line_no, "header", "column name", fmt::format("\"{}\"", name),
                      fmt::format("appears twice: columns {} and {}", j + 1, i + 1)});
        f.header_.push_back(std::move(name));
      }
      f.cells_.resize(f.header_.size());
      have_header = true;
      continue;
    }
    if (fields.size() != f.header_.size()) {
      diag.add(
          {display, line_no, "", "", "",
           fmt::format("row has {} fields, the header has {}", fields.size(), f.header_.size())});
      continue;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) f.cells_[i].push_back(fields[i]);
    f.row_line_.push_back(line_no);
  }
  if (!have_header)
    diag.add(
        {display, 0, "", "", "", "file is empty (expected a header row and one row per snapshot)"});
  f.ok_ = diag.size() == errors_before;
  return f;
}

std::optional<std::size_t> CsvFile::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

std::vector<double> CsvFile::numbers(std::size_t index, Diagnostics& diag) const {
  const auto& col = cells_[index];
  std::vector<double> out(col.size(), 0.0);
  int reported = 0;
  for (std::size_t r = 0; r < col.size(); ++r) {
    if (auto v = parse_number(col[r])) {
      out[r] = *v;
      continue;
    }
    if (++reported > 10) continue;  // a wholly wrong column would drown the other messages
    diag.add({display_, row_line_[r], fmt::format("column \"{}\"", header_[index]), "value",
              col[r].empty() ? "(blank)" : fmt::format("\"{}\"", col[r]),
              "expected a finite number"});
  }
  if (reported > 10)
    diag.add({display_, 0, fmt::format("column \"{}\"", header_[index]), "", "",
              fmt::format("{} more bad cells not listed", reported - 10)});
  return out;
}

}  // namespace parkgrid::io
