import pytest

from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def walk(client, url, params):
    """Follow `next` links from an empty cursor; return the ids seen and the pages' Link headers."""
    seen, links = [], []
    response = client.get(url, {**params, "cursor": ""})
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        links.append(response.get("Link", ""))
        if not body["next"]:
            return seen, links
        response = client.get(body["next"])


def test_cursor_walk_returns_every_row_once_while_rows_are_inserted(client):
    for _ in range(23):
        ArticleFactory()
    seen = []
    response = client.get("/api/v1/articles/", {"cursor": "", "page_size": 5})
    inserted = []
    while True:
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        # A writer adds an article between every two pages.
        inserted.append(ArticleFactory().pk)
        if not body["next"]:
            break
        assert 'rel="next"' in response["Link"]
        response = client.get(body["next"])
    expected = sorted(Article.objects.exclude(pk=inserted[-1]).values_list("pk", flat=True))
    assert sorted(seen) == expected
    assert len(seen) == len(set(seen))


def test_cursor_pages_cost_the_same_queries(client):
    for _ in range(12):
        QuoteFactory()
    from tests.utils import count_queries

    first, response = count_queries(client.get, "/api/v1/quotes/", {"cursor": "", "page_size": 4})
    later, _ = count_queries(client.get, response.json()["next"])
    assert first == later


def test_page_mode_has_link_headers_and_unknown_cursor_is_404(client):
    for _ in range(7):
        ArticleFactory()
    response = client.get("/api/v1/articles/", {"page_size": 3, "page": 2})
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]
    assert 'rel="first"' in response["Link"] and 'rel="last"' in response["Link"]
    assert response.json()["count"] == 7
    # A cursor names a page of a walk: one the API never issued names no page.
    assert client.get("/api/v1/articles/", {"cursor": "garbage"}).status_code == 404
    # A cursor made for one ordering is refused under another.
    sorted_walk = client.get("/api/v1/articles/", {"cursor": "", "ordering": "title", "page_size": 2}).json()
    stale = sorted_walk["next"].replace("ordering=title", "ordering=-title")
    assert client.get(stale).status_code == 404


@pytest.mark.parametrize("ordering", ["title", "-published_on", "published_on,-title"])
def test_cursor_walks_follow_any_ordering_forwards_and_back(client, ordering):
    import datetime

    for number in range(9):
        # Repeated titles and dates, and missing dates, make the id the tie-breaker and test the nulls.
        ArticleFactory(
            title=f"Story {number % 3}",
            published_on=None if number % 4 == 0 else datetime.date(2026, 1, 1 + number % 2),
        )
    expected = [row["id"] for row in client.get("/api/v1/articles/", {"ordering": ordering}).json()["results"]]
    pages, response = [], client.get("/api/v1/articles/", {"cursor": "", "ordering": ordering, "page_size": 2})
    while True:
        body = response.json()
        pages.append([row["id"] for row in body["results"]])
        if not body["next"]:
            break
        response = client.get(body["next"])
    assert [pk for page in pages for pk in page] == expected
    # Back from the last page, one page at a time, to the first.
    for page in reversed(pages[:-1]):
        response = client.get(body["previous"])
        body = response.json()
        assert [row["id"] for row in body["results"]] == page
    assert body["previous"] is None


@pytest.mark.parametrize("resource", ["articles", "quotes", "claims", "actors", "outlets", "topics", "quote-groups"])
def test_updated_since_on_every_resource(client, resource):
    from articles.sample_dataset import load_sample_dataset

    load_sample_dataset()
    everything = client.get(f"/api/v1/{resource}/", {"updated_since": "2000-01-01T00:00:00Z"}).json()["count"]
    assert everything > 0
    assert client.get(f"/api/v1/{resource}/", {"updated_since": "2999-01-01T00:00:00Z"}).json()["count"] == 0
    assert client.get(f"/api/v1/{resource}/", {"updated_since": "yesterday"}).status_code == 400


def test_later_pages_fetch_their_rows_by_key_in_the_list_order(client):
    """Pages after the first find their keys first; the rows and their order equal a plain OFFSET's."""
    for number in range(12):
        ArticleFactory(published_on=f"2024-01-{number % 4 + 1:02d}")
    expected = list(Article.objects.order_by("-published_on", "-id").values_list("pk", flat=True))
    pages = [
        [row["id"] for row in client.get("/api/v1/articles/", {"page": page, "page_size": 5}).json()["results"]]
        for page in (1, 2, 3)
    ]
    assert pages == [expected[:5], expected[5:10], expected[10:]]


def test_large_totals_are_cached_for_a_while_and_small_ones_stay_exact(client, settings):
    settings.COUNT_CACHE_SECONDS, settings.COUNT_CACHE_MIN_ROWS = 60, 3
    for _ in range(3):
        ArticleFactory()
    assert client.get("/api/v1/articles/", {"page_size": 1}).json()["count"] == 3
    ArticleFactory()
    # At the threshold the total was cached: the fourth article shows in the rows, not yet in the count.
    assert client.get("/api/v1/articles/", {"page_size": 1}).json()["count"] == 3
    # Another filter is another count; below the threshold it is exact every time.
    outlet = Article.objects.first().outlet.slug
    small = client.get("/api/v1/articles/", {"outlet": outlet}).json()["count"]
    ArticleFactory(outlet=Article.objects.first().outlet)
    assert client.get("/api/v1/articles/", {"outlet": outlet}).json()["count"] == small + 1
    settings.COUNT_CACHE_SECONDS = 0
    assert client.get("/api/v1/articles/", {"page_size": 1}).json()["count"] == 5


@pytest.mark.parametrize("cache_seconds", [0, 60])
def test_a_filter_that_cannot_match_counts_zero(client, settings, cache_seconds):
    settings.COUNT_CACHE_SECONDS = cache_seconds
    QuoteFactory()
    for url in ("/api/v1/quotes/", "/api/v1/articles/"):
        response = client.get(url, {"speaker": "nobody-of-that-name"})
        assert response.status_code == 200 and response.json()["count"] == 0


def test_an_id_cursor_is_an_index_range_and_lists_skip_the_article_text(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        ArticleFactory()
    first = client.get("/api/v1/articles/", {"cursor": "", "page_size": 1}).json()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(first["next"]).status_code == 200
    page_query = next(q["sql"] for q in captured.captured_queries if '"_cursor_key_0"' in q["sql"])
    assert '"articles_article"."id" >' in page_query and "IS NULL" not in page_query
    assert '"articles_article"."body"' not in page_query
    with CaptureQueriesContext(connection) as captured:
        found = client.get("/api/v1/articles/", {"q": Article.objects.first().body.split()[0]}).json()
    assert found["results"][0]["snippet"]
    assert any('"articles_article"."body"' in q["sql"] for q in captured.captured_queries)  # for the snippets
