"""Lesson 09 (the Organization of Turkic States): members and observers over time, and its
summit declarations after 2020 coded for mentions of Karabakh.

Membership on a day follows the course's one rule, :func:`karabakh_course.memberships.status_on`.
The coding of the declarations is data (``summit_declarations``, whose descriptor states the
rule); this module only counts and draws it. Rows marked ``not-verified`` are never counted as
a no.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from .. import charts, content, data, memberships
from ..checks import figure, question, value
from ..widgets import Dropdown, Rendered, register, render_figure

ORG = "ots"
STATUS_LABELS = {"member": "member", "observer": "observer"}
CRITERIA = ("name", "war", "territories", "peace-process")
CODING_LABELS = {"text-read": "coded from the declaration's full text (a reproduction)",
                 "report-read": "coded from a report that quotes or summarises the declaration",
                 "not-verified": "not coded: the relevant part could not be read"}
CHART_SOURCE = ("the course's memberships and summit_declarations tables (each row names its "
                "sources)")


def _names() -> dict[str, str]:
    return data.load("actors")["name"].astype(str).to_dict()


def _declarations() -> pd.DataFrame:
    return data.load("summit_declarations").sort_values(["date", "id"])


def _mention_text(v) -> str:
    if pd.isna(v):
        return "not coded"
    return "yes" if bool(v) else "no"


# --- members and observers ---------------------------------------------------------------------


def membership_table() -> pd.DataFrame:
    """One row per span of the organization: state or entity, status, from, note (pure)."""
    s = memberships.spans(ORG)
    names = _names()
    notes = data.load("memberships")["note"].fillna("").astype(str).to_dict()
    s = s.sort_values(["start", "actor_id"])
    return pd.DataFrame({
        "State or entity": [names.get(a, a) for a in s["actor_id"]],
        "Status": [STATUS_LABELS.get(x, x) for x in s["status"]],
        "From": [data.date_text(d, p)
                 for d, p in zip(s["start"], s["start_precision"], strict=True)],
        "Note": [notes.get(i, "") for i in s["id"]],
    })


def counts_on(day) -> dict[str, int]:
    """The number of members and of observers on ``day`` (by ``status_on``)."""
    st = memberships.status_on(ORG, day)
    return {k: int((st == k).sum()) for k in ("member", "observer")}


def counts_by_year(first: int = 2010, last: int | None = None) -> pd.DataFrame:
    """Members and observers on 1 January of each year from ``first`` to ``last`` (default:
    the year of the data's as_of date)."""
    last = pd.Timestamp(data.as_of()).year if last is None else last
    rows = [{"year": y, **counts_on(f"{y}-01-01")} for y in range(first, last + 1)]
    return pd.DataFrame(rows).rename(columns={"member": "members", "observer": "observers"})


def people_on(day) -> dict[str, list[str]]:
    """The names of the members and of the observers on ``day``."""
    st = memberships.status_on(ORG, day)
    names = _names()
    return {k: sorted(names.get(a, a) for a in st[st == k].index) for k in ("member", "observer")}


# --- the declarations --------------------------------------------------------------------------


def summit_label(row) -> str:
    if row["kind"] == "informal-summit":
        head = "Informal summit"
    else:
        n = int(row["number"])
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n not in (11, 12, 13) else 0, "th")
        head = f"{n}{suffix} summit"
    return f"{head}, {row['place']} ({data.date_text(row['date'], row['date_precision'])})"


def short_label(row) -> str:
    kind = " (informal)" if row["kind"] == "informal-summit" else ""
    return f"{row['place']}{kind}, {row['date']:%b %Y}"


def declarations_table() -> pd.DataFrame:
    """Each summit: its declaration, what the coding rests on, the criteria seen, the result."""
    d = _declarations()
    return pd.DataFrame({
        "Summit": [summit_label(r) for _, r in d.iterrows()],
        "Declaration": d["document"].to_numpy(),
        "Coded from": [CODING_LABELS[c] for c in d["coding_status"]],
        "Criteria seen": [(c or "").replace(";", ", ") or "none" if s != "not-verified" else ""
                          for c, s in zip(d["criteria"].fillna(""), d["coding_status"],
                                          strict=True)],
        "Mentions Karabakh": [_mention_text(v) for v in d["mentions_karabakh"]],
        "Sources": d["source_ids"].to_numpy(),
    })


def coded_mentions() -> int:
    """How many coded declarations mention Karabakh by the rule (not-verified rows left out)."""
    d = data.load("summit_declarations")
    return int(d["mentions_karabakh"].fillna(False).astype(bool).sum())


def meeting(criterion: str) -> set[str]:
    """The ids of the declarations in which ``criterion`` was seen."""
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}: use one of {', '.join(CRITERIA)}")
    d = data.load("summit_declarations")
    return {i for i, c in d["criteria"].fillna("").items() if criterion in data.split_ids(c)}


_COLOURS = {"yes": charts.PALETTE["blue"], "no": charts.PALETTE["orange"],
            "not coded": "#BBBBBB"}
_MARKS = {"yes": "o", "no": "X", "not coded": "s"}


def ots_chart(highlight: str | None = None, *, reuse: bool = False):
    """A finished chart: members and observers over time (top), and the summits since 2021 with
    the coding of their declarations (bottom). ``highlight``: a summit id to mark. With
    ``reuse`` (the widget), one figure in two layers (:class:`charts.Layers`): the chart
    without a mark is drawn once, and an update draws the summit's mark over it."""
    if not reuse:
        return _ots_chart(highlight)
    layers = _ots_layers(tuple(data.version(t) for t in data.table_names()))
    layers.clear()
    fig = layers.fig
    top, low = fig.axes
    if highlight:
        d = _declarations()
        ys = dict(zip(d["id"], list(range(len(d)))[::-1], strict=True))
        r = d.set_index("id").loc[highlight]
        m = _mention_text(r["mentions_karabakh"])
        layers.add(low.scatter([r["date"]], [ys[highlight]], s=150, marker=_MARKS[m],
                               color=_COLOURS[m], edgecolors="black", linewidths=1.5, zorder=3))
        layers.add(top.axvline(r["date"], color="#666666", linewidth=0.8, linestyle=":"))
    return fig


@lru_cache(maxsize=2)
def _ots_layers(versions: tuple):
    return charts.Layers(_ots_chart(None))


def _ots_chart(highlight: str | None = None):
    import matplotlib.dates as mdates

    start, end = pd.Timestamp("2009-06-01"), pd.Timestamp(data.as_of())
    s = memberships.spans(ORG)
    days = sorted({start, end, *s["start"]})
    counts = [counts_on(d) for d in days]
    d = _declarations()
    fig, (top, low) = charts.new(8, 6.4, nrows=2,
                                 gridspec_kw={"height_ratios": [3, 0.5 * len(d) + 0.6]})
    for i, key in enumerate(("member", "observer")):
        top.step(days, [c[key] for c in counts], where="post", label=f"{key}s",
                 color=charts.CYCLE[i], linewidth=2.2, linestyle="-" if i == 0 else "--")
    top.set_ylabel("states or entities")
    top.set_ylim(0, 6)
    top.set_xlim(start, end)
    top.xaxis.set_major_locator(mdates.YearLocator(2))
    top.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    top.legend(loc="upper left", fontsize=9)
    colours, marks = _COLOURS, _MARKS
    seen = set()
    ys = list(range(len(d)))[::-1]
    for y, (_, r) in zip(ys, d.iterrows(), strict=True):
        m = _mention_text(r["mentions_karabakh"])
        big = r["id"] == highlight
        low.scatter([r["date"]], [y], s=150 if big else 70, marker=marks[m], color=colours[m],
                    edgecolors="black" if big else "none", linewidths=1.5,
                    label=None if m in seen else f"mentions Karabakh: {m}", zorder=3)
        seen.add(m)
    low.set_yticks(ys, [short_label(r) for _, r in d.iterrows()], fontsize=9)
    low.set_ylim(-0.7, len(d) - 0.3)
    low.set_xlim(pd.Timestamp("2021-06-01"), end)
    low.xaxis.set_major_locator(mdates.YearLocator(1))
    low.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    low.grid(axis="y", color="#EEEEEE")
    low.legend(loc="upper right", fontsize=9, ncol=1)
    if highlight:
        top.axvline(d.set_index("id").loc[highlight, "date"], color="#666666", linewidth=0.8,
                    linestyle=":")
    names = _names()
    joined = "; ".join(f"{names.get(a, a)} {st} from {data.date_text(t, p)}"
                       for a, st, t, p in s.sort_values("start")[
                           ["actor_id", "status", "start", "start_precision"]].itertuples(
                               index=False))
    coded = "; ".join(f"{summit_label(r)}: {_mention_text(r['mentions_karabakh'])}"
                      for _, r in d.iterrows())
    alt = (f"Two-panel chart. Top: step lines of the number of members and observers of the "
           f"Organization of Turkic States from 2009 to {data.date_text(data.as_of())}: "
           f"{joined}. Bottom: its summits since November 2021 and whether each declaration "
           f"mentions Karabakh by the course's rule: {coded}.")
    return charts.finish(fig, title="OTS members and observers; Karabakh in its declarations",
                         source=CHART_SOURCE, alt=alt)


# --- the widget ----------------------------------------------------------------------------------


def summit_options() -> tuple:
    """(label, id) pairs of the summits, from lesson 09's content file."""
    return tuple((label, i) for i, label in content.labels("09", "summits").items())


@register(
    "ots-summits",
    question="When the organization's leaders met in Shusha/Shushi in July 2024, which states "
    "were members and which observers, and which criteria of the coding rule did that "
    "declaration meet, compared with the summits before and after?",
    controls=lambda: {"summit": Dropdown("Summit", summit_options(), "2021-11-istanbul")},
    examples=[{"summit": "2021-11-istanbul"}, {"summit": "2024-07-shusha-informal"},
              {"summit": "2024-11-bishkek"}],
)
def summit_view(summit: str) -> Rendered:
    row = _declarations().set_index("id").loc[summit]
    who = people_on(row["date"])
    crit = (row["criteria"] or "").replace(";", ", ") if pd.notna(row["criteria"]) else ""
    status = row["coding_status"]
    result = _mention_text(row["mentions_karabakh"])
    srcs = ", ".join(f"<code>{html.escape(s)}</code>" for s in data.split_ids(row["source_ids"]))
    text = (f"<p><b>{html.escape(row['document'])}</b>, {html.escape(summit_label(row))}.</p>"
            f"<p><b>Members on that day:</b> {html.escape(', '.join(who['member']))}. "
            f"<b>Observers:</b> {html.escape(', '.join(who['observer']) or 'none')}.</p>"
            f"<p><b>Mentions Karabakh by the rule:</b> {result} "
            f"({html.escape(CODING_LABELS[status])}"
            + (f"; criteria seen: {html.escape(crit)}" if crit else "") + ").</p>"
            f"<p><b>What was seen:</b> {html.escape(row['evidence'])}</p>"
            f"<p><small>Sources: {srcs}</small></p>")
    return render_figure(ots_chart(summit, reuse=True), text)


# --- exercise checks -----------------------------------------------------------------------------

ISTANBUL = pd.Timestamp("2021-11-12")
YEARS = range(2010, 2027)


def _members_istanbul() -> set:
    return set(memberships.members_on(ORG, ISTANBUL))


def _members_by_year() -> list[int]:
    return [counts_on(f"{y}-01-01")["member"] for y in YEARS]


question("09-members-istanbul", "correct: the five members on the day of the Istanbul summit "
         "(the four founders and Uzbekistan).")(
    value(_members_istanbul, hint="Keep the rows of organization_id 'ots' whose status is "
          "'member' and whose start is on or before 12 November 2021 (and whose end is empty or "
          "later), then take the set of actor_id; observers do not count.")
)
question("09-coded-mentions", "correct: four of the six summits' declarations mention Karabakh "
         "by the rule; the two not verified are neither yes nor no.")(
    value(coded_mentions, hint="Count the rows whose mentions_karabakh is True; rows marked "
          "not-verified have it empty and count neither way.")
)
question("09-narrow-rule", "correct: by the narrow rule (the name only), one declaration.")(
    value(lambda: meeting("name"), hint="Keep the rows whose criteria, split at ';', include "
          "'name', and take their ids (the index).")
)
question("09-members-chart", "correct: one bar per year, 2010–2026, of members on 1 January.")(
    figure(kind="bar", count=len(YEARS), heights=_members_by_year,
           hint="Count the states whose kc.memberships.status_on('ots', f'{year}-01-01') is "
           "'member' (not 'observer'), for each year from 2010 to 2026, one bar per year.")
)
