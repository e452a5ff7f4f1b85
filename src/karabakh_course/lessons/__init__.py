"""One module per lesson: ``lessons/lNN.py`` holds lesson NN's tables, charts, widgets and
exercise checks; ``data/lessons/NN.json`` holds its quiz, reflections and curated id lists.

A notebook imports its lesson's module (``from karabakh_course.lessons import l05``) and calls
its functions, or passes them (``kc.widgets.view(l05.memberships_view)``), so that "go to
definition" leads to the code. :func:`load_all` imports every lesson module, which registers
its widgets and checks, for the tests and the benchmarks to enumerate.
"""

import importlib
import pkgutil

__all__ = ["load_all", "names"]


def names() -> list[str]:
    """The lesson modules' names, ``l00``, ``l01``, …"""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name[1:].isdigit())


def load_all() -> None:
    """Import every lesson module (registering its widgets and checks)."""
    for name in names():
        importlib.import_module(f"{__name__}.{name}")
