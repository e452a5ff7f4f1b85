"""The course's notebooks, for the tests."""

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]-*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]-*.ipynb"))
ALL = LESSONS + SOLUTIONS + EXERCISES


def read(path):
    return nbformat.read(path, as_version=4)


def ids(paths):
    return [f"{p.parent.name}/{p.name}" for p in paths]
