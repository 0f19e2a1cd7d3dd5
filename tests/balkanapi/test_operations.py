import json
import logging
from unittest import mock

import pytest
from django.db.utils import OperationalError

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


def test_readiness_is_503_while_the_database_is_down(client):
    with mock.patch("balkanapi.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_api_answers_503_with_retry_after_when_the_database_fails(client):
    ArticleFactory()
    client.raise_request_exception = False  # 5xx are reported (logged), which the test client would re-raise
    with mock.patch("articles.api.views.selectors.article_list", side_effect=OperationalError("server closed")):
        response = client.get("/api/v1/articles/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["errors"][0]["code"] == "database_unavailable"


@pytest.mark.parametrize("export", ["csv", "ndjson"])
def test_exports_answer_503_when_the_database_fails_before_streaming(client, export):
    ArticleFactory()
    client.raise_request_exception = False
    with mock.patch("balkanapi.api.exports._batches", side_effect=OperationalError("server closed")):
        response = client.get("/api/v1/articles/", {"format": export})
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "database_unavailable"


def test_unexpected_errors_are_json_500s(client):
    client.raise_request_exception = False
    with mock.patch("articles.api.views.selectors.article_list", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/articles/")
    assert response.status_code == 500
    assert response.json()["type"] == "server_error"
    assert "boom" not in response.content.decode()


def test_every_request_is_logged_as_structured_data(client, caplog):
    from balkanapi.middleware import JsonLogFormatter

    with caplog.at_level(logging.INFO, logger="balkanapi.requests"):
        response = client.get("/api/v1/articles/", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
    record = next(r for r in caplog.records if r.name == "balkanapi.requests")
    line = json.loads(JsonLogFormatter().format(record))
    assert line["request_id"] == "abc123" and line["status"] == 200 and line["path"] == "/api/v1/articles/"
    assert line["duration_ms"] >= 0


def test_admin_pages_carry_a_content_security_policy(client):
    response = client.get("/admin/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)  # the error closes the connection; the next request reconnects
def test_a_statement_past_the_time_limit_answers_503_query_timeout(client, settings):
    """PostgreSQL cancels it (statement_timeout); on SQLite the timeout middleware interrupts it."""
    from django.db import connection

    settings.DB_STATEMENT_TIMEOUT_MS = 50
    client.raise_request_exception = False
    slow_statement = (
        "SELECT pg_sleep(5)"
        if connection.vendor == "postgresql"
        else "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1e9) SELECT count(*) FROM n"
    )

    def slow_list(*args, **kwargs):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = 50")  # the connect option was read at startup
            cursor.execute(slow_statement)
        raise AssertionError("the statement should have been cancelled")

    with mock.patch("articles.api.views.selectors.article_list", side_effect=slow_list):
        response = client.get("/api/v1/articles/")
    assert response.status_code == 503
    error = response.json()["errors"][0]
    assert error["code"] == "query_timeout"
    assert "0.05 s" in error["detail"]
    assert "Retry-After" not in response
    assert client.get("/api/v1/articles/").status_code == 200  # the connection still serves the next request


def test_the_sqlite_time_limit_covers_web_requests_only(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's progress handler only")
    settings.DB_STATEMENT_TIMEOUT_MS = 1
    with connection.cursor() as cursor:  # outside a request (a management command, a migration): no limit
        cursor.execute(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000) SELECT count(*) FROM n"
        )
        assert cursor.fetchone() == (300000,)


@pytest.mark.django_db(transaction=True)
def test_a_database_that_cannot_be_opened_answers_503_and_liveness_stays_up(client):
    from django.db import connection

    client.raise_request_exception = False
    key, unreachable = ("NAME", "/nonexistent-directory/db.sqlite3") if connection.vendor == "sqlite" else ("PORT", "1")
    saved = connection.settings_dict[key]
    connection.close()
    connection.settings_dict[key] = unreachable
    try:
        assert client.get("/healthz").status_code == 200  # the process is up, whatever the database does
        response = client.get("/api/v1/articles/")
    finally:
        connection.close()
        connection.settings_dict[key] = saved
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "database_unavailable"
