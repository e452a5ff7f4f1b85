"""Checks for lesson 03's exercises (the European Union and the Council of Europe)."""

from .. import data
from ..checks import figure, frame, question, value


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
