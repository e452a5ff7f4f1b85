"""Citations a student can read: author–date labels and each notebook's list of sources.

Authors write a source's key in Markdown, ``[src:un-press-ga-10693]``, optionally with a
locator, ``[src:dewaal-black-garden, p. 285]``. :func:`render` turns each into an author–date
link to the notebook's "Sources" section, ``[(UN DPI 2008)](#src-un-press-ga-10693)`` (a
locator travels in the link's title, so rendering again gives the same text), and
:func:`sources_section` writes that section: author or body, title, date, symbol, locator,
the copy read and whose voice the work is. ``tools/make_sources.py`` applies both to every
notebook; widgets and tables show :func:`label`, never a key.
"""

from __future__ import annotations

import re

from . import data

__all__ = ["CITE", "RENDERED", "keys_in", "label", "labels", "entry", "render",
           "sources_section",
           "COPY_KIND", "STANCE"]

CITE = re.compile(r"\[src:([a-z0-9-]+)(?:,\s*([^\]]+))?\]")
RENDERED = re.compile(r'\[\(([^\]]*)\)\]\(#src-([a-z0-9-]+)(?: "([^"]*)")?\)')
STANCE = {
    "intergovernmental": "an intergovernmental body",
    "party-government": "a party's government",
    "party-affiliated": "affiliated with a party",
    "third-state": "a third state's government or state media (not a party)",
    "independent": "independent",
}
COPY_KIND = {
    "original": "the original",
    "reproduction": "a full-text reproduction",
    "translation": "a translation",
    "summary": "a summary only",
    "catalogue": "a catalogue record only; the work itself not read",
    "not-recorded": "copy not recorded",
}
_UN_SYMBOL = re.compile(r"^(S/RES/|A/RES/|A/|S/|E/CN\.)")


def _row(key: str):
    sources = data.load("sources")
    if key not in sources.index:
        raise KeyError(f"[src:{key}]: no source with this id in data/sources.csv")
    return sources.loc[key]


def _year(row) -> str:
    return str(row["date"].year) if not data.is_missing(row["date"]) else "n.d."


def _base_label(row) -> str:
    symbol = "" if data.is_missing(row["symbol"]) else str(row["symbol"])
    if symbol and _UN_SYMBOL.match(symbol):
        base = re.sub(r"\s*\((\d{4})\)$", r", \1", symbol)
        return base if re.search(r"\d{4}$", base) else f"{base}, {_year(row)}"
    if row["kind"] == "reference" and data.is_missing(row["date"]):
        title = re.sub(r"\s*\(revision [^)]*\)", "", str(row["title"]))
        title = title if len(title) <= 48 else title[:47].rsplit(" ", 1)[0] + "…"
        return f"{row['short']}, “{title}”"  # an entry of a reference work, as cited
    return f"{row['short']} {_year(row)}"


_LABELS: dict[tuple, dict[str, str]] = {}
_LABEL_COLUMNS = ("symbol", "kind", "date", "short", "title")


def _labels_key(sources) -> tuple:
    """What the labels depend on. Not ``id(sources)``: ``data.load`` returns a fresh copy each
    call, so an id never repeats (no cache hit) or repeats for another frame (a wrong one)."""
    return (tuple(sources.index.tolist()),
            *(tuple(sources[c].astype(str).tolist()) for c in _LABEL_COLUMNS))


def _suffix(i: int) -> str:
    """'a', 'b', … 'z', 'aa', 'ab', …: the letters that tell one author's works of a year apart."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def _labels() -> dict[str, str]:
    """Every source's label; where two share one, 'a', 'b'… by date, as reference lists do."""
    sources = data.load("sources")
    key = _labels_key(sources)
    if key not in _LABELS:
        _LABELS.clear()
        base = {k: _base_label(r) for k, r in sources.iterrows()}
        groups: dict[str, list[str]] = {}
        for k, b in base.items():
            groups.setdefault(b, []).append(k)
        out = {}
        for b, ks in groups.items():
            if len(ks) == 1 or b.startswith(("S/", "A/", "E/")):
                out.update({k: b for k in ks})
                continue
            ks = sorted(ks, key=lambda k: (str(sources.loc[k, "date"]), k))
            sep = "-" if b.endswith(".") else ""
            out.update({k: f"{b}{sep}{_suffix(i)}" for i, k in enumerate(ks)})
        _LABELS[key] = out
    return _LABELS[key]


def label(key: str, locator: str = "") -> str:
    """The author–date label of a source: 'UN DPI 2008', 'S/RES/853, 1993', 'de Waal 2003,
    p. 285', 'TASS 2023b' (without parentheses)."""
    _row(key)
    base = _labels()[key]
    return f"{base}, {locator.strip()}" if locator and locator.strip() else base


def labels(ids) -> str:
    """Short labels of sources for a widget, a table or a chart's source line: ids as a list or
    as a ';'-separated cell -> 'UN DPI 2008; S/RES/853, 1993'."""
    if isinstance(ids, str) or ids is None or data.is_missing(ids):
        ids = data.split_ids(ids or "")
    return "; ".join(label(k) for k in ids)


def keys_in(text: str) -> list[str]:
    """The source keys cited in a text, in order of first appearance, written or rendered."""
    found = [(m.start(), m.group(1)) for m in CITE.finditer(text)]
    found += [(m.start(), m.group(2)) for m in RENDERED.finditer(text)]
    return list(dict.fromkeys(k for _, k in sorted(found)))


def _link(key: str, locator: str | None) -> str:
    title = f' "{locator.strip()}"' if locator and locator.strip() else ""
    return f"[({label(key, locator or '')})](#src-{key}{title})"


def render(text: str) -> str:
    """Every citation in ``text`` as an author–date link; idempotent."""
    text = RENDERED.sub(lambda m: _link(m.group(2), m.group(3)), text)
    return CITE.sub(lambda m: _link(m.group(1), m.group(2)), text)


def md_escape(text: str) -> str:
    """Text safe in Markdown: a dollar sign would start a formula in JupyterLab."""
    return re.sub(r"(?<!\\)\$", r"\\$", text)


def entry(key: str) -> str:
    """One line of a Sources list, in Markdown."""
    row = _row(key)

    def val(col):
        v = row[col]
        return "" if data.is_missing(v) else md_escape(str(v))

    date = data.date_text(row["date"], val("date_precision") or "day") or "undated"
    parts = [f"{val('author')}, *{val('title')}*", date]
    if val("symbol"):
        parts.append(val("symbol"))
    if val("locator") and not re.match(r"(?i)(whole|full text)", val("locator")):
        parts.append(val("locator"))
    kind = val("copy_kind") or "not-recorded"
    read = "" if kind == "not-recorded" and not val("copy_url") else \
        f" Read: {COPY_KIND[kind]}" + (f", <{val('copy_url')}>" if val("copy_url") else "") + "."
    voice = f"Voice: {STANCE[val('stance')]}."
    head = label(key) if label(key).endswith(".") else f"{label(key)}."
    return (f'<a id="src-{key}"></a>**{head}** ' + ", ".join(parts).rstrip(".")
            + f".{read} {voice}")


def sources_section(keys) -> str:
    """The Markdown of a notebook's Sources list, sorted as a reference list is."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return "*This notebook cites no sources.*"
    ordered = sorted(keys, key=lambda k: (label(k).casefold(), k))
    return "\n".join(f"- {entry(k)}" for k in ordered)
