"""Interactive views, kept thin: a registered pure update function does all the work.

A widget is registered once, in the package, with its controls, example inputs and the
question it asks the learner::

    @register("timeline", question="…", controls=lambda: {"years": RangeControl(...)},
              examples=[{"years": (1988, 1994)}])
    def timeline(years): ...  # returns a Rendered (HTML text and, optionally, a chart PNG)

:func:`view` builds the ipywidgets for any registered widget; tests and benchmarks call the
update function directly with the examples. The update function's result is shown in an
``HTML`` and an ``Image`` widget (not an ``Output`` widget), so the notebook's saved widget
state shows the result before anything runs, and no printed output is captured.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from . import charts
from .arguments import ArgumentError

__all__ = ["Rendered", "Slider", "RangeSlider", "Dropdown", "MultiSelect", "Text", "WidgetSpec",
           "register", "registry", "render_figure", "scrolling", "spec_of", "view"]


@dataclass(frozen=True)
class Rendered:
    """What an update produces: HTML (text, tables) and optionally a chart as PNG bytes."""

    html: str
    png: bytes | None = None
    alt: str = ""
    figure: object = field(default=None, compare=False, repr=False)  # the chart, for tests


@dataclass(frozen=True)
class Slider:
    label: str
    min: int
    max: int
    value: int
    step: int = 1


@dataclass(frozen=True)
class RangeSlider:
    """A range of whole numbers. Shown as wide as the notebook (``width``), so that one step
    is a few pixels even over a century; its readout can be typed into, and the arrow keys
    move a focused handle one ``step``."""

    label: str
    min: int
    max: int
    value: tuple[int, int]
    step: int = 1
    width: str = "100%"


@dataclass(frozen=True)
class Dropdown:
    """One choice from a list; with ``search``, a search box above it narrows a long list to
    the options whose label contains what is typed."""

    label: str
    options: tuple  # of values, or of (label, value) pairs
    value: object = None
    search: bool = False


@dataclass(frozen=True)
class MultiSelect:
    """A choice of several options, shown as labelled checkboxes (no Ctrl-click needed) with a
    "Clear" button; none chosen means all."""

    label: str
    options: tuple
    value: tuple = ()
    rows: int = 6


@dataclass(frozen=True)
class Text:
    """A line of text the learner types (applied on Enter or on leaving the box)."""

    label: str
    value: str = ""
    placeholder: str = ""


@dataclass
class WidgetSpec:
    name: str
    update: Callable[..., Rendered]
    controls: Callable[[], dict]
    examples: list[dict]
    question: str
    modules: list[str] = field(default_factory=list)


_REGISTRY: dict[str, WidgetSpec] = {}


def register(name: str, *, question: str, controls: Callable[[], dict], examples: list[dict]):
    """Register an update function as the widget ``name`` (used as a decorator)."""
    if not examples:
        raise ValueError(f"widget {name!r} needs at least one example input")

    def deco(fn):
        if name in _REGISTRY and _REGISTRY[name].update is not fn:
            raise ValueError(f"widget {name!r} is registered twice")
        _REGISTRY[name] = WidgetSpec(name, fn, controls, examples, question, [fn.__module__])
        return fn

    return deco


def registry() -> dict[str, WidgetSpec]:
    """Every registered widget, by name (importing the modules that define them)."""
    from . import lessons

    lessons.load_all()
    return dict(_REGISTRY)


def render_figure(fig, html_text: str = "") -> Rendered:
    """A Rendered from a finished chart (see :func:`charts.finish`)."""
    alt = getattr(fig, "course_alt", "")
    return Rendered(html=html_text + charts.describe(alt) if alt else html_text,
                    png=charts.to_png(fig), alt=alt, figure=fig)


def _make_control(c):
    import ipywidgets as w

    style = {"description_width": "initial"}
    if isinstance(c, Slider):
        return w.IntSlider(description=c.label, min=c.min, max=c.max, value=c.value, step=c.step,
                           continuous_update=False, style=style)
    if isinstance(c, RangeSlider):
        return w.IntRangeSlider(description=c.label, min=c.min, max=c.max, value=c.value,
                                step=c.step, continuous_update=False, style=style,
                                readout=True, layout=w.Layout(width=c.width, max_width="100%"))
    if isinstance(c, Dropdown):
        return w.Dropdown(description=c.label, options=c.options,
                          value=c.value if c.value is not None else _first(c.options),
                          style=style)
    if isinstance(c, MultiSelect):
        return checkbox_group(c)
    if isinstance(c, Text):
        return w.Text(description=c.label, value=c.value, placeholder=c.placeholder,
                      continuous_update=False, style=style, layout=w.Layout(width="32em"))
    raise TypeError(f"unknown control {c!r}")


def checkbox_group(c: MultiSelect):
    """A box of labelled checkboxes and a "Clear" button, with a ``value`` (the chosen ids, in
    the options' order) that can be observed like any control's."""
    import ipywidgets as w
    import traitlets

    class CheckboxGroup(w.VBox):
        value = traitlets.Tuple()

    pairs = [o if isinstance(o, tuple) else (str(o), o) for o in c.options]
    boxes = [w.Checkbox(value=v in c.value, description=lab, indent=False,
                        layout=w.Layout(width="auto", margin="0 1.2em 0 0")) for lab, v in pairs]
    clear = w.Button(description="Clear", tooltip=f"Clear {c.label} (show all)",
                     layout=w.Layout(width="auto"))
    label = w.Label(f"{c.label} (none ticked: all):")
    group = CheckboxGroup([label, w.HBox(boxes, layout=w.Layout(flex_flow="row wrap")), clear])
    group.add_class("course-checkbox-group")
    group.value = tuple(v for (_, v), b in zip(pairs, boxes, strict=True) if b.value)

    def sync(_=None):
        group.value = tuple(v for (_, v), b in zip(pairs, boxes, strict=True) if b.value)

    def on_clear(_):
        for b in boxes:
            b.unobserve(sync, names="value")
            b.value = False
            b.observe(sync, names="value")
        sync()

    def on_value(change):  # set from code (view(..., categories=(...)))
        chosen = set(change["new"])
        for (_, v), b in zip(pairs, boxes, strict=True):
            if b.value != (v in chosen):
                b.unobserve(sync, names="value")
                b.value = v in chosen
                b.observe(sync, names="value")

    for b in boxes:
        b.observe(sync, names="value")
    clear.on_click(on_clear)
    group.observe(on_value, names="value")
    return group


def _first(options):
    o = options[0]
    return o[1] if isinstance(o, tuple) else o


def _fold(text: str) -> str:
    """Text for matching: lower case, without accents (Şuşa matches 'susa')."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", str(text).casefold())
                   if not unicodedata.combining(ch))


def matching(options, query: str) -> tuple:
    """The options whose label contains ``query`` (case and accents ignored; pure)."""
    q = _fold(query.strip())
    pairs = [o if isinstance(o, tuple) else (str(o), o) for o in options]
    return tuple(p for p in pairs if q in _fold(p[0]))


def search_box(spec: Dropdown, dropdown):
    """A text box that narrows ``dropdown`` to the options matching what is typed; when nothing
    matches, the list stays whole and the box says so."""
    import ipywidgets as w

    box = w.Text(description=f"Search {spec.label.lower()}s", placeholder="type part of a name",
                 continuous_update=True, style={"description_width": "initial"})
    note = w.Label("")

    def on_type(change):
        found = matching(spec.options, change["new"])
        if not found:
            note.value = f"No {spec.label.lower()} contains {change['new']!r}."
            found = matching(spec.options, "")
        else:
            note.value = f"{len(found)} of {len(spec.options)} shown."
        current = dropdown.value
        dropdown.options = found
        dropdown.value = current if current in {v for _, v in found} else found[0][1]

    box.observe(on_type, names="value")
    return w.HBox([box, note])


def spec_of(widget) -> WidgetSpec:
    """The registered spec of ``widget``: its update function (``l05.memberships_view``) or
    its registered name (``"memberships"``)."""
    specs = registry()
    if callable(widget):
        for spec in specs.values():
            if spec.update is widget:
                return spec
        raise ArgumentError("kc.widgets.view()", "widget (not a registered widget)",
                            getattr(widget, "__name__", widget), sorted(specs))
    if widget not in specs:
        raise ArgumentError("kc.widgets.view()", "widget name (registered)", widget,
                            sorted(specs))
    return specs[widget]


DEBOUNCE_S = 0.12  # changes closer together than this (keyboard steps) render once, at the end
SCROLL_CSS = ("<style>.course-scroll{overflow-x:auto;max-width:100%}"
              ".course-scroll table{width:max-content;max-width:64em}</style>")


def scrolling(html_text: str) -> str:
    """Wrap an update's HTML so that in a narrow window its tables scroll sideways instead of
    collapsing to one word a line (each table keeps its natural width, up to 64em)."""
    return f'{SCROLL_CSS}<div class="course-scroll">{html_text}</div>'


def settle() -> None:
    """After a view's opening render: every object alive now (the course's modules, tables
    and the view's figure) is moved out of the garbage collector's reach (``gc.freeze``), so
    that a full collection, which otherwise falls now and then inside an update and scans
    them all (20-90 ms here), scans only what came after. Cheap: nothing is collected."""
    import gc

    gc.freeze()


def view(widget, **initial):
    """The widget (its update function, or its registered name): its question, its controls
    and its output, updated on change.

    The chart is shown at its own size (a narrow window scrolls it rather than shrinking its
    text below 9 pt). Changes that come faster than :data:`DEBOUNCE_S` (arrow keys held on a
    slider) are gathered: the first renders at once, the rest once, with the latest values."""
    import asyncio
    import time

    import ipywidgets as w

    spec = spec_of(widget)
    specs = spec.controls()
    controls = {k: _make_control(c) for k, c in specs.items()}
    for k, v in initial.items():
        if k not in controls:
            raise ArgumentError("kc.widgets.view()", f"control of {spec.name!r}", k, controls)
        controls[k].value = v
    text = w.HTML()
    image = w.Image(format="png", layout=w.Layout(max_width="none", height="auto"))
    frame = w.Box([image], layout=w.Layout(overflow="auto", max_width="100%"))
    pending = {"handle": None, "done": float("-inf")}

    def refresh(_=None):
        pending["handle"] = None
        result = spec.update(**{k: c.value for k, c in controls.items()})
        text.value = scrolling(result.html)
        if result.png is not None:
            image.value = result.png
            frame.layout.display = None
        else:
            frame.layout.display = "none"
        pending["done"] = time.monotonic()

    def changed(_=None):
        if pending["handle"] is not None:  # a refresh is due; it reads the latest values
            return
        wait = DEBOUNCE_S - (time.monotonic() - pending["done"])
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python): render now
            loop = None
        if wait <= 0 or loop is None:
            refresh()
        else:
            pending["handle"] = loop.call_later(wait, refresh)

    for c in controls.values():
        c.observe(changed, names="value")
    refresh()
    settle()
    question = w.HTML(f'<p class="widget-question"><b>Question:</b> '
                      f"{html.escape(spec.question)}</p>")
    shown = []
    for k, c in controls.items():
        if isinstance(specs[k], Dropdown) and specs[k].search:
            shown.append(search_box(specs[k], c))
        shown.append(c)
    return w.VBox([question, *shown, frame, text])
