"""Generate ``exercises/NN-title.ipynb`` from ``solutions/NN-title.ipynb``.

The solutions are the single source. In code cells, each region between ``### BEGIN SOLUTION``
and ``### END SOLUTION`` (nbgrader's markers) becomes a placeholder that assigns ``...`` to the
names the rest of the notebook reads from it (the code after the region, in its cell and in the
later cells), so "Run All" still works and each check reports "not yet" without giving away the
solution's shape (its loop variables and intermediate results). In Markdown cells, the region
becomes "*Your answer here.*". Markdown between ``<!-- solutions-only:start -->`` and
``<!-- solutions-only:end -->`` is dropped. Outputs, execution counts and saved widget state are
cleared; cell metadata (nbgrader's among it) is kept.

A learner's work is never lost: an exercise notebook holding answers or outputs is not
overwritten unless ``--force`` is given, and then a copy is kept in ``backups/exercises/``; a
notebook the generator did not write (a "Copy1" made in JupyterLab) is never deleted. Each
generated notebook records a digest of its cells (``metadata.course.exercise_digest``), which is
how an edited one is recognised.

    python tools/make_exercises.py           # write exercises/
    python tools/make_exercises.py --force   # also replace answered ones (after a backup)
    python tools/make_exercises.py --check   # exit 1 if the committed exercises are not current
"""

from __future__ import annotations

import argparse
import ast
import copy
import datetime as dt
import hashlib
import json
import re
import subprocess
import symtable
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
from course_files import write_atomic

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ONLY = re.compile(r"<!-- solutions-only:start -->.*?<!-- solutions-only:end -->\n?", re.S)
PLACEHOLDER_MD = "*Your answer here.*"
MAGIC = re.compile(r"^(\s*)[%!?].*$", re.M)
BACKUPS = Path("backups") / "exercises"


class SolutionError(ValueError):
    pass


# --- which names a placeholder must define --------------------------------------------------


def _symbols(src: str) -> tuple[dict, set]:
    """(names bound at module level, in order; module-level names read) of one statement."""
    table = symtable.symtable(src, "<cell>", "exec")
    binds = {s.get_name(): None for s in table.get_symbols()
             if s.is_assigned() or s.is_imported()}
    reads = {s.get_name() for s in table.get_symbols() if s.is_referenced()}
    stack = list(table.get_children())
    while stack:  # functions, lambdas, classes, comprehensions: their global reads
        child = stack.pop()
        reads |= {s.get_name() for s in child.get_symbols()
                  if s.is_referenced() and s.is_global()}
        stack += child.get_children()
    return binds, reads


def _scan(nodes, bound: dict, needed: set) -> None:
    """Walk statements in order: a name read before the code binds it is ``needed``."""

    def simple(node):
        binds, reads = _symbols(ast.unparse(node))
        needed.update(reads - bound.keys())
        bound.update(binds)

    def target(t):
        loads = [n for n in ast.walk(t) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
        needed.update(n.id for n in loads if n.id not in bound)
        bound.update((n.id, None) for n in ast.walk(t)
                     if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))

    for s in nodes:
        if isinstance(s, ast.For | ast.AsyncFor):
            simple(s.iter)
            target(s.target)
            _scan(s.body + s.orelse, bound, needed)
        elif isinstance(s, ast.While | ast.If):
            simple(s.test)
            _scan(s.body + s.orelse, bound, needed)
        elif isinstance(s, ast.With | ast.AsyncWith):
            for item in s.items:
                simple(item.context_expr)
                if item.optional_vars is not None:
                    target(item.optional_vars)
            _scan(s.body, bound, needed)
        elif isinstance(s, ast.Try | ast.TryStar):
            _scan(s.body, bound, needed)
            for h in s.handlers:
                if h.type is not None:
                    simple(h.type)
                if h.name:
                    bound[h.name] = None
                _scan(h.body, bound, needed)
            _scan(s.orelse + s.finalbody, bound, needed)
        else:
            simple(s)


def _parse(code: str):
    return ast.parse(MAGIC.sub(lambda m: f"{m.group(1)}pass", textwrap.dedent(code)))


def bound_names(code: str) -> list[str]:
    """Names a code region binds at the top level, in order of first appearance."""
    bound: dict = {}
    _scan(_parse(code).body, bound, set())
    return list(bound)


def names_read(chunks: list[str]) -> set[str] | None:
    """Names the code ``chunks`` (run in order) read before binding them; None if unparsable."""
    bound: dict = {}
    needed: set = set()
    for chunk in chunks:
        try:
            tree = _parse(chunk)
        except SyntaxError:
            return None
        _scan(tree.body, bound, needed)
    return needed


def assigned_names(code: str, later: list[str] | None = None) -> list[str]:
    """The names a placeholder for ``code`` must assign: those the ``later`` code reads
    (all the names it binds when the later code cannot be analysed, or is not given)."""
    names = bound_names(code)
    if later is None:
        return names
    read = names_read(later)
    return names if read is None else [n for n in names if n in read]


# --- stripping a notebook -------------------------------------------------------------------


def _split(source: str, where: str) -> list:
    """The cell as lists of plain-code lines and (indent, region lines, line) tuples."""
    parts: list = []
    plain: list[str] = []
    region, indent, start = None, "", 0
    for i, line in enumerate(source.split("\n")):
        s = line.strip()
        if s == BEGIN:
            if region is not None:
                raise SolutionError(f"{where}: line {i + 1}: BEGIN SOLUTION inside a region")
            parts.append(plain)
            plain, region = [], []
            indent, start = line[: len(line) - len(line.lstrip())], i + 1
        elif s == END:
            if region is None:
                raise SolutionError(f"{where}: line {i + 1}: END SOLUTION without BEGIN")
            parts.append((indent, region, start))
            region = None
        elif region is not None:
            region.append(line)
        else:
            plain.append(line)
    if region is not None:
        raise SolutionError(f"{where}: BEGIN SOLUTION at line {start} is never closed")
    parts.append(plain)
    return parts


def strip_code(source: str, where: str, later: list[str] | None = None) -> str:
    """The exercise version of a code cell. ``later``: the exercise code of the cells after
    it (the placeholders define only what the code after a region reads)."""
    parts = _split(source, where)
    later = [] if later is None else list(later)
    out: list[str] = []
    for k in range(len(parts) - 1, -1, -1):  # from the end: what follows is already stripped
        part = parts[k]
        if isinstance(part, list):
            out[:0] = part
            continue
        indent, region, start = part
        try:
            names = assigned_names("\n".join(region), ["\n".join(out), *later])
        except SyntaxError as e:
            raise SolutionError(f"{where}: the solution at line {start} does not parse: "
                                f"{e.msg}") from None
        if names:
            lines = [f"{indent}{n} = ...  # your answer here" for n in names]
        else:
            lines = [f"{indent}# your code here", f"{indent}pass"]
        out[:0] = lines
    return "\n".join(out)


def strip_markdown(source: str, where: str) -> str:
    source = ONLY.sub("", source)
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if source.count(BEGIN) != source.count(END):
        raise SolutionError(f"{where}: unbalanced solution markers")
    return pattern.sub(PLACEHOLDER_MD, source)


def digest(nb) -> str:
    """A fingerprint of a notebook's cells (type and source): it changes when a learner
    edits a cell, and not when JupyterLab re-saves the notebook."""
    cells = [[c.cell_type, c.source] for c in nb.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()[:16]


def exercise_from_solution(nb, name: str):
    ex = copy.deepcopy(nb)
    ex.metadata.pop("widgets", None)
    course = ex.metadata.setdefault("course", {})
    course["generated_from"] = f"solutions/{name}"
    course.pop("interaction", None)
    later: list[str] = []
    for i in range(len(ex.cells), 0, -1):  # from the end, so each cell knows what follows
        cell = ex.cells[i - 1]
        where = f"solutions/{name}, cell {i}"
        if cell.cell_type == "code":
            cell.source = strip_code(cell.source, where, later)
            later.insert(0, cell.source)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source, where)
        cell.metadata.pop("execution", None)
    ex.cells = [c for c in ex.cells if c.source.strip() or c.cell_type == "code"]
    ex.cells.extend(progress_cells(nb, name))
    course["exercise_digest"] = digest(ex)
    return ex


PROGRESS_MD = ("## Your progress\n\nRun this cell at any time: it counts the checks above that "
               "pass (those run since the kernel started).")


def progress_cells(nb, name: str) -> list:
    """A progress line at the end of an exercise notebook (how many of its checks pass), for a
    lesson that has checks; fixed cell ids, so the generated file is the same every time."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    if "kc.check(" not in code:
        return []
    md = nbformat.v4.new_markdown_cell(PROGRESS_MD)
    md.id = "course-progress-heading"
    cell = nbformat.v4.new_code_cell(f'kc.checks.progress("{name[:2]}")')
    cell.id = "course-progress"
    return [md, cell]


def build(root: Path = ROOT) -> dict[Path, str]:
    """The exercise notebooks as text, keyed by their path."""
    out = {}
    for path in sorted((root / "solutions").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        ex = exercise_from_solution(nb, path.name)
        out[root / "exercises" / path.name] = nbformat.writes(ex) + "\n"
    return out


# --- a learner's work -----------------------------------------------------------------------


def _read(text: str):
    try:
        return nbformat.reads(text, as_version=4)
    except Exception:  # not a notebook nbformat can read: treat it as someone's work
        return None


def learner_work(text: str, pristine: list[str] = ()) -> str | None:
    """What in an exercise notebook is a learner's (None if nothing): 'answers' (its cells
    differ from what the generator wrote), 'outputs' (it was run), or both. ``pristine``: texts
    known to be generated (for notebooks written before the digest was recorded)."""
    nb = _read(text)
    if nb is None:
        return "answers"
    recorded = based_on(text)
    if recorded is not None:
        edited = recorded != digest(nb)
    else:
        edited = digest(nb) not in [digest(p) for p in map(_read, pristine) if p is not None]
    ran = any(c.get("outputs") or c.get("execution_count") is not None
              for c in nb.cells if c.cell_type == "code")
    return " and ".join(k for k, on in (("answers", edited), ("outputs", ran)) if on) or None


def based_on(text: str) -> str | None:
    """The digest of the generated exercise a notebook was made from (kept in its metadata
    when a learner edits it)."""
    nb = _read(text)
    return None if nb is None else nb.metadata.get("course", {}).get("exercise_digest")


def orphan(path: Path, text: str) -> bool:
    """Whether ``path`` is an exercise the generator wrote, untouched since, whose solution
    is gone: only such a file may be removed (a copy made in JupyterLab, "…-Copy1.ipynb",
    names another file's solution and is never removed)."""
    nb = _read(text)
    return (nb is not None and learner_work(text) is None
            and nb.metadata.get("course", {}).get("generated_from") == f"solutions/{path.name}")


def committed(root: Path, path: Path) -> str | None:
    """The file's text in git's HEAD commit; None outside a git checkout or if not committed."""
    rel = path.relative_to(root).as_posix()
    try:
        r = subprocess.run(["git", "-C", str(root), "show", f"HEAD:./{rel}"],
                           capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.decode("utf-8") if r.returncode == 0 else None


@dataclass(frozen=True)
class Finding:
    path: Path
    problem: bool  # True: the committed exercises are not current
    message: str


def check(root: Path = ROOT) -> list[Finding]:
    """Whether the committed exercises are what the solutions generate. A learner's answers
    in the working copy are not a problem: then the committed version (git's HEAD) is compared."""
    files = build(root)
    found = []
    for path, text in files.items():
        rel = path.relative_to(root)
        if not path.exists():
            found.append(Finding(path, True, f"{rel} is missing (run `make exercises`)"))
            continue
        current = path.read_text(encoding="utf-8")
        if current == text:
            continue
        head = committed(root, path)
        work = learner_work(current, [t for t in (head, text) if t])
        if work is None:
            found.append(Finding(path, True, f"{rel} is not current (run `make exercises`)"))
        elif head == text or based_on(current) == based_on(text):
            found.append(Finding(path, False, f"{rel} holds your {work}: that is the only "
                                 "difference; the exercise itself is current"))
        elif head is None:
            found.append(Finding(path, False, f"{rel} holds your {work} and was made from an "
                                 "older version of its solution; `python tools/make_exercises.py "
                                 "--force` replaces it, keeping a copy of yours"))
        else:
            found.append(Finding(path, True, f"the committed {rel} is not current (run `make "
                                 f"exercises` and commit); your working copy holds your {work} "
                                 "and was left as it is"))
    for path in sorted((root / "exercises").glob("*.ipynb")):
        if path in files:
            continue
        rel = path.relative_to(root)
        text = path.read_text(encoding="utf-8", errors="replace")
        if orphan(path, text):
            found.append(Finding(path, True, f"{rel} has no solution any more (run `make "
                                 "exercises` to remove it)"))
        else:
            found.append(Finding(path, False, f"{rel} was not generated from a solution; "
                                 "left alone"))
    return found


def backup(root: Path, path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = root / BACKUPS / f"{path.stem}-{stamp}{path.suffix}"
    n = 1
    while dest.exists():
        n += 1
        dest = dest.with_name(f"{path.stem}-{stamp}-{n}{path.suffix}")
    write_atomic(dest, path.read_bytes())
    return dest


def write(root: Path = ROOT, force: bool = False, say=print) -> int:
    """Write the exercises; return 1 if an answered notebook was kept instead of replaced."""
    files = build(root)
    rewritten, kept, removed = 0, 0, 0
    for path, text in files.items():
        rel = path.relative_to(root)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if current is not None:
            work = learner_work(current, [t for t in (committed(root, path),) if t])
            if work and based_on(current) == based_on(text):
                say(f"{rel} is current (and holds your {work})")
                continue
            if work and not force:
                say(f"kept {rel}: it holds your {work}. To replace it with the new version, run "
                    f"`python tools/make_exercises.py --force` (a copy of yours is kept in "
                    f"{BACKUPS}/).")
                kept += 1
                continue
            if work:
                say(f"{rel} held your {work}: a copy is in {backup(root, path).relative_to(root)}")
        write_atomic(path, text)
        rewritten += 1
    for path in sorted((root / "exercises").glob("*.ipynb")):
        if path in files:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if orphan(path, text):
            path.unlink()  # a generated, untouched exercise whose solution is gone
            removed += 1
        else:
            say(f"left alone: {path.relative_to(root)} (not generated from a solution)")
    say(f"exercises: {len(files)} notebooks, {rewritten} rewritten, {kept} kept, "
        f"{removed} removed")
    return 1 if kept else 0


def main(argv=None, root: Path = ROOT) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="fail if the committed exercises are not current")
    ap.add_argument("--force", action="store_true",
                    help="replace exercises holding answers or outputs (a copy is kept)")
    args = ap.parse_args(argv)
    try:
        if args.check:
            found = check(root)
            for f in found:
                print(("not current: " if f.problem else "note: ") + f.message)
            return 1 if any(f.problem for f in found) else 0
        return write(root, force=args.force)
    except SolutionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
