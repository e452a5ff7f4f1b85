"""Lesson 08 (NATO): the two partnerships, NATO's statements, and NATO members' votes on 62/243.

Functions take ids and read the tables themselves; the widget only calls them. NATO's members on
the day of the vote come from ``memberships`` through :func:`karabakh_course.votes.bloc_roll_call`
(the one membership rule, :func:`karabakh_course.memberships.status_on`). The sourced sentences
that explain the exceptions are notes of lesson 08's content file.
"""

from __future__ import annotations

import html

import pandas as pd

from .. import content, data, votes
from ..checks import frame, question, value
from ..widgets import Dropdown, Rendered, register

GA_2008 = "unga-62-243-2008"
NATO = "nato"
VOTE_LABELS = {"yes": "voted yes", "no": "voted no", "abstain": "abstained",
               "absent": "cast no vote"}


# --- timelines -------------------------------------------------------------------------------


def events_table(name: str) -> pd.DataFrame:
    """The events of the list ``name`` in lesson 08's content file (``partnership``,
    ``statements``), in date order: date, what happened, sources."""
    ev = data.load("events").loc[list(content.ids("08", name))].sort_values(["date", "id"])
    return pd.DataFrame({
        "Date": [data.date_text(d, p)
                 for d, p in zip(ev["date"], ev["date_precision"], strict=True)],
        "Event": ev["title"].to_numpy(),
        "What happened": ev["summary"].to_numpy(),
        "Sources": ev["source_ids"].to_numpy(),
    })


def pfp_gap_days() -> int:
    """Days from Azerbaijan's signing of the Partnership for Peace document to Armenia's."""
    ev = data.load("events")
    return int((ev.loc["1994-10-armenia-joins-pfp", "date"]
                - ev.loc["1994-05-azerbaijan-joins-pfp", "date"]).days)


# --- the vote on 62/243 ------------------------------------------------------------------------


def nato_roll_call() -> pd.DataFrame:
    """NATO's members on 14 March 2008 and how each voted on resolution 62/243."""
    return votes.bloc_roll_call(GA_2008, NATO)


def nato_vote_counts() -> pd.Series:
    """The number of NATO members per vote (only the votes cast by at least one member)."""
    rc = nato_roll_call()
    counts = rc["vote"].value_counts()
    return pd.Series({v: int(counts[v]) for v in votes.VOTES if v in counts}, name="states",
                     dtype="int64").rename_axis("vote")


def not_abstaining() -> set:
    """The actor ids of the NATO members that did not abstain."""
    rc = nato_roll_call()
    return set(rc.loc[rc["vote"] != "abstain", "actor_id"])


def blocs() -> tuple[str, ...]:
    """The blocs the chart compares with NATO (lesson 08's content file)."""
    return tuple(content.labels("08", "blocs"))


def bloc_vote_chart():
    """A finished chart: NATO's members' votes on 62/243 beside other blocs'."""
    counts = votes.votes_by_bloc(GA_2008, list(blocs()))
    return votes.bloc_chart(
        counts, title="Resolution 62/243 (14 March 2008): how each bloc's members voted",
        source="UN press release GA/10693 and Voeten et al. (ga_votes); members on the day "
        "from the memberships table (NATO: Estonian Atlantic Treaty Association's list)")


def _vote_options() -> tuple:
    present = nato_vote_counts().index
    return tuple((VOTE_LABELS[v], v) for v in votes.VOTES if v in present)


@register(
    "nato-votes",
    question="Which NATO members did not abstain on resolution 62/243, and what tied each of "
    "them to the conflict?",
    controls=lambda: {"vote": Dropdown("Vote", _vote_options(), "yes")},
    examples=[{"vote": "yes"}, {"vote": "no"}, {"vote": "abstain"}],
)
def nato_votes_view(vote: str) -> Rendered:
    rc = nato_roll_call()
    chosen = rc[rc["vote"] == vote]
    names = ", ".join(chosen["country"])
    why = content.note("08", f"why-{vote}")
    srcs = ", ".join(f"<code>{html.escape(s)}</code>" for s in why.source_ids)
    text = (f"<p><b>NATO members that {VOTE_LABELS[vote]} on resolution 62/243</b> "
            f"({len(chosen)} of the {len(rc)} members on 14 March 2008): "
            f"{html.escape(names)}.</p>"
            f"<p><b>What the record shows about them:</b> {html.escape(why.text)}</p>"
            f"<p><small>Sources: {srcs}</small></p>")
    return Rendered(html=text)


# --- exercise checks ---------------------------------------------------------------------------

question("08-nato-votes", "correct: one Turkish yes, two no votes from the co-chairs France "
         "and the United States, and every other NATO member abstained.")(
    frame(nato_vote_counts, hint="Keep the NATO rows of memberships that cover 14 March 2008 "
          "(start on or before the day, no end or an end after it), find each member's iso3 in "
          "actors, match it to the rows of ga_votes for 'unga-62-243-2008', and count the "
          "values of 'vote' (value_counts).")
)
question("08-not-abstaining", "correct: Turkey (yes), France and the United States (no).")(
    value(not_abstaining, hint="From the NATO members' roll call, keep the rows whose vote is "
          "not 'abstain' and take their actor_id.")
)
question("08-pfp-gap", "correct: Armenia signed 154 days after Azerbaijan.")(
    value(pfp_gap_days, hint="Subtract the date of '1994-05-azerbaijan-joins-pfp' from the "
          "date of '1994-10-armenia-joins-pfp' in events, and take .days.")
)
