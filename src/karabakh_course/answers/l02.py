"""Checks for lesson 02's exercises (the United Nations)."""

from .. import data, votes
from ..checks import figure, frame, question, value

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
