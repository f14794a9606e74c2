#include "parkgrid/schema.hpp"

#include <fmt/format.h>
#include <array>
#include <cmath>

namespace parkgrid::schema {
namespace {

constexpr double inf = HUGE_VAL;
using K = Kind;
using R = Rule;

// Capacity fields shared by every family that can be built (unit MW or MWh).
#define PARKGRID_CAPACITY_FIELDS(prefix, unit, what, pypsa_nom)                    \
  Field{prefix,                                                                    \
        K::kNumber,                                                                \
        unit,                                                                      \
        "0",                                                                       \
        0.0,                                                                       \
        R::kNonNegative,                                                           \
        "Existing (or fixed) " what                                                \
        ". Not extendable: the capacity used. Extendable: the "                    \
        "lower bound of the optimal capacity; its capital cost is sunk.",          \
        pypsa_nom},                                                                \
      Field{"extendable",                                                          \
            K::kBool,                                                              \
            "",                                                                    \
            "false",                                                               \
            0.0,                                                                   \
            R::kAny,                                                               \
            "Let the optimisation choose the " what ".",                           \
            pypsa_nom "_extendable"},                                              \
      Field{"min_" prefix,                                                         \
            K::kNumber,                                                            \
            unit,                                                                  \
            "0",                                                                   \
            0.0,                                                                   \
            R::kNonNegative,                                                       \
            "Lower bound of the optimal " what " (extendable only).",              \
            pypsa_nom "_min"},                                                     \
      Field {                                                                      \
    "max_" prefix, K::kNumber, unit, "inf", inf, R::kNonNegativeOrInf,             \
        "Upper bound of the optimal " what " (extendable only).", pypsa_nom "_max" \
  }

constexpr std::array kScenario{
    Field{"name", K::kText, "", "\"scenario\"", 0.0, R::kAny, "Short name shown in reports.",
          "name"},
    Field{"description", K::kText, "", "\"\"", 0.0, R::kAny, "One or two sentences on the case.",
          ""},
    Field{"discount_rate", K::kNumber, "1/yr", "0.06", 0.06, R::kFraction,
          "Real discount rate for annualising capital costs (capital recovery factor).", ""},
};

constexpr std::array kSnapshots{
    Field{"start", K::kDateTime, "", "\"2025-01-01T00:00\"", 0.0, R::kAny,
          "Local time of the first snapshot (YYYY-MM-DDTHH:MM).", "snapshots"},
    Field{"count", K::kInteger, "", "required", 0.0, R::kPositive,
          "Number of snapshots; every time series has exactly this many values.", "snapshots"},
    Field{"step_hours", K::kNumber, "h", "1", 1.0, R::kPositive,
          "Time from one snapshot to the next (storage state-of-charge steps).",
          "snapshot_weightings.stores"},
    Field{"weight_hours", K::kSeries, "h", "step_hours", 0.0, R::kPositive,
          "Hours each snapshot stands for in costs and energy totals (a typical day's hours "
          "carry the weight of the days they represent).",
          "snapshot_weightings.objective"},
};

constexpr std::array kCarriers{
    Field{"name", K::kText, "", "required", 0.0, R::kAny,
          "Carrier name. Buses of carrier `electricity` (or `AC`) count in the green share.",
          "name"},
    Field{"co2_t_per_mwh", K::kNumber, "tCO2/MWh", "0", 0.0, R::kNonNegative,
          "Emissions per MWh of the carrier's primary energy (fuel); a generator emits this "
          "divided by its efficiency per MWh of output.",
          "co2_emissions"},
    Field{"renewable", K::kBool, "", "false", 0.0, R::kAny,
          "Generation of this carrier counts as green (wind, solar, hydro, biomass).", ""},
    Field{"heat", K::kBool, "", "false", 0.0, R::kAny,
          "A heat carrier (steam at a stated pressure, hot water; the name says which): its buses "
          "are heat buses, with a heat price, a heat supply mix and a green share of heat in the "
          "results. A PyPSA import marks carriers whose name contains \"heat\" or \"steam\".",
          ""},
};

constexpr std::array kBuses{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Bus name (a node of one carrier).",
          "name"},
    Field{"carrier", K::kCarrier, "", "\"electricity\"", 0.0, R::kAny, "Energy carrier at the bus.",
          "carrier"},
};

constexpr std::array kGenerators{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Unique generator name.", "name"},
    Field{"bus", K::kBus, "", "required", 0.0, R::kAny, "Bus it feeds.", "bus"},
    Field{"carrier", K::kCarrier, "", "required", 0.0, R::kAny,
          "Primary energy carrier (its CO2 and renewable flag apply).", "carrier"},
    PARKGRID_CAPACITY_FIELDS("capacity_mw", "MW", "capacity", "p_nom"),
    Field{"capex_cny_per_mw", K::kNumber, "CNY/MW", "0", 0.0, R::kNonNegative,
          "Overnight capital cost of new capacity, annualised with the discount rate and lifetime.",
          "capital_cost"},
    Field{"lifetime_years", K::kNumber, "yr", "25", 25.0, R::kPositive,
          "Economic lifetime for the annuity.", "lifetime"},
    Field{"fixed_om_cny_per_mw_year", K::kNumber, "CNY/(MW·yr)", "0", 0.0, R::kNonNegative,
          "Fixed operation and maintenance cost per MW of capacity and year.", "capital_cost"},
    Field{"dc_ac_ratio", K::kNumber, "MW DC/MW AC", "1", 1.0, R::kPositive,
          "Capacity basis of PV: MW DC (module peak power) per MW AC (inverter rating). "
          "capacity_mw, capex_cny_per_mw and fixed_om_cny_per_mw_year are per MW AC, and "
          "availability_pu is a share of AC capacity computed at this ratio (parkgrid weather "
          "--dc-ac-ratio). Required with a cost per MW DC.",
          ""},
    Field{"capex_cny_per_mw_dc", K::kNumber, "CNY/MW DC", "none", 0.0, R::kNonNegative,
          "Capital cost per MW DC (per Wp of modules, as PV prices are quoted), instead of "
          "capex_cny_per_mw: converted to per MW AC as capex_cny_per_mw_dc x dc_ac_ratio. "
          "Giving both, or this without dc_ac_ratio, is refused as ambiguous.",
          ""},
    Field{"fixed_om_cny_per_mw_dc_year", K::kNumber, "CNY/(MW DC·yr)", "none", 0.0, R::kNonNegative,
          "Fixed O&M per MW DC and year, instead of fixed_om_cny_per_mw_year: converted with "
          "dc_ac_ratio as capex_cny_per_mw_dc.",
          ""},
    Field{"marginal_cost_cny_per_mwh", K::kSeries, "CNY/MWh", "0", 0.0, R::kAny,
          "Variable cost per MWh generated (fuel, variable O&M).", "marginal_cost"},
    Field{"efficiency", K::kNumber, "", "1", 1.0, R::kPositive,
          "MWh of output per MWh of primary energy (CO2 = carrier CO2 / efficiency).",
          "efficiency"},
    Field{"min_pu", K::kSeries, "", "0", 0.0, R::kFraction,
          "Minimum output as a share of capacity in each snapshot (must-run).", "p_min_pu"},
    Field{"availability_pu", K::kSeries, "", "1", 1.0, R::kFraction,
          "Maximum output as a share of capacity (capacity factor for wind and PV).", "p_max_pu"},
    Field{"supplied_via", K::kText, "", "\"\"", 0.0, R::kAny,
          "Name of the grid connection this generator's energy arrives through (a plant outside "
          "the park selling to it, e.g. under generation linkage): its output then counts in "
          "that connection's import limit and monthly peak.",
          ""},
    // Unit commitment (docs/formulation.md, "Unit commitment"): a generator with unit_size_mw > 0
    // is a cluster of capacity_mw / unit_size_mw identical units.
    Field{"unit_size_mw", K::kNumber, "MW", "0", 0.0, R::kNonNegative,
          "Size of one unit. > 0: the generator is committable, a cluster of capacity_mw / "
          "unit_size_mw identical units with an online count per snapshot (integer or relaxed, "
          "[unit_commitment] mode); 0: dispatched continuously from 0.",
          "committable"},
    Field{"min_stable_pu", K::kNumber, "", "0", 0.0, R::kFraction,
          "Minimum stable output of a unit online, as a share of unit_size_mw (committable "
          "only).",
          "p_min_pu"},
    Field{"start_up_cost_cny", K::kNumber, "CNY", "0", 0.0, R::kNonNegative,
          "Cost of one unit start (committable only).", "start_up_cost"},
    Field{"shut_down_cost_cny", K::kNumber, "CNY", "0", 0.0, R::kNonNegative,
          "Cost of one unit shut-down (committable only).", "shut_down_cost"},
    Field{"min_up_time_h", K::kNumber, "h", "0", 0.0, R::kNonNegative,
          "A unit started stays online at least this long (committable only; whole snapshots).",
          "min_up_time"},
    Field{"min_down_time_h", K::kNumber, "h", "0", 0.0, R::kNonNegative,
          "A unit shut down stays offline at least this long (committable only; whole "
          "snapshots).",
          "min_down_time"},
    Field{"ramp_up_pu", K::kNumber, "1/step", "inf", inf, R::kNonNegativeOrInf,
          "Largest rise of output from one snapshot to the next per unit online, as a share of "
          "unit_size_mw (committable only; inf: no limit).",
          "ramp_limit_up"},
    Field{"ramp_down_pu", K::kNumber, "1/step", "inf", inf, R::kNonNegativeOrInf,
          "Largest fall of output from one snapshot to the next per unit online, as a share of "
          "unit_size_mw (committable only; inf: no limit).",
          "ramp_limit_down"},
    Field{"ramp_start_up_pu", K::kNumber, "", "1", 1.0, R::kFraction,
          "Largest output of a unit in the snapshot it starts, as a share of unit_size_mw (at "
          "least min_stable_pu is always allowed; committable only).",
          "ramp_limit_start_up"},
    Field{"ramp_shut_down_pu", K::kNumber, "", "1", 1.0, R::kFraction,
          "Largest output of a unit in the snapshot before it shuts down, as a share of "
          "unit_size_mw (at least min_stable_pu is always allowed; committable only).",
          "ramp_limit_shut_down"},
    Field{"up_time_before_h", K::kNumber, "h", "1", 1.0, R::kNonNegative,
          "Hours the units had been online before the first snapshot (PyPSA's meaning; not used "
          "on typical days, where commitment wraps within each day).",
          "up_time_before"},
    Field{"down_time_before_h", K::kNumber, "h", "0", 0.0, R::kNonNegative,
          "Hours the units had been offline before the first snapshot; > 0 means they start "
          "offline (PyPSA's meaning).",
          "down_time_before"},
    Field{"min_stable_efficiency", K::kNumber, "", "0", 0.0, R::kFraction,
          "Efficiency at minimum stable load (part-load heat rate: fuel, cost and CO2 per MWh "
          "rise as output falls toward min_stable_pu, linearly in fuel); 0: the full-load "
          "efficiency at every load (committable only).",
          ""},
    // Flexibility retrofit (docs/formulation.md, "Flexibility retrofit"): a decision of the
    // optimisation, per unit of the cluster.
    Field{
        "retrofit_min_stable_pu", K::kNumber, "", "none", 0.0, R::kFraction,
        "Minimum stable output of a unit after a flexibility retrofit (灵活性改造), as a share of "
        "unit_size_mw, at most min_stable_pu (equal: the option changes nothing and is never "
        "chosen). Given: the optimisation chooses how many of the "
        "units to retrofit (whole units in integer mode) at retrofit_capex_cny_per_kw; absent: "
        "no retrofit option (committable only).",
        ""},
    Field{"retrofit_capex_cny_per_kw", K::kNumber, "CNY/kW", "0", 0.0, R::kNonNegative,
          "Investment of the flexibility retrofit per kW of unit size, annualised over "
          "retrofit_lifetime_years at the discount rate (needs retrofit_min_stable_pu).",
          ""},
    Field{"retrofit_lifetime_years", K::kNumber, "yr", "15", 15.0, R::kPositive,
          "Economic life of the flexibility retrofit, over which its capex is annualised (needs "
          "retrofit_min_stable_pu).",
          ""},
    // Extraction-condensing CHP (docs/formulation.md, "Heat"): oemof-solph's
    // ExtractionTurbineCHP with the fuel counted in MWh of condensing electricity.
    Field{"heat_bus", K::kBus, "", "\"\"", 0.0, R::kAny,
          "Extraction-condensing CHP: the heat bus its extracted heat h feeds. The electric output "
          "p and h then lie in the region p + power_loss_ratio h <= available capacity (the "
          "iso-fuel line; with unit commitment: of the units online) and p >= back_pressure_ratio "
          "h + min_condensing_pu x capacity; fuel cost and CO2 are those of p + power_loss_ratio "
          "h. Empty: no heat.",
          ""},
    Field{"power_loss_ratio", K::kNumber, "MWh_el/MWh_th", "0.2", 0.2, R::kNonNegative,
          "Extraction CHP: electricity lost per MWh of heat extracted at constant fuel (beta; "
          "oemof's (eta_el,cond - eta_el,bp) / eta_th,bp). Needs heat_bus.",
          ""},
    Field{"back_pressure_ratio", K::kNumber, "MWh_el/MWh_th", "0.5", 0.5, R::kPositive,
          "Extraction CHP: the least electricity per MWh of heat (c_m, the back-pressure line "
          "p >= c_m h; oemof's eta_el,bp / eta_th,bp, PyPSA-Eur's c_b). Needs heat_bus.",
          ""},
    Field{"min_condensing_pu", K::kNumber, "", "0", 0.0, R::kFraction,
          "Extraction CHP: the least condensing power, a share of the available capacity (of the "
          "units online under unit commitment): the minimum steam flow the condenser needs moves "
          "the back-pressure line up to p >= back_pressure_ratio h + min_condensing_pu x "
          "capacity. Needs heat_bus.",
          ""},
};

constexpr std::array kLoads{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Unique load name.", "name"},
    Field{"bus", K::kBus, "", "required", 0.0, R::kAny, "Bus it draws from.", "bus"},
    Field{"demand_mw", K::kSeries, "MW", "required", 0.0, R::kNonNegative,
          "Power drawn in each snapshot.", "p_set"},
};

constexpr std::array kProjects{
    Field{"name", K::kText, "", "required", 0.0, R::kAny,
          "Unique project name; its load appears under this name among the loads.", "name"},
    Field{"name_zh", K::kText, "", "\"\"", 0.0, R::kAny, "Name in Chinese, for reports.", ""},
    Field{"bus", K::kBus, "", "required", 0.0, R::kAny,
          "Bus its load draws from (electricity, hydrogen, heat).", "bus"},
    Field{"demand_mw", K::kSeries, "MW", "required", 0.0, R::kNonNegative,
          "Power drawn in each snapshot at full output; the model uses it times the ramp-up "
          "share of the year.",
          "p_set"},
    Field{"stage", K::kText, "", "\"planned\"", 0.0, R::kAny,
          "Pipeline stage: \"in_production\", \"under_construction\", \"signed\" or "
          "\"planned\" (the seeds' 三个一批: 投产一批, 开工一批, 签约一批).",
          ""},
    Field{"start_year", K::kInteger, "yr", "required", 0.0, R::kPositive,
          "First year of production.", ""},
    Field{"ramp_up", K::kNumberList, "", "[]", 0.0, R::kFraction,
          "Share of full output in start_year, start_year + 1, ...; 1 after the last entry "
          "(empty: full output from start_year).",
          ""},
    Field{"source", K::kText, "", "\"\"", 0.0, R::kAny,
          "Where the figures come from (e.g. a key of the case's SOURCES.md).", ""},
};

constexpr std::array kStorageUnits{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Unique storage unit name.", "name"},
    Field{"bus", K::kBus, "", "required", 0.0, R::kAny, "Bus it charges from and discharges to.",
          "bus"},
    Field{"carrier", K::kCarrier, "", "\"\"", 0.0, R::kAny, "Technology label (e.g. battery).",
          "carrier"},
    PARKGRID_CAPACITY_FIELDS("power_mw", "MW", "charge and discharge power", "p_nom"),
    Field{"capex_cny_per_mw", K::kNumber, "CNY/MW", "0", 0.0, R::kNonNegative,
          "Overnight capital cost per MW of power (with max_hours > 0: of the whole unit).",
          "capital_cost"},
    Field{"lifetime_years", K::kNumber, "yr", "15", 15.0, R::kPositive,
          "Economic lifetime for the annuity (power and energy).", "lifetime"},
    Field{"fixed_om_cny_per_mw_year", K::kNumber, "CNY/(MW·yr)", "0", 0.0, R::kNonNegative,
          "Fixed O&M per MW of power and year.", "capital_cost"},
    Field{"max_hours", K::kNumber, "h", "0", 0.0, R::kNonNegative,
          "Energy capacity as hours at full power (energy = max_hours x power_mw). 0: the "
          "energy capacity is its own (energy_mwh and the energy_ fields).",
          "max_hours"},
    Field{"energy_mwh", K::kNumber, "MWh", "0", 0.0, R::kNonNegative,
          "Existing (or fixed) energy capacity when max_hours = 0.", ""},
    Field{"energy_extendable", K::kBool, "", "false", 0.0, R::kAny,
          "Let the optimisation choose the energy capacity (max_hours = 0).", ""},
    Field{"min_energy_mwh", K::kNumber, "MWh", "0", 0.0, R::kNonNegative,
          "Lower bound of the optimal energy capacity.", ""},
    Field{"max_energy_mwh", K::kNumber, "MWh", "inf", inf, R::kNonNegativeOrInf,
          "Upper bound of the optimal energy capacity.", ""},
    Field{"capex_cny_per_mwh", K::kNumber, "CNY/MWh", "0", 0.0, R::kNonNegative,
          "Overnight capital cost per MWh of energy capacity (max_hours = 0).", ""},
    Field{"fixed_om_cny_per_mwh_year", K::kNumber, "CNY/(MWh·yr)", "0", 0.0, R::kNonNegative,
          "Fixed O&M per MWh of energy capacity and year (max_hours = 0).", ""},
    Field{"efficiency_charge", K::kNumber, "", "1", 1.0, R::kPositive,
          "Share of the charging energy that is stored (<= 1).", "efficiency_store"},
    Field{"efficiency_discharge", K::kNumber, "", "1", 1.0, R::kPositive,
          "Share of the stored energy that reaches the bus (<= 1).", "efficiency_dispatch"},
    Field{"standing_loss_per_hour", K::kNumber, "1/h", "0", 0.0, R::kOpenFraction,
          "Share of the state of charge lost per hour.", "standing_loss"},
    Field{"cyclic", K::kBool, "", "true", 1.0, R::kAny,
          "State of charge at the end equals that at the start (else: starts at initial_soc_mwh).",
          "cyclic_state_of_charge"},
    Field{"initial_soc_mwh", K::kNumber, "MWh", "0", 0.0, R::kNonNegative,
          "State of charge before the first snapshot when not cyclic.", "state_of_charge_initial"},
    Field{"long_duration", K::kBool, "", "max_hours = 0 or >= 24", 0.0, R::kAny,
          "On typical days with typical_day_storage = \"linked\": carry the state of charge "
          "between calendar days (Kotzur linking, docs/formulation.md#storage-linking); false: "
          "cycle within each representative day. Default: true for a unit that holds at least "
          "24 h of its power or has its own energy capacity, false for shorter ones (batteries).",
          ""},
    Field{"marginal_cost_cny_per_mwh", K::kNumber, "CNY/MWh", "0", 0.0, R::kAny,
          "Cost per MWh discharged (degradation).", "marginal_cost"},
};

constexpr std::array kStores{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Unique store name.", "name"},
    Field{"bus", K::kBus, "", "required", 0.0, R::kAny, "Bus it exchanges energy with.", "bus"},
    Field{"carrier", K::kCarrier, "", "\"\"", 0.0, R::kAny, "Stored carrier (e.g. hydrogen).",
          "carrier"},
    PARKGRID_CAPACITY_FIELDS("energy_mwh", "MWh", "energy capacity", "e_nom"),
    Field{"capex_cny_per_mwh", K::kNumber, "CNY/MWh", "0", 0.0, R::kNonNegative,
          "Overnight capital cost per MWh of energy capacity.", "capital_cost"},
    Field{"lifetime_years", K::kNumber, "yr", "20", 20.0, R::kPositive, "Economic lifetime.",
          "lifetime"},
    Field{"fixed_om_cny_per_mwh_year", K::kNumber, "CNY/(MWh·yr)", "0", 0.0, R::kNonNegative,
          "Fixed O&M per MWh of capacity and year.", "capital_cost"},
    Field{"standing_loss_per_hour", K::kNumber, "1/h", "0", 0.0, R::kOpenFraction,
          "Share of the stored energy lost per hour.", "standing_loss"},
    Field{"cyclic", K::kBool, "", "true", 1.0, R::kAny,
          "Energy at the end equals that at the start (else: starts at initial_energy_mwh).",
          "e_cyclic"},
    Field{"initial_energy_mwh", K::kNumber, "MWh", "0", 0.0, R::kNonNegative,
          "Stored energy before the first snapshot when not cyclic.", "e_initial"},
    Field{"long_duration", K::kBool, "", "true", 1.0, R::kAny,
          "On typical days with typical_day_storage = \"linked\": carry the stored energy "
          "between calendar days (Kotzur linking, docs/formulation.md#storage-linking); false: "
          "cycle within each representative day.",
          ""},
    Field{"marginal_cost_cny_per_mwh", K::kNumber, "CNY/MWh", "0", 0.0, R::kAny,
          "Cost per MWh withdrawn (a revenue when filled), as in PyPSA.", "marginal_cost"},
};

constexpr std::array kLinks{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Unique link name.", "name"},
    Field{"from_bus", K::kBus, "", "required", 0.0, R::kAny, "Input bus (e.g. electricity).",
          "bus0"},
    Field{"to_bus", K::kBus, "", "required", 0.0, R::kAny, "Output bus (e.g. hydrogen).", "bus1"},
    Field{"carrier", K::kCarrier, "", "\"\"", 0.0, R::kAny, "Technology label (e.g. electrolysis).",
          "carrier"},
    PARKGRID_CAPACITY_FIELDS("capacity_mw", "MW", "input capacity", "p_nom"),
    Field{"capex_cny_per_mw", K::kNumber, "CNY/MW", "0", 0.0, R::kNonNegative,
          "Overnight capital cost per MW of input capacity.", "capital_cost"},
    Field{"lifetime_years", K::kNumber, "yr", "20", 20.0, R::kPositive, "Economic lifetime.",
          "lifetime"},
    Field{"fixed_om_cny_per_mw_year", K::kNumber, "CNY/(MW·yr)", "0", 0.0, R::kNonNegative,
          "Fixed O&M per MW of input capacity and year.", "capital_cost"},
    Field{"efficiency", K::kSeries, "", "1", 1.0, R::kPositive,
          "MWh delivered at to_bus per MWh taken from from_bus (a heat pump's COP).", "efficiency"},
    Field{"to_bus2", K::kBus, "", "\"\"", 0.0, R::kAny,
          "Second output bus (e.g. the heat of a back-pressure CHP); empty: none.", "bus2"},
    Field{"efficiency2", K::kSeries, "", "1", 1.0, R::kAny,
          "MWh delivered at to_bus2 per MWh of input (negative: taken from to_bus2).",
          "efficiency2"},
    Field{"to_bus3", K::kBus, "", "\"\"", 0.0, R::kAny, "Third output bus; empty: none.", "bus3"},
    Field{"efficiency3", K::kSeries, "", "1", 1.0, R::kAny,
          "MWh delivered at to_bus3 per MWh of input (negative: taken from to_bus3).",
          "efficiency3"},
    Field{"cop_model", K::kText, "", "\"\"", 0.0, R::kAny,
          "Heat pump: \"air_source\" or \"ground_source\" computes efficiency (the COP) per "
          "snapshot from the temperature lift dT = sink_temperature_c - source_temperature_c "
          "with Staffell et al. (2012)'s fits, as PyPSA-Eur: air 6.81 - 0.121 dT + 0.000630 "
          "dT^2, ground 8.77 - 0.150 dT + 0.000734 dT^2. Empty: efficiency as given.",
          ""},
    Field{"source_temperature_c", K::kSeries, "°C", "0", 0.0, R::kAny,
          "Heat pump: source temperature per snapshot (air: the weather file's dry-bulb "
          "temperature, e.g. a CSV column; ground: the soil). Needs cop_model.",
          ""},
    Field{"sink_temperature_c", K::kNumber, "°C", "55", 55.0, R::kAny,
          "Heat pump: supply temperature of the heat delivered. Needs cop_model.", ""},
    Field{"min_pu", K::kSeries, "", "0", 0.0, R::kSignedFraction,
          "Minimum input as a share of capacity; below 0 the link also runs backwards (every "
          "flow reversed, as PyPSA's p_min_pu = -1 for a line modelled as a link).",
          "p_min_pu"},
    Field{"max_pu", K::kSeries, "", "1", 1.0, R::kFraction, "Maximum input as a share of capacity.",
          "p_max_pu"},
    Field{"marginal_cost_cny_per_mwh", K::kNumber, "CNY/MWh", "0", 0.0, R::kAny,
          "Cost per MWh of input.", "marginal_cost"},
};

constexpr std::array kGrid{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Unique connection name.", ""},
    Field{"bus", K::kBus, "", "required", 0.0, R::kAny, "Park bus at the point of connection.", ""},
    Field{"import_max_mw", K::kNumber, "MW", "inf", inf, R::kNonNegativeOrInf,
          "Largest import (transformer or contracted capacity).", ""},
    Field{"export_max_mw", K::kNumber, "MW", "0", 0.0, R::kNonNegativeOrInf,
          "Largest export to the public grid (0: no reverse flow).", ""},
    Field{"buy_price_cny_per_mwh", K::kSeries, "CNY/MWh", "from tariff_files", 0.0, R::kAny,
          "Price of imported energy in each snapshot (energy, T&D, funds: all per-MWh parts). "
          "Required unless tariff_files is given.",
          ""},
    Field{"tariff_files", K::kTextList, "", "[]", 0.0, R::kAny,
          "Tariff files (docs/tariffs.md), paths relative to the scenario, each in force from "
          "its valid_from: every snapshot is priced by the file in force on its date, at "
          "tariff_voltage (the per-MWh total); `parkgrid plan` re-dates the snapshots to each "
          "plan year. Instead of buy_price_cny_per_mwh.",
          ""},
    Field{"tariff_voltage", K::kText, "", "\"\"", 0.0, R::kAny,
          "Voltage level of the tariff files at which the connection buys, e.g. \"220kv\" "
          "(required with tariff_files).",
          ""},
    Field{"sell_price_cny_per_mwh", K::kSeries, "CNY/MWh", "0", 0.0, R::kAny,
          "Price received for exported energy in each snapshot (a market price series, e.g. "
          "spot prices by month and hour).",
          ""},
    Field{"mechanism_price_cny_per_mwh", K::kNumber, "CNY/MWh", "0", 0.0, R::kAny,
          "发改价格〔2025〕136号 mechanism price (机制电价) of the contract for difference on "
          "mechanism_share of the exported energy.",
          ""},
    Field{"mechanism_share", K::kNumber, "", "0", 0.0, R::kFraction,
          "Share of the exported energy settled at the mechanism price: each exported MWh also "
          "earns mechanism_share x (mechanism_price - mechanism_reference_price).",
          ""},
    Field{"mechanism_reference_price_cny_per_mwh", K::kSeries, "CNY/MWh",
          "monthly mean of sell_price", 0.0, R::kAny,
          "Market reference price of the mechanism settlement (市场交易均价) in each snapshot; "
          "default: the mean of sell_price_cny_per_mwh over the snapshot's calendar month.",
          ""},
    Field{"market_price_cny_per_mwh", K::kSeries, "CNY/MWh", "sell_price_cny_per_mwh", 0.0, R::kAny,
          "The energy market's price at the connection in each snapshot: what path 3 (and the "
          "integration arrangement) pays for the energy it imports, and is paid for what it "
          "exports, with [paths] integration_energy_price = \"market\" "
          "(docs/tariffs.md#market-purchases).",
          ""},
    Field{"demand_charge_cny_per_kw_month", K::kNumber, "CNY/(kW·month)", "0", 0.0, R::kNonNegative,
          "Two-part tariff: charge on the highest import of each calendar month.", ""},
    Field{"co2_t_per_mwh", K::kNumber, "tCO2/MWh", "0", 0.0, R::kNonNegative,
          "Emission factor of imported electricity.", ""},
    Field{"delivery_charge_cny_per_mwh", K::kSeries, "CNY/MWh", "0", 0.0, R::kAny,
          "Charge per MWh on the output of generators supplied through this connection "
          "(supplied_via): the network charges of energy crossing the public grid. Added to "
          "their electricity, not to the heat they extract nor scaled by a part-load heat rate; "
          "the linkage arrangement sets it from the tariff in force.",
          ""},
};

constexpr std::array kPolicy{
    Field{"co2_cap_t", K::kNumber, "tCO2", "inf", inf, R::kNonNegativeOrInf,
          "Cap on the CO2 of generators and grid imports over the snapshots.", "GlobalConstraint"},
    Field{"min_green_share", K::kNumber, "", "0", 0.0, R::kFraction,
          "Minimum renewable share of the park's net electricity supply (see docs/formulation.md).",
          ""},
    Field{"no_reverse_flow", K::kBool, "", "false", 0.0, R::kAny,
          "Forbid any export to the public grid (export_max_mw = 0 everywhere).", ""},
    Field{"carbon_price_cny_per_t", K::kNumber, "CNY/tCO2", "0", 0.0, R::kNonNegative,
          "Price paid per tonne of CO2 (generators and imports).", ""},
    Field{"min_self_consumption_share", K::kNumber, "", "0", 0.0, R::kFraction,
          "Minimum share of the available renewable generation (before curtailment) used inside "
          "the park, i.e. not exported (发改价格〔2025〕1192号: 60%).",
          ""},
    Field{"hydrogen_hourly_matching", K::kBool, "", "false", 0.0, R::kAny,
          "Every hour, the electricity of the electrolysers (links from an electric bus to a "
          "hydrogen bus) is at most the on-site renewable output not exported (renewable "
          "hydrogen, T/CAB 0078-2020).",
          ""},
};

constexpr std::array kPaths{
    Field{"tariff", K::kText, "", "required", 0.0, R::kAny,
          "Tariff file (TOML, see docs/tariffs.md), relative to the scenario file.", ""},
    Field{"grid_connection", K::kText, "", "\"\"", 0.0, R::kAny,
          "The grid connection the tariff applies to (default: the only one).", ""},
    Field{"user_voltage", K::kText, "", "required", 0.0, R::kAny,
          "Voltage level at which the park's enterprises buy today (baseline), e.g. \"1-10kv\".",
          ""},
    Field{"connection_voltage", K::kText, "", "required", 0.0, R::kAny,
          "Voltage level of the park's own connection to the public grid (path 2), e.g. \"220kv\".",
          ""},
    Field{"distribution_capex_cny", K::kNumber, "CNY", "0", 0.0, R::kNonNegative,
          "Path 2: overnight cost of the park's own distribution network.", ""},
    Field{"distribution_lifetime_years", K::kNumber, "yr", "30", 30.0, R::kPositive,
          "Path 2: economic lifetime of the distribution network.", ""},
    Field{"distribution_om_cny_per_year", K::kNumber, "CNY/yr", "0", 0.0, R::kNonNegative,
          "Path 2: operation and maintenance of the distribution network.", ""},
    Field{"linkage_generators", K::kTextList, "", "[]", 0.0, R::kAny,
          "Path 1: the coal units that supply the park under generation linkage.", ""},
    Field{"coal_price_cny_per_tce", K::kNumber, "CNY/tce", "required", 0.0, R::kNonNegative,
          "Path 1: coal price per tonne of standard coal; the linked energy price follows it.", ""},
    Field{"linkage_margin_cny_per_mwh", K::kNumber, "CNY/MWh", "0", 0.0, R::kAny,
          "Path 1: linked price = coal price x heat rate (3.6/29.3076 = 0.1228 tce/MWh / "
          "efficiency) + margin.",
          ""},
    Field{"linkage_full_load_hours", K::kNumber, "h", "0", 0.0, R::kNonNegative,
          "Path 1 and the linkage arrangement: the linkage plants' yearly output at most this "
          "many full-load hours of their capacity (design output), a group constraint "
          "\"linkage_energy_cap\" on their energy_mwh; 0: no cap.",
          ""},
    Field{"linkage_shape", K::kText, "", "\"free\"", 0.0, R::kAny,
          "Path 1 and the linkage arrangement: the shape of the linkage contract. \"free\": the "
          "park takes the linked energy in the hours it chooses; \"flat\": a 24-hour block, the "
          "linkage plants' combined output the same in every snapshot of a calendar day; "
          "\"profile\": their combined output in each hour of a day in proportion to "
          "linkage_profile (rows \"linkage_block\").",
          ""},
    Field{"linkage_profile", K::kNumberList, "", "[]", 0.0, R::kNonNegative,
          "With linkage_shape = \"profile\": the contract curve, 24 shares by hour of day "
          "(00:00 to 23:00, any scale, at least one above 0; an hour at 0 takes no linked "
          "energy).",
          ""},
    Field{"onsite_generators", K::kTextList, "", "[]", 0.0, R::kAny,
          "Path 3: on-site wind and PV (usually extendable candidates).", ""},
    Field{"onsite_storage", K::kTextList, "", "[]", 0.0, R::kAny, "Path 3: on-site storage units.",
          ""},
    Field{"min_green_share", K::kNumber, "", "0.3", 0.3, R::kFraction,
          "Path 3: minimum green share of the park's electricity (1192号: 30%).", ""},
    Field{"min_self_consumption_share", K::kNumber, "", "0.6", 0.6, R::kFraction,
          "Path 3: minimum share of available renewable generation used in the park (1192号: 60%).",
          ""},
    Field{"export_max_mw", K::kNumber, "MW", "0", 0.0, R::kNonNegativeOrInf,
          "Path 3: export cap to the public grid (0: no reverse flow).", ""},
    Field{"tnd_load_factor", K::kNumber, "", "0.6", 0.6, R::kPositive,
          "Path 3: load factor converting the T&D energy charge into a charge per kW of "
          "connection capacity (1192号 uses the local average industrial load factor).",
          ""},
    Field{"funds_on_self_consumption", K::kBool, "", "false", 0.0, R::kAny,
          "Whether government funds are also paid on self-consumed on-site energy.", ""},
    Field{"integration_energy_price", K::kText, "", "\"tariff\"", 0.0, R::kAny,
          "Path 3 and the integration arrangement: the energy price of imports. \"tariff\": the "
          "tariff's energy price with its time of use; \"market\": the market price of each "
          "snapshot, the grid connection's market_price_cny_per_mwh (1192号: the project takes "
          "part in the market as a whole), which path 3's exports are then paid too.",
          ""},
    Field{"arrangement", K::kText, "", "\"captive\"", 0.0, R::kAny,
          "Supply arrangement under which `parkgrid run` and `parkgrid plan` price the park: "
          "\"captive\" (the scenario as written), \"grid\" (linkage plants not available), "
          "\"linkage\" (path 1: linked price plus the network charges of the tariff in force), "
          "\"integration\" (path 3 under 1192号). `parkgrid paths` compares all of them "
          "(docs/tariffs.md#supply-arrangements).",
          ""},
};

constexpr std::array kPlanning{
    Field{"years", K::kNumberList, "yr", "required", 0.0, R::kPositive,
          "Investment periods, as their first years in increasing order (e.g. [2025, 2026, "
          "2027]); each period's operation is modelled on its first year and stands for the "
          "years up to the next period.",
          ""},
    Field{"last_period_years", K::kNumber, "yr", "1", 1.0, R::kPositive,
          "Years the last period stands for (the horizon ends after them).", ""},
    Field{"base_year", K::kInteger, "yr", "first of years", 0.0, R::kPositive,
          "Year to which every cost is discounted (at [scenario] discount_rate).", ""},
    Field{"foresight", K::kText, "", "\"perfect\"", 0.0, R::kAny,
          "\"perfect\": one optimisation over all periods; \"myopic\": period by period, each "
          "seeing only its own years, what was built before standing as sunk capacity.",
          ""},
    Field{"typical_days", K::kInteger, "d", "0", 0.0, R::kNonNegative,
          "0: every period is modelled on the full snapshots; N > 0: on N typical days chosen "
          "by k-medoids clustering, each weighted by the days it stands for (hourly snapshots "
          "of whole days only).",
          ""},
    Field{"extreme_days", K::kText, "", "\"none\"", 0.0, R::kAny,
          "With typical days (here, or --typical-days of run, paths and plan): \"per-month\" "
          "adds, for every month, the day of least renewable energy and the day of highest net "
          "load as days of their own (weight 1 day, taken from the day that represented them; "
          "up to 24 more days in a year); \"none\": the typical days only.",
          ""},
    Field{"typical_day_storage", K::kText, "", "\"linked\"", 0.0, R::kAny,
          "With typical days: \"linked\" links every store and long-duration storage unit "
          "(long_duration) through the calendar days (a state at the start of each day plus "
          "each typical day's deviation, Kotzur et al. 2018), so storage can move energy "
          "between days and seasons, and shorter storage cycles within each typical day; "
          "\"daily\": a cyclic one cycles within each typical day and a non-cyclic one runs "
          "from one typical day into the next (the rule before issue 20).",
          ""},
    Field{"typical_day_commitment", K::kText, "", "\"linked\"", 0.0, R::kAny,
          "With typical days: \"linked\" carries the units online of committable generators "
          "from each calendar day into the next (one transition per pair of representative "
          "days that follow one another, its starts and shut-downs paid as often as the "
          "calendar makes it), so a season that needs more units online than the next pays "
          "for starting them; \"daily\": the commitment wraps within each typical day, no "
          "start is paid between days (a smaller, faster LP; the rule before 2026-12-08).",
          ""},
    Field{"min_green_share", K::kNumberList, "", "[policy] value", 0.0, R::kFraction,
          "Minimum green share per period (one value per year of `years`).", ""},
    Field{"co2_cap_t", K::kNumberList, "tCO2", "[policy] value", 0.0, R::kNonNegativeOrInf,
          "CO2 cap per period, per year of the period (one value per year of `years`).", ""},
    Field{"capacity_share_goal", K::kNumber, "", "0.5", 0.5, R::kFraction,
          "A goal that is reported, not imposed: the first period in which new energy reaches "
          "this share of the generating capacity (the seeds' 新能源和清洁能源装机占比 50% by "
          "2025).",
          ""},
};

constexpr std::array kUnitCommitment{
    Field{"mode", K::kText, "", "\"linear\"", 0.0, R::kAny,
          "How committable generators (unit_size_mw > 0) are modelled: \"integer\" (whole "
          "units online: a MIP, solved to the CLI's --mip-gap), \"linear\" (the online count "
          "relaxed to a real number: an LP, the tight clustered relaxation) or \"off\" "
          "(committable fields ignored: dispatched continuously). `--uc` overrides it.",
          ""},
};

constexpr std::array kGroupConstraints{
    Field{"name", K::kText, "", "required", 0.0, R::kAny, "Unique name, used in the results.", ""},
    Field{"quantity", K::kText, "", "required", 0.0, R::kAny,
          "What is summed: \"capacity_mw\" (generators, storage units' power, links), "
          "\"energy_mwh\" (generator output, storage discharge, link input, grid imports, load "
          "demand), \"available_energy_mwh\" (generators, before curtailment), \"export_mwh\" "
          "(grid connections) or \"co2_t\" (generators, grid imports); weighted by the "
          "snapshots' hours.",
          ""},
    Field{"components", K::kTextList, "", "[]", 0.0, R::kAny,
          "Names of the components summed (generators, storage units, links, grid connections, "
          "loads).",
          ""},
    Field{"carriers", K::kTextList, "", "[]", 0.0, R::kAny,
          "Carriers whose generators are summed too (e.g. [\"solar\", \"wind\"]).", ""},
    Field{"sense", K::kText, "", "required", 0.0, R::kAny, "\"<=\", \">=\" or \"==\".", ""},
    Field{"value", K::kNumber, "quantity's unit", "none", 0.0, R::kAny,
          "The bound, in the quantity's unit (MW, MWh or t); give value or share.", ""},
    Field{"share", K::kNumber, "", "none", 0.0, R::kNonNegative,
          "Instead of value: the sum is bounded by share x the sum of of_quantity over "
          "of_components and of_carriers.",
          ""},
    Field{"of_quantity", K::kText, "", "= quantity", 0.0, R::kAny,
          "The quantity of the second sum (default: the same as quantity).", ""},
    Field{"of_components", K::kTextList, "", "[]", 0.0, R::kAny, "Components of the second sum.",
          ""},
    Field{"of_carriers", K::kTextList, "", "[]", 0.0, R::kAny,
          "Carriers whose generators are in the second sum.", ""},
    Field{"source", K::kText, "", "\"\"", 0.0, R::kAny,
          "Where the rule comes from (a document, a source ID).", ""},
};

constexpr std::array kRetirements{
    Field{"component", K::kText, "", "required", 0.0, R::kAny,
          "Name of a generator, storage unit, store or link with existing capacity.", ""},
    Field{"year", K::kInteger, "yr", "required", 0.0, R::kPositive,
          "First year in which its existing capacity is out of service (planning only).", ""},
};

#undef PARKGRID_CAPACITY_FIELDS

constexpr std::array kSections{
    Section{"scenario", false, "[scenario]", "What the case is.", kScenario},
    Section{"snapshots", false, "[snapshots]", "The time steps of the year (or part) modelled.",
            kSnapshots},
    Section{"carriers", true, "carrier", "Energy carriers and their CO2.", kCarriers},
    Section{"buses", true, "bus", "Nodes where energy of one carrier balances every snapshot.",
            kBuses},
    Section{"generators", true, "generator", "Wind, PV, coal units and other sources.",
            kGenerators},
    Section{"loads", true, "load", "Fixed demands.", kLoads},
    Section{"projects", true, "project",
            "The park's projects: each brings a load that grows with its ramp-up. A one-year run "
            "uses the share of the year of [snapshots] start; `parkgrid plan` that of each "
            "period.",
            kProjects},
    Section{"storage_units", true, "storage unit",
            "Batteries and other storage with power and "
            "energy.",
            kStorageUnits},
    Section{"stores", true, "store", "Energy-only storage (hydrogen tank, heat tank).", kStores},
    Section{"links", true, "link",
            "Converters from one bus to another (electrolyser, heat pump, "
            "transformer).",
            kLinks},
    Section{"grid_connections", true, "grid connection",
            "Connections to the public grid with prices and limits.", kGrid},
    Section{"policy", false, "[policy]", "Park-wide targets and prices.", kPolicy},
    Section{"paths", false, "[paths]",
            "The three reform paths compared by `parkgrid paths` (docs/tariffs.md).", kPaths},
    Section{"planning", false, "[planning]",
            "Multi-year planning along the project pipeline (`parkgrid plan`, "
            "docs/planning.md).",
            kPlanning},
    Section{"unit_commitment", false, "[unit_commitment]",
            "Unit commitment of committable generators (docs/formulation.md).", kUnitCommitment},
    Section{"retirements", true, "retirement",
            "Existing capacity leaving service during the planning horizon.", kRetirements},
    Section{"group_constraints", true, "group constraint",
            "A sum of capacity, energy, available energy, exports or CO2 over chosen components, "
            "bounded by a number or a share of another sum (docs/formulation.md).",
            kGroupConstraints},
};

}  // namespace

std::span<const Section> sections() {
  return kSections;
}

const Section* find_section(std::string_view name) {
  for (const auto& s : kSections)
    if (s.name == name) return &s;
  return nullptr;
}

const Field* find_field(const Section& section, std::string_view name) {
  for (const auto& f : section.fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNumber: return "number";
    case Kind::kInteger: return "integer";
    case Kind::kBool: return "boolean";
    case Kind::kText: return "text";
    case Kind::kSeries: return "series";
    case Kind::kBus: return "bus name";
    case Kind::kCarrier: return "carrier name";
    case Kind::kDateTime: return "date-time";
    case Kind::kTextList: return "list of names";
    case Kind::kNumberList: return "list of numbers";
  }
  return "?";
}

std::string_view rule_text(Rule rule) {
  switch (rule) {
    case Rule::kAny: return "must be a finite number";
    case Rule::kNonNegative: return "must be a finite number >= 0";
    case Rule::kPositive: return "must be a finite number > 0";
    case Rule::kFraction: return "must be between 0 and 1";
    case Rule::kOpenFraction: return "must be >= 0 and < 1";
    case Rule::kSignedFraction: return "must be between -1 and 1";
    case Rule::kPositiveOrInf: return "must be > 0, or inf for no limit";
    case Rule::kNonNegativeOrInf: return "must be >= 0, or inf for no limit";
  }
  return "";
}

bool satisfies(Rule rule, double v) {
  if (std::isnan(v)) return false;
  const bool finite = std::isfinite(v);
  switch (rule) {
    case Rule::kAny: return finite;
    case Rule::kNonNegative: return finite && v >= 0.0;
    case Rule::kPositive: return finite && v > 0.0;
    case Rule::kFraction: return finite && v >= 0.0 && v <= 1.0;
    case Rule::kOpenFraction: return finite && v >= 0.0 && v < 1.0;
    case Rule::kSignedFraction: return finite && v >= -1.0 && v <= 1.0;
    case Rule::kPositiveOrInf: return v > 0.0;
    case Rule::kNonNegativeOrInf: return v >= 0.0;
  }
  return false;
}

std::string markdown() {
  std::string out;
  for (const auto& s : kSections) {
    out += fmt::format("### `{}{}{}`\n\n{}\n\n", s.array ? "[[" : "[", s.name, s.array ? "]]" : "]",
                       s.description);
    out += "| field | kind | unit | default | rule | meaning | PyPSA |\n";
    out += "|---|---|---|---|---|---|---|\n";
    for (const auto& f : s.fields) {
      const bool numeric = f.kind == Kind::kNumber || f.kind == Kind::kSeries ||
                           f.kind == Kind::kInteger || f.kind == Kind::kNumberList;
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", f.name, kind_name(f.kind),
                         f.unit.empty() ? "–" : f.unit, f.default_text,
                         numeric ? rule_text(f.rule) : "", f.description,
                         f.pypsa.empty() ? "" : fmt::format("`{}`", f.pypsa));
    }
    out += "\n";
  }
  return out;
}

}  // namespace parkgrid::schema
