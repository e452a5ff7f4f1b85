"""The data loader: typed tables, and one clear error per kind of bad input."""

import json
import shutil

import pandas as pd
import pytest

from karabakh_course import data
from karabakh_course.data import DataError


@pytest.fixture
def tmp_data(tmp_path, root):
    """A copy of the course's data folder that a test may break."""
    d = tmp_path / "data"
    shutil.copytree(root / "data", d)
    return d


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_data_line(path):
    return path.read_text(encoding="utf-8").splitlines()[1]


def test_every_table_loads():
    names = data.validate_all()
    assert set(names) >= {"sources", "actors", "memberships", "events", "resolutions",
                          "ga_votes", "figures", "quotes", "glossary", "places"}


def test_types_follow_the_descriptor():
    ev = data.load("events")
    assert pd.api.types.is_datetime64_any_dtype(ev["date"])
    assert ev.index.name is None and ev.index.equals(pd.Index(ev["id"]))
    res = data.load("resolutions")
    assert str(res["votes_for"].dtype) == "Int64"
    assert str(data.load("sources")["title"].dtype) == "string"


def test_load_returns_a_copy():
    a = data.load("sources")
    a.loc[a.index[0], "title"] = "changed"
    assert data.load("sources").iloc[0]["title"] != "changed"


def test_as_of_lives_in_the_descriptor():
    assert data.as_of().isoformat() == data.descriptor()["as_of"]


def test_unknown_table_lists_the_tables():
    with pytest.raises(KeyError, match="the tables are"):
        data.load("no-such-table")


def test_split_ids():
    assert data.split_ids("a;b; c;") == ["a", "b", "c"]
    assert data.split_ids("") == []


# --- bad input: one case each ---------------------------------------------------------------


def test_missing_column(tmp_data):
    p = tmp_data / "events.csv"
    edit(p, "id,date,", "id,when,")
    with pytest.raises(DataError) as e:
        data.load("events", tmp_data)
    msg = str(e.value)
    assert "events.csv" in msg and "row 1" in msg and "missing column(s) date" in msg


def test_bad_date(tmp_data):
    p = tmp_data / "events.csv"
    line = first_data_line(p)
    date = line.split(",")[1]
    edit(p, f",{date},", ",23/09/1991,")
    with pytest.raises(DataError, match=r"events.csv, row 2, field 'date': '23/09/1991' is not a "
                                        r"date in the form YYYY-MM-DD"):
        data.load("events", tmp_data)


def test_impossible_date(tmp_data):
    p = tmp_data / "events.csv"
    date = first_data_line(p).split(",")[1]
    edit(p, f",{date},", f",{date[:4]}-02-30,")
    with pytest.raises(DataError, match="row 2, field 'date': .* is not a real calendar date"):
        data.load("events", tmp_data)


def test_unknown_id_in_a_list(tmp_data):
    p = tmp_data / "events.csv"
    edit(p, "\n", "\n", )  # keep header
    line = first_data_line(p)
    edit(p, line, line.rsplit(",", 1)[0] + ",no-such-source")
    with pytest.raises(DataError, match=r"events.csv, row 2, field 'source_ids': 'no-such-source' "
                                        r"is not an id in sources.csv"):
        data.load("events", tmp_data)


def test_padded_list_item(tmp_data):
    p = tmp_data / "ga_votes.csv"
    line = first_data_line(p)
    ids = line.rsplit(",", 1)[1]
    edit(p, line, line.rsplit(",", 1)[0] + f',"{ids.replace(";", "; ")};"')
    with pytest.raises(DataError, match="ga_votes.csv, row 2, field 'source_ids'"):
        data.load("ga_votes", tmp_data)


def test_unknown_foreign_key(tmp_data):
    p = tmp_data / "ga_votes.csv"
    edit(p, "\nunga-62-243-2008,", "\nunga-99-999-2099,")
    with pytest.raises(DataError, match=r"ga_votes.csv, row 2, field 'resolution_id': "
                                        r"'unga-99-999-2099' is not an id in resolutions.csv"):
        data.load("ga_votes", tmp_data)


def test_duplicate_key(tmp_data):
    p = tmp_data / "sources.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, lines[1])
    p.write_text("".join(lines), encoding="utf-8")
    first_id = lines[1].split(",")[0]
    with pytest.raises(DataError, match=rf"sources.csv, row 4, field 'id': duplicate key "
                                        rf"id='{first_id}' \(first on row 2\)"):
        data.load("sources", tmp_data)


def test_duplicate_composite_key(tmp_data):
    p = tmp_data / "ga_votes.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append(lines[1])
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="duplicate key resolution_id=.*iso3="):
        data.load("ga_votes", tmp_data)


def test_empty_file(tmp_data):
    (tmp_data / "events.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="events.csv: the file is empty"):
        data.load("events", tmp_data)


def test_header_only(tmp_data):
    p = tmp_data / "resolutions.csv"
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="resolutions.csv: has a header but no rows"):
        data.load("resolutions", tmp_data)


def test_wrong_encoding(tmp_data):
    p = tmp_data / "sources.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("cp1252", errors="replace")
                  .replace(b"Azerbaijan", b"Az\xe9rbaijan", 1))
    with pytest.raises(DataError, match=r"sources.csv, row \d+: is not UTF-8 text"):
        data.load("sources", tmp_data)


def test_wrong_number_of_cells(tmp_data):
    p = tmp_data / "events.csv"
    line = first_data_line(p)
    edit(p, line, line + ",extra")
    with pytest.raises(DataError, match="events.csv, row 2: has 11 cells but the header has 10"):
        data.load("events", tmp_data)


def test_value_outside_enum(tmp_data):
    p = tmp_data / "sources.csv"
    edit(p, ",independent,", ",neutral,")
    with pytest.raises(DataError, match="field 'stance': 'neutral' is not one of: "
                                        "intergovernmental, party-government"):
        data.load("sources", tmp_data)


def test_required_field_empty(tmp_data):
    p = tmp_data / "resolutions.csv"
    line = first_data_line(p)
    cells = line.split(",")
    edit(p, line, ",".join([cells[0], ""] + cells[2:]))
    with pytest.raises(DataError, match="resolutions.csv, row 2, field 'body': is empty but "
                                        "required"):
        data.load("resolutions", tmp_data)


def test_not_a_whole_number(tmp_data):
    p = tmp_data / "resolutions.csv"
    edit(p, ",39,", ",thirty-nine,")
    with pytest.raises(DataError, match="field 'votes_for': 'thirty-nine' is not a whole number"):
        data.load("resolutions", tmp_data)


def test_bad_id_pattern(tmp_data):
    p = tmp_data / "sources.csv"
    line = first_data_line(p)
    sid = line.split(",")[0]
    text = p.read_text(encoding="utf-8").replace(f"\n{sid},", f"\n{sid.upper()},", 1)
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="field 'id': .* does not match the pattern"):
        data.load("sources", tmp_data)


def test_missing_file(tmp_data):
    (tmp_data / "quotes.csv").unlink()
    with pytest.raises(DataError, match="quotes.csv: the file is missing"):
        data.load("quotes", tmp_data)


def test_broken_descriptor(tmp_data):
    (tmp_data / "datapackage.json").write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match="datapackage.json: not valid JSON"):
        data.descriptor(tmp_data)


def test_descriptor_and_files_agree(root):
    d = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    on_disk = {p.name for p in (root / "data").glob("*.csv")}
    assert on_disk == {r["path"] for r in d["resources"]}, "every CSV is described, and only those"


def test_date_text_is_no_more_precise_than_the_data():
    assert data.date_text(pd.Timestamp("1994-05-12")) == "12 May 1994"
    assert data.date_text("2001-06-01", "month") == "June 2001"
    assert data.date_text("1993-01-01", "year") == "1993"
    assert data.date_text(pd.NaT) == "" and data.date_text(None) == ""


def test_data_folder_found_by_environment_variable_then_checkout(tmp_path, monkeypatch):
    import karabakh_course.data as d

    monkeypatch.setenv(d.DATA_ENV, str(tmp_path))
    assert d.data_dir_candidates()[0] == tmp_path.resolve()
    assert d.find_data_dir() == d.DATA_DIR  # tmp_path has no datapackage.json: next candidate
    (tmp_path / "datapackage.json").write_text("{}")
    assert d.find_data_dir() == tmp_path.resolve()


def test_missing_data_folder_names_the_folders_looked_in(tmp_path, monkeypatch):
    import karabakh_course.data as d

    monkeypatch.setenv(d.DATA_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(d.DataError) as e:
        d.descriptor(tmp_path / "nowhere")
    msg = str(e.value)
    assert "looked in" in msg and str(tmp_path / "nowhere") in msg and d.DATA_ENV in msg


def test_data_folder_found_outside_an_editable_install(tmp_path, root):
    """A copy of the package (as a wheel would install it) run from the lessons' folder finds
    the checkout's data through the working folder."""
    import subprocess
    import sys

    shutil.copytree(root / "src" / "karabakh_course", tmp_path / "site" / "karabakh_course")
    site = tmp_path / "site"
    code = (f"import sys; sys.path.insert(0, {str(site)!r}); import karabakh_course.data as d; "
            "print(d.__file__); print(d.DATA_DIR); sys.exit(0 if len(d.load('sources')) else 1)")
    out = subprocess.run([sys.executable, "-c", code], cwd=root / "notebooks",
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-500:]
    module, found = out.stdout.split()
    assert module.startswith(str(site))
    assert found == str((root / "data").resolve())
