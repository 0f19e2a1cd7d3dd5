"""The planned list representation equals DRF's own, field for field, on every list endpoint's serializer."""

import pytest
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.serializers import ListSerializer

from actors.api.serializers import ActorSerializer
from actors.models import Actor
from articles import selectors
from articles.api.serializers import ArticleDetailSerializer, ArticleSerializer, ClaimSerializer, QuoteSerializer
from articles.models import Article, Claim, Quote
from balkanapi.api.compiled import CompiledListSerializer
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def _request(query: str = "") -> Request:
    return Request(RequestFactory().get(f"/api/v1/x/?{query}", HTTP_HOST="127.0.0.1"))


def _both(serializer_class, rows, query: str = "") -> tuple[list, list]:
    context = {"request": _request(query)}
    compiled = serializer_class(rows, many=True, context=context)
    assert isinstance(compiled, CompiledListSerializer)
    plain = ListSerializer(rows, child=serializer_class(context=context), context=context)
    return compiled.data, plain.data


@pytest.fixture
def records():
    speaker = ActorFactory(country="XK")
    for number in range(3):
        quote = QuoteFactory(speaker=speaker if number else None, article=ArticleFactory())
        quote.about.add(ActorFactory())
        ClaimFactory(article=quote.article, claimant=speaker if number else None, quote=quote if number else None)
    article = Article.objects.first()
    article.authors.add(speaker)


@pytest.mark.parametrize("query", ["", "expand=outlet,authors", "fields=id,title,languages", "q=the"])
def test_articles(records, query):
    compiled, plain = _both(ArticleSerializer, list(selectors.article_list(with_body=True)), query)
    assert compiled == plain and len(compiled) == 3


def test_article_details(records):
    compiled, plain = _both(ArticleDetailSerializer, list(selectors.article_detail()))
    assert compiled == plain


@pytest.mark.parametrize("query", ["", "expand=speaker,about,article,group"])
def test_quotes_claims_and_actors(records, query):
    for serializer_class, rows in [
        (QuoteSerializer, selectors.quote_queryset()),
        (ClaimSerializer, selectors.claim_queryset()),
    ]:
        compiled, plain = _both(serializer_class, list(rows), query if serializer_class is QuoteSerializer else "")
        assert compiled == plain and compiled
    compiled, plain = _both(ActorSerializer, list(Actor.objects.all()))
    assert compiled == plain and compiled


def test_a_missing_annotation_falls_back_to_drf_defaults(records):
    compiled, plain = _both(ArticleSerializer, list(Article.objects.all()))  # no quote/claim counts annotated
    assert compiled == plain and compiled[0]["quote_count"] is None
    assert Quote.objects.exists() and Claim.objects.exists()


def test_links_countries_and_times_match_drf_in_any_timezone(records):
    from django.utils import timezone

    ActorFactory(country="")  # a blank country: DRF's empty representation
    for zone in ["UTC", "Europe/Belgrade"]:
        with timezone.override(zone):
            context = {"request": _request()}
            rows = list(Actor.objects.all())
            compiled = ActorSerializer(rows, many=True, context=context).data
            plain = ListSerializer(rows, child=ActorSerializer(context=context), context=context).data
            assert compiled == plain
            assert [type(row["url"]) for row in compiled] == [type(row["url"]) for row in plain]
            assert all(row["url"] == f"http://127.0.0.1/api/v1/actors/{row['id']}/" for row in compiled)
            compiled, plain = _both(QuoteSerializer, list(selectors.quote_queryset()))
            assert compiled == plain
    assert compiled[0]["created_at"].endswith("+01:00") or compiled[0]["created_at"].endswith("+02:00")
