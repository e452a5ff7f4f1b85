"""Small hand-made tables for tests that stand in for the course's data."""

import pandas as pd


def memberships_table(*rows) -> pd.DataFrame:
    """A toy memberships table: one tuple per row, in the columns of memberships.csv."""
    cols = ["id", "organization_id", "actor_id", "status", "start", "start_precision", "end",
            "end_precision", "note", "source_ids"]
    df = pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows], columns=cols)
    for c in ("start", "end"):
        df[c] = pd.to_datetime(df[c])
    return df
