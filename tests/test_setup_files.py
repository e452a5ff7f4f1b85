"""Setup files: hash-locked dependency groups, conda mirrors the runtime one; Binder; links."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from notebook_files import ALL

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"
GROUPS = ("runtime", "test", "browser")
# (group, the group whose versions it keeps): the chain above, then the site (a venv of its own,
# .venv-site: Jupyter Book 1.x needs an older markdown-it-py than the test group) and the hub.
EXTENDS = [("test", "runtime"), ("browser", "test"), ("site", "runtime"), ("hub", "test")]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock(group: str) -> dict[tuple[str, str], str]:
    """{(name, marker): version} of requirements/<group>.txt; every pin carries its hashes."""
    text = (LOCKS / f"{group}.txt").read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        head = block.splitlines()[0]
        if head.startswith("#") or not head.strip():
            continue
        req, _, marker = head.rstrip("\\ ").partition(";")
        name, sep, version = req.strip().partition("==")
        assert sep and version, f"requirements/{group}.txt: {head!r} is not pinned with =="
        assert "--hash=sha256:" in block, f"requirements/{group}.txt: {name} has no hash"
        pins[(norm(name), " ".join(marker.split()))] = version
    return pins


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def direct(extras):
    project = pyproject()
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return {norm(re.match(r"[A-Za-z0-9_.\-]+", r).group()) for r in reqs}


def test_groups_hold_their_direct_dependencies():
    runtime = direct(["lab"])
    assert runtime == {"jupyterlab", "ipywidgets", "pandas", "matplotlib", "nbval"}
    assert direct(["test"]) - runtime == {"pytest", "pytest-xdist", "nbclient", "nbformat",
                                          "nbconvert", "ipykernel", "frictionless", "ruff",
                                          "nbgrader"}
    assert direct(["browser"]) - runtime == {"playwright", "jupyter-repo2docker"}
    assert direct(["site"]) - runtime == {"jupyter-book"}
    assert direct(["hub"]) - runtime == {"jupyterhub", "nbgitpuller", "requests"}
    for group, extras in [("runtime", ["lab"]), ("test", ["lab", "test"]),
                          ("browser", ["lab", "test", "browser"]), ("site", ["site"]),
                          ("hub", ["lab", "test", "hub"])]:
        names = {name for name, _ in lock(group)}
        assert direct(extras) <= names, f"requirements/{group}.txt lacks {direct(extras) - names}"


def test_runtime_group_is_lean():
    names = {name for name, _ in lock("runtime")}
    heavy = {"playwright", "jupyter-repo2docker", "ruff", "frictionless", "pytest-xdist",
             "docker", "greenlet", "nbgrader", "jupyter-book", "jupyterhub", "nbgitpuller"}
    assert not names & heavy, f"the runtime group carries {names & heavy}"


def test_each_group_extends_the_smaller_one_with_the_same_versions():
    for large, small in EXTENDS:
        a, b = lock(small), lock(large)
        if large == "site":  # the site's venv has no JupyterLab: same versions where shared
            a = {k: v for k, v in a.items() if k in b}
        differ = {k: (v, b.get(k)) for k, v in a.items() if b.get(k) != v}
        assert not differ, f"requirements/{large}.txt differs from {small}.txt: {differ}"


def test_lock_is_universal():
    # Resolved for every platform: the packages only macOS or Windows need are there, by marker.
    markers = {marker for _, marker in lock("runtime")}
    assert any("darwin" in m for m in markers) and any("win32" in m or "nt" in m
                                                       for m in markers)


def environment_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    return env, deps, pip


def test_environment_yml_mirrors_the_runtime_group():
    env, deps, pip = environment_pins()
    assert env["channels"] == ["conda-forge"] and "python=3.11" in deps and "pip" in deps
    assert "git" in deps, "Binder's postBuild trusts notebooks by git (tools/trust.py)"
    pins = {}
    for line in pip:
        req, _, marker = line.partition(";")
        name, _, version = req.strip().partition("==")
        pins[(norm(name), " ".join(marker.split()))] = version
    assert pins == lock("runtime"), "environment.yml's pip list must equal requirements/runtime.txt"


def test_makefile_installs_the_groups_with_plain_pip_and_hashes():
    make = (ROOT / "Makefile").read_text()
    assert re.search(r"^INSTALL := \$\(BIN\)/python -m pip install --require-hashes", make, re.M)
    for group in GROUPS:
        assert f"$(INSTALL) -r requirements/{group}.txt" in make
    lab = re.search(r"^lab: (.*)$", make, re.M).group(1).split()
    assert lab == ["setup"] and re.search(r"^setup: \$\(VENV\)/\.runtime$", make, re.M), \
        "make lab needs the runtime group only"
    uses_uv = [line for line in make.splitlines()
               if line.startswith("\t") and re.search(r"\buv\b", line)]
    assert uses_uv and all("$(LOCKENV)" in line for line in uses_uv), "only `make lock` uses uv"


def test_binder_reads_the_root():
    assert not (ROOT / "binder").exists() and not (ROOT / "Dockerfile").exists()
    post = (ROOT / "postBuild").read_text()
    assert post.startswith("#!") and "set -e" in post
    assert "pip install" in post and "--no-deps" in post and "tools/trust.py" in post


def test_binder_badge_opens_an_existing_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"mybinder\.org/v2/gh/[^)\s]*\?urlpath=lab(?:%2F|/)tree(?:%2F|/)([^)\s&]+)",
                  readme)
    assert m, "README has a Binder badge with a urlpath"
    path = m.group(1).replace("%2F", "/")
    assert (ROOT / path).exists() and path in {str(p.relative_to(ROOT)) for p in
                                               ROOT.glob("notebooks/*.ipynb")}


LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)"
                  r"|(?:src|href)=\"([^\"]+)\"")


def targets(text):
    for m in LINK.finditer(text):
        t = next(g for g in m.groups() if g)
        if re.match(r"^[a-z]+:", t) or t.startswith("#"):
            continue
        yield t.split("#")[0]


def exists_case_sensitive(path: Path) -> bool:
    path = path.resolve()
    if not path.exists():
        return False
    return path.name in {p.name for p in path.parent.iterdir()}


def test_relative_links_resolve_case_sensitively():
    built = {".git", "build", "node_modules"}  # and every venv: .venv, .venv-site, …
    docs = [p for p in ROOT.rglob("*.md") if not built & set(p.relative_to(ROOT).parts)
            and not any(part.startswith(".venv") for part in p.relative_to(ROOT).parts)]
    broken = []
    for p in docs:
        for t in targets(p.read_text(encoding="utf-8")):
            if not exists_case_sensitive(p.parent / t):
                broken.append(f"{p.relative_to(ROOT)} -> {t}")
    for p in ALL:
        nb = nbformat.read(p, as_version=4)
        for c in nb.cells:
            if c.cell_type == "markdown":
                for t in targets(c.source):
                    if not exists_case_sensitive(p.parent / t):
                        broken.append(f"{p.relative_to(ROOT)} -> {t}")
    assert not broken, "\n".join(broken)


def test_my_work_is_ignored_but_explained(root):
    """A learner's copies in my-work/ are ignored by git; the folder's README is not."""
    import subprocess

    ignored = subprocess.run(["git", "check-ignore", "-q", "my-work/01-background.ipynb"],
                             cwd=root).returncode
    assert ignored == 0, "my-work/ must be ignored by .gitignore"
    kept = subprocess.run(["git", "check-ignore", "-q", "my-work/README.md"], cwd=root).returncode
    assert kept == 1, "my-work/README.md must stay tracked"
    assert "my-work/" in (root / "README.md").read_text(encoding="utf-8")


# --- Failing early and clearly -------------------------------------------------------------------

OLD_PYTHON = """#!/bin/sh
# Stands for a Python 3.10: fails the version check, reports its version.
case "$*" in
  *"(3, 11)"*) exit 1 ;;
  *version_info*) echo 3.10.13 ;;
  *) exit 1 ;;
esac
"""


def make(*args, env=None, timeout=120):
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_an_old_python_is_refused_before_anything_is_installed(tmp_path):
    python = tmp_path / "python3"
    python.write_text(OLD_PYTHON)
    python.chmod(0o755)
    venv = tmp_path / "venv"
    out = make("setup", f"PYTHON={python}", f"VENV={venv}")
    assert out.returncode != 0
    assert "is Python 3.10.13; the course needs Python 3.11 or newer" in out.stderr
    assert "Nothing was installed" in out.stderr and "make PYTHON=" in out.stderr
    assert not venv.exists()


def test_no_python_is_named_clearly(tmp_path):
    out = make("setup", f"PYTHON={tmp_path / 'no-such-python'}", f"VENV={tmp_path / 'venv'}")
    assert out.returncode != 0 and "no Python found" in out.stderr
    assert "needs Python 3.11 or newer" in out.stderr


@pytest.mark.slow
def test_a_venv_left_without_pip_is_made_again(tmp_path):
    base = getattr(sys, "_base_executable", sys.executable)
    venv = tmp_path / "venv"
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    tool = str(ROOT / "tools" / "venv.sh")
    out = subprocess.run([tool, base, str(venv)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "has no working pip (an interrupted set-up?): making it again" in out.stdout
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "--version"],
                         capture_output=True)
    assert pip.returncode == 0
    (venv / "kept").write_text("a working venv is left as it is")
    again = subprocess.run([tool, base, str(venv)], capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout == "" and (venv / "kept").exists()


def fake_venv(tmp_path) -> Path:
    """A stand-in for .venv whose python and jupyter are this test run's own."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for name, cmd in [("python", ""), ("jupyter", " -m jupyter")]:
        (venv / "bin" / name).write_text(f'#!/bin/sh\nexec "{sys.executable}"{cmd} "$@"\n')
        (venv / "bin" / name).chmod(0o755)
    (venv / ".runtime").touch()
    return venv


@pytest.mark.slow
def test_make_lab_takes_the_next_free_port_and_prints_the_url(tmp_path):
    env = {var: str(tmp_path / var.lower()) for var in (
        "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
        "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR")}
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(ROOT), "lab", f"PORT={port}",
             f"VENV={fake_venv(tmp_path)}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env={**os.environ, **env}, start_new_session=True)
        lines, url = [], None
        try:
            deadline = time.monotonic() + 90
            while url is None and time.monotonic() < deadline:
                line = proc.stdout.readline()
                if not line:
                    break
                lines.append(line)
                url = re.search(r"http://127\.0\.0\.1:(\d+)/lab\S*\?token=\w+", line)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    text = "".join(lines)
    assert f"port {port} or the next free one" in text
    assert url, f"no URL printed:\n{text}"
    assert int(url.group(1)) != port, "the busy port was not skipped"


@pytest.mark.slow
def test_make_test_fast_leaves_out_the_slow_tests():
    make_text = (ROOT / "Makefile").read_text()
    assert re.search(r'^test-fast:.*\n\t.*pytest .*-m "not slow" tests$', make_text, re.M)

    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "slow",
                          "tests"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    slow = [line for line in out.stdout.splitlines() if "::" in line]
    for name in ("test_derived.py::test_reexecution_is_byte_identical",
                 "test_derived.py::test_solutions_pass_every_check",
                 "test_offline_and_static.py::test_static_html_carries_saved_widget_state"):
        assert any(name in t for t in slow), f"{name} is not marked slow"


def test_browser_is_found_by_setting_or_usual_name(tmp_path):
    import browser_setup as bs

    chrome = tmp_path / "my-chrome"
    chrome.write_text("#!/bin/sh\n")
    chrome.chmod(0o755)
    nothing = lambda name: None  # noqa: E731
    assert bs.find_chromium({"COURSE_CHROMIUM": str(chrome)}, which=nothing) == str(chrome)
    assert bs.find_chromium({}, which=lambda n: f"/opt/{n}" if n == "google-chrome" else None,
                            apps=()) == "/opt/google-chrome"
    with pytest.raises(bs.NotFound, match="COURSE_CHROMIUM='/no/such/chromium' is not an"):
        bs.find_chromium({"COURSE_CHROMIUM": "/no/such/chromium"}, which=nothing)


def test_missing_browser_message_says_how_to_install_it_here():
    import browser_setup as bs

    only = lambda tool: lambda name: f"/usr/bin/{name}" if name == tool else None  # noqa: E731
    with pytest.raises(bs.NotFound) as e:
        bs.find_chromium({}, which=only("dnf"), apps=())
    text = str(e.value)
    first = text.splitlines()[2].strip()
    assert first.startswith("sudo dnf install chromium"), text
    assert "apt-get install chromium" in text and "brew install" in text
    assert "COURSE_CHROMIUM" in text and "SKIP_BROWSER=1" in text
    mac = bs.missing_message(which=lambda name: None, system="Darwin")
    assert mac.splitlines()[2].strip().startswith("brew install")


def test_browser_setup_names_a_bad_setting_and_stops(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "browser_setup.py")],
                         env={**os.environ, "COURSE_CHROMIUM": str(tmp_path / "none")},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "is not an executable file" in out.stderr


def test_widget_state_is_saved_on_every_route(tmp_path):
    """The widget manager's saveState ships with the course and every route installs it:
    `make setup` (so `make lab`), Binder's postBuild, and the JupyterHub and conda routes of the
    README; JupyterLab reads the installed copy as its default."""
    import lab_settings
    from jupyterlab_server.settings_utils import _get_overrides

    spec = json.loads(lab_settings.SOURCE.read_text(encoding="utf-8"))
    assert spec["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    assert "tools/lab_settings.py" in (ROOT / "postBuild").read_text()
    make = (ROOT / "Makefile").read_text()
    assert "tools/lab_settings.py" in make.split("\nsetup:")[1].split("\n\n")[0]
    readme = (ROOT / "README.md").read_text()
    assert readme.count("python tools/lab_settings.py") >= 2  # conda and JupyterHub
    path = lab_settings.install(tmp_path)
    assert path == tmp_path / "overrides.d" / "karabakh-course.json"
    overrides, error = _get_overrides(str(tmp_path))
    assert not error and overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"]
    assert lab_settings.main(["--check", "--dir", str(tmp_path)]) == 0
    path.write_text("{}")
    assert lab_settings.main(["--check", "--dir", str(tmp_path)]) == 1
