# The two commands: `make run` serves the seeded registry on SQLite; `make test` runs everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The server runs from its own virtualenv with the runtime dependencies only, as production
# installs it: DRF imports optional packages when they are there (requests, pygments, which the
# test tools bring), 6 MB more in every worker (docs/benchmarks.md, scenario 4).
SERVE_VENV  := .venv-serve
SERVE_BIN   := $(SERVE_VENV)/bin
SERVE_STAMP := $(SERVE_VENV)/.installed
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= 2
# Seconds a sync worker may spend on one request: a streamed CSV of every designation counts as
# one (about 25 s at 1,000,000 designations, docs/benchmarks.md); gunicorn's default is 30.
TIMEOUT ?= 120

.PHONY: run test lint install migrate seed bench clean browser-deps backup-tools load fuzz eval-match

# The test tools include followthemoney, whose PyICU PyPI ships as source only: it compiles
# against libicu-dev (docs/testing.md), installed here when missing and root.
$(STAMP): pyproject.toml
	@if ! pkg-config --exists icu-uc 2>/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "== installing libicu-dev for PyICU (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(SERVE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_BIN)/pip install --quiet --upgrade pip
	$(SERVE_BIN)/pip install --quiet -e .
	touch $(SERVE_STAMP)

install: $(STAMP) $(SERVE_STAMP)

# Production settings on plain HTTP at 127.0.0.1: a secret key is generated once into
# var/secret_key (readable by its owner only), which config/settings.py reads whenever
# DJANGO_SECRET_KEY is unset, so the management commands run later find it too.
# The task worker (imports from the admin, docs/operations.md) runs beside gunicorn and is
# stopped with it; stale import uploads are cleaned up first.
run: $(SERVE_STAMP)
	@mkdir -p var
	@test -s var/secret_key || (umask 077; $(SERVE_BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key)
	@export DJANGO_SECURE_HTTPS=0 DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"; \
	$(SERVE_BIN)/python manage.py migrate --noinput && \
	$(SERVE_BIN)/python manage.py seed && \
	$(SERVE_BIN)/python manage.py ensure_admin && \
	$(SERVE_BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	$(SERVE_BIN)/python manage.py cleanup_imports && \
	echo "Serving the registry at http://$(HOST):$(PORT)/admin/ (API: /api/v1/)" && \
	{ $(SERVE_BIN)/python manage.py db_worker --no-reload --interval 2 --verbosity 1 & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(SERVE_BIN)/gunicorn -c config/gunicorn.py config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --timeout $(TIMEOUT) \
	    --access-logfile -; }

# ruff, and mypy (with django-stubs) over the reads, writes and parsers (pyproject.toml [tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests drive Debian's chromium (never `playwright install`, which downloads one).
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "== installing chromium for the browser tests (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "== /usr/bin/chromium missing and not root: browser tests will be skipped"; fi

# The databases' own backup tools, which the full-backup test runs (docs/operations.md).
backup-tools:
	@if command -v sqlite3 >/dev/null && command -v pg_dump >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "== installing sqlite3 and postgresql-client for the backup test (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 postgresql-client >/dev/null; \
	else echo "== sqlite3 or pg_dump missing and not root: the full-backup test will fail"; fi

# The whole suite on SQLite; again on PostgreSQL when DATABASE_URL names one. Two pytest-xdist
# workers (TEST_WORKERS=0: one process), a test module on one worker, so that the seeds its tests
# share load once per module (tests/conftest.py).
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile
test: $(STAMP) browser-deps backup-tools lint
	env -u DATABASE_URL $(PYTEST)
	@case "$${DATABASE_URL:-}" in \
	  postgres*) echo "== again on PostgreSQL ($${DATABASE_URL})"; $(PYTEST) ;; \
	  *) echo "== DATABASE_URL names no PostgreSQL database: ran on SQLite only" ;; \
	esac

# 30 s at 32 connections against gunicorn (production settings) on a seeded throwaway SQLite
# database; figures in bench/results/load.json (docs/testing.md).
load: $(STAMP)
	$(BIN)/python -m tests.e2e.load

# The API fuzzer with more examples than CI runs (FUZZ_EXAMPLES per operation).
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1000} $(BIN)/pytest tests/e2e/test_api_fuzz.py

# The registry next to Datasette and the databases' own limits (docs/benchmarks.md): N
# organizations (default 100000; data cached in var/bench/), every server on 127.0.0.1, stopped
# after 45 minutes at most. SDN_CSV=path/to/sdn.csv adds the OFAC import; BENCH_ARGS=--docs
# rewrites the results in docs/benchmarks.md.
N ?= 100000
bench: $(STAMP) $(SERVE_STAMP)
	@for tool in wrk curl sqlite3 psql; do command -v $$tool >/dev/null || missing=1; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq wrk curl sqlite3 postgresql-client >/dev/null; fi
	N=$(N) timeout 2700 $(BIN)/python -m bench.run $(BENCH_ARGS)

# The name-screening evaluation (docs/screening.md, "How well: evaluation"): the registry next to
# nomenklatura's logic-v2 and ofac algorithms on the same cases, in one run, on a scratch SQLite
# registry (seeds + the official slices of tests/data/); figures in bench/results/eval-match.json.
# nomenklatura goes into its own virtualenv, never into the registry's: the harness runs it as a
# subprocess (bench/eval_match/peers.py). Its PyICU compiles against libicu-dev, as for $(STAMP).
EVAL_VENV := var/eval-venv
NOMENKLATURA := 4.17.4
EVAL_STAMP := $(EVAL_VENV)/.nomenklatura-$(NOMENKLATURA)
$(EVAL_STAMP): $(STAMP)
	$(PYTHON) -m venv $(EVAL_VENV)
	$(EVAL_VENV)/bin/pip install --quiet --upgrade pip
	$(EVAL_VENV)/bin/pip install --quiet nomenklatura==$(NOMENKLATURA)
	touch $(EVAL_STAMP)

eval-match: $(STAMP) $(EVAL_STAMP)
	$(BIN)/python -m bench.eval_match --venv $(EVAL_VENV) $(EVAL_ARGS)

clean:
	rm -rf $(VENV) $(SERVE_VENV) var .pytest_cache .ruff_cache
