// for_each_series (include/parkgrid/network.hpp): the one list of every time series of every
// component family. The schema's series fields are all in it; a series of another length is an
// error naming component and field; the typical-day reduction cuts every one of them.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include "parkgrid/planning.hpp"
#include "parkgrid/scenario.hpp"
#include "parkgrid/schema.hpp"

namespace parkgrid {
namespace {

namespace fs = std::filesystem;

using Names = std::set<std::pair<std::string, std::string>>;

// Two days of 24 hours with one component of every family that has series. The second day
// repeats the first, so one typical day (weight 2) stands for both and every series is known.
constexpr const char* kTwoDays = R"([scenario]
name = "series"
[snapshots]
count = 48
[[carriers]]
name = "electricity"
[[carriers]]
name = "solar"
renewable = true
[[carriers]]
name = "heat"
[[buses]]
name = "park"
carrier = "electricity"
[[buses]]
name = "steam"
carrier = "heat"
[[generators]]
name = "pv"
bus = "park"
carrier = "solar"
capacity_mw = 10
availability_pu = { daily = [0,0,0,0,0,0,0.1,0.3,0.5,0.7,0.8,0.9,0.9,0.8,0.7,0.5,0.3,0.1,0,0,0,0,0,0] }
marginal_cost_cny_per_mwh = { daily = [1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,3,3,3,3,3,3] }
[[loads]]
name = "factory"
bus = "park"
demand_mw = { daily = [4,4,4,4,4,4,5,5,5,5,5,5,6,6,6,6,6,6,5,5,5,5,5,5] }
[[loads]]
name = "process"
bus = "steam"
demand_mw = 1
[[projects]]
name = "line2"
bus = "park"
demand_mw = { daily = [1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,1,1,1,1,1,1] }
start_year = 2025
[[links]]
name = "boiler"
from_bus = "park"
to_bus = "steam"
capacity_mw = 5
efficiency = { daily = [0.9,0.9,0.9,0.9,0.9,0.9,0.95,0.95,0.95,0.95,0.95,0.95,0.95,0.95,0.95,0.95,0.95,0.95,0.9,0.9,0.9,0.9,0.9,0.9] }
[[grid_connections]]
name = "grid"
bus = "park"
import_max_mw = 20
buy_price_cny_per_mwh = { daily = [300,300,300,300,300,300,600,600,600,600,600,600,600,600,600,600,600,600,900,900,900,900,900,900] }
)";

Network read_two_days() {
  const fs::path dir =
      fs::temp_directory_path() / ("parkgrid_series_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "scenario.toml";
  std::ofstream(file, std::ios::binary) << kTwoDays;
  Network n = io::read_scenario(file.string());
  fs::remove_all(dir);
  return n;
}

// Every series field of the schema is visited, in the section the schema puts it, with the
// schema's word for the component; [snapshots] weight_hours is the snapshots' own vector
// (Snapshots::weight_hours), not a component's series, and a link's source_temperature_c is read
// into its efficiency (a heat pump's COP, docs/formulation.md#heat), not kept as a series.
TEST(Series, ForEachSeriesListsEverySeriesFieldOfTheSchema) {
  Names in_schema;
  for (const schema::Section& s : schema::sections())
    for (const schema::Field& f : s.fields)
      if (f.kind == schema::Kind::kSeries && s.name != "snapshots" &&
          !(s.name == "links" && f.name == "source_temperature_c"))
        in_schema.emplace(std::string(s.name), std::string(f.name));
  Names listed;
  const Network n;
  for_each_series(n, [&](const SeriesField& f, const TimeSeries&) {
    listed.emplace(std::string(f.section), std::string(f.field));
    const schema::Section* s = schema::find_section(f.section);
    ASSERT_NE(s, nullptr) << f.section;
    EXPECT_EQ(s->component, f.component) << f.section;
    const schema::Field* field = schema::find_field(*s, f.field);
    ASSERT_NE(field, nullptr) << f.section << "." << f.field;
    EXPECT_EQ(field->kind, schema::Kind::kSeries) << f.section << "." << f.field;
  });
  EXPECT_EQ(listed, in_schema);
  EXPECT_GE(listed.size(), 10u);
}

TEST(Series, AWrongLengthIsAnErrorNamingComponentAndField) {
  const Network n = read_two_days();
  EXPECT_TRUE(series_shape_problems(n, "s.toml").empty());
  // A series left at another number of snapshots (what a reduction that forgot it would leave):
  // 24 values for each of 48 snapshots.
  Network cut = n;
  std::vector<Index> first_day(24);
  for (Index t = 0; t < 24; ++t) first_day[static_cast<std::size_t>(t)] = t;
  cut.links.efficiency = cut.links.efficiency.select(first_day);
  Diagnostics diag;
  validate(cut, "s.toml", diag);
  ASSERT_EQ(diag.size(), 1u);
  const Diagnostic& d = diag.items()[0];
  EXPECT_EQ(d.to_string(),
            "s.toml: link \"boiler\": efficiency = 24 values (one row of 48 values (one per "
            "snapshot) for each of the 1 links)");
  EXPECT_EQ(d.section, "links");
  EXPECT_EQ(d.index, 0);
  EXPECT_EQ(d.component, "boiler");
  // A family with a row missing: the load without its row is named.
  Network missing = n;
  TimeSeries one(48);
  one.add_series(n.loads.demand_mw.row(0));
  missing.loads.demand_mw = one;
  const auto problems = series_shape_problems(missing, "s.toml");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].to_string(),
            "s.toml: load \"process\": demand_mw = 1 rows of values (one row of 48 values (one "
            "per snapshot) for each of the 3 loads)");
}

// One typical day of weight 2 for two equal days: every series is cut to 24 values, the sampled
// ones (prices, efficiency) equal to the day's, the rescaled ones (availability, demand) too,
// since the day's energy is already the mean.
TEST(Series, TheTypicalDayReductionCutsEverySeries) {
  const Network n = read_two_days();
  const planning::Reduction red = planning::typical_days(n, 1);
  ASSERT_EQ(red.day.size(), 1u);
  const Network r = planning::reduce(n, red);
  EXPECT_EQ(r.snapshot_count(), 24);
  EXPECT_TRUE(series_shape_problems(r, "").empty());
  std::vector<const TimeSeries*> full;
  for_each_series(n, [&](const SeriesField&, const TimeSeries& s) { full.push_back(&s); });
  std::size_t i = 0;
  for_each_series(r, [&](const SeriesField& f, const TimeSeries& s) {
    const TimeSeries& before = *full[i++];
    EXPECT_EQ(s.snapshots(), 24) << f.field;
    ASSERT_EQ(s.components(), before.components()) << f.field;
    for (Index c = 0; c < s.components(); ++c)
      for (Index t = 0; t < 24; ++t)
        EXPECT_NEAR(s.at(c, t), before.at(c, t), 1e-12) << f.section << "." << f.field;
  });
  EXPECT_EQ(i, full.size());
}

}  // namespace
}  // namespace parkgrid
