"""Lesson 03's pure functions: instrument spans, the Gantt chart, and the offers comparison."""

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from karabakh_course import checks, data  # noqa: E402
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


@pytest.mark.parametrize("qid,answer", [("03-michel-meetings", 6), ("03-pace-share", 84.4)])
def test_value_answers(qid, answer):
    assert checks.evaluate(qid, answer).correct
    assert not checks.evaluate(qid, answer + 1).correct
