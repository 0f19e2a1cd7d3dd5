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
