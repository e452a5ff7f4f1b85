"""Lesson 11: the organizations compared: the scoring rules, the pure ranking, the overlap
matrix, the widget, and the answer tables of its checked exercises."""

import functools

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import bars, params, right, verify, wrong  # noqa: E402

from karabakh_course import data, memberships, votes  # noqa: E402
from karabakh_course.lessons import l11  # noqa: E402

EQUAL = dict.fromkeys(l11.CRITERIA, 1)


def toy_scores(**rows):
    """A small scores frame: ``toy_scores(a=(1, 2, 3, 4, 5), ...)``."""
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(l11.CRITERIA))


# --- the rules ------------------------------------------------------------------------------


def test_default_scores_follow_the_stated_rules():
    s = l11.default_scores()
    p = data.load("org_profiles")
    assert list(s.columns) == list(l11.CRITERIA) and set(s.index) == set(p.index)
    assert ((s >= 0) & (s <= 10)).all().all()
    assert s.loc["osce", "mandate"] == 10 and s.loc["rus", "mandate"] == 0
    assert s.loc["un", "mandate"] == 7 and s.loc["nato", "mandate"] == 2
    # presence: peacekeeping 10, monitoring 5, nothing 0
    assert s.loc["rus", "presence"] == 10 and s.loc["osce", "presence"] == 5
    assert s.loc["eu", "presence"] == 5 and s.loc["un", "presence"] == 0
    # leverage: 2.5 per kind among peacekeeping, arms, assistance, courts
    assert s.loc["rus", "leverage"] == 5 and s.loc["coe", "leverage"] == 2.5
    assert s.loc["osce", "leverage"] == 0
    # results: the most ceasefire events score 10
    assert s["results"].max() == 10 and s["results"].idxmax() == "rus"


def test_impartiality_reads_the_roll_call():
    # The whole roll call: 39 yes, 7 no, 100 abstain.
    assert l11._impartiality(votes.vote_totals(l11.GA_2008).to_dict()) == pytest.approx(
        10 * (1 - 32 / 146))
    assert l11._impartiality({"yes": 0, "no": 0, "abstain": 0, "absent": 3}) == 5
    assert l11._impartiality({"yes": 4, "no": 0, "abstain": 0, "absent": 9}) == 0
    assert l11._impartiality({"yes": 0, "no": 0, "abstain": 5, "absent": 0}) == 10
    s = l11.default_scores()
    assert s.loc["rus", "impartiality"] == 0  # Russia voted no
    assert s.loc["un", "impartiality"] == 7.8
    assert "1 yes, 1 no" in l11.score_basis().loc["coe", "impartiality"]


def test_results_count_the_events_that_name_the_organization(tables):
    ev = data.load("events").head(3).copy()
    ev["category"] = ["ceasefire", "ceasefire", "war"]
    ev["actor_ids"] = ["osce;rus", "rus", "osce"]
    tables["events"] = ev
    s = l11.default_scores()
    assert s.loc["rus", "results"] == 10 and s.loc["osce", "results"] == 5
    assert s.loc["un", "results"] == 0


# --- the pure ranking -----------------------------------------------------------------------


def test_rank_is_a_weighted_mean():
    s = toy_scores(a=(10, 0, 0, 0, 0), b=(0, 0, 0, 0, 10))
    t = l11.rank(s, {"mandate": 3, "results": 1})
    assert t["id"].tolist() == ["a", "b"]
    assert t["total"].tolist() == [7.5, 2.5]
    assert t.loc[0, "mandate"] == 7.5 and t.loc[1, "results"] == 2.5
    assert t["rank"].tolist() == [1, 2]


def test_ties_share_a_rank_and_sort_by_id():
    s = toy_scores(b=(5, 5, 5, 5, 5), a=(5, 5, 5, 5, 5), c=(1, 1, 1, 1, 1))
    t = l11.rank(s, EQUAL)
    assert t["id"].tolist() == ["a", "b", "c"]
    assert t["rank"].tolist() == [1, 1, 3]


def test_weights_that_sum_to_zero_get_one_message():
    s = toy_scores(a=(1, 2, 3, 4, 5))
    with pytest.raises(l11.ScoringError, match="the weights add up to 0"):
        l11.rank(s, dict.fromkeys(l11.CRITERIA, 0))
    with pytest.raises(l11.ScoringError, match="the weights add up to 0"):
        l11.rank(s, {})


@pytest.mark.parametrize("weights, message", [
    ({"mandat": 1}, "unknown criterion 'mandat' in the weights"),
    ({"mandate": -1, "results": 2}, "the weight of mandate is -1: a weight is from 0 to 5"),
    ({"results": 6}, "the weight of results is 6"),
])
def test_bad_weights_get_one_message(weights, message):
    with pytest.raises(l11.ScoringError, match=message):
        l11.rank(toy_scores(a=(1, 2, 3, 4, 5)), weights)


def test_an_override_replaces_one_score_and_is_recorded():
    s = toy_scores(a=(10, 0, 0, 0, 0), b=(8, 0, 0, 0, 0))
    t = l11.rank(s, {"mandate": 1}, {("a", "mandate"): (2, "the mandate was never used")})
    assert t["id"].tolist() == ["b", "a"] and t["total"].tolist() == [8, 2]
    assert t.set_index("id").loc["a", "overridden"] == "mandate"
    assert t.set_index("id").loc["b", "overridden"] == ""
    assert s.loc["a", "mandate"] == 10, "the scores given are not changed"


@pytest.mark.parametrize("overrides, message", [
    ({("zz", "mandate"): (5, "why")}, "unknown organization 'zz' in an override; known: a, b"),
    ({("a", "speed"): (5, "why")}, "unknown criterion 'speed' in an override of a"),
    ({("a", "mandate"): (11, "why")}, "is 11: a score is from 0 to 10"),
    ({("a", "mandate"): (5, "  ")}, "has no reason: say why you change it"),
])
def test_bad_overrides_get_one_message(overrides, message):
    with pytest.raises(l11.ScoringError, match=message):
        l11.rank(toy_scores(a=(1, 2, 3, 4, 5), b=(1, 1, 1, 1, 1)), EQUAL, overrides)


def test_the_course_ranking_with_equal_weights():
    t = l11.rank(l11.default_scores(), EQUAL)
    assert t["id"].head(2).tolist() == ["rus", "osce"]
    assert t["total"].head(2).tolist() == [5.0, 4.9]
    for crit in ("mandate", "impartiality"):
        assert l11.rank(l11.default_scores(), {**EQUAL, crit: 2})["id"].iloc[0] == "osce"


# --- tables, charts, widget -----------------------------------------------------------------


def test_overlap_matrix_follows_the_membership_rule():
    m = l11.overlap_matrix(["nato", "eu", "ots"], "2020-09-27")
    assert (m.to_numpy() == m.to_numpy().T).all()
    nato = set(memberships.members_on("nato", "2020-09-27"))
    assert m.loc["nato", "nato"] == len(nato)
    assert m.loc["nato", "eu"] == len(nato & set(memberships.members_on("eu", "2020-09-27")))
    assert m.loc["eu", "ots"] == 0
    assert [o for _, o in l11.overlap_organizations()] == [
        "cis", "csto", "eu", "nato", "oic", "ots", "minsk-conference"]


def test_charts_and_tables_describe_themselves():
    fig = l11.overlap_chart()
    assert fig.course_alt.startswith("Heat map") and "EU and NATO: 21" in fig.course_alt
    assert "OIC" in l11.vote_chart().course_alt
    t = l11.profiles_table()
    assert len(t) == len(data.load("org_profiles"))
    assert t.loc[t["Organization"] == "United Nations", "Active"].item().endswith(
        "(continuing)")


def test_widget_applies_an_override_only_with_a_reason():
    base = {"override": "none", "criterion": "impartiality", "score": "5", "reason": "",
            **EQUAL}
    r = l11.ranking_view(**base)
    assert "results 1 (of 5)" in r.html and "Ranking" in r.html and r.png
    r2 = l11.ranking_view(**{**base, "results": 2})
    assert "results 2 (of 5)" in r2.html
    no_reason = l11.ranking_view(**{**base, "override": "coe"})
    assert "Override not applied" in no_reason.html
    done = l11.ranking_view(**{**base, "override": "coe", "reason": "two states only"})
    assert "coe, impartiality: 10 → 5 (two states only)" in done.html
    zero = l11.ranking_view(**{**base, **dict.fromkeys(l11.CRITERIA, 0)})
    assert "No ranking" in zero.html and zero.png is None


# --- the answer tables ----------------------------------------------------------------------

DAY = "2020-09-27"
WEIGHTS = {"mandate": 2, "leverage": 0, "presence": 1, "impartiality": 2, "results": 0}
BLOCS = ["eu", "nato", "oic", "ots", "cis"]


def both(a="nato", b="eu", day=DAY):
    return len(set(memberships.members_on(a, day)) & set(memberships.members_on(b, day)))


def top(weights=WEIGHTS, n=3):
    return l11.rank(l11.default_scores(), weights)["id"].head(n).tolist()


@functools.cache
def _wide(day):
    counts = votes.votes_by_bloc(l11.GA_2008, BLOCS, day)
    return counts.pivot_table(index="bloc", columns="vote", values="states", aggfunc="sum")


def yes_share(day=None, with_absent=False):
    w = _wide(str(day or data.as_of()))
    cast = w["yes"] + w["no"] + w["abstain"] + (w["absent"] if with_absent else 0)
    return (w["yes"] / cast).round(2)


def totals(weights=None):
    t = l11.rank(l11.default_scores(), weights or EQUAL)
    return pd.Series(t["total"].to_numpy(), index=t["id"].to_numpy())


ANSWERS = [
    right("11-nato-eu-overlap", "a set intersection (the solution)", both),
    right("11-nato-eu-overlap", "from the matrix",
          lambda: l11.overlap_matrix(["nato", "eu"], DAY).loc["nato", "eu"]),
    wrong("11-nato-eu-overlap", "the union", lambda: len(
        set(memberships.members_on("nato", DAY)) | set(memberships.members_on("eu", DAY))),
          "is too high"),
    wrong("11-nato-eu-overlap", "on 1 January 2025",
          lambda: both(day="2025-01-01"), "is too high"),
    wrong("11-nato-eu-overlap", "the set itself", lambda: set(
        memberships.members_on("nato", DAY)) & set(memberships.members_on("eu", DAY)),
          "expected a number"),

    right("11-rank-weights", "rank(...)['id'].head(3).tolist() (the solution)", top),
    wrong("11-rank-weights", "equal weights", lambda: top(EQUAL), "that is not it"),
    wrong("11-rank-weights", "the right three as a set", lambda: set(top()), "that is not it"),
    wrong("11-rank-weights", "the last three", lambda: l11.rank(
        l11.default_scores(), WEIGHTS)["id"].tail(3).tolist(), "that is not it"),

    right("11-yes-share", "pivot and divide (the solution)", yes_share),
    right("11-yes-share", "reset_index()",
          lambda: yes_share().rename("share").reset_index()),
    wrong("11-yes-share", "absent states counted", lambda: yes_share(with_absent=True),
          "some values are not"),
    wrong("11-yes-share", "members on the day of the vote",
          lambda: yes_share(day="2008-03-14"), "some values are not"),
    wrong("11-yes-share", "not rounded", lambda: (_wide(str(data.as_of()))["yes"] / (
        _wide(str(data.as_of()))[["yes", "no", "abstain"]].sum(axis=1))),
          "some values are not"),

    right("11-equal-weights-chart", "ax.bar (the solution)", bars(totals)),
    right("11-equal-weights-chart", "ax.barh", bars(totals, "barh")),
    wrong("11-equal-weights-chart", "the weights of exercise 2", bars(lambda: totals(WEIGHTS)),
          "their values are not"),
    wrong("11-equal-weights-chart", "the top five only", bars(lambda: totals().head(5)),
          "expected 10 bars, found 5"),
    wrong("11-equal-weights-chart", "a line", lambda: totals().plot(title="Totals"),
          "expected a bar chart"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
