// Irradiance: air mass, angle of incidence, closure, Perez, tracker, plane of array.
#include <cmath>
#include <numbers>
#include <numeric>

#include <gtest/gtest.h>

#include "parkgrid/weather.hpp"
#include "test_util.hpp"

namespace parkgrid::weather {
namespace {

double cosd(double d) {
  return std::cos(d * std::numbers::pi / 180.0);
}

// Kasten & Young 1989: AM = 1 / (cos z + 0.50572 (96.07995 - z)^-1.6364).
//   z = 0:  1 / (1 + 0.50572 * 96.07995^-1.6364) = 1 / (1 + 0.50572 * 0.00056964) = 0.999712
//   z = 90: 1 / (0 + 0.50572 * 6.07995^-1.6364)  = 1 / (0.50572 * 0.052143)    = 37.9196
TEST(Irradiance, KastenYoungAirMass) {
  EXPECT_NEAR(relative_airmass_kasten_young(0.0), 0.999712, 1e-6);
  EXPECT_NEAR(relative_airmass_kasten_young(90.0), 37.9196, 1e-4);
  EXPECT_TRUE(std::isnan(relative_airmass_kasten_young(90.5)));
}

// A vertical south wall with the sun due south at zenith 60°: cos aoi = cos 90 cos 60 + sin 90
// sin 60 cos 0 = 0.866025, aoi = 30°. A horizontal plane: aoi = zenith.
TEST(Irradiance, AngleOfIncidence) {
  EXPECT_NEAR(cos_aoi(90.0, 180.0, 60.0, 180.0), std::sqrt(3.0) / 2.0, 1e-12);
  EXPECT_NEAR(cos_aoi(0.0, 180.0, 37.0, 123.0), cosd(37.0), 1e-12);
  // Sun behind the plane: negative projection.
  EXPECT_LT(cos_aoi(90.0, 180.0, 60.0, 0.0), 0.0);
}

// Perez 1990, tilt 30° facing south, sun due south at zenith 30° (aoi = 0), DHI = 100, DNI = 800,
// DNI_extra = 1367, AM = 1.1539922 (Kasten-Young):
//   z = 0.5235988 rad, kappa z³ = 1.041 * 0.1435476 = 0.1494331
//   epsilon = (900 / 100 + 0.1494331) / 1.1494331 = 7.96002   -> bin 8 (>= 6.2)
//   Delta = 100 * 1.1539922 / 1367 = 0.0844179
//   F1 = max(0, 0.678 - 0.327 * 0.0844179 - 0.250 * 0.5235988) = 0.5195062
//   F2 = 0.156 - 1.377 * 0.0844179 + 0.251 * 0.5235988 = 0.1711190
//   sky = 100 * [0.5 (1 - F1)(1 + cos 30) + F1 * 1 / cos 30 + F2 sin 30]
//       = 100 * [0.4483007 + 0.5998740 + 0.0855595] = 113.3734 W/m²  (pvlib: 113.376852)
TEST(Irradiance, PerezHandComputed) {
  const double am = relative_airmass_kasten_young(30.0);
  EXPECT_NEAR(am, 1.1539922, 1e-7);
  EXPECT_NEAR(perez_sky_diffuse(30.0, 180.0, 100.0, 800.0, 1367.0, 30.0, 180.0, am), 113.376852,
              1e-5);
  // No diffuse light, no sky diffuse.
  EXPECT_EQ(perez_sky_diffuse(30.0, 180.0, 0.0, 800.0, 1367.0, 30.0, 180.0, am), 0.0);
}

// Closure (kGhiDhi): DNI = (GHI - DHI) / cos z.
//   z = 60, GHI = 500, DHI = 200 -> DNI = 300 / 0.5 = 600.
//   z = 80, GHI = 300, DHI = 10, DNI_extra = 1400 -> 290 / 0.173648 = 1670 > 1400: DNI = 1400 and
//     DHI = 300 - 1400 * 0.173648 = 56.893.
//   z = 89 (beyond 88): DNI = 0, DHI = GHI. GHI = 0: everything 0.
TEST(Irradiance, ClosureKeepsGhiAndDhi) {
  WeatherSeries w = test::synthetic(4);
  w.ghi_w_m2 = {500, 300, 40, 0};
  w.dhi_w_m2 = {200, 10, 5, 0};
  w.dni_w_m2 = {999, 999, 999, 999};
  SunSeries s;
  s.apparent_zenith_deg = {60, 80, 89, 120};
  s.zenith_deg = s.apparent_zenith_deg;
  s.azimuth_deg = {180, 100, 90, 0};
  s.dni_extra_w_m2 = {1400, 1400, 1400, 1400};
  const ClosedIrradiance c = close_irradiance(w, s, Closure::kGhiDhi);
  EXPECT_NEAR(c.dni_w_m2[0], 600.0, 1e-9);
  EXPECT_NEAR(c.dhi_w_m2[0], 200.0, 1e-12);
  EXPECT_NEAR(c.dni_w_m2[1], 1400.0, 1e-12);
  EXPECT_NEAR(c.dhi_w_m2[1], 300.0 - 1400.0 * cosd(80.0), 1e-9);
  EXPECT_NEAR(c.dhi_w_m2[1], 56.893, 1e-3);
  EXPECT_EQ(c.dni_w_m2[2], 0.0);
  EXPECT_EQ(c.dhi_w_m2[2], 40.0);
  EXPECT_EQ(c.ghi_w_m2[3] + c.dni_w_m2[3] + c.dhi_w_m2[3], 0.0);
  // kFileDni keeps the file's DNI and DHI while the sun is up.
  const ClosedIrradiance f = close_irradiance(w, s, Closure::kFileDni);
  EXPECT_EQ(f.dni_w_m2[0], 999.0);
  EXPECT_EQ(f.dhi_w_m2[0], 200.0);
  EXPECT_EQ(f.dni_w_m2[3], 0.0);
}

// On a horizontal plane the POA equals GHI: direct = DNI cos z = GHI - DHI, and Perez gives
// DHI (1 - F1) + DHI F1 cos z / cos z = DHI for z < 85°, the ground term is 0. Hand case: z = 40°,
// GHI = 600, DHI = 200 -> DNI = 400 / cos 40 = 400 / 0.766044 = 522.1629, POA = 400 + 200 + 0
// = 600.
TEST(Irradiance, HorizontalPlaneReceivesGhi) {
  SunSeries s;
  s.apparent_zenith_deg = {40.0, 70.0};
  s.zenith_deg = s.apparent_zenith_deg;
  s.azimuth_deg = {150.0, 250.0};
  s.dni_extra_w_m2 = {1400.0, 1400.0};
  WeatherSeries w = test::synthetic(2);
  w.ghi_w_m2 = {600.0, 150.0};
  w.dhi_w_m2 = {200.0, 90.0};
  const ClosedIrradiance c = close_irradiance(w, s);
  EXPECT_NEAR(c.dni_w_m2[0], 522.1629, 1e-4);
  Array flat;
  flat.tilt_deg = 0.0;
  const PoaSeries p = plane_of_array(flat, s, c);
  EXPECT_NEAR(p.poa_global_w_m2[0], 600.0, 1e-9);
  EXPECT_NEAR(p.poa_global_w_m2[1], 150.0, 1e-9);
  EXPECT_EQ(p.poa_ground_diffuse_w_m2[0], 0.0);
}

// ... and over a whole year of the Datong file: the flat plane collects the annual GHI. The small
// difference comes from the hours with 85° <= z < 88°, where Perez caps cos z at cos 85°.
TEST(Irradiance, HorizontalPlaneAnnualEqualsGhi) {
  const WeatherSeries& w = test::datong();
  ASSERT_EQ(w.size(), 8760u);
  const SunSeries s = sun_positions(w);
  const ClosedIrradiance c = close_irradiance(w, s);
  Array flat;
  flat.tilt_deg = 0.0;
  const PoaSeries p = plane_of_array(flat, s, c);
  const double poa = std::accumulate(p.poa_global_w_m2.begin(), p.poa_global_w_m2.end(), 0.0);
  const double ghi = std::accumulate(w.ghi_w_m2.begin(), w.ghi_w_m2.end(), 0.0);
  EXPECT_NEAR(poa / ghi, 1.0, 0.002);
  EXPECT_LE(poa, ghi);
}

// Single-axis tracker (N-S axis, max 60°, GCR 0.35), sun due east:
//   z = 60: omega = atan2(-sin 60, cos 60) = -60° (facing east); backtracking term
//     |cos(-60)| / 0.35 = 1.43 >= 1: no backtracking; aoi = 0.
//   z = 80: omega_ideal = -80°; |cos 80| / 0.35 = 0.496137 < 1, so
//     omega = -80 + acos(0.496137) = -80 + 60.2552 = -19.7448° (pvlib: -19.744796).
//   night (z = 100): stowed flat.
TEST(Irradiance, SingleAxisTrackerAndBacktracking) {
  SingleAxisTracker t;
  const TrackerAngles a = single_axis_angles(t, 60.0, 90.0);
  EXPECT_NEAR(a.rotation_deg, -60.0, 1e-9);
  EXPECT_NEAR(a.surface_tilt_deg, 60.0, 1e-9);
  EXPECT_NEAR(a.surface_azimuth_deg, 90.0, 1e-9);
  EXPECT_NEAR(cos_aoi(a.surface_tilt_deg, a.surface_azimuth_deg, 60.0, 90.0), 1.0, 1e-12);

  const TrackerAngles b = single_axis_angles(t, 80.0, 90.0);
  EXPECT_NEAR(b.rotation_deg, -19.744796, 1e-6);

  SingleAxisTracker no_backtrack = t;
  no_backtrack.backtrack = false;
  EXPECT_NEAR(single_axis_angles(no_backtrack, 80.0, 90.0).rotation_deg, -60.0, 1e-9);

  // Afternoon: positive rotation, surface facing west (pvlib: 48.236703° for z 50, az 250).
  const TrackerAngles c = single_axis_angles(t, 50.0, 250.0);
  EXPECT_NEAR(c.rotation_deg, 48.236703, 1e-6);
  EXPECT_NEAR(c.surface_azimuth_deg, 270.0, 1e-9);

  const TrackerAngles night = single_axis_angles(t, 100.0, 30.0);
  EXPECT_EQ(night.rotation_deg, 0.0);
  EXPECT_EQ(night.surface_tilt_deg, 0.0);
}

// Twilight hours (sun below the horizon at mid-hour, light in the hour): isotropic sky.
TEST(Irradiance, TwilightHoursUseIsotropicSky) {
  SunSeries s;
  s.apparent_zenith_deg = {91.0};
  s.zenith_deg = {91.5};
  s.azimuth_deg = {80.0};
  s.dni_extra_w_m2 = {1400.0};
  WeatherSeries w = test::synthetic(1);
  w.ghi_w_m2 = {20.0};
  w.dhi_w_m2 = {20.0};
  const ClosedIrradiance c = close_irradiance(w, s);
  Array a;
  a.tilt_deg = 30.0;
  const PoaSeries p = plane_of_array(a, s, c);
  // 20 (1 + cos 30) / 2 + 20 * 0.2 (1 - cos 30) / 2 = 18.6603 + 0.2679 = 18.9282
  EXPECT_NEAR(p.poa_global_w_m2[0], 18.9282, 1e-4);
  EXPECT_EQ(p.poa_direct_w_m2[0], 0.0);
}

}  // namespace
}  // namespace parkgrid::weather
