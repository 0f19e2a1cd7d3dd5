"""Query filters for outlets, articles, quotes, quote groups and claims.

Naming contract: a relation filter takes slugs (`speaker=ana-petrovic`), its `…_id` twin takes
numeric ids; every relation filter accepts several comma-separated values (any of them matches).
Dates are inclusive: `published_after=2024-01-01` includes articles of 1 January 2024.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters

from actors.models import Actor
from articles.models import Article, Claim, Mention, Outlet, Quote, QuoteGroup, Topic
from balkanapi.api.filters import (
    ChoiceInFilter,
    FullTextSearchFilter,
    NumberInFilter,
    SearchTermsFilter,
    SlugInFilter,
    StrictBooleanFilter,
    UTCDateTimeFilter,
)
from balkanapi.models import ReviewStatus


def slugs(field: str, what: str, **kwargs) -> SlugInFilter:
    return SlugInFilter(
        field_name=f"{field}__slug", lookup_expr="in", help_text=f"{what}: slug(s), comma-separated.", **kwargs
    )


def ids(field: str, what: str, **kwargs) -> NumberInFilter:
    return NumberInFilter(
        field_name=f"{field}_id", lookup_expr="in", help_text=f"{what}: id(s), comma-separated.", **kwargs
    )


def published_after(field: str) -> filters.DateFilter:
    return filters.DateFilter(
        field_name=field, lookup_expr="gte", help_text="Published on or after this date (YYYY-MM-DD)."
    )


def published_before(field: str) -> filters.DateFilter:
    return filters.DateFilter(
        field_name=field, lookup_expr="lte", help_text="Published on or before this date (YYYY-MM-DD)."
    )


def updated_since() -> UTCDateTimeFilter:
    return UTCDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this ISO 8601 time."
    )


def review_status() -> ChoiceInFilter:
    return ChoiceInFilter(
        field_name="review_status", choices=ReviewStatus.choices, help_text="Review status(es), comma-separated."
    )


def actor_ids(slugs: list[str]) -> list[int]:
    """The ids of the actors with these slugs (unknown slugs match nothing)."""
    return list(Actor.objects.filter(slug__in=slugs).values_list("id", flat=True))


def codes_upper(queryset: QuerySet, field: str, values: list[str]) -> QuerySet:
    return queryset.filter(**{f"{field}__in": [value.upper() for value in values]})


class OutletFilter(filters.FilterSet):
    kind = ChoiceInFilter(choices=Outlet.Kind.choices, help_text="Outlet kind(s), comma-separated.")
    country = SlugInFilter(method="filter_country", help_text="ISO 3166-1 alpha-2 code(s), comma-separated.")
    language = SlugInFilter(field_name="language_id", lookup_expr="in", help_text="Primary language code(s).")
    q = SearchTermsFilter(field_name="name", help_text="Outlet name contains every word (case-insensitive).")
    updated_since = updated_since()

    class Meta:
        model = Outlet
        fields = []

    def filter_country(self, queryset, name, value):
        return codes_upper(queryset, "country", value)


class TopicFilter(filters.FilterSet):
    q = SearchTermsFilter(field_name="name", help_text="Topic name contains every word (case-insensitive).")
    updated_since = updated_since()

    class Meta:
        model = Topic
        fields = []


class ArticleFilter(filters.FilterSet):
    outlet = slugs("outlet", "Outlet")
    outlet_id = ids("outlet", "Outlet")
    language = SlugInFilter(
        method="filter_language",
        help_text="Contains text in any of these language codes (en, sq, sr …), comma-separated.",
    )
    published_after = published_after("published_on")
    published_before = published_before("published_on")
    topic = SlugInFilter(method="filter_topic", help_text="Topic: slug(s), comma-separated.")
    status = review_status()
    actor = SlugInFilter(method="filter_actor", help_text="Mentions any of these actors: slug(s), comma-separated.")
    actor_id = NumberInFilter(
        method="filter_actor_id", help_text="Mentions any of these actors: id(s), comma-separated."
    )
    speaker = SlugInFilter(method="filter_speaker", help_text="Quotes any of these actors: slug(s), comma-separated.")
    speaker_id = NumberInFilter(
        method="filter_speaker_id", help_text="Quotes any of these actors: id(s), comma-separated."
    )
    syndicated_from = slugs("syndicated_from", "Syndicated from outlet")
    q = FullTextSearchFilter()
    actor_all = SlugInFilter(
        method="filter_actor_all", help_text="Mentions all of these actors: slug(s), comma-separated."
    )
    updated_since = updated_since()

    class Meta:
        model = Article
        fields = []

    # Relation filters use EXISTS so an article matching several values appears once, without DISTINCT.
    def filter_language(self, queryset, name, value):
        through = Article.languages.through
        return queryset.filter(Exists(through.objects.filter(article=OuterRef("pk"), language_id__in=value)))

    def filter_topic(self, queryset, name, value):
        through = Article.topics.through
        return queryset.filter(Exists(through.objects.filter(article=OuterRef("pk"), topic__slug__in=value)))

    # Slugs are turned into ids first: with literal ids the planner sees how often each actor occurs (a
    # popular actor is then found by walking the newest articles) instead of guessing through a join.
    def filter_actor(self, queryset, name, value):
        return queryset.filter(Exists(Mention.objects.filter(article=OuterRef("pk"), actor_id__in=actor_ids(value))))

    def filter_actor_id(self, queryset, name, value):
        return queryset.filter(Exists(Mention.objects.filter(article=OuterRef("pk"), actor_id__in=value)))

    def filter_actor_all(self, queryset, name, value):
        for slug in value:
            ids = actor_ids([slug])
            queryset = queryset.filter(Exists(Mention.objects.filter(article=OuterRef("pk"), actor_id__in=ids)))
        return queryset

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(Exists(Quote.objects.filter(article=OuterRef("pk"), speaker_id__in=actor_ids(value))))

    def filter_speaker_id(self, queryset, name, value):
        return queryset.filter(Exists(Quote.objects.filter(article=OuterRef("pk"), speaker_id__in=value)))


class QuoteFilter(filters.FilterSet):
    speaker = SlugInFilter(method="filter_speaker", help_text="Speaker: slug(s), comma-separated.")
    speaker_id = ids("speaker", "Speaker")
    speaker_kind = ChoiceInFilter(
        field_name="speaker__kind", choices=Actor.Kind.choices, help_text="Speaker kind(s), comma-separated."
    )
    speaker_country = SlugInFilter(
        method="filter_speaker_country", help_text="Speaker country code(s) (ISO alpha-2), comma-separated."
    )
    about = SlugInFilter(method="filter_about", help_text="About any of these actors: slug(s), comma-separated.")
    about_id = NumberInFilter(method="filter_about_id", help_text="About any of these actors: id(s), comma-separated.")
    article = NumberInFilter(field_name="article_id", lookup_expr="in", help_text="Article id(s), comma-separated.")
    outlet = slugs("article__outlet", "Outlet")
    outlet_id = ids("article__outlet", "Outlet")
    language = SlugInFilter(field_name="language_id", lookup_expr="in", help_text="Language code(s) of the quote text.")
    direct = StrictBooleanFilter(field_name="is_direct", help_text="true: direct quotations; false: reported speech.")
    group = slugs("group", "Quote group")
    group_id = ids("group", "Quote group")
    published_after = published_after("article__published_on")
    published_before = published_before("article__published_on")
    review_status = review_status()
    q = FullTextSearchFilter()
    updated_since = updated_since()

    class Meta:
        model = Quote
        fields = []

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker_id__in=actor_ids(value))  # ids, for the planner (see ArticleFilter)

    def filter_speaker_country(self, queryset, name, value):
        return codes_upper(queryset, "speaker__country", value)

    def filter_about(self, queryset, name, value):
        through = Quote.about.through
        return queryset.filter(Exists(through.objects.filter(quote=OuterRef("pk"), actor__slug__in=value)))

    def filter_about_id(self, queryset, name, value):
        through = Quote.about.through
        return queryset.filter(Exists(through.objects.filter(quote=OuterRef("pk"), actor_id__in=value)))


class QuoteGroupFilter(filters.FilterSet):
    speaker = slugs("speaker", "Speaker")
    speaker_id = ids("speaker", "Speaker")
    q = SearchTermsFilter(field_name="label", help_text="Label contains every word (case-insensitive).")
    updated_since = updated_since()

    class Meta:
        model = QuoteGroup
        fields = []


class ClaimFilter(filters.FilterSet):
    claimant = SlugInFilter(
        method="filter_claimant",
        help_text="Claimant actor slug(s), comma-separated; 'article' selects claims the article itself makes.",
    )
    claimant_id = ids("claimant", "Claimant")
    claimant_kind = ChoiceInFilter(
        field_name="claimant__kind", choices=Actor.Kind.choices, help_text="Claimant kind(s)."
    )
    subject = SlugInFilter(method="filter_subject", help_text="About any of these actors: slug(s), comma-separated.")
    subject_id = NumberInFilter(
        method="filter_subject_id", help_text="About any of these actors: id(s), comma-separated."
    )
    kind = ChoiceInFilter(choices=Claim.Kind.choices, help_text="Claim kind(s), comma-separated.")
    has_number = StrictBooleanFilter(
        field_name="value",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: only claims with a numeric value; false: only without.",
    )
    status = ChoiceInFilter(
        field_name="verification_status",
        choices=Claim.Verification.choices,
        help_text="Verification status(es), comma-separated.",
    )
    review_status = review_status()
    article = NumberInFilter(field_name="article_id", lookup_expr="in", help_text="Article id(s), comma-separated.")
    outlet = slugs("article__outlet", "Outlet")
    outlet_id = ids("article__outlet", "Outlet")
    published_after = published_after("article__published_on")
    published_before = published_before("article__published_on")
    q = FullTextSearchFilter()
    updated_since = updated_since()

    class Meta:
        model = Claim
        fields = []

    def filter_claimant(self, queryset, name, value):
        by_article = Q(claimant__isnull=True) if "article" in value else Q(pk__in=[])
        return queryset.filter(Q(claimant__slug__in=[slug for slug in value if slug != "article"]) | by_article)

    def filter_subject(self, queryset, name, value):
        through = Claim.subjects.through
        return queryset.filter(Exists(through.objects.filter(claim=OuterRef("pk"), actor__slug__in=value)))

    def filter_subject_id(self, queryset, name, value):
        through = Claim.subjects.through
        return queryset.filter(Exists(through.objects.filter(claim=OuterRef("pk"), actor_id__in=value)))
