"""House style, map and widgets: pure parts tested directly, views built once."""

import matplotlib

matplotlib.use("agg")
import pytest  # noqa: E402

from karabakh_course import charts, data, widgets  # noqa: E402
from karabakh_course import map as kmap  # noqa: E402


def test_finish_requires_source_and_alt():
    fig, ax = charts.new()
    with pytest.raises(ValueError):
        charts.finish(fig, source="", alt="x")
    charts.finish(fig, source="S", alt="A chart.")
    assert fig.course_alt == "A chart."
    assert any("Source: S" in t.get_text() for t in fig.texts)


def test_png_is_reproducible_and_unstamped():
    fig, ax = charts.new()
    ax.bar(["a"], [1])
    charts.finish(fig, source="S", alt="A.")
    a, b = charts.to_png(fig), charts.to_png(fig)
    assert a == b and a.startswith(b"\x89PNG") and b"Matplotlib" not in a


def test_chart_bundle_carries_alt_text():
    fig, _ = charts.new()
    charts.finish(fig, source="S", alt="Alt words.")
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
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert kmap.LAYERS["countries"]["label"] in labels
    assert kmap.LAYERS["held_1994_2020"]["label"] in labels
    assert "hatched" in fig.course_alt


def test_map_places_are_labelled_approximate():
    places = data.load("places")
    if places.empty:
        pytest.skip("no places yet")
    fig = kmap.region_map(places.head(3))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Places (approximate points)" in labels


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


@pytest.mark.slow
def test_every_widget_view_builds_and_reacts():
    for name, spec in widgets.registry().items():
        box = widgets.view(name)
        text = box.children[-1]
        before = text.value
        control = box.children[1]
        example = spec.examples[-1]
        key = next(iter(example))
        control.value = example[key]
        assert text.value, name
        assert before, name


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
