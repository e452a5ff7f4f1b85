"""Checks for lesson 01's exercises (background, 1988–1994)."""

from .. import data
from ..checks import figure, frame, question, value

PARTY = {"party-government", "party-affiliated"}


def _war_events_1992_1993() -> int:
    ev = data.load("events")
    return int(((ev["category"] == "war") & ev["date"].dt.year.between(1992, 1993)).sum())


def _aze_refugees():
    f = data.load("figures")
    from_armenia = f["population"].str.startswith("Azerbaijanis from Armenia")
    sel = f[(f["measure"] == "refugees") & from_armenia]
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
          hint="Keep rows whose measure is 'refugees' and whose population starts with "
               "'Azerbaijanis from Armenia'; keep the columns reported_by, low and high.")
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
