"""Lesson 03's pure functions: instrument spans, the Gantt chart, and the offers comparison;
its checked questions."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import params, right, verify, wrong  # noqa: E402

from karabakh_course import data  # noqa: E402
from karabakh_course.lessons import l03  # noqa: E402


@pytest.fixture(scope="module")
def instruments():
    return data.load("instruments")


@pytest.fixture(scope="module")
def offers():
    return data.load("offers")


def tiny_offers():
    return pd.DataFrame({
        "id": ["a", "b", "c"], "kind": ["agreement", "civilian-mission", "mediation-format"],
        "to_actor_ids": ["arm", "arm", "arm;aze"], "year": [1996, 2023, 2021],
        "what": ["PCA", "Mission", "Talks"]})


def test_every_kind_has_one_family(instruments, offers):
    kinds = set(instruments["kind"]) | set(offers["kind"])
    assert all(l03.family_of(k) in l03.FAMILIES for k in kinds)
    families = [kinds for _, kinds in l03.FAMILIES.values()]
    assert sum(len(k) for k in families) == len(set().union(*families)), "a kind in two families"
    assert l03.family_label("missions") == "Missions and security"
    with pytest.raises(KeyError):
        l03.family_of("no-such-kind")


def test_spans_draw_open_instruments_to_the_as_of_date(instruments):
    as_of = pd.Timestamp("2026-11-28")
    spans = l03.instrument_spans(as_of)
    assert len(spans) == len(instruments)
    assert spans["start"].is_monotonic_increasing
    assert (spans.loc[spans["open"], "end_drawn"] == as_of).all()
    assert spans.loc["eumcap", "days"] == 60
    assert spans.loc["eusr-klaar", "label"] == "EUSR Klaar (both)"
    assert spans.loc["eusr-morel-georgia", "label"] == "EUSR Morel (Georgia crisis only)"


def test_gantt_is_a_finished_chart(instruments):
    fig = l03.instruments_gantt(as_of="2026-11-28")
    assert fig.course_alt.startswith(f"Horizontal bars for {len(instruments)} EU instruments")
    assert len(fig.axes[0].patches) == len(instruments)


def test_offers_counts_count_joint_offers_for_each(tables):
    tables["offers"] = tiny_offers()
    assert l03.offer_counts() == {"Armenia": 3, "Azerbaijan": 1}
    assert l03.offer_counts("missions") == {"Armenia": 1, "Azerbaijan": 0}
    assert l03.offer_counts("envoys") == {"Armenia": 1, "Azerbaijan": 1}


def test_side_by_side_has_one_row_per_year(tables):
    tables["offers"] = tiny_offers()
    table = l03.offers_side_by_side()
    assert list(table.columns) == ["Year", "Armenia", "Azerbaijan"]
    assert list(table["Year"]) == [1996, 2021, 2023]
    assert table.loc[0, "Azerbaijan"] == "—"
    assert table.loc[1, "Azerbaijan"] == "Talks"
    with pytest.raises(KeyError, match="unknown family 'Missions and security'"):
        l03.offers_for("Missions and security")  # a label is not an id


def test_widget_shows_the_count_line():
    r = l03.eu_offers("missions")
    assert "Offers listed: Armenia 3, Azerbaijan 0." in r.html
    assert "Type: Missions and security." in r.html
    assert "Armenia 12" in l03.eu_offers(l03.ALL).html


# --- checked questions ------------------------------------------------------------------------

def michel_meetings(first=2021, last=2023):
    ev = data.load("events")
    return (ev["id"].str.contains("michel-meeting") & ev["date"].dt.year.between(first, last)).sum()


def envoys(ended=True, caucasus=True):
    ins = data.load("instruments")
    keep = ins["kind"] == "special-representative"
    if caucasus:
        keep &= ins["instrument"].str.contains("South Caucasus")
    if ended:
        keep &= ins["end"].notna()
    return ins[keep]


def eusr_days(**kw):
    e = envoys(**kw)
    return (e["end"] - e["start"]).dt.days


def envoy_bars(days, method="bar", title="Days in office"):
    def draw():
        fig, ax = plt.subplots()
        s = days()
        getattr(ax, method)(list(s.index), list(s))
        if title:
            ax.set_title(title)
        return fig
    return draw


def pace_share(parts=("votes_for", "votes_against", "abstentions"), scale=100, digits=1):
    r = data.load("resolutions").loc["pace-res-2527-2024"]
    return round(scale * r["votes_for"] / sum(r[p] for p in parts), digits)


ANSWERS = [
    right("03-michel-meetings", "int() of a mask's sum (the solution)",
          lambda: int(michel_meetings())),
    right("03-michel-meetings", "a numpy integer", michel_meetings),
    right("03-michel-meetings", "a float", lambda: float(michel_meetings())),
    wrong("03-michel-meetings", "2021 to 2022", lambda: michel_meetings(2021, 2022),
          "4 is too low"),
    wrong("03-michel-meetings", "2022 to 2023", lambda: michel_meetings(2022, 2023),
          "5 is too low"),
    wrong("03-michel-meetings", "the meetings' rows",
          lambda: data.load("events").query("id.str.contains('michel-meeting')"),
          "expected a number, got DataFrame"),

    right("03-eusr-days", ".dt.days (the solution)", eusr_days),
    right("03-eusr-days", "a one-column frame", lambda: eusr_days().to_frame("days")),
    right("03-eusr-days", "floats (divided by one day)",
          lambda: (envoys()["end"] - envoys()["start"]) / pd.Timedelta(days=1)),
    right("03-eusr-days", "sorted by start",
          lambda: eusr_days().loc[envoys().sort_values("start").index]),
    wrong("03-eusr-days", "the serving envoy kept", lambda: eusr_days(ended=False),
          "expected 5 rows, got 6"),
    wrong("03-eusr-days", "the Georgia envoy included", lambda: eusr_days(caucasus=False),
          "expected 5 rows, got 6"),
    wrong("03-eusr-days", "durations, not days",
          lambda: envoys()["end"] - envoys()["start"], "some values are not"),
    wrong("03-eusr-days", "years, not days", lambda: eusr_days() // 365, "some values are not"),
    wrong("03-eusr-days", "indexed by name", lambda: eusr_days().set_axis(envoys()["instrument"]),
          "the index (labels) is not right"),

    right("03-eusr-chart", "ax.bar (the solution)", envoy_bars(eusr_days)),
    right("03-eusr-chart", "Series.plot.bar", lambda: eusr_days().plot.bar(title="Days")),
    right("03-eusr-chart", "ax.barh", envoy_bars(eusr_days, "barh")),
    wrong("03-eusr-chart", "years, not days", envoy_bars(lambda: eusr_days() / 365.25),
          "their values are not"),
    wrong("03-eusr-chart", "the Georgia envoy included",
          envoy_bars(lambda: eusr_days(caucasus=False)), "expected 5 bars, found 6"),
    wrong("03-eusr-chart", "no title", envoy_bars(eusr_days, title=""), "give the chart a title"),

    right("03-pace-share", "rounded (the solution)", pace_share),
    right("03-pace-share", "not rounded", lambda: pace_share(digits=6)),
    right("03-pace-share", "a numpy float", lambda: np.float64(pace_share())),
    wrong("03-pace-share", "a fraction, not a percentage", lambda: pace_share(scale=1, digits=3),
          "0.844 is too low"),
    wrong("03-pace-share", "abstentions left out",
          lambda: pace_share(("votes_for", "votes_against")), "88.4 is too high"),
    wrong("03-pace-share", "rounded to a whole number", lambda: pace_share(digits=0),
          "84.0 is too low"),
    wrong("03-pace-share", "a text", lambda: f"{pace_share()}%", "expected a number, got str"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
