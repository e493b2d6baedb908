# Two commands on a fresh machine: `make run` and `make test`. Python 3.11+ is all they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

# axe-core (npm) for the browser suite's accessibility check; pinned, into a git-ignored folder.
AXE_VERSION := 4.11.1
AXE_JS := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: run test install translations lint bench clean axe

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations >/dev/null

run: install
	$(FLASK) db upgrade
	$(FLASK) lms import-content
	$(FLASK) lms seed-demo
	@echo "Latsar LMS on http://$(HOST):$(PORT)"
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - wsgi:app

# Two pytest workers (pytest-xdist), one per core; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: install axe
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

axe: $(AXE_JS)

# Without npm (a laptop) the accessibility test skips saying so; .ci/run installs npm, and there it must run.
$(AXE_JS): Makefile
	@if command -v npm >/dev/null; then \
	  npm install --prefix .cache/axe --no-save --no-audit --no-fund --ignore-scripts axe-core@$(AXE_VERSION) \
	  && touch $@; \
	else echo "npm not found: the browser suite's accessibility test will skip (LMS_REQUIRE_BROWSER=1 fails)"; fi

# ruff, then the layer contract of lms/ (.importlinter: imports only go down, no cycles).
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check lms tests bench
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache

# Performance report (not a test: it never fails on a slow figure). BENCH_ARGS="--quick --db sqlite", see bench/README.md.
bench: install
	command -v wrk >/dev/null || .ci/apt-install wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)
