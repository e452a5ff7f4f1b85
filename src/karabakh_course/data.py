"""Load the course's tables from ``data/``, typed by ``data/datapackage.json``.

The Data Package descriptor is the single description of every table: its columns and types,
its primary key, its foreign keys and its list-valued id columns. The loader reads only the
standard library's ``csv`` and ``json`` plus pandas, so importing it in a lesson is cheap;
the full Frictionless validation runs in the tests.

Any problem in a file raises :class:`DataError`, whose message names the file, the row (as the
line number a spreadsheet or text editor shows) and the field, and says what is wrong.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

__all__ = [
    "DataError",
    "DATA_DIR",
    "DATA_ENV",
    "data_dir_candidates",
    "find_data_dir",
    "as_of",
    "date_text",
    "is_missing",
    "descriptor",
    "load",
    "split_ids",
    "table_names",
    "validate_all",
    "version",
]

DATA_ENV = "KARABAKH_COURSE_DATA"


def data_dir_candidates() -> list[Path]:
    """Where the course looks for its ``data/`` folder, in order: the folder named by the
    environment variable ``KARABAKH_COURSE_DATA``; the checkout the package was installed from
    (an editable install, or running from ``src/``); then ``data/`` in the working folder and
    each folder above it (a notebook runs in ``notebooks/``, so ``../data``)."""
    import os

    out = []
    if os.environ.get(DATA_ENV):
        out.append(Path(os.environ[DATA_ENV]).expanduser())
    out.append(Path(__file__).resolve().parents[2] / "data")
    here = Path.cwd().resolve()
    out += [d / "data" for d in (here, *here.parents)]
    return list(dict.fromkeys(p.resolve() for p in out))


def find_data_dir() -> Path:
    """The first candidate folder that holds ``datapackage.json``; if none does, the first
    candidate (so that loading reports which folders were searched)."""
    candidates = data_dir_candidates()
    for c in candidates:
        if (c / "datapackage.json").is_file():
            return c
    return candidates[0]


DATA_DIR = find_data_dir()
LIST_SEPARATOR = ";"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DataError(ValueError):
    """A problem in one of the course's data files, located by file, row and field."""

    def __init__(self, path, message, row=None, field=None):
        self.path = Path(path)
        self.row = row
        self.field = field
        self.reason = message
        where = [f"{self.path.name}"]
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    required: bool
    unique: bool
    enum: tuple | None
    pattern: re.Pattern | None
    minimum: float | None
    list_of: str | None  # resource whose ids a ';'-separated list must resolve to


def descriptor(data_dir: Path | str | None = None) -> dict:
    """The parsed ``datapackage.json``."""
    return _descriptor(Path(data_dir or DATA_DIR))


@cache
def _descriptor(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        looked = ", ".join(str(c) for c in data_dir_candidates())
        raise DataError(path, f"the course's data folder was not found (looked in: {looked}). "
                        f"Set the environment variable {DATA_ENV} to the folder that holds "
                        "datapackage.json, or run from the course's checkout.") from None
    except json.JSONDecodeError as e:
        raise DataError(path, f"not valid JSON ({e.msg} at line {e.lineno})") from None


def as_of(data_dir: Path | str | None = None) -> _dt.date:
    """The date up to which the course's data were checked (``as_of`` in the descriptor)."""
    return _dt.date.fromisoformat(descriptor(data_dir)["as_of"])


def table_names(data_dir: Path | str | None = None) -> list[str]:
    return [r["name"] for r in descriptor(data_dir)["resources"]]


def _resource(name: str, data_dir: Path) -> dict:
    for r in _descriptor(data_dir)["resources"]:
        if r["name"] == name:
            return r
    known = ", ".join(r["name"] for r in _descriptor(data_dir)["resources"])
    raise KeyError(f"no table named {name!r}; the tables are: {known}")


def _fields(resource: dict) -> list[_Field]:
    out = []
    for f in resource["schema"]["fields"]:
        c = f.get("constraints", {})
        out.append(
            _Field(
                name=f["name"],
                type=f.get("type", "string"),
                required=bool(c.get("required")),
                unique=bool(c.get("unique")),
                enum=tuple(c["enum"]) if "enum" in c else None,
                pattern=re.compile(f"^(?:{c['pattern']})$") if "pattern" in c else None,
                minimum=c.get("minimum"),
                list_of=(f.get("x-list") or {}).get("resource"),
            )
        )
    return out


def split_ids(value: str) -> list[str]:
    """Split a ';'-separated list of ids, ignoring empty items and spaces."""
    return [v.strip() for v in (value or "").split(LIST_SEPARATOR) if v.strip()]


def _read_rows(path: Path, fields: list[_Field]) -> list[dict]:
    """Read a CSV as text, checking encoding, header and cell-level constraints."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "the file is missing") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError(
            path, "is not UTF-8 text; save it as 'CSV UTF-8' (byte "
            f"{e.start}: {raw[e.start:e.start + 1]!r})", row=line
        ) from None
    if not text.strip():
        raise DataError(path, "the file is empty; it needs at least the header row")
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader)
    expected = [f.name for f in fields]
    missing = [n for n in expected if n not in header]
    if missing:
        raise DataError(path, f"missing column(s) {', '.join(missing)}; the header must be: "
                        + ",".join(expected), row=1)
    extra = [n for n in header if n not in expected]
    if extra:
        raise DataError(path, f"unknown column(s) {', '.join(extra)}; the header must be: "
                        + ",".join(expected), row=1)
    rows = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise DataError(path, f"has {len(record)} cells but the header has {len(header)} "
                            "(a missing or extra comma, or an unclosed quote?)", row=line)
        row = dict(zip(header, record, strict=True))
        for f in fields:
            _check_cell(path, line, f, row[f.name])
        row["__line__"] = line
        rows.append(row)
    return rows


def _check_cell(path: Path, line: int, f: _Field, value: str) -> None:
    if value == "":
        if f.required:
            raise DataError(path, "is empty but required", row=line, field=f.name)
        return
    if value != value.strip():
        raise DataError(path, f"{value!r} has spaces at its start or end", row=line, field=f.name)
    if f.type == "date":
        if not _DATE.match(value):
            raise DataError(path, f"{value!r} is not a date in the form YYYY-MM-DD", line, f.name)
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise DataError(path, f"{value!r} is not a real calendar date", line, f.name) from None
    elif f.type == "integer":
        try:
            number = int(value)
        except ValueError:
            raise DataError(path, f"{value!r} is not a whole number", line, f.name) from None
        if f.minimum is not None and number < f.minimum:
            raise DataError(path, f"{number} is below the minimum {f.minimum}", line, f.name)
    elif f.type == "number":
        try:
            float(value)
        except ValueError:
            raise DataError(path, f"{value!r} is not a number", line, f.name) from None
    if f.enum is not None and value not in f.enum:
        raise DataError(path, f"{value!r} is not one of: {', '.join(f.enum)}", line, f.name)
    if f.pattern is not None and not f.pattern.match(value):
        raise DataError(path, f"{value!r} does not match the pattern {f.pattern.pattern[4:-2]}",
                        line, f.name)


def _primary_key(resource: dict) -> list[str]:
    pk = resource["schema"].get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def _check_keys(path: Path, resource: dict, fields: list[_Field], rows: list[dict]) -> None:
    pk = _primary_key(resource)
    keyed = {f.name for f in fields if f.unique}
    for cols in ([pk] if pk else []) + [[c] for c in keyed]:
        seen: dict[tuple, int] = {}
        for row in rows:
            key = tuple(row[c] for c in cols)
            if key in seen:
                shown = ", ".join(f"{c}={row[c]!r}" for c in cols)
                raise DataError(path, f"duplicate key {shown} (first on row {seen[key]})",
                                row=row["__line__"], field=cols[-1])
            seen[key] = row["__line__"]


def _check_references(data_dir: Path, path: Path, resource: dict, fields, rows) -> None:
    for fk in resource["schema"].get("foreignKeys", []):
        cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        target = ref["resource"] or resource["name"]
        ref_cols = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        known = _key_set(data_dir, target, ref_cols, rows if target == resource["name"] else None)
        for row in rows:
            key = tuple(row[c] for c in cols)
            if all(k == "" for k in key):
                continue
            if key not in known:
                raise DataError(path, f"{'/'.join(key)!r} is not an id in {target}.csv",
                                row=row["__line__"], field=cols[-1])
    for f in fields:
        if not f.list_of:
            continue
        known = {k[0] for k in _key_set(data_dir, f.list_of, ["id"],
                                        rows if f.list_of == resource["name"] else None)}
        for row in rows:
            items = row[f.name].split(LIST_SEPARATOR) if row[f.name] else []
            for item in items:
                if item == "" or item != item.strip():
                    raise DataError(path, f"{row[f.name]!r} has an empty or padded item; write ids "
                                    "separated by ';' with no spaces", row["__line__"], f.name)
                if item not in known:
                    raise DataError(path, f"{item!r} is not an id in {f.list_of}.csv",
                                    row=row["__line__"], field=f.name)


def _key_set(data_dir: Path, name: str, cols: list[str], rows=None) -> set[tuple]:
    if rows is None:
        rows = _checked_rows(data_dir, name)
    return {tuple(r[c] for c in cols) for r in rows}


@cache
def _checked_rows_cached(data_dir: Path, name: str, stamp: tuple) -> list[dict]:
    resource = _resource(name, data_dir)
    path = data_dir / resource["path"]
    fields = _fields(resource)
    rows = _read_rows(path, fields)
    if not rows and not resource.get("x-may-be-empty"):
        raise DataError(path, "has a header but no rows")
    _check_keys(path, resource, fields, rows)
    _check_references(data_dir, path, resource, fields, rows)
    return rows


def _checked_rows(data_dir: Path, name: str) -> list[dict]:
    return _checked_rows_cached(data_dir, name, _stamp(data_dir, _resource(name, data_dir)))


def _to_frame(resource: dict, fields: list[_Field], rows: list[dict]) -> pd.DataFrame:
    cols = {}
    for f in fields:
        values = [r[f.name] for r in rows]
        if f.type == "date":
            cols[f.name] = pd.to_datetime(pd.Series(values, dtype="string").replace("", None),
                                          format="%Y-%m-%d")
        elif f.type == "integer":
            cols[f.name] = pd.array([int(v) if v != "" else None for v in values], dtype="Int64")
        elif f.type == "number":
            cols[f.name] = pd.array([float(v) if v != "" else None for v in values],
                                    dtype="Float64")
        elif f.type == "boolean":
            cols[f.name] = pd.array([{"true": True, "false": False}.get(v) for v in values],
                                    dtype="boolean")
        else:
            cols[f.name] = pd.Series(values, dtype="string")
    df = pd.DataFrame(cols)
    pk = _primary_key(resource)
    if len(pk) == 1:
        df.index = pd.Index(df[pk[0]].array)  # unnamed, so reset_index() keeps the column
    return df


def load(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Load one table as a typed DataFrame (a fresh copy each call).

    Dates become ``datetime64``, whole numbers ``Int64``, text ``string``; a table with a
    one-column primary key (``id``) is also indexed by it. List columns such as
    ``source_ids`` stay text: use :func:`split_ids` or ``df.col.str.split(';')``.
    """
    data_dir = DATA_DIR if data_dir is None else Path(data_dir).resolve()  # DATA_DIR: resolved
    resource = _resource(name, data_dir)
    return _frame(data_dir, name, _stamp(data_dir, resource)).copy()


def version(name: str) -> tuple:
    """A stamp of the table's file (modification time and size) in the course's ``data/``:
    it changes when the file does, so results derived from the table can be cached by it."""
    return _stamp(DATA_DIR, _resource(name, DATA_DIR))


def _stamp(data_dir: Path, resource: dict) -> tuple:
    try:
        st = (data_dir / resource["path"]).stat()
        return (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return (0, 0)


@cache
def _frame(data_dir: Path, name: str, stamp: tuple) -> pd.DataFrame:
    resource = _resource(name, data_dir)
    return _to_frame(resource, _fields(resource), _checked_rows(data_dir, name))


def validate_all(data_dir: Path | str | None = None) -> list[str]:
    """Load every table (raising :class:`DataError` on the first problem); return their names."""
    names = table_names(data_dir)
    for name in names:
        load(name, data_dir)
    return names


def is_missing(value) -> bool:
    """Whether a loaded cell is empty (None, NaN, NA or NaT)."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array is not a missing value
        return False


def date_text(value, precision: str | None = "day") -> str:
    """A date as text, no more precise than the data: '12 May 1994', 'May 1994' or '1994'
    (empty for a missing date). ``precision`` is a ``*_precision`` column's value."""
    if value is None or pd.isna(value):
        return ""
    ts = pd.Timestamp(value)
    if precision == "year":
        return f"{ts.year}"
    if precision == "month":
        return ts.strftime("%B %Y")
    return f"{ts.day} {ts.strftime('%B %Y')}"
