"""One row per work in `data/sources.csv` (issue 13): two rows with the same author, title and
date (compared case- and punctuation-blind), or the same symbol and date, are one work and are
merged, with every reference moved to the row kept."""

import csv
import re
from collections import defaultdict

from tests_paths import ROOT


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def duplicate_sources(rows) -> list[str]:
    """Messages naming each group of rows that describe one work."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for r in rows:
        groups[("author, title and date", _norm(r["author"]), _norm(r["title"]), r["date"])].append(
            r["id"]
        )
        if r["symbol"].strip():
            groups[("symbol and date", _norm(r["symbol"]), r["date"])].append(r["id"])
    return [
        f"data/sources.csv: rows {ids} are one work (same {key[0]}): merge them"
        for key, ids in groups.items()
        if len(ids) > 1
    ]


def test_duplicate_check_sees_through_case_and_punctuation():
    rows = [
        {
            "id": "a",
            "author": "CSCE Council",
            "title": "Summary of Conclusions",
            "date": "1992-03-24",
            "symbol": "",
        },
        {
            "id": "b",
            "author": "CSCE council",
            "title": "Summary of conclusions.",
            "date": "1992-03-24",
            "symbol": "",
        },
        {
            "id": "c",
            "author": "UN",
            "title": "Resolution 853",
            "date": "1993-07-29",
            "symbol": "S/RES/853 (1993)",
        },
        {
            "id": "d",
            "author": "UN Security Council",
            "title": "Res. 853",
            "date": "1993-07-29",
            "symbol": "S/RES/853(1993)",
        },
        {"id": "e", "author": "UN", "title": "Resolution 853", "date": "1993-07-30", "symbol": ""},
    ]
    found = duplicate_sources(rows)
    assert len(found) == 2, found
    assert "['a', 'b']" in found[0] and "['c', 'd']" in found[1]


def test_one_row_per_work():
    with open(ROOT / "data" / "sources.csv", newline="", encoding="utf-8") as f:
        assert duplicate_sources(list(csv.DictReader(f))) == []


def test_citation_shares_count_prose_citations_only():
    import citation_shares

    cell = ("Text [src:unsc-853-1993] and [(UN DPI 2008)](#src-un-press-ga-10693), again "
            "[src:unsc-853-1993].\n<!-- sources:start -->[src:lisbon-1996]<!-- sources:end -->")
    keys = citation_shares.prose_keys(cell)
    assert keys == ["unsc-853-1993", "un-press-ga-10693", "unsc-853-1993"]
    kinds, copies = citation_shares.shares(keys)
    assert kinds["document or official statement"] == 3 and sum(copies.values()) == 3
