"""The data package: Frictionless validation, and the course's own rules on sources."""

import pytest
from frictionless import Package

from karabakh_course import data

PARTY = {"party-government", "party-affiliated"}
NEITHER = {"intergovernmental", "independent"}  # a third state's voice is neither


def test_frictionless_validates_the_package(root):
    report = Package(str(root / "data" / "datapackage.json")).validate()
    errors = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors] + [
        e.message for e in report.errors]
    assert report.valid, "\n".join(errors[:20])


def test_list_columns_resolve():
    """Frictionless does not resolve the items of ';'-separated id lists; the loader does."""
    d = data.descriptor()
    checked = 0
    for r in d["resources"]:
        for f in r["schema"]["fields"]:
            if "x-list" in f:
                target = set(data.load(f["x-list"]["resource"]).index)
                for _, value in data.load(r["name"])[f["name"]].items():
                    for item in data.split_ids(value or ""):
                        assert item in target, f"{r['name']}.{f['name']}: {item}"
                        checked += 1
    assert checked > 0


def test_every_row_cites_a_source():
    for name in data.table_names():
        df = data.load(name)
        if "source_ids" in df:
            empty = df[df["source_ids"].fillna("") == ""]
            assert empty.empty, f"{name}: rows without sources: {list(empty.index)[:5]}"


def stances(ids, sources):
    return {sources.loc[s, "stance"] for s in data.split_ids(ids)}


@pytest.mark.parametrize("table", ["events", "resolutions", "memberships", "glossary",
                                   "places"])
def test_contested_facts_have_a_non_party_source(table):
    """A party's source backs only that party's attributed position, and a third state's
    government or state media is no independent voice: every event, resolution, membership,
    name and place also rests on an intergovernmental or independent source."""
    sources = data.load("sources")
    df = data.load(table)
    bad = [i for i, ids in df["source_ids"].items() if not stances(ids, sources) & NEITHER]
    assert not bad, f"{table}: rows backed only by a party's sources: {bad[:10]}"


ADVOCACY = ("Christian Solidarity International", "/ CSI")


def advocacy_labelled_independent(sources) -> list[str]:
    """Rows by an advocacy body that campaigns for one side (data/README.md: party-affiliated)
    but labelled with another stance."""
    return [i for i, r in sources.iterrows()
            if any(a in r["author"] or a in (r["note"] or "") for a in ADVOCACY)
            and r["stance"] != "party-affiliated"]


def test_advocacy_reports_are_labelled_for_whose_they_are():
    sources = data.load("sources")
    assert "cox-eibner-1993" in sources.index
    assert advocacy_labelled_independent(sources) == []
    wrong = sources.copy()
    wrong.loc["cox-eibner-1993", "stance"] = "independent"
    assert advocacy_labelled_independent(wrong) == ["cox-eibner-1993"]


def test_party_figures_are_attributed_to_that_party():
    """A figure that rests only on a party's sources must say so in reported_by."""
    sources = data.load("sources")
    figures = data.load("figures")
    for fid, row in figures.iterrows():
        if stances(row["source_ids"], sources) <= PARTY:
            authors = " ".join(sources.loc[s, "author"] for s in data.split_ids(row["source_ids"]))
            assert row["reported_by"] and any(
                w in authors for w in row["reported_by"].split() if len(w) > 3), fid


def test_figures_ranges_are_ordered():
    f = data.load("figures")
    bad = f[f["low"] > f["high"]]
    assert bad.empty, list(bad.index)


def test_urls_are_not_mirrors():
    urls = data.load("sources")["copy_url"].dropna()
    mirrors = ("archive.org", "archive.ph", "scribd.com", "docplayer", "studylib", "wikiwand",
               "dbpedia", "refworld.org/cgi-bin")
    bad = [u for u in urls if any(m in u for m in mirrors)]
    assert not bad, bad


def test_rows_are_sorted_by_id(root):
    """Rows sorted by their key, so that parallel work on lessons merges cleanly."""
    for r in data.descriptor()["resources"]:
        df = data.load(r["name"])
        key = r["schema"]["primaryKey"]
        keys = [tuple(t) for t in df[key].astype(str).itertuples(index=False)]
        assert keys == sorted(keys), f"{r['path']} is not sorted by {', '.join(key)}"


def test_no_source_is_recorded_twice():
    """One row per source: no two rows share an address or a path on this machine."""
    s = data.load("sources")
    urls = s["copy_url"].fillna("")
    dup = urls[(urls != "") & urls.duplicated(keep=False)]
    assert dup.empty, f"the same URL under several ids: {sorted(dup.index)}"
    local = s[s["locator"].fillna("").str.startswith("/")
              | s["note"].fillna("").str.contains("/work/")]
    assert local.empty, f"sources pointing at local files: {list(local.index)}"


def outlet(name: str) -> str:
    """An outlet's name, compared without case, punctuation or a parenthetical."""
    import re

    return re.sub(r"[^a-z0-9]", "", re.sub(r"\(.*?\)", "", name.casefold()))


def test_one_outlet_has_one_stance():
    """A news outlet's stance is the outlet's, the same on every row."""
    s = data.load("sources")
    news = s[s["kind"] == "news"]
    by_outlet: dict[str, set] = {}
    for _, r in news.iterrows():
        by_outlet.setdefault(outlet(str(r["short"])), set()).add(r["stance"])
    mixed = {o: sorted(v) for o, v in by_outlet.items() if len(v) > 1}
    assert not mixed, f"outlets with more than one stance: {mixed}"


STATE_MEDIA = ("sputnik", "ria novosti", "tass", "xinhua", "anadolu", "trt", "mehr news",
               "young journalists club", "irna", "press tv")
RELAYED = ("citing", "quoting", "reporting", "relaying")


def state_media_not_third_state(sources) -> list[str]:
    """News rows whose copy is a third state's state media (named as the outlet, or as the
    wire behind it, not merely cited) but which carry another stance."""
    bad = []
    for i, r in sources[sources["kind"] == "news"].iterrows():
        short, author = str(r["short"]).casefold(), str(r["author"]).casefold()
        wire = any(m in author for m in STATE_MEDIA) and not any(w in author for w in RELAYED)
        if (any(m in short for m in STATE_MEDIA) or wire) and r["stance"] != "third-state":
            bad.append(i)
    return bad


def test_state_media_copies_are_third_state():
    """Sputnik, TASS, RIA, Xinhua, Anadolu, TRT and Iran's state agencies speak for their states,
    also when another site republishes their wire copy."""
    sources = data.load("sources")
    assert state_media_not_third_state(sources) == []
    wrong = sources.copy()
    wrong.loc["urdupoint-2021-11-16", "stance"] = "independent"
    assert state_media_not_third_state(wrong) == ["urdupoint-2021-11-16"]


def test_a_copy_read_is_described():
    """A copy's address comes with what that copy is; a work read in no recorded copy has no
    address."""
    s = data.load("sources")
    with_url = s[s["copy_url"].fillna("") != ""]
    assert (with_url["copy_kind"] != "not-recorded").all(), \
        list(with_url[with_url["copy_kind"] == "not-recorded"].index)
