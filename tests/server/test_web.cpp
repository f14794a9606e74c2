// Unit tests of the web server's and the report's building blocks: the scenario document (TOML to
// JSON and back, quick-look folders), the mapping of diagnostics onto fields, the results reader,
// the notes and sources of a scenario, and the SVG helpers. The HTTP API and the browser are
// tested end to end by tests/web/ and web/tests/.
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parkgrid/error.hpp"
#include "parkgrid/scenario.hpp"
#include "report/report.hpp"
#include "report/results.hpp"
#include "report/scenario_notes.hpp"
#include "report/svg.hpp"
#include "server/access.hpp"
#include "server/requests.hpp"
#include "server/scenario_doc.hpp"

namespace parkgrid {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("parkgrid_web_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const fs::path kRoot = PARKGRID_SOURCE_DIR;

TEST(ScenarioDoc, MicrogridRoundTripsThroughJson) {
  TempDir tmp;
  const fs::path src = kRoot / "examples/microgrid/scenario.toml";
  const json doc = server::read_document(src);
  EXPECT_EQ(doc["scenario"]["name"], "microgrid");
  EXPECT_EQ(doc["snapshots"]["count"], 8760);
  EXPECT_EQ(doc["loads"][0]["demand_mw"]["daily"].size(), 24u);
  server::write_scenario_folder(doc, src.parent_path(), tmp.path() / "copy", {});
  EXPECT_EQ(server::read_document(tmp.path() / "copy/scenario.toml"), doc);
  const Network a = io::read_scenario(src.string());
  const Network b = io::read_scenario((tmp.path() / "copy/scenario.toml").string());
  EXPECT_EQ(a.snapshot_count(), b.snapshot_count());
  EXPECT_EQ(a.generators.name, b.generators.name);
  EXPECT_EQ(a.loads.demand_mw.row(0)[9], b.loads.demand_mw.row(0)[9]);
  EXPECT_TRUE(server::validate_scenario(tmp.path() / "copy/scenario.toml", tmp.path()).empty());
}

TEST(ScenarioDoc, NumbersKeepTheirTypeAndInfinityIsText) {
  const json doc = json::parse(R"({
    "policy": {"min_green_share": 0.0, "carbon_price_cny_per_t": 5},
    "generators": [{"name": "pv", "max_capacity_mw": "inf", "carrier": "inf"}]})");
  const std::string toml = server::document_to_toml(doc, "a header\nsecond line");
  EXPECT_NE(toml.find("# a header\n# second line\n"), std::string::npos);
  EXPECT_NE(toml.find("min_green_share = 0.0\n"), std::string::npos);  // still a float
  EXPECT_NE(toml.find("carbon_price_cny_per_t = 5\n"), std::string::npos);
  EXPECT_NE(toml.find("max_capacity_mw = inf\n"), std::string::npos);  // a number field
  EXPECT_NE(toml.find("carrier = \"inf\"\n"), std::string::npos);      // a text field
  // Sections in the schema's order, fields too: name first.
  EXPECT_LT(toml.find("[[generators]]"), toml.find("[policy]"));
  EXPECT_LT(toml.find("name = \"pv\""), toml.find("carrier"));
}

TEST(ScenarioDoc, ShapesTomlCannotHoldAreNamed) {
  EXPECT_THROW((void)server::document_to_toml(json::array(), ""), server::DocumentError);
  try {
    (void)server::document_to_toml(json::parse(R"({"loads": [{"name": "l", "bus": null}]})"), "");
    FAIL();
  } catch (const server::DocumentError& e) {
    EXPECT_STREQ(e.what(),
                 "loads[0].bus: null is not a value (leave the field out for its default)");
  }
  try {
    (void)server::document_to_toml(json::parse(R"({"policy": 3})"), "");
    FAIL();
  } catch (const server::DocumentError& e) {
    EXPECT_STREQ(e.what(), "policy: expected a table or a list of tables");
  }
  try {  // found by fuzz_api: a NUL in a name left what() empty
    (void)server::document_to_toml(json::parse(R"({"\u0000x\n": 1})"), "");
    FAIL();
  } catch (const server::DocumentError& e) {
    EXPECT_STREQ(e.what(), "\\u0000x\\u000a: expected a table or a list of tables");
  }
  TempDir tmp;
  write(tmp.path() / "bad.toml", "[scenario]\nname = \n");
  try {
    (void)server::read_document(tmp.path() / "bad.toml");
    FAIL();
  } catch (const server::DocumentError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.toml:2:"), std::string::npos) << e.what();
  }
}

// A small case with a CSV series: a quick look cuts the CSV and scales the weights.
TEST(ScenarioDoc, QuickLookCutsSeriesAndKeepsTheYear) {
  TempDir tmp;
  std::string csv = "snapshot,cf\n";
  for (int h = 0; h < 48; ++h)
    csv += "2025-01-0" + std::to_string(1 + h / 24) + "T" + (h % 24 < 10 ? "0" : "") +
           std::to_string(h % 24) + ":00," + (h % 24 >= 8 && h % 24 < 16 ? "0.5" : "0") + "\n";
  write(tmp.path() / "case/data/profile.csv", csv);
  write(tmp.path() / "case/scenario.toml", R"(
[scenario]
name = "tiny"
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
demand_mw = 1
[[generators]]
name = "pv"
bus = "b"
carrier = "solar"
extendable = true
max_capacity_mw = inf
capex_cny_per_mw = 1e5
availability_pu = { file = "data/profile.csv", column = "cf" }
[[grid_connections]]
name = "g"
bus = "b"
import_max_mw = 10
buy_price_cny_per_mwh = 400
)");
  const json doc = server::read_document(tmp.path() / "case/scenario.toml");
  server::FolderOptions o;
  o.horizon_hours = 12;
  server::write_scenario_folder(doc, tmp.path() / "case", tmp.path() / "quick", o);
  const json quick = server::read_document(tmp.path() / "quick/scenario.toml");
  EXPECT_EQ(quick["snapshots"]["count"], 12);
  EXPECT_DOUBLE_EQ(quick["snapshots"]["weight_hours"].get<double>(), 4.0);  // 48 h / 12
  EXPECT_EQ(quick["generators"][0]["availability_pu"]["file"], "data/profile.csv");
  EXPECT_EQ(quick["generators"][0]["max_capacity_mw"], "inf");
  const std::string cut = read(tmp.path() / "quick/data/profile.csv");
  EXPECT_EQ(std::count(cut.begin(), cut.end(), '\n'), 13);  // header + 12 rows
  const Network net = io::read_scenario((tmp.path() / "quick/scenario.toml").string());
  EXPECT_EQ(net.snapshot_count(), 12);
  EXPECT_DOUBLE_EQ(net.snapshots.weight_hours[0], 4.0);
  EXPECT_TRUE(std::isinf(net.generators.capacity_mw.max[0]));
  // A horizon of the whole count keeps everything; past it, the limit is named (issue 21);
  // the output folder must be new.
  o.horizon_hours = 48;
  server::write_scenario_folder(doc, tmp.path() / "case", tmp.path() / "all", o);
  EXPECT_EQ(server::read_document(tmp.path() / "all/scenario.toml")["snapshots"]["count"], 48);
  EXPECT_THROW(server::write_scenario_folder(doc, tmp.path() / "case", tmp.path() / "all", o),
               std::runtime_error);
  o.horizon_hours = 1000;
  try {
    server::write_scenario_folder(doc, tmp.path() / "case", tmp.path() / "past", o);
    FAIL() << "a horizon past the scenario was accepted";
  } catch (const server::DocumentError& e) {
    EXPECT_STREQ(e.what(),
                 "horizon_hours = 1000: past the scenario's 48 snapshots; give at most 48 (or "
                 "leave it out for the whole scenario)");
  }
  EXPECT_FALSE(fs::exists(tmp.path() / "past"));
}

TEST(ScenarioDoc, DiagnosticsPointAtSectionComponentAndField) {
  TempDir tmp;
  const fs::path src = kRoot / "examples/microgrid/scenario.toml";
  json doc = server::read_document(src);
  doc["storage_units"][0]["efficiency_charge"] = 1.5;
  doc["policy"]["min_green_share"] = -1;
  doc["loads"][0]["demand_mw"] = json{{"file", "missing.csv"}, {"column", "x"}};
  server::write_scenario_folder(doc, src.parent_path(), tmp.path() / "bad", {});
  const json d = server::validate_scenario(tmp.path() / "bad/scenario.toml", tmp.path() / "bad");
  ASSERT_EQ(d.size(), 4u) << d.dump(1);  // the missing file, and the field that names it
  std::map<std::string, json> by_field;
  for (const auto& x : d) by_field[x["field"]] = x;
  EXPECT_EQ(by_field["efficiency_charge"]["section"], "storage_units");
  EXPECT_EQ(by_field["efficiency_charge"]["index"], 0);
  EXPECT_EQ(by_field["efficiency_charge"]["component"], "battery");
  EXPECT_EQ(by_field["efficiency_charge"]["file"], "scenario.toml");
  EXPECT_EQ(by_field["min_green_share"]["section"], "policy");
  EXPECT_EQ(by_field["min_green_share"]["index"], -1);
  EXPECT_EQ(by_field["demand_mw"]["section"], "loads");
  EXPECT_EQ(by_field["demand_mw"]["index"], 0);
  EXPECT_EQ(by_field[""]["file"], "missing.csv");  // relative to the folder, as the user wrote it
  EXPECT_EQ(by_field[""]["section"], "");
}

// Found by fuzz_api (tests/fuzz/regressions/fuzz_api/): a component whose name is not text made
// the mapping of a diagnostic onto the document throw (a 500 instead of the diagnostics).
TEST(ScenarioDoc, DiagnosticsBesideANameThatIsNotText) {
  TempDir tmp;
  const json doc = json::parse(R"({"snapshots": {"count": 2}, "carriers": [{"name": "e"}],
    "buses": [{"name": "b"}], "loads": [{"name": 5, "bus": "b", "demand_mw": 1},
    {"name": "l2", "bus": "nope", "demand_mw": 1}]})");
  server::write_scenario_folder(doc, tmp.path(), tmp.path() / "s", {});
  const json d = server::validate_scenario(tmp.path() / "s/scenario.toml", tmp.path() / "s");
  bool found = false;
  for (const auto& x : d)
    if (x["component"] == "l2") {
      EXPECT_EQ(x["section"], "loads");
      EXPECT_EQ(x["index"], 1);
      found = true;
    }
  EXPECT_TRUE(found) << d.dump(1);
}

// Found by fuzz_api: a year of 9e50 was cast to int (undefined behaviour) by the CLI's reader.
TEST(ScenarioReader, YearsPastIntAreNamed) {
  TempDir tmp;
  write(tmp.path() / "s.toml", R"([snapshots]
count = 48
[[carriers]]
name = "e"
[[buses]]
name = "b"
[[generators]]
name = "coal"
bus = "b"
carrier = "e"
capacity_mw = 1
[planning]
years = [2025, 2026]
base_year = 1e300
[[retirements]]
component = "coal"
year = 9e50
)");
  try {
    (void)io::read_scenario((tmp.path() / "s.toml").string());
    FAIL();
  } catch (const InputError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
    EXPECT_NE(all.find("base_year = 1e+300 (expected a year between 1 and 9999)"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("year = 9e+50 (expected a year between 1 and 9999)"), std::string::npos)
        << all;
  }
}

// A whole number past TOML's signed 64 bits would have been written wrapped (2^64 - 1 as -1).
TEST(ScenarioDoc, WholeNumbersPastTomlsRangeAreNamed) {
  try {
    (void)server::document_to_toml(
        json::parse(R"({"scenario": {"discount_rate": 18446744073709551615}})"), "");
    FAIL();
  } catch (const server::DocumentError& e) {
    EXPECT_STREQ(e.what(),
                 "scenario.discount_rate: 18446744073709551615 is past the largest whole number a "
                 "scenario file holds (9223372036854775807); write it with a decimal point or an "
                 "exponent for a number");
  }
  EXPECT_NE(server::document_to_toml(
                json::parse(R"({"scenario": {"discount_rate": 9223372036854775807}})"), "")
                .find("discount_rate = 9223372036854775807"),
            std::string::npos);
}

// References the copy cannot follow: not a file name, not a regular file, an empty CSV, and two
// different files that would land on one name.
TEST(ScenarioDoc, ReferencesThatAreNotPlainFiles) {
  TempDir tmp;
  write(tmp.path() / "case/empty.csv", "");
  write(tmp.path() / "other/empty.csv", "snapshot,x\n");
  write(tmp.path() / "secret.csv", "snapshot,x\n");
  fs::create_directories(tmp.path() / "case/data");
  const auto doc_with = [](const std::string& file) {
    json doc = json::parse(R"({"snapshots": {"count": 2}, "carriers": [{"name": "e"}],
      "buses": [{"name": "b"}], "loads": [{"name": "l", "bus": "b"}]})");
    doc["loads"][0]["demand_mw"] = json{{"file", file}, {"column", "x"}};
    return doc;
  };
  // Files inside the scenario's folder that are not there, or empty: the reader names them.
  int n = 0;
  for (const char* file : {"missing.csv", "empty.csv"}) {
    const fs::path out = tmp.path() / ("out" + std::to_string(n++));
    for (const auto horizon : {std::optional<long long>(), std::optional<long long>(1)}) {
      server::FolderOptions o;
      o.horizon_hours = horizon;
      fs::remove_all(out);
      server::write_scenario_folder(doc_with(file), tmp.path() / "case", out, o);
      const json d = server::validate_scenario(out / "scenario.toml", out);
      EXPECT_FALSE(d.empty()) << file;  // the reader names the file
    }
  }
  // Names that are no file, paths out of the folder, folders, devices, links out (issue 19):
  // refused with the field and the reason, and nothing is written.
  fs::create_symlink("/etc/passwd", tmp.path() / "case/passwd.csv");
  fs::create_symlink("/dev/null", tmp.path() / "case/null.csv");
  fs::create_symlink(tmp.path() / "secret.csv", tmp.path() / "case/secret.csv");
  const std::vector<std::pair<std::string, std::string>> refused{
      {"", "expected the name of a file"},
      {".", "expected the name of a file, not a folder"},
      {"data/", "expected the name of a file, not a folder"},
      {"data", "a folder, not a file"},
      {"..", "leads out of the scenario's folder"},
      {"/", "an absolute path is not accepted"},
      {"/dev/null", "an absolute path is not accepted"},
      {"/etc/passwd", "an absolute path is not accepted"},
      {"../secret.csv", "leads out of the scenario's folder"},
      {"data/../../secret.csv", "leads out of the scenario's folder"},
      {"passwd.csv", "a symbolic link leading out"},
      {"null.csv", "a symbolic link leading out"},
      {"secret.csv", "a symbolic link leading out"},
  };
  for (const auto& [file, reason] : refused) {
    const fs::path out = tmp.path() / "refused";
    try {
      server::write_scenario_folder(doc_with(file), tmp.path() / "case", out, {});
      ADD_FAILURE() << "accepted " << file;
    } catch (const server::DocumentError& e) {
      const std::string what = e.what();
      EXPECT_TRUE(what.starts_with("loads[0].demand_mw.file = \"" + file + "\": ")) << what;
      EXPECT_NE(what.find(reason), std::string::npos) << what;
    }
    fs::remove_all(out);
  }
  // A data root opens "../other/empty.csv"; a fifo there is not a regular file.
  ASSERT_EQ(::mkfifo((tmp.path() / "other/pipe.csv").c_str(), 0600), 0);
  server::FolderOptions roots;
  roots.data_roots = {tmp.path() / "other"};
  server::write_scenario_folder(doc_with("../other/empty.csv"), tmp.path() / "case",
                                tmp.path() / "rooted", roots);
  EXPECT_TRUE(fs::exists(tmp.path() / "rooted/empty.csv"));
  EXPECT_THROW(server::write_scenario_folder(doc_with("../other/pipe.csv"), tmp.path() / "case",
                                             tmp.path() / "piped", roots),
               server::DocumentError);
  EXPECT_THROW(server::write_scenario_folder(doc_with("../secret.csv"), tmp.path() / "case",
                                             tmp.path() / "secret", roots),
               server::DocumentError);
  json two = doc_with("empty.csv");
  two["loads"].push_back(json{{"name", "m"},
                              {"bus", "b"},
                              {"demand_mw", {{"file", "../other/empty.csv"}, {"column", "x"}}}});
  try {
    server::write_scenario_folder(two, tmp.path() / "case", tmp.path() / "two", roots);
    FAIL();
  } catch (const server::DocumentError& e) {
    EXPECT_NE(std::string(e.what()).find("loads[1].demand_mw.file = \"../other/empty.csv\": its "
                                         "copy would be empty.csv in the scenario folder"),
              std::string::npos)
        << e.what();
  }
}

// Who may use the server (src/server/access.hpp, issue 19), without a socket.
TEST(Access, HostOriginAndToken) {
  const server::AccessPolicy p = server::make_policy("127.0.0.1", 8080, "s3cret");
  const auto head = [](std::string method, std::string path) {
    server::RequestHead h;
    h.method = std::move(method);
    h.path = std::move(path);
    h.host = "127.0.0.1:8080";
    h.authorization = "Bearer s3cret";
    return h;
  };
  const auto status = [&](const server::RequestHead& h) {
    const auto d = server::check_access(p, h);
    return d.refusal ? d.refusal->status : 200;
  };
  EXPECT_EQ(status(head("GET", "/api/jobs")), 200);
  auto h = head("GET", "/api/jobs");
  h.host = "localhost:8080";
  EXPECT_EQ(status(h), 200);
  h.host = "evil.example:8080";
  EXPECT_EQ(status(h), 403);
  h.host = std::nullopt;
  EXPECT_EQ(status(h), 400);
  h = head("GET", "/api/jobs");
  h.authorization = "Bearer s3cre";
  EXPECT_EQ(status(h), 401);
  h.authorization = std::nullopt;
  EXPECT_EQ(status(h), 401);
  EXPECT_EQ(status(head("GET", "/")), 200);
  h.cookie = "x=1; parkgrid_token_8080=s3cret";
  EXPECT_EQ(status(h), 200);
  h.cookie = "parkgrid_token_8081=s3cret";  // another server's cookie
  EXPECT_EQ(status(h), 401);
  h = head("GET", "/");
  h.authorization = std::nullopt;
  h.query_token = "s3cret";
  EXPECT_TRUE(server::check_access(p, h).token_in_query);
  // Changes need the same origin; without one, the token in a header.
  h = head("POST", "/api/jobs");
  EXPECT_EQ(status(h), 200);
  h.origin = "http://127.0.0.1:8080";
  EXPECT_EQ(status(h), 200);
  for (const char* o : {"http://evil.example", "null", "https://127.0.0.1:8080", ""}) {
    h.origin = o;
    EXPECT_EQ(status(h), 403) << o;
  }
  h = head("DELETE", "/api/jobs/x");
  h.authorization = std::nullopt;
  h.cookie = "parkgrid_token_8080=s3cret";
  EXPECT_EQ(status(h), 403);  // a cookie without an Origin
  h.origin = "http://127.0.0.1:8080";
  EXPECT_EQ(status(h), 200);
  // --no-token: Host and Origin still apply.
  const server::AccessPolicy open = server::make_policy("127.0.0.1", 8080, "");
  h = head("POST", "/api/jobs");
  h.authorization = std::nullopt;
  EXPECT_FALSE(server::check_access(open, h).refusal);
  h.origin = "http://evil.example";
  EXPECT_EQ(server::check_access(open, h).refusal->status, 403);
  EXPECT_TRUE(server::is_loopback("127.0.0.2") && server::is_loopback("::1") &&
              server::is_loopback("localhost"));
  EXPECT_FALSE(server::is_loopback("0.0.0.0") || server::is_loopback("192.168.1.2") ||
               server::is_loopback("localhost.evil.example"));
  EXPECT_EQ(server::new_token().size(), 48u);
  EXPECT_NE(server::new_token(), server::new_token());
}

// Numbers of a query string: all of the text is the number (issue 21).
TEST(Requests, QueryNumbersAreWholeNumbersOnly) {
  long long v = -1;
  EXPECT_FALSE(server::query_whole_number("start", "12", v));
  EXPECT_EQ(v, 12);
  EXPECT_FALSE(server::query_whole_number("start", "-3", v));
  EXPECT_EQ(v, -3);
  for (const char* bad :
       {"12abc", "", " 12", "12 ", "1e3", "0x10", "+5", "1.5", "99999999999999999999"}) {
    const auto r = server::query_whole_number("start", bad, v);
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(r->body["error"].get<std::string>().starts_with(
        fmt::format("start = \"{}\": expected a whole number", bad)))
        << r->body;
  }
}

// The request bodies of the API (src/server/requests.hpp), as fuzz_api runs them.
TEST(Requests, BodiesAreParsedAndCheckedWithoutASocket) {
  EXPECT_EQ(server::parse_body("").error->status, 400);
  EXPECT_EQ(server::parse_body("[1]").error->body["error"],
            "request body: expected a JSON object, got array");
  EXPECT_EQ(server::parse_body(R"({"a": 1e600})").error->body["error"],
            "request body is not valid JSON: number overflow parsing '1e600'");
  const std::string deep = "{\"a\": " + std::string(65, '[') + std::string(65, ']') + "}";
  EXPECT_TRUE(server::parse_body(deep).error);
  const std::string ok =
      "{\"a\": \"[[[[\", \"b\": " + std::string(63, '[') + std::string(63, ']') + "}";
  EXPECT_FALSE(server::parse_body(ok).error);
  server::ScenarioInfo base;
  base.id = "microgrid";
  base.path = kRoot / "examples/microgrid/scenario.toml";
  const server::FindScenario find = [&](const std::string& id) {
    return id == base.id ? std::optional(base) : std::nullopt;
  };
  server::JobSpec spec;
  server::ScenarioInfo sc;
  const auto refused = [&](const char* body) {
    spec = {};
    return server::check_job_request(json::parse(body), find, spec, sc);
  };
  EXPECT_EQ(refused(R"({"scenario": "microgrid", "kind": 5})")->body["error"],
            "kind = 5: expected \"run\", \"paths\" or \"plan\"");
  EXPECT_EQ(refused(R"({"scenario": "microgrid", "solver": "cplex"})")->body["error"],
            "solver = \"cplex\": expected choose, simplex, ipm, ipx, hipo or pdlp");
  EXPECT_EQ(refused(R"({"scenario": "atlantis"})")->status, 404);
  EXPECT_EQ(refused(R"({"scenario": "microgrid", "horizon_hours": 18446744073709551615})")->status,
            400);
  EXPECT_FALSE(refused(R"({"scenario": "microgrid", "horizon_hours": 24, "kind": "paths"})"));
  EXPECT_EQ(spec.solver, "simplex");
  EXPECT_EQ(spec.horizon_hours, 24);
  // The job's input: a quick look of microgrid, then a refusal that leaves no folder behind.
  TempDir tmp;
  fs::create_directories(tmp.path() / "job");
  const auto kept = server::prepare_job(json::object(), sc, kRoot, "j", tmp.path() / "job", spec);
  ASSERT_TRUE(kept);  // microgrid has no [paths]
  EXPECT_EQ(kept->status, 422);
  EXPECT_FALSE(fs::exists(tmp.path() / "job"));
  spec.kind = "run";
  fs::create_directories(tmp.path() / "job");
  EXPECT_FALSE(server::prepare_job(json::object(), sc, kRoot, "j", tmp.path() / "job", spec));
  EXPECT_EQ(io::read_scenario(spec.input.string()).snapshot_count(), 24);
  const json bad = json::parse(R"({"document": {"policy": {"min_green_share": -1}}})");
  fs::remove_all(tmp.path() / "job");
  fs::create_directories(tmp.path() / "job");
  const auto r = server::prepare_job(bad, sc, kRoot, "j", tmp.path() / "job", spec);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->status == 400 || r->status == 422) << r->body.dump();
  EXPECT_FALSE(fs::exists(tmp.path() / "job"));
  const server::Reply v = server::validate_request(bad, kRoot, tmp.path() / "tmp/validate-0");
  EXPECT_EQ(v.status, 200);  // a quick look needs snapshots.count (400); validation does not
  EXPECT_EQ(v.body["ok"], false);
  EXPECT_FALSE(v.body["diagnostics"].empty());
  EXPECT_FALSE(fs::exists(tmp.path() / "tmp/validate-0"));
}

TEST(ScenarioNotes, CommentsBesideAndAboveValues) {
  TempDir tmp;
  write(tmp.path() / "s.toml", R"(# header comment
[scenario]
discount_rate = 0.06  # A31: 6% real

# ---------------
[[loads]]
name = "a"
# P03, A10: two shifts
demand_mw = { daily = [1, 2] }

[[loads]]
name = "b # not a comment"
demand_mw = 3  # S22 and SEED003
)");
  const auto e = report::scenario_entries(tmp.path() / "s.toml");
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0].section, "scenario");
  EXPECT_EQ(e[0].note, "A31: 6% real");
  EXPECT_EQ(e[0].value, "0.06");
  EXPECT_EQ(e[2].component, "a");
  EXPECT_EQ(e[2].index, 0);
  EXPECT_EQ(e[2].note, "P03, A10: two shifts");
  EXPECT_EQ(e[2].line, 9);
  EXPECT_EQ(e[4].component, "b # not a comment");
  EXPECT_EQ(e[4].index, 1);
  EXPECT_EQ(report::cited_keys(e),
            (std::vector<std::string>{"A31", "P03", "A10", "S22", "SEED003"}));
  write(tmp.path() / "SOURCES.md",
        "| key | what |\n|---|---|\n| A31 | Discount rate 6% | notes §G |\n"
        "### P03: Sany 10 GW cells\n| S22 | PV EPC | SMM |\n");
  const auto s = report::source_entries(tmp.path() / "SOURCES.md", report::cited_keys(e));
  ASSERT_EQ(s.size(), 3u);  // A10 and SEED003 are not in this file
  EXPECT_EQ(s[0], (std::pair<std::string, std::string>{"A31", "Discount rate 6% — notes §G"}));
  EXPECT_EQ(s[1], (std::pair<std::string, std::string>{"P03", "Sany 10 GW cells"}));
}

TEST(Results, CsvReaderNamesFileLineAndColumn) {
  TempDir tmp;
  write(tmp.path() / "t.csv", "\xEF\xBB\xBFname,value\r\n\"a, b\",1.5\r\n\"say \"\"hi\"\"\",\r\n");
  const auto t = report::read_csv(tmp.path() / "t.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0], "a, b");
  EXPECT_EQ(t.rows[1][0], "say \"hi\"");
  EXPECT_DOUBLE_EQ(t.number(0, 1), 1.5);
  EXPECT_TRUE(std::isnan(t.number(1, 1)));
  EXPECT_EQ(t.column("value"), 1);
  EXPECT_EQ(t.column("nope"), -1);
  try {
    (void)t.require("year");
    FAIL();
  } catch (const report::ReportError& e) {
    EXPECT_EQ(e.field(), "column \"year\"");
  }
  write(tmp.path() / "r.csv", "a,b\n1,2\n3\n");
  try {
    (void)report::read_csv(tmp.path() / "r.csv");
    FAIL();
  } catch (const report::ReportError& e) {
    EXPECT_EQ(std::string(e.what()),
              (tmp.path() / "r.csv").string() + ": line 3 has 1 fields where the header has 2");
  }
}

// A results folder written by hand: the electric balance adds up and the roles are right.
TEST(Results, BalanceOfAHandWrittenResult) {
  TempDir tmp;
  const fs::path d = tmp.path();
  write(d / "summary.json",
        R"({"scenario":"h","status":"optimal","optimal":true,"has_solution":true,
    "objective_cny":1,"load_energy_mwh":2,"average_cost_cny_per_kwh":0.5,"green_share":0.5,"co2_t":0,
    "co2_kg_per_kwh":0,"renewable_generation_mwh":1,"curtailment_mwh":0,"grid_import_mwh":1,
    "grid_export_mwh":0,"grid_peak_import_mw":null,"renewable_capacity_share":1,"capacities":[]})");
  write(d / "generators.csv", "snapshot,pv,idle\n2025-01-01T00:00,0,0\n2025-01-01T01:00,5,0\n");
  write(d / "loads.csv", "snapshot,l1,l2\n2025-01-01T00:00,1,1\n2025-01-01T01:00,1,2\n");
  write(d / "storage_units.csv",
        "snapshot,bat.charge_mw,bat.discharge_mw,bat.soc_mwh\n2025-01-01T00:00,0,1,0\n2025-01-"
        "01T01:00,2,0,2\n");
  write(d / "grid.csv",
        "snapshot,g.import_mw,g.export_mw\n2025-01-01T00:00,1,0\n2025-01-01T01:00,0,0\n");
  write(d / "bus_prices.csv",
        "snapshot,b.price_cny_per_mwh\n2025-01-01T00:00,300\n2025-01-01T01:00,100\n");
  const auto r = report::read_results(d);
  EXPECT_EQ(r.hours(), 2u);
  EXPECT_TRUE(std::isnan(r.summary.grid_peak_import_mw));  // null
  const auto b = report::balance(r, {}, 0, 168);
  ASSERT_EQ(b.snapshots.size(), 2u);
  std::vector<std::string> supply, use;
  for (const auto& s : b.supply) supply.push_back(s.name);
  for (const auto& s : b.consumption) use.push_back(s.name);
  EXPECT_EQ(supply, (std::vector<std::string>{"pv", "bat ↓", "g ↓"}));  // "idle" is all zero
  EXPECT_EQ(use, (std::vector<std::string>{"bat ↑"}));
  EXPECT_EQ(b.load.values, (std::vector<double>{2, 3}));
  ASSERT_EQ(b.soc.size(), 1u);
  const auto pd = report::price_duration(r, {});
  EXPECT_EQ(pd[0].values, (std::vector<double>{300, 100}));
  // A row too few in one file is named.
  write(d / "loads.csv", "snapshot,l1\n2025-01-01T00:00,1\n");
  try {
    (void)report::read_results(d);
    FAIL();
  } catch (const report::ReportError& e) {
    EXPECT_EQ(e.field(), "rows");
  }
}

// The heat balance (issue 17) of a hand-written result: extraction heat (NAME.heat_mw), a boiler,
// a heat store and a heat-exchange station between two heat buses; the electric balance keeps
// only the electric side.
TEST(Results, HeatBalanceBesideTheElectricOne) {
  TempDir tmp;
  const fs::path d = tmp.path();
  const Network net = io::read_scenario_text(R"([snapshots]
count = 2
[[carriers]]
name = "electricity"
[[carriers]]
name = "steam"
heat = true
[[carriers]]
name = "hot_water"
heat = true
[[buses]]
name = "park"
[[buses]]
name = "steam"
carrier = "steam"
[[buses]]
name = "hw"
carrier = "hot_water"
[[carriers]]
name = "gas"
[[buses]]
name = "gas"
carrier = "gas"
[[links]]
name = "bp"
from_bus = "gas"
to_bus = "park"
to_bus2 = "steam"
efficiency2 = 0.5
capacity_mw = 10
[[loads]]
name = "el"
bus = "park"
demand_mw = 1
[[loads]]
name = "proc"
bus = "steam"
demand_mw = 1
[[loads]]
name = "sh"
bus = "hw"
demand_mw = 1
[[generators]]
name = "chp"
bus = "park"
carrier = "electricity"
capacity_mw = 10
heat_bus = "steam"
[[generators]]
name = "boiler"
bus = "steam"
carrier = "steam"
capacity_mw = 10
[[links]]
name = "station"
from_bus = "steam"
to_bus = "hw"
capacity_mw = 10
[[stores]]
name = "tank"
bus = "hw"
energy_mwh = 10
)",
                                             (d / "scenario.toml").string());
  write(d / "summary.json",
        R"({"scenario":"h","status":"optimal","optimal":true,"has_solution":true,
    "objective_cny":1,"load_energy_mwh":2,"average_cost_cny_per_kwh":0.5,"green_share":0,"co2_t":0,
    "co2_kg_per_kwh":0,"renewable_generation_mwh":0,"curtailment_mwh":0,"grid_import_mwh":0,
    "grid_export_mwh":0,"grid_peak_import_mw":null,"renewable_capacity_share":0,"capacities":[]})");
  write(d / "generators.csv",
        "snapshot,chp,chp.heat_mw,boiler\n2025-01-01T00:00,1,2,0\n2025-01-01T01:00,1,1,1\n");
  write(d / "loads.csv", "snapshot,el,proc,sh\n2025-01-01T00:00,1,1,1\n2025-01-01T01:00,1,1,1\n");
  write(d / "links.csv",
        "snapshot,station.input_mw,station.output_mw,bp.input_mw,bp.output_mw,bp.output2_mw\n2025-"
        "01-01T00:00,1,1,2,1,1\n2025-01-01T01:00,0.5,0.5,0,0,0\n");
  write(d / "stores.csv",
        "snapshot,tank.dispatch_mw,tank.energy_mwh\n2025-01-01T00:00,0,3\n2025-01-01T01:00,0.5,"
        "2.5\n");
  write(d / "bus_prices.csv",
        "snapshot,park.price_cny_per_mwh,steam.price_cny_per_mwh,hw.price_cny_per_mwh\n2025-01-"
        "01T00:00,300,40,41\n2025-01-01T01:00,100,50,51\n");
  const auto r = report::read_results(d);
  const auto names = [](const std::vector<report::Series>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(s.name);
    return out;
  };
  const report::Topology ht = report::heat_topology_of(net);
  ASSERT_TRUE(ht.known);
  const auto h = report::balance(r, ht, 0, 168);
  EXPECT_EQ(names(h.supply),
            (std::vector<std::string>{"chp", "boiler", "tank ↓", "station", "bp (output2)"}));
  EXPECT_EQ(h.supply_kind[0], "chp");
  EXPECT_EQ(names(h.consumption), (std::vector<std::string>{"station"}));
  EXPECT_EQ(h.load.values, (std::vector<double>{2, 2}));
  EXPECT_EQ(names(h.soc), (std::vector<std::string>{"tank"}));
  EXPECT_EQ(names(h.prices), (std::vector<std::string>{"steam", "hw"}));
  const auto e = report::balance(r, report::topology_of(net), 0, 168);
  EXPECT_EQ(names(e.supply), (std::vector<std::string>{"chp", "bp"}));
  EXPECT_TRUE(e.consumption.empty());
  EXPECT_EQ(e.load.values, (std::vector<double>{1, 1}));
  EXPECT_EQ(names(e.prices), (std::vector<std::string>{"park"}));
  // Without heat buses there is no heat balance.
  EXPECT_FALSE(report::heat_topology_of(
                   io::read_scenario_text("[snapshots]\ncount = 1\n[[carriers]]\nname = "
                                          "\"electricity\"\n[[buses]]\nname = \"b\"\n",
                                          (d / "e.toml").string()))
                   .known);
}

TEST(Svg, TicksAndEscaping) {
  EXPECT_EQ(report::svg::ticks(0, 1000, 5), (std::vector<double>{0, 200, 400, 600, 800, 1000}));
  const auto t = report::svg::ticks(-0.03, 0.51, 5);  // step 0.2 covering both ends
  const std::vector<double> want{-0.2, 0, 0.2, 0.4, 0.6};
  ASSERT_EQ(t.size(), want.size());
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(t[i], want[i], 1e-12);
  EXPECT_EQ(report::svg::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
  const std::string svg = report::svg::stacked_bars({"w", "CNY/kWh", "", 400, 200}, {"a\nA", "b"},
                                                    {{"x", {0.2, -0.1}, "#123456"}}, {0.2, -0.1});
  EXPECT_NE(svg.find("data-chart=\"w\""), std::string::npos);
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n'), 0);
  EXPECT_NE(svg.find("<rect x="), std::string::npos);
  EXPECT_NE(svg.find(">A</text>"), std::string::npos);  // the second line of the category
}

TEST(Report, WritesAtomically) {
  TempDir tmp;
  report::write_atomically(tmp.path() / "r.html", "<p>1</p>");
  EXPECT_EQ(read(tmp.path() / "r.html"), "<p>1</p>");
  EXPECT_THROW(report::write_atomically(tmp.path() / "no/r.html", "x"), std::runtime_error);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path())) ++files;
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace parkgrid
