"""The teacher guide: one page per lesson, each to the template of docs/teacher-guide/README.md.

Every page has the template's headings in order, a 45-minute plan whose minutes add up to 45, the
question of one of the lesson's widgets quoted word for word, a quiz key that names every question
of the lesson's spec with its right option, an exercises section that points to the solutions
notebook and names each of its exercises, and an "if time is short" section that names only
exercises that exist.
"""

import importlib
import json
import re

import pytest
from notebook_files import LESSONS, read
from tests_paths import ROOT

GUIDE = ROOT / "docs" / "teacher-guide"
HEADINGS = [
    "Learning objectives",
    "45-minute plan",
    "If time is short",
    "The widget question for the room",
    "Common misconceptions",
    "Discussion prompts and what good answers contain",
    "Answers to the in-lesson questions",
    "Quiz key",
    "Exercises",
    "Research limits (for the teacher)",
]
PLAN_HEAD = ["| Minutes | Activity |", "|---:|---|"]
# "Exercise 3", "exercises 4–6", "exercises 1, 2 and 5", "Exercises 2 and 4–5".
EXERCISE_REFS = re.compile(
    r"\b[Ee]xercises?\s+(\d+(?:\s*(?:[–-]|,|and|or)\s*\d+)*)")


def lesson_ids():
    return [p.stem for p in LESSONS]


def page_for(stem):
    path = GUIDE / f"{stem}.md"
    assert path.exists(), f"{path.relative_to(ROOT)}: no teacher-guide page for lesson {stem}"
    return path


def sections(text):
    """The page's level-2 sections, in order: [(heading, body)]."""
    parts = re.split(r"^## +(.+?) *$", text, flags=re.M)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def section(text, heading, where):
    found = [body for h, body in sections(text) if h == heading]
    assert found, f"{where}: no section '## {heading}'"
    return found[0]


def exercise_numbers(refs_text):
    """Every exercise number named in a text, ranges expanded."""
    numbers = set()
    for match in EXERCISE_REFS.finditer(refs_text):
        for part in re.split(r"\s*(?:,|and|or)\s*", match.group(1)):
            ends = [int(n) for n in re.split(r"\s*[–-]\s*", part)]
            numbers.update(range(ends[0], ends[-1] + 1))
    return numbers


def solution_exercises(stem):
    path = ROOT / "solutions" / f"{stem}.ipynb"
    assert path.exists(), f"no solutions notebook {path.relative_to(ROOT)}"
    found = set()
    for cell in read(path).cells:
        if cell.cell_type == "markdown":
            found.update(int(n) for n in re.findall(r"^## Exercise (\d+)\b", cell.source, re.M))
    return found


def widget_questions(stem):
    """The questions of the widgets the lesson shows (kc.widgets.view(lNN.name) in its code)."""
    from karabakh_course import widgets

    module = importlib.import_module(f"karabakh_course.lessons.l{stem[:2]}")
    names = []
    for cell in read(ROOT / "notebooks" / f"{stem}.ipynb").cells:
        if cell.cell_type == "code":
            names += re.findall(rf"widgets\.view\(l{stem[:2]}\.(\w+)", cell.source)
    return [widgets.spec_of(getattr(module, name)).question for name in names]


def plan_minutes(body, where):
    lines = [ln.strip() for ln in body.strip().splitlines() if ln.strip().startswith("|")]
    assert lines[:2] == PLAN_HEAD, (
        f"{where}, 45-minute plan: the table must start with {PLAN_HEAD[0]!r} and {PLAN_HEAD[1]!r}")
    minutes = []
    for row, line in enumerate(lines[2:], start=1):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == 2 and cells[1], (
            f"{where}, plan row {row}: two cells, minutes and activity")
        assert cells[0].isdigit(), (
            f"{where}, plan row {row}: minutes must be a whole number, not {cells[0]!r}")
        minutes.append(int(cells[0]))
    assert minutes, f"{where}: the plan table has no rows"
    return minutes


def check_page(stem, text):
    """Every rule of the template for one page; an AssertionError names the page and the rule."""
    where = f"docs/teacher-guide/{stem}.md"
    number = stem[:2]
    title = read(ROOT / "notebooks" / f"{stem}.ipynb").cells[0].source.splitlines()[0]
    expected_title = title.replace(f"# {number} · ", f"# Teacher's guide · {number} · ", 1)
    assert text.splitlines()[0] == expected_title, (
        f"{where}: the first line must be {expected_title!r} (the lesson's own title)")
    headings = [h for h, _ in sections(text)]
    assert headings == HEADINGS, f"{where}: headings {headings}, expected {HEADINGS} in this order"

    total = sum(plan_minutes(section(text, "45-minute plan", where), where))
    assert total == 45, f"{where}: the 45-minute plan adds up to {total} minutes, not 45"

    asked = " ".join(section(text, "The widget question for the room", where).split())
    questions = widget_questions(stem)
    assert not questions or any(q in asked for q in questions), (
        f"{where}, the widget question for the room: quote one of the lesson's widget questions "
        f"word for word: {questions}")

    key = section(text, "Quiz key", where)
    spec = json.loads((ROOT / "data" / "lessons" / f"{number}.json").read_text(encoding="utf-8"))
    for question in spec["quiz"]:
        qid = question["id"]
        items = re.findall(rf"^- \*\*{re.escape(qid)}\*\* — \*(.+?)\*(?:\s|$)", key, re.M)
        assert len(items) == 1, (
            f"{where}, quiz key: one line '- **{qid}** — *right option* why' for question {qid}")
        right = next(o["text"] for o in question["options"] if o["correct"])
        assert items[0].rstrip(".") == right.rstrip("."), (
            f"{where}, quiz key, {qid}: gives {items[0]!r}, "
            f"but the spec's right option is {right!r}")
    named = set(re.findall(r"\*\*(\d\d-q\d+)\*\*", key))
    extra = named - {q["id"] for q in spec["quiz"]}
    assert not extra, (
        f"{where}, quiz key: {sorted(extra)} are not questions of data/lessons/{number}.json")

    exercises = solution_exercises(stem)
    body = section(text, "Exercises", where)
    assert f"solutions/{stem}.ipynb" in body, (
        f"{where}, exercises: must name solutions/{stem}.ipynb")
    missing = exercises - exercise_numbers(body)
    assert not missing, (
        f"{where}, exercises: exercises {sorted(missing)} of the solutions are not named")

    short = section(text, "If time is short", where)
    cut = exercise_numbers(short)
    assert cut, f"{where}, if time is short: name the exercises to set as homework"
    wrong = cut - exercises
    assert not wrong, (
        f"{where}, if time is short: exercises {sorted(wrong)} do not exist "
        f"(solutions/{stem}.ipynb has {sorted(exercises)})")


@pytest.mark.parametrize("stem", lesson_ids())
def test_page_follows_the_template(stem):
    check_page(stem, page_for(stem).read_text(encoding="utf-8"))


def test_no_page_without_a_lesson():
    lessons = set(lesson_ids())
    stray = [p.name for p in GUIDE.glob("[0-9][0-9]-*.md") if p.stem not in lessons]
    assert not stray, f"docs/teacher-guide: pages without a lesson notebook: {stray}"


def test_index_links_every_page():
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    missing = [s for s in lesson_ids() if f"({s}.md)" not in index]
    assert not missing, f"docs/teacher-guide/README.md does not link the pages {missing}"


SAMPLE = "02-united-nations"


@pytest.mark.parametrize("breakage, message", [
    (lambda t: t.replace("| 5 |", "| 20 |", 1), "adds up to"),
    (lambda t: t.replace("## Common misconceptions", "## Misconceptions"), "headings"),
    (lambda t: re.sub(r"^(- \*\*02-q1\*\* — \*)[^*]+", r"\1Fuzuli", t, flags=re.M), "right option"),
    (lambda t: re.sub(r"^- \*\*02-q2\*\*.*$", "", t, flags=re.M), "02-q2"),
    (lambda t: t.replace("solutions/", "exercises/"), "must name solutions"),
    (lambda t: re.sub(r"(## The widget question for the room\n).*?(?=\n## )", r"\1Ask about maps.",
                      t, flags=re.S), "widget questions"),
    (lambda t: t.replace("## Exercises", "## Exercises\n\nExercise 99 is extra.", 1)
     .replace("## If time is short", "## If time is short\n\nSet exercise 99.", 1), "do not exist"),
])
def test_a_broken_page_fails(breakage, message):
    """The checks can fail: each breakage of the lesson 02 page is caught, with its message."""
    text = page_for(SAMPLE).read_text(encoding="utf-8")
    check_page(SAMPLE, text)
    with pytest.raises(AssertionError, match=message):
        check_page(SAMPLE, breakage(text))
