#include <fmt/format.h>
#include <algorithm>
#include <numeric>

#include "parkgrid/error.hpp"

namespace parkgrid {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  out += ": ";
  if (!where.empty()) out += where + ": ";
  if (field.empty()) return out + expected;
  out += field;
  if (!value.empty()) out += " = " + value;
  if (!expected.empty()) out += " (" + expected + ")";
  return out;
}

void Diagnostics::throw_if_any() const {
  if (items_.empty()) return;
  // In reading order: files in the order they were first named, lines in increasing order.
  std::vector<std::string> files;
  for (const auto& d : items_)
    if (std::find(files.begin(), files.end(), d.file) == files.end()) files.push_back(d.file);
  auto sorted = items_;
  const auto rank = [&](const Diagnostic& d) {
    return std::pair{std::find(files.begin(), files.end(), d.file) - files.begin(), d.line};
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  throw InputError(std::move(sorted));
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    // A field typed without its unit suffix ("capex" for "capex_cny_per_mw") is also a near miss.
    if (d >= best_distance && c.rfind(word, 0) == 0 && word.size() >= 4) d = best_distance - 1;
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace parkgrid
