"""Quizzes and reflections: specs validated with clear messages; grading is pure."""

import json

import pytest

from karabakh_course import quiz
from karabakh_course.data import DataError

GOOD = {"quiz": [{"id": "x-q1", "question": "Q?", "options": [
    {"text": "a", "correct": True, "feedback": "yes"},
    {"text": "b", "correct": False, "feedback": "no"}]}],
    "reflections": [{"id": "x-r1", "prompt": "Think.", "rubric": ["one", "two"]}]}


def test_parse_and_grade():
    items, refls = quiz.parse(GOOD)
    assert quiz.grade(items[0], 0) == (True, "Correct. yes")
    assert quiz.grade(items[0], 1) == (False, "Not quite. no")
    assert quiz.grade(items[0], None)[0] is False
    ok, text = quiz.rubric_for(refls[0], "short")
    assert not ok and "at least 20" in text
    ok, text = quiz.rubric_for(refls[0], "a long enough answer to show the rubric")
    assert ok and "<li>one</li>" in text


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s["quiz"][0].pop("question"), "quiz item 1 \\(x-q1\\): the field 'question'"),
    (lambda s: s["quiz"][0]["options"][1].update(correct=True), "exactly one option"),
    (lambda s: s["quiz"][0]["options"].pop(), "at least two options"),
    (lambda s: s["quiz"][0]["options"][0].pop("feedback"), "option 1: the field 'feedback'"),
    (lambda s: s["quiz"][0]["options"][0].update(correct="yes"), "'correct' must be"),
    (lambda s: s["reflections"][0].update(rubric=[]), "'rubric' must be a non-empty"),
    (lambda s: s["quiz"].append(dict(s["quiz"][0])), "the id is used twice"),
])
def test_malformed_specs_get_clear_errors(mutate, message):
    spec = json.loads(json.dumps(GOOD))
    mutate(spec)
    with pytest.raises(DataError, match=message):
        quiz.parse(spec, "x.json")


def test_unknown_source(tmp_path):
    spec = json.loads(json.dumps(GOOD))
    spec["quiz"][0]["source_ids"] = ["nope"]
    with pytest.raises(DataError, match="'nope' is not an id in sources.csv"):
        quiz.parse(spec, "x.json", known_sources={"a"})


def test_every_lesson_activities_file_is_valid(root):
    files = sorted((root / "data" / "lessons").glob("*.json"))
    assert files
    for f in files:
        items, refls = quiz.load_activities(f.stem)
        assert len(items) >= 2, f"{f.name}: a lesson quiz has at least two questions"
        assert all(i.id.startswith(f.stem + "-") for i in [*items, *refls])


def test_views_build():
    box = quiz.show("00")
    assert len(box.children) >= 2
    r = quiz.reflect("00-r1")
    r.children[1].value = "a long enough answer to show the rubric"
    r.children[2].click()
    assert "<li>" in r.children[3].value
