"""The house table style (karabakh_course.tables.show): labels, dates, numbers, whole cells,
a row limit with "and N more", a CSV download from the notebook itself."""

import base64
import re

import pandas as pd
import pytest

from karabakh_course import tables
from karabakh_course.arguments import ArgumentError


def frame():
    return pd.DataFrame({
        "date": pd.to_datetime(["1994-05-12", "1991-01-01", None]),
        "date_precision": ["day", "year", "day"],
        "votes_for": [185000, 12, 3],
        "copy_url": ["https://example.org/a", "b", "c"],
        "note": ["a long decisive text " * 20, "x", "y"],
    }, index=["id-a", "id-b", "id-c"])


def test_labels_dates_numbers_and_no_ids():
    t = tables.show(frame())
    assert t.columns == ("Date", "Votes for", "Copy URL", "Note")
    assert [r[0] for r in t.rows] == ["12 May 1994", "1991", ""]  # the data's precision, no NaT
    assert t.rows[0][1] == "185,000"
    page = t._repr_html_()
    assert "id-a" not in page and "NaT" not in page and "date_precision" not in repr(t)
    assert ("a long decisive text " * 20).strip() in page  # whole cells, never cut
    assert tables.label("actor_id") == "Actor"


def test_a_named_index_that_is_not_an_id_is_a_column():
    s = pd.Series([1, 2000], index=pd.Index(["un", "eu"], name="bloc"), name="states")
    assert tables.show(s).columns == ("Bloc", "States")
    assert tables.show(s.rename_axis("org_id")).columns == ("States",)


def test_a_row_limit_with_and_n_more_and_a_download():
    df = pd.DataFrame({"n": range(56)})
    t = tables.show(df, limit=20, name="counts")
    page = t._repr_html_()
    assert "and 36 more (of 56 rows)" in page and "overflow-y:auto" in page
    assert "… and 36 more" in repr(t)
    link = re.search(r'download="counts.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"',
                     page)
    assert link and base64.b64decode(link.group(1)).decode().splitlines()[:2] == ["n", "0"]
    assert "http" not in page.replace("https://example.org", "")  # nothing from the network
    assert "more (of" not in tables.show(df.head(5))._repr_html_()


@pytest.mark.parametrize("bad", [[1, 2], "table", None])
def test_wrong_arguments_get_one_message(bad):
    with pytest.raises(ArgumentError, match="show\\(\\): .* expected a pandas DataFrame"):
        tables.show(bad)
    with pytest.raises(ArgumentError, match="limit"):
        tables.show(frame(), limit=0)
