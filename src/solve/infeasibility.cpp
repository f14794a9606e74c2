// Elastic re-solve: which rows must give, and by how much, for the model to become feasible.
// Generic over the LP (the solver layer knows nothing of generators); analysis/explain.cpp
// turns the slacks into the model's words.
#include "parkgrid/solve.hpp"

namespace parkgrid::solve {

ElasticResult solve_elastic(const LinearProgram& lp, std::span<const ElasticRow> rows,
                            const Options& options) {
  LinearProgram e = lp;  // a copy: the CSC layout lets slack columns be appended at the end
  std::fill(e.col_cost.begin(), e.col_cost.end(), 0.0);
  e.offset = 0.0;
  e.a_start.pop_back();  // reopen the last column boundary
  auto add_slack = [&](Index row, double coef, double penalty) {
    e.a_start.push_back(static_cast<Index>(e.a_value.size()));
    e.col_cost.push_back(penalty);
    e.col_lower.push_back(0.0);
    e.col_upper.push_back(kInf);
    e.a_index.push_back(row);
    e.a_value.push_back(coef);
  };
  const Index first_slack = lp.num_col();
  for (const ElasticRow& r : rows) {
    if (r.up) add_slack(r.row, 1.0, r.penalty);
    if (r.down) add_slack(r.row, -1.0, r.penalty);
  }
  e.a_start.push_back(static_cast<Index>(e.a_value.size()));

  ElasticResult out;
  out.solution = solve(e, options);
  out.slack_up.assign(rows.size(), 0.0);
  out.slack_down.assign(rows.size(), 0.0);
  if (!out.solution.has_primal) return out;
  std::size_t col = static_cast<std::size_t>(first_slack);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].up) out.slack_up[i] = out.solution.col_value[col++];
    if (rows[i].down) out.slack_down[i] = out.solution.col_value[col++];
  }
  return out;
}

}  // namespace parkgrid::solve
