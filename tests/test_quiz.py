"""Quizzes and reflections: specs validated with clear messages; grading is pure."""

import json
import shutil

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


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s.update(quizz=s.pop("quiz")), r"x.json, field 'quizz': unknown field 'quizz' "
                                              r"\(did you mean 'quiz'\?\); the fields of the "
                                              r"file are: lesson, quiz, reflections"),
    (lambda s: s["quiz"][0].update(source_ids="un-1993"), r"quiz item 1 \(x-q1\): 'source_ids' "
                                                         r"must be a list \(\[...\]\), not a text"),
    (lambda s: s["quiz"][0].update(source_ids=[1]), "every item of 'source_ids'"),
    (lambda s: s.update(quiz=s["quiz"][0]), r"'quiz' must be a list \(\[...\]\), not an object"),
    (lambda s: s.update(reflections={}), "'reflections' must be a list"),
    (lambda s: s["quiz"][0].update(options={"a": 1}), "'options' must be a non-empty list, not "
                                                      "an object"),
    (lambda s: s["quiz"].__setitem__(0, "Q?"), r"quiz item 1 must be an object \(\{...\}\), "
                                                r"not a text"),
    (lambda s: s["quiz"][0]["options"][0].update(feedbak="x"), "option 1: unknown field "
                                                               "'feedbak'"),
    (lambda s: s["reflections"][0].update(rubrik=[]), "reflection 1: unknown field 'rubrik'"),
    (lambda s: s.update(lesson="02"), "the field 'lesson' says '02' but this is the file of "
                                      "lesson '01'"),
])
def test_misshapen_specs_get_clear_errors(mutate, message):
    spec = json.loads(json.dumps(GOOD))
    spec["lesson"] = "01"
    mutate(spec)
    with pytest.raises(DataError, match=message):
        quiz.parse(spec, "x.json", lesson="01")


@pytest.fixture
def tmp_activities(tmp_path, root):
    d = tmp_path / "data"
    shutil.copytree(root / "data", d)
    return d


def test_a_byte_order_mark_is_accepted(tmp_activities):
    p = tmp_activities / "lessons" / "01.json"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    items, _ = quiz.load_activities("01", tmp_activities)
    assert items == quiz.load_activities("01")[0]


def test_latin1_gets_a_message_naming_the_file(tmp_activities):
    p = tmp_activities / "lessons" / "01.json"
    text = p.read_text(encoding="utf-8")
    p.write_bytes(text.replace("the", "thé", 1).encode("latin-1", errors="replace"))
    with pytest.raises(DataError, match=r"lessons/01.json, row \d+: is not UTF-8 text .*save "
                                        r"it with the encoding UTF-8"):
        quiz.load_activities("01", tmp_activities)


def test_the_lesson_field_must_match_the_file(tmp_activities):
    p = tmp_activities / "lessons" / "01.json"
    spec = json.loads(p.read_text(encoding="utf-8"))
    spec["lesson"] = "02"
    p.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(DataError, match=r"lessons/01.json, field 'lesson': the field "
                                        r"'lesson' says '02'"):
        quiz.load_activities("01", tmp_activities)


@pytest.mark.parametrize("lesson", ["../datapackage", "../../etc/passwd", "/etc/passwd", "0",
                                    "01/../02", "", "01.json"])
def test_a_lesson_id_cannot_walk_out_of_its_folder(tmp_activities, lesson):
    (tmp_activities / "datapackage.json").write_text('{"quiz": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="is not a valid lesson id"):
        quiz.load_activities(lesson, tmp_activities)
    with pytest.raises(ValueError, match="is not a valid lesson id"):
        quiz.reflect(f"{lesson}-r1", tmp_activities)


def test_right_answers_are_spread_over_the_positions():
    """In every lesson's quiz no position holds the right answer in more than ceil(Q/n) of its
    Q questions (n options), and never in more than 40 % of a quiz of five or more questions
    with four options or more; the order is the same on every run."""
    import math

    from karabakh_course.lessons import names

    for lesson in [n[1:] for n in names()]:
        items, _ = quiz.load_activities(lesson)
        if not items:
            continue
        orders = quiz.display_order(items, lesson)
        assert orders == quiz.display_order(items, lesson)
        positions = []
        for item, order in zip(items, orders, strict=True):
            assert sorted(order) == list(range(len(item.options)))
            positions.append(next(p for p, i in enumerate(order) if item.options[i].correct))
        n = min(len(i.options) for i in items)
        worst = max(positions.count(p) for p in set(positions))
        assert worst <= math.ceil(len(items) / n), (lesson, positions)
        if len(items) >= 5 and n >= 4:
            assert worst <= 0.4 * len(items), (lesson, positions)


def test_the_quiz_ends_with_a_score():
    assert quiz.score_line({}, 3) == "Score: 0 of 3 correct (3 not checked yet)."
    assert quiz.score_line({"a": True, "b": False, "c": True}, 3) == "Score: 2 of 3 correct."
    box = quiz.show("01")
    assert "Score: 0 of" in box.children[-1].value
    first = box.children[0]
    radio, button = first.children[1], first.children[2]
    radio.value = radio.options[0][1]
    button.click()
    assert "not checked yet" in box.children[-1].value and "of" in box.children[-1].value
