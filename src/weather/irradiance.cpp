// Irradiance: closure of the GHI/DNI/DHI split, air mass, angle of incidence, Perez 1990 sky
// diffuse, single-axis tracker rotation, and the plane-of-array sum.
//
// References (see docs/weather.md for the equations):
// - R. Perez, P. Ineichen, R. Seals, J. Michalsky, R. Stewart, "Modeling daylight availability
//   and irradiance components from direct and global irradiance", Solar Energy 44(5), 271-289
//   (1990): the 'allsitescomposite1990' coefficients, here copied from pvlib-python 0.16.1
//   `pvlib/irradiance.py` (_get_perez_coefficients), whose perez() this file reproduces.
// - F. Kasten and A. T. Young, "Revised optical air mass tables and approximation formula",
//   Applied Optics 28(22), 4735-4738 (1989).
// - E. Lorenzo, L. Narvarte, J. Muñoz, "Tracking and back-tracking", Progress in Photovoltaics
//   19(6), 747-753 (2011); K. Anderson and M. Mikofski, "Slope-Aware Backtracking for Single-Axis
//   Trackers", NREL/TP-5K00-76626 (2020); pvlib `tracking.singleaxis`.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "parkgrid/weather.hpp"
#include "weather_internal.hpp"

namespace parkgrid::weather {

using detail::kRadPerDeg;

namespace {

double cosd(double d) {
  return std::cos(d * kRadPerDeg);
}
double sind(double d) {
  return std::sin(d * kRadPerDeg);
}
double acosd(double x) {
  return std::acos(x) / kRadPerDeg;
}

// Perez et al. 1990 'allsitescomposite1990': rows are the 8 sky clearness bins, columns
// F11, F12, F13, F21, F22, F23.
constexpr std::array<std::array<double, 6>, 8> kPerez1990{{
    {-0.0080, 0.5880, -0.0620, -0.0600, 0.0720, -0.0220},
    {0.1300, 0.6830, -0.1510, -0.0190, 0.0660, -0.0290},
    {0.3300, 0.4870, -0.2210, 0.0550, -0.0640, -0.0260},
    {0.5680, 0.1870, -0.2950, 0.1090, -0.1520, -0.0140},
    {0.8730, -0.3920, -0.3620, 0.2260, -0.4620, 0.0010},
    {1.1320, -1.2370, -0.4120, 0.2880, -0.8230, 0.0560},
    {1.0600, -1.6000, -0.3590, 0.2640, -1.1270, 0.1310},
    {0.6780, -0.3270, -0.2500, 0.1560, -1.3770, 0.2510},
}};
// Lower edges of the clearness bins 1..8 (bin 8 is open-ended).
constexpr std::array<double, 8> kEpsilonEdges{0.0, 1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2};

}  // namespace

double relative_airmass_kasten_young(double apparent_zenith_deg) {
  if (!(apparent_zenith_deg <= 90.0)) return std::numeric_limits<double>::quiet_NaN();
  return 1.0 / (cosd(apparent_zenith_deg) +
                0.50572 * std::pow(6.07995 + (90.0 - apparent_zenith_deg), -1.6364));
}

double cos_aoi(double surface_tilt_deg, double surface_azimuth_deg, double zenith_deg,
               double sun_azimuth_deg) {
  const double p =
      cosd(surface_tilt_deg) * cosd(zenith_deg) +
      sind(surface_tilt_deg) * sind(zenith_deg) * cosd(sun_azimuth_deg - surface_azimuth_deg);
  return std::clamp(p, -1.0, 1.0);
}

double perez_sky_diffuse(double surface_tilt_deg, double surface_azimuth_deg, double dhi_w_m2,
                         double dni_w_m2, double dni_extra_w_m2, double apparent_zenith_deg,
                         double sun_azimuth_deg, double airmass_relative) {
  if (!(dhi_w_m2 > 0.0) || std::isnan(airmass_relative)) return 0.0;
  constexpr double kappa = 1.041;  // for zenith in radians
  const double z = apparent_zenith_deg * kRadPerDeg;
  const double delta = dhi_w_m2 * airmass_relative / dni_extra_w_m2;  // sky brightness
  const double kz3 = kappa * z * z * z;
  const double eps = ((dhi_w_m2 + dni_w_m2) / dhi_w_m2 + kz3) / (1.0 + kz3);  // sky clearness
  std::size_t bin = 0;  // number of edges <= eps, minus one (numpy.digitize)
  while (bin + 1 < kEpsilonEdges.size() && eps >= kEpsilonEdges[bin + 1]) ++bin;
  const auto& f = kPerez1990[bin];
  const double f1 = std::max(f[0] + f[1] * delta + f[2] * z, 0.0);  // circumsolar
  const double f2 = f[3] + f[4] * delta + f[5] * z;                 // horizon
  const double a = std::max(
      cos_aoi(surface_tilt_deg, surface_azimuth_deg, apparent_zenith_deg, sun_azimuth_deg), 0.0);
  const double b = std::max(cosd(apparent_zenith_deg), cosd(85.0));
  const double term1 = 0.5 * (1.0 - f1) * (1.0 + cosd(surface_tilt_deg));
  const double term2 = f1 * a / b;
  const double term3 = f2 * sind(surface_tilt_deg);
  return std::max(dhi_w_m2 * (term1 + term2 + term3), 0.0);
}

TrackerAngles single_axis_angles(const SingleAxisTracker& tracker, double apparent_zenith_deg,
                                 double sun_azimuth_deg) {
  TrackerAngles out;
  const double axis_az = tracker.axis_azimuth_deg;
  if (apparent_zenith_deg > 90.0) {
    // Night: stow flat (pvlib returns NaN here).
    out.rotation_deg = 0.0;
  } else {
    // Sun vector in the tracker frame (axis horizontal): Anderson & Mikofski 2020 eq. 4-5.
    const double sx = sind(apparent_zenith_deg) * sind(sun_azimuth_deg);
    const double sy = sind(apparent_zenith_deg) * cosd(sun_azimuth_deg);
    const double sz = cosd(apparent_zenith_deg);
    const double sx_prime = sx * cosd(axis_az) - sy * sind(axis_az);
    const double omega_ideal = std::atan2(sx_prime, sz) / kRadPerDeg;
    double omega = omega_ideal;
    if (tracker.backtrack) {
      // Eq. 14-16 (cross-axis tilt 0): backtrack while rows would shade each other.
      const double axes_distance = 1.0 / tracker.gcr;
      const double temp = std::abs(axes_distance * cosd(omega_ideal));
      if (temp < 1.0) {
        const double sign = omega_ideal > 0.0 ? 1.0 : (omega_ideal < 0.0 ? -1.0 : 0.0);
        omega = omega_ideal - sign * acosd(temp);
      }
    }
    out.rotation_deg = std::clamp(omega, -tracker.max_angle_deg, tracker.max_angle_deg);
  }
  // Surface orientation (Marion & Dobos 2013 eq. 1 with axis tilt 0; pvlib
  // calc_surface_orientation via the unit normal of the rotated surface).
  out.surface_tilt_deg = acosd(cosd(out.rotation_deg));
  if (out.surface_tilt_deg == 0.0) {
    out.surface_azimuth_deg = axis_az - 90.0;
  } else {
    const double ca = cosd(-axis_az);
    const double sa = sind(-axis_az);
    const double nx = ca * sind(out.rotation_deg);
    const double ny = sa * sind(out.rotation_deg);
    out.surface_azimuth_deg = std::atan2(nx, ny) / kRadPerDeg;
  }
  out.surface_azimuth_deg = std::fmod(out.surface_azimuth_deg, 360.0);
  if (out.surface_azimuth_deg < 0.0) out.surface_azimuth_deg += 360.0;
  return out;
}

ClosedIrradiance close_irradiance(const WeatherSeries& weather, const SunSeries& sun,
                                  Closure closure) {
  const std::size_t n = weather.size();
  ClosedIrradiance c;
  c.ghi_w_m2.resize(n);
  c.dni_w_m2.resize(n);
  c.dhi_w_m2.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double z = sun.apparent_zenith_deg[i];
    const double ghi = weather.ghi_w_m2[i];
    double dni = 0.0;
    double dhi = 0.0;
    if (closure == Closure::kFileDni) {
      dhi = weather.dhi_w_m2[i];
      dni = z < 90.0 ? weather.dni_w_m2[i] : 0.0;
    } else if (ghi > 0.0) {
      if (z >= kClosureMaxZenithDeg) {
        // Sun at or below the horizon at mid-hour (or grazing): all diffuse.
        dhi = ghi;
      } else {
        const double cz = cosd(z);
        dhi = std::min(weather.dhi_w_m2[i], ghi);
        dni = (ghi - dhi) / cz;
        if (dni > sun.dni_extra_w_m2[i]) {
          // Physically impossible beam: cap at the extraterrestrial value, the rest is diffuse.
          dni = sun.dni_extra_w_m2[i];
          dhi = ghi - dni * cz;
        }
      }
    }
    c.ghi_w_m2[i] = ghi;
    c.dni_w_m2[i] = dni;
    c.dhi_w_m2[i] = dhi;
  }
  return c;
}

PoaSeries plane_of_array(const Array& array, const SunSeries& sun,
                         const ClosedIrradiance& irradiance) {
  const std::size_t n = sun.apparent_zenith_deg.size();
  PoaSeries p;
  for (auto* v :
       {&p.poa_global_w_m2, &p.poa_direct_w_m2, &p.poa_sky_diffuse_w_m2, &p.poa_ground_diffuse_w_m2,
        &p.aoi_deg, &p.surface_tilt_deg, &p.surface_azimuth_deg, &p.rotation_deg}) {
    v->resize(n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double z = sun.apparent_zenith_deg[i];
    const double az = sun.azimuth_deg[i];
    double tilt = array.tilt_deg;
    double surface_az = array.azimuth_deg;
    double rotation = 0.0;
    if (array.mount == Mount::kSingleAxis) {
      const TrackerAngles t = single_axis_angles(array.tracker, z, az);
      tilt = t.surface_tilt_deg;
      surface_az = t.surface_azimuth_deg;
      rotation = t.rotation_deg;
    }
    const double ghi = irradiance.ghi_w_m2[i];
    const double dni = irradiance.dni_w_m2[i];
    const double dhi = irradiance.dhi_w_m2[i];
    double direct = 0.0;
    double sky = 0.0;
    double aoi = 90.0;
    if (z >= 90.0) {
      // Sun below the horizon at mid-hour but light in the hour (twilight part of the sunrise
      // and sunset hours): isotropic sky (the Perez model is undefined there).
      sky = dhi * 0.5 * (1.0 + cosd(tilt));
    } else {
      const double ca = cos_aoi(tilt, surface_az, z, az);
      aoi = acosd(ca);
      direct = std::max(dni * ca, 0.0);
      sky = perez_sky_diffuse(tilt, surface_az, dhi, dni, sun.dni_extra_w_m2[i], z, az,
                              relative_airmass_kasten_young(z));
    }
    const double ground = ghi * array.albedo * 0.5 * (1.0 - cosd(tilt));
    p.poa_direct_w_m2[i] = direct;
    p.poa_sky_diffuse_w_m2[i] = sky;
    p.poa_ground_diffuse_w_m2[i] = ground;
    p.poa_global_w_m2[i] = direct + sky + ground;
    p.aoi_deg[i] = aoi;
    p.surface_tilt_deg[i] = tilt;
    p.surface_azimuth_deg[i] = surface_az;
    p.rotation_deg[i] = rotation;
  }
  return p;
}

}  // namespace parkgrid::weather
