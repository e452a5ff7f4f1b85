"""Arguments of the functions a learner is invited to call, checked before any work is done.

A wrong argument raises :class:`ArgumentError`: one message that names the function, the
argument, what was given and the valid values (or the kind of value expected). In a notebook it
shows as that message alone, without a traceback (IPython honours ``_render_traceback_``).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ArgumentError", "one_of", "names"]

SHOWN = 40  # valid values listed in a message; more are counted


def _given(value) -> str:
    if isinstance(value, str | int | float | bool) or value is None:
        return repr(value)
    return f"a {type(value).__name__}"


class ArgumentError(ValueError, KeyError):
    """A wrong argument to a course function, with the valid values named (a ValueError, and a
    KeyError where an id is looked up)."""

    def __init__(self, function: str, argument: str, value, valid: Iterable | None = None,
                 expected: str = ""):
        self.function, self.argument, self.value = function, argument, value
        self.valid = [str(v) for v in valid] if valid is not None else []
        text = f"{function}: {_given(value)} is not a valid {argument}"
        if expected:
            text += f"; expected {expected}"
        if self.valid:
            listed = ", ".join(self.valid[:SHOWN])
            more = len(self.valid) - SHOWN
            text += f". Valid values: {listed}" + (f" (and {more} more)" if more > 0 else "")
        super().__init__(text + ".")

    def __str__(self) -> str:  # not KeyError's quoted form
        return str(self.args[0]) if self.args else ""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def one_of(function: str, argument: str, value, valid: Iterable) -> str:
    """``value`` if it is one of ``valid`` (text ids), else an :class:`ArgumentError`."""
    valid = list(valid)
    if not isinstance(value, str) or value not in set(valid):
        raise ArgumentError(function, argument, value, sorted(valid))
    return value


def names(function: str, argument: str, value, valid: Iterable | None = None,
          item: str = "id") -> list[str]:
    """A list of ids (a list, tuple or set of text; one text is one id), each one of
    ``valid`` when given. A DataFrame, a Series or a number is refused with a message."""
    import pandas as pd

    if isinstance(value, str):
        value = [value]
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index) or not isinstance(
            value, list | tuple | set | frozenset):
        raise ArgumentError(function, f"value for {argument}", value, expected=(
            "a list of ids (text), such as ['un', 'eu']; from a table take one column "
            "as a list: df['id'].tolist()" if isinstance(value, pd.DataFrame | pd.Series)
            else "a list of ids (text), such as ['un', 'eu']"))
    value = list(value)
    bad = [v for v in value if not isinstance(v, str)]
    if bad:
        raise ArgumentError(function, f"{item} in {argument}", bad[0], expected="ids as text")
    if valid is not None:
        valid = set(valid)
        unknown = [v for v in value if v not in valid]
        if unknown:
            raise ArgumentError(function, f"{item} in {argument}", unknown[0], sorted(valid))
    return value
