"""Lesson 09: the Organization of Turkic States' members over time and its coded declarations."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import params, right, verify, wrong  # noqa: E402

from karabakh_course import data, memberships  # noqa: E402
from karabakh_course.lessons import l09  # noqa: E402

RULE = {"name", "war", "territories", "peace-process"}


def test_members_and_observers_by_the_one_rule():
    assert memberships.members_on("ots", "2010-01-01") == ["aze", "kaz", "kgz", "tur"]
    assert memberships.members_on("ots", "2020-01-01") == ["aze", "kaz", "kgz", "tur", "uzb"]
    assert memberships.members_on("ots", data.as_of(), statuses=("observer",)) == [
        "hun", "tkm", "trnc"]
    assert "tkm" not in memberships.members_on("ots", data.as_of())
    c = l09.counts_by_year(2018, 2023).set_index("year")
    assert c.loc[2019].tolist() == [4, 1] and c.loc[2023].tolist() == [5, 3]


def test_the_coding_follows_its_rule():
    d = data.load("summit_declarations")
    for i, r in d.iterrows():
        crit = set(data.split_ids(r["criteria"] or ""))
        assert crit <= RULE, i
        if r["coding_status"] == "not-verified":
            assert pd.isna(r["mentions_karabakh"]) and not crit, i
        else:
            assert bool(r["mentions_karabakh"]) == bool(crit), i
    assert set(d.index[d["coding_status"] == "not-verified"]) == {"2022-11-samarkand",
                                                                  "2024-11-bishkek"}


def test_counts_leave_out_what_was_not_verified():
    assert l09.coded_mentions() == 4
    assert l09.meeting("name") == {"2024-07-shusha-informal"}
    assert l09.meeting("peace-process") == {"2023-11-astana", "2025-10-gabala"}
    with pytest.raises(ValueError, match="unknown criterion 'karabakh'"):
        l09.meeting("karabakh")
    t = l09.declarations_table()
    assert t["Mentions Karabakh"].tolist() == ["yes", "not coded", "yes", "yes", "not coded",
                                               "yes"]
    assert t.loc[1, "Criteria seen"] == ""


def test_labels_number_the_summits():
    labels = [l09.summit_label(r) for _, r in data.load("summit_declarations")
              .sort_values("date").iterrows()]
    assert labels[0] == "8th summit, Istanbul (12 November 2021)"
    assert labels[3] == "Informal summit, Shusha/Shushi (6 July 2024)"
    assert labels[4] == "11th summit, Bishkek (6 November 2024)"


def test_membership_table_names_the_entity_neutrally():
    t = l09.membership_table()
    assert len(t) == len(memberships.spans("ots"))
    trnc = t[t["State or entity"].str.contains("Cypriot")].iloc[0]
    assert trnc["Status"] == "observer" and "Contested" in trnc["Note"]


def test_chart_and_widget_answer_the_question():
    fig = l09.ots_chart()
    assert fig.course_alt.startswith("Two-panel chart")
    assert "Samarkand (11 November 2022): not coded" in fig.course_alt
    assert [o[1] for o in l09.summit_options()] == list(
        data.load("summit_declarations").sort_values("date").index)
    shusha = l09.summit_view("2024-07-shusha-informal").html
    assert "Observers:</b> Hungary, Turkish Cypriot authorities in northern Cyprus, " \
        "Turkmenistan" in shusha
    assert "criteria seen: name, territories" in shusha
    istanbul = l09.summit_view("2021-11-istanbul").html
    assert "Observers:</b> Hungary, Turkmenistan.</p>" in istanbul
    assert "not coded" in l09.summit_view("2024-11-bishkek").html


# --- checked questions ------------------------------------------------------------------------

DAY = pd.Timestamp("2021-11-12")
YEARS = range(2010, 2027)


def ots_rows(statuses=("member",), day=DAY):
    m = data.load("memberships")
    keep = (m["organization_id"] == "ots") & m["status"].isin(statuses) & (m["start"] <= day)
    keep &= m["end"].isna() | (m["end"] > day)
    return m[keep]


def decl():
    return data.load("summit_declarations")


def by_year(statuses=("member",), years=YEARS):
    return [int(memberships.status_on("ots", f"{y}-01-01").isin(statuses).sum()) for y in years]


def bars(counts, method="bar", years=YEARS):
    def draw():
        fig, ax = plt.subplots()
        getattr(ax, method)(list(years), counts())
        ax.set_title("OTS members on 1 January")
        return fig
    return draw


ANSWERS = [
    right("09-members-istanbul", "a set (the solution)", lambda: set(ots_rows()["actor_id"])),
    right("09-members-istanbul", "a sorted list", lambda: sorted(ots_rows()["actor_id"])),
    right("09-members-istanbul", "members_on", lambda: memberships.members_on("ots", DAY)),
    wrong("09-members-istanbul", "observers counted too",
          lambda: set(ots_rows(("member", "observer"))["actor_id"]),
          "0 missing, 2 that should not be there"),
    wrong("09-members-istanbul", "the founders only",
          lambda: set(ots_rows(day=pd.Timestamp("2009-10-03"))["actor_id"]),
          "1 missing, 0 that should not be there"),
    wrong("09-members-istanbul", "one id as a text", lambda: "aze", "not a single text"),

    right("09-coded-mentions", "sum of the column (the solution)",
          lambda: int(decl()["mentions_karabakh"].sum())),
    right("09-coded-mentions", "a numpy integer", lambda: decl()["mentions_karabakh"].fillna(
        False).astype(bool).to_numpy().sum()),
    right("09-coded-mentions", "value_counts", lambda: decl()["mentions_karabakh"]
          .value_counts()[True]),
    wrong("09-coded-mentions", "every summit counted", lambda: len(decl()), "6 is too high"),
    wrong("09-coded-mentions", "the narrow rule", lambda: 1, "1 is too low"),
    wrong("09-coded-mentions", "not verified counted as yes",
          lambda: int(decl()["mentions_karabakh"].fillna(True).sum()), "6 is too high"),

    right("09-narrow-rule", "a set of ids (the solution)", lambda: set(
        decl().index[decl()["criteria"].fillna("").str.split(";").apply(lambda c: "name" in c)])),
    right("09-narrow-rule", "str.contains", lambda: list(
        decl().index[decl()["criteria"].fillna("").str.contains("name")])),
    wrong("09-narrow-rule", "the broad rule", lambda: set(
        decl().index[decl()["mentions_karabakh"].fillna(False).astype(bool)]),
          "0 missing, 3 that should not be there"),
    wrong("09-narrow-rule", "the word in the title", lambda: set(
        decl().index[decl()["document"].str.contains("Istanbul")]),
          "1 missing, 1 that should not be there"),
    wrong("09-narrow-rule", "the frame, not the ids", lambda: decl()[
        decl()["criteria"].fillna("").str.contains("name")], "DataFrame with"),

    right("09-members-chart", "ax.bar (the solution)", bars(by_year)),
    right("09-members-chart", "ax.barh", bars(by_year, "barh")),
    wrong("09-members-chart", "observers counted as members",
          bars(lambda: by_year(("member", "observer"))), "their values are not"),
    wrong("09-members-chart", "2010 to 2025", bars(lambda: by_year(years=range(2010, 2026)),
                                                   years=range(2010, 2026)),
          "expected 17 bars, found 16"),
    wrong("09-members-chart", "a line", lambda: pd.Series(by_year(), index=list(YEARS)).plot(
        title="OTS"), "expected a bar chart"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
