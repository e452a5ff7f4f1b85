"""Accessibility: text alternatives for every figure, colours that survive colour-vision
deficiencies, text contrast (WCAG AA) in the light and the dark JupyterLab theme, and headings
in order. The keyboard is the browser test's (tests/browser/test_browser.py, ``-k keyboard``).

What a screen reader gets from a chart in JupyterLab 4.6: its image renderer
(``@jupyterlab/rendermime``, ``renderImage``) builds the ``<img>`` from ``width``, ``height``,
``needs_background`` and ``unconfined`` only; it never reads ``metadata["image/png"]["alt"]``,
so the ``<img>`` has no alt attribute. An ipywidgets 8.1 ``Image`` has no alt either (and its
``tooltip`` cannot stand in: the base view reads a ``description`` an Image does not have). The
text a screen reader does read is the visible "Chart description" (``charts.describe``) that
follows each chart: after the image output in the cell, or in the widget's own HTML. So each
image must carry its alt in the metadata (nbconvert and Jupyter Book put it on the ``<img>``)
*and* be followed by that description, with the same text.
"""

from __future__ import annotations

import base64
import contextlib
import html
import itertools
import re
from html.parser import HTMLParser

import pytest
from colour_science import MACHADO_2009, contrast, difference
from notebook_files import ALL, ids, read
from tests_paths import ROOT

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
DESCRIPTION = re.compile(r'<details class="chart-alt"><summary>Chart description</summary>'
                         r"<p>(.*?)</p></details>", re.S)


# --- 1. text alternatives ----------------------------------------------------------------------

def _html(output) -> str:
    text = output.get("data", {}).get("text/html", "")
    return "".join(text) if isinstance(text, list) else text


def _descriptions(text: str) -> list[str]:
    return [html.unescape(d).strip() for d in DESCRIPTION.findall(text)]


def image_problems(outputs, where: str) -> list[str]:
    """Every image output in ``outputs`` needs non-empty alt text in its metadata, and the next
    output must be the visible description with the same text. Every ``<img>`` inside an HTML
    output needs a non-empty alt."""
    problems = []
    for i, out in enumerate(outputs):
        for mime in (m for m in out.get("data", {}) if m.startswith("image/")):
            alt = (out.get("metadata", {}).get(mime) or {}).get("alt")
            if not isinstance(alt, str) or not alt.strip():
                problems.append(f"{where}, output {i}: {mime} without alt text in its metadata")
                continue
            following = outputs[i + 1] if i + 1 < len(outputs) else {}
            if alt.strip() not in _descriptions(_html(following)):
                problems.append(f"{where}, output {i}: {mime} not followed by its visible "
                                "description (charts.describe) with the same text")
        problems += [f"{where}, output {i}: {p}" for p in img_tag_problems(_html(out))]
    return problems


IMG = re.compile(r"<img\b[^>]*>", re.I)
ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def img_tag_problems(text: str) -> list[str]:
    out = []
    for tag in IMG.findall(text):
        m = ALT.search(tag)
        if not m or not (m.group(1) or m.group(2) or "").strip():
            out.append(f"an <img> without alt text: {tag[:80]}")
    return out


def _children(state: dict) -> list[str]:
    refs = []
    for v in state.values():
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, str) and item.startswith("IPY_MODEL_"):
                refs.append(item[len("IPY_MODEL_"):])
    return refs


def _hidden(model_id: str, models: dict, parents: dict) -> bool:
    """Whether the model or one of its containers has ``display: none`` (nothing is shown)."""
    while model_id is not None:
        layout = models.get(model_id, {}).get("state", {}).get("layout", "")
        lay = models.get(layout[len("IPY_MODEL_"):], {}) if isinstance(layout, str) else {}
        if lay.get("state", {}).get("display") == "none":
            return True
        model_id = parents.get(model_id)
    return False


def _image_bytes(model: dict) -> bytes:
    for buf in model.get("buffers", []):
        if buf.get("path") == ["value"]:
            data = buf.get("data", "")
            return base64.b64decode(data) if buf.get("encoding") == "base64" else data.encode()
    value = model.get("state", {}).get("value")
    return value.encode() if isinstance(value, str) else b""


def widget_problems(nb, where: str) -> list[str]:
    """In saved widget state: an Output widget's outputs as above; a shown Image widget with an
    image needs a visible description in an HTML widget of the view that holds it."""
    models = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    parents = {c: mid for mid, m in models.items() for c in _children(m.get("state", {}))}
    problems = []
    for mid, m in models.items():
        name, state = m.get("model_name"), m.get("state", {})
        if name == "OutputModel":
            problems += image_problems(state.get("outputs", []), f"{where}, Output widget {mid}")
        elif name == "HTMLModel":
            problems += [f"{where}, HTML widget {mid}: {p}"
                         for p in img_tag_problems(state.get("value", ""))]
        elif name == "ImageModel" and _image_bytes(m) and not _hidden(mid, models, parents):
            if not _widget_description(mid, models, parents):
                problems.append(f"{where}, Image widget {mid}: no visible chart description "
                                "in the view that shows it")
    return problems


def _widget_description(mid: str, models: dict, parents: dict) -> bool:
    """Whether an HTML widget under the Image's nearest containers (up to two levels: the
    chart's frame, then the view) holds a non-empty chart description."""
    up = mid
    for _ in range(2):
        up = parents.get(up)
        if up is None:
            return False
        stack = [up]
        while stack:
            m = models.get(stack.pop(), {})
            if m.get("model_name") == "HTMLModel" and any(
                    _descriptions(m.get("state", {}).get("value", ""))):
                return True
            stack += _children(m.get("state", {}))
    return False


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_every_image_has_alt_text_a_screen_reader_reads(path):
    nb = read(path)
    where = f"{path.parent.name}/{path.name}"
    problems = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            problems += image_problems(cell.get("outputs", []), f"{where}, cell {k}")
        elif cell.cell_type == "markdown":
            problems += [f"{where}, cell {k}: {p}" for p in img_tag_problems(cell.source)]
            problems += [f"{where}, cell {k}: a Markdown image without alt text"
                         for alt in re.findall(r"!\[([^\]]*)\]\(", cell.source) if not alt.strip()]
    problems += widget_problems(nb, where)
    assert not problems, "\n".join(problems)


def test_the_alt_text_check_fails_on_a_missing_alt_or_description():
    """The checks above, on outputs broken on purpose."""
    desc = {"output_type": "display_data", "metadata": {},
            "data": {"text/html": '<details class="chart-alt"><summary>Chart description'
                                  "</summary><p>Bars &amp; more.</p></details>"}}
    png = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "x"},
           "metadata": {"image/png": {"alt": "Bars & more."}}}
    assert image_problems([png, desc], "ok") == []
    stripped = {**png, "metadata": {}}
    assert "without alt text" in image_problems([stripped, desc], "x")[0]
    other = {**png, "metadata": {"image/png": {"alt": "Another chart."}}}
    assert "not followed" in image_problems([other, desc], "x")[0]
    assert "not followed" in image_problems([png], "x")[0]
    assert img_tag_problems('<p><img src="a.png"></p>') and img_tag_problems('<img alt=" ">')
    assert not img_tag_problems('<img alt="A map." src="a.png">')


def test_a_learners_chart_is_shown_with_a_description():
    """A chart drawn with plain pyplot (as learners do) gets alt text read from its axes."""
    import matplotlib

    matplotlib.use("agg")
    from matplotlib.figure import Figure

    from karabakh_course import charts

    fig = Figure()
    ax = fig.subplots()
    ax.bar(["yes", "no"], [39, 7])
    ax.set_title("The vote")
    fig.canvas.draw()
    assert charts.describe_figure(fig) == "Bar chart titled 'The vote'; 2 bars: yes 39, no 7."
    assert charts.describe_figure(Figure()) == "An empty chart."


# --- 2. colours --------------------------------------------------------------------------------

# Distinguishable: any two colours that can appear together in one chart differ by at least
# this CIEDE2000 difference as seen with each simulated deficiency (Machado et al. 2009,
# severity 1). About five times the just-noticeable difference (about 2): apart at a glance.
MIN_CVD_DIFFERENCE = 10.0
DEFICIENCIES = tuple(MACHADO_2009)


def palettes() -> dict[str, list[str]]:
    from karabakh_course import charts
    from karabakh_course import map as kmap
    from karabakh_course.lessons import l01

    return {
        "charts.CYCLE": list(charts.CYCLE),
        "charts.CATEGORY_COLOURS": list(charts.CATEGORY_COLOURS.values()),
        "map.STATUS_COLOURS (with the map's other countries)":
            sorted(set(kmap.STATUS_COLOURS.values()) | {kmap._OTHER}),
        "l01 displacement measures": list(l01._MEASURE_COLOUR.values()),
    }


def cvd_problems(groups: dict[str, list[str]], limit: float = MIN_CVD_DIFFERENCE) -> list[str]:
    out = []
    for name, colours in groups.items():
        for a, b in itertools.combinations(dict.fromkeys(c.upper() for c in colours), 2):
            for d in (None, *DEFICIENCIES):
                de = difference(a, b, d)
                if de < limit:
                    out.append(f"{name}: {a} and {b} differ by {de:.1f} < {limit} "
                               f"({d or 'normal vision'})")
    return out


def test_palettes_stay_distinguishable_with_colour_vision_deficiencies():
    assert not cvd_problems(palettes()), "\n".join(cvd_problems(palettes()))


def test_the_colour_vision_check_can_fail_and_its_formulas_are_right():
    from colour_science import ciede2000

    # Sharma, Wu and Dalal (2005), Table 1, pairs 1, 3 and 17.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (50, 0, -2.5)) == pytest.approx(4.3065, abs=1e-4)
    # Red and green, apart for normal vision, merge for a deuteranope.
    assert difference("#D55E00", "#009E73") > 40
    assert cvd_problems({"red-green": ["#E41A1C", "#4DAF4A"]})
    assert any("deuteranopia" in p for p in cvd_problems({"red-green": ["#FF0000", "#7F7F00"]}))


# The backgrounds and text colours the JupyterLab 4.6 themes resolve their variables to
# (theme-light-extension and theme-dark-extension index.css; --md-* from jlab_core).
THEMES = {
    "light": {"background": ["#ffffff"], "text0": "#000000", "text1": ("#000000", 0.87),
              "link": "#0d47a1", "success": "#1b5e20", "warn": "#e65100"},
    "dark": {"background": ["#111111", "#212121"], "text0": "#ffffff", "text1": ("#ffffff", 1.0),
             "link": "#64b5f6", "success": "#388e3c", "warn": "#f57c00"},
}
THEME_VARS = {"--jp-layout-color0": {"light": "white", "dark": "#111"},
              "--jp-content-font-color0": {"light": "#000", "dark": "#fff"},
              "--jp-content-font-color1": {"light": "rgba(0,0,0,.87)", "dark": "#fff"},
              "--jp-content-link-color": {"light": "#0d47a1", "dark": "#64b5f6"},
              "--jp-warn-color0": {"light": "#e65100", "dark": "#f57c00"}}


def _over(rgba: tuple[str, float], bg: str) -> str:
    """A translucent colour as painted over ``bg``."""
    from colour_science import rgb

    fg, a = rgba
    mixed = [a * f + (1 - a) * b for f, b in zip(rgb(fg), rgb(bg), strict=True)]
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def test_the_theme_values_are_those_of_the_installed_jupyterlab():
    """THEMES above is what JupyterLab's theme files say (read from the installed package)."""
    import sys
    from pathlib import Path

    pytest.importorskip("jupyterlab")
    share = Path(sys.prefix) / "share" / "jupyter" / "lab" / "themes"
    css = {t: share / "@jupyterlab" / f"theme-{t}-extension" / "index.css" for t in THEMES}
    if not all(p.exists() for p in css.values()):
        pytest.skip("JupyterLab's theme files are not installed here")
    for var, by_theme in THEME_VARS.items():
        for theme, want in by_theme.items():
            text = css[theme].read_text(encoding="utf-8")
            m = re.search(re.escape(var) + r"\s*:\s*([^;]+);", text)
            assert m, f"{var} not in the {theme} theme"
            got = m.group(1).strip().replace(" ", "")
            assert got == want or got.endswith(f",{want})"), (theme, var, got)


def _large(size_pt: float, bold: bool) -> bool:
    return size_pt >= 18 or (bold and size_pt >= 14)


class _Styles(HTMLParser):
    """The text of an HTML fragment with the inline colour and background in force at each
    piece (None where the theme's own applies)."""

    def __init__(self):
        super().__init__()
        self.stack = [(None, None, False)]
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        style = dict(attrs).get("style") or ""
        decl = dict((k.strip().lower(), v.strip()) for k, _, v in
                    (d.partition(":") for d in style.split(";")) if k.strip())
        colour, background, link = self.stack[-1]
        self.stack.append((decl.get("color", colour),
                           decl.get("background", decl.get("background-color", background)),
                           link or tag == "a"))

    def handle_endtag(self, tag):
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.pieces.append((data.strip(), *self.stack[-1]))


def _split(args: str) -> list[str]:
    """Comma-separated CSS arguments, commas inside parentheses kept."""
    out, depth, cur = [], 0, ""
    for ch in args:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [*out, cur.strip()]


def _resolve(value: str | None, theme: dict, default: str) -> str:
    """A CSS colour as the theme paints it: ``var(--jp-…, fallback)`` by the theme's value (or
    its fallback), ``color-mix(in srgb, A p%, B)`` mixed channel by channel in sRGB (CSS Color
    5: the other colour gets 100 - p %)."""
    from colour_science import rgb

    if value is None:
        return default
    v = value.strip()
    if v.startswith("color-mix(") and v.endswith(")"):
        space, *colours = _split(v[len("color-mix("):-1])
        assert space == "in srgb" and len(colours) == 2, v
        parts = []
        for c in colours:
            m = re.fullmatch(r"(.+?)(?:\s+([\d.]+)%)?", c)
            parts.append((_resolve(m.group(1), theme, default),
                          None if m.group(2) is None else float(m.group(2)) / 100))
        (c1, p1), (c2, p2) = parts
        p1 = (1 - p2 if p2 is not None else 0.5) if p1 is None else p1
        mixed = [p1 * a + (1 - p1) * b for a, b in zip(rgb(c1), rgb(c2), strict=True)]
        return "#" + "".join(f"{round(x * 255):02x}" for x in mixed)
    m = re.fullmatch(r"var\((--[\w-]+)\s*(?:,\s*(.+))?\)", v)
    if m:
        known = {"--jp-success-color0": theme["success"], "--jp-warn-color0": theme["warn"],
                 "--jp-content-font-color0": theme["text0"]}
        return known.get(m.group(1)) or _resolve(m.group(2) or default, theme, default)
    return v


def html_contrast_problems(fragment: str, label: str) -> list[str]:
    parser = _Styles()
    parser.feed(fragment)
    out = []
    for theme_name, theme in THEMES.items():
        for page in theme["background"]:
            text = _over(theme["text1"], page) if theme["text1"][1] < 1 else theme["text1"][0]
            for piece, colour, background, link in parser.pieces:
                bg = _resolve(background, theme, page)
                fg = _resolve(colour, theme, theme["link"] if link else text)
                ratio = contrast(fg, bg)
                if ratio < 4.5:
                    out.append(f"{label}, {theme_name} theme on {page}: {piece[:30]!r} "
                               f"{fg} on {bg} is {ratio:.2f}:1 < 4.5")
    return out


def course_html() -> dict[str, str]:
    """Every piece of HTML whose colours the course sets: both verdicts, the quiz's feedback
    (right and wrong), a house table with its download link, a widget's question."""
    import pandas as pd

    from karabakh_course import quiz, tables, widgets
    from karabakh_course.checks import Result

    out = {"verdict (correct)": Result("q", True, "right.")._repr_html_(),
           "verdict (not yet)": Result("q", False, "a hint.")._repr_html_(),
           "table": tables.show(pd.DataFrame({"a": [1, 2]}), name="t")._repr_html_()}
    item = quiz.load_activities("02")[0][0]
    for k in range(len(item.options)):
        view = quiz._item_view(item)
        view.children[1].value = k
        view.children[2].click()
        out[f"quiz feedback (option {k})"] = view.children[3].value
    spec = widgets.spec_of(next(iter(widgets.registry())))
    out["widget question"] = widgets.view(spec.name).children[0].value
    return out


# The modules that write a CSS text colour; each one's HTML is in course_html().
CSS_COLOUR_MODULES = {"checks.py", "quiz.py"}


def test_every_text_colour_of_the_course_html_meets_wcag_aa_in_both_themes():
    problems = [p for label, fragment in course_html().items()
                for p in html_contrast_problems(fragment, label)]
    assert not problems, "\n".join(problems)
    written = {p.name for p in (ROOT / "src" / "karabakh_course").rglob("*.py")
               if re.search(r"(?<![-\w])color\s*:", p.read_text(encoding="utf-8"))}
    assert written <= CSS_COLOUR_MODULES, (
        f"{sorted(written - CSS_COLOUR_MODULES)} set a CSS text colour: add their HTML to "
        "course_html() so that its contrast is checked")


def test_the_contrast_check_can_fail():
    # WCAG 2.2's own examples: black on white 21:1; #777 on white just under 4.5.
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    old_verdict = '<b style="color:var(--jp-warn-color0, #b34700)">✗ Not yet</b>'
    problems = html_contrast_problems(old_verdict, "old")
    assert len(problems) == 1 and "light theme" in problems[0] and "#e65100" in problems[0]
    assert html_contrast_problems('<p style="color:#ffffff;background:#E69F00">x</p>', "y")
    # color-mix in sRGB: half black and half white is #808080.
    assert _resolve("color-mix(in srgb, #000 50%, var(--x, #fff))", THEMES["light"], "") == \
        "#808080"


def chart_figures():
    """The course's charts, as (label, figure): every widget's examples, each yielded right
    after its update (a widget in layers re-uses one figure), both maps, and each lesson
    module's charts that need no argument (functions named ..._chart or ..._map)."""
    import importlib
    import inspect
    import pkgutil

    import matplotlib

    matplotlib.use("agg")
    from karabakh_course import lessons, widgets
    from karabakh_course import map as kmap

    lessons.load_all()
    yield "region_map", kmap.region_map()
    yield "world_map", kmap.world_map("oic", "2008-03-14")
    for name, spec in widgets.registry().items():
        for i, example in enumerate(spec.examples):
            r = spec.update(**example)
            if r.figure is not None:
                yield f"{name}[{i}]", r.figure
    for mod in pkgutil.iter_modules(lessons.__path__):
        module = importlib.import_module(f"karabakh_course.lessons.{mod.name}")
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or not fname.endswith(("_chart", "_map")):
                continue
            params = inspect.signature(fn).parameters.values()
            if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                   for p in params):
                yield f"{mod.name}.{fname}()", fn()


@contextlib.contextmanager
def drawn_whole(fig):
    """The figure with every artist drawn by ``canvas.draw()``: a widget's chart in layers
    (``charts.Layers``) draws its changing artists over a kept background, which a plain
    draw leaves out; here they are drawn like the rest, then set back."""
    from matplotlib.artist import Artist

    animated = [a for a in fig.findobj(Artist) if a.get_animated()]
    for a in animated:
        a.set_animated(False)
    try:
        yield fig
    finally:
        for a in animated:
            a.set_animated(True)


def chart_text_problems(fig, label: str) -> list[str]:
    """Each visible text of a chart against what lies under it: the chart drawn once without
    its texts, the colours covering at least a quarter of the text's box (not a thin line such
    as an axis crossing it); a text's own box, as a label's white backing, is laid over them."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_hex, to_rgba
    from matplotlib.text import Text

    from karabakh_course import charts

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    with drawn_whole(fig):
        fig.canvas.draw()
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in texts]
        for t in texts:
            t.set_visible(False)
        fig.canvas.draw()
        under = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float) / 255
        for t in texts:
            t.set_visible(True)
    height, width = under.shape[:2]
    out = []
    for t, box in zip(texts, boxes, strict=True):
        x0, x1 = max(0, int(box.x0)), min(width, int(np.ceil(box.x1)))
        y0, y1 = max(0, height - int(np.ceil(box.y1))), min(height, height - int(box.y0))
        region = under[y0:y1, x0:x1].reshape(-1, 3)
        if not len(region):
            continue
        colours, counts = np.unique(np.round(region, 3), axis=0, return_counts=True)
        major = colours[counts >= 0.25 * len(region)]
        patch = t.get_bbox_patch()
        if patch is not None:
            face = to_rgba(patch.get_facecolor())
            alpha = face[3] if patch.get_alpha() is None else patch.get_alpha()
            major = [alpha * np.array(face[:3]) + (1 - alpha) * c for c in major]
        fg = to_hex(t.get_color())
        need = 3.0 if _large(t.get_fontsize(), str(t.get_fontweight()) in ("bold", "700")) \
            else 4.5
        for c in major:
            ratio = charts.contrast(fg, to_hex(np.clip(c, 0, 1)))
            if ratio < need:
                out.append(f"{label}: {t.get_text()[:30]!r} {fg} on {to_hex(np.clip(c, 0, 1))} "
                           f"is {ratio:.2f}:1 < {need}")
                break
    return out


@pytest.mark.slow
def test_every_chart_text_meets_wcag_aa():
    """Chart text is an image of text (WCAG 1.4.3 applies): each on what is drawn under it.
    The PNG is opaque white, so the theme does not change it."""
    problems = [p for label, fig in chart_figures() for p in chart_text_problems(fig, label)]
    assert not problems, "\n".join(problems)


def text_outside(fig, label: str) -> list[str]:
    """Each visible text of a chart that is not wholly inside the figure (cut off in its
    PNG), by more than a pixel."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    with drawn_whole(fig):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        # An axis keeps tick labels beyond its limits, which it does not draw.
        ticks, drawn = set(), set()
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                    ticks |= {id(tick.label1), id(tick.label2)}
                for tick in axis._update_ticks():
                    drawn |= {id(tick.label1), id(tick.label2)}
        out = []
        for t in fig.findobj(Text):
            if not (t.get_visible() and t.get_text().strip()) or (id(t) in ticks - drawn):
                continue
            box = t.get_window_extent(renderer)
            if (box.x0 < -1 or box.y0 < -1 or box.x1 > fig.bbox.x1 + 1
                    or box.y1 > fig.bbox.y1 + 1):
                out.append(f"{label}: {t.get_text()[:40]!r} reaches {box.x1:.0f} x "
                           f"{box.y1:.0f} px, outside the figure ({fig.bbox.x1:.0f} x "
                           f"{fig.bbox.y1:.0f})")
    return out


@pytest.mark.slow
def test_no_chart_text_is_cut_off():
    """Every text of every chart (titles, labels, legends, source lines) lies inside its
    figure, for each widget example too."""
    problems = [p for label, fig in chart_figures() for p in text_outside(fig, label)]
    assert not problems, "\n".join(problems)


def test_the_cut_off_check_fails_on_a_title_too_long():
    from karabakh_course import charts

    fig, ax = charts.new(4, 3)
    ax.plot([0, 1], [0, 1])
    charts.finish(fig, title="A title far too long to fit on a chart only four inches wide",
                  source="a test", alt="a line")
    assert text_outside(fig, "t") and "outside the figure" in text_outside(fig, "t")[0]
    fig, ax = charts.new(8, 3)
    ax.plot([0, 1], [0, 1])
    charts.finish(fig, title="A short title", source="a test", alt="a line")
    assert text_outside(fig, "t") == []


def test_the_chart_text_check_can_fail():
    import matplotlib

    matplotlib.use("agg")
    from karabakh_course import charts

    fig, ax = charts.new(4, 3)
    ax.barh([0], [10], color=charts.PALETTE["orange"])
    ax.text(0.5, 0, "1,234", color="white", va="center", fontsize=9)
    ax.set_xlim(0, 10)
    problems = chart_text_problems(fig, "t")
    assert len(problems) == 1 and "'1,234' #ffffff on #e69f00" in problems[0]
    assert charts.text_on(charts.PALETTE["orange"]) == "#000000"
    assert charts.text_on(charts.PALETTE["blue"]) == "#ffffff"


# --- 3. headings -------------------------------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(```|~~~)")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s+|$)(.*)")


def headings(source: str) -> list[tuple[int, str]]:
    """The ATX headings of a Markdown text (not inside code fences): (level, text)."""
    out, fenced = [], False
    for line in source.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := HEADING.match(line)):
            out.append((len(m.group(1)), m.group(2).strip()))
    return out


def heading_problems(nb) -> list[str]:
    md = [(k, c) for k, c in enumerate(nb.cells) if c.cell_type == "markdown"]
    if not md:
        return ["no Markdown cell"]
    problems = []
    first = md[0][1].source.lstrip().splitlines()
    if not first or not re.match(r"^# \S", first[0]):
        problems.append(f"the first Markdown cell (cell {md[0][0]}) does not start with a "
                        "'# ' title")
    found = [(k, level, text) for k, c in md for level, text in headings(c.source)]
    ones = [f"cell {k}: {text!r}" for k, level, text in found if level == 1]
    if len(ones) != 1:
        problems.append(f"{len(ones)} level-1 headings ({'; '.join(ones)}): exactly one")
    for (_, a, _), (k, b, text) in itertools.pairwise(found):
        if b > a + 1:
            problems.append(f"cell {k}: {'#' * b} {text!r} follows a level-{a} heading "
                            f"(skips level {a + 1})")
    return problems


NOTEBOOKS = ALL + sorted((ROOT / "templates").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_headings_are_in_order(path):
    problems = heading_problems(read(path))
    assert not problems, f"{path.parent.name}/{path.name}:\n" + "\n".join(problems)


def test_the_heading_check_can_fail():
    import nbformat

    def nb(*sources):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(s)
                                               for s in sources])

    assert heading_problems(nb("# T\n\ntext", "## A\n\n### B", "## C")) == []
    assert heading_problems(nb("# T", "```\n# a comment\n```", "## A")) == []
    assert "skips level 3" in heading_problems(nb("# T", "## A", "#### B"))[0]
    assert "2 level-1" in heading_problems(nb("# T", "# U"))[0]
    assert "does not start" in heading_problems(nb("Intro", "# T"))[0]
