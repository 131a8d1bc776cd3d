# Every target that needs the virtualenv depends on `install`, so `make run` and `make test`
# work as the very first command on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# Where `make run` and `make serve` listen (`make serve PORT=8123`). `make run` stays on 127.0.0.1.
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn worker processes of `make serve`: WORKERS, else WEB_CONCURRENCY (the variable
# platforms set), else 2 (one per core of a small server).
WORKERS ?= $(or $(WEB_CONCURRENCY),2)

.PHONY: install run serve worker test test-quick lint format migrations-check messages demo bench backup-drill

# `make run` is the development server: debug mode unless the environment says otherwise.
run demo: export DEBUG ?= true
# Tests and checks run with DEBUG off, like production, so they need some key.
test test-quick migrations-check backup-drill: export SECRET_KEY ?= test-only-secret-key-not-for-production-0000000000000

install: $(VENV)/.installed node_modules/.installed

# axe-core, which the browser tests run in the pages (tests/site/test_axe_browser.py); npm ci
# installs exactly package-lock.json's versions. Without npm those tests are skipped (CI has it).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the axe-core browser tests will be skipped (apt-get install npm)"; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production serving (docs/deployment.md): settings come from the environment or .env as in
# production, so DEBUG is off and SECRET_KEY and ALLOWED_HOSTS must be set (HTTPS=false for plain
# http on a local port). Several `make serve` may share one PostgreSQL and one Redis (CACHE_URL);
# gunicorn's control socket is off because it would be one path in $HOME shared by all of them.
# Large imports are queued in the database for the background workers: run `make worker` beside
# it, on this machine or another with the same .env (docs/deployment.md, "Workers").
serve worker: export TASKS_BACKEND ?= database
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn codi_registry.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --no-control-socket

# A background worker: runs the jobs `make serve` queues (large imports), one at a time. Start
# as many as the jobs need, on any machines that reach the database (docs/deployment.md).
worker: install
	$(BIN)/python manage.py db_worker

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Before a commit: everything but the browser tests, the hostile-input sweeps and the slow
# end-to-end tests, on two workers (CI runs all of them: docs/development.md, Tests).
test-quick: install
	$(BIN)/pytest -n 2 -m "not browser and not fuzz and not slow" $(PYTEST_ARGS)

# The restore drill of docs/operations.md: back up, restore somewhere new, check the copy. On
# SQLite always; on PostgreSQL too when DATABASE_URL points to it and pg_dump is installed.
backup-drill: install
	$(BIN)/pytest tests/site/test_backup_restore.py -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Production's `check --deploy`, which must print no warning: DEBUG off, a fresh random key, one
# host name, and nothing else from this shell (env -i). A .env file beside manage.py still applies.
.PHONY: deploy-check
deploy-check: install
	env -i PATH="$$PATH" DEBUG=false ALLOWED_HOSTS=registry.example.org \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# Speed of pages, search, exports and admin on a registry of SCALE × national×10 (1 = 20,000
# agreements), in a throwaway SQLite file unless BENCH_DATABASE_URL names another database
# (its name must contain "bench"). JSON=path also writes every figure as JSON. See
# docs/performance.md, e.g. make bench SCALE=1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/codi_bench
SCALE ?= 0.1
BENCH_DB ?= /tmp/codi-bench.sqlite3
BENCH_DATABASE_URL ?= sqlite:///$(BENCH_DB)
BENCH_ARGS ?=
# The production path: DEBUG off (the command brings its own key and serves static files from
# their folders, so no .env and no collectstatic are needed).
bench: export DEBUG = false
bench: export DATABASE_URL = $(BENCH_DATABASE_URL)
bench: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py benchmark --scale $(SCALE) $(if $(JSON),--json $(JSON)) \
		$(if $(GROWTH),--growth) $(BENCH_ARGS)

# Needs GNU gettext; the compiled .mo files are committed so a fresh machine does not.
messages: install
	$(BIN)/python manage.py makemessages --locale th --locale en --ignore '.venv/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'
