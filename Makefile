# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: install run test lint fmt seed bench clean-data mutate

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --quiet
	touch $@

install: $(VENV)/.synced  ## locked dependencies into .venv, plus Chromium for the browser tests
	./scripts/ensure-chromium.sh

run: $(VENV)/.synced  ## embedded PostgreSQL + Redis, migrate, demo data, web + worker + beat
	$(BIN)/python -m spsti.run

test: install  ## the whole test suite, on real PostgreSQL, Redis, Celery and Chromium
	DEBUG=true $(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4

lint: $(VENV)/.synced  ## ruff, formatting, import contracts, migrations in sync, Django's checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/python manage.py check

fmt: $(VENV)/.synced
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

seed: $(VENV)/.synced  ## demo data (idempotent)
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo

bench: $(VENV)/.synced  ## benchmarks over the large dataset, as ratios against a baseline
	DEBUG=true $(BIN)/python -m bench

# Which mutants to run: every one by default, or a glob such as MUTANTS='suivi_sante.rules.*'.
MUTANTS ?=
mutate: $(VENV)/.synced  ## mutation testing of the pure rules and the document-freezing services (slow; not in CI)
	rm -rf mutants
	DEBUG=true nice -n 10 $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results

clean-data:  ## forget the embedded databases (demo and benchmark data)
	rm -rf .data
