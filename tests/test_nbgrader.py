"""Graded use: the exercises imported into an nbgrader course, released and graded by nbgrader's
own commands on a temporary course directory (tools/make_nbgrader.py; README, "Graded use").

Heavy (nbgrader starts a kernel per submission): marked ``slow`` and ``nbgrader``, so
``make test-fast`` or ``-m "not nbgrader"`` leaves it out.
"""

from __future__ import annotations

import copy
import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from make_exercises import BEGIN, END

pytestmark = [pytest.mark.slow, pytest.mark.nbgrader]

LESSON = "02-united-nations"  # graded in full; every lesson is released


def nbgrader(course: Path, *args: str) -> None:
    env = dict(os.environ)
    env.pop("COURSE_GRADING", None)  # the course's nbgrader_config.py must set it
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # alembic
    out = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}"


def solution_lines(nb) -> set[str]:
    """Every non-blank line inside a solution region of a notebook."""
    lines = set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if BEGIN in line:
                inside = True
            elif END in line:
                inside = False
            elif inside and line.strip():
                lines.add(line.strip())
    return lines


@pytest.fixture(scope="module")
def course(tmp_path_factory, root):
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    subprocess.run([sys.executable, str(root / "tools" / "make_nbgrader.py"), str(course)],
                   check=True, capture_output=True)
    nbgrader(course, "generate_assignment", "*")
    return course


def test_every_lesson_is_released_without_solution_code(course, root):
    sources = sorted((course / "source").glob("*/*.ipynb"))
    assert [p.name for p in sources] == sorted(p.name for p in root.glob("solutions/*.ipynb"))
    for src in sources:
        release = course / "release" / src.parent.name / src.name
        assert release.exists(), f"nbgrader released no {release.name}"
        secret = solution_lines(nbformat.read(src, as_version=4))
        assert secret, f"{src.name}: no solution region found (the import lost them)"
        nb = nbformat.read(release, as_version=4)
        for cell in nb.cells:
            assert BEGIN not in cell.source and END not in cell.source, release.name
            leaked = [line for line in cell.source.splitlines() if line.strip() in secret]
            assert not leaked, f"{release.name}: solution code in the release: {leaked}"
            assert not cell.get("outputs"), f"{release.name}: a cell keeps its outputs"


def test_autograde_gives_zero_to_the_release_and_full_marks_to_the_solutions(course):
    name = f"{LESSON}.ipynb"
    source = nbformat.read(course / "source" / LESSON / name, as_version=4)
    checks = sum(c.metadata.get("nbgrader", {}).get("locked", False) for c in source.cells)
    wrong = copy.deepcopy(source)  # one wrong answer: under COURSE_GRADING its check raises
    first = next(c for c in wrong.cells if c.source.startswith(f"{BEGIN}\nn_yes = int("))
    first.source = first.source.replace(END, f"n_yes = n_yes + 1  # one vote too many\n{END}")
    submissions = {"unsolved": nbformat.read(course / "release" / LESSON / name, as_version=4),
                   "solved": source, "one-wrong": wrong}
    for student, nb in submissions.items():
        folder = course / "submitted" / student / LESSON
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / name)
    nbgrader(course, "autograde", LESSON, "--create")
    nbgrader(course, "export", "--to", "grades.csv")
    with open(course / "grades.csv", newline="") as f:
        grades = {row["student_id"]: row for row in csv.DictReader(f)
                  if row["assignment"] == LESSON}
    # one point per check; the written answers (the rest of max_score) are graded by hand
    assert checks > 1 and float(grades["solved"]["max_score"]) >= checks
    scores = {s: float(row["score"]) for s, row in grades.items()}
    assert scores == {"unsolved": 0.0, "solved": float(checks), "one-wrong": checks - 1.0}
    shutil.rmtree(course / "autograded")
