// Fuzz target: the weather readers (EPW and the plain CSV form), then the whole weather chain
// (solar position, irradiance, PV and wind) on what a short file gives. The first byte picks the
// reader; every input must give a series or a WeatherInputError, nothing else.
#include <cmath>
#include <cstdint>

#include "fuzz_util.hpp"
#include "parkgrid/weather.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parkgrid;
  if (size < 1) return 0;
  const bool epw = (data[0] & 1) != 0;
  const std::string path = fuzz::write(epw ? "w.epw" : "w.csv", fuzz::view(data + 1, size - 1));
  weather::WeatherSeries w;
  try {
    w = weather::read_weather_file(path);
  } catch (const weather::WeatherInputError& e) {
    (void)e.what();
    return 0;
  }
  if (w.size() == 0) __builtin_trap();  // a reader returns at least one record
  // The models on short series only (a year takes ~0.1 s): their inputs are validated values.
  if (w.size() <= 72) {
    const weather::Profiles p = weather::compute_profiles(w, weather::ProfileOptions{});
    for (double cf : p.pv_fixed.capacity_factor)
      if (!(cf >= 0.0 && cf <= 1.0 + 1e-9)) __builtin_trap();
    for (double cf : p.wind.capacity_factor)
      if (!(cf >= 0.0 && cf <= 1.0 + 1e-9)) __builtin_trap();
  }
  return 0;
}
