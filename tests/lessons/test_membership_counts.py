"""One membership rule everywhere: every count of members that a lesson shows (its checks, its
tables and the numbers its prose states) agrees with ``memberships.status_on``, where the latest
recorded change wins."""

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from karabakh_course import checks, data, memberships, votes
from karabakh_course.lessons import l02, l05

ROOT = Path(__file__).resolve().parents[2]
WORDS = {"six": 6, "seven": 7, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "thirteen": 13}


def members(org: str, day) -> int:
    return int((memberships.status_on(org, day) == "member").sum())


def prose(path: str) -> str:
    p = ROOT / path
    if p.suffix == ".md":
        return p.read_text(encoding="utf-8")
    nb = nbformat.read(p, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


# (file, a pattern whose group is the count, organization, day): each membership count the
# lessons state in words. A changed sentence fails here until its count is checked again.
CLAIMS = [
    ("notebooks/02-united-nations.ipynb", r"2008 the EU had (\d+) members", "eu", "2008-03-14"),
    ("notebooks/02-united-nations.ipynb", r"the CIS (\d+) full members", "cis", "2008-03-14"),
    ("notebooks/02-united-nations.ipynb", r"the CSTO (\d+) \(Uzbekistan", "csto", "2008-03-14"),
    ("notebooks/02-united-nations.ipynb", r"of which (\d+) were UN member\s+states", "oic",
     "2008-03-14"),
    ("notebooks/02-united-nations.ipynb", r"GUAM (\d+) \(Azerbaijan", "guam", "2008-03-14"),
    ("docs/teacher-guide/02-united-nations.md", r"the bloc counts (\d+)", "oic", "2008-03-14"),
    ("notebooks/04-osce-minsk-group.ipynb", r"(Eleven) CSCE states were to take part",
     "minsk-conference", "1992-03-24"),
    ("notebooks/04-osce-minsk-group.ipynb", r"counted (thirteen) participating states",
     "minsk-conference", "1995-11-21"),
    ("notebooks/05-cis-csto-russia.ipynb",
     r"at Alma-Ata, the heads of state of (eleven) former Soviet\s+republics", "cis", "1991-12-21"),
    ("notebooks/05-cis-csto-russia.ipynb", r"(six) states signed the extension protocol",
     "cst", "1999-04-02"),
    ("notebooks/05-cis-csto-russia.ipynb", r"The remaining (six) turned the treaty", "cst",
     "1999-04-02"),
    ("solutions/05-cis-csto-russia.ipynb", r"the CIS had (\d+) member states on 1 January 1992",
     "cis", "1992-01-01"),
    ("solutions/05-cis-csto-russia.ipynb", r"and (\d+) in 1993", "cis", "1993-01-01"),
    ("solutions/05-cis-csto-russia.ipynb", r"(\d+) again from 1994", "cis", "1994-01-01"),
    ("solutions/05-cis-csto-russia.ipynb", r"(\d+) from 2006", "cis", "2006-01-01"),
    ("solutions/05-cis-csto-russia.ipynb", r"and (\d+) from 2010", "cis", "2010-01-01"),
    ("docs/teacher-guide/05-cis-csto-russia.md", r"both find (\d+) CIS members", "cis",
     "2010-01-01"),
]


def count_in(text: str, pattern: str) -> int:
    m = re.search(pattern, text)
    assert m, f"the sentence /{pattern}/ is gone: find the count it stated and list it here"
    word = next(g for g in m.groups() if g)
    return int(word) if word.isdigit() else WORDS[word.lower()]


@pytest.mark.parametrize("path, pattern, org, day", CLAIMS,
                         ids=[f"{p.split('/')[0]}-{o}-{d}" for p, _, o, d in CLAIMS])
def test_prose_counts_follow_status_on(path, pattern, org, day):
    stated = count_in(prose(path), pattern)
    assert stated == members(org, day), (
        f"{path}: the text says {stated} members of {org} on {day}; "
        f"memberships.status_on gives {members(org, day)}")


def test_the_members_check_follows_status_on():
    want = l05._members_2010()
    for org in data.load("memberships")["organization_id"].unique():
        n = members(org, "2010-01-01")
        assert want.get(org, 0) == n, org
    assert want["cis"] == 9  # Ukraine is an associate from 1993, by the latest recorded change
    assert checks.evaluate("05-members-2010", want).correct
    with_zeros = pd.concat([want, pd.Series({"cst": 0, "nam": 0})])
    assert checks.evaluate("05-members-2010", with_zeros).correct
    # The rule the check used to apply (every 'member' row covering the day counts) is wrong.
    m = data.load("memberships")
    day = pd.Timestamp("2010-01-01")
    covering = m[(m["status"] == "member") & (m["start"] <= day)
                 & (m["end"].isna() | (m["end"] > day))]
    old_rule = covering.groupby("organization_id")["actor_id"].nunique()
    assert old_rule["cis"] == 10
    result = checks.evaluate("05-members-2010", old_rule)
    assert not result.correct and "started last" in result.message


def test_the_cis_chart_check_follows_status_on():
    spec = checks.questions()["05-cis-chart"]
    import matplotlib

    matplotlib.use("agg")
    from matplotlib.figure import Figure

    years = list(l05.YEARS)
    fig = Figure()
    ax = fig.subplots()
    ax.bar(years, [members("cis", f"{y}-01-01") for y in years])
    ax.set_title("CIS members")
    assert spec.checker(fig) is None


def test_membership_tables_follow_status_on():
    day = l02.VOTE_DAY
    counts = l02.bloc_counts()
    for bloc, part in counts.groupby("bloc"):
        assert int(part["states"].sum()) == members(bloc, day), bloc
        assert votes.members_on(bloc, day) == sorted(
            memberships.status_on(bloc, day).loc[lambda s: s == "member"].index)
    for org in ("cis", "cst", "csto"):
        now = memberships.status_on(org, data.as_of())
        html = l05.memberships_view(org).html
        for actor, status in now.items():
            name = data.load("actors").loc[actor, "name"]
            label = l05.STATUS_LABELS.get(status, status)
            assert f"{name} ({label})" in html, (org, actor)
