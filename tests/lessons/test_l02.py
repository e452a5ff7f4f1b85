"""Lesson 02's pure functions: the four resolutions, the 2008 vote, the displacement table."""

import matplotlib

matplotlib.use("agg")

import pytest  # noqa: E402
from lesson_answers import bars, params, right, verify, wrong  # noqa: E402

from karabakh_course import data, votes  # noqa: E402
from karabakh_course.lessons import l02  # noqa: E402


def test_unsc_table_names_the_right_places():
    t = l02.unsc_1993_table().set_index("symbol")["places named"]
    assert t["S/RES/822 (1993)"] == "Kalbajar/Karvachar"
    assert t["S/RES/853 (1993)"] == "Aghdam/Akna"
    assert t["S/RES/874 (1993)"] == "none"
    assert "Zangilan/Kovsakan" in t["S/RES/884 (1993)"] and "Horadiz" in t["S/RES/884 (1993)"]
    assert not any("Fuzuli" in v for v in t)


def test_unsc_text_and_map():
    assert l02.unsc_1993_ids() == ("unsc-822-1993", "unsc-853-1993", "unsc-874-1993",
                                   "unsc-884-1993")
    for rid in l02.unsc_1993_ids():
        text = l02.unsc_text(rid)
        for part in ("Places named", "Demands", "Of whom", "Wording about the forces", "CSCE"):
            assert part in text
        assert "unanimous (15–0–0)" in text
    assert "Kelbadjar" in l02.unsc_text("unsc-822-1993")
    assert "Government of Armenia" in l02.unsc_text("unsc-853-1993")
    assert "&quot;" not in l02.unsc_text("unsc-822-1993")
    assert "“local Armenian forces”" in l02.unsc_text("unsc-822-1993")
    assert "3313th meeting" in l02.unsc_text("unsc-884-1993")
    assert "wp-unsc-884; wp-list-unsc-nk" in l02.unsc_text("unsc-884-1993")
    fig = l02.unsc_map("unsc-874-1993")
    assert "no place is highlighted" in fig.course_alt


def test_pakistan_is_the_only_disagreement():
    row = l02.pakistan_row()
    assert list(row["country"]) == ["Pakistan"]
    assert (row["vote"].iloc[0], row["vote_alt"].iloc[0]) == ("yes", "abstain")
    t = l02.tally_by_coding()
    assert list(t.iloc[:, 0]) == [39, 7, 100, 46] and list(t.iloc[:, 1]) == [38, 7, 101, 46]


def test_bloc_widget_lines():
    assert "EU: 0 yes, 1 no, 26 abstain, 0 absent" in l02.ga_votes_by_bloc("eu").html
    assert "GUAM: 4 yes" in l02.ga_votes_by_bloc("guam").html
    nam = l02.ga_votes_by_bloc("nam")
    assert nam.png is None and "2011" in nam.html
    assert "118 states" in nam.html and "ria-2011-aze-nam" in nam.html  # the figure's source
    assert "dataset codes it: abstain" in l02.ga_votes_by_bloc("oic").html


def test_displacement_table_says_whose_figure():
    t = l02.displacement_table()
    assert t["reported by"].str.len().min() > 0
    assert "180,000–198,000" in set(t["figure"])


def test_the_chart_counts_only_blocs_with_verified_members():
    assert l02.blocs() == ("eu", "cis", "csto", "oic", "guam", "nam")
    assert l02.counted_blocs() == ("eu", "cis", "csto", "oic", "guam")
    assert set(l02.bloc_counts()["bloc"]) == set(l02.counted_blocs())
    assert "inside five blocs" in l02.blocs_chart().axes[0].get_title(loc="left")


# --- checked questions ------------------------------------------------------------------------

GA = "unga-62-243-2008"
BLOCS = ["eu", "guam", "oic"]


def roll_call():
    gv = data.load("ga_votes")
    return gv[gv["resolution_id"] == GA]


def yes_votes(coding="vote"):
    return (roll_call()[coding] == "yes").sum()


def alt_coding():
    rc = roll_call()
    return rc["vote_alt"].where(rc["vote_alt"].fillna("") != "", rc["vote"])


def eu_roll(day="2008-03-14"):
    iso = data.load("actors").loc[votes.members_on("eu", day), "iso3"]
    rc = roll_call()
    return rc[rc["iso3"].isin(list(iso))]


def by_bloc(**kw):
    return votes.votes_by_bloc(GA, BLOCS, **kw)


def vote_bars(counts, method="bar", title="Resolution 62/243: the vote"):
    return bars(counts, method, title)


def vote_counts():
    return roll_call()["vote"].value_counts()


ANSWERS = [
    right("02-count-yes", "int() of a mask's sum (the solution)", lambda: int(yes_votes())),
    right("02-count-yes", "a numpy integer", yes_votes),
    right("02-count-yes", "value_counts()['yes']", lambda: vote_counts()["yes"]),
    right("02-count-yes", "vote_totals", lambda: votes.vote_totals(GA)["yes"]),
    wrong("02-count-yes", "the dataset's coding", lambda: yes_votes("vote_alt"), "too low"),
    wrong("02-count-yes", "the no votes", lambda: (roll_call()["vote"] == "no").sum(), "too low"),
    wrong("02-count-yes", "every count, not the yes count", vote_counts,
          "expected a single number, got a Series of 4 values"),

    right("02-yes-alt", "where() over the two codings (the solution)",
          lambda: int((alt_coding() == "yes").sum())),
    right("02-yes-alt", "vote_totals(coding='vote_alt')",
          lambda: votes.vote_totals(GA, coding="vote_alt")["yes"]),
    right("02-yes-alt", "a float", lambda: float((alt_coding() == "yes").sum())),
    wrong("02-yes-alt", "the main coding", yes_votes, "39 is too high"),
    wrong("02-yes-alt", "fillna, which leaves the empty texts",
          lambda: (roll_call()["vote_alt"].fillna(roll_call()["vote"]) == "yes").sum(),
          "0 is too low"),
    wrong("02-yes-alt", "the Series of the alternative coding", alt_coding,
          "expected a single number, got a Series of 192 values"),

    right("02-eu-votes", "groupby().size() (the solution)",
          lambda: eu_roll().groupby("vote").size()),
    right("02-eu-votes", "value_counts()", lambda: eu_roll()["vote"].value_counts()),
    right("02-eu-votes", "a one-column frame",
          lambda: eu_roll().groupby("vote")[["iso3"]].count()),
    right("02-eu-votes", "reset_index()", lambda: eu_roll().groupby("vote").size().reset_index()),
    wrong("02-eu-votes", "the EU of 2004, before its enlargement",
          lambda: eu_roll("2004-01-01").groupby("vote").size(), "some values are not"),
    wrong("02-eu-votes", "actor ids matched against iso3", lambda: roll_call()[
        roll_call()["iso3"].isin(votes.members_on("eu", "2008-03-14"))].groupby("vote").size(),
          "expected 2 rows, got 0"),
    wrong("02-eu-votes", "count() of every column", lambda: eu_roll().groupby("vote").count(),
          "got a DataFrame with 6 columns"),
    wrong("02-eu-votes", "the vote of every state", vote_counts, "expected 2 rows, got 4"),

    right("02-bloc-frame", "votes_by_bloc (the solution)", by_bloc),
    right("02-bloc-frame", "columns in another order",
          lambda: by_bloc()[["states", "vote", "bloc"]]),
    right("02-bloc-frame", "sorted by count", lambda: by_bloc().sort_values("states")),
    right("02-bloc-frame", "bloc and vote as the index",
          lambda: by_bloc().set_index(["bloc", "vote"])),
    right("02-bloc-frame", "a Series indexed by bloc and vote",
          lambda: by_bloc().set_index(["bloc", "vote"])["states"]),
    wrong("02-bloc-frame", "two blocs", lambda: votes.votes_by_bloc(GA, ["eu", "guam"]),
          "expected 12 rows, got 8"),
    wrong("02-bloc-frame", "the dataset's coding", lambda: by_bloc(coding="vote_alt"),
          "the shape is right but some values are not"),
    wrong("02-bloc-frame", "zeros left out", lambda: by_bloc().query("states > 0"),
          "expected 12 rows, got 6"),
    wrong("02-bloc-frame", "a wide table",
          lambda: by_bloc().pivot(index="bloc", columns="vote", values="states"),
          "missing column(s): bloc, vote, states"),

    right("02-vote-chart", "ax.bar (the solution)", vote_bars(vote_counts)),
    right("02-vote-chart", "value_counts().plot.bar",
          lambda: vote_counts().plot.bar(title="The vote")),
    right("02-vote-chart", "ax.barh", vote_bars(vote_counts, "barh")),
    right("02-vote-chart", "vote_totals().plot(kind='barh')",
          lambda: votes.vote_totals(GA).plot(kind="barh", title="The vote").figure),
    wrong("02-vote-chart", "the dataset's coding",
          vote_bars(lambda: votes.vote_totals(GA, coding="vote_alt")),
          "the number of bars is right but their values are not"),
    wrong("02-vote-chart", "absent states left out",
          vote_bars(lambda: vote_counts().drop("absent")), "expected 4 bars, found 3"),
    wrong("02-vote-chart", "no title", vote_bars(vote_counts, title=""), "give the chart a title"),
    wrong("02-vote-chart", "a pie", lambda: vote_counts().plot.pie(title="The vote"),
          "expected a bar chart"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
