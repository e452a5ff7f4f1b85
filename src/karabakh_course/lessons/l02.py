"""Lesson 02 (the United Nations): the Security Council's four resolutions of 1993, the
General Assembly's vote of 2008 by bloc, and the UN agencies' displacement figures."""

from __future__ import annotations

import html

import pandas as pd

from .. import data, votes
from .. import map as kmap
from ..checks import figure, frame, question, value
from ..widgets import Dropdown, Rendered, register, render_figure

UNSC_1993 = ("unsc-822-1993", "unsc-853-1993", "unsc-874-1993", "unsc-884-1993")
GA_2008 = "unga-62-243-2008"
BLOCS = ("eu", "cis", "csto", "oic", "guam", "nam")

# What each resolution asks, of whom, in which words, and how it refers to the CSCE: the
# course's paraphrase of the texts (see resolutions.summary and the sources named).
READING = {
    "unsc-822-1993": {
        "meeting": "3205th meeting",
        "demands": "an immediate end to all hostilities, with a view to a lasting ceasefire, and "
                   "the immediate withdrawal of all occupying forces from the Kelbadjar "
                   "(Kalbajar/Karvachar) district and other recently occupied areas of "
                   "Azerbaijan",
        "of_whom": "“the parties concerned” (no state is named as the occupier); they are urged "
                   "to resume negotiations at once",
        "forces": "it notes the invasion of Kelbadjar (Kalbajar/Karvachar) by “local Armenian "
                  "forces” and demands the "
                  "withdrawal of “all occupying forces”",
        "csce": "declares support for the CSCE peace process, urges talks within the CSCE Minsk "
                "Group, and asks the Secretary-General to report in consultation with the CSCE "
                "Chairman-in-Office and the Minsk Group's chair",
    },
    "unsc-853-1993": {
        "meeting": "3259th meeting",
        "demands": "the complete and unconditional withdrawal of the occupying forces "
                   "from the Agdam (Aghdam/Akna) district and other recently occupied areas; it "
                   "condemns the seizure of Agdam and urges states not to supply arms that "
                   "could widen the conflict",
        "of_whom": "the occupying forces; and it asks the Government of Armenia to use its "
                   "influence so that the Armenians of the Nagorny-Karabakh region comply",
        "forces": "“the occupying forces involved”, without naming a state; Armenia is "
                  "addressed only through its influence",
        "csce": "endorses the continuing efforts of the CSCE Minsk Group",
    },
    "unsc-874-1993": {
        "meeting": "3292nd meeting",
        "demands": "that the ceasefire reached with Russia's help, in support of the Minsk Group, "
                   "be made permanent; immediate steps under the Minsk Group's “Adjusted "
                   "timetable” (withdrawal from recently occupied territories, reopening of "
                   "communications and transport)",
        "of_whom": "the parties to the conflict; the Secretary-General is asked to help",
        "forces": "names no district and no force; it speaks of the conflict “in and around” "
                  "the Nagorny-Karabakh region",
        "csce": "endorses the Minsk Group's Adjusted timetable and calls for an early Minsk "
                "Conference",
    },
    "unsc-884-1993": {
        "meeting": "3313th meeting",
        "demands": "the unilateral withdrawal of occupying forces from the Zangelan "
                   "(Zangilan/Kovsakan) district and the city of Goradiz (Horadiz), and "
                   "withdrawal from other recently occupied areas under "
                   "the Adjusted timetable; it condemns ceasefire violations and attacks on "
                   "civilians",
        "of_whom": "the occupying forces; and, again, the Government of Armenia, asked to use "
                   "its influence on the Armenians of the Nagorny-Karabakh region",
        "forces": "“occupying forces”, without naming a state",
        "csce": "reaffirms support for the Minsk Group's work",
    },
}
RES_SOURCES = {
    "unsc-822-1993": ("unsc-822-1993", "wp-unsc-822", "wp-list-unsc-nk"),
    "unsc-853-1993": ("unsc-853-1993", "wp-unsc-853", "wp-list-unsc-nk"),
    "unsc-874-1993": ("unsc-874-1993", "wp-unsc-874", "wp-list-unsc-nk"),
    "unsc-884-1993": ("unsc-884-1993", "wp-unsc-884", "wp-list-unsc-nk"),
}



def _vote_text(row) -> str:
    if row["decision"] == "without-a-vote":
        return "adopted without a vote"
    text = f"{row['votes_for']}–{row['votes_against']}–{row['abstentions']}"
    return f"unanimous ({text})" if row["decision"] == "unanimous" else f"recorded vote {text}"


def unsc_1993_table() -> pd.DataFrame:
    """The four Security Council resolutions of 1993: symbol, date, vote, places named."""
    res = data.load("resolutions").loc[list(UNSC_1993)]
    places = data.load("places")
    rows = []
    for _, r in res.iterrows():
        named = [places.loc[p, "name"] for p in data.split_ids(r["areas_named"])]
        rows.append({"symbol": r["symbol"], "date": r["date"].date().isoformat(),
                     "vote": _vote_text(r), "places named": ", ".join(named) or "none"})
    return pd.DataFrame(rows)


def unsc_places() -> pd.DataFrame:
    """The places named by any of the four resolutions (from the places table)."""
    res = data.load("resolutions").loc[list(UNSC_1993)]
    ids = list(dict.fromkeys(p for v in res["areas_named"] for p in data.split_ids(v)))
    return data.load("places").loc[ids]


def unsc_map(resolution_id: str):
    """Map of the places the resolution names, highlighted among the four resolutions' places."""
    res = data.load("resolutions").loc[resolution_id]
    named = data.split_ids(res["areas_named"])
    places = unsc_places()
    what = (", ".join(places.loc[named, "name"]) if named else "no district")
    title = f"{res['symbol']}: names {what}"
    alt = (f"Map of the South Caucasus for Security Council resolution {res['symbol']} of "
           f"{data.date_text(res['date'])}. "
           + (f"The places it names are highlighted: {what}. " if named else
              "It names no district, so no place is highlighted. ")
           + "The other places named in the 1993 resolutions are shown as small points; all "
             "points are approximate. The area held by Armenian forces from 1994 to 2020 is "
             "hatched.")
    return kmap.region_map(places, highlight=named, title=title, alt=alt,
                           source_extra=f"; {res['symbol']}; places table (approximate points)")


def _un_spelling(place) -> str:
    for form in (place["other_names"] or "").split("|"):
        if form.endswith("(UN 1993)"):
            return form.removesuffix("(UN 1993)").strip()
    return str(place["name"])


def unsc_text(resolution_id: str) -> str:
    """HTML: date, vote, places, demands, of whom, wording and the CSCE, with sources."""
    res = data.load("resolutions").loc[resolution_id]
    rd = READING[resolution_id]
    named = data.split_ids(res["areas_named"])
    places = data.load("places")
    where = ", ".join(f"{places.loc[p, 'name']} (UN spelling: {_un_spelling(places.loc[p])})"
                      for p in named) or "no district"
    src = "; ".join(RES_SOURCES[resolution_id])
    e = html.escape
    return (f"<p><b>{e(res['symbol'])}</b>, adopted {data.date_text(res['date'])} at the Council's "
            f"{e(rd['meeting'])}: {e(_vote_text(res))}.</p><ul>"
            f"<li><b>Places named:</b> {e(where)}</li>"
            f"<li><b>Demands:</b> {e(rd['demands'])}</li>"
            f"<li><b>Of whom:</b> {e(rd['of_whom'])}</li>"
            f"<li><b>Wording about the forces:</b> {e(rd['forces'])}</li>"
            f"<li><b>The CSCE process:</b> {e(rd['csce'])}</li></ul>"
            f"<p><small>The course's paraphrase of the resolution; sources (ids in sources.csv): "
            f"{e(src)}.</small></p>")


def _res_label(rid: str) -> str:
    r = data.load("resolutions").loc[rid]
    return f"{r['symbol'].split()[0].split('/')[-1]} ({data.date_text(r['date'])})"


@register(
    "unsc-1993",
    question="Which places does each of the four 1993 resolutions name, and whom does it ask to "
             "act?",
    controls=lambda: {"resolution": Dropdown(
        "Resolution", tuple((_res_label(r), r) for r in UNSC_1993), UNSC_1993[0])},
    examples=[{"resolution": r} for r in UNSC_1993],
)
def unsc_1993(resolution: str) -> Rendered:
    return render_figure(unsc_map(resolution), unsc_text(resolution))


# --- the General Assembly, 2008 ------------------------------------------------------------


def bloc_counts(blocs=BLOCS, coding: str = "vote") -> pd.DataFrame:
    """Counts per bloc and vote on resolution 62/243, memberships on 14 March 2008."""
    return votes.votes_by_bloc(GA_2008, list(blocs), coding=coding)


def overall_chart():
    """The whole vote on 62/243."""
    return votes.vote_chart(
        GA_2008, title="General Assembly resolution 62/243, 14 March 2008",
        source="A/RES/62/243; UN press release GA/10693; Voeten et al. (ga_votes)")


def blocs_chart(blocs=("eu", "cis", "csto", "oic", "guam")):
    """How the members of five blocs voted on 62/243 (NAM left out: no verified 2008 list)."""
    counts = bloc_counts(blocs)
    return votes.bloc_chart(
        counts, title="Resolution 62/243 (2008): the vote inside five blocs",
        source="ga_votes (UN press release GA/10693; Voeten et al.); memberships on 14 March "
               "2008 (see sources.csv)")


def pakistan_row() -> pd.DataFrame:
    """The one state whose vote the two sources record differently."""
    gv = data.load("ga_votes")
    gv = gv[(gv["resolution_id"] == GA_2008) & (gv["vote_alt"].fillna("") != "")]
    return gv[["country", "vote", "vote_alt", "vote_alt_source_id"]].reset_index(drop=True)


def tally_by_coding() -> pd.DataFrame:
    """The tally under each coding: the press release's and the dataset's."""
    main = votes.vote_totals(GA_2008)
    alt = votes.vote_totals(GA_2008, coding="vote_alt")
    return pd.DataFrame({"UN press release (vote)": main,
                         "Voeten et al. dataset (vote_alt)": alt})


def _bloc_table(org: str) -> pd.DataFrame:
    rc = votes.bloc_roll_call(GA_2008, org)
    alt = votes.roll_call(GA_2008, coding="vote_alt")
    iso = data.load("actors")["iso3"]
    alt_by_iso = dict(zip(alt["iso3"], alt["vote"], strict=True))
    notes = []
    for a, v in zip(rc["actor_id"], rc["vote"], strict=True):
        other = alt_by_iso.get(iso.get(a))
        notes.append(f"dataset codes it: {other}" if other and other != v else "")
    rc = rc.drop(columns="actor_id")
    rc["note"] = notes
    return rc


NAM_NOTE = ("The course has no verified list of the Non-Aligned Movement's members in March "
            "2008 (a 2011 news report counted 118 members, but no list for 2008 was retrieved). "
            "What is verified: "
            "Azerbaijan joined NAM only in May 2011, so it was not a member at the time of the "
            "vote. No count is shown.")


@register(
    "ga-votes-by-bloc",
    question="How did the members of each bloc vote on General Assembly resolution 62/243 in "
             "2008?",
    controls=lambda: {"bloc": Dropdown(
        "Bloc", tuple((votes.bloc_label(b), b) for b in BLOCS), "eu")},
    examples=[{"bloc": "eu"}, {"bloc": "nam"}, {"bloc": "guam"}],
)
def ga_votes_by_bloc(bloc: str) -> Rendered:
    name = html.escape(str(data.load("actors").loc[bloc, "name"]))
    if not votes.members_on(bloc, "2008-03-14"):
        return Rendered(html=f"<p><b>{name}</b>: no verified members on 14 March 2008.</p>"
                             f"<p>{html.escape(NAM_NOTE)}</p>")
    counts = bloc_counts((bloc,))
    line = votes.bloc_line(counts, bloc)
    fig = votes.bloc_chart(counts, title=f"{votes.bloc_label(bloc)} members, resolution 62/243",
                           source="ga_votes; memberships on 14 March 2008")
    table = _bloc_table(bloc).to_html(index=False, border=0, notebook=False)
    return render_figure(fig, f"<p><b>{html.escape(line)}</b> ({name}, members on 14 March "
                              f"2008)</p>{table}")


# --- agencies and displacement ---------------------------------------------------------------

DISPLACEMENT = ("deng-1999-idp-azerbaijan-1994", "unhcr-1999-idp-azerbaijan",
                "deng-1999-refugees-from-armenia", "unhcr-1999-refugees-from-armenia",
                "deng-1999-refugees-in-armenia", "un-armenia-2020-displaced",
                "ocha-2020-displaced", "unhcr-2024-refugees-115183")


def displacement_table() -> pd.DataFrame:
    """UN figures on people displaced by the conflict, each with whose figure it is."""
    f = data.load("figures").loc[list(DISPLACEMENT)]
    fig_range = [f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"
                 for lo, hi in zip(f["low"], f["high"], strict=True)]
    return pd.DataFrame({"who is counted": f["population"].to_numpy(),
                         "figure": fig_range,
                         "as of": [d.date().isoformat() for d in f["as_of"]],
                         "reported by": f["reported_by"].to_numpy(),
                         "source": f["source_ids"].to_numpy()})


# --- exercise checks ------------------------------------------------------------

GA = "unga-62-243-2008"


def _eu_votes():
    eu = set(votes.members_on("eu", "2008-03-14"))
    iso = data.load("actors").loc[sorted(eu), "iso3"]
    gv = data.load("ga_votes")
    gv = gv[(gv["resolution_id"] == GA) & gv["iso3"].isin(list(iso))]
    return gv.groupby("vote").size()


def _blocs():
    return votes.votes_by_bloc(GA, ["eu", "guam", "oic"])


question("02-count-yes", "correct: 39 states voted in favour, as the UN press release says.")(
    value(lambda: int((data.load("ga_votes").query("resolution_id == @GA")["vote"] == "yes")
                      .sum()),
          hint="Filter ga_votes to the resolution, then count the rows whose vote is 'yes'.")
)
question("02-yes-alt", "correct: with the dataset's coding of Pakistan the tally has 38 yes "
                       "votes, not the 39 of the official record.")(
    value(lambda: int(votes.vote_totals(GA, coding="vote_alt")["yes"]),
          hint="Use vote_alt where it is filled and vote elsewhere, or "
               "kc.votes.vote_totals(..., coding='vote_alt').")
)
question("02-eu-votes", "correct: 26 EU members abstained and one (France) voted against.")(
    frame(_eu_votes, hint="Find the EU's members on 14 March 2008, match them to ga_votes by "
                          "iso3, then group by vote and count.")
)
question("02-bloc-frame", "correct: one row per bloc and vote, with zeros where no state "
                          "voted that way.")(
    frame(_blocs, hint="Call kc.votes.votes_by_bloc with the resolution id and the list "
                       "['eu', 'guam', 'oic'].")
)
question("02-vote-chart", "correct: four bars (yes, no, abstain, absent), with a title.")(
    figure(kind="bar", count=4, heights=lambda: list(votes.vote_totals(GA)),
           hint="Count the votes (value_counts) and draw them with ax.bar.")
)
