"""The one Chromium of a browser-test session, shared by test_browser.py and test_site.py:
Playwright's sync API can run only one instance per thread, so each module starting its own
fails when both run in one session."""

from __future__ import annotations

import pytest
from labdriver import ARGS
from test_browser import chromium


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=ARGS)
        yield b
        b.close()
