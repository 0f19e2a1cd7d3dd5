"""factory_boy factories for unit tests; end-to-end tests use the curated sample dataset instead."""

import datetime

import factory
from factory.django import DjangoModelFactory

from actors.models import Actor, ActorAlias
from articles.models import Article, Claim, Language, Mention, Outlet, Quote, QuoteGroup, Topic
from balkanapi.models import ReviewStatus


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "en"
    name = "English"


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = Actor.Kind.PERSON
    country = "RS"


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class OutletFactory(DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    country = "XK"
    kind = Outlet.Kind.INDEPENDENT
    language = factory.SubFactory(LanguageFactory)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    review_status = ReviewStatus.VERIFIED  # published: drafts are hidden from anonymous readers
    body = factory.Sequence(lambda n: f"Article number {n}. The minister said “we are ready to talk” on Monday.")
    published_on = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            self.languages.set(extracted or [LanguageFactory()])


class QuoteGroupFactory(DjangoModelFactory):
    class Meta:
        model = QuoteGroup

    slug = factory.Sequence(lambda n: f"group-{n}")
    label = factory.Sequence(lambda n: f"Remark {n}")


def span_start(field: str) -> factory.LazyAttribute:
    """Start of the first occurrence of the record's cited text (`field`) in its article body."""
    return factory.LazyAttribute(lambda record: record.article.body.index(getattr(record, field)))


def span_end(field: str) -> factory.LazyAttribute:
    return factory.LazyAttribute(lambda record: record.start + len(getattr(record, field)))


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = Quote
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(ActorFactory)
    text = "we are ready to talk"
    start = span_start("text")
    end = span_end("text")
    language = factory.SubFactory(LanguageFactory)
    cue = "said"
    review_status = ReviewStatus.VERIFIED

    @factory.post_generation
    def about(self, create, extracted, **kwargs):
        if create and extracted:
            self.about.set(extracted)


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    claimant = factory.SubFactory(ActorFactory)
    sentence = "on Monday"
    start = span_start("sentence")
    end = span_end("sentence")
    statement = "Something happened on Monday."
    kind = Claim.Kind.EVENT
    review_status = ReviewStatus.VERIFIED

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)


class MentionFactory(DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    actor = factory.SubFactory(ActorFactory)
    text = "minister"
    start = span_start("text")
    end = span_end("text")
