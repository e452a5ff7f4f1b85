"""The core article's claims: one table (data/claims.csv), one verdict each, and every lesson's
table "What the article says, what the record shows" generated from it."""

import shutil

import make_claims
import pytest
from notebook_files import LESSONS, ids, read

from karabakh_course import citations, data


@pytest.fixture(scope="module")
def claims():
    return data.load("claims")


def test_every_claims_lesson_exists(claims):
    lessons = {p.name[:2] for p in LESSONS}
    missing = sorted(set(claims["lesson"]) - lessons)
    assert not missing, f"claims for lessons without a notebook: {missing}"
    bad = [cid for cid, r in claims.iterrows() if not cid.startswith(r["lesson"] + "-")]
    assert not bad, f"an id starts with its lesson's number: {bad}"


def test_verdicts_are_on_the_one_scale(claims):
    enum = next(f for r in data.descriptor()["resources"] if r["name"] == "claims"
                for f in r["schema"]["fields"] if f["name"] == "verdict")["constraints"]["enum"]
    assert enum == list(make_claims.VERDICT_LABELS), "every verdict has one label, and only those"
    off = claims[~claims["verdict"].isin(enum)]
    assert off.empty, f"verdicts off the scale: {dict(off['verdict'])}"


def test_evidence_resolves_to_sources(claims):
    known = set(data.load("sources").index)
    for cid, r in claims.iterrows():
        evidence = data.split_ids(r["source_ids"])
        assert evidence, f"{cid}: no evidence"
        unknown = [s for s in evidence if s not in known]
        assert not unknown, f"{cid}: not in sources.csv: {unknown}"


def test_a_repeated_claim_has_one_verdict(claims):
    repeated = claims[claims["same_as"] != ""]
    for cid, r in repeated.iterrows():
        assert r["same_as"] != cid
        assert claims.loc[r["same_as"], "verdict"] == r["verdict"], cid


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_table_comes_from_claims(path, claims):
    """The lesson's table is exactly the generated one, and no row is written by hand."""
    cell = make_claims.article_cell(read(path), path)
    rows = [r for _, r in claims[claims["lesson"] == path.name[:2]].iterrows()]
    assert rows, f"no claims in data/claims.csv for lesson {path.name[:2]}"
    block = make_claims.BLOCK.search(cell.source).group(0)
    assert block == make_claims.table(rows), "not current: run `make nav`"
    outside = make_claims.BLOCK.sub("", cell.source)
    by_hand = [line for line in outside.splitlines() if line.lstrip().startswith("|")]
    assert not by_hand, f"table rows outside the generated block: {by_hand}"


def test_table_shows_labels_locations_and_author_date_citations(claims):
    r = claims.loc["05-03-georgia-joined-cis-under-pressure"]
    line = make_claims.table([r]).splitlines()[3]
    assert "Abkhazia (section 4, p. 3977). |" in line
    assert "| not found in the record searched |" in line
    assert line.endswith(" | " + citations.render(
        "[src:civilge-2009-georgia-cis] [src:rferl-2009-08-18] [src:messenger-2008-09-29] "
        "[src:upi-1993-10-08-georgia-cis]")
        + " |")
    assert "](#src-rferl-2009-08-18)" in line
    assert "(Abstract, p. 3968)." in make_claims.table([claims.loc[claims.index[0]]])


@pytest.fixture
def course_copy(tmp_path, root):
    """The data and the lesson notebooks, copied, so that a test may break them."""
    shutil.copytree(root / "data", tmp_path / "data")
    shutil.copytree(root / "notebooks", tmp_path / "notebooks")
    return tmp_path


def test_an_edited_claim_makes_its_notebook_stale_until_regenerated(course_copy, capsys):
    assert make_claims.main(["--check"], root=course_copy) == 0
    csv = course_copy / "data" / "claims.csv"
    text = csv.read_text(encoding="utf-8")
    old = "Five districts were held wholly"
    assert text.count(old) == 1
    csv.write_text(text.replace(old, "Five districts were held in full"), encoding="utf-8")
    assert make_claims.main(["--check"], root=course_copy) == 1
    assert "not current: notebooks/01-background.ipynb" in capsys.readouterr().out
    assert make_claims.main([], root=course_copy) == 0
    nb = (course_copy / "notebooks" / "01-background.ipynb").read_text(encoding="utf-8")
    assert "Five districts were held in full" in nb
    assert make_claims.main(["--check"], root=course_copy) == 0, "regenerating is idempotent"
    assert make_claims.main([], root=course_copy) == 0
    assert (course_copy / "notebooks" / "01-background.ipynb").read_text(encoding="utf-8") == nb


BREAKS = {
    "claim for a missing lesson": (
        "data/claims.csv", "01-01-transfer-demand-1988,01,", "01-01-transfer-demand-1988,99,",
        "data/claims.csv, row 4, field 'lesson': no lesson notebook notebooks/99-*.ipynb"),
    "verdict off the scale": (
        "data/claims.csv", ",supported,", ",partly supported,",
        "data/claims.csv, row 3, field 'verdict': 'partly supported' is not one of"),
    "lesson without sentinels": (
        "notebooks/02-united-nations.ipynb", "<!-- claims:start -->", "",
        "notebooks/02-united-nations.ipynb: the cell '## What the article says"),
}


@pytest.mark.parametrize("case", BREAKS)
def test_bad_input_gets_one_message_naming_where(course_copy, capsys, case):
    name, old, new, message = BREAKS[case]
    path = course_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert make_claims.main(["--check"], root=course_copy) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert message in err


# --- coverage of the article (lesson 12) -----------------------------------------------------


@pytest.fixture(scope="module")
def sections():
    return data.load("article_sections")


def test_every_claim_gives_a_page_within_its_section(claims, sections):
    missing = list(claims.index[claims["page"].isna()])
    assert not missing, f"claims without a page: {missing}"
    first = sections["first_page"].min()
    for cid, r in claims.iterrows():
        if r["article_section"] == "Whole article":
            assert r["page"] == first, cid
            continue
        s = sections.loc[r["article_section"]]
        assert s["first_page"] <= r["page"] <= s["last_page"], \
            f"{cid}: p. {r['page']} is outside {r['article_section']!r}"


def test_claims_cover_every_section_of_the_article(claims, sections):
    """Every section but the references (which the citation audit covers) holds a claim."""
    uncovered = set(sections.index) - set(claims["article_section"]) - {"References"}
    assert not uncovered, f"sections of the article without a claim: {sorted(uncovered)}"
    enum = next(f for r in data.descriptor()["resources"] if r["name"] == "claims"
                for f in r["schema"]["fields"] if f["name"] == "article_section")
    assert set(enum["constraints"]["enum"]) - {"Whole article"} == set(sections.index) - {
        "References"}, "claims.article_section and article_sections name the same sections"


def test_sections_run_in_order_over_the_article(sections):
    s = sections.sort_values("position")
    assert s["position"].tolist() == list(range(1, len(s) + 1))
    assert s.iloc[0]["first_page"] == 3968 and s.iloc[-1]["last_page"] == 3982
    assert (s["first_page"] <= s["last_page"]).all()
    assert (s["first_page"].diff().dropna() >= 0).all(), "a section starts before the last one"
    gaps = s["first_page"].iloc[1:].to_numpy() - s["last_page"].iloc[:-1].to_numpy()
    assert set(gaps) <= {0, 1}, "the sections leave no page uncovered"


def test_quotations_lists_and_dates_are_judged_by_a_claim(claims, sections):
    items = data.load("article_items")
    assert set(items["kind"]) == {"quotation", "list", "date"}
    for iid, r in items.iterrows():
        assert r["claim_id"] in claims.index, f"{iid}: no claim {r['claim_id']}"
        assert claims.loc[r["claim_id"], "article_section"] == r["section"], \
            f"{iid}: its claim is in another section"
        s = sections.loc[r["section"]]
        assert s["first_page"] <= r["page"] <= s["last_page"], iid
    body = set(sections.index) - {"Title", "Abstract", "Conclusion", "References"}
    assert body <= set(items["section"]), "every section of the body has its items listed"


def test_citations_and_references_are_in_the_article(sections):
    cits = data.load("article_citations")
    refs = data.load("article_references")
    assert len(cits) == 17 and len(refs) == 14
    assert (cits["page"].diff().dropna() >= 0).all(), "citations in the article's order"
    r = sections.loc["References"]
    assert refs["page"].between(r["first_page"], r["last_page"]).all()
    assert refs.loc["r14", "source_id"] == "jacoby-2005"
