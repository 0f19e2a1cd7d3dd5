"""Query filters for the actors API."""

from django_filters import rest_framework as filters

from actors.models import Actor
from balkanapi.api.filters import ChoiceInFilter, SearchTermsFilter, SlugInFilter, UTCDateTimeFilter


class ActorFilter(filters.FilterSet):
    kind = ChoiceInFilter(choices=Actor.Kind.choices, help_text="Actor kind(s), comma-separated.")
    country = SlugInFilter(
        method="filter_country",
        help_text="ISO 3166-1 alpha-2 code(s), comma-separated (XK for Kosovo).",
    )
    origin = filters.ChoiceFilter(
        choices=Actor.Origin.choices, help_text="Curated by staff or proposed by the pipeline."
    )
    review_status = ChoiceInFilter(choices=Actor._meta.get_field("review_status").choices)
    q = SearchTermsFilter(
        method="filter_q",
        help_text="Name or any alias contains every word, ignoring case, accents and script (Vucic finds Vučić).",
    )
    updated_since = UTCDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this ISO 8601 time."
    )

    class Meta:
        model = Actor
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=[code.upper() for code in value])

    def filter_q(self, queryset, name, terms):
        for term in terms:
            queryset = queryset.matching_name(term)
        return queryset
