"""The synthetic corpus generator (`manage.py generate_corpus`, articles/corpus/) on the test database."""

import random
import statistics
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from actors.models import Actor, ActorAlias
from articles.corpus import CorpusError, CorpusOptions, generate_corpus
from articles.corpus.generator import (
    ArticleGenerator,
    IdCounters,
    Population,
    generate_actors,
    generate_outlets,
)
from articles.ingest.similarity import fingerprint
from articles.models import Article, Claim, Mention, Outlet, Quote
from balkanapi.models import ReviewStatus
from balkanapi.text import normalize_text
from changes.models import ChangeEvent

ARTICLES = 150


@pytest.fixture
def corpus(db):
    return generate_corpus(CorpusOptions(articles=ARTICLES, seed=3, outlets=40, batch_size=60))


def test_counts_per_table_are_in_the_expected_ranges(corpus):
    assert Article.objects.count() == ARTICLES == corpus.articles
    assert Outlet.objects.count() == 40
    assert Actor.objects.count() == 20  # 5 % of 150 is below the minimum of 20
    assert 3 <= ActorAlias.objects.count() / Actor.objects.count() <= 7
    assert 4 <= Quote.objects.count() / ARTICLES <= 6
    assert 2 <= Claim.objects.count() / ARTICLES <= 4
    assert 8 <= Mention.objects.count() / ARTICLES <= 13
    words = [len(body.split()) for body in Article.objects.values_list("body", flat=True)]
    assert min(words) >= 150 and max(words) <= 1600 and 300 <= statistics.median(words) <= 700
    assert corpus.rows["articles_mention"] == Mention.objects.count()


def test_every_span_slices_its_body_and_names_its_actor(corpus):
    surface_forms = {actor.pk: {actor.name} for actor in Actor.objects.all()}
    for actor_id, alias in ActorAlias.objects.values_list("actor_id", "name"):
        surface_forms[actor_id].add(alias)
    for mention in Mention.objects.select_related("article"):
        assert mention.article.body[mention.start : mention.end] == mention.text
        assert mention.text in surface_forms[mention.actor_id]
    for quote in Quote.objects.select_related("article"):
        assert quote.article.body[quote.start : quote.end] == quote.text
        assert quote.speaker_text in surface_forms[quote.speaker_id]
    for claim in Claim.objects.select_related("article"):
        assert claim.article.body[claim.start : claim.end] == claim.sentence
    assert Claim.objects.filter(quote__isnull=False).exists()
    assert Claim.objects.filter(claimant__isnull=True).exists()


def test_derived_columns_are_what_save_computes(corpus):
    for article in Article.objects.order_by("?")[:3]:
        assert article.content_hash == Article.hash_body(article.body)
        assert article.search_text == Article.search_text_of(article.title, article.standfirst, article.body)
        assert article.fingerprint == fingerprint(article.body).as_json()
    for quote in Quote.objects.all()[:5]:
        assert quote.search_text == Quote.search_text_of(quote.text)
    for claim in Claim.objects.all()[:5]:
        assert claim.search_text == Claim.search_text_of(claim.sentence, claim.statement)
    for actor in Actor.objects.all():
        assert actor.name_normalized == normalize_text(actor.name)
    for alias in ActorAlias.objects.all():
        assert alias.normalized == normalize_text(alias.name)
    # Saving through the model changes nothing derived.
    article = Article.objects.first()
    before = (article.content_hash, article.search_text, article.fingerprint)
    article.save()
    article.refresh_from_db()
    assert (article.content_hash, article.search_text, article.fingerprint) == before


def test_distributions_are_skewed_and_varied(corpus):
    quotes_per_speaker = sorted(
        Quote.objects.values("speaker").annotate(n=Count("id")).values_list("n", flat=True), reverse=True
    )
    assert quotes_per_speaker[0] >= 3 * statistics.median(quotes_per_speaker)
    articles_per_outlet = sorted(Outlet.objects.annotate(n=Count("articles")).values_list("n", flat=True), reverse=True)
    assert articles_per_outlet[0] >= 3 * max(1, statistics.median(articles_per_outlet))
    languages = Counter(Article.objects.values_list("languages__code", flat=True))
    assert len(languages) >= 4
    assert any(
        any("\u0400" <= ch <= "\u04ff" for ch in body) for body in Article.objects.values_list("body", flat=True)
    )
    statuses = Counter(Article.objects.values_list("review_status", flat=True))
    assert 0.7 <= statuses[ReviewStatus.VERIFIED] / ARTICLES < 1
    assert len({day.year for day in Article.objects.values_list("published_on", flat=True)}) >= 5
    assert Article.objects.filter(topics__isnull=False).distinct().count() == ARTICLES
    assert set(Actor.objects.values_list("kind", flat=True)) >= {Actor.Kind.PERSON, Actor.Kind.COUNTRY}


def test_loading_writes_no_history_and_no_change_events(corpus):
    assert not Article.history.model.objects.exists()
    assert not Actor.history.model.objects.exists()
    assert not ChangeEvent.objects.exists()


def test_api_lists_and_searches_the_generated_data(corpus, api_client):
    response = api_client.get("/api/v1/articles/", {"page_size": 200})
    assert response.status_code == 200
    verified = Article.objects.filter(review_status=ReviewStatus.VERIFIED)
    assert response.json()["count"] == verified.count()

    # The rarest word of one verified article: a search for it finds that article.
    article = verified.order_by("id").first()
    frequency = Counter(word for text in verified.values_list("search_text", flat=True) for word in set(text.split()))
    word = min((w for w in set(article.search_text.split()) if w.isalpha() and len(w) >= 5), key=frequency.get)
    response = api_client.get("/api/v1/articles/", {"q": word, "page_size": 200})
    assert response.status_code == 200, response.json()
    found = [row["id"] for row in response.json()["results"]]
    assert article.pk in found and len(found) >= frequency[word]

    quote = Quote.objects.filter(review_status=ReviewStatus.VERIFIED, article__in=verified).first()
    response = api_client.get("/api/v1/quotes/", {"speaker": quote.speaker.slug})
    assert response.status_code == 200 and response.json()["count"] >= 1

    # An actor is found by its Cyrillic alias (search is script-insensitive).
    alias = ActorAlias.objects.filter(language="sr-Cyrl", actor__kind=Actor.Kind.PERSON).first()
    response = api_client.get("/api/v1/actors/", {"q": alias.name})
    assert alias.actor.slug in [row["slug"] for row in response.json()["results"]]


def test_refuses_a_non_empty_database_unless_appending(corpus):
    with pytest.raises(CommandError, match="not empty"):
        call_command("generate_corpus", "--articles", "5", verbosity=0)
    last_id = Article.objects.order_by("-id").values_list("id", flat=True).first()
    call_command("generate_corpus", "--articles", "10", "--append", "--batch", "4", verbosity=0)
    assert Article.objects.count() == ARTICLES + 10
    assert Article.objects.filter(id__gt=last_id).count() == 10
    assert Outlet.objects.count() == 40  # appending reuses the outlets


def test_the_application_inserts_normally_after_a_load(corpus):
    """Identity sequences were moved past the loaded ids (PostgreSQL) — new rows do not collide."""
    outlet = Outlet.objects.create(name="Fresh Outlet", slug="fresh-outlet")
    article = Article.objects.create(outlet=outlet, title="Fresh", body="A fresh article body.")
    quote = Quote.objects.create(article=article, start=0, end=7, text="A fresh")
    claim = Claim.objects.create(article=article, start=0, end=7, sentence="A fresh", statement="x", kind="event")
    Mention.objects.create(article=article, actor=Actor.objects.first(), start=2, end=7, text="fresh")
    assert article.pk > ARTICLES and quote.pk > 0 and claim.pk > 0


def test_bad_options_are_refused(db):
    with pytest.raises(CorpusError):
        generate_corpus(CorpusOptions(articles=5, batch_size=0))
    if connection.vendor != "postgresql":
        with pytest.raises(CorpusError, match="PostgreSQL"):
            generate_corpus(CorpusOptions(articles=5, workers=2))


def test_same_seed_and_ids_give_the_same_articles_whatever_the_batch_size():
    """Pure generation, no database: each article has its own random stream."""

    def build(batch_sizes: list[int]) -> list[tuple]:
        rng = random.Random(5)  # noqa: S311 - test data
        now = datetime(2026, 1, 1, tzinfo=UTC)
        outlets = generate_outlets(10, 1, set(), rng, now).outlets
        actors = generate_actors(25, 1, set(), rng, now, with_countries=True).actors
        population = Population(outlets, actors, [a for a in actors if a.kind != "country"], [], [1, 2, 3]).finish(5)
        generator = ArticleGenerator(population, seed=5, now=now)
        ids = IdCounters(article=1, quote=1, claim=1)
        rows = []
        for size in batch_sizes:
            rows += generator.batch(size, ids)[Article]
        return rows

    assert build([6]) == build([2, 3, 1])


@pytest.mark.django_db(transaction=True)
def test_parallel_workers_load_consistently():
    if connection.vendor != "postgresql":
        pytest.skip("--workers > 1 is for PostgreSQL")
    report = generate_corpus(CorpusOptions(articles=40, seed=9, outlets=10, batch_size=10, workers=2))
    assert report.articles == Article.objects.count() == 40
    assert Quote.objects.count() == report.rows["articles_quote"]
    for quote in Quote.objects.select_related("article"):
        assert quote.article.body[quote.start : quote.end] == quote.text
    # The sequences were reset once all workers had committed.
    outlet = Outlet.objects.first()
    article = Article.objects.create(outlet=outlet, body="After the parallel load.")
    assert article.pk > Article.objects.exclude(pk=article.pk).order_by("-id").first().pk
    Quote.objects.create(article=article, start=0, end=5, text="After")
