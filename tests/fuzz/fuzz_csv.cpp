// Fuzz target: the CSV time-series reader (io::CsvFile) and the number parser. Every input must
// give a table or diagnostics: no crash, no hang, no exception, no sanitizer report.
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "io/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parkgrid;
  const std::string_view text = fuzz::view(data, size);
  Diagnostics diag;
  const io::CsvFile csv = io::CsvFile::parse(std::string(text), "fuzz.csv", diag);
  for (const auto& d : diag.items()) (void)d.to_string();
  if (!csv.ok()) return 0;
  for (std::size_t c = 0; c < csv.header().size(); ++c) {
    const auto found = csv.find_column(csv.header()[c]);
    if (!found || *found > c) __builtin_trap();  // first column of that name
    Diagnostics cells;
    const auto values = csv.numbers(c, cells);
    if (values.size() != csv.rows()) __builtin_trap();
    for (const auto& d : cells.items()) (void)d.to_string();
  }
  (void)io::parse_number(text.substr(0, 64));
  return 0;
}
