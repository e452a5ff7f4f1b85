"""Generate ``exercises/NN-title.ipynb`` from ``solutions/NN-title.ipynb``.

The solutions are the single source. In code cells, each region between ``### BEGIN SOLUTION``
and ``### END SOLUTION`` (nbgrader's markers) becomes a placeholder that assigns ``...`` to every
name the solution assigned, so "Run All" still works and each check reports "not yet". In
Markdown cells, the region becomes "*Your answer here.*". Markdown between
``<!-- solutions-only:start -->`` and ``<!-- solutions-only:end -->`` is dropped. Outputs,
execution counts and saved widget state are cleared.

    python tools/make_exercises.py           # write exercises/
    python tools/make_exercises.py --check   # exit 1 if exercises/ is not current
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ONLY = re.compile(r"<!-- solutions-only:start -->.*?<!-- solutions-only:end -->\n?", re.S)
PLACEHOLDER_MD = "*Your answer here.*"


class SolutionError(ValueError):
    pass


def assigned_names(code: str) -> list[str]:
    """Names bound at the top level of a code region, in order of first appearance."""
    tree = ast.parse(textwrap.dedent(code))
    names: list[str] = []

    def add(target):
        if isinstance(target, ast.Name):
            if target.id not in names:
                names.append(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for t in target.elts:
                add(t)
        elif isinstance(target, ast.Starred):
            add(target.value)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                add(t)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            add(node.target)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name not in names:
            names.append(node.name)
        elif isinstance(node, ast.For | ast.With):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Assign):
                    for t in sub.targets:
                        add(t)
    return names


def strip_code(source: str, where: str) -> str:
    lines = source.split("\n")
    out, region, indent, start = [], None, "", 0
    for i, line in enumerate(lines):
        s = line.strip()
        if s == BEGIN:
            if region is not None:
                raise SolutionError(f"{where}: line {i + 1}: BEGIN SOLUTION inside a region")
            region, indent, start = [], line[: len(line) - len(line.lstrip())], i + 1
        elif s == END:
            if region is None:
                raise SolutionError(f"{where}: line {i + 1}: END SOLUTION without BEGIN")
            try:
                names = assigned_names("\n".join(region))
            except SyntaxError as e:
                raise SolutionError(f"{where}: the solution at line {start} does not parse: "
                                    f"{e.msg}") from None
            if names:
                out += [f"{indent}{n} = ...  # your answer here" for n in names]
            else:
                out += [f"{indent}# your code here", f"{indent}pass"]
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise SolutionError(f"{where}: BEGIN SOLUTION at line {start} is never closed")
    return "\n".join(out)


def strip_markdown(source: str, where: str) -> str:
    source = ONLY.sub("", source)
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if source.count(BEGIN) != source.count(END):
        raise SolutionError(f"{where}: unbalanced solution markers")
    return pattern.sub(PLACEHOLDER_MD, source)


def exercise_from_solution(nb, name: str):
    ex = copy.deepcopy(nb)
    ex.metadata.pop("widgets", None)
    course = ex.metadata.setdefault("course", {})
    course["generated_from"] = f"solutions/{name}"
    course.pop("interaction", None)
    for i, cell in enumerate(ex.cells, start=1):
        where = f"solutions/{name}, cell {i}"
        if cell.cell_type == "code":
            cell.source = strip_code(cell.source, where)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source, where)
        cell.metadata.pop("execution", None)
    ex.cells = [c for c in ex.cells if c.source.strip() or c.cell_type == "code"]
    return ex


def build(root: Path = ROOT) -> dict[Path, str]:
    """The exercise notebooks as text, keyed by their path."""
    out = {}
    for path in sorted((root / "solutions").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        ex = exercise_from_solution(nb, path.name)
        out[root / "exercises" / path.name] = nbformat.writes(ex) + "\n"
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if exercises/ is not current")
    args = ap.parse_args(argv)
    try:
        files = build()
    except SolutionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    stale = []
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
    extra = [p for p in (ROOT / "exercises").glob("*.ipynb") if p not in files]
    if args.check:
        for p in stale + extra:
            print(f"not current: {p.relative_to(ROOT)} (run `make exercises`)")
        return 1 if stale or extra else 0
    for p in extra:
        p.unlink()
    print(f"exercises: {len(files)} notebooks, {len(stale)} rewritten, {len(extra)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
