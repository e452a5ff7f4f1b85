"""The bloc logic of karabakh_course.votes: small hand-made tables, then the course's data."""

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from karabakh_course import charts, votes  # noqa: E402
from karabakh_course.arguments import ArgumentError  # noqa: E402


@pytest.fixture
def tables():
    ms = pd.DataFrame({
        "id": ["x-aaa", "x-bbb", "x-ccc", "x-ddd", "x-eee", "y-aaa"],
        "organization_id": ["x", "x", "x", "x", "x", "y"],
        "actor_id": ["aaa", "bbb", "ccc", "ddd", "eee", "aaa"],
        "status": ["member", "member", "member", "observer", "member", "member"],
        "start": pd.to_datetime(["2000-01-01", "2009-01-01", "1995-01-01", "2000-01-01",
                                 "2000-01-01", "2000-01-01"]),
        "end": pd.to_datetime([None, None, None, None, "2005-06-01", None]),
        "start_precision": ["day"] * 6, "end_precision": [None] * 6,
    })
    actors = pd.DataFrame({"id": ["aaa", "bbb", "ccc", "ddd", "eee", "zzz"],
                           "name": ["A", "B", "C", "D", "E", "Z"],
                           "iso3": ["AAA", "BBB", "CCC", "DDD", "EEE", None]})
    gv = pd.DataFrame({
        "resolution_id": ["r"] * 5,
        "iso3": ["AAA", "BBB", "CCC", "DDD", "EEE"],
        "country": ["A", "B", "C", "D", "E"],
        "vote": ["yes", "no", "abstain", "absent", "yes"],
        "vote_alt": [None, None, "yes", None, None],
    })
    return ms, actors, gv


def test_members_on_respects_dates_and_status(tables):
    ms, _, _ = tables
    assert votes.members_on("x", "2008-03-14", memberships=ms) == ["aaa", "ccc"]
    assert votes.members_on("x", "2010-01-01", memberships=ms) == ["aaa", "bbb", "ccc"]
    assert votes.members_on("x", "2004-01-01", memberships=ms) == ["aaa", "ccc", "eee"]
    assert votes.members_on("x", "2008-03-14", statuses=("member", "observer"),
                            memberships=ms) == ["aaa", "ccc", "ddd"]
    with pytest.raises(ArgumentError, match="not a valid organization id. Valid values: x, y"):
        votes.members_on("nobody", "2008-03-14", memberships=ms)  # no silent empty list


def test_membership_ends_on_its_end_date(tables):
    ms, _, _ = tables
    assert "eee" in votes.members_on("x", "2005-05-31", memberships=ms)
    assert "eee" not in votes.members_on("x", "2005-06-01", memberships=ms)


def test_roll_call_codings(tables):
    _, _, gv = tables
    main = votes.roll_call("r", ga_votes=gv).set_index("iso3")["vote"]
    alt = votes.roll_call("r", coding="vote_alt", ga_votes=gv).set_index("iso3")["vote"]
    assert main["CCC"] == "abstain" and alt["CCC"] == "yes" and alt["AAA"] == "yes"
    with pytest.raises(ValueError):
        votes.roll_call("r", coding="other", ga_votes=gv)
    with pytest.raises(KeyError):
        votes.roll_call("nope", ga_votes=gv)


def test_votes_by_bloc_is_tidy_with_zeros(tables):
    ms, actors, gv = tables
    out = votes.votes_by_bloc("r", ["x", "y"], "2008-03-14", ga_votes=gv, memberships=ms,
                              actors=actors)
    assert list(out.columns) == ["bloc", "vote", "states"]
    assert len(out) == 8  # 2 blocs x 4 votes
    x = out[out.bloc == "x"].set_index("vote")["states"].to_dict()
    assert x == {"yes": 1, "no": 0, "abstain": 1, "absent": 0}
    alt = votes.votes_by_bloc("r", ["x"], "2008-03-14", coding="vote_alt", ga_votes=gv,
                              memberships=ms, actors=actors)
    assert alt.set_index("vote")["states"]["yes"] == 2
    assert votes.bloc_line(out, "x") == "X: 1 yes, 0 no, 1 abstain, 0 absent"


def test_members_outside_the_roll_call_are_listed_not_counted(tables):
    ms, actors, gv = tables
    ms = pd.concat([ms, pd.DataFrame({"id": ["x-zzz"], "organization_id": ["x"],
                                      "actor_id": ["zzz"], "status": ["member"],
                                      "start": [pd.Timestamp("2000-01-01")], "end": [pd.NaT],
                                      "start_precision": ["day"], "end_precision": [None]})])
    rc = votes.bloc_roll_call("r", "x", "2008-03-14", ga_votes=gv, memberships=ms, actors=actors)
    assert rc.iloc[-1]["vote"] == votes.NOT_IN_ROLL_CALL
    out = votes.votes_by_bloc("r", ["x"], "2008-03-14", ga_votes=gv, memberships=ms,
                              actors=actors)
    assert out["states"].sum() == 2


def test_real_vote_on_62_243():
    totals = votes.vote_totals("unga-62-243-2008")
    assert totals.to_dict() == {"yes": 39, "no": 7, "abstain": 100, "absent": 46}
    alt = votes.vote_totals("unga-62-243-2008", coding="vote_alt")
    assert alt["yes"] == 38 and alt["abstain"] == 101  # Pakistan, as the dataset codes it


def test_real_blocs_in_2008():
    counts = votes.votes_by_bloc("unga-62-243-2008", ["eu", "guam", "csto", "oic", "cis"])
    assert votes.bloc_line(counts, "eu") == "EU: 0 yes, 1 no, 26 abstain, 0 absent"
    assert votes.bloc_line(counts, "guam") == "GUAM: 4 yes, 0 no, 0 abstain, 0 absent"
    assert votes.bloc_line(counts, "csto") == "CSTO: 1 yes, 2 no, 1 abstain, 3 absent"
    oic = counts[counts.bloc == "oic"].set_index("vote")["states"]
    assert oic["yes"] == 31 and oic.sum() == 56
    assert "geo" in votes.members_on("cis", "2008-03-14")  # left the CIS only in 2009
    assert votes.members_on("nam", "2008-03-14") == []  # Azerbaijan joined NAM in 2011


def test_charts_are_finished_in_house_colours():
    counts = votes.votes_by_bloc("unga-62-243-2008", ["eu", "guam"])
    fig = votes.bloc_chart(counts, title="Blocs")
    assert "EU: 0 yes, 1 no, 26 abstain" in fig.course_alt
    colours = {matplotlib.colors.to_hex(p.get_facecolor()).upper()
               for c in fig.axes[0].containers for p in c}
    assert colours <= {c.upper() for c in charts.CATEGORY_COLOURS.values()}
    fig2 = votes.vote_chart("unga-62-243-2008")
    assert "39 yes" in fig2.course_alt
    assert charts.to_png(fig2).startswith(b"\x89PNG")


def test_members_on_is_the_memberships_rule(tables):
    """One rule for membership on a date, shared with lesson 05: where rows overlap, the row
    that started last wins (here a later 'associate' row outranks an earlier 'member' row)."""
    ms, _, _ = tables
    extra = ms.iloc[[0]].assign(id="x-aaa-associate", status="associate",
                                start=pd.Timestamp("2006-01-01"))
    both = pd.concat([ms, extra], ignore_index=True)
    assert votes.members_on("x", "2005-01-01", memberships=both) == ["aaa", "ccc", "eee"]
    assert "aaa" not in votes.members_on("x", "2008-03-14", memberships=both)


@pytest.mark.parametrize("call, message", [
    (lambda: votes.roll_call("unga-62-243"),
     r"kc\.votes\.roll_call\(\): 'unga-62-243' is not a valid resolution id .* Valid values: "
     "unga-62-243-2008"),
    (lambda: votes.bloc_roll_call("unga-62-243-2008", "EU"),
     "'EU' is not a valid organization id. Valid values: .*eu, guam"),
    (lambda: votes.votes_by_bloc("unga-62-243-2008", pd.DataFrame({"id": ["eu"]})),
     "a DataFrame is not a valid value for org_ids; expected a list of ids .*tolist"),
    (lambda: votes.votes_by_bloc("unga-62-243-2008", ["eu", "oik"]),
     "'oik' is not a valid organization id in org_ids. Valid values:"),
    (lambda: votes.roll_call("unga-62-243-2008", coding="alt"), "Valid values: vote, vote_alt"),
    (lambda: votes.members_on("eu2", "2008-03-14"), "'eu2' is not a valid organization id"),
])
def test_a_wrong_argument_gets_one_message_naming_the_valid_values(call, message):
    """A mistyped id or a table where a list is expected: one message, no pandas traceback
    (IPython shows only ``_render_traceback_``)."""
    with pytest.raises(ArgumentError, match=message) as e:
        call()
    assert e.value._render_traceback_() == [f"ArgumentError: {e.value}"]
    assert isinstance(e.value, KeyError) and isinstance(e.value, ValueError)
