"""Build the course as a static website with Jupyter Book 1.x: ``make site`` → build/site/html.

    python tools/make_site.py NPM_DIR      # NPM_DIR: where tools/npm_fetch.sh unpacked the
                                           # widget manager and require.js (.venv-site/npm)

The book's sources are copied into build/site/src with the repository's layout (notebooks/,
exercises/, solutions/, data/, docs/teacher-guide/), so that the links between them work
unchanged: the lessons with their stored outputs and saved widget state (nothing is executed),
the exercises and their solutions (published with the course, as in the repository), the data
README with the tables it links to, the note on the learner's own folder (my-work/), and the
teacher guide.

Offline, to build and to read: the widget manager (``@jupyter-widgets/html-manager``'s
``embed-amd.js``) and ``require.js`` come from the npm registry at set-up and are loaded once on
every page (``html_js_files``); myst-nb's own per-page widget scripts are turned off
(``nb_ipywidgets_js: {}``: they would load the manager from a CDN, and twice, so that every widget
showed twice); ``dollarmath`` is off, since a pair of dollar amounts would otherwise become a
formula and load MathJax from a CDN.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from course_files import write_atomic

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "site"
SRC = OUT / "src"
HTML = OUT / "html"
TITLE = "The Karabakh conflict and international organizations"
# embed-amd.js defines several AMD modules (the manager, base, controls, and their version-7
# twins), and each loads its fonts from beside the address require.js gives that module: for a
# module id with no path, a file under the page's own folder (notebooks/@jupyter-widgets/…,
# where nothing is, so every font request failed). Every one of them is pointed at
# _static/widgets, where the fonts are, from every page.
WIDGET_MODULES = ("base", "base7", "controls", "controls7", "html-manager")
PATHS_JS = """\
(function () {
  var root = new URL((document.documentElement.dataset.content_root || "./")
                     + "_static/widgets/", document.baseURI).href;
  var paths = {"@jupyter-widgets/html-manager/dist": root.slice(0, -1)};
  %s.forEach(function (m) { paths["@jupyter-widgets/" + m] = root + m; });
  require.config({paths: paths});
})();
""" % ("[" + ", ".join(f'"{m}"' for m in WIDGET_MODULES) + "]")


def lessons(folder: str) -> list[str]:
    return [f"{folder}/{p.stem}" for p in sorted((ROOT / folder).glob("[0-9][0-9]-*.ipynb"))]


def config() -> dict:
    return {
        "title": TITLE,
        "author": "The course's authors (CITATION.cff)",
        "copyright": "",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "execute": {"execute_notebooks": "off"},
        # no dollarmath, no amsmath: nothing on a page loads MathJax
        "parse": {"myst_enable_extensions": ["colon_fence", "deflist", "html_image"]},
        "html": {"use_repository_button": False, "use_issues_button": False,
                 "use_edit_page_button": False, "use_multitoc_numbering": False},
        "launch_buttons": {"notebook_interface": "classic", "binderhub_url": "",
                           "jupyterhub_url": "", "thebe": False, "colab_url": ""},
        "sphinx": {"config": {
            "html_static_path": ["_widgets"],
            "html_js_files": ["require.js", "widgets-paths.js", "widgets/embed-amd.js"],
            "nb_ipywidgets_js": {},
            "html_show_copyright": False,
            "html_theme_options": {"search_bar_text": "Search the course…"},
        }},
    }


def toc() -> dict:
    return {
        "format": "jb-book",
        "root": "notebooks/00-start-here",
        "parts": [
            {"caption": "Lessons", "chapters": [{"file": "notebooks/course-map"}]
             + [{"file": f} for f in lessons("notebooks")[1:]]},
            {"caption": "Exercises", "chapters": [{"file": f} for f in lessons("exercises")]},
            {"caption": "Solutions", "chapters": [{"file": f} for f in lessons("solutions")]},
            {"caption": "Data and your own work",
             "chapters": [{"file": "data/README"}, {"file": "my-work/README"}]},
            {"caption": "Teacher guide",
             "chapters": [{"file": f"docs/teacher-guide/{p.stem}"}
                          for p in sorted((ROOT / "docs/teacher-guide").glob("*.md"))]},
        ],
    }


def copy_sources(npm: Path) -> None:
    if OUT.exists():  # a clean build: Sphinx's cache keeps stale links in unchanged pages
        shutil.rmtree(OUT)
    for folder in ("notebooks", "exercises", "solutions"):
        (SRC / folder).mkdir(parents=True)
        for p in sorted((ROOT / folder).glob("[0-9][0-9]-*.ipynb")):
            shutil.copy2(p, SRC / folder / p.name)
    shutil.copy2(ROOT / "notebooks" / "course-map.md", SRC / "notebooks" / "course-map.md")
    shutil.copytree(ROOT / "data", SRC / "data")
    (SRC / "my-work").mkdir()
    shutil.copy2(ROOT / "my-work" / "README.md", SRC / "my-work" / "README.md")
    shutil.copytree(ROOT / "docs" / "teacher-guide", SRC / "docs" / "teacher-guide")
    # not _static: Jupyter Book loads every script in _static on every page
    static = SRC / "_widgets"
    manager = npm / "@jupyter-widgets" / "html-manager" / "dist"
    require = npm / "requirejs" / "require.js"
    for need in (manager / "embed-amd.js", require):
        if not need.exists():
            sys.exit(f"error: {need} is missing: run `make site` (it fetches it with npm)")
    # embed-amd.js with the fonts it loads, not the other builds beside it
    shutil.copytree(manager, static / "widgets",
                    ignore=shutil.ignore_patterns("*.map", "embed.js*", "libembed*"))
    shutil.copy2(require, static / "require.js")
    write_atomic(static / "widgets-paths.js", PATHS_JS)
    write_atomic(SRC / "_config.yml", yaml.safe_dump(config(), sort_keys=False,
                                                    allow_unicode=True))
    write_atomic(SRC / "_toc.yml", yaml.safe_dump(toc(), sort_keys=False))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    copy_sources(Path(argv[0]))
    jb = Path(sys.executable).parent / "jupyter-book"
    build = OUT / "jb"
    subprocess.run([str(jb), "build", "--quiet", "--path-output", str(build), str(SRC)],
                   check=True)
    if HTML.exists():
        shutil.rmtree(HTML)
    shutil.copytree(build / "_build" / "html", HTML)
    print(f"==> The site: {HTML}/index.html (serve it: python -m http.server -d {HTML})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
