"""JupyterLab in headless Chromium, for the browser test and for ``make bench``.

:func:`lab_server` starts JupyterLab on a copy of the course in isolated Jupyter folders;
:func:`open_notebook` and :func:`run_all` drive it; :func:`action_to_output` measures, for every
widget of an open lesson, the time from a learner's action (choosing an option, an arrow key on
a slider, several arrow keys in a row, a drag of a slider's handle) to the widget's updated
output: its text and, for a chart widget, its image. The clock is the page's own
(``performance.now()``), started just before the action is sent (for a drag: the release) and
read at the frame in which the output last changed, once it has stayed the same for a while.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
FOLDERS = ("notebooks", "solutions", "exercises", "data", "docs")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def lab_server(home: Path | None = None, trust=()):
    """A JupyterLab server on 127.0.0.1 with a token, serving a copy of the course (so nothing
    the browser does changes the course's files); yields (base URL, token, served folder).
    ``trust`` lists course notebooks (paths under ROOT) to sign in the isolated folders."""
    with contextlib.ExitStack() as stack:
        if home is None:
            home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="course-lab-")))
        env = dict(os.environ)
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                    "IPYTHONDIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
            env[var] = str(home / var.lower())
        settings = home / "jupyterlab_settings_dir" / "@jupyterlab"
        for plugin, file, value in (
                ("notebook-extension", "tracker", {"autoStartDefaultKernel": True,
                                                   "windowingMode": "none"}),
                ("docmanager-extension", "plugin", {"autosave": False}),
                ("apputils-extension", "notification", {"fetchNews": "false",
                                                        "checkForUpdates": False})):
            (settings / plugin).mkdir(parents=True, exist_ok=True)
            (settings / plugin / f"{file}.jupyterlab-settings").write_text(json.dumps(value))
        # The course's JupyterLab settings (saveState), as `make setup` installs them.
        sys.path.insert(0, str(ROOT / "tools"))
        try:
            import lab_settings
        finally:
            sys.path.pop(0)
        lab_settings.install()
        served = home / "course"
        for folder in FOLDERS:
            shutil.copytree(ROOT / folder, served / folder)
        bin_ = Path(sys.executable).parent
        copies = [served / Path(p).relative_to(ROOT) for p in trust]
        if copies:
            subprocess.run([str(bin_ / "jupyter"), "trust", *map(str, copies)], env=env,
                           check=True, capture_output=True)
        port, token = free_port(), secrets.token_hex(16)
        cmd = [str(bin_ / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={served}", "--LabApp.expose_app_in_browser=True"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        log = stack.enter_context(open(home / "server.log", "w"))
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=served)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(1200):
                try:
                    urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError("JupyterLab exited: "
                                           + (home / "server.log").read_text()[-2000:]) from None
                    time.sleep(0.25)
            else:
                raise RuntimeError("JupyterLab did not start within 300 s")
            yield base, token, served
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def open_notebook(page, base: str, token: str, rel: str) -> None:
    page.goto(f"{base}/lab/tree/{rel}?reset&token={token}")
    page.wait_for_selector(f"{PANEL} .jp-Notebook", timeout=60_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)


def run_all(page, n_code: int, timeout: int = 180_000) -> None:
    """Restart the kernel and run every cell; wait until each code cell shows its count.

    The outputs and prompt numbers stored in the notebook are cleared first: otherwise the
    stored ``[n]`` prompts satisfy the wait before the run has begun."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(
        "sel => ![...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')]"
        ".some(p => /\\[\\d+\\]/.test(p.innerText))", arg=PANEL, timeout=30_000)
    # Not awaited: the command's promise waits for the confirmation dialog clicked below.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        dialog.wait_for(timeout=5000)
        dialog.click()
    except Exception:  # no confirmation asked
        pass
    page.wait_for_function(
        """([sel, n]) => {
            const prompts = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')];
            const done = prompts.filter(p => /\\[\\d+\\]/.test(p.innerText)).length;
            return done >= n && !prompts.some(p => p.innerText.includes('*'));
        }""",
        arg=[PANEL, n_code], timeout=timeout)


# The state of one widget view's output: its text and its chart (if any).
_STATE = """box => {
    const htmls = box.querySelectorAll('.widget-html');
    const text = htmls.length ? htmls[htmls.length - 1].innerHTML : '';
    const img = box.querySelector('.widget-image');
    return [text, img ? img.src : ''];
}"""

# Resolves with the page's time of the output's last change once it has settled: the output
# (its text or its image) differs from ``before`` and nothing has changed for ``quiet`` ms,
# polling each animation frame; null after ``limit`` ms. Settling waits for the image that
# follows a text (an update sends both, one after the other) and, for several arrow keys in a
# row, for the last output: the time counts to the frame at which the last change was seen.
_SETTLED = """async ([box, before, quiet, limit]) => {
    const state = () => {
        const htmls = box.querySelectorAll('.widget-html');
        const img = box.querySelector('.widget-image');
        return [htmls.length ? htmls[htmls.length - 1].innerHTML : '', img ? img.src : ''];
    };
    const start = performance.now();
    let last = before, changedAt = null;
    for (;;) {
        await new Promise(r => requestAnimationFrame(r));
        const now = performance.now();
        const s = state();
        if (s[0] !== last[0] || s[1] !== last[1]) { changedAt = now; last = s; }
        if (changedAt !== null && now - changedAt >= quiet) return changedAt;
        if (now - start > limit) return null;
    }
}"""


def widget_boxes(page):
    """The top-level widget views of the open notebook (one per ``kc.widgets.view``)."""
    return page.locator(f"{PANEL} .jp-OutputArea-output > .widget-vbox")


def _question(box) -> str:
    q = box.locator(".widget-question")
    return q.first.inner_text() if q.count() else ""


def action_to_output(page, actions: int = 4, keys: int = 3, timeout: int = 20_000,
                     quiet: int = 400) -> list[dict]:
    """For every widget view on the page: ``actions`` learner actions on its first control,
    each timed from the action to the updated output, then (sliders) ``keys`` arrow keys in a
    row, timed to the output of the last. An output counts as updated when it has not changed
    for ``quiet`` ms. Rows: question, kind, ms."""
    rows = []
    boxes = widget_boxes(page)
    for i in range(boxes.count()):
        try:
            rows += _widget_actions(page, boxes.nth(i), actions, keys, timeout, quiet)
        except Exception as e:  # the view was re-rendered under us: its rows so far are lost
            print(f"  widget {i}: not measured ({str(e).splitlines()[0]})", file=sys.stderr)
    return rows


def _widget_actions(page, box, actions: int, keys: int, timeout: int,
                    quiet: int) -> list[dict]:
    """The view's first dropdown: ``actions`` choices of the next option; its last slider
    handle: ``actions`` arrow keys, ``keys`` arrow keys in a row, then a drag (timed from the
    release of the mouse button)."""
    box.scroll_into_view_if_needed()
    question = _question(box)
    select = box.locator("select")
    handles = box.locator(".noUi-handle")
    plan = []
    if select.count():
        plan += [("dropdown", 1)] * actions
    if handles.count():
        plan += [("key", 1)] * actions + [("key", keys), ("drag", 1)]
    rows = []
    for n, (what, presses) in enumerate(plan):
        before = box.evaluate(_STATE)
        start = "() => { window.__courseT0 = performance.now(); }"
        if what == "dropdown":
            sel = select.first
            k = sel.locator("option").count()
            cur = sel.evaluate("s => s.selectedIndex")
            page.evaluate(start)
            sel.select_option(index=(cur + 1) % k if k > 1 else 0)
            kind = "choose (dropdown)"
        elif what == "key":
            handle = handles.last
            handle.focus()
            key = "ArrowLeft" if (n // 2) % 2 else "ArrowRight"
            page.evaluate(start)
            for _ in range(presses):
                handle.press(key)
            kind = f"{presses} arrow keys" if presses > 1 else "arrow key"
        else:
            bb = handles.last.bounding_box()
            x, y = bb["x"] + bb["width"] / 2, bb["y"] + bb["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            for dx in range(8, 41, 8):  # about five steps to the left, as a hand moves
                page.mouse.move(x - dx, y)
            page.evaluate(start)
            page.mouse.up()
            kind = "drag"
        t1 = page.evaluate(_SETTLED, [box.element_handle(), before, quiet, timeout])
        if t1 is None:  # the action changed nothing (e.g. the same output): not timed
            continue
        t0 = page.evaluate("() => window.__courseT0")
        rows.append({"question": question, "kind": kind, "ms": float(t1) - float(t0)})
    return rows
