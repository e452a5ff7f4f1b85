"""Lesson 10 (outcomes, 2016–2025): battle deaths with their ranges, the 2020 and 2023 figures
by source, a before-and-after map, and a year slider through 1988–2025.

Functions take ids and read the tables themselves; the widget only calls them. The UCDP figures
come from the ``battle_deaths`` table (a copy of an extract of UCDP GED 23.1, which ends in
2022); every other figure is a row of ``figures`` with whose figure it is. The year widget
re-uses one figure: it is built, laid out and drawn once, and an update draws one bar over it.
"""

from __future__ import annotations

import html
from functools import cache

import pandas as pd

from .. import charts, content, data, memberships, tables
from .. import map as kmap
from ..checks import figure, frame, question, value
from ..widgets import Rendered, Slider, register, render_figure

YEARS = (1988, 2025)
UCDP_SOURCE = "UCDP GED 23.1, country-year totals derived by the R package poldat (CC BY 4.0)"
# Event categories that record an organization or a court acting.
ORG_CATEGORIES = {
    "un": "UN", "osce": "OSCE", "eu": "EU", "coe": "Council of Europe", "cis-csto": "CIS/CSTO",
    "nam": "Non-Aligned Movement", "law": "courts", "other": "other organizations",
}
HELD_PERIODS = (1988, 1992, 1994, 2020, 2023)  # notes held-YYYY of lesson 10's content file
# Places that changed hands after 1994, each with the event that records it.
CHANGED_HANDS = {
    "shusha": "2020-11-shusha-taken",
    "aghdam": "2020-11-aghdam-handover",
    "kalbajar": "2020-11-kalbajar-handover",
    "lachin": "2022-08-lachin-town-handover",
    "khankendi": "2023-09-azerbaijani-offensive",
}


def _names() -> dict[str, str]:
    return data.load("actors")["name"].astype(str).to_dict()


# --- battle deaths (UCDP) ----------------------------------------------------------------------


def deaths_by_year() -> pd.DataFrame:
    """UCDP's low, best and high estimates per year, Armenia and Azerbaijan together (pure)."""
    bd = data.load("battle_deaths")
    out = bd.groupby("year")[["low", "best", "high"]].sum().sort_index()
    return out.astype("int64")


def deaths_chart():
    """A finished chart: battle-related deaths per year, best estimate with the low–high band,
    on a logarithmic scale (2020 is fifty times any other year since 1995)."""
    d = deaths_by_year()
    fig, ax = charts.new(8, 4.2)
    x = d.index.to_numpy()
    ax.fill_between(x, d["low"], d["high"], color=charts.PALETTE["sky blue"], alpha=0.45,
                    step="mid", label="UCDP low to high estimate")
    ax.plot(x, d["best"], "o-", color=charts.PALETTE["blue"], ms=3.5, label="UCDP best estimate")
    ax.set_yscale("log")
    ax.set_xlim(1991, 2023)
    ax.set_ylabel("Battle-related deaths (log scale)")
    for year in (1992, 2016, 2020):
        ax.annotate(f"{year}: {d.at[year, 'best']:,}", (year, d.at[year, "best"]),
                    xytext=(6, 4), textcoords="offset points", fontsize=charts.MIN_FONT_PT)
    ax.legend(loc="upper center", fontsize=charts.MIN_FONT_PT)
    parts = [f"{y}: {r.best:,} (range {r.low:,}–{r.high:,})" for y, r in d.iterrows()]
    alt = ("Line chart of battle-related deaths per year located in Armenia and Azerbaijan, UCDP "
           "best estimate with its low–high band, logarithmic scale. Years with no deaths "
           "recorded are left out; 1989–1991 (coded to the USSR) and 2023 (after the dataset "
           "ends) are missing. " + "; ".join(parts) + ".")
    return charts.finish(fig, title="Battle-related deaths per year, 1992–2022 (UCDP)",
                         source=UCDP_SOURCE + "; Armenia and Azerbaijan together",
                         alt=alt)


# --- the 2020 and 2023 figures by source -------------------------------------------------------


def figures_table(name: str) -> pd.DataFrame:
    """The figures of the list ``name`` (``killed-2020``, ``fled-2023``) with whose each is."""
    labels = content.labels("10", name)
    f = data.load("figures").loc[list(labels)]
    return pd.DataFrame({
        "Figure": [f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"
                   for lo, hi in zip(f["low"], f["high"], strict=True)],
        "Who is counted": f["population"].to_numpy(),
        "Whose figure": f["reported_by"].to_numpy(),
        "As of": [data.date_text(d, p) if pd.notna(d) else "not stated"
                  for d, p in zip(f["as_of"], f["as_of_precision"], strict=True)],
        "Sources": f["source_ids"].to_numpy(),
    }, index=pd.Index(list(labels), name="id"))


def by_source_chart():
    """A finished chart: the 2020 deaths (each government's own servicemen, and UCDP's estimate
    of all battle-related deaths with its range) beside the 2023 counts of people who fled."""
    fig, (a1, a2) = charts.new(9, 4.4, ncols=2)
    f = data.load("figures")
    killed = content.labels("10", "killed-2020")
    d2020 = deaths_by_year().loc[2020]
    names = [*killed.values(), "UCDP: all battle-related\ndeaths (best, low–high)"]
    vals = [int(f.at[i, "high"]) for i in killed] + [int(d2020["best"])]
    y = list(range(len(vals)))[::-1]
    fills1 = [charts.PALETTE["orange"], charts.PALETTE["blue"], charts.PALETTE["bluish green"]]
    a1.barh(y, vals, color=fills1)
    a1.errorbar([d2020["best"]], [y[-1]], xerr=[[d2020["best"] - d2020["low"]],
                                                [d2020["high"] - d2020["best"]]],
                fmt="none", ecolor="#222222", capsize=4)
    a1.set_yticks(y, names, fontsize=charts.MIN_FONT_PT)
    a1.set_xlabel("Killed, 2020 war")
    fled = content.labels("10", "fled-2023")
    vals2 = [int(f.at[i, "high"]) for i in fled]
    y2 = list(range(len(vals2)))[::-1]
    fills2 = [charts.PALETTE["reddish purple"]] * len(vals2)
    a2.barh(y2, vals2, color=fills2)
    a2.set_yticks(y2, list(fled.values()), fontsize=charts.MIN_FONT_PT)
    a2.set_xlabel("Fled to Armenia, 2023")
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    for ax, vs, ys, fills in ((a1, vals, y, fills1), (a2, vals2, y2, fills2)):
        ax.xaxis.set_major_locator(MaxNLocator(3))
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        for v, yy, fill in zip(vs, ys, fills, strict=True):
            ax.text(v * 0.03, yy, f"{v:,}", va="center", fontsize=charts.MIN_FONT_PT,
                    color=charts.text_on(fill), weight="bold")
    alt = ("Two bar charts. Left, the 2020 war's dead by whose figure: "
           + "; ".join(f"{n.replace(chr(10), ' ')} {v:,}" for n, v in zip(names, vals, strict=True))
           + f" (UCDP range {int(d2020['low']):,}–{int(d2020['high']):,}); the governments count "
           "their own servicemen, UCDP all battle-related deaths located in Armenia and "
           "Azerbaijan. Right, the people who fled Karabakh to Armenia in 2023: "
           + "; ".join(f"{n} {v:,}" for n, v in zip(fled.values(), vals2, strict=True)) + ".")
    return charts.finish(fig, title="The 2020 and 2023 figures, each with whose it is",
                         source="the figures table (each row's sources); UCDP GED 23.1 "
                         "(derived, CC BY 4.0)", alt=alt)


# --- the map ------------------------------------------------------------------------------------


def changed_hands() -> pd.DataFrame:
    """The places that changed hands after 1994: place, year, what happened, sources (pure)."""
    places = data.load("places")
    ev = data.load("events")
    rows = []
    for pid, eid in CHANGED_HANDS.items():
        rows.append((pid, places.at[pid, "name"], int(ev.at[eid, "date"].year),
                     ev.at[eid, "title"], ev.at[eid, "source_ids"]))
    return pd.DataFrame(rows, columns=["place_id", "Place", "Year", "What happened",
                                       "Sources"]).set_index("place_id")


def outcomes_map():
    """A finished map: the 1994–2020 line (Natural Earth) and the places that changed hands,
    as sourced points labelled with the year; no later line is drawn, as no source gives one."""
    ch = changed_hands()
    pts = data.load("places").loc[ch.index, ["name", "lat", "lon"]].copy()
    pts["name"] = [f"{n} ({y})" for n, y in zip(ch["Place"], ch["Year"], strict=True)]
    late = [p for p, y in ch["Year"].items() if y >= 2023]
    desc = "; ".join(f"{n} in {y}" for n, y in zip(ch["Place"], ch["Year"], strict=True))
    alt = ("Map of Karabakh with the internationally recognised borders and the area held by "
           "Armenian forces from 1994 to 2020 hatched. Points mark places that changed hands "
           f"after 1994: {desc}. In 2023 Azerbaijan took control of all of Karabakh; no line is "
           "drawn for 2020 or 2023.")
    return kmap.region_map(
        pts, highlight=late, alt=alt, width=7, height=5.6, extent=(44.9, 47.7, 38.9, 40.8),
        country_labels={"ARMENIA": (45.2, 40.45), "AZERBAIJAN": (47.3, 39.5),
                        "IRAN": (46.2, 38.95)},
        label_offsets={"shusha": (-5, -6), "khankendi": (5, 3)},
        legend_loc="upper left", title="Before and after: places that changed hands",
        source_extra="; places, dates: course tables")


# --- the year slider ---------------------------------------------------------------------------


def held_in(year: int) -> content.Note:
    """The sourced note on who held what in ``year`` (lesson 10's content file)."""
    start = max(p for p in HELD_PERIODS if p <= year)
    return content.note("10", f"held-{start}")


def control_events(year: int) -> pd.DataFrame:
    """The changes of control recorded in ``year`` (lesson 10's list ``control``)."""
    labels = content.labels("10", "control")
    ev = data.load("events").loc[list(labels)]
    ev = ev[ev["date"].dt.year == year].sort_values(["date", "id"])
    return pd.DataFrame({"Date": [data.date_text(d, p) for d, p in
                                  zip(ev["date"], ev["date_precision"], strict=True)],
                         "Change": [labels[i] for i in ev.index]}, index=ev.index)


def organizations_acting(year: int) -> pd.DataFrame:
    """Events of ``year`` in which an organization or a court acted, in date order."""
    ev = data.load("events")
    ev = ev[(ev["date"].dt.year == year) & ev["category"].isin(list(ORG_CATEGORIES))]
    ev = ev.sort_values(["date", "id"])
    return pd.DataFrame({"Date": [data.date_text(d, p) for d, p in
                                  zip(ev["date"], ev["date_precision"], strict=True)],
                         "Who": [ORG_CATEGORIES[c] for c in ev["category"]],
                         "What": ev["title"].to_numpy()}, index=ev.index)


def resolutions_in(year: int) -> pd.DataFrame:
    """Resolutions adopted in ``year``: body, symbol, what it said (the course's summary)."""
    r = data.load("resolutions")
    r = r[r["date"].dt.year == year].sort_values(["date", "id"])
    return r[["body", "symbol", "summary"]]


def memberships_in(year: int) -> dict[str, list[str]]:
    """For Armenia and Azerbaijan, the organizations each was a member of on 1 July of ``year``
    (by :func:`karabakh_course.memberships.status_on`)."""
    return {a: list(v) for a, v in _memberships_in(year, data.version("memberships")).items()}


@cache
def _memberships_in(year: int, version: tuple) -> dict[str, tuple[str, ...]]:
    m = data.load("memberships")
    names = _names()
    orgs = sorted(m.loc[m["actor_id"].isin(["arm", "aze"]), "organization_id"].unique())
    out: dict[str, list[str]] = {"arm": [], "aze": []}
    for org in orgs:
        st = memberships.status_on(org, f"{year}-07-01")
        for a in out:
            if st.get(a) == "member":
                out[a].append(names.get(org, org))
    return {a: tuple(v) for a, v in out.items()}


def activity_by_year() -> pd.Series:
    """The number of events per year, 1988–2025, in which an organization or a court acted."""
    ev = data.load("events")
    ev = ev[ev["category"].isin(list(ORG_CATEGORIES))]
    counts = ev["date"].dt.year.value_counts()
    return pd.Series({y: int(counts.get(y, 0)) for y in range(YEARS[0], YEARS[1] + 1)},
                     name="events").rename_axis("year")


@cache
def _year_figure(version: tuple):
    """The widget's one figure, built and laid out once per version of the events table, in
    two layers (:class:`charts.Layers`): every year's bar in grey is the background, drawn
    once; an update draws the chosen year's bar over it, in vermillion, and nothing else."""
    counts = activity_by_year()
    fig, ax = charts.new(8, 2.6)
    charts.bars(ax, counts.index, counts.to_numpy(), color="#BBBBBB", width=0.8)
    ax.set_xlim(YEARS[0] - 0.8, YEARS[1] + 0.8)
    ax.set_ylim(0, max(int(counts.max()), 1) * 1.05)
    ax.set_ylabel("Events")
    layers = charts.Layers(fig)
    alt = ("Bar chart of the events per year, 1988–2025, in which an organization or a court "
           "acted, from the course's events table; the chosen year is highlighted.")
    layers.finish(title="Organizations and courts acting, per year (events recorded)",
                  source="the course's events table", alt=alt)
    return layers, counts


def year_chart(year: int):
    """The widget's figure with ``year`` highlighted (the same figure object every time)."""
    layers, counts = _year_figure(data.version("events"))
    layers.clear()
    ax = layers.fig.axes[0]
    layers.add(charts.bars(ax, [year], [int(counts.get(year, 0))], width=0.8,
                           color=charts.PALETTE["vermillion"], zorder=2))
    layers.fig.course_alt = (
        f"Bar chart of the events per year, 1988–2025, in which an organization or a court "
        f"acted, from the course's events table; {year} highlighted with "
        f"{int(counts.get(year, 0))} events.")
    return layers.fig


def _table_html(df: pd.DataFrame, empty: str) -> str:
    if df.empty:
        return f"<p><i>{html.escape(empty)}</i></p>"
    return df.to_html(index=False, border=0, notebook=False)


@register(
    "year",
    question="In which years between 1988 and 2025 did control on the ground change, and "
    "which organizations acted, and said what, in those years (try 1993, 2020 and 2023)?",
    controls=lambda: {"year": Slider("Year", YEARS[0], YEARS[1], 2020)},
    examples=[{"year": 1993}, {"year": 2020}, {"year": 2023}, {"year": 2025}],
)
def year_view(year: int) -> Rendered:
    held = held_in(year)
    srcs = ", ".join(f"<code>{html.escape(s)}</code>" for s in held.source_ids)
    mem = memberships_in(year)
    names = _names()
    mem_html = "".join(f"<li>{html.escape(names[a])}: {html.escape(', '.join(v) or 'none')}</li>"
                       for a, v in mem.items())
    res = resolutions_in(year)
    res_html = _table_html(res.rename(columns={"body": "Body", "symbol": "Symbol",
                                               "summary": "What it said"}),
                           "No resolution in the course's resolutions table this year.")
    text = (f"<p><b>Year shown: {year}.</b></p>"
            f"<p><b>Who held what:</b> {html.escape(held.text)} <small>(Sources: {srcs})</small>"
            f"</p><p><b>Changes of control recorded this year:</b></p>"
            + _table_html(control_events(year), "None recorded this year.")
            + "<p><b>Organizations and courts that acted:</b></p>"
            + _table_html(organizations_acting(year), "None recorded in the events table.")
            + "<p><b>Resolutions adopted (what they said):</b></p>" + res_html
            + f"<p><b>Members of organizations on 1 July {year}</b> (memberships table):</p>"
            f"<ul>{mem_html}</ul>")
    return render_figure(year_chart(year), text)


# --- timelines -------------------------------------------------------------------------------


def events_table(name: str) -> pd.DataFrame:
    """The events of the list ``name`` in lesson 10's content file (``war-2020``,
    ``lachin-and-2023``, ``after-2023``), in date order."""
    return tables.events(content.ids("10", name))


# --- exercise checks ---------------------------------------------------------------------------

RANGE_2016_2022 = range(2016, 2023)


def _best_2016_2022() -> pd.Series:
    return deaths_by_year().loc[list(RANGE_2016_2022), "best"].rename("best")


def _gap_2023() -> int:
    f = data.load("figures")
    return int(f.at["unhcr-2024-refugees-115183", "high"]
               - f.at["arm-gov-2023-09-30-refugees", "high"])


def _ucdp_minus_governments() -> int:
    f = data.load("figures")
    gov = sum(int(f.at[i, "high"]) for i in content.labels("10", "killed-2020"))
    return int(deaths_by_year().at[2020, "best"]) - gov


question("10-best-by-year", "correct: UCDP's best estimates per year, 2016–2022, Armenia and "
         "Azerbaijan together.")(
    frame(_best_2016_2022, hint="Group battle_deaths by 'year', sum 'best' (the two states' rows "
          "together), and keep the years 2016 to 2022.")
)
question("10-ucdp-gap-2020", "correct: UCDP's best estimate for 2020 is 915 more than the two "
         "governments' figures for their own servicemen together.")(
    value(_ucdp_minus_governments, hint="Add the 'best' of both 2020 rows of battle_deaths, "
          "then subtract the two figures 'wp-2020-killed-arm-servicemen' and "
          "'wp-2020-killed-aze-servicemen' (column 'high').")
)
question("10-refugee-gap", "correct: UNHCR's February 2024 figure is 14,766 higher than "
         "Armenia's government's count of 30 September 2023.")(
    value(_gap_2023, hint="Subtract the 'high' of 'arm-gov-2023-09-30-refugees' from the 'high' "
          "of 'unhcr-2024-refugees-115183' in figures.")
)
question("10-deaths-chart", "correct: one bar per year, 2016–2022, of UCDP's best estimate.")(
    figure(kind="bar", count=len(RANGE_2016_2022), heights=lambda: list(_best_2016_2022()),
           hint="Draw one bar per year from 2016 to 2022 with the best estimate of both states "
           "together (ax.bar(years, best)).")
)
