"""The exercise generator never loses a learner's work, and its check compares committed files."""

import os
import shutil
import subprocess

import make_exercises
import nbformat
import pytest
from course_files import write_atomic

NAME = "00-start-here.ipynb"


@pytest.fixture
def course(tmp_path, root):
    """A small course: one solution, its exercise generated."""
    (tmp_path / "solutions").mkdir()
    shutil.copy(root / "solutions" / NAME, tmp_path / "solutions" / NAME)
    assert make_exercises.write(tmp_path, say=lambda _: None) == 0
    return tmp_path


def change_solution(course):
    p = course / "solutions" / NAME
    nb = nbformat.read(p, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A new closing note."))
    nbformat.write(nb, p)


def answer(course, outputs_only=False):
    p = course / "exercises" / NAME
    nb = nbformat.read(p, as_version=4)
    cell = next(c for c in nb.cells if "= ...  # your answer here" in c.source)
    if outputs_only:
        cell.outputs = [nbformat.v4.new_output("stream", text="❌ not yet\n")]
        cell.execution_count = 3
    else:
        cell.source = cell.source.replace("= ...  # your answer here", "= len(sources)")
    nbformat.write(nb, p)
    return p.read_bytes()


def run(course, *args):
    said = []
    code = make_exercises.write(course, force="--force" in args, say=said.append)
    return code, "\n".join(said)


@pytest.mark.parametrize("outputs_only", [False, True], ids=["answers", "outputs"])
def test_an_answered_exercise_is_not_overwritten(course, outputs_only):
    mine = answer(course, outputs_only)
    change_solution(course)
    code, said = run(course)
    assert code == 1
    assert (course / "exercises" / NAME).read_bytes() == mine
    assert "kept exercises/00-start-here.ipynb" in said and "--force" in said
    assert not (course / "backups").exists()


def test_force_replaces_it_and_keeps_a_backup(course):
    mine = answer(course)
    change_solution(course)
    code, said = run(course, "--force")
    assert code == 0
    backups = list((course / "backups" / "exercises").glob("00-start-here-*.ipynb"))
    assert len(backups) == 1 and backups[0].read_bytes() == mine
    assert str(backups[0].relative_to(course)) in said
    new = nbformat.read(course / "exercises" / NAME, as_version=4)
    assert new.cells[-3].source == "A new closing note."  # then the progress cells


def test_an_untouched_exercise_is_updated(course):
    change_solution(course)
    assert run(course) == (0, "exercises: 1 notebooks, 1 rewritten, 0 kept, 0 removed")


def test_a_copy_made_in_jupyterlab_is_never_deleted(course):
    copy = course / "exercises" / "00-start-here-Copy1.ipynb"
    shutil.copy(course / "exercises" / NAME, copy)
    other = course / "exercises" / "my-notes.ipynb"
    other.write_text("{}", encoding="utf-8")
    code, said = run(course, "--force")
    assert code == 0 and copy.exists() and other.exists()
    assert "left alone: exercises/00-start-here-Copy1.ipynb" in said


def test_only_an_untouched_exercise_of_a_removed_solution_is_removed(course):
    shutil.copy(course / "solutions" / NAME, course / "solutions" / "09-extra.ipynb")
    run(course)
    shutil.copy(course / "solutions" / NAME, course / "solutions" / "08-other.ipynb")
    run(course)
    p = course / "exercises" / "08-other.ipynb"
    nb = nbformat.read(p, as_version=4)
    nb.cells[0].source += " (my note)"
    nbformat.write(nb, p)
    (course / "solutions" / "09-extra.ipynb").unlink()
    (course / "solutions" / "08-other.ipynb").unlink()
    code, said = run(course)
    assert not (course / "exercises" / "09-extra.ipynb").exists()
    assert p.exists() and "left alone: exercises/08-other.ipynb" in said


def git(course, *args):
    subprocess.run(["git", "-C", str(course), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


def test_check_compares_the_committed_exercises_not_the_learners_copy(course):
    git(course, "init", "-q")
    git(course, "add", ".")
    git(course, "commit", "-q", "-m", "course")
    assert make_exercises.check(course) == []
    answer(course)
    found = make_exercises.check(course)
    assert [f.problem for f in found] == [False]
    assert "holds your answers: that is the only difference" in found[0].message
    change_solution(course)
    found = make_exercises.check(course)
    assert [f.problem for f in found] == [True]
    assert "the committed exercises/00-start-here.ipynb is not current" in found[0].message
    assert "your working copy holds your answers" in found[0].message


def test_an_answered_exercise_that_is_current_is_left_as_it_is(course):
    mine = answer(course)
    assert run(course) == (0, "exercises/00-start-here.ipynb is current (and holds your answers)"
                              "\nexercises: 1 notebooks, 0 rewritten, 0 kept, 0 removed")
    assert (course / "exercises" / NAME).read_bytes() == mine


def test_answers_and_outputs_together_are_named():
    p = make_exercises.ROOT / "exercises" / NAME
    nb = nbformat.read(p, as_version=4)
    nb.cells[1].source += "\n# mine"
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.execution_count = 1
    assert make_exercises.learner_work(nbformat.writes(nb)) == "answers and outputs"


def test_check_outside_git_does_not_fail_on_answers(course):
    answer(course)
    found = make_exercises.check(course)
    assert [f.problem for f in found] == [False]
    assert "holds your answers: that is the only difference" in found[0].message
    change_solution(course)
    found = make_exercises.check(course)
    assert [f.problem for f in found] == [False] and "older version" in found[0].message
    (course / "exercises" / NAME).unlink()
    assert [f.problem for f in make_exercises.check(course)] == [True]


def test_a_stale_untouched_exercise_fails_the_check(course):
    change_solution(course)
    found = make_exercises.check(course)
    assert [f.problem for f in found] == [True] and "run `make exercises`" in found[0].message


def test_an_exercise_written_before_digests_is_recognised_by_the_committed_text(course):
    p = course / "exercises" / NAME
    nb = nbformat.read(p, as_version=4)
    del nb.metadata["course"]["exercise_digest"]
    old = nbformat.writes(nb) + "\n"
    assert make_exercises.learner_work(old, [old]) is None
    assert make_exercises.learner_work(old) == "answers"  # unknown: kept, to be safe
    assert make_exercises.learner_work("not a notebook") == "answers"


def test_writes_are_atomic(tmp_path, monkeypatch):
    p = tmp_path / "f.txt"
    p.write_text("old", encoding="utf-8")

    def fail(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(p, "new")
    assert p.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["f.txt"]
    monkeypatch.undo()
    write_atomic(p, "new")
    assert p.read_text(encoding="utf-8") == "new" and os.listdir(tmp_path) == ["f.txt"]


def test_course_tools_write_atomically(root):
    """Every tool that writes a file goes through write_atomic (and the package writes none)."""
    for path in sorted([*(root / "tools").glob("*.py"), *(root / "src").rglob("*.py")]):
        text = path.read_text(encoding="utf-8")
        for bad in (".write_text(", ".write_bytes(", '.open("w"', "open(\"w\""):
            assert bad not in text, f"{path.name} writes with {bad} (use write_atomic)"


def test_each_exercise_ends_with_its_progress_line(root):
    """Every exercise notebook with checks ends with a cell that counts its passing checks;
    the generated cells are the same on every run (fixed ids)."""
    for path in sorted((root / "solutions").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        ex = make_exercises.exercise_from_solution(nb, path.name)
        last = ex.cells[-1]
        assert last.cell_type == "code" and last.source == f'kc.checks.progress("{path.name[:2]}")'
        assert ex.cells[-2].source.startswith("## Your progress")
        assert nbformat.writes(ex) == nbformat.writes(
            make_exercises.exercise_from_solution(nb, path.name))
