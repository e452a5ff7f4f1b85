"""Shared code of the course *The Karabakh conflict and international organizations*.

In a lesson::

    import karabakh_course as kc
    kc.setup()                      # house style for charts, reproducible figure output
    events = kc.load("events")      # any table of data/, typed
    kc.check("01-events-1991", n)   # check an exercise answer
    kc.tables.show(events)          # a table in the house style
"""

from . import (
    blocs,
    charts,
    checks,
    citations,
    content,
    data,
    map,
    memberships,
    quiz,
    tables,
    votes,
    widgets,
)
from .checks import check
from .data import DataError, as_of, load, split_ids

__all__ = ["DataError", "as_of", "blocs", "charts", "check", "checks", "citations", "cite",
           "content", "data", "load", "map", "memberships", "quiz", "setup", "split_ids", "tables",
           "votes", "widgets"]


def setup() -> None:
    """Prepare a notebook: the course's chart style and reproducible inline figures."""
    import pandas as pd


    try:
        from IPython import get_ipython
    except ImportError:  # plain Python
        get_ipython = None
    ip = get_ipython() if get_ipython else None
    if ip is not None:
        import matplotlib.pyplot  # noqa: F401  (configures the inline backend first)

        ip.run_line_magic(
            "config",
            "InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', "
            "'metadata': {'Software': None}}",
        )
    charts.style()
    pd.set_option("display.max_rows", 30)
    pd.set_option("display.max_colwidth", 80)


def cite(*source_ids: str) -> str:
    """Author–date labels for source ids, e.g. for a chart's source line: 'UN DPI 2008; S/RES/853,
    1993' (see :mod:`karabakh_course.citations`)."""
    from . import citations

    return citations.labels(list(source_ids))
