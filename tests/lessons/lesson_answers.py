"""Answer tables for the lessons' checked questions.

Each lesson's test module holds a list ``ANSWERS`` of :func:`right` answers, in the forms a
learner may legitimately give, and :func:`wrong` ones (an off-by-one filter, a wrong column, a
wrong type), each with a part of the hint its message must contain. Answers are built lazily, at
test time, so a table costs nothing to import. ``test_answer_tables.py`` holds every registered
question to at least one right and two wrong answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from karabakh_course import checks  # noqa: E402


@dataclass(frozen=True)
class Answer:
    question: str
    label: str
    make: Callable[[], object]
    hint: str | None = None  # None: a right answer; else a part of the message it must get

    @property
    def right(self) -> bool:
        return self.hint is None


def right(question: str, label: str, make: Callable[[], object]) -> Answer:
    return Answer(question, label, make)


def wrong(question: str, label: str, make: Callable[[], object], hint: str) -> Answer:
    if not hint:
        raise ValueError(f"{question} {label!r}: a wrong answer names the hint it must get")
    return Answer(question, label, make, hint)


def params(table: list[Answer]) -> list:
    """The table as pytest parameters, each named by its question, verdict and label."""
    return [pytest.param(a, id=f"{a.question} {'right' if a.right else 'wrong'}: {a.label}")
            for a in table]


def verify(answer: Answer) -> None:
    """The question's checker accepts a right answer and gives a wrong one its hint."""
    try:
        result = checks.evaluate(answer.question, answer.make())
    finally:
        plt.close("all")
    if answer.right:
        assert result.correct, f"a right answer is turned down: {result.message}"
    else:
        assert not result.correct, "a wrong answer is accepted"
        assert answer.hint in result.message, f"the hint is missing from: {result.message}"


def bars(counts: Callable[[], object], method: str = "bar", title: str = "A chart"):
    """A learner's bar chart of ``counts()`` (a Series) drawn with ``ax.<method>``: the right
    answer to a chart question, or a wrong one with another series, method or no title."""
    def draw():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        s = counts()
        getattr(ax, method)(list(map(str, s.index)), list(s))
        if title:
            ax.set_title(title)
        return fig
    return draw
