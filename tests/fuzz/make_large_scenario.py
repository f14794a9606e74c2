#!/usr/bin/env python3
"""A synthetic park at parkgrid's size limit, for measuring memory (docs/reliability.md).

Usage: make_large_scenario.py CELLS [SNAPSHOTS] > big.toml
Each cell is one electricity bus with 19 components: 6 PV (3 extendable), 3 wind (1 extendable),
2 coal, 4 loads, 2 batteries (extendable), 1 grid connection, 1 store-free link to the next cell.
Buses and components x snapshots: 20 x CELLS x SNAPSHOTS (114 cells x 8,760 h = 19.97 million,
just under the limit of 20 million).
"""
import sys

cells = int(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 8760
sun = [0, 0, 0, 0, 0, 0, 0.05, 0.18, 0.36, 0.52, 0.63, 0.68, 0.68, 0.63, 0.52, 0.36, 0.18, 0.05, 0, 0, 0, 0, 0, 0]
wind = [0.4, 0.42, 0.45, 0.43, 0.4, 0.38, 0.33, 0.3, 0.27, 0.25, 0.22, 0.2, 0.2, 0.21, 0.23, 0.25, 0.28, 0.31, 0.35, 0.38, 0.4, 0.41, 0.42, 0.41]
load = [8, 8, 8, 8, 8, 8, 10, 14, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 16, 12, 10, 8, 8]
price = [280] * 8 + [620] * 4 + [500] * 4 + [620] * 2 + [950] * 4 + [620, 280]
daily = lambda xs: "{ daily = [%s] }" % ", ".join(str(x) for x in xs)
out = ['[scenario]\nname = "large"\n[snapshots]\nstart = "2025-01-01T00:00"\ncount = %d' % count]
out += ['[[carriers]]\nname = "electricity"', '[[carriers]]\nname = "solar"\nrenewable = true',
        '[[carriers]]\nname = "wind"\nrenewable = true', '[[carriers]]\nname = "coal"\nco2_t_per_mwh = 0.34']
for c in range(cells):
    b = "bus%d" % c
    out.append('[[buses]]\nname = "%s"\ncarrier = "electricity"' % b)
    for i in range(6):
        ext = "extendable = true\nmax_capacity_mw = 40\ncapex_cny_per_mw = 3.3e6\nlifetime_years = 25\n" if i < 3 else "capacity_mw = 10\n"
        out.append('[[generators]]\nname = "pv%d_%d"\nbus = "%s"\ncarrier = "solar"\n%savailability_pu = %s' % (c, i, b, ext, daily(sun)))
    for i in range(3):
        ext = "extendable = true\nmax_capacity_mw = 50\ncapex_cny_per_mw = 5e6\nlifetime_years = 20\n" if i == 0 else "capacity_mw = 20\n"
        out.append('[[generators]]\nname = "wind%d_%d"\nbus = "%s"\ncarrier = "wind"\n%savailability_pu = %s' % (c, i, b, ext, daily(wind)))
    for i in range(2):
        out.append('[[generators]]\nname = "coal%d_%d"\nbus = "%s"\ncarrier = "coal"\ncapacity_mw = 30\nefficiency = 0.4\nmin_pu = 0.3\nmarginal_cost_cny_per_mwh = %d' % (c, i, b, 300 + 10 * i))
    for i in range(4):
        out.append('[[loads]]\nname = "load%d_%d"\nbus = "%s"\ndemand_mw = %s' % (c, i, b, daily([x * (1 + i / 4) for x in load])))
    for i in range(2):
        out.append('[[storage_units]]\nname = "bat%d_%d"\nbus = "%s"\nextendable = true\nmax_power_mw = 20\nmax_hours = %d\ncapex_cny_per_mw = 1.3e6\nlifetime_years = 15\nefficiency_charge = 0.95\nefficiency_discharge = 0.95' % (c, i, b, 2 + 2 * i))
    out.append('[[grid_connections]]\nname = "grid%d"\nbus = "%s"\nimport_max_mw = 60\nbuy_price_cny_per_mwh = %s\nco2_t_per_mwh = 0.57' % (c, b, daily(price)))
    if c + 1 < cells:
        out.append('[[links]]\nname = "line%d"\nfrom_bus = "%s"\nto_bus = "bus%d"\ncapacity_mw = 30\nefficiency = 0.98' % (c, b, c + 1))
print("\n\n".join(out))
