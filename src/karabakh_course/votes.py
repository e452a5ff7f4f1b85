"""Votes in the UN General Assembly, and how the members of a bloc voted.

Pure functions over the course's tables (``ga_votes``, ``memberships``, ``actors``,
``resolutions``), for any lesson::

    from karabakh_course import votes
    votes.members_on("eu", "2008-03-14")                 # actor ids of the EU members then
                                                         # (from memberships.members_on)
    counts = votes.votes_by_bloc("unga-62-243-2008", ["eu", "oic", "guam"])
    fig = votes.bloc_chart(counts)                       # a finished chart in the house style

A bloc's members are read from ``memberships`` (status ``member`` by default) on the date of the
vote, and matched to the roll call through the ISO code of each actor (``actors.iso3``).
Members that are not UN member states (and so have no row in the roll call) are not counted;
:func:`bloc_roll_call` lists them with the vote ``not a UN member``.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import charts, data
from .arguments import ArgumentError, names, one_of
from .memberships import members_on, organization_ids

__all__ = ["VOTES", "NOT_IN_ROLL_CALL", "members_on", "roll_call", "bloc_roll_call",
           "votes_by_bloc", "vote_totals", "bloc_line", "bloc_label", "bloc_chart", "vote_chart"]

VOTES = ("yes", "no", "abstain", "absent")
NOT_IN_ROLL_CALL = "not a UN member"
_LABELS = {"yes": "yes", "no": "no", "abstain": "abstain", "absent": "absent"}


def _date(on_date) -> pd.Timestamp:
    return pd.Timestamp(on_date).normalize()


def roll_call(resolution_id: str, *, coding: str = "vote",
              ga_votes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per UN member state: ``iso3``, ``country``, ``vote``.

    ``coding="vote"`` uses the course's main coding (the UN press release); ``coding="vote_alt"``
    uses the second source's coding where it differs (and the main coding elsewhere).
    """
    gv = data.load("ga_votes") if ga_votes is None else ga_votes
    _check_resolution("roll_call", resolution_id, gv)
    if coding not in {"vote", "vote_alt"}:
        raise ArgumentError("kc.votes.roll_call()", "coding", coding, ["vote", "vote_alt"])
    rc = gv[gv["resolution_id"] == resolution_id]
    vote = rc["vote"].astype("string")
    if coding == "vote_alt":
        alt = rc["vote_alt"].astype("string")
        vote = alt.where(alt.notna() & (alt != ""), vote)
    return pd.DataFrame({"iso3": rc["iso3"].astype(str).to_numpy(),
                         "country": rc["country"].astype(str).to_numpy(),
                         "vote": vote.astype(str).to_numpy()})


def _check_resolution(function: str, resolution_id, ga_votes: pd.DataFrame) -> None:
    """A resolution id with a roll call in ``ga_votes``, or one message naming those ids."""
    one_of(f"kc.votes.{function}()", "resolution id (with a roll call in ga_votes)", resolution_id,
           ga_votes["resolution_id"].astype(str).unique())


def _resolution_date(resolution_id: str) -> pd.Timestamp:
    res = data.load("resolutions")
    return _date(res.loc[resolution_id, "date"])


def bloc_roll_call(resolution_id: str, org_id: str, on_date=None, *, coding: str = "vote",
                   statuses=("member",), ga_votes=None, memberships=None,
                   actors=None) -> pd.DataFrame:
    """The bloc's members on the day of the vote (or on ``on_date``), with how each voted.

    Columns ``actor_id``, ``country``, ``vote``; sorted by vote (yes, no, abstain, absent, then
    members with no vote) and country. ``statuses`` widens the bloc, e.g. to
    ``("member", "observer")``.
    """
    if ga_votes is None and memberships is None and actors is None:  # the course's tables
        return _course_bloc_roll_call(resolution_id, org_id, on_date, coding=coding,
                                      statuses=tuple(statuses))
    return _bloc_roll_call(resolution_id, org_id, on_date, coding=coding, statuses=statuses,
                           ga_votes=ga_votes, memberships=memberships, actors=actors)


@data.course_cached("ga_votes", "memberships", "actors", "resolutions", maxsize=128)
def _course_bloc_roll_call(resolution_id, org_id, on_date, *, coding, statuses):
    return _bloc_roll_call(resolution_id, org_id, on_date, coding=coding, statuses=statuses)


def _bloc_roll_call(resolution_id, org_id, on_date=None, *, coding="vote", statuses=("member",),
                    ga_votes=None, memberships=None, actors=None) -> pd.DataFrame:
    _check_resolution("bloc_roll_call", resolution_id,
                      data.load("ga_votes") if ga_votes is None else ga_votes)
    one_of("kc.votes.bloc_roll_call()", "organization id", org_id, organization_ids(memberships))
    day = _resolution_date(resolution_id) if on_date is None else _date(on_date)
    act = data.load("actors") if actors is None else actors
    iso = dict(zip(act["id"], act["iso3"], strict=True))
    members = members_on(org_id, day, statuses=statuses, memberships=memberships)
    rc = roll_call(resolution_id, coding=coding, ga_votes=ga_votes)
    country = dict(zip(rc["iso3"], rc["country"], strict=True))  # dicts: no lookup per row
    vote = dict(zip(rc["iso3"], rc["vote"], strict=True))
    names = dict(zip(act["id"], act["name"], strict=True))
    rows = []
    for a in members:
        code = iso.get(a)
        if code is not None and not pd.isna(code) and code in vote:
            rows.append((a, country[code], vote[code]))
        else:
            rows.append((a, str(names.get(a, a)), NOT_IN_ROLL_CALL))
    out = pd.DataFrame(rows, columns=["actor_id", "country", "vote"])
    order = {v: i for i, v in enumerate((*VOTES, NOT_IN_ROLL_CALL))}
    out["_o"] = out["vote"].map(order)
    return out.sort_values(["_o", "country"]).drop(columns="_o").reset_index(drop=True)


def votes_by_bloc(resolution_id: str, org_ids, on_date=None, *, coding: str = "vote",
                  ga_votes=None, memberships=None, actors=None) -> pd.DataFrame:
    """A tidy frame of counts: one row per bloc and vote (``bloc``, ``vote``, ``states``).

    Every bloc gets all four votes (yes, no, abstain, absent), with 0 where none; members that
    are not UN member states are left out. ``bloc`` is the organization's id.
    """
    org_ids = names("kc.votes.votes_by_bloc()", "org_ids", org_ids,
                    organization_ids(memberships), item="organization id")
    rows = []
    for org in org_ids:
        rc = bloc_roll_call(resolution_id, org, on_date, coding=coding, ga_votes=ga_votes,
                            memberships=memberships, actors=actors)
        counts = rc["vote"].value_counts()
        for v in VOTES:
            rows.append((org, v, int(counts.get(v, 0))))
    out = pd.DataFrame(rows, columns=["bloc", "vote", "states"])
    out["states"] = out["states"].astype("int64")
    return out


def vote_totals(resolution_id: str, *, coding: str = "vote", ga_votes=None) -> pd.Series:
    """The number of states per vote (yes, no, abstain, absent), in that order."""
    rc = roll_call(resolution_id, coding=coding, ga_votes=ga_votes)
    counts = rc["vote"].value_counts()
    return pd.Series([int(counts.get(v, 0)) for v in VOTES], index=list(VOTES), name="states",
                     dtype="int64")


def bloc_label(org_id: str) -> str:
    """The short label of a bloc: its id in capitals (EU, OIC, GUAM …)."""
    return org_id.upper()


def bloc_line(counts: pd.DataFrame, org_id: str) -> str:
    """One line for a bloc, e.g. ``EU: 0 yes, 1 no, 26 abstain, 0 absent``."""
    sub = counts[counts["bloc"] == org_id].set_index("vote")["states"]
    parts = [f"{int(sub.get(v, 0))} {_LABELS[v]}" for v in VOTES]
    return f"{bloc_label(org_id)}: " + ", ".join(parts)


def bloc_chart(counts: pd.DataFrame, *, title: str = "How the members of each bloc voted",
               source: str = "", alt: str | None = None, labels=None, label_size: float = 10,
               reuse: bool = False, widest: str = "", xmax: float | None = None,
               rows: tuple = ()):
    """Stacked horizontal bars, one per bloc, split by vote in the course's vote colours.

    ``counts`` is the frame of :func:`votes_by_bloc`; ``labels`` (by bloc) replace the blocs'
    names, in ``label_size`` points. Returns a finished figure, laid out with fixed margins.

    With ``reuse`` (a widget), one figure of one size whatever the input, drawn in two
    layers (:class:`charts.Layers`): the axes' box, the axis label, the legend and the
    source line are drawn once, and an update draws the bars, their numbers and the blocs'
    names (the y axis) over them. The widget gives what stays the same from one input to the
    next: ``widest``, its longest label (the left margin), ``xmax``, the largest bloc it can
    show (the axis' end; without it, each update sets the x axis to its own bars and draws
    it), and ``rows``, the numbers of bars it can show (the figure is as tall as the most).
    """
    blocs = list(dict.fromkeys(counts["bloc"]))
    table = {b: dict.fromkeys(VOTES, 0) for b in blocs}  # bloc × vote (pivot_table is slow)
    for b, v, n in zip(counts["bloc"], counts["vote"], counts["states"], strict=True):
        if v in table[b]:
            table[b][v] += int(n)
    wide = pd.DataFrame.from_dict(table, orient="index", columns=list(VOTES))
    names = labels or {}
    labels = [f"{names.get(b, bloc_label(b))} ({sum(wide.loc[b])})" for b in blocs]
    alt = alt or ("Stacked bars of how the members of each bloc voted: "
                  + "; ".join(bloc_line(counts, b) for b in blocs) + ".")
    kw = {"title": title, "title_pad": 22, "alt": alt,
          "source": source or "the course's ga_votes and memberships tables"}
    y = list(range(len(blocs)))[::-1]
    if not reuse:
        fig, ax = charts.new(8, 0.9 + 0.55 * max(len(blocs), 1))
        _bloc_margins(fig, labels, label_size)
        fits = _number_fits(fig, int(wide.sum(axis=1).max()) if len(blocs) else 0)
        left = [0] * len(blocs)
        for v in VOTES:
            vals = list(wide[v])
            bars = ax.barh(y, vals, left=left, color=charts.CATEGORY_COLOURS[v], label=v,
                           edgecolor="white", linewidth=0.6)
            for b, n in zip(bars, vals, strict=True):
                if fits(n):
                    ax.text(b.get_x() + b.get_width() / 2, b.get_y() + b.get_height() / 2,
                            str(n), ha="center", va="center", fontsize=9,
                            color=charts.text_on(charts.CATEGORY_COLOURS[v]))
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_yticks(y)
        ax.set_yticklabels(labels, fontsize=label_size)
        ax.set_xlabel("UN member states in the bloc")
        ax.xaxis.get_major_locator().set_params(integer=True)  # states are counted whole
        ax.legend(ncols=4, loc="lower right", bbox_to_anchor=(1, 1.0), fontsize=9)
        return charts.finish(fig, **kw)
    top = int(wide.sum(axis=1).max()) if len(blocs) else 0
    layers = _bloc_layers(max((*rows, len(blocs))),
                          None if xmax is None else float(max(xmax, top)),
                          widest or max(labels, key=len), label_size, kw["source"])
    layers.clear()
    fig = layers.fig
    ax = fig.axes[0]
    n = len(blocs)
    pad = 0.05 * (n - 0.2)  # the limits ax.barh would give these bars
    ax.set_ylim(-0.4 - pad, n - 0.6 + pad)
    ax.set_yticks(y, labels, fontsize=label_size)
    if xmax is None:
        ax.set_xlim(0, 1.05 * max(top, 1))
    fits = _number_fits(fig, top if xmax is None else ax.get_xlim()[1] / 1.05)
    left = [0] * len(blocs)
    for v in VOTES:
        vals = list(wide[v])
        colour = charts.CATEGORY_COLOURS[v]
        layers.add(charts.bars(ax, y, vals, bottom=left, horizontal=True, color=colour,
                               edgecolor="white", linewidth=0.6))
        for yy, x0, k in zip(y, left, vals, strict=True):
            if fits(k):
                layers.add(ax.text(x0 + k / 2, yy, str(k), ha="center", va="center",
                                   fontsize=9, color=charts.text_on(colour)))
        left = [a + b for a, b in zip(left, vals, strict=True)]
    return layers.finish(**kw)


def _number_fits(fig, xmax: float):
    """Whether a segment of ``n`` states (of an axis to ``xmax``, as autoscaling ends it) is
    wide enough for its number: at least 2 states, and the number's width with a little
    room (set_margins gives the plot's width)."""
    m = fig.course_margins
    per_state = (fig.get_size_inches()[0] - m["left"] - m["right"]) / (1.05 * max(xmax, 1))

    def fits(n: int) -> bool:
        return n >= 2 and n * per_state >= charts.text_width(str(n), 9) + 0.06

    return fits


def _bloc_margins(fig, labels, label_size: float) -> None:
    """Fixed margins: the longest bloc label at the left, the title and the legend's row
    above."""
    widest = max((charts.text_width(lb, label_size) for lb in labels), default=0.0)
    charts.set_margins(fig, left=1.04 * widest + 7 / 72 + 0.15,
                       bottom=charts.TICKS + charts.AXIS_LABEL, top=charts.TITLE_LEGEND)


@lru_cache(maxsize=8)
def _bloc_layers(n: int, xmax: float | None, widest: str, label_size: float, source: str):
    """A widget's bloc chart frame, as tall as ``n`` bars, on an axis to ``xmax`` states
    (``None``: the x axis is redrawn by each update): the axis label, the legend and the
    source line; the y axis (the bars' names) is redrawn by each update."""
    from matplotlib.patches import Patch

    fig, ax = charts.new(8, 0.9 + 0.55 * max(n, 1))
    if xmax is not None:
        ax.set_xlim(0, 1.05 * xmax)  # the margin autoscaling gives, from 0 (the bars' edge)
    ax.set_xlabel("UN member states in the bloc")
    ax.xaxis.get_major_locator().set_params(integer=True)
    _bloc_margins(fig, [widest], label_size)
    handles = [Patch(facecolor=charts.CATEGORY_COLOURS[v], edgecolor="white", linewidth=0.6,
                     label=v) for v in VOTES]
    ax.legend(handles=handles, ncols=4, loc="lower right", bbox_to_anchor=(1, 1.0), fontsize=9)
    layers = charts.Layers(fig)
    layers.finish(title="-", title_pad=22, alt="-", source=source, keep_source=True)
    layers.redraw(ax.yaxis)
    if xmax is None:
        layers.redraw(ax.xaxis)
    return layers


def vote_chart(resolution_id: str, *, coding: str = "vote", title: str | None = None,
               source: str = "", ga_votes=None):
    """Bars of the whole vote: yes, no, abstain, absent. Returns a finished figure."""
    totals = vote_totals(resolution_id, coding=coding, ga_votes=ga_votes)
    fig, ax = charts.new(7, 3.6)
    bars = ax.bar(list(totals.index), list(totals), color=[charts.CATEGORY_COLOURS[v]
                                                             for v in totals.index])
    for b, n in zip(bars, totals, strict=True):
        ax.text(b.get_x() + b.get_width() / 2, b.get_height() + 1, str(n), ha="center",
                va="bottom", fontsize=9)
    ax.set_ylabel("UN member states")
    alt = (f"Bar chart of the vote on {resolution_id}: "
           + ", ".join(f"{n} {v}" for v, n in totals.items())
           + f", out of {int(totals.sum())} UN member states.")
    if title is None:
        res = data.load("resolutions")
        known = resolution_id in res.index
        title = f"The vote on {res.loc[resolution_id, 'symbol'] if known else resolution_id}"
    return charts.finish(fig, title=title, alt=alt,
                         source=source or "the course's ga_votes table")
