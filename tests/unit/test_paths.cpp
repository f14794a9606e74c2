// The reform paths on tests/cases/paths/scenario.toml, whose prices are worked out by hand in the
// comment at the top of that file.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "parkgrid/paths.hpp"
#include "parkgrid/scenario.hpp"

namespace parkgrid {
namespace {

paths::Result run_hand_case(const paths::Options& o = {}) {
  const Network net =
      io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/paths/scenario.toml");
  return paths::run(net, o);
}

const paths::PathResult& path(const paths::Result& r, const std::string& id) {
  for (const auto& p : r.paths)
    if (p.id == id) return p;
  throw std::runtime_error("no path " + id);
}

TEST(Paths, PricesWorkedOutByHand) {
  const paths::Result r = run_hand_case();
  ASSERT_EQ(r.paths.size(), 5u);
  EXPECT_NEAR(path(r, "baseline").price_cny_per_kwh, 0.4615, 1e-9);
  EXPECT_NEAR(path(r, "linkage").price_cny_per_kwh, 34667923.277238674 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(r, "distribution").price_cny_per_kwh, 36197400.0 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(r, "integration").price_cny_per_kwh, 26206000.0 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(r, "combined").price_cny_per_kwh, 23257261.638619334 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(r, "integration").green_share, 0.5, 1e-9);
  ASSERT_EQ(path(r, "integration").built.size(), 1u);
  EXPECT_NEAR(path(r, "integration").built[0].optimal, 10.0, 1e-6);
  EXPECT_TRUE(path(r, "baseline").built.empty());
}

// Simple payback = extra investment over the baseline / yearly saving. Distribution: 3,000,000
// CNY of network for (36,197,400 -> 40,427,400 baseline) 4,230,000 CNY a year = 0.709 years.
// Linkage builds nothing and saves: no extra investment. A path that saves nothing never pays back.
TEST(Paths, PaybackInWords) {
  const paths::Result r = run_hand_case();
  EXPECT_NEAR(path(r, "distribution").simple_payback_years, 3.0e6 / (40427400.0 - 36197400.0),
              1e-9);
  EXPECT_EQ(paths::payback_text(path(r, "distribution").simple_payback_years), "0.7");
  EXPECT_EQ(path(r, "linkage").simple_payback_years, 0.0);
  EXPECT_EQ(paths::payback_text(path(r, "linkage").simple_payback_years), "none 无追加投资");
  EXPECT_EQ(paths::payback_text(path(r, "baseline").simple_payback_years), "–");
  EXPECT_EQ(paths::payback_text(std::numeric_limits<double>::infinity()), "never 不回收");
}

// Path 3 buying at market ([paths] integration_energy_price = "market"): the hand case with the
// connection's market price (market_price_cny_per_mwh) at 100 CNY/MWh in the PV hour and 250 in
// the dark one. Path 3's
// imports pay the market price + line loss 10 + system operation 10 + funds 40 (no T&D energy
// charge): 160 and 310 CNY/MWh; its exports earn the market price.
//   integration: a MW of PV saves 4,380 x 160 = 700,800 < 1,000,000 (or sells for 438,000):
//     built only as far as the 30 % green share asks, 0.3 x 87,600 / 4,380 = 6 MW.
//     6,000,000 + 17,520 x 160 + 43,800 x 310 + 43.8 x 1,000 x 10 = 22,819,200 CNY
//     -> 0.260493 CNY/kWh
//   combined: coal at 294.2525 < 310 in the dark hour, imports at 160 in the PV hour; PV 6 MW;
//     6,000,000 + 17,520 x 160 + 43,800 x 294.2525 + 219,000 + 150,000 = 22,060,461.64 CNY
//     -> 0.251832 CNY/kWh
// The paths without path 3 do not move (their price is the tariff's, their exports at its
// feed-in price).
TEST(Paths, IntegrationAtTheMarketPrice) {
  const std::string file = std::string(PARKGRID_TEST_CASES_DIR) + "/paths/scenario.toml";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string scenario = text.str();
  const std::string buy = "buy_price_cny_per_mwh = 460\n";
  scenario.replace(scenario.find(buy), buy.size(),
                   buy +
                       "market_price_cny_per_mwh = { daily = [100, 250, 0, 0, 0, 0, 0, 0, 0, 0, "
                       "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }\n");
  scenario += "integration_energy_price = \"market\"\n";
  const paths::Result r = paths::run(io::read_scenario_text(scenario, file), paths::Options{});
  const paths::Result before = run_hand_case();
  EXPECT_NEAR(path(r, "integration").price_cny_per_kwh, 22819200.0 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(r, "combined").price_cny_per_kwh, 22060461.638619334 / 87.6e6, 1e-9);
  ASSERT_EQ(path(r, "integration").built.size(), 1u);
  EXPECT_NEAR(path(r, "integration").built[0].optimal, 6.0, 1e-6);
  EXPECT_NEAR(path(r, "integration").green_share, 0.3, 1e-9);
  for (const char* id : {"baseline", "linkage", "distribution"})
    EXPECT_NEAR(path(r, id).price_cny_per_kwh, path(before, id).price_cny_per_kwh, 1e-12) << id;
  for (const paths::PathResult& p : r.paths)
    EXPECT_NEAR(p.reconciliation_gap_cny, 0.0, 1e-3) << p.id;
}

namespace {
// The hand case with a steam bus and a 5 MW_th process-steam load, and `supply` appended.
paths::Result run_with_steam(const std::string& supply) {
  const std::string file = std::string(PARKGRID_TEST_CASES_DIR) + "/paths/scenario.toml";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf()
       << "\n[[carriers]]\nname = \"steam\"\nheat = true\n[[carriers]]\nname = \"gas\"\n"
          "co2_t_per_mwh = 0.2\n"
          "[[buses]]\nname = \"steam\"\ncarrier = \"steam\"\n"
          "[[loads]]\nname = \"process_steam\"\nbus = \"steam\"\ndemand_mw = 5\n"
       << supply;
  return paths::run(io::read_scenario_text(text.str(), file), paths::Options{});
}
}  // namespace

// The park's heat beside its electricity (issue 17): the hand case with a steam load of 5 MW_th
// that only a gas boiler at 300 CNY/MWh_th can serve. On every path the heat price is the
// boiler's 300 CNY/MWh_th, the heat load 5 x 8,760 = 43,800 MWh_th and its cost 13,140,000 CNY a
// year. That cost is in the bill (the boiler's fuel, own assets) and leaves it again as the heat
// at its price (heat_revenue): the electricity price is the one without heat, on every path.
// Gas at 0.2 t CO2/MWh: the heat's 8,760 t are in co2_t, not in the electricity's kg/kWh.
TEST(Paths, HeatCostBesideTheElectricityPrice) {
  const paths::Result r = run_with_steam(
      "[[generators]]\nname = \"gas_boiler\"\nbus = \"steam\"\ncarrier = \"gas\"\n"
      "capacity_mw = 10\nmarginal_cost_cny_per_mwh = 300\n");
  const paths::Result no_heat = run_hand_case();
  ASSERT_EQ(r.paths.size(), 5u);
  for (std::size_t i = 0; i < r.paths.size(); ++i) {
    const auto& p = r.paths[i];
    EXPECT_NEAR(p.heat_load_mwh, 43800.0, 1e-6) << p.id;
    EXPECT_NEAR(p.heat_price_cny_per_mwh, 300.0, 1e-6) << p.id;
    EXPECT_NEAR(p.waterfall.heat_revenue_cny, 13140000.0, 1e-3) << p.id;
    EXPECT_NEAR(p.waterfall.own_assets_cny - no_heat.paths[i].waterfall.own_assets_cny, 13140000.0,
                1e-3)
        << p.id;
    EXPECT_NEAR(p.price_cny_per_kwh, no_heat.paths[i].price_cny_per_kwh, 1e-9) << p.id;
    EXPECT_NEAR(p.consumption_mwh, 87600.0, 1e-6) << p.id;
    EXPECT_NEAR(p.heat_co2_t, 8760.0, 1e-6) << p.id;
    EXPECT_NEAR(p.co2_t, no_heat.paths[i].co2_t + 8760.0, 1e-6) << p.id;
    EXPECT_NEAR(p.co2_kg_per_kwh, no_heat.paths[i].co2_kg_per_kwh, 1e-12) << p.id;
    EXPECT_NEAR(p.reconciliation_gap_cny, 0.0, 1e-6 * p.waterfall.total_cny()) << p.id;
    EXPECT_TRUE(std::isnan(no_heat.paths[i].heat_price_cny_per_mwh)) << p.id;
    EXPECT_EQ(no_heat.paths[i].heat_load_mwh, 0.0) << p.id;
  }
  EXPECT_NEAR(path(r, "baseline").price_cny_per_kwh, 0.4615, 1e-9);
}

// Steam from an electrode boiler (efficiency 1) on the park bus instead. The boiler's 5 MW is
// bought with the factories' 10 MW, so its heat costs what the park's marginal MWh costs:
//   baseline  460 CNY/MWh_th. Bill 131,400 MWh x 460 + certificates for 30 % of 131,400 MWh
//             (39,420 MWh x 5 = 197,100) = 60,641,100; heat 43,800 x 460 = 20,148,000 leaves it:
//             40,493,100 / 87.6e6 kWh = 0.462250 CNY/kWh (0.461500 without heat: the 65,700 CNY of
//             certificates for the boiler's electricity are not in the LP, so not in the heat
//             price, and stay with electricity).
//   linkage   coal is marginal at 394.2525 CNY/MWh (15 MW < 20 MW): heat 394.2525 CNY/MWh_th,
//             (87,600 x 394.2525 + 197,100) / 87.6e6 = 0.3965025 CNY/kWh.
// The boiler's electricity is the heat's input, not the park's consumption: 87,600 MWh.
// CO2 under linkage: coal 0.34 t/MWh at efficiency 0.4 = 0.85 t/MWh on all 131,400 MWh
// (111,690 t); electricity 0.85 kg/kWh, the heat's 0.85 x 43,800 = 37,230 t.
TEST(Paths, ElectricHeatIsPricedAtTheMarginalElectricity) {
  const paths::Result r = run_with_steam(
      "[[links]]\nname = \"electrode_boiler\"\nfrom_bus = \"park\"\nto_bus = \"steam\"\n"
      "capacity_mw = 10\nefficiency = 1\n");
  const auto& base = path(r, "baseline");
  EXPECT_NEAR(base.heat_price_cny_per_mwh, 460.0, 1e-6);
  EXPECT_NEAR(base.waterfall.heat_revenue_cny, 20148000.0, 1e-2);
  EXPECT_NEAR(base.waterfall.green_certificates_cny, 197100.0, 1e-3);
  EXPECT_NEAR(base.consumption_mwh, 87600.0, 1e-6);
  EXPECT_NEAR(base.price_cny_per_kwh, 0.462250, 1e-9);
  const auto& link = path(r, "linkage");
  EXPECT_NEAR(link.heat_price_cny_per_mwh, 394.2525, 1e-3);
  EXPECT_NEAR(link.price_cny_per_kwh, 0.3965025, 1e-7);
  EXPECT_NEAR(link.co2_t, 111690.0, 1e-3);
  EXPECT_NEAR(link.co2_kg_per_kwh, 0.85, 1e-9);
  EXPECT_NEAR(link.heat_co2_t, 37230.0, 1e-3);
  for (const auto& p : r.paths)
    EXPECT_NEAR(p.reconciliation_gap_cny, 0.0, 1e-6 * p.waterfall.total_cny()) << p.id;
}

namespace {
// The hand case with the linkage coal plant as one committable 20 MW unit: minimum stable load
// 50 %, efficiency 0.32 there (0.40 at full load), under unit commitment `mode`.
paths::Result run_with_committed_coal(const std::string& mode) {
  const std::string file = std::string(PARKGRID_TEST_CASES_DIR) + "/paths/scenario.toml";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string scenario = text.str();
  const std::string coal = "efficiency = 0.4\nmarginal_cost_cny_per_mwh = 200\n";
  const auto at = scenario.find(coal);
  if (at == std::string::npos) throw std::runtime_error("the hand case's coal plant moved");
  scenario.insert(at + coal.size(),
                  "unit_size_mw = 20\nmin_stable_pu = 0.5\nmin_stable_efficiency = 0.32\n");
  scenario += "[unit_commitment]\nmode = \"" + mode + "\"\n";
  return paths::run(io::read_scenario_text(scenario, file), paths::Options{});
}
}  // namespace

// A committed linkage plant's part-load fuel is the contract's energy at the linked price, in
// the LP and in the bill alike. Part-load heat rate through (20 MW, 1/0.40) and (10 MW, 1/0.32):
// fuel per hour = 1.875 p + 0.625 S u (MWh of fuel), i.e. k_out = 0.4 x 1.875 = 0.75 MWh and
// k_online = 0.4 x 0.625 = 0.25 MWh of full-load output per MW of unit online.
//   integer: the unit is on (u = 1) at its 10 MW minimum, the load: 0.75 x 10 + 0.25 x 20 =
//            12.5 MWh at the linked price per hour, 1.25 x 234.2525 + 160 = 452.82 < 460 CNY/MWh
//            of the grid. Energy 109,500 MWh x linked + network 160 x 87,600 + certificates
//            131,400; CO2 0.85 t x 109,500 = 93,075 t.
//   linear:  u = p / S = 0.5 and 0.75 x 10 + 0.25 x 10 = 10 MWh: the price of the plant without
//            commitment (0.395753 CNY/kWh).
// Every path's bill reconciles with its LP: the no-load fuel is priced in both.
TEST(Paths, CommittedLinkagePlantPaysItsPartLoadFuelAtTheLinkedPrice) {
  const double linked = (34667923.277238674 - 131400.0) / 87600.0 - 160.0;  // 234.2525 CNY/MWh
  const paths::Result integer = run_with_committed_coal("integer");
  const auto& link = path(integer, "linkage");
  EXPECT_NEAR(link.waterfall.energy_cny, 109500.0 * linked, 1e-3);
  EXPECT_NEAR(link.price_cny_per_kwh, (109500.0 * linked + 14016000.0 + 131400.0) / 87.6e6, 1e-9);
  EXPECT_NEAR(link.co2_t, 93075.0, 1e-3);
  const paths::Result linear = run_with_committed_coal("linear");
  EXPECT_NEAR(path(linear, "linkage").price_cny_per_kwh, 34667923.277238674 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(linear, "linkage").co2_t, 0.85 * 87600.0, 1e-3);
  for (const paths::Result* r : {&integer, &linear})
    for (const auto& p : r->paths)
      EXPECT_NEAR(p.reconciliation_gap_cny, 0.0, 1e-6 * p.waterfall.total_cny()) << p.id;
}

TEST(Paths, WaterfallsAddUpAndReconcileWithTheObjective) {
  const paths::Result r = run_hand_case();
  for (const auto& p : r.paths) {
    const paths::Waterfall& f = p.waterfall;
    const double parts = f.energy_cny + f.transmission_cny + f.fixed_charge_cny +
                         f.losses_and_system_cny + f.funds_cny + f.green_certificates_cny +
                         f.carbon_cny + f.own_assets_cny - f.export_revenue_cny -
                         f.heat_revenue_cny;
    EXPECT_NEAR(parts, f.total_cny(), 1e-6) << p.id;
    EXPECT_NEAR(p.price_cny_per_kwh * p.consumption_mwh * 1000.0, f.total_cny(), 1e-3) << p.id;
    EXPECT_NEAR(p.reconciliation_gap_cny, 0.0, 1e-6 * f.total_cny()) << p.id;
  }
}

TEST(Paths, DifferencesToBaselineReconcileComponentByComponent) {
  const paths::Result r = run_hand_case();
  const auto& base = path(r, "baseline").waterfall;
  // Path 2 changes only the T&D energy charge (100 -> 50 CNY/MWh on 87,600 MWh) and adds the
  // network (150,000 CNY).
  const auto& dist = path(r, "distribution").waterfall;
  EXPECT_NEAR(base.transmission_cny - dist.transmission_cny, 50.0 * 87600.0, 1e-3);
  EXPECT_NEAR(dist.own_assets_cny - base.own_assets_cny, 150000.0, 1e-3);
  EXPECT_NEAR(dist.energy_cny, base.energy_cny, 1e-3);
  EXPECT_NEAR(dist.funds_cny, base.funds_cny, 1e-3);
  // Path 1 changes only the energy: 300 -> 234.2525 CNY/MWh.
  const auto& link = path(r, "linkage").waterfall;
  EXPECT_NEAR(base.energy_cny - link.energy_cny, (300.0 - 234.25254882692545) * 87600.0, 1e-3);
  EXPECT_NEAR(link.transmission_cny, base.transmission_cny, 1e-3);
  EXPECT_NEAR(path(r, "linkage").co2_t, 87600.0 * 0.34 / 0.4, 1e-3);
}

TEST(Paths, WarmAndColdSolvesAgree) {
  paths::Options o;
  o.compare_cold = true;
  const paths::Result r = run_hand_case(o);
  for (const auto& p : r.paths) {
    EXPECT_GE(p.cold_solve_s, 0.0) << p.id;
    EXPECT_NEAR(p.cold_objective_cny, p.objective_cny, 1e-7 * std::abs(p.objective_cny)) << p.id;
  }
}

TEST(Paths, SensitivityOfTheCoalPrice) {
  paths::Options o;
  o.sensitivities = {{"coal_price_cny_per_tce", {900.0}}};
  const paths::Result r = run_hand_case(o);
  ASSERT_EQ(r.sensitivities.size(), 1u);
  // At 900 CNY/tce the linked price is 900 x 0.122835 / 0.4 + 50 = 326.38; with the grid charges
  // 486.38 > 460: path 1 falls back to the grid and equals the baseline.
  const auto& rows = r.sensitivities[0].paths;
  EXPECT_NEAR(rows[1].price_cny_per_kwh, rows[0].price_cny_per_kwh, 1e-9);
}

// A committable linkage plant that was up before an open horizon and must stay up 8 more hours
// (min_up_time_h 8, up_time_before_h 1, PyPSA's default) is held to that state only in the paths
// that use it: the baseline and path 2 leave it out, with no units online, and their prices are
// the hand figures of the plant-less case. Under path 1 one 20 MW unit at its 10 MW minimum
// covers the 10 MW load: the same price as without unit commitment. Path 3 has no coal plant.
TEST(Paths, ACommittablePlantLeftOutIsNotHeldToItsInitialState) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/paths/scenario.toml");
  ASSERT_EQ(net.unit_commitment.mode, UnitCommitment::Mode::kLinear);
  auto& cm = net.generators.commitment;
  const std::size_t G = static_cast<std::size_t>(net.generators.size());
  auto set = [&](std::vector<double>& v, double coal, double other) {
    v.assign(G, other);
    v[0] = coal;
  };
  ASSERT_EQ(net.generators.name[0], "coal");
  set(cm.unit_size_mw, 20.0, 0.0);
  set(cm.min_stable_pu, 0.5, 0.0);
  set(cm.min_up_time_h, 8.0, 0.0);
  set(cm.up_time_before_h, 1.0, 1.0);
  set(cm.down_time_before_h, 0.0, 0.0);
  set(cm.start_up_cost_cny, 0.0, 0.0);
  set(cm.shut_down_cost_cny, 0.0, 0.0);
  set(cm.min_down_time_h, 0.0, 0.0);
  set(cm.min_stable_efficiency, 0.0, 0.0);
  for (auto* ramp : {&cm.ramp_up_pu, &cm.ramp_down_pu, &cm.ramp_start_up_pu, &cm.ramp_shut_down_pu})
    set(*ramp, kInf, kInf);
  const paths::Result r = paths::run(net, {});
  // (The combined path is left out: its unit must run at 10 MW beside the PV, a different case.)
  for (const char* id : {"baseline", "linkage", "distribution", "integration"})
    EXPECT_EQ(path(r, id).status, "optimal") << id;
  EXPECT_NEAR(path(r, "baseline").price_cny_per_kwh, 0.4615, 1e-9);
  EXPECT_NEAR(path(r, "distribution").price_cny_per_kwh, 36197400.0 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(r, "linkage").price_cny_per_kwh, 34667923.277238674 / 87.6e6, 1e-9);
  EXPECT_NEAR(path(r, "integration").price_cny_per_kwh, 26206000.0 / 87.6e6, 1e-9);
}

TEST(Paths, AnInfeasiblePathIsExplained) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/paths/scenario.toml");
  net.grid.import_max_mw[0] = 8.0;  // load 10 MW: the grid alone cannot carry it
  const paths::Result r = paths::run(net, {});
  const auto& base = path(r, "baseline");
  EXPECT_EQ(base.status, "infeasible");
  ASSERT_EQ(base.violations.size(), 1u);
  EXPECT_NEAR(base.violations[0].peak_mw, 2.0, 1e-6);
  // The linkage plant is metered through the same connection: still 2 MW short.
  EXPECT_EQ(path(r, "linkage").status, "infeasible");
  // PV covers the sunny hour under path 3; the dark hour stays 2 MW short.
  ASSERT_EQ(path(r, "integration").violations.size(), 1u);
  EXPECT_EQ(path(r, "integration").violations[0].hours, 1);
}

TEST(Paths, MissingSectionAndUnknownNamesAreInputErrors) {
  Network net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/merit_order.toml");
  EXPECT_THROW((void)paths::run(net, {}), InputError);
  net = io::read_scenario(std::string(PARKGRID_TEST_CASES_DIR) + "/paths/scenario.toml");
  net.paths.linkage_generators = {"cole"};
  try {
    (void)paths::run(net, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(
        std::string(e.what()).find(
            "linkage_generators = \"cole\" (no generator of that name; did you mean \"coal\"?)"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace parkgrid
