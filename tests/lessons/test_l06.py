"""Lesson 06: the Non-Aligned Movement's recorded states, its texts, the chair, the bloc widget
(pure functions); its checked questions."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import params, right, verify, wrong  # noqa: E402

from karabakh_course import blocs, data  # noqa: E402
from karabakh_course.lessons import l06  # noqa: E402


def test_status_table_records_only_the_verified_states():
    t = l06.status_table().set_index("State")
    assert t["Status"].to_dict() == {"Armenia": "observer", "Azerbaijan": "member",
                                     "Fiji": "member"}
    assert t.loc["Azerbaijan", "From"] == "May 2011"


def test_chair_days_and_texts():
    assert l06.chair_days() == 1547
    texts = l06.nam_texts()
    assert texts["Date"].iloc[0] == "11 September 2006" and len(texts) == 7
    counts = blocs.statements_by_year("nam", l06.YEARS)
    assert counts[2020] == 1 and counts[2021] == 0


def test_texts_chart_says_what_it_shows():
    fig = l06.texts_chart()
    assert "none during the 2020 war" in fig.course_alt
    assert len(fig.axes[0].containers[0]) == len(l06.YEARS)


def test_widget_answers_its_question():
    vote_day = l06.bloc_view("nam", "2008-03-14").html
    assert "not the whole Movement" in vote_day and "observers: 1 no" in vote_day
    assert "members: 1" not in vote_day and "members: none" in vote_day
    after = l06.bloc_view("nam", "2012-01-01").html
    assert "members: 1 yes, 1 absent" in after and "Fiji" in after
    oic = l06.bloc_view("oic", "2008-03-14")
    assert "not the whole Movement" not in oic.html and oic.png


# --- checked questions ------------------------------------------------------------------------

def ev():
    return data.load("events")


def days(a="2024-01-nam-kampala-summit", b="2019-10-nam-baku-summit", col="date"):
    return (ev().loc[a, col] - ev().loc[b, col]).days


def members(day="2012-01-01", statuses=("member",), ends=True):
    m = data.load("memberships")
    d = pd.Timestamp(day)
    keep = (m["organization_id"] == "nam") & m["status"].isin(statuses) & (m["start"] <= d)
    if ends:
        keep &= m["end"].isna() | (m["end"] > d)
    return set(m.loc[keep, "actor_id"])


def bars(years=range(2006, 2025), method="bar", title="NAM texts by year"):
    def draw():
        fig, ax = plt.subplots()
        s = blocs.statements_by_year("nam", years)
        getattr(ax, method)(list(s.index), list(s))
        if title:
            ax.set_title(title)
        return fig
    return draw


def bars_of_years_with_texts():
    fig, ax = plt.subplots()
    s = blocs.statements("nam")["date"].dt.year.value_counts().sort_index()
    ax.bar(list(s.index), list(s))
    ax.set_title("NAM texts by year")
    return fig


ANSWERS = [
    right("06-chair-days", ".days (the solution)", days),
    right("06-chair-days", "a float", lambda: float(days())),
    right("06-chair-days", "a numpy integer from .dt.days", lambda: (
        ev()["date"] - ev().loc["2019-10-nam-baku-summit", "date"]).dt.days[
            "2024-01-nam-kampala-summit"]),
    wrong("06-chair-days", "the duration, not its days",
          lambda: ev().loc["2024-01-nam-kampala-summit", "date"]
          - ev().loc["2019-10-nam-baku-summit", "date"], "take its .days"),
    wrong("06-chair-days", "the other way round", lambda: days(a="2019-10-nam-baku-summit",
                                                                b="2024-01-nam-kampala-summit"),
          "-1547 is too low"),
    wrong("06-chair-days", "from the Baku summit's closing day", lambda: (
        ev().loc["2024-01-nam-kampala-summit", "date"]
        - ev().loc["2019-10-nam-baku-summit", "end_date"]).days, "1546 is too low"),
    wrong("06-chair-days", "from Bali, not Baku", lambda: days(b="2011-05-nam-admits-azerbaijan"),
          "is too high"),

    right("06-members-2012", "a set (the solution)", members),
    right("06-members-2012", "a sorted list", lambda: sorted(members())),
    right("06-members-2012", "a Series", lambda: pd.Series(sorted(members()))),
    wrong("06-members-2012", "observers counted", lambda: members(statuses=("member", "observer")),
          "0 missing, 1 that should not be there"),
    wrong("06-members-2012", "on the day of the vote", lambda: members("2008-03-14"),
          "2 missing"),
    wrong("06-members-2012", "one id as a text", lambda: "aze", "not a single text"),

    right("06-texts-chart", "ax.bar (the solution)", bars()),
    right("06-texts-chart", "ax.barh", bars(method="barh")),
    right("06-texts-chart", "Series.plot.bar", lambda: blocs.statements_by_year(
        "nam", range(2006, 2025)).plot.bar(title="NAM")),
    wrong("06-texts-chart", "2006 to 2023", bars(years=range(2006, 2024)),
          "expected 19 bars, found 18"),
    wrong("06-texts-chart", "only the years with a text", bars_of_years_with_texts,
          "expected 19 bars, found 7"),
    wrong("06-texts-chart", "a line", lambda: blocs.statements_by_year(
        "nam", range(2006, 2025)).plot(title="NAM"), "expected a bar chart"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
