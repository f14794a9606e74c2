#include <gtest/gtest.h>

#include "parkgrid/error.hpp"

namespace parkgrid {
namespace {

TEST(Diagnostic, FormatsFileLineWhereFieldValueExpected) {
  const Diagnostic d{"data/pinglu/scenario.toml", 42,   "generator \"pv_south\"",
                     "max_capacity_mw",           "-5", "must be >= 0"};
  EXPECT_EQ(
      d.to_string(),
      "data/pinglu/scenario.toml:42: generator \"pv_south\": max_capacity_mw = -5 (must be >= 0)");
}

TEST(Diagnostic, WithoutLineOrField) {
  const Diagnostic d{"profiles.csv", 0, "", "", "", "file not found or not readable"};
  EXPECT_EQ(d.to_string(), "profiles.csv: file not found or not readable");
}

TEST(Diagnostics, ThrowsAllAtOnce) {
  Diagnostics diag;
  diag.add({"a.toml", 1, "", "x", "1", "bad"});
  diag.add({"a.toml", 2, "", "y", "2", "bad"});
  try {
    diag.throw_if_any();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 2u);
    EXPECT_STREQ(e.what(), "a.toml:1: x = 1 (bad)\na.toml:2: y = 2 (bad)");
  }
}

TEST(DidYouMean, Typos) {
  const std::vector<std::string> fields{"capacity_mw", "capex_cny_per_mw", "max_capacity_mw",
                                        "bus"};
  EXPECT_EQ(did_you_mean("capacity_kw", fields), "capacity_mw");
  EXPECT_EQ(did_you_mean("max_capacity", fields), "max_capacity_mw");
  EXPECT_EQ(did_you_mean("capex", fields), "capex_cny_per_mw");
  EXPECT_EQ(did_you_mean("colour", fields), "");
}

}  // namespace
}  // namespace parkgrid
