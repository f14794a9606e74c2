#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "io/csv.hpp"

namespace parkgrid::io {
namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("parkgrid_test_csv_" + std::to_string(::getpid()));  // parallel runs apart
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

TEST(ParseNumber, Table) {
  struct Case {
    const char* text;
    std::optional<double> value;
  };
  const Case cases[] = {{"1", 1.0},
                        {" 2.5 ", 2.5},
                        {"-0", -0.0},
                        {"+3", 3.0},
                        {"1e3", 1000.0},
                        {"", std::nullopt},
                        {"nan", std::nullopt},
                        {"inf", std::nullopt},
                        {"1e400", std::nullopt},
                        {"0,5", std::nullopt},
                        {"12abc", std::nullopt},
                        {"\"7\"", 7.0}};
  for (const auto& c : cases)
    EXPECT_EQ(parse_number(c.text), c.value) << "text: '" << c.text << "'";
}

TEST(CsvFile, ReadsColumnsWithBomAndCrlf) {
  const auto path = write_temp(
      "ok.csv",
      "\xEF\xBB\xBFsnapshot,pv,load\r\n2025-01-01T00:00,0.0,5\r\n2025-01-01T01:00,0.5,6\r\n");
  Diagnostics diag;
  const CsvFile f = CsvFile::read(path, "ok.csv", diag);
  ASSERT_TRUE(diag.empty());
  ASSERT_EQ(f.rows(), 2u);
  ASSERT_EQ(f.header()[0], "snapshot");
  const auto pv = f.numbers(*f.find_column("pv"), diag);
  EXPECT_EQ(pv, (std::vector<double>{0.0, 0.5}));
  EXPECT_TRUE(diag.empty());
}

TEST(CsvFile, BadCellsNamedWithLineAndColumn) {
  const auto path = write_temp("bad.csv", "pv\n0.1\n\nabc\n\n");
  Diagnostics diag;
  const CsvFile f = CsvFile::read(path, "bad.csv", diag);
  ASSERT_TRUE(diag.empty());
  (void)f.numbers(0, diag);
  // The blank line in the middle is a blank cell, never silently skipped; trailing blank lines
  // are not rows.
  EXPECT_EQ(f.rows(), 3u);
  ASSERT_EQ(diag.size(), 2u);
  EXPECT_EQ(diag.items()[0].to_string(),
            "bad.csv:3: column \"pv\": value = (blank) (expected a finite number)");
  EXPECT_EQ(diag.items()[1].to_string(),
            "bad.csv:4: column \"pv\": value = \"abc\" (expected a finite number)");
}

TEST(CsvFile, BlankCellAndRaggedRowAndDuplicateHeader) {
  Diagnostics diag;
  (void)CsvFile::read(write_temp("ragged.csv", "a,b\n1,2\n3\n"), "ragged.csv", diag);
  ASSERT_EQ(diag.size(), 1u);
  EXPECT_EQ(diag.items()[0].to_string(), "ragged.csv:3: row has 1 fields, the header has 2");

  Diagnostics diag2;
  (void)CsvFile::read(write_temp("dup.csv", "a,a\n1,2\n"), "dup.csv", diag2);
  ASSERT_EQ(diag2.size(), 1u);
  EXPECT_EQ(diag2.items()[0].to_string(),
            "dup.csv:1: header: column name = \"a\" (appears twice: columns 1 and 2)");

  Diagnostics diag3;
  const CsvFile f = CsvFile::read(write_temp("blank.csv", "a,b\n1,\n"), "blank.csv", diag3);
  ASSERT_TRUE(diag3.empty());
  (void)f.numbers(1, diag3);
  ASSERT_EQ(diag3.size(), 1u);
  EXPECT_EQ(diag3.items()[0].to_string(),
            "blank.csv:2: column \"b\": value = (blank) (expected a finite number)");
}

TEST(CsvFile, MissingAndEmptyFiles) {
  Diagnostics diag;
  (void)CsvFile::read("/nonexistent/profiles.csv", "profiles.csv", diag);
  ASSERT_EQ(diag.size(), 1u);
  EXPECT_EQ(diag.items()[0].to_string(), "profiles.csv: file not found or not readable");
  Diagnostics diag2;
  (void)CsvFile::read(write_temp("empty.csv", ""), "empty.csv", diag2);
  ASSERT_EQ(diag2.size(), 1u);
  EXPECT_EQ(diag2.items()[0].to_string(),
            "empty.csv: file is empty (expected a header row and one row per snapshot)");
}

// Cells are parsed once when the file is read; a text column nobody uses is no error, a used one
// names its bad cells in row order (at most 10, then a count), and the time column stays text.
TEST(CsvFile, ParsedOnceTextCellsReportedOnlyWhenUsed) {
  std::string text = "time,note,pv\n";
  for (int r = 0; r < 13; ++r)
    text += fmt::format("2025-01-01T{:02}:00,{},{}\n", r, r % 2 ? "ok" : "\"3\"",
                        r < 2 ? std::string(" 0.25 ") : fmt::format("x{}", r));
  Diagnostics diag;
  const CsvFile f = CsvFile::parse(text, "t.csv", diag);
  ASSERT_TRUE(diag.empty());
  ASSERT_EQ(f.rows(), 13u);
  EXPECT_EQ(f.time_column(), 0u);
  const auto pv = f.numbers(2, diag);
  ASSERT_EQ(pv.size(), 13u);
  EXPECT_EQ(pv[0], 0.25);  // " 0.25 " trimmed
  EXPECT_EQ(pv[1], 0.25);
  EXPECT_EQ(pv[2], 0.0);        // bad cells read as 0, reported
  ASSERT_EQ(diag.size(), 11u);  // x2..x12: 10 listed, then "1 more"
  EXPECT_EQ(diag.items()[0].to_string(),
            "t.csv:4: column \"pv\": value = \"x2\" (expected a finite number)");
  EXPECT_EQ(diag.items()[10].to_string(), "t.csv: column \"pv\": 1 more bad cells not listed");
  Diagnostics d2;
  const auto note = f.numbers(1, d2);
  EXPECT_EQ(note[0], 3.0);   // a quoted number
  EXPECT_EQ(d2.size(), 6u);  // the six "ok" cells
  Snapshots s;
  s.count = 13;
  Diagnostics d3;
  f.check_times(s, "scenario.toml", d3);
  EXPECT_TRUE(d3.empty()) << (d3.empty() ? "" : d3.items()[0].to_string());
}

}  // namespace
}  // namespace parkgrid::io
