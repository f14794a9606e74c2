// Fuzz target: the scenario reader (TOML + the CSV it references, through io::read_scenario as
// the CLI calls it), then the formulation and the numerical check on what small scenarios give,
// and for a [planning] section the period networks, typical days and the multi-period LP.
//
// Input: the scenario TOML, optionally followed by a line "#@csv" and the text of a CSV file,
// written as d.csv beside the scenario (so `{ file = "d.csv", column = "x" }` reads it).
// Every input must give a Network or an InputError: no crash, no hang, no other exception.
#include <cmath>
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "parkgrid/formulate.hpp"
#include "parkgrid/planning.hpp"
#include "parkgrid/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parkgrid;
  std::string_view text = fuzz::view(data, size);
  std::string_view csv;
  if (const auto cut = text.find("\n#@csv\n"); cut != std::string_view::npos) {
    csv = text.substr(cut + 7);
    text = text.substr(0, cut + 1);
  }
  fuzz::write("d.csv", csv);
  const std::string path = fuzz::write("s.toml", text);
  Network net;
  try {
    net = io::read_scenario(path);
  } catch (const InputError& e) {
    if (e.diagnostics().empty()) __builtin_trap();  // an InputError names its problems
    for (const auto& d : e.diagnostics()) (void)d.to_string();
    return 0;
  }
  // Build the LP of small scenarios: what the reader accepts, the formulation must take.
  const auto components =
      static_cast<std::size_t>(net.generators.size() + net.loads.size() + net.storage_units.size() +
                               net.stores.size() + net.links.size() + net.grid.size());
  if (static_cast<std::size_t>(net.snapshot_count()) * (components + 1) > 20'000) return 0;
  const formulate::Model model = formulate::build(net);
  const LinearProgram& lp = model.lp;
  if (lp.a_start.size() != static_cast<std::size_t>(lp.num_col()) + 1) __builtin_trap();
  for (Index r : lp.a_index)
    if (r < 0 || r >= lp.num_row()) __builtin_trap();
  for (double v : lp.a_value)
    if (!std::isfinite(v)) __builtin_trap();
  for (double v : lp.col_cost)
    if (!std::isfinite(v)) __builtin_trap();
  // The numerical check names what it flags.
  for (const auto& w : formulate::check_numerics(net, model))
    if (w.message.empty()) __builtin_trap();
  // Planning: what the reader accepts in [planning], the multi-period build must take.
  if (net.planning.present && !net.planning.years.empty() && net.planning.years.size() <= 8) {
    const planning::Periods ps = planning::periods_of(net);
    std::vector<Network> nets;
    planning::Reduction red;
    if (net.planning.typical_days > 0) {
      red = planning::typical_days(net, net.planning.typical_days);
      double days = 0;
      for (double w : red.weight_days) days += w;
      if (static_cast<Index>(days) != red.days_total) __builtin_trap();
    }
    for (std::size_t p = 0; p < ps.size(); ++p) {
      nets.push_back(planning::period_network(net, p));
      if (net.planning.typical_days > 0) nets.back() = planning::reduce(nets.back(), red);
    }
    const planning::MultiModel mm = planning::build_multi(net, nets, ps);
    for (Index r : mm.lp.a_index)
      if (r < 0 || r >= mm.lp.num_row()) __builtin_trap();
    for (double v : mm.lp.col_cost)
      if (!std::isfinite(v)) __builtin_trap();
  }
  return 0;
}
