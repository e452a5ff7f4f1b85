"""Every notebook in a real browser: JupyterLab driven by Debian's Chromium through Playwright.

Every lesson is also shown at two window widths, 1400 px and 900 px (a laptop with the file
browser open): a screenshot of each goes to ``browser-screenshots/``, and the rendered size of
chart text is checked (no chart is shrunk below the scale at which its smallest text,
``charts.MIN_FONT_PT`` at ``charts.DPI``, is 9 pt on screen); tables scroll sideways rather
than wrap to a word a line.

For each notebook: saved widgets render before anything runs; after "Restart Kernel and Run All"
there is no error output, every widget renders and every chart appears; every check shows one
verdict in words ("Correct" / "Not yet"), never a ``Result(...)`` value; a lesson's declared
interaction (its metadata ``course.interaction``) is performed and its effect asserted; the
lesson is saved and reopened, and every widget still renders (the course's ``saveState``
setting); its "Course map" link opens the course map page with the map on the first screen.
A screenshot of each notebook goes to ``browser-screenshots/`` for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import sys
import urllib.parse
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).parent))
import browser_setup  # noqa: E402  (tools/, on the path by tests/conftest.py)
import labdriver  # noqa: E402
from labdriver import PANEL, run_all  # noqa: E402
from notebook_files import ALL, LESSONS, ids  # noqa: E402

from karabakh_course import charts  # noqa: E402

pytestmark = pytest.mark.browser
SHOTS = ROOT / "browser-screenshots"
VIEW = "application/vnd.jupyter.widget-view+json"

if os.environ.get("SKIP_BROWSER") == "1":
    pytest.skip("SKIP_BROWSER=1", allow_module_level=True)


def chromium() -> str:
    """The browser tools/browser_setup.py finds (COURSE_CHROMIUM, or the usual names)."""
    try:
        return browser_setup.find_chromium()
    except browser_setup.NotFound as e:
        pytest.fail(f"{e}\n(`make test-browser` installs Debian's package where it can)")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 with a token, in isolated Jupyter folders, serving a
    copy of the course whose notebooks are trusted as the course's setup trusts them."""
    chromium()
    try:
        with labdriver.lab_server(tmp_path_factory.mktemp("jupyter"), trust=ALL) as (b, t, _):
            yield b, t
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session", autouse=True)
def shots_folder():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir()
    print(f"\nscreenshots: {SHOTS}")


def expected(nb) -> tuple[int, int]:
    """How many widget views and PNG charts the notebook shows once run."""
    widgets = pngs = 0
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            widgets += VIEW in data
            pngs += "image/png" in data
    return widgets, pngs


def errors_on_page(page) -> list[str]:
    return page.eval_on_selector_all(
        f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
        f"{PANEL} .jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']",
        "els => els.map(e => e.innerText.slice(0, 300))")


def widget_errors(page) -> int:
    return page.locator(f"{PANEL} >> text=Error displaying widget").count()


def control_output(page, label: str):
    """The widget view whose control is labelled ``label``, and its text output."""
    box = page.locator(f"{PANEL} .widget-vbox").filter(
        has=page.locator(".widget-label", has_text=label)).last
    return box, box.locator(".widget-html").last


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_notebook_in_the_browser(lab, browser, path):
    base, token = lab
    nb = nbformat.read(path, as_version=4)
    n_widgets, n_pngs = expected(nb)
    rel = path.relative_to(ROOT).as_posix()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/{rel}?reset&token={token}")
        page.wait_for_selector(f"{PANEL} .jp-Notebook", timeout=60_000)
        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
        # 1. Before anything runs: saved widgets render from their stored state.
        if n_widgets:
            page.wait_for_selector(f"{PANEL} .jupyter-widgets.widget-vbox", timeout=30_000)
        assert widget_errors(page) == 0, "a saved widget failed to display"
        # 2. Restart and run all: no error, every widget and chart present.
        n_code = sum(c.cell_type == "code" for c in nb.cells)
        run_all(page, n_code)
        page.wait_for_timeout(500)
        errs = errors_on_page(page)
        assert not errs, f"error or warning output in the browser: {errs}"
        assert page.locator(f"{PANEL} .jp-OutputArea-output[data-mime-type="
                            f"'application/vnd.jupyter.error']").count() == 0
        assert widget_errors(page) == 0, "a widget failed to display after Run All"
        if n_widgets:
            page.wait_for_selector(f"{PANEL} .jupyter-widgets.widget-vbox", timeout=30_000)
        if path.parent.name != "exercises":
            # Charts drawn as outputs (Image widgets add more): all of them appear.
            sel = f"{PANEL} img[src^='data:image/png']"
            try:
                page.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n",
                                       arg=[sel, n_pngs], timeout=30_000)
            except Exception:
                pass
            n_imgs = page.locator(sel).count()
            assert n_imgs >= n_pngs, f"{n_imgs} charts shown, {n_pngs} expected"
        # 3. The lesson's declared interaction.
        inter = nb.metadata.get("course", {}).get("interaction")
        if inter and path.parent.name == "notebooks":
            box, out = control_output(page, inter["widget"])
            box.scroll_into_view_if_needed()
            assert inter["before"] in out.inner_text(), out.inner_text()[:300]
            if inter["action"] == "select":
                box.locator("select").first.select_option(label=inter["value"])
            elif inter["action"] in {"slider-right", "slider-left"}:
                handles = box.locator(".noUi-handle")
                handle = handles.last if inter["action"] == "slider-right" else handles.first
                handle.focus()
                handle.press("ArrowRight" if inter["action"] == "slider-right" else "ArrowLeft")
            elif inter["action"] == "click":
                box.locator("button", has_text=inter["value"]).click()
            page.wait_for_function(
                "([el, t]) => el.innerText.includes(t)",
                arg=[out.element_handle(), inter["after"]], timeout=15_000)
            assert inter["output"] in out.inner_text()
            box.screenshot(path=str(SHOTS / f"{path.parent.name}-{path.stem}-interaction.png"))
        # 3b. Every widget view answers an action on its first control with a new output.
        if path.parent.name == "notebooks":
            boxes = labdriver.widget_boxes(page)
            for k in range(boxes.count()):
                try:
                    kind, changed = act_on(page, boxes.nth(k))
                except Exception as e:  # the view was re-drawn under the action: once more
                    if "not attached" not in str(e):
                        raise
                    page.wait_for_timeout(1000)
                    kind, changed = act_on(page, boxes.nth(k))
                assert changed, (f"widget {k + 1} ({kind}): its output did not change: "
                                 f"{labdriver._question(boxes.nth(k))[:120]!r}")
        # 4. One verdict per check, in words; never the result object as the cell's value.
        n_checks = sum(c.source.count("kc.check(") for c in nb.cells if c.cell_type == "code")
        verdicts = page.locator(f"{PANEL} .course-verdict")
        if n_checks:  # the last outputs may still be arriving
            try:
                page.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n",
                                       arg=[f"{PANEL} .course-verdict", n_checks],
                                       timeout=30_000)
            except Exception:
                pass
        assert verdicts.count() == n_checks, f"{verdicts.count()} verdicts, {n_checks} checks"
        for text in verdicts.all_inner_texts():
            assert text.startswith(("✓ Correct", "✗ Not yet")), text
        assert page.locator(f"{PANEL} >> text=Result(question_id").count() == 0
        page.screenshot(path=str(SHOTS / f"{path.parent.name}-{path.stem}.png"))
        # 5. Saved and reopened: every widget renders from the saved state.
        if path.parent.name == "notebooks" and n_widgets:
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_timeout(1500)
            page.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/{rel}?reset&token={token}")
            page.wait_for_selector(f"{PANEL} .jupyter-widgets.widget-vbox", timeout=60_000)
            page.wait_for_timeout(1000)
            assert widget_errors(page) == 0, "a widget failed to display after save and reopen"
            shown = page.locator(f"{PANEL} .jp-OutputArea-output .jupyter-widgets").count()
            assert shown >= n_widgets, f"{shown} widgets after reopening, {n_widgets} expected"
        # 6. "Course map" opens the course map, its heading and its table on the first screen.
        if path.parent.name == "notebooks" and path.stem != "00-start-here":
            link = page.locator(f"{PANEL} a", has_text="Course map").first
            href = urllib.parse.urlsplit(link.get_attribute("href"))  # JupyterLab adds ?_xsrf=…
            assert href.path.endswith("notebooks/course-map.md"), href
            link.click()
            view = page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden) .jp-RenderedMarkdown")
            title = view.locator("h1", has_text="The course map")
            try:
                title.wait_for(timeout=30_000)
                view.locator("table a", has_text="12 · ").first.wait_for(timeout=10_000)
            finally:
                page.screenshot(path=str(SHOTS / f"{path.parent.name}-{path.stem}-map.png"))
            top = title.bounding_box()
            assert top and 0 <= top["y"] < 1000 / 2, f"the map's heading is at {top}"
            assert view.locator("table tr").count() >= 14  # the header and every lesson
    finally:
        page.close()


# True once a widget view's output (its last HTML, or its image) differs from ``before``.
_CHANGED = """([box, before]) => {
    const htmls = box.querySelectorAll('.widget-html');
    const text = htmls.length ? htmls[htmls.length - 1].innerHTML : '';
    const img = box.querySelector('.widget-image');
    return text !== before[0] || (img ? img.src : '') !== before[1];
}"""


def _changed(page, box, before, timeout: int = 15_000) -> bool:
    try:
        page.wait_for_function(_CHANGED, arg=[box.element_handle(), before], timeout=timeout)
        return True
    except Exception:
        return False


def act_on(page, box) -> tuple[str, bool]:
    """One learner action on a widget view's first control (the next option of a dropdown, an
    arrow key on a slider, a click on a checkbox or on a quiz option and Check, a letter in a
    text box); returns the kind of action and whether the view's output changed."""
    box.scroll_into_view_if_needed()
    before = box.evaluate(labdriver._STATE)
    if box.locator("select").count():
        sel = box.locator("select").first
        n = sel.locator("option").count()
        sel.select_option(index=(sel.evaluate("s => s.selectedIndex") + 1) % max(n, 1))
        return "dropdown", _changed(page, box, before)
    if box.locator(".noUi-handle").count():
        handle = box.locator(".noUi-handle").last
        handle.focus()
        for key in ("ArrowLeft", "ArrowRight", "ArrowRight"):  # one of them moves it
            handle.press(key)
            if _changed(page, box, before, 5_000):
                return "slider", True
        return "slider", False
    if box.locator(".widget-radio-box input").count():
        box.locator(".widget-radio-box input").first.check()
        box.locator("button", has_text="Check").first.click()
        return "quiz", _changed(page, box, before)
    if box.locator("input[type=checkbox]").count():
        box.locator("input[type=checkbox]").first.click()
        return "checkbox", _changed(page, box, before)
    if box.locator("input[type=text]").count():
        box.locator("input[type=text]").first.press_sequentially("a")
        return "text", _changed(page, box, before)
    return "no control", True


# The smallest chart text on screen, in CSS pt (1 pt = 4/3 px): the PNG's smallest text is
# MIN_FONT_PT at DPI, i.e. MIN_FONT_PT * DPI / 72 image pixels, shown at the image's scale.
CHART_SCALES = """sel => [...document.querySelectorAll(sel)].filter(i => i.naturalWidth > 0)
    .map(i => [i.getBoundingClientRect().width / i.naturalWidth, i.alt || i.src.slice(0, 60)])"""
TABLE_WORDS = """sel => [...document.querySelectorAll(sel)].filter(t => t.offsetParent).map(t => {
    const cells = [...t.querySelectorAll('td')].filter(c => c.innerText.trim().includes(' '));
    const lines = c => Math.round(c.getBoundingClientRect().height
                                  / parseFloat(getComputedStyle(c).lineHeight || 16));
    const words = cells.map(c => c.innerText.trim().split(/\\s+/).length);
    const wrapped = cells.filter((c, k) => words[k] >= 3 && lines(c) >= words[k]).length;
    return [cells.length, wrapped];
})"""


def smallest_chart_text_pt(scale: float) -> float:
    return charts.MIN_FONT_PT * charts.DPI / 72 * scale * 0.75


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_is_legible_at_900_and_1400_px(lab, browser, path):
    base, token = lab
    nb = nbformat.read(path, as_version=4)
    rel = path.relative_to(ROOT).as_posix()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        labdriver.open_notebook(page, base, token, rel)
        run_all(page, sum(c.cell_type == "code" for c in nb.cells))
        page.wait_for_timeout(800)
        for width in (1400, 900):
            page.set_viewport_size({"width": width, "height": 1000})
            if width == 900:  # the file browser open beside the notebook, as on a laptop
                page.evaluate("() => window.jupyterapp.shell.activateById('filebrowser')")
            page.wait_for_timeout(600)
            page.screenshot(path=str(SHOTS / f"legibility-{path.stem}-{width}px.png"),
                            full_page=True)
            scales = page.evaluate(CHART_SCALES, f"{PANEL} .jp-OutputArea-output "
                                                 "img[src^='data:image/png']")
            small = [(round(smallest_chart_text_pt(sc), 1), what) for sc, what in scales
                     if smallest_chart_text_pt(sc) < 9 - 1e-6]
            assert not small, f"at {width} px, chart text under 9 pt: {small[:3]}"
            wrapped = page.evaluate(TABLE_WORDS, f"{PANEL} .jp-OutputArea-output table")
            collapsed = [w for n, w in wrapped if n and w > n / 2]
            assert not collapsed, f"at {width} px, a table wraps a word a line: {wrapped}"
    finally:
        page.close()


# WCAG 2.x contrast of an element's text against the first opaque background behind it.
CONTRAST = """el => {
    // rgb(r, g, b[, a]) with 0-255 channels, or color(srgb r g b[ / a]) with 0-1 ones
    const rgb = s => {
        const v = (s.match(/[\\d.]+/g) || []).map(Number);
        return s.startsWith('color(srgb') ? [...v.slice(0, 3).map(x => x * 255), ...v.slice(3)] : v;
    };
    const lum = c => {
        const [r, g, b] = c.slice(0, 3).map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let bg = null;
    for (let n = el; n && !bg; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) bg = c;
    }
    bg = bg || rgb(getComputedStyle(document.body).backgroundColor);
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""
THEMES = ("JupyterLab Light", "JupyterLab Dark")


def set_theme(page, theme: str) -> None:
    page.evaluate("t => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})",
                  theme)
    page.wait_for_function("t => document.body.dataset.jpThemeName === t", arg=theme,
                           timeout=30_000)
    page.wait_for_timeout(500)


def contrasts(page, selector: str) -> list[float]:
    return [loc.evaluate(CONTRAST) for loc in page.locator(selector).all()]


@pytest.mark.parametrize("theme", THEMES)
def test_verdicts_and_tables_read_in_the_light_and_the_dark_theme(lab, browser, theme):
    """Lesson 02's solutions ("✓ Correct"), its unsolved exercises, run ("✗ Not yet"), and
    the lesson's tables, in each theme: every verdict's mark and words, and every table cell,
    reach WCAG AA contrast (4.5:1) on the background they are drawn on. Screenshots of each."""
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    tag = theme.split()[-1].lower()
    try:
        page.goto(f"{base}/lab/tree/solutions/02-united-nations.ipynb?reset&token={token}")
        page.wait_for_selector(f"{PANEL} .jp-Notebook", timeout=60_000)
        set_theme(page, theme)
        for rel, verdict in (("solutions/02-united-nations.ipynb", "✓ Correct"),
                             ("exercises/02-united-nations.ipynb", "✗ Not yet")):
            labdriver.open_notebook(page, base, token, rel)
            if rel.startswith("exercises"):
                nb = nbformat.read(ROOT / rel, as_version=4)
                run_all(page, sum(c.cell_type == "code" for c in nb.cells))
            sel = f"{PANEL} .course-verdict"
            page.wait_for_selector(sel, timeout=30_000)
            texts = page.locator(sel).all_inner_texts()
            assert texts and all(t.startswith(verdict) for t in texts), texts
            page.locator(sel).first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"theme-{tag}-{rel.split('/')[0]}-02.png"))
            for part in (f"{sel} b", sel):
                low = [round(c, 2) for c in contrasts(page, part) if c < 4.5]
                assert not low, f"{theme}, {rel}: {part} contrast below 4.5:1: {low}"
        labdriver.open_notebook(page, base, token, "notebooks/02-united-nations.ipynb")
        cells = f"{PANEL} .course-table td"
        page.wait_for_selector(cells, timeout=30_000)
        page.locator(f"{PANEL} .course-table").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"theme-{tag}-notebooks-02-table.png"))
        values = contrasts(page, f"{PANEL} .course-table tbody tr:first-child td")
        assert values and min(values) >= 4.5, f"{theme}: table text contrast {min(values):.2f}"
    finally:
        set_theme(page, THEMES[0])  # the server is shared: leave it in the default theme
        page.close()


def test_download_this_table_gives_the_table_as_csv(lab, browser):
    """Every table's "Download this table" link, clicked in JupyterLab, saves a CSV file with
    as many rows as the table has (shown and behind "and N more"), from the notebook itself."""
    import io

    import pandas as pd

    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        labdriver.open_notebook(page, base, token, "notebooks/02-united-nations.ipynb")
        tables = page.locator(f"{PANEL} .course-table")
        tables.first.wait_for(timeout=30_000)
        assert tables.count() >= 3
        for k in range(tables.count()):
            table = tables.nth(k)
            link = table.locator(".course-table-download a")
            n = int(link.inner_text().split("CSV, ")[1].split(" row")[0].replace(",", ""))
            shown = table.locator("tbody tr").count()  # the first rows and those behind "more"
            with page.expect_download() as info:
                link.click()
            download = info.value
            assert download.suggested_filename.endswith(".csv")
            frame = pd.read_csv(io.StringIO(Path(download.path()).read_text(encoding="utf-8")))
            assert len(frame) == n == shown, (download.suggested_filename, len(frame), n, shown)
            assert frame.shape[1] >= table.locator("thead th").first.evaluate(
                "th => th.parentElement.children.length")
    finally:
        page.close()


# --- the keyboard ------------------------------------------------------------------------------

KEYBOARD_LESSON = ROOT / "notebooks" / "01-background.ipynb"
# The controls of a widget view, in document order (its outputs' links and summaries are not
# controls); each is marked with its position and its look when it does not have the focus.
CONTROLS = """box => [...box.querySelectorAll(
        '.noUi-handle, .widget-readout, input, select, button, textarea, [contenteditable]')]
    .filter(e => e.offsetParent !== null && (e.tabIndex >= 0 || e.isContentEditable)
                 && !e.closest('.widget-html'))
    .map((e, i) => { e.dataset.courseKey = i; const s = getComputedStyle(e);
        return [e.tagName, e.className || '', [s.outlineStyle, s.boxShadow, s.backgroundColor,
                                               s.borderColor].join('|')]; })"""
# The focused element: its mark, its label as a person sees it (aria-label, its <label>, a
# button's own text, else the visible description label of the control's own row), whether
# that label is tied to it for assistive technology, and its look.
FOCUSED = """() => { const e = document.activeElement; if (!e) return null;
    const t = s => (s || '').replace(/[\\u200b\\s]+/g, ' ').trim();
    let label = t(e.getAttribute('aria-label')), tied = !!label;
    if (!label && e.labels && e.labels.length) {
        label = [...e.labels].filter(l => l.offsetParent).map(l => t(l.innerText)).join(' ');
        tied = !!label; }
    if (!label && e.tagName === 'BUTTON') { label = t(e.innerText); tied = !!label; }
    if (!label) { const row = e.closest('.widget-inline-hbox');
        const l = row && row.querySelector(':scope > .widget-label');
        if (l && l.offsetParent) label = t(l.innerText); }
    const s = getComputedStyle(e);
    return [e.dataset.courseKey === undefined ? -1 : Number(e.dataset.courseKey), label, tied,
            [s.outlineStyle, s.boxShadow, s.backgroundColor, s.borderColor].join('|'),
            s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0]; }"""
OUTPUT = """box => { const h = box.querySelectorAll('.widget-html');
    return h.length ? h[h.length - 1].innerText : ''; }"""


def test_keyboard_reaches_every_control_in_order_and_changes_the_output(lab, browser):
    """Lesson 01's timeline widget by keyboard alone: from its question, Tab reaches each
    control in order (the two handles of the range slider, its typed readout, every category
    checkbox, "Clear"); each shows a visible label and a visible focus (an outline, or a look
    it does not have unfocused); and a key changes the output: an arrow key on each handle,
    typing a range into the readout, Space on a checkbox, Enter on "Clear"."""
    base, token = lab
    nb = nbformat.read(KEYBOARD_LESSON, as_version=4)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    untied = []
    try:
        labdriver.open_notebook(page, base, token, KEYBOARD_LESSON.relative_to(ROOT).as_posix())
        run_all(page, sum(c.cell_type == "code" for c in nb.cells))
        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
        page.wait_for_timeout(1000)  # the last outputs and widget views settle
        box = labdriver.widget_boxes(page).first
        box.scroll_into_view_if_needed()
        controls = box.evaluate(CONTROLS)
        kinds = [tag for tag, _, _ in controls]
        assert kinds.count("INPUT") >= 2 and "BUTTON" in kinds, controls
        assert sum("noUi-handle" in cls for _, cls, _ in controls) == 2, controls
        # The starting point: the widget's question (made focusable for this), not a control.
        box.locator(".widget-question").first.evaluate(
            "q => { q.setAttribute('tabindex', '-1'); q.focus(); }")

        def changed_by(key_presses, want: str | None = None):
            before = box.evaluate(OUTPUT)
            for k in key_presses:
                (page.keyboard.type if k.startswith("type:") else page.keyboard.press)(
                    k.removeprefix("type:"))
            try:
                page.wait_for_function(
                    "([box, before, want]) => { const h = box.querySelectorAll('.widget-html');"
                    " const t = h.length ? h[h.length - 1].innerText : '';"
                    " return t !== before && (!want || t.includes(want)); }",
                    arg=[box.element_handle(), before, want], timeout=15_000)
            except Exception:
                now = box.evaluate(OUTPUT)
                pytest.fail(f"{key_presses} did not change the output to show {want!r}: "
                            f"{'unchanged' if now == before else 'now'} {now[:160]!r}")

        done = set()
        for i, (tag, cls, unfocused) in enumerate(controls):
            page.keyboard.press("Tab")
            key, label, tied, look, outline = page.evaluate(FOCUSED)
            assert key == i, f"Tab {i + 1} reached control {key}, not {i} ({tag} {cls})"
            assert label, f"control {i} ({tag} {cls}) has no visible label"
            assert outline or look != unfocused, f"control {i} ({label}) shows no focus"
            if not tied:
                untied.append(f"{label} ({tag} {cls.split()[0] if cls else ''})")
            if "noUi-handle-lower" in cls:
                changed_by(["ArrowRight"], "1989–1994")
                done.add("lower handle")
            elif "noUi-handle-upper" in cls:
                changed_by(["ArrowRight"], "1989–1995")
                done.add("upper handle")
            elif "widget-readout" in cls:
                changed_by(["Control+a", "type:1990 - 1992", "Enter"], "1990–1992")
                done.add("readout")
            elif tag == "INPUT" and "checkbox" not in done:
                changed_by(["Space"])
                done.add("checkbox")
            elif tag == "BUTTON":
                changed_by(["Enter"])
                done.add("button")
            key_after = page.evaluate(FOCUSED)[0]
            assert key_after == i, f"the focus left control {i} ({label}) after its key"
        assert done == {"lower handle", "upper handle", "readout", "checkbox", "button"}, done
        box.screenshot(path=str(SHOTS / "keyboard-01-background.png"))
    finally:
        page.close()
    if untied:  # a visible label that assistive technology is not told about (ipywidgets)
        print(f"\nlabels shown beside, not tied to, their control: {untied}")
