// parkgrid weather FILE -o OUT.csv: hourly PV (fixed tilt, single-axis) and wind capacity factors
// from an EPW or CSV weather file, with a short bilingual summary. Models: docs/weather.md.
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "parkgrid/weather.hpp"

namespace parkgrid::cli {

namespace {

struct WeatherArgs {
  std::string input;
  std::string output;
  std::string tracking = "both";
  std::string closure = "ghi_dhi";
  bool optimal_tilt = false;
  bool no_backtrack = false;
  bool no_density_correction = false;
  std::optional<double> latitude_deg;
  std::optional<double> longitude_deg;
  std::optional<double> utc_offset_h;
  std::optional<double> station_elevation_m;
  std::optional<double> site_elevation_m;
  std::optional<double> scale_to_mean_m_s;
  std::optional<double> target_full_load_hours;
  std::string correction_source;
  std::optional<std::string> power_curve_csv;
  std::string summary_json;
  weather::ProfileOptions options;
};

std::string compass(double latitude_deg, double longitude_deg) {
  return fmt::format("{:.2f}°{} {:.2f}°{}", std::abs(latitude_deg), latitude_deg >= 0 ? "N" : "S",
                     std::abs(longitude_deg), longitude_deg >= 0 ? "E" : "W");
}

void print_summary(const WeatherArgs& a, const weather::WeatherSeries& w,
                   const weather::Profiles& p, const weather::ProfileColumns& columns) {
  const auto& s = p.summary;
  const auto& fixed = a.options.pv_fixed;
  const auto& tracked = a.options.pv_single_axis;
  const auto& wind = a.options.wind;
  fmt::print("{} ({}, {:.0f} m, UTC{:+g}), {} h{}\n", w.location.name,
             compass(w.location.latitude_deg, w.location.longitude_deg), w.location.elevation_m,
             w.location.utc_offset_h, s.hours,
             s.annualisation == 1.0 ? "" : fmt::format(" (figures scaled to 8760 h 按全年折算)"));
  fmt::print("  年等效满发小时 Equivalent full-load hours per year (per MW AC; per MWp DC):\n");
  if (columns.pv_fixed) {
    fmt::print(
        "    光伏固定倾角 PV fixed tilt {:.0f}°, azimuth {:.0f}°, DC/AC {:.2f}: {:.0f} h; {:.0f} "
        "h\n",
        fixed.array.tilt_deg, fixed.array.azimuth_deg, fixed.dc_ac_ratio,
        s.full_load_hours_pv_fixed, s.full_load_hours_pv_fixed / fixed.dc_ac_ratio);
  }
  if (columns.pv_single_axis) {
    fmt::print(
        "    光伏单轴跟踪 PV single-axis (N-S axis, ±{:.0f}°, {}GCR {:.2f}), DC/AC {:.2f}: {:.0f} "
        "h; "
        "{:.0f} h\n",
        tracked.array.tracker.max_angle_deg,
        tracked.array.tracker.backtrack ? "backtracking, " : "", tracked.array.tracker.gcr,
        tracked.dc_ac_ratio, s.full_load_hours_pv_single_axis,
        s.full_load_hours_pv_single_axis / tracked.dc_ac_ratio);
  }
  if (columns.wind) {
    fmt::print(
        "    风电 Wind, {} at {:.0f} m hub, shear exponent {:.3f}, wake {:.0f}%, availability "
        "{:.0f}%: {:.0f} h\n",
        p.wind.turbine, wind.hub_height_m, wind.shear_exponent, wind.wake_loss * 100.0,
        wind.availability_loss * 100.0, s.full_load_hours_wind);
  }
  if (wind.target_full_load_hours) {
    fmt::print(
        "  风速修正 Wind correction: station speeds ×{:.3f} to {:.0f} full-load hours at hub "
        "height (source 依据: {})\n",
        p.wind.scale_factor, *wind.target_full_load_hours, wind.correction_source);
  }
  if (p.wind.scale_factor != 1.0) {
    fmt::print(
        "  平均风速 Mean wind speed: {:.2f} m/s measured at {:.0f} m, rescaled ×{:.3f} to "
        "{:.2f} m/s; {:.2f} m/s at {:.0f} m hub height\n",
        s.mean_wind_measured_m_s, wind.measurement_height_m, p.wind.scale_factor,
        s.mean_wind_measurement_scaled_m_s, s.mean_wind_hub_m_s, wind.hub_height_m);
  } else {
    fmt::print(
        "  平均风速 Mean wind speed: {:.2f} m/s at {:.0f} m, {:.2f} m/s at {:.0f} m hub height\n",
        s.mean_wind_measured_m_s, wind.measurement_height_m, s.mean_wind_hub_m_s,
        wind.hub_height_m);
  }
  fmt::print(
      "  年辐照量 Annual irradiation: GHI 水平面 {:.0f} kWh/m²; plane of array 组件面: fixed "
      "{:.0f} kWh/m², single-axis {:.0f} kWh/m²\n",
      s.ghi_kwh_m2, s.poa_fixed_kwh_m2, s.poa_single_axis_kwh_m2);
}

// The printed key figures as JSON, for reports and the demo's plausibility check.
void write_summary_json(const std::string& path, const WeatherArgs& a,
                        const weather::WeatherSeries& w, const weather::Profiles& p) {
  const auto& s = p.summary;
  nlohmann::ordered_json j;
  j["station"] = w.location.name;
  j["latitude_deg"] = w.location.latitude_deg;
  j["longitude_deg"] = w.location.longitude_deg;
  j["elevation_m"] = w.location.elevation_m;
  j["hours"] = s.hours;
  j["pv_fixed_tilt_deg"] = a.options.pv_fixed.array.tilt_deg;
  j["dc_ac_ratio"] = a.options.pv_fixed.dc_ac_ratio;
  j["full_load_hours_pv_fixed"] = s.full_load_hours_pv_fixed;
  j["full_load_hours_pv_single_axis"] = s.full_load_hours_pv_single_axis;
  j["full_load_hours_wind"] = s.full_load_hours_wind;
  j["wind_turbine"] = p.wind.turbine;
  j["hub_height_m"] = a.options.wind.hub_height_m;
  j["mean_wind_measured_m_s"] = s.mean_wind_measured_m_s;
  j["mean_wind_hub_m_s"] = s.mean_wind_hub_m_s;
  j["wind_scale_factor"] = p.wind.scale_factor;
  if (a.options.wind.target_full_load_hours) {
    j["wind_target_full_load_hours"] = *a.options.wind.target_full_load_hours;
    j["wind_correction_source"] = a.options.wind.correction_source;
  }
  j["ghi_kwh_m2"] = s.ghi_kwh_m2;
  j["poa_fixed_kwh_m2"] = s.poa_fixed_kwh_m2;
  j["poa_single_axis_kwh_m2"] = s.poa_single_axis_kwh_m2;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << j.dump(2) << "\n";
    if (!out)
      throw weather::WeatherInputError(path, 0, "summary-json", path,
                                       "a writable file path in an existing folder");
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

void add_weather_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<WeatherArgs>();
  auto& o = a->options;
  CLI::App* cmd = app.add_subcommand(
      "weather",
      "Hourly PV and wind capacity factors from a weather file 由气象数据计算逐时风光出力系数");
  cmd->add_option("weather_file", a->input,
                  "EPW file, or CSV with timestamp,ghi_w_m2,dni_w_m2,dhi_w_m2,temp_air_c,"
                  "wind_speed_m_s[,pressure_pa]")
      ->required();
  cmd->add_option("-o,--output", a->output,
                  "Output CSV: snapshot (start of the hour, local time), pv_fixed, pv_single_axis, "
                  "wind (capacity factors 0..1)")
      ->required();

  // PV
  cmd->add_option("--pv-tilt-deg", o.pv_fixed.array.tilt_deg, "Fixed array tilt (degrees)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 90.0))
      ->group("PV");
  cmd->add_flag("--pv-optimal-tilt", a->optimal_tilt,
                "Use the fixed tilt (0..60°) that maximises the annual energy")
      ->group("PV");
  cmd->add_option("--pv-azimuth-deg", o.pv_fixed.array.azimuth_deg,
                  "Fixed array azimuth, clockwise from north (180 = south)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 360.0))
      ->group("PV");
  cmd->add_option("--tracking", a->tracking, "PV columns to write: fixed, single_axis or both")
      ->capture_default_str()
      ->check(CLI::IsMember({"fixed", "single_axis", "both"}))
      ->group("PV");
  cmd->add_option("--dc-ac-ratio", o.pv_fixed.dc_ac_ratio, "DC/AC ratio (MWp DC per MW AC)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 5.0))
      ->group("PV");
  cmd->add_option("--albedo", o.pv_fixed.array.albedo, "Ground albedo")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0))
      ->group("PV");
  cmd->add_option("--gamma-pdc-per-k", o.pv_fixed.gamma_pdc_per_k,
                  "Temperature coefficient of power (1/K)")
      ->capture_default_str()
      ->check(CLI::Range(-0.02, 0.0))
      ->group("PV");
  cmd->add_option("--inverter-efficiency", o.pv_fixed.inverter.eta_nominal,
                  "Nominal inverter efficiency (PVWatts)")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 1.0))
      ->group("PV");
  cmd->add_option("--pv-soiling-loss", o.pv_fixed.losses.soiling, "Soiling loss (fraction)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.99))
      ->group("PV");
  cmd->add_option("--pv-shading-loss", o.pv_fixed.losses.shading, "Shading loss (fraction)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.99))
      ->group("PV");
  cmd->add_option("--pv-availability-loss", o.pv_fixed.losses.availability,
                  "PV availability loss (fraction)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.99))
      ->group("PV");
  cmd->add_option("--tracker-max-angle-deg", o.pv_single_axis.array.tracker.max_angle_deg,
                  "Single-axis tracker rotation limit (degrees)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 90.0))
      ->group("PV");
  cmd->add_option("--tracker-gcr", o.pv_single_axis.array.tracker.gcr,
                  "Tracker ground coverage ratio (for backtracking)")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1.0))
      ->group("PV");
  cmd->add_flag("--no-backtrack", a->no_backtrack, "Trackers follow the sun without backtracking")
      ->group("PV");
  cmd->add_option("--summary-json", a->summary_json,
                  "Also write the key figures (full-load hours, mean wind, irradiation) as JSON");
  cmd->add_option("--irradiance-closure", a->closure,
                  "ghi_dhi: keep GHI and DHI, DNI = (GHI - DHI) / cos z; file: the file's DNI")
      ->capture_default_str()
      ->check(CLI::IsMember({"ghi_dhi", "file"}))
      ->group("PV");

  // Wind
  std::string turbines;
  for (auto name : weather::turbine_names()) {
    turbines += fmt::format("{}{}", turbines.empty() ? "" : ", ", name);
  }
  cmd->add_option("--turbine", o.wind.turbine, fmt::format("Built-in turbine: {}", turbines))
      ->capture_default_str()
      ->group("Wind");
  cmd->add_option("--power-curve-csv", a->power_curve_csv,
                  "Turbine power curve CSV (wind_speed_m_s,power_kw), instead of --turbine")
      ->check(CLI::ExistingFile)
      ->group("Wind");
  cmd->add_option("--hub-height-m", o.wind.hub_height_m, "Hub height (m)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 300.0))
      ->group("Wind");
  cmd->add_option("--measurement-height-m", o.wind.measurement_height_m,
                  "Height of the measured wind speed (m; 10 in EPW files)")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 300.0))
      ->group("Wind");
  cmd->add_option("--shear-exponent", o.wind.shear_exponent, "Power-law shear exponent alpha")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.6))
      ->group("Wind");
  cmd->add_option("--site-elevation-m", a->site_elevation_m,
                  "Elevation of the wind farm (m; default: the weather station's)")
      ->check(CLI::Range(-500.0, 6000.0))
      ->group("Wind");
  cmd->add_option("--wake-loss", o.wind.wake_loss, "Wake loss (fraction)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.99))
      ->group("Wind");
  cmd->add_option("--wind-availability-loss", o.wind.availability_loss,
                  "Wind availability loss (fraction)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.99))
      ->group("Wind");
  cmd->add_flag("--no-density-correction", a->no_density_correction,
                "Use the power curve at the measured speed, without air-density correction")
      ->group("Wind");
  cmd->add_option("--wind-scale-to-mean-m-s", a->scale_to_mean_m_s,
                  "Rescale the measured wind so its mean equals this value (off by default)")
      ->check(CLI::Range(0.1, 30.0))
      ->group("Wind");
  cmd->add_option("--wind-target-full-load-hours", a->target_full_load_hours,
                  "Correct the station series to this many full-load hours per year at hub "
                  "height (one factor on every measured speed; needs --wind-correction-source; "
                  "off by default; docs/weather.md)")
      ->check(CLI::Range(1.0, 8000.0))
      ->group("Wind");
  cmd->add_option("--wind-correction-source", a->correction_source,
                  "The evidence the target full-load hours stand for, e.g. \"SOURCES.md A49\" "
                  "(printed and written to --summary-json)")
      ->group("Wind");

  // Location (CSV input, or to override the EPW header)
  cmd->add_option("--latitude-deg", a->latitude_deg, "Latitude (positive north)")
      ->check(CLI::Range(-90.0, 90.0))
      ->group("Location (CSV input)");
  cmd->add_option("--longitude-deg", a->longitude_deg, "Longitude (positive east)")
      ->check(CLI::Range(-180.0, 180.0))
      ->group("Location (CSV input)");
  cmd->add_option("--utc-offset-h", a->utc_offset_h, "Standard time zone of the timestamps (h)")
      ->check(CLI::Range(-12.0, 14.0))
      ->group("Location (CSV input)");
  cmd->add_option("--station-elevation-m", a->station_elevation_m,
                  "Elevation of the weather station (m)")
      ->check(CLI::Range(-500.0, 9000.0))
      ->group("Location (CSV input)");

  cmd->footer(
      "Examples:\n"
      "  parkgrid weather data/weather/CHN_Shanxi.Datong.534870_CSWD.epw -o "
      "profiles.csv\n"
      "  parkgrid weather site.csv --latitude-deg 39.4 --longitude-deg 112.4 --utc-offset-h 8 "
      "--station-elevation-m 1300 -o profiles.csv --pv-optimal-tilt --hub-height-m 120\n"
      "Models and conventions: docs/weather.md. Weather data credit for the CSWD files: China "
      "Meteorological Administration Climate Information Center and Tsinghua University, via the "
      "EnergyPlus weather pages of the US DOE.");

  cmd->callback([a, &exit_code] {
    namespace w = parkgrid::weather;
    try {
      auto& opt = a->options;
      // One set of PV parameters for both mounts, except the mount-specific ones.
      const w::Array fixed_array = opt.pv_fixed.array;
      const w::SingleAxisTracker tracker = opt.pv_single_axis.array.tracker;
      opt.pv_single_axis = opt.pv_fixed;
      opt.pv_single_axis.array.tracker = tracker;
      opt.pv_single_axis.array.tracker.backtrack = !a->no_backtrack;
      opt.pv_single_axis.array.mount = w::Mount::kSingleAxis;
      opt.pv_fixed.array = fixed_array;
      opt.closure = a->closure == "file" ? w::Closure::kFileDni : w::Closure::kGhiDhi;
      opt.wind.site_elevation_m = a->site_elevation_m;
      opt.wind.scale_to_mean_m_s = a->scale_to_mean_m_s;
      opt.wind.target_full_load_hours = a->target_full_load_hours;
      opt.wind.correction_source = a->correction_source;
      opt.wind.density_correction = !a->no_density_correction;
      if (a->power_curve_csv) opt.wind.power_curve_csv = *a->power_curve_csv;

      w::LocationOverrides loc;
      loc.latitude_deg = a->latitude_deg;
      loc.longitude_deg = a->longitude_deg;
      loc.utc_offset_h = a->utc_offset_h;
      loc.elevation_m = a->station_elevation_m;
      const w::WeatherSeries weather = w::read_weather_file(a->input, loc);

      if (a->optimal_tilt) {
        const w::SunSeries sun = w::sun_positions(weather, opt.sun);
        const w::ClosedIrradiance irr = w::close_irradiance(weather, sun, opt.closure);
        opt.pv_fixed.array.tilt_deg = w::optimal_fixed_tilt_deg(opt.pv_fixed, weather, sun, irr);
      }
      const w::Profiles profiles = w::compute_profiles(weather, opt);
      w::ProfileColumns columns;
      columns.pv_fixed = a->tracking != "single_axis";
      columns.pv_single_axis = a->tracking != "fixed";
      // Nothing half-written: a summary path that cannot be written fails before the profiles.
      if (!a->summary_json.empty() && !std::ofstream(a->summary_json + ".tmp"))
        throw w::WeatherInputError(a->summary_json, 0, "summary-json", a->summary_json,
                                   "a writable file path in an existing folder");
      w::write_profiles_csv(a->output, weather, profiles, columns);
      print_summary(*a, weather, profiles, columns);
      if (!a->summary_json.empty()) write_summary_json(a->summary_json, *a, weather, profiles);
      fmt::print("  wrote 已写入 {} ({} rows)\n", a->output, weather.size());
      exit_code = kExitOk;
    } catch (const w::WeatherInputError& e) {
      report_problem("{}\n", e.what());
      exit_code = kExitInputError;
    }
  });
}

}  // namespace parkgrid::cli
