"""Prose citations of the lessons by kind of work and by the copy read (issue 13, §1).

Counts every citation in the narrator's Markdown of the lesson notebooks (the generated
Sources, navigation and claims blocks left out), each citation once where it stands, and
prints the shares: by kind of work (document or official statement, scholarly, dataset,
news, encyclopedia) and by `copy_kind` (original, reproduction, translation, summary,
catalogue, not recorded), read from `data/sources.csv`.

    python tools/citation_shares.py                 # lessons 00-05
    python tools/citation_shares.py --lessons 00-09 # another range
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import nbformat

from karabakh_course import citations, data

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("sources", "nav", "claims", "course-map")
KIND_GROUP = {"document": "document or official statement",
              "official-statement": "document or official statement",
              "statement": "document or official statement",
              "scholarly": "scholarly", "dataset": "dataset", "news": "news",
              "reference": "encyclopedia"}


def prose_keys(source: str) -> list[str]:
    """Source keys cited in one Markdown cell's prose, one per citation (repeats kept)."""
    for name in GENERATED:
        source = re.sub(f"<!-- {name}:start -->.*?<!-- {name}:end -->", " ", source, flags=re.S)
    found = [(m.start(), m.group(1)) for m in citations.CITE.finditer(source)]
    found += [(m.start(), m.group(2)) for m in citations.RENDERED.finditer(source)]
    return [k for _, k in sorted(found)]


def lesson_keys(first: int, last: int) -> list[str]:
    keys = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        if first <= int(path.name[:2]) <= last:
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "markdown":
                    keys += prose_keys(cell.source)
    return keys


def shares(keys: list[str]) -> tuple[Counter, Counter]:
    sources = data.load("sources")
    kinds = Counter(KIND_GROUP.get(sources.loc[k, "kind"], sources.loc[k, "kind"]) for k in keys)
    copies = Counter(str(sources.loc[k, "copy_kind"]) for k in keys)
    return kinds, copies


def report(keys: list[str]) -> str:
    kinds, copies = shares(keys)
    total = len(keys)
    lines = [f"{total} prose citations ({len(set(keys))} works)", "", "By kind of work:"]
    lines += [f"  {k:32} {n:5}  {100 * n / total:5.1f} %" for k, n in kinds.most_common()]
    ne = kinds["news"] + kinds["encyclopedia"]
    lines += [f"  {'news and encyclopedia together':32} {ne:5}  {100 * ne / total:5.1f} %", "",
              "By the copy read:"]
    lines += [f"  {k:32} {n:5}  {100 * n / total:5.1f} %" for k, n in copies.most_common()]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", default="00-05", help="range of lesson numbers, e.g. 00-09")
    first, last = (int(x) for x in parser.parse_args(argv).lessons.split("-"))
    print(report(lesson_keys(first, last)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
