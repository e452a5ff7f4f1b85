"""Lock the dependency groups: requirements/{runtime,test,browser,site,hub}.txt and environment.yml.

    python tools/lock.py UV                 # called by `make lock` (UV: path of the uv binary)
    python tools/lock.py UV --upgrade       # `make lock UPGRADE=1`: newest versions allowed
    python tools/lock.py --environment      # rewrite environment.yml from requirements/runtime.txt

One list of direct dependencies lives in pyproject.toml: the package's own dependencies plus the
extra `lab` make the runtime group; the extras `test` and `browser` add to it. Each group is
resolved by `uv pip compile --universal --generate-hashes` (every platform, every file's hash),
the larger group constrained by the smaller one, so that a package has one version everywhere.
Each file is complete on its own: `pip install --require-hashes -r requirements/test.txt` gives
runtime + test. The versions already in a file are kept unless a change needs otherwise (uv
reads its output file as preferences); --upgrade lifts that.

uv resolves against the index pip is configured with (its `global.index-url`, else PyPI). Local
extra indexes that hold one platform's files only are left out on purpose: a lock made from them
would lack other platforms' hashes. pip may still install the same files from them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from course_files import write_atomic

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"
PYTHON_FLOOR = "3.11"
# group -> (extras of pyproject.toml, the group it is constrained by)
GROUPS = {
    "runtime": (["lab"], None),
    "test": (["lab", "test"], "runtime"),
    "browser": (["lab", "test", "browser"], "test"),
    # Jupyter Book 1.x needs markdown-it-py 3, the test group's rich needs 4: the site has a venv
    # of its own (.venv-site), with the runtime group's versions.
    "site": (["site"], "runtime"),
    "hub": (["lab", "test", "hub"], "test"),
}


def pip_config(key: str) -> str | None:
    out = subprocess.run([sys.executable, "-m", "pip", "config", "get", key],
                         capture_output=True, text=True)
    return out.stdout.strip() or None if out.returncode == 0 else None


def uv_env() -> dict:
    env = dict(os.environ)
    index = pip_config("global.index-url")
    if index and not (env.get("UV_DEFAULT_INDEX") or env.get("UV_INDEX_URL")):
        env["UV_DEFAULT_INDEX"] = index
    cert = pip_config("global.cert")
    if cert and "SSL_CERT_FILE" not in env:
        env["SSL_CERT_FILE"] = cert
    return env


def compile_group(uv: str, group: str, upgrade: bool) -> None:
    extras, base = GROUPS[group]
    cmd = [uv, "pip", "compile", "pyproject.toml", "--universal", "--generate-hashes",
           "--python-version", PYTHON_FLOOR, "--custom-compile-command", "make lock",
           "--quiet", "-o", f"requirements/{group}.txt"]
    for extra in extras:
        cmd += ["--extra", extra]
    if base:
        cmd += ["-c", f"requirements/{base}.txt"]
    if upgrade:
        cmd.append("--upgrade")
    subprocess.run(cmd, cwd=ROOT, env=uv_env(), check=True)


def pins(path: Path) -> list[str]:
    """The requirement lines of a lock file, markers kept, hashes and comments left out."""
    out = []
    for line in path.read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith(("#", "-")):
            out.append(" ".join(line.rstrip("\\").split()))
    return out


def write_environment() -> None:
    lines = ["# Binder and conda: Python 3.11 from conda-forge, then the runtime group's pins of",
             "# requirements/runtime.txt (written by `make lock`; a test keeps the two equal).",
             "# git: postBuild's tools/trust.py tells the course's own notebooks by git, and",
             "# Binder's image has no git of its own.",
             "name: karabakh-course", "channels:", "  - conda-forge", "dependencies:",
             "  - python=3.11", "  - git", "  - pip", "  - pip:"]
    lines += [f'      - "{p}"' for p in pins(LOCKS / "runtime.txt")]
    write_atomic(ROOT / "environment.yml", "\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--environment"]:
        write_environment()
        return 0
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    uv, upgrade = argv[0], "--upgrade" in argv[1:]
    LOCKS.mkdir(exist_ok=True)
    for group in GROUPS:
        compile_group(uv, group, upgrade)
        print(f"==> requirements/{group}.txt: {len(pins(LOCKS / f'{group}.txt'))} packages")
    write_environment()
    print("==> environment.yml: the runtime group's pins")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
