"""Import the exercises into an nbgrader course: ``COURSE/source/NN-title/NN-title.ipynb``.

    python tools/make_nbgrader.py COURSE            # every lesson, one assignment each
    python tools/make_nbgrader.py COURSE 02 05      # only these lessons
    python tools/make_nbgrader.py COURSE --force    # also replace edited source notebooks

Then, in COURSE, nbgrader's own commands do the rest (README, "Graded use with nbgrader"):
``nbgrader generate_assignment 02-united-nations`` writes the release (no solution code in it),
``nbgrader autograde 02-united-nations`` grades the collected submissions.

The solutions notebooks are the source, as for ``make exercises``: their answer cells already
carry nbgrader's metadata (autograded answers, ``### BEGIN SOLUTION`` … ``### END SOLUTION``).
This tool only adds what grading needs:
- each answer cell's check (the code after ``### END SOLUTION``, ``kc.check(...)``) moves to a
  locked "autograder tests" cell of its own worth one point, run with ``COURSE_GRADING=1`` (the
  ``nbgrader_config.py`` written here sets it), so that a wrong answer raises and scores zero;
- a Markdown cell with a solution region becomes a "manually graded answer" (one point),
  graded by hand in formgrader;
- the solutions-only notes (``<!-- solutions-only:start -->`` … ``end``) are dropped.

A source notebook that a teacher changed (it differs from what this tool would write) is kept
unless ``--force`` is given; then the old one is kept beside it as ``NN-title.ipynb.bak``.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat
from course_files import write_atomic
from make_exercises import BEGIN, END, ONLY

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
POINTS = 1
CONFIG = '''\
# nbgrader's configuration for the course (written by tools/make_nbgrader.py; edit freely).
import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "karabakh-course"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The checks raise on a wrong answer only under COURSE_GRADING (karabakh_course.checks);
# autograde's kernels inherit this process's environment.
os.environ["COURSE_GRADING"] = "1"
c.Execute.timeout = 120
'''


def meta(grade_id: str, *, solution: bool, grade: bool, locked: bool) -> dict:
    m = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
         "solution": solution}
    if grade:
        m["points"] = POINTS
    return {"nbgrader": m}


def source_notebook(path: Path) -> nbformat.NotebookNode:
    """The nbgrader source notebook made from one solutions notebook."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    written = 0
    for cell in nb.cells:
        cell = copy.deepcopy(cell)
        if cell.cell_type == "markdown":
            cell.source = ONLY.sub("", cell.source)
            if BEGIN in cell.source:
                written += 1
                grade_id = f"{path.stem[:2]}-written-{written}"
                cell.metadata.update(meta(grade_id, solution=True, grade=True, locked=False))
            cells.append(cell)
            continue
        if cell.cell_type == "code" and BEGIN in cell.source:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if not grade_id:
                sys.exit(f"{path}: an answer cell has no nbgrader grade_id in its metadata")
            head, sep, tail = cell.source.rpartition(END)
            cell.source = head + sep
            cell.outputs = []
            cells.append(cell)
            if tail.strip():
                test = nbformat.v4.new_code_cell(tail.strip("\n"))
                test.metadata.update(meta(f"{grade_id}-check", solution=False, grade=True,
                                          locked=True))
                cells.append(test)
            continue
        cells.append(cell)
    nb.cells = cells
    for cell in nb.cells:
        cell.pop("id", None)
    nb.nbformat_minor = 4  # cell ids are left to nbgrader
    nb.metadata.pop("widgets", None)
    return nb


def lessons(wanted: list[str]) -> list[Path]:
    paths = sorted(SOLUTIONS.glob("[0-9][0-9]-*.ipynb"))
    if wanted:
        paths = [p for p in paths if p.name[:2] in wanted]
        missing = set(wanted) - {p.name[:2] for p in paths}
        if missing:
            sys.exit(f"no solutions notebook for lesson(s) {', '.join(sorted(missing))} in "
                     f"{SOLUTIONS}")
    return paths


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("course", type=Path, help="the nbgrader course directory (made if absent)")
    ap.add_argument("lessons", nargs="*", help="two-digit lesson numbers (default: all)")
    ap.add_argument("--force", action="store_true", help="replace edited source notebooks")
    args = ap.parse_args(argv)
    config = args.course / "nbgrader_config.py"
    if not config.exists():
        write_atomic(config, CONFIG)
    for path in lessons(args.lessons):
        target = args.course / "source" / path.stem / path.name
        text = nbformat.writes(source_notebook(path)) + "\n"
        if target.exists() and target.read_text(encoding="utf-8") != text:
            if not args.force:
                print(f"kept {target}: it differs from the solutions (edited?); --force "
                      "replaces it and keeps a .bak copy")
                continue
            write_atomic(target.with_name(target.name + ".bak"), target.read_bytes())
        write_atomic(target, text)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
