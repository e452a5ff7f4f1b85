"""Lesson 12: the claims by section and verdict, the claim cards and the citation audit."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from lesson_answers import params, right, verify, wrong  # noqa: E402

from karabakh_course import data  # noqa: E402
from karabakh_course.lessons import l12  # noqa: E402

SCALE = ["supported", "contradicted", "outdated", "not-found"]


def test_coverage_counts_every_claim_once():
    c = l12.coverage()
    assert c["Claims"].sum() == len(data.load("claims"))
    assert c["Quotations, lists, dates"].sum() == len(data.load("article_items"))
    assert c.iloc[0]["Section"] == "Title" and c.iloc[-1]["Section"] == "References"
    assert c.set_index("Section").loc["References", "Claims"] == 0
    assert l12.uncovered() == []
    assert c.set_index("Section").loc["Abstract", "Pages"] == "3968–3969"


def test_by_section_is_on_the_scale_in_the_article_order():
    t = l12.by_section()
    assert list(t.columns) == SCALE
    assert t.index[0] == "Title" and t.index[-1] == "Whole article"
    assert t.to_numpy().sum() == len(data.load("claims"))
    assert t.loc["8. Turkish states Union and Karabakh victory", "contradicted"] == 2


def test_claims_where_filters_and_refuses_an_unknown_verdict():
    c = l12.claims_where("contradicted", "3. OSCE: Monitoring and Mediation")
    assert set(c.index) == {"04-01-eleven-members-with-hungary",
                            "04-02-all-talks-in-minsk-framework"}
    assert c["page"].is_monotonic_increasing
    assert len(l12.claims_where()) == len(data.load("claims"))
    with pytest.raises(ValueError, match="unknown verdict 'false'"):
        l12.claims_where("false")


def test_chart_and_cards_answer_the_question():
    fig = l12.verdict_chart()
    assert fig.course_alt.startswith("Horizontal stacked bar chart of the")
    assert "8 · Turkic states: 1 supported, 2 contradicted" in fig.course_alt
    plt.close("all")
    out = l12.claim_cards("contradicted", "all")
    assert "Claims shown:</b> " in out.html and "eleven members" in out.html
    assert "Partnership for Peace" not in out.html
    assert out.png
    default = l12.claim_cards("supported", "all").html
    assert "Partnership for Peace" in default and "eleven members" not in default
    empty = l12.claim_cards("contradicted", "title").html
    assert "Claims shown:</b> 0 of" in empty and "No claim of this kind here" in empty
    assert [v for _, v in l12.verdict_options()] == ["all", *SCALE]
    ids = [v for _, v in l12.section_options()]
    assert ids[:3] == ["all", "title", "abstract"] and ids[-1] == "whole-article"
    assert "3-osce-monitoring-and" in ids and len(set(ids)) == len(ids)
    osce = l12.claim_cards("all", "3-osce-monitoring-and").html
    assert "section 3 · OSCE" in osce


def test_the_audit_finds_what_the_key_does_not_match():
    assert l12.unmatched_citations() == {"c06", "c08", "c09", "c12", "c17"}
    assert l12.unmatched_references() == {"r05", "r06", "r10", "r11", "r13"}
    a = l12.audit().set_index("Citation")
    assert a.loc["c17", "Reference"] == "r05" and "listed as 2022" in a.loc["c17", "What differs"]
    assert a.loc["c06", "What differs"].startswith("name spelt differently")
    assert a.loc["c08", "Reference"] == "r06"
    assert a.loc["c12", "Reference"] == "r10"
    assert "" not in a.index, "every reference is cited once the pairs are made"


def test_diagnose_reports_a_citation_with_no_candidate():
    refs = data.load("article_references")
    cited = pd.Series({"author": "Smith", "year": "1999"})
    assert l12.diagnose(cited, refs) == (None, "no entry in the reference list")


def test_primary_records_are_documents_and_official_statements():
    assert l12.primary_records("12-16-russian-peacekeepers") == {"pm-am-statement-2020"}
    assert "unsc-822-1993" in l12.primary_records("02-03-resolutions-demands")


# --- checked questions ------------------------------------------------------------------------

KEY = {"x1": "supported", "x2": "contradicted", "x3": "outdated", "x4": "not-found"}


def claims():
    return data.load("claims")


def sources():
    return data.load("sources")


def cit_ref():
    return data.load("article_citations"), data.load("article_references")


def merged(key_fn, how="left"):
    cit, ref = cit_ref()
    m = cit.assign(key=key_fn(cit)).reset_index().merge(
        ref.assign(key=key_fn(ref)).reset_index(), on="key", how=how,
        suffixes=("_cited", "_listed"), indicator=True)
    return set(m.loc[m["_merge"] == "left_only", "id_cited"])


def folded(frame):
    return (frame["author"].str.split(",").str[0].str.strip().str.casefold() + "|"
            + frame["year"].fillna(""))


def exact_case(frame):
    return frame["author"].str.split(",").str[0].str.strip() + "|" + frame["year"].fillna("")


def names_only(frame):
    return frame["author"].str.split(",").str[0].str.strip().str.casefold()


def peacekeeper_sources(kinds=("document", "official-statement")):
    ids = claims().loc["12-16-russian-peacekeepers", "source_ids"].split(";")
    k = sources().loc[ids, "kind"]
    return set(k[k.isin(kinds)].index)


def verdict_bars(order=SCALE, method="bar", column="verdict", lessons_before_12=False):
    def draw():
        c = claims()
        c = c[c["lesson"] < "12"] if lessons_before_12 else c
        counts = c[column].value_counts().reindex(order, fill_value=0)
        fig, ax = plt.subplots()
        getattr(ax, method)(list(map(str, counts.index)), counts.to_numpy())
        ax.set_title("Verdicts")
        return fig
    return draw


ANSWERS = [
    right("12-classify", "a dict (the solution)", lambda: dict(KEY)),
    right("12-classify", "built in another order", lambda: {k: KEY[k] for k in reversed(KEY)}),
    wrong("12-classify", "not found read as contradicted",
          lambda: {**KEY, "x4": "contradicted"}, "Contradicted needs a source"),
    wrong("12-classify", "outdated read as contradicted",
          lambda: {**KEY, "x3": "contradicted"}, "outdated is true once"),
    wrong("12-classify", "the labels, not the values",
          lambda: {**KEY, "x4": "not found in the record searched"}, "on the scale"),

    right("12-primary-822", "the id (the solution)", lambda: "unsc-822-1993"),
    right("12-primary-822", "with spaces and capitals", lambda: " UNSC-822-1993 "),
    wrong("12-primary-822", "the list of resolutions", lambda: "wp-list-unsc-nk",
          "a list, a press release or a reference work"),
    wrong("12-primary-822", "the press release", lambda: "un-press-ga-10693",
          "kind is 'document'"),
    wrong("12-primary-822", "the row, not its id",
          lambda: sources().loc[["unsc-822-1993"]], "expected a text"),

    right("12-primary-peacekeepers", "a set (the solution)", peacekeeper_sources),
    right("12-primary-peacekeepers", "a list", lambda: sorted(peacekeeper_sources())),
    wrong("12-primary-peacekeepers", "every source of the claim",
          lambda: set(claims().loc["12-16-russian-peacekeepers", "source_ids"].split(";")),
          "0 missing, 2 that should not be there"),
    wrong("12-primary-peacekeepers", "documents only",
          lambda: peacekeeper_sources(("document",)), "1 missing, 0 that should not be there"),
    wrong("12-primary-peacekeepers", "the news reports",
          lambda: peacekeeper_sources(("news",)), "news reports are not primary records"),

    right("12-unmatched", "a left merge (the solution)", lambda: merged(folded)),
    right("12-unmatched", "an outer merge", lambda: merged(folded, "outer")),
    right("12-unmatched", "l12's own function", l12.unmatched_citations),
    wrong("12-unmatched", "capitals not folded", lambda: merged(exact_case),
          "1 that should not be there"),
    wrong("12-unmatched", "names only, years ignored", lambda: merged(names_only),
          "missing, 0 that should not be there"),
    wrong("12-unmatched", "the references instead",
          lambda: {"r05", "r06", "r10", "r11", "r13"}, "5 missing, 5 that should not be"),

    right("12-verdict-chart", "ax.bar (the solution)", verdict_bars()),
    right("12-verdict-chart", "ax.barh", verdict_bars(method="barh")),
    wrong("12-verdict-chart", "lesson 12's claims left out", verdict_bars(lessons_before_12=True),
          "their values are not"),
    wrong("12-verdict-chart", "one bar per lesson", verdict_bars(
        order=sorted(data.load("claims")["lesson"].unique()), column="lesson"),
          "expected 4 bars"),
    wrong("12-verdict-chart", "a line", lambda: data.load("claims")["verdict"].value_counts()
          .reindex(SCALE).plot(title="Verdicts"), "expected a bar chart"),
]


@pytest.mark.parametrize("answer", params(ANSWERS))
def test_checked_answers(answer):
    verify(answer)
