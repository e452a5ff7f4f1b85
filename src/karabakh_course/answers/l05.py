"""Checks for lesson 05's exercises (the CIS, the CSTO and Russia)."""

import pandas as pd

from .. import data, memberships
from ..checks import figure, frame, question, value

DAY_2010 = pd.Timestamp("2010-01-01")
YEARS = range(1992, 2026)


def _members_2010() -> pd.Series:
    m = data.load("memberships")
    on = m[(m["status"] == "member") & (m["start"] <= DAY_2010)
           & (m["end"].isna() | (m["end"] > DAY_2010))]
    return on.groupby("organization_id")["actor_id"].nunique()


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
         "members on 1 January 2010.")(
    frame(_members_2010, hint="Keep the 'member' rows whose start is on or before the day and "
          "whose end is empty or after it; then group by organization_id and count the "
          "distinct actor_id.")
)
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
