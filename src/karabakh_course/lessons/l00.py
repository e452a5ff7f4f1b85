"""Lesson 00 (start here): a tour of the course's data."""

from __future__ import annotations

import html

import pandas as pd

from .. import citations, data
from ..checks import figure, frame, question, value
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
    # The label is the table's name too: it is what a learner passes to kc.load.
    controls=lambda: {"table": Dropdown("Table", tuple((n, n) for n in data.table_names()),
                                        "sources")},
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


def name_entry(term_id: str) -> dict:
    """One glossary entry with its forms paired with who uses each (pure)."""
    g = data.load("glossary")
    row = g.loc[term_id]
    forms = [f.strip() for f in row["forms"].split("|")] if row["forms"] else []
    users = [u.strip() for u in row["used_by"].split("|")] if row["used_by"] else []
    return {"term": row["term"], "kind": row["kind"], "definition": row["definition"],
            "forms": forms, "used_by": users, "source_ids": data.split_ids(row["source_ids"])}


def _name_options():
    g = data.load("glossary").sort_values("term")
    return tuple((f"{t} ({k})", i) for i, t, k in zip(g.index, g["term"], g["kind"], strict=True))


@register(
    "names",
    question="Which form of the name does Azerbaijan's government use for the main town of "
    "Nagorno-Karabakh, and which do Armenia and the Karabakh Armenians use?",
    controls=lambda: {"term": Dropdown("Name", _name_options(), "g-shusha-shushi",
                                        search=True)},
    examples=[{"term": "g-khankendi-stepanakert"}, {"term": "g-nagorno-karabakh"}],
)
def names(term: str) -> Rendered:
    e = name_entry(term)
    users = "".join(f"<li>{html.escape(u)}</li>" for u in e["used_by"])
    forms = " · ".join(f"<i>{html.escape(f)}</i>" for f in e["forms"])
    return Rendered(html=(
        f"<p><b>{html.escape(e['term'])}</b> ({e['kind']}). {html.escape(e['definition'])}</p>"
        f"<p>Forms: {forms}</p><p>Who uses which:</p><ul>{users}</ul>"
        f"<p><small>Sources: {html.escape(citations.labels(e['source_ids']))}</small></p>"))


def stance_counts() -> pd.Series:
    """How many of the course's sources speak with each voice (pure)."""
    order = ["intergovernmental", "independent", "third-state", "party-government",
             "party-affiliated"]
    s = data.load("sources")["stance"].value_counts()
    return s.reindex(order, fill_value=0).astype(int)


def stance_chart():
    from .. import charts

    s = stance_counts()
    fig, ax = charts.new(7, 3.2)
    colours = [charts.PALETTE["blue"], charts.PALETTE["bluish green"],
               charts.PALETTE["reddish purple"], charts.PALETTE["vermillion"],
               charts.PALETTE["orange"]]
    ax.barh(list(s.index)[::-1], list(s.values)[::-1], color=colours[::-1])
    for y, v in enumerate(list(s.values)[::-1]):
        ax.text(v, y, f" {v}", va="center", fontsize=9)
    ax.set_xlabel("number of sources in data/sources.csv")
    return charts.finish(
        fig, title="Whose voice? The course's sources by stance",
        source="data/sources.csv (the course's own classification of each source)",
        alt=f"Horizontal bar chart of the course's {int(s.sum())} sources by stance: "
        + ", ".join(f"{k} {v}" for k, v in s.items()) + ".")


# --- exercise checks ------------------------------------------------------------

def _sources_by_stance():
    return data.load("sources").groupby("stance").size().rename("sources")


question("00-count-sources", "correct: that is every row of the sources table.")(
    value(lambda: len(data.load("sources")), hint="Use len() on the DataFrame.")
)
question("00-sources-by-stance", "correct: a count of sources for each stance.")(
    frame(_sources_by_stance, hint="Group by the 'stance' column and count the rows.")
)
question("00-stance-chart", "correct: one bar for each stance, with a title.")(
    figure(kind="bar", count=lambda: len(_sources_by_stance()),
           heights=lambda: list(_sources_by_stance()),
           hint="Plot the counts from the previous exercise as bars.")
)
