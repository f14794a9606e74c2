// Synthetic industrial parks for the engine benchmark (issue 3, item 10): a parkgrid::Network
// made in memory from a seeded RNG, in sizes S (20 components), M (200) and L (2,000) over a
// year of hourly snapshots, and written out as a scenario folder (scenario.toml + profiles.csv)
// so that the read path can be timed and other tools (the PyPSA comparison) can load the same case.
//
// A park is a row of identical "cells" of 20 components on one electricity bus each, all cells
// sharing one hydrogen bus:
//   4 PV generators     2 fixed (10 MW), 2 extendable (fixed tilt, single-axis tracker)
//   3 wind generators   1 fixed (20 MW), 2 extendable
//   2 coal units        1 fixed 30 MW with a 30 % must-run share, 1 extendable with a 20 % minimum
//                       and a monthly fuel price
//   6 loads             5 electric (continuous process, two shifts, day shift, cooling, batch),
//                       1 hydrogen (truck refuelling)
//   2 batteries         1 with max_hours = 2 (extendable power), 1 with its own extendable energy
//                       (fixed 10 MW, not cyclic)
//   1 hydrogen store    extendable tank on the shared hydrogen bus
//   1 electrolyser      link electricity -> hydrogen, extendable, 10 % minimum load
//   1 grid connection   time-of-use buy price, sell price, demand charge
// plus a park-wide minimum green share. Every profile is a deterministic function of the seed,
// the cell and the component's place in it: cell 0 of M is the same as cell 0 of S.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "parkgrid/network.hpp"

namespace parkgrid::bench {

inline constexpr Index kComponentsPerCell = 20;

struct SyntheticOptions {
  Index components = 20;  // generators + loads + storage units + stores + links + connections;
                          // a positive multiple of kComponentsPerCell
  Index snapshots = 8760;
  double step_hours = 1.0;
  std::uint64_t seed = 20250101;
  double min_green_share = 0.30;
  double carbon_price_cny_per_t = 0.0;
};

// The named sizes: "S" = 20, "M" = 200, "L" = 2,000 components; 0 for any other name.
[[nodiscard]] Index components_of(std::string_view size);

// Builds the park. Throws std::invalid_argument for a size that is not a multiple of 20.
[[nodiscard]] Network make_network(const SyntheticOptions& options);

// Number of components as counted above.
[[nodiscard]] Index component_count(const Network& network);

// Writes `network` as `dir`/scenario.toml and `dir`/profiles.csv with io::write_scenario_folder
// (constant series as numbers, the others as { file = "profiles.csv", column =
// "<component>.<field>" }, identical series sharing a column; io::read_scenario gives back the
// same network). Returns the bytes written.
std::uintmax_t write_scenario(const Network& network, const std::filesystem::path& dir);

}  // namespace parkgrid::bench
