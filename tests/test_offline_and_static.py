"""Offline guard and wrapper, trust, static HTML with saved widget state, the Binder reading."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter
from notebook_files import LESSONS, ids
from tests_paths import ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


GUARD_ENV = {"COURSE_NET_GUARD": "1", "PYTHONPATH": str(ROOT / "tools" / "netguard")}
# Each way out of the machine that Python offers, tried in a guarded process (never reaching out:
# 192.0.2.0/24 and 2001:db8:: are documentation addresses; names are refused before any lookup).
REFUSED = {
    "connect": "socket.socket().connect(('192.0.2.1', 80))",
    "connect_ex": "socket.socket().connect_ex(('192.0.2.1', 80))",
    "_socket connect": "_socket.socket().connect(('192.0.2.1', 80))",
    "_socket connect_ex": "_socket.socket().connect_ex(('192.0.2.1', 80))",
    "_socket connect to a name": "_socket.socket().connect(('127.evil.example', 80))",
    "ipv6 connect": "socket.socket(socket.AF_INET6).connect(('2001:db8::1', 80))",
    "udp sendto": "udp().sendto(b'x', ('192.0.2.1', 53))",
    "udp sendto with flags": "udp().sendto(b'x', 0, ('192.0.2.1', 53))",
    "udp sendmsg": "udp().sendmsg([b'x'], [], 0, ('192.0.2.1', 53))",
    "_socket udp sendto": "_socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
                          ".sendto(b'x', ('192.0.2.1', 53))",
    "udp sendto a name": "udp().sendto(b'x', ('dns.example', 53))",
    "create_connection": "socket.create_connection(('192.0.2.1', 80), timeout=1)",
    "create_connection to a name": "socket.create_connection(('example.com', 80), timeout=1)",
    "name beginning with 127.": "socket.create_connection(('127.evil.example', 80), timeout=1)",
    "connect to a name beginning with 127.": "socket.socket().connect(('127.0.0.1.example', 80))",
    "getaddrinfo": "socket.getaddrinfo('example.com', 443)",
    "gethostbyname": "socket.gethostbyname('example.com')",
    "gethostbyname_ex": "socket.gethostbyname_ex('example.com')",
    "gethostbyaddr": "socket.gethostbyaddr('192.0.2.1')",
    "getnameinfo": "socket.getnameinfo(('192.0.2.1', 80), 0)",
    "urllib": "urllib.request.urlopen('http://example.com/', timeout=1)",
    "asyncio": "asyncio.run(asyncio.open_connection('192.0.2.1', 80))",
    "raw IP socket": "socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
    "packet socket": "socket.socket(socket.AF_PACKET, socket.SOCK_RAW)",
}
ALLOWED = {
    "loopback literal": "socket.create_connection(('127.0.0.1', PORT), timeout=1).close()",
    "other loopback literal": "socket.socket().connect_ex(('127.0.0.2', PORT))",
    "localhost": "socket.create_connection(('localhost', PORT), timeout=1).close()",
    "udp to loopback": "udp().sendto(b'x', ('127.0.0.1', PORT))",
    "unix socket pair": "socket.socketpair()",
    "local lookup": "socket.getaddrinfo(None, PORT)",
}
PROBE = """
import _socket, asyncio, json, socket, sys, urllib.request
def udp():
    return socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(8)
PORT = server.getsockname()[1]
out = {}
for name, code in json.loads(sys.argv[1]).items():
    try:
        eval(code)
        out[name] = "allowed"
    except OSError as e:
        out[name] = str(getattr(e, "reason", e))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def guarded():
    """{case: 'allowed' or the error's message} from one guarded Python process."""
    cases = json.dumps({**REFUSED, **ALLOWED})
    out = subprocess.run([sys.executable, "-c", PROBE, cases], env={**os.environ, **GUARD_ENV},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("case", REFUSED)
def test_network_guard_refuses(guarded, case):
    assert guarded[case].startswith("network guard:"), f"{REFUSED[case]}: {guarded[case]}"


@pytest.mark.parametrize("case", ALLOWED)
def test_network_guard_allows_this_machine(guarded, case):
    assert guarded[case] == "allowed", f"{ALLOWED[case]}: {guarded[case]}"


def test_guard_is_off_unless_asked():
    code = "import socket; print(socket.socket.connect is socket.SocketType.connect)"
    env = {**os.environ, "PYTHONPATH": GUARD_ENV["PYTHONPATH"], "COURSE_NET_GUARD": "0"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "True"


def test_guard_is_active_in_this_run_when_asked():
    if os.environ.get("COURSE_NET_GUARD") != "1":
        pytest.skip("not a guarded run")
    with pytest.raises(ConnectionRefusedError, match="network guard"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def offline(tmp_path, fake: dict[str, str]):
    """tools/offline.sh with fake commands (name -> shell body) first on PATH; its output."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in fake.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
           "OFFLINE_PYTHON": sys.executable}
    code = "import os, socket; print('guard', os.environ['COURSE_NET_GUARD'])"
    out = subprocess.run([str(ROOT / "tools" / "offline.sh"), sys.executable, "-c", code],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def namespaces_work():
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0 \
        if shutil.which("unshare") else False


def test_offline_without_a_namespace_runs_with_the_guard_alone_and_says_so(tmp_path):
    out = offline(tmp_path, {"unshare": "exit 1"})
    assert "cannot make a network namespace here" in out and "network guard alone" in out
    assert out.strip().endswith("guard 1")


def test_offline_with_loopback_down_falls_back_to_the_guard_alone(tmp_path):
    if not namespaces_work():
        pytest.skip("no network namespaces on this machine (the test above covers the fallback)")
    out = offline(tmp_path, {"ip": "echo 'RTNETLINK answers: Operation not permitted' >&2; exit 2"})
    assert "loopback does not work inside a network namespace" in out
    assert "Operation not permitted" in out and "network guard alone" in out
    assert out.strip().endswith("guard 1")
    # ip "succeeds" but does nothing: loopback stays down, and the check notices.
    out = offline(tmp_path, {"ip": "exit 0"})
    assert "loopback does not work" in out and "Network is unreachable" in out


def test_offline_cuts_the_network_where_loopback_works(tmp_path):
    if not namespaces_work():
        pytest.skip("no network namespaces on this machine")
    out = offline(tmp_path, {})
    assert "network cut to loopback" in out and out.strip().endswith("guard 1")


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Course", "-c",
                    "user.email=course@example.invalid", *args], check=True, capture_output=True)


def notebook(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, path)


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """A git checkout with a committed, a changed, a staged, and an untracked notebook."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    repo = tmp_path / "course"
    for name in ("notebooks/00-a.ipynb", "notebooks/01-changed.ipynb", "solutions/00-a.ipynb"):
        notebook(repo / name, name)
    git(repo.parent, "init", "-q", str(repo))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "course")
    notebook(repo / "notebooks/01-changed.ipynb", "changed since the commit")
    notebook(repo / "exercises/00-staged.ipynb", "added, not committed")
    git(repo, "add", "exercises/00-staged.ipynb")
    notebook(repo / "notebooks/99-dropped.ipynb", "<script>alert('dropped in')</script>")
    return repo


def signed(path) -> bool:
    from nbformat.sign import NotebookNotary

    return NotebookNotary().check_signature(nbformat.read(path, as_version=nbformat.NO_CONVERT))


def test_only_committed_unchanged_notebooks_are_trusted(course_copy, capsys):
    import trust

    ok, left = trust.course_notebooks(course_copy)
    assert [p.relative_to(course_copy).as_posix() for p in ok] == [
        "notebooks/00-a.ipynb", "solutions/00-a.ipynb"]
    assert {p.name for p in left} == {"01-changed.ipynb", "00-staged.ipynb", "99-dropped.ipynb"}
    assert trust.main(course_copy) == 0
    out = capsys.readouterr().out
    assert "2 course notebooks signed" in out and "99-dropped.ipynb" in out
    assert signed(course_copy / "notebooks/00-a.ipynb")
    assert signed(course_copy / "solutions/00-a.ipynb")
    for name in ("notebooks/99-dropped.ipynb", "notebooks/01-changed.ipynb",
                 "exercises/00-staged.ipynb"):
        assert not signed(course_copy / name), f"{name} was trusted"


def test_without_git_nothing_is_trusted_and_it_says_so(tmp_path, monkeypatch, capsys):
    import trust

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    copy = tmp_path / "downloaded"
    notebook(copy / "notebooks/00-a.ipynb", "from a zip")
    assert trust.main(copy) == 0
    assert "not a git checkout" in capsys.readouterr().out
    assert not signed(copy / "notebooks/00-a.ipynb")


def test_every_course_command_trusts_through_tools_trust():
    make = (ROOT / "Makefile").read_text()
    post = (ROOT / "postBuild").read_text()
    assert "jupyter trust" not in make and "jupyter trust" not in post
    assert re.search(r"^setup: .*\n\t@?\$\(BIN\)/python tools/trust\.py$", make, re.M)
    assert re.search(r"^python tools/trust\.py$", post, re.M)
    for target in ("lab", "test", "test-fast", "test-browser"):
        assert re.search(rf"^{target}: setup\b", make, re.M), f"make {target} runs setup"


@pytest.mark.slow
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


@pytest.mark.browser  # repo2docker is in the browser group: run by `make test-browser`
def test_repo2docker_reads_the_root_environment_and_postbuild():
    exe = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    assert exe, "jupyter-repo2docker is installed beside this Python (the browser group)"
    out = subprocess.run([str(exe), "--no-build", "--debug", str(ROOT)], capture_output=True,
                         text=True, timeout=120)
    text = out.stdout + out.stderr
    assert "Building conda environment for python=3.11" in text
    assert "environment.yml" in text
    assert re.search(r"postBuild", text), "the root postBuild is run"
