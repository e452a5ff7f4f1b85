"""Measure what the course costs: run by ``make bench`` (not part of ``make test``).

Five measurements, side by side in one run; the figures go to a table on stdout and to one row
appended to ``bench/results.csv`` (with the date and git commit, so later runs compare):

1. **Collection overhead.** The notebooks are executed as ``make test`` executes them: the
   pytest command of ``make test`` (``pytest -n 2 --dist loadscope``, offline) over
   ``tests/test_derived.py``, whose fixture executes every lesson, solution and generated
   exercise once (tools/execute.py, two kernels at a time) and compares them with the stored
   files. The *baseline* is as many generated notebooks (each imports pandas, matplotlib.pyplot
   and ipywidgets and draws one empty figure, nothing from the course), executed by the same
   function under the same command. Reported: both wall times and their ratio (goal: at most
   1.3).
2. **Lessons.** Restart-and-run-all of each lesson with nbclient in a fresh kernel (kernel
   start included), the median of ``--runs`` runs, one lesson at a time; also the slowest cell.
   Goal: at most 5 s median on 2 cores.
3. **Widgets.** Every widget of ``karabakh_course.widgets.registry()`` is updated with each of
   its example inputs: the view opens first (one untimed render with its controls' values, as
   when its cell runs; its CPU time is reported), then the *first render* of each example
   (nothing of that example computed before in this process; an example equal to the opening
   values is left out of these; one untimed call of another widget has warmed matplotlib),
   then ``--repeats`` calls more. Reported per widget: the first render's p95 over its
   examples (the goal: at most 50 ms for every chart widget), the median and p95 of all calls,
   and the CPU time's median (``time.process_time``, which other work on a shared machine
   inflates less than the wall clock).
   **Browser** (``--only browser``, or part of a full run when Chromium and the browser group
   are installed): JupyterLab in headless Chromium, driven as in tests/browser; each lesson is
   run, then every widget view gets its actions: three choices of the next option of its first
   dropdown; on its last slider handle three arrow keys one at a time, three in a row and a
   drag (tests/browser/labdriver.py ``action_to_output``). Each is timed in the page, from the
   action (a drag: the release) to the frame in which its output (text or chart) last changed,
   once it has stayed the same for 0.4 s. Median and p95 per widget; goals 150 ms and 300 ms.
4. **Setup** (only with ``--setup``, or ``BENCH_SETUP=1 make bench``: about a minute, and it
   needs the package registry). ``pip install --no-cache-dir --require-hashes -r
   requirements/runtime.txt`` (what ``make lab`` and Binder install) into a fresh temporary
   venv: time and size of the venv; the runtime group's direct dependencies (pyproject's
   dependencies plus the extra ``lab``) and all its pinned ones. Without the flag
   the last saved figures are shown, marked "(saved)".
5. **Data.** In a fresh process: importing the package, then loading every table through
   ``kc.load`` (cold, median of three processes); and validating ``data/datapackage.json``
   with frictionless.

    python tools/bench.py                 # everything but setup
    python tools/bench.py --setup         # everything
    python tools/bench.py --only widgets,data --no-save
    python tools/bench.py --only widgets --widgets year,timeline --no-save
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from course_files import write_atomic

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
BIN = Path(sys.executable).parent  # the course's .venv when run by `make bench`
RESULTS = ROOT / "bench" / "results.csv"
FOLDERS = ("notebooks", "solutions", "exercises")
PARTS = ("overhead", "lessons", "widgets", "browser", "setup", "data")
GOALS = {"overhead_ratio": 1.3, "lesson_median_s": 5.0, "widget_p95_ms": 50.0,
         "browser_median_ms": 150.0, "browser_p95_ms": 300.0}
# Kernel environment of tools/execute.py (reproducible outputs), used for the lessons too.
KERNEL_ENV = {"TZ": "UTC", "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

BASELINE_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets",
    "fig, ax = plt.subplots()\nplt.show()",
]


# --- helpers -----------------------------------------------------------------------------------


def notebooks(folder: str) -> list[Path]:
    return sorted((ROOT / folder).glob("[0-9][0-9]-*.ipynb"))


def median(xs) -> float:
    return statistics.median(xs)


def p95(xs) -> float:
    """The 95th percentile (linear interpolation between order statistics)."""
    xs = sorted(xs)
    k = (len(xs) - 1) * 0.95
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def timed_run(cmd: list[str], **kw) -> float:
    """Run a command to completion (raising on failure); return its wall time in seconds."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"bench: command failed ({proc.returncode}): {' '.join(cmd)}")
    return secs


def git_commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                            ":!bench/results.csv"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()  # the results file itself does not count
    return out + ("+dirty" if dirty else "") if out else "unknown"


def browser_ready() -> bool:
    import importlib.util
    import shutil

    return bool(importlib.util.find_spec("playwright")
                and (os.environ.get("COURSE_CHROMIUM") or shutil.which("chromium")))


def log(msg: str) -> None:
    print(f"  {msg}", file=sys.stderr, flush=True)


# --- 1. collection overhead --------------------------------------------------------------------


def pytest_cmd(paths) -> list[str]:
    """The command `make test` runs (see the Makefile), over ``paths``."""
    return [str(ROOT / "tools" / "offline.sh"), sys.executable, "-m", "pytest", "-q", "-n", "2",
            "--dist", "loadscope", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
            *map(str, paths)]


BASELINE_TEST = """
from pathlib import Path

from execute import execute_all

HERE = Path(__file__).parent


def test_baseline_notebooks(tmp_path):
    out = execute_all(sorted((HERE / "nb").glob("*.ipynb")), tmp_path)
    assert len(out) == {n}
"""


def make_baseline(folder: Path, n: int) -> list[Path]:
    """``n`` baseline notebooks in ``folder`` (no outputs; executed by the test)."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(src) for src in BASELINE_CELLS]
        path = folder / f"{i:02d}-baseline.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def bench_overhead() -> dict:
    """Wall time of `make test`'s notebook step (tests/test_derived.py) and of the same
    executor over as many baseline notebooks, under the same pytest command."""
    n = len(notebooks("notebooks") + notebooks("solutions") + notebooks("exercises"))
    # Inside tests/, so that tests/conftest.py puts tools/ on the path as for test_derived.
    with tempfile.TemporaryDirectory(prefix="bench-baseline-", dir=ROOT / "tests") as tmp:
        log(f"generating {n} baseline notebooks")
        make_baseline(Path(tmp) / "nb", n)
        test = Path(tmp) / "test_baseline.py"
        write_atomic(test, BASELINE_TEST.format(n=n))
        log("baseline notebooks, executed as make test executes the course's")
        base = timed_run(pytest_cmd([test]), cwd=ROOT)
    log("course notebooks: tests/test_derived.py")
    course = timed_run(pytest_cmd([ROOT / "tests" / "test_derived.py"]), cwd=ROOT)
    return {"n_notebooks": n, "course_s": round(course, 2), "baseline_s": round(base, 2),
            "overhead_ratio": round(course / base, 2)}


# --- 2. lessons ----------------------------------------------------------------------------------


def run_lesson(path: Path) -> tuple[float, int, float]:
    """Restart and run all in a fresh kernel; (wall seconds, slowest cell's index, its s)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=True, store_widget_state=True)
    t0 = time.perf_counter()
    client.execute()
    secs = time.perf_counter() - t0
    slowest, slowest_s = -1, 0.0
    for i, cell in enumerate(nb.cells):
        t = cell.metadata.get("execution", {})
        if "iopub.execute_input" in t and "shell.execute_reply" in t:
            d = (dt.datetime.fromisoformat(t["shell.execute_reply"].replace("Z", "+00:00"))
                 - dt.datetime.fromisoformat(t["iopub.execute_input"].replace("Z", "+00:00")))
            if d.total_seconds() > slowest_s:
                slowest, slowest_s = i, d.total_seconds()
    return secs, slowest, slowest_s


def bench_lessons(runs: int) -> dict:
    saved_env = dict(os.environ)
    os.environ.update(KERNEL_ENV)  # kernels inherit it
    os.environ.pop("MPLBACKEND", None)
    try:
        return {path.stem[:2]: _bench_lesson(path, runs) for path in notebooks("notebooks")}
    finally:
        os.environ.clear()
        os.environ.update(saved_env)


def _bench_lesson(path: Path, runs: int) -> dict:
    times, slow = [], []
    for _ in range(runs):
        secs, cell, cell_s = run_lesson(path)
        times.append(secs)
        slow.append((cell_s, cell))
    cell_s, cell = sorted(slow)[len(slow) // 2]
    log(f"lesson {path.stem}: {median(times):.2f} s median of {runs}")
    return {"median_s": round(median(times), 2), "max_s": round(max(times), 2),
            "slowest_cell": cell, "slowest_cell_s": round(cell_s, 2)}


# --- 3. widgets ----------------------------------------------------------------------------------


def opening_values(spec, widgets) -> dict:
    """The values a view of ``spec`` opens with (as ``widgets.view`` sets its controls): each
    control's default, a dropdown's first option when it names none."""
    out = {}
    for key, c in spec.controls().items():
        if isinstance(c, widgets.Dropdown) and c.value is None:
            o = c.options[0]
            out[key] = o[1] if isinstance(o, tuple) else o
        else:
            out[key] = c.value
    return out


def bench_widgets(repeats: int, names=None) -> dict:
    """Per widget (all, or those in ``names``): first render of each example, then repeats."""
    import matplotlib

    matplotlib.use("Agg")  # in this process only: kernels started later keep their default
    from karabakh_course import widgets

    every = sorted(widgets.registry().items())
    specs = every
    if names:
        if unknown := set(names) - {n for n, _ in every}:
            raise SystemExit(f"bench: no widget {', '.join(sorted(unknown))}")
        specs = [(n, s) for n, s in every if n in names]
    # Warm matplotlib (fonts, first figure) once: the last example of a widget not benchmarked,
    # if any (else of the widget benchmarked last), so the first renders stay first.
    warm = [s for n, s in every if n not in dict(specs)] or [specs[-1][1]]
    warm[-1].update(**warm[-1].examples[-1])
    out = {}
    for name, spec in specs:
        first, times, cpu, first_cpu = [], [], [], []
        charted = False
        # The view opens first, with its controls' values, as when its cell runs (its figure
        # is built then); an example with those values has been rendered, so it is left out of
        # the first renders (unless every example has them).
        opening = opening_values(spec, widgets)
        c0 = time.process_time()
        spec.update(**opening)
        widgets.settle()  # as widgets.view does after the opening render
        open_cpu = (time.process_time() - c0) * 1000
        fresh = [e for e in spec.examples if e != opening] or spec.examples
        for example in fresh:  # the first render of each example
            c0, t0 = time.process_time(), time.perf_counter()
            result = spec.update(**example)
            first.append((time.perf_counter() - t0) * 1000)
            first_cpu.append((time.process_time() - c0) * 1000)
            assert isinstance(result, widgets.Rendered)
            charted = charted or result.png is not None
        times += first
        cpu += first_cpu
        for example in spec.examples:
            for _ in range(repeats):
                c0, t0 = time.process_time(), time.perf_counter()
                spec.update(**example)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        out[name] = {"open_cpu_ms": round(open_cpu, 1), "first_p95_ms": round(p95(first), 1),
                     "first_cpu_p95_ms": round(p95(first_cpu), 1),
                     "load": round(os.getloadavg()[0], 1), "median_ms": round(median(times), 1),
                     "p95_ms": round(p95(times), 1), "cpu_median_ms": round(median(cpu), 1),
                     "calls": len(times), "chart": int(charted)}
    return out


# --- 3b. browser: action to output ---------------------------------------------------------------


def bench_browser(only=None) -> dict:
    """Each lesson (or those numbered in ``only``) in JupyterLab in headless Chromium: every
    widget's action-to-output times."""
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import browser_setup
    import labdriver
    import nbformat
    from playwright.sync_api import sync_playwright

    from karabakh_course import widgets

    by_question = {spec.question: name for name, spec in widgets.registry().items()}
    lessons = [p for p in notebooks("notebooks") if not only or p.stem[:2] in only]
    samples: dict[str, list[float]] = {}
    kinds: dict[str, set] = {}
    with labdriver.lab_server(trust=lessons) as (base, token, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_setup.find_chromium(),
                                    args=labdriver.ARGS)
        try:
            for path in lessons:
                nb = nbformat.read(path, as_version=4)
                if not any("widgets.view" in c.source for c in nb.cells):
                    continue
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                try:
                    labdriver.open_notebook(page, base, token, f"notebooks/{path.name}")
                    labdriver.run_all(page, sum(c.cell_type == "code" for c in nb.cells))
                    page.wait_for_timeout(1000)
                    for row in labdriver.action_to_output(page, actions=3, keys=3):
                        q = row["question"].removeprefix("Question:").strip()
                        name = by_question.get(q, q[:40] or "unnamed")
                        samples.setdefault(name, []).append(row["ms"])
                        kinds.setdefault(name, set()).add(row["kind"])
                        log(f"browser: {name}: {row['kind']}: {row['ms']:.0f} ms")
                    log(f"browser: {path.stem}")
                except Exception as e:  # one lesson failing does not lose the others
                    log(f"browser: {path.stem} not measured: {str(e).splitlines()[0]}")
                finally:
                    page.close()
        finally:
            browser.close()
    return {name: {"median_ms": round(median(xs), 1), "p95_ms": round(p95(xs), 1),
                   "actions": len(xs)} for name, xs in sorted(samples.items())}


# --- 4. setup ------------------------------------------------------------------------------------


def dependency_counts() -> tuple[int, int]:
    """(direct, total) of the runtime group: pyproject's dependencies and extra lab; its pins."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project.get("optional-dependencies", {})
    direct = {*project["dependencies"], *extras.get("lab", [])}
    pins = [line for line in RUNTIME_LOCK.read_text().splitlines()
            if line.strip() and not line[0].isspace() and not line.startswith(("#", "-"))]
    return len(direct), len(pins)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def bench_setup() -> dict:
    base_python = getattr(sys, "_base_executable", sys.executable)
    with tempfile.TemporaryDirectory(prefix="course-venv-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
        log("pip install --no-cache-dir --require-hashes -r requirements/runtime.txt "
            "into a fresh venv")
        secs = timed_run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          "--no-cache-dir", "--require-hashes", "-r", str(RUNTIME_LOCK)],
                         env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        size = dir_size(venv)
    direct, total = dependency_counts()
    return {"install_s": round(secs, 1), "venv_mb": round(size / 2**20),
            "deps_direct": direct, "deps_total": total}


def saved_setup() -> dict | None:
    """The setup figures of the latest saved run that measured them."""
    if not RESULTS.exists():
        return None
    with RESULTS.open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("setup_install_s")]
    if not rows:
        return None
    r = rows[-1]
    return {"install_s": float(r["setup_install_s"]), "venv_mb": int(float(r["setup_venv_mb"])),
            "deps_direct": int(r["setup_deps_direct"]), "deps_total": int(r["setup_deps_total"]),
            "saved": f"{r['date']} {r['commit']}"}


# --- 5. data -------------------------------------------------------------------------------------

LOAD_SCRIPT = """
import time
t0 = time.perf_counter()
import karabakh_course as kc
t1 = time.perf_counter()
for name in kc.data.table_names():
    kc.load(name)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""

VALIDATE_SCRIPT = """
import time
t0 = time.perf_counter()
from frictionless import Package
report = Package("data/datapackage.json").validate()
assert report.valid, "frictionless finds errors in data/datapackage.json"
print(time.perf_counter() - t0)
"""


def bench_data(runs: int = 3) -> dict:
    imports, loads, validates = [], [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
        imports.append(float(out[0]))
        loads.append(float(out[1]))
    out = subprocess.run([sys.executable, "-c", VALIDATE_SCRIPT], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    validates.append(float(out))
    import karabakh_course as kc

    return {"tables": len(kc.data.table_names()), "import_s": round(median(imports), 3),
            "load_all_s": round(median(loads), 3), "frictionless_s": round(validates[0], 2)}


# --- report --------------------------------------------------------------------------------------


def flatten(results: dict) -> dict:
    """One CSV row: date, commit, then every figure as ``part_key`` (nested keys joined)."""
    row = {k: results[k] for k in ("date", "commit", "load_start", "load_end")}

    def walk(prefix, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}_{k}" if prefix else k, v)
        else:
            row[prefix] = value

    for part in PARTS:
        if part in results and not results[part].get("saved"):
            walk(part, results[part])
    for k in ("overhead_ratio", "widget_p95_ms", "lesson_worst_median_s", "browser_median_ms",
              "browser_p95_ms"):
        if k in results:
            row[k] = results[k]
    return row


def save(row: dict, path: Path = RESULTS) -> None:
    """Append ``row``; if it brings new columns, rewrite the file with the union of columns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    if path.exists():
        with path.open(newline="") as f:
            rows = list(csv.DictReader(f))
    columns = list(dict.fromkeys([k for r in rows for k in r] + list(row)))
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=columns)
    w.writeheader()
    w.writerows([*rows, row])
    write_atomic(path, buf.getvalue())


def mark(value: float, goal: float) -> str:
    return "ok" if value <= goal else "OVER GOAL"


def report(r: dict) -> str:
    lines = [f"Benchmark of {r['commit']} on {r['date']}, {os.cpu_count()} cores",
             f"(load average {r['load_start']} at the start, {r['load_end']} at the end; above "
             "the number of cores, other work shared the machine and times are inflated)", ""]
    if "setup" in r:
        s = r["setup"]
        note = f" (saved {s['saved']})" if s.get("saved") else ""
        lines += [f"setup{note}",
                  f"  pip install (no cache)   {s['install_s']:8.1f} s",
                  f"  venv size                {s['venv_mb']:8d} MB",
                  f"  dependencies             {s['deps_direct']:8d} direct, "
                  f"{s['deps_total']} in all", ""]
    elif r.get("setup_missing"):
        lines += ["setup: never measured; run `BENCH_SETUP=1 make bench`", ""]
    if "data" in r:
        d = r["data"]
        lines += ["data (fresh process)",
                  f"  import karabakh_course   {d['import_s']:8.3f} s",
                  f"  load all {d['tables']:2d} tables       {d['load_all_s']:8.3f} s",
                  f"  frictionless validate    {d['frictionless_s']:8.2f} s", ""]
    if "lessons" in r:
        lines += ["lessons: restart and run all (median, max; slowest cell)"]
        for num, x in r["lessons"].items():
            lines.append(f"  {num}  {x['median_s']:6.2f} s  {x['max_s']:6.2f} s   "
                         f"cell {x['slowest_cell']:2d}: {x['slowest_cell_s']:.2f} s")
        worst = r["lesson_worst_median_s"]
        lines += [f"  worst median {worst:.2f} s (goal {GOALS['lesson_median_s']} s: "
                  f"{mark(worst, GOALS['lesson_median_s'])})", ""]
    if "widgets" in r:
        lines += ["widgets: update + PNG     open cpu  first p95 (its cpu)    median      p95  "
                  "cpu med  calls  load"]
        for name, x in r["widgets"].items():
            lines.append(f"  {name:22s}{'*' if x.get('chart') else ' '} "
                         f"{x['open_cpu_ms']:6.1f} ms {x['first_p95_ms']:7.1f} ms "
                         f"({x['first_cpu_p95_ms']:6.1f} ms) "
                         f"{x['median_ms']:6.1f} ms {x['p95_ms']:6.1f} ms "
                         f"{x['cpu_median_ms']:6.1f} ms {x['calls']:5d}  {x['load']}")
        lines += ["  (* chart widget. open cpu: the view's opening render, with its controls' "
                  "values; first p95: of the first render of each other example, wall clock "
                  "and, in brackets, CPU time; load: the load average after the widget)",
                  f"  worst first-render p95 of a chart widget {r['widget_p95_ms']} ms (goal "
                  f"{GOALS['widget_p95_ms']:.0f} ms: "
                  f"{mark(r['widget_p95_ms'], GOALS['widget_p95_ms'])})", ""]
    if "browser" in r:
        lines += ["browser: action to updated output (JupyterLab, headless Chromium)",
                  "                            median      p95  actions"]
        for name, x in r["browser"].items():
            lines.append(f"  {name:24s} {x['median_ms']:7.1f} ms {x['p95_ms']:6.1f} ms "
                         f"{x['actions']:5d}")
        if r["browser"]:
            lines += [f"  worst median {r['browser_median_ms']} ms (goal "
                      f"{GOALS['browser_median_ms']:.0f} ms: "
                      f"{mark(r['browser_median_ms'], GOALS['browser_median_ms'])}), worst p95 "
                      f"{r['browser_p95_ms']} ms (goal {GOALS['browser_p95_ms']:.0f} ms: "
                      f"{mark(r['browser_p95_ms'], GOALS['browser_p95_ms'])})"]
        lines.append("")
    if "overhead" in r:
        o = r["overhead"]
        lines += [f"collection: {o['n_notebooks']} notebooks executed as make test does "
                  "(tests/test_derived.py, pytest -n 2)",
                  f"  course                   {o['course_s']:8.1f} s",
                  f"  baseline                 {o['baseline_s']:8.1f} s",
                  f"  ratio {o['overhead_ratio']} (goal at most {GOALS['overhead_ratio']}: "
                  f"{mark(o['overhead_ratio'], GOALS['overhead_ratio'])})"]
    if "overhead" in r:
        lines.append(f"overhead ratio: {r['overhead_ratio']}")
    if "widgets" in r:
        lines.append(f"widget p95 ms: {r['widget_p95_ms']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--setup", action="store_true",
                    help="also time a fresh install (about a minute; needs the registry)")
    ap.add_argument("--runs", type=int, default=3, help="runs per lesson (default 3)")
    ap.add_argument("--repeats", type=int, default=30,
                    help="calls per widget example (default 30)")
    ap.add_argument("--only", help=f"comma-separated subset of: {', '.join(PARTS)}")
    ap.add_argument("--lessons", help="comma-separated lesson numbers: the browser part "
                    "measures only these (e.g. --only browser --lessons 01,10)")
    ap.add_argument("--widgets", help="comma-separated widget names: the widgets part measures "
                    "only these (e.g. --only widgets --widgets year,timeline)")
    ap.add_argument("--no-save", action="store_true", help=f"do not append to {RESULTS.name}")
    args = ap.parse_args(argv)
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    if unknown := parts - set(PARTS):
        ap.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    if not args.setup:
        parts.discard("setup")
    if "browser" in parts and not args.only and not browser_ready():
        log("browser: skipped (needs Chromium and the browser group: make test-browser once)")
        parts.discard("browser")

    os.chdir(ROOT)
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    r: dict = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
               "commit": git_commit(), "load_start": round(os.getloadavg()[0], 1)}
    if "setup" in parts:
        r["setup"] = bench_setup()
    elif saved := saved_setup():
        r["setup"] = saved
    else:
        r["setup_missing"] = True
    if "data" in parts:
        log("data loading")
        r["data"] = bench_data()
    if "widgets" in parts:
        log("widgets")
        r["widgets"] = bench_widgets(args.repeats,
                                     args.widgets.split(",") if args.widgets else None)
        r["widget_p95_ms"] = max((x["first_p95_ms"] for x in r["widgets"].values()
                                  if x["chart"]), default=0.0)
    if "browser" in parts:
        log("browser: JupyterLab in headless Chromium")
        r["browser"] = bench_browser(args.lessons.split(",") if args.lessons else None)
        if r["browser"]:
            r["browser_median_ms"] = max(x["median_ms"] for x in r["browser"].values())
            r["browser_p95_ms"] = max(x["p95_ms"] for x in r["browser"].values())
    if "lessons" in parts:
        r["lessons"] = bench_lessons(args.runs)
        r["lesson_worst_median_s"] = max(x["median_s"] for x in r["lessons"].values())
    if "overhead" in parts:
        r["overhead"] = bench_overhead()
        r["overhead_ratio"] = r["overhead"]["overhead_ratio"]
    r["load_end"] = round(os.getloadavg()[0], 1)
    print(report(r), flush=True)
    if not args.no_save:
        save(flatten(r))
        log(f"saved to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
