"""Lesson 07: OIC membership, its members' votes on 62/243, groups to test hypotheses with; its
checked questions."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import params, right, verify, wrong  # noqa: E402

from karabakh_course import data, memberships, votes  # noqa: E402
from karabakh_course.lessons import l07  # noqa: E402

GA = "unga-62-243-2008"


def test_oic_on_the_day_of_the_vote():
    rc = l07.oic_votes()
    assert len(rc) == 56 and votes.NOT_IN_ROLL_CALL not in set(rc["vote"])
    assert rc["vote"].value_counts().to_dict() == {"yes": 31, "absent": 16, "abstain": 9}
    assert rc.set_index("actor_id").loc[["aze", "irn", "egy"], "vote"].tolist() == [
        "yes", "absent", "abstain"]


def test_syria_is_suspended_after_2012_and_azerbaijan_a_member_in_2008():
    assert memberships.status_on("oic", "2008-03-14")["syr"] == "member"
    assert memberships.status_on("oic", "2013-01-01")["syr"] == "suspended"
    assert "8 December 1991" in data.load("memberships").loc["oic-aze", "note"]


def test_groups_are_subsets_of_the_oic_and_counts_add_up():
    oic = set(l07.group_members("All OIC members"))
    for g in l07.GROUPS:
        assert set(l07.group_members(g)) <= oic
    assert l07.group_members("OIC members also in the CSTO") == ["kaz", "kgz", "tjk", "uzb"]
    counts = l07.group_counts().groupby("bloc")["states"].sum()
    assert counts["All OIC members"] + counts[l07.OUTSIDE] == len(votes.roll_call(GA))
    with pytest.raises(KeyError, match="unknown group"):
        l07.group_members("OIC members in NATO")


def test_group_chart_and_membership_chart():
    fig = l07.group_chart()
    assert "OIC members also in the CSTO (4): 1 yes, 0 no, 1 abstain, 2 absent" in fig.course_alt
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "All OIC members (56)" in labels
    counts = l07.membership_counts()
    assert counts[1969] == 24 and counts[1992] - counts[1991] == 5 and counts[2013] == 55
    assert "1992: 49" in l07.membership_chart().course_alt
    plt.close("all")


def test_widget_answers_its_question():
    html = l07.vote_groups_view("csto").html
    assert "also in the CSTO</b> on 14 March 2008: 4 UN member states" in html
    assert "Uzbekistan" in html and "1 abstained, 2 were absent" in html
    t = l07.group_table("OIC members that joined after 1991")
    assert (t["Vote"] == "yes").sum() == 2


# --- checked questions ------------------------------------------------------------------------


def oic():
    return votes.bloc_roll_call(GA, "oic")


def roll_call():
    return data.load("ga_votes")


def in_csto(day="2008-03-14", org="csto"):
    rc = oic()
    return rc[rc["actor_id"].isin(votes.members_on(org, day))]


def bars(heights, method="bar", labels=("yes", "no", "abstain", "absent"), title="OIC votes"):
    def draw():
        fig, ax = plt.subplots()
        getattr(ax, method)(list(labels)[:len(heights)], heights)
        if title:
            ax.set_title(title)
        return fig
    return draw


ANSWERS = [
    right("07-oic-votes", "value_counts (the solution)", lambda: oic()["vote"].value_counts()),
    right("07-oic-votes", "groupby size", lambda: oic().groupby("vote").size()),
    right("07-oic-votes", "a one-column frame", lambda: oic()["vote"].value_counts().to_frame()),
    wrong("07-oic-votes", "the whole roll call", lambda: roll_call()["vote"].value_counts(),
          "expected 3 rows, got 4"),
    wrong("07-oic-votes", "members in 2025 (Syria suspended)", lambda: votes.bloc_roll_call(
        GA, "oic", "2025-01-01")["vote"].value_counts(), "some values are not"),
    wrong("07-oic-votes", "the vote column itself", lambda: oic()["vote"],
          "expected 3 rows, got 56"),

    right("07-yes-outside-oic", "a subtraction (the solution)", lambda: int(
        (roll_call()["vote"] == "yes").sum() - (oic()["vote"] == "yes").sum())),
    right("07-yes-outside-oic", "a numpy integer", lambda: (roll_call()["vote"] == "yes").sum()
          - (oic()["vote"] == "yes").sum()),
    right("07-yes-outside-oic", "a float", lambda: 8.0),
    wrong("07-yes-outside-oic", "the OIC's yes votes", lambda: (oic()["vote"] == "yes").sum(),
          "31 is too high"),
    wrong("07-yes-outside-oic", "all the yes votes", lambda: (roll_call()["vote"] == "yes").sum(),
          "39 is too high"),
    wrong("07-yes-outside-oic", "states outside the OIC", lambda: len(roll_call()) - len(oic()),
          "136 is too high"),

    right("07-csto-not-yes", "a set (the solution)", lambda: set(
        in_csto().loc[in_csto()["vote"] != "yes", "actor_id"])),
    right("07-csto-not-yes", "a sorted list", lambda: sorted(
        in_csto().loc[in_csto()["vote"] != "yes", "actor_id"])),
    right("07-csto-not-yes", "a Series", lambda: in_csto().loc[in_csto()["vote"] != "yes",
                                                             "actor_id"]),
    wrong("07-csto-not-yes", "every OIC member in the CSTO", lambda: set(in_csto()["actor_id"]),
          "0 missing, 1 that should not be there"),
    wrong("07-csto-not-yes", "country names, not ids", lambda: set(
        in_csto().loc[in_csto()["vote"] != "yes", "country"]), "3 missing, 3 that should not"),
    wrong("07-csto-not-yes", "one id as a text", lambda: "kaz", "not a single text"),

    right("07-vote-chart", "ax.bar (the solution)", bars([31, 0, 9, 16])),
    right("07-vote-chart", "ax.barh", bars([31, 0, 9, 16], "barh")),
    right("07-vote-chart", "Series.plot.bar", lambda: oic()["vote"].value_counts().reindex(
        list(votes.VOTES), fill_value=0).plot.bar(title="OIC")),
    wrong("07-vote-chart", "value_counts without the 0 bar",
          lambda: oic()["vote"].value_counts().plot.bar(title="OIC"), "expected 4 bars, found 3"),
    wrong("07-vote-chart", "the whole roll call", lambda: roll_call()["vote"].value_counts()
          .reindex(list(votes.VOTES)).plot.bar(title="GA"), "their values are not"),
    wrong("07-vote-chart", "no title", bars([31, 0, 9, 16], title=""), "give the chart a title"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)


def test_answer_values_are_the_data():
    assert pd.Series(l07._vote_bars()).tolist() == [31, 0, 9, 16]
