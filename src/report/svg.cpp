#include "report/svg.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

namespace parkgrid::report::svg {
namespace {

constexpr double kLeft = 70, kRight = 16, kTop = 14, kBottom = 44;
constexpr double kLegendRow = 18;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string fmt_tick(double v) {
  const double a = std::abs(v);
  if (a == 0) return "0";
  if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:g}k", v / 1e3);
  if (a >= 100) return fmt::format("{:.0f}", v);
  if (a >= 1) return fmt::format("{:g}", std::round(v * 100) / 100);
  return fmt::format("{:g}", std::round(v * 10000) / 10000);
}

struct Scale {
  double lo, hi, top, bottom;
  [[nodiscard]] double y(double v) const {
    return hi == lo ? bottom : bottom - (v - lo) / (hi - lo) * (bottom - top);
  }
};

// Legend entries laid out in rows below the plot; returns the SVG and the height it takes.
std::pair<std::string, double> legend(const std::vector<std::pair<std::string, std::string>>& items,
                                      double width, double y0) {
  std::string out;
  double x = kLeft, y = y0;
  for (const auto& [name, color] : items) {
    // CJK characters are about twice as wide as Latin ones at this font size.
    double w = 22;
    for (std::size_t i = 0; i < name.size(); ++i) {
      const auto c = static_cast<unsigned char>(name[i]);
      if (c < 0x80)
        w += 6.4;
      else if (c >= 0xE0)
        w += 12;  // first byte of a 3-byte sequence (CJK)
    }
    w += 14;
    if (x + w > width - kRight && x > kLeft) {
      x = kLeft;
      y += kLegendRow;
    }
    out += fmt::format(
        R"~(<rect x="{:.1f}" y="{:.1f}" width="12" height="12" fill="{}"/><text x="{:.1f}" y="{:.1f}" class="lg">{}</text>)~",
        x, y - 10, color, x + 17, y, escape(name));
    x += w;
  }
  return {out, items.empty() ? 0.0 : y - y0 + kLegendRow};
}

std::string open_svg(const Frame& f, double height) {
  return fmt::format(
      R"~(<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{}" viewBox="0 0 {:.0f} {:.0f}" width="{:.0f}" height="{:.0f}" role="img">)~"
      R"~(<style>text{{font:11px 'Noto Sans CJK SC','Microsoft YaHei',sans-serif;fill:#333}}.lg{{font-size:11px}}.ax{{stroke:#999;stroke-width:1}}.gr{{stroke:#e3e3e3;stroke-width:1}}</style>)~",
      escape(f.id), f.width, height, f.width, height);
}

// Y axis with grid lines and labels, and the x labels at up to eight evenly spaced ticks.
std::string axes(const Frame& f, const Scale& s, const std::vector<double>& yt,
                 const std::vector<std::string>& x, double plot_w) {
  std::string out;
  for (double v : yt) {
    const double y = s.y(v);
    out += fmt::format(R"~(<line class="gr" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)~",
                       kLeft, kLeft + plot_w, y, y);
    out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)~", kLeft - 6,
                       y + 4, fmt_tick(v));
  }
  out += fmt::format(R"~(<line class="ax" x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}"/>)~",
                     kLeft, s.top, s.bottom);
  if (s.lo < 0 && s.hi > 0)
    out += fmt::format(R"~(<line class="ax" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)~",
                       kLeft, kLeft + plot_w, s.y(0), s.y(0));
  out += fmt::format(
      R"~(<text transform="translate(14,{:.1f}) rotate(-90)" text-anchor="middle">{}</text>)~",
      (s.top + s.bottom) / 2, escape(f.y_label));
  if (!x.empty()) {
    const std::size_t n = x.size();
    const std::size_t nt = std::min<std::size_t>(8, n);
    for (std::size_t k = 0; k < nt; ++k) {
      const std::size_t i = nt == 1 ? 0 : k * (n - 1) / (nt - 1);
      const double px =
          kLeft + (n == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(n - 1)) * plot_w;
      std::string label = x[i];
      if (label.size() == 16 && label[10] == 'T')
        label = label.substr(5, 5) + " " + label.substr(11);
      const char* anchor = k + 1 == nt && nt > 1 ? "end" : (k == 0 && nt > 1 ? "start" : "middle");
      out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="{}">{}</text>)~", px,
                         s.bottom + 16, anchor, escape(label));
    }
  }
  if (!f.x_label.empty())
    out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)~",
                       kLeft + plot_w / 2, s.bottom + 32, escape(f.x_label));
  return out;
}

double px_of(std::size_t i, std::size_t n, double plot_w) {
  return kLeft + (n <= 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1)) * plot_w;
}

std::string points(const std::vector<std::pair<double, double>>& pts) {
  std::string out;
  for (const auto& [x, y] : pts) out += fmt::format("{:.1f},{:.1f} ", x, y);
  return out;
}

Scale scale_for(double lo, double hi, double top, double bottom, std::vector<double>* yt) {
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  *yt = ticks(lo, hi);
  return {std::min(lo, yt->front()), std::max(hi, yt->back()), top, bottom};
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<double> ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) hi = lo + 1;
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> out;
  const double first = std::floor(lo / step) * step;
  for (double v = first; v <= hi + step * 0.999; v += step) {
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (out.size() > 50) break;
  }
  return out;
}

std::string color_for(std::string_view kind, std::size_t index) {
  static const char* palette[] = {"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de",
                                  "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc", "#8d6e63"};
  if (kind == "solar" || kind == "pv") return index % 2 ? "#f4b400" : "#fdd835";
  if (kind == "wind") return "#26a69a";
  if (kind == "coal" || kind == "gas" || kind == "diesel") return index % 2 ? "#616161" : "#9e9e9e";
  if (kind == "grid") return "#1e88e5";
  if (kind == "export") return "#90caf9";
  if (kind == "storage" || kind == "battery") return index % 2 ? "#8e24aa" : "#ba68c8";
  if (kind == "link") return "#43a047";
  return palette[index % std::size(palette)];
}

std::string stacked_area(const Frame& f, const std::vector<std::string>& x,
                         const std::vector<Layer>& up, const std::vector<Layer>& down,
                         const Layer& line) {
  const std::size_t n = x.size();
  std::vector<double> top(n, 0.0), bottom(n, 0.0);
  for (const auto& l : up)
    for (std::size_t i = 0; i < n && i < l.values.size(); ++i) top[i] += std::max(0.0, l.values[i]);
  for (const auto& l : down)
    for (std::size_t i = 0; i < n && i < l.values.size(); ++i)
      bottom[i] -= std::max(0.0, l.values[i]);
  double hi = n ? *std::max_element(top.begin(), top.end()) : 1.0;
  for (double v : line.values) hi = std::max(hi, v);
  const double lo = n ? *std::min_element(bottom.begin(), bottom.end()) : 0.0;
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& l : up) items.emplace_back(l.name, l.color);
  for (const auto& l : down) items.emplace_back(l.name, l.color);
  if (!line.values.empty()) items.emplace_back(line.name, line.color);
  const double plot_w = f.width - kLeft - kRight;
  const auto [leg, leg_h] = legend(items, f.width, f.height + 8);
  std::string out = open_svg(f, f.height + leg_h + 4);
  std::vector<double> yt;
  const Scale s = scale_for(std::min(0.0, lo), hi, kTop, f.height - kBottom, &yt);
  out += axes(f, s, yt, x, plot_w);
  const auto band = [&](const std::vector<Layer>& layers, int sign) {
    std::vector<double> base(n, 0.0);
    for (const auto& l : layers) {
      std::vector<std::pair<double, double>> upper, lower;
      for (std::size_t i = 0; i < n; ++i) {
        const double v = i < l.values.size() ? std::max(0.0, l.values[i]) : 0.0;
        lower.emplace_back(px_of(i, n, plot_w), s.y(base[i]));
        base[i] += sign * v;
        upper.emplace_back(px_of(i, n, plot_w), s.y(base[i]));
      }
      std::reverse(lower.begin(), lower.end());
      out += fmt::format(
          R"~(<polygon points="{}{}" fill="{}" fill-opacity="0.85"><title>{}</title></polygon>)~",
          points(upper), points(lower), l.color, escape(l.name));
    }
  };
  band(up, 1);
  band(down, -1);
  if (!line.values.empty()) {
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = 0; i < n && i < line.values.size(); ++i)
      pts.emplace_back(px_of(i, n, plot_w), s.y(line.values[i]));
    out += fmt::format(
        R"~(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6"><title>{}</title></polyline>)~",
        points(pts), line.color, escape(line.name));
  }
  out += leg;
  out += "</svg>";
  return out;
}

std::string lines(const Frame& f, const std::vector<std::string>& x,
                  const std::vector<Layer>& series) {
  const std::size_t n = x.size();
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& l : series)
    for (double v : l.values)
      if (std::isfinite(v)) {
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
      }
  lo = std::min(lo, 0.0);
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& l : series) items.emplace_back(l.name, l.color);
  const double plot_w = f.width - kLeft - kRight;
  const auto [leg, leg_h] = legend(items, f.width, f.height + 8);
  std::string out = open_svg(f, f.height + leg_h + 4);
  std::vector<double> yt;
  const Scale s = scale_for(lo, hi, kTop, f.height - kBottom, &yt);
  out += axes(f, s, yt, x, plot_w);
  for (const auto& l : series) {
    std::vector<std::pair<double, double>> pts;
    // Long series (a year's duration curve) are thinned to about two points per pixel.
    const std::size_t stride = std::max<std::size_t>(1, n / static_cast<std::size_t>(2 * plot_w));
    for (std::size_t i = 0; i < n && i < l.values.size(); i += stride)
      if (std::isfinite(l.values[i])) pts.emplace_back(px_of(i, n, plot_w), s.y(l.values[i]));
    if (n > 0 && l.values.size() >= n && (n - 1) % stride != 0 && std::isfinite(l.values[n - 1]))
      pts.emplace_back(px_of(n - 1, n, plot_w), s.y(l.values[n - 1]));
    out += fmt::format(
        R"~(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6"><title>{}</title></polyline>)~",
        points(pts), l.color, escape(l.name));
  }
  out += leg;
  out += "</svg>";
  return out;
}

std::string stacked_bars(const Frame& f, const std::vector<std::string>& categories,
                         const std::vector<Layer>& layers, const std::vector<double>& totals) {
  const std::size_t n = categories.size();
  std::vector<double> pos(n, 0.0), neg(n, 0.0);
  for (const auto& l : layers)
    for (std::size_t i = 0; i < n && i < l.values.size(); ++i)
      (l.values[i] >= 0 ? pos[i] : neg[i]) += l.values[i];
  double hi = n ? *std::max_element(pos.begin(), pos.end()) : 1.0;
  const double lo = n ? *std::min_element(neg.begin(), neg.end()) : 0.0;
  for (double t : totals) hi = std::max(hi, t);
  hi *= 1.08;  // room for the totals above the bars
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& l : layers) items.emplace_back(l.name, l.color);
  const double plot_w = f.width - kLeft - kRight;
  const auto [leg, leg_h] = legend(items, f.width, f.height + 8);
  std::string out = open_svg(f, f.height + leg_h + 4);
  std::vector<double> yt;
  const Scale s = scale_for(std::min(0.0, lo), hi, kTop, f.height - kBottom, &yt);
  out += axes(f, s, yt, {}, plot_w);
  const double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  const double bar = slot * 0.56;
  for (std::size_t i = 0; i < n; ++i) {
    const double x0 = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
    double up = 0, down = 0;
    for (const auto& l : layers) {
      if (i >= l.values.size() || l.values[i] == 0 || !std::isfinite(l.values[i])) continue;
      const double v = l.values[i];
      double& base = v >= 0 ? up : down;
      const double y1 = s.y(base), y2 = s.y(base + v);
      base += v;
      out += fmt::format(
          R"~(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{}: {:.4f}</title></rect>)~",
          x0, std::min(y1, y2), bar, std::abs(y2 - y1), l.color, escape(l.name), v);
    }
    if (i < totals.size() && std::isfinite(totals[i]))
      out += fmt::format(
          R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-weight="bold">{:.4f}</text>)~",
          x0 + bar / 2, s.y(std::max(up, totals[i])) - 5, totals[i]);
    // Category labels: split "中文 English" over two lines when long.
    const std::string& c = categories[i];
    const auto sp = c.find('\n');
    out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)~",
                       x0 + bar / 2, s.bottom + 15, escape(c.substr(0, sp)));
    if (sp != std::string::npos)
      out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)~",
                         x0 + bar / 2, s.bottom + 29, escape(c.substr(sp + 1)));
  }
  out += leg;
  out += "</svg>";
  return out;
}

std::string hbars(const Frame& f, const std::vector<std::string>& labels,
                  const std::vector<double>& low, const std::vector<double>& high, double base) {
  constexpr double kLabelW = 190, kRow = 24;
  const std::size_t n = labels.size();
  double lo = std::isfinite(base) ? base : 0.0, hi = lo;
  for (std::size_t i = 0; i < n; ++i)
    for (double v : {low[i], high[i]})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const std::vector<double> xt = ticks(lo, hi);
  lo = std::min(lo, xt.front());
  hi = std::max(hi, xt.back());
  if (!(hi > lo)) hi = lo + 1;
  const double left = kLabelW, right = f.width - kRight, top = kTop;
  const double bottom = top + kRow * static_cast<double>(std::max<std::size_t>(n, 1));
  const auto px = [&](double v) { return left + (v - lo) / (hi - lo) * (right - left); };
  std::string out = open_svg(f, bottom + 40);
  for (double v : xt) {
    out +=
        fmt::format(R"~(<line class="gr" x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}"/>)~",
                    px(v), top, bottom);
    out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)~", px(v),
                       bottom + 14, fmt_tick(v));
  }
  if (!f.x_label.empty())
    out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)~",
                       (left + right) / 2, bottom + 32, escape(f.x_label));
  for (std::size_t i = 0; i < n; ++i) {
    const double y = top + kRow * static_cast<double>(i);
    out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)~", left - 6,
                       y + kRow / 2 + 4, escape(labels[i]));
    if (!std::isfinite(low[i]) || !std::isfinite(high[i])) continue;
    const double a = std::min(low[i], high[i]), b = std::max(low[i], high[i]);
    const double x0 = std::isfinite(base) ? std::min(px(a), px(base)) : px(a);
    const double x1 = std::isfinite(base) ? std::max(px(b), px(base)) : px(b);
    // A tornado: the part below the base in one colour, above it in another.
    if (std::isfinite(base) && a < base)
      out += fmt::format(
          R"~(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#5470c6"><title>{}: {:.6g}</title></rect>)~",
          x0, y + 4, px(base) - x0, kRow - 8, escape(labels[i]), a);
    if (!std::isfinite(base) || b > base)
      out += fmt::format(
          R"~(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#ee6666"><title>{}: {:.6g}</title></rect>)~",
          std::isfinite(base) ? px(base) : x0, y + 4, x1 - (std::isfinite(base) ? px(base) : x0),
          kRow - 8, escape(labels[i]), b);
  }
  if (std::isfinite(base))
    out +=
        fmt::format(R"~(<line class="ax" x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}"/>)~",
                    px(base), top, bottom);
  out += "</svg>";
  return out;
}

std::string scatter(const Frame& f, const std::vector<double>& x,
                    const std::vector<Layer>& series) {
  double xlo = kInfinity, xhi = -kInfinity, ylo = kInfinity, yhi = -kInfinity;
  for (const auto& l : series)
    for (std::size_t i = 0; i < x.size() && i < l.values.size(); ++i) {
      if (!std::isfinite(x[i]) || !std::isfinite(l.values[i])) continue;
      xlo = std::min(xlo, x[i]), xhi = std::max(xhi, x[i]);
      ylo = std::min(ylo, l.values[i]), yhi = std::max(yhi, l.values[i]);
    }
  if (!std::isfinite(xlo)) xlo = 0, xhi = 1, ylo = 0, yhi = 1;
  if (!(xhi > xlo)) xhi = xlo + std::max(1.0, std::abs(xlo) * 0.1);
  const double plot_w = f.width - kLeft - kRight;
  std::vector<std::pair<std::string, std::string>> items;
  if (series.size() > 1)
    for (const auto& l : series) items.emplace_back(l.name, l.color);
  const auto [leg, leg_h] = legend(items, f.width, f.height + 8);
  std::vector<double> yt;
  const Scale s = scale_for(ylo, yhi, kTop, f.height - kBottom, &yt);
  const std::vector<double> xt = ticks(xlo, xhi);
  const double x0 = std::min(xlo, xt.front()), x1 = std::max(xhi, xt.back());
  const auto px = [&](double v) { return kLeft + (v - x0) / (x1 - x0) * plot_w; };
  std::string out = open_svg(f, f.height + leg_h + 4);
  out += axes(f, s, yt, {}, plot_w);
  for (double v : xt)
    out += fmt::format(R"~(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)~", px(v),
                       s.bottom + 16, fmt_tick(v));
  for (const auto& l : series)
    for (std::size_t i = 0; i < x.size() && i < l.values.size(); ++i) {
      if (!std::isfinite(x[i]) || !std::isfinite(l.values[i])) continue;
      out += fmt::format(
          R"~(<circle cx="{:.1f}" cy="{:.1f}" r="3" fill="{}" fill-opacity="0.75"><title>{}: {:.6g}, {:.6g}</title></circle>)~",
          px(x[i]), s.y(l.values[i]), l.color, escape(l.name), x[i], l.values[i]);
    }
  out += leg;
  out += "</svg>";
  return out;
}

}  // namespace parkgrid::report::svg
