"""Checks that learners run on their own answers: ``check("01-events-per-year", answer)``.

A check shows one verdict, once: "Correct" and a short confirmation, or "Not yet" and a hint (for
a placeholder, a wrong type or shape, or a wrong value), in words and colour (the JupyterLab
theme's own success and warning colours, so it reads in the light and the dark theme; the marks
✓ and ✗ are in DejaVu Sans, no emoji font needed). It never shows a traceback. :func:`check`
returns ``None``: a check is a statement, so its verdict shows exactly where it runs (also
inside a loop or in the middle of a cell) and never a second time as the cell's value; programs
that need the result call :func:`evaluate`. Each verdict is also recorded for the session, so
that :func:`progress` can say how many of a lesson's checks pass. With the
environment variable ``COURSE_GRADING`` set to a true value (``1``, ``true``, ``yes``, ``on``) a
wrong answer raises :class:`AnswerError`, so that graders and tests can rely on it.

A problem in the course's data met while checking (a :class:`~karabakh_course.data.DataError`)
is the data's fault, not the learner's: the line says so, and under ``COURSE_GRADING`` it
raises :class:`CourseError` (an error of the course, not a failed answer).

Each lesson's questions live in its module ``karabakh_course.lessons.lNN``; each registers a
checker with :func:`question`. A checker returns ``None`` when the answer is right and a hint
otherwise; the builders below (:func:`value`, :func:`frame`, :func:`figure`) cover the usual kinds.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .arguments import ArgumentError
from .data import DataError

__all__ = ["AnswerError", "CourseError", "Result", "check", "evaluate", "progress", "question",
           "questions", "value", "frame", "figure", "is_placeholder", "grading", "CORRECT",
           "NOT_YET"]

CORRECT = "✓ Correct"
NOT_YET = "✗ Not yet"
# The verdict's colour is the theme's own success or warning colour, mixed with 30 % of the
# theme's strongest text colour: darker on the light theme's white, lighter on the dark theme's
# near-black, so the mark reaches WCAG AA contrast (4.5:1) in both (the light theme's warning
# orange alone gives 3.8:1; the browser test measures it). A browser without `color-mix` keeps
# the text colour. The message keeps the theme's text colour, and no background is set, so
# nothing depends on a fill the dark theme would not repaint.
COLOURS = {ok: f"color-mix(in srgb, var(--jp-{name}-color0, {fallback}) 70%, "
               "var(--jp-content-font-color0, #000))"
           for ok, name, fallback in ((True, "success", "#1b5e20"), (False, "warn", "#b34700"))}
PLACEHOLDER_HINT = "replace the `...` with your answer, then run the cell again."
NONE_HINT = ("the answer is None: nothing was given back. A function that prints instead of "
             "returning, or a method that changes its object in place (like `list.sort()`), "
             "gives None; assign the value itself.")
MAX_ITEMS = 100_000  # an answer with more items is refused, so that no check eats the memory
TOO_MANY = (f"the answer has more than {MAX_ITEMS:,} items (an endless generator or range?); "
            "give a list or set of the items asked for.")
TRUE_VALUES = frozenset({"1", "true", "yes", "on", "y", "t"})


class AnswerError(AssertionError):
    """Raised by :func:`check` for a wrong answer under ``COURSE_GRADING``."""


class CourseError(RuntimeError):
    """Raised by :func:`check` under ``COURSE_GRADING`` when the course itself (its data)
    kept an answer from being checked: not a failed answer."""


def grading() -> bool:
    """Whether ``COURSE_GRADING`` is set to a true value (1, true, yes, on; any case)."""
    return os.environ.get("COURSE_GRADING", "").strip().lower() in TRUE_VALUES


def _text(e: BaseException) -> str:
    """An exception as text, even when its ``str()`` itself fails."""
    try:
        return f"{type(e).__name__}: {e}"
    except Exception:
        return f"{type(e).__name__} (its message could not be shown)"


@dataclass(frozen=True)
class Question:
    id: str
    checker: Callable[[object], str | None]
    success: str
    kind: str  # "value", "frame", "figure" or "custom"


@dataclass(frozen=True)
class Result:
    question_id: str
    correct: bool
    message: str
    error: BaseException | None = field(default=None, compare=False, repr=False)
    """The course's own error that kept the answer from being checked (a DataError)."""

    def text(self) -> str:
        """The message without a leading "correct:" (the verdict already says it)."""
        return _CORRECT_PREFIX.sub("", self.message) if self.correct else self.message

    def line(self) -> str:
        mark = CORRECT if self.correct else NOT_YET
        return f"{mark} [{self.question_id}] {self.text()}"

    def _repr_html_(self) -> str:
        colour = COLOURS[self.correct]
        mark = CORRECT if self.correct else NOT_YET
        kind = "correct" if self.correct else "not-yet"
        return (f'<div class="course-verdict course-verdict-{kind}" style="border-left:0.35em '
                f'solid {colour};padding:0.2em 0.6em">'
                f'<b style="color:{colour};font-family:\'DejaVu Sans\',sans-serif">{mark}</b> '
                f"<code>[{html.escape(self.question_id)}]</code> "
                f"{html.escape(self.text())}</div>")

    def __repr__(self) -> str:
        return self.line()


_CORRECT_PREFIX = re.compile(r"^correct\s*[.:;,]?\s*", re.I)
_SESSION: dict[str, bool] = {}  # question id -> whether its last check passed, this session


_REGISTRY: dict[str, Question] = {}


def question(question_id: str, success: str = "correct."):
    """Register a checker for ``question_id``: ``question("01-x")(value(...))``, or as a
    decorator on a function that returns ``None`` (right) or a hint (wrong)."""

    def register(fn):
        if question_id in _REGISTRY and _REGISTRY[question_id].checker is not fn:
            raise ValueError(f"question id {question_id!r} is registered twice")
        kind = getattr(fn, "kind", "custom")
        _REGISTRY[question_id] = Question(question_id, fn, success, kind)
        return fn

    return register


def _load_all() -> None:
    from . import lessons

    lessons.load_all()


def questions() -> dict[str, Question]:
    """Every registered question, by id."""
    _load_all()
    return dict(_REGISTRY)


def is_placeholder(answer) -> bool:
    return answer is Ellipsis or answer is None


def _bounded(answer):
    """An iterator answer as a list of at most ``MAX_ITEMS`` items (None if it has more):
    a generator is read once, and an endless one is never read to its end."""
    if isinstance(answer, Iterator):
        items = list(itertools.islice(answer, MAX_ITEMS + 1))
        return None if len(items) > MAX_ITEMS else items
    return answer


def evaluate(question_id: str, answer) -> Result:
    """Check an answer without printing: the pure function behind :func:`check`."""
    qs = questions()
    if question_id not in qs:
        close = [q for q in qs if q.split("-")[0] == str(question_id).split("-")[0]]
        hint = f" Questions of this lesson: {', '.join(sorted(close))}." if close else ""
        return Result(str(question_id), False, f"there is no question with this id.{hint}")
    q = qs[question_id]
    if answer is Ellipsis:
        return Result(question_id, False, PLACEHOLDER_HINT)
    if answer is None:
        return Result(question_id, False, NONE_HINT)
    try:
        answer = _bounded(answer)
        if answer is None:
            return Result(question_id, False, TOO_MANY)
        hint = q.checker(answer)
    except DataError as e:  # the course's data, not the learner's answer
        return Result(question_id, False, f"this answer could not be checked because of a "
                      f"problem in the course's data, not in your answer: {e}. Tell your "
                      "teacher.", error=e)
    except Exception as e:  # a learner's odd answer must never produce a traceback
        hint = f"this answer could not be checked ({_text(e)}). Check its type."
    if hint is None:
        return Result(question_id, True, q.success)
    return Result(question_id, False, str(hint))


def _show(result: Result) -> None:
    """The verdict, once: as coloured HTML (with its text as the plain form) in a notebook,
    as one line of text elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with the course
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display({"text/plain": result.line(), "text/html": result._repr_html_()}, raw=True)
    else:
        # One write, so the line and its newline never become two outputs.
        sys.stdout.write(result.line() + "\n")


def _show_chart(answer) -> None:
    """A chart answer is shown once, above its verdict, with alt text and a visible description
    read from the chart (the inline backend's own display has neither: JupyterLab's ``<img>``
    carries no alt text, so the description is what a screen reader reads)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the course
        return
    if get_ipython() is None or not isinstance(answer, Figure | Axes):
        return
    from . import charts

    try:
        charts.show_any(answer)
    except Exception:  # a chart that cannot be drawn still gets its verdict
        pass


def check(question_id: str, answer) -> None:
    """Check a learner's answer and show the verdict once (see the module's docstring).
    A chart answer (a question of kind "figure") is shown above its verdict, once, with alt text
    and a visible description. Returns ``None``; :func:`evaluate` gives the result as a value."""
    result = evaluate(question_id, answer)
    if question_id in questions():
        _SESSION[question_id] = result.correct
        if questions()[question_id].kind == "figure":
            _show_chart(answer)
    _show(result)
    if not result.correct and grading():
        if result.error is not None:
            raise CourseError(result.line()) from result.error
        raise AnswerError(result.line())


def progress_line(lesson: str, session: dict[str, bool] | None = None) -> str:
    """How many of a lesson's checks pass in this session, in words (pure)."""
    session = _SESSION if session is None else session
    ids = sorted(q for q in questions() if q.split("-")[0] == lesson)
    if not ids:
        lessons = sorted({q.split("-")[0] for q in questions() if not q.startswith("zz")})
        raise ArgumentError("kc.checks.progress()", "lesson", lesson, lessons)
    passed = [q for q in ids if session.get(q)]
    not_yet = [q for q in ids if q in session and not session[q]]
    unrun = [q for q in ids if q not in session]
    parts = [f"Your progress in lesson {lesson}: {len(passed)} of {len(ids)} checks pass."]
    if not_yet:
        parts.append(f"Not yet: {', '.join(not_yet)}.")
    if unrun:
        parts.append(f"Not run yet: {', '.join(unrun)}.")
    return " ".join(parts)


def progress(lesson: str) -> None:
    """Show how many of the lesson's checks pass so far in this session (the checks run since
    the kernel started)."""
    text = progress_line(lesson)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display({"text/plain": text, "text/html": f'<p class="course-progress"><b>'
                 f"{html.escape(text)}</b></p>"}, raw=True)
    else:
        sys.stdout.write(text + "\n")


# --- builders for the usual kinds of question -------------------------------------------------


def value(expected: Callable[[], object], *, tolerance: float = 0, hint: str = "") -> Callable:
    """A checker for a single value (number, text, date, or a list/set compared as a set)."""

    def checker(answer):
        want = expected()
        if isinstance(want, bool) or not isinstance(want, int | float):
            if isinstance(want, set | frozenset):
                if isinstance(answer, pd.DataFrame):
                    if answer.shape[1] != 1:
                        return (f"expected a collection of items (a set or a list), got a "
                                f"DataFrame with {answer.shape[1]} columns: take the column "
                                f"(or the index) that holds them.")
                    answer = answer.iloc[:, 0]
                if isinstance(answer, str):
                    return "expected a collection of items, not a single text."
                try:
                    items = list(itertools.islice(iter(answer), MAX_ITEMS + 1))
                except TypeError:
                    return f"expected a collection (list or set), got {type(answer).__name__}."
                if len(items) > MAX_ITEMS:
                    return TOO_MANY
                got = set(items)
                if got == want:
                    return None
                missing, extra = len(want - got), len(got - want)
                return (f"not the right items: {missing} missing, {extra} that should not be "
                        f"there. {hint}").strip()
            if isinstance(want, str):
                if not isinstance(answer, str):
                    return f"expected a text (str), got {type(answer).__name__}."
                if answer.strip().casefold() == want.casefold():
                    return None
                return f"that is not it. {hint}".strip()
            if answer == want:
                return None
            return f"that is not it. {hint}".strip()
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            answer = _number(answer)
            if isinstance(answer, str):
                return answer
        if isinstance(answer, float) and math.isnan(answer):
            return "the answer is NaN (not a number): check the filter or the column."
        if abs(answer - want) <= tolerance:
            return None
        direction = "too high" if answer > want else "too low"
        return f"{answer} is {direction}. {hint}".strip()

    checker.kind = "value"
    return checker


def frame(expected: Callable[[], pd.DataFrame | pd.Series], *, sort_by: list[str] | None = None,
          check_index: bool = False, hint: str = "") -> Callable:
    """A checker for a DataFrame or Series: shape, columns, then values."""

    def checker(answer):
        want = expected()
        if isinstance(want, pd.Series):
            if isinstance(answer, pd.DataFrame):
                answer = _as_series(answer, want)
                if isinstance(answer, str):
                    return answer
            if not isinstance(answer, pd.Series):
                return f"expected a pandas Series, got {type(answer).__name__}."
            if len(answer) != len(want):
                return f"expected {len(want)} rows, got {len(answer)}. {hint}".strip()
            a, w = answer.sort_index(), want.sort_index()
            if list(map(str, a.index)) != list(map(str, w.index)):
                return f"the index (labels) is not right. {hint}".strip()
            if [_norm(v) for v in a] != [_norm(v) for v in w]:
                return f"the labels are right but some values are not. {hint}".strip()
            return None
        if isinstance(answer, pd.Series) and set(want.columns) <= {answer.name,
                                                                  *answer.index.names}:
            answer = answer.reset_index()  # set_index(...)["column"]: the others are its index
        if not isinstance(answer, pd.DataFrame):
            return f"expected a pandas DataFrame, got {type(answer).__name__}."
        missing = [c for c in want.columns if c not in answer.columns]
        if missing and set(missing) <= set(answer.index.names):
            answer = answer.reset_index()  # set_index(...) on the expected columns
            missing = []
        if missing:
            return f"missing column(s): {', '.join(map(str, missing))}."
        if len(answer) != len(want):
            return f"expected {len(want)} rows, got {len(answer)}. {hint}".strip()
        a = answer[list(want.columns)]
        w = want
        keys = sort_by or list(want.columns)
        if not check_index:
            a = a.sort_values(keys).reset_index(drop=True)
            w = w.sort_values(keys).reset_index(drop=True)
        rows_a = [[_norm(v) for v in r] for r in a.itertuples(index=False)]
        rows_w = [[_norm(v) for v in r] for r in w.itertuples(index=False)]
        if rows_a != rows_w:
            return f"the shape is right but some values are not. {hint}".strip()
        return None

    checker.kind = "frame"
    return checker


def _as_series(answer: pd.DataFrame, want: pd.Series) -> pd.Series | str:
    """A frame that holds the expected Series: one column, or the labels in a column named
    like the Series' index and the values in the other (``.reset_index()``); else a hint."""
    if answer.shape[1] == 1:
        return answer.iloc[:, 0]
    label = want.index.name
    if answer.shape[1] == 2 and label is not None and label in answer.columns:
        return answer.set_index(label).iloc[:, 0]
    return (f"expected a pandas Series (one value per {label or 'label'}), got a DataFrame with "
            f"{answer.shape[1]} columns: keep one column.")


def _number(answer) -> int | float | str:
    """A numpy or pandas scalar (or a one-value Series or array) as a Python number, or a hint
    saying why it is not one."""
    name = type(answer).__name__
    if isinstance(answer, dt.timedelta | np.timedelta64):
        return f"expected a number, got a duration ({name}): take its .days."
    try:
        got = answer.item()  # numpy and pandas scalars
    except AttributeError:
        return f"expected a number, got {name}."
    except ValueError:  # .item() of a Series or an array of several values
        return f"expected a single number, got a {name} of {len(answer)} values."
    if isinstance(got, dt.timedelta):
        return f"expected a number, got a duration ({name}): take its .days."
    if isinstance(got, bool) or not isinstance(got, int | float):
        return f"expected a number, got {name} holding {type(got).__name__}."
    return got


def _norm(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item"):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    return v


def figure(*, kind: str | None = None, count: Callable[[], int] | int | None = None,
           title: bool = True, xlabel: bool = False, ylabel: bool = False,
           heights: Callable[[], list[float]] | None = None, hint: str = "") -> Callable:
    """A checker for properties of a matplotlib chart (Figure or Axes).

    ``kind`` is "bar" or "line"; ``count`` the number of bars or lines expected; ``heights``
    the bar heights expected (in any order); the flags require a title and axis labels.
    """

    def checker(answer):
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        if isinstance(answer, Figure):
            axes = [a for a in answer.axes if a.has_data()]
            if not axes:
                return "the figure has no chart with data in it yet."
            ax = axes[0]
        elif isinstance(answer, Axes):
            ax = answer
        else:
            return f"expected a matplotlib Figure or Axes (e.g. `fig` or `ax`), got " \
                   f"{type(answer).__name__}."
        if kind == "bar":
            bars = _bar_values(ax)
            if not bars:
                return "expected a bar chart (use ax.bar or ax.barh, or df.plot.bar)."
            n = len(bars)
            got = sorted(round(v, 6) for v in bars)
        elif kind == "line":
            n = len(ax.get_lines())
            if n == 0:
                return "expected a line chart (use ax.plot, or df.plot)."
            got = None
        else:
            n, got = None, None
        want_n = count() if callable(count) else count
        if want_n is not None and n != want_n:
            return f"expected {want_n} {'bars' if kind == 'bar' else 'lines'}, found {n}. " \
                   f"{hint}".strip()
        if heights is not None and got is not None:
            want = sorted(round(float(h), 6) for h in heights())
            if got != want:
                return f"the number of bars is right but their values are not. {hint}".strip()
        titles = [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        if title and not any(titles) and not ax.figure.get_suptitle():
            return "give the chart a title (ax.set_title)."
        if xlabel and not ax.get_xlabel():
            return "label the x axis (ax.set_xlabel)."
        if ylabel and not ax.get_ylabel():
            return "label the y axis (ax.set_ylabel)."
        return None

    checker.kind = "figure"
    return checker


def _bar_values(ax) -> list[float]:
    """The value of every bar on ``ax``, read along its value axis: a vertical bar's height, a
    horizontal bar's width (never its thickness), so ``bar``, ``barh`` and a bar of 0 all read
    right. The orientation is the container's (matplotlib 3.7 and later record it); failing
    that, the axis the bar was drawn from (a vertical bar sticks to its base on y)."""
    from matplotlib.container import BarContainer

    values = []
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue  # error bars, stems: not bars
        orientation = getattr(container, "orientation", None)
        for patch in container:
            horizontal = orientation == "horizontal" if orientation else (
                bool(patch.sticky_edges.x) and not patch.sticky_edges.y)
            values.append(float(patch.get_width() if horizontal else patch.get_height()))
    return values
