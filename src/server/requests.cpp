#include "server/requests.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <ctime>
#include <vector>

namespace parkgrid::server {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kDocumentExpected =
    "document: expected a JSON object (the scenario's sections)";

// A value in a message: text as "text" (as typed), anything else as JSON.
std::string shown(const json& v) {
  return v.is_string() ? fmt::format("\"{}\"", v.get<std::string>()) : v.dump();
}

// How deeply arrays and objects nest in JSON text (brackets inside strings do not count); stops
// counting past `limit`.
int nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) break;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

Reply problems_reply(const json& diags, const char* consequence) {
  return {422,
          {{"error", fmt::format("the scenario has {} problem(s); {}", diags.size(), consequence)},
           {"diagnostics", diags}}};
}

}  // namespace

std::string reply_text(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

Reply error_reply(int status, const std::string& message, json extra) {
  extra["error"] = message;
  return {status, std::move(extra)};
}

Body parse_body(std::string_view text) {
  Body b;
  if (text.empty()) {
    b.error = error_reply(400, "request body: expected a JSON object, got an empty body");
    return b;
  }
  if (nesting_depth(text, kMaxBodyDepth) > kMaxBodyDepth) {
    b.error = error_reply(
        400,
        fmt::format("request body: arrays and objects nest deeper than {} levels", kMaxBodyDepth));
    return b;
  }
  try {
    b.object = json::parse(text);
    if (!b.object.is_object())
      b.error = error_reply(
          400, fmt::format("request body: expected a JSON object, got {}", b.object.type_name()));
  } catch (const json::exception& e) {
    // A syntax error (parse_error), or a number past the range of a double such as 1e400
    // (out_of_range 406): "[json.exception.parse_error.101] parse error at line 1, ...".
    std::string what = e.what();
    if (const auto cut = what.find("] "); cut != std::string::npos) what = what.substr(cut + 2);
    b.error = error_reply(400, fmt::format("request body is not valid JSON: {}", what));
  }
  return b;
}

std::string now_text() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&t));
  return buf;
}

json write_and_validate(const json& doc, const fs::path& base_dir, const fs::path& dir,
                        const FolderOptions& options) {
  write_scenario_folder(doc, base_dir, dir, options);
  return validate_scenario(dir / "scenario.toml", dir);
}

Reply validate_request(const json& body, const fs::path& base_dir, const fs::path& scratch,
                       const std::vector<fs::path>& data_roots) {
  if (!body.contains("document") || !body.at("document").is_object())
    return error_reply(400, kDocumentExpected);
  std::error_code ec;
  try {
    fs::create_directories(scratch.parent_path());
    FolderOptions fo;
    fo.data_roots = data_roots;
    const json diags = write_and_validate(body.at("document"), base_dir, scratch, fo);
    fs::remove_all(scratch, ec);
    return {200, {{"ok", diags.empty()}, {"diagnostics", diags}}};
  } catch (const DocumentError& e) {
    fs::remove_all(scratch, ec);
    return error_reply(400, e.what());
  } catch (...) {
    fs::remove_all(scratch, ec);
    throw;
  }
}

std::optional<Reply> check_job_request(const json& b, const FindScenario& find, JobSpec& spec,
                                       ScenarioInfo& scenario) {
  const json kind = b.value("kind", json("run"));
  if (kind != "run" && kind != "paths" && kind != "plan")
    return error_reply(
        400, fmt::format("kind = {}: expected \"run\", \"paths\" or \"plan\"", shown(kind)));
  if (!b.contains("scenario") || !b.at("scenario").is_string())
    return error_reply(400, "scenario: expected the id of a scenario (GET /api/scenarios)");
  const std::string id = b.at("scenario").get<std::string>();
  const auto sc = find(id);
  if (!sc) return error_reply(404, fmt::format("no scenario \"{}\"", id));
  scenario = *sc;
  spec.kind = kind.get<std::string>();
  spec.scenario_id = sc->id;
  spec.scenario_name = sc->name;
  const json solver = b.value("solver", json(spec.kind == "paths" ? "simplex" : "ipm"));
  static const std::vector<std::string> methods{"choose", "simplex", "ipm", "ipx", "hipo", "pdlp"};
  if (!solver.is_string() ||
      std::find(methods.begin(), methods.end(), solver.get<std::string>()) == methods.end())
    return error_reply(400,
                       fmt::format("solver = {}: expected choose, simplex, ipm, ipx, hipo or pdlp",
                                   shown(solver)));
  spec.solver = solver.get<std::string>();
  if (b.contains("time_limit_s")) {
    const json& t = b.at("time_limit_s");
    if (!t.is_number() || !(t.get<double>() > 0))
      return error_reply(400, "time_limit_s: expected a number of seconds > 0");
    spec.time_limit_s = t.get<double>();
  }
  if (b.contains("horizon_hours") && !b.at("horizon_hours").is_null()) {
    const json& h = b.at("horizon_hours");
    if (!h.is_number_integer() || h.get<long long>() < 1)
      return error_reply(400, "horizon_hours: expected a whole number of hours >= 1");
    spec.horizon_hours = h.get<long long>();
  }
  if (b.contains("typical_days") && !b.at("typical_days").is_null()) {
    const json& d = b.at("typical_days");
    if (!d.is_number_integer() || d.get<long long>() < 1 || d.get<long long>() > 366)
      return error_reply(400, "typical_days: expected a whole number of days from 1 to 366");
    if (spec.horizon_hours)
      return error_reply(400,
                         "horizon_hours and typical_days: give one of them (a quick look at the "
                         "first hours, or the year on representative days)");
    spec.typical_days = d.get<long long>();
  }
  if (b.contains("document") && !b.at("document").is_null() && !b.at("document").is_object())
    return error_reply(400, kDocumentExpected);
  spec.request = b;
  spec.request.erase("document");  // kept as input/scenario.toml
  return std::nullopt;
}

std::optional<Reply> prepare_job(const json& b, const ScenarioInfo& sc, const fs::path& root,
                                 const std::string& job_id, const fs::path& folder, JobSpec& spec,
                                 const std::vector<fs::path>& data_roots) {
  const bool edited = b.contains("document") && !b.at("document").is_null();
  std::error_code ec;
  const auto refuse = [&](Reply r) {
    fs::remove_all(folder, ec);
    return std::optional<Reply>(std::move(r));
  };
  try {
    if (edited || spec.horizon_hours) {
      const json doc = edited ? b.at("document") : read_document(sc.path);
      FolderOptions fo;
      fo.horizon_hours = spec.horizon_hours;
      fo.data_roots = data_roots;
      fo.header =
          fmt::format("Input of job {} (parkgrid serve, {}), from \"{}\" ({}){}.", job_id,
                      now_text(), sc.id, sc.path.string(),
                      spec.horizon_hours ? fmt::format(", first {} h", *spec.horizon_hours) : "");
      const json diags = write_and_validate(doc, sc.path.parent_path(), folder / "input", fo);
      if (!diags.empty()) return refuse(problems_reply(diags, "no job was started"));
      spec.input = folder / "input" / "scenario.toml";
      spec.notes_source = edited ? spec.input : sc.path;
    } else {
      const json diags = validate_scenario(sc.path, root);
      if (!diags.empty()) return refuse(problems_reply(diags, "no job was started"));
      spec.input = fs::absolute(sc.path);
      spec.notes_source = spec.input;
    }
  } catch (const DocumentError& e) {
    return refuse(error_reply(400, e.what()));
  } catch (...) {
    fs::remove_all(folder, ec);
    throw;
  }
  if (spec.kind == "paths" && !sc.has_paths && !edited)
    return refuse(error_reply(
        422,
        fmt::format("scenario \"{}\" has no [paths] section: the reform paths need one", sc.id),
        {{"diagnostics",
          json::array({{{"section", "paths"},
                        {"index", -1},
                        {"field", ""},
                        {"message", "[paths] is missing (see docs/tariffs.md)"}}})}}));
  if (spec.kind == "plan" && !sc.has_planning && !edited)
    return refuse(error_reply(
        422,
        fmt::format("scenario \"{}\" has no [planning] section: the multi-year plan needs one",
                    sc.id),
        {{"diagnostics",
          json::array({{{"section", "planning"},
                        {"index", -1},
                        {"field", ""},
                        {"message", "[planning] is missing (see docs/planning.md)"}}})}}));
  return std::nullopt;
}

std::optional<Reply> query_whole_number(const std::string& name, const std::string& text,
                                        long long& out) {
  long long v = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  const auto [end, ec] = std::from_chars(first, last, v);
  if (text.empty() || ec != std::errc() || end != last) {
    std::string value;
    for (const unsigned char c : text.substr(0, 40))
      value += c < 0x20 || c == 0x7f || c == '"' ? fmt::format("\\x{:02x}", c)
                                                 : std::string(1, static_cast<char>(c));
    return error_reply(
        400, fmt::format("{} = \"{}\": expected a whole number{}", name, value,
                         ec == std::errc::result_out_of_range ? " (it is too large)" : ""));
  }
  out = v;
  return std::nullopt;
}

}  // namespace parkgrid::server
