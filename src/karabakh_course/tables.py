"""Tables the lessons share, built from the course's data (pure functions)."""

from __future__ import annotations

import pandas as pd

from . import citations, data

__all__ = ["events"]


def events(ids) -> pd.DataFrame:
    """Chosen events in date order: date (as precise as the data), event, what happened, and
    their sources as author–date labels."""
    ev = data.load("events").loc[list(ids)].sort_values(["date", "id"])
    return pd.DataFrame({
        "Date": [data.date_text(d, p)
                 for d, p in zip(ev["date"], ev["date_precision"], strict=True)],
        "Event": ev["title"].to_numpy(),
        "What happened": ev["summary"].to_numpy(),
        "Sources": [citations.labels(s) for s in ev["source_ids"]],
    })
