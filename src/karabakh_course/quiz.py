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
rejects a malformed file with a message naming the file, the item and the field. The logic
(:func:`grade`, :func:`rubric_for`) is pure; :func:`show` and :func:`reflect` are thin views.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from .data import DATA_DIR, DataError

__all__ = ["Option", "Item", "Reflection", "load_activities", "grade", "rubric_for", "show",
           "reflect"]


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


def _activities_path(lesson: str, data_dir: Path | None = None) -> Path:
    return Path(data_dir or DATA_DIR) / "lessons" / f"{lesson}.json"


def parse(spec: dict, path: Path | str = "<quiz spec>", known_sources: set[str] | None = None):
    """Validate an activities spec; return (quiz items, reflections)."""
    path = Path(path)

    def need(obj, key, kind, where):
        if not isinstance(obj, dict) or key not in obj:
            raise DataError(path, f"{where}: the field '{key}' is missing", field=key)
        val = obj[key]
        if not isinstance(val, kind) or (isinstance(val, str | list) and not val):
            raise DataError(path, f"{where}: '{key}' must be a non-empty "
                            f"{kind.__name__ if isinstance(kind, type) else 'value'}", field=key)
        return val

    if not isinstance(spec, dict):
        raise DataError(path, "the file must hold one JSON object")
    items, seen = [], set()
    for n, raw in enumerate(spec.get("quiz", []), start=1):
        where = f"quiz item {n}"
        qid = need(raw, "id", str, where)
        where = f"quiz item {n} ({qid})"
        if qid in seen:
            raise DataError(path, f"{where}: the id is used twice", field="id")
        seen.add(qid)
        text = need(raw, "question", str, where)
        opts = []
        for k, o in enumerate(need(raw, "options", list, where), start=1):
            w = f"{where}, option {k}"
            opts.append(Option(need(o, "text", str, w), need(o, "correct", bool, w),
                               need(o, "feedback", str, w)))
        if len(opts) < 2:
            raise DataError(path, f"{where}: needs at least two options", field="options")
        n_correct = sum(o.correct for o in opts)
        if n_correct != 1:
            raise DataError(path, f"{where}: exactly one option must be correct, "
                            f"{n_correct} are", field="options")
        srcs = tuple(raw.get("source_ids", []))
        if known_sources is not None:
            for s in srcs:
                if s not in known_sources:
                    raise DataError(path, f"{where}: {s!r} is not an id in sources.csv",
                                    field="source_ids")
        items.append(Item(qid, text, tuple(opts), srcs))
    refls = []
    for n, raw in enumerate(spec.get("reflections", []), start=1):
        where = f"reflection {n}"
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
        spec = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, "no activities file for this lesson") from None
    except json.JSONDecodeError as e:
        raise DataError(path, f"not valid JSON: {e.msg}", row=e.lineno) from None
    from .data import load

    known = set(load("sources", data_dir).index)
    return parse(spec, path, known)


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


# --- thin views ----------------------------------------------------------------------------


def _item_view(item: Item):
    import ipywidgets as w

    choice = w.RadioButtons(options=[(o.text, i) for i, o in enumerate(item.options)],
                            value=None, layout=w.Layout(width="max-content"))
    button = w.Button(description="Check", tooltip=f"Check {item.id}")
    out = w.HTML()

    def on_click(_):
        ok, text = grade(item, choice.value)
        colour = "#009E73" if ok else "#D55E00"
        out.value = f'<p style="color:{colour}">{html.escape(text)}</p>'

    button.on_click(on_click)
    head = w.HTML(f"<p><b>{html.escape(item.id)}.</b> {html.escape(item.question)}</p>")
    return w.VBox([head, choice, button, out])


def show(lesson: str, data_dir: Path | None = None):
    """The lesson's quiz as a widget (one block per question)."""
    import ipywidgets as w

    items, _ = load_activities(lesson, data_dir)
    return w.VBox([_item_view(i) for i in items])


def reflect(reflection_id: str, data_dir: Path | None = None):
    """A reflection: a text box; the rubric shows once the learner has written an answer."""
    import ipywidgets as w

    lesson = reflection_id.split("-")[0]
    _, refls = load_activities(lesson, data_dir)
    found = {r.id: r for r in refls}
    if reflection_id not in found:
        raise KeyError(f"no reflection {reflection_id!r}; this lesson has: {', '.join(found)}")
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
