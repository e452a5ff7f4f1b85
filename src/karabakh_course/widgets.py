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

__all__ = ["Rendered", "Slider", "RangeSlider", "Dropdown", "MultiSelect", "Text", "WidgetSpec",
           "register", "registry", "render_figure", "spec_of", "view"]


@dataclass(frozen=True)
class Rendered:
    """What an update produces: HTML (text, tables) and optionally a chart as PNG bytes."""

    html: str
    png: bytes | None = None
    alt: str = ""


@dataclass(frozen=True)
class Slider:
    label: str
    min: int
    max: int
    value: int
    step: int = 1


@dataclass(frozen=True)
class RangeSlider:
    label: str
    min: int
    max: int
    value: tuple[int, int]
    step: int = 1


@dataclass(frozen=True)
class Dropdown:
    label: str
    options: tuple  # of values, or of (label, value) pairs
    value: object = None


@dataclass(frozen=True)
class MultiSelect:
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
                    png=charts.to_png(fig), alt=alt)


def _make_control(c):
    import ipywidgets as w

    style = {"description_width": "initial"}
    if isinstance(c, Slider):
        return w.IntSlider(description=c.label, min=c.min, max=c.max, value=c.value, step=c.step,
                           continuous_update=False, style=style)
    if isinstance(c, RangeSlider):
        return w.IntRangeSlider(description=c.label, min=c.min, max=c.max, value=c.value,
                                step=c.step, continuous_update=False, style=style,
                                layout=w.Layout(width="28em"))
    if isinstance(c, Dropdown):
        return w.Dropdown(description=c.label, options=c.options,
                          value=c.value if c.value is not None else _first(c.options),
                          style=style)
    if isinstance(c, MultiSelect):
        return w.SelectMultiple(description=c.label, options=c.options, value=c.value,
                                rows=c.rows, style=style)
    if isinstance(c, Text):
        return w.Text(description=c.label, value=c.value, placeholder=c.placeholder,
                      continuous_update=False, style=style, layout=w.Layout(width="32em"))
    raise TypeError(f"unknown control {c!r}")


def _first(options):
    o = options[0]
    return o[1] if isinstance(o, tuple) else o


def spec_of(widget) -> WidgetSpec:
    """The registered spec of ``widget``: its update function (``l05.memberships_view``) or
    its registered name (``"memberships"``)."""
    specs = registry()
    if callable(widget):
        for spec in specs.values():
            if spec.update is widget:
                return spec
        raise KeyError(f"{getattr(widget, '__name__', widget)!r} is not a registered widget; "
                       f"registered: {', '.join(sorted(specs))}")
    if widget not in specs:
        raise KeyError(f"no widget {widget!r}; registered: {', '.join(sorted(specs))}")
    return specs[widget]


def view(widget, **initial):
    """The widget (its update function, or its registered name): its question, its controls
    and its output, updated on change."""
    import ipywidgets as w

    spec = spec_of(widget)
    controls = {k: _make_control(c) for k, c in spec.controls().items()}
    for k, v in initial.items():
        controls[k].value = v
    text = w.HTML()
    image = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))

    def refresh(_=None):
        result = spec.update(**{k: c.value for k, c in controls.items()})
        text.value = result.html
        if result.png is not None:
            image.value = result.png
            image.layout.display = None
        else:
            image.layout.display = "none"

    for c in controls.values():
        c.observe(refresh, names="value")
    refresh()
    question = w.HTML(f'<p class="widget-question"><b>Question:</b> '
                      f"{html.escape(spec.question)}</p>")
    return w.VBox([question, *controls.values(), image, text])
