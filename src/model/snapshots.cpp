#include <fmt/format.h>
#include <cmath>

#include "parkgrid/network.hpp"

namespace parkgrid {
namespace {
// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level
// date algorithms").
long long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

DateTime civil_from_minutes(long long minutes) {
  long long days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
  const long long minute_of_day = minutes - days * 1440;
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const long long doe = days - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  DateTime out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(yoe + era * 400 + (out.month <= 2));
  out.hour = static_cast<int>(minute_of_day / 60);
  out.minute = static_cast<int>(minute_of_day % 60);
  return out;
}
}  // namespace

bool DateTime::valid() const {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59)
    return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return day >= 1 && day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

long long DateTime::minutes_since_epoch() const {
  return days_from_civil(year, month, day) * 1440 + hour * 60 + minute;
}

std::string DateTime::iso() const {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", year, month, day, hour, minute);
}

DateTime Snapshots::time_of(Index t) const {
  if (!times.empty()) return times[static_cast<std::size_t>(t)];
  const long long start_min = start.minutes_since_epoch();
  const auto offset =
      static_cast<long long>(std::llround(static_cast<double>(t) * step_hours * 60.0));
  return civil_from_minutes(start_min + offset);
}

double Snapshots::total_hours() const {
  double sum = 0.0;
  for (double w : weight_hours) sum += w;
  return sum;
}

std::string Snapshots::span_problem() const {
  if (!start.valid())
    return fmt::format("start {} is not a calendar time in the years 1..9999", start.iso());
  if (!std::isfinite(step_hours) || step_hours <= 0.0 || step_hours > 8784.0)
    return "expected a step_hours in (0, 8784] h (one leap year at most)";
  if (count > 0) {
    const long long kEnd = days_from_civil(10000, 1, 1) * 1440;
    const double last_min = static_cast<double>(start.minutes_since_epoch()) +
                            static_cast<double>(count - 1) * step_hours * 60.0;
    if (!(last_min < static_cast<double>(kEnd)))
      return fmt::format("{} snapshots of {} h from {} run past the year 9999", count, step_hours,
                         start.iso());
  }
  return {};
}

std::string Snapshots::typical_days_problem(Index k) const {
  if (k <= 0 || (step_hours == 1.0 && count % 24 == 0 && k <= count / 24)) return {};
  return fmt::format(
      "typical days need hourly snapshots of whole days and at most as many days as there are "
      "({} snapshots of {} h from {} here)",
      count, step_hours, start.iso());
}

void Snapshots::index_months() {
  month.assign(static_cast<std::size_t>(count), 0);
  month_start.clear();
  int last_key = -1;
  for (Index t = 0; t < count; ++t) {
    const DateTime dt = time_of(t);
    const int key = dt.year * 12 + dt.month;
    if (key != last_key) {
      month_start.push_back(DateTime{dt.year, dt.month, 1, 0, 0});
      last_key = key;
    }
    month[static_cast<std::size_t>(t)] = static_cast<Index>(month_start.size()) - 1;
  }
  num_months = static_cast<Index>(month_start.size());
}

}  // namespace parkgrid
