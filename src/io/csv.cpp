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
  f.content_ = std::make_unique<std::string>(std::move(ss).str());
  std::string_view text = *f.content_;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark

  // Every line is a row, blank or not (a blank line in a one-column file is a blank cell, never
  // silently dropped); only blank lines at the very end of the file are ignored.
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();

  std::vector<std::string_view> fields;
  bool have_header = false;
  const std::size_t errors_before = diag.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    split(lines[i], fields);
    if (!have_header) {
      for (std::size_t c = 0; c < fields.size(); ++c) {
        std::string name(fields[c]);
        if (name.empty())
          diag.add({display, line_no, "header", fmt::format("column {}", c + 1), "(blank)",
                    "every column needs a name"});
        for (std::size_t j = 0; j < c; ++j)
          if (f.header_[j] == name && !name.empty())
            diag.add({display, line_no, "header", "column name", fmt::format("\"{}\"", name),
                      fmt::format("appears twice: columns {} and {}", j + 1, c + 1)});
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
    for (std::size_t c = 0; c < fields.size(); ++c) f.cells_[c].push_back(fields[c]);
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
