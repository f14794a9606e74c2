#include "report/report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include "parkgrid/paths.hpp"
#include "parkgrid/results.hpp"
#include "parkgrid/scenario.hpp"
#include "parkgrid/schema.hpp"
#include "report/results.hpp"
#include "report/scenario_notes.hpp"
#include "report/svg.hpp"

namespace parkgrid::report {
namespace fs = std::filesystem;
using svg::escape;

namespace {

constexpr std::size_t kWeek = 168;

std::string num(double v, int decimals = 0) {
  if (!std::isfinite(v)) return "–";
  if (std::abs(v) < 0.5 * std::pow(10.0, -decimals)) v = 0;  // no "-0"
  std::string s = fmt::format("{:.{}f}", std::abs(v), decimals);
  const auto dot = s.find('.');
  std::string head = s.substr(0, dot), tail = dot == std::string::npos ? "" : s.substr(dot);
  std::string grouped;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (i > 0 && (head.size() - i) % 3 == 0) grouped += ',';
    grouped += head[i];
  }
  return (v < 0 ? "-" : "") + grouped + tail;
}

// Four decimals, without "-0.0000".
std::string f4(double v) {
  if (!std::isfinite(v)) return "–";
  return fmt::format("{:.4f}", std::abs(v) < 5e-5 ? 0.0 : v);
}

std::string pct(double share) {
  return std::isfinite(share) ? fmt::format("{:.1f} %", 100 * share) : "–";
}

// A bilingual label: "中文 English".
std::string bi(std::string_view zh, std::string_view en) {
  return fmt::format(R"(<span class="zh">{}</span> <span class="en">{}</span>)", escape(zh),
                     escape(en));
}

struct Html {
  std::string out;
  int section = 0, sub = 0;
  void h2(std::string_view id, std::string_view zh, std::string_view en) {
    if (section > 0) out += "</section>\n";
    ++section;
    sub = 0;
    out += fmt::format("<section id=\"{}\">\n<h2>{} {}</h2>\n", id, section, bi(zh, en));
  }
  void h3(std::string_view id, std::string_view zh, std::string_view en) {
    ++sub;
    out += fmt::format("<h3 id=\"{}\">{}.{} {}</h3>\n", id, section, sub, bi(zh, en));
  }
  void p(std::string_view html) { out += fmt::format("<p>{}</p>\n", html); }
  void figure(const std::string& svg_html, std::string_view zh, std::string_view en) {
    out += fmt::format("<figure>{}<figcaption>{}</figcaption></figure>\n", svg_html, bi(zh, en));
  }
  // A table: header cells are HTML (already bilingual), body cells text (escaped); columns
  // from `text_cols` on are right-aligned numbers.
  void table(const std::vector<std::string>& head,
             const std::vector<std::vector<std::string>>& rows, std::size_t text_cols = 1,
             std::string_view cls = "") {
    out += fmt::format("<table class=\"{}\"><thead><tr>", cls);
    for (const auto& h : head) out += "<th>" + h + "</th>";
    out += "</tr></thead><tbody>\n";
    for (const auto& r : rows) {
      out += "<tr>";
      for (std::size_t i = 0; i < r.size(); ++i)
        out += fmt::format("<td{}>{}</td>", i >= text_cols ? " class=\"n\"" : "", escape(r[i]));
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
};

const char* kCss = R"(
body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;color:#222;max-width:960px;margin:24px auto;padding:0 16px;line-height:1.5}
h1{font-size:24px;border-bottom:3px solid #1565c0;padding-bottom:6px}
h2{font-size:19px;color:#0d47a1;border-bottom:1px solid #bbb;margin-top:32px}
h3{font-size:16px;color:#1565c0;margin-top:22px}
.en{color:#555;font-weight:normal}
table{border-collapse:collapse;margin:8px 0 14px;font-size:13px;width:100%}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#eef3fa;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.notes td:nth-child(5){font-size:12px;color:#444}
figure{margin:10px 0 18px}
figcaption{font-size:13px;color:#444;text-align:center}
svg.chart{max-width:100%;height:auto;display:block;margin:auto}
.meta{color:#555;font-size:13px}
.warn{background:#fff8e1;border-left:4px solid #f9a825;padding:6px 10px}
.kpi{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px;margin:10px 0}
.kpi div{border:1px solid #d0d9e6;border-radius:6px;padding:8px;background:#f7f9fc}
.kpi b{display:block;font-size:20px;color:#0d47a1}
@media print{body{max-width:none;margin:0}section{break-inside:auto}figure,table{break-inside:avoid}h2,h3{break-after:avoid}}
)";

std::string family_zh(std::string_view f) {
  if (f == "generator") return "发电机组";
  if (f == "storage_unit") return "储能";
  if (f == "store") return "储罐";
  if (f == "link") return "转换设备";
  return std::string(f);
}

std::string unit_of(std::string_view quantity) {
  return quantity == "energy_mwh" ? "MWh" : "MW";
}

// The week windows shown: the first week, and a summer week (from 1 July) when the result covers
// it. Each with its start index and a bilingual caption.
// On typical days: the representative days seven at a time (up to eight windows), each captioned
// with the dates and the days each stands for, since neighbours may be months apart.
std::vector<std::tuple<std::size_t, std::string, std::string>> weeks_of(const Results& r) {
  std::vector<std::tuple<std::size_t, std::string, std::string>> w;
  const auto& labels = r.snapshot_labels();
  if (labels.empty()) return w;
  const auto& days = r.summary.typical_day_weights;
  if (r.summary.typical_days > 0 && !days.empty() && labels.size() % days.size() == 0) {
    const std::size_t per_day = labels.size() / days.size();
    for (std::size_t d0 = 0; d0 < days.size() && w.size() < 8; d0 += 7) {
      const std::size_t d1 = std::min(days.size(), d0 + 7);
      std::string list;
      for (std::size_t d = d0; d < d1; ++d)
        list += fmt::format("{}{} ×{}", d == d0 ? "" : ", ", days[d].first.substr(5),
                            num(days[d].second, 0));
      w.emplace_back(d0 * per_day, fmt::format("代表日 {}–{}（{} 天）", d0 + 1, d1, list),
                     fmt::format("representative days {}–{} ({} days)", d0 + 1, d1, list));
    }
    return w;
  }
  w.emplace_back(0, "第一周", "first week");
  for (std::size_t i = 0; i + kWeek <= labels.size(); ++i)
    if (labels[i].size() >= 10 && labels[i].substr(5, 5) == "07-01" && i > 0) {
      w.emplace_back(i, "夏季周（7月1日起）", "summer week (from 1 July)");
      break;
    }
  return w;
}

std::string kind_color(const std::string& kind, std::size_t i) {
  return svg::color_for(kind, i);
}

// How the committable (coal) units ran: summary.json "unit_commitment" (src/io/results_writer.cpp),
// absent without committable generators or with unit commitment off. A malformed entry is a
// ReportError naming the field.
void unit_commitment_section(Html& h, const Results& r) {
  const nlohmann::json& j = r.summary_json;
  if (!j.contains("unit_commitment")) return;
  const std::string file = (r.dir / "summary.json").string();
  const nlohmann::json& uc = j["unit_commitment"];
  if (!uc.is_object() || !uc.contains("units") || !uc["units"].is_array() || !uc.contains("mode") ||
      !uc["mode"].is_string())
    throw ReportError(file, "unit_commitment", "is not an object with \"mode\" and \"units\"");
  const auto value = [&](const nlohmann::json& u, const char* key, std::size_t i) {
    if (!u.contains(key)) return std::numeric_limits<double>::quiet_NaN();  // older results
    if (u[key].is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!u[key].is_number())
      throw ReportError(file, fmt::format("unit_commitment.units[{}].{}", i, key),
                        fmt::format("= {} (expected a number)", u[key].dump()));
    return u[key].get<double>();
  };
  const std::string mode = uc["mode"].get<std::string>();
  h.h3("unit-commitment", "机组运行", "How the committable units ran");
  const double gap = uc.contains("mip_gap") && uc["mip_gap"].is_number()
                         ? uc["mip_gap"].get<double>()
                         : std::numeric_limits<double>::quiet_NaN();
  h.p(mode == "integer"
          ? bi(fmt::format("机组组合：整数（MIP），相对间隙 {:.3f} %。", 100 * gap),
               fmt::format("Unit commitment: integer (a MIP), relative gap {:.3f} %.", 100 * gap))
          : bi("机组组合：线性松弛，开机台数可取小数（启停次数为等效值）。",
               "Unit commitment: the linear relaxation; units online may be fractional (starts "
               "are equivalent counts)."));
  std::vector<std::vector<std::string>> rows, retrofit;
  for (std::size_t i = 0; i < uc["units"].size(); ++i) {
    const nlohmann::json& u = uc["units"][i];
    if (!u.is_object() || !u.contains("name") || !u["name"].is_string())
      throw ReportError(file, fmt::format("unit_commitment.units[{}].name", i),
                        "is missing or not text");
    const std::string name = u["name"].get<std::string>();
    rows.push_back({name, num(value(u, "units", i), 1), num(value(u, "unit_size_mw", i), 0),
                    num(value(u, "starts", i), 1), num(value(u, "hours_at_min_load", i), 0),
                    num(value(u, "hours_offline", i), 0), num(value(u, "full_load_hours", i), 0),
                    num(value(u, "start_up_cny", i) / 1e6, 2)});
    const double retro_min = value(u, "retrofit_min_stable_pu", i);
    if (std::isfinite(retro_min)) {
      const double units = value(u, "retrofit_units", i);
      retrofit.push_back({name, num(units, 2), num(units * value(u, "unit_size_mw", i), 1),
                          pct(retro_min), num(value(u, "retrofit_cny", i) / 1e6, 2)});
    }
  }
  h.table({bi("机组", "Unit"), bi("台数", "Units"), bi("单机 MW", "Unit size MW"),
           bi("启动次数", "Starts"), bi("最小出力小时", "Hours at minimum load"),
           bi("停机小时", "Hours offline"), bi("利用小时", "Full-load hours"),
           bi("启停费 百万元", "Start-up cost M CNY")},
          rows);
  if (!retrofit.empty()) {
    h.p(bi("灵活性改造（优化决策）：", "Flexibility retrofit (chosen by the optimisation):"));
    h.table({bi("机组", "Unit"), bi("改造台数", "Units retrofitted"),
             bi("改造容量 MW", "Retrofitted MW"), bi("改造后最小出力", "Minimum load after"),
             bi("年化投资 百万元", "Annuity M CNY")},
            retrofit);
  }
}

// summary.json's "heat" object (docs/formulation.md#heat), or null without heat.
const nlohmann::json* heat_json(const Results& r) {
  return r.summary_json.contains("heat") && r.summary_json["heat"].is_object()
             ? &r.summary_json["heat"]
             : nullptr;
}

void key_figures(Html& h, const Summary& s) {
  h.h3("key-figures", "主要指标", "Key figures");
  const double twh = s.load_energy_mwh / 1e6;
  h.out += "<div class=\"kpi\">";
  const auto kpi = [&](std::string_view zh, std::string_view en, const std::string& v) {
    h.out += fmt::format("<div>{}<b>{}</b></div>", bi(zh, en), escape(v));
  };
  kpi("平均供电成本", "Average cost of supply",
      fmt::format("{:.4f} CNY/kWh", s.average_cost_cny_per_kwh));
  kpi("绿电占比", "Green share", pct(s.green_share));
  kpi("碳排放", "CO2 emissions",
      fmt::format("{} Mt · {:.3f} kg/kWh", num(s.co2_t / 1e6, 3), s.co2_kg_per_kwh));
  kpi("用电量", "Electric load", fmt::format("{} TWh", num(twh, 3)));
  h.out += "</div>\n";
  h.table({bi("指标", "Key figure"), bi("单位", "Unit"), bi("数值", "Value")},
          {{"年总成本 Total annual cost", "million CNY 百万元", num(s.objective_cny / 1e6, 2)},
           {"用电量 Electric load", "GWh", num(s.load_energy_mwh / 1e3, 1)},
           {"平均供电成本 Average cost of supply", "CNY/kWh 元/千瓦时",
            fmt::format("{:.4f}", s.average_cost_cny_per_kwh)},
           {"绿电占比 Green share", "", pct(s.green_share)},
           {"碳排放 CO2 emissions", "t", num(s.co2_t, 0)},
           {"单位用电碳排放 CO2 intensity", "kg/kWh", fmt::format("{:.3f}", s.co2_kg_per_kwh)},
           {"新能源发电 Renewable generation", "GWh", num(s.renewable_generation_mwh / 1e3, 1)},
           {"新能源装机占比 New-energy share of capacity", "", pct(s.renewable_capacity_share)},
           {"弃风弃光 Curtailment", "GWh", num(s.curtailment_mwh / 1e3, 1)},
           {"下网电量 Grid import", "GWh", num(s.grid_import_mwh / 1e3, 1)},
           {"上网电量 Grid export", "GWh", num(s.grid_export_mwh / 1e3, 1)},
           {"最大下网功率 Peak grid import", "MW", num(s.grid_peak_import_mw, 1)}},
          2);
}

void capacities_built(Html& h, const Summary& s) {
  h.h3("capacities", "装机方案", "Capacities built");
  std::vector<std::vector<std::string>> caps;
  for (const auto& c : s.capacities)
    caps.push_back({c.name, family_zh(c.family) + " " + c.family, unit_of(c.quantity),
                    num(c.existing, 1), num(c.optimal, 1), c.extendable ? num(c.built(), 1) : "–",
                    num(c.energy_mwh / 1e3, 1), num(c.full_load_hours(), 0)});
  h.table({bi("设备", "Component"), bi("类型", "Type"), bi("单位", "Unit"), bi("现有", "Existing"),
           bi("最优", "Optimal"), bi("新建", "Built"), bi("电量 GWh", "Energy GWh"),
           bi("利用小时", "Full-load h")},
          caps, 3);
}

void energy_balance(Html& h, const Results& r) {
  const Summary& s = r.summary;
  h.h3("energy-balance", "能量平衡", "Energy balance");
  // The boilers on heat buses are not electric generation.
  const nlohmann::json* heat = heat_json(r);
  std::set<std::string> heat_generators;
  if (heat && heat->contains("supply") && (*heat)["supply"].is_array())
    for (const auto& x : (*heat)["supply"])
      if (x.is_object() && x.value("family", "") == "generator")
        heat_generators.insert(x.value("name", ""));
  std::vector<std::vector<std::string>> bal;
  double supply = 0;
  for (const auto& c : s.capacities)
    if (c.family == "generator" && std::isfinite(c.energy_mwh) && !heat_generators.contains(c.name))
      supply += c.energy_mwh;
  supply += s.grid_import_mwh;
  const auto share = [&](double v) { return supply > 0 ? pct(v / supply) : "–"; };
  for (const auto& c : s.capacities)
    if (c.family == "generator" && std::isfinite(c.energy_mwh) && c.energy_mwh > 0 &&
        !heat_generators.contains(c.name))
      bal.push_back(
          {"发电 Generation: " + c.name, num(c.energy_mwh / 1e3, 1), share(c.energy_mwh)});
  bal.push_back({"下网 Grid import", num(s.grid_import_mwh / 1e3, 1), share(s.grid_import_mwh)});
  bal.push_back({"供应合计 Supply in all", num(supply / 1e3, 1), supply > 0 ? "100.0 %" : "–"});
  bal.push_back(
      {"用电负荷 Electric load", num(s.load_energy_mwh / 1e3, 1), share(s.load_energy_mwh)});
  for (const auto& c : s.capacities)
    if (c.family == "link" && std::isfinite(c.energy_mwh) && c.energy_mwh > 0)
      bal.push_back(
          {"转换用电 Converted: " + c.name, num(c.energy_mwh / 1e3, 1), share(c.energy_mwh)});
  bal.push_back({"上网 Grid export", num(s.grid_export_mwh / 1e3, 1), share(s.grid_export_mwh)});
  bal.push_back({"弃电 Curtailment (not supplied)", num(s.curtailment_mwh / 1e3, 1), ""});
  h.table({bi("项目", "Item"), bi("电量 GWh", "Energy GWh"), bi("占供应", "Share of supply")}, bal);
  h.p(bi("供应与用电之差为储能与转换损耗。", "Supply less use is lost in storage and conversion."));
}

// Heat: load, price, CO2, green share and the supply mix (summary.json "heat").
void heat_figures(Html& h, const nlohmann::json& heat_object) {
  const nlohmann::json* heat = &heat_object;
  const auto field = [&](const char* k) {
    return heat->contains(k) && (*heat)[k].is_number() ? (*heat)[k].get<double>()
                                                       : std::numeric_limits<double>::quiet_NaN();
  };
  h.h3("heat", "热力", "Heat");
  const double supplied = field("supply_mwh");
  std::vector<std::vector<std::string>> rows{
      {"热负荷 Heat load", "GWh_th", num(field("load_mwh") / 1e3, 1)},
      {"热价（负荷加权） Heat price (load-weighted)", "CNY/MWh_th 元/兆瓦时",
       num(field("price_cny_per_mwh"), 1)},
      {"供热碳排放 CO2 of heat (power-loss method)", "t", num(field("co2_t"), 0)},
      {"绿色热力占比 Green share of heat", "", pct(field("green_share"))}};
  if (heat->contains("supply") && (*heat)["supply"].is_array())
    for (const auto& x : (*heat)["supply"]) {
      if (!x.is_object()) continue;
      const double mwh = x.value("heat_mwh", std::numeric_limits<double>::quiet_NaN());
      const std::string fam = x.value("family", "");
      const bool storage = fam == "storage_unit" || fam == "store";
      const bool transfer = fam == "transfer";  // heat passed on between heat buses
      rows.push_back(
          {(storage    ? "放热 Storage discharge: "
            : transfer ? "转供 Passed on between heat buses: "
                       : "供热 Supply: ") +
               x.value("name", "") + " (" + fam + ")",
           "GWh_th",
           num(mwh / 1e3, 2) +
               (supplied > 0 && !storage && !transfer ? " · " + pct(mwh / supplied) : "")});
    }
  h.table({bi("项目", "Item"), bi("单位", "Unit"), bi("数值", "Value")}, rows, 2);
  h.p(
      bi("热价为热力母线平衡约束的对偶值；抽凝机组供热的燃料与碳排放按热电损失法（每兆瓦时热对应 β "
         "兆瓦时电）分摊。",
         "The heat price is the dual of the heat bus balance; an extraction CHP's heat carries the "
         "fuel and CO2 of the electricity it displaces (beta MWh per MWh of heat)."));
}

void cost_breakdown(Html& h, const Summary& s) {
  if (!s.cost_by_category.empty()) {
    h.h3("costs", "费用构成", "Cost breakdown");
    // The categories' names and signs: the one list of analysis::cost_categories().
    std::vector<std::vector<std::string>> rows;
    double total = 0;
    for (const auto& [k, v] : s.cost_by_category) {
      const auto& list = analysis::cost_categories();
      const std::string_view key = k;  // a structured binding cannot be captured (clang < 16)
      const auto it = std::find_if(list.begin(), list.end(),
                                   [key](const analysis::CostCategory& c) { return c.key == key; });
      const double signed_v = it == list.end() ? v : it->sign * v;
      total += signed_v;
      rows.push_back({it == list.end() ? k : fmt::format("{} {}", it->name_zh, it->name_en),
                      num(signed_v / 1e6, 2),
                      s.load_energy_mwh > 0
                          ? fmt::format("{:.4f}", signed_v / (s.load_energy_mwh * 1e3))
                          : "–"});
    }
    rows.push_back(
        {"合计 Total", num(total / 1e6, 2),
         s.load_energy_mwh > 0 ? fmt::format("{:.4f}", total / (s.load_energy_mwh * 1e3)) : "–"});
    h.table({bi("费用", "Cost"), bi("百万元", "million CNY"), bi("元/千瓦时", "CNY/kWh")}, rows);
  }
}

// The supply above zero and the consumption below, as chart layers.
void balance_layers(const Balance& b, std::vector<svg::Layer>& up, std::vector<svg::Layer>& down) {
  for (std::size_t i = 0; i < b.supply.size(); ++i)
    up.push_back({b.supply[i].name, b.supply[i].values, kind_color(b.supply_kind[i], i)});
  for (std::size_t i = 0; i < b.consumption.size(); ++i)
    down.push_back(
        {b.consumption[i].name, b.consumption[i].values, kind_color(b.consumption_kind[i], i + 1)});
}

// Hourly dispatch of the weeks shown (or the representative days) and the storage's state of
// charge.
void dispatch_charts(Html& h, const Results& r, const Topology& topo) {
  if (r.summary.typical_days > 0) {
    h.h3("dispatch", "代表日逐时运行", "Hourly dispatch on the representative days");
    h.p(bi(fmt::format(
               "全年由 {} 个典型日加权计算：图中相邻的代表日可能相隔数月，日期后为其代表的天数。",
               r.summary.typical_days),
           fmt::format("The year is optimised on {} typical days: neighbouring representative days "
                       "in a chart may be months apart; each date is followed by the days it "
                       "stands for.",
                       r.summary.typical_days)));
  } else {
    h.h3("dispatch", "典型周逐时运行", "Hourly dispatch in a typical week");
  }
  if (!topo.known)
    h.p(bi("未给出情景文件：所有机组、储能与电网连接按电力母线计。",
           "No scenario given: every generator, storage unit and grid connection is counted on the "
           "electric balance."));
  for (const auto& [first, zh, en] : weeks_of(r)) {
    const Balance b = balance(r, topo, first, kWeek);
    std::vector<svg::Layer> up, down;
    balance_layers(b, up, down);
    h.figure(
        svg::stacked_area({"dispatch", "MW", "", 880, 320}, b.snapshots, up, down,
                          {"负荷 load", b.load.values, "#d32f2f"}),
        fmt::format("逐时电力平衡，{}", zh),
        fmt::format(
            "Hourly electric balance, {}: supply above zero, charging, export and conversion below",
            en));
  }
  {
    const auto wk = weeks_of(r);
    const std::size_t first = std::get<0>(wk.back());
    const Balance b = balance(r, topo, first, kWeek);
    h.h3("soc", "储能荷电状态", "Storage state of charge");
    if (b.soc.empty()) {
      h.p(bi("本方案未建储能或储能未运行。", "No storage is built or used in this result."));
    } else {
      std::vector<svg::Layer> l;
      for (std::size_t i = 0; i < b.soc.size(); ++i)
        l.push_back({b.soc[i].name, b.soc[i].values, svg::color_for("", i)});
      h.figure(svg::lines({"soc", "MWh", "", 880, 260}, b.snapshots, l),
               fmt::format("储能电量，{}", std::get<1>(wk.back())),
               fmt::format("Energy in storage, {}", std::get<2>(wk.back())));
    }
  }
}

// Heat dispatch and heat storage level, in the weeks of the electric dispatch: needs the scenario
// to tell the heat buses.
void heat_dispatch_charts(Html& h, const Results& r, const Network* net) {
  if (const Topology ht = net ? heat_topology_of(*net) : Topology{}; ht.known) {
    h.h3("heat-dispatch", "逐时供热", "Hourly heat dispatch");
    for (const auto& [first, zh, en] : weeks_of(r)) {
      const Balance b = balance(r, ht, first, kWeek);
      std::vector<svg::Layer> up, down;
      balance_layers(b, up, down);
      h.figure(svg::stacked_area({"heat-dispatch", "MW_th", "", 880, 300}, b.snapshots, up, down,
                                 {"热负荷 heat load", b.load.values, "#d32f2f"}),
               fmt::format("逐时热力平衡（各热力母线合计），{}", zh),
               fmt::format("Hourly heat balance of the heat buses together, {}: supply above "
                           "zero, storage charging and heat passed between heat buses below",
                           en));
      if (!b.soc.empty()) {
        std::vector<svg::Layer> l;
        for (std::size_t i = 0; i < b.soc.size(); ++i)
          l.push_back({b.soc[i].name, b.soc[i].values, svg::color_for("", i)});
        h.figure(svg::lines({"heat-storage", "MWh_th", "", 880, 220}, b.snapshots, l),
                 fmt::format("储热量，{}", zh), fmt::format("Heat in storage, {}", en));
      }
    }
  }
}

void price_duration_chart(Html& h, const Results& r, const Topology& topo) {
  h.h3("price-duration", "电价持续曲线", "Price duration curve");
  const auto pd = price_duration(r, topo);
  if (pd.empty()) {
    h.p(bi("无母线电价（bus_prices.csv）。", "No bus prices (bus_prices.csv)."));
  } else {
    std::vector<svg::Layer> l;
    for (std::size_t i = 0; i < pd.size(); ++i)
      l.push_back({pd[i].name, pd[i].values, svg::color_for("", i)});
    std::vector<std::string> x(pd.front().values.size());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = fmt::format("{}", i + 1);
    h.figure(svg::lines({"price-duration", "CNY/MWh",
                         "小时（按电价由高到低） hours, highest price first", 880, 280},
                        x, l),
             "母线边际电价由高到低排序",
             "Marginal price of each electric bus, sorted from the highest");
  }
}

void results_section(Html& h, const Results& r, const Topology& topo, const Network* net) {
  const Summary& s = r.summary;
  h.h2("results", "计算结果", "Results");
  if (!s.optimal)
    h.out += fmt::format("<p class=\"warn\">{}: {} ({})</p>\n", bi("求解状态", "Status"),
                         escape(s.status), escape(s.solver_status));
  for (const auto& m : s.infeasibility) h.out += "<p class=\"warn\">✗ " + escape(m) + "</p>\n";

  key_figures(h, s);
  capacities_built(h, s);
  energy_balance(h, r);
  if (const nlohmann::json* heat = heat_json(r)) heat_figures(h, *heat);
  cost_breakdown(h, s);
  unit_commitment_section(h, r);
  if (r.hours() == 0) {
    h.p(bi("无逐时结果。", "No hourly results."));
    return;
  }
  dispatch_charts(h, r, topo);
  heat_dispatch_charts(h, r, net);
  price_duration_chart(h, r, topo);
}

// paths.json writes a payback that is never reached (nothing saved) as null, like an undefined
// one; it is undefined only for the baseline and for a path without a solution (whose saving is
// null too), so a null beside a saving is "never".
double payback_years(const paths::PathResult& r) {
  if (std::isnan(r.simple_payback_years) && r.id != "baseline" &&
      std::isfinite(r.saving_cny_per_kwh))
    return std::numeric_limits<double>::infinity();
  return r.simple_payback_years;
}

void paths_section(Html& h, const PathsResult& p) {
  h.h2("paths", "用电改革路径比较", "Reform paths compared");
  h.p(fmt::format("{}: {} · {}: {}", bi("情景", "Scenario"), escape(p.scenario),
                  bi("电价", "Tariff"), escape(p.tariff)));
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : p.paths)
    rows.push_back({r.name_zh + " " + r.id, r.status, f4(r.price_cny_per_kwh),
                    f4(r.saving_cny_per_kwh), pct(r.green_share),
                    fmt::format("{:.3f}", r.co2_kg_per_kwh), num(r.investment_cny / 1e6, 1),
                    paths::payback_text(payback_years(r))});
  h.table({bi("路径", "Path"), bi("状态", "Status"), bi("电价 元/千瓦时", "Price CNY/kWh"),
           bi("降幅", "Saving"), bi("绿电", "Green"), "CO2 kg/kWh",
           bi("投资 百万元", "Investment M CNY"), bi("回收期 年", "Payback yr")},
          rows, 2);
  std::vector<std::string> cats;
  std::vector<double> totals;
  for (const auto& r : p.paths) {
    cats.push_back(r.name_zh.substr(0, r.name_zh.find("：")) + "\n" + r.id);
    totals.push_back(r.price_cny_per_kwh);
  }
  std::vector<svg::Layer> layers;
  const auto& parts = paths::waterfall_parts();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    svg::Layer l{
        fmt::format("{} {}", parts[k].name_zh, parts[k].name_en), {}, svg::color_for("", k)};
    bool any = false;
    for (const auto& r : p.paths) {
      l.values.push_back(paths::per_kwh(r, parts[k].signed_cny(r.waterfall)));
      any = any || std::abs(l.values.back()) > 1e-9;
    }
    if (any) layers.push_back(std::move(l));
  }
  h.h3("waterfall", "电价构成", "Price waterfall");
  h.figure(
      svg::stacked_bars({"waterfall", "CNY/kWh 元/千瓦时", "", 880, 340}, cats, layers, totals),
      "各路径电价构成（上网收入、热费为负）",
      "Price per kWh by part, per path (export revenue and heat below zero)");
  std::vector<std::string> head{bi("构成 元/千瓦时", "Part CNY/kWh")};
  for (const auto& r : p.paths) head.push_back(escape(r.id));
  std::vector<std::vector<std::string>> wf;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    std::vector<std::string> row{fmt::format("{} {}", parts[k].name_zh, parts[k].name_en)};
    for (const auto& r : p.paths)
      row.push_back(f4(paths::per_kwh(r, parts[k].signed_cny(r.waterfall))));
    wf.push_back(row);
  }
  std::vector<std::string> total{"合计 Total"};
  for (const auto& r : p.paths) total.push_back(f4(r.price_cny_per_kwh));
  wf.push_back(total);
  h.table(head, wf);
  h.h3("paths-built", "各路径新建容量", "What each path builds");
  std::vector<std::vector<std::string>> built;
  for (const auto& r : p.paths) {
    std::string b;
    for (const auto& c : r.built)
      if (c.built() >= 0.5)  // what rounds to 0 MW is not shown as built
        b += fmt::format("{}{} {} {}", b.empty() ? "" : ", ", c.name, num(c.built(), 0),
                         c.quantity == "energy_mwh" ? "MWh" : "MW");
    built.push_back({r.id, b.empty() ? "–" : b, num(r.grid_import_mwh / 1e3, 1),
                     num(r.grid_export_mwh / 1e3, 1), num(r.curtailment_mwh / 1e3, 1)});
    for (const auto& v : r.violations)
      h.out += "<p class=\"warn\">✗ " + escape(r.id + ": " + v.message) + "</p>\n";
  }
  h.table({bi("路径", "Path"), bi("新建", "Built"), bi("下网 GWh", "Import GWh"),
           bi("上网 GWh", "Export GWh"), bi("弃电 GWh", "Curtailment GWh")},
          built, 2);
  if (std::any_of(p.paths.begin(), p.paths.end(),
                  [](const paths::PathResult& r) { return r.heat_load_mwh > 0; })) {
    h.h3("paths-heat", "各路径用热成本", "The park's heat on each path");
    std::vector<std::vector<std::string>> heat;
    for (const auto& r : p.paths)
      heat.push_back({r.id, num(r.heat_load_mwh / 1e3, 1), num(r.heat_price_cny_per_mwh, 1),
                      num(r.waterfall.heat_revenue_cny / 1e6, 1), num(r.heat_co2_t / 1e3, 1)});
    h.table({bi("路径", "Path"), bi("热负荷 GWh_th", "Heat load GWh_th"),
             bi("热价 元/兆瓦时", "Heat price CNY/MWh_th"),
             bi("用热成本 百万元/年", "Heat cost M CNY/yr"), bi("热力碳排放 千吨", "Heat CO2 kt")},
            heat, 2);
    h.p(bi(
        "热价为各路径下热力母线平衡约束的对偶价（按热负荷加权）。用热成本（热负荷×逐时热价）由用热"
        "方承担，"
        "从电费中扣除（电价构成中的“热费”），故电价只含电力本身；单位电量碳排放亦不含热力碳排放。",
        "The heat price is the dual of the heat buses' balance on each path (weighted by the "
        "heat load). The heat cost (the load at its hourly price) is paid by the heat users and "
        "taken out of the bill (the waterfall's \"heat at its price\"), so the electricity "
        "price is that of electricity alone; so is the CO2 per kWh."));
  }
  if (p.sensitivities && !p.sensitivities->rows.empty()) {
    h.h3("paths-sensitivity", "路径敏感性", "Sensitivity of the paths");
    std::vector<std::string> head2;
    for (const auto& c : p.sensitivities->header) head2.push_back(escape(c));
    h.table(head2, p.sensitivities->rows);
  }
}

void compare_section(Html& h, const Results& base, const std::vector<Results>& others) {
  h.h2("sensitivity", "敏感性分析", "Sensitivity");
  h.p(bi("同一报告中比较的各次计算（第一行为本报告的结果）。",
         "The runs compared in this report (the first row is the result reported above)."));
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> cats;
  std::vector<double> cost;
  const auto row = [&](const Results& r) {
    double built_mw = 0;
    for (const auto& c : r.summary.capacities)
      if (c.quantity != "energy_mwh" && c.extendable) built_mw += c.built();
    const std::string name = r.dir.filename().empty() ? r.dir.parent_path().filename().string()
                                                      : r.dir.filename().string();
    rows.push_back({name, r.summary.scenario, r.summary.status,
                    fmt::format("{:.4f}", r.summary.average_cost_cny_per_kwh),
                    pct(r.summary.green_share), fmt::format("{:.3f}", r.summary.co2_kg_per_kwh),
                    num(r.summary.load_energy_mwh / 1e3, 1), num(built_mw, 0)});
    cats.push_back(name);
    cost.push_back(r.summary.average_cost_cny_per_kwh);
  };
  row(base);
  for (const auto& o : others) row(o);
  h.table({bi("结果", "Result"), bi("情景", "Scenario"), bi("状态", "Status"),
           bi("平均成本 元/千瓦时", "Average cost CNY/kWh"), bi("绿电", "Green share"),
           "CO2 kg/kWh", bi("用电 GWh", "Load GWh"), bi("新建功率 MW", "Built power MW")},
          rows, 3);
  h.figure(svg::stacked_bars({"sensitivity", "CNY/kWh 元/千瓦时", "", 880, 280}, cats,
                             {{"平均供电成本 average cost of supply", cost, "#1e88e5"}}, cost),
           "各次计算的平均供电成本", "Average cost of supply of each run");
}

// One column of the year-by-year table: the periods.csv column, its bilingual heading with the
// unit shown, and how its value is shown (divided by `scale`, `decimals`, or as a percentage).
struct PeriodColumn {
  const char* column;
  const char* zh;
  const char* en;
  double scale;
  int decimals;
  bool percent;
};

constexpr PeriodColumn kPeriodColumns[] = {
    {"load_mwh", "用电 GWh", "Load GWh", 1e3, 1, false},
    {"cost_of_supply_cny_per_kwh", "供电成本 元/千瓦时", "Cost of supply CNY/kWh", 1, 4, false},
    {"investment_cny", "投资 百万元", "Investment M CNY", 1e6, 0, false},
    {"operation_cost_cny", "运行费用 百万元", "Operation cost M CNY", 1e6, 0, false},
    {"green_share", "绿电占比", "Green share", 1, 1, true},
    {"renewable_capacity_share", "新能源装机占比", "New-energy capacity share", 1, 1, true},
    {"co2_t", "CO2 千吨", "CO2 kt", 1e3, 1, false},
    {"curtailment_mwh", "弃电 GWh", "Curtailed GWh", 1e3, 1, false},
    {"grid_import_mwh", "下网 GWh", "Grid import GWh", 1e3, 1, false},
    {"grid_export_mwh", "上网 GWh", "Grid export GWh", 1e3, 1, false},
};

// periods.csv as a table of the figures a planner reads, with units (only the columns present),
// and a note for each year whose operation cost is negative.
void periods_table(Html& h, const CsvTable& t) {
  const std::size_t year = t.require("year");
  std::vector<std::string> head{bi("年份", "Year")};
  std::vector<std::pair<const PeriodColumn*, std::size_t>> cols;
  for (const auto& c : kPeriodColumns)
    if (const int i = t.column(c.column); i >= 0) {
      cols.emplace_back(&c, static_cast<std::size_t>(i));
      head.push_back(bi(c.zh, c.en));
    }
  const int status = t.column("status");
  if (status >= 0) head.push_back(bi("状态", "Status"));
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::vector<std::string> row{t.rows[r][year]};
    for (const auto& [c, i] : cols) {
      const double v = t.number(r, i);
      row.push_back(c->percent ? pct(v) : num(v / c->scale, c->decimals));
    }
    if (status >= 0) row.push_back(t.rows[r][static_cast<std::size_t>(status)]);
    rows.push_back(std::move(row));
  }
  h.table(head, rows, 1);
  const int op = t.column("operation_cost_cny");
  const int exp = t.column("grid_export_mwh");
  if (op < 0) return;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const double cost = t.number(r, static_cast<std::size_t>(op));
    if (!(cost < 0)) continue;
    const std::string gwh =
        exp >= 0 ? num(t.number(r, static_cast<std::size_t>(exp)) / 1e3, 1) : std::string("–");
    h.p(fmt::format(
        "<span class=\"zh\">{0} 年运行费用为负（{1} 百万元）：向电网售电 {2} GWh "
        "的收入超过购电与发电成本，即先于负荷建成的新能源在负荷投产前上网获得收益。</span> "
        "<span class=\"en\">In {0} the operation cost is negative ({1} M CNY): the revenue "
        "from {2} GWh exported to the grid exceeds the cost of the energy bought and generated, "
        "as capacity built ahead of the load earns export revenue until the load arrives.</span>",
        escape(t.rows[r][year]), num(cost / 1e6, 0), gwh));
  }
}

// period_capacities.csv pivoted: one row per component and quantity, one column per year with
// the capacity standing that year ("+x" when x was built that year). Components with nothing
// standing in any year are left out and counted.
void period_capacities_table(Html& h, const CsvTable& c) {
  const std::size_t year = c.require("year"), family = c.require("family"),
                    name = c.require("name"), quantity = c.require("quantity"),
                    unit = c.require("unit"), built = c.require("built"),
                    standing = c.require("standing");
  std::vector<std::string> years;
  std::vector<std::array<std::string, 4>> keys;  // family, name, quantity, unit; first seen order
  std::map<std::pair<std::size_t, std::string>, std::pair<double, double>> cell;  // key, year
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    const auto& row = c.rows[r];
    if (std::find(years.begin(), years.end(), row[year]) == years.end()) years.push_back(row[year]);
    const std::array<std::string, 4> key{row[family], row[name], row[quantity], row[unit]};
    auto k = std::find(keys.begin(), keys.end(), key);
    if (k == keys.end()) k = keys.insert(keys.end(), key);
    cell[{static_cast<std::size_t>(k - keys.begin()), row[year]}] = {c.number(r, built),
                                                                     c.number(r, standing)};
  }
  std::vector<std::string> head{bi("组件", "Component"), bi("容量", "Quantity"),
                                bi("单位", "Unit")};
  for (const auto& y : years) head.push_back(escape(y));
  std::vector<std::vector<std::string>> rows;
  std::size_t never = 0;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    std::vector<std::string> row{keys[k][0] + " " + keys[k][1], keys[k][2], keys[k][3]};
    bool any = false;
    for (const auto& y : years) {
      const auto it = cell.find({k, y});
      if (it == cell.end()) {
        row.push_back("–");
        continue;
      }
      const auto [b, st] = it->second;
      any = any || std::abs(st) >= 0.05;
      row.push_back(std::abs(b) >= 0.05 ? fmt::format("{} (+{})", num(st, 1), num(b, 1))
                                        : num(st, 1));
    }
    if (any)
      rows.push_back(std::move(row));
    else
      ++never;
  }
  h.table(head, rows, 3);
  h.p(never == 0 ? std::string("<span class=\"zh\">各年在运容量，括号内为当年新建。</span> "
                               "<span class=\"en\">Capacity standing in each year, in brackets "
                               "what was built that year.</span>")
                 : fmt::format("<span class=\"zh\">各年在运容量，括号内为当年新建；{0} "
                               "个从未建设的候选项未列出。</span> <span class=\"en\">Capacity "
                               "standing in each year, in brackets what was built that year; {0} "
                               "candidate(s) never built are not listed.</span>",
                               never));
}

void periods_section(Html& h, const Periods& pr) {
  h.h2("periods", "逐年规划", "Year by year");
  const CsvTable& t = pr.periods;
  periods_table(h, t);
  const std::size_t year = t.require("year");
  std::vector<std::string> years;
  for (std::size_t i = 0; i < t.rows.size(); ++i) years.push_back(t.rows[i][year]);
  const int cost = t.column("cost_of_supply_cny_per_kwh");
  if (cost >= 0) {
    std::vector<double> v;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      v.push_back(t.number(i, static_cast<std::size_t>(cost)));
    h.figure(svg::stacked_bars({"periods-cost", "CNY/kWh 元/千瓦时", "", 880, 260}, years,
                               {{"供电成本 cost of supply", v, "#1e88e5"}}, v),
             "各规划期供电成本", "Cost of supply per investment period");
  }
  const int inv = t.column("investment_cny");
  if (inv >= 0) {
    std::vector<double> v, none;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      v.push_back(t.number(i, static_cast<std::size_t>(inv)) / 1e6);
    h.figure(svg::stacked_bars({"periods-investment", "M CNY 百万元", "", 880, 240}, years,
                               {{"投资 investment", v, "#43a047"}}, none),
             "各规划期投资", "Investment per period");
  }
  if (pr.capacities) {
    h.h3("period-capacities", "各期装机", "Capacities per period");
    period_capacities_table(h, *pr.capacities);
  }
}

// A figure's value with a precision that suits its size (costs in CNY, prices per kWh, shares).
std::string sig(double v) {
  const double a = std::abs(v);
  if (!std::isfinite(v)) return "–";
  if (a >= 1e4) return num(v, 0);
  if (a >= 100) return num(v, 1);
  if (a >= 1) return num(v, 3);
  return fmt::format("{:.4f}", a < 5e-5 ? 0.0 : v);
}

// The names of the reform paths, for a sweep of them (src/analysis/paths.cpp).
std::string path_label(std::string_view id) {
  static const std::map<std::string_view, std::string_view> zh{
      {"baseline", "基准"},
      {"linkage", "路径一 发电联动"},
      {"distribution", "路径二 增量配电网"},
      {"integration", "路径三 源网荷储一体化"},
      {"combined", "三者结合"}};
  const auto it = zh.find(id);
  return it == zh.end() ? std::string(id) : fmt::format("{} {}", it->second, id);
}

// The figure the sweep's charts show: the average cost of supply (run), or the price of the
// path that is cheapest in most samples (paths).
std::string key_figure(const SweepResult& s) {
  if (s.run == "paths") {
    const int f = s.summary.column("figure"), mean = s.summary.column("mean");
    std::string best = "combined";
    double share = -1;
    for (std::size_t i = 0; i < s.summary.rows.size(); ++i) {
      const std::string& name = s.summary.rows[i][static_cast<std::size_t>(f)];
      if (!name.starts_with("cheapest.")) continue;
      const double v = s.summary.number(i, static_cast<std::size_t>(mean));
      if (v > share) share = v, best = name.substr(9);
    }
    return best + ".price_cny_per_kwh";
  }
  for (const auto& f : s.figures)
    if (f == "average_cost_cny_per_kwh") return f;
  return s.figures.empty() ? std::string("objective_cny") : s.figures.front();
}

void sweep_section(Html& h, const SweepResult& s) {
  static const std::map<std::string_view, std::pair<std::string_view, std::string_view>> designs{
      {"oat", {"单因素（一次一个）", "one at a time"}},
      {"grid", {"全组合网格", "full grid"}},
      {"lhs", {"拉丁超立方抽样", "Latin hypercube"}},
      {"morris", {"Morris 筛选", "Morris screening"}},
      {"sobol", {"Sobol 指数", "Sobol indices"}}};
  h.h2("sweep", "参数扫描与敏感性", "Sweep and sensitivity");
  const CsvTable& res = s.results;
  const std::size_t status = res.require("status");
  std::size_t optimal = 0;
  for (const auto& row : res.rows) optimal += row[status] == "optimal";
  const auto d = designs.find(s.design);
  h.p(fmt::format("{}: {} · {}: {} · {}: {} ({} {}) · {}: {}", bi("扫描", "Sweep"), escape(s.name),
                  bi("设计", "Design"),
                  d == designs.end() ? escape(s.design.empty() ? "?" : s.design)
                                     : bi(d->second.first, d->second.second),
                  bi("样本", "Samples"), res.rows.size(), optimal, bi("个最优", "optimal"),
                  bi("每个样本计算", "Each sample runs"),
                  s.run == "paths"  ? bi("五条改革路径", "the five reform paths")
                  : s.run == "plan" ? bi("多年规划", "the multi-year plan")
                                    : bi("一年", "one year")));
  h.p(bi("参数：", "Parameters: ") + escape(fmt::format("{}", fmt::join(s.parameters, ", "))));

  // The summary: mean and percentiles of each figure, what is built.
  const CsvTable& sm = s.summary;
  const std::size_t fig = sm.require("figure"), n = sm.require("samples"),
                    mean = sm.require("mean");
  const int p10 = sm.column("p10"), p50 = sm.column("p50"), p90 = sm.column("p90"),
            mn = sm.column("min"), mx = sm.column("max");
  const auto cell = [&](std::size_t i, int c) {
    return c < 0 ? std::string("–") : sig(sm.number(i, static_cast<std::size_t>(c)));
  };
  std::vector<std::vector<std::string>> rows, cheapest;
  std::string failed = "0";
  for (std::size_t i = 0; i < sm.rows.size(); ++i) {
    const std::string& f = sm.rows[i][fig];
    if (f == "infeasible_or_failed") {
      failed = sm.rows[i][n];
    } else if (f.starts_with("cheapest.")) {
      cheapest.push_back({path_label(f.substr(9)), pct(sm.number(i, mean)), sm.rows[i][n]});
    } else {
      rows.push_back({f, sm.rows[i][n], sig(sm.number(i, mean)), cell(i, p10), cell(i, p50),
                      cell(i, p90), cell(i, mn), cell(i, mx)});
    }
  }
  h.h3("sweep-summary", "结果分布", "Distribution of the results");
  h.table({bi("指标", "Figure"), bi("样本数", "Samples"), bi("均值", "Mean"), "P10", "P50", "P90",
           bi("最小", "Min"), bi("最大", "Max")},
          rows, 1);
  h.p(bi(fmt::format("P10/P50/P90 为最优样本的分位数；不可行或失败的样本：{}。", failed),
         fmt::format("P10/P50/P90 are percentiles over the optimal samples; infeasible or "
                     "failed samples: {}.",
                     failed)));
  if (!cheapest.empty()) {
    h.h3("sweep-cheapest", "各路径最低价的样本占比",
         "Share of samples in which each path is cheapest");
    h.table({bi("路径", "Path"), bi("最低价占比", "Cheapest in"), bi("样本数", "Samples")},
            cheapest, 1);
  }

  // The sensitivity: tornado (oat), mu*/sigma (Morris), S1/ST (Sobol).
  const std::string key = key_figure(s);
  if (s.sensitivity && !s.sensitivity->rows.empty()) {
    const CsvTable& t = *s.sensitivity;
    const std::size_t tf = t.require("figure"), tp = t.require("parameter");
    const bool tornado = t.column("swing") >= 0, morris = t.column("mu_star") >= 0;
    std::vector<std::string> cols;
    if (tornado)
      cols = {"base", "low", "low_at", "high", "high_at", "swing"};
    else if (morris)
      cols = {"mu_star", "sigma", "mu"};
    else
      cols = {"S1", "S1_conf", "ST", "ST_conf"};
    std::vector<std::size_t> idx;
    for (const auto& c : cols) idx.push_back(t.require(c));
    std::vector<std::string> labels;
    std::vector<double> lo, hi;
    double base = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::vector<std::string>> trows;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      std::vector<std::string> r{t.rows[i][tf], t.rows[i][tp]};
      for (std::size_t k = 0; k < idx.size(); ++k)
        r.push_back(cols[k].ends_with("_at") ? t.rows[i][idx[k]] : sig(t.number(i, idx[k])));
      trows.push_back(std::move(r));
      if (t.rows[i][tf] != key) continue;
      labels.push_back(t.rows[i][tp]);
      if (tornado) {
        base = t.number(i, idx[0]);
        lo.push_back(t.number(i, idx[1]));
        hi.push_back(t.number(i, idx[3]));
      } else {
        lo.push_back(0.0);
        hi.push_back(t.number(i, idx[morris ? 0 : 2]));
      }
    }
    if (tornado) {
      h.h3("sweep-tornado", "单因素敏感性（龙卷风图）", "One at a time (tornado)");
      h.figure(svg::hbars({"tornado", "", key, 880, 0}, labels, lo, hi, base),
               "各参数取低值与高值时的结果（竖线为基准）",
               "The figure with each parameter at its low and high value (the line: the base)");
    } else {
      h.h3("sweep-indices", morris ? "Morris 筛选指数" : "Sobol 指数",
           morris ? "Morris screening: mu* and sigma" : "Sobol indices: first and total order");
      h.figure(
          svg::hbars({morris ? "morris" : "sobol", "", key + (morris ? " mu*" : " ST"), 880, 0},
                     labels, lo, hi, std::numeric_limits<double>::quiet_NaN()),
          morris ? "mu*：参数对结果的平均绝对影响；sigma 大表示非线性或交互作用"
                 : "ST：总效应指数（含交互作用）；S1：一阶指数",
          morris ? "mu*: the mean absolute effect of a parameter; a large sigma means "
                   "non-linearity or interactions"
                 : "ST: the total-order index (interactions included); S1: first order");
    }
    std::vector<std::string> head{bi("指标", "Figure"), bi("参数", "Parameter")};
    for (const auto& c : cols) head.push_back(escape(c));
    h.table(head, trows, 2);
  } else {
    h.p(bi("无敏感性指数（设计为网格或拉丁超立方，或只运行了部分样本）；见下方散点图。",
           "No sensitivity indices (a grid or Latin-hypercube design, or only part of the design "
           "ran); see the scatter plots below."));
  }

  // Scatter plots: the key figure (each path's price for a sweep of the paths) against each
  // numeric parameter, over the optimal samples.
  std::vector<std::pair<std::string, std::size_t>> ys;
  if (s.run == "paths") {
    for (std::size_t c = 0; c < res.header.size(); ++c)
      if (res.header[c].ends_with(".price_cny_per_kwh"))
        ys.emplace_back(res.header[c].substr(0, res.header[c].find('.')), c);
  } else if (const int c = res.column(key); c >= 0) {
    ys.emplace_back(key, static_cast<std::size_t>(c));
  }
  if (ys.empty()) return;
  h.h3("sweep-scatter", "结果与各参数的散点图", "The result against each parameter");
  std::vector<svg::Layer> layers;
  for (std::size_t k = 0; k < ys.size(); ++k) {
    svg::Layer l{
        s.run == "paths" ? path_label(ys[k].first) : ys[k].first, {}, svg::color_for("", k)};
    for (std::size_t i = 0; i < res.rows.size(); ++i)
      l.values.push_back(res.rows[i][status] == "optimal" || s.run == "paths"
                             ? res.number(i, ys[k].second)
                             : std::numeric_limits<double>::quiet_NaN());
    layers.push_back(std::move(l));
  }
  for (const auto& p : s.parameters) {
    const std::size_t c = res.require("p." + p);
    std::vector<double> x;
    bool numeric = true;
    for (std::size_t i = 0; i < res.rows.size() && numeric; ++i) {
      char* end = nullptr;
      const std::string& cellv = res.rows[i][c];
      x.push_back(std::strtod(cellv.c_str(), &end));
      numeric = !cellv.empty() && end == cellv.c_str() + cellv.size();
    }
    if (!numeric) {
      h.p(bi(fmt::format("参数 {} 的取值不是数值（列表或情景开关），不绘散点图。", p),
             fmt::format("Parameter {} takes values that are not numbers (lists or a scenario "
                         "switch): no scatter plot.",
                         p)));
      continue;
    }
    h.figure(
        svg::scatter({"scatter-" + p, s.run == "paths" ? "CNY/kWh 元/千瓦时" : key, p, 880, 260}, x,
                     layers),
        fmt::format("{} 与参数 {}", s.run == "paths" ? "各路径电价" : key, p),
        fmt::format("{} against {}", s.run == "paths" ? "Each path's price" : key, p));
  }
}

std::string case_title(const Results& r, const Network* net) {
  return net && !net->name.empty() ? net->name : r.summary.scenario;
}

// The report of a sweep folder on its own: the sweep section and the method.
std::string render_sweep_report(const ReportOptions& o) {
  const SweepResult s = read_sweep(o.results);
  Html h;
  const std::string title = o.title.empty() ? s.name : o.title;
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::localtime(&now));
  h.out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  h.out += fmt::format("<title>{} · 敏感性 Sensitivity</title>\n", escape(title));
  h.out += fmt::format("<style>{}</style>\n</head>\n<body>\n", kCss);
  h.out += fmt::format("<h1>{} — {}</h1>\n", escape(title),
                       bi("参数扫描与敏感性分析", "Sweep and sensitivity analysis"));
  h.out += fmt::format("<p class=\"meta\">{} parkgrid {} · {} {} · {} {}</p>\n",
                       bi("生成", "Made by"), PARKGRID_VERSION, bi("日期", "date"), date,
                       bi("结果", "results"), escape(o.results.string()));
  sweep_section(h, s);
  h.h2("method", "计算方法说明", "Method");
  h.p(
      bi("每个样本按参数取值修改情景后以 HiGHS 求解最低成本线性规划；抽样由 scipy 与 SALib "
         "完成，Morris 与 Sobol 指数由 SALib 计算；各数值均取自上列结果文件（docs/sweep.md）。",
         "Each sample is the scenario with the parameters set to the sample's values, solved as a "
         "least-cost linear program by HiGHS; the designs are sampled by scipy and SALib, the "
         "Morris and Sobol indices computed by SALib; every number above is read from the "
         "results files of the folder (docs/sweep.md)."));
  h.out += "</section>\n</body>\n</html>\n";
  return h.out;
}

}  // namespace

std::string render_report(const ReportOptions& o) {
  if (is_sweep_folder(o.results)) return render_sweep_report(o);
  std::optional<SweepResult> sweep;
  if (!o.sweep.empty()) sweep = read_sweep(o.sweep);
  const Results r = read_results(o.results);
  const std::optional<Periods> periods = read_periods(o.results);
  std::optional<PathsResult> paths;
  if (!o.paths.empty()) paths = read_paths(o.paths);
  std::vector<Results> others;
  for (const auto& d : o.compare) others.push_back(read_results(d));
  std::optional<Network> net;
  std::vector<ScenarioEntry> entries;
  if (!o.scenario.empty()) {
    net = io::read_scenario(o.scenario.string());  // the same reader and checks as `run`
    entries = scenario_entries(o.notes.empty() ? o.scenario : o.notes);
  }
  const Topology topo = net ? topology_of(*net) : Topology{};

  Html h;
  const std::string title = o.title.empty() ? case_title(r, net ? &*net : nullptr) : o.title;
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::localtime(&now));
  h.out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  h.out += fmt::format("<title>{} · 能源章节 Energy chapter</title>\n", escape(title));
  h.out += fmt::format("<style>{}</style>\n</head>\n<body>\n", kCss);
  h.out += fmt::format("<h1>{} — {}</h1>\n", escape(title),
                       bi("可行性研究报告 能源章节", "Feasibility study: energy chapter"));
  h.out += fmt::format("<p class=\"meta\">{} parkgrid {} · {} {} · {} {} · {} {}</p>\n",
                       bi("生成", "Made by"), PARKGRID_VERSION, bi("日期", "date"), date,
                       bi("结果", "results"), escape(o.results.string()), bi("求解器", "solver"),
                       escape(r.summary.solver));

  h.h2("case", "项目概况", "The case");
  std::vector<std::vector<std::string>> rows{{"情景 Scenario", r.summary.scenario}};
  if (net) {
    rows.push_back({"说明 Description", net->description});
    rows.push_back({"情景文件 Scenario file", o.scenario.string()});
    rows.push_back({"起始时刻 Start", net->snapshots.start.iso()});
    rows.push_back({"时段 Snapshots",
                    fmt::format("{} × {} h", net->snapshot_count(), net->snapshots.step_hours)});
    rows.push_back({"折现率 Discount rate", pct(net->discount_rate)});
    rows.push_back({"组件 Components",
                    fmt::format("{} generators 机组, {} loads 负荷, {} storage units 储能, {} "
                                "stores 储罐, {} links 转换, {} grid connections 电网连接",
                                net->generators.name.size(), net->loads.name.size(),
                                net->storage_units.name.size(), net->stores.name.size(),
                                net->links.name.size(), net->grid.name.size())});
  }
  rows.push_back({"逐时结果 Hourly results", fmt::format("{} h", r.hours())});
  rows.push_back({"求解状态 Status", r.summary.status + (r.summary.optimal ? " 最优" : "")});
  h.table({bi("项目", "Item"), bi("内容", "Value")}, rows, 99);
  if (r.summary.typical_days > 0)
    h.p(bi(
        fmt::format(
            "全年由 {} 个典型日加权计算（共 {} 个时段，代表 {} "
            "小时）：每个代表日按其所代表的天数加权，储能在每个代表日内循环；年度数值为全年结果。",
            r.summary.typical_days, r.hours(), num(r.summary.hours_represented, 0)),
        fmt::format("The whole year on {} typical days ({} snapshots standing for {} hours): "
                    "each representative day is weighted by the days it stands for and "
                    "storage cycles within each day; annual figures are for the whole year.",
                    r.summary.typical_days, r.hours(), num(r.summary.hours_represented, 0))));
  else if (r.hours() > 0 && r.hours() < 8760)
    h.p(std::string("<span class=\"warn\">") +
        bi("本结果只覆盖部分年份（快速预览）：年度数值按所含小时折算，不作为规划结论。",
           "This result covers part of the year only (a quick look): annual figures are scaled "
           "from the hours it holds; not a planning result.") +
        "</span>");
  if (!net)
    h.p(bi("未给出情景文件（--scenario），无法列出假设与资料来源。",
           "No scenario file given (--scenario): the assumptions and sources are not listed."));

  if (net) {
    h.h2("sources", "编制依据与资料来源", "Basis and sources");
    fs::path sources = o.sources;
    if (sources.empty())
      sources = (o.notes.empty() ? o.scenario : o.notes).parent_path() / "SOURCES.md";
    std::error_code ec;
    const auto keys = cited_keys(entries);
    if (fs::exists(sources, ec)) {
      const auto found = source_entries(sources, keys);
      h.p(fmt::format("{} <code>{}</code>: {} / {}", bi("资料来源文件", "Sources file"),
                      escape(sources.string()), found.size(), keys.size()) +
          bi(" 条被情景引用的来源", " of the keys cited by the scenario"));
      std::vector<std::vector<std::string>> srows;
      for (const auto& [k, v] : found) srows.push_back({k, v});
      h.table({bi("编号", "Key"), bi("来源", "Source")}, srows, 99);
    } else {
      h.p(bi("情景文件旁无 SOURCES.md；情景注释中引用的编号：",
             "No SOURCES.md beside the scenario; keys cited in its comments: ") +
          escape(fmt::format("{}", fmt::join(keys, ", "))));
    }

    h.h2("assumptions", "主要假设", "Assumptions");
    h.p(bi("情景文件中写明的各参数及其依据（注释）。",
           "Every value written in the scenario file, with the note beside it."));
    for (const auto& section : schema::sections()) {
      std::vector<std::vector<std::string>> arows;
      for (const auto& e : entries) {
        if (e.section != section.name || e.field == "name") continue;
        const auto* field = schema::find_field(section, e.field);
        std::string value = e.value;
        if (value.size() > 70) {
          // Cut at a character boundary: never inside a UTF-8 sequence (Chinese names).
          std::size_t cut = 67;
          while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
          value = value.substr(0, cut) + "…";
        }
        arows.push_back({e.component.empty() ? std::string(section.name) : e.component, e.field,
                         value, field ? std::string(field->unit) : "", e.note});
      }
      if (arows.empty()) continue;
      static const std::map<std::string_view, std::string_view> zh{
          {"scenario", "情景"},      {"snapshots", "时段"},
          {"carriers", "能源类型"},  {"buses", "母线"},
          {"generators", "电源"},    {"loads", "负荷"},
          {"storage_units", "储能"}, {"stores", "储罐"},
          {"links", "转换设备"},     {"grid_connections", "电网连接与电价"},
          {"policy", "政策目标"},    {"paths", "改革路径"}};
      const auto it = zh.find(section.name);
      h.h3(fmt::format("assumptions-{}", section.name),
           it == zh.end() ? std::string(section.name) : std::string(it->second),
           fmt::format("{}: {}", section.name, section.description));
      h.table({bi("组件", "Component"), bi("参数", "Field"), bi("取值", "Value"),
               bi("单位", "Unit"), bi("依据", "Note")},
              arows, 99, "notes");
    }
  }

  results_section(h, r, topo, net ? &*net : nullptr);
  if (paths) paths_section(h, *paths);
  if (!others.empty()) compare_section(h, r, others);
  if (periods) periods_section(h, *periods);
  if (sweep) sweep_section(h, *sweep);

  h.h2("method", "计算方法说明", "Method");
  h.p(
      bi("最低成本线性规划（园区源网荷储一体化），HiGHS "
         "求解；投资按资本回收系数年化；各数值均取自上列结果文件。",
         "A least-cost linear program of the park's source-grid-load-storage system solved by "
         "HiGHS; capital costs annualised with the capital recovery factor; every number above is "
         "read from the results files named at the top."));
  h.out += "</section>\n</body>\n</html>\n";
  return h.out;
}

void write_atomically(const fs::path& out, const std::string& html) {
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error(
        fmt::format("cannot write {}: folder {} does not exist", out.string(), dir.string()));
  if (fs::is_directory(out, ec))
    throw std::runtime_error(
        fmt::format("cannot write {}: it is a folder; -o takes the report's file name, e.g. {}",
                    out.string(), (out / "report.html").string()));
  const fs::path tmp = dir / fmt::format(".{}.tmp-{}", out.filename().string(), ::getpid());
  {
    errno = 0;
    std::ofstream f(tmp, std::ios::binary);
    f.write(html.data(), static_cast<std::streamsize>(html.size()));
    f.close();
    if (!f) {
      const std::string why = errno != 0 ? std::strerror(errno) : "write error";
      fs::remove(tmp, ec);
      throw std::runtime_error(fmt::format("cannot write {}: {}", tmp.string(), why));
    }
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(tmp, ec);
    throw std::runtime_error(fmt::format("cannot write {}: {}", out.string(), why));
  }
}

}  // namespace parkgrid::report
