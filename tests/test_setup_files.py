"""Setup files: one pin set for pip and conda; Binder reads the root; links resolve."""

import re
from pathlib import Path

import nbformat
from notebook_files import ALL

ROOT = Path(__file__).resolve().parents[1]


def lock():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not pinned with =="
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_environment_yml_mirrors_the_lock():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M)
    assert re.search(r"^\s*-\s*conda-forge\s*$", text, re.M)
    pins = {}
    for m in re.finditer(r"^\s{6,}-\s*([A-Za-z0-9_.\-]+)==([^\s]+)\s*$", text, re.M):
        pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    assert pins == lock(), "environment.yml's pip list must equal requirements.txt"


def test_binder_reads_the_root():
    assert not (ROOT / "binder").exists() and not (ROOT / "Dockerfile").exists()
    post = (ROOT / "postBuild").read_text()
    assert post.startswith("#!") and "set -e" in post
    assert "pip install" in post and "--no-deps" in post and "jupyter trust" in post


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


def test_my_work_is_ignored_but_explained(root):
    """A learner's copies in my-work/ are ignored by git; the folder's README is not."""
    import subprocess

    ignored = subprocess.run(["git", "check-ignore", "-q", "my-work/01-background.ipynb"],
                             cwd=root).returncode
    assert ignored == 0, "my-work/ must be ignored by .gitignore"
    kept = subprocess.run(["git", "check-ignore", "-q", "my-work/README.md"], cwd=root).returncode
    assert kept == 1, "my-work/README.md must stay tracked"
    assert "my-work/" in (root / "README.md").read_text(encoding="utf-8")
