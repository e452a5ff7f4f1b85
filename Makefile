# The course's commands. `make lab` opens the course; `make test` runs every test.
# Both bootstrap .venv from the pinned lock (requirements.txt) on first use.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
COMMITTED := $(wildcard notebooks/*.ipynb solutions/*.ipynb exercises/*.ipynb)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup lab test test-fast test-browser execute build exercises nav lint format bench lock clean

$(STAMP): requirements.txt pyproject.toml
	@echo "==> Setting up $(VENV) with $(PYTHON) (first run: about a minute; later runs: seconds)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --progress-bar on -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

setup: $(STAMP)
	@$(if $(COMMITTED),$(BIN)/jupyter trust $(COMMITTED) >/dev/null)
	@echo "==> Ready: the course's notebooks are trusted, so saved widgets show before you run anything."

lab: setup
	@echo "==> Opening JupyterLab on 127.0.0.1; open the URL with the token printed below."
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser $(ROOT_FLAG) --ServerApp.port_retries=0 \
	  --LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb

test: setup
	@echo "==> Lint"
	$(BIN)/ruff check .
	@echo "==> Unit, data, structure and derived-file tests; every notebook executed once"
	tools/offline.sh $(BIN)/python -m pytest -n 2 --dist loadscope tests

test-fast: setup
	$(BIN)/python -m pytest -n 2 --dist loadscope tests -m "not slow"

# Real browser: JupyterLab driven by Debian's Chromium (installed here if missing).
test-browser: setup
	$(BIN)/python tools/browser_setup.py
	tools/offline.sh $(BIN)/python -m pytest -m browser -p no:xdist -v tests/browser

# Regenerate derived files: exercises from solutions, the article's claims tables (from
# data/claims.csv), navigation and course map, stored outputs.
exercises: $(STAMP)
	$(BIN)/python tools/make_exercises.py
nav: $(STAMP)
	$(BIN)/python tools/make_claims.py
	$(BIN)/python tools/make_nav.py
	$(BIN)/python tools/make_sources.py
execute: $(STAMP)
	$(BIN)/python tools/execute.py notebooks solutions
build: nav exercises execute

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tools tests

format: $(STAMP)
	$(BIN)/ruff format src tools tests
	$(BIN)/ruff check --fix .

# Measure the course's cost (tools/bench.py): prints a table, appends to bench/results.csv.
# BENCH_SETUP=1 also times a fresh install (about a minute; needs the package registry).
bench: setup
	$(BIN)/python tools/bench.py $(if $(BENCH_SETUP),--setup)

# Re-lock after changing direct dependencies: resolves a fresh venv and rewrites requirements.txt
# and the pip list of environment.yml.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet jupyterlab ipywidgets pandas matplotlib \
	  nbval pytest pytest-xdist nbformat nbclient nbconvert ipykernel frictionless ruff \
	  playwright jupyter-repo2docker
	.lockenv/bin/python tools/lock.py .lockenv && rm -rf .lockenv

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
