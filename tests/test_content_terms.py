"""Content rules over the data and the lessons' prose: one entry per glossary term, one as-of
date per figure, contested terms attributed in event titles and in lesson Markdown.

Each rule is a small pure function tested once on a crafted bad input (so it can fail) and
then applied to the course's own files."""

import csv
import re

import nbformat
import pytest
from tests_paths import ROOT

# --- glossary: one entry per term --------------------------------------------------------


def normalise_term(term: str) -> tuple[str, str]:
    """(whole, head) of a glossary term, compared case- and spacing-blind: quotation marks and
    parenthesised glosses dropped, spaces around slashes removed; head is the first
    alternative. 'Aghdam / Akna' and 'Aghdam/Akna' give the same pair."""
    t = re.sub(r"\([^)]*\)", " ", term)
    t = re.sub(r"[\"“”‘’']", "", t).lower()
    t = re.sub(r"\s*/\s*", "/", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t, t.split("/")[0].strip()


def duplicate_terms(rows) -> list[str]:
    """Messages naming each pair of glossary rows whose terms are the same once normalised
    (the whole term or its first alternative)."""
    seen: dict[str, str] = {}
    out = []
    for r in rows:
        whole, head = normalise_term(r["term"])
        for key in dict.fromkeys((whole, head)):
            if key in seen and seen[key] != r["id"]:
                out.append(f"data/glossary.csv: rows {seen[key]!r} and {r['id']!r} are the "
                           f"same term ({r['term']!r})")
                break
        for key in (whole, head):
            seen.setdefault(key, r["id"])
    return out


def read_csv(name):
    with open(ROOT / "data" / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_duplicate_check_sees_through_spacing_quotes_and_glosses():
    rows = [{"id": "a", "term": "Aghdam / Akna"}, {"id": "b", "term": "Aghdam/Akna"},
            {"id": "c", "term": '"Occupied territories" / "security belt"'},
            {"id": "d", "term": "occupied territories"},
            {"id": "e", "term": "Lachin corridor"},
            {"id": "f", "term": "Lachin corridor (Lachin/Berdzor)"},
            {"id": "g", "term": "Karabakh"}, {"id": "h", "term": "Karabakh economic region"}]
    found = duplicate_terms(rows)
    assert len(found) == 3, found
    assert "'a' and 'b'" in found[0] and "'c' and 'd'" in found[1] and "'e' and 'f'" in found[2]


def test_glossary_has_one_entry_per_term():
    assert duplicate_terms(read_csv("glossary.csv")) == []


# --- figures: one figure, one as-of date --------------------------------------------------


def figures_with_two_dates(rows) -> list[str]:
    """The same count (measure, low, high) from the same source given with different as-of
    dates."""
    groups: dict[tuple, dict[str, str]] = {}
    for r in rows:
        key = (r["measure"], r["low"], r["high"], r["source_ids"].split(";")[0])
        groups.setdefault(key, {})[r["id"]] = r["as_of"]
    return [f"data/figures.csv: rows {sorted(g)} give one figure with as-of dates "
            f"{sorted(set(g.values()))}" for g in groups.values() if len(set(g.values())) > 1]


def test_two_dates_check_fails_on_a_repeated_figure():
    rows = [{"id": "x", "measure": "displaced", "low": "650000", "high": "650000",
             "source_ids": "deng", "as_of": "1994-05-01"},
            {"id": "y", "measure": "displaced", "low": "650000", "high": "650000",
             "source_ids": "deng;other", "as_of": "1994-05-12"}]
    assert figures_with_two_dates(rows) and "['x', 'y']" in figures_with_two_dates(rows)[0]


def test_each_figure_has_one_as_of_date():
    assert figures_with_two_dates(read_csv("figures.csv")) == []


# --- contested terms attributed -------------------------------------------------------------

CONTESTED = re.compile(r"\b(blockade\w*|pogroms?|massacres?|genocid\w*|\w*-?terroris\w*|"
                       r"aggression|occupied|occupation|occupying|liberat\w*)\b", re.I)
# Words that attribute a term to whoever uses it.
ATTRIBUTION = re.compile(
    r"\b(call\w*|describ\w*|term\w*|label\w*|nam(e|ed|es|ing)|word\w*|says?|said|speak\w*|"
    r"spoke|wr(ote|ites?)|accus\w*|according|usage|reading|claim\w*|condemn\w*|demand\w*|"
    r"title|recall\w*|reaffirm\w*|declar\w*|position|view|sources?|media|governments?)\b", re.I)
# Parties and organisations whose own usage a sentence may report ("Anti-Armenian" is not one).
PARTIES = re.compile(
    r"(?<!-)\b(Azerbaijan\w*|Armenia\w*|Karabakh Armenian\w*|Russia\w*|Kremlin|"
    r"UN|United Nations|Security Council|General Assembly|Secretary-General|UNHCR|OCHA|"
    r"ICJ|ECtHR|PACE|Council of Europe|OSCE|CSCE|EU|European \w+|OIC|CSTO|CIS|ACAPS|"
    r"Human Rights Watch|HRW|Amnesty|ICRC|Wikipedia|Kazimirov|de Waal|Cox|article)\b")


def unattributed_title(title: str) -> bool:
    """An event title that uses a contested term without 'called'/'described as' or a
    party's or organisation's name as the author of the wording (a place such as Baku is not
    one, nor is 'Anti-Armenian')."""
    return bool(CONTESTED.search(title)) and not (
        re.search(r"\b(called|calls|described as)\b", title) or PARTIES.search(title))


def test_title_rule_fails_on_a_bare_label():
    assert unattributed_title("Anti-Armenian pogrom in Sumgait")
    assert unattributed_title("Blockade of the Lachin corridor")
    assert unattributed_title("Anti-Armenian pogrom in Baku")
    assert not unattributed_title("Killings of Armenians in Sumgait (called a pogrom by most "
                                  "sources)")
    assert not unattributed_title("Security Council resolution 853 (Agdam)")


def test_event_titles_attribute_contested_terms():
    bad = [f"data/events.csv: row {r['id']!r}: title {r['title']!r}"
           for r in read_csv("events.csv") if unattributed_title(r["title"])]
    assert bad == [], "\n".join(bad)


RENDERED_CITE = re.compile(r"\[\([^\]]*\)\]\(#src-[^)]*\)|\[src:[^\]]*\]")
SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"“*])|\n\s*[-|]|\|")
GENERATED = ("sources", "nav", "claims", "course-map")


def prose(source: str) -> str:
    """The narrator's prose of a Markdown cell: generated blocks, quotations, headings,
    citation labels and code dropped."""
    for name in GENERATED:
        source = re.sub(f"<!-- {name}:start -->.*?<!-- {name}:end -->", " ", source, flags=re.S)
    lines = [ln for ln in source.split("\n") if not ln.lstrip().startswith((">", "#", "—"))]
    text = RENDERED_CITE.sub(" ", "\n".join(lines))
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def unattributed_sentences(text: str) -> list[str]:
    """Sentences (or list items, or table cells) that use a contested term with neither an
    attribution word nor a party's or organisation's name."""
    out = []
    for s in SENTENCE.split(prose(text)):
        if CONTESTED.search(s) and not (ATTRIBUTION.search(s) or PARTIES.search(s)):
            out.append(" ".join(s.split()))
    return out


EUPHEMISM = re.compile(r"\bdeparture of (almost all |the )?(the )?Karabakh Armenian", re.I)


def test_sentence_rule_fails_on_the_narrators_own_label():
    assert unattributed_sentences("The blockade lasted nine months.")
    assert unattributed_sentences("- the pogrom went on for three days")
    assert unattributed_sentences("it omits the Lachin corridor blockade, the International Court "
                                  "of Justice and the war")
    assert not unattributed_sentences("ACAPS called it a blockade.")
    assert not unattributed_sentences("> “the blockade lasted” — a quotation")
    assert EUPHEMISM.search("the departure of almost all Karabakh Armenians")


def markdown_cells():
    for folder in ("notebooks", "solutions"):
        for path in sorted((ROOT / folder).glob("[0-9][0-9]-*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == "markdown":
                    yield f"{folder}/{path.name}, cell {i}", cell.source


@pytest.mark.parametrize(("where", "source"), list(markdown_cells()))
def test_lesson_markdown_attributes_contested_terms(where, source):
    bad = [f"{where}: {s}" for s in unattributed_sentences(source)]
    bad += [f"{where}: 'departure' for the flight of 2023: {m.group(0)!r}"
            for m in EUPHEMISM.finditer(source)]
    assert bad == [], "\n".join(bad)
