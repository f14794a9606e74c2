// The reader accepts the documented forms and names every problem: a table of inputs and the
// exact messages they must produce.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "parkgrid/scenario.hpp"

namespace parkgrid::io {
namespace {

namespace fs = std::filesystem;

const char* kHeader = R"([scenario]
name = "t"
[snapshots]
count = 3
[[carriers]]
name = "electricity"
[[carriers]]
name = "solar"
renewable = true
[[buses]]
name = "park"
)";

struct Files {
  fs::path dir;
  explicit Files(const std::string& test)
      : dir(fs::temp_directory_path() /
            ("parkgrid_reader_" + test + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  std::string add(const std::string& name, const std::string& content) const {
    std::ofstream(dir / name, std::ios::binary) << content;
    return (dir / name).string();
  }
};

// Reads `body` after the common header; returns the messages (empty when it reads fine).
std::vector<std::string> errors_of(const std::string& test, const std::string& body,
                                   const std::string& csv = "") {
  Files f(test);
  if (!csv.empty()) f.add("profiles.csv", csv);
  const std::string path = f.add("scenario.toml", std::string(kHeader) + body);
  try {
    (void)read_scenario(path);
    return {};
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) {
      std::string s = d.to_string();
      // Make messages independent of the temporary folder.
      for (std::size_t p; (p = s.find(f.dir.string() + "/")) != std::string::npos;)
        s.erase(p, f.dir.string().size() + 1);
      out.push_back(s);
    }
    return out;
  }
}

TEST(ScenarioReader, ReadsTheThreeSeriesForms) {
  Files f("forms");
  f.add("profiles.csv",
        "snapshot,pv\n2025-01-01T00:00,0\n2025-01-01T01:00,0.5\n2025-01-01T02:00,1\n");
  const std::string path = f.add("scenario.toml", std::string(kHeader) + R"(
[[generators]]
name = "pv"
bus = "park"
carrier = "solar"
capacity_mw = 10
availability_pu = { file = "profiles.csv", column = "pv" }
marginal_cost_cny_per_mwh = { daily = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] }
[[loads]]
name = "l"
bus = "park"
demand_mw = 4.5
[[loads]]
name = "scaled"
bus = "park"
demand_mw = { file = "profiles.csv", column = "pv", scale = 8.0 }
)");
  const Network n = read_scenario(path);
  ASSERT_EQ(n.generators.size(), 1);
  EXPECT_EQ(n.generators.availability_pu.at(0, 1), 0.5);
  EXPECT_EQ(n.loads.demand_mw.at(1, 1), 4.0);  // the column times its scale
  EXPECT_EQ(n.loads.demand_mw.at(1, 2), 8.0);
  EXPECT_EQ(n.generators.marginal_cost_cny_per_mwh.at(0, 2), 3.0);
  EXPECT_EQ(n.loads.demand_mw.at(0, 2), 4.5);
  EXPECT_EQ(n.snapshots.weight_hours, (std::vector<double>{1.0, 1.0, 1.0}));
  EXPECT_EQ(n.generators.capacity_mw.max[0], kInf);  // default "inf"
  EXPECT_EQ(n.generators.efficiency[0], 1.0);
}

// PV capex quoted per W DC (3.304 CNY/Wp) at a DC/AC ratio of 1.2 is 3.304 x 1.2 = 3.9648 M CNY
// per MW AC, the basis of capacity_mw and of availability_pu; O&M 40,000 CNY per MW DC and year
// is 48,000 per MW AC. A plant with costs per MW AC keeps them as given.
TEST(ScenarioReader, ConvertsCostsPerMwDcToTheAcBasis) {
  Files f("dc_basis");
  const std::string path = f.add("scenario.toml", std::string(kHeader) + R"(
[[generators]]
name = "pv_dc"
bus = "park"
carrier = "solar"
dc_ac_ratio = 1.2
capex_cny_per_mw_dc = 3.304e6
fixed_om_cny_per_mw_dc_year = 40000
[[generators]]
name = "pv_ac"
bus = "park"
carrier = "solar"
dc_ac_ratio = 1.2
capex_cny_per_mw = 3.0e6
fixed_om_cny_per_mw_year = 45000
)");
  const Network n = read_scenario(path);
  ASSERT_EQ(n.generators.size(), 2);
  EXPECT_NEAR(n.generators.capacity_mw.capex_cny_per_unit[0], 3.9648e6, 1e-6);
  EXPECT_NEAR(n.generators.capacity_mw.fixed_om_cny_per_unit_year[0], 48000.0, 1e-9);
  EXPECT_EQ(n.generators.capacity_mw.capex_cny_per_unit[1], 3.0e6);
  EXPECT_EQ(n.generators.capacity_mw.fixed_om_cny_per_unit_year[1], 45000.0);
}

struct BadCase {
  const char* name;
  std::string body;
  std::string csv;
  std::vector<std::string> expected;
};

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, IsNamed) {
  const BadCase& c = GetParam();
  EXPECT_EQ(errors_of(c.name, c.body, c.csv), c.expected);
}

const std::string kGen =
    "[[generators]]\nname = \"pv\"\nbus = \"park\"\ncarrier = \"solar\"\n";  // lines 12-15
const std::string kCsv3 = "pv\n0.1\n0.2\n0.3\n";
const std::string kLoad =
    "[[loads]]\nname = \"demand\"\nbus = \"park\"\ndemand_mw = 5\n";  // lines 16-19
const std::string kGroup = "[[group_constraints]]\nname = \"g\"\n";   // lines 20-21

INSTANTIATE_TEST_SUITE_P(
    Reader, BadInput,
    ::testing::Values(
        BadCase{"unknown_field",
                kGen + "capacity_kw = 5\n",
                "",
                {"scenario.toml:16: generator \"pv\": capacity_kw (unknown field; did you mean "
                 "\"capacity_mw\"?)"}},
        // [[group_constraints]]: the table starts at line 20, after the generator and a load.
        BadCase{"group_unknown_component",
                kGen + kLoad + kGroup + "quantity = \"capacity_mw\"\ncomponents = [\"pvv\"]\n" +
                    "sense = \"<=\"\nvalue = 1\n",
                "",
                {"scenario.toml:23: group constraint \"g\": components = \"pvv\" (no component of "
                 "that name; did you mean \"pv\"?)"}},
        BadCase{"group_quantity_of_another_family",
                kGen + kLoad + kGroup + "quantity = \"capacity_mw\"\ncomponents = [\"demand\"]\n" +
                    "sense = \"<=\"\nvalue = 1\n",
                "",
                {"scenario.toml:23: group constraint \"g\": components = \"demand\" (a load has no "
                 "capacity_mw (docs/formulation.md, \"Group constraints\"))"}},
        BadCase{"group_quantity_and_sense",
                kGen + kLoad + kGroup + "quantity = \"power\"\ncomponents = [\"pv\"]\n" +
                    "sense = \"<\"\nvalue = 1\n",
                "",
                {"scenario.toml:22: group constraint \"g\": quantity = \"power\" (expected "
                 "\"capacity_mw\", \"energy_mwh\", \"available_energy_mwh\", \"export_mwh\" or "
                 "\"co2_t\")",
                 "scenario.toml:24: group constraint \"g\": sense = \"<\" (expected \"<=\", \">=\" "
                 "or \"==\")"}},
        BadCase{
            "group_value_and_share",
            kGen + kLoad + kGroup + "quantity = \"energy_mwh\"\ncomponents = [\"pv\"]\n" +
                "sense = \">=\"\nvalue = 1\nshare = 0.3\nof_components = [\"demand\"]\n",
            "",
            {"scenario.toml:26: group constraint \"g\": share (give value or share, not both)"}},
        BadCase{"group_carrier_without_the_quantity",
                kGen + kLoad + kGroup + "quantity = \"export_mwh\"\ncarriers = [\"solar\"]\n" +
                    "sense = \"<=\"\nvalue = 3\n",
                "",
                {"scenario.toml:23: group constraint \"g\": carriers = \"solar\" (carriers select "
                 "generators, and a generator has no export_mwh)"}},
        BadCase{"unknown_bus",
                "[[generators]]\nname = \"pv\"\nbus = \"prak\"\ncarrier = \"solar\"\n",
                "",
                {"scenario.toml:14: generator \"pv\": bus = \"prak\" (no bus of that name; did you "
                 "mean \"park\"?)"}},
        BadCase{"duplicate_name",
                kGen + kGen,
                "",
                {"scenario.toml:16: generator #2: name = \"pv\" (already used by the generator at "
                 "line 12; names must be unique)"}},
        BadCase{"negative",
                kGen + "max_capacity_mw = -5\n",
                "",
                {"scenario.toml:16: generator \"pv\": max_capacity_mw = -5 (must be >= 0, or inf "
                 "for no limit)"}},
        BadCase{"nan",
                kGen + "capacity_mw = nan\n",
                "",
                {"scenario.toml:16: generator \"pv\": capacity_mw = nan (must be a finite number "
                 ">= 0)"}},
        BadCase{"inf_capex",
                kGen + "capex_cny_per_mw = inf\n",
                "",
                {"scenario.toml:16: generator \"pv\": capex_cny_per_mw = inf (must be a finite "
                 "number >= 0)"}},
        BadCase{
            "wrong_type",
            kGen + "extendable = \"yes\"\n",
            "",
            {"scenario.toml:16: generator \"pv\": extendable = \"yes\" (expected true or false)"}},
        BadCase{"missing_required",
                "[[loads]]\nname = \"l\"\nbus = \"park\"\n",
                "",
                {"scenario.toml:12: load \"l\": demand_mw (is required (series, MW))"}},
        BadCase{"missing_file",
                kGen + "availability_pu = { file = \"nope.csv\", column = \"pv\" }\n",
                "",
                {"nope.csv: file not found or not readable",
                 "scenario.toml:16: generator \"pv\": availability_pu = { file = \"nope.csv\" } "
                 "(the file could not be read (see above))"}},
        BadCase{"wrong_length",
                kGen + "availability_pu = { file = \"profiles.csv\", column = \"pv\" }\n",
                "pv\n0.1\n0.2\n",
                {"profiles.csv: column \"pv\": rows = 2 (expected 3 rows, one per snapshot "
                 "([snapshots] count in "
                 "scenario.toml))"}},
        BadCase{"blank_cell",
                kGen + "availability_pu = { file = \"profiles.csv\", column = \"pv\" }\n",
                "pv\n0.1\n \n0.3\n",
                {"profiles.csv:3: column \"pv\": value = (blank) (expected a finite number)"}},
        BadCase{"out_of_range_cell",
                kGen + "availability_pu = { file = \"profiles.csv\", column = \"pv\" }\n",
                "pv\n0.1\n1.5\n0.3\n",
                {"profiles.csv: column \"pv\" row 2: value = 1.5 (must be between 0 and 1 for "
                 "availability_pu of generator \"pv\")"}},
        BadCase{"unknown_column",
                kGen + "availability_pu = { file = \"profiles.csv\", column = \"pv_south\" }\n",
                kCsv3,
                {"scenario.toml:16: generator \"pv\": availability_pu = { file = \"profiles.csv\", "
                 "column = \"pv_south\" } "
                 "(profiles.csv has no column \"pv_south\")"}},
        BadCase{"daily_wrong_length",
                kGen + "availability_pu = { daily = [1, 2] }\n",
                "",
                {"scenario.toml:16: generator \"pv\": availability_pu = { daily = ... } (expected "
                 "{ daily = [24 numbers] }: one "
                 "value per hour of the day, 0 to 23)"}},
        BadCase{"unknown_section",
                "[polcy]\nmin_green_share = 0.3\n",
                "",
                {"scenario.toml:12: polcy (unknown section; did you mean \"policy\"?)"}},
        BadCase{"min_above_max",
                kGen + "extendable = true\nmin_capacity_mw = 50\nmax_capacity_mw = 10\n",
                "",
                {"scenario.toml:12: generator \"pv\": min_capacity_mw = 50 (must not exceed "
                 "max_capacity_mw = 10)"}},
        BadCase{
            "capex_on_both_bases",
            kGen + "dc_ac_ratio = 1.2\ncapex_cny_per_mw = 3.96e6\ncapex_cny_per_mw_dc = 3.3e6\n",
            "",
            {"scenario.toml:18: generator \"pv\": capex_cny_per_mw_dc = 3300000 (ambiguous "
             "basis: capex_cny_per_mw (per MW AC) is also given; give the cost per MW AC or "
             "per MW DC, not both)"}},
        BadCase{"dc_capex_without_ratio",
                kGen + "capex_cny_per_mw_dc = 3.3e6\n",
                "",
                {"scenario.toml:16: generator \"pv\": capex_cny_per_mw_dc = 3300000 (a cost per "
                 "MW DC needs dc_ac_ratio (MW DC per MW AC, the ratio the availability was "
                 "computed at) to be converted to capacity_mw's AC basis)"}},
        BadCase{"dc_om_on_both_bases",
                kGen + "dc_ac_ratio = 1.2\nfixed_om_cny_per_mw_year = 5e4\n"
                       "fixed_om_cny_per_mw_dc_year = 4e4\n",
                "",
                {"scenario.toml:18: generator \"pv\": fixed_om_cny_per_mw_dc_year = 40000 "
                 "(ambiguous basis: fixed_om_cny_per_mw_year (per MW AC) is also given; give the "
                 "cost per MW AC or per MW DC, not both)"}},
        BadCase{"dc_ac_ratio_zero",
                kGen + "dc_ac_ratio = 0\n",
                "",
                {"scenario.toml:16: generator \"pv\": dc_ac_ratio = 0 (must be a finite number "
                 "> 0)"}},
        BadCase{
            "several_at_once",
            kGen + "capacity_mw = -1\nefficency = 0.4\n",
            "",
            {"scenario.toml:16: generator \"pv\": capacity_mw = -1 (must be a finite number >= 0)",
             "scenario.toml:17: generator \"pv\": efficency (unknown field; did you mean "
             "\"efficiency\"?)"}}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

// Every diagnostic of an entry carries its place for programs (section, index, name), from the
// reader and from the validator alike; a problem in another file keeps none.
TEST(ScenarioReader, DiagnosticsCarryTheirPlace) {
  Files f("place");
  f.add("profiles.csv", "pv\n0.1\n");
  const std::string path =
      f.add("scenario.toml",
            std::string(kHeader) + kGen + "capacity_mw = -1\n" +  // reader: the schema's rule
                "[[generators]]\nname = \"wind\"\nbus = \"park\"\nextendable = true\n" +
                "min_capacity_mw = 5\nmax_capacity_mw = 2\n" +  // validator: min above max
                "availability_pu = { file = \"profiles.csv\", column = \"pv\" }\n" +  // the CSV's
                "[policy]\nmin_green_share = 2\n");
  std::vector<Diagnostic> ds;
  try {
    (void)read_scenario(path);
  } catch (const InputError& e) {
    ds = e.diagnostics();
  }
  const auto find = [&](const std::string& field) -> const Diagnostic* {
    for (const auto& d : ds)
      if (d.field == field) return &d;
    return nullptr;
  };
  const Diagnostic* capacity = find("capacity_mw");
  ASSERT_NE(capacity, nullptr);
  EXPECT_EQ(capacity->section, "generators");
  EXPECT_EQ(capacity->index, 0);
  EXPECT_EQ(capacity->component, "pv");
  const Diagnostic* min = find("min_capacity_mw");
  ASSERT_NE(min, nullptr);
  EXPECT_EQ(min->section, "generators");
  EXPECT_EQ(min->index, 1);
  EXPECT_EQ(min->component, "wind");
  const Diagnostic* share = find("min_green_share");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->section, "policy");
  EXPECT_EQ(share->index, -1);
  for (const auto& d : ds) {
    if (d.file.ends_with("profiles.csv")) {
      EXPECT_EQ(d.section, "") << d.to_string();
    }
  }
}

TEST(ScenarioReader, InvalidTomlNamesTheLine) {
  const auto errors = errors_of("invalid_toml", "[[generators]]\nname = \"pv\nbus = \"park\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("scenario.toml:13: not valid TOML: ", 0), 0u) << errors[0];
}

TEST(ScenarioReader, AnImpossibleStartIsOneErrorNotTwo) {
  // The CSV's time column is not checked against a start that does not exist (Feb 30).
  Files f("impossible_start");
  f.add("p.csv", "snapshot,demand\n2025-01-01T00:00,1\n2025-01-01T01:00,1\n");
  const std::string path = f.add("scenario.toml", R"([snapshots]
count = 2
start = "2025-02-30T00:00"
[[carriers]]
name = "electricity"
[[buses]]
name = "b"
[[loads]]
name = "l"
bus = "b"
demand_mw = { file = "p.csv", column = "demand" }
)");
  try {
    (void)read_scenario(path);
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u) << e.what();
    EXPECT_EQ(e.diagnostics()[0].field, "start");
  }
}

// long_duration (typical days with linked storage): as given, else a storage unit of at least
// 24 h of its power or with its own energy capacity, and every store.
TEST(ScenarioReader, LongDurationDefaultsByHoursOfStorage) {
  const Network n = read_scenario_text(std::string(kHeader) + R"(
[[storage_units]]
name = "battery_4h"
bus = "park"
power_mw = 10
max_hours = 4
[[storage_units]]
name = "day_store"
bus = "park"
power_mw = 10
max_hours = 24
[[storage_units]]
name = "own_energy"
bus = "park"
power_mw = 10
max_hours = 0
energy_mwh = 30
[[storage_units]]
name = "battery_marked"
bus = "park"
power_mw = 10
max_hours = 2
long_duration = true
[[stores]]
name = "tank"
bus = "park"
energy_mwh = 10
[[stores]]
name = "buffer"
bus = "park"
energy_mwh = 10
long_duration = false
)",
                                       "s.toml");
  const StorageUnits& s = n.storage_units;
  EXPECT_FALSE(s.long_duration(0));
  EXPECT_TRUE(s.long_duration(1));
  EXPECT_TRUE(s.long_duration(2));
  EXPECT_TRUE(s.long_duration(3));
  EXPECT_TRUE(n.stores.long_duration(0));
  EXPECT_FALSE(n.stores.long_duration(1));
}

// The text form reads as the file would: relative CSV paths from the named file's folder (which
// holds no scenario file), messages naming that file and the line of the text.
TEST(ScenarioReader, TextReadsAsIfItWereTheNamedFile) {
  Files f("text");
  f.add("profiles.csv",
        "snapshot,pv\n2025-01-01T00:00,0\n2025-01-01T01:00,0.5\n2025-01-01T02:00,1\n");
  const std::string path = (f.dir / "edited.toml").string();
  const Network n = read_scenario_text(std::string(kHeader) + R"(
[[generators]]
name = "pv"
bus = "park"
carrier = "solar"
capacity_mw = 10
availability_pu = { file = "profiles.csv", column = "pv" }
[[loads]]
name = "l"
bus = "park"
demand_mw = 4.5
)",
                                       path);
  EXPECT_EQ(n.generators.availability_pu.at(0, 1), 0.5);
  EXPECT_EQ(n.source, path);
  EXPECT_FALSE(fs::exists(path));
  try {
    (void)read_scenario_text(std::string(kHeader) +
                                 "[[loads]]\nname = \"l\"\nbus = \"nowhere\"\n"
                                 "demand_mw = 1\n",
                             path);
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u) << e.what();
    EXPECT_EQ(e.diagnostics()[0].file, path);
    EXPECT_EQ(e.diagnostics()[0].field, "bus");
    EXPECT_EQ(e.diagnostics()[0].line, 14);
  }
}

TEST(ScenarioReader, MissingScenarioFile) {
  try {
    (void)read_scenario("/nonexistent/scenario.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/scenario.toml: scenario file not found");
  }
}

}  // namespace
}  // namespace parkgrid::io
