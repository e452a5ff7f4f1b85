"""Lesson 02 (the United Nations): the Security Council's four resolutions of 1993, the
General Assembly's vote of 2008 by bloc, and the UN agencies' displacement figures."""

from __future__ import annotations

import html

import pandas as pd

from .. import charts, content, data, votes
from .. import map as kmap
from ..checks import figure, frame, question, value
from ..widgets import Dropdown, Rendered, register, render_figure

GA_2008 = "unga-62-243-2008"
VOTE_DAY = "2008-03-14"
#: The aspects of a resolution's reading (data/resolution_readings.csv), in the order shown.
ASPECTS = {"demands": "Demands", "of-whom": "Of whom", "forces": "Wording about the forces",
           "csce": "The CSCE process"}


def unsc_1993_ids() -> tuple[str, ...]:
    """The ids of the Security Council's four resolutions of 1993 (lesson 02's content file)."""
    return content.ids("02", "unsc-1993")


def blocs() -> tuple[str, ...]:
    """The blocs the lesson compares, as actor ids (lesson 02's content file)."""
    return content.ids("02", "blocs")


def counted_blocs() -> tuple[str, ...]:
    """The blocs with verified members on the day of the vote (NAM has none in the data)."""
    return tuple(b for b in blocs() if votes.members_on(b, VOTE_DAY))


def reading(resolution_id: str) -> pd.DataFrame:
    """The course's reading of a resolution, one row per aspect (resolution_readings)."""
    rd = data.load("resolution_readings")
    rd = rd[rd["resolution_id"] == resolution_id]
    if rd.empty:
        raise KeyError(f"no reading of {resolution_id!r} in resolution_readings.csv")
    return rd.set_index("aspect")


def _vote_text(row) -> str:
    if row["decision"] == "without-a-vote":
        return "adopted without a vote"
    text = f"{row['votes_for']}–{row['votes_against']}–{row['abstentions']}"
    return f"unanimous ({text})" if row["decision"] == "unanimous" else f"recorded vote {text}"


def unsc_1993_table() -> pd.DataFrame:
    """The four Security Council resolutions of 1993: symbol, date, vote, places named."""
    res = data.load("resolutions").loc[list(unsc_1993_ids())]
    places = data.load("places")
    rows = []
    for _, r in res.iterrows():
        named = [places.loc[p, "name"] for p in data.split_ids(r["areas_named"])]
        rows.append({"symbol": r["symbol"], "date": r["date"].date().isoformat(),
                     "vote": _vote_text(r), "places named": ", ".join(named) or "none"})
    return pd.DataFrame(rows)


def unsc_places() -> pd.DataFrame:
    """The places named by any of the four resolutions (from the places table)."""
    res = data.load("resolutions").loc[list(unsc_1993_ids())]
    ids = list(dict.fromkeys(p for v in res["areas_named"] for p in data.split_ids(v)))
    return data.load("places").loc[ids]


def unsc_map(resolution_id: str, *, reuse: bool = False):
    """Map of the places the resolution names, highlighted among the four resolutions' places
    (``reuse``: the widget's one figure, see :func:`karabakh_course.map.region_map`)."""
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
                           source_extra=f"; {res['symbol']}; places table (approximate points)",
                           reuse=reuse)


def _un_spelling(place) -> str:
    for form in (place["other_names"] or "").split("|"):
        if form.endswith("(UN 1993)"):
            return form.removesuffix("(UN 1993)").strip()
    return str(place["name"])


def unsc_text(resolution_id: str) -> str:
    """HTML: date, vote, places, demands, of whom, wording and the CSCE, with sources."""
    res = data.load("resolutions").loc[resolution_id]
    rd = reading(resolution_id)
    named = data.split_ids(res["areas_named"])
    places = data.load("places")
    where = ", ".join(f"{places.loc[p, 'name']} (UN spelling: {_un_spelling(places.loc[p])})"
                      for p in named) or "no district"
    src = "; ".join(dict.fromkeys(s for v in rd["source_ids"] for s in data.split_ids(v)))
    e = html.escape
    items = "".join(f"<li><b>{e(label)}:</b> {e(rd.loc[aspect, 'text'])}</li>"
                    for aspect, label in ASPECTS.items())
    return (f"<p><b>{e(res['symbol'])}</b>, adopted {data.date_text(res['date'])} at the Council's "
            f"{e(rd.loc['meeting', 'text'])}: {e(_vote_text(res))}.</p><ul>"
            f"<li><b>Places named:</b> {e(where)}</li>{items}</ul>"
            f"<p><small>The course's reading of the resolution (data/resolution_readings.csv); "
            f"quoted phrases are in data/quotes.csv; sources (ids in sources.csv): "
            f"{e(src)}.</small></p>")


def _res_label(rid: str) -> str:
    r = data.load("resolutions").loc[rid]
    return f"{r['symbol'].split()[0].split('/')[-1]} ({data.date_text(r['date'])})"


@register(
    "unsc-1993",
    question="Which places does each of the four 1993 resolutions name, and whom does it ask to "
             "act?",
    controls=lambda: {"resolution": Dropdown(
        "Resolution", tuple((_res_label(r), r) for r in unsc_1993_ids()), unsc_1993_ids()[0])},
    examples=[{"resolution": "unsc-822-1993"}, {"resolution": "unsc-853-1993"},
              {"resolution": "unsc-874-1993"}, {"resolution": "unsc-884-1993"}],
)
def unsc_1993(resolution: str) -> Rendered:
    return render_figure(unsc_map(resolution, reuse=True), unsc_text(resolution))


# --- the General Assembly, 2008 ------------------------------------------------------------


def bloc_counts(bloc_ids=None, coding: str = "vote") -> pd.DataFrame:
    """Counts per bloc and vote on resolution 62/243, memberships on 14 March 2008 (by default
    the blocs with verified members then, :func:`counted_blocs`)."""
    ids = counted_blocs() if bloc_ids is None else bloc_ids
    return votes.votes_by_bloc(GA_2008, list(ids), coding=coding)


def overall_chart():
    """The whole vote on 62/243."""
    return votes.vote_chart(
        GA_2008, title="General Assembly resolution 62/243, 14 March 2008",
        source="A/RES/62/243; UN press release GA/10693; Voeten et al. (ga_votes)")


def blocs_chart():
    """How the members of each bloc with verified members on the day voted on 62/243 (NAM left
    out: no verified 2008 list)."""
    counts = bloc_counts()
    return votes.bloc_chart(
        counts, title=f"Resolution 62/243 (2008): the vote inside {_number(counts['bloc'])} "
                      "blocs",
        source="ga_votes (UN press release GA/10693; Voeten et al.); memberships on 14 March "
               "2008 (see sources.csv)")


@data.course_cached("ga_votes", "memberships", "actors")
def _widest_bloc_label() -> str:
    """The longest bar label the widget can show, as the chart writes it (the bloc's name,
    then its count in brackets)."""
    counts = bloc_counts().groupby("bloc", sort=False)["states"].sum()
    return max((f"{votes.bloc_label(b)} ({int(n)})" for b, n in counts.items()),
               key=charts.text_width)


def _number(items) -> str:
    n = len(set(items))
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if n < len(words) else str(n)


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


@data.course_cached("ga_votes", "memberships", "actors")
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


@register(
    "ga-votes-by-bloc",
    question="How did the members of each bloc vote on General Assembly resolution 62/243 in "
             "2008?",
    controls=lambda: {"bloc": Dropdown(
        "Bloc", tuple((votes.bloc_label(b), b) for b in blocs()), "eu")},
    examples=[{"bloc": "eu"}, {"bloc": "nam"}, {"bloc": "guam"}],
)
def ga_votes_by_bloc(bloc: str) -> Rendered:
    name = html.escape(str(data.load("actors").loc[bloc, "name"]))
    if not votes.members_on(bloc, VOTE_DAY):
        note = content.note("02", "nam-2008")
        return Rendered(html=f"<p><b>{name}</b>: no verified members on 14 March 2008.</p>"
                             f"<p>{html.escape(note.text)}</p><p><small>Sources (ids in "
                             f"sources.csv): {html.escape('; '.join(note.source_ids))}."
                             f"</small></p>")
    counts = bloc_counts((bloc,))
    line = votes.bloc_line(counts, bloc)
    fig = votes.bloc_chart(counts, title=f"{votes.bloc_label(bloc)} members, resolution 62/243",
                           source="ga_votes; memberships on 14 March 2008", reuse=True,
                           widest=_widest_bloc_label(), rows=(1,))
    table = _bloc_table(bloc).to_html(index=False, border=0, notebook=False)
    return render_figure(fig, f"<p><b>{html.escape(line)}</b> ({name}, members on 14 March "
                              f"2008)</p>{table}")


# --- agencies and displacement ---------------------------------------------------------------

def displacement_table() -> pd.DataFrame:
    """UN figures on people displaced by the conflict, each with whose figure it is."""
    f = data.load("figures").loc[list(content.ids("02", "displacement"))]
    fig_range = [f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"
                 for lo, hi in zip(f["low"], f["high"], strict=True)]
    return pd.DataFrame({"who is counted": f["population"].to_numpy(),
                         "figure": fig_range,
                         "as of": [d.date().isoformat() for d in f["as_of"]],
                         "reported by": f["reported_by"].to_numpy(),
                         "source": f["source_ids"].to_numpy()})


# --- exercise checks ------------------------------------------------------------

GA = GA_2008


def _eu_votes():
    eu = set(votes.members_on("eu", VOTE_DAY))
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
