"""Lesson 04's pure functions: chairs, proposals and channels outside the Minsk format."""

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402

from karabakh_course import data  # noqa: E402
from karabakh_course.lessons import l04  # noqa: E402


def test_every_term_has_a_lane_and_russia_shares_one():
    lanes = l04.chair_lanes()
    assert len(lanes) == len(data.load("chairs"))
    rus = lanes[lanes["actor_id"] == "rus"]
    assert rus["lane"].nunique() == 1 and len(rus) == 2
    assert lanes.iloc[0]["role"] == "chair" and lanes.iloc[-1]["role"] == "personal-representative"


def test_unconfirmed_holder_is_flagged():
    lanes = l04.chair_lanes()
    pr = lanes[lanes["role"] == "personal-representative"]
    assert pr["unconfirmed"].tolist() == [False, True]


def test_cochair_timeline_has_no_personal_representative():
    t = l04.cochair_timeline()
    assert list(t.columns) == ["name", "role", "start_year", "end_year"]
    assert set(t["role"]) == {"chair", "co-chair"}
    assert t.iloc[0]["name"] == "Italy" and t["end_year"].max() == 2025


def test_gantt_is_finished_and_describes_uncertainty():
    fig = l04.chairs_gantt()
    assert "not confirmed" in fig.course_alt and fig.course_source


def test_rejected_by_on_a_small_table(tables):
    tables["proposals"] = pd.DataFrame({"rejected_by": ["aze", "nk-da", "", None]},
                                       index=["a", "b", "c", "d"])
    assert l04.rejected_by("aze") == {"a"}
    assert l04.rejected_by("arm") == set()


def test_outside_minsk_keeps_diplomacy_within_the_minsk_years(tables):
    start, end = "1992-03-csce-helsinki-minsk-conference", "2025-09-osce-mc-closes-minsk-process"
    tables["events"] = pd.DataFrame({
        "category": ["diplomacy", "osce", "diplomacy", "diplomacy", "osce", "osce",
                     "diplomacy", "diplomacy"],
        "date": pd.to_datetime(["1991-09-23", "1992-03-24", "1992-03-24", "1992-05-07",
                                "1996-12-03", "2025-09-01", "2025-09-01", "2025-09-02"]),
        "lesson": ["", "04", "04", "04", "04", "04", "04", "04"]},
        index=["a", start, "b", "c", "d", end, "f", "e"])
    assert l04.minsk_span() == (pd.Timestamp("1992-03-24"), pd.Timestamp("2025-09-01"))
    out = l04.outside_minsk()
    assert list(out.index) == ["b", "c", "f"]  # both ends of the span included, not outside
    assert l04.channels_by_decade().to_dict() == {1990: 2, 2020: 1}


def test_milestones_are_dated_by_their_events():
    marks = dict((label, d) for d, label in l04.milestones())
    assert marks["Lisbon summit"] == pd.Timestamp("1996-12-03")
    assert marks["closure decided"] == l04.minsk_span()[1]


def test_proposal_card_attributes_responses():
    c = l04.proposal_card("common-state-1998")
    assert c["rejected_by"] == ["Azerbaijan"] and "Guluzade" in c["responses"]
    assert set(c["offers"]) == {"Status", "Territories", "Return of displaced people", "Security"}
    labels = [lab for lab, _ in l04.proposal_options()]
    assert labels[0].startswith("Lisbon") and labels[-1].startswith("Madrid")


def test_widget_shows_who_rejected():
    before = l04.minsk_proposals("package-1997").html
    after = l04.minsk_proposals("common-state-1998").html
    assert "Rejected by:</b> Karabakh Armenian de facto authorities" in before
    assert "Rejected by:</b> Azerbaijan" in after
