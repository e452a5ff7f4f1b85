"""Lesson 12 (reading the article critically): the claims table by section and verdict, the
claim cards, and the citation audit of the article's in-text citations against its references.

Everything here reads the course's tables (``claims``, ``article_sections``, ``article_items``,
``article_citations``, ``article_references``); nothing is judged in code. The audit matches a
citation to a reference by one stated key (the name before the first comma, case-folded, and the
year as printed) and then describes each pair that the key does not match.
"""

from __future__ import annotations

import difflib
import html
import re
from functools import lru_cache

import pandas as pd

from .. import charts, content, data
from ..checks import figure, question, value
from ..widgets import Dropdown, Rendered, register, render_figure

VERDICTS = ("supported", "contradicted", "outdated", "not-found")
VERDICT_LABELS = {"supported": "supported", "contradicted": "contradicted",
                  "outdated": "outdated", "not-found": "not found in the record searched"}
COLOURS = {"supported": charts.PALETTE["blue"], "contradicted": charts.PALETTE["orange"],
           "outdated": "#999933", "not-found": "#BBBBBB"}
WHOLE = "Whole article"
ALL = "all"
CHART_SOURCE = "the course's claims table (data/claims.csv; each row names its sources)"


# --- sections and coverage ----------------------------------------------------------------------


def sections() -> pd.DataFrame:
    """The article's sections in their order (index: the heading), with their pages."""
    return data.load("article_sections").sort_values("position")


def short(section: str) -> str:
    """A section's short label, from lesson 12's content file ('Whole article' as it is)."""
    return content.labels("12", "sections").get(section, section)


def coverage() -> pd.DataFrame:
    """One row per section (plus 'Whole article'): its pages, the number of claims and of the
    article's quotations, lists and dates, and the claims by verdict."""
    claims = data.load("claims")
    items = data.load("article_items")
    s = sections()
    order = [*s.index[s.index != "References"], WHOLE, "References"]
    by = pd.crosstab(claims["article_section"], claims["verdict"]).reindex(
        index=order, columns=list(VERDICTS), fill_value=0)
    pages = [f"{s.loc[x, 'first_page']}" + (f"–{s.loc[x, 'last_page']}"
             if s.loc[x, "last_page"] != s.loc[x, "first_page"] else "")
             if x in s.index else "" for x in order]
    n_items = items["section"].value_counts().reindex(order, fill_value=0)
    out = pd.DataFrame({"Section": order, "Pages": pages,
                        "Quotations, lists, dates": n_items.to_numpy(),
                        "Claims": by.sum(axis=1).to_numpy()})
    for v in VERDICTS:
        out[VERDICT_LABELS[v]] = by[v].to_numpy()
    return out


def uncovered() -> list[str]:
    """Sections (References aside, which the citation audit covers) that hold no claim."""
    c = coverage()
    return [s for s, n in zip(c["Section"], c["Claims"], strict=True)
            if n == 0 and s != "References"]


def by_section() -> pd.DataFrame:
    """Claims by section (rows, in the article's order) and verdict (columns, on the scale)."""
    c = coverage()
    c = c[c["Section"] != "References"].set_index("Section")
    return c[[VERDICT_LABELS[v] for v in VERDICTS]].set_axis(list(VERDICTS), axis=1)


def verdict_chart(highlight: str | None = None, *, reuse: bool = False):
    """A finished chart: the claims of each section, stacked by verdict. ``highlight``: one
    verdict drawn at full strength, the others faded (the legend keeps the full colours).
    With ``reuse`` (the widget), one figure in two layers (:class:`charts.Layers`): the axes,
    the sections, the legend (above the plot) and the title are drawn once, and an update
    draws the bars."""
    t = by_section()
    if reuse:
        layers = _verdict_layers(tuple(t.index), tuple(int(x) for x in t.sum(axis=1)))
        layers.clear()
        fig = layers.fig
    else:
        layers, fig = None, _verdict_frame(t)
    ax = fig.axes[0]
    y = list(range(len(t)))
    left = [0] * len(t)
    for v in VERDICTS:
        counts = t[v].tolist()[::-1]
        faded = highlight not in (None, ALL) and v != highlight
        bars = charts.bars(ax, y, counts, bottom=left, horizontal=True, width=0.8,
                           color=COLOURS[v], edgecolor="white", linewidth=1.0)
        bars.set_alpha(0.25 if faded else 1.0)
        if layers is not None:
            layers.add(bars)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    parts = "; ".join(f"{short(s)}: " + ", ".join(f"{n} {VERDICT_LABELS[v]}"
                                                  for v, n in r.items() if n)
                      for s, r in t.iterrows())
    alt = (f"Horizontal stacked bar chart of the {int(t.to_numpy().sum())} claims of the core "
           f"article that the course examines, by section in the article's order and by "
           f"verdict: {parts}.")
    kw = {"title": "The article's claims by section and verdict", "source": CHART_SOURCE,
          "alt": alt, "title_pad": 22}
    return charts.finish(fig, **kw) if layers is None else layers.finish(**kw)


def _verdict_frame(t: pd.DataFrame):
    """The verdict chart's axes: a row per section (the first at the top), limits as the
    bars' totals need, the grid and the legend (in full colours, above the plot)."""
    from matplotlib.patches import Patch

    fig, ax = charts.new(8, 5.2)
    n = len(t)
    ax.set_yticks(range(n), [short(s) for s in t.index][::-1])
    top = max(int(t.sum(axis=1).max()), 1) if n else 1
    ax.set_xlim(0, top * 1.05)
    pad = 0.05 * (n - 0.2)  # the margins ax.barh would give
    ax.set_ylim(-0.4 - pad, n - 0.6 + pad)
    ax.set_xlabel("claims examined by the course")
    # Above the plot, in one row: no bar is ever drawn over it.
    ax.legend(handles=[Patch(facecolor=COLOURS[v], edgecolor="white", label=VERDICT_LABELS[v])
                       for v in VERDICTS], loc="lower right", bbox_to_anchor=(1, 1.0),
              ncols=len(VERDICTS), fontsize=charts.MIN_FONT_PT)
    ax.grid(axis="x", color="#EEEEEE")
    return fig


@lru_cache(maxsize=2)
def _verdict_layers(sections: tuple, totals: tuple):
    """The widget's one figure for these sections with these totals (what its frame shows)."""
    layers = charts.Layers(_verdict_frame(by_section()))
    layers.finish(title="The article's claims by section and verdict", source=CHART_SOURCE,
                  alt="-", title_pad=22)
    return layers


# --- the claim cards ----------------------------------------------------------------------------


def claims_where(verdict: str = ALL, section: str = ALL) -> pd.DataFrame:
    """The claims with that verdict in that section ('all' for any), in the article's order."""
    c = data.load("claims")
    if verdict != ALL:
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
        c = c[c["verdict"] == verdict]
    if section != ALL:
        c = c[c["article_section"] == section]
    return c.sort_values(["page", "id"])


def card(row) -> str:
    """One claim as an HTML card: what the article says, where, the verdict, the record."""
    srcs = ", ".join(f"<code>{html.escape(s)}</code>" for s in data.split_ids(row["source_ids"]))
    where = f"{short(row['article_section'])}, p. {int(row['page'])}"
    colour = COLOURS[row["verdict"]]
    return (f"<div style='border-left:6px solid {colour};padding:2px 8px;margin:6px 0'>"
            f"<p><b>{html.escape(VERDICT_LABELS[row['verdict']])}</b> · {html.escape(where)}"
            f" · lesson {html.escape(row['lesson'])}</p>"
            f"<p><b>The article says:</b> {html.escape(row['claim'])}</p>"
            f"<p><b>The record shows:</b> {html.escape(row['record_shows'])}</p>"
            f"<p><small>Sources: {srcs}</small></p></div>")


def verdict_options() -> tuple:
    return (("all verdicts", ALL), *((VERDICT_LABELS[v], v) for v in VERDICTS))


def section_id(section: str) -> str:
    """A section's id for the widget: its heading's first four words as a slug."""
    return "-".join(re.sub(r"[^a-z0-9]+", " ", section.casefold()).split()[:4])


def _section_names() -> list[str]:
    return [x for x in sections().index if x != "References"] + [WHOLE]


def section_options() -> tuple:
    return (("all sections", ALL), *((short(x), section_id(x)) for x in _section_names()))


@register(
    "l12-claim-cards",
    question="Which claims of the article does the record contradict, in which sections, "
    "which source shows each, and how do they differ from the claims only not found?",
    controls=lambda: {"verdict": Dropdown("Verdict", verdict_options(), "supported"),
                      "section": Dropdown("Section", section_options(), ALL)},
    examples=[{"verdict": "supported", "section": ALL},
              {"verdict": "contradicted", "section": ALL},
              {"verdict": ALL, "section": "3-osce-monitoring-and"}],
)
def claim_cards(verdict: str, section: str) -> Rendered:
    if section != ALL:
        section = {section_id(x): x for x in _section_names()}[section]
    c = claims_where(verdict, section)
    total = len(data.load("claims"))
    head = (f"<p><b>Claims shown:</b> {len(c)} of {total}"
            + ("" if verdict == ALL else f", verdict {html.escape(VERDICT_LABELS[verdict])}")
            + ("" if section == ALL else f", section {html.escape(short(section))}") + ".</p>")
    body = "".join(card(r) for _, r in c.iterrows()) or "<p>No claim of this kind here.</p>"
    return render_figure(verdict_chart(verdict, reuse=True), head + body)


# --- the citation audit -------------------------------------------------------------------------


def key(frame: pd.DataFrame) -> pd.Series:
    """The audit's key: the name before the first comma, case-folded, and the year as printed."""
    name = frame["author"].str.split(",").str[0].str.strip().str.casefold()
    return name + " | " + frame["year"].fillna("")


def matched() -> pd.DataFrame:
    """Every citation with the reference whose key it matches (outer join, with indicator)."""
    cit = data.load("article_citations").reset_index(drop=True)
    ref = data.load("article_references").reset_index(drop=True)
    cit["key"], ref["key"] = key(cit), key(ref)
    return cit.merge(ref, on="key", how="outer", suffixes=("_cited", "_listed"),
                     indicator=True)


def unmatched_citations() -> set[str]:
    m = matched()
    return set(m.loc[m["_merge"] == "left_only", "id_cited"])


def unmatched_references() -> set[str]:
    m = matched()
    return set(m.loc[m["_merge"] == "right_only", "id_listed"])


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().replace("-", " ").split())


def diagnose(cited: pd.Series, listed: pd.DataFrame) -> tuple[str | None, str]:
    """The reference an unmatched citation most likely means, and what differs (pure)."""
    name = _norm(cited["author"])
    best, why, score = None, "no entry in the reference list", 0.0
    for rid, r in listed.iterrows():
        ref_name = _norm(str(r["author"]).split(",")[0])
        ratio = difflib.SequenceMatcher(None, name, ref_name).ratio()
        if ref_name == name:
            cand = (f"same name; cited as {cited['year'] or 'no year'}, listed as "
                    f"{r['year'] or 'no year'}", 1.0)
        elif ratio >= 0.8:
            cand = (f"name spelt differently ({cited['author']} / {r['author']})", ratio)
        elif name in _norm(r["entry"]):
            cand = ("cited by words of the entry's title or body, not by its author", 0.7)
        else:
            continue
        if cand[1] > score:
            best, why, score = rid, cand[0], cand[1]
    return best, why


def audit() -> pd.DataFrame:
    """What the key does not match, as a table: each unmatched citation with the reference it
    most likely means and what differs, then any reference that no citation points to."""
    cit = data.load("article_citations")
    ref = data.load("article_references")
    cit["year"], ref["year"] = cit["year"].fillna(""), ref["year"].fillna("")
    loose = ref.loc[sorted(unmatched_references())]
    rows, used = [], set()
    for cid in sorted(unmatched_citations()):
        c = cit.loc[cid]
        rid, why = diagnose(c, loose)
        used.add(rid)
        rows.append({"Citation": cid, "Cited as": c["cited_as"], "Page": int(c["page"]),
                     "Reference": rid or "", "Listed as": (ref.loc[rid, "entry"][:70] + "…")
                     if rid else "", "What differs": why})
    for rid in sorted(set(loose.index) - used):
        rows.append({"Citation": "", "Cited as": "", "Page": int(ref.loc[rid, "page"]),
                     "Reference": rid, "Listed as": ref.loc[rid, "entry"][:70] + "…",
                     "What differs": "listed, never cited"})
    return pd.DataFrame(rows)


# --- exercise checks ----------------------------------------------------------------------------

NEW_CLAIMS_KEY = {"x1": "supported", "x2": "contradicted", "x3": "outdated", "x4": "not-found"}


def primary_records(claim_id: str) -> set[str]:
    """The claim's sources that are primary records (a document or an official statement)."""
    s = data.load("sources")
    ids = data.split_ids(data.load("claims").loc[claim_id, "source_ids"])
    return {i for i in ids if s.loc[i, "kind"] in ("document", "official-statement")}


def verdict_totals() -> list[int]:
    v = data.load("claims")["verdict"].value_counts()
    return [int(v.get(x, 0)) for x in VERDICTS]


question("12-classify", "correct: one supported, one contradicted, one outdated and one not "
         "found.")(
    value(lambda: dict(NEW_CLAIMS_KEY), hint="Give a dict of the four ids to a verdict each, "
          "on the scale supported, contradicted, outdated, not-found. Contradicted needs a "
          "source that shows otherwise; outdated is true once but overtaken by the date of "
          "the text; not-found is what the record searched does not settle.")
)
question("12-primary-822", "correct: the resolution itself, unsc-822-1993.")(
    value(lambda: "unsc-822-1993", hint="Look among the claim's source_ids for the row whose "
          "kind is 'document' and whose author is the Security Council; a list, a press "
          "release or a reference work is not the primary record.")
)
question("12-primary-peacekeepers", "correct: only the 2020 statement is a primary record; the "
         "withdrawal is known from news reports.")(
    value(lambda: primary_records("12-16-russian-peacekeepers"), hint="Split the claim's "
          "source_ids at ';' and keep those whose kind in sources is 'document' or "
          "'official-statement'; news reports are not primary records.")
)
question("12-unmatched", "correct: five citations have no entry with the same name and year.")(
    value(unmatched_citations, hint="Build the key from the name before the first comma, "
          "case-folded, and the year as printed (empty years as ''), merge the citations on "
          "it with how='left' and indicator=True, and keep the ids marked 'left_only'.")
)
question("12-verdict-chart", "correct: one bar per verdict, on the course's scale.")(
    figure(kind="bar", count=len(VERDICTS), heights=verdict_totals,
           hint="Count the claims of each verdict in the order supported, contradicted, "
           "outdated, not-found (value_counts, then reindex) and draw one bar for each.")
)
