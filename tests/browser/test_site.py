"""The course as a website (`make site`): the built site in Chromium, served from 127.0.0.1 with
the network cut. Pages load, the navigation, the search and the links between lessons work,
figures and saved widgets appear (once each), and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from labdriver import free_port

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "build" / "site" / "html"
VIEW = "application/vnd.jupyter.widget-view+json"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").exists():
        pytest.fail(f"no site in {HTML}: `make site` builds it (`make test-browser` does first)")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                             "127.0.0.1", "-d", str(HTML)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def page(site, browser):
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context = browser.new_context()
    context.route("**/*", guard)
    pg = context.new_page()
    pg.outside = outside
    pg.failed = []
    pg.on("requestfailed", lambda r: pg.failed.append(r.url))
    yield pg
    context.close()
    assert not outside, f"requests that would have left 127.0.0.1: {sorted(set(outside))[:10]}"


def expected(path: Path) -> tuple[int, int]:
    nb = nbformat.read(path, as_version=4)
    outs = [o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])]
    return sum(VIEW in d for d in outs), sum("image/png" in d for d in outs)


def empty_images(path: Path) -> int:
    """Image widgets whose saved state holds no image bytes."""
    nb = nbformat.read(path, as_version=4)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return sum(m["model_name"] == "ImageModel"
               and not any(b.get("data") for b in m.get("buffers", []))
               for m in state.get("state", {}).values())


def rendered_widgets(page) -> int:
    """Top-level widget views the manager rendered into the page's cell outputs."""
    return page.evaluate("""() => [...document.querySelectorAll('.jupyter-widgets')]
        .filter(e => !e.parentElement.closest('.jupyter-widgets')).length""")


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_lesson_page_shows_its_figures_and_saved_widgets(site, page, lesson):
    n_widgets, n_pngs = expected(lesson)
    page.goto(f"{site}/notebooks/{lesson.stem}.html", wait_until="load")
    assert page.locator("article h1").first.is_visible()
    if n_widgets:
        deadline = time.monotonic() + 20
        while rendered_widgets(page) < n_widgets and time.monotonic() < deadline:
            time.sleep(0.2)
        # once each: the manager is loaded once (myst-nb's own per-page scripts are off)
        assert rendered_widgets(page) == n_widgets, f"{lesson.stem}: widgets shown"
    # the figures, and the images inside saved widgets (blob: addresses), all loaded
    deadline = time.monotonic() + 20
    while True:
        images = page.evaluate("""() => [...document.querySelectorAll('article img')]
            .map(i => [i.getAttribute('src').slice(0, 80), i.complete && i.naturalWidth > 0])""")
        if all(ok for _, ok in images) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    shown = [src for src, ok in images if ok]
    assert len(shown) >= n_pngs, f"{lesson.stem}: {len(shown)} images shown, {n_pngs} figures"
    # an Image widget saved with no bytes (its buffer empty in the notebook) shows nothing, here
    # as in JupyterLab before the notebook runs: only those may stay empty
    failed = [src for src, ok in images if not ok]
    assert len(failed) <= empty_images(lesson), f"images that did not load: {failed}"
    assert all(src.startswith("blob:") for src in failed), f"figures not loaded: {failed}"
    assert page.locator("text=Error displaying widget").count() == 0
    assert not page.failed, f"failed requests: {page.failed}"


def test_navigation_links_between_lessons_and_search(site, page):
    page.goto(f"{site}/index.html", wait_until="load")
    page.locator("nav.bd-links a[href*='02-united-nations']").first.click()
    page.wait_for_url(re.compile(r"02-united-nations\.html"))
    # the sidebar's next button, then the lesson's own navigation link back to lesson 02
    page.locator("a.right-next").first.click()
    page.wait_for_url(re.compile(r"03-eu-and-council-of-europe\.html"))
    page.locator("article a[href*='02-united-nations.html']").first.click()
    page.wait_for_url(re.compile(r"notebooks/02-united-nations\.html"))
    for path, text in [("data/README.html", "datapackage"),
                       ("docs/teacher-guide/02-united-nations.html", "02")]:
        r = page.goto(f"{site}/{path}", wait_until="load")
        assert r.ok and text in page.inner_text("article"), path
    page.goto(f"{site}/search.html?q=Minsk", wait_until="load")
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=20_000)
    assert results.count() > 0
    hrefs = [a.get_attribute("href") for a in page.locator("#search-results li a").all()]
    assert any("04-osce-minsk-group" in h for h in hrefs), hrefs[:10]


def test_every_local_link_of_the_site_leads_to_a_page():
    broken = []
    for page in sorted(HTML.rglob("*.html")):
        if page.relative_to(HTML).parts[0] == "_static":  # the theme's template fragments
            continue
        text = page.read_text()
        # a link myst could not resolve becomes an anchor named after its target
        broken += [f"{page.relative_to(HTML)} → {h}"
                   for h in re.findall(r'href="(#[^"]*(?:/|\.ipynb|\.md)[^"]*)"', text)]
        for href in re.findall(r'href="([^"#?]+)(?:[#?][^"]*)?"', text):
            if re.match(r"[a-z]+:", href):
                continue
            if not (page.parent / href).resolve().exists():
                broken.append(f"{page.relative_to(HTML)} → {href}")
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:10]}"
