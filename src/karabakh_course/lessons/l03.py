"""Lesson 03 (the European Union and the Council of Europe): the EU's instruments over time, and
what the EU offered Armenia and Azerbaijan."""

from __future__ import annotations

import html

import pandas as pd
from matplotlib.patches import Patch

from .. import charts, content, data
from ..checks import figure, frame, question, value
from ..widgets import Dropdown, Rendered, register

#: Families of instrument kinds, by id: (label, kinds). One colour each in the chart, one
#: option each in the widget.
FAMILIES = {
    "agreements": ("Agreements and frameworks", ("agreement", "agreement-negotiation",
                                                 "policy-framework", "energy-memorandum")),
    "aid": ("Aid and investment", ("assistance-programme", "investment-plan",
                                   "humanitarian-aid")),
    "envoys": ("Envoys and mediation", ("special-representative", "mediation-format")),
    "missions": ("Missions and security", ("civilian-mission", "security-assistance")),
}
ALL = "all"
ALL_LABEL = "All types"
FAMILY_COLOURS = dict(zip(FAMILIES, charts.CYCLE[: len(FAMILIES)], strict=True))
ACTOR_NAMES = {"arm": "Armenia", "aze": "Azerbaijan"}
SOURCE_LINE = ("the course's instruments table (Council of the EU decisions, EEAS, European "
               "Parliament and news reports; see data/sources.csv)")


def family_of(kind: str) -> str:
    """The family id (chart colour, widget option) of an instrument kind."""
    for family, (_, kinds) in FAMILIES.items():
        if kind in kinds:
            return family
    raise KeyError(f"unknown instrument kind {kind!r}")


def family_label(family: str) -> str:
    """The family's label, e.g. 'Missions and security' (or 'All types')."""
    return ALL_LABEL if family == ALL else FAMILIES[family][0]


def _partners(ids) -> str:
    ids = data.split_ids(ids if isinstance(ids, str) else "")
    if set(ids) >= {"arm", "aze"}:
        return "both"
    return " ".join(ACTOR_NAMES.get(i, i) for i in ids)


def _short_label(row, short: dict[str, str]) -> str:
    """A short label for a chart row: the envoy's surname or a short name, and the partner."""
    if row["id"] in short:
        name = short[row["id"]]
    elif row["kind"] == "special-representative":
        name = "EUSR " + str(row["instrument"]).rsplit(" ", 1)[-1]
    else:
        name = str(row["instrument"])
    partners = _partners(row["partner_actor_ids"])
    return f"{name} ({partners})" if partners else name


def instrument_spans(as_of=None) -> pd.DataFrame:
    """One row per instrument, in order of start: its label, family, the end drawn (the recorded
    end, or ``as_of`` where none is recorded; by default the data's as-of date), whether it is
    open, and its length in days."""
    as_of = pd.Timestamp(as_of if as_of is not None else data.as_of())
    df = data.load("instruments").sort_values(["start", "id"]).copy()
    short = content.labels("03", "short-labels")
    df["label"] = [_short_label(r, short) for _, r in df.iterrows()]
    df["family"] = df["kind"].map(family_of)
    df["open"] = df["end"].isna()
    df["end_drawn"] = df["end"].fillna(as_of)
    df["days"] = (df["end_drawn"] - df["start"]).dt.days
    return df[["id", "label", "kind", "family", "start", "end", "end_drawn", "open", "days"]]


def instruments_gantt(as_of=None):
    """Gantt-style bars of the EU's instruments from 1991 on, coloured by family (a finished
    figure)."""
    as_of = pd.Timestamp(as_of if as_of is not None else data.as_of())
    spans = instrument_spans(as_of)
    fig, ax = charts.new(9, 0.32 * len(spans) + 1.6)
    y = list(range(len(spans)))[::-1]
    for yi, (_, r) in zip(y, spans.iterrows(), strict=True):
        colour = FAMILY_COLOURS[r["family"]]
        width = (r["end_drawn"] - r["start"]).days
        ax.barh(yi, width, left=r["start"], height=0.62, color=colour,
                alpha=0.45 if r["open"] else 1.0, hatch="///" if r["open"] else None,
                edgecolor=colour if r["open"] else "none", linewidth=0)
        ax.plot([r["start"]], [yi], marker="|", color="#000000", markersize=8)
    ax.set_yticks(y, spans["label"], fontsize=9)
    ax.axvline(as_of, color="#444444", linestyle="--", linewidth=0.8)
    ax.text(as_of, len(spans) - 0.3, f"data as of {as_of:%-d %b %Y}", fontsize=9,
            ha="right", va="bottom", color="#444444")
    ax.set_xlabel("Year")
    ax.set_ylim(-0.8, len(spans) + 0.4)
    handles = [Patch(color=c, label=family_label(f)) for f, c in FAMILY_COLOURS.items()]
    handles.append(Patch(facecolor="#BBBBBB", alpha=0.45, hatch="///", edgecolor="#888888",
                         label="no end recorded: drawn to the as-of date"))
    ax.legend(handles=handles, loc="lower left", fontsize=9)
    n_open = int(spans["open"].sum())
    first = spans.loc[spans["family"] == "missions", "start"].min()
    mediation = spans.loc[spans["kind"] == "mediation-format", "start"].min()
    alt = (f"Horizontal bars for {len(spans)} EU instruments concerning Armenia and Azerbaijan, "
           f"from TACIS (1991) to the European Peace Facility measure for Armenia (2024). "
           f"Agreements, frameworks and aid fill the 1990s and 2000s; envoys (EU Special "
           f"Representatives) follow one another from 2003; the first mediation format starts "
           f"in {mediation:%B %Y} and the first mission on the ground in {first:%B %Y}. "
           f"{n_open} bars have no recorded end and are drawn, hatched, to {as_of:%-d %B %Y}.")
    return charts.finish(fig, title="The EU's instruments for Armenia and Azerbaijan, 1991–2026",
                         source=SOURCE_LINE, alt=alt)


# --- the widget: what the EU offered each state ------------------------------------------


def offers_for(family: str = ALL) -> pd.DataFrame:
    """The offers of one family of instruments (a family id, or :data:`ALL`), in order of year."""
    return _offers_for(data.load("offers"), family)


def _offers_for(offers: pd.DataFrame, family: str) -> pd.DataFrame:
    df = offers
    if family != ALL:
        if family not in FAMILIES:
            raise KeyError(f"unknown family {family!r}; choose one of: {ALL}, "
                           + ", ".join(FAMILIES))
        df = df[df["kind"].isin(FAMILIES[family][1])]
    return df.sort_values(["year", "id"])


def offer_counts(family: str = ALL) -> dict[str, int]:
    """How many offers went to each state (an offer to both counts for each)."""
    df = offers_for(family)
    return {name: sum(_aid_in(v, aid) for v in df["to_actor_ids"])
            for aid, name in ACTOR_NAMES.items()}


def _aid_in(ids, actor: str) -> bool:
    return actor in data.split_ids(ids if isinstance(ids, str) else "")


def offers_side_by_side(family: str = ALL) -> pd.DataFrame:
    """One row per year: what the EU offered Armenia and what it offered Azerbaijan."""
    df = offers_for(family)
    rows = []
    for year, group in df.groupby("year", sort=True):
        row = {"Year": int(year)}
        for aid, name in ACTOR_NAMES.items():
            items = [str(w) for w, ids in zip(group["what"], group["to_actor_ids"], strict=True)
                     if _aid_in(ids, aid)]
            row[name] = " · ".join(items) if items else "—"
        rows.append(row)
    return pd.DataFrame(rows, columns=["Year", *ACTOR_NAMES.values()])


@register(
    "eu-offers",
    question="What did the EU offer Armenia, and what did it offer Azerbaijan, for each type of "
    "instrument?",
    controls=lambda: {"family": Dropdown(
        "Instrument type", tuple((family_label(f), f) for f in (ALL, *FAMILIES)), ALL)},
    examples=[{"family": ALL}, {"family": "agreements"}, {"family": "missions"}],
)
def eu_offers(family: str) -> Rendered:
    counts = offer_counts(family)
    table = offers_side_by_side(family)
    line = ", ".join(f"{k} {v}" for k, v in counts.items())
    body = table.to_html(index=False, notebook=False, border=0, escape=True)
    return Rendered(
        html=(f"<p><b>Offers listed: {html.escape(line)}.</b> An offer made to both states "
              f"counts for each. Type: {html.escape(family_label(family))}.</p>{body}"
              f"<p><small>Source: the course's offers table; each row cites its sources in "
              f"data/offers.csv.</small></p>")
    )


# --- exercise checks ------------------------------------------------------------

def _michel_meetings():
    ev = data.load("events")
    years = ev["date"].dt.year
    return int((ev["id"].str.contains("michel-meeting") & years.between(2021, 2023)).sum())


def _eusr_days():
    ins = data.load("instruments")
    eusr = ins[(ins["kind"] == "special-representative")
               & ins["instrument"].str.contains("South Caucasus") & ins["end"].notna()]
    return (eusr["end"] - eusr["start"]).dt.days.rename("days")


def _pace_share():
    r = data.load("resolutions").loc["pace-res-2527-2024"]
    cast = r["votes_for"] + r["votes_against"] + r["abstentions"]
    return round(100 * r["votes_for"] / cast, 1)


question("03-michel-meetings", "correct: six leaders' meetings in Brussels, hosted by the "
         "President of the European Council, between December 2021 and July 2023.")(
    value(_michel_meetings, hint="Keep the events whose id contains 'michel-meeting' and whose "
          "date falls in 2021–2023, then count them.")
)
question("03-eusr-days", "correct: one length of office, in days, for each South Caucasus envoy "
         "who has left the post.")(
    frame(_eusr_days, hint="Keep kind 'special-representative', names containing 'South "
          "Caucasus' and rows with an end date; subtract start from end and take .dt.days.")
)
question("03-eusr-chart", "correct: one bar per envoy, with a title.")(
    figure(kind="bar", count=lambda: len(_eusr_days()), heights=lambda: list(_eusr_days()),
           hint="Draw the Series of the previous exercise as bars (days, not years).")
)
question("03-pace-share", "correct: 76 of the 90 votes cast, or 84.4%.")(
    value(_pace_share, tolerance=0.05, hint="Divide votes_for by the sum of votes for, against "
          "and abstentions; multiply by 100 and round to one decimal.")
)
