"""Lesson 06 (the Non-Aligned Movement): membership, the chair, its texts by year, the bloc view.

Pure functions build tables and finished charts; the widget only calls the shared bloc tools
(:mod:`karabakh_course.blocs`).
"""

from __future__ import annotations

import pandas as pd

from .. import blocs, charts, content, data, memberships, tables
from ..checks import figure, question, value
from ..widgets import Dropdown, Rendered, register

ORG = "nam"
VOTE_DAY = pd.Timestamp("2008-03-14")
BALI = "2011-05-nam-admits-azerbaijan"
BAKU = "2019-10-nam-baku-summit"
KAMPALA = "2024-01-nam-kampala-summit"
YEARS = range(2006, 2025)
DAYS = {
    "14 March 2008 (the vote on 62/243)": "2008-03-14",
    "1 January 2012 (after the Bali conference)": "2012-01-01",
    "1 January 2021 (Azerbaijan in the chair)": "2021-01-01",
    "1 July 2025": "2025-07-01",
}

def events_table(ids) -> pd.DataFrame:
    """Chosen events in date order (see :func:`karabakh_course.tables.events`)."""
    return tables.events(ids)


def nam_texts() -> pd.DataFrame:
    """The Movement's summits, conferences and communiqués in the data, in date order."""
    return events_table(blocs.statements(ORG)["id"])


def status_table() -> pd.DataFrame:
    """The states whose NAM status the data record: state, status, from, note (pure)."""
    s = memberships.spans(ORG)
    names = data.load("actors")["name"].astype(str)
    notes = data.load("memberships")["note"].fillna("").astype(str)
    return pd.DataFrame({
        "State": [names.get(a, a) for a in s["actor_id"]],
        "Status": s["status"].to_numpy(),
        "From": [data.date_text(d, p)
                 for d, p in zip(s["start"], s["start_precision"], strict=True)],
        "Note": [notes.get(i, "") for i in s["id"]],
    })


def chair_days() -> int:
    """Days from the Baku summit's opening (Azerbaijan takes the chair) to the handover in
    Kampala."""
    ev = data.load("events")
    return int((ev.loc[KAMPALA, "date"] - ev.loc[BAKU, "date"]).days)


def texts_chart():
    """A finished chart: the Movement's texts in the data per year, with Azerbaijan's
    membership and chairmanship marked."""
    counts = blocs.statements_by_year(ORG, YEARS)
    ev = data.load("events")
    fig, ax = charts.new(8, 3.6)
    ax.axvspan(ev.loc[BALI, "date"].year - 0.5, max(YEARS) + 0.5, color="#EEEEEE", zorder=0,
               label="Azerbaijan a member (from May 2011)")
    ax.axvspan(ev.loc[BAKU, "date"].year - 0.5, ev.loc[KAMPALA, "date"].year + 0.5,
               color=charts.PALETTE["sky blue"], alpha=0.35, zorder=0,
               label="Azerbaijan in the chair (Oct 2019 – Jan 2024)")
    ax.bar(list(counts.index), list(counts), color=charts.PALETTE["blue"], zorder=2,
           label="texts and meetings in the data")
    ax.set_xticks(list(YEARS)[::2])
    ax.set_yticks(range(0, int(counts.max()) + 2))
    ax.set_ylabel("texts in the data")
    ax.legend(loc="upper left", fontsize=9)
    years = ", ".join(str(y) for y, n in counts.items() if n)
    alt = (f"Bar chart of the Non-Aligned Movement's summits, conferences and communiqués in the "
           f"course's data, per year from {min(YEARS)} to {max(YEARS)}: one each in {years}, "
           "none in the other years, none during the 2020 war. Shaded: Azerbaijan a member from "
           "May 2011, and in the chair from October 2019 to January 2024.")
    return charts.finish(fig, source="the course's events table (NAM texts as reproduced by "
                         "Azerbaijan's foreign ministry and chairmanship, and news reports)",
                         alt=alt, title="The Non-Aligned Movement's texts in the data, by year")


def _org_options() -> tuple:
    orgs = blocs.organizations()
    return tuple((f"{n} ({i.upper()})", i) for i, n in zip(orgs["id"], orgs["name"],
                                                           strict=True))


@register(
    "bloc-map",
    question="Which states does the data record in the Non-Aligned Movement on the day of the "
    "2008 vote, and which after the Bali conference of May 2011? How had they voted on 62/243?",
    controls=lambda: {"day": Dropdown("Day", tuple(DAYS.items()), "2008-03-14"),
                      "organization": Dropdown("Organization", _org_options(), ORG)},
    examples=[{"organization": "nam", "day": "2008-03-14"},
              {"organization": "nam", "day": "2012-01-01"},
              {"organization": "oic", "day": "2008-03-14"}],
)
def bloc_view(organization: str, day: str) -> Rendered:
    """The organization's states on ``day`` (an ISO date, one of DAYS' values)."""
    note = content.note("06", "map-scope").text if organization == ORG else ""
    return blocs.panel(organization, day, note=note)


# --- exercise checks ------------------------------------------------------------

DAY_2012 = pd.Timestamp("2012-01-01")


def _members_2012() -> set:
    m = data.load("memberships")
    on = m[(m["organization_id"] == ORG) & (m["status"] == "member") & (m["start"] <= DAY_2012)
           & (m["end"].isna() | (m["end"] > DAY_2012))]
    return set(on["actor_id"])


def _texts_by_year() -> list[int]:
    return list(blocs.statements_by_year(ORG, YEARS))


question("06-chair-days", "correct: Azerbaijan chaired the Movement for 1,547 days, more than "
         "four years, where a chair normally serves three.")(
    value(chair_days, hint="Subtract the 'date' of the row '2019-10-nam-baku-summit' from the "
          "'date' of the row '2024-01-nam-kampala-summit' and take .days.")
)
question("06-members-2012", "correct: the two states the data record as NAM members on "
         "1 January 2012, both admitted in Bali in May 2011.")(
    value(_members_2012, hint="Keep the rows with organization_id 'nam' and status 'member' "
          "whose start is on or before the day and whose end is empty or after it; take the "
          "set of their actor_id.")
)
question("06-texts-chart", "correct: one bar per year, 2006–2024, of the Movement's texts in "
         "the data.")(
    figure(kind="bar", count=len(YEARS), heights=_texts_by_year,
           hint="Use kc.blocs.statements_by_year('nam', range(2006, 2025)) and draw one bar per "
           "year, 0 included.")
)
