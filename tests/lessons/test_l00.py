"""Lesson 00: its pure functions (data tour, names, stance chart), and its checked questions:
right answers in a learner's forms, wrong ones with hints."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import params, right, verify, wrong  # noqa: E402

from karabakh_course import data  # noqa: E402
from karabakh_course.lessons import l00  # noqa: E402


def sources():
    return data.load("sources")


def by_stance():
    return sources().groupby("stance").size()


def bars(counts, method="bar", title="Sources by stance"):
    def draw():
        fig, ax = plt.subplots()
        getattr(ax, method)(list(map(str, counts().index)), list(counts()))
        if title:
            ax.set_title(title)
        return fig
    return draw


def pyplot_bars():
    plt.figure()
    s = by_stance()
    plt.bar(s.index, s)
    plt.suptitle("Sources by stance")
    return plt.gcf()


ANSWERS = [
    right("00-count-sources", "len()", lambda: len(sources())),
    right("00-count-sources", "shape[0]", lambda: sources().shape[0]),
    right("00-count-sources", "a float", lambda: float(len(sources()))),
    right("00-count-sources", "a numpy integer", lambda: np.int64(len(sources()))),
    right("00-count-sources", "count() of the id column", lambda: sources()["id"].count()),
    wrong("00-count-sources", "one short", lambda: len(sources()) - 1, "too low"),
    wrong("00-count-sources", "the columns, not the rows", lambda: len(sources().columns),
          "too low"),
    wrong("00-count-sources", "the shape", lambda: sources().shape, "expected a number, got tuple"),
    wrong("00-count-sources", "count() of every column", lambda: sources().count(),
          f"expected a single number, got a Series of {len(sources().columns)} values"),
    wrong("00-count-sources", "a text", lambda: str(len(sources())), "expected a number, got str"),

    right("00-sources-by-stance", "groupby().size()", by_stance),
    right("00-sources-by-stance", "value_counts()", lambda: sources()["stance"].value_counts()),
    right("00-sources-by-stance", "a one-column frame", lambda: by_stance().to_frame("n")),
    right("00-sources-by-stance", "reset_index() of value_counts()",
          lambda: sources()["stance"].value_counts().reset_index()),
    right("00-sources-by-stance", "floats", lambda: by_stance().astype(float)),
    right("00-sources-by-stance", "one column's count()",
          lambda: sources().groupby("stance")["id"].count()),
    wrong("00-sources-by-stance", "count() of every column",
          lambda: sources().groupby("stance").count(),
          "expected a pandas Series (one value per stance), got a DataFrame with "
          f"{len(sources().columns) - 1} columns"),
    wrong("00-sources-by-stance", "grouped by kind", lambda: sources().groupby("kind").size(),
          "Group by the 'stance' column"),
    wrong("00-sources-by-stance", "shares, not counts",
          lambda: sources()["stance"].value_counts(normalize=True), "some values are not"),
    wrong("00-sources-by-stance", "a dict", lambda: by_stance().to_dict(),
          "expected a pandas Series, got dict"),

    right("00-stance-chart", "Series.plot.bar (the solution)",
          lambda: by_stance().plot.bar(title="Sources by stance")),
    right("00-stance-chart", "Series.plot.barh, as the lesson draws it",
          lambda: by_stance().plot.barh(title="Sources by stance").figure),
    right("00-stance-chart", "ax.bar", bars(by_stance)),
    right("00-stance-chart", "ax.barh", bars(by_stance, "barh")),
    right("00-stance-chart", "plt.bar with a figure title", pyplot_bars),
    wrong("00-stance-chart", "no title", bars(by_stance, title=""), "give the chart a title"),
    wrong("00-stance-chart", "a line", lambda: by_stance().plot(title="Sources by stance"),
          "expected a bar chart"),
    wrong("00-stance-chart", "bars by kind", bars(lambda: sources().groupby("kind").size()),
          f"expected {sources()['stance'].nunique()} bars, found {sources()['kind'].nunique()}"),
    wrong("00-stance-chart", "shares, not counts",
          bars(lambda: sources()["stance"].value_counts(normalize=True)),
          "the number of bars is right but their values are not"),
    wrong("00-stance-chart", "the Series, not the chart", by_stance,
          "expected a matplotlib Figure or Axes"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)


def test_table_summary_describes_the_table():
    s = l00.table_summary("ga_votes")
    assert s["rows"] == len(data.load("ga_votes"))
    assert "vote" in s["columns"] and len(s["head"]) == 3


@pytest.mark.parametrize("table", data.table_names())
def test_data_tour_shows_every_table(table):
    html = l00.data_tour(table).html
    assert f"<code>{table}</code>" in html and f"{len(data.load(table))} rows" in html


def test_name_entry_pairs_forms_with_their_users():
    e = l00.name_entry("g-khankendi-stepanakert")
    assert len(e["forms"]) >= 2 and len(e["used_by"]) >= 2
    assert "Khankendi" in e["used_by"][0] and "Stepanakert" in e["used_by"][1]
    assert all(s in data.load("sources").index for s in e["source_ids"])


def test_stance_counts_add_up_to_every_source():
    s = l00.stance_counts()
    assert int(s.sum()) == len(data.load("sources"))
    assert (s >= 0).all()


def test_stance_chart_has_one_bar_per_stance_and_alt_text():
    fig = l00.stance_chart()
    bars = [p for c in fig.axes[0].containers for p in c]
    assert len(bars) == len(l00.stance_counts())
    assert "sources by stance" in fig.course_alt
