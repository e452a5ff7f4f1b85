"""Lesson 00's pure functions: the data tour, the names widget and the stance chart."""

import matplotlib

matplotlib.use("agg")
import pytest  # noqa: E402

from karabakh_course import data  # noqa: E402
from karabakh_course.lessons import l00  # noqa: E402


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
