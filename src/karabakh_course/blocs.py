"""Any organization at a glance: its members on a day, their votes on 62/243, its texts by year.

Shared by the lessons on organizations without a mediating mandate (NAM, OIC, NATO, the
Organization of Turkic States). Pure functions over the course's tables; :func:`panel` puts the
pieces together for a widget::

    kc.blocs.organizations()                      # the organizations with membership rows
    kc.blocs.statements("nam")                    # events naming the organization (actor_ids)
    kc.blocs.statements_by_year("nam")            # how many per year, every year in the span
    kc.blocs.member_votes("nam", "2012-01-01")    # the states then, and how they voted in 2008
    kc.blocs.panel("nam", "2012-01-01")           # a Rendered: world map, votes, texts

An organization's "statements" are the rows of ``events`` whose ``actor_ids`` include its id:
its summits, declarations and communiqués as the course records them.
"""

from __future__ import annotations

import html

import pandas as pd

from . import data, votes
from . import map as kmap
from .widgets import Rendered, render_figure

__all__ = ["GA_2008", "organizations", "statements", "statements_by_year", "member_votes",
           "panel"]

GA_2008 = "unga-62-243-2008"


def organizations(memberships: pd.DataFrame | None = None) -> pd.DataFrame:
    """The organizations that have rows in ``memberships``: ``id``, ``name`` and the number
    of ``states`` ever recorded, sorted by name."""
    m = data.load("memberships") if memberships is None else memberships
    names = data.load("actors")["name"].astype(str)
    n = m.groupby("organization_id")["actor_id"].nunique()
    out = pd.DataFrame({"id": n.index.astype(str), "name": [names.get(o, o) for o in n.index],
                        "states": n.to_numpy().astype("int64")})
    return out.sort_values("name").reset_index(drop=True)


def statements(org_id: str, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events that name ``org_id`` among their actors, in date order: ``id``, ``date``,
    ``date_precision``, ``title``, ``summary``, ``source_ids``."""
    if events is None:  # the course's table
        return _course_statements(org_id)
    return _statements(org_id, events)


@data.course_cached("events")
def _course_statements(org_id: str) -> pd.DataFrame:
    return _statements(org_id, data.load("events"))


def _statements(org_id: str, events: pd.DataFrame) -> pd.DataFrame:
    ev = events.reset_index() if "id" not in events.columns else events
    hit = ev["actor_ids"].fillna("").map(lambda v: org_id in data.split_ids(v))
    cols = ["id", "date", "date_precision", "title", "summary", "source_ids"]
    return ev.loc[hit, cols].sort_values(["date", "id"]).reset_index(drop=True)


def statements_by_year(org_id: str, years=None, events: pd.DataFrame | None = None) -> pd.Series:
    """How many of the organization's events fall in each year: every year from ``years``
    (default: the first to the last year with one), 0 where none."""
    st = statements(org_id, events)
    yrs = st["date"].dt.year
    if years is None:
        years = range(int(yrs.min()), int(yrs.max()) + 1) if len(yrs) else range(0)
    counts = yrs.value_counts()
    return pd.Series([int(counts.get(y, 0)) for y in years], index=pd.Index(list(years),
                     name="year"), name="texts", dtype="int64")


def member_votes(org_id: str, on_date, *, statuses=("member", "observer"),
                 resolution_id: str = GA_2008) -> pd.DataFrame:
    """The states with one of ``statuses`` in ``org_id`` on ``on_date`` and how each voted on
    ``resolution_id`` (whenever that vote was): ``state``, ``status``, ``vote``."""
    table = kmap.world_status(org_id, on_date, statuses=statuses)
    rc = votes.bloc_roll_call(resolution_id, org_id, on_date, statuses=statuses)
    vote_of = dict(zip(rc["actor_id"], rc["vote"], strict=True))
    return pd.DataFrame({"state": table["name"].to_numpy(),
                         "status": table["status"].to_numpy(),
                         "vote": [vote_of.get(a, votes.NOT_IN_ROLL_CALL)
                                  for a in table["actor_id"]]})


def panel(org_id: str, on_date, *, statuses=("member", "observer"), note: str = "") -> Rendered:
    """The organization on a day: its world map, its states' votes on 62/243 (held on
    14 March 2008), and its texts in the data up to that day. ``note`` is shown first."""
    day = pd.Timestamp(on_date)
    name = html.escape(str(data.load("actors")["name"].get(org_id, org_id)))
    mv = member_votes(org_id, day, statuses=statuses)
    counts = mv.groupby(["status", "vote"]).size()
    lines = []
    for s in statuses:
        if s in counts.index.get_level_values(0):
            sub = counts[s]
            lines.append(f"{html.escape(s)}s: " + ", ".join(
                f"{int(sub[v])} {html.escape(v)}" for v in (*votes.VOTES, votes.NOT_IN_ROLL_CALL)
                if v in sub.index))
    st = statements(org_id)
    st = st[st["date"] <= day]
    texts = "".join(f"<li>{data.date_text(d, p)}: {html.escape(t)}</li>"
                    for d, p, t in zip(st["date"], st["date_precision"], st["title"],
                                       strict=True))
    parts = [f"<p>{html.escape(note)}</p>" if note else "",
             f"<p><b>{name}, {data.date_text(day)}.</b> States recorded in the data, and how "
             f"they voted on resolution 62/243 on 14 March 2008: "
             + ("; ".join(lines) if lines else "none recorded") + ".</p>",
             mv.to_html(index=False, border=0, notebook=False) if len(mv) else "",
             f"<p><b>Its texts in the data up to this day</b> ({len(st)}):</p>"
             + (f"<ul>{texts}</ul>" if texts else "<p>none recorded.</p>")]
    return render_figure(kmap.world_map(org_id, day, statuses=statuses, reuse=True),
                         "".join(parts))
