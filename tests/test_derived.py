"""Derived files are current, and stored outputs are exactly what a fresh run produces.

One module, so that each notebook is executed once in `make test` (into a temporary folder):
lessons and solutions are compared byte for byte with their stored outputs, solutions must pass
every check, and exercises must run top to bottom and report "not yet" once per question.
"""

import difflib
import re
import warnings
from pathlib import Path

import make_exercises
import make_nav
import make_sources
import nbformat
import pytest
from execute import execute_all
from notebook_files import LESSONS, ROOT, SOLUTIONS

from karabakh_course.checks import CORRECT, NOT_YET

LINE = re.compile(rf"^({CORRECT}|{NOT_YET}) \[([^\]]+)\]", re.M)


def test_exercises_are_generated_from_the_solutions():
    """The committed exercises are current; a learner's answers in them are not a failure
    (they are said plainly, as a warning in the test summary)."""
    found = make_exercises.check()
    for f in found:
        if not f.problem:
            warnings.warn(f.message, UserWarning, stacklevel=1)
    problems = [f.message for f in found if f.problem]
    assert not problems, "\n".join(problems)


def test_navigation_and_course_map_are_current():
    assert make_nav.main(["--check"]) == 0, "run `make nav` and commit the result"


def test_citations_and_sources_sections_are_current():
    assert make_sources.main(["--check"]) == 0, "run `make nav` and commit the result"


def test_placeholders_define_only_what_later_code_reads():
    """The placeholder does not give the solution's shape away: its loop variables and
    intermediate results stay hidden; only names read after the region (in the cell and in
    later cells) are defined."""
    src = "x = 1\n### BEGIN SOLUTION\nfig, ax = f()\nn: int = 3\nfor i in r:\n    k = i\n" \
          "### END SOLUTION\ncheck(n)"
    out = make_exercises.strip_code(src, "t", later=["fig.savefig('a')\nfor k in y:\n    k"])
    assert out.splitlines() == ["x = 1", "fig = ...  # your answer here",
                                "n = ...  # your answer here", "check(n)"]
    assert "i = " not in out and "ax = " not in out and "k = " not in out
    region = "### BEGIN SOLUTION\n{}\n### END SOLUTION"
    assert make_exercises.strip_code(region.format("total = 0\ntotal = total + 1"), "t",
                                     later=["print(total)"]) == "total = ...  # your answer here"
    # read before it is bound again later: needed; bound first: not needed
    assert make_exercises.strip_code(region.format("a = 1\nb = 2"), "t",
                                     later=["a = a + 1", "b = 3\nprint(b)"]).splitlines() == [
        "a = ...  # your answer here"]
    # read inside a function or a comprehension of a later cell: needed
    assert make_exercises.strip_code(region.format("a = 1\nb = 2"), "t",
                                     later=["def f():\n    return a", "[b for _ in r]"]
                                     ).count("= ...") == 2
    # nothing read later: no placeholder name at all
    assert make_exercises.strip_code(region.format("for i in r:\n    print(i)"), "t",
                                     later=[]).splitlines() == ["# your code here", "pass"]
    # later code that cannot be analysed: every name, as before
    assert make_exercises.strip_code(region.format("a = 1"), "t",
                                     later=["%%bash\necho $a"]) == "a = ...  # your answer here"
    with pytest.raises(make_exercises.SolutionError, match="never closed"):
        make_exercises.strip_code("### BEGIN SOLUTION\nx = 1", "t")


def test_generated_exercises_keep_nbgrader_markers_metadata_and_hide_helpers(root):
    nb = nbformat.read(root / "solutions" / "01-background.ipynb", as_version=4)
    ex = make_exercises.exercise_from_solution(nb, "01-background.ipynb")
    graded = [c for c in ex.cells if "nbgrader" in c.metadata]
    assert graded and all(c.metadata["nbgrader"]["solution"] for c in graded)
    code = "\n".join(c.source for c in ex.cells if c.cell_type == "code")
    assert "stances = " not in code and "fid = " not in code and "per_year = " not in code
    assert "party_only = ...  # your answer here" in code


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Lessons and solutions as committed; exercises as the generator writes them (which
    the test above holds equal to the committed ones), never a learner's working copy."""
    generated = tmp_path_factory.mktemp("generated") / "exercises"
    for path, text in make_exercises.build().items():
        (generated / path.name).parent.mkdir(exist_ok=True)
        (generated / path.name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("executed")
    return execute_all(LESSONS + SOLUTIONS + sorted(generated.glob("*.ipynb")), out)


def differing_cells(stored: Path, fresh: Path, limit: int = 3) -> list[str]:
    """Where a fresh run differs from the stored notebook: cell numbers and their first
    differing output lines, as nbval would report them."""
    a, b = nbformat.read(stored, as_version=4), nbformat.read(fresh, as_version=4)
    if len(a.cells) != len(b.cells):
        return [f"{len(a.cells)} cells stored, {len(b.cells)} after the run"]
    out = []
    for i, (ca, cb) in enumerate(zip(a.cells, b.cells, strict=True), start=1):
        if ca == cb:
            continue
        sa = nbformat.writes(nbformat.v4.new_notebook(cells=[ca])).splitlines()
        sb = nbformat.writes(nbformat.v4.new_notebook(cells=[cb])).splitlines()
        diff = [line for line in difflib.unified_diff(sa, sb, "stored", "fresh", n=0, lineterm="")
                if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        out.append(f"cell {i}: " + " | ".join(x[:120] for x in diff[:4]))
        if len(out) == limit:
            break
    if not out and a.metadata != b.metadata:
        out.append("the notebook's metadata (e.g. saved widget state)")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["notebooks", "solutions"])
def test_reexecution_is_byte_identical(executed, kind):
    """The one execution check of `make test`: every lesson and solution notebook run top to
    bottom in a fresh kernel gives exactly its stored outputs (stronger than nbval, which skips
    images and widget state)."""
    changed = {}
    for src, dest in executed.items():
        if src.parent.name == kind and src.read_bytes() != dest.read_bytes():
            changed[src.name] = differing_cells(src, dest) or ["bytes differ"]
    report = "; ".join(f"{name}: {', '.join(where)}" for name, where in changed.items())
    assert not changed, f"stored outputs differ from a fresh run (run `make execute`): {report}"


def check_lines(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(o.get("text", "") if o.get("output_type") == "stream"
                     else o.get("data", {}).get("text/plain", "")
                     for c in nb.cells for o in c.get("outputs", []))
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
            sol = ROOT / "solutions" / src.name
            sol_code = "\n".join(c.source for c in nbformat.read(sol, as_version=4).cells)
            expected = re.findall(r'kc\.check\("([^"]+)"', sol_code)
            assert sorted(qs) == sorted(expected)


def test_article_claims_tables_are_current():
    """Every lesson's table "What the article says, what the record shows" is generated from
    data/claims.csv (tools/make_claims.py, run by `make nav`)."""
    import make_claims

    assert make_claims.main(["--check"]) == 0, "run `make nav` and commit the result"
