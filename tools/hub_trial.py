"""A class on a real JupyterHub, on this machine only: ``make test-hub``.

    python tools/hub_trial.py --students 10 [--lesson 02]

Starts JupyterHub on 127.0.0.1 (its proxy, configurable-http-proxy, from npm; the dummy
authenticator; the simple local spawner, one home folder per student under a temporary folder),
creates the student accounts and starts their servers through the hub's REST API, pulls the
course into every home with nbgitpuller from a local clone of this repository, then runs the
lesson in every student's server at the same time through the server's REST and kernel APIs
(a session, then each code cell as an ``execute_request`` over the kernel's websocket). Checks:
every run finished with no error; a student's edited notebook survives a second pull that brings
a new upstream commit. Prints the wall time for the class and the memory (PSS: shared pages
counted once) of the hub, the proxy, each single-user server and each kernel, and what they
imply for a class of 200. Exit status 1 on any failed check. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import nbformat
import psutil
import requests
from course_files import write_atomic
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHP = ROOT / ".venv" / "npm-hub" / "node_modules" / ".bin"
TARGET = "karabakh-course"  # the folder nbgitpuller pulls the course into, in each home
MARK = "An edit of my own that the next pull must keep."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(work: Path, port: int, token: str) -> str:
    return f"""
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(CHP / 'configurable-http-proxy')!r}]
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.cmd = [{str(BIN / 'jupyterhub-singleuser')!r}]
c.Spawner.args = ["--allow-root", "--ServerApp.ip=127.0.0.1"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"PATH": {str(BIN) + ':/usr/bin:/bin'!r}}}
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.check_running_servers = False
c.JupyterHub.cleanup_servers = True
c.JupyterHub.services = [{{"name": "class-trial", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "class-trial", "services": ["class-trial"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
"""


class Hub:
    def __init__(self, work: Path):
        self.work, self.port, self.token = work, free_port(), secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {self.token}"
        write_atomic(work / "jupyterhub_config.py", config(work, self.port, self.token))
        self.log = open(work / "jupyterhub.log", "w")
        env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
        self.proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", "jupyterhub_config.py"],
                                     cwd=work, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"JupyterHub stopped at start: see {work / 'jupyterhub.log'}")
            try:
                if self.http.get(f"{self.base}/hub/api/", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        sys.exit("JupyterHub did not answer within 120 s")

    def api(self, method: str, path: str, **kw):
        r = self.http.request(method, f"{self.base}/hub/api{path}", timeout=180, **kw)
        r.raise_for_status()
        return r.json() if r.content else None

    def user(self, name: str, method: str, path: str, **kw):
        return self.http.request(method, f"{self.base}/user/{name}{path}", timeout=600, **kw)

    def stop(self):
        self.proc.send_signal(signal.SIGINT)  # the hub stops the servers and its proxy
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def start_servers(hub: Hub, names: list[str]) -> float:
    t = time.monotonic()
    hub.api("POST", "/users", json={"usernames": names})
    for name in names:
        hub.api("POST", f"/users/{name}/server")
    pending = set(names)
    while pending:
        for name in list(pending):
            if hub.api("GET", f"/users/{name}")["servers"].get("", {}).get("ready"):
                pending.discard(name)
        if time.monotonic() - t > 300:
            sys.exit(f"servers not ready after 300 s: {sorted(pending)}")
        time.sleep(0.5)
    return time.monotonic() - t


def pull(hub: Hub, name: str, repo: str) -> str:
    """nbgitpuller's own API (the event stream its link page reads); returns the stream."""
    query = urlencode({"repo": repo, "branch": "main", "targetpath": TARGET})
    r = hub.user(name, "GET", f"/git-pull/api?{query}", stream=True)
    r.raise_for_status()
    text = "".join(chunk.decode() for chunk in r.iter_content(None))
    if '"phase": "finished"' not in text:
        raise RuntimeError(f"{name}: nbgitpuller did not finish:\n{text[-2000:]}")
    return text


async def run_lesson(hub: Hub, name: str, path: str, cells: list[str]) -> dict:
    """Open a session on the lesson, run every code cell in order; errors and timings."""
    t0 = time.monotonic()
    r = await asyncio.to_thread(hub.user, name, "POST", "/api/sessions",
                                json={"path": path, "type": "notebook", "name": "",
                                      "kernel": {"name": "python3"}})
    r.raise_for_status()
    kernel = r.json()["kernel"]["id"]
    url = hub.base.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {hub.token}"}))
    session, errors = uuid.uuid4().hex, []
    for i, code in enumerate(cells):
        msg_id = uuid.uuid4().hex
        await ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
                       "username": name, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        reply = idle = False
        while not (reply and idle):
            raw = await asyncio.wait_for(ws.read_message(), 300)
            if raw is None:
                raise RuntimeError(f"{name}: the kernel's websocket closed at cell {i}")
            m = decode(raw)
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = m["header"]["msg_type"]
            if kind == "error":
                errors.append(f"cell {i}: {m['content']['ename']}: {m['content']['evalue']}")
            elif kind == "stream" and m["content"]["name"] == "stderr":
                errors.append(f"cell {i}: stderr: {m['content']['text'][:200]}")
            elif kind == "execute_reply":
                reply = True
                if m["content"]["status"] != "ok":
                    errors.append(f"cell {i}: status {m['content']['status']}")
            elif kind == "status" and m["content"]["execution_state"] == "idle":
                idle = True
    ws.close()
    return {"name": name, "kernel": kernel, "seconds": time.monotonic() - t0, "errors": errors}


def decode(raw: str | bytes) -> dict:
    """A kernel websocket message: JSON text, or binary (a count and offsets, then the JSON
    message and its buffers: how the server sends a message that has buffers)."""
    if isinstance(raw, str):
        return json.loads(raw)
    n = int.from_bytes(raw[:4], "big")
    offsets = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(n)]
    end = offsets[1] if n > 1 else len(raw)
    return json.loads(raw[offsets[0]:end])


def pss_mb(proc: psutil.Process) -> float:
    try:
        return proc.memory_full_info().pss / 2**20
    except (psutil.Error, AttributeError):
        return proc.memory_info().rss / 2**20


def memory(hub: Hub) -> dict:
    root = psutil.Process(hub.proc.pid)
    out = {"hub": pss_mb(root), "proxy": 0.0, "servers": [], "kernels": []}
    for child in root.children(recursive=True):
        cmd = " ".join(child.cmdline())
        if "configurable-http-proxy" in cmd:
            out["proxy"] += pss_mb(child)
        elif "jupyterhub-singleuser" in cmd:
            out["servers"].append(pss_mb(child))
        elif "ipykernel_launcher" in cmd:
            out["kernels"].append(pss_mb(child))
    return out


def clone(work: Path) -> Path:
    """A local clone of this repository's committed state: the course as a class would get it."""
    src = work / "upstream"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(src)], check=True)
    subprocess.run(["git", "-C", str(src), "checkout", "--quiet", "-B", "main"], check=True)
    return src


def upstream_commit(src: Path) -> None:
    note = src / "my-work" / "README.md"
    write_atomic(note, note.read_text() + "\nA change the teacher pushed after the first pull.\n")
    subprocess.run(["git", "-C", str(src), "-c", "user.name=Teacher", "-c",
                    "user.email=teacher@localhost", "commit", "--quiet", "-am",
                    "A teacher's change"], check=True)


def edit_notebook(hub: Hub, name: str, path: str) -> None:
    r = hub.user(name, "GET", f"/api/contents/{path}")
    r.raise_for_status()
    model = r.json()
    model["content"]["cells"].append({"cell_type": "markdown", "metadata": {}, "source": MARK})
    r = hub.user(name, "PUT", f"/api/contents/{path}",
                 json={"type": "notebook", "format": "json", "content": model["content"]})
    r.raise_for_status()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=10)
    ap.add_argument("--lesson", default="02")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)
    if not (CHP / "configurable-http-proxy").exists():
        sys.exit(f"no configurable-http-proxy in {CHP}: run `make test-hub` (npm ci installs it)")
    lesson = next((ROOT / "notebooks").glob(f"{args.lesson}-*.ipynb"))
    rel = f"{TARGET}/notebooks/{lesson.name}"
    nb = nbformat.read(lesson, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    work = Path(tempfile.mkdtemp(prefix="hub-trial-"))
    names = [f"student{i:02d}" for i in range(1, args.students + 1)]
    failures: list[str] = []
    hub = None
    try:
        src = clone(work)
        repo = src.as_uri()
        t = time.monotonic()
        hub = Hub(work)
        hub_start = time.monotonic() - t
        spawn = start_servers(hub, names)
        t = time.monotonic()
        for name in names:
            pull(hub, name, repo)
        first_pull = time.monotonic() - t
        # nbgitpuller's link for a real class (README, "A class on JupyterHub")
        link = (f"{hub.base}/hub/user-redirect/git-pull?"
                + urlencode({"repo": repo, "branch": "main", "targetpath": TARGET,
                             "urlpath": f"lab/tree/{TARGET}/notebooks/00-start-here.ipynb"}))
        r = hub.http.get(link, allow_redirects=True, timeout=120)
        if not r.ok:
            failures.append(f"the nbgitpuller link answered {r.status_code}")
        idle = memory(hub)

        async def everyone():
            return await asyncio.gather(*(run_lesson(hub, n, rel, cells) for n in names),
                                        return_exceptions=True)

        t = time.monotonic()
        runs = asyncio.run(everyone())
        wall = time.monotonic() - t
        busy = memory(hub)
        for name, run in zip(names, runs, strict=True):
            if isinstance(run, BaseException):
                failures.append(f"{name}: {type(run).__name__}: {run}")
            elif run["errors"]:
                failures.append(f"{name}: {run['errors']}")
        runs = [r for r in runs if isinstance(r, dict)] or [{"seconds": wall}]
        # a student's own edit survives a second pull that brings a new upstream commit
        edit_notebook(hub, names[0], rel)
        upstream_commit(src)
        pull(hub, names[0], repo)
        home = work / "home" / names[0] / TARGET
        if MARK not in (home / "notebooks" / lesson.name).read_text():
            failures.append("the student's edit was lost by the second pull")
        if "after the first pull" not in (home / "my-work" / "README.md").read_text():
            failures.append("the second pull did not bring the teacher's change")
    finally:
        if hub:
            hub.stop()
        if not args.keep and not failures:
            shutil.rmtree(work, ignore_errors=True)

    n = len(names)
    per_run = [r["seconds"] for r in runs]
    server, kernel = statistics.median(busy["servers"]), statistics.median(busy["kernels"])
    student = server + kernel
    print(f"==> JupyterHub on 127.0.0.1, {n} students, lesson {lesson.stem} "
          f"({len(cells)} code cells), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"hub ready {hub_start:.1f} s; {n} servers started {spawn:.1f} s; "
          f"first pull of {n} homes {first_pull:.1f} s")
    print(f"lesson run in all {n} servers at once: wall {wall:.1f} s; per student median "
          f"{statistics.median(per_run):.1f} s, max {max(per_run):.1f} s")
    print(f"memory (PSS): hub {busy['hub']:.0f} MB, proxy {busy['proxy']:.0f} MB; single-user "
          f"server median {server:.0f} MB (idle {statistics.median(idle['servers']):.0f} MB, "
          f"range {min(busy['servers']):.0f}-{max(busy['servers']):.0f}); kernel after the "
          f"lesson median {kernel:.0f} MB (range {min(busy['kernels']):.0f}-"
          f"{max(busy['kernels']):.0f})")
    total200 = busy["hub"] + busy["proxy"] + 200 * student
    print(f"for 200 students: about {200 * student / 1024:.1f} GB for servers and kernels "
          f"({student:.0f} MB each) + {busy['hub'] + busy['proxy']:.0f} MB hub and proxy = "
          f"{total200 / 1024:.1f} GB; CPU: {n} students took {wall:.0f} s on "
          f"{os.cpu_count()} cores, so 200 starting the lesson at once need about "
          f"{200 / n * wall / 60 * os.cpu_count() / 16:.1f} min on 16 cores")
    for f in failures:
        print(f"FAILED: {f}")
    print(f"{'1 failed' if failures else '0 failed'}: hub trial "
          f"({'see ' + str(work) if failures else 'all checks passed'})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
