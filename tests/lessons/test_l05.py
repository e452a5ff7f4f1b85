"""Lesson 05: membership spans, the 2020 statement and the arms figures (pure functions)."""

import matplotlib

matplotlib.use("agg")
import functools

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import bars, params, right, verify, wrong  # noqa: E402
from toy_data import memberships_table  # noqa: E402

from karabakh_course import data, memberships  # noqa: E402
from karabakh_course.lessons import l05  # noqa: E402

table = memberships_table


TOY = table(
    ("a1", "org", "aaa", "member", "2000-01-01", "day", "2005-01-01", "day", "", "s"),
    ("a2", "org", "aaa", "withdrawn", "2005-01-01", "day", None, None, "", "s"),
    ("b1", "org", "bbb", "member", "2001-06-01", "month", None, None, "", "s"),
    ("b2", "org", "bbb", "suspended", "2010-01-01", "day", None, None, "", "s"),
    ("c1", "other", "ccc", "member", "2000-01-01", "day", None, None, "", "s"),
    ("d1", "org", "ddd", "member", None, None, None, None, "", "s"),
)


def test_spans_close_open_ends_and_skip_unknown_starts():
    s = memberships.spans("org", TOY, until="2020-01-01")
    assert list(s["id"]) == ["a1", "a2", "b1", "b2"]
    assert s.loc[s["id"] == "a2", "end"].iloc[0] == pd.Timestamp("2020-01-01")
    assert list(s["open_end"]) == [False, True, True, True]
    assert s.loc[s["id"] == "b1", "start_precision"].iloc[0] == "month"


def test_status_on_end_is_exclusive_and_latest_start_wins():
    assert memberships.status_on("org", "2004-12-31", TOY).to_dict() == {"aaa": "member",
                                                                         "bbb": "member"}
    assert memberships.status_on("org", "2005-01-01", TOY)["aaa"] == "withdrawn"
    assert memberships.status_on("org", "2015-01-01", TOY)["bbb"] == "suspended"
    assert memberships.status_on("org", "1999-01-01", TOY).empty
    assert "ccc" not in memberships.status_on("org", "2015-01-01", TOY)


def test_course_data_memberships():
    cst_2000 = memberships.status_on("cst", "2000-01-01")
    assert {a for a, s in cst_2000.items() if s == "withdrawn"} == {"aze", "geo", "uzb"}
    assert memberships.status_on("csto", data.as_of())["arm"] == "suspended"
    assert memberships.status_on("cis", "2010-01-01")["geo"] == "withdrawn"
    assert memberships.status_on("cis", "1993-01-01")["aze"] == "observer"


def test_statement_rows_and_places():
    st = l05.statement_points()
    assert sorted(set(st["point"])) == list(range(1, 10))
    assert st["label"].is_unique
    places = l05.statement_places()
    assert {"aghdam", "kalbajar", "lachin"} <= set(places.index)
    deadlines = st.dropna(subset=["deadline"]).set_index("id")["deadline"]
    assert deadlines["p6a-kalbajar"] == pd.Timestamp("2020-11-15")


@pytest.mark.parametrize("org", ["cis", "cst", "csto"])
def test_membership_chart_and_table(org):
    fig = l05.membership_chart(org)
    assert fig.course_alt.startswith("Timeline chart")
    t = l05.membership_table(org)
    assert len(t) == len(memberships.spans(org)) and t["State"].notna().all()


def test_statement_map_highlights_the_points_places():
    fig = l05.statement_map("p6b-lachin-district")
    assert "Highlighted for this point: Lachin/Berdzor, Shusha/Shushi" in fig.course_alt
    (legend,) = fig.legends  # beside the map
    labels = [t.get_text() for t in legend.get_texts()]
    assert "Places (approximate points)" in labels


def test_every_arms_figure_says_whose_it_is():
    t = l05.arms_table()
    assert t["Whose figure"].str.len().gt(5).all()
    assert len(t) == len(data.load("arms_transfers"))
    assert "%" in l05.arms_share_chart().course_alt


def test_widgets_answer_their_questions():
    assert l05.organization_options() == (("CIS", "cis"),
                                           ("Collective Security Treaty (1992–2002)", "cst"),
                                           ("CSTO", "csto"))
    csto = l05.memberships_view("csto").html
    assert "Collective Security Treaty Organization" in csto and "Armenia" in csto
    assert "Armenia (suspended" in csto
    cst = l05.memberships_view("cst").html
    assert "Azerbaijan" in cst and "left" in cst
    kal = l05.statement_view("p6a-kalbajar").html
    assert "15 November 2020" in kal and "ten more days" in kal
    assert "<b>Point 6a: Kalbajar/Karvachar district.</b>" in kal


def test_event_lists_come_from_the_content_file():
    t = l05.events_table("armenia-and-the-csto")
    assert len(t) == 9 and t["Date"].iloc[0] == "14 May 2021"
    assert "Date" in l05.events_table("russia-mediator")
    with pytest.raises(KeyError, match="has no list 'nope'"):
        l05.events_table("nope")


# --- checked questions ------------------------------------------------------------------------

DAY = pd.Timestamp("2010-01-01")
YEARS = range(1992, 2026)


def members_2010_by_status_on(statuses=("member",)):
    """The rule of the course (memberships.status_on: the latest recorded change wins)."""
    orgs = sorted(data.load("memberships")["organization_id"].unique())
    counts = {o: int(memberships.status_on(o, DAY).isin(statuses).sum()) for o in orgs}
    return pd.Series({o: n for o, n in counts.items() if n}, name="members").rename_axis(
        "organization_id")


def members_2010(statuses=("member",), ends=True, count="nunique"):
    """A row filter without the latest-change rule (a state with an earlier 'member' row
    that still covers the day is counted): the plausible wrong rule."""
    m = data.load("memberships")
    covers = m["start"] <= DAY
    if ends:
        covers &= m["end"].isna() | (m["end"] > DAY)
    rows = m[covers & m["status"].isin(statuses)]
    return getattr(rows.groupby("organization_id")["actor_id"], count)()


def states(org, status=None):
    m = data.load("memberships")
    keep = m["organization_id"] == org
    if status:
        keep &= m["status"] == status
    return set(m.loc[keep, "actor_id"])


def kalbajar():
    return data.load("statement_2020").loc["p6a-kalbajar"]


def cis_counts(statuses=("member",), years=YEARS):
    return _cis_counts(statuses, years).copy()


@functools.cache
def _cis_counts(statuses, years):
    return pd.Series([int(memberships.status_on("cis", f"{y}-01-01").isin(statuses).sum())
                      for y in years], index=list(years))


def year_bars(counts, method="bar", title="CIS member states on 1 January"):
    return bars(counts, method, title)


ANSWERS = [
    right("05-members-2010", "status_on per organization (the solution)",
          members_2010_by_status_on),
    right("05-members-2010", "a one-column frame",
          lambda: members_2010_by_status_on().to_frame("states")),
    right("05-members-2010", "reset_index()", lambda: members_2010_by_status_on().reset_index()),
    right("05-members-2010", "floats", lambda: members_2010_by_status_on().astype(float)),
    wrong("05-members-2010", "rows that cover the day, without the latest-change rule",
          members_2010, "the labels are right but some values are not"),
    wrong("05-members-2010", "members and associates", lambda: members_2010_by_status_on(
        ("member", "associate")), "the labels are right but some values are not"),
    wrong("05-members-2010", "count() of every column", lambda: data.load("memberships")
          .groupby("organization_id").count(),
          f"got a DataFrame with {len(data.load('memberships').columns) - 1} columns"),

    right("05-cst-never-csto", "a set difference (the solution)",
          lambda: states("cst", "member") - states("csto")),
    right("05-cst-never-csto", "a sorted list",
          lambda: sorted(states("cst", "member") - states("csto"))),
    right("05-cst-never-csto", "a Series", lambda: pd.Series(
        sorted(states("cst", "member") - states("csto")))),
    wrong("05-cst-never-csto", "the other way round",
          lambda: states("csto") - states("cst", "member"), "2 missing, 0 that should not be"),
    wrong("05-cst-never-csto", "every party to the treaty", lambda: states("cst", "member"),
          "0 missing, 7 that should not be there"),
    wrong("05-cst-never-csto", "one id as a text", lambda: "aze", "not a single text"),

    right("05-kalbajar-delay", ".days (the solution)",
          lambda: (kalbajar()["what_happened_date"] - kalbajar()["deadline"]).days),
    right("05-kalbajar-delay", "a numpy integer from .dt.days", lambda: (
        data.load("statement_2020")["what_happened_date"]
        - data.load("statement_2020")["deadline"]).dt.days["p6a-kalbajar"]),
    right("05-kalbajar-delay", "a float",
          lambda: float((kalbajar()["what_happened_date"] - kalbajar()["deadline"]).days)),
    wrong("05-kalbajar-delay", "the duration, not its days",
          lambda: kalbajar()["what_happened_date"] - kalbajar()["deadline"],
          "expected a number, got a duration (Timedelta): take its .days."),
    wrong("05-kalbajar-delay", "a numpy duration", lambda: np.timedelta64(
        kalbajar()["what_happened_date"] - kalbajar()["deadline"], "D"), "take its .days"),
    wrong("05-kalbajar-delay", "the subtraction the other way round",
          lambda: (kalbajar()["deadline"] - kalbajar()["what_happened_date"]).days,
          "-10 is too low"),
    wrong("05-kalbajar-delay", "the Lachin row", lambda: (
        data.load("statement_2020").loc["p6b-lachin-district", "what_happened_date"]
        - data.load("statement_2020").loc["p6b-lachin-district", "deadline"]).days,
          "0 is too low"),

    right("05-cis-chart", "ax.bar (the solution)", year_bars(cis_counts)),
    right("05-cis-chart", "Series.plot.bar", lambda: cis_counts().plot.bar(title="CIS")),
    right("05-cis-chart", "ax.barh", year_bars(cis_counts, "barh")),
    wrong("05-cis-chart", "1992 to 2024", year_bars(lambda: cis_counts(years=range(1992, 2025))),
          "expected 34 bars, found 33"),
    wrong("05-cis-chart", "associates counted as members",
          year_bars(lambda: cis_counts(statuses=("member", "associate"))),
          "their values are not"),
    wrong("05-cis-chart", "a line", lambda: cis_counts().plot(title="CIS"),
          "expected a bar chart"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
