"""Lesson 10: UCDP deaths with their ranges, figures by source, the map's points, the year
slider."""

import pytest
from lesson_answers import bars, params, right, verify, wrong

from karabakh_course import data
from karabakh_course.lessons import l10


def test_ucdp_totals_add_both_states_and_keep_the_range():
    d = l10.deaths_by_year()
    assert d.loc[2020].to_dict() == {"low": 7548, "best": 7646, "high": 9077}
    assert d.loc[2016, "best"] == 141
    assert d.index.min() == 1992 and d.index.max() == 2022, "the extract covers 1992-2022"
    assert (d["low"] <= d["best"]).all()
    raw = data.load("battle_deaths")
    assert raw.loc["ucdp-ged-arm-2022", "high"] < raw.loc["ucdp-ged-arm-2022", "best"]
    assert "doubtful" in raw.loc["ucdp-ged-arm-2022", "note"]


def test_figures_say_whose_they_are():
    t = l10.figures_table("killed-2020")
    assert list(t["Figure"]) == ["3,825", "2,906"]
    assert all("Armenia" in w or "Azerbaijan" in w for w in t["Whose figure"])
    fled = l10.figures_table("fled-2023")
    assert "UNHCR" in fled.loc["unhcr-2023-09-refugees-100000", "Whose figure"]
    assert fled.loc["arm-gov-2023-09-30-refugees", "Figure"] == "100,417"


def test_charts_describe_what_they_show():
    alt = l10.deaths_chart().course_alt
    assert "2020: 7,646 (range 7,548–9,077)" in alt and "2023" in alt
    alt2 = l10.by_source_chart().course_alt
    assert "3,825" in alt2 and "2,906" in alt2 and "115,183" in alt2


def test_map_points_are_sourced_places_with_years():
    ch = l10.changed_hands()
    assert ch.loc["shusha", "Year"] == 2020 and ch.loc["khankendi", "Year"] == 2023
    assert ch.loc["lachin", "Year"] == 2022
    assert (ch["Sources"].str.len() > 0).all()
    alt = l10.outcomes_map().course_alt
    assert "Khankendi/Stepanakert in 2023" in alt and "no line is drawn" in alt


def test_held_periods_follow_the_year():
    assert l10.held_in(1988).text.startswith("Nagorno-Karabakh was an autonomous oblast")
    assert "1994" in l10.held_in(2019).text
    assert "September 2023" in l10.held_in(2025).text
    assert list(l10.control_events(2020)["Change"])[0] == "Azerbaijan takes Shusha/Shushi"
    assert l10.control_events(2019).empty


def test_year_widget_answers_its_question():
    y2020 = l10.year_view(2020)
    assert "Year shown: 2020" in y2020.html and "Who held what" in y2020.html
    assert "Azerbaijan takes Shusha/Shushi" in y2020.html
    assert y2020.png and "2020 highlighted" in y2020.alt
    y1993 = l10.year_view(1993)
    assert "S/RES/822 (1993)" in y1993.html and "Kalbajar/Karvachar" in y1993.html
    y2021 = l10.year_view(2021)
    assert "Year shown: 2021" in y2021.html and "Year shown: 2020" not in y2021.html
    assert "Council of Europe" in l10.year_view(2010).html  # memberships on 1 July


def test_year_widget_reuses_one_figure_and_lays_it_out_once():
    a, b = l10.year_chart(1990), l10.year_chart(2023)
    assert a is b
    assert a.get_layout_engine() is None, "laid out once by charts.finish: no layout at update"
    (red,) = a.course_layers.changing  # one bar drawn over the background, in vermillion
    assert tuple(red.get_facecolor()[0][:3]) == pytest.approx((0.835, 0.369, 0.0), abs=0.01)
    (verts,) = red.get_paths()
    assert verts.vertices[:, 0].min() == pytest.approx(2023 - 0.4)


def test_activity_counts_cover_every_year():
    s = l10.activity_by_year()
    assert s.index.min() == 1988 and s.index.max() == 2025 and len(s) == 38
    assert s[2023] > s[2019]


# --- checked questions ------------------------------------------------------------------------


def bd():
    return data.load("battle_deaths")


def figs():
    return data.load("figures")


def by_year():
    return bd().groupby("year")["best"].sum()


def gov_2020():
    return figs().loc[["wp-2020-killed-arm-servicemen", "wp-2020-killed-aze-servicemen"],
                      "high"].sum()


ANSWERS = [
    right("10-best-by-year", "groupby and a slice (the solution)",
          lambda: by_year().loc[2016:2022]),
    right("10-best-by-year", "a frame from reset_index",
          lambda: by_year().loc[2016:2022].reset_index()),
    wrong("10-best-by-year", "Azerbaijan's rows only",
          lambda: bd()[bd()["location_id"] == "aze"].set_index("year")["best"].loc[2016:2022],
          "some values are not"),
    wrong("10-best-by-year", "the high estimate",
          lambda: bd().groupby("year")["high"].sum().loc[2016:2022], "some values are not"),
    wrong("10-best-by-year", "every year", by_year, "expected 7 rows"),

    right("10-ucdp-gap-2020", "the solution", lambda: int(by_year()[2020] - gov_2020())),
    right("10-ucdp-gap-2020", "a numpy integer", lambda: by_year()[2020] - gov_2020()),
    wrong("10-ucdp-gap-2020", "Azerbaijan's location only",
          lambda: int(bd().loc["ucdp-ged-aze-2020", "best"] - gov_2020()), "is too low"),
    wrong("10-ucdp-gap-2020", "the high estimate",
          lambda: int(bd().groupby("year")["high"].sum()[2020] - gov_2020()), "is too high"),
    wrong("10-ucdp-gap-2020", "the other way round",
          lambda: int(gov_2020() - by_year()[2020]), "is too low"),

    right("10-refugee-gap", "the solution", lambda: int(
        figs().loc["unhcr-2024-refugees-115183", "high"]
        - figs().loc["arm-gov-2023-09-30-refugees", "high"])),
    right("10-refugee-gap", "a float", lambda: 14766.0),
    wrong("10-refugee-gap", "UNHCR's first figure", lambda: int(
        figs().loc["unhcr-2024-refugees-115183", "high"]
        - figs().loc["unhcr-2023-09-refugees-100000", "high"]), "is too high"),
    wrong("10-refugee-gap", "the other way round", lambda: -14766, "is too low"),

    right("10-deaths-chart", "ax.bar (the solution)", bars(lambda: by_year().loc[2016:2022])),
    right("10-deaths-chart", "horizontal bars", bars(lambda: by_year().loc[2016:2022], "barh")),
    wrong("10-deaths-chart", "every year", bars(by_year), "expected 7 bars"),
    wrong("10-deaths-chart", "a line chart", bars(lambda: by_year().loc[2016:2022], "plot"),
          "expected a bar chart"),
    wrong("10-deaths-chart", "the high estimate",
          bars(lambda: bd().groupby("year")["high"].sum().loc[2016:2022]),
          "their values are not"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
