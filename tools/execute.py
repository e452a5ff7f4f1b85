"""Execute notebooks top to bottom in a fresh kernel and store their outputs reproducibly.

Used by ``make execute`` (in place) and by the tests (into a temporary folder, then compared
byte for byte with the committed files). Reproducible means: ``TZ=UTC``; no per-cell timing
metadata; widget state saved (so widgets show before anything runs); widget model ids, which
ipywidgets draws at random, renamed to ids derived from the notebook's name and their order of
appearance; PNG files written without a software stamp (``kc.setup()`` sees to that).

    python tools/execute.py notebooks solutions          # in place
    python tools/execute.py --out /tmp/x notebooks/01-background.ipynb
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from course_files import write_atomic
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
KERNEL_ENV = {"TZ": "UTC", "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
              "MPLBACKEND": ""}


def stable_widget_ids(nb, name: str):
    """Rename random widget model ids to ids derived from ``name`` and order of appearance."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    text = nbformat.writes(nb)
    shown = re.findall(r'"model_id": "([0-9a-f]{32})"', text)
    ids = list(dict.fromkeys([*state, *shown]))
    if not ids:
        return nb
    mapping = {old: uuid.uuid5(uuid.NAMESPACE_URL, f"karabakh-course/{name}/{n}").hex
               for n, old in enumerate(ids)}
    text = MODEL_ID.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
    return nbformat.reads(text, as_version=4)


def execute(path: Path, timeout: int = 300):
    """Execute one notebook in its own folder; return the executed notebook."""
    for k, v in KERNEL_ENV.items():
        if v:
            os.environ[k] = v
        else:
            os.environ.pop(k, None)
    os.environ.pop("COURSE_GRADING", None)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False, store_widget_state=True)
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return stable_widget_ids(nb, path.stem)


def _run(args):
    src, dest = args
    t0 = time.perf_counter()
    nb = execute(Path(src))
    write_atomic(dest, nbformat.writes(nb) + "\n")
    return src, time.perf_counter() - t0


def collect(paths) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.glob("[0-9][0-9]-*.ipynb"))
        else:
            out.append(p)
    return [p.resolve() for p in out]


def execute_all(paths, out_dir: Path | None = None, workers: int = 2) -> dict[Path, Path]:
    """Execute notebooks in parallel; return {source: executed copy}."""
    jobs = []
    for p in collect(paths):
        dest = (out_dir / p.parent.name / p.name) if out_dir else p
        jobs.append((str(p), str(dest)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for src, secs in pool.map(_run, jobs):
            shown = Path(src).relative_to(ROOT) if Path(src).is_relative_to(ROOT) else src
            print(f"  executed {shown} in {secs:.1f} s", flush=True)
    return {Path(s): Path(d) for s, d in jobs}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Execute notebooks and store outputs reproducibly.")
    ap.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    ap.add_argument("--out", type=Path, help="write executed copies here instead of in place")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    execute_all(args.paths, args.out, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())

