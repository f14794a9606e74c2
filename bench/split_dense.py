"""HiPO on an LP whose dense columns are split: each column with more than --max-nnz entries is
replaced by copies holding at most --chunk of its entries each, tied by equality rows
(x_1 - x_k = 0), so no column fills a large block of the normal equations. Same objective (the
first copy keeps the cost and bounds; the others are free). Solves it with HiPO and prints the
time, the peak memory of the process (which includes this script's copy of the LP) and the
objective; --write FILE only writes the split LP, for bench/hipo_memory.py to measure alone:

    .venv/bin/python bench/split_dense.py /tmp/pinglu.mps --split yes --chunk 24 threads=2
    .venv/bin/python bench/split_dense.py /tmp/pinglu.mps --write /tmp/pinglu_split.mps
    .venv/bin/python bench/hipo_memory.py /tmp/pinglu_split.mps run_crossover=on threads=2

Figures and their meaning: bench/README.md ("Where HiPO's memory goes").
"""
import argparse
import resource
import time

import highspy
import numpy as np


def split_dense(lp, max_nnz: int, chunk: int):
    """The LP (highspy HighsLp, column-wise) with every column of more than max_nnz entries
    split into copies of at most `chunk` entries, linked by equality rows."""
    start = np.asarray(lp.a_matrix_.start_)
    index = np.asarray(lp.a_matrix_.index_)
    value = np.asarray(lp.a_matrix_.value_)
    n, m = lp.num_col_, lp.num_row_
    cost, lower, upper = list(lp.col_cost_), list(lp.col_lower_), list(lp.col_upper_)
    cols = []  # (cost, lower, upper, rows, values) of the new columns, originals first
    extra_rows = 0
    links = []  # (first copy, copy) pairs
    for j in range(n):
        rows, vals = index[start[j]:start[j + 1]], value[start[j]:start[j + 1]]
        if len(rows) <= max_nnz:
            cols.append((cost[j], lower[j], upper[j], list(rows), list(vals)))
            continue
        order = np.argsort(rows)
        rows, vals = rows[order], vals[order]
        cols.append((cost[j], lower[j], upper[j], list(rows[:chunk]), list(vals[:chunk])))
        first = len(cols) - 1
        for k in range(chunk, len(rows), chunk):
            cols.append((0.0, -highspy.kHighsInf, highspy.kHighsInf, list(rows[k:k + chunk]),
                         list(vals[k:k + chunk])))
            links.append((first, len(cols) - 1))
            extra_rows += 1
    # link rows: x_first - x_copy = 0
    for r, (a, b) in enumerate(links):
        cols[a][3].append(m + r)
        cols[a][4].append(1.0)
        cols[b][3].append(m + r)
        cols[b][4].append(-1.0)
    out = highspy.HighsLp()
    out.num_col_ = len(cols)
    out.num_row_ = m + extra_rows
    out.col_cost_ = [c[0] for c in cols]
    out.col_lower_ = [c[1] for c in cols]
    out.col_upper_ = [c[2] for c in cols]
    out.row_lower_ = list(lp.row_lower_) + [0.0] * extra_rows
    out.row_upper_ = list(lp.row_upper_) + [0.0] * extra_rows
    out.offset_ = lp.offset_
    out.sense_ = lp.sense_
    s, idx, val = [0], [], []
    for c in cols:
        idx.extend(c[3])
        val.extend(c[4])
        s.append(len(idx))
    out.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    out.a_matrix_.start_ = s
    out.a_matrix_.index_ = idx
    out.a_matrix_.value_ = val
    out.a_matrix_.num_col_ = len(cols)
    out.a_matrix_.num_row_ = m + extra_rows
    return out, len(links)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--split", choices=("yes", "no"), default="yes")
    ap.add_argument("--max-nnz", type=int, default=200)
    ap.add_argument("--chunk", type=int, default=24)
    ap.add_argument("--write", default=None, help="write the split LP here and stop")
    ap.add_argument("options", nargs="*", help="HiGHS options NAME=VALUE")
    a = ap.parse_args()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(a.model)
    lp = h.getLp()
    before = (lp.num_col_, lp.num_row_, len(lp.a_matrix_.value_))
    links = 0
    if a.write:
        split, links = split_dense(lp, a.max_nnz, a.chunk)
        w = highspy.Highs()
        w.setOptionValue("output_flag", False)
        w.passModel(split)
        w.writeModel(a.write)
        print(f"{a.write}: {links} columns split off, {split.num_col_} columns, "
              f"{split.num_row_} rows")
        return
    if a.split == "yes":
        split, links = split_dense(lp, a.max_nnz, a.chunk)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(split)
        lp = h.getLp()
    h.setOptionValue("solver", "hipo")
    for option in a.options:
        name, value = option.split("=", 1)
        try:
            h.setOptionValue(name, int(value))
        except ValueError:
            h.setOptionValue(name, value)
    t0 = time.time()
    h.run()
    seconds = time.time() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"split={a.split} max_nnz={a.max_nnz} chunk={a.chunk} {' '.join(a.options)} "
          f"cols {before[0]}->{lp.num_col_} rows {before[1]}->{lp.num_row_} "
          f"nz {before[2]}->{len(lp.a_matrix_.value_)} links={links} "
          f"status={h.modelStatusToString(h.getModelStatus())} "
          f"objective={h.getInfo().objective_function_value:.9e} solve_s={seconds:.1f} "
          f"peak_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
