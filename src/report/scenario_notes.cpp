#include "report/scenario_notes.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>

namespace parkgrid::report {
namespace fs = std::filesystem;

namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Position of the `#` that starts a comment (outside of quoted strings), or npos.
std::size_t comment_start(const std::string& line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      return i;
    }
  }
  return std::string::npos;
}

std::string unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return v.substr(1, v.size() - 2);
  return v;
}

}  // namespace

std::vector<ScenarioEntry> scenario_entries(const fs::path& toml) {
  std::vector<ScenarioEntry> out;
  std::ifstream in(toml);
  if (!in) return out;
  std::string section;
  std::map<std::string, int> counts;
  int index = -1;
  std::size_t component_first = 0;  // first entry of the current component
  std::string pending;              // comment lines just above the next key
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    const std::string t = trim(line);
    if (t.empty()) {
      pending.clear();
      continue;
    }
    if (t.front() == '#') {
      const std::string c = trim(t.substr(1));
      // Rulers (# ----) and blank comment lines separate, they do not annotate.
      if (c.empty() || c.find_first_not_of("-=") == std::string::npos) {
        pending.clear();
      } else {
        pending += (pending.empty() ? "" : " ") + c;
      }
      continue;
    }
    if (t.front() == '[') {
      const bool array = t.starts_with("[[");
      const auto close = t.find(']');
      section =
          trim(t.substr(array ? 2 : 1, close == std::string::npos ? 0 : close - (array ? 2 : 1)));
      index = array ? counts[section]++ : -1;
      component_first = out.size();
      pending.clear();
      continue;
    }
    const auto eq = t.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    const std::size_t hash = comment_start(t);
    ScenarioEntry e;
    e.section = section;
    e.index = index;
    e.field = trim(t.substr(0, eq));
    e.value = trim(t.substr(eq + 1, hash == std::string::npos ? std::string::npos : hash - eq - 1));
    std::string note = hash == std::string::npos ? "" : trim(t.substr(hash + 1));
    if (!pending.empty()) note = note.empty() ? pending : pending + " " + note;
    e.note = note;
    e.line = line_no;
    pending.clear();
    if (e.field == "name") {
      const std::string name = unquote(e.value);
      for (std::size_t i = component_first; i < out.size(); ++i) out[i].component = name;
    }
    if (component_first < out.size()) e.component = out[component_first].component;
    if (e.field == "name") e.component = unquote(e.value);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> cited_keys(const std::vector<ScenarioEntry>& entries) {
  static const std::regex key(R"(\b(SEED\d{3}|S\d{2}|A\d{2}|D\d{2}|P\d{2}|W\d{2}|T\d{2})\b)");
  std::vector<std::string> keys;
  for (const auto& e : entries)
    for (auto it = std::sregex_iterator(e.note.begin(), e.note.end(), key);
         it != std::sregex_iterator(); ++it) {
      const std::string k = (*it)[1];
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  return keys;
}

std::vector<std::pair<std::string, std::string>> source_entries(
    const fs::path& sources_md, const std::vector<std::string>& keys) {
  std::map<std::string, std::string> found;
  std::ifstream in(sources_md);
  for (std::string line; in && std::getline(in, line);) {
    const std::string t = trim(line);
    if (t.starts_with("| ")) {
      const auto bar = t.find('|', 2);
      if (bar == std::string::npos) continue;
      const std::string k = trim(t.substr(1, bar - 1));
      if (found.contains(k)) continue;
      std::string rest = t.substr(bar + 1);
      if (!rest.empty() && rest.back() == '|') rest.pop_back();
      std::string text;
      std::size_t p = 0;
      while (p <= rest.size()) {
        const auto q = rest.find(" | ", p);
        const std::string cell =
            trim(rest.substr(p, q == std::string::npos ? std::string::npos : q - p));
        if (!cell.empty()) text += (text.empty() ? "" : " — ") + cell;
        if (q == std::string::npos) break;
        p = q + 3;
      }
      found[k] = text;
    } else if (t.starts_with("### ")) {
      const auto colon = t.find(':');
      if (colon == std::string::npos) continue;
      const std::string k = trim(t.substr(4, colon - 4));
      if (!found.contains(k)) found[k] = trim(t.substr(colon + 1));
    }
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& k : keys) {
    const auto it = found.find(k);
    if (it != found.end()) out.emplace_back(k, it->second);
  }
  return out;
}

}  // namespace parkgrid::report
