// PyPSA interoperability: a PyPSA CSV folder (what `n.export_to_csv_folder` writes and
// `n.import_from_csv_folder` reads) to a parkgrid Network and back, for the subset of PyPSA a park
// model uses. The mapping, attribute by attribute, is in docs/pypsa.md. Whatever lies outside
// the subset with a non-default value is an error naming the file, column and value: nothing is
// silently ignored.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "parkgrid/network.hpp"

namespace parkgrid::io {

// True when `dir` is a folder holding network.csv or snapshots.csv (a PyPSA CSV folder).
[[nodiscard]] bool is_pypsa_folder(const std::filesystem::path& dir);

// Reads a PyPSA CSV folder into a Network and validates it (io::validate). Throws InputError
// listing every problem found. PyPSA's own defaults are set explicitly where parkgrid's differ
// (storage not cyclic, extendable capacity from p_nom_min, capital_cost per unit and year).
[[nodiscard]] Network read_pypsa(const std::filesystem::path& dir);

struct ExportOptions {
  // An import limit of `inf` becomes a generator of this many MW (PyPSA has no infinite p_nom).
  double unlimited_mw = 1e7;
  // A demand charge (which PyPSA cannot express) is an error unless this is set: then it is left
  // out of the PyPSA model, with a note, and kept in meta.json for parkgrid's import.
  bool drop_demand_charge = false;
};

struct ExportReport {
  // parkgrid objective = PyPSA objective (with its objective constant, the default) + this:
  // fixed O&M of capacity that PyPSA does not charge (fixed components, existing parts of
  // extendable ones). Also written to meta.json as parkgrid.objective_offset.
  double objective_offset = 0.0;
  std::vector<std::string> notes;  // one line per mapping that is not one to one
};

// Writes `network` as a PyPSA CSV folder (created, files replaced). Throws InputError for what
// PyPSA cannot express (a demand charge, a storage unit with its own extendable energy and
// extendable power); std::runtime_error when the folder cannot be written.
ExportReport write_pypsa(const Network& network, const std::filesystem::path& dir,
                         const ExportOptions& options = {});

// Writes `network` as a scenario folder: `dir`/scenario.toml and, for the series that vary,
// `dir`/profiles.csv. io::read_scenario gives back the same network.
void write_scenario_folder(const Network& network, const std::filesystem::path& dir);

}  // namespace parkgrid::io
