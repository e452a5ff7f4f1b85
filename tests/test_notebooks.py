"""Every notebook holds to the course's template and hygiene rules."""

import json
import re
from pathlib import Path

import nbformat
import pytest
from notebook_files import ALL, EXERCISES, LESSONS, ROOT, SOLUTIONS, ids, read

from karabakh_course import checks, citations, data, widgets

OPENING = ["## What you will learn", "## Time needed", "## Prerequisites", "## Data used"]
CLOSING = ["## Check your understanding", "## What the article says, what the record shows",
           "## Key points", "## Discussion questions", "## Further reading", "## Sources"]
QUOTE = re.compile(r'^>\s*[“"](.+?)[”"]\s*$', re.M)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MAX_OUTPUT = 400_000  # bytes of one output
MAX_NOTEBOOK = 3_000_000


def markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def code(nb):
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_valid_nbformat_and_kernel(path):
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert path.read_text(encoding="utf-8") == nbformat.writes(nb) + "\n", \
        "stored exactly as the course's tools write notebooks"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_no_errors_warnings_or_huge_outputs(path):
    nb = read(path)
    size = len(path.read_bytes())
    assert size < MAX_NOTEBOOK, f"notebook is {size} bytes"
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {i}: stored error"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"cell {i}: stored warning or stderr: {out.text[:200]}"
            assert len(json.dumps(out)) < MAX_OUTPUT, f"cell {i}: output too large"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=ids(LESSONS + SOLUTIONS))
def test_widget_state_is_saved(path):
    nb = read(path)
    shown = [o for c in nb.cells for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    if not shown:
        return
    state = nb.metadata["widgets"][WIDGET_STATE]
    assert "state" in state and state["version_major"] == 2
    for o in shown:
        mid = o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        assert mid in state["state"], f"displayed widget {mid} has no saved state"


@pytest.mark.parametrize("path", EXERCISES, ids=ids(EXERCISES))
def test_exercises_have_no_outputs_and_no_solutions(path):
    nb = read(path)
    assert "widgets" not in nb.metadata
    for c in nb.cells:
        assert not c.get("outputs") and c.get("execution_count") is None
        assert "BEGIN SOLUTION" not in c.source and "solutions-only" not in c.source


def headings(nb):
    return [line.strip() for s in markdown(nb) for line in s.splitlines()
            if line.startswith("## ")]


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_follows_the_template(path):
    nb = read(path)
    meta = nb.metadata["course"]
    num = path.name[:2]
    assert meta["lesson"] == num
    assert nb.cells[0].source.startswith(f"# {num} · {meta['title']}\n")
    hs = headings(nb)
    assert hs[:4] == OPENING, f"opening sections: {hs[:4]}"
    tail = [h for h in hs if h in CLOSING]
    assert tail == CLOSING, f"closing sections in order: {tail}"
    assert hs.index(CLOSING[0]) > 3 and all(h in hs[-len(CLOSING):] for h in CLOSING[1:])
    assert "<!-- nav:start -->" in nb.cells[-1].source
    src = "\n".join(code(nb))
    assert "kc.setup()" in code(nb)[0]
    assert f'kc.quiz.show("{num}")' in src, "the lesson shows its quiz"
    assert "kc.widgets.view(" in src, "the lesson has a widget"
    pngs = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert pngs, "the lesson has at least one chart"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_declares_its_browser_interaction(path):
    inter = read(path).metadata["course"]["interaction"]
    assert {"widget", "action", "value", "output", "before", "after"} <= set(inter)
    assert inter["action"] in {"select", "slider-right", "slider-left", "click"}
    assert inter["before"] != inter["after"]


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_widgets_are_registered(path):
    import importlib

    updates = {s.update for s in widgets.registry().values()}
    src = "\n".join(code(read(path)))
    assert not re.search(r'kc\.widgets\.view\(["\']', src), \
        "pass the widget's function (kc.widgets.view(lNN.name)), not its name"
    used = re.findall(r"kc\.widgets\.view\((l\d\d)\.(\w+)", src)
    assert used, "the lesson shows a widget from its module"
    for mod, fn in used:
        assert mod == f"l{path.name[:2]}", f"{mod}.{fn}: a lesson shows its own module's widgets"
        f = getattr(importlib.import_module(f"karabakh_course.lessons.{mod}"), fn)
        assert f in updates, f"{mod}.{fn} is not a registered widget"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_solutions_have_checked_exercises_of_several_kinds(path):
    nb = read(path)
    qs = checks.questions()
    used = re.findall(r'kc\.check\("([^"]+)"', "\n".join(code(nb)))
    assert len(used) >= 3, "at least three automatically checked exercises"
    assert len(set(used)) == len(used), "each question is checked once"
    for q in used:
        assert q in qs, f"{q} has no checker in its lesson module (karabakh_course.lessons)"
        assert q.startswith(path.name[:2] + "-")
    kinds = {qs[q].kind for q in used}
    assert len(kinds) >= 2, f"exercises of more than one kind: {kinds}"
    for c in nb.cells:
        if "### BEGIN SOLUTION" in c.source and c.cell_type == "code":
            assert c.metadata["nbgrader"]["solution"] is True
            assert c.metadata["nbgrader"]["grade_id"]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_citations_read_author_date_and_resolve(path):
    """No raw key is left in prose; every citation links to an entry of the notebook's own
    Sources section, and every key is a row of data/sources.csv."""
    known = set(data.load("sources").index)
    nb = read(path)
    prose = [s for s in markdown(nb) if "<!-- sources:start -->" not in s]
    raw = [m.group(0) for s in prose for m in citations.CITE.finditer(s)]
    assert not raw, f"raw citation keys in prose (run `make nav`): {raw[:5]}"
    cited = citations.keys_in("\n".join(prose))
    assert set(cited) <= known, f"not in data/sources.csv: {sorted(set(cited) - known)}"
    section = [s for s in markdown(nb) if "<!-- sources:start -->" in s]
    assert len(section) == 1, "one Sources section"
    listed = re.findall(r'<a id="src-([a-z0-9-]+)"></a>', section[0])
    assert sorted(listed) == sorted(set(cited)), "the Sources section lists exactly what is cited"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=ids(LESSONS + SOLUTIONS))
def test_quotations_come_from_the_quotes_table(path):
    quotes = set(data.load("quotes")["text"])
    for s in markdown(read(path)):
        for q in QUOTE.findall(s):
            assert q in quotes, f"quotation not in data/quotes.csv: {q[:80]}"


def lesson_files(root, num: str, stem: str) -> dict[str, Path]:
    """The full set of files of lesson ``num``: what a lesson is (README, "Adding or changing
    a lesson")."""
    return {
        "lesson notebook": root / "notebooks" / f"{stem}.ipynb",
        "solutions notebook": root / "solutions" / f"{stem}.ipynb",
        "exercises notebook": root / "exercises" / f"{stem}.ipynb",
        "lesson module": root / "src" / "karabakh_course" / "lessons" / f"l{num}.py",
        "content file": root / "data" / "lessons" / f"{num}.json",
        "teacher guide page": root / "docs" / "teacher-guide" / f"{stem}.md",
        "tests": root / "tests" / "lessons" / f"test_l{num}.py",
    }


def test_every_lesson_is_one_full_set_of_files(root):
    stems = {p.name[:2]: p.stem for p in LESSONS}
    assert stems, "no lessons found"
    for num, stem in stems.items():
        missing = [f"{what} ({path.relative_to(root)})"
                   for what, path in lesson_files(root, num, stem).items() if not path.exists()]
        assert not missing, f"lesson {num} lacks: {', '.join(missing)}"
    # and nothing of a lesson without its lesson notebook
    strays = [p for pattern in ("solutions/[0-9][0-9]-*.ipynb", "exercises/[0-9][0-9]-*.ipynb",
                                "docs/teacher-guide/[0-9][0-9]-*.md")
              for p in root.glob(pattern) if stems.get(p.name[:2]) != p.stem]
    strays += [p for pattern in ("src/karabakh_course/lessons/l[0-9][0-9].py",
                                 "tests/lessons/test_l[0-9][0-9].py")
               for p in root.glob(pattern) if p.stem[-2:] not in stems]
    strays += [p for p in root.glob("data/lessons/*.json") if p.stem not in stems]
    assert not strays, f"files of no lesson: {[str(p.relative_to(root)) for p in strays]}"


@pytest.fixture(scope="module")
def fresh_package_names():
    """The names a freshly imported ``karabakh_course`` has (in a new process, so that no
    submodule imported by another test hides a missing import)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import karabakh_course as kc; print(*dir(kc))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_no_hidden_cell_order_dependency(path, fresh_package_names):
    """Every ``kc.name`` a notebook uses exists right after ``import karabakh_course as kc``:
    no cell relies on a module that some earlier cell or test happened to import."""
    used = set(re.findall(r"\bkc\.(\w+)", "\n".join(code(read(path)))))
    missing = sorted(used - fresh_package_names)
    assert not missing, f"kc.{', kc.'.join(missing)} is not there after `import karabakh_course`"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_no_stray_math(path):
    """JupyterLab renders text between two dollar signs as a formula ("$1 billion … $5
    billion"): a dollar sign in Markdown is written \\$ (code spans are exempt)."""
    for i, s in enumerate(markdown(read(path))):
        prose = re.sub(r"`[^`]*`", "", s)
        found = [m.start() for m in re.finditer(r"(?<!\\)\$", prose)]
        assert not found, f"Markdown cell {i + 1}: unescaped $ at {found[:3]} (write \\$)"


def test_course_map_links_open_the_course_map_page():
    """Every "Course map" link opens notebooks/course-map.md (a page that starts with the map:
    JupyterLab does not follow a #heading into a notebook it opens), which lists every lesson
    with a link; lesson 00 keeps the same map under its heading."""
    import make_nav

    page = ROOT / "notebooks" / make_nav.MAP_PAGE
    text = page.read_text(encoding="utf-8")
    assert text.splitlines()[1] == "# The course map"
    for nb_path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert f"]({nb_path.name})" in text, f"{page.name}: no link to {nb_path.name}"
    start = nbformat.read(ROOT / "notebooks" / "00-start-here.ipynb", as_version=4)
    headings = [line for c in start.cells if c.cell_type == "markdown"
                for line in c.source.splitlines()]
    assert make_nav.MAP_HEADING in headings
    for path in ALL:
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                         if c.cell_type == "markdown")
        links = re.findall(r"\[Course map\]\(([^)]*)\)", text)
        assert links, f"{path.name}: no Course map link"
        target = ("" if path.parent.name == "notebooks" else "../notebooks/") + make_nav.MAP_PAGE
        assert all(link == target for link in links), (path.name, links)
