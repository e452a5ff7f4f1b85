"""Quizzes and reflections, read from each lesson's content file ``data/lessons/NN.json``.

A lesson's content file holds its multiple-choice questions (``quiz``) and its free-text
reflections (``reflections``)::

    {"lesson": "01",
     "quiz": [{"id": "01-q1", "question": "...", "source_ids": ["..."],
               "options": [{"text": "...", "correct": true, "feedback": "..."}, ...]}],
     "reflections": [{"id": "01-r1", "prompt": "...", "rubric": ["...", "..."]}]}

The same file may also hold the lesson's curated id lists (``lists``) and sourced notes
(``notes``), which :mod:`karabakh_course.content` reads and checks; this module ignores them.

Every option has its own feedback; exactly one option is correct. :func:`load_activities`
rejects a malformed file with a message naming the file, the item and the field: an unknown
key (a misspelt ``quizz``), a list given as a text or an object, a ``lesson`` that is not the
file's. The file is UTF-8 (a byte-order mark is fine). The logic (:func:`grade`,
:func:`rubric_for`) is pure; :func:`show` and :func:`reflect` are thin views.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import checks
from .arguments import ArgumentError
from .data import DATA_DIR, DataError

__all__ = ["Option", "Item", "Reflection", "load_activities", "grade", "rubric_for", "show",
           "reflect", "display_order", "score_line"]


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    options: tuple[Option, ...]
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Reflection:
    id: str
    prompt: str
    rubric: tuple[str, ...]


LESSON_ID = re.compile(r"^[0-9]{2}[a-z]?$")
KEYS = {"spec": ("lesson", "quiz", "reflections", "lists", "notes"),  # lists, notes: content.py
        "quiz item": ("id", "question", "options", "source_ids"),
        "option": ("text", "correct", "feedback"),
        "reflection": ("id", "prompt", "rubric")}
KIND_NAMES = {"spec": "the file", "quiz item": "a quiz item", "option": "an option",
              "reflection": "a reflection"}
KINDS = {str: "text", list: "list", bool: "true or false", dict: "object"}


def _activities_path(lesson: str, data_dir: Path | None = None) -> Path:
    """The one place that says where a lesson's quiz spec lives. A lesson id is two digits
    (``"01"``): it never names a file outside the folder."""
    if not isinstance(lesson, str) or not LESSON_ID.match(lesson):
        raise ArgumentError("kc.quiz", "lesson id", lesson,
                            expected="two digits as text, like '01'")
    folder = (Path(data_dir or DATA_DIR) / "lessons").resolve()
    path = (folder / f"{lesson}.json").resolve()
    if path.parent != folder:  # pragma: no cover - the pattern already forbids it
        raise ValueError(f"{lesson!r} is not a lesson id")
    return path


def parse(spec: dict, path: Path | str = "<quiz spec>", known_sources: set[str] | None = None,
          lesson: str | None = None):
    """Validate an activities spec; return (quiz items, reflections). ``lesson``: the lesson
    the file belongs to (its name), which its ``lesson`` field must match."""
    path = Path(path)

    def need(obj, key, kind, where):
        if not isinstance(obj, dict) or key not in obj:
            raise DataError(path, f"{where}: the field '{key}' is missing", field=key)
        val = obj[key]
        if not isinstance(val, kind) or (isinstance(val, str | list) and not val):
            raise DataError(path, f"{where}: '{key}' must be a non-empty {KINDS[kind]}, not "
                            f"{_kind(val)}", field=key)
        return val

    def known_keys(obj, kind, where):
        if not isinstance(obj, dict):
            raise DataError(path, f"{where} must be an object ({{...}}), not {_kind(obj)}")
        for key in obj:
            if key not in KEYS[kind]:
                close = difflib.get_close_matches(str(key), KEYS[kind], n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                at = f"{where}: " if where else ""
                raise DataError(path, f"{at}unknown field '{key}'{hint}; the fields of "
                                f"{KIND_NAMES[kind]} are: {', '.join(KEYS[kind])}", field=str(key))

    def listed(obj, key, where):
        val = obj.get(key, [])
        if not isinstance(val, list):
            raise DataError(path, f"{where}'{key}' must be a list ([...]), not {_kind(val)}",
                            field=key)
        return val

    if not isinstance(spec, dict):
        raise DataError(path, f"the file must hold one JSON object ({{...}}), not {_kind(spec)}")
    known_keys(spec, "spec", "")
    if lesson is not None and spec.get("lesson", lesson) != lesson:
        raise DataError(path, f"the field 'lesson' says {spec['lesson']!r} but this is the file of "
                        f"lesson {lesson!r}; correct one of them", field="lesson")
    items, seen = [], set()
    for n, raw in enumerate(listed(spec, "quiz", ""), start=1):
        where = f"quiz item {n}"
        known_keys(raw, "quiz item", where)
        qid = need(raw, "id", str, where)
        where = f"quiz item {n} ({qid})"
        if qid in seen:
            raise DataError(path, f"{where}: the id is used twice", field="id")
        seen.add(qid)
        text = need(raw, "question", str, where)
        opts = []
        for k, o in enumerate(need(raw, "options", list, where), start=1):
            w = f"{where}, option {k}"
            known_keys(o, "option", w)
            opts.append(Option(need(o, "text", str, w), need(o, "correct", bool, w),
                               need(o, "feedback", str, w)))
        if len(opts) < 2:
            raise DataError(path, f"{where}: needs at least two options", field="options")
        n_correct = sum(o.correct for o in opts)
        if n_correct != 1:
            raise DataError(path, f"{where}: exactly one option must be correct, "
                            f"{n_correct} are", field="options")
        srcs = tuple(listed(raw, "source_ids", f"{where}: "))
        if not all(isinstance(s, str) for s in srcs):
            raise DataError(path, f"{where}: every item of 'source_ids' must be a source id "
                            "(text)", field="source_ids")
        if known_sources is not None:
            for s in srcs:
                if s not in known_sources:
                    raise DataError(path, f"{where}: {s!r} is not an id in sources.csv",
                                    field="source_ids")
        items.append(Item(qid, text, tuple(opts), srcs))
    refls = []
    for n, raw in enumerate(listed(spec, "reflections", ""), start=1):
        where = f"reflection {n}"
        known_keys(raw, "reflection", where)
        rid = need(raw, "id", str, where)
        if rid in seen:
            raise DataError(path, f"{where} ({rid}): the id is used twice", field="id")
        seen.add(rid)
        rubric = need(raw, "rubric", list, where)
        if not all(isinstance(r, str) and r for r in rubric):
            raise DataError(path, f"{where} ({rid}): every rubric line must be text",
                            field="rubric")
        refls.append(Reflection(rid, need(raw, "prompt", str, where), tuple(rubric)))
    return items, refls


def load_activities(lesson: str, data_dir: Path | None = None):
    """The quiz items and reflections of a lesson ("00", "01", …)."""
    path = _activities_path(lesson, data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "no activities file for this lesson") from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as e:
        raise DataError(path, f"is not UTF-8 text (byte {e.start}: {raw[e.start:e.start + 1]!r})"
                        "; save it with the encoding UTF-8", row=raw[: e.start].count(b"\n") + 1
                        ) from None
    try:
        spec = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError(path, f"not valid JSON: {e.msg}", row=e.lineno) from None
    from .data import load

    known = set(load("sources", data_dir).index)
    return parse(spec, path, known, lesson=lesson)


def _kind(value) -> str:
    """What a JSON value is, in words."""
    if isinstance(value, bool):
        return "true or false"
    names = {str: "a text", list: "a list", dict: "an object", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def grade(item: Item, choice: int | None) -> tuple[bool, str]:
    """Whether option ``choice`` (0-based) is right, and its feedback."""
    if choice is None or not 0 <= choice < len(item.options):
        return False, "Choose one of the options first."
    opt = item.options[choice]
    return opt.correct, ("Correct. " if opt.correct else "Not quite. ") + opt.feedback


def rubric_for(reflection: Reflection, answer: str) -> tuple[bool, str]:
    """The rubric, revealed only once something has been written."""
    if not answer or len(answer.strip()) < 20:
        return False, "Write a few sentences first (at least 20 characters); then compare " \
                      "your answer with the rubric."
    items = "".join(f"<li>{html.escape(r)}</li>" for r in reflection.rubric)
    return True, f"<p>A strong answer:</p><ul>{items}</ul>"


def display_order(items, lesson: str) -> list[list[int]]:
    """The order in which each question's options are shown (indices into its options).

    The rule: the right answer of the k-th question goes to position ``perm[k] % n`` (``n``
    its number of options, ``perm`` a permutation of the question numbers fixed by the lesson
    id), the other options keep their order. So over a lesson every position holds the right
    answer as often as any other (at most ``ceil(Q / n)`` of ``Q`` questions), the order is
    the same on every run, and it does not follow a pattern a learner could read off."""
    import random

    perm = list(range(len(items)))
    random.Random(f"karabakh-course-quiz-{lesson}").shuffle(perm)
    orders = []
    for k, item in enumerate(items):
        right = next(i for i, o in enumerate(item.options) if o.correct)
        others = [i for i in range(len(item.options)) if i != right]
        pos = perm[k] % len(item.options)
        orders.append(others[:pos] + [right] + others[pos:])
    return orders


def score_line(results: dict[str, bool], total: int) -> str:
    """The quiz's score in words, from each question's last checked answer (pure)."""
    right = sum(results.values())
    line = f"Score: {right} of {total} correct"
    left = total - len(results)
    return line + (f" ({left} not checked yet)." if left else ".")


# --- thin views ----------------------------------------------------------------------------


def _item_view(item: Item, order: list[int] | None = None, on_grade=None):
    import ipywidgets as w

    order = list(range(len(item.options))) if order is None else order
    choice = w.RadioButtons(options=[(item.options[i].text, i) for i in order],
                            value=None, layout=w.Layout(width="max-content"))
    button = w.Button(description="Check", tooltip=f"Check {item.id}")
    out = w.HTML()

    def on_click(_):
        ok, text = grade(item, choice.value)
        colour = checks.COLOURS[ok]
        out.value = f'<p style="color:{colour}">{html.escape(text)}</p>'
        if on_grade is not None and choice.value is not None:
            on_grade(item.id, ok)

    button.on_click(on_click)
    head = w.HTML(f"<p><b>{html.escape(item.id)}.</b> {html.escape(item.question)}</p>")
    return w.VBox([head, choice, button, out])


def show(lesson: str, data_dir: Path | None = None):
    """The lesson's quiz as a widget (one block per question)."""
    import ipywidgets as w

    items, _ = load_activities(lesson, data_dir)
    results: dict[str, bool] = {}
    score = w.HTML(f'<p class="quiz-score"><b>{score_line(results, len(items))}</b></p>')

    def on_grade(qid: str, ok: bool) -> None:
        results[qid] = ok
        score.value = f'<p class="quiz-score"><b>{score_line(results, len(items))}</b></p>'

    views = [_item_view(i, o, on_grade) for i, o in zip(items, display_order(items, lesson),
                                                         strict=True)]
    return w.VBox([*views, score])


def reflect(reflection_id: str, data_dir: Path | None = None):
    """A reflection: a text box; the rubric shows once the learner has written an answer."""
    import ipywidgets as w

    if not isinstance(reflection_id, str):
        raise ArgumentError("kc.quiz.reflect()", "reflection id", reflection_id,
                            expected="text like '01-r1'")
    lesson = reflection_id.split("-")[0]
    _, refls = load_activities(lesson, data_dir)
    found = {r.id: r for r in refls}
    if reflection_id not in found:
        raise ArgumentError("kc.quiz.reflect()", "reflection id", reflection_id, found)
    r = found[reflection_id]
    box = w.Textarea(placeholder="Your answer", layout=w.Layout(width="100%", height="6em"))
    button = w.Button(description="Show rubric", tooltip=f"Rubric for {r.id}")
    out = w.HTML()

    def on_click(_):
        _, text = rubric_for(r, box.value)
        out.value = text

    button.on_click(on_click)
    head = w.HTML(f"<p><b>{html.escape(r.id)}.</b> {html.escape(r.prompt)}</p>")
    return w.VBox([head, box, button, out])
