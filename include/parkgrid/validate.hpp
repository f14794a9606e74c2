// The cross-field rules of a network (src/model/validate.cpp): model code, called by the readers
// (scenario and PyPSA) once every field has been read on its own.
#pragma once

#include <string>
#include <vector>

#include "parkgrid/error.hpp"
#include "parkgrid/network.hpp"

namespace parkgrid {

// Where each component was written (1-based lines of its table), for messages; empty vectors
// when the network did not come from a scenario file.
struct SourceLines {
  std::vector<int> generators, loads, storage_units, stores, links, grid_connections;
};

// Checks the cross-field rules of a network however it was made (reader, PyPSA importer, code).
// Adds a diagnostic per broken rule; `file` names the source in the messages.
void validate(const Network& network, const std::string& file, Diagnostics& diag,
              const SourceLines& lines = {});

}  // namespace parkgrid
