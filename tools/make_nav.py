"""Generate the navigation cells and the course map from the lessons' metadata.

Each lesson's notebook metadata holds ``course: {lesson, title, time, summary}``. This script
rewrites, between sentinels, (1) the last cell of every lesson and solution notebook
(``<!-- nav:start -->`` … ``<!-- nav:end -->``) and (2) the course map in ``README.md`` and in
``notebooks/00-start-here.ipynb`` (``<!-- course-map:start -->`` … ``<!-- course-map:end -->``).

    python tools/make_nav.py           # rewrite
    python tools/make_nav.py --check   # exit 1 if anything is not current
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from course_files import write_atomic

ROOT = Path(__file__).resolve().parents[1]
NAV = re.compile(r"<!-- nav:start -->.*?<!-- nav:end -->", re.S)
# JupyterLab's id for lesson 00's heading "### The course map" (spaces become hyphens).
MAP_HEADING = "### The course map"
MAP_ANCHOR = "The-course-map"
MAP = re.compile(r"<!-- course-map:start -->.*?<!-- course-map:end -->", re.S)
TEACHER = "docs/teacher-guide"


def lessons(root: Path = ROOT) -> list[dict]:
    out = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        meta = nbformat.read(path, as_version=4).metadata.get("course", {})
        for key in ("lesson", "title", "time", "summary"):
            if not meta.get(key):
                raise SystemExit(f"{path.relative_to(root)}: metadata course.{key} is missing")
        out.append({**meta, "file": path.name})
    return out


def _label(les: dict) -> str:
    return f"{les['lesson']} · {les['title']}"


def nav_text(les: dict, all_lessons: list[dict], kind: str) -> str:
    i = next(k for k, x in enumerate(all_lessons) if x["file"] == les["file"])
    prev = all_lessons[i - 1] if i > 0 else None
    nxt = all_lessons[i + 1] if i + 1 < len(all_lessons) else None
    here = "" if kind == "notebooks" else "../notebooks/"
    parts = []
    if prev:
        parts.append(f"← Previous: [{_label(prev)}]({here}{prev['file']})")
    parts.append(f"[Course map]({here}00-start-here.ipynb#{MAP_ANCHOR})")
    if nxt:
        parts.append(f"Next: [{_label(nxt)}]({here}{nxt['file']}) →")
    stem = les["file"]
    practice = []
    if (ROOT / "solutions" / stem).exists():
        if kind != "notebooks":
            practice.append(f"Lesson: [{_label(les)}](../notebooks/{stem})")
        practice.append(f"Exercises: [exercises/{stem}](../exercises/{stem})")
        practice.append(f"Solutions: [solutions/{stem}](../solutions/{stem})")
    guide = f"{TEACHER}/{stem.replace('.ipynb', '.md')}"
    if (ROOT / guide).exists():
        practice.append(f"For teachers: [{guide}](../{guide})")
    lines = ["<!-- nav:start -->", "---", "**Navigation** · " + " · ".join(parts)]
    if practice:
        lines += ["", "**Practice** · " + " · ".join(practice)]
    lines.append("<!-- nav:end -->")
    return "\n".join(lines)


def course_map(all_lessons: list[dict], prefix: str) -> str:
    rows = ["<!-- course-map:start -->",
            "| Lesson | What it covers | Time | Practice |", "|---|---|---|---|"]
    for les in all_lessons:
        stem = les["file"]
        practice = ""
        if (ROOT / "solutions" / stem).exists():
            up = "" if prefix else "../"
            practice = (f"[exercises]({up}exercises/{stem}) · [solutions]({up}solutions/{stem})")
        rows.append(f"| [{_label(les)}]({prefix}{stem}) | {les['summary']} | {les['time']} "
                    f"| {practice} |")
    rows.append("<!-- course-map:end -->")
    return "\n".join(rows)


def render(root: Path = ROOT) -> dict[Path, str]:
    """Every file this script owns, as the text it should have."""
    all_lessons = lessons(root)
    by_file = {x["file"]: x for x in all_lessons}
    out: dict[Path, str] = {}
    for kind in ("notebooks", "solutions"):
        for path in sorted((root / kind).glob("[0-9][0-9]-*.ipynb")):
            les = by_file.get(path.name)
            if les is None:
                raise SystemExit(f"{kind}/{path.name} has no lesson notebooks/{path.name}")
            nb = nbformat.read(path, as_version=4)
            nav = nav_text(les, all_lessons, kind)
            last = nb.cells[-1] if nb.cells else None
            if last is not None and last.cell_type == "markdown" and NAV.search(last.source):
                last.source = NAV.sub(lambda _m, t=nav: t, last.source)
            else:
                nb.cells.append(nbformat.v4.new_markdown_cell(nav))
            if path.name.startswith("00-"):
                for cell in nb.cells:
                    if cell.cell_type == "markdown" and MAP.search(cell.source):
                        cm = course_map(all_lessons, "")
                        cell.source = MAP.sub(lambda _m, t=cm: t, cell.source)
            out[path] = nbformat.writes(nb) + "\n"
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    cm = course_map(all_lessons, "notebooks/")
    out[readme] = MAP.sub(lambda _m: cm, text)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    stale = [p for p, t in render().items() if p.read_text(encoding="utf-8") != t]
    if args.check:
        for p in stale:
            print(f"not current: {p.relative_to(ROOT)} (run `make nav`)")
        return 1 if stale else 0
    for p, t in render().items():
        if p in stale:
            write_atomic(p, t)
    print(f"navigation: {len(stale)} files rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
