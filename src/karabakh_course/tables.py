"""Tables the lessons share, built from the course's data (pure functions), and the course's one
house style for showing a table: :func:`show`."""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import citations, data
from .arguments import ArgumentError

__all__ = ["Table", "events", "label", "show"]


def events(ids) -> pd.DataFrame:
    """Chosen events in date order: date (as precise as the data), event, what happened, and
    their sources as author–date labels."""
    ev = data.load("events").loc[list(ids)].sort_values(["date", "id"])
    return pd.DataFrame({
        "Date": [data.date_text(d, p)
                 for d, p in zip(ev["date"], ev["date_precision"], strict=True)],
        "Event": ev["title"].to_numpy(),
        "What happened": ev["summary"].to_numpy(),
        "Sources": [citations.labels(s) for s in ev["source_ids"]],
    })


# --- the house table style ---------------------------------------------------------------------

LIMIT = 15  # rows shown at once; the rest behind "and N more", in a scrollable list
WORDS = {"id": "id", "url": "URL", "un": "UN", "unsc": "UNSC", "ga": "GA", "eu": "EU",
         "osce": "OSCE", "oic": "OIC", "nam": "NAM", "csto": "CSTO", "cis": "CIS",
         "nato": "NATO", "ots": "OTS", "pace": "PACE", "eusr": "EUSR", "iso": "ISO"}


def label(column) -> str:
    """A readable column label from a column id: 'votes_for' -> 'Votes for', 'copy_url' ->
    'Copy URL', 'actor_id' -> 'Actor'."""
    text = str(column)
    if text.endswith("_id") and text != "_id":
        text = text[:-3]
    words = [WORDS.get(w.lower(), w) for w in text.replace("_", " ").split()]
    if not words:
        return text
    first = words[0]
    words[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(words)


def _precision_column(df: pd.DataFrame, column) -> str | None:
    for name in (f"{column}_precision", "date_precision" if column == "date" else None):
        if name and name in df.columns:
            return name
    return None


def _cell(value, precision=None) -> str:
    """One value as text at the data's precision: dates (no NaT), numbers with thousands
    separators, lists joined, missing values empty."""
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(_cell(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp | np.datetime64 | dt.date):
        return data.date_text(value, precision if isinstance(precision, str) else "day")
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        v = float(value)
        return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    return str(value)


@dataclass(frozen=True)
class Table:
    """A table in the house style: shown as HTML in a notebook, as aligned text elsewhere."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    csv: str
    name: str
    limit: int

    def _html_rows(self, rows) -> str:
        out = []
        for row in rows:
            cells = "".join(
                f'<td style="{_TD}{_NUM if num else _TEXT}">{html.escape(v)}</td>'
                for v, num in zip(row, self.numeric, strict=True))
            out.append(f"<tr>{cells}</tr>")
        return "".join(out)

    def _table(self, rows, head: bool = True) -> str:
        th = "".join(f'<th style="{_TD}{_NUM if num else _TEXT}">{html.escape(c)}</th>'
                     for c, num in zip(self.columns, self.numeric, strict=True))
        thead = f"<thead><tr>{th}</tr></thead>" if head else ""
        return (f'<table style="border-collapse:collapse;table-layout:auto;margin:0">{thead}'
                f"<tbody>{self._html_rows(rows)}</tbody></table>")

    def _repr_html_(self) -> str:
        n = len(self.rows)
        shown, rest = self.rows[: self.limit], self.rows[self.limit:]
        parts = ['<div class="course-table" style="overflow-x:auto;max-width:100%">',
                 self._table(shown)]
        if rest:
            parts.append(f'<details class="course-table-more"><summary>and {len(rest):,} more '
                         f"(of {n:,} rows)</summary>"
                         f'<div style="max-height:24em;overflow-y:auto">'
                         f"{self._table(rest)}</div></details>")
        payload = base64.b64encode(self.csv.encode("utf-8")).decode("ascii")
        parts.append(f'<p class="course-table-download" style="margin:0.3em 0 0;font-size:90%">'
                     f'<a download="{html.escape(self.name)}.csv" '
                     f'href="data:text/csv;charset=utf-8;base64,{payload}">Download this table '
                     f"(CSV, {n:,} rows)</a></p></div>")
        return "".join(parts)

    def __repr__(self) -> str:
        shown = [self.columns, *self.rows[: self.limit]]
        widths = [max(len(r[i]) for r in shown) for i in range(len(self.columns))]
        lines = ["  ".join(v.rjust(w) if num else v.ljust(w)
                           for v, w, num in zip(r, widths, self.numeric, strict=True)).rstrip()
                 for r in shown]
        if len(self.rows) > self.limit:
            lines.append(f"… and {len(self.rows) - self.limit:,} more (of {len(self.rows):,} "
                         "rows)")
        return "\n".join(lines)


_TD = ("padding:0.2em 0.6em;vertical-align:top;"
       "border-bottom:1px solid var(--jp-border-color2, #ddd);")
_NUM = "text-align:right;white-space:nowrap;"
_TEXT = "text-align:left;white-space:normal;overflow-wrap:normal;min-width:6em;"


def show(df: pd.DataFrame | pd.Series, *, limit: int = LIMIT, labels: dict | None = None,
         name: str = "table", index: bool | None = None) -> Table:
    """A table in the course's house style, for the last line of a cell.

    Readable column labels (``labels`` overrides some); no internal ids as the index (an index
    is kept as the first column only when it is named and not an id, or with ``index=True``);
    dates as precise as the data (a ``date_precision`` or ``<column>_precision`` column is used
    and not shown); numbers with thousands separators; whole cells; ``limit`` rows at once and
    the rest behind "and N more"; a link to download the table as CSV (from the notebook
    itself, no network)."""
    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "value")
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError("kc.tables.show()", "table", df,
                            expected="a pandas DataFrame or Series")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ArgumentError("kc.tables.show()", "limit", limit,
                            expected="a whole number of rows, 1 or more")
    labels = dict(labels or {})
    if index is None:
        names = [n for n in df.index.names if n is not None]
        index = bool(names) and not any(str(n) == "id" or str(n).endswith("_id") for n in names)
    frame = df.reset_index() if index else df.reset_index(drop=True)
    precisions = {c: _precision_column(frame, c) for c in frame.columns}
    hidden = {p for c, p in precisions.items() if p and c != p}
    columns = [c for c in frame.columns if c not in hidden]
    numeric = tuple(pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(
        frame[c]) for c in columns)
    rows = []
    for _, r in frame.iterrows():
        rows.append(tuple(_cell(r[c], r[precisions[c]] if precisions[c] else None)
                          for c in columns))
    # The CSV keeps the data's own values (and their precision columns) for further work.
    csv = frame.to_csv(index=False, date_format="%Y-%m-%d")
    return Table(tuple(labels.get(c, label(c)) for c in columns), tuple(rows), numeric, csv,
                 str(name), limit)
