"""Read-side queries for actors: one place that knows what each view needs prefetched."""

from django.db.models import Count, Prefetch, QuerySet

from actors.models import Actor, Affiliation


def actor_list() -> QuerySet[Actor]:
    """Actors with their aliases, ready for list serialisation without N+1 queries."""
    return Actor.objects.prefetch_related("aliases")


def actor_detail() -> QuerySet[Actor]:
    """Actors with aliases, affiliations and how often they are quoted, mentioned and claim things.

    The counts use the reverse relations' names only, so this app imports nothing from `articles`.
    """
    return (
        actor_list()
        .prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
        )
        .annotate(
            quote_count=Count("quotes", distinct=True),
            mention_count=Count("mentions", distinct=True),
            claim_count=Count("claims", distinct=True),
            article_count=Count("mentions__article", distinct=True),
        )
    )
