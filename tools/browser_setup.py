"""Make sure Debian's Chromium is there for the browser tests (Playwright drives it).

Playwright's own browser download needs the internet and is never used. If /usr/bin/chromium
is missing, install Debian's package (as root), saying so; otherwise fail with a clear message.
SKIP_BROWSER=1 skips the browser tests explicitly.
"""

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    if os.environ.get("SKIP_BROWSER") == "1":
        print("==> SKIP_BROWSER=1: the browser tests are skipped on request")
        return 0
    if os.path.exists(CHROMIUM):
        print(f"==> Browser: {CHROMIUM} is installed")
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("==> Browser: Chromium is missing; installing Debian's package 'chromium' "
              "(about a minute, ~500 MB)", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        if os.path.exists(CHROMIUM):
            return 0
    print(f"error: the browser tests need Chromium at {CHROMIUM}. Install Debian's package "
          "'chromium' (sudo apt-get install chromium), or set SKIP_BROWSER=1 to skip them.",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
