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

.PHONY: setup run test test-dates bench lint format assets migrate demo clean

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
# applied. CI (CI=true, which .ci/run sets) always builds it afresh, and keeps it for
# `make test-dates` to reuse.
TEST_DB := --reuse-db $(if $(filter true 1,$(CI)),--create-db)

# The whole suite. DATABASE_URL and CELERY_BROKER_URL, when set, point it at real services.
# Tests marked `dates` run on one pinned day (tests/dates.py), the rest on the real clock.
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(TEST_DB)

# The days `make test-dates` runs the tests marked `dates` on, each an edge the code must get
# right: the clocks going forward, in the last six weeks of a financial year (the demo's
# windows move to the next YJSIP cycle); the last day of a month and of a YJSIP cycle; the
# first day of a month and of a cycle; the last weeks of a calendar year (a board agenda spans two cycles, as when issue 10 was found, and
# the demo's training moves past Christmas); 29 February.
TEST_DATES ?= 2027-03-28 2027-03-31 2027-04-01 2027-12-06 2028-02-29

# The browser tests among them (marked e2e too) take most of the time, so they run on the days
# whose demo world differs most for a journey: the last day of a financial year and of a YJSIP
# cycle (the demo's windows in the next cycle), and the Christmas weeks (an agenda spanning two
# cycles). `make test` runs them on the pinned day as well.
BROWSER_TEST_DATES ?= 2027-03-31 2027-12-06

# The tests marked `dates`, once on each of TEST_DATES (PEERREVIEW_TEST_TODAY), the browser
# tests among them only on BROWSER_TEST_DATES. Every day is run, and the days that failed are
# named at the end.
test-dates: setup
	@failed=""; \
	for day in $(TEST_DATES); do \
	  marks="dates and not e2e"; \
	  case " $(BROWSER_TEST_DATES) " in *" $$day "*) marks="dates";; esac; \
	  echo "make test-dates: the tests marked $$marks, on $$day"; \
	  PEERREVIEW_TEST_TODAY=$$day $(BIN)/python -m pytest -m "$$marks" --reuse-db -q \
	    || failed="$$failed $$day"; \
	done; \
	if [ -n "$$failed" ]; then echo "make test-dates: failed on$$failed"; exit 1; fi

# The team matcher's national-scale problem (tests/perf/matching.py), then the pages under load
# (tests/perf/bench.py), then the report's PDF (tests/perf/report_pdf.py), then importing a
# national release of performance figures (tests/perf/performance_data.py), then faults: Redis
# stopped and a worker killed (tests/perf/faults.py, needs PostgreSQL and redis-server). All
# run; the target fails when any misses a target.
bench: setup
	@status=0; \
	$(BIN)/python -m tests.perf.matching || status=1; \
	$(BIN)/python -m tests.perf.bench || status=1; \
	$(BIN)/python -m tests.perf.report_pdf || status=1; \
	$(BIN)/python -m tests.perf.performance_data || status=1; \
	$(BIN)/python -m tests.perf.faults || status=1; \
	exit $$status

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
