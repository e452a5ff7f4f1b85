"""Maps of the region from Natural Earth shapes, drawn with plain matplotlib.

Layers, each labelled for what it is and whose view it shows:

- ``countries``: internationally recognised borders (Natural Earth 10m admin-0, v5.1.1).
- ``held_1994_2020``: the area held by Armenian forces from the 1994 ceasefire to 2020
  (Natural Earth 50m breakaway feature B38). It is not the Soviet-era autonomous oblast
  (NKAO) and shows neither the 2020 nor the 2023 changes.
- places: points from the ``places`` table, always labelled approximate.

The shapes are copied into ``data/geo/`` (public domain); no GIS library is needed: the y axis
is stretched by 1/cos(40°) so that shapes keep their proportions at this latitude.

For any organization, :func:`world_map` shows its members (and observers) on a day on Natural
Earth's 1:110m world outlines, drawn as one collection; states too small for that scale, or with
no ISO code, are listed beside the map. :func:`world_status` is the table behind it::

    kc.map.world_status("nam", "2012-01-01")   # actor_id, name, iso3, status, on_map
    kc.map.world_map("oic", "2008-03-14")      # a finished figure
"""

from __future__ import annotations

import json
import math
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from . import charts, data
from . import memberships as _memberships
from .data import DATA_DIR

__all__ = ["LAYERS", "LABELS", "load_layer", "region_map", "ASPECT", "EXTENT", "WORLD_FILE",
           "load_world", "world_status", "world_map", "STATUS_COLOURS"]

GEO_DIR = DATA_DIR / "geo"
ASPECT = 1 / math.cos(math.radians(40))
EXTENT = (43.3, 50.9, 38.2, 42.45)  # lon min, lon max, lat min, lat max
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
    """All rings as one collection (not one patch each: ``add_patch`` walks every vertex to
    update the data limits, which every map sets itself)."""
    from matplotlib.collections import PolyCollection

    coll = PolyCollection(list(rings), closed=True, **kw)
    ax.add_collection(coll, autolim=False)
    return coll


# Where the default frame labels the states around Armenia and Azerbaijan, and Azerbaijan's
# Nakhchivan exclave (lon, lat), so that a reader can name every neighbour of the hatched area.
LABELS = {
    "Armenia": (44.95, 40.25),
    "Azerbaijan": (48.3, 40.75),
    "Georgia": (44.3, 41.8),
    "Russia": (47.0, 42.25),
    "Iran": (46.9, 38.55),
    "Turkey": (43.75, 39.45),
    "Nakhchivan\n(Azerbaijan)": (45.35, 39.3),
}
_LEGEND_WRAP = 25  # characters a legend line holds beside the map


def _legend_label(text: str, width: int = _LEGEND_WRAP) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def region_map(places=None, *, highlight=(), show_held=True, title="The South Caucasus",
               width=8, height=5.2,
               alt=None, source_extra="", label_offsets=None, extent=None,
               country_labels=None, legend_loc="lower left", reuse=False):
    """The region's map: recognised borders, the 1994–2020 line, and optional place points.

    ``places`` is a DataFrame with ``name``, ``lat``, ``lon`` (the ``places`` table or a part
    of it); ``highlight`` lists place ids drawn larger and in vermillion; ``label_offsets``
    maps place ids to (dx, dy) label offsets in points, for places that lie close together
    (a negative dx puts the label left of its point). ``extent`` (lon min, lon max, lat min,
    lat max) zooms the map; ``country_labels`` maps label texts to (lon, lat) positions, in
    place of the default ones (:data:`LABELS`: the neighbours and Nakhchivan), for a zoomed
    frame. The legend, beside the map, names every layer; ``legend_loc`` ("lower left" or
    "upper left") puts it at the foot or the top of the map's right side.

    Laid out with fixed margins (no layout engine): the map on the left, the legend on its
    right, the title above and the source line below. With ``reuse`` (for widgets), the map
    without its places is built and drawn once per frame and kept (:class:`charts.Layers`):
    the places, the title and the source line are drawn over it, and the same figure object
    is returned by every call with the same frame.
    """
    ext = tuple(extent or EXTENT)
    labels = LABELS if country_labels is None else country_labels
    hl = set(highlight)
    has_places = places is not None and len(places) > 0
    has_hl = has_places and bool(hl & set(places.index))
    frame = (bool(show_held), float(width), float(height), ext, tuple(labels.items()),
             legend_loc, has_places, has_hl)
    if reuse:
        if has_places:  # both frames (with and without highlighted places) at the first call,
            # the view's opening, so that no later update builds one
            for hl_frame in (False, True):
                _region_layers(*frame[:-1], hl_frame).png_once()
        layers = _region_layers(*frame)
        layers.clear()
        fig = layers.fig
    else:
        fig, layers = _region_frame(*frame), None
    if has_places:
        changing = _draw_places(fig.axes[0], places, hl, label_offsets or {})
        if layers is not None:
            for artist in changing:
                layers.add(artist)
    alt = alt or (
        "Map of the South Caucasus showing the internationally recognised borders of Armenia, "
        "Azerbaijan and Georgia, with Russia, Turkey, Iran and Azerbaijan's Nakhchivan exclave "
        "named"
        + (", with the area held by Armenian forces from 1994 to 2020 hatched" if show_held
           else "")
        + (f", and {len(places)} places marked as approximate points" if has_places else "")
        + "."
    )
    if layers is not None:
        return layers.finish(title=title, source=SOURCE + source_extra, alt=alt)
    return charts.finish(fig, title=title, source=SOURCE + source_extra, alt=alt)


@lru_cache(maxsize=8)
def _region_layers(*frame):
    """A kept frame (:func:`_region_frame`) in two layers, for :func:`region_map` ``reuse``."""
    return charts.Layers(_region_frame(*frame))


def _region_frame(show_held, width, height, ext, labels, legend_loc, has_places, has_hl):
    """The map without its places: shapes, country labels, axes placed, legend."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig, ax = charts.new(width, height)
    fig.course_fixed_layout = True
    handles = []
    polys, fills = [], []
    for props, rings in load_layer("countries"):
        for ring in rings:
            polys.append(ring)
            fills.append(_FILL.get(props.get("iso_a3"), "#F7F7F7"))
    _draw(ax, polys, facecolors=fills, edgecolors="#555555", linewidths=0.8, zorder=1)
    for text, (lon, lat) in labels:
        if ext[0] < lon < ext[1] and ext[2] < lat < ext[3]:
            _country_label(ax, text, lon, lat)
    handles.append(Line2D([], [], color="#555555", lw=0.8,
                          label=_legend_label(LAYERS["countries"]["label"])))
    handles.append(Line2D([], [], ls="", marker="$Aa$", ms=12, color="#333333",
                          label=_legend_label("States (in italics), named inside "
                                              "their recognised borders")))
    if show_held:
        held = [ring for _, rings in load_layer("held_1994_2020") for ring in rings]
        _draw(ax, held, facecolors="none", edgecolors=charts.PALETTE["reddish purple"],
              hatch="///", linewidths=1.4, zorder=2)
        handles.append(Patch(facecolor="none", edgecolor=charts.PALETTE["reddish purple"],
                             hatch="///",
                             label=_legend_label(LAYERS["held_1994_2020"]["label"])))
    if has_places:
        handles.append(Line2D([], [], marker="o", ls="", color="#222222", ms=4,
                              label="Places (approximate points)"))
        if has_hl:
            handles.append(Line2D([], [], marker="o", ls="", ms=7,
                                  color=charts.PALETTE["vermillion"],
                                  label=_legend_label("Highlighted places (named in bold)")))
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    ax.set_aspect(ASPECT)
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    # Fixed margins: title band at the top, two source lines at the foot, legend on the right.
    top = 1 - 0.45 / height
    bottom = 0.42 / height
    map_w = (top - bottom) * height * (ext[1] - ext[0]) / ((ext[3] - ext[2]) * ASPECT)
    frac = min(map_w / width, 1 - 2.6 / width)  # 2.6 in for the legend
    ax.set_anchor("NW")
    ax.set_position([0.01, bottom, frac, top - bottom])
    upper = legend_loc.startswith("upper")
    fig.legend(handles=handles, loc="upper left" if upper else "lower left",
               bbox_to_anchor=(0.02 + frac, top if upper else bottom), fontsize=9,
               frameon=False, handlelength=1.6, labelspacing=0.8)
    return fig


def _draw_places(ax, places, hl, label_offsets) -> list:
    """The places' points and names (highlighted ones larger, in vermillion, named in bold);
    returns the artists added."""
    out = []
    for pid, row in places.iterrows():
        big = pid in hl
        dx, dy = label_offsets.get(pid, (4, 3))
        out.append(ax.annotate(row["name"], (row["lon"], row["lat"]), xytext=(dx, dy),
                               textcoords="offset points", fontsize=9, zorder=7,
                               weight="bold" if big else "normal",
                               ha="right" if dx < 0 else "left",
                               va="center" if dy == 0 else "baseline"))
    is_hl = [pid in hl for pid in places.index]
    for sel, size, colour in ((False, 4, "#222222"), (True, 7, charts.PALETTE["vermillion"])):
        pts = places[[h == sel for h in is_hl]]
        if len(pts):
            out += ax.plot(pts["lon"].to_numpy(), pts["lat"].to_numpy(), "o", ms=size,
                           zorder=6, color=colour, ls="")
    return out


def _country_label(ax, text, lon, lat):
    ax.text(lon, lat, text, ha="center", va="center", fontsize=9, color="#333333", zorder=5,
            style="italic")


# --- world maps of an organization's members --------------------------------------------------

WORLD_FILE = "ne110m-world-countries.geojson"
WORLD_SOURCE = "Natural Earth 1:110m admin-0 countries (public domain; its default view of borders)"
STATUS_COLOURS = {
    "member": charts.PALETTE["blue"],
    "observer": charts.PALETTE["sky blue"],
    "associate": charts.PALETTE["bluish green"],
    "partner": charts.PALETTE["bluish green"],
    "participant": charts.PALETTE["bluish green"],
    "suspended": charts.PALETTE["orange"],
}
_OTHER = "#E4E4E4"


@cache
def load_world(geo_dir: Path = GEO_DIR) -> tuple[tuple[str, str, tuple], ...]:
    """The world's outlines as (iso3, name, rings) triples; rings are tuples of (lon, lat)."""
    path = geo_dir / WORLD_FILE
    gj = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for feat in gj["features"]:
        geom, props = feat["geometry"], feat["properties"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        out.append((str(props.get("iso_a3")), str(props.get("name")),
                    tuple(tuple(map(tuple, poly[0])) for poly in polys)))
    return tuple(out)


def world_status(org_id: str, on_date, *, statuses=("member", "observer"), memberships=None,
                 actors=None, world=None) -> pd.DataFrame:
    """The states with one of ``statuses`` in ``org_id`` on ``on_date`` (pure).

    Columns ``actor_id``, ``name``, ``iso3``, ``status`` and ``on_map`` (False where the state
    has no outline at 1:110m, or no ISO code), sorted by status (in the order of ``statuses``)
    and name.
    """
    if memberships is None and actors is None and world is None:  # the course's tables
        return _course_world_status(org_id, pd.Timestamp(on_date), tuple(statuses))
    return _world_status(org_id, on_date, statuses, memberships, actors, world)


@data.course_cached("memberships", "actors")
def _course_world_status(org_id: str, on_date: pd.Timestamp, statuses: tuple) -> pd.DataFrame:
    return _world_status(org_id, on_date, statuses, None, None, None)


def _world_status(org_id, on_date, statuses, memberships, actors, world) -> pd.DataFrame:
    act = data.load("actors") if actors is None else actors
    act = act if "id" not in act.columns else act.set_index("id")
    codes = {iso for iso, _, _ in (load_world() if world is None else world)}
    st = _memberships.status_on(org_id, on_date, memberships)
    st = st[st.isin(list(statuses))]
    isos, names = act["iso3"].to_dict(), act["name"].to_dict()  # dicts: no lookup per row
    rows = []
    for a, status in st.items():
        iso = isos.get(a)
        iso = None if iso is None or pd.isna(iso) else str(iso)
        name = str(names[a]) if a in names else a
        rows.append((a, name, iso, str(status), iso in codes))
    out = pd.DataFrame(rows, columns=["actor_id", "name", "iso3", "status", "on_map"])
    order = {s: i for i, s in enumerate(statuses)}
    out["_o"] = out["status"].map(order)
    return (out.sort_values(["_o", "name"]).drop(columns="_o").reset_index(drop=True)
            .astype({"on_map": bool}))


def world_map(org_id: str, on_date, *, statuses=("member", "observer"), title=None,
              width=9, height=4.6, memberships=None, actors=None, source_extra="",
              reuse=False):
    """A finished world map of ``org_id`` on ``on_date``: members and observers shaded, every
    other state light grey, all outlines in one collection. States with no outline at this
    scale are listed beside the map. With ``reuse`` (the widget), one figure in two layers
    (:class:`charts.Layers`): the world in grey is drawn once, and an update draws the shaded
    states (one collection), the legend and the list over it."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    table = world_status(org_id, on_date, statuses=statuses, memberships=memberships,
                         actors=actors)
    status_of = dict(zip(table["iso3"], table["status"], strict=True))
    source = WORLD_SOURCE + "; memberships: the course's table" + source_extra
    layers = _world_layers(float(width), float(height), source) if reuse else None
    polys, colours = [], []
    for iso, _, rings in load_world():
        colour = STATUS_COLOURS.get(status_of.get(iso), _OTHER)
        if layers is not None and colour == _OTHER:
            continue  # grey in the background already
        for ring in rings:
            polys.append(ring)
            colours.append(colour)
    if layers is None:
        fig, ax = _world_frame(width, height)
    else:
        layers.clear()
        fig = layers.fig
        ax = fig.axes[0]
    changing = [ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="white",
                                                 linewidths=0.3), autolim=False)]
    org = str((data.load("actors") if actors is None else actors.set_index("id")
               if "id" in actors.columns else actors)["name"].get(org_id, org_id))
    day = data.date_text(pd.Timestamp(on_date))
    counts = table["status"].value_counts()
    handles = [Patch(facecolor=STATUS_COLOURS.get(s, _OTHER),
                     label=f"{s} ({int(counts.get(s, 0))})") for s in statuses]
    handles.append(Patch(facecolor=_OTHER, label="not recorded as either"))
    changing.append(ax.legend(handles=handles, loc="lower left", fontsize=9, frameon=False))
    off = table[~table["on_map"]]
    side = ["Not on the map (too small for", "1:110m, or no ISO code):"]
    side += [f"  {n} ({s})" for n, s in zip(off["name"], off["status"], strict=True)] or ["  none"]
    changing.append(fig.text(0.755, 0.9, "\n".join(side[:40] + (["  …"] if len(side) > 40
                                                                 else [])),
                             fontsize=9, va="top", ha="left", color="#333333"))
    parts = [f"{s}s: " + (", ".join(table.loc[table["status"] == s, "name"]) or "none")
             for s in statuses]
    alt = (f"World map of the {org} on {day}, from the course's memberships table. "
           + "; ".join(parts) + ". Listed beside the map, with no outline at this scale: "
           + (", ".join(off["name"]) or "none") + ".")
    kw = {"title": title or f"{org}: states recorded on {day}",
          "source": source, "alt": alt}
    if layers is None:
        return charts.finish(fig, **kw)
    for artist in changing:
        layers.add(artist)
    return layers.finish(**kw)


def _world_frame(width, height):
    """The world map's axes, placed with fixed margins: map at the top left, list at the
    right."""
    fig, ax = charts.new(width, height)
    fig.course_fixed_layout = True
    ax.set_anchor("NW")
    ax.set_position([0.01, 0.1, 0.73, 0.82])
    ax.set_xlim(-180, 180)
    ax.set_ylim(-58, 84)
    ax.set_aspect(1)
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_visible(False)
    return fig, ax


@lru_cache(maxsize=2)
def _world_layers(width: float, height: float, source: str):
    """The widget's one world map: every outline in grey and the source line, drawn once."""
    from matplotlib.collections import PolyCollection

    fig, ax = _world_frame(width, height)
    polys = [ring for _, _, rings in load_world() for ring in rings]
    ax.add_collection(PolyCollection(polys, facecolors=_OTHER, edgecolors="white",
                                     linewidths=0.3), autolim=False)
    layers = charts.Layers(fig)
    layers.finish(title="-", source=source, alt="-", keep_source=True)
    return layers
