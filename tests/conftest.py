import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def pytest_collection_modifyitems(config, items):
    # Browser tests run only through `make test-browser` (pytest -m browser).
    if "browser" not in (config.getoption("-m") or ""):
        skip = pytest.mark.skip(reason="browser tests run with `make test-browser`")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def root():
    return ROOT
