#include "server/scenario_doc.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>

#include <sys/stat.h>

#include "parkgrid/error.hpp"
#include "parkgrid/scenario.hpp"
#include "parkgrid/schema.hpp"
#include "report/scenario_notes.hpp"

namespace parkgrid::server {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json node_to_json(const toml::node& n) {
  if (const auto* t = n.as_table()) {
    json o = json::object();
    for (const auto& [k, v] : *t) o[std::string(k.str())] = node_to_json(v);
    return o;
  }
  if (const auto* a = n.as_array()) {
    json arr = json::array();
    for (const auto& v : *a) arr.push_back(node_to_json(v));
    return arr;
  }
  if (const auto* s = n.as_string()) return s->get();
  if (const auto* i = n.as_integer()) return i->get();
  if (const auto* f = n.as_floating_point()) {
    const double v = f->get();
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (std::isnan(v)) return "nan";
    return v;
  }
  if (const auto* b = n.as_boolean()) return b->get();
  if (const auto* d = n.as_date_time()) {
    const auto& x = d->get();
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", x.date.year, x.date.month, x.date.day,
                       x.time.hour, x.time.minute);
  }
  if (const auto* d = n.as_date()) {
    const auto& x = d->get();
    return fmt::format("{:04}-{:02}-{:02}", x.year, x.month, x.day);
  }
  if (const auto* t = n.as_time()) {
    const auto& x = t->get();
    return fmt::format("{:02}:{:02}", x.hour, x.minute);
  }
  return nullptr;
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (const unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

bool bare_key(const std::string& k) {
  return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::string key_text(const std::string& k) {
  return bare_key(k) ? k : toml_string(k);
}

bool numeric_field(const schema::Field* f) {
  return f && (f->kind == schema::Kind::kNumber || f->kind == schema::Kind::kSeries ||
               f->kind == schema::Kind::kInteger);
}

// One value as TOML; `where` names it in errors; `field` lets "inf" become a number.
std::string value_text(const json& v, const std::string& where, const schema::Field* field) {
  switch (v.type()) {
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::number_integer: return fmt::format("{}", v.get<long long>());
    case json::value_t::number_unsigned:
      // TOML's integers are signed 64-bit: a larger one would come back negative.
      if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        throw DocumentError(fmt::format(
            "{}: {} is past the largest whole number a scenario file holds ({}); write it with "
            "a decimal point or an exponent for a number",
            where, v.get<std::uint64_t>(), INT64_MAX));
      return fmt::format("{}", v.get<std::uint64_t>());
    case json::value_t::number_float: {
      const double d = v.get<double>();
      const std::string s = fmt::format("{}", d);
      // Keep a float a float in TOML ("5" would read as an integer).
      return s.find_first_of(".eEn") == std::string::npos ? s + ".0" : s;
    }
    case json::value_t::string: {
      const std::string s = v.get<std::string>();
      if (numeric_field(field) && (s == "inf" || s == "+inf" || s == "-inf" || s == "nan"))
        return s;
      return toml_string(s);
    }
    case json::value_t::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i].is_object() || v[i].is_array())
          throw DocumentError(
              fmt::format("{}[{}]: a list may hold numbers, text or true/false only", where, i));
        out += (i ? ", " : "") + value_text(v[i], fmt::format("{}[{}]", where, i), field);
      }
      return out + "]";
    }
    case json::value_t::object: {
      std::string out = "{ ";
      bool first = true;
      for (const auto& [k, x] : v.items()) {
        if (x.is_object())
          throw DocumentError(
              fmt::format("{}.{}: nested tables are not part of the scenario format", where, k));
        out += (first ? "" : ", ") + key_text(k) + " = " + value_text(x, where + "." + k, field);
        first = false;
      }
      return out + " }";
    }
    case json::value_t::null:
      throw DocumentError(
          fmt::format("{}: null is not a value (leave the field out for its default)", where));
    default: throw DocumentError(fmt::format("{}: not a value TOML can hold", where));
  }
}

// Fields of one table in the schema's order, then the others (which the reader will name).
std::vector<std::string> ordered_keys(const json& obj, const schema::Section* section) {
  std::vector<std::string> keys;
  if (section)
    for (const auto& f : section->fields)
      if (obj.contains(std::string(f.name))) keys.emplace_back(f.name);
  for (const auto& [k, v] : obj.items())
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

std::string table_text(const json& obj, const std::string& where, const schema::Section* section) {
  std::string out;
  for (const auto& k : ordered_keys(obj, section)) {
    const schema::Field* f = section ? schema::find_field(*section, k) : nullptr;
    out += key_text(k) + " = " + value_text(obj.at(k), where + "." + k, f) + "\n";
  }
  return out;
}

// Copies the regular file `from` (a CSV file: its header and first `rows` data rows, all when
// nullopt) to `to`, whose folder exists.
void copy_file(const fs::path& from, const fs::path& to, std::optional<long long> rows) {
  if (!rows) {
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    return;
  }
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary);
  std::string line;
  long long n = -1;  // the header is row -1
  while (n < *rows && std::getline(in, line)) {
    out << line << '\n';
    ++n;
  }
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", to.string()));
}

// Where a referenced file goes inside the new folder: its path relative to the base folder when
// it lies inside, otherwise its name (a data root's file). Empty when the reference names no
// file ("", ".", "dir/").
fs::path destination(const fs::path& ref) {
  fs::path rel = ref.lexically_normal();
  if (rel.is_absolute() || (!rel.empty() && *rel.begin() == "..")) rel = rel.filename();
  const fs::path name = rel.filename();
  if (name.empty() || name == "." || name == "..") return {};
  return rel;
}

// Whether `p` is the folder `root` or lies inside it (both absolute and normal), compared by
// component.
bool inside(const fs::path& p, const fs::path& root) {
  const fs::path rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

// The file a document's reference names, checked against the folders it may come from: the
// scenario's own (`base_dir`) and the data roots. Returns the real path of an existing regular
// file, an empty path for a file that does not exist (the reader reports it beside its field),
// or throws DocumentError naming the field and the reason.
fs::path allowed_source(const std::string& ref, const std::string& where, const fs::path& base_dir,
                        const std::vector<fs::path>& data_roots) {
  const auto refuse = [&](const std::string& why) {
    return DocumentError(fmt::format("{} = \"{}\": {}", where, ref, why));
  };
  if (ref.empty() || ref.find('\0') != std::string::npos)
    throw refuse("expected the name of a file, relative to the scenario's folder");
  if (fs::path(ref).is_absolute())
    throw refuse(
        "an absolute path is not accepted; name the file relative to the scenario's folder (it "
        "must lie in that folder or under a data root, --data-root)");
  std::error_code ec;
  const fs::path base = fs::absolute(base_dir, ec).lexically_normal();
  std::vector<fs::path> roots{base};
  for (const auto& r : data_roots) roots.push_back(fs::absolute(r, ec).lexically_normal());
  const fs::path wanted = (base / ref).lexically_normal();
  const auto in_a_root = [&](const fs::path& p) {
    return std::any_of(roots.begin(), roots.end(), [&](const fs::path& r) { return inside(p, r); });
  };
  if (!in_a_root(wanted))
    throw refuse(
        "the path leads out of the scenario's folder and the data roots (\"..\" or a folder "
        "name); only files there can be named (--data-root adds a folder)");
  if (destination(ref).empty()) throw refuse("expected the name of a file, not a folder");
  struct stat st {};
  if (::lstat(wanted.c_str(), &st) != 0) return {};  // not there: the reader says so
  const fs::path real = fs::canonical(wanted, ec);
  if (ec) return {};  // a dangling link: not there either
  bool real_inside = false;
  for (const auto& r : roots) {
    const fs::path real_root = fs::canonical(r, ec);
    if (!ec && inside(real, real_root)) real_inside = true;
  }
  if (!real_inside)
    throw refuse(
        "a symbolic link leading out of the scenario's folder and the data roots is not "
        "followed");
  if (::stat(real.c_str(), &st) != 0) return {};
  if (S_ISDIR(st.st_mode)) throw refuse("a folder, not a file");
  if (!S_ISREG(st.st_mode))
    throw refuse("not a regular file (a device, a pipe or a socket); name a CSV or TOML file");
  return real;
}

// Whether `a` is `b` or one of its folders (component by component).
bool contains_path(const fs::path& a, const fs::path& b) {
  auto ia = a.begin(), ib = b.begin();
  for (; ia != a.end() && ib != b.end(); ++ia, ++ib)
    if (*ia != *ib) return false;
  return ia == a.end();
}

}  // namespace

DocumentError::DocumentError(const std::string& message)
    : std::runtime_error([&] {
        std::string out;
        for (const unsigned char c : message)
          if (c < 0x20 || c == 0x7f)
            out += fmt::format("\\u{:04x}", c);
          else
            out += static_cast<char>(c);
        return out;
      }()) {}

json read_document(const fs::path& toml) {
  try {
    const toml::table root = toml::parse_file(toml.string());
    return node_to_json(root);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw DocumentError(
        fmt::format("{}:{}:{}: {}", toml.string(), b.line, b.column, e.description()));
  }
}

std::string document_to_toml(const json& doc, const std::string& header) {
  if (!doc.is_object()) throw DocumentError("document: expected a JSON object of sections");
  std::string out;
  std::string h = header;
  while (!h.empty()) {
    const auto nl = h.find('\n');
    out += "# " + h.substr(0, nl) + "\n";
    h = nl == std::string::npos ? "" : h.substr(nl + 1);
  }
  std::vector<std::string> order;
  for (const auto& s : schema::sections())
    if (doc.contains(std::string(s.name))) order.emplace_back(s.name);
  for (const auto& [k, v] : doc.items())
    if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
  for (const auto& name : order) {
    const json& v = doc.at(name);
    const schema::Section* section = schema::find_section(name);
    if (v.is_object()) {
      out += fmt::format("\n[{}]\n", key_text(name));
      out += table_text(v, name, section);
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_object())
          throw DocumentError(fmt::format("{}[{}]: expected a table of fields", name, i));
        out += fmt::format("\n[[{}]]\n", key_text(name));
        out += table_text(v[i], fmt::format("{}[{}]", name, i), section);
      }
    } else {
      throw DocumentError(fmt::format("{}: expected a table or a list of tables", name));
    }
  }
  return out;
}

void write_scenario_folder(const json& doc_in, const fs::path& base_dir, const fs::path& out_dir,
                           const FolderOptions& o) {
  if (!doc_in.is_object()) throw DocumentError("document: expected a JSON object of sections");
  json doc = doc_in;
  std::optional<long long> rows;
  if (o.horizon_hours) {
    if (*o.horizon_hours <= 0)
      throw DocumentError("horizon_hours: must be a positive whole number");
    if (!doc.contains("snapshots") || !doc["snapshots"].is_object() ||
        !doc["snapshots"].contains("count") || !doc["snapshots"]["count"].is_number_integer())
      throw DocumentError("snapshots.count: needed as a whole number to cut the horizon");
    json& snap = doc["snapshots"];
    const long long count = snap["count"].get<long long>();
    if (*o.horizon_hours > count)
      throw DocumentError(fmt::format(
          "horizon_hours = {}: past the scenario's {} snapshots; give at most {} (or leave it out "
          "for the whole scenario)",
          *o.horizon_hours, count, count));
    if (*o.horizon_hours < count) {
      const double step = snap.contains("step_hours") && snap["step_hours"].is_number()
                              ? snap["step_hours"].get<double>()
                              : 1.0;
      double weight = step;
      if (snap.contains("weight_hours")) {
        if (!snap["weight_hours"].is_number())
          throw DocumentError("snapshots.weight_hours: a quick look needs a single number here");
        weight = snap["weight_hours"].get<double>();
      }
      const double scaled =
          weight * static_cast<double>(count) / static_cast<double>(*o.horizon_hours);
      snap["count"] = *o.horizon_hours;
      snap["weight_hours"] = scaled;
      rows = *o.horizon_hours;
      // [planning] typical days cannot outnumber the days kept.
      if (doc.contains("planning") && doc["planning"].is_object() &&
          doc["planning"].contains("typical_days") &&
          doc["planning"]["typical_days"].is_number_integer())
        doc["planning"]["typical_days"] = std::min<long long>(
            doc["planning"]["typical_days"].get<long long>(), *o.horizon_hours / 24);
    }
  }
  std::error_code ec;
  if (fs::exists(out_dir, ec))
    throw std::runtime_error(fmt::format("{} exists already", out_dir.string()));
  fs::create_directories(out_dir);
  // Series read from CSV files, the tariff of [paths] and the grid connections' tariff_files: only
  // regular files inside the scenario's folder or a data root (allowed_source). Each destination
  // holds one source; scenario.toml is the scenario's own.
  std::map<fs::path, fs::path> copied{{"scenario.toml", {}}};
  const auto copy_ref = [&](const std::string& ref, const std::string& where, bool csv) {
    const fs::path real = allowed_source(ref, where, base_dir, o.data_roots);
    const fs::path dest = destination(ref);
    const fs::path src = real.empty() ? (base_dir / ref).lexically_normal() : real;
    if (const auto it = copied.find(dest); it != copied.end()) {
      if (it->second == src) return dest.generic_string();
    }
    for (const auto& [taken, from] : copied)
      if (contains_path(taken, dest) || contains_path(dest, taken))
        throw DocumentError(
            from.empty()
                ? fmt::format("{} = \"{}\": its copy would be {}, the scenario file itself", where,
                              ref, dest.generic_string())
                : fmt::format("{} = \"{}\": its copy would be {} in the scenario folder, where "
                              "{} is copied already; give the files different names",
                              where, ref, dest.generic_string(), from.generic_string()));
    copied.emplace(dest, src);
    if (!real.empty()) {
      fs::create_directories((out_dir / dest).parent_path());
      copy_file(real, out_dir / dest, csv ? rows : std::nullopt);
    }
    return dest.generic_string();
  };
  for (auto& [name, section] : doc.items()) {
    auto visit = [&](json& table, const std::string& where) {
      if (!table.is_object()) return;
      for (auto& [k, v] : table.items())
        if (v.is_object() && v.contains("file") && v["file"].is_string())
          v["file"] = copy_ref(v["file"].get<std::string>(), where + "." + k + ".file", true);
    };
    if (section.is_array())
      for (std::size_t i = 0; i < section.size(); ++i)
        visit(section[i], fmt::format("{}[{}]", name, i));
    else
      visit(section, name);
  }
  if (doc.contains("paths") && doc["paths"].is_object() && doc["paths"].contains("tariff") &&
      doc["paths"]["tariff"].is_string())
    doc["paths"]["tariff"] =
        copy_ref(doc["paths"]["tariff"].get<std::string>(), "paths.tariff", false);
  // Tariffs by date: the tariff files of each grid connection.
  if (doc.contains("grid_connections") && doc["grid_connections"].is_array())
    for (std::size_t i = 0; i < doc["grid_connections"].size(); ++i) {
      json& gc = doc["grid_connections"][i];
      if (!gc.is_object() || !gc.contains("tariff_files") || !gc["tariff_files"].is_array())
        continue;
      for (std::size_t k = 0; k < gc["tariff_files"].size(); ++k)
        if (gc["tariff_files"][k].is_string())
          gc["tariff_files"][k] =
              copy_ref(gc["tariff_files"][k].get<std::string>(),
                       fmt::format("grid_connections[{}].tariff_files[{}]", i, k), false);
    }
  const std::string text = document_to_toml(doc, o.header);
  std::ofstream out(out_dir / "scenario.toml", std::ios::binary);
  out << text;
  out.close();
  if (!out)
    throw std::runtime_error(fmt::format("cannot write {}", (out_dir / "scenario.toml").string()));
}

json validate_scenario(const fs::path& toml, const fs::path& show_relative_to) {
  json list = json::array();
  try {
    (void)io::read_scenario(toml.string());
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) {
      json j;
      std::string file = d.file;
      const fs::path rel = fs::path(file).lexically_relative(show_relative_to);
      if (!show_relative_to.empty() && !rel.empty() && *rel.begin() != "..")
        file = rel.generic_string();
      j["file"] = file;
      j["line"] = d.line;
      j["where"] = d.where;
      j["field"] = d.field;
      j["value"] = d.value;
      j["expected"] = d.expected;
      Diagnostic shown = d;
      shown.file = file;
      j["message"] = shown.to_string();
      // The place in the document, as the reader and the validator recorded it.
      std::string section = d.section;
      const std::string& component = d.component;
      const int index = d.index;
      // A section name alone (e.g. `generators` past the size limit) is its own place.
      if (section.empty() && d.where.empty() && schema::find_section(d.field)) section = d.field;
      j["section"] = section;
      j["index"] = index;
      j["component"] = component;
      list.push_back(std::move(j));
    }
  }
  return list;
}

json schema_json() {
  json sections = json::array();
  for (const auto& s : schema::sections()) {
    json fields = json::array();
    for (const auto& f : s.fields)
      fields.push_back({{"name", f.name},
                        {"kind", schema::kind_name(f.kind)},
                        {"unit", f.unit},
                        {"default", f.default_text},
                        {"required", f.required()},
                        {"rule", schema::rule_text(f.rule)},
                        {"description", f.description}});
    sections.push_back({{"name", s.name},
                        {"array", s.array},
                        {"component", s.component},
                        {"description", s.description},
                        {"fields", fields}});
  }
  return sections;
}

json notes_json(const fs::path& toml) {
  json out = json::array();
  for (const auto& e : report::scenario_entries(toml))
    if (!e.note.empty())
      out.push_back({{"section", e.section},
                     {"index", e.index},
                     {"component", e.component},
                     {"field", e.field},
                     {"note", e.note}});
  return out;
}

}  // namespace parkgrid::server
