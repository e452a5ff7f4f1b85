"""One module per lesson: ``lessons/lNN.py`` holds lesson NN's tables, charts, widgets and
exercise checks; ``data/lessons/NN.json`` holds its quiz, reflections and curated id lists.

A notebook imports its lesson's module (``from karabakh_course.lessons import l05``) and calls
its functions, or passes them (``kc.widgets.view(l05.memberships_view)``), so that "go to
definition" leads to the code. :func:`load_all` imports every lesson module, which registers
its widgets and checks, for the tests and the benchmarks to enumerate.

The conventions every lesson module follows:

- **Data access.** A public lesson function takes ids and plain values (an organization id, a
  range of years, the name of a list in the content file) and reads the tables it needs itself,
  through ``data.load(name)``, which is cached by the file's stamp (so reading a table in every
  call costs a copy, not a parse). No public function takes a course table as an argument, so a
  notebook never has to load and pass the right frame; private helpers (``_name``) may pass
  frames between them. Tests give a function small tables by standing in for ``data.load``
  (the ``tables`` fixture of ``tests/lessons/conftest.py``).
- **Facts in data.** Facts, figures and quotations live in ``data/`` with their sources: a
  quotation in ``quotes.csv``, a reading of a text in its table (``resolution_readings.csv``),
  the rows a lesson shows and their short labels in its content file's ``lists``, a sentence
  of facts in its ``notes`` (read with :mod:`karabakh_course.content`). Lesson code holds no
  quotation (a test fails on a quoted phrase in a lesson module's strings) and no list of ids.
- **Chart titles.** Every chart gets its title from ``charts.finish(fig, title=..., source=...,
  alt=...)``; no lesson calls ``ax.set_title``.
- **Widget choices are ids.** A dropdown or multi-select offers ``(label, id)`` pairs: the
  learner sees the label, the update function receives the id, and the widget's ``examples``
  use ids.
- **One membership rule.** Who was a member of what on a day comes from
  ``memberships.status_on`` (the latest recorded change wins), in checks, tables and prose.
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
