"""Membership of an organization over time, from the ``memberships`` table (pure functions).

Each row of ``memberships`` is one span: a state (``actor_id``) had a ``status`` in an
organization from ``start`` (inclusive) to ``end`` (exclusive; empty = still so when the data
were checked). Two helpers work for any organization id (``cis``, ``cst``, ``csto``, ``un``…)::

    kc.memberships.spans("csto")                 # one row per span, open ends closed at as_of
    kc.memberships.status_on("csto", "2025-01-01")  # each state's status on that day
    kc.memberships.members_on("eu", "2008-03-14")   # the actor ids of its members then

Where two rows cover the same day for the same state (two lessons recorded it from different
sources, or a row marks a change inside a longer one), the row that started last wins: it is the
most recent recorded change.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import data
from .arguments import one_of

__all__ = ["counts_on", "members_on", "organization_ids", "spans", "status_on"]

COLUMNS = ["actor_id", "status", "start", "end", "open_end", "start_precision", "end_precision",
           "id"]


def organization_ids(memberships: pd.DataFrame | None = None) -> list[str]:
    """The organizations that have membership rows, sorted."""
    if memberships is None:
        return list(_course_organizations(data.version("memberships")))
    return sorted(memberships["organization_id"].dropna().astype(str).unique())


@lru_cache(maxsize=4)
def _course_organizations(version: tuple) -> tuple[str, ...]:
    df = data.load("memberships")
    return tuple(sorted(df["organization_id"].dropna().astype(str).unique()))


def spans(org_id: str, memberships: pd.DataFrame | None = None, *, until=None) -> pd.DataFrame:
    """The spans of ``org_id``, one row per membership row with a known start.

    Columns: ``actor_id``, ``status``, ``start``, ``end`` (an open end is closed at ``until``,
    by default the data's ``as_of`` date), ``open_end`` (True where the row has no end),
    ``start_precision``, ``end_precision`` and ``id``. Sorted by actor, then start.
    """
    one_of("kc.memberships", "organization id", org_id, organization_ids(memberships))
    until = pd.Timestamp(until if until is not None else data.as_of())
    if memberships is None:  # the course's table: computed once per version of the file
        return _course_spans(org_id, until, data.version("memberships")).copy()
    return _spans(memberships, org_id, until)


@lru_cache(maxsize=32)
def _course_spans(org_id: str, until: pd.Timestamp, version: tuple) -> pd.DataFrame:
    return _spans(data.load("memberships"), org_id, until)


def _spans(df: pd.DataFrame, org_id: str, until: pd.Timestamp) -> pd.DataFrame:
    rows = df[(df["organization_id"] == org_id) & df["start"].notna()]
    out = pd.DataFrame({
        "actor_id": rows["actor_id"].astype(str).to_numpy(),
        "status": rows["status"].astype(str).to_numpy(),
        "start": pd.to_datetime(rows["start"]).to_numpy(),
        "end": pd.to_datetime(rows["end"]).astype("datetime64[ns]").fillna(until).to_numpy(),
        "open_end": rows["end"].isna().to_numpy(),
        "start_precision": rows["start_precision"].astype("string").to_numpy(),
        "end_precision": rows["end_precision"].astype("string").to_numpy(),
        "id": rows["id"].astype(str).to_numpy(),
    }, columns=COLUMNS)
    return out.sort_values(["actor_id", "start", "id"]).reset_index(drop=True)


def status_on(org_id: str, date, memberships: pd.DataFrame | None = None) -> pd.Series:
    """Each state's status in ``org_id`` on ``date`` (a Series indexed by ``actor_id``).

    A span covers ``date`` when ``start <= date < end`` (an open end covers every later day).
    States with no span covering the date are left out. Where several spans cover it, the one
    that started last wins.
    """
    day = pd.Timestamp(date)
    if memberships is None:
        return _course_status(org_id, day)
    return _status(spans(org_id, memberships), day)


@data.course_cached("memberships", maxsize=256)
def _course_status(org_id: str, day: pd.Timestamp) -> pd.Series:
    return _status(spans(org_id), day)


def _status(s: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    covering = s[(s["start"] <= day) & (s["open_end"] | (day < s["end"]))]
    latest = covering.sort_values(["actor_id", "start", "id"]).groupby("actor_id").tail(1)
    return pd.Series(latest["status"].to_numpy(), index=pd.Index(latest["actor_id"].to_numpy(),
                     name="actor_id"), name="status", dtype="string").sort_index()


def members_on(org_id: str, on_date, *, statuses=("member",),
               memberships: pd.DataFrame | None = None) -> list[str]:
    """The ids of the actors whose status in ``org_id`` on ``on_date`` is one of ``statuses``
    (by :func:`status_on`), sorted."""
    s = status_on(org_id, on_date, memberships)
    return sorted(s[s.isin(list(statuses))].index)


def counts_on(org_id: str, dates, *, statuses=("member",),
              memberships: pd.DataFrame | None = None) -> pd.Series:
    """How many states had one of ``statuses`` in ``org_id`` on each of ``dates`` (by
    :func:`status_on`): a Series of whole numbers indexed by the dates as Timestamps."""
    days = [pd.Timestamp(d) for d in dates]
    counts = [int(status_on(org_id, d, memberships).isin(list(statuses)).sum()) for d in days]
    return pd.Series(counts, index=pd.DatetimeIndex(days, name="date"), name="states",
                     dtype="int64")
