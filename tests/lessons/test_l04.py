"""Lesson 04's pure functions: chairs, proposals and channels outside the Minsk format; its
checked questions."""

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import bars, params, right, verify, wrong  # noqa: E402

from karabakh_course import data  # noqa: E402
from karabakh_course.lessons import l04  # noqa: E402


def test_every_term_has_a_lane_and_russia_shares_one():
    lanes = l04.chair_lanes()
    assert len(lanes) == len(data.load("chairs"))
    rus = lanes[lanes["actor_id"] == "rus"]
    assert rus["lane"].nunique() == 1 and len(rus) == 2
    assert lanes.iloc[0]["role"] == "chair" and lanes.iloc[-1]["role"] == "personal-representative"


def test_unconfirmed_holder_is_flagged():
    lanes = l04.chair_lanes()
    pr = lanes[lanes["role"] == "personal-representative"]
    assert pr["unconfirmed"].tolist() == [False, True]


def test_cochair_timeline_has_no_personal_representative():
    t = l04.cochair_timeline()
    assert list(t.columns) == ["name", "role", "start_year", "end_year"]
    assert set(t["role"]) == {"chair", "co-chair"}
    assert t.iloc[0]["name"] == "Italy" and t["end_year"].max() == 2025


def test_gantt_is_finished_and_describes_uncertainty():
    fig = l04.chairs_gantt()
    assert "not confirmed" in fig.course_alt and fig.course_source


def test_rejected_by_on_a_small_table(tables):
    tables["proposals"] = pd.DataFrame({"rejected_by": ["aze", "nk-da", "", None]},
                                       index=["a", "b", "c", "d"])
    assert l04.rejected_by("aze") == {"a"}
    assert l04.rejected_by("arm") == set()


def test_outside_minsk_keeps_diplomacy_within_the_minsk_years(tables):
    start, end = "1992-03-csce-helsinki-minsk-conference", "2025-09-osce-mc-closes-minsk-process"
    tables["events"] = pd.DataFrame({
        "category": ["diplomacy", "osce", "diplomacy", "diplomacy", "osce", "osce",
                     "diplomacy", "diplomacy"],
        "date": pd.to_datetime(["1991-09-23", "1992-03-24", "1992-03-24", "1992-05-07",
                                "1996-12-03", "2025-09-01", "2025-09-01", "2025-09-02"]),
        "lesson": ["", "04", "04", "04", "04", "04", "04", "04"]},
        index=["a", start, "b", "c", "d", end, "f", "e"])
    assert l04.minsk_span() == (pd.Timestamp("1992-03-24"), pd.Timestamp("2025-09-01"))
    out = l04.outside_minsk()
    assert list(out.index) == ["b", "c", "f"]  # both ends of the span included, not outside
    assert l04.channels_by_decade().to_dict() == {1990: 2, 2020: 1}


def test_milestones_are_dated_by_their_events():
    marks = dict((label, d) for d, label in l04.milestones())
    assert marks["Lisbon summit"] == pd.Timestamp("1996-12-03")
    assert marks["closure decided"] == l04.minsk_span()[1]


def test_proposal_card_attributes_responses():
    c = l04.proposal_card("common-state-1998")
    assert c["rejected_by"] == ["Azerbaijan"] and "Guluzade" in c["responses"]
    assert set(c["offers"]) == {"Status", "Territories", "Return of displaced people", "Security"}
    labels = [lab for lab, _ in l04.proposal_options()]
    assert labels[0].startswith("Lisbon") and labels[-1].startswith("Madrid")


def test_widget_shows_who_rejected():
    before = l04.minsk_proposals("package-1997").html
    after = l04.minsk_proposals("common-state-1998").html
    assert "Rejected by:</b> Karabakh Armenian de facto authorities" in before
    assert "Rejected by:</b> Azerbaijan" in after


# --- checked questions ------------------------------------------------------------------------

def minsk_rows(start="1992-03-24"):
    m = data.load("memberships")
    rows = m[m["organization_id"] == "minsk-conference"]
    return rows if start is None else rows[rows["start"] == start]


def named_1992():
    return set(minsk_rows()["actor_id"])


def timeline(roles=("chair", "co-chair"), name="name", years=True):
    chairs, actors = data.load("chairs"), data.load("actors")
    c = chairs[chairs["role"].isin(roles)]
    start, end = (c["start"].dt.year, c["end"].dt.year) if years else (c["start"], c["end"])
    names = c["actor_id"].map(actors[name]) if name else c["actor_id"]
    return pd.DataFrame({"name": names, "role": c["role"], "start_year": start,
                         "end_year": end}).sort_values("start_year")


def proposals_of(column, actor):
    p = data.load("proposals")
    return {i for i, ids in p[column].fillna("").items() if actor in ids.split(";")}


def diplomacy(category="diplomacy", first="1992-03-24", last="2025-09-01"):
    ev = data.load("events")
    return ev[(ev["category"] == category) & ev["date"].between(first, last)]


def decades(**kw):
    return (diplomacy(**kw)["date"].dt.year // 10 * 10).value_counts().sort_index()


def decade_bars(counts, method="bar", title="Talks outside the Minsk format"):
    return bars(counts, method, title)


ANSWERS = [
    right("04-named-1992", "a set (the solution)", named_1992),
    right("04-named-1992", "a list", lambda: list(minsk_rows()["actor_id"])),
    right("04-named-1992", "the column as a Series", lambda: minsk_rows()["actor_id"]),
    right("04-named-1992", "unique()", lambda: minsk_rows()["actor_id"].unique()),
    right("04-named-1992", "a one-column frame", lambda: minsk_rows()[["actor_id"]]),
    wrong("04-named-1992", "every member, whatever the start", lambda: set(
        minsk_rows(None)["actor_id"]), "0 missing, 2 that should not be there"),
    wrong("04-named-1992", "names, not ids", lambda: set(
        data.load("actors").loc[sorted(named_1992()), "name"]),
          "11 missing, 11 that should not be there"),
    wrong("04-named-1992", "the rows, not their ids", minsk_rows,
          "got a DataFrame with 10 columns"),
    wrong("04-named-1992", "one id as a text", lambda: "arm", "not a single text"),

    right("04-cochair-timeline", "the solution", timeline),
    right("04-cochair-timeline", "index reset", lambda: timeline().reset_index(drop=True)),
    right("04-cochair-timeline", "columns in another order, sorted by name",
          lambda: timeline()[["end_year", "start_year", "role", "name"]].sort_values("name")),
    right("04-cochair-timeline", "an extra column kept",
          lambda: timeline().assign(actor_id=data.load("chairs")["actor_id"])),
    right("04-cochair-timeline", "years as floats",
          lambda: timeline().astype({"start_year": float, "end_year": float})),
    wrong("04-cochair-timeline", "the Personal Representative kept",
          lambda: timeline(("chair", "co-chair", "personal-representative")),
          "expected 7 rows, got 9"),
    wrong("04-cochair-timeline", "actor ids, not names", lambda: timeline(name=None),
          "the shape is right but some values are not"),
    wrong("04-cochair-timeline", "dates, not years", lambda: timeline(years=False),
          "the shape is right but some values are not"),
    wrong("04-cochair-timeline", "a column short", lambda: timeline().drop(columns="end_year"),
          "missing column(s): end_year"),

    right("04-aze-rejected", "a set (the solution)", lambda: proposals_of("rejected_by", "aze")),
    right("04-aze-rejected", "a list", lambda: sorted(proposals_of("rejected_by", "aze"))),
    right("04-aze-rejected", "an index", lambda: data.load("proposals").index[
        data.load("proposals")["rejected_by"].fillna("").str.split(";").apply(
            lambda ids: "aze" in ids)]),
    wrong("04-aze-rejected", "the accepted_by column",
          lambda: proposals_of("accepted_by", "aze"), "1 missing, 3 that should not be there"),
    wrong("04-aze-rejected", "Armenia's rejections", lambda: proposals_of("rejected_by", "arm"),
          "1 missing, 1 that should not be there"),
    wrong("04-aze-rejected", "one id as a text", lambda: "common-state-1998",
          "not a single text"),

    right("04-outside-minsk", "len() of the rows (the solution)", lambda: len(diplomacy())),
    right("04-outside-minsk", "a mask's sum", lambda: (
        (data.load("events")["category"] == "diplomacy")
        & data.load("events")["date"].between("1992-03-24", "2025-09-01")).sum()),
    right("04-outside-minsk", "a float", lambda: float(len(diplomacy()))),
    # The counts follow the events table: the hint names the learner's own count.
    wrong("04-outside-minsk", "no date filter", lambda: len(diplomacy(first="1900-01-01")),
          f"{len(diplomacy(first='1900-01-01'))} is too high"),
    wrong("04-outside-minsk", "up to the end of 2024", lambda: len(diplomacy(last="2024-12-31")),
          f"{len(diplomacy(last='2024-12-31'))} is too low"),
    wrong("04-outside-minsk", "the OSCE's own events", lambda: len(diplomacy("osce")),
          "too high"),
    wrong("04-outside-minsk", "the rows, not their count", diplomacy,
          "expected a number, got DataFrame"),

    right("04-outside-by-decade", "Series.plot.bar (the solution)",
          lambda: decades().plot.bar(title="By decade")),
    right("04-outside-by-decade", "ax.bar", decade_bars(decades)),
    right("04-outside-by-decade", "Series.plot.barh", lambda: decades().plot.barh(title="t")),
    wrong("04-outside-by-decade", "by year, not decade", decade_bars(
        lambda: diplomacy()["date"].dt.year.value_counts()), "expected 4 bars, found"),
    wrong("04-outside-by-decade", "the 1991 talks included",
          decade_bars(lambda: decades(first="1900-01-01")), "their values are not"),
    wrong("04-outside-by-decade", "no title", decade_bars(decades, title=""),
          "give the chart a title"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
