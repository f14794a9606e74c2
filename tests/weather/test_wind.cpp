// Wind: power-curve interpolation and cut-out, shear, air density, the farm chain.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "parkgrid/weather.hpp"
#include "test_util.hpp"

namespace parkgrid::weather {
namespace {

// E-141/4200 (OEDB): 7 m/s -> 1471 kW, 8 m/s -> 2151 kW, so 7.5 m/s -> (1471 + 2151) / 2 = 1811
// kW and 7.25 m/s -> 1471 + 0.25 * 680 = 1641 kW. Below the first point (1 m/s) and above the
// last (25 m/s, cut-out) the power is 0; at 25 m/s exactly it is still 4200 kW.
TEST(Wind, PowerCurveInterpolationAndCutOut) {
  const PowerCurve c = builtin_turbine("E-141/4200");
  EXPECT_EQ(c.rated_power_kw(), 4200.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(7.0), 1471.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(7.5), 1811.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(7.25), 1641.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(0.5), 0.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(14.0), 4200.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(25.0), 4200.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(25.01), 0.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(30.0), 0.0);
  EXPECT_EQ(c.cut_out_m_s(), 25.0);

  // V126/3450: 0 up to 2.5 m/s, 35 kW at 3 m/s (cut-in), cut-out after 22.5 m/s.
  const PowerCurve v = builtin_turbine("V126/3450");
  EXPECT_DOUBLE_EQ(v.power_kw_at(2.5), 0.0);
  EXPECT_DOUBLE_EQ(v.power_kw_at(2.75), 17.5);
  EXPECT_DOUBLE_EQ(v.power_kw_at(22.5), 3450.0);
  EXPECT_DOUBLE_EQ(v.power_kw_at(23.0), 0.0);
}

TEST(Wind, EveryBuiltinTurbineIsConsistent) {
  for (std::string_view name : turbine_names()) {
    const PowerCurve c = builtin_turbine(name);
    EXPECT_EQ(c.name(), name);
    double max_kw = 0.0;
    for (double p : c.power_kw()) max_kw = std::max(max_kw, p);
    EXPECT_NEAR(max_kw, c.rated_power_kw(), 0.2) << name;
    EXPECT_FALSE(c.source().empty());
  }
  try {
    builtin_turbine("GW155/4500");
    FAIL() << "no error";
  } catch (const WeatherInputError& e) {
    EXPECT_EQ(e.field(), "turbine");
    EXPECT_EQ(e.value(), "GW155/4500");
  }
}

// Shear law, alpha = 1/7, 10 m -> 100 m: factor 10^(1/7) = 1.3894955, so 5 m/s -> 6.947477 m/s.
TEST(Wind, ShearFrom10To100Metres) {
  EXPECT_NEAR(shear_wind_speed(5.0, 10.0, 100.0, 1.0 / 7.0), 6.947477471865689, 1e-12);
  EXPECT_DOUBLE_EQ(shear_wind_speed(5.0, 10.0, 10.0, 0.2), 5.0);
}

// ISA at 1,300 m: T = 288.15 - 0.0065 * 1300 = 279.70 K (6.55 °C);
//   p = 101325 (279.70 / 288.15)^(9.80665 / (287.058 * 0.0065)) = 101325 * 0.970675^5.255786
//     = 86652.2 Pa;
//   rho = 86652.2 / (287.058 * 279.70) = 1.07924 kg/m³, i.e. 88.1% of 1.225;
//   speed factor for the power curve (rho / 1.225)^(1/3) = 0.881011^(1/3) = 0.958651.
TEST(Wind, AirDensityAt1300Metres) {
  const double p = isa_pressure_pa(1300.0);
  EXPECT_NEAR(p, 86652.18056763319, 1e-6);
  const double rho = air_density_kg_m3(p, 15.0 - 0.0065 * 1300.0);
  EXPECT_NEAR(rho, 1.0792383640927856, 1e-9);
  EXPECT_NEAR(std::cbrt(rho / kStandardAirDensityKgM3), 0.958651, 1e-6);
  // Sea level: 101325 / (287.058 * 288.15) = 1.2250 kg/m³.
  EXPECT_NEAR(air_density_kg_m3(isa_pressure_pa(0.0), 15.0), 1.225, 1e-4);
  // Lifting the ISA sea-level state by 1,300 m gives the ISA pressure at 1,300 m.
  EXPECT_NEAR(lift_pressure_pa(101325.0, 15.0, 1300.0), p, 1e-6);
}

// The farm chain for one hour: 5 m/s at 10 m, 100 m hub, alpha 1/7 -> 6.947477 m/s; site at sea
// level with the ISA state at the station (15 °C, 101325 Pa): the hub is 100 m up, T = 14.35 °C,
// p = 101325 (287.50 / 288.15)^5.255786 = 100129.46 Pa, rho = 100129.46 / (287.058 * 287.50)
// = 1.213261 kg/m³, speed factor (1.213261 / 1.225)^(1/3) = 0.996796 -> 6.925215 m/s.
// E-141: 920 + 0.925215 * (1471 - 920) = 1429.79 kW -> 0.340427 of rated, times 0.93 * 0.97
// = 0.307099.
TEST(Wind, FarmCapacityFactorOneHour) {
  WeatherSeries w = test::synthetic(1, 40.0, 113.0, 8.0, 0.0);
  w.wind_speed_m_s = {5.0};
  w.temp_air_c = {15.0};
  w.pressure_pa = {101325.0};
  const WindFarm farm;  // E-141/4200, 100 m, alpha 1/7, wake 7 %, availability 3 %
  const WindSeries s = wind_capacity_factor(farm, w);
  EXPECT_NEAR(s.wind_speed_hub_m_s[0], 6.947477, 1e-6);
  EXPECT_NEAR(s.air_density_kg_m3[0], 1.213261, 1e-6);
  const double v_n = 6.947477471865689 * std::cbrt(s.air_density_kg_m3[0] / 1.225);
  const double p_kw = 920.0 + (v_n - 6.0) * (1471.0 - 920.0);
  EXPECT_NEAR(s.capacity_factor[0], p_kw / 4200.0 * 0.93 * 0.97, 1e-12);
  EXPECT_NEAR(s.capacity_factor[0], 0.307099, 1e-6);

  // Without density correction the curve sees 6.947477 m/s directly.
  WindFarm raw = farm;
  raw.density_correction = false;
  const double p_raw = 920.0 + 0.947477471865689 * 551.0;
  EXPECT_NEAR(wind_capacity_factor(raw, w).capacity_factor[0], p_raw / 4200.0 * 0.93 * 0.97, 1e-12);
}

// Rescaling to a long-term mean: speeds {2, 4} (mean 3) scaled to a mean of 6 are doubled.
TEST(Wind, ScaleToMean) {
  WeatherSeries w = test::synthetic(2, 40.0, 113.0, 8.0, 0.0);
  w.wind_speed_m_s = {2.0, 4.0};
  WindFarm farm;
  farm.scale_to_mean_m_s = 6.0;
  farm.hub_height_m = 10.0;
  const WindSeries s = wind_capacity_factor(farm, w);
  EXPECT_DOUBLE_EQ(s.scale_factor, 2.0);
  EXPECT_DOUBLE_EQ(s.wind_speed_hub_m_s[0], 4.0);
  EXPECT_DOUBLE_EQ(s.wind_speed_hub_m_s[1], 8.0);
}

// Correction to a target full-load hours at hub height, by hand. A 1 MW test curve rising
// linearly from 0 kW at 0 m/s to 1,000 kW at 10 m/s (flat to 20 m/s); hub at the measurement
// height (no shear), no wake, availability or density correction. Two hours measured at 2 and
// 4 m/s, annualised by 8760 / 2 = 4380. With every speed scaled by f (4 f <= 10):
//   capacity factors 0.2 f and 0.4 f, full-load hours (0.2 f + 0.4 f) x 4380 = 2628 f.
// A target of 1,314 h gives f = 0.5 (hub speeds 1 and 2 m/s); 2,628 h gives f = 1. The most the
// series reaches is at f = 12 / 3 = 4 (mean 12 m/s): speeds 8 and 16, (0.8 + 1.0) x 4380 =
// 7,884 h, so a target of 8,000 h cannot be reached and is refused, as is a target without its
// source or together with a target mean speed.
TEST(Wind, CorrectionToTargetFullLoadHours) {
  const auto curve =
      test::scratch_file("curve_linear.csv", "wind_speed_m_s,power_kw\n0,0\n10,1000\n20,1000\n");
  WeatherSeries w = test::synthetic(2, 40.0, 113.0, 8.0, 0.0);
  w.wind_speed_m_s = {2.0, 4.0};
  WindFarm farm;
  farm.power_curve_csv = curve;
  farm.hub_height_m = 10.0;
  farm.wake_loss = 0.0;
  farm.availability_loss = 0.0;
  farm.density_correction = false;
  farm.target_full_load_hours = 1314.0;
  farm.correction_source = "hand case";
  WindSeries s = wind_capacity_factor(farm, w);
  EXPECT_NEAR(s.scale_factor, 0.5, 1e-6);
  EXPECT_NEAR(s.wind_speed_hub_m_s[0], 1.0, 1e-6);
  EXPECT_NEAR(s.wind_speed_hub_m_s[1], 2.0, 1e-6);
  EXPECT_NEAR((s.capacity_factor[0] + s.capacity_factor[1]) * 4380.0, 1314.0, 1e-3);

  farm.target_full_load_hours = 2628.0;
  s = wind_capacity_factor(farm, w);
  EXPECT_NEAR(s.scale_factor, 1.0, 1e-6);

  farm.target_full_load_hours = 8000.0;
  EXPECT_THROW(wind_capacity_factor(farm, w), WeatherInputError);

  farm.target_full_load_hours = 1314.0;
  farm.correction_source.clear();
  try {
    wind_capacity_factor(farm, w);
    FAIL() << "no error without a source";
  } catch (const WeatherInputError& e) {
    EXPECT_NE(std::string(e.what()).find("correction_source"), std::string::npos) << e.what();
  }

  farm.correction_source = "hand case";
  farm.scale_to_mean_m_s = 3.0;
  EXPECT_THROW(wind_capacity_factor(farm, w), WeatherInputError);
}

TEST(Wind, PowerCurveCsv) {
  const auto path = test::scratch_file("curve.csv",
                                       "# a 2 MW test turbine\nwind_speed_m_s,power_kw\n3,0\n"
                                       "4,100\n12,2000\n20,2000\n");
  const PowerCurve c = read_power_curve_csv(path);
  EXPECT_EQ(c.rated_power_kw(), 2000.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(8.0), 100.0 + 4.0 / 8.0 * 1900.0);
  EXPECT_DOUBLE_EQ(c.power_kw_at(20.5), 0.0);

  const auto bad = test::scratch_file("curve_bad.csv", "wind_speed_m_s,power_kw\n3,0\n2,100\n");
  try {
    read_power_curve_csv(bad);
    FAIL() << "no error";
  } catch (const WeatherInputError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.field(), "wind_speed_m_s");
  }
}

}  // namespace
}  // namespace parkgrid::weather
