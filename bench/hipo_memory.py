"""HiPO's time and peak memory on an LP file, with HiGHS options given as NAME=VALUE.

    parkgrid run data/pinglu/scenario.toml --uc off --write-model /tmp/pinglu.mps -o /tmp/x
    .venv/bin/python bench/hipo_memory.py /tmp/pinglu.mps run_crossover=on threads=2 \
        hipo_system=augmented

Run each setting in its own process: the peak (ru_maxrss) is the whole process's. Figures and
their meaning: bench/README.md ("Where HiPO's memory goes").
"""
import resource
import sys
import time

import highspy


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path, options = sys.argv[1], sys.argv[2:]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(path)
    h.setOptionValue("solver", "hipo")
    for option in options:
        name, value = option.split("=", 1)
        try:
            h.setOptionValue(name, int(value))
        except ValueError:
            h.setOptionValue(name, value)
    start = time.time()
    h.run()
    seconds = time.time() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{' '.join(options):50s} status={h.modelStatusToString(h.getModelStatus())} "
          f"objective={h.getInfo().objective_function_value:.6f} solve_s={seconds:.1f} "
          f"peak_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
