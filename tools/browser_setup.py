"""Find Chromium (or Chrome) for the browser tests, which Playwright drives; say how to get one.

    python tools/browser_setup.py      # called by `make test-browser`

Playwright's own browser download needs the internet and is never used. The browser is, in order:
COURSE_CHROMIUM (a path or a command name), then the usual commands (chromium, chromium-browser,
google-chrome, google-chrome-stable, chrome), then the usual macOS applications. If none is there
and this runs as root on a machine with apt-get (Debian, Ubuntu: CI), Debian's package 'chromium'
is installed, saying so; otherwise the message says how to install one on this system.
SKIP_BROWSER=1 skips the browser tests explicitly.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
MACOS_APPS = ("/Applications/Chromium.app/Contents/MacOS/Chromium",
              "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
INSTALL = [  # (package manager, command): the first whose manager is present is named first
    ("apt-get", "sudo apt-get install chromium   (Debian; on Ubuntu: sudo snap install chromium)"),
    ("dnf", "sudo dnf install chromium   (Fedora, RHEL with EPEL)"),
    ("zypper", "sudo zypper install chromium   (openSUSE)"),
    ("pacman", "sudo pacman -S chromium   (Arch)"),
    ("apk", "sudo apk add chromium   (Alpine)"),
    ("brew", "brew install --cask chromium   (macOS; or install Google Chrome)"),
]


class NotFound(Exception):
    """No usable browser; the message says why and what to do."""


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_chromium(env=None, which=shutil.which, apps=MACOS_APPS) -> str:
    """The browser's path; raises NotFound with a message saying how to get one."""
    env = os.environ if env is None else env
    chosen = env.get("COURSE_CHROMIUM", "").strip()
    if chosen:
        path = chosen if os.sep in chosen else which(chosen)
        if path and _executable(path):
            return str(path)
        raise NotFound(f"COURSE_CHROMIUM={chosen!r} is not an executable file: point it at "
                       "Chromium or Chrome, or unset it to look for " + ", ".join(NAMES) + ".")
    for name in NAMES:
        if path := which(name):
            return str(path)
    for app in apps:
        if _executable(app):
            return app
    raise NotFound(missing_message(which))


def missing_message(which=shutil.which, system: str | None = None) -> str:
    system = system or platform.system()
    ways = sorted(INSTALL, key=lambda w: which(w[0]) is None)
    if system == "Darwin":
        ways = sorted(ways, key=lambda w: w[0] != "brew")
    lines = ["the browser tests need Chromium or Chrome, and none was found (looked for "
             "COURSE_CHROMIUM, " + ", ".join(NAMES) + ").",
             "Install one, for example:"]
    lines += [f"    {cmd}" for _, cmd in ways]
    lines += ["or point COURSE_CHROMIUM at a Chromium or Chrome you have "
              "(make test-browser COURSE_CHROMIUM=/path/to/chrome),",
              "or set SKIP_BROWSER=1 to skip the browser tests on purpose."]
    return "\n".join(lines)


def install_debian_chromium() -> bool:
    """As root with apt-get (Debian, CI): install Debian's 'chromium'. True if it worked."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        return False
    print("==> Browser: Chromium is missing; installing Debian's package 'chromium' "
          "(about a minute, ~500 MB)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    ok = (subprocess.run(["apt-get", "update", "-qq"], env=env).returncode == 0
          and subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"],
                             env=env).returncode == 0)
    return ok


def main() -> int:
    if os.environ.get("SKIP_BROWSER") == "1":
        print("==> SKIP_BROWSER=1: the browser tests are skipped on request")
        return 0
    try:
        path = find_chromium()
    except NotFound as e:
        if os.environ.get("COURSE_CHROMIUM") or not install_debian_chromium():
            print(f"error: {e}", file=sys.stderr)
            return 1
        try:
            path = find_chromium()
        except NotFound as again:
            print(f"error: {again}", file=sys.stderr)
            return 1
    print(f"==> Browser: {path} (COURSE_CHROMIUM=/path chooses another)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
