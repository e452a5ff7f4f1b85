"""Lesson 01's pure functions: the timeline and the displacement chart; its checked questions."""

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import bars, params, right, verify, wrong  # noqa: E402

from karabakh_course import data  # noqa: E402
from karabakh_course import map as kmap  # noqa: E402
from karabakh_course.lessons import l01  # noqa: E402


def toy_events():
    return pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "date": pd.to_datetime(["1988-02-20", "1988-11-01", "1990-01-19", "1994-05-12"]),
        "date_precision": ["day", "month", "day", "day"],
        "title": ["A", "B", "C <x>", "D"],
        "category": ["politics", "violence", "violence", "ceasefire"],
        "source_ids": ["s1", "s1;s2", "s2", "s3"],
    })


@pytest.fixture
def toy(tables):
    tables["events"] = toy_events()


def test_filter_events_by_years_and_categories(toy):
    assert list(l01.filter_events((1988, 1990))["id"]) == ["a", "b", "c"]
    assert list(l01.filter_events((1990, 1988))["id"]) == ["a", "b", "c"]  # either order
    assert list(l01.filter_events((1988, 1994), ("violence",))["id"]) == ["b", "c"]
    assert l01.filter_events((1991, 1993)).empty


def test_events_per_year_covers_every_year_of_the_range(toy):
    counts = l01.events_per_year((1988, 1994))
    assert list(counts.index) == list(range(1988, 1995))
    assert counts.loc[1988].sum() == 2 and counts.loc[1989].sum() == 0
    assert counts["violence"].sum() == 2
    assert int(counts.to_numpy().sum()) == 4


def test_count_line_and_table(toy):
    assert l01.count_line(1, (1988, 1994)) == \
        "<p><b>1 event</b> shown, 1988–1994 (all categories).</p>"
    assert "(war, law)" in l01.count_line(3, (1992, 1992), ("war", "law"))
    html = l01._events_table_html(l01.filter_events((1988, 1994)))
    assert "C &lt;x&gt;" in html and "November 1988" in html and "s1, s2" in html
    assert "No events match" in l01._events_table_html(toy_events().iloc[0:0])
    assert "and 2 more (of 4 rows)" in l01._events_table_html(toy_events(), limit=2)
    widget = l01.timeline((1988, 1994), ("violence",)).html
    assert "<b>2 events</b> shown" in widget and "C &lt;x&gt;" in widget


def test_timeline_chart_is_finished(toy):
    fig = l01.timeline_chart((1988, 1994))
    assert "4 events" in fig.course_alt and "1988" in fig.course_alt
    assert len(stacks(fig)) == 3  # one stack (one collection of bars) per category
    assert fig.axes[0].get_title(loc="left") == "Events per year by category, 1988–1994"
    assert len(stacks(l01.timeline_chart((1988, 1994), ("violence",)))) == 1


def stacks(fig) -> list[str]:
    """The labelled collections of bars: one per category."""
    return [c.get_label() for c in fig.axes[0].collections
            if c.get_label() and not c.get_label().startswith("_")]


def test_timeline_widget_on_the_course_data():
    r = l01.timeline((1988, 1994), ())
    assert "shown, 1988–1994 (all categories)" in r.html and r.png.startswith(b"\x89PNG")
    after = l01.timeline((1988, 1995), ())
    assert "shown, 1988–1995" in after.html
    assert "No events match" in l01.timeline((1923, 1923), ("war",)).html


def test_slider_bounds_leave_room_to_the_right():
    lo, hi = l01.year_bounds()
    assert lo <= 1988 and hi >= max(1995, data.as_of().year)
    controls = l01._timeline_controls()
    assert controls["years"].value == (1988, 1994)
    assert controls["years"].label == "Years" and controls["categories"].label == "Categories"


def test_displacement_table_and_chart():
    table = l01.displacement_table()
    assert set(table["measure"]) == {"refugees", "internally-displaced", "displaced"}
    # refugees and IDPs never share a group
    for _, part in table.groupby("group"):
        assert part["measure"].nunique() == 1 or part["group"].iloc[0].startswith("Combined")
    assert (table["low"] <= table["high"]).all()
    assert list(dict.fromkeys(table["group"])) == list(l01.GROUPS.values())
    assert len(table) == (data.load("figures")["group"].fillna("") != "").sum()
    fig = l01.displacement_chart()
    assert "185,000 to 250,000 across 4 sources" in fig.course_alt
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(table)


def test_displacement_table_rejects_unknown_groups():
    with pytest.raises(KeyError, match="unknown group.*no-such-group; the groups are"):
        l01.displacement_table(["aze-idps", "no-such-group"])
    assert set(l01.displacement_table(["aze-idps"])["id"]) == {"i-aze-wp", "i-aze-idmc-2003",
                                                               "i-aze-deng-1994"}


def test_tolls_come_from_the_content_file():
    t = l01.tolls_table()
    assert list(t.columns) == ["population", "reported_by", "low", "high"]
    assert {"k-sumgait-ussr-prosecutor", "k-khojaly-hrw", "k-maragha-cox"} <= set(t.index)
    assert (data.load("figures").loc[t.index, "measure"] == "killed").all()


def test_map_label_offsets():
    places = data.load("places")
    fig = kmap.region_map(places, label_offsets={"shusha": (-6, -4)})
    texts = {t.get_text(): t for t in fig.axes[0].texts}
    assert texts["Shusha/Shushi"].get_ha() == "right"
    assert texts["Khankendi/Stepanakert"].get_ha() == "left"


# --- checked questions ------------------------------------------------------------------------

PARTY = {"party-government", "party-affiliated"}


def events():
    return data.load("events")


def war_events(years=(1992, 1993)):
    ev = events()
    return ((ev["category"] == "war") & ev["date"].dt.year.between(*years)).sum()


def refugee_rows(measures=("refugees",), by="group"):
    """The figures of Azerbaijani refugees from Armenia: by the ``group`` column (right), or by
    matching the free-text population (the plausible wrong filters)."""
    f = data.load("figures")
    pop = f["population"]
    who = {"group": f["group"] == "aze-refugees-from-armenia",
           "startswith": pop.str.startswith("Azerbaijanis from Armenia"),
           "exact": pop == "Azerbaijanis from Armenia"}[by]
    return f[f["measure"].isin(measures) & who]


def aze_refugees():
    return refugee_rows()[["reported_by", "low", "high"]]


def per_year(first=1988, last=1994):
    ev = events()
    years = ev["date"].dt.year
    return ev[years.between(first, last)].groupby(years).size()


def chart(counts, method="bar", title="Events per year"):
    return bars(counts, method, title)


def figures_whose_stances(keep):
    sources, figures = data.load("sources"), data.load("figures")
    return {fid for fid, ids in figures["source_ids"].items()
            if keep({sources.loc[s, "stance"] for s in data.split_ids(ids)})}


def party_only():
    return figures_whose_stances(lambda stances: stances <= PARTY)


ANSWERS = [
    right("01-war-events", "a numpy integer (sum of a mask)", war_events),
    right("01-war-events", "int()", lambda: int(war_events())),
    right("01-war-events", "len() of the rows", lambda: len(
        events()[(events()["category"] == "war") & events()["date"].dt.year.isin([1992, 1993])])),
    right("01-war-events", "a float", lambda: float(war_events())),
    wrong("01-war-events", "no year filter", lambda: war_events((1900, 2100)), "too high"),
    wrong("01-war-events", "after 1992 instead of from 1992", lambda: war_events((1993, 1993)),
          "too low"),
    wrong("01-war-events", "the mask, not its count",
          lambda: events()["category"] == "war", "expected a single number, got a Series"),
    wrong("01-war-events", "the rows, not their count",
          lambda: events()[events()["category"] == "war"], "expected a number, got DataFrame"),

    right("01-aze-refugees", "loc[mask, columns] (the solution)", aze_refugees),
    right("01-aze-refugees", "columns in another order",
          lambda: aze_refugees()[["high", "low", "reported_by"]]),
    right("01-aze-refugees", "every column kept", refugee_rows),
    right("01-aze-refugees", "sorted, index reset",
          lambda: aze_refugees().sort_values("low").reset_index(drop=True)),
    right("01-aze-refugees", "floats",
          lambda: aze_refugees().astype({"low": float, "high": float})),
    right("01-aze-refugees", "reported_by as the index",
          lambda: aze_refugees().set_index("reported_by")),
    wrong("01-aze-refugees", "every figure whose population starts so (lesson 02's too)",
          lambda: refugee_rows(by="startswith")[["reported_by", "low", "high"]],
          f"expected {len(aze_refugees())} rows, got "
          f"{len(refugee_rows(by='startswith'))}"),
    wrong("01-aze-refugees", "population == a text",
          lambda: refugee_rows(by="exact")[["reported_by", "low", "high"]],
          f"expected {len(aze_refugees())} rows, got {len(refugee_rows(by='exact'))}"),
    wrong("01-aze-refugees", "a column short", lambda: aze_refugees()[["reported_by", "low"]],
          "missing column(s): high"),
    wrong("01-aze-refugees", "one column as a Series", lambda: aze_refugees()["low"],
          "expected a pandas DataFrame, got Series"),

    right("01-events-chart", "Series.plot.bar (the solution)",
          lambda: per_year().plot.bar(title="Events per year").figure),
    right("01-events-chart", "Series.plot.barh", lambda: per_year().plot.barh(title="t")),
    right("01-events-chart", "ax.bar", chart(per_year)),
    right("01-events-chart", "value_counts of the years",
          lambda: events()["date"].dt.year.loc[lambda y: y.between(1988, 1994)]
          .value_counts().sort_index().plot(kind="bar", title="Events per year")),
    wrong("01-events-chart", "1988 to 1993", chart(lambda: per_year(1988, 1993)),
          "expected 7 bars, found 6"),
    wrong("01-events-chart", "a running total", chart(lambda: per_year().cumsum()),
          "the number of bars is right but their values are not"),
    wrong("01-events-chart", "no title", chart(per_year, title=""), "give the chart a title"),
    wrong("01-events-chart", "a line", lambda: per_year().plot(title="t"),
          "expected a bar chart"),

    right("01-party-only", "a set (the solution)", party_only),
    right("01-party-only", "a sorted list", lambda: sorted(party_only())),
    right("01-party-only", "a Series of ids", lambda: pd.Series(sorted(party_only()))),
    right("01-party-only", "the index of the figures' rows",
          lambda: data.load("figures").loc[sorted(party_only())].index),
    wrong("01-party-only", "any party source, not all",
          lambda: figures_whose_stances(lambda stances: bool(stances & PARTY)),
          "0 missing, 1 that should not be there"),
    wrong("01-party-only", "governments only",
          lambda: figures_whose_stances(lambda stances: stances <= {"party-government"}),
          "missing, 0 that should not be there"),
    wrong("01-party-only", "the figures' rows, not their ids",
          lambda: data.load("figures").loc[sorted(party_only())],
          f"got a DataFrame with {len(data.load('figures').columns)} columns"),
    wrong("01-party-only", "one id as a text", lambda: sorted(party_only())[0],
          "not a single text"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
