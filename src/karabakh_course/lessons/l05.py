"""Lesson 05 (the CIS, the CSTO and Russia): membership spans, the 2020 statement, arms figures.

Functions take ids and read the tables themselves; the two widgets only call them. Membership
on a day follows one rule everywhere, :func:`karabakh_course.memberships.status_on`: where two
rows cover the day, the one that started last (the latest recorded change) wins.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from .. import charts, content, data, memberships, tables
from .. import map as kmap
from ..checks import figure, frame, question, value
from ..widgets import Dropdown, Rendered, register, render_figure

STATUS_LABELS = {
    "member": "member",
    "observer": "observer",
    "associate": "associate member",
    "suspended": "suspended, frozen or not taking part",
    "withdrawn": "left",
}
STATUS_COLOURS = {
    "member": charts.PALETTE["blue"],
    "observer": charts.PALETTE["sky blue"],
    "associate": charts.PALETTE["bluish green"],
    "suspended": charts.PALETTE["orange"],
    "withdrawn": "#CCCCCC",
}
MEMBERSHIP_SOURCE = ("the course's memberships table (each row's sources in "
                     "data/memberships.csv: Wikipedia, PA-X, TASS, RFE/RL, civil.ge and others)")


def _names() -> dict[str, str]:
    return data.load("actors")["name"].astype(str).to_dict()


def _org_name(org_id: str) -> str:
    return str(data.load("actors").loc[org_id, "name"])



# --- memberships -----------------------------------------------------------------------------


@data.course_cached("memberships", "actors")
def membership_table(org_id: str) -> pd.DataFrame:
    """One row per span of ``org_id``: state, status, from, to (pure)."""
    s = memberships.spans(org_id)
    names = _names()
    notes = data.load("memberships")["note"].fillna("").astype(str).to_dict()
    as_of = data.date_text(data.as_of())
    return pd.DataFrame({
        "State": [names.get(a, a) for a in s["actor_id"]],
        "Status": [STATUS_LABELS.get(x, x) for x in s["status"]],
        "From": [data.date_text(d, p)
                 for d, p in zip(s["start"], s["start_precision"], strict=True)],
        "To": [f"no end recorded (data checked {as_of})" if o else data.date_text(e, p)
               for e, o, p in zip(s["end"], s["open_end"], s["end_precision"], strict=True)],
        "Note": [notes.get(i, "") for i in s["id"]],
    })


def membership_chart(org_id: str, *, reuse: bool = False):
    """A finished chart: one horizontal band per state, coloured by status over time.

    With ``reuse`` (the widget), one figure of one size for every organization it shows (as
    tall as the one with most states), in two layers (:class:`charts.Layers`): the axes' box,
    the years and the source line are drawn once, with the left margin of the longest name;
    an update draws the bands, the states' names (the y axis), the legend and the title over
    them."""
    import matplotlib.dates as mdates

    s = memberships.spans(org_id)
    names = _names()
    actors = sorted(s["actor_id"].unique(), key=lambda a: names.get(a, a), reverse=True)
    labels = [names.get(a, a) for a in actors]
    if reuse:
        layers = _membership_layers(*_widget_frame())
        layers.clear()
        fig = layers.fig
        ax = fig.axes[0]
        ax.set_ylim(-0.6, len(actors) - 0.4)
        ax.set_yticks(range(len(actors)), labels)
    else:
        layers = None
        statuses = [STATUS_LABELS.get(st, st) for st in dict.fromkeys(s["status"])]
        fig, ax = _membership_frame(len(actors), labels, _legend_rows(statuses))
    changing = []
    # Day numbers computed once for every span (not per row); spans grouped by state once.
    starts = mdates.date2num(s["start"].to_numpy())
    ends = mdates.date2num(s["end"].to_numpy())
    row_of = {a: y for y, a in enumerate(actors)}
    ys = s["actor_id"].map(row_of).to_numpy()
    # One collection per status (in the order statuses first appear, as the legend lists them).
    for status in dict.fromkeys(s["status"]):
        sel = (s["status"] == status).to_numpy()
        changing.append(charts.bars(ax, ys[sel], (ends - starts)[sel], bottom=starts[sel],
                                    width=0.7, horizontal=True,
                                    color=STATUS_COLOURS.get(status, "#888888"),
                                    label=STATUS_LABELS.get(status, status)))
    statuses = [STATUS_LABELS.get(st, st) for st in dict.fromkeys(s["status"])]
    changing.append(ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize=9,
                              ncol=_legend_columns(statuses)))
    if layers is not None:
        for artist in changing:
            layers.add(artist)
    org = _org_name(org_id)
    title = f"Who belonged to the {org}, and when"
    as_of = data.date_text(data.as_of())
    by_actor: dict[str, list[str]] = {}  # the spans' descriptions, each state's in order
    for a, st, start, end, open_end in zip(s["actor_id"], s["status"], s["start"], s["end"],
                                           s["open_end"], strict=True):
        by_actor.setdefault(a, []).append(f"{STATUS_LABELS.get(st, st)} from {start.year}"
                                          + ("" if open_end else f" to {end.year}"))
    parts = [f"{names.get(a, a)}: {', '.join(by_actor[a])}" for a in reversed(actors)]
    alt = (f"Timeline chart of membership of the {org} by state, from 1991 to {as_of}. "
           + "; ".join(parts) + ".")
    if layers is not None:
        return layers.finish(source=MEMBERSHIP_SOURCE, alt=alt, title=title)
    return charts.finish(fig, source=MEMBERSHIP_SOURCE, alt=alt, title=title)


def _legend_columns(labels: list[str]) -> int:
    """The legend's columns: every status in one row if the row fits under the plot, else
    in two rows."""
    em = 9 / 72  # the legend's font size, in inches
    row = sum(charts.text_width(lb, 9) + (2.0 + 0.8 + 2.0) * em for lb in labels)
    return len(labels) if row <= 7.0 else -(-len(labels) // 2)


def _legend_rows(labels: list[str]) -> int:
    return -(-len(labels) // _legend_columns(labels)) if labels else 1


def _membership_frame(n: int, labels: list[str], legend_rows: int = 1):
    """The membership chart's axes for ``n`` states (``labels`` as tick labels, the longest
    setting the left margin): limits, years, fixed margins with room for ``legend_rows`` rows
    of legend under the years."""
    import matplotlib.dates as mdates

    fig, ax = charts.new(8, 0.42 * n + 1.6 + 0.22 * (legend_rows - 1))
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(range(n), labels)
    # Fixed margins: the longest name at the left, the legend's rows under the years.
    widest = max((charts.text_width(lb) for lb in labels), default=0.0)
    charts.set_margins(fig, left=1.04 * widest + 7 / 72 + 0.15,
                       bottom=charts.TICKS + 0.42 + 0.22 * (legend_rows - 1))
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlim(mdates_num(pd.Timestamp("1991-06-01")), mdates_num(pd.Timestamp(data.as_of())))
    return fig, ax


@data.course_cached("memberships", "actors")
def _widget_frame() -> tuple[int, str, int]:
    """The most states of any organization the widget offers, the longest state name, and
    the most rows of legend it needs."""
    names = _names()
    spans = [memberships.spans(org) for _, org in organization_options()]
    ids = [s["actor_id"].unique() for s in spans]
    widest = max((names.get(a, a) for a_ids in ids for a in a_ids), key=charts.text_width)
    rows = max(_legend_rows([STATUS_LABELS.get(st, st) for st in dict.fromkeys(s["status"])])
               for s in spans)
    return max(len(a_ids) for a_ids in ids), widest, rows


@lru_cache(maxsize=8)
def _membership_layers(n: int, widest: str, legend_rows: int):
    """The widget's frame, as tall as ``n`` states, its left margin set by ``widest``; the y
    axis (the states' names) redrawn by each update, the source line kept."""
    fig, ax = _membership_frame(n, [widest] * n, legend_rows)
    layers = charts.Layers(fig)
    layers.finish(title="-", alt="-", source=MEMBERSHIP_SOURCE, keep_source=True)
    layers.redraw(ax.yaxis)
    return layers


def mdates_num(ts) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(pd.Timestamp(ts).to_pydatetime()))


def organization_options() -> tuple:
    """(label, id) pairs of the organizations the widget compares (lesson 05's content file)."""
    return tuple((label, org) for org, label in content.labels("05", "organizations").items())


@register(
    "memberships",
    question="Which states left the Collective Security Treaty in 1999, and which state's "
    "participation in the CSTO has been frozen since 2024?",
    controls=lambda: {"organization": Dropdown("Organization", organization_options(), "cis")},
    examples=[{"organization": "cis"}, {"organization": "cst"}, {"organization": "csto"}],
)
def memberships_view(organization: str) -> Rendered:
    org_id = organization
    table = membership_table(org_id).to_html(index=False, border=0, notebook=False)
    now = memberships.status_on(org_id, data.as_of())
    names = _names()
    current = ", ".join(f"{names.get(a, a)} ({STATUS_LABELS.get(st, st)})" for a, st in now.items())
    head = (f"<p><b>{html.escape(_org_name(org_id))}</b>. Latest status recorded in the data "
            f"(checked {data.date_text(data.as_of())}; see each row's note for the latest "
            f"development found): {html.escape(current)}.</p>")
    return render_figure(membership_chart(org_id, reuse=True), head + table)


# --- the 2020 statement ----------------------------------------------------------------------


def statement_points() -> pd.DataFrame:
    """The statement's rows with a readable label for each (labels from lesson 05's content
    file)."""
    st = data.load("statement_2020").sort_values(["point", "id"])
    labels = content.labels("05", "statement-points")
    st["label"] = [labels.get(i, f"Point {p}: {i}") for i, p in zip(st["id"], st["point"],
                                                                        strict=True)]
    return st


def statement_table() -> pd.DataFrame:
    """Each point: what it required, its deadline, and the date of what happened (pure)."""
    st = statement_points()
    return pd.DataFrame({
        "Point": st["label"].to_numpy(),
        "Deadline": [data.date_text(d) or "none set" for d in st["deadline"]],
        "Last development recorded": [data.date_text(d) for d in st["what_happened_date"]],
    })


def statement_places() -> pd.DataFrame:
    """The places the statement's points name, for the map."""
    st = data.load("statement_2020")
    ids = sorted({p for v in st["place_ids"].fillna("") for p in data.split_ids(v)})
    return data.load("places").loc[ids]


def statement_map(point_id: str | None = None, *, reuse: bool = False):
    """A finished map of the statement's places, zoomed on Karabakh; the point's places
    highlighted (``reuse``: the widget's one figure, see
    :func:`karabakh_course.map.region_map`)."""
    st = data.load("statement_2020")
    places = statement_places()
    hl = data.split_ids(st.loc[point_id, "place_ids"] or "") if point_id else []
    named = ", ".join(places.loc[hl, "name"]) if hl else "none"
    alt = ("Map of Karabakh and its surroundings with the internationally recognised borders, "
           "the area held by Armenian forces from 1994 to 2020 hatched, and approximate points "
           f"for {', '.join(places['name'])}. Highlighted for this point: {named}.")
    return kmap.region_map(
        places, highlight=hl, alt=alt, width=7, height=5.6, extent=(44.9, 47.7, 38.9, 40.8),
        country_labels={"ARMENIA": (45.2, 40.45), "AZERBAIJAN": (47.3, 39.5),
                        "IRAN": (46.2, 38.95),
                        "NAKHCHIVAN\n(AZERBAIJAN)": (45.25, 39.2)},
        legend_loc="upper left",
        title="Places named in the 2020 statement (approximate points)",
        source_extra="; places: the course's places table (Wikipedia coordinates)", reuse=reuse)


def _statement_options() -> tuple:
    st = statement_points()
    return tuple(zip(st["label"], st["id"], strict=True))


@register(
    "statement-2020",
    question="Which points of the 2020 statement had a deadline, and which of them was met "
    "late?",
    controls=lambda: {"point": Dropdown("Point", _statement_options(), "p1-ceasefire")},
    examples=[{"point": "p1-ceasefire"}, {"point": "p6a-kalbajar"},
              {"point": "p9-communications"}],
)
def statement_view(point: str) -> Rendered:
    row = statement_points().set_index("id").loc[point]
    deadline = data.date_text(row["deadline"]) or "none set in the statement"
    srcs = ", ".join(f"<code>{html.escape(s)}</code>" for s in data.split_ids(row["source_ids"]))
    text = (f"<p><b>{html.escape(row['label'])}.</b> {html.escape(row['summary'])}</p>"
            f"<p><b>Deadline:</b> {html.escape(deadline)}</p>"
            f"<p><b>What happened</b> (last development recorded: "
            f"{data.date_text(row['what_happened_date'])}): {html.escape(row['what_happened'])}</p>"
            f"<p><small>Sources: {srcs}</small></p>")
    return render_figure(statement_map(point, reuse=True), text)


# --- arms supplies ---------------------------------------------------------------------------


def arms_table() -> pd.DataFrame:
    """Every arms figure with whose it is (pure)."""
    a = data.load("arms_transfers").sort_values(["recipient", "measure", "period"])
    names = _names()

    def figure(r):
        q = f"{r['qualifier']} " if pd.notna(r["qualifier"]) and r["qualifier"] else ""
        if r["measure"] == "value-usd":
            v = r["value"] / 1e9
            return f"{q}US$ {v:g} billion"
        return f"{q}{r['value']:g}% of its arms imports"

    return pd.DataFrame({
        "From → to": [f"{names[s]} → {names[t]}" for s, t in zip(a["supplier"], a["recipient"],
                                                                  strict=True)],
        "Period": a["period"].to_numpy(),
        "Figure": [figure(r) for _, r in a.iterrows()],
        "Whose figure": a["reported_by"].to_numpy(),
        "Sources": a["source_ids"].to_numpy(),
    })


def arms_share_chart():
    """A finished chart: Russia's share of each state's arms imports, SIPRI periods as
    reported in the press."""
    a = data.load("arms_transfers")
    a = a[a["measure"] == "share-of-imports-pct"].sort_values(["recipient", "period"],
                                                              ascending=[False, True])
    names = _names()
    fig, ax = charts.new(8, 3.8)
    labels, colours = [], []
    for _, r in a.iterrows():
        via = str(r["reported_by"]).replace("SIPRI, as reported by ", "via ")
        labels.append(f"{names[r['recipient']]}, {r['period']}\n(SIPRI {via})")
        colours.append(charts.PALETTE["blue"] if r["recipient"] == "aze"
                       else charts.PALETTE["orange"])
    y = list(range(len(a)))[::-1]
    ax.barh(y, a["value"].astype(float), color=colours)
    for yy, v in zip(y, a["value"], strict=True):
        ax.text(float(v) + 1, yy, f"{float(v):g}%", va="center", fontsize=9)
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlim(0, 105)
    ax.set_xlabel("Russia's share of the state's arms imports in the period (%)")
    parts = [f"{names[r['recipient']]} {r['period']}: {float(r['value']):g}%"
             for _, r in a.iterrows()]
    alt = ("Horizontal bar chart of Russia's share of arms imports, SIPRI data as reported in "
           "the press: " + "; ".join(parts) + ". The five-year periods overlap.")
    return charts.finish(fig, source="SIPRI Arms Transfers Database as reported by Eurasianet, "
                         "APA, PanARMENIAN.Net and Courrier d'Arménie (see arms_transfers)",
                         alt=alt, title="Russia's share of arms imports, by five-year period")


# --- timelines -------------------------------------------------------------------------------


def events_table(name: str) -> pd.DataFrame:
    """The events of the list ``name`` in lesson 05's content file (``russia-mediator``,
    ``armenia-and-the-csto``, ``statement-aftermath``), in date order (see
    :func:`karabakh_course.tables.events`)."""
    return tables.events(content.ids("05", name))


# --- exercise checks ------------------------------------------------------------

DAY_2010 = pd.Timestamp("2010-01-01")
YEARS = range(1992, 2026)


def _members_2010() -> pd.Series:
    """Members per organization on 1 January 2010, by memberships.status_on (organizations
    with no member that day left out)."""
    orgs = sorted(data.load("memberships")["organization_id"].unique())
    counts = {org: int((memberships.status_on(org, DAY_2010) == "member").sum()) for org in orgs}
    return pd.Series({o: n for o, n in counts.items() if n}, name="members").rename_axis(
        "organization_id")


_members_2010_frame = frame(
    _members_2010, hint="Keep the rows that cover the day; where a state has several rows in "
    "one organization, keep the one that started last (sort by start, then groupby(...).tail(1)),"
    " as kc.memberships.status_on does; then count the states whose status is 'member' per "
    "organization_id.")


def _members_2010_check(answer):
    # Organizations with no member that day may be listed with 0 or left out.
    if isinstance(answer, pd.Series) and pd.api.types.is_numeric_dtype(answer):
        answer = answer[answer != 0]
    return _members_2010_frame(answer)


_members_2010_check.kind = "frame"


def _cst_never_csto() -> set:
    m = data.load("memberships")
    cst = set(m.loc[(m["organization_id"] == "cst") & (m["status"] == "member"), "actor_id"])
    csto = set(m.loc[m["organization_id"] == "csto", "actor_id"])
    return cst - csto


def _kalbajar_delay() -> int:
    row = data.load("statement_2020").loc["p6a-kalbajar"]
    return int((row["what_happened_date"] - row["deadline"]).days)


def _cis_members_by_year() -> list[int]:
    return [int((memberships.status_on("cis", f"{y}-01-01") == "member").sum()) for y in YEARS]


question("05-members-2010", "correct: one count per organization of the states that were "
         "members on 1 January 2010, by the latest recorded change (the rule of "
         "kc.memberships.status_on).")(_members_2010_check)
question("05-cst-never-csto", "correct: the two states that were parties to the 1992 treaty "
         "but never joined the CSTO.")(
    value(_cst_never_csto, hint="Take the set of actor_id with organization_id 'cst' and "
          "status 'member', and subtract the set of actor_id with organization_id 'csto'.")
)
question("05-kalbajar-delay", "correct: Kalbajar was handed over ten days after the deadline, "
         "by agreement.")(
    value(_kalbajar_delay, hint="Subtract the 'deadline' from the 'what_happened_date' of the "
          "row 'p6a-kalbajar' and take .days.")
)
question("05-cis-chart", "correct: one bar per year, 1992–2025, of CIS member states on "
         "1 January.")(
    figure(kind="bar", count=len(YEARS), heights=_cis_members_by_year,
           hint="Count the states whose status_on('cis', f'{year}-01-01') is 'member', for "
           "each year from 1992 to 2025, and draw one bar per year.")
)
