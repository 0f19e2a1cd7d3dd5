"""Inputs fuzzing found to reach the database badly: each is a clear 4xx (or a correct answer), never a 500."""

import pytest

from tests.factories import ActorFactory, ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def test_keys_the_database_cannot_hold_are_unknown_records(curator_client):
    article = ArticleFactory(body="He said “no”.")
    for field, value in [("speaker", "a\x00b"), ("group", "\x00"), ("language", "e\x00"), ("about", ["x\x00"])]:
        response = curator_client.post(
            "/api/v1/quotes/", {"article": article.pk, "start": 9, "end": 11, field: value}, format="json"
        )
        assert response.status_code == 400, field
        assert [error["attr"] for error in response.json()["errors"]] == [field]
    assert curator_client.get("/api/v1/actors/a%00b/").status_code == 404
    assert curator_client.get(f"/api/v1/actors/{2**70}/").status_code == 404
    actor = ActorFactory()
    response = curator_client.post(f"/api/v1/actors/{actor.pk}/merge/", {"absorb": "x\x00"}, format="json")
    assert response.status_code == 400


def test_times_with_any_iso_offset_are_moved_to_utc(client):
    QuoteFactory()
    # ISO 8601 allows offsets PostgreSQL does not; the API converts to UTC first.
    for resource in ("quotes", "actors"):
        response = client.get(f"/api/v1/{resource}/", {"updated_since": "0157-05-28T19:17:10.553-20:03"})
        assert response.status_code == 200, response.json()
        assert response.json()["count"] >= 1
    assert client.get("/api/v1/changes/", {"since": "2000-01-01T00:00:00-20:03"}).status_code == 200
    assert client.get("/api/v1/quotes/", {"updated_since": "0001-01-01T00:00:00+14:00"}).status_code == 400


def test_id_filters_take_positive_64_bit_integers(client):
    quote = QuoteFactory()
    assert client.get("/api/v1/quotes/", {"article": str(quote.article_id)}).json()["count"] == 1
    for value in ("1.5", "-3", "8e198", str(2**63)):
        response = client.get("/api/v1/quotes/", {"article": value})
        assert response.status_code == 400, value
        assert response.json()["errors"][0]["attr"] == "article"
