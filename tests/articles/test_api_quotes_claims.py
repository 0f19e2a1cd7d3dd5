import datetime
import itertools

import pytest

from actors.models import Actor
from articles.models import Claim, Quote
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    ClaimFactory,
    LanguageFactory,
    OutletFactory,
    QuoteFactory,
    QuoteGroupFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

QUOTES = "/api/v1/quotes/"
CLAIMS = "/api/v1/claims/"
GROUPS = "/api/v1/quote-groups/"
SERIAL = itertools.count()


def ids(response):
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


def test_quote_filters_combine_across_relations(api_client):
    kosovo = ActorFactory(slug="kosovo", kind=Actor.Kind.COUNTRY, country="XK")
    serbian = ActorFactory(slug="serbian-minister", kind=Actor.Kind.PERSON, country="RS")
    russian = ActorFactory(slug="russian-minister", kind=Actor.Kind.GOVERNMENT, country="RU")
    sq = LanguageFactory(code="sq", name="Albanian")
    group = QuoteGroupFactory(slug="remark")
    old = ArticleFactory(published_on=datetime.date(2023, 6, 1), outlet=OutletFactory(slug="rfe"))
    new = ArticleFactory(published_on=datetime.date(2024, 6, 1))
    q1 = QuoteFactory(article=old, speaker=serbian, about=[kosovo], group=group)
    q2 = QuoteFactory(article=new, speaker=serbian, about=[kosovo], language=sq, is_direct=False)
    q3 = QuoteFactory(article=new, speaker=russian, text="on Monday")

    assert ids(
        api_client.get(QUOTES, {"speaker_country": "RS", "about": "kosovo", "published_after": "2024-01-01"})
    ) == [q2.pk]
    assert ids(api_client.get(QUOTES, {"speaker": "serbian-minister,russian-minister"})) == [q1.pk, q2.pk, q3.pk]
    assert ids(api_client.get(QUOTES, {"speaker_kind": "government"})) == [q3.pk]
    assert ids(api_client.get(QUOTES, {"about_id": kosovo.pk})) == [q1.pk, q2.pk]
    assert ids(api_client.get(QUOTES, {"article": new.pk})) == [q2.pk, q3.pk]
    assert ids(api_client.get(QUOTES, {"outlet": "rfe"})) == [q1.pk]
    assert ids(api_client.get(QUOTES, {"language": "sq"})) == [q2.pk]
    assert ids(api_client.get(QUOTES, {"direct": "false"})) == [q2.pk]
    assert ids(api_client.get(QUOTES, {"group": "remark"})) == [q1.pk]
    assert ids(api_client.get(QUOTES, {"published_before": "2023-12-31"})) == [q1.pk]
    assert ids(api_client.get(QUOTES, {"q": "READY talk"})) == [q1.pk, q2.pk]
    assert api_client.get(QUOTES, {"direct": "maybe"}).status_code == 400
    assert api_client.get(QUOTES, {"speaker_kind": "alien"}).status_code == 400


def test_quote_representation_links_article_outlet_and_speaker(api_client):
    quote = QuoteFactory()
    row = api_client.get(QUOTES).json()["results"][0]
    assert row["speaker"]["slug"] == quote.speaker.slug
    assert row["article"]["outlet"]["slug"] == quote.article.outlet.slug
    assert row["direct"] is True
    assert row["language"] == "en"


def test_quote_list_query_count_is_flat(api_client):
    def make_quote():
        article = ArticleFactory(body=f"They said “we are ready to talk”. ({next(SERIAL)})")
        return QuoteFactory(article=article, about=[ActorFactory(), ActorFactory()], group=QuoteGroupFactory())

    make_quote()
    small, _ = count_queries(api_client.get, QUOTES)
    for _ in range(10):
        make_quote()
    large, response = count_queries(api_client.get, QUOTES)
    assert response.json()["count"] == 11
    assert large == small


def test_quote_write_validates_the_span(curator_client):
    article = ArticleFactory(body="Kurti said “they should think twice” on Tuesday.")
    speaker = ActorFactory(slug="albin-kurti")
    good = {"article": article.pk, "speaker": "albin-kurti", "start": 12, "end": 35, "text": "they should think twice"}
    response = curator_client.post(QUOTES, good, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["speaker"]["id"] == speaker.pk

    for bad, field in [
        ({**good, "start": 11}, "text"),
        ({**good, "end": 999}, "end"),
        ({**good, "end": 5, "start": 10}, "end"),
        ({**good, "speaker": "nobody"}, "speaker"),
        ({**good, "article": 999999}, "article"),
        ({**good, "confidence": 3}, "confidence"),
    ]:
        response = curator_client.post(QUOTES, bad, format="json")
        assert response.status_code == 400, bad
        assert field in [error["attr"] for error in response.json()["errors"]], (bad, response.json())
    # Same span twice is a conflict, and nothing half-written remains.
    assert curator_client.post(QUOTES, good, format="json").status_code == 409
    assert Quote.objects.count() == 1


def test_quote_text_defaults_to_the_span(curator_client):
    article = ArticleFactory(body="He said “no”.")
    response = curator_client.post(QUOTES, {"article": article.pk, "start": 9, "end": 11}, format="json")
    assert response.status_code == 201
    assert response.json()["text"] == "no"
    assert response.json()["speaker"] is None


def test_claim_filters(api_client):
    kurti = ActorFactory(slug="albin-kurti", kind=Actor.Kind.PERSON)
    kosovo = ActorFactory(slug="kosovo", kind=Actor.Kind.COUNTRY)
    article = ArticleFactory(
        body="Kosovo spent 3% of GDP on defence. The war ended on Monday.", outlet=OutletFactory(slug="rks")
    )
    numeric = ClaimFactory(
        article=article,
        claimant=kurti,
        sentence="Kosovo spent 3% of GDP on defence.",
        kind=Claim.Kind.STATISTIC,
        value=3,
        unit="% of GDP",
        subjects=[kosovo],
    )
    by_article = ClaimFactory(
        article=article,
        claimant=None,
        sentence="The war ended on Monday.",
        verification_status=Claim.Verification.SUPPORTED,
    )

    assert ids(api_client.get(CLAIMS, {"claimant": "albin-kurti"})) == [numeric.pk]
    assert ids(api_client.get(CLAIMS, {"claimant": "article"})) == [by_article.pk]
    assert ids(api_client.get(CLAIMS, {"subject": "kosovo", "has_number": "true"})) == [numeric.pk]
    assert ids(api_client.get(CLAIMS, {"has_number": "false"})) == [by_article.pk]
    assert ids(api_client.get(CLAIMS, {"kind": "statistic,event"})) == [numeric.pk, by_article.pk]
    assert ids(api_client.get(CLAIMS, {"status": "supported"})) == [by_article.pk]
    assert ids(api_client.get(CLAIMS, {"outlet": "rks", "published_after": "2000-01-01"})) == [
        numeric.pk,
        by_article.pk,
    ]
    assert ids(api_client.get(CLAIMS, {"claimant_kind": "person"})) == [numeric.pk]
    assert ids(api_client.get(CLAIMS, {"q": "gdp defence"})) == [numeric.pk]
    row = api_client.get(f"{CLAIMS}{by_article.pk}/").json()
    assert row["claimant"] is None
    assert row["claimant_type"] == "article"
    assert api_client.get(CLAIMS, {"status": "true-ish"}).status_code == 400
    assert api_client.get(CLAIMS, {"ordering": "-value"}).status_code == 200


def test_claim_quote_must_belong_to_the_same_article(curator_client):
    quote = QuoteFactory()
    other = ArticleFactory(body="Someone claimed 40 bases exist.")
    payload = {
        "article": other.pk,
        "start": 16,
        "end": 24,
        "statement": "40 bases exist",
        "kind": "statistic",
        "quote": quote.pk,
    }
    response = curator_client.post(CLAIMS, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "quote"
    del payload["quote"]
    response = curator_client.post(CLAIMS, {**payload, "value": "40", "unit": "bases"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["sentence"] == "40 bases"


def test_quote_group_detail_lists_its_quotes_by_slug_or_id(api_client):
    group = QuoteGroupFactory(slug="lavrov-remark")
    for _ in range(3):
        QuoteFactory(article=ArticleFactory(body=f"They said “we are ready to talk”. ({next(SERIAL)})"), group=group)
    listing = api_client.get(GROUPS).json()["results"]
    assert listing[0]["quote_count"] == 3
    by_slug = api_client.get(f"{GROUPS}lavrov-remark/").json()
    assert len(by_slug["quotes"]) == 3
    assert by_slug == api_client.get(f"{GROUPS}{group.pk}/").json()


def test_blank_relation_values_are_400_not_null(curator_client):
    article = ArticleFactory(body="He said “no”.")
    for field in ("speaker", "language", "group"):
        response = curator_client.post(QUOTES, {"article": article.pk, "start": 9, "end": 11, field: ""}, format="json")
        assert response.status_code == 400, field
        assert response.json()["errors"][0]["attr"] == field
    assert (
        curator_client.post(
            QUOTES, {"article": article.pk, "start": 9, "end": 11, "speaker": None}, format="json"
        ).status_code
        == 201
    )


def test_values_of_the_wrong_json_type_are_400_not_coerced(curator_client):
    article = ArticleFactory(body="He said “no”.")
    LanguageFactory(code="sr")
    good = {"article": article.pk, "start": 9, "end": 11}
    for field, value in [
        ("article", str(article.pk)),  # an integer key sent as a string
        ("start", "9"),
        ("start", 9.0 + 0.5),
        ("start", True),
        ("direct", "true"),
        ("direct", 1),
        ("confidence", "0.5"),
        ("cue", 7),  # a string field sent a number
        ("venue", ["a"]),
        ("language", 1),  # language keys are codes (strings)
        ("speaker", 5),
    ]:
        response = curator_client.post(QUOTES, {**good, field: value}, format="json")
        assert response.status_code == 400, (field, value)
        assert [error["attr"] for error in response.json()["errors"]] == [field], (field, response.json())
    assert Quote.objects.count() == 0
    assert curator_client.post(QUOTES, {**good, "language": "sr", "confidence": 1}, format="json").status_code == 201
