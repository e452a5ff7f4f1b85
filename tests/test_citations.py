"""Author–date citations and the Sources section (karabakh_course.citations, make_sources)."""

from pathlib import Path

import make_sources
import nbformat
import pytest

from karabakh_course import citations, data


def test_labels_read_author_date():
    assert citations.label("un-press-ga-10693") == "UN DPI 2008"
    assert citations.label("unsc-853-1993") == "S/RES/853, 1993"
    assert citations.label("hasanoglu-suleymanli-2024", "p. 3970") == \
        "Hasanoglu & Süleymanlı 2024, p. 3970"


def test_suffixes_go_past_z():
    assert [citations._suffix(i) for i in (0, 1, 25, 26, 27, 51, 52)] == \
        ["a", "b", "z", "aa", "ab", "az", "ba"]


def test_labels_are_unique():
    """Two works by one author in one year get 'a', 'b' as a reference list does."""
    labels = citations._labels()
    assert len(set(labels.values())) == len(labels)
    assert len(labels) == len(data.load("sources"))
    assert all(label.isprintable() for label in labels.values())


def test_render_is_idempotent_and_keeps_the_locator():
    text = "As [src:unsc-853-1993] and [src:hasanoglu-suleymanli-2024, p. 3970] say."
    once = citations.render(text)
    assert once == ("As [(S/RES/853, 1993)](#src-unsc-853-1993) and "
                    "[(Hasanoglu & Süleymanlı 2024, p. 3970)](#src-hasanoglu-suleymanli-2024 "
                    '"p. 3970") say.')
    assert citations.render(once) == once
    assert citations.keys_in(once) == ["unsc-853-1993", "hasanoglu-suleymanli-2024"]


def test_unknown_key_is_named():
    with pytest.raises(KeyError, match=r"\[src:no-such-source\]"):
        citations.render("[src:no-such-source]")


def test_entry_says_what_was_read_and_whose_voice():
    e = citations.entry("hasanoglu-suleymanli-2024")
    assert e.startswith('<a id="src-hasanoglu-suleymanli-2024"></a>'
                        "**Hasanoglu & Süleymanlı 2024.**")
    assert "Read: the original" in e and "Voice: affiliated with a party." in e


def test_catalogue_records_are_never_presented_as_read():
    s = data.load("sources")
    for key in s.index[s["copy_kind"] == "catalogue"]:
        assert "the work itself not read" in citations.entry(key)


def catalogue_citations_outside_further_reading(paths, sources) -> list[str]:
    """Each citation of a work seen only in a catalogue record (``copy_kind`` catalogue) that
    stands outside a reading list of a notebook's narration (a "Further reading" or
    "Counter-readings" section): such a work may be recommended, never cited for a fact.
    Generated blocks (Sources, navigation) left out."""
    import re

    catalogue = set(sources.index[sources["copy_kind"] == "catalogue"])
    out = []
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            text = re.sub(r"<!-- (\w[\w-]*):start -->.*?<!-- \1:end -->", " ", cell.source,
                          flags=re.S)
            for section in re.split(r"(?m)^(?=#{1,6} )", text):
                if re.match(r"#{1,6} (Further reading|Counter-readings)", section):
                    continue
                keys = {m.group(1) for m in citations.CITE.finditer(section)}
                keys |= {m.group(2) for m in citations.RENDERED.finditer(section)}
                out += [f"{Path(path).name}: {k}" for k in sorted(keys & catalogue)]
    return out


def test_works_seen_only_in_a_catalogue_are_never_cited_for_a_fact():
    """A work known from a catalogue record or a publisher's page alone is not read: the
    lessons may list it under Further reading, but no sentence and no data row rests on it."""
    from notebook_files import ALL

    sources = data.load("sources")
    assert catalogue_citations_outside_further_reading(ALL, sources) == []
    catalogue = set(sources.index[sources["copy_kind"] == "catalogue"])
    rows = []
    for name in data.table_names():
        if name == "sources":
            continue
        t = data.load(name)
        for col in [c for c in t.columns if c.endswith("source_ids") or c == "source_id"]:
            for key, v in t[col].items():
                hit = set(data.split_ids(v)) & catalogue if not data.is_missing(v) else set()
                rows += [f"{name}.{col}[{key}]: {k}" for k in sorted(hit)]
    assert rows == []


def test_the_catalogue_check_fails_on_a_fact_cited_from_a_catalogue_record(tmp_path):
    sources = data.load("sources")
    key = sources.index[sources["copy_kind"] == "catalogue"][0]
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"A fact [src:{key}].\n\n## Further reading\n\n"
                                      f"- A book [src:{key}]."),
        nbformat.v4.new_markdown_cell(f"## Further reading\n\n- The book [src:{key}].")])
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert catalogue_citations_outside_further_reading([path], sources) == [f"x.ipynb: {key}"]


def test_sources_section_regenerates_when_a_citation_changes():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Text [src:unsc-853-1993]."),
        nbformat.v4.new_markdown_cell("<!-- nav:start -->nav<!-- nav:end -->")])
    assert make_sources.rebuild(nb) is True
    assert nb.cells[1].source.startswith("## Sources") and "<!-- nav:start -->" in \
        nb.cells[2].source
    assert make_sources.rebuild(nb) is False
    nb.cells[0].source += " And [src:un-press-ga-10693]."
    assert make_sources.rebuild(nb) is True
    assert 'id="src-un-press-ga-10693"' in nb.cells[1].source
