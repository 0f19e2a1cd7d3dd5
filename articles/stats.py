"""Aggregations for charts: counts over time, top lists and actor co-mention networks.

Each takes an already filtered queryset (the list endpoints' filters apply unchanged) and returns
plain data; the API layer only validates parameters and serialises.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from actors.models import Actor
from articles.models import Article, Claim, Mention, Quote

INTERVALS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
# For each resource: where its date is, and what each group_by means (key path, label path).
DATE_FIELD = {Article: "published_on", Quote: "article__published_on", Claim: "article__published_on"}
GROUPS = {
    Article: {
        "outlet": ("outlet__slug", "outlet__name"),
        "topic": ("topics__slug", "topics__name"),
        "language": ("languages__code", "languages__name"),
        # Articles quoting each speaker.
        "speaker": ("quotes__speaker__slug", "quotes__speaker__name"),
    },
    Quote: {
        "outlet": ("article__outlet__slug", "article__outlet__name"),
        "speaker": ("speaker__slug", "speaker__name"),
        "topic": ("article__topics__slug", "article__topics__name"),
        "language": ("language__code", "language__name"),
    },
    Claim: {
        "outlet": ("article__outlet__slug", "article__outlet__name"),
        "speaker": ("claimant__slug", "claimant__name"),
        "topic": ("article__topics__slug", "article__topics__name"),
        "language": ("article__languages__code", "article__languages__name"),
    },
}
MAX_NETWORK_ARTICLES = 20_000


def timeline(queryset: QuerySet, interval: str, group_by: str | None) -> list[dict]:
    """Counts per period (and per group): [{key, label, points: [{period, count}]}], periods ascending."""
    model = queryset.model
    date_field = DATE_FIELD[model]
    rows = queryset.exclude(**{f"{date_field}__isnull": True}).order_by()
    trunc = INTERVALS[interval](date_field)
    if group_by:
        key_path, label_path = GROUPS[model][group_by]
        rows = rows.annotate(period=trunc, key=F(key_path), label=F(label_path)).exclude(key__isnull=True)
        data = rows.values("period", "key", "label").annotate(count=Count("pk", distinct=True))
    else:
        data = rows.annotate(period=trunc).values("period").annotate(count=Count("pk", distinct=True))
    series: dict[str, dict] = {}
    for row in data.order_by("period"):
        key = row.get("key", "all")
        entry = series.setdefault(key, {"key": key, "label": row.get("label", "All"), "total": 0, "points": []})
        period = row["period"]
        entry["points"].append({"period": period.isoformat() if period else None, "count": row["count"]})
        entry["total"] += row["count"]
    return sorted(series.values(), key=lambda entry: (-entry["total"], str(entry["key"])))


def top_speakers(quotes: QuerySet, limit: int) -> list[dict]:
    rows = (
        quotes.exclude(speaker=None)
        .order_by()
        .values("speaker_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "speaker_id")[:limit]
    )
    return _with_actors(rows, "speaker_id")


def top_mentioned(articles: QuerySet, limit: int) -> list[dict]:
    rows = (
        Mention.objects.filter(article__in=articles.order_by().values("pk"))
        .order_by()
        .values("actor_id")
        .annotate(count=Count("article_id", distinct=True))
        .order_by("-count", "actor_id")[:limit]
    )
    return _with_actors(rows, "actor_id", count_label="articles")


def top_outlets(articles: QuerySet, limit: int) -> list[dict]:
    rows = (
        articles.order_by()
        .values("outlet__id", "outlet__slug", "outlet__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "outlet__id")[:limit]
    )
    return [
        {"id": row["outlet__id"], "slug": row["outlet__slug"], "name": row["outlet__name"], "count": row["count"]}
        for row in rows
    ]


def _with_actors(rows, key: str, count_label: str = "count") -> list[dict]:
    rows = list(rows)
    actors = Actor.objects.in_bulk([row[key] for row in rows])
    result = []
    for row in rows:
        actor = actors[row[key]]
        result.append(
            {
                "id": actor.pk,
                "slug": actor.slug,
                "name": actor.name,
                "kind": actor.kind,
                "country": str(actor.country or ""),
                "count": row["count"],
            }
        )
    return result


def co_mentions(articles: QuerySet, min_weight: int, limit: int) -> dict:
    """Actors mentioned together: nodes (actors with article counts) and edges weighted by shared articles."""
    pairs = (
        Mention.objects.filter(article__in=articles.order_by().values("pk")[:MAX_NETWORK_ARTICLES])
        .order_by()
        .values_list("article_id", "actor_id")
        .distinct()
    )
    by_article: dict[int, set[int]] = defaultdict(set)
    for article_id, actor_id in pairs:
        by_article[article_id].add(actor_id)
    weights: Counter[tuple[int, int]] = Counter()
    degree: Counter[int] = Counter()
    for actors in by_article.values():
        degree.update(actors)
        weights.update(combinations(sorted(actors), 2))
    edges = [(a, b, w) for (a, b), w in weights.most_common() if w >= min_weight][:limit]
    ids = {actor for a, b, _w in edges for actor in (a, b)}
    actors = Actor.objects.in_bulk(ids)
    return {
        "nodes": [
            {
                "id": pk,
                "slug": actors[pk].slug,
                "name": actors[pk].name,
                "kind": actors[pk].kind,
                "articles": degree[pk],
            }
            for pk in sorted(ids, key=lambda pk: -degree[pk])
        ],
        "edges": [{"source": a, "target": b, "weight": w} for a, b, w in edges],
        "articles": len(by_article),
    }
