// Numerical hygiene of the LP before it is solved: costs, bounds, right-hand sides and matrix
// coefficients far outside the range a double-precision simplex or interior-point code handles
// well are traced back to the component and the input field that put them there
// (docs/reliability.md, "Numerical check").
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <tuple>

#include "parkgrid/formulate.hpp"

namespace parkgrid::formulate {
namespace {

// The ranges. Every LP value is in the project's units (MW, MWh, t, CNY, CNY per unit), so the
// limits are absolute. HiGHS reads a bound of 1e20 or more as infinite.
constexpr double kMaxCost = 1e8;    // CNY per MWh (x weight) or per MW-year of capacity
constexpr double kMinCost = 1e-4;   // below it a nonzero cost is lost in the tolerances
constexpr double kMaxBound = 1e8;   // MW, MWh, t: "no limit" is written inf (or omitted)
constexpr double kMinBound = 1e-6;  // below the feasibility tolerance (1e-7) in effect
constexpr double kMaxCoefficient = 1e6;
constexpr double kMinCoefficient = 1e-6;
constexpr double kInfiniteBound = 1e20;  // HiGHS: infinite at or beyond
constexpr std::size_t kMaxWarnings = 30;

enum class Kind { kCost, kColBound, kRowBound, kCoefficient };

// One family of blocks: who the components are, for names in messages.
struct Owner {
  std::string family;  // "generator", "bus", ... or "" for the policy rows
  const std::vector<std::string>* names = nullptr;
  const SubsetIndex* subset = nullptr;  // block position -> component, inverted on demand
};

Owner owner_of(const Network& n, const Layout& L, std::string_view block) {
  const auto starts = [&](std::string_view p) { return block.substr(0, p.size()) == p; };
  if (block == "bus_balance") return {"bus", &n.buses.name, nullptr};
  if (block == "group_constraint") return {"group constraint", &n.group_constraints.name, nullptr};
  if (block == "generator_capacity" || block == "generator_max")
    return {"generator", &n.generators.name, &L.generator_ext};
  if (block == "generator_min") return {"generator", &n.generators.name, &L.generator_min_rows};
  if (block == "generator_com_min") return {"generator", &n.generators.name, &L.com_min};
  if (block == "generator_up_time") return {"generator", &n.generators.name, &L.com_up};
  if (block == "generator_ramp_up" || block == "generator_ramp_down" ||
      block == "generator_start_max" || block == "generator_stop_max")
    return {"generator", &n.generators.name, &L.com_ramp};
  if (block == "generator_units" || block == "generator_units_link")
    return {"generator", &n.generators.name, &L.com_ext};
  if (block == "generator_retrofit_online" || block == "generator_retrofit_units" ||
      block == "generator_retrofit_online_max" || block == "generator_retrofit_online_units")
    return {"generator", &n.generators.name, &L.com_retro};
  if (block == "generator_retrofit_units_max")
    return {"generator", &n.generators.name, &L.com_retro_ext};
  if (block == "generator_com_max" || block == "generator_transition" ||
      block == "generator_down_time" || block == "generator_online" || block == "generator_start" ||
      block == "generator_stop" || block == "generator_day_transition" ||
      block == "generator_day_start" || block == "generator_day_stop")
    return {"generator", &n.generators.name, &L.com};
  if (starts("generator_")) return {"generator", &n.generators.name, nullptr};
  if (starts("chp_")) return {"generator", &n.generators.name, &L.chp};
  if (block == "storage_power_capacity" || block == "storage_charge_max" ||
      block == "storage_discharge_max")
    return {"storage unit", &n.storage_units.name, &L.storage_power_ext};
  if (block == "storage_energy_capacity")
    return {"storage unit", &n.storage_units.name, &L.storage_energy_ext};
  if (block == "storage_soc_max")
    return {"storage unit", &n.storage_units.name, &L.storage_soc_max_rows};
  if (starts("storage_")) return {"storage unit", &n.storage_units.name, nullptr};
  if (block == "store_capacity" || block == "store_energy_max")
    return {"store", &n.stores.name, &L.store_ext};
  if (starts("store_")) return {"store", &n.stores.name, nullptr};
  if (block == "link_capacity" || block == "link_max") return {"link", &n.links.name, &L.link_ext};
  if (block == "link_min") return {"link", &n.links.name, &L.link_min_rows};
  if (starts("link_")) return {"link", &n.links.name, nullptr};
  if (block == "grid_peak" || block == "grid_peak_mw" || block == "grid_peak_month" ||
      block == "grid_day_peak_mw")
    return {"grid connection", &n.grid.name, &L.grid_demand_charge};
  if (block == "grid_import_max") return {"grid connection", &n.grid.name, &L.grid_via};
  if (starts("grid_")) return {"grid connection", &n.grid.name, nullptr};
  return {};
}

std::string component_name(const Network& n, const Layout& L, const Block& b, Index k) {
  const Owner o = owner_of(n, L, b.name);
  if (!o.names)
    return b.name == "linkage_block" ? "[paths] linkage_shape"
           : b.name == "co2_cap" || b.name == "green_share" || b.name == "self_consumption" ||
                   b.name == "hydrogen_matching"
               ? "[policy]"
               : fmt::format("block {} #{}", b.name, k + 1);
  Index c = k;
  if (o.subset) {
    c = -1;
    for (std::size_t i = 0; i < o.subset->size(); ++i)
      if ((*o.subset)[i] == k) c = static_cast<Index>(i);
  }
  if (c < 0 || static_cast<std::size_t>(c) >= o.names->size())
    return fmt::format("{} #{}", o.family, k + 1);
  return fmt::format("{} \"{}\"", o.family, (*o.names)[static_cast<std::size_t>(c)]);
}

// The input field behind a value of the LP, in the words of docs/scenario-format.md.
std::string field_of(Kind kind, std::string_view col, std::string_view row) {
  switch (kind) {
    case Kind::kCost:
      if (col == "generator_p")
        return "marginal_cost_cny_per_mwh (+ carbon_price_cny_per_t x CO2), x weight_hours";
      if (col == "storage_discharge" || col == "store_dispatch" || col == "link_p")
        return "marginal_cost_cny_per_mwh, x weight_hours";
      if (col == "grid_import")
        return "buy_price_cny_per_mwh (+ carbon_price_cny_per_t x co2_t_per_mwh), x weight_hours";
      if (col == "grid_export") return "sell_price_cny_per_mwh, x weight_hours";
      if (col == "grid_peak_mw") return "demand_charge_cny_per_kw_month (x 1000 per MW)";
      if (col == "storage_energy_capacity" || col == "store_capacity")
        return "capex_cny_per_mwh / lifetime_years / fixed_om_cny_per_mwh_year (annualised)";
      if (col == "generator_retrofit_units")
        return "retrofit_capex_cny_per_kw x 1000 x unit_size_mw / retrofit_lifetime_years "
               "(annualised)";
      if (col.ends_with("_capacity"))
        return "capex_cny_per_mw / lifetime_years / fixed_om_cny_per_mw_year (annualised)";
      return fmt::format("cost of {}", col);
    case Kind::kColBound:
      if (col == "generator_p") return "capacity_mw x availability_pu / min_pu";
      if (col == "generator_capacity" || col == "link_capacity")
        return "capacity_mw / min_capacity_mw / max_capacity_mw";
      if (col == "storage_charge" || col == "storage_discharge") return "power_mw";
      if (col == "storage_power_capacity") return "power_mw / min_power_mw / max_power_mw";
      if (col == "storage_soc") return "energy capacity (max_hours x power_mw, or energy_mwh)";
      if (col == "storage_energy_capacity" || col == "store_capacity")
        return "energy_mwh / min_energy_mwh / max_energy_mwh";
      if (col == "store_energy" || col == "store_dispatch") return "energy_mwh";
      if (col == "link_p") return "capacity_mw x max_pu / min_pu";
      if (col == "grid_import") return "import_max_mw";
      if (col == "grid_export") return "export_max_mw";
      return fmt::format("bounds of {}", col);
    case Kind::kRowBound:
      if (row == "bus_balance") return "demand_mw of the loads on it";
      if (row == "co2_cap") return "co2_cap_t";
      if (row == "group_constraint") return "value (and the fixed capacities or loads summed)";
      if (row == "storage_soc_balance" || row == "storage_soc_inter_balance")
        return "initial_soc_mwh";
      if (row == "store_balance" || row == "store_energy_inter_balance")
        return "initial_energy_mwh";
      if (row == "storage_soc_inter_max")
        return "energy capacity (max_hours x power_mw, or energy_mwh)";
      if (row == "store_energy_inter_max") return "energy_mwh";
      return fmt::format("right-hand side of {}", row);
    case Kind::kCoefficient:
      if (row == "co2_cap") return "co2_t_per_mwh (carrier) / efficiency, x weight_hours";
      if (row == "green_share") return "min_green_share, x weight_hours";
      if (row == "self_consumption")
        return "min_self_consumption_share x available energy (availability_pu x weight_hours)";
      if (row == "group_constraint")
        return "share, x weight_hours, availability_pu or co2_t_per_mwh of the quantity summed";
      if (col == "generator_capacity") return row == "generator_min" ? "min_pu" : "availability_pu";
      if (col == "link_capacity") return row == "link_min" ? "min_pu" : "max_pu";
      if (col == "link_p") return "efficiency";
      if (col == "storage_charge") return "efficiency_charge, x step_hours";
      if (col == "storage_discharge") return "efficiency_discharge, x step_hours";
      if (col == "storage_soc" || col == "store_energy") return "standing_loss_per_hour";
      if (col == "storage_power_capacity") return "max_hours";
      return fmt::format("coefficient of {} in {}", col, row);
  }
  return "";
}

struct Finding {
  std::size_t order = 0;  // first seen, for a stable report
  Index entries = 0;
  double worst = 0.0;   // the value furthest out of range
  Index snapshot = -1;  // of the first entry, when the block runs over snapshots
  bool large = true;
};

// Out of range: 1 too large (or not finite), -1 too small, 0 fine.
int out_of_range(double v, double lo, double hi) {
  if (!std::isfinite(v)) return 1;
  const double a = std::fabs(v);
  if (a > hi) return 1;
  if (a != 0.0 && a < lo) return -1;
  return 0;
}

}  // namespace

std::vector<NumericWarning> check_numerics(const Network& net, const Model& model) {
  const LinearProgram& lp = model.lp;
  const Layout& L = model.layout;
  using Key = std::tuple<int, const Block*, Index, const Block*>;  // kind, block, comp, row blk
  std::map<Key, Finding> found;
  const auto note = [&](Kind kind, const LinearProgram::Location& at, const Block* row_block,
                        double v, int side) {
    if (!at.block) return;
    auto [it, fresh] =
        found.try_emplace(Key{static_cast<int>(kind), at.block, at.component, row_block});
    Finding& f = it->second;
    if (fresh) {
      f.order = found.size();
      f.worst = v;
      f.large = side > 0;
      if (at.block->per_component > 1) f.snapshot = at.snapshot;
    }
    ++f.entries;
    const bool worse = !std::isfinite(v) || (side > 0 ? std::fabs(v) > std::fabs(f.worst)
                                                      : std::fabs(v) < std::fabs(f.worst));
    if ((side > 0) == f.large && worse && std::isfinite(f.worst)) f.worst = v;
  };

  const Index ncol = lp.num_col();
  for (Index j = 0; j < ncol; ++j) {
    const auto u = static_cast<std::size_t>(j);
    LinearProgram::Location at;
    bool located = false;
    const auto locate = [&] {
      if (!located) at = lp.locate_col(j);
      located = true;
      return at;
    };
    if (const int side = out_of_range(lp.col_cost[u], kMinCost, kMaxCost))
      note(Kind::kCost, locate(), nullptr, lp.col_cost[u], side);
    for (const double b : {lp.col_lower[u], lp.col_upper[u]})
      if (std::isnan(b) || std::fabs(b) < kInfiniteBound)
        if (const int side = out_of_range(b, kMinBound, kMaxBound))
          note(Kind::kColBound, locate(), nullptr, b, side);
    const auto begin = static_cast<std::size_t>(lp.a_start[u]);
    const auto end = static_cast<std::size_t>(lp.a_start[u + 1]);
    for (std::size_t k = begin; k < end; ++k) {
      if (const int side = out_of_range(lp.a_value[k], kMinCoefficient, kMaxCoefficient)) {
        const LinearProgram::Location row = lp.locate_row(lp.a_index[k]);
        note(Kind::kCoefficient, locate(), row.block, lp.a_value[k], side);
      }
    }
  }
  const Index nrow = lp.num_row();
  for (Index r = 0; r < nrow; ++r) {
    const auto u = static_cast<std::size_t>(r);
    for (const double b : {lp.row_lower[u], lp.row_upper[u]})
      if (std::isnan(b) || std::fabs(b) < kInfiniteBound)
        if (const int side = out_of_range(b, kMinBound, kMaxBound)) {
          const LinearProgram::Location at = lp.locate_row(r);
          note(Kind::kRowBound, at, at.block, b, side);
        }
  }

  std::vector<std::pair<const Key*, const Finding*>> order;
  for (const auto& [k, f] : found) order.emplace_back(&k, &f);
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.second->order < b.second->order; });

  std::vector<NumericWarning> out;
  for (const auto& [key, f] : order) {
    if (out.size() == kMaxWarnings) {
      NumericWarning w;
      w.message = fmt::format("... and {} more (component, field) pairs out of range",
                              order.size() - kMaxWarnings);
      out.push_back(std::move(w));
      break;
    }
    const auto kind = static_cast<Kind>(std::get<0>(*key));
    const Block& block = *std::get<1>(*key);
    const Block* row_block = std::get<3>(*key);
    NumericWarning w;
    w.component = component_name(net, L, block, std::get<2>(*key));
    const bool row_kind = kind == Kind::kRowBound;
    w.field = field_of(kind, row_kind ? std::string_view() : std::string_view(block.name),
                       row_block ? std::string_view(row_block->name) : std::string_view());
    w.value = f->worst;
    w.entries = f->entries;
    static constexpr const char* kWhat[] = {"cost", "bound", "right-hand side", "coefficient"};
    w.kind = kWhat[static_cast<int>(kind)];
    const double lo = kind == Kind::kCost          ? kMinCost
                      : kind == Kind::kCoefficient ? kMinCoefficient
                                                   : kMinBound;
    const double hi = kind == Kind::kCost          ? kMaxCost
                      : kind == Kind::kCoefficient ? kMaxCoefficient
                                                   : kMaxBound;
    const std::string when =
        f->snapshot >= 0 && block.per_component == L.snapshots && L.snapshots > 0
            ? fmt::format(", the first at snapshot {}, {}", f->snapshot + 1,
                          net.snapshots.label(f->snapshot))
            : "";
    std::string advice;
    if (!std::isfinite(f->worst))
      advice = "not a finite number (an input too large for a double?)";
    else if (!f->large)
      advice = fmt::format(
          "below {:g} in magnitude, lost in the solver's tolerances: write 0 or "
          "check the unit",
          lo);
    else if (kind == Kind::kColBound || kind == Kind::kRowBound)
      advice = fmt::format(
          "above {:g}: for no limit write inf (or leave the field out), else "
          "check the unit",
          hi);
    else
      advice = fmt::format("above {:g}, check the unit (CNY, MW, MWh, t)", hi);
    w.message =
        fmt::format("{}: LP {} {:g} from {} ({} value{}{}): {}", w.component, w.kind, f->worst,
                    w.field, f->entries, f->entries == 1 ? "" : "s", when, advice);
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace parkgrid::formulate
