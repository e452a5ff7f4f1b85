"""Offline guard, static HTML rendering with saved widget state, and the Binder reading."""

import json
import os
import re
import socket
import subprocess
import sys

import nbformat
import pytest
from nbconvert import HTMLExporter
from notebook_files import LESSONS, ids
from tests_paths import ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_network_guard_refuses_outside_connections():
    env = dict(os.environ, COURSE_NET_GUARD="1",
               PYTHONPATH=str(ROOT / "tools" / "netguard"))
    code = ("import socket\ntry:\n socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
            "except ConnectionRefusedError as e:\n print('refused', e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "refused network guard" in out.stdout


def test_guard_is_active_in_this_run_when_asked():
    if os.environ.get("COURSE_NET_GUARD") != "1":
        pytest.skip("not a guarded run")
    with pytest.raises(ConnectionRefusedError, match="network guard"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_static_html_carries_saved_widget_state(path):
    nb = nbformat.read(path, as_version=4)
    views = [o["data"][WIDGET_VIEW]["model_id"] for c in nb.cells for o in c.get("outputs", [])
             if WIDGET_VIEW in o.get("data", {})]
    body, _ = HTMLExporter().from_notebook_node(nb)
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>',
                  body, re.S)
    assert m, "the HTML embeds the saved widget state"
    state = json.loads(m.group(1))["state"]
    for mid in views:
        assert mid in state, f"widget view {mid} has no saved state in the HTML"
    # Each view is drawn where its output was: a view script naming its model, in order.
    shown = [json.loads(v)["model_id"] for v in re.findall(
        r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', body, re.S)]
    assert shown == views, "the HTML draws every saved widget view where its output was"


def test_repo2docker_reads_the_root_environment_and_postbuild():
    exe = ROOT / ".venv" / "bin" / "jupyter-repo2docker"
    out = subprocess.run([str(exe), "--no-build", "--debug", str(ROOT)], capture_output=True,
                         text=True, timeout=120)
    text = out.stdout + out.stderr
    assert "Building conda environment for python=3.11" in text
    assert "environment.yml" in text
    assert re.search(r"postBuild", text), "the root postBuild is run"
