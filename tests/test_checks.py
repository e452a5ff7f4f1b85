"""Learner-facing checks: a tick or a hint, never a traceback."""

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from karabakh_course import checks  # noqa: E402
from karabakh_course.checks import AnswerError, check, evaluate, figure, frame, value  # noqa: E402


def test_value_checker():
    c = value(lambda: 39)
    assert c(39) is None
    assert c(39.0) is None
    assert "too high" in c(40)
    assert "expected a number" in c("39")
    assert "NaN" in c(float("nan"))
    assert value(lambda: "Pakistan")(" pakistan ") is None
    assert "expected a text" in value(lambda: "Pakistan")(3)
    s = value(lambda: {"FRA", "RUS", "USA"})
    assert s(["USA", "RUS", "FRA"]) is None
    assert "1 missing" in s(["USA", "RUS"])
    assert "not a single text" in s("FRA")


def test_frame_checker():
    want = pd.Series({"a": 2, "b": 1})
    c = frame(lambda: want)
    assert c(pd.Series({"b": 1, "a": 2})) is None
    assert "expected 2 rows" in c(pd.Series({"a": 2}))
    assert "some values" in c(pd.Series({"a": 1, "b": 2}))
    assert "expected a pandas Series" in c([2, 1])
    df = pd.DataFrame({"x": [1, 2], "y": ["p", "q"]})
    d = frame(lambda: df)
    assert d(df.iloc[::-1]) is None
    assert "missing column" in d(df[["x"]])


def test_value_checker_names_the_type_of_a_near_miss():
    c = value(lambda: 10)
    assert c(np.int64(10)) is None and c(pd.Series([10])) is None
    assert "take its .days" in c(pd.Timedelta(days=10))
    assert "take its .days" in c(np.timedelta64(10, "D"))
    assert "a Series of 2 values" in c(pd.Series([10, 1]))
    s = value(lambda: {"a", "b"})
    assert s(pd.DataFrame({"x": ["a", "b"]})) is None
    assert "DataFrame with 2 columns" in s(pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}))


def test_frame_checker_takes_the_same_table_in_another_shape():
    want = pd.Series({"a": 2, "b": 1}).rename_axis("k")
    c = frame(lambda: want)
    assert c(want.reset_index(name="n")) is None
    assert "some values" in c(pd.DataFrame({"k": ["a", "b"], "n": [1, 2]}))
    assert "DataFrame with 3 columns" in c(want.reset_index(name="n").assign(z=0))
    df = pd.DataFrame({"x": [1, 2], "y": ["p", "q"], "n": [5, 6]})
    d = frame(lambda: df)
    assert d(df.set_index(["x", "y"])) is None
    assert d(df.set_index(["x", "y"])["n"]) is None
    assert "some values" in d(df.assign(n=[6, 5]).set_index(["x", "y"])["n"])
    assert "expected a pandas DataFrame, got Series" in d(df["n"])


def test_figure_checker():
    c = figure(kind="bar", count=2, heights=lambda: [3, 1])
    fig, ax = plt.subplots()
    assert "no chart with data" in c(fig)
    ax.bar(["a", "b"], [1, 3])
    assert "title" in c(fig)
    ax.set_title("t")
    assert c(fig) is None
    assert c(ax) is None
    fig2, ax2 = plt.subplots()
    ax2.bar(["a", "b", "c"], [1, 2, 3])
    assert "expected 2 bars" in c(fig2)
    assert "expected a matplotlib Figure" in c("a chart")
    plt.close("all")


COUNTS = pd.Series({"a": 3, "b": 0, "c": 1}, name="n")


def _ax():
    return plt.subplots()[1]


def _axes_method(name, **kw):
    def draw():
        ax = _ax()
        getattr(ax, name)(COUNTS.index, COUNTS.to_numpy(), **kw)
        ax.set_title("t")
        return ax
    return draw


def _pyplot(name):
    def draw():
        plt.figure()
        getattr(plt, name)(list(COUNTS.index), COUNTS)
        plt.title("t")
        return plt.gcf()
    return draw


# Every way a learner may draw the bars of COUNTS (one of them 0), vertical and horizontal.
DRAWINGS = {
    "ax.bar": _axes_method("bar"),
    "ax.barh": _axes_method("barh"),
    "thin ax.bar": _axes_method("bar", width=0.1),
    "thick ax.barh": _axes_method("barh", height=0.9),
    "plt.bar": _pyplot("bar"),
    "plt.barh": _pyplot("barh"),
    "Series.plot.bar": lambda: COUNTS.plot.bar(ax=_ax(), title="t"),
    "Series.plot.barh": lambda: COUNTS.plot.barh(ax=_ax(), title="t"),
    "Series.plot(kind='bar')": lambda: COUNTS.plot(kind="bar", ax=_ax(), title="t"),
    "Series.plot(kind='barh')": lambda: COUNTS.plot(kind="barh", ax=_ax(), title="t"),
    "DataFrame.plot.bar": lambda: COUNTS.to_frame().plot.bar(ax=_ax(), title="t").figure,
    "DataFrame.plot.barh": lambda: COUNTS.to_frame().plot.barh(ax=_ax(), title="t").figure,
    "DataFrame.plot(kind='barh', x=, y=)": lambda: COUNTS.reset_index().plot(
        kind="barh", x="index", y="n", ax=_ax(), title="t"),
}


@pytest.mark.parametrize("drawing", DRAWINGS, ids=list(DRAWINGS))
def test_figure_checker_reads_bars_along_their_value_axis(drawing):
    answer = DRAWINGS[drawing]()
    assert figure(kind="bar", count=3, heights=lambda: [3, 0, 1])(answer) is None
    wrong = figure(kind="bar", count=3, heights=lambda: [3, 1, 1])(answer)
    assert wrong and "values are not" in wrong
    assert "values are not" in figure(kind="bar", heights=lambda: [0.5, 0.5, 0.5])(answer)
    plt.close("all")


def test_figure_checker_sees_a_chart_of_zero_bars_and_ignores_error_bars():
    ax = _ax()
    ax.bar(["a", "b"], [0, 0], yerr=[1, 1])
    ax.set_title("t")
    assert figure(kind="bar", count=2, heights=lambda: [0, 0])(ax.figure) is None
    assert "values are not" in figure(kind="bar", count=2, heights=lambda: [1, 1])(ax.figure)
    plt.close("all")


@pytest.mark.parametrize("name", ["bar", "barh"])
def test_figure_checker_without_a_recorded_orientation_reads_the_sticky_edge(name):
    ax = _ax()
    bars = getattr(ax, name)(["a", "b"], [4, 0], 0.8)
    bars.orientation = None  # as a container built by hand, or an older matplotlib, has it
    ax.set_title("t")
    assert figure(kind="bar", heights=lambda: [4, 0])(ax) is None
    assert "values are not" in figure(kind="bar", heights=lambda: [0.8, 0.8])(ax)
    plt.close("all")


def test_check_prints_a_line_never_a_traceback(capsys, monkeypatch):
    monkeypatch.delenv("COURSE_GRADING", raising=False)
    checks.question("zz-test-boom")(lambda a: 1 / 0)
    assert check("zz-test-boom", 5) is None
    out = capsys.readouterr().out
    assert out.startswith(checks.NOT_YET) and "could not be checked" in out
    check("zz-test-boom", ...)
    assert "replace the `...`" in capsys.readouterr().out


def test_unknown_question_lists_the_lessons_questions():
    r = evaluate("00-nope", 1)
    assert not r.correct and "00-count-sources" in r.message


def test_grading_mode_raises(monkeypatch):
    monkeypatch.setenv("COURSE_GRADING", "1")
    with pytest.raises(AnswerError):
        check("00-count-sources", -1)


def test_every_registered_question_has_a_kind_and_rejects_the_placeholder():
    qs = checks.questions()
    assert qs
    for qid, q in qs.items():
        if qid.startswith("zz-"):
            continue
        assert q.kind in {"value", "frame", "figure", "custom"}
        # The exercise's `...` gets the placeholder hint, not some checker's type complaint ...
        r = evaluate(qid, ...)
        assert not r.correct and r.message == checks.PLACEHOLDER_HINT, qid
        # ... and the checker itself, reached directly, turns it down too.
        hint = q.checker(...)
        assert isinstance(hint, str) and hint, f"{qid}: its checker accepts the placeholder"


def test_question_ids_are_unique():
    checks.question("zz-test-twice")(value(lambda: 1))
    with pytest.raises(ValueError, match="registered twice"):
        checks.question("zz-test-twice")(value(lambda: 2))


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no message either")


def test_an_exception_whose_str_fails_does_not_escape(capsys, monkeypatch):
    monkeypatch.delenv("COURSE_GRADING", raising=False)

    def boom(answer):
        raise Unprintable()

    checks.question("zz-test-unprintable")(boom)
    check("zz-test-unprintable", 5)
    out = capsys.readouterr().out
    assert out.startswith(checks.NOT_YET) and "could not be checked (Unprintable" in out


def test_none_gets_its_own_hint():
    r = evaluate("00-count-sources", None)
    assert not r.correct and "None" in r.message and r.message != checks.PLACEHOLDER_HINT
    assert "`...`" not in r.message
    assert evaluate("00-count-sources", ...).message == checks.PLACEHOLDER_HINT


def endless():
    n = 0
    while True:
        n += 1
        yield n


def test_an_endless_iterator_is_not_read_to_its_end():
    checks.question("zz-test-set")(value(lambda: {1, 2, 3}))
    assert not evaluate("zz-test-set", endless()).correct
    assert "more than" in evaluate("zz-test-set", endless()).message
    assert "more than" in evaluate("zz-test-set", range(10**12)).message
    assert evaluate("zz-test-set", (i for i in [3, 2, 1])).correct

    class Endless:  # iterable but not an iterator: the set checker bounds it too
        def __iter__(self):
            return endless()

    assert "more than" in evaluate("zz-test-set", Endless()).message
    seen = []
    checks.question("zz-test-custom")(lambda a: seen.append(type(a)) or "no")
    assert "more than" in evaluate("zz-test-custom", endless()).message and not seen


@pytest.mark.parametrize("setting", ["1", "true", "TRUE", "yes", "On", " y "])
def test_grading_accepts_the_usual_true_values(monkeypatch, setting):
    monkeypatch.setenv("COURSE_GRADING", setting)
    with pytest.raises(AnswerError):
        check("00-count-sources", -1)


@pytest.mark.parametrize("setting", ["", "0", "false", "no", "off"])
def test_grading_is_off_for_false_values(monkeypatch, setting, capsys):
    monkeypatch.setenv("COURSE_GRADING", setting)
    check("00-count-sources", -1)
    assert capsys.readouterr().out.startswith(checks.NOT_YET)


def broken_data():
    from karabakh_course.data import DataError

    raise DataError("data/events.csv", "'x' is not a date", row=3, field="date")


def test_a_data_error_inside_a_check_is_the_datas_fault(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_GRADING", raising=False)
    checks.question("zz-test-data")(value(broken_data))
    check("zz-test-data", 3)
    out = capsys.readouterr().out
    assert out.startswith(checks.NOT_YET)
    assert "problem in the course's data, not in your answer" in out
    assert "data/events.csv, row 3, field 'date'" in out and "Check its type" not in out
    monkeypatch.setenv("COURSE_GRADING", "1")
    with pytest.raises(checks.CourseError) as e:
        check("zz-test-data", 3)
    assert not isinstance(e.value, AnswerError)
    assert type(e.value.__cause__).__name__ == "DataError"


def test_one_verdict_in_words_and_colour_without_emoji(capsys, monkeypatch):
    """A check shows its verdict once (it returns None, so the cell shows no second value), in
    words, with marks DejaVu Sans has, coloured by the theme's variables in both themes."""
    monkeypatch.delenv("COURSE_GRADING", raising=False)
    checks.question("zz-test-two", "correct: two.")(value(lambda: 2))
    assert check("zz-test-two", 2) is None
    assert check("zz-test-two", 3) is None
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["✓ Correct [zz-test-two] two.", "✗ Not yet [zz-test-two] 3 is too high."]
    for r in (evaluate("zz-test-two", 2), evaluate("zz-test-two", 3)):
        page = r._repr_html_()
        assert ("Correct" if r.correct else "Not yet") in page
        assert "var(--jp-success-color0" in page if r.correct else "var(--jp-warn-color0" in page
        assert "background" not in page  # the dark theme would not repaint a fill
        assert repr(r) == r.line()
        assert not any(0x1F000 <= ord(ch) or 0x2700 <= ord(ch) <= 0x27BF and ch not in "✓✗"
                       for ch in r.line() + page), "an emoji needs an emoji font"


def test_a_notebook_gets_one_rich_verdict(monkeypatch):
    shown = []
    monkeypatch.setattr(checks, "_show", shown.append)
    checks.question("zz-test-rich")(value(lambda: 1))
    assert check("zz-test-rich", 1) is None
    assert len(shown) == 1 and shown[0].correct


def test_progress_counts_this_sessions_checks(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_GRADING", raising=False)
    monkeypatch.setattr(checks, "_SESSION", {})
    ids = sorted(q for q in checks.questions() if q.startswith("00-"))
    assert checks.progress_line("00").startswith(f"Your progress in lesson 00: 0 of {len(ids)}")
    check(ids[0], ...)
    assert f"Not yet: {ids[0]}." in checks.progress_line("00")
    checks.question("zz-test-p")(value(lambda: 1))
    check("zz-test-p", 1)
    assert checks.progress_line("zz") .startswith("Your progress in lesson zz: 1 of")
    with pytest.raises(checks.ArgumentError, match="Valid values: 00, 01"):
        checks.progress_line("1")
