// Errors a person can act on: every input problem names the file, the line, the field, the value
// and what was expected; all problems of a run are collected before they are reported.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace parkgrid {

struct Diagnostic {
  std::string file;      // path as given by the user
  int line = 0;          // 1-based; 0 when the problem has no single line (e.g. a missing file)
  std::string where;     // the component or section, e.g. `generator "pv_south"` or `[snapshots]`
  std::string field;     // e.g. `max_capacity_mw`
  std::string value;     // the offending value as written, or empty
  std::string expected;  // what would have been accepted, e.g. `must be >= 0`
  // The place in the scenario, for programs (the web UI marks the entry and field): the schema
  // section ("generators", "policy"), the entry of an array section (0-based, -1 otherwise) and
  // its name. Empty when the problem has no place in the scenario (a file, the whole model).
  std::string section{};
  int index = -1;
  std::string component{};

  // `data/pinglu/scenario.toml:42: generator "pv_south": max_capacity_mw = -5 (must be >= 0)`
  [[nodiscard]] std::string to_string() const;
};

// Collects diagnostics while reading or validating; nothing is thrown until the caller asks.
class Diagnostics {
 public:
  // The entry being read or checked: every diagnostic about `file` added while it is set, and
  // without a section of its own, gets this place (Diagnostic::section, index, component). A
  // problem in another file (a CSV the entry names) keeps no place: it is the file's.
  struct Place {
    std::string file;
    std::string section;
    int index = -1;
    std::string component;
  };
  void set_place(Place p) { place_ = std::move(p); }
  void clear_place() { place_ = {}; }
  void add(Diagnostic d) {
    if (d.section.empty() && !place_.section.empty() && d.file == place_.file) {
      d.section = place_.section;
      d.index = place_.index;
      d.component = place_.component;
    }
    items_.push_back(std::move(d));
  }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  // Throws InputError carrying every diagnostic collected so far, if there is any.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> items_;
  Place place_;
};

// Bad input: the run stops before anything is written. what() lists every diagnostic, one a line.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// The closest of `candidates` to `word` (edit distance), or "" when none is close enough.
[[nodiscard]] std::string did_you_mean(const std::string& word,
                                       const std::vector<std::string>& candidates);

}  // namespace parkgrid
