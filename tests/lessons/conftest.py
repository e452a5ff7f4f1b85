import pytest

from karabakh_course import data


@pytest.fixture
def tables(monkeypatch):
    """Small tables standing in for the course's: ``tables["events"] = df`` makes
    ``data.load("events")`` return a copy of ``df`` in the lesson modules (which read every
    table through ``data.load``); other tables load as usual."""
    real = data.load
    frames = {}

    def load(name, data_dir=None):
        return frames[name].copy() if name in frames else real(name, data_dir)

    monkeypatch.setattr(data, "load", load)
    return frames
