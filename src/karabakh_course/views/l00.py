"""Lesson 00 (start here): a tour of the course's data."""

from __future__ import annotations

import html

from .. import data
from ..widgets import Dropdown, Rendered, register


def table_summary(name: str, n_rows: int = 3) -> dict:
    """What a table is, how many rows it has, its columns and its first rows (pure)."""
    desc = data.descriptor()
    resource = next(r for r in desc["resources"] if r["name"] == name)
    df = data.load(name)
    return {
        "name": name,
        "title": resource["title"],
        "description": resource["description"],
        "rows": len(df),
        "columns": [f["name"] for f in resource["schema"]["fields"]],
        "head": df.head(n_rows).reset_index(drop=True),
    }


@register(
    "data-tour",
    question="Which table records how each UN member voted on a General Assembly resolution, "
    "and how many rows does it have?",
    controls=lambda: {"table": Dropdown("Table", tuple(data.table_names()), "sources")},
    examples=[{"table": "sources"}, {"table": "ga_votes"}, {"table": "events"}],
)
def data_tour(table: str) -> Rendered:
    s = table_summary(table)
    cols = ", ".join(f"<code>{html.escape(c)}</code>" for c in s["columns"])
    head = s["head"].to_html(index=False, max_cols=6, notebook=False, border=0)
    return Rendered(
        html=(f"<p><b>{html.escape(s['title'])}</b> (<code>{s['name']}</code>): "
              f"{html.escape(s['description'])}</p>"
              f"<p><b>{s['rows']} rows.</b> Columns: {cols}</p>{head}")
    )
