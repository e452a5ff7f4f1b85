"""Lesson 02's pure functions: the four resolutions, the 2008 vote, the displacement table."""

import matplotlib

matplotlib.use("agg")

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
