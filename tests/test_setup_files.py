"""Setup files: hash-locked dependency groups, conda mirrors the runtime one; Binder; links."""

import re
import tomllib
from pathlib import Path

import nbformat
import yaml
from notebook_files import ALL

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"
GROUPS = ("runtime", "test", "browser")


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
                                          "nbconvert", "ipykernel", "frictionless", "ruff"}
    assert direct(["browser"]) - runtime == {"playwright", "jupyter-repo2docker"}
    for group, extras in [("runtime", ["lab"]), ("test", ["lab", "test"]),
                          ("browser", ["lab", "test", "browser"])]:
        names = {name for name, _ in lock(group)}
        assert direct(extras) <= names, f"requirements/{group}.txt lacks {direct(extras) - names}"


def test_runtime_group_is_lean():
    names = {name for name, _ in lock("runtime")}
    heavy = {"playwright", "jupyter-repo2docker", "ruff", "frictionless", "pytest-xdist",
             "docker", "greenlet"}
    assert not names & heavy, f"the runtime group carries {names & heavy}"


def test_each_group_extends_the_smaller_one_with_the_same_versions():
    for small, large in zip(GROUPS, GROUPS[1:], strict=False):
        a, b = lock(small), lock(large)
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
    docs = [p for p in ROOT.rglob("*.md") if ".venv" not in p.parts and ".git" not in p.parts]
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
