"""The shared bloc tools: membership counts over time, world maps of an organization's members,
its texts by year and the combined panel (karabakh_course.blocs, map.world_*)."""

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from toy_data import memberships_table  # noqa: E402

from karabakh_course import blocs, data, memberships, votes  # noqa: E402
from karabakh_course import map as kmap  # noqa: E402

table = memberships_table


TOY = table(
    ("a1", "org", "aze", "member", "2011-05-01", "month", None, None, "", "s"),
    ("b1", "org", "arm", "observer", "1993-01-01", "year", None, None, "", "s"),
    ("c1", "org", "bhr", "member", "2000-01-01", "day", "2010-01-01", "day", "", "s"),
    ("d1", "other", "fra", "member", "2000-01-01", "day", None, None, "", "s"),
)


def test_counts_on_counts_each_day_by_status():
    c = memberships.counts_on("org", ["2005-01-01", "2010-01-01", "2012-01-01"],
                              memberships=TOY)
    assert list(c) == [1, 0, 1] and c.dtype == "int64"
    both = memberships.counts_on("org", ["2012-01-01"], statuses=("member", "observer"),
                                 memberships=TOY)
    assert list(both) == [2]


def test_world_status_flags_states_without_an_outline():
    world = (("AZE", "Azerbaijan", ()), ("ARM", "Armenia", ()))
    t = kmap.world_status("org", "2005-01-01", memberships=TOY, world=world)
    assert list(t["name"]) == ["Bahrain", "Armenia"]  # members first, then observers
    assert t.set_index("name")["on_map"].to_dict() == {"Bahrain": False, "Armenia": True}


def test_bahrain_is_too_small_for_the_world_outlines():
    isos = {iso for iso, _, _ in kmap.load_world()}
    assert "BHR" not in isos and {"AZE", "ARM", "FJI", "IDN"} <= isos
    assert len(kmap.load_world()) == 177


def test_world_map_is_one_collection_coloured_by_status():
    fig = kmap.world_map("oic", "2008-03-14")
    ax = fig.axes[0]
    cols = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(cols) == 1 and not ax.patches
    faces = {tuple(round(x, 3) for x in f) for f in cols[0].get_facecolors()}
    assert len(faces) == 3  # members, observers, every other state
    assert "Bahrain" in fig.course_alt and "Listed beside the map" in fig.course_alt
    side = " ".join(t.get_text() for t in fig.texts)
    assert "Bahrain (member)" in side


def test_nam_on_the_day_of_the_vote_and_after_bali():
    on_vote = votes.bloc_roll_call(blocs.GA_2008, "nam", statuses=("member", "observer"))
    assert on_vote[["country", "vote"]].values.tolist() == [["Armenia", "no"]]
    assert votes.members_on("nam", "2008-03-14") == []
    later = blocs.member_votes("nam", "2012-01-01")
    assert later.values.tolist() == [["Azerbaijan", "member", "yes"], ["Fiji", "member", "absent"],
                                     ["Armenia", "observer", "no"]]


def test_statements_are_the_events_naming_the_organization():
    ev = pd.DataFrame({"id": ["e1", "e2", "e3"],
                       "date": pd.to_datetime(["2001-05-01", "2003-01-01", "2003-02-01"]),
                       "date_precision": ["day"] * 3, "title": ["A", "B", "C"],
                       "summary": ["", "", ""], "source_ids": ["s"] * 3,
                       "actor_ids": ["org;aze", "aze", "org"]})
    assert list(blocs.statements("org", ev)["id"]) == ["e1", "e3"]
    by_year = blocs.statements_by_year("org", events=ev)
    assert by_year.to_dict() == {2001: 1, 2002: 0, 2003: 1}
    assert list(blocs.statements_by_year("org", range(2000, 2002), ev)) == [0, 1]


def test_organizations_and_panel():
    orgs = blocs.organizations()
    assert {"nam", "oic", "eu"} <= set(orgs["id"])
    assert orgs.set_index("id").loc["nam", "states"] == 3
    r = blocs.panel("nam", "2020-01-01", note="Checked.")
    assert r.png and r.html.startswith("<p>Checked.</p>")
    assert "Azerbaijan takes the NAM chair" in r.html
    assert "hands the NAM chair" not in r.html  # 2024: after the chosen day
    assert data.date_text(pd.Timestamp("2020-01-01")) in r.html
