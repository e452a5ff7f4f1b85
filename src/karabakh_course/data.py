"""Load the course's tables from ``data/``, typed by ``data/datapackage.json``.

The Data Package descriptor is the single description of every table: its columns and types,
its constraints, its primary key, its foreign keys and its list-valued id columns. The loader
reads only the standard library's ``csv`` and ``json`` plus pandas, so importing it in a lesson
is cheap; the full Frictionless validation runs in the tests. The loader enforces every
constraint keyword the descriptor uses (:data:`CONSTRAINTS`) and refuses a descriptor that uses
one it does not know, so no rule is ever silently skipped.

Any problem in a file raises :class:`DataError`, whose message names the file (with its folder),
the row (as the line number a spreadsheet or text editor shows) and the field, says what is
wrong and what to do. In a notebook it shows as that one message, without a traceback.

Tables are validated against the current state of the files: a table is checked again when its
file, a table it refers to, or the descriptor changes. The cache holds one version per table.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "CONSTRAINTS",
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
COURSE_DIR = DATA_DIR.parent
LIST_SEPARATOR = ";"
TYPES = ("string", "integer", "number", "date", "boolean")
CONSTRAINTS = frozenset({"required", "unique", "enum", "pattern", "minimum", "maximum",
                         "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_TRUE, _FALSE = ("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0")
SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8 (comma-delimited)'"


def shown_path(path: Path | str) -> str:
    """A path as a message shows it: relative to the course (``data/events.csv``), or with
    its folder (``data/events.csv`` of another copy)."""
    path = Path(path)
    try:
        return path.resolve().relative_to(COURSE_DIR).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


class DataError(ValueError):
    """A problem in one of the course's data files, located by file, row and field."""

    def __init__(self, path, message, row=None, field=None):
        self.path = Path(path)
        self.row = row
        self.field = field
        self.reason = message
        where = [shown_path(self.path)]
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}")

    def _render_traceback_(self) -> list[str]:
        """IPython shows these lines instead of a traceback: the data's fault needs no code."""
        return [f"DataError: {self}"]


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    constraints: dict
    pattern: re.Pattern | None
    list_of: str | None  # resource whose ids a separated list must resolve to
    separator: str

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def unique(self) -> bool:
        return bool(self.constraints.get("unique"))


# --- the descriptor -------------------------------------------------------------------------

_DESCRIPTORS: dict[Path, tuple] = {}  # data_dir -> (stamp, parsed descriptor, its path)


def descriptor(data_dir: Path | str | None = None) -> dict:
    """The parsed ``datapackage.json`` (read again when the file changes)."""
    return _descriptor(Path(data_dir or DATA_DIR))


def _descriptor(data_dir: Path) -> dict:
    hit = _DESCRIPTORS.get(data_dir)
    if hit is not None and hit[0] == _file_stamp(hit[2]):
        return hit[1]
    path = data_dir / "datapackage.json"
    stamp = _file_stamp(path)
    try:
        d = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        looked = ", ".join(str(c) for c in data_dir_candidates())
        raise DataError(path, f"the course's data folder was not found (looked in: {looked}). "
                        f"Set the environment variable {DATA_ENV} to the folder that holds "
                        "datapackage.json, or run from the course's checkout.") from None
    except UnicodeDecodeError:
        raise DataError(path, "is not UTF-8 text; save it as UTF-8") from None
    except json.JSONDecodeError as e:
        raise DataError(path, f"not valid JSON ({e.msg} at line {e.lineno})") from None
    _DESCRIPTORS[data_dir] = (stamp, d, str(path))
    return d


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


def _fields(resource: dict, data_dir: Path) -> list[_Field]:
    out = []
    where = data_dir / "datapackage.json"
    for f in resource["schema"]["fields"]:
        c = f.get("constraints", {})
        kind = f.get("type", "string")
        at = f"table {resource['name']}, field {f['name']}"
        if kind not in TYPES:
            raise DataError(where, f"{at}: the type {kind!r} is not one the course's loader "
                            f"reads ({', '.join(TYPES)})")
        unknown = sorted(set(c) - CONSTRAINTS)
        if unknown:
            raise DataError(where, f"{at}: the constraint {', '.join(unknown)} is not one the "
                            "course's loader enforces; add it to data.py or remove it")
        x_list = f.get("x-list") or {}
        out.append(
            _Field(
                name=f["name"],
                type=kind,
                constraints=c,
                pattern=re.compile(f"^(?:{c['pattern']})$") if "pattern" in c else None,
                list_of=x_list.get("resource"),
                separator=x_list.get("separator", LIST_SEPARATOR),
            )
        )
    return out


def split_ids(value: str) -> list[str]:
    """Split a ';'-separated list of ids, ignoring empty items and spaces."""
    return [v.strip() for v in (value or "").split(LIST_SEPARATOR) if v.strip()]


# --- reading a CSV --------------------------------------------------------------------------


def _read_text(path: Path) -> tuple[str, tuple]:
    """The file's text and the stamp it had while it was read (read again if it changed
    meanwhile: an editor saving in place, so that no half-written table is ever used)."""
    for _ in range(5):
        before = _file_stamp(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise DataError(path, "the file is missing") from None
        if _file_stamp(path) == before:
            break
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(path, f"is saved as UTF-16 ('Unicode text'); {SAVE_AS}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError(
            path, f"is not UTF-8 text (byte {e.start}: {raw[e.start:e.start + 1]!r}); {SAVE_AS}",
            row=line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataError(path, f"contains a NUL character (byte 0), which no text file holds; "
                        f"{SAVE_AS}", row=line)
    return text, before


def _records(path: Path, text: str) -> list[tuple[int, int, list]]:
    """The CSV's records as (first line, last line, cells); a quote left open is reported
    at the row where it opens."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return out
        except csv.Error as e:
            raise _quote_error(path, text, start, reader.line_num, str(e), out) from None
        out.append((start, reader.line_num, cells))


def _physical_line(text: str, n: int) -> str:
    lines = io.StringIO(text, newline="").readlines()
    return lines[n - 1] if 0 < n <= len(lines) else ""


def _quote_error(path, text, start, end, reason, records) -> DataError:
    header = records[0][2] if records else []
    column = _quote_column(_physical_line(text, start).rstrip("\r\n"))
    field = header[column] if column is not None and column < len(header) else None
    if end > start or "end of data" in reason:
        return _unclosed(path, start, end, field)
    return DataError(path, "a quote (\") stands inside a cell; put the whole cell in quotes and "
                     "write each quote inside it as two quotes (\"\")", row=start, field=field)


def _unclosed(path, start: int, end: int, field: str | None) -> DataError:
    return DataError(path, f"a quote (\") opens a cell here and is not closed on this row (the "
                     f"cell runs on to row {end}); close the quote, or write a quote inside a "
                     "cell as two quotes (\"\")", row=start, field=field)


def _quote_column(line: str) -> int | None:
    """The index of the cell of ``line`` where a quote goes wrong: the first place where
    strict CSV fails for a reason other than the line ending inside a quoted cell, or else
    the cell left open at the end of the line."""

    def fails(text: str) -> str | None:
        try:
            list(csv.reader([text], strict=True))
        except csv.Error as e:
            return str(e)
        return None

    for k in range(1, len(line) + 1):
        reason = fails(line[:k])
        if reason is not None and "end of data" not in reason:
            return len(next(csv.reader([line[:k]]))) - 1
    if fails(line):
        return len(next(csv.reader([line]))) - 1
    return None


def _check_header(path: Path, header: list[str], fields: list[_Field]) -> None:
    expected = [f.name for f in fields]
    must = "the header must be: " + ",".join(expected)
    if len(header) == 1 and header[0].count(";") >= 1:
        raise DataError(path, "the cells are separated by ';', not ','. A spreadsheet set to a "
                        f"European language does this: {SAVE_AS}", row=1)
    if len(header) == 1 and "\t" in header[0]:
        raise DataError(path, f"the cells are separated by tabs, not ','; {SAVE_AS}", row=1)
    if header and header[-1] == "" and len(header) > len(expected):
        raise DataError(path, "the header row ends with a comma (an empty column); delete the "
                        "trailing comma(s) and the empty column", row=1)
    for i, name in enumerate(header, start=1):
        if name == "":
            raise DataError(path, f"column {i} has no name; {must}", row=1)
        if name != name.strip():
            raise DataError(path, f"the column name {name!r} has a space at its start or end; "
                            f"write it as {name.strip()!r}", row=1, field=name.strip())
        if header.index(name) != i - 1:
            raise DataError(path, f"the column {name!r} appears twice in the header (columns "
                            f"{header.index(name) + 1} and {i}); keep one", row=1, field=name)
    missing = [n for n in expected if n not in header]
    if missing:
        raise DataError(path, f"missing column(s) {', '.join(missing)}; {must}", row=1)
    extra = [n for n in header if n not in expected]
    if extra:
        raise DataError(path, f"unknown column(s) {', '.join(extra)}; {must}", row=1)
    if header != expected:
        moved = next(n for n, e in zip(header, expected, strict=True) if n != e)
        raise DataError(path, f"the columns are in another order than the descriptor's (column "
                        f"{header.index(moved) + 1} is {moved!r}); move them back: {must}",
                        row=1, field=moved)


def _read_rows(path: Path, fields: list[_Field]) -> tuple[list[dict], tuple]:
    """Read a CSV as text, checking encoding, header and cell-level constraints."""
    text, stamp = _read_text(path)
    if not text.strip():
        raise DataError(path, "the file is empty; it needs at least the header row")
    records = _records(path, text)
    header = records[0][2]
    _check_header(path, header, fields)
    rows = []
    for start, end, record in records[1:]:
        if not any(cell.strip() for cell in record):
            raise DataError(path, "this row is empty; delete it (a spreadsheet may add empty "
                            "rows at the end of a sheet)", row=start)
        if len(record) != len(header):
            raise _width_error(path, start, end, record, header)
        row = dict(zip(header, record, strict=True))
        for f in fields:
            _check_cell(path, start, f, row[f.name])
        row["__line__"] = start
        rows.append(row)
    return rows, stamp


def _width_error(path, start, end, record, header) -> DataError:
    n, want = len(record), len(header)
    if end > start:
        multi = next((i for i, c in enumerate(record) if "\n" in c or "\r" in c), None)
        field = header[multi] if multi is not None and multi < want else None
        return _unclosed(path, start, end, field)
    if n > want and not any(c.strip() for c in record[want:]):
        return DataError(path, f"the row ends with {n - want} extra comma(s); delete them",
                         row=start)
    return DataError(path, f"has {n} cells but the header has {want}; a comma inside a cell "
                     "needs the whole cell in quotes (\"a, b\"), and every row needs one cell "
                     "per column", row=start)


def _typed(f: _Field, value: str, path: Path, line: int | None):
    """The value of a cell (or of a constraint, ``line`` None) as its field's type."""

    def bad(message):
        return DataError(path, message, row=line, field=f.name)

    if f.type == "date":
        if not _DATE.match(value):
            raise bad(f"{value!r} is not a date in the form YYYY-MM-DD (a spreadsheet may "
                      "have turned it into its own date format: format the column as text)")
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise bad(f"{value!r} is not a real calendar date") from None
    if f.type == "integer":
        if not _INTEGER.match(value):
            raise bad(f"{value!r} is not a whole number (digits only, no separators or "
                      "spaces)")
        return int(value)
    if f.type == "number":
        if not _NUMBER.match(value):
            if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", value):
                hint = "write decimals with a point (3.5), not a comma"
            elif value.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
                hint = "a measured value must be a finite number; leave the cell empty if unknown"
            else:
                hint = "digits with at most one decimal point, no separators or spaces"
            raise bad(f"{value!r} is not a number: {hint}")
        number = float(value)
        if not math.isfinite(number):
            raise bad(f"{value!r} is too large to be a number")
        return number
    if f.type == "boolean":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise bad(f"{value!r} is not true or false")
    return value


def _check_cell(path: Path, line: int, f: _Field, value: str) -> None:
    if value == "":
        if f.required:
            raise DataError(path, "is empty but required", row=line, field=f.name)
        return
    if value != value.strip():
        raise DataError(path, f"{value!r} has spaces at its start or end; delete them",
                        row=line, field=f.name)
    typed = _typed(f, value, path, line)
    c = f.constraints
    limits = (("minimum", lambda x, m: x >= m, "below the minimum"),
              ("maximum", lambda x, m: x <= m, "above the maximum"),
              ("exclusiveMinimum", lambda x, m: x > m, "not above"),
              ("exclusiveMaximum", lambda x, m: x < m, "not below"))
    for key, ok, words in limits:
        if key in c:
            limit = _typed(f, str(c[key]), path, None) if f.type == "date" else c[key]
            if not ok(typed, limit):
                raise DataError(path, f"{value} is {words} {c[key]}", line, f.name)
    if "minLength" in c and len(value) < c["minLength"]:
        raise DataError(path, f"{value!r} is shorter than {c['minLength']} characters",
                        line, f.name)
    if "maxLength" in c and len(value) > c["maxLength"]:
        raise DataError(path, f"{value!r} is longer than {c['maxLength']} characters",
                        line, f.name)
    if "enum" in c:
        allowed = [_typed(f, str(v), path, None) if f.type != "string" else v for v in c["enum"]]
        if typed not in allowed:
            raise DataError(path, f"{value!r} is not one of: {', '.join(map(str, c['enum']))}",
                            line, f.name)
    if f.pattern is not None and not f.pattern.match(value):
        raise DataError(path, f"{value!r} does not match the pattern {c['pattern']}",
                        line, f.name)


# --- keys and references --------------------------------------------------------------------


def _primary_key(resource: dict) -> list[str]:
    pk = resource["schema"].get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def _as_list(cols) -> list[str]:
    return cols if isinstance(cols, list) else [cols]


def _check_keys(path: Path, resource: dict, fields: list[_Field], rows: list[dict]) -> None:
    pk = _primary_key(resource)
    keyed = [f.name for f in fields if f.unique]
    for cols in ([pk] if pk else []) + [[c] for c in keyed]:
        seen: dict[tuple, int] = {}
        for row in rows:
            key = tuple(row[c] for c in cols)
            if cols != pk and all(k == "" for k in key):
                continue  # an empty cell is not a value: 'unique' does not count it
            if key in seen:
                shown = ", ".join(f"{c}={row[c]!r}" for c in cols)
                raise DataError(path, f"duplicate key {shown} (first on row {seen[key]})",
                                row=row["__line__"], field=cols[-1])
            seen[key] = row["__line__"]


def _references(resource: dict, fields: list[_Field]) -> list[str]:
    """The tables this one's foreign keys and id lists refer to."""
    out = [fk["reference"]["resource"] or resource["name"]
           for fk in resource["schema"].get("foreignKeys", [])]
    out += [f.list_of for f in fields if f.list_of]
    return list(dict.fromkeys(out))


def _check_references(data_dir: Path, path: Path, resource: dict, fields, rows) -> None:
    def known(target: str, cols: list[str]) -> set[tuple]:
        source = rows if target == resource["name"] else _checked_rows(data_dir, target)
        return {tuple(r[c] for c in cols) for r in source}

    for fk in resource["schema"].get("foreignKeys", []):
        cols = _as_list(fk["fields"])
        ref = fk["reference"]
        target = ref["resource"] or resource["name"]
        ref_cols = _as_list(ref["fields"])
        keys = known(target, ref_cols)
        for row in rows:
            key = tuple(row[c] for c in cols)
            if all(k == "" for k in key):
                continue
            if key not in keys:
                where = f"an id in {target}.csv" if ref_cols == ["id"] else \
                    f"in the column {'/'.join(ref_cols)} of {target}.csv"
                raise DataError(path, f"{'/'.join(key)!r} is not {where}; add that row to "
                                f"{target}.csv first, or correct the value",
                                row=row["__line__"], field=cols[-1])
    for f in fields:
        if not f.list_of:
            continue
        ids = {k[0] for k in known(f.list_of, ["id"])}
        for row in rows:
            items = row[f.name].split(f.separator) if row[f.name] else []
            for item in items:
                if item == "" or item != item.strip():
                    raise DataError(path, f"{row[f.name]!r} has an empty or padded item; write "
                                    f"ids separated by '{f.separator}' with no spaces",
                                    row["__line__"], f.name)
                if item not in ids:
                    raise DataError(path, f"{item!r} is not an id in {f.list_of}.csv; add that "
                                    f"row to {f.list_of}.csv first, or correct the id",
                                    row=row["__line__"], field=f.name)


# --- the cache: one version per table, following the files ----------------------------------

_TABLES: dict[tuple[Path, str], dict] = {}  # (data_dir, name) -> {"state", "rows", "frame"}


def _file_stamp(path: Path | str) -> tuple:
    """Modification time, size and inode: a save in place or a rename over the file
    changes it."""
    try:
        st = os.stat(path)
        return (st.st_mtime_ns, st.st_size, st.st_ino)
    except FileNotFoundError:
        return (0, 0, 0)


_SCHEMAS: dict[Path, tuple] = {}  # data_dir -> (descriptor, {name: (fields, dependencies)})


def _schema(data_dir: Path, name: str) -> tuple[list[_Field], tuple]:
    """A table's fields and the tables its validity depends on, as (name, file path) pairs:
    itself and every table it refers to, directly or through others. Worked out once per
    version of the descriptor."""
    d = _descriptor(data_dir)
    hit = _SCHEMAS.get(data_dir)
    if hit is None or hit[0] is not d:
        hit = (d, {})
        _SCHEMAS[data_dir] = hit
    tables = hit[1]
    if name not in tables:
        resource = _resource(name, data_dir)
        fields = _fields(resource, data_dir)
        tables[name] = (fields, None)
        deps, todo = [], [name]
        while todo:
            n = todo.pop()
            if n not in deps:
                deps.append(n)
                r = _resource(n, data_dir)
                todo += _references(r, _fields(r, data_dir))
        tables[name] = (fields, tuple((n, str(data_dir / _resource(n, data_dir)["path"]))
                                      for n in sorted(deps)))
    return tables[name]


def _state(data_dir: Path, name: str) -> tuple:
    """What a table's validity depends on: the descriptor and the files of the table and of
    the tables it refers to. Any change, and the table is checked again."""
    deps = _schema(data_dir, name)[1]  # checks the descriptor's stamp first
    return (_DESCRIPTORS[data_dir][0], *((n, _file_stamp(p)) for n, p in deps))


def _entry(data_dir: Path, name: str) -> dict:
    key = (data_dir, name)
    state = _state(data_dir, name)
    entry = _TABLES.get(key)
    if entry is None or entry["state"] != state:
        resource = _resource(name, data_dir)
        path = data_dir / resource["path"]
        fields = _schema(data_dir, name)[0]
        rows, _ = _read_rows(path, fields)
        if not rows and not resource.get("x-may-be-empty"):
            raise DataError(path, "has a header but no rows")
        _check_keys(path, resource, fields, rows)
        _check_references(data_dir, path, resource, fields, rows)
        entry = {"state": state, "rows": rows, "frame": None}
        _TABLES[key] = entry  # replaces the table's previous version
    return entry


def _checked_rows(data_dir: Path, name: str) -> list[dict]:
    return _entry(data_dir, name)["rows"]


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
            cols[f.name] = pd.array([True if v in _TRUE else False if v in _FALSE else None
                                     for v in values], dtype="boolean")
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
    entry = _entry(data_dir, name)
    if entry["frame"] is None:
        resource = _resource(name, data_dir)
        entry["frame"] = _to_frame(resource, _schema(data_dir, name)[0], entry["rows"])
    return entry["frame"].copy()


def version(name: str) -> tuple:
    """A stamp of the table in the course's ``data/``: it changes when its file, a table it
    refers to, or the descriptor does, so results derived from it can be cached by it."""
    return _state(DATA_DIR, name)


def course_cached(*tables: str, maxsize: int = 64):
    """Decorate a pure function of the course's tables ``tables`` (read through :func:`load`)
    so that its result is computed once per version of those tables and arguments (which
    must be hashable); each call gets a copy. Computed afresh while :func:`load` is replaced
    (tables standing in for the course's, as in the tests)."""
    import copy
    import functools

    def deco(fn):
        @functools.lru_cache(maxsize=maxsize)
        def memo(versions, args, kw):
            return fn(*args, **dict(kw))

        @functools.wraps(fn)
        def wrapper(*args, **kw):
            if globals()["load"] is not _COURSE_LOAD:
                return fn(*args, **kw)
            out = memo(tuple(version(t) for t in tables), args, tuple(sorted(kw.items())))
            return out.copy() if isinstance(out, pd.DataFrame | pd.Series) else copy.copy(out)

        wrapper.cache_clear = memo.cache_clear
        return wrapper

    return deco


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


_COURSE_LOAD = load  # course_cached computes afresh while another function stands in for it
