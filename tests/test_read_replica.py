"""Read replicas against a real PostgreSQL streaming replica (made for this test, removed after).

Shows, through the API: a write lands on the primary; the writing client's next reads are served by
the primary (sticky, by cookie and by token); another client's reads are served by the replica
(proved with replay paused on the replica, so the new row exists only on the primary, and by asking the
connection the router chose whether it is in recovery); after the sticky window the writer reads from
the replica too. Skips off PostgreSQL, and without the tools or replication rights on the primary
(scripts/allow_local_replication.sh grants them); with REPLICA_TESTS_REQUIRED=1 (CI) those two are
failures instead.
"""

import os
import time

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from articles.models import Outlet
from balkanapi import db_router
from tests.replica_cluster import ReplicaUnavailable, start_replica, wait_for_replay

ALIAS = "test_replica"
STICKY_SECONDS = 2


def _unavailable(reason: str):
    if os.environ.get("REPLICA_TESTS_REQUIRED") == "1":  # CI: a replica that cannot be made is a failure
        pytest.fail(f"read-replica test cannot run: {reason}")
    pytest.skip(f"read-replica test skipped: {reason}")


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    """A hot standby of the test database's server, registered as the database alias `test_replica`."""
    if connection.vendor != "postgresql":  # a skip even in CI: the SQLite run cannot have a replica
        pytest.skip("read-replica test skipped: needs PostgreSQL (DATABASE_URL=postgres://…)")
    with django_db_blocker.unblock():
        primary = connections["default"].settings_dict
        major = connections["default"].pg_version // 10000
        try:
            cluster = start_replica(primary, major)
        except ReplicaUnavailable as reason:
            _unavailable(str(reason))
        # A mirror of the test database, as settings.py declares real replicas: same database name,
        # the replica's server; never created, flushed or migrated by the test runner.
        connections.settings[ALIAS] = {
            **primary,
            "PORT": cluster.port,
            "ATOMIC_REQUESTS": False,
            "CONN_MAX_AGE": 0,
            "TEST": {**primary["TEST"], "MIRROR": "default"},
        }
    yield cluster
    with django_db_blocker.unblock():
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]
    cluster.stop()


def _in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, databases=["default", ALIAS])
def test_writes_go_to_the_primary_reads_to_the_replica_and_writers_read_their_writes(
    streaming_replica, settings, curator_client
):
    settings.DATABASE_REPLICAS = [ALIAS]
    settings.REPLICA_STICKY_SECONDS = STICKY_SECONDS
    router = db_router.PrimaryReplicaRouter()
    other_client = APIClient()

    # The connection the router picks for a reader is the standby; for a writer, the primary.
    with db_router.reads_from_replicas():
        assert router.db_for_read(Outlet) == ALIAS
        assert _in_recovery(router.db_for_read(Outlet)) is True
    with db_router.reads_from_primary():
        assert _in_recovery(router.db_for_read(Outlet)) is False

    # Freeze the replica once it has everything so far (the curator and its token, made after the base backup):
    # from now on, new rows exist only on the primary.
    with connections["default"].cursor() as primary, connections[ALIAS].cursor() as replica:
        wait_for_replay(primary, replica)
        replica.execute("SELECT pg_wal_replay_pause()")
    try:
        created = curator_client.post("/api/v1/outlets/", {"name": "Replica Check Daily", "slug": "replica-check"})
        assert created.status_code == 201, created.json()
        url = f"/api/v1/outlets/{created.json()['id']}/"
        assert Outlet.objects.using("default").filter(slug="replica-check").exists()  # the write is on the primary
        assert not Outlet.objects.using(ALIAS).filter(slug="replica-check").exists()  # and not on the replica yet

        # The writer reads its own write at once: served by the primary (by its sticky cookie) …
        assert curator_client.get(url).status_code == 200
        # … and by its token alone, for clients that keep no cookies (the shared cache remembers the write).
        curator_client.cookies.clear()
        assert curator_client.get(url).status_code == 200

        # Anyone else is served by the replica, which has not seen the row.
        assert other_client.get(url).status_code == 404
        assert other_client.get("/api/v1/outlets/", {"q": "Replica Check"}).json()["count"] == 0

        # Once the sticky window has passed, the writer reads from the replica too.
        time.sleep(STICKY_SECONDS + 0.5)
        assert curator_client.get(url).status_code == 404
    finally:
        with connections[ALIAS].cursor() as replica:
            replica.execute("SELECT pg_wal_replay_resume()")

    with connections["default"].cursor() as primary, connections[ALIAS].cursor() as replica:
        wait_for_replay(primary, replica)
    assert other_client.get(url).status_code == 200  # replicated: the replica now serves it
    assert curator_client.get(url).json()["name"] == "Replica Check Daily"
