#include "io/csv.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
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

// Offset of the first byte that is not part of well-formed UTF-8 text (NUL counts as binary).
std::optional<std::size_t> invalid_utf8(std::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned c = b[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;  // range of the second byte (no overlongs, no surrogates)
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i;  // cut short at the end
    for (std::size_t k = 1; k <= n; ++k) {
      const unsigned x = b[i + k];
      if (k == 1 ? (x < lo || x > hi) : (x < 0x80 || x > 0xBF)) return i;
    }
    i += n + 1;
  }
  return std::nullopt;
}

// "0,5" in a row with more fields than the header: the first pair of fields that reads as a
// number written with a decimal comma, e.g. "0,5"; empty when there is none.
std::string decimal_comma(const std::vector<std::string_view>& fields) {
  const auto digits = [](std::string_view s, bool sign) {
    if (sign && !s.empty() && s.front() == '-') s.remove_prefix(1);
    if (s.empty()) return false;
    for (char ch : s)
      if (ch < '0' || ch > '9') return false;
    return true;
  };
  for (std::size_t i = 0; i + 1 < fields.size(); ++i)
    if (digits(fields[i], true) && digits(fields[i + 1], false))
      return fmt::format("{},{}", fields[i], fields[i + 1]);
  return {};
}

std::string comma_fixed(std::string s) {
  s[s.find(',')] = '.';
  return s;
}

// "2025-01-01T00:00" (or a space for the T, ":00" seconds); false for anything else. A time
// zone offset or Z after the time sets `zoned`.
bool parse_local_time(std::string_view s, DateTime& dt, bool& zoned) {
  zoned = false;
  const auto num = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size()) return false;
    int v = 0;
    for (std::size_t k = pos; k < pos + len; ++k) {
      if (s[k] < '0' || s[k] > '9') return false;
      v = v * 10 + (s[k] - '0');
    }
    out = v;
    return true;
  };
  if (s.size() < 16 || !num(0, 4, dt.year) || s[4] != '-' || !num(5, 2, dt.month) || s[7] != '-' ||
      !num(8, 2, dt.day) || (s[10] != 'T' && s[10] != ' ') || !num(11, 2, dt.hour) ||
      s[13] != ':' || !num(14, 2, dt.minute))
    return false;
  std::size_t pos = 16;
  int second = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!num(pos + 1, 2, second) || second != 0) return false;
    pos += 3;
  }
  if (pos == s.size()) return true;
  const std::string_view rest = s.substr(pos);
  if (rest == "Z" || ((rest.front() == '+' || rest.front() == '-') && rest.size() >= 3)) {
    zoned = true;
    return true;
  }
  return false;
}

}  // namespace

std::size_t write_columns(const std::filesystem::path& file, std::string_view first,
                          const std::vector<std::string>& names,
                          const std::vector<std::span<const double>>& columns, std::size_t rows,
                          const std::function<std::string(std::size_t)>& label, bool quote_names) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "{}", first);
  for (const auto& n : names) {
    out.push_back(',');
    const bool quote = quote_names && n.find_first_of(",\"") != std::string::npos;
    if (quote) out.push_back('"');
    for (char c : n) {
      if (quote && c == '"') out.push_back('"');
      out.push_back(c);
    }
    if (quote) out.push_back('"');
  }
  out.push_back('\n');
  for (std::size_t r = 0; r < rows; ++r) {
    fmt::format_to(std::back_inserter(out), "{}", label(r));
    for (const auto& c : columns) fmt::format_to(std::back_inserter(out), ",{}", c[r]);
    out.push_back('\n');
  }
  std::ofstream f(file, std::ios::binary);
  f.write(out.data(), static_cast<std::streamsize>(out.size()));
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
  return out.size();
}

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
  // Limit (docs/reliability.md): 1,000,000 snapshots x ~100 columns of plain numbers.
  constexpr std::uintmax_t kMaxCsvBytes = 1ull << 30;
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxCsvBytes) {
    diag.add({display, 0, "", "", "",
              fmt::format("the file is larger than {} MiB, the limit for a CSV time series file",
                          kMaxCsvBytes >> 20)});
    return f;
  }
  std::string content;
  if (!ec) {  // a regular file: read it in one go
    content.resize(static_cast<std::size_t>(size));
    in.read(content.data(), static_cast<std::streamsize>(size));
    content.resize(static_cast<std::size_t>(in.gcount()));
  } else {  // a pipe or another special file
    std::ostringstream ss;
    ss << in.rdbuf();
    content = std::move(ss).str();
  }
  return parse(std::move(content), display, diag);
}

CsvFile CsvFile::parse(std::string content, const std::string& display, Diagnostics& diag) {
  CsvFile f;
  f.display_ = display;
  std::string_view text = content;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  if (const auto bad = invalid_utf8(text)) {
    const std::string_view before = text.substr(0, *bad);
    const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
    const std::size_t line_start =
        before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    diag.add({display, line, "", "", "",
              fmt::format("not UTF-8 text: byte 0x{:02X} at column {} (save the file as UTF-8 "
                          "CSV; a GBK/GB2312 file from Excel must be converted)",
                          static_cast<unsigned char>(text[*bad]), *bad - line_start + 1)});
    return f;
  }

  // Every line is a row, blank or not (a blank line in a one-column file is a blank cell, never
  // silently dropped); only blank lines at the very end of the file are ignored.
  std::vector<std::string_view> lines;
  lines.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) {
    diag.add(
        {display, 0, "", "", "", "file is empty (expected a header row and one row per snapshot)"});
    return f;
  }

  // The header.
  std::vector<std::string_view> fields;
  const std::size_t errors_before = diag.size();
  split(lines[0], fields);
  for (std::size_t c = 0; c < fields.size(); ++c) {
    std::string name(fields[c]);
    if (name.empty())
      diag.add({display, 1, "header", fmt::format("column {}", c + 1), "(blank)",
                "every column needs a name"});
    for (std::size_t j = 0; j < c; ++j)
      if (f.header_[j] == name && !name.empty())
        diag.add({display, 1, "header", "column name", fmt::format("\"{}\"", name),
                  fmt::format("appears twice: columns {} and {}", j + 1, c + 1)});
    f.header_.push_back(std::move(name));
  }
  const std::size_t columns = f.header_.size();
  const auto time_col = f.time_column();
  f.values_.resize(columns);
  f.text_.resize(columns);
  for (auto& v : f.values_) v.reserve(lines.size() - 1);
  f.row_line_.reserve(lines.size() - 1);

  // The rows, parsed once: each cell is stored as its number, or as text when it is not one
  // (reported only if its column is used, by numbers()); the time column is kept as text.
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1 != columns) {
      split(line, fields);
      const std::string comma = fields.size() > columns ? decimal_comma(fields) : std::string();
      diag.add(
          {display, line_no, "", "", "",
           fmt::format("row has {} fields, the header has {}{}", fields.size(), columns,
                       comma.empty() ? ""
                                     : fmt::format(" (a decimal comma in \"{}\"? Write numbers "
                                                   "with a point: {})",
                                                   comma, comma_fixed(comma)))});
      continue;
    }
    const std::size_t row = f.row_line_.size();
    std::size_t begin = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      std::size_t comma = line.find(',', begin);
      if (comma == std::string_view::npos) comma = line.size();
      const std::string_view cell = trim(line.substr(begin, comma - begin));
      begin = comma + 1;
      const std::optional<double> v = c == time_col ? std::nullopt : parse_number(cell);
      f.values_[c].push_back(v ? *v : 0.0);
      if (!v) {
        f.text_[c].push_back({row, f.text_pool_.size(), cell.size()});
        f.text_pool_.append(cell);
      }
    }
    f.row_line_.push_back(line_no);
  }
  f.ok_ = diag.size() == errors_before;
  return f;
}

std::optional<std::size_t> CsvFile::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

std::optional<std::size_t> CsvFile::time_column() const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    std::string h = header_[i];
    std::transform(h.begin(), h.end(), h.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (h == "snapshot" || h == "snapshots" || h == "timestamp" || h == "time" || h == "datetime" ||
        h == "时间")
      return i;
  }
  return std::nullopt;
}

void CsvFile::check_times(const Snapshots& snapshots, const std::string& scenario,
                          Diagnostics& diag) const {
  const auto col = time_column();
  if (!ok_ || !col || snapshots.count <= 0) return;
  const auto& cells = text_[*col];  // the time column is kept whole as text, row by row
  const std::string where = fmt::format("column \"{}\"", header_[*col]);
  const std::size_t n = std::min(cells.size(), static_cast<std::size_t>(snapshots.count));
  const std::string rule = fmt::format("[snapshots] start = {}, step_hours = {} in {}",
                                       snapshots.start.iso(), snapshots.step_hours, scenario);
  int year_shift = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const std::string_view cell = text(cells[r]);
    const std::string shown = fmt::format("\"{}\"", cell);
    DateTime got;
    bool zoned = false;
    if (!parse_local_time(cell, got, zoned)) {
      diag.add({display_, row_line_[r], where, "value", cell.empty() ? "(blank)" : shown,
                "expected a local time like 2025-01-01T00:00, one row per snapshot"});
      return;
    }
    if (zoned) {
      diag.add({display_, row_line_[r], where, "value", shown,
                "a local time without a time zone offset, like 2025-01-01T00:00: snapshots are "
                "local times"});
      return;
    }
    DateTime want = snapshots.time_of(static_cast<Index>(r));
    if (r == 0) year_shift = got.year - want.year;  // a typical-year profile may be reused
    want.year += year_shift;
    if (got.year == want.year && got.month == want.month && got.day == want.day &&
        got.hour == want.hour && got.minute == want.minute)
      continue;
    std::string why = "a gap or a shifted series?";
    if (r > 0 && cell == text(cells[r - 1]))
      why = fmt::format("the time of line {} repeated", row_line_[r - 1]);
    else if (r == 0)
      why = "the series starts elsewhere";
    diag.add({display_, row_line_[r], where, "value", shown,
              fmt::format("expected {} for snapshot {} ({}); {}", want.iso(), r + 1, rule, why)});
    return;
  }
}

std::vector<double> CsvFile::numbers(std::size_t index, Diagnostics& diag) const {
  const auto& bad = text_[index];
  std::size_t reported = 0;
  for (const TextCell& c : bad) {
    if (++reported > 10) break;  // a wholly wrong column would drown the other messages
    const std::string_view cell = text(c);
    diag.add({display_, row_line_[c.row], fmt::format("column \"{}\"", header_[index]), "value",
              cell.empty() ? "(blank)" : fmt::format("\"{}\"", cell), "expected a finite number"});
  }
  if (bad.size() > 10)
    diag.add({display_, 0, fmt::format("column \"{}\"", header_[index]), "", "",
              fmt::format("{} more bad cells not listed", bad.size() - 10)});
  return values_[index];
}

}  // namespace parkgrid::io
