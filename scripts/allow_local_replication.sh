#!/usr/bin/env bash
# Let the local PostgreSQL accept streaming-replication connections from 127.0.0.1, as the read-replica
# test (tests/test_read_replica.py) needs for pg_basebackup and the standby it starts.
#
# Idempotent. Appends one line to pg_hba.conf and reloads the server (no restart):
#   host replication all 127.0.0.1/32 trust
# The same trust the server already gives every database over 127.0.0.1 (a CI/development machine's
# setting; never on a server reachable by others). Also checks wal_level and max_wal_senders, which need a
# restart to change; PostgreSQL's defaults (replica, 10) are fine.
set -euo pipefail

PSQL=(psql -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}" -X -A -t -q)
LINE="host replication all 127.0.0.1/32 trust"

wal_level=$("${PSQL[@]}" -c "SHOW wal_level")
senders=$("${PSQL[@]}" -c "SHOW max_wal_senders")
if [ "$wal_level" = "minimal" ] || [ "$senders" = "0" ]; then
  echo "wal_level=$wal_level max_wal_senders=$senders: set wal_level=replica and max_wal_senders>0, then restart" >&2
  exit 1
fi

hba=$("${PSQL[@]}" -c "SHOW hba_file")
if "${PSQL[@]}" -c "SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database)
                    AND address = '127.0.0.1' AND auth_method = 'trust' AND error IS NULL" | grep -q 1; then
  echo "replication from 127.0.0.1 already allowed in $hba"
else
  printf '%s\n' "# read-replica test (scripts/allow_local_replication.sh)" "$LINE" >> "$hba"
  "${PSQL[@]}" -c "SELECT pg_reload_conf()" >/dev/null
  echo "added '$LINE' to $hba and reloaded"
fi
