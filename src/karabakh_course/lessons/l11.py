"""Lesson 11 (the organizations compared): shared members, instruments, votes on 62/243, and a
ranking by weighted criteria whose default scores are computed from the course's data.

The default scores (0 to 10) follow stated rules, from ``org_profiles`` and the other tables:

- **mandate**, from ``org_profiles.mandate_kind``: a mandate for this conflict
  (``conflict-specific``) 10; ``collective-security`` (the UN Charter, a collective-security
  treaty) 7; ``regional-political`` 4; ``alliance`` and ``cooperation`` 2; a ``state`` with no
  organizational mandate 0.
- **leverage**: 2.5 for each kind of instrument it used that changes a party's costs or means:
  peacekeeping, arms, assistance, courts (at most 10).
- **presence** on the ground: 10 with peacekeeping, 5 with monitoring (and no peacekeeping),
  else 0.
- **impartiality**: how evenly the states that stand for it (``vote_bloc``: its members on the
  data's date by :func:`karabakh_course.memberships.status_on`, the whole roll call for the UN,
  a state's own vote for a state) voted on resolution 62/243 of 14 March 2008:
  10 × (1 − |yes − no| / (yes + no + abstain)); absent states are left out; with no vote at all
  the score is the midpoint, 5.
- **results**: the ceasefire events (events of category ``ceasefire``) that name one of its
  ``actor_ids``, as a share of the most any of them has: 10 × n / max.

Scores are rounded to one decimal. :func:`rank` is a pure function of scores, weights and
overrides: the total is the weighted mean of the scores (weights of 0 to 5; their sum must not
be 0); an override replaces one score and must give a reason; equal totals share a rank.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from .. import charts, content, data, memberships, votes
from ..checks import figure, frame, question, value
from ..widgets import Dropdown, Rendered, Slider, Text, register, render_figure

__all__ = ["CRITERIA", "ScoringError", "default_scores", "score_basis", "rank", "profiles_table",
           "overlap_matrix", "overlap_chart", "bloc_votes", "vote_chart", "ranking_chart",
           "ranking_view"]

CRITERIA = ("mandate", "leverage", "presence", "impartiality", "results")
CRITERION_LABELS = {"mandate": "mandate", "leverage": "leverage",
                    "presence": "presence on the ground", "impartiality": "impartiality",
                    "results": "results"}
MANDATE_POINTS = {"conflict-specific": 10.0, "collective-security": 7.0,
                  "regional-political": 4.0, "alliance": 2.0, "cooperation": 2.0, "state": 0.0}
LEVERAGE_KINDS = ("peacekeeping", "arms", "assistance", "courts")
GA_2008 = "unga-62-243-2008"
WAR_2020 = "2020-09-27"
MAX_WEIGHT = 5


class ScoringError(ValueError):
    """Weights or overrides that cannot be scored: the message says which and why."""


# --- the default scores, by the stated rules --------------------------------------------------


def _profiles() -> pd.DataFrame:
    return data.load("org_profiles")


def _instruments(row) -> set[str]:
    return set(data.split_ids(row["instruments"]))


def _vote_counts(bloc: str) -> dict[str, int]:
    if bloc == "un":
        return votes.vote_totals(GA_2008).to_dict()
    if bloc in set(data.load("memberships")["organization_id"]):
        rc = votes.bloc_roll_call(GA_2008, bloc, data.as_of())
    else:  # a state: its own vote
        iso = data.load("actors").loc[bloc, "iso3"]
        rc = votes.roll_call(GA_2008)
        rc = rc[rc["iso3"] == iso]
    counts = rc["vote"].value_counts()
    return {v: int(counts.get(v, 0)) for v in votes.VOTES}


def _impartiality(counts: Mapping[str, int]) -> float:
    cast = counts["yes"] + counts["no"] + counts["abstain"]
    if cast == 0:
        return 5.0
    return 10 * (1 - abs(counts["yes"] - counts["no"]) / cast)


def _ceasefire_events(actor_ids) -> list[str]:
    ev = data.load("events")
    ev = ev[ev["category"] == "ceasefire"]
    ids = set(actor_ids)
    hit = ev["actor_ids"].fillna("").map(lambda v: bool(ids & set(data.split_ids(v))))
    return sorted(ev.index[hit])


def score_basis() -> pd.DataFrame:
    """What each default score rests on, per organization (pure): the mandate coded, the
    leverage instruments, the ground instruments, the votes of its bloc, its ceasefire events."""
    rows = []
    for pid, r in _profiles().iterrows():
        inst = _instruments(r)
        c = _vote_counts(r["vote_bloc"])
        rows.append({
            "id": pid,
            "mandate": r["mandate_kind"],
            "leverage": ", ".join(k for k in LEVERAGE_KINDS if k in inst) or "none",
            "presence": ", ".join(k for k in ("peacekeeping", "monitoring") if k in inst)
            or "none",
            "impartiality": f"{c['yes']} yes, {c['no']} no, {c['abstain']} abstain",
            "results": f"{len(_ceasefire_events(data.split_ids(r['actor_ids'])))} ceasefire "
            "events",
        })
    return pd.DataFrame(rows).set_index("id")


@data.course_cached("org_profiles", "memberships", "ga_votes", "actors", "events", maxsize=2)
def default_scores() -> pd.DataFrame:
    """Each organization's score (0 to 10) on each criterion by the module's rules (pure);
    indexed by the ``org_profiles`` id, one column per criterion. Computed once per version
    of the course's tables it reads (the widget asks for it on every update)."""
    p = _profiles()
    n_events = {pid: len(_ceasefire_events(data.split_ids(r["actor_ids"])))
                for pid, r in p.iterrows()}
    most = max(n_events.values()) or 1
    rows = {}
    for pid, r in p.iterrows():
        inst = _instruments(r)
        rows[pid] = {
            "mandate": MANDATE_POINTS[r["mandate_kind"]],
            "leverage": min(10.0, 2.5 * sum(k in inst for k in LEVERAGE_KINDS)),
            "presence": 10.0 if "peacekeeping" in inst else 5.0 if "monitoring" in inst else 0.0,
            "impartiality": _impartiality(_vote_counts(r["vote_bloc"])),
            "results": 10 * n_events[pid] / most,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")[list(CRITERIA)].round(1)
    out.index.name = "id"
    return out


# --- the ranking: a pure function -------------------------------------------------------------


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise ScoringError(f"unknown criterion {unknown[0]!r} in the weights; the criteria are "
                           f"{', '.join(CRITERIA)}.")
    w = {c: float(weights.get(c, 0)) for c in CRITERIA}
    bad = [c for c, v in w.items() if not 0 <= v <= MAX_WEIGHT]
    if bad:
        raise ScoringError(f"the weight of {bad[0]} is {w[bad[0]]:g}: a weight is from 0 to "
                           f"{MAX_WEIGHT}.")
    if sum(w.values()) == 0:
        raise ScoringError("the weights add up to 0, so nothing can be ranked: give at least "
                           "one criterion a weight above 0.")
    return w


def _apply_overrides(scores: pd.DataFrame, overrides) -> tuple[pd.DataFrame, list[str]]:
    s = scores.copy()
    notes = []
    for key, change in (overrides or {}).items():
        org, crit = key
        if org not in s.index:
            raise ScoringError(f"unknown organization {org!r} in an override; known: "
                               f"{', '.join(s.index)}.")
        if crit not in CRITERIA:
            raise ScoringError(f"unknown criterion {crit!r} in an override of {org}; the "
                               f"criteria are {', '.join(CRITERIA)}.")
        score, reason = change
        if not 0 <= float(score) <= 10:
            raise ScoringError(f"the override of {org}'s {crit} score is {float(score):g}: a "
                               "score is from 0 to 10.")
        if not str(reason or "").strip():
            raise ScoringError(f"the override of {org}'s {crit} score has no reason: say why "
                               "you change it.")
        notes.append(f"{org}, {crit}: {s.at[org, crit]:g} → {float(score):g} "
                     f"({str(reason).strip()})")
        s.at[org, crit] = float(score)
    return s, notes


def rank(scores: pd.DataFrame, weights: Mapping[str, float], overrides=None) -> pd.DataFrame:
    """Rank the organizations of ``scores`` (one row each, one column per criterion) by the
    weighted mean of their scores (pure).

    ``weights`` maps criteria to 0–5 (a missing criterion weighs 0; the sum must be above 0).
    ``overrides`` maps ``(organization id, criterion)`` to ``(score, reason)``; the reason may
    not be empty. Returns columns ``rank`` (equal totals share the best rank), ``id``,
    ``total`` (0–10, one decimal), one column per criterion with its weighted share of the total,
    and ``overridden`` (the criteria replaced). Sorted by rank, then id. Bad input raises
    :class:`ScoringError` with one message.
    """
    w = _check_weights(weights)
    s, _ = _apply_overrides(scores, overrides)
    total_w = sum(w.values())
    shares = pd.DataFrame({c: s[c].astype(float) * w[c] / total_w for c in CRITERIA},
                          index=s.index)
    total = shares.sum(axis=1).round(6)
    replaced = {org: [] for org in s.index}
    for org, crit in (overrides or {}):
        replaced[org].append(crit)
    out = pd.DataFrame({
        "rank": total.rank(method="min", ascending=False).astype("int64"),
        "id": s.index.astype(str),
        "total": total.round(1),
        **{c: shares[c].round(2) for c in CRITERIA},
        "overridden": [", ".join(replaced[o]) for o in s.index],
    }).reset_index(drop=True)
    return out.sort_values(["rank", "id"]).reset_index(drop=True)


# --- tables and charts ------------------------------------------------------------------------


def _name(pid: str) -> str:
    return str(_profiles().loc[pid, "name"])


def profiles_table() -> pd.DataFrame:
    """One row per organization: mandate, instruments used, years active, the default scores
    and what each rests on (pure)."""
    p = _profiles()
    scores, basis = default_scores(), score_basis()
    as_of = data.as_of().year
    return pd.DataFrame({
        "Organization": p["name"].to_numpy(),
        "Mandate": p["mandate"].to_numpy(),
        "Instruments used": [", ".join(data.split_ids(v)) for v in p["instruments"]],
        "Active": [f"{a}–{b if pd.notna(b) else f'{as_of} (continuing)'}"
                   for a, b in zip(p["active_from"], p["active_to"], strict=True)],
        "Votes on 62/243 of the states that stand for it": basis.loc[p.index, "impartiality"]
        .to_numpy(),
        **{f"Score: {CRITERION_LABELS[c]}": scores.loc[p.index, c].to_numpy() for c in CRITERIA},
    })


def overlap_organizations() -> tuple:
    """(label, id) pairs of the organizations whose members the matrix compares (lesson 11's
    content file: those with a full member list in the memberships table)."""
    return tuple((label, org) for org, label in content.labels("11", "overlap").items())


def overlap_matrix(org_ids=None, on_date=WAR_2020) -> pd.DataFrame:
    """How many states were members of both organizations on ``on_date`` (by
    :func:`memberships.status_on`); the diagonal is each organization's own members (pure)."""
    org_ids = list(org_ids) if org_ids is not None else [o for _, o in overlap_organizations()]
    members = {o: set(memberships.members_on(o, on_date)) for o in org_ids}
    m = pd.DataFrame([[len(members[a] & members[b]) for b in org_ids] for a in org_ids],
                     index=pd.Index(org_ids, name="organization"), columns=org_ids,
                     dtype="int64")
    return m


def overlap_chart(on_date=WAR_2020):
    """A finished heat map of :func:`overlap_matrix` on ``on_date``, each cell labelled."""
    labels = dict((o, lab) for lab, o in overlap_organizations())
    m = overlap_matrix(on_date=on_date)
    fig, ax = charts.new(7.5, 5.6)
    image = ax.imshow(m.to_numpy(), cmap="Blues", vmin=0)
    for i in range(len(m)):
        for j in range(len(m)):
            v = int(m.iat[i, j])
            ax.text(j, i, str(v), ha="center", va="center", fontsize=9,
                    color=charts.text_on(image.cmap(image.norm(v))))
    names = [labels[o] for o in m.index]
    ax.set_xticks(range(len(m)), names, rotation=35, ha="right", fontsize=charts.MIN_FONT_PT)
    ax.set_yticks(range(len(m)), names, fontsize=charts.MIN_FONT_PT)
    day = data.date_text(pd.Timestamp(on_date))
    pairs = [f"{labels[a]} and {labels[b]}: {int(m.loc[a, b])}"
             for i, a in enumerate(m.index) for b in m.index[i + 1:] if m.loc[a, b]]
    alt = (f"Heat map of the number of states that were members of both organizations on {day}"
           f"; the diagonal gives each one's members ("
           + ", ".join(f"{labels[o]} {int(m.loc[o, o])}" for o in m.index)
           + "). Pairs with shared members: " + ("; ".join(pairs) or "none") + ".")
    return charts.finish(fig, title=f"Shared members on {day}", alt=alt,
                         source="the course's memberships table (members by the latest "
                         "recorded change on the day)")


def bloc_votes(on_date=None) -> pd.DataFrame:
    """How the members of each overlap organization voted on 62/243 (members on ``on_date``,
    by default the data's date), in the tidy form of :func:`votes.votes_by_bloc` (pure)."""
    day = data.as_of() if on_date is None else on_date
    return votes.votes_by_bloc(GA_2008, [o for _, o in overlap_organizations()], day)


def vote_chart():
    """A finished chart of :func:`bloc_votes`."""
    return votes.bloc_chart(
        bloc_votes(), title="How their members voted on resolution 62/243 (14 March 2008)",
        source="the course's ga_votes and memberships tables (members on the data's date)")


RANKING_SOURCE = ("scores computed from the course's org_profiles, events, memberships and "
                  "ga_votes tables by the rules stated in the lesson")


def ranking_chart(table: pd.DataFrame, question_text: str = "", *, reuse: bool = False):
    """A finished chart of a :func:`rank` table: one bar per organization, split into each
    criterion's weighted share of its total. With ``reuse`` (the widget), one figure drawn in
    two layers (:class:`charts.Layers`): the axes, the legend and the frame are drawn once,
    and an update draws the bars, the names and the totals over them."""
    t = table.iloc[::-1]
    layers = _ranking_layers(data.version("org_profiles"), len(t)) if reuse else None
    if layers is None:
        fig, ax = _ranking_frame(len(t), [_name(i) for i in t["id"]])
    else:
        layers.clear()
        fig = layers.fig
        ax = fig.axes[0]
    changing = []
    y = list(range(len(t)))
    left = [0.0] * len(t)
    for i, c in enumerate(CRITERIA):
        vals = t[c].astype(float).tolist()
        changing.append(charts.bars(ax, y, vals, bottom=left, horizontal=True, width=0.8,
                                    edgecolor="white", linewidth=0.5,
                                    **charts.series_style(i)))
        left = [a + b for a, b in zip(left, vals, strict=True)]
    for yy, (tot, r) in enumerate(zip(t["total"], t["rank"], strict=True)):
        changing.append(ax.text(float(tot) + 0.1, yy, f"{float(tot):.1f} (#{int(r)})",
                                va="center", fontsize=charts.MIN_FONT_PT))
    if layers is not None:  # the names, where the tick labels were when the frame was laid out
        from matplotlib.transforms import offset_copy

        at = offset_copy(ax.get_yaxis_transform(), fig=fig, x=-7, units="points")
        changing += [ax.text(0, yy, _name(i), transform=at, ha="right", va="center",
                             fontsize=charts.MIN_FONT_PT) for yy, i in enumerate(t["id"])]
        for artist in changing:
            layers.add(artist)
    alt = ("Horizontal stacked bars of the weighted scores, best first: "
           + "; ".join(f"{_name(i)} {float(tot):.1f} (rank {int(r)})"
                       for i, tot, r in zip(table["id"], table["total"], table["rank"],
                                            strict=True)) + ".")
    kw = {"title": "The organizations ranked by your weights", "title_pad": 22,
          "alt": alt + (f" {question_text}" if question_text else ""),
          "source": RANKING_SOURCE}
    return charts.finish(fig, **kw) if layers is None else layers.finish(**kw)


def _ranking_frame(n: int, names: list[str]):
    """The ranking chart's axes for ``n`` organizations named ``names`` (bottom to top), its
    limits set (the bars are collections) and its legend."""
    from matplotlib.patches import Patch

    fig, ax = charts.new(8, 0.42 * n + 1.8)
    ax.set_yticks(range(n), names, fontsize=charts.MIN_FONT_PT)
    ax.set_xlim(0, 11)
    pad = 0.05 * (n - 0.2)  # the margins ax.barh would give
    ax.set_ylim(-0.4 - pad, n - 0.6 + pad)
    ax.set_xlabel("Weighted score (0 to 10), split by criterion")
    handles = [Patch(label=CRITERION_LABELS[c], edgecolor="white", linewidth=0.5,
                     **{("facecolor" if k == "color" else k): v
                        for k, v in charts.series_style(i).items()})
               for i, c in enumerate(CRITERIA)]
    ax.legend(handles=handles, ncols=5, loc="lower right", bbox_to_anchor=(1, 1.0),
              fontsize=charts.MIN_FONT_PT)
    return fig, ax


@lru_cache(maxsize=2)
def _ranking_layers(version: tuple, n: int):
    """The widget's one ranking figure: laid out once with every organization's name as a
    tick label (the longest sets the margin), then the names left to each update."""
    names = sorted((_name(i) for i in _profiles().index), key=len)
    fig, ax = _ranking_frame(n, (names * n)[:n])
    layers = charts.Layers(fig)
    layers.finish(title="The organizations ranked by your weights", title_pad=22, alt="-",
                  source=RANKING_SOURCE)
    ax.set_yticklabels([""] * n)
    return layers


# --- the widget -------------------------------------------------------------------------------


def _override_options() -> tuple:
    return (("no override", "none"),) + tuple((str(r["name"]), pid)
                                               for pid, r in _profiles().iterrows())


def _criterion_options() -> tuple:
    return tuple((CRITERION_LABELS[c].capitalize(), c) for c in CRITERIA)


def _score_options() -> tuple:
    return tuple((str(i), str(i)) for i in range(11))


def _controls() -> dict:
    sliders = {c: Slider(CRITERION_LABELS[c].capitalize(), 0, MAX_WEIGHT, 1) for c in CRITERIA}
    return {
        "override": Dropdown("Override the score of", _override_options(), "none"),
        "criterion": Dropdown("Criterion to override", _criterion_options(), "impartiality"),
        "score": Dropdown("New score", _score_options(), "5"),
        "reason": Text("Reason for the override", ""),
        **sliders,  # the weight sliders last: the last slider is the results weight
    }


@register(
    "ranking",
    question="With every weight at 1, which channel ranks first, the OSCE or Russia's? Which "
    "criteria, weighted 2, put the OSCE first instead, and would you defend that weighting?",
    controls=_controls,
    examples=[
        {"override": "none", "criterion": "impartiality", "score": "5", "reason": "",
         "mandate": 1, "leverage": 1, "presence": 1, "impartiality": 1, "results": 1},
        {"override": "none", "criterion": "impartiality", "score": "5", "reason": "",
         "mandate": 1, "leverage": 1, "presence": 1, "impartiality": 1, "results": 3},
        {"override": "coe", "criterion": "impartiality", "score": "5",
         "reason": "only the two parties are recorded", "mandate": 2, "leverage": 0,
         "presence": 0, "impartiality": 1, "results": 0},
        {"override": "none", "criterion": "impartiality", "score": "5", "reason": "",
         "mandate": 0, "leverage": 0, "presence": 0, "impartiality": 0, "results": 0},
    ],
)
def ranking_view(override: str, criterion: str, score: str, reason: str, mandate: int,
                 leverage: int, presence: int, impartiality: int, results: int) -> Rendered:
    weights = {"mandate": mandate, "leverage": leverage, "presence": presence,
               "impartiality": impartiality, "results": results}
    shown = ", ".join(f"{CRITERION_LABELS[c]} {int(w)}" for c, w in weights.items())
    head = f"<p><b>Your weights:</b> {html.escape(shown)} (of {MAX_WEIGHT}).</p>"
    overrides, note = {}, ""
    if override != "none":
        if str(reason).strip():
            overrides = {(override, criterion): (float(score), reason)}
        else:
            note = (f"<p><b>Override not applied:</b> type a reason to change "
                    f"{html.escape(_name(override))}'s {CRITERION_LABELS[criterion]} score.</p>")
    scores = default_scores()
    try:
        table = rank(scores, weights, overrides)
    except ScoringError as e:
        return Rendered(html=head + note + f"<p><b>No ranking:</b> {html.escape(str(e))}</p>")
    _, changed = _apply_overrides(scores, overrides)
    if changed:
        note += "<p><b>Your override:</b> " + html.escape("; ".join(changed)) + ".</p>"
    shown_t = pd.DataFrame({"Rank": table["rank"], "Organization": [_name(i) for i in
                                                                     table["id"]],
                            "Weighted score": table["total"].map(lambda v: f"{v:.1f}"),
                            "Overridden": table["overridden"]})
    body = ("<p><b>Ranking</b> (weighted mean of the scores, 0 to 10):</p>"
            + shown_t.to_html(index=False, border=0, notebook=False))
    return render_figure(ranking_chart(table, reuse=True), head + note + body)


# --- exercise checks --------------------------------------------------------------------------

EXERCISE_WEIGHTS = {"mandate": 2, "leverage": 0, "presence": 1, "impartiality": 2, "results": 0}
VOTE_BLOCS = ("eu", "nato", "oic", "ots", "cis")


def _nato_eu_2020() -> int:
    return int(overlap_matrix(["nato", "eu"], WAR_2020).loc["nato", "eu"])


def _top_three() -> list[str]:
    return rank(default_scores(), EXERCISE_WEIGHTS)["id"].head(3).tolist()


def _yes_share() -> pd.Series:
    counts = votes.votes_by_bloc(GA_2008, VOTE_BLOCS, data.as_of())
    wide = counts.pivot_table(index="bloc", columns="vote", values="states", aggfunc="sum")
    share = wide["yes"] / (wide["yes"] + wide["no"] + wide["abstain"])
    return share.round(2).rename("yes_share").rename_axis("bloc")


def _equal_totals() -> list[float]:
    return rank(default_scores(), dict.fromkeys(CRITERIA, 1))["total"].tolist()


question("11-nato-eu-overlap", "correct: the number of states in both NATO and the EU when "
         "the 2020 war began.")(
    value(_nato_eu_2020, hint="Take kc.memberships.members_on for 'nato' and for 'eu' on "
          "2020-09-27 and count the ids in both sets (set intersection, then len).")
)
question("11-rank-weights", "correct: the three highest-ranked under those weights, in order.")(
    value(_top_three, hint="Call l11.rank(l11.default_scores(), weights) with the weights "
          "given, and take the first three values of its id column as a list.")
)
question("11-yes-share", "correct: the share of yes among the votes cast by each bloc's "
         "members.")(
    frame(_yes_share, hint="For each bloc, yes / (yes + no + abstain), leaving out absent "
          "states, rounded to 2 decimals; index the Series by bloc id.")
)
question("11-equal-weights-chart", "correct: one bar per organization, at its total under "
         "equal weights.")(
    figure(kind="bar", count=lambda: len(default_scores()), heights=_equal_totals,
           hint="Rank with every weight 1 and draw the total column, one bar per organization.")
)
