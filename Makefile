# Waspada: `make run` serves the app on SQLite with a demo school; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
FLASK  := $(BIN)/flask --app app
# The next migration's number: 0004 after 0001..0003 (see migrations/alembic.ini).
NEXT_MIGRATION = $(shell printf '%04d' $$(( $$(ls migrations/versions | grep -c '^[0-9]\{4\}_') + 1 )))

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint format i18n-extract i18n-compile migration db-upgrade bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

.PHONY: lock
lock: $(VENV)/.dev  ## Recompile requirements*.txt from requirements*.in (pip-tools)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(PIP_COMPILE_ARGS) --output-file requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(PIP_COMPILE_ARGS) --output-file requirements-dev.txt requirements-dev.in

run: $(VENV)/.runtime i18n-compile  ## Serve on http://127.0.0.1:5000 (HOST=0.0.0.0 for the classroom network)
	@address=$$( [ "$(HOST)" = "0.0.0.0" ] && hostname -I 2>/dev/null | awk '{print $$1}' || echo "$(HOST)" ); \
	export WASPADA_PUBLIC_URL=$${WASPADA_PUBLIC_URL:-http://$$address:$(PORT)}; \
	$(FLASK) db upgrade && $(FLASK) demo seed --if-empty && \
	echo "Waspada is at $$WASPADA_PUBLIC_URL (students join at $$WASPADA_PUBLIC_URL/join). Stop with Ctrl+C." && \
	exec env WASPADA_LOG_FORMAT=$${WASPADA_LOG_FORMAT:-text} $(BIN)/gunicorn --config deploy/gunicorn.conf.py --workers 2 --threads 4 --bind $(HOST):$(PORT) run:app

test: $(VENV)/.dev i18n-compile lint  ## Run the whole test suite (TEST_DATABASE_URL picks the database)
	$(BIN)/pytest

test-fast: $(VENV)/.dev i18n-compile  ## The tests without the browser and the slow ones (the benchmark smoke run)
	$(BIN)/pytest -m "not browser and not slow"

lint: $(VENV)/.dev  ## ruff (rules and formatting) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev  ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

i18n-extract: $(VENV)/.dev  ## Extract strings to translations/messages.pot and update the catalogues
	$(BIN)/pybabel extract --ignore-dirs=".* __pycache__" --no-location --omit-header -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o translations/messages.pot .
	$(BIN)/pybabel update --ignore-obsolete -i translations/messages.pot -d translations  # keeps each catalogue's header (Plural-Forms)

i18n-compile: $(VENV)/.runtime  ## Compile the catalogues (.po -> .mo)
	$(BIN)/pybabel compile -d translations --statistics 2>&1 | tail -n 2
	$(BIN)/pybabel compile -d translations -D wtforms 2>&1 | tail -n 1

migration: $(VENV)/.dev  ## Autogenerate a migration named 000N_what_changed.py: make migration MESSAGE="what changed"
	$(FLASK) db migrate -m "$(MESSAGE)" --rev-id $(NEXT_MIGRATION)

db-upgrade: $(VENV)/.runtime  ## Apply the migrations to DATABASE_URL (default: instance/waspada.sqlite3)
	$(FLASK) db upgrade

bench: $(VENV)/.dev  ## The load benchmark (see docs/performance.md)
	bench/run

clean:  ## Remove the virtual environment and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache
