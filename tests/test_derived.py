"""Derived files are current, and stored outputs are exactly what a fresh run produces.

One module, so that the notebooks are executed once (into a temporary folder) for both the
byte-for-byte comparison and the inverted check.
"""

import re

import make_exercises
import make_nav
import nbformat
import pytest
from execute import execute_all
from notebook_files import EXERCISES, LESSONS, SOLUTIONS

from karabakh_course.checks import CORRECT, NOT_YET

LINE = re.compile(r"^(✅|❌ not yet) \[([^\]]+)\]", re.M)


def test_exercises_are_generated_from_the_solutions():
    assert make_exercises.main(["--check"]) == 0, "run `make exercises` and commit the result"


def test_navigation_and_course_map_are_current():
    assert make_nav.main(["--check"]) == 0, "run `make nav` and commit the result"


def test_placeholders_replace_every_solution():
    src = "x = 1\n### BEGIN SOLUTION\nfig, ax = f()\nn: int = 3\nfor i in r:\n    k = i\n" \
          "### END SOLUTION\ncheck(n)"
    out = make_exercises.strip_code(src, "t")
    assert out.splitlines() == ["x = 1", "fig = ...  # your answer here",
                                "ax = ...  # your answer here", "n = ...  # your answer here",
                                "k = ...  # your answer here", "check(n)"]
    with pytest.raises(make_exercises.SolutionError, match="never closed"):
        make_exercises.strip_code("### BEGIN SOLUTION\nx = 1", "t")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    out = tmp_path_factory.mktemp("executed")
    return execute_all(LESSONS + SOLUTIONS + EXERCISES, out)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["notebooks", "solutions"])
def test_reexecution_is_byte_identical(executed, kind):
    changed = []
    for src, dest in executed.items():
        if src.parent.name == kind and src.read_bytes() != dest.read_bytes():
            changed.append(src.name)
    assert not changed, f"stored outputs differ from a fresh run: {changed} (run `make execute`)"


def check_lines(path):
    nb = nbformat.read(path, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                   if o.get("output_type") == "stream")
    return LINE.findall(text)


@pytest.mark.slow
def test_solutions_pass_every_check(executed):
    for src, dest in executed.items():
        if src.parent.name == "solutions":
            lines = check_lines(dest)
            assert lines, f"{src.name}: no check ran"
            bad = [q for mark, q in lines if mark != CORRECT]
            assert not bad, f"{src.name}: the solution fails {bad}"


@pytest.mark.slow
def test_exercises_report_not_yet_exactly_once(executed):
    for src, dest in executed.items():
        if src.parent.name == "exercises":
            lines = check_lines(dest)
            qs = [q for _, q in lines]
            assert lines, f"{src.name}: no check ran"
            assert all(mark == NOT_YET for mark, _ in lines), f"{src.name}: {lines}"
            assert len(qs) == len(set(qs)), f"{src.name}: a question reported twice"
            sol = src.parent.parent / "solutions" / src.name
            sol_code = "\n".join(c.source for c in nbformat.read(sol, as_version=4).cells)
            expected = re.findall(r'kc\.check\("([^"]+)"', sol_code)
            assert sorted(qs) == sorted(expected)
