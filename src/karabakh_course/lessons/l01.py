"""Lesson 01 (background, 1988–1994): the events timeline and the displacement chart.

The timeline widget is generic over the whole ``events`` table: its year range defaults to
1988–1994, and later lessons can open it on another range, e.g.
``kc.widgets.view(l01.timeline, years=(1994, 2020))``.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from .. import charts, content, data, tables
from ..checks import figure, frame, question, value
from ..widgets import MultiSelect, RangeSlider, Rendered, register, render_figure

__all__ = ["TIMELINE_DEFAULT", "GROUPS", "year_bounds", "filter_events", "events_per_year",
           "timeline_chart", "count_line", "timeline", "tolls_table", "displacement_table",
           "displacement_chart"]

TIMELINE_DEFAULT = (1988, 1994)


# --- timeline: pure parts ----------------------------------------------------------------------


def year_bounds() -> tuple[int, int]:
    """The slider's bounds: the first event's year, and the later of the last event's year and
    the year of the data's ``as_of`` date."""
    years = data.load("events")["date"].dt.year
    return int(years.min()), max(int(years.max()), data.as_of().year)


def filter_events(years: tuple[int, int],
                  categories: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """Events whose (start) date falls in the years ``years`` (inclusive), in the given
    categories (all categories if none are given), sorted by date then id."""
    return _filter(data.load("events"), years, categories)


def _filter(events: pd.DataFrame, years, categories) -> pd.DataFrame:
    lo, hi = sorted(int(y) for y in years)
    year = events["date"].dt.year
    mask = year.between(lo, hi)
    if categories:
        mask &= events["category"].isin(list(categories))
    return events[mask].sort_values(["date", "id"])


def events_per_year(years: tuple[int, int],
                    categories: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """Number of events per year (rows, every year of the range) and category (columns)."""
    return _per_year(filter_events(years, categories), years)


def _per_year(sel: pd.DataFrame, years) -> pd.DataFrame:
    lo, hi = sorted(int(y) for y in years)
    counts = pd.crosstab(sel["date"].dt.year, sel["category"].astype(str))
    counts = counts.reindex(range(lo, hi + 1), fill_value=0)
    counts.index.name = "year"
    counts.columns.name = "category"
    return counts.astype(int)


def _range_text(years: tuple[int, int]) -> str:
    lo, hi = sorted(int(y) for y in years)
    return f"{lo}–{hi}" if lo != hi else f"{lo}"


def _category_order() -> list[str]:
    """The event categories in the order of data/datapackage.json."""
    res = next(r for r in data.descriptor()["resources"] if r["name"] == "events")
    field = next(f for f in res["schema"]["fields"] if f["name"] == "category")
    return list(field["constraints"]["enum"])


def timeline_chart(years: tuple[int, int], categories: tuple[str, ...] | list[str] = ()):
    """A stacked bar chart of events per year by category (a finished figure)."""
    return _timeline_chart(events_per_year(years, categories), years)


TIMELINE_SOURCE = "the course's events table (data/events.csv)"


def _timeline_chart(counts: pd.DataFrame, years, *, reuse: bool = False):
    """The chart of :func:`timeline_chart`. With ``reuse`` (the widget), one figure in two
    layers (:class:`charts.Layers`): the axes' box, the axis label and the source line are
    drawn once, with margins for the largest yearly count and the longest category of the
    whole events table (so the frame stays put as the years change); an update sets the
    limits and draws the bars, both axes' ticks, the legend and the title over them."""
    if reuse:
        layers = _timeline_layers(*_timeline_frame())
        layers.clear()
        fig = layers.fig
        ax = fig.axes[0]
    else:
        layers = None
        fig, ax = charts.new(8, 3.8)
        ax.set_ylabel("events")
        ax.yaxis.get_major_locator().set_params(integer=True)
    changing = []
    x = list(counts.index)
    bottom = [0] * len(x)
    order = _category_order()
    for cat in counts.columns:
        vals = list(counts[cat])
        # Each category keeps its style whatever the filter: its place in the data contract.
        changing.append(charts.bars(
            ax, x, vals, bottom=bottom, label=cat, width=0.8, edgecolor="white", linewidth=0.5,
            **charts.series_style(order.index(cat) if cat in order else len(order))))
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    # One collection per category, so the limits are set here (as ax.bar would set them).
    if x:
        pad = 0.05 * (x[-1] - x[0] + 0.8)
        ax.set_xlim(x[0] - 0.4 - pad, x[-1] + 0.4 + pad)
    ax.set_ylim(0, max(max(bottom, default=0), 1) * 1.05)
    step = 1 if len(x) <= 12 else 5 if len(x) <= 60 else 10
    ax.set_xticks([y for y in x if y % step == 0] if step > 1 else x)
    if len(counts.columns):
        changing.append(ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                                  title="category", title_fontsize=9))
    if layers is None:
        _timeline_margins(fig, [str(c) for c in counts.columns], max(max(bottom, default=0), 1))
    else:
        for artist in changing:
            layers.add(artist)
    total = int(counts.to_numpy().sum())
    busiest = (int(counts.sum(axis=1).idxmax()) if total else None)
    alt = (f"Stacked bar chart of the course's events per year, {_range_text(years)}, coloured by "
           f"category: {total} events in all"
           + (f"; the year with most events is {busiest}." if busiest else "."))
    kw = {"title": f"Events per year by category, {_range_text(years)}",
          "source": TIMELINE_SOURCE, "alt": alt}
    return charts.finish(fig, **kw) if layers is None else layers.finish(**kw)


def _timeline_margins(fig, categories: list[str], top: int) -> None:
    """Fixed margins: the counts (up to ``top``) and their label at the left, the legend at
    the right (its longest category, after the handle), the years below."""
    widest = max((charts.text_width(c, 9) for c in categories), default=0.0)
    ticks = charts.text_width(str(top), 10)
    charts.set_margins(fig, left=ticks + 7 / 72 + charts.AXIS_LABEL + 0.12,
                       right=(widest + 0.55 + 0.1) if categories else 0.15,
                       bottom=charts.TICKS + 0.1)


@data.course_cached("events")
def _timeline_frame() -> tuple[tuple[str, ...], int]:
    """Every category of the events table, and the most events of any one year."""
    ev = data.load("events")
    return (tuple(sorted(ev["category"].astype(str).unique())),
            int(ev["date"].dt.year.value_counts().max()))


@lru_cache(maxsize=2)
def _timeline_layers(categories: tuple[str, ...], top: int):
    """The widget's events-per-year frame: fixed margins for ``categories`` and ``top``, the
    axis label, both axes redrawn by each update, the source line kept."""
    fig, ax = charts.new(8, 3.8)
    ax.set_ylabel("events")
    ax.yaxis.get_major_locator().set_params(integer=True)
    _timeline_margins(fig, list(categories), top)
    layers = charts.Layers(fig)
    layers.finish(title="-", alt="-", source=TIMELINE_SOURCE, keep_source=True)
    layers.redraw(ax.xaxis)
    layers.redraw(ax.yaxis)
    return layers


def count_line(n: int, years: tuple[int, int], categories=()) -> str:
    """The widget's count line, e.g. '<b>12 events</b> shown, 1988–1994 (all categories).'"""
    cats = ", ".join(categories) if categories else "all categories"
    noun = "event" if n == 1 else "events"
    return (f"<p><b>{n} {noun}</b> shown, {_range_text(years)} "
            f"({html.escape(cats)}).</p>")


def _events_table_html(selected: pd.DataFrame, limit: int = 15) -> str:
    """The events in the house table style (date at its precision, event, category, source
    keys): ``limit`` rows, then a count of the rest in a scrolling list, a CSV download."""
    if selected.empty:
        return "<p>No events match: widen the years or choose other categories.</p>"
    shown = pd.DataFrame({
        "date": selected["date"].to_numpy(),
        "date_precision": selected["date_precision"].to_numpy(),
        "event": selected["title"].astype(str).to_numpy(),
        "category": selected["category"].astype(str).to_numpy(),
        "sources": [", ".join(data.split_ids(s)) for s in selected["source_ids"]]})
    return tables.show(shown, limit=limit, name="01-timeline-events")._repr_html_()


def _timeline_controls():
    events = data.load("events")
    lo, hi = year_bounds()
    cats = tuple(sorted(events["category"].astype(str).unique()))
    default = (max(lo, TIMELINE_DEFAULT[0]), min(hi, TIMELINE_DEFAULT[1]))
    return {"years": RangeSlider("Years", lo, hi, default),
            "categories": MultiSelect("Categories", tuple((c, c) for c in cats), (),
                                      rows=min(8, len(cats)))}


@register(
    "timeline",
    question="In which years did the conflict's events cluster, and when did events of the "
    "category 'war' give way to 'ceasefire'?",
    controls=_timeline_controls,
    examples=[{"years": (1988, 1994), "categories": ()},
              {"years": (1991, 1992), "categories": ("violence", "war")},
              {"years": (1988, 1995), "categories": ("ceasefire",)}],
)
def timeline(years: tuple[int, int], categories: tuple[str, ...] = ()) -> Rendered:
    """The widget: a count line, a chart of events per year by category, and the events."""
    categories = tuple(categories or ())
    selected = filter_events(years, categories)
    text = count_line(len(selected), years, categories) + _events_table_html(selected)
    if selected.empty:
        return Rendered(html=text)
    return render_figure(_timeline_chart(_per_year(selected, years), years, reuse=True), text)


# --- displacement ------------------------------------------------------------------------------

def tolls_table() -> pd.DataFrame:
    """The death tolls of the violence of 1988–1992 that the lesson compares, one row per
    source (the list ``tolls`` of lesson 01's content file)."""
    f = data.load("figures").loc[list(content.ids("01", "tolls"))]
    return f[["population", "reported_by", "low", "high"]]


#: The groups of the displacement chart (the ``group`` column of figures), in the chart's
#: order, with their labels. Refugees and internally displaced persons apart, and combined
#: counts (that add the two) in a group of their own.
GROUPS = {
    "aze-refugees-from-armenia": "Azerbaijanis from Armenia (refugees)",
    "aze-idps": "Azerbaijanis from Nagorno-Karabakh and surrounding districts (IDPs)",
    "arm-refugees-from-azerbaijan": "Armenians from Azerbaijan (refugees)",
    "idps-in-armenia": "People displaced inside Armenia (IDPs)",
    "combined": "Combined counts (refugees and IDPs together)",
}
_MEASURE_COLOUR = {"refugees": charts.PALETTE["blue"],
                   "internally-displaced": charts.PALETTE["orange"],
                   "displaced": "#666666"}


def displacement_table(groups=None) -> pd.DataFrame:
    """The figures of ``groups`` (default: every group of :data:`GROUPS`), one row per figure
    and source: group (its label), id, measure, population, reported_by, low, high, as_of,
    source_ids."""
    groups = list(GROUPS) if groups is None else list(groups)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise KeyError(f"unknown group(s) {', '.join(unknown)}; the groups are: "
                       + ", ".join(GROUPS))
    f = data.load("figures")
    rows = []
    for group in groups:
        for fid, r in f[f["group"] == group].iterrows():
            rows.append({"group": GROUPS[group], "id": fid, "measure": r["measure"],
                         "population": r["population"], "reported_by": r["reported_by"],
                         "low": int(r["low"]), "high": int(r["high"]), "as_of": r["as_of"],
                         "source_ids": r["source_ids"]})
    return pd.DataFrame(rows)


def _row_label(r) -> str:
    """'Whose figure, year' in at most two short lines."""
    import textwrap

    who = str(r["reported_by"]).split(", as reported by")[0]
    year = f", {r['as_of'].year}" if pd.notna(r["as_of"]) else ", undated"
    return "\n".join(textwrap.wrap(who + year, 40, max_lines=2, placeholder="…"))


def displacement_chart(groups=None):
    """Each source's figure as a point (single figure) or a bar from low to high (range),
    grouped by who was displaced; colour shows refugees, IDPs or combined counts."""
    table = displacement_table(groups)
    n_groups = table["group"].nunique()
    fig, ax = charts.new(9, 0.34 * (len(table) + 2 * n_groups) + 1.6)
    y, ticks, labels = 0, [], []
    for group, part in table.groupby("group", sort=False):
        y -= 0.6
        ax.text(0.005, y, group, fontsize=9, weight="bold", va="center", ha="left",
                transform=ax.get_yaxis_transform())
        for _, r in part.sort_values("low").iterrows():
            y -= 1
            colour = _MEASURE_COLOUR.get(r["measure"], "#666666")
            if r["high"] > r["low"]:
                ax.plot([r["low"], r["high"]], [y, y], color=colour, lw=5, solid_capstyle="butt")
            ax.plot([r["low"], r["high"]], [y, y], "o", color=colour, ms=6)
            value = (f"{r['low']:,}" if r["high"] == r["low"] else f"{r['low']:,}–{r['high']:,}")
            ax.annotate(value, (r["high"], y), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=9)
            ticks.append(y)
            labels.append(_row_label(r))
        y -= 0.4
    ax.set_yticks(ticks, labels, fontsize=9)
    ax.set_ylim(y, 0.2)
    top = int(table["high"].max())
    ax.set_xlim(0, top * 1.18)
    from matplotlib.ticker import MultipleLocator

    ax.xaxis.set_major_locator(MultipleLocator(200_000 if top > 400_000 else 50_000))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / 1000:,.0f}k")
    ax.grid(axis="x", color="#DDDDDD", lw=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("people (thousands)")
    from matplotlib.lines import Line2D

    names = {"refugees": "refugees (crossed a border)",
             "internally-displaced": "internally displaced (IDPs)",
             "displaced": "combined count"}
    present = [m for m in names if m in set(table["measure"])]
    handles = [Line2D([], [], marker="o", lw=4, color=_MEASURE_COLOUR[m], label=names[m])
               for m in present]
    ax.legend(handles=handles, loc="upper right", fontsize=9, frameon=True)
    parts = []
    for group, part in table.groupby("group", sort=False):
        parts.append(f"{group}: {part['low'].min():,} to {part['high'].max():,} across "
                     f"{len(part)} sources")
    alt = ("Dot-and-range chart of displacement figures by source, in groups. "
           + "; ".join(parts) + ".")
    return charts.finish(fig, title="Refugees and IDPs of the 1988–94 conflict, by source",
                         source="the course's figures table (data/figures.csv); each row's "
                         "original sources are in its source_ids", alt=alt)


# --- exercise checks ------------------------------------------------------------

PARTY = {"party-government", "party-affiliated"}


def _war_events_1992_1993() -> int:
    ev = data.load("events")
    return int(((ev["category"] == "war") & ev["date"].dt.year.between(1992, 1993)).sum())


def _aze_refugees():
    f = data.load("figures")
    sel = f[(f["measure"] == "refugees") & (f["group"] == "aze-refugees-from-armenia")]
    return sel[["reported_by", "low", "high"]].reset_index(drop=True)


def _events_per_year_1988_1994():
    ev = data.load("events")
    years = ev["date"].dt.year
    return ev[years.between(1988, 1994)].groupby(years).size()


def _party_only_figures() -> set:
    sources = data.load("sources")
    figures = data.load("figures")
    return {fid for fid, ids in figures["source_ids"].items()
            if {sources.loc[s, "stance"] for s in data.split_ids(ids)} <= PARTY}


question("01-war-events", "correct: the events of category 'war' dated 1992 or 1993.")(
    value(_war_events_1992_1993,
          hint="Filter on events['category'] == 'war' and on events['date'].dt.year.between(...), "
               "then count the rows.")
)
question("01-aze-refugees", "correct: one row per source, each with its own figure.")(
    frame(_aze_refugees,
          hint="Keep rows whose measure is 'refugees' and whose group is "
               "'aze-refugees-from-armenia'; keep the columns reported_by, low and high.")
)
question("01-events-chart", "correct: one bar per year, 1988 to 1994, with a title.")(
    figure(kind="bar", count=lambda: len(_events_per_year_1988_1994()),
           heights=lambda: list(_events_per_year_1988_1994()),
           hint="Count the events per year (groupby on events['date'].dt.year) for 1988-1994 "
                "and draw the counts as bars.")
)
question("01-party-only", "correct: these figures rest on a party's sources only, so the course "
         "names that party as their author.")(
    value(_party_only_figures,
          hint="For each figure, look up the stance of every id in its source_ids; keep the "
               "figures whose stances are all 'party-government' or 'party-affiliated'.")
)
