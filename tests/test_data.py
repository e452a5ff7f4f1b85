"""The data loader: typed tables, and one clear error per kind of bad input."""

import csv
import json
import os
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


# --- silently wrong data: refused -------------------------------------------------------------


def rewrite(path, change, **fmt):
    """Rewrite a CSV through the csv module: ``change(rows)`` edits the list of rows."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator=fmt.pop("lineterminator", "\n"), **fmt).writerows(rows)


def set_cell(path, row, column, value):
    """Set the cell of ``column`` in the file's ``row`` (a line number: 2 is the first data row)."""

    def change(rows):
        rows[row - 1][rows[0].index(column)] = value

    rewrite(path, change)


def test_duplicated_header_column_is_refused(tmp_data):
    """The last of two 'vote' columns would win: every vote silently becomes another."""
    rewrite(tmp_data / "ga_votes.csv", lambda rows: rows[0].__setitem__(4, "vote"))
    with pytest.raises(DataError, match=r"data/ga_votes.csv, row 1, field 'vote': the column "
                                        r"'vote' appears twice in the header \(columns 4 and 5\)"):
        data.load("ga_votes", tmp_data)


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "1e999"])
def test_nan_and_infinity_are_not_numbers(tmp_data, value):
    set_cell(tmp_data / "places.csv", 2, "lat", value)
    with pytest.raises(DataError, match=rf"data/places.csv, row 2, field 'lat': '{value}' is not "
                                        r"a number|too large"):
        data.load("places", tmp_data)


@pytest.mark.parametrize("table, column, value", [
    ("resolutions", "votes_for", "3_9"), ("places", "lat", "4_0.5"), ("resolutions",
                                                                      "votes_for", "٣٩"),
    ("resolutions", "votes_for", "39.0"), ("resolutions", "votes_for", " 39")])
def test_digits_with_separators_are_not_numbers(tmp_data, table, column, value):
    set_cell(tmp_data / f"{table}.csv", 2, column, value)
    with pytest.raises(DataError, match=rf"data/{table}.csv, row 2, field '{column}'"):
        data.load(table, tmp_data)


def test_decimal_comma_gets_its_own_hint(tmp_data):
    set_cell(tmp_data / "places.csv", 2, "lat", "40,5")
    with pytest.raises(DataError, match="write decimals with a point"):
        data.load("places", tmp_data)


def test_minimum_of_a_number_and_maximum_of_an_integer(tmp_data):
    set_cell(tmp_data / "arms_transfers.csv", 2, "value", "-1")
    with pytest.raises(DataError, match="arms_transfers.csv, row 2, field 'value': -1 is below "
                                        "the minimum 0"):
        data.load("arms_transfers", tmp_data)
    set_cell(tmp_data / "statement_2020.csv", 2, "point", "10")
    with pytest.raises(DataError, match="field 'point': 10 is above the maximum 9"):
        data.load("statement_2020", tmp_data)


def test_nul_character_is_refused(tmp_data):
    p = tmp_data / "events.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ",\x00", 1)
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"data/events.csv, row 4: contains a NUL character"):
        data.load("events", tmp_data)


def test_utf16_gets_its_own_message(tmp_data):
    p = tmp_data / "events.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(DataError, match=r"data/events.csv: is saved as UTF-16"):
        data.load("events", tmp_data)


def test_unknown_iso3_is_refused(tmp_data):
    """ga_votes.iso3 is a foreign key into actors.iso3 (the descriptor declares it)."""
    set_cell(tmp_data / "ga_votes.csv", 3, "iso3", "XYZ")
    with pytest.raises(DataError, match=r"data/ga_votes.csv, row 3, field 'iso3': 'XYZ' is not "
                                        r"in the column iso3 of actors.csv"):
        data.load("ga_votes", tmp_data)


def test_every_state_in_the_roll_call_is_an_actor():
    fks = [fk for r in data.descriptor()["resources"] if r["name"] == "ga_votes"
           for fk in r["schema"]["foreignKeys"]]
    assert {"fields": "iso3", "reference": {"resource": "actors", "fields": "iso3"}} in fks
    assert set(data.load("ga_votes")["iso3"]) <= set(data.load("actors")["iso3"].dropna())


def constraint_uses(descriptor):
    """Every (keyword, table, field, value) of the descriptor's constraints."""
    for r in descriptor["resources"]:
        for f in r["schema"]["fields"]:
            for k, v in f.get("constraints", {}).items():
                yield k, r, f, v


def violation(keyword, field, value):
    """A cell that breaks ``keyword`` (with the constraint's ``value``), for row 2."""
    kind = field.get("type", "string")
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        step = -1 if "inimum" in keyword else 1
        if kind == "date":
            import datetime as dt
            return (dt.date.fromisoformat(value) + dt.timedelta(days=step)).isoformat()
        return str(value + step if keyword.startswith("m") else value)
    if keyword == "maxLength":
        return "x" * (int(value) + 1)
    return {"required": "", "enum": "not-one-of-them", "pattern": "Not Matching!",
            "minLength": "x"}.get(keyword)


USED = sorted({k for k, *_ in constraint_uses(data.descriptor())})


def test_the_loader_implements_every_constraint_keyword_the_descriptor_uses():
    not_enforced = [k for k in USED if k not in data.CONSTRAINTS]
    assert not not_enforced, f"the descriptor uses {not_enforced}; data.py must enforce them"


@pytest.mark.parametrize("keyword", USED)
def test_each_constraint_keyword_used_is_enforced(tmp_data, keyword):
    """Break the first use of each keyword in its table's first data row: the load fails there."""
    uses = [(r, f, v) for k, r, f, v in constraint_uses(data.descriptor()) if k == keyword]
    r, f, v = next((r, f, v) for r, f, v in uses if v is not False)
    p = tmp_data / r["path"]
    if keyword == "unique":
        with p.open(encoding="utf-8", newline="") as fh:
            second = list(csv.reader(fh))[1]
        rows_expect = 3
        set_cell(p, 3, f["name"], second[next(csv.reader([p.read_text().splitlines()[0]]))
                                         .index(f["name"])])
    else:
        bad = violation(keyword, f, v)
        assert bad is not None, f"the test has no way yet to break {keyword!r}: add one"
        rows_expect = 2
        set_cell(p, 2, f["name"], bad)
    with pytest.raises(DataError) as e:
        data.load(r["name"], tmp_data)
    assert (e.value.row, e.value.field) == (rows_expect, f["name"]), str(e.value)


def test_an_unknown_constraint_keyword_or_type_is_refused(tmp_data):
    p = tmp_data / "datapackage.json"
    d = json.loads(p.read_text(encoding="utf-8"))
    d["resources"][0]["schema"]["fields"][0]["constraints"]["maxItems"] = 3
    p.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(DataError, match="table sources, field id: the constraint maxItems is "
                                        "not one the course's loader enforces"):
        data.load("sources", tmp_data)
    d["resources"][0]["schema"]["fields"][0]["constraints"].pop("maxItems")
    d["resources"][0]["schema"]["fields"][0]["type"] = "year"
    p.write_text(json.dumps(d, indent=1), encoding="utf-8")
    with pytest.raises(DataError, match="the type 'year' is not one"):
        data.load("sources", tmp_data)


# --- one kernel, files edited meanwhile -----------------------------------------------------


def used_source(tmp_data):
    """A source id that events cite and no table events depends on does."""
    cited = [s for ids in data.load("events", tmp_data)["source_ids"] for s in data.split_ids(ids)]
    others = {s for ids in data.load("actors", tmp_data)["source_ids"] for s in data.split_ids(ids)}
    return next(s for s in cited if s not in others)


def test_validation_follows_the_current_files(tmp_data):
    """Rename a source id that events cite: events no longer loads, in the same process."""
    sid = used_source(tmp_data)
    data.load("events", tmp_data)
    rewrite(tmp_data / "sources.csv",
            lambda rows: [r.__setitem__(0, "renamed-" + sid) for r in rows if r[0] == sid])
    with pytest.raises(DataError, match=rf"data/events.csv, row \d+, field 'source_ids': "
                                        rf"'{sid}' is not an id in sources.csv"):
        data.load("events", tmp_data)


def test_an_edited_descriptor_is_read_again(tmp_data):
    data.load("places", tmp_data)
    p = tmp_data / "datapackage.json"
    d = json.loads(p.read_text(encoding="utf-8"))
    places = next(r for r in d["resources"] if r["name"] == "places")
    next(f for f in places["schema"]["fields"] if f["name"] == "lat")["constraints"][
        "maximum"] = -90
    p.write_text(json.dumps(d, indent=2), encoding="utf-8")
    with pytest.raises(DataError, match="above the maximum -90"):
        data.load("places", tmp_data)


def test_the_cache_holds_one_version_per_table(tmp_data):
    p = tmp_data / "events.csv"
    text = p.read_text(encoding="utf-8")
    for n in range(4):
        p.write_text(text, encoding="utf-8")
        os.utime(p, ns=(n * 10**9, n * 10**9))
        data.load("events", tmp_data)
    mine = sorted(n for d, n in data._TABLES if d == tmp_data.resolve())
    assert mine == [n for n, _ in data._schema(tmp_data.resolve(), "events")[1]]


def test_a_table_changing_while_it_is_read_is_read_again(tmp_data, monkeypatch):
    p = tmp_data / "events.csv"
    full = p.read_bytes()
    real = type(p).read_bytes
    calls = []

    def half_saved(self):
        if self.name == "events.csv" and not calls:
            calls.append(1)
            os.utime(self, ns=(10**9, 10**9))  # the editor is still writing
            return full[: len(full) // 2]
        return real(self)

    monkeypatch.setattr(type(p), "read_bytes", half_saved)
    assert len(data.load("events", tmp_data)) == len(data.load("events"))


# --- what spreadsheets and editors write ---------------------------------------------------


def test_semicolon_separated_file(tmp_data):
    rewrite(tmp_data / "events.csv", lambda rows: None, delimiter=";")
    with pytest.raises(DataError, match=r"data/events.csv, row 1: the cells are separated by "
                                        r"';', not ','.*CSV UTF-8 \(comma-delimited\)"):
        data.load("events", tmp_data)


def test_trailing_comma_on_every_row(tmp_data):
    rewrite(tmp_data / "events.csv", lambda rows: [r.append("") for r in rows])
    with pytest.raises(DataError, match=r"data/events.csv, row 1: the header row ends with a "
                                        r"comma"):
        data.load("events", tmp_data)


def test_trailing_comma_on_one_row(tmp_data):
    rewrite(tmp_data / "events.csv", lambda rows: rows[3].append(""))
    with pytest.raises(DataError, match=r"data/events.csv, row 4: the row ends with 1 extra "
                                        r"comma\(s\); delete them"):
        data.load("events", tmp_data)


def test_reordered_columns_are_refused_by_the_loader_as_by_frictionless(tmp_data):
    rewrite(tmp_data / "places.csv", lambda rows: [r.insert(0, r.pop(1)) for r in rows])
    with pytest.raises(DataError, match=r"data/places.csv, row 1, field 'name': the columns are "
                                        r"in another order than the descriptor's \(column 1 is "
                                        r"'name'\); move them back: the header must be: id,name,"):
        data.load("places", tmp_data)


def test_header_with_a_leading_space(tmp_data):
    edit(tmp_data / "events.csv", "id,date,", "id, date,")
    with pytest.raises(DataError, match=r"data/events.csv, row 1, field 'date': the column name "
                                        r"' date' has a space at its start or end"):
        data.load("events", tmp_data)


@pytest.mark.parametrize("closing", [False, True], ids=["to-the-end", "closed-rows-later"])
def test_unclosed_quote_is_reported_where_it_opens(tmp_data, closing):
    p = tmp_data / "actors.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    # five rows with no quotes in them, so that nothing else closes the quote
    i = next(i for i in range(1, len(lines) - 5) if '"' not in "".join(lines[i:i + 5]))
    cells = next(csv.reader([lines[i]]))
    name = header.index("name")
    cells[name] = '"' + cells[name]
    lines[i] = ",".join(cells) + "\n"
    if closing:  # a quote at the end of a later row closes it: one cell swallows five rows
        lines[i + 4] = lines[i + 4].rstrip("\n") + '"\n'
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=rf"data/actors.csv, row {i + 1}, field 'name': a quote "
                                        r"\(\"\) opens a cell here and is not closed on this row "
                                        rf"\(the cell runs on to row {i + 5 if closing else ''}"):
        data.load("actors", tmp_data)


def test_stray_quote_inside_a_cell(tmp_data):
    p = tmp_data / "events.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = next(csv.reader([lines[2]]))
    lines[2] = ",".join([cells[0], f'"{cells[1]}"x', *cells[2:]]) + "\n"
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"data/events.csv, row 3, field 'date': a quote"):
        data.load("events", tmp_data)


def test_blank_trailing_rows_are_refused_by_the_loader_as_by_frictionless(tmp_data):
    from frictionless import Package

    p = tmp_data / "events.csv"
    p.write_text(p.read_text(encoding="utf-8") + ",,,,,,,,,\n\n", encoding="utf-8")
    n = len(p.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataError, match=rf"data/events.csv, row {n - 1}: this row is empty; "
                                        r"delete it"):
        data.load("events", tmp_data)
    report = Package(str(tmp_data / "datapackage.json")).get_resource("events").validate()
    assert not report.valid


def test_valid_csv_from_spreadsheets_is_accepted_by_the_loader_and_frictionless(tmp_data):
    """Excel's 'CSV UTF-8': a BOM, CRLF line ends; every cell quoted; a line separator
    (U+2028) and a line break inside a quoted cell. All valid CSV: accepted, same values."""
    from frictionless import Package

    p = tmp_data / "sources.csv"
    before = data.load("sources", tmp_data)

    def change(rows):
        note = rows[0].index("note")
        rows[1][note] = "first\u2028second"
        rows[2][note] = "first line\r\nsecond line"

    rewrite(p, change, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    after = data.load("sources", tmp_data)
    assert after.iloc[0]["note"] == "first\u2028second"
    assert after.iloc[1]["note"] == "first line\r\nsecond line"
    pd.testing.assert_frame_equal(after.drop(columns="note").iloc[:5],
                                  before.drop(columns="note").iloc[:5])
    report = Package(str(tmp_data / "datapackage.json")).get_resource("sources").validate()
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:3]
    ev = data.load("events", tmp_data)  # row numbers stay those an editor shows
    assert len(ev) == len(data.load("events"))


def test_a_line_separator_in_an_unquoted_cell_is_not_a_line_break(tmp_data):
    """U+2028 needs no quotes in CSV (only CR and LF end a row); Python's csv writes it bare."""
    p = tmp_data / "sources.csv"
    rewrite(p, lambda rows: rows[3].__setitem__(rows[0].index("note"), "a\u2028b"))
    assert p.read_text(encoding="utf-8").split("\n")[3].endswith(",a\u2028b")  # bare
    assert data.load("sources", tmp_data).iloc[2]["note"] == "a\u2028b"
    from frictionless import Package

    report = Package(str(tmp_data / "datapackage.json")).get_resource("sources").validate()
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:3]
    rewrite(p, lambda rows: rows[5].__setitem__(rows[0].index("date"), "soon"))
    with pytest.raises(DataError, match="data/sources.csv, row 6, field 'date'"):
        data.load("sources", tmp_data)


def test_row_numbers_count_lines_with_crlf(tmp_data):
    p = tmp_data / "events.csv"
    rewrite(p, lambda rows: rows[4].__setitem__(1, "1994/05/12"), lineterminator="\r\n")
    with pytest.raises(DataError, match=r"data/events.csv, row 5, field 'date'"):
        data.load("events", tmp_data)


def test_a_data_error_shows_as_one_line_in_ipython(tmp_data, capsys):
    """IPython prints ``_render_traceback_``'s lines instead of a traceback."""
    from IPython.core.interactiveshell import InteractiveShell

    set_cell(tmp_data / "places.csv", 2, "lat", "north")
    shell = InteractiveShell.instance()
    shell.user_ns.update(data=data, where=tmp_data)
    capsys.readouterr()
    shell.run_cell("data.load('places', where)")
    out = capsys.readouterr()
    text = (out.out + out.err).strip()
    assert text == "DataError: data/places.csv, row 2, field 'lat': 'north' is not a number: " \
                   "digits with at most one decimal point, no separators or spaces", text


def test_course_cached_follows_the_tables_and_stand_ins(monkeypatch):
    """A function cached by the course's tables runs once per version of them, gives each
    caller its own copy, and runs afresh while data.load stands in other tables."""
    calls = []

    @data.course_cached("events")
    def events():
        calls.append(1)
        return data.load("events")

    a, b = events(), events()
    assert len(calls) == 1 and a.equals(b) and a is not b
    real = data.version
    monkeypatch.setattr(data, "version", lambda name: ("another version", real(name)))
    events()
    assert len(calls) == 2
    monkeypatch.setattr(data, "load", lambda name, data_dir=None: f"stand-in {name}")
    assert events() == "stand-in events" and events() == "stand-in events"
    assert len(calls) == 4
