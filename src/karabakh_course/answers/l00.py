"""Checks for lesson 00's warm-up exercises."""

from .. import data
from ..checks import figure, frame, question, value


def _sources_by_stance():
    return data.load("sources").groupby("stance").size().rename("sources")


question("00-count-sources", "correct: that is every row of the sources table.")(
    value(lambda: len(data.load("sources")), hint="Use len() on the DataFrame.")
)
question("00-sources-by-stance", "correct: a count of sources for each stance.")(
    frame(_sources_by_stance, hint="Group by the 'stance' column and count the rows.")
)
question("00-stance-chart", "correct: one bar for each stance, with a title.")(
    figure(kind="bar", count=lambda: len(_sources_by_stance()),
           heights=lambda: list(_sources_by_stance()),
           hint="Plot the counts from the previous exercise as bars.")
)
