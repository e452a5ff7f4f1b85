# The course's commands. `make lab` opens the course; `make test` runs every test.
# Both bootstrap .venv on first use from the hash-locked dependency groups in requirements/:
# `make lab` installs the runtime group only, `make test` adds the test group, `make test-browser`
# the browser group. Plain pip does the installing; uv is needed only by `make lock`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# `make lab` listens on PORT, or on the next free port when PORT is taken.
PORT ?= 8888
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
INSTALL := $(BIN)/python -m pip install --require-hashes --progress-bar on
LOCKENV := .lockenv
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup lab test test-fast test-browser test-site test-hub site execute build exercises nav lint format bench lock clean

# One stamp per installed group. tools/venv.sh stops on a Python older than 3.11 before anything
# is installed, and makes again a venv that an interrupted set-up left without pip.
$(VENV)/.runtime: requirements/runtime.txt pyproject.toml
	@echo "==> Setting up $(VENV): the runtime group (first run: about a minute; later runs: seconds)"
	@tools/venv.sh "$(PYTHON)" $(VENV)
	$(INSTALL) -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@
$(VENV)/.test: $(VENV)/.runtime requirements/test.txt
	@echo "==> Adding the test group to $(VENV)"
	$(INSTALL) -r requirements/test.txt
	@touch $@
$(VENV)/.browser: $(VENV)/.test requirements/browser.txt
	@echo "==> Adding the browser group to $(VENV)"
	$(INSTALL) -r requirements/browser.txt
	@touch $@

# The site has a venv of its own (Jupyter Book 1.x needs an older markdown-it-py than the test
# group), with the widget manager and require.js from npm, each checked against its integrity.
SITE_VENV := .venv-site
$(SITE_VENV)/.site: requirements/site.txt requirements/site-npm.txt
	@echo "==> Setting up $(SITE_VENV): the site group (Jupyter Book 1.x), then two npm packages"
	@tools/venv.sh "$(PYTHON)" $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --require-hashes --progress-bar on -r requirements/site.txt
	tools/npm_fetch.sh requirements/site-npm.txt $(SITE_VENV)/npm
	@touch $@
# The hub group adds JupyterHub and nbgitpuller to .venv; its proxy comes from npm (npm ci: the
# versions and hashes of requirements/npm-hub/package-lock.json).
$(VENV)/.hub: $(VENV)/.test requirements/hub.txt requirements/npm-hub/package-lock.json
	@echo "==> Adding the hub group to $(VENV), and JupyterHub's proxy from npm"
	$(INSTALL) -r requirements/hub.txt
	rm -rf $(VENV)/npm-hub && mkdir -p $(VENV)/npm-hub
	cp requirements/npm-hub/package.json requirements/npm-hub/package-lock.json $(VENV)/npm-hub/
	cd $(VENV)/npm-hub && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Signs only the course's own notebooks: committed, and unchanged since the commit (tools/trust.py).
# Also installs the course's JupyterLab settings (widget state saved with the notebook).
setup: $(VENV)/.runtime
	@$(BIN)/python tools/trust.py
	@$(BIN)/python tools/lab_settings.py

lab: setup
	@echo "==> Opening JupyterLab on 127.0.0.1, port $(PORT) or the next free one (make lab PORT=N"
	@echo "    starts elsewhere); open the URL with the token that JupyterLab prints below."
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser $(ROOT_FLAG) \
	  --ServerApp.port=$(PORT) --ServerApp.port_retries=50 \
	  --LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb

test: setup $(VENV)/.test
	@echo "==> Lint"
	$(BIN)/ruff check .
	@echo "==> Unit, data, structure and derived-file tests; every notebook executed once"
	tools/offline.sh $(BIN)/python -m pytest -n 2 --dist loadscope tests

# The tests without those marked slow (notebook re-execution, servers): a quick check while editing.
test-fast: setup $(VENV)/.test
	tools/offline.sh $(BIN)/python -m pytest -n 2 --dist loadscope -m "not slow" tests

# Real browser: JupyterLab driven by the system's Chromium (tools/browser_setup.py finds it, or
# says how to install it; COURSE_CHROMIUM=/path chooses one), and the built site opened offline.
# Also the Binder reading (repo2docker).
test-browser: setup $(VENV)/.browser site
	$(BIN)/python tools/browser_setup.py
	tools/offline.sh $(BIN)/python -m pytest -m browser -p no:xdist -v tests/browser \
	  tests/test_offline_and_static.py

# The course as a static website (Jupyter Book 1.x), built offline into build/site/html: the
# lessons with their stored outputs and saved widgets, the exercises, the data README, the
# teacher guide. `make test-site` builds it and opens it from a local server with the network
# cut (`make test-browser` does too, in one session with the lessons' test).
site: $(SITE_VENV)/.site
	tools/offline.sh $(SITE_VENV)/bin/python tools/make_site.py $(SITE_VENV)/npm

test-site: site $(VENV)/.browser
	tools/offline.sh $(BIN)/python -m pytest -m browser -p no:xdist -v tests/browser/test_site.py

# A class on a real JupyterHub (not part of `make test`): 10 students on 127.0.0.1, the course
# pulled into each home with nbgitpuller, lesson 02 run in every server at once (tools/hub_trial.py).
test-hub: setup $(VENV)/.hub
	tools/offline.sh $(BIN)/python tools/hub_trial.py --students 10

# Regenerate derived files: exercises from solutions, the article's claims tables (from
# data/claims.csv), navigation and course map, citations and Sources sections, stored outputs.
exercises: $(VENV)/.runtime
	$(BIN)/python tools/make_exercises.py
nav: $(VENV)/.runtime
	$(BIN)/python tools/make_claims.py
	$(BIN)/python tools/make_nav.py
	$(BIN)/python tools/make_sources.py
execute: $(VENV)/.runtime
	$(BIN)/python tools/execute.py notebooks solutions
build: nav exercises execute

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tools tests

format: $(VENV)/.test
	$(BIN)/ruff format src tools tests
	$(BIN)/ruff check --fix .

# Measure the course's cost (tools/bench.py): prints a table, appends to bench/results.csv.
# BENCH_SETUP=1 also times a fresh install of the runtime group (needs the package registry).
bench: setup $(VENV)/.test
	$(BIN)/python tools/bench.py $(if $(BENCH_SETUP),--setup)

# Re-lock after changing the direct dependencies in pyproject.toml: uv (itself hash-pinned in
# requirements/uv.txt, installed into .lockenv) resolves each group for every platform, keeping
# today's versions where it can; UPGRADE=1 allows newer ones. Rewrites environment.yml too.
$(LOCKENV)/.installed: requirements/uv.txt
	@tools/venv.sh "$(PYTHON)" $(LOCKENV)
	$(LOCKENV)/bin/python -m pip install --quiet --require-hashes -r requirements/uv.txt
	@touch $@
lock: $(LOCKENV)/.installed
	$(LOCKENV)/bin/python tools/lock.py $(LOCKENV)/bin/uv $(if $(UPGRADE),--upgrade)

clean:
	rm -rf $(VENV) $(SITE_VENV) $(LOCKENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
