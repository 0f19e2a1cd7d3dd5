"""Read-side queries for actors: one place that knows what each view needs prefetched."""

from django.db.models import Prefetch, QuerySet

from actors.models import Actor, Affiliation
from balkanapi.querysets import count_of


def actor_list() -> QuerySet[Actor]:
    """Actors with their aliases, ready for list serialisation without N+1 queries."""
    return Actor.objects.prefetch_related("aliases")


def actor_detail() -> QuerySet[Actor]:
    """Actors with aliases, affiliations and how often they are quoted, mentioned and claim things.

    The counted models are reached through the reverse relations, so this app imports nothing from `articles`.
    """
    return (
        actor_list()
        .prefetch_related(Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")))
        .annotate(
            quote_count=_count_related("quotes"),
            mention_count=_count_related("mentions"),
            claim_count=_count_related("claims"),
            article_count=_count_related("mentions", distinct_field="article"),
        )
    )


def _count_related(relation: str, distinct_field: str = "pk"):
    reverse = Actor._meta.get_field(relation)
    return count_of(reverse.related_model.objects.all(), reverse.field.name, distinct_field)
