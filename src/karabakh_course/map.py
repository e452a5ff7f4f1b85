"""Maps of the region from Natural Earth shapes, drawn with plain matplotlib.

Layers, each labelled for what it is and whose view it shows:

- ``countries``: internationally recognised borders (Natural Earth 10m admin-0, v5.1.1).
- ``held_1994_2020``: the area held by Armenian forces from the 1994 ceasefire to 2020
  (Natural Earth 50m breakaway feature B38). It is not the Soviet-era autonomous oblast
  (NKAO) and shows neither the 2020 nor the 2023 changes.
- places: points from the ``places`` table, always labelled approximate.

The shapes are copied into ``data/geo/`` (public domain); no GIS library is needed: the y axis
is stretched by 1/cos(40°) so that shapes keep their proportions at this latitude.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from matplotlib.patches import Polygon as _Polygon

from . import charts
from .data import DATA_DIR

__all__ = ["LAYERS", "load_layer", "region_map", "ASPECT", "EXTENT"]

GEO_DIR = DATA_DIR / "geo"
ASPECT = 1 / math.cos(math.radians(40))
EXTENT = (43.3, 50.9, 38.2, 42.0)  # lon min, lon max, lat min, lat max
LAYERS = {
    "countries": {
        "file": "ne10m-countries-south-caucasus.geojson",
        "label": "Internationally recognised borders (Natural Earth)",
    },
    "held_1994_2020": {
        "file": "ne50m-karabakh-held-1994-2020.geojson",
        "label": "Area held by Armenian forces, 1994–2020 (Natural Earth; not the NKAO)",
    },
}
SOURCE = "Natural Earth 10m admin-0 v5.1.1 and 50m breakaway areas (public domain)"
_FILL = {"ARM": "#F3E3C3", "AZE": "#D6E9F5", "GEO": "#E6E6E6"}


@cache
def load_layer(name: str, geo_dir: Path = GEO_DIR) -> tuple[tuple[dict, tuple], ...]:
    """A layer's features as (properties, rings) pairs; rings are tuples of (lon, lat)."""
    if name not in LAYERS:
        raise KeyError(f"no map layer {name!r}; layers: {', '.join(LAYERS)}")
    path = geo_dir / LAYERS[name]["file"]
    gj = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for feat in gj["features"]:
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        rings = tuple(tuple(map(tuple, poly[0])) for poly in polys)  # outer rings
        out.append((feat["properties"], rings))
    return tuple(out)


def _draw(ax, rings, **kw):
    for ring in rings:
        ax.add_patch(_Polygon(ring, closed=True, **kw))


def region_map(places=None, *, highlight=(), show_held=True, title="The South Caucasus",
               width=8, height=5.2,
               alt=None, source_extra="", label_offsets=None, extent=None,
               country_labels=None, legend_loc="lower left"):
    """The region's map: recognised borders, the 1994–2020 line, and optional place points.

    ``places`` is a DataFrame with ``name``, ``lat``, ``lon`` (the ``places`` table or a part
    of it); ``highlight`` lists place ids drawn larger and in vermillion; ``label_offsets``
    maps place ids to (dx, dy) label offsets in points, for places that lie close together
    (a negative dx puts the label left of its point). ``extent`` (lon min, lon max, lat min,
    lat max) zooms the map; ``country_labels`` maps label texts to (lon, lat) positions, in
    place of the automatic ones, for a zoomed frame.
    """
    label_offsets = label_offsets or {}
    ext = extent or EXTENT
    fig, ax = charts.new(width, height)
    handles = []
    for props, rings in load_layer("countries"):
        iso = props.get("iso_a3")
        _draw(ax, rings, facecolor=_FILL.get(iso, "#F7F7F7"), edgecolor="#555555",
              linewidth=0.8, zorder=1)
        if country_labels is None and iso in {"ARM", "AZE", "GEO", "IRN", "TUR", "RUS"}:
            lon, lat = _label_point(rings)
            if ext[0] < lon < ext[1] and ext[2] < lat < ext[3]:
                _country_label(ax, props["name_en"], lon, lat)
    for text, (lon, lat) in (country_labels or {}).items():
        _country_label(ax, text, lon, lat)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles.append(Line2D([], [], color="#555555", lw=0.8, label=LAYERS["countries"]["label"]))
    if show_held:
        for _, rings in load_layer("held_1994_2020"):
            _draw(ax, rings, facecolor="none", edgecolor=charts.PALETTE["reddish purple"],
                  hatch="///", linewidth=1.4, zorder=2)
        handles.append(Patch(facecolor="none", edgecolor=charts.PALETTE["reddish purple"],
                             hatch="///", label=LAYERS["held_1994_2020"]["label"]))
    if places is not None and len(places):
        hl = set(highlight)
        for pid, row in places.iterrows():
            big = pid in hl
            ax.plot(row["lon"], row["lat"], "o", ms=7 if big else 4, zorder=6,
                    color=charts.PALETTE["vermillion"] if big else "#222222")
            dx, dy = label_offsets.get(pid, (4, 3))
            ax.annotate(row["name"], (row["lon"], row["lat"]), xytext=(dx, dy),
                        textcoords="offset points", fontsize=8 if not big else 9, zorder=7,
                        weight="bold" if big else "normal", ha="right" if dx < 0 else "left",
                        va="center" if dy == 0 else "baseline")
        handles.append(Line2D([], [], marker="o", ls="", color="#222222", ms=4,
                              label="Places (approximate points)"))
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    ax.set_aspect(ASPECT)
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    ax.legend(handles=handles, loc=legend_loc, fontsize=8, framealpha=0.9, frameon=True)
    alt = alt or (
        "Map of the South Caucasus showing the internationally recognised borders of Armenia, "
        "Azerbaijan and Georgia"
        + (", with the area held by Armenian forces from 1994 to 2020 hatched" if show_held
           else "")
        + (f", and {len(places)} places marked as approximate points" if places is not None
           and len(places) else "")
        + "."
    )
    return charts.finish(fig, title=title, source=SOURCE + source_extra, alt=alt)


def _country_label(ax, text, lon, lat):
    ax.text(lon, lat, text, ha="center", va="center", fontsize=9, color="#333333", zorder=5,
            style="italic")


def _label_point(rings):
    ring = max(rings, key=len)
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
