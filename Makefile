# Two commands on a fresh machine: `make run` serves the demo site, `make test` runs the suite.
# Needs Python 3.12 (python3.12 on the PATH, or pyenv with the version in .python-version)
# and Node 20 with npm. Everything else is installed here, into .venv and node_modules.

SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(shell command -v python3.12 || echo "$$(pyenv root 2>/dev/null)/versions/$(PYTHON_VERSION)/bin/python")
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test bench lint format assets migrate demo clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/.built: node_modules/.installed $(shell find frontend -type f 2>/dev/null)
	npm run build
	touch $@

assets: static/build/.built

setup: $(VENV)/.installed assets

migrate: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo

# The embedded default: SQLite file, Celery tasks run in-process, email printed to the console.
run: demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The test database is kept between runs (pytest-django's --reuse-db: the migrations added
# since are applied, nothing else is rebuilt; on SQLite it is the file test-db.sqlite3).
# PYTEST_ADDOPTS=--create-db builds it afresh, as after changing a migration that was already
# applied. CI (CI=true, which .ci/run sets) always builds it afresh.
TEST_DB := --reuse-db $(if $(filter true 1,$(CI)),--create-db)

# The whole suite. DATABASE_URL and CELERY_BROKER_URL, when set, point it at real services.
# Tests marked `dates` run on one pinned day (tests/dates.py), the rest on the real clock.
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(TEST_DB)

bench: setup
	$(BIN)/python -m tests.perf.bench

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
