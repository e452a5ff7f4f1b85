"""Install the course's JupyterLab settings (lab-settings/karabakh-course.json) where JupyterLab
reads its defaults: ``<sys.prefix>/share/jupyter/lab/settings/overrides.d/``.

    python tools/lab_settings.py            # by `make setup` (so `make lab`) and by postBuild
    python tools/lab_settings.py --check    # exit 1 when the installed copy is missing or old

The one setting: the widget manager saves widget state in the notebook (``saveState``). Without
it, a lesson run and autosaved in JupyterLab reopens with "Error displaying widget: model not
found" on every widget. ``overrides.d`` is meant for packages (one file each), so a person's own
``overrides.json`` and their user settings are never touched, and still win.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from course_files import write_atomic

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "lab-settings" / "karabakh-course.json"


def settings_dir() -> Path:
    """JupyterLab's application settings folder for this Python (JUPYTERLAB_DIR if set)."""
    try:
        from jupyterlab.commands import get_app_dir
    except ImportError:  # JupyterLab not installed: where it would look
        return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    return Path(get_app_dir()) / "settings"


def target(folder: Path | None = None) -> Path:
    return Path(folder or settings_dir()) / "overrides.d" / SOURCE.name


def install(folder: Path | None = None) -> Path:
    """Copy the settings file into ``folder`` (JupyterLab's settings folder); return its path."""
    json.loads(SOURCE.read_text(encoding="utf-8"))  # a broken file is never installed
    path = target(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != SOURCE.read_bytes():
        write_atomic(path, SOURCE.read_bytes())
    return path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only check the installed copy")
    p.add_argument("--dir", type=Path, help="JupyterLab's settings folder (default: this "
                   "Python's)")
    args = p.parse_args(argv)
    path = target(args.dir)
    if args.check:
        ok = path.exists() and path.read_bytes() == SOURCE.read_bytes()
        print(f"{path}: {'current' if ok else 'missing or old: run python tools/lab_settings.py'}")
        return 0 if ok else 1
    print(f"JupyterLab settings of the course: {install(args.dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
