// parkgrid::weather: from an hourly weather file (EPW or CSV) to hourly capacity factors of PV
// (fixed tilt and single-axis tracking) and wind.
//
// Pipeline (each stage is a plain function of plain values; see docs/weather.md for the equations):
//
//   read_weather_file ─► WeatherSeries ─► sun_positions ─► SunSeries
//                                    │                        │
//                                    └──► close_irradiance ◄──┘ ─► ClosedIrradiance
//                                    ▼
//        plane_of_array (fixed / single-axis, Perez 1990) ─► PoaSeries ─► pv_capacity_factor
//        wind_capacity_factor (shear law, air density, turbine power curve)
//
// Conventions
// - Angles in degrees; azimuths clockwise from north (180 = south); tilt from horizontal.
// - Time: local standard time of the file (EPW: China Standard Time, UTC+8, for the CSWD files),
//   never daylight saving. A record covers one hour; EPW hour h covers [h-1, h). The sun position
//   of a record is the one at the middle of its hour.
// - Irradiances in W/m² (hourly means), energies in kWh/m², powers per unit of rated power.
// - Input errors throw WeatherInputError ("file:line: field = value (expected ...)"); nothing else
//   in this module throws for control flow.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parkgrid::weather {

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

// A bad input: a missing or malformed file, a missing value code, an out-of-range parameter.
// what() is "file:line: field = value (expected ...)" (": line" omitted when line == 0).
class WeatherInputError : public std::runtime_error {
 public:
  WeatherInputError(std::string file, std::size_t line, std::string field, std::string value,
                    std::string expected);

  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  const std::string& field() const noexcept { return field_; }
  const std::string& value() const noexcept { return value_; }
  const std::string& expected() const noexcept { return expected_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string field_;
  std::string value_;
  std::string expected_;
};

// ---------------------------------------------------------------------------------------------
// Weather data
// ---------------------------------------------------------------------------------------------

struct Location {
  std::string name;
  double latitude_deg = 0.0;   // positive north
  double longitude_deg = 0.0;  // positive east
  double utc_offset_h = 0.0;   // standard time zone of the timestamps, e.g. +8 for China
  double elevation_m = 0.0;    // of the weather station
};

// One hourly record's local standard date and the hour that ENDS its interval (EPW style):
// hour_ending = 1 covers 00:00-01:00, hour_ending = 24 covers 23:00-24:00.
struct LocalHour {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour_ending = 0;
};

// Hourly weather, struct-of-arrays: every vector has size() entries.
struct WeatherSeries {
  std::string source;  // the file it was read from (for messages)
  Location location;
  std::vector<LocalHour> hour;
  std::vector<double> ghi_w_m2;        // global horizontal irradiance
  std::vector<double> dni_w_m2;        // direct normal irradiance, as in the file
  std::vector<double> dhi_w_m2;        // diffuse horizontal irradiance
  std::vector<double> temp_air_c;      // dry-bulb air temperature (about 2 m)
  std::vector<double> wind_speed_m_s;  // at the measurement height (10 m in EPW)
  std::vector<double> pressure_pa;     // station pressure; empty when the file has none

  std::size_t size() const noexcept { return hour.size(); }
  bool has_pressure() const noexcept { return !pressure_pa.empty(); }
};

// Reads an EnergyPlus weather file: the LOCATION header (latitude, longitude, time zone,
// elevation) and 8760 or 8784 hourly records. Every field used is validated (EPW missing-value
// codes such as 9999 are errors, named with file, line and field).
WeatherSeries read_epw(const std::filesystem::path& path);

// Reads the plain CSV form. Header (any column order):
//   timestamp,ghi_w_m2,dni_w_m2,dhi_w_m2,temp_air_c,wind_speed_m_s[,pressure_pa]
// `timestamp` is the START of the hour in local standard time, "YYYY-MM-DDTHH:MM" (a space may
// replace the T; ":SS" = ":00" and a UTC offset "+08:00" matching the location are accepted).
// Rows must be consecutive hours. Lines starting with '#' before the header may carry the location
// as "# key = value" with keys name, latitude_deg, longitude_deg, utc_offset_h, elevation_m; the
// `location` argument, when given, overrides them field by field.
struct LocationOverrides {
  std::optional<std::string> name;
  std::optional<double> latitude_deg;
  std::optional<double> longitude_deg;
  std::optional<double> utc_offset_h;
  std::optional<double> elevation_m;
};
WeatherSeries read_weather_csv(const std::filesystem::path& path,
                               const LocationOverrides& location = {});

// Dispatches on the extension: ".epw" (any case) to read_epw, anything else to read_weather_csv.
// For EPW files the overrides replace the header's values.
WeatherSeries read_weather_file(const std::filesystem::path& path,
                                const LocationOverrides& location = {});

// ---------------------------------------------------------------------------------------------
// Solar position: NREL SPA (Reda & Andreas 2004, revised 2008), accuracy ±0.0003°
// ---------------------------------------------------------------------------------------------

struct Observer {
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double elevation_m = 0.0;
  double pressure_hpa = 1013.25;      // annual mean local pressure, for refraction
  double temperature_c = 12.0;        // annual mean local temperature, for refraction
  double atmos_refract_deg = 0.5667;  // refraction at sunrise and sunset
};

struct SolarPosition {
  double apparent_zenith_deg = 0.0;  // topocentric, with refraction
  double zenith_deg = 0.0;           // topocentric, without refraction
  double azimuth_deg = 0.0;          // eastward from north
  double earth_sun_distance_au = 1.0;
  double declination_deg = 0.0;  // geocentric
  double equation_of_time_min = 0.0;
};

// Julian day (UT) of a calendar instant given in local time with a UTC offset (hours).
double julian_day(int year, int month, int day, int hour, int minute, double second,
                  double utc_offset_h = 0.0);

// Difference TT - UT (seconds) from the polynomial expressions of Espenak and Meeus (NASA,
// "Polynomial expressions for Delta T"), evaluated at y = year + (month - 0.5) / 12 as pvlib does.
double delta_t_s(int year, int month);

// Exact SPA at one instant (Julian day in UT, and TT - UT in seconds).
SolarPosition solar_position(double julian_day_ut, double delta_t_s, const Observer& observer);

// ---------------------------------------------------------------------------------------------
// Hourly sun and irradiance
// ---------------------------------------------------------------------------------------------

struct SunOptions {
  std::optional<double> delta_t_s;      // default: delta_t_s(year, month) of each instant (UTC)
  std::optional<double> pressure_hpa;   // default: the file's mean pressure (ISA if absent)
  std::optional<double> temperature_c;  // default: the file's mean air temperature
  double atmos_refract_deg = 0.5667;
  double solar_constant_w_m2 = 1366.1;  // extraterrestrial DNI = solar_constant / R²
  bool interpolate = true;  // daily SPA + quadratic interpolation of the slow terms (fast path)
};

// Sun at the middle of each hour, and the extraterrestrial normal irradiance.
struct SunSeries {
  std::vector<double> apparent_zenith_deg;
  std::vector<double> zenith_deg;
  std::vector<double> azimuth_deg;
  std::vector<double> dni_extra_w_m2;
  double pressure_hpa = 0.0;   // what the refraction used
  double temperature_c = 0.0;  // what the refraction used
};

SunSeries sun_positions(const WeatherSeries& weather, const SunOptions& options = {});

// How the DNI/DHI split of the file is reconciled with its GHI (see docs/weather.md).
enum class Closure {
  kGhiDhi,  // keep GHI and DHI, DNI = (GHI - DHI) / cos z (default: GHI is the measured field)
  kFileDni  // keep DNI and DHI of the file; GHI used only for ground reflection
};

struct ClosedIrradiance {
  std::vector<double> ghi_w_m2;
  std::vector<double> dni_w_m2;
  std::vector<double> dhi_w_m2;
};

// Limits used by the kGhiDhi closure.
inline constexpr double kClosureMaxZenithDeg = 88.0;  // DNI = 0 at or beyond (as pvlib dni())

ClosedIrradiance close_irradiance(const WeatherSeries& weather, const SunSeries& sun,
                                  Closure closure = Closure::kGhiDhi);

// Relative air mass, Kasten and Young (1989), from the apparent zenith; NaN beyond 90°.
double relative_airmass_kasten_young(double apparent_zenith_deg);

// Cosine of the angle of incidence on a plane (tilt, azimuth), clipped to [-1, 1].
double cos_aoi(double surface_tilt_deg, double surface_azimuth_deg, double zenith_deg,
               double sun_azimuth_deg);

// Perez et al. (1990) sky diffuse on a tilted plane, 'allsitescomposite1990' coefficients,
// exactly as pvlib.irradiance.perez (W/m²).
double perez_sky_diffuse(double surface_tilt_deg, double surface_azimuth_deg, double dhi_w_m2,
                         double dni_w_m2, double dni_extra_w_m2, double apparent_zenith_deg,
                         double sun_azimuth_deg, double airmass_relative);

struct TrackerAngles {
  double rotation_deg = 0.0;  // tracker_theta: right-handed about the axis, 0 = horizontal
  double surface_tilt_deg = 0.0;
  double surface_azimuth_deg = 0.0;
};

struct SingleAxisTracker {
  double axis_azimuth_deg = 180.0;  // 180: the axis runs north-south (pvlib convention)
  double max_angle_deg = 60.0;
  bool backtrack = true;
  double gcr = 0.35;  // ground coverage ratio: module width / row pitch
};

// Rotation of a horizontal single-axis tracker (pvlib.tracking.singleaxis with axis_tilt = 0 and
// cross_axis_tilt = 0: true tracking, Lorenzo et al. 2011 / Anderson & Mikofski 2020 backtracking).
// With the sun below the horizon the tracker is stowed flat (rotation 0).
TrackerAngles single_axis_angles(const SingleAxisTracker& tracker, double apparent_zenith_deg,
                                 double sun_azimuth_deg);

enum class Mount { kFixed, kSingleAxis };

struct Array {
  Mount mount = Mount::kFixed;
  double tilt_deg = 35.0;      // fixed mount
  double azimuth_deg = 180.0;  // fixed mount
  SingleAxisTracker tracker;   // single-axis mount
  double albedo = 0.2;
};

// Plane-of-array irradiance, hourly.
struct PoaSeries {
  std::vector<double> poa_global_w_m2;
  std::vector<double> poa_direct_w_m2;
  std::vector<double> poa_sky_diffuse_w_m2;
  std::vector<double> poa_ground_diffuse_w_m2;
  std::vector<double> aoi_deg;  // 90 when the sun is below the horizon
  std::vector<double> surface_tilt_deg;
  std::vector<double> surface_azimuth_deg;
  std::vector<double> rotation_deg;  // trackers only (0 for fixed)
};

PoaSeries plane_of_array(const Array& array, const SunSeries& sun,
                         const ClosedIrradiance& irradiance);

// ---------------------------------------------------------------------------------------------
// PV
// ---------------------------------------------------------------------------------------------

// Incidence angle modifier of a glass cover (De Soto et al. 2006; pvlib.iam.physical).
struct GlassCover {
  double refractive_index = 1.526;
  double extinction_per_m = 4.0;
  double thickness_m = 0.002;
};
double iam_physical(double aoi_deg, const GlassCover& glass = {});

// Equivalent incidence angles of isotropic sky and ground diffuse on a plane of tilt beta
// (Brandemuehl and Beckman 1980, in Duffie & Beckman, section 5.4).
double sky_diffuse_equivalent_aoi_deg(double surface_tilt_deg);
double ground_diffuse_equivalent_aoi_deg(double surface_tilt_deg);

// Sandia (SAPM) cell temperature, King et al. 2004, eq. 11-12; pvlib.temperature.sapm_cell.
struct SapmThermal {
  double a = -3.47;    // open rack, glass/glass
  double b = -0.0594;  // s/m
  double delta_t_c = 3.0;
};
double sapm_cell_temperature_c(double poa_global_w_m2, double temp_air_c, double wind_speed_m_s,
                               const SapmThermal& thermal = {});

// PVWatts v5 default losses (Dobos 2014; pvlib.pvsystem.pvwatts_losses), as fractions.
struct PvLosses {
  double soiling = 0.02;
  double shading = 0.03;
  double snow = 0.0;
  double mismatch = 0.02;
  double wiring = 0.02;
  double connections = 0.005;
  double light_induced_degradation = 0.015;
  double nameplate_rating = 0.01;
  double age = 0.0;
  double availability = 0.03;

  double dc_total() const noexcept;  // all but availability, combined multiplicatively
  double total() const noexcept;     // all, combined multiplicatively (14.08% by default)
};

// PVWatts v5 inverter (Dobos 2014; pvlib.inverter.pvwatts). Powers per unit of AC rating.
struct Inverter {
  double eta_nominal = 0.96;
  double eta_reference = 0.9637;
};
double pvwatts_ac_per_unit(double dc_per_unit_ac, const Inverter& inverter);

struct PvSystem {
  Array array;
  double dc_ac_ratio = 1.2;
  double gamma_pdc_per_k = -0.0035;  // temperature coefficient of power
  GlassCover glass;
  SapmThermal thermal;
  Inverter inverter;
  PvLosses losses;
};

// Hourly AC capacity factor per MW AC (0..1) and its intermediate series.
struct PvSeries {
  PoaSeries poa;
  std::vector<double> effective_irradiance_w_m2;  // after incidence-angle losses
  std::vector<double> cell_temp_c;
  std::vector<double> dc_per_unit_ac;  // after DC losses, per MW AC
  std::vector<double> capacity_factor;
};

PvSeries pv_capacity_factor(const PvSystem& system, const WeatherSeries& weather,
                            const SunSeries& sun, const ClosedIrradiance& irradiance);

// Throws WeatherInputError (file "parameters") for out-of-range parameters.
void validate(const PvSystem& system);

// ---------------------------------------------------------------------------------------------
// Wind
// ---------------------------------------------------------------------------------------------

// A turbine power curve: linear interpolation between the points, 0 below the first point and 0
// above the last point (cut-out), as windpowerlib.power_curve.power_curve.
class PowerCurve {
 public:
  PowerCurve(std::string name, double rated_power_kw, std::vector<double> wind_speed_m_s,
             std::vector<double> power_kw, std::string source);

  const std::string& name() const noexcept { return name_; }
  const std::string& source() const noexcept { return source_; }
  double rated_power_kw() const noexcept { return rated_power_kw_; }
  std::span<const double> wind_speed_m_s() const noexcept { return speed_; }
  std::span<const double> power_kw() const noexcept { return power_; }
  double cut_out_m_s() const noexcept { return speed_.back(); }
  double power_kw_at(double wind_speed_m_s) const noexcept;

 private:
  std::string name_;
  double rated_power_kw_;
  std::vector<double> speed_;
  std::vector<double> power_;
  std::string source_;
};

// The built-in turbines (see docs/weather.md for their sources).
std::span<const std::string_view> turbine_names();
inline constexpr std::string_view kDefaultTurbine = "E-141/4200";
// Throws WeatherInputError (field "turbine") for an unknown name.
PowerCurve builtin_turbine(std::string_view name);

// A user power curve: CSV with header wind_speed_m_s,power_kw; rated power = max power.
PowerCurve read_power_curve_csv(const std::filesystem::path& path);

// Shear (power) law: v(h) = v(h_ref) * (h / h_ref)^alpha.
double shear_wind_speed(double wind_speed_m_s, double from_height_m, double to_height_m,
                        double shear_exponent);

// ISA barometric formula (troposphere): pressure at an altitude above mean sea level.
double isa_pressure_pa(double altitude_m);
// Pressure lifted by dz metres from (p, T) with the ISA lapse rate 0.0065 K/m (hypsometric).
double lift_pressure_pa(double pressure_pa, double temp_c, double dz_m);
// Dry-air density from the ideal gas law, R_d = 287.058 J/(kg K).
double air_density_kg_m3(double pressure_pa, double temp_c);

inline constexpr double kStandardAirDensityKgM3 = 1.225;
inline constexpr double kIsaLapseRateKPerM = 0.0065;

struct WindFarm {
  std::string turbine = std::string(kDefaultTurbine);
  std::optional<std::filesystem::path> power_curve_csv;  // overrides `turbine`
  double hub_height_m = 100.0;
  double measurement_height_m = 10.0;
  double shear_exponent = 1.0 / 7.0;
  std::optional<double> site_elevation_m;  // default: the weather station's elevation
  bool density_correction = true;          // IEC 61400-12-1: v * (rho / rho0)^(1/3)
  double wake_loss = 0.07;
  double availability_loss = 0.03;
  std::optional<double> scale_to_mean_m_s;  // rescale the measured series to this mean (off)
  // Correction of a station series to a target full-load hours at hub height (off): the measured
  // speeds are scaled by the one factor that makes the farm's annual full-load hours (after
  // shear, density, wake and availability) equal this target. It stands for regional evidence
  // (utilisation statistics, wind-farm design figures) that a sheltered station misses; the
  // evidence is named in `correction_source`, which is required with it.
  std::optional<double> target_full_load_hours;
  std::string correction_source;
};

struct WindSeries {
  double scale_factor = 1.0;  // applied to the measured speeds (1 unless rescaled or corrected)
  std::string turbine;
  double rated_power_kw = 0.0;
  std::vector<double> wind_speed_hub_m_s;
  std::vector<double> air_density_kg_m3;
  std::vector<double> capacity_factor;  // per MW of turbines, after wake and availability
};

WindSeries wind_capacity_factor(const WindFarm& farm, const WeatherSeries& weather);
void validate(const WindFarm& farm);

// ---------------------------------------------------------------------------------------------
// Everything at once, plus the key figures
// ---------------------------------------------------------------------------------------------

struct ProfileOptions {
  SunOptions sun;
  Closure closure = Closure::kGhiDhi;
  PvSystem pv_fixed;        // array.mount is forced to kFixed
  PvSystem pv_single_axis;  // array.mount is forced to kSingleAxis
  WindFarm wind;
};

struct ProfileSummary {
  std::size_t hours = 0;
  double annualisation = 1.0;  // 1 for a one-year file, else 8760 / hours
  double full_load_hours_pv_fixed = 0.0;
  double full_load_hours_pv_single_axis = 0.0;
  double full_load_hours_wind = 0.0;
  double mean_wind_measured_m_s = 0.0;  // at the measurement height (10 m in EPW), as measured
  double mean_wind_measurement_scaled_m_s = 0.0;  // the same after any rescaling
  double mean_wind_hub_m_s = 0.0;
  double ghi_kwh_m2 = 0.0;              // per year
  double poa_fixed_kwh_m2 = 0.0;        // per year
  double poa_single_axis_kwh_m2 = 0.0;  // per year
};

struct Profiles {
  SunSeries sun;
  ClosedIrradiance irradiance;
  PvSeries pv_fixed;
  PvSeries pv_single_axis;
  WindSeries wind;
  ProfileSummary summary;
};

Profiles compute_profiles(const WeatherSeries& weather, const ProfileOptions& options);

// Fixed tilt (integer degrees in [0, 60]) that maximises the annual AC energy of `system`.
double optimal_fixed_tilt_deg(const PvSystem& system, const WeatherSeries& weather,
                              const SunSeries& sun, const ClosedIrradiance& irradiance);

// Snapshot label of a record: the start of its hour, local standard time, "YYYY-MM-DDTHH:MM".
// If the file mixes years (typical-year files), `year_override` relabels them all.
std::string snapshot_label(const LocalHour& hour, std::optional<int> year_override = {});

// Writes snapshot,pv_fixed,pv_single_axis,wind (the columns chosen) with six decimals, to a
// temporary file renamed over `path` at the end. Throws WeatherInputError if it cannot write.
struct ProfileColumns {
  bool pv_fixed = true;
  bool pv_single_axis = true;
  bool wind = true;
  // The weather file's dry-bulb air temperature (°C, as read): the source temperature of an
  // air-source heat pump (a link's source_temperature_c, docs/scenario-format.md).
  bool temp_air_c = true;
};
void write_profiles_csv(const std::filesystem::path& path, const WeatherSeries& weather,
                        const Profiles& profiles, const ProfileColumns& columns = {});

}  // namespace parkgrid::weather
