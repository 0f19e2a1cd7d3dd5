import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings):
    settings.BALKANAPI_THROTTLE_RATES = {"anon": "5/min", "user": "8/min", "heavy": "2/min"}
    cache.clear()


def test_anonymous_clients_get_429_with_retry_after_and_rate_headers(client, tight_limits):
    ArticleFactory()
    responses = [client.get("/api/v1/articles/") for _ in range(6)]
    assert [r.status_code for r in responses] == [200] * 5 + [429]
    assert responses[0]["X-RateLimit-Limit"] == "5"
    assert [r["X-RateLimit-Remaining"] for r in responses[:5]] == ["4", "3", "2", "1", "0"]
    assert int(responses[-1]["Retry-After"]) > 0
    assert responses[-1].json()["errors"][0]["code"] == "throttled"


def test_search_and_exports_have_a_stricter_budget(client, tight_limits):
    ArticleFactory()
    assert client.get("/api/v1/articles/", {"q": "minister"}).status_code == 200
    assert client.get("/api/v1/articles/", {"format": "csv"}).status_code == 200
    assert client.get("/api/v1/articles/", {"q": "minister"}).status_code == 429
    assert client.get("/api/v1/articles/").status_code == 200  # plain pages still within the anonymous budget


def test_users_have_their_own_budget(curator_client, tight_limits):
    codes = [curator_client.get("/api/v1/actors/").status_code for _ in range(9)]
    assert codes == [200] * 8 + [429]


def test_over_long_query_strings_and_bodies_are_refused(client, curator_client, settings):
    assert client.get("/api/v1/articles/", {"q": "x" * 3000}).status_code == 414
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = curator_client.post("/api/v1/ingest/", {"text": "word " * 1000}, format="json")
    assert response.status_code == 413


def test_admin_login_locks_out_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "right-password-123")
    codes = [client.post("/admin/login/", {"username": "boss", "password": "wrong"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # the form again with an error, then locked on the fifth failure
    locked = client.post("/admin/login/", {"username": "boss", "password": "right-password-123"})
    assert locked.status_code == 429
