#!/usr/bin/env bash
# Make a virtual environment for the course, or repair one that an interrupted set-up left behind.
#
#     tools/venv.sh PYTHON VENV        # called by make before anything is installed
#
# 1. PYTHON must be Python 3.11 or newer: otherwise say so and stop, before installing anything.
# 2. A VENV whose Python cannot run pip (say `make setup` was stopped while the venv was being
#    made) is made again, saying so; a working VENV is left as it is.
set -euo pipefail
python=${1:-}
venv=${2:?usage: tools/venv.sh PYTHON VENV}
need="3.11"
how="Install Python $need or newer (python.org; apt install python3; dnf install python3;
       brew install python@3.11) and run make again, or name one: make PYTHON=/path/to/python3"

if [ -z "$python" ] || ! command -v "$python" >/dev/null 2>&1; then
  echo "error: no Python found${python:+ at '$python'}: the course needs Python $need or newer." >&2
  echo "       $how" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  version=$("$python" -c 'import sys; print(".".join(map(str, sys.version_info[:3])))' \
            2>/dev/null || echo "of unknown version")
  echo "error: $python is Python $version; the course needs Python $need or newer." \
       "Nothing was installed." >&2
  echo "       $how" >&2
  exit 1
fi

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  exit 0
fi
if [ -e "$venv" ]; then
  echo "==> $venv has no working pip (an interrupted set-up?): making it again"
  rm -rf "$venv"
fi
echo "==> Making $venv with $python ($("$python" --version 2>&1))"
"$python" -m venv "$venv"
if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$venv"
  echo "error: '$python -m venv' made no working pip (on Debian and Ubuntu: apt install" \
       "python3-venv); nothing was installed." >&2
  exit 1
fi
