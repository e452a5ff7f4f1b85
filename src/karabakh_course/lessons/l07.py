"""Lesson 07 (the Organization of Islamic Cooperation): membership over time, how the OIC's
members voted on GA resolution 62/243, groups of members to test hypotheses with; its checks.

Pure functions build tables and finished charts from the shared bloc tools
(:mod:`karabakh_course.votes`, :mod:`karabakh_course.memberships`); the widget only calls them.
"""

from __future__ import annotations

import html

import pandas as pd

from .. import charts, content, data, memberships, tables, votes
from ..checks import figure, frame, question, value
from ..widgets import Dropdown, Rendered, register, render_figure

__all__ = ["GA", "DAY", "GROUPS", "oic_votes", "group_members", "group_counts", "group_chart",
           "group_table", "membership_counts", "membership_chart", "vote_groups_view",
           "events_table"]

GA = "unga-62-243-2008"
DAY = pd.Timestamp("2008-03-14")
FIRST, LAST = 1969, 2025
GROUPS = (
    "All OIC members",
    "OIC members also in the CSTO",
    "OIC members also in the CIS",
    "OIC founding members (1969)",
    "OIC members that joined after 1991",
)
GROUP_IDS = dict(zip(("all", "csto", "cis", "founders", "after-1991"), GROUPS, strict=True))
OUTSIDE = "UN members outside the OIC"
VOTE_SOURCE = "the course's ga_votes (UN press release GA/10693) and memberships tables"


def _names() -> dict[str, str]:
    return data.load("actors")["name"].astype(str).to_dict()


@data.course_cached("memberships")
def _joined() -> dict[str, int]:
    """The year each state's OIC membership row starts (the OIC list's and Egypt's years)."""
    s = memberships.spans("oic")
    s = s[s["status"] == "member"]
    return {a: int(d.year) for a, d in zip(s["actor_id"], s["start"], strict=True)}


def oic_votes() -> pd.DataFrame:
    """The OIC's members on the day of the vote, each with its vote on 62/243 (pure)."""
    return votes.bloc_roll_call(GA, "oic")


@data.course_cached("memberships")
def group_members(group: str) -> list[str]:
    """The actor ids of one group of OIC members on the day of the vote (pure)."""
    oic = set(votes.members_on("oic", DAY))
    joined = _joined()
    if group == "All OIC members":
        keep = oic
    elif group == "OIC members also in the CSTO":
        keep = oic & set(votes.members_on("csto", DAY))
    elif group == "OIC members also in the CIS":
        keep = oic & set(votes.members_on("cis", DAY))
    elif group == "OIC founding members (1969)":
        keep = {a for a in oic if joined.get(a) == FIRST}
    elif group == "OIC members that joined after 1991":
        keep = {a for a in oic if joined.get(a, 0) > 1991}
    else:
        raise KeyError(f"unknown group {group!r}: choose one of {', '.join(GROUPS)}")
    return sorted(keep)


def _group_votes(ids) -> pd.Series:
    rc = oic_votes().set_index("actor_id")["vote"]
    return rc.loc[list(ids)]


def _outside_votes() -> pd.Series:
    iso = data.load("actors")["iso3"].dropna()
    oic_iso = {iso[a] for a in votes.members_on("oic", DAY) if a in iso.index}
    rc = votes.roll_call(GA)
    return rc.loc[~rc["iso3"].isin(oic_iso), "vote"]


@data.course_cached("memberships", "ga_votes", "actors")
def group_counts(groups=GROUPS, *, outside: bool = True) -> pd.DataFrame:
    """Tidy counts (``bloc``, ``vote``, ``states``) for groups of OIC members and, if asked,
    the UN members outside the OIC, in the shape of :func:`votes.votes_by_bloc` (pure)."""
    rows = []
    series = [(g, _group_votes(group_members(g))) for g in groups]
    if outside:
        series.append((OUTSIDE, _outside_votes()))
    for label, vs in series:
        counts = vs.value_counts()
        rows += [(label, v, int(counts.get(v, 0))) for v in votes.VOTES]
    out = pd.DataFrame(rows, columns=["bloc", "vote", "states"])
    out["states"] = out["states"].astype("int64")
    return out


def _line(counts: pd.DataFrame, label: str) -> str:
    sub = counts[counts["bloc"] == label].set_index("vote")["states"]
    return f"{label} ({int(sub.sum())}): " + ", ".join(f"{int(sub[v])} {v}" for v in votes.VOTES)


def group_chart(groups=GROUPS, *, outside: bool = True, title: str | None = None,
                reuse: bool = False):
    """A finished chart: stacked bars of the votes on 62/243 of each group (house vote
    colours), drawn by :func:`votes.bloc_chart` with the groups' names as labels. With
    ``reuse`` (the widget), one figure in two layers, its margin set by the longest label of
    any group and its axis by the largest."""
    counts = group_counts(groups, outside=outside)
    labels = list(dict.fromkeys(counts["bloc"]))
    alt = ("Stacked bars of the votes on General Assembly resolution 62/243 (14 March 2008): "
           + "; ".join(_line(counts, lb) for lb in labels) + ".")
    frame = dict(zip(("widest", "xmax"), _frame(), strict=True), rows=(2, 3)) if reuse else {}
    return votes.bloc_chart(counts, title=title or "How groups of OIC members voted on "
                            "resolution 62/243", source=VOTE_SOURCE, alt=alt,
                            labels={lb: lb for lb in labels}, label_size=9, reuse=reuse,
                            **frame)


@data.course_cached("memberships", "ga_votes", "actors")
def _frame() -> tuple[str, int]:
    """The widget chart's longest label (as the chart writes it) and its largest group."""
    counts = group_counts(GROUPS).groupby("bloc", sort=False)["states"].sum()
    labels = [f"{g} ({int(n)})" for g, n in counts.items()]
    return max(labels, key=lambda lb: charts.text_width(lb, 9)), int(counts.max())


@data.course_cached("memberships", "ga_votes", "actors")
def group_table(group: str) -> pd.DataFrame:
    """One row per member of the group: country, vote, year it joined the OIC, and whether it
    was also in the CSTO or the CIS on the day of the vote (pure)."""
    ids = group_members(group)
    rc = oic_votes().set_index("actor_id")
    csto, cis = set(votes.members_on("csto", DAY)), set(votes.members_on("cis", DAY))
    joined = _joined()
    order = {v: i for i, v in enumerate(votes.VOTES)}
    t = pd.DataFrame({
        "Country": [rc.loc[a, "country"] for a in ids],
        "Vote": [rc.loc[a, "vote"] for a in ids],
        "Joined the OIC": [joined.get(a) for a in ids],
        "Also in the CSTO": ["yes" if a in csto else "" for a in ids],
        "Also in the CIS": ["yes" if a in cis else "" for a in ids],
    })
    t["_o"] = t["Vote"].map(order)
    return t.sort_values(["_o", "Country"]).drop(columns="_o").reset_index(drop=True)


# --- membership over time ---------------------------------------------------------------------


def membership_counts(first: int = FIRST, last: int = LAST) -> pd.Series:
    """The number of OIC member states (status ``member``; suspended states not counted) on
    1 January of each year, from the memberships table (pure)."""
    return pd.Series([int((memberships.status_on("oic", f"{y}-01-01") == "member").sum())
                      for y in range(first, last + 1)], index=range(first, last + 1),
                     name="members")


def membership_chart():
    """A finished chart: OIC member states in the data on 1 January of each year."""
    s = membership_counts()
    fig, ax = charts.new(8, 3.4)
    ax.bar(list(s.index), list(s), color=charts.PALETTE["blue"], width=0.8)
    ax.axvline(1992, color=charts.PALETTE["orange"], linewidth=1.2, linestyle="--")
    ax.text(1992.6, 6, "Azerbaijan joins\n(1991 or 1992)", fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    ax.set_ylabel("member states on 1 January")
    changes = [f"{y}: {n}" for y, n in s.items() if y == FIRST or n != s.get(y - 1)]
    alt = ("Bar chart of the number of OIC member states in the course's data on 1 January of "
           f"each year from {FIRST} to {LAST} (joining years only, so each state is counted "
           "from 1 January of its year; Palestine, not a UN member state, is not in the data; "
           "Syria's suspension from 2012 lowers the count). The count changes as follows: "
           + ", ".join(changes) + ".")
    return charts.finish(fig, source="the course's memberships table (Egypt's State Information "
                         "Service, Wikipedia, the Statesman's Yearbook)", alt=alt,
                         title="OIC member states by year (UN member states in the data)")


# --- the widget -------------------------------------------------------------------------------


@register(
    "oic-vote-groups",
    question="On resolution 62/243, did the OIC members that were also Armenia's allies in the "
    "CSTO vote like the rest of the OIC? And the founding members?",
    controls=lambda: {"group": Dropdown("Group of OIC members",
                                        tuple((lab, gid) for gid, lab in GROUP_IDS.items()),
                                        "all")},
    examples=[{"group": g} for g in GROUP_IDS],
)
def vote_groups_view(group: str) -> Rendered:
    """The votes of one group of OIC members (an id of GROUP_IDS)."""
    if group not in GROUP_IDS:
        raise KeyError(f"unknown group {group!r}: choose one of {', '.join(GROUP_IDS)}")
    group = GROUP_IDS[group]
    t = group_table(group)
    counts = t["Vote"].value_counts()
    verbs = {"yes": "voted yes", "no": "voted no", "abstain": "abstained",
             "absent": "were absent"}
    parts = ", ".join(f"{int(counts.get(v, 0))} {verbs[v]}" for v in votes.VOTES)
    head = (f"<p><b>{html.escape(group)}</b> on 14 March 2008: {len(t)} UN member states; "
            f"{html.escape(parts)}.</p>")
    groups = (GROUPS[0],) if group == GROUPS[0] else (group, GROUPS[0])
    fig = group_chart(groups, title=f"{group}: votes on 62/243", reuse=True)
    return render_figure(fig, head + t.to_html(index=False, border=0, notebook=False,
                                               na_rep=""))


# --- exercise checks --------------------------------------------------------------------------


def _oic_vote_counts() -> pd.Series:
    return oic_votes()["vote"].value_counts()


def _yes_outside_oic() -> int:
    return int((_outside_votes() == "yes").sum())


def _csto_not_yes() -> set:
    rc = oic_votes().set_index("actor_id")["vote"]
    return {a for a in group_members("OIC members also in the CSTO") if rc[a] != "yes"}


def _vote_bars() -> list[int]:
    c = _oic_vote_counts()
    return [int(c.get(v, 0)) for v in votes.VOTES]


question("07-oic-votes", "correct: how the 56 OIC members that are UN member states voted.")(
    frame(_oic_vote_counts, hint="Take kc.votes.bloc_roll_call('unga-62-243-2008', 'oic') and "
          "count its 'vote' column with value_counts().")
)
question("07-yes-outside-oic", "correct: only 8 of the 39 yes votes came from states outside "
         "the OIC.")(
    value(_yes_outside_oic, hint="Count the 'yes' rows of the whole roll call, then subtract "
          "the OIC members' 'yes' votes.")
)
question("07-csto-not-yes", "correct: three of the four OIC members in the CSTO did not vote "
         "yes; Uzbekistan did.")(
    value(_csto_not_yes, hint="Intersect the OIC's members with kc.votes.members_on('csto', "
          "'2008-03-14'), then keep the ids whose vote is not 'yes'.")
)
question("07-vote-chart", "correct: one bar per vote, from 31 yes to 0 no.")(
    figure(kind="bar", count=len(votes.VOTES), heights=_vote_bars,
           hint="Draw one bar for each of the four votes (yes, no, abstain, absent), with 0 "
           "for a vote no member cast.")
)


def events_table(name: str) -> pd.DataFrame:
    """The events of the list ``name`` in lesson 07's content file (``oic-texts``), in date
    order (see :func:`karabakh_course.tables.events`)."""
    return tables.events(content.ids("07", name))
