"""Lesson 08: NATO's partnerships, statements and its members' votes on 62/243."""

import pandas as pd
import pytest
from lesson_answers import params, right, verify, wrong

from karabakh_course import data, votes
from karabakh_course.lessons import l08


def test_nato_on_the_day_of_the_vote():
    rc = l08.nato_roll_call()
    assert len(rc) == 26
    assert "alb" not in set(rc["actor_id"]) and "tur" in set(rc["actor_id"])
    assert l08.nato_vote_counts().to_dict() == {"yes": 1, "no": 2, "abstain": 23}
    assert l08.not_abstaining() == {"tur", "fra", "usa"}


def test_partnership_dates():
    assert l08.pfp_gap_days() == 154
    t = l08.events_table("partnership")
    assert t["Date"].iloc[0] == "4 May 1994" and t["Date"].iloc[1] == "5 October 1994"
    assert len(l08.events_table("statements")) == 7


def test_chart_and_widget_answer_their_questions():
    fig = l08.bloc_vote_chart()
    assert "NATO: 1 yes, 2 no, 23 abstain, 0 absent" in fig.course_alt
    yes = l08.nato_votes_view("yes").html
    assert "Turkey" in yes and "(1 of the 26 members" in yes
    no = l08.nato_votes_view("no").html
    assert "France, United States" in no and "co-chairs" in no
    assert "Canada" in l08.nato_votes_view("abstain").html
    assert [v for _, v in l08._vote_options()] == ["yes", "no", "abstain"]


# --- checked questions ------------------------------------------------------------------------

DAY = pd.Timestamp("2008-03-14")


def counts(ends=True, day=DAY):
    m = data.load("memberships")
    keep = (m["organization_id"] == "nato") & (m["start"] <= day)
    if ends:
        keep &= m["end"].isna() | (m["end"] > day)
    codes = data.load("actors").loc[m.loc[keep, "actor_id"], "iso3"]
    gv = data.load("ga_votes")
    roll = gv[gv["resolution_id"] == "unga-62-243-2008"]
    return roll[roll["iso3"].isin(codes)]["vote"].value_counts()


def rc():
    return votes.bloc_roll_call("unga-62-243-2008", "nato")


def events():
    return data.load("events")


ANSWERS = [
    right("08-nato-votes", "value_counts (the solution)", counts),
    right("08-nato-votes", "a frame from reset_index", lambda: counts().reset_index()),
    right("08-nato-votes", "from bloc_roll_call", lambda: rc()["vote"].value_counts()),
    wrong("08-nato-votes", "today's members", lambda: counts(day=pd.Timestamp("2025-01-01")),
          "the labels are right but some values are not"),
    wrong("08-nato-votes", "the whole Assembly", lambda: data.load("ga_votes").query(
        "resolution_id == 'unga-62-243-2008'")["vote"].value_counts(),
          "expected 3 rows, got 4"),
    wrong("08-nato-votes", "the number of members only", lambda: len(counts()),
          "expected a pandas Series, got int"),

    right("08-not-abstaining", "a set (the solution)",
          lambda: set(rc().loc[rc()["vote"] != "abstain", "actor_id"])),
    right("08-not-abstaining", "a list", lambda: ["fra", "tur", "usa"]),
    wrong("08-not-abstaining", "only the no votes",
          lambda: set(rc().loc[rc()["vote"] == "no", "actor_id"]),
          "1 missing, 0 that should not be there"),
    wrong("08-not-abstaining", "country names, not ids",
          lambda: set(rc().loc[rc()["vote"] != "abstain", "country"]),
          "3 missing, 3 that should not be there"),
    wrong("08-not-abstaining", "one id as a text", lambda: "tur", "not a single text"),

    right("08-pfp-gap", ".days (the solution)", lambda: (
        events().loc["1994-10-armenia-joins-pfp", "date"]
        - events().loc["1994-05-azerbaijan-joins-pfp", "date"]).days),
    right("08-pfp-gap", "a float", lambda: 154.0),
    wrong("08-pfp-gap", "the other way round", lambda: (
        events().loc["1994-05-azerbaijan-joins-pfp", "date"]
        - events().loc["1994-10-armenia-joins-pfp", "date"]).days, "-154 is too low"),
    wrong("08-pfp-gap", "months, not days", lambda: 5, "5 is too low"),
    wrong("08-pfp-gap", "the duration itself", lambda: (
        events().loc["1994-10-armenia-joins-pfp", "date"]
        - events().loc["1994-05-azerbaijan-joins-pfp", "date"]), "take its .days"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
