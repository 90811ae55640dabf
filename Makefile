# Safeplan: `make run` starts a demo clinic on SQLite; `make test` runs every test (SQLite, then PostgreSQL).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run install install-test test test-sqlite test-postgres lint format bench bench-smoke clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Links in the demo's printed logins, messages and calendar feeds point at the address `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

run: install
	SAFEPLAN_MODE=demo SAFEPLAN_SITE_URL=$(SITE_URL) $(BIN)/safeplan demo
	# The worker sends reminders, escalates missed check-ins and lost connections, and seals the audit log.
	SAFEPLAN_MODE=demo SAFEPLAN_SITE_URL=$(SITE_URL) $(BIN)/safeplan worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Safeplan is serving at $(SITE_URL)/ (Ctrl+C stops it)"; \
	SAFEPLAN_MODE=demo SAFEPLAN_SITE_URL=$(SITE_URL) $(BIN)/safeplan serve --host $(HOST) --port $(PORT)

test: install-test
	BIN=$(BIN) scripts/run-tests.sh

lint: install-test
	$(BIN)/ruff check safeplan tests bench
	$(BIN)/ruff format --check safeplan tests bench
	SAFEPLAN_MODE=dev SAFEPLAN_DATA_DIR=$${TMPDIR:-/tmp}/safeplan-lint $(BIN)/mypy safeplan
	SAFEPLAN_MODE=dev SAFEPLAN_DATA_DIR=$${TMPDIR:-/tmp}/safeplan-lint $(BIN)/python manage.py makemigrations --check --dry-run
	# The layers (docs/dev-guide.md): import contracts in pyproject.toml, and a ratchet on function-level imports.
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/function_imports.py

format: install-test
	$(BIN)/ruff format safeplan tests bench
	$(BIN)/ruff check --fix safeplan tests bench

bench: install-test
	$(BIN)/python -m bench.crisis_screens

# Every benchmark once at a tiny size (CI), so none of them rots.
bench-smoke: install-test
	BIN=$(BIN) scripts/bench-smoke.sh

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
