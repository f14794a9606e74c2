// Internals of parkgrid_weather shared between its translation units and its unit tests.
// Not part of the public API.
#pragma once

#include <numbers>
#include <optional>
#include <string_view>
#include <vector>

#include "parkgrid/weather.hpp"

namespace parkgrid::weather::detail {

inline constexpr double kRadPerDeg = std::numbers::pi / 180.0;

// Throws a WeatherInputError naming the parameter unless min <= value <= max (NaN included).
void check_range(const char* field, double value, double min, double max, const char* expected);

std::string_view trim(std::string_view s);
std::optional<double> parse_double(std::string_view s);
std::optional<int> parse_int(std::string_view s);
void split_csv(std::string_view line, std::vector<std::string_view>& out);

bool is_leap_year(int year);
int days_in_month(int year, int month);
LocalHour next_hour(const LocalHour& h);

// Calendar date (UT) of a Julian day, for Delta T look-ups.
void calendar_from_julian_day(double julian_day, int& year, int& month);

// Julian day (UT) of the middle of an hourly record given in local standard time.
double record_midpoint_julian_day(const LocalHour& hour, double utc_offset_h);

}  // namespace parkgrid::weather::detail
