"""Query helpers shared by the apps' selectors."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(related: QuerySet, link_field: str, distinct_field: str = "pk") -> Coalesce:
    """A correlated COUNT over `related` rows whose `link_field` points at the outer row.

    Unlike Count() over joins, several of these in one query do not multiply each other's rows.
    """
    counted = (
        related.filter(**{link_field: OuterRef("pk")})
        .order_by()
        .values(link_field)
        .annotate(total=Count(distinct_field, distinct=distinct_field != "pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Attribute prefix for to-many rows prefetched as plain lists (prefetch_lists).
LISTED_PREFIX = "listed_"


def prefetch_lists(*relations: str) -> list[Prefetch]:
    """Prefetches for list pages that keep each row's related objects as a plain list.

    Django's default prefetch gives every row a manager and a filtered queryset clone per relation: on a
    page of 50 rows with three relations that costs more CPU than the queries themselves. These store the
    rows in `listed_<relation>` instead, which `CompiledListSerializer` reads. DRF's own fields read the
    manager and would query again, so use them only for querysets a compiled list serializer renders.
    """
    return [Prefetch(relation, to_attr=LISTED_PREFIX + relation) for relation in relations]


def listed_path(path: str, relations: tuple[str, ...]) -> str:
    """A prefetch path that starts at a relation prefetched as a list goes through that list."""
    return LISTED_PREFIX + path if path.split("__", 1)[0] in relations else path
