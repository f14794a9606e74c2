// Weather file readers: EPW (EnergyPlus weather format) and the plain CSV form.
//
// EPW format: "Auxiliary Programs" of the EnergyPlus documentation, chapter "Weather Converter
// Program", section "EnergyPlus Weather File (EPW) Data Dictionary": 8 header lines (LOCATION,
// DESIGN CONDITIONS, TYPICAL/EXTREME PERIODS, GROUND TEMPERATURES, HOLIDAYS/DAYLIGHT SAVINGS,
// COMMENTS 1, COMMENTS 2, DATA PERIODS), then one comma-separated record per hour whose fields
// (1-based) are: 1 year, 2 month, 3 day, 4 hour (1..24, the hour ENDING the interval), 5 minute,
// 6 data source flags, 7 dry bulb temperature (°C, missing 99.9), 8 dew point, 9 relative
// humidity, 10 atmospheric station pressure (Pa, missing 999999), 11 extraterrestrial horizontal
// radiation, 12 extraterrestrial direct normal radiation, 13 horizontal infrared radiation, 14
// global horizontal radiation (Wh/m², missing 9999), 15 direct normal radiation (missing 9999), 16
// diffuse horizontal radiation (missing 9999), 17..20 illuminances, 21 wind direction, 22 wind
// speed (m/s, missing 999, valid 0..40), ...
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "parkgrid/weather.hpp"
#include "weather_internal.hpp"

namespace parkgrid::weather {

namespace {

std::string format_error(const std::string& file, std::size_t line, const std::string& field,
                         const std::string& value, const std::string& expected) {
  if (line == 0) return fmt::format("{}: {} = {} (expected {})", file, field, value, expected);
  return fmt::format("{}:{}: {} = {} (expected {})", file, line, field, value, expected);
}

}  // namespace

WeatherInputError::WeatherInputError(std::string file, std::size_t line, std::string field,
                                     std::string value, std::string expected)
    : std::runtime_error(format_error(file, line, field, value, expected)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      value_(std::move(value)),
      expected_(std::move(expected)) {}

namespace detail {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0.0;
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int> parse_int(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  int v = 0;
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

void split_csv(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(line.substr(start));
      return;
    }
    out.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

LocalHour next_hour(const LocalHour& h) {
  LocalHour n = h;
  if (h.hour_ending < 24) {
    n.hour_ending = h.hour_ending + 1;
    return n;
  }
  n.hour_ending = 1;
  if (h.day < days_in_month(h.year, h.month)) {
    n.day = h.day + 1;
  } else if (h.month < 12) {
    n.day = 1;
    n.month = h.month + 1;
  } else {
    n.day = 1;
    n.month = 1;
    n.year = h.year + 1;
  }
  return n;
}

}  // namespace detail

namespace {

using detail::parse_double;
using detail::parse_int;
using detail::trim;

std::string read_file_text(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw WeatherInputError(path.string(), 0, "file", "not found",
                            "an existing EPW or CSV weather file");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw WeatherInputError(path.string(), 0, "file", "a directory", "an EPW or CSV weather file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw WeatherInputError(path.string(), 0, "file", "unreadable", "a readable file");
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::string text(size > 0 ? static_cast<std::size_t>(size) : 0u, '\0');
  if (size > 0 && !in.read(text.data(), size)) {
    throw WeatherInputError(path.string(), 0, "file", "unreadable", "a readable file");
  }
  // A UTF-8 byte order mark is tolerated.
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.erase(0, 3);
  }
  return text;
}

// Iterates over lines (LF or CRLF), 1-based line numbers.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

// A value as it appears in a message: trimmed, at most 40 characters, and printable: bytes that
// are not UTF-8 text (binary files, GBK) and control characters are written as \xNN.
std::string shown(std::string_view raw) {
  const std::string_view t = trim(raw);
  if (t.empty()) return "(empty)";
  const auto* b = reinterpret_cast<const unsigned char*>(t.data());
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < t.size(); ++chars) {
    if (chars == 40) return out + "...";
    const unsigned c = b[i];
    const std::size_t n = c < 0x80                 ? 1
                          : c >= 0xC2 && c <= 0xDF ? 2
                          : c >= 0xE0 && c <= 0xEF ? 3
                          : c >= 0xF0 && c <= 0xF4 ? 4
                                                   : 0;
    bool ok = n > 0 && c >= 0x20 && c != 0x7F && i + n <= t.size();
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    const unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    for (std::size_t k = 1; ok && k < n; ++k)
      ok = k == 1 ? b[i + k] >= lo && b[i + k] <= hi : (b[i + k] & 0xC0) == 0x80;
    if (!ok) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
      continue;
    }
    out.append(t.substr(i, n));
    i += n;
  }
  return out;
}

// One numeric field with a validity range and an optional missing-value code.
struct FieldSpec {
  std::size_t index;     // 0-based column
  const char* name;      // our name, with unit
  double min;            // inclusive
  double max;            // inclusive
  double missing_code;   // NaN when none
  const char* expected;  // human text
};

std::string epw_label(const char* name, std::size_t index) {
  return fmt::format("{} (EPW field {})", name, index + 1);
}

double read_field(const std::string& file, std::size_t line,
                  const std::vector<std::string_view>& fields, const FieldSpec& spec) {
  if (spec.index >= fields.size()) {
    throw WeatherInputError(file, line, epw_label(spec.name, spec.index), "(absent)",
                            fmt::format("a record with at least {} fields", spec.index + 1));
  }
  const auto v = parse_double(fields[spec.index]);
  if (v && *v >= spec.min && *v <= spec.max) return *v;
  const std::string raw = shown(fields[spec.index]);
  if (v && !std::isnan(spec.missing_code) && *v == spec.missing_code) {
    throw WeatherInputError(file, line, epw_label(spec.name, spec.index), raw,
                            fmt::format("{}; {} is EPW's missing-value code", spec.expected, raw));
  }
  throw WeatherInputError(file, line, epw_label(spec.name, spec.index), raw, spec.expected);
}

int read_int_field(const std::string& file, std::size_t line,
                   const std::vector<std::string_view>& fields, std::size_t index, const char* name,
                   int min, int max) {
  const auto v = index < fields.size() ? parse_int(fields[index]) : std::nullopt;
  if (v && *v >= min && *v <= max) return *v;
  throw WeatherInputError(file, line, epw_label(name, index),
                          index < fields.size() ? shown(fields[index]) : "(absent)",
                          fmt::format("an integer in {}..{}", min, max));
}

const FieldSpec kEpwTemp{6,    "temp_air_c", -70.0,
                         70.0, 99.9,         "a dry-bulb temperature in -70..70 °C"};
const FieldSpec kEpwPressure{9,        "pressure_pa", 31000.0,
                             120000.0, 999999.0,      "a station pressure in 31000..120000 Pa"};
const FieldSpec kEpwGhi{13, "ghi_w_m2", 0.0, 1500.0, 9999.0, "an irradiance in 0..1500 W/m²"};
const FieldSpec kEpwDni{14, "dni_w_m2", 0.0, 1500.0, 9999.0, "an irradiance in 0..1500 W/m²"};
const FieldSpec kEpwDhi{15, "dhi_w_m2", 0.0, 1500.0, 9999.0, "an irradiance in 0..1500 W/m²"};
const FieldSpec kEpwWind{21, "wind_speed_m_s", 0.0, 40.0, 999.0, "a wind speed in 0..40 m/s"};

void apply_overrides(Location& loc, const LocationOverrides& o) {
  if (o.name) loc.name = *o.name;
  if (o.latitude_deg) loc.latitude_deg = *o.latitude_deg;
  if (o.longitude_deg) loc.longitude_deg = *o.longitude_deg;
  if (o.utc_offset_h) loc.utc_offset_h = *o.utc_offset_h;
  if (o.elevation_m) loc.elevation_m = *o.elevation_m;
}

void validate_location(const std::string& file, std::size_t line, const Location& loc) {
  if (!(loc.latitude_deg >= -90.0 && loc.latitude_deg <= 90.0)) {
    throw WeatherInputError(file, line, "latitude_deg", fmt::format("{}", loc.latitude_deg),
                            "-90..90, positive north");
  }
  if (!(loc.longitude_deg >= -180.0 && loc.longitude_deg <= 180.0)) {
    throw WeatherInputError(file, line, "longitude_deg", fmt::format("{}", loc.longitude_deg),
                            "-180..180, positive east");
  }
  if (!(loc.utc_offset_h >= -12.0 && loc.utc_offset_h <= 14.0)) {
    throw WeatherInputError(file, line, "utc_offset_h", fmt::format("{}", loc.utc_offset_h),
                            "a standard time zone in -12..14 hours");
  }
  if (!(loc.elevation_m >= -500.0 && loc.elevation_m <= 9000.0)) {
    throw WeatherInputError(file, line, "elevation_m", fmt::format("{}", loc.elevation_m),
                            "-500..9000 m");
  }
}

void reserve_all(WeatherSeries& w, std::size_t n, bool pressure) {
  w.hour.reserve(n);
  w.ghi_w_m2.reserve(n);
  w.dni_w_m2.reserve(n);
  w.dhi_w_m2.reserve(n);
  w.temp_air_c.reserve(n);
  w.wind_speed_m_s.reserve(n);
  if (pressure) w.pressure_pa.reserve(n);
}

bool same_hour(const LocalHour& a, const LocalHour& b, bool ignore_year) {
  return (ignore_year || a.year == b.year) && a.month == b.month && a.day == b.day &&
         a.hour_ending == b.hour_ending;
}

std::string describe(const LocalHour& h) {
  return fmt::format("{:04}-{:02}-{:02} hour {}", h.year, h.month, h.day, h.hour_ending);
}

}  // namespace

WeatherSeries read_epw(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string text = read_file_text(path);
  LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  fields.reserve(40);

  WeatherSeries w;
  w.source = file;

  // LOCATION,city,state,country,source,WMO,latitude,longitude,time zone,elevation
  if (!lines.next(line)) {
    throw WeatherInputError(file, 1, "LOCATION", "(empty file)", "an EPW header line LOCATION,...");
  }
  detail::split_csv(line, fields);
  if (trim(fields[0]) != "LOCATION" || fields.size() < 10) {
    throw WeatherInputError(file, 1, "header", shown(line),
                            "LOCATION,city,state,country,source,WMO,latitude,longitude,time "
                            "zone,elevation");
  }
  {
    const char* names[] = {"latitude_deg (LOCATION field 7)", "longitude_deg (LOCATION field 8)",
                           "utc_offset_h (LOCATION field 9)", "elevation_m (LOCATION field 10)"};
    const char* expected[] = {"-90..90, positive north", "-180..180, positive east",
                              "-12..14 hours", "-500..9000 m"};
    double values[4] = {};
    for (std::size_t k = 0; k < 4; ++k) {
      const auto v = parse_double(fields[6 + k]);
      if (!v) throw WeatherInputError(file, 1, names[k], shown(fields[6 + k]), expected[k]);
      values[k] = *v;
    }
    w.location.name = std::string(trim(fields[1]));
    const std::string_view country = trim(fields[3]);
    if (!country.empty()) w.location.name += fmt::format(", {}", country);
    w.location.latitude_deg = values[0];
    w.location.longitude_deg = values[1];
    w.location.utc_offset_h = values[2];
    w.location.elevation_m = values[3];
    validate_location(file, 1, w.location);
  }

  // Header lines 2..8; line 8 is DATA PERIODS,<n periods>,<records per hour>,...
  for (std::size_t k = 2; k <= 8; ++k) {
    if (!lines.next(line)) {
      throw WeatherInputError(file, k, "header", "(end of file)", "8 EPW header lines");
    }
  }
  detail::split_csv(line, fields);
  if (trim(fields[0]) != "DATA PERIODS" || fields.size() < 3) {
    throw WeatherInputError(file, 8, "header", shown(line), "DATA PERIODS,n,records per hour,...");
  }
  if (const auto per_hour = parse_int(fields[2]); !per_hour || *per_hour != 1) {
    throw WeatherInputError(file, 8, "records per hour (DATA PERIODS field 3)", shown(fields[2]),
                            "1 (hourly data)");
  }

  reserve_all(w, 8784, true);
  LocalHour previous;
  while (lines.next(line)) {
    const std::size_t ln = lines.number();
    if (trim(line).empty()) continue;  // tolerate trailing blank lines
    detail::split_csv(line, fields);
    LocalHour h;
    h.year = read_int_field(file, ln, fields, 0, "year", 1, 9999);
    h.month = read_int_field(file, ln, fields, 1, "month", 1, 12);
    h.day = read_int_field(file, ln, fields, 2, "day", 1, 31);
    h.hour_ending = read_int_field(file, ln, fields, 3, "hour", 1, 24);
    read_int_field(file, ln, fields, 4, "minute", 0, 60);
    if (h.day > detail::days_in_month(h.year, h.month) && !(h.month == 2 && h.day == 29)) {
      throw WeatherInputError(file, ln, "day (EPW field 3)", shown(fields[2]),
                              fmt::format("a day of {:04}-{:02} (1..{})", h.year, h.month,
                                          detail::days_in_month(h.year, h.month)));
    }
    if (w.hour.empty()) {
      if (h.month != 1 || h.day != 1 || h.hour_ending != 1) {
        throw WeatherInputError(file, ln, "date", describe(h),
                                "the first record on January 1, hour 1");
      }
    } else {
      const LocalHour want = detail::next_hour(previous);
      // Typical-year files take each month from a different year; they may also skip or keep
      // February 29 whatever the year column says.
      const bool ignore_year = h.month != previous.month;
      const bool feb29_skipped = want.month == 2 && want.day == 29 && h.month == 3 && h.day == 1 &&
                                 h.hour_ending == 1 && previous.hour_ending == 24;
      const bool feb29_kept = previous.month == 2 && previous.day == 28 &&
                              previous.hour_ending == 24 && h.month == 2 && h.day == 29 &&
                              h.hour_ending == 1;
      if (!same_hour(h, want, ignore_year) && !feb29_skipped && !feb29_kept) {
        throw WeatherInputError(
            file, ln, "date", describe(h),
            fmt::format("the hour after {}, i.e. {}", describe(previous), describe(want)));
      }
    }
    previous = h;
    w.hour.push_back(h);
    w.temp_air_c.push_back(read_field(file, ln, fields, kEpwTemp));
    w.pressure_pa.push_back(read_field(file, ln, fields, kEpwPressure));
    w.ghi_w_m2.push_back(read_field(file, ln, fields, kEpwGhi));
    w.dni_w_m2.push_back(read_field(file, ln, fields, kEpwDni));
    w.dhi_w_m2.push_back(read_field(file, ln, fields, kEpwDhi));
    w.wind_speed_m_s.push_back(read_field(file, ln, fields, kEpwWind));
  }
  if (w.size() != 8760 && w.size() != 8784) {
    throw WeatherInputError(file, 0, "records", fmt::format("{}", w.size()),
                            "8760 or 8784 hourly records (one full year)");
  }
  return w;
}

namespace {

// Parses "YYYY-MM-DD[T ]HH:MM[:SS][offset]" (offset: Z, +HH:MM, -HH:MM, +HH, +HHMM).
// Returns false on a syntax error; `offset_h` is NaN when absent.
bool parse_timestamp(std::string_view s, int& year, int& month, int& day, int& hour, int& minute,
                     int& second, double& offset_h) {
  s = trim(s);
  offset_h = std::numeric_limits<double>::quiet_NaN();
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size()) return false;
    for (std::size_t k = pos; k < pos + len; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
    }
    const auto v = parse_int(s.substr(pos, len));
    if (!v) return false;
    out = *v;
    return true;
  };
  if (s.size() < 16) return false;
  if (!num(0, 4, year) || s[4] != '-' || !num(5, 2, month) || s[7] != '-' || !num(8, 2, day)) {
    return false;
  }
  if (s[10] != 'T' && s[10] != ' ') return false;
  if (!num(11, 2, hour) || s[13] != ':' || !num(14, 2, minute)) return false;
  std::size_t pos = 16;
  second = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!num(pos + 1, 2, second)) return false;
    pos += 3;
  }
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' && pos + 1 == s.size()) {
    offset_h = 0.0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  const double sign = s[pos] == '-' ? -1.0 : 1.0;
  int oh = 0;
  int om = 0;
  if (!num(pos + 1, 2, oh)) return false;
  std::size_t q = pos + 3;
  if (q < s.size() && s[q] == ':') ++q;
  if (q < s.size()) {
    if (!num(q, 2, om) || q + 2 != s.size()) return false;
  }
  offset_h = sign * (oh + om / 60.0);
  return true;
}

}  // namespace

WeatherSeries read_weather_csv(const std::filesystem::path& path,
                               const LocationOverrides& location) {
  const std::string file = path.string();
  const std::string text = read_file_text(path);
  LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;

  WeatherSeries w;
  w.source = file;
  LocationOverrides meta;
  std::size_t header_line = 0;

  // Leading comments: "# key = value" metadata, then the header.
  while (lines.next(line)) {
    const std::string_view t = trim(line);
    if (t.empty()) continue;
    if (t.front() != '#') {
      header_line = lines.number();
      break;
    }
    const std::string_view body = trim(t.substr(1));
    const std::size_t eq = body.find_first_of("=:");
    if (eq == std::string_view::npos) continue;  // a free comment
    const std::string_view key = trim(body.substr(0, eq));
    const std::string_view value = trim(body.substr(eq + 1));
    auto number = [&](std::optional<double>& out) {
      const auto v = parse_double(value);
      if (!v) {
        throw WeatherInputError(file, lines.number(), std::string(key), shown(value), "a number");
      }
      out = *v;
    };
    if (key == "name") {
      meta.name = std::string(value);
    } else if (key == "latitude_deg") {
      number(meta.latitude_deg);
    } else if (key == "longitude_deg") {
      number(meta.longitude_deg);
    } else if (key == "utc_offset_h") {
      number(meta.utc_offset_h);
    } else if (key == "elevation_m") {
      number(meta.elevation_m);
    }  // other keys are free comments
  }
  if (header_line == 0) {
    throw WeatherInputError(file, lines.number(), "header", "(end of file)",
                            "timestamp,ghi_w_m2,dni_w_m2,dhi_w_m2,temp_air_c,wind_speed_m_s");
  }

  // Location: file metadata, then the caller's overrides; all four numbers are required.
  {
    LocationOverrides merged = meta;
    if (location.name) merged.name = location.name;
    if (location.latitude_deg) merged.latitude_deg = location.latitude_deg;
    if (location.longitude_deg) merged.longitude_deg = location.longitude_deg;
    if (location.utc_offset_h) merged.utc_offset_h = location.utc_offset_h;
    if (location.elevation_m) merged.elevation_m = location.elevation_m;
    const std::pair<const char*, const std::optional<double>*> required[] = {
        {"latitude_deg", &merged.latitude_deg},
        {"longitude_deg", &merged.longitude_deg},
        {"utc_offset_h", &merged.utc_offset_h},
        {"elevation_m", &merged.elevation_m}};
    for (const auto& [name, value] : required) {
      if (!value->has_value()) {
        throw WeatherInputError(
            file, 0, name, "(not given)",
            fmt::format("a '# {} = ...' line before the header or a command-line option", name));
      }
    }
    w.location.name = merged.name.value_or(path.stem().string());
    w.location.latitude_deg = *merged.latitude_deg;
    w.location.longitude_deg = *merged.longitude_deg;
    w.location.utc_offset_h = *merged.utc_offset_h;
    w.location.elevation_m = *merged.elevation_m;
    validate_location(file, 0, w.location);
  }

  // Header.
  enum Column { kTimestamp, kGhi, kDni, kDhi, kTemp, kWind, kPressure, kColumnCount };
  static constexpr std::array<const char*, kColumnCount> kNames{
      "timestamp",  "ghi_w_m2",       "dni_w_m2",   "dhi_w_m2",
      "temp_air_c", "wind_speed_m_s", "pressure_pa"};
  std::array<std::ptrdiff_t, kColumnCount> col;
  col.fill(-1);
  detail::split_csv(line, fields);
  for (std::size_t k = 0; k < fields.size(); ++k) {
    const std::string_view name = trim(fields[k]);
    const auto it =
        std::find_if(kNames.begin(), kNames.end(), [&](const char* n) { return name == n; });
    if (it == kNames.end()) {
      throw WeatherInputError(file, header_line, fmt::format("column {}", k + 1), shown(name),
                              "one of timestamp, ghi_w_m2, dni_w_m2, dhi_w_m2, temp_air_c, "
                              "wind_speed_m_s, pressure_pa");
    }
    const auto c = static_cast<std::size_t>(it - kNames.begin());
    if (col[c] >= 0) {
      throw WeatherInputError(file, header_line, fmt::format("column {}", k + 1), shown(name),
                              "each column once");
    }
    col[c] = static_cast<std::ptrdiff_t>(k);
  }
  for (std::size_t c = 0; c < kPressure; ++c) {
    if (col[c] < 0) {
      throw WeatherInputError(file, header_line, "header", shown(line),
                              fmt::format("a column named {}", kNames[c]));
    }
  }
  const bool has_pressure = col[kPressure] >= 0;
  reserve_all(w, 8784, has_pressure);

  struct Spec {
    Column column;
    double min;
    double max;
    const char* expected;
    std::vector<double>* out;
  };
  const std::array<Spec, 6> specs{{
      {kGhi, 0.0, 1500.0, "an irradiance in 0..1500 W/m²", &w.ghi_w_m2},
      {kDni, 0.0, 1500.0, "an irradiance in 0..1500 W/m²", &w.dni_w_m2},
      {kDhi, 0.0, 1500.0, "an irradiance in 0..1500 W/m²", &w.dhi_w_m2},
      {kTemp, -70.0, 70.0, "a temperature in -70..70 °C", &w.temp_air_c},
      {kWind, 0.0, 40.0, "a wind speed in 0..40 m/s", &w.wind_speed_m_s},
      {kPressure, 31000.0, 120000.0, "a pressure in 31000..120000 Pa", &w.pressure_pa},
  }};

  LocalHour previous;
  while (lines.next(line)) {
    const std::size_t ln = lines.number();
    if (trim(line).empty()) continue;
    detail::split_csv(line, fields);
    if (fields.size() != static_cast<std::size_t>(std::count_if(
                             col.begin(), col.end(), [](std::ptrdiff_t c) { return c >= 0; }))) {
      throw WeatherInputError(file, ln, "fields", fmt::format("{}", fields.size()),
                              "as many fields as header columns");
    }
    const std::string_view ts = fields[static_cast<std::size_t>(col[kTimestamp])];
    int y = 0, mo = 0, d = 0, hh = 0, mi = 0, ss = 0;
    double off = 0.0;
    if (!parse_timestamp(ts, y, mo, d, hh, mi, ss, off) || mo < 1 || mo > 12 || d < 1 ||
        d > detail::days_in_month(y, mo) || hh > 23 || mi != 0 || ss != 0) {
      throw WeatherInputError(file, ln, "timestamp", shown(ts),
                              "the start of an hour, local standard time, YYYY-MM-DDTHH:00");
    }
    if (!std::isnan(off) && std::abs(off - w.location.utc_offset_h) > 1e-9) {
      throw WeatherInputError(
          file, ln, "timestamp", shown(ts),
          fmt::format("the location's UTC offset {:+g} h", w.location.utc_offset_h));
    }
    const LocalHour h{y, mo, d, hh + 1};
    if (!w.hour.empty()) {
      const LocalHour want = detail::next_hour(previous);
      if (!same_hour(h, want, false)) {
        throw WeatherInputError(
            file, ln, "timestamp", shown(ts),
            fmt::format("the hour after the previous row, {}", snapshot_label(want)));
      }
    }
    previous = h;
    w.hour.push_back(h);
    for (const Spec& s : specs) {
      if (col[s.column] < 0) continue;
      const std::string_view raw = fields[static_cast<std::size_t>(col[s.column])];
      const auto v = parse_double(raw);
      if (!v || *v < s.min || *v > s.max) {
        throw WeatherInputError(file, ln, kNames[s.column], shown(raw), s.expected);
      }
      s.out->push_back(*v);
    }
  }
  if (w.size() == 0) {
    throw WeatherInputError(file, 0, "records", "0", "at least one hourly row after the header");
  }
  return w;
}

WeatherSeries read_weather_file(const std::filesystem::path& path,
                                const LocationOverrides& location) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".epw") {
    WeatherSeries w = read_epw(path);
    apply_overrides(w.location, location);
    validate_location(w.source, 0, w.location);
    return w;
  }
  return read_weather_csv(path, location);
}

std::string snapshot_label(const LocalHour& hour, std::optional<int> year_override) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:00", year_override.value_or(hour.year), hour.month,
                     hour.day, hour.hour_ending - 1);
}

}  // namespace parkgrid::weather
