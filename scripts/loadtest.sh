#!/usr/bin/env bash
# Load and fault test on PostgreSQL: production server, 64 connections for 60 s, database restarted
# half-way. Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/balkanapi_load scripts/loadtest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database (it receives test data)}"
PY=.venv/bin/python
PORT="${LOADTEST_PORT:-8100}"
SECONDS_TO_RUN="${LOADTEST_SECONDS:-60}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-64}"
RESTART="${LOADTEST_RESTART:-pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql 2>/dev/null | head -n 1) main restart}"
export DEBUG=0 SECRET_KEY="loadtest-only-$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')" SECURE_COOKIES=0
export THROTTLE_ANON=100000000/min THROTTLE_USER=100000000/min THROTTLE_HEAVY=100000000/min LOG_LEVEL=WARNING

DB_NAME="$($PY -c 'import os,urllib.parse as u; print(u.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/"))')"
createdb -h 127.0.0.1 -U postgres "$DB_NAME" 2>/dev/null || true
$PY manage.py migrate --noinput -v0
$PY manage.py load_sample_data -v0 >/dev/null
$PY manage.py collectstatic --noinput -v0
TOKEN="$($PY manage.py shell -v0 -c "
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username='loadtest')
user.user_permissions.add(Permission.objects.get(codename='add_actor'), Permission.objects.get(codename='view_drafts'))
print(Token.objects.get_or_create(user=user)[0].key)" | tail -n 1)"

BIND="127.0.0.1:$PORT" CONN_MAX_AGE=60 .venv/bin/gunicorn -c gunicorn.conf.py balkanapi.wsgi \
  > "${LOADTEST_SERVER_LOG:-/tmp/balkanapi-loadtest-server.log}" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 1; done

echo "== steady load: $CONNECTIONS connections for $SECONDS_TO_RUN s"
$PY scripts/loadtest.py --base "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_TO_RUN" \
  --connections "$CONNECTIONS"
echo "== the same load with PostgreSQL restarted half-way ($RESTART)"
$PY scripts/loadtest.py --base "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_TO_RUN" \
  --connections "$CONNECTIONS" --restart-db "$RESTART"
