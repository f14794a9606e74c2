// parkgrid import-pypsa DIR -o SCENARIO_DIR and parkgrid export-pypsa SCENARIO -o DIR: PyPSA CSV
// folders to scenario folders and back (docs/pypsa.md).
#include <fmt/format.h>
#include <filesystem>

#include "cli/commands.hpp"
#include "parkgrid/pypsa.hpp"
#include "parkgrid/results.hpp"
#include "parkgrid/scenario.hpp"

namespace parkgrid::cli {
namespace {

struct PypsaArgs {
  std::string in;
  std::string out;
  double unlimited_mw = 1e7;
  bool drop_demand_charge = false;
  bool drop_heat_extraction = false;
  std::string uc;  // "" keeps the scenario's unit-commitment mode
};

// A scenario file, or a PyPSA folder read through the importer.
Network read_any(const std::string& path) {
  if (io::is_pypsa_folder(path)) return io::read_pypsa(path);
  return io::read_scenario(path);
}

// export-pypsa replaces every CSV in its output folder and import-pypsa writes scenario.toml and
// profiles.csv into its: neither may be the current folder or hold the input, and export-pypsa
// writes only into a new or empty folder or a PyPSA folder (network.csv or snapshots.csv).
bool pypsa_output_refused(const PypsaArgs& a, bool exporting) {
  try {
    analysis::check_output_folder(a.out, {std::filesystem::path(a.in)}, false);
    std::error_code ec;
    if (exporting && std::filesystem::is_directory(a.out, ec) && !io::is_pypsa_folder(a.out) &&
        std::filesystem::directory_iterator(a.out, ec) != std::filesystem::directory_iterator())
      throw std::runtime_error(fmt::format(
          "output folder {} is not empty and is not a PyPSA folder (no network.csv or "
          "snapshots.csv): export-pypsa replaces the CSV files of its output folder, so it "
          "refuses this one (已拒绝); choose a new or empty folder",
          a.out));
    return false;
  } catch (const std::runtime_error& e) {
    report_problem("{}; nothing was written\n", e.what());
    return true;
  }
}

int import_pypsa(const PypsaArgs& a) {
  if (pypsa_output_refused(a, false)) return kExitInputError;
  Network net;
  try {
    net = io::read_pypsa(a.in);
  } catch (const InputError& e) {
    print_problems(e, "the PyPSA folder");
    return kExitInputError;
  }
  try {
    io::write_scenario_folder(net, a.out);
  } catch (const std::exception& e) {
    report_problem("{}\n", e.what());
    return kExitInputError;
  }
  fmt::print(
      "{}: {} buses, {} generators, {} loads, {} storage units, {} stores, {} links, {} grid "
      "connections, {} snapshots -> {}/scenario.toml\n",
      a.in, net.buses.size(), net.generators.size(), net.loads.size(), net.storage_units.size(),
      net.stores.size(), net.links.size(), net.grid.size(), net.snapshot_count(), a.out);
  return kExitOk;
}

int export_pypsa(const PypsaArgs& a) {
  if (pypsa_output_refused(a, true)) return kExitInputError;
  Network net;
  try {
    net = read_any(a.in);
  } catch (const InputError& e) {
    print_problems(e, "the scenario");
    return kExitInputError;
  }
  if (!a.uc.empty()) (void)parse_uc_mode(a.uc, net.unit_commitment.mode);
  // PyPSA has no extraction-condensing CHP: on request the units are written as plain generators
  // and their heat buses are left to the other heat sources.
  std::vector<std::string> dropped_heat;
  if (a.drop_heat_extraction)
    for (Index g = 0; g < net.generators.size(); ++g)
      if (net.generators.extracts_heat(g)) {
        net.generators.extraction.heat_bus[static_cast<std::size_t>(g)] = -1;
        dropped_heat.push_back(net.generators.name[static_cast<std::size_t>(g)]);
      }
  io::ExportReport report;
  try {
    io::ExportOptions o;
    o.unlimited_mw = a.unlimited_mw;
    o.drop_demand_charge = a.drop_demand_charge;
    report = io::write_pypsa(net, a.out, o);
  } catch (const InputError& e) {
    print_problems(e, "the export to PyPSA");
    return kExitInputError;
  } catch (const std::exception& e) {
    report_problem("{}\n", e.what());
    return kExitInputError;
  }
  fmt::print("{} -> {}/ (PyPSA CSV folder: pypsa.Network(\"{}\"))\n", a.in, a.out, a.out);
  for (const auto& n : report.notes) fmt::print("  note: {}\n", n);
  for (const auto& g : dropped_heat)
    fmt::print(
        "  note: generator \"{}\": heat extraction left out (--drop-heat-extraction); its "
        "heat bus is served by the other heat sources in the PyPSA model\n",
        g);
  if (report.objective_offset != 0)
    fmt::print(
        "  note: parkgrid's objective = PyPSA's + {:.6g} CNY (fixed O&M of existing "
        "capacity, which PyPSA does not charge; meta.json parkgrid.objective_offset)\n",
        report.objective_offset);
  return kExitOk;
}

}  // namespace

void add_pypsa_commands(CLI::App& app, int& exit_code) {
  auto imp = std::make_shared<PypsaArgs>();
  CLI::App* ic = app.add_subcommand(
      "import-pypsa", "Turn a PyPSA CSV folder into a scenario folder 导入 PyPSA 网络");
  ic->add_option("pypsa_dir", imp->in, "PyPSA CSV folder (n.export_to_csv_folder)")
      ->required()
      ->check(CLI::ExistingDirectory);
  ic->add_option("-o,--out", imp->out, "Scenario folder to write (scenario.toml, profiles.csv)")
      ->required();
  ic->footer("Example: parkgrid import-pypsa my_pypsa_net -o scenarios/my_net");
  ic->callback([imp, &exit_code] { exit_code = import_pypsa(*imp); });

  auto exp = std::make_shared<PypsaArgs>();
  CLI::App* ec = app.add_subcommand("export-pypsa",
                                    "Write a scenario as a PyPSA CSV folder 导出为 PyPSA 网络");
  ec->add_option("scenario", exp->in, "Scenario file (TOML) or PyPSA folder")
      ->required()
      ->check(CLI::ExistingPath);
  ec->add_option("-o,--out", exp->out, "PyPSA CSV folder to write (its CSVs are replaced)")
      ->required();
  ec->add_option("--unlimited-mw", exp->unlimited_mw,
                 "p_nom for an import or export limit of inf (PyPSA has no infinite p_nom)")
      ->check(kPositive)
      ->capture_default_str();
  ec->add_flag("--drop-demand-charge", exp->drop_demand_charge,
               "Export without the demand charge (PyPSA has none); kept in meta.json, which "
               "parkgrid's import reads back");
  ec->add_flag("--drop-heat-extraction", exp->drop_heat_extraction,
               "Export extraction-condensing CHP units (heat_bus) as plain generators, without "
               "their heat (PyPSA has no such component)");
  ec->add_option("--uc", exp->uc,
                 "Unit commitment of the export: off writes committable generators as ordinary "
                 "ones (PyPSA cannot express a cluster of units, a part-load heat rate or a "
                 "must-run output of a committable unit); default: the scenario's mode")
      ->check(CLI::IsMember({"integer", "linear", "off"}));
  ec->footer(
      "Example: parkgrid export-pypsa examples/microgrid/scenario.toml -o out/microgrid_pypsa "
      "--drop-demand-charge\n(the microgrid has a demand charge, which PyPSA cannot express)\n"
      "The Pinglu case: parkgrid export-pypsa data/pinglu/scenario.toml -o out/pinglu_pypsa "
      "--drop-demand-charge --uc off");
  ec->callback([exp, &exit_code] { exit_code = export_pypsa(*exp); });
}

}  // namespace parkgrid::cli
