# Two commands do all the set-up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Development defaults; production sets DEBUG=0 and a real SECRET_KEY (README, "Deployment").
export DEBUG ?= 1


.PHONY: serve backup restore loadtest install run test test-replica lint migrate sample-data superuser schema evaluate bench-ingest bench-export bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

sample-data: migrate
	$(PY) manage.py load_sample_data
	$(PY) manage.py load_gazetteer

superuser: install
	$(PY) manage.py createsuperuser

run: sample-data
	$(PY) manage.py create_dev_superuser
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production server locally: DEBUG off, gunicorn, static files by WhiteNoise. Without a SECRET_KEY
# in the environment a throw-away one is made (sessions then end with the server). Cookies are not
# marked secure so the admin works over plain http on 127.0.0.1; behind TLS set SECURE_COOKIES=1.
serve: migrate
	export DEBUG=0 SECURE_COOKIES=$${SECURE_COOKIES:-0} \
		SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}; \
	$(PY) manage.py collectstatic --noinput -v0 && exec $(VENV)/bin/gunicorn -c gunicorn.conf.py balkanapi.wsgi

# Curated data to a file and back: make backup FILE=backup.json.gz; make restore FILE=backup.json.gz
FILE ?= backup.json.gz
backup: migrate
	$(PY) manage.py backup $(FILE)

restore: migrate
	$(PY) manage.py restore $(FILE) --replace

# Load and fault test (not part of `make test`): needs a PostgreSQL DATABASE_URL it may fill with data.
loadtest: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/balkanapi_load} scripts/loadtest.sh

test: install
	$(PY) -m pytest

# Read replicas against a real streaming replica (tests/test_read_replica.py; it is also part of `make test`
# on PostgreSQL). Lets the local primary accept replication from 127.0.0.1 first, then fails rather than skips.
test-replica: install
	scripts/allow_local_replication.sh
	REPLICA_TESTS_REQUIRED=1 DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/balkanapi_replica} \
		$(PY) -m pytest tests/test_read_replica.py tests/balkanapi/test_db_router.py

lint: install
	$(VENV)/bin/ruff check .

evaluate: install
	$(PY) manage.py evaluate_extraction

# A benchmark, not a test: ingestion throughput on the database DATABASE_URL names (rolled back after).
bench-ingest: migrate
	$(PY) manage.py benchmark_ingest --articles 300

# Streamed NDJSON export of 100,000 quotes: rows/s and resident memory (DEBUG off so queries are not kept).
bench-export: migrate
	DEBUG=0 SECRET_KEY=$${SECRET_KEY:-benchmark-only-secret-key-not-for-production-use-0123456789} \
		$(PY) -W ignore manage.py benchmark_export --rows 100000

# Performance at scale (not part of `make test`; docs/benchmarks.md): PostgreSQL must be running. Builds the
# corpora it lacks (bench_100k, bench_1m on BENCH_PG; about an hour for 1M on 2 cores) and their SQLite copies
# in .bench-data/, then measures this API, the raw-SQL floor, Datasette and the API on SQLite with wrk.
# BENCH_ARTICLES=100000 for one size; BENCH_ARGS="--seconds 5" for a shorter run.
BENCH_ARTICLES ?= 100000,1000000
$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench-installed
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; } \
		|| { echo "make bench needs wrk (Debian/Ubuntu: apt-get install wrk)"; exit 1; }
	$(PY) bench/run.py --articles $(BENCH_ARTICLES) $(BENCH_ARGS)

schema: install
	$(PY) manage.py spectacular --file schema.yml

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
