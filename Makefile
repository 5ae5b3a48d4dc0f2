# SEND Resolve: `make help` lists the commands.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): the machines have two cores.
TEST_WORKERS ?= 2
# The test database for `make test-postgres` (created and dropped by the test run).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/sendresolve

export SENDRESOLVE_ENV ?= development

.PHONY: help setup run demo lint format test test-postgres test-fast benchmark load-test clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "SEND Resolve needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

assets/build/.built: assets/package.json assets/package-lock.json $(wildcard assets/src/*)
	cd assets && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build
	@touch $@

setup: $(VENV)/.installed assets/build/.built ## Create the environment, install Python and front-end packages

run: export SENDRESOLVE_DEMO = true
run: setup ## Set up, migrate, seed the demo and serve it on http://127.0.0.1:8000/ (demo mode)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py signing_key  # development key that signs certificates (var/signing/)
	$(PY) manage.py demo --url http://$(HOST):$(PORT)/
	@scripts/ensure-clamav.sh || echo "ClamAV is not running: uploads are refused until it is (scripts/ensure-clamav.sh)"
	$(PY) manage.py schedule_reminders  # the daily reminder job (deadlines and meetings)
	@# The task worker (reminders, documents sent to families) runs beside the server and stops with it.
	$(PY) manage.py db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; $(PY) manage.py runserver $(HOST):$(PORT)

demo: setup ## Seed (or refresh) the demo data and print the logins
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py demo --url http://$(HOST):$(PORT)/

lint: setup ## Check code style (ruff lint and format) and types (mypy)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup ## Reformat the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: setup lint ## Run the whole test suite (lint, then every test incl. browser tests) on SQLite
	scripts/ensure-browser.sh
	scripts/ensure-clamav.sh
	SENDRESOLVE_ENV=test $(VENV)/bin/pytest -n $(TEST_WORKERS)

# The browser tests (axe, keyboard, layout) run once, in `make test`: what they check is the
# page in Chromium, the same whichever database served it. Every other test, the load, kill
# and two-server tests included, runs on PostgreSQL too.
test-postgres: setup ## Run the test suite against PostgreSQL (POSTGRES_URL), all but the browser tests
	scripts/ensure-clamav.sh
	SENDRESOLVE_ENV=test DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not browser"

test-fast: setup ## Run the tests without the browser (and without the load and kill tests)
	scripts/ensure-clamav.sh
	SENDRESOLVE_ENV=test $(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not browser and not reliability"

benchmark: setup ## Print law-core throughput and report-generation figures
	$(PY) benchmarks/law_benchmark.py
	$(PY) benchmarks/report_benchmark.py --cases 50000

load-test: setup ## Load-test a real gunicorn (30 s), SIGKILL it mid-burst and check every write, race identical submissions (SQLite)
	$(PY) benchmarks/load_test.py --database sqlite --seconds 30
	$(PY) benchmarks/kill_test.py --database sqlite
	$(PY) benchmarks/double_submit.py --database sqlite

load-test-servers: setup ## The same against two gunicorn servers sharing one database and Redis (REDIS_URL db 6)
	$(PY) benchmarks/load_test.py --database sqlite --seconds 30 --servers 2
	$(PY) benchmarks/kill_test.py --database sqlite --servers 2
	$(PY) benchmarks/double_submit.py --database sqlite --servers 2

clean: ## Remove the environment, built assets and local data
	rm -rf $(VENV) assets/node_modules assets/build var
