// Reliability (docs/reliability.md): the numerical check of the LP, the time-limit path, the
// CSV time column, UTF-8 and decimal commas, the size limits, and regressions found by fuzzing.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/csv.hpp"
#include "parkgrid/parkgrid.hpp"

namespace parkgrid {
namespace {

namespace fs = std::filesystem;

// A scenario folder of its own under the temporary directory, removed at the end. The process id
// keeps tests that ctest runs in parallel (each test is a process) out of each other's folders.
struct Folder {
  fs::path dir;
  explicit Folder(const std::string& name)
      : dir(fs::temp_directory_path() /
            ("parkgrid_reliability_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Folder() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  }
};

// One bus, one PV generator (fields added by `extra`), one load, one grid connection.
std::string scenario(const std::string& generator_extra, int count = 4) {
  return "[snapshots]\ncount = " + std::to_string(count) +
         "\n[[carriers]]\nname = \"electricity\"\n[[carriers]]\nname = \"solar\"\nrenewable = "
         "true\n[[buses]]\nname = \"park\"\ncarrier = \"electricity\"\n[[generators]]\nname = "
         "\"x\"\nbus = \"park\"\ncarrier = \"solar\"\ncapacity_mw = 10\n" +
         generator_extra +
         "\n[[loads]]\nname = \"l\"\nbus = \"park\"\ndemand_mw = 5\n[[grid_connections]]\nname "
         "= \"g\"\nbus = \"park\"\nimport_max_mw = 100\nbuy_price_cny_per_mwh = 500\n";
}

std::vector<formulate::NumericWarning> warnings_of(const std::string& generator_extra) {
  Folder f("numerics");
  const Network n = io::read_scenario(f.write("s.toml", scenario(generator_extra)));
  return formulate::check_numerics(n, formulate::build(n));
}

TEST(NumericCheck, WellScaledCasesGiveNoWarning) {
  for (const auto& e : fs::directory_iterator(PARKGRID_TEST_CASES_DIR)) {
    if (e.path().extension() != ".toml" || e.path().stem() == "infeasible") continue;
    const Network n = io::read_scenario(e.path().string());
    const auto w = formulate::check_numerics(n, formulate::build(n));
    EXPECT_TRUE(w.empty()) << e.path() << ": " << (w.empty() ? "" : w.front().message);
  }
  EXPECT_TRUE(warnings_of("marginal_cost_cny_per_mwh = 300").empty());
}

TEST(NumericCheck, NamesTheComponentAndFieldOfAHugeCost) {
  const auto w = warnings_of("marginal_cost_cny_per_mwh = 1e12");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].component, "generator \"x\"");
  EXPECT_NE(w[0].field.find("marginal_cost_cny_per_mwh"), std::string::npos);
  EXPECT_EQ(w[0].kind, "cost");
  EXPECT_EQ(w[0].value, 1e12);
  EXPECT_EQ(w[0].entries, 4);
  EXPECT_NE(w[0].message.find("snapshot 1"), std::string::npos) << w[0].message;
}

TEST(NumericCheck, TinyAvailabilityIsACoefficientWarning) {
  const auto w = warnings_of("extendable = true\nmax_capacity_mw = 50\navailability_pu = 1e-9");
  ASSERT_EQ(w.size(), 1u) << w[0].message;
  EXPECT_EQ(w[0].kind, "coefficient");
  EXPECT_EQ(w[0].field, "availability_pu");
  EXPECT_EQ(w[0].value, -1e-9);
}

TEST(NumericCheck, HugeFiniteBoundAsksForInf) {
  const auto w = warnings_of("extendable = true\nmax_capacity_mw = 1e12\ncapex_cny_per_mw = 1e6");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "bound");
  EXPECT_NE(w[0].message.find("write inf"), std::string::npos) << w[0].message;
}

TEST(NumericCheck, HugeCapexIsNamed) {
  const auto w = warnings_of("extendable = true\nmax_capacity_mw = 50\ncapex_cny_per_mw = 1e13");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].field.find("capex_cny_per_mw"), std::string::npos);
}

// A time limit returns the best point found, marked not optimal; the results are written.
TEST(TimeLimit, BestPointIsKeptAndMarkedNotOptimal) {
  Folder f("time_limit");
  const Network n =
      io::read_scenario(f.write("s.toml", scenario("marginal_cost_cny_per_mwh = 100")));
  const formulate::Model m = formulate::build(n);
  auto solver = solve::make_highs();
  solver->load(m.lp);
  solve::Solution s = solver->solve({});
  ASSERT_EQ(s.status, solve::Status::kOptimal);
  // The solver stopped at the limit with a feasible point: what HiGHS hands back then.
  s.status = solve::Status::kTimeLimit;
  s.solver_status = "Time limit reached";
  const analysis::Results r = analysis::summarise(n, m, s);
  EXPECT_FALSE(r.summary.optimal);
  EXPECT_TRUE(r.summary.has_solution);
  EXPECT_EQ(r.summary.status, "time_limit");
  const std::string out = (f.dir / "out").string();
  analysis::write_results(r, out);
  std::ifstream in(f.dir / "out" / "summary.json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"optimal\": false"), std::string::npos);
  EXPECT_NE(text.str().find("\"status\": \"time_limit\""), std::string::npos);
  EXPECT_TRUE(fs::exists(f.dir / "out" / "generators.csv"));
}

// The real solver under a time limit it cannot meet: a time_limit status, never a crash, and a
// solution only when the solver had a feasible one.
TEST(TimeLimit, RealSolverStopsCleanly) {
  const Network n = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) +
                                      "/../../examples/microgrid/scenario.toml");
  solve::Options o;
  o.time_limit_s = 1e-3;
  const analysis::Results r = optimise(n, o);
  EXPECT_FALSE(r.summary.optimal);
  EXPECT_EQ(r.summary.status, "time_limit");
}

io::CsvFile csv(const std::string& text, Diagnostics& d) {
  return io::CsvFile::parse(text, "p.csv", d);
}

Snapshots hours(int count, int year = 2025) {
  Snapshots s;
  s.start = DateTime{year, 1, 1, 0, 0};
  s.count = count;
  s.step_hours = 1.0;
  return s;
}

std::string check_times(const std::string& text, const Snapshots& s) {
  Diagnostics d;
  const io::CsvFile f = csv(text, d);
  EXPECT_TRUE(d.empty());
  f.check_times(s, "s.toml", d);
  return d.empty() ? "" : d.items()[0].to_string();
}

TEST(CsvTimes, MatchingAndYearShiftedSeriesPass) {
  EXPECT_EQ(check_times("snapshot,a\n2025-01-01T00:00,1\n2025-01-01 01:00:00,2\n", hours(2)), "");
  // A typical-year profile labelled 2005 reused for 2025.
  EXPECT_EQ(check_times("time,a\n2005-01-01T00:00,1\n2005-01-01T01:00,2\n", hours(2)), "");
  EXPECT_EQ(check_times("a,b\nx,1\ny,2\n", hours(2)), "");  // no time column: nothing to check
}

TEST(CsvTimes, GapDuplicateZoneAreNamed) {
  EXPECT_EQ(check_times("snapshot,a\n2025-01-01T00:00,1\n2025-01-01T02:00,2\n", hours(2)),
            "p.csv:3: column \"snapshot\": value = \"2025-01-01T02:00\" (expected "
            "2025-01-01T01:00 for snapshot 2 ([snapshots] start = 2025-01-01T00:00, step_hours "
            "= 1 in s.toml); a gap or a shifted series?)");
  EXPECT_NE(check_times("snapshot,a\n2025-01-01T00:00,1\n2025-01-01T00:00,2\n", hours(2))
                .find("the time of line 2 repeated"),
            std::string::npos);
  EXPECT_NE(check_times("timestamp,a\n2025-01-01T00:00Z,1\n", hours(1)).find("time zone"),
            std::string::npos);
  EXPECT_NE(check_times("snapshot,a\nmonday,1\n", hours(1)).find("expected a local time"),
            std::string::npos);
}

TEST(CsvText, InvalidUtf8AndDecimalCommaAreNamed) {
  Diagnostics d;
  (void)csv("a,b\n1,\xff\n", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].to_string(),
            "p.csv:2: not UTF-8 text: byte 0xFF at column 3 (save the file as UTF-8 CSV; a "
            "GBK/GB2312 file from Excel must be converted)");
  Diagnostics d2;
  (void)csv("a\n0,5\n", d2);
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_NE(d2.items()[0].to_string().find("a decimal comma in \"0,5\"? Write numbers with a "
                                           "point: 0.5"),
            std::string::npos);
  Diagnostics d3;
  const auto ok = csv("名,负荷\n光伏,1\n", d3);  // UTF-8 Chinese is text
  EXPECT_TRUE(d3.empty());
  EXPECT_TRUE(ok.find_column("负荷").has_value());
}

TEST(Limits, ComponentSnapshotsPastTheLimitAreRefused) {
  Folder f("limits");
  std::string t = "[snapshots]\ncount = 1000000\n[[buses]]\nname = \"b\"\n";
  for (int i = 0; i < 25; ++i)
    t += "[[loads]]\nname = \"l" + std::to_string(i) + "\"\nbus = \"b\"\ndemand_mw = 1\n";
  try {
    (void)io::read_scenario(f.write("s.toml", t));
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
    EXPECT_NE(all.find("s.toml:5: loads = 25 (26 buses and components so far x 1000000 "
                       "snapshots is past the limits of 100000 components and 20 million "
                       "component-snapshots"),
              std::string::npos)
        << all;
  }
}

}  // namespace
}  // namespace parkgrid
