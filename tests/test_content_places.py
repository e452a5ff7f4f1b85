"""Both place names at every mention (issue 13, §2): wherever lesson Markdown names a place
that has an Azerbaijani and an Armenian name in `data/places.csv` or `data/glossary.csv`
(a name of the form "Aghdam/Akna" or "Aghdam / Akna"), the same sentence gives both, and a
slashed pair puts the Azerbaijani form first.

Quotations, headings, citation labels, titles in quotation marks or italics and the generated
blocks are not the narrator's prose and are left out (see `test_content_terms.prose`)."""

import csv
import re

import pytest
from test_content_terms import SENTENCE, markdown_cells, prose
from tests_paths import ROOT


def read_csv(name):
    with open(ROOT / "data" / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pairs_from(names) -> list[tuple[str, str]]:
    """(Azerbaijani, Armenian) for each name written "A/B" or "A / B" (glosses in
    parentheses dropped)."""
    out = []
    for name in names:
        parts = [p.strip() for p in re.sub(r"\([^)]*\)", " ", name).split("/")]
        if len(parts) == 2 and all(parts):
            out.append((parts[0], parts[1]))
    return out


def course_pairs() -> list[tuple[str, str]]:
    names = [r["name"] for r in read_csv("places.csv")]
    names += [r["term"] for r in read_csv("glossary.csv") if r["kind"] == "place"]
    return sorted(set(pairs_from(names)))


def names_of_things() -> list[str]:
    """Names of roads, events and documents that contain a place name ("Lachin corridor",
    "Shusha Declaration"): the glossary's other rows, by their term and forms."""
    out = []
    for r in read_csv("glossary.csv"):
        if r["kind"] != "place":
            names = [r["term"], *r["forms"].split("|")]
            out += [re.sub(r"\([^)]*\)", "", n).strip() for n in names]
    return sorted({n for n in out if " " in n}, key=len, reverse=True)


def narrator_text(text: str, things=()) -> str:
    """Prose without titles: text in quotation marks or italics names a work or quotes one,
    and a thing's name (a road, a declaration) is not a mention of the place."""
    text = prose(text)
    for name in things:
        text = re.sub(rf"\b{re.escape(name)}\b", " ", text, flags=re.I)
    text = re.sub(r"“[^”]*”|\"[^\"\n]*\"|(?<![\w*])\*[^*\n]+\*(?![\w*])", " ", text)
    return text


def single_names(text: str, pairs, things=()) -> list[str]:
    """Messages for each sentence naming one form of a pair without the other, and for each
    pair written Armenian form first."""
    out = []
    for s in SENTENCE.split(narrator_text(text, things)):
        for az, hy in pairs:
            has_az = re.search(rf"\b{re.escape(az)}\b", s)
            has_hy = re.search(rf"\b{re.escape(hy)}\b", s)
            flat = " ".join(s.split())
            if bool(has_az) != bool(has_hy):
                out.append(f"{'only ' + (az if has_az else hy)!r} (write {az}/{hy}): {flat}")
            if re.search(rf"\b{re.escape(hy)}\s*/\s*{re.escape(az)}\b", s):
                out.append(f"Armenian form first (write {az}/{hy}): {flat}")
    return out


PAIRS = [("Aghdam", "Akna"), ("Khankendi", "Stepanakert")]


def test_rule_fails_on_a_single_name_and_on_the_wrong_order():
    assert single_names("Armenian forces took Aghdam in July 1993.", PAIRS)
    assert single_names("- the co-chairs met in Stepanakert", PAIRS)
    assert single_names("They met in Stepanakert/Khankendi.", PAIRS)
    assert not single_names("They met in Khankendi/Stepanakert. Then in Aghdam/Akna.", PAIRS)
    assert not single_names("The village of Khankendi was renamed Stepanakert in 1923.", PAIRS)
    assert not single_names("> “Aghdam was taken” — a quotation", PAIRS)
    assert not single_names("Wikipedia, *Battle of Aghdam*, and “Akna today”.", PAIRS)
    assert single_names("the Aghdam road", PAIRS)
    assert not single_names("the Aghdam road", PAIRS, ["Aghdam road"])


def test_pairs_are_read_from_places_and_glossary():
    assert pairs_from(["Aghdam / Akna", "Horadiz (Goradiz)", "Sumgait"]) == [("Aghdam", "Akna")]
    pairs = course_pairs()
    assert ("Khankendi", "Stepanakert") in pairs and ("Shusha", "Shushi") in pairs


PAIRS_HERE, THINGS = course_pairs(), names_of_things()


def test_names_of_things_come_from_the_glossary():
    assert "Lachin corridor" in THINGS and "Shusha Declaration" in THINGS


@pytest.mark.parametrize(("where", "source"), list(markdown_cells()))
def test_lesson_markdown_gives_both_place_names(where, source):
    bad = [f"{where}: {m}" for m in single_names(source, PAIRS_HERE, THINGS)]
    assert bad == [], "\n".join(bad)
