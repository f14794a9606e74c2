// Fuzz target: the JSON request bodies of the HTTP API (`parkgrid serve`, docs/api.md), through
// the functions the routes call (src/server/requests.hpp), without a socket and without starting
// a job.
//
// Input: a request body. It is parsed as the server parses every body, then sent as the body of
// POST /api/scenarios/base/validate ({"document": ...}) and of POST /api/jobs ({"kind",
// "scenario", "solver", "time_limit_s", "horizon_hours", "document"}: the request checks, then the
// job's input folder, cut to horizon_hours for a quick look). The scenario "base" lives in the
// scratch folder with a CSV file d.csv (columns pv, wind, load, demand, cf, x, 48 hourly rows)
// and a tariff file t.toml, so `{"file": "d.csv", "column": "pv"}` resolves.
//
// Beyond "no crash": every answer is a success, a 400/404 with an error text, or a 422 with a
// non-empty list of diagnostics that each have a message; no exception escapes but the
// server's own answers; the folders written are gone after a refusal; a document that validates
// is read by io::read_scenario, and written again from what read_document gives back it gives
// the same TOML and the same values; a quick look keeps at most horizon_hours snapshots and the
// hours they stand for.
//
// Issue 19 added two more kinds of input, told apart by their first line:
//   "#@head" then a request head ("METHOD PATH[?token=...]" and "Name: value" lines): the access
// check of every request (access.hpp, check_access) against a server on 127.0.0.1:8080 with the
// token "t0k3n". Checks: a refusal is a 400, 401 or 403 with an error text; an accepted API
// request presented the token; a foreign Host is refused; an accepted state change came with its
// own origin (or no Origin and the token in a header).
//   "#@ref" then a file reference: a series `{"file": REF}` written out as a scenario folder
// (write_scenario_folder) from the scenario "base", whose folder also holds symbolic links out
// (to a secret file, /etc, /dev/null), a folder and a fifo, with the data root "root" beside it.
// Checks: a refusal is a DocumentError naming the field; nothing outside the base folder and the
// data root is ever copied (no file of the written folder holds the secret's text).
// Every body's written folders (validate, job input) are checked for the secret too.
#include <sys/stat.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_util.hpp"
#include "parkgrid/error.hpp"
#include "parkgrid/scenario.hpp"
#include "server/access.hpp"
#include "server/requests.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace parkgrid;
using namespace parkgrid::server;

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_api: %s: %s\n", what, detail.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

constexpr const char* kBaseScenario = R"(# The catalogue's scenario "base" of fuzz_api.
[scenario]
name = "base"
[snapshots]
start = "2025-01-01T00:00"
count = 48
[[carriers]]
name = "electricity"
[[carriers]]
name = "solar"
renewable = true
[[buses]]
name = "b"
[[loads]]
name = "l"
bus = "b"
demand_mw = { file = "d.csv", column = "load" }
[[generators]]
name = "pv"
bus = "b"
carrier = "solar"
capacity_mw = 5
availability_pu = { file = "d.csv", column = "pv" }
[[grid_connections]]
name = "g"
bus = "b"
import_max_mw = 10
buy_price_cny_per_mwh = 400
[paths]
tariff = "t.toml"
)";

const fs::path& base_dir() {
  static const fs::path dir = [] {
    const fs::path d = fuzz::scratch() / "base";
    fs::create_directories(d);
    std::ofstream(d / "scenario.toml") << kBaseScenario;
    std::ofstream csv(d / "d.csv");
    csv << "snapshot,pv,wind,load,demand,cf,x\n";
    for (int h = 0; h < 48; ++h) {
      const int hour = h % 24;
      const double sun = hour >= 6 && hour < 18 ? 1.0 - std::abs(hour - 12) / 6.0 : 0.0;
      csv << "2025-01-0" << 1 + h / 24 << "T" << (hour < 10 ? "0" : "") << hour << ":00," << sun
          << "," << 0.1 * (h % 7) << "," << 3 + h % 5 << "," << 4 << "," << sun << "," << h << "\n";
    }
    std::ofstream(d / "t.toml") << "[tariff]\nname = \"flat\"\n";
    // Files outside the base folder and the data root, and ways of reaching them.
    const fs::path secret = fuzz::scratch() / "secret.csv";
    std::ofstream(secret) << "snapshot,x\nSECRET-OUTSIDE-THE-ROOTS,1\n";
    std::error_code ec;
    fs::create_symlink(secret, d / "secret.csv", ec);
    fs::create_symlink("/etc", d / "etc", ec);
    fs::create_symlink("/dev/null", d / "null.csv", ec);
    fs::create_symlink(fuzz::scratch(), d / "up", ec);
    fs::create_directories(d / "sub", ec);
    std::ofstream(d / "sub" / "s.csv") << "snapshot,x\n";
    ::mkfifo((d / "fifo.csv").c_str(), 0600);
    const fs::path root = fuzz::scratch() / "root";
    fs::create_directories(root, ec);
    std::ofstream(root / "r.csv") << "snapshot,x\n";
    fs::create_symlink(secret, root / "secret.csv", ec);
    return d;
  }();
  return dir;
}

const std::vector<fs::path>& data_roots() {
  static const std::vector<fs::path> roots{fuzz::scratch() / "root"};
  return roots;
}

// No file copied under `dir` holds the text of the secret file outside the roots (scenario.toml,
// written from the document, may quote any text the document holds).
void check_no_secret(const fs::path& dir, const char* where) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec) || it->path().filename() == "scenario.toml")
      continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (ss.str().find("SECRET-OUTSIDE-THE-ROOTS") != std::string::npos)
      fail(where, "a file from outside the scenario's folder and the data roots was copied: " +
                      it->path().string());
  }
}

ScenarioInfo base_scenario() {
  ScenarioInfo sc;
  sc.id = "base";
  sc.kind = "builtin";
  sc.path = base_dir() / "scenario.toml";
  sc.name = "base";
  sc.snapshots = 48;
  sc.has_paths = true;
  return sc;
}

void check_error(const Reply& r, const char* where) {
  if (!r.body.is_object() || !r.body.contains("error") || !r.body["error"].is_string() ||
      r.body["error"].get<std::string>().empty())
    fail(where, "a refusal without an error text: " + reply_text(r.body));
}

void check_diagnostics(const json& diags, const char* where) {
  if (!diags.is_array()) fail(where, "diagnostics is not a list");
  for (const json& d : diags)
    if (!d.is_object() || !d.contains("message") || !d["message"].is_string() ||
        d["message"].get<std::string>().empty() || !d.contains("section") ||
        !d["section"].is_string() || !d.contains("index") || !d["index"].is_number_integer())
      fail(where, "a diagnostic without a message or a place: " + reply_text(d));
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The same value after JSON -> TOML -> JSON (`file` references are rewritten when copied; "+inf"
// comes back as "inf"). Whole numbers are compared as whole numbers: JSON's unsigned and
// TOML's signed 64-bit integers must not wrap into each other.
bool same_value(const json& a, const json& b, bool is_ref) {
  if (a.is_number_integer() || b.is_number_integer()) {
    if (!a.is_number_integer() || !b.is_number_integer()) return false;
    const bool a_neg = a.is_number_integer() && !a.is_number_unsigned() && a.get<long long>() < 0;
    const bool b_neg = b.is_number_integer() && !b.is_number_unsigned() && b.get<long long>() < 0;
    if (a_neg != b_neg) return false;
    return a_neg ? a.get<long long>() == b.get<long long>()
                 : a.get<std::uint64_t>() == b.get<std::uint64_t>();
  }
  if (a.is_number_float() || b.is_number_float())
    return a.is_number_float() && b.is_number_float() && a.get<double>() == b.get<double>();
  if (a.is_string() && b.is_string()) return a == b || (a == "+inf" && b == "inf") || is_ref;
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_value(a[i], b[i], false)) return false;
    return true;
  }
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    const bool series_ref = a.contains("file") && a["file"].is_string();
    for (const auto& [k, v] : a.items())
      if (!b.contains(k) || !same_value(v, b[k], series_ref && k == "file")) return false;
    return true;
  }
  return a == b;
}

// A document without diagnostics: what io::read_scenario accepted, read back with read_document
// (as the editor loads a saved scenario), is the same document and gives the same TOML.
void check_round_trip(const json& doc) {
  const fs::path one = fuzz::scratch() / "round-1", two = fuzz::scratch() / "round-2";
  std::error_code ec;
  fs::remove_all(one, ec);
  fs::remove_all(two, ec);
  try {
    write_scenario_folder(doc, base_dir(), one, {});
    (void)io::read_scenario((one / "scenario.toml").string());
    const json back = read_document(one / "scenario.toml");
    json expected = json::object();
    for (const auto& [k, v] : doc.items())
      if (!(v.is_array() && v.empty())) expected[k] = v;  // [[x]] with no table is no section
    if (!same_value(expected, back, false))
      fail("round trip",
           "the document read back differs:\n" + reply_text(expected) + "\n" + reply_text(back));
    write_scenario_folder(back, one, two, {});
    if (read_text(one / "scenario.toml") != read_text(two / "scenario.toml"))
      fail("round trip", "written again, the TOML differs:\n" + read_text(one / "scenario.toml") +
                             "\n" + read_text(two / "scenario.toml"));
  } catch (const InputError& e) {
    fail("round trip", std::string("io::read_scenario refuses a validated document: ") + e.what());
  } catch (const std::exception& e) {
    fail("round trip", std::string("exception: ") + e.what());
  }
  fs::remove_all(one, ec);
  fs::remove_all(two, ec);
}

// "#@head": the access check of a request head.
void check_head(std::string_view text) {
  static const AccessPolicy policy = make_policy("127.0.0.1", 8080, "t0k3n");
  RequestHead head;
  std::string_view rest = text;
  const auto next_line = [&]() {
    const auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  const std::string_view request = next_line();
  const auto space = request.find(' ');
  head.method = std::string(request.substr(0, space));
  std::string target =
      space == std::string_view::npos ? "/" : std::string(request.substr(space + 1));
  if (const auto q = target.find("?token="); q != std::string::npos) {
    head.query_token = target.substr(q + 7);
    target.resize(q);
  }
  head.path = target;
  bool token_seen = head.query_token && *head.query_token == "t0k3n";
  while (!rest.empty()) {
    const std::string_view line = next_line();
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value(line.substr(colon + 1));
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (value.find("t0k3n") != std::string::npos) token_seen = true;
    if (name == "host") head.host = value;
    if (name == "origin") head.origin = value;
    if (name == "cookie") head.cookie = value;
    if (name == "authorization") head.authorization = value;
    if (name == "x-parkgrid-token") head.token_header = value;
  }
  AccessDecision d;
  try {
    d = check_access(policy, head);
  } catch (const std::exception& e) {
    fail("check_access", std::string("exception escaped: ") + e.what());
  }
  if (d.refusal) {
    const int st = d.refusal->status;
    if (st != 400 && st != 401 && st != 403) fail("check_access", "status " + std::to_string(st));
    check_error(*d.refusal, "check_access");
    (void)reply_text(d.refusal->body);
    return;
  }
  const bool api = head.path == "/api" || head.path.starts_with("/api/");
  if (api && !token_seen) fail("check_access", "an API request without the token was accepted");
  std::string host = head.host.value_or("");
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host != "127.0.0.1:8080" && host != "localhost:8080" && host != "[::1]:8080")
    fail("check_access", "a foreign Host was accepted: " + host);
  const bool changes = head.method != "GET" && head.method != "HEAD" && head.method != "OPTIONS";
  if (changes && head.origin) {
    std::string origin = *head.origin;
    for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (origin != "http://" + host) fail("check_access", "a change from another origin: " + origin);
  }
  if (changes && !head.origin && !head.authorization && !head.token_header)
    fail("check_access", "a change without an Origin and without the token in a header");
}

// "#@ref": a reference written out as a scenario folder.
void check_ref(std::string_view ref) {
  json doc = json::parse(R"({"snapshots": {"count": 2}, "carriers": [{"name": "e"}],
      "buses": [{"name": "b"}], "loads": [{"name": "l", "bus": "b"}]})");
  std::string text(ref);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  doc["loads"][0]["demand_mw"] = json{{"file", text}, {"column", "x"}};
  const fs::path out = fuzz::scratch() / "ref-out";
  std::error_code ec;
  fs::remove_all(out, ec);
  FolderOptions fo;
  fo.data_roots = data_roots();
  try {
    write_scenario_folder(doc, base_dir(), out, fo);
  } catch (const DocumentError& e) {
    if (!std::string(e.what()).starts_with("loads[0].demand_mw.file = "))
      fail("write_scenario_folder", std::string("a refusal that names no field: ") + e.what());
  } catch (const std::exception& e) {
    fail("write_scenario_folder", std::string("exception: ") + e.what());
  }
  check_no_secret(out, "write_scenario_folder");
  fs::remove_all(out, ec);
}

void check_validate(const json& body) {
  const fs::path tmp = fuzz::scratch() / "tmp" / "validate-0";
  Reply r;
  try {
    r = validate_request(body, base_dir(), tmp, data_roots());
  } catch (const std::exception& e) {
    fail("validate_request", std::string("exception escaped: ") + e.what());
  }
  std::error_code ec;
  if (fs::exists(tmp, ec)) fail("validate_request", "the scratch folder is left behind");
  (void)reply_text(r.body);
  if (r.status == 400) return check_error(r, "validate_request");
  if (r.status != 200) fail("validate_request", "status " + std::to_string(r.status));
  if (!r.body["ok"].is_boolean()) fail("validate_request", "ok is not true or false");
  check_diagnostics(r.body["diagnostics"], "validate_request");
  if (r.body["ok"].get<bool>() != r.body["diagnostics"].empty())
    fail("validate_request", "ok does not match the diagnostics");
  if (r.body["ok"].get<bool>()) check_round_trip(body["document"]);
}

void check_job(const json& body) {
  JobSpec spec;
  ScenarioInfo sc;
  const FindScenario find = [](const std::string& id) -> std::optional<ScenarioInfo> {
    if (id == "base") return base_scenario();
    return std::nullopt;
  };
  std::optional<Reply> refused;
  try {
    refused = check_job_request(body, find, spec, sc);
  } catch (const std::exception& e) {
    fail("check_job_request", std::string("exception escaped: ") + e.what());
  }
  if (refused) {
    if (refused->status != 400 && refused->status != 404)
      fail("check_job_request", "status " + std::to_string(refused->status));
    return check_error(*refused, "check_job_request");
  }
  if (spec.kind != "run" && spec.kind != "paths" && spec.kind != "plan")
    fail("check_job_request", "kind " + spec.kind);
  const fs::path folder = fuzz::scratch() / "jobs" / "job-0";
  std::error_code ec;
  fs::remove_all(folder, ec);
  fs::create_directories(folder);  // as JobManager::reserve
  try {
    refused = prepare_job(body, sc, base_dir(), "job-0", folder, spec, data_roots());
  } catch (const std::exception& e) {
    fail("prepare_job", std::string("exception escaped: ") + e.what());
  }
  (void)reply_text(refused ? refused->body : json());
  if (refused) {
    if (fs::exists(folder, ec)) fail("prepare_job", "a refused job leaves its folder");
    check_error(*refused, "prepare_job");
    if (refused->status == 400) return;
    if (refused->status != 422) fail("prepare_job", "status " + std::to_string(refused->status));
    if (!refused->body.contains("diagnostics") || refused->body["diagnostics"].empty())
      fail("prepare_job", "a 422 without diagnostics");
    return check_diagnostics(refused->body["diagnostics"], "prepare_job");
  }
  // The job would start: its input reads, cut to the quick look's horizon.
  if (!fs::is_regular_file(spec.input, ec)) fail("prepare_job", "no input file");
  check_no_secret(folder, "prepare_job");
  try {
    const Network net = io::read_scenario(spec.input.string());
    if (spec.horizon_hours && net.snapshot_count() > *spec.horizon_hours)
      fail("prepare_job", "more snapshots than horizon_hours");
    // The snapshots kept stand for the whole period: count x weight (or step) of the document.
    const json* doc =
        body.contains("document") && body["document"].is_object() ? &body["document"] : nullptr;
    if (spec.horizon_hours && doc && doc->contains("snapshots") &&
        (*doc)["snapshots"].is_object()) {
      const json& s = (*doc)["snapshots"];
      const long long count =
          s.contains("count") && s["count"].is_number_integer() ? s["count"].get<long long>() : 0;
      const double per = s.contains("weight_hours") && s["weight_hours"].is_number()
                             ? s["weight_hours"].get<double>()
                         : s.contains("step_hours") && s["step_hours"].is_number()
                             ? s["step_hours"].get<double>()
                             : 1.0;
      const double expected = per * static_cast<double>(count);
      const double total = net.snapshots.total_hours();
      if (count > *spec.horizon_hours && std::isfinite(expected) &&
          std::abs(total - expected) > 1e-9 * std::max(1.0, std::abs(expected)))
        fail("prepare_job", "the quick look stands for " + std::to_string(total) +
                                " h instead of " + std::to_string(expected) + " h");
    }
  } catch (const InputError& e) {
    fail("prepare_job", std::string("a job input the reader refuses: ") + e.what());
  } catch (const std::exception& e) {
    fail("prepare_job", std::string("exception: ") + e.what());
  }
  fs::remove_all(folder, ec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)base_dir();
  const std::string_view input = fuzz::view(data, size);
  if (input.starts_with("#@head\n")) {
    check_head(input.substr(7));
    return 0;
  }
  if (input.starts_with("#@ref\n")) {
    check_ref(input.substr(6));
    return 0;
  }
  Body body;
  try {
    body = parse_body(fuzz::view(data, size));
  } catch (const std::exception& e) {
    fail("parse_body", std::string("exception escaped: ") + e.what());
  }
  if (body.error) {
    if (body.error->status != 400)
      fail("parse_body", "status " + std::to_string(body.error->status));
    check_error(*body.error, "parse_body");
    (void)reply_text(body.error->body);
    return 0;
  }
  if (!body.object.is_object()) fail("parse_body", "accepted a body that is not an object");
  check_validate(body.object);
  check_job(body.object);
  return 0;
}
