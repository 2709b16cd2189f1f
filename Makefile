# The two commands that matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL = $(shell bin/postgres url)
# Start the local search node when SEARCH_URL is empty or names a local port
# (http://127.0.0.1:PORT, http://localhost:PORT) where nothing answers yet.
SEARCH_NODE = @if [ -z "$$SEARCH_URL" ] || bin/opensearch local >/dev/null; then bin/opensearch start >/dev/null; fi

.PHONY: run test lint format bench fonts system-deps install services-test services-run stop clean

$(STAMP): requirements.txt | system-deps
	$(or $(PYTHON),python3) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $(STAMP)

install: system-deps $(STAMP) fonts

system-deps:
	PYTHON=$(PYTHON) bin/system-deps

## make fonts: the prepared document fonts (documents/fonts.py), built once per machine
fonts: system-deps $(STAMP)
	bin/prepare-fonts

## make run: install, start the search node, migrate, load demo data (with 2019 built
## through the workflows: about two minutes the first time, nothing after), serve on :8000
## (SEARCH_URL=http://127.0.0.1:PORT runs the local node on PORT; RUN_ADDR moves the site)
run: install
	$(SEARCH_NODE)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py search_index ensure
	$(PY) manage.py load_demo --year 2019
	@bin/run-site

## make test: install, start PostgreSQL and OpenSearch, then run the whole suite
test: install
	@if [ -z "$$DATABASE_URL" ]; then bin/postgres start >/dev/null; fi
	$(SEARCH_NODE)
	$(MAKE) lint
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make bench: speed and memory measurements, written to BENCHMARKS.md by hand
bench: install
	@if [ -z "$$DATABASE_URL" ]; then bin/postgres start >/dev/null; fi
	$(SEARCH_NODE)
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} bin/bench

stop:
	bin/opensearch stop
	bin/postgres stop

clean: stop
	rm -rf .run db.sqlite3 media staticfiles
