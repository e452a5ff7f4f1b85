"""One house style for every chart in the course.

- Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
- Fonts: DejaVu Sans, which matplotlib bundles, so charts look the same on every machine.
- Every chart carries a title, a source line under it and a text description (alt text)
  beside it: :func:`finish` adds all three (it is the one place a chart's title is set; no
  chart calls ``ax.set_title``), :func:`show` displays the PNG with its description.
- PNG bytes are reproducible: no software stamp or date is written into the file.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib
from matplotlib.figure import Figure

__all__ = ["PALETTE", "CATEGORY_COLOURS", "DPI", "style", "new", "finish", "to_png", "show",
           "Chart", "colour_for", "series_style"]

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
DPI = 100
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
}


def style() -> None:
    """Apply the house style to matplotlib (idempotent)."""
    matplotlib.rcParams.update(_RC)


HATCHES = (None, "////", "....", "xxxx")


def series_style(i: int) -> dict:
    """Fill style of the i-th series: the eight colours first, then the same with a hatch,
    so that more than eight series stay distinguishable without relying on colour alone."""
    return {"color": CYCLE[i % len(CYCLE)], "hatch": HATCHES[(i // len(CYCLE)) % len(HATCHES)]}


def colour_for(key: str, i: int = 0) -> str:
    """The colour of a recurring category, or the i-th colour of the palette."""
    return CATEGORY_COLOURS.get(key, CYCLE[i % len(CYCLE)])


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
    fig.axes[0].set_title(title, **({} if title_pad is None else {"pad": title_pad}))
    fig.text(0.01, 0.005, f"Source: {source}", fontsize=8, color="#444444", ha="left",
             va="bottom", wrap=True)
    fig.set_layout_engine("constrained")
    fig.get_layout_engine().set(h_pad=0.15)
    fig.course_alt = alt  # read by show() and by the tests
    fig.course_source = source
    return fig


def to_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes at the course's resolution, reproducibly."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata=PNG_METADATA)
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
        return data, {"image/png": {"alt": self.alt}}


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
