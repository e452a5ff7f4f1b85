"""A lesson's curated id lists and sourced notes, read from its content file
``data/lessons/NN.json`` (beside the quiz and reflections that :mod:`karabakh_course.quiz` reads).

Which rows a lesson shows, in which order and under which short label, is content, not code::

    "lists": {
      "displacement": {"table": "figures", "ids": ["deng-1999-idp-azerbaijan-1994", "..."]},
      "milestones": {"table": "events",
                     "labels": {"1994-12-budapest-cochairmanship": "Budapest summit", "...": "..."}}
    },
    "notes": {
      "nam-2008": {"text": "...", "source_ids": ["ria-2011-aze-nam", "..."]}
    }

A list names its ``table`` and gives either ``ids`` (in the order shown) or ``labels`` (id →
short label, in the order shown). Every id must be a row of the table, and every note's
``source_ids`` rows of ``sources``: :func:`lesson` rejects a file that breaks either rule with a
message naming the file and the field. Lessons read the lists with :func:`ids` and
:func:`labels`, and the notes with :func:`note`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import data
from .data import DataError
from .data import load as _load  # the real loader, even where a test stands in for data.load

__all__ = ["Note", "ids", "labels", "lesson", "note"]


@dataclass(frozen=True)
class Note:
    """A sentence or two of the lesson's text that states facts, with the sources behind them."""

    text: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    lists: dict[str, tuple[str, dict[str, str], tuple[str, ...]]]  # name: (table, labels, ids)
    notes: dict[str, Note]


def _path(number: str, data_dir: Path) -> Path:
    return data_dir / "lessons" / f"{number}.json"


def lesson(number: str, data_dir: Path | str | None = None) -> Content:
    """The lists and notes of lesson ``number`` ("01", "02", …), checked against the tables."""
    data_dir = data.DATA_DIR if data_dir is None else Path(data_dir).resolve()
    path = _path(number, data_dir)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError(path, "no content file for this lesson") from None
    return _lesson(path, data_dir, stamp)


@cache
def _lesson(path: Path, data_dir: Path, stamp: int) -> Content:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise DataError(path, f"not valid JSON: {e.msg}", row=e.lineno) from None
    if not isinstance(spec, dict):
        raise DataError(path, "the file must hold one JSON object")
    lists = {}
    for name, entry in _object(path, spec, "lists").items():
        where = f"lists.{name}"
        if not isinstance(entry, dict):
            raise DataError(path, "must be an object with 'table' and 'ids' or 'labels'",
                            field=where)
        table = entry.get("table")
        if table not in data.table_names(data_dir):
            raise DataError(path, f"'table' must name one of the tables in datapackage.json, "
                            f"not {table!r}", field=f"{where}.table")
        if ("ids" in entry) == ("labels" in entry):
            raise DataError(path, "give either 'ids' (a list) or 'labels' (id → label)",
                            field=where)
        if "ids" in entry:
            items, lab = entry["ids"], {}
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise DataError(path, "'ids' must be a list of ids (text)", field=f"{where}.ids")
        else:
            lab = entry["labels"]
            if not isinstance(lab, dict) or not all(isinstance(v, str) and v
                                                    for v in lab.values()):
                raise DataError(path, "'labels' must map ids to non-empty texts",
                                field=f"{where}.labels")
            items = list(lab)
        if not items:
            raise DataError(path, "the list is empty", field=where)
        if len(set(items)) != len(items):
            raise DataError(path, "an id is listed twice", field=where)
        known = set(_load(table, data_dir).index)
        for i in items:
            if i not in known:
                raise DataError(path, f"{i!r} is not an id in {table}.csv", field=where)
        lists[name] = (table, dict(lab), tuple(items))
    sources = set(_load("sources", data_dir).index)
    notes = {}
    for name, entry in _object(path, spec, "notes").items():
        where = f"notes.{name}"
        text = entry.get("text") if isinstance(entry, dict) else None
        srcs = entry.get("source_ids") if isinstance(entry, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise DataError(path, "a note needs a non-empty 'text'", field=f"{where}.text")
        if not isinstance(srcs, list) or not srcs:
            raise DataError(path, "a note needs its 'source_ids' (a non-empty list)",
                            field=f"{where}.source_ids")
        for s in srcs:
            if s not in sources:
                raise DataError(path, f"{s!r} is not an id in sources.csv",
                                field=f"{where}.source_ids")
        notes[name] = Note(text, tuple(srcs))
    return Content(lists, notes)


def _object(path: Path, spec: dict, key: str) -> dict:
    value = spec.get(key, {})
    if not isinstance(value, dict):
        raise DataError(path, f"'{key}' must be an object (name → entry)", field=key)
    return value


def _list(number: str, name: str):
    c = lesson(number)
    if name not in c.lists:
        raise KeyError(f"lesson {number} has no list {name!r} in data/lessons/{number}.json; "
                       f"it has: {', '.join(c.lists) or 'none'}")
    return c.lists[name]


def ids(number: str, name: str) -> tuple[str, ...]:
    """The ids of the list ``name`` of lesson ``number``, in the order the lesson shows them."""
    return _list(number, name)[2]


def labels(number: str, name: str) -> dict[str, str]:
    """The short labels of the list ``name`` (id → label; empty for a list of plain ids)."""
    return dict(_list(number, name)[1])


def note(number: str, name: str) -> Note:
    """The note ``name`` of lesson ``number``: its text and its sources."""
    c = lesson(number)
    if name not in c.notes:
        raise KeyError(f"lesson {number} has no note {name!r} in data/lessons/{number}.json; "
                       f"it has: {', '.join(c.notes) or 'none'}")
    return c.notes[name]
