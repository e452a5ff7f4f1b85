"""House style, map and widgets: pure parts tested directly, views built once."""

import re

import matplotlib

matplotlib.use("agg")
import pytest  # noqa: E402

from karabakh_course import charts, data, widgets  # noqa: E402
from karabakh_course import map as kmap  # noqa: E402


def test_finish_requires_title_source_and_alt():
    fig, ax = charts.new()
    with pytest.raises(ValueError):
        charts.finish(fig, title="T", source="", alt="x")
    with pytest.raises(ValueError):
        charts.finish(fig, title="", source="S", alt="x")
    with pytest.raises(TypeError):
        charts.finish(fig, source="S", alt="x")  # the title is not optional
    charts.finish(fig, title="T", source="S", alt="A chart.")
    assert fig.course_alt == "A chart."
    assert ax.get_title(loc="left") == "T"
    assert any("Source: S" in t.get_text() for t in fig.texts)


def test_a_chart_title_is_set_in_one_place_only(root):
    """charts.finish sets every chart's title; no other module of the package calls set_title
    (so every chart's title has the house style and no chart goes without one)."""
    import ast

    calls = []
    for path in sorted((root / "src" / "karabakh_course").rglob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in {"set_title", "suptitle"}):
                    calls.append(f"{path.name}:{fn.name}")
    assert calls == ["charts.py:finish"], calls


def test_png_is_reproducible_and_unstamped():
    fig, ax = charts.new()
    ax.bar(["a"], [1])
    charts.finish(fig, title="T", source="S", alt="A.")
    a, b = charts.to_png(fig), charts.to_png(fig)
    assert a == b and a.startswith(b"\x89PNG") and b"Matplotlib" not in a


def test_chart_bundle_carries_alt_text():
    fig, _ = charts.new()
    charts.finish(fig, title="T", source="S", alt="Alt words.")
    data_, meta = charts.Chart(fig)._repr_mimebundle_()
    assert data_["text/plain"] == "Chart: Alt words."
    assert meta["image/png"]["alt"] == "Alt words."
    with pytest.raises(ValueError, match="finish"):
        charts.Chart(charts.new()[0])


def test_palette_is_okabe_ito():
    assert len(set(charts.CYCLE)) == 8
    assert charts.colour_for("no") == "#D55E00"


def test_map_layers_and_labels():
    layers = {k: kmap.load_layer(k) for k in kmap.LAYERS}
    isos = {p["iso_a3"] for p, _ in layers["countries"]}
    assert {"ARM", "AZE", "GEO"} <= isos
    assert len(layers["held_1994_2020"]) == 1
    assert "not the NKAO" in kmap.LAYERS["held_1994_2020"]["label"]
    fig = kmap.region_map()
    labels = legend_texts(fig)
    assert kmap.LAYERS["countries"]["label"] in labels
    assert kmap.LAYERS["held_1994_2020"]["label"] in labels
    assert "hatched" in fig.course_alt


def legend_texts(fig) -> list[str]:
    """The legend's entries of a map, each on one line again."""
    (legend,) = fig.legends
    return [" ".join(t.get_text().split()) for t in legend.get_texts()]


def test_region_map_names_every_neighbour_and_nakhchivan():
    """Lesson 00 asks which states border the hatched area: the map names them all."""
    fig = kmap.region_map()
    names = {" ".join(t.get_text().split()) for t in fig.axes[0].texts}
    for state in ("Armenia", "Azerbaijan", "Georgia", "Iran", "Russia", "Turkey"):
        assert state in names, f"the map does not name {state}"
    assert any(n.startswith("Nakhchivan") for n in names)
    x0, x1, y0, y1 = kmap.EXTENT
    for text in fig.axes[0].texts:  # every label inside the frame
        lon, lat = text.get_position()
        assert x0 < lon < x1 and y0 < lat < y1, text.get_text()


def test_map_places_are_labelled_approximate():
    places = data.load("places")
    if places.empty:
        pytest.skip("no places yet")
    fig = kmap.region_map(places.head(3), highlight=[places.index[0]])
    labels = legend_texts(fig)
    assert "Places (approximate points)" in labels
    assert "Highlighted places (named in bold)" in labels
    assert "Highlighted places (named in bold)" not in legend_texts(
        kmap.region_map(places.head(3)))


@pytest.mark.slow
def test_every_widget_updates_with_its_examples():
    reg = widgets.registry()
    assert reg
    for name, spec in reg.items():
        assert spec.question.endswith("?"), f"{name}: the widget asks a question"
        controls = spec.controls()
        for example in spec.examples:
            assert set(example) == set(controls), f"{name}: example keys match controls"
            r = spec.update(**example)
            assert isinstance(r, widgets.Rendered) and r.html
            if r.png is not None:
                assert r.png.startswith(b"\x89PNG") and r.alt


def is_search_box(child) -> bool:
    """The search box that widgets.view puts before a searchable dropdown (an HBox of a Text
    and its note), not a control of the spec."""
    import ipywidgets as w

    return (isinstance(child, w.HBox) and bool(child.children)
            and isinstance(child.children[0], w.Text)
            and child.children[0].description.startswith("Search "))


@pytest.mark.slow
def test_every_widget_view_builds_and_reacts():
    for name, spec in widgets.registry().items():
        box = widgets.view(name)
        frame, text = box.children[-2], box.children[-1]
        (image,) = frame.children
        shown = [c for c in box.children[1:-2] if not is_search_box(c)]
        controls = dict(zip(spec.controls(), shown, strict=True))
        before = text.value
        assert before, f"{name}: the view shows its first result before any change"
        # The last example first: the first is often the controls' starting value.
        for example in reversed(spec.examples):
            for key, value in example.items():
                controls[key].value = value
            want = spec.update(**{k: c.value for k, c in controls.items()})
            assert text.value == widgets.scrolling(want.html), \
                f"{name}: the text follows the controls ({example})"
            if want.png is not None:
                assert image.value == want.png, f"{name}: the chart follows the controls"
            if want.html != before:
                break
        else:
            pytest.fail(f"{name}: no example changes what the view shows, so none tests it")


def test_unknown_widget():
    with pytest.raises(KeyError, match="registered"):
        widgets.view("no-such-widget")


def test_series_beyond_the_palette_get_a_hatch():
    styles = [charts.series_style(i) for i in range(12)]
    assert len({(s["color"], s["hatch"]) for s in styles}) == 12
    assert styles[0]["hatch"] is None and styles[8]["hatch"]


def test_map_zooms_with_its_own_country_labels():
    fig = kmap.region_map(extent=(44.9, 47.7, 38.9, 40.8),
                          country_labels={"ARMENIA": (45.2, 40.45)}, legend_loc="upper left")
    ax = fig.axes[0]
    assert ax.get_xlim() == (44.9, 47.7) and ax.get_ylim() == (38.9, 40.8)
    assert [t.get_text() for t in ax.texts] == ["ARMENIA"]


def text_sizes(fig) -> dict[str, float]:
    """Every visible text of a figure (titles, ticks, legends, labels) and its size in pt."""
    from matplotlib.text import Text

    fig.canvas.draw()  # tick labels exist once drawn
    return {t.get_text(): t.get_fontsize() for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip()}


@pytest.mark.slow
def test_chart_text_is_never_smaller_than_the_minimum():
    """At the course's DPI, 9 pt is 12.5 px: shown at its own size (a narrow window scrolls,
    it does not shrink a chart), no chart text is under 9 pt on screen (the browser test
    measures that in JupyterLab)."""
    from karabakh_course import lessons

    lessons.load_all()
    sizes = {"region_map": text_sizes(kmap.region_map()),
             "world_map": text_sizes(kmap.world_map("oic", "2008-03-14"))}
    for name, spec in widgets.registry().items():
        for i, example in enumerate(spec.examples):
            r = spec.update(**example)
            if r.png is not None:  # now: a widget may re-use its figure at the next update
                sizes[f"{name}[{i}]"] = text_sizes(r.figure)
    small = {f"{name}: {text!r}": size for name, found in sizes.items()
             for text, size in found.items() if size < charts.MIN_FONT_PT}
    assert not small, small


@pytest.mark.slow
def test_a_widget_chart_depends_only_on_its_inputs():
    """A widget that re-uses its figure (charts.Layers) draws the same PNG for the same inputs
    whatever it showed before: each example's chart, drawn in the examples' order, equals
    the one drawn again after every other example."""
    for name, spec in widgets.registry().items():
        first = [spec.update(**example).png for example in spec.examples]
        again = [spec.update(**example).png for example in reversed(spec.examples)][::-1]
        for example, a, b in zip(spec.examples, first, again, strict=True):
            assert a == b, f"{name}: the chart of {example} depends on the updates before"


def test_layers_draw_the_changing_artists_over_the_kept_background():
    fig, ax = charts.new(4, 3)
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    layers = charts.Layers(fig)
    layers.finish(title="T", source="S", alt="A.")
    pngs = []
    for x in (1, 2, 1):
        layers.clear()
        layers.add(charts.bars(ax, [x], [3], color="#D55E00", zorder=10))
        layers.finish(title=f"T {x}", source="S", alt="A.")
        pngs.append(charts.to_png(fig))
    assert pngs[0] == pngs[2] != pngs[1]
    assert len(ax.collections) == 1 and fig.course_title.get_text() == "T 1"
    # The same chart in one layer: the same pixels, the changing bar being above the rest
    # there too (over the background, a changing artist is drawn over every static one).
    fresh, ax2 = charts.new(4, 3)
    ax2.set_xlim(0, 4)
    ax2.set_ylim(0, 4)
    charts.bars(ax2, [1], [3], color="#D55E00", zorder=10)
    charts.finish(fresh, title="T 1", source="S", alt="A.")
    assert pixels(charts.to_png(fresh)) == pixels(pngs[0])


def pixels(png: bytes) -> bytes:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def test_finished_charts_keep_no_layout_engine():
    """Laid out once in finish(): saving draws the figure once, with the same result."""
    fig, ax = charts.new()
    ax.bar(["a", "b"], [1, 2])
    charts.finish(fig, title="T", source="S", alt="A.")
    assert fig.get_layout_engine() is None
    assert ax.get_position().y0 > 0.05  # room was made for the tick labels and source
    assert charts.to_png(fig) == charts.to_png(fig)


ID = re.compile(r"^[a-z0-9]+([-_][a-z0-9]+)*$")


def test_widget_choices_are_ids_with_visible_labels():
    """Every dropdown and multi-select offers (label, id) pairs: the learner sees the label,
    the update function receives the id, and the examples (tests, benchmarks) use ids."""
    for name, spec in widgets.registry().items():
        for key, c in spec.controls().items():
            if not isinstance(c, widgets.Dropdown | widgets.MultiSelect):
                continue
            pairs = list(c.options)
            assert pairs and all(isinstance(o, tuple) and len(o) == 2 for o in pairs), \
                f"{name}.{key}: options must be (label, id) pairs"
            labels, ids = [lab for lab, _ in pairs], [i for _, i in pairs]
            assert all(isinstance(lab, str) and lab for lab in labels), f"{name}.{key}"
            assert len(set(ids)) == len(ids), f"{name}.{key}: an id is offered twice"
            bad = [i for i in ids if not (isinstance(i, str) and ID.match(i))]
            assert not bad, f"{name}.{key}: option values are ids, not labels: {bad[:3]}"
            chosen = c.value if isinstance(c, widgets.MultiSelect) else (c.value,)
            assert set(chosen) <= set(ids), f"{name}.{key}: the default {c.value!r} is no id"
            for example in spec.examples:
                given = example[key]
                given = tuple(given) if isinstance(c, widgets.MultiSelect) else (given,)
                assert set(given) <= set(ids), f"{name}.{key}: example {example[key]!r} is no id"


def test_pickers_need_no_shortcut_and_ranges_have_room():
    """A multiple choice is a set of labelled checkboxes with a "Clear" (no Ctrl-click), and a
    range slider is as wide as the notebook, so that the lesson 01 timeline gives each year
    several pixels; every control carries a visible label."""
    import ipywidgets as w

    view = widgets.view("timeline")
    controls = list(view.children[1:-2])  # between the question and the chart's frame and text
    years, cats = controls
    assert isinstance(years, w.IntRangeSlider) and years.layout.width == "100%"
    assert years.description == "Years" and years.step == 1 and years.readout
    assert not any(isinstance(c, w.SelectMultiple) for c in controls)
    label, row, clear = cats.children
    assert "Categories" in label.value and clear.description == "Clear"
    boxes = list(row.children)
    assert boxes and all(isinstance(b, w.Checkbox) and b.description for b in boxes)
    text = view.children[-1]
    boxes[-1].value = True
    assert cats.value == (view_value := (boxes[-1].description,)) and view_value[0] in text.value
    clear.click()
    assert cats.value == () and not any(b.value for b in boxes)
    assert "(all categories)" in text.value


def test_the_glossary_has_a_search_box():
    """Lesson 00's glossary widget: typing part of a name (case and accents ignored) narrows the
    dropdown and shows that entry; a search that finds nothing keeps the whole list."""
    import ipywidgets as w

    view = widgets.view("names")
    search_row = next(c for c in view.children if isinstance(c, w.HBox))
    search, note = search_row.children
    dropdown = next(c for c in view.children if isinstance(c, w.Dropdown))
    full = len(dropdown.options)
    assert isinstance(search, w.Text) and search.description.startswith("Search")
    search.value = "stepanakert"
    assert 0 < len(dropdown.options) < full and "shown" in note.value
    assert dropdown.value == "g-khankendi-stepanakert"
    assert "Stepanakert" in view.children[-1].value
    search.value = "zzzz"
    assert len(dropdown.options) == full and "No name contains" in note.value
    assert widgets.matching((("Şuşa", 1),), "susa") == (("Şuşa", 1),)


def test_view_names_the_valid_widgets_and_controls():
    from karabakh_course.arguments import ArgumentError

    with pytest.raises(ArgumentError, match="'timelin' is not a valid widget name.*timeline"):
        widgets.view("timelin")
    with pytest.raises(ArgumentError, match="'year' is not a valid control.*years"):
        widgets.view("timeline", year=(1990, 1991))


def test_text_cache_gives_the_same_pixels_cold_and_warm_and_close_to_plain_agg():
    """The course's canvas draws each plain text from a cache of rasterised texts: the PNG is
    the same whether the cache was empty or full, and the text stands where plain Agg
    draws it (within a pixel: it is drawn at a whole pixel)."""
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    def chart():
        fig, ax = charts.new(4, 3)
        ax.bar(["Armenia", "Azerbaijan"], [3, 5])
        ax.set_ylabel("a rotated label")  # rotated: drawn by Agg itself
        return charts.finish(fig, title="A title, in bold", source="a test", alt="Two bars.")

    charts._TEXT_CACHE.images.clear()
    cold = charts.to_png(chart())
    assert charts._TEXT_CACHE.images  # the texts were cached
    warm = charts.to_png(chart())
    assert cold == warm
    plain = chart()
    canvas = FigureCanvasAgg(plain)
    canvas.draw()
    ours = np.asarray(Image.open(io.BytesIO(cold)).convert("L"), dtype=float)
    agg = np.asarray(Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("L"), dtype=float)
    assert ours.shape == agg.shape
    # The same ink in all (glyph for glyph), and nowhere more than a pixel's shift away.
    assert abs(ours.sum() - agg.sum()) / (255 * ours.size - agg.sum()) < 0.02
    shifted = [np.abs(ours - np.roll(np.roll(agg, dy, 0), dx, 1)).mean()
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    assert min(shifted) < 2.0


def test_a_view_freezes_what_its_opening_built(monkeypatch):
    """After the opening render, widgets.view moves what is alive out of the collector's
    reach (gc.freeze), so a full collection does not scan it inside an update."""
    import gc

    from karabakh_course import widgets

    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    widgets.view("names")
    assert calls == ["freeze"]
