// The scenario format as data: every section and field with its kind, unit, default, rule and
// meaning, in one place. The reader, the validator, `parkgrid schema` (which writes the field
// tables of docs/scenario-format.md) and the PyPSA bridge all read this list.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace parkgrid::schema {

enum class Kind {
  kNumber,      // a finite real number
  kInteger,     // a whole number
  kBool,        // true / false
  kText,        // a string
  kSeries,      // a number, { file = "x.csv", column = "c" } or { daily = [24 numbers] }
  kBus,         // the name of a bus
  kCarrier,     // the name of a carrier
  kDateTime,    // "2025-01-01T00:00"
  kTextList,    // a list of strings, e.g. component names
  kNumberList,  // a list of numbers, each satisfying the field's rule
};

enum class Rule {
  kAny,             // any finite value
  kNonNegative,     // >= 0
  kPositive,        // > 0
  kFraction,        // 0 <= x <= 1
  kOpenFraction,    // 0 <= x < 1 (losses)
  kSignedFraction,  // -1 <= x <= 1 (a link's min_pu: negative runs it backwards)
  kPositiveOrInf,   // > 0, may be inf ("no limit")
  kNonNegativeOrInf,
};

struct Field {
  std::string_view name;
  Kind kind;
  std::string_view unit;          // "" for dimensionless
  std::string_view default_text;  // as shown in the docs; "required" when there is no default
  double default_value;           // for numbers, series and booleans (1 = true)
  Rule rule;
  std::string_view description;
  std::string_view pypsa;  // the PyPSA attribute it maps to, or ""
  [[nodiscard]] bool required() const { return default_text == "required"; }
};

struct Section {
  std::string_view name;       // TOML key: "generators"
  bool array;                  // [[generators]] (true) or [policy] (false)
  std::string_view component;  // word used in messages: "generator"
  std::string_view description;
  std::span<const Field> fields;
};

[[nodiscard]] std::span<const Section> sections();
[[nodiscard]] const Section* find_section(std::string_view name);
[[nodiscard]] const Field* find_field(const Section& section, std::string_view name);
[[nodiscard]] std::string_view kind_name(Kind kind);
[[nodiscard]] std::string_view rule_text(Rule rule);  // "must be >= 0"
[[nodiscard]] bool satisfies(Rule rule, double value);

// The field tables of docs/scenario-format.md, generated from this list.
[[nodiscard]] std::string markdown();

}  // namespace parkgrid::schema
