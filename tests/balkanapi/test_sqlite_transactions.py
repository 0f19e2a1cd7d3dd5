"""On SQLite, API reads do not queue behind a writer's lock; writes still take it at BEGIN."""

import sqlite3

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only"),
]


@pytest.fixture
def writer_holding_the_lock():
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.1, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield
    other.execute("ROLLBACK")
    other.close()


def test_api_reads_proceed_while_another_writer_holds_the_lock(client, settings, writer_holding_the_lock):
    settings.DATABASES["default"]["OPTIONS"]["timeout"] = 0.1
    connection.close()  # reconnect with the short timeout
    assert client.get("/api/v1/articles/").status_code == 200
    assert connection.transaction_mode == "IMMEDIATE"  # restored for whatever the connection serves next
    # An admin page still begins IMMEDIATE, so it waits for the writer and gives up after the timeout.
    assert client.get("/admin/login/").status_code == 503
