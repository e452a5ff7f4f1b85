"""Every checked question has an answer table: a new lesson's questions cannot skip it."""

import importlib
import re
from pathlib import Path

from lesson_answers import Answer

from karabakh_course import checks

HERE = Path(__file__).parent


def tables() -> dict[str, list[Answer]]:
    """Each lesson test module's ``ANSWERS``, by module name (``test_l00``, ...)."""
    out = {}
    for path in sorted(HERE.glob("test_l[0-9][0-9].py")):
        module = importlib.import_module(path.stem)
        out[path.stem] = list(getattr(module, "ANSWERS", []))
        if out[path.stem]:
            assert callable(getattr(module, "test_checked_answers", None)), \
                f"{path.name}: its ANSWERS are never run (test_checked_answers is missing)"
    return out


def course_questions() -> list[str]:
    return sorted(q for q in checks.questions() if re.fullmatch(r"\d\d-.+", q))


def test_every_question_has_a_right_answer_and_two_wrong_ones():
    answers = [a for table in tables().values() for a in table]
    short = []
    for qid in course_questions():
        rights = sum(a.right for a in answers if a.question == qid)
        wrongs = sum(not a.right for a in answers if a.question == qid)
        if rights < 1 or wrongs < 2:
            short.append(f"{qid} ({rights} right, {wrongs} wrong)")
    assert not short, ("each checked question needs, in tests/lessons/test_lNN.py's ANSWERS, "
                       f"at least one right answer and two wrong ones with hints: {short}")


def test_each_table_holds_its_own_lessons_known_questions():
    known = set(course_questions())
    for module, table in tables().items():
        lesson = module.removeprefix("test_l")
        for a in table:
            assert a.question in known, f"{module}: {a.question!r} is not a registered question"
            assert a.question.startswith(f"{lesson}-"), f"{module}: {a.question} is another " \
                                                         "lesson's question"
        labels = [(a.question, a.label) for a in table]
        assert len(labels) == len(set(labels)), f"{module}: an answer label is used twice"


def test_every_lesson_with_questions_has_a_table():
    lessons = {q[:2] for q in course_questions()}
    have = {m.removeprefix("test_l") for m, t in tables().items() if t}
    assert lessons <= have, f"lessons without an answer table: {sorted(lessons - have)}"
