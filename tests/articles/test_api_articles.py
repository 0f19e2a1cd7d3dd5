import datetime
import itertools

import pytest

from articles.models import Article, SameStoryLink
from balkanapi.models import ReviewStatus
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    ClaimFactory,
    LanguageFactory,
    MentionFactory,
    OutletFactory,
    QuoteFactory,
    TopicFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"
SERIAL = itertools.count()


def ids(response):
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


def full_article():
    """An article with authors, topics, two quotes, a claim and a mention."""
    article = ArticleFactory(
        body=f"The minister said “we are ready to talk” on Monday and “we will not yield”. ({next(SERIAL)})"
    )
    article.authors.set([ActorFactory()])
    article.topics.set([TopicFactory()])
    QuoteFactory(article=article, about=[ActorFactory()])
    QuoteFactory(article=article, text="we will not yield")
    ClaimFactory(article=article, subjects=[ActorFactory()])
    MentionFactory(article=article)
    return article


def test_list_is_newest_first_and_paginated(api_client):
    older = ArticleFactory(published_on=datetime.date(2023, 1, 1))
    newer = ArticleFactory(published_on=datetime.date(2025, 1, 1))
    body = api_client.get(URL).json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    assert "body" not in body["results"][0]


def test_filters(api_client, settings):
    settings.DRAFTS_PUBLIC = True  # the status filter is about drafts too
    sq = LanguageFactory(code="sq", name="Albanian")
    kurti = ActorFactory(slug="albin-kurti")
    lavrov = ActorFactory(slug="sergei-lavrov")
    energy = TopicFactory(slug="energy")
    a = ArticleFactory(
        published_on=datetime.date(2024, 5, 1), outlet=OutletFactory(slug="rfe"), review_status=ReviewStatus.MACHINE
    )
    a.languages.add(sq)
    a.topics.add(energy)
    MentionFactory(article=a, actor=kurti)
    b = ArticleFactory(published_on=datetime.date(2025, 5, 1), review_status=ReviewStatus.VERIFIED)
    QuoteFactory(article=b, speaker=lavrov)
    MentionFactory(article=b, actor=kurti)

    assert ids(api_client.get(URL, {"outlet": "rfe"})) == [a.pk]
    assert ids(api_client.get(URL, {"outlet_id": f"{a.outlet_id},{b.outlet_id}"})) == [a.pk, b.pk]
    assert ids(api_client.get(URL, {"language": "sq"})) == [a.pk]
    assert ids(api_client.get(URL, {"published_after": "2025-01-01"})) == [b.pk]
    assert ids(api_client.get(URL, {"published_before": "2024-05-01"})) == [a.pk]
    assert ids(api_client.get(URL, {"topic": "energy"})) == [a.pk]
    assert ids(api_client.get(URL, {"status": "verified"})) == [b.pk]
    assert ids(api_client.get(URL, {"actor": "albin-kurti"})) == [a.pk, b.pk]
    assert ids(api_client.get(URL, {"speaker": "sergei-lavrov"})) == [b.pk]
    assert ids(api_client.get(URL, {"speaker_id": lavrov.pk})) == [b.pk]


def test_q_requires_every_term_case_and_accent_insensitive(api_client):
    match = ArticleFactory(body="President Vučić met the EU envoy in Brussels.")
    ArticleFactory(body="The EU envoy stayed in Brussels.")
    assert ids(api_client.get(URL, {"q": "vucic BRUSSELS"})) == [match.pk]
    assert ids(api_client.get(URL, {"q": "vucic moscow"})) == []


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"published_after": "yesterday"}, "published_after"),
        ({"status": "published"}, "status"),
        ({"outlet_id": "abc"}, "outlet_id"),
        ({"ordering": "body"}, "ordering"),
        ({"ordering": "-published_on,nonsense"}, "ordering"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "500"}, "page_size"),
        ({"page": "x"}, "page"),
        ({"q": "word " * 11}, "q"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(api_client, params, parameter):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert parameter in [error["attr"] for error in response.json()["errors"]]


def test_whitelisted_ordering(api_client):
    first = ArticleFactory(title="B", published_on=datetime.date(2024, 1, 1))
    second = ArticleFactory(title="A", published_on=datetime.date(2024, 1, 1))
    rows = api_client.get(URL, {"ordering": "title"}).json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]


def test_detail_carries_related_records(api_client):
    article = full_article()
    body = api_client.get(f"{URL}{article.pk}/").json()
    assert body["outlet"]["slug"] == article.outlet.slug
    assert len(body["authors"]) == 1
    assert [quote["text"] for quote in body["quotes"]] == ["we are ready to talk", "we will not yield"]
    assert body["quotes"][0]["speaker"]["slug"]
    assert len(body["quotes"][0]["about"]) == 1
    assert body["claims"][0]["claimant_type"] == "actor"
    assert body["mentions"][0]["text"] == "minister"
    assert len(body["mentioned_actors"]) == 1
    for quote in body["quotes"]:
        assert body["body"][quote["start"] : quote["end"]] == quote["text"]


def test_list_and_detail_query_counts_do_not_grow(api_client):
    article = full_article()
    full_article()
    small_list, _ = count_queries(api_client.get, URL)
    small_detail, _ = count_queries(api_client.get, f"{URL}{article.pk}/")
    for _ in range(8):
        full_article()
    large_list, response = count_queries(api_client.get, URL)
    assert response.json()["count"] == 10
    assert large_list == small_list
    for text in ["The minister", "on Monday"]:
        QuoteFactory(article=article, text=text, about=[ActorFactory(), ActorFactory()])
        ClaimFactory(article=article, sentence=text, subjects=[ActorFactory()])
        MentionFactory(article=article, text=text)
    large_detail, response = count_queries(api_client.get, f"{URL}{article.pk}/")
    assert len(response.json()["quotes"]) == 4
    assert large_detail == small_detail


def test_curator_creates_updates_and_deletes_an_article(curator_client, languages):
    outlet = OutletFactory(slug="balkanview")
    payload = {
        "outlet": "balkanview",
        "title": None,
        "body": "A new story.",
        "languages": ["en"],
        "published_on": "2026-01-20",
        "date_precision": "month",
    }
    response = curator_client.post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["outlet"]["id"] == outlet.pk
    assert created["languages"] == ["en"]
    assert created["title"] is None

    response = curator_client.patch(f"{URL}{created['id']}/", {"title": "Now titled"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Now titled"
    assert curator_client.delete(f"{URL}{created['id']}/").status_code == 204


def test_duplicate_body_is_409_and_malformed_writes_are_400(curator_client):
    existing = ArticleFactory()
    response = curator_client.post(URL, {"outlet": existing.outlet.slug, "body": existing.body}, format="json")
    assert response.status_code == 409
    assert [(error["attr"], error["code"]) for error in response.json()["errors"]] == [("body", "unique")]

    response = curator_client.post(URL, {"outlet": "no-such-outlet", "body": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "outlet"

    response = curator_client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert Article.objects.count() == 1


def test_body_edit_that_breaks_spans_is_refused(curator_client):
    quote = QuoteFactory()
    response = curator_client.patch(f"{URL}{quote.article_id}/", {"body": "Completely different."}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "body"
    quote.article.refresh_from_db()
    assert quote.article.body[quote.start : quote.end] == quote.text


def test_unknown_api_path_is_a_json_404(api_client):
    response = api_client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_unsupported_method_is_a_json_405(curator_client):
    response = curator_client.put(URL, {}, format="json")
    assert response.status_code == 405
    assert response.json()["type"] == "client_error"


def test_same_story_links_show_on_both_articles(api_client):
    first, second = ArticleFactory(), ArticleFactory()
    link = SameStoryLink(from_article=first, to_article=second, kind="rewrite", note="rewritten")
    link.save()
    for article, other in [(first, second), (second, first)]:
        same = api_client.get(f"{URL}{article.pk}/").json()["same_story"]
        assert [(row["article"]["id"], row["kind"]) for row in same] == [(other.pk, "rewrite")]
    link.delete()
    assert not SameStoryLink.objects.exists()


def test_name_search_on_outlets_topics_and_quote_groups(api_client):
    OutletFactory(name="Radio Free Europe", slug="rfe-x")
    OutletFactory(name="Daily Courier", slug="courier")
    TopicFactory(name="EU integration", slug="eu-integration-x")
    assert [row["slug"] for row in api_client.get("/api/v1/outlets/", {"q": "free RADIO"}).json()["results"]] == [
        "rfe-x"
    ]
    assert api_client.get("/api/v1/topics/", {"q": "integration"}).json()["count"] == 1
    assert api_client.get("/api/v1/quote-groups/", {"q": "nothing"}).json()["count"] == 0
