"""Trust the course's own notebooks: those committed in git whose content matches the commit.

    python tools/trust.py     # by `make setup` (so `make lab` and `make test`) and by postBuild

A trusted notebook shows its saved widgets and runs its stored scripts (HTML, JavaScript) when
opened, before anyone runs a cell. So only the notebooks of notebooks/, solutions/ and exercises/
that are committed and unchanged since the commit are signed; a notebook dropped into those
folders, or one changed since, is left as it is (JupyterLab still signs a notebook its user saves).
Without git (a downloaded copy, say) nothing is signed, and the message says so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "solutions", "exercises")


class NoGit(Exception):
    """Not a git checkout (or no git): which notebooks are the course's own cannot be told."""


def git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise NoGit(out.stderr.strip() or f"git {args[0]} failed")
    return out.stdout


def course_notebooks(root: Path = ROOT, folders=FOLDERS) -> tuple[list[Path], list[Path]]:
    """(notebooks to trust, notebooks left untrusted) under the folders of root.

    To trust: committed at HEAD and with no difference to HEAD (staged or not). Left untrusted:
    every other .ipynb there (untracked, new, or changed). Raises NoGit without a usable git.
    """
    if shutil.which("git") is None:
        raise NoGit("git is not installed")
    top = Path(git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    if top != root.resolve():
        raise NoGit(f"{root} is not the top of a git checkout")
    git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    present = sorted(p for f in folders for p in (root / f).glob("*.ipynb") if p.is_file())
    rel = [str(p.relative_to(root)) for p in present]
    if not rel:
        return [], []
    committed = set(git(root, "ls-tree", "-r", "--name-only", "-z", "HEAD", "--", *rel)
                    .split("\0"))
    changed = set(git(root, "diff", "--name-only", "-z", "--no-renames", "HEAD", "--", *rel)
                  .split("\0"))
    trust = [p for p, r in zip(present, rel, strict=True) if r in committed and r not in changed]
    return trust, [p for p in present if p not in trust]


def sign(paths: list[Path]) -> None:
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    for path in paths:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if not notary.check_signature(nb):
            notary.sign(nb)


def main(root: Path = ROOT) -> int:
    try:
        trust, left = course_notebooks(root)
    except NoGit as e:
        print(f"==> Trust: not a git checkout ({e}): no notebook is signed, so saved widgets show "
              "only once a notebook is run (or after `jupyter trust FILE` for a file you trust).")
        return 0
    sign(trust)
    print(f"==> Trust: {len(trust)} course notebooks signed (committed and unchanged), so their "
          "saved widgets show before you run anything.")
    if left:
        names = ", ".join(str(p.relative_to(root)) for p in left)
        print(f"    Not signed (not committed, or changed since the commit): {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
