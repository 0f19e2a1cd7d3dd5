"""No N+1 anywhere: on the sample dataset, a bigger page costs no more queries than a small one."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, QuoteGroup
from articles.sample_dataset import load_sample_dataset
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = ["articles", "quotes", "claims", "actors", "outlets", "topics", "quote-groups"]


@pytest.fixture
def dataset():
    load_sample_dataset()


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_queries_do_not_grow_with_page_size(client, dataset, endpoint):
    url = f"/api/v1/{endpoint}/"
    small, _ = count_queries(client.get, url, {"page_size": 2})
    large, response = count_queries(client.get, url, {"page_size": 200})
    assert response.status_code == 200
    assert len(response.json()["results"]) > 2
    assert large == small


@pytest.mark.parametrize("endpoint", ["quotes", "claims"])
@pytest.mark.parametrize("query", [{}, {"expand": "article"}, {"q": "the", "expand": "article"}, {"page": 2}])
def test_quote_and_claim_pages_read_their_articles_once(client, dataset, endpoint, query):
    """Articles joined to quotes and claims skip their text, yet no row reads a skipped column on its own."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{endpoint}/", {**query, "page_size": 10})
    assert response.status_code == 200 and len(response.json()["results"]) == 10
    one_article = re.compile(r'FROM "articles_article" WHERE "articles_article"\."id" = ')
    assert not [q["sql"] for q in captured.captured_queries if one_article.search(q["sql"])]
    assert len(captured.captured_queries) < 10


def test_detail_queries_do_not_depend_on_the_article(client, dataset):
    counts = {
        count_queries(client.get, f"/api/v1/articles/{pk}/")[0] for pk in Article.objects.values_list("pk", flat=True)
    }
    assert len(counts) == 1


def test_quote_group_detail_queries_do_not_depend_on_the_group(client, dataset):
    counts = {
        count_queries(client.get, f"/api/v1/quote-groups/{pk}/")[0]
        for pk in QuoteGroup.objects.values_list("pk", flat=True)
    }
    assert len(counts) == 1


@pytest.mark.parametrize(
    "query",
    [{"expand": "authors"}, {"expand": "authors,outlet"}, {"fields": "id,authors,topics"}, {"format": "csv"}],
)
def test_article_lists_with_related_rows_as_lists_do_not_grow_with_page_size(client, query):
    """Authors, languages and topics are prefetched as plain lists; expansions go through those lists."""
    from tests.factories import AliasFactory, ArticleFactory, TopicFactory

    for _ in range(4):
        article = ArticleFactory()
        for _ in range(2):
            author = AliasFactory().actor
            article.authors.add(author)
            article.topics.add(TopicFactory())
    small, _ = count_queries(client.get, "/api/v1/articles/", {**query, "page_size": 2})
    large, response = count_queries(client.get, "/api/v1/articles/", {**query, "page_size": 200})
    assert response.status_code == 200
    assert large == small
    if "expand" in query:
        authors = [author for row in response.json()["results"] for author in row["authors"]]
        assert len(authors) == 8 and all(author["aliases"] for author in authors)
