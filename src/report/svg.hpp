// Charts as inline SVG for the self-contained report: no script, no network, prints to PDF.
// Each function returns one <svg> element with axes, ticks, a legend and a <title> per element
// class "chart" and a data-chart attribute naming it (the tests look for them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/results.hpp"

namespace parkgrid::report::svg {

struct Layer {
  std::string name;
  std::vector<double> values;
  std::string color;  // CSS colour
};

struct Frame {
  std::string id;       // data-chart="..."
  std::string y_label;  // with unit, e.g. "MW"
  std::string x_label;  // e.g. "hour 小时"
  double width = 880;
  double height = 320;
};

// Stacked areas: `up` stacked above zero, `down` stacked below zero, `line` drawn on top (may
// be empty). x labels are shown at a few ticks.
[[nodiscard]] std::string stacked_area(const Frame& f, const std::vector<std::string>& x,
                                       const std::vector<Layer>& up, const std::vector<Layer>& down,
                                       const Layer& line);

// Lines over a shared x axis (state of charge, duration curves).
[[nodiscard]] std::string lines(const Frame& f, const std::vector<std::string>& x,
                                const std::vector<Layer>& series);

// Stacked bars, one bar per category; each layer gives one value per category (negative values
// stack below zero). `totals` (one per category, may be empty) are printed above the bars.
[[nodiscard]] std::string stacked_bars(const Frame& f, const std::vector<std::string>& categories,
                                       const std::vector<Layer>& layers,
                                       const std::vector<double>& totals);

// Horizontal bars, one row per label, each from `low[i]` to `high[i]` (a tornado: a figure at
// a parameter's low and high value; or indices from 0). `base` (NaN for none) is drawn as a
// vertical line; the x axis carries the values, `f.x_label` names them.
[[nodiscard]] std::string hbars(const Frame& f, const std::vector<std::string>& labels,
                                const std::vector<double>& low, const std::vector<double>& high,
                                double base);

// Points (x[i], series[k].values[i]), one colour per series, both axes scaled to the data;
// non-finite points are left out. A legend when there is more than one series.
[[nodiscard]] std::string scatter(const Frame& f, const std::vector<double>& x,
                                  const std::vector<Layer>& series);

// A colour for a component from its kind or carrier: solar gold, wind teal, coal grey, ...
[[nodiscard]] std::string color_for(std::string_view kind, std::size_t index);

// "Nice" axis ticks covering [lo, hi].
[[nodiscard]] std::vector<double> ticks(double lo, double hi, int target = 5);

// Escapes text for HTML and SVG.
[[nodiscard]] std::string escape(std::string_view text);

}  // namespace parkgrid::report::svg
