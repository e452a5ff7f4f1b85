"""Render citations author–date and write each notebook's Sources section.

In every lesson and solution notebook, each ``[src:key]`` (or ``[src:key, p. 12]``) in Markdown
becomes an author–date link, ``[(UN DPI 2008)](#src-key)``, and the cell
``<!-- sources:start -->`` … ``<!-- sources:end -->`` (inserted before the navigation cell if
missing) lists every source the notebook cites (see :mod:`karabakh_course.citations`).
Exercise notebooks inherit both from their solutions (``make exercises``). Idempotent.

    python tools/make_sources.py           # rewrite
    python tools/make_sources.py --check   # exit 1 if anything is not current
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from course_files import write_atomic

from karabakh_course import citations

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"<!-- sources:start -->.*?<!-- sources:end -->", re.S)
HEADING = "## Sources"


def _section(keys) -> str:
    intro = ("Each citation above links here. The sources are rows of `data/sources.csv` "
             "(look one up with `kc.load(\"sources\").loc[\"key\"]`, the key being the "
             "address after `#src-` in the citation's link).")
    return (f"{HEADING}\n\n<!-- sources:start -->\n{intro}\n\n"
            f"{citations.sources_section(keys)}\n<!-- sources:end -->")


def rebuild(nb) -> bool:
    """Render citations and the Sources cell of one notebook in place; True if it changed."""
    changed = False
    keys = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or BLOCK.search(cell.source):
            continue
        new = citations.render(cell.source)
        keys += citations.keys_in(new)
        if new != cell.source:
            cell.source, changed = new, True
    text = _section(keys)
    holders = [c for c in nb.cells if c.cell_type == "markdown" and BLOCK.search(c.source)]
    if holders:
        if holders[0].source != text:
            holders[0].source, changed = text, True
    else:
        at = len(nb.cells) - 1 if nb.cells and "<!-- nav:start -->" in nb.cells[-1].source \
            else len(nb.cells)
        nb.cells.insert(at, nbformat.v4.new_markdown_cell(text))
        changed = True
    return changed


def targets(root: Path = ROOT) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")) + \
        sorted((root / "solutions").glob("[0-9][0-9]-*.ipynb"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if a notebook is not current")
    args = ap.parse_args(argv)
    stale = []
    for path in targets():
        nb = nbformat.read(path, as_version=4)
        try:
            changed = rebuild(nb)
        except KeyError as e:
            print(f"error: {path.relative_to(ROOT)}: {e.args[0]}", file=sys.stderr)
            return 2
        if changed:
            stale.append(path)
            if not args.check:
                write_atomic(path, nbformat.writes(nb) + "\n")
    if args.check:
        for p in stale:
            print(f"not current: {p.relative_to(ROOT)} (run `make nav`)")
        return 1 if stale else 0
    print(f"sources: {len(targets())} notebooks, {len(stale)} rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
