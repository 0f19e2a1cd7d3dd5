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
