"""Checks for lesson 04's exercises (the OSCE and the Minsk Group)."""

from .. import data
from ..checks import figure, frame, question, value
from ..views import l04


def _named_1992():
    m = data.load("memberships")
    m = m[(m["organization_id"] == "minsk-conference") & (m["start"] == "1992-03-24")]
    return set(m["actor_id"])


question("04-named-1992", "correct: eleven states, with the Czech and Slovak Federal Republic "
         "and without Hungary.")(
    value(_named_1992, hint="Filter memberships on organization_id 'minsk-conference' and a "
          "start of 1992-03-24, then take the actor_id column.")
)
question("04-cochair-timeline", "correct: seven terms, from Italy's chair in 1992 to the three "
         "co-chairs who served until 2025.")(
    frame(l04.cochair_timeline, hint="Keep the roles 'chair' and 'co-chair', map actor_id to "
          "the actors' name, and take the year of start and end (.dt.year).")
)
question("04-aze-rejected", "correct: the 1998 'common state' proposal, according to the "
         "table (its responses column says who reported the rejection).")(
    value(lambda: l04.rejected_by("aze"), hint="Look for 'aze' among the ids in the "
          "rejected_by column (data.split_ids or str.split(';')).")
)
question("04-outside-minsk", "correct: that many talks or agreements took place outside the "
         "OSCE format while the Minsk process existed.")(
    value(lambda: len(l04.outside_minsk()), hint="Keep category == 'diplomacy' and dates from "
          "1992-03-24 to 2025-09-01, both included (Series.between).")
)
question("04-outside-by-decade", "correct: one bar per decade, with a title.")(
    figure(kind="bar", count=lambda: len(l04.channels_by_decade()),
           heights=lambda: list(l04.channels_by_decade()),
           hint="Count the events of the previous exercise by decade (year // 10 * 10) and "
                "plot the counts as bars.")
)
