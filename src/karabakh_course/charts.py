"""One house style for every chart in the course.

- Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
- Fonts: DejaVu Sans, which matplotlib bundles, so charts look the same on every machine.
- Every chart carries a title, a source line under it and a text description (alt text)
  beside it: :func:`finish` adds all three (it is the one place a chart's title is set; no
  chart calls ``ax.set_title``), :func:`show` displays the PNG with its description.
- PNG bytes are reproducible: no software stamp or date is written into the file.
- Legible at a narrow window: no chart text is smaller than :data:`MIN_FONT_PT` (at the
  course's DPI, 9 pt is 12.5 px: at least 9 pt on screen when the PNG is shown at its own
  size), and notebooks show charts at their own size (``unconfined``), scrolling sideways in a
  narrow window rather than shrinking the text.
- Laid out once: :func:`finish` runs the constrained layout a single time and then removes the
  layout engine, so saving a chart draws it once (with an engine set, ``savefig`` draws twice).
- A widget's chart can keep one figure in two layers (:class:`Layers`): what stays the same
  between updates is drawn once and kept as pixels, and an update draws only the artists that
  change over it. The PNG depends only on the inputs, never on the updates before.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from functools import cache

import matplotlib
from matplotlib.figure import Figure

__all__ = ["PALETTE", "CATEGORY_COLOURS", "DPI", "MIN_FONT_PT", "SOURCE_COLOUR", "style",
           "lay_out", "new", "finish", "to_png", "show", "show_any", "describe_figure", "Chart",
           "colour_for", "series_style", "bars", "contrast", "text_on", "Layers", "set_margins",
           "text_width"]

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
CYCLE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# Votes and other recurring categories keep the same colour in every lesson.
CATEGORY_COLOURS = {
    "yes": "#009E73",
    "no": "#D55E00",
    "abstain": "#E69F00",
    "absent": "#BBBBBB",
}
# Text colours the charts set, each on the white of the chart's own background (the PNG is
# opaque, so the JupyterLab theme does not change it): WCAG AA needs 4.5:1 (tests hold it).
SOURCE_COLOUR = "#444444"  # the source line: 9.7:1 on white
DPI = 100
MIN_FONT_PT = 9
PNG_METADATA = {"Software": None}

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "axes.grid": False,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.figsize": (8, 4.5),
    "svg.hashsalt": "karabakh-course",
    # Glyphs rendered without FreeType's hinting: a fifth faster to draw (text is most of a
    # widget chart's drawing time) and as legible at the course's 100 DPI.
    "text.hinting": "no_hinting",
}


def style() -> None:
    """Apply the house style to matplotlib (idempotent)."""
    matplotlib.rcParams.update(_RC)


HATCHES = (None, "////", "....", "xxxx")


def series_style(i: int) -> dict:
    """Fill style of the i-th series: the eight colours first, then the same with a hatch,
    so that more than eight series stay distinguishable without relying on colour alone."""
    return {"color": CYCLE[i % len(CYCLE)], "hatch": HATCHES[(i // len(CYCLE)) % len(HATCHES)]}


def luminance(colour) -> float:
    """Relative luminance of a colour (WCAG 2.2, "relative luminance": the sRGB channels
    linearised, c/12.92 up to 0.04045 and ((c+0.055)/1.055)^2.4 above, then weighted
    0.2126 R + 0.7152 G + 0.0722 B; https://www.w3.org/TR/WCAG22/#dfn-relative-luminance)."""
    from matplotlib.colors import to_rgb

    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
               for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg) -> float:
    """WCAG 2.2 contrast ratio (L1 + 0.05) / (L2 + 0.05), L1 the lighter colour's relative
    luminance (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio); AA asks 4.5 for text, 3 for
    large text (18 pt, or 14 pt bold)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(fill) -> str:
    """Black or white, whichever reads better on ``fill`` (for a label inside a bar or cell)."""
    return "#000000" if contrast("#000000", fill) >= contrast("#ffffff", fill) else "#ffffff"


def colour_for(key: str, i: int = 0) -> str:
    """The colour of a recurring category, or the i-th colour of the palette."""
    return CATEGORY_COLOURS.get(key, CYCLE[i % len(CYCLE)])


def bars(ax, x, heights, *, bottom=None, width: float = 0.8, horizontal: bool = False,
         color=None, edgecolor="none", linewidth: float = 0.0, hatch=None, label=None,
         zorder: float = 1):
    """Bars as one collection, for widgets that draw many (``ax.bar`` adds one patch per bar
    and walks each for the data limits). Bars of height 0 are left out. The caller sets the
    axes' limits. ``horizontal`` swaps the axes (``x`` are then y positions, ``bottom`` the
    left ends). Returns the collection (a legend takes it as a handle)."""
    import numpy as np
    from matplotlib.collections import PolyCollection

    pos = np.asarray(x, dtype=float)
    h = np.asarray(heights, dtype=float)
    b = np.zeros_like(h) if bottom is None else np.asarray(bottom, dtype=float)
    keep = h != 0
    pos, h, b = pos[keep], h[keep], b[keep]
    lo, hi = pos - width / 2, pos + width / 2
    verts = np.stack([np.column_stack(p) for p in ((lo, b), (lo, b + h), (hi, b + h), (hi, b))],
                     axis=1)
    if horizontal:
        verts = verts[..., ::-1]
    coll = PolyCollection(verts, closed=True, facecolors=color, edgecolors=edgecolor,
                          linewidths=linewidth, hatch=hatch, label=label, zorder=zorder)
    ax.add_collection(coll, autolim=False)
    return coll


def new(width: float = 8, height: float = 4.5, **subplots) -> tuple[Figure, object]:
    """A figure and axes in the house style, not attached to pyplot (nothing shows twice)."""
    style()
    fig = Figure(figsize=(width, height), dpi=DPI)
    ax = fig.subplots(**subplots)
    return fig, ax


def finish(fig: Figure, *, title: str, source: str, alt: str,
           title_pad: float | None = None) -> Figure:
    """Set the chart's title, add the source line under it and attach its alt text; return
    the figure. ``title_pad`` (points) leaves room for a legend above the plot."""
    if not title or not source or not alt:
        raise ValueError("every chart needs a title, a source line and an alt text")
    fig.course_title = fig.axes[0].set_title(title, **({} if title_pad is None
                                                       else {"pad": title_pad}))
    line = fig.text(0.01, 0.005, f"Source: {source}", fontsize=MIN_FONT_PT, color=SOURCE_COLOUR,
                    ha="left", va="bottom", wrap=True)
    fig.course_source_line = line
    margins = getattr(fig, "course_margins", None)
    if margins is not None:  # fixed margins (set_margins), the source line's height below
        w, h = fig.get_size_inches()
        foot = source_height(fig, line.get_text())
        fig.subplots_adjust(left=margins["left"] / w, right=1 - margins["right"] / w,
                            top=1 - margins["top"] / h, bottom=(margins["bottom"] + foot) / h)
        place_title(fig)
    elif not getattr(fig, "course_fixed_layout", False):
        lay_out(fig, foot=source_height(fig, line.get_text()))
    fig.course_alt = alt  # read by show() and by the tests
    fig.course_source = source
    return fig


def place_title(fig: Figure) -> None:
    """With fixed margins, a title wider than its plot starts at the figure's left edge (where
    the source line starts) rather than the plot's, so that it is not cut off at the right."""
    margins = getattr(fig, "course_margins", None)
    title = getattr(fig, "course_title", None)
    if margins is None or title is None:
        return
    width = fig.get_size_inches()[0] - margins["left"] - margins["right"]
    wide = text_width(title.get_text(), _RC["axes.titlesize"], _RC["axes.titleweight"]) > width
    title.set_x(-(margins["left"] - 0.01 * fig.get_size_inches()[0]) / width if wide else 0.0)


def text_width(text: str, size: float = 10, weight: str = "normal") -> float:
    """The width (inches) of ``text`` in the house font at ``size`` points (its longest line),
    from the font's metrics, without drawing anything."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=_RC["font.family"], size=size, weight=weight)
    return max((text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0]
                for line in str(text).split("\n")), default=0.0) / 72


#: Room (inches) beside a plot for its decorations: tick marks with their labels (at 10 pt),
#: an axis label, a bold title (``TITLE``; ``TITLE_LEGEND`` with a row of legend between the
#: title and the plot, as ``title_pad=22`` leaves).
TICKS = (3.5 + 3.5 + 10 * 1.2) / 72
AXIS_LABEL = (4 + 10 * 1.2) / 72
TITLE = (6 + 12 * 1.25 + 6) / 72
TITLE_LEGEND = (22 + 12 * 1.25 + 6) / 72


def set_margins(fig: Figure, *, left: float, bottom: float, top: float = TITLE,
                right: float = 0.15) -> Figure:
    """Fixed margins in inches for the figure's axes (the source line's height is added at
    the bottom by :func:`finish`): no layout is computed, at build or when saved. Charts of
    one type call it with their own figures (e.g. the width of their longest tick label)."""
    fig.course_margins = {"left": left, "right": right, "top": top, "bottom": bottom}
    fig.course_fixed_layout = True
    return fig


def source_height(fig: Figure, text: str) -> float:
    """The height (inches) the wrapped source line takes at the foot of ``fig`` (estimated
    from its length: DejaVu Sans averages about 0.55 em a character)."""
    per_line = max(1, int(fig.get_figwidth() * 0.97 * 72 / (MIN_FONT_PT * 0.55)))
    lines = -(-len(text) // per_line)
    return lines * MIN_FONT_PT * 1.2 / 72 + 0.02


def lay_out(fig: Figure, foot: float = 0.0) -> Figure:
    """Place the axes once with the constrained layout (``h_pad`` 0.15; ``foot`` inches kept
    free at the bottom for the source line), then remove the engine: the positions stay, and
    saving draws the figure once instead of twice. A chart that sets its own margins
    (``fig.course_fixed_layout = True``) is not laid out again."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    b = min(foot / fig.get_figheight(), 0.3)
    engine = ConstrainedLayoutEngine(h_pad=0.15, rect=(0, b, 1, 1 - b))
    fig.set_layout_engine(engine)
    engine.execute(fig)
    fig.set_layout_engine(None)
    return fig


def to_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes at the course's resolution, reproducibly (a figure in
    :class:`Layers` by its layers)."""
    layers = getattr(fig, "course_layers", None)
    if layers is not None:
        return layers.png()
    if getattr(fig.canvas, "manager", None) is None:  # the course's own figures (not pyplot's)
        canvas = fig.canvas if isinstance(fig.canvas, _canvas_class()) else _canvas_class()(fig)
        canvas.draw()
        return encode_png(canvas.buffer_rgba())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buf.getvalue()


class Layers:
    """One figure of a widget, re-used by every update, in two layers.

    The *background* is every artist of the figure when it is built (axes, ticks, labels,
    legend, the shapes of a map): drawn once, on the first PNG, and kept as pixels. The
    *changing* artists are added by each update with :meth:`add` (and removed by the next
    :meth:`clear`); the title and the source line change too (:meth:`finish` sets them). A PNG
    is the kept background with the changing artists drawn over it, in their z-order among
    themselves but over every artist of the background (a bar covers the axis line it stands
    on): it depends only on the artists of this update, not on the updates before, and
    building, laying out and drawing the background are paid once per figure.

    A builder keeps one Layers per distinct background (e.g. ``functools.lru_cache`` on the
    function that builds the figure); the figure must not be changed otherwise. A figure
    already finished can be given: its title and source line become changing texts."""

    def __init__(self, fig: Figure):
        self.fig = fig
        self.changing: list = []
        self.redrawn: list = []
        self._background = None
        self._finished = False
        fig.course_layers = self
        if getattr(fig, "course_alt", None):  # finished already: its title and source change
            fig.course_title.set_animated(True)
            fig.course_source_line.set_animated(True)
            self._finished = True

    def add(self, artist):
        """An artist of this update (already added to the figure or its axes)."""
        artist.set_animated(True)
        self.changing.append(artist)
        return artist

    def redraw(self, artist):
        """An artist of the frame drawn afresh by every update but kept (not removed by
        :meth:`clear`): an axis whose limits and ticks the update sets. It is left out of the
        background, like the changing artists."""
        artist.set_animated(True)
        self.redrawn.append(artist)
        return artist

    def clear(self) -> None:
        """Remove the changing artists of the last update."""
        for artist in self.changing:
            artist.remove()
        self.changing = []

    def finish(self, *, title: str, source: str, alt: str, keep_source: bool = False,
               **kw) -> Figure:
        """:func:`finish` once (the background's layout), then only the texts that change.
        With ``keep_source`` (at that first call), the source line is the same for every
        update and is drawn once, with the background; an update that gives another is an
        error."""
        fig = self.fig
        if not self._finished:
            if keep_source and self._background is not None:
                raise ValueError("keep_source needs the first finish before the first PNG")
            finish(fig, title=title, source=source, alt=alt, **kw)
            fig.course_title.set_animated(True)
            fig.course_source_line.set_animated(not keep_source)
            self._finished = True
        else:
            if not title or not source or not alt:
                raise ValueError("every chart needs a title, a source line and an alt text")
            fig.course_title.set_text(title)
            place_title(fig)
            line = f"Source: {source}"
            kept = not fig.course_source_line.get_animated()
            if kept and line != fig.course_source_line.get_text():
                raise ValueError(f"this chart's source line is kept with its frame: {source!r} "
                                 "needs a frame of its own")
            fig.course_source_line.set_text(line)
            fig.course_alt = alt
            fig.course_source = source
        return fig

    def png_once(self) -> None:
        """Draw and keep the background now, if not yet done (to pay for it at a view's
        opening rather than at an update). Only for a figure with fixed margins: one laid
        out by :meth:`finish` must be finished first."""
        if self._background is None:
            self.png()

    def png(self) -> bytes:
        fig = self.fig
        canvas = fig.canvas if isinstance(fig.canvas, _canvas_class()) else _canvas_class()(fig)
        if self._background is None:
            canvas.draw()  # every artist but the changing (animated) ones
            self._background = canvas.copy_from_bbox(fig.bbox)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        texts = ([t for t in (fig.course_title, fig.course_source_line) if t.get_animated()]
                 if self._finished else [])
        for artist in sorted(self.redrawn + self.changing + texts, key=lambda a: a.get_zorder()):
            artist.draw(renderer)
        return encode_png(canvas.buffer_rgba())


@cache
def _canvas_class():
    """An Agg canvas whose renderer keeps each text it has rasterised (:class:`_TextCache`):
    the widgets' charts draw the same tick labels, names, numbers and legends again and
    again, and drawing glyphs is most of their drawing time."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    class TextCachingRenderer(RendererAgg):
        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if ismath or angle or not s or (mtext is not None and (
                    mtext.get_fontfeatures() or mtext.get_language())):
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            image, dx, dy = _TEXT_CACHE.get(self, s, prop)
            if image.size:
                self._renderer.draw_text_image(image, round(x) + dx, round(y) - dy, 0, gc)
            return None

    class Canvas(FigureCanvasAgg):
        def get_renderer(self):
            w, h = self.get_width_height(physical=True)
            key = w, h, self.figure.dpi
            if self._lastKey != key:
                self.renderer = TextCachingRenderer(w, h, self.figure.dpi)
                self._lastKey = key
            return self.renderer

    return Canvas


class _TextCache:
    """Rasterised texts (one line of plain, unrotated text each), by string, font, size and
    resolution: the glyphs composed once into a grey-level image drawn at a whole pixel, as
    matplotlib drew text before 3.10 (then it draws glyph by glyph, at sub-pixel positions).
    The same text gives the same pixels wherever it stands, whether or not it was cached."""

    def __init__(self, size: int = 4096):
        self.size = size
        self.images: dict = {}

    def get(self, renderer, s: str, prop):
        import numpy as np
        from matplotlib.backends.backend_agg import get_hinting_flag
        from matplotlib.ft2font import RenderMode

        flags = get_hinting_flag()
        key = (s, hash(prop), prop.get_size_in_points(), renderer.dpi, str(flags))
        hit = self.images.get(key)
        if hit is not None:
            return hit
        font = renderer._prepare_font(prop)
        items = font._layout(s, flags=flags)
        size = prop.get_size_in_points()
        glyphs = []
        for item in items:
            f = item.ft_object
            f.set_size(size, renderer.dpi)
            f._set_transform(np.array([[0x10000, 0], [0, 0x10000]]),
                             [round(0x40 * item.x), round(0x40 * item.y)])
            bitmap = f._render_glyph(item.glyph_index, flags, RenderMode.NORMAL)
            buf = np.asarray(bitmap.buffer)
            if buf.size:
                glyphs.append((bitmap.left, bitmap.top, buf.copy()))
        if not glyphs:
            out = (np.zeros((0, 0), np.uint8), 0, 0)
        else:
            x0 = min(left for left, _, _ in glyphs)
            x1 = max(left + b.shape[1] for left, _, b in glyphs)
            y1 = max(top for _, top, _ in glyphs)
            y0 = min(top - b.shape[0] for _, top, b in glyphs)
            image = np.zeros((y1 - y0, x1 - x0), np.uint8)
            for left, top, b in glyphs:
                r, c = y1 - top, left - x0
                region = image[r:r + b.shape[0], c:c + b.shape[1]]
                np.maximum(region, b, out=region)
            # draw_text_image's x is the image's left edge, its y the image's bottom edge
            # (canvas y downwards): y0 is the bottom edge's height above the baseline.
            out = (image, x0, y0)
        if len(self.images) >= self.size:
            self.images.clear()
        self.images[key] = out
        return out


_TEXT_CACHE = _TextCache()


def encode_png(rgba) -> bytes:
    """A widget chart's pixels as PNG, quickly: RGB (the figure is opaque), zlib level 3
    (at level 6, matplotlib's default, encoding takes half as long again for files 3–5 %
    smaller), the course's DPI and no other metadata; by Pillow, which matplotlib requires."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    buf = io.BytesIO()  # Pillow drops the alpha channel faster than a numpy copy does
    Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1).convert("RGB").save(
        buf, format="png", compress_level=3, dpi=(DPI, DPI))
    return buf.getvalue()


class Chart:
    """A rendered chart: the notebook shows the PNG; its text form is the alt text."""

    def __init__(self, fig: Figure):
        alt = getattr(fig, "course_alt", None)
        if not alt:
            raise ValueError("call charts.finish(fig, title=..., source=..., alt=...) before "
                             "showing a chart")
        self.figure = fig
        self.alt = alt
        self.png = to_png(fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "text/plain": f"Chart: {self.alt}",
        }
        return data, {"image/png": {"alt": self.alt, "unconfined": True}}


def describe(alt: str) -> str:
    """HTML for the visible description under a chart."""
    return (f'<details class="chart-alt"><summary>Chart description</summary>'
            f"<p>{html.escape(alt)}</p></details>")


def show(fig: Figure) -> None:
    """Display a finished chart with its description under it."""
    from IPython.display import HTML, display

    chart = Chart(fig)
    display(chart)
    display(HTML(describe(chart.alt)))


def _number(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def describe_figure(fig) -> str:
    """A text description of any matplotlib chart, read from its axes (for a chart the course
    did not make, e.g. a learner's): its title, axis labels, and its bars with their labels
    and values or its number of lines. A chart finished by :func:`finish` keeps its own alt."""
    from matplotlib.container import BarContainer

    fig = getattr(fig, "figure", fig)  # an Axes gives its figure
    own = getattr(fig, "course_alt", None)
    if own:
        return own
    parts = []
    for ax in [a for a in fig.axes if a.has_data()] or fig.axes[:1]:
        title = next((t for t in (ax.get_title(loc=loc) for loc in ("center", "left", "right"))
                      if t), "") or (fig.get_suptitle() if hasattr(fig, "get_suptitle") else "")
        bars = [c for c in ax.containers if isinstance(c, BarContainer)]
        kind = "Bar chart" if bars else ("Line chart" if ax.get_lines() else "Chart")
        text = kind + (f" titled '{title}'" if title else " without a title")
        if ax.get_xlabel() or ax.get_ylabel():
            text += (f"; x axis: {ax.get_xlabel() or 'no label'}, "
                     f"y axis: {ax.get_ylabel() or 'no label'}")
        if bars:
            horizontal = getattr(bars[0], "orientation", "vertical") == "horizontal"
            ticks = [t.get_text() for t in (ax.get_yticklabels() if horizontal
                                            else ax.get_xticklabels())]
            values = []
            for c in bars:
                for i, patch in enumerate(c):
                    v = patch.get_width() if horizontal else patch.get_height()
                    name = ticks[i] if len(c) == len(ticks) and ticks[i] else f"bar {i + 1}"
                    values.append(f"{name} {_number(float(v))}")
            shown = values[:20] + ([f"and {len(values) - 20} more"] if len(values) > 20 else [])
            text += f"; {len(values)} bars: " + ", ".join(shown)
        elif ax.get_lines():
            text += f"; {len(ax.get_lines())} line(s)"
        parts.append(text + ".")
    return " ".join(parts) or "An empty chart."


def show_any(fig) -> None:
    """Display any matplotlib chart (a learner's too) as PNG with alt text and the visible
    description under it, and take it out of pyplot's list of open figures, so that the inline
    backend does not show it a second time, without its description, at the end of the cell."""
    from IPython.display import HTML, display

    fig = getattr(fig, "figure", fig)
    alt = describe_figure(fig)
    png = to_png(fig) if getattr(fig, "course_alt", None) else _tight_png(fig)
    display({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"Chart: {alt}"},
            metadata={"image/png": {"alt": alt}}, raw=True)
    display(HTML(describe(alt)))
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # a figure pyplot does not manage is left alone by close()
        pyplot.close(fig)


def _tight_png(fig) -> bytes:
    """PNG of a chart the course did not lay out, cropped to its drawn content (as the inline
    backend shows it), reproducibly."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata=PNG_METADATA, bbox_inches="tight")
    return buf.getvalue()
