"""Query helpers shared by the apps' selectors."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
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
