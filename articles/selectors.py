"""Read-side queries: what each endpoint needs joined or prefetched, so no view triggers N+1 queries."""

from django.db.models import F, Prefetch, QuerySet

from actors.models import Actor
from articles.models import Article, Claim, Mention, Outlet, Quote, QuoteGroup, SameStoryLink
from balkanapi.models import ReviewStatus
from balkanapi.querysets import count_of


def outlet_list() -> QuerySet[Outlet]:
    return Outlet.objects.select_related("language").annotate(article_count=count_of(Article.objects.all(), "outlet"))


def article_list() -> QuerySet[Article]:
    """Articles with outlet, authors, languages and topics, for list pages."""
    return (
        Article.objects.select_related("outlet", "syndicated_from")
        .prefetch_related(
            "authors",
            "languages",
            "topics",
        )
        .annotate(
            quote_count=count_of(Quote.objects.all(), "article"),
            claim_count=count_of(Claim.objects.all(), "article"),
        )
    )


def quote_queryset() -> QuerySet[Quote]:
    """Quotes with speaker, article, outlet, group and the actors they are about."""
    return Quote.objects.select_related(
        "speaker",
        "article",
        "article__outlet",
        "group",
        "language",
    ).prefetch_related("about")


def claim_queryset() -> QuerySet[Claim]:
    """Claims with claimant, article, outlet, source quote and subjects."""
    return Claim.objects.select_related(
        "claimant",
        "article",
        "article__outlet",
        "quote",
    ).prefetch_related("subjects")


def article_detail(show_drafts: bool = True) -> QuerySet[Article]:
    """Articles with everything extracted from them: quotes, claims, mentions and same-story links.

    Without `show_drafts`, quotes and claims nobody has verified yet are left out.
    """
    quotes = Quote.objects.select_related("speaker", "group", "language").prefetch_related("about")
    claims = Claim.objects.select_related("claimant").prefetch_related("subjects")
    if not show_drafts:
        quotes = quotes.filter(review_status=ReviewStatus.VERIFIED)
        claims = claims.filter(review_status=ReviewStatus.VERIFIED)
    return article_list().prefetch_related(
        Prefetch("quotes", queryset=quotes),
        Prefetch("claims", queryset=claims),
        Prefetch("mentions", queryset=Mention.objects.select_related("actor")),
        Prefetch("story_links", queryset=SameStoryLink.objects.select_related("to_article__outlet")),
    )


def quote_group_list() -> QuerySet[QuoteGroup]:
    return QuoteGroup.objects.select_related("speaker").annotate(quote_count=count_of(Quote.objects.all(), "group"))


def quote_group_detail() -> QuerySet[QuoteGroup]:
    return quote_group_list().prefetch_related(
        Prefetch("quotes", queryset=quote_queryset().order_by("article__published_on", "id")),
    )


def mentioned_actors(article: Article) -> list[Actor]:
    """Distinct actors mentioned in an article, most mentioned first (uses the prefetched mentions)."""
    counts: dict[int, tuple[Actor, int]] = {}
    for mention in article.mentions.all():
        actor, seen = counts.get(mention.actor_id, (mention.actor, 0))
        counts[mention.actor_id] = (actor, seen + 1)
    return [actor for actor, _seen in sorted(counts.values(), key=lambda pair: (-pair[1], pair[0].name))]


def article_published_on() -> F:
    """Expression for ordering quotes and claims by their article's publication date (`ordering=published_on`)."""
    return F("article__published_on")
