// `parkgrid tariff`, run in-process through add_tariff_command: the printed summary and bill, the
// JSON, and the exit code and messages of bad input.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "tariff_test_util.hpp"

namespace parkgrid::cli {
namespace {

using tariff::test::data_file;
using tariff::test::TempDir;

struct Result {
  int code = -1;
  std::string out, err;
};

// Runs `parkgrid tariff ARGS...` with the subcommand registered on a fresh app, as main.cpp does.
Result run(std::vector<std::string> args) {
  CLI::App app{"parkgrid"};
  app.require_subcommand(1);
  Result r;
  add_tariff_command(app, r.code);
  args.insert(args.begin(), {"parkgrid", "tariff"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    r.code = app.exit(e) == 0 ? kExitOk : kExitInputError;
  }
  r.out = testing::internal::GetCapturedStdout();
  r.err = testing::internal::GetCapturedStderr();
  return r;
}

std::string flat_load_csv(const TempDir& d, int hours, double mw) {
  std::string csv = "hour,load_mw\n";
  for (int h = 0; h < hours; ++h) csv += fmt::format("{},{}\n", h, mw);
  return d.add("load.csv", csv);
}

TEST(TariffCli, PricesSummary) {
  const Result r = run({data_file("shanxi_large_industry_2025.toml"), "--voltage", "220kv"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Voltage level 电压等级: 220kv; 8,760 h from 2022-01-01T00:00 to "
                       "2022-12-31T23:00 (12 month(s) 个月)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("critical_peak 尖峰"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Time-weighted mean 时间加权平均"), std::string::npos) << r.out;
  // The critical peak: 248 h at 332 x 1.92 + 29 x 1.92 + 11.69 + 20 + 43.36875 = 768.18 CNY/MWh.
  EXPECT_NE(r.out.find("248        1.92"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("768.18"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(TariffCli, BillOfOneWeekInJulyAsJson) {
  TempDir d("cli_json");
  const std::string csv = flat_load_csv(d, 168, 10.0);
  const Result r =
      run({data_file("shanxi_large_industry_2025.toml"), "--voltage", "220kv", "--load", csv,
           "--column", "load_mw", "--start", "2025-07-07T00:00", "--json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["voltage_level"], "220kv");
  EXPECT_EQ(j["start"], "2025-07-07T00:00");
  EXPECT_EQ(j["months"], 1);
  // The same week as TariffBill.FlatLoadForOneWeekOfJulyUnderTheShanxiTariff: 1,090,123.0 CNY.
  const auto& b = j["bill"];
  EXPECT_EQ(b["basis"], "max_demand");
  EXPECT_NEAR(b["energy_mwh"].get<double>(), 1'680.0, 1e-9);
  EXPECT_NEAR(b["total_cny"].get<double>(), 1'090'123.0, 1e-6);
  EXPECT_NEAR(b["demand_charge_cny"].get<double>(), 330'000.0, 1e-6);
  EXPECT_NEAR(b["average_cny_per_kwh"].get<double>(), 1'090'123.0 / 1'680'000.0, 1e-12);
  EXPECT_EQ(j["prices"]["periods"][0]["period"], "critical_peak");
  EXPECT_EQ(j["prices"]["periods"][0]["hours"], 14.0);
}

TEST(TariffCli, BillWaterfall) {
  TempDir d("cli_text");
  const std::string csv = flat_load_csv(d, 168, 10.0);
  const Result r = run({data_file("shanxi_large_industry_2025.toml"), "--voltage", "220kv",
                        "--load", csv, "--column", "load_mw", "--start", "2025-07-07"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  for (const char* s :
       {"Energy 电能量电费", "583,092", "T&D 输配电费", "Line loss 上网环节线损费用",
        "System operation 系统运行费用", "Government funds 政府性基金及附加",
        "Demand charge 需量电费", "330,000", "Total 合计", "1,090,123", "0.6489"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
}

TEST(TariffCli, ContractedCapacity) {
  TempDir d("cli_kva");
  const std::string csv = flat_load_csv(d, 24, 10.0);
  // One day of March: one month x 12,500 kVA x 22 CNY/kVA-month = 275,000 CNY.
  const Result r = run({data_file("shanxi_large_industry_2025.toml"), "--voltage", "110kv",
                        "--load", csv, "--column", "load_mw", "--start", "2025-03-01T00:00",
                        "--contracted-kva", "12500", "--json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["bill"]["basis"], "contracted_capacity");
  EXPECT_DOUBLE_EQ(j["bill"]["capacity_charge_cny"].get<double>(), 275'000.0);
  EXPECT_DOUBLE_EQ(j["bill"]["demand_charge_cny"].get<double>(), 0.0);
}

TEST(TariffCli, UnknownVoltageLevel) {
  const Result r = run({data_file("shanxi_large_industry_2025.toml"), "--voltage", "10kv"});
  EXPECT_EQ(r.code, kExitInputError);
  EXPECT_NE(r.err.find("voltage level = \"10kv\" (not in the tariff, which has \"1-10kv\", "
                       "\"35kv\", \"110kv\", \"220kv\"; did you mean \"110kv\"?)"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(TariffCli, BadLoadAndOptions) {
  TempDir d("cli_bad");
  const std::string csv = d.add("load.csv", "load_mw\n1\n2\n-1\n3\n");
  const std::string tariff = data_file("shanxi_large_industry_2025.toml");
  Result r = run({tariff, "--voltage", "220kv", "--load", csv});
  EXPECT_EQ(r.code, kExitInputError);
  EXPECT_NE(d.strip(r.err).find("load.csv:4: column \"load_mw\": value = -1 (must be >= 0 (a load "
                                "in MW))"),
            std::string::npos)
      << r.err;

  const std::string two = d.add("two.csv", "a,b\n1,2\n");
  r = run({tariff, "--voltage", "220kv", "--load", two});
  EXPECT_EQ(r.code, kExitInputError);
  EXPECT_NE(d.strip(r.err).find("two.csv:1: header: --column (the file has 2 columns; choose the "
                                "load with --column (a, b))"),
            std::string::npos)
      << r.err;
  r = run({tariff, "--voltage", "220kv", "--load", two, "--column", "bb"});
  EXPECT_NE(d.strip(r.err).find("two.csv:1: header: --column = \"bb\" (no column of that name; "
                                "did you mean \"b\"?)"),
            std::string::npos)
      << r.err;

  const std::string ok = d.add("ok.csv", "load_mw\n1\n2\n");
  r = run({tariff, "--voltage", "220kv", "--load", ok, "--hours", "3"});
  EXPECT_EQ(r.code, kExitInputError);
  EXPECT_NE(d.strip(r.err).find("ok.csv: column \"load_mw\": has 2 rows but --hours is 3; give "
                                "one value per hour"),
            std::string::npos)
      << r.err;

  r = run({tariff, "--voltage", "220kv", "--start", "2025-02-30"});
  EXPECT_EQ(r.code, kExitInputError);
  EXPECT_NE(r.err.find("command line: --start = \"2025-02-30\" (expected a local time like "
                       "2025-01-01T00:00)"),
            std::string::npos)
      << r.err;

  r = run({(d.dir / "nope.toml").string(), "--voltage", "220kv"});
  EXPECT_EQ(r.code, kExitInputError);
  EXPECT_NE(d.strip(r.err).find("nope.toml: tariff file not found"), std::string::npos) << r.err;

  r = run({tariff});  // --voltage is required: a usage error
  EXPECT_EQ(r.code, kExitInputError);
}

}  // namespace
}  // namespace parkgrid::cli
