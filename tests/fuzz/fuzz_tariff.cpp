// Fuzz target: the tariff file reader (src/tariff), then hourly prices and a bill on what it
// accepts. Every input must give a Tariff or an InputError: no crash, no hang, no other exception.
#include <cmath>
#include <cstdint>
#include <vector>

#include "fuzz_util.hpp"
#include "parkgrid/tariff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parkgrid;
  const std::string path = fuzz::write("t.toml", fuzz::view(data, size));
  tariff::Tariff t;
  try {
    t = tariff::read_tariff(path);
  } catch (const InputError& e) {
    if (e.diagnostics().empty()) __builtin_trap();
    for (const auto& d : e.diagnostics()) (void)d.to_string();
    return 0;
  }
  // Two days across a month end, every voltage level, both fixed-charge bases.
  Snapshots s;
  s.start = DateTime{2025, 1, 31, 0, 0};
  s.count = 48;
  s.step_hours = 1.0;
  s.weight_hours.assign(48, 1.0);
  s.index_months();
  std::vector<double> load(48);
  for (std::size_t h = 0; h < load.size(); ++h) load[h] = static_cast<double>(h % 7);
  for (const auto& v : t.voltage_levels) {
    const tariff::HourlyPrices p = tariff::hourly_prices(t, s, v.name);
    if (p.energy.size() != 48) __builtin_trap();
    for (double x : p.total())
      if (std::isnan(x)) __builtin_trap();
    tariff::BillOptions o;
    o.voltage_level = v.name;
    (void)tariff::bill(t, s, load, o);
    o.basis = tariff::FixedChargeBasis::kContractedCapacity;
    o.contracted_capacity_kva = 1000;
    (void)tariff::bill(t, s, load, o);
  }
  return 0;
}
