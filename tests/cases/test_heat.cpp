// Heat, and links in general (issue 17): the hand-computed cases of tests/cases/heat/, each
// derived in the comment at the top of its file. An extraction-condensing CHP whose feasible
// region binds (alone and as a committed unit), an electric boiler with heat storage taking
// midday PV against a gas boiler, a heat pump whose COP follows the air temperature, a link that
// runs both ways and a link with two outputs (a back-pressure CHP); each in both LP methods.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "cases/case_helpers.hpp"
#include "parkgrid/parkgrid.hpp"

namespace parkgrid {
namespace {

using analysis::Results;
using cases::hourly;

Network read_case(const std::string& file) {
  return io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/heat/" + file);
}

double rel(double v) {
  return 1e-7 * std::max(1.0, std::abs(v));
}

double heat_supply(const Results& r, const std::string& name) {
  for (const auto& h : r.summary.heat_supply)
    if (h.name == name) return h.heat_mwh;
  throw std::runtime_error("no heat supply " + name);
}

class HeatCase : public ::testing::TestWithParam<solve::Method> {
 protected:
  Results run(const std::string& file) {
    solve::Options o;
    o.method = GetParam();
    Results r = optimise(read_case(file), o);
    EXPECT_TRUE(r.summary.optimal) << r.summary.status;
    EXPECT_NEAR(cases::cost_total(r), r.summary.objective_cny, rel(r.summary.objective_cny));
    return r;
  }
};

void expect_chp_region(const Results& r) {
  EXPECT_NEAR(r.summary.objective_cny, 40600.0, rel(40600.0));
  const auto& p = hourly(r, "generators.csv", "chp");
  const auto& h = hourly(r, "generators.csv", "chp.heat_mw");
  const auto& boiler = hourly(r, "generators.csv", "boiler");
  const double p_want[] = {10, 88, 50}, h_want[] = {20, 60, 20}, b_want[] = {20, 0, 0};
  for (std::size_t t = 0; t < 3; ++t) {
    EXPECT_NEAR(p[t], p_want[t], 1e-6) << "hour " << t + 1;
    EXPECT_NEAR(h[t], h_want[t], 1e-6) << "hour " << t + 1;
    EXPECT_NEAR(boiler[t], b_want[t], 1e-6) << "hour " << t + 1;
  }
  EXPECT_NEAR(hourly(r, "grid.csv", "grid.import_mw")[1], 2.0, 1e-6);
  const auto& heat_price = hourly(r, "bus_prices.csv", "steam.price_cny_per_mwh");
  const auto& el_price = hourly(r, "bus_prices.csv", "park.price_cny_per_mwh");
  const double heat_want[] = {300, 100, 40}, el_want[] = {-320, 500, 200};
  for (std::size_t t = 0; t < 3; ++t) {
    EXPECT_NEAR(heat_price[t], heat_want[t], 1e-5) << "hour " << t + 1;
    EXPECT_NEAR(el_price[t], el_want[t], 1e-5) << "hour " << t + 1;
  }
  EXPECT_NEAR(r.summary.co2_t, 340.0, 1e-6);
  EXPECT_NEAR(r.summary.heat_co2_t, 44.0, 1e-6);
  EXPECT_NEAR(r.summary.heat_load_mwh, 120.0, 1e-9);
  EXPECT_NEAR(r.summary.heat_supply_mwh, 120.0, 1e-6);
  EXPECT_NEAR(heat_supply(r, "chp"), 100.0, 1e-6);
  EXPECT_NEAR(heat_supply(r, "boiler"), 20.0, 1e-6);
  EXPECT_NEAR(r.summary.heat_price_cny_per_mwh, (40 * 300 + 60 * 100 + 20 * 40) / 120.0, 1e-5);
  EXPECT_NEAR(r.summary.heat_value_cny, 18800.0, 1e-4);
  EXPECT_NEAR(r.summary.average_cost_cny_per_kwh, (40600.0 - 18800.0) / 150000.0, 1e-8);
  EXPECT_NEAR(r.summary.heat_green_share, 0.0, 1e-12);
}

TEST_P(HeatCase, ExtractionChpRegionBinds) {
  expect_chp_region(run("chp_region.toml"));
}

TEST_P(HeatCase, ExtractionChpAsCommittedUnit) {
  const Results r = run("chp_committed.toml");
  expect_chp_region(r);
  ASSERT_EQ(r.summary.units.size(), 1u);
  const auto& online = hourly(r, "unit_commitment.csv", "chp.online");
  for (double u : online) EXPECT_NEAR(u, 1.0, 1e-9);
}

// chp_region.toml with the CHP unit built (for free, up to the 100 MW of the fixed unit): the
// iso-fuel row on the capacity column gives the same region, output and cost.
TEST_P(HeatCase, ExtractionChpBuilt) {
  Network built = read_case("chp_region.toml");
  const Index chp = 0;
  ASSERT_EQ(built.generators.name[chp], "chp");
  built.generators.capacity_mw.existing[chp] = 0.0;
  built.generators.capacity_mw.extendable[chp] = 1;
  built.generators.capacity_mw.max[chp] = 100.0;
  EXPECT_EQ(formulate::at(formulate::build(built).layout.generator_ext, chp), 0);
  solve::Options o;
  o.method = GetParam();
  const Results r = optimise(built, o);
  ASSERT_TRUE(r.summary.optimal) << r.summary.status;
  EXPECT_NEAR(r.summary.objective_cny, 40600.0, rel(40600.0));
  EXPECT_NEAR(hourly(r, "generators.csv", "chp")[1], 88.0, 1e-6);
  EXPECT_NEAR(hourly(r, "generators.csv", "chp.heat_mw")[1], 60.0, 1e-6);
}

TEST_P(HeatCase, ExtractionChpMinimumCondensingFlowBinds) {
  const Results r = run("chp_min_condensing.toml");
  EXPECT_NEAR(r.summary.objective_cny, 45000.0, rel(45000.0));
  const auto& p = hourly(r, "generators.csv", "chp");
  const auto& h = hourly(r, "generators.csv", "chp.heat_mw");
  const auto& boiler = hourly(r, "generators.csv", "boiler");
  const auto& exported = hourly(r, "grid.csv", "grid.export_mw");
  const double p_want[] = {50, 20, 80}, h_want[] = {50, 0, 100}, b_want[] = {0, 0, 20},
               x_want[] = {20, 20, 0};
  for (std::size_t t = 0; t < 3; ++t) {
    EXPECT_NEAR(p[t], p_want[t], 1e-6) << "hour " << t + 1;
    EXPECT_NEAR(h[t], h_want[t], 1e-6) << "hour " << t + 1;
    EXPECT_NEAR(boiler[t], b_want[t], 1e-6) << "hour " << t + 1;
    EXPECT_NEAR(exported[t], x_want[t], 1e-6) << "hour " << t + 1;
  }
  EXPECT_NEAR(hourly(r, "grid.csv", "grid.import_mw")[2], 10.0, 1e-6);
  const auto& heat_price = hourly(r, "bus_prices.csv", "steam.price_cny_per_mwh");
  const auto& el_price = hourly(r, "bus_prices.csv", "park.price_cny_per_mwh");
  const double el_want[] = {50, 50, 500};
  for (std::size_t t = 0; t < 3; ++t)
    EXPECT_NEAR(el_price[t], el_want[t], 1e-5) << "hour " << t + 1;
  // Hour 2 carries no heat, its heat price is not unique (any dual up to 130).
  EXPECT_NEAR(heat_price[0], 130.0, 1e-5);
  EXPECT_NEAR(heat_price[2], 300.0, 1e-5);
  EXPECT_NEAR(r.summary.co2_t, 364.0, 1e-6);
  EXPECT_NEAR(r.summary.heat_co2_t, 64.0, 1e-6);
  EXPECT_NEAR(heat_supply(r, "chp"), 150.0, 1e-6);
  EXPECT_NEAR(heat_supply(r, "boiler"), 20.0, 1e-6);
}

TEST_P(HeatCase, MinimumCondensingFlowOnlyWhileTheUnitIsOnline) {
  const Results r = run("chp_min_condensing_committed.toml");
  EXPECT_NEAR(r.summary.objective_cny, 42000.0, rel(42000.0));
  const auto& online = hourly(r, "unit_commitment.csv", "chp.online");
  const auto& p = hourly(r, "generators.csv", "chp");
  const auto& h = hourly(r, "generators.csv", "chp.heat_mw");
  const double u_want[] = {1, 0, 1}, p_want[] = {50, 0, 80}, h_want[] = {50, 0, 100};
  for (std::size_t t = 0; t < 3; ++t) {
    EXPECT_NEAR(online[t], u_want[t], 1e-6) << "hour " << t + 1;
    EXPECT_NEAR(p[t], p_want[t], 1e-6) << "hour " << t + 1;
    EXPECT_NEAR(h[t], h_want[t], 1e-6) << "hour " << t + 1;
  }
  EXPECT_NEAR(hourly(r, "grid.csv", "grid.export_mw")[1], 0.0, 1e-6);
}

TEST_P(HeatCase, ElectricBoilerAndHeatStoreTakeMiddayPv) {
  const Results r = run("eboiler_storage.toml");
  EXPECT_NEAR(r.summary.objective_cny, 416590.61524619313, rel(416590.61524619313));
  const auto& boiler_in = hourly(r, "links.csv", "electric_boiler.input_mw");
  const auto& gas = hourly(r, "generators.csv", "gas_boiler");
  const auto& dis = hourly(r, "storage_units.csv", "heat_tank.discharge_mw");
  const auto& soc = hourly(r, "storage_units.csv", "heat_tank.soc_mwh");
  for (std::size_t t = 0; t < 24; ++t) {
    const bool sun = t >= 10 && t <= 13;
    EXPECT_NEAR(boiler_in[t], sun ? 60.0 : 0.0, 1e-6) << "hour " << t;
  }
  EXPECT_NEAR(soc[13], 107.192696625, 1e-6);
  EXPECT_NEAR(dis[14], 30.0, 1e-6);
  EXPECT_NEAR(dis[16], 30.0, 1e-6);
  EXPECT_NEAR(dis[17], 5.455385010876783, 1e-6);
  EXPECT_NEAR(gas[17], 30.0 - 5.455385010876783, 1e-6);
  EXPECT_NEAR(gas[0], 30.0, 1e-6);
  EXPECT_NEAR(r.summary.curtailment_mwh, 80.0, 1e-6);
  // Heat: gas 504.544615, electric boiler 4 x 57 = 228, the tank's 95.455385 discharged.
  EXPECT_NEAR(heat_supply(r, "gas_boiler"), 504.5446149891232, 1e-5);
  EXPECT_NEAR(heat_supply(r, "electric_boiler"), 228.0, 1e-6);
  EXPECT_NEAR(heat_supply(r, "heat_tank"), 95.45538501087678, 1e-5);
  EXPECT_NEAR(r.summary.heat_supply_mwh, 732.5446149891232, 1e-5);
  // Green share of electricity: PV 320 of 720 MWh; the boiler's 228 MWh_th count at it.
  EXPECT_NEAR(r.summary.green_share, 320.0 / 720.0, 1e-9);
  EXPECT_NEAR(r.summary.heat_green_share, 228.0 * (320.0 / 720.0) / 732.5446149891232, 1e-7);
  ASSERT_EQ(r.summary.heat_storage.size(), 1u);
  EXPECT_NEAR(r.summary.heat_storage[0].max_level_mwh, 107.192696625, 1e-6);
  EXPECT_NEAR(r.summary.heat_storage[0].energy_capacity_mwh, 160.0, 1e-9);
  EXPECT_NEAR(hourly(r, "bus_prices.csv", "hot_water.price_cny_per_mwh")[0], 350.0, 1e-5);
}

TEST_P(HeatCase, HeatPumpCopFollowsAirTemperature) {
  const Network net = read_case("heat_pump.toml");
  const double cop[] = {1.60675, 2.06075, 2.64075};
  for (Index t = 0; t < 3; ++t) EXPECT_NEAR(net.links.efficiency.at(0, t), cop[t], 1e-12);
  const Results r = run("heat_pump.toml");
  EXPECT_NEAR(r.summary.objective_cny, 8683.64311970502, rel(8683.64311970502));
  const auto& in = hourly(r, "links.csv", "heat_pump.input_mw");
  const auto& out = hourly(r, "links.csv", "heat_pump.output_mw");
  EXPECT_NEAR(in[0], 0.0, 1e-6);
  EXPECT_NEAR(in[1], 10.0 / 2.06075, 1e-6);
  EXPECT_NEAR(in[2], 10.0 / 2.64075, 1e-6);
  EXPECT_NEAR(out[2], 10.0, 1e-6);
  const auto& price = hourly(r, "bus_prices.csv", "heat.price_cny_per_mwh");
  EXPECT_NEAR(price[0], 350.0, 1e-5);
  EXPECT_NEAR(price[1], 600.0 / 2.06075, 1e-5);
  EXPECT_NEAR(price[2], 600.0 / 2.64075, 1e-5);
  // Heat pump heat 20 MWh_th from 8.639405 MWh of grid electricity (green share 0): green heat
  // is the ambient part, 20 - 8.639405.
  const double elec = 10.0 / 2.06075 + 10.0 / 2.64075;
  EXPECT_NEAR(r.summary.heat_green_share, (20.0 - elec) / 30.0, 1e-7);
}

TEST_P(HeatCase, LinkRunsBothWays) {
  const Results r = run("bidirectional.toml");
  EXPECT_NEAR(r.summary.objective_cny, 27000.0, rel(27000.0));
  const auto& q = hourly(r, "links.csv", "tie.input_mw");
  EXPECT_NEAR(q[0], 50.0, 1e-6);
  EXPECT_NEAR(q[1], -40.0, 1e-6);
  EXPECT_NEAR(hourly(r, "links.csv", "tie.output_mw")[1], -40.0, 1e-6);
  EXPECT_NEAR(hourly(r, "generators.csv", "dear")[1], 50.0, 1e-6);
}

TEST_P(HeatCase, LinkWithTwoOutputs) {
  const Results r = run("backpressure_chp.toml");
  EXPECT_NEAR(r.summary.objective_cny, 41000.0, rel(41000.0));
  const auto& q = hourly(r, "links.csv", "chp.input_mw");
  const auto& el = hourly(r, "links.csv", "chp.output_mw");
  const auto& heat = hourly(r, "links.csv", "chp.output2_mw");
  EXPECT_NEAR(q[0], 80.0, 1e-6);
  EXPECT_NEAR(q[1], 20.0, 1e-6);
  EXPECT_NEAR(el[0], 28.0, 1e-6);
  EXPECT_NEAR(heat[0], 40.0, 1e-6);
  EXPECT_NEAR(heat[1], 10.0, 1e-6);
  EXPECT_NEAR(hourly(r, "links.csv", "gas_boiler.input_mw")[0], 0.0, 1e-6);
  EXPECT_NEAR(hourly(r, "grid.csv", "grid.import_mw")[1], 28.0, 1e-6);
  EXPECT_NEAR(heat_supply(r, "chp"), 50.0, 1e-6);
}

TEST(HeatInputs, RefusedWithClearMessages) {
  const auto message_of = [&](const std::string& text) {
    const std::string file = testing::TempDir() + "heat_bad.toml";
    {
      std::FILE* f = std::fopen(file.c_str(), "w");
      std::fputs(text.c_str(), f);
      std::fclose(f);
    }
    try {
      (void)io::read_scenario(file);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string base =
      "[snapshots]\ncount = 1\n[[carriers]]\nname = \"electricity\"\n[[carriers]]\nname = "
      "\"heat\"\nheat = true\n[[buses]]\nname = \"park\"\n[[buses]]\nname = \"h\"\ncarrier = "
      "\"heat\"\n";
  // min_pu below -1.
  EXPECT_NE(message_of(base + "[[links]]\nname = \"l\"\nfrom_bus = \"park\"\nto_bus = \"h\"\n"
                              "min_pu = -1.5\n")
                .find("between -1 and 1"),
            std::string::npos);
  // A second output on the link's own input bus.
  EXPECT_NE(message_of(base + "[[links]]\nname = \"l\"\nfrom_bus = \"park\"\nto_bus = \"h\"\n"
                              "to_bus2 = \"park\"\n")
                .find("to_bus2"),
            std::string::npos);
  // heat_bus on an electric bus.
  EXPECT_NE(message_of(base + "[[generators]]\nname = \"g\"\nbus = \"park\"\ncarrier = "
                              "\"electricity\"\nheat_bus = \"park\"\n")
                .find("expected a heat bus"),
            std::string::npos);
  // A ratio without heat_bus.
  EXPECT_NE(message_of(base + "[[generators]]\nname = \"g\"\nbus = \"park\"\ncarrier = "
                              "\"electricity\"\npower_loss_ratio = 0.2\n")
                .find("needs heat_bus"),
            std::string::npos);
  // cop_model unknown.
  EXPECT_NE(message_of(base + "[[links]]\nname = \"l\"\nfrom_bus = \"park\"\nto_bus = \"h\"\n"
                              "cop_model = \"water\"\nsource_temperature_c = 5\n")
                .find("air_source"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Methods, HeatCase,
                         ::testing::Values(solve::Method::kSimplex, solve::Method::kIpm),
                         [](const auto& param_info) {
                           return param_info.param == solve::Method::kSimplex
                                      ? std::string("simplex")
                                      : std::string("ipm");
                         });

}  // namespace
}  // namespace parkgrid
