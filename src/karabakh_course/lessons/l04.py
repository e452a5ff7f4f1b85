"""Lesson 04 (the OSCE and the Minsk Group): chairs and co-chairs over time, the proposals,
and the channels outside the Minsk format. Functions take ids and values and read the tables
themselves (see :mod:`karabakh_course.lessons`)."""

from __future__ import annotations

import html

import pandas as pd
from matplotlib.patches import Patch

from .. import charts, content, data
from ..checks import figure, frame, question, value
from ..widgets import Dropdown, Rendered, register

ROLE_LABEL = {"chair": "Chair", "co-chair": "Co-chair",
              "personal-representative": "Personal Representative"}


def minsk_span() -> tuple[pd.Timestamp, pd.Timestamp]:
    """The life of the Minsk process: the dates of the CSCE Council's decision on a Minsk
    Conference (24 March 1992) and of the OSCE's decision to close the process (the events
    listed as ``minsk-span`` in lesson 04's content file)."""
    ev = data.load("events")
    start, end = content.ids("04", "minsk-span")
    return ev.loc[start, "date"], ev.loc[end, "date"]


def milestones() -> list[tuple[pd.Timestamp, str]]:
    """The milestones drawn on the chairs chart: (date of the event, short label)."""
    ev = data.load("events")
    return [(ev.loc[i, "date"], label) for i, label in content.labels("04", "milestones").items()]


def chair_lanes() -> pd.DataFrame:
    """One row per term, with the lane it is drawn in and whether its dates are approximate.

    A state that held the same role in two terms (Russia, 1994–97 and 1997–2025) shares one
    lane. ``approximate`` is true where the start or end is known only to the month or year;
    ``unconfirmed`` where the row names no holder for a personal post.
    """
    chairs, actors = data.load("chairs"), data.load("actors")
    df = chairs.reset_index(drop=True).copy()
    df["name"] = df["actor_id"].map(actors["name"]).astype("string")
    df["lane"] = [
        ROLE_LABEL[r] if r == "personal-representative" else f"{ROLE_LABEL[r]}: {n}"
        for r, n in zip(df["role"], df["name"], strict=True)
    ]
    df["approximate"] = (df["start_precision"] != "day") | (df["end_precision"] != "day")
    df["unconfirmed"] = (df["role"] == "personal-representative") & (
        df["person"].fillna("") == "")
    df["years"] = ((df["end"] - df["start"]).dt.days / 365.25).round(1)
    order = {"chair": 0, "co-chair": 1, "personal-representative": 2}
    first = df.groupby("lane")["start"].transform("min")
    df["_o"] = df["role"].map(order)
    df = df.assign(_first=first).sort_values(["_o", "_first", "start"])
    return df.drop(columns=["_o", "_first"]).reset_index(drop=True)


def cochair_timeline() -> pd.DataFrame:
    """The chairs and co-chairs (not the Personal Representative) with their first and last
    year: columns name, role, start_year, end_year (the answer to exercise 04-cochair-timeline)."""
    chairs, actors = data.load("chairs"), data.load("actors")
    c = chairs[chairs["role"].isin(["chair", "co-chair"])]
    out = pd.DataFrame({
        "name": c["actor_id"].map(actors["name"]).astype("string"),
        "role": c["role"],
        "start_year": c["start"].dt.year,
        "end_year": c["end"].dt.year,
    })
    return out.sort_values(["start_year", "name"]).reset_index(drop=True)


def chairs_gantt():
    """A Gantt-style chart of who chaired and co-chaired the Minsk process, 1992–2025."""
    lanes = chair_lanes()
    names = list(dict.fromkeys(lanes["lane"]))
    y = {n: len(names) - 1 - i for i, n in enumerate(names)}
    colour = {"ita": charts.PALETTE["bluish green"], "swe": charts.PALETTE["sky blue"],
              "rus": charts.PALETTE["vermillion"], "fin": charts.PALETTE["yellow"],
              "fra": charts.PALETTE["blue"], "usa": charts.PALETTE["orange"],
              "osce": charts.PALETTE["reddish purple"]}
    fig, ax = charts.new(9, 4.6)
    for _, r in lanes.iterrows():
        start, width = r["start"], r["end"] - r["start"]
        c = colour.get(r["actor_id"], charts.CYCLE[0])
        if r["unconfirmed"]:
            ax.barh(y[r["lane"]], width, left=start, height=0.6, color="white",
                    edgecolor=c, hatch="xx", linewidth=1)
        else:
            ax.barh(y[r["lane"]], width, left=start, height=0.6, color=c,
                    edgecolor="#333333" if r["approximate"] else c,
                    hatch="//" if r["approximate"] else None, linewidth=0.6)
        if isinstance(r["person"], str) and r["person"]:
            label = r["person"].split()[-1]
            later = ((lanes["lane"] == r["lane"]) & (lanes["start"] > r["start"])).any()
            if later or r["end"] > pd.Timestamp("2010-01-01"):
                ax.text(start + pd.Timedelta(days=60), y[r["lane"]], label, va="center",
                        ha="left", fontsize=9, color="#222222",
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85,
                              "pad": 1})
            else:
                ax.text(r["end"] + pd.Timedelta(days=90), y[r["lane"]], label, va="center",
                        ha="left", fontsize=9, color="#222222")
    marks = milestones()
    for k, (d, label) in enumerate(marks):
        ax.axvline(d, color="#777777", linewidth=0.8, linestyle=":")
        ax.text(d, len(names) - 0.45 + 0.35 * (k % 2), label, fontsize=9,
                ha="right" if k == len(marks) - 1 else "left", va="bottom",
                color="#444444")
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_ylim(-0.6, len(names) + 0.5)
    ax.set_xlim(pd.Timestamp("1991-07-01"), pd.Timestamp("2026-12-31"))
    ax.set_xlabel("year")
    ax.legend(handles=[
        Patch(facecolor="#BBBBBB", edgecolor="#333333", hatch="//",
              label="start or end known only to the month or year"),
        Patch(facecolor="white", edgecolor="#CC79A7", hatch="xx",
              label="post existed; holder not confirmed"),
    ], loc="upper center", bbox_to_anchor=(0.45, -0.13), ncols=2, fontsize=9)
    by_lane = lanes.groupby("lane", sort=False).agg(start=("start", "min"), end=("end", "max"))
    parts = [f"{lane} {s.year}–{e.year}" for lane, (s, e) in by_lane.iterrows()]
    alt = ("Gantt chart of the Minsk process from 1992 to 2025, one horizontal bar per term: "
           + "; ".join(parts) + ". Russia, France and the United States co-chaired together "
           "from February 1997 until the OSCE decided to close the process on 1 September 2025. "
           "The Personal Representative's bar is solid for Andrzej Kasprzyk until June 2020, the "
           "last date the sources confirm him in office, and hatched from then on, because the "
           "holder of the post after that was not confirmed. Early bars are hatched where dates "
           "are known only to the month or year. Dotted lines mark the Budapest summit (1994), "
           "the Lisbon summit (1996), the end of the 2020 war and the closure decision (2025).")
    return charts.finish(fig, title="Who led the Minsk process, 1992–2025?",
                         source="data/chairs.csv (OSCE, CSCE Budapest Document 1994, "
                         "RFE/RL, Swiss FDFA, Mediamax, Kierunek Kaukaz; see its source_ids)",
                         alt=alt)


# --- channels outside the Minsk format ------------------------------------------------------


def outside_minsk() -> pd.DataFrame:
    """Events of category ``diplomacy`` (talks and agreements outside the OSCE format) dated
    between the CSCE decision of 24 March 1992 and the closure decision of 1 September 2025."""
    events = data.load("events")
    start, end = minsk_span()
    m = (events["category"] == "diplomacy") & events["date"].between(start, end)
    return events[m].sort_values("date")


def channels_by_decade() -> pd.Series:
    """How many events of category ``diplomacy`` fall in each decade of the Minsk years."""
    ev = outside_minsk()
    decade = (ev["date"].dt.year // 10 * 10).astype(int)
    return decade.value_counts().sort_index().rename("events")


def channels_chart():
    """A strip of the lesson's events: OSCE-format events beside talks in other channels."""
    events = data.load("events")
    ev = events[(events["lesson"] == "04") & events["category"].isin(["osce", "diplomacy"])]
    fig, ax = charts.new(9, 2.8)
    rows = {"osce": (1, charts.PALETTE["blue"], "inside the OSCE/Minsk format"),
            "diplomacy": (0, charts.PALETTE["vermillion"], "other channels (states, EU, CIS)")}
    for cat, (yy, c, label) in rows.items():
        d = ev[ev["category"] == cat]["date"]
        ax.scatter(d, [yy] * len(d), s=40, color=c, alpha=0.85, label=f"{label} ({len(d)})",
                   edgecolor="white", linewidth=0.5, zorder=3)
    ax.axvspan(*minsk_span(), color="#EEEEEE", zorder=0)
    ax.set_yticks([0, 1], ["other channels", "OSCE / Minsk"])
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlim(pd.Timestamp("1991-01-01"), pd.Timestamp("2026-12-31"))
    ax.legend(loc="upper left", fontsize=9, ncols=2)
    n_o = int((ev["category"] == "osce").sum())
    n_d = int((ev["category"] == "diplomacy").sum())
    years_d = sorted({int(x) for x in ev[ev["category"] == "diplomacy"]["date"].dt.year})
    alt = (f"Dot chart of the {n_o + n_d} events recorded for this lesson, 1991–2025: {n_o} in the "
           f"OSCE/Minsk format (top row) and {n_d} in other channels (bottom row), in the years "
           + ", ".join(map(str, years_d)) + ". A grey band marks the life of the Minsk process, "
           "from March 1992 to September 2025. Dots in other channels appear in every decade.")
    return charts.finish(fig, title="Where did the talks happen? This lesson's events by channel",
                         source="data/events.csv, rows of lesson 04 (category osce or "
                         "diplomacy; see each row's source_ids)", alt=alt)


# --- the proposals widget -------------------------------------------------------------------

def proposal_options() -> tuple:
    """(label, id) pairs for the proposals, oldest first (short labels from lesson 04's content
    file, where it gives one)."""
    p = data.load("proposals")
    short = content.labels("04", "proposals")
    rank = {k: i for i, k in enumerate(short)}
    ids = sorted(p.index, key=lambda i: (int(p.loc[i, "year"]), rank.get(i, 99), i))
    return tuple((short.get(i, f"{p.loc[i, 'name']} ({p.loc[i, 'year']})"), i) for i in ids)


def proposal_card(proposal_id: str) -> dict:
    """What one proposal offered, and who accepted and who rejected it."""
    p, actors = data.load("proposals"), data.load("actors")
    row = p.loc[proposal_id]

    def names(ids):
        return [str(actors.loc[a, "name"]) for a in data.split_ids(ids or "")]

    return {
        "id": proposal_id, "name": row["name"], "year": int(row["year"]),
        "offers": {"Status": row["status_offer"], "Territories": row["territories_offer"],
                   "Return of displaced people": row["return_offer"],
                   "Security": row["security_offer"]},
        "accepted_by": names(row["accepted_by"]), "rejected_by": names(row["rejected_by"]),
        "responses": row["responses"], "source_ids": data.split_ids(row["source_ids"]),
    }


def rejected_by(actor_id: str) -> set[str]:
    """Ids of the proposals that ``actor_id`` rejected, according to the table."""
    p = data.load("proposals")
    return {i for i, ids in p["rejected_by"].fillna("").items() if actor_id in data.split_ids(ids)}


@register(
    "minsk-proposals",
    question="What did each Minsk Group proposal offer on status, territories, return and "
    "security, and which side rejected which proposal?",
    controls=lambda: {"proposal": Dropdown("Proposal", proposal_options(), "package-1997")},
    examples=[{"proposal": "package-1997"}, {"proposal": "madrid-principles-2007"},
              {"proposal": "common-state-1998"}],
)
def minsk_proposals(proposal: str) -> Rendered:
    c = proposal_card(proposal)
    rows = "".join(f"<tr><th style='text-align:left;vertical-align:top;padding-right:1em'>"
                   f"{html.escape(k)}</th><td style='text-align:left'>{html.escape(str(v))}</td>"
                   f"</tr>" for k, v in c["offers"].items())
    none = "none recorded (see below)"
    acc = html.escape(", ".join(c["accepted_by"]) or none)
    rej = html.escape(", ".join(c["rejected_by"]) or none)
    return Rendered(html=(
        f"<p><b>{html.escape(c['name'])}</b>, {c['year']}</p>"
        f"<table>{rows}</table>"
        f"<p><b>Accepted or welcomed by:</b> {acc}<br><b>Rejected by:</b> {rej}</p>"
        f"<p><b>Who says so:</b> {html.escape(c['responses'])}</p>"
        f"<p><small>Sources: {', '.join(c['source_ids'])}. The texts are unofficial "
        f"translations published later; summaries in the course's own words.</small></p>"))


# --- exercise checks ------------------------------------------------------------

def _named_1992():
    m = data.load("memberships")
    m = m[(m["organization_id"] == "minsk-conference") & (m["start"] == minsk_span()[0])]
    return set(m["actor_id"])


question("04-named-1992", "correct: eleven states, with the Czech and Slovak Federal Republic "
         "and without Hungary.")(
    value(_named_1992, hint="Filter memberships on organization_id 'minsk-conference' and a "
          "start of 1992-03-24, then take the actor_id column.")
)
question("04-cochair-timeline", "correct: seven terms, from Italy's chair in 1992 to the three "
         "co-chairs who served until 2025.")(
    frame(cochair_timeline, hint="Keep the roles 'chair' and 'co-chair', map actor_id to "
          "the actors' name, and take the year of start and end (.dt.year).")
)
question("04-aze-rejected", "correct: the 1998 'common state' proposal, according to the "
         "table (its responses column says who reported the rejection).")(
    value(lambda: rejected_by("aze"), hint="Look for 'aze' among the ids in the "
          "rejected_by column (data.split_ids or str.split(';')).")
)
question("04-outside-minsk", "correct: that many talks or agreements took place outside the "
         "OSCE format while the Minsk process existed.")(
    value(lambda: len(outside_minsk()), hint="Keep category == 'diplomacy' and dates from "
          "1992-03-24 to 2025-09-01, both included (Series.between).")
)
question("04-outside-by-decade", "correct: one bar per decade, with a title.")(
    figure(kind="bar", count=lambda: len(channels_by_decade()),
           heights=lambda: list(channels_by_decade()),
           hint="Count the events of the previous exercise by decade (year // 10 * 10) and "
                "plot the counts as bars.")
)
