"""The golden comparison (issue 13): the microgrid example, the hand-computed cases of
tests/cases, the Pinglu case on 24 typical days, its reform paths and its plan (on 6 typical
days; the 24-day plan of `make demo` is compared by `golden.py check` alone) give the objective
and the result files committed in tests/golden/refs/ (tolerances in tests/golden/golden.py). The
runs are shared with the other tests of this session (conftest.py, golden_runs). After a change
that moves results on purpose: `.venv/bin/python tests/golden/golden.py update`, and the diff of
tests/golden/refs/ shows which figures moved (tests/golden/README.md)."""

import pytest

from conftest import golden


@pytest.mark.parametrize("name", [c[0] for c in golden.compared_cases()])
def test_same_results_as_the_reference(golden_runs, name):
    case = next(c for c in golden.compared_cases() if c[0] == name)
    code, out = golden_runs(name)
    problems = golden.compare_case(case, code, out)
    assert not problems, "\n".join(problems[:40])
