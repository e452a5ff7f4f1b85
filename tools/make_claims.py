"""Generate each lesson's table "What the article says, what the record shows" from claims.csv.

The core article's claims live in one table, ``data/claims.csv``, so that a claim has one verdict
everywhere. This script rewrites, in each lesson notebook, the table between the sentinels
``<!-- claims:start -->`` and ``<!-- claims:end -->`` inside the Markdown cell that opens with
``## What the article says, what the record shows``; the text around the sentinels is the
lesson's own. Sources are written as ``[src:key]``, as authors write them.

    python tools/make_claims.py           # rewrite
    python tools/make_claims.py --check   # exit 1 if a table is not current
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import nbformat
import pandas as pd
from course_files import write_atomic

from karabakh_course import citations, data

ROOT = Path(__file__).resolve().parents[1]
HEADING = "## What the article says, what the record shows"
START, END = "<!-- claims:start -->", "<!-- claims:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
CLAIMS = "data/claims.csv"
VERDICT_LABELS = {
    "supported": "supported",
    "contradicted": "contradicted",
    "outdated": "outdated",
    "not-found": "not found in the record searched",
}
HEADER = ["The article says", "What the record shows", "Verdict", "Sources"]


class ClaimsError(Exception):
    """A problem that stops the generator, with a message naming the file (and row, field)."""


def lesson_notebooks(root: Path = ROOT) -> dict[str, Path]:
    return {p.name[:2]: p for p in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))}


def _lines(root: Path) -> dict[str, int]:
    """Each claim's row as the line number an editor shows (for messages)."""
    with open(root / CLAIMS, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return {row["id"]: reader.line_num for row in reader}


def location(section: str, page) -> str:
    """Where in the article: 'Introduction', 'section 4', with ', p. 3968' when known."""
    m = re.match(r"(\d+)\. ", section)
    if m:
        where = f"section {m.group(1)}"
    elif section == "Whole article":
        where = "whole article"
    else:
        where = section
    if not pd.isna(page):
        where += f", p. {int(page)}"
    return where


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def table(rows) -> str:
    """The Markdown table of one lesson's claims (rows: records of ``claims``), in id order."""
    out = [START, "| " + " | ".join(HEADER) + " |", "|---|---|---|---|"]
    for r in rows:
        claim = _cell(r["claim"])
        loc = f" ({location(r['article_section'], r['page'])})"
        claim = claim[:-1] + loc + "." if claim.endswith(".") else claim + loc
        sources = citations.render(" ".join(f"[src:{k}]" for k in data.split_ids(r["source_ids"])))
        out.append(f"| {claim} | {_cell(r['record_shows'])} | {VERDICT_LABELS[r['verdict']]} "
                   f"| {sources} |")
    out.append(END)
    return "\n".join(out)


def load_claims(root: Path = ROOT):
    """The claims table, checked against the lessons: every claim's lesson has a notebook and
    a claim that repeats another (same_as) carries its verdict."""
    try:
        claims = data.load("claims", root / "data")
    except data.DataError as e:
        raise ClaimsError(f"data/{e}") from None
    notebooks = lesson_notebooks(root)
    lines = _lines(root)
    for cid, r in claims.iterrows():
        if r["lesson"] not in notebooks:
            raise ClaimsError(f"{CLAIMS}, row {lines.get(cid, '?')}, field 'lesson': "
                              f"no lesson notebook notebooks/{r['lesson']}-*.ipynb")
        same = r["same_as"]
        if same and claims.loc[same, "verdict"] != r["verdict"]:
            raise ClaimsError(f"{CLAIMS}, row {lines.get(cid, '?')}, field 'verdict': "
                              f"{r['verdict']!r}, but the same claim {same} is "
                              f"{claims.loc[same, 'verdict']!r}")
    return claims


def article_cell(nb, path: Path, root: Path = ROOT):
    """The lesson's Markdown cell that holds the claims table (its sentinels checked)."""
    cells = [c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith(HEADING)]
    where = path.relative_to(root)
    if len(cells) != 1:
        raise ClaimsError(f"{where}: {len(cells)} Markdown cells open with '{HEADING}'; "
                          "a lesson has exactly one")
    cell = cells[0]
    if cell.source.count(START) != 1 or cell.source.count(END) != 1 or not BLOCK.search(
            cell.source):
        raise ClaimsError(f"{where}: the cell '{HEADING}' needs one '{START}' followed by one "
                          f"'{END}' where the table goes (the table comes from {CLAIMS})")
    return cell


def render(root: Path = ROOT) -> dict[Path, str]:
    """Every notebook this script owns, as the text it should have."""
    claims = load_claims(root)
    out: dict[Path, str] = {}
    for num, path in lesson_notebooks(root).items():
        nb = nbformat.read(path, as_version=4)
        cell = article_cell(nb, path, root)
        rows = [r for _, r in claims[claims["lesson"] == num].iterrows()]
        if not rows:
            raise ClaimsError(f"{path.relative_to(root)}: {CLAIMS} has no claims for lesson "
                              f"{num}; add them there (the notebook's table is generated)")
        block = table(rows)
        cell.source = BLOCK.sub(lambda _m, t=block: t, cell.source)
        out[path] = nbformat.writes(nb) + "\n"
    return out


def main(argv=None, root: Path = ROOT) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    try:
        rendered = render(root)
    except ClaimsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    stale = [p for p, t in rendered.items() if p.read_text(encoding="utf-8") != t]
    if args.check:
        for p in stale:
            print(f"not current: {p.relative_to(root)} (run `make nav`)")
        return 1 if stale else 0
    for p in stale:
        write_atomic(p, rendered[p])
    print(f"claims tables: {len(stale)} files rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
