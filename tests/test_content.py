"""Facts live in data, not in lesson code: the lessons' curated id lists and notes resolve to
the tables, quoted phrases in data come from the quotes table, and lesson code quotes no one."""

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from karabakh_course import content, data
from karabakh_course.data import DataError

ROOT = Path(__file__).resolve().parents[1]
CONTENT_FILES = sorted((ROOT / "data" / "lessons").glob("[0-9][0-9].json"))
LESSON_CODE = sorted((ROOT / "src" / "karabakh_course" / "lessons").glob("l[0-9][0-9].py"))

# A quotation: a phrase between curly double quotes, or between straight double quotes that
# are not an HTML attribute's (class="…").
QUOTED = re.compile(r"“([^”]+)”|(?<![=\w])\"([^\"<>]+)\"")


def quoted_phrases(text: str) -> list[str]:
    return [a or b for a, b in QUOTED.findall(text or "")]


@pytest.fixture
def tmp_data(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    return d


@pytest.mark.parametrize("path", CONTENT_FILES, ids=[p.name for p in CONTENT_FILES])
def test_every_listed_id_resolves_to_its_table(path):
    """Read straight from the file (not through the loader), so the loader's checks are
    checked too."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    for name, entry in spec.get("lists", {}).items():
        known = set(data.load(entry["table"]).index)
        listed = entry.get("ids") or list(entry.get("labels", {}))
        assert listed, f"{path.name}: list {name} is empty"
        missing = [i for i in listed if i not in known]
        assert not missing, f"{path.name}: list {name}: not in {entry['table']}.csv: {missing}"
    sources = set(data.load("sources").index)
    for name, n in spec.get("notes", {}).items():
        assert n["source_ids"] and set(n["source_ids"]) <= sources, f"{path.name}: note {name}"
    c = content.lesson(path.stem)
    assert set(c.lists) == set(spec.get("lists", {}))
    assert set(c.notes) == set(spec.get("notes", {}))


def test_the_lessons_read_their_lists():
    assert content.ids("02", "unsc-1993")[0] == "unsc-822-1993"
    assert content.labels("04", "milestones")["1996-12-lisbon-summit-principles"] == \
        "Lisbon summit"
    assert content.labels("02", "displacement") == {}
    with pytest.raises(KeyError, match="has no list 'nope'.*it has: "):
        content.ids("02", "nope")
    with pytest.raises(KeyError, match="has no note 'nope'"):
        content.note("02", "nope")


def _edit(path: Path, fn):
    spec = json.loads(path.read_text(encoding="utf-8"))
    fn(spec)
    path.write_text(json.dumps(spec), encoding="utf-8")


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s["lists"]["displacement"]["ids"].append("no-such-figure"),
     r"02.json, field 'lists.displacement': 'no-such-figure' is not an id in figures.csv"),
    (lambda s: s["lists"]["displacement"].update(table="nope"),
     r"field 'lists.displacement.table': 'table' must name one of the tables"),
    (lambda s: s["lists"]["blocs"]["ids"].append("eu"), r"'lists.blocs': an id is listed twice"),
    (lambda s: s["lists"]["blocs"].update(labels={"eu": "EU"}),
     r"'lists.blocs': give either 'ids'"),
    (lambda s: s["lists"]["blocs"].update(ids=[]), r"'lists.blocs': the list is empty"),
    (lambda s: s["notes"]["nam-2008"]["source_ids"].append("no-such-source"),
     r"'notes.nam-2008.source_ids': 'no-such-source' is not an id in sources.csv"),
    (lambda s: s["notes"]["nam-2008"].update(source_ids=[]),
     r"'notes.nam-2008.source_ids': a note needs its 'source_ids'"),
    (lambda s: s["notes"]["nam-2008"].pop("text"), r"'notes.nam-2008.text': a note needs"),
])
def test_a_bad_content_file_gets_one_clear_message(tmp_data, mutate, message):
    _edit(tmp_data / "lessons" / "02.json", mutate)
    with pytest.raises(DataError, match=message):
        content.lesson("02", tmp_data)


def test_the_loader_sees_an_edited_file(tmp_data):
    assert content.lesson("02", tmp_data).lists["blocs"][2][-1] == "nam"
    _edit(tmp_data / "lessons" / "02.json", lambda s: s["lists"]["blocs"]["ids"].pop())
    assert content.lesson("02", tmp_data).lists["blocs"][2][-1] == "guam"


# --- quotations ---------------------------------------------------------------------------


def test_quoted_phrases_rule():
    assert quoted_phrases("by “local Armenian forces” and “all occupying forces”") == [
        "local Armenian forces", "all occupying forces"]
    assert quoted_phrases('a "Package" deal') == ["Package"]
    assert quoted_phrases('<details class="chart-alt">') == []
    assert quoted_phrases("the parties' own words") == []


def test_quoted_phrases_in_readings_are_in_the_quotes_table():
    """A reading may quote the resolution only with words that the quotes table holds, from
    one of the reading's own sources."""
    quotes = data.load("quotes")
    checked = 0
    for rid, row in data.load("resolution_readings").iterrows():
        mine = quotes[quotes["source_id"].isin(data.split_ids(row["source_ids"]))]["text"]
        for phrase in quoted_phrases(row["text"]):
            assert any(phrase in q for q in mine), \
                f"resolution_readings.csv, {rid}: “{phrase}” is in no quote of its sources"
            checked += 1
    assert checked >= 4


def _string_constants(path: Path):
    """(line, text) of every string literal in a module, f-string parts included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def lesson_code_quotations(path: Path) -> list[str]:
    return [f"{path.name}:{line}: “{q}”" for line, text in _string_constants(path)
            for q in quoted_phrases(text)]


@pytest.mark.parametrize("path", LESSON_CODE, ids=[p.name for p in LESSON_CODE])
def test_lesson_code_quotes_no_source(path):
    """Quotations live in data (quotes.csv, and the tables that quote it), never in a lesson
    module's strings, where the quotation test cannot see them."""
    found = lesson_code_quotations(path)
    assert not found, "quotations in lesson code; move them to data/: " + "; ".join(found)


def test_the_lesson_code_rule_catches_a_quotation(tmp_path):
    bad = tmp_path / "l99.py"
    bad.write_text('READING = {"forces": "the invasion by “local Armenian forces”"}\n'
                   'NOTE = f"it speaks of \\"occupying forces\\" in {1993}"\n'
                   'HTML = f\'<p class="x">{1}</p>\'\n', encoding="utf-8")
    assert lesson_code_quotations(bad) == ["l99.py:1: “local Armenian forces”",
                                           "l99.py:2: “occupying forces”"]
