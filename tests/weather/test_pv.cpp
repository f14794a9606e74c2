// PV: incidence angle modifier, cell temperature, losses, inverter and clipping.
#include <cmath>

#include <gtest/gtest.h>

#include "parkgrid/weather.hpp"
#include "test_util.hpp"

namespace parkgrid::weather {
namespace {

// Physical IAM (glass n = 1.526, K = 4 /m, L = 2 mm): 1 at normal incidence, 0 at grazing;
// at 60°: Snell gives sin theta_r = sin 60 / 1.526 = 0.567517, cos theta_r = 0.823354;
//   rho_s = ((0.5 - 1.526 * 0.823354) / (0.5 + 1.526 * 0.823354))² = 0.177064
//   rho_p = ((0.823354 - 1.526 * 0.5) / (0.823354 + 1.526 * 0.5))² = 0.001435
//   rho_0 = (0.526 / 2.526)² = 0.043362
//   IAM = ((1 - rho_s) + (1 - rho_p)) / 2 * exp(-0.008 / 0.823354) / ((1 - rho_0) exp(-0.008))
//       = 0.910750 * 0.990330 / (0.956638 * 0.992032) = 0.946003  (pvlib: 0.9460029)
TEST(Pv, PhysicalIam) {
  EXPECT_NEAR(iam_physical(0.0), 1.0, 1e-12);
  EXPECT_NEAR(iam_physical(60.0), 0.9460029142, 1e-9);
  EXPECT_NEAR(iam_physical(85.0), 0.4008791503, 1e-9);
  EXPECT_EQ(iam_physical(90.0), 0.0);  // grazing light does not enter
  EXPECT_EQ(iam_physical(120.0), 0.0);
}

// Brandemuehl & Beckman equivalent angles: flat plane 59.7° (sky) and 90° (ground); at 35°:
// sky 59.7 - 0.1388 * 35 + 0.001497 * 35² = 59.7 - 4.858 + 1.833825 = 56.675825°,
// ground 90 - 0.5788 * 35 + 0.002693 * 35² = 90 - 20.258 + 3.298925 = 73.040925°.
TEST(Pv, DiffuseEquivalentAngles) {
  EXPECT_NEAR(sky_diffuse_equivalent_aoi_deg(0.0), 59.7, 1e-12);
  EXPECT_NEAR(ground_diffuse_equivalent_aoi_deg(0.0), 90.0, 1e-12);
  EXPECT_NEAR(sky_diffuse_equivalent_aoi_deg(35.0), 56.675825, 1e-9);
  EXPECT_NEAR(ground_diffuse_equivalent_aoi_deg(35.0), 73.040925, 1e-9);
}

// SAPM, open rack glass/glass (a = -3.47, b = -0.0594, dT = 3): E = 1000, Ta = 10, WS = 0:
//   T_m = 1000 exp(-3.47) + 10 = 31.117031; T_c = T_m + 1000 / 1000 * 3 = 44.117031
// (the example in pvlib's sapm_cell docstring: 44.11703066106086).
TEST(Pv, SapmCellTemperature) {
  EXPECT_NEAR(sapm_cell_temperature_c(1000.0, 10.0, 0.0), 44.11703066106086, 1e-10);
  // Night: the cell is at air temperature.
  EXPECT_EQ(sapm_cell_temperature_c(0.0, -5.0, 3.0), -5.0);
}

// PVWatts losses: 1 - (0.98 * 0.97 * 1 * 0.98 * 0.98 * 0.995 * 0.985 * 0.99 * 1 * 0.97)
//   = 1 - 0.859243 = 14.08% (PVWatts v5 manual, Table 1); DC part (without availability) 11.42%.
TEST(Pv, PvwattsLosses) {
  const PvLosses l;
  EXPECT_NEAR(l.total(), 0.14075660688264469, 1e-12);
  EXPECT_NEAR(l.dc_total(), 0.11418206895118011, 1e-12);
}

// PVWatts inverter, eta_nom = 0.96, eta_ref = 0.9637, P_ac0 = 1, P_dc0 = 1 / 0.96:
//   P_dc = 0.5: zeta = 0.48, eta = 0.96 / 0.9637 (-0.0162 * 0.48 - 0.0059 / 0.48 + 0.9858)
//        = 0.996161 * 0.965732 = 0.962024, P_ac = 0.481012.
//   P_dc = 1.2 * (1 - 0.114182) = 1.062981 (STC on a 1.2 DC/AC plant): zeta = 1.020462,
//        eta = 0.959787, eta P_dc = 1.020237 > 1: clipped to 1.
TEST(Pv, InverterEfficiencyAndClipping) {
  const Inverter inv;
  EXPECT_NEAR(pvwatts_ac_per_unit(0.5, inv), 0.48101226522776797, 1e-12);
  EXPECT_EQ(pvwatts_ac_per_unit(1.2 * (1.0 - PvLosses{}.dc_total()), inv), 1.0);
  EXPECT_EQ(pvwatts_ac_per_unit(0.0, inv), 0.0);
  EXPECT_EQ(pvwatts_ac_per_unit(3.0, inv), 1.0);
}

// Clipping in the whole chain: a clear cold noon (GHI 1000, DHI 100, -10 °C, 5 m/s) on a DC/AC 1.4
// plant saturates the inverter, so the capacity factor is 1 * (1 - 3% availability) = 0.97; with
// DC/AC 0.8 the same hour stays below the AC limit.
TEST(Pv, ClippingAtDcAcRatio) {
  WeatherSeries w = test::synthetic(1);
  w.hour[0] = LocalHour{2005, 4, 15, 13};  // 12:00-13:00 China time
  w.ghi_w_m2 = {1000.0};
  w.dhi_w_m2 = {100.0};
  w.temp_air_c = {-10.0};
  w.wind_speed_m_s = {5.0};
  const SunSeries s = sun_positions(w);
  const ClosedIrradiance c = close_irradiance(w, s);
  PvSystem sys;
  sys.dc_ac_ratio = 1.4;
  const PvSeries big = pv_capacity_factor(sys, w, s, c);
  EXPECT_GT(big.dc_per_unit_ac[0], 1.1);
  EXPECT_DOUBLE_EQ(big.capacity_factor[0], 0.97);
  sys.dc_ac_ratio = 0.8;
  const PvSeries small = pv_capacity_factor(sys, w, s, c);
  EXPECT_LT(small.capacity_factor[0], 0.97);
  EXPECT_GT(small.capacity_factor[0], 0.6);
}

TEST(Pv, RejectsOutOfRangeParameters) {
  PvSystem sys;
  sys.array.tilt_deg = 95.0;
  EXPECT_THROW(validate(sys), WeatherInputError);
  sys = PvSystem{};
  sys.dc_ac_ratio = -1.0;
  try {
    validate(sys);
    FAIL() << "no error";
  } catch (const WeatherInputError& e) {
    EXPECT_EQ(e.field(), "pv.dc_ac_ratio");
    EXPECT_STREQ(e.what(), "parameters: pv.dc_ac_ratio = -1 (expected 0.1..5)");
  }
}

}  // namespace
}  // namespace parkgrid::weather
